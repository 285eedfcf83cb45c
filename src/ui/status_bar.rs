//! The status bar: the file, the shown scenario's figures, the running jobs with 取消, and
//! the shown floor's (or the project's) rooms and area, the selection, the measurement, the
//! cursor position and the scale.

use std::path::Path;

use egui::Color32;
use geo::Coord;

use super::findings::{FindingsTab, TabCounts};
use super::job::{Job, JobKind};
use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::planning::Kpis;

/// Rooms and 使用面积 of the shown floor or the project, with the rooms left out.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    pub rooms: u64,
    pub area_m2: f64,
    /// Rooms whose invalid geometry keeps them out of the area.
    pub unmeasured: u64,
}

/// The shown floor's line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FloorStatus {
    pub name: String,
    pub totals: Totals,
    /// (rooms selected, their area)
    pub selection: Option<(usize, f64)>,
    /// (distance, area once three points are clicked)
    pub measurement: Option<(f64, Option<f64>)>,
    pub cursor: Option<Coord<f64>>,
    pub scale_denominator: Option<f64>,
}

/// What the status bar shows this frame.
pub struct StatusView<'a, T> {
    /// The open file.
    pub file: Option<&'a Path>,
    /// The shown scenario's name and figures.
    pub scenario: Option<(String, Kpis)>,
    pub jobs: &'a [Job<T>],
    /// The shown floor, else the project's totals.
    pub floor: Option<FloorStatus>,
    /// The findings per tab of 检查结果, once the check has run.
    pub findings: Option<TabCounts>,
    pub project: Totals,
}

/// The status bar; the kind of job whose 取消 was clicked.
pub fn ui<T>(ui: &mut egui::Ui, view: &StatusView<'_, T>) -> Option<JobKind> {
    let mut cancel = None;
    ui.horizontal(|ui| {
        let Some(path) = view.file else {
            cancel = jobs_ui(ui, view.jobs);
            ui.label(crate::t!("app.no_file").as_ref());
            return;
        };
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.label(name).on_hover_text(path.display().to_string());
        ui.separator();
        if let Some((name, k)) = &view.scenario {
            scenario_ui(ui, name, k);
        }
        cancel = jobs_ui(ui, view.jobs);
        if let Some(counts) = &view.findings {
            findings_ui(ui, counts);
        }
        match &view.floor {
            Some(floor) => floor_ui(ui, floor),
            None => {
                ui.label(
                    crate::t!(
                        "app.status",
                        rooms = view.project.rooms,
                        area = format_area(view.project.area_m2, AreaBasis::Usable)
                    )
                    .as_ref(),
                );
                unmeasured_ui(ui, view.project.unmeasured);
            }
        }
    });
    cancel
}

/// The scenario's name and figures, when one is shown.
fn scenario_ui(ui: &mut egui::Ui, name: &str, k: &Kpis) {
    ui.colored_label(
        Color32::from_rgb(120, 40, 180),
        crate::t!(
            "plan.status",
            name = name,
            moves = k.moves,
            idle = format!("{:.2}", k.idle_area_m2),
            over = format!("{:.2}", k.over_standard_area_m2),
            units = k.units_over
        )
        .as_ref(),
    );
    ui.separator();
}

fn floor_ui(ui: &mut egui::Ui, f: &FloorStatus) {
    ui.label(
        crate::t!(
            "status.floor",
            floor = f.name,
            rooms = f.totals.rooms,
            area = format_area(f.totals.area_m2, AreaBasis::Usable)
        )
        .as_ref(),
    );
    unmeasured_ui(ui, f.totals.unmeasured);
    if let Some((count, area)) = f.selection {
        ui.separator();
        ui.label(
            crate::t!(
                "status.selection",
                count = count,
                area = format_area(area, AreaBasis::Usable)
            )
            .as_ref(),
        );
    }
    if let Some((distance, area)) = f.measurement {
        ui.separator();
        ui.label(crate::t!("canvas.distance", m = format!("{distance:.2}")).as_ref());
        if let Some(a) = area {
            ui.label(crate::t!("canvas.area", m2 = format!("{a:.2}")).as_ref());
        }
    }
    if let Some(c) = f.cursor {
        ui.separator();
        ui.monospace(format!("x {:.2} m  y {:.2} m", c.x, c.y));
    }
    if let Some(d) = f.scale_denominator {
        ui.separator();
        ui.label(crate::t!("status.scale", n = format!("{d:.0}")).as_ref());
    }
}

/// The findings of the check, by tab (the tabs with none left out), with every tab's count
/// on hover.
fn findings_ui(ui: &mut egui::Ui, counts: &TabCounts) {
    let named = |tab: FindingsTab, n: usize| format!("{} {n}", tab.label());
    let found: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(tab, n)| named(tab, n))
        .collect();
    let text = if found.is_empty() {
        crate::t!("findings.status_none")
    } else {
        crate::t!("findings.status", list = found.join(" · "))
    };
    let every: Vec<String> = counts.iter().map(|(tab, n)| named(tab, n)).collect();
    ui.label(text.as_ref())
        .on_hover_text(crate::t!("findings.status_help", list = every.join("\n")).as_ref());
    ui.separator();
}

/// A running job's bar: its fraction and the seconds it has taken (for the status bar and a
/// dialog waiting for its job).
pub(crate) fn job_progress_bar(fraction: f32, seconds: u64) -> egui::ProgressBar {
    // A job of one stage has no fraction to tell: the time it has taken says it runs.
    let text = if fraction > 0.0 {
        crate::t!(
            "job.progress",
            percent = (fraction * 100.0).round(),
            seconds = seconds
        )
    } else {
        crate::t!("job.elapsed", seconds = seconds)
    };
    // No `animate`: it repaints without pause; a repaint every 100 ms shows progress.
    egui::ProgressBar::new(fraction)
        .desired_width(140.0)
        .text(text.as_ref())
}

/// The running jobs: label, progress and 取消 each; the kind whose 取消 was clicked.
fn jobs_ui<T>(ui: &mut egui::Ui, jobs: &[Job<T>]) -> Option<JobKind> {
    let mut cancel = None;
    for job in jobs {
        ui.label(job.kind.label());
        ui.add(job_progress_bar(
            job.control.progress(),
            job.started.elapsed().as_secs(),
        ));
        if ui
            .button(crate::t!("job.cancel").as_ref())
            .on_hover_text(crate::t!("job.cancel_help").as_ref())
            .clicked()
        {
            cancel = Some(job.kind);
        }
        ui.separator();
    }
    if !jobs.is_empty() {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    cancel
}

/// Says how many rooms' areas are left out of the figure beside it (invalid geometry).
fn unmeasured_ui(ui: &mut egui::Ui, rooms: u64) {
    if rooms > 0 {
        ui.colored_label(
            Color32::from_rgb(190, 30, 30),
            crate::t!("status.unmeasured", count = rooms).as_ref(),
        )
        .on_hover_text(crate::t!("status.unmeasured_help").as_ref());
    }
}
