//! Store benchmarks on a generated 1M-room province (targets from issue #2):
//! write 1M rooms ≤ 3 s; open + load the index ≤ 1 s; load one 5,000-room floor ≤ 50 ms;
//! area of 1M rooms ≤ 100 ms. Peak memory is measured by `benches/memory.rs`.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use officeplan::analysis::room_area;
use officeplan::model::Project;
use officeplan::store::{CreateOptions, Store};
use officeplan::synth::{GenerateOptions, generate};
use officeplan::workspace::Workspace;

/// Rooms in the benchmark province.
const ROOMS: usize = 1_000_000;
/// Rooms on the first floor, for the per-floor benchmark.
const LARGE_FLOOR: usize = 5_000;

fn bench_dir() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let dir = target.join("bench-data");
    std::fs::create_dir_all(&dir).ok();
    dir
}

fn province() -> Project {
    generate(GenerateOptions {
        rooms: ROOMS,
        seed: 1,
        large_floor_rooms: LARGE_FLOOR,
    })
}

/// The 1M-room file, written once and reused by the read benchmarks.
fn province_file(project: &Project) -> PathBuf {
    let path = bench_dir().join("province-1m.gpkg");
    if !path.exists() {
        drop(
            Store::create(&path, project, CreateOptions::default()).expect("write benchmark file"),
        );
    }
    path
}

fn benches(c: &mut Criterion) {
    let project = province();
    let path = province_file(&project);

    let mut group = c.benchmark_group("store");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    let out = bench_dir().join("write-1m.gpkg");
    // Deleting the previous iteration's 300 MB output is setup, not part of the write.
    group.bench_function("write_1m_rooms", |b| {
        b.iter_batched(
            || {
                std::fs::remove_file(&out).ok();
            },
            |()| drop(Store::create(&out, &project, CreateOptions::default()).expect("write")),
            BatchSize::PerIteration,
        )
    });
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("open_and_load_index_1m", |b| {
        b.iter(|| Workspace::open(&path).expect("open"))
    });
    group.finish();

    let store = Store::open(&path).expect("open");
    let index = store.load_index().expect("index");
    let large = index
        .floors
        .iter()
        .find(|f| f.totals.total().rooms == LARGE_FLOOR as u64)
        .expect("the 5,000-room floor")
        .floor
        .uuid;
    let mut group = c.benchmark_group("floor");
    group.bench_function("load_5000_room_floor", |b| {
        b.iter(|| store.load_floor_rooms(&large).expect("floor"))
    });
    group.finish();

    let mut group = c.benchmark_group("analysis");
    group.sample_size(20);
    group.bench_function("area_1m_rooms", |b| {
        b.iter(|| {
            project
                .rooms
                .iter()
                .map(|r| room_area(&r.polygon))
                .sum::<f64>()
        })
    });
    group.finish();
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
