//! Which cell formats are dates: a date in a workbook is a number of days with a date format,
//! so the styles part decides whether `46112` reads as `2026-03-31`.

use quick_xml::events::Event;

use super::limits::MAX_FORMATS;
use super::{PartReader, XlsxProblem, attribute, local_name, next_event};

/// For each cell format (`cellXfs` entry, the `s` of a cell): whether it shows a date.
#[derive(Clone, Debug, Default)]
pub(super) struct Styles {
    dates: Vec<bool>,
}

impl Styles {
    /// Reads `numFmts` (custom formats) and `cellXfs` (the cell formats).
    pub(super) fn read(xml: &mut PartReader<'_>) -> Result<Self, XlsxProblem> {
        let mut buf = Vec::new();
        let mut custom: Vec<(u32, bool)> = Vec::new();
        let mut formats: Vec<u32> = Vec::new();
        let mut in_cell_xfs = false;
        loop {
            match next_event(xml, &mut buf)? {
                Event::Start(e) => match local_name(&e) {
                    "numFmt" if custom.len() < MAX_FORMATS => {
                        if let (Some(id), Some(code)) =
                            (attribute(&e, "numFmtId"), attribute(&e, "formatCode"))
                            && let Ok(id) = id.trim().parse::<u32>()
                        {
                            custom.push((id, is_date_code(&code)));
                        }
                    }
                    "cellXfs" => in_cell_xfs = true,
                    "xf" if in_cell_xfs => {
                        if formats.len() >= MAX_FORMATS {
                            return Err(XlsxProblem::file(
                                crate::t!(
                                    "xlsx.too_many",
                                    what = "cell formats",
                                    limit = MAX_FORMATS
                                )
                                .into_owned(),
                            ));
                        }
                        let id = attribute(&e, "numFmtId")
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .unwrap_or(0);
                        formats.push(id);
                    }
                    _ => {}
                },
                Event::End(e) if e.name().0.rsplit(':').next() == Some("cellXfs") => {
                    in_cell_xfs = false;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let dates = formats
            .iter()
            .map(|id| match custom.iter().find(|(c, _)| c == id) {
                Some((_, date)) => *date,
                None => is_builtin_date(*id),
            })
            .collect();
        Ok(Self { dates })
    }

    /// Whether cell format `index` shows a date.
    pub(super) fn is_date(&self, index: usize) -> bool {
        self.dates.get(index).copied().unwrap_or(false)
    }
}

/// The built-in date and time formats of ECMA-376 §18.8.30, with the CJK ones (27–36, 50–58).
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// A custom format shows a date when, outside quoted text, escapes and `[…]` sections, it
/// has a day, month, year, hour or second placeholder.
fn is_date_code(code: &str) -> bool {
    if code.eq_ignore_ascii_case("general") {
        return false;
    }
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' | '_' | '*' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' | '年' | '月' | '日' => {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// The date (`YYYY-MM-DD`, with the time if not midnight) of a serial day number in the
/// 1900 date system (with Excel's phantom 1900-02-29) or the 1904 one.
pub(super) fn date_text(serial: f64, date1904: bool) -> Option<String> {
    if !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    // Whole days and the seconds of the day, rounded to the second.
    let total_seconds = (serial * 86_400.0).round();
    let days = (total_seconds / 86_400.0).floor();
    let seconds = (total_seconds - days * 86_400.0) as u32;
    let days = days as i64;
    let (base, days) = if date1904 {
        (chrono::NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else if days >= 61 {
        // Excel counts 1900-02-29, which never was: from 1900-03-01 on, day 1 is 1899-12-31.
        (chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?, days)
    } else {
        (chrono::NaiveDate::from_ymd_opt(1899, 12, 31)?, days)
    };
    let date = base.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    let text = date.format("%Y-%m-%d").to_string();
    if seconds == 0 {
        Some(text)
    } else {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        Some(format!("{text} {h:02}:{m:02}:{s:02}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_days_become_dates() {
        // 2026-03-31 is day 46112 of Excel's 1900 date system.
        assert_eq!(date_text(46112.0, false).as_deref(), Some("2026-03-31"));
        // Day 1 is 1900-01-01; day 61 is 1900-03-01 (day 60 is Excel's 1900-02-29).
        assert_eq!(date_text(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(date_text(61.0, false).as_deref(), Some("1900-03-01"));
        // In the 1904 system day 0 is 1904-01-01.
        assert_eq!(date_text(0.0, true).as_deref(), Some("1904-01-01"));
        assert_eq!(
            date_text(46112.5, false).as_deref(),
            Some("2026-03-31 12:00:00")
        );
        assert_eq!(date_text(-1.0, false), None);
        assert_eq!(date_text(1e300, false), None);
    }

    #[test]
    fn date_formats_are_recognised() {
        assert!(is_date_code("yyyy-mm-dd"));
        assert!(is_date_code("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_code("0.00"));
        assert!(!is_date_code("#,##0"));
        assert!(!is_date_code("General"));
        assert!(!is_date_code("[Red]0.00"));
        assert!(is_builtin_date(14) && !is_builtin_date(2));
    }
}
