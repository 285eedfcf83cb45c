//! The 单位 sheet: units, their parents and approved posts per rank row.

use std::collections::{BTreeMap, HashMap};

use super::SheetProblem;
use super::book::Sheet;
use super::cells::{Columns, RowReader};
use super::layout::{
    HEADCOUNT, NOTE, ORGAN_CATEGORY, PARENT, RANK_STEP, SERVICE_POSTS, UNIT_HEAD, UNIT_KIND,
    UNIT_NAME, UNIT_TAIL,
};
use crate::io::rank_rows::{PostColumn, RANK_ROWS, parse_post_header};
use crate::model::{Coded as _, OrganCategory, Organisation, Unit, UnitKind, Uuid};

/// The units read from the sheet and the UUID of every unit name in it.
pub(super) struct SheetUnits {
    pub(super) units: Vec<Unit>,
    /// Every name in the sheet, also of rows with problems, so that references to a unit
    /// whose row is wrong are not reported a second time.
    pub(super) ids: HashMap<String, Uuid>,
}

/// Reads the 单位 sheet. A unit whose name is already in `current` keeps its UUID. With
/// `keep_current` (按名称更新) the units of `current` the sheet does not name stay, so their
/// names may be referred to as parents, and by the other sheets through [`SheetUnits::ids`].
pub(super) fn read_units(
    sheet: &Sheet,
    current: &Organisation,
    keep_current: bool,
    problems: &mut Vec<SheetProblem>,
) -> SheetUnits {
    let mut required: Vec<&str> = UNIT_HEAD.to_vec();
    required.extend(UNIT_TAIL);
    let is_post = |h: &str| parse_post_header(h).is_some();
    let columns = Columns::new(sheet, &required, |h| h == RANK_STEP || is_post(h), problems);
    let has_step = columns.has(RANK_STEP);
    let posts: Vec<(String, PostColumn)> = columns
        .present(is_post)
        .into_iter()
        .filter_map(|(h, _)| parse_post_header(h).map(|c| (h.to_owned(), c)))
        .collect();

    let existing: HashMap<&str, Uuid> = current
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.uuid))
        .collect();
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    let mut first_row: HashMap<String, u32> = HashMap::new();
    for row in &sheet.rows {
        let reader = RowReader {
            sheet: &sheet.name,
            row,
            columns: &columns,
            problems,
        };
        let name = reader.text(UNIT_NAME);
        if !name.is_empty() && !ids.contains_key(name) {
            let uuid = existing.get(name).copied().unwrap_or_else(Uuid::now_v7);
            ids.insert(name.to_owned(), uuid);
            first_row.insert(name.to_owned(), row.number);
        }
    }
    let mut kept_parents: Vec<(Uuid, Uuid)> = Vec::new();
    if keep_current {
        for u in &current.units {
            if !ids.contains_key(&u.name) {
                ids.insert(u.name.clone(), u.uuid);
                kept_parents.extend(u.parent.map(|p| (u.uuid, p)));
            }
        }
    }

    let mut rows: Vec<(u32, Unit)> = Vec::new();
    for row in &sheet.rows {
        let mut r = RowReader {
            sheet: &sheet.name,
            row,
            columns: &columns,
            problems,
        };
        let name = r.required(UNIT_NAME);
        let duplicate = name
            .and_then(|n| first_row.get(n))
            .filter(|first| **first != row.number);
        if let (Some(name), Some(first)) = (name, duplicate) {
            r.problem(
                Some(UNIT_NAME),
                crate::t!("excel.duplicate_unit", name = name, first = first).into_owned(),
            );
        }
        // 县级机关, 县级 and 县 all name the county category; 中央机关 the central one.
        let category: Option<OrganCategory> = r.coded_with(ORGAN_CATEGORY, |t| {
            t.trim_end_matches("机关").trim_end_matches('级')
        });
        let kind: Option<UnitKind> = r.coded(UNIT_KIND);
        let parent_name = r.text(PARENT);
        let parent = if parent_name.is_empty() {
            None
        } else if Some(parent_name) == name {
            r.problem(
                Some(PARENT),
                crate::t!("excel.own_parent", name = parent_name).into_owned(),
            );
            None
        } else {
            let found = ids.get(parent_name).copied();
            if found.is_none() {
                r.problem(Some(PARENT), unknown_unit(parent_name));
            }
            found
        };
        let mut unit_posts = BTreeMap::new();
        let mut grade_columns = HashMap::new();
        for (header, column) in &posts {
            let Some(count) = r.count(header) else {
                continue;
            };
            if let Some(category) = category
                && !column.accepts(category)
            {
                r.problem(Some(header), rank_not_of_category(header, category));
                continue;
            }
            if let Some(first) = grade_columns.insert(column.grade, header.as_str()) {
                r.problem(
                    Some(header),
                    crate::t!(
                        "excel.grade_twice",
                        grade = column.grade.zh(),
                        first = first
                    )
                    .into_owned(),
                );
            }
            unit_posts.insert(column.grade, count);
        }
        let service_posts = r.count(SERVICE_POSTS).unwrap_or(0);
        let headcount = r.count(HEADCOUNT).unwrap_or(0);
        let note = r.text(NOTE).to_owned();
        // 高配: empty or 无 for none; without the column the file's unit keeps its own.
        let step_text = r.text(RANK_STEP);
        let rank_step = if !has_step {
            name.and_then(|n| current.units.iter().find(|u| u.name == n))
                .and_then(|u| u.rank_step)
        } else if step_text.is_empty() || step_text == "无" {
            None
        } else {
            let step = crate::model::UnitStep::parse(step_text);
            if step.is_none() {
                let allowed: Vec<&str> =
                    crate::model::UnitStep::ALL.iter().map(|s| s.zh()).collect();
                r.problem(
                    Some(RANK_STEP),
                    crate::t!(
                        "excel.not_in_list",
                        value = step_text,
                        allowed = allowed.join("/")
                    )
                    .into_owned(),
                );
            }
            step
        };
        if let (Some(name), None, Some(organ_category), Some(kind)) =
            (name, duplicate, category, kind)
        {
            rows.push((
                row.number,
                Unit {
                    region: None,
                    uuid: ids.get(name).copied().unwrap_or_else(Uuid::now_v7),
                    name: name.to_owned(),
                    organ_category,
                    kind,
                    parent,
                    posts: unit_posts,
                    service_posts,
                    headcount,
                    note,
                    rank_step,
                },
            ));
        }
    }
    report_parent_cycles(&sheet.name, &rows, &kept_parents, problems);
    SheetUnits {
        units: rows.into_iter().map(|(_, u)| u).collect(),
        ids,
    }
}

/// The message for a reference to a unit that is not in the 单位 sheet.
pub(super) fn unknown_unit(name: &str) -> String {
    crate::t!("excel.unknown_unit", name = name).into_owned()
}

fn rank_not_of_category(header: &str, category: OrganCategory) -> String {
    let rows: Vec<&str> = RANK_ROWS
        .iter()
        .filter(|(c, _, _)| *c == category)
        .map(|(_, l, _)| *l)
        .collect();
    crate::t!(
        "excel.rank_not_of_category",
        rank = header,
        category = crate::labels::organ_category(category),
        rows = rows.join("/")
    )
    .into_owned()
}

/// A unit that is its own ancestor is reported once, at its row; `kept_parents` are the
/// (unit, parent) links of units kept from the file, through which a cycle may also run.
fn report_parent_cycles(
    sheet: &str,
    rows: &[(u32, Unit)],
    kept_parents: &[(Uuid, Uuid)],
    problems: &mut Vec<SheetProblem>,
) {
    let parents: HashMap<Uuid, Uuid> = rows
        .iter()
        .filter_map(|(_, u)| u.parent.map(|p| (u.uuid, p)))
        .chain(kept_parents.iter().copied())
        .collect();
    for (number, unit) in rows {
        let mut at = unit.uuid;
        for _ in 0..=parents.len() {
            match parents.get(&at) {
                Some(p) if *p == unit.uuid => {
                    problems.push(SheetProblem {
                        sheet: sheet.to_owned(),
                        row: Some(*number),
                        column: Some(PARENT.to_owned()),
                        message: crate::t!("excel.parent_cycle", name = unit.name).into_owned(),
                    });
                    break;
                }
                Some(p) => at = *p,
                None => break,
            }
        }
    }
}
