//! The legend that floats in the plan's upper right corner: the theme's colours with the
//! rooms of each on the shown floor.

use egui::Color32;

use crate::view::{LegendEntry, Theme};

/// The legend over `rect` (the canvas's area); `checking` says offices are not yet classed.
pub fn ui(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    theme: Theme,
    legend: &[LegendEntry],
    checking: bool,
) {
    let legend_rect = egui::Rect::from_min_size(
        egui::pos2(rect.right() - 230.0, rect.top() + 8.0),
        egui::vec2(222.0, rect.height() - 16.0),
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(legend_rect), |ui| {
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            ui.strong(crate::t!("legend.title", theme = theme.label()).as_ref());
            for entry in legend {
                ui.horizontal(|ui| {
                    let (r, _) =
                        ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                    ui.painter().rect_filled(
                        r,
                        2.0,
                        Color32::from_rgb(entry.color.r, entry.color.g, entry.color.b),
                    );
                    ui.label(&entry.label);
                    ui.weak(format!("({})", entry.rooms));
                });
            }
            if theme == Theme::Compliance {
                ui.small(crate::t!("legend.compliance_note").as_ref());
                if checking {
                    // Until the check is in, offices are not yet classed: say so.
                    ui.small(crate::t!("job.legend_waits").as_ref());
                }
            }
        });
    });
}
