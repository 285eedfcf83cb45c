//! The report tables as one `.xlsx` workbook: one sheet per table, a title row naming the table
//! and the basis of its areas, the header block, a frozen header row, `0.00` areas and whole
//! counts, and column widths that fit Chinese text — long text wraps, so that a wide form
//! (办公用房信息) prints on A4 landscape one page across at a readable size, its header rows
//! repeated on every page.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Cell, Table};
use crate::io::excel::template::{display_width, header_format};
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

/// Display units (a CJK character is two) at which a text cell wraps: long names, addresses
/// and notes take two or three lines rather than widen the sheet beyond what one A4 page
/// across prints at a readable size.
const WRAP_UNITS: usize = 12;

/// Lines a column header may wrap to.
const HEADER_LINES: usize = 3;

/// Display units a header block value gets at least (room to write by hand).
const BLOCK_VALUE_UNITS: usize = 12;

/// The width a column needs, in display units: every number whole, text up to
/// [`WRAP_UNITS`], its header over at most [`HEADER_LINES`] lines.
fn widths(table: &Table) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    let mut widen = |i: usize, units: usize| {
        if widths.len() <= i {
            widths.resize(i + 1, 0);
        }
        if let Some(w) = widths.get_mut(i) {
            *w = (*w).max(units);
        }
    };
    for section in &table.sections {
        for (i, c) in section.columns.iter().enumerate() {
            // Whole characters per line: a CJK character is two units.
            let per_line = display_width(&c.header).div_ceil(HEADER_LINES);
            widen(i, per_line + per_line % 2);
        }
        for row in &section.rows {
            for (i, cell) in row.iter().enumerate() {
                let units = display_width(&cell.as_text());
                widen(
                    i,
                    match cell {
                        Cell::Text(_) => units.min(WRAP_UNITS),
                        _ => units,
                    },
                );
            }
        }
    }
    widths
}

/// Excel's width of a column of `units` display units, in characters of the default font:
/// one character more, for the CJK glyphs a little wider than two digits and the bold header.
fn excel_width(units: usize) -> f64 {
    f64::from(
        u32::try_from(units + 1)
            .unwrap_or(MAX_WIDTH)
            .clamp(4, MAX_WIDTH),
    )
}

/// The widest column, in characters.
const MAX_WIDTH: u32 = 60;

/// A label–value pair of the header block, with the columns each spans.
struct BlockPair<'a> {
    label: &'a str,
    value: &'a str,
    label_span: (usize, usize),
    value_span: (usize, usize),
}

/// Lays the header block's pairs out over the columns: each label and value spans columns
/// wide enough for its text. A pair that would start past the table's last column begins a
/// new line, so that the block never widens the printed sheet.
fn block_layout<'a>(table: &'a Table, widths: &[usize]) -> Vec<Vec<BlockPair<'a>>> {
    let columns = widths.len().max(2);
    let width = |i: usize| widths.get(i).copied().unwrap_or(8) + 1;
    // The columns from `from` that together are at least `units` wide (at least one; never
    // past the last column).
    let span = |from: usize, units: usize| {
        let (mut to, mut have) = (from, width(from));
        while have < units && to + 1 < columns {
            to += 1;
            have += width(to);
        }
        (from, to)
    };
    let place = |from: usize, label: &str, value: &str| {
        let label_span = span(from, display_width(label));
        let value_span = span(
            label_span.1 + 1,
            display_width(value).max(BLOCK_VALUE_UNITS),
        );
        (label_span, value_span)
    };
    let mut lines = Vec::new();
    for line in &table.header_block {
        let mut placed: Vec<BlockPair<'a>> = Vec::new();
        let mut next = 0;
        for (label, value) in line {
            let (mut label_span, mut value_span) = place(next, label, value);
            // A pair that would be cut at the table's right edge starts a new line (the
            // print area ends there: a value running past it would not be printed).
            let covered = |(from, to): (usize, usize)| (from..=to).map(width).sum::<usize>();
            let cut = value_span.0 >= columns
                || covered(value_span) < display_width(value).max(BLOCK_VALUE_UNITS);
            if cut && !placed.is_empty() {
                lines.push(std::mem::take(&mut placed));
                (label_span, value_span) = place(0, label, value);
            }
            next = value_span.1 + 1;
            placed.push(BlockPair {
                label,
                value,
                label_span,
                value_span,
            });
        }
        if !placed.is_empty() {
            lines.push(placed);
        }
    }
    lines
}

/// Writes `text` over the columns `span` of `row` (merged when more than one).
fn write_span(
    ws: &mut Worksheet,
    row: u32,
    span: (usize, usize),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let (first, last) = (col(span.0)?, col(span.1)?);
    if first == last {
        ws.write_string_with_format(row, first, text, format)?;
    } else {
        ws.merge_range(row, first, row, last, text, format)?;
    }
    Ok(())
}

fn write_sheet(ws: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    ws.set_name(table.sheet_name())?;
    let header = header_format()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let text = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let area = Format::new()
        .set_num_format("0.00")
        .set_align(FormatAlign::VerticalCenter);
    let count = Format::new()
        .set_num_format("0")
        .set_align(FormatAlign::VerticalCenter);
    let widths = widths(table);
    for (i, units) in widths.iter().enumerate() {
        ws.set_column_width(col(i)?, excel_width(*units))?;
    }
    ws.write_string_with_format(0, 0, &table.title, &title)?;
    let mut row: u32 = 1;
    for line in block_layout(table, &widths) {
        for pair in line {
            write_span(ws, row, pair.label_span, pair.label, &bold)?;
            write_span(ws, row, pair.value_span, pair.value, &plain)?;
        }
        row += 1;
    }
    let mut header_rows = None;
    let note = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for section in &table.sections {
        row += 1;
        if section.columns.is_empty() {
            // A footnote: its text over the table's width, wrapped, on a row tall enough.
            if let Some(text) = &section.heading {
                let last = widths.len().saturating_sub(1).max(1);
                let width: usize = widths.iter().map(|w| w + 1).sum::<usize>().max(1);
                let lines = display_width(text).div_ceil(width).max(1) + 1;
                ws.merge_range(row, 0, row, col(last)?, text, &note)?;
                #[allow(clippy::cast_precision_loss)]
                ws.set_row_height(row, 13.0 * lines as f64)?;
                row += 1;
            }
            continue;
        }
        if let Some(heading) = &section.heading {
            ws.write_string_with_format(row, 0, heading, &bold)?;
            row += 1;
        }
        let first_header = row;
        let grouped = section.columns.iter().any(|c| c.group.is_some());
        if grouped {
            write_groups(ws, row, section, &header)?;
            row += 1;
        }
        // The column headers wrap over up to HEADER_LINES lines.
        #[allow(clippy::cast_precision_loss)]
        ws.set_row_height(row, ROW_LINE_PT * HEADER_LINES as f64)?;
        for (i, c) in section.columns.iter().enumerate() {
            // Under a grouped header row, an ungrouped column's header already spans both rows.
            if !(grouped && c.group.is_none()) {
                ws.write_string_with_format(row, col(i)?, &c.header, &header)?;
            }
        }
        header_rows.get_or_insert((first_header, row));
        row += 1;
        for cells in &section.rows {
            let texts: Vec<String> = cells
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    _ => String::new(),
                })
                .collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            fit_row_height(ws, row, &widths, &texts)?;
            for (i, cell) in cells.iter().enumerate() {
                let c = col(i)?;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        ws.write_string_with_format(row, c, t, &text)?;
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
    // On screen the title, the header block and the first section's header stay in view; on
    // paper that header's rows head every page (print titles).
    if let Some((first, last)) = header_rows {
        ws.set_freeze_panes(last + 1, 0)?;
        ws.set_repeat_rows(first, last)?;
    }
    print_setup(ws);
    Ok(())
}

/// Gives `row` the height of its tallest wrapped text: LibreOffice, unlike Excel, does not
/// grow a row to fit wrapped text on opening, and would print it cut off.
fn fit_row_height(
    ws: &mut Worksheet,
    row: u32,
    widths: &[usize],
    texts: &[&str],
) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            // A column holds its width in units and one more (`excel_width`).
            let width = widths.get(i).copied().unwrap_or(WRAP_UNITS).max(2) + 1;
            display_width(t).div_ceil(width)
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        #[allow(clippy::cast_precision_loss)]
        ws.set_row_height(row, ROW_LINE_PT * lines as f64)?;
    }
    Ok(())
}

/// A4 landscape, as the forms are filed: the columns fitted to the page's width, the rows
/// running on over as many pages as they take (never shrunk onto one page), narrow side
/// margins so that the fit keeps the text readable, and page numbers.
fn print_setup(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, 0.55, 0.55, 0.25, 0.25);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C第 &P 页，共 &N 页");
}

/// The height of one line of wrapped text, points (11 pt text).
const ROW_LINE_PT: f64 = 14.5;

/// The left and right margins, inches.
const SIDE_MARGIN_IN: f64 = 0.3;

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

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;
    use crate::io::report::{Evaluation, OFFICE_TABLE};
    use crate::io::sample::{SampleSource, build_project};

    /// The sample's 办公用房信息 as a workbook of one sheet.
    fn office_workbook() -> Vec<u8> {
        let project = build_project(&SampleSource::Embedded).unwrap();
        let tables: Vec<Table> = Evaluation::of_project(project, None)
            .unwrap()
            .tables()
            .into_iter()
            .filter(|t| t.name == OFFICE_TABLE)
            .collect();
        workbook_bytes(&tables).unwrap()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// The elements `<tag …>` of `xml`, each as its attributes.
    fn elements(xml: &str, tag: &str) -> Vec<Vec<(String, String)>> {
        let open = format!("<{tag} ");
        xml.match_indices(&open)
            .map(|(at, _)| {
                let rest = &xml[at + open.len()..];
                let end = rest.find('>').unwrap();
                rest[..end]
                    .split('"')
                    .collect::<Vec<_>>()
                    .chunks(2)
                    .filter(|pair| pair.len() == 2)
                    .map(|pair| {
                        (
                            pair[0].trim().trim_end_matches('=').to_owned(),
                            pair[1].to_owned(),
                        )
                    })
                    .collect()
            })
            .collect()
    }

    fn attribute<'a>(element: &'a [(String, String)], name: &str) -> Option<&'a str> {
        element
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_office_table_prints_readable_on_a4_landscape() {
        let bytes = office_workbook();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        let setup = &elements(&sheet, "pageSetup")[0];
        // A4 (paper size 9), landscape; fitted one page across (fitToWidth, 1 when absent)
        // and as many pages down as the rows take (fitToHeight 0): never shrunk to one page.
        assert_eq!(attribute(setup, "paperSize"), Some("9"));
        assert_eq!(attribute(setup, "orientation"), Some("landscape"));
        assert_eq!(attribute(setup, "fitToWidth").unwrap_or("1"), "1");
        assert_eq!(attribute(setup, "fitToHeight"), Some("0"));
        assert_eq!(
            attribute(&elements(&sheet, "pageSetUpPr")[0], "fitToPage"),
            Some("1")
        );
        // Print titles: the header's two rows (批复编制 and 基本办公用房使用面积 over their
        // columns) head every page: the title, two header-block lines, a blank row and the
        // first level's heading (县级机关) come first, so they are rows 6 and 7.
        let book = part(&bytes, "xl/workbook.xml");
        assert!(
            book.contains("_xlnm.Print_Titles") && book.contains("办公用房信息!$6:$7"),
            "{book}"
        );

        // Readable: the fit's scale keeps the smallest font at 8 pt or more. The scale is
        // what a spreadsheet computes: the printable width over the sheet's width.
        let margins = &elements(&sheet, "pageMargins")[0];
        let margin = |side: &str| attribute(margins, side).unwrap().parse::<f64>().unwrap();
        // A4 is 297 mm long: 11.69 in across in landscape, 72 pt an inch.
        let printable_pt = (297.0 / 25.4 - margin("left") - margin("right")) * 72.0;
        // Columns are in characters of the default font: 7 px each, 0.75 pt a pixel.
        let sheet_pt: f64 = elements(&sheet, "col")
            .iter()
            .map(|c| {
                let count = attribute(c, "max").unwrap().parse::<f64>().unwrap()
                    - attribute(c, "min").unwrap().parse::<f64>().unwrap()
                    + 1.0;
                let width: f64 = attribute(c, "width").unwrap().parse().unwrap();
                count * (width * 7.0).round() * 0.75
            })
            .sum();
        let scale = ((printable_pt / sheet_pt) * 100.0).floor().min(100.0) / 100.0;
        let styles = part(&bytes, "xl/styles.xml");
        let smallest = elements(&styles, "sz")
            .iter()
            .filter_map(|s| attribute(s, "val")?.parse::<f64>().ok())
            .fold(f64::INFINITY, f64::min);
        assert!(smallest >= 8.0, "{smallest}");
        eprintln!(
            "{sheet_pt:.0} pt wide, printed at {scale}: {:.1} pt text",
            smallest * scale
        );
        assert!(
            smallest * scale >= 8.0,
            "printed at {scale} of {sheet_pt:.0} pt: {:.1} pt text",
            smallest * scale
        );
        // Every column of the table has a width of its own: none falls back to Excel's
        // default and widens the sheet unseen.
        let dimension = attribute(&elements(&sheet, "dimension")[0], "ref")
            .unwrap()
            .to_owned();
        let columns: f64 = elements(&sheet, "col")
            .iter()
            .map(|c| {
                attribute(c, "max").unwrap().parse::<f64>().unwrap()
                    - attribute(c, "min").unwrap().parse::<f64>().unwrap()
                    + 1.0
            })
            .sum();
        // The used range (A1:W…) ends at the last column that has a width.
        let last = dimension
            .split(':')
            .nth(1)
            .unwrap()
            .chars()
            .take_while(char::is_ascii_uppercase)
            .fold(0.0, |n, c| {
                n * 26.0 + f64::from(u32::from(c) - u32::from('A') + 1)
            });
        assert_eq!(columns, last, "{dimension}");
    }

    #[test]
    fn no_header_value_is_cut_at_the_tables_right_edge() {
        // 省部级领导干部办公室信息 on A4: ten narrow columns; 行政区划代码's twelve digits
        // once began in the last column and were cut off by the print area. Every value now
        // has the width it needs, or starts a line of its own.
        let header_block = vec![vec![
            ("行政区划名称".to_owned(), "示范省".to_owned()),
            ("行政区划级别".to_owned(), "省级".to_owned()),
            ("行政区划代码".to_owned(), "990000000000".to_owned()),
        ]];
        let widths = [4, 6, 12, 6, 10, 12, 5, 5, 4, 3];
        let table = Table {
            name: "省部级领导干部办公室信息",
            sheet: None,
            title: String::new(),
            header_block,
            sections: Vec::new(),
        };
        let lines = block_layout(&table, &widths);
        let covered = |(from, to): (usize, usize)| -> usize {
            (from..=to)
                .map(|i| widths.get(i).copied().unwrap_or(8) + 1)
                .sum()
        };
        for line in &lines {
            for pair in line {
                assert!(
                    covered(pair.value_span) >= display_width(pair.value).max(BLOCK_VALUE_UNITS)
                        || line.len() == 1,
                    "{} cut: {:?}",
                    pair.label,
                    pair.value_span
                );
            }
        }
        assert!(lines.len() >= 2, "{} lines", lines.len());
    }

    #[test]
    fn the_header_block_wraps_rather_than_widen_a_narrow_table() {
        let table = Table {
            name: "清单",
            sheet: None,
            title: String::new(),
            header_block: vec![vec![
                ("方案".to_owned(), "信访局调整".to_owned()),
                ("日期".to_owned(), "2026-09-30".to_owned()),
            ]],
            sections: vec![super::super::Section {
                heading: None,
                columns: vec![
                    super::super::Column::new("单位"),
                    super::super::Column::new("使用面积"),
                    super::super::Column::new("备注"),
                ],
                rows: vec![vec![
                    Cell::Text("县信访局".into()),
                    Cell::Area(17.92),
                    Cell::Text("原县科协用房，2025年机构改革后腾出".into()),
                ]],
            }],
        };
        let widths = widths(&table);
        // 县信访局 8 units; 17.92 5 (its header 使用面积 8 over three lines: 4); the note
        // wraps at 12.
        assert_eq!(widths, [8, 5, 12]);
        let lines = block_layout(&table, &widths);
        // Three columns hold one pair a line: label 方案 in A, its value over B and C.
        type Span = (usize, usize);
        let spans: Vec<Vec<(Span, Span)>> = lines
            .iter()
            .map(|l| l.iter().map(|p| (p.label_span, p.value_span)).collect())
            .collect();
        assert_eq!(
            spans,
            [vec![((0, 0), (1, 2))], vec![((0, 0), (1, 2))]],
            "{spans:?}"
        );
    }

    /// LibreOffice, where installed, prints the sample's 办公用房信息 on A4 landscape pages.
    #[test]
    fn libreoffice_prints_the_office_table_on_a4_landscape() {
        let Ok(status) = std::process::Command::new("soffice")
            .arg("--version")
            .output()
        else {
            eprintln!("skipping: no soffice (LibreOffice) on this machine");
            return;
        };
        assert!(status.status.success());
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("office.xlsx");
        std::fs::write(&xlsx, office_workbook()).unwrap();
        let converted = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&xlsx)
            .output()
            .unwrap();
        assert!(converted.status.success(), "{converted:?}");
        let pdf = std::fs::read(dir.path().join("office.pdf")).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        let pages = text.matches("/Type/Page").count() - text.matches("/Type/Pages").count()
            + text.matches("/Type /Page").count()
            - text.matches("/Type /Pages").count();
        // 33 rows of the sample fit a page or two; A4 landscape is 841.89 × 595.30 pt
        // (297 × 210 mm; LibreOffice 7 writes `/MediaBox[0 0 841.889763779528 …`).
        assert!((1..=3).contains(&pages), "{pages} pages");
        assert!(
            ["/MediaBox[0 0 84", "/MediaBox [0 0 84", "/MediaBox[ 0 0 84"]
                .iter()
                .any(|m| text.contains(m)),
            "A4 landscape"
        );
    }
}
