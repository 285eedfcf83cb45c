//! `officeplan floor …`: add, list, edit, delete and copy floors (楼层) of a building, through
//! the same workspace edits as the app (each one undoable step with its change-log line).

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::model::{Floor, Uuid};
use crate::workspace::{CopyTarget, Edit, Workspace};

pub(super) fn help(key: &str) -> String {
    crate::t!(key).into_owned()
}

/// The floor commands.
#[derive(Debug, Subcommand)]
pub enum FloorCommand {
    #[command(about = help("cli_floor.add_about"))]
    Add {
        #[arg(help = help("cli_floor.file"))]
        file: PathBuf,
        #[arg(long, help = help("cli_floor.building"))]
        building: String,
        #[arg(long, help = help("cli_floor.name"))]
        name: String,
        #[arg(long, allow_hyphen_values = true, help = help("cli_floor.level"))]
        level: Option<i32>,
        #[arg(long, allow_hyphen_values = true, help = help("cli_floor.elevation"))]
        elevation: Option<f64>,
        #[arg(long, help = help("cli_floor.height"))]
        height: Option<f64>,
        #[arg(long, help = help("cli_floor.json"))]
        json: bool,
    },
    #[command(about = help("cli_floor.list_about"))]
    List {
        #[arg(help = help("cli_floor.file"))]
        file: PathBuf,
        #[arg(long, help = help("cli_floor.building"))]
        building: String,
        #[arg(long, help = help("cli_floor.json"))]
        json: bool,
    },
    #[command(about = help("cli_floor.edit_about"))]
    Edit {
        #[arg(help = help("cli_floor.file"))]
        file: PathBuf,
        #[arg(long, help = help("cli_floor.building"))]
        building: String,
        #[arg(long, help = help("cli_floor.floor"))]
        floor: String,
        #[arg(long, help = help("cli_floor.new_name"))]
        name: Option<String>,
        #[arg(long, allow_hyphen_values = true, help = help("cli_floor.level"))]
        level: Option<i32>,
        #[arg(long, allow_hyphen_values = true, help = help("cli_floor.elevation"))]
        elevation: Option<f64>,
        #[arg(long, help = help("cli_floor.height"))]
        height: Option<f64>,
        #[arg(long, help = help("cli_floor.json"))]
        json: bool,
    },
    #[command(about = help("cli_floor.delete_about"))]
    Delete {
        #[arg(help = help("cli_floor.file"))]
        file: PathBuf,
        #[arg(long, help = help("cli_floor.building"))]
        building: String,
        #[arg(long, help = help("cli_floor.floor"))]
        floor: String,
        #[arg(long, help = help("cli_floor.yes"))]
        yes: bool,
        #[arg(long, help = help("cli_floor.json"))]
        json: bool,
    },
    #[command(about = help("cli_floor.copy_about"))]
    Copy {
        #[arg(help = help("cli_floor.file"))]
        file: PathBuf,
        #[arg(long, help = help("cli_floor.building"))]
        building: String,
        #[arg(long, help = help("cli_floor.floor"))]
        floor: String,
        #[arg(long, required = true, help = help("cli_floor.to"))]
        to: Vec<String>,
        #[arg(long, help = help("cli_floor.replace"))]
        replace: bool,
        #[arg(long, help = help("cli_floor.json"))]
        json: bool,
    },
}

/// A floor as the commands print it.
#[derive(serde::Serialize)]
struct FloorLine<'a> {
    uuid: Uuid,
    building: &'a str,
    name: &'a str,
    level: i32,
    elevation_m: Option<f64>,
    storey_height_m: Option<f64>,
}

fn print_floor(
    workspace: &Workspace,
    uuid: &Uuid,
    message: &str,
    json: bool,
) -> anyhow::Result<()> {
    let index = workspace.index();
    let Some(entry) = index.floors.iter().find(|f| f.floor.uuid == *uuid) else {
        return Ok(());
    };
    let building = index
        .buildings
        .get(entry.building)
        .map(|b| b.building.name.as_str())
        .unwrap_or_default();
    if json {
        let line = FloorLine {
            uuid: entry.floor.uuid,
            building,
            name: &entry.floor.name,
            level: entry.floor.level,
            elevation_m: entry.floor.elevation_m,
            storey_height_m: entry.floor.storey_height_m,
        };
        println!("{}", serde_json::to_string_pretty(&line)?);
    } else {
        println!("{message}");
    }
    Ok(())
}

fn building_uuid(workspace: &Workspace, file: &Path, building: &str) -> anyhow::Result<Uuid> {
    let index = workspace.index();
    index
        .find_building(building)
        .and_then(|b| index.buildings.get(b))
        .map(|b| b.building.uuid)
        .ok_or_else(|| {
            let names: Vec<&str> = index
                .buildings
                .iter()
                .map(|b| b.building.name.as_str())
                .collect();
            anyhow::anyhow!(
                "{}{}",
                crate::t!(
                    "cli_floor.no_building",
                    path = file.display(),
                    building = building
                ),
                crate::t!(
                    "cli.known_buildings",
                    buildings = names.join(&crate::t!("check.separator"))
                )
            )
        })
}

/// Runs a floor command.
pub fn run(command: FloorCommand) -> anyhow::Result<()> {
    match command {
        FloorCommand::Add {
            file,
            building,
            name,
            level,
            elevation,
            height,
            json,
        } => {
            let mut workspace = super::open_workspace(&file)?;
            let building_id = building_uuid(&workspace, &file, &building)?;
            let level = level
                .or_else(|| super::level_from_name(&name))
                .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("cli.need_level", floor = name)))?;
            let floor = Floor {
                uuid: Uuid::now_v7(),
                building: building_id,
                name: name.trim().to_owned(),
                level,
                elevation_m: elevation,
                storey_height_m: height,
            };
            workspace.add_floor(&floor)?;
            let message = crate::t!(
                "cli_floor.added",
                building = building,
                floor = floor.name,
                level = level
            );
            print_floor(&workspace, &floor.uuid, &message, json)
        }
        FloorCommand::List {
            file,
            building,
            json,
        } => {
            let workspace = super::open_workspace(&file)?;
            let building_id = building_uuid(&workspace, &file, &building)?;
            let floors = workspace.building_floors(&building_id);
            if json {
                let lines: Vec<FloorLine<'_>> = floors
                    .iter()
                    .map(|f| FloorLine {
                        uuid: f.uuid,
                        building: &building,
                        name: &f.name,
                        level: f.level,
                        elevation_m: f.elevation_m,
                        storey_height_m: f.storey_height_m,
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&lines)?);
                return Ok(());
            }
            for f in &floors {
                let holdings = workspace.floor_holdings(&f.uuid)?;
                println!(
                    "{}\t{}\t{}",
                    f.name,
                    crate::t!("cli_floor.level_value", level = f.level),
                    holdings.describe()
                );
            }
            Ok(())
        }
        FloorCommand::Edit {
            file,
            building,
            floor,
            name,
            level,
            elevation,
            height,
            json,
        } => {
            let mut workspace = super::open_workspace(&file)?;
            let current = super::floor_entry(workspace.index(), &file, &building, &floor)?
                .floor
                .clone();
            let edited = Floor {
                name: name.unwrap_or_else(|| current.name.clone()),
                level: level.unwrap_or(current.level),
                elevation_m: elevation.or(current.elevation_m),
                storey_height_m: height.or(current.storey_height_m),
                ..current.clone()
            };
            workspace.apply(Edit::EditFloor(Box::new(edited)))?;
            let message = crate::t!("cli_floor.edited", building = building, floor = floor);
            print_floor(&workspace, &current.uuid, &message, json)
        }
        FloorCommand::Delete {
            file,
            building,
            floor,
            yes,
            json,
        } => {
            let mut workspace = super::open_workspace(&file)?;
            let uuid = super::find_floor(&workspace, &file, &building, &floor)?;
            let holdings = workspace.floor_holdings(&uuid)?;
            if !holdings.is_empty() && !yes {
                anyhow::bail!(
                    "{}",
                    crate::t!(
                        "cli_floor.delete_needs_yes",
                        path = file.display(),
                        building = building,
                        floor = floor,
                        holds = holdings.describe()
                    )
                );
            }
            workspace.delete_floor(&uuid)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&holdings)?);
            } else {
                println!(
                    "{}",
                    crate::t!(
                        "cli_floor.deleted",
                        building = building,
                        floor = floor,
                        holds = holdings.describe()
                    )
                );
            }
            Ok(())
        }
        FloorCommand::Copy {
            file,
            building,
            floor,
            to,
            replace,
            json,
        } => {
            let mut workspace = super::open_workspace(&file)?;
            let source = super::find_floor(&workspace, &file, &building, &floor)?;
            let building_id = building_uuid(&workspace, &file, &building)?;
            let mut targets = Vec::with_capacity(to.len());
            for name in &to {
                let index = workspace.index();
                let existing = index
                    .find_floor(&building, name)
                    .and_then(|f| index.floors.get(f));
                match existing {
                    Some(entry) => targets.push(CopyTarget::Existing(entry.floor.uuid)),
                    None => {
                        let level = super::level_from_name(name).ok_or_else(|| {
                            anyhow::anyhow!("{}", crate::t!("cli.need_level", floor = name))
                        })?;
                        targets.push(CopyTarget::New(Floor {
                            uuid: Uuid::now_v7(),
                            building: building_id,
                            name: name.trim().to_owned(),
                            level,
                            elevation_m: None,
                            storey_height_m: None,
                        }));
                    }
                }
            }
            let plan = workspace.plan_floor_copy(&source, &targets, replace)?;
            let previews = plan.targets.clone();
            workspace.apply(plan.edit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&previews)?);
                return Ok(());
            }
            for p in &previews {
                let numbers: Vec<String> = p
                    .numbers
                    .iter()
                    .map(|(a, b)| format!("{a} → {b}"))
                    .collect();
                println!(
                    "{}",
                    crate::t!(
                        "cli_floor.copied",
                        from = floor,
                        to = p.floor,
                        rooms = p.numbers.len(),
                        numbers = numbers.join(&crate::t!("check.separator"))
                    )
                );
            }
            Ok(())
        }
    }
}
