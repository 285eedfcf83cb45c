//! Peak memory with 1M rooms loaded (target ≤ 1 GB, issue #2).
//!
//! The parent makes sure the benchmark file exists, then starts itself as a child that only
//! opens the file and loads every room, and reads the child's peak resident set (VmHWM).

use officeplan::store::Store;

mod common;

fn main() {
    if let Some(path) = common::child_file() {
        let store = Store::open(&path).expect("open");
        let project = store.load_project().expect("load");
        let peak = common::peak_rss_kib().unwrap_or(0);
        println!("{} {}", project.rooms.len(), peak);
        return;
    }
    let path = common::province_file(None);
    let exe = std::env::current_exe().expect("exe");
    let output = std::process::Command::new(exe)
        .arg("--child")
        .arg(&path)
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let rooms: usize = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let peak_kib: u64 = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let peak_mib = peak_kib as f64 / 1024.0;
    println!(
        "memory/peak_rss_with_1m_rooms_loaded: {rooms} rooms, peak RSS {peak_mib:.0} MiB (target ≤ 1024 MiB)"
    );
    if peak_mib > 1024.0 {
        eprintln!("over the 1 GB target");
        std::process::exit(1);
    }
}
