//! Issue 12 (rooms): drawing on a floor that has no rooms yet. The floor shows a working area
//! (a fitted view, the grid, the cursor in metres); a room of a typed size (矩形 宽×高
//! `6 × 4.5`) is placed by one click on the plan, written as one undoable edit.

mod common;
mod ui_support;

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use geo::Coord;
use officeplan::analysis::room_area;
use officeplan::model::{Floor, Uuid};
use officeplan::store::Store;
use officeplan::ui::OfficeplanApp;
use officeplan::workspace::Workspace;
use ui_support::{click_at, harness, serial};

/// The sample with a new, empty 7F in 综合办公楼 (the sample's building has B1–6F), shown.
fn sample_on_empty_7f(dir: &tempfile::TempDir) -> (Harness<'static, OfficeplanApp>, Floor) {
    let path = common::sample_file(dir.path());
    let mut w = Workspace::open(&path).expect("the sample opens");
    let b = w.index().find_building("综合办公楼").expect("the building");
    let floor = Floor {
        uuid: Uuid::now_v7(),
        building: w.index().buildings[b].building.uuid,
        name: "7F".into(),
        level: 7,
        elevation_m: None,
        storey_height_m: None,
    };
    w.add_floor(&floor).expect("the floor is added");
    drop(w);
    let mut h = harness(OfficeplanApp::open(&path));
    h.run();
    let f = h
        .state()
        .workspace()
        .unwrap()
        .index()
        .find_floor("综合办公楼", "7F")
        .expect("7F is in the index");
    h.state_mut().open_floor(f);
    h.run();
    (h, floor)
}

/// The floor's rooms as the file holds them.
fn stored_areas(path: &std::path::Path, floor: &Uuid) -> Vec<f64> {
    let store = Store::open(path).unwrap();
    store
        .load_floor_rooms(floor)
        .unwrap()
        .iter()
        .map(|r| room_area(&r.polygon))
        .collect()
}

#[test]
fn a_room_of_typed_size_is_drawn_on_an_empty_floor_and_undone() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let (mut h, floor) = sample_on_empty_7f(&dir);
    let path = h.state().workspace().unwrap().path().to_owned();
    assert!(h.state().plan().unwrap().rooms.is_empty());

    // The empty floor has a view: the 60 m × 40 m working area fitted in the canvas.
    let projector = h
        .state()
        .canvas()
        .projector()
        .expect("an empty floor still gets a view");
    // The grid, the frame and the hint are painted (see the snapshot), not widgets.
    // The cursor position in metres in the status bar.
    let corner = projector.ui_from_plan(Coord { x: -10.0, y: -5.0 });
    h.hover_at(corner);
    h.run();
    let cursor = h
        .state()
        .canvas()
        .cursor_in_plan
        .expect("the cursor is on the plan");
    assert!((cursor.x + 10.0).abs() < 0.1 && (cursor.y + 5.0).abs() < 0.1);
    h.get_by_label_contains(" m  y ");
    if ui_support::can_render() {
        h.snapshot("plan_empty_floor");
    }

    // Typing the size picks the rectangle tool; one click places the room there.
    h.get_by_label("矩形 宽×高").focus();
    h.get_by_label("矩形 宽×高").type_text("6 × 4.5");
    h.run();
    click_at(&mut h, corner, Modifiers::NONE);
    let plan = h.state().plan().unwrap().clone();
    assert_eq!(plan.rooms.len(), 1, "{:?}", h.state().notifications());
    // 6 m × 4.5 m = 27.00 m², by hand.
    assert!((plan.areas[0] - 27.0).abs() < 1e-9, "{:?}", plan.areas);
    assert_eq!(stored_areas(&path, &floor.uuid).len(), 1);
    assert!((stored_areas(&path, &floor.uuid)[0] - 27.0).abs() < 1e-9);
    let entry = h.state().workspace().unwrap().history(1).unwrap().remove(0);
    assert_eq!(entry.action, "draw_room");
    assert!(entry.summary.contains("27.00"), "{}", entry.summary);

    // One undo takes the room away from the file, redo puts it back.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().plan().unwrap().rooms.is_empty());
    assert!(stored_areas(&path, &floor.uuid).is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(h.state().plan().unwrap().rooms.len(), 1);
    assert!((stored_areas(&path, &floor.uuid)[0] - 27.0).abs() < 1e-9);
}

#[test]
fn split_and_vertices_say_why_on_an_empty_floor() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = sample_on_empty_7f(&dir);
    // Rectangle and polygon work; split and the vertex tool need a room and are greyed.
    h.get_by_label("分割").click();
    h.run();
    h.get_by_label("编辑顶点").click();
    h.run();
    assert_eq!(
        h.state().canvas().tool,
        officeplan::ui::canvas::Tool::Select,
        "disabled tools are not picked"
    );
    h.get_by_label("多边形").click();
    h.run();
    assert_eq!(
        h.state().canvas().tool,
        officeplan::ui::canvas::Tool::Polygon
    );
    // A size that is not one says why.
    h.get_by_label("矩形 宽×高").focus();
    h.get_by_label("矩形 宽×高").type_text("6");
    h.run();
    h.get_by_label_contains("不是 宽×高");
}
