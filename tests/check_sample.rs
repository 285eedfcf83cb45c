//! `officeplan check` on the bundled sample finds exactly the problems planted in
//! `sample_plans/README.md` ("Planted problems"), by name, and nothing else.

mod common;

use std::collections::BTreeSet;

use common::{officeplan, officeplan_ok, sample_file};
use serde_json::Value;

fn check_json(path: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", path.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&officeplan_ok(&args)).expect("check --json is JSON")
}

fn person<'a>(report: &'a Value, kind: &str, name: &str) -> &'a Value {
    report["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == kind && p["person"] == name)
        .unwrap_or_else(|| panic!("no {kind} finding for {name}"))
}

fn rooms(value: &Value) -> Vec<&str> {
    value["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

/// The idle-room table of README planted problem 7: (room, area, since).
fn readme_idle_rooms() -> BTreeSet<(String, String, String)> {
    let readme = include_str!("../sample_plans/README.md");
    let start = readme
        .find("**Idle rooms (闲置)**")
        .expect("problem 7 in README");
    readme[start..]
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("| room"))
        .skip(2)
        .take_while(|l| l.trim_start().starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].to_owned(),
                cells[4].to_owned(),
                cells[5].to_owned(),
            )
        })
        .collect()
}

#[test]
fn finds_exactly_the_planted_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let report = check_json(&path, &[]);
    assert_eq!(report["as_of"], "2026-09-30");
    assert_eq!(report["standard"]["id"], "cn-2014");

    // Problem 3: the only unit over, 县住建局, 147.06 > 126 (excess 21.06, 14.32 % of use).
    let over: Vec<&Value> = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["over"] == true)
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    let zhujian = over[0];
    assert_eq!(zhujian["name"], "县住建局");
    assert_eq!(zhujian["approved_office_m2"], 126.0);
    assert_eq!(zhujian["used_office_m2"], 147.06);
    assert_eq!(zhujian["excess_m2"], 21.06);
    assert_eq!(zhujian["excess_ratio"], 14.32);
    assert_eq!(zhujian["over_items"], serde_json::json!(["office"]));
    assert_eq!(report["units"].as_array().unwrap().len(), 32);

    // Problems 1, 2, 4, 5, 6 and nothing else about persons.
    let found: BTreeSet<(String, String)> = report["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_owned(),
                p["person"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("over_standard", "程国强"),
        ("over_standard", "谢伟"),
        ("toilet_ineligible", "杜洋磊"),
        ("multiple_offices", "赵晓"),
        ("not_vacated", "唐立强"),
    ]
    .iter()
    .map(|(k, p)| ((*k).to_owned(), (*p).to_owned()))
    .collect();
    assert_eq!(found, expected);

    // 1: 县长 程国强, 201 28.56 + 201A 9.36 + 201B 4.68 = 42.60 > 30 (县级正职).
    let cheng = person(&report, "over_standard", "程国强");
    assert_eq!(cheng["unit"], "示范县人民政府");
    assert_eq!(
        rooms(cheng),
        [
            "综合办公楼/2F/201",
            "综合办公楼/2F/201A",
            "综合办公楼/2F/201B"
        ]
    );
    assert_eq!(
        (cheng["area"].as_f64(), cheng["limit"].as_f64()),
        (Some(42.6), Some(30.0))
    );
    assert_eq!(cheng["row"], "县级正职");
    // 2: 局长 谢伟 (乡科级正职), 407 25.76 > 18 (正科级).
    let xie = person(&report, "over_standard", "谢伟");
    assert_eq!(xie["unit"], "县农业农村局");
    assert_eq!(rooms(xie), ["行政服务中心主楼/4F/407"]);
    assert_eq!(
        (xie["area"].as_f64(), xie["limit"].as_f64()),
        (Some(25.76), Some(18.0))
    );
    // 4: 副县长 杜洋磊, private toilet 205A 3.96 m².
    let du = person(&report, "toilet_ineligible", "杜洋磊");
    assert_eq!(rooms(du), ["综合办公楼/2F/205A"]);
    assert_eq!(du["area"], 3.96);
    // 5: 县委常委、宣传部部长 赵晓, second office 611 (15.64 m², 县委宣传部) without approval.
    let zhao = person(&report, "multiple_offices", "赵晓");
    assert_eq!(zhao["unit"], "中共示范县委员会");
    assert_eq!(rooms(zhao), ["行政服务中心主楼/6F/611"]);
    assert_eq!(zhao["area"], 15.64);
    // 6: 县政协副主席 唐立强, 退休 2026-03-31, deadline 2026-04-30, still in 505 (21.28 m²).
    let tang = person(&report, "not_vacated", "唐立强");
    assert_eq!(rooms(tang), ["综合办公楼/5F/505"]);
    assert_eq!(tang["area"], 21.28);
    assert_eq!(tang["deadline"], "2026-04-30");
    assert_eq!(tang["status"], "retired");

    // No shared office is over.
    assert_eq!(report["rooms"], serde_json::json!([]));

    // 7: the 15 idle rooms, 262.96 m², exactly as README's table.
    let idle: BTreeSet<(String, String, String)> = report["idle_rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["room"].as_str().unwrap().to_owned(),
                format!("{:.2}", r["area"].as_f64().unwrap()),
                r["since"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(idle.len(), 15);
    assert_eq!(idle, readme_idle_rooms());
    assert_eq!(report["summary"]["idle_m2"], 262.96);

    // Rented and lent rooms are listed as facts: 101, 109 出租; 513, 514 出借.
    let leased: Vec<&str> = report["leased_rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["room"].as_str().unwrap())
        .collect();
    assert_eq!(
        leased,
        [
            "行政服务中心主楼/1F/101",
            "行政服务中心主楼/1F/109",
            "行政服务中心主楼/5F/513",
            "行政服务中心主楼/5F/514"
        ]
    );
    assert_eq!(report["summary"]["leased_m2"], 88.88);
    assert!(
        report["idle_rooms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "idle")
    );
    for label in ["usable", "ancillary_technical"] {
        assert!(
            report["basis"][label]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
}

#[test]
fn the_transfer_control_case_fires_only_after_its_deadline() {
    // 县财政局 副局长 唐春梅, 调离 2026-09-20: deadline 2026-10-20, after as_of 2026-09-30.
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let at = |date: &str| -> BTreeSet<String> {
        check_json(&path, &["--as-of", date])["persons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["kind"] == "not_vacated")
            .map(|p| p["person"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(at("2026-09-30"), BTreeSet::from(["唐立强".to_owned()]));
    assert_eq!(at("2026-10-20"), BTreeSet::from(["唐立强".to_owned()]));
    assert_eq!(
        at("2026-10-21"),
        BTreeSet::from(["唐立强".to_owned(), "唐春梅".to_owned()])
    );
    // Before 唐立强's own deadline (2026-04-30) he is not yet late either.
    assert_eq!(at("2026-04-30"), BTreeSet::new());
}

#[test]
fn strict_fails_and_the_text_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    let out = officeplan(&["check", file, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "县住建局",
        "程国强",
        "谢伟",
        "杜洋磊",
        "赵晓",
        "唐立强",
        "综合办公楼/6F/605",
    ] {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
    assert!(!text.contains("唐春梅"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict"));
    // Without --strict the same findings exit 0.
    assert!(officeplan(&["check", file]).status.success());
    let bad = officeplan(&["check", file, "--as-of", "2026-02-30"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026-02-30"));
}

#[test]
fn standards_shows_the_set_and_local_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    let shown: Value =
        serde_json::from_str(&officeplan_ok(&["standards", file, "--json"])).unwrap();
    assert_eq!(shown["id"], "cn-2014");
    assert_eq!(shown["province"], "湖北");
    assert_eq!(
        shown["set"]["office"]["county"]["rows"]["chief"]["area_m2"],
        30
    );
    assert_eq!(shown["differences"], serde_json::json!([]));

    // A local change is stored in the file, listed, and used by the check.
    officeplan_ok(&[
        "standards",
        file,
        "--set",
        "office.county.rows.section_chief.area_m2=26",
    ]);
    let shown: Value =
        serde_json::from_str(&officeplan_ok(&["standards", file, "--json"])).unwrap();
    assert_eq!(
        shown["differences"],
        serde_json::json!([{
            "key": "office.county.rows.section_chief.area_m2",
            "default": "18",
            "value": "26"
        }])
    );
    // 谢伟's 25.76 m² is within a 正科级 row of 26.
    let report = check_json(&path, &[]);
    assert!(
        report["persons"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["person"] != "谢伟")
    );

    // A misspelt key is refused with the key named, and nothing is stored.
    let bad = officeplan(&["standards", file, "--set", "plant.ratoi=0.1"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("plant.ratoi"));
    officeplan_ok(&["standards", file, "--reset"]);
    let shown: Value =
        serde_json::from_str(&officeplan_ok(&["standards", file, "--json"])).unwrap();
    assert_eq!(shown["differences"], serde_json::json!([]));
}
