//! A starting point for the solver: a greedy placement that keeps every hard constraint,
//! improved by local moves, each measured with [`evaluate`]. On the larger instances
//! (nott1: 158 entities, 131 rooms) HiGHS alone may search for minutes before its first
//! solution; from this one it starts pruning at once.

use std::time::Instant;

use super::{ConstraintKind, Instance, evaluate};

/// No room yet (the evaluator counts it as a hard violation and leaves it out of the loads).
const UNPLACED: usize = usize::MAX;

/// A placement that breaks no hard constraint, or `None` when the greedy pass cannot find
/// one. Stops improving at `deadline`.
pub fn start(instance: &Instance, deadline: Instant) -> Option<Vec<usize>> {
    let n = instance.entities.len();
    let n_rooms = instance.rooms.len();
    // Hard constraints first: entities in hard pairs, then hard singles, then the rest;
    // larger spaces first within each.
    let mut weight = vec![0usize; n];
    for c in instance.constraints.iter().filter(|c| c.hard) {
        let (bump, pair) = match c.kind {
            ConstraintKind::Capacity => continue,
            ConstraintKind::NotSharing => (1, false),
            ConstraintKind::Allocation | ConstraintKind::NonAllocation => (2, false),
            _ => (2, true),
        };
        if let Some(w) = weight.get_mut(c.subject) {
            *w += bump;
        }
        if pair && let Some(w) = c.target.and_then(|t| weight.get_mut(t)) {
            *w += bump;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        let space = |e: usize| instance.entities.get(e).map_or(0.0, |x| x.space);
        weight[*b]
            .cmp(&weight[*a])
            .then(space(*b).total_cmp(&space(*a)))
    });

    // Greedy: each entity to the room that costs least so far (smaller rooms on ties), among
    // those that keep every hard constraint between the entities placed.
    let mut placement = vec![UNPLACED; n];
    for (placed, e) in order.iter().enumerate() {
        let mut best: Option<(f64, usize)> = None;
        for r in 0..n_rooms {
            placement[*e] = r;
            let eval = evaluate(instance, &placement);
            if eval.hard_violations != n - placed - 1 {
                continue;
            }
            let capacity = instance.rooms.get(r).map_or(0.0, |room| room.capacity);
            let score = eval.objective + 1e-3 * capacity;
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, r));
            }
        }
        placement[*e] = best?.1;
    }

    // Moves, swaps, pairs that should share a room moved together, and the whole contents
    // of two rooms exchanged, while they help.
    let mut current = evaluate(instance, &placement).objective;
    let together: Vec<(usize, usize)> = instance
        .constraints
        .iter()
        .filter(|c| c.kind == ConstraintKind::SameRoom)
        .filter_map(|c| Some((c.subject, c.target?)))
        .filter(|(a, b)| *a < n && *b < n)
        .collect();
    let mut improved = true;
    while improved && Instant::now() < deadline {
        improved = false;
        for (a, b) in &together {
            let (ra, rb) = (placement[*a], placement[*b]);
            for r in 0..n_rooms {
                placement[*a] = r;
                placement[*b] = r;
                let eval = evaluate(instance, &placement);
                if eval.hard_violations == 0 && eval.objective < current - 1e-9 {
                    current = eval.objective;
                    improved = true;
                    break;
                }
                placement[*a] = ra;
                placement[*b] = rb;
            }
        }
        for r1 in 0..n_rooms {
            for r2 in r1 + 1..n_rooms {
                let exchange = |p: &mut Vec<usize>| {
                    for room in p.iter_mut() {
                        if *room == r1 {
                            *room = r2;
                        } else if *room == r2 {
                            *room = r1;
                        }
                    }
                };
                exchange(&mut placement);
                let eval = evaluate(instance, &placement);
                if eval.hard_violations == 0 && eval.objective < current - 1e-9 {
                    current = eval.objective;
                    improved = true;
                } else {
                    exchange(&mut placement);
                }
            }
            if Instant::now() >= deadline {
                return Some(placement);
            }
        }
        for e in 0..n {
            let home = placement[e];
            for r in 0..n_rooms {
                if r == home {
                    continue;
                }
                placement[e] = r;
                let eval = evaluate(instance, &placement);
                if eval.hard_violations == 0 && eval.objective < current - 1e-9 {
                    current = eval.objective;
                    improved = true;
                    break;
                }
                placement[e] = home;
            }
            if Instant::now() >= deadline {
                return Some(placement);
            }
        }
        for a in 0..n {
            for b in a + 1..n {
                let (ra, rb) = (placement[a], placement[b]);
                if ra == rb {
                    continue;
                }
                placement[a] = rb;
                placement[b] = ra;
                let eval = evaluate(instance, &placement);
                if eval.hard_violations == 0 && eval.objective < current - 1e-9 {
                    current = eval.objective;
                    improved = true;
                } else {
                    placement[a] = ra;
                    placement[b] = rb;
                }
            }
            if Instant::now() >= deadline {
                return Some(placement);
            }
        }
    }
    Some(placement)
}
