//! Floors and several rooms edited in the app, driven like a person (issue 12, floors): the
//! navigator's 添加楼层 and floor menu, the copy dialog, and the batch editor of a selection
//! made by shift-clicks on the plan; undo and redo by the keyboard. The file is checked after
//! each step.
//!
//! Numbers come from the sample: 综合办公楼's top floor is 6F (level 6, 标高 18.6 m, 层高
//! 4.2 m, `sample_plans/floors.csv`); 青山镇政府办公楼 3F holds 11 rooms, 301–311, of which 305
//! is a 服务用房 and 306, 307 offices, all 在用 (`plans/青山镇政府办公楼/3F.geojson`).

mod common;
mod ui_support;

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::model::RoomStatus;
use officeplan::store::Store;
use officeplan::ui::OfficeplanApp;
use ui_support::{click_at, room_on_screen, sample_on_floor, serial};

const TOWN: &str = "青山镇政府办公楼";

fn store(h: &Harness<'_, OfficeplanApp>) -> Store {
    Store::open(h.state().workspace().expect("open").path()).expect("store")
}

fn floor_names(h: &Harness<'_, OfficeplanApp>, building: &str) -> Vec<String> {
    let index = store(h).load_index().expect("index");
    let b = index.find_building(building).expect("building");
    index.buildings[b]
        .floors
        .iter()
        .map(|f| index.floors[*f].floor.name.clone())
        .collect()
}

fn keys(h: &mut Harness<'_, OfficeplanApp>, modifiers: Modifiers, key: egui::Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

#[test]
fn a_floor_is_added_from_the_navigator_and_3f_copied_to_a_new_5f() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let mut h = sample_on_floor(&dir, TOWN, "3F");

    // 添加楼层 under the first building of the first compound (综合办公楼): the form proposes
    // the storey above its top floor.
    h.get_all_by_label("＋ 添加楼层")
        .next()
        .expect("a building is open")
        .click();
    h.run();
    assert_eq!(h.get_by_label("楼层名称").value().as_deref(), Some("7F"));
    h.get_by_label("层高（m）").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("层高（m）").type_text("3.9");
    h.run();
    h.get_by_label("确定").click();
    h.run();
    let index = store(&h).load_index().expect("index");
    let seventh = &index.floors[index.find_floor("综合办公楼", "7F").expect("7F added")].floor;
    // 6F: 标高 18.6 + 层高 4.2 = 22.8 m.
    assert_eq!(seventh.level, 7);
    assert!((seventh.elevation_m.expect("elevation") - 22.8).abs() < 1e-9);
    assert_eq!(seventh.storey_height_m, Some(3.9));

    // 青山镇政府办公楼 3F's menu: 复制到其他楼层…, a new 5F typed in.
    let (floor, room) = {
        let w = h.state().workspace().expect("open");
        let f = w.index().find_floor(TOWN, "3F").expect("3F");
        let floor = w.index().floors[f].floor.uuid;
        (floor, h.state().plan().expect("plan").rooms[0].uuid)
    };
    h.state_mut().jump_to(floor, room);
    h.run();
    h.get_by_label_contains("3F（11 间").click_secondary();
    h.run();
    h.get_by_label("复制到其他楼层…").click();
    h.run();
    h.get_by_label("新建楼层").focus();
    h.get_by_label("新建楼层").type_text("5F");
    h.run();
    h.get_by_label_contains("301 → 501");
    h.get_by_label("复制").click();
    h.run();
    assert_eq!(floor_names(&h, TOWN), ["1F", "2F", "3F", "5F"]);
    let index = store(&h).load_index().expect("index");
    let fifth = index.floors[index.find_floor(TOWN, "5F").expect("5F")]
        .floor
        .uuid;
    let copied = store(&h).load_floor_rooms(&fifth).expect("rooms");
    assert_eq!(copied.len(), 11);
    assert_eq!(copied[0].number, "501");
    assert_eq!(copied[10].number, "511");

    keys(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(floor_names(&h, TOWN), ["1F", "2F", "3F"]);
    keys(&mut h, Modifiers::COMMAND, egui::Key::Y);
    assert_eq!(floor_names(&h, TOWN), ["1F", "2F", "3F", "5F"]);
}

#[test]
fn three_rooms_are_set_idle_with_a_date_and_undone() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let mut h = sample_on_floor(&dir, TOWN, "3F");
    let mut chosen = Vec::new();
    for (k, number) in ["305", "306", "307"].into_iter().enumerate() {
        let (i, pos) = room_on_screen(&h, number);
        let held = if k == 0 {
            Modifiers::NONE
        } else {
            Modifiers::SHIFT
        };
        click_at(&mut h, pos, held);
        chosen.push(h.state().plan().expect("plan").rooms[i].uuid);
    }
    assert_eq!(h.state().selected_rooms().len(), 3);
    h.get_by_label("批量修改");

    h.get_by_label("状态").click();
    h.run();
    h.get_all_by_label("闲置")
        .last()
        .expect("闲置 offered")
        .click();
    h.run();
    // Without its date, 闲置 is not written.
    h.get_by_label_contains("设为闲置需要填写闲置起始日期");
    h.get_by_label("状态日期").focus();
    h.get_by_label("状态日期").type_text("2026-03-01");
    h.run();
    h.get_by_label("应用到 3 间房间").click();
    h.run();
    let read = |h: &Harness<'_, OfficeplanApp>| {
        let s = store(h);
        chosen
            .iter()
            .map(|u| {
                let r = s.load_room(u).expect("load").expect("room");
                (r.status, r.status_since)
            })
            .collect::<Vec<_>>()
    };
    let idle = (RoomStatus::Idle, Some("2026-03-01".to_owned()));
    assert_eq!(read(&h), vec![idle.clone(), idle.clone(), idle.clone()]);

    keys(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert!(read(&h).iter().all(|(s, _)| *s == RoomStatus::InUse));
    keys(&mut h, Modifiers::COMMAND, egui::Key::Y);
    assert_eq!(read(&h), vec![idle.clone(), idle.clone(), idle]);
}

/// One room set 闲置 in the inspector: 应用 waits for the 状态日期, which is written with the
/// status and undone with it.
#[test]
fn one_room_set_idle_in_the_inspector_needs_its_date() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let mut h = sample_on_floor(&dir, TOWN, "3F");
    let (i, pos) = room_on_screen(&h, "305");
    click_at(&mut h, pos, Modifiers::NONE);
    let uuid = h.state().plan().expect("plan").rooms[i].uuid;
    h.get_by_label("状态").click();
    h.run();
    h.get_all_by_label("闲置")
        .last()
        .expect("闲置 offered")
        .click();
    h.run();
    h.get_by_label_contains("设为闲置需要填写闲置起始日期");
    h.get_by_label("状态日期").focus();
    h.get_by_label("状态日期").type_text("2026-02-30");
    h.run();
    h.get_by_label_contains("日期 2026-02-30 无效");
    h.get_by_label("状态日期").focus();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("状态日期").type_text("2026-02-28");
    h.run();
    h.get_by_label("应用").click();
    h.run();
    let read = |h: &Harness<'_, OfficeplanApp>| {
        let r = store(h).load_room(&uuid).expect("load").expect("room");
        (r.status, r.status_since)
    };
    assert_eq!(read(&h), (RoomStatus::Idle, Some("2026-02-28".to_owned())));
    keys(&mut h, Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(read(&h), (RoomStatus::InUse, None));
}

/// A building's row offers its buttons by right-click too: ＋ 添加楼层 opens the floor form
/// with the next floor proposed (the sample's 综合办公楼 has B1–6F).
#[test]
fn a_building_row_right_click_adds_a_floor() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let mut h = sample_on_floor(&dir, "综合办公楼", "3F");
    let buttons: Vec<egui::Rect> = h
        .get_all_by_label("＋ 添加楼层")
        .map(|n| n.rect())
        .collect();
    // A right-click with the pointer on the row.
    let at = h.get_by_label_contains("综合办公楼（").rect().center();
    h.hover_at(at);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    // The menu's item is the one that was not there before the right-click.
    h.get_all_by_label("＋ 添加楼层")
        .find(|n| !buttons.contains(&n.rect()))
        .expect("the menu offers it")
        .click();
    h.run();
    assert_eq!(h.get_by_label("楼层名称").value().as_deref(), Some("7F"));
}
