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

    let log = workspace.store().change_log(10).unwrap();
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
