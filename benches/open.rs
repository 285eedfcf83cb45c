//! The app's open of a province-sized file (issue #16): the navigator is shown from the
//! aggregates, the whole-file checks run behind it. Goal at 1M rooms ≤ 0.5 s and ≤ 200 MB
//! peak, as `summary` (benches/summary.rs).
//!
//! The file's size comes from `OFFICEPLAN_OPEN_ROOMS` (default 20,000 rooms, so that CI stays
//! cheap; `OFFICEPLAN_OPEN_ROOMS=1000000` for the figure). The file is generated once
//! under the bench folder and reused.
//!
//! - `open/navigator_N`: what the app's open job does before it shows the file
//!   ([`Workspace::open_checking_in_background`], the regions, the navigator's tree). The
//!   checks it leaves running are waited for outside the timing, so that they do not slow
//!   the next sample.
//! - `open/navigator_and_checks_N`: the same until the checks have ended and been settled
//!   (when a first write could go ahead).
//! - `open/checked_open_N`: [`Workspace::open`] (checks first, as the CLI opens), for
//!   comparison.
//! - then the peak resident set (VmHWM) of a child process (this benchmark started again
//!   with `--child`) that opens as the app does, builds the tree and waits for the checks.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use officeplan::model::RegionScope;
use officeplan::ui::navigator::NavigatorTree;
use officeplan::workspace::Workspace;

mod common;

/// The app's open: the workspace with its checks running, and the navigator's tree.
fn open_for_navigator(path: &Path) -> (Workspace, NavigatorTree) {
    let workspace = Workspace::open_checking_in_background(path).expect("open");
    let regions = workspace.regions().expect("regions");
    let tree = NavigatorTree::build_scoped(workspace.index(), &regions, RegionScope::All);
    (workspace, tree)
}

/// Waits until the open's whole-file checks have ended and been settled.
fn wait_for_checks(workspace: &mut Workspace) {
    while workspace.file_checks_pending() {
        workspace.poll_file_checks().expect("checks");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The child: the app's open, then the checks, then its peak resident set in KiB on stderr.
fn child(path: &Path) {
    let (mut workspace, tree) = open_for_navigator(path);
    wait_for_checks(&mut workspace);
    assert!(workspace.file_notices().is_empty(), "a healthy file");
    drop(tree);
    common::report_peak_rss();
}

fn main() {
    if let Some(path) = common::child_file() {
        child(&path);
        return;
    }
    // Rooms of the benchmark file: `OFFICEPLAN_OPEN_ROOMS`, else 20,000.
    let rooms = common::env_usize("OFFICEPLAN_OPEN_ROOMS", 20_000);
    let path = common::generated_file("open", rooms);
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("open");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(format!("navigator_{rooms}"), |b| {
        b.iter_custom(|iterations| {
            let mut timed = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                let (mut workspace, tree) = open_for_navigator(&path);
                timed += start.elapsed();
                drop(tree);
                wait_for_checks(&mut workspace);
            }
            timed
        })
    });
    group.bench_function(format!("navigator_and_checks_{rooms}"), |b| {
        b.iter(|| {
            let (mut workspace, tree) = open_for_navigator(&path);
            wait_for_checks(&mut workspace);
            (workspace, tree)
        })
    });
    group.bench_function(format!("checked_open_{rooms}"), |b| {
        b.iter(|| Workspace::open(&path).expect("open"))
    });
    group.finish();
    c.final_summary();
    println!(
        "open: peak resident set of the app's open of {rooms} rooms (checks included): {} KiB",
        common::peak_rss_of_child(&path, "open")
    );
}
