//! The tables of the 检查结果 panel: one per tab, made from the check's report
//! ([`ComplianceReport`], the rows `officeplan check` prints) — the panel shows its numbers and
//! never computes one of its own. Each row knows the room a click opens.

use std::collections::HashMap;

use super::tab::{FindingsTab, TabCounts};
use super::table::{FindingRow, FindingTable, RoomRef};
use crate::analysis::compliance::ComplianceReport;
use crate::analysis::compliance::report::{FactRow, PersonRow};
use crate::io::report::Cell;
use crate::model::{Coded as _, Project, Region, Uuid};
use crate::workspace::Checked;

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
        Self::of_regions(checked, None)
    }

    /// The tables of a check; with `regions` (a provincial file's, shown whole) each table
    /// starts with a column 区划 naming the region of the row's room, since every county may
    /// have a unit or a compound of the same name.
    pub fn of_regions(checked: &Checked, regions: Option<&[Region]>) -> Self {
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
        for row in &report.unapproved {
            let cells = vec![
                Cell::Text(row.label.clone()),
                Cell::Text(row.subject.clone()),
                Cell::Text(row.units.join("、")),
                row.status
                    .map_or(Cell::Empty, |s| Cell::Text(crate::labels::status(s))),
                Cell::area(row.area),
                Cell::Text(row.note.clone()),
            ];
            push(
                FindingsTab::Unapproved,
                FindingRow::new(
                    cells,
                    row.room_index.and_then(|r| rooms.at(r)),
                    row.subject.clone(),
                ),
            );
        }
        let region_of = regions.map(|regions| RegionOfRoom::new(&checked.project, regions));
        let tables = FindingsTab::ALL
            .into_iter()
            .zip(rows)
            .map(|(tab, rows)| match &region_of {
                None => FindingTable::new(&headers(tab), rows),
                Some(region_of) => {
                    let mut columns = vec![(crate::t!("scope.column").into_owned(), false)];
                    columns.extend(headers(tab));
                    let rows = rows
                        .into_iter()
                        .map(|row| {
                            let mut cells = vec![Cell::Text(region_of.name(row.room))];
                            cells.extend(row.cells);
                            FindingRow::new(cells, row.room, row.subject)
                        })
                        .collect();
                    FindingTable::new(&columns, rows)
                }
            })
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

/// The region of a row's room (by its floor's building's compound): the county's name, or the
/// file's own for its own level.
struct RegionOfRoom {
    /// Floor → the name of its region.
    floors: HashMap<Uuid, String>,
}

impl RegionOfRoom {
    fn new(project: &Project, regions: &[Region]) -> Self {
        let own = project.region.as_ref();
        let site_region: HashMap<Uuid, String> = project
            .sites
            .iter()
            .map(|s| {
                let region = s
                    .region
                    .and_then(|r| regions.iter().find(|g| g.uuid == r))
                    .or(own);
                (s.uuid, region.map(|r| r.name.clone()).unwrap_or_default())
            })
            .collect();
        let building_site: HashMap<Uuid, Uuid> =
            project.buildings.iter().map(|b| (b.uuid, b.site)).collect();
        let floors = project
            .floors
            .iter()
            .filter_map(|f| {
                let site = building_site.get(&f.building)?;
                Some((f.uuid, site_region.get(site)?.clone()))
            })
            .collect();
        Self { floors }
    }

    fn name(&self, room: Option<RoomRef>) -> String {
        room.and_then(|r| self.floors.get(&r.floor).cloned())
            .unwrap_or_default()
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
        FindingsTab::Unapproved => vec![
            h("kind", false),
            h("subject", false),
            h("unit", false),
            h("room_status", false),
            h("area", true),
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
    use crate::ui::findings::table::cell_text;

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
}
