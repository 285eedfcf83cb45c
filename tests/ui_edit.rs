//! Editing room shapes on the canvas, driven like a person (issue #6): the drawing tools are
//! picked from the toolbar and the canvas is clicked and dragged with pointer events; areas
//! are checked against hand computations from the plan points that were clicked.

mod common;
mod ui_support;

use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use geo::{Area as _, BoundingRect as _, Coord};
use officeplan::model::{RoomCategory, RoomStatus};
use officeplan::ui::OfficeplanApp;
use ui_support::{can_render, click_at, drag, harness_sized, sample_on_floor, serial};

/// The sample with 综合办公楼 6F shown.
fn sample_on_6f(dir: &tempfile::TempDir) -> Harness<'static, OfficeplanApp> {
    sample_on_floor(dir, "综合办公楼", "6F")
}

fn ui_of(h: &Harness<'_, OfficeplanApp>, pos_in_plan: Coord<f64>) -> Pos2 {
    h.state()
        .canvas()
        .projector()
        .unwrap()
        .ui_from_plan(pos_in_plan)
}

fn plan_of(h: &Harness<'_, OfficeplanApp>, pos_in_ui: Pos2) -> Coord<f64> {
    h.state()
        .canvas()
        .projector()
        .unwrap()
        .plan_from_ui(pos_in_ui)
}

/// A plan point in the empty band above the rooms of the floor (4 m clear of every room, far
/// beyond the snap distance), `dx`, `dy` metres from its corner.
fn above_building(h: &Harness<'_, OfficeplanApp>, dx: f64, dy: f64) -> Coord<f64> {
    let plan = h.state().plan().unwrap();
    let (mut min_x, mut max_y) = (f64::MAX, f64::MIN);
    for r in &plan.rooms {
        let b = r.polygon.bounding_rect().unwrap();
        min_x = min_x.min(b.min().x);
        max_y = max_y.max(b.max().y);
    }
    Coord {
        x: (min_x + 2.0 + dx).round(),
        y: (max_y + 4.0 + dy).round(),
    }
}

/// A click with modifiers held (shift-click adds to the selection).
fn click_holding(h: &mut Harness<'_, OfficeplanApp>, pos: Pos2, modifiers: Modifiers) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event_modifiers(
            egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers,
            },
            modifiers,
        );
        h.step();
    }
    h.run();
}

fn tool(h: &mut Harness<'_, OfficeplanApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Draws a rectangle room by two clicks; returns the clicked plan points.
fn draw_rectangle(
    h: &mut Harness<'_, OfficeplanApp>,
    a: Pos2,
    b: Pos2,
) -> (Coord<f64>, Coord<f64>) {
    tool(h, "矩形");
    let (pa, pb) = (plan_of(h, a), plan_of(h, b));
    click_at(h, a, Modifiers::NONE);
    click_at(h, b, Modifiers::NONE);
    (pa, pb)
}

/// Draws a 7.0 m × 4.6 m room (32.20 m²) in the clear band above the building; returns
/// the clicked plan corners.
fn draw_7_by_4_6(h: &mut Harness<'_, OfficeplanApp>) -> (Coord<f64>, Coord<f64>) {
    let corner = above_building(h, 0.0, 0.0);
    let far = Coord {
        x: corner.x + 7.0,
        y: corner.y + 4.6,
    };
    let (a, b) = (ui_of(h, corner), ui_of(h, far));
    assert!(
        a.y > 80.0 && b.y > 80.0,
        "the band is on screen: {a:?} {b:?}"
    );
    draw_rectangle(h, a, b)
}

fn area_of(h: &Harness<'_, OfficeplanApp>, uuid: officeplan::model::Uuid) -> f64 {
    let (room, area) = h.state().plan().unwrap().room(&uuid).unwrap();
    assert!((room.polygon.unsigned_area() - area).abs() < 1e-12);
    area
}

/// The change log's newest line.
fn last_change(h: &Harness<'_, OfficeplanApp>) -> (String, String) {
    let entry = h.state().workspace().unwrap().history(1).unwrap().remove(0);
    (entry.action, entry.summary)
}

#[test]
fn draw_a_rectangle_split_it_and_undo() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    let before = h.state().plan().unwrap().rooms.len();
    let (pa, pb) = draw_7_by_4_6(&mut h);

    let plan = h.state().plan().unwrap().clone();
    assert_eq!(
        plan.rooms.len(),
        before + 1,
        "{:?}",
        h.state().notifications()
    );
    let drawn = h.state().selected_rooms()[0].clone();
    assert_eq!(drawn.category, RoomCategory::Office);
    assert_eq!(drawn.status, RoomStatus::Idle);
    assert!(drawn.units.is_empty());
    // Width × height of the clicked plan points; those are 7.0 × 4.6 to f32 precision.
    let expected = (pb.x - pa.x).abs() * (pb.y - pa.y).abs();
    let area = area_of(&h, drawn.uuid);
    assert!((area - expected).abs() < 1e-9, "{area} vs {expected}");
    assert!((area - 32.20).abs() < 0.01, "{area}");
    assert_eq!(last_change(&h).0, "draw_room");

    // Split it by a vertical line 3 m from its left side, clicked 1 m beyond each long side.
    tool(&mut h, "分割");
    let top = ui_of(
        &h,
        Coord {
            x: pa.x + 3.0,
            y: pb.y + 1.0,
        },
    );
    let bottom = ui_of(
        &h,
        Coord {
            x: pa.x + 3.0,
            y: pa.y - 1.0,
        },
    );
    click_at(&mut h, top, Modifiers::NONE);
    click_at(&mut h, bottom, Modifiers::NONE);
    let plan = h.state().plan().unwrap().clone();
    assert_eq!(
        plan.rooms.len(),
        before + 2,
        "{:?}",
        h.state().notifications()
    );
    let kept = area_of(&h, drawn.uuid);
    let piece = plan
        .rooms
        .iter()
        .find(|r| r.number == format!("{}-2", drawn.number))
        .expect("the new piece is numbered <number>-2");
    let piece_area = area_of(&h, piece.uuid);
    // The pieces sum to the room; by hand 4.0 × 4.6 = 18.40 kept, 3.0 × 4.6 = 13.80 new.
    assert!(
        (kept + piece_area - area).abs() < 1e-6,
        "{kept} + {piece_area}"
    );
    assert!((kept - 18.40).abs() < 0.01 && (piece_area - 13.80).abs() < 0.01);
    assert_eq!(piece.category, RoomCategory::Office);
    assert_eq!(last_change(&h).0, "split_room");

    // Ctrl+Z brings back the one room.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let plan = h.state().plan().unwrap();
    assert_eq!(plan.rooms.len(), before + 1);
    assert!(plan.room(&piece.uuid).is_none());
    assert!((area_of(&h, drawn.uuid) - area).abs() < 1e-12);
}

#[test]
fn drag_a_vertex_and_merge_two_rooms() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    let before = h.state().plan().unwrap().rooms.len();
    let (pa, pb) = draw_7_by_4_6(&mut h);
    let first = h.state().selected_rooms()[0].uuid;

    // Drag the upper left corner 1 m to the left, Alt held (no snapping).
    tool(&mut h, "编辑顶点");
    let grip = ui_of(&h, Coord { x: pa.x, y: pb.y });
    let to = ui_of(
        &h,
        Coord {
            x: pa.x - 1.0,
            y: pb.y,
        },
    );
    let moved = plan_of(&h, to);
    drag(&mut h, grip, to, Modifiers::ALT);
    // By hand: a trapezoid of parallel sides (pb.x − pa.x) at the bottom and
    // (pb.x − moved.x) at the top, height pb.y − pa.y: 4.6 × (7 + 8) / 2 = 34.50 m².
    let expected = (pb.y - pa.y) * ((pb.x - pa.x) + (pb.x - moved.x)) / 2.0;
    let area = area_of(&h, first);
    assert!((area - expected).abs() < 1e-6, "{area} vs {expected}");
    assert!((area - 34.50).abs() < 0.02, "{area}");
    assert_eq!(last_change(&h).0, "edit_vertices");

    // A second room drawn from the first one's lower right corner (snapped onto it) 4 m
    // to the right: the two share the wall x = pb.x from pa.y up.
    let shared = ui_of(&h, Coord { x: pb.x, y: pa.y });
    let off = shared + egui::vec2(2.0, -2.0);
    let other = ui_of(
        &h,
        Coord {
            x: pb.x + 4.0,
            y: pb.y,
        },
    );
    tool(&mut h, "矩形");
    click_at(&mut h, off, Modifiers::NONE);
    click_at(&mut h, other, Modifiers::NONE);
    let second = h.state().selected_rooms()[0].clone();
    let second_area = area_of(&h, second.uuid);
    let ring = &second.polygon.exterior().0;
    assert!(
        ring.iter().any(|c| c.x == pb.x && c.y == pa.y),
        "the first corner snapped onto the first room's corner: {ring:?}"
    );
    assert_eq!(h.state().plan().unwrap().rooms.len(), before + 2);

    // Select both (click, shift-click) and merge: one room of the summed area.
    tool(&mut h, "选择");
    let inside_first = ui_of(
        &h,
        Coord {
            x: pa.x + 1.0,
            y: pa.y + 1.0,
        },
    );
    let inside_second = ui_of(
        &h,
        Coord {
            x: pb.x + 2.0,
            y: pa.y + 1.0,
        },
    );
    click_at(&mut h, inside_first, Modifiers::NONE);
    click_holding(&mut h, inside_second, Modifiers::SHIFT);
    assert_eq!(h.state().selected_rooms().len(), 2);
    tool(&mut h, "合并");
    let plan = h.state().plan().unwrap().clone();
    assert_eq!(
        plan.rooms.len(),
        before + 1,
        "{:?}",
        h.state().notifications()
    );
    // The larger (the trapezoid, 34.50 > 4 × 4.6 = 18.40) keeps its UUID.
    let merged = area_of(&h, first);
    assert!(
        (merged - (area + second_area)).abs() < 1e-6,
        "{merged} vs {area} + {second_area}"
    );
    assert!(plan.room(&second.uuid).is_none());
    assert_eq!(last_change(&h).0, "merge_rooms");
}

#[test]
fn merging_rooms_apart_is_refused() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    // Two 4 m × 3 m rooms 2 m apart (the band moves up once a room is drawn in it).
    let base = above_building(&h, 0.0, 0.0);
    let at = |dx: f64, dy: f64| Coord {
        x: base.x + dx,
        y: base.y + dy,
    };
    for dx in [0.0, 6.0] {
        let a = ui_of(&h, at(dx, 0.0));
        let b = ui_of(&h, at(dx + 4.0, 3.0));
        draw_rectangle(&mut h, a, b);
    }
    let before = h.state().plan().unwrap().rooms.len();
    tool(&mut h, "选择");
    for (dx, m) in [(1.0, Modifiers::NONE), (7.0, Modifiers::SHIFT)] {
        let p = ui_of(&h, at(dx, 1.0));
        click_holding(&mut h, p, m);
    }
    assert_eq!(h.state().selected_rooms().len(), 2);
    tool(&mut h, "合并");
    assert_eq!(h.state().plan().unwrap().rooms.len(), before);
    let (message, error) = h.state().notifications().last().unwrap().clone();
    assert!(error && message.contains("不相邻"), "{message}");
}

#[test]
fn snapshot_of_a_polygon_being_drawn() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    tool(&mut h, "多边形");
    let base = above_building(&h, 0.0, 0.0);
    for dx in [0.0, 6.0] {
        let p = ui_of(
            &h,
            Coord {
                x: base.x + dx,
                y: base.y,
            },
        );
        click_at(&mut h, p, Modifiers::NONE);
    }
    let pointer = ui_of(
        &h,
        Coord {
            x: base.x + 6.0,
            y: base.y + 4.0,
        },
    );
    h.hover_at(pointer);
    h.run();
    assert_eq!(h.state().canvas().sketch.points.len(), 2);
    if can_render() {
        h.snapshot("plan_drawing_polygon");
    }
    // Esc cancels the shape.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().canvas().sketch.points.is_empty());
}

#[test]
fn a_self_intersecting_polygon_is_refused_and_delete_is_undoable() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    let before = h.state().plan().unwrap().rooms.len();
    let base = above_building(&h, 0.0, 0.0);
    let at = |dx: f64, dy: f64| Coord {
        x: base.x + dx,
        y: base.y + dy,
    };
    // A bow tie: (0,0) → (4,3) → (4,0) → (0,3), closed with Enter.
    tool(&mut h, "多边形");
    for (dx, dy) in [(0.0, 0.0), (4.0, 3.0), (4.0, 0.0), (0.0, 3.0)] {
        let p = ui_of(&h, at(dx, dy));
        click_at(&mut h, p, Modifiers::NONE);
    }
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().plan().unwrap().rooms.len(), before);
    let (message, error) = h.state().notifications().last().unwrap().clone();
    assert!(error && message.contains("自相交"), "{message}");

    // An L of 4 × 3 less 2 × 1.5 = 9.00 m², closed by clicking its first vertex again.
    for (dx, dy) in [
        (0.0, 0.0),
        (4.0, 0.0),
        (4.0, 1.5),
        (2.0, 1.5),
        (2.0, 3.0),
        (0.0, 3.0),
        (0.0, 0.0),
    ] {
        let p = ui_of(&h, at(dx, dy));
        click_at(&mut h, p, Modifiers::NONE);
    }
    assert_eq!(h.state().plan().unwrap().rooms.len(), before + 1);
    let drawn = h.state().selected_rooms()[0].clone();
    assert!((area_of(&h, drawn.uuid) - 9.0).abs() < 0.01);

    // 删除 takes it away; undo puts it back.
    tool(&mut h, "删除");
    assert_eq!(h.state().plan().unwrap().rooms.len(), before);
    assert_eq!(last_change(&h).0, "delete_rooms");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().plan().unwrap().room(&drawn.uuid).is_some());
}

#[test]
fn import_the_6f_drawing_through_the_dialog_then_undo() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    // Room 603 deleted first, so that the drawing brings it back as new.
    let (_, at603) = ui_support::room_on_screen(&h, "603");
    tool(&mut h, "选择");
    click_at(&mut h, at603, Modifiers::NONE);
    tool(&mut h, "删除");
    assert_eq!(h.state().plan().unwrap().rooms.len(), 13);

    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导入 DXF…").click();
    h.run();
    // sample_plans/drawings.csv: 综合办公楼 6F is drawings/综合办公楼/6F.dxf, outlines on
    // 房间轮廓, columns on 柱, labels the block 房间标注 (编号/名称): the dialog's guesses.
    // Relative to the package (the test's working folder), so the snapshot is the same
    // in every checkout.
    let drawing = "sample_plans/drawings/综合办公楼/6F.dxf";
    assert!(std::path::Path::new(drawing).is_file());
    h.get_by_label("文件路径").focus();
    h.get_by_label("文件路径").type_text(drawing);
    h.run();
    h.get_by_label("读取图层").click();
    h.run();
    h.get_by_label("预览").click();
    h.run();
    // sample_plans/README.md: 14 rooms, 4 columns, 437.94 m² (the floor's GeoJSON total),
    // 17 labels of which 15 in rooms, the 2 corridor stamps orphaned, 605 stamped twice, 601
    // closed within the tolerance.
    let lines = h.state().dxf_preview_lines();
    let has = |text: &str| lines.iter().any(|l| l.contains(text));
    assert!(
        has("房间 14 个，内洞(柱、井道) 4 个，使用面积合计 437.94 ㎡"),
        "{lines:#?}"
    );
    assert!(has("标注 17 个，其中 15 个落在房间内"), "{lines:#?}");
    assert!(has("LT-1") && has("DT-1"), "{lines:#?}");
    assert!(has("重复的房间编号：605"), "{lines:#?}");
    // Against the floor without 603: one new, the other 13 unchanged.
    assert!(
        has("新增 1 个，形状改变 0 个，删除 0 个，不变 13 个"),
        "{lines:#?}"
    );
    h.get_by_label_contains("使用面积合计 437.94");
    assert!(h.state().canvas().overlay.is_some(), "the preview is drawn");
    if can_render() {
        h.snapshot("dxf_import_preview");
    }

    h.get_by_label("导入").click();
    h.run();
    let plan = h.state().plan().unwrap();
    assert_eq!(plan.rooms.len(), 14, "{:?}", h.state().notifications());
    assert!(plan.rooms.iter().any(|r| r.number == "603"));
    assert!((plan.areas.iter().sum::<f64>() - 437.94).abs() < 0.01);
    assert_eq!(last_change(&h).0, "import_dxf");
    assert!(h.state().canvas().overlay.is_none());

    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let plan = h.state().plan().unwrap();
    assert_eq!(plan.rooms.len(), 13);
    assert!(!plan.rooms.iter().any(|r| r.number == "603"));
}

#[test]
fn load_an_underlay_and_calibrate_it_by_two_points() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    // A 200 × 100 px grey scan.
    let png = dir.path().join("scan.png");
    let mut pixmap = resvg::tiny_skia::Pixmap::new(200, 100).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(120, 120, 160, 255));
    pixmap.save_png(&png).unwrap();

    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("底图…").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("文件路径").focus();
    h.get_by_label("文件路径").type_text(png.to_str().unwrap());
    h.run();
    h.get_by_label("载入底图").click();
    h.run();
    let guess = h.state().underlay_placement().expect("an underlay");
    // Spread over the floor's width: metres per pixel = width / 200.
    let plan = h.state().plan().unwrap();
    let (mut lo, mut hi) = (f64::MAX, f64::MIN);
    for r in &plan.rooms {
        let b = r.polygon.bounding_rect().unwrap();
        lo = lo.min(b.min().x);
        hi = hi.max(b.max().x);
    }
    assert!((guess.scale - (hi - lo) / 200.0).abs() < 1e-12);

    // Two points 4 m apart on the guess are really 8 m apart: the scale doubles.
    h.get_by_label("校准").click();
    h.run();
    let base = above_building(&h, 0.0, 0.0);
    let (a, b) = (
        ui_of(&h, base),
        ui_of(
            &h,
            Coord {
                x: base.x + 4.0,
                y: base.y,
            },
        ),
    );
    let (pa, pb) = (plan_of(&h, a), plan_of(&h, b));
    click_at(&mut h, a, Modifiers::NONE);
    click_at(&mut h, b, Modifiers::NONE);
    h.get_by_label("实际距离(m)").focus();
    h.get_by_label("实际距离(m)").type_text("8");
    h.run();
    h.get_by_label("应用校准").click();
    h.run();
    let calibrated = h.state().underlay_placement().unwrap();
    let measured = (pb.x - pa.x).hypot(pb.y - pa.y);
    assert!(
        (calibrated.scale - guess.scale * 8.0 / measured).abs() < 1e-12,
        "{calibrated:?}"
    );
    assert!((calibrated.scale / guess.scale - 2.0).abs() < 1e-4);
    // Scaled about point 1: the scan's pixel under it stays under it.
    let back = |p: officeplan::ui::underlay::Placement| {
        ((pa.x - p.origin.x) / p.scale, (p.origin.y - pa.y) / p.scale)
    };
    let (gx, gy) = back(guess);
    let (cx, cy) = back(calibrated);
    assert!(
        (gx - cx).abs() < 1e-6 && (gy - cy).abs() < 1e-6,
        "{gx},{gy} vs {cx},{cy}"
    );
    // The window closed (its path field names a temporary folder), the scan stays.
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("底图…").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("载入底图").is_none());
    if can_render() {
        h.snapshot("plan_underlay");
    }
    // Issue 11 (one door): the calibration is one undoable edit; undo shows the scan where
    // it was loaded (read again from the file), redo where it was calibrated.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().underlay_placement(), Some(guess));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::Z);
    h.run();
    assert_eq!(h.state().underlay_placement(), Some(calibrated));

    // Kept in the file: opened again, 6F shows the scan where it was calibrated.
    let path = h.state().workspace().unwrap().path().to_path_buf();
    drop(h);
    let mut again = harness_sized(OfficeplanApp::open(&path), [1400.0, 900.0]);
    again.run();
    let f = again
        .state()
        .workspace()
        .unwrap()
        .index()
        .find_floor("综合办公楼", "6F")
        .unwrap();
    again.state_mut().open_floor(f);
    again.run();
    assert_eq!(again.state().underlay_placement(), Some(calibrated));
    // The history has the lines, and the scan is not a baseline change for scenarios.
    let store = officeplan::store::Store::open(&path).unwrap();
    let actions: Vec<String> = store
        .change_log(5)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    // Newest first: redo, undo and the calibration each placed the same image.
    assert_eq!(
        actions[..4],
        [
            "underlay.place",
            "underlay.place",
            "underlay.place",
            "underlay.set"
        ]
    );
}

#[test]
fn a_jpeg_scan_is_read_too() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    // A 160 × 90 px JPEG, as scanners write them.
    let jpg = dir.path().join("scan.jpg");
    image::RgbImage::from_pixel(160, 90, image::Rgb([200, 190, 170]))
        .save(&jpg)
        .unwrap();
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("底图…").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("文件路径").focus();
    h.get_by_label("文件路径").type_text(jpg.to_str().unwrap());
    h.run();
    h.get_by_label("载入底图").click();
    h.run();
    assert!(
        h.state().underlay_placement().is_some(),
        "{:?}",
        h.state().notifications()
    );
}

#[test]
fn insert_drag_and_remove_a_vertex() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    let (pa, pb) = draw_7_by_4_6(&mut h);
    let room = h.state().selected_rooms()[0].uuid;
    let vertices = |h: &Harness<'_, OfficeplanApp>| {
        let (r, _) = h.state().plan().unwrap().room(&room).unwrap();
        r.polygon.exterior().0.len() - 1
    };
    let area = area_of(&h, room);
    tool(&mut h, "编辑顶点");

    // A click on the middle handle of the top edge inserts a vertex there: same area.
    let middle = Coord {
        x: (pa.x + pb.x) / 2.0,
        y: pb.y,
    };
    let handle = ui_of(&h, middle);
    click_at(&mut h, handle, Modifiers::NONE);
    assert_eq!(vertices(&h), 5, "{:?}", h.state().notifications());
    assert!((area_of(&h, room) - area).abs() < 1e-9);
    assert_eq!(last_change(&h).0, "edit_vertices");

    // Dragged 1 m up (Alt: no snapping): a gable of 7 × 1 / 2 = 3.50 m² more, 35.70 m².
    let to = ui_of(
        &h,
        Coord {
            x: middle.x,
            y: middle.y + 1.0,
        },
    );
    let peak = plan_of(&h, to);
    drag(&mut h, handle, to, Modifiers::ALT);
    let expected = area + (pb.x - pa.x) * (peak.y - pb.y) / 2.0;
    assert!((area_of(&h, room) - expected).abs() < 1e-6);
    assert!((area_of(&h, room) - 35.70).abs() < 0.01);

    // A right-click on it removes it again.
    h.hover_at(to);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: to,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    assert_eq!(vertices(&h), 4);
    assert!((area_of(&h, room) - area).abs() < 1e-9);
}

#[test]
fn the_drawing_tools_speak_english_too() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_6f(&dir);
    officeplan::i18n::set_language(officeplan::i18n::Language::English);
    h.run();
    for label in [
        "Rectangle",
        "Polygon",
        "Split",
        "Edit vertices",
        "Merge",
        "Delete",
    ] {
        h.get_by_label(label);
    }
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import DXF…");
}
