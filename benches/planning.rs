//! Planning benchmarks on the generated 1M-room province file (issue #5 target: one move plus
//! the incremental update ≤ 1 ms median).
//!
//! - `move_1m`: a unit dropped on an idle room (the gesture turned into a move) and the
//!   check and scenario figures updated by delta; the move is taken back outside the timing.
//! - `move_person_room_1m`: a unit moved from one of its rooms to an idle room, with the
//!   persons seated there (their findings are checked again over the whole project: reported
//!   for information).
//! - `workspace_move_1m`: the same as the planner does it: the move stored in the scenario
//!   (one SQLite transaction) and the state updated; taken back with undo outside the timing.

mod common;

use std::time::{Duration, Instant};

use criterion::{Bencher, Criterion, criterion_group, criterion_main};
use officeplan::model::{RoomStatus, Uuid};
use officeplan::planning::{Checked, drop_unit};
use officeplan::workspace::Workspace;

fn idle_rooms(checked: &Checked, n: usize) -> Vec<Uuid> {
    checked
        .project
        .rooms
        .iter()
        .filter(|r| r.units.is_empty() && r.status == RoomStatus::Idle)
        .take(n)
        .map(|r| r.uuid)
        .collect()
}

/// Times `step` (the k-th move on `state`) per iteration; `undo` takes it back outside the
/// timing, so every iteration starts from the same state.
fn time_undone<S, M>(
    b: &mut Bencher<'_>,
    state: &mut S,
    mut step: impl FnMut(&mut S, usize) -> M,
    mut undo: impl FnMut(&mut S, M),
) {
    let mut k = 0usize;
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            k += 1;
            let started = Instant::now();
            let done = std::hint::black_box(step(state, k));
            total += started.elapsed();
            undo(state, done);
        }
        total
    });
}

fn benches(c: &mut Criterion) {
    let path = common::province_file(None);
    let mut workspace = Workspace::open(&path).expect("open the province");
    let scenario = workspace
        .new_scenario(&format!("bench {}", std::process::id()), "")
        .expect("scenario");
    workspace
        .activate(Some(scenario))
        .expect("check the province");
    let mut checked: Checked = (*workspace.checked().expect("checked")).clone();
    let targets = idle_rooms(&checked, 256);
    assert!(!targets.is_empty(), "the province has idle rooms");
    let units: Vec<Uuid> = checked
        .project
        .units
        .iter()
        .step_by(37)
        .take(256)
        .map(|u| u.uuid)
        .collect();
    let today = "2026-10-01".to_owned();

    let mut group = c.benchmark_group("planning");
    group
        .sample_size(200)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("move_1m", |b| {
        time_undone(
            b,
            &mut checked,
            |checked, k| {
                let (unit, room) = (units[k % units.len()], targets[k % targets.len()]);
                let m = drop_unit(checked, today.clone(), unit, None, room, None).expect("a move");
                checked.apply(&m).expect("applies");
                m
            },
            |checked, m| {
                checked.revert(&m).expect("reverts");
            },
        );
    });
    // A room with persons seated: the unit leaves it for an idle room and they follow.
    let seated = checked
        .project
        .rooms
        .iter()
        .enumerate()
        .find(|(i, r)| r.units.len() == 1 && !checked.persons_in_room(*i).is_empty())
        .map(|(_, r)| (r.units[0], r.uuid));
    if let Some((unit, from)) = seated {
        group.sample_size(10);
        group.bench_function("move_person_room_1m", |b| {
            time_undone(
                b,
                &mut checked,
                |checked, k| {
                    let to = targets[k % targets.len()];
                    let m = drop_unit(checked, today.clone(), unit, Some(from), to, None)
                        .expect("a move");
                    checked.apply(&m).expect("applies");
                    m
                },
                |checked, m| {
                    checked.revert(&m).expect("reverts");
                },
            );
        });
    }
    drop(checked);
    group.sample_size(100);
    group.bench_function("workspace_move_1m", |b| {
        time_undone(
            b,
            &mut workspace,
            |workspace, k| {
                let (unit, room) = (units[k % units.len()], targets[k % targets.len()]);
                workspace.drop_unit(unit, None, room, None).expect("a move");
            },
            |workspace, ()| {
                workspace.undo().expect("undo");
            },
        );
    });
    group.finish();
    workspace.delete_scenario(&scenario).ok();
}

criterion_group!(planning, benches);
criterion_main!(planning);
