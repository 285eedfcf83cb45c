//! `officeplan report`: the report tables of a checked project, as a workbook or CSV files.
//! The tables come from the same check as `officeplan check` ([`super::check::evaluate`]).

use std::path::Path;

use super::check::{Checked, evaluate};
use crate::io::report::{csv, tables, xlsx};

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
