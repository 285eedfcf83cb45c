//! The history panel: the file's change log (what changed, when, by whom), newest first,
//! each action in the reader's language and each time in the computer's local time.

use crate::model::local_time;
use crate::store::ChangeEntry;

/// Shows the entries in a table.
pub fn ui(ui: &mut egui::Ui, entries: &[ChangeEntry]) {
    if entries.is_empty() {
        ui.label(crate::t!("history.empty").as_ref());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("history")
        .show(ui, |ui| {
            egui::Grid::new("history_grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(crate::t!("history.when").as_ref());
                    ui.strong(crate::t!("history.who").as_ref());
                    ui.strong(crate::t!("history.what").as_ref());
                    ui.end_row();
                    for e in entries {
                        ui.label(local_time(&e.at));
                        ui.label(&e.user);
                        ui.label(crate::labels::change_line(e));
                        ui.end_row();
                    }
                });
        });
}
