//! `officeplan optimize …`: 智能调剂 from the command line, through the same workspace and
//! optimizer as the app's 调剂方案 → 智能调剂… window. The plan is stored as a new scenario
//! (unless `--dry-run`); the baseline is untouched until the scenario is applied.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::scenario::{find_floor_path, find_room, find_unit, print_kpis};
use crate::optimize::engine::Status;
use crate::optimize::plan::{PlanResult, Request};
use crate::planning::move_list;

#[derive(Debug, clap::Args)]
pub struct OptimizeArgs {
    #[arg(help = crate::t!("cli_help.project_file").into_owned())]
    pub file: PathBuf,
    #[arg(help = crate::t!("optimize.cli.scenario").into_owned(), long)]
    pub scenario: String,
    #[arg(help = crate::t!("optimize.cli.vacate_building").into_owned(), long, value_name = "BUILDING")]
    pub vacate_building: Vec<String>,
    #[arg(help = crate::t!("optimize.cli.vacate_floor").into_owned(), long, value_name = "BUILDING/FLOOR")]
    pub vacate_floor: Vec<String>,
    #[arg(help = crate::t!("optimize.cli.place_unit").into_owned(), long, value_name = "UNIT")]
    pub place_unit: Vec<String>,
    #[arg(help = crate::t!("optimize.cli.within_standard").into_owned(), long)]
    pub within_standard: bool,
    #[arg(help = crate::t!("optimize.cli.keep_together").into_owned(), long)]
    pub keep_units_together: bool,
    #[arg(help = crate::t!("optimize.cli.lock_room").into_owned(), long, value_name = "BUILDING/FLOOR/ROOM")]
    pub lock_room: Vec<String>,
    #[arg(help = crate::t!("optimize.cli.lock_unit").into_owned(), long, value_name = "UNIT")]
    pub lock_unit: Vec<String>,
    #[arg(help = crate::t!("optimize.cli.any_category").into_owned(), long)]
    pub any_category: bool,
    #[arg(help = crate::t!("optimize.cli.no_unit_area").into_owned(), long)]
    pub no_unit_area: bool,
    #[arg(help = crate::t!("optimize.cli.no_person_rows").into_owned(), long)]
    pub no_person_rows: bool,
    #[arg(help = crate::t!("optimize.cli.leaders_may_share").into_owned(), long)]
    pub leaders_may_share: bool,
    #[arg(help = crate::t!("optimize.cli.time_limit").into_owned(), long, default_value_t = 10.0, value_name = "SECONDS")]
    pub time_limit: f64,
    #[arg(help = crate::t!("optimize.cli.dry_run").into_owned(), long)]
    pub dry_run: bool,
    #[arg(help = crate::t!("cli_help.print_one_json_object_instead_of").into_owned(), long)]
    pub json: bool,
}

pub fn run(args: OptimizeArgs) -> anyhow::Result<()> {
    let file = args.file.clone();
    let mut workspace = super::open_workspace(&file)?;
    let mut request = Request {
        time_limit: Duration::from_secs_f64(args.time_limit.clamp(0.5, 86_400.0)),
        ..Request::default()
    };
    for b in &args.vacate_building {
        let index = workspace.index();
        let found = index
            .find_building(b)
            .and_then(|i| index.buildings.get(i))
            .map(|e| e.building.uuid)
            .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("optimize.error_unknown", what = b)))?;
        request.goals.vacate_buildings.push(found);
    }
    for f in &args.vacate_floor {
        request
            .goals
            .vacate_floors
            .push(find_floor_path(&workspace, &file, f)?);
    }
    for u in &args.place_unit {
        request.goals.place_units.push(find_unit(&workspace, u)?);
    }
    request.goals.within_standard = args.within_standard;
    request.rules.keep_together = args.keep_units_together;
    request.rules.office_rooms_only = !args.any_category;
    request.rules.unit_area = !args.no_unit_area;
    request.rules.person_rows = !args.no_person_rows;
    request.rules.leaders_single = !args.leaders_may_share;
    for r in &args.lock_room {
        request
            .rules
            .locked_rooms
            .push(find_room(&mut workspace, &file, r)?);
    }
    for u in &args.lock_unit {
        request.rules.locked_units.push(find_unit(&workspace, u)?);
    }
    let plan = workspace.optimize(&request, Arc::new(AtomicBool::new(false)), None)?;
    let checked = workspace.baseline_checked()?;
    let rows = move_list(&checked, &plan.moves);
    let saved = if !args.dry_run && !plan.moves.is_empty() && plan.status != Status::Infeasible {
        let note = goal_text(&args);
        Some(workspace.save_plan(&args.scenario, &note, &plan)?)
    } else {
        None
    };
    if args.json {
        let value = serde_json::json!({
            "goal": {
                "vacate_buildings": args.vacate_building,
                "vacate_floors": args.vacate_floor,
                "place_units": args.place_unit,
                "within_standard": args.within_standard,
                "keep_units_together": args.keep_units_together,
            },
            "scenario": saved.map(|_| args.scenario.clone()),
            "status": plan.status,
            "main_objective_optimal": plan.main_optimal,
            "objective": plan.objective.is_finite().then_some(plan.objective),
            "terms": plan.terms,
            "gap": plan.gap.is_finite().then_some(plan.gap),
            "seconds": plan.seconds,
            "columns": plan.columns,
            "rows": plan.rows,
            "decomposition": plan.decomposition,
            "binding": plan.binding,
            "moves": rows,
            "before": plan.before,
            "after": plan.after,
            "new_units_over": plan.new_units_over,
            "new_persons_over": plan.new_persons_over,
            "explanation": plan.explanation,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    print_text(&plan, &rows, saved.is_some(), &args.scenario);
    Ok(())
}

fn goal_text(args: &OptimizeArgs) -> String {
    let mut parts = Vec::new();
    for b in &args.vacate_building {
        parts.push(crate::t!("optimize.goal_vacate", what = b).into_owned());
    }
    for f in &args.vacate_floor {
        parts.push(crate::t!("optimize.goal_vacate", what = f).into_owned());
    }
    for u in &args.place_unit {
        parts.push(crate::t!("optimize.goal_place", unit = u).into_owned());
    }
    if args.within_standard {
        parts.push(crate::t!("optimize.goal_within").into_owned());
    }
    crate::t!("optimize.note", goals = parts.join("；")).into_owned()
}

fn print_text(plan: &PlanResult, rows: &[crate::planning::MoveRow], saved: bool, name: &str) {
    println!("{}", status_line(plan));
    if let Some(d) = &plan.decomposition {
        println!("{d}");
    }
    if let Some(ex) = &plan.explanation {
        println!("{}", ex.text);
        match &ex.relaxation {
            Some(r) => println!(
                "{}",
                crate::t!("optimize.relaxation_works", text = r.text, moves = r.moves)
            ),
            None => println!("{}", crate::t!("optimize.no_relaxation")),
        }
        return;
    }
    let t = &plan.terms;
    println!(
        "{}",
        crate::t!(
            "optimize.terms",
            units = t.units_moved,
            persons = t.persons_moved,
            rooms = t.rooms_changed,
            idle = format!("{:.2}", t.idle_left_m2)
        )
    );
    for r in rows {
        println!(
            "{}\t{}\t{} → {}\t{}",
            r.step,
            r.unit,
            r.from.join("、"),
            r.to.join("、"),
            r.reason
        );
    }
    for b in &plan.binding {
        println!("{}", crate::t!("optimize.binding", text = b));
    }
    if !plan.new_units_over.is_empty() || !plan.new_persons_over.is_empty() {
        println!(
            "{}",
            crate::t!(
                "optimize.new_over",
                units = plan.new_units_over.join("、"),
                persons = plan.new_persons_over.join("、")
            )
        );
    }
    print_kpis(&plan.before, &plan.after);
    if saved {
        println!("{}", crate::t!("optimize.saved", name = name));
    }
}

/// One line: status, gap and time.
pub fn status_line(plan: &PlanResult) -> String {
    let mut line = crate::t!(
        "optimize.status_line",
        status = crate::labels::optimize_status(plan.status),
        gap = crate::labels::optimize_gap(plan.gap),
        seconds = format!("{:.1}", plan.seconds)
    )
    .into_owned();
    if plan.status == Status::Feasible && plan.main_optimal {
        line.push('\n');
        line.push_str(&crate::t!("optimize.main_optimal_note"));
    }
    line
}
