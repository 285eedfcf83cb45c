//! The changes a person makes, as values: every one goes through [`super::Workspace::apply`], which
//! writes it in one transaction with its change-log line and keeps its inverse for undo.

use super::FloorRooms;
use crate::model::{ChangeAction, Floor, Organisation, Room, RoomCategory, RoomStatus, Uuid};
use crate::planning::Move;
use crate::store::{ScenarioRecord, UnderlayRecord};

/// The attributes of a room a person edits in the inspector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomFields {
    pub number: String,
    pub name: String,
    pub category: RoomCategory,
    pub status: RoomStatus,
}

impl RoomFields {
    /// The fields of a room as it is.
    pub fn of(room: &Room) -> Self {
        Self {
            number: room.number.clone(),
            name: room.name.clone(),
            category: room.category,
            status: room.status,
        }
    }
}

/// A change a person makes. Every change goes through [`super::Workspace::apply`].
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Renumber or rename a room.
    RenameRoom {
        room: Uuid,
        number: String,
        name: String,
    },
    /// Set a room's number, name, category and status.
    SetRoom { room: Uuid, fields: RoomFields },
    /// Rename a unit.
    RenameUnit { unit: Uuid, name: String },
    /// Add a move to a scenario (the baseline is untouched).
    PlanMove { scenario: Uuid, step: Move },
    /// Take a scenario's last move back.
    UnplanMove { scenario: Uuid, step: Move },
    /// Write a scenario's moves into the baseline.
    ApplyScenario { scenario: Uuid },
    /// Take an applied scenario's moves out of the baseline again.
    UnapplyScenario { scenario: Uuid },
    /// Make a floor hold exactly these rooms and seats (an import, or its undo).
    ReplaceFloorRooms(Box<FloorRooms>),
    /// Write a scenario with its moves: a new one, or a deleted one brought back (undo).
    CreateScenario(Box<ScenarioRecord>),
    /// Delete a scenario with its moves.
    DeleteScenario { scenario: Uuid },
    /// Set a scenario's moves and the baseline version it stands on (a rebase, its undo).
    RebaseScenario {
        scenario: Uuid,
        moves: Vec<Move>,
        base_version: i64,
    },
    /// Set (`Some`) or remove (`None`) a floor's scanned plan (底图) with its placement.
    SetUnderlay {
        floor: Uuid,
        underlay: Option<Box<UnderlayRecord>>,
    },
    /// Replace units, posts, persons and occupancy (a workbook import, or its undo).
    ReplaceOrganisation(Box<OrganisationEdit>),
    /// Add a floor to a building.
    AddFloor(Box<Floor>),
    /// Remove a floor that holds no rooms (the undo of adding it).
    RemoveFloor { floor: Uuid },
    /// Set the standard set, the province and the local overrides (`standards`, its undo).
    SetStandard(Box<StandardChoice>),
}

impl Edit {
    /// Whether the edit writes the baseline (the inventory), rather than a scenario's moves,
    /// the scenario list, or a scanned plan. Refused while a scenario is shown.
    pub fn changes_baseline(&self) -> bool {
        match self {
            Self::RenameRoom { .. }
            | Self::SetRoom { .. }
            | Self::RenameUnit { .. }
            | Self::ReplaceFloorRooms(_)
            | Self::ReplaceOrganisation(_)
            | Self::AddFloor(_)
            | Self::RemoveFloor { .. }
            | Self::SetStandard(_) => true,
            // Applying a scenario is the one way a scenario reaches the baseline, on purpose.
            Self::PlanMove { .. }
            | Self::UnplanMove { .. }
            | Self::ApplyScenario { .. }
            | Self::UnapplyScenario { .. }
            | Self::CreateScenario(_)
            | Self::DeleteScenario { .. }
            | Self::RebaseScenario { .. }
            | Self::SetUnderlay { .. } => false,
        }
    }
}

/// The organisation a workbook import writes, with its change-log line.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationEdit {
    pub organisation: Organisation,
    pub action: ChangeAction,
    pub summary: String,
    /// Details for the log (the import's differences as JSON).
    pub detail: String,
}

/// The standard set a file is checked against, for which province, with local overrides
/// (TOML; empty: the shipped values), and the change-log line that records the choice.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardChoice {
    pub standard: String,
    pub province: String,
    pub overrides: String,
    pub action: ChangeAction,
    pub summary: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inventory_edits_change_the_baseline() {
        let room = Uuid::nil();
        assert!(
            Edit::RenameUnit {
                unit: room,
                name: String::new()
            }
            .changes_baseline()
        );
        assert!(Edit::RemoveFloor { floor: room }.changes_baseline());
        // Applying a scenario is the one deliberate way into the baseline; bookkeeping and
        // scanned plans are not the baseline.
        assert!(!Edit::ApplyScenario { scenario: room }.changes_baseline());
        assert!(!Edit::DeleteScenario { scenario: room }.changes_baseline());
        assert!(
            !Edit::SetUnderlay {
                floor: room,
                underlay: None
            }
            .changes_baseline()
        );
    }
}
