//! `officeplan standards`: the standard set a project uses and its local changes.

use std::io::Write as _;
use std::path::Path;

use crate::model::{ChangeAction, Coded as _};
use crate::standards::{OfficeColumn, ProjectStandard, StandardSet, set_override};
use crate::workspace::StandardChoice;

/// What `officeplan standards` is asked to change before it prints.
#[derive(Debug, Default)]
pub struct Changes {
    /// `KEY=VALUE` overrides to add.
    pub set: Vec<String>,
    /// Drop every override first.
    pub reset: bool,
    /// Switch to another shipped set.
    pub use_set: Option<String>,
    pub province: Option<String>,
}

/// What `changes` make of the file's standard settings, checked to load; `None` if they
/// change nothing.
fn choice(file: &Path, changes: &Changes) -> anyhow::Result<Option<StandardChoice>> {
    let switch = changes.use_set.is_some() || changes.province.is_some();
    let edit = changes.reset || !changes.set.is_empty();
    if !switch && !edit {
        return Ok(None);
    }
    let settings = super::open_workspace(file)?.settings()?;
    let standard = changes.use_set.clone().unwrap_or(settings.standard);
    let province = changes.province.clone().unwrap_or(settings.province);
    let mut overrides = if changes.reset {
        String::new()
    } else {
        settings.standard_overrides
    };
    for assignment in &changes.set {
        // `ranks.一级主任科员=乡科级副职` names a 职级 by its name: the row's key is looked up
        // in the set as it stands.
        let current = ProjectStandard::new(&standard, &province, &overrides)?;
        let assignment = current.set.ranks.assignment(assignment);
        overrides = set_override(&overrides, &assignment)?;
    }
    // Refuse a set or overrides that would not load, before anything is written.
    ProjectStandard::new(&standard, &province, &overrides)?;
    let mut summary = Vec::new();
    if switch {
        summary.push(format!("{standard} {province}"));
    }
    if changes.reset {
        summary.push(crate::t!("standards_cli.reset").into_owned());
    }
    summary.extend(changes.set.iter().cloned());
    Ok(Some(StandardChoice {
        standard,
        province,
        overrides,
        action: if edit {
            ChangeAction::SetStandardOverrides
        } else {
            ChangeAction::SetStandard
        },
        summary: summary.join("; "),
    }))
}

/// Applies the changes (if any) and prints the set in use with its differences.
pub fn run(file: &Path, changes: &Changes, json: bool) -> anyhow::Result<()> {
    if let Some(choice) = choice(file, changes)? {
        // One edit through the workspace: one transaction, one change-log line.
        super::open_workspace(file)?.set_standard(choice)?;
    }
    let standard = ProjectStandard::resolve(&super::open_workspace(file)?.settings()?)?;
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({
            "id": standard.set.id,
            "name": standard.set.name,
            "document": standard.set.document,
            "province": standard.province,
            "set": standard.effective,
            "differences": standard.differences,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        print_text(&mut out, &standard)?;
    }
    Ok(())
}

fn row_list(column: &OfficeColumn) -> String {
    column
        .rows
        .iter()
        .map(|r| {
            let grades: Vec<&str> = r.grades.iter().map(|g| g.code()).collect();
            format!("{} {} [{}]", r.label, r.area_m2, grades.join(","))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn print_text(out: &mut impl std::io::Write, standard: &ProjectStandard) -> std::io::Result<()> {
    let set: &StandardSet = &standard.set;
    writeln!(
        out,
        "{}",
        crate::t!(
            "standards_cli.title",
            name = set.name,
            document = set.document,
            id = set.id,
            province = standard.province
        )
    )?;
    writeln!(
        out,
        "{}",
        crate::t!("standards_cli.source", source = set.source)
    )?;
    writeln!(out, "{}", crate::t!("standards_cli.office"))?;
    for column in set.office.columns.values() {
        let rows = row_list(column);
        writeln!(
            out,
            "{}",
            crate::t!("standards_cli.column", column = column.label, rows = rows)
        )?;
    }
    for (province, column) in &set.office.township.provinces {
        let mark = if set
            .office
            .township
            .province(&standard.province)
            .map(|p| p.0)
            == Some(province.as_str())
        {
            "*"
        } else {
            ""
        };
        let label = format!("{}{mark}", column.label);
        let rows = row_list(column);
        writeln!(
            out,
            "{}",
            crate::t!("standards_cli.column", column = label, rows = rows)
        )?;
    }
    if !set.step_down.is_empty() {
        writeln!(out, "{}", crate::t!("standards_cli.step_down"))?;
        let any = crate::t!("standards_cli.any").into_owned();
        for rule in &set.step_down {
            let codes =
                |list: Option<Vec<&'static str>>| list.map_or_else(|| any.clone(), |l| l.join(","));
            writeln!(
                out,
                "{}",
                crate::t!(
                    "standards_cli.rule",
                    id = rule.id,
                    organ = crate::labels::organ_category(rule.organ),
                    kinds = codes(
                        rule.kinds
                            .as_ref()
                            .map(|k| k.iter().map(|k| k.zh()).collect())
                    ),
                    heads = codes(
                        rule.unit_head
                            .as_ref()
                            .map(|g| g.iter().map(|g| g.code()).collect())
                    ),
                    grades = codes(
                        rule.grades
                            .as_ref()
                            .map(|g| g.iter().map(|g| g.code()).collect())
                    ),
                    column = crate::labels::organ_category(rule.use_column),
                    note = rule.note
                )
            )?;
        }
    }
    if !set.ranks.rows.is_empty() {
        let governs = set
            .ranks
            .governs
            .map_or_else(String::new, crate::labels::rank_governs);
        writeln!(
            out,
            "{}",
            crate::t!("ranks.cli.title", governs = governs, note = set.ranks.note)
        )?;
        let rows: Vec<String> = set
            .ranks
            .rows
            .iter()
            .map(|r| format!("{} → {}", r.label, crate::labels::grade(r.grade)))
            .collect();
        writeln!(out, "  {}", rows.join(" · "))?;
    }
    if let Some(step) = &set.step_up {
        writeln!(
            out,
            "{}",
            crate::t!(
                "ranks.cli.step_up",
                departments = step.departments.to_string(),
                chief = step.chief.code(),
                note = step.note
            )
        )?;
    }
    if let Some(suite) = &set.suite {
        let eligible: Vec<String> = suite
            .toilet_eligible
            .iter()
            .map(|c| c.note.clone())
            .collect();
        writeln!(
            out,
            "{}",
            crate::t!(
                "standards_cli.suite",
                max = suite.toilet_max_m2,
                eligible = eligible.join("；")
            )
        )?;
    }
    for (organ, formula) in &set.service {
        writeln!(
            out,
            "{}",
            crate::t!(
                "standards_cli.service",
                organ = crate::labels::organ_category(*organ),
                max = formula.max_m2_per_person,
                min = formula.min_m2_per_person,
                small = formula.small_up_to,
                large = formula.large_from
            )
        )?;
    }
    for (organ, class) in &set.building_class {
        writeln!(
            out,
            "{}",
            crate::t!(
                "standards_cli.class",
                organ = crate::labels::organ_category(*organ),
                class = class.label,
                max = class.max_m2_per_person,
                min = class.min_m2_per_person,
                above = class.lower_above
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::t!("standards_cli.headcount", basis = set.headcount.zh())
    )?;
    if let Some(plant) = &set.plant {
        writeln!(
            out,
            "{}",
            crate::t!(
                "standards_cli.plant",
                percent = plant.ratio * 100.0,
                base = plant.base.zh()
            )
        )?;
    }
    let c = &set.coefficient;
    writeln!(
        out,
        "{}",
        crate::t!(
            "standards_cli.coefficient",
            multi = c.multi_storey,
            high = c.high_rise,
            storeys = c.high_rise_from_storeys
        )
    )?;
    writeln!(
        out,
        "{}",
        crate::t!(
            "standards_cli.excess",
            divisor = set.excess.divisor.zh(),
            months = set.vacate.months
        )
    )?;
    writeln!(out)?;
    if standard.differences.is_empty() {
        writeln!(out, "{}", crate::t!("standards_cli.no_differences"))?;
    } else {
        writeln!(
            out,
            "{}",
            crate::t!(
                "standards_cli.differences",
                count = standard.differences.len()
            )
        )?;
        for d in &standard.differences {
            let default = d
                .default
                .clone()
                .unwrap_or_else(|| crate::t!("standards_cli.added").into_owned());
            writeln!(
                out,
                "{}",
                crate::t!(
                    "standards_cli.difference",
                    key = d.key,
                    default = default,
                    value = d.value
                )
            )?;
        }
    }
    Ok(())
}
