//! The 主要使用单位 picker of the building form and the construction-project form: one of the
//! file's units from a list, or the name of a unit the file does not hold, typed.

use crate::model::{UnitRef, Uuid};

/// Shows the picker labelled by `label` (the grid's label cell); `empty` names the choice of
/// no unit (the building's rule, or a blank). Returns whether the value changed.
pub fn unit_ref_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    label: egui::Id,
    value: &mut UnitRef,
    units: &[(Uuid, String)],
    empty: &str,
) -> bool {
    let before = value.clone();
    ui.vertical(|ui| {
        let shown = match value.unit {
            Some(u) => units
                .iter()
                .find(|(x, _)| *x == u)
                .map_or_else(|| value.name.clone(), |(_, n)| n.clone()),
            None if value.name.is_empty() => empty.to_owned(),
            None => crate::t!("national_tables.form.other_unit").into_owned(),
        };
        // `None`: no unit (or a typed one); `Some(u)`: the file's unit `u`.
        let mut chosen = value.unit;
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(shown)
            // A county's units (thirty or so) mostly in view without scrolling.
            .height(420.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, empty);
                for (uuid, name) in units {
                    ui.selectable_value(&mut chosen, Some(*uuid), name);
                }
            })
            .response
            .labelled_by(label)
            .on_hover_text(crate::t!("national_tables.form.main_user_help").as_ref());
        if chosen != value.unit {
            *value = match chosen.and_then(|c| units.iter().find(|(u, _)| *u == c)) {
                Some((uuid, name)) => UnitRef {
                    unit: Some(*uuid),
                    name: name.clone(),
                },
                None => UnitRef::default(),
            };
        }
        // A unit outside the file, typed: it replaces a chosen unit.
        let mut typed = if value.unit.is_none() {
            value.name.clone()
        } else {
            String::new()
        };
        let other = crate::t!("national_tables.form.other_unit_name");
        if ui
            .add(
                egui::TextEdit::singleline(&mut typed)
                    .hint_text(other.as_ref())
                    .desired_width(200.0),
            )
            .on_hover_text(other.as_ref())
            .changed()
        {
            *value = UnitRef {
                unit: None,
                name: typed,
            };
        }
    });
    *value != before
}
