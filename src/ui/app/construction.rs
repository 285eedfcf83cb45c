//! The app's side of 建设项目: the window reads the file's construction projects once per
//! generation and the edits it returns go through the workspace as one undoable step each.

use super::OfficeplanApp;
use crate::model::{ConstructionProject, Uuid};
use crate::ui::construction_window::ConstructionView;

/// The projects and unit names as the file has them, read once per generation.
#[derive(Default)]
pub(super) struct ConstructionData {
    projects: Vec<ConstructionProject>,
    units: Vec<(Uuid, String)>,
}

impl OfficeplanApp {
    /// The 建设项目 window, while open.
    pub(super) fn construction_ui(&mut self, ctx: &egui::Context) {
        if !self.construction.open {
            return;
        }
        let Some(w) = &self.workspace else {
            return;
        };
        let mut error = None;
        let data = self
            .construction_data
            .get_or_insert_with(w.generation(), || ConstructionData {
                projects: w.construction_projects().unwrap_or_else(|e| {
                    error = Some(e.to_string());
                    Vec::new()
                }),
                units: w.units().iter().map(|u| (u.uuid, u.name.clone())).collect(),
            });
        let view = ConstructionView {
            projects: &data.projects,
            units: &data.units,
            read_only: w.is_read_only(),
        };
        let edit = self.construction.show(ctx, &view);
        if let Some(e) = error {
            self.notify(e);
        }
        let (Some(edit), Some(w)) = (edit, &mut self.workspace) else {
            return;
        };
        match w.apply(edit) {
            Ok(()) => {
                self.construction.written();
                self.after_edit();
            }
            Err(e) if self.construction.form.is_some() => self.construction.refused(e.to_string()),
            Err(e) => self.notify(e.to_string()),
        }
    }
}
