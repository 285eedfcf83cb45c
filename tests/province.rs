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

/// `merge` of a batch (two packages, one transaction) killed (SIGKILL) while it writes:
/// the provincial file is the file before the batch or after it — never with the first
/// package only — and SQLite finds it whole.
#[cfg(unix)]
#[test]
fn a_merge_killed_half_way_leaves_the_file_before_or_after() {
    let dir = tempfile::tempdir().expect("dir");
    let small = county(dir.path(), 50, 61, "壬县", "429951000000");
    let big = county(dir.path(), 20_000, 62, "癸县", "429952000000");
    let other = county(dir.path(), 10_000, 63, "子县", "429953000000");
    let package = submit(&big, &dir.path().join("out"));
    let second = submit(&other, &dir.path().join("out2"));
    let base = dir.path().join("base.gpkg");
    officeplan_ok(&["merge", s(&base), s(&small)]);
    let before = dump(&base);
    let done = dir.path().join("done.gpkg");
    std::fs::copy(&base, &done).expect("copy");
    officeplan_ok(&["merge", s(&done), s(&package), s(&second)]);
    let after = dump(&done);
    assert_ne!(before, after);
    // 50 + 20,000 + 10,000 rooms (the three counties' sizes).
    assert_eq!(count(&done, "SELECT count(*) FROM rooms"), 30_050);
    // One change-log line a package, as when each was its own transaction.
    assert_eq!(
        count(&done, "SELECT count(*) FROM change_log")
            - count(&base, "SELECT count(*) FROM change_log"),
        2
    );

    let (mut saw_before, mut saw_after) = (0, 0);
    // Kills from the first write to well after the commit.
    for (attempt, wait_ms) in [0u64, 20, 60, 150, 400, 1500].into_iter().enumerate() {
        let target = dir.path().join(format!("killed{attempt}.gpkg"));
        std::fs::copy(&base, &target).expect("copy");
        let journal = dir.path().join(format!("killed{attempt}.gpkg-journal"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_officeplan"))
            .args(["merge", s(&target), s(&package), s(&second)])
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
            panic!("attempt {attempt}: the file is neither before nor after the batch");
        }
    }
    eprintln!("killed before the commit {saw_before} times, after it {saw_after} times");
    assert_eq!(saw_before + saw_after, 6);
    assert!(saw_before > 0, "no kill landed during the merge");
}

mod ui_support;

/// 文件 → 上报… writes the package of the open county; 文件 → 汇总… in the provincial file
/// merges it as a job and the file is read again: its rooms are both counties'; 撤销 takes
/// the merge back.
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

    // The merge is on the app's undo stack: 撤销 takes the second county out again, in the
    // window and in the file.
    click(&mut h, "撤销");
    h.run_steps(4);
    let rooms = h
        .state()
        .workspace()
        .expect("open")
        .index()
        .totals
        .total()
        .rooms;
    assert_eq!(rooms, 80);
    assert_eq!(count(&province, "SELECT count(*) FROM rooms"), 80);
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

/// One 汇总 of four packages is one transaction with a savepoint a package: a package of
/// another province in the middle is refused alone, 取消 during the fourth rolls back that
/// one only, and the two merged before it are kept, each its own undo step.
#[test]
fn a_batch_keeps_its_merged_packages_around_a_refused_and_a_cancelled_one() {
    use officeplan::io::submission::SubmissionError;
    use officeplan::workspace::WorkspaceError;

    let dir = tempfile::tempdir().expect("dir");
    let first = county(dir.path(), 40, 91, "辰县", "429991000000");
    let a = county(dir.path(), 60, 92, "巳县", "429992000000");
    let hunan = county(dir.path(), 30, 93, "湘县", "439901000000");
    let b = county(dir.path(), 70, 94, "午县", "429994000000");
    let c = county(dir.path(), 80, 95, "未县", "429995000000");
    let province = dir.path().join("province.gpkg");
    officeplan_ok(&["merge", s(&province), s(&first)]);
    let before = dump(&province);
    let log = count(&province, "SELECT count(*) FROM change_log");
    let mut ws = Workspace::open(&province).expect("open");
    let results = ws.merge_packages(
        &[a.clone(), hunan.clone(), b.clone(), c.clone()],
        MergeOptions::default(),
        &mut |i, _| i < 3,
    );
    assert_eq!(results.len(), 4, "{results:?}");
    assert!(matches!(results[0].1, Ok(PackageResult::Merged(ref o)) if o.inserted > 0));
    assert!(matches!(
        results[1].1,
        Err(WorkspaceError::Submission(
            SubmissionError::WrongRegion { .. }
        ))
    ));
    assert!(matches!(results[2].1, Ok(PackageResult::Merged(_))));
    assert!(matches!(
        results[3].1,
        Err(WorkspaceError::Submission(SubmissionError::Cancelled))
    ));
    // 40 + 60 + 70 rooms: the first county's and the two merged ones'.
    assert_eq!(count(&province, "SELECT count(*) FROM rooms"), 170);
    assert_eq!(ws.index().totals.total().rooms, 170);
    assert_eq!(count(&province, "SELECT count(*) FROM change_log"), log + 2);
    let codes = |path: &Path| {
        let conn = rusqlite::Connection::open(path).expect("open");
        let mut stmt = conn
            .prepare("SELECT region_code FROM officeplan_submissions ORDER BY id")
            .expect("prepare");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows")
    };
    assert_eq!(
        codes(&province),
        ["429991000000", "429992000000", "429994000000"]
    );
    // Each merged package is its own undo step, newest first.
    ws.undo().expect("undo b");
    assert_eq!(count(&province, "SELECT count(*) FROM rooms"), 100);
    ws.undo().expect("undo a");
    assert_eq!(dump(&province), before);
    assert!(!ws.can_undo());
}

// ---- Province views (范围): per county and in total. ----

/// Three generated counties (甲/乙/丙县, 4299 01/02/03, 120/90/60 rooms) merged into a
/// provincial file: the province, and each county's file with its code.
fn three_counties(dir: &Path) -> (PathBuf, Vec<(PathBuf, &'static str)>) {
    let counties: Vec<(PathBuf, &str)> = [
        (120, 31, "甲县", "429901000000"),
        (90, 32, "乙县", "429902000000"),
        (60, 33, "丙县", "429903000000"),
    ]
    .into_iter()
    .map(|(rooms, seed, name, code)| (county(dir, rooms, seed, name, code), code))
    .collect();
    let province = dir.join("province.gpkg");
    let mut args = vec!["merge", s(&province)];
    args.extend(counties.iter().map(|(c, _)| s(c)));
    officeplan_ok(&args);
    (province, counties)
}

/// `check --region CODE` of the province prints what `check` of the county's own file
/// prints, to the byte (the same check over the county's part of the province); the
/// counties' findings add up to the province's (`check --json` of the whole file).
#[test]
fn each_county_checked_in_the_province_is_checked_as_its_own_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (province, counties) = three_counties(dir.path());
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&officeplan_ok(args)).expect("json")
    };
    let total = json(&["check", s(&province), "--json"]);
    let own = json(&["check", s(&province), "--json", "--region", "own"]);
    let mut parts = vec![own];
    for (file, code) in &counties {
        let in_province = officeplan_ok(&["check", s(&province), "--json", "--region", code]);
        let alone = officeplan_ok(&["check", s(file), "--json"]);
        assert_eq!(in_province, alone, "{code}");
        parts.push(serde_json::from_str(&alone).expect("json"));
    }
    for list in ["units", "persons", "rooms", "idle_rooms", "leased_rooms"] {
        let n = |v: &serde_json::Value| v[list].as_array().map_or(0, Vec::len);
        let sum: usize = parts.iter().map(n).sum();
        assert_eq!(n(&total), sum, "{list}");
    }
    // Each generated county has idle rooms (本级 has none): the sums are real.
    assert!(
        parts[1..]
            .iter()
            .all(|p| p["idle_rooms"].as_array().is_some_and(|a| !a.is_empty()))
    );
    let all = json(&["check", s(&province), "--json", "--region", "all"]);
    assert_eq!(all, total);
    let refused = officeplan(&["check", s(&province), "--region", "429999000000"]);
    assert!(!refused.status.success());
    let text = String::from_utf8_lossy(&refused.stderr);
    assert!(
        text.contains("429999000000") && text.contains("429902000000 乙县"),
        "{text}"
    );
}

/// The cells of the 总计 row of a 办公用房信息 CSV file, by full header.
fn grand_total(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.split(',').nth(6) == Some("总计"))
        .expect("a 总计 row");
    let header = lines[at - 1].split(',');
    header
        .zip(lines[at].split(','))
        .map(|(h, v)| (h.to_owned(), v.to_owned()))
        .collect()
}

/// `report --by-region --table 办公用房信息`: one sheet per region (本级, 甲县, 乙县, 丙县) and the
/// summed sheet. Per category, the regions' 总计 rows add up to the summed sheet's (each
/// sheet rounds its own rows to 0.01 m², so three counties may differ by 0.015); each
/// county's 办公室/服务用房/设备用房 is its own file's 使用面积 by category (`summary --json` of
/// the county file) and its sheet is what `report` of the county's own file writes.
#[test]
fn the_office_table_by_region_adds_up_to_the_summed_sheet() {
    let dir = tempfile::tempdir().expect("dir");
    let (province, counties) = three_counties(dir.path());
    let out = dir.path().join("by_region");
    officeplan_ok(&[
        "report",
        s(&province),
        "--csv",
        s(&out),
        "--by-region",
        "--table",
        "办公用房信息",
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "办公用房信息-丙县.csv",
            "办公用房信息-乙县.csv",
            "办公用房信息-合计.csv",
            "办公用房信息-本级.csv",
            "办公用房信息-甲县.csv",
        ]
    );
    let summed = grand_total(&out.join("办公用房信息-合计.csv"));
    let regions: Vec<BTreeMap<String, String>> = ["本级", "甲县", "乙县", "丙县"]
        .iter()
        .map(|r| grand_total(&out.join(format!("办公用房信息-{r}.csv"))))
        .collect();
    let number = |row: &BTreeMap<String, String>, column: &str| -> f64 {
        row.get(column)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{column} in {row:?}"))
    };
    let categories = [
        "基本办公用房使用面积-办公室",
        "基本办公用房使用面积-服务用房",
        "基本办公用房使用面积-设备用房",
        "基本办公用房使用面积-合计",
        "附属用房建筑面积",
        "办公用房建筑面积",
        "技术业务用房建筑面积",
    ];
    for column in categories {
        let sum: f64 = regions.iter().map(|r| number(r, column)).sum();
        let total = number(&summed, column);
        assert!(
            (sum - total).abs() <= 0.015 + 1e-9,
            "{column}: {sum} vs {total}"
        );
        assert!(total > 0.0, "{column}");
    }
    // Approved posts (批复编制) are counts: exactly the sum. The column after 类别.
    let posts = |row: &BTreeMap<String, String>| -> i64 {
        row.iter()
            .find(|(h, _)| h.starts_with("批复编制"))
            .and_then(|(_, v)| v.parse().ok())
            .expect("posts")
    };
    assert_eq!(posts(&summed), regions.iter().map(posts).sum::<i64>());

    for ((file, code), row) in counties.iter().zip(&regions[1..]) {
        let own = common::summary(file);
        for (category, column) in [
            ("office", "基本办公用房使用面积-办公室"),
            ("service", "基本办公用房使用面积-服务用房"),
            ("equipment", "基本办公用房使用面积-设备用房"),
        ] {
            let area = own["by_category"][category]["area_m2"]
                .as_f64()
                .unwrap_or(0.0);
            assert!(
                (number(row, column) - area).abs() < 0.005,
                "{code} {category}"
            );
        }
        let alone = dir.path().join(format!("alone-{code}"));
        officeplan_ok(&["report", s(file), "--csv", s(&alone)]);
        assert_eq!(&grand_total(&alone.join("办公用房信息.csv")), row, "{code}");
    }

    // One county alone, by its code: the same sheet under the table's own name.
    let one = dir.path().join("one");
    officeplan_ok(&[
        "report",
        s(&province),
        "--csv",
        s(&one),
        "--region",
        "429902000000",
    ]);
    assert_eq!(grand_total(&one.join("办公用房信息.csv")), regions[2]);
    let unknown = officeplan(&[
        "report",
        s(&province),
        "--csv",
        s(&one),
        "--table",
        "办公用房",
    ]);
    assert!(!unknown.status.success());
}

/// The navigator's regions (the index's per-compound totals added up by region) hold what
/// each county's own file holds, and add up to the province's totals; the findings of each
/// county (the province's check restricted to it) add up to the province's findings.
#[test]
fn the_regions_of_the_index_and_of_the_check_add_up_to_the_province() {
    use officeplan::model::RegionScope;
    use officeplan::workspace::region_groups::{region_groups, scope_totals};
    let dir = tempfile::tempdir().expect("dir");
    let (province, counties) = three_counties(dir.path());
    let mut ws = Workspace::open(&province).expect("open");
    let regions = ws.regions().expect("regions");
    let groups = region_groups(ws.index(), &regions, RegionScope::All);
    // 本级 (no compound of its own), then 甲县, 乙县, 丙县 in the merge's order.
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g.region.as_ref().map_or("?", |r| r.name.as_str()))
        .collect();
    assert_eq!(names, ["湖北", "甲县", "乙县", "丙县"]);
    assert!(groups[0].own && groups[0].sites.is_empty());
    for (group, (file, code)) in groups[1..].iter().zip(&counties) {
        let alone = Workspace::open(file).expect("county");
        assert_eq!(group.region.as_ref().map(|r| r.code.as_str()), Some(*code));
        assert_eq!(group.sites.len(), alone.index().sites.len(), "{code}");
        let (a, b) = (group.totals.total(), alone.index().totals.total());
        assert_eq!(a.rooms, b.rooms, "{code}");
        assert!((a.area_m2 - b.area_m2).abs() < 1e-6, "{code}");
        let scope = RegionScope::Region(group.region.as_ref().expect("region").uuid);
        assert_eq!(scope_totals(ws.index(), &regions, scope), group.totals);
    }
    let mut sum = officeplan::analysis::CategoryStatusTotals::default();
    for g in &groups {
        sum.merge(&g.totals);
    }
    assert_eq!(sum.total().rooms, 270); // 120 + 90 + 60 rooms generated
    for category in RoomCategory::ALL {
        let (a, b) = (
            sum.by_category(*category),
            ws.index().totals.by_category(*category),
        );
        assert_eq!(a.rooms, b.rooms);
        assert!((a.area_m2 - b.area_m2).abs() < 1e-6);
    }

    let checked = ws.checked().expect("check");
    let scopes: Vec<RegionScope> = std::iter::once(RegionScope::Own)
        .chain(
            groups[1..]
                .iter()
                .filter_map(|g| g.region.as_ref().map(|r| RegionScope::Region(r.uuid))),
        )
        .collect();
    let parts: Vec<_> = scopes
        .iter()
        .map(|s| checked.scoped(*s, &regions).expect("scoped"))
        .collect();
    let total = &checked.compliance;
    let sum = |f: &dyn Fn(&officeplan::analysis::compliance::Compliance) -> usize| -> usize {
        parts.iter().map(|p| f(&p.compliance)).sum()
    };
    assert_eq!(sum(&|c| c.units_over().count()), total.units_over().count());
    assert_eq!(sum(&|c| c.persons.len()), total.persons.len());
    assert_eq!(sum(&|c| c.idle_rooms.len()), total.idle_rooms.len());
    assert_eq!(sum(&|c| c.units.len()), total.units.len());
    assert!(total.units_over().count() > 0 && !total.idle_rooms.is_empty());
}

/// A copy of a package folder.
fn copy_package(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
    to.to_path_buf()
}

/// A package's manifest made whole again after its GeoPackage was changed on purpose: the
/// GeoPackage's SHA-256 and size, then the manifest's own hash.
fn reseal(folder: &Path, change: impl FnOnce(&mut officeplan::io::submission::Manifest)) {
    use officeplan::io::submission::{Manifest, seal, sha256_file};
    let path = folder.join("manifest.json");
    let mut manifest: Manifest =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("manifest");
    change(&mut manifest);
    let (sha, bytes) = sha256_file(&folder.join(&manifest.package)).expect("hash");
    manifest.sha256 = sha;
    manifest.bytes = bytes;
    seal(&mut manifest).expect("seal");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&manifest).expect("json"),
    )
    .expect("write");
}

/// A manifest edited after its package was written (its statistics date moved, its 使用面积
/// total raised by 100 m²) is refused as damaged, naming manifest.json, by `merge` and by
/// `submit --verify`; a manifest of format 1 (no hash of its own) is refused naming its
/// format; the untouched package merges.
#[test]
fn an_edited_manifest_and_an_unhashed_old_one_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path(), 60, 91, "辰县", "429991000000");
    let province = dir.path().join("province.gpkg");
    let package = submit(&file, &dir.path().join("out"));
    let edited = |name: &str, change: &dyn Fn(&mut serde_json::Value)| -> PathBuf {
        let copy = copy_package(&package, &dir.path().join(name));
        let path = copy.join("manifest.json");
        let mut value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        change(&mut value);
        std::fs::write(&path, serde_json::to_string_pretty(&value).expect("json")).expect("write");
        copy
    };
    let later = edited("date", &|m| m["statistics_date"] = "2099-12-31".into());
    let area = edited("area", &|m| {
        let total = m["room_area_m2"].as_f64().expect("area");
        m["room_area_m2"] = (total + 100.0).into();
    });
    for bad in [&later, &area] {
        let manifest = bad.join("manifest.json");
        let out = officeplan(&["merge", s(&province), s(bad)]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("damaged")
                && err.contains("manifest was edited")
                && err.contains(s(&manifest)),
            "{err}"
        );
        let out = officeplan(&["submit", "--verify", s(bad)]);
        assert!(!out.status.success());
    }
    let old = edited("old", &|m| {
        m["format_version"] = 1.into();
        if let Some(map) = m.as_object_mut() {
            map.remove("manifest_sha256");
        }
    });
    let out = officeplan(&["merge", s(&province), s(&old)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("manifest format 1") && err.contains(s(&old)),
        "{err}"
    );
    // Nothing was merged, not even the provincial file created.
    assert!(!province.exists());
    officeplan_ok(&["merge", s(&province), s(&package)]);
    assert_eq!(count(&province, "SELECT count(*) FROM rooms"), 60);
}

/// A package of a newer schema is refused naming its file, its schema and ours; a package
/// of schema 10 (before regions had parents and compounds a region) is read through a
/// migrated copy, and the county's next package, at our schema, is diffed against it.
#[test]
fn a_package_of_another_schema_is_read_when_older_and_refused_when_newer() {
    use officeplan::io::submission::{
        FORMAT, FORMAT_VERSION, Manifest, ManifestRegion, seal, sha256_file,
    };
    use officeplan::store::schema::{MIGRATIONS, SCHEMA_VERSION};

    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path(), 60, 92, "巳县", "429992000000");
    let province = dir.path().join("province.gpkg");
    let package = submit(&file, &dir.path().join("out"));
    officeplan_ok(&["merge", s(&province), s(&package)]);
    let before = dump(&province);

    // Newer: the same package claiming the next schema.
    let newer = copy_package(&package, &dir.path().join("newer"));
    let gpkg = newer.join("429992000000.gpkg");
    rusqlite::Connection::open(&gpkg)
        .expect("open")
        .execute(
            "UPDATE officeplan_meta SET value = ?1 WHERE key = 'schema_version'",
            [(SCHEMA_VERSION + 1).to_string()],
        )
        .expect("version");
    reseal(&newer, |_| {});
    let out = officeplan(&["merge", s(&province), s(&newer)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let versions = format!(
        "schema {}; this build supports up to {SCHEMA_VERSION}",
        SCHEMA_VERSION + 1
    );
    assert!(err.contains(s(&gpkg)) && err.contains(&versions), "{err}");
    assert_eq!(dump(&province), before);

    // Older: a county file as schema 10 wrote it, one compound and one unit.
    let (region, site, unit) = (
        "0190a000-0000-7000-8000-000000000001",
        "0190a000-0000-7000-8000-000000000002",
        "0190a000-0000-7000-8000-000000000003",
    );
    let v10 = dir.path().join("v10.gpkg");
    let conn = rusqlite::Connection::open(&v10).expect("open");
    officeplan::store::gpkg_functions::register(&conn).expect("functions");
    for step in MIGRATIONS.iter().take(10) {
        conn.execute_batch(step).expect("step");
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
         INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '10');
         INSERT INTO regions (uuid, name, level, code) VALUES ('{region}', '午县', 'county', '429993000000');
         INSERT INTO sites (uuid, name) VALUES ('{site}', '行政中心');
         INSERT INTO units (uuid, name, organ_category, kind) VALUES ('{unit}', '县委', 'county', 'organ');"
    ))
    .expect("rows");
    drop(conn);
    let old = dir
        .path()
        .join("old")
        .join("湖北-429900000000-午县-429993000000");
    std::fs::create_dir_all(&old).expect("dir");
    std::fs::copy(&v10, old.join("429993000000.gpkg")).expect("copy");
    let (sha256, bytes) = sha256_file(&old.join("429993000000.gpkg")).expect("hash");
    let mut manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        region: ManifestRegion {
            uuid: region.into(),
            code: "429993000000".into(),
            name: "午县".into(),
            level: "county".into(),
            parent_code: "420000000000".into(),
            province_name: "湖北".into(),
        },
        statistics_date: String::new(),
        created_at: "2026-01-01T00:00:00.000Z".into(),
        software: "officeplan (schema 10)".into(),
        standard: String::new(),
        package: "429993000000.gpkg".into(),
        sha256,
        bytes,
        counts: officeplan::store::PackageCounts {
            sites: 1,
            units: 1,
            ..Default::default()
        },
        area_basis: "使用面积".into(),
        room_area_m2: 0.0,
        areas_by_category: BTreeMap::new(),
        manifest_sha256: String::new(),
    };
    seal(&mut manifest).expect("seal");
    std::fs::write(
        old.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).expect("json"),
    )
    .expect("write");
    let text = officeplan_ok(&["merge", s(&province), s(&old), "--json"]);
    let results: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(results[0]["first"], true, "{text}");
    // The compound and the unit (the county's region row is not counted).
    assert_eq!(results[0]["inserted"], 2, "{text}");
    for (table, uuid) in [("sites", site), ("units", unit)] {
        assert_eq!(
            count(
                &province,
                &format!(
                    "SELECT count(*) FROM {table} t JOIN regions r ON r.id = t.region_id
                     WHERE t.uuid = '{uuid}' AND r.code = '429993000000'"
                )
            ),
            1,
            "{table}"
        );
    }
    // The package's GeoPackage itself is untouched (its hash still holds).
    officeplan_ok(&["submit", "--verify", s(&old)]);

    // The county opens its file (migrated to our schema), renames its unit, names its
    // parent and reports again: one update against the schema-10 base.
    let mut ws = Workspace::open(&v10).expect("open v10");
    let mut settings = ws.region_settings();
    if let Some(r) = settings.region.as_mut() {
        r.parent_code = "420000000000".into();
    }
    ws.apply(Edit::SetRegion(Box::new(settings)))
        .expect("parent");
    ws.apply(Edit::RenameUnit {
        unit: Uuid::parse_str(unit).expect("uuid"),
        name: "县委（改）".into(),
    })
    .expect("rename");
    drop(ws);
    let second = submit(&v10, &dir.path().join("out2"));
    let text = officeplan_ok(&["merge", s(&province), s(&second), "--json"]);
    let results: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(results[0]["first"], false, "{text}");
    assert_eq!(results[0]["updated"], 1, "{text}");
    assert_eq!(
        count(
            &province,
            &format!("SELECT count(*) FROM units WHERE uuid = '{unit}' AND name = '县委（改）'")
        ),
        1
    );
}

/// The province gave a room of one unit (A) to another unit (B), the county gave the same
/// room to a third (C): one conflict on the room's `units` with the three sets (province
/// B, county C, base A); the province's set stays and no row changes. The county then adds
/// A back: with `--prefer-county` the county's set {A, C} is written, the conflict recorded
/// again.
#[test]
fn occupancy_changed_on_both_sides_is_a_conflict() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path(), 200, 93, "未县", "429994000000");
    let province = dir.path().join("province.gpkg");
    officeplan_ok(&[
        "merge",
        s(&province),
        s(&submit(&file, &dir.path().join("out1"))),
    ]);
    let project = Workspace::open(&file)
        .expect("open")
        .load_project()
        .expect("project");
    let room = project
        .rooms
        .iter()
        .find(|r| r.units.len() == 1)
        .expect("a room of one unit");
    let a = room.units[0];
    let others: Vec<Uuid> = project
        .units
        .iter()
        .map(|u| u.uuid)
        .filter(|u| *u != a)
        .take(2)
        .collect();
    let (b, c) = (others[0], others[1]);
    let give = |path: &Path, to: &[Uuid], from: &[Uuid]| {
        let mut ws = Workspace::open(path).expect("open");
        for unit in to {
            ws.assign_rooms(unit, &[room.uuid], false).expect("give");
        }
        for unit in from {
            ws.assign_rooms(unit, &[room.uuid], true).expect("take");
        }
    };
    give(&province, &[b], &[a]);
    give(&file, &[c], &[a]);
    let units_of_room = |path: &Path| -> BTreeSet<String> {
        room_units(path)
            .into_iter()
            .filter(|(r, _)| *r == room.uuid.to_string())
            .map(|(_, u)| u)
            .collect()
    };
    assert_eq!(units_of_room(&province), BTreeSet::from([b.to_string()]));

    let before = dump(&province);
    let second = submit(&file, &dir.path().join("out2"));
    let text = officeplan_ok(&["merge", s(&province), s(&second), "--json"]);
    let results: serde_json::Value = serde_json::from_str(&text).expect("json");
    let conflicts = results[0]["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{text}");
    assert_eq!(conflicts[0]["table"], "rooms");
    assert_eq!(conflicts[0]["uuid"], room.uuid.to_string());
    assert_eq!(conflicts[0]["field"], "units");
    assert_eq!(conflicts[0]["province"], b.to_string());
    assert_eq!(conflicts[0]["county"], c.to_string());
    assert_eq!(conflicts[0]["base"], a.to_string());
    assert_eq!(dump(&province), before);
    let kept: (String, String) = rusqlite::Connection::open(&province)
        .expect("open")
        .query_row(
            "SELECT province_value, county_value FROM officeplan_merge_conflicts
             WHERE kind = 'conflict' AND field = 'units'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("conflict row");
    assert_eq!(kept, (b.to_string(), c.to_string()));

    give(&file, &[a], &[]);
    let third = submit(&file, &dir.path().join("out3"));
    let text = officeplan_ok(&[
        "merge",
        s(&province),
        s(&third),
        "--json",
        "--prefer-county",
    ]);
    let results: serde_json::Value = serde_json::from_str(&text).expect("json");
    let county_set = BTreeSet::from([a.to_string(), c.to_string()]);
    let joined = county_set.iter().cloned().collect::<Vec<_>>().join("; ");
    assert_eq!(
        results[0]["conflicts"][0]["county"],
        joined.as_str(),
        "{text}"
    );
    assert_eq!(results[0]["conflicts"][0]["base"], c.to_string(), "{text}");
    assert_eq!(units_of_room(&province), county_set);
    assert_eq!(
        count(
            &province,
            "SELECT count(*) FROM officeplan_merge_conflicts WHERE kind = 'conflict' AND field = 'units'"
        ),
        2
    );
}
