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
    // One block per line of the log (when and who, then what, wrapped to the panel): a
    // table would widen the panel past the window on a long import summary.
    egui::ScrollArea::vertical()
        .id_salt("history")
        .show(ui, |ui| {
            for e in entries {
                ui.horizontal(|ui| {
                    ui.weak(local_time(&e.at));
                    ui.label(&e.user);
                });
                ui.add(egui::Label::new(crate::labels::change_line(e)).wrap());
                ui.separator();
            }
        });
}
