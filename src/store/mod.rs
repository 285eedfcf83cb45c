//! The only module with SQL: the project file as a GeoPackage 1.3 database.
//!
//! Opening never modifies a file that is not ours, is newer than this build, or is
//! read-only. Every write runs in one transaction. See `schema` for the tables.

pub mod blob;
mod create;
mod edit;
mod error;
mod floor_rooms;
mod geometry;
mod load;
mod open;
mod organisation;
mod room_rows;
mod scenario;
pub mod schema;
mod search;
mod settings;
mod underlay;
mod watch;

use std::path::{Path, PathBuf};

pub use create::CreateOptions;
pub use edit::{ChangeEntry, ChangeRecord, RoomPatch, RoomUpsert, UpsertOutcome};
pub use error::{OpenError, StoreError};
pub use floor_rooms::Seat;
pub use geometry::GeometryFinding;
pub use load::{BuildingEntry, FloorEntry, ProjectIndex, SiteEntry};
pub use scenario::{SCENARIO_ACTION_PREFIX, ScenarioInfo};
pub use underlay::UnderlayRecord;

/// The change-log actions of underlays start with this: a scanned plan is not inventory, so
/// it does not make scenarios stale.
pub const UNDERLAY_ACTION_PREFIX: &str = "underlay.";
pub use search::{HitKind, Occupant, SearchHit};
pub use settings::STANDARD_OVERRIDES;

/// An open project file.
pub struct Store {
    conn: rusqlite::Connection,
    path: PathBuf,
    read_only: bool,
    /// Set when opening migrated the file: where the copy of the old version was kept.
    migrated_from: Option<(i64, PathBuf)>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl Store {
    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was opened read-only (it is write-protected); writes are refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Writes a consistent copy of the file to `path` (a temporary file renamed into place,
    /// so a failure leaves nothing half-written) and returns the copy, opened.
    pub fn save_as(&self, path: &Path) -> Result<Store, StoreError> {
        if path.exists() && same_file(path, &self.path) {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        create::write_into_place(path, |temp| {
            self.conn
                .execute("VACUUM INTO ?1", [temp.to_string_lossy()])
                .map(drop)
                .map_err(|e| self.sql_error(e))
        })
    }

    /// The schema version the file had and the backup made, if opening migrated it.
    pub fn migrated_from(&self) -> Option<&(i64, PathBuf)> {
        self.migrated_from.as_ref()
    }

    fn sql_error(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn ensure_writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            Err(StoreError::ReadOnly {
                path: self.path.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// Runs `body` in one transaction, adds `record` to the change log and commits. A
    /// read-only file refuses; any failure rolls everything back. `body` gets the transaction
    /// and this file's path (for errors, see [`sql_error`]).
    fn write_in_transaction<T>(
        &mut self,
        record: &ChangeRecord,
        body: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.ensure_writable()?;
        let path = self.path.clone();
        let sql = sql_error(&path);
        let tx = self.conn.transaction().map_err(&sql)?;
        let value = body(&tx, &path)?;
        edit::log_change(&tx, record).map_err(&sql)?;
        tx.commit().map_err(&sql)?;
        Ok(value)
    }

    /// A meta value (`officeplan_meta`).
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension as _;
        self.conn
            .query_row(
                "SELECT value FROM officeplan_meta WHERE key = ?1",
                [key],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.sql_error(e))
    }
}

/// Maps a SQLite error to a [`StoreError`] that names `path`.
fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// The name of the person at the keyboard, for the change log.
pub fn current_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The bundled sample written to `dir/sample.gpkg`, with the project it was built from
/// (the setup of the store's and the app's unit tests).
#[cfg(test)]
pub(crate) fn sample_store(dir: &Path) -> (crate::model::Project, Store) {
    use crate::io::sample::{SampleSource, build_project};
    let project = build_project(&SampleSource::Embedded).expect("sample");
    let store = Store::create(&dir.join("sample.gpkg"), &project, CreateOptions::default())
        .expect("create the sample");
    (project, store)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
