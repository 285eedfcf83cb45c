//! Areas each unit uses (实际使用面积), kept as aggregates that change by delta when a room
//! changes hands, so that moving a unit updates its numbers in microseconds (issue #5).
//! [`UnitLedger::build`] is the full recompute and the oracle of the deltas.
//!
//! A room shared by n units counts 1/n of its area to each. Rooms whose status is 在用 or 维修
//! count as used; idle, rented-out, lent-out and disposal rooms are kept apart by status.

use crate::model::{Coded as _, Project, Room, RoomCategory, RoomStatus, Unit, Uuid};

const CATEGORIES: usize = RoomCategory::COUNT;
const STATUSES: usize = RoomStatus::COUNT;

/// Whether a room of this status is part of a unit's used area (在用, 维修).
///
/// ```
/// use officeplan::model::RoomStatus;
/// use officeplan::analysis::unit_use::counts_as_used;
/// assert!(counts_as_used(RoomStatus::Repair));
/// assert!(!counts_as_used(RoomStatus::Idle));
/// ```
pub fn counts_as_used(status: RoomStatus) -> bool {
    matches!(status, RoomStatus::InUse | RoomStatus::Repair)
}

/// The areas one unit holds: 使用面积 and estimated 建筑面积, by category × status (m²).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UnitUse {
    usable: [[f64; STATUSES]; CATEGORIES],
    gross: [[f64; STATUSES]; CATEGORIES],
}

impl UnitUse {
    /// Adds (or, with negative areas, takes away) area of a category in a status.
    pub fn add(
        &mut self,
        category: RoomCategory,
        status: RoomStatus,
        usable_m2: f64,
        gross_m2: f64,
    ) {
        let (c, s) = (category.index(), status.index());
        if let Some(cell) = self.usable.get_mut(c).and_then(|row| row.get_mut(s)) {
            *cell += usable_m2;
        }
        if let Some(cell) = self.gross.get_mut(c).and_then(|row| row.get_mut(s)) {
            *cell += gross_m2;
        }
    }

    fn sum(matrix: &[[f64; STATUSES]; CATEGORIES], category: RoomCategory) -> f64 {
        matrix.get(category.index()).map_or(0.0, |row| {
            RoomStatus::ALL
                .iter()
                .zip(row)
                .filter(|(s, _)| counts_as_used(**s))
                .map(|(_, a)| *a)
                .sum()
        })
    }

    /// Used 使用面积 of a category (rooms 在用 or 维修).
    pub fn used_m2(&self, category: RoomCategory) -> f64 {
        Self::sum(&self.usable, category)
    }

    /// Used 建筑面积 of a category, estimated (see [`crate::analysis::gross`]).
    pub fn used_gross_m2(&self, category: RoomCategory) -> f64 {
        Self::sum(&self.gross, category)
    }

    /// 使用面积 of one category in one status.
    pub fn usable_m2(&self, category: RoomCategory, status: RoomStatus) -> f64 {
        self.usable
            .get(category.index())
            .and_then(|row| row.get(status.index()))
            .copied()
            .unwrap_or(0.0)
    }

    /// 使用面积 of all categories in one status (e.g. the unit's idle area).
    pub fn status_m2(&self, status: RoomStatus) -> f64 {
        RoomCategory::ALL
            .iter()
            .map(|c| self.usable_m2(*c, status))
            .sum()
    }
}

/// What a room contributes: its units, category, status and areas.
#[derive(Clone, Copy, Debug)]
pub struct RoomShare<'a> {
    pub units: &'a [Uuid],
    pub category: RoomCategory,
    pub status: RoomStatus,
    /// 使用面积, from [`crate::analysis::room_area`].
    pub usable_m2: f64,
    /// 建筑面积 estimate.
    pub gross_m2: f64,
}

impl<'a> RoomShare<'a> {
    /// A room's contribution with its areas.
    pub fn of(room: &'a Room, usable_m2: f64, gross_m2: f64) -> Self {
        Self {
            units: &room.units,
            category: room.category,
            status: room.status,
            usable_m2,
            gross_m2,
        }
    }
}

/// Every unit's [`UnitUse`], plus the rooms no unit holds (公共用房).
#[derive(Clone, Debug, Default)]
pub struct UnitLedger {
    index: foldhash::HashMap<Uuid, usize>,
    units: Vec<UnitUse>,
    common: UnitUse,
    unknown: UnitUse,
    /// The last unit looked up: rooms come floor by floor, in long runs of one unit.
    last: Option<(Uuid, usize)>,
}

impl UnitLedger {
    /// An empty ledger for these units (index `i` is `units[i]`).
    pub fn new(units: &[Unit]) -> Self {
        Self {
            index: units.iter().enumerate().map(|(i, u)| (u.uuid, i)).collect(),
            units: vec![UnitUse::default(); units.len()],
            common: UnitUse::default(),
            unknown: UnitUse::default(),
            last: None,
        }
    }

    /// The full recompute: every room of the project, with `areas[i]` the 使用面积 of
    /// `project.rooms[i]` and `gross(i)` its 建筑面积 estimate.
    pub fn build(project: &Project, areas: &[f64], mut gross: impl FnMut(usize) -> f64) -> Self {
        let mut ledger = Self::new(&project.units);
        for (i, (room, area)) in project.rooms.iter().zip(areas).enumerate() {
            ledger.add_room(&RoomShare::of(room, *area, gross(i)));
        }
        ledger
    }

    fn apply(&mut self, room: &RoomShare<'_>, sign: f64) {
        if room.units.is_empty() {
            self.common.add(
                room.category,
                room.status,
                sign * room.usable_m2,
                sign * room.gross_m2,
            );
            return;
        }
        let n = room.units.len() as f64;
        let (usable, gross) = (sign * room.usable_m2 / n, sign * room.gross_m2 / n);
        for unit in room.units {
            let index = match self.last {
                Some((last, i)) if last == *unit => Some(i),
                _ => {
                    let found = self.index.get(unit).copied();
                    self.last = found.map(|i| (*unit, i));
                    found
                }
            };
            index
                .and_then(|i| self.units.get_mut(i))
                .unwrap_or(&mut self.unknown)
                .add(room.category, room.status, usable, gross);
        }
    }

    /// Adds a room's share to each of its units (1/n each for n units).
    pub fn add_room(&mut self, room: &RoomShare<'_>) {
        self.apply(room, 1.0);
    }

    /// Takes a room's share away again (call with the room as it was added).
    pub fn remove_room(&mut self, room: &RoomShare<'_>) {
        self.apply(room, -1.0);
    }

    /// Moves a room from its units to `to_units`. The caller then re-evaluates the compliance
    /// of the units involved ([`crate::analysis::compliance::UnitCompliance::evaluate`]).
    ///
    /// ```
    /// # use officeplan::model::*;
    /// # use officeplan::analysis::unit_use::{RoomShare, UnitLedger};
    /// # fn unit(n: u128) -> Unit { Unit { uuid: Uuid::from_u128(n), name: String::new(),
    /// #     organ_category: OrganCategory::County, kind: UnitKind::Organ, parent: None,
    /// #     posts: Default::default(), service_posts: 0, headcount: 0, note: String::new(),
    /// #     rank_step: None, region: None } }
    /// let units = [unit(1), unit(2)];
    /// let mut ledger = UnitLedger::new(&units);
    /// let (a, b) = ([units[0].uuid], [units[1].uuid]);
    /// let room = RoomShare { units: &a, category: RoomCategory::Office,
    ///     status: RoomStatus::InUse, usable_m2: 19.04, gross_m2: 30.22 };
    /// ledger.add_room(&room);
    /// ledger.move_room(&room, &b);
    /// assert_eq!(ledger.unit(0).unwrap().used_m2(RoomCategory::Office), 0.0);
    /// assert_eq!(ledger.unit(1).unwrap().used_m2(RoomCategory::Office), 19.04);
    /// ```
    pub fn move_room(&mut self, room: &RoomShare<'_>, to_units: &[Uuid]) {
        self.remove_room(room);
        self.add_room(&RoomShare {
            units: to_units,
            ..*room
        });
    }

    /// The areas of the unit at index `i` of the project's units.
    pub fn unit(&self, i: usize) -> Option<&UnitUse> {
        self.units.get(i)
    }

    /// The index of a unit.
    pub fn position(&self, unit: &Uuid) -> Option<usize> {
        self.index.get(unit).copied()
    }

    /// Rooms that no unit holds (公共用房: shared meeting rooms, plant, canteen …).
    pub fn common(&self) -> &UnitUse {
        &self.common
    }

    /// Rooms naming a unit that is not in the project (should be empty).
    pub fn unknown(&self) -> &UnitUse {
        &self.unknown
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the ledger has no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrganCategory, UnitKind};
    use proptest::prelude::*;

    fn unit(n: u128) -> Unit {
        Unit {
            region: None,
            uuid: Uuid::from_u128(n),
            name: format!("unit {n}"),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: Default::default(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
            rank_step: None,
        }
    }

    #[test]
    fn a_shared_room_counts_one_nth_to_each_unit() {
        // A 39.20 m² meeting room (7.0 × 5.6) shared by two units: 19.60 m² each.
        let units = [unit(1), unit(2)];
        let mut ledger = UnitLedger::new(&units);
        let both = [units[0].uuid, units[1].uuid];
        ledger.add_room(&RoomShare {
            units: &both,
            category: RoomCategory::Service,
            status: RoomStatus::InUse,
            usable_m2: 39.2,
            gross_m2: 39.2 / 0.63,
        });
        for i in 0..2 {
            let used = ledger.unit(i).unwrap();
            assert!((used.used_m2(RoomCategory::Service) - 19.6).abs() < 1e-12);
            assert!((used.used_gross_m2(RoomCategory::Service) - 19.6 / 0.63).abs() < 1e-12);
        }
    }

    #[test]
    fn idle_rooms_are_kept_apart_from_use() {
        let units = [unit(1)];
        let mut ledger = UnitLedger::new(&units);
        let one = [units[0].uuid];
        for (status, area) in [
            (RoomStatus::InUse, 20.0),
            (RoomStatus::Repair, 5.0),
            (RoomStatus::Idle, 15.64),
        ] {
            ledger.add_room(&RoomShare {
                units: &one,
                category: RoomCategory::Office,
                status,
                usable_m2: area,
                gross_m2: area,
            });
        }
        let used = ledger.unit(0).unwrap();
        assert_eq!(used.used_m2(RoomCategory::Office), 25.0);
        assert_eq!(used.status_m2(RoomStatus::Idle), 15.64);
        ledger.add_room(&RoomShare {
            units: &[],
            category: RoomCategory::Equipment,
            status: RoomStatus::InUse,
            usable_m2: 32.2,
            gross_m2: 32.2,
        });
        assert_eq!(ledger.common().used_m2(RoomCategory::Equipment), 32.2);
    }

    proptest! {
        /// Any sequence of moves applied by delta equals a full recompute of the end state.
        #[test]
        fn deltas_equal_a_full_recompute(
            start in prop::collection::vec((0usize..4, 0usize..4, 1.0f64..60.0, 0usize..5, 0usize..6), 1..40),
            moves in prop::collection::vec((0usize..40, 0usize..4, 0usize..4), 0..60),
        ) {
            let units: Vec<Unit> = (1..=3).map(unit).collect();
            // Room i: units chosen by (a, b) (index 3 = none), area, category, status.
            let pick = |a: usize, b: usize| -> Vec<Uuid> {
                let mut v: Vec<Uuid> = [a, b].iter().filter(|i| **i < 3).map(|i| units[*i].uuid).collect();
                v.dedup();
                v
            };
            let mut rooms: Vec<(Vec<Uuid>, f64, RoomCategory, RoomStatus)> = start
                .iter()
                .map(|(a, b, area, c, s)| (pick(*a, *b), *area, RoomCategory::ALL[*c], RoomStatus::ALL[*s]))
                .collect();
            let share = |r: &(Vec<Uuid>, f64, RoomCategory, RoomStatus)| -> (f64, f64) { (r.1, r.1 / 0.65) };
            let mut ledger = UnitLedger::new(&units);
            for r in &rooms {
                let (u, g) = share(r);
                ledger.add_room(&RoomShare { units: &r.0, category: r.2, status: r.3, usable_m2: u, gross_m2: g });
            }
            for (i, a, b) in moves {
                let n = rooms.len();
                let r = &mut rooms[i % n];
                let (u, g) = share(r);
                let to = pick(a, b);
                ledger.move_room(&RoomShare { units: &r.0, category: r.2, status: r.3, usable_m2: u, gross_m2: g }, &to);
                r.0 = to;
            }
            let mut oracle = UnitLedger::new(&units);
            for r in &rooms {
                let (u, g) = share(r);
                oracle.add_room(&RoomShare { units: &r.0, category: r.2, status: r.3, usable_m2: u, gross_m2: g });
            }
            for i in 0..units.len() {
                let (a, b) = (ledger.unit(i).unwrap(), oracle.unit(i).unwrap());
                for c in RoomCategory::ALL {
                    prop_assert!((a.used_m2(*c) - b.used_m2(*c)).abs() < 1e-9);
                    prop_assert!((a.used_gross_m2(*c) - b.used_gross_m2(*c)).abs() < 1e-9);
                    for s in RoomStatus::ALL {
                        prop_assert!((a.usable_m2(*c, *s) - b.usable_m2(*c, *s)).abs() < 1e-9);
                    }
                }
            }
            for c in RoomCategory::ALL {
                prop_assert!((ledger.common().used_m2(*c) - oracle.common().used_m2(*c)).abs() < 1e-9);
            }
        }
    }
}
