//! The Office Space Allocation benchmark adapter: the public Nottingham instances (Landa-Silva,
//! Burke, Ülker; `../shared/osa/`) read into the optimizer's own model ([`engine`]) and solved
//! by it, so the engine is checked on allocation problems nobody here wrote.
//!
//! Entities are persons (their space, their group a unit), rooms are [`Slot`]s (capacity,
//! floor, adjacency); not sharing is a single office ([`Entity::single`]); same room, not same
//! room, adjacency, nearby (same floor) and away from (different floors) are [`Pair`]s. The
//! objective is the benchmark's: 1 per m² under-used and 2 per m² over-used in every room,
//! empty ones included, plus 20 per broken soft allocation, 50 per broken soft not-sharing and
//! 10 per any other broken soft constraint. [`evaluate`] computes it again from the placement
//! alone, and [`run`] reports that figure. HiGHS starts from a greedy placement that keeps
//! the hard constraints ([`start`]).
//!
//! ```no_run
//! use std::time::{Duration, Instant};
//! let report = officeplan::optimize::osa::run(
//!     std::path::Path::new("../shared/osa/nott1d.txt"),
//!     Duration::from_secs(60),
//! )?;
//! println!("{} {:?} {:?}", report.instance, report.status, report.objective);
//! # Ok::<(), officeplan::optimize::osa::OsaError>(())
//! ```

mod evaluate;
mod parse;
mod start;

use std::path::Path;
use std::time::{Duration, Instant};

pub use evaluate::{Evaluation, evaluate, soft_penalty};
pub use parse::{parse, read};
pub use start::start;

use super::engine::{
    self, EngineError, Entity, Pair, PairKind, Problem, Rule, Slot, SolveOptions, Status,
};

/// The counts an instance's header states (the second form's lines are optional).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub entities: Option<usize>,
    pub rooms: Option<usize>,
    pub constraints: Option<usize>,
    pub floors: Option<usize>,
    pub hard_constraints: Option<usize>,
    pub soft_constraints: Option<usize>,
}

/// An entity (a person, in the model) as the file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct OsaEntity {
    /// The file's `EID`.
    pub id: i64,
    /// The file's `GID`.
    pub group_id: i64,
    /// The group's position among the file's groups, in order of first appearance.
    pub group: usize,
    /// Space needed, m².
    pub space: f64,
    /// Line of the file.
    pub line: usize,
}

/// A room as the file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct OsaRoom {
    /// The file's `RID`.
    pub id: i64,
    /// The file's `FID`.
    pub floor_id: i64,
    /// The floor's position among the file's floors, in order of first appearance.
    pub floor: usize,
    /// Capacity, m².
    pub capacity: f64,
    /// Adjacent rooms by position (the room itself not listed).
    pub adjacent: Vec<usize>,
    pub line: usize,
}

/// A constraint type (`readme_nott.txt`). ONEOF (2) is unused by the published files and read
/// as an error; UNUSED (-1) rows are counted and dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    Allocation,
    NonAllocation,
    Capacity,
    SameRoom,
    NotSameRoom,
    NotSharing,
    Adjacency,
    Nearby,
    AwayFrom,
}

impl ConstraintKind {
    pub const ALL: [ConstraintKind; 9] = [
        ConstraintKind::Allocation,
        ConstraintKind::NonAllocation,
        ConstraintKind::Capacity,
        ConstraintKind::SameRoom,
        ConstraintKind::NotSameRoom,
        ConstraintKind::NotSharing,
        ConstraintKind::Adjacency,
        ConstraintKind::Nearby,
        ConstraintKind::AwayFrom,
    ];

    /// The file's type code.
    pub fn code(self) -> i64 {
        match self {
            ConstraintKind::Allocation => 0,
            ConstraintKind::NonAllocation => 1,
            ConstraintKind::Capacity => 3,
            ConstraintKind::SameRoom => 4,
            ConstraintKind::NotSameRoom => 5,
            ConstraintKind::NotSharing => 6,
            ConstraintKind::Adjacency => 7,
            ConstraintKind::Nearby => 8,
            ConstraintKind::AwayFrom => 9,
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A constraint with its subject and target by position: entities for allocation (subject)
/// and the pair types, the room for allocation's target and capacity's subject.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub kind: ConstraintKind,
    pub hard: bool,
    pub subject: usize,
    pub target: Option<usize>,
    pub line: usize,
}

/// A whole instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The file's stem (`nott1d`).
    pub name: String,
    /// The path as given, for messages.
    pub file: String,
    pub header: Header,
    pub entities: Vec<OsaEntity>,
    pub rooms: Vec<OsaRoom>,
    pub constraints: Vec<Constraint>,
    pub groups: usize,
    pub floors: usize,
}

/// Why an instance could not be read or solved. Every reading error names the file and line.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum OsaError {
    #[error("{}", crate::t!("osa.error_read", file = file, reason = reason))]
    Read { file: String, reason: String },
    #[error("{}", crate::t!("osa.error_header", file = file, line = line, text = text))]
    BadHeader {
        file: String,
        line: usize,
        text: String,
    },
    #[error("{}", crate::t!("osa.error_missing_header", file = file, key = key))]
    MissingHeader { file: String, key: &'static str },
    #[error("{}", crate::t!("osa.error_number", file = file, line = line, text = text))]
    BadNumber {
        file: String,
        line: usize,
        text: String,
    },
    #[error("{}", crate::t!("osa.error_fields", file = file, line = line, expected = expected, found = found))]
    Fields {
        file: String,
        line: usize,
        expected: usize,
        found: usize,
    },
    #[error("{}", crate::t!("osa.error_repeated_section", file = file, line = line, section = section))]
    RepeatedSection {
        file: String,
        line: usize,
        section: &'static str,
    },
    #[error("{}", crate::t!("osa.error_duplicate_id", file = file, line = line, what = what, id = id))]
    DuplicateId {
        file: String,
        line: usize,
        what: &'static str,
        id: i64,
    },
    #[error("{}", crate::t!("osa.error_unknown_id", file = file, line = line, what = what, id = id))]
    UnknownId {
        file: String,
        line: usize,
        what: &'static str,
        id: i64,
    },
    #[error("{}", crate::t!("osa.error_type", file = file, line = line, code = code))]
    UnsupportedType {
        file: String,
        line: usize,
        code: i64,
    },
    #[error("{}", crate::t!("osa.error_count", file = file, line = line, key = key, expected = expected, found = found))]
    CountMismatch {
        file: String,
        line: usize,
        key: &'static str,
        expected: usize,
        found: usize,
    },
    #[error("{}", crate::t!("osa.error_solve", file = file, reason = source))]
    Solve { file: String, source: EngineError },
}

impl OsaError {
    /// The line of the file the error is about, if it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            OsaError::BadHeader { line, .. }
            | OsaError::BadNumber { line, .. }
            | OsaError::Fields { line, .. }
            | OsaError::RepeatedSection { line, .. }
            | OsaError::DuplicateId { line, .. }
            | OsaError::UnknownId { line, .. }
            | OsaError::UnsupportedType { line, .. }
            | OsaError::CountMismatch { line, .. } => Some(*line),
            OsaError::Read { .. } | OsaError::MissingHeader { .. } | OsaError::Solve { .. } => None,
        }
    }
}

/// The benchmark's weights: per m² over-used and under-used.
pub const OVER_WEIGHT: f64 = 2.0;
pub const UNDER_WEIGHT: f64 = 1.0;

/// The optimizer's model of `instance`: every entity may take every room unless a hard
/// allocation or non-allocation says otherwise; soft ones are option costs.
pub fn problem(instance: &Instance) -> Problem {
    let n_rooms = instance.rooms.len();
    let rooms: Vec<Slot> = instance
        .rooms
        .iter()
        .map(|room| Slot {
            capacity: room.capacity,
            floor: room.floor,
            building: 0,
            adjacent: room.adjacent.clone(),
            use_cost: 0.0,
            tiebreak: 0.0,
            max_load: None,
            over_flag: None,
            under_hard: false,
            under_flag: None,
            only_group: None,
            overflow: false,
        })
        .collect();
    let mut problem = Problem {
        entities: instance
            .entities
            .iter()
            .map(|e| Entity {
                group: e.group,
                space: e.space,
                fills: false,
                single: Rule::Off,
                home: None,
            })
            .collect(),
        rooms,
        groups: instance.groups,
        over_weight: OVER_WEIGHT,
        under_weight: UNDER_WEIGHT,
        under_counts_empty: true,
        exclusive: false,
        clique_singles: true,
        ..Problem::default()
    };
    // Per entity and room: allowed, and the cost of taking it.
    let mut allowed = vec![vec![true; n_rooms]; instance.entities.len()];
    let mut cost = vec![vec![0.0; n_rooms]; instance.entities.len()];
    for c in &instance.constraints {
        let rule = if c.hard {
            Rule::Hard
        } else {
            Rule::Soft(soft_penalty(c.kind))
        };
        let (e, target) = (c.subject, c.target.unwrap_or(usize::MAX));
        match c.kind {
            ConstraintKind::Allocation => {
                if c.hard {
                    if let Some(row) = allowed.get_mut(e) {
                        for (r, ok) in row.iter_mut().enumerate() {
                            *ok &= r == target;
                        }
                    }
                } else if let Some(x) = cost.get_mut(e).and_then(|row| row.get_mut(target)) {
                    // Taking the room earns back the penalty paid up front.
                    *x -= soft_penalty(c.kind);
                    problem.offset += soft_penalty(c.kind);
                }
            }
            ConstraintKind::NonAllocation => {
                if c.hard {
                    if let Some(ok) = allowed.get_mut(e).and_then(|row| row.get_mut(target)) {
                        *ok = false;
                    }
                } else if let Some(x) = cost.get_mut(e).and_then(|row| row.get_mut(target)) {
                    *x += soft_penalty(c.kind);
                }
            }
            ConstraintKind::Capacity => {
                if let Some(slot) = problem.rooms.get_mut(c.subject) {
                    if c.hard {
                        slot.max_load = Some(slot.capacity);
                    } else {
                        *slot.over_flag.get_or_insert(0.0) += soft_penalty(c.kind);
                    }
                }
            }
            ConstraintKind::NotSharing => {
                if let Some(entity) = problem.entities.get_mut(e) {
                    entity.single = match (entity.single, rule) {
                        (Rule::Hard, _) | (_, Rule::Hard) => Rule::Hard,
                        (Rule::Soft(a), Rule::Soft(b)) => Rule::Soft(a + b),
                        (_, r) => r,
                    };
                }
            }
            kind => {
                let kind = match kind {
                    ConstraintKind::SameRoom => PairKind::SameRoom,
                    ConstraintKind::NotSameRoom => PairKind::NotSameRoom,
                    ConstraintKind::Adjacency => PairKind::Adjacent,
                    ConstraintKind::Nearby => PairKind::SameFloor,
                    _ => PairKind::DifferentFloor,
                };
                problem.pairs.push(Pair {
                    kind,
                    a: e,
                    b: target,
                    rule,
                });
            }
        }
    }
    problem.options = allowed
        .iter()
        .zip(&cost)
        .map(|(ok, cost)| {
            ok.iter()
                .zip(cost)
                .enumerate()
                .filter(|(_, (ok, _))| **ok)
                .map(|(r, (_, c))| (r, *c))
                .collect()
        })
        .collect();
    problem
}

/// What a run of the adapter reports.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Report {
    pub instance: String,
    /// The benchmark objective of the solution found, by [`evaluate`] (to 0.01).
    pub objective: Option<f64>,
    /// The objective as the solver states it (to 0.01).
    pub solver_objective: Option<f64>,
    /// The best bound proven.
    pub bound: Option<f64>,
    pub status: Status,
    /// Relative gap (0 when proven optimal).
    pub gap: Option<f64>,
    pub seconds: f64,
    /// The objective of the starting point HiGHS was given, if any.
    pub start_objective: Option<f64>,
    pub entities: usize,
    pub rooms: usize,
    /// The model's size.
    pub columns: usize,
    pub rows: usize,
    pub evaluation: Option<Evaluation>,
    /// Per entity (in file order), the `RID` of its room.
    pub placement: Vec<i64>,
}

fn cents(x: f64) -> Option<f64> {
    x.is_finite().then(|| (x * 100.0).round() / 100.0)
}

/// Solves `instance` with the optimizer's engine, from `start` (a placement that keeps the
/// hard constraints) when given, and measures the answer with [`evaluate`].
pub fn solve(
    instance: &Instance,
    start: Option<&[usize]>,
    options: &SolveOptions,
) -> Result<Report, OsaError> {
    let mut model = problem(instance);
    if let Some(start) = start {
        for (entity, room) in model.entities.iter_mut().zip(start) {
            entity.home = Some(*room);
        }
    }
    let options = SolveOptions {
        warm_start: start.is_some(),
        ..options.clone()
    };
    let outcome = engine::solve(&model, &options).map_err(|source| OsaError::Solve {
        file: instance.file.clone(),
        source,
    })?;
    let found = matches!(outcome.status, Status::Optimal | Status::Feasible);
    let evaluation = found.then(|| evaluate(instance, &outcome.placement));
    Ok(Report {
        instance: instance.name.clone(),
        objective: evaluation.as_ref().and_then(|e| cents(e.objective)),
        solver_objective: if found {
            cents(outcome.objective)
        } else {
            None
        },
        bound: cents(outcome.bound),
        status: outcome.status,
        gap: if found {
            outcome.gap.is_finite().then_some(outcome.gap)
        } else {
            None
        },
        seconds: (outcome.seconds * 1000.0).round() / 1000.0,
        start_objective: start.and_then(|p| cents(evaluate(instance, p).objective)),
        entities: instance.entities.len(),
        rooms: instance.rooms.len(),
        columns: outcome.columns,
        rows: outcome.rows,
        evaluation,
        placement: outcome
            .placement
            .iter()
            .map(|r| instance.rooms.get(*r).map_or(-1, |room| room.id))
            .collect(),
    })
}

/// Reads the instance at `path` and solves it within `time_limit` (the CLI's `officeplan osa`
/// and the `osa` example): a tenth of the time at most for the starting point ([`start`]),
/// the rest for HiGHS. The seconds reported count both.
pub fn run(path: &Path, time_limit: Duration) -> Result<Report, OsaError> {
    let started = Instant::now();
    let instance = read(path)?;
    let placement = start(&instance, started + time_limit / 10);
    let options = SolveOptions {
        time_limit: time_limit.saturating_sub(started.elapsed()),
        ..SolveOptions::default()
    };
    let mut report = solve(&instance, placement.as_deref(), &options)?;
    report.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    Ok(report)
}
