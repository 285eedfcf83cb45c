//! GDAL agrees with us: `ogrinfo` lists our layers and its sum of ST_Area over the rooms
//! equals `summary --json`'s `room_area_m2` within 0.01 m². Skips (saying so) without GDAL;
//! `.ci/run` installs gdal-bin so CI always runs it.

mod common;
mod store_support;

use std::path::Path;
use std::process::Command;

fn ogrinfo_available() -> bool {
    Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn ogrinfo(args: &[&str]) -> String {
    let out = Command::new("ogrinfo")
        .args(args)
        .output()
        .expect("run ogrinfo");
    assert!(
        out.status.success(),
        "ogrinfo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// GDAL's total room area: `SUM(ST_Area(geom))` through the SQLite dialect.
fn gdal_room_area(path: &Path) -> f64 {
    let file = path.to_str().expect("utf-8 path");
    let text = ogrinfo(&[
        "-ro",
        "-dialect",
        "SQLite",
        "-sql",
        "SELECT SUM(ST_Area(geom)) AS total_area FROM rooms",
        file,
    ]);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("total_area") && l.contains(" = "))
        .unwrap_or_else(|| panic!("no total_area in ogrinfo output:\n{text}"));
    line.rsplit('=')
        .next()
        .and_then(|v| v.trim().parse().ok())
        .expect("a number")
}

fn check_file(path: &Path) {
    let file = path.to_str().expect("utf-8 path");
    let layers = ogrinfo(&["-ro", "-q", file]);
    assert!(
        layers.contains("rooms (Polygon)"),
        "rooms layer listed:\n{layers}"
    );
    assert!(
        layers.contains("buildings (Polygon)"),
        "buildings layer listed:\n{layers}"
    );
    let ours = common::summary(path)["room_area_m2"]
        .as_f64()
        .expect("room_area_m2");
    let gdal = gdal_room_area(path);
    assert!(
        (ours - gdal).abs() <= 0.01,
        "{}: summary says {ours:.2} m², GDAL says {gdal:.2} m²",
        path.display()
    );
}

#[test]
fn gdal_reads_the_sample_and_agrees_on_area() {
    if !ogrinfo_available() {
        eprintln!("SKIPPED: ogrinfo not found (install gdal-bin: scripts/setup.sh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    check_file(&common::sample_file(dir.path()));
}

#[test]
fn gdal_reads_a_generated_file_and_agrees_on_area() {
    if !ogrinfo_available() {
        eprintln!("SKIPPED: ogrinfo not found (install gdal-bin: scripts/setup.sh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.gpkg");
    common::officeplan_ok(&[
        "generate",
        "--rooms",
        "20000",
        "--seed",
        "9",
        path.to_str().unwrap(),
    ]);
    check_file(&path);
}

// ---------------------------------------------------------------------------------------
// Issue 11 #2: GDAL's validator passes on our files, and a spatial index made by GDAL (or
// QGIS) does not break our writes.

use geo::{BoundingRect as _, Translate as _};
use officeplan::model::{RoomStatus, Uuid};
use officeplan::planning::{Move, MoveKind, RoomChange};
use officeplan::store::{RoomPatch, Store};

/// GDAL's `validate_gpkg.py` (Debian's python3-gdal) and a Python that imports it.
fn validator() -> Option<(String, String)> {
    let script = [
        "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
        "/usr/share/doc/python3-gdal/examples/validate_gpkg.py",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())?;
    let python = ["/usr/bin/python3", "python3"].into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import osgeo"])
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
    Some((python.to_owned(), script.to_owned()))
}

/// Runs the validator with every check (`-k --extra --warning-as-error`); fails the test
/// with what it reports.
fn validate(path: &Path, what: &str) {
    let Some((python, script)) = validator() else {
        return;
    };
    let out = Command::new(python)
        .args([&script, "-k", "--extra", "--warning-as-error"])
        .arg(path)
        .output()
        .expect("run validate_gpkg.py");
    assert!(
        out.status.success(),
        "validate_gpkg.py on {what} ({}): {}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn set_folder_mode(folder: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn gdal_tools_available() -> bool {
    if !ogrinfo_available() {
        eprintln!("SKIPPED: ogrinfo not found (install gdal-bin: scripts/setup.sh)");
        return false;
    }
    if validator().is_none() {
        eprintln!("SKIPPED: validate_gpkg.py not found (install python3-gdal: scripts/setup.sh)");
        return false;
    }
    true
}

/// What QGIS "Create Spatial Index" and GDAL do: GDAL's own R-tree and triggers on rooms
/// (ours dropped first, as GDAL refuses to make a second one).
fn gdal_spatial_index(path: &Path) {
    let file = path.to_str().expect("utf-8 path");
    let has_ours = rusqlite::Connection::open(path)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'rtree_rooms_geom'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .expect("count");
    if has_ours > 0 {
        ogrinfo(&[file, "-sql", "SELECT DisableSpatialIndex('rooms', 'geom')"]);
    }
    ogrinfo(&[file, "-sql", "SELECT CreateSpatialIndex('rooms', 'geom')"]);
    let triggers: i64 = rusqlite::Connection::open(path)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_rooms_geom_%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(
        triggers >= 5,
        "GDAL made its spatial index triggers ({triggers})"
    );
}

use store_support::{new_scenario, record};

/// The writes that failed with "no such function: ST_IsEmpty": a room patched, a floor's
/// rooms replaced (one moved, one deleted, one added), and a scenario applied.
fn our_writes(path: &Path) {
    let mut store = Store::open(path).expect("open");
    let index = store.load_index().expect("index");
    let floor = index.floors[0].floor.uuid;
    let mut rooms = store.load_floor_rooms(&floor).expect("rooms");
    let seats = store.load_floor_seats(&floor).expect("seats");
    store
        .patch_room(
            &rooms[0].uuid,
            &RoomPatch {
                name: Some("GDAL 建索引之后".into()),
                ..Default::default()
            },
            &record("edit_room"),
        )
        .expect("patch a room");
    rooms[0].polygon = rooms[0].polygon.translate(1.0, 0.0);
    let removed = rooms.pop().expect("a room to delete").uuid;
    let mut added = rooms[0].clone();
    added.uuid = Uuid::now_v7();
    added.number = "GDAL-1".into();
    added.units.clear();
    added.polygon = added.polygon.translate(0.0, 100.0);
    rooms.push(added);
    let seats: Vec<_> = seats.into_iter().filter(|(r, _)| *r != removed).collect();
    store
        .replace_floor_rooms(&floor, &rooms, &seats, &record("replace"))
        .expect("replace a floor's rooms");

    // A unit assigned to an idle room in a scenario, then applied to the baseline.
    let unit = store.load_units().expect("units")[0].uuid;
    let idle = index
        .floors
        .iter()
        .flat_map(|f| store.load_floor_rooms(&f.floor.uuid).expect("rooms"))
        .find(|r| r.status == RoomStatus::Idle && r.units.is_empty())
        .expect("an idle room");
    let scenario = Uuid::now_v7();
    new_scenario(
        &mut store,
        &scenario,
        &format!("GDAL 之后的方案 {scenario}"),
    )
    .expect("scenario");
    let assign = Move {
        kind: MoveKind::Assign,
        unit: Some(unit),
        person: None,
        rooms: vec![RoomChange {
            room: idle.uuid,
            units_before: Vec::new(),
            units_after: vec![unit],
            status_before: RoomStatus::Idle,
            status_after: RoomStatus::InUse,
            since_before: idle.status_since.clone(),
            since_after: None,
        }],
        seats: Vec::new(),
        reason: String::new(),
    };
    assert!(store.push_move(&scenario, &assign, 0).expect("move"));
    store
        .apply_scenario(&scenario, &[assign], false, &record("scenario.apply"))
        .expect("apply the scenario");
}

/// Every room is in the R-tree, in a box that holds its polygon (the R-tree rounds its
/// 32-bit floats outward).
fn check_rooms_rtree(path: &Path) {
    let store = Store::open(path).expect("open");
    let mut boxes = std::collections::HashMap::new();
    for floor in store.load_index().expect("index").floors {
        for room in store.load_floor_rooms(&floor.floor.uuid).expect("rooms") {
            boxes.insert(
                room.uuid.to_string(),
                room.polygon.bounding_rect().expect("box"),
            );
        }
    }
    drop(store);
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT r.uuid, t.minx, t.maxx, t.miny, t.maxy FROM rooms r
             LEFT JOIN rtree_rooms_geom t ON t.id = r.fid",
        )
        .expect("prepare");
    type RtreeRow = (String, Option<f64>, Option<f64>, Option<f64>, Option<f64>);
    let rows: Vec<RtreeRow> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows.len(), boxes.len());
    for (uuid, minx, maxx, miny, maxy) in rows {
        let rect = boxes[&uuid];
        let (Some(minx), Some(maxx), Some(miny), Some(maxy)) = (minx, maxx, miny, maxy) else {
            panic!("room {uuid} is not in the R-tree");
        };
        assert!(
            minx <= rect.min().x
                && maxx >= rect.max().x
                && miny <= rect.min().y
                && maxy >= rect.max().y,
            "room {uuid}: R-tree box [{minx}, {maxx}] × [{miny}, {maxy}] does not hold {rect:?}"
        );
    }
}

#[test]
fn validate_gpkg_passes_on_the_sample_before_and_after_a_gdal_spatial_index_and_our_writes() {
    if !gdal_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_file(dir.path());
    validate(&path, "the sample");
    check_rooms_rtree(&path);
    // In a read-only folder (a CD, a share): the file alone is the database.
    let folder = dir.path().join("read-only");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&path, folder.join("sample.gpkg")).unwrap();
    set_folder_mode(&folder, 0o555);
    validate(
        &folder.join("sample.gpkg"),
        "the sample in a read-only folder",
    );
    set_folder_mode(&folder, 0o755);
    our_writes(&path);
    validate(&path, "the sample after our writes on our spatial index");
    check_rooms_rtree(&path);
    gdal_spatial_index(&path);
    our_writes(&path);
    validate(
        &path,
        "the sample after GDAL's spatial index and our writes",
    );
    check_rooms_rtree(&path);
}

#[test]
fn validate_gpkg_passes_on_a_20000_room_file_before_and_after_a_gdal_spatial_index() {
    if !gdal_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.gpkg");
    common::officeplan_ok(&[
        "generate",
        "--rooms",
        "20000",
        "--seed",
        "9",
        path.to_str().unwrap(),
    ]);
    validate(&path, "a 20,000-room file");
    gdal_spatial_index(&path);
    our_writes(&path);
    validate(
        &path,
        "a 20,000-room file after GDAL's spatial index and our writes",
    );
    check_rooms_rtree(&path);
}

#[test]
fn a_file_from_before_the_spatial_index_with_gdals_index_is_migrated_and_written() {
    if !gdal_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_file(dir.path());
    // As schema 4 left files: no spatial index, no orphan table, in WAL mode.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let triggers: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for name in triggers {
            conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))
                .unwrap();
        }
        conn.execute_batch(
            "DROP TABLE rtree_rooms_geom; DROP TABLE rtree_buildings_geom;
             DELETE FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index';
             DROP TABLE officeplan_orphan_links;
             DELETE FROM gpkg_contents WHERE table_name = 'officeplan_orphan_links';
             UPDATE officeplan_meta SET value = '4' WHERE key = 'schema_version';
             ALTER TABLE buildings DROP COLUMN basement_storeys;
             ALTER TABLE buildings DROP COLUMN office_gross_m2;
             ALTER TABLE buildings DROP COLUMN technical_gross_m2;
             ALTER TABLE buildings DROP COLUMN owner;
             ALTER TABLE buildings DROP COLUMN lessor;
             ALTER TABLE buildings DROP COLUMN lease_start;
             ALTER TABLE buildings DROP COLUMN lease_end;
             ALTER TABLE buildings DROP COLUMN returned_on;
             ALTER TABLE sites DROP COLUMN note;
             ALTER TABLE person_concurrent_units DROP COLUMN start_date;
             ALTER TABLE person_concurrent_units DROP COLUMN end_date;
             ALTER TABLE persons DROP COLUMN second_office_approval_date;
             ALTER TABLE buildings DROP COLUMN main_unit_uuid;
             ALTER TABLE buildings DROP COLUMN main_unit_name;
             DROP TABLE construction_projects;
             DELETE FROM gpkg_contents WHERE table_name = 'construction_projects';
             DROP TABLE approvals;
             DELETE FROM gpkg_contents WHERE table_name = 'approvals';
             ALTER TABLE persons DROP COLUMN rank;
             ALTER TABLE persons DROP COLUMN rank_only;
             ALTER TABLE persons DROP COLUMN party_government_head;
             ALTER TABLE units DROP COLUMN rank_step;
             DROP INDEX sites_region;
             DROP INDEX units_region;
             ALTER TABLE sites DROP COLUMN region_id;
             ALTER TABLE units DROP COLUMN region_id;
             ALTER TABLE regions DROP COLUMN parent_code;
             DROP TABLE officeplan_submissions;
             DROP TABLE officeplan_submission_bases;
             DROP TABLE officeplan_merge_conflicts;
             DELETE FROM gpkg_contents WHERE table_name IN ('officeplan_submissions',
                'officeplan_submission_bases', 'officeplan_merge_conflicts');
             DROP TRIGGER officeplan_floor_totals_room_insert;
             DROP TRIGGER officeplan_floor_totals_room_replace;
             DROP TRIGGER officeplan_floor_totals_room_update;
             DROP TRIGGER officeplan_floor_totals_room_delete;
             DROP TRIGGER officeplan_floor_totals_floor_insert;
             DROP TRIGGER officeplan_floor_totals_floor_update;
             DROP TRIGGER officeplan_floor_totals_floor_delete;
             DROP TABLE officeplan_floor_totals;
             DROP TABLE officeplan_floor_totals_stale;
             DELETE FROM gpkg_contents WHERE table_name IN ('officeplan_floor_totals',
                'officeplan_floor_totals_stale');
             DELETE FROM officeplan_meta WHERE key = 'floor_totals_rules';
             PRAGMA journal_mode = WAL;",
        )
        .unwrap();
    }
    gdal_spatial_index(&path);
    our_writes(&path);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.meta("schema_version").unwrap().as_deref(),
        Some(
            officeplan::store::schema::SCHEMA_VERSION
                .to_string()
                .as_str()
        )
    );
    drop(store);
    validate(&path, "a migrated file with GDAL's spatial index");
    check_rooms_rtree(&path);
}
