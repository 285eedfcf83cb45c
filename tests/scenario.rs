//! Scenarios on the bundled sample (issue #5): moving both units out of 城东老办公楼 (the
//! building planted for consolidation, sample README problem 8) vacates it; the figures equal
//! a hand computation; the baseline stays as it was until apply, and apply writes exactly the
//! scenario's moves; a baseline change after the scenario marks it stale and names the move.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{officeplan, officeplan_ok, sample_file};
use officeplan::model::{ChangeAction, RoomCategory, RoomStatus, Uuid};
use officeplan::planning::Occupied;
use officeplan::store::ChangeRecord;
use officeplan::workspace::{Checked, Edit, RoomFields, Workspace, WorkspaceError};

/// The moves of the plan: README problem 8's room-by-room table for the offices, then the
/// 统计局 archive next to its offices and 信访局's two other rooms to the remaining idle rooms.
const MOVES: &[(&str, &str, &str)] = &[
    ("县信访局", "城东老办公楼/1F/107", "部门办公楼/4F/405"),
    ("县信访局", "城东老办公楼/1F/104", "部门办公楼/4F/414"),
    ("县信访局", "城东老办公楼/1F/105", "部门办公楼/4F/415"),
    ("县信访局", "城东老办公楼/1F/106", "部门办公楼/4F/413"),
    ("县统计局", "城东老办公楼/2F/201", "行政服务中心主楼/2F/207"),
    ("县统计局", "城东老办公楼/2F/202", "行政服务中心主楼/2F/209"),
    ("县统计局", "城东老办公楼/2F/208", "行政服务中心主楼/2F/208"),
    ("县统计局", "城东老办公楼/2F/207", "行政服务中心主楼/2F/211"),
    ("县统计局", "城东老办公楼/2F/206", "行政服务中心主楼/2F/212"),
    ("县信访局", "城东老办公楼/1F/101", "综合办公楼/6F/605"),
    ("县信访局", "城东老办公楼/1F/102", "青山镇政府办公楼/3F/301"),
];

const NAME: &str = "整合城东老办公楼";

fn plan(file: &Path) {
    let f = file.to_str().unwrap();
    officeplan_ok(&["scenario", "new", f, NAME, "--note", "退租城东老办公楼"]);
    for (unit, from, to) in MOVES {
        officeplan_ok(&[
            "scenario",
            "move",
            f,
            NAME,
            "--unit",
            unit,
            "--from-room",
            from,
            "--to-room",
            to,
        ]);
    }
}

/// Occupancy and status of every room and the rooms of every person, as the file has them.
fn baseline(file: &Path) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(file).unwrap();
    let mut rows = BTreeSet::new();
    for sql in [
        "SELECT 'room ' || r.uuid || ' ' || r.status || ' ' || coalesce(r.status_since, '') || ' ' ||
            coalesce((SELECT group_concat(u.uuid) FROM room_units ru JOIN units u ON u.id = ru.unit_id
                      WHERE ru.room_id = r.fid), '') FROM rooms r",
        "SELECT 'seat ' || p.uuid || ' ' || r.uuid FROM room_persons rp JOIN persons p ON p.id = rp.person_id
            JOIN rooms r ON r.fid = rp.room_id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        rows.extend(stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
    }
    rows
}

fn compare(file: &Path) -> serde_json::Value {
    let text = officeplan_ok(&[
        "scenario",
        "compare",
        file.to_str().unwrap(),
        NAME,
        "--json",
    ]);
    serde_json::from_str(&text).unwrap()
}

fn close(value: &serde_json::Value, expected: f64) {
    let got = value.as_f64().unwrap();
    assert!((got - expected).abs() < 0.005, "{got} ≠ {expected}");
}

#[test]
fn consolidating_the_old_building_vacates_it_and_the_figures_are_the_hand_computed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let before = baseline(&file);
    plan(&file);
    // The baseline is untouched by the scenario's eleven moves.
    assert_eq!(baseline(&file), before);

    let c = compare(&file);
    let (base, scen) = (&c["baseline"], &c["scenario"]);
    assert_eq!(c["stale"], false);
    assert_eq!(base["moves"], 0);
    assert_eq!(scen["moves"], 11);
    assert_eq!(base["vacated_buildings"], serde_json::json!([]));
    assert_eq!(
        scen["vacated_buildings"],
        serde_json::json!(["城东老办公楼"])
    );
    // Floors with rooms but no unit: B1 of 综合办公楼 and 机关食堂 stay; 综合办公楼 6F gets
    // 县信访局's reception room (605); both floors of the old building are emptied.
    assert_eq!(
        base["vacated_floors"],
        serde_json::json!(["综合办公楼 B1", "综合办公楼 6F", "机关食堂 B1"])
    );
    assert_eq!(
        scen["vacated_floors"],
        serde_json::json!([
            "综合办公楼 B1",
            "机关食堂 B1",
            "城东老办公楼 1F",
            "城东老办公楼 2F"
        ])
    );
    // Idle area: `check` reports 262.96 m² idle. The eleven rooms left become idle
    // (offices 17.60 + 15.60 + 15.60 + 11.60 + 18.72 + 17.76 + 17.60 + 15.60, archive 13.60,
    // reception 33.60, mediation room 16.32 = 193.60) and the eleven idle rooms taken are no
    // longer (17.92 + 15.64 + 15.64 + 14.72 + 19.04 + 17.92 + 20.16 + 15.64 + 16.56 + 19.04
    // + 19.44 = 191.72): 262.96 + 193.60 − 191.72 = 264.84.
    close(&base["idle_area_m2"], 262.96);
    close(&scen["idle_area_m2"], 262.96 + 193.60 - 191.72);
    // Over-standard area: 县住建局's 21.06 m² (README problem 3) before. The reception room
    // and mediation room move into 办公室 rooms (605, 301), so 县信访局's offices become
    // 17.92 + 15.64 + 15.64 + 14.72 + 19.04 + 19.44 = 102.40 m² against 75 approved
    // (18 × 1 + 12 × 1 + 9 × 5): 27.40 m² over. 县统计局's 72.76 m² stays within 96.
    close(&base["over_standard_area_m2"], 21.06);
    close(&scen["over_standard_area_m2"], 21.06 + 27.40);
    assert_eq!(
        (base["units_over"].as_u64(), scen["units_over"].as_u64()),
        (Some(1), Some(2))
    );
    // Persons over: 程国强 and 谢伟 before; the 副局长 冯佳 (row 12 m²) moves from 106
    // (11.60) to 413 (14.72) and the 局长 胡华新 (row 18 m²) from 208 (17.60) to 行政服务中心
    // 主楼 208 (20.16): both over after.
    assert_eq!(
        (base["persons_over"].as_u64(), scen["persons_over"].as_u64()),
        (Some(2), Some(4))
    );
    // 县信访局 ends up in 部门办公楼, 综合办公楼 and 青山镇政府办公楼.
    assert_eq!(
        scen["units_split"].as_u64().unwrap(),
        base["units_split"].as_u64().unwrap() + 1
    );

    // The move list: one row per move, areas left and taken (使用面积).
    let list: serde_json::Value = serde_json::from_str(&officeplan_ok(&[
        "scenario",
        "moves",
        file.to_str().unwrap(),
        NAME,
        "--json",
    ]))
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 11);
    assert_eq!(list[3]["from"], serde_json::json!(["城东老办公楼 1F 106"]));
    assert_eq!(list[3]["to"], serde_json::json!(["部门办公楼 4F 413"]));
    close(&list[3]["area_before_m2"], 11.60);
    close(&list[3]["area_after_m2"], 14.72);
    let xlsx = dir.path().join("moves.xlsx");
    officeplan_ok(&[
        "scenario",
        "moves",
        file.to_str().unwrap(),
        NAME,
        "--xlsx",
        xlsx.to_str().unwrap(),
    ]);
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 4000);

    // The scenario list carries the same figures.
    let listed: serde_json::Value = serde_json::from_str(&officeplan_ok(&[
        "scenario",
        "list",
        file.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert_eq!(listed[0]["name"], NAME);
    assert_eq!(listed[0]["moves"], 11);
    assert_eq!(
        listed[0]["kpis"]["vacated_buildings"],
        serde_json::json!(["城东老办公楼"])
    );
    close(&listed[0]["kpis"]["idle_area_m2"], 264.84);

    // Apply: exactly the rooms and seats of the moves change, to what the moves say.
    officeplan_ok(&["scenario", "apply", file.to_str().unwrap(), NAME]);
    let after = baseline(&file);
    let changed: BTreeSet<&String> = after.difference(&before).collect();
    let removed: BTreeSet<&String> = before.difference(&after).collect();
    let rooms_changed = changed.iter().filter(|r| r.starts_with("room ")).count();
    // 22 rooms: 11 left, 11 taken.
    assert_eq!(rooms_changed, 22);
    assert_eq!(
        removed.iter().filter(|r| r.starts_with("room ")).count(),
        22
    );
    // 14 persons sat in the old building (6 of 信访局, 8 of 统计局); each seat moved.
    assert_eq!(
        changed.iter().filter(|r| r.starts_with("seat ")).count(),
        14
    );
    assert_eq!(
        removed.iter().filter(|r| r.starts_with("seat ")).count(),
        14
    );
    let mut workspace = Workspace::open(&file).unwrap();
    let checked = workspace.checked().unwrap();
    let k = checked.kpis();
    assert_eq!(k.vacated_buildings, vec!["城东老办公楼".to_owned()]);
    assert!((k.idle_area_m2 - 264.84).abs() < 0.005);
    assert_eq!(workspace.history(1).unwrap()[0].action, "apply_scenario");
    // An applied scenario takes no more moves.
    let out = officeplan(&[
        "scenario",
        "move",
        file.to_str().unwrap(),
        NAME,
        "--unit",
        "县统计局",
        "--to-room",
        "青山镇政府办公楼/3F/302",
    ]);
    assert!(!out.status.success());
}

#[test]
fn a_baseline_change_after_the_scenario_marks_it_stale_and_names_the_move() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    plan(&file);
    // Someone gives idle room 605 (the target of move 10) to use in the baseline.
    let mut workspace = Workspace::open(&file).unwrap();
    let checked = workspace.checked().unwrap();
    let room = checked
        .project
        .rooms
        .iter()
        .find(|r| r.number == "605" && r.status == RoomStatus::Idle)
        .unwrap()
        .clone();
    let fields = RoomFields {
        status: RoomStatus::InUse,
        ..RoomFields::of(&room)
    };
    workspace
        .apply(Edit::SetRoom {
            room: room.uuid,
            fields,
        })
        .unwrap();
    drop(workspace);

    let c = compare(&file);
    assert_eq!(c["stale"], true);
    let conflicts = c["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["step"], 10);
    assert!(conflicts[0]["reason"].as_str().unwrap().contains("605"));
    // Apply refuses, naming the move, and writes nothing.
    let before = baseline(&file);
    let out = officeplan(&["scenario", "apply", file.to_str().unwrap(), NAME]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("step 10"));
    assert_eq!(baseline(&file), before);
    // Rebase drops the conflicting move; the scenario is current again and applies.
    officeplan_ok(&["scenario", "rebase", file.to_str().unwrap(), NAME]);
    let c = compare(&file);
    assert_eq!(c["stale"], false);
    assert_eq!(c["scenario"]["moves"], 10);
    officeplan_ok(&["scenario", "apply", file.to_str().unwrap(), NAME]);
}

#[test]
fn applying_a_scenario_is_one_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let before = baseline(&file);
    plan(&file);
    let mut workspace = Workspace::open(&file).unwrap();
    let scenario = workspace.find_scenario(NAME).unwrap().uuid;
    workspace.apply(Edit::ApplyScenario { scenario }).unwrap();
    let applied = baseline(&file);
    assert_ne!(applied, before);
    assert!(workspace.find_scenario(NAME).unwrap().applied_at.is_some());
    // Undo takes every move out of the baseline again; redo puts them back.
    workspace.undo().unwrap();
    assert_eq!(baseline(&file), before);
    assert!(workspace.find_scenario(NAME).unwrap().applied_at.is_none());
    workspace.redo().unwrap();
    assert_eq!(baseline(&file), applied);
    let log: Vec<String> = workspace
        .history(3)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        log,
        ["apply_scenario", "unapply_scenario", "apply_scenario"]
    );
}

/// The first idle office of the sample (in file order) and two units by name.
fn idle_office_and_units(workspace: &mut Workspace) -> (Uuid, Uuid, Uuid) {
    let checked = workspace.checked().unwrap();
    let project = &checked.project;
    let room = project
        .rooms
        .iter()
        .find(|r| r.status == RoomStatus::Idle && r.category == RoomCategory::Office)
        .unwrap()
        .uuid;
    let unit = |name: &str| project.units.iter().find(|u| u.name == name).unwrap().uuid;
    (room, unit("县信访局"), unit("县统计局"))
}

#[test]
fn a_baseline_edit_while_a_scenario_is_shown_is_refused_and_nothing_goes_stale() {
    // Issue 11 #5: with a scenario shown, the inspector's 应用 (status 闲置 for a room in use)
    // was written to the baseline; the scenario then stayed stale after undo.
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut workspace = Workspace::open(&file).unwrap();
    let scenario = workspace.new_scenario(NAME, "").unwrap();
    workspace.activate(Some(scenario)).unwrap();
    let (idle, unit, _) = idle_office_and_units(&mut workspace);
    workspace.drop_unit(unit, None, idle, None).unwrap();
    let before = baseline(&file);
    let lines = workspace.history(1000).unwrap().len();

    let checked = workspace.checked().unwrap();
    let in_use = checked
        .project
        .rooms
        .iter()
        .find(|r| r.status == RoomStatus::InUse && !r.units.is_empty())
        .unwrap()
        .clone();
    drop(checked);
    let edits = [
        Edit::SetRoom {
            room: in_use.uuid,
            fields: RoomFields {
                status: RoomStatus::Idle,
                ..RoomFields::of(&in_use)
            },
        },
        Edit::RenameRoom {
            room: in_use.uuid,
            number: "999".into(),
            name: "改名".into(),
        },
        Edit::RenameUnit {
            unit,
            name: "改名局".into(),
        },
    ];
    for edit in edits {
        let refused = workspace.apply(edit).unwrap_err();
        assert!(
            matches!(refused, WorkspaceError::BaselineEditInScenario { .. }),
            "{refused}"
        );
        // The message says why, naming the scenario.
        assert!(refused.to_string().contains(NAME), "{refused}");
    }
    // A GeoJSON import into a floor (the CLI's door for rooms) is refused the same way.
    let floor = in_use.floor;
    let record = ChangeRecord {
        action: ChangeAction::ImportGeojson,
        summary: String::new(),
        detail: String::new(),
    };
    let refused = workspace
        .import_rooms(&floor, &[], true, &record)
        .unwrap_err();
    assert!(matches!(
        refused,
        WorkspaceError::BaselineEditInScenario { .. }
    ));
    // Nothing reached the file: no row, no change-log line.
    assert_eq!(baseline(&file), before);
    assert_eq!(workspace.history(1000).unwrap().len(), lines);
    // Undo takes back the scenario's move (the last edit), not a baseline write.
    workspace.undo().unwrap();
    assert_eq!(workspace.active_scenario().unwrap().moves.len(), 0);
    assert_eq!(baseline(&file), before);
    let listed = workspace.scenario_overview().unwrap();
    assert!(!listed[0].stale, "the scenario stays current");
    workspace.activate(Some(scenario)).unwrap();
    assert!(!workspace.active_scenario().unwrap().stale);
    // Shown the baseline, the same edit is written.
    workspace.activate(None).unwrap();
    workspace
        .apply(Edit::SetRoom {
            room: in_use.uuid,
            fields: RoomFields {
                status: RoomStatus::Idle,
                ..RoomFields::of(&in_use)
            },
        })
        .unwrap();
    assert_ne!(baseline(&file), before);
}

#[test]
fn two_writers_on_one_scenario_see_no_conflict_and_apply() {
    // Issue 11 #14: two programs adding moves to one scenario lost no move, but the
    // scenario then listed conflicts (each move was computed on a state without the other
    // program's moves) although the baseline never changed, and apply refused it.
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut first = Workspace::open(&file).unwrap();
    let scenario = first.new_scenario(NAME, "").unwrap();
    let mut second = Workspace::open(&file).unwrap();
    first.activate(Some(scenario)).unwrap();
    second.activate(Some(scenario)).unwrap();
    let (idle, petitions, statistics) = idle_office_and_units(&mut first);

    // Both show the room idle; the first gives it to 县信访局.
    first.drop_unit(petitions, None, idle, None).unwrap();
    // The second, whose view predates that move, now finds the room held and must choose:
    // the move is computed on the scenario as stored, not on its stale view.
    let occupied = second.drop_unit(statistics, None, idle, None).unwrap_err();
    assert!(
        occupied
            .to_string()
            .contains(&room_number(&mut second, idle))
    );
    second
        .drop_unit(statistics, None, idle, Some(Occupied::Share))
        .unwrap();
    // A move computed on an outdated view is refused, not stored: the first still has the
    // room as holding 县信访局 alone until it reads the file again.
    let stale_step = {
        let state = first.checked_if_run().unwrap();
        officeplan::planning::drop_unit(
            &state,
            "2026-01-01".into(),
            statistics,
            None,
            idle,
            Some(Occupied::Replace),
        )
        .unwrap()
    };
    assert!(
        first
            .apply(Edit::PlanMove {
                scenario,
                step: stale_step,
            })
            .is_err()
    );
    // The first gives the room back to 县信访局 alone, on the scenario as stored.
    first
        .drop_unit(petitions, None, idle, Some(Occupied::Replace))
        .unwrap();

    let third = Workspace::open(&file).unwrap();
    let listed = third.scenario_overview().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].info.moves, 3, "no move lost");
    assert_eq!(listed[0].conflicts, 0, "no conflict");
    assert!(!listed[0].stale);
    drop(third);
    // Apply (from the second, whose view is one move behind) succeeds.
    second.apply(Edit::ApplyScenario { scenario }).unwrap();
    let reread = Workspace::open(&file).unwrap();
    let checked = Checked::run_file(reread.path()).unwrap();
    let room = checked
        .project
        .rooms
        .iter()
        .find(|r| r.uuid == idle)
        .unwrap();
    assert_eq!(room.units, vec![petitions]);
    assert_eq!(room.status, RoomStatus::InUse);
}

fn room_number(workspace: &mut Workspace, room: Uuid) -> String {
    let checked = workspace.checked().unwrap();
    checked
        .project
        .rooms
        .iter()
        .find(|r| r.uuid == room)
        .unwrap()
        .number
        .clone()
}

/// Issue #13: a unit's rooms on one floor moved into rooms chosen by hand in another
/// building (`--to-rooms`), with its persons; the line says the area against the need.
#[test]
fn a_unit_moves_into_rooms_chosen_in_another_building() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let f = file.to_str().unwrap();
    officeplan_ok(&["scenario", "new", f, "选房"]);
    // 县统计局 leaves 城东老办公楼 2F (offices 18.72 + 17.76 + 17.60 + 15.60, archive 13.60
    // = 83.28 m²) for 行政服务中心主楼 2F's 207 (19.04), 208 (20.16), 209 (17.92) and 211
    // (15.64) = 72.76 m²: 10.52 m² short of the need.
    let out = officeplan_ok(&[
        "scenario",
        "move",
        f,
        "选房",
        "--unit",
        "县统计局",
        "--from-floor",
        "城东老办公楼/2F",
        "--to-rooms",
        "行政服务中心主楼/2F/207,行政服务中心主楼/2F/208,行政服务中心主楼/2F/209,行政服务中心主楼/2F/211",
    ]);
    assert!(
        out.contains("72.76") && out.contains("83.28") && out.contains("10.52"),
        "{out}"
    );
    assert!(out.contains("persons over the standard 2 → 2"), "{out}");
    let c: serde_json::Value = serde_json::from_str(&officeplan_ok(&[
        "scenario", "compare", f, "选房", "--json",
    ]))
    .unwrap();
    assert_eq!(c["scenario"]["moves"], 1, "{c}");
    // Its rooms there are idle now; nothing of it is left on 城东老办公楼 2F.
    let mut w = Workspace::open(&file).unwrap();
    let scenario = w
        .scenarios()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "选房")
        .unwrap()
        .uuid;
    w.activate(Some(scenario)).unwrap();
    let checked: std::sync::Arc<Checked> = w.checked().unwrap();
    let stats = checked
        .project
        .units
        .iter()
        .find(|u| u.name == "县统计局")
        .unwrap()
        .uuid;
    let floor = |b: &str, fl: &str| {
        let index = w.index();
        index.floors[index.find_floor(b, fl).unwrap()].floor.uuid
    };
    let (old, new) = (floor("城东老办公楼", "2F"), floor("行政服务中心主楼", "2F"));
    let held: BTreeSet<String> = checked
        .project
        .rooms
        .iter()
        .filter(|r| r.units.contains(&stats) && (r.floor == old || r.floor == new))
        .map(|r| r.number.clone())
        .collect();
    assert_eq!(
        held,
        ["207", "208", "209", "211"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}
