//! The report tables as CSV: one UTF-8 file with BOM per table (Excel then reads the Chinese
//! right), named after the table, into a directory.
//!
//! Each file holds the title line, the header block, then each section: its heading (if any),
//! one header line (a grouped column as `group-header`) and its rows. Areas have two decimals.

use std::path::{Path, PathBuf};

use super::Table;
use super::xlsx::ReportError;
use crate::io::output::write_bytes;

/// The file a table is written to inside `dir`.
pub fn file_name(table: &Table) -> String {
    format!("{}.csv", table.sheet_name())
}

/// Quotes a field when it holds a comma, quote or line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The text of one table's file, with its BOM.
pub fn table_text(table: &Table) -> String {
    let mut out = String::from('\u{feff}');
    line(&mut out, [table.title.clone()]);
    for pairs in &table.header_block {
        line(
            &mut out,
            pairs.iter().flat_map(|(l, v)| [l.clone(), v.clone()]),
        );
    }
    for section in &table.sections {
        if let Some(heading) = &section.heading {
            line(&mut out, [heading.clone()]);
        }
        // A section without columns is a footnote: its heading alone.
        if !section.columns.is_empty() {
            line(&mut out, section.columns.iter().map(|c| c.full_header()));
        }
        for row in &section.rows {
            line(&mut out, row.iter().map(|c| c.as_text()));
        }
    }
    out
}

/// Writes one file per table into `dir` (created if missing); returns the files.
pub fn write(dir: &Path, tables: &[Table]) -> Result<Vec<PathBuf>, ReportError> {
    let failed = |path: &Path, reason: String| ReportError {
        path: path.to_path_buf(),
        reason,
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, e.to_string()))?;
    tables
        .iter()
        .map(|table| {
            let path = dir.join(file_name(table));
            write_bytes(&path, table_text(table).as_bytes())
                .map_err(|e| failed(&path, e.to_string()))?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(field("综合楼"), "综合楼");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
