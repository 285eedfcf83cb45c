//! Compliance with the standard (达标核查): per unit (approved vs used areas), per person
//! (offices against the row, suite rules, 一人多处, 腾退), per room (shared offices), and the
//! idle and leased rooms beside them.
//!
//! [`check`] runs everything over a loaded project; [`Compliance`] keeps the per-unit
//! aggregates so that a planner's move updates the unit numbers by delta
//! ([`Compliance::move_room`]). Every area comes from [`crate::analysis::room_area`] and is
//! rounded only when shown ([`report`]).
//!
//! ```
//! use officeplan::analysis::compliance::{CheckOptions, check};
//! use officeplan::standards::ProjectStandard;
//! let project = officeplan::model::Project::default();
//! let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
//! let result = check(&project, &standard, &CheckOptions { as_of: "2026-09-30".into() });
//! assert_eq!(result.problem_count(), 0);
//! ```

pub mod inventory;
mod person;
pub mod report;
mod seats;
mod unit;
#[cfg(test)]
mod worked_examples;

use std::collections::HashMap;

pub use inventory::RoomFact;
pub use person::{PersonFinding, PersonFindingKind, RoomFinding, RoomFindingKind, RoomList};
pub use report::ComplianceReport;
pub use unit::{Measure, UnitCompliance};

use crate::analysis::{Entitlement, GrossEstimate, RoomShare, UnitLedger};
use crate::model::{Date, Grade, Person, Project, Room, RoomStatus, Unit, Uuid, days_since_epoch};
use crate::standards::{Placement, ProjectStandard, RowMatch};

/// How far an area may exceed its limit before it counts as over, m²: half the 0.01 m² that
/// reports show, so that every finding is visible in the printed numbers and float noise in
/// polygon areas never is.
pub const TOLERANCE_M2: f64 = 0.005;

/// Whether `area` exceeds `limit` by more than [`TOLERANCE_M2`].
///
/// ```
/// use officeplan::analysis::compliance::is_over;
/// assert!(is_over(25.76, 18.0));
/// assert!(!is_over(18.000_000_001, 18.0));
/// ```
pub fn is_over(area: f64, limit: f64) -> bool {
    area > limit + TOLERANCE_M2
}

/// Options of a check.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckOptions {
    /// The date the check is made as of (统计截止日期), for the vacating deadline.
    pub as_of: Date,
}

impl CheckOptions {
    /// `as_of` from the given date, else the project's statistics date, else today.
    pub fn for_project(project: &Project, as_of: Option<Date>) -> Self {
        Self {
            as_of: as_of
                .or_else(|| project.settings.as_of.clone())
                .unwrap_or_else(crate::model::today),
        }
    }
}

/// Everything a check needs, shared by the unit, person and room checks.
struct Context<'a> {
    /// The units (all of the project's, in its order: the ledger and the placements index them).
    units: &'a [Unit],
    /// The persons and rooms checked: the whole project's, or a part of it.
    persons: &'a [Person],
    rooms: &'a [Room],
    standard: &'a ProjectStandard,
    /// The units' used areas, and their index by UUID.
    ledger: &'a UnitLedger,
    /// Rows by placement (few distinct ones) and grade; `unit_rows[u]` indexes `rows`.
    rows: Vec<[Option<RowMatch<'a>>; Grade::COUNT]>,
    unit_rows: Vec<usize>,
    as_of: &'a str,
}

/// The distinct placements of a project's units (few) and each unit's index among them.
#[derive(Clone, Debug, Default)]
struct Placements {
    distinct: Vec<Placement>,
    of_unit: Vec<usize>,
}

impl Placements {
    fn of(project: &Project) -> Self {
        let mut index: HashMap<Placement, usize> = HashMap::new();
        let mut distinct = Vec::new();
        let by_uuid: HashMap<&crate::model::Uuid, &Unit> =
            project.units.iter().map(|u| (&u.uuid, u)).collect();
        let of_unit = project
            .units
            .iter()
            .map(|unit| {
                let placement = Placement::within(unit, |id| by_uuid.get(id).copied());
                *index.entry(placement).or_insert_with(|| {
                    distinct.push(placement);
                    distinct.len() - 1
                })
            })
            .collect();
        Self { distinct, of_unit }
    }
}

impl<'a> Context<'a> {
    /// The context of a check of `persons` seated in `rooms`; `placements` are those of
    /// `units` (the project's).
    fn new(
        (units, persons, rooms): (&'a [Unit], &'a [Person], &'a [Room]),
        standard: &'a ProjectStandard,
        ledger: &'a UnitLedger,
        as_of: &'a str,
        placements: &Placements,
    ) -> Self {
        let rows = placements
            .distinct
            .iter()
            .map(|placement| {
                let mut by_grade = [None; Grade::COUNT];
                for (slot, grade) in by_grade.iter_mut().zip(<Grade as crate::model::Coded>::ALL) {
                    *slot = standard.lookup(*placement, *grade);
                }
                by_grade
            })
            .collect();
        Self {
            units,
            persons,
            rooms,
            standard,
            ledger,
            rows,
            unit_rows: placements.of_unit.clone(),
            as_of,
        }
    }

    /// The row a person of `grade` reads in unit `unit`.
    fn row(&self, unit: usize, grade: Grade) -> Option<RowMatch<'a>> {
        let rows = self.rows.get(*self.unit_rows.get(unit)?)?;
        *rows.get(grade.index())?
    }
}

/// The result of a check. Indices refer to the checked project's `units`, `persons`, `rooms`.
#[derive(Clone, Debug)]
pub struct Compliance {
    pub as_of: Date,
    /// `areas[i]` is the 使用面积 of room `i`, from [`crate::analysis::room_area`].
    pub areas: Vec<f64>,
    /// Approved areas of each unit.
    pub entitlements: Vec<Entitlement>,
    /// Used areas of each unit (delta-updatable).
    pub ledger: UnitLedger,
    /// Every unit, over or not.
    pub units: Vec<UnitCompliance>,
    pub persons: Vec<PersonFinding>,
    pub rooms: Vec<RoomFinding>,
    /// 闲置 rooms.
    pub idle_rooms: Vec<RoomFact>,
    /// 出租 and 出借 rooms (facts, not problems).
    pub leased_rooms: Vec<RoomFact>,
    gross: GrossEstimate,
    /// The units' placements, kept for checking persons again after a move.
    placements: Placements,
}

/// Checks a whole project against its standard.
pub fn check(project: &Project, standard: &ProjectStandard, options: &CheckOptions) -> Compliance {
    let mut seats = seats::Seats::new(&project.persons, project.rooms.len());
    let suite = standard.set.suite.as_ref();
    let gross = GrossEstimate::new(project, &standard.set.coefficient);
    let mut ledger = UnitLedger::new(&project.units);
    let today = days_since_epoch(&options.as_of);
    let mut areas = Vec::with_capacity(project.rooms.len());
    let (mut idle_rooms, mut leased_rooms) = (Vec::new(), Vec::new());
    // One pass over the rooms. They come floor by floor: remember the last floor's coefficient.
    let mut last: Option<(Uuid, f64)> = None;
    for (i, room) in project.rooms.iter().enumerate() {
        // An invalid polygon has no area (a bow tie's would be 0.00 or worse, a wrong figure):
        // it counts 0 here and is reported as a geometry finding.
        let area = crate::analysis::validity::measured_area(&room.polygon).unwrap_or(0.0);
        areas.push(area);
        let coefficient = match last {
            Some((floor, c)) if floor == room.floor => c,
            _ => {
                let c = gross.coefficient(&room.floor);
                last = Some((room.floor, c));
                c
            }
        };
        ledger.add_room(&RoomShare::of(room, area, area / coefficient));
        match room.status {
            RoomStatus::Idle => idle_rooms.push(RoomFact::of(i, room, area, today)),
            RoomStatus::RentedOut | RoomStatus::LentOut => {
                leased_rooms.push(RoomFact::of(i, room, area, today));
            }
            _ => {}
        }
        seats.offer(room, i, area, suite, |u| ledger.position(u));
    }
    seats.resolve();
    let placements = Placements::of(project);
    let entitlements: Vec<Entitlement> = project
        .units
        .iter()
        .zip(&placements.of_unit)
        .map(|(u, p)| {
            let placement = placements.distinct.get(*p).copied();
            Entitlement::placed(u, placement.unwrap_or_else(|| Placement::of(u)), standard)
        })
        .collect();
    let units = (0..project.units.len())
        .filter_map(|i| {
            Some(UnitCompliance::evaluate(
                i,
                entitlements.get(i)?,
                ledger.unit(i)?,
                standard,
            ))
        })
        .collect();
    let context = Context::new(
        (
            project.units.as_slice(),
            project.persons.as_slice(),
            project.rooms.as_slice(),
        ),
        standard,
        &ledger,
        &options.as_of,
        &placements,
    );
    let (persons, mut rooms) = person::check(&context, &seats);
    rooms.sort_by_key(|f| f.room);
    Compliance {
        as_of: options.as_of.clone(),
        areas,
        entitlements,
        ledger,
        units,
        persons,
        rooms,
        idle_rooms,
        leased_rooms,
        gross,
        placements,
    }
}

impl Compliance {
    /// Estimated 建筑面积 of `usable_m2` on a floor (the set's coefficients).
    pub fn gross_m2(&self, floor: &Uuid, usable_m2: f64) -> f64 {
        self.gross.gross_m2(floor, usable_m2)
    }

    /// The units over the standard.
    pub fn units_over(&self) -> impl Iterator<Item = &UnitCompliance> {
        self.units.iter().filter(|u| u.over)
    }

    /// Units over + person findings + room findings (what `check --strict` fails on).
    pub fn problem_count(&self) -> usize {
        self.units_over().count() + self.persons.len() + self.rooms.len()
    }

    /// Moves room `room` of `project` (as it is now) to `to_units`, updating the used areas
    /// by delta and re-evaluating the units involved; returns their indices. The caller
    /// then changes the room's units in the project itself.
    ///
    /// Person and room findings are not recomputed here: they depend on who sits where and
    /// on which unit holds a seated person's room; [`Compliance::recheck_persons`] does that.
    pub fn move_room(
        &mut self,
        project: &Project,
        standard: &ProjectStandard,
        room: usize,
        to_units: &[Uuid],
    ) -> Vec<usize> {
        let status = project.rooms.get(room).map(|r| r.status);
        match status {
            Some(status) => self.change_room(project, standard, room, to_units, status, None),
            None => Vec::new(),
        }
    }

    /// Gives room `room` of `project` (as it is now) the units `to_units` and the status
    /// `to_status` since `to_since` (a vacated room becomes 闲置, an assigned idle one 在用): the used areas
    /// change by delta, the units involved are re-evaluated (their indices are returned),
    /// and the room joins or leaves the idle and leased lists. The caller then changes the
    /// room in the project itself.
    pub fn change_room(
        &mut self,
        project: &Project,
        standard: &ProjectStandard,
        room: usize,
        to_units: &[Uuid],
        to_status: RoomStatus,
        to_since: Option<&str>,
    ) -> Vec<usize> {
        let (Some(r), Some(area)) = (project.rooms.get(room), self.areas.get(room).copied()) else {
            return Vec::new();
        };
        let gross = self.gross.gross_m2(&r.floor, area);
        let share = RoomShare::of(r, area, gross);
        self.ledger.remove_room(&share);
        self.ledger.add_room(&RoomShare {
            units: to_units,
            status: to_status,
            ..share
        });
        if r.status != to_status {
            remove_fact(&mut self.idle_rooms, room);
            remove_fact(&mut self.leased_rooms, room);
            let fact = RoomFact {
                room,
                status: to_status,
                area_m2: area,
                days: to_since
                    .and_then(days_since_epoch)
                    .zip(days_since_epoch(&self.as_of))
                    .map(|(since, today)| today - since),
            };
            match to_status {
                RoomStatus::Idle => insert_fact(&mut self.idle_rooms, fact),
                RoomStatus::RentedOut | RoomStatus::LentOut => {
                    insert_fact(&mut self.leased_rooms, fact);
                }
                _ => {}
            }
        }
        let mut touched: Vec<usize> = r
            .units
            .iter()
            .chain(to_units)
            .filter_map(|u| self.ledger.position(u))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        for &i in &touched {
            if let (Some(e), Some(used), Some(slot)) = (
                self.entitlements.get(i),
                self.ledger.unit(i),
                self.units.get_mut(i),
            ) {
                *slot = UnitCompliance::evaluate(i, e, used, standard);
            }
        }
        touched
    }

    /// The person and shared-room findings of a part of a project: `persons` seated in
    /// `rooms`, where `rooms.1[k]` is the project index of `rooms.0[k]` (for its area). The
    /// findings index `persons` and `rooms.0`. The same check as [`check`], over the part:
    /// what a move would do to persons is found by checking the part as the move leaves it
    /// ([`crate::planning::Checked::persons_over`]).
    pub fn check_part(
        &self,
        units: &[Unit],
        persons: &[Person],
        rooms: (&[Room], &[usize]),
        standard: &ProjectStandard,
    ) -> (Vec<PersonFinding>, Vec<RoomFinding>) {
        let mut seats = seats::Seats::new(persons, rooms.0.len());
        let suite = standard.set.suite.as_ref();
        for (k, (room, r)) in rooms.0.iter().zip(rooms.1).enumerate() {
            let area = self.areas.get(*r).copied().unwrap_or(0.0);
            seats.offer(room, k, area, suite, |u| self.ledger.position(u));
        }
        seats.resolve();
        let context = Context::new(
            (units, persons, rooms.0),
            standard,
            &self.ledger,
            &self.as_of,
            &self.placements,
        );
        person::check(&context, &seats)
    }

    /// Runs the person checks again for the persons `affected` (indices, sorted) and the
    /// shared-room check for the rooms `changed` (indices), as `project` is now; every other
    /// finding stays. `persons` (sorted) must hold every person listing any room in `rooms`
    /// (sorted), and `rooms` every room the affected persons list: the check runs over that
    /// part of the project only, so its cost follows the move, not the province.
    pub fn recheck_persons_of(
        &mut self,
        project: &Project,
        standard: &ProjectStandard,
        part: &PersonPart<'_>,
    ) {
        let persons: Vec<Person> = part
            .persons
            .iter()
            .filter_map(|p| project.persons.get(*p).cloned())
            .collect();
        let rooms: Vec<Room> = part
            .rooms
            .iter()
            .filter_map(|r| project.rooms.get(*r).cloned())
            .collect();
        let (persons, rooms) = self.check_part(
            &project.units,
            &persons,
            (rooms.as_slice(), part.rooms),
            standard,
        );
        let person_at = |k: usize| part.persons.get(k).copied();
        let room_at = |k: usize| part.rooms.get(k).copied();
        // The lists are in person (room) order: each affected person's (changed room's)
        // findings are a run, replaced in place — the rest of a province's findings do not
        // move unless the run changes length.
        let mut fresh: Vec<PersonFinding> = persons
            .into_iter()
            .filter_map(|mut f| {
                let p = person_at(f.person)?;
                part.affected.binary_search(&p).ok()?;
                f.person = p;
                f.rooms = f.rooms.iter().filter_map(|k| room_at(*k)).collect();
                Some(f)
            })
            .collect();
        fresh.sort_by_key(|f| f.person);
        for p in part.affected {
            let start = self.persons.partition_point(|f| f.person < *p);
            let end = self.persons.partition_point(|f| f.person <= *p);
            let (from, to) = (
                fresh.partition_point(|f| f.person < *p),
                fresh.partition_point(|f| f.person <= *p),
            );
            let run = fresh.get(from..to).unwrap_or_default().to_vec();
            self.persons.splice(start..end, run);
        }
        let mut fresh: Vec<RoomFinding> = rooms
            .into_iter()
            .filter_map(|mut f| {
                let r = room_at(f.room)?;
                part.changed.contains(&r).then_some(())?;
                f.room = r;
                f.persons = f.persons.iter().filter_map(|k| person_at(*k)).collect();
                f.persons.sort_unstable();
                Some(f)
            })
            .collect();
        fresh.sort_by_key(|f| f.room);
        for r in part.changed {
            let start = self.rooms.partition_point(|f| f.room < *r);
            let end = self.rooms.partition_point(|f| f.room <= *r);
            let run: Vec<RoomFinding> = fresh.iter().filter(|f| f.room == *r).cloned().collect();
            self.rooms.splice(start..end, run);
        }
    }
}

/// The part of a project a move touches, for [`Compliance::recheck_persons_of`] (indices
/// into the project's persons and rooms).
#[derive(Clone, Debug, Default)]
pub struct PersonPart<'a> {
    /// Persons whose findings are made again (sorted).
    pub affected: &'a [usize],
    /// Rooms whose shared-office finding is made again.
    pub changed: &'a [usize],
    /// Every person listing any room of `rooms` (sorted).
    pub persons: &'a [usize],
    /// Every room the affected persons list (sorted).
    pub rooms: &'a [usize],
}

/// Removes room `room`'s fact from a list in room order.
fn remove_fact(list: &mut Vec<RoomFact>, room: usize) {
    let at = list.partition_point(|f| f.room < room);
    if list.get(at).is_some_and(|f| f.room == room) {
        list.remove(at);
    }
}

/// Inserts a fact keeping the list in room order (as [`check`] makes it).
fn insert_fact(list: &mut Vec<RoomFact>, fact: RoomFact) {
    let at = list.partition_point(|f| f.room < fact.room);
    list.insert(at, fact);
}
