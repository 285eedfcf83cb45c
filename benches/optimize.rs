//! 智能调剂, each run with the app's default 10 s limit:
//!
//! - `sample_vacate_old_building`: the bundled sample, vacate 城东老办公楼 (issue #15's first
//!   acceptance line: proven optimal within 10 s; `tests/optimize.rs` pins the plan);
//! - on a synthetic county (`synth::county`: 100 units, 30 buildings, 3,000 rooms — the size of
//!   the target): `vacate_fewest_units`, vacate the building whose rooms the fewest
//!   units hold; `within_standard`, bring every unit and person within standard.
//!
//! Before timing, each goal is run once and its status, gap, objective terms, model size and
//! time are printed (the acceptance: proven optimal or gap ≤ 1 % within 10 s).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use officeplan::model::Uuid;
use officeplan::optimize::plan::{Request, optimize};
use officeplan::planning::Checked;
use officeplan::synth::{CountyOptions, county};

fn checked() -> Checked {
    let project = county(CountyOptions {
        units: 100,
        buildings: 30,
        rooms: 3000,
        seed: 1,
    });
    match Checked::of_project(project) {
        Ok(c) => c,
        Err(e) => panic!("the synthetic county checks: {e}"),
    }
}

/// The building held by the fewest units (ties: the first).
fn fewest_units(checked: &Checked) -> Uuid {
    let floor_building: BTreeMap<Uuid, Uuid> = checked
        .project
        .floors
        .iter()
        .map(|f| (f.uuid, f.building))
        .collect();
    let mut units: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    for r in &checked.project.rooms {
        if let Some(b) = floor_building.get(&r.floor) {
            units.entry(*b).or_default().extend(r.units.iter().copied());
        }
    }
    checked
        .project
        .buildings
        .iter()
        .min_by_key(|b| units.get(&b.uuid).map_or(0, BTreeSet::len))
        .map(|b| b.uuid)
        .unwrap_or_default()
}

type Watch = Arc<dyn Fn(officeplan::optimize::engine::Progress) + Send + Sync>;

fn run(checked: &Checked, request: &Request) -> officeplan::optimize::plan::PlanResult {
    run_watched(checked, request, None)
}

fn run_watched(
    checked: &Checked,
    request: &Request,
    progress: Option<Watch>,
) -> officeplan::optimize::plan::PlanResult {
    match optimize(
        checked,
        request,
        &"2026-12-05".to_owned(),
        Arc::new(AtomicBool::new(false)),
        progress,
    ) {
        Ok(p) => p,
        Err(e) => panic!("the optimizer runs: {e}"),
    }
}

fn sample() -> (Checked, Request) {
    let project = match officeplan::io::sample::build_project(
        &officeplan::io::sample::SampleSource::Embedded,
    ) {
        Ok(p) => p,
        Err(e) => panic!("the sample builds: {e}"),
    };
    let old = project
        .buildings
        .iter()
        .find(|b| b.name == "城东老办公楼")
        .map(|b| b.uuid)
        .unwrap_or_default();
    let checked = match Checked::of_project(project) {
        Ok(c) => c,
        Err(e) => panic!("the sample checks: {e}"),
    };
    let request = Request {
        goals: officeplan::optimize::plan::Goals {
            vacate_buildings: vec![old],
            ..Default::default()
        },
        time_limit: Duration::from_secs(10),
        ..Request::default()
    };
    (checked, request)
}

fn bench(c: &mut Criterion) {
    let (sample_state, sample_request) = sample();
    let plan = run(&sample_state, &sample_request);
    eprintln!(
        "sample_vacate_old_building: status {:?}, gap {:.4}, {:.2} s, moves {}, terms {:?}",
        plan.status,
        plan.gap,
        plan.seconds,
        plan.moves.len(),
        plan.terms
    );
    let mut group = c.benchmark_group("optimize_sample");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("sample_vacate_old_building", |b| {
        b.iter(|| run(&sample_state, &sample_request))
    });
    group.finish();
    let state = checked();
    let vacate = Request {
        goals: officeplan::optimize::plan::Goals {
            vacate_buildings: vec![fewest_units(&state)],
            ..Default::default()
        },
        time_limit: Duration::from_secs(10),
        ..Request::default()
    };
    let within = Request {
        goals: officeplan::optimize::plan::Goals {
            within_standard: true,
            ..Default::default()
        },
        time_limit: Duration::from_secs(10),
        ..Request::default()
    };
    for (name, request) in [
        ("vacate_fewest_units", &vacate),
        ("within_standard", &within),
    ] {
        // When the incumbent first came within 1 % of the bound (the measure).
        let within_1 = Arc::new(std::sync::Mutex::new(None::<f64>));
        let seen = within_1.clone();
        let progress: Watch = Arc::new(move |p| {
            if p.incumbent.is_some()
                && p.gap <= 0.01
                && let Ok(mut first) = seen.lock()
                && first.is_none()
            {
                *first = Some(p.seconds);
            }
        });
        let plan = run_watched(&state, request, Some(progress));
        eprintln!(
            "{name}: first incumbent within 1 % of its bound at {:?} s",
            within_1.lock().ok().and_then(|x| *x)
        );
        eprintln!(
            "{name}: status {:?}, gap {:.4}, {:.2} s, {} columns × {} rows, terms {:?}, moves {}, \
             units over {} → {}, persons over {} → {}, new over {:?} {:?}, decomposition {:?}",
            plan.status,
            plan.gap,
            plan.seconds,
            plan.columns,
            plan.rows,
            plan.terms,
            plan.moves.len(),
            plan.before.units_over,
            plan.after.units_over,
            plan.before.persons_over,
            plan.after.persons_over,
            plan.new_units_over,
            plan.new_persons_over,
            plan.decomposition,
        );
    }
    let mut group = c.benchmark_group("optimize_county");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("vacate_fewest_units", |b| b.iter(|| run(&state, &vacate)));
    group.bench_function("within_standard", |b| b.iter(|| run(&state, &within)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
