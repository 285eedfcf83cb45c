//! Planning in the window (调剂): the routing of the scenario panel, drops on the plan and
//! the stack plan, the occupied-room choice, the comparison and the move list.
//!
//! Every gesture becomes a [`crate::planning::Move`] through the workspace, so the app, the
//! CLI and the tests share one path; the check and figures follow each move by delta and the
//! plan, the unit bars and the status bar show them in the same frame.

use super::{OfficeplanApp, PathDialog, PathPurpose};
use crate::model::{Uuid, today};
use crate::planning::relocate;
use crate::ui::canvas::CanvasOutput;
use crate::ui::drag::Payload;
use crate::ui::move_list::MoveListAction;
use crate::ui::plan_drop::{self, DropAction, preview_line, tooltip_at};
use crate::ui::scenario_panel::ScenarioAction;
use crate::ui::stack_plan::StackAction;
use crate::workspace::{Comparison, Edit};

/// The planning windows and panels of the app.
#[derive(Default)]
pub struct Planning {
    pub(super) panel: crate::ui::scenario_panel::ScenarioPanel,
    pub(super) choice: crate::ui::occupied_choice::OccupiedChoice,
    pub(super) compare: crate::ui::scenario_compare::ScenarioComparison,
    pub(super) moves: crate::ui::move_list::MoveList,
    /// The shown scenario beside the baseline (the figures are read once per change, not
    /// once per frame).
    comparison: crate::ui::ByGeneration<Comparison>,
    /// Rooms the shown scenario changes, for the diff outline, by generation.
    moved: crate::ui::ByGeneration<std::collections::HashSet<Uuid>>,
    /// The rooms of another floor chosen for a dropped block (stack plan).
    pub(super) picker: crate::ui::target_picker::TargetPicker,
    /// The stack plan's drag tooltip for (unit, from, to, generation): the fit is searched
    /// once per target, not once per frame.
    hover: Option<((Uuid, Uuid, Uuid, u64), String)>,
}

impl OfficeplanApp {
    /// The 调剂方案 section of the right panel.
    pub(super) fn scenario_ui(&mut self, ui: &mut egui::Ui) {
        let comparison = self.comparison();
        let Some(w) = &self.workspace else { return };
        let action = self.planning.panel.ui(
            ui,
            w,
            comparison,
            self.inline_max_rooms,
            &mut self.notifications,
        );
        if let Some(action) = action {
            self.on_scenario(action);
        }
    }

    fn on_scenario(&mut self, action: ScenarioAction) {
        let active = self
            .workspace
            .as_ref()
            .and_then(|w| w.active_scenario().cloned());
        match (action, active) {
            (ScenarioAction::Show(scenario), _) => self.activate(scenario),
            (ScenarioAction::New { name, note }, _) => self.new_scenario(&name, &note),
            (ScenarioAction::Compare, _) => self.planning.compare.open = true,
            (ScenarioAction::Optimize, _) => self.open_optimizer(true),
            (ScenarioAction::MoveList, _) => self.planning.moves.open = true,
            (ScenarioAction::Rebase, Some(active)) => {
                if let Some(w) = &mut self.workspace {
                    match w.rebase() {
                        Ok(dropped) => self.notifications.push_notice(crate::t!(
                            "scenario.rebased",
                            name = active.info.name,
                            n = dropped.len()
                        )),
                        Err(e) => self.notifications.push_error(e.to_string()),
                    }
                }
                self.after_edit();
            }
            (ScenarioAction::Apply, Some(active)) => {
                self.apply(Edit::ApplyScenario {
                    scenario: active.info.uuid,
                });
                if self
                    .workspace
                    .as_ref()
                    .is_some_and(|w| w.active_scenario().is_none())
                {
                    self.inform(
                        crate::t!(
                            "scenario.applied",
                            name = active.info.name,
                            n = active.moves.len()
                        )
                        .into_owned(),
                    );
                }
            }
            (ScenarioAction::Delete, Some(active)) => {
                if let Some(w) = &mut self.workspace
                    && let Err(e) = w.delete_scenario(&active.info.uuid)
                {
                    self.notify(e.to_string());
                }
                self.after_edit();
            }
            // Nothing shown to rebase, apply or delete (the panel offers them only then).
            (ScenarioAction::Rebase | ScenarioAction::Apply | ScenarioAction::Delete, None) => {}
        }
    }

    /// Shows a scenario or the baseline. A scenario's state is the check with its moves
    /// replayed: a county's is made at once, a province's in the background (the plan says
    /// so and waits; the window does not).
    pub(super) fn activate(&mut self, scenario: Option<Uuid>) {
        if let Some(w) = &mut self.workspace
            && let Err(e) = w.show_scenario(scenario)
        {
            self.notify(e.to_string());
        }
        if scenario.is_some() {
            self.ensure_checked();
        }
        self.after_edit();
    }

    fn new_scenario(&mut self, name: &str, note: &str) {
        let Some(w) = &mut self.workspace else { return };
        match w.new_scenario(name, note) {
            Ok(uuid) => {
                self.planning.panel.created();
                self.activate(Some(uuid));
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Sets what the canvas needs of planning before it is drawn: whether rooms can be
    /// dragged, and the rooms the shown scenario changes.
    pub(super) fn prepare_canvas(&mut self) {
        let Some(w) = &self.workspace else { return };
        self.canvas.planning = w.active_scenario().is_some();
        let moved = self.planning.moved.get_or_insert_with(w.generation(), || {
            w.active_scenario()
                .map(|a| {
                    a.moves
                        .iter()
                        .flat_map(|m| m.rooms.iter().map(|c| c.room))
                        .collect()
                })
                .unwrap_or_default()
        });
        self.canvas.moved.clone_from(moved);
    }

    /// What a drag over or a drop on the canvas means.
    pub(super) fn canvas_output(&mut self, ui: &egui::Ui, output: CanvasOutput) {
        let Some(plan) = self.plan.clone() else {
            return;
        };
        // The shown state (scenario or baseline), if its check is in (never run here).
        let checked = self.workspace.as_ref().and_then(|w| w.checked_if_run());
        if let Some(target) = &output.hover
            && let Some(payload) = Payload::current(ui.ctx())
        {
            plan_drop::preview_ui(ui, &plan, checked.as_deref(), &payload, target);
        }
        drop(checked);
        let Some((payload, target)) = output.dropped else {
            return;
        };
        let Some(action) = DropAction::of(&plan, &payload, &target) else {
            return;
        };
        let Some(w) = &mut self.workspace else { return };
        if w.active_scenario().is_none() {
            // No scenario shown: the drop changes the baseline, as one undoable edit.
            self.drop_in_baseline(action);
            return;
        }
        let result = match action {
            DropAction::Ask { unit, from, to } => {
                let context = w.theme_context();
                let at = ui.ctx().pointer_latest_pos().unwrap_or(egui::Pos2::ZERO);
                self.planning
                    .choice
                    .ask(&plan, Some(&context), (unit, from, to), at);
                return;
            }
            DropAction::Unit { unit, from, to } => w.drop_unit(unit, from, to, None),
            DropAction::Rooms(pairs) => w.drop_rooms(&pairs),
            DropAction::Person { person, from, to } => w.drop_person(person, from, to),
        };
        if let Err(e) = result {
            self.notify(e.to_string());
        }
        self.after_move();
    }

    /// Keeps the view after a move: the shown floor is read again (the selection stays).
    fn after_move(&mut self) {
        let selection = self.canvas.selection.clone();
        self.after_edit();
        self.canvas.selection = selection;
    }

    /// The swap / share / replace question.
    pub(super) fn choice_ui(&mut self, ctx: &egui::Context) {
        let Some((pending, choice)) = self.planning.choice.ui(ctx) else {
            return;
        };
        let Some(w) = &mut self.workspace else { return };
        if let Err(e) = w.drop_unit(pending.unit, pending.from, pending.to, Some(choice)) {
            self.notify(e.to_string());
        }
        self.after_move();
    }

    /// The comparison window: the scenario beside the baseline.
    pub(super) fn compare_ui(&mut self, ctx: &egui::Context) {
        if !self.planning.compare.open {
            return;
        }
        let comparison = match self.comparison() {
            Some(Ok(c)) => Some(c),
            _ => None,
        };
        self.planning.compare.ui(ctx, comparison.as_ref());
    }

    /// The move list window, with export to a workbook.
    pub(super) fn moves_ui(&mut self, ctx: &egui::Context) {
        if !self.planning.moves.open {
            return;
        }
        let Some(w) = &mut self.workspace else { return };
        if w.scenario_waits_for_check() {
            return;
        }
        let (Ok(rows), Some(name)) = (
            w.move_list(),
            w.active_scenario().map(|a| a.info.name.clone()),
        ) else {
            self.planning.moves.open = false;
            return;
        };
        if self.planning.moves.ui(ctx, &name, &rows) == Some(MoveListAction::Export) {
            let folder = self
                .workspace
                .as_ref()
                .and_then(|w| w.path().parent().map(std::path::Path::to_path_buf))
                .unwrap_or_default();
            self.dialog = Some(PathDialog::new(
                PathPurpose::MoveList,
                folder
                    .join(format!("搬迁清单_{name}.xlsx"))
                    .display()
                    .to_string(),
            ));
        }
    }

    /// Writes the active scenario's move list as a workbook (print-ready: A4 landscape).
    pub fn export_moves(&mut self, path: &std::path::Path) {
        let Some(w) = &mut self.workspace else { return };
        let Some(name) = w.active_scenario().map(|a| a.info.name.clone()) else {
            return;
        };
        let result = w.move_list().map_err(|e| e.to_string()).and_then(|rows| {
            crate::io::report::xlsx::write(path, &[crate::io::report::move_table(&name, &rows)])
                .map_err(|e| e.to_string())
        });
        match result {
            Ok(()) => self.inform(crate::t!("app.exported", path = path.display()).into_owned()),
            Err(e) => self.notify(e),
        }
    }

    /// The shown scenario beside the baseline, read again only after a change.
    pub(super) fn comparison(&mut self) -> Option<Result<Comparison, String>> {
        let w = self.workspace.as_mut()?;
        w.active_scenario()?;
        if w.scenario_waits_for_check() {
            // Comparing would run the check here; the job brings it.
            return None;
        }
        let generation = w.generation();
        Some(
            self.planning
                .comparison
                .get_or_try_insert_with(generation, || w.compare())
                .cloned()
                .map_err(|e| e.to_string()),
        )
    }

    /// The stack plan in the centre.
    pub(super) fn stack_ui(&mut self, ui: &mut egui::Ui) {
        self.ensure_checked();
        let scope = self.shown_scope();
        let regions = self.regions();
        let Some(context) = self.theme_context().cloned() else {
            return;
        };
        let Some(w) = &self.workspace else { return };
        let generation = w.generation();
        let Some(checked) = w.checked_if_run() else {
            ui.spinner();
            return;
        };
        let view = crate::workspace::region_groups::ScopeView {
            scope,
            regions: &regions,
        };
        let action = self
            .stack
            .ui(ui, w.index(), &checked, &context, (generation, view));
        match action {
            Some(StackAction::Open { floor_index, unit }) => {
                let floor = w.index().floors.get(floor_index).map(|e| e.floor.uuid);
                self.open_floor(floor_index);
                if let (Some(unit), Some(floor), Some(w)) = (unit, floor, &mut self.workspace)
                    && let Ok(plan) = w.floor_plan(&floor)
                {
                    self.plan = Some(plan.clone());
                    self.canvas.selection = plan
                        .rooms
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.units.contains(&unit))
                        .map(|(i, _)| i)
                        .collect();
                }
            }
            Some(StackAction::Hover { unit, from, to }) => {
                let key = (unit, from, to, generation);
                let text = match &self.planning.hover {
                    Some((k, text)) if *k == key => text.clone(),
                    _ => {
                        let text = match w.active_scenario() {
                            None => crate::t!("workspace.no_scenario").into_owned(),
                            // The shown state is the scenario's: the fit is made on it directly.
                            Some(_) => hover_text(&checked, unit, &from, &to),
                        };
                        self.planning.hover = Some((key, text.clone()));
                        text
                    }
                };
                if let Some(pos) = ui.ctx().pointer_latest_pos() {
                    tooltip_at(ui.ctx(), pos, "stack_preview", |ui| {
                        ui.label(text);
                    });
                }
            }
            Some(StackAction::Drop { unit, from, to }) => {
                self.planning.hover = None;
                if w.active_scenario().is_none() {
                    self.notify(crate::t!("workspace.no_scenario").into_owned());
                    return;
                }
                // The best fit ticks the rooms of the picker; the planner confirms or changes.
                match relocate(&checked, today(), unit, &from, &to) {
                    Ok((_, fit)) => {
                        let context = w.theme_context();
                        let unit_name = context.unit_name(&unit).unwrap_or_default().to_owned();
                        let floor_name = w
                            .index()
                            .floors
                            .iter()
                            .find(|f| f.floor.uuid == to)
                            .and_then(|f| {
                                let b = w.index().buildings.get(f.building)?;
                                Some(format!("{} {}", b.building.name, f.floor.name))
                            })
                            .unwrap_or_default();
                        self.planning.picker.open(
                            &checked,
                            (unit, unit_name),
                            (from, to),
                            floor_name,
                            &fit.rooms,
                        );
                    }
                    Err(e) => {
                        drop(checked);
                        self.notify(e.to_string());
                    }
                }
            }
            None => {}
        }
    }

    /// The target picker of a dropped block: the move is made on confirmation.
    pub(super) fn picker_ui(&mut self, ctx: &egui::Context) {
        if self.planning.picker.pending().is_none() {
            return;
        }
        let checked = self
            .workspace
            .as_ref()
            .filter(|w| w.active_scenario().is_some())
            .and_then(|w| w.checked_if_run());
        let action = self.planning.picker.ui(ctx, checked.as_deref());
        drop(checked);
        if let Some(crate::ui::target_picker::PickerAction::Confirm { unit, from, rooms }) = action
        {
            self.relocate_into(unit, from, &rooms);
        }
    }

    /// A unit's rooms on floor `from` moved into the rooms chosen in the picker.
    pub(super) fn relocate_into(&mut self, unit: Uuid, from: Uuid, rooms: &[Uuid]) {
        let Some(w) = &mut self.workspace else { return };
        match w.relocate_into(unit, &from, rooms) {
            Ok(fit) => self.inform(format!("{}\n{}", fit.reason(), fit.persons_line())),
            Err(e) => self.notify(e.to_string()),
        }
        self.after_move();
    }
}

/// The stack plan's drag tooltip: the best fit's rooms and why, the persons over before →
/// after, and each unit's office area before → after.
fn hover_text(checked: &crate::planning::Checked, unit: Uuid, from: &Uuid, to: &Uuid) -> String {
    match relocate(checked, today(), unit, from, to) {
        Ok((m, fit)) => {
            let mut lines = vec![fit.reason(), fit.persons_line()];
            lines.extend(checked.preview(&m).iter().map(|p| preview_line(checked, p)));
            lines.join("\n")
        }
        Err(e) => e.to_string(),
    }
}
