//! 新建项目: the region (name, level, 12-digit code, checked as it is typed), the standard
//! set and province, the statistics date, and the file — named after the region unless the
//! person types another name.

use std::path::PathBuf;

use crate::model::{Coded as _, Region, RegionLevel, Uuid, parse_date};
use crate::store::RegionSettings;
use crate::workspace::project_file_name;

/// What the wizard asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum WizardAction {
    /// Make the file with these settings and open it.
    Create {
        path: PathBuf,
        settings: RegionSettings,
    },
    Cancel,
}

/// The wizard's state.
pub struct ProjectWizard {
    pub name: String,
    pub level: RegionLevel,
    pub code: String,
    /// 上级区划代码: the parent region's 12-digit code, or empty.
    pub parent_code: String,
    pub standard: String,
    pub province: String,
    pub as_of: String,
    /// The folder the file goes into.
    pub folder: String,
    /// The file name; follows the region's name until the person edits it.
    pub file_name: String,
    file_name_edited: bool,
}

impl ProjectWizard {
    /// A wizard writing into `folder`.
    pub fn new(folder: PathBuf) -> Self {
        Self {
            name: String::new(),
            level: RegionLevel::County,
            code: String::new(),
            parent_code: String::new(),
            standard: "cn-2014".to_owned(),
            province: String::new(),
            as_of: String::new(),
            folder: folder.display().to_string(),
            file_name: String::new(),
            file_name_edited: false,
        }
    }

    /// Why the typed values cannot make a project yet, if they cannot.
    pub fn problem(&self) -> Option<String> {
        if self.name.trim().is_empty() {
            return Some(crate::t!("wizard.need_name").into_owned());
        }
        if !Region::is_valid_code(self.code.trim()) {
            return Some(
                crate::t!("wizard.bad_code", digits = self.code.trim().len()).into_owned(),
            );
        }
        let parent = self.parent_code.trim();
        if !parent.is_empty() && !Region::is_valid_code(parent) {
            return Some(
                crate::t!("wizard.bad_parent_code", digits = parent.chars().count()).into_owned(),
            );
        }
        if !self.as_of.trim().is_empty() && parse_date(&self.as_of).is_none() {
            return Some(crate::t!("wizard.bad_date").into_owned());
        }
        if self.file_name.trim().is_empty() {
            return Some(crate::t!("wizard.need_file").into_owned());
        }
        None
    }

    fn settings(&self) -> RegionSettings {
        RegionSettings {
            region: Some(Region {
                parent_code: self.parent_code.trim().to_owned(),
                uuid: Uuid::now_v7(),
                name: self.name.trim().to_owned(),
                level: self.level,
                code: self.code.trim().to_owned(),
            }),
            standard: self.standard.clone(),
            province: self.province.trim().to_owned(),
            as_of: parse_date(&self.as_of),
        }
    }

    /// Shows the wizard as a window.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<WizardAction> {
        let mut action = None;
        egui::Window::new(crate::t!("wizard.title").as_ref())
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| action = self.ui(ui));
        action
    }

    fn ui(&mut self, ui: &mut egui::Ui) -> Option<WizardAction> {
        let mut action = None;
        egui::Grid::new("wizard").num_columns(2).show(ui, |ui| {
            let label = ui.label(crate::t!("wizard.region").as_ref());
            if ui
                .text_edit_singleline(&mut self.name)
                .labelled_by(label.id)
                .changed()
                && !self.file_name_edited
            {
                self.file_name = project_file_name(&self.name);
            }
            ui.end_row();
            ui.label(crate::t!("wizard.level").as_ref());
            ui.horizontal(|ui| {
                for level in RegionLevel::ALL {
                    ui.radio_value(&mut self.level, *level, level.zh());
                }
            });
            ui.end_row();
            let label = ui.label(crate::t!("wizard.code").as_ref());
            ui.text_edit_singleline(&mut self.code)
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("wizard.parent_code").as_ref());
            ui.text_edit_singleline(&mut self.parent_code)
                .labelled_by(label.id);
            ui.end_row();
            ui.label(crate::t!("wizard.standard").as_ref());
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut self.standard,
                    "cn-2014".to_owned(),
                    crate::t!("wizard.cn2014").as_ref(),
                );
                ui.radio_value(
                    &mut self.standard,
                    "cn-1999".to_owned(),
                    crate::t!("wizard.cn1999").as_ref(),
                );
            });
            ui.end_row();
            let label = ui.label(crate::t!("wizard.province").as_ref());
            ui.text_edit_singleline(&mut self.province)
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("wizard.as_of").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.as_of).hint_text("2026-09-30"))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("wizard.folder").as_ref());
            ui.text_edit_singleline(&mut self.folder)
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("wizard.file").as_ref());
            if ui
                .text_edit_singleline(&mut self.file_name)
                .labelled_by(label.id)
                .changed()
            {
                self.file_name_edited = true;
            }
            ui.end_row();
        });
        let problem = self.problem();
        if let Some(problem) = &problem {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    problem.is_none(),
                    egui::Button::new(crate::t!("wizard.create").as_ref()),
                )
                .clicked()
            {
                let mut name = self.file_name.trim().to_owned();
                if !name.to_lowercase().ends_with(".gpkg") {
                    name.push_str(".gpkg");
                }
                action = Some(WizardAction::Create {
                    path: PathBuf::from(self.folder.trim()).join(name),
                    settings: self.settings(),
                });
            }
            if ui.button(crate::t!("wizard.cancel").as_ref()).clicked() {
                action = Some(WizardAction::Cancel);
            }
        });
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_after_the_region_and_a_short_code_is_named() {
        let mut w = ProjectWizard::new(PathBuf::from("/tmp"));
        w.name = "示范区".into();
        w.file_name = project_file_name(&w.name);
        w.code = "4299".into();
        assert!(w.problem().is_some_and(|p| p.contains('4')));
        w.code = "429999000000".into();
        assert_eq!(w.problem(), None);
        assert_eq!(w.file_name, "示范区.gpkg");
    }
}
