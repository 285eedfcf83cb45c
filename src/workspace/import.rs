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
use crate::io::removal::{Consent, Held, Removal, RemovalRefused, guard, removal_to_confirm};
use crate::model::{ChangeAction, Floor, Room, Uuid};
use crate::store::{ChangeRecord, Seat, UpsertOutcome};

/// The rooms a floor is to hold and who sits in them.
#[derive(Clone, Debug, PartialEq)]
pub struct FloorRooms {
    pub floor: Uuid,
    pub rooms: Vec<Room>,
    /// (room, person) pairs; rooms must be among `rooms`.
    pub seats: Vec<Seat>,
    /// The change-log action (`ImportDxf`, `SplitRoom` …) and line.
    pub action: ChangeAction,
    pub summary: String,
}

/// An import ready to commit: what the drawing held, what it would change, and the edit.
#[derive(Clone, Debug)]
pub struct FloorImportPreview {
    pub import: DxfImport,
    pub diff: FloorDiff,
    /// Set when the import yields nothing or removes more than half of the floor's rooms:
    /// it is committed only with the person's consent (see [`crate::io::removal`]).
    pub removal: Option<RemovalRefused>,
    floor: Uuid,
    edit: Edit,
}

impl FloorImportPreview {
    /// The floor the import writes.
    pub fn floor(&self) -> Uuid {
        self.floor
    }

    /// The edit to pass to [`Workspace::apply`] (one undoable step); refused when the import
    /// needs consent that was not given.
    pub fn into_edit(self, consent: Consent) -> Result<Edit, RemovalRefused> {
        match (self.removal, consent) {
            (Some(refused), Consent::NotGiven) => Err(refused),
            _ => Ok(self.edit),
        }
    }
}

/// Why an import failed: the file was refused, the import needs consent, or the project
/// file could not be read or written. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Removal(#[from] RemovalRefused),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

/// What an import of rooms asks for: the rooms, where they come from, the change-log line.
pub struct RoomsImport<'a> {
    pub rooms: &'a [Room],
    /// The imported file's name, as messages name it.
    pub source: &'a str,
    pub record: &'a ChangeRecord,
    pub consent: Consent,
}

impl Workspace {
    /// Reads a DXF drawing for a floor and compares it with the floor's rooms; writes
    /// nothing. Commit with `workspace.apply(preview.into_edit(consent)?)`.
    pub fn preview_dxf_import(
        &mut self,
        floor: &Uuid,
        path: &Path,
        options: &DxfOptions,
    ) -> Result<FloorImportPreview, ImportError> {
        let import = read_dxf_file(path, options, *floor)?;
        Ok(self.preview_read_dxf(floor, path, import)?)
    }

    /// Compares a read drawing with a floor's rooms; writes nothing.
    pub fn floor_import_preview(
        &mut self,
        floor: &Uuid,
        import: DxfImport,
        source: &str,
    ) -> Result<FloorImportPreview, WorkspaceError> {
        let before = self.store.load_floor_rooms(floor)?.len();
        let (diff, edit) =
            self.floor_import_edit(floor, &import.rooms, ChangeAction::ImportDxf, source)?;
        let removal = removal_to_confirm(
            source,
            &self.floor_label(floor),
            &[Removal {
                held: Held::Rooms,
                before,
                imported: import.rooms.len(),
                removed: diff.removed.len(),
            }],
        );
        Ok(FloorImportPreview {
            import,
            diff,
            removal,
            floor: *floor,
            edit,
        })
    }

    /// Writes imported rooms into an existing floor, matched by number (see
    /// [`crate::store::Store::upsert_floor_rooms`]); with `replace` the floor's other rooms
    /// are removed, which needs consent when it is more than half of them.
    pub fn import_floor_rooms(
        &mut self,
        floor: &Uuid,
        import: &RoomsImport<'_>,
        replace: bool,
    ) -> Result<UpsertOutcome, ImportError> {
        let current = self
            .store
            .load_floor_rooms(floor)
            .map_err(WorkspaceError::from)?;
        let removed = if replace {
            let numbers: std::collections::HashSet<&str> =
                import.rooms.iter().map(|r| r.number.as_str()).collect();
            current
                .iter()
                .filter(|r| !numbers.contains(r.number.as_str()))
                .count()
        } else {
            0
        };
        let removal = Removal {
            held: Held::Rooms,
            before: current.len(),
            imported: import.rooms.len(),
            removed,
        };
        guard(
            import.source,
            &self.floor_label(floor),
            &[removal],
            import.consent,
        )?;
        Ok(self.import_rooms(floor, import.rooms, replace, import.record)?)
    }

    /// Creates `floor` and writes its rooms in ONE transaction with one change-log line (an
    /// import into a floor the building does not have yet): a refused or failed import leaves
    /// no empty floor behind. An import that yields no room needs consent.
    pub fn import_into_new_floor(
        &mut self,
        floor: &Floor,
        import: &RoomsImport<'_>,
    ) -> Result<UpsertOutcome, ImportError> {
        self.refuse_baseline_edit()?;
        let building = self.building_name(&floor.building);
        let removal = Removal {
            held: Held::Rooms,
            before: 0,
            imported: import.rooms.len(),
            removed: 0,
        };
        guard(
            import.source,
            &format!("{building} {}", floor.name),
            &[removal],
            import.consent,
        )?;
        let (outcome, _) = self
            .store
            .insert_floor_with_rooms(floor, import.rooms, import.record)
            .map_err(WorkspaceError::from)?;
        self.invalidate(Some(floor.uuid));
        self.index = self.store.load_index().map_err(WorkspaceError::from)?;
        Ok(outcome)
    }

    /// The edit that replaces a floor's rooms by `imported`, matched to the current rooms
    /// (by number, then overlap) so that matched rooms keep UUID, attributes and seats.
    pub fn floor_import_edit(
        &mut self,
        floor: &Uuid,
        imported: &[Room],
        action: ChangeAction,
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
            action,
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
            action: target.action,
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
            action: ChangeAction::UndoFloorRooms,
            summary,
        })))
    }

    /// A building's name (empty for a building the index does not have).
    pub(super) fn building_name(&self, building: &Uuid) -> String {
        self.index
            .buildings
            .iter()
            .find(|b| b.building.uuid == *building)
            .map(|b| b.building.name.clone())
            .unwrap_or_default()
    }

    /// `Building Floor` for change-log lines and messages.
    pub fn floor_label(&self, floor: &Uuid) -> String {
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
