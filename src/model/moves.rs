//! Moves (搬迁/调剂): the steps of a reallocation scenario.
//!
//! A [`Move`] is what one gesture of a planner does — a unit dropped on a room, two rooms
//! swapped, a unit's block dragged to another floor — written as the exact before and after
//! of every room and every person it touches. Storing both sides makes a move its own undo
//! ([`Move::inverse`]) and lets a scenario notice when the baseline under it has changed
//! (a room's `before` no longer matches the file).

use super::{Date, RoomStatus, Uuid, coded_enum};

coded_enum! {
    /// What kind of gesture made a move.
    MoveKind {
        /// 分配: a unit from the units panel onto a room.
        Assign => "assign", "分配";
        /// 搬迁: a unit from one room to another.
        Move => "move", "搬迁";
        /// 互换: two rooms exchange their units.
        Swap => "swap", "互换";
        /// 合用: a unit joins the unit already in a room.
        Share => "share", "合用";
        /// 替换: a unit takes a room over from the unit in it.
        Replace => "replace", "替换";
        /// 整体搬迁: a unit's rooms on a floor to idle rooms of another floor (stack plan).
        Relocate => "relocate", "整体搬迁";
        /// 人员调整: a person to another room.
        Person => "person", "人员调整";
        /// 智能调剂: a step of a plan the optimizer made.
        Optimize => "optimize", "智能调剂";
    }
}

/// One room's units and status before and after a move.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoomChange {
    pub room: Uuid,
    pub units_before: Vec<Uuid>,
    pub units_after: Vec<Uuid>,
    pub status_before: RoomStatus,
    pub status_after: RoomStatus,
    pub since_before: Option<Date>,
    pub since_after: Option<Date>,
}

/// One person's rooms before and after a move.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SeatChange {
    pub person: Uuid,
    pub rooms_before: Vec<Uuid>,
    pub rooms_after: Vec<Uuid>,
}

/// One step of a scenario: every room and seat it changes, with both sides. Each room and
/// each person appears at most once, so the changes can be applied in any order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Move {
    pub kind: MoveKind,
    /// The unit the planner moved (for the move list), if the gesture was about one.
    pub unit: Option<Uuid>,
    /// The person the planner moved, for [`MoveKind::Person`].
    pub person: Option<Uuid>,
    pub rooms: Vec<RoomChange>,
    pub seats: Vec<SeatChange>,
    /// Why (the optimizer's reason for its choice of room); empty for a planner's gesture.
    #[serde(default)]
    pub reason: String,
}

impl Move {
    /// The move that undoes this one.
    ///
    /// ```
    /// use officeplan::model::{RoomStatus, Uuid};
    /// use officeplan::planning::{Move, MoveKind, RoomChange};
    /// let room = RoomChange { room: Uuid::from_u128(1), units_before: vec![],
    ///     units_after: vec![Uuid::from_u128(9)], status_before: RoomStatus::Idle,
    ///     status_after: RoomStatus::InUse, since_before: Some("2025-06-30".into()), since_after: None };
    /// let m = Move { kind: MoveKind::Assign, unit: Some(Uuid::from_u128(9)), person: None,
    ///     rooms: vec![room], seats: vec![], reason: String::new() };
    /// let back = m.inverse();
    /// assert_eq!(back.rooms[0].status_after, RoomStatus::Idle);
    /// assert_eq!(back.inverse(), m);
    /// ```
    pub fn inverse(&self) -> Move {
        Move {
            kind: self.kind,
            unit: self.unit,
            person: self.person,
            rooms: self
                .rooms
                .iter()
                .map(|c| RoomChange {
                    room: c.room,
                    units_before: c.units_after.clone(),
                    units_after: c.units_before.clone(),
                    status_before: c.status_after,
                    status_after: c.status_before,
                    since_before: c.since_after.clone(),
                    since_after: c.since_before.clone(),
                })
                .collect(),
            seats: self
                .seats
                .iter()
                .map(|s| SeatChange {
                    person: s.person,
                    rooms_before: s.rooms_after.clone(),
                    rooms_after: s.rooms_before.clone(),
                })
                .collect(),
            reason: self.reason.clone(),
        }
    }

    /// Rooms this move leaves without a unit (vacated, 腾出).
    pub fn vacated(&self) -> impl Iterator<Item = &RoomChange> {
        self.rooms
            .iter()
            .filter(|c| !c.units_before.is_empty() && c.units_after.is_empty())
    }

    /// Whether the move changes nothing.
    pub fn is_empty(&self) -> bool {
        self.rooms
            .iter()
            .all(|c| c.units_before == c.units_after && c.status_before == c.status_after)
            && self.seats.iter().all(|s| s.rooms_before == s.rooms_after)
    }
}
