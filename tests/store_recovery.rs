//! Opening and writing that tell the truth (issue 11): SQLite's own recovery is trusted
//! (#9: a torn checkpoint, a hot journal, a file growing beside us), a damaged file is never
//! written (#13), and locks and permissions are named as such (#14).

mod store_support;

use std::path::Path;
use std::time::{Duration, Instant};

use officeplan::model::{Room, Uuid};
use officeplan::store::{OpenError, Store, StoreError};
use store_support::*;

#[test]
fn a_file_with_a_torn_checkpoint_of_an_old_version_opens() {
    // An older version wrote in WAL mode. A checkpoint killed after it wrote page 1 (with
    // the new page count) but before it extended the file leaves a main file shorter than its
    // header says; the WAL still holds every page, so SQLite reads it whole.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "torn.gpkg");
    set_wal(&path);
    let copy = dir.path().join("torn-copy.gpkg");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")
            .expect("no checkpoint");
        // Grow the file inside the WAL: 2,000 change-log lines of 1 KB.
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO change_log (user, action, summary, detail)
             SELECT 'test', 'grow', 'line ' || i, hex(zeroblob(512)) FROM n;",
        )
        .expect("grow");
        let pages: u32 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .expect("page count");
        std::fs::copy(&path, &copy).expect("copy main");
        std::fs::copy(side(&path, "-wal"), side(&copy, "-wal")).expect("copy wal");
        // Page 1 as the checkpoint wrote it: the header's page count is the new one.
        let mut bytes = std::fs::read(&copy).expect("read");
        bytes[28..32].copy_from_slice(&pages.to_be_bytes());
        std::fs::write(&copy, &bytes).expect("write");
        let page_size = u64::from(u16::from_be_bytes([bytes[16], bytes[17]]));
        assert!(
            (bytes.len() as u64) < u64::from(pages) * page_size,
            "the main file is shorter than its header says"
        );
    }
    let store = Store::open(&copy).expect("SQLite reads it whole, so it opens");
    assert_eq!(store.change_log(1).expect("log")[0].summary, "line 2000");
    assert_eq!(store.load_index().expect("index").totals.total().rooms, 450);
}

#[test]
fn a_file_with_a_hot_journal_from_a_killed_write_opens_as_it_was() {
    // Mid-write, a rollback-journal file holds new pages and its journal holds the old
    // ones. A copy of both at that moment is what a killed writer leaves.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "hot.gpkg");
    let original_len = std::fs::metadata(&path).expect("len").len();
    let copy = dir.path().join("hot-copy.gpkg");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        // A tiny page cache makes SQLite spill changed pages into the file before commit.
        // (Units, not rooms: the rooms' spatial index triggers need our SQL functions.)
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 8; BEGIN IMMEDIATE;
             UPDATE units SET name = name || ' (half written)';
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO change_log (user, action, summary, detail)
             SELECT 'test', 'grow', 'line ' || i, hex(zeroblob(512)) FROM n;",
        )
        .expect("write");
        std::fs::copy(&path, &copy).expect("copy main");
        std::fs::copy(side(&path, "-journal"), side(&copy, "-journal")).expect("copy journal");
        conn.execute_batch("ROLLBACK").expect("rollback");
    }
    let grown = std::fs::metadata(&copy).expect("len").len();
    assert!(
        grown > original_len,
        "the copy holds spilled pages ({grown} > {original_len})"
    );
    let store = Store::open(&copy).expect("SQLite rolls the journal back, so it opens");
    let index = store.load_index().expect("index");
    assert_eq!(index.totals.total().rooms, 450);
    let units = store.load_units().expect("units");
    assert_eq!(units.len(), 32, "the sample's 32 units");
    assert!(units.iter().all(|u| !u.name.contains("half written")));
    assert!(
        !side(&copy, "-journal").exists(),
        "the journal was rolled back"
    );
}

#[test]
fn a_file_being_grown_by_another_writer_opens_every_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "growing.gpkg");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let path = path.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&path).expect("writer");
            let floor = store.load_index().expect("index").floors[1].floor.uuid;
            let template = store.load_floor_rooms(&floor).expect("rooms")[0].clone();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let rooms: Vec<Room> = (0..20)
                    .map(|i| new_room_like(&template, &format!("G{n}-{i}")))
                    .collect();
                store
                    .upsert_floor_rooms(&floor, &rooms, false, &record("grow"))
                    .expect("grow");
                n += 1;
            }
            n
        })
    };
    let mut opened = 0;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        let store = Store::open(&path).unwrap_or_else(|e| panic!("open {opened}: {e}"));
        assert!(store.damage().is_none(), "{:?}", store.damage());
        store.load_index().expect("index");
        opened += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.join().expect("writer");
    assert!(writes > 0 && opened > 0, "{writes} writes, {opened} opens");
    eprintln!("{opened} opens beside {writes} writes");
}

/// Overwrites page `page` (1-based) of a copy of `path` with `fill`.
fn damage_page(path: &Path, page: usize, mut fill: impl FnMut(usize) -> u8) {
    let mut bytes = std::fs::read(path).expect("read");
    let size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    for (i, b) in bytes[(page - 1) * size..page * size].iter_mut().enumerate() {
        *b = fill(i);
    }
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn a_damaged_file_opens_read_only_with_the_reason_and_is_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = sample_at(dir.path(), "whole.gpkg");
    // A page in the middle of a table's data (not the schema's, which every open reads:
    // the schema outgrew one page at step 11).
    let data_page = |table: &str| -> usize {
        let conn = rusqlite::Connection::open(&original).expect("open");
        let pages: Vec<i64> = conn
            .prepare(
                "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno",
            )
            .expect("dbstat")
            .query_map([table], |r| r.get(0))
            .expect("pages")
            .collect::<Result<_, _>>()
            .expect("pages");
        pages[pages.len() / 2] as usize
    };
    let zeroed = dir.path().join("zeroed.gpkg");
    let random = dir.path().join("random.gpkg");
    std::fs::copy(&original, &zeroed).expect("copy");
    std::fs::copy(&original, &random).expect("copy");
    damage_page(&zeroed, data_page("rooms"), |_| 0);
    let mut x = 0x2545_f491_u32;
    damage_page(&random, data_page("persons"), move |_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as u8
    });
    for path in [&zeroed, &random] {
        let before = std::fs::read(path).expect("read");
        let mut store = Store::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(store.is_read_only(), "{}", path.display());
        assert!(store.damage().is_some(), "{}", path.display());
        // What `standards --set`, `scenario new` and `import-geojson` write.
        let refused = [
            store.set_standard_overrides("[x]\ny = 1\n", &record("standards.set")),
            new_scenario(&mut store, &Uuid::now_v7(), "方案"),
            store
                .upsert_floor_rooms(&Uuid::now_v7(), &[], false, &record("import_geojson"))
                .map(drop),
        ];
        for result in refused {
            assert!(
                matches!(result, Err(StoreError::Damaged { .. })),
                "{}: {result:?}",
                path.display()
            );
        }
        drop(store);
        assert!(
            before == std::fs::read(path).expect("read"),
            "{} written",
            path.display()
        );
        assert!(side_files(path).is_empty(), "{:?}", side_files(path));
    }
}

#[test]
fn a_locked_file_is_waited_for_then_reported_once_as_in_use() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "locked.gpkg");
    let mut store = Store::open(&path).expect("open");
    let unit = store.load_units().expect("units")[0].uuid;
    let other = rusqlite::Connection::open(&path).expect("other program");
    other.execute_batch("BEGIN EXCLUSIVE").expect("lock");

    let started = Instant::now();
    let error = Store::open(&path).expect_err("locked");
    assert!(matches!(error, OpenError::InUse { .. }), "{error:?}");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(4900), "waited {waited:?}");

    let error = store
        .rename_unit(&unit, "锁", &record("rename_unit"))
        .expect_err("locked");
    assert!(matches!(error, StoreError::InUse { .. }), "{error:?}");
    // Reported once: the message holds no repeated SQLite text.
    let message = error.to_string();
    assert!(!message.contains("database is locked"), "{message}");
    other.execute_batch("ROLLBACK").expect("unlock");
    store
        .rename_unit(&unit, "锁已释放", &record("rename_unit"))
        .expect("free again");
}

#[test]
fn concurrent_writers_wait_for_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "two.gpkg");
    let mut store = Store::open(&path).expect("open");
    let unit = store.load_units().expect("units")[0].uuid;
    let holder = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut other = Store::open(&path).expect("second writer");
            let conn = rusqlite::Connection::open(&path).expect("third");
            // Another writer holds the write lock for a second, then commits.
            conn.execute_batch(
                "BEGIN IMMEDIATE; UPDATE units SET note = 'held' WHERE id = (SELECT min(id) FROM units);",
            )
            .expect("hold");
            std::thread::sleep(Duration::from_secs(1));
            conn.execute_batch("COMMIT").expect("commit");
            let unit = other.load_units().expect("units")[1].uuid;
            other
                .rename_unit(&unit, "第二个写入者", &record("rename_unit"))
                .expect("second writer writes");
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    for i in 0..5 {
        store
            .rename_unit(&unit, &format!("第一个写入者 {i}"), &record("rename_unit"))
            .expect("waits out the other writer");
    }
    holder.join().expect("holder");

    // Three programs drawing rooms at once, each write reading before it writes.
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).expect("open");
                let floor = store.load_index().expect("index").floors[w].floor.uuid;
                let template = store.load_floor_rooms(&floor).expect("rooms")[0].clone();
                for i in 0..30 {
                    let room = new_room_like(&template, &format!("C{w}-{i}"));
                    store
                        .upsert_floor_rooms(&floor, &[room], false, &record("draw"))
                        .unwrap_or_else(|e| panic!("writer {w}, write {i}: {e}"));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("every write waited its turn");
    }
    // 450 sample rooms + 3 × 30 drawn.
    let store = Store::open(&path).expect("open");
    assert_eq!(store.load_index().expect("index").totals.total().rooms, 540);
}

#[test]
fn a_file_that_cannot_be_read_is_a_permissions_problem_not_damage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "secret.gpkg");
    set_mode(&path, 0o000);
    if std::fs::File::open(&path).is_ok() {
        eprintln!("SKIPPED: this user reads files whatever their permissions (root)");
        set_mode(&path, 0o644);
        return;
    }
    let error = Store::open(&path).expect_err("unreadable");
    assert!(
        matches!(error, OpenError::PermissionDenied { .. }),
        "{error:?}"
    );
    set_mode(&path, 0o644);
}
