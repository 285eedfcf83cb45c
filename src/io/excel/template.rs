//! Writing the 编制 workbook (`.xlsx`): the three data sheets with a frozen, bold header row,
//! column widths that fit Chinese text, drop-down lists and number checks, and a 说明 sheet.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::cells::column_letter;
use super::layout::{Cell, Check, SheetData, UNIT_NAME};
use super::{GUIDE_SHEET, PERSON_SHEET, ROOM_SHEET, UNIT_SHEET};
use crate::io::rank_rows::RANK_ROWS;
use crate::model::{Coded as _, Grade};

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::t!("excel.write_failed", path = path.display(), reason = reason))]
pub struct TemplateError {
    pub path: PathBuf,
    pub reason: String,
}

/// Rows below the data that still get the drop-down lists and checks, for new entries.
const SPARE_ROWS: u32 = 1000;

/// Widest column, in Excel's character units.
const MAX_WIDTH: usize = 60;

/// Writes `sheets` (单位 first, whose unit names feed the drop-down lists of unit columns)
/// and a 说明 sheet to `path`, replacing it only once the whole workbook is made.
/// `buildings` feeds the drop-down list of the 楼栋 column.
pub fn write_workbook(
    path: &Path,
    sheets: &[SheetData],
    buildings: &[String],
) -> Result<(), TemplateError> {
    let failed = |reason: String| TemplateError {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = workbook_bytes(sheets, buildings).map_err(|e| failed(e.to_string()))?;
    crate::io::output::write_bytes(path, &bytes).map_err(|e| failed(e.to_string()))
}

fn workbook_bytes(sheets: &[SheetData], buildings: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The unit-name list: column of 单位名称 in the first sheet, through the spare rows.
    let unit_list = sheets.first().and_then(|s| {
        let col = s.columns.iter().position(|c| c.header == UNIT_NAME)?;
        let last = row_count(s) + SPARE_ROWS;
        Some(format!(
            "='{}'!${}$2:${}${}",
            s.name,
            column_letter(col),
            column_letter(col),
            last
        ))
    });
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        write_sheet(worksheet, sheet, unit_list.as_deref(), buildings)?;
    }
    let guide = workbook.add_worksheet();
    write_guide(guide)?;
    workbook.save_to_buffer()
}

fn row_count(sheet: &SheetData) -> u32 {
    u32::try_from(sheet.rows.len())
        .unwrap_or(u32::MAX - SPARE_ROWS - 1)
        .saturating_add(1)
}

/// Display width in Excel character units: a CJK character is two.
pub(crate) fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if u32::from(c) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// The bold, shaded, boxed format of header cells.
pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(0x00DD_EBF7)
        .set_border(FormatBorder::Thin)
}

/// The width of a column whose widest text is `widest` display units wide.
pub(crate) fn column_width(widest: usize) -> u32 {
    u32::try_from((widest + 2).clamp(8, MAX_WIDTH)).unwrap_or(8)
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &SheetData,
    unit_list: Option<&str>,
    buildings: &[String],
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let header = header_format();
    let text = Format::new().set_num_format("@");
    let count = Format::new().set_num_format("0");
    let last_row = row_count(sheet) + SPARE_ROWS - 1;
    for (i, column) in sheet.columns.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.write_string_with_format(0, col, &column.header, &header)?;
        let widest = sheet
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|c| display_width(&c.as_text()))
            .chain([display_width(&column.header)])
            .max()
            .unwrap_or(0);
        ws.set_column_width(col, column_width(widest))?;
        if column.check == Check::Count {
            ws.set_column_format(col, &count)?;
        } else {
            // Text, so that 1F, 0301 or 2026-03-31 stay as typed.
            ws.set_column_format(col, &text)?;
        }
        if let Some(validation) = validation(column.check, unit_list, buildings) {
            ws.add_data_validation(1, col, last_row, col, &validation)?;
        }
    }
    for (r, cells) in sheet.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in cells.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    ws.write_string_with_format(row, col, t, &text)?;
                }
                Cell::Count(n) => {
                    ws.write_number_with_format(row, col, f64::from(*n), &count)?;
                }
            }
        }
    }
    // The header row stays in view; on the 单位 sheet the unit name too.
    let frozen_cols = u16::from(sheet.columns.first().is_some_and(|c| c.header == UNIT_NAME));
    ws.set_freeze_panes(1, frozen_cols)?;
    Ok(())
}

/// The data validation of a column, where Excel can express it.
fn validation(
    check: Check,
    unit_list: Option<&str>,
    buildings: &[String],
) -> Option<DataValidation> {
    let list = match check {
        Check::Text => return None,
        Check::Count => {
            let rule = DataValidationRule::GreaterThanOrEqualTo(0);
            return DataValidation::new()
                .allow_whole_number(rule)
                .set_error_message(crate::t!("excel.validation_count"))
                .ok();
        }
        Check::UnitName => {
            return unit_list.map(|f| DataValidation::new().allow_list_formula(Formula::new(f)));
        }
        Check::Building => buildings.to_vec(),
        coded => coded
            .codes()
            .unwrap_or_default()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    if list.is_empty() {
        return None;
    }
    // Excel caps a literal list at 255 characters; a longer one goes without a drop-down.
    DataValidation::new().allow_list_strings(&list).ok()
}

/// The 说明 sheet: how to fill the workbook, and the rank rows with their GB/T grades.
fn write_guide(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_SHEET)?;
    let header = header_format();
    let wrap = Format::new().set_text_wrap();
    let mut row = 0u32;
    for (topic, text) in guide_lines() {
        if text.is_empty() {
            ws.write_string_with_format(row, 0, &topic, &header)?;
        } else {
            ws.write_string(row, 0, &topic)?;
            ws.write_string_with_format(row, 1, &text, &wrap)?;
        }
        row += 1;
    }
    row += 1;
    let titles = [
        crate::t!("excel.guide.category"),
        crate::t!("excel.guide.rank_row"),
        crate::t!("excel.guide.grade_code"),
        crate::t!("excel.guide.grade_name"),
    ];
    for (col, title) in (0u16..).zip(titles) {
        ws.write_string_with_format(row, col, title.as_ref(), &header)?;
    }
    for (category, label, grade) in RANK_ROWS {
        row += 1;
        ws.write_string(row, 0, crate::labels::organ_category(*category))?;
        ws.write_string(row, 1, *label)?;
        ws.write_string(row, 2, grade.code())?;
        ws.write_string(row, 3, grade.zh())?;
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 90)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 14)?;
    Ok(())
}

/// (topic, text) lines of the guide; a line with empty text is a section title.
fn guide_lines() -> Vec<(String, String)> {
    let grades: Vec<&str> = Grade::ALL.iter().map(|g| g.zh()).collect();
    let line = |topic: &str, text: std::borrow::Cow<'_, str>| (topic.to_owned(), text.into_owned());
    vec![
        (crate::t!("excel.guide.title").into_owned(), String::new()),
        line(
            &crate::t!("excel.guide.general"),
            crate::t!("excel.guide.general_text"),
        ),
        line(UNIT_SHEET, crate::t!("excel.guide.units_text")),
        line(PERSON_SHEET, crate::t!("excel.guide.persons_text")),
        line(ROOM_SHEET, crate::t!("excel.guide.rooms_text")),
        line(
            &crate::t!("excel.guide.grades"),
            std::borrow::Cow::Owned(grades.join("、")),
        ),
        line(
            &crate::t!("ranks.guide.ranks"),
            crate::t!("ranks.guide.ranks_text"),
        ),
        line(
            &crate::t!("excel.guide.import"),
            crate::t!("excel.guide.import_text"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("县委办公室"), 10);
        assert_eq!(display_width("3F"), 2);
    }
}
