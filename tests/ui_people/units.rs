//! Units, persons and baseline seats in the app, by labels and pointer events: a unit with
//! posts shows its approved area as it is typed; a person gets a concurrent post; a unit
//! dragged onto two idle rooms of the baseline holds them, and undo gives them back.
//!
//! Numbers: the 2014 standard's county column (assets/standards/cn-2014.toml
//! `[office.county]`: 正科级 18 m², 副科级 12 m², 科级以下 9 m²); the sample's 县信访局 uses
//! 60.40 m² of offices (README problem 8).

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::model::{Grade, RoomStatus};
use officeplan::ui::OfficeplanApp;

use crate::ui_support::{
    can_render, click, drag, harness_sized, open_sample, room_on_screen, serial, type_into,
};

fn open_people(h: &mut Harness<'_, OfficeplanApp>) {
    click(h, "视图");
    click(h, "使用单位与人员");
    h.run_steps(8);
}

fn office_of(h: &mut Harness<'_, OfficeplanApp>, name: &str) -> (f64, f64) {
    let w = h.state_mut().workspace_mut().expect("open");
    let checked = w.checked().expect("check");
    let i = checked
        .project
        .units
        .iter()
        .position(|u| u.name == name)
        .expect("unit");
    let c = checked
        .compliance
        .units
        .iter()
        .find(|c| c.unit == i)
        .expect("compliance");
    (c.office.approved_m2, c.office.used_m2)
}

#[test]
fn a_unit_with_posts_shows_its_approved_area_as_typed_and_is_saved() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_people(&mut h);
    click(&mut h, "＋ 新增单位");
    type_into(&mut h, "单位名称", "县地方志办");
    type_into(&mut h, "正科级", "1");
    type_into(&mut h, "科级以下", "2");
    // 18 + 2 × 9 = 36 m², before anything is saved.
    assert!(
        h.query_by_label("36.00").is_some(),
        "the approved office area is worked out as typed"
    );
    type_into(&mut h, "副科级", "1");
    assert!(h.query_by_label("48.00").is_some(), "+ 12 m² for 副科级");
    if can_render() {
        h.snapshot("people_units_panel");
    }
    click(&mut h, "保存");
    let (approved, used) = office_of(&mut h, "县地方志办");
    assert_eq!((approved, used), (48.0, 0.0));
    let o = h
        .state()
        .workspace()
        .expect("open")
        .organisation()
        .expect("org");
    let unit = o
        .units
        .iter()
        .find(|u| u.name == "县地方志办")
        .expect("saved");
    assert_eq!(unit.posts.get(&Grade::SectionChief), Some(&1));
    assert_eq!(unit.posts.get(&Grade::Clerk), Some(&2));
    // Undo takes the unit away again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let o = h
        .state()
        .workspace()
        .expect("open")
        .organisation()
        .expect("org");
    assert!(o.units.iter().all(|u| u.name != "县地方志办"));
}

#[test]
fn a_person_gets_a_concurrent_post_with_its_term_and_approval() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_people(&mut h);
    type_into(&mut h, "筛选单位", "审计");
    click(&mut h, "县审计局");
    click(&mut h, "＋ 新增人员");
    h.run_steps(8);
    let form = || (Role::Window, "新增人员");
    h.get_by_role_and_label(form().0, form().1)
        .get_by_label("姓名")
        .focus();
    h.run();
    h.get_by_role_and_label(form().0, form().1)
        .get_by_label("姓名")
        .type_text("王小林");
    h.run();
    h.get_by_role_and_label(form().0, form().1)
        .get_by_label("职务级别（标准行）")
        .click();
    h.run();
    // The grade and the standard row it reads for a county organ, side by side.
    // The list of the unit's persons may name the grade too: take the popup's choice.
    h.get_by_role_and_label(Role::Button, "乡科级副职（副科级 12 m²）")
        .click();
    h.run();
    // A new row sizes its grid over a few frames.
    for label in ["＋ 兼职", "兼职单位", "县委办公室"] {
        h.get_by_label(label).click();
        h.run_steps(8);
    }
    type_into(&mut h, "自", "2025-01-01");
    type_into(&mut h, "第二处办公用房审批文号", "县委办〔2025〕7号");
    type_into(&mut h, "审批日期", "2025-01-10");
    if can_render() {
        h.snapshot("people_person_form");
    }
    h.get_by_role_and_label(form().0, form().1)
        .get_by_label("保存")
        .click();
    h.run();
    let o = h
        .state()
        .workspace()
        .expect("open")
        .organisation()
        .expect("org");
    let p = o
        .persons
        .iter()
        .find(|p| p.name == "王小林")
        .expect("saved");
    let stats = o
        .units
        .iter()
        .find(|u| u.name == "县委办公室")
        .expect("unit");
    assert_eq!(p.grade, Grade::SectionDeputy);
    assert_eq!(p.concurrent.len(), 1);
    assert_eq!(p.concurrent[0].unit, stats.uuid);
    assert_eq!(p.concurrent[0].start.as_deref(), Some("2025-01-01"));
    assert_eq!(p.second_office_approval, "县委办〔2025〕7号");
    assert_eq!(p.second_office_approval_date.as_deref(), Some("2025-01-10"));
    let log = h
        .state()
        .workspace()
        .expect("open")
        .history(1)
        .expect("log");
    assert_eq!(log[0].action, "add_person");
}

#[test]
fn a_unit_dragged_onto_two_idle_rooms_of_the_baseline_holds_them_and_undo_gives_them_back() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    // A tall window, so that the units list is on screen down to 县信访局.
    let path = crate::common::sample_file(dir.path());
    let mut h = harness_sized(OfficeplanApp::open(&path), [1500.0, 1700.0]);
    h.run();
    let floor = h
        .state()
        .workspace()
        .expect("open")
        .index()
        .find_floor("部门办公楼", "4F")
        .expect("4F");
    h.state_mut().open_floor(floor);
    h.run();
    h.get_by_label("单位一览（办公室 核定/使用）").click();
    h.run();
    let (_, before) = office_of(&mut h, "县信访局");
    assert!((before - 60.40).abs() < 0.005, "{before}");
    let idle: Vec<(String, f64)> = {
        let plan = h.state().plan().expect("floor");
        plan.rooms
            .iter()
            .zip(&plan.areas)
            .filter(|(r, _)| {
                r.status == RoomStatus::Idle
                    && r.units.is_empty()
                    && r.category == officeplan::model::RoomCategory::Office
            })
            .map(|(r, a)| (r.number.clone(), *a))
            .take(2)
            .collect()
    };
    assert_eq!(idle.len(), 2, "4F has two idle offices");
    // The unit's name in the list (once a room is selected the inspector names it too).
    let from: Pos2 = h.get_by_label("县信访局").rect().center();
    for (number, _) in &idle {
        let (_, at) = room_on_screen(&h, number);
        drag(&mut h, from, at, Modifiers::NONE);
    }
    let unit = h
        .state()
        .workspace()
        .expect("open")
        .units()
        .iter()
        .find(|u| u.name == "县信访局")
        .expect("unit")
        .uuid;
    for (number, _) in &idle {
        let plan = h.state().plan().expect("floor");
        let room = plan
            .rooms
            .iter()
            .find(|r| &r.number == number)
            .expect("room");
        assert_eq!(
            room.units,
            vec![unit],
            "{number} is the unit's in the baseline"
        );
        assert_eq!(room.status, RoomStatus::InUse);
    }
    let added: f64 = idle.iter().map(|(_, a)| a).sum();
    let (_, after) = office_of(&mut h, "县信访局");
    assert!((after - (before + added)).abs() < 0.005, "{after}");
    // The notice names the baseline.
    assert!(h.query_all_by_label_contains("（基准）").count() >= 1);
    let log = h
        .state()
        .workspace()
        .expect("open")
        .history(2)
        .expect("log");
    assert!(log.iter().all(|l| l.action == "assign_rooms"));
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    let (_, undone) = office_of(&mut h, "县信访局");
    assert!((undone - before).abs() < 0.005, "{undone}");
    for (number, _) in &idle {
        let plan = h.state().plan().expect("floor");
        let room = plan
            .rooms
            .iter()
            .find(|r| &r.number == number)
            .expect("room");
        assert!(room.units.is_empty());
        assert_eq!(room.status, RoomStatus::Idle, "the idle status comes back");
    }
}
