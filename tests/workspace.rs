//! The workspace's one door for changes: edits are written at once, undo and redo restore
//! them, and each write leaves a change-log line.

use officeplan::store::{CreateOptions, Store};
use officeplan::synth::{GenerateOptions, generate};
use officeplan::workspace::{Edit, Workspace};

#[test]
fn rename_is_written_undone_and_redone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.gpkg");
    let project = generate(GenerateOptions {
        rooms: 40,
        seed: 11,
        large_floor_rooms: 0,
    });
    drop(Store::create(&path, &project, CreateOptions::default()).unwrap());

    let mut workspace = Workspace::open(&path).unwrap();
    let floor = workspace.index().floors[0].floor.uuid;
    let room = workspace.floor_plan(&floor).unwrap().rooms[0].clone();
    workspace
        .apply(Edit::RenameRoom {
            room: room.uuid,
            number: "A01".into(),
            name: "档案室".into(),
        })
        .unwrap();

    // Written at once: a fresh open of the file sees it.
    let reread = Store::open(&path)
        .unwrap()
        .load_floor_rooms(&floor)
        .unwrap();
    let renamed = reread.iter().find(|r| r.uuid == room.uuid).unwrap();
    assert_eq!(
        (renamed.number.as_str(), renamed.name.as_str()),
        ("A01", "档案室")
    );

    workspace.undo().unwrap();
    let plan = workspace.floor_plan(&floor).unwrap();
    let (back, _) = plan.room(&room.uuid).unwrap();
    assert_eq!(
        (back.number.as_str(), back.name.as_str()),
        (room.number.as_str(), room.name.as_str())
    );

    workspace.redo().unwrap();
    let plan = workspace.floor_plan(&floor).unwrap();
    assert_eq!(plan.room(&room.uuid).unwrap().0.number, "A01");
    assert!(workspace.redo().is_err(), "nothing left to redo");

    let log = workspace.history(10).unwrap();
    assert_eq!(
        log.len(),
        3,
        "apply, undo and redo are each logged: {log:?}"
    );
    assert!(
        log.iter()
            .all(|e| e.action == "rename_room" && !e.user.is_empty())
    );
}

#[test]
fn room_fields_and_unit_names_are_edited_undone_and_logged() {
    use officeplan::model::{RoomCategory, RoomStatus};
    use officeplan::workspace::RoomFields;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.gpkg");
    let project = generate(GenerateOptions {
        rooms: 40,
        seed: 12,
        large_floor_rooms: 0,
    });
    drop(Store::create(&path, &project, CreateOptions::default()).unwrap());
    let mut workspace = Workspace::open(&path).unwrap();
    let floor = workspace.index().floors[0].floor.uuid;
    let room = workspace.floor_plan(&floor).unwrap().rooms[0].clone();
    let idle_before = workspace.index().totals.total().rooms;

    // Category and status: written, the floor's aggregates follow, undo restores both.
    let fields = RoomFields {
        number: room.number.clone(),
        name: "库房".into(),
        category: RoomCategory::Ancillary,
        status: RoomStatus::Idle,
        status_since: Some("2026-03-01".into()),
    };
    let generation = workspace.generation();
    workspace
        .apply(Edit::SetRoom {
            room: room.uuid,
            fields: fields.clone(),
        })
        .unwrap();
    assert!(workspace.generation() > generation, "views see the change");
    let stored = Store::open(&path)
        .unwrap()
        .load_room(&room.uuid)
        .unwrap()
        .unwrap();
    assert_eq!(RoomFields::of(&stored), fields);
    let idle = workspace.index().floors[0]
        .totals
        .by_status(RoomStatus::Idle)
        .rooms;
    assert!(idle >= 1, "the floor's totals were refreshed");
    assert_eq!(workspace.index().totals.total().rooms, idle_before);
    // The index updated by delta equals the index read again from the file.
    let reread = Store::open(&path).unwrap().load_index().unwrap();
    for (a, b) in workspace.index().floors.iter().zip(&reread.floors) {
        for (category, status, cell) in b.totals.nonempty() {
            let mine = a.totals.cell(category, status);
            assert_eq!(mine.rooms, cell.rooms, "{category:?} {status:?}");
            assert!((mine.area_m2 - cell.area_m2).abs() < 1e-6);
        }
    }
    for (category, status, cell) in reread.totals.nonempty() {
        assert_eq!(
            workspace.index().totals.cell(category, status).rooms,
            cell.rooms
        );
    }
    workspace.undo().unwrap();
    let back = workspace.floor_plan(&floor).unwrap();
    assert_eq!(
        RoomFields::of(back.room(&room.uuid).unwrap().0),
        RoomFields::of(&room)
    );

    // A unit's name.
    let unit = workspace.units()[0].clone();
    workspace
        .apply(Edit::RenameUnit {
            unit: unit.uuid,
            name: "新单位名称".into(),
        })
        .unwrap();
    let units = Store::open(&path).unwrap().load_units().unwrap();
    assert_eq!(units[0].name, "新单位名称");
    assert_eq!(workspace.units()[0].name, "新单位名称");
    workspace.undo().unwrap();
    assert_eq!(workspace.units()[0].name, unit.name);

    let log = workspace.history(10).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["rename_unit", "rename_unit", "set_room", "set_room"]
    );
    assert!(log[3].summary.contains("库房"), "{:?}", log[3]);
}

/// A generated project of 40 rooms (seed 13) written to `dir`, opened.
fn generated(dir: &std::path::Path) -> Workspace {
    let path = dir.join("door.gpkg");
    let project = generate(GenerateOptions {
        rooms: 40,
        seed: 13,
        large_floor_rooms: 0,
    });
    Workspace::create(&path, &project, CreateOptions::default()).unwrap()
}

/// The newest `n` change-log codes, newest first.
fn actions(workspace: &Workspace, n: usize) -> Vec<String> {
    workspace
        .history(n)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[test]
fn scenario_new_delete_and_rebase_are_undoable_with_a_log_line() {
    // Issue 11 (one door): making or deleting a scenario could not be undone.
    let dir = tempfile::tempdir().unwrap();
    let mut workspace = generated(dir.path());
    let scenario = workspace.new_scenario("方案一", "备注").unwrap();
    assert_eq!(actions(&workspace, 1), ["scenario.new"]);
    workspace.undo().unwrap();
    assert!(workspace.scenarios().unwrap().is_empty(), "undo removes it");
    workspace.redo().unwrap();
    let info = workspace.find_scenario("方案一").unwrap();
    assert_eq!((info.uuid, info.note.as_str()), (scenario, "备注"));

    workspace.delete_scenario(&scenario).unwrap();
    assert!(workspace.scenarios().unwrap().is_empty());
    workspace.undo().unwrap();
    let back = workspace.find_scenario("方案一").unwrap();
    assert_eq!(back, info, "undo brings it back as it was");
    assert_eq!(
        actions(&workspace, 4),
        [
            "scenario.restore",
            "scenario.delete",
            "scenario.new",
            "scenario.delete"
        ]
    );

    workspace.activate(Some(scenario)).unwrap();
    assert!(workspace.rebase().unwrap().is_empty());
    assert_eq!(actions(&workspace, 1), ["scenario.rebase"]);
    workspace.undo().unwrap();
    // Bookkeeping never makes a scenario stale.
    assert!(!workspace.scenario_overview().unwrap()[0].stale);
}

#[test]
fn underlay_floor_workbook_and_standard_edits_are_undoable_with_a_log_line() {
    use officeplan::model::{ChangeAction, Floor, Uuid};
    use officeplan::store::UnderlayRecord;
    use officeplan::workspace::StandardChoice;

    let dir = tempfile::tempdir().unwrap();
    let mut workspace = generated(dir.path());
    let floor = workspace.index().floors[0].floor.uuid;

    // Underlay: set, placed anew, removed; each undo puts back the one before.
    let mut scan = UnderlayRecord {
        name: "scan.png".into(),
        image: vec![1, 2, 3],
        origin: (0.5, 21.0),
        metres_per_pixel: 0.02,
        opacity: 0.6,
    };
    workspace.save_underlay(&floor, &scan).unwrap();
    let first = scan.clone();
    scan.metres_per_pixel = 0.04;
    workspace.save_underlay(&floor, &scan).unwrap();
    workspace.remove_underlay(&floor).unwrap();
    assert_eq!(workspace.underlay(&floor).unwrap(), None);
    workspace.undo().unwrap();
    assert_eq!(workspace.underlay(&floor).unwrap(), Some(scan));
    workspace.undo().unwrap();
    assert_eq!(workspace.underlay(&floor).unwrap(), Some(first));
    workspace.undo().unwrap();
    assert_eq!(workspace.underlay(&floor).unwrap(), None);
    assert_eq!(
        actions(&workspace, 6),
        [
            "underlay.remove",
            "underlay.place",
            "underlay.set",
            "underlay.remove",
            "underlay.place",
            "underlay.set"
        ]
    );

    // A floor added, then taken back.
    let floors = workspace.index().floors.len();
    let building = workspace.index().buildings[0].building.uuid;
    workspace
        .add_floor(&Floor {
            uuid: Uuid::now_v7(),
            building,
            name: "9F".into(),
            level: 9,
            elevation_m: None,
            storey_height_m: None,
        })
        .unwrap();
    assert_eq!(workspace.index().floors.len(), floors + 1);
    workspace.undo().unwrap();
    assert_eq!(workspace.index().floors.len(), floors);
    assert_eq!(actions(&workspace, 2), ["remove_floor", "add_floor"]);

    // A workbook's organisation, then the one before.
    let before = workspace.organisation().unwrap();
    let mut changed = before.clone();
    changed.units[0].name = "新单位".into();
    workspace
        .replace_organisation(&changed, "units.xlsx".into(), String::new())
        .unwrap();
    assert_eq!(workspace.units()[0].name, "新单位");
    workspace.undo().unwrap();
    assert_eq!(workspace.organisation().unwrap(), before);
    assert_eq!(actions(&workspace, 2), ["restore_units", "import_units"]);

    // Standard overrides, then none again.
    let settings = workspace.settings().unwrap();
    workspace
        .set_standard(StandardChoice {
            standard: settings.standard.clone(),
            province: settings.province.clone(),
            overrides: "[office.county.rows.chief]\narea_m2 = 32\n".into(),
            action: ChangeAction::SetStandardOverrides,
            summary: "office.county.rows.chief.area_m2=32".into(),
        })
        .unwrap();
    assert!(
        workspace
            .settings()
            .unwrap()
            .standard_overrides
            .contains("32")
    );
    workspace.undo().unwrap();
    assert_eq!(workspace.settings().unwrap(), settings);
    assert_eq!(
        actions(&workspace, 2),
        ["set_standard_overrides", "set_standard_overrides"]
    );
}

#[test]
fn the_history_is_translated_in_local_time_by_the_os_user() {
    use officeplan::store::{ChangeEntry, current_user};

    let dir = tempfile::tempdir().unwrap();
    let mut workspace = generated(dir.path());
    workspace.new_scenario("方案一", "").unwrap();
    let entry = workspace.history(1).unwrap().remove(0);
    // The operator is the OS user, never "unknown" when the OS knows.
    assert_eq!(entry.user, current_user());
    assert_ne!(entry.user, "unknown");
    officeplan::i18n::set_language(officeplan::i18n::Language::Chinese);
    // Issue 11: the panel showed the raw code `scenario.new`.
    assert_eq!(
        officeplan::labels::change_line(&entry),
        "新建调剂方案 方案一"
    );
    let split = ChangeEntry {
        at: "2026-03-05T08:30:00.000Z".into(),
        user: "zhang".into(),
        action: "split_room".into(),
        summary: "101".into(),
    };
    assert_eq!(officeplan::labels::change_line(&split), "分割房间 101");
    // A code of another version is shown as stored.
    let newer = ChangeEntry {
        action: "teleport_room".into(),
        ..split
    };
    assert_eq!(officeplan::labels::change_line(&newer), "teleport_room 101");
    // Shown in local time, to the second.
    let shown = officeplan::model::local_time(&newer.at);
    assert_eq!(shown.len(), "2026-03-05 08:30:00".len());
}
