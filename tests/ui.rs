//! The desktop app driven like a person with `egui_kittest`: widgets are found by their
//! labels, clicked and typed into; the plan canvas is clicked with pointer events at the
//! screen position of a room. Snapshot images of the main views live in `tests/snapshots/`.

mod common;
mod ui_support;

// Issue 17: candidate faces of a wall drawing in the DXF import dialog.
#[path = "ui_dxf/candidates.rs"]
mod dxf_candidates;
// Issue 17: the dialog's proposals, messages, background preview and preview navigation on
// the real drawings of ../shared/dxf-real/.
#[path = "ui_dxf/dialog.rs"]
mod dxf_dialog;

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::analysis::AreaBasis;
use officeplan::analysis::area::format_area;
use officeplan::i18n::{Language, set_language};
use officeplan::ui::navigator::NavigatorTree;
use officeplan::ui::{CentreView, OfficeplanApp};
use officeplan::view::Theme;
use ui_support::{can_render, click_at, drag, harness, open_sample, room_on_screen, serial};

/// The navigator label of the floor with the most rooms in 综合办公楼 (the main building).
fn main_floor_label(h: &Harness<'_, OfficeplanApp>) -> (usize, String) {
    let index = h.state().workspace().unwrap().index();
    let tree = NavigatorTree::build(index);
    let b = index.find_building("综合办公楼").expect("sample building");
    let building = tree
        .sites
        .iter()
        .flat_map(|s| &s.buildings)
        .find(|r| r.index == b)
        .unwrap();
    let (f, label) = building
        .floors
        .iter()
        .max_by_key(|(f, _)| index.floors[*f].totals.total().rooms)
        .unwrap()
        .clone();
    (f, label)
}

/// Picks 综合办公楼's fullest floor in the navigator, as a person would.
fn open_main_floor(h: &mut Harness<'_, OfficeplanApp>) {
    let (_, label) = main_floor_label(h);
    h.get_by_label(&label).click();
    h.run();
}

/// The first unit of the file that holds at least one room.
fn unit_with_rooms(h: &Harness<'_, OfficeplanApp>) -> officeplan::model::Unit {
    let project = h.state().workspace().unwrap().load_project().unwrap();
    project
        .units
        .iter()
        .find(|u| project.rooms.iter().any(|r| r.units.contains(&u.uuid)))
        .unwrap()
        .clone()
}

/// The biggest room on the shown floor (easy to hit, labels fit).
fn biggest_room(h: &Harness<'_, OfficeplanApp>) -> String {
    let plan = h.state().plan().unwrap();
    let i = (0..plan.rooms.len())
        .max_by(|a, b| plan.areas[*a].total_cmp(&plan.areas[*b]))
        .unwrap();
    plan.rooms[i].number.clone()
}

#[test]
fn pick_a_floor_click_a_room_and_read_the_inspector() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    let (floor, label) = main_floor_label(&h);
    h.get_by_label(&label).click();
    h.run();
    assert_eq!(
        h.state().plan().map(|p| p.floor),
        Some(
            h.state().workspace().unwrap().index().floors[floor]
                .floor
                .uuid
        )
    );

    // Room 301 of 综合办公楼 is an office of 4 × 6 m = 24.00 m² (sample_plans/plans, drawn
    // as a rectangle; see sample_plans/README.md).
    let number = biggest_room(&h);
    let (i, pos) = room_on_screen(&h, &number);
    click_at(&mut h, pos, Modifiers::NONE);
    assert_eq!(h.state().canvas().selection, vec![i]);
    let area = h.state().plan().unwrap().areas[i];
    h.get_by_label(&format!("房间 {number}"));
    h.get_by_label(&format_area(area, AreaBasis::Usable));
    // The status bar names the selection with its area and basis.
    h.get_by_label_contains("已选 1 间");
}

#[test]
fn inspector_shows_the_exact_area_of_a_known_room() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_main_floor(&mut h);
    let number = biggest_room(&h);
    let (_, pos) = room_on_screen(&h, &number);
    click_at(&mut h, pos, Modifiers::NONE);
    // sample_plans/plans/综合办公楼/2F.geojson: room 211 县政府常务会议室 is the rectangle
    // (33.0, 8.7)–(40.0, 13.3), 7.0 m × 4.6 m = 32.20 m² 使用面积.
    assert_eq!(number, "211");
    h.get_by_label("房间 211");
    h.get_by_label("32.20 m² (使用面积)");
}

#[test]
fn changing_the_theme_changes_the_legend() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_main_floor(&mut h);
    assert_eq!(h.state().theme(), Theme::Unit);
    h.get_by_label("图例：按使用单位");
    assert!(
        h.query_by_label("在用").is_none(),
        "no status entry in the unit legend"
    );

    h.get_by_label("专题").click();
    h.run();
    h.get_by_label("按使用状态").click();
    h.run();
    assert_eq!(h.state().theme(), Theme::Status);
    h.get_by_label("图例：按使用状态");
    h.get_by_label("在用");

    h.get_by_label("专题").click();
    h.run();
    h.get_by_label("按核定标准").click();
    h.run();
    h.get_by_label("图例：按核定标准");
    assert!(
        h.query_by_label("在用").is_none(),
        "the status entries are gone"
    );
    // This floor holds rooms of units within the standard and common rooms.
    h.get_by_label("未超标");
    h.get_by_label("其他（公共、出租等）");
}

#[test]
fn rename_a_room_then_undo_restores_the_name() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_main_floor(&mut h);
    let number = biggest_room(&h);
    let (i, pos) = room_on_screen(&h, &number);
    click_at(&mut h, pos, Modifiers::NONE);
    let original_name = h.state().plan().unwrap().rooms[i].name.clone();

    let field = h.get_by_label("名称");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("名称").type_text("样板会议室");
    h.run();
    h.get_by_label("应用").click();
    h.run();
    let renamed = &h.state().plan().unwrap().rooms[i];
    assert_eq!(renamed.name, "样板会议室");
    // Written to the file at once.
    let path = h.state().workspace().unwrap().path().to_path_buf();
    let on_disk = officeplan::store::Store::open(&path)
        .unwrap()
        .load_room(&renamed.uuid)
        .unwrap()
        .unwrap();
    assert_eq!(on_disk.name, "样板会议室");

    // Ctrl+Z with no text field focused.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().plan().unwrap().rooms[i].name, original_name);
    // The history lists the change with the user's name.
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("变更记录").click();
    h.run();
    // Two lines: the change and its undo.
    assert_eq!(h.get_all_by_label_contains("样板会议室").count(), 2);
    assert!(
        h.get_all_by_label(&officeplan::store::current_user())
            .count()
            >= 2
    );
}

#[test]
fn switching_the_language_turns_the_menus_english() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.get_by_label("文件");
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("File");
    h.get_by_label("Edit");
    h.get_by_label("View");
    assert!(h.query_by_label("文件").is_none());
    set_language(Language::Chinese);
}

#[test]
fn searching_a_unit_selects_its_room() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    let unit = unit_with_rooms(&h);
    let search = h.get_by_label("搜索");
    search.focus();
    search.type_text(&unit.name);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let selected = h.state().selected_rooms();
    assert_eq!(selected.len(), 1, "the first hit is selected");
    assert!(selected[0].units.contains(&unit.uuid));
}

#[test]
fn snapshots_of_the_main_views() {
    let _guard = serial();
    if !can_render() {
        return;
    }
    let (_dir, mut h) = open_sample();
    open_main_floor(&mut h);
    h.snapshot("plan_by_unit");
    h.state_mut().set_theme(Theme::Compliance);
    h.run();
    h.snapshot("plan_by_compliance");
    h.state_mut().set_centre(CentreView::SiteMap);
    h.run();
    h.snapshot("site_map");
}

#[test]
fn export_the_shown_floor_as_pdf_from_the_file_menu() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    open_main_floor(&mut h);
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导出平面图…").click();
    h.run();
    let out = dir.path().join("二层平面图.pdf");
    let field = h.get_by_label("文件路径");
    field.focus();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("文件路径").type_text(out.to_str().unwrap());
    h.run();
    h.get_by_label("确定").click();
    h.run();
    // The sheet is rendered by a job (the status bar shows it); the window goes on.
    ui_support::wait_for_jobs(&mut h);
    let bytes = std::fs::read(&out).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
    let notices = h.state().notifications();
    assert!(
        notices
            .iter()
            .any(|(text, error)| !error && text.contains("二层平面图.pdf")),
        "{notices:?}"
    );
}

#[test]
fn opening_a_broken_file_is_a_notification_naming_it() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    let broken = dir.path().join("坏文件.gpkg");
    std::fs::write(&broken, "这不是数据库").unwrap();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("打开…").click();
    h.run();
    h.get_by_label("文件路径").focus();
    h.run();
    h.get_by_label("文件路径")
        .type_text(broken.to_str().unwrap());
    h.run();
    h.get_by_label("确定").click();
    h.run();
    let notices = h.state().notifications().to_vec();
    assert!(
        notices
            .iter()
            .any(|(text, error)| *error && text.contains("坏文件.gpkg")),
        "{notices:?}"
    );
    // The message names the file; the sample stays open and the file is untouched.
    h.get_by_label_contains("坏文件.gpkg");
    assert!(
        h.state()
            .workspace()
            .unwrap()
            .path()
            .ends_with("sample.gpkg")
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "这不是数据库");
    h.get_by_label("关闭").click();
    h.run();
    assert!(h.state().notifications().is_empty());
}
#[test]
fn shift_drag_selects_by_box_and_plain_drag_pans() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_main_floor(&mut h);
    // A box around rooms 212 and 213 (both wholly inside it).
    let (i212, p212) = room_on_screen(&h, "212");
    let (i213, p213) = room_on_screen(&h, "213");
    let from = egui::pos2(p213.x.min(p212.x) - 45.0, p213.y - 60.0);
    let to = egui::pos2(p213.x.max(p212.x) + 45.0, p213.y + 60.0);
    drag(&mut h, from, to, Modifiers::SHIFT);
    let mut selection = h.state().canvas().selection.clone();
    selection.sort_unstable();
    let mut expected = vec![i212, i213];
    expected.sort_unstable();
    assert_eq!(selection, expected);
    // The inspector and the status bar both say so.
    assert_eq!(h.get_all_by_label_contains("已选 2 间").count(), 2);

    // A plain drag pans the plan by the drag's length.
    let before = h.state().canvas().projector().unwrap().offset;
    drag(
        &mut h,
        egui::pos2(700.0, 800.0),
        egui::pos2(760.0, 780.0),
        Modifiers::NONE,
    );
    let after = h.state().canvas().projector().unwrap().offset;
    assert!(
        (after.x - before.x - 60.0).abs() < 1.0,
        "{before:?} → {after:?}"
    );
    assert!(
        (after.y - before.y + 20.0).abs() < 1.0,
        "{before:?} → {after:?}"
    );
}

#[test]
fn the_measure_tool_gives_distance_and_area_in_metres() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_main_floor(&mut h);
    h.get_by_label("量测").click();
    h.run();
    let projector = h.state().canvas().projector().unwrap();
    // Three corners of room 211: (33.0, 8.7), (40.0, 8.7), (40.0, 13.3).
    for (x, y) in [(33.0, 8.7), (40.0, 8.7), (40.0, 13.3)] {
        let at = projector.ui_from_plan(geo::Coord { x, y });
        click_at(&mut h, at, Modifiers::NONE);
    }
    let (distance, area) = h.state().canvas().measurement().unwrap();
    // 7.0 m + 4.6 m along the walls; the triangle is half the room: 16.10 m².
    assert!((distance - 11.6).abs() < 0.05, "{distance}");
    assert!((area.unwrap() - 16.1).abs() < 0.1, "{area:?}");
    h.get_by_label_contains("距离 11.6");
}

#[test]
fn a_large_project_is_checked_in_the_background() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.gpkg");
    let project = officeplan::synth::generate(officeplan::synth::GenerateOptions {
        rooms: 60_000,
        seed: 5,
        large_floor_rooms: 0,
    });
    drop(
        officeplan::store::Store::create(
            &path,
            &project,
            officeplan::store::CreateOptions::default(),
        )
        .unwrap(),
    );
    let mut h = harness(OfficeplanApp::open(&path));
    h.run();
    // A file of 60,000 rooms is opened by a job too.
    ui_support::wait_for_jobs(&mut h);
    h.state_mut().open_floor(0);
    h.run();
    h.state_mut().set_theme(Theme::Compliance);
    assert!(
        h.state().is_checking(),
        "60,000 rooms are checked off the UI thread"
    );
    h.step();
    // The status bar's job (the legend also says the check is running).
    h.get_by_label("正在核定（全部房间与人员）…");
    h.get_by_label("正在核定，完成后按核定结果着色");
    let started = std::time::Instant::now();
    while h.state().is_checking() {
        assert!(started.elapsed().as_secs() < 60, "the check finished");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    assert!(h.state().workspace().unwrap().checked_if_run().is_some());
    // The legend now classes the floor's rooms by the check.
    assert!(
        h.query_by_label("未超标").is_some() || h.query_by_label("超标单位用房").is_some(),
        "the compliance legend has checked classes"
    );
}

#[test]
fn the_units_list_shows_bars_and_jumps_to_a_units_room() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.get_by_label("单位一览（办公室 核定/使用）").click();
    h.run();
    let unit = unit_with_rooms(&h);
    h.get_by_label(&unit.name).click();
    h.run();
    let selected = h.state().selected_rooms();
    assert_eq!(selected.len(), 1);
    assert!(selected[0].units.contains(&unit.uuid));
}

/// A file dropped on the window, as a desktop integration hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_gpkg_on_the_window_opens_it_and_other_files_are_refused() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    // A second project: a copy made with 另存为's code path.
    let other = dir.path().join("另一个项目.gpkg");
    h.state().workspace().unwrap().save_as(&other).unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(other.clone())));
    h.run();
    assert!(
        h.state()
            .workspace()
            .unwrap()
            .path()
            .ends_with("另一个项目.gpkg")
    );
    h.get_by_label("另一个项目.gpkg");

    let text = dir.path().join("说明.txt");
    std::fs::write(&text, "不是项目").unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(text)));
    h.run();
    assert!(
        h.state()
            .workspace()
            .unwrap()
            .path()
            .ends_with("另一个项目.gpkg")
    );
    h.get_by_label_contains("说明.txt");
}
