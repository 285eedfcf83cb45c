//! 上报 and 汇总 (issue #16): county files made with `generate`, their submission packages,
//! and the provincial file they are merged into — sums, idempotence, a second package after
//! edits, a conflict, refusals, undo, and a merge killed half-way.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{officeplan, officeplan_ok};
use officeplan::model::{Coded as _, RoomCategory, Uuid};
use officeplan::workspace::{Edit, MergeOptions, PackageResult, RoomFields, Workspace};
use rusqlite::types::Value;

/// The inventory tables a package carries, and `regions`.
const TABLES: &[&str] = &[
    "regions",
    "sites",
    "buildings",
    "floors",
    "rooms",
    "units",
    "unit_posts",
    "persons",
    "person_concurrent_units",
    "room_units",
    "room_persons",
    "floor_underlays",
    "construction_projects",
    "approvals",
];

/// Every row of every inventory table, by table and primary key.
type Dump = BTreeMap<String, BTreeMap<i64, Vec<Value>>>;

fn dump(path: &Path) -> Dump {
    let conn = rusqlite::Connection::open(path).expect("open");
    TABLES
        .iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).expect("select");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let values: Vec<Value> = (0..n).map(|i| r.get(i)).collect::<Result<_, _>>()?;
                    Ok((r.get::<_, i64>(0)?, values))
                })
                .expect("rows")
                .collect::<Result<BTreeMap<_, _>, _>>()
                .expect("rows");
            ((*t).to_owned(), rows)
        })
        .collect()
}

fn count(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `generate --rooms N --seed S --county NAME --code CODE OUT`.
fn county(dir: &Path, rooms: usize, seed: u64, name: &str, code: &str) -> PathBuf {
    let out = dir.join(format!("{code}.gpkg"));
    officeplan_ok(&[
        "generate",
        "--rooms",
        &rooms.to_string(),
        "--seed",
        &seed.to_string(),
        "--county",
        name,
        "--code",
        code,
        s(&out),
    ]);
    out
}

/// `submit FILE --out DIR`: the package folder.
fn submit(file: &Path, out: &Path) -> PathBuf {
    let text = officeplan_ok(&["submit", s(file), "--out", s(out), "--json"]);
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("json");
    PathBuf::from(manifest["folder"].as_str().expect("folder"))
}

/// The (room UUID, unit UUID) pairs of `room_units`.
fn room_units(path: &Path) -> BTreeSet<(String, String)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT r.uuid, u.uuid FROM room_units x JOIN rooms r ON r.fid = x.room_id
             JOIN units u ON u.id = x.unit_id",
        )
        .expect("select");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// Three counties of the same province (codes 4299 01/02/03, seeds 11/12/13) merge into a
/// provincial file whose every table holds the sum of their rows and whose 使用面积 by
/// category is the sum of theirs; merging them again changes nothing.
#[test]
fn three_counties_sum_up_and_merging_again_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let counties: Vec<PathBuf> = [
        (11, "甲县", "429901000000"),
        (12, "乙县", "429902000000"),
        (13, "丙县", "429903000000"),
    ]
    .iter()
    .map(|(seed, name, code)| county(dir.path(), 400, *seed, name, code))
    .collect();
    let province = dir.path().join("province.gpkg");
    let mut args = vec!["merge", s(&province)];
    args.extend(counties.iter().map(|c| s(c)));
    officeplan_ok(&args);

    // Every table: the province's rows are the three counties' rows (regions: its own
    // province row and one per county).
    for table in TABLES {
        let sql = format!("SELECT count(*) FROM {table}");
        let sum: i64 = counties.iter().map(|c| count(c, &sql)).sum();
        let own = i64::from(*table == "regions");
        assert_eq!(count(&province, &sql), sum + own, "{table}");
    }
    assert_eq!(
        count(
            &province,
            "SELECT count(*) FROM regions WHERE parent_code = '420000000000'"
        ),
        3
    );
    // 使用面积 by category, as `summary` computes it: the sum of the three (each rounded
    // to 0.01 m², so the sum of three may differ from the rounded total by 0.015).
    let totals: Vec<serde_json::Value> = counties.iter().map(|c| common::summary(c)).collect();
    let total = common::summary(&province);
    for category in RoomCategory::ALL {
        let code = category.code();
        let cell =
            |v: &serde_json::Value, key: &str| v["by_category"][code][key].as_f64().unwrap_or(0.0);
        let rooms: f64 = totals.iter().map(|t| cell(t, "rooms")).sum();
        let area: f64 = totals.iter().map(|t| cell(t, "area_m2")).sum();
        assert_eq!(cell(&total, "rooms"), rooms, "{code}");
        assert!(
            (cell(&total, "area_m2") - area).abs() < 0.02,
            "{code}: {} vs {area}",
            cell(&total, "area_m2")
        );
    }
    assert_eq!(total["rooms"].as_u64(), Some(1200));
    // The per-floor totals that `summary` reads (issue #16, schema 12) were made by each
    // merge's own transaction: no floor is left for a reader to measure again.
    assert_eq!(
        count(
            &province,
            "SELECT count(*) FROM officeplan_floor_totals_stale"
        ),
        0
    );
    assert_eq!(
        count(&province, "SELECT sum(rooms) FROM officeplan_floor_totals"),
        1200
    );
    // The spatial index: every room's box as its county had it, and the triggers kept.
    let conn = rusqlite::Connection::open(&province).expect("open");
    let triggers =
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_%'";
    let kept: i64 = conn
        .query_row(triggers, [], |r| r.get(0))
        .expect("triggers");
    assert_eq!(kept, count(&counties[0], triggers));
    for c in &counties {
        conn.execute("ATTACH DATABASE ?1 AS c", [s(c)])
            .expect("attach");
        let same: i64 = conn
            .query_row(
                "SELECT count(*) FROM rooms m JOIN rtree_rooms_geom t ON t.id = m.fid
                 JOIN c.rooms cr ON cr.uuid = m.uuid JOIN c.rtree_rooms_geom ct ON ct.id = cr.fid
                 WHERE (t.minx, t.maxx, t.miny, t.maxy) = (ct.minx, ct.maxx, ct.miny, ct.maxy)",
                [],
                |r| r.get(0),
            )
            .expect("boxes");
        assert_eq!(same, 400, "{}", c.display());
        conn.execute("DETACH DATABASE c", []).expect("detach");
    }
    assert_eq!(
        count(&province, "SELECT count(*) FROM rtree_rooms_geom"),
        1200
    );
    drop(conn);

    // The province's own package holds its own level only: none of the counties' rows.
    let own = submit(&province, &dir.path().join("own"));
    let gpkg = own.join("420000000000.gpkg");
    assert!(
        own.to_string_lossy().ends_with("湖北-420000000000"),
        "{}",
        own.display()
    );
    assert_eq!(count(&gpkg, "SELECT count(*) FROM regions"), 1);
    for table in [
        "sites",
        "rooms",
        "units",
        "persons",
        "room_units",
        "officeplan_submission_bases",
    ] {
        assert_eq!(
            count(&gpkg, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }

    // Again: every row as it was, no line in the change log, nothing recorded.
    let before = dump(&province);
    let log = count(&province, "SELECT count(*) FROM change_log");
    let out = officeplan_ok(&args);
    assert_eq!(out.matches("merged before").count(), 3, "{out}");
    assert_eq!(dump(&province), before);
    assert_eq!(count(&province, "SELECT count(*) FROM change_log"), log);
    assert_eq!(
        count(&province, "SELECT count(*) FROM officeplan_submissions"),
        3
    );
}

/// A county's second package after edits in the county — a room given to another unit, a
/// unit renamed, a room deleted — changes exactly those rows; the deletion waits for
/// `--apply-deletions`.
#[test]
fn a_second_package_updates_exactly_what_the_county_changed() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path(), 300, 21, "丁县", "429911000000");
    let province = dir.path().join("province.gpkg");
    let first = submit(&file, &dir.path().join("out1"));
    officeplan_ok(&["merge", s(&province), s(&first)]);

    // The county's edits, through its workspace.
    let mut ws = Workspace::open(&file).expect("open county");
    let project = ws.load_project().expect("project");
    let renamed = project.units[0].uuid;
    ws.apply(Edit::RenameUnit {
        unit: renamed,
        name: "改名后的单位".into(),
    })
    .expect("rename");
    let moved = project
        .rooms
        .iter()
        .find(|r| r.units.len() == 1)
        .expect("a room of one unit");
    let from = moved.units[0];
    let to = project
        .units
        .iter()
        .map(|u| u.uuid)
        .find(|u| *u != from)
        .expect("another unit");
    ws.assign_rooms(&to, &[moved.uuid], false).expect("give");
    ws.assign_rooms(&from, &[moved.uuid], true).expect("take");
    let deleted = project
        .rooms
        .iter()
        .find(|r| r.uuid != moved.uuid && r.floor != moved.floor)
        .expect("another room");
    let floor = deleted.floor;
    let rooms: Vec<_> = ws
        .stored_floor_rooms(&floor)
        .expect("rooms")
        .into_iter()
        .filter(|r| r.uuid != deleted.uuid)
        .collect();
    let seats: Vec<_> = ws
        .stored_floor_seats(&floor)
        .expect("seats")
        .into_iter()
        .filter(|(room, _)| *room != deleted.uuid)
        .collect();
    ws.apply(Edit::ReplaceFloorRooms(Box::new(
        officeplan::workspace::FloorRooms {
            floor,
            rooms,
            seats,
            action: officeplan::model::ChangeAction::DeleteRooms,
            summary: "delete one room".into(),
        },
    )))
    .expect("delete");
    // A room moved to another floor: taken out of its floor, drawn into another with its
    // UUID, units and seats (the county file gives it a new row id).
    let relocated = project
        .rooms
        .iter()
        .find(|r| r.uuid != moved.uuid && r.uuid != deleted.uuid && r.floor != floor)
        .expect("a third room")
        .clone();
    let target = project
        .floors
        .iter()
        .map(|f| f.uuid)
        .find(|f| *f != relocated.floor)
        .expect("another floor");
    let seats_of = |ws: &Workspace, floor: &Uuid| ws.stored_floor_seats(floor).expect("seats");
    let relocated_seats: Vec<_> = seats_of(&ws, &relocated.floor)
        .into_iter()
        .filter(|(room, _)| *room == relocated.uuid)
        .collect();
    let replace = |ws: &mut Workspace, floor: Uuid, rooms, seats| {
        ws.apply(Edit::ReplaceFloorRooms(Box::new(
            officeplan::workspace::FloorRooms {
                floor,
                rooms,
                seats,
                action: officeplan::model::ChangeAction::DeleteRooms,
                summary: "move a room".into(),
            },
        )))
        .expect("replace");
    };
    let source_rooms: Vec<_> = ws
        .stored_floor_rooms(&relocated.floor)
        .expect("rooms")
        .into_iter()
        .filter(|r| r.uuid != relocated.uuid)
        .collect();
    let source_seats: Vec<_> = seats_of(&ws, &relocated.floor)
        .into_iter()
        .filter(|(room, _)| *room != relocated.uuid)
        .collect();
    replace(&mut ws, relocated.floor, source_rooms, source_seats);
    let mut target_rooms = ws.stored_floor_rooms(&target).expect("rooms");
    let mut arriving = relocated.clone();
    arriving.floor = target;
    target_rooms.push(arriving);
    let mut target_seats = seats_of(&ws, &target);
    target_seats.extend(relocated_seats);
    replace(&mut ws, target, target_rooms, target_seats);
    drop(ws);

    let second = submit(&file, &dir.path().join("out2"));
    let before = dump(&province);
    let pairs_before = room_units(&province);
    let out = officeplan_ok(&["merge", s(&province), s(&second)]);
    assert!(
        out.contains(&deleted.uuid.to_string()),
        "the pending deletion is listed: {out}"
    );
    let after = dump(&province);

    // units: only the renamed unit's name.
    let name_of = |d: &Dump, uuid: &Uuid| {
        d["units"]
            .values()
            .find(|r| r[1] == Value::Text(uuid.to_string()))
            .map(|r| r[2].clone())
    };
    assert_eq!(
        name_of(&after, &renamed),
        Some(Value::Text("改名后的单位".into()))
    );
    let changed_units: Vec<i64> = before["units"]
        .iter()
        .filter(|(id, row)| after["units"].get(id) != Some(row))
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(changed_units.len(), 1);
    // room_units: the moved room's link from one unit to the other, nothing else.
    let mut expected = pairs_before.clone();
    assert!(expected.remove(&(moved.uuid.to_string(), from.to_string())));
    expected.insert((moved.uuid.to_string(), to.to_string()));
    assert_eq!(room_units(&province), expected);
    // rooms: only the relocated room's floor.
    let changed_rooms: Vec<&Vec<Value>> = before["rooms"]
        .iter()
        .filter(|(id, row)| after["rooms"].get(id) != Some(row))
        .map(|(_, row)| row)
        .collect();
    assert_eq!(changed_rooms.len(), 1);
    assert_eq!(changed_rooms[0][2], Value::Text(relocated.uuid.to_string()));
    let floor_of = |d: &Dump, room: &Uuid| {
        let row = d["rooms"]
            .values()
            .find(|r| r[2] == Value::Text(room.to_string()))
            .expect("room");
        let floor_id = row[3].clone();
        let floor = d["floors"]
            .values()
            .find(|f| f[0] == floor_id)
            .expect("floor");
        floor[1].clone()
    };
    assert_eq!(
        floor_of(&after, &relocated.uuid),
        Value::Text(target.to_string())
    );
    // Every other table as it was: the deleted room waits for consent.
    for table in TABLES
        .iter()
        .filter(|t| !["units", "room_units", "rooms"].contains(t))
    {
        assert_eq!(before[*table], after[*table], "{table}");
    }
    assert_eq!(
        count(
            &province,
            "SELECT count(*) FROM officeplan_merge_conflicts WHERE kind = 'deletion' AND resolved = 0"
        ),
        1
    );

    // With consent the same package applies the deletion: the room and its links go.
    officeplan_ok(&["merge", s(&province), s(&second), "--apply-deletions"]);
    let rooms = count(&province, "SELECT count(*) FROM rooms");
    assert_eq!(rooms, count(&file, "SELECT count(*) FROM rooms"));
    assert_eq!(
        count(
            &province,
            &format!("SELECT count(*) FROM rooms WHERE uuid = '{}'", deleted.uuid)
        ),
        0
    );
    assert_eq!(
        count(
            &province,
            "SELECT count(*) FROM officeplan_merge_conflicts WHERE kind = 'deletion' AND resolved = 0"
        ),
        0
    );
}

/// The province changed a room's category to 服务用房 and the county changed the same
/// room's to 设备用房: one conflict with both values and the base; the province's value
/// stays in the row and nothing else changes.
#[test]
fn a_field_changed_on_both_sides_is_one_conflict_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path(), 200, 31, "戊县", "429921000000");
    let province = dir.path().join("province.gpkg");
    officeplan_ok(&[
        "merge",
        s(&province),
        s(&submit(&file, &dir.path().join("out1"))),
    ]);

    let set_category = |path: &Path, room: &Uuid, category: RoomCategory| {
        let mut ws = Workspace::open(path).expect("open");
        let project = ws.load_project().expect("project");
        let current = project
            .rooms
            .iter()
            .find(|r| r.uuid == *room)
            .expect("room");
        ws.apply(Edit::SetRoom {
            room: *room,
            fields: RoomFields {
                category,
                ..RoomFields::of(current)
            },
        })
        .expect("set");
    };
    let project = Workspace::open(&file)
        .expect("open")
        .load_project()
        .expect("project");
    let room = project
        .rooms
        .iter()
        .find(|r| r.category == RoomCategory::Office)
        .expect("an office")
        .uuid;
    set_category(&province, &room, RoomCategory::Service);
    set_category(&file, &room, RoomCategory::Equipment);

    let before = dump(&province);
    let second = submit(&file, &dir.path().join("out2"));
    let text = officeplan_ok(&["merge", s(&province), s(&second), "--json"]);
    let results: serde_json::Value = serde_json::from_str(&text).expect("json");
    let conflicts = results[0]["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{text}");
    assert_eq!(conflicts[0]["table"], "rooms");
    assert_eq!(conflicts[0]["uuid"], room.to_string());
    assert_eq!(conflicts[0]["field"], "category");
    assert_eq!(conflicts[0]["province"], "service");
    assert_eq!(conflicts[0]["county"], "equipment");
    assert_eq!(conflicts[0]["base"], "office");
    // Every row as it was (the province's value kept), both values in the conflicts table.
    assert_eq!(dump(&province), before);
    let conn = rusqlite::Connection::open(&province).expect("open");
    let kept: (String, String, String, String) = conn
        .query_row(
            "SELECT entity_uuid, province_value, county_value, base_value
             FROM officeplan_merge_conflicts WHERE kind = 'conflict'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("conflict row");
    assert_eq!(
        kept,
        (
            room.to_string(),
            "service".into(),
            "equipment".into(),
            "office".into()
        )
    );
    drop(conn);

    // The county changes it again; `--prefer-county` writes the county's value, and the
    // conflict is recorded all the same.
    set_category(&file, &room, RoomCategory::Ancillary);
    let third = submit(&file, &dir.path().join("out3"));
    let text = officeplan_ok(&[
        "merge",
        s(&province),
        s(&third),
        "--json",
        "--prefer-county",
    ]);
    let results: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(results[0]["conflicts"][0]["county"], "ancillary", "{text}");
    assert_eq!(
        count(
            &province,
            &format!("SELECT count(*) FROM rooms WHERE uuid = '{room}' AND category = 'ancillary'")
        ),
        1
    );
    assert_eq!(
        count(
            &province,
            "SELECT count(*) FROM officeplan_merge_conflicts WHERE kind = 'conflict'"
        ),
        2
    );
}

/// A package of another province, a damaged one and an older one are refused, each naming
/// its file; the provincial file is unchanged.
#[test]
fn another_region_a_damaged_and_an_older_package_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path(), 120, 41, "己县", "429931000000");
    let province = dir.path().join("province.gpkg");
    let first = submit(&file, &dir.path().join("out1"));
    officeplan_ok(&["merge", s(&province), s(&first)]);
    let before = dump(&province);

    // Another province's county (43…): not under 420000000000.
    let hunan = county(dir.path(), 60, 42, "湘县", "439901000000");
    let hunan_package = submit(&hunan, &dir.path().join("out2"));
    let out = officeplan(&["merge", s(&province), s(&hunan_package)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(s(&hunan_package)) && err.contains("439901000000"),
        "{err}"
    );

    // Damaged: one byte of the GeoPackage changed after the manifest was written.
    let damaged = dir.path().join("damaged");
    std::fs::create_dir(&damaged).expect("dir");
    for entry in std::fs::read_dir(&first).expect("read") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), damaged.join(entry.file_name())).expect("copy");
    }
    let gpkg = damaged.join("429931000000.gpkg");
    let mut bytes = std::fs::read(&gpkg).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    std::fs::write(&gpkg, bytes).expect("write");
    let out = officeplan(&["merge", s(&province), s(&damaged)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("damaged") && err.contains(s(&gpkg)), "{err}");
    let out = officeplan(&["submit", "--verify", s(&damaged)]);
    assert!(!out.status.success());

    // Older: a package as of 2026-12-31 written, one as of 2027-03-31 merged, then the
    // first refused (a package merged before is "already merged", not older).
    let set_as_of = |date: &str| {
        let mut ws = Workspace::open(&file).expect("open");
        let mut settings = ws.region_settings();
        settings.as_of = Some(date.into());
        ws.apply(Edit::SetRegion(Box::new(settings)))
            .expect("as of");
    };
    set_as_of("2026-12-31");
    let middle = submit(&file, &dir.path().join("out3"));
    set_as_of("2027-03-31");
    let newer = submit(&file, &dir.path().join("out4"));
    officeplan_ok(&["merge", s(&province), s(&newer)]);
    let after_newer = dump(&province);
    let out = officeplan(&["merge", s(&province), s(&middle)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("older") && err.contains(s(&middle)), "{err}");
    assert_eq!(dump(&province), after_newer);
    // The refused packages changed nothing before the newer one came.
    assert_eq!(before["rooms"], after_newer["rooms"]);
}

/// A merge through the workspace is one undoable edit: undo puts every row back, redo
/// merges again.
#[test]
fn a_merge_is_undone_and_redone() {
    let dir = tempfile::tempdir().expect("dir");
    let a = county(dir.path(), 100, 51, "庚县", "429941000000");
    let b = county(dir.path(), 150, 52, "辛县", "429942000000");
    let province = dir.path().join("province.gpkg");
    officeplan_ok(&["merge", s(&province), s(&a)]);
    let before = dump(&province);
    let mut ws = Workspace::open(&province).expect("open");
    let result = ws
        .merge_package(&b, MergeOptions::default())
        .expect("merge");
    assert!(matches!(result, PackageResult::Merged(ref o) if o.first && o.inserted > 150));
    assert_eq!(ws.index().totals.total().rooms, 250);
    let after = dump(&province);
    ws.undo().expect("undo");
    assert_eq!(dump(&province), before);
    assert_eq!(ws.index().totals.total().rooms, 100);
    assert_eq!(
        count(&province, "SELECT count(*) FROM officeplan_submissions"),
        1
    );
    ws.redo().expect("redo");
    assert_eq!(dump(&province)["rooms"].len(), after["rooms"].len());
    assert_eq!(ws.index().totals.total().rooms, 250);
    let regions = ws.regions().expect("regions");
    assert_eq!(regions.len(), 3);
    assert_eq!(regions[2].code, "429942000000");
    assert_eq!(regions[2].parent_code, "420000000000");

    // A later package (a unit renamed in the county) is undone the same way: the row and
    // the stored base as they were.
    let mut county_ws = Workspace::open(&b).expect("county");
    let unit = county_ws.units()[0].uuid;
    county_ws
        .apply(Edit::RenameUnit {
            unit,
            name: "后改的名".into(),
        })
        .expect("rename");
    drop(county_ws);
    let before_second = dump(&province);
    let base_before = count(
        &province,
        "SELECT length(package) FROM officeplan_submission_bases WHERE region_code = '429942000000'",
    );
    let result = ws
        .merge_package(&b, MergeOptions::default())
        .expect("merge");
    assert!(matches!(result, PackageResult::Merged(ref o) if !o.first && o.updated == 1));
    assert_ne!(dump(&province), before_second);
    ws.undo().expect("undo");
    assert_eq!(dump(&province), before_second);
    assert_eq!(
        count(
            &province,
            "SELECT length(package) FROM officeplan_submission_bases WHERE region_code = '429942000000'",
        ),
        base_before
    );
}

/// `merge` killed (SIGKILL) while it writes: the provincial file is the file before the
/// merge or after it, never between, and SQLite finds it whole.
#[cfg(unix)]
#[test]
fn a_merge_killed_half_way_leaves_the_file_before_or_after() {
    let dir = tempfile::tempdir().expect("dir");
    let small = county(dir.path(), 50, 61, "壬县", "429951000000");
    let big = county(dir.path(), 20_000, 62, "癸县", "429952000000");
    let package = submit(&big, &dir.path().join("out"));
    let base = dir.path().join("base.gpkg");
    officeplan_ok(&["merge", s(&base), s(&small)]);
    let before = dump(&base);
    let done = dir.path().join("done.gpkg");
    std::fs::copy(&base, &done).expect("copy");
    officeplan_ok(&["merge", s(&done), s(&package)]);
    let after = dump(&done);
    assert_ne!(before, after);

    let (mut saw_before, mut saw_after) = (0, 0);
    // Kills from the first write to well after the commit.
    for (attempt, wait_ms) in [0u64, 20, 60, 150, 400, 1500].into_iter().enumerate() {
        let target = dir.path().join(format!("killed{attempt}.gpkg"));
        std::fs::copy(&base, &target).expect("copy");
        let journal = dir.path().join(format!("killed{attempt}.gpkg-journal"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_officeplan"))
            .args(["merge", s(&target), s(&package)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // Wait for the write to begin (the rollback journal appears), then a little more.
        let start = std::time::Instant::now();
        while !journal.exists() && start.elapsed() < std::time::Duration::from_secs(30) {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        child.kill().ok(); // SIGKILL on unix
        child.wait().expect("wait");
        let conn = rusqlite::Connection::open(&target).expect("open");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok", "attempt {attempt}");
        drop(conn);
        let found = dump(&target);
        if found == before {
            saw_before += 1;
        } else if found == after {
            saw_after += 1;
        } else {
            panic!("attempt {attempt}: the file is neither before nor after the merge");
        }
    }
    eprintln!("killed before the commit {saw_before} times, after it {saw_after} times");
    assert_eq!(saw_before + saw_after, 6);
    assert!(saw_before > 0, "no kill landed during the merge");
}

mod ui_support;

/// 文件 → 上报… writes the package of the open county; 文件 → 汇总… in the provincial file
/// merges it as a job and the file is read again: its rooms are both counties'.
#[test]
fn the_app_writes_a_package_and_merges_it() {
    use egui_kittest::kittest::Queryable as _;
    use officeplan::ui::OfficeplanApp;
    use ui_support::{click, harness, serial, type_into, wait_for_jobs};

    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let first = county(dir.path(), 80, 71, "子县", "429971000000");
    let second = county(dir.path(), 120, 72, "丑县", "429972000000");
    let province = dir.path().join("province.gpkg");
    officeplan_ok(&["merge", s(&province), s(&first)]);

    // 上报 from the county's window.
    let out = dir.path().join("上报");
    let mut h = harness(OfficeplanApp::open(&second));
    h.run();
    click(&mut h, "文件");
    click(&mut h, "上报…");
    h.run_steps(8);
    h.get_by_label_contains("丑县（429972000000）");
    type_into(&mut h, "写入文件夹", s(&out));
    click(&mut h, "写出直报包");
    h.get_by_label_contains("已写出");
    let package = std::fs::read_dir(&out)
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("429972000000"))
        .expect("the package folder");
    drop(h);

    // 汇总 in the province's window.
    let mut h = harness(OfficeplanApp::open(&province));
    h.run();
    h.state_mut().set_background_above(0);
    click(&mut h, "文件");
    click(&mut h, "汇总…");
    h.run_steps(8);
    type_into(
        &mut h,
        "直报包文件夹或县级项目文件（每行一个）",
        s(&package),
    );
    click(&mut h, "汇总");
    wait_for_jobs(&mut h);
    wait_for_jobs(&mut h);
    h.get_by_label_contains("已汇总 丑县（429972000000）");
    let rooms = h
        .state()
        .workspace()
        .expect("open")
        .index()
        .totals
        .total()
        .rooms;
    assert_eq!(rooms, 80 + 120);
}

/// 取消 during a merge: the package being merged is rolled back, the rest not started.
#[test]
fn a_cancelled_merge_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let a = county(dir.path(), 60, 81, "寅县", "429981000000");
    let b = county(dir.path(), 60, 82, "卯县", "429982000000");
    let province = dir.path().join("province.gpkg");
    officeplan_ok(&["merge", s(&province), s(&a)]);
    let before = dump(&province);
    let log = count(&province, "SELECT count(*) FROM change_log");
    let mut ws = Workspace::open(&province).expect("open");
    // Stop at the third table of the first package.
    let mut calls = 0;
    let results = ws.merge_packages(
        &[b.clone(), a.clone()],
        MergeOptions::default(),
        &mut |_, _| {
            calls += 1;
            calls < 3
        },
    );
    assert_eq!(results.len(), 1, "the second package is not started");
    assert!(matches!(
        results[0].1,
        Err(officeplan::workspace::WorkspaceError::Submission(
            officeplan::io::submission::SubmissionError::Cancelled
        ))
    ));
    assert_eq!(dump(&province), before);
    assert_eq!(count(&province, "SELECT count(*) FROM change_log"), log);
    assert!(!ws.can_undo());
}
