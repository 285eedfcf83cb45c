//! The tables of the 检查结果 panel: one per tab, made from the check's report
//! ([`ComplianceReport`], the rows `officeplan check` prints) — the panel shows its numbers and
//! never computes one of its own. Each row knows the room a click opens.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::analysis::compliance::report::{FactRow, PersonRow};
use crate::analysis::compliance::{
    Compliance, ComplianceReport, PersonFindingKind, RoomFindingKind,
};
use crate::io::excel::template::display_width;
use crate::io::report::Cell;
use crate::model::{Coded as _, Project, Uuid};
use crate::workspace::Checked;

/// A tab of the panel, in the order shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FindingsTab {
    /// 单位超标: units over the standard, one row per item over (办公室, 服务用房 …).
    #[default]
    UnitsOver,
    /// 个人超标: persons over their row, and shared offices over their occupants' rows.
    PersonsOver,
    /// 一人多处: second offices without approval or not smaller than the row, offices in
    /// other units.
    MultipleOffices,
    /// 卫生间/休息室: private toilets too large or for a person not eligible.
    Suite,
    /// 腾退: transferred or retired persons still holding an office after the deadline.
    Vacate,
    /// 闲置: idle rooms.
    Idle,
    /// 出租出借: rooms rented or lent out.
    Leased,
    /// 无对应标准: persons, and units' approved posts, whose grade has no row.
    NoStandard,
}

impl FindingsTab {
    pub const ALL: [Self; 8] = [
        Self::UnitsOver,
        Self::PersonsOver,
        Self::MultipleOffices,
        Self::Suite,
        Self::Vacate,
        Self::Idle,
        Self::Leased,
        Self::NoStandard,
    ];

    /// The tab's position in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The tab's name in the language of the moment.
    pub fn label(self) -> String {
        match self {
            Self::UnitsOver => crate::t!("findings.tab.units_over"),
            Self::PersonsOver => crate::t!("findings.tab.persons_over"),
            Self::MultipleOffices => crate::t!("findings.tab.multiple_offices"),
            Self::Suite => crate::t!("findings.tab.suite"),
            Self::Vacate => crate::t!("findings.tab.vacate"),
            Self::Idle => crate::t!("findings.tab.idle"),
            Self::Leased => crate::t!("findings.tab.leased"),
            Self::NoStandard => crate::t!("findings.tab.no_standard"),
        }
        .into_owned()
    }

    /// The tab that lists a person finding of `kind`.
    pub fn of_person(kind: PersonFindingKind) -> Self {
        match kind {
            PersonFindingKind::OverStandard => Self::PersonsOver,
            PersonFindingKind::ToiletOversize | PersonFindingKind::ToiletIneligible => Self::Suite,
            PersonFindingKind::MultipleOffices
            | PersonFindingKind::SecondOfficeTooLarge
            | PersonFindingKind::OfficeInOtherUnit => Self::MultipleOffices,
            PersonFindingKind::NotVacated => Self::Vacate,
            PersonFindingKind::NoStandardRow => Self::NoStandard,
        }
    }

    /// The tab that lists a room finding of `kind`.
    pub fn of_room(kind: RoomFindingKind) -> Self {
        match kind {
            RoomFindingKind::SharedOfficeOver => Self::PersonsOver,
        }
    }
}

/// How many findings each tab lists (units for 单位超标, rows for the others), counted from
/// the check itself: cheap enough for the status bar of a province.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TabCounts([usize; 8]);

impl TabCounts {
    /// The counts of a check.
    pub fn of(compliance: &Compliance) -> Self {
        let mut counts = [0; 8];
        let mut add = |tab: FindingsTab, n: usize| {
            if let Some(c) = counts.get_mut(tab.index()) {
                *c += n;
            }
        };
        add(FindingsTab::UnitsOver, compliance.units_over().count());
        for f in &compliance.persons {
            add(FindingsTab::of_person(f.kind), 1);
        }
        for f in &compliance.rooms {
            add(FindingsTab::of_room(f.kind), 1);
        }
        add(
            FindingsTab::NoStandard,
            compliance
                .entitlements
                .iter()
                .filter(|e| e.unmatched_posts > 0)
                .count(),
        );
        add(FindingsTab::Idle, compliance.idle_rooms.len());
        add(FindingsTab::Leased, compliance.leased_rooms.len());
        Self(counts)
    }

    /// The count of one tab.
    pub fn get(&self, tab: FindingsTab) -> usize {
        self.0.get(tab.index()).copied().unwrap_or(0)
    }

    /// Every tab with its count, in tab order.
    pub fn iter(&self) -> impl Iterator<Item = (FindingsTab, usize)> + '_ {
        FindingsTab::ALL.into_iter().map(|t| (t, self.get(t)))
    }
}

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
    fn new(cells: Vec<Cell>, room: Option<RoomRef>, subject: String) -> Self {
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
    fn new(headers: &[(String, bool)], rows: Vec<FindingRow>) -> Self {
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

/// Every tab's table of a check.
#[derive(Clone, Debug, Default)]
pub struct FindingTables {
    tables: Vec<FindingTable>,
    /// The basis of the areas (使用面积; 附属 and 技术业务用房 建筑面积 estimated).
    pub basis: String,
    pub counts: TabCounts,
}

impl FindingTables {
    /// The table of a tab.
    pub fn get(&self, tab: FindingsTab) -> Option<&FindingTable> {
        self.tables.get(tab.index())
    }

    /// The tables of a check (the baseline's or the shown scenario's).
    pub fn of(checked: &Checked) -> Self {
        let report =
            ComplianceReport::new(&checked.project, &checked.standard, &checked.compliance);
        let rooms = Rooms::new(&checked.project);
        let mut rows: Vec<Vec<FindingRow>> = vec![Vec::new(); FindingsTab::ALL.len()];
        let mut push = |tab: FindingsTab, row: FindingRow| {
            if let Some(list) = rows.get_mut(tab.index()) {
                list.push(row);
            }
        };
        for unit in &report.units {
            let room = checked
                .project
                .units
                .get(unit.unit_index)
                .and_then(|u| rooms.first_of_unit(&u.uuid));
            let category = checked.project.units.get(unit.unit_index).map_or_else(
                || unit.organ_category.clone(),
                |u| {
                    format!(
                        "{} · {}",
                        crate::labels::organ_category(u.organ_category),
                        u.kind.zh()
                    )
                },
            );
            for item in &unit.over_items {
                let (approved, used, excess, ratio) = match *item {
                    "office" => (
                        Some(unit.approved_office_m2),
                        unit.used_office_m2,
                        Some(unit.excess_m2),
                        Some(unit.excess_ratio),
                    ),
                    "service" => (
                        unit.approved_service_m2,
                        unit.used_service_m2,
                        unit.service_excess_m2,
                        None,
                    ),
                    "plant" => (
                        unit.approved_plant_m2,
                        unit.used_plant_m2,
                        unit.plant_excess_m2,
                        None,
                    ),
                    _ => (
                        Some(unit.approved_basic_m2),
                        unit.used_basic_m2,
                        Some(unit.basic_excess_m2),
                        Some(unit.basic_excess_ratio),
                    ),
                };
                let item_key = format!("check.item.{item}");
                let cells = vec![
                    Cell::Text(unit.name.clone()),
                    Cell::Text(category.clone()),
                    Cell::Text(crate::t!(&item_key).into_owned()),
                    Cell::area(approved),
                    Cell::Area(used),
                    Cell::area(excess),
                    ratio.map_or(Cell::Empty, Cell::Percent),
                    Cell::Area(unit.ancillary_gross_m2),
                ];
                push(
                    FindingsTab::UnitsOver,
                    FindingRow::new(cells, room, unit.name.clone()),
                );
            }
            if unit.unmatched_posts > 0 {
                let cells = vec![
                    Cell::Text(
                        crate::t!("findings.unmatched_posts", count = unit.unmatched_posts)
                            .into_owned(),
                    ),
                    Cell::Empty,
                    Cell::Text(unit.name.clone()),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ];
                push(
                    FindingsTab::NoStandard,
                    FindingRow::new(cells, room, unit.name.clone()),
                );
            }
        }
        for person in &report.persons {
            let Some(finding) = checked.compliance.persons.get(person.finding) else {
                continue;
            };
            let tab = FindingsTab::of_person(finding.kind);
            let room = finding.rooms.first().and_then(|r| rooms.at(*r));
            let grade = checked
                .project
                .persons
                .get(finding.person)
                .map_or_else(|| person.grade.clone(), |p| crate::labels::grade(p.grade));
            let cells = if tab == FindingsTab::Vacate {
                vacate_cells(person, grade)
            } else {
                person_cells(person, grade)
            };
            push(tab, FindingRow::new(cells, room, person.person.clone()));
        }
        for (row, finding) in report.rooms.iter().zip(&checked.compliance.rooms) {
            let cells = vec![
                Cell::Text(row.label.clone()),
                Cell::Text(row.persons.join("、")),
                Cell::Text(row.units.join("、")),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Text(row.room.clone()),
                Cell::Area(row.area),
                Cell::Area(row.limit),
            ];
            push(
                FindingsTab::of_room(finding.kind),
                FindingRow::new(cells, rooms.at(row.room_index), row.room.clone()),
            );
        }
        for (tab, facts) in [
            (FindingsTab::Idle, &report.idle_rooms),
            (FindingsTab::Leased, &report.leased_rooms),
        ] {
            for fact in facts {
                push(
                    tab,
                    FindingRow::new(
                        fact_cells(fact),
                        rooms.at(fact.room_index),
                        fact.room.clone(),
                    ),
                );
            }
        }
        let tables = FindingsTab::ALL
            .into_iter()
            .zip(rows)
            .map(|(tab, rows)| FindingTable::new(&headers(tab), rows))
            .collect();
        Self {
            tables,
            basis: crate::t!(
                "findings.basis",
                usable = report.basis.usable,
                gross = report.basis.ancillary_technical
            )
            .into_owned(),
            counts: TabCounts::of(&checked.compliance),
        }
    }
}

/// Where the rooms are: a room's floor by its index, a unit's first room in file order.
struct Rooms<'a> {
    project: &'a Project,
    first_of_unit: HashMap<Uuid, usize>,
}

impl<'a> Rooms<'a> {
    fn new(project: &'a Project) -> Self {
        let mut first_of_unit = HashMap::new();
        for (i, room) in project.rooms.iter().enumerate() {
            for unit in &room.units {
                first_of_unit.entry(*unit).or_insert(i);
            }
        }
        Self {
            project,
            first_of_unit,
        }
    }

    fn at(&self, room: usize) -> Option<RoomRef> {
        self.project.rooms.get(room).map(|r| RoomRef {
            floor: r.floor,
            room: r.uuid,
        })
    }

    fn first_of_unit(&self, unit: &Uuid) -> Option<RoomRef> {
        self.at(*self.first_of_unit.get(unit)?)
    }
}

/// 类型, 姓名, 单位, 职务, 职务级别, 标准行, 房间, 面积, 标准.
fn person_cells(p: &PersonRow, grade: String) -> Vec<Cell> {
    vec![
        Cell::Text(p.label.clone()),
        Cell::Text(p.person.clone()),
        Cell::Text(p.unit.clone()),
        Cell::Text(p.title.clone()),
        Cell::Text(grade),
        p.row.clone().map_or(Cell::Empty, Cell::Text),
        Cell::Text(p.rooms.join("、")),
        Cell::Area(p.area),
        Cell::area(p.limit),
    ]
}

/// 姓名, 单位, 职务, 职务级别, 状态, 日期, 腾退期限, 房间, 面积.
fn vacate_cells(p: &PersonRow, grade: String) -> Vec<Cell> {
    let text = |t: &Option<String>| t.clone().map_or(Cell::Empty, Cell::Text);
    vec![
        Cell::Text(p.person.clone()),
        Cell::Text(p.unit.clone()),
        Cell::Text(p.title.clone()),
        Cell::Text(grade),
        Cell::Text(crate::labels::person_status(p.status)),
        text(&p.status_date),
        text(&p.deadline),
        Cell::Text(p.rooms.join("、")),
        Cell::Area(p.area),
    ]
}

/// 房间, 名称, 用房类别, 状态, 使用面积, 起始日期, 天数, 备注.
fn fact_cells(f: &FactRow) -> Vec<Cell> {
    vec![
        Cell::Text(f.room.clone()),
        Cell::Text(f.name.clone()),
        Cell::Text(crate::labels::category(f.category)),
        Cell::Text(crate::labels::status(f.status)),
        Cell::Area(f.area),
        f.since.clone().map_or(Cell::Empty, Cell::Text),
        f.days.map_or(Cell::Empty, Cell::Count),
        Cell::Text(f.note.clone()),
    ]
}

/// A tab's headers, each with whether its column holds numbers.
fn headers(tab: FindingsTab) -> Vec<(String, bool)> {
    let h = |key: &str, numeric: bool| {
        let key = format!("findings.col.{key}");
        (crate::t!(&key).into_owned(), numeric)
    };
    match tab {
        FindingsTab::UnitsOver => vec![
            h("unit", false),
            h("organ", false),
            h("item", false),
            h("approved", true),
            h("used", true),
            h("excess", true),
            h("ratio", true),
            h("ancillary", true),
        ],
        FindingsTab::Vacate => vec![
            h("person", false),
            h("unit", false),
            h("title", false),
            h("grade", false),
            h("status", false),
            h("status_date", false),
            h("deadline", false),
            h("rooms", false),
            h("area", true),
        ],
        FindingsTab::Idle | FindingsTab::Leased => vec![
            h("room", false),
            h("name", false),
            h("category", false),
            h("room_status", false),
            h("area", true),
            h("since", false),
            h("days", true),
            h("note", false),
        ],
        FindingsTab::PersonsOver
        | FindingsTab::MultipleOffices
        | FindingsTab::Suite
        | FindingsTab::NoStandard => vec![
            h("kind", false),
            h("person", false),
            h("unit", false),
            h("title", false),
            h("grade", false),
            h("row", false),
            h("rooms", false),
            h("area", true),
            h("limit", true),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::sample::{SampleSource, build_project};

    fn sample() -> FindingTables {
        let project = build_project(&SampleSource::Embedded).unwrap();
        FindingTables::of(&Checked::of_project(project).unwrap())
    }

    fn texts(table: &FindingTable, column: usize) -> Vec<String> {
        table
            .rows
            .iter()
            .map(|r| r.cells.get(column).map(cell_text).unwrap_or_default())
            .collect()
    }

    #[test]
    fn each_tab_lists_the_checks_findings_with_their_numbers() {
        let tables = sample();
        // tests/check_sample.rs: 县住建局 over on offices only, 147.06 used of 126 approved,
        // 21.06 over (14.32 % of use).
        let units = tables.get(FindingsTab::UnitsOver).unwrap();
        assert_eq!(texts(units, 0), ["县住建局"]);
        let row: Vec<String> = units.rows[0].cells.iter().map(cell_text).collect();
        assert_eq!(row[3..7], ["126.00", "147.06", "21.06", "14.32"]);
        // 个人超标: 程国强 42.60 > 30 (县级正职), 谢伟 25.76 > 18.
        let persons = tables.get(FindingsTab::PersonsOver).unwrap();
        assert_eq!(texts(persons, 1), ["程国强", "谢伟"]);
        assert_eq!(texts(persons, 7), ["42.60", "25.76"]);
        assert_eq!(texts(persons, 8), ["30.00", "18.00"]);
        assert_eq!(texts(persons, 5)[0], "县级正职");
        for (tab, name) in [
            (FindingsTab::MultipleOffices, "赵晓"),
            (FindingsTab::Suite, "杜洋磊"),
        ] {
            assert_eq!(texts(tables.get(tab).unwrap(), 1), [name], "{tab:?}");
        }
        let vacate = tables.get(FindingsTab::Vacate).unwrap();
        assert_eq!(texts(vacate, 0), ["唐立强"]);
        assert_eq!(texts(vacate, 6), ["2026-04-30"]);
        // 15 idle rooms, 262.96 m² (sample_plans/README.md); 4 rented or lent.
        let idle = tables.get(FindingsTab::Idle).unwrap();
        let area: f64 = idle
            .rows
            .iter()
            .map(|r| match r.cells.get(4) {
                Some(Cell::Area(a)) => *a,
                other => panic!("{other:?}"),
            })
            .sum();
        assert_eq!(idle.rows.len(), 15);
        assert!((area - 262.96).abs() < 0.005, "{area}");
        assert_eq!(tables.get(FindingsTab::Leased).unwrap().rows.len(), 4);
        // Every row of a person or a room opens a room.
        for tab in FindingsTab::ALL {
            assert!(
                tables
                    .get(tab)
                    .unwrap()
                    .rows
                    .iter()
                    .all(|r| r.room.is_some()),
                "{tab:?}"
            );
        }
    }

    #[test]
    fn the_counts_are_the_tables_rows() {
        let tables = sample();
        for (tab, count) in tables.counts.iter() {
            let table = tables.get(tab).unwrap();
            let rows = if tab == FindingsTab::UnitsOver {
                // One row per item over; the count is of units.
                let mut names = texts(table, 0);
                names.dedup();
                names.len()
            } else {
                table.rows.len()
            };
            assert_eq!(rows, count, "{tab:?}");
        }
    }

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
