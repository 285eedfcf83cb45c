//! Drops on the plan (调剂 by drag and drop): what a payload released on a room of the
//! shown floor means, the preview beside the pointer while it is dragged, and the move it
//! asks for, handed back as a [`DropAction`] for the workspace to make.

use egui::{Align2, Color32, Pos2};

use super::canvas::DropTarget;
use super::drag::Payload;
use crate::analysis::compliance::UnitCompliance;
use crate::model::{Uuid, today};
use crate::planning::{Move, Occupied, UnitPreview, drop_person, drop_rooms, drop_unit};
use crate::workspace::{Checked, FloorPlan};

/// The move a drop asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropAction {
    /// A unit into room `to`, from the units panel or from room `from`.
    Unit {
        unit: Uuid,
        from: Option<Uuid>,
        to: Uuid,
    },
    /// As `Unit`, but another unit holds `to`: swap / share / replace is asked first.
    Ask {
        unit: Uuid,
        from: Option<Uuid>,
        to: Uuid,
    },
    /// A group of rooms, each to the room under its moved position.
    Rooms(Vec<(Uuid, Uuid)>),
    Person {
        person: Uuid,
        from: Option<Uuid>,
        to: Uuid,
    },
}

impl DropAction {
    /// The drop of `payload` on `target` of `plan` (the shown state's rooms), if it means one.
    pub fn of(plan: &FloorPlan, payload: &Payload, target: &DropTarget) -> Option<Self> {
        let to = target.room.and_then(|i| plan.rooms.get(i));
        let held_by_other = |unit: &Uuid| to.is_some_and(|r| r.units.iter().any(|u| u != unit));
        let unit = |unit: Uuid, from: Option<Uuid>, to: Uuid, occupied: bool| {
            if occupied {
                DropAction::Ask { unit, from, to }
            } else {
                DropAction::Unit { unit, from, to }
            }
        };
        match payload {
            Payload::Unit { unit: u, .. } => Some(unit(*u, None, to?.uuid, held_by_other(u))),
            Payload::Rooms { rooms, .. } if rooms.len() > 1 => {
                Some(DropAction::Rooms(target.pairs.clone()))
            }
            Payload::Rooms { rooms, .. } => {
                let (from, _) = *rooms.first()?;
                let u = *plan.rooms.iter().find(|r| r.uuid == from)?.units.first()?;
                let to = to?.uuid;
                Some(unit(u, Some(from), to, to != from && held_by_other(&u)))
            }
            Payload::Person { person, from, .. } => Some(DropAction::Person {
                person: *person,
                from: *from,
                to: to?.uuid,
            }),
            Payload::Block { .. } => None,
        }
    }

    /// The move the drop would make on `checked` (the shown scenario's state); an occupied
    /// room is previewed as shared, or swapped when a room's unit is dragged.
    pub fn preview_move(&self, checked: &Checked) -> Result<Move, String> {
        let today = today();
        let result = match self {
            DropAction::Unit { unit, from, to } => {
                drop_unit(checked, today, *unit, *from, *to, None)
            }
            DropAction::Ask { unit, from, to } => {
                let choice = if from.is_some() {
                    Occupied::Swap
                } else {
                    Occupied::Share
                };
                drop_unit(checked, today, *unit, *from, *to, Some(choice))
            }
            DropAction::Rooms(pairs) => drop_rooms(checked, today, pairs),
            DropAction::Person { person, from, to } => {
                drop_person(checked, today, *person, *from, *to)
            }
        };
        result.map_err(|e| e.to_string())
    }
}

/// A unit's office area before → after and whether it is over, for the drag preview.
pub fn preview_line(checked: &Checked, p: &UnitPreview) -> String {
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

/// The tooltip beside the pointer while dragging over a room: the effect on each unit.
/// `checked` is the shown scenario's state, `None` when no scenario is shown or its check
/// has not come in (it is never run here: a province's takes seconds).
pub fn preview_ui(
    ui: &egui::Ui,
    plan: &FloorPlan,
    checked: Option<&Checked>,
    payload: &Payload,
    target: &DropTarget,
) {
    let Some(pos) = ui.ctx().pointer_latest_pos() else {
        return;
    };
    let drop = DropAction::of(plan, payload, target);
    let lines: Vec<(String, bool)> = match drop.zip(checked) {
        None => vec![(crate::t!("plan.drop_nowhere").into_owned(), false)],
        Some((drop, checked)) => match drop.preview_move(checked) {
            Err(e) => vec![(e, false)],
            Ok(m) => {
                let mut lines: Vec<(String, bool)> = checked
                    .preview(&m)
                    .iter()
                    .map(|p| (preview_line(checked, p), p.after.over))
                    .collect();
                if matches!(payload, Payload::Person { .. }) {
                    lines.push((crate::t!("plan.preview_person").into_owned(), false));
                }
                lines
            }
        },
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

/// A small frame beside the pointer, above everything.
pub fn tooltip_at(ctx: &egui::Context, pos: Pos2, id: &str, add: impl FnOnce(&mut egui::Ui)) {
    egui::Area::new(egui::Id::unique(id))
        .order(egui::Order::Tooltip)
        .fixed_pos(pos + egui::vec2(16.0, 28.0))
        .pivot(Align2::LEFT_TOP)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, add);
        });
}
