//! Planning in the window (调剂): the scenario panel, drops on the plan and the stack plan,
//! the choice asked when a room is taken, the comparison and the move list.
//!
//! Every gesture becomes a [`crate::planning::Move`] through the workspace, so the app, the
//! CLI and the tests share one path; the check and figures follow each move by delta and the
//! plan, the unit bars and the status bar show them in the same frame.

use egui::{Align2, Color32, Pos2};

use super::{OfficeplanApp, PathDialog, PathPurpose};
use crate::analysis::compliance::UnitCompliance;
use crate::model::{Uuid, today};
use crate::planning::{
    Kpis, Move, MoveRow, Occupied, UnitPreview, drop_person, drop_rooms, drop_unit, relocate,
};
use crate::store::ScenarioInfo;
use crate::ui::canvas::{CanvasOutput, DropTarget};
use crate::ui::drag::{Payload, PendingDrop};
use crate::ui::stack_plan::StackAction;
use crate::workspace::{Checked, Comparison, Edit, FloorPlan, ScenarioSummary};

/// The planning state of the window.
#[derive(Default)]
pub struct Planning {
    /// The name typed for a new scenario, and its note.
    new_name: String,
    new_note: String,
    /// The scenarios of the file, read again when the generation moves.
    list: Option<(u64, Vec<ScenarioInfo>)>,
    pub(super) show_compare: bool,
    pub(super) show_moves: bool,
    /// A drop on a room another unit holds, waiting for swap / share / replace.
    pub(super) pending: Option<PendingDrop>,
    /// The shown scenario beside the baseline, by generation (the figures are read once per
    /// change, not once per frame).
    comparison: Option<(u64, Comparison)>,
    /// Every scenario with its figures, by generation (the scenario list).
    overview: Option<(u64, Vec<ScenarioSummary>)>,
    /// Rooms the shown scenario changes, for the diff outline, by generation.
    moved: Option<(u64, std::collections::HashSet<Uuid>)>,
}

/// A unit's office area before → after and whether it is over, for the drag preview.
fn preview_line(checked: &Checked, p: &UnitPreview) -> String {
    let name = checked
        .project
        .units
        .get(p.unit)
        .map_or("?", |u| u.name.as_str());
    let verdict = |c: &UnitCompliance| {
        if c.over {
            crate::t!("plan.over")
        } else {
            crate::t!("plan.within")
        }
    };
    crate::t!(
        "plan.preview_unit",
        unit = name,
        before = format!("{:.2}", p.before.office.used_m2),
        after = format!("{:.2}", p.after.office.used_m2),
        approved = format!("{:.2}", p.after.office.approved_m2),
        was = verdict(&p.before),
        now = verdict(&p.after)
    )
    .into_owned()
}

/// What a payload released on a target of the shown floor means, before it is made a move.
enum Drop {
    /// A unit into room `to`, from the units panel or from room `from`; `occupied` when
    /// another unit holds `to` (swap / share / replace is asked).
    Unit {
        unit: Uuid,
        from: Option<Uuid>,
        to: Uuid,
        occupied: bool,
    },
    /// A group of rooms, each to the room under its moved position.
    Rooms(Vec<(Uuid, Uuid)>),
    Person {
        person: Uuid,
        from: Option<Uuid>,
        to: Uuid,
    },
}

impl Drop {
    /// The drop of `payload` on `target` of `plan` (the shown state's rooms), if it means one.
    fn of(plan: &FloorPlan, payload: &Payload, target: &DropTarget) -> Option<Self> {
        let to = target.room.and_then(|i| plan.rooms.get(i));
        let held_by_other = |unit: &Uuid| to.is_some_and(|r| r.units.iter().any(|u| u != unit));
        match payload {
            Payload::Unit { unit, .. } => Some(Drop::Unit {
                unit: *unit,
                from: None,
                to: to?.uuid,
                occupied: held_by_other(unit),
            }),
            Payload::Rooms { rooms, .. } if rooms.len() > 1 => {
                Some(Drop::Rooms(target.pairs.clone()))
            }
            Payload::Rooms { rooms, .. } => {
                let (from, _) = *rooms.first()?;
                let unit = *plan.rooms.iter().find(|r| r.uuid == from)?.units.first()?;
                let to = to?.uuid;
                Some(Drop::Unit {
                    unit,
                    from: Some(from),
                    to,
                    occupied: to != from && held_by_other(&unit),
                })
            }
            Payload::Person { person, from, .. } => Some(Drop::Person {
                person: *person,
                from: *from,
                to: to?.uuid,
            }),
            Payload::Block { .. } => None,
        }
    }
}

impl OfficeplanApp {
    /// The 调剂方案 section of the right panel.
    pub(super) fn scenario_ui(&mut self, ui: &mut egui::Ui) {
        let Some(w) = &mut self.workspace else { return };
        let generation = w.generation();
        if self
            .planning
            .list
            .as_ref()
            .is_none_or(|(g, _)| *g != generation)
        {
            match w.scenarios() {
                Ok(list) => self.planning.list = Some((generation, list)),
                Err(e) => {
                    self.planning.list = Some((generation, Vec::new()));
                    self.notifications.push((e.to_string(), true));
                }
            }
        }
        let list = self
            .planning
            .list
            .as_ref()
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
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
            self.activate(chosen);
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("plan.new_name").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.planning.new_name).desired_width(120.0))
                .labelled_by(label.id);
            let can = !self.planning.new_name.trim().is_empty();
            if ui
                .add_enabled(can, egui::Button::new(crate::t!("plan.new").as_ref()))
                .clicked()
            {
                self.new_scenario();
            }
        });
        if !list.is_empty() {
            egui::CollapsingHeader::new(crate::t!("plan.all").as_ref())
                .id_salt("scenario_overview")
                .show(ui, |ui| self.overview_ui(ui));
        }
        let Some(w) = &mut self.workspace else { return };
        let Some(active) = w.active_scenario().cloned() else {
            ui.small(crate::t!("plan.baseline_help").as_ref());
            return;
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
                match w.rebase() {
                    Ok(dropped) => self.inform(
                        crate::t!(
                            "scenario.rebased",
                            name = active.info.name,
                            n = dropped.len()
                        )
                        .into_owned(),
                    ),
                    Err(e) => self.notify(e.to_string()),
                }
                self.after_edit();
                return;
            }
        }
        if let Some(at) = &active.info.applied_at {
            ui.label(
                crate::t!("scenario.state_applied", at = crate::model::local_time(at)).as_ref(),
            );
        } else {
            ui.small(crate::t!("plan.drag_help").as_ref());
        }
        match self.comparison() {
            Some(Ok(c)) => kpi_grid(ui, "kpis_panel", &c.baseline, &c.scenario),
            Some(Err(e)) => {
                ui.colored_label(Color32::from_rgb(190, 30, 30), e);
            }
            None => {}
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(crate::t!("plan.compare").as_ref()).clicked() {
                self.planning.show_compare = true;
            }
            if ui.button(crate::t!("plan.move_list").as_ref()).clicked() {
                self.planning.show_moves = true;
            }
            if active.info.applied_at.is_none()
                && ui.button(crate::t!("plan.apply").as_ref()).clicked()
            {
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
            if ui.button(crate::t!("plan.delete").as_ref()).clicked() {
                if let Some(w) = &mut self.workspace
                    && let Err(e) = w.delete_scenario(&active.info.uuid)
                {
                    self.notify(e.to_string());
                }
                self.after_edit();
            }
        });
    }

    /// Every scenario with its figures (each replayed over the baseline: a county's scenarios
    /// take milliseconds; a province's list is not computed here).
    fn overview_ui(&mut self, ui: &mut egui::Ui) {
        let Some(w) = &self.workspace else { return };
        if w.room_count() > self.inline_max_rooms {
            ui.small(crate::t!("plan.all_large").as_ref());
            return;
        }
        let generation = w.generation();
        if self
            .planning
            .overview
            .as_ref()
            .is_none_or(|(g, _)| *g != generation)
        {
            match w.scenario_overview() {
                Ok(list) => self.planning.overview = Some((generation, list)),
                Err(e) => {
                    self.planning.overview = Some((generation, Vec::new()));
                    self.notifications.push((e.to_string(), true));
                }
            }
        }
        let Some((_, list)) = &self.planning.overview else {
            return;
        };
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

    /// Shows a scenario or the baseline. A scenario's state is the check with its moves
    /// replayed: a county's is made at once, a province's in the background (the plan says
    /// so and waits; the window does not).
    fn activate(&mut self, scenario: Option<Uuid>) {
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

    fn new_scenario(&mut self) {
        let Some(w) = &mut self.workspace else { return };
        let name = self.planning.new_name.trim().to_owned();
        match w.new_scenario(&name, self.planning.new_note.trim()) {
            Ok(uuid) => {
                self.planning.new_name.clear();
                self.planning.new_note.clear();
                self.activate(Some(uuid));
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Sets what the canvas needs of planning before it is drawn: whether rooms can be
    /// dragged, and the rooms the shown scenario changes.
    pub(super) fn prepare_canvas(&mut self) {
        let Some(w) = &self.workspace else { return };
        let generation = w.generation();
        self.canvas.planning = w.active_scenario().is_some();
        if self
            .planning
            .moved
            .as_ref()
            .is_none_or(|(g, _)| *g != generation)
        {
            let moved = w
                .active_scenario()
                .map(|a| {
                    a.moves
                        .iter()
                        .flat_map(|m| m.rooms.iter().map(|c| c.room))
                        .collect()
                })
                .unwrap_or_default();
            self.planning.moved = Some((generation, moved));
        }
        if let Some((_, moved)) = &self.planning.moved {
            self.canvas.moved.clone_from(moved);
        }
    }

    /// What a drag over or a drop on the canvas means.
    pub(super) fn canvas_output(&mut self, ui: &egui::Ui, output: CanvasOutput) {
        if let Some(target) = &output.hover
            && let Some(payload) = Payload::current(ui.ctx())
        {
            self.preview_ui(ui, &payload, target);
        }
        if let Some((payload, target)) = output.dropped {
            self.drop_on_plan(ui, &payload, &target);
        }
    }

    /// The move a payload would make on a target, if any (an occupied room is previewed as
    /// shared, or swapped when a room's unit is dragged; the drop then asks).
    fn gesture_for(
        &mut self,
        payload: &Payload,
        target: &DropTarget,
    ) -> Option<Result<Move, String>> {
        let drop = Drop::of(self.plan.as_deref()?, payload, target)?;
        let w = self.workspace.as_mut()?;
        w.active_scenario()?;
        // Never run the check here (a province's takes seconds): the plan is shown only once
        // it is there.
        let checked = w.checked_if_run()?;
        let today = today();
        let result = match drop {
            Drop::Unit {
                unit,
                from,
                to,
                occupied,
            } => {
                let choice = if from.is_some() {
                    Occupied::Swap
                } else {
                    Occupied::Share
                };
                drop_unit(&checked, today, unit, from, to, occupied.then_some(choice))
            }
            Drop::Rooms(pairs) => drop_rooms(&checked, today, &pairs),
            Drop::Person { person, from, to } => drop_person(&checked, today, person, from, to),
        };
        Some(result.map_err(|e| e.to_string()))
    }

    /// The tooltip beside the pointer while dragging over a room: the effect on each unit.
    fn preview_ui(&mut self, ui: &egui::Ui, payload: &Payload, target: &DropTarget) {
        let Some(pos) = ui.ctx().pointer_latest_pos() else {
            return;
        };
        let lines: Vec<(String, bool)> = match self.gesture_for(payload, target) {
            None => vec![(crate::t!("plan.drop_nowhere").into_owned(), false)],
            Some(Err(e)) => vec![(e, false)],
            Some(Ok(m)) => {
                let Some(checked) = self.workspace.as_ref().and_then(|w| w.checked_if_run()) else {
                    return;
                };
                let mut lines: Vec<(String, bool)> = checked
                    .preview(&m)
                    .iter()
                    .map(|p| (preview_line(&checked, p), p.after.over))
                    .collect();
                if matches!(payload, Payload::Person { .. }) {
                    lines.push((crate::t!("plan.preview_person").into_owned(), false));
                }
                lines
            }
        };
        tooltip_at(ui.ctx(), pos, "drop_preview", |ui| {
            for (line, over) in &lines {
                if *over {
                    ui.colored_label(Color32::from_rgb(200, 40, 30), line);
                } else {
                    ui.label(line);
                }
            }
        });
    }

    /// A payload released over a room of the plan.
    fn drop_on_plan(&mut self, ui: &egui::Ui, payload: &Payload, target: &DropTarget) {
        let Some(drop) = self
            .plan
            .as_deref()
            .and_then(|p| Drop::of(p, payload, target))
        else {
            return;
        };
        let Some(w) = &mut self.workspace else { return };
        if w.active_scenario().is_none() {
            self.notify(crate::t!("workspace.no_scenario").into_owned());
            return;
        }
        let result = match drop {
            Drop::Unit {
                unit,
                from,
                to,
                occupied: true,
            } => {
                self.ask(ui, unit, from, to);
                return;
            }
            Drop::Unit { unit, from, to, .. } => w.drop_unit(unit, from, to, None),
            Drop::Rooms(pairs) => w.drop_rooms(&pairs),
            Drop::Person { person, from, to } => w.drop_person(person, from, to),
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

    /// Asks what to do with a room another unit holds.
    fn ask(&mut self, ui: &egui::Ui, unit: Uuid, from: Option<Uuid>, to: Uuid) {
        let Some(plan) = &self.plan else { return };
        let Some(room) = plan.rooms.iter().find(|r| r.uuid == to) else {
            return;
        };
        let context = self.workspace.as_ref().map(|w| w.theme_context());
        let others: Vec<String> = room
            .units
            .iter()
            .filter(|u| **u != unit)
            .map(|u| {
                context
                    .as_ref()
                    .and_then(|c| c.unit_name(u).map(str::to_owned))
                    .unwrap_or_else(|| u.to_string())
            })
            .collect();
        self.planning.pending = Some(PendingDrop {
            unit,
            from,
            to,
            at: ui.ctx().pointer_latest_pos().unwrap_or(Pos2::ZERO),
            room: room.number.clone(),
            others: others.join("、"),
        });
    }

    /// The swap / share / replace question.
    pub(super) fn choice_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.planning.pending.clone() else {
            return;
        };
        let mut answer: Option<Option<Occupied>> = None;
        egui::Window::new(crate::t!("plan.occupied_title").as_ref())
            .collapsible(false)
            .resizable(false)
            .default_pos(pending.at)
            .show(ctx, |ui| {
                ui.label(
                    crate::t!(
                        "plan.occupied_question",
                        room = pending.room,
                        units = pending.others
                    )
                    .as_ref(),
                );
                ui.horizontal(|ui| {
                    if pending.from.is_some()
                        && ui.button(crate::t!("move.swap").as_ref()).clicked()
                    {
                        answer = Some(Some(Occupied::Swap));
                    }
                    if ui.button(crate::t!("move.share").as_ref()).clicked() {
                        answer = Some(Some(Occupied::Share));
                    }
                    if ui.button(crate::t!("move.replace").as_ref()).clicked() {
                        answer = Some(Some(Occupied::Replace));
                    }
                    if ui.button(crate::t!("dialog.cancel").as_ref()).clicked() {
                        answer = Some(None);
                    }
                });
            });
        let Some(answer) = answer else { return };
        self.planning.pending = None;
        let (Some(choice), Some(w)) = (answer, &mut self.workspace) else {
            return;
        };
        if let Err(e) = w.drop_unit(pending.unit, pending.from, pending.to, Some(choice)) {
            self.notify(e.to_string());
        }
        self.after_move();
    }

    /// The comparison window: the scenario beside the baseline.
    pub(super) fn compare_ui(&mut self, ctx: &egui::Context) {
        if !self.planning.show_compare {
            return;
        }
        let Some(Ok(c)) = self.comparison() else {
            self.planning.show_compare = false;
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
        self.planning.show_compare = open;
    }

    /// The move list window, with export to a workbook.
    pub(super) fn moves_ui(&mut self, ctx: &egui::Context) {
        if !self.planning.show_moves {
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
            self.planning.show_moves = false;
            return;
        };
        let mut open = true;
        let mut export = false;
        egui::Window::new(crate::t!("plan.move_list_title", name = name).as_ref())
            .open(&mut open)
            .default_width(760.0)
            .show(ctx, |ui| {
                move_rows(ui, &rows);
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("plan.export_moves").as_ref()).clicked() {
                        export = true;
                    }
                    ui.small(crate::t!("plan.print_help").as_ref());
                });
            });
        self.planning.show_moves = open;
        if export {
            let folder = self
                .workspace
                .as_ref()
                .and_then(|w| w.path().parent().map(std::path::Path::to_path_buf))
                .unwrap_or_default();
            self.dialog = Some(PathDialog {
                purpose: PathPurpose::MoveList,
                path: folder
                    .join(format!("搬迁清单_{name}.xlsx"))
                    .display()
                    .to_string(),
            });
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
    fn comparison(&mut self) -> Option<Result<Comparison, String>> {
        let w = self.workspace.as_mut()?;
        w.active_scenario()?;
        if w.scenario_waits_for_check() {
            // Comparing would run the check here; the job brings it.
            return None;
        }
        let generation = w.generation();
        if let Some((g, c)) = &self.planning.comparison
            && *g == generation
        {
            return Some(Ok(c.clone()));
        }
        match w.compare() {
            Ok(c) => {
                self.planning.comparison = Some((generation, c.clone()));
                Some(Ok(c))
            }
            Err(e) => Some(Err(e.to_string())),
        }
    }

    /// The scenario's name and figures for the status bar, when one is shown.
    pub(super) fn scenario_status_ui(&mut self, ui: &mut egui::Ui) {
        let Some(Ok(c)) = self.comparison() else {
            return;
        };
        let (name, k) = (c.name, c.scenario);
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

    /// The stack plan in the centre.
    pub(super) fn stack_ui(&mut self, ui: &mut egui::Ui) {
        self.ensure_checked();
        let Some(context) = self.theme_context().cloned() else {
            return;
        };
        let Some(w) = &self.workspace else { return };
        let generation = w.generation();
        let Some(checked) = w.checked_if_run() else {
            ui.spinner();
            return;
        };
        let action = self.stack.ui(ui, w.index(), &checked, &context, generation);
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
                let text = match w.active_scenario() {
                    None => crate::t!("workspace.no_scenario").into_owned(),
                    // The shown state is the scenario's: the fit is made on it directly.
                    Some(_) => match relocate(&checked, today(), unit, &from, &to) {
                        Ok((m, fit)) => {
                            let mut lines = vec![fit.reason()];
                            lines.extend(
                                checked
                                    .preview(&m)
                                    .iter()
                                    .map(|p| preview_line(&checked, p)),
                            );
                            lines.join("\n")
                        }
                        Err(e) => e.to_string(),
                    },
                };
                if let Some(pos) = ui.ctx().pointer_latest_pos() {
                    tooltip_at(ui.ctx(), pos, "stack_preview", |ui| {
                        ui.label(text);
                    });
                }
            }
            Some(StackAction::Drop { unit, from, to }) => {
                // Let go of the state first: the move changes it in place.
                drop(checked);
                self.relocate(unit, from, to);
            }
            None => {}
        }
    }

    /// Drops of the stack plan: a unit's block on another floor.
    pub(super) fn relocate(&mut self, unit: Uuid, from: Uuid, to: Uuid) {
        let Some(w) = &mut self.workspace else { return };
        match w.relocate(unit, &from, &to) {
            Ok(fit) => self.inform(fit.reason()),
            Err(e) => self.notify(e.to_string()),
        }
        self.after_move();
    }
}

/// A small frame beside the pointer, above everything.
pub(crate) fn tooltip_at(
    ctx: &egui::Context,
    pos: Pos2,
    id: &str,
    add: impl FnOnce(&mut egui::Ui),
) {
    egui::Area::new(egui::Id::unique(id))
        .order(egui::Order::Tooltip)
        .fixed_pos(pos + egui::vec2(16.0, 28.0))
        .pivot(Align2::LEFT_TOP)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, add);
        });
}

/// Baseline and scenario figures side by side.
fn kpi_grid(ui: &mut egui::Ui, id: &str, a: &Kpis, b: &Kpis) {
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

fn move_rows(ui: &mut egui::Ui, rows: &[MoveRow]) {
    egui::ScrollArea::vertical()
        .max_height(420.0)
        .show(ui, |ui| {
            egui::Grid::new("move_list").striped(true).show(ui, |ui| {
                for h in [
                    "plan.col_step",
                    "plan.col_kind",
                    "plan.col_unit",
                    "plan.col_from",
                    "plan.col_to",
                    "plan.col_area",
                ] {
                    ui.strong(crate::t!(h).as_ref());
                }
                ui.end_row();
                for r in rows {
                    ui.label(r.step.to_string());
                    ui.label(crate::ui::labels::move_kind(r.kind));
                    if r.person.is_empty() {
                        ui.label(&r.unit);
                    } else {
                        ui.label(format!("{} · {}", r.unit, r.person));
                    }
                    ui.label(r.from.join("、"));
                    ui.label(r.to.join("、"));
                    ui.label(format!("{:.2} → {:.2}", r.area_before_m2, r.area_after_m2));
                    ui.end_row();
                }
            });
        });
}
