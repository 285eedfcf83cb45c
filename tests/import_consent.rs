//! Issue 11 #6 and #10: no destructive import without consent, and an import into a new
//! floor is one transaction. Cases from the issue: a DXF whose room layer yields no outlines
//! emptied 综合办公楼 6F (14 rooms in the sample; 23 in the issue's file) and exited 0; a
//! drawing cut at a section boundary imported as if complete; importing into a new floor left
//! an empty floor with its change-log line when the room write failed.

mod common;

use std::path::{Path, PathBuf};

use common::{officeplan, officeplan_ok, sample_file, summary};
use officeplan::io::removal::Consent;
use officeplan::model::{Floor, Uuid};
use officeplan::store::{ChangeRecord, Store};
use officeplan::workspace::{ImportError, RoomsImport, Workspace};

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn drawing(building: &str, floor: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_plans/drawings")
        .join(building)
        .join(format!("{floor}.dxf"))
}

/// The sample, opened once (so that later opens change nothing), and its bytes.
fn sample(dir: &Path) -> (PathBuf, Vec<u8>) {
    let file = sample_file(dir);
    summary(&file);
    let bytes = std::fs::read(&file).expect("read");
    (file, bytes)
}

fn rooms_of(file: &Path, building: &str, floor: &str) -> Option<u64> {
    let s = summary(file);
    s["sites"]
        .as_array()?
        .iter()
        .flat_map(|site| site["buildings"].as_array().cloned().unwrap_or_default())
        .filter(|b| b["name"] == building)
        .flat_map(|b| b["floors"].as_array().cloned().unwrap_or_default())
        .find(|f| f["name"] == floor)
        .and_then(|f| f["rooms"].as_u64())
}

fn change_log_len(file: &Path) -> usize {
    Store::open(file)
        .expect("open")
        .change_log(100_000)
        .expect("log")
        .len()
}

fn import_dxf(
    file: &Path,
    drawing: &Path,
    floor: &str,
    layer: &str,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "import-dxf",
        s(file),
        s(drawing),
        "--building",
        "综合办公楼",
        "--floor",
        floor,
        "--room-layer",
        layer,
        "--hole-layer",
        "柱",
        "--label-block",
        "房间标注",
    ];
    args.extend(extra);
    officeplan(&args)
}

#[test]
fn a_room_layer_with_no_outlines_is_refused_and_the_floor_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = sample(dir.path());
    assert_eq!(rooms_of(&file, "综合办公楼", "6F"), Some(14));
    // 墙体 holds the walls as LINEs: no outline at all.
    let out = import_dxf(&file, &drawing("综合办公楼", "6F"), "6F", "墙体", &[]);
    assert!(!out.status.success(), "refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("6F.dxf") && stderr.contains("--allow-removal") && stderr.contains("14"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );
    assert_eq!(rooms_of(&file, "综合办公楼", "6F"), Some(14));

    // Confirmed, it goes ahead (the person asked for it).
    let out = import_dxf(
        &file,
        &drawing("综合办公楼", "6F"),
        "6F",
        "墙体",
        &["--allow-removal"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(rooms_of(&file, "综合办公楼", "6F"), Some(0));
}

#[test]
fn a_drawing_cut_at_a_section_boundary_is_refused_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = sample(dir.path());
    let text = std::fs::read_to_string(drawing("综合办公楼", "6F")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Cut right after each ENDSEC (the end of HEADER, TABLES, BLOCKS, ENTITIES …) but the
    // last, and right before each SECTION: what a copy stopped at a section boundary leaves.
    let mut cuts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == "ENDSEC" && lines.get(i + 2).is_some_and(|l| l.trim() != "EOF") {
            cuts.push(i + 1);
        }
        if line.trim() == "SECTION" && i > 1 {
            cuts.push(i - 1);
        }
    }
    assert!(cuts.len() >= 6, "{cuts:?}");
    let cut_file = dir.path().join("6F-cut.dxf");
    for n in cuts {
        let mut cut = lines[..n].join("\n");
        cut.push('\n');
        std::fs::write(&cut_file, &cut).unwrap();
        let out = import_dxf(&file, &cut_file, "6F", "房间轮廓", &["--allow-removal"]);
        assert!(!out.status.success(), "a cut after line {n} is refused");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("6F-cut.dxf") && stderr.contains("line"),
            "cut after line {n}: {stderr}"
        );
        assert!(stderr.contains("cut short"), "cut after line {n}: {stderr}");
    }
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );
}

#[test]
fn an_import_into_a_new_floor_is_one_transaction_with_one_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = sample(dir.path());
    let log = change_log_len(&file);
    let out = import_dxf(&file, &drawing("综合办公楼", "6F"), "9F", "房间轮廓", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(rooms_of(&file, "综合办公楼", "9F"), Some(14));
    assert_eq!(change_log_len(&file), log + 1, "one change-log line");
}

#[test]
fn a_refused_import_into_a_new_floor_leaves_no_floor() {
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = sample(dir.path());
    let empty = dir.path().join("empty.geojson");
    std::fs::write(&empty, r#"{"type":"FeatureCollection","features":[]}"#).unwrap();
    let out = officeplan(&[
        "import-geojson",
        s(&file),
        "--building",
        "综合办公楼",
        "--floor",
        "98F",
        s(&empty),
    ]);
    assert!(!out.status.success(), "an import of nothing is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.geojson"));
    assert_eq!(rooms_of(&file, "综合办公楼", "98F"), None, "no empty floor");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_failing_room_write_leaves_no_empty_floor() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = sample(dir.path());
    let log = change_log_len(&file);
    let mut workspace = Workspace::open(&file).unwrap();
    let floors = workspace.index().floors.len();
    let building = workspace.index().buildings[0].building.uuid;
    let mut room = workspace
        .stored_floor_rooms(&workspace.index().floors[0].floor.uuid)
        .unwrap()
        .remove(0);
    room.uuid = Uuid::now_v7();
    // A unit the file does not have: writing the room's occupancy fails midway.
    room.units = vec![Uuid::now_v7()];
    let floor = Floor {
        uuid: Uuid::now_v7(),
        building,
        name: "97F".into(),
        level: 97,
        elevation_m: None,
        storey_height_m: None,
    };
    let record = ChangeRecord {
        action: officeplan::model::ChangeAction::ImportGeojson,
        summary: "test".into(),
        detail: String::new(),
    };
    let result = workspace.import_into_new_floor(
        &floor,
        &RoomsImport {
            rooms: std::slice::from_ref(&room),
            source: "injected.geojson",
            record: &record,
            consent: Consent::NotGiven,
        },
    );
    assert!(
        matches!(result, Err(ImportError::Workspace(_))),
        "{result:?}"
    );
    assert_eq!(workspace.index().floors.len(), floors);
    drop(workspace);
    assert_eq!(rooms_of(&file, "综合办公楼", "97F"), None, "no empty floor");
    assert_eq!(change_log_len(&file), log, "no change-log line");
}

#[test]
fn a_geojson_replace_keeping_one_room_needs_consent() {
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = sample(dir.path());
    let exported = dir.path().join("6F.geojson");
    officeplan_ok(&[
        "export-geojson",
        s(&file),
        "--building",
        "综合办公楼",
        "--floor",
        "6F",
        "--plan-metres",
        s(&exported),
    ]);
    summary(&file);
    let before_export = std::fs::read(&file).unwrap();
    assert_eq!(
        before, before_export,
        "an export writes nothing into the file"
    );
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    doc["features"].as_array_mut().unwrap().truncate(1);
    let one = dir.path().join("one.geojson");
    std::fs::write(&one, doc.to_string()).unwrap();
    let args = [
        "import-geojson",
        s(&file),
        "--building",
        "综合办公楼",
        "--floor",
        "6F",
        "--replace",
        s(&one),
    ];
    let out = officeplan(&args);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // 13 of the 14 rooms would go.
    assert!(stderr.contains("13") && stderr.contains("14"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let mut confirmed = args.to_vec();
    confirmed.push("--allow-removal");
    officeplan_ok(&confirmed);
    assert_eq!(rooms_of(&file, "综合办公楼", "6F"), Some(1));
}

#[test]
fn a_workbook_that_drops_most_units_needs_consent() {
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = sample(dir.path());
    let book = dir.path().join("编制.xlsx");
    officeplan_ok(&["template", s(&book), "--from", s(&file)]);
    // The same sheets with one unit and no persons or rooms: 31 of the 32 units and all
    // 326 persons would go.
    let mut workbook = officeplan::io::excel::xlsx::Workbook::open(&book).unwrap();
    let mut out_book = rust_xlsxwriter::Workbook::new();
    for (name, keep) in [("单位", 2), ("人员", 1), ("房间分配", 1)] {
        let rows = workbook.rows(name).unwrap().unwrap();
        let sheet = out_book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, (_, cells)) in rows.iter().take(keep).enumerate() {
            for (c, text) in cells.iter().enumerate() {
                sheet
                    .write_string(r as u32, c as u16, text.as_str())
                    .unwrap();
            }
        }
    }
    let small = dir.path().join("一个单位.xlsx");
    out_book.save(&small).unwrap();
    let csv_path = small;
    let out = officeplan(&["import-units", s(&file), s(&csv_path)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--allow-removal") && stderr.contains("32"),
        "{stderr}{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
