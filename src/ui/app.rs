//! The main window: menu and toolbar, navigator (left), plan canvas or site map (centre),
//! inspector and history (right), status bar (bottom), notifications.
//!
//! [`OfficeplanApp::show`] draws everything into a `Ui`, so the same code runs in the real
//! window and in the `egui_kittest` tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Color32;

mod dxf_import;
mod editing;
mod external;
mod jobs;
mod planning;
mod underlay;

use super::canvas::{PlanCanvas, Tool};
use super::inspector::{Inspector, RoomView};
use super::navigator::{Navigator, NavigatorAction};
use super::{history, site_map};
use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::i18n::{Language, language, set_language};
use crate::model::{Project, Uuid};
use crate::store::{ChangeEntry, CreateOptions, Occupant};
use crate::view::{Theme, ThemeContext};
use crate::workspace::{Edit, FloorPlan, Workspace};
pub use jobs::INLINE_MAX_ROOMS;

/// Keys in eframe's storage.
const KEY_LANGUAGE: &str = "officeplan.language";
const KEY_RECENT: &str = "officeplan.recent";
const KEY_THEME: &str = "officeplan.theme";
const RECENT_MAX: usize = 8;

/// The centre of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentreView {
    #[default]
    Plan,
    SiteMap,
    /// The stack plan (楼层堆叠图): floors as rows, unit blocks sized by area.
    Stack,
}

/// What a path dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PathPurpose {
    Open,
    New,
    SaveAs,
    /// The shown floor as a sheet; the format follows the extension (.pdf, .png, .svg).
    Export,
    /// The active scenario's move list as a workbook.
    MoveList,
}

/// A small window with a typed path and a 浏览… button (the system dialog, where there is
/// one: without a desktop portal `rfd` returns nothing and the typed path still works).
struct PathDialog {
    purpose: PathPurpose,
    path: String,
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
    history: Option<(u64, Vec<ChangeEntry>)>,
    occupants: Option<(Uuid, u64, Vec<Occupant>)>,
    context: Option<(u64, ThemeContext)>,
    site_map: Option<(u64, Vec<site_map::PlacedBuilding>)>,
    site_view: site_map::SiteMap,
    site_selected: Option<usize>,
    /// A room to select once its floor is shown (from a search hit).
    pending_room: Option<Uuid>,
    /// Errors and notices shown until dismissed: (text, is it an error).
    notifications: Vec<(String, bool)>,
    recent: Vec<PathBuf>,
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
    underlays: underlay::Underlays,
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
            history: None,
            occupants: None,
            context: None,
            site_map: None,
            site_view: site_map::SiteMap::default(),
            site_selected: None,
            pending_room: None,
            notifications: Vec::new(),
            recent: Vec::new(),
            dialog: None,
            jobs: super::job::Jobs::default(),
            inline_max_rooms: INLINE_MAX_ROOMS,
            check_stopped_at: None,
            watch: external::Watch::default(),
            planning: planning::Planning::default(),
            stack: super::stack_plan::StackPlan::default(),
            dxf_dialog: None,
            underlays: underlay::Underlays::default(),
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
                app.recent = recent;
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
        self.workspace = Some(w);
        self.watch = external::Watch::default();
        self.navigator = Navigator::default();
        self.plan = None;
        self.floor = None;
        self.canvas.reset();
        self.history = None;
        self.context = None;
        self.site_map = None;
        self.site_view.fit();
        self.remember(path);
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }

    /// An error, shown until dismissed.
    fn notify(&mut self, message: String) {
        self.notifications.push((message, true));
    }

    /// A notice (not an error), shown until dismissed.
    fn inform(&mut self, message: String) {
        self.notifications.push((message, false));
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

    /// The current theme.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// Shows the plan or the site map.
    pub fn set_centre(&mut self, centre: CentreView) {
        self.centre = centre;
    }

    /// The notifications not yet dismissed.
    pub fn stack_plan(&self) -> &super::stack_plan::StackPlan {
        &self.stack
    }

    pub fn notifications(&self) -> &[(String, bool)] {
        &self.notifications
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
            self.menu_ui(ui);
            self.toolbar_ui(ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if !self.notifications.is_empty() {
            egui::Panel::bottom("notifications").show(ui, |ui| self.notifications_ui(ui));
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
        self.dialog_ui(ui);
        let ctx = ui.ctx().clone();
        self.choice_ui(&ctx);
        self.compare_ui(&ctx);
        self.moves_ui(&ctx);
        self.dxf_dialog_ui(&ctx);
        self.underlay_ui(&ctx);
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
            Err(e) => self.notifications.push((e.to_string(), true)),
        }
        self.inspector = Inspector::default();
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(crate::t!("menu.file").as_ref(), |ui| {
                if ui.button(crate::t!("menu.new").as_ref()).clicked() {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::New,
                        path: String::new(),
                    });
                }
                if ui.button(crate::t!("menu.open").as_ref()).clicked() {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::Open,
                        path: String::new(),
                    });
                }
                let can_save = self.workspace.is_some();
                if ui
                    .add_enabled(
                        can_save,
                        egui::Button::new(crate::t!("menu.save_as").as_ref()),
                    )
                    .clicked()
                {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::SaveAs,
                        path: String::new(),
                    });
                }
                let can_export = self.plan.is_some();
                if ui
                    .add_enabled(
                        can_export,
                        egui::Button::new(crate::t!("menu.export").as_ref()),
                    )
                    .on_disabled_hover_text(crate::t!("app.pick_floor").as_ref())
                    .clicked()
                {
                    self.dialog = Some(PathDialog {
                        purpose: PathPurpose::Export,
                        path: self.default_export_path(),
                    });
                }
                let can_import = self.plan.is_some()
                    && self
                        .workspace
                        .as_ref()
                        .is_some_and(|w| !w.is_read_only() && w.active_scenario().is_none());
                if ui
                    .add_enabled(
                        can_import,
                        egui::Button::new(crate::t!("menu.import_dxf").as_ref()),
                    )
                    .on_disabled_hover_text(crate::t!("dxf_dialog.needs_floor").as_ref())
                    .clicked()
                {
                    self.open_dxf_dialog();
                }
                ui.menu_button(crate::t!("menu.recent").as_ref(), |ui| {
                    if self.recent.is_empty() {
                        ui.label(crate::t!("menu.no_recent").as_ref());
                    }
                    let mut chosen = None;
                    for p in &self.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            chosen = Some(p.clone());
                        }
                    }
                    if let Some(p) = chosen {
                        self.open_file(&p);
                    }
                });
                ui.separator();
                ui.small(crate::t!("menu.autosave").as_ref());
            });
            ui.menu_button(crate::t!("menu.edit").as_ref(), |ui| {
                let (can_undo, can_redo) = self
                    .workspace
                    .as_ref()
                    .map_or((false, false), |w| (w.can_undo(), w.can_redo()));
                if ui
                    .add_enabled(
                        can_undo,
                        egui::Button::new(crate::t!("menu.undo").as_ref()).shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    self.undo();
                }
                if ui
                    .add_enabled(
                        can_redo,
                        egui::Button::new(crate::t!("menu.redo").as_ref())
                            .shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    self.redo();
                }
            });
            ui.menu_button(crate::t!("menu.view").as_ref(), |ui| {
                ui.radio_value(
                    &mut self.centre,
                    CentreView::Plan,
                    crate::t!("menu.plan").as_ref(),
                );
                ui.radio_value(
                    &mut self.centre,
                    CentreView::SiteMap,
                    crate::t!("menu.site_map").as_ref(),
                );
                ui.radio_value(
                    &mut self.centre,
                    CentreView::Stack,
                    crate::t!("menu.stack").as_ref(),
                );
                ui.separator();
                ui.checkbox(&mut self.show_history, crate::t!("menu.history").as_ref());
                ui.checkbox(
                    &mut self.underlays.open,
                    crate::t!("menu.underlay").as_ref(),
                );
                ui.separator();
                ui.label(crate::t!("menu.language").as_ref());
                let mut lang = language();
                ui.radio_value(&mut lang, Language::Chinese, "中文");
                ui.radio_value(&mut lang, Language::English, "English");
                if lang != language() {
                    set_language(lang);
                    // Labels are built in the language of the moment: rebuild them.
                    self.context = None;
                    self.navigator.forget_labels();
                    self.canvas.reset_cache();
                }
            });
        });
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut self.centre,
                CentreView::Plan,
                crate::t!("menu.plan").as_ref(),
            );
            ui.selectable_value(
                &mut self.centre,
                CentreView::SiteMap,
                crate::t!("menu.site_map").as_ref(),
            );
            ui.selectable_value(
                &mut self.centre,
                CentreView::Stack,
                crate::t!("menu.stack").as_ref(),
            );
            ui.separator();
            ui.selectable_value(
                &mut self.canvas.tool,
                Tool::Select,
                crate::t!("tool.select").as_ref(),
            )
            .on_hover_text(crate::t!("tool.select_help").as_ref());
            ui.selectable_value(
                &mut self.canvas.tool,
                Tool::Measure,
                crate::t!("tool.measure").as_ref(),
            )
            .on_hover_text(crate::t!("tool.measure_help").as_ref());
            self.edit_tools_ui(ui);
            if ui.button(crate::t!("tool.fit").as_ref()).clicked() {
                self.canvas.fit();
                self.site_view.fit();
            }
            ui.separator();
            let label = ui.label(crate::t!("tool.theme").as_ref());
            let before = self.theme;
            egui::ComboBox::from_id_salt("theme")
                .selected_text(self.theme.label())
                .show_ui(ui, |ui| {
                    for t in Theme::ALL {
                        ui.selectable_value(&mut self.theme, t, t.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if self.theme != before && self.theme == Theme::Compliance {
                self.check_stopped_at = None;
                self.ensure_checked();
            }
            ui.separator();
            let (can_undo, can_redo) = self
                .workspace
                .as_ref()
                .map_or((false, false), |w| (w.can_undo(), w.can_redo()));
            if ui
                .add_enabled(can_undo, egui::Button::new(crate::t!("menu.undo").as_ref()))
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(can_redo, egui::Button::new(crate::t!("menu.redo").as_ref()))
                .clicked()
            {
                self.redo();
            }
        });
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

    fn notifications_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismissed = None;
        for (i, (message, error)) in self.notifications.iter().enumerate() {
            // Wrapped: a notice about the file can be two lines on a small screen.
            ui.horizontal_wrapped(|ui| {
                if ui.button(crate::t!("app.dismiss").as_ref()).clicked() {
                    dismissed = Some(i);
                }
                if *error {
                    ui.colored_label(Color32::from_rgb(190, 30, 30), message);
                } else {
                    ui.label(message);
                }
            });
        }
        if let Some(i) = dismissed {
            self.notifications.remove(i);
        }
    }

    fn navigator_ui(&mut self, ui: &mut egui::Ui) {
        let Some(w) = &self.workspace else {
            ui.label(crate::t!("app.no_file").as_ref());
            return;
        };
        self.navigator.refresh(w.index(), w.generation());
        match self.navigator.ui(ui) {
            Some(NavigatorAction::OpenFloor(f)) => self.open_floor(f),
            Some(NavigatorAction::Search(text)) => match w.search(&text) {
                Ok(hits) => {
                    let first = hits.first().map(|h| (h.floor, h.room));
                    self.navigator.hits = hits;
                    // Enter (or a unique hit) jumps to the first hit at once.
                    if let Some((floor, room)) = first
                        && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    {
                        self.jump_to(floor, room);
                    }
                }
                Err(e) => self.notifications.push((e.to_string(), true)),
            },
            Some(NavigatorAction::OpenRoom { floor, room }) => self.jump_to(floor, room),
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
                Err(e) => self.notifications.push((e.to_string(), true)),
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
        if self.context.as_ref().is_none_or(|(g, _)| *g != key) {
            self.context = Some((key, w.theme_context()));
        }
        self.context.as_ref().map(|(_, c)| c)
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

    fn site_map_ui(&mut self, ui: &mut egui::Ui) {
        let Some(w) = &self.workspace else { return };
        let generation = w.generation();
        if self.site_map.as_ref().is_none_or(|(g, _)| *g != generation) {
            self.site_map = Some((generation, site_map::place(w.index())));
        }
        let Some((_, placed)) = &self.site_map else {
            return;
        };
        if let Some(b) = self.site_view.ui(ui, placed, self.site_selected) {
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
        let Some(plan) = self.plan.clone() else {
            let waiting = self.floor.is_some()
                && self
                    .workspace
                    .as_ref()
                    .is_some_and(Workspace::scenario_waits_for_check);
            let text = if waiting {
                crate::t!("job.plan_waits")
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
        // The legend floats in the canvas's upper right corner.
        let legend_rect = egui::Rect::from_min_size(
            egui::pos2(rect.right() - 230.0, rect.top() + 8.0),
            egui::vec2(222.0, rect.height() - 16.0),
        );
        ui.scope_builder(egui::UiBuilder::new().max_rect(legend_rect), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.strong(crate::t!("legend.title", theme = theme.label()).as_ref());
                for entry in &legend {
                    ui.horizontal(|ui| {
                        let (r, _) =
                            ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                        ui.painter().rect_filled(
                            r,
                            2.0,
                            Color32::from_rgb(entry.color.r, entry.color.g, entry.color.b),
                        );
                        ui.label(&entry.label);
                        ui.weak(format!("({})", entry.rooms));
                    });
                }
                if theme == Theme::Compliance {
                    ui.small(crate::t!("legend.compliance_note").as_ref());
                    if checking {
                        // Until the check is in, offices are not yet classed: say so.
                        ui.small(crate::t!("job.legend_waits").as_ref());
                    }
                }
            });
        });
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
        let Some(checked) = self.workspace.as_ref().and_then(|w| w.checked_if_run()) else {
            ui.spinner();
            return;
        };
        if let Some((unit, name)) = super::units::ui(ui, &checked) {
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
                if self
                    .occupants
                    .as_ref()
                    .is_none_or(|(r, g, _)| *r != room.uuid || *g != generation)
                    && let Some(w) = &mut self.workspace
                {
                    match w.room_occupants(&room.uuid) {
                        Ok(o) => self.occupants = Some((room.uuid, generation, o)),
                        Err(e) => self.notifications.push((e.to_string(), true)),
                    }
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
                let occupants = self
                    .occupants
                    .as_ref()
                    .map(|(_, _, o)| o.as_slice())
                    .unwrap_or_default();
                let view = RoomView {
                    room,
                    area_m2,
                    geometry_problem: plan.problems.get(*one).and_then(Option::as_ref),
                    occupants,
                    unit_names,
                };
                let checked = self.workspace.as_ref().and_then(|w| w.checked_if_run());
                let read_only = self.workspace.as_ref().is_some_and(|w| w.is_read_only());
                if let Some(edit) = self
                    .inspector
                    .room_ui(ui, &view, checked.as_deref(), read_only)
                {
                    self.apply(edit);
                }
            }
            many => {
                let area = self.canvas.selected_area(&plan);
                ui.heading(crate::t!("inspector.many", count = many.len()).as_ref());
                ui.label(format_area(area, AreaBasis::Usable));
            }
        }
    }

    fn history_ui(&mut self, ui: &mut egui::Ui) {
        let Some(w) = &self.workspace else { return };
        // Every write, undo and redo included, moves the generation.
        let generation = w.generation();
        if self.history.as_ref().is_none_or(|(g, _)| *g != generation) {
            match w.history(200) {
                Ok(entries) => self.history = Some((generation, entries)),
                Err(e) => {
                    self.notifications.push((e.to_string(), true));
                    self.history = Some((generation, Vec::new()));
                }
            }
        }
        if let Some((_, entries)) = &self.history {
            history::ui(ui, entries);
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let Some(w) = &self.workspace else {
                self.jobs_ui(ui);
                ui.label(crate::t!("app.no_file").as_ref());
                return;
            };
            let path = w.path();
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(name).on_hover_text(path.display().to_string());
            ui.separator();
            self.scenario_status_ui(ui);
            self.jobs_ui(ui);
            let Some(w) = &self.workspace else { return };
            if let (Some(plan), Some(f)) =
                (&self.plan, self.floor.and_then(|f| w.index().floors.get(f)))
            {
                let total = f.totals.total();
                ui.label(
                    crate::t!(
                        "status.floor",
                        floor = f.floor.name,
                        rooms = total.rooms,
                        area = format_area(total.area_m2, AreaBasis::Usable)
                    )
                    .as_ref(),
                );
                unmeasured_ui(ui, f.totals.unmeasured());
                if !self.canvas.selection.is_empty() {
                    let area = self.canvas.selected_area(plan);
                    ui.separator();
                    ui.label(
                        crate::t!(
                            "status.selection",
                            count = self.canvas.selection.len(),
                            area = format_area(area, AreaBasis::Usable)
                        )
                        .as_ref(),
                    );
                }
                if let Some((distance, area)) = self.canvas.measurement() {
                    ui.separator();
                    ui.label(crate::t!("canvas.distance", m = format!("{distance:.2}")).as_ref());
                    if let Some(a) = area {
                        ui.label(crate::t!("canvas.area", m2 = format!("{a:.2}")).as_ref());
                    }
                }
                if let Some(c) = self.canvas.cursor_in_plan {
                    ui.separator();
                    ui.monospace(format!("x {:.2} m  y {:.2} m", c.x, c.y));
                }
                if let Some(d) = self.canvas.scale_denominator() {
                    ui.separator();
                    ui.label(crate::t!("status.scale", n = format!("{d:.0}")).as_ref());
                }
            } else {
                let total = w.index().totals.total();
                ui.label(
                    crate::t!(
                        "app.status",
                        rooms = total.rooms,
                        area = format_area(total.area_m2, AreaBasis::Usable)
                    )
                    .as_ref(),
                );
                unmeasured_ui(ui, w.index().totals.unmeasured());
            }
        });
    }

    fn dialog_ui(&mut self, ui: &mut egui::Ui) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let title = match dialog.purpose {
            PathPurpose::Open => crate::t!("menu.open"),
            PathPurpose::New => crate::t!("menu.new"),
            PathPurpose::SaveAs => crate::t!("menu.save_as"),
            PathPurpose::Export => crate::t!("menu.export"),
            PathPurpose::MoveList => crate::t!("plan.export_moves"),
        };
        let mut open = true;
        let mut done = false;
        let mut cancel = false;
        egui::Window::new(title.as_ref())
            .open(&mut open)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("dialog.path").as_ref());
                    ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(360.0))
                        .labelled_by(label.id);
                    if ui.button(crate::t!("dialog.browse").as_ref()).clicked() {
                        let picker = match dialog.purpose {
                            PathPurpose::Export => rfd::FileDialog::new()
                                .add_filter("PDF", &["pdf"])
                                .add_filter("PNG", &["png"])
                                .add_filter("SVG", &["svg"]),
                            PathPurpose::MoveList => {
                                rfd::FileDialog::new().add_filter("Excel", &["xlsx"])
                            }
                            _ => rfd::FileDialog::new().add_filter("GeoPackage", &["gpkg"]),
                        };
                        let picked = match dialog.purpose {
                            PathPurpose::Open => picker.pick_file(),
                            PathPurpose::New
                            | PathPurpose::SaveAs
                            | PathPurpose::Export
                            | PathPurpose::MoveList => picker.save_file(),
                        };
                        if let Some(p) = picked {
                            dialog.path = p.display().to_string();
                        }
                    }
                });
                if dialog.purpose == PathPurpose::Export {
                    ui.small(crate::t!("dialog.export_help").as_ref());
                }
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("dialog.ok").as_ref()).clicked() {
                        done = true;
                    }
                    if ui.button(crate::t!("dialog.cancel").as_ref()).clicked() {
                        cancel = true;
                    }
                });
            });
        if !open || cancel {
            self.dialog = None;
            return;
        }
        if !done {
            return;
        }
        let purpose = dialog.purpose;
        let mut path = PathBuf::from(dialog.path.trim());
        if path.as_os_str().is_empty() {
            return;
        }
        if path.extension().is_none() {
            match purpose {
                PathPurpose::Open => {}
                PathPurpose::Export => {
                    path.set_extension("pdf");
                }
                PathPurpose::MoveList => {
                    path.set_extension("xlsx");
                }
                PathPurpose::New | PathPurpose::SaveAs => {
                    path.set_extension("gpkg");
                }
            }
        }
        self.dialog = None;
        match purpose {
            PathPurpose::Open => self.open_file(&path),
            PathPurpose::New => {
                match Workspace::create_file(&path, &Project::default(), CreateOptions::default()) {
                    Ok(()) => self.open_file(&path),
                    Err(e) => self.notify(e.to_string()),
                }
            }
            PathPurpose::SaveAs => self.save_as(&path),
            PathPurpose::Export => self.export_plan(&path),
            PathPurpose::MoveList => self.export_moves(&path),
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
        if let Ok(recent) = serde_json::to_string(&self.recent) {
            storage.set_string(KEY_RECENT, recent);
        }
    }
}

/// Says how many rooms' areas are left out of the figure beside it (invalid geometry).
fn unmeasured_ui(ui: &mut egui::Ui, rooms: u64) {
    if rooms > 0 {
        ui.colored_label(
            Color32::from_rgb(190, 30, 30),
            crate::t!("status.unmeasured", count = rooms).as_ref(),
        )
        .on_hover_text(crate::t!("status.unmeasured_help").as_ref());
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
