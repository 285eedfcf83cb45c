//! `officeplan template` and `officeplan import-units`: the 编制 workbook out and in.

use std::io::Write as _;
use std::path::Path;

use crate::io::excel::book::read_book;
use crate::io::excel::contents::WorkbookContents;
use crate::io::excel::import::ImportMode;
use crate::io::excel::{SheetProblem, input_error};
use crate::io::removal::Consent;
use crate::model::{NamedChanges, PairChanges, RecordChanges};

/// Writes the template workbook, empty or with the units, persons and occupancy of `from`.
pub fn template(out: &Path, from: Option<&Path>, force: bool) -> anyhow::Result<()> {
    if out.exists() && !force {
        anyhow::bail!("{}", crate::t!("store.exists", path = out.display()));
    }
    let contents = match from {
        None => WorkbookContents::empty(),
        Some(file) => super::open_workspace(file)?.workbook_contents()?,
    };
    let written = contents.write(out)?;
    println!(
        "{}",
        crate::t!(
            "excel.template_written",
            path = out.display(),
            units = written.units,
            persons = written.persons,
            rooms = written.room_rows
        )
    );
    Ok(())
}

/// Occupancy changes of the report.
#[derive(serde::Serialize)]
struct OccupancyReport {
    room_units: PairChanges,
    room_persons: PairChanges,
}

/// What `import-units` found and did, as printed with `--json`.
#[derive(serde::Serialize)]
struct ImportReport<'a> {
    file: String,
    book: String,
    mode: ImportMode,
    valid: bool,
    dry_run: bool,
    written: bool,
    /// Why the import needs `--allow-removal`, if it does.
    needs_consent: Option<String>,
    problems: &'a [SheetProblem],
    units: RecordChanges,
    persons: RecordChanges,
    occupancy: OccupancyReport,
    /// The units and persons new, changed and removed, by name.
    unit_names: &'a NamedChanges,
    person_names: &'a NamedChanges,
    /// New persons flagged 党政正职 from their title (the book has no 党政正职 column).
    flagged_by_title: &'a [String],
}

/// Checks every row of `book` against `file` and, unless `dry_run` or refused, replaces the
/// file's units, persons and occupancy (or, in [`ImportMode::UpdateByName`], updates those the
/// book names) in one transaction.
pub fn import_units(
    file: &Path,
    book: &Path,
    mode: ImportMode,
    dry_run: bool,
    json: bool,
    allow_removal: bool,
) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(file)?;
    let preview = workspace.preview_workbook(book, &read_book(book), mode)?;
    let refused = preview.removal.clone();
    let consent = Consent::from_flag(allow_removal);
    let mut written = false;
    if !dry_run && let Ok(Some(edit)) = preview.edit(consent) {
        workspace.apply(edit)?;
        written = true;
    }
    let diff = preview.diff;
    let report = ImportReport {
        file: file.display().to_string(),
        book: book.display().to_string(),
        mode,
        valid: preview.is_valid(),
        dry_run,
        written,
        needs_consent: refused.as_ref().map(|r| r.message()),
        problems: &preview.problems,
        units: diff.units,
        persons: diff.persons,
        occupancy: OccupancyReport {
            room_units: diff.room_units,
            room_persons: diff.room_persons,
        },
        unit_names: &preview.units,
        person_names: &preview.persons,
        flagged_by_title: &preview.flagged_by_title,
    };
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print_text(&mut out, book, &report)?;
    }
    if !json && !report.flagged_by_title.is_empty() {
        writeln!(
            out,
            "{}",
            crate::t!(
                "ranks.import.flagged_by_title",
                names = report.flagged_by_title.join("、")
            )
        )?;
    }
    if let Some(r) = &refused {
        if dry_run || consent == Consent::Given {
            // Reported, not refused: nothing is written, or the person confirmed it.
            if !json {
                writeln!(out, "{}", r.message())?;
            }
        } else {
            anyhow::bail!("{}", r.message());
        }
    }
    if preview.problems.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{}",
            crate::t!(
                "excel.refused",
                path = book.display(),
                count = preview.problems.len()
            )
        )
    }
}

fn print_text(
    out: &mut impl std::io::Write,
    book: &Path,
    r: &ImportReport<'_>,
) -> anyhow::Result<()> {
    if !r.valid {
        // Every problem, not just the first few: the person fixes the sheet from this list.
        let error = input_error(book, r.problems);
        writeln!(
            out,
            "{}",
            crate::t!(
                "input.refused",
                path = book.display(),
                count = error.problems.len()
            )
        )?;
        for p in &error.problems {
            writeln!(out, "  {}: {}", p.place, p.message)?;
        }
        return Ok(());
    }
    let records = |label: &str, c: &RecordChanges| {
        crate::t!(
            "excel.report_records",
            label = label,
            new = c.new,
            updated = c.updated,
            removed = c.removed,
            unchanged = c.unchanged
        )
        .into_owned()
    };
    let pairs = |label: &str, c: &PairChanges| {
        crate::t!(
            "excel.report_pairs",
            label = label,
            added = c.added,
            removed = c.removed
        )
        .into_owned()
    };
    writeln!(out, "{}", records(&crate::t!("excel.units"), &r.units))?;
    writeln!(out, "{}", records(&crate::t!("excel.persons"), &r.persons))?;
    writeln!(
        out,
        "{}",
        pairs(&crate::t!("excel.room_units"), &r.occupancy.room_units)
    )?;
    writeln!(
        out,
        "{}",
        pairs(&crate::t!("excel.room_persons"), &r.occupancy.room_persons)
    )?;
    let outcome = if r.dry_run {
        crate::t!("excel.dry_run")
    } else if r.written {
        crate::t!("excel.written", path = r.file)
    } else {
        crate::t!("excel.nothing_to_change")
    };
    writeln!(out, "{outcome}")?;
    Ok(())
}
