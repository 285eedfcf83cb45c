//! The inventory by the batch commands, from nothing: `new` → `site add` → `building add`
//! with 建设年代, 权属 and 总建筑面积 → `summary --json` and `report` (the building's typed
//! fields in the 办公用房信息 columns), refusals that name the file and the field, and the
//! workspace's undo over what the commands wrote.

mod common;

use std::path::Path;

use common::{officeplan, officeplan_ok, summary};
use officeplan::model::Uuid;
use officeplan::workspace::{Edit, Workspace};

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

/// The CSV line of 办公用房信息 that holds `needle`, split into fields.
fn office_row(dir: &Path, needle: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("办公用房信息.csv")).expect("csv");
    text.lines()
        .find(|l| l.contains(needle))
        .map(|l| l.split(',').map(str::to_owned).collect())
}

/// A new county file with one compound and one building, as a county staffer types them.
fn county(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("示范区.gpkg");
    let made = json(&officeplan_ok(&[
        "new",
        s(&file),
        "--region",
        "示范区",
        "--level",
        "county",
        "--code",
        "429999000000",
        "--province",
        "湖北",
        "--as-of",
        "2026-09-30",
        "--json",
    ]));
    assert_eq!(made["region"]["code"], "429999000000");
    assert_eq!(made["region"]["level"], "county");
    assert_eq!(made["as_of"], "2026-09-30");
    let site = json(&officeplan_ok(&[
        "site",
        "add",
        s(&file),
        "--name",
        "城关院",
        "--address",
        "示范区人民路1号",
        "--land-area",
        "12000",
        "--lon",
        "112.2",
        "--lat",
        "30.9",
        "--json",
    ]));
    assert_eq!(site["site"]["land_area_m2"], 12000.0);
    let building = json(&officeplan_ok(&[
        "building",
        "add",
        s(&file),
        "--site",
        "城关院",
        "--name",
        "综合楼",
        "--year",
        "1998",
        "--structure",
        "框架",
        "--storeys",
        "5",
        "--basement-storeys",
        "1",
        "--title",
        "registered",
        "--certificate",
        "鄂(2019)示范区不动产权第0000001号",
        "--owner",
        "示范区机关事务服务中心",
        "--gross-area",
        "4200",
        "--office-area",
        "3600",
        "--tech-area",
        "300",
        "--coefficient",
        "0.65",
        "--json",
    ]));
    assert_eq!(building["building"]["year_built"], 1998);
    assert_eq!(building["building"]["basement_storeys"], 1);
    assert_eq!(building["building"]["title_status"], "registered");
    file
}

#[test]
fn new_site_building_then_summary_and_report() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path());

    let sum = summary(&file);
    assert_eq!(sum["region"], "示范区");
    assert_eq!(sum["rooms"], 0);
    assert_eq!(sum["sites"][0]["name"], "城关院");
    let b = &sum["sites"][0]["buildings"][0];
    assert_eq!(b["name"], "综合楼");
    assert_eq!(b["year_built"], 1998);
    assert_eq!(b["gross_area_m2"], 4200.0);
    assert_eq!(b["title_status"], "registered");

    // 办公用房信息: the building has no unit yet, and still has its row with the typed
    // fields — 地址坐落, 用地面积, 总建筑面积, 办公用房 and 技术业务用房建筑面积, 权属, 建设年代.
    let csv = dir.path().join("csv");
    officeplan_ok(&["report", s(&file), "--csv", s(&csv)]);
    let row = office_row(&csv, "示范区人民路1号").expect("a row for the building");
    for wanted in [
        "12000.00",
        "4200.00",
        "3600.00",
        "300.00",
        "已登记",
        "1998",
        "否",
    ] {
        assert!(
            row.iter().any(|f| f == wanted),
            "{wanted} missing from {row:?}"
        );
    }
    let header = std::fs::read_to_string(csv.join("办公用房信息.csv")).expect("csv");
    assert!(header.contains("行政区划代码") && header.contains("429999000000"));

    // Returned to its lessor before the statistics date: the row goes, the building stays.
    officeplan_ok(&[
        "building",
        "edit",
        s(&file),
        "--name",
        "综合楼",
        "--rented",
        "yes",
        "--lessor",
        "示范区城投公司",
        "--lease-start",
        "2020-01-01",
        "--returned",
        "2026-06-30",
    ]);
    let again = dir.path().join("csv2");
    officeplan_ok(&["report", s(&file), "--csv", s(&again)]);
    assert!(office_row(&again, "示范区人民路1号").is_none());
    assert_eq!(
        summary(&file)["sites"][0]["buildings"][0]["returned_on"],
        "2026-06-30"
    );
}

#[test]
fn refusals_name_the_file_and_the_field_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.gpkg");
    let out = officeplan(&[
        "new",
        s(&bad),
        "--region",
        "示范区",
        "--level",
        "county",
        "--code",
        "4299",
    ]);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("bad.gpkg") && message.contains("4299"),
        "{message}"
    );
    assert!(!bad.exists(), "a refused new project leaves no file");

    let file = county(dir.path());
    let history = |file: &Path| officeplan_ok(&["history", s(file), "--json"]);
    let before = history(&file);
    let out = officeplan(&[
        "building",
        "add",
        s(&file),
        "--site",
        "城关院",
        "--name",
        "二号楼",
        "--year",
        "一九九八",
    ]);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("示范区.gpkg") && message.contains("--year"),
        "{message}"
    );
    let out = officeplan(&[
        "building",
        "add",
        s(&file),
        "--site",
        "城关院",
        "--name",
        "二号楼",
        "--coefficient",
        "1.5",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("coefficient"));
    assert_eq!(history(&file), before, "nothing written");

    // A compound with a building is deleted only with --yes, which says what goes.
    let out = officeplan(&["site", "delete", s(&file), "--name", "城关院"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let deleted = json(&officeplan_ok(&[
        "site",
        "delete",
        s(&file),
        "--name",
        "城关院",
        "--yes",
        "--json",
    ]));
    assert_eq!(deleted["deleted"]["buildings"], 1);
    assert_eq!(summary(&file)["sites"].as_array().map(Vec::len), Some(0));
}

#[test]
fn the_workspace_undoes_a_delete_of_what_the_commands_wrote() {
    let dir = tempfile::tempdir().expect("dir");
    let file = county(dir.path());
    let mut workspace = Workspace::open(&file).expect("open");
    let before = workspace.load_project().expect("load");
    let building: Uuid = before.buildings[0].uuid;
    workspace
        .apply(Edit::DeleteBuilding { building })
        .expect("delete");
    assert!(workspace.load_project().expect("load").buildings.is_empty());
    workspace.undo().expect("undo");
    assert_eq!(workspace.load_project().expect("load"), before);
}

#[test]
fn help_is_chinese_by_default() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_officeplan"))
        .args(["building", "add", "--help"])
        .env_remove("OFFICEPLAN_LANG")
        .output()
        .expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("建设年代") && help.contains("权属登记情况"),
        "{help}"
    );
}
