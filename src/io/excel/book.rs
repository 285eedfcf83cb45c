//! Reading a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods` with calamine) or a CSV file into
//! rows of text, each row numbered as the spreadsheet shows it.
//!
//! A CSV file is the 单位 sheet alone (UTF-8, header row first, the same headers as the
//! sheet); persons and occupancy then stay as they are in the project file.

use std::path::Path;

use calamine::{Data, Reader as _};

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
    let file_problem = |message: String| {
        vec![SheetProblem {
            sheet: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            row: None,
            column: None,
            message,
        }]
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        file_problem(crate::t!("excel.unreadable", reason = e.to_string()).into_owned())
    })?;
    let names = workbook.sheet_names();
    let mut problems = Vec::new();
    let mut sheet = |name: &str| -> Option<Sheet> {
        if !names.iter().any(|n| n == name) {
            problems.push(SheetProblem {
                sheet: name.to_owned(),
                row: None,
                column: None,
                message: crate::t!("excel.missing_sheet").into_owned(),
            });
            return None;
        }
        match workbook.worksheet_range(name) {
            Ok(range) => Some(sheet_from_range(name, &range)),
            Err(e) => {
                problems.push(SheetProblem {
                    sheet: name.to_owned(),
                    row: None,
                    column: None,
                    message: crate::t!("excel.unreadable", reason = e.to_string()).into_owned(),
                });
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

/// The text of a cell as a person reads it: whole numbers without `.0`, dates as
/// `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(n) => n.to_string(),
        // Whole numbers far below 2^53 print exactly; others keep their fraction so that
        // a count of 2.5 is refused rather than rounded.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, hh, mm, ss, _) = d.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn sheet_from_range(name: &str, range: &calamine::Range<Data>) -> Sheet {
    // Row and column numbers of the range are 0-based from A1.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let number = first_row
            .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
            .saturating_add(1);
        let lead = (0..first_col).map(|_| String::new());
        (number, lead.chain(cells.iter().map(cell_text)).collect())
    });
    sheet_from_rows(name, &mut rows)
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
    let bytes = std::fs::read(path).map_err(|e| {
        problem(
            None,
            crate::t!("excel.unreadable", reason = e.to_string()).into_owned(),
        )
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| problem(None, crate::t!("excel.csv_not_utf8").into_owned()))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Row numbers count records, as a spreadsheet opening the file numbers its rows.
    for (number, record) in (1u32..).zip(reader.records()) {
        let record = record.map_err(|e| problem(Some(number), e.to_string()))?;
        rows.push((number, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    Ok(sheet_from_rows(UNIT_SHEET, &mut rows.into_iter()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_as_people_see_them() {
        assert_eq!(cell_text(&Data::Float(3.0)), "3");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Float(-1.0)), "-1");
        assert_eq!(cell_text(&Data::Int(301)), "301");
        assert_eq!(cell_text(&Data::String(" 县 ".into())), "县");
        // 2026-03-31 is day 46112 of Excel's 1900 date system.
        let date =
            calamine::ExcelDateTime::new(46112.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2026-03-31");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2026-03-31T00:00:00".into())),
            "2026-03-31"
        );
    }

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
