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
    #[error("{}", crate::t!("open.truncated", path = path.display(), actual = actual, expected = expected))]
    Truncated {
        path: PathBuf,
        actual: u64,
        expected: u64,
    },
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
