//! Planning benchmarks on the generated 1M-room province file (issue #5 target: one move plus
//! the incremental update ≤ 1 ms median).
//!
//! - `move_1m`: a unit dropped on an idle room (the gesture turned into a move) and the
//!   check and scenario figures updated by delta; the move is taken back outside the timing.
//! - `move_person_room_1m`: a unit moved from one of its rooms to an idle room, with the
//!   persons seated there (their findings are checked again over the whole project: reported
//!   for information).
//! - `workspace_move_1m`: the same as the planner does it: the move stored in the scenario
//!   (one SQLite transaction) and the state updated; taken back with undo outside the timing.
//! - `best_fit_300_idle`: the stack plan's best fit (`relocate`) of a unit of 10 persons in
//!   5 rooms onto a floor of 300 idle rooms of distinct areas (9.0 … 68.8 m²): the bounded
//!   search and the compliance judgement of its best sets (`planning::best_fit`). It needs
//!   no province: `cargo bench --bench planning -- best_fit` skips the 1M-room setup.

mod common;

use std::time::{Duration, Instant};

use criterion::{Bencher, Criterion, criterion_group, criterion_main};
use officeplan::model::{RoomStatus, Uuid};
use officeplan::planning::{Checked, drop_unit};
use officeplan::workspace::Workspace;

fn idle_rooms(checked: &Checked, n: usize) -> Vec<Uuid> {
    checked
        .project
        .rooms
        .iter()
        .filter(|r| r.units.is_empty() && r.status == RoomStatus::Idle)
        .take(n)
        .map(|r| r.uuid)
        .collect()
}

/// Times `step` (the k-th move on `state`) per iteration; `undo` takes it back outside the
/// timing, so every iteration starts from the same state.
fn time_undone<S, M>(
    b: &mut Bencher<'_>,
    state: &mut S,
    mut step: impl FnMut(&mut S, usize) -> M,
    mut undo: impl FnMut(&mut S, M),
) {
    let mut k = 0usize;
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            k += 1;
            let started = Instant::now();
            let done = std::hint::black_box(step(state, k));
            total += started.elapsed();
            undo(state, done);
        }
        total
    });
}

fn benches(c: &mut Criterion) {
    // A run filtered to the best-fit case does not build and check the province.
    if std::env::args().skip(1).any(|a| a.contains("best_fit")) {
        return;
    }
    let path = common::province_file(None);
    let mut workspace = Workspace::open(&path).expect("open the province");
    let scenario = workspace
        .new_scenario(&format!("bench {}", std::process::id()), "")
        .expect("scenario");
    workspace
        .activate(Some(scenario))
        .expect("check the province");
    let mut checked: Checked = (*workspace.checked().expect("checked")).clone();
    let targets = idle_rooms(&checked, 256);
    assert!(!targets.is_empty(), "the province has idle rooms");
    let units: Vec<Uuid> = checked
        .project
        .units
        .iter()
        .step_by(37)
        .take(256)
        .map(|u| u.uuid)
        .collect();
    let today = "2026-10-01".to_owned();

    let mut group = c.benchmark_group("planning");
    group
        .sample_size(200)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("move_1m", |b| {
        time_undone(
            b,
            &mut checked,
            |checked, k| {
                let (unit, room) = (units[k % units.len()], targets[k % targets.len()]);
                let m = drop_unit(checked, today.clone(), unit, None, room, None).expect("a move");
                checked.apply(&m).expect("applies");
                m
            },
            |checked, m| {
                checked.revert(&m).expect("reverts");
            },
        );
    });
    // A room with persons seated: the unit leaves it for an idle room and they follow.
    let seated = checked
        .project
        .rooms
        .iter()
        .enumerate()
        .find(|(i, r)| r.units.len() == 1 && !checked.persons_in_room(*i).is_empty())
        .map(|(_, r)| (r.units[0], r.uuid));
    if let Some((unit, from)) = seated {
        group.sample_size(10);
        group.bench_function("move_person_room_1m", |b| {
            time_undone(
                b,
                &mut checked,
                |checked, k| {
                    let to = targets[k % targets.len()];
                    let m = drop_unit(checked, today.clone(), unit, Some(from), to, None)
                        .expect("a move");
                    checked.apply(&m).expect("applies");
                    m
                },
                |checked, m| {
                    checked.revert(&m).expect("reverts");
                },
            );
        });
    }
    drop(checked);
    group.sample_size(100);
    group.bench_function("workspace_move_1m", |b| {
        time_undone(
            b,
            &mut workspace,
            |workspace, k| {
                let (unit, room) = (units[k % units.len()], targets[k % targets.len()]);
                workspace.drop_unit(unit, None, room, None).expect("a move");
            },
            |workspace, ()| {
                workspace.undo().expect("undo");
            },
        );
    });
    group.finish();
    workspace.delete_scenario(&scenario).ok();
}

/// A county bureau (1 县级副职, 3 副科级, 6 科级以下: 24 + 36 + 54 = 114 m² approved) in five
/// rooms on floor 1, and floor 2 with 300 idle rooms of 9.0 … 68.8 m² (0.2 m² apart).
fn best_fit_state() -> Checked {
    use geo::polygon;
    use officeplan::model::{
        Building, Floor, Grade, OrganCategory, Person, PersonStatus, Project, Room, RoomCategory,
        TitleStatus, Unit, UnitKind,
    };
    let rect =
        |w: f64, d: f64| polygon![(x: 0.0, y: 0.0), (x: w, y: 0.0), (x: w, y: d), (x: 0.0, y: d)];
    let floor = |n: u128, level: i32| Floor {
        uuid: Uuid::from_u128(900 + n),
        building: Uuid::from_u128(100),
        name: format!("{level}F"),
        level,
        elevation_m: None,
        storey_height_m: None,
    };
    let room = |n: u128, floor: u128, area: f64, unit: Option<u128>| Room {
        uuid: Uuid::from_u128(n),
        floor: Uuid::from_u128(900 + floor),
        number: n.to_string(),
        name: String::new(),
        category: RoomCategory::Office,
        sub_use: String::new(),
        status: if unit.is_some() {
            RoomStatus::InUse
        } else {
            RoomStatus::Idle
        },
        status_since: unit.is_none().then(|| "2026-01-01".to_owned()),
        polygon: rect(area / 4.0, 4.0),
        surveyed_area_m2: None,
        units: unit.map(Uuid::from_u128).into_iter().collect(),
        note: String::new(),
    };
    let mut project = Project {
        floors: vec![floor(1, 1), floor(2, 2)],
        ..Project::default()
    };
    project.buildings.push(Building {
        uuid: Uuid::from_u128(100),
        site: Uuid::from_u128(1),
        name: "1号楼".into(),
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
    });
    project.units.push(Unit {
        region: None,
        uuid: Uuid::from_u128(7),
        name: "示范县审计局".into(),
        organ_category: OrganCategory::County,
        kind: UnitKind::Organ,
        parent: None,
        posts: [
            (Grade::DivisionDeputy, 1),
            (Grade::SectionDeputy, 3),
            (Grade::Clerk, 6),
        ]
        .into_iter()
        .collect(),
        service_posts: 0,
        headcount: 10,
        note: String::new(),
        rank_step: None,
    });
    for (k, area) in [30.0, 24.0, 24.0, 20.0, 30.0].iter().enumerate() {
        project.rooms.push(room(10 + k as u128, 1, *area, Some(7)));
    }
    for k in 0..300u32 {
        project.rooms.push(room(
            1000 + u128::from(k),
            2,
            9.0 + 0.2 * f64::from(k),
            None,
        ));
    }
    let grades = [Grade::DivisionDeputy]
        .into_iter()
        .chain([Grade::SectionDeputy; 3])
        .chain([Grade::Clerk; 6]);
    for (k, grade) in grades.enumerate() {
        project.persons.push(Person {
            uuid: Uuid::from_u128(5000 + k as u128),
            name: format!("人员{k}"),
            grade,
            title: String::new(),
            unit: Uuid::from_u128(7),
            status: PersonStatus::InPost,
            status_date: None,
            concurrent: Vec::new(),
            rooms: vec![Uuid::from_u128(10 + (k % 5) as u128)],
            second_office_approval: String::new(),
            second_office_approval_date: None,
            rank: String::new(),
            rank_only: false,
            party_government_head: false,
        });
    }
    let standard = officeplan::standards::ProjectStandard::new("cn-2014", "", "").expect("set");
    let options = officeplan::analysis::compliance::CheckOptions {
        as_of: "2026-10-01".into(),
    };
    Checked::new(project, standard, &options)
}

fn best_fit_benches(c: &mut Criterion) {
    let checked = best_fit_state();
    let (unit, from, to) = (
        Uuid::from_u128(7),
        Uuid::from_u128(901),
        Uuid::from_u128(902),
    );
    let mut group = c.benchmark_group("planning");
    group.sample_size(50);
    group.bench_function("best_fit_300_idle", |b| {
        b.iter(|| {
            officeplan::planning::relocate(&checked, "2026-10-01".into(), unit, &from, &to)
                .expect("a fit")
        });
    });
    group.finish();
}

criterion_group!(planning, benches, best_fit_benches);
criterion_main!(planning);
