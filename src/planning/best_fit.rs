//! Best fit (择优匹配): which idle rooms of a floor take a unit moved there on the stack plan,
//! and where its persons sit.
//!
//! # The rule
//!
//! The unit leaves every room it holds on the floor it leaves (its share of a shared room);
//! the persons of the unit listing those rooms go with it. Among the target floor's idle rooms
//! (闲置, held by no unit) the fit takes the set that, in this order:
//!
//! 1. keeps the unit **and** its persons within standard: fewest over, counting the unit as
//!    one (its verdict after the move, [`crate::analysis::compliance::UnitCompliance`]) and
//!    each moved person as one (个人超标 after the move) — both judged by the compliance check
//!    itself ([`Checked::preview`], [`Checked::persons_over`]);
//! 2. then has the fewest rooms;
//! 3. then the least surplus (the set's 使用面积 beyond the need).
//!
//! A set must reach the **need**: the area the unit holds on the floor it leaves, except that
//! the rooms its persons sit in are needed only up to the sum of those persons' rows (a
//! unit sitting in 60 m² with persons' rows summing to 48 needs 48); rooms nobody sits in
//! (an archive, a meeting room) are needed whole, and a person with no row in the standard
//! makes the rooms they sit in needed whole.
//!
//! # Seating
//!
//! Where the persons sit in the rooms chosen ([`seating`]), persons by row largest first
//! (ties by the order they were found in), rooms by area largest first:
//!
//! 1. **alone**: each person takes the largest free room their row alone allows (a 县级副职
//!    row of 24 m² takes a 24 m² room);
//! 2. **shared**: the remaining persons fill the remaining rooms, largest room first: a room
//!    takes persons (largest row first) until each one's share (area ÷ persons) is within the
//!    smallest row among them, or nobody is left;
//! 3. **the rest** join the room with the largest share per person after joining.
//!
//! A room left with nobody stays the unit's. Each moved person's rooms on the floor left
//! are replaced by the one room they are seated in (a leader's rest room or toilet does not
//! move with them: the fit gives offices); their rooms elsewhere stay.
//!
//! # The bound
//!
//! The search enumerates sets of `k` rooms for `k` from the fewest that can reach the need
//! to that plus [`EXTRA_ROOMS`], stopping after the first size that has a set with nobody
//! predicted over. Rooms of equal area (to 0.01 m²) are one choice, so a floor of identical
//! rooms costs no more than one of them; a branch that cannot reach the need, or cannot have
//! less surplus than a set already found with nobody over, is cut; and at most
//! [`MAX_NODES`] branches are visited in all (the largest rooms first, so the first set found
//! is the classic largest-first fill). Sets are ranked first by the seating's shares against
//! the persons' rows (the rows [`crate::standards::ProjectStandard::lookup`] gives the check,
//! compared by [`is_over`]); the best [`MAX_JUDGED`] are then judged by the compliance check,
//! which decides.

use super::checked::{Checked, PersonsOver};
use super::gesture::{Gesture, GestureError};
use crate::analysis::compliance::is_over;
use crate::model::{Date, RoomStatus, Uuid};
use crate::model::{Move, MoveKind};
use crate::standards::Placement;

/// Sets of up to this many rooms more than the fewest that reach the need are tried.
pub const EXTRA_ROOMS: usize = 2;
/// Branches of the search visited at most (a floor of 300 idle rooms of distinct areas).
pub const MAX_NODES: usize = 20_000;
/// Sets judged by the compliance check at most.
pub const MAX_JUDGED: usize = 16;

/// Areas closer than this are the same choice (half the 0.01 m² shown).
const SAME_AREA_M2: f64 = 0.005;

/// The rooms chosen and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// Target rooms, largest first.
    pub rooms: Vec<Uuid>,
    /// 使用面积 the unit needs (see the module's rule), m².
    pub need_m2: f64,
    /// 使用面积 of the chosen rooms, m².
    pub total_m2: f64,
    /// Idle rooms on the target floor.
    pub candidates: usize,
    /// Persons over the standard in the whole state, before → after the move.
    pub persons: PersonsOver,
    /// Whether the unit is over the standard after the move.
    pub unit_over: bool,
}

impl Fit {
    /// One line for the tooltip: how many rooms, their area, the need and the surplus (or
    /// the shortfall).
    pub fn reason(&self) -> String {
        // Rooms chosen by hand may fall short of the need: say by how much.
        if self.total_m2 < self.need_m2 - SAME_AREA_M2 {
            return crate::t!(
                "planning.fit_short",
                rooms = self.rooms.len(),
                total = format!("{:.2}", self.total_m2),
                need = format!("{:.2}", self.need_m2),
                short = format!("{:.2}", self.need_m2 - self.total_m2)
            )
            .into_owned();
        }
        crate::t!(
            "planning.fit_reason",
            rooms = self.rooms.len(),
            total = format!("{:.2}", self.total_m2),
            need = format!("{:.2}", self.need_m2),
            surplus = format!("{:.2}", self.total_m2 - self.need_m2),
            candidates = self.candidates
        )
        .into_owned()
    }

    /// Persons over the standard before → after (个人超标 9 → 13), and of the persons moved,
    /// how many would be over.
    pub fn persons_line(&self) -> String {
        crate::t!(
            "planning.fit_persons",
            before = self.persons.before,
            after = self.persons.after,
            moved = self.persons.seated_over.len()
        )
        .into_owned()
    }
}

/// Where persons sit in rooms: `rows[p]` is person `p`'s row (m², `f64::INFINITY` for a
/// person without one), `areas[r]` room `r`'s 使用面积; the answer's `[p]` is the room of
/// person `p`. The module's seating rule.
///
/// ```
/// use officeplan::planning::best_fit::seating;
/// // 县级副职 24 m² and two 副科级 12 m² (2014 county column) in two 24 m² rooms: the
/// // 县级副职 alone, the two 副科级 share the other room (12 m² each).
/// assert_eq!(seating(&[12.0, 24.0, 12.0], &[24.0, 24.0]), vec![1, 0, 1]);
/// // In one 60 m² room all three share it (20 m² each).
/// assert_eq!(seating(&[12.0, 24.0, 12.0], &[60.0]), vec![0, 0, 0]);
/// ```
pub fn seating(rows: &[f64], areas: &[f64]) -> Vec<usize> {
    let mut seat: Vec<Option<usize>> = vec![None; rows.len()];
    if areas.is_empty() {
        return Vec::new();
    }
    let mut persons: Vec<usize> = (0..rows.len()).collect();
    persons.sort_by(|a, b| row_of(rows, *b).total_cmp(&row_of(rows, *a)));
    let mut rooms: Vec<usize> = (0..areas.len()).collect();
    rooms.sort_by(|a, b| area_of(areas, *b).total_cmp(&area_of(areas, *a)));
    let mut count = vec![0usize; areas.len()];
    // 1. Alone: the largest free room the person's row allows.
    for &p in &persons {
        let row = row_of(rows, p);
        if let Some(&r) = rooms
            .iter()
            .find(|r| count.get(**r) == Some(&0) && !is_over(area_of(areas, **r), row))
        {
            set(&mut seat, p, r);
            bump(&mut count, r);
        }
    }
    // 2. Shared: each room still empty takes persons until their shares are within.
    let alone: Vec<usize> = persons
        .iter()
        .copied()
        .filter(|p| seat.get(*p) == Some(&None))
        .collect();
    let mut waiting = alone.into_iter().peekable();
    for &r in &rooms {
        if count.get(r) != Some(&0) {
            continue;
        }
        let mut smallest = f64::INFINITY;
        while let Some(p) = waiting.next() {
            set(&mut seat, p, r);
            bump(&mut count, r);
            smallest = smallest.min(row_of(rows, p));
            let share = area_of(areas, r) / count.get(r).copied().unwrap_or(1) as f64;
            if !is_over(share, smallest) || waiting.peek().is_none() {
                break;
            }
        }
    }
    // 3. The rest: where the share per person after joining is largest.
    for p in waiting {
        let share =
            |r: &usize| area_of(areas, *r) / (count.get(*r).copied().unwrap_or(0) + 1) as f64;
        if let Some(&r) = rooms.iter().max_by(|a, b| share(a).total_cmp(&share(b))) {
            set(&mut seat, p, r);
            bump(&mut count, r);
        }
    }
    seat.into_iter().map(|s| s.unwrap_or(0)).collect()
}

fn row_of(rows: &[f64], p: usize) -> f64 {
    rows.get(p).copied().unwrap_or(f64::INFINITY)
}

fn area_of(areas: &[f64], r: usize) -> f64 {
    areas.get(r).copied().unwrap_or(0.0)
}

fn set(seat: &mut [Option<usize>], p: usize, r: usize) {
    if let Some(s) = seat.get_mut(p) {
        *s = Some(r);
    }
}

fn bump(count: &mut [usize], r: usize) {
    if let Some(n) = count.get_mut(r) {
        *n += 1;
    }
}

/// How many persons the seating puts over their rows (the search's prediction).
fn predicted_over(rows: &[f64], areas: &[f64]) -> usize {
    let seats = seating(rows, areas);
    let mut count = vec![0usize; areas.len()];
    for r in &seats {
        bump(&mut count, *r);
    }
    seats
        .iter()
        .enumerate()
        .filter(|(p, r)| {
            let share = area_of(areas, **r) / count.get(**r).copied().unwrap_or(1).max(1) as f64;
            is_over(share, row_of(rows, *p))
        })
        .count()
}

/// One set found by the search: (predicted persons over, rooms, surplus, positions).
type Found = (usize, usize, f64, Vec<usize>);

/// The bounded search over candidate areas (sorted largest first).
struct Search<'a> {
    areas: &'a [f64],
    rows: &'a [f64],
    need: f64,
    /// `prefix[i]`: the sum of `areas[..i]`.
    prefix: Vec<f64>,
    nodes: usize,
    found: Vec<Found>,
    /// The least surplus of a set with nobody predicted over.
    clean_surplus: Option<f64>,
}

impl Search<'_> {
    /// The sum of the `n` smallest areas (the last `n`).
    fn tail(&self, n: usize) -> f64 {
        let len = self.areas.len();
        let all = self.prefix.get(len).copied().unwrap_or(0.0);
        all - self
            .prefix
            .get(len.saturating_sub(n))
            .copied()
            .unwrap_or(0.0)
    }

    fn run(&mut self, left: usize, start: usize, total: f64, chosen: &mut Vec<usize>) {
        if left == 0 {
            self.leaf(total, chosen);
            return;
        }
        let n = self.areas.len();
        let mut i = start;
        while i + left <= n {
            if self.nodes >= MAX_NODES {
                return;
            }
            self.nodes += 1;
            let area = area_of(self.areas, i);
            if i > start && (area_of(self.areas, i - 1) - area).abs() < SAME_AREA_M2 {
                i += 1;
                continue;
            }
            // The most this branch can reach: this room and the next largest.
            let most = self.prefix.get(i + left).copied().unwrap_or(0.0)
                - self.prefix.get(i).copied().unwrap_or(0.0);
            if total + most < self.need - SAME_AREA_M2 {
                // Later rooms are smaller still.
                return;
            }
            let least = total + area + self.tail(left - 1);
            if self
                .clean_surplus
                .is_some_and(|best| least - self.need > best + SAME_AREA_M2)
            {
                i += 1;
                continue;
            }
            chosen.push(i);
            self.run(left - 1, i + 1, total + area, chosen);
            chosen.pop();
            i += 1;
        }
    }

    fn leaf(&mut self, total: f64, chosen: &[usize]) {
        if total < self.need - SAME_AREA_M2 {
            return;
        }
        let areas: Vec<f64> = chosen.iter().map(|i| area_of(self.areas, *i)).collect();
        let over = predicted_over(self.rows, &areas);
        let surplus = total - self.need;
        if over == 0 {
            self.clean_surplus = Some(self.clean_surplus.map_or(surplus, |s| s.min(surplus)));
        }
        let entry: Found = (over, chosen.len(), surplus, chosen.to_vec());
        let at = self.found.partition_point(|f| rank(f, &entry).is_le());
        if at < MAX_JUDGED {
            self.found.insert(at, entry);
            self.found.truncate(MAX_JUDGED);
        }
    }
}

fn rank(a: &Found, b: &Found) -> std::cmp::Ordering {
    a.0.cmp(&b.0)
        .then(a.1.cmp(&b.1))
        .then(a.2.total_cmp(&b.2))
        .then(a.3.cmp(&b.3))
}

/// Sets of positions into `areas` (sorted largest first) that reach `need`, the most
/// promising first, at most [`MAX_JUDGED`]; `rows` are the persons to seat. The module's
/// bounded search.
///
/// ```
/// use officeplan::planning::best_fit::candidate_sets;
/// // Need 48 m² for 县级副职 (24) + 2 × 副科级 (12): one 60 m² room or two of 24 m².
/// let sets = candidate_sets(&[60.0, 24.0, 24.0], &[24.0, 12.0, 12.0], 48.0);
/// assert_eq!(sets.first(), Some(&vec![1, 2]));
/// ```
pub fn candidate_sets(areas: &[f64], rows: &[f64], need: f64) -> Vec<Vec<usize>> {
    let mut prefix = Vec::with_capacity(areas.len() + 1);
    prefix.push(0.0);
    for a in areas {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + a);
    }
    let mut search = Search {
        areas,
        rows,
        need,
        prefix,
        nodes: 0,
        found: Vec::new(),
        clean_surplus: None,
    };
    // The fewest rooms that can reach the need: the largest first.
    let fewest = search
        .prefix
        .iter()
        .position(|s| *s >= need - SAME_AREA_M2)
        .unwrap_or(areas.len() + 1)
        .max(1);
    if fewest > areas.len() {
        return Vec::new();
    }
    for k in fewest..=(fewest + EXTRA_ROOMS).min(areas.len()) {
        search.run(k, 0, 0.0, &mut Vec::with_capacity(k));
        if search.found.first().is_some_and(|f| f.0 == 0) || search.nodes >= MAX_NODES {
            break;
        }
    }
    search.found.into_iter().map(|f| f.3).collect()
}

/// What a unit takes with it from the floor it leaves.
struct Leaving {
    /// (room index, the unit's share of its area), largest first.
    sources: Vec<(usize, f64)>,
    /// (person index, row m² or ∞, the source rooms they list).
    persons: Vec<(usize, f64, Vec<Uuid>)>,
    need: f64,
}

fn leaving(checked: &Checked, unit: Uuid, from_floor: &Uuid) -> Result<Leaving, GestureError> {
    let Some(unit_index) = checked.compliance.ledger.position(&unit) else {
        return Err(GestureError::UnknownUnit { unit });
    };
    let placement = checked
        .project
        .units
        .get(unit_index)
        .map(|u| Placement::in_list(u, &checked.project.units));
    let rooms = &checked.project.rooms;
    let mut sources: Vec<(usize, f64)> = checked
        .rooms_on(from_floor)
        .iter()
        .filter(|i| rooms.get(**i).is_some_and(|r| r.units.contains(&unit)))
        .map(|i| {
            let n = rooms.get(*i).map_or(1, |r| r.units.len().max(1));
            (*i, checked.area(*i) / n as f64)
        })
        .collect();
    if sources.is_empty() {
        return Err(GestureError::NoChange);
    }
    sources.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut persons: Vec<(usize, f64, Vec<Uuid>)> = Vec::new();
    let (mut seated_m2, mut empty_m2) = (0.0, 0.0);
    for (room, share) in &sources {
        let mut anyone = false;
        for p in checked.persons_in_room(*room) {
            let Some(person) = checked.project.persons.get(*p) else {
                continue;
            };
            if person.unit != unit {
                continue;
            }
            anyone = true;
            let Some(uuid) = rooms.get(*room).map(|r| r.uuid) else {
                continue;
            };
            match persons.iter_mut().find(|(q, _, _)| q == p) {
                Some((_, _, listed)) => listed.push(uuid),
                None => {
                    // The row the check reads for the person.
                    let row = placement
                        .and_then(|pl| {
                            checked
                                .standard
                                .lookup(pl, checked.standard.grade_of(person))
                        })
                        .map_or(f64::INFINITY, |m| m.row.area_m2);
                    persons.push((*p, row, vec![uuid]));
                }
            }
        }
        if anyone {
            seated_m2 += share;
        } else {
            empty_m2 += share;
        }
    }
    let rows: f64 = persons.iter().map(|(_, r, _)| r).sum();
    Ok(Leaving {
        need: empty_m2 + seated_m2.min(rows),
        sources,
        persons,
    })
}

/// The idle rooms of a floor a unit can be moved into (闲置, held by no unit), largest first.
pub fn idle_rooms(checked: &Checked, floor: &Uuid) -> Vec<usize> {
    let rooms = &checked.project.rooms;
    let mut idle: Vec<usize> = checked
        .rooms_on(floor)
        .iter()
        .copied()
        .filter(|i| {
            rooms
                .get(*i)
                .is_some_and(|r| r.status == RoomStatus::Idle && r.units.is_empty())
        })
        .collect();
    idle.sort_by(|a, b| checked.area(*b).total_cmp(&checked.area(*a)).then(a.cmp(b)));
    idle
}

/// The move of `unit` from its rooms on the floor it leaves into `targets` (room indices),
/// seated by the module's rule, and how it fares.
fn move_into(
    checked: &Checked,
    today: &Date,
    unit: Uuid,
    leaving: &Leaving,
    targets: &[usize],
    candidates: usize,
) -> Result<(Move, Fit), GestureError> {
    let rooms = &checked.project.rooms;
    let uuid = |i: usize| {
        rooms
            .get(i)
            .map(|r| r.uuid)
            .ok_or(GestureError::UnknownRoom { room: Uuid::nil() })
    };
    let mut targets = targets.to_vec();
    targets.sort_by(|a, b| checked.area(*b).total_cmp(&checked.area(*a)).then(a.cmp(b)));
    let mut g = Gesture::new(checked, today.clone());
    for (s, _) in &leaving.sources {
        let from = uuid(*s)?;
        let left: Vec<Uuid> = g
            .units_of(&from)?
            .into_iter()
            .filter(|u| *u != unit)
            .collect();
        g.set_units(&from, left)?;
    }
    for t in &targets {
        g.set_units(&uuid(*t)?, vec![unit])?;
    }
    let rows: Vec<f64> = leaving.persons.iter().map(|(_, r, _)| *r).collect();
    let areas: Vec<f64> = targets.iter().map(|t| checked.area(*t)).collect();
    let seats = seating(&rows, &areas);
    for ((p, _, listed), r) in leaving.persons.iter().zip(&seats) {
        let (Some(person), Some(to)) = (checked.project.persons.get(*p), targets.get(*r)) else {
            continue;
        };
        g.reseat(&person.uuid, listed, &uuid(*to)?)?;
    }
    let m = g.finish(MoveKind::Relocate, Some(unit), None)?;
    let unit_over = checked
        .preview(&m)
        .iter()
        .find(|p| {
            checked
                .project
                .units
                .get(p.unit)
                .is_some_and(|u| u.uuid == unit)
        })
        .is_some_and(|p| p.after.over);
    let fit = Fit {
        rooms: targets.iter().filter_map(|i| uuid(*i).ok()).collect(),
        need_m2: leaving.need,
        total_m2: areas.iter().sum(),
        candidates,
        persons: checked.persons_over(&m),
        unit_over,
    };
    Ok((m, fit))
}

/// Moves `unit`'s rooms on `from_floor` to the best-fitting idle rooms of `to_floor` (the
/// module's rule): the rooms it leaves become idle, its persons are seated in the new rooms.
pub fn relocate(
    checked: &Checked,
    today: Date,
    unit: Uuid,
    from_floor: &Uuid,
    to_floor: &Uuid,
) -> Result<(Move, Fit), GestureError> {
    if from_floor == to_floor {
        checked
            .compliance
            .ledger
            .position(&unit)
            .ok_or(GestureError::UnknownUnit { unit })?;
        return Err(GestureError::NoChange);
    }
    let leaving = leaving(checked, unit, from_floor)?;
    let candidates = idle_rooms(checked, to_floor);
    let areas: Vec<f64> = candidates.iter().map(|i| checked.area(*i)).collect();
    let rows: Vec<f64> = leaving.persons.iter().map(|(_, r, _)| *r).collect();
    let sets = candidate_sets(&areas, &rows, leaving.need);
    let mut best: Option<((usize, usize, f64), Move, Fit)> = None;
    for set in sets {
        let targets: Vec<usize> = set
            .iter()
            .filter_map(|k| candidates.get(*k).copied())
            .collect();
        let (m, fit) = move_into(checked, &today, unit, &leaving, &targets, candidates.len())?;
        let key = (
            usize::from(fit.unit_over) + fit.persons.seated_over.len(),
            fit.rooms.len(),
            fit.total_m2 - fit.need_m2,
        );
        let better = best.as_ref().is_none_or(|(k, _, _)| {
            key.0
                .cmp(&k.0)
                .then(key.1.cmp(&k.1))
                .then(key.2.total_cmp(&k.2))
                .is_lt()
        });
        if better {
            best = Some((key, m, fit));
        }
    }
    best.map(|(_, m, fit)| (m, fit))
        .ok_or(GestureError::NotEnoughIdle {
            need: leaving.need,
            available: areas.iter().sum(),
        })
}

/// Moves `unit`'s rooms on `from_floor` into rooms the planner chose (`to_rooms`, idle rooms
/// of any floor), with its persons seated by the module's rule. A room another unit holds
/// is refused ([`GestureError::Occupied`]), as is one rented out, lent out or awaiting
/// disposal.
pub fn relocate_into(
    checked: &Checked,
    today: Date,
    unit: Uuid,
    from_floor: &Uuid,
    to_rooms: &[Uuid],
) -> Result<(Move, Fit), GestureError> {
    let leaving = leaving(checked, unit, from_floor)?;
    let mut targets = Vec::with_capacity(to_rooms.len());
    for room in to_rooms {
        let i = checked
            .room_index(room)
            .ok_or(GestureError::UnknownRoom { room: *room })?;
        if leaving.sources.iter().any(|(s, _)| *s == i) {
            return Err(GestureError::NoChange);
        }
        // A room another unit holds is not taken from it here (the plan's drop asks).
        if let Some(r) = checked.project.rooms.get(i)
            && r.units.iter().any(|u| *u != unit)
        {
            return Err(GestureError::Occupied {
                number: r.number.clone(),
            });
        }
        targets.push(i);
    }
    if targets.is_empty() {
        return Err(GestureError::NoChange);
    }
    move_into(checked, &today, unit, &leaving, &targets, to_rooms.len())
}

#[cfg(test)]
#[path = "best_fit_tests.rs"]
mod tests;
