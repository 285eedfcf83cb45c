//! Units, persons and seats edited one at a time through the one door: each is checked, gives
//! the numbers the standard says, and is undone to the very organisation it started from.

use std::collections::BTreeMap;

use super::{PeopleError, Workspace, WorkspaceError};
use crate::model::{
    ConcurrentPost, Grade, OrganCategory, Person, PersonStatus, Unit, UnitKind, Uuid,
};

fn sample() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("dir");
    let (_, store) = crate::store::sample_store(dir.path());
    let path = store.path().to_path_buf();
    drop(store);
    let workspace = Workspace::open(&path).expect("open");
    (dir, workspace)
}

fn archive() -> Unit {
    Unit {
        region: None,
        uuid: Uuid::from_u128(0xA1),
        name: "县地方志办".to_owned(),
        organ_category: OrganCategory::County,
        kind: UnitKind::Affiliated,
        parent: None,
        // 正科级 1 and 科级以下 2 (cn-2014 [office.county]: 18 + 2 × 9 = 36 m²).
        posts: BTreeMap::from([(Grade::SectionChief, 1), (Grade::Clerk, 2)]),
        service_posts: 1,
        headcount: 3,
        note: String::new(),
        rank_step: None,
    }
}

fn clerk(unit: Uuid) -> Person {
    Person {
        uuid: Uuid::from_u128(0xB1),
        name: "王小林".to_owned(),
        grade: Grade::Clerk,
        title: "科员".to_owned(),
        unit,
        status: PersonStatus::InPost,
        status_date: None,
        concurrent: Vec::new(),
        rooms: Vec::new(),
        second_office_approval: String::new(),
        second_office_approval_date: None,
        rank: String::new(),
        rank_only: false,
        party_government_head: false,
    }
}

fn approved_office(w: &mut Workspace, name: &str) -> Option<f64> {
    let checked = w.checked().expect("check");
    let index = checked.project.units.iter().position(|u| u.name == name)?;
    checked
        .compliance
        .units
        .iter()
        .find(|c| c.unit == index)
        .map(|c| c.office.approved_m2)
}

#[test]
fn a_new_unit_gets_its_approved_area_and_undo_takes_it_away() {
    let (_dir, mut w) = sample();
    let before = w.organisation().expect("org");
    w.add_unit(&archive()).expect("add");
    assert_eq!(approved_office(&mut w, "县地方志办"), Some(36.0));
    let mut more = archive();
    more.posts.insert(Grade::SectionDeputy, 1); // 副科级 12 m² → 48 m²
    w.edit_unit(&more).expect("edit");
    assert_eq!(approved_office(&mut w, "县地方志办"), Some(48.0));
    assert_eq!(w.history(1).expect("log")[0].action, "edit_unit");
    w.undo().expect("undo edit");
    assert_eq!(approved_office(&mut w, "县地方志办"), Some(36.0));
    w.undo().expect("undo add");
    assert_eq!(w.organisation().expect("org"), before);
    w.redo().expect("redo");
    assert_eq!(approved_office(&mut w, "县地方志办"), Some(36.0));
}

#[test]
fn a_taken_name_a_parent_loop_and_a_post_in_the_own_unit_are_refused() {
    let (_dir, mut w) = sample();
    let org = w.organisation().expect("org");
    let mut taken = archive();
    taken.name = org.units[0].name.clone();
    assert!(matches!(
        w.add_unit(&taken),
        Err(WorkspaceError::People(PeopleError::UnitNameTaken { .. }))
    ));
    w.add_unit(&archive()).expect("add");
    let mut child = archive();
    child.uuid = Uuid::from_u128(0xA2);
    child.name = "县地方志办分馆".to_owned();
    child.parent = Some(archive().uuid);
    w.add_unit(&child).expect("child");
    let mut looped = archive();
    looped.parent = Some(child.uuid);
    assert!(matches!(
        w.edit_unit(&looped),
        Err(WorkspaceError::People(PeopleError::ParentLoop { .. }))
    ));
    let mut p = clerk(archive().uuid);
    p.concurrent = vec![ConcurrentPost::in_unit(archive().uuid)];
    assert!(matches!(
        w.add_person(&p),
        Err(WorkspaceError::People(
            PeopleError::ConcurrentInOwnUnit { .. }
        ))
    ));
    p.concurrent = vec![ConcurrentPost {
        unit: child.uuid,
        start: Some("2026-03-01".to_owned()),
        end: Some("2025-03-01".to_owned()),
    }];
    assert!(matches!(
        w.add_person(&p),
        Err(WorkspaceError::People(PeopleError::TermBackwards { .. }))
    ));
}

#[test]
fn a_person_with_a_concurrent_post_is_kept_whole_and_deleted_and_restored() {
    let (_dir, mut w) = sample();
    w.add_unit(&archive()).expect("add");
    let other = w.organisation().expect("org").units[0].uuid;
    let mut p = clerk(archive().uuid);
    p.concurrent = vec![ConcurrentPost {
        unit: other,
        start: Some("2025-01-01".to_owned()),
        end: None,
    }];
    p.second_office_approval = "县委办〔2025〕7号".to_owned();
    p.second_office_approval_date = Some("2025-01-10".to_owned());
    w.add_person(&p).expect("person");
    let stored = w
        .organisation()
        .expect("org")
        .persons
        .into_iter()
        .find(|x| x.uuid == p.uuid)
        .expect("stored");
    assert_eq!(stored, p, "every field reads back");
    let before = w.organisation().expect("org");
    w.delete_person(&p.uuid).expect("delete");
    assert!(
        w.organisation()
            .expect("org")
            .persons
            .iter()
            .all(|x| x.uuid != p.uuid)
    );
    w.undo().expect("undo");
    assert_eq!(w.organisation().expect("org"), before);
}

#[test]
fn assigning_rooms_in_the_baseline_counts_for_the_unit_and_undoes() {
    let (_dir, mut w) = sample();
    w.add_unit(&archive()).expect("add");
    let project = w.load_project().expect("load");
    // Two idle offices nobody uses.
    let idle: Vec<(Uuid, f64)> = project
        .rooms
        .iter()
        .filter(|r| {
            r.units.is_empty()
                && r.category == crate::model::RoomCategory::Office
                && r.status == crate::model::RoomStatus::Idle
        })
        .take(2)
        .map(|r| (r.uuid, crate::analysis::room_area(&r.polygon)))
        .collect();
    assert_eq!(idle.len(), 2, "the sample has idle offices");
    let rooms: Vec<Uuid> = idle.iter().map(|(r, _)| *r).collect();
    let before = w.organisation().expect("org");
    w.assign_rooms(&archive().uuid, &rooms, false)
        .expect("assign");
    let used = {
        let checked = w.checked().expect("check");
        let index = checked
            .project
            .units
            .iter()
            .position(|u| u.name == "县地方志办")
            .expect("unit");
        checked
            .compliance
            .units
            .iter()
            .find(|c| c.unit == index)
            .map(|c| c.office.used_m2)
    };
    let expected: f64 = idle.iter().map(|(_, a)| a).sum();
    assert!(
        (used.unwrap_or(0.0) - expected).abs() < 0.01,
        "{used:?} vs {expected}"
    );
    assert_eq!(w.history(1).expect("log")[0].action, "assign_rooms");
    assert!(matches!(
        w.assign_rooms(&archive().uuid, &rooms, false),
        Err(WorkspaceError::People(PeopleError::AlreadyAssigned { .. }))
    ));
    w.undo().expect("undo");
    assert_eq!(w.organisation().expect("org"), before);
}

#[test]
fn deleting_a_unit_with_persons_needs_consent_and_undo_brings_all_back() {
    let (_dir, mut w) = sample();
    let before = w.organisation().expect("org");
    // The sample's 县审计局 has persons and rooms.
    let unit = before
        .units
        .iter()
        .find(|u| u.name == "县审计局")
        .expect("unit")
        .uuid;
    let contents = w.unit_contents(&unit).expect("contents");
    assert!(contents.persons > 0 && contents.rooms > 0, "{contents:?}");
    assert!(matches!(
        w.delete_unit(&unit, false),
        Err(WorkspaceError::People(PeopleError::UnitNotEmpty { .. }))
    ));
    assert_eq!(w.organisation().expect("org"), before, "nothing written");
    w.delete_unit(&unit, true).expect("delete");
    let after = w.organisation().expect("org");
    assert_eq!(after.units.len(), before.units.len() - 1);
    assert!(after.persons.iter().all(|p| p.unit != unit));
    w.undo().expect("undo");
    let restored = w.organisation().expect("org");
    // Rows come back in a new order; compare as sets.
    let sorted = |mut o: crate::model::Organisation| {
        o.units.sort_by_key(|u| u.uuid);
        o.persons.sort_by_key(|p| p.uuid);
        o.room_units.sort();
        o
    };
    assert_eq!(sorted(restored), sorted(before));
}

#[test]
fn seating_and_moving_a_person_is_one_edit_each() {
    let (_dir, mut w) = sample();
    let org = w.organisation().expect("org");
    let seated = org
        .persons
        .iter()
        .find(|p| p.rooms.len() == 1)
        .expect("a seated person")
        .clone();
    let from = seated.rooms[0];
    let project = w.load_project().expect("load");
    let to = project
        .rooms
        .iter()
        .find(|r| r.uuid != from && r.category == crate::model::RoomCategory::Office)
        .expect("another office")
        .uuid;
    w.move_seat(&seated.uuid, &from, &to).expect("move");
    let moved = w
        .organisation()
        .expect("org")
        .persons
        .into_iter()
        .find(|p| p.uuid == seated.uuid)
        .expect("person");
    assert_eq!(moved.rooms, vec![to]);
    assert_eq!(w.history(1).expect("log")[0].action, "seat_person");
    w.undo().expect("undo");
    assert_eq!(w.organisation().expect("org"), org);
    w.seat_person(&seated.uuid, &from, true).expect("unseat");
    assert!(matches!(
        w.seat_person(&seated.uuid, &from, true),
        Err(WorkspaceError::People(PeopleError::NotSeated { .. }))
    ));
}
