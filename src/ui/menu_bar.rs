//! The menu bar (文件 / 编辑 / 视图) with the recent files it lists. It changes nothing
//! itself: each choice comes back as a [`MenuAction`] for the app to carry out.

use std::path::{Path, PathBuf};

use super::app::CentreView;
use super::canvas::Tool;
use super::path_dialog::PathPurpose;
use crate::i18n::{Language, language};
use crate::view::Theme;

/// At most this many recent files are listed.
const RECENT_MAX: usize = 8;

/// What the planner chose in the menu bar or the toolbar.
#[derive(Clone, Debug, PartialEq)]
pub enum MenuAction {
    /// The 新建项目 wizard.
    NewProject,
    /// Ask for a path (打开, 另存为, 导出).
    Dialog(PathPurpose),
    ImportDxf,
    OpenRecent(PathBuf),
    Undo,
    Redo,
    ShowCentre(CentreView),
    ShowHistory(bool),
    ShowUnderlay(bool),
    /// The 楼栋台账 window.
    ShowLedger(bool),
    /// The 使用单位与人员 window.
    ShowPeople(bool),
    /// The 审批文件 register.
    ShowApprovals(bool),
    /// The 检查结果 panel.
    ShowFindings(bool),
    /// The 建设项目 window.
    ShowProjects(bool),
    /// 文件 → 标准设置….
    ShowStandards,
    /// 智能调剂….
    ShowOptimizer(bool),
    /// 文件 → 发布到 PostGIS… / 从 PostGIS 拉取….
    Postgis(super::postgis_dialog::PostgisMode),
    /// 报表 → a table: ask its date and path.
    Report(super::report_dialog::ReportChoice),
    SetLanguage(Language),
    /// A tool of the toolbar; a drawing tool drops the sketch begun with another.
    SetTool {
        tool: Tool,
        cancel_sketch: bool,
    },
    Fit,
    SetTheme(Theme),
    MergeSelected,
    DeleteSelected,
    /// 文件 → 上报… (a submission package of this file).
    Submit,
    /// 文件 → 汇总… (packages merged into this file).
    Merge,
}

/// What the menus show as possible this frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct MenuState {
    pub can_save: bool,
    pub can_export: bool,
    pub can_import: bool,
    /// A writable file is open: its 编制 workbook can be imported.
    pub can_import_workbook: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub centre: CentreView,
    pub show_history: bool,
    pub show_underlay: bool,
    pub show_ledger: bool,
    pub show_people: bool,
    pub show_findings: bool,
    pub show_projects: bool,
    pub show_optimizer: bool,
    /// The file's region is a province: 省部级领导干部办公室信息 can be made.
    pub provincial: bool,
    pub show_approvals: bool,
}

/// The menu bar's state: the files opened lately, newest first.
#[derive(Debug, Default)]
pub struct MenuBar {
    pub recent: Vec<PathBuf>,
}

impl MenuBar {
    /// Puts `path` first among the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }

    /// The menus.
    pub fn ui(&self, ui: &mut egui::Ui, state: &MenuState) -> Option<MenuAction> {
        let mut action = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(crate::t!("menu.file").as_ref(), |ui| {
                if let Some(a) = self.file_menu_ui(ui, state) {
                    action = Some(a);
                }
            });
            ui.menu_button(crate::t!("menu.edit").as_ref(), |ui| {
                if ui
                    .add_enabled(
                        state.can_undo,
                        egui::Button::new(crate::t!("menu.undo").as_ref()).shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    action = Some(MenuAction::Undo);
                }
                if ui
                    .add_enabled(
                        state.can_redo,
                        egui::Button::new(crate::t!("menu.redo").as_ref())
                            .shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    action = Some(MenuAction::Redo);
                }
            });
            ui.menu_button(crate::t!("menu.view").as_ref(), |ui| {
                if let Some(a) = view_menu_ui(ui, state) {
                    action = Some(a);
                }
            });
            ui.menu_button(crate::t!("reports.menu").as_ref(), |ui| {
                if let Some(choice) =
                    super::report_dialog::menu_ui(ui, state.can_save, state.provincial)
                {
                    action = Some(MenuAction::Report(choice));
                }
            });
        });
        action
    }

    fn file_menu_ui(&self, ui: &mut egui::Ui, state: &MenuState) -> Option<MenuAction> {
        let mut action = None;
        if ui.button(crate::t!("menu.new").as_ref()).clicked() {
            action = Some(MenuAction::NewProject);
        }
        if ui.button(crate::t!("menu.open").as_ref()).clicked() {
            action = Some(MenuAction::Dialog(PathPurpose::Open));
        }
        if ui
            .add_enabled(
                state.can_save,
                egui::Button::new(crate::t!("menu.save_as").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Dialog(PathPurpose::SaveAs));
        }
        if ui
            .add_enabled(
                state.can_export,
                egui::Button::new(crate::t!("menu.export").as_ref()),
            )
            .on_disabled_hover_text(crate::t!("app.pick_floor").as_ref())
            .clicked()
        {
            action = Some(MenuAction::Dialog(PathPurpose::Export));
        }
        if ui
            .add_enabled(
                state.can_import,
                egui::Button::new(crate::t!("menu.import_dxf").as_ref()),
            )
            .on_disabled_hover_text(crate::t!("dxf_dialog.needs_floor").as_ref())
            .clicked()
        {
            action = Some(MenuAction::ImportDxf);
        }
        ui.separator();
        if ui
            .add_enabled(
                state.can_save,
                egui::Button::new(crate::t!("workbook.menu_export").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Dialog(PathPurpose::Workbook { filled: true }));
        }
        if ui
            .add_enabled(
                state.can_import_workbook,
                egui::Button::new(crate::t!("workbook.menu_import").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Dialog(PathPurpose::ImportWorkbook));
        }
        ui.separator();
        // The file's standard (标准设置) is a setting of the project, beside its data.
        if ui
            .add_enabled(
                state.can_save,
                egui::Button::new(crate::t!("ranks.menu.standards").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::ShowStandards);
        }
        ui.separator();
        // Reporting upward and sharing: 上报 and 汇总, then the provincial GIS (PostGIS).
        if ui
            .add_enabled(
                state.can_save,
                egui::Button::new(crate::t!("province.menu.submit").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Submit);
        }
        if ui
            .add_enabled(
                state.can_import_workbook,
                egui::Button::new(crate::t!("province.menu.merge").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Merge);
        }
        if ui
            .add_enabled(
                state.can_save,
                egui::Button::new(crate::t!("postgis.menu.publish").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Postgis(
                super::postgis_dialog::PostgisMode::Publish,
            ));
        }
        if ui.button(crate::t!("postgis.menu.pull").as_ref()).clicked() {
            action = Some(MenuAction::Postgis(
                super::postgis_dialog::PostgisMode::Pull,
            ));
        }
        ui.separator();
        ui.menu_button(crate::t!("menu.recent").as_ref(), |ui| {
            if self.recent.is_empty() {
                ui.label(crate::t!("menu.no_recent").as_ref());
            }
            for p in &self.recent {
                if ui.button(p.display().to_string()).clicked() {
                    action = Some(MenuAction::OpenRecent(p.clone()));
                }
            }
        });
        ui.separator();
        ui.small(crate::t!("menu.autosave").as_ref());
        action
    }
}

fn view_menu_ui(ui: &mut egui::Ui, state: &MenuState) -> Option<MenuAction> {
    let mut action = None;
    let mut centre = state.centre;
    for view in CentreView::ALL {
        ui.radio_value(&mut centre, view, view.label());
    }
    if centre != state.centre {
        action = Some(MenuAction::ShowCentre(centre));
    }
    ui.separator();
    let mut history = state.show_history;
    if ui
        .checkbox(&mut history, crate::t!("menu.history").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowHistory(history));
    }
    let mut underlay = state.show_underlay;
    if ui
        .checkbox(&mut underlay, crate::t!("menu.underlay").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowUnderlay(underlay));
    }
    let mut ledger = state.show_ledger;
    if ui
        .checkbox(&mut ledger, crate::t!("menu.ledger").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowLedger(ledger));
    }
    let mut people = state.show_people;
    if ui
        .checkbox(&mut people, crate::t!("menu.people").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowPeople(people));
    }
    let mut approvals = state.show_approvals;
    if ui
        .checkbox(&mut approvals, crate::t!("rules.ui.menu").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowApprovals(approvals));
    }
    let mut findings = state.show_findings;
    if ui
        .checkbox(&mut findings, crate::t!("findings.menu").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowFindings(findings));
    }
    let mut projects = state.show_projects;
    if ui
        .checkbox(&mut projects, crate::t!("national_tables.menu").as_ref())
        .changed()
    {
        action = Some(MenuAction::ShowProjects(projects));
    }
    let mut optimizer = state.show_optimizer;
    if ui
        .add_enabled(
            state.can_save,
            egui::Checkbox::new(&mut optimizer, crate::t!("optimize_ui.menu").as_ref()),
        )
        .changed()
    {
        action = Some(MenuAction::ShowOptimizer(optimizer));
    }
    ui.separator();
    ui.label(crate::t!("menu.language").as_ref());
    let mut lang = language();
    ui.radio_value(&mut lang, Language::Chinese, "中文");
    ui.radio_value(&mut lang, Language::English, "English");
    if lang != language() {
        action = Some(MenuAction::SetLanguage(lang));
    }
    action
}

#[cfg(test)]
mod tests {
    use super::MenuBar;
    use std::path::Path;

    #[test]
    fn recent_files_are_newest_first_without_repeats_and_at_most_eight() {
        let mut menu = MenuBar::default();
        // Paths that do not exist stay as given (canonicalize fails on them).
        for i in 0..10 {
            menu.remember(Path::new(&format!("/nowhere/县{i}.gpkg")));
        }
        menu.remember(Path::new("/nowhere/县5.gpkg"));
        let names: Vec<String> = menu
            .recent
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(names.len(), 8);
        assert_eq!(names.first().map(String::as_str), Some("/nowhere/县5.gpkg"));
        assert_eq!(names.get(1).map(String::as_str), Some("/nowhere/县9.gpkg"));
        assert_eq!(names.iter().filter(|n| n.contains("县5")).count(), 1);
    }
}
