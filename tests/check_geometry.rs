//! Geometry from other programs is checked on load (issue 11, failure 4): a room rewritten as
//! a self-intersecting bow tie by a plain SQLite connection is reported by `check` with the
//! reason, in text and in --json, and its area is never given as 0.00.

mod bad_geometry;
mod common;

use common::{officeplan_ok, sample_file};

#[test]
fn check_reports_a_bow_tie_room_with_the_reason_and_no_area() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    let before: serde_json::Value =
        serde_json::from_str(&officeplan_ok(&["check", file, "--json"])).unwrap();
    assert_eq!(before["geometry"], serde_json::json!([]));

    // sample_plans/plans/综合办公楼/2F.geojson: 203 副县长办公室.
    let bow_tie = bad_geometry::write_bow_tie(&path, "综合办公楼", "2F", "203");

    let text = officeplan_ok(&["check", file]);
    let line = text
        .lines()
        .find(|l| l.contains("综合办公楼 2F 203"))
        .unwrap_or_else(|| panic!("203 is named:\n{text}"));
    // The crossing is the centre of the room's box (both diagonals pass through it).
    let (x, y) = bow_tie.crossing;
    assert!(
        line.contains(&format!("outline intersects itself at ({x:.3}, {y:.3})")),
        "{line}"
    );
    assert!(line.contains("area —"), "{line}");
    assert!(!line.contains("0.00"), "{line}");
    assert!(
        text.contains("6. Geometry problems (1 rooms whose area is unreliable"),
        "{text}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&officeplan_ok(&["check", file, "--json"])).unwrap();
    let rows = json["geometry"].as_array().expect("geometry rows");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["room"], "203");
    assert_eq!(rows[0]["building"], "综合办公楼");
    assert_eq!(rows[0]["floor"], "2F");
    assert_eq!(rows[0]["room_uuid"], bow_tie.room.to_string());
    assert_eq!(rows[0]["area_m2"], serde_json::Value::Null);
    assert!(
        rows[0]["reason"]
            .as_str()
            .unwrap()
            .contains("intersects itself"),
        "{rows:#?}"
    );
}
