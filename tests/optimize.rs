//! 智能调剂 on the bundled sample (issue #15).
//!
//! The hand-made plan of `tests/scenario.rs` empties 城东老办公楼 in 11 moves and, by the issue's
//! walkthrough, raises the units over the standard 1 → 2 and the persons over 2 → 4. The
//! optimizer must empty it with nobody newly over, in no more moves, proven optimal for its
//! objective; an impossible request (two buildings at once) must name the unit that cannot
//! fit, the m² it misses, and a relaxation that works when run.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::{officeplan_ok, sample_file};
use officeplan::model::Uuid;
use officeplan::optimize::engine::Status;
use officeplan::optimize::plan::{Goals, PlanResult, Request};
use officeplan::workspace::Workspace;

/// The solver's limit in these tests. The app's default is 10 s; the sample's vacate run is
/// proven in about 5 s on the 2-core reference machine (benchmark `optimize`,
/// `sample_vacate_old_building`), and tests run beside each other, so the tests leave room.
const LIMIT: Duration = Duration::from_secs(60);

fn building(workspace: &Workspace, name: &str) -> Uuid {
    workspace
        .index()
        .buildings
        .iter()
        .find(|b| b.building.name == name)
        .map(|b| b.building.uuid)
        .unwrap_or_else(|| panic!("the sample has {name}"))
}

fn vacate(workspace: &Workspace, names: &[&str], limit: Duration) -> PlanResult {
    let request = Request {
        goals: Goals {
            vacate_buildings: names.iter().map(|n| building(workspace, n)).collect(),
            ..Goals::default()
        },
        time_limit: limit,
        ..Request::default()
    };
    workspace
        .optimize(&request, Arc::new(AtomicBool::new(false)), None)
        .expect("the optimizer runs")
}

/// Units holding rooms in a building, by the file as it is.
fn holders(workspace: &Workspace, name: &str) -> usize {
    let checked = workspace.baseline_checked().expect("check");
    let b = building(workspace, name);
    let floors: Vec<Uuid> = checked
        .project
        .floors
        .iter()
        .filter(|f| f.building == b)
        .map(|f| f.uuid)
        .collect();
    let mut units: Vec<Uuid> = checked
        .project
        .rooms
        .iter()
        .filter(|r| floors.contains(&r.floor))
        .flat_map(|r| r.units.iter().copied())
        .collect();
    units.sort_unstable();
    units.dedup();
    units.len()
}

#[test]
fn vacating_the_old_building_is_proven_optimal_and_puts_nobody_newly_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut workspace = Workspace::open(&file).unwrap();
    assert_eq!(
        holders(&workspace, "城东老办公楼"),
        2,
        "县信访局 and 县统计局"
    );
    let plan = vacate(&workspace, &["城东老办公楼"], LIMIT);
    assert_eq!(plan.status, Status::Optimal, "proven optimal: {plan:?}");
    // No more moves than the hand-made scenario's 11.
    assert!(
        !plan.moves.is_empty() && plan.moves.len() <= 11,
        "{} moves",
        plan.moves.len()
    );
    // The building is empty after the moves, by the check itself.
    assert!(
        plan.after
            .vacated_buildings
            .contains(&"城东老办公楼".to_owned())
    );
    // Nobody newly over the standard (the hand-made plan: units 1 → 2, persons 2 → 4).
    assert!(plan.new_units_over.is_empty(), "{:?}", plan.new_units_over);
    assert!(
        plan.new_persons_over.is_empty(),
        "{:?}",
        plan.new_persons_over
    );
    assert_eq!(plan.before.units_over, 1);
    assert_eq!(plan.after.units_over, 1);
    assert_eq!(plan.before.persons_over, 2);
    assert_eq!(plan.after.persons_over, 2);
    // Two units move, with their 14 persons in post: 县统计局's 8 (局长 胡华新, two 副局长,
    // five staff) and 县信访局's 6 (sample persons.csv).
    assert_eq!(plan.terms.units_moved, 2);
    assert_eq!(plan.terms.persons_moved, 14);
    // Every move says why.
    assert!(plan.moves.iter().all(|m| !m.reason.is_empty()));
    // Each unit stays within its approved office area: the binding list names only units
    // at their limit, and the check finds no unit newly over.
    // Stored as a scenario: the baseline is untouched until it is applied.
    let scenario = workspace
        .save_plan("智能调剂：腾空城东", "测试", &plan)
        .unwrap();
    assert_eq!(holders(&workspace, "城东老办公楼"), 2);
    workspace.activate(Some(scenario)).unwrap();
    let comparison = workspace.compare().unwrap();
    assert_eq!(comparison.scenario.units_over, plan.after.units_over);
    assert_eq!(comparison.scenario.persons_over, plan.after.persons_over);
    assert!(
        comparison
            .scenario
            .vacated_buildings
            .contains(&"城东老办公楼".to_owned())
    );
    let rows = workspace.move_list().unwrap();
    assert!(rows.iter().all(|r| !r.reason.is_empty()));
    // One undo takes the whole plan back.
    workspace.undo().unwrap();
    assert!(workspace.find_scenario("智能调剂：腾空城东").is_err());
}

#[test]
fn an_impossible_request_names_the_unit_the_missing_area_and_a_relaxation_that_works() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let workspace = Workspace::open(&file).unwrap();
    // Infeasibility is proven at once; each relaxation tried gets half the limit.
    let plan = vacate(
        &workspace,
        &["部门办公楼", "城东老办公楼"],
        Duration::from_secs(16),
    );
    assert_eq!(plan.status, Status::Infeasible);
    assert!(plan.moves.is_empty());
    let explanation = plan.explanation.expect("explained");
    assert!(!explanation.unit_name.is_empty());
    assert!(explanation.unplaced > 0);
    assert!(explanation.missing_m2 > 0.0, "{explanation:?}");
    assert!(explanation.text.contains(&explanation.unit_name));
    let relaxation = explanation.relaxation.expect("a relaxation that works");
    assert!(relaxation.moves > 0);
    // Run it again: it is feasible and puts nobody newly over.
    let mut request = relaxation.request.0.clone();
    request.time_limit = Duration::from_secs(16);
    let relaxed = workspace
        .optimize(&request, Arc::new(AtomicBool::new(false)), None)
        .unwrap();
    assert!(
        matches!(relaxed.status, Status::Optimal | Status::Feasible),
        "{:?}",
        relaxed.status
    );
    assert!(relaxed.new_units_over.is_empty() && relaxed.new_persons_over.is_empty());
}

#[test]
fn a_unit_locked_in_a_building_to_vacate_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let workspace = Workspace::open(&file).unwrap();
    let unit = workspace
        .units()
        .iter()
        .find(|u| u.name == "县信访局")
        .map(|u| u.uuid)
        .unwrap();
    let mut request = Request {
        goals: Goals {
            vacate_buildings: vec![building(&workspace, "城东老办公楼")],
            ..Goals::default()
        },
        time_limit: LIMIT,
        ..Request::default()
    };
    request.rules.locked_units.push(unit);
    let err = workspace
        .optimize(&request, Arc::new(AtomicBool::new(false)), None)
        .unwrap_err();
    assert!(err.to_string().contains("县信访局"), "{err}");
    // No goal at all is refused too.
    let none = Request::default();
    assert!(
        workspace
            .optimize(&none, Arc::new(AtomicBool::new(false)), None)
            .is_err()
    );
}

fn json(file: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["optimize", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push("--json");
    serde_json::from_str(&officeplan_ok(&args)).expect("JSON")
}

#[test]
fn the_cli_stores_the_plan_as_a_scenario_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let f = file.to_str().unwrap();
    let out = json(
        &file,
        &[
            "--scenario",
            "腾空城东",
            "--vacate-building",
            "城东老办公楼",
            "--time-limit",
            "60",
        ],
    );
    assert_eq!(out["status"], "optimal");
    assert_eq!(out["scenario"], "腾空城东");
    assert_eq!(out["gap"], 0.0);
    assert!(out["seconds"].as_f64().unwrap() > 0.0);
    let moves = out["moves"].as_array().unwrap();
    assert!(!moves.is_empty() && moves.len() <= 11);
    assert_eq!(out["terms"]["units_moved"], 2);
    assert_eq!(out["new_units_over"].as_array().unwrap().len(), 0);
    assert!(out["explanation"].is_null());
    // The scenario is listed with its moves and the change log says who made it.
    let list: serde_json::Value =
        serde_json::from_str(&officeplan_ok(&["scenario", "list", f, "--json"])).unwrap();
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "腾空城东")
        .expect("listed");
    assert_eq!(listed["moves"].as_u64(), Some(moves.len() as u64));
    let history = officeplan_ok(&["history", f, "--json"]);
    assert!(history.contains("scenario.optimized"), "{history}");
    // Applied, the building is empty in the file.
    officeplan_ok(&["scenario", "apply", f, "腾空城东"]);
    let workspace = Workspace::open(&file).unwrap();
    assert_eq!(holders(&workspace, "城东老办公楼"), 0);
    // An impossible request is answered, not failed, and stores nothing.
    let out = json(
        &file,
        &[
            "--scenario",
            "两栋",
            "--vacate-building",
            "部门办公楼",
            "--vacate-building",
            "综合办公楼",
            "--time-limit",
            "20",
        ],
    );
    assert_eq!(out["status"], "infeasible");
    assert!(out["explanation"]["missing_m2"].as_f64().unwrap() > 0.0);
    assert!(out["scenario"].is_null());
}

/// The synthetic county (`synth::county`, seed 1: 100 units, 30 buildings, 3,000 rooms):
/// vacating 第11号办公楼 moves its three units — 62 persons and their 16 service and 3
/// ancillary rooms — with nobody newly over. The nearest two buildings have only five idle
/// service rooms, so the model borrows idle service and ancillary rooms from further
/// buildings (said in the decomposition), and each unit is first placed alone. Before both,
/// HiGHS found no plan at all in 90 s. The benchmark `optimize` measures the time.
#[test]
fn the_synthetic_county_building_is_vacated_with_borrowed_service_rooms_and_nobody_newly_over() {
    use officeplan::planning::Checked;
    use officeplan::synth::{CountyOptions, county};
    let project = county(CountyOptions {
        units: 100,
        buildings: 30,
        rooms: 3000,
        seed: 1,
    });
    let target = project
        .buildings
        .iter()
        .find(|b| b.name == "第11号办公楼")
        .map(|b| b.uuid)
        .expect("the county has 第11号办公楼");
    let checked = Checked::of_project(project).expect("the county checks");
    let request = Request {
        goals: Goals {
            vacate_buildings: vec![target],
            ..Goals::default()
        },
        // Not proven within the limit (a gap of about 0.04 %), so the run takes all of it.
        time_limit: Duration::from_secs(30),
        ..Request::default()
    };
    let plan = officeplan::optimize::plan::optimize(
        &checked,
        &request,
        &"2026-12-05".to_owned(),
        Arc::new(AtomicBool::new(false)),
        None,
    )
    .expect("the optimizer runs");
    assert!(
        matches!(plan.status, Status::Optimal | Status::Feasible),
        "a plan: {:?}",
        plan.status
    );
    assert!(plan.gap <= 0.01, "within 1 % of the bound: {}", plan.gap);
    assert_eq!(plan.terms.units_moved, 3, "the three units of 第11号办公楼");
    assert_eq!(plan.terms.persons_moved, 62, "every person seated there");
    assert!(plan.new_units_over.is_empty(), "{:?}", plan.new_units_over);
    assert!(
        plan.new_persons_over.is_empty(),
        "{:?}",
        plan.new_persons_over
    );
    let decomposition = plan.decomposition.clone().unwrap_or_default();
    // Two buildings kept whole, and further ones named as lending rooms.
    assert!(
        decomposition.matches("号办公楼").count() > 2,
        "the lending buildings are named: {decomposition}"
    );
    // The building is empty after the moves.
    let mut state = checked.clone();
    for m in &plan.moves {
        state.apply(m).expect("the moves apply in order");
    }
    let floors: Vec<Uuid> = state
        .project
        .floors
        .iter()
        .filter(|f| f.building == target)
        .map(|f| f.uuid)
        .collect();
    let held = state
        .project
        .rooms
        .iter()
        .filter(|r| floors.contains(&r.floor) && !r.units.is_empty())
        .count();
    assert_eq!(held, 0, "no room of 第11号办公楼 is held after the plan");
}
