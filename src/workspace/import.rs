//! Importing a floor's rooms as one undoable edit: preview (read the drawing, compare with
//! the floor, nothing written), then [`Workspace::apply`] the edit the preview carries.
//!
//! The edit holds the rooms the floor is to have, with their seats; applying it returns an
//! edit that holds the floor's rooms and seats as they were, so undo restores UUIDs,
//! attributes and occupancy exactly, and redo writes the import again.

use std::path::Path;

use super::{Edit, Workspace, WorkspaceError};
use crate::io::InputError;
use crate::io::dxf::{DxfImport, DxfOptions, FloorDiff, read_dxf_file, reconcile};
use crate::model::{Room, Uuid};
use crate::store::{ChangeRecord, Seat};

/// The rooms a floor is to hold and who sits in them.
#[derive(Clone, Debug, PartialEq)]
pub struct FloorRooms {
    pub floor: Uuid,
    pub rooms: Vec<Room>,
    /// (room, person) pairs; rooms must be among `rooms`.
    pub seats: Vec<Seat>,
    /// The change-log action (`import_dxf`, `undo_import` …) and line.
    pub action: String,
    pub summary: String,
}

/// An import ready to commit: what the drawing held, what it would change, and the edit.
#[derive(Clone, Debug)]
pub struct FloorImportPreview {
    pub import: DxfImport,
    pub diff: FloorDiff,
    /// Pass to [`Workspace::apply`] to commit (one undoable step).
    pub edit: Edit,
}

/// Why a preview failed: the drawing was refused, or the file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

impl Workspace {
    /// Reads a DXF drawing for a floor and compares it with the floor's rooms; writes
    /// nothing. Commit with `workspace.apply(preview.edit)`.
    pub fn preview_dxf_import(
        &mut self,
        floor: &Uuid,
        path: &Path,
        options: &DxfOptions,
    ) -> Result<FloorImportPreview, ImportError> {
        let import = read_dxf_file(path, options, *floor)?;
        Ok(self.preview_read_dxf(floor, path, import)?)
    }

    /// The edit that replaces a floor's rooms by `imported`, matched to the current rooms
    /// (by number, then overlap) so that matched rooms keep UUID, attributes and seats.
    pub fn floor_import_edit(
        &mut self,
        floor: &Uuid,
        imported: &[Room],
        action: &str,
        source: &str,
    ) -> Result<(FloorDiff, Edit), WorkspaceError> {
        // The file is the authority, not the floor cache.
        let current = self.store.load_floor_rooms(floor)?;
        let seats = self.store.load_floor_seats(floor)?;
        let (mut rooms, diff) = reconcile(&current, imported);
        for room in &mut rooms {
            room.floor = *floor;
        }
        let kept: std::collections::HashSet<Uuid> = rooms.iter().map(|r| r.uuid).collect();
        let seats = seats
            .into_iter()
            .filter(|(room, _)| kept.contains(room))
            .collect();
        let summary = crate::t!(
            "dxf.edit_summary",
            file = source,
            floor = self.floor_label(floor),
            new = diff.new.len(),
            changed = diff.changed.len(),
            removed = diff.removed.len()
        )
        .into_owned();
        let edit = Edit::ReplaceFloorRooms(Box::new(FloorRooms {
            floor: *floor,
            rooms,
            seats,
            action: action.to_owned(),
            summary,
        }));
        Ok((diff, edit))
    }

    /// Writes a floor's rooms and seats; returns the edit that puts back what was there.
    pub(super) fn write_floor_rooms(
        &mut self,
        target: &FloorRooms,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.load_floor_rooms(&target.floor)?;
        let before_seats = self.store.load_floor_seats(&target.floor)?;
        let record = ChangeRecord {
            action: target.action.clone(),
            summary: target.summary.clone(),
            detail: target.floor.to_string(),
        };
        self.store
            .replace_floor_rooms(&target.floor, &target.rooms, &target.seats, &record)?;
        self.invalidate(Some(target.floor));
        self.index = self.store.load_index()?;
        let summary = crate::t!(
            "dxf.undo_summary",
            floor = self.floor_label(&target.floor),
            rooms = before.len()
        )
        .into_owned();
        Ok(Edit::ReplaceFloorRooms(Box::new(FloorRooms {
            floor: target.floor,
            rooms: before,
            seats: before_seats,
            action: format!("undo_{}", target.action),
            summary,
        })))
    }

    /// `Building Floor` for change-log lines.
    fn floor_label(&self, floor: &Uuid) -> String {
        let index = &self.index;
        index
            .floors
            .iter()
            .find(|f| f.floor.uuid == *floor)
            .map(|f| {
                let building = index
                    .buildings
                    .get(f.building)
                    .map(|b| b.building.name.as_str())
                    .unwrap_or_default();
                format!("{building} {}", f.floor.name)
            })
            .unwrap_or_else(|| floor.to_string())
    }
}
