//! 智能调剂… (from the 调剂方案 panel and the 视图 menu): the goals and rules on the left
//! ([`OptimizeForm`]); on the right 开始计算 and 取消, the run's time, incumbent and gap over
//! time while it runs, and then the result (`optimize_result`). 存为调剂方案 comes back to the
//! app as an [`OptimizeAction`]; nothing is written before.

use std::sync::Arc;

use super::optimize_form::OptimizeForm;
use super::optimize_result::{Outcome, RED, Step, outcome_ui};
use super::optimize_run::{OptimizeRun, TracePoint, gap_plot_ui};
use crate::optimize::plan::{PlanResult, Request};
use crate::planning::Checked;

/// The goals and rules on the left, points.
const FORM_WIDTH: f32 = 430.0;

/// What the window shows beside its own state, read by the app.
pub struct OptimizeView<'a> {
    /// The baseline the optimizer starts from, or why it could not be read.
    pub baseline: Result<&'a Arc<Checked>, &'a str>,
    /// The file's scenario names (a saved plan's name must be new).
    pub scenario_names: &'a [String],
    pub read_only: bool,
}

/// What the planner asked of the window.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizeAction {
    /// 存为调剂方案: store the plan as a new scenario and show it.
    Save {
        name: String,
        note: String,
        plan: Box<PlanResult>,
    },
}

/// The window's state.
pub struct OptimizeWindow {
    pub open: bool,
    /// Elapsed time, the plot of the gap over time and the solve time are shown; a test
    /// switches them off for a snapshot that does not depend on the machine's speed.
    pub show_timing: bool,
    form: OptimizeForm,
    run: Option<(OptimizeRun, String, Option<String>)>,
    outcome: Option<Outcome>,
    error: Option<String>,
}

impl Default for OptimizeWindow {
    fn default() -> Self {
        Self {
            open: false,
            show_timing: true,
            form: OptimizeForm::default(),
            run: None,
            outcome: None,
            error: None,
        }
    }
}

impl OptimizeWindow {
    /// Whether a run is going on.
    pub fn is_running(&self) -> bool {
        self.run.is_some()
    }

    /// Takes the result of a run that ended. `names` are the file's scenario names (the
    /// name offered for the plan is a new one).
    pub fn poll(&mut self, names: impl FnOnce() -> Vec<String>) {
        let Some(result) = self.run.as_mut().and_then(|(run, _, _)| run.poll()) else {
            return;
        };
        let Some((run, goals, relaxed)) = self.run.take() else {
            return;
        };
        let trace = run.trace();
        let seconds = run.elapsed();
        match result {
            Ok(finished) => {
                let name = unique_name(
                    crate::t!("optimize.note", goals = goals).into_owned(),
                    &names(),
                );
                self.outcome = Some(Outcome {
                    finished,
                    seconds,
                    trace,
                    goals,
                    relaxed,
                    name,
                    saved: None,
                    save_error: None,
                });
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The plan was stored as scenario `name`.
    pub fn saved(&mut self, name: &str) {
        if let Some(o) = &mut self.outcome {
            o.saved = Some(name.to_owned());
            o.save_error = None;
        }
    }

    /// The workspace refused to store the plan.
    pub fn refused(&mut self, reason: String) {
        if let Some(o) = &mut self.outcome {
            o.save_error = Some(reason);
        }
    }

    fn start(&mut self, baseline: &Checked, request: Request, relaxed: Option<String>) {
        let goals = goal_text(baseline, &request);
        self.outcome = None;
        self.error = None;
        self.run = Some((
            OptimizeRun::start(baseline.clone(), request),
            goals,
            relaxed,
        ));
    }

    /// The window, while open.
    pub fn show(&mut self, ctx: &egui::Context, view: &OptimizeView<'_>) -> Option<OptimizeAction> {
        if !self.open {
            return None;
        }
        let mut action = None;
        let mut open = true;
        egui::Window::new(crate::t!("optimize_ui.title").as_ref())
            .open(&mut open)
            .default_size([1180.0, 680.0])
            .default_pos([50.0, 60.0])
            .show(ctx, |ui| {
                ui.weak(crate::t!("optimize_ui.help").as_ref());
                let baseline = match view.baseline {
                    Ok(b) => b,
                    Err(e) => {
                        ui.colored_label(RED, e);
                        return;
                    }
                };
                ui.separator();
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(FORM_WIDTH);
                        egui::ScrollArea::vertical()
                            .id_salt("optimize_form")
                            .auto_shrink([false, false])
                            .show(ui, |ui| self.form.ui(ui, baseline));
                    });
                    ui.separator();
                    ui.vertical(|ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("optimize_result")
                            .auto_shrink([false, false])
                            .show(ui, |ui| action = self.result_side_ui(ui, baseline, view));
                    });
                });
            });
        // The title bar's ✕ or 关闭并查看平面图 closes it.
        self.open &= open;
        action
    }

    fn result_side_ui(
        &mut self,
        ui: &mut egui::Ui,
        baseline: &Checked,
        view: &OptimizeView<'_>,
    ) -> Option<OptimizeAction> {
        self.form.retain_known(&baseline.project);
        ui.horizontal(|ui| {
            let can_start = self.form.has_goal() && self.run.is_none();
            if ui
                .add_enabled(
                    can_start,
                    egui::Button::new(crate::t!("optimize_ui.start").as_ref()),
                )
                .clicked()
            {
                self.start(baseline, self.form.request(), None);
            }
            let can_cancel = self
                .run
                .as_ref()
                .is_some_and(|(r, _, _)| !r.is_cancelling());
            if ui
                .add_enabled(
                    can_cancel,
                    egui::Button::new(crate::t!("optimize_ui.cancel").as_ref()),
                )
                .clicked()
                && let Some((run, _, _)) = &self.run
            {
                run.cancel();
            }
        });
        if !self.form.has_goal() {
            ui.weak(crate::t!("optimize_ui.need_goal").as_ref());
        }
        if let Some((run, _, _)) = &self.run {
            self.running_ui(ui, run);
            return None;
        }
        if let Some(e) = &self.error {
            ui.colored_label(RED, crate::t!("optimize_ui.failed", reason = e).as_ref());
        }
        let show_timing = self.show_timing;
        let outcome = self.outcome.as_mut()?;
        match outcome_ui(ui, outcome, show_timing, view) {
            Some(Step::Relax(request, text)) => {
                self.start(baseline, request, Some(text));
                None
            }
            Some(Step::Save(action)) => Some(action),
            Some(Step::Close) => {
                self.open = false;
                None
            }
            None => None,
        }
    }

    fn running_ui(&self, ui: &mut egui::Ui, run: &OptimizeRun) {
        ui.horizontal(|ui| {
            ui.spinner();
            let text = if run.is_cancelling() {
                crate::t!("optimize_ui.cancelling")
            } else {
                crate::t!("optimize_ui.running")
            };
            ui.label(text.as_ref());
        });
        let trace = run.trace();
        if self.show_timing {
            ui.label(
                crate::t!(
                    "optimize_ui.elapsed",
                    seconds = format!("{:.1}", run.elapsed())
                )
                .as_ref(),
            );
        }
        match trace.last() {
            Some(TracePoint {
                incumbent: Some(value),
                gap,
                ..
            }) => {
                ui.label(
                    crate::t!(
                        "optimize_ui.incumbent",
                        value = format!("{value:.1}"),
                        gap = crate::labels::optimize_gap(*gap)
                    )
                    .as_ref(),
                );
            }
            _ => {
                ui.label(crate::t!("optimize_ui.no_incumbent").as_ref());
            }
        }
        if self.show_timing {
            let span = run.request.time_limit.as_secs_f64().max(run.elapsed());
            gap_plot_ui(ui, &trace, span);
        }
    }
}

/// The goals in words: `腾空 城东老办公楼；安置 县档案馆；全部达标`.
fn goal_text(baseline: &Checked, request: &Request) -> String {
    let project = &baseline.project;
    let goals = &request.goals;
    let mut parts = Vec::new();
    for b in &goals.vacate_buildings {
        if let Some(b) = project.buildings.iter().find(|x| x.uuid == *b) {
            parts.push(crate::t!("optimize.goal_vacate", what = b.name).into_owned());
        }
    }
    for f in &goals.vacate_floors {
        if let Some(f) = project.floors.iter().find(|x| x.uuid == *f) {
            let building = project
                .buildings
                .iter()
                .find(|b| b.uuid == f.building)
                .map_or("", |b| b.name.as_str());
            let what = format!("{building} {}", f.name);
            parts.push(crate::t!("optimize.goal_vacate", what = what).into_owned());
        }
    }
    for u in &goals.place_units {
        if let Some(u) = project.units.iter().find(|x| x.uuid == *u) {
            parts.push(crate::t!("optimize.goal_place", unit = u.name).into_owned());
        }
    }
    if goals.within_standard {
        parts.push(crate::t!("optimize.goal_within").into_owned());
    }
    parts.join("；")
}

/// `name`, or `name (2)`, `name (3)` … the first not among `taken`.
fn unique_name(name: String, taken: &[String]) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::unique_name;

    #[test]
    fn an_offered_name_is_a_new_one() {
        let taken = vec!["智能调剂：腾空 城东老办公楼".to_owned()];
        assert_eq!(
            unique_name("智能调剂：全部达标".into(), &taken),
            "智能调剂：全部达标"
        );
        assert_eq!(
            unique_name("智能调剂：腾空 城东老办公楼".into(), &taken),
            "智能调剂：腾空 城东老办公楼 (2)"
        );
    }
}
