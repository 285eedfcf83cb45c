//! Reading a workbook (`.xlsx`, `.xlsm`, with the bounded reader of [`super::xlsx`]) or a CSV
//! file into rows of text, each row numbered as the spreadsheet shows it.
//!
//! A CSV file is the 单位 sheet alone (UTF-8, header row first, the same headers as the
//! sheet); persons and occupancy then stay as they are in the project file. Other formats
//! (`.xls`, `.ods`) are refused with the advice to save as `.xlsx`: their readers size memory
//! by what the file declares, which a damaged file can make unbounded.

use std::path::Path;

use super::xlsx::limits::{MAX_CELL_CHARS, MAX_PART_BYTES, MAX_ROWS};
use super::xlsx::{Workbook, XlsxProblem};
use super::{PERSON_SHEET, ROOM_SHEET, SheetProblem, UNIT_SHEET};

/// One sheet's rows as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name, as problems name it.
    pub name: String,
    /// The headers of row 1, trimmed.
    pub headers: Vec<String>,
    /// The non-empty rows after the header row.
    pub rows: Vec<SheetRow>,
}

/// One row: its number as the spreadsheet shows it and its cells (trimmed text), one per
/// header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    pub number: u32,
    pub cells: Vec<String>,
}

/// The sheets read from a file. A sheet that is `None` was not in the file (a CSV file holds
/// only the 单位 sheet) and is taken from the project as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book {
    pub units: Sheet,
    pub persons: Option<Sheet>,
    pub rooms: Option<Sheet>,
}

/// Reads a workbook or a CSV file (by extension). A sheet missing from a workbook, or a file
/// that cannot be read, is a problem of the sheet or of the whole file.
pub fn read_book(path: &Path) -> Result<Book, Vec<SheetProblem>> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return read_csv(path).map(|units| Book {
            units,
            persons: None,
            rooms: None,
        });
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !matches!(extension.as_str(), "xlsx" | "xlsm") {
        return Err(vec![SheetProblem {
            sheet: file_name,
            row: None,
            column: None,
            message: crate::t!("xlsx.unsupported_format").into_owned(),
        }]);
    }
    let to_problem = |p: XlsxProblem| SheetProblem {
        sheet: p.sheet.unwrap_or_else(|| file_name.clone()),
        row: p.cell.map(|c| c.row),
        column: p.cell.map(|c| c.column_letters()),
        message: p.message,
    };
    let mut workbook = Workbook::open(path).map_err(|p| vec![to_problem(p)])?;
    let mut problems = Vec::new();
    let mut sheet = |name: &str| -> Option<Sheet> {
        match workbook.rows(name) {
            Ok(Some(rows)) => Some(sheet_from_rows(name, &mut rows.into_iter())),
            Ok(None) => {
                problems.push(SheetProblem {
                    sheet: name.to_owned(),
                    row: None,
                    column: None,
                    message: crate::t!("excel.missing_sheet").into_owned(),
                });
                None
            }
            Err(p) => {
                problems.push(to_problem(p));
                None
            }
        }
    };
    let units = sheet(UNIT_SHEET);
    let persons = sheet(PERSON_SHEET);
    let rooms = sheet(ROOM_SHEET);
    match (units, persons, rooms) {
        (Some(units), Some(persons), Some(rooms)) if problems.is_empty() => Ok(Book {
            units,
            persons: Some(persons),
            rooms: Some(rooms),
        }),
        _ => Err(problems),
    }
}

/// Builds a sheet from numbered rows: the first is the header row, empty rows are dropped.
fn sheet_from_rows(name: &str, rows: &mut dyn Iterator<Item = (u32, Vec<String>)>) -> Sheet {
    let mut headers = Vec::new();
    let mut body = Vec::new();
    let mut seen_header = false;
    for (number, cells) in rows {
        if !seen_header {
            // Rows above the headers (none in a template) are skipped like empty rows.
            if cells.iter().all(String::is_empty) {
                continue;
            }
            headers = cells;
            seen_header = true;
            continue;
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        body.push(SheetRow { number, cells });
    }
    // Trailing empty header cells (formatting beyond the table) are not columns.
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    Sheet {
        name: name.to_owned(),
        headers,
        rows: body,
    }
}

fn read_csv(path: &Path) -> Result<Sheet, Vec<SheetProblem>> {
    let problem = |row: Option<u32>, message: String| {
        vec![SheetProblem {
            sheet: UNIT_SHEET.to_owned(),
            row,
            column: None,
            message,
        }]
    };
    let unreadable = |e: std::io::Error| {
        problem(
            None,
            crate::t!("excel.unreadable", reason = e.to_string()).into_owned(),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_PART_BYTES {
        return Err(problem(
            None,
            crate::t!("xlsx.too_many", what = "bytes", limit = MAX_PART_BYTES).into_owned(),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;

    let text = std::str::from_utf8(&bytes)
        .map_err(|_| problem(None, crate::t!("excel.csv_not_utf8").into_owned()))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    // The header's field count: a row with fewer fields would read its missing cells as
    // empty (posts and headcount zero) without a word, so it is refused with its line.
    let mut header_fields: Option<usize> = None;
    let mut problems = Vec::new();
    // Row numbers count records, as a spreadsheet opening the file numbers its rows.
    for (number, record) in (1u32..).zip(reader.records()) {
        let record = record.map_err(|e| problem(Some(number), e.to_string()))?;
        let line = record.position().map_or(u64::from(number), |p| p.line());
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().any(|c| c.chars().count() > MAX_CELL_CHARS) {
            problems.push(SheetProblem {
                sheet: UNIT_SHEET.to_owned(),
                row: Some(number),
                column: None,
                message: crate::t!("xlsx.long_text", limit = MAX_CELL_CHARS).into_owned(),
            });
            continue;
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match header_fields {
            None => header_fields = Some(cells.len()),
            Some(expected) => {
                // Trailing empty fields beyond the header are formatting, not data.
                let used = cells
                    .iter()
                    .rposition(|c| !c.is_empty())
                    .map_or(0, |i| i + 1);
                if cells.len() < expected || used > expected {
                    problems.push(SheetProblem {
                        sheet: UNIT_SHEET.to_owned(),
                        row: Some(number),
                        column: None,
                        message: crate::t!(
                            "csv.field_count",
                            line = line,
                            fields = cells.len(),
                            expected = expected
                        )
                        .into_owned(),
                    });
                    continue;
                }
            }
        }
        if rows.len() >= MAX_ROWS {
            return Err(problem(
                Some(number),
                crate::t!("xlsx.too_many", what = "rows", limit = MAX_ROWS).into_owned(),
            ));
        }
        rows.push((number, cells));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(sheet_from_rows(UNIT_SHEET, &mut rows.into_iter()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_spreadsheet_numbers() {
        let mut rows = vec![
            (1, vec![String::new(), String::new()]),
            (2, vec!["单位名称".to_owned(), String::new()]),
            (3, vec!["县委办公室".to_owned(), String::new()]),
            (4, vec![String::new(), String::new()]),
            (5, vec!["县财政局".to_owned(), String::new()]),
        ]
        .into_iter();
        let sheet = sheet_from_rows("单位", &mut rows);
        assert_eq!(sheet.headers, ["单位名称"]);
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 5]);
    }
}
