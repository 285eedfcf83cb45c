//! `officeplan floor …` and `officeplan rooms set` over the bundled sample (issue 12, floors).
//!
//! Numbers come from the sample: 青山镇政府办公楼 has 1F–3F; its 3F holds 11 rooms numbered
//! 301–311 (`sample_plans/plans/青山镇政府办公楼/3F.geojson`).

mod common;

use common::{officeplan, officeplan_ok, sample_file, summary};
use officeplan::model::Project;
use officeplan::workspace::Workspace;
use serde_json::Value;

const TOWN: &str = "青山镇政府办公楼";

/// The `summary --json` object of one floor of 青山镇政府办公楼.
fn floor_summary(summary: &Value, floor: &str) -> Option<Value> {
    summary["sites"]
        .as_array()?
        .iter()
        .flat_map(|s| s["buildings"].as_array().into_iter().flatten())
        .filter(|b| b["name"] == TOWN)
        .flat_map(|b| b["floors"].as_array().into_iter().flatten())
        .find(|f| f["name"] == floor)
        .cloned()
}

fn sorted_load(path: &std::path::Path) -> Project {
    let mut project = Workspace::open(path)
        .expect("open")
        .load_project()
        .expect("load");
    project.rooms.sort_by_key(|r| r.uuid);
    project.floors.sort_by_key(|f| f.uuid);
    for p in &mut project.persons {
        p.rooms.sort();
    }
    project
}

#[test]
fn floors_are_added_with_level_and_height_and_listed_by_level() {
    let dir = tempfile::tempdir().expect("dir");
    let file = sample_file(dir.path());
    let f = file.to_str().expect("utf-8");
    let added: Value = serde_json::from_str(&officeplan_ok(&[
        "floor",
        "add",
        f,
        "--building",
        TOWN,
        "--name",
        "4F",
        "--height",
        "3.6",
        "--json",
    ]))
    .expect("json");
    // The level is read from the name: 4F → 4.
    assert_eq!(added["level"], 4);
    assert_eq!(added["storey_height_m"], 3.6);
    officeplan_ok(&[
        "floor",
        "add",
        f,
        "--building",
        TOWN,
        "--name",
        "地下室",
        "--level",
        "-1",
    ]);
    let listed: Value = serde_json::from_str(&officeplan_ok(&[
        "floor",
        "list",
        f,
        "--building",
        TOWN,
        "--json",
    ]))
    .expect("json");
    let names: Vec<&str> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(names, ["地下室", "1F", "2F", "3F", "4F"]);
    // A name the building has is refused, with the reason.
    let out = officeplan(&["floor", "add", f, "--building", TOWN, "--name", "2F"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already has a floor named 2F"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_floor_is_renamed_and_its_heights_set() {
    let dir = tempfile::tempdir().expect("dir");
    let file = sample_file(dir.path());
    let f = file.to_str().expect("utf-8");
    let edited: Value = serde_json::from_str(&officeplan_ok(&[
        "floor",
        "edit",
        f,
        "--building",
        TOWN,
        "--floor",
        "3F",
        "--name",
        "三层",
        "--elevation",
        "7.6",
        "--height",
        "3.8",
        "--json",
    ]))
    .expect("json");
    assert_eq!(
        (
            &edited["name"],
            &edited["level"],
            &edited["elevation_m"],
            &edited["storey_height_m"]
        ),
        (
            &Value::from("三层"),
            &Value::from(3),
            &Value::from(7.6),
            &Value::from(3.8)
        )
    );
    let history = officeplan_ok(&["history", f, "--limit", "1"]);
    assert!(history.contains("Floor changed"), "{history}");
}

#[test]
fn copying_3f_to_5f_keeps_the_areas_with_5xx_numbers_and_deleting_it_is_undone() {
    let dir = tempfile::tempdir().expect("dir");
    let file = sample_file(dir.path());
    let f = file.to_str().expect("utf-8");
    let before = sorted_load(&file);

    let copied: Value = serde_json::from_str(&officeplan_ok(&[
        "floor",
        "copy",
        f,
        "--building",
        TOWN,
        "--floor",
        "3F",
        "--to",
        "5F",
        "--json",
    ]))
    .expect("json");
    assert_eq!(copied[0]["level"], 5, "5F → level 5");
    assert_eq!(copied[0]["created"], true);
    assert_eq!(copied[0]["numbers"][0], serde_json::json!(["301", "501"]));
    assert_eq!(copied[0]["numbers"][10], serde_json::json!(["311", "511"]));

    let totals = summary(&file);
    let third = floor_summary(&totals, "3F").expect("3F");
    let fifth = floor_summary(&totals, "5F").expect("5F");
    assert_eq!(third["rooms"], 11);
    assert_eq!(fifth["rooms"], 11);
    assert_eq!(third["room_area_m2"], fifth["room_area_m2"]);
    assert!(third["room_area_m2"].as_f64().expect("area") > 100.0);
    assert_eq!(third["by_category"], fifth["by_category"]);

    // Copying again into the floor that now holds rooms is refused without --replace.
    let out = officeplan(&[
        "floor",
        "copy",
        f,
        "--building",
        TOWN,
        "--floor",
        "3F",
        "--to",
        "5F",
    ]);
    assert!(!out.status.success());
    officeplan_ok(&[
        "floor",
        "copy",
        f,
        "--building",
        TOWN,
        "--floor",
        "3F",
        "--to",
        "5F",
        "--replace",
    ]);
    assert_eq!(
        floor_summary(&summary(&file), "5F").expect("5F")["rooms"],
        11
    );

    // Deleting a floor that holds rooms needs consent; it says what it holds.
    let out = officeplan(&["floor", "delete", f, "--building", TOWN, "--floor", "3F"]);
    assert!(!out.status.success());
    let refusal = String::from_utf8_lossy(&out.stderr);
    assert!(refusal.contains("11 rooms"), "{refusal}");
    let with_5f = sorted_load(&file);
    let deleted: Value = serde_json::from_str(&officeplan_ok(&[
        "floor",
        "delete",
        f,
        "--building",
        TOWN,
        "--floor",
        "5F",
        "--yes",
        "--json",
    ]))
    .expect("json");
    assert_eq!(deleted["rooms"], 11);
    assert!(floor_summary(&summary(&file), "5F").is_none());
    assert_eq!(sorted_load(&file), before);

    // Through the workspace: delete 3F with its units and seats, undo, the file is as it was.
    let mut workspace = Workspace::open(&file).expect("open");
    let index = workspace.index();
    let third = index.floors[index.find_floor(TOWN, "3F").expect("3F")]
        .floor
        .uuid;
    workspace.delete_floor(&third).expect("delete");
    assert!(workspace.index().find_floor(TOWN, "3F").is_none());
    workspace.undo().expect("undo");
    drop(workspace);
    assert_eq!(sorted_load(&file), before);
    assert_ne!(with_5f, before);
}

#[test]
fn rooms_are_set_idle_together_with_their_date() {
    let dir = tempfile::tempdir().expect("dir");
    let file = sample_file(dir.path());
    let f = file.to_str().expect("utf-8");
    let args = [
        "rooms",
        "set",
        f,
        "--building",
        TOWN,
        "--floor",
        "3F",
        "--rooms",
        "305,306,307",
        "--status",
        "闲置",
    ];
    let out = officeplan(&args);
    assert!(!out.status.success(), "闲置 needs its date");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Idle needs the date"));
    let mut with_date = args.to_vec();
    with_date.extend(["--since", "2026-03-01", "--note", "待调剂", "--json"]);
    let set: Value = serde_json::from_str(&officeplan_ok(&with_date)).expect("json");
    let rooms = set.as_array().expect("array");
    assert_eq!(rooms.len(), 3);
    for room in rooms {
        assert_eq!(room["status"], "闲置");
        assert_eq!(room["status_since"], "2026-03-01");
        assert_eq!(room["note"], "待调剂");
    }
    // 305 is a 服务用房, 306 and 307 offices (3F.geojson): the category was not touched.
    assert_eq!(rooms[0]["category"], "服务用房");
    assert_eq!(rooms[1]["category"], "办公室");
    let idle = floor_summary(&summary(&file), "3F").expect("3F")["by_status"]["idle"]["rooms"]
        .as_u64()
        .expect("count");
    // 301 and 302 were idle already; 305–307 join them.
    assert_eq!(idle, 5);
}
