//! The question asked when a unit is dropped on a room another unit holds: 互换 (swap,
//! when the unit came from a room), 合用 (share), 替换 (replace), or 取消.

use egui::Pos2;

use super::drag::PendingDrop;
use crate::model::Uuid;
use crate::planning::Occupied;
use crate::view::ThemeContext;
use crate::workspace::FloorPlan;

/// The drop waiting for an answer, if any.
#[derive(Debug, Default)]
pub struct OccupiedChoice {
    pub pending: Option<PendingDrop>,
}

impl OccupiedChoice {
    /// Asks what to do with room `to` of `plan`, which another unit holds; `context` names
    /// the units. The window opens at `at` (the pointer).
    pub fn ask(
        &mut self,
        plan: &FloorPlan,
        context: Option<&ThemeContext>,
        drop: (Uuid, Option<Uuid>, Uuid),
        at: Pos2,
    ) {
        let (unit, from, to) = drop;
        let Some(room) = plan.rooms.iter().find(|r| r.uuid == to) else {
            return;
        };
        let others: Vec<String> = room
            .units
            .iter()
            .filter(|u| **u != unit)
            .map(|u| {
                context
                    .and_then(|c| c.unit_name(u).map(str::to_owned))
                    .unwrap_or_else(|| u.to_string())
            })
            .collect();
        self.pending = Some(PendingDrop {
            unit,
            from,
            to,
            at,
            room: room.number.clone(),
            others: others.join("、"),
        });
    }

    /// The question, while a drop waits; the drop with the planner's choice once answered
    /// (取消 closes it with nothing).
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<(PendingDrop, Occupied)> {
        let pending = self.pending.clone()?;
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
        let choice = answer?;
        self.pending = None;
        choice.map(|c| (pending, c))
    }
}
