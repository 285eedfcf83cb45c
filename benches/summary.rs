//! `summary` of a province-sized file reads per-floor totals, not every room (issue #16):
//! goal at 1M rooms ≤ 0.5 s and ≤ 200 MB peak for `summary --json`.
//!
//! The file's size comes from `OFFICEPLAN_SUMMARY_ROOMS` (default 20,000 rooms, so that CI
//! stays cheap; `OFFICEPLAN_SUMMARY_ROOMS=1000000` for the figure). The file is
//! generated once under the bench folder and reused.
//!
//! - `summary/read_index_N`: the index as `summary` reads it ([`Workspace::read_index`]).
//! - `summary/summary_json_N`: the whole command, `summary --json` with its output written,
//!   in a child process (this benchmark started again with `--child`), start-up included.
//! - `summary/workspace_open_N`: the app's open ([`Workspace::open`]: the writer's open with
//!   its integrity check and search for dangling links, then the index and the units).
//! - then the child's peak resident set (VmHWM), printed.

use std::path::Path;
use std::time::Duration;

use criterion::Criterion;
use officeplan::workspace::Workspace;

mod common;

/// The child: `summary --json FILE` as the command runs it (output to the parent's choice of
/// stdout), then its peak resident set in KiB on stderr.
fn child(path: &Path) {
    officeplan::cli::run(officeplan::cli::Command::Summary {
        file: path.to_path_buf(),
        json: true,
    })
    .expect("summary");
    common::report_peak_rss();
}

fn main() {
    if let Some(path) = common::child_file() {
        child(&path);
        return;
    }
    // Rooms of the benchmark file: `OFFICEPLAN_SUMMARY_ROOMS`, else 20,000.
    let rooms = common::env_usize("OFFICEPLAN_SUMMARY_ROOMS", 20_000);
    let path = common::generated_file("summary", rooms);
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("summary");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(format!("read_index_{rooms}"), |b| {
        b.iter(|| Workspace::read_index(&path).expect("index"))
    });
    group.bench_function(format!("summary_json_{rooms}"), |b| {
        b.iter(|| common::peak_rss_of_child(&path, "summary"))
    });
    group.bench_function(format!("workspace_open_{rooms}"), |b| {
        b.iter(|| Workspace::open(&path).expect("open"))
    });
    group.finish();
    let peak_mib = common::peak_rss_of_child(&path, "summary") as f64 / 1024.0;
    println!(
        "summary/peak_rss_summary_json_{rooms}: {peak_mib:.0} MiB (goal at 1M rooms ≤ 200 MB)"
    );
    c.final_summary();
}
