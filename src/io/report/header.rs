//! The header block above every national table (DOMAIN §3.1): 行政区划名称/级别/代码 and
//! the statistics date from the file, 填表人单位/姓名 and 电话 as saved in it; footnotes; row
//! numbers.

use crate::model::{Coded as _, Project};

/// The header block of a national table (DOMAIN §3.1): the region, the statistics date and
/// the filler (`report --filler-unit …`, the 报表 dialog), from the project. Every table
/// carries the same block.
pub(super) fn header_block(project: &Project, as_of: &str) -> Vec<Vec<(String, String)>> {
    let region = project.region.as_ref();
    let filler = &project.settings.filler;
    vec![
        vec![
            (
                "行政区划名称".to_owned(),
                region.map_or(String::new(), |r| r.name.clone()),
            ),
            (
                "行政区划级别".to_owned(),
                region.map_or(String::new(), |r| format!("{}级", r.level.zh())),
            ),
            (
                "行政区划代码".to_owned(),
                region.map_or(String::new(), |r| r.code.clone()),
            ),
            ("统计截止日期".to_owned(), as_of.to_owned()),
        ],
        vec![
            ("填表人单位".to_owned(), filler.unit.clone()),
            ("填表人姓名".to_owned(), filler.name.clone()),
            ("电话".to_owned(), filler.phone.clone()),
        ],
    ]
}

/// A note under a table (注：…): a section of its own, with only a heading.
pub(super) fn footnote(text: String) -> super::Section {
    super::Section {
        heading: Some(text),
        columns: Vec::new(),
        rows: Vec::new(),
    }
}

/// Numbers the rows 1, 2, … in their first column.
pub(super) fn number_rows(rows: &mut [Vec<super::Cell>]) {
    for (i, row) in rows.iter_mut().enumerate() {
        if let Some(first) = row.first_mut() {
            *first = super::Cell::Count(i64::try_from(i + 1).unwrap_or(i64::MAX));
        }
    }
}
