//! `officeplan template` and `officeplan import-units`: the 编制 workbook out and in.

use std::io::Write as _;
use std::path::Path;

use crate::io::excel::book::read_book;
use crate::io::excel::import::read_organisation;
use crate::io::excel::layout::{person_sheet_with_rows, room_sheet, unit_sheet};
use crate::io::excel::template::write_workbook;
use crate::io::excel::{SheetProblem, input_error};
use crate::io::removal::{Consent, Removal, removal_to_confirm};
use crate::model::{
    Coded as _, OrganCategory, Organisation, OrganisationDiff, PairChanges, RecordChanges,
};

/// Writes the template workbook, empty or with the units, persons and occupancy of `from`.
pub fn template(out: &Path, from: Option<&Path>, force: bool) -> anyhow::Result<()> {
    if out.exists() && !force {
        anyhow::bail!("{}", crate::t!("store.exists", path = out.display()));
    }
    let (organisation, rooms, categories, buildings, settings) = match from {
        None => (
            Organisation::default(),
            Vec::new(),
            OrganCategory::ALL.to_vec(),
            Vec::new(),
            crate::model::ProjectSettings::default(),
        ),
        Some(file) => {
            let workspace = super::open_workspace(file)?;
            let categories: Vec<OrganCategory> = workspace
                .region()?
                .map(|r| r.level.organ_category())
                .into_iter()
                .collect();
            let buildings = workspace
                .index()
                .buildings
                .iter()
                .map(|b| b.building.name.clone())
                .collect();
            (
                workspace.organisation()?,
                workspace.room_keys()?,
                categories,
                buildings,
                workspace.settings()?,
            )
        }
    };
    // A file that names no level and has no units gets every category's rank rows, as the
    // empty template does.
    let categories = if categories.is_empty() && organisation.units.is_empty() {
        OrganCategory::ALL.to_vec()
    } else {
        categories
    };
    let sheets = [
        unit_sheet(&organisation, &categories),
        person_sheet_with_rows(
            &organisation,
            &rooms,
            &crate::standards::ProjectStandard::resolve(&settings)?,
        ),
        room_sheet(&organisation, &rooms),
    ];
    write_workbook(out, &sheets, &buildings)?;
    println!(
        "{}",
        crate::t!(
            "excel.template_written",
            path = out.display(),
            units = organisation.units.len(),
            persons = organisation.persons.len(),
            rooms = sheets[2].rows.len()
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
    valid: bool,
    dry_run: bool,
    written: bool,
    /// Why the import needs `--allow-removal`, if it does.
    needs_consent: Option<String>,
    problems: &'a [SheetProblem],
    units: RecordChanges,
    persons: RecordChanges,
    occupancy: OccupancyReport,
}

/// Checks every row of `book` against `file` and, unless `dry_run` or refused, replaces the
/// file's units, persons and occupancy in one transaction.
pub fn import_units(
    file: &Path,
    book: &Path,
    dry_run: bool,
    json: bool,
    allow_removal: bool,
) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(file)?;
    let current = workspace.organisation()?;
    let rooms = workspace.room_keys()?;
    let result = read_book(book).and_then(|b| read_organisation(&b, &current, &rooms));
    let (diff, problems) = match &result {
        Ok(new) => (OrganisationDiff::between(&current, new), Vec::new()),
        Err(problems) => (OrganisationDiff::default(), problems.clone()),
    };
    // A workbook that holds no unit, or removes more than half of the units or persons, is
    // far more often the wrong book than a wish: it needs --allow-removal.
    let refused = result.as_ref().ok().and_then(|new| {
        let source = book.file_name().map_or_else(
            || book.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        removal_to_confirm(
            &source,
            &file.display().to_string(),
            &Removal::of_organisation(&current, new, &diff),
        )
    });
    let consent = Consent::from_flag(allow_removal);
    let mut written = false;
    if let Ok(new) = &result
        && !dry_run
        && !diff.is_empty()
        && (refused.is_none() || consent == Consent::Given)
    {
        workspace.replace_organisation(
            new,
            change_summary(book, &diff),
            serde_json::to_string(&diff)?,
        )?;
        written = true;
    }
    let report = ImportReport {
        file: file.display().to_string(),
        book: book.display().to_string(),
        valid: result.is_ok(),
        dry_run,
        written,
        needs_consent: refused.as_ref().map(|r| r.message()),
        problems: &problems,
        units: diff.units,
        persons: diff.persons,
        occupancy: OccupancyReport {
            room_units: diff.room_units,
            room_persons: diff.room_persons,
        },
    };
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print_text(&mut out, book, &report)?;
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
    if problems.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{}",
            crate::t!(
                "excel.refused",
                path = book.display(),
                count = problems.len()
            )
        )
    }
}

fn change_summary(book: &Path, d: &OrganisationDiff) -> String {
    format!(
        "{}: units +{} ~{} -{}; persons +{} ~{} -{}; room units +{} -{}; room persons +{} -{}",
        book.display(),
        d.units.new,
        d.units.updated,
        d.units.removed,
        d.persons.new,
        d.persons.updated,
        d.persons.removed,
        d.room_units.added,
        d.room_units.removed,
        d.room_persons.added,
        d.room_persons.removed
    )
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
