//! The organisation (机构编制 and 人员) of a file as one value: units with their posts, persons,
//! and which unit uses which room; and what changes between two of them.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Date, Person, RoomStatus, Unit, Uuid};

/// Units, persons and room occupancy by unit: what a spreadsheet import replaces at once.
///
/// Room occupancy by person is [`Person::rooms`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Organisation {
    pub units: Vec<Unit>,
    pub persons: Vec<Person>,
    /// (room, unit) pairs: the unit uses the room (房间使用单位), in file order.
    pub room_units: Vec<(Uuid, Uuid)>,
}

/// A change of some units, persons and occupancy pairs that leaves the rest of the
/// organisation as it is: what the units and persons panels, `unit`, `person`, `assign` and
/// `seat` write, and (computed against the file) its own undo.
///
/// Written in this order: units (inserted or updated, then their parents), persons (with their
/// concurrent posts and rooms, replacing theirs), occupancy pairs removed, pairs added, persons
/// removed, units removed. The file's cascades (a removed unit's persons and rooms) are not
/// relied on: a change lists what goes with a unit, so that its undo can bring it back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganisationChange {
    pub units: Vec<Unit>,
    pub persons: Vec<Person>,
    /// (room, unit) pairs removed.
    pub room_units_removed: Vec<(Uuid, Uuid)>,
    /// (room, unit) pairs added.
    pub room_units_added: Vec<(Uuid, Uuid)>,
    pub persons_removed: Vec<Uuid>,
    pub units_removed: Vec<Uuid>,
    /// Rooms whose status (and its date) follows their units: an idle room given to a unit
    /// is in use, a room left without units is idle (see `planning::status_for_units`).
    pub room_status: Vec<(Uuid, RoomStatus, Option<Date>)>,
}

impl OrganisationChange {
    /// Whether nothing would be written.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
            && self.persons.is_empty()
            && self.room_units_removed.is_empty()
            && self.room_units_added.is_empty()
            && self.persons_removed.is_empty()
            && self.units_removed.is_empty()
            && self.room_status.is_empty()
    }

    /// The change that puts `before` back after this one is written over it. Rooms' statuses
    /// are not part of an organisation: the caller puts their old values in `room_status`.
    ///
    /// ```
    /// use officeplan::model::{Organisation, OrganisationChange, Uuid};
    /// let (room, unit) = (Uuid::from_u128(1), Uuid::from_u128(2));
    /// let before = Organisation { room_units: vec![(room, unit)], ..Default::default() };
    /// let change = OrganisationChange { room_units_removed: vec![(room, unit)], ..Default::default() };
    /// assert_eq!(change.undo(&before).room_units_added, vec![(room, unit)]);
    /// ```
    pub fn undo(&self, before: &Organisation) -> OrganisationChange {
        let units: HashMap<Uuid, &Unit> = before.units.iter().map(|u| (u.uuid, u)).collect();
        let persons: HashMap<Uuid, &Person> = before.persons.iter().map(|p| (p.uuid, p)).collect();
        let pairs: BTreeSet<(Uuid, Uuid)> = before.room_units.iter().copied().collect();
        let mut undo = OrganisationChange::default();
        for u in self
            .units
            .iter()
            .map(|u| u.uuid)
            .chain(self.units_removed.iter().copied())
        {
            match units.get(&u) {
                Some(old) => undo.units.push((*old).clone()),
                None => undo.units_removed.push(u),
            }
        }
        for p in self
            .persons
            .iter()
            .map(|p| p.uuid)
            .chain(self.persons_removed.iter().copied())
        {
            match persons.get(&p) {
                Some(old) => undo.persons.push((*old).clone()),
                None => undo.persons_removed.push(p),
            }
        }
        undo.room_units_added = self
            .room_units_removed
            .iter()
            .filter(|pair| pairs.contains(pair))
            .copied()
            .collect();
        undo.room_units_removed = self
            .room_units_added
            .iter()
            .filter(|pair| !pairs.contains(pair))
            .copied()
            .collect();
        undo
    }

    /// `organisation` with this change made, as the file will read after it is written.
    pub fn applied_to(&self, organisation: &Organisation) -> Organisation {
        let mut o = organisation.clone();
        for u in &self.units {
            match o.units.iter_mut().find(|x| x.uuid == u.uuid) {
                Some(slot) => *slot = u.clone(),
                None => o.units.push(u.clone()),
            }
        }
        for p in &self.persons {
            match o.persons.iter_mut().find(|x| x.uuid == p.uuid) {
                Some(slot) => *slot = p.clone(),
                None => o.persons.push(p.clone()),
            }
        }
        o.room_units
            .retain(|pair| !self.room_units_removed.contains(pair));
        for pair in &self.room_units_added {
            if !o.room_units.contains(pair) {
                o.room_units.push(*pair);
            }
        }
        o.persons
            .retain(|p| !self.persons_removed.contains(&p.uuid));
        o.units.retain(|u| !self.units_removed.contains(&u.uuid));
        o
    }
}

/// A room as a spreadsheet names it: `building/floor/number`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomKey {
    pub uuid: Uuid,
    pub building: String,
    pub floor: String,
    pub number: String,
}

impl RoomKey {
    /// `building/floor/number`, as in the 人员 sheet's office column and `persons.csv`.
    ///
    /// ```
    /// use officeplan::model::{RoomKey, Uuid};
    /// let key = RoomKey { uuid: Uuid::nil(), building: "综合办公楼".into(), floor: "3F".into(), number: "301".into() };
    /// assert_eq!(key.label(), "综合办公楼/3F/301");
    /// ```
    pub fn label(&self) -> String {
        format!("{}/{}/{}", self.building, self.floor, self.number)
    }
}

/// How many records are new, changed, removed and unchanged, matched by UUID.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct RecordChanges {
    pub new: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// How many (room, holder) pairs appear and disappear.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PairChanges {
    pub added: usize,
    pub removed: usize,
}

/// The names of the records that are new, changed and removed, matched by UUID (for people
/// to see which ones an import touches).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct NamedChanges {
    pub new: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
}

/// What replacing one organisation by another changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct OrganisationDiff {
    pub units: RecordChanges,
    /// A person's rooms are counted under `room_persons`, not as an update of the person.
    pub persons: RecordChanges,
    pub room_units: PairChanges,
    pub room_persons: PairChanges,
}

impl OrganisationDiff {
    /// Compares two organisations whose records are matched by UUID.
    ///
    /// ```
    /// use officeplan::model::{Organisation, OrganisationDiff, Uuid};
    /// let old = Organisation { room_units: vec![(Uuid::nil(), Uuid::max())], ..Default::default() };
    /// let diff = OrganisationDiff::between(&old, &Organisation::default());
    /// assert_eq!((diff.room_units.added, diff.room_units.removed), (0, 1));
    /// ```
    pub fn between(old: &Organisation, new: &Organisation) -> Self {
        let person_pairs = |o: &Organisation| -> BTreeSet<(Uuid, Uuid)> {
            o.persons
                .iter()
                .flat_map(|p| p.rooms.iter().map(move |r| (*r, p.uuid)))
                .collect()
        };
        let count = |changes: Vec<(Change, &str)>| {
            let mut c = RecordChanges::default();
            for (change, _) in changes {
                *match change {
                    Change::New => &mut c.new,
                    Change::Updated => &mut c.updated,
                    Change::Removed => &mut c.removed,
                    Change::Unchanged => &mut c.unchanged,
                } += 1;
            }
            c
        };
        Self {
            units: count(unit_changes(old, new)),
            persons: count(person_changes(old, new)),
            room_units: pair_changes(
                &old.room_units.iter().copied().collect(),
                &new.room_units.iter().copied().collect(),
            ),
            room_persons: pair_changes(&person_pairs(old), &person_pairs(new)),
        }
    }

    /// The names of the units and of the persons that are new, changed and removed, in the
    /// order of `new` (then of `old` for the removed), matched as [`Self::between`] counts.
    ///
    /// ```
    /// use officeplan::model::{Organisation, OrganisationDiff};
    /// let (units, persons) = OrganisationDiff::names(&Organisation::default(), &Organisation::default());
    /// assert!(units.new.is_empty() && persons.removed.is_empty());
    /// ```
    pub fn names(old: &Organisation, new: &Organisation) -> (NamedChanges, NamedChanges) {
        let named = |changes: Vec<(Change, &str)>| {
            let mut n = NamedChanges::default();
            for (change, name) in changes {
                let list = match change {
                    Change::New => &mut n.new,
                    Change::Updated => &mut n.updated,
                    Change::Removed => &mut n.removed,
                    Change::Unchanged => continue,
                };
                list.push(name.to_owned());
            }
            n
        };
        (
            named(unit_changes(old, new)),
            named(person_changes(old, new)),
        )
    }

    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        let records = |c: &RecordChanges| c.new + c.updated + c.removed;
        let pairs = |c: &PairChanges| c.added + c.removed;
        records(&self.units)
            + records(&self.persons)
            + pairs(&self.room_units)
            + pairs(&self.room_persons)
            == 0
    }
}

/// How one record fares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    New,
    Updated,
    Removed,
    Unchanged,
}

fn unit_changes<'a>(old: &'a Organisation, new: &'a Organisation) -> Vec<(Change, &'a str)> {
    record_changes(
        &old.units,
        &new.units,
        |u| u.uuid,
        |u| u.name.as_str(),
        Unit::clone,
    )
}

/// A person's rooms are occupancy (`room_persons`), not a change of the person.
fn person_changes<'a>(old: &'a Organisation, new: &'a Organisation) -> Vec<(Change, &'a str)> {
    let without_rooms = |p: &Person| Person {
        rooms: Vec::new(),
        ..p.clone()
    };
    record_changes(
        &old.persons,
        &new.persons,
        |p| p.uuid,
        |p| p.name.as_str(),
        without_rooms,
    )
}

/// Every record of `new` (new, updated or unchanged), then every record of `old` that `new`
/// does not hold (removed), with its name.
fn record_changes<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    uuid: impl Fn(&T) -> Uuid,
    name: impl Fn(&'a T) -> &'a str,
    compared: impl Fn(&T) -> K,
) -> Vec<(Change, &'a str)> {
    let before: HashMap<Uuid, &T> = old.iter().map(|t| (uuid(t), t)).collect();
    let kept: HashSet<Uuid> = new.iter().map(&uuid).collect();
    let mut changes: Vec<(Change, &str)> = new
        .iter()
        .map(|t| {
            let change = match before.get(&uuid(t)) {
                None => Change::New,
                Some(b) if compared(b) == compared(t) => Change::Unchanged,
                Some(_) => Change::Updated,
            };
            (change, name(t))
        })
        .collect();
    changes.extend(
        old.iter()
            .filter(|t| !kept.contains(&uuid(t)))
            .map(|t| (Change::Removed, name(t))),
    );
    changes
}

fn pair_changes(old: &BTreeSet<(Uuid, Uuid)>, new: &BTreeSet<(Uuid, Uuid)>) -> PairChanges {
    PairChanges {
        added: new.difference(old).count(),
        removed: old.difference(new).count(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Grade, OrganCategory, PersonStatus, UnitKind};

    fn unit(n: u128, name: &str) -> Unit {
        Unit {
            region: None,
            uuid: Uuid::from_u128(n),
            name: name.to_owned(),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: BTreeMap::from([(Grade::SectionChief, 1)]),
            service_posts: 0,
            headcount: 3,
            note: String::new(),
            rank_step: None,
        }
    }

    fn person(n: u128, unit: u128, rooms: &[u128]) -> Person {
        Person {
            uuid: Uuid::from_u128(n),
            name: format!("p{n}"),
            grade: Grade::Clerk,
            title: String::new(),
            unit: Uuid::from_u128(unit),
            status: PersonStatus::InPost,
            status_date: None,
            concurrent: Vec::new(),
            rooms: rooms.iter().map(|r| Uuid::from_u128(*r)).collect(),
            second_office_approval: String::new(),
            second_office_approval_date: None,
            rank: String::new(),
            rank_only: false,
            party_government_head: false,
        }
    }

    #[test]
    fn counts_new_updated_removed_and_moves() {
        let old = Organisation {
            units: vec![unit(1, "a"), unit(2, "b"), unit(3, "c")],
            persons: vec![person(10, 1, &[100]), person(11, 2, &[101])],
            room_units: vec![(Uuid::from_u128(100), Uuid::from_u128(1))],
        };
        let mut b = unit(2, "b");
        b.headcount = 4;
        let new = Organisation {
            // a unchanged, b updated, c removed, d new.
            units: vec![unit(1, "a"), b, unit(4, "d")],
            // p10 moves room only (not an update), p11 removed, p12 new.
            persons: vec![person(10, 1, &[102]), person(12, 4, &[])],
            room_units: vec![
                (Uuid::from_u128(100), Uuid::from_u128(1)),
                (Uuid::from_u128(102), Uuid::from_u128(4)),
            ],
        };
        let diff = OrganisationDiff::between(&old, &new);
        assert_eq!(
            diff.units,
            RecordChanges {
                new: 1,
                updated: 1,
                removed: 1,
                unchanged: 1
            }
        );
        assert_eq!(
            diff.persons,
            RecordChanges {
                new: 1,
                updated: 0,
                removed: 1,
                unchanged: 1
            }
        );
        assert_eq!(
            diff.room_units,
            PairChanges {
                added: 1,
                removed: 0
            }
        );
        // p10: 100 → 102 (one out, one in); p11's 101 gone.
        assert_eq!(
            diff.room_persons,
            PairChanges {
                added: 1,
                removed: 2
            }
        );
        assert!(!diff.is_empty());
        assert!(OrganisationDiff::between(&new, &new).is_empty());
        let (units, persons) = OrganisationDiff::names(&old, &new);
        assert_eq!(
            units,
            NamedChanges {
                new: vec!["d".into()],
                updated: vec!["b".into()],
                removed: vec!["c".into()]
            }
        );
        assert_eq!(
            persons,
            NamedChanges {
                new: vec!["p12".into()],
                updated: Vec::new(),
                removed: vec!["p11".into()]
            }
        );
    }
}
