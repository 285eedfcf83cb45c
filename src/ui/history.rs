//! The history panel: the file's change log (what changed, when, by whom), newest first.

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
                        // Stored as UTC ISO 8601; show to the second.
                        ui.label(e.at.get(..19).unwrap_or(&e.at).replace('T', " "));
                        ui.label(&e.user);
                        ui.label(format!("{} {}", action_label(&e.action), e.summary));
                        ui.end_row();
                    }
                });
        });
}

fn action_label(action: &str) -> String {
    match action {
        "rename_room" => crate::t!("history.rename_room").into_owned(),
        "set_room" => crate::t!("history.set_room").into_owned(),
        "rename_unit" => crate::t!("history.rename_unit").into_owned(),
        other => other.to_owned(),
    }
}
