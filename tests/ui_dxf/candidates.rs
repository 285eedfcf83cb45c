//! Issue 17 in the window: a floor drawn only by walls (`common::wall_drawing_dxf`: 101 20 m²
//! and 102 22 m² labelled, the faces #W3 15, #W4 13, #W5 10 and the closet #W6 6 m² not)
//! imported through 文件 → 导入 DXF… into a new floor 7F. The preview lists the four
//! candidates, pending; the planner drops the closet, selects #W3 on the preview canvas and
//! ticks #W4, merges them as 103, keeps #W5 as 105 and imports: 7F holds 101 20, 102 22,
//! 103 28 (15 + 13), 105 10 = 80 m² — as one undoable step.

use egui::{Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::analysis::room_area;
use officeplan::store::Store;
use officeplan::ui::OfficeplanApp;

use crate::ui_support::{
    can_render, click, click_at, dxf_into_new_floor, dxf_preview, sample_on_floor, serial,
    type_into, wait_for_jobs,
};

/// 7F's rooms in the file: (number, area to 0.01 m²), by number.
fn stored(path: &std::path::Path) -> Option<Vec<(String, f64)>> {
    let store = Store::open(path).unwrap();
    let index = store.load_index().unwrap();
    let f = index.find_floor("综合办公楼", "7F")?;
    let mut rooms: Vec<(String, f64)> = store
        .load_floor_rooms(&index.floors[f].floor.uuid)
        .unwrap()
        .into_iter()
        .map(|r| (r.number, (room_area(&r.polygon) * 100.0).round() / 100.0))
        .collect();
    rooms.sort_by(|a, b| a.0.cmp(&b.0));
    Some(rooms)
}

/// Where a plan point (metres) of the drawing is on the candidate preview canvas: the
/// canvas fits the faces' box (0–16 × 0–7 m) inside a 10-point margin, centred, y up.
pub(crate) fn on_canvas(h: &Harness<'_, OfficeplanApp>, x: f64, y: f64) -> Pos2 {
    let rect = h.get_by_label("候选房间预览图").rect();
    let inner = rect.shrink(10.0);
    let (w, hgt) = (16.0, 7.0);
    let scale = (inner.width() as f64 / w).min(inner.height() as f64 / hgt);
    let ox = (inner.width() - (w * scale) as f32) / 2.0;
    let oy = (inner.height() - (hgt * scale) as f32) / 2.0;
    pos2(
        inner.left() + ox + (x * scale) as f32,
        inner.bottom() - oy - (y * scale) as f32,
    )
}

#[test]
fn candidates_are_dropped_merged_kept_and_imported_as_shown() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    // Read from the package (the test's working folder), so that the path in the dialog and
    // the snapshot are the same in every checkout; the file is the helper's drawing.
    let dxf = std::path::Path::new("tests/ui_dxf/walls.dxf");
    assert_eq!(
        std::fs::read_to_string(dxf).unwrap(),
        crate::common::wall_drawing_dxf(),
        "tests/ui_dxf/walls.dxf is common::wall_drawing_dxf()"
    );
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    let path = h.state().workspace().unwrap().path().to_owned();
    assert!(stored(&path).is_none());

    click(&mut h, "文件");
    click(&mut h, "导入 DXF…");
    type_into(&mut h, "文件路径", dxf.to_str().unwrap());
    click(&mut h, "读取图层");
    wait_for_jobs(&mut h);
    // The dialog's guesses (io/dxf/layer_guess.rs): no closed outline anywhere, so 墙 (the
    // lines around the labels, named for walls) is the wall layer; no block, so the texts of
    // 文字 are the labels.
    dxf_into_new_floor(&mut h, "7F", "7");
    dxf_preview(&mut h);

    // Defaults: the labelled rooms kept (20 + 22 = 42 m²), the four candidates pending.
    h.get_by_label("房间 2 · 待定 4 · 已舍弃 0");
    let lines = h.state().dxf_preview_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("房间 2 个") && l.contains("42.00")),
        "{lines:#?}"
    );
    for (face, area) in [
        ("#W3", "15.00"),
        ("#W4", "13.00"),
        ("#W5", "10.00"),
        ("#W6", "6.00"),
    ] {
        h.get_by_label(face);
        h.get_by_label(area);
    }

    // The minimum area at 8 m² filters the 6 m² closet out; back at 1 m² it is listed again.
    type_into(&mut h, "最小面积", "8");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("房间 2 · 待定 3 · 已舍弃 1");
    h.get_by_label("已筛去 1 个过小区域");
    assert!(
        h.query_by_label("#W6 · 舍弃").is_none(),
        "#W6 is not listed"
    );
    type_into(&mut h, "最小面积", "1");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("房间 2 · 待定 4 · 已舍弃 0");

    // Drop the closet.
    click(&mut h, "#W6 · 舍弃");
    h.get_by_label("房间 2 · 待定 3 · 已舍弃 1");

    // Select #W3 on the preview canvas (its middle, 9.9 m, 2.5 m), tick #W4, merge.
    let at = on_canvas(&h, 9.9, 2.5);
    click_at(&mut h, at, Modifiers::NONE);
    click(&mut h, "#W4 · 选择");
    click(&mut h, "合并所选(2)");
    h.get_by_label_contains("#W3 15.00 + #W4 13.00 = 28.00");
    h.get_by_label("房间 3 · 待定 1 · 已舍弃 1");

    // Number the merged room 103, keep #W5 as 105.
    type_into(&mut h, "#W3 · 导入编号", "103");
    // Kept, #W5 may not take a number another room has: refused, named, and the import
    // waits.
    click(&mut h, "#W5 · 保留");
    type_into(&mut h, "#W5 · 导入编号", "101");
    h.get_by_label_contains("#W5 的编号 101 已被另一个房间使用");
    h.get_by_label("导入").click();
    h.run_steps(4);
    assert!(
        stored(&path).is_none(),
        "nothing imported while a number is refused"
    );
    type_into(&mut h, "#W5 · 导入编号", "105");
    h.get_by_label("房间 4 · 待定 0 · 已舍弃 1");
    let lines = h.state().dxf_preview_lines();
    // 20 + 22 + 28 + 10 = 80 m², all four new on the new floor.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("房间 4 个") && l.contains("80.00")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.contains("新增 4 个")), "{lines:#?}");
    if can_render() {
        h.snapshot("dxf_import_candidates");
    }

    h.get_by_label("导入").click();
    // The file watcher sees the write: a few more frames than run() allows.
    h.run_steps(8);
    assert_eq!(
        stored(&path),
        Some(vec![
            ("101".to_owned(), 20.0),
            ("102".to_owned(), 22.0),
            ("103".to_owned(), 28.0),
            ("105".to_owned(), 10.0),
        ]),
        "{:?}",
        h.state().notifications()
    );
    // One undo takes the floor away with its rooms.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(stored(&path).is_none(), "{:?}", h.state().notifications());
}
