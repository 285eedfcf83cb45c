//! The one way a connection to a project file is made: the busy timeout is set before any
//! statement, the GeoPackage SQL functions are registered (the R-tree triggers of QGIS, GDAL
//! and our own call them on every write), and write transactions take the write lock at
//! BEGIN so that concurrent writers wait for each other instead of failing.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// How long a statement waits for another program's lock before giving up (then the file
/// is reported as in use by another program).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How a connection may touch the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Access {
    /// Reads and writes (and SQLite's own recovery of an interrupted write).
    ReadWrite,
    /// Reads only; SQLite takes shared locks and creates nothing beside the file.
    ReadOnly,
    /// Reads only, without locks or side files: for places nothing can write to (a
    /// read-only folder), where SQLite could create neither a lock nor a journal.
    Immutable,
}

/// Opens a connection to `path` and prepares it (see the module comment).
pub(super) fn connect(path: &Path, access: Access) -> rusqlite::Result<Connection> {
    let base = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = match access {
        Access::ReadWrite => {
            Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_WRITE)?
        }
        Access::ReadOnly => Connection::open_with_flags(
            file_uri(path, "mode=ro"),
            base | OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?,
        Access::Immutable => Connection::open_with_flags(
            file_uri(path, "mode=ro&immutable=1"),
            base | OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?,
    };
    prepare(conn)
}

/// Sets up a connection opened elsewhere (the temporary file of [`Store::create`]).
///
/// [`Store::create`]: super::Store::create
pub(super) fn prepare(mut conn: Connection) -> rusqlite::Result<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    super::gpkg_functions::register(&conn)?;
    Ok(conn)
}

/// Makes a read-write connection the project's writer: foreign keys on, the rollback journal
/// (so the file alone holds every committed write: a copy taken at any moment is whole),
/// and a full sync at each commit (the rollback journal's guarantee against power loss).
/// A file left in WAL mode by an older version is switched here; if another program holds
/// it open in WAL mode the switch waits for a later open and the file stays as it was.
///
/// Statement journals stay in memory (`temp_store = MEMORY`): every INSERT that fires the
/// GeoPackage R-tree and floor-total triggers opens one, and on disk each wrote its pages to
/// a temporary file — 43 % of a 10,000-room DXF import's time went to those writes. They
/// are undo copies for one statement (or one merge savepoint), not the file's data: the
/// rollback journal that keeps the file whole on a crash is unchanged.
pub(super) fn configure_writer(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;",
    )?;
    match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    }) {
        Ok(_) => Ok(()),
        // Another connection has the file open in WAL mode: it cannot be switched now.
        Err(e) if is_busy(&e) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
pub(super) fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Whether SQLite could not write or create a file (the journal beside the project, the
/// project itself) for lack of permission.
pub(super) fn is_permission(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied)
    )
}

/// A `file:` URI for `path` with `query`, percent-encoding what a URI cannot hold (SQLite
/// decodes `%HH` in the path; `?` and `#` would end it).
fn file_uri(path: &Path, query: &str) -> String {
    let text = path.to_string_lossy();
    let mut uri = String::with_capacity(text.len() + query.len() + 8);
    uri.push_str("file:");
    for ch in text.chars() {
        match ch {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", u32::from(ch))),
            _ => uri.push(ch),
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_what_would_end_the_path() {
        assert_eq!(
            file_uri(Path::new("/tmp/a?b#c%d.gpkg"), "mode=ro"),
            "file:/tmp/a%3Fb%23c%25d.gpkg?mode=ro"
        );
        assert_eq!(
            file_uri(Path::new("/tmp/示范县.gpkg"), "mode=ro"),
            "file:/tmp/示范县.gpkg?mode=ro"
        );
    }
}
