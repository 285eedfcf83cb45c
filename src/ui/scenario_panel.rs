//! The 调剂方案 section of the right panel: which state is shown (基准 or a scenario), a new
//! scenario, every scenario with its figures, and the shown scenario's state and buttons.

use egui::Color32;

use super::ByGeneration;
use super::notifications::Notifications;
use super::scenario_compare::kpi_grid;
use crate::model::Uuid;
use crate::store::ScenarioInfo;
use crate::workspace::{Comparison, ScenarioSummary, Workspace};

/// What the planner asked of the scenario panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioAction {
    /// Show a scenario, or the baseline.
    Show(Option<Uuid>),
    New {
        name: String,
        note: String,
    },
    Rebase,
    Compare,
    /// 智能调剂…: the optimizer window.
    Optimize,
    MoveList,
    Apply,
    Delete,
}

/// The panel's state.
#[derive(Default)]
pub struct ScenarioPanel {
    /// The name typed for a new scenario, and its note.
    new_name: String,
    new_note: String,
    /// The scenarios of the file, read again when the generation moves.
    list: ByGeneration<Vec<ScenarioInfo>>,
    /// Every scenario with its figures (the scenario list).
    overview: ByGeneration<Vec<ScenarioSummary>>,
}

impl ScenarioPanel {
    /// The name and note typed are used: clear them.
    pub fn created(&mut self) {
        self.new_name.clear();
        self.new_note.clear();
    }

    /// The panel. `comparison` is the shown scenario beside the baseline; `inline_max_rooms`
    /// bounds the projects whose scenarios are all replayed for the list.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        w: &Workspace,
        comparison: Option<Result<Comparison, String>>,
        inline_max_rooms: u64,
        notifications: &mut Notifications,
    ) -> Option<ScenarioAction> {
        let mut action = None;
        let list = self
            .list
            .get_or_insert_with(w.generation(), || match w.scenarios() {
                Ok(list) => list,
                Err(e) => {
                    notifications.push_error(e.to_string());
                    Vec::new()
                }
            })
            .clone();
        let active = w.active_scenario().map(|a| a.info.uuid);
        let mut chosen = active;
        let shown = active
            .and_then(|a| list.iter().find(|s| s.uuid == a))
            .map_or_else(
                || crate::t!("scenario.baseline").into_owned(),
                |s| s.name.clone(),
            );
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("plan.showing").as_ref());
            egui::ComboBox::from_id_salt("scenario")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, crate::t!("scenario.baseline").as_ref());
                    for s in &list {
                        ui.selectable_value(&mut chosen, Some(s.uuid), &s.name);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if chosen != active {
            action = Some(ScenarioAction::Show(chosen));
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("plan.new_name").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.new_name).desired_width(120.0))
                .labelled_by(label.id);
            let can = !self.new_name.trim().is_empty();
            if ui
                .add_enabled(can, egui::Button::new(crate::t!("plan.new").as_ref()))
                .clicked()
            {
                action = Some(ScenarioAction::New {
                    name: self.new_name.trim().to_owned(),
                    note: self.new_note.trim().to_owned(),
                });
            }
        });
        if ui
            .button(crate::t!("optimize_ui.open").as_ref())
            .on_hover_text(crate::t!("optimize_ui.help").as_ref())
            .clicked()
        {
            action = Some(ScenarioAction::Optimize);
        }
        if !list.is_empty() {
            egui::CollapsingHeader::new(crate::t!("plan.all").as_ref())
                .id_salt("scenario_overview")
                .show(ui, |ui| {
                    self.overview_ui(ui, w, inline_max_rooms, notifications)
                });
        }
        let Some(active) = w.active_scenario() else {
            ui.small(crate::t!("plan.baseline_help").as_ref());
            return action;
        };
        if !active.info.note.is_empty() {
            ui.weak(&active.info.note);
        }
        if active.stale {
            ui.colored_label(
                Color32::from_rgb(190, 110, 0),
                crate::t!("scenario.state_stale").as_ref(),
            );
            for c in &active.conflicts {
                ui.colored_label(
                    Color32::from_rgb(190, 30, 30),
                    crate::t!("scenario.conflict", step = c.step, reason = c.reason).as_ref(),
                );
            }
            if ui.button(crate::t!("plan.rebase").as_ref()).clicked() {
                return Some(ScenarioAction::Rebase);
            }
        }
        if let Some(at) = &active.info.applied_at {
            ui.label(
                crate::t!("scenario.state_applied", at = crate::model::local_time(at)).as_ref(),
            );
        } else {
            ui.small(crate::t!("plan.drag_help").as_ref());
        }
        match comparison {
            Some(Ok(c)) => kpi_grid(ui, "kpis_panel", &c.baseline, &c.scenario),
            Some(Err(e)) => {
                ui.colored_label(Color32::from_rgb(190, 30, 30), e);
            }
            None => {}
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(crate::t!("plan.compare").as_ref()).clicked() {
                action = Some(ScenarioAction::Compare);
            }
            if ui.button(crate::t!("plan.move_list").as_ref()).clicked() {
                action = Some(ScenarioAction::MoveList);
            }
            if active.info.applied_at.is_none()
                && ui.button(crate::t!("plan.apply").as_ref()).clicked()
            {
                action = Some(ScenarioAction::Apply);
            }
            if ui.button(crate::t!("plan.delete").as_ref()).clicked() {
                action = Some(ScenarioAction::Delete);
            }
        });
        action
    }

    /// Every scenario with its figures (each replayed over the baseline: a county's scenarios
    /// take milliseconds; a province's list is not computed here).
    fn overview_ui(
        &mut self,
        ui: &mut egui::Ui,
        w: &Workspace,
        inline_max_rooms: u64,
        notifications: &mut Notifications,
    ) {
        if w.room_count() > inline_max_rooms {
            ui.small(crate::t!("plan.all_large").as_ref());
            return;
        }
        let list =
            self.overview
                .get_or_insert_with(w.generation(), || match w.scenario_overview() {
                    Ok(list) => list,
                    Err(e) => {
                        notifications.push_error(e.to_string());
                        Vec::new()
                    }
                });
        egui::Grid::new("scenario_list")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "plan.col_name",
                    "kpi.moves",
                    "kpi.vacated_buildings",
                    "plan.col_idle",
                    "plan.col_over",
                ] {
                    ui.strong(crate::t!(h).as_ref());
                }
                ui.end_row();
                for s in list {
                    let name = if s.info.applied_at.is_some() {
                        format!("{} ✔", s.info.name)
                    } else if s.stale {
                        format!("{} ⚠", s.info.name)
                    } else {
                        s.info.name.clone()
                    };
                    ui.label(name);
                    ui.label(s.kpis.moves.to_string());
                    ui.label(s.kpis.vacated_buildings.len().to_string());
                    ui.label(format!("{:.2}", s.kpis.idle_area_m2));
                    ui.label(format!("{:.2}", s.kpis.over_standard_area_m2));
                    ui.end_row();
                }
            });
    }
}
