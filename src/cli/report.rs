//! `officeplan report`: the report tables of a checked project, as a workbook or CSV files.
//! The tables come from the same check as `officeplan check` ([`super::check::evaluate`]).

use std::path::Path;

use crate::io::report::{ReportScope, TABLE_NAMES, csv, scoped_tables, xlsx};
use crate::model::RegionScope;

/// Filler fields given on the command line (`--filler-unit`, `--filler-name`, `--phone`);
/// those not given stay as the file has them.
#[derive(Clone, Debug, Default)]
pub struct FillerChange {
    pub unit: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

impl FillerChange {
    /// Whether no field was given.
    pub fn is_empty(&self) -> bool {
        self.unit.is_none() && self.name.is_none() && self.phone.is_none()
    }
}

/// Saves the given filler fields in `file` (one undoable, logged edit).
pub fn set_filler(file: &Path, change: &FillerChange) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(file)?;
    let mut filler = workspace.report_filler().clone();
    for (field, value) in [
        (&mut filler.unit, &change.unit),
        (&mut filler.name, &change.name),
        (&mut filler.phone, &change.phone),
    ] {
        if let Some(v) = value {
            field.clone_from(v);
        }
    }
    workspace.set_report_filler(&filler)?;
    println!("{}", crate::t!("office_table.filler_saved"));
    Ok(())
}

/// Where the tables go.
pub enum Target<'a> {
    /// One `.xlsx` workbook.
    Xlsx(&'a Path),
    /// One CSV file per table in a directory.
    Csv(&'a Path),
}

/// Which regions and tables to write (`--region`, `--by-region`, `--table`).
#[derive(Clone, Debug, Default)]
pub struct ScopeArgs {
    /// `own` (本级), `all` (本级+下级) or a region's 12-digit code.
    pub region: Option<String>,
    /// Each region as its own sheet, beside the summed sheet.
    pub by_region: bool,
    /// Only these tables (by name); all when empty.
    pub tables: Vec<String>,
}

/// The scope `--region` names: `own` (本级), `all` (本级+下级) or one of the file's regions by
/// its 12-digit code; an unknown code is refused with the codes the file holds.
pub(super) fn scope_of_code(
    file: &Path,
    code: &str,
    regions: &[crate::model::Region],
) -> anyhow::Result<RegionScope> {
    RegionScope::of_code(code, regions).ok_or_else(|| {
        let codes: Vec<String> = regions
            .iter()
            .map(|r| format!("{} {}", r.code, r.name))
            .collect();
        anyhow::anyhow!(
            "{}",
            crate::t!(
                "scope.cli.unknown_region",
                path = file.display(),
                code = code,
                codes = codes.join("、")
            )
        )
    })
}

/// Checks `file` (as of a date, else the file's statistics date) and writes its report
/// tables of the scope asked; refuses to replace existing output without `force`.
pub fn run(
    file: &Path,
    target: &Target<'_>,
    (as_of, args): (Option<&str>, &ScopeArgs),
    force: bool,
) -> anyhow::Result<()> {
    let as_of = super::check::parse_as_of(as_of)?;
    if let Some(unknown) = args
        .tables
        .iter()
        .find(|t| !TABLE_NAMES.contains(&t.as_str()))
    {
        anyhow::bail!(
            "{}",
            crate::t!(
                "scope.cli.unknown_table",
                name = unknown,
                names = TABLE_NAMES.join("、")
            )
        );
    }
    let workspace = super::open_workspace(file)?;
    let regions = workspace.regions()?;
    let scope = match (&args.region, args.by_region) {
        (_, true) => ReportScope::ByRegionAndTotal,
        (None, false) => ReportScope::One(RegionScope::All),
        (Some(code), false) => ReportScope::One(scope_of_code(file, code, &regions)?),
    };
    let project = workspace.load_project()?;
    drop(workspace);
    let tables: Vec<_> = scoped_tables(project, &regions, scope, as_of)?
        .into_iter()
        .filter(|t| args.tables.is_empty() || args.tables.iter().any(|n| n == t.name))
        .collect();
    match target {
        Target::Xlsx(out) => {
            if out.exists() && !force {
                anyhow::bail!("{}", crate::t!("store.exists", path = out.display()));
            }
            xlsx::write(out, &tables)?;
            println!(
                "{}",
                crate::t!(
                    "report.written",
                    path = out.display(),
                    tables = tables.len()
                )
            );
        }
        Target::Csv(dir) => {
            let existing = tables
                .iter()
                .map(|t| dir.join(csv::file_name(t)))
                .find(|p| p.exists());
            if let (Some(existing), false) = (existing, force) {
                anyhow::bail!("{}", crate::t!("store.exists", path = existing.display()));
            }
            let files = csv::write(dir, &tables)?;
            println!(
                "{}",
                crate::t!("report.written", path = dir.display(), tables = files.len())
            );
        }
    }
    Ok(())
}
