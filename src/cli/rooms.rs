//! `officeplan rooms set`: several rooms of a floor edited together (category, sub-use,
//! status with its date, note) — the inspector's batch editor, headless; one undoable step.

use std::path::PathBuf;

use clap::Subcommand;

use crate::model::{Coded as _, RoomCategory, RoomStatus, Uuid};
use crate::workspace::{Edit, RoomsPatch};

fn help(key: &str) -> String {
    crate::t!(key).into_owned()
}

fn parse_category(text: &str) -> Result<RoomCategory, String> {
    RoomCategory::parse(text).ok_or_else(|| {
        let names: Vec<&str> = RoomCategory::ALL.iter().map(|c| c.zh()).collect();
        crate::t!("cli.bad_choice", choices = names.join(", ")).into_owned()
    })
}

fn parse_status(text: &str) -> Result<RoomStatus, String> {
    RoomStatus::parse(text).ok_or_else(|| {
        let names: Vec<&str> = RoomStatus::ALL.iter().map(|c| c.zh()).collect();
        crate::t!("cli.bad_choice", choices = names.join(", ")).into_owned()
    })
}

/// The room commands.
#[derive(Debug, Subcommand)]
pub enum RoomsCommand {
    #[command(about = help("cli_rooms.set_about"))]
    Set {
        #[arg(help = help("cli_floor.file"))]
        file: PathBuf,
        #[arg(long, help = help("cli_floor.building"))]
        building: String,
        #[arg(long, help = help("cli_floor.floor"))]
        floor: String,
        #[arg(long, value_delimiter = ',', required = true, help = help("cli_rooms.rooms"))]
        rooms: Vec<String>,
        #[arg(long, value_parser = parse_category, help = help("cli_rooms.category"))]
        category: Option<RoomCategory>,
        #[arg(long, help = help("cli_rooms.sub_use"))]
        sub_use: Option<String>,
        #[arg(long, value_parser = parse_status, help = help("cli_rooms.status"))]
        status: Option<RoomStatus>,
        #[arg(long, help = help("cli_rooms.since"))]
        since: Option<String>,
        #[arg(long, help = help("cli_rooms.note"))]
        note: Option<String>,
        #[arg(long, help = help("cli_floor.json"))]
        json: bool,
    },
}

/// A room as `rooms set --json` prints it after the edit.
#[derive(serde::Serialize)]
struct RoomLine {
    number: String,
    category: &'static str,
    sub_use: String,
    status: &'static str,
    status_since: Option<String>,
    note: String,
}

/// Runs a room command.
pub fn run(command: RoomsCommand) -> anyhow::Result<()> {
    let RoomsCommand::Set {
        file,
        building,
        floor,
        rooms,
        category,
        sub_use,
        status,
        since,
        note,
        json,
    } = command;
    let mut workspace = super::open_workspace(&file)?;
    let floor_id = super::find_floor(&workspace, &file, &building, &floor)?;
    let plan = workspace.floor_plan(&floor_id)?;
    let mut chosen: Vec<Uuid> = Vec::with_capacity(rooms.len());
    for number in &rooms {
        let number = number.trim();
        let room = plan
            .rooms
            .iter()
            .find(|r| r.number == number)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}",
                    crate::t!(
                        "cli_rooms.no_room",
                        path = file.display(),
                        building = building,
                        floor = floor,
                        room = number
                    )
                )
            })?;
        chosen.push(room.uuid);
    }
    let patch = RoomsPatch {
        rooms: chosen.clone(),
        category,
        sub_use,
        status,
        status_since: since,
        note,
    };
    workspace.apply(Edit::SetRooms(Box::new(patch)))?;
    let plan = workspace.floor_plan(&floor_id)?;
    let lines: Vec<RoomLine> = chosen
        .iter()
        .filter_map(|u| plan.room(u))
        .map(|(r, _)| RoomLine {
            number: r.number.clone(),
            category: r.category.zh(),
            sub_use: r.sub_use.clone(),
            status: r.status.zh(),
            status_since: r.status_since.clone(),
            note: r.note.clone(),
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&lines)?);
    } else {
        println!(
            "{}",
            crate::t!(
                "cli_rooms.set_done",
                count = lines.len(),
                building = building,
                floor = floor
            )
        );
    }
    Ok(())
}
