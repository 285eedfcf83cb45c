//! Editing room shapes in the window (绘制、分割、合并、删除、编辑顶点): the drawing tools of
//! the toolbar, and the gestures of the canvas turned into the floor's new room list.
//!
//! Every change is one [`Edit::ReplaceFloorRooms`] (the edit a DXF import makes), so undo
//! restores the floor's rooms and seats exactly and the change log records the action.

use geo::{Area as _, Contains as _};

use super::OfficeplanApp;
use crate::analysis::edit_geometry::{
    insert_vertex, merge, move_vertex, polygon_from_vertices, rectangle, remove_vertex,
    split_by_line,
};
use crate::analysis::room_number::{next_room_number, split_number};
use crate::analysis::{room_area, validate_polygon};
use crate::model::{ChangeAction, PlanPolygon, Room, RoomCategory, RoomStatus, Uuid, today};
use crate::store::Seat;
use crate::ui::canvas::Tool;
use crate::ui::sketch::Gesture;
use crate::workspace::{Edit, FloorRooms};

/// A floor's rooms and seats after a change, with the change-log line and the rooms to select.
struct Reshaped {
    rooms: Vec<Room>,
    seats: Vec<Seat>,
    action: ChangeAction,
    summary: String,
    select: Vec<Uuid>,
}

/// The polygon if it can be measured, else the translated reason.
fn checked(polygon: PlanPolygon) -> Result<PlanPolygon, String> {
    validate_polygon(&polygon)
        .map(|()| polygon)
        .map_err(|e| crate::t!("edit.refused", problem = e.to_string()).into_owned())
}

fn area_text(polygon: &PlanPolygon) -> String {
    format!("{:.2}", room_area(polygon))
}

/// A new room as the drawing tools make it: 办公室, 闲置 since today, no unit.
fn new_room(floor: Uuid, number: String, polygon: PlanPolygon) -> Room {
    Room {
        uuid: Uuid::now_v7(),
        floor,
        number,
        name: String::new(),
        category: RoomCategory::Office,
        sub_use: String::new(),
        status: RoomStatus::Idle,
        status_since: Some(today()),
        polygon,
        surveyed_area_m2: None,
        units: Vec::new(),
        note: String::new(),
    }
}

/// Adds a room drawn as `polygon`.
fn draw(floor: Uuid, rooms: &mut Vec<Room>, polygon: PlanPolygon) -> Result<Reshaped, String> {
    let polygon = checked(polygon)?;
    let number = next_room_number(rooms.iter().map(|r| r.number.as_str()));
    let summary = crate::t!(
        "edit.summary_draw",
        number = number,
        m2 = area_text(&polygon)
    )
    .into_owned();
    let room = new_room(floor, number, polygon);
    let select = vec![room.uuid];
    rooms.push(room);
    Ok(Reshaped {
        rooms: std::mem::take(rooms),
        seats: Vec::new(),
        action: ChangeAction::DrawRoom,
        summary,
        select,
    })
}

/// Splits room `uuid` by the line `a`–`b`: the larger piece keeps the room, the other is a
/// new room `<number>-2` with the same attributes and no seats.
fn split(
    rooms: &mut Vec<Room>,
    uuid: Uuid,
    a: geo::Coord<f64>,
    b: geo::Coord<f64>,
) -> Result<Reshaped, String> {
    let numbers: Vec<String> = rooms.iter().map(|r| r.number.clone()).collect();
    let room = rooms
        .iter_mut()
        .find(|r| r.uuid == uuid)
        .ok_or_else(|| crate::t!("edit.no_room").into_owned())?;
    let (big, small) = split_by_line(&room.polygon, a, b).map_err(|e| e.to_string())?;
    let (big, small) = (checked(big)?, checked(small)?);
    let number = split_number(&room.number, numbers.iter().map(String::as_str));
    let summary = crate::t!(
        "edit.summary_split",
        number = room.number,
        kept = area_text(&big),
        new = number,
        m2 = area_text(&small)
    )
    .into_owned();
    let mut piece = room.clone();
    piece.uuid = Uuid::now_v7();
    piece.number = number;
    piece.polygon = small;
    piece.surveyed_area_m2 = None;
    room.polygon = big;
    // A survey measured the whole room, not what is left of it.
    room.surveyed_area_m2 = None;
    let select = vec![room.uuid, piece.uuid];
    rooms.push(piece);
    Ok(Reshaped {
        rooms: std::mem::take(rooms),
        seats: Vec::new(),
        action: ChangeAction::SplitRoom,
        summary,
        select,
    })
}

/// Merges rooms into the largest of them, which keeps its UUID, number and attributes and
/// gains the others' units and seats.
fn merge_rooms(
    rooms: &mut Vec<Room>,
    seats: &mut Vec<Seat>,
    merged: &[Uuid],
) -> Result<Reshaped, String> {
    let parts: Vec<&Room> = rooms.iter().filter(|r| merged.contains(&r.uuid)).collect();
    let polygon = merge(&parts.iter().map(|r| r.polygon.clone()).collect::<Vec<_>>())
        .map_err(|e| e.to_string())?;
    let polygon = checked(polygon)?;
    let keep = parts
        .iter()
        .max_by(|p, q| {
            p.polygon
                .unsigned_area()
                .total_cmp(&q.polygon.unsigned_area())
        })
        .map(|r| r.uuid)
        .ok_or_else(|| crate::t!("edit.no_room").into_owned())?;
    let units: Vec<Uuid> =
        parts
            .iter()
            .flat_map(|r| r.units.iter().copied())
            .fold(Vec::new(), |mut all, u| {
                if !all.contains(&u) {
                    all.push(u);
                }
                all
            });
    let numbers: Vec<String> = parts.iter().map(|r| r.number.clone()).collect();
    let summary = crate::t!(
        "edit.summary_merge",
        numbers = numbers.join("、"),
        m2 = area_text(&polygon)
    )
    .into_owned();
    rooms.retain(|r| r.uuid == keep || !merged.contains(&r.uuid));
    if let Some(room) = rooms.iter_mut().find(|r| r.uuid == keep) {
        room.polygon = polygon;
        room.surveyed_area_m2 = None;
        room.units = units;
    }
    for seat in seats.iter_mut() {
        if merged.contains(&seat.0) {
            seat.0 = keep;
        }
    }
    let mut seen = std::collections::HashSet::new();
    seats.retain(|s| seen.insert(*s));
    Ok(Reshaped {
        rooms: std::mem::take(rooms),
        seats: std::mem::take(seats),
        action: ChangeAction::MergeRooms,
        summary,
        select: vec![keep],
    })
}

impl OfficeplanApp {
    /// Whether room shapes can be edited now: a floor shown, the file writable and no
    /// scenario shown (a scenario's moves refer to the baseline's rooms).
    fn shape_editing_refused(&self) -> Option<String> {
        let w = self.workspace.as_ref()?;
        if w.is_read_only() {
            return Some(crate::t!("edit.read_only").into_owned());
        }
        if w.active_scenario().is_some() {
            return Some(crate::t!("edit.scenario_active").into_owned());
        }
        None
    }

    /// The drawing tools and the merge and delete buttons of the toolbar.
    pub(super) fn edit_tools_ui(&mut self, ui: &mut egui::Ui) {
        let refused = self.shape_editing_refused();
        let enabled = refused.is_none() && self.plan.is_some();
        let tools = [
            (Tool::Rectangle, "tool.rectangle", "tool.rectangle_help"),
            (Tool::Polygon, "tool.polygon", "tool.polygon_help"),
            (Tool::Split, "tool.split", "tool.split_help"),
            (Tool::Vertices, "tool.vertices", "tool.vertices_help"),
        ];
        for (tool, label, help) in tools {
            let selected = self.canvas.tool == tool;
            let response = ui
                .add_enabled(
                    enabled,
                    egui::Button::selectable(selected, crate::t!(label).as_ref()),
                )
                .on_hover_text(crate::t!(help).as_ref());
            let response = match &refused {
                Some(why) => response.on_disabled_hover_text(why.as_str()),
                None => response,
            };
            if response.clicked() {
                self.canvas.tool = tool;
                self.canvas.sketch.cancel();
            }
        }
        let count = self.canvas.selection.len();
        if ui
            .add_enabled(
                enabled && count >= 2,
                egui::Button::new(crate::t!("tool.merge").as_ref()),
            )
            .on_hover_text(crate::t!("tool.merge_help").as_ref())
            .clicked()
        {
            self.merge_selected();
        }
        if ui
            .add_enabled(
                enabled && count >= 1,
                egui::Button::new(crate::t!("tool.delete").as_ref()),
            )
            .on_hover_text(crate::t!("tool.delete_help").as_ref())
            .clicked()
        {
            self.delete_selected();
        }
    }

    /// The UUIDs of the selected rooms.
    fn selected_uuids(&self) -> Vec<Uuid> {
        self.selected_rooms().iter().map(|r| r.uuid).collect()
    }

    /// Merges the selected rooms (the 合并 button).
    pub fn merge_selected(&mut self) {
        let merged = self.selected_uuids();
        self.reshape(|_, rooms, seats| merge_rooms(rooms, seats, &merged));
    }

    /// Deletes the selected rooms (the 删除 button); their seats go with them.
    pub fn delete_selected(&mut self) {
        let deleted = self.selected_uuids();
        self.reshape(|_, rooms, seats| {
            let numbers: Vec<String> = rooms
                .iter()
                .filter(|r| deleted.contains(&r.uuid))
                .map(|r| r.number.clone())
                .collect();
            rooms.retain(|r| !deleted.contains(&r.uuid));
            seats.retain(|s| !deleted.contains(&s.0));
            Ok(Reshaped {
                rooms: std::mem::take(rooms),
                seats: std::mem::take(seats),
                action: ChangeAction::DeleteRooms,
                summary: crate::t!("edit.summary_delete", numbers = numbers.join("、"))
                    .into_owned(),
                select: Vec::new(),
            })
        });
    }

    /// Applies a finished canvas gesture.
    pub(super) fn apply_gesture(&mut self, gesture: Gesture) {
        let Some(plan) = self.plan.clone() else {
            return;
        };
        let uuid_of = |room: usize| plan.rooms.get(room).map(|r| r.uuid);
        match gesture {
            Gesture::Rectangle(a, b) => {
                self.reshape(|floor, rooms, _| draw(floor, rooms, rectangle(a, b)));
            }
            Gesture::Polygon(points) => {
                self.reshape(|floor, rooms, _| draw(floor, rooms, polygon_from_vertices(points)));
            }
            Gesture::Split { room, a, b } => {
                // The selected room, else the room under the middle of the line.
                let middle = geo::Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
                let room =
                    room.or_else(|| plan.rooms.iter().position(|r| r.polygon.contains(&middle)));
                let Some(uuid) = room.and_then(uuid_of) else {
                    self.notify(crate::t!("edit.split_pick").into_owned());
                    return;
                };
                self.reshape(|_, rooms, _| split(rooms, uuid, a, b));
            }
            Gesture::MoveVertex { at, to } => {
                self.reshape_vertices(uuid_of(at.room), |p| move_vertex(p, at.ring, at.vertex, to));
            }
            Gesture::InsertVertex { after, at } => {
                self.reshape_vertices(uuid_of(after.room), |p| {
                    insert_vertex(p, after.ring, after.vertex, at)
                });
            }
            Gesture::RemoveVertex(at) => {
                self.reshape_vertices(uuid_of(at.room), |p| remove_vertex(p, at.ring, at.vertex));
            }
        }
    }

    /// Changes one room's polygon (the vertex tool).
    fn reshape_vertices(
        &mut self,
        uuid: Option<Uuid>,
        change: impl FnOnce(
            &PlanPolygon,
        ) -> Result<PlanPolygon, crate::analysis::edit_geometry::ShapeError>,
    ) {
        let Some(uuid) = uuid else { return };
        self.reshape(|_, rooms, _| {
            let room = rooms
                .iter_mut()
                .find(|r| r.uuid == uuid)
                .ok_or_else(|| crate::t!("edit.no_room").into_owned())?;
            let before = area_text(&room.polygon);
            let polygon = checked(change(&room.polygon).map_err(|e| e.to_string())?)?;
            let summary = crate::t!(
                "edit.summary_vertices",
                number = room.number,
                before = before,
                after = area_text(&polygon)
            )
            .into_owned();
            room.polygon = polygon;
            room.surveyed_area_m2 = None;
            Ok(Reshaped {
                rooms: std::mem::take(rooms),
                seats: Vec::new(),
                action: ChangeAction::EditVertices,
                summary,
                select: vec![uuid],
            })
        });
    }

    /// Reads the shown floor's rooms and seats from the file, lets `change` compute the new
    /// list, and applies it as one undoable edit; a refusal becomes a notification.
    fn reshape(
        &mut self,
        change: impl FnOnce(Uuid, &mut Vec<Room>, &mut Vec<Seat>) -> Result<Reshaped, String>,
    ) {
        if let Some(why) = self.shape_editing_refused() {
            self.notify(why);
            return;
        }
        let (Some(w), Some(plan)) = (&self.workspace, &self.plan) else {
            return;
        };
        let floor = plan.floor;
        let loaded = w
            .stored_floor_rooms(&floor)
            .and_then(|rooms| Ok((rooms, w.stored_floor_seats(&floor)?)));
        let (mut rooms, mut seats) = match loaded {
            Ok(both) => both,
            Err(e) => {
                self.notify(e.to_string());
                return;
            }
        };
        let all_seats = seats.clone();
        let reshaped = match change(floor, &mut rooms, &mut seats) {
            Ok(r) => r,
            Err(why) => {
                self.notify(why);
                return;
            }
        };
        // Changes that leave seats alone hand back none: keep those of the rooms still there.
        let seats = if reshaped.seats.is_empty() {
            let kept: std::collections::HashSet<Uuid> =
                reshaped.rooms.iter().map(|r| r.uuid).collect();
            all_seats
                .into_iter()
                .filter(|(room, _)| kept.contains(room))
                .collect()
        } else {
            reshaped.seats
        };
        let select = reshaped.select;
        self.apply(Edit::ReplaceFloorRooms(Box::new(FloorRooms {
            floor,
            rooms: reshaped.rooms,
            seats,
            action: reshaped.action,
            summary: reshaped.summary,
        })));
        if let Some(plan) = &self.plan {
            self.canvas.selection = select
                .iter()
                .filter_map(|u| plan.rooms.iter().position(|r| r.uuid == *u))
                .collect();
        }
    }
}
