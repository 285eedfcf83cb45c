//! Issue 11 #11 and #12: a 30 KB workbook with a far cell reference (`XFD1048576`, `ZZZZ1`)
//! aborted the program or exhausted memory (calamine sized a dense range by it); a formula
//! without a cached value read as empty; a short CSV row zeroed a unit's posts. Each is now a
//! refusal naming the file, the sheet and the cell (or line), quickly, with nothing written.

mod common;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{officeplan, officeplan_ok, sample_file, summary};

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The parts of a zip file, in order.
fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().expect("utf-8 name").to_string(), bytes)
        })
        .collect()
}

fn rezip(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// The sample's 编制 workbook with the 单位 sheet's XML changed by `edit`.
fn edited_book(dir: &Path, file: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let book = dir.join("编制.xlsx");
    if !book.exists() {
        officeplan_ok(&["template", s(&book), "--from", s(file)]);
    }
    let mut parts = unzip(&book);
    let sheet = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .expect("the 单位 sheet");
    let xml = String::from_utf8(sheet.1.clone()).unwrap();
    sheet.1 = edit(&xml).into_bytes();
    let out = dir.join(name);
    rezip(&out, &parts);
    out
}

/// `import-units` on `book`: refused within `limit`, exiting 1 (not killed by a signal),
/// the file untouched; returns stdout and stderr.
fn refused(file: &Path, book: &Path, limit: Duration) -> String {
    summary(file);
    let before = std::fs::read(file).unwrap();
    let started = Instant::now();
    let out = officeplan(&["import-units", s(file), s(book)]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "refused, not aborted: {out:?}");
    assert!(took < limit, "took {took:?}");
    assert_eq!(std::fs::read(file).unwrap(), before, "nothing written");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_far_cell_reference_is_refused_quickly_naming_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    // The last cell of a worksheet, declared in the dimension as well.
    let book = edited_book(dir.path(), &file, "far.xlsx", |xml| {
        let xml = regex_dimension(xml, "A1:XFD1048576");
        xml.replace(
            "</sheetData>",
            r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
        )
    });
    assert!(std::fs::metadata(&book).unwrap().len() < 60_000);
    let text = refused(&file, &book, Duration::from_secs(10));
    assert!(
        text.contains("far.xlsx") && text.contains("单位") && text.contains("XFD1048576"),
        "{text}"
    );
    // Beyond any worksheet: ZZZZ1 (column 475,254).
    let book = edited_book(dir.path(), &file, "zzzz.xlsx", |xml| {
        let xml = regex_dimension(xml, "A1:ZZZZ1");
        xml.replacen(
            "</row>",
            r#"<c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>"#,
            1,
        )
    });
    let text = refused(&file, &book, Duration::from_secs(10));
    assert!(
        text.contains("zzzz.xlsx") && text.contains("单位") && text.contains("ZZZZ1"),
        "{text}"
    );
}

#[test]
fn a_formula_without_a_cached_value_is_refused_naming_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    // The 单位 sheet's second row: its posts column becomes a formula saved uncalculated.
    let book = edited_book(dir.path(), &file, "formula.xlsx", |xml| {
        let start = xml.find("<row r=\"2\"").expect("row 2");
        let cell = start + xml[start..].find("<c r=\"B2\"").expect("cell B2");
        let end = cell + xml[cell..].find("</c>").expect("end of B2") + 4;
        format!(
            "{}<c r=\"B2\"><f>SUM(C2:D2)</f></c>{}",
            &xml[..cell],
            &xml[end..]
        )
    });
    let text = refused(&file, &book, Duration::from_secs(10));
    assert!(
        text.contains("formula.xlsx") && text.contains("单位"),
        "{text}"
    );
    assert!(text.contains("row 2") && text.contains("“B”"), "{text}");
    assert!(text.contains("formula without a computed value"), "{text}");
}

#[test]
fn a_short_csv_row_is_refused_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let book = dir.path().join("编制.xlsx");
    officeplan_ok(&["template", s(&book), "--from", s(&file)]);
    let mut workbook = officeplan::io::excel::xlsx::Workbook::open(&book).unwrap();
    let rows = workbook.rows("单位").unwrap().unwrap();
    let width = rows[0].1.len();
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for (i, (_, cells)) in rows.iter().enumerate() {
        let mut cells = cells.clone();
        cells.resize(width, String::new());
        if i == 3 {
            // Line 4 loses its last fields (posts, headcount): before, they read as 0.
            cells.truncate(3);
        }
        writer.write_record(&cells).unwrap();
    }
    let csv_path = dir.path().join("单位.csv");
    std::fs::write(&csv_path, writer.into_inner().unwrap()).unwrap();
    let text = refused(&file, &csv_path, Duration::from_secs(10));
    assert!(text.contains("单位.csv"), "{text}");
    assert!(text.contains("line 4 has 3 fields"), "{text}");
}

/// Replaces the `<dimension ref="…"/>` of a sheet.
fn regex_dimension(xml: &str, range: &str) -> String {
    match xml.find("<dimension ref=\"") {
        Some(start) => {
            let value = start + "<dimension ref=\"".len();
            let end = value + xml[value..].find('"').expect("closing quote");
            format!("{}{range}{}", &xml[..value], &xml[end..])
        }
        None => xml.to_owned(),
    }
}
