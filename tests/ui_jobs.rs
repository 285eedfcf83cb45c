//! Long work in the window (issue 11): one job runner with progress and 取消 in the status bar;
//! the open app noticing another program's writes; geometry written by another program shown
//! in the inspector with its reason.
//!
//! `set_background_above(0)` makes every job run on a thread as it does for a province's file,
//! so a county sample shows what a 1M-room file does.

mod bad_geometry;
mod common;
mod ui_support;

use std::time::Duration;

use egui_kittest::kittest::Queryable as _;
use officeplan::ui::OfficeplanApp;
use officeplan::view::Theme;
use ui_support::{harness, open_sample, serial, wait_for_jobs};

#[test]
fn a_background_check_shows_its_progress_and_can_be_cancelled() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.state_mut().set_background_above(0);
    h.state_mut().open_floor(0);
    h.run();
    h.state_mut().set_theme(Theme::Compliance);
    h.step();
    assert!(h.state().is_checking(), "the check runs off the UI thread");
    // The status bar: the job's label, a progress bar, 取消.
    h.get_by_label("正在核定（全部房间与人员）…");
    h.get_by_label("取消").click();
    h.step();
    assert!(!h.state().has_jobs(), "cancelled at once");
    assert!(
        h.state()
            .notifications()
            .iter()
            .any(|(text, error)| !error && text.contains("已取消：正在核定")),
        "{:?}",
        h.state().notifications()
    );
    assert!(h.state().workspace().unwrap().checked_if_run().is_none());
    // Asked again (the theme), it runs to the end and its result is installed.
    h.state_mut().set_theme(Theme::Compliance);
    wait_for_jobs(&mut h);
    assert!(h.state().workspace().unwrap().checked_if_run().is_some());
}

#[test]
fn showing_a_scenario_of_a_large_project_checks_it_in_the_background() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.state_mut().set_background_above(0);
    let f = h
        .state()
        .workspace()
        .unwrap()
        .index()
        .find_floor("综合办公楼", "2F")
        .unwrap();
    h.state_mut().open_floor(f);
    h.run();
    h.get_by_label("新方案名称").focus();
    h.get_by_label("新方案名称").type_text("后台核定");
    h.run();
    h.get_by_label("新建方案").click();
    h.step();
    // Before: `Workspace::activate` ran the whole check in this very frame.
    let w = h.state().workspace().unwrap();
    assert!(w.active_scenario().is_some());
    assert!(w.checked_if_run().is_none(), "no check on the UI thread");
    assert!(h.state().is_checking());
    assert!(h.state().plan().is_none(), "the floor waits for the check");
    h.get_by_label_contains("正在核定方案的房间状态");
    wait_for_jobs(&mut h);
    let plan = h.state().plan().expect("the floor is shown once checked");
    // sample_plans/plans/综合办公楼/2F.geojson has 24 rooms.
    assert_eq!(plan.rooms.len(), 24);
    assert!(h.state().workspace().unwrap().checked_if_run().is_some());
}

#[test]
fn a_large_file_opens_in_the_background() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_file(dir.path());
    let mut app = OfficeplanApp::empty();
    app.set_background_above(0);
    let mut h = harness(app);
    h.state_mut().open_file(&path);
    h.step();
    assert!(
        h.state().workspace().is_none(),
        "nothing waits for the open"
    );
    assert_eq!(h.state().job_labels(), vec!["正在打开文件…".to_owned()]);
    wait_for_jobs(&mut h);
    let w = h.state().workspace().expect("opened");
    // sample_plans/README.md: 450 rooms.
    assert_eq!(w.index().totals.total().rooms, 450);
    h.get_by_label("sample.gpkg");
}

#[test]
fn another_programs_write_is_shown_with_a_notice_and_undo_is_cleared() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    h.state_mut().set_watch_interval(Duration::ZERO);
    let path = dir.path().join("sample.gpkg");
    let f = h
        .state()
        .workspace()
        .unwrap()
        .index()
        .find_floor("综合办公楼", "2F")
        .unwrap();
    h.state_mut().open_floor(f);
    h.run();
    // An edit of ours, undoable.
    let rooms = h.state().plan().unwrap().rooms.clone();
    let room = rooms.iter().find(|r| r.number == "203").unwrap().clone();
    let floor = room.floor;
    h.state_mut()
        .workspace_mut()
        .unwrap()
        .apply(officeplan::workspace::Edit::RenameRoom {
            room: room.uuid,
            number: "203".into(),
            name: "副县长办公室（一）".into(),
        })
        .unwrap();
    assert!(h.state().workspace().unwrap().can_undo());
    h.run();

    // The CLI or QGIS renames the room while the app is open.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE rooms SET name = '外部程序改名' WHERE uuid = ?1",
        [room.uuid.to_string()],
    )
    .unwrap();
    drop(conn);
    h.run();

    h.get_by_label("文件已被其他程序修改，已重新载入；撤销记录已清空");
    let w = h.state().workspace().unwrap();
    assert!(!w.can_undo(), "the undo stack no longer matches the file");
    let plan = h.state().plan().expect("the floor is shown again");
    assert_eq!(plan.floor, floor);
    let renamed = plan.rooms.iter().find(|r| r.uuid == room.uuid).unwrap();
    assert_eq!(renamed.name, "外部程序改名");
    // The inspector shows the new name.
    h.state_mut().jump_to(floor, room.uuid);
    h.run();
    assert!(
        h.query_all_by_value("外部程序改名").next().is_some(),
        "the inspector shows the other program's name"
    );
}

#[test]
fn a_bow_tie_room_from_another_program_shows_its_reason_not_an_area() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_file(dir.path());
    // sample_plans/plans/综合办公楼/2F.geojson: 203 副县长办公室.
    let bow_tie = bad_geometry::write_bow_tie(&path, "综合办公楼", "2F", "203");
    let mut h = harness(OfficeplanApp::open(&path));
    h.run();
    h.state_mut().jump_to(bow_tie.floor, bow_tie.room);
    h.run();
    let selected = h.state().selected_rooms();
    assert_eq!(selected.len(), 1);
    assert_eq!(selected[0].number, "203");
    h.get_by_label("— （面积不可靠，未计入合计）");
    let (x, y) = bow_tie.crossing;
    h.get_by_label_contains(&format!("外轮廓在 ({x:.3}, {y:.3}) 处自相交"));
    // The status bar says the floor's area leaves one room out.
    h.get_by_label("（其中 1 间图形有误，面积未计入）");
    // On the plan it is marked (filled as a problem, its label says why, not "0.00 m²").
    let plan = h.state().plan().unwrap();
    let i = plan
        .rooms
        .iter()
        .position(|r| r.uuid == bow_tie.room)
        .unwrap();
    assert!(plan.problems[i].is_some());
    assert_eq!(plan.problems.iter().filter(|p| p.is_some()).count(), 1);
}
