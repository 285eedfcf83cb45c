//! Planning in the window, driven like a person (issue #5): a scenario is made from the
//! panel, a unit dragged from the units list onto an idle room with real pointer events, the
//! numbers checked against a hand computation, undo; a unit block dragged on the stack plan.

mod common;
mod ui_support;

use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::model::Uuid;
use officeplan::ui::{CentreView, OfficeplanApp};
use ui_support::{can_render, drag, harness_sized, room_on_screen, serial};

/// The sample in a tall window (so that the units list is on screen), with a scenario made
/// through the panel.
fn sample_with_scenario(dir: &tempfile::TempDir) -> Harness<'static, OfficeplanApp> {
    let path = common::sample_file(dir.path());
    let mut h = harness_sized(OfficeplanApp::open(&path), [1500.0, 1700.0]);
    h.run();
    h.get_by_label("新方案名称").focus();
    h.get_by_label("新方案名称").type_text("信访局调整");
    h.run();
    h.get_by_label("新建方案").click();
    h.run();
    assert!(h.state().workspace().unwrap().active_scenario().is_some());
    h
}

fn open_floor(h: &mut Harness<'_, OfficeplanApp>, building: &str, floor: &str) {
    let f = h
        .state()
        .workspace()
        .unwrap()
        .index()
        .find_floor(building, floor)
        .unwrap();
    h.state_mut().open_floor(f);
    h.run();
}

/// 县信访局's office figures in the state shown: (used, approved, excess, over).
fn petitions(h: &Harness<'_, OfficeplanApp>) -> (f64, f64, f64, bool) {
    let checked = h.state().workspace().unwrap().checked_if_run().unwrap();
    let i = checked
        .project
        .units
        .iter()
        .position(|u| u.name == "县信访局")
        .unwrap();
    let c = &checked.compliance.units[i];
    (
        c.office.used_m2,
        c.office.approved_m2,
        c.office.excess_m2,
        c.over,
    )
}

fn unit_uuid(h: &Harness<'_, OfficeplanApp>, name: &str) -> Uuid {
    h.state()
        .workspace()
        .unwrap()
        .units()
        .iter()
        .find(|u| u.name == name)
        .unwrap()
        .uuid
}

#[test]
fn drag_a_unit_from_the_units_list_onto_an_idle_room_then_undo() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_with_scenario(&dir);
    open_floor(&mut h, "部门办公楼", "4F");
    h.get_by_label("单位一览（办公室 核定/使用）").click();
    h.run();
    // Before: 县信访局 uses 60.40 m² of offices (README problem 8: 17.60 + 15.60 + 15.60 +
    // 11.60) against 75 approved (18 × 1 + 12 × 1 + 9 × 5): within.
    let (used, approved, excess, over) = petitions(&h);
    assert!((used - 60.40).abs() < 0.005 && (approved - 75.0).abs() < 1e-9);
    assert_eq!((excess, over), (0.0, false));
    let (i405, at405) = room_on_screen(&h, "405");
    assert!(h.state().plan().unwrap().rooms[i405].units.is_empty());
    let file = h.state().workspace().unwrap().path().to_path_buf();

    // Drag the unit's name from the list onto idle room 405 (17.92 m²).
    let from: Pos2 = h.get_by_label("县信访局").rect().center();
    drag(&mut h, from, at405, Modifiers::NONE);

    let unit = unit_uuid(&h, "县信访局");
    let room = &h.state().plan().unwrap().rooms[i405];
    assert_eq!(room.units, vec![unit], "405 shows 县信访局");
    assert_eq!(room.status, officeplan::model::RoomStatus::InUse);
    // After: 60.40 + 17.92 = 78.32 m² against 75: 3.32 m² over.
    let (used, _, excess, over) = petitions(&h);
    assert!((used - 78.32).abs() < 0.005, "{used}");
    assert!((excess - 3.32).abs() < 0.005, "{excess}");
    assert!(over);
    // The units list's bar says so (its hover text carries the numbers), and the plan's
    // compliance colours follow from the same check.
    let context = h.state().workspace().unwrap().theme_context();
    assert_eq!(
        context.compliance_class(room),
        officeplan::view::ComplianceClass::Over
    );
    // The baseline file is untouched: 405 is still idle there.
    let on_disk = officeplan::store::Store::open(&file)
        .unwrap()
        .load_room(&room.uuid)
        .unwrap()
        .unwrap();
    assert!(on_disk.units.is_empty());
    // The status bar shows the scenario's figures.
    h.get_by_label_contains("方案“信访局调整”：1 步");

    // Undo restores all of it.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let room = &h.state().plan().unwrap().rooms[i405];
    assert!(room.units.is_empty());
    assert_eq!(room.status, officeplan::model::RoomStatus::Idle);
    let (used, _, excess, over) = petitions(&h);
    assert!((used - 60.40).abs() < 0.005);
    assert_eq!((excess, over), (0.0, false));
    h.get_by_label_contains("方案“信访局调整”：0 步");
}

/// Drags `unit`'s block on floor `from` of the stack plan onto floor `to`'s row.
fn drag_block(h: &mut Harness<'_, OfficeplanApp>, unit: Uuid, from: Uuid, to: Uuid) {
    let stack = h.state().stack_plan();
    let block = stack
        .block_rects
        .iter()
        .find(|(u, f, _)| *u == unit && *f == from)
        .unwrap()
        .2;
    let row = stack.row_rects.iter().find(|(f, _)| *f == to).unwrap().1;
    drag(
        h,
        block.center(),
        row.center() + egui::vec2(0.0, 2.0),
        Modifiers::NONE,
    );
}

#[test]
fn drag_a_unit_block_on_the_stack_plan_to_another_floor() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_with_scenario(&dir);
    h.state_mut().set_centre(CentreView::Stack);
    h.run();
    let unit = unit_uuid(&h, "县信访局");
    let index = h.state().workspace().unwrap().index().clone();
    let floor = |b: &str, f: &str| index.floors[index.find_floor(b, f).unwrap()].floor.uuid;
    let (old1f, dept4f) = (floor("城东老办公楼", "1F"), floor("部门办公楼", "4F"));
    // 县信访局's block on 城东老办公楼 1F, dropped on 部门办公楼 4F's row.
    drag_block(&mut h, unit, old1f, dept4f);

    // Its 1F rooms (offices 17.60 + 15.60 + 15.60 + 11.60, reception 33.60, mediation 16.32
    // = 110.32 m²) need 110.32 m² of the idle rooms of 4F: 405, 412 (文印室), 413, 414,
    // 415 hold only 17.92 + 15.64 + 14.72 + 15.64 + 15.64 = 79.56 m², so nothing moves and
    // the planner is told.
    let w = h.state().workspace().unwrap();
    assert_eq!(w.active_scenario().unwrap().moves.len(), 0);
    assert!(
        h.state()
            .notifications()
            .iter()
            .any(|(m, error)| *error && m.contains("79.56")),
        "{:?}",
        h.state().notifications()
    );

    // 县统计局's block on 城东老办公楼 2F (18.72 + 17.76 + 17.60 + 15.60 + archive 13.60 =
    // 83.28 m²) fits into 行政服务中心主楼 2F's idle rooms (207 19.04, 208 20.16, 209 17.92,
    // 211 15.64, 212 16.56 = 89.32 m²).
    let stats = unit_uuid(&h, "县统计局");
    let (old2f, centre2f) = (floor("城东老办公楼", "2F"), floor("行政服务中心主楼", "2F"));
    h.run();
    drag_block(&mut h, stats, old2f, centre2f);
    // The target picker opens with the best fit ticked; confirming moves the unit.
    h.run_steps(8);
    ui_support::click(&mut h, "按所选房间搬迁");
    let w = h.state().workspace().unwrap();
    let active = w.active_scenario().unwrap();
    assert_eq!(active.moves.len(), 1);
    assert_eq!(
        active.moves[0].kind,
        officeplan::planning::MoveKind::Relocate
    );
    let checked = w.checked_if_run().unwrap();
    let on = |floor: Uuid| -> f64 {
        checked
            .project
            .rooms
            .iter()
            .enumerate()
            .filter(|(_, r)| r.floor == floor && r.units.contains(&stats))
            .map(|(i, _)| checked.area(i))
            .sum()
    };
    assert_eq!(on(old2f), 0.0);
    // The best fit takes all five idle rooms: 89.32 m² (no four reach 83.28).
    assert!((on(centre2f) - 89.32).abs() < 0.005, "{}", on(centre2f));
    if can_render() {
        h.snapshot("stack_plan_scenario");
    }
    // The plan view shows the same: 行政服务中心主楼 2F's room 208 now belongs to 县统计局,
    // and the rooms the scenario changes are outlined.
    h.state_mut().set_centre(CentreView::Plan);
    open_floor(&mut h, "行政服务中心主楼", "2F");
    let (i208, _) = room_on_screen(&h, "208");
    assert_eq!(h.state().plan().unwrap().rooms[i208].units, vec![stats]);
    assert!(
        h.state()
            .canvas()
            .moved
            .contains(&h.state().plan().unwrap().rooms[i208].uuid)
    );
    if can_render() {
        h.snapshot("plan_scenario_diff");
    }
}

#[test]
fn selected_rooms_drag_as_a_group_and_a_person_drags_to_another_room() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_with_scenario(&dir);
    open_floor(&mut h, "部门办公楼", "4F");
    let education = unit_uuid(&h, "县教育局");
    // 416 (x 18.0–21.9) and 417 (13.9–17.8) of 县教育局, moved 8.4 m to the right, land in
    // idle 414 (25.7–29.1) and 415 (22.1–25.5) (sample_plans/plans/部门办公楼/4F.geojson).
    let (i416, p416) = room_on_screen(&h, "416");
    let (i417, p417) = room_on_screen(&h, "417");
    ui_support::click_at(&mut h, p416, Modifiers::NONE);
    ui_support::click_at(&mut h, p417, Modifiers::SHIFT);
    let projector = h.state().canvas().projector().unwrap();
    let shift = projector.ui_from_plan(geo::Coord { x: 8.4, y: 0.0 })
        - projector.ui_from_plan(geo::Coord { x: 0.0, y: 0.0 });
    drag(&mut h, p416, p416 + shift, Modifiers::NONE);
    let plan = h.state().plan().unwrap().clone();
    let number = |i: usize| plan.rooms[i].number.clone();
    let holds = |n: &str| {
        plan.rooms
            .iter()
            .find(|r| r.number == n)
            .unwrap()
            .units
            .clone()
    };
    assert_eq!(
        (number(i416), number(i417)),
        ("416".to_owned(), "417".to_owned())
    );
    assert_eq!(holds("414"), vec![education]);
    assert_eq!(holds("415"), vec![education]);
    assert!(holds("416").is_empty() && holds("417").is_empty());

    // A person of 县教育局 (the first seated in 401–404), dragged from the inspector onto
    // idle 405.
    let (number, person) = ["401", "402", "403", "404"]
        .iter()
        .find_map(|n| {
            let room = plan.rooms.iter().find(|r| r.number == *n)?.uuid;
            let occupants = h.state_mut().workspace_mut()?.room_occupants(&room).ok()?;
            Some((*n, occupants.first()?.clone()))
        })
        .expect("someone of 县教育局 sits on 4F");
    let (_, at) = room_on_screen(&h, number);
    ui_support::click_at(&mut h, at, Modifiers::NONE);
    let from = h.get_by_label_contains(&person.name).rect().center();
    let (_, p405) = room_on_screen(&h, "405");
    drag(&mut h, from, p405, Modifiers::NONE);
    let checked = h.state().workspace().unwrap().checked_if_run().unwrap();
    let p = checked.person_index(&person.person).unwrap();
    let room405 = plan.rooms.iter().find(|r| r.number == "405").unwrap().uuid;
    assert_eq!(checked.project.persons[p].rooms, vec![room405]);
    // Two moves in the scenario: the group and the person.
    assert_eq!(
        h.state()
            .workspace()
            .unwrap()
            .active_scenario()
            .unwrap()
            .moves
            .len(),
        2
    );
}

/// The stack plan's target picker (issue #13): a block dropped on a floor of another
/// building lists that floor's idle rooms pre-ticked by the best fit; the planner changes
/// the ticks by clicking them and confirms; the unit moves into exactly the rooms ticked.
#[test]
fn a_dropped_block_moves_into_the_rooms_ticked_in_the_target_picker() {
    use egui::accesskit::Role;
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_with_scenario(&dir);
    h.state_mut().set_centre(CentreView::Stack);
    h.run();
    let stats = unit_uuid(&h, "县统计局");
    let index = h.state().workspace().unwrap().index().clone();
    let floor = |b: &str, f: &str| index.floors[index.find_floor(b, f).unwrap()].floor.uuid;
    // 县统计局 from 城东老办公楼 2F onto 行政服务中心主楼 2F (another building), whose idle
    // rooms are 207 (19.04), 208 (20.16), 209 (17.92), 211 (15.64), 212 (16.56).
    let (old2f, centre2f) = (floor("城东老办公楼", "2F"), floor("行政服务中心主楼", "2F"));
    drag_block(&mut h, stats, old2f, centre2f);
    h.run_steps(8);
    h.get_by_role_and_label(Role::Window, "选择目标房间");
    let pending = h.state().target_picker().pending().unwrap().clone();
    let listed: Vec<&str> = pending.rooms.iter().map(|c| c.number.as_str()).collect();
    // Largest first, each with its 使用面积 and status.
    assert_eq!(listed, ["208", "207", "209", "212", "211"]);
    h.get_by_label_contains("20.16 m²");
    // The ticks are the best fit's.
    let checked = h.state().workspace().unwrap().checked_if_run().unwrap();
    let (_, fit) = officeplan::planning::relocate(
        &checked,
        officeplan::model::today(),
        stats,
        &old2f,
        &centre2f,
    )
    .unwrap();
    drop(checked);
    let ticked: Vec<Uuid> = pending
        .rooms
        .iter()
        .filter(|c| c.ticked)
        .map(|c| c.room)
        .collect();
    let mut fitted = fit.rooms.clone();
    fitted.sort();
    let mut sorted = ticked.clone();
    sorted.sort();
    assert_eq!(sorted, fitted);
    // Untick every ticked room but the largest, then tick 211: by clicking the tick boxes.
    let numbers: Vec<String> = pending
        .rooms
        .iter()
        .filter(|c| c.ticked)
        .skip(1)
        .map(|c| c.number.clone())
        .collect();
    for n in &numbers {
        h.get_by_role_and_label(Role::CheckBox, n).click();
        h.run();
    }
    let ticked_now = |h: &Harness<'_, OfficeplanApp>, n: &str| {
        h.state()
            .target_picker()
            .pending()
            .unwrap()
            .rooms
            .iter()
            .any(|c| c.number == n && c.ticked)
    };
    if !ticked_now(&h, "211") {
        h.get_by_role_and_label(Role::CheckBox, "211").click();
        h.run();
    }
    assert!(ticked_now(&h, "211"));
    let chosen: Vec<Uuid> = h
        .state()
        .target_picker()
        .pending()
        .unwrap()
        .rooms
        .iter()
        .filter(|c| c.ticked)
        .map(|c| c.room)
        .collect();
    let first = pending.rooms.iter().find(|c| c.ticked).unwrap();
    let r211 = pending.rooms.iter().find(|c| c.number == "211").unwrap();
    let mut expected = vec![first.room, r211.room];
    expected.sort();
    expected.dedup();
    let mut got = chosen.clone();
    got.sort();
    assert_eq!(got, expected);
    // The summary follows the ticks: persons over before → after.
    h.get_by_label_contains("搬迁人员中超标");
    ui_support::click(&mut h, "按所选房间搬迁");
    assert!(h.state().target_picker().pending().is_none());
    let w = h.state().workspace().unwrap();
    assert_eq!(w.active_scenario().unwrap().moves.len(), 1);
    let checked = w.checked_if_run().unwrap();
    let mut held: Vec<Uuid> = checked
        .project
        .rooms
        .iter()
        .filter(|r| r.floor == centre2f && r.units.contains(&stats))
        .map(|r| r.uuid)
        .collect();
    held.sort();
    assert_eq!(held, expected);
    // Nothing of 县统计局 is left on 城东老办公楼 2F, and its persons sit in the rooms ticked.
    assert!(
        !checked
            .project
            .rooms
            .iter()
            .any(|r| r.floor == old2f && r.units.contains(&stats))
    );
    for p in checked.project.persons.iter().filter(|p| p.unit == stats) {
        assert!(
            p.rooms.iter().all(|r| !checked
                .project
                .rooms
                .iter()
                .any(|x| x.uuid == *r && x.floor == old2f)),
            "{} still sits on 2F",
            p.name
        );
    }
}

/// Issue #13, one name for a grade: the inspector shows a person's grade (职务级别) with the
/// standard row it reads (2014 county column: 县级正职 30 m², 县级副职 24 m²), and the unit's
/// 编制 (approved posts + 工勤) apart from its 实有 headcount (sample_plans/units.csv and
/// posts.csv: 示范县人民政府 1 县处级正职 + 7 县处级副职 posts, 0 工勤, 7 on the books).
#[test]
fn the_inspector_names_a_grade_with_its_row_and_posts_apart_from_headcount() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_file(dir.path());
    let mut h = harness_sized(OfficeplanApp::open(&path), [1500.0, 1700.0]);
    h.run();
    open_floor(&mut h, "综合办公楼", "2F");
    ui_support::wait_for_jobs(&mut h);
    let (_, at) = room_on_screen(&h, "201");
    ui_support::click_at(&mut h, at, Modifiers::NONE);
    ui_support::wait_for_jobs(&mut h);
    h.run();
    // 县长 程国强 (sample README problem 1) sits in 201.
    h.get_by_label_contains("程国强 · 县处级正职（县级正职 30 m²）");
    // The posts per grade, each with its row.
    h.get_by_label("县处级正职（县级正职 30 m²）");
    h.get_by_label("县处级副职（县级副职 24 m²）");
    h.get_by_label_contains("编制 8 人（含工勤 0 人）");
    h.get_by_label_contains("实有 7 人");
}
