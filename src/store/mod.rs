//! The only module with SQL: the project file as a GeoPackage 1.3 database.
//!
//! Opening never modifies a file that is not ours, is newer than this build, is damaged, or
//! lies where it cannot be written. Every write runs in one transaction (`BEGIN IMMEDIATE`,
//! rollback journal: the file alone holds every committed write). See `schema` for the
//! tables, `connection` for how every connection is set up.

mod approval;
pub mod blob;
mod connection;
mod construction;
mod create;
mod edit;
mod error;
mod floor_edit;
mod floor_remove;
mod floor_rooms;
mod floor_totals;
mod geometry;
pub mod gpkg_functions;
mod inventory;
mod inventory_rows;
mod load;
mod merge;
mod merge_batch;
mod merge_changes;
mod merge_diff;
mod merge_first;
mod merge_ids;
mod merge_sets;
mod merge_tables;
mod open;
mod open_checks;
mod operator;
mod organisation;
mod orphans;
mod room_batch;
mod room_rows;
mod room_stream;
mod scenario;
pub mod schema;
mod schema_approvals;
mod schema_floor_totals;
mod schema_projects;
mod schema_province;
mod schema_ranks;
mod schema_v5;
mod schema_v6;
mod schema_v7;
mod search;
mod settings;
mod submission;
mod underlay;
mod watch;

use std::path::{Path, PathBuf};

pub use connection::BUSY_TIMEOUT;
pub use create::CreateOptions;
pub use edit::{ChangeEntry, ChangeRecord, RoomPatch, RoomUpsert, UpsertOutcome};
pub use error::{OpenError, StoreError};
pub use floor_edit::{FloorContents, FloorFill, FloorsWrite};
pub use floor_rooms::Seat;
pub use geometry::GeometryFinding;
pub use inventory::RegionSettings;
pub use inventory_rows::{InventoryRoot, InventoryRows};
pub use load::{BuildingEntry, FloorEntry, ProjectIndex, SiteEntry};
pub use merge::{MergeConflict, MergeOutcome, MergeRequest, PendingDeletion, SubmissionBase};
pub use operator::current_user;
pub use orphans::SetAside;
pub use room_batch::RoomAttributes;
pub use room_stream::FileTree;
pub use scenario::{ScenarioInfo, ScenarioRecord};
pub use underlay::UnderlayRecord;

pub use search::{HitKind, Occupant, SearchHit};
pub use settings::STANDARD_OVERRIDES;
pub use submission::{PackageCounts, PackageSchema};

/// An open project file.
pub struct Store {
    conn: rusqlite::Connection,
    path: PathBuf,
    read_only: bool,
    /// Set when opening migrated the file: where the copy of the old version was kept.
    migrated_from: Option<(i64, PathBuf)>,
    /// Why the file is damaged (SQLite's `quick_check`), when it is: it is then read-only.
    damage: Option<String>,
    /// Links to deleted rows found when the file was opened (see [`SetAside`]).
    set_aside: SetAside,
    /// The open batch of merges, one transaction ([`Store::begin_merge_batch`]).
    merge_batch: Option<merge_batch::MergeBatch>,
    /// The whole-file checks of an open that run in the background, until settled
    /// ([`Store::open_checking_in_background`]).
    checks: Option<open_checks::PendingChecks>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .field("damage", &self.damage)
            .finish()
    }
}

impl Store {
    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was opened read-only (it or its folder is write-protected, or it is
    /// damaged); writes are refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Why the file is damaged, if SQLite's `quick_check` failed when it was opened; such a
    /// file is open read-only and never written.
    pub fn damage(&self) -> Option<&str> {
        self.damage.as_deref()
    }

    /// Link rows (a room's units and persons, a person's units …) whose room, unit or person
    /// another program deleted, found when the file was opened: set aside into
    /// `officeplan_orphan_links` with a change-log line when the file is writable, only
    /// counted when it is read-only. Never attached to anything.
    pub fn set_aside(&self) -> &SetAside {
        &self.set_aside
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
        StoreError::from_sqlite(&self.path, source)
    }

    /// Refuses a write to a damaged or read-only file; first waits for the whole-file checks
    /// of the open if they run in the background (a damaged file is never written).
    fn ensure_writable(&mut self) -> Result<(), StoreError> {
        self.settle_checks()?;
        if let Some(reason) = &self.damage {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                reason: reason.clone(),
            });
        }
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
    move |source| StoreError::from_sqlite(path, source)
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
