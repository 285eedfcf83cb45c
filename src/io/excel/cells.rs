//! Reading the cells of one row by header, collecting every problem with its place.

use std::collections::HashMap;

use super::SheetProblem;
use super::book::{Sheet, SheetRow};
use crate::model::{Coded, Date, parse_date};

/// The columns of a sheet by header, after checking the header row.
pub(super) struct Columns {
    index: HashMap<String, usize>,
}

impl Columns {
    /// Checks the header row: every header in `required` must be there, every other header
    /// must satisfy `other` (e.g. be a post column), and no header may appear twice.
    pub(super) fn new(
        sheet: &Sheet,
        required: &[&str],
        other: impl Fn(&str) -> bool,
        problems: &mut Vec<SheetProblem>,
    ) -> Self {
        let mut index = HashMap::new();
        let mut problem = |column: &str, message: String| {
            problems.push(SheetProblem {
                sheet: sheet.name.clone(),
                row: Some(1),
                column: Some(column.to_owned()),
                message,
            });
        };
        for (i, header) in sheet.headers.iter().enumerate() {
            if header.is_empty() {
                let has_data = sheet
                    .rows
                    .iter()
                    .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()));
                if has_data {
                    let column = column_letter(i);
                    problem(&column, crate::t!("excel.no_header").into_owned());
                }
                continue;
            }
            if !required.contains(&header.as_str()) && !other(header) {
                problem(header, crate::t!("excel.unknown_column").into_owned());
            } else if index.insert(header.clone(), i).is_some() {
                problem(header, crate::t!("excel.duplicate_column").into_owned());
            }
        }
        for header in required {
            if !index.contains_key(*header) {
                problem(header, crate::t!("excel.missing_column").into_owned());
            }
        }
        Self { index }
    }

    /// Whether the sheet has a column headed `header`.
    pub(super) fn has(&self, header: &str) -> bool {
        self.index.contains_key(header)
    }

    /// Headers present, in the sheet's order, that satisfy `keep`.
    pub(super) fn present(&self, keep: impl Fn(&str) -> bool) -> Vec<(&str, usize)> {
        let mut found: Vec<(&str, usize)> = self
            .index
            .iter()
            .filter(|(h, _)| keep(h))
            .map(|(h, i)| (h.as_str(), *i))
            .collect();
        found.sort_by_key(|(_, i)| *i);
        found
    }
}

/// `A`, `B`, … `Z`, `AA` … for a 0-based column index.
pub(super) fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One row being read: typed access to its cells by header, problems noted in place.
pub(super) struct RowReader<'a> {
    pub(super) sheet: &'a str,
    pub(super) row: &'a SheetRow,
    pub(super) columns: &'a Columns,
    pub(super) problems: &'a mut Vec<SheetProblem>,
}

impl<'a> RowReader<'a> {
    /// The trimmed text under `header` (empty when the column or cell is missing).
    pub(super) fn text(&self, header: &str) -> &'a str {
        self.columns
            .index
            .get(header)
            .and_then(|i| self.row.cells.get(*i))
            .map_or("", |c| c.trim())
    }

    /// Notes a problem of this row, in `header`'s column (or the whole row).
    pub(super) fn problem(&mut self, header: Option<&str>, message: String) {
        self.problems.push(SheetProblem {
            sheet: self.sheet.to_owned(),
            row: Some(self.row.number),
            column: header.map(str::to_owned),
            message,
        });
    }

    /// The text under `header`, which must not be empty.
    pub(super) fn required(&mut self, header: &str) -> Option<&'a str> {
        let text = self.text(header);
        if text.is_empty() {
            self.problem(
                Some(header),
                crate::t!("input.missing_field", field = header).into_owned(),
            );
            None
        } else {
            Some(text)
        }
    }

    /// A coded value (code or Chinese term) under `header`, which must not be empty.
    pub(super) fn coded<T: Coded>(&mut self, header: &str) -> Option<T> {
        self.coded_with(header, |t| t)
    }

    /// A coded value as [`Self::coded`], after `short` takes the usual long form of a term to
    /// the short one (县级机关 → 县).
    pub(super) fn coded_with<T: Coded>(
        &mut self,
        header: &str,
        short: impl Fn(&str) -> &str,
    ) -> Option<T> {
        let text = self.required(header)?;
        let value = T::parse(text).or_else(|| T::parse(short(text)));
        if value.is_none() {
            let allowed: Vec<&str> = T::ALL.iter().map(|v| v.zh()).collect();
            self.problem(
                Some(header),
                crate::t!(
                    "excel.not_in_list",
                    value = text,
                    allowed = allowed.join("/")
                )
                .into_owned(),
            );
        }
        value
    }

    /// A whole number ≥ 0 under `header`; `None` when the cell is empty or wrong (noted).
    pub(super) fn count(&mut self, header: &str) -> Option<u32> {
        let text = self.text(header);
        if text.is_empty() {
            return None;
        }
        match parse_count(text) {
            Ok(n) => Some(n),
            Err(e) => {
                self.problem(Some(header), e.message(text));
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date under `header`; `None` when empty or wrong (noted).
    pub(super) fn date(&mut self, header: &str) -> Option<Date> {
        let text = self.text(header);
        if text.is_empty() {
            return None;
        }
        let value = parse_date(text);
        if value.is_none() {
            self.problem(
                Some(header),
                crate::t!("excel.bad_date", value = text).into_owned(),
            );
        }
        value
    }
}

/// Why a cell is not a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CountError {
    Negative,
    NotWhole,
    NotANumber,
}

impl CountError {
    fn message(self, text: &str) -> String {
        match self {
            Self::Negative => crate::t!("excel.negative", value = text),
            Self::NotWhole => crate::t!("excel.not_whole", value = text),
            Self::NotANumber => crate::t!("excel.not_a_count", value = text),
        }
        .into_owned()
    }
}

/// A count of posts or people: a whole number ≥ 0 (`3`, `3.0`).
fn parse_count(text: &str) -> Result<u32, CountError> {
    if let Ok(n) = text.parse::<i64>() {
        return if n < 0 {
            Err(CountError::Negative)
        } else {
            u32::try_from(n).map_err(|_| CountError::NotANumber)
        };
    }
    match text.parse::<f64>() {
        Ok(f) if !f.is_finite() => Err(CountError::NotANumber),
        Ok(f) if f < 0.0 => Err(CountError::Negative),
        Ok(f) if f.fract() != 0.0 => Err(CountError::NotWhole),
        // Whole and in range, so the cast is exact.
        Ok(f) if f <= f64::from(u32::MAX) => Ok(f as u32),
        _ => Err(CountError::NotANumber),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(parse_count("3"), Ok(3));
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count("-1"), Err(CountError::Negative));
        assert_eq!(parse_count("-0.5"), Err(CountError::Negative));
        assert_eq!(parse_count("2.5"), Err(CountError::NotWhole));
        assert_eq!(parse_count("三"), Err(CountError::NotANumber));
        assert_eq!(parse_count("NaN"), Err(CountError::NotANumber));
        assert_eq!(parse_count("5000000000"), Err(CountError::NotANumber));
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
