//! 汇总 benchmark (issue #16): N county packages of R rooms each merged into a fresh
//! provincial file. The target is 100 × 10,000 rooms ≤ 30 s; the defaults are small
//! so that CI (which only compiles benches) and a quick run stay cheap. Set
//! `OFFICEPLAN_BENCH_COUNTIES` and `OFFICEPLAN_BENCH_ROOMS` for the full size.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use officeplan::store::CreateOptions;
use officeplan::synth::{GenerateOptions, county_region, generate};
use officeplan::workspace::{MergeOptions, Workspace};

mod common;

/// The packages of `counties` generated counties (seed i, code 4299xx…), written once.
fn packages(counties: usize, rooms: usize) -> Vec<PathBuf> {
    let dir = common::bench_dir().join(format!("province-{counties}x{rooms}"));
    std::fs::create_dir_all(&dir).expect("bench dir");
    (0..counties)
        .map(|i| {
            let code = format!("42{:04}000000", 9000 + i);
            let out = dir.join("packages");
            let file = dir.join(format!("{code}.gpkg"));
            let existing = std::fs::read_dir(&out).ok().and_then(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with(&code))
            });
            if let Some(folder) = existing {
                return folder;
            }
            let mut project = generate(GenerateOptions {
                rooms,
                seed: i as u64 + 1,
                large_floor_rooms: 0,
            });
            project.region = county_region(&format!("县{i}"), &code, None);
            Workspace::create_file(&file, &project, CreateOptions { overwrite: true })
                .expect("county");
            let written = Workspace::open(&file)
                .expect("open")
                .submit(&out, true)
                .expect("submit");
            written.folder
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let counties = common::env_usize("OFFICEPLAN_BENCH_COUNTIES", 3);
    let rooms = common::env_usize("OFFICEPLAN_BENCH_ROOMS", 500);
    let packages = packages(counties, rooms);
    let province = common::bench_dir().join(format!("province-{counties}x{rooms}.gpkg"));
    let mut group = c.benchmark_group("province");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(format!("merge_{counties}_counties_of_{rooms}_rooms"), |b| {
        b.iter_batched(
            || {
                std::fs::remove_file(&province).ok();
            },
            |()| {
                let first = packages.first().expect("a package");
                let mut ws = Workspace::create_province_for(&province, first).expect("province");
                ws.set_batch(true);
                for (path, result) in
                    ws.merge_packages(&packages, MergeOptions::default(), &mut |_, _| true)
                {
                    if let Err(e) = result {
                        panic!("{}: {e}", path.display());
                    }
                }
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(province_benches, benches);
criterion_main!(province_benches);
