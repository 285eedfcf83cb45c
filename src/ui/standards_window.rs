//! 文件 → 标准设置…: the standard set and province a file is checked against, the office rows
//! of the file's levels (value in use, shipped value, source) with a value typed in and reset,
//! and the 职级 mapping. Every change is one `Edit::SetStandard` through the workspace
//! (undoable, in the change log); the window only returns the [`StandardChoice`].

use std::collections::BTreeMap;

use crate::model::{ChangeAction, Coded as _, Grade, OrganCategory, ProjectSettings};
use crate::standards::{OfficeColumn, ProjectStandard, RankGoverns, key_segment};
use crate::workspace::StandardChoice;

/// What the window shows: the file's settings, its standard and levels, the check's counts.
pub struct StandardsView<'a> {
    pub settings: &'a ProjectSettings,
    pub standard: &'a ProjectStandard,
    /// The organ categories of the file's units (the columns shown).
    pub levels: &'a [OrganCategory],
    /// (units over, persons over the standard) once the check has run.
    pub counts: Option<(usize, usize)>,
    pub read_only: bool,
}

/// The window's state: whether it is open and the values being typed.
#[derive(Debug, Default)]
pub struct StandardsWindow {
    pub open: bool,
    /// Values as typed, by override key (`office.county.rows.chief.area_m2`).
    typed: BTreeMap<String, String>,
    /// The province as typed.
    province: Option<String>,
    error: Option<String>,
}

impl StandardsWindow {
    /// Shows the window; a change comes back as the choice to apply.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        view: &StandardsView<'_>,
    ) -> Option<StandardChoice> {
        let mut choice = None;
        let mut open = self.open;
        egui::Window::new(crate::t!("ranks.window.title").as_ref())
            .open(&mut open)
            .default_width(640.0)
            .default_height(560.0)
            .vscroll(true)
            .show(ctx, |ui| choice = self.ui(ui, view));
        self.open = open;
        if choice.is_some() {
            // The values in use change: what was typed is read from them again.
            self.typed.clear();
            self.province = None;
        }
        choice
    }

    fn ui(&mut self, ui: &mut egui::Ui, view: &StandardsView<'_>) -> Option<StandardChoice> {
        let mut choice = None;
        // The check's numbers first: they follow each change at once.
        match view.counts {
            Some((units, persons)) => ui
                .label(crate::t!("ranks.window.counts", units = units, persons = persons).as_ref()),
            None => ui.label(crate::t!("ranks.window.checking").as_ref()),
        };
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.add_enabled_ui(!view.read_only, |ui| {
            choice = self.set_ui(ui, view);
            ui.separator();
            if let Some(c) = self.office_ui(ui, view) {
                choice = Some(c);
            }
            ui.separator();
            if let Some(c) = self.ranks_ui(ui, view) {
                choice = Some(c);
            }
            ui.separator();
            if !view.standard.differences.is_empty()
                && ui
                    .button(crate::t!("ranks.window.reset_all").as_ref())
                    .clicked()
            {
                choice = self.checked(
                    view,
                    (&view.settings.standard, &view.settings.province),
                    String::new(),
                    crate::t!("ranks.window.reset_all").into_owned(),
                );
            }
        });
        choice
    }

    /// The choice of `overrides` for `set` and province, if it loads; else the error is shown.
    fn checked(
        &mut self,
        view: &StandardsView<'_>,
        (set, province): (&str, &str),
        overrides: String,
        summary: String,
    ) -> Option<StandardChoice> {
        match ProjectStandard::new(set, province, &overrides) {
            Ok(_) => {
                self.error = None;
                let same_set = set == view.settings.standard && province == view.settings.province;
                Some(StandardChoice {
                    standard: set.to_owned(),
                    province: province.to_owned(),
                    overrides,
                    action: if same_set {
                        ChangeAction::SetStandardOverrides
                    } else {
                        ChangeAction::SetStandard
                    },
                    summary,
                })
            }
            Err(e) => {
                self.error = Some(e.to_string());
                None
            }
        }
    }

    /// One value changed: `key = value` added to the overrides.
    fn set_value(
        &mut self,
        view: &StandardsView<'_>,
        key: &str,
        value: &str,
    ) -> Option<StandardChoice> {
        let assignment = format!("{key} = {value}");
        match crate::standards::set_override(&view.settings.standard_overrides, &assignment) {
            Ok(overrides) => self.checked(
                view,
                (&view.settings.standard, &view.settings.province),
                overrides,
                assignment,
            ),
            Err(e) => {
                self.error = Some(e.to_string());
                None
            }
        }
    }

    /// One value back to the shipped one.
    fn reset_value(&mut self, view: &StandardsView<'_>, key: &str) -> Option<StandardChoice> {
        match crate::standards::clear_override(&view.settings.standard_overrides, key) {
            Ok(overrides) => self.checked(
                view,
                (&view.settings.standard, &view.settings.province),
                overrides,
                crate::t!("ranks.window.reset_one", key = key).into_owned(),
            ),
            Err(e) => {
                self.error = Some(e.to_string());
                None
            }
        }
    }

    fn set_ui(&mut self, ui: &mut egui::Ui, view: &StandardsView<'_>) -> Option<StandardChoice> {
        let mut choice = None;
        let set = &view.standard.set;
        ui.label(format!("{}（{}）", set.name, set.document));
        egui::Grid::new("standards_set")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label(crate::t!("ranks.window.set").as_ref());
                let mut picked = view.settings.standard.clone();
                egui::ComboBox::from_id_salt("standards_set_pick")
                    .selected_text(&picked)
                    .show_ui(ui, |ui| {
                        for id in crate::standards::shipped_ids() {
                            let name = crate::standards::StandardSet::shipped(id)
                                .map(|s| format!("{id} {}", s.name))
                                .unwrap_or_else(|_| id.to_owned());
                            ui.selectable_value(&mut picked, id.to_owned(), name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if picked != view.settings.standard {
                    choice = self.checked(
                        view,
                        (&picked, &view.settings.province),
                        view.settings.standard_overrides.clone(),
                        format!("{picked} {}", view.settings.province),
                    );
                }
                ui.end_row();
                let l = ui.label(crate::t!("ranks.window.province").as_ref());
                let text = self
                    .province
                    .get_or_insert_with(|| view.settings.province.clone());
                let response = ui.text_edit_singleline(text).labelled_by(l.id);
                let typed = text.trim().to_owned();
                if response.lost_focus() && typed != view.settings.province {
                    choice = self.checked(
                        view,
                        (&view.settings.standard, &typed),
                        view.settings.standard_overrides.clone(),
                        format!("{} {typed}", view.settings.standard),
                    );
                }
                ui.end_row();
            });
        choice
    }

    fn office_ui(&mut self, ui: &mut egui::Ui, view: &StandardsView<'_>) -> Option<StandardChoice> {
        let mut choice = None;
        ui.strong(crate::t!("ranks.window.office").as_ref());
        let office = &view.standard.set.office;
        for organ in view.levels {
            let (prefix, column): (String, Option<&OfficeColumn>) = match organ {
                OrganCategory::Township => {
                    match office.township.province(&view.standard.province) {
                        Some((key, column)) => (
                            format!("office.township.provinces.{}", key_segment(key)),
                            Some(column),
                        ),
                        None => (String::new(), None),
                    }
                }
                other => (format!("office.{}", other.code()), office.column(*other)),
            };
            let Some(column) = column else {
                ui.label(
                    crate::t!(
                        "ranks.window.no_column",
                        column = crate::labels::organ_category(*organ),
                        province = view.standard.province
                    )
                    .as_ref(),
                );
                continue;
            };
            ui.label(&column.label);
            ui.small(crate::t!("ranks.window.source", source = column.source).as_ref());
            egui::Grid::new(("standards_rows", organ.code()))
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for row in &column.rows {
                        let key = format!("{prefix}.rows.{}.area_m2", key_segment(&row.id));
                        if let Some(c) = self.row_ui(ui, view, &key, row, &column.label) {
                            choice = Some(c);
                        }
                        ui.end_row();
                    }
                });
        }
        choice
    }

    /// One row of 表3: its label, the value in use (typed, applied on Enter or leaving the
    /// field), the shipped value when it differs, and 恢复默认.
    fn row_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &StandardsView<'_>,
        key: &str,
        row: &crate::standards::Row,
        column: &str,
    ) -> Option<StandardChoice> {
        let mut choice = None;
        let l = ui.label(format!("{}（{column}）", row.label));
        let text = self
            .typed
            .entry(key.to_owned())
            .or_insert_with(|| row.area_m2.to_string());
        let response = ui
            .add(egui::TextEdit::singleline(text).desired_width(56.0))
            .labelled_by(l.id);
        let typed = text.trim().to_owned();
        if response.lost_focus() {
            match typed.parse::<f64>() {
                Ok(v) if v > 0.0 && v != row.area_m2 => {
                    choice = self.set_value(view, key, &typed);
                }
                Ok(_) => {}
                Err(_) => {
                    self.error = Some(
                        crate::t!("ranks.window.bad_number", value = typed, row = row.label)
                            .into_owned(),
                    );
                }
            }
        }
        match view.standard.differences.iter().find(|d| d.key == key) {
            Some(d) => {
                ui.weak(
                    crate::t!(
                        "ranks.window.default",
                        value = d.default.as_deref().unwrap_or("—")
                    )
                    .as_ref(),
                );
                if ui
                    .small_button(crate::t!("ranks.window.reset").as_ref())
                    .clicked()
                {
                    choice = self.reset_value(view, key);
                }
            }
            None => {
                ui.label("");
                ui.label("");
            }
        }
        choice
    }

    fn ranks_ui(&mut self, ui: &mut egui::Ui, view: &StandardsView<'_>) -> Option<StandardChoice> {
        let mut choice = None;
        let ranks = &view.standard.set.ranks;
        ui.strong(crate::t!("ranks.window.ranks").as_ref());
        ui.small(crate::t!("ranks.window.source", source = ranks.source).as_ref());
        ui.small(&ranks.note);
        ui.horizontal(|ui| {
            let l = ui.label(crate::t!("ranks.window.governs").as_ref());
            let mut governs = ranks.governs.unwrap_or(RankGoverns::Higher);
            let before = governs;
            egui::ComboBox::from_id_salt("ranks_governs")
                .selected_text(crate::labels::rank_governs(governs))
                .show_ui(ui, |ui| {
                    for g in RankGoverns::ALL {
                        ui.selectable_value(&mut governs, *g, crate::labels::rank_governs(*g));
                    }
                })
                .response
                .labelled_by(l.id);
            if governs != before {
                choice = self.set_value(view, "ranks.governs", &format!("\"{}\"", governs.code()));
            }
        });
        egui::Grid::new("ranks_rows")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for row in &ranks.rows {
                    let key = format!("ranks.rows.{}.grade", key_segment(&row.id));
                    let l = ui.label(&row.label);
                    let mut grade = row.grade;
                    egui::ComboBox::from_id_salt(("rank_grade", row.id.as_str()))
                        .selected_text(crate::labels::grade(grade))
                        .height(320.0)
                        .show_ui(ui, |ui| {
                            for g in Grade::ALL {
                                ui.selectable_value(&mut grade, *g, crate::labels::grade(*g));
                            }
                        })
                        .response
                        .labelled_by(l.id)
                        .on_hover_text(format!("{} · {}", row.source, row.note));
                    if grade != row.grade {
                        choice = self.set_value(view, &key, &format!("\"{}\"", grade.code()));
                    }
                    if view.standard.differences.iter().any(|d| d.key == key) {
                        if ui
                            .small_button(crate::t!("ranks.window.reset").as_ref())
                            .clicked()
                        {
                            choice = self.reset_value(view, &key);
                        }
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
        choice
    }
}
