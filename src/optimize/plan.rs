//! 智能调剂: the planner's goals and rules made into the assignment model ([`super::engine`]),
//! solved, checked by the compliance check itself, and turned into an ordinary scenario of
//! moves, each with its reason.
//!
//! # What is placed
//!
//! * **Persons** (space = the row the check reads for them): those seated in a room to be
//!   vacated; with *within standard*, every person of a unit over the standard, or sitting
//!   over it, may move (staying costs nothing); a unit to place brings its persons without an
//!   office — or, for a unit with no persons recorded yet, one place per approved post.
//! * **Rooms a unit takes with it**: a vacated room nobody sits in (an archive, a meeting
//!   room, a rest room) goes whole to an idle room of the same category, or to an idle
//!   办公室, at least [`ROOM_ITEM_MIN_SHARE`] of its area; the room it takes counts in the
//!   unit's areas by that room's own category (as the check counts it).
//!
//! Leaders — persons of 乡科级正职 and above ([`is_leader`]) — sit alone, unless switched off.
//!
//! # Into which rooms
//!
//! Idle rooms (闲置, held by no unit) outside the rooms to vacate, not locked, and — for
//! persons, unless switched off — of the 办公室 category; and the rooms the movable persons
//! sit in now. A room holds one unit. A used office's area is within the sum of its
//! occupants' rows (the check's shared-office rule; a room alone is within its occupant's
//! row), and its occupants get at least [`MIN_SHARE`] of their rows (no crowding). A room that
//! is over the standard now may stay so, but nobody may be moved into it.
//!
//! # In what order of importance
//!
//! 1. nobody newly over the standard (hard); with *within standard*, the fewest rooms and
//!    units over;
//! 2. the fewest units moved; 3. the fewest persons moved; 4. the fewest rooms changed (rooms
//!    taken or given back); 5. the fewest buildings and floors per unit; 6. the least idle
//!    area left in the buildings kept.
//!
//! Each level's weight is larger than the most all later levels can add up to, so the
//! solver's proven optimum is the lexicographic one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::engine::{self, Entity, GroupLimit, Outcome, Problem, Rule, Slot, SolveOptions, Status};
use crate::analysis::compliance::is_over;
use crate::model::{Date, Move, MoveKind, PersonStatus, RoomCategory, RoomStatus, Uuid};
use crate::planning::Checked;
use crate::planning::gesture::{Gesture, GestureError};
use crate::planning::move_list::Places;
use crate::planning::tally::Kpis;
use crate::standards::Placement;

/// A moved person gets at least this share of their row (no crowding).
pub const MIN_SHARE: f64 = 0.6;
/// A room taken whole goes to a room at least this share of its area.
pub const ROOM_ITEM_MIN_SHARE: f64 = 0.5;
/// Travellers first look at the nearest buildings with this many times the idle area they
/// need; if that is infeasible, twice as far, then everywhere.
pub const REACH: [Option<f64>; 3] = [Some(2.0), Some(4.0), None];

/// What the planner asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Goals {
    pub vacate_buildings: Vec<Uuid>,
    pub vacate_floors: Vec<Uuid>,
    pub place_units: Vec<Uuid>,
    pub within_standard: bool,
}

impl Goals {
    pub fn is_empty(&self) -> bool {
        self.vacate_buildings.is_empty()
            && self.vacate_floors.is_empty()
            && self.place_units.is_empty()
            && !self.within_standard
    }
}

/// The rules, each switchable.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Persons go to 办公室-category rooms only.
    pub office_rooms_only: bool,
    /// A unit's 办公室 and 服务用房 within its approved areas.
    pub unit_area: bool,
    /// Each person within their row (a shared office within the sum of its occupants').
    pub person_rows: bool,
    /// Persons whose row is 副处级 (or a 县级 leader) and above alone in their office.
    pub leaders_single: bool,
    /// A unit in one building.
    pub keep_together: bool,
    pub locked_rooms: Vec<Uuid>,
    pub locked_units: Vec<Uuid>,
    /// Units allowed in more than one building even with `keep_together` (a relaxation).
    pub split_allowed: Vec<Uuid>,
    /// Units that may stay in the rooms to vacate (a relaxation).
    pub may_stay: Vec<Uuid>,
    /// Only these units are in the model (a part of a decomposed run); empty: all.
    pub only_units: Vec<Uuid>,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            office_rooms_only: true,
            unit_area: true,
            person_rows: true,
            leaders_single: true,
            keep_together: false,
            locked_rooms: Vec::new(),
            locked_units: Vec::new(),
            split_allowed: Vec::new(),
            may_stay: Vec::new(),
            only_units: Vec::new(),
        }
    }
}

/// A run of the optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub goals: Goals,
    pub rules: Rules,
    pub time_limit: Duration,
}

impl Default for Request {
    fn default() -> Self {
        Self {
            goals: Goals::default(),
            rules: Rules::default(),
            time_limit: Duration::from_secs(10),
        }
    }
}

/// The objective's terms in the solution found.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Terms {
    pub units_over: usize,
    pub units_moved: usize,
    pub persons_moved: usize,
    pub rooms_changed: usize,
    /// Σ over moved units of buildings (and floors) used beyond the first.
    pub extra_buildings: usize,
    pub extra_floors: usize,
    /// Idle 使用面积 left in the rooms the model could use, m².
    pub idle_left_m2: f64,
}

/// Why there is no solution, and what would make one.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Explanation {
    pub unit: Uuid,
    pub unit_name: String,
    /// Persons (or rooms) of the unit that found no place.
    pub unplaced: usize,
    /// Their need, m² 使用面积 (rows of the persons, area of the rooms).
    pub missing_m2: f64,
    /// Idle office area the unit could use under the rules, m².
    pub available_m2: f64,
    pub text: String,
    /// A relaxation that was run and works, if one was found.
    pub relaxation: Option<Relaxation>,
}

/// A change of the request that makes it feasible (checked by running it).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Relaxation {
    pub text: String,
    #[serde(skip)]
    pub request: Box<RequestOnly>,
    pub moves: usize,
}

/// The request of a relaxation (kept out of the JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestOnly(pub Request);

/// The answer.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanResult {
    pub status: Status,
    pub terms: Terms,
    pub objective: f64,
    pub gap: f64,
    pub seconds: f64,
    pub moves: Vec<Move>,
    /// Texts of the constraints that bind (a unit's approved area used up …).
    pub binding: Vec<String>,
    pub explanation: Option<Explanation>,
    /// When the candidate rooms were cut down to keep the model small, how.
    pub decomposition: Option<String>,
    pub before: Kpis,
    /// The figures after the moves, from the compliance check itself.
    pub after: Kpis,
    /// Units and persons over after the moves that were not before (should be none).
    pub new_units_over: Vec<String>,
    pub new_persons_over: Vec<String>,
    pub columns: usize,
    pub rows: usize,
    pub cancelled: bool,
    /// The main objective (nobody newly over, units, persons and rooms moved) is proven
    /// optimal even where the later ones (units kept together, idle area) are not.
    pub main_optimal: bool,
}

/// Why a run could not be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("{}", crate::t!("optimize.error_no_goal"))]
    NoGoal,
    #[error("{}", crate::t!("optimize.error_unknown", what = what))]
    Unknown { what: String },
    #[error("{}", crate::t!("optimize.error_locked_vacate", unit = unit))]
    LockedInVacated { unit: String },
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
    #[error(transparent)]
    Gesture(#[from] GestureError),
}

#[derive(Clone, Debug, PartialEq)]
enum What {
    Person {
        person: usize,
        from: Option<usize>,
    },
    /// A place of an approved post of a unit with no persons.
    Post,
    /// A room taken whole.
    Room {
        room: usize,
    },
}

struct Built {
    problem: Problem,
    /// Per entity: what it is and its unit (index into the project's units).
    what: Vec<(What, usize)>,
    /// Slot → room index.
    slots: Vec<usize>,
    /// Group → unit index.
    groups: Vec<usize>,
    /// Per group: the unit's rooms to vacate.
    leaving: Vec<Vec<usize>>,
    limits: Vec<String>,
    decomposition: Option<String>,
    /// Idle office area each group could use, m².
    available: Vec<f64>,
    /// Dummy slot per group (elastic runs), index into slots past the real ones.
    dummy_from: usize,
}

/// Runs the optimizer on `checked` (the baseline). `progress` and `cancel` as the engine's.
pub fn optimize(
    checked: &Checked,
    request: &Request,
    today: &Date,
    cancel: Arc<AtomicBool>,
    progress: Option<Arc<dyn Fn(engine::Progress) + Send + Sync>>,
) -> Result<PlanResult, PlanError> {
    if request.goals.is_empty() {
        return Err(PlanError::NoGoal);
    }
    // Bringing units within standard where nothing travels: units that share no floor share
    // no candidate room and no rule, so each group of them is solved on its own — exactly.
    let goals = &request.goals;
    if goals.within_standard
        && goals.vacate_buildings.is_empty()
        && goals.vacate_floors.is_empty()
        && goals.place_units.is_empty()
        && request.rules.only_units.is_empty()
    {
        let parts = independent_parts(checked);
        if parts.len() > 1 {
            return optimize_parts(checked, request, today, cancel, progress, &parts);
        }
    }
    optimize_whole(checked, request, today, cancel, progress)
}

/// Units in scope of *within standard*: over the standard, or with a person over it.
fn within_scope(checked: &Checked) -> BTreeSet<usize> {
    let mut scope: BTreeSet<usize> = checked.compliance.units_over().map(|u| u.unit).collect();
    for p in checked.compliance.persons_over() {
        if let Some(u) = checked
            .project
            .persons
            .get(p)
            .and_then(|x| checked.project.units.iter().position(|u| u.uuid == x.unit))
        {
            scope.insert(u);
        }
    }
    scope
}

/// The units of *within standard* in groups that share no floor (union of units holding
/// rooms on a common floor), each group's units as UUIDs, in unit order.
fn independent_parts(checked: &Checked) -> Vec<Vec<Uuid>> {
    let project = &checked.project;
    let scope: Vec<usize> = within_scope(checked).into_iter().collect();
    let index: HashMap<Uuid, usize> = project
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.uuid, i))
        .collect();
    let mut parent: Vec<usize> = (0..project.units.len()).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        let mut y = x;
        while parent[y] != r {
            let next = parent[y];
            parent[y] = r;
            y = next;
        }
        r
    }
    let in_scope: BTreeSet<usize> = scope.iter().copied().collect();
    let mut floor_unit: HashMap<Uuid, usize> = HashMap::new();
    for room in &project.rooms {
        for u in &room.units {
            let Some(&i) = index.get(u) else { continue };
            if !in_scope.contains(&i) {
                continue;
            }
            match floor_unit.get(&room.floor) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[a] = b;
                    }
                }
                None => {
                    floor_unit.insert(room.floor, i);
                }
            }
        }
    }
    let mut parts: BTreeMap<usize, Vec<Uuid>> = BTreeMap::new();
    for u in scope {
        let root = find(&mut parent, u);
        if let Some(unit) = project.units.get(u) {
            parts.entry(root).or_default().push(unit.uuid);
        }
    }
    parts.into_values().collect()
}

/// Solves the independent parts side by side (one worker per core, at most two: HiGHS runs
/// single-threaded), each on the baseline — the parts share no floor, so no candidate room and
/// no rule — and adds the results up in part order; the whole is optimal when every part is.
/// The gap is on the main objective, summed over the parts.
fn optimize_parts(
    checked: &Checked,
    request: &Request,
    today: &Date,
    cancel: Arc<AtomicBool>,
    progress: Option<Arc<dyn Fn(engine::Progress) + Send + Sync>>,
    parts: &[Vec<Uuid>],
) -> Result<PlanResult, PlanError> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let started = std::time::Instant::now();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 2);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<PlanResult, PlanError>>>> =
        Mutex::new(vec![None; parts.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(part) = parts.get(i) else { break };
                    if cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    // This part's share of what is left: the parts not started yet and this
                    // one, spread over the workers.
                    let left = request.time_limit.saturating_sub(started.elapsed());
                    let waiting = (parts.len() - i).div_ceil(workers).max(1) as u32;
                    let mut sub = request.clone();
                    sub.rules.only_units = part.clone();
                    sub.time_limit = (left / waiting).max(Duration::from_millis(200));
                    let plan =
                        optimize_whole(checked, &sub, today, cancel.clone(), progress.clone());
                    if let Ok(mut all) = results.lock()
                        && let Some(slot) = all.get_mut(i)
                    {
                        *slot = Some(plan);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    let mut state = checked.clone();
    let mut all: Option<PlanResult> = None;
    let mut status = Status::Optimal;
    let mut main_optimal = true;
    let (mut objective, mut bound) = (0.0_f64, 0.0_f64);
    let mut unsolved = false;
    let (mut proven, mut without) = (0usize, 0usize);
    for plan in results {
        let Some(plan) = plan else {
            // Not started (cancelled): its units stay as they are.
            status = Status::Feasible;
            main_optimal = false;
            unsolved = true;
            without += 1;
            continue;
        };
        let plan = plan?;
        main_optimal &= plan.main_optimal;
        proven += usize::from(plan.main_optimal);
        match plan.status {
            Status::Optimal | Status::Feasible => {
                if plan.status == Status::Feasible {
                    status = Status::Feasible;
                }
                if plan.objective.is_finite() {
                    objective += plan.objective.abs();
                    bound += if plan.main_optimal {
                        plan.objective.abs()
                    } else {
                        plan.objective.abs() * (1.0 - plan.gap.clamp(0.0, 1.0))
                    };
                }
            }
            // A part with nothing to do or no solution keeps its units as they are.
            _ => {
                status = Status::Feasible;
                unsolved = true;
                without += 1;
            }
        }
        for m in &plan.moves {
            state.apply(m).map_err(|e| PlanError::Unknown {
                what: e.to_string(),
            })?;
        }
        all = Some(match all {
            None => plan,
            Some(mut acc) => {
                acc.moves.extend(plan.moves);
                acc.binding.extend(plan.binding);
                acc.columns += plan.columns;
                acc.rows += plan.rows;
                acc.terms.units_moved += plan.terms.units_moved;
                acc.terms.persons_moved += plan.terms.persons_moved;
                acc.terms.rooms_changed += plan.terms.rooms_changed;
                acc.terms.extra_buildings += plan.terms.extra_buildings;
                acc.terms.extra_floors += plan.terms.extra_floors;
                acc.cancelled |= plan.cancelled;
                acc
            }
        });
    }
    if status == Status::Optimal && !main_optimal {
        status = Status::Feasible;
    }
    let gap = if unsolved {
        1.0
    } else if objective > 0.0 {
        ((objective - bound) / objective).max(0.0)
    } else {
        0.0
    };
    let Some(mut result) = all else {
        return optimize_whole(checked, request, today, cancel, progress);
    };
    result.status = status;
    result.gap = gap;
    result.main_optimal = main_optimal;
    result.seconds = started.elapsed().as_secs_f64();
    result.objective = objective;
    result.before = checked.kpis();
    result.after = state.kpis();
    result.after.moves = result.moves.len();
    result.terms.units_over = state.compliance.units_over().count();
    (result.new_units_over, result.new_persons_over) = newly_over(checked, &state);
    result.decomposition = Some(
        crate::t!(
            "optimize.decomposed_parts",
            parts = parts.len(),
            proven = proven,
            without = without
        )
        .into_owned(),
    );
    Ok(result)
}

fn optimize_whole(
    checked: &Checked,
    request: &Request,
    today: &Date,
    cancel: Arc<AtomicBool>,
    progress: Option<Arc<dyn Fn(engine::Progress) + Send + Sync>>,
) -> Result<PlanResult, PlanError> {
    let started = std::time::Instant::now();
    let options = SolveOptions {
        time_limit: request.time_limit,
        cancel: cancel.clone(),
        progress: progress.clone(),
        warm_start: true,
        relative_gap: 0.0,
        first_solution: false,
    };
    let mut attempt = 0;
    let (built, outcome) = loop {
        let reach = REACH.get(attempt).copied().flatten();
        let built = build(checked, request, false, reach)?;
        // The limit is the whole run's: building the model (and any earlier reach) counts.
        let options = SolveOptions {
            time_limit: request.time_limit.saturating_sub(started.elapsed()),
            ..options.clone()
        };
        let outcome = solve(&built.problem, &options)?;
        attempt += 1;
        // Infeasible within the nearest buildings: look further, if there is further.
        if outcome.status == Status::Infeasible
            && built.decomposition.is_some()
            && attempt < REACH.len()
            && !outcome.cancelled
        {
            continue;
        }
        break (built, outcome);
    };
    let mut result = decode(checked, &built, &outcome, today)?;
    if outcome.status == Status::Infeasible && !outcome.cancelled {
        result.explanation = explain(checked, request, today, &cancel)?;
    }
    // The whole run, the explanation and its relaxations included.
    result.seconds = started.elapsed().as_secs_f64();
    Ok(result)
}

/// Solves; something with no room it may take at all makes the request infeasible (and is
/// then explained), not an error.
fn solve(problem: &Problem, options: &SolveOptions) -> Result<Outcome, PlanError> {
    match engine::solve(problem, options) {
        Err(engine::EngineError::NoOption { .. }) => {
            Ok(Outcome::without_solution(Status::Infeasible))
        }
        other => Ok(other?),
    }
}

/// Units and persons over the standard in `after` that were not in `before`, by name (the
/// compliance check's own verdicts).
fn newly_over(before: &Checked, after: &Checked) -> (Vec<String>, Vec<String>) {
    let units_before: BTreeSet<usize> = before.compliance.units_over().map(|u| u.unit).collect();
    let persons_before: BTreeSet<usize> = before.compliance.persons_over().into_iter().collect();
    let units = after
        .compliance
        .units_over()
        .filter(|u| !units_before.contains(&u.unit))
        .map(|u| unit_name(before, u.unit))
        .collect();
    let persons = after
        .compliance
        .persons_over()
        .into_iter()
        .filter(|p| !persons_before.contains(p))
        .filter_map(|p| before.project.persons.get(p).map(|x| x.name.clone()))
        .collect();
    (units, persons)
}

fn unit_name(checked: &Checked, u: usize) -> String {
    checked
        .project
        .units
        .get(u)
        .map(|x| x.name.clone())
        .unwrap_or_default()
}

/// The row the check reads for a person, m² (∞ when the standard has none).
fn row_of(checked: &Checked, person: usize) -> f64 {
    let project = &checked.project;
    let Some(p) = project.persons.get(person) else {
        return f64::INFINITY;
    };
    let Some(unit) = project.units.iter().find(|u| u.uuid == p.unit) else {
        return f64::INFINITY;
    };
    let placement = Placement::in_list(unit, &project.units);
    checked
        .standard
        .lookup(placement, checked.standard.grade_of(p))
        .map_or(f64::INFINITY, |m| m.row.area_m2)
}

/// Leaders (乡科级正职 and above) have an office of their own.
pub fn is_leader(grade: crate::model::Grade) -> bool {
    grade.number() <= crate::model::Grade::SectionChief.number()
}

/// Builds the model. `reach`: travellers look at the nearest buildings until their idle area
/// is this many times what they need (`None`: every building).
fn build(
    checked: &Checked,
    request: &Request,
    elastic: bool,
    reach: Option<f64>,
) -> Result<Built, PlanError> {
    let project = &checked.project;
    let rules = &request.rules;
    let goals = &request.goals;
    let unit_index: HashMap<Uuid, usize> = project
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.uuid, i))
        .collect();
    let floor_index: HashMap<Uuid, usize> = project
        .floors
        .iter()
        .enumerate()
        .map(|(i, f)| (f.uuid, i))
        .collect();
    let building_index: HashMap<Uuid, usize> = project
        .buildings
        .iter()
        .enumerate()
        .map(|(i, b)| (b.uuid, i))
        .collect();
    for b in &goals.vacate_buildings {
        if !building_index.contains_key(b) {
            return Err(PlanError::Unknown {
                what: b.to_string(),
            });
        }
    }
    for f in &goals.vacate_floors {
        if !floor_index.contains_key(f) {
            return Err(PlanError::Unknown {
                what: f.to_string(),
            });
        }
    }
    for u in &goals.place_units {
        if !unit_index.contains_key(u) {
            return Err(PlanError::Unknown {
                what: u.to_string(),
            });
        }
    }
    let building_of_floor = |f: &Uuid| -> Option<usize> {
        floor_index
            .get(f)
            .and_then(|i| project.floors.get(*i))
            .and_then(|fl| building_index.get(&fl.building).copied())
    };
    let room_building: Vec<Option<usize>> = project
        .rooms
        .iter()
        .map(|r| building_of_floor(&r.floor))
        .collect();
    let room_floor: Vec<Option<usize>> = project
        .rooms
        .iter()
        .map(|r| floor_index.get(&r.floor).copied())
        .collect();
    let vacate_b: BTreeSet<usize> = goals
        .vacate_buildings
        .iter()
        .filter_map(|b| building_index.get(b).copied())
        .collect();
    let vacate_f: BTreeSet<usize> = goals
        .vacate_floors
        .iter()
        .filter_map(|f| floor_index.get(f).copied())
        .collect();
    let in_vacated = |r: usize| {
        room_building
            .get(r)
            .copied()
            .flatten()
            .is_some_and(|b| vacate_b.contains(&b))
            || room_floor
                .get(r)
                .copied()
                .flatten()
                .is_some_and(|f| vacate_f.contains(&f))
    };
    let locked_room: BTreeSet<usize> = rules
        .locked_rooms
        .iter()
        .filter_map(|r| checked.room_index(r))
        .collect();
    let locked_unit: BTreeSet<usize> = rules
        .locked_units
        .iter()
        .filter_map(|u| unit_index.get(u).copied())
        .collect();
    let may_stay: BTreeSet<usize> = rules
        .may_stay
        .iter()
        .filter_map(|u| unit_index.get(u).copied())
        .collect();

    // Who holds what.
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); project.units.len()];
    for (r, room) in project.rooms.iter().enumerate() {
        for u in &room.units {
            if let Some(i) = unit_index.get(u) {
                held[*i].push(r);
            }
        }
    }
    // Rooms each person sits in (index), active persons only.
    let seat_of = |p: usize| -> Option<usize> {
        let person = project.persons.get(p)?;
        let u = *unit_index.get(&person.unit)?;
        person
            .rooms
            .iter()
            .filter_map(|r| checked.room_index(r))
            .find(|r| {
                project.rooms.get(*r).is_some_and(|room| {
                    room.units.len() == 1
                        && room.units.first() == project.units.get(u).map(|x| &x.uuid)
                        && room.category == RoomCategory::Office
                })
            })
    };

    // Scope: units and what of theirs moves.
    let mut scope: BTreeSet<usize> = BTreeSet::new();
    for (u, rooms) in held.iter().enumerate() {
        if rooms.iter().any(|r| in_vacated(*r)) && !may_stay.contains(&u) {
            scope.insert(u);
        }
    }
    for u in &goals.place_units {
        if let Some(i) = unit_index.get(u) {
            scope.insert(*i);
        }
    }
    if goals.within_standard {
        for uc in checked.compliance.units_over() {
            scope.insert(uc.unit);
        }
        for p in checked.compliance.persons_over() {
            if let Some(u) = project.persons.get(p).and_then(|x| unit_index.get(&x.unit)) {
                scope.insert(*u);
            }
        }
    }
    if !rules.only_units.is_empty() {
        let only: BTreeSet<usize> = rules
            .only_units
            .iter()
            .filter_map(|u| unit_index.get(u).copied())
            .collect();
        scope.retain(|u| only.contains(u));
    }
    for u in &scope {
        if locked_unit.contains(u) && held[*u].iter().any(|r| in_vacated(*r)) {
            return Err(PlanError::LockedInVacated {
                unit: unit_name(checked, *u),
            });
        }
    }
    let scope: Vec<usize> = scope
        .into_iter()
        .filter(|u| !locked_unit.contains(u))
        .collect();
    let group_of: HashMap<usize, usize> = scope.iter().enumerate().map(|(g, u)| (*u, g)).collect();

    // Entities.
    let mut what: Vec<(What, usize)> = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); scope.len()];
    let mut home_rooms: BTreeSet<usize> = BTreeSet::new();
    let place: BTreeSet<usize> = goals
        .place_units
        .iter()
        .filter_map(|u| unit_index.get(u).copied())
        .collect();
    let person_entity = |p: usize,
                         u: usize,
                         g: usize,
                         from: Option<usize>,
                         what: &mut Vec<(What, usize)>,
                         entities: &mut Vec<Entity>| {
        let row = row_of(checked, p);
        let known = row.is_finite();
        entities.push(Entity {
            group: g,
            space: if known { row } else { 0.0 },
            fills: !known,
            single: if rules.leaders_single
                && project
                    .persons
                    .get(p)
                    .is_some_and(|x| is_leader(checked.standard.grade_of(x)))
            {
                Rule::Hard
            } else {
                Rule::Off
            },
            home: None,
        });
        what.push((What::Person { person: p, from }, u));
    };
    for (g, u) in scope.iter().enumerate() {
        let unit_uuid = project.units.get(*u).map(|x| x.uuid);
        let mut seated_rooms: BTreeSet<usize> = BTreeSet::new();
        let mut persons_of_unit = 0usize;
        for (p, person) in project.persons.iter().enumerate() {
            if Some(person.unit) != unit_uuid {
                continue;
            }
            persons_of_unit += 1;
            if person.status != PersonStatus::InPost {
                continue;
            }
            let seat = seat_of(p);
            let moves = match seat {
                Some(r) if in_vacated(r) && !may_stay.contains(u) => true,
                Some(r) => goals.within_standard && !locked_room.contains(&r),
                None => place.contains(u),
            };
            if let Some(r) = seat {
                seated_rooms.insert(r);
            }
            if !moves {
                continue;
            }
            if let Some(r) = seat
                && !in_vacated(r)
            {
                home_rooms.insert(r);
            }
            person_entity(p, *u, g, seat, &mut what, &mut entities);
        }
        // A unit to place with no persons recorded: one place per approved post.
        if place.contains(u)
            && persons_of_unit == 0
            && let Some(unit) = project.units.get(*u)
        {
            let placement = Placement::in_list(unit, &project.units);
            for (grade, n) in &unit.posts {
                let row = checked
                    .standard
                    .lookup(placement, *grade)
                    .map_or(f64::INFINITY, |m| m.row.area_m2);
                for _ in 0..*n {
                    entities.push(Entity {
                        group: g,
                        space: if row.is_finite() { row } else { 0.0 },
                        fills: !row.is_finite(),
                        single: if rules.leaders_single && is_leader(*grade) {
                            Rule::Hard
                        } else {
                            Rule::Off
                        },
                        home: None,
                    });
                    what.push((What::Post, *u));
                }
            }
        }
        // Rooms of the unit to vacate that nobody of it sits in go whole.
        for r in &held[*u] {
            if !in_vacated(*r) || may_stay.contains(u) {
                continue;
            }
            leaving[g].push(*r);
            let persons_here = checked
                .persons_in_room(*r)
                .iter()
                .filter(|p| {
                    project
                        .persons
                        .get(**p)
                        .is_some_and(|x| Some(x.unit) == unit_uuid)
                })
                .count();
            if persons_here > 0 && seated_rooms.contains(r) {
                continue;
            }
            entities.push(Entity {
                group: g,
                space: 0.0,
                fills: true,
                single: Rule::Hard,
                home: None,
            });
            what.push((What::Room { room: *r }, *u));
        }
    }

    // Candidate rooms: idle rooms outside the rooms to vacate, not locked.
    let usable = |r: usize| -> bool {
        project.rooms.get(r).is_some_and(|room| {
            room.status == RoomStatus::Idle
                && room.units.is_empty()
                && !in_vacated(r)
                && !locked_room.contains(&r)
                && checked.area(r) > 0.0
        })
    };
    let all_idle: Vec<usize> = (0..project.rooms.len()).filter(|r| usable(*r)).collect();
    // Persons who stay in their unit's rooms (within standard) look only at idle rooms on the
    // floors their unit holds; what leaves the rooms to vacate, or is placed, travels.
    let travels = |w: &What| match w {
        What::Person { from: Some(r), .. } => in_vacated(*r),
        _ => true,
    };
    let unit_floors: Vec<BTreeSet<usize>> = held
        .iter()
        .map(|rooms| {
            rooms
                .iter()
                .filter(|r| !in_vacated(**r))
                .filter_map(|r| room_floor.get(*r).copied().flatten())
                .collect()
        })
        .collect();
    let local: BTreeSet<usize> = all_idle
        .iter()
        .copied()
        .filter(|r| {
            room_floor.get(*r).copied().flatten().is_some_and(|f| {
                what.iter().any(|(w, u)| {
                    !travels(w) && unit_floors.get(*u).is_some_and(|fs| fs.contains(&f))
                })
            })
        })
        .collect();
    // Travellers: the buildings nearest first (the units' sites), then the most idle area,
    // until the idle area is `reach` times what they need (all buildings when `reach` is None).
    // Persons need 办公室; a room taken whole needs a room of its own category (or a 办公室,
    // which then counts to the unit's office area): where the buildings kept for the persons
    // lack rooms of that category, the next buildings lend just their idle rooms of it.
    let mut need_by: BTreeMap<RoomCategory, f64> = BTreeMap::new();
    for ((w, _), e) in what.iter().zip(&entities) {
        if !travels(w) {
            continue;
        }
        let (category, area) = match w {
            What::Room { room } => (
                project
                    .rooms
                    .get(*room)
                    .map_or(RoomCategory::Office, |x| x.category),
                checked.area(*room),
            ),
            _ if e.fills => (RoomCategory::Office, 12.0),
            _ => (RoomCategory::Office, e.space),
        };
        *need_by.entry(category).or_default() += area;
    }
    let mut far: Vec<usize> = Vec::new();
    let mut decomposition = None;
    if !need_by.is_empty() {
        let sites: BTreeSet<Uuid> = scope
            .iter()
            .flat_map(|u| held[*u].iter())
            .filter_map(|r| room_building.get(*r).copied().flatten())
            .filter_map(|b| project.buildings.get(b).map(|x| x.site))
            .collect();
        let mut by_building: BTreeMap<usize, BTreeMap<RoomCategory, f64>> = BTreeMap::new();
        for r in &all_idle {
            if let (Some(b), Some(room)) = (
                room_building.get(*r).copied().flatten(),
                project.rooms.get(*r),
            ) {
                *by_building
                    .entry(b)
                    .or_default()
                    .entry(room.category)
                    .or_default() += checked.area(*r);
            }
        }
        let mut ranked: Vec<(usize, f64)> = by_building
            .iter()
            .map(|(b, cats)| (*b, cats.values().sum()))
            .collect();
        ranked.sort_by(|a, b| {
            let near = |x: usize| {
                project
                    .buildings
                    .get(x)
                    .is_some_and(|bb| sites.contains(&bb.site))
            };
            near(b.0)
                .cmp(&near(a.0))
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        let mut keep: BTreeSet<usize> = BTreeSet::new();
        // Buildings lending only their idle rooms of some categories.
        let mut lent: BTreeMap<usize, BTreeSet<RoomCategory>> = BTreeMap::new();
        let mut have: BTreeMap<RoomCategory, f64> = BTreeMap::new();
        let short = |have: &BTreeMap<RoomCategory, f64>, c: RoomCategory| {
            let need = need_by.get(&c).copied().unwrap_or(0.0);
            reach.is_none_or(|f| have.get(&c).copied().unwrap_or(0.0) < f * need)
        };
        for (b, _) in &ranked {
            let Some(cats) = by_building.get(b) else {
                continue;
            };
            if !keep.is_empty() && need_by.keys().all(|c| !short(&have, *c)) {
                break;
            }
            if keep.is_empty() || short(&have, RoomCategory::Office) {
                keep.insert(*b);
                for (c, a) in cats {
                    *have.entry(*c).or_default() += a;
                }
                continue;
            }
            for (c, a) in cats {
                if *c != RoomCategory::Office && need_by.contains_key(c) && short(&have, *c) {
                    lent.entry(*b).or_default().insert(*c);
                    *have.entry(*c).or_default() += a;
                }
            }
        }
        far = all_idle
            .iter()
            .copied()
            .filter(|r| {
                room_building.get(*r).copied().flatten().is_some_and(|b| {
                    keep.contains(&b)
                        || lent.get(&b).is_some_and(|cats| {
                            project
                                .rooms
                                .get(*r)
                                .is_some_and(|x| cats.contains(&x.category))
                        })
                })
            })
            .collect();
        if keep.len() + lent.len() < ranked.len() {
            let names = |set: &mut dyn Iterator<Item = usize>| -> String {
                set.filter_map(|b| project.buildings.get(b).map(|x| x.name.clone()))
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let mut text = crate::t!(
                "optimize.decomposed",
                kept = keep.len(),
                total = ranked.len(),
                names = names(&mut keep.iter().copied())
            )
            .into_owned();
            if !lent.is_empty() {
                let categories: BTreeSet<RoomCategory> = lent.values().flatten().copied().collect();
                text.push_str(&crate::t!(
                    "optimize.decomposed_lent",
                    n = lent.len(),
                    names = names(&mut lent.keys().copied()),
                    categories = categories
                        .iter()
                        .map(|c| crate::labels::category(*c))
                        .collect::<Vec<_>>()
                        .join("、")
                ));
            }
            decomposition = Some(text);
        }
    }
    let far_set: BTreeSet<usize> = far.iter().copied().collect();
    let mut idle: Vec<usize> = far;
    idle.extend(local.iter().copied().filter(|r| !far_set.contains(r)));

    // Slots: home rooms first, then idle rooms.
    let mut slots: Vec<usize> = home_rooms.iter().copied().collect();
    slots.extend(idle.iter().copied());
    let slot_of: HashMap<usize, usize> = slots.iter().enumerate().map(|(s, r)| (*r, s)).collect();
    let n_floors = project.floors.len().max(1);
    // Weights, lowest level first (see the module doc).
    // Extra floors and buildings a moved unit uses (a second phase, the first held at its
    // optimum): a building outweighs every floor.
    let w_floor = 1.0;
    let w_building = entities.len().min(n_floors) as f64 * w_floor + 1.0;
    let w_room = 1.0;
    let w_person = w_room * (slots.len() as f64 + 1.0);
    let w_unit = w_person * (entities.len() as f64 + 1.0);
    let w_over = w_unit * (scope.len() as f64 + 1.0);
    let w_elastic = w_over * 10.0;

    let mut rooms: Vec<Slot> = Vec::with_capacity(slots.len());
    for r in &slots {
        let area = checked.area(*r);
        let home = home_rooms.contains(r);
        let holder = project
            .rooms
            .get(*r)
            .and_then(|room| room.units.first())
            .and_then(|u| unit_index.get(u))
            .and_then(|u| group_of.get(u).copied());
        // Over the standard now, with its current occupants (all of one unit, in scope).
        let occupants: f64 = checked
            .persons_in_room(*r)
            .iter()
            .map(|p| row_of(checked, *p))
            .sum();
        let over_now = home && is_over(area, occupants);
        rooms.push(Slot {
            capacity: area,
            floor: room_floor.get(*r).copied().flatten().unwrap_or(usize::MAX),
            building: room_building
                .get(*r)
                .copied()
                .flatten()
                .unwrap_or(usize::MAX),
            adjacent: Vec::new(),
            // Keeping a room is no change; giving one back or taking one is a change.
            use_cost: if home { -w_room } else { w_room },
            // Among the plans as good, the least idle area left: the most area used, in whole
            // m² (an integral objective the solver prunes on).
            tiebreak: -area.round(),
            max_load: Some(area / MIN_SHARE),
            over_flag: None,
            under_hard: rules.person_rows,
            under_flag: over_now.then_some(if goals.within_standard { w_over } else { 0.0 }),
            only_group: if home { holder } else { None },
            overflow: false,
        });
    }
    let real_slots = rooms.len();
    // Options.
    let mut options: Vec<Vec<(usize, f64)>> = Vec::with_capacity(entities.len());
    for (e, (w, u)) in what.iter().enumerate() {
        let Some(g) = group_of.get(u).copied() else {
            options.push(Vec::new());
            continue;
        };
        let entity = &entities[e];
        let traveller = travels(w);
        let my_floors = unit_floors.get(*u);
        let mut list = Vec::new();
        for (s, r) in slots.iter().enumerate() {
            let Some(room) = project.rooms.get(*r) else {
                continue;
            };
            let area = checked.area(*r);
            let home = home_rooms.contains(r);
            if home && rooms[s].only_group != Some(g) {
                continue;
            }
            if !home {
                let near = room_floor
                    .get(*r)
                    .copied()
                    .flatten()
                    .is_some_and(|f| my_floors.is_some_and(|fs| fs.contains(&f)));
                if !(near || (traveller && far_set.contains(r))) {
                    continue;
                }
            }
            let ok = match w {
                What::Person { .. } | What::Post => {
                    let category_ok =
                        !rules.office_rooms_only || room.category == RoomCategory::Office;
                    // Not crowded even alone, and a leader alone within the row.
                    let fits = entity.fills
                        || (entity.space <= area / MIN_SHARE + engine::TOLERANCE_M2
                            && !(rules.person_rows
                                && entity.single == Rule::Hard
                                && is_over(area, entity.space)));
                    category_ok && fits
                }
                What::Room { room: from } => {
                    let source = project.rooms.get(*from);
                    !home
                        && source.is_some_and(|src| {
                            src.category == room.category || room.category == RoomCategory::Office
                        })
                        && area >= checked.area(*from) * ROOM_ITEM_MIN_SHARE - engine::TOLERANCE_M2
                }
            };
            if !ok {
                continue;
            }
            let from = match w {
                What::Person { from, .. } => *from,
                _ => None,
            };
            let cost = match w {
                What::Person { .. } if from == Some(*r) => 0.0,
                What::Person { .. } => w_person,
                _ => 0.0,
            };
            list.push((s, cost));
        }
        options.push(list);
    }
    // Homes.
    for (e, (w, _)) in what.iter().enumerate() {
        if let What::Person { from: Some(r), .. } = w {
            entities[e].home = slot_of.get(r).copied();
        }
    }
    // Elastic: a dummy room per group takes what fits nowhere, at a cost per m².
    let dummy_from = rooms.len();
    if elastic {
        for g in 0..scope.len() {
            rooms.push(Slot {
                capacity: 0.0,
                floor: usize::MAX - 1,
                building: usize::MAX - 1,
                adjacent: Vec::new(),
                use_cost: 0.0,
                tiebreak: 0.0,
                max_load: None,
                over_flag: None,
                under_hard: false,
                under_flag: None,
                only_group: Some(g),
                overflow: true,
            });
            slots.push(usize::MAX);
        }
        for (e, entity) in entities.iter().enumerate() {
            let need = if entity.fills {
                20.0
            } else {
                entity.space.max(1.0)
            };
            if let Some(list) = options.get_mut(e) {
                list.push((dummy_from + entity.group, w_elastic * need));
            }
        }
    }

    // Limits: the unit's 办公室 and 服务用房 within approved (or not above now, if over now).
    let mut limits = Vec::new();
    let mut limit_texts = Vec::new();
    if rules.unit_area {
        for (g, u) in scope.iter().enumerate() {
            let (Some(ent), Some(uc)) = (
                checked.compliance.entitlements.get(*u),
                checked.compliance.units.get(*u),
            ) else {
                continue;
            };
            for (category, approved, used) in [
                (RoomCategory::Office, Some(ent.office_m2), uc.office.used_m2),
                (
                    RoomCategory::Service,
                    ent.service_m2,
                    uc.service.as_ref().map_or(0.0, |m| m.used_m2),
                ),
            ] {
                let Some(approved) = approved else { continue };
                if category == RoomCategory::Office && ent.office_m2 <= 0.0 {
                    continue;
                }
                let mut fixed = 0.0;
                let mut in_model = Vec::new();
                for r in &held[*u] {
                    let Some(room) = project.rooms.get(*r) else {
                        continue;
                    };
                    if room.category != category {
                        continue;
                    }
                    let share = checked.area(*r) / room.units.len().max(1) as f64;
                    if in_vacated(*r) && !may_stay.contains(u) {
                        continue;
                    }
                    if slot_of.contains_key(r) {
                        continue;
                    }
                    fixed += share;
                }
                for (s, r) in slots.iter().enumerate().take(real_slots) {
                    if project
                        .rooms
                        .get(*r)
                        .is_some_and(|x| x.category == category)
                    {
                        in_model.push((s, checked.area(*r)));
                    }
                }
                let over_now = is_over(used, approved);
                let (limit, rule) = if over_now {
                    if goals.within_standard {
                        (approved, Rule::Soft(w_over))
                    } else {
                        (used, Rule::Hard)
                    }
                } else {
                    (approved, Rule::Hard)
                };
                limits.push(GroupLimit {
                    group: g,
                    rooms: in_model,
                    fixed,
                    limit,
                    rule,
                    key: limit_texts.len(),
                });
                limit_texts.push(
                    crate::t!(
                        "optimize.binding_area",
                        unit = unit_name(checked, *u),
                        category = crate::labels::category(category),
                        limit = format!("{limit:.2}")
                    )
                    .into_owned(),
                );
            }
        }
    }
    // Buildings and floors each group holds outside the model.
    let mut group_buildings = vec![Vec::new(); scope.len()];
    let mut group_floors = vec![Vec::new(); scope.len()];
    for (g, u) in scope.iter().enumerate() {
        for r in &held[*u] {
            if slot_of.contains_key(r) || (in_vacated(*r) && !may_stay.contains(u)) {
                continue;
            }
            if let Some(b) = room_building.get(*r).copied().flatten()
                && !group_buildings[g].contains(&b)
            {
                group_buildings[g].push(b);
            }
            if let Some(f) = room_floor.get(*r).copied().flatten()
                && !group_floors[g].contains(&f)
            {
                group_floors[g].push(f);
            }
        }
    }
    let split_ok: BTreeSet<usize> = rules
        .split_allowed
        .iter()
        .filter_map(|u| unit_index.get(u).copied())
        .collect();
    let one_building: Vec<bool> = scope
        .iter()
        .map(|u| rules.keep_together && !split_ok.contains(u))
        .collect();
    let available: Vec<f64> = scope
        .iter()
        .map(|_| {
            idle.iter()
                .filter(|r| {
                    project.rooms.get(**r).is_some_and(|x| {
                        !rules.office_rooms_only || x.category == RoomCategory::Office
                    })
                })
                .map(|r| checked.area(*r))
                .sum()
        })
        .collect();
    let start = if elastic {
        Vec::new()
    } else {
        greedy_start(&entities, &rooms, &options, &limits)
    };
    let problem = Problem {
        start,
        entities,
        rooms,
        options,
        pairs: Vec::new(),
        groups: scope.len(),
        over_weight: 0.0,
        under_weight: 0.0,
        under_counts_empty: false,
        exclusive: true,
        // Fewer buildings, then fewer floors per unit (after fewest rooms); one building is
        // a hard rule where the planner keeps units together.
        building_cost: w_building,
        floor_cost: w_floor,
        one_building,
        group_buildings,
        group_floors,
        group_move_cost: w_unit,
        lexicographic: true,
        clique_singles: false,
        grouped_start: true,
        limits,
        offset: 0.0,
    };
    Ok(Built {
        problem,
        what,
        slots,
        groups: scope,
        leaving,
        limits: limit_texts,
        decomposition,
        available,
        dummy_from,
    })
}

/// A first plan for the solver to start from where not everything has a home (what travels):
/// unit by unit, the building with the most free room first; leaders alone in the largest room
/// within their row; rooms taken whole to the room nearest their size; the others filling a
/// room until their rows reach its area (within the crowding limit). Whatever it cannot place
/// is left to the solver (a partial start, which HiGHS completes).
fn greedy_start(
    entities: &[Entity],
    rooms: &[Slot],
    options: &[Vec<(usize, f64)>],
    limits: &[GroupLimit],
) -> Vec<Option<usize>> {
    // What each limit has left (its limit less what it holds outside the model).
    let mut left: Vec<f64> = limits.iter().map(|l| l.limit - l.fixed).collect();
    let fits = |left: &[f64], g: usize, s: usize| {
        limits.iter().zip(left).all(|(l, rest)| {
            l.group != g
                || l.rule != Rule::Hard
                || l.rooms
                    .iter()
                    .find(|(r, _)| *r == s)
                    .is_none_or(|(_, c)| *c <= rest + engine::TOLERANCE_M2)
        })
    };
    let take = |left: &mut [f64], g: usize, s: usize| {
        for (l, rest) in limits.iter().zip(left.iter_mut()) {
            if l.group == g
                && let Some((_, c)) = l.rooms.iter().find(|(r, _)| *r == s)
            {
                *rest -= c;
            }
        }
    };
    let mut start: Vec<Option<usize>> = entities.iter().map(|e| e.home).collect();
    if start.iter().all(Option::is_some) {
        return start;
    }
    let mut taken: Vec<bool> = vec![false; rooms.len()];
    let mut counted: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (e, s) in start.iter().enumerate() {
        if let (Some(s), Some(ent)) = (s, entities.get(e)) {
            if let Some(t) = taken.get_mut(*s) {
                *t = true;
            }
            if counted.insert((ent.group, *s)) {
                take(&mut left, ent.group, *s);
            }
        }
    }
    let groups = entities.iter().map(|e| e.group).max().map_or(0, |g| g + 1);
    for g in 0..groups {
        let members: Vec<usize> = (0..entities.len())
            .filter(|e| entities[*e].group == g && start[*e].is_none())
            .collect();
        if members.is_empty() {
            continue;
        }
        let allowed = |e: usize, s: usize| {
            options
                .get(e)
                .is_some_and(|o| o.iter().any(|(q, _)| *q == s))
        };
        // The building with the most free area among the group's options.
        let mut by_building: BTreeMap<usize, f64> = BTreeMap::new();
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        for e in &members {
            for (s, _) in options.get(*e).map(Vec::as_slice).unwrap_or(&[]) {
                if !taken.get(*s).copied().unwrap_or(true)
                    && seen.insert(*s)
                    && let Some(slot) = rooms.get(*s)
                {
                    *by_building.entry(slot.building).or_default() += slot.capacity;
                }
            }
        }
        let best = by_building
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(b, _)| *b);
        let rank = |s: usize| -> (bool, usize) {
            let slot = rooms.get(s);
            (slot.map(|x| Some(x.building)) != Some(best), s)
        };
        // Leaders and rooms taken whole: one room each.
        for e in &members {
            let ent = &entities[*e];
            if ent.single != Rule::Hard && !ent.fills {
                continue;
            }
            let pick = options
                .get(*e)
                .into_iter()
                .flatten()
                .map(|(s, _)| *s)
                .filter(|s| !taken.get(*s).copied().unwrap_or(true))
                .filter(|s| rooms.get(*s).is_some_and(|x| !x.overflow))
                .filter(|s| fits(&left, g, *s))
                .min_by(|a, b| {
                    // A leader: the largest room within the row; a room taken whole: the
                    // smallest that holds it (the least of the unit's approved area).
                    let size = if ent.fills {
                        rooms[*a].capacity.total_cmp(&rooms[*b].capacity)
                    } else {
                        rooms[*b].capacity.total_cmp(&rooms[*a].capacity)
                    };
                    rank(*a).0.cmp(&rank(*b).0).then(size)
                });
            if let Some(s) = pick {
                taken[s] = true;
                take(&mut left, g, s);
                start[*e] = Some(s);
            }
        }
        // The others fill rooms.
        // (A leader or a room-sized item with no room of its own is left to the solver.)
        let mut rest: Vec<usize> = members
            .iter()
            .copied()
            .filter(|e| {
                start[*e].is_none() && entities[*e].single != Rule::Hard && !entities[*e].fills
            })
            .collect();
        rest.sort_by(|a, b| entities[*b].space.total_cmp(&entities[*a].space));
        let mut free: Vec<usize> = (0..rooms.len())
            .filter(|s| !taken[*s] && !rooms[*s].overflow && rest.iter().any(|e| allowed(*e, *s)))
            .collect();
        free.sort_by(|a, b| {
            rank(*a)
                .0
                .cmp(&rank(*b).0)
                .then(rooms[*a].capacity.total_cmp(&rooms[*b].capacity))
        });
        for s in free {
            if rest.is_empty() {
                break;
            }
            if !fits(&left, g, s) {
                continue;
            }
            let slot = &rooms[s];
            let max = slot.max_load.unwrap_or(f64::INFINITY);
            let mut load = 0.0;
            let mut chosen = Vec::new();
            for e in &rest {
                if load >= slot.capacity - engine::TOLERANCE_M2 {
                    break;
                }
                if allowed(*e, s) && load + entities[*e].space <= max + engine::TOLERANCE_M2 {
                    load += entities[*e].space;
                    chosen.push(*e);
                }
            }
            if !chosen.is_empty()
                && (load >= slot.capacity - engine::TOLERANCE_M2 || !slot.under_hard)
            {
                taken[s] = true;
                take(&mut left, g, s);
                for e in &chosen {
                    start[*e] = Some(s);
                }
                rest.retain(|e| !chosen.contains(e));
            }
        }
        // Whoever is left joins a room of the unit's that still has space (a room alone
        // would be over their row).
        for e in rest {
            let space = entities[e].space;
            let join = (0..rooms.len()).find(|s| {
                let load: f64 = start
                    .iter()
                    .enumerate()
                    .filter(|(q, x)| **x == Some(*s) && entities[*q].group == g)
                    .map(|(q, _)| entities[q].space)
                    .sum();
                load > 0.0
                    && allowed(e, *s)
                    && !entities
                        .iter()
                        .enumerate()
                        .any(|(q, x)| start[q] == Some(*s) && (x.single == Rule::Hard || x.fills))
                    && load + space
                        <= rooms[*s].max_load.unwrap_or(f64::INFINITY) + engine::TOLERANCE_M2
            });
            if let Some(s) = join {
                start[e] = Some(s);
            }
        }
    }
    start
}

/// Turns the solution into moves, checks them with the compliance check, and reads the terms.
fn decode(
    checked: &Checked,
    built: &Built,
    outcome: &Outcome,
    today: &Date,
) -> Result<PlanResult, PlanError> {
    let before = checked.kpis();
    let mut result = PlanResult {
        status: outcome.status,
        terms: Terms::default(),
        objective: outcome.objective,
        gap: outcome.gap,
        seconds: outcome.seconds,
        moves: Vec::new(),
        binding: outcome
            .binding
            .iter()
            .filter_map(|i| built.problem.limits.get(*i))
            .filter_map(|l| built.limits.get(l.key).cloned())
            .collect(),
        explanation: None,
        decomposition: built.decomposition.clone(),
        after: before.clone(),
        before,
        new_units_over: Vec::new(),
        new_persons_over: Vec::new(),
        columns: outcome.columns,
        rows: outcome.rows,
        cancelled: outcome.cancelled,
        main_optimal: outcome.main_optimal,
    };
    if outcome.placement.is_empty() || outcome.status == Status::Infeasible {
        return Ok(result);
    }
    let project = &checked.project;
    let mut state = checked.clone();
    // Where each room is (`building floor number`), as the move list names them.
    let places = Places::new(checked);
    // Per group: target room → entities there.
    let mut moved_units = BTreeSet::new();
    let mut persons_moved = 0usize;
    let mut rooms_changed = BTreeSet::new();
    for (g, u) in built.groups.iter().enumerate() {
        let unit_uuid = match project.units.get(*u) {
            Some(x) => x.uuid,
            None => continue,
        };
        let mut by_target: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (e, (w, eu)) in built.what.iter().enumerate() {
            if eu != u {
                continue;
            }
            let Some(s) = outcome.placement.get(e).copied() else {
                continue;
            };
            if s >= built.dummy_from {
                continue;
            }
            let Some(r) = built.slots.get(s).copied() else {
                continue;
            };
            let stays = matches!(w, What::Person { from: Some(f), .. } if *f == r);
            if !stays {
                by_target.entry(r).or_default().push(e);
            }
        }
        // Sources given back: vacated rooms, and home rooms left unused.
        let mut give_back: Vec<usize> = built.leaving.get(g).cloned().unwrap_or_default();
        for (s, r) in built.slots.iter().enumerate().take(built.dummy_from) {
            let home_of_group = built
                .problem
                .rooms
                .get(s)
                .is_some_and(|x| x.only_group == Some(g));
            if home_of_group && !outcome.used.get(s).copied().unwrap_or(false) {
                give_back.push(*r);
            }
        }
        if by_target.is_empty() && give_back.is_empty() {
            continue;
        }
        moved_units.insert(*u);
        let mut given: BTreeSet<usize> = BTreeSet::new();
        let targets: Vec<(usize, Vec<usize>)> = by_target.into_iter().collect();
        let n_targets = targets.len();
        for (t, (r, es)) in targets.into_iter().enumerate() {
            let Some(room_uuid) = project.rooms.get(r).map(|x| x.uuid) else {
                continue;
            };
            let mut g_ = Gesture::new(&state, today.clone());
            let current = g_.units_of(&room_uuid)?;
            if !current.contains(&unit_uuid) {
                let mut units = current.clone();
                units.push(unit_uuid);
                g_.set_units(&room_uuid, units)?;
                rooms_changed.insert(r);
            }
            let mut sources: Vec<usize> = Vec::new();
            let mut names: Vec<String> = Vec::new();
            let mut rows = 0.0;
            for e in &es {
                match built.what.get(*e) {
                    Some((What::Person { person, from }, _)) => {
                        let Some(p) = project.persons.get(*person) else {
                            continue;
                        };
                        let from_uuid = from.and_then(|f| project.rooms.get(f)).map(|x| x.uuid);
                        g_.seat(&p.uuid, from_uuid.as_ref(), &room_uuid)?;
                        persons_moved += 1;
                        names.push(p.name.clone());
                        rows += row_of(checked, *person);
                        if let Some(f) = from {
                            sources.push(*f);
                        }
                    }
                    Some((What::Room { room }, _)) => {
                        // The room goes whole: whoever of the unit lists it follows.
                        if let Some(src) = project.rooms.get(*room) {
                            g_.carry_persons(&unit_uuid, &src.uuid, &room_uuid)?;
                        }
                        sources.push(*room);
                    }
                    _ => {}
                }
            }
            // Give back the sources now empty of this unit's moved persons (once each); the
            // last target move gives back whatever is left.
            let mut back: Vec<usize> = sources
                .iter()
                .copied()
                .filter(|s| give_back.contains(s) && !given.contains(s))
                .collect();
            if t + 1 == n_targets {
                back.extend(give_back.iter().copied().filter(|s| !given.contains(s)));
            }
            back.sort_unstable();
            back.dedup();
            for s in &back {
                if let Some(src) = project.rooms.get(*s) {
                    let rest: Vec<Uuid> = g_
                        .units_of(&src.uuid)?
                        .into_iter()
                        .filter(|x| *x != unit_uuid)
                        .collect();
                    g_.set_units(&src.uuid, rest)?;
                    given.insert(*s);
                    rooms_changed.insert(*s);
                }
            }
            let area = checked.area(r);
            let reason = reason_text(&places, r, area, &names, rows, &sources, &state);
            let mut step = match g_.finish(MoveKind::Optimize, Some(unit_uuid), None) {
                Ok(m) => m,
                Err(GestureError::NoChange) => continue,
                Err(e) => return Err(e.into()),
            };
            step.reason = reason;
            state.apply(&step).map_err(|e| PlanError::Unknown {
                what: e.to_string(),
            })?;
            result.moves.push(step);
        }
        // Rooms given back with no target move (a unit only shrinking).
        let rest: Vec<usize> = give_back
            .iter()
            .copied()
            .filter(|s| !given.contains(s))
            .collect();
        if !rest.is_empty() {
            let mut g_ = Gesture::new(&state, today.clone());
            for s in &rest {
                if let Some(src) = project.rooms.get(*s) {
                    let left: Vec<Uuid> = g_
                        .units_of(&src.uuid)?
                        .into_iter()
                        .filter(|x| *x != unit_uuid)
                        .collect();
                    g_.set_units(&src.uuid, left)?;
                    rooms_changed.insert(*s);
                }
            }
            if let Ok(mut step) = g_.finish(MoveKind::Optimize, Some(unit_uuid), None) {
                step.reason = crate::t!("optimize.reason_give_back", unit = unit_name(checked, *u))
                    .into_owned();
                state.apply(&step).map_err(|e| PlanError::Unknown {
                    what: e.to_string(),
                })?;
                result.moves.push(step);
            }
        }
    }
    result.after = state.kpis();
    result.after.moves = result.moves.len();
    // New over-standard, by the check itself.
    (result.new_units_over, result.new_persons_over) = newly_over(checked, &state);
    // Terms.
    let mut extra_b = 0;
    let mut extra_f = 0;
    for u in &moved_units {
        let uuid = project.units.get(*u).map(|x| x.uuid);
        let mut bs = BTreeSet::new();
        let mut fs = BTreeSet::new();
        for room in &state.project.rooms {
            if uuid.is_some_and(|x| room.units.contains(&x)) {
                fs.insert(room.floor);
                if let Some(fl) = project.floors.iter().find(|f| f.uuid == room.floor) {
                    bs.insert(fl.building);
                }
            }
        }
        extra_b += bs.len().saturating_sub(1);
        extra_f += fs.len().saturating_sub(1);
    }
    let idle_left: f64 = built
        .slots
        .iter()
        .take(built.dummy_from)
        .filter(|r| {
            state
                .project
                .rooms
                .get(**r)
                .is_some_and(|x| x.status == RoomStatus::Idle && x.units.is_empty())
        })
        .map(|r| checked.area(*r))
        .sum();
    result.terms = Terms {
        units_over: state.compliance.units_over().count(),
        units_moved: moved_units.len(),
        persons_moved,
        rooms_changed: rooms_changed.len(),
        extra_buildings: extra_b,
        extra_floors: extra_f,
        idle_left_m2: idle_left,
    };
    Ok(result)
}

/// Why this room: its area against the rows of those placed, and where the unit is.
fn reason_text(
    places: &Places,
    room: usize,
    area: f64,
    names: &[String],
    rows: f64,
    sources: &[usize],
    state: &Checked,
) -> String {
    // Rooms keep their floor, number and category through moves: the state names them.
    let project = &state.project;
    let room_label = |r: usize| {
        project
            .rooms
            .get(r)
            .map(|x| places.name(&x.uuid))
            .unwrap_or_default()
    };
    let label = room_label(room);
    let mut from: Vec<String> = Vec::new();
    for s in sources {
        let l = room_label(*s);
        if !from.contains(&l) {
            from.push(l);
        }
    }
    let floor = project.rooms.get(room).map(|r| r.floor);
    let same_floor = floor.is_some_and(|f| {
        state.rooms_on(&f).iter().any(|r| {
            *r != room
                && state.project.rooms.get(*r).is_some_and(|x| {
                    x.units
                        == project
                            .rooms
                            .get(room)
                            .map(|y| y.units.clone())
                            .unwrap_or_default()
                        && !x.units.is_empty()
                })
        })
    });
    if names.is_empty() {
        let source = sources
            .first()
            .and_then(|s| project.rooms.get(*s))
            .map(|r| r.category);
        let target = project.rooms.get(room).map(|r| r.category);
        match (source, target) {
            (Some(a), Some(b)) if a != b => crate::t!(
                "optimize.reason_room_other",
                from = from.join("、"),
                room = label,
                area = format!("{area:.2}"),
                was = crate::labels::category(a),
                now = crate::labels::category(b)
            )
            .into_owned(),
            _ => crate::t!(
                "optimize.reason_room",
                from = from.join("、"),
                room = label,
                area = format!("{area:.2}")
            )
            .into_owned(),
        }
    } else {
        let mut text = crate::t!(
            "optimize.reason_persons",
            persons = names.join("、"),
            from = from.join("、"),
            room = label,
            area = format!("{area:.2}"),
            rows = format!("{rows:.2}")
        )
        .into_owned();
        if same_floor {
            text.push_str(&crate::t!("optimize.reason_same_floor"));
        }
        text
    }
}

/// The elastic run names the unit that cannot fit and the m² it misses; then relaxations are
/// tried in order, each by running it, and the first that works is reported.
fn explain(
    checked: &Checked,
    request: &Request,
    today: &Date,
    cancel: &Arc<AtomicBool>,
) -> Result<Option<Explanation>, PlanError> {
    let built = build(checked, request, true, None)?;
    let options = SolveOptions {
        time_limit: request.time_limit,
        cancel: cancel.clone(),
        progress: None,
        warm_start: false,
        relative_gap: 0.0,
        first_solution: false,
    };
    let outcome = solve(&built.problem, &options)?;
    if outcome.placement.is_empty() {
        return Ok(None);
    }
    let mut missing: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
    for (e, s) in outcome.placement.iter().enumerate() {
        if *s < built.dummy_from {
            continue;
        }
        let Some((w, u)) = built.what.get(e) else {
            continue;
        };
        let need = match w {
            What::Room { room } => checked.area(*room),
            _ => built.problem.entities.get(e).map_or(0.0, |x| x.space),
        };
        let entry = missing.entry(*u).or_insert((0, 0.0));
        entry.0 += 1;
        entry.1 += need;
    }
    let Some((&unit, &(unplaced, missing_m2))) = missing
        .iter()
        .max_by(|a, b| a.1.1.total_cmp(&b.1.1).then(b.0.cmp(a.0)))
    else {
        return Ok(None);
    };
    let g = built.groups.iter().position(|u| *u == unit).unwrap_or(0);
    let available = built.available.get(g).copied().unwrap_or(0.0);
    let name = unit_name(checked, unit);
    let unit_uuid = checked
        .project
        .units
        .get(unit)
        .map(|x| x.uuid)
        .unwrap_or_default();
    let total_missing: f64 = missing.values().map(|(_, m)| m).sum();
    let mut text = crate::t!(
        "optimize.explain",
        unit = name,
        n = unplaced,
        missing = format!("{missing_m2:.2}"),
        available = format!("{available:.2}")
    )
    .into_owned();
    if missing.len() > 1 {
        text.push_str(&crate::t!(
            "optimize.explain_more",
            units = missing.len(),
            total = format!("{total_missing:.2}")
        ));
    }
    // Relaxations, smallest first.
    let all_missing: Vec<Uuid> = missing
        .keys()
        .filter_map(|u| checked.project.units.get(*u).map(|x| x.uuid))
        .collect();
    let missing_names: Vec<String> = missing.keys().map(|u| unit_name(checked, *u)).collect();
    let vacating =
        !request.goals.vacate_buildings.is_empty() || !request.goals.vacate_floors.is_empty();
    let mut candidates: Vec<(String, Request)> = Vec::new();
    if request.rules.keep_together {
        let mut r = request.clone();
        r.rules.split_allowed.extend(all_missing.iter().copied());
        candidates.push((
            crate::t!("optimize.relax_split", unit = missing_names.join("、")).into_owned(),
            r,
        ));
    }
    if !request.rules.locked_rooms.is_empty() {
        let mut r = request.clone();
        r.rules.locked_rooms.clear();
        candidates.push((crate::t!("optimize.relax_unlock").into_owned(), r));
    }
    if vacating {
        let mut r = request.clone();
        r.rules.may_stay.push(unit_uuid);
        candidates.push((
            crate::t!("optimize.relax_stay", unit = name).into_owned(),
            r,
        ));
        if all_missing.len() > 1 {
            let mut r = request.clone();
            r.rules.may_stay.extend(all_missing.iter().copied());
            candidates.push((
                crate::t!("optimize.relax_stay", unit = missing_names.join("、")).into_owned(),
                r,
            ));
        }
        // Vacate one building or floor fewer: the one that would keep the unit.
        let project = &checked.project;
        let floor_building: HashMap<Uuid, Uuid> = project
            .floors
            .iter()
            .map(|f| (f.uuid, f.building))
            .collect();
        let unit_floors: BTreeSet<Uuid> = project
            .rooms
            .iter()
            .filter(|r| r.units.contains(&unit_uuid))
            .map(|r| r.floor)
            .collect();
        let unit_buildings: BTreeSet<Uuid> = unit_floors
            .iter()
            .filter_map(|f| floor_building.get(f).copied())
            .collect();
        let many = request.goals.vacate_buildings.len() + request.goals.vacate_floors.len() > 1;
        if many {
            for b in &request.goals.vacate_buildings {
                if unit_buildings.contains(b) {
                    let mut r = request.clone();
                    r.goals.vacate_buildings.retain(|x| x != b);
                    let label = project
                        .buildings
                        .iter()
                        .find(|x| x.uuid == *b)
                        .map_or(String::new(), |x| x.name.clone());
                    candidates.push((
                        crate::t!("optimize.relax_keep", place = label).into_owned(),
                        r,
                    ));
                }
            }
            for f in &request.goals.vacate_floors {
                if unit_floors.contains(f) {
                    let mut r = request.clone();
                    r.goals.vacate_floors.retain(|x| x != f);
                    let label =
                        project
                            .floors
                            .iter()
                            .find(|x| x.uuid == *f)
                            .map_or(String::new(), |x| {
                                let b = project
                                    .buildings
                                    .iter()
                                    .find(|b| b.uuid == x.building)
                                    .map_or("", |b| b.name.as_str());
                                format!("{b} {}", x.name)
                            });
                    candidates.push((
                        crate::t!("optimize.relax_keep", place = label).into_owned(),
                        r,
                    ));
                }
            }
        }
    }
    if request.rules.office_rooms_only {
        let mut r = request.clone();
        r.rules.office_rooms_only = false;
        candidates.push((crate::t!("optimize.relax_any_category").into_owned(), r));
    }
    let mut relaxation = None;
    let quick = SolveOptions {
        time_limit: (request.time_limit / 2).max(Duration::from_secs(2)),
        ..options.clone()
    };
    for (text, req) in candidates {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let built = build(checked, &req, false, None)?;
        let out = solve(&built.problem, &quick)?;
        if matches!(out.status, Status::Optimal | Status::Feasible) {
            let decoded = decode(checked, &built, &out, today)?;
            relaxation = Some(Relaxation {
                text,
                moves: decoded.moves.len(),
                request: Box::new(RequestOnly(req)),
            });
            break;
        }
    }
    Ok(Some(Explanation {
        unit: unit_uuid,
        unit_name: name,
        unplaced,
        missing_m2,
        available_m2: available,
        text,
        relaxation,
    }))
}
