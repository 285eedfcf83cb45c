//! `officeplan person add|edit|delete`, `officeplan assign` and `officeplan seat`: persons
//! (人员) with their grade, status and concurrent posts, a unit's rooms and a person's seats in
//! the baseline — through the workspace's one door, as the persons panel and the plan write them.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::new_project::in_file;
use super::unit::unit_of;
use crate::model::person::{parse_post_text, post_text};
use crate::model::{
    Coded as _, ConcurrentPost, Grade, Organisation, Person, PersonStatus, RoomKey, Uuid,
    parse_date,
};
use crate::workspace::Workspace;

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    #[command(about = crate::t!("cli_people.help.person_add").into_owned())]
    Add(PersonArgs),
    #[command(about = crate::t!("cli_people.help.person_edit").into_owned())]
    Edit(PersonArgs),
    #[command(about = crate::t!("cli_people.help.person_delete").into_owned())]
    Delete(PersonDelete),
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_people.help.person_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_people.help.person_unit").into_owned())]
    pub unit: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.rename").into_owned())]
    pub rename: Option<String>,
    #[arg(long, help = crate::t!("cli_people.help.grade").into_owned())]
    pub grade: Option<String>,
    #[arg(long, help = crate::t!("ranks.cli.help_rank").into_owned())]
    pub rank: Option<String>,
    #[arg(long, value_name = "true|false", action = clap::ArgAction::Set, help = crate::t!("ranks.cli.help_head").into_owned())]
    pub party_government_head: Option<bool>,
    #[arg(long, help = crate::t!("cli_people.help.title").into_owned())]
    pub title: Option<String>,
    #[arg(long, help = crate::t!("cli_people.help.status").into_owned())]
    pub status: Option<String>,
    #[arg(long, value_name = "DATE", help = crate::t!("cli_people.help.status_date").into_owned())]
    pub status_date: Option<String>,
    #[arg(long = "concurrent", value_name = "UNIT[（START至END）]", help = crate::t!("cli_people.help.concurrent").into_owned())]
    pub concurrent: Vec<String>,
    #[arg(long, help = crate::t!("cli_people.help.no_concurrent").into_owned())]
    pub no_concurrent: bool,
    #[arg(long, help = crate::t!("cli_people.help.approval").into_owned())]
    pub approval: Option<String>,
    #[arg(long, value_name = "DATE", help = crate::t!("cli_people.help.approval_date").into_owned())]
    pub approval_date: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PersonDelete {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_people.help.person_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_people.help.person_unit").into_owned())]
    pub unit: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// `officeplan assign`: a unit's use of a room in the baseline.
#[derive(Debug, Args)]
pub struct AssignArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_people.help.unit_name").into_owned())]
    pub unit: String,
    #[arg(long = "room", value_name = "B/F/R", required = true, help = crate::t!("cli_people.help.room").into_owned())]
    pub rooms: Vec<String>,
    #[arg(long, help = crate::t!("cli_people.help.remove").into_owned())]
    pub remove: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// `officeplan seat`: a person's office in the baseline.
#[derive(Debug, Args)]
pub struct SeatArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_people.help.person_name").into_owned())]
    pub person: String,
    #[arg(long, help = crate::t!("cli_people.help.person_unit").into_owned())]
    pub unit: Option<String>,
    #[arg(long, value_name = "B/F/R", help = crate::t!("cli_people.help.room").into_owned())]
    pub room: String,
    #[arg(long, help = crate::t!("cli_people.help.remove").into_owned())]
    pub remove: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// A person of `o` by name (within `unit` when given) or UUID; a name two units share needs
/// the unit.
pub(super) fn person_of<'a>(
    o: &'a Organisation,
    file: &Path,
    key: &str,
    unit: Option<&str>,
) -> anyhow::Result<&'a Person> {
    let key = key.trim();
    let unit = unit.map(|u| unit_of(o, file, u)).transpose()?;
    let found: Vec<&Person> = o
        .persons
        .iter()
        .filter(|p| p.uuid.to_string() == key || p.name == key)
        .filter(|p| unit.is_none_or(|u| u.uuid == p.unit))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => anyhow::bail!(
            "{}",
            crate::t!("cli_people.no_person", path = file.display(), person = key)
        ),
        _ => anyhow::bail!(
            "{}",
            crate::t!(
                "cli_people.ambiguous_person",
                path = file.display(),
                person = key
            )
        ),
    }
}

/// A room by `building/floor/number` (as the workbook writes it) or UUID.
pub(super) fn room_of(keys: &[RoomKey], file: &Path, text: &str) -> anyhow::Result<Uuid> {
    let text = text.trim();
    keys.iter()
        .find(|k| k.label() == text || k.uuid.to_string() == text)
        .map(|k| k.uuid)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}",
                crate::t!("cli_people.no_room", path = file.display(), room = text)
            )
        })
}

fn date(field: &str, text: &str) -> anyhow::Result<Option<String>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(text).map(Some).ok_or_else(|| {
        anyhow::anyhow!(
            "{}",
            crate::t!("people.error.bad_date", field = field, value = text)
        )
    })
}

fn choice<T: crate::model::Coded>(field: &str, text: &str) -> anyhow::Result<T> {
    T::parse(text).ok_or_else(|| {
        let names: Vec<&str> = T::ALL.iter().map(|v| v.zh()).collect();
        anyhow::anyhow!(
            "{}",
            crate::t!(
                "cli_people.bad_choice",
                field = field,
                value = text.trim(),
                names = names.join("、")
            )
        )
    })
}

/// Changes `person` by the fields given; `ranks` reads 职级 names (the file's standard).
fn fill(
    p: &mut Person,
    args: &PersonArgs,
    o: &Organisation,
    file: &Path,
    ranks: &crate::standards::RankTable,
) -> anyhow::Result<()> {
    if let Some(name) = &args.rename {
        name.trim().clone_into(&mut p.name);
    }
    if let Some(grade) = &args.grade
        && !ranks.set_grade_text(p, grade)
    {
        anyhow::bail!(
            "{}",
            crate::t!(
                "cli_people.bad_choice",
                field = "--grade",
                value = grade.trim(),
                names = ranks.accepted_names()
            )
        );
    }
    if let Some(rank) = &args.rank
        && !ranks.set_rank_beside(p, rank)
    {
        let names: Vec<&str> = ranks.rows.iter().map(|r| r.label.as_str()).collect();
        anyhow::bail!(
            "{}",
            crate::t!(
                "cli_people.bad_choice",
                field = "--rank",
                value = rank.trim(),
                names = names.join("、")
            )
        );
    }
    if let Some(title) = &args.title {
        title.trim().clone_into(&mut p.title);
    }
    if let Some(head) = args.party_government_head {
        p.party_government_head = head;
    }
    if let Some(status) = &args.status {
        p.status = choice::<PersonStatus>("--status", status)?;
    }
    if let Some(d) = &args.status_date {
        p.status_date = date("--status-date", d)?;
    }
    if args.no_concurrent {
        p.concurrent.clear();
    }
    for text in &args.concurrent {
        let (unit, start, end) = parse_post_text(text).map_err(|bad| {
            anyhow::anyhow!(
                "{}",
                crate::t!("people.error.bad_date", field = "--concurrent", value = bad)
            )
        })?;
        let unit = unit_of(o, file, unit)?.uuid;
        p.concurrent.retain(|c| c.unit != unit);
        p.concurrent.push(ConcurrentPost { unit, start, end });
    }
    if let Some(a) = &args.approval {
        a.trim().clone_into(&mut p.second_office_approval);
    }
    if let Some(d) = &args.approval_date {
        p.second_office_approval_date = date("--approval-date", d)?;
    }
    Ok(())
}

fn person_json(p: &Person, o: &Organisation, keys: &[RoomKey]) -> serde_json::Value {
    let unit_name = |u: &Uuid| {
        o.units
            .iter()
            .find(|x| x.uuid == *u)
            .map_or_else(String::new, |x| x.name.clone())
    };
    let organ = o
        .units
        .iter()
        .find(|u| u.uuid == p.unit)
        .map(|u| u.organ_category);
    json!({
        "uuid": p.uuid.to_string(),
        "name": p.name,
        "unit": unit_name(&p.unit),
        "grade": p.grade.zh(),
        "rank": p.rank,
        "rank_only": p.rank_only,
        "party_government_head": p.party_government_head,
        "standard_row": organ.and_then(|c| crate::io::rank_rows::row_label(c, p.grade)),
        "title": p.title,
        "status": p.status.zh(),
        "status_date": p.status_date,
        "concurrent": p.concurrent.iter().map(|c| post_text(&unit_name(&c.unit), c)).collect::<Vec<_>>(),
        "second_office_approval": p.second_office_approval,
        "second_office_approval_date": p.second_office_approval_date,
        "rooms": p.rooms.iter().filter_map(|r| keys.iter().find(|k| k.uuid == *r)).map(RoomKey::label).collect::<Vec<_>>(),
    })
}

fn say_person(
    file: &Path,
    action: &str,
    uuid: &Uuid,
    workspace: &Workspace,
    json: bool,
) -> anyhow::Result<()> {
    let o = workspace.organisation()?;
    let keys = workspace.room_keys()?;
    let Some(p) = o.persons.iter().find(|p| p.uuid == *uuid) else {
        return Ok(());
    };
    if json {
        let value = json!({
            "file": file.display().to_string(),
            "action": action,
            "person": person_json(p, &o, &keys),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        let key = format!("people.log.{action}_person");
        println!("{}", crate::t!(&key, name = p.name));
    }
    Ok(())
}

pub fn run(command: PersonCommand) -> anyhow::Result<()> {
    match command {
        PersonCommand::Add(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let o = workspace.organisation()?;
            let Some(unit) = &args.unit else {
                anyhow::bail!("{}", crate::t!("cli_people.needs_unit"));
            };
            let unit = unit_of(&o, &args.file, unit)?.uuid;
            let mut p = Person::new(unit, &args.name, Grade::Clerk);
            if args.grade.is_none() {
                anyhow::bail!("{}", crate::t!("cli_people.needs_grade"));
            }
            let standard = crate::standards::ProjectStandard::resolve(&workspace.settings()?)?;
            fill(&mut p, &args, &o, &args.file, &standard.set.ranks)
                .map_err(|e| in_file(&args.file, e))?;
            // No --party-government-head: the title's hint decides, as an import without
            // the column does.
            if args.party_government_head.is_none() {
                p.party_government_head = crate::model::person::title_suggests_head(&p.title);
            }
            workspace
                .add_person(&p)
                .map_err(|e| in_file(&args.file, e))?;
            say_person(&args.file, "add", &p.uuid, &workspace, args.json)
        }
        PersonCommand::Edit(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let o = workspace.organisation()?;
            // --unit names the person's unit to find them; --rename and the rest change them.
            let mut p = person_of(&o, &args.file, &args.name, None)
                .or_else(|_| person_of(&o, &args.file, &args.name, args.unit.as_deref()))?
                .clone();
            if let Some(unit) = &args.unit {
                p.unit = unit_of(&o, &args.file, unit)?.uuid;
            }
            let standard = crate::standards::ProjectStandard::resolve(&workspace.settings()?)?;
            fill(&mut p, &args, &o, &args.file, &standard.set.ranks)
                .map_err(|e| in_file(&args.file, e))?;
            workspace
                .edit_person(&p)
                .map_err(|e| in_file(&args.file, e))?;
            say_person(&args.file, "edit", &p.uuid, &workspace, args.json)
        }
        PersonCommand::Delete(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let o = workspace.organisation()?;
            let p = person_of(&o, &args.file, &args.name, args.unit.as_deref())?.clone();
            let keys = workspace.room_keys()?;
            workspace
                .delete_person(&p.uuid)
                .map_err(|e| in_file(&args.file, e))?;
            if args.json {
                let value = json!({
                    "file": args.file.display().to_string(),
                    "action": "delete",
                    "person": person_json(&p, &o, &keys),
                });
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!("{}", crate::t!("people.log.delete_person", name = p.name));
            }
            Ok(())
        }
    }
}

/// `officeplan assign`.
pub fn assign(args: AssignArgs) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(&args.file)?;
    let o = workspace.organisation()?;
    let unit = unit_of(&o, &args.file, &args.unit)?.clone();
    let keys = workspace.room_keys()?;
    let rooms = args
        .rooms
        .iter()
        .map(|r| room_of(&keys, &args.file, r))
        .collect::<anyhow::Result<Vec<Uuid>>>()?;
    workspace
        .assign_rooms(&unit.uuid, &rooms, args.remove)
        .map_err(|e| in_file(&args.file, e))?;
    say_log(&args.file, &workspace, args.json, || {
        json!({
            "unit": unit.name,
            "rooms": rooms.iter().filter_map(|r| keys.iter().find(|k| k.uuid == *r)).map(RoomKey::label).collect::<Vec<_>>(),
            "removed": args.remove,
        })
    })
}

/// `officeplan seat`.
pub fn seat(args: SeatArgs) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(&args.file)?;
    let o = workspace.organisation()?;
    let p = person_of(&o, &args.file, &args.person, args.unit.as_deref())?.clone();
    let keys = workspace.room_keys()?;
    let room = room_of(&keys, &args.file, &args.room)?;
    workspace
        .seat_person(&p.uuid, &room, args.remove)
        .map_err(|e| in_file(&args.file, e))?;
    say_log(
        &args.file,
        &workspace,
        args.json,
        || json!({ "person": p.name, "room": args.room.trim(), "removed": args.remove }),
    )
}

/// The change-log line just written, or with `--json` the change as one object.
fn say_log(
    file: &Path,
    workspace: &Workspace,
    json: bool,
    value: impl FnOnce() -> serde_json::Value,
) -> anyhow::Result<()> {
    if json {
        let mut v = value();
        if let Some(map) = v.as_object_mut() {
            map.insert("file".into(), file.display().to_string().into());
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else if let Some(line) = workspace.history(1)?.first() {
        println!("{}", line.summary);
    }
    Ok(())
}
