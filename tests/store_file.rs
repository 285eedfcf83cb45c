//! The project file on disk (issue 11): whole at every moment (#1), links that other tools
//! cannot misattach (#3), SQLite's own recovery trusted (#9), damaged files never written
//! (#13), and locks, permissions and refusals told truthfully (#14).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use officeplan::io::sample::{SampleSource, build_project};
use officeplan::model::{Room, RoomStatus, Uuid};
use officeplan::store::{ChangeRecord, CreateOptions, OpenError, RoomPatch, Store, StoreError};

fn record(action: &str) -> ChangeRecord {
    ChangeRecord {
        action: action.into(),
        summary: action.into(),
        detail: String::new(),
    }
}

/// The bundled sample (450 rooms, 32 units, 326 persons: sample_plans/README.md) at
/// `dir/name`, written and closed.
fn sample_at(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let project = build_project(&SampleSource::Embedded).expect("sample");
    drop(Store::create(&path, &project, CreateOptions::default()).expect("create"));
    path
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Which of `-wal`, `-shm`, `-journal` lie beside `path`.
fn side_files(path: &Path) -> Vec<&'static str> {
    ["-wal", "-shm", "-journal"]
        .into_iter()
        .filter(|s| side(path, s).exists())
        .collect()
}

/// Byte 18 of the SQLite header: 1 for the rollback journal, 2 for WAL.
fn header_write_version(path: &Path) -> u8 {
    std::fs::read(path).expect("read")[18]
}

fn set_wal(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .expect("wal");
    assert_eq!(mode, "wal");
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A copy of a room on `floor` with a new UUID and number, no units: a room a user draws.
fn new_room_like(template: &Room, number: &str) -> Room {
    Room {
        uuid: Uuid::now_v7(),
        number: number.into(),
        name: "新建档案室".into(),
        status: RoomStatus::InUse,
        status_since: None,
        units: Vec::new(),
        ..template.clone()
    }
}

#[test]
fn a_copy_taken_while_the_file_is_open_holds_every_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "open.gpkg");
    let mut store = Store::open(&path).expect("open");
    let index = store.load_index().expect("index");
    let floor = index.floors[0].floor.uuid;
    let rooms = store.load_floor_rooms(&floor).expect("rooms");
    let patched = rooms[0].uuid;
    store
        .patch_room(
            &patched,
            &RoomPatch {
                name: Some("复制测试".into()),
                ..Default::default()
            },
            &record("edit_room"),
        )
        .expect("patch");
    let unit = store.load_units().expect("units")[0].uuid;
    store
        .rename_unit(&unit, "复制测试单位", &record("rename_unit"))
        .expect("rename");
    let added = new_room_like(&rooms[0], "X901");
    store
        .upsert_floor_rooms(
            &floor,
            std::slice::from_ref(&added),
            false,
            &record("import"),
        )
        .expect("import");

    // The store is still open: copy the one file, as a user e-mailing it would.
    let copy = dir.path().join("copy.gpkg");
    std::fs::copy(&path, &copy).expect("copy");
    assert_eq!(
        header_write_version(&path),
        1,
        "the file is in rollback mode"
    );
    let copied = Store::open(&copy).expect("open the copy");
    let rooms = copied.load_floor_rooms(&floor).expect("rooms");
    let name = |uuid: &Uuid| {
        rooms
            .iter()
            .find(|r| r.uuid == *uuid)
            .map(|r| r.name.clone())
    };
    assert_eq!(name(&patched).as_deref(), Some("复制测试"));
    assert!(
        rooms.iter().any(|r| r.number == "X901"),
        "the imported room"
    );
    let units = copied.load_units().expect("units");
    assert_eq!(
        units
            .iter()
            .find(|u| u.uuid == unit)
            .map(|u| u.name.as_str()),
        Some("复制测试单位")
    );
    // 450 sample rooms + the imported one.
    assert_eq!(
        copied.load_index().expect("index").totals.total().rooms,
        451
    );
    drop(store);
}

#[test]
fn a_new_file_and_an_old_wal_file_are_left_in_rollback_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "new.gpkg");
    assert_eq!(header_write_version(&path), 1, "Store::create");
    set_wal(&path);
    assert_eq!(header_write_version(&path), 2);
    drop(Store::open(&path).expect("open"));
    assert_eq!(
        header_write_version(&path),
        1,
        "switched when opened writable"
    );
    assert!(side_files(&path).is_empty(), "{:?}", side_files(&path));
}

#[test]
fn a_file_in_a_read_only_folder_opens_read_only_without_writing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("archive");
    std::fs::create_dir(&folder).expect("mkdir");
    let rollback = sample_at(&folder, "rollback.gpkg");
    let wal = sample_at(&folder, "wal.gpkg");
    set_wal(&wal);
    set_mode(&folder, 0o555);
    for path in [&rollback, &wal] {
        let before = std::fs::read(path).expect("read");
        for _ in 0..2 {
            let store = Store::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(store.is_read_only(), "{}", path.display());
            assert_eq!(store.load_index().expect("index").totals.total().rooms, 450);
        }
        assert!(
            before == std::fs::read(path).expect("read"),
            "{} changed",
            path.display()
        );
        assert!(side_files(path).is_empty(), "{:?}", side_files(path));
    }
    set_mode(&folder, 0o755);
}

#[test]
fn a_write_protected_wal_file_leaves_nothing_that_keeps_it_unwritable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "protected.gpkg");
    set_wal(&path);
    set_mode(&path, 0o444);
    {
        let store = Store::open(&path).expect("open read-only");
        assert!(store.is_read_only());
        assert_eq!(store.load_index().expect("index").totals.total().rooms, 450);
    }
    assert!(side_files(&path).is_empty(), "{:?}", side_files(&path));
    set_mode(&path, 0o644);
    let mut store = Store::open(&path).expect("open writable");
    assert!(!store.is_read_only());
    let unit = store.load_units().expect("units")[0].uuid;
    store
        .rename_unit(&unit, "可写", &record("rename_unit"))
        .expect("writable again");
}

#[test]
fn refused_files_leave_nothing_beside_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A foreign GeoPackage in WAL mode (as GDAL may leave one).
    let foreign = dir.path().join("foreign.gpkg");
    {
        let conn = rusqlite::Connection::open(&foreign).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA application_id = 1196444487;
             CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL);
             CREATE TABLE roads (fid INTEGER PRIMARY KEY, geom BLOB);",
        )
        .expect("foreign");
    }
    // Ours, but from a newer version, in WAL mode.
    let newer = sample_at(dir.path(), "newer.gpkg");
    {
        let conn = rusqlite::Connection::open(&newer).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             UPDATE officeplan_meta SET value = '99' WHERE key = 'schema_version';",
        )
        .expect("newer");
    }
    let text = dir.path().join("notes.gpkg");
    std::fs::write(&text, "房间号,面积\n301,25.84\n".repeat(20)).expect("write");
    for path in [&foreign, &newer, &text] {
        let before = std::fs::read(path).expect("read");
        let error = Store::open(path).expect_err("refused");
        assert!(
            matches!(
                error,
                OpenError::NotGeoPackage { .. }
                    | OpenError::NotOurs { .. }
                    | OpenError::NewerSchema { .. }
                    | OpenError::NotSqlite { .. }
            ),
            "{error:?}"
        );
        assert!(
            before == std::fs::read(path).expect("read"),
            "{} changed",
            path.display()
        );
        assert!(
            side_files(path).is_empty(),
            "{}: {:?}",
            path.display(),
            side_files(path)
        );
    }
}

/// Sets up a file as GDAL or the sqlite3 shell leave it after deleting the room with the
/// highest id, which held a unit and a person: foreign keys off, so the links stay.
/// Returns (unit id, person id) of the links.
fn delete_last_room_with_foreign_keys_off(path: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch("PRAGMA foreign_keys = OFF")
        .expect("fk off");
    let last: i64 = conn
        .query_row("SELECT max(fid) FROM rooms", [], |r| r.get(0))
        .expect("max");
    let (unit, person): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT id FROM units ORDER BY id LIMIT 1), (SELECT id FROM persons ORDER BY id LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("ids");
    conn.execute(
        "INSERT OR IGNORE INTO room_units (room_id, unit_id) VALUES (?1, ?2)",
        [last, unit],
    )
    .expect("unit link");
    conn.execute(
        "INSERT OR IGNORE INTO room_persons (room_id, person_id) VALUES (?1, ?2)",
        [last, person],
    )
    .expect("seat");
    // What `sqlite3 FILE "DELETE FROM rooms WHERE fid = …"` does: no cascade.
    conn.execute("DELETE FROM rooms WHERE fid = ?1", [last])
        .expect("delete");
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM room_units WHERE room_id = ?1) + (SELECT count(*) FROM room_persons WHERE room_id = ?1)",
            [last],
            |r| r.get(0),
        )
        .expect("count");
    assert!(left >= 2, "the deleted room's links stay behind");
    (unit, person)
}

#[test]
fn a_room_deleted_with_foreign_keys_off_hands_nothing_to_the_next_new_room() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "deleted.gpkg");
    delete_last_room_with_foreign_keys_off(&path);
    let mut store = Store::open(&path).expect("open");
    let index = store.load_index().expect("index");
    // A room drawn in another building than the deleted one's.
    let floor = index.floors[0].floor.uuid;
    let template = store.load_floor_rooms(&floor).expect("rooms")[0].clone();
    let archive = new_room_like(&template, "A001");
    store
        .upsert_floor_rooms(
            &floor,
            std::slice::from_ref(&archive),
            false,
            &record("draw"),
        )
        .expect("draw a room");
    let written = store
        .load_floor_rooms(&floor)
        .expect("rooms")
        .into_iter()
        .find(|r| r.number == "A001")
        .expect("the new room");
    assert!(
        written.units.is_empty(),
        "inherited units {:?}",
        written.units
    );
    assert!(
        store
            .room_occupants(&written.uuid)
            .expect("occupants")
            .is_empty(),
        "inherited occupants"
    );
}

#[test]
fn dangling_links_are_set_aside_when_writable_and_only_counted_when_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "orphans.gpkg");
    delete_last_room_with_foreign_keys_off(&path);
    let read_only = dir.path().join("orphans-ro.gpkg");
    std::fs::copy(&path, &read_only).expect("copy");
    set_mode(&read_only, 0o444);

    let before = std::fs::read(&read_only).expect("read");
    let store = Store::open(&read_only).expect("open read-only");
    let counted = store.set_aside().clone();
    assert!(!counted.moved);
    assert_eq!(counted.total(), 2, "{counted:?}");
    drop(store);
    assert!(
        before == std::fs::read(&read_only).expect("read"),
        "read-only file changed"
    );

    let store = Store::open(&path).expect("open");
    let moved = store.set_aside().clone();
    assert!(moved.moved);
    assert_eq!(moved.tables, vec![("room_units", 1), ("room_persons", 1)]);
    let log = store.change_log(1).expect("log");
    assert_eq!(log[0].action, officeplan::model::ChangeAction::SetAsideLinks);
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM officeplan_orphan_links WHERE source_table IN ('room_units', 'room_persons')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(kept, 2);
    drop(conn);
    // Set aside once: the next open finds nothing.
    assert_eq!(Store::open(&path).expect("open").set_aside().total(), 0);
}

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
    let pages = std::fs::metadata(&original).expect("len").len() as usize / 8192;
    let zeroed = dir.path().join("zeroed.gpkg");
    let random = dir.path().join("random.gpkg");
    std::fs::copy(&original, &zeroed).expect("copy");
    std::fs::copy(&original, &random).expect("copy");
    damage_page(&zeroed, pages / 2, |_| 0);
    let mut x = 0x2545_f491_u32;
    damage_page(&random, pages / 3, move |_| {
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
            store.create_scenario(&Uuid::now_v7(), "方案", "").map(drop),
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
