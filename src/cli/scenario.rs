//! `officeplan scenario …`: reallocation scenarios from the command line, through the same
//! workspace and planning code as the app, so plans can be scripted and checked.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::io::report::{move_table, xlsx};
use crate::model::Uuid;
use crate::planning::{Kpis, Occupied};
use crate::workspace::{Comparison, Workspace};

/// What `officeplan scenario` does.
#[derive(Debug, clap::Subcommand)]
pub enum ScenarioCommand {
    #[command(about = crate::t!("cli_help.make_a_scenario_of_the_baseline").into_owned())]
    New {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_name_unique_in_the_file").into_owned())]
        name: String,
        #[arg(help = crate::t!("cli_help.a_note_purpose_approval_number").into_owned(), long, default_value = "")]
        note: String,
    },
    #[command(about = crate::t!("cli_help.list_the_scenarios_with_their_moves").into_owned())]
    List {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.print_one_json_array_instead_of").into_owned(), long)]
        json: bool,
    },
    #[command(about = crate::t!("cli_help.add_a_move_to_a_scenario").into_owned())]
    Move {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
        #[arg(help = crate::t!("cli_help.unit_by_name_or_uuid").into_owned(), long, required_unless_present = "person")]
        unit: Option<String>,
        #[arg(help = crate::t!("cli_help.person_by_name_or_uuid_moves").into_owned(), long, conflicts_with = "unit")]
        person: Option<String>,
        #[arg(help = crate::t!("cli_help.target_room").into_owned(), long, required_unless_present_any = ["to_floor", "to_rooms"])]
        to_room: Option<String>,
        #[arg(help = crate::t!("cli_help.the_room_the_unit_or_person").into_owned(), long)]
        from_room: Option<String>,
        #[arg(help = crate::t!("cli_help.if_the_target_room_is_in").into_owned(), long, value_parser = parse_occupied)]
        on_occupied: Option<Occupied>,
        #[arg(help = crate::t!("cli_help.move_the_unit_s_rooms_on").into_owned(), long, requires = "from_floor", conflicts_with = "to_room")]
        to_floor: Option<String>,
        #[arg(help = crate::t!("cli_help.the_floor_the_unit_leaves_building").into_owned(), long)]
        from_floor: Option<String>,
        #[arg(help = crate::t!("cli_help.to_rooms").into_owned(), long, value_delimiter = ',', requires = "from_floor", conflicts_with_all = ["to_room", "to_floor"])]
        to_rooms: Vec<String>,
    },
    #[command(about = crate::t!("cli_help.take_a_scenario_s_last_move").into_owned())]
    Undo {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
    },
    #[command(about = crate::t!("cli_help.compare_a_scenario_with_the_baseline").into_owned())]
    Compare {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
        #[arg(help = crate::t!("cli_help.print_one_json_object_with_baseline").into_owned(), long)]
        json: bool,
    },
    #[command(about = crate::t!("cli_help.drop_the_moves_that_conflict_with").into_owned())]
    Rebase {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
    },
    #[command(about = crate::t!("cli_help.write_a_scenario_s_moves_into").into_owned())]
    Apply {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
    },
    #[command(about = crate::t!("cli_help.print_the_move_list_or_write").into_owned())]
    Moves {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
        #[arg(help = crate::t!("cli_help.write_the_list_to_this_workbook").into_owned(), long)]
        xlsx: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.print_one_json_array_instead_of").into_owned(), long)]
        json: bool,
    },
    #[command(about = crate::t!("cli_help.delete_a_scenario_and_its_moves").into_owned())]
    Delete {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.scenario_by_name_or_uuid").into_owned())]
        name: String,
    },
}

fn parse_occupied(text: &str) -> Result<Occupied, String> {
    match text {
        "swap" => Ok(Occupied::Swap),
        "share" => Ok(Occupied::Share),
        "replace" => Ok(Occupied::Replace),
        _ => Err(crate::t!("cli.bad_choice", choices = "swap, share, replace").into_owned()),
    }
}

/// Opens `file` and shows the scenario `name`.
fn open(file: &Path, name: &str) -> anyhow::Result<(Workspace, Uuid)> {
    let mut workspace = super::open_workspace(file)?;
    let info = workspace.find_scenario(name)?;
    workspace.activate(Some(info.uuid))?;
    Ok((workspace, info.uuid))
}

/// Runs a scenario command.
pub fn run(command: ScenarioCommand) -> anyhow::Result<()> {
    match command {
        ScenarioCommand::New { file, name, note } => {
            let mut workspace = super::open_workspace(&file)?;
            let uuid = workspace.new_scenario(&name, &note)?;
            println!(
                "{}",
                crate::t!("scenario.created", name = name, uuid = uuid)
            );
            Ok(())
        }
        ScenarioCommand::List { file, json } => {
            let workspace = super::open_workspace(&file)?;
            let list = workspace.scenario_overview()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            for s in &list {
                let state = match (&s.info.applied_at, s.stale) {
                    (Some(at), _) => {
                        crate::t!("scenario.state_applied", at = crate::model::local_time(at))
                    }
                    (None, true) => crate::t!("scenario.state_stale"),
                    (None, false) => crate::t!("scenario.state_open"),
                };
                println!(
                    "{}\t{}\t{}\t{} {}\t{} {:.2}\t{} {:.2}\t{}",
                    s.info.name,
                    crate::t!("scenario.moves_count", n = s.info.moves),
                    state,
                    crate::t!("kpi.vacated_buildings"),
                    list_names(&s.kpis.vacated_buildings),
                    crate::t!("kpi.idle_area"),
                    s.kpis.idle_area_m2,
                    crate::t!("kpi.over_area"),
                    s.kpis.over_standard_area_m2,
                    s.info.note
                );
            }
            Ok(())
        }
        ScenarioCommand::Move {
            file,
            name,
            unit,
            person,
            to_room,
            from_room,
            on_occupied,
            to_floor,
            from_floor,
            to_rooms,
        } => {
            let (mut workspace, _) = open(&file, &name)?;
            let room = |w: &mut Workspace, text: &Option<String>| -> anyhow::Result<Option<Uuid>> {
                text.as_deref().map(|t| find_room(w, &file, t)).transpose()
            };
            let from = room(&mut workspace, &from_room)?;
            if let Some(person) = person {
                let person = find_person(&mut workspace, &person)?;
                let to =
                    room(&mut workspace, &to_room)?.ok_or_else(|| anyhow::anyhow!("--to-room"))?;
                workspace.drop_person(person, from, to)?;
            } else {
                let unit = find_unit(&workspace, unit.as_deref().unwrap_or_default())?;
                match (to_floor, from_floor) {
                    (Some(to), Some(from)) => {
                        let to = find_floor_path(&workspace, &file, &to)?;
                        let from = find_floor_path(&workspace, &file, &from)?;
                        let fit = workspace.relocate(unit, &from, &to)?;
                        println!("{}\n{}", fit.reason(), fit.persons_line());
                    }
                    (None, Some(from)) if !to_rooms.is_empty() => {
                        let from = find_floor_path(&workspace, &file, &from)?;
                        let mut rooms = Vec::with_capacity(to_rooms.len());
                        for text in &to_rooms {
                            rooms.push(find_room(&mut workspace, &file, text)?);
                        }
                        let fit = workspace.relocate_into(unit, &from, &rooms)?;
                        println!("{}\n{}", fit.reason(), fit.persons_line());
                    }
                    _ => {
                        let to = room(&mut workspace, &to_room)?
                            .ok_or_else(|| anyhow::anyhow!("--to-room"))?;
                        workspace.drop_unit(unit, from, to, on_occupied)?;
                    }
                }
            }
            let count = workspace.active_scenario().map_or(0, |a| a.moves.len());
            println!("{}", crate::t!("scenario.moved", name = name, n = count));
            Ok(())
        }
        ScenarioCommand::Undo { file, name } => {
            let (mut workspace, uuid) = open(&file, &name)?;
            let last = workspace
                .active_scenario()
                .and_then(|a| a.moves.last().cloned())
                .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("workspace.nothing_to_undo")))?;
            workspace.apply(crate::workspace::Edit::UnplanMove {
                scenario: uuid,
                step: last,
            })?;
            let count = workspace.active_scenario().map_or(0, |a| a.moves.len());
            println!("{}", crate::t!("scenario.moved", name = name, n = count));
            Ok(())
        }
        ScenarioCommand::Compare { file, name, json } => {
            let (mut workspace, _) = open(&file, &name)?;
            let comparison = workspace.compare()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&comparison)?);
            } else {
                print_comparison(&comparison);
            }
            Ok(())
        }
        ScenarioCommand::Rebase { file, name } => {
            let (mut workspace, _) = open(&file, &name)?;
            let dropped = workspace.rebase()?;
            for c in &dropped {
                println!(
                    "{}",
                    crate::t!("scenario.dropped", step = c.step, reason = c.reason)
                );
            }
            println!(
                "{}",
                crate::t!("scenario.rebased", name = name, n = dropped.len())
            );
            Ok(())
        }
        ScenarioCommand::Apply { file, name } => {
            let mut workspace = super::open_workspace(&file)?;
            let info = workspace.find_scenario(&name)?;
            workspace.apply(crate::workspace::Edit::ApplyScenario {
                scenario: info.uuid,
            })?;
            println!(
                "{}",
                crate::t!("scenario.applied", name = name, n = info.moves)
            );
            Ok(())
        }
        ScenarioCommand::Moves {
            file,
            name,
            xlsx: out,
            json,
        } => {
            let (mut workspace, _) = open(&file, &name)?;
            let rows = workspace.move_list()?;
            if let Some(out) = out {
                xlsx::write(&out, &[move_table(&name, &rows)])?;
                println!(
                    "{}",
                    crate::t!(
                        "scenario.list_written",
                        path = out.display(),
                        n = rows.len()
                    )
                );
            } else if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    println!(
                        "{}\t{}\t{}{}\t{} → {}\t{:.2} → {:.2} m² ({})",
                        r.step,
                        crate::labels::move_kind(r.kind),
                        r.unit,
                        if r.person.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", r.person)
                        },
                        r.from.join(", "),
                        r.to.join(", "),
                        r.area_before_m2,
                        r.area_after_m2,
                        crate::t!("basis.usable")
                    );
                }
            }
            Ok(())
        }
        ScenarioCommand::Delete { file, name } => {
            let mut workspace = super::open_workspace(&file)?;
            let info = workspace.find_scenario(&name)?;
            workspace.delete_scenario(&info.uuid)?;
            println!("{}", crate::t!("scenario.deleted", name = name));
            Ok(())
        }
    }
}

fn print_comparison(c: &Comparison) {
    println!("{}", crate::t!("scenario.compare_title", name = c.name));
    if c.stale {
        println!("{}", crate::t!("scenario.state_stale"));
    }
    for conflict in &c.conflicts {
        println!(
            "{}",
            crate::t!(
                "scenario.conflict",
                step = conflict.step,
                reason = conflict.reason
            )
        );
    }
    print_kpis(&c.baseline, &c.scenario);
}

/// The figures of the baseline and a scenario side by side (also `optimize`'s before → after).
pub(super) fn print_kpis(a: &Kpis, b: &Kpis) {
    let line = |label: String, a: String, b: String| println!("{label}\t{a}\t{b}");
    println!(
        "\t{}\t{}",
        crate::t!("scenario.baseline"),
        crate::t!("scenario.scenario")
    );
    line(
        crate::t!("kpi.moves").into_owned(),
        a.moves.to_string(),
        b.moves.to_string(),
    );
    line(
        crate::t!("kpi.vacated_buildings").into_owned(),
        list_names(&a.vacated_buildings),
        list_names(&b.vacated_buildings),
    );
    line(
        crate::t!("kpi.vacated_floors").into_owned(),
        a.vacated_floors.len().to_string(),
        b.vacated_floors.len().to_string(),
    );
    line(
        crate::t!("kpi.idle_area").into_owned(),
        format!("{:.2}", a.idle_area_m2),
        format!("{:.2}", b.idle_area_m2),
    );
    line(
        crate::t!("kpi.over_area").into_owned(),
        format!("{:.2}", a.over_standard_area_m2),
        format!("{:.2}", b.over_standard_area_m2),
    );
    line(
        crate::t!("kpi.units_over").into_owned(),
        a.units_over.to_string(),
        b.units_over.to_string(),
    );
    line(
        crate::t!("kpi.persons_over").into_owned(),
        a.persons_over.to_string(),
        b.persons_over.to_string(),
    );
    line(
        crate::t!("kpi.units_split").into_owned(),
        a.units_split.to_string(),
        b.units_split.to_string(),
    );
}

fn list_names(names: &[String]) -> String {
    if names.is_empty() {
        "—".to_owned()
    } else {
        format!("{} ({})", names.len(), names.join(", "))
    }
}

/// A unit by name or UUID.
pub(super) fn find_unit(workspace: &Workspace, key: &str) -> anyhow::Result<Uuid> {
    workspace
        .units()
        .iter()
        .find(|u| u.name == key || u.uuid.to_string() == key.to_lowercase())
        .map(|u| u.uuid)
        .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("planning.unknown_unit", unit = key)))
}

/// A person by name or UUID (a name must be unique).
fn find_person(workspace: &mut Workspace, key: &str) -> anyhow::Result<Uuid> {
    let checked = workspace.checked()?;
    let found: Vec<Uuid> = checked
        .project
        .persons
        .iter()
        .filter(|p| p.name == key || p.uuid.to_string() == key.to_lowercase())
        .map(|p| p.uuid)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        _ => anyhow::bail!("{}", crate::t!("planning.unknown_person", person = key)),
    }
}

/// A floor as `building/floor`.
pub(super) fn find_floor_path(
    workspace: &Workspace,
    file: &Path,
    path: &str,
) -> anyhow::Result<Uuid> {
    let (building, floor) = path
        .split_once('/')
        .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("scenario.floor_path", path = path)))?;
    super::find_floor(workspace, file, building, floor)
}

/// A room as `building/floor/room` or a room UUID.
pub(super) fn find_room(
    workspace: &mut Workspace,
    file: &Path,
    text: &str,
) -> anyhow::Result<Uuid> {
    if let Ok(uuid) = Uuid::parse_str(text.trim()) {
        return Ok(uuid);
    }
    let mut parts = text.rsplitn(2, '/');
    let (Some(number), Some(floor_path)) = (parts.next(), parts.next()) else {
        anyhow::bail!("{}", crate::t!("scenario.room_path", path = text));
    };
    let floor = find_floor_path(workspace, file, floor_path)?;
    let plan = workspace.floor_plan(&floor)?;
    plan.rooms
        .iter()
        .find(|r| r.number == number)
        .map(|r| r.uuid)
        .with_context(|| crate::t!("planning.unknown_room", room = text).into_owned())
}
