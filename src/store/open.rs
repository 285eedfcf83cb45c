//! Opening a project file: probe read-only first, then migrate (with a backup) or open.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _};

use super::schema::{APPLICATION, SCHEMA_VERSION};
use super::{OpenError, Store};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens a project file.
    ///
    /// The file is first probed through a read-only connection; a file that is not an
    /// officeplan GeoPackage, is newer than this build, or is damaged gives an [`OpenError`]
    /// and is left byte-for-byte as it was. A write-protected file opens read-only. An older
    /// schema is migrated forward after a backup copy `NAME.vN.bak` is written beside it.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        let path = path.to_path_buf();
        let metadata = std::fs::metadata(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                OpenError::NotFound { path: path.clone() }
            } else {
                OpenError::Unreadable {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        check_header(&path, metadata.len())?;
        let read_only = metadata.permissions().readonly();
        let found = {
            let probe = open_connection(&path, true)?;
            probe_schema(&path, &probe)?
        };
        if found > SCHEMA_VERSION {
            return Err(OpenError::NewerSchema {
                path,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if read_only {
            if found < SCHEMA_VERSION {
                return Err(OpenError::ReadOnlyNeedsMigration {
                    path,
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            let conn = open_connection(&path, true)?;
            return Ok(Store {
                conn,
                path,
                read_only: true,
                migrated_from: None,
            });
        }
        let mut migrated_from = None;
        if found < SCHEMA_VERSION {
            let backup = backup_path(&path, found);
            migrate(&path, found, &backup)?;
            migrated_from = Some((found, backup));
        }
        let conn = open_connection(&path, false)?;
        configure_writer(&path, &conn)?;
        Ok(Store {
            conn,
            path,
            read_only: false,
            migrated_from,
        })
    }
}

/// Checks the 100-byte SQLite header: the magic string and that the file holds every page
/// the header says it has (a truncated copy fails here, before SQLite touches it).
fn check_header(path: &Path, len: u64) -> Result<(), OpenError> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|source| OpenError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let mut filled = 0;
    while filled < header.len() {
        let n = file
            .read(header.get_mut(filled..).unwrap_or_default())
            .map_err(|source| OpenError::Unreadable {
                path: path.to_path_buf(),
                source,
            })?;
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
    let be_u32 = |at: usize| -> u32 {
        header
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_be_bytes)
    };
    let page_size = match header.get(16..18).map(|b| u16::from_be_bytes([b[0], b[1]])) {
        Some(1) => 65_536u64,
        Some(n) if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => {
            return Err(OpenError::NotSqlite {
                path: path.to_path_buf(),
            });
        }
    };
    // The in-header page count is valid only when "version-valid-for" equals the change counter.
    let page_count = u64::from(be_u32(28));
    if be_u32(92) == be_u32(24) && page_count > 0 {
        let expected = page_count * page_size;
        if len < expected {
            return Err(OpenError::Truncated {
                path: path.to_path_buf(),
                actual: len,
                expected,
            });
        }
    }
    Ok(())
}

fn open_connection(path: &Path, read_only: bool) -> Result<Connection, OpenError> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))
}

fn classify(path: &Path, error: rusqlite::Error) -> OpenError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => OpenError::NotSqlite {
            path: path.to_path_buf(),
        },
        _ => OpenError::Corrupt {
            path: path.to_path_buf(),
            reason: error.to_string(),
        },
    }
}

/// Finds out whether the file is an officeplan GeoPackage and which schema it has.
fn probe_schema(path: &Path, conn: &Connection) -> Result<i64, OpenError> {
    let table_exists = |name: &str| -> Result<bool, OpenError> {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |row| row.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| classify(path, e))
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
        .map_err(|e| classify(path, e))
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

pub(super) fn configure_writer(path: &Path, conn: &Connection) -> Result<(), OpenError> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
    )
    .map_err(|e| classify(path, e))
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

/// Copies the file to `backup` (through SQLite, so a pending WAL is included), then runs
/// the missing steps in one transaction.
fn migrate(path: &Path, found: i64, backup: &Path) -> Result<(), OpenError> {
    let failed = |reason: String| OpenError::MigrationFailed {
        path: path.to_path_buf(),
        backup: backup.to_path_buf(),
        reason,
    };
    {
        let source = open_connection(path, true)?;
        source
            .backup(
                rusqlite::MAIN_DB,
                backup,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| failed(e.to_string()))?;
    }
    let mut conn = open_connection(path, false)?;
    configure_writer(path, &conn)?;
    let tx = conn.transaction().map_err(|e| failed(e.to_string()))?;
    super::create::run_steps(&tx, found).map_err(|e| failed(e.to_string()))?;
    tx.commit().map_err(|e| failed(e.to_string()))
}
