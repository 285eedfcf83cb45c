//! `officeplan unit add|edit|delete`: units (使用单位) and their approved posts (编制) through
//! the workspace's one door, as the units panel writes them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::new_project::in_file;
use crate::io::rank_rows::row_grade;
use crate::model::{Coded as _, Grade, OrganCategory, Organisation, Unit, UnitKind, Uuid};
use crate::workspace::Workspace;

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    #[command(about = crate::t!("cli_people.help.unit_add").into_owned())]
    Add(UnitArgs),
    #[command(about = crate::t!("cli_people.help.unit_edit").into_owned())]
    Edit(UnitArgs),
    #[command(about = crate::t!("cli_people.help.unit_delete").into_owned())]
    Delete(UnitDelete),
}

#[derive(Debug, Args)]
pub struct UnitArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_people.help.unit_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_inventory.help.rename").into_owned())]
    pub rename: Option<String>,
    #[arg(long, help = crate::t!("cli_people.help.organ").into_owned())]
    pub organ: Option<String>,
    #[arg(long, help = crate::t!("cli_people.help.kind").into_owned())]
    pub kind: Option<String>,
    #[arg(long, help = crate::t!("cli_people.help.parent").into_owned())]
    pub parent: Option<String>,
    #[arg(long, value_name = "副省级|副部级|副市(厅)级|副县(处)级|无", help = crate::t!("ranks.cli.help_step").into_owned())]
    pub rank_step: Option<String>,
    #[arg(long = "post", value_name = "ROW=COUNT", help = crate::t!("cli_people.help.post").into_owned())]
    pub posts: Vec<String>,
    #[arg(long, value_name = "N", help = crate::t!("cli_people.help.service_posts").into_owned())]
    pub service_posts: Option<u32>,
    #[arg(long, value_name = "N", help = crate::t!("cli_people.help.headcount").into_owned())]
    pub headcount: Option<u32>,
    #[arg(long, help = crate::t!("cli_inventory.help.note").into_owned())]
    pub note: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UnitDelete {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_people.help.unit_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_people.help.yes").into_owned())]
    pub yes: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// A unit of `o` by name or UUID, or an error naming the file and the units there are.
pub(super) fn unit_of<'a>(o: &'a Organisation, file: &Path, key: &str) -> anyhow::Result<&'a Unit> {
    let key = key.trim();
    o.units
        .iter()
        .find(|u| u.name == key || u.uuid.to_string() == key)
        .ok_or_else(|| {
            let names: Vec<&str> = o.units.iter().map(|u| u.name.as_str()).take(30).collect();
            anyhow::anyhow!(
                "{}",
                crate::t!(
                    "cli_people.no_unit",
                    path = file.display(),
                    unit = key,
                    names = names.join("、")
                )
            )
        })
}

/// A coded value typed as its Chinese name, its code or (for organ categories) 县/县级机关.
fn coded<T: crate::model::Coded>(field: &str, text: &str) -> anyhow::Result<T> {
    let text = text.trim();
    T::parse(text)
        .or_else(|| T::parse(text.trim_end_matches("机关").trim_end_matches('级')))
        .ok_or_else(|| {
            let names: Vec<&str> = T::ALL.iter().map(|v| v.zh()).collect();
            anyhow::anyhow!(
                "{}",
                crate::t!(
                    "cli_people.bad_choice",
                    field = field,
                    value = text,
                    names = names.join("、")
                )
            )
        })
}

/// `ROW=COUNT` of `--post`: ROW is a post column of the workbook (a row of the unit's column
/// of the standard, `科级以下`, or a GB/T grade, `办事员级`); COUNT 0 removes the row.
fn post(category: OrganCategory, text: &str) -> anyhow::Result<(Grade, u32)> {
    let bad = || {
        anyhow::anyhow!(
            "{}",
            crate::t!("cli_people.bad_post", value = text, organ = category.zh())
        )
    };
    let (row, count) = text.split_once('=').ok_or_else(bad)?;
    let grade = row_grade(category, row.trim())
        .or_else(|| Grade::parse(row.trim()))
        .ok_or_else(bad)?;
    let count = count.trim().parse::<u32>().map_err(|_| bad())?;
    Ok((grade, count))
}

/// Changes `unit` by the fields given.
fn fill(unit: &mut Unit, args: &UnitArgs, o: &Organisation, file: &Path) -> anyhow::Result<()> {
    if let Some(name) = &args.rename {
        name.trim().clone_into(&mut unit.name);
    }
    if let Some(organ) = &args.organ {
        unit.organ_category = coded("--organ", organ)?;
    }
    if let Some(kind) = &args.kind {
        unit.kind = coded("--kind", kind)?;
    }
    if let Some(step) = &args.rank_step {
        let none = ["", "无", "none"];
        unit.rank_step = if none.contains(&step.trim()) {
            None
        } else {
            Some(coded("--rank-step", step)?)
        };
    }
    if let Some(parent) = &args.parent {
        unit.parent = if parent.trim().is_empty() {
            None
        } else {
            Some(unit_of(o, file, parent)?.uuid)
        };
    }
    for text in &args.posts {
        let (grade, count) = post(unit.organ_category, text)?;
        if count == 0 {
            unit.posts.remove(&grade);
        } else {
            unit.posts.insert(grade, count);
        }
    }
    if let Some(n) = args.service_posts {
        unit.service_posts = n;
    }
    if let Some(n) = args.headcount {
        unit.headcount = n;
    }
    if let Some(note) = &args.note {
        note.trim().clone_into(&mut unit.note);
    }
    Ok(())
}

/// The unit as `--json` shows it, with its approved and used office area from the check.
fn unit_json(unit: &Unit, o: &Organisation, workspace: &mut Workspace) -> serde_json::Value {
    let name = |u: &Uuid| {
        o.units
            .iter()
            .find(|x| x.uuid == *u)
            .map(|x| x.name.clone())
    };
    let posts: BTreeMap<String, u32> = unit
        .posts
        .iter()
        .map(|(g, n)| {
            let row = crate::io::rank_rows::row_label(unit.organ_category, *g)
                .map_or_else(|| g.zh().to_owned(), str::to_owned);
            (row, *n)
        })
        .collect();
    let office = workspace.checked().ok().and_then(|checked| {
        let index = checked
            .project
            .units
            .iter()
            .position(|u| u.uuid == unit.uuid)?;
        checked
            .compliance
            .units
            .iter()
            .find(|c| c.unit == index)
            .map(|c| (c.office.approved_m2, c.office.used_m2, c.over))
    });
    json!({
        "uuid": unit.uuid.to_string(),
        "name": unit.name,
        "organ_category": unit.organ_category.code(),
        "kind": unit.kind.code(),
        "rank_step": unit.rank_step.map(|s| s.zh()),
        "parent": unit.parent.as_ref().and_then(name),
        "posts": posts,
        "approved_posts": unit.approved_posts(),
        "service_posts": unit.service_posts,
        "headcount": unit.headcount,
        "note": unit.note,
        "office_approved_m2": office.map(|o| crate::analysis::area::round_m2(o.0)),
        "office_used_m2": office.map(|o| crate::analysis::area::round_m2(o.1)),
        "over": office.map(|o| o.2),
        "basis": crate::t!("cli_people.basis").into_owned(),
    })
}

pub fn run(command: UnitCommand) -> anyhow::Result<()> {
    match command {
        UnitCommand::Add(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let o = workspace.organisation()?;
            let mut unit = Unit {
                region: None,
                uuid: Uuid::now_v7(),
                name: args.name.trim().to_owned(),
                organ_category: organ_default(&workspace),
                kind: UnitKind::Organ,
                parent: None,
                posts: BTreeMap::new(),
                service_posts: 0,
                headcount: 0,
                note: String::new(),
                rank_step: None,
            };
            fill(&mut unit, &args, &o, &args.file).map_err(|e| in_file(&args.file, e))?;
            workspace
                .add_unit(&unit)
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "add", &unit, &mut workspace, args.json)
        }
        UnitCommand::Edit(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let o = workspace.organisation()?;
            let mut unit = unit_of(&o, &args.file, &args.name)?.clone();
            fill(&mut unit, &args, &o, &args.file).map_err(|e| in_file(&args.file, e))?;
            workspace
                .edit_unit(&unit)
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "edit", &unit, &mut workspace, args.json)
        }
        UnitCommand::Delete(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let o = workspace.organisation()?;
            let unit = unit_of(&o, &args.file, &args.name)?.clone();
            let contents = workspace.unit_contents(&unit.uuid)?;
            workspace
                .delete_unit(&unit.uuid, args.yes)
                .map_err(|e| in_file(&args.file, e))?;
            if args.json {
                let value = json!({
                    "file": args.file.display().to_string(),
                    "action": "delete",
                    "unit": { "uuid": unit.uuid.to_string(), "name": unit.name },
                    "deleted": contents,
                });
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!(
                    "{}",
                    crate::t!(
                        "people.log.delete_unit",
                        name = unit.name,
                        persons = contents.persons,
                        rooms = contents.rooms
                    )
                );
            }
            Ok(())
        }
    }
}

/// A new unit's organ category: the region's level (a county file's units are 县级机关).
fn organ_default(workspace: &Workspace) -> OrganCategory {
    workspace
        .region()
        .ok()
        .flatten()
        .map_or(OrganCategory::County, |r| r.level.organ_category())
}

fn say(
    file: &Path,
    action: &str,
    unit: &Unit,
    workspace: &mut Workspace,
    json: bool,
) -> anyhow::Result<()> {
    let o = workspace.organisation()?;
    let row = unit_json(unit, &o, workspace);
    if json {
        let value = json!({
            "file": file.display().to_string(),
            "action": action,
            "unit": row,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let key = format!("people.log.{action}_unit");
    println!("{}", crate::t!(&key, name = unit.name));
    if let (Some(approved), Some(used)) = (
        row.get("office_approved_m2")
            .and_then(serde_json::Value::as_f64),
        row.get("office_used_m2")
            .and_then(serde_json::Value::as_f64),
    ) {
        println!(
            "{}",
            crate::t!(
                "cli_people.unit_office",
                approved = format!("{approved:.2}"),
                used = format!("{used:.2}")
            )
        );
    }
    Ok(())
}
