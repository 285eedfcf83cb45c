//! 文件 → 标准设置… in the app: the window reads the file's settings, standard and levels once
//! per generation, and a change it returns is applied as one undoable edit
//! ([`crate::ui::standards_window`]).

use super::OfficeplanApp;
use crate::workspace::Edit;

/// What the 标准设置 window reads, once per generation.
pub(super) struct StandardsData {
    settings: crate::model::ProjectSettings,
    standard: crate::standards::ProjectStandard,
    levels: Vec<crate::model::OrganCategory>,
}

impl OfficeplanApp {
    /// 文件 → 标准设置…: a change is one undoable edit of the file's standard.
    pub(super) fn standards_ui(&mut self, ctx: &egui::Context) {
        if !self.standards.open {
            return;
        }
        self.ensure_checked();
        let Some(w) = &self.workspace else { return };
        let data = self.standards_data.get_or_insert_with(w.generation(), || {
            let settings = w.settings().ok()?;
            let standard = crate::standards::ProjectStandard::resolve(&settings).ok()?;
            let mut levels: Vec<crate::model::OrganCategory> = w
                .organisation()
                .map(|o| o.units.iter().map(|u| u.organ_category).collect())
                .unwrap_or_default();
            if let Ok(Some(region)) = w.region() {
                levels.push(region.level.organ_category());
            }
            levels.sort();
            levels.dedup();
            Some(StandardsData {
                settings,
                standard,
                levels,
            })
        });
        let Some(data) = data else { return };
        let counts = w.checked_if_run().map(|c| {
            let units = c.compliance.units.iter().filter(|u| u.over).count();
            let persons = c
                .compliance
                .persons
                .iter()
                .filter(|f| f.kind == crate::analysis::compliance::PersonFindingKind::OverStandard)
                .count();
            (units, persons)
        });
        let view = crate::ui::standards_window::StandardsView {
            settings: &data.settings,
            standard: &data.standard,
            levels: &data.levels,
            counts,
            read_only: w.is_read_only(),
        };
        if let Some(choice) = self.standards.show(ctx, &view) {
            self.apply(Edit::SetStandard(Box::new(choice)));
        }
    }
}
