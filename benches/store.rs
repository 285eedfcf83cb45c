//! Store benchmarks on a generated 1M-room province (targets from issue #2):
//! write 1M rooms ≤ 3 s; open + load the index ≤ 1 s; load one 5,000-room floor ≤ 50 ms;
//! area of 1M rooms ≤ 100 ms. Peak memory is measured by `benches/memory.rs`.

use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use officeplan::analysis::room_area;
use officeplan::store::{CreateOptions, Store};
use officeplan::workspace::Workspace;

mod common;

use common::{LARGE_FLOOR, bench_dir, province, province_file};

fn benches(c: &mut Criterion) {
    let project = province();
    let path = province_file(Some(&project));

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
