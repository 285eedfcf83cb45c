//! Units (使用单位), persons (人员) and seats edited one at a time — the units and persons
//! panels, the baseline's drops and the inspector, and `officeplan unit|person|assign|seat` —
//! each one undoable [`Edit::ChangeOrganisation`] with its change-log line.
//!
//! A change names everything it writes, also what goes with a deleted unit (its persons, its
//! rooms, its sub-units' parent, others' concurrent posts in it), so that its undo, computed
//! against the file before the write ([`OrganisationChange::undo`]), brings all of it back.

use super::people_check::{PeopleError, check_person, check_unit};
use super::{Edit, Workspace, WorkspaceError};
use crate::model::{
    ChangeAction, Date, Organisation, OrganisationChange, Person, RoomStatus, Unit, Uuid, today,
};
use crate::planning::status_for_units;
use crate::store::ChangeRecord;

/// A change of units, persons or seats with its change-log line.
#[derive(Clone, Debug, PartialEq)]
pub struct PeopleEdit {
    pub change: OrganisationChange,
    pub action: ChangeAction,
    pub summary: String,
}

/// What deleting a unit takes with it: shown before the person confirms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitContents {
    pub persons: usize,
    pub rooms: usize,
    pub sub_units: usize,
}

impl Workspace {
    /// Adds a unit (undoable). Its name must be new; its parent, if any, must exist.
    pub fn add_unit(&mut self, unit: &Unit) -> Result<(), WorkspaceError> {
        self.write_unit(unit, ChangeAction::AddUnit, "people.log.add_unit")
    }

    /// Writes a unit's fields and posts (undoable).
    pub fn edit_unit(&mut self, unit: &Unit) -> Result<(), WorkspaceError> {
        self.write_unit(unit, ChangeAction::EditUnit, "people.log.edit_unit")
    }

    fn write_unit(
        &mut self,
        unit: &Unit,
        action: ChangeAction,
        key: &str,
    ) -> Result<(), WorkspaceError> {
        let summary = crate::t!(key, name = unit.name).into_owned();
        let change = OrganisationChange {
            units: vec![unit.clone()],
            ..Default::default()
        };
        self.change_people(change, action, summary)
    }

    /// What deleting `unit` takes with it.
    pub fn unit_contents(&self, unit: &Uuid) -> Result<UnitContents, WorkspaceError> {
        let o = self.store.load_organisation()?;
        Ok(UnitContents {
            persons: o.persons.iter().filter(|p| p.unit == *unit).count(),
            rooms: o.room_units.iter().filter(|(_, u)| u == unit).count(),
            sub_units: o.units.iter().filter(|u| u.parent == Some(*unit)).count(),
        })
    }

    /// Deletes a unit with its persons and its hold on rooms (the rooms stay); its sub-units
    /// keep no parent. A unit with persons or rooms is deleted only when `confirmed`.
    pub fn delete_unit(&mut self, unit: &Uuid, confirmed: bool) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let Some(gone) = o.units.iter().find(|u| u.uuid == *unit) else {
            return Err(WorkspaceError::UnknownUnit { unit: *unit });
        };
        let mut change = OrganisationChange {
            units_removed: vec![*unit],
            ..Default::default()
        };
        change.persons_removed = o
            .persons
            .iter()
            .filter(|p| p.unit == *unit)
            .map(|p| p.uuid)
            .collect();
        change.room_units_removed = o
            .room_units
            .iter()
            .filter(|(_, u)| u == unit)
            .copied()
            .collect();
        change.units = o
            .units
            .iter()
            .filter(|u| u.parent == Some(*unit))
            .map(|u| Unit {
                parent: None,
                ..u.clone()
            })
            .collect();
        change.persons = o
            .persons
            .iter()
            .filter(|p| p.unit != *unit && p.concurrent_units().any(|u| u == unit))
            .map(|p| {
                let mut kept = p.clone();
                kept.concurrent.retain(|c| c.unit != *unit);
                kept
            })
            .collect();
        let contents = (
            change.persons_removed.len(),
            change.room_units_removed.len(),
        );
        if (contents.0 > 0 || contents.1 > 0) && !confirmed {
            return Err(PeopleError::UnitNotEmpty {
                name: gone.name.clone(),
                persons: contents.0,
                rooms: contents.1,
            }
            .into());
        }
        let summary = crate::t!(
            "people.log.delete_unit",
            name = gone.name,
            persons = contents.0,
            rooms = contents.1
        )
        .into_owned();
        self.change_people(change, ChangeAction::DeleteUnit, summary)
    }

    /// Adds a person (undoable).
    pub fn add_person(&mut self, person: &Person) -> Result<(), WorkspaceError> {
        self.write_person(person, ChangeAction::AddPerson, "people.log.add_person")
    }

    /// Writes a person's fields, concurrent posts and rooms (undoable).
    pub fn edit_person(&mut self, person: &Person) -> Result<(), WorkspaceError> {
        self.write_person(person, ChangeAction::EditPerson, "people.log.edit_person")
    }

    fn write_person(
        &mut self,
        person: &Person,
        action: ChangeAction,
        key: &str,
    ) -> Result<(), WorkspaceError> {
        let summary = crate::t!(key, name = person.name).into_owned();
        let change = OrganisationChange {
            persons: vec![person.clone()],
            ..Default::default()
        };
        self.change_people(change, action, summary)
    }

    /// Deletes a person with their seats (undoable).
    pub fn delete_person(&mut self, person: &Uuid) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let Some(gone) = o.persons.iter().find(|p| p.uuid == *person) else {
            return Err(PeopleError::UnknownPerson {
                person: person.to_string(),
            }
            .into());
        };
        let summary = crate::t!("people.log.delete_person", name = gone.name).into_owned();
        self.change_people(
            OrganisationChange {
                persons_removed: vec![*person],
                ..Default::default()
            },
            ChangeAction::DeletePerson,
            summary,
        )
    }

    /// Lets `unit` use `room` (房间使用单位), or with `remove` ends it, in the baseline
    /// (undoable). Several rooms are one edit.
    pub fn assign_rooms(
        &mut self,
        unit: &Uuid,
        rooms: &[Uuid],
        remove: bool,
    ) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let name = unit_name(&o, unit)?;
        let pairs: Vec<(Uuid, Uuid)> = rooms.iter().map(|r| (*r, *unit)).collect();
        let labels = self.room_labels(rooms);
        let (change, key) = if remove {
            let held: Vec<(Uuid, Uuid)> = pairs
                .into_iter()
                .filter(|p| o.room_units.contains(p))
                .collect();
            if held.is_empty() {
                return Err(PeopleError::NotAssigned {
                    unit: name,
                    rooms: labels,
                }
                .into());
            }
            (
                OrganisationChange {
                    room_units_removed: held,
                    ..Default::default()
                },
                "people.log.unassign",
            )
        } else {
            let new: Vec<(Uuid, Uuid)> = pairs
                .into_iter()
                .filter(|p| !o.room_units.contains(p))
                .collect();
            if new.is_empty() {
                return Err(PeopleError::AlreadyAssigned {
                    unit: name,
                    rooms: labels,
                }
                .into());
            }
            (
                OrganisationChange {
                    room_units_added: new,
                    ..Default::default()
                },
                "people.log.assign",
            )
        };
        let summary = crate::t!(key, unit = name, rooms = labels).into_owned();
        self.change_people(change, ChangeAction::AssignRooms, summary)
    }

    /// Moves `unit` out of the rooms `from` into the rooms `to` in the baseline, as one
    /// undoable edit (a unit dropped on the plan; `from` empty when it comes from the list).
    pub fn move_unit_rooms(
        &mut self,
        unit: &Uuid,
        from: &[Uuid],
        to: &[Uuid],
    ) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let name = unit_name(&o, unit)?;
        let change = OrganisationChange {
            room_units_removed: from
                .iter()
                .filter(|r| !to.contains(r))
                .map(|r| (*r, *unit))
                .filter(|p| o.room_units.contains(p))
                .collect(),
            room_units_added: to
                .iter()
                .map(|r| (*r, *unit))
                .filter(|p| !o.room_units.contains(p))
                .collect(),
            ..Default::default()
        };
        let labels = self.room_labels(to);
        if change.is_empty() {
            return Err(PeopleError::AlreadyAssigned {
                unit: name,
                rooms: labels,
            }
            .into());
        }
        let summary = if change.room_units_removed.is_empty() {
            crate::t!("people.log.assign", unit = name, rooms = labels)
        } else {
            crate::t!(
                "people.log.move_unit",
                unit = name,
                from = self.room_labels(from),
                to = labels
            )
        }
        .into_owned();
        self.change_people(change, ChangeAction::AssignRooms, summary)
    }

    /// Moves each `from` room's units to its `to` room in the baseline, as one undoable edit
    /// (a selection of rooms dragged on the plan).
    pub fn move_rooms_units(&mut self, pairs: &[(Uuid, Uuid)]) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let mut change = OrganisationChange::default();
        for (from, to) in pairs.iter().filter(|(f, t)| f != t) {
            for (room, unit) in o.room_units.iter().filter(|(r, _)| r == from) {
                change.room_units_removed.push((*room, *unit));
                if !o.room_units.contains(&(*to, *unit)) {
                    change.room_units_added.push((*to, *unit));
                }
            }
        }
        if change.is_empty() {
            return Ok(());
        }
        let froms: Vec<Uuid> = pairs.iter().map(|(f, _)| *f).collect();
        let tos: Vec<Uuid> = pairs.iter().map(|(_, t)| *t).collect();
        let summary = crate::t!(
            "people.log.move_rooms",
            from = self.room_labels(&froms),
            to = self.room_labels(&tos)
        )
        .into_owned();
        self.change_people(change, ChangeAction::AssignRooms, summary)
    }

    /// Seats `person` in `room` (an office they use), or with `remove` takes the seat away
    /// (undoable).
    pub fn seat_person(
        &mut self,
        person: &Uuid,
        room: &Uuid,
        remove: bool,
    ) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let mut p = person_of(&o, person)?.clone();
        let label = self.room_labels(&[*room]);
        let had = p.rooms.contains(room);
        let key = match (remove, had) {
            (true, true) => {
                p.rooms.retain(|r| r != room);
                "people.log.unseat"
            }
            (false, false) => {
                p.rooms.push(*room);
                "people.log.seat"
            }
            (true, false) => {
                return Err(PeopleError::NotSeated {
                    name: p.name,
                    room: label,
                }
                .into());
            }
            (false, true) => {
                return Err(PeopleError::AlreadySeated {
                    name: p.name,
                    room: label,
                }
                .into());
            }
        };
        let summary = crate::t!(key, name = p.name, room = label).into_owned();
        self.change_people(
            OrganisationChange {
                persons: vec![p],
                ..Default::default()
            },
            ChangeAction::SeatPerson,
            summary,
        )
    }

    /// Moves a person's seat from one room to another in the baseline (one undoable edit).
    pub fn move_seat(
        &mut self,
        person: &Uuid,
        from: &Uuid,
        to: &Uuid,
    ) -> Result<(), WorkspaceError> {
        let o = self.store.load_organisation()?;
        let mut p = person_of(&o, person)?.clone();
        if from == to {
            return Ok(());
        }
        let from_label = self.room_labels(&[*from]);
        let to_label = self.room_labels(&[*to]);
        if !p.rooms.contains(from) {
            return Err(PeopleError::NotSeated {
                name: p.name,
                room: from_label,
            }
            .into());
        }
        p.rooms.retain(|r| r != from);
        if !p.rooms.contains(to) {
            p.rooms.push(*to);
        }
        let summary = crate::t!(
            "people.log.move_seat",
            name = p.name,
            from = from_label,
            to = to_label
        )
        .into_owned();
        self.change_people(
            OrganisationChange {
                persons: vec![p],
                ..Default::default()
            },
            ChangeAction::SeatPerson,
            summary,
        )
    }

    /// Checks and applies a change as one undoable edit.
    pub fn change_people(
        &mut self,
        change: OrganisationChange,
        action: ChangeAction,
        summary: String,
    ) -> Result<(), WorkspaceError> {
        self.apply(Edit::ChangeOrganisation(Box::new(PeopleEdit {
            change,
            action,
            summary,
        })))
    }

    pub(super) fn write_people(&mut self, edit: &PeopleEdit) -> Result<Edit, WorkspaceError> {
        let before = self.store.load_organisation()?;
        let mut change = edit.change.clone();
        let old_status = self.follow_units(&mut change, &before)?;
        let after = change.applied_to(&before);
        for u in &edit.change.units {
            check_unit(u, &after)?;
        }
        for p in &edit.change.persons {
            check_person(p, &after)?;
        }
        let record = ChangeRecord {
            action: edit.action,
            summary: edit.summary.clone(),
            detail: String::new(),
        };
        self.store.change_organisation(&change, &record)?;
        self.units = self.store.load_units()?;
        self.invalidate(None);
        let mut undo = change.undo(&before);
        undo.room_status = old_status;
        Ok(Edit::ChangeOrganisation(Box::new(PeopleEdit {
            change: undo,
            action: ChangeAction::RestoreUnits,
            summary: crate::t!("people.log.undo", what = edit.summary).into_owned(),
        })))
    }

    /// Sets the status of every room whose units the change gives or takes (unless the change
    /// names it already), by the rule scenarios use; returns the old statuses for the undo.
    fn follow_units(
        &self,
        change: &mut OrganisationChange,
        before: &Organisation,
    ) -> Result<Vec<(Uuid, RoomStatus, Option<Date>)>, WorkspaceError> {
        let mut rooms: Vec<Uuid> = change
            .room_units_added
            .iter()
            .chain(&change.room_units_removed)
            .map(|(r, _)| *r)
            .collect();
        rooms.sort_unstable();
        rooms.dedup();
        let today = today();
        let mut old = Vec::new();
        for uuid in rooms {
            if change.room_status.iter().any(|(r, _, _)| *r == uuid) {
                continue;
            }
            let mut room = self.current_room(&uuid)?;
            room.units = before
                .room_units
                .iter()
                .filter(|(r, _)| *r == uuid)
                .map(|(_, u)| *u)
                .collect();
            let after: usize = room
                .units
                .iter()
                .filter(|u| !change.room_units_removed.contains(&(uuid, **u)))
                .count()
                + change
                    .room_units_added
                    .iter()
                    .filter(|(r, u)| *r == uuid && !room.units.contains(u))
                    .count();
            let (status, since) = status_for_units(&room, after == 0, &today)?;
            old.push((uuid, room.status, room.status_since.clone()));
            if (status, &since) != (room.status, &room.status_since) {
                change.room_status.push((uuid, status, since));
            }
        }
        // The undo puts back exactly the statuses this change sets.
        old.retain(|(r, _, _)| change.room_status.iter().any(|(c, _, _)| c == r));
        old.extend(
            edit_named_status(change, &old)
                .into_iter()
                .filter_map(|uuid| self.current_room(&uuid).ok())
                .map(|r| (r.uuid, r.status, r.status_since)),
        );
        Ok(old)
    }

    /// `楼栋/楼层/房间号` of rooms, joined for a log line.
    fn room_labels(&self, rooms: &[Uuid]) -> String {
        let keys = self.store.room_keys_of(rooms).unwrap_or_default();
        rooms
            .iter()
            .map(|r| {
                keys.iter()
                    .find(|k| k.uuid == *r)
                    .map_or_else(|| r.to_string(), |k| k.label())
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

fn unit_name(o: &Organisation, unit: &Uuid) -> Result<String, WorkspaceError> {
    o.units
        .iter()
        .find(|u| u.uuid == *unit)
        .map(|u| u.name.clone())
        .ok_or(WorkspaceError::UnknownUnit { unit: *unit })
}

fn person_of<'a>(o: &'a Organisation, person: &Uuid) -> Result<&'a Person, WorkspaceError> {
    o.persons.iter().find(|p| p.uuid == *person).ok_or_else(|| {
        PeopleError::UnknownPerson {
            person: person.to_string(),
        }
        .into()
    })
}

/// Rooms whose status the change names itself (an undo) and the old statuses do not cover.
fn edit_named_status(
    change: &OrganisationChange,
    old: &[(Uuid, RoomStatus, Option<Date>)],
) -> Vec<Uuid> {
    change
        .room_status
        .iter()
        .map(|(r, _, _)| *r)
        .filter(|r| !old.iter().any(|(o, _, _)| o == r))
        .collect()
}
