//! Issue 12's headline path in the app, by labels and pointer events only, from nothing:
//! 新建项目 → region 示范区 with its code → a compound → a building with 建设年代, 权属 and
//! 总建筑面积 → floors 1F–4F → 导入 DXF… of the sample's 综合办公楼 6F drawing onto 3F → a
//! room drawn by typed size (6 × 4.5) on 4F → three rooms set 闲置 with a date → every step
//! undone and redone → `summary` and `report` of the file.
//!
//! Sources of the expected numbers: the drawing's 14 rooms are the sample's surveyed plan
//! `sample_plans/plans/综合办公楼/6F.geojson` (437.94 m² 使用面积; 605 = 19.04, 609 = 15.64,
//! 611 = 7.36 m², see tests/county_path_cli.rs for the same figures computed from it); the
//! drawn room is 6 × 4.5 = 27.00 m².

mod common;
mod ui_support;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use geo::Coord;
use officeplan::analysis::room_area;
use officeplan::model::{Coded as _, RoomStatus};
use officeplan::store::Store;
use officeplan::ui::OfficeplanApp;
use ui_support::{click, click_at, harness, room_on_screen, serial, type_into, wait_for_jobs};

/// What the file holds, as a planner would count it: compounds, buildings with their typed
/// fields, floors, rooms, 使用面积 (to 0.01 m²) and the idle rooms with their dates.
#[derive(Clone, Debug, PartialEq)]
struct Inventory {
    sites: Vec<String>,
    buildings: Vec<(String, Option<i32>, Option<f64>, String)>,
    floors: Vec<String>,
    rooms: usize,
    area_cm2: i64,
    idle: Vec<(String, Option<String>)>,
}

fn inventory(path: &std::path::Path) -> Inventory {
    let project = Store::open(path)
        .expect("the file opens")
        .load_project()
        .expect("the file loads");
    let mut floors: Vec<String> = project.floors.iter().map(|f| f.name.clone()).collect();
    floors.sort();
    let mut idle: Vec<(String, Option<String>)> = project
        .rooms
        .iter()
        .filter(|r| r.status == RoomStatus::Idle)
        .map(|r| {
            (
                r.number.clone(),
                r.status_since.as_ref().map(|d| d.to_string()),
            )
        })
        .collect();
    idle.sort();
    Inventory {
        sites: project.sites.iter().map(|s| s.name.clone()).collect(),
        buildings: project
            .buildings
            .iter()
            .map(|b| {
                (
                    b.name.clone(),
                    b.year_built,
                    b.gross_area_m2,
                    b.title_status.code().to_owned(),
                )
            })
            .collect(),
        floors,
        rooms: project.rooms.len(),
        area_cm2: project
            .rooms
            .iter()
            .map(|r| (room_area(&r.polygon) * 10_000.0).round() as i64)
            .sum::<i64>()
            / 100,
        idle,
    }
}

/// Opens a floor of the only building by its row in the navigator.
fn open_floor_row(h: &mut Harness<'_, OfficeplanApp>, floor: &str) {
    h.get_by_label_contains(&format!("{floor}（")).click();
    h.run();
    wait_for_jobs(h);
}

#[test]
fn a_county_inventory_from_nothing_by_labels_and_pointer_events() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let mut h = harness(OfficeplanApp::empty());
    h.run();

    // 新建项目: the wizard writes the file named after the region and opens it.
    click(&mut h, "文件");
    click(&mut h, "新建项目…");
    type_into(&mut h, "行政区划名称", "示范区");
    type_into(&mut h, "统计用区划代码（12 位）", "429999000000");
    type_into(&mut h, "统计截止日期", "2026-09-30");
    type_into(&mut h, "保存位置", dir.path().to_str().expect("utf-8"));
    click(&mut h, "创建");
    wait_for_jobs(&mut h);
    let path = dir.path().join("示范区.gpkg");
    assert!(path.exists(), "{:?}", h.state().notifications());

    // After each step, what the file holds: undo walks back through these, redo forward.
    let mut states = vec![inventory(&path)];

    click(&mut h, "添加院落");
    type_into(&mut h, "院落名称", "城关院");
    type_into(&mut h, "地址坐落", "示范区人民路1号");
    click(&mut h, "保存");
    states.push(inventory(&path));

    click(&mut h, "添加楼栋");
    type_into(&mut h, "楼栋名称", "综合楼");
    type_into(&mut h, "建设年代", "1998");
    type_into(&mut h, "总建筑面积", "4200");
    click(&mut h, "权属登记情况");
    click(&mut h, "已登记");
    click(&mut h, "保存");
    states.push(inventory(&path));
    assert_eq!(
        states[2].buildings,
        [(
            "综合楼".to_owned(),
            Some(1998),
            Some(4200.0),
            "registered".to_owned()
        )]
    );

    for floor in ["1F", "2F", "3F", "4F"] {
        h.get_all_by_label("＋ 添加楼层")
            .next()
            .expect("the building is open in the navigator")
            .click();
        h.run();
        type_into(&mut h, "楼层名称", floor);
        click(&mut h, "确定");
        states.push(inventory(&path));
    }
    assert_eq!(
        states.last().expect("states").floors,
        ["1F", "2F", "3F", "4F"]
    );

    // 导入 DXF… onto 3F, shown in the plan.
    open_floor_row(&mut h, "3F");
    click(&mut h, "文件");
    click(&mut h, "导入 DXF…");
    type_into(
        &mut h,
        "文件路径",
        "sample_plans/drawings/综合办公楼/6F.dxf",
    );
    click(&mut h, "读取图层");
    wait_for_jobs(&mut h);
    click(&mut h, "预览");
    wait_for_jobs(&mut h);
    click(&mut h, "导入");
    wait_for_jobs(&mut h);
    states.push(inventory(&path));
    let imported = states.last().expect("states");
    assert_eq!(imported.rooms, 14, "{:?}", h.state().notifications());
    assert_eq!(imported.area_cm2, 43_794);

    // A 6 × 4.5 m room by typed size on the empty 4F.
    open_floor_row(&mut h, "4F");
    assert!(h.state().plan().expect("4F shown").rooms.is_empty());
    type_into(&mut h, "矩形 宽×高", "6 × 4.5");
    let corner = h
        .state()
        .canvas()
        .projector()
        .expect("an empty floor gets a view")
        .ui_from_plan(Coord { x: 0.0, y: 0.0 });
    click_at(&mut h, corner, Modifiers::NONE);
    states.push(inventory(&path));
    assert_eq!(states.last().expect("states").rooms, 15);
    // The first room of 4F is numbered by its floor; a drawn room is 闲置 from today.
    assert_eq!(h.state().plan().expect("4F").rooms[0].number, "401");
    assert_eq!(states.last().expect("states").area_cm2, 43_794 + 2_700);

    // Three rooms of 3F selected by clicks (shift adds) with the 选择 tool (the rectangle
    // tool stays on after a typed room, to place more of the same size) and set 闲置 since
    // 2026-03-01.
    click(&mut h, "选择");
    open_floor_row(&mut h, "3F");
    for (k, number) in ["605", "609", "611"].into_iter().enumerate() {
        let (_, pos) = room_on_screen(&h, number);
        let held = if k == 0 {
            Modifiers::NONE
        } else {
            Modifiers::SHIFT
        };
        click_at(&mut h, pos, held);
    }
    assert_eq!(h.state().selected_rooms().len(), 3);
    click(&mut h, "状态");
    h.get_all_by_label("闲置")
        .last()
        .expect("闲置 offered")
        .click();
    h.run();
    type_into(&mut h, "状态日期", "2026-03-01");
    click(&mut h, "应用到 3 间房间");
    states.push(inventory(&path));
    let last = states.last().expect("states").clone();
    let idle_since_march: Vec<_> = last
        .idle
        .iter()
        .filter(|(_, since)| since.as_deref() == Some("2026-03-01"))
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(idle_since_march, ["605", "609", "611"]);

    // Every step undone, newest first, the file as it was before it; then all redone.
    let steps = states.len() - 1;
    assert_eq!(
        steps, 9,
        "compound, building, four floors, import, drawing, 闲置"
    );
    for k in (0..steps).rev() {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_eq!(inventory(&path), states[k], "undo of step {}", k + 1);
    }
    for (k, state) in states.iter().enumerate().skip(1) {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
        h.run();
        assert_eq!(inventory(&path), *state, "redo of step {k}");
    }

    // `summary` counts and areas; `report` carries the building's typed fields.
    let sum = common::summary(&path);
    assert_eq!(sum["rooms"], 15);
    assert_eq!(sum["room_area_m2"], 464.94);
    // Idle: 605, 609, 611 (42.04 m²) and the drawn 401 (27.00 m²).
    assert_eq!(sum["by_status"]["idle"]["rooms"], 4);
    assert_eq!(sum["by_status"]["idle"]["area_m2"], 69.04);
    let csv = dir.path().join("report");
    common::officeplan_ok(&[
        "report",
        path.to_str().expect("utf-8"),
        "--csv",
        csv.to_str().expect("utf-8"),
    ]);
    let table = std::fs::read_to_string(csv.join("办公用房信息.csv")).expect("table");
    let row = table
        .lines()
        .find(|l| l.contains("示范区人民路1号"))
        .unwrap_or_else(|| panic!("a row for 综合楼 in {table}"));
    for wanted in ["4200.00", "已登记", "1998"] {
        assert!(
            row.split(',').any(|f| f == wanted),
            "{wanted} missing from {row}"
        );
    }
}
