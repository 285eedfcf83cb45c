//! What the unit, person and seat edits refuse, and why — each refusal names the field or
//! the record: an empty or taken name, a parent loop, a concurrent post in the person's own
//! unit, a term that ends before it starts, a unit with persons deleted unconfirmed.

use std::collections::HashSet;

use crate::model::{Organisation, Person, Unit, Uuid, parse_date};

/// Why an edit of units, persons or seats was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PeopleError {
    #[error("{}", crate::t!("people.error.empty_name", field = field))]
    EmptyName { field: String },
    #[error("{}", crate::t!("people.error.unit_taken", name = name))]
    UnitNameTaken { name: String },
    #[error("{}", crate::t!("people.error.person_taken", name = name, unit = unit))]
    PersonNameTaken { name: String, unit: String },
    #[error("{}", crate::t!("people.error.unknown_unit", unit = unit))]
    UnknownUnit { unit: String },
    #[error("{}", crate::t!("people.error.unknown_person", person = person))]
    UnknownPerson { person: String },
    #[error("{}", crate::t!("people.error.parent_loop", name = name))]
    ParentLoop { name: String },
    #[error("{}", crate::t!("people.error.own_unit_post", name = name))]
    ConcurrentInOwnUnit { name: String },
    #[error("{}", crate::t!("people.error.bad_date", field = field, value = value))]
    BadDate { field: String, value: String },
    #[error("{}", crate::t!("people.error.term", name = name, start = start, end = end))]
    TermBackwards {
        name: String,
        start: String,
        end: String,
    },
    /// A unit that still has persons or rooms is deleted only when the person confirms it.
    #[error("{}", crate::t!("people.error.unit_not_empty", name = name, persons = persons, rooms = rooms))]
    UnitNotEmpty {
        name: String,
        persons: usize,
        rooms: usize,
    },
    #[error("{}", crate::t!("people.error.already_assigned", unit = unit, rooms = rooms))]
    AlreadyAssigned { unit: String, rooms: String },
    #[error("{}", crate::t!("people.error.not_assigned", unit = unit, rooms = rooms))]
    NotAssigned { unit: String, rooms: String },
    #[error("{}", crate::t!("people.error.already_seated", name = name, room = room))]
    AlreadySeated { name: String, room: String },
    #[error("{}", crate::t!("people.error.not_seated", name = name, room = room))]
    NotSeated { name: String, room: String },
}

fn field(key: &str) -> String {
    crate::t!(key).into_owned()
}

/// A unit as it will be in `after` (the organisation with the change made).
pub fn check_unit(unit: &Unit, after: &Organisation) -> Result<(), PeopleError> {
    let name = unit.name.trim();
    if name.is_empty() {
        return Err(PeopleError::EmptyName {
            field: field("people.field.unit_name"),
        });
    }
    if after
        .units
        .iter()
        .any(|u| u.uuid != unit.uuid && u.name.trim() == name)
    {
        return Err(PeopleError::UnitNameTaken {
            name: name.to_owned(),
        });
    }
    // Walk up the parents: a loop or a parent that is not there is refused.
    let mut seen: HashSet<Uuid> = HashSet::from([unit.uuid]);
    let mut next = unit.parent;
    while let Some(parent) = next {
        if !seen.insert(parent) {
            return Err(PeopleError::ParentLoop {
                name: name.to_owned(),
            });
        }
        next = match after.units.iter().find(|u| u.uuid == parent) {
            Some(p) => p.parent,
            None => {
                return Err(PeopleError::UnknownUnit {
                    unit: parent.to_string(),
                });
            }
        };
    }
    Ok(())
}

/// A person as they will be in `after`.
pub fn check_person(person: &Person, after: &Organisation) -> Result<(), PeopleError> {
    let name = person.name.trim();
    if name.is_empty() {
        return Err(PeopleError::EmptyName {
            field: field("people.field.person_name"),
        });
    }
    let unit_name = |u: &Uuid| {
        after
            .units
            .iter()
            .find(|x| x.uuid == *u)
            .map(|x| x.name.clone())
    };
    let Some(unit) = unit_name(&person.unit) else {
        return Err(PeopleError::UnknownUnit {
            unit: person.unit.to_string(),
        });
    };
    // Two persons of one unit with one name cannot be told apart in the workbook.
    if after
        .persons
        .iter()
        .any(|p| p.uuid != person.uuid && p.unit == person.unit && p.name.trim() == name)
    {
        return Err(PeopleError::PersonNameTaken {
            name: name.to_owned(),
            unit,
        });
    }
    let date = |key: &str, value: &Option<String>| -> Result<(), PeopleError> {
        match value {
            Some(v) if parse_date(v).as_deref() != Some(v.as_str()) => Err(PeopleError::BadDate {
                field: field(key),
                value: v.clone(),
            }),
            _ => Ok(()),
        }
    };
    date("people.field.status_date", &person.status_date)?;
    date(
        "people.field.approval_date",
        &person.second_office_approval_date,
    )?;
    for post in &person.concurrent {
        let Some(post_unit) = unit_name(&post.unit) else {
            return Err(PeopleError::UnknownUnit {
                unit: post.unit.to_string(),
            });
        };
        if post.unit == person.unit {
            return Err(PeopleError::ConcurrentInOwnUnit {
                name: name.to_owned(),
            });
        }
        date("people.field.post_start", &post.start)?;
        date("people.field.post_end", &post.end)?;
        if let (Some(s), Some(e)) = (&post.start, &post.end)
            && e < s
        {
            return Err(PeopleError::TermBackwards {
                name: post_unit,
                start: s.clone(),
                end: e.clone(),
            });
        }
    }
    Ok(())
}
