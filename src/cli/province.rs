//! `officeplan submit` (上报: a submission package, 直报包) and `officeplan merge` (汇总:
//! packages into a provincial file).

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::workspace::{MergeOptions, PackageResult, Workspace};

#[derive(Debug, Args)]
pub struct SubmitArgs {
    #[arg(help = crate::t!("province.cli.submit_file").into_owned())]
    pub file: PathBuf,
    #[arg(long, value_name = "DIR", help = crate::t!("province.cli.out").into_owned(), required_unless_present = "verify")]
    pub out: Option<PathBuf>,
    #[arg(long, help = crate::t!("province.cli.verify").into_owned())]
    pub verify: bool,
    #[arg(long, help = crate::t!("province.cli.force").into_owned())]
    pub force: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    #[arg(help = crate::t!("province.cli.province").into_owned())]
    pub province: PathBuf,
    #[arg(help = crate::t!("province.cli.packages").into_owned())]
    pub packages: Vec<PathBuf>,
    #[arg(long, help = crate::t!("province.cli.apply_deletions").into_owned())]
    pub apply_deletions: bool,
    #[arg(long, help = crate::t!("province.cli.prefer_county").into_owned())]
    pub prefer_county: bool,
    #[arg(long, help = crate::t!("cli_inventory.help.json").into_owned())]
    pub json: bool,
}

/// `submit FILE --out DIR`, or `submit --verify DIR`.
pub fn submit(args: &SubmitArgs) -> anyhow::Result<()> {
    let (folder, manifest) = if args.verify {
        let manifest = Workspace::verify_package(&args.file)?;
        (args.file.clone(), manifest)
    } else {
        let out = args
            .out
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("province.cli.no_out")))?;
        let written = Workspace::open(&args.file)?.submit(out, args.force)?;
        (written.folder, written.manifest)
    };
    if args.json {
        let mut value = serde_json::to_value(&manifest)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("folder".into(), json!(folder.display().to_string()));
            map.insert("verified".into(), json!(args.verify));
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let c = &manifest.counts;
    let key = if args.verify {
        "province.cli.verified"
    } else {
        "province.cli.written"
    };
    println!(
        "{}",
        crate::t!(
            key,
            folder = folder.display(),
            name = manifest.region.name,
            code = manifest.region.code,
            date = manifest.statistics_date,
            sites = c.sites,
            buildings = c.buildings,
            floors = c.floors,
            rooms = c.rooms,
            units = c.units,
            persons = c.persons,
            area = manifest.room_area_m2,
            basis = manifest.area_basis,
            sha = manifest.sha256
        )
    );
    Ok(())
}

/// `merge PROVINCE PACKAGE…`: creates PROVINCE when missing; merges each package; prints
/// what each did (conflicts field by field, deletions pending or applied). Fails when any
/// package was refused.
pub fn merge(args: &MergeArgs) -> anyhow::Result<()> {
    let mut workspace = if args.province.exists() {
        Workspace::open(&args.province)?
    } else {
        let first = args
            .packages
            .first()
            .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("province.cli.no_packages")))?;
        Workspace::create_province_for(&args.province, first)?
    };
    // One process that merges and exits: no changeset recorded for an undo that cannot
    // come, and the index not read again after the merges (nothing shows it).
    workspace.set_batch(true);
    let options = MergeOptions {
        apply_deletions: args.apply_deletions,
        prefer_county: args.prefer_county,
    };
    let results = workspace.merge_packages(&args.packages, options, &mut |_, _| true);
    let mut refused = 0usize;
    let mut out = Vec::new();
    for (path, result) in &results {
        match result {
            Ok(result) => {
                if !args.json {
                    for line in result.lines(path) {
                        println!("{line}");
                    }
                    if matches!(result, PackageResult::Merged(o) if !o.pending_deletions.is_empty())
                    {
                        println!("{}", crate::t!("province.cli.pending_hint"));
                    }
                    continue;
                }
                out.push(match result {
                    PackageResult::Merged(o) => {
                        let mut value = serde_json::to_value(o.as_ref())?;
                        if let Some(map) = value.as_object_mut() {
                            map.insert("package".into(), json!(path.display().to_string()));
                            map.insert("status".into(), json!("merged"));
                        }
                        value
                    }
                    PackageResult::AlreadyMerged {
                        region_code,
                        sha256,
                    } => json!({
                        "package": path.display().to_string(),
                        "status": "already_merged",
                        "region_code": region_code,
                        "sha256": sha256,
                    }),
                });
            }
            Err(e) => {
                refused += 1;
                if args.json {
                    out.push(json!({
                        "package": path.display().to_string(),
                        "status": "refused",
                        "reason": e.to_string(),
                    }));
                } else {
                    eprintln!("{e}");
                }
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    if refused > 0 {
        anyhow::bail!("{}", crate::t!("province.cli.refused", count = refused));
    }
    Ok(())
}
