//! What the benchmarks share: where their data lives and the generated 1M-room province
//! (included with `mod common;`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use officeplan::model::Project;
use officeplan::store::{CreateOptions, Store};
use officeplan::synth::{GenerateOptions, generate};

/// Rooms in the benchmark province.
pub const ROOMS: usize = 1_000_000;
/// Rooms on the province's first floor, for the per-floor benchmarks.
pub const LARGE_FLOOR: usize = 5_000;

/// `target/bench-data` (or under `CARGO_TARGET_DIR`), created if missing.
pub fn bench_dir() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let dir = target.join("bench-data");
    std::fs::create_dir_all(&dir).ok();
    dir
}

/// A count from the environment (`1000000` or `1_000_000`), else `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// A generated file of `rooms` rooms (seed 1, no large floor) named `NAME-ROOMS.gpkg`,
/// written once under [`bench_dir`].
pub fn generated_file(name: &str, rooms: usize) -> PathBuf {
    let path = bench_dir().join(format!("{name}-{rooms}.gpkg"));
    if !path.exists() {
        let project = generate(GenerateOptions {
            rooms,
            seed: 1,
            large_floor_rooms: 0,
        });
        drop(Store::create(&path, &project, CreateOptions::default()).expect("write"));
    }
    path
}

/// The generated province (deterministic: seed 1).
pub fn province() -> Project {
    generate(GenerateOptions {
        rooms: ROOMS,
        seed: 1,
        large_floor_rooms: LARGE_FLOOR,
    })
}

/// The province's file, written once (from `project`, or a freshly generated province) and
/// reused by every benchmark that reads it.
pub fn province_file(project: Option<&Project>) -> PathBuf {
    let path = bench_dir().join("province-1m.gpkg");
    if !path.exists() {
        let generated;
        let project = match project {
            Some(p) => p,
            None => {
                generated = province();
                &generated
            }
        };
        drop(
            Store::create(&path, project, CreateOptions::default()).expect("write benchmark file"),
        );
    }
    path
}

/// This process's peak resident set (VmHWM) in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The file a benchmark started as a child (`--child PATH`) works on; `None` in the parent.
pub fn child_file() -> Option<PathBuf> {
    let args: Vec<String> = std::env::args().collect();
    let pos = args.iter().position(|a| a == "--child")?;
    args.get(pos + 1).map(PathBuf::from)
}

/// Ends a child's work: its peak resident set on stderr, for [`peak_rss_of_child`].
pub fn report_peak_rss() {
    eprintln!("VmHWM {}", peak_rss_kib().unwrap_or(0));
}

/// Runs this benchmark again as a child on `path` (`--child PATH`, which does `what` and
/// then [`report_peak_rss`]); the child's peak resident set in KiB.
pub fn peak_rss_of_child(path: &Path, what: &str) -> u64 {
    let output = Command::new(std::env::current_exe().expect("exe"))
        .arg("--child")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("child");
    assert!(output.status.success(), "{what} failed: {output:?}");
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM ")?.trim().parse().ok())
        .unwrap_or(0)
}
