//! Planning by delta against the full recompute: any sequence of gestures applied to a
//! checked project leaves its units' compliance, person findings and scenario figures equal
//! to checking the end state from scratch; taking the moves back restores the start.

use officeplan::analysis::compliance::CheckOptions;
use officeplan::model::{RoomStatus, Uuid};
use officeplan::planning::{Checked, Move, Occupied, drop_person, drop_rooms, drop_unit, relocate};
use officeplan::standards::ProjectStandard;
use officeplan::synth::{GenerateOptions, generate};
use proptest::prelude::*;

fn checked(seed: u64) -> Checked {
    let project = generate(GenerateOptions {
        rooms: 120,
        seed,
        large_floor_rooms: 0,
    });
    let standard = ProjectStandard::resolve(&project.settings).unwrap();
    let options = CheckOptions {
        as_of: "2026-09-30".into(),
    };
    Checked::new(project, standard, &options)
}

/// Asserts that a state kept by delta equals a fresh check of the same project.
fn assert_same(state: &Checked) {
    let fresh = state.recomputed();
    assert_eq!(state.compliance.units.len(), fresh.compliance.units.len());
    for (a, b) in state.compliance.units.iter().zip(&fresh.compliance.units) {
        for (x, y) in [
            (a.office.used_m2, b.office.used_m2),
            (a.basic.used_m2, b.basic.used_m2),
            (a.basic.excess_m2, b.basic.excess_m2),
            (a.idle_m2, b.idle_m2),
            (a.ancillary_gross_m2, b.ancillary_gross_m2),
            (a.technical_gross_m2, b.technical_gross_m2),
        ] {
            assert!((x - y).abs() < 1e-6, "unit {}: {x} ≠ {y}", a.unit);
        }
        assert_eq!(a.over, b.over, "unit {}", a.unit);
    }
    assert_eq!(state.compliance.persons, fresh.compliance.persons);
    assert_eq!(state.compliance.rooms, fresh.compliance.rooms);
    let (ia, ib): (Vec<usize>, Vec<usize>) = (
        state.compliance.idle_rooms.iter().map(|f| f.room).collect(),
        fresh.compliance.idle_rooms.iter().map(|f| f.room).collect(),
    );
    assert_eq!(ia, ib);
    assert!(state.tally.agrees_with(&fresh.tally));
    let (ka, kb) = (state.kpis(), fresh.kpis());
    assert_eq!(ka.vacated_buildings, kb.vacated_buildings);
    assert_eq!(ka.vacated_floors, kb.vacated_floors);
    assert_eq!(
        (ka.units_over, ka.persons_over, ka.units_split),
        (kb.units_over, kb.persons_over, kb.units_split)
    );
    assert!((ka.idle_area_m2 - kb.idle_area_m2).abs() < 1e-6);
    assert!((ka.over_standard_area_m2 - kb.over_standard_area_m2).abs() < 1e-6);
}

/// A gesture chosen by numbers: which kind, which unit, rooms, person and option.
#[derive(Clone, Debug)]
struct Pick {
    kind: u8,
    a: usize,
    b: usize,
    c: usize,
    option: u8,
}

fn gesture(state: &Checked, pick: &Pick) -> Option<Move> {
    let project = &state.project;
    let room = |i: usize| project.rooms.get(i % project.rooms.len()).map(|r| r.uuid);
    let unit = project.units.get(pick.a % project.units.len().max(1))?.uuid;
    let option = [
        None,
        Some(Occupied::Swap),
        Some(Occupied::Share),
        Some(Occupied::Replace),
    ][usize::from(pick.option % 4)];
    let today = "2026-10-01".to_owned();
    let result = match pick.kind % 5 {
        0 => drop_unit(state, today, unit, None, room(pick.b)?, option),
        1 => {
            // From one of the unit's rooms, if it holds any.
            let from = project
                .rooms
                .iter()
                .filter(|r| r.units.contains(&unit))
                .nth(pick.c % 4)?;
            drop_unit(state, today, unit, Some(from.uuid), room(pick.b)?, option)
        }
        2 => {
            let person = project.persons.get(pick.b % project.persons.len().max(1))?;
            let from = person.rooms.first().copied();
            drop_person(state, today, person.uuid, from, room(pick.c)?)
        }
        3 => {
            let floors = &project.floors;
            let from = project
                .rooms
                .iter()
                .find(|r| r.units.contains(&unit))?
                .floor;
            let to = floors.get(pick.b % floors.len())?.uuid;
            relocate(state, today, unit, &from, &to).map(|(m, _)| m)
        }
        _ => {
            let pairs: Vec<(Uuid, Uuid)> = (0..1 + pick.option as usize % 3)
                .filter_map(|k| Some((room(pick.b + k)?, room(pick.c + k)?)))
                .collect();
            drop_rooms(state, today, &pairs)
        }
    };
    result.ok()
}

fn picks() -> impl Strategy<Value = Vec<Pick>> {
    prop::collection::vec(
        (0u8..5, 0usize..1000, 0usize..1000, 0usize..1000, 0u8..12).prop_map(
            |(kind, a, b, c, option)| Pick {
                kind,
                a,
                b,
                c,
                option,
            },
        ),
        1..25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_sequence_of_moves_equals_a_full_recompute(seed in 0u64..6, picks in picks()) {
        let start = checked(seed);
        let mut state = start.clone();
        let mut applied = Vec::new();
        for pick in &picks {
            if let Some(m) = gesture(&state, pick) {
                state.apply(&m).unwrap();
                // Every room in use that a move leaves without a unit is idle; every room given one
                // is not.
                for change in &m.rooms {
                    // (A room under repair stays under repair.)
                    if change.units_after.is_empty()
                        && !change.units_before.is_empty()
                        && change.status_before == RoomStatus::InUse
                    {
                        prop_assert_eq!(change.status_after, RoomStatus::Idle);
                    }
                    if !change.units_after.is_empty() {
                        prop_assert_ne!(change.status_after, RoomStatus::Idle);
                    }
                }
                applied.push(m);
                assert_same(&state);
            }
        }
        // Taking every move back, newest first, restores the start exactly.
        for m in applied.iter().rev() {
            state.revert(m).unwrap();
        }
        prop_assert_eq!(&state.project, &start.project);
        assert_same(&state);
        let (end, begin) = (state.kpis(), start.kpis());
        prop_assert!((end.idle_area_m2 - begin.idle_area_m2).abs() < 1e-6);
        prop_assert_eq!(
            (end.vacated_floors, end.units_over, end.persons_over, end.units_split),
            (begin.vacated_floors, begin.units_over, begin.persons_over, begin.units_split)
        );
    }
}

#[test]
fn a_stale_move_is_refused_and_nothing_changes() {
    let mut state = checked(1);
    let room = state
        .project
        .rooms
        .iter()
        .find(|r| r.units.is_empty() && r.status == RoomStatus::Idle)
        .cloned();
    let Some(room) = room else { return };
    let unit = state.project.units[0].uuid;
    let m = drop_unit(&state, "2026-10-01".into(), unit, None, room.uuid, None).unwrap();
    state.apply(&m).unwrap();
    let before = state.project.clone();
    // The same move again no longer finds the room idle and empty.
    let err = state.apply(&m).unwrap_err();
    assert!(err.to_string().contains(&room.number), "{err}");
    assert_eq!(state.project, before);
}

#[test]
fn the_preview_of_a_move_is_what_the_move_does() {
    for seed in 0..4 {
        let mut state = checked(seed);
        let project = &state.project;
        let Some(room) = project
            .rooms
            .iter()
            .find(|r| r.units.is_empty() && r.status == RoomStatus::Idle)
        else {
            continue;
        };
        let unit = project.units[seed as usize % project.units.len()].uuid;
        let m = drop_unit(&state, "2026-10-01".into(), unit, None, room.uuid, None).unwrap();
        let preview = state.preview(&m);
        state.apply(&m).unwrap();
        for p in preview {
            assert_eq!(p.after, state.compliance.units[p.unit]);
        }
    }
}
