//! The open project: the store, its loaded index, floor plans loaded on demand, and the one
//! door for changes ([`Edit`]) with undo and redo.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::analysis::compliance::CheckOptions;
use crate::analysis::room_area;
use crate::model::{ChangeAction, Room, Unit, Uuid};
use crate::planning::{ConflictError, GestureError};
use crate::standards::{ProjectStandard, StandardError};
use crate::store::{
    ChangeEntry, ChangeRecord, OpenError, ProjectIndex, RoomPatch, SearchHit, Store, StoreError,
    UpsertOutcome,
};
use crate::view::ThemeContext;

mod approval;
mod construction;
mod edit;
mod file_edit;
mod floor_copy;
mod floor_edit;
mod inventory;
mod inventory_check;
#[cfg(test)]
mod inventory_tests;
mod new_project;
mod notices;
mod optimize;
mod people;
mod people_check;
#[cfg(test)]
mod people_tests;
mod postgis_mark;
mod province;
mod reads;
pub mod region_groups;
mod room_batch;
mod scenario;
mod scenario_book;
mod stream;
mod submission;

pub use approval::{ApprovalEdit, ApprovalError};
pub use construction::{ConstructionError, check_construction_project};
pub use edit::{Edit, OrganisationEdit, RoomFields, StandardChoice};
pub use floor_copy::{CopyPreview, CopyTarget, FloorCopyPlan};
pub use floor_edit::{FloorEditError, FloorHoldings, FloorsChange};
pub use inventory::Contents;
pub use inventory_check::{InventoryError, check_region, find_site};
pub use new_project::project_file_name;
pub use people::{PeopleEdit, UnitContents};
pub use people_check::{PeopleError, check_person, check_unit};
pub use postgis_mark::{PUBLISH_MARK_KEY, PULL_MARK_KEY, PostgisMark};
pub use province::{MergeOptions, MergeUndo, PackageMerge, PackageResult, pending_line};
pub use room_batch::RoomsPatch;
pub use scenario::{ActiveScenario, Comparison, MoveConflict, ScenarioSummary};
pub use submission::{SubmissionPreview, SubmissionWritten};
mod import;
mod workbook;
pub use import::{FloorImportPreview, FloorRooms, ImportError, RoomsImport};
pub use workbook::WorkbookImport;
mod geometry;
mod jobs;
mod reload;
mod reshape;
pub use reshape::{Reshape, ReshapeError, Reshaped, VertexChange, reshape_rooms};

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
    #[error("{}", crate::t!("workspace.unknown_unit", unit = unit))]
    UnknownUnit { unit: Uuid },
    #[error("{}", crate::t!("workspace.unknown_floor", floor = floor))]
    UnknownFloor { floor: Uuid },
    #[error(transparent)]
    Standard(#[from] StandardError),
    #[error(transparent)]
    Gesture(#[from] GestureError),
    #[error(transparent)]
    Plan(#[from] crate::optimize::plan::PlanError),
    #[error(transparent)]
    Conflict(#[from] ConflictError),
    #[error("{}", crate::t!("workspace.no_scenario"))]
    NoScenario,
    #[error("{}", crate::t!("workspace.unknown_scenario", scenario = scenario))]
    UnknownScenario { scenario: String },
    #[error("{}", crate::t!("workspace.scenario_applied", name = name))]
    ScenarioApplied { name: String },
    #[error("{}", crate::t!("workspace.scenario_conflicts", name = name, step = step, reason = reason))]
    ScenarioConflicts {
        name: String,
        step: usize,
        reason: String,
    },
    /// A change to the baseline while a scenario is shown: refused, so that nothing reaches
    /// the baseline unseen (show 基准 to make it).
    #[error("{}", crate::t!("workspace.baseline_edit_in_scenario", name = name))]
    BaselineEditInScenario { name: String },
    /// A floor or room-selection edit refused (a name taken, a target not empty …).
    #[error(transparent)]
    FloorEdit(#[from] FloorEditError),
    /// Another program kept changing the scenario's moves while this one tried to add one.
    #[error("{}", crate::t!("workspace.scenario_busy", name = name))]
    ScenarioBusy { name: String },
    /// A region, compound or building edit refused (a field out of range, a compound with
    /// buildings deleted unconfirmed).
    #[error(transparent)]
    Inventory(#[from] InventoryError),
    /// A unit, person or seat edit refused (a name taken, a parent loop, a unit with persons
    /// deleted unconfirmed).
    #[error(transparent)]
    People(#[from] PeopleError),
    /// A construction project refused (no name, a negative number, an unknown unit).
    #[error(transparent)]
    Construction(#[from] ConstructionError),
    /// An approval edit refused (no 文号, a bad date, an unknown document).
    #[error(transparent)]
    Approval(#[from] ApprovalError),
    /// A submission package (直报包) refused or not written (another region, damaged,
    /// older than the last merged …).
    #[error(transparent)]
    Submission(#[from] crate::io::submission::SubmissionError),
}

/// The rooms of one floor with their areas (使用面积, m²), loaded on demand and cached.
#[derive(Clone, Debug)]
pub struct FloorPlan {
    pub floor: Uuid,
    pub rooms: Vec<Room>,
    /// `areas[i]` is the area of `rooms[i]`, from [`room_area`]; 0 when `problems[i]` says
    /// it cannot be measured.
    pub areas: Vec<f64>,
    /// `problems[i]` is why `rooms[i]`'s polygon cannot be measured, if it cannot (see
    /// [`crate::analysis::validity::measured_area`]).
    pub problems: Vec<Option<crate::analysis::GeometryProblem>>,
}

impl FloorPlan {
    pub fn new(floor: Uuid, rooms: Vec<Room>) -> Self {
        let (areas, problems) = rooms
            .iter()
            .map(
                |r| match crate::analysis::validity::measured_area(&r.polygon) {
                    Ok(area) => (area, None),
                    Err(problem) => (0.0, Some(problem)),
                },
            )
            .unzip();
        Self {
            floor,
            rooms,
            areas,
            problems,
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

pub use crate::planning::Checked;

impl Checked {
    /// Loads the whole project from `store` and checks it against its standard set.
    pub fn run(store: &Store) -> Result<Self, WorkspaceError> {
        Self::of_project(store.load_project()?)
    }

    /// Checks a loaded project against its standard set.
    pub fn of_project(project: crate::model::Project) -> Result<Self, WorkspaceError> {
        let standard = ProjectStandard::resolve(&project.settings)?;
        let options = CheckOptions::for_project(&project, None);
        Ok(Self::new(project, standard, &options))
    }

    /// The check of what `scope` holds (本级, one county): the same check run on the
    /// project restricted to the scope ([`crate::model::Project::scoped`]); `regions` are the
    /// file's. The total is this check itself.
    pub fn scoped(
        &self,
        scope: crate::model::RegionScope,
        regions: &[crate::model::Region],
    ) -> Result<Self, WorkspaceError> {
        Self::of_project(self.project.scoped(scope, regions))
    }

    /// Opens `path` with a connection of its own and runs the check there (for a thread
    /// that must not share the app's connection).
    pub fn run_file(path: &Path) -> Result<Self, WorkspaceError> {
        Self::run(&Store::open(path)?)
    }
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
    units: Vec<Unit>,
    floors: HashMap<Uuid, Arc<FloorPlan>>,
    checked: Option<Arc<Checked>>,
    undo: Vec<Applied>,
    redo: Vec<Applied>,
    /// Bumped by every write: views that cache drawings of the project compare it.
    generation: u64,
    /// The scenario shown and edited instead of the baseline, if any.
    scenario: Option<ActiveScenario>,
    /// Bumped by every write of a scanned plan (an undo included): the app's decoded
    /// underlays compare it.
    underlay_revision: u64,
    /// SQLite's `data_version` when the file was last read: another program's commit
    /// changes it (see [`Workspace::external_change`]).
    data_version: i64,
    /// Whether merges of submission packages record their undo (see
    /// [`Workspace::set_batch`]).
    keep_undo: bool,
    /// A batch (see [`Workspace::set_batch`]): the index is not read again after merges.
    batch: bool,
}

impl Workspace {
    /// Opens a project file (see [`Store::open`] for what is refused).
    pub fn open(path: &Path) -> Result<Self, WorkspaceError> {
        Self::with_store(Store::open(path)?)
    }

    /// Opens a project file for the app: the navigator's aggregates are read at once and the
    /// whole-file checks run in the background ([`Store::open_checking_in_background`]);
    /// [`Workspace::poll_file_checks`] tells when they have ended, and a write waits for them.
    pub fn open_checking_in_background(path: &Path) -> Result<Self, WorkspaceError> {
        Self::with_store(Store::open_checking_in_background(path)?)
    }

    /// Whether the whole-file checks of the open are still running.
    pub fn file_checks_pending(&self) -> bool {
        self.store.checks_pending()
    }

    /// The file's notices ([`Workspace::file_notices`]) when its whole-file checks have
    /// ended since the last call; `None` while they run (or when they ended before).
    pub fn poll_file_checks(&mut self) -> Result<Option<Vec<String>>, WorkspaceError> {
        Ok(self.store.poll_checks()?.then(|| self.file_notices()))
    }

    fn with_store(store: Store) -> Result<Self, WorkspaceError> {
        let index = store.load_index()?;
        let units = store.load_units()?;
        let data_version = store.data_version()?;
        Ok(Self {
            data_version,
            store,
            index,
            units,
            floors: HashMap::new(),
            checked: None,
            undo: Vec::new(),
            redo: Vec::new(),
            generation: 0,
            scenario: None,
            underlay_revision: 0,
            keep_undo: true,
            batch: false,
        })
    }

    /// The units of the project, in file order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Changes with every write of a floor's scanned plan (底图), undo and redo included.
    pub fn underlay_revision(&self) -> u64 {
        self.underlay_revision
    }

    /// Changes with every write; equal generations mean the same project content.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The compliance check of the whole project, run on first use after open or an edit
    /// (it loads every room: seconds for a province, milliseconds for a county).
    pub fn checked(&mut self) -> Result<Arc<Checked>, WorkspaceError> {
        if let Some(checked) = &self.checked {
            return Ok(checked.clone());
        }
        let checked = Checked::run(&self.store)?;
        let checked = Arc::new(match &mut self.scenario {
            Some(active) => active.replay(checked),
            None => checked,
        });
        self.checked = Some(checked.clone());
        Ok(checked)
    }

    /// Installs a check run elsewhere (on another thread, with its own connection) if the
    /// project has not changed since `generation`; returns whether it was installed.
    pub fn install_checked(&mut self, checked: Checked, generation: u64) -> bool {
        if generation != self.generation {
            jobs::drop_elsewhere(checked);
            return false;
        }
        let checked = match &mut self.scenario {
            Some(active) => active.replay(checked),
            None => checked,
        };
        if let Some(old) = self.checked.replace(Arc::new(checked)) {
            jobs::drop_elsewhere(old);
        }
        true
    }

    /// The compliance check if it has been run since the last edit.
    pub fn checked_if_run(&self) -> Option<Arc<Checked>> {
        self.checked.clone()
    }

    /// What themes need: unit names and colours, and the units over the standard if the
    /// check has been run.
    pub fn theme_context(&self) -> ThemeContext {
        let context = ThemeContext::new(&self.units);
        match &self.checked {
            Some(c) => context.with_compliance(&c.project.units, &c.compliance),
            None => context,
        }
    }

    /// Rooms matching a room number, unit name or person name.
    pub fn search(&self, text: &str) -> Result<Vec<SearchHit>, WorkspaceError> {
        Ok(self.store.search(text, 200)?)
    }

    /// As [`Self::search`], keeping the hits on the floors `keep` keeps (those of the region
    /// shown of a provincial file): the first 200 of them among the file's first 5,000.
    pub fn search_where(
        &self,
        text: &str,
        keep: impl Fn(&Uuid) -> bool,
    ) -> Result<Vec<SearchHit>, WorkspaceError> {
        Ok(self
            .store
            .search(text, 5000)?
            .into_iter()
            .filter(|h| keep(&h.floor))
            .take(200)
            .collect())
    }

    /// The newest change-log entries (what, when, who), newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<ChangeEntry>, WorkspaceError> {
        Ok(self.store.change_log(limit)?)
    }

    /// Whether the file is open read-only (edits are refused).
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    pub fn index(&self) -> &ProjectIndex {
        &self.index
    }

    /// The rooms of a floor, loaded from the file the first time.
    pub fn floor_plan(&mut self, floor: &Uuid) -> Result<Arc<FloorPlan>, WorkspaceError> {
        if let Some(plan) = self.floors.get(floor) {
            return Ok(plan.clone());
        }
        let mut rooms = self.store.load_floor_rooms(floor)?;
        if self.scenario.is_some() {
            // The scenario's occupancy, not the file's.
            let checked = self.checked()?;
            for room in &mut rooms {
                if let Some(r) = checked
                    .room_index(&room.uuid)
                    .and_then(|i| checked.project.rooms.get(i))
                {
                    room.units.clone_from(&r.units);
                    room.status = r.status;
                    room.status_since.clone_from(&r.status_since);
                }
            }
        }
        let mut plan = FloorPlan::new(*floor, rooms);
        self.name_unreadable_geometry(&mut plan)?;
        let plan = Arc::new(plan);
        self.floors.insert(*floor, plan.clone());
        Ok(plan)
    }

    fn invalidate(&mut self, floor: Option<Uuid>) {
        self.generation += 1;
        if let Some(old) = self.checked.take() {
            jobs::drop_elsewhere(old);
        }
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

    /// Takes over the history of `older`, a workspace of the same file whose edits came
    /// before this one's: a merge runs as a job on a workspace of its own, and the app's
    /// 撤销 must then reach both the merge and the edits made before it. The redo stack is
    /// this workspace's (empty after a write).
    pub fn continue_history(&mut self, older: Workspace) {
        if older.path() != self.path() {
            return;
        }
        let mine = std::mem::take(&mut self.undo);
        self.undo = older.undo;
        self.undo.extend(mine);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Writes an edit and returns its inverse. An edit of the baseline (an undo or redo of
    /// one included) is refused while a scenario is shown: it would change the file under the
    /// scenario without the planner seeing it, and make the scenario stale.
    fn write(&mut self, edit: &Edit) -> Result<Edit, WorkspaceError> {
        if edit.changes_baseline() {
            self.refuse_baseline_edit()?;
        }
        match edit {
            Edit::RenameRoom { room, number, name } => {
                let current = self.current_room(room)?;
                let fields = RoomFields {
                    number: number.clone(),
                    name: name.clone(),
                    ..RoomFields::of(&current)
                };
                self.write_room(&current, &fields, ChangeAction::RenameRoom)?;
                Ok(Edit::RenameRoom {
                    room: *room,
                    number: current.number,
                    name: current.name,
                })
            }
            Edit::SetRoom { room, fields } => {
                let current = self.current_room(room)?;
                self.write_room(&current, fields, ChangeAction::SetRoom)?;
                Ok(Edit::SetRoom {
                    room: *room,
                    fields: RoomFields::of(&current),
                })
            }
            Edit::RenameUnit { unit, name } => {
                let before = self
                    .units
                    .iter()
                    .find(|u| u.uuid == *unit)
                    .map(|u| u.name.clone())
                    .ok_or(WorkspaceError::UnknownUnit { unit: *unit })?;
                let record = ChangeRecord {
                    action: ChangeAction::RenameUnit,
                    summary: format!("{before} → {name}"),
                    detail: unit.to_string(),
                };
                self.store.rename_unit(unit, name, &record)?;
                if let Some(u) = self.units.iter_mut().find(|u| u.uuid == *unit) {
                    u.name = name.clone();
                }
                self.invalidate(None);
                Ok(Edit::RenameUnit {
                    unit: *unit,
                    name: before,
                })
            }
            Edit::PlanMove { scenario, step } => {
                self.plan_move(scenario, step)?;
                Ok(Edit::UnplanMove {
                    scenario: *scenario,
                    step: step.clone(),
                })
            }
            Edit::UnplanMove { scenario, step } => {
                self.unplan_move(scenario, step)?;
                Ok(Edit::PlanMove {
                    scenario: *scenario,
                    step: step.clone(),
                })
            }
            Edit::ApplyScenario { scenario } => {
                self.write_scenario(scenario, false)?;
                Ok(Edit::UnapplyScenario {
                    scenario: *scenario,
                })
            }
            Edit::UnapplyScenario { scenario } => {
                self.write_scenario(scenario, true)?;
                Ok(Edit::ApplyScenario {
                    scenario: *scenario,
                })
            }
            Edit::ReplaceFloorRooms(target) => self.write_floor_rooms(target),
            Edit::CreateScenario(record) => self.write_new_scenario(record),
            Edit::DeleteScenario { scenario } => self.write_delete_scenario(scenario),
            Edit::RebaseScenario {
                scenario,
                moves,
                base_version,
            } => self.write_scenario_moves(scenario, moves, *base_version),
            Edit::SetUnderlay { floor, underlay } => {
                self.write_underlay(floor, underlay.as_deref())
            }
            Edit::ReplaceOrganisation(target) => self.write_organisation(target),
            Edit::AddFloor(floor) => self.write_add_floor(floor),
            Edit::RemoveFloor { floor } => self.write_remove_floor(floor),
            Edit::SetStandard(choice) => self.write_standard(choice),
            Edit::SetRegion(settings) => self.write_region(settings),
            Edit::AddSite(site) => self.write_add_site(site),
            Edit::EditSite(site) => self.write_edit_site(site),
            Edit::DeleteSite { site, confirmed } => self.write_delete_site(site, *confirmed),
            Edit::AddBuilding(building) => self.write_add_building(building),
            Edit::EditBuilding(building) => self.write_edit_building(building),
            Edit::DeleteBuilding { building } => self.write_delete_building(building),
            Edit::RestoreInventory(rows) => self.write_restore(rows),
            Edit::EditFloor(floor) => self.write_edit_floor(floor),
            Edit::ReorderFloors { levels } => self.write_reorder_floors(levels),
            Edit::DeleteFloor { floor } => self.write_delete_floor(floor),
            Edit::ChangeFloors(change) => self.write_floors_change(change),
            Edit::SetRooms(patch) => self.write_set_rooms(patch),
            Edit::RestoreRooms(rooms) => self.write_restore_rooms(rooms),
            Edit::ChangeOrganisation(edit) => self.write_people(edit),
            Edit::SetReportFiller(filler) => self.write_report_filler(filler),
            Edit::AddConstructionProject { project, restored } => {
                self.write_add_project(project, *restored)
            }
            Edit::EditConstructionProject(project) => self.write_edit_project(project),
            Edit::DeleteConstructionProject { project } => self.write_delete_project(project),
            Edit::SetApproval(edit) => self.write_approval(edit),
            Edit::MergePackage(merge) => self.write_merge_edit(merge),
            Edit::RevertMerge(undo) => self.write_revert_merge(undo),
            Edit::MarkPostgis(mark) => self.write_postgis_mark(mark),
        }
    }

    /// Refuses a baseline change while a scenario is shown (see [`Workspace::write`]).
    fn refuse_baseline_edit(&self) -> Result<(), WorkspaceError> {
        match &self.scenario {
            Some(active) => Err(WorkspaceError::BaselineEditInScenario {
                name: active.info.name.clone(),
            }),
            None => Ok(()),
        }
    }

    /// The room as the file has it: the file is the authority, not the floor cache.
    fn current_room(&self, room: &Uuid) -> Result<Room, WorkspaceError> {
        self.store
            .load_room(room)?
            .ok_or(WorkspaceError::UnknownRoom { room: *room })
    }

    /// Writes a room's fields with a change-log line naming what changed.
    fn write_room(
        &mut self,
        current: &Room,
        fields: &RoomFields,
        action: ChangeAction,
    ) -> Result<(), WorkspaceError> {
        let before = RoomFields::of(current);
        let mut changes = Vec::new();
        if before.number != fields.number || before.name != fields.name {
            changes.push(format!(
                "{} {} → {} {}",
                before.number, before.name, fields.number, fields.name
            ));
        }
        if before.category != fields.category {
            changes.push(format!(
                "{} → {}",
                crate::labels::category(before.category),
                crate::labels::category(fields.category)
            ));
        }
        if before.status != fields.status {
            changes.push(format!(
                "{} → {}",
                crate::labels::status(before.status),
                crate::labels::status(fields.status)
            ));
        }
        if before.status_since != fields.status_since {
            changes.push(
                crate::t!(
                    "workspace.status_since_changed",
                    from = before.status_since.as_deref().unwrap_or("—"),
                    to = fields.status_since.as_deref().unwrap_or("—")
                )
                .into_owned(),
            );
        }
        let record = ChangeRecord {
            action,
            summary: format!("{}: {}", fields.number, changes.join("; ")),
            detail: current.uuid.to_string(),
        };
        self.store.patch_room(
            &current.uuid,
            &RoomPatch {
                number: Some(fields.number.clone()),
                name: Some(fields.name.clone()),
                category: Some(fields.category),
                status: Some(fields.status),
                status_since: Some(fields.status_since.clone()),
            },
            &record,
        )?;
        let floor = current.floor;
        self.invalidate(Some(floor));
        // Category and status move the room between cells of its floor's, building's and
        // site's totals: update those by delta rather than reading the index again.
        if before.category != fields.category || before.status != fields.status {
            let area = room_area(&current.polygon);
            let from = (before.category, before.status);
            let to = (fields.category, fields.status);
            let index = &mut self.index;
            if let Some(f) = index.floors.iter().position(|e| e.floor.uuid == floor) {
                let building = index.floors.get(f).map(|e| e.building);
                let site = building
                    .and_then(|b| index.buildings.get(b))
                    .map(|b| b.site);
                if let Some(e) = index.floors.get_mut(f) {
                    e.totals.move_room(from, to, area);
                }
                if let Some(e) = building.and_then(|b| index.buildings.get_mut(b)) {
                    e.totals.move_room(from, to, area);
                }
                if let Some(e) = site.and_then(|s| index.sites.get_mut(s)) {
                    e.totals.move_room(from, to, area);
                }
                index.totals.move_room(from, to, area);
            }
        }
        Ok(())
    }

    /// Writes imported rooms into a floor (matched by number) and refreshes the index.
    pub fn import_rooms(
        &mut self,
        floor: &Uuid,
        rooms: &[Room],
        replace: bool,
        record: &ChangeRecord,
    ) -> Result<UpsertOutcome, WorkspaceError> {
        self.refuse_baseline_edit()?;
        let (outcome, _) = self
            .store
            .upsert_floor_rooms(floor, rooms, replace, record)?;
        self.invalidate(Some(*floor));
        self.index = self.store.load_index()?;
        Ok(outcome)
    }
}
