//! The report tables as one `.xlsx` workbook: one sheet per table, a title row naming the table
//! and the basis of its areas, the header block, a frozen header row, `0.00` areas and whole
//! counts, and column widths that fit Chinese text.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Cell, Table};
use crate::io::excel::template::{column_width, display_width, header_format};
use crate::io::output::write_bytes;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::t!("report.write_failed", path = path.display(), reason = reason))]
pub struct ReportError {
    pub path: PathBuf,
    pub reason: String,
}

/// Writes `tables` to `path`, replacing it only once the whole workbook is made.
pub fn write(path: &Path, tables: &[Table]) -> Result<(), ReportError> {
    let failed = |reason: String| ReportError {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = workbook_bytes(tables).map_err(|e| failed(e.to_string()))?;
    write_bytes(path, &bytes).map_err(|e| failed(e.to_string()))
}

/// The workbook as bytes.
pub fn workbook_bytes(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    for table in tables {
        write_sheet(workbook.add_worksheet(), table)?;
    }
    workbook.save_to_buffer()
}

fn col(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Widest text of each column over every section, in display units.
fn widths(table: &Table) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    let mut widen = |i: usize, text: &str| {
        if widths.len() <= i {
            widths.resize(i + 1, 0);
        }
        if let Some(w) = widths.get_mut(i) {
            *w = (*w).max(display_width(text));
        }
    };
    for section in &table.sections {
        for (i, c) in section.columns.iter().enumerate() {
            widen(i, &c.header);
        }
        for row in &section.rows {
            for (i, cell) in row.iter().enumerate() {
                widen(i, &cell.as_text());
            }
        }
    }
    for line in &table.header_block {
        for (i, (label, value)) in line.iter().enumerate() {
            widen(2 * i, label);
            widen(2 * i + 1, value);
        }
    }
    widths
}

fn write_sheet(ws: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    ws.set_name(table.name)?;
    let header = header_format()
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let area = Format::new().set_num_format("0.00");
    let count = Format::new().set_num_format("0");
    for (i, width) in widths(table).into_iter().enumerate() {
        ws.set_column_width(col(i)?, column_width(width))?;
    }
    ws.write_string_with_format(0, 0, &table.title, &title)?;
    let mut row: u32 = 1;
    for line in &table.header_block {
        for (i, (label, value)) in line.iter().enumerate() {
            ws.write_string_with_format(row, col(2 * i)?, label, &bold)?;
            ws.write_string(row, col(2 * i + 1)?, value)?;
        }
        row += 1;
    }
    let mut frozen = None;
    for section in &table.sections {
        row += 1;
        if let Some(heading) = &section.heading {
            ws.write_string_with_format(row, 0, heading, &bold)?;
            row += 1;
        }
        let grouped = section.columns.iter().any(|c| c.group.is_some());
        if grouped {
            write_groups(ws, row, section, &header)?;
            row += 1;
        }
        for (i, c) in section.columns.iter().enumerate() {
            // Under a grouped header row, an ungrouped column's header already spans both rows.
            if !(grouped && c.group.is_none()) {
                ws.write_string_with_format(row, col(i)?, &c.header, &header)?;
            }
        }
        frozen.get_or_insert(row + 1);
        row += 1;
        for cells in &section.rows {
            for (i, cell) in cells.iter().enumerate() {
                let c = col(i)?;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        ws.write_string(row, c, t)?;
                    }
                    Cell::Area(a) | Cell::Percent(a) => {
                        ws.write_number_with_format(row, c, *a, &area)?;
                    }
                    Cell::Count(n) => {
                        // Counts of posts, persons, days and years are far below 2^53.
                        #[allow(clippy::cast_precision_loss)]
                        ws.write_number_with_format(row, c, *n as f64, &count)?;
                    }
                }
            }
            row += 1;
        }
    }
    // The first section's header row (and the title and header block above it) stay in view,
    // and are repeated on every printed page.
    if let Some(frozen) = frozen {
        ws.set_freeze_panes(frozen, 0)?;
        ws.set_repeat_rows(0, frozen.saturating_sub(1))?;
    }
    // Printed on A4 landscape, one page wide, as the forms are filed.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The spanning header row above grouped columns: one merged cell per run of a group; an
/// ungrouped column's header is merged down over both header rows.
fn write_groups(
    ws: &mut Worksheet,
    row: u32,
    section: &super::Section,
    header: &Format,
) -> Result<(), XlsxError> {
    let mut i = 0;
    while let Some(column) = section.columns.get(i) {
        let Some(group) = &column.group else {
            let c = col(i)?;
            ws.merge_range(row, c, row + 1, c, &column.header, header)?;
            i += 1;
            continue;
        };
        let run = section
            .columns
            .iter()
            .skip(i)
            .take_while(|c| c.group.as_ref() == Some(group))
            .count()
            .max(1);
        let (first, last) = (col(i)?, col(i + run - 1)?);
        if first == last {
            ws.write_string_with_format(row, first, group, header)?;
        } else {
            ws.merge_range(row, first, row, last, group, header)?;
        }
        i += run;
    }
    Ok(())
}
