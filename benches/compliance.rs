//! Compliance benchmarks on a generated 1M-room province (targets from issues #3 and #5):
//! the full check (areas, approved and used areas of every unit, every person and room check,
//! idle and leased rooms) ≤ 200 ms after load; moving one room between units and
//! re-evaluating the units involved < 1 ms (the delta benchmark makes two moves per iteration).
//! And the report tables of that province (issue #14: every room placed in a row, the
//! 建筑面积 figures, largest-remainder rounding), from the checked project.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use officeplan::analysis::compliance::{CheckOptions, ComplianceReport, check};
use officeplan::io::report::tables;
use officeplan::model::RoomStatus;
use officeplan::standards::ProjectStandard;
use officeplan::synth::{GenerateOptions, generate};

/// Rooms in the benchmark province.
const ROOMS: usize = 1_000_000;

fn benches(c: &mut Criterion) {
    let mut project = generate(GenerateOptions {
        rooms: ROOMS,
        seed: 1,
        large_floor_rooms: 0,
    });
    let standard = ProjectStandard::resolve(&project.settings).expect("shipped standard");
    let options = CheckOptions::for_project(&project, None);

    let mut group = c.benchmark_group("compliance");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // The result is dropped outside the timing: freeing it is not part of the check.
    group.bench_function("full_check_1m_rooms", |b| {
        b.iter_with_large_drop(|| check(&project, &standard, &options))
    });
    // Every table of the workbook (行政区划信息 … 闲置清单) from one check's result.
    let result = check(&project, &standard, &options);
    let report = ComplianceReport::new(&project, &standard, &result);
    group.bench_function("report_tables_1m_rooms", |b| {
        b.iter_with_large_drop(|| tables(&project, &standard, &result, &report))
    });
    group.finish();

    // A planner's move: an occupied room goes back and forth between two units.
    let mut result = check(&project, &standard, &options);
    let room = project
        .rooms
        .iter()
        .position(|r| r.status == RoomStatus::InUse && r.units.len() == 1)
        .expect("an occupied room");
    let last_unit = project.units.len() - 1;
    let mut other = vec![project.units[last_unit].uuid];
    let mut group = c.benchmark_group("compliance_delta");
    group.bench_function("move_room_and_reevaluate_units", |b| {
        b.iter(|| {
            // There and back: each move updates the ledger and re-evaluates two units.
            for _ in 0..2 {
                let to = other.clone();
                result.move_room(&project, &standard, room, &to);
                std::mem::swap(&mut project.rooms[room].units, &mut other);
            }
        })
    });
    group.finish();
}

criterion_group!(compliance_benches, benches);
criterion_main!(compliance_benches);
