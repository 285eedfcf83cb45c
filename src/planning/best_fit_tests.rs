//! The best-fit rule on a small county: numbers from the 2014 county column (表3, assets/
//! standards/cn-2014.toml `[office.county]`): 县级副职 24 m², 副科级 12 m².

use std::collections::BTreeMap;

use geo::polygon;

use super::*;
use crate::analysis::compliance::CheckOptions;
use crate::model::{
    Building, Floor, Grade, OrganCategory, Person, PersonStatus, Project, Room, RoomCategory,
    TitleStatus, Unit, UnitKind,
};
use crate::standards::ProjectStandard;

const UNIT: u128 = 7;
const TODAY: &str = "2026-09-30";

fn building(n: u128) -> Building {
    Building {
        uuid: Uuid::from_u128(100 + n),
        site: Uuid::from_u128(1),
        name: format!("{n}号楼"),
        year_built: None,
        storeys: None,
        structure: String::new(),
        gross_area_m2: None,
        usable_coefficient: None,
        title_status: TitleStatus::Registered,
        certificate_no: String::new(),
        rented: false,
        anchor_lon_lat: None,
        rotation_deg: 0.0,
        basement_storeys: None,
        office_gross_m2: None,
        technical_gross_m2: None,
        owner: String::new(),
        lessor: String::new(),
        lease_start: None,
        lease_end: None,
        returned_on: None,
        main_user: Default::default(),
        footprint: None,
    }
}

fn floor(n: u128, building: u128, level: i32) -> Floor {
    Floor {
        uuid: Uuid::from_u128(900 + n),
        building: Uuid::from_u128(100 + building),
        name: format!("{level}F"),
        level,
        elevation_m: None,
        storey_height_m: None,
    }
}

/// A `w` × `d` m room (使用面积 w·d) on floor `900 + floor`, held by `units` (idle if none).
fn room(n: u128, floor: u128, w: f64, d: f64, units: &[u128]) -> Room {
    let idle = units.is_empty();
    Room {
        uuid: Uuid::from_u128(n),
        floor: Uuid::from_u128(900 + floor),
        number: n.to_string(),
        name: String::new(),
        category: RoomCategory::Office,
        sub_use: String::new(),
        status: if idle {
            RoomStatus::Idle
        } else {
            RoomStatus::InUse
        },
        status_since: idle.then(|| "2026-01-01".to_owned()),
        polygon: polygon![(x: 0.0, y: 0.0), (x: w, y: 0.0), (x: w, y: d), (x: 0.0, y: d)],
        surveyed_area_m2: None,
        units: units.iter().map(|u| Uuid::from_u128(*u)).collect(),
        note: String::new(),
    }
}

fn person(n: u128, name: &str, grade: Grade, rooms: &[u128]) -> Person {
    Person {
        uuid: Uuid::from_u128(5000 + n),
        name: name.to_owned(),
        grade,
        title: String::new(),
        unit: Uuid::from_u128(UNIT),
        status: PersonStatus::InPost,
        status_date: None,
        concurrent: Vec::new(),
        rooms: rooms.iter().map(|r| Uuid::from_u128(*r)).collect(),
        second_office_approval: String::new(),
        second_office_approval_date: None,
        rank: String::new(),
        rank_only: false,
        party_government_head: false,
    }
}

/// A county bureau approved 1 × 县级副职 (24) + 2 × 副科级 (12) = 48 m² of offices, all three
/// in room 101 (8 × 7.5 = 60 m²) on 1F of building 0; on 2F, idle: 201 (8 × 7.5 = 60 m²),
/// 202 (6 × 4 = 24 m²), 203 (4 × 6 = 24 m²); building 1's 1F has idle 301 (5 × 6 = 30 m²).
fn county() -> Checked {
    let project = Project {
        buildings: vec![building(0), building(1)],
        floors: vec![floor(1, 0, 1), floor(2, 0, 2), floor(3, 1, 1)],
        units: vec![Unit {
            region: None,
            uuid: Uuid::from_u128(UNIT),
            name: "示范县审计局".to_owned(),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: BTreeMap::from([(Grade::DivisionDeputy, 1), (Grade::SectionDeputy, 2)]),
            service_posts: 0,
            headcount: 3,
            note: String::new(),
            rank_step: None,
        }],
        rooms: vec![
            room(101, 1, 8.0, 7.5, &[UNIT]),
            room(201, 2, 8.0, 7.5, &[]),
            room(202, 2, 6.0, 4.0, &[]),
            room(203, 2, 4.0, 6.0, &[]),
            room(301, 3, 5.0, 6.0, &[]),
        ],
        persons: vec![
            person(1, "周局长", Grade::DivisionDeputy, &[101]),
            person(2, "吴副科", Grade::SectionDeputy, &[101]),
            person(3, "郑副科", Grade::SectionDeputy, &[101]),
        ],
        ..Project::default()
    };
    let standard = ProjectStandard::new("cn-2014", "", "").unwrap();
    Checked::new(
        project,
        standard,
        &CheckOptions {
            as_of: TODAY.to_owned(),
        },
    )
}

fn uuids(rooms: &[u128]) -> Vec<Uuid> {
    rooms.iter().map(|r| Uuid::from_u128(*r)).collect()
}

fn rooms_of(checked: &Checked, person: u128) -> Vec<Uuid> {
    let i = checked
        .person_index(&Uuid::from_u128(5000 + person))
        .unwrap();
    checked.project.persons[i].rooms.clone()
}

#[test]
fn a_unit_of_48_m2_lands_in_the_two_24_m2_rooms_and_nobody_is_over() {
    let mut state = county();
    // Before: 101 is 60 m² against 48 approved; the three share it, and 60 > 24 + 12 + 12 =
    // 48, the sum of their rows: the shared office is over, and its three persons with it.
    let before = state.kpis();
    assert_eq!((before.units_over, before.persons_over), (1, 3));
    let (m, fit) = relocate(
        &state,
        TODAY.to_owned(),
        Uuid::from_u128(UNIT),
        &Uuid::from_u128(901),
        &Uuid::from_u128(902),
    )
    .unwrap();
    // Need: min(60 held, 24 + 12 + 12 rows) = 48; 202 + 203 = 48, no surplus.
    assert_eq!(fit.rooms, uuids(&[202, 203]));
    assert!((fit.need_m2 - 48.0).abs() < 1e-9);
    assert!((fit.total_m2 - 48.0).abs() < 1e-9);
    assert_eq!(fit.candidates, 3);
    assert!(!fit.unit_over);
    assert_eq!(
        fit.persons,
        PersonsOver {
            before: 3,
            after: 0,
            seated_over: Vec::new()
        }
    );
    state.apply(&m).unwrap();
    let after = state.kpis();
    assert_eq!((after.units_over, after.persons_over), (0, 0));
    // The 县级副职 alone in 202 (the first of the two equal rooms), the 副科级 share 203.
    assert_eq!(rooms_of(&state, 1), uuids(&[202]));
    assert_eq!(rooms_of(&state, 2), uuids(&[203]));
    assert_eq!(rooms_of(&state, 3), uuids(&[203]));
    // 101 is idle now; the delta state equals a full recompute.
    assert!(state.project.rooms[0].units.is_empty());
    assert_eq!(state.project.rooms[0].status, RoomStatus::Idle);
    assert_eq!(state.kpis(), state.recomputed().kpis());
}

#[test]
fn without_the_small_rooms_the_60_m2_room_is_taken_and_says_who_is_over() {
    let mut state = county();
    // 202 and 203 are let out of the search: only 201 (60 m²) is idle on 2F.
    for r in [2, 3] {
        state.project.rooms[r].status = RoomStatus::Repair;
    }
    let state = state.recomputed();
    let (_, fit) = relocate(
        &state,
        TODAY.to_owned(),
        Uuid::from_u128(UNIT),
        &Uuid::from_u128(901),
        &Uuid::from_u128(902),
    )
    .unwrap();
    assert_eq!(fit.rooms, uuids(&[201]));
    // 60 m² > 48 approved; all three share 201 again, 60 > 48 = Σ rows: the room is over
    // and its three persons with it.
    assert!(fit.unit_over);
    assert_eq!((fit.persons.before, fit.persons.after), (3, 3));
    assert_eq!(fit.persons.seated_over.len(), 3);
}

#[test]
fn chosen_rooms_of_another_building_take_the_unit_and_its_persons() {
    let mut state = county();
    // The planner picks 301 (30 m²) in building 1 and 202 (24 m²) in building 0.
    let (m, fit) = relocate_into(
        &state,
        TODAY.to_owned(),
        Uuid::from_u128(UNIT),
        &Uuid::from_u128(901),
        &uuids(&[202, 301]),
    )
    .unwrap();
    // Largest first; 54 m² > 48 approved: the unit is over by 6 m².
    assert_eq!(fit.rooms, uuids(&[301, 202]));
    assert!(fit.unit_over);
    // Seating: the 县级副职 (24) alone takes 202 (the largest room within 24); the two
    // 副科级 share 301, 30 > 12 + 12 = 24: the shared office is over, both with it.
    assert_eq!((fit.persons.before, fit.persons.after), (3, 2));
    state.apply(&m).unwrap();
    // The preview's count is what the move does.
    assert_eq!(state.kpis().persons_over, fit.persons.after);
    assert_eq!(rooms_of(&state, 1), uuids(&[202]));
    assert_eq!(rooms_of(&state, 2), uuids(&[301]));
    assert_eq!(state.kpis(), state.recomputed().kpis());
}

#[test]
fn a_floor_of_many_idle_rooms_is_searched_within_the_bound() {
    // 300 idle rooms of distinct areas 9.00 … 38.90 m² (0.1 m² apart): the search stops
    // within MAX_NODES branches and still finds sets that seat everyone within their rows.
    let areas: Vec<f64> = (0..300).rev().map(|i| 9.0 + 0.1 * f64::from(i)).collect();
    let rows = [24.0, 12.0, 12.0, 9.0, 9.0];
    let sets = candidate_sets(&areas, &rows, 66.0);
    assert!(!sets.is_empty() && sets.len() <= MAX_JUDGED);
    let best: Vec<f64> = sets[0].iter().map(|i| areas[*i]).collect();
    assert!(best.iter().sum::<f64>() >= 66.0 - 1e-9);
    let seats = seating(&rows, &best);
    assert_eq!(seats.len(), rows.len());
}

#[test]
fn the_need_is_the_rooms_held_when_nobody_sits_in_them() {
    let mut state = county();
    state.project.persons.clear();
    let state = state.recomputed();
    let (_, fit) = relocate(
        &state,
        TODAY.to_owned(),
        Uuid::from_u128(UNIT),
        &Uuid::from_u128(901),
        &Uuid::from_u128(902),
    )
    .unwrap();
    // Nobody sits in 101: all 60 m² are needed; 201 alone (60) beats 202 + 203 (48, short).
    assert!((fit.need_m2 - 60.0).abs() < 1e-9);
    assert_eq!(fit.rooms, uuids(&[201]));
}

#[test]
fn a_chosen_room_another_unit_holds_is_refused() {
    // 101 is the bureau's own; give 202 to unit 8 and choose it.
    let mut state = county();
    state.project.rooms[2].units = vec![Uuid::from_u128(8)];
    state.project.rooms[2].status = RoomStatus::InUse;
    let state = state.recomputed();
    let refused = relocate_into(
        &state,
        TODAY.to_owned(),
        Uuid::from_u128(UNIT),
        &Uuid::from_u128(901),
        &uuids(&[202, 203]),
    );
    assert_eq!(
        refused.map(|(_, fit)| fit.rooms),
        Err(GestureError::Occupied {
            number: "202".to_owned()
        })
    );
}
