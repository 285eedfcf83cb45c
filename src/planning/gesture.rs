//! What a planner's gesture does, as a [`Move`]: a unit dropped on a room, a room's unit
//! dropped on another room, a group of rooms dragged together, a person to another room.
//!
//! Rooms keep their status consistent with their units: a room left without a unit becomes
//! 闲置 (since the day of the move), an idle room given a unit becomes 在用. Rooms rented out,
//! lent out or awaiting disposal cannot be given to a unit.

use std::collections::HashMap;

use super::checked::Checked;
use crate::model::{Date, Room, RoomStatus, Uuid};
use crate::model::{Move, MoveKind, RoomChange, SeatChange};

/// What to do when a unit is dropped on a room another unit holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occupied {
    /// The two rooms exchange units (only from a room).
    Swap,
    /// Both units use the room (合用).
    Share,
    /// The dropped unit takes the room; the other unit leaves it.
    Replace,
}

/// Why a gesture makes no move.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GestureError {
    #[error("{}", crate::t!("planning.unknown_room", room = room))]
    UnknownRoom { room: Uuid },
    #[error("{}", crate::t!("planning.unknown_unit", unit = unit))]
    UnknownUnit { unit: Uuid },
    #[error("{}", crate::t!("planning.unknown_person", person = person))]
    UnknownPerson { person: Uuid },
    /// The room is rented out, lent out or awaiting disposal.
    #[error("{}", crate::t!("planning.not_assignable", room = number, status = status))]
    NotAssignable { number: String, status: String },
    /// The room is occupied and no choice was made (the UI asks; the CLI names one).
    #[error("{}", crate::t!("planning.occupied", room = number))]
    Occupied { number: String },
    /// The unit does not hold the room it is moved from.
    #[error("{}", crate::t!("planning.not_holding", room = number))]
    NotHolding { number: String },
    /// Nothing would change (dropped where it already is).
    #[error("{}", crate::t!("planning.no_change"))]
    NoChange,
    /// Swap needs a room to come from.
    #[error("{}", crate::t!("planning.swap_needs_room"))]
    SwapNeedsRoom,
    /// A stack-plan drag found too little idle space.
    #[error("{}", crate::t!("planning.not_enough_idle", need = format!("{need:.2}"), available = format!("{available:.2}")))]
    NotEnoughIdle { need: f64, available: f64 },
}

/// Collects the changes of one gesture, each room and person once, against a state.
pub struct Gesture<'a> {
    checked: &'a Checked,
    today: Date,
    rooms: Vec<RoomChange>,
    seats: Vec<SeatChange>,
}

impl<'a> Gesture<'a> {
    /// A gesture on `checked`, dated `today` (the date a vacated room is idle since).
    pub fn new(checked: &'a Checked, today: Date) -> Self {
        Self {
            checked,
            today,
            rooms: Vec::new(),
            seats: Vec::new(),
        }
    }

    /// A room of the state.
    pub fn room(&self, room: &Uuid) -> Result<&'a Room, GestureError> {
        self.checked
            .room_index(room)
            .and_then(|i| self.checked.project.rooms.get(i))
            .ok_or(GestureError::UnknownRoom { room: *room })
    }

    /// The units of a room as this gesture has left it so far.
    pub fn units_of(&self, room: &Uuid) -> Result<Vec<Uuid>, GestureError> {
        match self.rooms.iter().find(|c| c.room == *room) {
            Some(c) => Ok(c.units_after.clone()),
            None => Ok(self.room(room)?.units.clone()),
        }
    }

    /// Gives a room these units, setting its status to match.
    pub fn set_units(&mut self, room: &Uuid, units: Vec<Uuid>) -> Result<(), GestureError> {
        let current = self.room(room)?;
        let (status, since) = status_for_units(current, units.is_empty(), &self.today)?;
        match self.rooms.iter_mut().find(|c| c.room == *room) {
            Some(c) => {
                c.units_after = units;
                c.status_after = status;
                c.since_after = since;
            }
            None => self.rooms.push(RoomChange {
                room: *room,
                units_before: current.units.clone(),
                units_after: units,
                status_before: current.status,
                status_after: status,
                since_before: current.status_since.clone(),
                since_after: since,
            }),
        }
        Ok(())
    }

    /// Moves a person's seat from room `from` (or from nowhere) to room `to`.
    pub fn seat(
        &mut self,
        person: &Uuid,
        from: Option<&Uuid>,
        to: &Uuid,
    ) -> Result<(), GestureError> {
        let p = self
            .checked
            .person_index(person)
            .and_then(|i| self.checked.project.persons.get(i))
            .ok_or(GestureError::UnknownPerson { person: *person })?;
        self.room(to)?;
        let i = match self.seats.iter().position(|s| s.person == *person) {
            Some(i) => i,
            None => {
                self.seats.push(SeatChange {
                    person: *person,
                    rooms_before: p.rooms.clone(),
                    rooms_after: p.rooms.clone(),
                });
                self.seats.len() - 1
            }
        };
        if let Some(s) = self.seats.get_mut(i) {
            match from.and_then(|f| s.rooms_after.iter().position(|r| r == f)) {
                Some(at) => {
                    if let Some(slot) = s.rooms_after.get_mut(at) {
                        *slot = *to;
                    }
                }
                None => s.rooms_after.push(*to),
            }
            let mut seen = Vec::with_capacity(s.rooms_after.len());
            s.rooms_after.retain(|r| {
                let new = !seen.contains(r);
                seen.push(*r);
                new
            });
        }
        Ok(())
    }

    /// Seats a person in `to` in place of the rooms `leaving` (their other rooms stay).
    pub fn reseat(
        &mut self,
        person: &Uuid,
        leaving: &[Uuid],
        to: &Uuid,
    ) -> Result<(), GestureError> {
        self.seat(person, leaving.first(), to)?;
        if let Some(s) = self.seats.iter_mut().find(|s| s.person == *person) {
            s.rooms_after.retain(|r| r == to || !leaving.contains(r));
        }
        Ok(())
    }

    /// Persons of `unit` seated in `room` (their own unit's persons only).
    pub fn persons_in(&self, room: &Uuid, unit: &Uuid) -> Vec<Uuid> {
        // Persons listed there in the state, plus any this gesture has seated there already.
        let listed = self
            .checked
            .room_index(room)
            .map_or(&[][..], |r| self.checked.persons_in_room(r))
            .iter()
            .filter_map(|p| self.checked.project.persons.get(*p));
        let moved = self
            .seats
            .iter()
            .filter_map(|s| self.checked.person_index(&s.person))
            .filter_map(|p| self.checked.project.persons.get(p));
        let mut found: Vec<Uuid> = listed
            .chain(moved)
            .filter(|p| p.unit == *unit && self.seats_of(&p.uuid, &p.rooms).contains(room))
            .map(|p| p.uuid)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    fn seats_of<'b>(&'b self, person: &Uuid, rooms: &'b [Uuid]) -> &'b [Uuid] {
        self.seats
            .iter()
            .find(|s| s.person == *person)
            .map_or(rooms, |s| s.rooms_after.as_slice())
    }

    /// The persons of `unit` in `from` follow it to `to`.
    pub fn carry_persons(
        &mut self,
        unit: &Uuid,
        from: &Uuid,
        to: &Uuid,
    ) -> Result<(), GestureError> {
        for person in self.persons_in(from, unit) {
            self.seat(&person, Some(from), to)?;
        }
        Ok(())
    }

    /// The move, or [`GestureError::NoChange`].
    pub fn finish(
        self,
        kind: MoveKind,
        unit: Option<Uuid>,
        person: Option<Uuid>,
    ) -> Result<Move, GestureError> {
        let m = Move {
            kind,
            unit,
            person,
            rooms: self.rooms,
            seats: self.seats,
            reason: String::new(),
        };
        if m.is_empty() {
            return Err(GestureError::NoChange);
        }
        Ok(m)
    }
}

fn with(units: &[Uuid], unit: Uuid) -> Vec<Uuid> {
    let mut v = units.to_vec();
    if !v.contains(&unit) {
        v.push(unit);
    }
    v
}

fn without(units: &[Uuid], unit: &Uuid) -> Vec<Uuid> {
    units.iter().filter(|u| *u != unit).copied().collect()
}

fn known_unit(checked: &Checked, unit: &Uuid) -> Result<(), GestureError> {
    if checked.compliance.ledger.position(unit).is_none() {
        return Err(GestureError::UnknownUnit { unit: *unit });
    }
    Ok(())
}

/// A unit dropped on `to`, from the units panel (`from` = `None`) or from one of its rooms.
/// An occupied target needs `on_occupied`; [`Occupied::Swap`] needs a `from` room. Persons of
/// the unit seated in `from` follow it (and, on a swap, the other unit's persons go back).
pub fn drop_unit(
    checked: &Checked,
    today: Date,
    unit: Uuid,
    from: Option<Uuid>,
    to: Uuid,
    on_occupied: Option<Occupied>,
) -> Result<Move, GestureError> {
    known_unit(checked, &unit)?;
    let mut g = Gesture::new(checked, today);
    let target = g.units_of(&to)?;
    if let Some(from) = from {
        if !g.units_of(&from)?.contains(&unit) {
            return Err(GestureError::NotHolding {
                number: g.room(&from)?.number.clone(),
            });
        }
        if from == to {
            return Err(GestureError::NoChange);
        }
    }
    let others: Vec<Uuid> = without(&target, &unit);
    let kind = match (others.is_empty(), on_occupied) {
        (true, _) => {
            g.set_units(&to, with(&target, unit))?;
            if from.is_some() {
                MoveKind::Move
            } else {
                MoveKind::Assign
            }
        }
        (false, None) => {
            return Err(GestureError::Occupied {
                number: g.room(&to)?.number.clone(),
            });
        }
        (false, Some(Occupied::Share)) => {
            g.set_units(&to, with(&target, unit))?;
            MoveKind::Share
        }
        (false, Some(Occupied::Replace)) => {
            g.set_units(&to, vec![unit])?;
            MoveKind::Replace
        }
        (false, Some(Occupied::Swap)) => {
            let from = from.ok_or(GestureError::SwapNeedsRoom)?;
            let source = g.units_of(&from)?;
            let mut back = without(&source, &unit);
            for other in &others {
                back = with(&back, *other);
            }
            g.set_units(&from, back)?;
            g.set_units(&to, vec![unit])?;
            for other in &others {
                g.carry_persons(other, &to, &from)?;
            }
            MoveKind::Swap
        }
    };
    if let Some(from) = from {
        if kind != MoveKind::Swap {
            let left = without(&g.units_of(&from)?, &unit);
            g.set_units(&from, left)?;
        }
        g.carry_persons(&unit, &from, &to)?;
    }
    g.finish(kind, Some(unit), None)
}

/// Rooms dragged as a group: every unit of each `(from, to)` pair's `from` room moves to its
/// `to` room (joining any unit already there), with the persons seated in `from`.
pub fn drop_rooms(
    checked: &Checked,
    today: Date,
    pairs: &[(Uuid, Uuid)],
) -> Result<Move, GestureError> {
    let mut g = Gesture::new(checked, today);
    // Take every source's units first, so that a group shifted onto itself moves correctly.
    let mut taken: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (from, to) in pairs {
        if from == to {
            continue;
        }
        taken.insert(*from, g.room(from)?.units.clone());
    }
    let mut unit = None;
    for (from, to) in pairs {
        if from == to {
            continue;
        }
        let units = taken.get(from).cloned().unwrap_or_default();
        let stay: Vec<Uuid> = g
            .units_of(from)?
            .into_iter()
            .filter(|u| !units.contains(u))
            .collect();
        g.set_units(from, stay)?;
    }
    for (from, to) in pairs {
        if from == to {
            continue;
        }
        let units = taken.get(from).cloned().unwrap_or_default();
        let mut target = g.units_of(to)?;
        for u in &units {
            target = with(&target, *u);
            g.carry_persons(u, from, to)?;
        }
        unit = unit.or(units.first().copied());
        g.set_units(to, target)?;
    }
    g.finish(MoveKind::Move, unit, None)
}

/// A person dragged from room `from` (or from no room) to room `to`.
pub fn drop_person(
    checked: &Checked,
    today: Date,
    person: Uuid,
    from: Option<Uuid>,
    to: Uuid,
) -> Result<Move, GestureError> {
    let mut g = Gesture::new(checked, today);
    g.seat(&person, from.as_ref(), &to)?;
    g.finish(MoveKind::Person, None, Some(person))
}

/// The status a room takes when its units change, in a scenario and in the baseline alike:
/// an idle room given a unit is in use; a room in use left without units is idle from
/// `today`; a room rented or lent out, or awaiting disposal, takes no unit.
pub fn status_for_units(
    room: &crate::model::Room,
    no_units_after: bool,
    today: &str,
) -> Result<(RoomStatus, Option<crate::model::Date>), GestureError> {
    if !no_units_after
        && matches!(
            room.status,
            RoomStatus::RentedOut | RoomStatus::LentOut | RoomStatus::Disposal
        )
    {
        return Err(GestureError::NotAssignable {
            number: room.number.clone(),
            status: crate::labels::status(room.status),
        });
    }
    Ok(match (room.status, no_units_after) {
        (RoomStatus::Idle, false) => (RoomStatus::InUse, None),
        (RoomStatus::InUse, true) if !room.units.is_empty() => {
            (RoomStatus::Idle, Some(today.to_owned()))
        }
        _ => (room.status, room.status_since.clone()),
    })
}
