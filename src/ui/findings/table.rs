//! One tab's table: rows of cells with the room each opens, filtered by typed words and
//! sorted by a column.

use std::cmp::Ordering;

use crate::io::excel::template::display_width;
use crate::io::report::Cell;
use crate::model::Uuid;

/// The floor and UUID of a room a row opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoomRef {
    pub floor: Uuid,
    pub room: Uuid,
}

/// A column: its header (naming the basis of its areas) and its width in points.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingColumn {
    pub header: String,
    /// Numbers are right-aligned.
    pub numeric: bool,
    pub width: f32,
}

/// One row of a tab.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRow {
    pub cells: Vec<Cell>,
    /// The room a click opens (the finding's first room; a unit's first room).
    pub room: Option<RoomRef>,
    /// What the row is about (a unit's or a person's name), for a message when it has no room.
    pub subject: String,
    /// Every cell's text, lower case, for the filter.
    haystack: String,
}

impl FindingRow {
    pub(super) fn new(cells: Vec<Cell>, room: Option<RoomRef>, subject: String) -> Self {
        let haystack = cells
            .iter()
            .map(Cell::as_text)
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        Self {
            cells,
            room,
            subject,
            haystack,
        }
    }

    /// Whether every word of `filter` is in one of the row's cells (case-insensitive; an
    /// empty filter keeps every row).
    pub fn matches(&self, filter: &str) -> bool {
        filter
            .split_whitespace()
            .all(|word| self.haystack.contains(&word.to_lowercase()))
    }
}

/// The rows of one tab.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FindingTable {
    pub columns: Vec<FindingColumn>,
    pub rows: Vec<FindingRow>,
}

/// A cell as the panel shows it: `—` where empty, areas and ratios with two decimals.
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "—".to_owned(),
        other => other.as_text(),
    }
}

/// Orders two cells: numbers by value before text, text by its characters, empty last.
fn compare_cells(a: Option<&Cell>, b: Option<&Cell>) -> Ordering {
    fn number(cell: Option<&Cell>) -> Option<f64> {
        match cell {
            Some(Cell::Area(v) | Cell::Percent(v)) => Some(*v),
            // Counts of days and posts are far below 2^53.
            #[allow(clippy::cast_precision_loss)]
            Some(Cell::Count(n)) => Some(*n as f64),
            _ => None,
        }
    }
    let empty = |c: Option<&Cell>| matches!(c, None | Some(Cell::Empty));
    match (empty(a), empty(b)) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        (false, false) => {}
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => {
            let text = |c: Option<&Cell>| c.map(Cell::as_text).unwrap_or_default();
            text(a).cmp(&text(b))
        }
    }
}

impl FindingTable {
    /// The indices of the rows `filter` keeps, sorted by `sort` (column, ascending) — in the
    /// check's order when there is none or on ties; empty cells go last either way.
    pub fn shown(&self, filter: &str, sort: Option<(usize, bool)>) -> Vec<usize> {
        let mut kept: Vec<usize> = (0..self.rows.len())
            .filter(|i| self.rows.get(*i).is_some_and(|r| r.matches(filter)))
            .collect();
        if let Some((column, ascending)) = sort {
            let cell = |i: usize| self.rows.get(i).and_then(|r| r.cells.get(column));
            kept.sort_by(|a, b| {
                let (x, y) = (cell(*a), cell(*b));
                let empty = |c: Option<&Cell>| matches!(c, None | Some(Cell::Empty));
                let order = compare_cells(x, y);
                // Reversing keeps empty cells last.
                let order = if ascending || empty(x) || empty(y) {
                    order
                } else {
                    order.reverse()
                };
                order.then(a.cmp(b))
            });
        }
        kept
    }

    /// A table with `headers` (numeric where flagged) and `rows`; column widths fit the
    /// widest text.
    pub(super) fn new(headers: &[(String, bool)], rows: Vec<FindingRow>) -> Self {
        // Points per display unit (a CJK character is two) of the panel's 12.5 pt text, plus
        // room for the sort arrow and the cell's margins.
        const PER_UNIT: f32 = 7.0;
        const MARGIN: f32 = 28.0;
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, (header, numeric))| {
                let widest = rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(|c| display_width(&cell_text(c)))
                    .chain([display_width(header)])
                    .max()
                    .unwrap_or(0);
                #[allow(clippy::cast_precision_loss)]
                let width = (widest.min(48) as f32).mul_add(PER_UNIT, MARGIN);
                FindingColumn {
                    header: header.clone(),
                    numeric: *numeric,
                    width,
                }
            })
            .collect();
        Self { columns, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_puts_numbers_in_order_and_empty_cells_last() {
        let row = |area: Option<f64>, name: &str| {
            FindingRow::new(
                vec![Cell::Text(name.into()), Cell::area(area)],
                None,
                name.into(),
            )
        };
        let table = FindingTable::new(
            &[("名称".into(), false), ("面积".into(), true)],
            vec![
                row(Some(19.04), "605"),
                row(None, "几何无效"),
                row(Some(9.5), "609"),
                row(Some(120.0), "会议室"),
            ],
        );
        assert_eq!(table.shown("", None), [0, 1, 2, 3]);
        // 9.5 < 19.04 < 120 by value (as text "120.00" < "19.04" < "9.50").
        assert_eq!(table.shown("", Some((1, true))), [2, 0, 3, 1]);
        assert_eq!(table.shown("", Some((1, false))), [3, 0, 2, 1]);
        // Every word must match, in any cell.
        assert_eq!(table.shown("60 19.04", None), [0]);
        assert_eq!(table.shown("会议", Some((1, true))), [3]);
    }
}
