//! The project file on disk (issue 11): whole at every moment (#1), nothing left beside a
//! refused or read-only file (#14), and links that other tools cannot misattach (#3).
//! Recovery, damage and locks: `store_recovery.rs`.

mod store_support;

use std::path::Path;

use officeplan::model::Uuid;
use officeplan::store::{OpenError, RoomPatch, Store};
use store_support::*;

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
    assert_eq!(
        log[0].kind(),
        Some(officeplan::model::ChangeAction::SetAsideLinks)
    );
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

/// A tool without the GeoPackage SQL functions (the sqlite3 shell, a script) can still edit
/// attributes of rooms and buildings and delete rows: only a change of geometry needs the
/// functions our spatial index triggers call. (A GDAL-made index, whose update triggers fire
/// on any UPDATE, does not allow this; ours fires on a change of `geom` or `fid` only.)
#[test]
fn a_tool_without_our_sql_functions_can_edit_attributes_and_delete() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_at(dir.path(), "plain.gpkg");
    let conn = rusqlite::Connection::open(&path).expect("plain connection");
    conn.execute(
        "UPDATE rooms SET name = '改名' WHERE fid = (SELECT min(fid) FROM rooms)",
        [],
    )
    .expect("a room's name changed without ST_ functions");
    conn.execute(
        "UPDATE buildings SET anchor_lon = NULL, anchor_lat = NULL",
        [],
    )
    .expect("buildings' anchors changed without ST_ functions");
    conn.execute(
        "DELETE FROM rooms WHERE fid = (SELECT max(fid) FROM rooms)",
        [],
    )
    .expect("a room deleted without ST_ functions");
    let moved = conn.execute(
        "UPDATE rooms SET geom = geom WHERE fid = (SELECT min(fid) FROM rooms)",
        [],
    );
    assert!(
        moved.is_err_and(|e| e.to_string().contains("ST_")),
        "a geometry change still needs the functions that keep the index right"
    );
    drop(conn);
    let store = Store::open(&path).expect("opens after the plain edits");
    assert!(!store.is_read_only());
}

// ---------------------------------------------------------------------------------------
// Issue #16: the index reads per-floor totals kept in the file (schema step 12), and they
// equal a full rescan of the rooms whoever wrote the rooms last: officeplan, or QGIS, GDAL
// and the sqlite3 shell writing the GeoPackage directly.

use std::collections::HashMap;

use officeplan::analysis::CategoryStatusTotals;
use officeplan::analysis::area::round_m2;
use officeplan::analysis::validity::measured_area;
use officeplan::store::blob::encode_polygon;
use officeplan::store::schema::PLAN_SRS_ID;

/// The oracle: every room read whole (`load_project`, in file order) and measured by the one
/// area path, summed per floor.
fn rescanned(store: &Store) -> HashMap<Uuid, CategoryStatusTotals> {
    let project = store.load_project().expect("project");
    let mut totals: HashMap<Uuid, CategoryStatusTotals> = HashMap::new();
    for room in &project.rooms {
        let floor = totals.entry(room.floor).or_default();
        match measured_area(&room.polygon) {
            Ok(area) => floor.add_room(room.category, room.status, area),
            Err(_) => floor.add_unmeasured_room(room.category, room.status),
        }
    }
    totals
}

/// Opens `path` and checks that every floor of its index equals the rescan: to the last bit
/// (the totals are summed in the same order), and so to the cent; returns the rooms counted.
fn assert_index_is_a_rescan(path: &Path, when: &str) -> u64 {
    let store = Store::open(path).expect("open");
    let index = store.load_index().expect("index");
    let oracle = rescanned(&store);
    let mut rooms = 0;
    for f in &index.floors {
        let want = oracle.get(&f.floor.uuid).copied().unwrap_or_default();
        assert_eq!(
            round_m2(f.totals.total().area_m2),
            round_m2(want.total().area_m2),
            "{when}: floor {} area",
            f.floor.name
        );
        assert_eq!(f.totals, want, "{when}: floor {}", f.floor.name);
        rooms += f.totals.total().rooms;
    }
    let oracle_rooms: u64 = oracle.values().map(|t| t.total().rooms).sum();
    assert_eq!(rooms, oracle_rooms, "{when}: rooms");
    rooms
}

fn stale_floors(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM officeplan_floor_totals_stale",
            [],
            |r| r.get(0),
        )
        .expect("count")
}

/// A connection as QGIS and GDAL have one: the GeoPackage functions that the spatial
/// index's triggers call are there.
fn gdal_like(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open");
    officeplan::store::gpkg_functions::register(&conn).expect("functions");
    conn
}

/// A 5 m × 4 m room (20 m²) at (x, y), as a GeoPackage blob.
fn room_blob(x: f64, y: f64) -> Vec<u8> {
    use geo::polygon;
    let polygon = polygon![
        (x: x, y: y), (x: x + 5.0, y: y), (x: x + 5.0, y: y + 4.0), (x: x, y: y + 4.0)
    ];
    encode_polygon(&polygon, PLAN_SRS_ID)
}

fn edit_like_qgis(path: &Path) {
    let conn = gdal_like(path);
    let fids: Vec<i64> = conn
        .prepare("SELECT fid FROM rooms ORDER BY fid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (first, second, third) = (fids[0], fids[fids.len() / 2], fids[fids.len() - 1]);
    // A reshaped room: its geometry blob replaced.
    conn.execute(
        "UPDATE rooms SET geom = ?1 WHERE fid = ?2",
        rusqlite::params![room_blob(1.0, 1.0), first],
    )
    .unwrap();
    // A room deleted.
    conn.execute("DELETE FROM rooms WHERE fid = ?1", [second])
        .unwrap();
    // A room drawn on the last room's floor.
    conn.execute(
        "INSERT INTO rooms (geom, uuid, floor_id, number, category, status)
         SELECT ?1, '00000000-0000-7000-8000-00000000f001', floor_id, 'Q1', 'office', 'idle'
         FROM rooms WHERE fid = ?2",
        rusqlite::params![room_blob(100.0, 100.0), third],
    )
    .unwrap();
    // A room moved to another floor by INSERT OR REPLACE (no DELETE trigger fires).
    conn.execute(
        "INSERT OR REPLACE INTO rooms (fid, geom, uuid, floor_id, number, category, status)
         SELECT fid, geom, uuid, (SELECT min(id) FROM floors), number, category, status
         FROM rooms WHERE fid = ?1",
        [third],
    )
    .unwrap();
    drop(conn);
    // The sqlite3 shell has no GeoPackage functions: our triggers need none.
    let shell = rusqlite::Connection::open(path).expect("open");
    shell
        .execute(
            "UPDATE rooms SET category = 'service', status = 'idle' WHERE fid = ?1",
            [fids[1]],
        )
        .expect("a category edit without GeoPackage functions");
    shell
        .execute("DELETE FROM rooms WHERE fid = ?1", [fids[2]])
        .expect("a delete without GeoPackage functions");
}

#[test]
fn the_index_read_from_floor_totals_equals_a_rescan_after_edits_by_other_programs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = sample_at(dir.path(), "sample.gpkg");
    let generated = dir.path().join("generated.gpkg");
    let project = officeplan::synth::generate(officeplan::synth::GenerateOptions {
        rooms: 3_000,
        seed: 7,
        large_floor_rooms: 0,
    });
    drop(
        Store::create(
            &generated,
            &project,
            officeplan::store::CreateOptions::default(),
        )
        .expect("create"),
    );
    // The sample's 450 rooms (sample_plans/README.md) and the 3,000 generated.
    for (path, rooms) in [(&sample, 450), (&generated, 3_000)] {
        assert_eq!(stale_floors(path), 0, "a new file's totals are all made");
        assert_eq!(assert_index_is_a_rescan(path, "new"), rooms);
        edit_like_qgis(path);
        // Reshaped, deleted, inserted, replaced onto another floor, recategorised, deleted.
        assert!(stale_floors(path) >= 2, "the edits marked their floors");
        // One drawn, two deleted: 1 fewer.
        assert_eq!(assert_index_is_a_rescan(path, "after the edits"), rooms - 1);
        // Our next write refreshes every stale floor in its own transaction.
        let mut store = Store::open(path).expect("open");
        let unit = store.load_units().expect("units")[0].uuid;
        store
            .rename_unit(&unit, "汇总测试单位", &record("rename_unit"))
            .expect("rename");
        drop(store);
        assert_eq!(stale_floors(path), 0, "refreshed by our write");
        assert_eq!(assert_index_is_a_rescan(path, "after our write"), rooms - 1);
    }
}

#[test]
fn a_total_edited_by_another_program_is_not_believed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "sample.gpkg");
    let before = assert_index_is_a_rescan(&path, "new");
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "UPDATE officeplan_floor_totals SET rooms = rooms + 100, area_m2 = area_m2 + 1000
         WHERE id = (SELECT min(id) FROM officeplan_floor_totals);
         DELETE FROM officeplan_floor_totals WHERE id = (SELECT max(id) FROM officeplan_floor_totals);",
    )
    .expect("tamper");
    drop(conn);
    assert_eq!(stale_floors(&path), 2);
    assert_eq!(assert_index_is_a_rescan(&path, "after tampering"), before);
}

#[test]
fn the_index_reads_the_stored_totals_not_the_rooms() {
    // Proof that the rooms are not read: with the triggers dropped (nothing any tool does),
    // a change of category goes unseen by the index until the totals are made again.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_at(dir.path(), "sample.gpkg");
    let office = |path: &Path| {
        Store::open(path)
            .expect("open")
            .load_index()
            .expect("index")
            .totals
            .by_category(officeplan::model::RoomCategory::Office)
            .rooms
    };
    let offices = office(&path);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "DROP TRIGGER officeplan_floor_totals_room_update;
         UPDATE rooms SET category = 'service' WHERE fid = (SELECT min(fid) FROM rooms WHERE category = 'office');",
    )
    .expect("edit without the trigger");
    drop(conn);
    assert_eq!(office(&path), offices, "read from the stored totals");
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch("DELETE FROM officeplan_meta WHERE key = 'floor_totals_rules'")
        .expect("forget the rules");
    drop(conn);
    assert_eq!(
        office(&path),
        offices - 1,
        "totals of unknown rules are measured again"
    );
}
