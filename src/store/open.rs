//! Opening a project file: find out what the place allows, probe the file (ours? which
//! schema? whole?), then migrate (with a backup), set aside dangling links, and become the
//! writer — or stay read-only without having written anything.
//!
//! What SQLite can open and `quick_check` passes is opened: there is no check of our own on
//! the file's length or header beyond the magic string, because SQLite's recovery (rolling
//! back a journal left by a killed write) is what makes such a file whole again.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension as _};

use super::connection::{self, Access};
use super::schema::{APPLICATION, SCHEMA_VERSION};
use super::{OpenError, SetAside, Store};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Byte 18 of the SQLite header: the file format write version, 2 when in WAL mode.
const HEADER_WRITE_VERSION: usize = 18;

impl Store {
    /// Opens a project file.
    ///
    /// A file that is not an officeplan GeoPackage, or is newer than this build, gives an
    /// [`OpenError`] and is left byte-for-byte as it was, with nothing created beside it. A
    /// file that is write-protected or lies in a folder that cannot be written opens
    /// read-only without any write attempt; a damaged one (SQLite's `quick_check` fails)
    /// opens read-only with the reason ([`Store::damage`]). A lock held by another program
    /// is waited for ([`super::BUSY_TIMEOUT`]), then reported as [`OpenError::InUse`]. An
    /// older schema is migrated forward after a backup copy `NAME.vN.bak` is written beside
    /// it. A file left in WAL mode by an older version is switched to the rollback journal.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        let path = path.to_path_buf();
        let access = access_for(&path)?;
        let sqlite = |e: rusqlite::Error| OpenError::from_sqlite(&path, &e);
        let mut conn = connection::connect(&path, access).map_err(sqlite)?;
        if access == Access::ReadWrite {
            // The probe only reads; SQLite may still roll back a journal left by a killed
            // write, which is what makes the file whole.
            conn.execute_batch("PRAGMA query_only = 1")
                .map_err(sqlite)?;
        }
        let found = supported_schema(&path, &conn)?;
        if let Some(reason) = quick_check(&path, &conn)? {
            if found < SCHEMA_VERSION {
                return Err(OpenError::Corrupt { path, reason });
            }
            if access == Access::ReadWrite {
                // Reopened read-only, so nothing (not even SQLite) writes to a damaged file.
                drop(conn);
                conn = connection::connect(&path, Access::ReadOnly).map_err(sqlite)?;
            }
            return Ok(Store {
                conn,
                path,
                read_only: true,
                migrated_from: None,
                damage: Some(reason),
                set_aside: SetAside::default(),
                merge_batch: None,
                checks: None,
            });
        }
        if access != Access::ReadWrite {
            if found < SCHEMA_VERSION {
                return Err(OpenError::ReadOnlyNeedsMigration {
                    path,
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            let set_aside = super::orphans::count(&conn).map_err(sqlite)?;
            return Ok(Store {
                conn,
                path,
                read_only: true,
                migrated_from: None,
                damage: None,
                set_aside,
                merge_batch: None,
                checks: None,
            });
        }
        conn.execute_batch("PRAGMA query_only = 0")
            .map_err(sqlite)?;
        let mut migrated_from = None;
        if found < SCHEMA_VERSION {
            let backup = backup_path(&path, found);
            migrate(&path, &mut conn, found, &backup)?;
            migrated_from = Some((found, backup));
        }
        connection::configure_writer(&conn).map_err(sqlite)?;
        let set_aside = super::orphans::set_aside(&mut conn).map_err(sqlite)?;
        Ok(Store {
            conn,
            path,
            read_only: false,
            migrated_from,
            damage: None,
            set_aside,
            merge_batch: None,
            checks: None,
        })
    }
}

impl Store {
    /// Opens a project file to read, as a report that reads the index and nothing else
    /// does (`summary`): without the whole-file passes that [`Store::open`] makes before it
    /// becomes the writer (SQLite's `quick_check`, the search for dangling links), each of
    /// which reads a 1M-room file from end to end. Nothing is written and writes are refused;
    /// SQLite may still roll back a journal left by a killed write, which is what makes the
    /// file whole. Damage found while reading is an error naming the file.
    ///
    /// `None` when the file needs a migration: open it with [`Store::open`], which migrates
    /// it (with its backup) and checks it.
    pub fn open_to_read(path: &Path) -> Result<Option<Store>, OpenError> {
        let path = path.to_path_buf();
        let access = access_for(&path)?;
        let sqlite = |e: rusqlite::Error| OpenError::from_sqlite(&path, &e);
        let conn = connection::connect(&path, access).map_err(sqlite)?;
        conn.execute_batch("PRAGMA query_only = 1")
            .map_err(sqlite)?;
        let found = supported_schema(&path, &conn)?;
        if found < SCHEMA_VERSION {
            return Ok(None);
        }
        Ok(Some(Store {
            conn,
            path,
            read_only: true,
            migrated_from: None,
            damage: None,
            set_aside: SetAside::default(),
            merge_batch: None,
            checks: None,
        }))
    }
}

/// How the file may be opened: read-write where this process may write the file and its
/// folder; else read-only, without locks where nothing can write (or there is no WAL content
/// to read), so SQLite creates no -shm that would later make the file unwritable. A file
/// without the SQLite magic string is refused here.
pub(super) fn access_for(path: &Path) -> Result<Access, OpenError> {
    let metadata = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    let header = read_header(path)?;
    let place = Place::of(path, &metadata);
    let in_wal_mode = header.get(HEADER_WRITE_VERSION) == Some(&2);
    Ok(if place.file_writable && place.folder_writable {
        Access::ReadWrite
    } else if !place.folder_writable || (in_wal_mode && !side_file(path, "-wal").exists()) {
        Access::Immutable
    } else {
        Access::ReadOnly
    })
}

/// Whether the file's header says WAL mode (left so by an older version or another program).
pub(super) fn left_in_wal_mode(path: &Path) -> Result<bool, OpenError> {
    Ok(read_header(path)?.get(HEADER_WRITE_VERSION) == Some(&2))
}

/// An I/O error on the file itself, by kind.
fn io_error(path: &Path, source: std::io::Error) -> OpenError {
    match source.kind() {
        std::io::ErrorKind::NotFound => OpenError::NotFound {
            path: path.to_path_buf(),
        },
        std::io::ErrorKind::PermissionDenied => OpenError::PermissionDenied {
            path: path.to_path_buf(),
            reason: source.to_string(),
        },
        _ => OpenError::Unreadable {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Reads the 100-byte SQLite header; a file without the SQLite magic string (a text file, an
/// empty file) is refused before SQLite sees it.
fn read_header(path: &Path) -> Result<[u8; 100], OpenError> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut filled = 0;
    while filled < header.len() {
        let n = file
            .read(header.get_mut(filled..).unwrap_or_default())
            .map_err(|e| io_error(path, e))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    if filled < header.len() || header.get(..16) != Some(SQLITE_MAGIC.as_slice()) {
        return Err(OpenError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    Ok(header)
}

/// What may be written where the file lies. The rollback journal is a file created beside
/// the project, so writing needs the folder as well as the file.
struct Place {
    file_writable: bool,
    folder_writable: bool,
}

impl Place {
    fn of(path: &Path, metadata: &std::fs::Metadata) -> Place {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // The permission bits first: a write-protected file or folder is read-only even for
        // an administrator, who could write it anyway.
        let folder_protected = std::fs::metadata(&folder)
            .map(|m| m.permissions().readonly())
            .unwrap_or(true);
        Place {
            file_writable: !metadata.permissions().readonly() && may_write(path),
            folder_writable: !folder_protected && may_write(&folder),
        }
    }
}

/// Whether this process may write `path` and create its journal beside it, by the same
/// rules as [`Store::open`] (for naming a failed write).
pub(super) fn may_write_file_and_folder(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| {
        let place = Place::of(path, &metadata);
        place.file_writable && place.folder_writable
    })
}

/// Whether this process may write `path` (the system's answer: ownership, groups, a
/// read-only mount), asked without writing anything.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn may_write(_path: &Path) -> bool {
    true
}

/// `path` with `suffix` appended to its file name (`-wal`, `-journal`).
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file's schema ([`probe_schema`]), refused when it is newer than this build's.
pub(super) fn supported_schema(path: &Path, conn: &Connection) -> Result<i64, OpenError> {
    let found = probe_schema(path, conn)?;
    if found > SCHEMA_VERSION {
        return Err(OpenError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

/// Finds out whether the file is an officeplan GeoPackage and which schema it has.
pub(super) fn probe_schema(path: &Path, conn: &Connection) -> Result<i64, OpenError> {
    let sqlite = |e: rusqlite::Error| OpenError::from_sqlite(path, &e);
    let table_exists = |name: &str| -> Result<bool, OpenError> {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |row| row.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(sqlite)
    };
    if !table_exists("gpkg_contents")? {
        return Err(OpenError::NotGeoPackage {
            path: path.to_path_buf(),
        });
    }
    if !table_exists("officeplan_meta")? {
        return Err(OpenError::NotOurs {
            path: path.to_path_buf(),
        });
    }
    let meta = |key: &str| -> Result<Option<String>, OpenError> {
        conn.query_row(
            "SELECT value FROM officeplan_meta WHERE key = ?1",
            [key],
            |row| row.get::<_, String>(0),
        )
        .optional()
        .map_err(sqlite)
    };
    if meta("application")?.as_deref() != Some(APPLICATION) {
        return Err(OpenError::NotOurs {
            path: path.to_path_buf(),
        });
    }
    let version = meta("schema_version")?;
    version
        .as_deref()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v >= 1)
        .ok_or_else(|| OpenError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("schema_version = {version:?}"),
        })
}

/// SQLite's `quick_check`: `None` when the file is whole, else the first problems it names.
/// A check that cannot even run (a page it cannot read) is damage too; a lock is not.
pub(super) fn quick_check(path: &Path, conn: &Connection) -> Result<Option<String>, OpenError> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA quick_check(5)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    };
    match run() {
        Ok(lines) if lines.len() == 1 && lines.first().is_some_and(|l| l == "ok") => Ok(None),
        Ok(lines) => Ok(Some(lines.join("; "))),
        Err(e) if connection::is_busy(&e) => Err(OpenError::InUse {
            path: path.to_path_buf(),
        }),
        Err(e) => Ok(Some(e.to_string())),
    }
}

fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    let mut candidate = path.with_file_name(&name);
    let mut n = 1;
    while candidate.exists() {
        let mut numbered = name.clone();
        numbered.push(format!(".{n}"));
        candidate = path.with_file_name(numbered);
        n += 1;
    }
    candidate
}

/// Copies the file to `backup` (through SQLite, so the copy is a consistent snapshot), then
/// runs the missing steps in one transaction. Foreign keys are off while the steps run: a
/// step may rebuild a table (drop and rename), which must not cascade to the rows pointing
/// at it.
fn migrate(path: &Path, conn: &mut Connection, found: i64, backup: &Path) -> Result<(), OpenError> {
    let failed = |e: rusqlite::Error| {
        if connection::is_busy(&e) {
            OpenError::InUse {
                path: path.to_path_buf(),
            }
        } else {
            OpenError::MigrationFailed {
                path: path.to_path_buf(),
                backup: backup.to_path_buf(),
                reason: e.to_string(),
            }
        }
    };
    conn.backup(
        rusqlite::MAIN_DB,
        backup,
        None::<fn(rusqlite::backup::Progress)>,
    )
    .map_err(failed)?;
    conn.execute_batch("PRAGMA foreign_keys = OFF")
        .map_err(failed)?;
    let tx = conn.transaction().map_err(failed)?;
    super::create::run_steps(&tx, found).map_err(failed)?;
    // Step 12 leaves every floor stale: measured once here, so the migrated file opens light.
    super::floor_totals::refresh(&tx).map_err(failed)?;
    tx.commit().map_err(failed)
}
