//! 建设项目: the file's construction projects (办公用房建设项目) in one table — the columns of
//! 办公用房建设项目信息 — with 新增项目…, 编辑… and 删除 on each row, and the form that adds or
//! edits one. It changes nothing itself: what the planner confirms comes back as an [`Edit`]
//! for the app to apply; a refusal comes back through [`ConstructionWindow::refused`].

use super::site_form::{parse_optional, show_optional};
use super::unit_ref_picker::unit_ref_ui;
use crate::model::{Coded as _, ConstructionProject, ProjectStatus, Uuid};
use crate::workspace::Edit;

/// What the window shows: the file's projects and units.
pub struct ConstructionView<'a> {
    pub projects: &'a [ConstructionProject],
    /// The units to choose 主要使用单位 from (uuid, name).
    pub units: &'a [(Uuid, String)],
    /// The file is read-only: nothing can be added, edited or deleted.
    pub read_only: bool,
}

/// The add/edit form's state: the project as edited, numbers as typed.
#[derive(Clone, Debug)]
pub struct ProjectForm {
    pub project: ConstructionProject,
    pub is_new: bool,
    /// 建设规模, 估算投资, 批复年度 as typed.
    pub numbers: [String; 3],
    /// Why the last 确定 was refused.
    pub error: Option<String>,
}

const NUMBER_FIELDS: [&str; 3] = [
    "national_tables.field.scale",
    "national_tables.field.investment",
    "national_tables.field.year",
];

impl ProjectForm {
    fn new(project: ConstructionProject, is_new: bool) -> Self {
        let numbers = [
            show_optional(project.scale_m2),
            show_optional(project.investment_wan_yuan),
            show_optional(project.year.map(f64::from)),
        ];
        Self {
            project,
            is_new,
            numbers,
            error: None,
        }
    }

    /// The project with the typed numbers, or what is wrong, naming the field.
    pub fn edited(&self) -> Result<ConstructionProject, String> {
        let mut p = self.project.clone();
        let mut values = [None; 3];
        for ((slot, text), key) in values.iter_mut().zip(&self.numbers).zip(NUMBER_FIELDS) {
            *slot = parse_optional(text)
                .map_err(|()| crate::t!("form.bad_number", field = crate::t!(key)).into_owned())?;
        }
        let [scale, investment, year] = values;
        if let Some(y) = year
            && (y.fract() != 0.0 || !(1000.0..=9999.0).contains(&y))
        {
            return Err(crate::t!("national_tables.error.year", value = y).into_owned());
        }
        p.scale_m2 = scale;
        p.investment_wan_yuan = investment;
        p.year = year.map(|y| y as i32);
        for text in [
            &mut p.name,
            &mut p.approver,
            &mut p.builder,
            &mut p.main_user.name,
            &mut p.address,
            &mut p.approval_no,
            &mut p.note,
        ] {
            *text = text.trim().to_owned();
        }
        // The workspace checks the rest (name, numbers not negative, the unit).
        Ok(p)
    }
}

/// The window's state.
#[derive(Debug, Default)]
pub struct ConstructionWindow {
    pub open: bool,
    pub form: Option<ProjectForm>,
    /// The project whose 删除 waits for confirmation.
    pub confirm_delete: Option<Uuid>,
}

impl ConstructionWindow {
    /// The workspace refused the form's edit: say why in the form, keep it open.
    pub fn refused(&mut self, reason: String) {
        if let Some(form) = &mut self.form {
            form.error = Some(reason);
        }
    }

    /// The edit was written: close the form.
    pub fn written(&mut self) {
        self.form = None;
        self.confirm_delete = None;
    }

    /// The window and, while open, the form; an edit once the planner confirms one.
    pub fn show(&mut self, ctx: &egui::Context, view: &ConstructionView<'_>) -> Option<Edit> {
        let mut edit = None;
        let mut open = self.open;
        egui::Window::new(crate::t!("national_tables.window.title").as_ref())
            .open(&mut open)
            .default_width(1080.0)
            .default_pos([380.0, 80.0])
            .show(ctx, |ui| edit = self.table_ui(ui, view));
        self.open = open;
        if !self.open {
            self.form = None;
            return edit;
        }
        if let Some(e) = self.form_window(ctx, view) {
            edit = Some(e);
        }
        edit
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, view: &ConstructionView<'_>) -> Option<Edit> {
        let mut edit = None;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !view.read_only,
                    egui::Button::new(crate::t!("national_tables.window.add").as_ref()),
                )
                .clicked()
            {
                self.form = Some(ProjectForm::new(
                    ConstructionProject::new(Uuid::now_v7(), String::new()),
                    true,
                ));
            }
            ui.label(
                crate::t!("national_tables.window.count", count = view.projects.len()).as_ref(),
            );
        });
        ui.small(crate::t!("national_tables.window.help").as_ref());
        if view.projects.is_empty() {
            ui.label(crate::t!("national_tables.window.empty").as_ref());
            return None;
        }
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                egui::Grid::new("construction_projects")
                    .striped(true)
                    .num_columns(9)
                    .show(ui, |ui| {
                        for key in [
                            "national_tables.field.name",
                            "national_tables.field.approver",
                            "national_tables.field.builder",
                            "national_tables.field.main_user",
                            "national_tables.field.address",
                            "national_tables.field.scale",
                            "national_tables.field.investment",
                            "national_tables.field.status",
                        ] {
                            ui.strong(crate::t!(key).as_ref());
                        }
                        ui.label("");
                        ui.end_row();
                        for p in view.projects {
                            ui.label(&p.name);
                            ui.label(&p.approver);
                            ui.label(&p.builder);
                            let user = p
                                .main_user
                                .unit
                                .and_then(|u| view.units.iter().find(|(x, _)| *x == u))
                                .map_or_else(|| p.main_user.name.clone(), |(_, n)| n.clone());
                            ui.label(user);
                            ui.label(&p.address);
                            ui.label(p.scale_m2.map_or_else(String::new, |v| format!("{v:.2}")));
                            ui.label(
                                p.investment_wan_yuan
                                    .map_or_else(String::new, |v| format!("{v:.2}")),
                            );
                            ui.label(crate::labels::project_status(p.status));
                            ui.horizontal(|ui| {
                                ui.add_enabled_ui(!view.read_only, |ui| {
                                    if ui
                                        .button(crate::t!("national_tables.window.edit").as_ref())
                                        .clicked()
                                    {
                                        self.form = Some(ProjectForm::new(p.clone(), false));
                                    }
                                    if self.confirm_delete == Some(p.uuid) {
                                        if ui
                                            .button(
                                                crate::t!("national_tables.window.confirm_delete")
                                                    .as_ref(),
                                            )
                                            .clicked()
                                        {
                                            edit = Some(Edit::DeleteConstructionProject {
                                                project: p.uuid,
                                            });
                                        }
                                        if ui.button(crate::t!("dialog.cancel").as_ref()).clicked()
                                        {
                                            self.confirm_delete = None;
                                        }
                                    } else if ui
                                        .button(crate::t!("national_tables.window.delete").as_ref())
                                        .clicked()
                                    {
                                        self.confirm_delete = Some(p.uuid);
                                    }
                                });
                            });
                            ui.end_row();
                        }
                    });
            });
        edit
    }

    fn form_window(&mut self, ctx: &egui::Context, view: &ConstructionView<'_>) -> Option<Edit> {
        let form = self.form.as_mut()?;
        let title = if form.is_new {
            crate::t!("national_tables.form.add_title")
        } else {
            crate::t!("national_tables.form.edit_title")
        };
        let (mut ok, mut cancel) = (false, false);
        egui::Window::new(title.as_ref())
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("construction_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let p = &mut form.project;
                        for (key, text) in [
                            ("national_tables.field.name", &mut p.name),
                            ("national_tables.field.approver", &mut p.approver),
                            ("national_tables.field.builder", &mut p.builder),
                        ] {
                            let label = ui.label(crate::t!(key).as_ref());
                            ui.text_edit_singleline(text).labelled_by(label.id);
                            ui.end_row();
                        }
                        let label = ui.label(crate::t!("national_tables.field.main_user").as_ref());
                        unit_ref_ui(
                            ui,
                            "construction_main_user",
                            label.id,
                            &mut p.main_user,
                            view.units,
                            "—",
                        );
                        ui.end_row();
                        let label = ui.label(crate::t!("national_tables.field.address").as_ref());
                        ui.text_edit_singleline(&mut p.address)
                            .labelled_by(label.id);
                        ui.end_row();
                        for (text, key) in form.numbers.iter_mut().zip(NUMBER_FIELDS) {
                            let label = ui.label(crate::t!(key).as_ref());
                            ui.text_edit_singleline(text).labelled_by(label.id);
                            ui.end_row();
                        }
                        let p = &mut form.project;
                        let label =
                            ui.label(crate::t!("national_tables.field.approval_no").as_ref());
                        ui.text_edit_singleline(&mut p.approval_no)
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(crate::t!("national_tables.field.status").as_ref());
                        egui::ComboBox::from_id_salt("construction_status")
                            .selected_text(crate::labels::project_status(p.status))
                            .show_ui(ui, |ui| {
                                for s in ProjectStatus::ALL {
                                    ui.selectable_value(
                                        &mut p.status,
                                        *s,
                                        crate::labels::project_status(*s),
                                    );
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(crate::t!("national_tables.field.note").as_ref());
                        ui.add(egui::TextEdit::multiline(&mut p.note).desired_rows(2))
                            .labelled_by(label.id);
                        ui.end_row();
                    });
                if let Some(error) = &form.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                ui.horizontal(|ui| {
                    ok = ui.button(crate::t!("dialog.ok").as_ref()).clicked();
                    cancel = ui.button(crate::t!("dialog.cancel").as_ref()).clicked();
                });
            });
        if cancel {
            self.form = None;
            return None;
        }
        if !ok {
            return None;
        }
        match form.edited() {
            Ok(p) if form.is_new => Some(Edit::AddConstructionProject {
                project: Box::new(p),
                restored: false,
            }),
            Ok(p) => Some(Edit::EditConstructionProject(Box::new(p))),
            Err(reason) => {
                form.error = Some(reason);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_read_and_a_bad_one_is_named() {
        let mut form = ProjectForm::new(ConstructionProject::new(Uuid::nil(), "项目".into()), true);
        form.numbers = ["4800".into(), "2150.5".into(), "2025".into()];
        let p = form.edited().unwrap();
        assert_eq!(
            (p.scale_m2, p.investment_wan_yuan, p.year),
            (Some(4800.0), Some(2150.5), Some(2025))
        );
        form.numbers[2] = "25.5".into();
        assert!(form.edited().is_err());
        form.numbers[2] = String::new();
        form.numbers[0] = "四千".into();
        assert!(form.edited().is_err());
    }
}
