//! The assignment model shared by 智能调剂 and the OSA benchmark adapter: entities (persons,
//! or rooms a unit takes with it) placed in rooms, as a mixed-integer program written with
//! `good_lp` and solved exactly by HiGHS.
//!
//! # The model
//!
//! `x[e,r] = 1` when entity `e` is placed in room `r` (only for the pairs in
//! [`Problem::options`]). Every entity is in exactly one room. A room's load is the sum of the
//! spaces placed in it.
//!
//! * **Over-use** (`over_r ≥ load − capacity`): weighted per m², bounded by [`Slot::max_load`], flagged at a fixed penalty where [`Slot::over_flag`] is set.
//! * **Under-use** (`under_r ≥ capacity·u_r − load − capacity·Σ fills`), where `u_r` is 1
//!   ([`Problem::under_counts_empty`], the OSA convention) or whether the room is used (the
//!   office standard: a used room's area within the sum of its occupants' rows). Forbidden
//!   where [`Slot::under_hard`], except that [`Slot::under_flag`] lets it be paid for with a
//!   flag that also keeps newcomers out of the room (a room already over the standard may stay
//!   so, but no one moved in may be over).
//! * **One group per room** ([`Problem::exclusive`]): `z[g,r]` says group `g` holds room `r`.
//! * **Not sharing**, **same room**, **not same room**, **adjacent**, **same floor**,
//!   **different floors**: [`Pair`] and [`Entity::single`], each hard or at a penalty.
//! * **Group spread**: per group a cost for every building and floor it uses, and at most one
//!   building where [`Problem::one_building`] says so.
//! * **Group limits**: `Σ coef·z[g,r] + fixed ≤ limit` (a unit's approved area by category).
//! * **Moves**: a group pays once when any of its entities leaves its home room, and every
//!   entity placed away from its home pays its option's cost.
//!
//! # Solving
//!
//! HiGHS is given a time limit and, where every entity has a home that is one of its options,
//! the current allocation as its starting point. A callback reports each improved incumbent
//! and the gap, and interrupts the search when the caller cancels.

use std::collections::HashMap;
use std::ffi::{CStr, c_void};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use good_lp::{Expression, ProblemVariables, SolverModel, Variable, VariableDefinition, variable};

/// Areas within this much of a limit are within it (the compliance check's tolerance).
pub const TOLERANCE_M2: f64 = crate::analysis::compliance::TOLERANCE_M2;

/// How a rule is held.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    Off,
    Hard,
    /// Broken at this cost.
    Soft(f64),
}

impl Rule {
    fn is_on(self) -> bool {
        !matches!(self, Rule::Off)
    }
}

/// Something to place: a person (space = the row) or a room a unit takes with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub group: usize,
    pub space: f64,
    /// Fills its room whatever the space (an archive moved whole): no under-use.
    pub fills: bool,
    /// Alone in its room (not sharing).
    pub single: Rule,
    /// The room it is in now, if that room is in the model.
    pub home: Option<usize>,
}

/// A room the model may use.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub capacity: f64,
    pub floor: usize,
    pub building: usize,
    /// Rooms adjacent to this one (a room is adjacent to itself; need not be listed).
    pub adjacent: Vec<usize>,
    /// Cost when the room is used (negative: a reward), for "fewest rooms changed".
    pub use_cost: f64,
    /// Cost when used in the tie-break phase, among the solutions best by the main objective
    /// ("least idle area left": minus the area).
    pub tiebreak: f64,
    /// The most the room may hold (hard): its capacity where over-use is forbidden, more where
    /// some crowding is allowed.
    pub max_load: Option<f64>,
    /// A fixed penalty when the room is over-used at all (OSA's soft capacity constraint).
    pub over_flag: Option<f64>,
    pub under_hard: bool,
    /// Under-use allowed at this penalty, keeping newcomers out (see the module doc).
    pub under_flag: Option<f64>,
    /// Only this group may hold the room (a room a unit holds now).
    pub only_group: Option<usize>,
    /// A place outside the stock (the elastic model's "nowhere"): no sharing rule, no use
    /// rule, no one-group rule apply to it.
    pub overflow: bool,
}

/// A rule between two entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PairKind {
    SameRoom,
    NotSameRoom,
    Adjacent,
    SameFloor,
    DifferentFloor,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub kind: PairKind,
    pub a: usize,
    pub b: usize,
    pub rule: Rule,
}

/// `Σ coef·z[group,r] + fixed ≤ limit`.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLimit {
    pub group: usize,
    pub rooms: Vec<(usize, f64)>,
    pub fixed: f64,
    pub limit: f64,
    /// Hard, or broken at this cost (once, whatever the excess).
    pub rule: Rule,
    /// What the limit is (for the explanation), the caller's key.
    pub key: usize,
}

/// The whole model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problem {
    pub entities: Vec<Entity>,
    pub rooms: Vec<Slot>,
    /// Per entity: the rooms it may take and the cost of taking each.
    pub options: Vec<Vec<(usize, f64)>>,
    pub pairs: Vec<Pair>,
    pub groups: usize,
    pub over_weight: f64,
    pub under_weight: f64,
    pub under_counts_empty: bool,
    pub exclusive: bool,
    /// Cost for every building each group uses beyond its first (and the buildings a group
    /// holds outside the model, given in `group_buildings`).
    pub building_cost: f64,
    pub floor_cost: f64,
    /// Per group: at most one building (counting `group_buildings`). Empty: no group is held.
    pub one_building: Vec<bool>,
    /// Buildings (and floors) each group holds outside the model.
    pub group_buildings: Vec<Vec<usize>>,
    pub group_floors: Vec<Vec<usize>>,
    /// Cost once per group with an entity away from its home.
    pub group_move_cost: f64,
    /// Solve in phases: the main objective, then (held at its optimum) the spread costs, then
    /// the rooms' tie-breaks. Otherwise the spread costs are part of the main objective.
    pub lexicographic: bool,
    pub limits: Vec<GroupLimit>,
    /// A constant added to the objective (reported objectives include it).
    pub offset: f64,
    /// Hard not-sharing as one clique per room with the single's misfit bounding the room's
    /// over- and under-use (the OSA benchmark's form, strong where use is penalised); otherwise
    /// a row per single and room (the office model's, strong with its hard office rule).
    pub clique_singles: bool,
    /// A first placement to start from where not every entity has a home (per entity, the
    /// room; `None`: left to the solver). Given to HiGHS as a partial solution it completes.
    pub start: Vec<Option<usize>>,
    /// Where not every entity has a home: first place the groups one at a time, each a small
    /// model of its own on the rooms the earlier ones left (a complete, feasible start found
    /// in a share of the time), then solve the whole from there. Needs [`Problem::exclusive`]
    /// (one group per room), so the groups' placements cannot clash.
    pub grouped_start: bool,
}

/// How a solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal.
    Optimal,
    /// A solution, stopped by the time limit or the planner before proving it best.
    Feasible,
    Infeasible,
    /// Stopped with no solution found.
    Unknown,
}

/// What the search reports as it goes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub seconds: f64,
    /// The best solution's objective, if any yet.
    pub incumbent: Option<f64>,
    pub bound: f64,
    /// Relative gap, 0–1 (1 while there is no incumbent).
    pub gap: f64,
}

/// Options of a solve.
#[derive(Clone)]
pub struct SolveOptions {
    pub time_limit: Duration,
    pub cancel: Arc<AtomicBool>,
    pub progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
    /// Give HiGHS the current allocation as the starting point.
    pub warm_start: bool,
    /// Stop once the solution is proven within this relative gap (0: to the optimum).
    pub relative_gap: f64,
    /// Stop at the first solution found (a start for a larger model, not an answer).
    pub first_solution: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            cancel: Arc::new(AtomicBool::new(false)),
            progress: None,
            warm_start: true,
            relative_gap: 0.0,
            first_solution: false,
        }
    }
}

/// The answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub seconds: f64,
    /// Per entity, the room it is placed in (empty unless a solution was found).
    pub placement: Vec<usize>,
    /// Per room, whether it is used.
    pub used: Vec<bool>,
    /// Group limits with less than 0.5 m² to spare (binding), by index.
    pub binding: Vec<usize>,
    pub columns: usize,
    pub rows: usize,
    pub cancelled: bool,
    /// The main objective (the first phase) is proven optimal, whatever became of the later
    /// phases (spread, tie-break).
    pub main_optimal: bool,
}

impl Outcome {
    /// An answer with no solution (no objective, bound or placement) and no model.
    pub fn without_solution(status: Status) -> Self {
        Self {
            status,
            objective: f64::NAN,
            bound: f64::NAN,
            gap: f64::NAN,
            seconds: 0.0,
            placement: Vec::new(),
            used: Vec::new(),
            binding: Vec::new(),
            columns: 0,
            rows: 0,
            cancelled: false,
            main_optimal: false,
        }
    }
}

/// Why the model could not be built or solved.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error("{}", crate::t!("optimize.error_no_option", entity = entity))]
    NoOption { entity: usize },
    #[error("{}", crate::t!("optimize.error_solver", reason = reason))]
    Solver { reason: String },
}

/// The problem's variables with their column numbers (good_lp numbers them in order of
/// creation but keeps the number private).
struct Columns {
    vars: ProblemVariables,
    index: HashMap<Variable, usize>,
}

impl Columns {
    fn add(&mut self, def: VariableDefinition) -> Variable {
        let v = self.vars.add(def);
        let n = self.index.len();
        self.index.insert(v, n);
        v
    }
}

struct Vars {
    x: Vec<Vec<(usize, Variable)>>,
    /// Per room: entities allowed there (index into `x[e]`).
    by_room: Vec<Vec<(usize, Variable)>>,
    used: Vec<Option<Variable>>,
    /// Per room: its over- and under-use variables, where the model has them (the not-sharing
    /// rows tighten them).
    over: Vec<Option<Variable>>,
    under: Vec<Option<Variable>>,
    z: HashMap<(usize, usize), Variable>,
}

/// Builds and solves `problem`.
pub fn solve(problem: &Problem, options: &SolveOptions) -> Result<Outcome, EngineError> {
    let started = Instant::now();
    let mut vars = Columns {
        vars: ProblemVariables::new(),
        index: HashMap::new(),
    };
    let mut initial: Vec<(Variable, f64)> = Vec::new();
    let warm =
        options.warm_start && (0..problem.entities.len()).all(|e| at_home_allowed(problem, e));
    // Placement columns: what decides the model's size.
    let placements: usize = problem.options.iter().map(Vec::len).sum();
    let n_rooms = problem.rooms.len();
    let mut objective = Expression::from(problem.offset);
    let mut objective2 = Expression::from(0.0);
    let mut spread_objective = Expression::from(0.0);
    // Rows that only count places for the spread phase (no rule depends on them before).
    let mut spread_rows: Vec<good_lp::Constraint> = Vec::new();

    let mut constraints: Vec<good_lp::Constraint> = Vec::new();

    // Placement variables.
    let mut v = Vars {
        x: Vec::with_capacity(problem.entities.len()),
        by_room: vec![Vec::new(); n_rooms],
        used: vec![None; n_rooms],
        over: vec![None; n_rooms],
        under: vec![None; n_rooms],
        z: HashMap::new(),
    };
    for (e, entity) in problem.entities.iter().enumerate() {
        let opts = problem.options.get(e).map(Vec::as_slice).unwrap_or(&[]);
        if opts.is_empty() {
            return Err(EngineError::NoOption { entity: e });
        }
        let mut row = Vec::with_capacity(opts.len());
        for (r, cost) in opts {
            let x = vars.add(variable().binary());
            if *cost != 0.0 {
                objective.add_mul(*cost, x);
            }
            if warm {
                initial.push((x, if entity.home == Some(*r) { 1.0 } else { 0.0 }));
            }
            row.push((*r, x));
            if let Some(list) = v.by_room.get_mut(*r) {
                list.push((e, x));
            }
        }
        let sum: Expression = row.iter().map(|(_, x)| *x).sum();
        constraints.push(sum.eq(1.0));
        v.x.push(row);
    }
    let mut symmetric: Vec<Vec<usize>> = Vec::new();
    let mut room_classes: Vec<Vec<usize>> = Vec::new();
    // Identical entities (same group, space, rules, no home, same options and costs) are
    // interchangeable: order them by the position of their room, so the search does not visit
    // every permutation of, say, ten clerks of one unit. The ordering rows are dense (every
    // option of both entities): on large models they slow the LP more than they save in the
    // search (see [`ORDER_IDENTICAL_MAX_COLUMNS`]).
    let order_identical = placements <= ORDER_IDENTICAL_MAX_COLUMNS;
    {
        let mut classes: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (e, entity) in problem.entities.iter().enumerate() {
            if entity.home.is_some() {
                continue;
            }
            let key = format!(
                "{}|{:.4}|{}|{:?}|{:?}",
                entity.group,
                entity.space,
                entity.fills,
                entity.single,
                problem.options.get(e)
            );
            classes.entry(key).or_default().push(e);
        }
        let in_pairs: std::collections::HashSet<usize> =
            problem.pairs.iter().flat_map(|p| [p.a, p.b]).collect();
        for members in classes.values() {
            let members: Vec<usize> = members
                .iter()
                .copied()
                .filter(|e| !in_pairs.contains(e))
                .collect();
            if !order_identical {
                continue;
            }
            symmetric.push(members.clone());
            for w in members.windows(2) {
                let (a, b) = (w[0], w[1]);
                let pos = |e: usize| -> Expression {
                    let mut ex = Expression::with_capacity(v.x[e].len());
                    for (i, (_, x)) in v.x[e].iter().enumerate() {
                        if i > 0 {
                            ex.add_mul(i as f64, *x);
                        }
                    }
                    ex
                };
                constraints.push(pos(a).leq(pos(b)));
            }
        }
    }
    // Per room, the entities at home there (the current allocation), looked up by room in
    // the warm start and the symmetry rows instead of scanning every entity per room.
    let mut at_home: Vec<Vec<usize>> = vec![Vec::new(); n_rooms];
    for (e, ent) in problem.entities.iter().enumerate() {
        if let Some(list) = ent.home.and_then(|h| at_home.get_mut(h)) {
            list.push(e);
        }
    }
    let home_of = |r: usize| at_home.get(r).map(Vec::as_slice).unwrap_or(&[]);
    let group_at_home = |g: usize, r: usize| {
        home_of(r)
            .iter()
            .any(|e| problem.entities.get(*e).is_some_and(|x| x.group == g))
    };
    let home_load = |r: usize| -> (f64, bool, usize) {
        let here = home_of(r);
        let load = here
            .iter()
            .filter_map(|e| problem.entities.get(*e))
            .map(|x| x.space)
            .sum();
        let fills = here
            .iter()
            .filter_map(|e| problem.entities.get(*e))
            .any(|x| x.fills);
        (load, fills, here.len())
    };

    // Rooms: use, holder groups, over- and under-use.
    for (r, slot) in problem.rooms.iter().enumerate() {
        let here = &v.by_room[r];
        if here.is_empty() {
            continue;
        }
        let (h_load, h_fills, h_count) = if warm { home_load(r) } else { (0.0, false, 0) };
        let needs_used = problem.exclusive
            || !problem.under_counts_empty
            || slot.use_cost != 0.0
            || slot.tiebreak != 0.0;
        let used = needs_used.then(|| {
            let y = vars.add(variable().binary());
            if warm {
                initial.push((y, if h_count > 0 { 1.0 } else { 0.0 }));
            }
            y
        });
        if let Some(y) = used {
            if slot.use_cost != 0.0 {
                objective.add_mul(slot.use_cost, y);
            }
            if slot.tiebreak != 0.0 {
                objective2.add_mul(slot.tiebreak, y);
            }
            // Used exactly when someone is there.
            let sum: Expression = here.iter().map(|(_, x)| *x).sum();
            constraints.push(Expression::from(y).leq(sum));
            if !problem.exclusive {
                for (_, x) in here {
                    constraints.push(Expression::from(*x).leq(y));
                }
            }
        }
        v.used[r] = used;
        let mut load = Expression::with_capacity(here.len());
        let mut fills = Expression::with_capacity(4);
        for (e, x) in here {
            if let Some(ent) = problem.entities.get(*e) {
                if ent.space != 0.0 {
                    load.add_mul(ent.space, *x);
                }
                if ent.fills {
                    fills.add_mul(1.0, *x);
                }
            }
        }
        let cap = slot.capacity;
        let max_load: f64 = here
            .iter()
            .filter_map(|(e, _)| problem.entities.get(*e))
            .map(|e| e.space)
            .sum();
        // Over-use.
        // The most the room holds, and only when used: `load ≤ max·used` is the bin-packing
        // row whose relaxation counts rooms well (the bound that proves "fewest rooms").
        match (slot.max_load, used) {
            (Some(max), Some(y)) => {
                constraints.push(load.clone().leq((max + TOLERANCE_M2) * y));
            }
            (Some(max), None) if max_load > max + TOLERANCE_M2 => {
                constraints.push(load.clone().leq(max + TOLERANCE_M2));
            }
            _ => {}
        }
        if slot.max_load.is_some_and(|m| m <= cap + TOLERANCE_M2) {
            // No over-use possible.
        } else if problem.over_weight > 0.0 || slot.over_flag.is_some() {
            let over = vars.add(variable().min(0.0));
            if warm {
                initial.push((over, (h_load - cap).max(0.0)));
            }
            constraints.push((load.clone() - cap).leq(over));
            v.over[r] = Some(over);
            if problem.over_weight > 0.0 {
                objective.add_mul(problem.over_weight, over);
            }
            if let Some(penalty) = slot.over_flag {
                let flag = vars.add(variable().binary());
                if warm {
                    initial.push((flag, if h_load > cap + 1e-9 { 1.0 } else { 0.0 }));
                }
                let m = (max_load - cap).max(0.0) + 1.0;
                constraints.push(Expression::from(over).leq(m * flag));
                objective.add_mul(penalty, flag);
            }
        }
        // Under-use.
        let base: Expression = if problem.under_counts_empty {
            Expression::from(cap)
        } else {
            match used {
                Some(y) => cap * y,
                None => Expression::from(cap),
            }
        };
        let shortfall = base - load - cap * fills;
        let h_short = (if problem.under_counts_empty || h_count > 0 {
            cap
        } else {
            0.0
        }) - h_load
            - if h_fills { cap } else { 0.0 };
        if let Some(penalty) = slot.under_flag {
            let flag = vars.add(variable().binary());
            if warm {
                initial.push((flag, if h_short > TOLERANCE_M2 { 1.0 } else { 0.0 }));
            }
            constraints.push(shortfall.leq(cap * flag + TOLERANCE_M2));
            objective.add_mul(penalty, flag);
            // Nobody moves into a room left over the standard.
            for (e, x) in here {
                if problem
                    .entities
                    .get(*e)
                    .is_some_and(|ent| ent.home != Some(r))
                {
                    constraints.push((Expression::from(*x) + flag).leq(1.0));
                }
            }
        } else if slot.under_hard {
            constraints.push(shortfall.leq(TOLERANCE_M2));
        } else if problem.under_weight > 0.0 {
            let under = vars.add(variable().min(0.0));
            if warm {
                initial.push((under, h_short.max(0.0)));
            }
            constraints.push(shortfall.leq(under));
            v.under[r] = Some(under);
            objective.add_mul(problem.under_weight, under);
        }
    }

    // Identical rooms (same size, rules, costs, and the same entities at the same costs; the
    // same floor and building where those matter) are interchangeable: the earlier one is used
    // first.
    {
        let placed_matters = problem.floor_cost > 0.0
            || problem.building_cost > 0.0
            || problem.one_building.iter().any(|b| *b)
            || !problem.pairs.is_empty();
        let mut classes: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (r, slot) in problem.rooms.iter().enumerate() {
            let Some(y) = v.used[r] else { continue };
            let _ = y;
            let here: Vec<(usize, String)> = v.by_room[r]
                .iter()
                .map(|(e, _)| {
                    let cost = problem
                        .options
                        .get(*e)
                        .and_then(|o| o.iter().find(|(q, _)| *q == r))
                        .map_or(0.0, |(_, c)| *c);
                    (*e, format!("{cost:.6}"))
                })
                .collect();
            if here.is_empty() || !home_of(r).is_empty() {
                continue;
            }
            let key = format!(
                "{:.4}|{:?}|{:.6}|{:?}|{}|{:?}|{:?}|{}|{}|{:?}",
                slot.capacity,
                slot.max_load,
                slot.use_cost,
                slot.over_flag,
                slot.under_hard,
                slot.under_flag,
                slot.only_group,
                slot.overflow,
                if placed_matters {
                    format!("{}/{}", slot.building, slot.floor)
                } else {
                    String::new()
                },
                here
            );
            classes.entry(key).or_default().push(r);
        }
        for members in classes.values() {
            room_classes.push(members.clone());
            for w in members.windows(2) {
                if let (Some(a), Some(b)) = (v.used[w[0]], v.used[w[1]]) {
                    constraints.push(Expression::from(b).leq(a));
                }
            }
        }
    }

    // One group per room.
    if problem.exclusive {
        for (r, slot) in problem.rooms.iter().enumerate() {
            let here = &v.by_room[r];
            if here.is_empty() {
                continue;
            }
            let mut groups: Vec<usize> = here
                .iter()
                .filter_map(|(e, _)| problem.entities.get(*e).map(|x| x.group))
                .collect();
            groups.sort_unstable();
            groups.dedup();
            let mut zs = Expression::with_capacity(groups.len());
            for g in &groups {
                if slot.only_group.is_some_and(|only| only != *g) {
                    continue;
                }
                let z = vars.add(variable().binary());
                if warm {
                    initial.push((z, if group_at_home(*g, r) { 1.0 } else { 0.0 }));
                }
                zs.add_mul(1.0, z);
                v.z.insert((*g, r), z);
            }
            for (e, x) in here {
                let Some(g) = problem.entities.get(*e).map(|x| x.group) else {
                    continue;
                };
                match v.z.get(&(g, r)) {
                    Some(z) => constraints.push(Expression::from(*x).leq(*z)),
                    None => constraints.push(Expression::from(*x).leq(0.0)),
                }
            }
            match v.used[r] {
                Some(y) => constraints.push(zs.eq(y)),
                None => constraints.push(zs.leq(1.0)),
            }
        }
    }

    // Hard singles held by rows per room (the OSA clique, or the large office model's row);
    // otherwise by rows per single and room, below.
    let mut hard_by_room = problem.clique_singles;
    if problem.clique_singles {
        // Not sharing. Hard singles share a clique per room: with `t_r = Σ x[e,r]` over the
        // room's hard singles, `t_r ≤ 1` and `x[o,r] + t_r ≤ 1` for everyone else (two nonzeros a
        // row; the big-M row `Σ others ≤ m·(1 − x)` per single and room it replaces lets a
        // fractional single share with everybody). A room a single holds is used by exactly its
        // space, so its under- and over-use are bounded by what each single alone would leave:
        // valid at every integer point, and the LP pays a fractional single's misfit in full.
        // Soft singles keep the big-M row with their flag.
        for r in 0..n_rooms {
            let here = &v.by_room[r];
            let singles: Vec<(usize, Variable)> = here
                .iter()
                .filter(|(e, _)| {
                    problem
                        .entities
                        .get(*e)
                        .is_some_and(|ent| ent.single == Rule::Hard)
                })
                .copied()
                .collect();
            if singles.is_empty() || here.len() < 2 {
                continue;
            }
            let Some(slot) = problem.rooms.get(r).filter(|s| !s.overflow) else {
                continue;
            };
            let cap = slot.capacity;
            let t = vars.add(variable().min(0.0).max(1.0));
            if warm {
                let held = singles
                    .iter()
                    .filter(|(e, _)| {
                        problem
                            .entities
                            .get(*e)
                            .is_some_and(|ent| ent.home == Some(r))
                    })
                    .count();
                initial.push((t, held as f64));
            }
            let held: Expression = singles.iter().map(|(_, x)| *x).sum();
            constraints.push((held - t).eq(0.0));
            let mut over_rhs = cap * t - cap;
            let mut under_rhs: Expression = if problem.under_counts_empty {
                Expression::from(cap) - cap * t
            } else {
                match v.used[r] {
                    Some(y) => cap * y - cap * t,
                    None => Expression::from(cap) - cap * t,
                }
            };
            for (e, x) in here {
                let Some(ent) = problem.entities.get(*e) else {
                    continue;
                };
                if ent.single == Rule::Hard {
                    let alone_over = (ent.space - cap).max(0.0);
                    let alone_under =
                        (cap - ent.space - if ent.fills { cap } else { 0.0 }).max(0.0);
                    over_rhs.add_mul(alone_over, *x);
                    under_rhs.add_mul(alone_under, *x);
                } else {
                    constraints.push((Expression::from(*x) + t).leq(1.0));
                    over_rhs.add_mul(ent.space, *x);
                    under_rhs.add_mul(-ent.space - if ent.fills { cap } else { 0.0 }, *x);
                }
            }
            if let Some(over) = v.over[r] {
                constraints.push(over_rhs.leq(over));
            }
            if let Some(under) = v.under[r] {
                constraints.push(under_rhs.leq(under));
            }
        }
    } else {
        // Not sharing, hard. Small models: a row per single and room (Σ others ≤ m·(1 − x), the
        // tighter relaxation). Large ones: one row per room — with `s` the singles placed there (at
        // most one) and `m` the most entities the room can hold, Σ x + (m − 1)·s ≤ m.
        let per_entity_nonzeros: usize = problem
            .entities
            .iter()
            .enumerate()
            .filter(|(_, x)| x.single == Rule::Hard)
            .map(|(e, _)| {
                v.x[e]
                    .iter()
                    .map(|(r, _)| v.by_room[*r].len())
                    .sum::<usize>()
            })
            .sum();
        hard_by_room = per_entity_nonzeros > 20_000;
        for (r, here) in v.by_room.iter().enumerate() {
            if !hard_by_room {
                break;
            }
            let Some(slot) = problem.rooms.get(r) else {
                continue;
            };
            if slot.overflow || here.len() < 2 {
                continue;
            }
            let singles: Vec<Variable> = here
                .iter()
                .filter(|(e, _)| {
                    problem
                        .entities
                        .get(*e)
                        .is_some_and(|x| x.single == Rule::Hard)
                })
                .map(|(_, x)| *x)
                .collect();
            if singles.is_empty() {
                continue;
            }
            let min_space = here
                .iter()
                .filter_map(|(e, _)| problem.entities.get(*e))
                .filter(|x| !x.fills && x.space > 0.0)
                .map(|x| x.space)
                .fold(f64::INFINITY, f64::min);
            let fills = here.iter().any(|(e, _)| {
                problem
                    .entities
                    .get(*e)
                    .is_some_and(|x| x.fills || x.space <= 0.0)
            });
            let mut m = here.len() as f64;
            if let (Some(max), false) = (slot.max_load, fills)
                && min_space.is_finite()
            {
                m = m.min(((max + TOLERANCE_M2) / min_space).floor().max(1.0));
            }
            let all: Expression = here.iter().map(|(_, x)| *x).sum();
            let s_sum: Expression = singles.into_iter().sum();
            constraints.push((all + (m - 1.0) * s_sum).leq(m));
        }
    }
    // Not sharing per entity and room: soft ones (broken at a penalty) always, hard ones where
    // no per-room row holds them.
    for (e, entity) in problem.entities.iter().enumerate() {
        let wanted = match entity.single {
            Rule::Soft(_) => true,
            Rule::Hard => !hard_by_room,
            Rule::Off => false,
        };
        if !wanted {
            continue;
        }
        let soft = match entity.single {
            Rule::Soft(p) => {
                let f = vars.add(variable().binary());
                objective.add_mul(p, f);
                if warm {
                    let shared = entity.home.is_some_and(|h| {
                        problem
                            .entities
                            .iter()
                            .enumerate()
                            .any(|(o, other)| o != e && other.home == Some(h))
                    });
                    initial.push((f, if shared { 1.0 } else { 0.0 }));
                }
                Some(f)
            }
            _ => None,
        };
        for (r, x) in &v.x[e] {
            if problem.rooms.get(*r).is_some_and(|s| s.overflow) {
                continue;
            }
            let others: Vec<Variable> = v.by_room[*r]
                .iter()
                .filter(|(o, _)| *o != e)
                .map(|(_, x)| *x)
                .collect();
            if others.is_empty() {
                continue;
            }
            let m = others.len() as f64;
            let sum: Expression = others.into_iter().sum();
            // Σ others ≤ m·(1 − x) (+ m·flag).
            let mut rhs = m - m * *x;
            if let Some(f) = soft {
                rhs += m * f;
            }
            constraints.push(sum.leq(rhs));
        }
    }

    // Pairs.
    let floors: Vec<usize> = {
        let mut f: Vec<usize> = problem.rooms.iter().map(|s| s.floor).collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    for pair in &problem.pairs {
        if !pair.rule.is_on() {
            continue;
        }
        let flag = match pair.rule {
            Rule::Soft(p) => {
                let f = vars.add(variable().binary());
                objective.add_mul(p, f);
                if warm {
                    // Broken by the current allocation: the flag is up in the starting point
                    // (else the start breaks the pair's rows and HiGHS drops it).
                    let home = |e: usize| problem.entities.get(e).and_then(|ent| ent.home);
                    let floor = |r: usize| problem.rooms.get(r).map(|s| s.floor);
                    let kept = match (home(pair.a), home(pair.b)) {
                        (Some(ra), Some(rb)) => match pair.kind {
                            PairKind::SameRoom => ra == rb,
                            PairKind::NotSameRoom => ra != rb,
                            PairKind::Adjacent => {
                                ra == rb
                                    || problem
                                        .rooms
                                        .get(ra)
                                        .is_some_and(|s| s.adjacent.contains(&rb))
                            }
                            PairKind::SameFloor => floor(ra) == floor(rb),
                            PairKind::DifferentFloor => floor(ra) != floor(rb),
                        },
                        _ => true,
                    };
                    initial.push((f, if kept { 0.0 } else { 1.0 }));
                }
                Some(f)
            }
            _ => None,
        };
        let (Some(xa), Some(xb)) = (v.x.get(pair.a), v.x.get(pair.b)) else {
            continue;
        };
        let of = |row: &Vec<(usize, Variable)>, r: usize| {
            row.iter().find(|(q, _)| *q == r).map(|(_, x)| *x)
        };
        let relax = |e: Expression| match flag {
            Some(f) => e - f,
            None => e,
        };
        match pair.kind {
            PairKind::SameRoom => {
                // x[a,r] ≤ x[b,r] for every room of a (and b's rooms a cannot take are out).
                for (r, x) in xa {
                    let rhs: Expression =
                        of(xb, *r).map_or(Expression::from(0.0), Expression::from);
                    constraints.push(relax(Expression::from(*x) - rhs).leq(0.0));
                }
                for (r, x) in xb {
                    if of(xa, *r).is_none() {
                        constraints.push(relax(Expression::from(*x)).leq(0.0));
                    }
                }
            }
            PairKind::NotSameRoom => {
                for (r, x) in xa {
                    if let Some(y) = of(xb, *r) {
                        constraints.push(relax(Expression::from(*x) + y).leq(1.0));
                    }
                }
            }
            PairKind::Adjacent => {
                for (r, x) in xa {
                    let Some(slot) = problem.rooms.get(*r) else {
                        continue;
                    };
                    let mut near = Expression::with_capacity(slot.adjacent.len() + 1);
                    for q in std::iter::once(r).chain(slot.adjacent.iter()) {
                        if let Some(y) = of(xb, *q) {
                            near.add_mul(1.0, y);
                        }
                    }
                    constraints.push(relax(Expression::from(*x) - near).leq(0.0));
                }
            }
            PairKind::SameFloor | PairKind::DifferentFloor => {
                for f in &floors {
                    let on = |row: &Vec<(usize, Variable)>| -> Expression {
                        row.iter()
                            .filter(|(r, _)| problem.rooms.get(*r).is_some_and(|s| s.floor == *f))
                            .map(|(_, x)| *x)
                            .sum()
                    };
                    let (a, b) = (on(xa), on(xb));
                    if pair.kind == PairKind::SameFloor {
                        constraints.push(relax(a - b).leq(0.0));
                    } else {
                        constraints.push(relax(a + b).leq(1.0));
                    }
                }
            }
        }
    }

    // Group spread, limits and moves.
    let mut group_rooms: Vec<Vec<(usize, Variable)>> = vec![Vec::new(); problem.groups];
    for (e, entity) in problem.entities.iter().enumerate() {
        if let Some(list) = group_rooms.get_mut(entity.group) {
            list.extend(v.x[e].iter().copied());
        }
    }
    let spread = problem.building_cost > 0.0
        || problem.floor_cost > 0.0
        || problem.one_building.iter().any(|b| *b);
    for (g, list) in group_rooms.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let one_building = problem.one_building.get(g).copied().unwrap_or(false);
        if spread {
            for (level, cost) in [(0usize, problem.building_cost), (1, problem.floor_cost)] {
                if cost <= 0.0 && !(level == 0 && one_building) {
                    continue;
                }
                let held: &[usize] = if level == 0 {
                    problem
                        .group_buildings
                        .get(g)
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                } else {
                    problem
                        .group_floors
                        .get(g)
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                };
                let key = |r: usize| {
                    problem
                        .rooms
                        .get(r)
                        .map(|s| if level == 0 { s.building } else { s.floor })
                };
                let mut places: std::collections::BTreeMap<usize, Variable> =
                    std::collections::BTreeMap::new();
                // Per entity and place: Σ x over the place's rooms ≤ w (each entity is in one
                // room, so this is valid and much tighter than one row per room).
                for (e, entity) in problem.entities.iter().enumerate() {
                    if entity.group != g {
                        continue;
                    }
                    let mut sums: HashMap<usize, Expression> = HashMap::new();
                    for (r, x) in &v.x[e] {
                        let Some(k) = key(*r) else { continue };
                        if held.contains(&k) || problem.rooms.get(*r).is_some_and(|s| s.overflow) {
                            continue;
                        }
                        sums.entry(k).or_default().add_mul(1.0, *x);
                    }
                    let mut sums: Vec<(usize, Expression)> = sums.into_iter().collect();
                    sums.sort_by_key(|(k, _)| *k);
                    for (k, sum) in sums {
                        let w = *places.entry(k).or_insert_with(|| {
                            let w = vars.add(variable().binary());
                            if cost > 0.0 {
                                if problem.lexicographic {
                                    spread_objective.add_mul(cost, w);
                                } else {
                                    objective.add_mul(cost, w);
                                }
                            }
                            w
                        });
                        if one_building || !problem.lexicographic {
                            constraints.push(sum.leq(w));
                        } else {
                            spread_rows.push(sum.leq(w));
                        }
                    }
                }
                if warm {
                    for (k, w) in &places {
                        let home = problem
                            .entities
                            .iter()
                            .any(|ent| ent.group == g && ent.home.and_then(key) == Some(*k));
                        initial.push((*w, if home { 1.0 } else { 0.0 }));
                    }
                }
                if level == 0 && one_building {
                    let sum: Expression = places.values().copied().sum();
                    constraints.push(sum.leq((1.0 - held.len() as f64).max(0.0)));
                }
            }
        }
        if problem.group_move_cost > 0.0 {
            let m = vars.add(variable().binary());
            objective.add_mul(problem.group_move_cost, m);
            if warm {
                initial.push((m, 0.0));
            }
            for (e, entity) in problem.entities.iter().enumerate() {
                if entity.group != g {
                    continue;
                }
                for (r, x) in &v.x[e] {
                    if entity.home != Some(*r) {
                        constraints.push(Expression::from(*x).leq(m));
                    }
                }
            }
        }
    }
    for limit in &problem.limits {
        let mut sum = Expression::from(limit.fixed);
        for (r, coef) in &limit.rooms {
            if let Some(z) = v.z.get(&(limit.group, *r)) {
                sum.add_mul(*coef, *z);
            }
        }
        match limit.rule {
            Rule::Off => {}
            Rule::Hard => constraints.push(sum.leq(limit.limit + TOLERANCE_M2)),
            Rule::Soft(p) => {
                let f = vars.add(variable().binary());
                objective.add_mul(p, f);
                if warm {
                    // Over the limit with everyone at home?
                    let mut now = limit.fixed;
                    for (r, coef) in &limit.rooms {
                        if group_at_home(limit.group, *r) {
                            now += coef;
                        }
                    }
                    initial.push((
                        f,
                        if now > limit.limit + TOLERANCE_M2 {
                            1.0
                        } else {
                            0.0
                        },
                    ));
                }
                let total: f64 =
                    limit.rooms.iter().map(|(_, c)| c.abs()).sum::<f64>() + limit.fixed.abs();
                constraints.push(sum.leq(limit.limit + TOLERANCE_M2 + total * f));
            }
        }
    }

    // Solve: first the main objective; then, if it was proven optimal and there is a
    // tie-break, the tie-break among the solutions as good (the main objective held to its
    // optimum). Two phases keep the main objective integral, which HiGHS uses to prune.
    let index = vars.index.clone();
    let mut cols = vec![0.0; index.len()];
    let has_start = warm && !initial.is_empty();
    for (x, value) in &initial {
        if let Some(c) = cols.get_mut(index.get(x).copied().unwrap_or(usize::MAX)) {
            *c = *value;
        }
    }
    // Without a full warm start, the caller's partial start: x = 1 where placed, 0 elsewhere
    // for the entities it places.
    let mut sparse: Vec<(usize, f64)> = Vec::new();
    if !has_start {
        // The start must respect the order imposed on identical rooms (the earlier used
        // first) and identical entities (rooms handed out in the order of their position).
        let mut start = if problem.grouped_start
            && problem.exclusive
            && problem.groups > 1
            && placements > GROUPED_START_MIN_COLUMNS
        {
            grouped_start(problem, options, started)
        } else {
            problem.start.clone()
        };
        for class in &room_classes {
            let used: Vec<usize> = class
                .iter()
                .copied()
                .filter(|r| start.contains(&Some(*r)))
                .collect();
            let map: HashMap<usize, usize> =
                used.iter().copied().zip(class.iter().copied()).collect();
            for s in start.iter_mut() {
                if let Some(r) = s
                    && let Some(to) = map.get(r)
                {
                    *r = *to;
                }
            }
        }
        for members in &symmetric {
            let pos = |e: usize, s: usize| {
                v.x[e]
                    .iter()
                    .position(|(r, _)| *r == s)
                    .unwrap_or(usize::MAX)
            };
            let mut placed: Vec<usize> = members
                .iter()
                .filter_map(|e| start.get(*e).copied().flatten())
                .collect();
            if placed.len() != members.len() {
                // Some left to the solver: drop the class from the start.
                for e in members {
                    if let Some(x) = start.get_mut(*e) {
                        *x = None;
                    }
                }
                continue;
            }
            if let Some(first) = members.first() {
                placed.sort_by_key(|s| pos(*first, *s));
            }
            for (e, s) in members.iter().zip(placed) {
                if let Some(x) = start.get_mut(*e) {
                    *x = Some(s);
                }
            }
        }
        for (e, s) in start.iter().enumerate() {
            let (Some(s), Some(row)) = (s, v.x.get(e)) else {
                continue;
            };
            for (r, x) in row {
                if let Some(c) = index.get(x) {
                    sparse.push((*c, if r == s { 1.0 } else { 0.0 }));
                }
            }
        }
    }
    let first = run_phase(
        vars.vars.clone(),
        objective.clone(),
        &constraints,
        has_start.then_some(cols.as_slice()),
        (!sparse.is_empty()).then_some(sparse.as_slice()),
        options,
        started,
    )?;
    let mut phase = first;
    let (columns, rows) = (phase.columns, phase.rows);
    let mut status = phase.status;
    // good_lp hands HiGHS the objective without its constant: add `offset` back, so reported
    // objectives include it (and the later phases hold the objective as written), and state
    // the gap relative to that objective.
    let main_objective = phase.objective + problem.offset;
    let main_bound = phase.bound + problem.offset;
    let main_optimal = status == Status::Optimal;
    let mut gap = if problem.offset != 0.0 && main_bound.is_finite() && phase.gap.is_finite() {
        (main_objective - main_bound).max(0.0) / main_objective.abs().max(1e-9)
    } else {
        phase.gap
    };
    // Later phases: each minimises its objective with the earlier ones held at their optima.
    let spread = problem.lexicographic && (problem.building_cost > 0.0 || problem.floor_cost > 0.0);
    let tie = problem.rooms.iter().any(|r| r.tiebreak != 0.0);
    let mut held = constraints.clone();
    held.extend(spread_rows);
    let mut previous = (objective.clone(), main_objective);
    // The spread and the tie-break in one phase: every place outweighs the whole tie-break
    // (both integral where the caller's costs are, so the solver prunes on integrality).
    let tie_total: f64 = problem.rooms.iter().map(|r| r.tiebreak.abs()).sum::<f64>() + 1.0;
    let later_objective = if spread {
        spread_objective * tie_total + objective2
    } else {
        objective2
    };
    for (active, next) in [(spread || tie, later_objective)] {
        if !active || status != Status::Optimal || options.cancel.load(Ordering::Relaxed) {
            continue;
        }
        let slack = 1e-6 * previous.1.abs().max(1.0);
        held.push(previous.0.clone().leq(previous.1 + slack));
        let later = run_phase(
            vars.vars.clone(),
            next.clone(),
            &held,
            phase.values.as_deref(),
            None,
            options,
            started,
        )?;
        if later.values.is_none() {
            // Stopped before it found anything: keep what the earlier phase proved.
            status = Status::Feasible;
            break;
        }
        if later.status != Status::Optimal {
            status = Status::Feasible;
            gap = later.gap;
        }
        previous = (next, later.objective);
        phase = later;
    }
    let cancelled = options.cancel.load(Ordering::Relaxed);
    let has_solution = phase.values.is_some();
    let values: Vec<f64> = phase.values.take().unwrap_or_default();
    let seconds = started.elapsed().as_secs_f64();
    let mut outcome = Outcome {
        seconds,
        columns,
        rows,
        cancelled,
        main_optimal,
        ..Outcome::without_solution(status)
    };
    if !has_solution {
        return Ok(outcome);
    }
    let val = |x: &Variable| {
        values
            .get(index.get(x).copied().unwrap_or(usize::MAX))
            .copied()
            .unwrap_or(0.0)
    };
    outcome.objective = main_objective;
    outcome.bound = main_bound;
    outcome.gap = if status == Status::Optimal { 0.0 } else { gap };
    outcome.placement =
        v.x.iter()
            .map(|row| {
                row.iter()
                    .max_by(|a, b| val(&a.1).total_cmp(&val(&b.1)))
                    .map_or(usize::MAX, |(r, _)| *r)
            })
            .collect();
    let mut used = vec![false; n_rooms];
    for r in &outcome.placement {
        if let Some(u) = used.get_mut(*r) {
            *u = true;
        }
    }
    outcome.used = used;
    for (i, limit) in problem.limits.iter().enumerate() {
        let mut sum = limit.fixed;
        for (r, coef) in &limit.rooms {
            if let Some(z) = v.z.get(&(limit.group, *r)) {
                sum += coef * val(z);
            }
        }
        if limit.rule.is_on() && limit.limit - sum < 0.5 {
            outcome.binding.push(i);
        }
    }
    Ok(outcome)
}

/// Up to this many placement columns, identical entities are ordered by their room's position.
/// Measured: on the sample (274 columns) the rows speed up the proof; on the OSA instances
/// they made no difference; on the synthetic county's vacate model (8,528 columns, each unit's
/// start model 2,000–3,000) HiGHS did not finish its root LP within the 10 s limit with them,
/// and proved a 0.04 % gap without them.
const ORDER_IDENTICAL_MAX_COLUMNS: usize = 1000;

/// The group-by-group start is for models at least this large (placement columns): smaller
/// ones HiGHS solves whole faster than it builds and solves one model per group (the sample's
/// vacate model has 274, the synthetic county's 8,528).
const GROUPED_START_MIN_COLUMNS: usize = 3000;

/// Whether entity `e` has a home and may stay there (its home is one of its options).
fn at_home_allowed(problem: &Problem, e: usize) -> bool {
    problem
        .entities
        .get(e)
        .and_then(|ent| ent.home)
        .is_some_and(|h| {
            problem
                .options
                .get(e)
                .is_some_and(|o| o.iter().any(|(r, _)| *r == h))
        })
}

/// Share of the time limit the group-by-group start may take.
const GROUPED_START_SHARE: f64 = 0.7;

/// A complete first placement, found group by group (see [`Problem::grouped_start`]): groups
/// whose entities all have a home stay there; the others, the most space first, are each
/// solved as a model of their own over the rooms no earlier group took, in an equal share of
/// [`GROUPED_START_SHARE`] of the time limit, stopping at its first solution. Where a group's model finds nothing in its share, its entities keep
/// the caller's start (HiGHS completes what is left).
fn grouped_start(
    problem: &Problem,
    options: &SolveOptions,
    started: Instant,
) -> Vec<Option<usize>> {
    let entities = &problem.entities;
    let has_home = |e: usize| at_home_allowed(problem, e);
    let mut start: Vec<Option<usize>> = (0..entities.len())
        .map(|e| {
            if has_home(e) {
                entities[e].home
            } else {
                problem.start.get(e).copied().flatten()
            }
        })
        .collect();
    let mut travelling: Vec<(usize, f64)> = Vec::new();
    for g in 0..problem.groups {
        let members = (0..entities.len()).filter(|e| entities[*e].group == g);
        let mut space = 0.0;
        let mut moves = false;
        for e in members {
            space += entities[e].space;
            moves |= !has_home(e);
        }
        if moves {
            travelling.push((g, space));
        }
    }
    if travelling.is_empty() {
        return start;
    }
    travelling.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // Rooms held by a group: its homes now, then what each solved group took.
    let mut taken: Vec<Option<usize>> = vec![None; problem.rooms.len()];
    for (e, ent) in entities.iter().enumerate() {
        if has_home(e)
            && let Some(t) = ent.home.and_then(|h| taken.get_mut(h))
        {
            *t = Some(ent.group);
        }
    }
    let budget = options.time_limit.mul_f64(GROUPED_START_SHARE);
    // What every group's model shares: the rooms (no tie-break: one phase), the groups' spread
    // and the weights; entities, options, pairs, limits and start are each group's own.
    let shared = Problem {
        entities: Vec::new(),
        rooms: problem
            .rooms
            .iter()
            .map(|r| Slot {
                tiebreak: 0.0,
                ..r.clone()
            })
            .collect(),
        options: Vec::new(),
        pairs: Vec::new(),
        limits: Vec::new(),
        start: Vec::new(),
        lexicographic: false,
        grouped_start: false,
        ..problem.clone()
    };
    for (i, (g, _)) in travelling.iter().enumerate() {
        if options.cancel.load(Ordering::Relaxed) {
            break;
        }
        let members: Vec<usize> = (0..entities.len())
            .filter(|e| entities[*e].group == *g)
            .collect();
        let local: HashMap<usize, usize> =
            members.iter().enumerate().map(|(i, e)| (*e, i)).collect();
        let free = |r: usize| {
            problem.rooms.get(r).is_some_and(|s| s.overflow)
                || taken.get(r).copied().flatten().is_none_or(|h| h == *g)
        };
        let share = budget.saturating_sub(started.elapsed()) / (travelling.len() - i) as u32;
        let sub = Problem {
            entities: members.iter().map(|e| entities[*e].clone()).collect(),
            options: members
                .iter()
                .map(|e| {
                    problem.options[*e]
                        .iter()
                        .copied()
                        .filter(|(r, _)| free(*r))
                        .collect()
                })
                .collect(),
            pairs: problem
                .pairs
                .iter()
                .filter_map(|p| {
                    Some(Pair {
                        a: *local.get(&p.a)?,
                        b: *local.get(&p.b)?,
                        ..*p
                    })
                })
                .collect(),
            limits: problem
                .limits
                .iter()
                .filter(|l| l.group == *g)
                .cloned()
                .collect(),
            start: {
                // The caller's start only where it places the whole group: completing a
                // partial one can take HiGHS longer than finding one of its own.
                let given: Vec<Option<usize>> = members
                    .iter()
                    .map(|e| start.get(*e).copied().flatten().filter(|r| free(*r)))
                    .collect();
                if given.iter().all(Option::is_some) {
                    given
                } else {
                    vec![None; members.len()]
                }
            },
            ..shared.clone()
        };
        let sub_options = SolveOptions {
            time_limit: share.max(Duration::from_millis(200)),
            cancel: options.cancel.clone(),
            progress: None,
            warm_start: false,
            relative_gap: 0.0,
            first_solution: true,
        };
        let Ok(out) = solve(&sub, &sub_options) else {
            continue;
        };
        if out.placement.len() != members.len() {
            continue;
        }
        for (e, r) in members.iter().zip(&out.placement) {
            start[*e] = Some(*r);
            if let Some(t) = taken.get_mut(*r)
                && !problem.rooms.get(*r).is_some_and(|s| s.overflow)
            {
                *t = Some(*g);
            }
        }
    }
    start
}

/// One HiGHS solve and what it found.
struct Phase {
    status: Status,
    objective: f64,
    bound: f64,
    gap: f64,
    values: Option<Vec<f64>>,
    columns: usize,
    rows: usize,
}

fn run_phase(
    vars: ProblemVariables,
    objective: Expression,
    constraints: &[good_lp::Constraint],
    start: Option<&[f64]>,
    partial: Option<&[(usize, f64)]>,
    options: &SolveOptions,
    started: Instant,
) -> Result<Phase, EngineError> {
    let mut lp = vars.minimise(objective).using(good_lp::highs);
    for c in constraints {
        lp.add_constraint(c.clone());
    }
    let mut model = lp.try_into_inner().map_err(|e| EngineError::Solver {
        reason: e.to_string(),
    })?;
    let (columns, rows) = (model.num_cols(), model.num_rows());
    model.make_quiet();
    if std::env::var_os("OFFICEPLAN_HIGHS_LOG").is_some() {
        let _ = model.try_set_option(&b"output_flag"[..], true);
        let _ = model.try_set_option(&b"log_to_console"[..], true);
    }
    let seconds_left = options
        .time_limit
        .saturating_sub(started.elapsed())
        .as_secs_f64()
        .max(0.1);
    let _ = model.try_set_option(&b"time_limit"[..], seconds_left);
    let _ = model.try_set_option(&b"mip_rel_gap"[..], options.relative_gap.max(0.0));
    let _ = model.try_set_option(&b"mip_abs_gap"[..], 1e-6);
    let _ = model.try_set_option(&b"threads"[..], 1);
    let _ = model.try_set_option(&b"random_seed"[..], 1);
    if let Some(cols) = start {
        if cols.len() == columns {
            let _ = model.try_set_solution(Some(cols), None, None, None);
        }
    } else if let Some(partial) = partial {
        let index: Vec<highs_sys::HighsInt> = partial
            .iter()
            .filter_map(|(c, _)| highs_sys::HighsInt::try_from(*c).ok())
            .collect();
        let values: Vec<f64> = partial.iter().map(|(_, v)| *v).collect();
        if index.len() == values.len()
            && let Ok(n) = highs_sys::HighsInt::try_from(index.len())
        {
            // SAFETY: both arrays hold `n` entries and outlive the call.
            unsafe {
                highs_sys::Highs_setSparseSolution(
                    model.as_mut_ptr(),
                    n,
                    index.as_ptr(),
                    values.as_ptr(),
                );
            }
        }
    }
    let watch = Box::new(Watch {
        cancel: options.cancel.clone(),
        progress: options.progress.clone(),
        offset: started.elapsed().as_secs_f64(),
        first_solution: options.first_solution,
        deadline: started + options.time_limit,
    });
    let watch_ptr: *const Watch = &*watch;
    // SAFETY: the callback data outlives the solve (`watch` is dropped after `try_solve`
    // returns), HiGHS calls the callback on this thread only, and the callback reads the
    // HiGHS-owned structs only for the duration of the call.
    unsafe {
        let ptr = model.as_mut_ptr();
        highs_sys::Highs_setCallback(ptr, Some(callback), watch_ptr as *mut c_void);
        highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipImprovingSolution as _);
        highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipInterrupt as _);
        highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipLogging as _);
    }
    let solved = model.try_solve().map_err(|e| EngineError::Solver {
        reason: format!("{e:?}"),
    })?;
    drop(watch);
    use highs::HighsModelStatus as M;
    // 2 = kSolutionStatusFeasible. Read as an info value: the binding's enum panics on a
    // status it does not know (HiGHS reports -1 when a phase stops before any solution).
    let has_solution = solved
        .int_info_value(c"primal_solution_status")
        .unwrap_or(0)
        == 2;
    let status = match solved.status() {
        M::Infeasible | M::UnboundedOrInfeasible => Status::Infeasible,
        M::Optimal if has_solution => Status::Optimal,
        _ if has_solution => Status::Feasible,
        _ => Status::Unknown,
    };
    let objective = solved.objective_value();
    let gap = solved.mip_gap();
    Ok(Phase {
        status,
        objective,
        bound: solved
            .double_info_value(c"mip_dual_bound")
            .unwrap_or(objective),
        gap: if gap.is_finite() {
            gap.clamp(0.0, 1.0)
        } else {
            1.0
        },
        values: has_solution.then(|| solved.get_solution().columns().to_vec()),
        columns,
        rows,
    })
}

struct Watch {
    cancel: Arc<AtomicBool>,
    progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
    /// Seconds already spent before this phase.
    offset: f64,
    /// Interrupt once there is a solution ([`SolveOptions::first_solution`]).
    first_solution: bool,
    /// The time limit as a moment: HiGHS's own limit lets the root node's cut rounds run on
    /// (measured: 9.8 s of a 7.5 s limit on the synthetic county), so the callback stops it.
    deadline: Instant,
}

unsafe extern "C" fn callback(
    kind: std::os::raw::c_int,
    _message: *const std::os::raw::c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if user.is_null() {
        return;
    }
    // SAFETY: `user` is the `Watch` passed to Highs_setCallback, alive for the solve.
    let watch = unsafe { &*(user as *const Watch) };
    let kind = kind as highs_sys::HighsInt;
    if kind == highs_sys::kHighsCallbackMipInterrupt as highs_sys::HighsInt {
        // SAFETY: HiGHS passes a valid output struct (or null) for MIP callbacks.
        let solved = watch.first_solution
            && !out.is_null()
            && unsafe { (*out).mip_primal_bound }.abs() < 1e30;
        let late = Instant::now() > watch.deadline;
        if (watch.cancel.load(Ordering::Relaxed) || solved || late) && !data_in.is_null() {
            // SAFETY: HiGHS passes a valid input struct for interrupt callbacks.
            unsafe { (*data_in).user_interrupt = 1 };
        }
        return;
    }
    if out.is_null() {
        return;
    }
    // SAFETY: HiGHS passes a valid output struct for MIP callbacks.
    let out = unsafe { &*out };
    if let Some(report) = &watch.progress {
        let incumbent = out.mip_primal_bound;
        let has = incumbent.is_finite() && incumbent.abs() < 1e30;
        report(Progress {
            seconds: out.running_time + watch.offset,
            incumbent: has.then_some(incumbent),
            bound: out.mip_dual_bound,
            gap: if has && out.mip_gap.is_finite() {
                out.mip_gap.clamp(0.0, 1.0)
            } else {
                1.0
            },
        });
    }
}

/// The name HiGHS gives an info value (kept for the doc of what the outcome reads).
#[allow(dead_code)]
const DUAL_BOUND: &CStr = c"mip_dual_bound";

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(capacity: f64, floor: usize) -> Slot {
        Slot {
            capacity,
            floor,
            building: 0,
            adjacent: Vec::new(),
            use_cost: 0.0,
            tiebreak: 0.0,
            max_load: None,
            over_flag: None,
            under_hard: false,
            under_flag: None,
            only_group: None,
            overflow: false,
        }
    }

    fn entity(group: usize, space: f64) -> Entity {
        Entity {
            group,
            space,
            fills: false,
            single: Rule::Off,
            home: None,
        }
    }

    /// Two rooms of 10 and 20 m², three entities of 10 m²: the OSA objective (1 per m²
    /// under-used, 2 per m² over-used) is 0 when two share the 20 and one takes the 10.
    #[test]
    fn three_entities_fill_two_rooms_exactly() {
        let problem = Problem {
            entities: vec![entity(0, 10.0), entity(0, 10.0), entity(1, 10.0)],
            rooms: vec![slot(10.0, 0), slot(20.0, 0)],
            options: vec![vec![(0, 0.0), (1, 0.0)]; 3],
            groups: 2,
            over_weight: 2.0,
            under_weight: 1.0,
            under_counts_empty: true,
            ..Problem::default()
        };
        let out = solve(
            &problem,
            &SolveOptions {
                warm_start: false,
                ..SolveOptions::default()
            },
        )
        .expect("solves");
        assert_eq!(out.status, Status::Optimal);
        assert!(out.objective.abs() < 1e-6, "objective {}", out.objective);
        let in_big = out.placement.iter().filter(|r| **r == 1).count();
        assert_eq!(in_big, 2);
    }

    /// Not sharing (hard) forces the single entity alone: with rooms 10 and 20 and entities
    /// 10 (single), 10, 10, the best is single in 10 and two in 20 (objective 0); forcing the
    /// single one into the 20 by a same-room rule with another entity is infeasible.
    #[test]
    fn not_sharing_and_same_room_conflict_is_infeasible() {
        let mut single = entity(0, 10.0);
        single.single = Rule::Hard;
        let problem = Problem {
            entities: vec![single, entity(0, 10.0), entity(1, 10.0)],
            rooms: vec![slot(10.0, 0), slot(20.0, 1)],
            options: vec![vec![(0, 0.0), (1, 0.0)]; 3],
            pairs: vec![Pair {
                kind: PairKind::SameRoom,
                a: 0,
                b: 1,
                rule: Rule::Hard,
            }],
            groups: 2,
            over_weight: 2.0,
            under_weight: 1.0,
            under_counts_empty: true,
            ..Problem::default()
        };
        let out = solve(
            &problem,
            &SolveOptions {
                warm_start: false,
                ..SolveOptions::default()
            },
        )
        .expect("solves");
        assert_eq!(out.status, Status::Infeasible);
        // Soft, it costs the penalty (50) plus nothing else.
        let mut soft = problem.clone();
        soft.pairs[0].rule = Rule::Soft(10.0);
        let out = solve(
            &soft,
            &SolveOptions {
                warm_start: false,
                ..SolveOptions::default()
            },
        )
        .expect("solves");
        assert_eq!(out.status, Status::Optimal);
        assert!(
            (out.objective - 10.0).abs() < 1e-6,
            "objective {}",
            out.objective
        );
    }

    /// The office standard: a used room's area within its occupants' rows (under-use hard
    /// when used), one unit per room, and a unit pays once for moving.
    #[test]
    fn office_rule_packs_persons_within_their_rows() {
        let mut rooms = vec![slot(18.0, 0), slot(24.0, 0), slot(50.0, 1)];
        for s in &mut rooms {
            s.under_hard = true;
            s.use_cost = 1.0;
            // Occupants get at least 60 % of their rows (the optimizer's no-crowding rule).
            s.max_load = Some(s.capacity / 0.6);
        }
        let problem = Problem {
            // Rows 12, 12 (share the 24) and 18 (alone in the 18). All three (42 m² of rows) would
            // be crowded in the 24 (at most 40) and too few for the 50 (under 50).
            entities: vec![entity(0, 12.0), entity(0, 12.0), entity(0, 18.0)],
            rooms,
            options: vec![vec![(0, 0.0), (1, 0.0), (2, 0.0)]; 3],
            groups: 1,
            exclusive: true,
            ..Problem::default()
        };
        let out = solve(
            &problem,
            &SolveOptions {
                warm_start: false,
                ..SolveOptions::default()
            },
        )
        .expect("solves");
        assert_eq!(out.status, Status::Optimal);
        assert_eq!(out.placement, vec![1, 1, 0]);
        assert_eq!(out.used, vec![true, true, false]);
    }
}
