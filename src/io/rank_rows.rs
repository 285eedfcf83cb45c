//! The rank rows (职级行) of the 2014 table (发改投资〔2014〕2674号 §1.4 of DOMAIN) as spreadsheet
//! columns of approved posts (批复编制), each mapped to one GB/T 12407 grade.
//!
//! This table is the one place that says which column a unit's posts go in. Grades that no
//! row of a unit's organ category maps to (e.g. 办事员级 160 for a county organ, whose 科级以下
//! row maps to 科员级 150) get a column of their own, headed by the GB/T name, so that no post
//! is ever dropped on the way out or in.

use std::collections::BTreeMap;

use crate::model::{Coded as _, Grade, OrganCategory};

/// The rank rows of each organ category, in the table's order: (category, row name, grade).
pub const RANK_ROWS: &[(OrganCategory, &str, Grade)] = &[
    (OrganCategory::Central, "部级正职", Grade::ProvincialChief),
    (OrganCategory::Central, "部级副职", Grade::ProvincialDeputy),
    (OrganCategory::Central, "正司(局)级", Grade::BureauChief),
    (OrganCategory::Central, "副司(局)级", Grade::BureauDeputy),
    (OrganCategory::Central, "处级", Grade::DivisionChief),
    (OrganCategory::Central, "处级以下", Grade::SectionChief),
    (
        OrganCategory::Provincial,
        "省级正职",
        Grade::ProvincialChief,
    ),
    (
        OrganCategory::Provincial,
        "省级副职",
        Grade::ProvincialDeputy,
    ),
    (OrganCategory::Provincial, "正厅(局)级", Grade::BureauChief),
    (OrganCategory::Provincial, "副厅(局)级", Grade::BureauDeputy),
    (OrganCategory::Provincial, "正处级", Grade::DivisionChief),
    (OrganCategory::Provincial, "副处级", Grade::DivisionDeputy),
    (OrganCategory::Provincial, "处级以下", Grade::SectionChief),
    (OrganCategory::City, "市级正职", Grade::BureauChief),
    (OrganCategory::City, "市级副职", Grade::BureauDeputy),
    (OrganCategory::City, "正局(处)级", Grade::DivisionChief),
    (OrganCategory::City, "副局(处)级", Grade::DivisionDeputy),
    (OrganCategory::City, "局(处)级以下", Grade::SectionChief),
    (OrganCategory::County, "县级正职", Grade::DivisionChief),
    (OrganCategory::County, "县级副职", Grade::DivisionDeputy),
    (OrganCategory::County, "正科级", Grade::SectionChief),
    (OrganCategory::County, "副科级", Grade::SectionDeputy),
    (OrganCategory::County, "科级以下", Grade::Clerk),
    (OrganCategory::Township, "乡级正职", Grade::SectionChief),
    (OrganCategory::Township, "乡级副职", Grade::SectionDeputy),
    (OrganCategory::Township, "乡级以下", Grade::Clerk),
];

/// One column of approved posts in the 单位 sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostColumn {
    /// The header: a row name of the 2014 table, or a GB/T grade name for an extra column.
    pub label: String,
    pub grade: Grade,
    /// Organ categories whose units may fill the column; empty for a GB/T grade column,
    /// which any unit may fill.
    pub categories: Vec<OrganCategory>,
}

impl PostColumn {
    /// Whether a unit of `category` may have posts in this column.
    pub fn accepts(&self, category: OrganCategory) -> bool {
        self.categories.is_empty() || self.categories.contains(&category)
    }
}

/// The grade a row of `category` maps to, if the category has such a row.
pub fn row_grade(category: OrganCategory, label: &str) -> Option<Grade> {
    RANK_ROWS
        .iter()
        .find(|(c, l, _)| *c == category && *l == label)
        .map(|(_, _, g)| *g)
}

/// The row of `category` that holds `grade`, if any.
pub fn row_label(category: OrganCategory, grade: Grade) -> Option<&'static str> {
    RANK_ROWS
        .iter()
        .find(|(c, _, g)| *c == category && *g == grade)
        .map(|(_, l, _)| *l)
}

/// The post columns for a sheet holding units of `categories` whose posts use `grades`:
/// the rank rows of each category (central first, a row name shared by two categories with
/// the same grade is one column), then one GB/T column for each grade of `grades` that some
/// category in it has no row for.
///
/// ```
/// use officeplan::io::rank_rows::post_columns;
/// use officeplan::model::{Grade, OrganCategory};
///
/// let columns = post_columns(&[OrganCategory::County], &[(OrganCategory::County, Grade::Staff)]);
/// let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
/// assert_eq!(labels, ["县级正职", "县级副职", "正科级", "副科级", "科级以下", "办事员级"]);
/// ```
pub fn post_columns(
    categories: &[OrganCategory],
    grades: &[(OrganCategory, Grade)],
) -> Vec<PostColumn> {
    let mut columns: Vec<PostColumn> = Vec::new();
    for category in OrganCategory::ALL {
        if !categories.contains(category) {
            continue;
        }
        for (c, label, grade) in RANK_ROWS.iter().filter(|(c, _, _)| c == category) {
            match columns
                .iter_mut()
                .find(|col| col.label == *label && col.grade == *grade)
            {
                Some(col) => col.categories.push(*c),
                None => columns.push(PostColumn {
                    label: (*label).to_owned(),
                    grade: *grade,
                    categories: vec![*c],
                }),
            }
        }
    }
    let mut extra: BTreeMap<Grade, ()> = BTreeMap::new();
    for (category, grade) in grades {
        if row_label(*category, *grade).is_none() {
            extra.insert(*grade, ());
        }
    }
    columns.extend(extra.into_keys().map(|grade| PostColumn {
        label: grade.zh().to_owned(),
        grade,
        categories: Vec::new(),
    }));
    columns
}

/// The national form's post column (DOMAIN §3.1) that a post of `grade` in a unit of
/// `category` is counted under: the row of the level with that grade, else the nearest row
/// above it (the last row, 科级以下 …, takes every lower grade: a county's 科员 and 办事员 are
/// both 科级以下; the central 处级 row takes 正处 and 副处). `None` for a grade above the
/// level's first row (it gets a GB/T column of its own).
///
/// ```
/// use officeplan::io::rank_rows::form_row;
/// use officeplan::model::{Grade, OrganCategory};
/// assert_eq!(form_row(OrganCategory::County, Grade::Staff), Some("科级以下"));
/// assert_eq!(form_row(OrganCategory::Township, Grade::Staff), Some("乡级以下"));
/// assert_eq!(form_row(OrganCategory::City, Grade::Clerk), Some("局(处)级以下"));
/// assert_eq!(form_row(OrganCategory::Central, Grade::DivisionDeputy), Some("处级"));
/// assert_eq!(form_row(OrganCategory::County, Grade::BureauChief), None);
/// ```
pub fn form_row(category: OrganCategory, grade: Grade) -> Option<&'static str> {
    RANK_ROWS
        .iter()
        .filter(|(c, _, g)| *c == category && g.number() <= grade.number())
        .max_by_key(|(_, _, g)| g.number())
        .map(|(_, l, _)| *l)
}

/// The national form's post columns of a level, in the form's order.
pub fn form_rows(category: OrganCategory) -> Vec<&'static str> {
    RANK_ROWS
        .iter()
        .filter(|(c, _, _)| *c == category)
        .map(|(_, l, _)| *l)
        .collect()
}

/// Reads a header of the 单位 sheet as a post column: a row name of any category (with every
/// category that has it) or a GB/T grade name or code. `None` for any other header.
pub fn parse_post_header(header: &str) -> Option<PostColumn> {
    let header = header.trim();
    let rows: Vec<_> = RANK_ROWS.iter().filter(|(_, l, _)| *l == header).collect();
    if let Some((_, label, grade)) = rows.first() {
        return Some(PostColumn {
            label: (*label).to_owned(),
            grade: *grade,
            categories: rows.iter().map(|(c, _, _)| *c).collect(),
        });
    }
    Grade::parse(header).map(|grade| PostColumn {
        label: header.to_owned(),
        grade,
        categories: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_category_maps_the_grades_of_the_brief() {
        // Issue #3 item 6: county 131/132/141/142/150, township 141/142/150, city
        // 121/122/131/132/141, provincial 111/112/121/122/131/132/141, central
        // 111/112/121/122/131/141.
        let numbers = |category: OrganCategory| -> Vec<u16> {
            RANK_ROWS
                .iter()
                .filter(|(c, _, _)| *c == category)
                .map(|(_, _, g)| g.number())
                .collect()
        };
        assert_eq!(numbers(OrganCategory::County), [131, 132, 141, 142, 150]);
        assert_eq!(numbers(OrganCategory::Township), [141, 142, 150]);
        assert_eq!(numbers(OrganCategory::City), [121, 122, 131, 132, 141]);
        assert_eq!(
            numbers(OrganCategory::Provincial),
            [111, 112, 121, 122, 131, 132, 141]
        );
        assert_eq!(
            numbers(OrganCategory::Central),
            [111, 112, 121, 122, 131, 141]
        );
    }

    #[test]
    fn a_row_name_shared_by_two_categories_is_one_column() {
        let columns = post_columns(&[OrganCategory::Central, OrganCategory::Provincial], &[]);
        // 6 central rows + 7 provincial rows, 处级以下 (141) shared.
        assert_eq!(columns.len(), 12);
        let shared = columns.iter().find(|c| c.label == "处级以下").unwrap();
        assert_eq!(
            shared.categories,
            [OrganCategory::Central, OrganCategory::Provincial]
        );
    }

    #[test]
    fn county_and_township_columns_with_an_extra_grade() {
        let columns = post_columns(
            &[OrganCategory::County, OrganCategory::Township],
            &[
                (OrganCategory::County, Grade::Clerk),
                (OrganCategory::Township, Grade::Staff),
                (OrganCategory::County, Grade::Staff),
            ],
        );
        let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "县级正职",
                "县级副职",
                "正科级",
                "副科级",
                "科级以下",
                "乡级正职",
                "乡级副职",
                "乡级以下",
                "办事员级"
            ]
        );
        let township_head = &columns[5];
        assert!(township_head.accepts(OrganCategory::Township));
        assert!(!township_head.accepts(OrganCategory::County));
        assert!(columns[8].accepts(OrganCategory::County));
    }

    #[test]
    fn headers_parse_as_rows_or_grades() {
        let c = parse_post_header("正科级").unwrap();
        assert_eq!(
            (c.grade, c.categories.as_slice()),
            (Grade::SectionChief, &[OrganCategory::County][..])
        );
        let c = parse_post_header("办事员级").unwrap();
        assert_eq!(c.grade, Grade::Staff);
        assert!(c.categories.is_empty());
        assert!(parse_post_header("实有人数").is_none());
    }
}
