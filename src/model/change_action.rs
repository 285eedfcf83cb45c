//! What a change-log line records (变更记录): one enum for every write, with the stable code
//! stored in the file's `change_log.action` column.
//!
//! The codes are those older versions wrote (`split_room`, `scenario.new`, `underlay.set` …),
//! so a file's history reads the same across versions; a code this version does not know (a
//! newer version's) is kept and shown as it is. Whether a line changes the baseline — and so
//! makes scenarios stale — is decided here ([`ChangeAction::changes_baseline`]), not by the
//! shape of the code.

/// The kind of a write, as the change log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ChangeAction {
    /// A room's number and name (inspector, `rename-room`).
    RenameRoom,
    /// A room's number, name, category and status (inspector 应用).
    SetRoom,
    RenameUnit,
    DrawRoom,
    SplitRoom,
    MergeRooms,
    DeleteRooms,
    EditVertices,
    /// A DXF drawing's rooms written into a floor.
    ImportDxf,
    /// A floor's rooms and seats put back as they were (undo of a drawing tool or an import).
    UndoFloorRooms,
    ImportGeojson,
    /// A workbook's units, posts and persons replacing the file's.
    ImportUnits,
    /// The organisation put back as it was (undo of a workbook import or of a unit, person or
    /// seat edit).
    RestoreUnits,
    AddFloor,
    /// An empty floor removed (undo of adding it).
    RemoveFloor,
    SetStandard,
    SetStandardOverrides,
    ApplyScenario,
    UnapplyScenario,
    ScenarioNew,
    ScenarioDelete,
    /// A deleted scenario brought back with its moves (undo of deleting it).
    ScenarioRestore,
    ScenarioRebase,
    /// A floor's scanned plan (底图) added or replaced by another image.
    UnderlaySet,
    /// A floor's scanned plan moved, scaled or made more or less opaque.
    UnderlayPlace,
    UnderlayRemove,
    /// Link rows (a room's units, a person's seats) whose room, unit or person another
    /// program deleted, moved aside into `officeplan_orphan_links` on opening.
    SetAsideLinks,
    /// The region (行政区划) and the settings (standard set, province, statistics date).
    SetRegion,
    AddSite,
    EditSite,
    /// A compound deleted with everything under it.
    DeleteSite,
    /// A deleted compound put back with everything under it (undo of deleting it).
    RestoreSite,
    AddBuilding,
    /// A building's fields, its move to another compound, or its return (退租).
    EditBuilding,
    /// A building deleted with its floors, rooms, seats and scanned plans.
    DeleteBuilding,
    /// A deleted building put back with everything under it (undo of deleting it).
    RestoreBuilding,
    /// A floor's name, level, 标高 or 层高.
    EditFloor,
    /// Floors moved up or down (their levels).
    ReorderFloors,
    /// A floor deleted with everything it holds.
    DeleteFloor,
    /// A floor's rooms copied to other floors.
    CopyFloor,
    /// Floors put back as they were (undo of deleting or copying).
    RestoreFloors,
    /// A selection of rooms edited together.
    SetRooms,
    /// Rooms' attributes put back as they were (undo of a selection edit).
    RestoreRooms,
    AddUnit,
    /// A unit's fields, parent or approved posts.
    EditUnit,
    /// A unit deleted with its persons and its hold on rooms.
    DeleteUnit,
    AddPerson,
    /// A person's fields, grade, status, concurrent posts or approval.
    EditPerson,
    DeletePerson,
    /// Rooms given to a unit, or taken from it, in the baseline (房间使用单位).
    AssignRooms,
    /// A person seated in a room, taken out of one, or moved to another.
    SeatPerson,
    /// The report's filler (填表人单位, 姓名, 电话).
    SetReportFiller,
    /// A construction project (办公用房建设项目) added, or a deleted one brought back.
    AddConstructionProject,
    EditConstructionProject,
    DeleteConstructionProject,
    /// An approval document (审批文件) recorded, or a deleted one put back.
    AddApproval,
    /// An approval document's kind, 文号, date, authority, note or subject.
    EditApproval,
    /// An approval document deleted.
    DeleteApproval,
    /// A scenario made by 智能调剂 with its moves.
    ScenarioOptimized,
    /// A county's submission package (直报包) merged into the provincial file (汇总).
    MergeSubmission,
    /// A merge undone (the inverse of its changeset applied).
    UnmergeSubmission,
    /// 发布到 PostGIS: what a publish sent and the change-log position it stood on.
    PublishPostgis,
    /// 从 PostGIS 拉取: a file written from a server's published tables.
    PullPostgis,
}

impl ChangeAction {
    /// Every action, for lookups by code.
    pub const ALL: &'static [Self] = &[
        Self::RenameRoom,
        Self::SetRoom,
        Self::RenameUnit,
        Self::DrawRoom,
        Self::SplitRoom,
        Self::MergeRooms,
        Self::DeleteRooms,
        Self::EditVertices,
        Self::ImportDxf,
        Self::UndoFloorRooms,
        Self::ImportGeojson,
        Self::ImportUnits,
        Self::RestoreUnits,
        Self::AddFloor,
        Self::RemoveFloor,
        Self::SetStandard,
        Self::SetStandardOverrides,
        Self::ApplyScenario,
        Self::UnapplyScenario,
        Self::ScenarioNew,
        Self::ScenarioDelete,
        Self::ScenarioRestore,
        Self::ScenarioOptimized,
        Self::ScenarioRebase,
        Self::UnderlaySet,
        Self::UnderlayPlace,
        Self::UnderlayRemove,
        Self::SetAsideLinks,
        Self::SetRegion,
        Self::AddSite,
        Self::EditSite,
        Self::DeleteSite,
        Self::RestoreSite,
        Self::AddBuilding,
        Self::EditBuilding,
        Self::DeleteBuilding,
        Self::RestoreBuilding,
        Self::EditFloor,
        Self::ReorderFloors,
        Self::DeleteFloor,
        Self::CopyFloor,
        Self::RestoreFloors,
        Self::SetRooms,
        Self::RestoreRooms,
        Self::AddUnit,
        Self::EditUnit,
        Self::DeleteUnit,
        Self::AddPerson,
        Self::EditPerson,
        Self::DeletePerson,
        Self::AssignRooms,
        Self::SeatPerson,
        Self::SetReportFiller,
        Self::AddConstructionProject,
        Self::EditConstructionProject,
        Self::DeleteConstructionProject,
        Self::AddApproval,
        Self::EditApproval,
        Self::DeleteApproval,
        Self::MergeSubmission,
        Self::UnmergeSubmission,
        Self::PublishPostgis,
        Self::PullPostgis,
    ];

    /// The stable code stored in the file.
    pub fn code(self) -> &'static str {
        match self {
            Self::RenameRoom => "rename_room",
            Self::SetRoom => "set_room",
            Self::RenameUnit => "rename_unit",
            Self::DrawRoom => "draw_room",
            Self::SplitRoom => "split_room",
            Self::MergeRooms => "merge_rooms",
            Self::DeleteRooms => "delete_rooms",
            Self::EditVertices => "edit_vertices",
            Self::ImportDxf => "import_dxf",
            Self::UndoFloorRooms => "undo_floor_rooms",
            Self::ImportGeojson => "import_geojson",
            Self::ImportUnits => "import_units",
            Self::RestoreUnits => "restore_units",
            Self::AddFloor => "add_floor",
            Self::RemoveFloor => "remove_floor",
            Self::SetStandard => "set_standard",
            Self::SetStandardOverrides => "set_standard_overrides",
            Self::ApplyScenario => "apply_scenario",
            Self::UnapplyScenario => "unapply_scenario",
            Self::ScenarioNew => "scenario.new",
            Self::ScenarioDelete => "scenario.delete",
            Self::ScenarioRestore => "scenario.restore",
            Self::ScenarioOptimized => "scenario.optimized",
            Self::ScenarioRebase => "scenario.rebase",
            Self::UnderlaySet => "underlay.set",
            Self::UnderlayPlace => "underlay.place",
            Self::UnderlayRemove => "underlay.remove",
            Self::SetAsideLinks => "set_aside_links",
            Self::SetRegion => "set_region",
            Self::AddSite => "add_site",
            Self::EditSite => "edit_site",
            Self::DeleteSite => "delete_site",
            Self::RestoreSite => "restore_site",
            Self::AddBuilding => "add_building",
            Self::EditBuilding => "edit_building",
            Self::DeleteBuilding => "delete_building",
            Self::RestoreBuilding => "restore_building",
            Self::EditFloor => "edit_floor",
            Self::ReorderFloors => "reorder_floors",
            Self::DeleteFloor => "delete_floor",
            Self::CopyFloor => "copy_floor",
            Self::RestoreFloors => "restore_floors",
            Self::SetRooms => "set_rooms",
            Self::RestoreRooms => "restore_rooms",
            Self::AddUnit => "add_unit",
            Self::EditUnit => "edit_unit",
            Self::DeleteUnit => "delete_unit",
            Self::AddPerson => "add_person",
            Self::EditPerson => "edit_person",
            Self::DeletePerson => "delete_person",
            Self::AssignRooms => "assign_rooms",
            Self::SeatPerson => "seat_person",
            Self::SetReportFiller => "set_report_filler",
            Self::AddConstructionProject => "add_construction_project",
            Self::EditConstructionProject => "edit_construction_project",
            Self::DeleteConstructionProject => "delete_construction_project",
            Self::AddApproval => "add_approval",
            Self::EditApproval => "edit_approval",
            Self::DeleteApproval => "delete_approval",
            Self::MergeSubmission => "merge_submission",
            Self::UnmergeSubmission => "unmerge_submission",
            Self::PublishPostgis => "publish_postgis",
            Self::PullPostgis => "pull_postgis",
        }
    }

    /// The action of a stored code; `None` for a code of another version. Older versions
    /// wrote the undo of a floor edit as `undo_<action>` (`undo_split_room`).
    ///
    /// ```
    /// use officeplan::model::ChangeAction;
    /// assert_eq!(ChangeAction::parse("scenario.new"), Some(ChangeAction::ScenarioNew));
    /// assert_eq!(ChangeAction::parse("undo_split_room"), Some(ChangeAction::UndoFloorRooms));
    /// assert_eq!(ChangeAction::parse("teleport_room"), None);
    /// ```
    pub fn parse(code: &str) -> Option<Self> {
        if let Some(found) = Self::ALL.iter().copied().find(|a| a.code() == code) {
            return Some(found);
        }
        code.strip_prefix("undo_")
            .and_then(Self::parse)
            .map(|_| Self::UndoFloorRooms)
    }

    /// Whether the line changes the baseline (the inventory scenarios are planned over).
    /// Scenario bookkeeping, scanned plans and construction projects (records no scenario
    /// moves) do not: they never make a scenario stale.
    pub fn changes_baseline(self) -> bool {
        !matches!(
            self,
            Self::ScenarioNew
                | Self::ScenarioDelete
                | Self::ScenarioRestore
                | Self::ScenarioOptimized
                | Self::ScenarioRebase
                | Self::UnderlaySet
                | Self::UnderlayPlace
                | Self::UnderlayRemove
                | Self::SetReportFiller
                | Self::AddConstructionProject
                | Self::EditConstructionProject
                | Self::DeleteConstructionProject
                | Self::PublishPostgis
                | Self::PullPostgis
        )
    }
}

impl std::fmt::Display for ChangeAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_and_is_unique() {
        let mut codes: Vec<&str> = ChangeAction::ALL.iter().map(|a| a.code()).collect();
        for a in ChangeAction::ALL {
            assert_eq!(ChangeAction::parse(a.code()), Some(*a));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ChangeAction::ALL.len());
    }

    #[test]
    fn bookkeeping_does_not_change_the_baseline() {
        // 14 of the 63 actions are scenario bookkeeping (5), underlays (3), the report's
        // filler (1), construction projects (3) or PostGIS publish and pull marks (2).
        let kept = ChangeAction::ALL
            .iter()
            .filter(|a| !a.changes_baseline())
            .count();
        assert_eq!(kept, 14);
        assert!(ChangeAction::ApplyScenario.changes_baseline());
        assert!(!ChangeAction::UnderlayPlace.changes_baseline());
    }
}
