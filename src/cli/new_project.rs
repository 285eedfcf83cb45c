//! `officeplan new`: a project file for a region (行政区划) with its settings, in one step.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;

use crate::model::{Coded as _, Region, RegionLevel, Uuid};
use crate::store::{CreateOptions, RegionSettings};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct NewArgs {
    #[arg(help = crate::t!("cli_inventory.help.new_file").into_owned())]
    pub file: PathBuf,
    #[arg(long, help = crate::t!("cli_inventory.help.region").into_owned())]
    pub region: String,
    #[arg(long, value_parser = parse_level, help = crate::t!("cli_inventory.help.level").into_owned())]
    pub level: RegionLevel,
    #[arg(long, help = crate::t!("cli_inventory.help.code").into_owned())]
    pub code: String,
    #[arg(long, default_value = "", value_name = "CODE", help = crate::t!("province.cli.parent_code").into_owned())]
    pub parent_code: String,
    #[arg(long, default_value = "cn-2014", help = crate::t!("cli_inventory.help.standard").into_owned())]
    pub standard: String,
    #[arg(long, default_value = "", help = crate::t!("cli_inventory.help.province").into_owned())]
    pub province: String,
    #[arg(long, value_name = "YYYY-MM-DD", help = crate::t!("cli_inventory.help.as_of").into_owned())]
    pub as_of: Option<String>,
    #[arg(long, help = crate::t!("cli_inventory.help.force").into_owned())]
    pub force: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

fn parse_level(text: &str) -> Result<RegionLevel, String> {
    RegionLevel::parse(text).ok_or_else(|| {
        let codes: Vec<&str> = RegionLevel::ALL.iter().map(|l| l.code()).collect();
        crate::t!("cli.bad_choice", choices = codes.join(", ")).into_owned()
    })
}

/// Writes the new file (nothing when anything is refused) and says what it holds.
pub fn run(args: &NewArgs) -> anyhow::Result<()> {
    let settings = RegionSettings {
        region: Some(Region {
            parent_code: args.parent_code.trim().to_owned(),
            uuid: Uuid::now_v7(),
            name: args.region.trim().to_owned(),
            level: args.level,
            code: args.code.trim().to_owned(),
        }),
        standard: args.standard.clone(),
        province: args.province.clone(),
        as_of: args.as_of.clone(),
    };
    let workspace = Workspace::create_project(
        &args.file,
        &settings,
        CreateOptions {
            overwrite: args.force,
        },
    )
    .map_err(|e| in_file(&args.file, e))?;
    let written = workspace.region_settings();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "file": args.file.display().to_string(),
                "region": written.region.as_ref().map(|r| json!({
                    "uuid": r.uuid.to_string(),
                    "name": r.name,
                    "level": r.level.code(),
                    "code": r.code,
                })),
                "standard": written.standard,
                "province": written.province,
                "as_of": written.as_of,
            }))?
        );
    } else {
        println!(
            "{}",
            crate::t!(
                "cli_inventory.new_written",
                path = args.file.display(),
                region = args.region.trim(),
                code = args.code.trim(),
                standard = written.standard
            )
        );
    }
    Ok(())
}

/// An error of a write to `file`, with the file named first.
pub(super) fn in_file(file: &Path, error: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        crate::t!(
            "cli_inventory.in_file",
            path = file.display(),
            error = error
        )
    )
}
