//! The units list: every unit with its approved against used 办公室 area as a bar, red when
//! the unit is over the standard. A click jumps to the unit's first room.

use egui::{Color32, Sense, Stroke, vec2};

use crate::model::Uuid;
use crate::workspace::Checked;

/// Shows the list of the units `shown` keeps (those of the scope shown); returns the unit
/// clicked.
pub fn ui(
    ui: &mut egui::Ui,
    checked: &Checked,
    shown: impl Fn(&crate::model::Unit) -> bool,
) -> Option<(Uuid, String)> {
    let mut clicked = None;
    ui.small(crate::t!("units.legend").as_ref());
    for c in &checked.compliance.units {
        let Some(unit) = checked.project.units.get(c.unit).filter(|u| shown(u)) else {
            continue;
        };
        let m = &c.office;
        ui.horizontal(|ui| {
            let response = crate::ui::drag::draggable_label(
                ui,
                &unit.name,
                crate::t!("units.drag_help").as_ref(),
            );
            crate::ui::drag::source(ui, &response, || crate::ui::drag::Payload::Unit {
                unit: unit.uuid,
                name: unit.name.clone(),
            });
            // A bar 120 points wide for the approved area; use beyond it shows as overflow.
            let (rect, bar) = ui.allocate_exact_size(vec2(120.0, 12.0), Sense::hover());
            let painter = ui.painter();
            painter.rect_filled(rect, 2.0, Color32::from_gray(225));
            let share = if m.approved_m2 > 0.0 {
                (m.used_m2 / m.approved_m2) as f32
            } else if m.used_m2 > 0.0 {
                2.0
            } else {
                0.0
            };
            let color = if c.over {
                Color32::from_rgb(227, 74, 51)
            } else {
                Color32::from_rgb(116, 196, 118)
            };
            let mut filled = rect;
            filled.set_width(rect.width() * share.clamp(0.0, 1.0));
            painter.rect_filled(filled, 2.0, color);
            painter.rect_stroke(
                rect,
                2.0,
                Stroke::new(1.0, Color32::from_gray(120)),
                egui::StrokeKind::Inside,
            );
            let text = crate::t!(
                "units.bar",
                used = format!("{:.2}", m.used_m2),
                approved = format!("{:.2}", m.approved_m2)
            );
            bar.on_hover_text(text.as_ref());
            ui.weak(format!("{:.0}%", share * 100.0));
            if response.clicked() {
                clicked = Some((unit.uuid, unit.name.clone()));
            }
        });
    }
    clicked
}
