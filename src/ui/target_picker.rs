//! The target picker (选择目标房间): after a unit's block is dropped on another floor of the
//! stack plan (any building), the floor's idle rooms are listed — number, 使用面积, status —
//! with tick boxes pre-ticked by the best fit ([`crate::planning::relocate`]); the planner
//! changes the choice and confirms, and the unit moves into the rooms ticked
//! ([`crate::planning::relocate_into`]) in the shown scenario.

use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::model::{RoomStatus, Uuid, today};
use crate::planning::best_fit::idle_rooms;
use crate::planning::{Checked, relocate_into};

/// One idle room of the target floor.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub room: Uuid,
    pub number: String,
    pub area_m2: f64,
    pub status: RoomStatus,
    pub ticked: bool,
}

/// A drop waiting for the planner's choice of rooms.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub unit: Uuid,
    pub unit_name: String,
    pub from: Uuid,
    pub to: Uuid,
    /// The target floor as `building floor`.
    pub floor_name: String,
    pub rooms: Vec<Choice>,
}

/// What the planner decided.
#[derive(Clone, Debug, PartialEq)]
pub enum PickerAction {
    /// Move the unit's rooms on `from` into `rooms`.
    Confirm {
        unit: Uuid,
        from: Uuid,
        rooms: Vec<Uuid>,
    },
}

/// The ticks a summary was made for, and its lines (or why the ticks cannot move the unit).
type Summary = (Vec<Uuid>, Result<Vec<String>, String>);

/// The picker window's state.
#[derive(Default)]
pub struct TargetPicker {
    pending: Option<Pending>,
    /// The summary of the current ticks, and the ticks it was made for.
    summary: Option<Summary>,
}

impl TargetPicker {
    /// Opens the picker for `unit` dropped from floor `from` on floor `to`, with `fitted`
    /// (the best fit's rooms) ticked.
    pub fn open(
        &mut self,
        checked: &Checked,
        (unit, unit_name): (Uuid, String),
        (from, to): (Uuid, Uuid),
        floor_name: String,
        fitted: &[Uuid],
    ) {
        let rooms = idle_rooms(checked, &to)
            .into_iter()
            .filter_map(|i| {
                let room = checked.project.rooms.get(i)?;
                Some(Choice {
                    room: room.uuid,
                    number: room.number.clone(),
                    area_m2: checked.area(i),
                    status: room.status,
                    ticked: fitted.contains(&room.uuid),
                })
            })
            .collect();
        self.pending = Some(Pending {
            unit,
            unit_name,
            from,
            to,
            floor_name,
            rooms,
        });
        self.summary = None;
    }

    /// The drop waiting for a choice, if any.
    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    /// Shows the picker while a drop waits; `checked` is the shown scenario's state.
    pub fn ui(&mut self, ctx: &egui::Context, checked: Option<&Checked>) -> Option<PickerAction> {
        let pending = self.pending.as_mut()?;
        let ticked: Vec<Uuid> = pending
            .rooms
            .iter()
            .filter(|c| c.ticked)
            .map(|c| c.room)
            .collect();
        // What the ticked rooms would do, made again only when the ticks change.
        if let Some(checked) = checked
            && self.summary.as_ref().is_none_or(|(t, _)| *t != ticked)
        {
            let lines = if ticked.is_empty() {
                Err(crate::t!("picker.none_ticked").into_owned())
            } else {
                relocate_into(checked, today(), pending.unit, &pending.from, &ticked)
                    .map(|(m, fit)| {
                        let mut lines = vec![fit.reason(), fit.persons_line()];
                        lines.extend(
                            checked
                                .preview(&m)
                                .iter()
                                .map(|p| super::plan_drop::preview_line(checked, p)),
                        );
                        lines
                    })
                    .map_err(|e| e.to_string())
            };
            self.summary = Some((ticked.clone(), lines));
        }
        let mut open = true;
        let mut action = None;
        let mut close = false;
        egui::Window::new(crate::t!("picker.title").as_ref())
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(360.0)
            .show(ctx, |ui| {
                ui.label(
                    crate::t!(
                        "picker.intro",
                        unit = pending.unit_name,
                        floor = pending.floor_name
                    )
                    .as_ref(),
                );
                if pending.rooms.is_empty() {
                    ui.label(crate::t!("picker.no_idle").as_ref());
                }
                egui::ScrollArea::vertical()
                    .max_height(280.0)
                    .show(ui, |ui| {
                        egui::Grid::new("picker_rooms")
                            .num_columns(3)
                            .striped(true)
                            .show(ui, |ui| {
                                ui.strong(crate::t!("picker.room").as_ref());
                                ui.strong(crate::t!("picker.area").as_ref());
                                ui.strong(crate::t!("picker.status").as_ref());
                                ui.end_row();
                                for choice in &mut pending.rooms {
                                    ui.checkbox(&mut choice.ticked, choice.number.as_str());
                                    ui.label(format_area(choice.area_m2, AreaBasis::Usable));
                                    ui.label(crate::labels::status(choice.status));
                                    ui.end_row();
                                }
                            });
                    });
                ui.separator();
                match self.summary.as_ref().map(|(_, s)| s) {
                    Some(Ok(lines)) => {
                        for line in lines {
                            ui.label(line);
                        }
                    }
                    Some(Err(why)) => {
                        ui.colored_label(egui::Color32::from_rgb(190, 30, 30), why.as_str());
                    }
                    None => {}
                }
                ui.horizontal(|ui| {
                    let ok = matches!(self.summary, Some((_, Ok(_))));
                    if ui
                        .add_enabled(ok, egui::Button::new(crate::t!("picker.confirm").as_ref()))
                        .clicked()
                    {
                        action = Some(PickerAction::Confirm {
                            unit: pending.unit,
                            from: pending.from,
                            rooms: ticked.clone(),
                        });
                        close = true;
                    }
                    if ui.button(crate::t!("picker.cancel").as_ref()).clicked() {
                        close = true;
                    }
                });
            });
        if close || !open {
            self.pending = None;
            self.summary = None;
        }
        action
    }
}
