//! `officeplan building add|edit|delete`: buildings (楼栋) with the fields of the national
//! table and the 2017 measures, through the workspace's one door.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::new_project::in_file;
use super::site::{gone_line, number, say_change, site_of};
use crate::model::{Building, Coded as _, TitleStatus, Uuid, parse_date};
use crate::workspace::{Edit, Workspace};

#[derive(Debug, Subcommand)]
pub enum BuildingCommand {
    #[command(about = crate::t!("cli_inventory.help.building_add").into_owned())]
    Add(Box<BuildingArgs>),
    #[command(about = crate::t!("cli_inventory.help.building_edit").into_owned())]
    Edit(Box<BuildingArgs>),
    #[command(about = crate::t!("cli_inventory.help.building_delete").into_owned())]
    Delete(BuildingDelete),
}

#[derive(Debug, Args)]
pub struct BuildingArgs {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.building_site").into_owned())]
    pub site: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.building_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_inventory.help.rename").into_owned())]
    pub rename: Option<String>,
    #[arg(long = "move-to", value_name = "SITE", help = crate::t!("cli_inventory.help.move_to").into_owned())]
    pub move_to: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.year").into_owned())]
    pub year: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.structure").into_owned())]
    pub structure: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.storeys").into_owned())]
    pub storeys: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.basement_storeys").into_owned())]
    pub basement_storeys: Option<String>,
    #[arg(long, value_name = "M2", help = crate::t!("cli_inventory.help.gross_area").into_owned())]
    pub gross_area: Option<String>,
    #[arg(long, value_name = "M2", help = crate::t!("cli_inventory.help.office_area").into_owned())]
    pub office_area: Option<String>,
    #[arg(long, value_name = "M2", help = crate::t!("cli_inventory.help.tech_area").into_owned())]
    pub tech_area: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.coefficient").into_owned())]
    pub coefficient: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.title").into_owned())]
    pub title: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.certificate").into_owned())]
    pub certificate: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.owner").into_owned())]
    pub owner: Option<String>,
    #[arg(long, value_name = "yes|no", num_args = 0..=1, default_missing_value = "yes", help = crate::t!("cli_inventory.help.rented").into_owned())]
    pub rented: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.lessor").into_owned())]
    pub lessor: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", help = crate::t!("cli_inventory.help.lease_start").into_owned())]
    pub lease_start: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", help = crate::t!("cli_inventory.help.lease_end").into_owned())]
    pub lease_end: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", help = crate::t!("cli_inventory.help.returned").into_owned())]
    pub returned: Option<String>,
    #[arg(long = "main-unit", help = crate::t!("national_tables.help.building_main_unit").into_owned())]
    pub main_unit: Option<String>,
    #[arg(long, allow_hyphen_values = true, help = crate::t!("cli_inventory.help.lon").into_owned())]
    pub lon: Option<String>,
    #[arg(long, allow_hyphen_values = true, help = crate::t!("cli_inventory.help.lat").into_owned())]
    pub lat: Option<String>,
    #[arg(long, allow_hyphen_values = true, help = crate::t!("cli_inventory.help.rotation").into_owned())]
    pub rotation: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BuildingDelete {
    #[arg(help = crate::t!("cli_inventory.help.file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.building_site").into_owned())]
    pub site: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.building_name").into_owned())]
    pub name: String,
    #[arg(long, help = crate::t!("cli_inventory.help.yes").into_owned())]
    pub yes: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

fn whole(field: &str, text: Option<&str>) -> anyhow::Result<Option<Option<i32>>> {
    let Some(text) = text.map(str::trim) else {
        return Ok(None);
    };
    if text.is_empty() {
        return Ok(Some(None));
    }
    text.parse::<i32>().map(|v| Some(Some(v))).map_err(|_| {
        anyhow::anyhow!(
            "{}",
            crate::t!("cli_inventory.bad_number", field = field, value = text)
        )
    })
}

fn date(field: &str, text: Option<&str>) -> anyhow::Result<Option<Option<String>>> {
    let Some(text) = text.map(str::trim) else {
        return Ok(None);
    };
    if text.is_empty() {
        return Ok(Some(None));
    }
    parse_date(text).map(|d| Some(Some(d))).ok_or_else(|| {
        anyhow::anyhow!(
            "{}",
            crate::t!("cli_inventory.bad_date", field = field, value = text)
        )
    })
}

fn text(target: &mut String, given: Option<&String>) {
    if let Some(value) = given {
        value.trim().clone_into(target);
    }
}

/// Changes `b` by the fields given; `move_to` is the compound it moves to, if any.
fn fill(
    b: &mut Building,
    args: &BuildingArgs,
    move_to: Option<Uuid>,
    workspace: &Workspace,
) -> anyhow::Result<()> {
    if let Some(unit) = &args.main_unit {
        b.main_user = super::project::unit_ref(workspace, unit);
    }
    text(&mut b.name, args.rename.as_ref());
    if let Some(site) = move_to {
        b.site = site;
    }
    if let Some(v) = whole("--year", args.year.as_deref())? {
        b.year_built = v;
    }
    text(&mut b.structure, args.structure.as_ref());
    if let Some(v) = whole("--storeys", args.storeys.as_deref())? {
        b.storeys = v;
    }
    if let Some(v) = whole("--basement-storeys", args.basement_storeys.as_deref())? {
        b.basement_storeys = v;
    }
    if let Some(v) = number("--gross-area", args.gross_area.as_deref())? {
        b.gross_area_m2 = v;
    }
    if let Some(v) = number("--office-area", args.office_area.as_deref())? {
        b.office_gross_m2 = v;
    }
    if let Some(v) = number("--tech-area", args.tech_area.as_deref())? {
        b.technical_gross_m2 = v;
    }
    if let Some(v) = number("--coefficient", args.coefficient.as_deref())? {
        b.usable_coefficient = v;
    }
    if let Some(title) = &args.title {
        b.title_status = TitleStatus::parse(title).ok_or_else(|| {
            let codes: Vec<&str> = TitleStatus::ALL.iter().map(|t| t.code()).collect();
            anyhow::anyhow!(
                "{}",
                crate::t!(
                    "cli_inventory.bad_choice",
                    field = "--title",
                    value = title,
                    choices = codes.join(", ")
                )
            )
        })?;
    }
    text(&mut b.certificate_no, args.certificate.as_ref());
    text(&mut b.owner, args.owner.as_ref());
    if let Some(rented) = &args.rented {
        b.rented = match rented.trim() {
            "yes" | "true" | "1" | "是" => true,
            "no" | "false" | "0" | "否" => false,
            other => anyhow::bail!(
                "{}",
                crate::t!(
                    "cli_inventory.bad_choice",
                    field = "--rented",
                    value = other,
                    choices = "yes, no"
                )
            ),
        };
    }
    text(&mut b.lessor, args.lessor.as_ref());
    if let Some(v) = date("--lease-start", args.lease_start.as_deref())? {
        b.lease_start = v;
    }
    if let Some(v) = date("--lease-end", args.lease_end.as_deref())? {
        b.lease_end = v;
    }
    if let Some(v) = date("--returned", args.returned.as_deref())? {
        b.returned_on = v;
    }
    let lon = number("--lon", args.lon.as_deref())?;
    let lat = number("--lat", args.lat.as_deref())?;
    match (lon, lat) {
        (None, None) => {}
        (Some(lon), Some(lat)) => b.anchor_lon_lat = lon.zip(lat),
        _ => anyhow::bail!("{}", crate::t!("cli_inventory.lon_lat_together")),
    }
    if let Some(v) = number("--rotation", args.rotation.as_deref())? {
        b.rotation_deg = v.unwrap_or(0.0);
    }
    Ok(())
}

/// Finds a building by name or UUID (within `site` when given), naming the file when it is
/// not there or when the name is ambiguous.
pub(super) fn building_of(
    workspace: &Workspace,
    file: &Path,
    site: Option<&str>,
    key: &str,
) -> anyhow::Result<Building> {
    let site = site
        .map(|s| site_of(workspace, file, s).map(|s| s.uuid))
        .transpose()?;
    let key = key.trim();
    let found: Vec<&Building> = workspace
        .index()
        .buildings
        .iter()
        .map(|b| &b.building)
        .filter(|b| site.is_none_or(|s| b.site == s))
        .filter(|b| b.name == key || b.uuid.to_string() == key)
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => anyhow::bail!(
            "{}",
            crate::t!(
                "cli_inventory.no_building",
                path = file.display(),
                building = key
            )
        ),
        _ => anyhow::bail!(
            "{}",
            crate::t!(
                "cli_inventory.ambiguous_building",
                path = file.display(),
                building = key,
                count = found.len()
            )
        ),
    }
}

pub(super) fn building_json(b: &Building) -> serde_json::Value {
    json!({
        "uuid": b.uuid.to_string(),
        "site": b.site.to_string(),
        "name": b.name,
        "year_built": b.year_built,
        "structure": b.structure,
        "storeys": b.storeys,
        "basement_storeys": b.basement_storeys,
        "gross_area_m2": b.gross_area_m2,
        "office_gross_m2": b.office_gross_m2,
        "technical_gross_m2": b.technical_gross_m2,
        "usable_coefficient": b.usable_coefficient,
        "title_status": b.title_status.code(),
        "certificate_no": b.certificate_no,
        "owner": b.owner,
        "rented": b.rented,
        "lessor": b.lessor,
        "lease_start": b.lease_start,
        "lease_end": b.lease_end,
        "returned_on": b.returned_on,
        "lon": b.anchor_lon_lat.map(|p| p.0),
        "lat": b.anchor_lon_lat.map(|p| p.1),
        "rotation_deg": b.rotation_deg,
        "main_unit": b.main_user.name,
        "main_unit_uuid": b.main_user.unit.map(|u| u.to_string()),
    })
}

pub fn run(command: BuildingCommand) -> anyhow::Result<()> {
    match command {
        BuildingCommand::Add(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let key = args
                .site
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("cli_inventory.need_site")))?;
            let site = site_of(&workspace, &args.file, key)?;
            let mut b = Building::new(Uuid::now_v7(), site.uuid, args.name.trim().to_owned());
            fill(&mut b, &args, None, &workspace).map_err(|e| in_file(&args.file, e))?;
            workspace
                .apply(Edit::AddBuilding(Box::new(b.clone())))
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "add", &b, None, args.json)
        }
        BuildingCommand::Edit(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let mut b = building_of(&workspace, &args.file, args.site.as_deref(), &args.name)?;
            let move_to = args
                .move_to
                .as_deref()
                .map(|s| site_of(&workspace, &args.file, s).map(|s| s.uuid))
                .transpose()?;
            fill(&mut b, &args, move_to, &workspace).map_err(|e| in_file(&args.file, e))?;
            workspace
                .apply(Edit::EditBuilding(Box::new(b.clone())))
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "edit", &b, None, args.json)
        }
        BuildingCommand::Delete(args) => {
            let mut workspace = super::open_workspace(&args.file)?;
            let b = building_of(&workspace, &args.file, args.site.as_deref(), &args.name)?;
            let contents = workspace.building_contents(&b.uuid).unwrap_or_default();
            if contents.floors > 0 && !args.yes {
                anyhow::bail!(
                    "{}",
                    crate::t!(
                        "cli_inventory.needs_yes",
                        path = args.file.display(),
                        name = b.name,
                        gone = gone_line(&contents)
                    )
                );
            }
            workspace
                .apply(Edit::DeleteBuilding { building: b.uuid })
                .map_err(|e| in_file(&args.file, e))?;
            say(&args.file, "delete", &b, Some(&contents), args.json)
        }
    }
}

fn say(
    file: &Path,
    action: &str,
    b: &Building,
    gone: Option<&crate::workspace::Contents>,
    json: bool,
) -> anyhow::Result<()> {
    say_change(
        file,
        "building",
        action,
        &b.name,
        building_json(b),
        gone,
        json,
    )
}
