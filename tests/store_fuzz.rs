//! Fuzzing the opening of project files (issue 11): copies of the sample with bits flipped,
//! bytes zeroed or randomised, pages copied over others, header fields changed, or the file
//! cut short are opened with `Store::open` and, when that succeeds, loaded the way the app
//! and the CLI do. Never a panic, never a hang (a watchdog fails the run if one case takes
//! more than 30 s), and a file found damaged is never written.
//!
//! `cargo test --test store_fuzz` runs 200 cases; the long run (≥ 5 minutes, README's
//! developer section): `STORE_FUZZ_SECS=300 cargo test --test store_fuzz -- --nocapture`.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod store_support;

use officeplan::io::sample::{SampleSource, build_project};
use officeplan::store::{CreateOptions, Store};
use store_support::Rng;

const PAGE: usize = 8192;

/// One mutation of the file's bytes; returns its name for the tally.
fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) -> &'static str {
    let len = bytes.len();
    let pages = len / PAGE;
    match rng.below(7) {
        0 => {
            for _ in 0..=rng.below(8) {
                let at = rng.below(len);
                bytes[at] ^= 1 << rng.below(8);
            }
            "flip bits"
        }
        1 => {
            let page = rng.below(pages);
            bytes[page * PAGE..(page + 1) * PAGE].fill(0);
            "zero a page"
        }
        2 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(512)).min(len);
            for b in &mut bytes[at..end] {
                *b = rng.next() as u8;
            }
            "random bytes"
        }
        3 => {
            let cut = rng.below(len);
            bytes.truncate(cut);
            "truncate"
        }
        4 => {
            // The header's fields (page size, counters, page count, schema cookie …).
            for _ in 0..=rng.below(3) {
                let at = 16 + rng.below(84);
                bytes[at] = rng.next() as u8;
            }
            "header field"
        }
        5 => {
            let (from, to) = (rng.below(pages), rng.below(pages));
            let page = bytes[from * PAGE..(from + 1) * PAGE].to_vec();
            bytes[to * PAGE..(to + 1) * PAGE].copy_from_slice(&page);
            "page over page"
        }
        _ => {
            // A b-tree page's cell pointers and counts, the likeliest to mislead a reader.
            let page = rng.below(pages);
            let base = if page == 0 { 100 } else { page * PAGE };
            for _ in 0..=rng.below(4) {
                let at = base + rng.below(16);
                if at < len {
                    bytes[at] = rng.next() as u8;
                }
            }
            "page header"
        }
    }
}

/// Opens and loads `path` as the app and the CLI do; errors are fine, panics are not.
/// Returns a short outcome for the tally.
fn open_and_load(path: &Path, mutated: &[u8]) -> &'static str {
    let store = match Store::open(path) {
        Ok(store) => store,
        Err(_) => return "refused",
    };
    let damaged = store.damage().is_some();
    let mut loaded = true;
    match store.load_index() {
        Ok(index) => {
            for floor in &index.floors {
                loaded &= store.load_floor_rooms(&floor.floor.uuid).is_ok();
                loaded &= store.load_floor_seats(&floor.floor.uuid).is_ok();
            }
        }
        Err(_) => loaded = false,
    }
    loaded &= store.load_units().is_ok();
    loaded &= store.load_persons().is_ok();
    loaded &= store.scenarios().is_ok();
    loaded &= store.change_log(50).is_ok();
    loaded &= store.search("30", 20).is_ok();
    drop(store);
    if damaged {
        let after = std::fs::read(path).unwrap_or_default();
        assert!(
            after == mutated,
            "{}: a damaged file was written",
            path.display()
        );
        return "opened damaged (read-only)";
    }
    if loaded {
        "opened and loaded"
    } else {
        "opened, a load refused"
    }
}

#[test]
fn mutated_project_files_never_panic_or_hang() {
    let secs: Option<u64> = std::env::var("STORE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok());
    let cases: u64 = std::env::var("STORE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = dir.path().join("sample.gpkg");
    let project = build_project(&SampleSource::Embedded).expect("sample");
    drop(Store::create(&sample, &project, CreateOptions::default()).expect("create"));
    let original = std::fs::read(&sample).expect("read");

    // The watchdog: a case running for more than 30 s is a hang.
    let case_started = Arc::new(Mutex::new(Instant::now()));
    let current = Arc::new(AtomicU64::new(0));
    {
        let case_started = case_started.clone();
        let current = current.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let started = *case_started.lock().expect("lock");
                if started.elapsed() > Duration::from_secs(30) {
                    eprintln!(
                        "HANG: case {} ran over 30 s",
                        current.load(Ordering::SeqCst)
                    );
                    std::process::exit(2);
                }
            }
        });
    }

    let run_started = Instant::now();
    let mut tally: std::collections::BTreeMap<(&str, &str), u64> = Default::default();
    let (mut panics, mut slowest, mut n) = (0u64, Duration::ZERO, 0u64);
    loop {
        let done = match secs {
            Some(s) => run_started.elapsed() >= Duration::from_secs(s),
            None => n >= cases,
        };
        if done {
            break;
        }
        let mut rng = Rng(0x5eed_0000 + n * 0x9e37_79b9);
        let mut bytes = original.clone();
        let kind = mutate(&mut bytes, &mut rng);
        let case_dir = dir.path().join(format!("case{n}"));
        std::fs::create_dir(&case_dir).expect("mkdir");
        let path = case_dir.join("mutated.gpkg");
        std::fs::write(&path, &bytes).expect("write");
        current.store(n, Ordering::SeqCst);
        *case_started.lock().expect("lock") = Instant::now();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| open_and_load(&path, &bytes));
        slowest = slowest.max(started.elapsed());
        let outcome = outcome.unwrap_or_else(|_| {
            eprintln!("PANIC: case {n} ({kind})");
            panics += 1;
            "panic"
        });
        *tally.entry((kind, outcome)).or_default() += 1;
        std::fs::remove_dir_all(&case_dir).ok();
        n += 1;
    }
    eprintln!(
        "{n} mutated files in {:.1} s, slowest case {:.0} ms, {panics} panics, 0 hangs",
        run_started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
    for ((kind, outcome), count) in &tally {
        eprintln!("  {kind:>15}: {outcome}: {count}");
    }
    assert_eq!(panics, 0, "panics while opening mutated files");
}
