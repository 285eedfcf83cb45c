//! A bounded reader of `.xlsx` workbooks: the sheets' cells as text, streamed from the zip
//! without ever sizing anything by what the file declares.
//!
//! Why not calamine's ranges: a worksheet's `<dimension ref="A1:XFD1048576">`, or one far
//! cell, makes it allocate the dense range (512 GiB for `XFD1048576`, 11.7 GB for `ZZZZ1`)
//! and abort; a shared-string count reserves memory before a string is read; integer
//! overflow in cell references panics. Here every number read from the file is checked, and
//! the caps of [`limits`] bound rows, columns, strings and inflated bytes; each exceeded cap
//! is a problem naming the sheet and the cell.

pub mod limits;
mod sheet;
mod styles;

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read as _};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

pub use sheet::{CellRef, parse_cell_ref};
use styles::Styles;

use limits::{MAX_PART_BYTES, MAX_SHARED_STRING_BYTES, MAX_SHARED_STRINGS, MAX_SHEETS};

/// One sheet's non-empty rows: (row number as Excel shows it, cell texts from column A).
pub type Rows = Vec<(u32, Vec<String>)>;

/// A problem of the workbook: the whole file (`sheet` and `cell` `None`), one sheet, or one
/// cell (`B5`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XlsxProblem {
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
    pub message: String,
}

impl XlsxProblem {
    fn file(message: String) -> Self {
        Self {
            sheet: None,
            cell: None,
            message,
        }
    }
}

/// An open workbook: its sheets by name and what cells refer to.
pub struct Workbook {
    zip: ZipArchive<BufReader<File>>,
    /// (sheet name, zip part of its XML), in workbook order.
    sheets: Vec<(String, String)>,
    strings: Vec<String>,
    styles: Styles,
    date1904: bool,
}

impl Workbook {
    /// Opens an `.xlsx` (or `.xlsm`) file and reads its sheet list, shared strings and
    /// number formats, all within [`limits`].
    pub fn open(path: &Path) -> Result<Self, XlsxProblem> {
        let unreadable = |reason: String| {
            XlsxProblem::file(crate::t!("excel.unreadable", reason = reason).into_owned())
        };
        let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
        let mut zip = ZipArchive::new(BufReader::new(file))
            .map_err(|_| XlsxProblem::file(crate::t!("xlsx.not_a_workbook").into_owned()))?;
        let mut workbook_xml = part(&mut zip, "xl/workbook.xml")?
            .ok_or_else(|| XlsxProblem::file(crate::t!("xlsx.not_a_workbook").into_owned()))?;
        let (listed, date1904) = read_sheet_list(&mut workbook_xml)?;
        drop(workbook_xml);
        let targets = match part(&mut zip, "xl/_rels/workbook.xml.rels")? {
            Some(mut rels) => read_relationships(&mut rels)?,
            None => Vec::new(),
        };
        let sheets = listed
            .into_iter()
            .filter_map(|(name, id)| {
                let target = targets.iter().find(|(i, _)| *i == id)?.1.as_str();
                // Targets are relative to `xl/` unless they start at the root.
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{target}"),
                };
                Some((name, part))
            })
            .collect();
        let strings = match part(&mut zip, "xl/sharedStrings.xml")? {
            Some(mut xml) => read_shared_strings(&mut xml)?,
            None => Vec::new(),
        };
        let styles = match part(&mut zip, "xl/styles.xml")? {
            Some(mut xml) => Styles::read(&mut xml)?,
            None => Styles::default(),
        };
        Ok(Self {
            zip,
            sheets,
            strings,
            styles,
            date1904,
        })
    }

    /// The sheet names, in workbook order.
    pub fn sheet_names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The non-empty rows of sheet `name`, or `None` if the workbook has no such sheet.
    pub fn rows(&mut self, name: &str) -> Result<Option<Rows>, XlsxProblem> {
        let Some((_, part_name)) = self.sheets.iter().find(|(n, _)| n == name) else {
            return Ok(None);
        };
        let part_name = part_name.clone();
        let in_sheet = |mut p: XlsxProblem| {
            p.sheet = Some(name.to_owned());
            p
        };
        let mut xml = part(&mut self.zip, &part_name)
            .map_err(in_sheet)?
            .ok_or_else(|| {
                in_sheet(XlsxProblem::file(
                    crate::t!("xlsx.missing_part", part = part_name).into_owned(),
                ))
            })?;
        let context = sheet::CellContext {
            strings: &self.strings,
            styles: &self.styles,
            date1904: self.date1904,
        };
        sheet::read_rows(&mut xml, &context)
            .map(Some)
            .map_err(in_sheet)
    }
}

/// An XML reader over one zip part, inflated at most [`MAX_PART_BYTES`].
pub(super) type PartReader<'z> =
    quick_xml::Reader<BufReader<std::io::Take<zip::read::ZipFile<'z, BufReader<File>>>>>;

fn part<'z>(
    zip: &'z mut ZipArchive<BufReader<File>>,
    name: &str,
) -> Result<Option<PartReader<'z>>, XlsxProblem> {
    match zip.by_name(name) {
        Ok(file) => {
            let mut reader =
                quick_xml::Reader::from_reader(BufReader::new(file.take(MAX_PART_BYTES)));
            let config = reader.config_mut();
            config.expand_empty_elements = true;
            config.check_end_names = false;
            config.trim_text(false);
            Ok(Some(reader))
        }
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(XlsxProblem::file(
            crate::t!("excel.unreadable", reason = e.to_string()).into_owned(),
        )),
    }
}

/// Reads the next event; a broken XML part, or one cut at [`MAX_PART_BYTES`], is a problem.
fn next_event<'b>(
    xml: &mut PartReader<'_>,
    buf: &'b mut Vec<u8>,
) -> Result<Event<'b>, XlsxProblem> {
    read_xml_event(xml, buf).map_err(XlsxProblem::file)
}

/// [`next_event`] for readers inside a cell or string, whose callers add the place: the
/// message alone.
pub(super) fn read_xml_event<'b>(
    xml: &mut PartReader<'_>,
    buf: &'b mut Vec<u8>,
) -> Result<Event<'b>, String> {
    buf.clear();
    xml.read_event_into(buf)
        .map_err(|e| crate::t!("xlsx.bad_xml", reason = e.to_string()).into_owned())
}

/// The value of attribute `local` (namespace prefix ignored: `r:id` is `id`).
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| {
            let key = a.key.as_ref();
            key.rsplit(':').next() == Some(local)
        })
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

fn local_name<'e>(e: &'e BytesStart<'_>) -> &'e str {
    let name: &str = e.name().0;
    name.rsplit(':').next().unwrap_or(name)
}

/// `<sheet name=… r:id=…>` entries and `<workbookPr date1904=…>`.
fn read_sheet_list(xml: &mut PartReader<'_>) -> Result<(Vec<(String, String)>, bool), XlsxProblem> {
    let mut buf = Vec::new();
    let mut sheets = Vec::new();
    let mut date1904 = false;
    loop {
        match next_event(xml, &mut buf)? {
            Event::Start(e) => match local_name(&e) {
                "sheet" => {
                    if sheets.len() >= MAX_SHEETS {
                        return Err(XlsxProblem::file(
                            crate::t!("xlsx.too_many", what = "sheets", limit = MAX_SHEETS)
                                .into_owned(),
                        ));
                    }
                    if let (Some(name), Some(id)) = (attribute(&e, "name"), attribute(&e, "id")) {
                        sheets.push((name, id));
                    }
                }
                "workbookPr" => {
                    date1904 = matches!(attribute(&e, "date1904").as_deref(), Some("1" | "true"));
                }
                _ => {}
            },
            Event::Eof => return Ok((sheets, date1904)),
            _ => {}
        }
    }
}

/// `<Relationship Id=… Target=…>` pairs.
fn read_relationships(xml: &mut PartReader<'_>) -> Result<Vec<(String, String)>, XlsxProblem> {
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match next_event(xml, &mut buf)? {
            Event::Start(e) if local_name(&e) == "Relationship" => {
                if found.len() >= MAX_SHEETS * 4 {
                    break;
                }
                if let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target")) {
                    found.push((id, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

/// The shared-string table: each `<si>`'s text (rich runs joined, phonetic runs left out).
fn read_shared_strings(xml: &mut PartReader<'_>) -> Result<Vec<String>, XlsxProblem> {
    let mut buf = Vec::new();
    let mut strings = Vec::new();
    let mut total = 0usize;
    loop {
        match next_event(xml, &mut buf)? {
            Event::Start(e) if local_name(&e) == "si" => {
                if strings.len() >= MAX_SHARED_STRINGS {
                    return Err(XlsxProblem::file(
                        crate::t!(
                            "xlsx.too_many",
                            what = "shared strings",
                            limit = MAX_SHARED_STRINGS
                        )
                        .into_owned(),
                    ));
                }
                let text = read_text_until(xml, "si").map_err(XlsxProblem::file)?;
                total = total.saturating_add(text.len());
                if total > MAX_SHARED_STRING_BYTES {
                    return Err(XlsxProblem::file(
                        crate::t!(
                            "xlsx.too_many",
                            what = "bytes of shared strings",
                            limit = MAX_SHARED_STRING_BYTES
                        )
                        .into_owned(),
                    ));
                }
                strings.push(text);
            }
            Event::Eof => return Ok(strings),
            _ => {}
        }
    }
}

/// The text of the `<t>` elements up to the end of element `end` (`si`, `is`), with XML
/// references and Excel's `_xHHHH_` escapes resolved; longer than a cell may be is refused.
fn read_text_until(xml: &mut PartReader<'_>, end: &str) -> Result<String, String> {
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut in_t = false;
    let mut phonetic = false;
    loop {
        let event = read_xml_event(xml, &mut buf)?;
        match event {
            Event::Start(e) => match local_name(&e) {
                "t" if !phonetic => in_t = true,
                "rPh" => phonetic = true,
                _ => {}
            },
            Event::End(e) => {
                let name: &str = e.name().0;
                let name = name.rsplit(':').next().unwrap_or(name);
                match name {
                    "t" => in_t = false,
                    "rPh" => phonetic = false,
                    n if n == end => break,
                    _ => {}
                }
            }
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => {
                let name: &str = r.as_ref();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => text.push_str(match name {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "apos" => "'",
                        "quot" => "\"",
                        _ => "",
                    }),
                }
            }
            Event::Eof => return Err(crate::t!("xlsx.bad_xml", reason = "EOF").into_owned()),
            _ => {}
        }
        if text.len() > limits::MAX_CELL_CHARS * 4 {
            return Err(crate::t!("xlsx.long_text", limit = limits::MAX_CELL_CHARS).into_owned());
        }
    }
    let text = unescape_excel(&text);
    if text.chars().count() > limits::MAX_CELL_CHARS {
        return Err(crate::t!("xlsx.long_text", limit = limits::MAX_CELL_CHARS).into_owned());
    }
    Ok(text)
}

/// Excel writes characters XML cannot hold as `_xHHHH_` (UTF-16 units) and a literal
/// `_x` as `_x005F_x`.
fn unescape_excel(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_owned();
    }
    let mut units: Vec<u16> = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        let (before, after) = rest.split_at(i);
        units.extend(before.encode_utf16());
        let code = after
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| after.get(6..7) == Some("_"))
            .and_then(|h| u16::from_str_radix(h, 16).ok());
        match code {
            Some(unit) => {
                units.push(unit);
                rest = after.get(7..).unwrap_or("");
            }
            None => {
                units.extend("_x".encode_utf16());
                rest = after.get(2..).unwrap_or("");
            }
        }
    }
    units.extend(rest.encode_utf16());
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_become_characters() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape_excel("no_xescape"), "no_xescape");
    }
}
