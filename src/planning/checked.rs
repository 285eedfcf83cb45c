//! A project checked against its standard, as the baseline or a scenario shows it, that
//! follows moves by delta.
//!
//! [`Checked::apply`] changes the rooms' units and status and the persons' rooms, and updates
//! the units' used areas and compliance ([`Compliance::change_room`]) and the scenario
//! figures ([`Tally`]) by delta; person findings are checked again only when a move touches
//! a room someone sits in. [`Checked::new`] over the same end state is the oracle.

use std::collections::HashMap;

use super::tally::{Kpis, Tally};
use crate::analysis::UnitUse;
use crate::analysis::compliance::{
    CheckOptions, Compliance, PersonPart, UnitCompliance, check, persons_over_in,
};
use crate::model::Move;
use crate::model::{Project, Uuid};
use crate::standards::ProjectStandard;

/// Why a move cannot be applied to a state.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConflictError {
    /// A room the move changes is not in the project.
    #[error("{}", crate::t!("planning.unknown_room", room = room))]
    UnknownRoom { room: Uuid },
    /// A person the move seats is not in the project.
    #[error("{}", crate::t!("planning.unknown_person", person = person))]
    UnknownPerson { person: Uuid },
    /// A room is no longer as the move found it (the baseline changed under the scenario).
    #[error("{}", crate::t!("planning.room_changed", room = number))]
    RoomChanged { room: Uuid, number: String },
    /// A person no longer sits where the move found them.
    #[error("{}", crate::t!("planning.seat_changed", person = name))]
    SeatChanged { person: Uuid, name: String },
}

/// What a move touched: the units re-evaluated and whether persons were checked again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Touched {
    /// Indices into the project's units.
    pub units: Vec<usize>,
    pub persons_rechecked: bool,
}

/// What a move would do to one unit, before it is made (the drag preview).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitPreview {
    /// Index into the project's units.
    pub unit: usize,
    pub before: UnitCompliance,
    pub after: UnitCompliance,
}

/// Persons over the standard before and after a move ([`Checked::persons_over`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonsOver {
    /// Persons over in the state (the scenario figure 个人超标).
    pub before: usize,
    /// Persons over once the move is made.
    pub after: usize,
    /// Of the persons the move seats, those over after it (indices into the persons).
    pub seated_over: Vec<usize>,
}

/// The whole project checked against its standard, with the scenario figures.
#[derive(Clone, Debug)]
pub struct Checked {
    pub project: Project,
    pub standard: ProjectStandard,
    pub compliance: Compliance,
    pub tally: Tally,
    /// Moves applied since the baseline (the scenario's length).
    pub moves: usize,
    rooms: HashMap<Uuid, usize>,
    persons: HashMap<Uuid, usize>,
    /// Floor → indices of its rooms.
    floor_rooms: HashMap<Uuid, Vec<usize>>,
    /// Room index → indices of the persons listing it (rooms nobody lists are absent).
    seated: HashMap<usize, Vec<usize>>,
}

impl Checked {
    /// Checks `project` in full.
    pub fn new(project: Project, standard: ProjectStandard, options: &CheckOptions) -> Self {
        // A building returned to its lessor is no longer ours from its return date.
        let project = crate::analysis::returned::held_on(project, &options.as_of);
        let compliance = check(&project, &standard, options);
        let tally = Tally::build(&project, &compliance.areas);
        let rooms: HashMap<Uuid, usize> = project
            .rooms
            .iter()
            .enumerate()
            .map(|(i, r)| (r.uuid, i))
            .collect();
        let persons = project
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.uuid, i))
            .collect();
        let mut floor_rooms: HashMap<Uuid, Vec<usize>> = HashMap::new();
        for (i, room) in project.rooms.iter().enumerate() {
            floor_rooms.entry(room.floor).or_default().push(i);
        }
        let mut seated: HashMap<usize, Vec<usize>> = HashMap::new();
        for (p, person) in project.persons.iter().enumerate() {
            for room in &person.rooms {
                if let Some(r) = rooms.get(room) {
                    seated.entry(*r).or_default().push(p);
                }
            }
        }
        Self {
            project,
            standard,
            compliance,
            tally,
            moves: 0,
            rooms,
            persons,
            floor_rooms,
            seated,
        }
    }

    /// The full recompute of the current state: the oracle of [`Checked::apply`].
    pub fn recomputed(&self) -> Self {
        let options = CheckOptions {
            as_of: self.compliance.as_of.clone(),
        };
        let mut fresh = Self::new(self.project.clone(), self.standard.clone(), &options);
        fresh.moves = self.moves;
        fresh
    }

    /// The index of a room in the project's rooms.
    pub fn room_index(&self, room: &Uuid) -> Option<usize> {
        self.rooms.get(room).copied()
    }

    /// The index of a person in the project's persons.
    pub fn person_index(&self, person: &Uuid) -> Option<usize> {
        self.persons.get(person).copied()
    }

    /// Indices of the rooms of a floor.
    pub fn rooms_on(&self, floor: &Uuid) -> &[usize] {
        self.floor_rooms.get(floor).map_or(&[], Vec::as_slice)
    }

    /// Indices of the persons listing room `room` (by index).
    pub fn persons_in_room(&self, room: usize) -> &[usize] {
        self.seated.get(&room).map_or(&[], Vec::as_slice)
    }

    /// The 使用面积 of room `i`.
    pub fn area(&self, room: usize) -> f64 {
        self.compliance.areas.get(room).copied().unwrap_or(0.0)
    }

    /// The figures of this state.
    pub fn kpis(&self) -> Kpis {
        Kpis::of(&self.project, &self.compliance, &self.tally, self.moves)
    }

    /// What `m` would do to each unit it touches, computed from copies of those units'
    /// used areas (nothing changes).
    pub fn preview(&self, m: &Move) -> Vec<UnitPreview> {
        let ledger = &self.compliance.ledger;
        let mut uses: Vec<(usize, UnitUse)> = Vec::new();
        for change in &m.rooms {
            let Some(i) = self.room_index(&change.room) else {
                continue;
            };
            let Some(room) = self.project.rooms.get(i) else {
                continue;
            };
            let area = self.area(i);
            let gross = self.compliance.gross_m2(&room.floor, room.category, area);
            for (units, status, sign) in [
                (&change.units_before, change.status_before, -1.0),
                (&change.units_after, change.status_after, 1.0),
            ] {
                let n = units.len().max(1) as f64;
                for u in units {
                    let Some(at) = ledger.position(u) else {
                        continue;
                    };
                    let slot = match uses.iter().position(|(x, _)| *x == at) {
                        Some(k) => k,
                        None => {
                            uses.push((at, ledger.unit(at).copied().unwrap_or_default()));
                            uses.len() - 1
                        }
                    };
                    if let Some((_, used)) = uses.get_mut(slot) {
                        used.add(room.category, status, sign * area / n, sign * gross / n);
                    }
                }
            }
        }
        uses.into_iter()
            .filter_map(|(i, used)| {
                Some(UnitPreview {
                    unit: i,
                    before: self.compliance.units.get(i)?.clone(),
                    after: UnitCompliance::evaluate(
                        i,
                        self.compliance.entitlements.get(i)?,
                        &used,
                        &self.standard,
                    ),
                })
            })
            .collect()
    }

    /// Persons over the standard (个人超标) in this state and after `m`, and which of the
    /// persons `m` seats would be over: the person check of [`check`] run over the part of
    /// the project the move touches, as the move leaves it (nothing changes).
    pub fn persons_over(&self, m: &Move) -> PersonsOver {
        let before = self.compliance.persons_over();
        // The rooms the move changes and the persons it seats, as indices.
        let changed: Vec<usize> = m
            .rooms
            .iter()
            .filter_map(|c| self.room_index(&c.room))
            .collect();
        let seat_after = |p: usize| -> Option<&[Uuid]> {
            let uuid = self.project.persons.get(p)?.uuid;
            m.seats
                .iter()
                .find(|s| s.person == uuid)
                .map(|s| s.rooms_after.as_slice())
        };
        let rooms_of = |p: usize| -> Vec<usize> {
            let listed = seat_after(p).unwrap_or_else(|| {
                self.project
                    .persons
                    .get(p)
                    .map_or(&[][..], |x| x.rooms.as_slice())
            });
            listed.iter().filter_map(|r| self.room_index(r)).collect()
        };
        // Affected: the persons seated by the move and those listing a changed room.
        let mut affected: Vec<usize> = m
            .seats
            .iter()
            .filter_map(|s| self.person_index(&s.person))
            .chain(
                changed
                    .iter()
                    .flat_map(|r| self.persons_in_room(*r).iter().copied()),
            )
            .collect();
        affected.sort_unstable();
        affected.dedup();
        // The part: every room the affected persons list (after the move) and the changed
        // rooms; every person listing any of them, after the move.
        let mut rooms: Vec<usize> = affected
            .iter()
            .flat_map(|p| rooms_of(*p))
            .chain(changed.iter().copied())
            .collect();
        rooms.sort_unstable();
        rooms.dedup();
        let mut persons: Vec<usize> = rooms
            .iter()
            .flat_map(|r| self.persons_in_room(*r).iter().copied())
            .chain(affected.iter().copied())
            .filter(|p| rooms_of(*p).iter().any(|r| rooms.binary_search(r).is_ok()))
            .collect();
        persons.sort_unstable();
        persons.dedup();
        let part_rooms: Vec<crate::model::Room> = rooms
            .iter()
            .filter_map(|r| {
                let mut room = self.project.rooms.get(*r)?.clone();
                if let Some(c) = m.rooms.iter().find(|c| c.room == room.uuid) {
                    room.units.clone_from(&c.units_after);
                    room.status = c.status_after;
                }
                Some(room)
            })
            .collect();
        let part_persons: Vec<crate::model::Person> = persons
            .iter()
            .filter_map(|p| {
                let mut person = self.project.persons.get(*p)?.clone();
                if let Some(after) = seat_after(*p) {
                    person.rooms = after.to_vec();
                }
                Some(person)
            })
            .collect();
        let (findings, room_findings) = self.compliance.check_part(
            &self.project.units,
            &part_persons,
            (part_rooms.as_slice(), rooms.as_slice()),
            &self.standard,
        );
        let after_affected: Vec<usize> = persons_over_in(&findings, &room_findings)
            .into_iter()
            .filter_map(|p| persons.get(p).copied())
            .filter(|p| affected.binary_search(p).is_ok())
            .collect();
        let before_affected = before
            .iter()
            .filter(|p| affected.binary_search(p).is_ok())
            .count();
        let seated: Vec<usize> = m
            .seats
            .iter()
            .filter_map(|s| self.person_index(&s.person))
            .filter(|p| after_affected.contains(p))
            .collect();
        PersonsOver {
            before: before.len(),
            after: before.len() - before_affected + after_affected.len(),
            seated_over: seated,
        }
    }

    /// Checks that every room and seat of `m` is as its `before` says.
    pub fn conflicts(&self, m: &Move) -> Result<(), ConflictError> {
        for change in &m.rooms {
            let i = self
                .room_index(&change.room)
                .ok_or(ConflictError::UnknownRoom { room: change.room })?;
            let room = self
                .project
                .rooms
                .get(i)
                .ok_or(ConflictError::UnknownRoom { room: change.room })?;
            if !same_set(&room.units, &change.units_before) || room.status != change.status_before {
                return Err(ConflictError::RoomChanged {
                    room: change.room,
                    number: room.number.clone(),
                });
            }
        }
        for seat in &m.seats {
            let person = self
                .person_index(&seat.person)
                .and_then(|i| self.project.persons.get(i))
                .ok_or(ConflictError::UnknownPerson {
                    person: seat.person,
                })?;
            if !same_set(&person.rooms, &seat.rooms_before) {
                return Err(ConflictError::SeatChanged {
                    person: seat.person,
                    name: person.name.clone(),
                });
            }
        }
        Ok(())
    }

    /// Applies a move: nothing changes unless every room and seat is as the move found it.
    pub fn apply(&mut self, m: &Move) -> Result<Touched, ConflictError> {
        self.conflicts(m)?;
        let mut touched = Touched::default();
        // Rooms whose units or listers change: the persons listing them are checked again.
        let mut changed: Vec<usize> = Vec::new();
        for change in &m.rooms {
            let Some(i) = self.room_index(&change.room) else {
                continue;
            };
            changed.push(i);
            let area = self.area(i);
            touched.units.extend(self.compliance.change_room(
                &self.project,
                &self.standard,
                i,
                &change.units_after,
                change.status_after,
                change.since_after.as_deref(),
            ));
            self.tally.change_room(
                i,
                (&change.units_before, change.status_before),
                (&change.units_after, change.status_after),
                area,
            );
            if let Some(room) = self.project.rooms.get_mut(i) {
                room.units.clone_from(&change.units_after);
                room.status = change.status_after;
                room.status_since.clone_from(&change.since_after);
            }
        }
        let mut affected: Vec<usize> = Vec::new();
        for seat in &m.seats {
            let Some(p) = self.person_index(&seat.person) else {
                continue;
            };
            affected.push(p);
            changed.extend(
                seat.rooms_before
                    .iter()
                    .chain(&seat.rooms_after)
                    .filter_map(|r| self.room_index(r)),
            );
            for room in &seat.rooms_before {
                if let Some(r) = self.rooms.get(room)
                    && let Some(list) = self.seated.get_mut(r)
                {
                    list.retain(|q| *q != p);
                    if list.is_empty() {
                        self.seated.remove(r);
                    }
                }
            }
            for room in &seat.rooms_after {
                if let Some(r) = self.rooms.get(room) {
                    self.seated.entry(*r).or_default().push(p);
                }
            }
            if let Some(person) = self.project.persons.get_mut(p) {
                person.rooms.clone_from(&seat.rooms_after);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        for r in &changed {
            affected.extend_from_slice(self.persons_in_room(*r));
        }
        affected.sort_unstable();
        affected.dedup();
        // Nobody listing the rooms touched: no person or shared-office finding can change.
        if !affected.is_empty() {
            self.recheck(&affected, &changed);
            touched.persons_rechecked = true;
        }
        touched.units.sort_unstable();
        touched.units.dedup();
        self.moves += 1;
        Ok(touched)
    }

    /// Checks again the persons `affected` and the shared offices `changed` (see
    /// [`Compliance::recheck_persons_of`]).
    fn recheck(&mut self, affected: &[usize], changed: &[usize]) {
        let mut rooms: Vec<usize> = affected
            .iter()
            .filter_map(|p| self.project.persons.get(*p))
            .flat_map(|p| p.rooms.iter().filter_map(|r| self.rooms.get(r).copied()))
            .chain(changed.iter().copied())
            .collect();
        rooms.sort_unstable();
        rooms.dedup();
        let mut persons: Vec<usize> = rooms
            .iter()
            .flat_map(|r| self.persons_in_room(*r).iter().copied())
            .chain(affected.iter().copied())
            .collect();
        persons.sort_unstable();
        persons.dedup();
        let part = PersonPart {
            affected,
            changed,
            persons: &persons,
            rooms: &rooms,
        };
        self.compliance
            .recheck_persons_of(&self.project, &self.standard, &part);
    }

    /// Takes a move back (the last one applied).
    pub fn revert(&mut self, m: &Move) -> Result<Touched, ConflictError> {
        let touched = self.apply(&m.inverse())?;
        self.moves = self.moves.saturating_sub(2);
        Ok(touched)
    }
}

/// Whether two lists hold the same UUIDs (the file does not keep their order).
fn same_set(a: &[Uuid], b: &[Uuid]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}
