//! The scope choice (范围) of a provincial file: 本级+下级 (the total), 本级, or one county by
//! name and 12-digit code. The navigator's header and the report dialog show the same choice.

use crate::model::{Region, RegionScope};

/// The scopes a file offers, each with its label: the total first, then the file's own level,
/// then every other region of the file in the file's order. Empty when the file holds one
/// region only (there is nothing to choose).
pub fn scope_choices(regions: &[Region], own: Option<&Region>) -> Vec<(RegionScope, String)> {
    let others: Vec<&Region> = regions
        .iter()
        .filter(|r| own.is_none_or(|o| o.uuid != r.uuid))
        .collect();
    if others.is_empty() {
        return Vec::new();
    }
    let own_name = own.map_or_else(|| crate::t!("nav.project").into_owned(), |r| r.name.clone());
    let mut choices = vec![
        (
            RegionScope::All,
            crate::t!("scope.all", name = own_name).into_owned(),
        ),
        (
            RegionScope::Own,
            crate::t!("scope.own", name = own_name).into_owned(),
        ),
    ];
    choices.extend(others.into_iter().map(|r| {
        (
            RegionScope::Region(r.uuid),
            crate::t!("scope.region", name = r.name, code = r.code).into_owned(),
        )
    }));
    choices
}

/// The label of `scope` among `choices` (the total's when it is not among them).
pub fn scope_label(choices: &[(RegionScope, String)], scope: RegionScope) -> String {
    choices
        .iter()
        .find(|(s, _)| *s == scope)
        .or_else(|| choices.first())
        .map(|(_, label)| label.clone())
        .unwrap_or_default()
}

/// `范围 [choice ▾]`: the scope picked this frame, if another one was.
pub fn scope_ui(
    ui: &mut egui::Ui,
    id: &str,
    choices: &[(RegionScope, String)],
    current: RegionScope,
) -> Option<RegionScope> {
    let mut chosen = current;
    ui.horizontal(|ui| {
        let label = ui.label(crate::t!("scope.label").as_ref());
        egui::ComboBox::from_id_salt(id)
            .selected_text(scope_label(choices, current))
            .width(ui.available_width().max(120.0) - 8.0)
            .show_ui(ui, |ui| {
                for (scope, text) in choices {
                    ui.selectable_value(&mut chosen, *scope, text);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(crate::t!("scope.help").as_ref());
    });
    (chosen != current).then_some(chosen)
}
