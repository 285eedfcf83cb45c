//! Typed errors of the store. Each message names the file and, where known, the place in it.

use std::path::PathBuf;

/// Why a file could not be opened as a project. The file is never modified on any of these.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}", crate::t!("open.not_found", path = path.display()))]
    NotFound { path: PathBuf },
    #[error("{}", crate::t!("open.unreadable", path = path.display(), reason = source))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", crate::t!("open.not_sqlite", path = path.display()))]
    NotSqlite { path: PathBuf },
    /// Reading the file (or creating its lock) is not permitted; `reason` is the system's.
    #[error("{}", crate::t!("open.permission", path = path.display(), reason = reason))]
    PermissionDenied { path: PathBuf, reason: String },
    /// Another program held a lock on the file for longer than the busy timeout.
    #[error("{}", crate::t!("open.in_use", path = path.display(), seconds = super::connection::BUSY_TIMEOUT.as_secs()))]
    InUse { path: PathBuf },
    #[error("{}", crate::t!("open.not_geopackage", path = path.display()))]
    NotGeoPackage { path: PathBuf },
    #[error("{}", crate::t!("open.not_ours", path = path.display()))]
    NotOurs { path: PathBuf },
    #[error("{}", crate::t!("open.newer", path = path.display(), found = found, supported = supported))]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}", crate::t!("open.needs_migration_read_only", path = path.display(), found = found, supported = supported))]
    ReadOnlyNeedsMigration {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}", crate::t!("open.corrupt", path = path.display(), reason = reason))]
    Corrupt { path: PathBuf, reason: String },
    #[error("{}", crate::t!("open.migration_failed", path = path.display(), backup = backup.display(), reason = reason))]
    MigrationFailed {
        path: PathBuf,
        backup: PathBuf,
        reason: String,
    },
}

impl OpenError {
    /// The error SQLite's `error` means while opening `path`: a lock held too long, a
    /// permission, a file that is not a database, else damage with SQLite's words.
    pub(super) fn from_sqlite(path: &std::path::Path, error: &rusqlite::Error) -> OpenError {
        let path = path.to_path_buf();
        if super::connection::is_busy(error) {
            return OpenError::InUse { path };
        }
        if super::connection::is_permission(error) {
            return OpenError::PermissionDenied {
                path,
                reason: error.to_string(),
            };
        }
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => OpenError::NotSqlite { path },
            _ => OpenError::Corrupt {
                path,
                reason: error.to_string(),
            },
        }
    }
}

/// Errors while reading or writing an open project.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", crate::t!("store.sqlite", path = path.display(), reason = source))]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}", crate::t!("store.read_only", path = path.display()))]
    ReadOnly { path: PathBuf },
    /// The file failed SQLite's `quick_check` when it was opened: it is never written.
    #[error("{}", crate::t!("store.damaged", path = path.display(), reason = reason))]
    Damaged { path: PathBuf, reason: String },
    /// Another program held a lock on the file for longer than the busy timeout.
    #[error("{}", crate::t!("store.in_use", path = path.display(), seconds = super::connection::BUSY_TIMEOUT.as_secs()))]
    InUse { path: PathBuf },
    /// The system refused to write the file or to create its journal beside it.
    #[error("{}", crate::t!("store.permission", path = path.display(), reason = reason))]
    PermissionDenied { path: PathBuf, reason: String },
    #[error("{}", crate::t!("store.bad_value", path = path.display(), table = table, row = row, column = column, value = value))]
    BadValue {
        path: PathBuf,
        table: &'static str,
        row: i64,
        column: &'static str,
        value: String,
    },
    #[error("{}", crate::t!("store.bad_geometry", path = path.display(), table = table, row = row, reason = reason))]
    BadGeometry {
        path: PathBuf,
        table: &'static str,
        row: i64,
        reason: String,
    },
    #[error("{}", crate::t!("store.missing", path = path.display(), what = what))]
    Missing { path: PathBuf, what: String },
    #[error("{}", crate::t!("store.exists", path = path.display()))]
    AlreadyExists { path: PathBuf },
    #[error("{}", crate::t!("store.duplicate", path = path.display(), what = what))]
    Duplicate { path: PathBuf, what: String },
    /// A row is no longer as a scenario's move found it; nothing was written.
    #[error("{}", crate::t!("store.conflict", path = path.display(), what = what))]
    Conflict { path: PathBuf, what: String },
    #[error("{}", crate::t!("store.io", path = path.display(), reason = source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StoreError {
    /// The error SQLite's `source` means for the open file `path`: a lock held too long and a
    /// refused permission are named as such, anything else keeps SQLite's words.
    pub(super) fn from_sqlite(path: &std::path::Path, source: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        if super::connection::is_busy(&source) {
            return StoreError::InUse { path };
        }
        // SQLite says "unable to open database file" when it cannot create the journal: a
        // permission problem when the system says the file or its folder may not be written.
        let cannot_open = source.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen);
        if super::connection::is_permission(&source)
            || (cannot_open && !super::open::may_write_file_and_folder(&path))
        {
            return StoreError::PermissionDenied {
                path,
                reason: source.to_string(),
            };
        }
        StoreError::Sqlite { path, source }
    }
}
