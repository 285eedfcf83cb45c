//! Floors and room selections through the workspace's one door (issue 12, floors): each edit
//! is written with a translated change-log line, moves the baseline version (scenarios made
//! before it are stale), and its undo gives back the file exactly — rooms with their polygons,
//! units, seats and the floor's scanned plan.
//!
//! Numbers come from the bundled sample: 青山镇政府办公楼 has 1F–3F, and its 3F holds 11
//! rooms numbered 301–311 (`sample_plans/plans/青山镇政府办公楼/3F.geojson`).

use officeplan::io::sample::{SampleSource, build_project};
use officeplan::model::{ChangeAction, Floor, Project, RoomCategory, RoomStatus, Uuid};
use officeplan::store::{CreateOptions, Store, UnderlayRecord};
use officeplan::workspace::{CopyTarget, Edit, RoomsPatch, Workspace, WorkspaceError};

const TOWN: &str = "青山镇政府办公楼";

fn sample(dir: &std::path::Path) -> Workspace {
    let path = dir.join("sample.gpkg");
    let project = build_project(&SampleSource::Embedded).expect("sample");
    drop(Store::create(&path, &project, CreateOptions::default()).expect("create"));
    Workspace::open(&path).expect("open")
}

fn floor(workspace: &Workspace, building: &str, name: &str) -> Floor {
    let index = workspace.index();
    let f = index
        .find_floor(building, name)
        .expect("floor in the sample");
    index.floors[f].floor.clone()
}

/// The whole file as loaded, in an order that does not depend on row ids (a restored floor's
/// rooms get new row ids; their UUIDs and contents are what must come back).
fn full_load(workspace: &Workspace) -> (Project, Vec<(Uuid, Option<UnderlayRecord>)>) {
    let mut project = workspace.load_project().expect("load");
    project.rooms.sort_by_key(|r| r.uuid);
    project.floors.sort_by_key(|f| f.uuid);
    for person in &mut project.persons {
        person.rooms.sort();
    }
    let underlays = project
        .floors
        .iter()
        .map(|f| (f.uuid, workspace.underlay(&f.uuid).expect("underlay")))
        .collect();
    (project, underlays)
}

fn baseline_version(workspace: &Workspace) -> i64 {
    Store::open(workspace.path())
        .expect("open")
        .baseline_version()
        .expect("version")
}

fn last_action(workspace: &Workspace) -> String {
    workspace.history(1).expect("log")[0].action.clone()
}

#[test]
fn a_floor_is_renamed_with_level_and_heights_and_a_taken_name_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = sample(dir.path());
    let before = full_load(&ws);
    let third = floor(&ws, TOWN, "3F");
    let lines = ws.history(1000).expect("log").len();

    let taken = ws.apply(Edit::EditFloor(Box::new(Floor {
        name: "2F".into(),
        ..third.clone()
    })));
    assert!(
        matches!(taken, Err(WorkspaceError::FloorEdit(_))),
        "{taken:?}"
    );
    assert_eq!(
        ws.history(1000).expect("log").len(),
        lines,
        "nothing written"
    );

    let version = baseline_version(&ws);
    ws.apply(Edit::EditFloor(Box::new(Floor {
        name: "三层".into(),
        level: 3,
        elevation_m: Some(7.6),
        storey_height_m: Some(3.8),
        ..third.clone()
    })))
    .expect("edit");
    let edited = floor(&ws, TOWN, "三层");
    assert_eq!(
        (edited.elevation_m, edited.storey_height_m),
        (Some(7.6), Some(3.8))
    );
    assert_eq!(last_action(&ws), ChangeAction::EditFloor.code());
    assert!(
        baseline_version(&ws) > version,
        "scenarios made before are stale"
    );

    ws.undo().expect("undo");
    assert_eq!(full_load(&ws), before);
    ws.redo().expect("redo");
    assert_eq!(floor(&ws, TOWN, "三层").storey_height_m, Some(3.8));
}

#[test]
fn moving_a_floor_up_swaps_levels_and_the_building_lists_floors_by_level() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = sample(dir.path());
    let before = full_load(&ws);
    let second = floor(&ws, TOWN, "2F");
    let building = second.building;
    let up = ws
        .move_floor_edit(&second.uuid, true)
        .expect("floor")
        .expect("2F is not the top floor");
    ws.apply(up).expect("move");
    let names: Vec<String> = ws
        .building_floors(&building)
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["1F", "3F", "2F"]);
    let top = floor(&ws, TOWN, "2F");
    assert!(
        ws.move_floor_edit(&top.uuid, true)
            .expect("floor")
            .is_none()
    );
    assert_eq!(last_action(&ws), ChangeAction::ReorderFloors.code());
    ws.undo().expect("undo");
    assert_eq!(full_load(&ws), before);
}

#[test]
fn deleting_a_floor_takes_what_it_holds_and_undo_restores_it_exactly() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = sample(dir.path());
    let third = floor(&ws, TOWN, "3F");
    ws.save_underlay(
        &third.uuid,
        &UnderlayRecord {
            name: "3F.png".into(),
            image: vec![0x89, b'P', b'N', b'G', 1, 2, 3],
            origin: (-1.5, 20.0),
            metres_per_pixel: 0.02,
            opacity: 0.5,
        },
    )
    .expect("underlay");
    let before = full_load(&ws);
    let plan = ws.floor_plan(&third.uuid).expect("plan");
    let area: f64 = plan.areas.iter().sum();

    let holdings = ws.floor_holdings(&third.uuid).expect("holdings");
    // 11 rooms: sample_plans/plans/青山镇政府办公楼/3F.geojson.
    assert_eq!(holdings.rooms, 11);
    assert!((holdings.area_m2 - area).abs() < 1e-9);
    assert!(holdings.underlay);

    let version = baseline_version(&ws);
    ws.delete_floor(&third.uuid).expect("delete");
    assert!(ws.index().find_floor(TOWN, "3F").is_none());
    let after = ws.load_project().expect("load");
    assert_eq!(after.rooms.len(), before.0.rooms.len() - 11);
    assert_eq!(last_action(&ws), ChangeAction::DeleteFloor.code());
    assert!(baseline_version(&ws) > version);

    ws.undo().expect("undo");
    assert_eq!(full_load(&ws), before);
    assert_eq!(last_action(&ws), ChangeAction::RestoreFloors.code());
    ws.redo().expect("redo");
    assert!(ws.index().find_floor(TOWN, "3F").is_none());
    ws.undo().expect("undo again");
    assert_eq!(full_load(&ws), before);
}

#[test]
fn a_seated_floor_is_deleted_with_its_units_and_seats_and_restored() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = sample(dir.path());
    // The floor of the sample with the most seated persons.
    let project = ws.load_project().expect("load");
    let seated = |f: &Floor| {
        project
            .persons
            .iter()
            .filter(|p| {
                p.rooms.iter().any(|r| {
                    project
                        .rooms
                        .iter()
                        .any(|room| room.uuid == *r && room.floor == f.uuid)
                })
            })
            .count()
    };
    let busiest = project
        .floors
        .iter()
        .max_by_key(|f| seated(f))
        .expect("floors")
        .clone();
    let people = seated(&busiest);
    assert!(people > 0, "the sample seats people");
    let before = full_load(&ws);
    let holdings = ws.floor_holdings(&busiest.uuid).expect("holdings");
    assert_eq!(holdings.people, people);
    assert!(holdings.units > 0);
    ws.delete_floor(&busiest.uuid).expect("delete");
    let after = ws.load_project().expect("load");
    assert!(after.persons.iter().all(|p| {
        p.rooms
            .iter()
            .all(|r| after.rooms.iter().any(|room| room.uuid == *r))
    }));
    ws.undo().expect("undo");
    assert_eq!(full_load(&ws), before);
}

#[test]
fn copying_3f_to_a_new_5f_renumbers_and_keeps_areas_and_undo_removes_it() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = sample(dir.path());
    let before = full_load(&ws);
    let third = floor(&ws, TOWN, "3F");
    let first = floor(&ws, TOWN, "1F");
    let new_fifth = Floor {
        uuid: Uuid::now_v7(),
        building: third.building,
        name: "5F".into(),
        level: 5,
        elevation_m: None,
        storey_height_m: Some(3.6),
    };
    // 1F holds rooms: refused without replace, nothing written.
    let refused = ws.plan_floor_copy(
        &third.uuid,
        &[
            CopyTarget::New(new_fifth.clone()),
            CopyTarget::Existing(first.uuid),
        ],
        false,
    );
    assert!(
        matches!(refused, Err(WorkspaceError::FloorEdit(_))),
        "{refused:?}"
    );

    let plan = ws
        .plan_floor_copy(&third.uuid, &[CopyTarget::New(new_fifth.clone())], false)
        .expect("plan");
    assert_eq!(plan.targets[0].numbers[0], ("301".into(), "501".into()));
    ws.apply(plan.edit).expect("copy");
    assert_eq!(last_action(&ws), ChangeAction::CopyFloor.code());

    let source = ws.floor_plan(&third.uuid).expect("3F");
    let copy = ws.floor_plan(&new_fifth.uuid).expect("5F");
    let numbers: Vec<&str> = copy.rooms.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "501", "502", "503", "504", "505", "506", "507", "508", "509", "510", "511"
        ]
    );
    for (a, b) in source.rooms.iter().zip(&copy.rooms) {
        assert_eq!(
            (a.category, &a.sub_use, &a.polygon),
            (b.category, &b.sub_use, &b.polygon)
        );
        assert!(b.units.is_empty());
    }
    let total = |areas: &[f64]| areas.iter().sum::<f64>();
    assert!((total(&source.areas) - total(&copy.areas)).abs() < 1e-9);
    // 303 is a 服务用房 in use by nobody: it stays 在用. 306 is an office in use by a unit:
    // without it, its copy is 闲置 since today.
    assert_eq!(copy.rooms[2].status, RoomStatus::InUse);
    assert_eq!(copy.rooms[5].status, RoomStatus::Idle);
    assert!(copy.rooms[5].status_since.is_some());

    ws.undo().expect("undo");
    assert!(ws.index().find_floor(TOWN, "5F").is_none());
    assert_eq!(full_load(&ws), before);

    // Replacing 1F's rooms is one step; undo gives 1F back with its units and seats.
    let plan = ws
        .plan_floor_copy(&third.uuid, &[CopyTarget::Existing(first.uuid)], true)
        .expect("plan");
    assert!(plan.targets[0].replaced > 0);
    assert_eq!(plan.targets[0].numbers[0], ("301".into(), "101".into()));
    ws.apply(plan.edit).expect("replace");
    ws.undo().expect("undo");
    assert_eq!(full_load(&ws), before);
}

#[test]
fn a_selection_of_rooms_is_set_idle_with_its_date_in_one_step() {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = sample(dir.path());
    let before = full_load(&ws);
    let third = floor(&ws, TOWN, "3F");
    let plan = ws.floor_plan(&third.uuid).expect("plan");
    // 305, 306, 307: a 服务用房 and two offices, all 在用.
    let chosen: Vec<Uuid> = plan.rooms[4..7].iter().map(|r| r.uuid).collect();
    let categories: Vec<RoomCategory> = plan.rooms[4..7].iter().map(|r| r.category).collect();
    let mut patch = RoomsPatch {
        rooms: chosen.clone(),
        status: Some(RoomStatus::Idle),
        note: Some("待调剂".into()),
        ..RoomsPatch::default()
    };
    let lines = ws.history(1000).expect("log").len();
    assert!(ws.apply(Edit::SetRooms(Box::new(patch.clone()))).is_err());
    assert_eq!(ws.history(1000).expect("log").len(), lines);

    patch.status_since = Some("2026-03-01".into());
    ws.apply(Edit::SetRooms(Box::new(patch))).expect("set");
    let plan = ws.floor_plan(&third.uuid).expect("plan");
    for (room, category) in plan.rooms[4..7].iter().zip(&categories) {
        assert_eq!(room.status, RoomStatus::Idle);
        assert_eq!(room.status_since.as_deref(), Some("2026-03-01"));
        assert_eq!(room.note, "待调剂");
        // Not changed by the person: each room keeps its own category.
        assert_eq!(room.category, *category);
    }
    let line = &ws.history(1).expect("log")[0];
    assert_eq!(line.action, ChangeAction::SetRooms.code());
    assert!(line.summary.starts_with("3 "), "{}", line.summary);

    ws.undo().expect("undo");
    assert_eq!(full_load(&ws), before);
    ws.redo().expect("redo");
    let plan = ws.floor_plan(&third.uuid).expect("plan");
    assert_eq!(plan.rooms[5].status, RoomStatus::Idle);
}
