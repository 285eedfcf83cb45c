//! `officeplan project add|edit|delete|list`: construction projects (办公用房建设项目), the
//! records of 办公用房建设项目信息, through the workspace's one door — the same edits as the
//! window 视图 → 建设项目.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::new_project::in_file;
use super::site::number;
use crate::model::{Coded as _, ConstructionProject, ProjectStatus, UnitRef, Uuid};
use crate::workspace::{Edit, Workspace};

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    #[command(about = crate::t!("national_tables.help.add").into_owned())]
    Add(Box<ProjectArgs>),
    #[command(about = crate::t!("national_tables.help.edit").into_owned())]
    Edit(Box<ProjectArgs>),
    #[command(about = crate::t!("national_tables.help.delete").into_owned())]
    Delete(ProjectKey),
    #[command(about = crate::t!("national_tables.help.list").into_owned())]
    List(ProjectList),
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("national_tables.help.name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("national_tables.help.rename").into_owned())]
    pub rename: Option<String>,
    #[arg(long, help = crate::t!("national_tables.help.approver").into_owned())]
    pub approver: Option<String>,
    #[arg(long, help = crate::t!("national_tables.help.builder").into_owned())]
    pub builder: Option<String>,
    #[arg(long = "main-unit", help = crate::t!("national_tables.help.main_unit").into_owned())]
    pub main_unit: Option<String>,
    #[arg(long, help = crate::t!("national_tables.help.address").into_owned())]
    pub address: Option<String>,
    #[arg(long, value_name = "M2", allow_hyphen_values = true, help = crate::t!("national_tables.help.scale").into_owned())]
    pub scale: Option<String>,
    #[arg(long, value_name = "万元", allow_hyphen_values = true, help = crate::t!("national_tables.help.investment").into_owned())]
    pub investment: Option<String>,
    #[arg(long = "approval-no", help = crate::t!("national_tables.help.approval_no").into_owned())]
    pub approval_no: Option<String>,
    #[arg(long, help = crate::t!("national_tables.help.year").into_owned())]
    pub year: Option<String>,
    #[arg(long, help = crate::t!("national_tables.help.status").into_owned())]
    pub status: Option<String>,
    #[arg(long, help = crate::t!("national_tables.help.note").into_owned())]
    pub note: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProjectKey {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("national_tables.help.name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProjectList {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// A unit typed on the command line: one of the file's units by name or UUID, else a free
/// text (a unit the file does not hold); an empty text clears it.
pub(super) fn unit_ref(workspace: &Workspace, text: &str) -> UnitRef {
    let text = text.trim();
    workspace
        .units()
        .iter()
        .find(|u| u.name == text || u.uuid.to_string() == text)
        .map_or_else(|| UnitRef::named(text), UnitRef::unit)
}

/// Changes `p` by the fields given.
fn fill(
    p: &mut ConstructionProject,
    args: &ProjectArgs,
    workspace: &Workspace,
) -> anyhow::Result<()> {
    let text = |target: &mut String, given: &Option<String>| {
        if let Some(value) = given {
            value.trim().clone_into(target);
        }
    };
    text(&mut p.name, &args.rename);
    text(&mut p.approver, &args.approver);
    text(&mut p.builder, &args.builder);
    text(&mut p.address, &args.address);
    text(&mut p.approval_no, &args.approval_no);
    text(&mut p.note, &args.note);
    if let Some(unit) = &args.main_unit {
        p.main_user = unit_ref(workspace, unit);
    }
    if let Some(v) = number("--scale", args.scale.as_deref())? {
        p.scale_m2 = v;
    }
    if let Some(v) = number("--investment", args.investment.as_deref())? {
        p.investment_wan_yuan = v;
    }
    if let Some(year) = args.year.as_deref().map(str::trim) {
        p.year = if year.is_empty() {
            None
        } else {
            Some(year.parse::<i32>().map_err(|_| {
                anyhow::anyhow!(
                    "{}",
                    crate::t!("cli_inventory.bad_number", field = "--year", value = year)
                )
            })?)
        };
    }
    if let Some(status) = &args.status {
        p.status = ProjectStatus::parse(status).ok_or_else(|| {
            let codes: Vec<&str> = ProjectStatus::ALL.iter().map(|s| s.code()).collect();
            anyhow::anyhow!(
                "{}",
                crate::t!(
                    "cli_inventory.bad_choice",
                    field = "--status",
                    value = status,
                    choices = codes.join(", ")
                )
            )
        })?;
    }
    Ok(())
}

/// Finds a project by name or UUID, naming the file when it is not there.
fn project_of(
    workspace: &Workspace,
    file: &Path,
    key: &str,
) -> anyhow::Result<ConstructionProject> {
    let key = key.trim();
    workspace
        .construction_projects()
        .map_err(|e| in_file(file, e))?
        .into_iter()
        .find(|p| p.name == key || p.uuid.to_string() == key)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}",
                crate::t!(
                    "national_tables.cli.no_project",
                    path = file.display(),
                    name = key
                )
            )
        })
}

fn project_json(p: &ConstructionProject, workspace: &Workspace) -> serde_json::Value {
    json!({
        "uuid": p.uuid.to_string(),
        "name": p.name,
        "approver": p.approver,
        "builder": p.builder,
        "main_unit": p.main_user.resolve(workspace.units()),
        "main_unit_uuid": p.main_user.unit.map(|u| u.to_string()),
        "address": p.address,
        "scale_m2": p.scale_m2,
        "investment_wan_yuan": p.investment_wan_yuan,
        "approval_no": p.approval_no,
        "year": p.year,
        "status": p.status.code(),
        "note": p.note,
    })
}

fn say(
    file: &Path,
    action: &str,
    p: &ConstructionProject,
    workspace: &Workspace,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let value = json!({
            "file": file.display().to_string(),
            "action": action,
            "project": project_json(p, workspace),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        let key = format!("national_tables.cli.{action}");
        println!("{}", crate::t!(&key, name = p.name, path = file.display()));
    }
    Ok(())
}

fn optional(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

pub fn run(command: ProjectCommand) -> anyhow::Result<()> {
    match command {
        ProjectCommand::Add(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let mut p = ConstructionProject::new(Uuid::now_v7(), args.name.trim().to_owned());
            fill(&mut p, &args, &workspace).map_err(|e| in_file(&args.file, e))?;
            workspace
                .apply(Edit::AddConstructionProject {
                    project: Box::new(p.clone()),
                    restored: false,
                })
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "add", &p, &workspace, args.json)
        }
        ProjectCommand::Edit(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let mut p = project_of(&workspace, &args.file, &args.name)?;
            fill(&mut p, &args, &workspace).map_err(|e| in_file(&args.file, e))?;
            workspace
                .apply(Edit::EditConstructionProject(Box::new(p.clone())))
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "edit", &p, &workspace, args.json)
        }
        ProjectCommand::Delete(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let p = project_of(&workspace, &args.file, &args.name)?;
            workspace
                .apply(Edit::DeleteConstructionProject { project: p.uuid })
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "delete", &p, &workspace, args.json)
        }
        ProjectCommand::List(args) => {
            let workspace = super::open_workspace(&args.file)?;
            let projects = workspace
                .construction_projects()
                .map_err(|e| in_file(&args.file, e))?;
            if args.json {
                let list: Vec<_> = projects
                    .iter()
                    .map(|p| project_json(p, &workspace))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            if projects.is_empty() {
                println!(
                    "{}",
                    crate::t!("national_tables.cli.none", path = args.file.display())
                );
            }
            for p in &projects {
                println!(
                    "{}\t{}\t{}\t{} m²\t{} 万元\t{}",
                    p.name,
                    p.approver,
                    p.main_user.resolve(workspace.units()),
                    optional(p.scale_m2),
                    optional(p.investment_wan_yuan),
                    crate::labels::project_status(p.status)
                );
            }
            Ok(())
        }
    }
}
