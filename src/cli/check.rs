//! `officeplan check`: the project against its standard — units over, persons, rooms, idle.

use std::io::Write as _;
use std::path::Path;

use crate::analysis::compliance::report::{FactRow, PersonRow, UnitRow};
use crate::analysis::compliance::{Compliance, ComplianceReport};
use crate::io::report::Evaluation;
use crate::model::parse_date;

use super::check_geometry::GeometryRow;

/// A project checked against its standard: what `check` prints and `report` writes, made by
/// one code path so that the two never disagree.
pub struct Checked {
    pub result: Compliance,
    pub report: ComplianceReport,
    /// Rooms whose geometry cannot be measured (their area is in no figure above).
    pub geometry: Vec<GeometryRow>,
}

/// `check --json`: the report with the rooms of unmeasurable geometry beside it.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a ComplianceReport,
    geometry: &'a [GeometryRow],
}

/// A date typed on the command line (YYYY-MM-DD), if one was.
pub(super) fn parse_as_of(as_of: Option<&str>) -> anyhow::Result<Option<crate::model::Date>> {
    as_of
        .map(|d| {
            parse_date(d)
                .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("check.bad_date", date = d)))
        })
        .transpose()
}

/// Opens `file` and checks it as of `as_of` (YYYY-MM-DD) or the file's statistics date; with
/// `region` (`own`, `all` or a 12-digit code), what that region holds of a provincial file.
pub fn evaluate(
    file: &Path,
    (as_of, region): (Option<&str>, Option<&str>),
) -> anyhow::Result<Checked> {
    let as_of = parse_as_of(as_of)?;
    let workspace = super::open_workspace(file)?;
    let mut project = workspace.load_project()?;
    if let Some(code) = region {
        let regions = workspace.regions()?;
        let scope = super::report::scope_of_code(file, code, &regions)?;
        project = project.scoped(scope, &regions);
    }
    let geometry = super::check_geometry::rows(&workspace.geometry_findings()?, &project);
    let Evaluation { result, report, .. } = Evaluation::of_project(project, as_of)?;
    Ok(Checked {
        result,
        report,
        geometry,
    })
}

/// Runs the check and prints it; with `strict`, fails when anything is over or any person or
/// room finding exists.
pub fn run(
    file: &Path,
    json: bool,
    strict: bool,
    when_where: (Option<&str>, Option<&str>),
) -> anyhow::Result<()> {
    let Checked {
        result,
        report,
        geometry,
        ..
    } = evaluate(file, when_where)?;
    let mut out = std::io::stdout().lock();
    if json {
        let json = JsonReport {
            report: &report,
            geometry: &geometry,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        print_text(&mut out, &report)?;
        super::check_geometry::print(&mut out, &geometry)?;
        print_unapproved(&mut out, &report)?;
    }
    out.flush()?;
    let problems = result.problem_count() + geometry.len();
    if strict && problems > 0 {
        anyhow::bail!("{}", crate::t!("check.strict_failed", count = problems));
    }
    Ok(())
}

/// 七、: rented buildings and leased rooms without their approval (after the geometry section).
fn print_unapproved(
    out: &mut impl std::io::Write,
    report: &ComplianceReport,
) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!(
            "rules.check.unapproved_heading",
            count = report.summary.unapproved
        )
    )?;
    if report.unapproved.is_empty() {
        writeln!(out, "{}", crate::t!("check.none"))?;
    }
    for row in &report.unapproved {
        let area = row
            .area
            .map_or_else(String::new, |a| format!(" {} m²", m2(a)));
        let units = if row.units.is_empty() {
            String::new()
        } else {
            format!(" ({})", row.units.join(&separator()))
        };
        writeln!(
            out,
            "{}",
            crate::t!(
                "rules.check.unapproved_item",
                label = row.label,
                subject = row.subject,
                units = units,
                area = area
            )
        )?;
    }
    Ok(())
}

/// Between the items of a list (、 in Chinese).
fn separator() -> String {
    crate::t!("check.separator").into_owned()
}

fn m2(value: f64) -> String {
    format!("{value:.2}")
}

fn print_text(out: &mut impl std::io::Write, report: &ComplianceReport) -> std::io::Result<()> {
    let s = &report.standard;
    writeln!(
        out,
        "{}",
        crate::t!(
            "check.title",
            region = report.region.as_deref().unwrap_or("")
        )
    )?;
    writeln!(
        out,
        "{}",
        crate::t!(
            "check.standard_line",
            name = s.name,
            document = s.document,
            id = s.id,
            province = s.province,
            as_of = report.as_of
        )
    )?;
    if !s.differences.is_empty() {
        writeln!(
            out,
            "{}",
            crate::t!("check.overrides_line", count = s.differences.len())
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::t!(
            "check.basis_line",
            usable = report.basis.usable,
            gross = report.basis.ancillary_technical
        )
    )?;

    let sum = &report.summary;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!(
            "check.units_heading",
            over = sum.units_over,
            units = sum.units
        )
    )?;
    let over: Vec<&UnitRow> = report.units.iter().filter(|u| u.over).collect();
    if over.is_empty() {
        writeln!(out, "{}", crate::t!("check.none"))?;
    }
    for unit in over {
        print_unit(out, unit)?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!("check.persons_heading", count = sum.person_findings)
    )?;
    if report.persons.is_empty() {
        writeln!(out, "{}", crate::t!("check.none"))?;
    }
    for person in &report.persons {
        writeln!(out, "{}", person_line(person))?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!("check.rooms_heading", count = sum.room_findings)
    )?;
    if report.rooms.is_empty() {
        writeln!(out, "{}", crate::t!("check.none"))?;
    }
    for room in &report.rooms {
        writeln!(
            out,
            "{}",
            crate::t!(
                "check.room_item",
                label = room.label,
                room = room.room,
                persons = room.persons.join(&separator()),
                area = m2(room.area),
                limit = m2(room.limit)
            )
        )?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!(
            "check.idle_heading",
            count = sum.idle_rooms,
            area = m2(sum.idle_m2)
        )
    )?;
    if report.idle_rooms.is_empty() {
        writeln!(out, "{}", crate::t!("check.none"))?;
    }
    for fact in &report.idle_rooms {
        writeln!(out, "{}", fact_line(fact))?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!(
            "check.leased_heading",
            count = sum.leased_rooms,
            area = m2(sum.leased_m2)
        )
    )?;
    if report.leased_rooms.is_empty() {
        writeln!(out, "{}", crate::t!("check.none"))?;
    }
    for fact in &report.leased_rooms {
        writeln!(out, "{}", fact_line(fact))?;
    }

    Ok(())
}

fn print_unit(out: &mut impl std::io::Write, unit: &UnitRow) -> std::io::Result<()> {
    let items = [
        (
            "office",
            crate::t!("check.item.office"),
            Some(unit.approved_office_m2),
            unit.used_office_m2,
            unit.excess_m2,
            Some(unit.excess_ratio),
        ),
        (
            "service",
            crate::t!("check.item.service"),
            unit.approved_service_m2,
            unit.used_service_m2,
            unit.service_excess_m2.unwrap_or(0.0),
            None,
        ),
        (
            "plant",
            crate::t!("check.item.plant"),
            unit.approved_plant_m2,
            unit.used_plant_m2,
            unit.plant_excess_m2.unwrap_or(0.0),
            None,
        ),
        (
            "basic",
            crate::t!("check.item.basic"),
            Some(unit.approved_basic_m2),
            unit.used_basic_m2,
            unit.basic_excess_m2,
            Some(unit.basic_excess_ratio),
        ),
    ];
    for (code, label, approved, used, excess, ratio) in items {
        let Some(approved) = approved.filter(|_| unit.over_items.contains(&code)) else {
            continue;
        };
        let ratio = ratio.map_or_else(String::new, |r| {
            crate::t!("check.ratio", ratio = format!("{r:.2}")).into_owned()
        });
        writeln!(
            out,
            "{}",
            crate::t!(
                "check.unit_item",
                unit = unit.name,
                item = label,
                approved = m2(approved),
                used = m2(used),
                excess = m2(excess),
                ratio = ratio
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::t!("check.allowance", lines = unit.office_allowance)
    )
}

fn person_line(p: &PersonRow) -> String {
    let mut line = crate::t!(
        "check.person_item",
        label = p.label,
        person = p.person,
        unit = p.unit,
        title = p.title,
        grade = p.grade_row,
        rooms = p.rooms.join(&separator()),
        area = m2(p.area)
    )
    .into_owned();
    if let Some(limit) = p.limit {
        line.push_str(&crate::t!(
            "check.person_limit",
            limit = m2(limit),
            row = p.row.as_deref().unwrap_or("")
        ));
    }
    if p.kind == "not_vacated" {
        line.push_str(&crate::t!(
            "check.person_vacate",
            status = crate::labels::person_status(p.status),
            date = p.status_date.as_deref().unwrap_or("?"),
            deadline = p.deadline.as_deref().unwrap_or("?")
        ));
    }
    if p.kind == "second_office_not_vacated" {
        line.push_str(&crate::t!(
            "rules.check.second_office_deadline",
            deadline = p.deadline.as_deref().unwrap_or("?")
        ));
    }
    line
}

fn fact_line(f: &FactRow) -> String {
    let days = f.days.map_or_else(String::new, |d| {
        crate::t!("check.days", days = d).into_owned()
    });
    let note = if f.note.is_empty() {
        String::new()
    } else {
        format!(" — {}", f.note)
    };
    crate::t!(
        "check.fact_item",
        room = f.room,
        name = f.name,
        category = crate::labels::category(f.category),
        status = crate::labels::status(f.status),
        area = m2(f.area),
        since = f.since.as_deref().unwrap_or("?"),
        days = days,
        note = note
    )
    .into_owned()
}
