//! `officeplan approval add|edit|delete|list`: approval documents (审批文件) — two offices in
//! the own unit (a person), renting (a building), renting out or lending (a room) — through the
//! workspace's one door, as the approvals register writes them.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::new_project::in_file;
use crate::model::{Approval, ApprovalKind, Coded as _, SubjectKind, Uuid, parse_date};
use crate::workspace::Workspace;

#[derive(Debug, Subcommand)]
pub enum ApprovalCommand {
    #[command(about = crate::t!("rules.cli.add").into_owned())]
    Add(ApprovalArgs),
    #[command(about = crate::t!("rules.cli.edit").into_owned())]
    Edit(ApprovalArgs),
    #[command(about = crate::t!("rules.cli.delete").into_owned())]
    Delete(ApprovalKey),
    #[command(about = crate::t!("rules.cli.list").into_owned())]
    List(ApprovalList),
}

#[derive(Debug, Args)]
pub struct ApprovalArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    /// For `add`: the 文号 of the new document; for `edit`: the 文号 or UUID of the one edited.
    #[arg(long, help = crate::t!("rules.cli.number").into_owned())]
    pub number: String,
    #[arg(long, help = crate::t!("rules.cli.kind").into_owned())]
    pub kind: Option<String>,
    #[arg(long, help = crate::t!("rules.cli.renumber").into_owned())]
    pub renumber: Option<String>,
    #[arg(long, value_name = "DATE", help = crate::t!("rules.cli.date").into_owned())]
    pub date: Option<String>,
    #[arg(long, help = crate::t!("rules.cli.authority").into_owned())]
    pub authority: Option<String>,
    #[arg(long, help = crate::t!("rules.cli.note").into_owned())]
    pub note: Option<String>,
    #[arg(long, help = crate::t!("rules.cli.person").into_owned())]
    pub person: Option<String>,
    #[arg(long, help = crate::t!("rules.cli.unit").into_owned())]
    pub unit: Option<String>,
    #[arg(long, help = crate::t!("rules.cli.building").into_owned())]
    pub building: Option<String>,
    #[arg(long, value_name = "B/F/R", help = crate::t!("rules.cli.room").into_owned())]
    pub room: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ApprovalKey {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("rules.cli.number").into_owned())]
    pub number: String,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ApprovalList {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// An approval of the file by 文号 or UUID.
fn approval_of(workspace: &Workspace, file: &Path, key: &str) -> anyhow::Result<Approval> {
    let key = key.trim();
    let found: Vec<Approval> = workspace
        .approvals()?
        .into_iter()
        .filter(|a| a.number == key || a.uuid.to_string() == key)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => anyhow::bail!(
            "{}",
            crate::t!("rules.cli.no_approval", path = file.display(), number = key)
        ),
        _ => anyhow::bail!(
            "{}",
            crate::t!(
                "rules.cli.ambiguous_approval",
                path = file.display(),
                number = key
            )
        ),
    }
}

fn kind_of(text: &str) -> anyhow::Result<ApprovalKind> {
    ApprovalKind::parse(text.trim()).ok_or_else(|| {
        let names: Vec<String> = ApprovalKind::ALL
            .iter()
            .map(|k| format!("{} ({})", k.code(), k.zh()))
            .collect();
        anyhow::anyhow!(
            "{}",
            crate::t!(
                "cli_people.bad_choice",
                field = "--kind",
                value = text.trim(),
                names = names.join("、")
            )
        )
    })
}

/// The subject the arguments name, if any: `--person` (with `--unit`), `--building` or `--room`.
fn subject_of(
    workspace: &Workspace,
    args: &ApprovalArgs,
) -> anyhow::Result<Option<(SubjectKind, Uuid)>> {
    let file = &args.file;
    if let Some(person) = &args.person {
        let o = workspace.organisation()?;
        let p = super::person::person_of(&o, file, person, args.unit.as_deref())?;
        return Ok(Some((SubjectKind::Person, p.uuid)));
    }
    if let Some(building) = &args.building {
        let b = super::building::building_of(workspace, file, None, building)?;
        return Ok(Some((SubjectKind::Building, b.uuid)));
    }
    if let Some(room) = &args.room {
        let keys = workspace.room_keys()?;
        let r = super::person::room_of(&keys, file, room)?;
        return Ok(Some((SubjectKind::Room, r)));
    }
    Ok(None)
}

/// Changes `a` by the fields given, checking that the subject is of the kind's sort.
fn fill(a: &mut Approval, args: &ApprovalArgs, workspace: &Workspace) -> anyhow::Result<()> {
    if let Some(kind) = &args.kind {
        a.kind = kind_of(kind)?;
    }
    if let Some(number) = &args.renumber {
        number.trim().clone_into(&mut a.number);
    }
    if let Some(date) = &args.date {
        let date = date.trim();
        a.date = if date.is_empty() {
            None
        } else {
            Some(parse_date(date).ok_or_else(|| {
                anyhow::anyhow!("{}", crate::t!("rules.error.bad_date", date = date))
            })?)
        };
    }
    if let Some(authority) = &args.authority {
        authority.trim().clone_into(&mut a.authority);
    }
    if let Some(note) = &args.note {
        note.trim().clone_into(&mut a.note);
    }
    if let Some((sort, uuid)) = subject_of(workspace, args)? {
        if sort != a.kind.subject() {
            anyhow::bail!(
                "{}",
                crate::t!(
                    "rules.cli.wrong_subject",
                    kind = crate::labels::approval_kind(a.kind)
                )
            );
        }
        a.subject = uuid;
    }
    Ok(())
}

/// The approval as `list --json` and `--json` print it, with its subject's name.
fn approval_json(a: &Approval, workspace: &Workspace) -> serde_json::Value {
    json!({
        "uuid": a.uuid.to_string(),
        "kind": a.kind.code(),
        "kind_label": crate::labels::approval_kind(a.kind),
        "number": a.number,
        "date": a.date,
        "authority": a.authority,
        "note": a.note,
        "subject": subject_name(a, workspace),
        "subject_uuid": a.subject.to_string(),
    })
}

/// The name of what an approval approves (a person, a building, `building/floor/number`).
pub fn subject_name(a: &Approval, workspace: &Workspace) -> String {
    let name = match a.kind.subject() {
        SubjectKind::Person => workspace.organisation().ok().and_then(|o| {
            o.persons
                .iter()
                .find(|p| p.uuid == a.subject)
                .map(|p| p.name.clone())
        }),
        SubjectKind::Building => workspace
            .index()
            .buildings
            .iter()
            .find(|b| b.building.uuid == a.subject)
            .map(|b| b.building.name.clone()),
        SubjectKind::Room => workspace.room_keys().ok().and_then(|keys| {
            keys.iter()
                .find(|k| k.uuid == a.subject)
                .map(crate::model::RoomKey::label)
        }),
    };
    name.unwrap_or_else(|| crate::t!("rules.subject_missing").into_owned())
}

fn say(
    file: &Path,
    action: &str,
    a: &Approval,
    workspace: &Workspace,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let value = json!({
            "file": file.display().to_string(),
            "action": action,
            "approval": approval_json(a, workspace),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        let key = format!("rules.cli.said_{action}");
        println!(
            "{}",
            crate::t!(
                &key,
                kind = crate::labels::approval_kind(a.kind),
                number = a.number,
                subject = subject_name(a, workspace)
            )
        );
    }
    Ok(())
}

pub fn run(command: ApprovalCommand) -> anyhow::Result<()> {
    match command {
        ApprovalCommand::Add(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let Some(kind) = &args.kind else {
                anyhow::bail!("{}", crate::t!("rules.cli.needs_kind"));
            };
            let kind = kind_of(kind)?;
            let mut a = Approval::new(kind, Uuid::nil(), &args.number);
            fill(&mut a, &args, &workspace).map_err(|e| in_file(&args.file, e))?;
            if a.subject.is_nil() {
                anyhow::bail!("{}", crate::t!("rules.cli.needs_subject"));
            }
            workspace
                .add_approval(&a)
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "add", &a, &workspace, args.json)
        }
        ApprovalCommand::Edit(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let mut a = approval_of(&workspace, &args.file, &args.number)?;
            fill(&mut a, &args, &workspace).map_err(|e| in_file(&args.file, e))?;
            workspace
                .edit_approval(&a)
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "edit", &a, &workspace, args.json)
        }
        ApprovalCommand::Delete(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let a = approval_of(&workspace, &args.file, &args.number)?;
            let said = approval_json(&a, &workspace);
            let subject = subject_name(&a, &workspace);
            workspace
                .delete_approval(&a.uuid)
                .map_err(|e| in_file(&args.file, e))?;
            if args.json {
                let value = json!({
                    "file": args.file.display().to_string(),
                    "action": "delete",
                    "approval": said,
                });
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                println!(
                    "{}",
                    crate::t!(
                        "rules.cli.said_delete",
                        kind = crate::labels::approval_kind(a.kind),
                        number = a.number,
                        subject = subject
                    )
                );
            }
            Ok(())
        }
        ApprovalCommand::List(args) => {
            let workspace = super::open_workspace(&args.file)?;
            let approvals = workspace.approvals().map_err(|e| in_file(&args.file, e))?;
            if args.json {
                let list: Vec<_> = approvals
                    .iter()
                    .map(|a| approval_json(a, &workspace))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({ "approvals": list }))?
                );
            } else if approvals.is_empty() {
                println!("{}", crate::t!("rules.cli.none"));
            } else {
                for a in &approvals {
                    println!(
                        "{}",
                        crate::t!(
                            "rules.cli.list_item",
                            kind = crate::labels::approval_kind(a.kind),
                            number = a.number,
                            date = a.date.as_deref().unwrap_or("—"),
                            authority = a.authority,
                            subject = subject_name(a, &workspace),
                            note = a.note
                        )
                    );
                }
            }
            Ok(())
        }
    }
}
