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

pub mod approval;
pub mod inventory;
mod person;
pub mod report;
mod seats;
mod unit;
#[cfg(test)]
mod worked_examples;

use std::collections::HashMap;

pub use approval::{ApprovalFinding, ApprovalFindingKind};
pub use inventory::RoomFact;
pub use person::{
    OfficeMeasure, PersonFinding, PersonFindingKind, RoomFinding, RoomFindingKind, RoomList,
};
pub use report::ComplianceReport;
pub use unit::{Measure, UnitCompliance};

use crate::analysis::{Entitlement, GrossEstimate, RoomShare, UnitLedger};
use crate::model::{
    ApprovalKind, Date, Grade, Person, Project, Room, RoomCategory, RoomStatus, Unit, Uuid,
    days_since_epoch,
};
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
    /// Persons with an approval of two offices in the own unit (sorted UUIDs).
    two_offices_approved: &'a [Uuid],
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
        (as_of, two_offices_approved): (&'a str, &'a [Uuid]),
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
            two_offices_approved,
        }
    }

    /// Whether `person` has an approval of two offices in the own unit.
    fn approved_two_offices(&self, person: &Person) -> bool {
        self.two_offices_approved
            .binary_search(&person.uuid)
            .is_ok()
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
    /// 省部级 (and higher) persons' offices, over or not, in person order (see
    /// [`OfficeMeasure`]).
    pub leaders: Vec<OfficeMeasure>,
    /// Rented buildings and leased rooms without their approval (违规租用, 擅自出租出借).
    pub unapproved: Vec<ApprovalFinding>,
    /// Rooms with a 出租出借 approval (sorted UUIDs), for a status change by delta.
    lease_approved: Vec<Uuid>,
    gross: GrossEstimate,
    /// The units' placements, kept for checking persons again after a move.
    placements: Placements,
    /// Persons with an approval of two offices in the own unit (sorted), kept likewise.
    two_offices_approved: Vec<Uuid>,
}

/// Checks a whole project against its standard.
pub fn check(project: &Project, standard: &ProjectStandard, options: &CheckOptions) -> Compliance {
    let mut seats = seats::Seats::new(&project.persons, project.rooms.len());
    let suite = standard.set.suite.as_ref();
    // An invalid polygon has no area (a bow tie's would be 0.00 or worse, a wrong figure):
    // it counts 0 here and is reported as a geometry finding.
    let areas: Vec<f64> = project
        .rooms
        .iter()
        .map(|room| crate::analysis::validity::measured_area(&room.polygon).unwrap_or(0.0))
        .collect();
    // 建筑面积 from the one source of the reports (docs/report-rules.md §2).
    let gross = GrossEstimate::with_figures(project, &standard.set.coefficient, &areas);
    let mut ledger = UnitLedger::new(&project.units);
    let today = days_since_epoch(&options.as_of);
    let (mut idle_rooms, mut leased_rooms) = (Vec::new(), Vec::new());
    // Rooms come floor by floor: one lookup of the floor's rates per run.
    let mut last: Option<(Uuid, crate::analysis::gross::FloorRates)> = None;
    for (i, (room, area)) in project.rooms.iter().zip(areas.iter().copied()).enumerate() {
        let rates = match last {
            Some((floor, rates)) if floor == room.floor => rates,
            _ => {
                let rates = gross.floor_rates(&room.floor);
                last = Some((room.floor, rates));
                rates
            }
        };
        ledger.add_room(&RoomShare::of(
            room,
            area,
            rates.gross_m2(room.category, area),
        ));
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
    let mut two_offices_approved: Vec<Uuid> = project
        .approvals
        .iter()
        .filter(|a| a.kind == ApprovalKind::TwoOffices)
        .map(|a| a.subject)
        .collect();
    two_offices_approved.sort_unstable();
    let context = Context::new(
        (
            project.units.as_slice(),
            project.persons.as_slice(),
            project.rooms.as_slice(),
        ),
        standard,
        &ledger,
        (&options.as_of, &two_offices_approved),
        &placements,
    );
    let (persons, mut rooms, leaders) = person::check(&context, &seats);
    rooms.sort_by_key(|f| f.room);
    let unapproved = approval::unapproved(project, &areas, &options.as_of);
    let lease_approved = approval::approved_subjects(&project.approvals, ApprovalKind::LeaseOut);
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
        leaders,
        unapproved,
        lease_approved,
        gross,
        placements,
        two_offices_approved,
    }
}

impl Compliance {
    /// 建筑面积 of a room of `category` with `usable_m2` on a floor ([`GrossEstimate::room_gross_m2`]).
    pub fn gross_m2(&self, floor: &Uuid, category: RoomCategory, usable_m2: f64) -> f64 {
        self.gross.room_gross_m2(floor, category, usable_m2)
    }

    /// The units over the standard.
    pub fn units_over(&self) -> impl Iterator<Item = &UnitCompliance> {
        self.units.iter().filter(|u| u.over)
    }

    /// The persons over the standard: those with a 个人超标 finding and those seated in a
    /// shared office over the sum of its occupants' rows (sorted indices, once each).
    pub fn persons_over(&self) -> Vec<usize> {
        persons_over_in(&self.persons, &self.rooms)
    }

    /// Units over + person findings + room findings + arrangements without approval (what
    /// `check --strict` fails on).
    pub fn problem_count(&self) -> usize {
        self.units_over().count() + self.persons.len() + self.rooms.len() + self.unapproved.len()
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
        let gross = self.gross.room_gross_m2(&r.floor, r.category, area);
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
            // Room findings follow the building ones, in room order.
            self.unapproved.retain(|f| f.room != Some(room));
            if let Some(f) = approval::room_finding(room, r, to_status, area, &self.lease_approved)
            {
                let at = self
                    .unapproved
                    .partition_point(|g| g.room.is_none_or(|other| other < room));
                self.unapproved.insert(at, f);
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
        let (persons, rooms, _) = self.check_part_measured(units, persons, rooms, standard);
        (persons, rooms)
    }

    /// [`Compliance::check_part`] with the leaders' measures of the part.
    fn check_part_measured(
        &self,
        units: &[Unit],
        persons: &[Person],
        rooms: (&[Room], &[usize]),
        standard: &ProjectStandard,
    ) -> person::Found {
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
            (&self.as_of, &self.two_offices_approved),
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
        let (persons, rooms, leaders) = self.check_part_measured(
            &project.units,
            &persons,
            (rooms.as_slice(), part.rooms),
            standard,
        );
        let mut fresh: Vec<OfficeMeasure> = leaders
            .into_iter()
            .filter_map(|mut m| {
                let p = part.persons.get(m.person).copied()?;
                part.affected.binary_search(&p).ok()?;
                m.person = p;
                m.rooms = m
                    .rooms
                    .iter()
                    .filter_map(|k| part.rooms.get(*k).copied())
                    .collect();
                Some(m)
            })
            .collect();
        fresh.sort_by_key(|m| m.person);
        // Each affected person has at most one measure: replace it in place.
        for p in part.affected {
            let start = self.leaders.partition_point(|m| m.person < *p);
            let end = self.leaders.partition_point(|m| m.person <= *p);
            let run: Vec<OfficeMeasure> =
                fresh.iter().filter(|m| m.person == *p).cloned().collect();
            self.leaders.splice(start..end, run);
        }
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

/// The persons of `persons` and `rooms` findings that are over the standard: a 个人超标
/// finding, or a seat in a shared office over its occupants' rows (sorted, once each). The
/// scenario figure 个人超标 and best fit count these.
pub fn persons_over_in(persons: &[PersonFinding], rooms: &[RoomFinding]) -> Vec<usize> {
    let mut over: Vec<usize> = persons
        .iter()
        .filter(|f| f.kind == PersonFindingKind::OverStandard)
        .map(|f| f.person)
        .chain(
            rooms
                .iter()
                .filter(|f| f.kind == RoomFindingKind::SharedOfficeOver)
                .flat_map(|f| f.persons.iter().copied()),
        )
        .collect();
    over.sort_unstable();
    over.dedup();
    over
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
