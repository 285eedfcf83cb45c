//! `officeplan report`: the report tables of a checked project, as a workbook or CSV files.
//! The tables come from the same check as `officeplan check` ([`super::check::evaluate`]).

use std::path::Path;

use super::check::{Checked, evaluate};
use crate::io::report::{csv, tables, xlsx};

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

/// Checks `file` and writes its report tables; refuses to replace existing output without
/// `force`.
pub fn run(
    file: &Path,
    target: &Target<'_>,
    as_of: Option<&str>,
    force: bool,
) -> anyhow::Result<()> {
    let Checked {
        project,
        standard,
        result,
        report,
        ..
    } = evaluate(file, as_of)?;
    let tables = tables(&project, &standard, &result, &report);
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
