//! Units, posts, persons and room occupancy in and out of spreadsheets (编制 workbooks).
//!
//! A workbook has the sheets 单位, 人员 and 房间分配 (and a 说明 sheet of guidance that is
//! never read). Row 1 of each holds the headers; every later non-empty row is one record.
//! Columns are found by header, so their order is free, but every header must be known:
//! a misspelt post column would otherwise drop posts without a word.
//!
//! - [`layout`] names the sheets and columns and turns an [`Organisation`] into rows;
//! - [`template`] writes those rows as an `.xlsx` workbook, [`contents`] says what from;
//! - [`book`] reads a workbook ([`xlsx`], bounded) or a CSV file back into rows of text;
//! - [`import`] checks every row and turns the rows into an [`Organisation`].
//!
//! [`Organisation`]: crate::model::Organisation

pub mod book;
mod cells;
pub mod contents;
pub mod import;
pub mod layout;
mod persons;
pub mod template;
mod units;
pub mod xlsx;

use std::path::Path;

use super::{InputError, InputProblem};

/// The 单位 sheet: one row per unit with its approved posts.
pub const UNIT_SHEET: &str = "单位";
/// The 人员 sheet: one row per person.
pub const PERSON_SHEET: &str = "人员";
/// The 房间分配 sheet: one row per (room, unit) pair.
pub const ROOM_SHEET: &str = "房间分配";
/// The 说明 sheet: guidance for the person filling in the workbook; never read.
pub const GUIDE_SHEET: &str = "说明";

/// One problem in a workbook, located by sheet, row (as Excel numbers it) and column header.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SheetProblem {
    pub sheet: String,
    /// Row number as the spreadsheet shows it (the header row is 1); `None` for the sheet.
    pub row: Option<u32>,
    /// The column's header; `None` for the whole row.
    pub column: Option<String>,
    pub message: String,
}

impl SheetProblem {
    /// Where the problem is, for people: `单位 第 5 行 上级单位`.
    pub fn place(&self) -> String {
        match (self.row, &self.column) {
            (Some(row), Some(column)) => crate::t!(
                "excel.place_cell",
                sheet = self.sheet,
                row = row,
                column = column
            ),
            (Some(row), None) => crate::t!("excel.place_row", sheet = self.sheet, row = row),
            (None, Some(column)) => {
                crate::t!("excel.place_column", sheet = self.sheet, column = column)
            }
            (None, None) => crate::t!("excel.place_sheet", sheet = self.sheet),
        }
        .into_owned()
    }
}

/// The problems of a workbook as the crate's [`InputError`], naming the file.
pub fn input_error(path: &Path, problems: &[SheetProblem]) -> InputError {
    InputError {
        path: path.to_path_buf(),
        problems: problems
            .iter()
            .map(|p| InputProblem {
                place: p.place(),
                message: p.message.clone(),
            })
            .collect(),
    }
}

/// Splits a `;`-separated list (the full-width `；` too), dropping empty items.
///
/// ```
/// let items: Vec<&str> = officeplan::io::excel::split_list(" a; b；;c ").collect();
/// assert_eq!(items, ["a", "b", "c"]);
/// ```
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
