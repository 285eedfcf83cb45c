//! 智能调剂's result in its window: how the run ended, the objective's terms, whether anybody
//! is newly over the standard, 存为调剂方案 with the name offered, the moves with their
//! reasons, the constraints that bind and the figures before → after — or, with no solution,
//! why and the relaxation that works (按此放宽重新计算).

use egui::Color32;

use super::optimize_run::{Finished, TracePoint, gap_plot_ui};
use super::optimize_window::{OptimizeAction, OptimizeView};
use crate::optimize::engine::Status;
use crate::optimize::plan::Request;
use crate::planning::MoveRow;

pub(super) const RED: Color32 = Color32::from_rgb(190, 30, 30);
const GREEN: Color32 = Color32::from_rgb(20, 130, 50);
const ORANGE: Color32 = Color32::from_rgb(190, 110, 0);
/// The move list's step and unit columns, points.
const STEP_WIDTH: f32 = 28.0;
const UNIT_WIDTH: f32 = 96.0;

/// A finished run with what the planner does with it.
pub(super) struct Outcome {
    pub(super) finished: Finished,
    /// The run's time as the planner waited for it (the explanation's runs included).
    pub(super) seconds: f64,
    pub(super) trace: Vec<TracePoint>,
    /// What was asked, in words (腾空 城东老办公楼 …), for the name and note.
    pub(super) goals: String,
    /// The relaxation this run was made with, in words.
    pub(super) relaxed: Option<String>,
    pub(super) name: String,
    /// The scenario name it was stored under.
    pub(super) saved: Option<String>,
    pub(super) save_error: Option<String>,
}

/// What the planner did with a result.
pub(super) enum Step {
    /// 按此放宽重新计算: run the relaxation's request.
    Relax(Request, String),
    Save(OptimizeAction),
    /// 关闭并查看平面图: the saved scenario is on the plan behind the window.
    Close,
}

pub(super) fn outcome_ui(
    ui: &mut egui::Ui,
    outcome: &mut Outcome,
    show_timing: bool,
    view: &OptimizeView<'_>,
) -> Option<Step> {
    let plan = &outcome.finished.plan;
    let mut step = None;
    ui.separator();
    let status = crate::labels::optimize_status(plan.status);
    let verdict = if plan.gap.is_finite() {
        crate::t!(
            "optimize_ui.status",
            status = status,
            gap = crate::labels::optimize_gap(plan.gap)
        )
    } else {
        crate::t!("optimize_ui.status_no_gap", status = status)
    };
    ui.strong(verdict.as_ref());
    if plan.status == crate::optimize::engine::Status::Feasible && plan.main_optimal {
        ui.label(crate::t!("optimize.main_optimal_note").as_ref());
    }
    if show_timing {
        ui.weak(
            crate::t!(
                "optimize_ui.size",
                seconds = format!("{:.1}", outcome.seconds),
                columns = plan.columns,
                rows = plan.rows
            )
            .as_ref(),
        );
        if outcome.trace.len() > 1 {
            gap_plot_ui(ui, &outcome.trace, outcome.seconds);
        }
    }
    let solved = matches!(plan.status, Status::Optimal | Status::Feasible);
    if plan.cancelled {
        let text = if solved {
            crate::t!("optimize_ui.cancelled")
        } else {
            crate::t!("optimize_ui.cancelled_none")
        };
        ui.colored_label(ORANGE, text.as_ref());
    }
    if let Some(text) = &outcome.relaxed {
        ui.label(crate::t!("optimize_ui.relaxed", text = text).as_ref());
    }
    if let Some(d) = &plan.decomposition {
        ui.colored_label(ORANGE, d);
    }
    if let Some(ex) = &plan.explanation {
        ui.heading(crate::t!("optimize_ui.why_infeasible").as_ref());
        ui.colored_label(RED, &ex.text);
        match &ex.relaxation {
            Some(r) => {
                ui.label(
                    crate::t!("optimize.relaxation_works", text = r.text, moves = r.moves).as_ref(),
                );
                if ui.button(crate::t!("optimize_ui.relax").as_ref()).clicked() {
                    step = Some(Step::Relax(r.request.0.clone(), r.text.clone()));
                }
            }
            None => {
                ui.label(crate::t!("optimize.no_relaxation").as_ref());
            }
        }
        return step;
    }
    if !solved {
        return step;
    }
    let t = &plan.terms;
    ui.label(
        crate::t!(
            "optimize.terms",
            units = t.units_moved,
            persons = t.persons_moved,
            rooms = t.rooms_changed,
            idle = format!("{:.2}", t.idle_left_m2)
        )
        .as_ref(),
    );
    if plan.new_units_over.is_empty() && plan.new_persons_over.is_empty() {
        ui.colored_label(GREEN, crate::t!("optimize_ui.no_new_over").as_ref());
    } else {
        ui.colored_label(
            RED,
            crate::t!(
                "optimize.new_over",
                units = plan.new_units_over.join("、"),
                persons = plan.new_persons_over.join("、")
            )
            .as_ref(),
        );
    }
    // Saving comes first, where the planner reads the verdict; the details follow.
    let save = save_ui(ui, outcome, view);
    let plan = &outcome.finished.plan;
    ui.separator();
    ui.strong(crate::t!("optimize_ui.moves", n = outcome.finished.rows.len()).as_ref());
    if outcome.finished.rows.is_empty() {
        ui.label(crate::t!("optimize_ui.no_moves").as_ref());
    } else {
        moves_ui(ui, &outcome.finished.rows);
    }
    if !plan.binding.is_empty() {
        ui.strong(crate::t!("optimize_ui.binding").as_ref());
        for b in &plan.binding {
            ui.label(format!("• {b}"));
        }
    }
    ui.strong(crate::t!("optimize_ui.figures").as_ref());
    super::scenario_compare::kpi_grid(ui, "optimize_kpis", &plan.before, &plan.after);
    save.or(step)
}

/// The moves step by step, each with its reason (the scenario's 搬迁清单 has every column).
/// Rows of their own rather than a grid: a reason wraps, and a grid sizes wrapped rows only
/// from the frame before.
fn moves_ui(ui: &mut egui::Ui, rows: &[MoveRow]) {
    let row_ui = |ui: &mut egui::Ui, step: egui::WidgetText, unit: egui::WidgetText, text| {
        ui.horizontal_top(|ui| {
            for (width, cell) in [(STEP_WIDTH, &step), (UNIT_WIDTH, &unit)] {
                ui.allocate_ui_with_layout(
                    egui::vec2(width, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_width(width);
                        ui.label(cell.clone());
                    },
                );
            }
            ui.add(egui::Label::new(text).wrap());
        });
    };
    let strong = |key: &str| egui::RichText::new(crate::t!(key).as_ref()).strong().into();
    row_ui(
        ui,
        strong("plan.col_step"),
        strong("plan.col_unit"),
        strong("plan.col_reason"),
    );
    for r in rows {
        let text = if r.reason.is_empty() {
            format!("{} → {}", r.from.join("、"), r.to.join("、"))
        } else {
            r.reason.clone()
        };
        ui.separator();
        row_ui(
            ui,
            r.step.to_string().into(),
            r.unit.as_str().into(),
            text.into(),
        );
    }
}

/// The name field and 存为调剂方案, or where the plan was stored.
fn save_ui(ui: &mut egui::Ui, outcome: &mut Outcome, view: &OptimizeView<'_>) -> Option<Step> {
    if let Some(name) = &outcome.saved {
        ui.colored_label(GREEN, crate::t!("optimize.saved", name = name).as_ref());
        return ui
            .button(crate::t!("optimize_ui.close_and_show").as_ref())
            .clicked()
            .then_some(Step::Close);
    }
    if outcome.finished.plan.moves.is_empty() {
        return None;
    }
    let mut action = None;
    let name = outcome.name.trim().to_owned();
    let taken = view.scenario_names.contains(&name);
    ui.horizontal(|ui| {
        let label = ui.label(crate::t!("optimize_ui.name").as_ref());
        ui.add(egui::TextEdit::singleline(&mut outcome.name).desired_width(260.0))
            .labelled_by(label.id);
        let can = !name.is_empty() && !taken && !view.read_only;
        if ui
            .add_enabled(
                can,
                egui::Button::new(crate::t!("optimize_ui.save").as_ref()),
            )
            .clicked()
        {
            let mut note = crate::t!("optimize.note", goals = outcome.goals).into_owned();
            if let Some(r) = &outcome.relaxed {
                note = format!("{note}；{r}");
            }
            action = Some(Step::Save(OptimizeAction::Save {
                name: name.clone(),
                note,
                plan: Box::new(outcome.finished.plan.clone()),
            }));
        }
    });
    if taken {
        ui.colored_label(RED, crate::t!("optimize_ui.name_taken").as_ref());
    }
    if view.read_only {
        ui.colored_label(ORANGE, crate::t!("optimize_ui.read_only").as_ref());
    }
    if let Some(e) = &outcome.save_error {
        ui.colored_label(
            RED,
            crate::t!("optimize_ui.save_refused", reason = e).as_ref(),
        );
    }
    action
}
