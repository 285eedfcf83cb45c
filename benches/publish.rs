//! 发布到 PostGIS benchmark (issue #16): publishing a generated file of N rooms into a fresh
//! schema of a throw-away PostGIS (tests/pg_cluster) against `ogr2ogr -f PostgreSQL` of the
//! same file's rooms table into another fresh schema, on the same server. Goal: publish ≥ 2×
//! faster than ogr2ogr, although a publish also sends every other table, the area column, the
//! geographic copy and the row hashes.
//!
//! Sizes from the environment: `OFFICEPLAN_PUBLISH_ROOMS` (default 10,000; the closing note's
//! figure is 1,000,000), `OFFICEPLAN_PUBLISH_SAMPLES` (default 10, criterion's minimum). Also
//! the incremental publish when nothing changed (the row-hash comparison alone).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use officeplan::io::postgis::{self, PgTarget, PublishOptions};
use officeplan::workspace::Workspace;

mod common;
#[path = "../tests/pg_cluster/mod.rs"]
mod pg_cluster;

fn reset_schema(connstr: &str, schema: &str) {
    let mut client = postgres::Client::connect(connstr, postgres::NoTls).expect("connect");
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
        ))
        .expect("reset schema");
}

fn ogr2ogr(cluster: &pg_cluster::PgCluster, file: &Path) {
    let out = Command::new("ogr2ogr")
        .args(["-f", "PostgreSQL"])
        .arg(cluster.ogr_name("bench", "ogr"))
        .arg(file)
        .arg("rooms")
        .args(["-lco", "SCHEMA=ogr", "-overwrite"])
        .output()
        .expect("ogr2ogr (gdal-bin, scripts/setup.sh)");
    assert!(
        out.status.success(),
        "ogr2ogr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn benches(c: &mut Criterion) {
    let rooms = common::env_usize("OFFICEPLAN_PUBLISH_ROOMS", 10_000);
    let samples = common::env_usize("OFFICEPLAN_PUBLISH_SAMPLES", 10).max(10);
    let path = common::generated_file("publish", rooms);
    let cluster = pg_cluster::PgCluster::start().unwrap_or_else(|e| panic!("{e}"));
    let connstr = cluster.create_database("bench", true);
    let options = PublishOptions {
        target: PgTarget::parse(&connstr).expect("connstr"),
        schema: "bench".to_owned(),
        with_persons: false,
    };
    let mut workspace = Workspace::open(&path).expect("open");

    let mut group = c.benchmark_group("publish");
    group
        .sample_size(samples)
        .measurement_time(Duration::from_secs(10));
    group.bench_function(format!("publish_{rooms}_rooms"), |b| {
        b.iter_batched(
            || reset_schema(&connstr, "bench"),
            |()| {
                let outcome =
                    postgis::publish(&mut workspace, &options, &mut |_| true).expect("publish");
                assert!(outcome.changes() as usize >= rooms);
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function(format!("publish_{rooms}_rooms_unchanged"), |b| {
        b.iter(|| {
            let outcome =
                postgis::publish(&mut workspace, &options, &mut |_| true).expect("publish");
            assert_eq!(outcome.changes(), 0);
        })
    });
    group.bench_function(format!("ogr2ogr_{rooms}_rooms"), |b| {
        b.iter_batched(
            || reset_schema(&connstr, "ogr"),
            |()| ogr2ogr(&cluster, &path),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(publish_benches, benches);
criterion_main!(publish_benches);
