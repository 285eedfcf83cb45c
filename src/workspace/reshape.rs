//! Reshaping a floor's rooms (绘制、分割、合并、删除、编辑顶点): what may be changed, when,
//! and the floor's new room list with its change-log line.
//!
//! Every change is one [`Edit::ReplaceFloorRooms`] (the edit a DXF import makes), so undo
//! restores the floor's rooms and seats exactly and the change log records the action. The
//! window only turns its gestures into a [`Reshape`] and applies the edit handed back.

use geo::{Area as _, BooleanOps as _, BoundingRect as _, Contains as _, Intersects as _};

use super::{Edit, FloorRooms, Workspace, WorkspaceError};
use crate::analysis::edit_geometry::{
    ShapeError, insert_vertex, merge, move_vertex, remove_vertex, split_by_line,
};
use crate::analysis::room_number::{first_room_number, next_room_number, split_number};
use crate::analysis::{room_area, validate_polygon};
use crate::model::{ChangeAction, PlanPolygon, Room, RoomCategory, RoomStatus, Uuid, today};
use crate::store::Seat;

/// A change to one room's outline (the vertex tool).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VertexChange {
    Move {
        ring: usize,
        vertex: usize,
        to: geo::Coord<f64>,
    },
    /// A new vertex after `after` of `ring`.
    Insert {
        ring: usize,
        after: usize,
        at: geo::Coord<f64>,
    },
    Remove {
        ring: usize,
        vertex: usize,
    },
}

/// A change to a floor's rooms, as the drawing tools ask for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Reshape {
    /// A new room with this outline.
    Draw(PlanPolygon),
    /// Split a room by the line `a`–`b`; without a room, the one under the line's middle.
    Split {
        room: Option<Uuid>,
        a: geo::Coord<f64>,
        b: geo::Coord<f64>,
    },
    Merge(Vec<Uuid>),
    Delete(Vec<Uuid>),
    Vertices {
        room: Uuid,
        change: VertexChange,
    },
}

/// Why a reshape is refused.
#[derive(Debug, thiserror::Error)]
pub enum ReshapeError {
    #[error("{}", crate::t!("edit.read_only"))]
    ReadOnly,
    /// A scenario's moves refer to the baseline's rooms: shapes change only on the baseline.
    #[error("{}", crate::t!("edit.scenario_active"))]
    ScenarioActive,
    #[error("{}", crate::t!("edit.no_room"))]
    NoRoom,
    /// A split line that crosses no room.
    #[error("{}", crate::t!("edit.split_pick"))]
    SplitPick,
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// A drawn room would cover rooms already on the floor: two rooms never share floor
    /// area, or the floor's 使用面积 would count it twice.
    #[error("{}", crate::t!("edit.overlap", numbers = numbers, m2 = m2))]
    Overlap { numbers: String, m2: String },
    /// The new outline cannot be measured (self-crossing, no area …).
    #[error("{}", crate::t!("edit.refused", problem = problem))]
    Invalid { problem: String },
    #[error(transparent)]
    Workspace(#[from] Box<WorkspaceError>),
}

/// The edit of a reshape and the rooms to select once it is applied.
#[derive(Debug)]
pub struct Reshaped {
    pub edit: Edit,
    pub select: Vec<Uuid>,
}

impl Workspace {
    /// Why room shapes cannot be edited now, if they cannot: the file is read-only, or a
    /// scenario is shown (its moves refer to the baseline's rooms).
    pub fn reshape_refusal(&self) -> Option<ReshapeError> {
        if self.is_read_only() {
            return Some(ReshapeError::ReadOnly);
        }
        if self.active_scenario().is_some() {
            return Some(ReshapeError::ScenarioActive);
        }
        None
    }

    /// The edit that makes `change` to the rooms of `floor` as stored in the file.
    pub fn reshape(&self, floor: Uuid, change: &Reshape) -> Result<Reshaped, ReshapeError> {
        if let Some(refusal) = self.reshape_refusal() {
            return Err(refusal);
        }
        let rooms = self.stored_floor_rooms(&floor).map_err(Box::new)?;
        let seats = self.stored_floor_seats(&floor).map_err(Box::new)?;
        let level = self
            .index()
            .floors
            .iter()
            .find(|f| f.floor.uuid == floor)
            .map(|f| f.floor.level);
        reshape_rooms_on_level(floor, level, rooms, seats, change)
    }
}

/// The floor's rooms and seats after `change`, as one edit (no file involved).
pub fn reshape_rooms(
    floor: Uuid,
    rooms: Vec<Room>,
    seats: Vec<Seat>,
    change: &Reshape,
) -> Result<Reshaped, ReshapeError> {
    reshape_rooms_on_level(floor, None, rooms, seats, change)
}

/// [`reshape_rooms`] on a floor of a known level: the first room drawn on an empty floor is
/// numbered by the floor (4F → `401`).
pub fn reshape_rooms_on_level(
    floor: Uuid,
    level: Option<i32>,
    mut rooms: Vec<Room>,
    mut seats: Vec<Seat>,
    change: &Reshape,
) -> Result<Reshaped, ReshapeError> {
    let (action, summary, select) = match change {
        Reshape::Draw(polygon) => draw(floor, level, &mut rooms, polygon.clone())?,
        Reshape::Split { room, a, b } => split(&mut rooms, *room, *a, *b)?,
        Reshape::Merge(merged) => merge_rooms(&mut rooms, &mut seats, merged)?,
        Reshape::Delete(deleted) => delete(&mut rooms, deleted),
        Reshape::Vertices { room, change } => vertices(&mut rooms, *room, change)?,
    };
    // Seats go with their rooms: those of rooms no longer there are dropped.
    let kept: std::collections::HashSet<Uuid> = rooms.iter().map(|r| r.uuid).collect();
    seats.retain(|(room, _)| kept.contains(room));
    Ok(Reshaped {
        edit: Edit::ReplaceFloorRooms(Box::new(FloorRooms {
            floor,
            rooms,
            seats,
            action,
            summary,
        })),
        select,
    })
}

/// (change-log action, change-log line, rooms to select)
type Outcome = (ChangeAction, String, Vec<Uuid>);

/// The polygon if it can be measured, else why not.
fn checked(polygon: PlanPolygon) -> Result<PlanPolygon, ReshapeError> {
    validate_polygon(&polygon)
        .map(|()| polygon)
        .map_err(|e| ReshapeError::Invalid {
            problem: e.to_string(),
        })
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

/// Adds a room drawn as `polygon`, numbered after the floor's highest number.
/// Shared area below this is a drawing tolerance (two rooms on one wall line), not overlap.
const OVERLAP_TOLERANCE_M2: f64 = 0.01;

/// Refuses a new outline that covers rooms already on the floor, naming them and the area.
fn refuse_overlap(rooms: &[Room], polygon: &PlanPolygon) -> Result<(), ReshapeError> {
    let Some(bounds) = polygon.bounding_rect() else {
        return Ok(());
    };
    let mut numbers = Vec::new();
    let mut shared = 0.0;
    for room in rooms {
        let near = room
            .polygon
            .bounding_rect()
            .is_some_and(|b| b.intersects(&bounds));
        if !near {
            continue;
        }
        let area = room.polygon.intersection(polygon).unsigned_area();
        if area > OVERLAP_TOLERANCE_M2 {
            numbers.push(room.number.clone());
            shared += area;
        }
    }
    if numbers.is_empty() {
        return Ok(());
    }
    Err(ReshapeError::Overlap {
        numbers: numbers.join("、"),
        m2: format!("{shared:.2}"),
    })
}

fn draw(
    floor: Uuid,
    level: Option<i32>,
    rooms: &mut Vec<Room>,
    polygon: PlanPolygon,
) -> Result<Outcome, ReshapeError> {
    let polygon = checked(polygon)?;
    refuse_overlap(rooms, &polygon)?;
    let number = match level {
        Some(level) if rooms.is_empty() => first_room_number(level),
        _ => next_room_number(rooms.iter().map(|r| r.number.as_str())),
    };
    let summary = crate::t!(
        "edit.summary_draw",
        number = number,
        m2 = area_text(&polygon)
    )
    .into_owned();
    let room = new_room(floor, number, polygon);
    let select = vec![room.uuid];
    rooms.push(room);
    Ok((ChangeAction::DrawRoom, summary, select))
}

/// Splits a room by the line `a`–`b`: the larger piece keeps the room, the other is a new
/// room `<number>-2` with the same attributes and no seats.
fn split(
    rooms: &mut Vec<Room>,
    room: Option<Uuid>,
    a: geo::Coord<f64>,
    b: geo::Coord<f64>,
) -> Result<Outcome, ReshapeError> {
    let middle = geo::Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
    let uuid = room
        .or_else(|| {
            rooms
                .iter()
                .find(|r| r.polygon.contains(&middle))
                .map(|r| r.uuid)
        })
        .ok_or(ReshapeError::SplitPick)?;
    let numbers: Vec<String> = rooms.iter().map(|r| r.number.clone()).collect();
    let room = rooms
        .iter_mut()
        .find(|r| r.uuid == uuid)
        .ok_or(ReshapeError::NoRoom)?;
    let (big, small) = split_by_line(&room.polygon, a, b)?;
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
    Ok((ChangeAction::SplitRoom, summary, select))
}

/// Merges rooms into the largest of them, which keeps its UUID, number and attributes and
/// gains the others' units and seats.
fn merge_rooms(
    rooms: &mut Vec<Room>,
    seats: &mut Vec<Seat>,
    merged: &[Uuid],
) -> Result<Outcome, ReshapeError> {
    let parts: Vec<&Room> = rooms.iter().filter(|r| merged.contains(&r.uuid)).collect();
    let polygon = merge(&parts.iter().map(|r| r.polygon.clone()).collect::<Vec<_>>())?;
    let polygon = checked(polygon)?;
    let keep = parts
        .iter()
        .max_by(|p, q| {
            p.polygon
                .unsigned_area()
                .total_cmp(&q.polygon.unsigned_area())
        })
        .map(|r| r.uuid)
        .ok_or(ReshapeError::NoRoom)?;
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
    // A person seated in two of the merged rooms keeps one seat.
    let mut seen = std::collections::HashSet::new();
    seats.retain(|s| seen.insert(*s));
    Ok((ChangeAction::MergeRooms, summary, vec![keep]))
}

/// Deletes rooms; their seats go with them.
fn delete(rooms: &mut Vec<Room>, deleted: &[Uuid]) -> Outcome {
    let numbers: Vec<String> = rooms
        .iter()
        .filter(|r| deleted.contains(&r.uuid))
        .map(|r| r.number.clone())
        .collect();
    rooms.retain(|r| !deleted.contains(&r.uuid));
    let summary = crate::t!("edit.summary_delete", numbers = numbers.join("、")).into_owned();
    (ChangeAction::DeleteRooms, summary, Vec::new())
}

/// Changes one room's outline.
fn vertices(
    rooms: &mut [Room],
    uuid: Uuid,
    change: &VertexChange,
) -> Result<Outcome, ReshapeError> {
    let room = rooms
        .iter_mut()
        .find(|r| r.uuid == uuid)
        .ok_or(ReshapeError::NoRoom)?;
    let before = area_text(&room.polygon);
    let polygon = match *change {
        VertexChange::Move { ring, vertex, to } => move_vertex(&room.polygon, ring, vertex, to),
        VertexChange::Insert { ring, after, at } => insert_vertex(&room.polygon, ring, after, at),
        VertexChange::Remove { ring, vertex } => remove_vertex(&room.polygon, ring, vertex),
    }?;
    let polygon = checked(polygon)?;
    let summary = crate::t!(
        "edit.summary_vertices",
        number = room.number,
        before = before,
        after = area_text(&polygon)
    )
    .into_owned();
    room.polygon = polygon;
    room.surveyed_area_m2 = None;
    Ok((ChangeAction::EditVertices, summary, vec![uuid]))
}

#[cfg(test)]
#[path = "reshape_tests.rs"]
mod tests;
