//! The open project: the store, its loaded index, floor plans loaded on demand, and the one
//! door for changes ([`Edit`]) with undo and redo.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::analysis::room_area;
use crate::model::{Floor, Organisation, Room, Uuid};
use crate::store::{
    ChangeRecord, OpenError, ProjectIndex, RoomPatch, Store, StoreError, UpsertOutcome,
};

/// Why a workspace operation failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", crate::t!("workspace.nothing_to_undo"))]
    NothingToUndo,
    #[error("{}", crate::t!("workspace.nothing_to_redo"))]
    NothingToRedo,
    #[error("{}", crate::t!("workspace.unknown_room", room = room))]
    UnknownRoom { room: Uuid },
}

/// The rooms of one floor with their areas (使用面积, m²), loaded on demand and cached.
#[derive(Clone, Debug)]
pub struct FloorPlan {
    pub floor: Uuid,
    pub rooms: Vec<Room>,
    /// `areas[i]` is the area of `rooms[i]`, from [`room_area`].
    pub areas: Vec<f64>,
}

impl FloorPlan {
    fn new(floor: Uuid, rooms: Vec<Room>) -> Self {
        let areas = rooms.iter().map(|r| room_area(&r.polygon)).collect();
        Self {
            floor,
            rooms,
            areas,
        }
    }

    /// The room with this UUID and its area.
    pub fn room(&self, uuid: &Uuid) -> Option<(&Room, f64)> {
        let i = self.rooms.iter().position(|r| r.uuid == *uuid)?;
        Some((
            self.rooms.get(i)?,
            self.areas.get(i).copied().unwrap_or(0.0),
        ))
    }
}

/// A change a person makes. Every change goes through [`Workspace::apply`].
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Renumber or rename a room.
    RenameRoom {
        room: Uuid,
        number: String,
        name: String,
    },
}

/// An applied edit with what undoes it.
#[derive(Clone, Debug)]
struct Applied {
    edit: Edit,
    inverse: Edit,
}

/// The open file.
pub struct Workspace {
    store: Store,
    index: ProjectIndex,
    floors: HashMap<Uuid, Arc<FloorPlan>>,
    undo: Vec<Applied>,
    redo: Vec<Applied>,
}

impl Workspace {
    /// Opens a project file (see [`Store::open`] for what is refused).
    pub fn open(path: &Path) -> Result<Self, WorkspaceError> {
        let store = Store::open(path)?;
        let index = store.load_index()?;
        Ok(Self {
            store,
            index,
            floors: HashMap::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn index(&self) -> &ProjectIndex {
        &self.index
    }

    /// The rooms of a floor, loaded from the file the first time.
    pub fn floor_plan(&mut self, floor: &Uuid) -> Result<Arc<FloorPlan>, WorkspaceError> {
        if let Some(plan) = self.floors.get(floor) {
            return Ok(plan.clone());
        }
        let plan = Arc::new(FloorPlan::new(*floor, self.store.load_floor_rooms(floor)?));
        self.floors.insert(*floor, plan.clone());
        Ok(plan)
    }

    fn invalidate(&mut self, floor: Option<Uuid>) {
        match floor {
            Some(f) => {
                self.floors.remove(&f);
            }
            None => self.floors.clear(),
        }
    }

    /// Applies an edit in one transaction and makes it undoable.
    pub fn apply(&mut self, edit: Edit) -> Result<(), WorkspaceError> {
        let inverse = self.write(&edit)?;
        self.undo.push(Applied { edit, inverse });
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Result<(), WorkspaceError> {
        let applied = self.undo.pop().ok_or(WorkspaceError::NothingToUndo)?;
        match self.write(&applied.inverse) {
            Ok(_) => {
                self.redo.push(applied);
                Ok(())
            }
            Err(e) => {
                self.undo.push(applied);
                Err(e)
            }
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<(), WorkspaceError> {
        let applied = self.redo.pop().ok_or(WorkspaceError::NothingToRedo)?;
        match self.write(&applied.edit) {
            Ok(_) => {
                self.undo.push(applied);
                Ok(())
            }
            Err(e) => {
                self.redo.push(applied);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Writes an edit and returns its inverse.
    fn write(&mut self, edit: &Edit) -> Result<Edit, WorkspaceError> {
        match edit {
            Edit::RenameRoom { room, number, name } => {
                // The file is the authority on the current values, not the floor cache.
                let current = self
                    .store
                    .load_room(room)?
                    .ok_or(WorkspaceError::UnknownRoom { room: *room })?;
                let floor = Some(current.floor);
                let before = (current.number, current.name);
                let record = ChangeRecord {
                    action: "rename_room".to_owned(),
                    summary: format!("{} {} → {} {}", before.0, before.1, number, name),
                    detail: String::new(),
                };
                self.store.patch_room(
                    room,
                    &RoomPatch {
                        number: Some(number.clone()),
                        name: Some(name.clone()),
                    },
                    &record,
                )?;
                self.invalidate(floor);
                Ok(Edit::RenameRoom {
                    room: *room,
                    number: before.0,
                    name: before.1,
                })
            }
        }
    }

    /// Writes imported rooms into a floor (matched by number) and refreshes the index.
    pub fn import_rooms(
        &mut self,
        floor: &Uuid,
        rooms: &[Room],
        replace: bool,
        record: &ChangeRecord,
    ) -> Result<UpsertOutcome, WorkspaceError> {
        let (outcome, _) = self
            .store
            .upsert_floor_rooms(floor, rooms, replace, record)?;
        self.invalidate(Some(*floor));
        self.index = self.store.load_index()?;
        Ok(outcome)
    }

    /// Replaces units, posts, persons and occupancy in one transaction (see
    /// [`Store::replace_organisation`]); cached floor plans are dropped, as their rooms' units
    /// may have changed.
    pub fn replace_organisation(
        &mut self,
        organisation: &Organisation,
        record: &ChangeRecord,
    ) -> Result<(), WorkspaceError> {
        self.store.replace_organisation(organisation, record)?;
        self.invalidate(None);
        Ok(())
    }

    /// Adds a floor and refreshes the index.
    pub fn add_floor(
        &mut self,
        floor: &Floor,
        record: &ChangeRecord,
    ) -> Result<(), WorkspaceError> {
        self.store.insert_floor(floor, record)?;
        self.index = self.store.load_index()?;
        Ok(())
    }
}
