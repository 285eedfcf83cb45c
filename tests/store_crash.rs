//! Crash test (issue 11): a process making random writes through the store is killed with
//! SIGKILL at random moments; after each kill `PRAGMA integrity_check` is ok, the file opens,
//! and it holds the state before or after the killed write — never one between.
//!
//! The writer is this test binary run again as a child (`crash_writer_child`, selected by the
//! `OFFICEPLAN_CRASH_FILE` variable). Before each write it prints the checksum the file will
//! have once the write is committed (computed on its model of the content) and after the
//! commit it checks the file against that model and says so. `cargo test` kills it 20 times;
//! `STORE_CRASH_KILLS=300` (README, developer section) runs the long version.

use std::collections::BTreeMap;
use std::hash::{Hash as _, Hasher as _};
use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod store_support;

use store_support::Rng;

use officeplan::io::sample::{SampleSource, build_project};
use officeplan::model::{Room, Uuid};
use officeplan::store::{ChangeRecord, CreateOptions, RoomPatch, Store};

const FILE_VAR: &str = "OFFICEPLAN_CRASH_FILE";
const SEED_VAR: &str = "OFFICEPLAN_CRASH_SEED";

/// What the writer changes, as read back through the store: every room (floor, number, name,
/// units), every unit's name, the scenarios' names and the number of change-log lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
struct Content {
    rooms: BTreeMap<Uuid, (Uuid, String, String, Vec<Uuid>)>,
    units: BTreeMap<Uuid, String>,
    scenarios: BTreeMap<String, Uuid>,
    log_lines: usize,
}

impl Content {
    fn load(store: &Store) -> Content {
        let mut content = Content::default();
        for floor in store.load_index().expect("index").floors {
            for room in store.load_floor_rooms(&floor.floor.uuid).expect("rooms") {
                let mut units = room.units.clone();
                units.sort();
                content
                    .rooms
                    .insert(room.uuid, (room.floor, room.number, room.name, units));
            }
        }
        for unit in store.load_units().expect("units") {
            content.units.insert(unit.uuid, unit.name);
        }
        for s in store.scenarios().expect("scenarios") {
            content.scenarios.insert(s.name, s.uuid);
        }
        content.log_lines = store.change_log(usize::MAX).expect("log").len();
        content
    }

    /// A checksum that is the same in every process (`DefaultHasher::new` has fixed keys).
    fn checksum(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }
}

fn record(action: &str, n: u64) -> ChangeRecord {
    ChangeRecord {
        action: store_support::record(action).action,
        summary: format!("write {n}"),
        detail: String::new(),
    }
}

fn mark(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "MARK {line}").expect("stdout");
    out.flush().expect("flush");
}

/// The child: random writes through the store until it is killed.
#[test]
fn crash_writer_child() {
    let Ok(file) = std::env::var(FILE_VAR) else {
        return; // only meaningful as the child of `random_kills_leave_a_whole_file`
    };
    let seed: u64 = std::env::var(SEED_VAR)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng(seed | 1);
    // Write numbers (and so room numbers, names, scenario names) differ between children.
    let first = seed * 1_000_000;
    let mut store = Store::open(Path::new(&file)).expect("open");
    let mut model = Content::load(&store);
    mark(&format!("ready {}", model.checksum()));
    let floors: Vec<Uuid> = store
        .load_index()
        .expect("index")
        .floors
        .iter()
        .map(|f| f.floor.uuid)
        .collect();
    for n in first.. {
        let mut next = model.clone();
        next.log_lines += 1;
        let floor = floors[rng.below(floors.len())];
        let write: Box<dyn FnOnce(&mut Store)> = match rng.below(5) {
            0 => {
                let rooms: Vec<&Uuid> = model.rooms.keys().collect();
                let room = *rooms[rng.below(rooms.len())];
                let name = format!("w{n}");
                if let Some(entry) = next.rooms.get_mut(&room) {
                    entry.2 = name.clone();
                }
                Box::new(move |store| {
                    store
                        .patch_room(
                            &room,
                            &RoomPatch {
                                name: Some(name),
                                ..Default::default()
                            },
                            &record("edit_room", n),
                        )
                        .expect("patch")
                })
            }
            1 => {
                let units: Vec<&Uuid> = model.units.keys().collect();
                let unit = *units[rng.below(units.len())];
                next.units.insert(unit, format!("u{n}"));
                Box::new(move |store| {
                    store
                        .rename_unit(&unit, &format!("u{n}"), &record("rename_unit", n))
                        .expect("rename")
                })
            }
            2 => {
                // A whole floor rewritten: every room renamed, the last one removed, one new.
                let mut rooms = store.load_floor_rooms(&floor).expect("rooms");
                let seats = store.load_floor_seats(&floor).expect("seats");
                let removed = rooms.pop();
                let mut fresh: Option<Room> = removed.clone();
                if let Some(room) = &mut fresh {
                    room.uuid = Uuid::now_v7();
                    room.number = format!("R{n}");
                    room.units.clear();
                }
                rooms.extend(fresh);
                for (i, room) in rooms.iter_mut().enumerate() {
                    room.name = format!("f{n}-{i}");
                }
                next.rooms.retain(|_, (f, ..)| *f != floor);
                for room in &rooms {
                    let mut units = room.units.clone();
                    units.sort();
                    next.rooms.insert(
                        room.uuid,
                        (floor, room.number.clone(), room.name.clone(), units),
                    );
                }
                let gone = removed.map(|r| r.uuid);
                let seats: Vec<_> = seats
                    .into_iter()
                    .filter(|(r, _)| Some(*r) != gone)
                    .collect();
                Box::new(move |store| {
                    store
                        .replace_floor_rooms(&floor, &rooms, &seats, &record("replace", n))
                        .expect("replace floor")
                })
            }
            3 => {
                let template = store
                    .load_floor_rooms(&floor)
                    .expect("rooms")
                    .first()
                    .cloned();
                let Some(template) = template else { continue };
                let added: Vec<Room> = (0..3)
                    .map(|i| Room {
                        uuid: Uuid::now_v7(),
                        number: format!("N{n}-{i}"),
                        name: format!("n{n}"),
                        units: Vec::new(),
                        ..template.clone()
                    })
                    .collect();
                for room in &added {
                    next.rooms.insert(
                        room.uuid,
                        (floor, room.number.clone(), room.name.clone(), Vec::new()),
                    );
                }
                Box::new(move |store| {
                    store
                        .upsert_floor_rooms(&floor, &added, false, &record("import", n))
                        .map(drop)
                        .expect("import")
                })
            }
            _ => {
                if let Some((name, uuid)) = model.scenarios.iter().next() {
                    let uuid = *uuid;
                    next.scenarios.remove(name);
                    Box::new(move |store| {
                        store
                            .delete_scenario(&uuid, &record("scenario.delete", n))
                            .expect("delete scenario")
                    })
                } else {
                    let uuid = Uuid::now_v7();
                    next.scenarios.insert(format!("s{n}"), uuid);
                    Box::new(move |store| {
                        store_support::new_scenario(store, &uuid, &format!("s{n}"))
                            .expect("new scenario")
                    })
                }
            }
        };
        mark(&format!("begin {n} {}", next.checksum()));
        write(&mut store);
        let now = Content::load(&store);
        assert_eq!(now, next, "the writer's model of write {n} is wrong");
        mark(&format!("done {n}"));
        model = next;
    }
}

/// What the child printed before it was killed.
#[derive(Debug, Default)]
struct Marks {
    ready: Option<u64>,
    /// (write, checksum after it) of every `begin`.
    begun: Vec<(u64, u64)>,
    done: Option<u64>,
}

impl Marks {
    fn read(line: &str, into: &mut Marks) {
        // The test harness prints "test crash_writer_child ... " before the first mark.
        let Some(at) = line.find("MARK ") else {
            return;
        };
        let mut words = line[at..].split_whitespace();
        if words.next() != Some("MARK") {
            return;
        }
        let word = words.next();
        let a: Option<u64> = words.next().and_then(|w| w.parse().ok());
        let b: Option<u64> = words.next().and_then(|w| w.parse().ok());
        match (word, a, b) {
            (Some("ready"), Some(sum), _) => into.ready = Some(sum),
            (Some("begin"), Some(n), Some(sum)) => into.begun.push((n, sum)),
            (Some("done"), Some(n), _) => into.done = Some(n),
            _ => {}
        }
    }
}

#[test]
fn random_kills_leave_a_whole_file() {
    let kills: usize = std::env::var("STORE_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crash.gpkg");
    let project = build_project(&SampleSource::Embedded).expect("sample");
    drop(Store::create(&path, &project, CreateOptions::default()).expect("create"));
    let exe = std::env::current_exe().expect("test binary");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut mid_write, mut between, mut after, mut before, mut writes) = (0, 0, 0, 0, 0u64);
    let started = Instant::now();
    let stderr_path = dir.path().join("writer-stderr.txt");
    for kill in 0..kills {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_writer_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(FILE_VAR, &path)
            .env(SEED_VAR, (kill as u64 + 1).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(
                std::fs::File::create(&stderr_path).expect("stderr file"),
            ))
            .spawn()
            .expect("spawn the writer");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut marks = Marks::default();
        // Wait until the writer has opened the file, then kill it 0–400 ms later.
        let deadline = Instant::now() + Duration::from_secs(60);
        while marks.ready.is_none() {
            let line = receiver
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the writer starts");
            Marks::read(&line, &mut marks);
        }
        std::thread::sleep(Duration::from_millis(rng.below(400) as u64));
        if let Some(status) = child.try_wait().expect("status") {
            panic!(
                "kill {kill}: the writer stopped by itself ({status}): {}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        reader.join().expect("reader");
        for line in receiver.try_iter() {
            Marks::read(&line, &mut marks);
        }

        let conn = rusqlite::Connection::open(&path).expect("open");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok", "kill {kill}: integrity_check");
        drop(conn);
        let store = Store::open(&path).unwrap_or_else(|e| panic!("kill {kill}: {e}"));
        assert!(
            store.damage().is_none(),
            "kill {kill}: {:?}",
            store.damage()
        );
        let sum = Content::load(&store).checksum();
        drop(store);

        let last_done = marks.done.unwrap_or(0);
        let first_write = (kill as u64 + 1) * 1_000_000;
        let committed = marks
            .begun
            .iter()
            .rev()
            .find(|(n, _)| *n == last_done)
            .map(|(_, s)| *s)
            .or(marks.ready)
            .expect("a state");
        writes += (last_done + 1).saturating_sub(first_write);
        match marks.begun.last() {
            Some((n, pending)) if *n > last_done => {
                mid_write += 1;
                if sum == *pending {
                    after += 1;
                } else {
                    assert_eq!(
                        sum, committed,
                        "kill {kill} during write {n}: neither before nor after it"
                    );
                    before += 1;
                }
            }
            _ => {
                between += 1;
                assert_eq!(
                    sum, committed,
                    "kill {kill} between writes: not the last write"
                );
            }
        }
    }
    eprintln!(
        "{kills} kills in {:.1} s: {mid_write} during a write ({before} left the state before \
         it, {after} the state after it), {between} between writes; {writes} writes committed; \
         0 failed integrity checks, 0 refused opens",
        started.elapsed().as_secs_f64()
    );
}
