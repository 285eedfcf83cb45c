//! The comparison window (方案对比): the shown scenario's figures beside the baseline's, and
//! the buildings and floors it empties.

use egui::Color32;

use crate::planning::Kpis;
use crate::workspace::Comparison;

/// The window's state: whether it is open.
#[derive(Debug, Default)]
pub struct ScenarioComparison {
    pub open: bool,
}

impl ScenarioComparison {
    /// The window, while open and a comparison is there (else it closes).
    pub fn ui(&mut self, ctx: &egui::Context, comparison: Option<&Comparison>) {
        if !self.open {
            return;
        }
        let Some(c) = comparison else {
            self.open = false;
            return;
        };
        let mut open = true;
        egui::Window::new(crate::t!("scenario.compare_title", name = c.name).as_ref())
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                if c.stale {
                    ui.colored_label(
                        Color32::from_rgb(190, 110, 0),
                        crate::t!("scenario.state_stale").as_ref(),
                    );
                }
                kpi_grid(ui, "kpis_window", &c.baseline, &c.scenario);
                ui.separator();
                ui.strong(crate::t!("kpi.vacated_buildings").as_ref());
                names(
                    ui,
                    &c.baseline.vacated_buildings,
                    &c.scenario.vacated_buildings,
                );
                ui.strong(crate::t!("kpi.vacated_floors").as_ref());
                names(ui, &c.baseline.vacated_floors, &c.scenario.vacated_floors);
            });
        self.open = open;
    }
}

/// Baseline and scenario figures side by side.
pub fn kpi_grid(ui: &mut egui::Ui, id: &str, a: &Kpis, b: &Kpis) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        ui.label("");
        ui.strong(crate::t!("scenario.baseline").as_ref());
        ui.strong(crate::t!("scenario.scenario").as_ref());
        ui.end_row();
        let mut row = |label: std::borrow::Cow<'_, str>, x: String, y: String| {
            ui.label(label.as_ref());
            ui.label(x);
            ui.label(y);
            ui.end_row();
        };
        row(
            crate::t!("kpi.moves"),
            a.moves.to_string(),
            b.moves.to_string(),
        );
        row(
            crate::t!("kpi.vacated_buildings"),
            a.vacated_buildings.len().to_string(),
            b.vacated_buildings.len().to_string(),
        );
        row(
            crate::t!("kpi.vacated_floors"),
            a.vacated_floors.len().to_string(),
            b.vacated_floors.len().to_string(),
        );
        row(
            crate::t!("kpi.idle_area"),
            format!("{:.2}", a.idle_area_m2),
            format!("{:.2}", b.idle_area_m2),
        );
        row(
            crate::t!("kpi.over_area"),
            format!("{:.2}", a.over_standard_area_m2),
            format!("{:.2}", b.over_standard_area_m2),
        );
        row(
            crate::t!("kpi.units_over"),
            a.units_over.to_string(),
            b.units_over.to_string(),
        );
        row(
            crate::t!("kpi.persons_over"),
            a.persons_over.to_string(),
            b.persons_over.to_string(),
        );
        row(
            crate::t!("kpi.units_split"),
            a.units_split.to_string(),
            b.units_split.to_string(),
        );
    });
}

fn names(ui: &mut egui::Ui, baseline: &[String], scenario: &[String]) {
    for n in scenario {
        if baseline.contains(n) {
            ui.label(n);
        } else {
            ui.colored_label(Color32::from_rgb(20, 130, 50), format!("+ {n}"));
        }
    }
    for n in baseline.iter().filter(|n| !scenario.contains(n)) {
        ui.colored_label(Color32::from_rgb(190, 30, 30), format!("− {n}"));
    }
}
