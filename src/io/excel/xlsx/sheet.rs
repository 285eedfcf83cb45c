//! One worksheet's cells, streamed: `<row>`s of `<c>`s with their values as text, checked
//! against the caps of [`super::limits`] as they come.

use quick_xml::events::Event;

use super::limits::{LAST_COLUMN, LAST_ROW, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};
use super::styles::Styles;
use super::{PartReader, Rows, XlsxProblem, attribute, local_name, next_event, read_text_until};

/// A cell's place: 1-based row, 0-based column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellRef {
    pub row: u32,
    pub column: u32,
}

impl CellRef {
    /// The column as Excel names it: `A` … `XFD`.
    pub fn column_letters(&self) -> String {
        let mut n = self.column + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.column_letters(), self.row)
    }
}

/// Parses `B5` (`$B$5` too) within Excel's sheet size (XFD1048576); `None` for anything
/// else, e.g. `ZZZZ1` or a row of 0.
///
/// ```
/// use officeplan::io::excel::xlsx::parse_cell_ref;
/// let c = parse_cell_ref("XFD1048576").unwrap();
/// assert_eq!((c.row, c.column), (1_048_576, 16_383));
/// assert_eq!(parse_cell_ref("ZZZZ1"), None);
/// assert_eq!(parse_cell_ref("A0"), None);
/// ```
pub fn parse_cell_ref(text: &str) -> Option<CellRef> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || digits.len() > 7 {
        return None;
    }
    let mut column: u32 = 0;
    for b in letters.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a',
            _ => return None,
        };
        column = column * 26 + u32::from(v) + 1;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > LAST_ROW || column > LAST_COLUMN {
        return None;
    }
    Some(CellRef {
        row,
        column: column - 1,
    })
}

/// What cell values refer to.
pub(super) struct CellContext<'a> {
    pub strings: &'a [String],
    pub styles: &'a Styles,
    pub date1904: bool,
}

/// A cell being read.
#[derive(Default)]
struct RawCell {
    kind: Option<String>,
    style: Option<String>,
    value: Option<String>,
    inline: Option<String>,
    formula: bool,
}

/// The non-empty rows of a sheet.
pub(super) fn read_rows(
    xml: &mut PartReader<'_>,
    context: &CellContext<'_>,
) -> Result<Rows, XlsxProblem> {
    let mut buf = Vec::new();
    let mut rows: Rows = Vec::new();
    // The row being read: its number and cells.
    let mut row: Option<(u32, Vec<String>)> = None;
    let mut last_row = 0u32;
    let mut next_column = 0u32;
    loop {
        let event = next_event(xml, &mut buf)?;
        match event {
            Event::Start(e) if local_name(&e) == "row" => {
                let number = match attribute(&e, "r") {
                    Some(r) => r
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=LAST_ROW).contains(n))
                        .ok_or_else(|| cell_problem(None, bad_ref(&r)))?,
                    None => last_row.saturating_add(1),
                };
                last_row = number;
                next_column = 0;
                row = Some((number, Vec::new()));
            }
            Event::End(e) if e.name().0.rsplit(':').next() == Some("row") => {
                if let Some((number, cells)) = row.take()
                    && cells.iter().any(|c| !c.is_empty())
                {
                    if rows.len() >= MAX_ROWS {
                        let at = CellRef {
                            row: number,
                            column: 0,
                        };
                        return Err(cell_problem(
                            Some(at),
                            crate::t!("xlsx.too_many", what = "rows", limit = MAX_ROWS)
                                .into_owned(),
                        ));
                    }
                    rows.push((number, cells));
                }
            }
            Event::Start(e) if local_name(&e) == "c" => {
                let at = match attribute(&e, "r") {
                    Some(r) => parse_cell_ref(&r).ok_or_else(|| cell_problem(None, bad_ref(&r)))?,
                    None => CellRef {
                        row: last_row.max(1),
                        column: next_column,
                    },
                };
                next_column = at.column.saturating_add(1);
                let mut cell = RawCell {
                    kind: attribute(&e, "t"),
                    style: attribute(&e, "s"),
                    ..RawCell::default()
                };
                read_cell_body(xml, &mut cell).map_err(|m| cell_problem(Some(at), m))?;
                let text = cell_text(&cell, context).map_err(|m| cell_problem(Some(at), m))?;
                if text.is_empty() {
                    continue;
                }
                if at.column >= MAX_COLUMNS {
                    return Err(cell_problem(
                        Some(at),
                        crate::t!("xlsx.far_cell", cell = at.to_string(), limit = MAX_COLUMNS)
                            .into_owned(),
                    ));
                }
                // A cell outside a <row> (or of another row) opens its own row.
                let cells = match &mut row {
                    Some((number, cells)) if *number == at.row => cells,
                    _ => {
                        if let Some((number, cells)) = row.take()
                            && cells.iter().any(|c| !c.is_empty())
                            && rows.len() < MAX_ROWS
                        {
                            rows.push((number, cells));
                        }
                        last_row = at.row;
                        &mut row.insert((at.row, Vec::new())).1
                    }
                };
                let index = usize::try_from(at.column).unwrap_or(usize::MAX);
                if cells.len() <= index {
                    cells.resize(index + 1, String::new());
                }
                if let Some(slot) = cells.get_mut(index) {
                    *slot = text;
                }
            }
            Event::End(e) if e.name().0.rsplit(':').next() == Some("sheetData") => break,
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((number, cells)) = row.take()
        && cells.iter().any(|c| !c.is_empty())
        && rows.len() < MAX_ROWS
    {
        rows.push((number, cells));
    }
    // Rows are numbered as Excel shows them; a file may list them out of order.
    rows.sort_by_key(|(n, _)| *n);
    Ok(rows)
}

fn bad_ref(text: &str) -> String {
    let shown: String = text.chars().take(24).collect();
    crate::t!("xlsx.bad_ref", cell = shown).into_owned()
}

fn cell_problem(cell: Option<CellRef>, message: String) -> XlsxProblem {
    XlsxProblem {
        sheet: None,
        cell,
        message,
    }
}

/// Reads a `<c>`'s children up to `</c>`: `<v>`, `<f>`, `<is>`.
fn read_cell_body(xml: &mut PartReader<'_>, cell: &mut RawCell) -> Result<(), String> {
    let mut buf = Vec::new();
    loop {
        let event = super::read_xml_event(xml, &mut buf)?;
        match event {
            Event::Start(e) => match local_name(&e) {
                "v" => cell.value = Some(read_text_until_plain(xml, "v")?),
                "f" => {
                    cell.formula = true;
                    read_text_until_plain(xml, "f")?;
                }
                "is" => cell.inline = Some(read_text_until(xml, "is")?),
                _ => {}
            },
            Event::End(e) if e.name().0.rsplit(':').next() == Some("c") => return Ok(()),
            Event::Eof => return Err(crate::t!("xlsx.bad_xml", reason = "EOF").into_owned()),
            _ => {}
        }
    }
}

/// The plain text of an element (`<v>`, `<f>`) up to its end, within a cell's size.
fn read_text_until_plain(xml: &mut PartReader<'_>, end: &str) -> Result<String, String> {
    let mut buf = Vec::new();
    let mut text = String::new();
    loop {
        let event = super::read_xml_event(xml, &mut buf)?;
        match event {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let name: &str = r.as_ref();
                    text.push_str(match name {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "apos" => "'",
                        "quot" => "\"",
                        _ => "",
                    });
                }
            }
            Event::End(e) if e.name().0.rsplit(':').next() == Some(end) => break,
            Event::Eof => return Err(crate::t!("xlsx.bad_xml", reason = "EOF").into_owned()),
            _ => {}
        }
        if text.len() > MAX_CELL_CHARS * 4 {
            return Err(crate::t!("xlsx.long_text", limit = MAX_CELL_CHARS).into_owned());
        }
    }
    Ok(text)
}

/// A cell's value as a person reads it: whole numbers without `.0`, dates as `YYYY-MM-DD`.
/// A formula without a stored result, an error value or a string index outside the table is
/// refused: reading them as empty would lose data without a word.
fn cell_text(cell: &RawCell, context: &CellContext<'_>) -> Result<String, String> {
    let value = cell.value.as_deref().map(str::trim);
    if cell.formula && value.is_none_or(str::is_empty) && cell.inline.is_none() {
        return Err(crate::t!("xlsx.formula_without_value").into_owned());
    }
    let text = match cell.kind.as_deref() {
        Some("s") => {
            let Some(v) = value.filter(|v| !v.is_empty()) else {
                return Ok(String::new());
            };
            let index: usize = v
                .parse()
                .map_err(|_| crate::t!("xlsx.bad_value", value = short(v)).into_owned())?;
            context
                .strings
                .get(index)
                .cloned()
                .ok_or_else(|| crate::t!("xlsx.bad_value", value = short(v)).into_owned())?
        }
        Some("inlineStr") => cell.inline.clone().unwrap_or_default(),
        Some("str") => cell.value.clone().unwrap_or_default(),
        Some("b") => match value {
            Some("1" | "true") => "true".to_owned(),
            Some("0" | "false") => "false".to_owned(),
            Some("") | None => String::new(),
            Some(v) => return Err(crate::t!("xlsx.bad_value", value = short(v)).into_owned()),
        },
        Some("e") => {
            return Err(
                crate::t!("xlsx.error_value", value = short(value.unwrap_or(""))).into_owned(),
            );
        }
        Some("d") => {
            let v = value.unwrap_or("");
            v.strip_suffix("T00:00:00").unwrap_or(v).to_owned()
        }
        Some("n") | None => match value {
            None | Some("") => String::new(),
            Some(v) => {
                let number: f64 = v
                    .parse()
                    .ok()
                    .filter(|f: &f64| f.is_finite())
                    .ok_or_else(|| crate::t!("xlsx.bad_value", value = short(v)).into_owned())?;
                let style = cell
                    .style
                    .as_deref()
                    .and_then(|s| s.trim().parse::<usize>().ok());
                match style.filter(|s| context.styles.is_date(*s)) {
                    Some(_) => {
                        super::styles::date_text(number, context.date1904).ok_or_else(|| {
                            crate::t!("xlsx.bad_value", value = short(v)).into_owned()
                        })?
                    }
                    None => number_text(number),
                }
            }
        },
        Some(other) => {
            return Err(crate::t!("xlsx.bad_value", value = short(other)).into_owned());
        }
    };
    if text.chars().count() > MAX_CELL_CHARS {
        return Err(crate::t!("xlsx.long_text", limit = MAX_CELL_CHARS).into_owned());
    }
    Ok(text.trim().to_owned())
}

/// Whole numbers far below 2^53 print exactly; others keep their fraction, so that a count
/// of 2.5 is refused rather than rounded.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

fn short(text: &str) -> String {
    text.chars().take(24).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_excel_only() {
        assert_eq!(parse_cell_ref("A1"), Some(CellRef { row: 1, column: 0 }));
        assert_eq!(
            parse_cell_ref("$AB$12"),
            Some(CellRef {
                row: 12,
                column: 27
            })
        );
        assert_eq!(parse_cell_ref("XFE1"), None);
        assert_eq!(parse_cell_ref("A1048577"), None);
        assert_eq!(parse_cell_ref("AAAAAAAAAAAAAAA1"), None);
        assert_eq!(parse_cell_ref("A99999999999999"), None);
        assert_eq!(parse_cell_ref("1A"), None);
        assert_eq!(CellRef { row: 5, column: 27 }.to_string(), "AB5");
    }

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(-1.0), "-1");
    }
}
