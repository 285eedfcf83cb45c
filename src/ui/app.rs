//! The main window: menu and toolbar, navigator (left), plan canvas or site map (centre),
//! inspector and history (right), status bar (bottom), notifications.
//!
//! [`OfficeplanApp::show`] draws everything into a `Ui`, so the same code runs in the real
//! window and in the `egui_kittest` tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

mod construction;
mod dxf_import;
mod editing;
mod external;
mod findings;
mod floors;
mod inventory;
mod jobs;
mod optimize;
mod people;
mod planning;
mod postgis;
mod province;
mod scope;
mod standards;
mod underlay;
mod workbook;

use super::canvas::PlanCanvas;
use super::inspector::{Inspector, RoomView};
use super::menu_bar::{MenuAction, MenuBar, MenuState};
use super::navigator::{Navigator, NavigatorAction};
use super::path_dialog::{PathDialog, PathDialogAction, PathPurpose};
use super::status_bar::{self, FloorStatus, StatusView};
use super::toolbar::{self, ToolbarState};
use super::underlay_window::UnderlayWindow;
use super::{ByGeneration, Notifications, history, site_map};
use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::i18n::{Language, language, set_language};
use crate::model::Uuid;
use crate::store::{ChangeEntry, Occupant};
use crate::view::{Theme, ThemeContext};
use crate::workspace::{Edit, FloorPlan, Workspace};
pub use jobs::INLINE_MAX_ROOMS;

/// Keys in eframe's storage.
const KEY_LANGUAGE: &str = "officeplan.language";
const KEY_RECENT: &str = "officeplan.recent";
const KEY_THEME: &str = "officeplan.theme";

/// The centre of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentreView {
    #[default]
    Plan,
    SiteMap,
    /// The stack plan (楼层堆叠图): floors as rows, unit blocks sized by area.
    Stack,
}

impl CentreView {
    /// The views in menu order, with their names.
    pub const ALL: [Self; 3] = [Self::Plan, Self::SiteMap, Self::Stack];

    /// The view's name in the language of the moment (平面图, 总平面图, 楼层堆叠图).
    pub fn label(self) -> String {
        match self {
            Self::Plan => crate::t!("menu.plan"),
            Self::SiteMap => crate::t!("menu.site_map"),
            Self::Stack => crate::t!("menu.stack"),
        }
        .into_owned()
    }
}

/// The application state.
pub struct OfficeplanApp {
    workspace: Option<Workspace>,
    navigator: Navigator,
    canvas: PlanCanvas,
    inspector: Inspector,
    plan: Option<Arc<FloorPlan>>,
    floor: Option<usize>,
    theme: Theme,
    centre: CentreView,
    show_history: bool,
    history: ByGeneration<Vec<ChangeEntry>>,
    /// The selected room's occupants, by (room, generation).
    occupants: ByGeneration<Vec<Occupant>, (Uuid, u64)>,
    /// Keyed by generation × 2 + whether the check has run (offices are classed then).
    context: ByGeneration<ThemeContext>,
    site_map: ByGeneration<Vec<site_map::PlacedBuilding>, (u64, crate::model::RegionScope)>,
    site_view: site_map::SiteMap,
    site_selected: Option<usize>,
    /// A room to select once its floor is shown (from a search hit).
    pending_room: Option<Uuid>,
    notifications: Notifications,
    menu: MenuBar,
    dialog: Option<PathDialog>,
    /// Long work running off the UI thread (open, check, export, DXF, Save As).
    jobs: super::job::Jobs<jobs::JobDone>,
    /// Work for more rooms than this runs in the background.
    inline_max_rooms: u64,
    /// The generation whose check failed or was cancelled: not started again by itself
    /// every frame, only when asked (the theme chosen again) or after a change.
    check_stopped_at: Option<u64>,
    /// Watching the file for other programs' writes.
    watch: external::Watch,
    planning: planning::Planning,
    stack: super::stack_plan::StackPlan,
    /// The DXF import dialog, while open.
    dxf_dialog: Option<dxf_import::DxfDialog>,
    /// Scanned plans under the floors (this session only).
    underlays: UnderlayWindow,
    /// The 新建项目 wizard and the compound and building forms, while open.
    inventory: inventory::InventoryForms,
    /// 楼栋台账, while open.
    ledger: super::building_ledger::BuildingLedger,
    /// The floor form, copy and delete dialogs (one open at a time).
    floor_dialogs: super::floor_dialogs::FloorDialogs,
    /// The batch editor of a selection of rooms.
    room_batch: super::room_batch::RoomBatch,
    /// 使用单位与人员, while open, and what it reads.
    people: super::people_panel::PeoplePanel,
    approvals_window: super::approvals_window::ApprovalsWindow,
    people_data: ByGeneration<people::PeopleData>,
    /// The workbook import dialog (导入编制表), while open.
    workbook_dialog: Option<super::workbook_dialog::WorkbookDialog>,
    /// 检查结果 (below the plan, while open) and the 报表 dialog.
    findings: super::findings::FindingsPanel,
    report_dialog: Option<super::report_dialog::ReportDialog>,
    /// 发布到 PostGIS / 从 PostGIS 拉取 (kept between openings: the fields stay filled).
    postgis: super::postgis_dialog::PostgisDialog,
    /// 建设项目, while open, and the projects it shows.
    construction: super::construction_window::ConstructionWindow,
    construction_data: ByGeneration<construction::ConstructionData>,
    /// 标准设置, while open, and what it reads (settings, standard, levels) by generation.
    standards: super::standards_window::StandardsWindow,
    standards_data: ByGeneration<Option<standards::StandardsData>>,
    /// 智能调剂…, while open, its run, and what it reads.
    optimizer: super::optimize_window::OptimizeWindow,
    optimize_data: optimize::OptimizeData,
    /// 上报… and 汇总…, while open.
    submit_dialog: super::province_dialogs::SubmitDialog,
    merge_dialog: super::province_dialogs::MergeDialog,
    /// 范围 of a provincial file (本级, 本级+下级, one county), per file this session.
    scope: scope::ScopeState,
}

impl OfficeplanApp {
    /// An app with no file open.
    pub fn empty() -> Self {
        Self {
            workspace: None,
            navigator: Navigator::default(),
            canvas: PlanCanvas::default(),
            inspector: Inspector::default(),
            plan: None,
            floor: None,
            theme: Theme::default(),
            centre: CentreView::Plan,
            show_history: false,
            history: ByGeneration::default(),
            occupants: ByGeneration::default(),
            context: ByGeneration::default(),
            site_map: ByGeneration::default(),
            site_view: site_map::SiteMap::default(),
            site_selected: None,
            pending_room: None,
            notifications: Notifications::default(),
            menu: MenuBar::default(),
            dialog: None,
            jobs: super::job::Jobs::default(),
            inline_max_rooms: INLINE_MAX_ROOMS,
            check_stopped_at: None,
            watch: external::Watch::default(),
            planning: planning::Planning::default(),
            stack: super::stack_plan::StackPlan::default(),
            dxf_dialog: None,
            underlays: UnderlayWindow::default(),
            inventory: inventory::InventoryForms::default(),
            ledger: super::building_ledger::BuildingLedger::default(),
            floor_dialogs: super::floor_dialogs::FloorDialogs::default(),
            room_batch: super::room_batch::RoomBatch::default(),
            people: super::people_panel::PeoplePanel::default(),
            approvals_window: super::approvals_window::ApprovalsWindow::default(),
            people_data: ByGeneration::default(),
            workbook_dialog: None,
            findings: super::findings::FindingsPanel::default(),
            report_dialog: None,
            postgis: Default::default(),
            construction: super::construction_window::ConstructionWindow::default(),
            construction_data: ByGeneration::default(),
            standards: super::standards_window::StandardsWindow::default(),
            standards_data: ByGeneration::default(),
            optimizer: super::optimize_window::OptimizeWindow::default(),
            optimize_data: optimize::OptimizeData::default(),
            submit_dialog: Default::default(),
            merge_dialog: Default::default(),
            scope: scope::ScopeState::default(),
        }
    }

    /// Opens `path`; a failure becomes a notification, never a crash.
    pub fn open(path: &Path) -> Self {
        let mut app = Self::empty();
        app.open_file(path);
        app
    }

    /// Restores language, theme and recent files from eframe's storage, then opens `path`.
    pub fn with_storage(path: &Path, storage: Option<&dyn eframe::Storage>) -> Self {
        let mut app = Self::empty();
        if let Some(storage) = storage {
            if let Some(lang) = storage
                .get_string(KEY_LANGUAGE)
                .and_then(|l| Language::parse(&l))
            {
                set_language(lang);
            }
            if let Some(theme) = storage.get_string(KEY_THEME).and_then(|t| Theme::parse(&t)) {
                app.theme = theme;
            }
            if let Some(recent) = storage
                .get_string(KEY_RECENT)
                .and_then(|r| serde_json::from_str::<Vec<PathBuf>>(&r).ok())
            {
                app.menu.recent = recent;
            }
        }
        app.open_file(path);
        app
    }

    /// Shows a workspace just opened (by a job) in place of the open file.
    fn install_workspace(&mut self, path: &Path, w: Workspace) {
        if let Some((from, backup)) = w.migrated_from() {
            self.inform(
                crate::t!("app.migrated", from = from, backup = backup.display()).into_owned(),
            );
        }
        // Damage, read-only, dangling links another program left: said once, on opening.
        for notice in w.file_notices() {
            self.inform(notice);
        }
        // Jobs of the file before are of another project: their generations mean nothing here.
        self.jobs.cancel_all();
        // A run of the optimizer is of the file before (dropping it stops it).
        let show_timing = self.optimizer.show_timing;
        self.optimizer = super::optimize_window::OptimizeWindow::default();
        self.optimizer.show_timing = show_timing;
        self.optimize_data = optimize::OptimizeData::default();
        self.workspace = Some(w);
        self.watch = external::Watch::default();
        self.navigator = Navigator::default();
        self.plan = None;
        self.floor = None;
        self.canvas.reset();
        self.history.clear();
        self.context.clear();
        self.site_map.clear();
        self.site_view.fit();
        self.scope.enter(path);
        self.menu.remember(path);
    }

    /// An error, shown until dismissed.
    fn notify(&mut self, message: String) {
        self.notifications.push_error(message);
    }

    /// A notice (not an error), shown until dismissed.
    fn inform(&mut self, message: String) {
        self.notifications.push_notice(message);
    }

    // ---- What tests and the window can ask of the app. ----

    /// The open workspace.
    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        self.workspace.as_mut()
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    /// The floor plan shown.
    pub fn plan(&self) -> Option<&Arc<FloorPlan>> {
        self.plan.as_ref()
    }

    /// The plan canvas (its transform and selection).
    pub fn canvas(&self) -> &PlanCanvas {
        &self.canvas
    }

    /// 智能调剂…: open it, or (for a snapshot that does not depend on the machine's speed)
    /// hide its timings.
    pub fn optimizer_mut(&mut self) -> &mut super::optimize_window::OptimizeWindow {
        &mut self.optimizer
    }

    /// The current theme.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// What the centre shows: the plan, the site map or the stack plan.
    pub fn centre(&self) -> CentreView {
        self.centre
    }

    /// Shows the plan or the site map.
    pub fn set_centre(&mut self, centre: CentreView) {
        self.centre = centre;
    }

    /// The notifications not yet dismissed.
    pub fn stack_plan(&self) -> &super::stack_plan::StackPlan {
        &self.stack
    }

    /// The target picker of the stack plan (the drop waiting for a choice of rooms).
    pub fn target_picker(&self) -> &super::target_picker::TargetPicker {
        &self.planning.picker
    }

    pub fn notifications(&self) -> &[(String, bool)] {
        self.notifications.entries()
    }

    /// The selected rooms of the shown floor.
    pub fn selected_rooms(&self) -> Vec<&crate::model::Room> {
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        self.canvas
            .selection
            .iter()
            .filter_map(|i| plan.rooms.get(*i))
            .collect()
    }

    /// Opens a floor by its index in the project index.
    pub fn open_floor(&mut self, floor: usize) {
        if self.floor != Some(floor) {
            self.floor = Some(floor);
            self.navigator.selected_floor = Some(floor);
            self.plan = None;
            self.canvas.reset();
        }
        self.centre = CentreView::Plan;
    }

    // ---- Frame. ----

    /// Draws the whole window into `ui`.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.jobs.set_context(ui.ctx());
        self.poll_jobs();
        self.watch_file(ui);
        self.handle_dropped_files(ui);
        self.handle_shortcuts(ui);
        egui::Panel::top("menu").show(ui, |ui| {
            if let Some(action) = self.menu.ui(ui, &self.menu_state()) {
                self.on_menu(action);
            }
            let state = self.toolbar_state();
            if let Some(action) = toolbar::ui(ui, &state, |ui| self.typed_size_ui(ui)) {
                self.on_menu(action);
            }
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if !self.notifications.is_empty() {
            egui::Panel::bottom("notifications").show(ui, |ui| self.notifications.show(ui));
        }
        if self.findings.open {
            egui::Panel::bottom("findings")
                .default_size(260.0)
                .show(ui, |ui| self.findings_ui(ui));
        }
        // Side panels never take more than a third of the window each, so the plan always
        // keeps its room, whatever width a panel's content asked for or was saved with.
        let side_max = (ui.available_width() / 3.0).max(280.0);
        egui::Panel::left("navigator")
            .default_size(300.0)
            .max_size(side_max)
            .show(ui, |ui| self.navigator_ui(ui));
        self.load_plan();
        egui::Panel::right("inspector")
            .default_size(320.0)
            .min_size(280.0)
            .max_size(side_max)
            .show(ui, |ui| self.right_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.centre_ui(ui));
        let ctx = ui.ctx().clone();
        self.dialog_ui(&ctx);
        self.choice_ui(&ctx);
        self.picker_ui(&ctx);
        self.compare_ui(&ctx);
        self.moves_ui(&ctx);
        self.dxf_dialog_ui(&ctx);
        self.underlay_ui(&ctx);
        self.ledger_ui(&ctx);
        self.inventory_ui(&ctx);
        self.floor_dialogs_ui(&ctx);
        self.people_ui(&ctx);
        self.approvals_ui(&ctx);
        self.workbook_dialog_ui(&ctx);
        self.report_dialog_ui(&ctx);
        self.postgis_ui(&ctx);
        self.construction_ui(&ctx);
        self.standards_ui(&ctx);
        self.optimize_ui(&ctx);
        self.province_ui(&ctx);
        super::drag::ghost_ui(&ctx);
    }

    fn handle_dropped_files(&mut self, ui: &egui::Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            let is_gpkg = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"));
            if is_gpkg {
                self.open_file(&path);
            } else {
                self.notify(crate::t!("app.not_gpkg", path = path.display()).into_owned());
            }
        }
    }

    fn handle_shortcuts(&mut self, ui: &egui::Ui) {
        // Text fields keep their own undo.
        if ui.memory(|m| m.focused().is_some()) {
            return;
        }
        let (redo, undo) = ui.input_mut(|i| {
            let shift_z = i.consume_key(
                egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                egui::Key::Z,
            );
            let y = i.consume_key(egui::Modifiers::COMMAND, egui::Key::Y);
            let z = i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z);
            (shift_z || y, z)
        });
        if undo {
            self.undo();
        }
        if redo {
            self.redo();
        }
    }

    fn undo(&mut self) {
        let underlays = self.workspace.as_ref().map(Workspace::underlay_revision);
        if let Some(w) = &mut self.workspace
            && let Err(e) = w.undo()
        {
            self.notify(e.to_string());
        }
        self.reload_underlays_if_changed(underlays);
        self.after_edit();
    }

    fn redo(&mut self) {
        let underlays = self.workspace.as_ref().map(Workspace::underlay_revision);
        if let Some(w) = &mut self.workspace
            && let Err(e) = w.redo()
        {
            self.notify(e.to_string());
        }
        self.reload_underlays_if_changed(underlays);
        self.after_edit();
    }

    fn apply(&mut self, edit: Edit) {
        if let Some(w) = &mut self.workspace
            && let Err(e) = w.apply(edit)
        {
            self.notify(e.to_string());
        }
        self.after_edit();
    }

    /// Reloads the shown floor (keeping the view and the selection).
    fn after_edit(&mut self) {
        self.refind_floor();
        let (Some(w), Some(plan)) = (&mut self.workspace, &self.plan) else {
            return;
        };
        match w.floor_plan_when_ready(&plan.floor) {
            Ok(Some(p)) => {
                // An undo can take rooms away: forget selected indices past the end.
                self.canvas.selection.retain(|i| *i < p.rooms.len());
                self.plan = Some(p);
            }
            // A scenario shown waits for its check: the floor comes back when it is ready.
            Ok(None) => self.plan = None,
            Err(e) => self.notifications.push_error(e.to_string()),
        }
        self.inspector = Inspector::default();
    }

    /// What the menus offer this frame.
    fn menu_state(&self) -> MenuState {
        let w = self.workspace.as_ref();
        let (can_undo, can_redo) = w.map_or((false, false), |w| (w.can_undo(), w.can_redo()));
        MenuState {
            can_save: w.is_some(),
            can_export: self.plan.is_some(),
            can_import: self.can_import_dxf(),
            can_import_workbook: w.is_some_and(|w| !w.is_read_only()),
            can_undo,
            can_redo,
            centre: self.centre,
            show_history: self.show_history,
            show_underlay: self.underlays.open,
            show_ledger: self.ledger.open,
            show_people: self.people.open,
            show_approvals: self.approvals_window.open,
            show_findings: self.findings.open,
            show_projects: self.construction.open,
            show_optimizer: self.optimizer.open,
            provincial: w.is_some_and(|w| {
                w.index()
                    .region
                    .as_ref()
                    .is_some_and(|r| r.level == crate::model::RegionLevel::Province)
            }),
        }
    }

    /// What the toolbar shows this frame.
    fn toolbar_state(&self) -> ToolbarState {
        let (can_undo, can_redo) = self
            .workspace
            .as_ref()
            .map_or((false, false), |w| (w.can_undo(), w.can_redo()));
        ToolbarState {
            centre: self.centre,
            tool: self.canvas.tool,
            theme: self.theme,
            can_undo,
            can_redo,
            has_plan: self.plan.is_some(),
            shape_refusal: self.shape_editing_refused(),
            selected: self.canvas.selection.len(),
            no_rooms: self.plan.as_ref().is_some_and(|p| p.rooms.is_empty()),
        }
    }

    /// Carries out a choice of the menu bar or the toolbar.
    fn on_menu(&mut self, action: MenuAction) {
        match action {
            MenuAction::Dialog(purpose) => {
                let path = match purpose {
                    PathPurpose::Export => self.default_export_path(),
                    PathPurpose::Workbook { .. } => self.default_workbook_path(),
                    _ => String::new(),
                };
                self.dialog = Some(PathDialog::new(purpose, path));
            }
            MenuAction::NewProject => self.open_project_wizard(),
            MenuAction::ImportDxf => self.open_dxf_dialog(),
            MenuAction::OpenRecent(path) => self.open_file(&path),
            MenuAction::Undo => self.undo(),
            MenuAction::Redo => self.redo(),
            MenuAction::ShowCentre(centre) => self.centre = centre,
            MenuAction::ShowHistory(show) => self.show_history = show,
            MenuAction::ShowUnderlay(show) => self.underlays.open = show,
            MenuAction::ShowLedger(show) => self.ledger.open = show,
            MenuAction::ShowPeople(show) => self.people.open = show,
            MenuAction::ShowApprovals(show) => self.approvals_window.open = show,
            MenuAction::ShowStandards => self.standards.open = true,
            MenuAction::ShowFindings(show) => self.findings.open = show,
            MenuAction::ShowProjects(show) => self.construction.open = show,
            MenuAction::ShowOptimizer(show) => self.open_optimizer(show),
            MenuAction::Report(choice) => self.open_report_dialog(choice),
            MenuAction::Postgis(mode) => self.open_postgis(mode),
            MenuAction::SetLanguage(lang) => {
                set_language(lang);
                // Labels are built in the language of the moment: rebuild them.
                self.context.clear();
                self.navigator.forget_labels();
                self.canvas.reset_cache();
            }
            MenuAction::SetTool {
                tool,
                cancel_sketch,
            } => {
                self.canvas.tool = tool;
                if cancel_sketch {
                    self.canvas.sketch.cancel();
                }
            }
            MenuAction::Fit => {
                self.canvas.fit();
                self.site_view.fit();
            }
            MenuAction::SetTheme(theme) => self.set_theme(theme),
            MenuAction::MergeSelected => self.merge_selected(),
            MenuAction::DeleteSelected => self.delete_selected(),
            MenuAction::Submit => self.open_submit_dialog(),
            MenuAction::Merge => self.open_merge_dialog(),
        }
    }

    /// Whether a compliance check is running in the background.
    pub fn is_checking(&self) -> bool {
        self.jobs.is_running(super::job::JobKind::Check)
    }

    /// Sets the theme (as the toolbar does).
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
        if theme == Theme::Compliance {
            self.check_stopped_at = None;
            self.ensure_checked();
        }
    }

    fn navigator_ui(&mut self, ui: &mut egui::Ui) {
        if self.workspace.is_none() {
            ui.label(crate::t!("app.no_file").as_ref());
            return;
        }
        let regions = self.regions();
        let choices = self.scope_choices();
        let scope = self.shown_scope();
        let Some(w) = &self.workspace else { return };
        self.navigator
            .refresh(w.index(), &regions, scope, w.generation());
        match self.navigator.ui(ui, &choices, scope) {
            Some(NavigatorAction::SetScope(chosen)) => self.set_scope(chosen),
            Some(NavigatorAction::OpenFloor(f)) => self.open_floor(f),
            Some(NavigatorAction::Search(text)) => {
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                self.search(&text, scope, enter);
            }
            Some(NavigatorAction::OpenRoom { floor, room }) => self.jump_to(floor, room),
            Some(NavigatorAction::AddFloor(b)) => self.add_floor_dialog(b),
            Some(NavigatorAction::Floor(f, item)) => self.floor_menu(f, item),
            Some(other) => self.inventory_request(&other),
            None => {}
        }
    }

    /// Opens the floor of a room and selects the room.
    pub fn jump_to(&mut self, floor: Uuid, room: Uuid) {
        let Some(w) = &self.workspace else { return };
        let Some(f) = w.index().floors.iter().position(|e| e.floor.uuid == floor) else {
            return;
        };
        let building = w.index().floors.get(f).map(|e| e.building);
        self.open_floor(f);
        self.navigator.open_building = building;
        self.pending_room = Some(room);
    }

    pub(super) fn load_plan(&mut self) {
        if self.plan.is_none()
            && let (Some(w), Some(f)) = (&mut self.workspace, self.floor)
            && let Some(floor) = w.index().floors.get(f).map(|e| e.floor.uuid)
        {
            match w.floor_plan_when_ready(&floor) {
                Ok(Some(p)) => self.plan = Some(p),
                // The shown scenario's state is its check: run it (off this thread if large).
                Ok(None) => self.ensure_checked(),
                Err(e) => self.notifications.push_error(e.to_string()),
            }
        }
        if let (Some(room), Some(plan)) = (self.pending_room, &self.plan)
            && let Some(i) = plan.rooms.iter().position(|r| r.uuid == room)
        {
            self.canvas.select_room(plan, i);
            self.pending_room = None;
        }
    }

    fn theme_context(&mut self) -> Option<&ThemeContext> {
        let w = self.workspace.as_ref()?;
        let key = w.generation() * 2 + u64::from(w.checked_if_run().is_some());
        Some(self.context.get_or_insert_with(key, || w.theme_context()))
    }

    fn centre_ui(&mut self, ui: &mut egui::Ui) {
        if self.workspace.is_none() {
            let text = if self.jobs.is_running(super::job::JobKind::Open) {
                crate::t!("job.opening_help")
            } else {
                crate::t!("app.no_file")
            };
            ui.centered_and_justified(|ui| ui.label(text.as_ref()));
            return;
        }
        match self.centre {
            CentreView::SiteMap => self.site_map_ui(ui),
            CentreView::Plan => self.plan_ui(ui),
            CentreView::Stack => self.stack_ui(ui),
        }
    }

    /// 楼栋台账: 编辑… opens the building form, 定位 shows the building on the site map.
    fn ledger_ui(&mut self, ctx: &egui::Context) {
        use super::building_ledger::LedgerAction;
        let Some(w) = &self.workspace else { return };
        match self.ledger.show(ctx, w.index(), w.generation()) {
            Some(LedgerAction::Edit(b)) => {
                self.inventory_request(&NavigatorAction::EditBuilding(b));
            }
            Some(LedgerAction::Locate(b)) => {
                self.centre = CentreView::SiteMap;
                self.site_selected = Some(b);
                self.navigator.open_building = Some(b);
            }
            None => {}
        }
    }

    fn site_map_ui(&mut self, ui: &mut egui::Ui) {
        let scope = self.shown_scope();
        let regions = self.regions();
        let Some(w) = &self.workspace else { return };
        let index = w.index();
        let view = crate::workspace::region_groups::ScopeView {
            scope,
            regions: &regions,
        };
        let placed = self
            .site_map
            .get_or_insert_with((w.generation(), scope), || site_map::place(index, view));
        let clicked = self.site_view.ui(ui, placed, self.site_selected);
        if let Some(at) = self.site_view.clicked_at.take() {
            self.place_from_map(at);
            return;
        }
        let Some(w) = &self.workspace else { return };
        if let Some(b) = clicked {
            self.site_selected = Some(b);
            // Open the building's lowest floor at or above ground.
            let floor = w.index().buildings.get(b).and_then(|entry| {
                entry
                    .floors
                    .iter()
                    .copied()
                    .filter_map(|f| w.index().floors.get(f).map(|e| (f, e.floor.level)))
                    .min_by_key(|(_, level)| (*level < 1, *level))
                    .map(|(f, _)| f)
            });
            self.navigator.open_building = Some(b);
            if let Some(f) = floor {
                self.open_floor(f);
            }
        }
    }

    fn plan_ui(&mut self, ui: &mut egui::Ui) {
        let scope = self.shown_scope();
        let Some(plan) = self.plan.clone() else {
            let waiting = self.floor.is_some()
                && self
                    .workspace
                    .as_ref()
                    .is_some_and(Workspace::scenario_waits_for_check);
            // A new file has nothing to pick yet: say where to begin instead.
            let index = self.workspace.as_ref().map(Workspace::index);
            let text = if waiting {
                crate::t!("job.plan_waits")
            } else if index.is_some_and(|i| i.sites.is_empty()) {
                crate::t!("app.start_with_site")
            } else if index.is_some_and(|i| i.buildings.is_empty()) {
                crate::t!("app.start_with_building")
            } else if index.is_some_and(|i| i.floors.is_empty()) {
                crate::t!("app.start_with_floor")
            } else if index.is_some_and(|i| {
                !(0..i.sites.len())
                    .any(|s| crate::workspace::region_groups::site_in_scope(i, scope, s))
            }) {
                // A scope of a provincial file with no compound (本级 of a province, often).
                crate::t!("scope.no_sites_plan")
            } else {
                crate::t!("app.pick_floor")
            };
            ui.centered_and_justified(|ui| ui.label(text.as_ref()));
            return;
        };
        let theme = self.theme;
        if theme == Theme::Compliance {
            // After an edit the compliance theme needs the check again.
            self.ensure_checked();
        }
        let generation = self.workspace.as_ref().map_or(0, |w| w.generation());
        let Some(context) = self.theme_context().cloned() else {
            return;
        };
        let legend = context.legend(theme, &plan.rooms);
        let checking = self.is_checking();
        let rect = ui.available_rect_before_wrap();
        self.prepare_canvas();
        self.restore_underlay(&ui.ctx().clone());
        self.canvas.underlay = self.underlays.layer(&plan.floor);
        let mut output = self.canvas.ui(ui, &plan, theme, &context, generation);
        if let Some(gesture) = output.gesture.take() {
            self.apply_gesture(gesture);
        }
        self.canvas_output(ui, output);
        // The legend floats in the canvas's upper right corner; an empty floor has none.
        if !plan.rooms.is_empty() {
            super::legend::ui(ui, rect, theme, &legend, checking);
        }
    }

    fn right_ui(&mut self, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical()
            .id_salt("right")
            .show(ui, |ui| {
                egui::CollapsingHeader::new(crate::t!("plan.title").as_ref())
                    .id_salt("scenarios")
                    .default_open(true)
                    .show(ui, |ui| self.scenario_ui(ui));
                ui.separator();
                self.inspector_ui(ui);
                ui.separator();
                // The body (and the check it needs) runs only while the list is open.
                egui::CollapsingHeader::new(crate::t!("units.title").as_ref())
                    .id_salt("units")
                    .show(ui, |ui| self.units_ui(ui));
                if self.show_history {
                    ui.separator();
                    ui.heading(crate::t!("menu.history").as_ref());
                    self.history_ui(ui);
                }
            });
    }

    fn units_ui(&mut self, ui: &mut egui::Ui) {
        self.ensure_checked();
        let scope = self.shown_scope();
        let Some(checked) = self.workspace.as_ref().and_then(|w| w.checked_if_run()) else {
            ui.spinner();
            return;
        };
        // The units of the scope shown (范围 of a provincial file).
        let own = checked.project.region.as_ref().map(|r| r.uuid);
        let shown = |u: &crate::model::Unit| scope.holds(u.region, own);
        if let Some((unit, name)) = super::units::ui(ui, &checked, shown) {
            // The unit's first room in file order: its floor opens and the room is selected.
            match checked
                .project
                .rooms
                .iter()
                .find(|r| r.units.contains(&unit))
            {
                Some(room) => self.jump_to(room.floor, room.uuid),
                None => self.inform(crate::t!("units.no_room", name = name).into_owned()),
            }
        }
    }

    fn inspector_ui(&mut self, ui: &mut egui::Ui) {
        let selected: Vec<usize> = self.canvas.selection.clone();
        let Some(plan) = self.plan.clone() else {
            ui.label(crate::t!("inspector.nothing").as_ref());
            return;
        };
        match selected.as_slice() {
            [] => {
                ui.label(crate::t!("inspector.nothing").as_ref());
            }
            [one] => {
                let Some(room) = plan.rooms.get(*one) else {
                    return;
                };
                let area_m2 = plan.areas.get(*one).copied().unwrap_or(0.0);
                let generation = self.workspace.as_ref().map_or(0, |w| w.generation());
                if let Some(w) = &mut self.workspace
                    && let Err(e) = self
                        .occupants
                        .get_or_try_insert_with((room.uuid, generation), || {
                            w.room_occupants(&room.uuid)
                        })
                {
                    self.notifications.push_error(e.to_string());
                }
                if !room.units.is_empty() {
                    self.ensure_checked();
                }
                let Some(context) = self.theme_context().cloned() else {
                    return;
                };
                let unit_names = room
                    .units
                    .iter()
                    .map(|u| (*u, context.unit_name(u).unwrap_or("?").to_owned()))
                    .collect();
                let (all_units, all_persons) = self.pickers(&room.units);
                let approvals = self
                    .people_data()
                    .map(|d| d.approvals.clone())
                    .unwrap_or_default();
                let occupants = self.occupants.last().map(Vec::as_slice).unwrap_or_default();
                let view = RoomView {
                    room,
                    area_m2,
                    geometry_problem: plan.problems.get(*one).and_then(Option::as_ref),
                    occupants,
                    unit_names,
                    all_units: &[],
                    all_persons: &[],
                    approvals: &[],
                };
                let checked = self.workspace.as_ref().and_then(|w| w.checked_if_run());
                let read_only = self.workspace.as_ref().is_some_and(|w| w.is_read_only());
                let view = RoomView {
                    all_units: &all_units,
                    all_persons: &all_persons,
                    approvals: &approvals,
                    ..view
                };
                if let Some(edit) = self
                    .inspector
                    .room_ui(ui, &view, checked.as_deref(), read_only)
                {
                    self.apply(edit);
                }
                if let Some(request) = self.inspector.request.take() {
                    self.on_room_request(request);
                }
            }
            many => {
                let area = self.canvas.selected_area(&plan);
                ui.heading(crate::t!("inspector.many", count = many.len()).as_ref());
                ui.label(format_area(area, AreaBasis::Usable));
                ui.separator();
                self.room_batch_ui(ui, &plan, many);
            }
        }
    }

    fn history_ui(&mut self, ui: &mut egui::Ui) {
        let Some(w) = &self.workspace else { return };
        // Every write, undo and redo included, moves the generation.
        let notifications = &mut self.notifications;
        let entries = self
            .history
            .get_or_insert_with(w.generation(), || match w.history(200) {
                Ok(entries) => entries,
                Err(e) => {
                    notifications.push_error(e.to_string());
                    Vec::new()
                }
            });
        history::ui(ui, entries);
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        let scenario = match self.comparison() {
            Some(Ok(c)) => Some((c.name, c.scenario)),
            _ => None,
        };
        let findings = self.findings_counts();
        let scope_totals = self.scope_totals();
        let Some(w) = &self.workspace else {
            let view = StatusView {
                file: None,
                scenario: None,
                jobs: self.jobs.running(),
                floor: None,
                project: status_bar::Totals::default(),
                findings: None,
            };
            if let Some(kind) = status_bar::ui(ui, &view) {
                self.cancel_job(kind);
            }
            return;
        };
        let totals = |t: &crate::analysis::CategoryStatusTotals| status_bar::Totals {
            rooms: t.total().rooms,
            area_m2: t.total().area_m2,
            unmeasured: t.unmeasured(),
        };
        let floor = match (&self.plan, self.floor.and_then(|f| w.index().floors.get(f))) {
            (Some(plan), Some(f)) => Some(FloorStatus {
                name: f.floor.name.clone(),
                totals: totals(&f.totals),
                selection: (!self.canvas.selection.is_empty())
                    .then(|| (self.canvas.selection.len(), self.canvas.selected_area(plan))),
                measurement: self.canvas.measurement(),
                cursor: self.canvas.cursor_in_plan,
                scale_denominator: self.canvas.scale_denominator(),
            }),
            _ => None,
        };
        let view = StatusView {
            file: Some(w.path()),
            scenario,
            jobs: self.jobs.running(),
            floor,
            project: totals(&scope_totals.unwrap_or(w.index().totals)),
            findings,
        };
        if let Some(kind) = status_bar::ui(ui, &view) {
            self.cancel_job(kind);
        }
    }

    /// The path dialog, while open, and what its path is for.
    fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let Some(action) = dialog.ui(ctx) else {
            return;
        };
        self.dialog = None;
        let PathDialogAction::Chosen { purpose, path } = action else {
            return;
        };
        match purpose {
            PathPurpose::Open => self.open_file(&path),
            PathPurpose::SaveAs => self.save_as(&path),
            PathPurpose::Export => self.export_plan(&path),
            PathPurpose::MoveList => self.export_moves(&path),
            PathPurpose::Workbook { filled } => self.export_workbook(&path, filled),
            PathPurpose::ImportWorkbook => self.open_workbook_dialog(&path),
            // The report dialog asks its own path.
            PathPurpose::Report => {}
        }
    }

    /// `<file folder>/<floor title>.pdf`, a place the planner can change.
    fn default_export_path(&self) -> String {
        let (Some(w), Some(f)) = (&self.workspace, self.floor) else {
            return String::new();
        };
        let Some(entry) = w.index().floors.get(f) else {
            return String::new();
        };
        let (title, _) = crate::io::export::floor_title(w.index(), entry);
        let name: String = title
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        let folder = w.path().parent().map(Path::to_path_buf).unwrap_or_default();
        folder.join(format!("{name}.pdf")).display().to_string()
    }

    /// Writes the shown floor, in the current theme, as a PDF, PNG or SVG sheet (in the
    /// background: the status bar shows it).
    pub fn export_plan(&mut self, path: &Path) {
        let (Some(plan), Some(f)) = (self.plan.clone(), self.floor) else {
            return;
        };
        let theme = self.theme;
        let Some(context) = self.theme_context().cloned() else {
            return;
        };
        let Some(w) = &self.workspace else { return };
        let Some(entry) = w.index().floors.get(f) else {
            return;
        };
        let (title, north_deg) = crate::io::export::floor_title(w.index(), entry);
        let sheet = crate::io::export::Sheet::for_floor(
            title,
            &plan.rooms,
            &plan.areas,
            &context,
            theme,
            crate::model::today_local(),
            north_deg,
        );
        self.start_export(sheet, path);
    }

    /// Saves language, theme and recent files.
    pub fn save_settings(&self, storage: &mut dyn eframe::Storage) {
        storage.set_string(KEY_LANGUAGE, language().locale().to_owned());
        storage.set_string(KEY_THEME, self.theme.code().to_owned());
        if let Ok(recent) = serde_json::to_string(&self.menu.recent) {
            storage.set_string(KEY_RECENT, recent);
        }
    }
}

impl eframe::App for OfficeplanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.save_settings(storage);
    }
}
