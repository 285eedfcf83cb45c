//! The benchmark's objective, computed from a placement straight from the convention in
//! `../shared/osa/README.md`, without the model: the check that the model means what the
//! benchmark means.

use super::{ConstraintKind, Instance};

/// A placement measured against the convention.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Usage penalty plus the penalties of broken soft constraints.
    pub objective: f64,
    /// Σ over rooms (empty ones too) of 1 × under-use + 2 × over-use.
    pub usage_penalty: f64,
    /// Σ of the broken soft constraints' penalties.
    pub soft_penalty: f64,
    /// Broken hard constraints (and entities placed in no room of the instance).
    pub hard_violations: usize,
    /// Broken soft constraints by type code (0 allocation … 9 away from).
    pub soft_violations: [usize; 10],
}

/// What a broken soft constraint costs: 20 for allocation, 50 for not sharing, 10 for every
/// other type (README, "Objective").
pub fn soft_penalty(kind: ConstraintKind) -> f64 {
    match kind {
        ConstraintKind::Allocation => 20.0,
        ConstraintKind::NotSharing => 50.0,
        _ => 10.0,
    }
}

/// Rooms under- and over-used by less than this are exactly used (the files' spaces have two
/// decimals; sums of them carry rounding noise).
const EPS: f64 = 1e-6;

/// Measures `placement` (per entity, the position of its room in `instance.rooms`).
pub fn evaluate(instance: &Instance, placement: &[usize]) -> Evaluation {
    let n_rooms = instance.rooms.len();
    let mut hard_violations = 0;
    let mut load = vec![0.0; n_rooms];
    let mut count = vec![0usize; n_rooms];
    let room_of = |e: usize| placement.get(e).copied().filter(|r| *r < n_rooms);
    for (e, entity) in instance.entities.iter().enumerate() {
        match room_of(e) {
            Some(r) => {
                if let (Some(l), Some(c)) = (load.get_mut(r), count.get_mut(r)) {
                    *l += entity.space;
                    *c += 1;
                }
            }
            // Every entity is placed in exactly one room.
            None => hard_violations += 1,
        }
    }
    let mut usage_penalty = 0.0;
    for (room, l) in instance.rooms.iter().zip(&load) {
        let diff = room.capacity - l;
        if diff > EPS {
            usage_penalty += diff;
        } else if diff < -EPS {
            usage_penalty += 2.0 * -diff;
        }
    }
    let floor = |r: usize| instance.rooms.get(r).map(|room| room.floor);
    let adjacent = |a: usize, b: usize| {
        a == b
            || instance
                .rooms
                .get(a)
                .is_some_and(|room| room.adjacent.contains(&b))
            || instance
                .rooms
                .get(b)
                .is_some_and(|room| room.adjacent.contains(&a))
    };
    let mut soft_violations = [0usize; 10];
    let mut soft_total = 0.0;
    for c in &instance.constraints {
        let subject = c.subject;
        let target = c.target.unwrap_or(usize::MAX);
        let broken = match c.kind {
            ConstraintKind::Allocation => room_of(subject) != Some(target),
            ConstraintKind::NonAllocation => room_of(subject) == Some(target),
            ConstraintKind::Capacity => match (instance.rooms.get(subject), load.get(subject)) {
                (Some(room), Some(l)) => *l > room.capacity + EPS,
                _ => false,
            },
            ConstraintKind::NotSharing => {
                room_of(subject).is_some_and(|r| count.get(r).is_some_and(|n| *n > 1))
            }
            kind => match (room_of(subject), room_of(target)) {
                (Some(a), Some(b)) => match kind {
                    ConstraintKind::SameRoom => a != b,
                    ConstraintKind::NotSameRoom => a == b,
                    ConstraintKind::Adjacency => !adjacent(a, b),
                    ConstraintKind::Nearby => floor(a) != floor(b),
                    _ => floor(a) == floor(b),
                },
                // An unplaced entity is already a hard violation.
                _ => false,
            },
        };
        if !broken {
            continue;
        }
        if c.hard {
            hard_violations += 1;
        } else {
            if let Some(n) = usize::try_from(c.kind.code())
                .ok()
                .and_then(|k| soft_violations.get_mut(k))
            {
                *n += 1;
            }
            soft_total += soft_penalty(c.kind);
        }
    }
    Evaluation {
        objective: usage_penalty + soft_total,
        usage_penalty,
        soft_penalty: soft_total,
        hard_violations,
        soft_violations,
    }
}
