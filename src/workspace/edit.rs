//! The changes a person makes, as values: every one goes through [`super::Workspace::apply`], which
//! writes it in one transaction with its change-log line and keeps its inverse for undo.

use super::FloorRooms;
use super::floor_edit::FloorsChange;
use super::room_batch::RoomsPatch;
use crate::model::{
    Building, ChangeAction, ConstructionProject, Date, Floor, Organisation, Room, RoomCategory,
    RoomStatus, Site, Uuid,
};
use crate::planning::Move;
use crate::store::{InventoryRows, RegionSettings, RoomAttributes, ScenarioRecord, UnderlayRecord};

/// The attributes of a room a person edits in the inspector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomFields {
    pub number: String,
    pub name: String,
    pub category: RoomCategory,
    pub status: RoomStatus,
    /// Since when the room has its status (闲置 since …); required for 闲置.
    pub status_since: Option<Date>,
}

impl RoomFields {
    /// The fields of a room as it is.
    pub fn of(room: &Room) -> Self {
        Self {
            number: room.number.clone(),
            name: room.name.clone(),
            category: room.category,
            status: room.status,
            status_since: room.status_since.clone(),
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
    /// Set the region (行政区划) and the settings: standard set, province, statistics date.
    SetRegion(Box<RegionSettings>),
    /// Add a compound (院落).
    AddSite(Box<Site>),
    /// Change a compound's fields.
    EditSite(Box<Site>),
    /// Delete a compound with everything under it; one that holds buildings only when
    /// `confirmed` (the person saw what goes with it).
    DeleteSite { site: Uuid, confirmed: bool },
    /// Add a building (楼栋) to a compound.
    AddBuilding(Box<Building>),
    /// Change a building's fields, move it to another compound, or record its return (退租).
    EditBuilding(Box<Building>),
    /// Delete a building with its floors, rooms, seats and scanned plans.
    DeleteBuilding { building: Uuid },
    /// Put back the rows a deleted compound or building took (its undo).
    RestoreInventory(Box<InventoryRows>),
    /// Set a floor's name, level, 标高 and 层高 (names are unique within the building).
    EditFloor(Box<Floor>),
    /// Set the levels of floors (move a floor up or down among its building's floors).
    ReorderFloors { levels: Vec<(Uuid, i32)> },
    /// Delete a floor with its rooms, their units and seats, and its scanned plan.
    DeleteFloor { floor: Uuid },
    /// Create, refill and delete floors in one step (a copy of a floor's rooms, the undo of
    /// a delete or a copy).
    ChangeFloors(Box<FloorsChange>),
    /// Set the fields a person changed on a selection of rooms.
    SetRooms(Box<RoomsPatch>),
    /// Put rooms' attributes back as they were (the undo of [`Edit::SetRooms`]).
    RestoreRooms(Vec<RoomAttributes>),
    /// Units, persons or seats changed one at a time (the panels, the baseline's drops).
    ChangeOrganisation(Box<super::people::PeopleEdit>),
    /// Set the report's filler (填表人单位, 姓名, 电话), kept in `officeplan_meta`.
    SetReportFiller(Box<crate::model::ReportFiller>),
    /// Add a construction project (办公用房建设项目); `restored`: a deleted one brought back
    /// (the undo of deleting it).
    AddConstructionProject {
        project: Box<ConstructionProject>,
        restored: bool,
    },
    /// Change a construction project's fields.
    EditConstructionProject(Box<ConstructionProject>),
    /// Delete a construction project.
    DeleteConstructionProject { project: Uuid },
    /// An approval document (审批文件) added, changed or deleted.
    SetApproval(Box<super::approval::ApprovalEdit>),
    /// Merge a county's submission package (直报包) into the provincial file (汇总).
    MergePackage(Box<super::province::PackageMerge>),
    /// Undo a merge: apply the inverse of the changeset it recorded.
    RevertMerge(Box<super::province::MergeUndo>),
    /// Record a PostGIS publish or pull (发布到 PostGIS, 从 PostGIS 拉取) in the file.
    MarkPostgis(Box<super::postgis_mark::PostgisMark>),
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
            | Self::SetStandard(_)
            | Self::SetRegion(_)
            | Self::AddSite(_)
            | Self::EditSite(_)
            | Self::DeleteSite { .. }
            | Self::AddBuilding(_)
            | Self::EditBuilding(_)
            | Self::DeleteBuilding { .. }
            | Self::RestoreInventory(_) => true,
            Self::EditFloor(_)
            | Self::ReorderFloors { .. }
            | Self::DeleteFloor { .. }
            | Self::ChangeFloors(_)
            | Self::SetRooms(_)
            | Self::RestoreRooms(_)
            | Self::ChangeOrganisation(_)
            | Self::SetApproval(_)
            | Self::MergePackage(_)
            | Self::RevertMerge(_) => true,
            // Applying a scenario is the one way a scenario reaches the baseline, on purpose.
            Self::PlanMove { .. }
            | Self::UnplanMove { .. }
            | Self::ApplyScenario { .. }
            | Self::UnapplyScenario { .. }
            | Self::CreateScenario(_)
            | Self::DeleteScenario { .. }
            | Self::RebaseScenario { .. }
            | Self::SetUnderlay { .. }
            // Who fills in the report is no part of the inventory.
            | Self::SetReportFiller(_)
            // Nor where the file was published or pulled from.
            | Self::MarkPostgis(_) => false,
            // Records beside the inventory: no scenario plans over them.
            Self::AddConstructionProject { .. }
            | Self::EditConstructionProject(_)
            | Self::DeleteConstructionProject { .. } => false,
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
