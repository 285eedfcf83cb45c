//! `officeplan site add|edit|delete`: compounds (院落) through the workspace's one door.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::new_project::in_file;
use crate::model::{Site, Uuid};
use crate::workspace::{Contents, Edit, Workspace, find_site};

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    #[command(about = crate::t!("cli_inventory.help.site_add").into_owned())]
    Add(SiteArgs),
    #[command(about = crate::t!("cli_inventory.help.site_edit").into_owned())]
    Edit(SiteArgs),
    #[command(about = crate::t!("cli_inventory.help.site_delete").into_owned())]
    Delete(SiteDelete),
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.site_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_inventory.help.rename").into_owned())]
    pub rename: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.address").into_owned())]
    pub address: Option<String>,
    #[arg(long, value_name = "M2", help = crate::t!("cli_inventory.help.land_area").into_owned())]
    pub land_area: Option<String>,
    #[arg(long, allow_hyphen_values = true, help = crate::t!("cli_inventory.help.lon").into_owned())]
    pub lon: Option<String>,
    #[arg(long, allow_hyphen_values = true, help = crate::t!("cli_inventory.help.lat").into_owned())]
    pub lat: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.note").into_owned())]
    pub note: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SiteDelete {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.site_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_inventory.help.yes").into_owned())]
    pub yes: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// A number typed for `field` (an empty text clears it), or an error naming the field.
pub(super) fn number(field: &str, text: Option<&str>) -> anyhow::Result<Option<Option<f64>>> {
    let Some(text) = text.map(str::trim) else {
        return Ok(None);
    };
    if text.is_empty() {
        return Ok(Some(None));
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| Some(Some(v)))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}",
                crate::t!("cli_inventory.bad_number", field = field, value = text)
            )
        })
}

/// Changes `site` by the fields given.
fn fill(site: &mut Site, args: &SiteArgs) -> anyhow::Result<()> {
    if let Some(name) = &args.rename {
        name.trim().clone_into(&mut site.name);
    }
    if let Some(address) = &args.address {
        address.trim().clone_into(&mut site.address);
    }
    if let Some(area) = number("--land-area", args.land_area.as_deref())? {
        site.land_area_m2 = area;
    }
    let lon = number("--lon", args.lon.as_deref())?;
    let lat = number("--lat", args.lat.as_deref())?;
    match (lon, lat) {
        (None, None) => {}
        (Some(lon), Some(lat)) => site.lon_lat = lon.zip(lat),
        _ => anyhow::bail!("{}", crate::t!("cli_inventory.lon_lat_together")),
    }
    if let Some(note) = &args.note {
        note.trim().clone_into(&mut site.note);
    }
    Ok(())
}

pub(super) fn site_json(site: &Site) -> serde_json::Value {
    json!({
        "uuid": site.uuid.to_string(),
        "name": site.name,
        "address": site.address,
        "land_area_m2": site.land_area_m2,
        "lon": site.lon_lat.map(|p| p.0),
        "lat": site.lon_lat.map(|p| p.1),
        "note": site.note,
    })
}

fn contents_json(contents: &Contents) -> serde_json::Value {
    json!({
        "buildings": contents.buildings,
        "floors": contents.floors,
        "rooms": contents.rooms,
        "room_area_m2": crate::analysis::area::round_m2(contents.area_m2),
    })
}

/// Finds a compound of the open file by name or UUID, naming the file when it is not there.
pub(super) fn site_of(workspace: &Workspace, file: &Path, key: &str) -> anyhow::Result<Site> {
    let index = workspace.index();
    find_site(index.sites.iter().map(|s| &s.site), key)
        .and_then(|uuid| index.sites.iter().find(|s| s.site.uuid == uuid))
        .map(|s| s.site.clone())
        .ok_or_else(|| {
            let names: Vec<&str> = index.sites.iter().map(|s| s.site.name.as_str()).collect();
            anyhow::anyhow!(
                "{}",
                crate::t!(
                    "cli_inventory.no_site",
                    path = file.display(),
                    site = key,
                    names = names.join("、")
                )
            )
        })
}

pub fn run(command: SiteCommand) -> anyhow::Result<()> {
    match command {
        SiteCommand::Add(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let mut site = Site {
                region: None,
                uuid: Uuid::now_v7(),
                name: args.name.trim().to_owned(),
                address: String::new(),
                land_area_m2: None,
                lon_lat: None,
                note: String::new(),
            };
            fill(&mut site, &args).map_err(|e| in_file(&args.file, e))?;
            workspace
                .apply(Edit::AddSite(Box::new(site.clone())))
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "add", &site, None, args.json)
        }
        SiteCommand::Edit(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let mut site = site_of(&workspace, &args.file, &args.name)?;
            fill(&mut site, &args).map_err(|e| in_file(&args.file, e))?;
            workspace
                .apply(Edit::EditSite(Box::new(site.clone())))
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "edit", &site, None, args.json)
        }
        SiteCommand::Delete(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let site = site_of(&workspace, &args.file, &args.name)?;
            let contents = workspace.site_contents(&site.uuid).unwrap_or_default();
            if contents.buildings > 0 && !args.yes {
                anyhow::bail!(
                    "{}",
                    crate::t!(
                        "cli_inventory.needs_yes",
                        path = args.file.display(),
                        name = site.name,
                        gone = gone_line(&contents)
                    )
                );
            }
            workspace
                .apply(Edit::DeleteSite {
                    site: site.uuid,
                    confirmed: args.yes,
                })
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "delete", &site, Some(&contents), args.json)
        }
    }
}

fn say(
    file: &Path,
    action: &str,
    site: &Site,
    gone: Option<&Contents>,
    json: bool,
) -> anyhow::Result<()> {
    say_change(
        file,
        "site",
        action,
        &site.name,
        site_json(site),
        gone,
        json,
    )
}

/// What a compound or building command did: one JSON object (`file`, `action`, the row under
/// `kind`, what a delete took under `deleted`), or the translated line
/// `cli_inventory.<kind>_<action>` and what went with it.
pub(super) fn say_change(
    file: &Path,
    kind: &str,
    action: &str,
    name: &str,
    row: serde_json::Value,
    gone: Option<&Contents>,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let mut value = json!({
            "file": file.display().to_string(),
            "action": action,
        });
        if let Some(map) = value.as_object_mut() {
            map.insert(kind.into(), row);
            if let Some(gone) = gone {
                map.insert("deleted".into(), contents_json(gone));
            }
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let key = format!("cli_inventory.{kind}_{action}");
    println!("{}", crate::t!(&key, name = name, path = file.display()));
    if let Some(gone) = gone {
        println!("{}", gone_line(gone));
    }
    Ok(())
}

pub(super) fn gone_line(gone: &Contents) -> String {
    crate::t!(
        "cli_inventory.gone",
        buildings = gone.buildings,
        floors = gone.floors,
        rooms = gone.rooms,
        area = format!("{:.2}", crate::analysis::area::round_m2(gone.area_m2))
    )
    .into_owned()
}
