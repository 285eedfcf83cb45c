//! Issue 13's batch commands over one workspace: a small county gets a unit with posts, a
//! person with a concurrent post, rooms and a seat in the baseline — `unit`, `person`,
//! `assign`, `seat` — and `check --json` reflects each at once.
//!
//! Sources of the expected numbers: the 2014 standard's county column
//! (assets/standards/cn-2014.toml `[office.county]`: 正科级 18 m², 科级以下 9 m²); the rooms
//! are rectangles typed below (10 × 6 = 60 m², 6 × 4 = 24 m²).

mod common;

use std::path::Path;

use common::{officeplan, officeplan_ok};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn check(file: &Path) -> serde_json::Value {
    let text = officeplan_ok(&["check", s(file), "--json"]);
    serde_json::from_str(&text).expect("check json")
}

fn unit_row<'a>(check: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    check["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == name)
}

/// A county file with 综合楼 3F holding rooms 301 (60 m²), 302 and 303 (24 m² each).
fn small_county(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("小县.gpkg");
    officeplan_ok(&[
        "new",
        s(&file),
        "--region",
        "小县",
        "--level",
        "county",
        "--code",
        "429998000000",
        "--as-of",
        "2026-09-30",
    ]);
    officeplan_ok(&["site", "add", s(&file), "--name", "县委大院"]);
    officeplan_ok(&[
        "building",
        "add",
        s(&file),
        "--site",
        "县委大院",
        "--name",
        "综合楼",
    ]);
    officeplan_ok(&[
        "floor",
        "add",
        s(&file),
        "--building",
        "综合楼",
        "--name",
        "3F",
    ]);
    let rooms = dir.join("3F.geojson");
    std::fs::write(
        &rooms,
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"number":"301","category":"办公室","status":"闲置"},
         "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,6],[0,6],[0,0]]]}},
        {"type":"Feature","properties":{"number":"302","category":"办公室","status":"闲置"},
         "geometry":{"type":"Polygon","coordinates":[[[10,0],[16,0],[16,4],[10,4],[10,0]]]}},
        {"type":"Feature","properties":{"number":"303","category":"办公室","status":"闲置"},
         "geometry":{"type":"Polygon","coordinates":[[[16,0],[22,0],[22,4],[16,4],[16,0]]]}}]}"#,
    )
    .expect("write");
    officeplan_ok(&[
        "import-geojson",
        s(&file),
        s(&rooms),
        "--building",
        "综合楼",
        "--floor",
        "3F",
    ]);
    file
}

#[test]
fn a_small_county_gets_units_persons_rooms_and_seats_by_the_batch_commands() {
    let dir = tempfile::tempdir().expect("dir");
    let file = small_county(dir.path());

    // A unit with posts: 正科级 1 + 科级以下 2 → 18 + 2 × 9 = 36 m² of offices.
    let out = officeplan_ok(&[
        "unit",
        "add",
        s(&file),
        "--name",
        "县档案馆",
        "--organ",
        "县",
        "--kind",
        "直属",
        "--post",
        "正科级=1",
        "--post",
        "科级以下=2",
        "--headcount",
        "3",
        "--json",
    ]);
    let added: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(added["unit"]["office_approved_m2"], 36.0);
    assert_eq!(added["unit"]["approved_posts"], 3);
    let c = check(&file);
    let row = unit_row(&c, "县档案馆").expect("unit in check");
    assert_eq!(row["approved_office_m2"], 36.0);
    assert_eq!(row["used_office_m2"], 0.0);

    // A second unit, and an edit of the first's posts: + 副科级 1 (12 m²) → 48 m².
    officeplan_ok(&[
        "unit",
        "add",
        s(&file),
        "--name",
        "县统计局",
        "--organ",
        "县",
    ]);
    officeplan_ok(&[
        "unit",
        "edit",
        s(&file),
        "--name",
        "县档案馆",
        "--post",
        "副科级=1",
    ]);
    assert_eq!(
        unit_row(&check(&file), "县档案馆").expect("unit")["approved_office_m2"],
        48.0
    );

    // A person with a concurrent post and its approval.
    let out = officeplan_ok(&[
        "person",
        "add",
        s(&file),
        "--unit",
        "县档案馆",
        "--name",
        "王小林",
        "--grade",
        "科员级",
        "--concurrent",
        "县统计局（2025-01-01至）",
        "--approval",
        "县委办〔2025〕7号",
        "--approval-date",
        "2025-01-10",
        "--json",
    ]);
    let person: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(person["person"]["grade"], "科员级");
    assert_eq!(person["person"]["standard_row"], "科级以下");
    assert_eq!(
        person["person"]["concurrent"][0],
        "县统计局（2025-01-01至）"
    );

    // Rooms in the baseline: 302 and 303 → the unit uses 48 m², within its 48 m².
    officeplan_ok(&[
        "assign",
        s(&file),
        "--unit",
        "县档案馆",
        "--room",
        "综合楼/3F/302",
        "--room",
        "综合楼/3F/303",
    ]);
    let c = check(&file);
    let row = unit_row(&c, "县档案馆").expect("unit");
    assert_eq!(row["used_office_m2"], 48.0);
    assert_eq!(row["over"], false);

    // Seated alone in 302 (24 m²), a 科员级 (科级以下 9 m²) is over the standard.
    officeplan_ok(&[
        "seat",
        s(&file),
        "--person",
        "王小林",
        "--room",
        "综合楼/3F/302",
    ]);
    let c = check(&file);
    let over: Vec<&serde_json::Value> = c["persons"]
        .as_array()
        .expect("persons")
        .iter()
        .filter(|p| p["person"] == "王小林")
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(over[0]["area"], 24.0);
    assert_eq!(over[0]["limit"], 9.0);

    // Out again, the finding goes; a room given twice is refused, naming the file.
    officeplan_ok(&[
        "seat",
        s(&file),
        "--person",
        "王小林",
        "--room",
        "综合楼/3F/302",
        "--remove",
    ]);
    assert!(
        check(&file)["persons"]
            .as_array()
            .expect("persons")
            .iter()
            .all(|p| p["person"] != "王小林")
    );
    let twice = officeplan(&[
        "assign",
        s(&file),
        "--unit",
        "县档案馆",
        "--room",
        "综合楼/3F/302",
    ]);
    assert!(!twice.status.success());
    let err = String::from_utf8_lossy(&twice.stderr);
    assert!(err.contains("小县.gpkg") && err.contains("302"), "{err}");

    // A person edited (grade, status with its date) and a second one added and deleted.
    let out = officeplan_ok(&[
        "person",
        "edit",
        s(&file),
        "--name",
        "王小林",
        "--grade",
        "乡科级副职",
        "--status",
        "调离",
        "--status-date",
        "2026-08-31",
        "--json",
    ]);
    let edited: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(edited["person"]["grade"], "乡科级副职");
    assert_eq!(edited["person"]["standard_row"], "副科级");
    assert_eq!(edited["person"]["status"], "调离");
    assert_eq!(edited["person"]["status_date"], "2026-08-31");
    officeplan_ok(&[
        "person",
        "add",
        s(&file),
        "--unit",
        "县统计局",
        "--name",
        "李静",
        "--grade",
        "科员级",
    ]);
    let out = officeplan_ok(&["person", "delete", s(&file), "--name", "李静", "--json"]);
    let deleted: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(deleted["action"], "delete");
    assert_eq!(deleted["person"]["unit"], "县统计局");

    // A unit with persons and rooms is deleted only with --yes.
    let refused = officeplan(&["unit", "delete", s(&file), "--name", "县档案馆"]);
    assert!(!refused.status.success());
    assert!(unit_row(&check(&file), "县档案馆").is_some());
    officeplan_ok(&["unit", "delete", s(&file), "--name", "县档案馆", "--yes"]);
    assert!(unit_row(&check(&file), "县档案馆").is_none());
    let history = officeplan_ok(&["history", s(&file), "--json", "--limit", "20"]);
    for action in [
        "add_unit",
        "edit_unit",
        "add_person",
        "assign_rooms",
        "seat_person",
        "delete_unit",
    ] {
        assert!(history.contains(action), "{action} logged");
    }
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let file = small_county(dir.path());
    let before = officeplan_ok(&["history", s(&file), "--json"]);
    let bad_post = officeplan(&[
        "unit",
        "add",
        s(&file),
        "--name",
        "县档案馆",
        "--post",
        "处长=1",
    ]);
    assert!(!bad_post.status.success());
    assert!(String::from_utf8_lossy(&bad_post.stderr).contains("处长=1"));
    let bad_grade = officeplan(&[
        "person",
        "add",
        s(&file),
        "--unit",
        "县档案馆",
        "--name",
        "张三",
        "--grade",
        "科长",
    ]);
    assert!(!bad_grade.status.success());
    assert_eq!(officeplan_ok(&["history", s(&file), "--json"]), before);
}

/// The limit `check --json` gives the person's finding, if any.
fn person_limit(file: &Path, name: &str) -> Option<f64> {
    check(file)["persons"]
        .as_array()
        .expect("persons")
        .iter()
        .find(|p| p["person"] == name)
        .and_then(|p| p["limit"].as_f64())
}

#[test]
fn a_person_recorded_by_rank_and_a_rank_remapped_by_standards_set() {
    // 2019 职级 (cn-2014 `[ranks]`): 一级主任科员 ↔ 乡科级正职 → county 正科级 18 m²; the
    // override `ranks.一级主任科员=乡科级副职` makes it 副科级 12 m² (表3 county column).
    let dir = tempfile::tempdir().expect("dir");
    let file = small_county(dir.path());
    officeplan_ok(&[
        "unit",
        "add",
        s(&file),
        "--name",
        "县档案馆",
        "--organ",
        "县",
    ]);
    let out = officeplan_ok(&[
        "person",
        "add",
        s(&file),
        "--unit",
        "县档案馆",
        "--name",
        "李明",
        "--grade",
        "一级主任科员",
        "--json",
    ]);
    let person: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(person["person"]["rank"], "一级主任科员");
    assert_eq!(person["person"]["rank_only"], true);
    assert_eq!(person["person"]["grade"], "乡科级正职");
    // No --party-government-head and no title: not a head.
    assert_eq!(person["person"]["party_government_head"], false);
    // Seated alone in 302 (6 × 4 = 24 m²): over 18.
    officeplan_ok(&[
        "assign",
        s(&file),
        "--unit",
        "县档案馆",
        "--room",
        "综合楼/3F/302",
    ]);
    officeplan_ok(&[
        "seat",
        s(&file),
        "--person",
        "李明",
        "--room",
        "综合楼/3F/302",
    ]);
    assert_eq!(person_limit(&file, "李明"), Some(18.0));
    let out = officeplan_ok(&[
        "standards",
        s(&file),
        "--set",
        "ranks.一级主任科员=乡科级副职",
        "--json",
    ]);
    let set: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        set["differences"][0]["key"],
        "ranks.rows.level_1_principal_clerk.grade"
    );
    assert_eq!(person_limit(&file, "李明"), Some(12.0));
    // A name that is neither a grade nor a 职级 is refused with the accepted names.
    let bad = officeplan(&[
        "person",
        "add",
        s(&file),
        "--unit",
        "县档案馆",
        "--name",
        "赵",
        "--grade",
        "主任",
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("一级主任科员"), "{err}");
}

/// The kinds of `check --json`'s person findings about `person`.
fn person_kinds(check: &serde_json::Value, person: &str) -> Vec<String> {
    check["persons"]
        .as_array()
        .expect("persons")
        .iter()
        .filter(|p| p["person"] == person)
        .map(|p| p["kind"].as_str().expect("kind").to_owned())
        .collect()
}

#[test]
fn an_approval_added_by_the_batch_command_clears_its_finding() {
    // DOMAIN §2.2 监督问责: two offices without approval, and a room lent out without
    // approval, are violations; `approval add` records the document and the finding goes.
    let dir = tempfile::tempdir().expect("dir");
    let file = small_county(dir.path());
    officeplan_ok(&[
        "unit",
        "add",
        s(&file),
        "--name",
        "县档案馆",
        "--organ",
        "县",
        "--post",
        "正科级=1",
    ]);
    officeplan_ok(&[
        "person",
        "add",
        s(&file),
        "--unit",
        "县档案馆",
        "--name",
        "钱进",
        "--grade",
        "乡科级正职",
    ]);
    officeplan_ok(&[
        "assign",
        s(&file),
        "--unit",
        "县档案馆",
        "--room",
        "综合楼/3F/302",
        "--room",
        "综合楼/3F/303",
    ]);
    for room in ["综合楼/3F/302", "综合楼/3F/303"] {
        officeplan_ok(&["seat", s(&file), "--person", "钱进", "--room", room]);
    }
    // 302 + 303 = 24 + 24 = 48 m² against 正科级 18: over, and two offices.
    let c = check(&file);
    assert_eq!(person_kinds(&c, "钱进"), ["over_standard", "two_offices"]);
    let two = c["persons"]
        .as_array()
        .expect("persons")
        .iter()
        .find(|p| p["kind"] == "two_offices")
        .expect("two offices");
    assert_eq!(two["area"], 48.0);

    let out = officeplan_ok(&[
        "approval",
        "add",
        s(&file),
        "--kind",
        "two_offices",
        "--number",
        "县委办〔2026〕9号",
        "--date",
        "2026-03-01",
        "--authority",
        "县委办公室",
        "--person",
        "钱进",
        "--json",
    ]);
    let added: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(added["approval"]["subject"], "钱进");
    assert_eq!(added["approval"]["date"], "2026-03-01");
    assert_eq!(person_kinds(&check(&file), "钱进"), ["over_standard"]);

    // Room 301 lent out (出借) without approval: 擅自出租出借, until a lease_out approval.
    officeplan_ok(&[
        "rooms",
        "set",
        s(&file),
        "--building",
        "综合楼",
        "--floor",
        "3F",
        "--rooms",
        "301",
        "--status",
        "出借",
        "--since",
        "2026-05-01",
    ]);
    let c = check(&file);
    assert_eq!(c["summary"]["unapproved"], 1);
    assert_eq!(c["unapproved"][0]["kind"], "lease_unapproved");
    assert_eq!(c["unapproved"][0]["subject"], "综合楼/3F/301");
    assert_eq!(c["unapproved"][0]["area"], 60.0);
    // A rent approval cannot name a room.
    let out = officeplan(&[
        "approval",
        "add",
        s(&file),
        "--kind",
        "rent",
        "--number",
        "x",
        "--room",
        "综合楼/3F/301",
    ]);
    assert!(!out.status.success());
    officeplan_ok(&[
        "approval",
        "add",
        s(&file),
        "--kind",
        "lease_out",
        "--number",
        "县机关事务局〔2026〕2号",
        "--room",
        "综合楼/3F/301",
    ]);
    assert_eq!(check(&file)["summary"]["unapproved"], 0);

    // list, edit and delete.
    let list: serde_json::Value =
        serde_json::from_str(&officeplan_ok(&["approval", "list", s(&file), "--json"]))
            .expect("json");
    assert_eq!(list["approvals"].as_array().expect("list").len(), 2);
    officeplan_ok(&[
        "approval",
        "edit",
        s(&file),
        "--number",
        "县委办〔2026〕9号",
        "--note",
        "兼管档案库房",
    ]);
    let list: serde_json::Value =
        serde_json::from_str(&officeplan_ok(&["approval", "list", s(&file), "--json"]))
            .expect("json");
    assert_eq!(list["approvals"][0]["note"], "兼管档案库房");
    officeplan_ok(&[
        "approval",
        "delete",
        s(&file),
        "--number",
        "县委办〔2026〕9号",
    ]);
    assert_eq!(
        person_kinds(&check(&file), "钱进"),
        ["over_standard", "two_offices"]
    );
}
