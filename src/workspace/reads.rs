//! What the faces read of the open file besides the index and the floor plans: the file's
//! place, its scanned plans, the rooms and seats of a floor as stored, the organisation, the
//! whole project. Reads only: every write goes through [`Workspace::apply`].

use std::path::{Path, PathBuf};

use super::{Workspace, WorkspaceError};
use crate::model::{Organisation, Project, ProjectSettings, Region, Room, RoomKey, Uuid};
use crate::store::{CreateOptions, Seat, Store, UnderlayRecord};

impl Workspace {
    /// Writes a new project file for `project` (文件 → 新建, `sample`, `generate`): under a
    /// temporary name, renamed into place, so a failure leaves no file.
    pub fn create_file(
        path: &Path,
        project: &Project,
        options: CreateOptions,
    ) -> Result<(), WorkspaceError> {
        drop(Store::create(path, project, options)?);
        Ok(())
    }

    /// Writes a new project file for `project` and opens it.
    pub fn create(
        path: &Path,
        project: &Project,
        options: CreateOptions,
    ) -> Result<Self, WorkspaceError> {
        Self::create_file(path, project, options)?;
        Self::open(path)
    }

    /// A file's index (sites, buildings, floors and their room totals) for a report that
    /// reads nothing else (`summary`), with the notices about the file: read from the
    /// per-floor totals without opening the file as its writer (see [`Store::open_to_read`]),
    /// so a province-sized file is summed in a fraction of a second. A file that needs a
    /// migration is opened as [`Workspace::open`] opens it (migrated, with its backup, and
    /// checked); its notices say so.
    pub fn read_index(
        path: &Path,
    ) -> Result<(crate::store::ProjectIndex, Vec<String>), WorkspaceError> {
        match Store::open_to_read(path)? {
            Some(store) => Ok((store.load_index()?, Vec::new())),
            None => {
                let workspace = Self::open(path)?;
                let notices = workspace.file_notices();
                Ok((workspace.index, notices))
            }
        }
    }

    /// The open file's path.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The schema version the file had and the backup made, if opening migrated it.
    pub fn migrated_from(&self) -> Option<&(i64, PathBuf)> {
        self.store.migrated_from()
    }

    /// Writes a consistent copy of the file to `path` (另存为); the open file is unchanged
    /// and stays open. Open the copy with [`Workspace::open`].
    pub fn save_as(&self, path: &Path) -> Result<(), WorkspaceError> {
        drop(self.store.save_as(path)?);
        Ok(())
    }

    /// A floor's scanned plan (底图) as stored, if it has one.
    pub fn underlay(&self, floor: &Uuid) -> Result<Option<UnderlayRecord>, WorkspaceError> {
        Ok(self.store.load_underlay(floor)?)
    }

    /// A floor's rooms as the file has them (the baseline, not a scenario's occupancy; not
    /// the floor cache), for edits that compute a floor's new room list.
    pub fn stored_floor_rooms(&self, floor: &Uuid) -> Result<Vec<Room>, WorkspaceError> {
        Ok(self.store.load_floor_rooms(floor)?)
    }

    /// Who sits in which room of a floor, as the file has it.
    pub fn stored_floor_seats(&self, floor: &Uuid) -> Result<Vec<Seat>, WorkspaceError> {
        Ok(self.store.load_floor_seats(floor)?)
    }

    /// Units, posts, persons and occupancy as the file has them (a workbook import compares
    /// against this).
    pub fn organisation(&self) -> Result<Organisation, WorkspaceError> {
        Ok(self.store.load_organisation()?)
    }

    /// Every room's key (building, floor, number), to resolve a workbook's room references.
    pub fn room_keys(&self) -> Result<Vec<RoomKey>, WorkspaceError> {
        Ok(self.store.load_room_keys()?)
    }

    /// The file's settings (standard set, province, overrides, statistics date).
    pub fn settings(&self) -> Result<ProjectSettings, WorkspaceError> {
        Ok(self.store.load_settings()?)
    }

    /// The region (行政区划) the file covers, if recorded.
    pub fn region(&self) -> Result<Option<Region>, WorkspaceError> {
        Ok(self.store.load_region()?)
    }

    /// The whole baseline project as the file has it (every room: seconds for a province).
    pub fn load_project(&self) -> Result<Project, WorkspaceError> {
        Ok(self.store.load_project()?)
    }

    /// Every region of the file, its own first (a provincial file: its province, then each
    /// merged county with its parent's code). Compounds and units name theirs
    /// (`Site::region`, `Unit::region`; `None` is the file's own).
    pub fn regions(&self) -> Result<Vec<Region>, WorkspaceError> {
        Ok(self.store.load_regions()?)
    }
}
