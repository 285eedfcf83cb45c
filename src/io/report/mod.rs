//! The report tables (issue #3 item 5): the national annual tables (DOMAIN §3.1) 办公用房信息,
//! 技术业务用房信息, 办公用房建设项目信息 and, for a provincial file, 省部级领导干部办公室信息;
//! then 各单位办公用房总体使用统计表 (§3.3), 超标清单 and 闲置清单.
//!
//! The builders are pure: a project and its check (the very result that `officeplan check`
//! prints, made by the same function) in, rows of typed cells out. Two writers lay the same tables out: [`xlsx`] (one
//! sheet per table) and [`csv`] (one UTF-8 file with BOM per table).
//!
//! Headers are the forms' own Chinese column names, like the 编制 workbook's.

mod allocation;
mod construction;
pub mod csv;
mod evaluation;
mod header;
mod lists;
mod moves;
mod national;
mod provincial;
mod region;
mod scope;
mod technical;
pub mod xlsx;

use crate::analysis::area::round_m2;
use crate::analysis::compliance::report::UnitRow;
use crate::analysis::compliance::{Compliance, ComplianceReport};
use crate::model::{Project, Unit};
use crate::standards::ProjectStandard;

pub use allocation::{Allocation, RowAreas, round_rows};
pub use construction::construction_table;
pub use evaluation::Evaluation;
pub use lists::{idle_table, over_table, usage_table};
pub use moves::move_table;
pub use national::office_table;
pub use provincial::{is_provincial, provincial_table};
pub use region::region_table;
pub use scope::{ReportScope, scoped_tables};
pub use technical::technical_table;

/// One cell of a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// An area, m², shown with two decimals.
    Area(f64),
    /// A count (posts, persons, days, a year).
    Count(i64),
    /// A ratio, %, shown with two decimals.
    Percent(f64),
}

impl Cell {
    /// The cell as text, as a CSV file holds it.
    pub fn as_text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.clone(),
            Self::Area(a) | Self::Percent(a) => format!("{a:.2}"),
            Self::Count(n) => n.to_string(),
        }
    }

    /// An optional area: empty when unknown.
    pub fn area(value: Option<f64>) -> Self {
        value.map_or(Self::Empty, Self::Area)
    }

    /// A count from a `u32`.
    pub fn count(value: u32) -> Self {
        Self::Count(i64::from(value))
    }
}

/// A column: its header and, for a column under a spanning header (基本办公用房使用面积 over
/// 办公室 …), that group's name.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub group: Option<String>,
    pub header: String,
    /// Whether the 合计 row adds this column up (not for columns that repeat a building's
    /// figures on each of its units' rows).
    pub summed: bool,
}

impl Column {
    /// A column with no group.
    pub fn new(header: impl Into<String>) -> Self {
        Self {
            group: None,
            header: header.into(),
            summed: false,
        }
    }

    /// A column under `group`.
    pub fn grouped(group: &str, header: impl Into<String>) -> Self {
        Self {
            group: Some(group.to_owned()),
            header: header.into(),
            summed: false,
        }
    }

    /// The same column, added up by the 合计 row.
    #[must_use]
    pub fn summed(mut self) -> Self {
        self.summed = true;
        self
    }

    /// The header with its group, for a one-line header (CSV): `基本办公用房使用面积-办公室`.
    pub fn full_header(&self) -> String {
        match &self.group {
            // A padding column (a level with fewer rank rows than another) has no name.
            Some(_) if self.header.is_empty() => String::new(),
            Some(g) => format!("{g}-{}", self.header),
            None => self.header.clone(),
        }
    }
}

/// A block of rows under one header row, optionally with a heading of its own. A section
/// with no columns is a note under the table (its heading is the text: a footnote).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// The label of a total row.
pub const TOTAL: &str = "合计";

impl Section {
    /// Appends a 合计 row: the sum of each summed column, 合计 in the first column.
    ///
    /// ```
    /// use officeplan::io::report::{Cell, Column, Section};
    /// let mut section = Section {
    ///     heading: None,
    ///     columns: vec![Column::new("单位名称"), Column::new("使用面积").summed()],
    ///     rows: vec![
    ///         vec![Cell::Text("甲".into()), Cell::Area(19.04)],
    ///         vec![Cell::Text("乙".into()), Cell::Area(15.64)],
    ///     ],
    /// };
    /// section.add_total();
    /// assert_eq!(section.rows[2], [Cell::Text("合计".into()), Cell::Area(34.68)]);
    /// ```
    pub fn add_total(&mut self) {
        let total = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                if i == 0 {
                    return Cell::Text(TOTAL.to_owned());
                }
                if !column.summed {
                    return Cell::Empty;
                }
                let cells = self.rows.iter().filter_map(|r| r.get(i));
                if cells.clone().any(|c| matches!(c, Cell::Area(_))) {
                    Cell::Area(round_m2(
                        cells
                            .filter_map(|c| match c {
                                Cell::Area(a) => Some(*a),
                                _ => None,
                            })
                            .sum(),
                    ))
                } else {
                    Cell::Count(
                        cells
                            .filter_map(|c| match c {
                                Cell::Count(n) => Some(*n),
                                _ => None,
                            })
                            .sum(),
                    )
                }
            })
            .collect();
        self.rows.push(total);
    }
}

/// One report table: a sheet of the workbook or one CSV file.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's name (one of [`TABLE_NAMES`]): sheet and file name unless `sheet` says
    /// otherwise.
    pub name: &'static str,
    /// The sheet's and file's own name where a workbook holds the table more than once (one
    /// sheet per region: `办公用房信息-甲县`).
    pub sheet: Option<String>,
    /// The title row: the table's name and the basis of its area columns.
    pub title: String,
    /// Label–value pairs above the table, one line each (行政区划名称 …; blank values are the
    /// user's to fill in).
    pub header_block: Vec<Vec<(String, String)>>,
    pub sections: Vec<Section>,
}

impl Table {
    /// The name of the table's sheet (and CSV file).
    pub fn sheet_name(&self) -> &str {
        self.sheet.as_deref().unwrap_or(self.name)
    }
}

/// Each unit's project index, the unit and its row of the check's report.
/// [`ComplianceReport::new`] makes one row per unit of the check's result, in the same order,
/// so the two lists pair up; the project index comes from the result, never from a name.
fn unit_rows<'a>(
    project: &'a Project,
    result: &'a Compliance,
    report: &'a ComplianceReport,
) -> impl Iterator<Item = (usize, &'a Unit, &'a UnitRow)> {
    result
        .units
        .iter()
        .zip(&report.units)
        .filter_map(|(c, row)| Some((c.unit, project.units.get(c.unit)?, row)))
}

/// The sheet names, in the workbook's order.
pub const REGION_TABLE: &str = "行政区划信息";
pub const OFFICE_TABLE: &str = "办公用房信息";
pub const TECHNICAL_TABLE: &str = "技术业务用房信息";
pub const CONSTRUCTION_TABLE: &str = "办公用房建设项目信息";
/// Made for a provincial file only ([`is_provincial`]).
pub const PROVINCIAL_TABLE: &str = "省部级领导干部办公室信息";
pub const USAGE_TABLE: &str = "各单位办公用房总体使用统计表";
pub const OVER_TABLE: &str = "超标清单";
pub const IDLE_TABLE: &str = "闲置清单";

/// The names of the tables [`tables`] makes, in its order (the 报表 menu lists them): the
/// national tables in the national order, then the extra sheets. [`PROVINCIAL_TABLE`] is
/// made for a provincial file only.
pub const TABLE_NAMES: [&str; 8] = [
    REGION_TABLE,
    OFFICE_TABLE,
    TECHNICAL_TABLE,
    CONSTRUCTION_TABLE,
    PROVINCIAL_TABLE,
    USAGE_TABLE,
    OVER_TABLE,
    IDLE_TABLE,
];

/// The tables of a checked project, in [`TABLE_NAMES`]' order; 省部级领导干部办公室信息 only
/// for a provincial file.
pub fn tables(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
    report: &ComplianceReport,
) -> Vec<Table> {
    // Every room placed in its row once, for the three sheets that print rows of areas.
    let allocation = Allocation::of(project, standard, result);
    let mut tables = vec![
        region::region_table_of(project, standard, (result, report), &allocation),
        national::office_table_of(project, standard, (result, report), &allocation),
        technical_table(project, standard, result),
        construction_table(project, &result.as_of),
    ];
    if is_provincial(project) {
        tables.push(provincial_table(project, result));
    }
    tables.extend([
        lists::usage_table_of(project, standard, (result, report), &allocation),
        over_table(report),
        idle_table(project, result),
    ]);
    tables
}
