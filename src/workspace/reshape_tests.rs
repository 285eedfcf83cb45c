//! The reshaping rules on hand-made rooms (areas by hand: a 3 m × 4 m rectangle is 12 m²),
//! and the refusals and the undo on the bundled sample.

use geo::Coord;

use super::*;
use crate::analysis::edit_geometry::rectangle;
use crate::store::Seat;

fn c(x: f64, y: f64) -> Coord<f64> {
    Coord { x, y }
}

fn room(floor: Uuid, number: &str, a: Coord<f64>, b: Coord<f64>, units: Vec<Uuid>) -> Room {
    Room {
        number: number.to_owned(),
        category: RoomCategory::Office,
        status: RoomStatus::InUse,
        units,
        surveyed_area_m2: Some(99.0),
        ..new_room(floor, number.to_owned(), rectangle(a, b))
    }
}

/// The rooms and seats of the edit, with its change-log action.
fn result(r: &Reshaped) -> (&[Room], &[Seat], ChangeAction) {
    match &r.edit {
        Edit::ReplaceFloorRooms(f) => (&f.rooms, &f.seats, f.action),
        other => panic!("not a floor edit: {other:?}"),
    }
}

fn area(rooms: &[Room], uuid: Uuid) -> f64 {
    let r = rooms.iter().find(|r| r.uuid == uuid).expect("room");
    (room_area(&r.polygon) * 100.0).round() / 100.0
}

#[test]
fn a_drawn_room_is_an_idle_office_numbered_after_the_highest() {
    let floor = Uuid::now_v7();
    let rooms = vec![room(floor, "601", c(0.0, 0.0), c(3.0, 4.0), vec![])];
    let r = reshape_rooms(
        floor,
        rooms,
        vec![],
        &Reshape::Draw(rectangle(c(3.0, 0.0), c(6.0, 4.0))),
    )
    .expect("draw");
    let (rooms, _, action) = result(&r);
    assert_eq!(action, ChangeAction::DrawRoom);
    assert_eq!(rooms.len(), 2);
    let new = rooms.get(1).expect("new room");
    assert_eq!(r.select, vec![new.uuid]);
    assert_eq!(new.number, "602");
    assert_eq!(
        (new.category, new.status),
        (RoomCategory::Office, RoomStatus::Idle)
    );
    // 3 m × 4 m.
    assert_eq!(area(rooms, new.uuid), 12.0);
}

#[test]
fn a_room_drawn_over_rooms_is_refused_naming_them_and_the_shared_area() {
    let floor = Uuid::now_v7();
    let rooms = vec![
        room(floor, "601", c(0.0, 0.0), c(3.0, 4.0), vec![]),
        room(floor, "602", c(3.0, 0.0), c(6.0, 4.0), vec![]),
    ];
    // 2 m × 4 m over 601 (x 2–3: 4 m²) and 602 (x 3–4: 4 m²).
    let refused = reshape_rooms(
        floor,
        rooms.clone(),
        vec![],
        &Reshape::Draw(rectangle(c(2.0, 0.0), c(4.0, 4.0))),
    );
    match refused {
        Err(ReshapeError::Overlap { numbers, m2 }) => {
            assert_eq!((numbers.as_str(), m2.as_str()), ("601、602", "8.00"));
        }
        other => panic!("not refused as an overlap: {other:?}"),
    }
    // Sharing a wall line is not an overlap.
    reshape_rooms(
        floor,
        rooms,
        vec![],
        &Reshape::Draw(rectangle(c(6.0, 0.0), c(9.0, 4.0))),
    )
    .expect("a room against the wall of 602 is drawn");
}

#[test]
fn an_outline_without_area_is_refused() {
    let floor = Uuid::now_v7();
    let flat = crate::analysis::edit_geometry::polygon_from_vertices(vec![
        c(0.0, 0.0),
        c(2.0, 0.0),
        c(4.0, 0.0),
    ]);
    let refused = reshape_rooms(floor, vec![], vec![], &Reshape::Draw(flat));
    assert!(
        matches!(refused, Err(ReshapeError::Invalid { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_split_keeps_the_larger_piece_and_numbers_the_other() {
    let floor = Uuid::now_v7();
    let unit = Uuid::now_v7();
    let person = Uuid::now_v7();
    // 6 m × 4 m = 24 m², cut at x = 4: 16 m² kept, 8 m² new.
    let whole = room(floor, "211", c(0.0, 0.0), c(6.0, 4.0), vec![unit]);
    let kept = whole.uuid;
    let seats = vec![(kept, person)];
    // No room named: the one under the line's middle (5, 2).
    let change = Reshape::Split {
        room: None,
        a: c(4.0, -1.0),
        b: c(4.0, 5.0),
    };
    let r = reshape_rooms(floor, vec![whole], seats, &change).expect("split");
    let (rooms, seats, action) = result(&r);
    assert_eq!(action, ChangeAction::SplitRoom);
    let piece = rooms.iter().find(|r| r.uuid != kept).expect("piece");
    assert_eq!(r.select, vec![kept, piece.uuid]);
    assert_eq!((area(rooms, kept), area(rooms, piece.uuid)), (16.0, 8.0));
    assert_eq!(piece.number, "211-2");
    assert_eq!(piece.units, vec![unit]);
    // A survey measured the whole room, not its pieces; the seat stays in the kept room.
    assert!(rooms.iter().all(|r| r.surveyed_area_m2.is_none()));
    assert_eq!(seats, &[(kept, person)]);
}

#[test]
fn a_split_line_over_no_room_is_refused() {
    let floor = Uuid::now_v7();
    let rooms = vec![room(floor, "101", c(0.0, 0.0), c(3.0, 4.0), vec![])];
    let change = Reshape::Split {
        room: None,
        a: c(10.0, 0.0),
        b: c(10.0, 4.0),
    };
    let refused = reshape_rooms(floor, rooms, vec![], &change);
    assert!(
        matches!(refused, Err(ReshapeError::SplitPick)),
        "{refused:?}"
    );
}

#[test]
fn a_merge_keeps_the_largest_room_with_everyones_units_and_seats() {
    let floor = Uuid::now_v7();
    let (u1, u2) = (Uuid::now_v7(), Uuid::now_v7());
    let (p1, p2) = (Uuid::now_v7(), Uuid::now_v7());
    // 4 × 4 = 16 m² beside 2 × 4 = 8 m²: 24 m² together, in the 16 m² room's name.
    let big = room(floor, "301", c(0.0, 0.0), c(4.0, 4.0), vec![u1]);
    let small = room(floor, "302", c(4.0, 0.0), c(6.0, 4.0), vec![u2, u1]);
    let other = room(floor, "303", c(10.0, 0.0), c(12.0, 4.0), vec![]);
    let (keep, gone, other_uuid) = (big.uuid, small.uuid, other.uuid);
    // p1 sits in both merged rooms: one seat is left.
    let seats = vec![(keep, p1), (gone, p1), (gone, p2), (other_uuid, p2)];
    let r = reshape_rooms(
        floor,
        vec![big, small, other],
        seats,
        &Reshape::Merge(vec![keep, gone]),
    )
    .expect("merge");
    let (rooms, seats, action) = result(&r);
    assert_eq!(action, ChangeAction::MergeRooms);
    assert_eq!(r.select, vec![keep]);
    assert_eq!(rooms.len(), 2);
    assert_eq!(area(rooms, keep), 24.0);
    let merged = rooms.iter().find(|r| r.uuid == keep).expect("kept");
    assert_eq!(merged.number, "301");
    assert_eq!(merged.units, vec![u1, u2]);
    assert_eq!(seats, &[(keep, p1), (keep, p2), (other_uuid, p2)]);
}

#[test]
fn a_delete_takes_the_rooms_seats_with_it() {
    let floor = Uuid::now_v7();
    let person = Uuid::now_v7();
    let a = room(floor, "101", c(0.0, 0.0), c(3.0, 4.0), vec![]);
    let b = room(floor, "102", c(3.0, 0.0), c(6.0, 4.0), vec![]);
    let (gone, kept) = (a.uuid, b.uuid);
    let r = reshape_rooms(
        floor,
        vec![a, b],
        vec![(gone, person), (kept, person)],
        &Reshape::Delete(vec![gone]),
    )
    .expect("delete");
    let (rooms, seats, action) = result(&r);
    assert_eq!(action, ChangeAction::DeleteRooms);
    assert_eq!(rooms.iter().map(|r| r.uuid).collect::<Vec<_>>(), vec![kept]);
    assert_eq!(seats, &[(kept, person)]);
    assert!(r.select.is_empty());
}

#[test]
fn moving_a_vertex_changes_the_area() {
    let floor = Uuid::now_v7();
    let r0 = room(floor, "101", c(0.0, 0.0), c(3.0, 4.0), vec![]);
    let uuid = r0.uuid;
    // The rectangle's third vertex (3, 4) raised to (3, 6): a trapezoid of 3 × (4 + 6) / 2.
    let change = Reshape::Vertices {
        room: uuid,
        change: VertexChange::Move {
            ring: 0,
            vertex: 2,
            to: c(3.0, 6.0),
        },
    };
    let r = reshape_rooms(floor, vec![r0], vec![], &change).expect("vertex");
    let (rooms, _, action) = result(&r);
    assert_eq!(action, ChangeAction::EditVertices);
    assert_eq!(area(rooms, uuid), 15.0);
    assert_eq!(rooms.first().and_then(|r| r.surveyed_area_m2), None);
    // A room not on the floor is refused.
    let missing = Reshape::Vertices {
        room: Uuid::now_v7(),
        change: VertexChange::Remove { ring: 0, vertex: 0 },
    };
    assert!(matches!(
        reshape_rooms(floor, vec![], vec![], &missing),
        Err(ReshapeError::NoRoom)
    ));
}

#[test]
fn reshaping_is_refused_while_a_scenario_is_shown_and_undone_exactly() {
    let dir = tempfile::tempdir().expect("dir");
    let (project, store) = crate::store::sample_store(dir.path());
    let path = store.path().to_path_buf();
    drop(store);
    let mut w = Workspace::open(&path).expect("open");
    let first = project.rooms.first().expect("a room");
    let floor = first.floor;
    let sorted = |mut rooms: Vec<Room>| {
        rooms.sort_by_key(|r| r.uuid);
        rooms
    };
    let before = sorted(w.stored_floor_rooms(&floor).expect("rooms"));
    assert!(w.reshape_refusal().is_none());

    let r = w
        .reshape(floor, &Reshape::Delete(vec![first.uuid]))
        .expect("delete");
    w.apply(r.edit).expect("apply");
    let after = w.stored_floor_rooms(&floor).expect("rooms");
    assert_eq!(after.len() + 1, before.len());
    w.undo().expect("undo");
    assert_eq!(sorted(w.stored_floor_rooms(&floor).expect("rooms")), before);

    let scenario = w.new_scenario("合署办公", "").expect("scenario");
    w.show_scenario(Some(scenario)).expect("show");
    assert!(matches!(
        w.reshape(floor, &Reshape::Delete(vec![first.uuid])),
        Err(ReshapeError::ScenarioActive)
    ));
}
