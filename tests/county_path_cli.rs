//! Issue 12's headline path by the batch commands, from nothing: `new` 示范区 with its code →
//! `site add` → `building add` with 建设年代, 权属 and 总建筑面积 → `floor add` 1F–4F →
//! `import-dxf` of the sample's 综合办公楼 6F drawing onto 3F → a 6 × 4.5 m room on 4F (the
//! batch form of drawing one: `import-geojson` of its rectangle) → `rooms set` three rooms
//! 闲置 with a date → `summary --json` and `report` agree with the sources.
//!
//! Sources of the expected numbers: the drawing's rooms are the sample's surveyed plan
//! `sample_plans/plans/综合办公楼/6F.geojson` (14 rooms, areas by the shoelace formula below,
//! holes subtracted); the drawn room is 6 × 4.5 = 27.00 m².

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{officeplan_ok, summary};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Area of a GeoJSON ring by the shoelace formula.
fn ring_area(ring: &[serde_json::Value]) -> f64 {
    let pts: Vec<(f64, f64)> = ring
        .iter()
        .map(|p| (p[0].as_f64().expect("x"), p[1].as_f64().expect("y")))
        .collect();
    pts.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        .abs()
        / 2.0
}

/// The surveyed areas of the sample's 综合办公楼 6F rooms, by number.
fn surveyed_6f() -> HashMap<String, f64> {
    let text = std::fs::read_to_string("sample_plans/plans/综合办公楼/6F.geojson").expect("plan");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let rings = f["geometry"]["coordinates"].as_array().expect("rings");
            let outer = ring_area(rings[0].as_array().expect("ring"));
            let holes: f64 = rings[1..]
                .iter()
                .map(|r| ring_area(r.as_array().expect("ring")))
                .sum();
            (
                f["properties"]["number"]
                    .as_str()
                    .expect("number")
                    .to_owned(),
                outer - holes,
            )
        })
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn a_county_from_nothing_by_the_batch_commands() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("示范区.gpkg");
    officeplan_ok(&[
        "new",
        s(&file),
        "--region",
        "示范区",
        "--level",
        "county",
        "--code",
        "429999000000",
        "--standard",
        "cn-2014",
        "--as-of",
        "2026-09-30",
    ]);
    officeplan_ok(&[
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
    ]);
    officeplan_ok(&[
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
        "4",
        "--gross-area",
        "4200",
        "--office-area",
        "3600",
        "--title",
        "registered",
        "--certificate",
        "鄂(2019)示范区不动产权第0001234号",
    ]);
    for floor in ["1F", "2F", "3F", "4F"] {
        officeplan_ok(&[
            "floor",
            "add",
            s(&file),
            "--building",
            "综合楼",
            "--name",
            floor,
            "--height",
            "3.6",
        ]);
    }
    officeplan_ok(&[
        "import-dxf",
        s(&file),
        "sample_plans/drawings/综合办公楼/6F.dxf",
        "--building",
        "综合楼",
        "--floor",
        "3F",
        "--room-layer",
        "房间轮廓",
        "--hole-layer",
        "柱",
        "--label-block",
        "房间标注",
    ]);
    let drawn = dir.path().join("401.geojson");
    std::fs::write(
        &drawn,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"number":"401","category":"办公室"},
        "geometry":{"type":"Polygon","coordinates":[[[0,0],[6,0],[6,4.5],[0,4.5],[0,0]]]}}]}"#,
    )
    .expect("write");
    officeplan_ok(&[
        "import-geojson",
        s(&file),
        s(&drawn),
        "--building",
        "综合楼",
        "--floor",
        "4F",
    ]);
    officeplan_ok(&[
        "rooms",
        "set",
        s(&file),
        "--building",
        "综合楼",
        "--floor",
        "3F",
        "--rooms",
        "605,609,611",
        "--status",
        "闲置",
        "--since",
        "2026-03-01",
    ]);

    let surveyed = surveyed_6f();
    let drawing_total: f64 = surveyed.values().sum();
    let idle: f64 = ["605", "609", "611"].iter().map(|n| surveyed[*n]).sum();
    assert_eq!(round2(drawing_total), 437.94);

    let sum = summary(&file);
    assert_eq!(sum["region"], "示范区");
    assert_eq!(sum["area_basis"], "使用面积");
    assert_eq!(sum["rooms"], 15);
    assert_eq!(sum["room_area_m2"], round2(drawing_total + 27.0));
    assert_eq!(sum["by_status"]["idle"]["rooms"], 3);
    assert_eq!(sum["by_status"]["idle"]["area_m2"], round2(idle));
    let building = &sum["sites"][0]["buildings"][0];
    assert_eq!(building["name"], "综合楼");
    assert_eq!(building["year_built"], 1998);
    assert_eq!(building["gross_area_m2"], 4200.0);
    assert_eq!(building["title_status"], "registered");

    // 办公用房信息 carries the building's typed fields.
    let csv = dir.path().join("report");
    officeplan_ok(&["report", s(&file), "--csv", s(&csv)]);
    let table = std::fs::read_to_string(csv.join("办公用房信息.csv")).expect("table");
    let row = table
        .lines()
        .find(|l| l.contains("示范区人民路1号"))
        .unwrap_or_else(|| panic!("a row for 综合楼 in {table}"));
    for wanted in ["12000.00", "4200.00", "3600.00", "已登记", "1998"] {
        assert!(
            row.split(',').any(|f| f.trim_matches('"') == wanted),
            "{wanted} missing from {row}"
        );
    }
    assert!(table.contains("429999000000"));

    // Nine edits, each one undoable line of the change log, newest first (in English: the
    // commands ran with OFFICEPLAN_LANG=en, and a line is written in the language of its edit).
    let history = officeplan_ok(&["history", s(&file)]);
    let lines: Vec<&str> = history.lines().filter(|l| !l.trim().is_empty()).collect();
    let expected = [
        "3 rooms: status → Idle, status date → 2026-03-01",
        "401.geojson",
        "6F.dxf",
        "综合楼 4F",
        "综合楼 3F",
        "综合楼 2F",
        "综合楼 1F",
        "综合楼",
        "城关院",
    ];
    assert_eq!(lines.len(), expected.len(), "{history}");
    for (line, wanted) in lines.iter().zip(expected) {
        assert!(line.contains(wanted), "{wanted} missing from {line}");
    }
}
