//! 办公用房信息: the national annual table (全国党政机关办公用房数据库, DOMAIN §3.1), one row
//! per using unit.

use std::collections::HashMap;

use super::{Cell, Column, OFFICE_TABLE, Section, Table};
use crate::analysis::GrossEstimate;
use crate::analysis::area::round_m2;
use crate::analysis::compliance::{Compliance, ComplianceReport};
use crate::io::rank_rows::post_columns;
use crate::model::{Building, Coded as _, OrganCategory, Project, RoomCategory, Uuid};
use crate::standards::ProjectStandard;

const BASIC_GROUP: &str = "基本办公用房使用面积";
const POSTS_GROUP: &str = "批复编制（人）";

/// Per building: 使用面积 of its 办公用房 (办公室, 服务, 设备, 附属) and of its 技术业务用房, and
/// their 建筑面积 estimated by the usable coefficient.
#[derive(Default)]
pub(super) struct BuildingUse {
    office_m2: f64,
    technical_m2: f64,
    office_gross_m2: f64,
    technical_gross_m2: f64,
}

impl BuildingUse {
    /// 建筑面积 of the building's 办公用房 and 技术业务用房. Where the building's 总建筑面积 is
    /// known it is split between the two by their 使用面积, so that the two add up to it
    /// (corridors, stairs and walls are shared in proportion); otherwise each is estimated
    /// from its 使用面积 by the usable coefficient, as `check` estimates 附属用房.
    fn gross_split(&self, building_gross_m2: Option<f64>) -> (f64, f64) {
        let usable = self.office_m2 + self.technical_m2;
        match building_gross_m2 {
            Some(gross) if usable > 0.0 => (
                round_m2(gross * self.office_m2 / usable),
                round_m2(gross * self.technical_m2 / usable),
            ),
            _ => (
                round_m2(self.office_gross_m2),
                round_m2(self.technical_gross_m2),
            ),
        }
    }
}

/// The building columns of a unit: the building it uses most of, and the others it uses.
pub(super) struct UnitBuildings<'a> {
    main: Option<&'a Building>,
    others: Vec<&'a str>,
}

/// Which buildings each unit uses, by 使用面积 (a room shared by n units counts 1/n to each, as
/// in the unit ledger), and the estimated 建筑面积 of each building's rooms.
pub(super) fn building_use<'a>(
    project: &'a Project,
    standard: &ProjectStandard,
    result: &Compliance,
) -> (Vec<UnitBuildings<'a>>, HashMap<Uuid, BuildingUse>) {
    let building_of: HashMap<Uuid, Uuid> = project
        .floors
        .iter()
        .map(|f| (f.uuid, f.building))
        .collect();
    let unit_index: HashMap<Uuid, usize> = project
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.uuid, i))
        .collect();
    let gross = GrossEstimate::new(project, &standard.set.coefficient);
    let mut per_unit: Vec<HashMap<Uuid, f64>> = vec![HashMap::new(); project.units.len()];
    let mut per_building: HashMap<Uuid, BuildingUse> = HashMap::new();
    for (room, area) in project.rooms.iter().zip(&result.areas) {
        let Some(building) = building_of.get(&room.floor) else {
            continue;
        };
        let entry = per_building.entry(*building).or_default();
        // 办公用房 is 办公室 + 服务 + 设备 + 附属; 技术业务用房 lies outside it (DOMAIN §1.3).
        let room_gross = gross.gross_m2(&room.floor, *area);
        if room.category == RoomCategory::Technical {
            entry.technical_m2 += *area;
            entry.technical_gross_m2 += room_gross;
        } else {
            entry.office_m2 += *area;
            entry.office_gross_m2 += room_gross;
        }
        let share = *area / room.units.len().max(1) as f64;
        for unit in &room.units {
            if let Some(used) = unit_index.get(unit).and_then(|i| per_unit.get_mut(*i)) {
                *used.entry(*building).or_insert(0.0) += share;
            }
        }
    }
    let units = per_unit
        .iter()
        .map(|used| {
            // Main building: the one with the most area; ties go to the earlier building in
            // the project, so that the choice is stable between runs.
            let mut ranked: Vec<(usize, &Building, f64)> = project
                .buildings
                .iter()
                .enumerate()
                .filter_map(|(i, b)| used.get(&b.uuid).map(|a| (i, b, *a)))
                .collect();
            ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            let mut names = ranked.iter().map(|(_, b, _)| *b);
            UnitBuildings {
                main: names.next(),
                others: names.map(|b| b.name.as_str()).collect(),
            }
        })
        .collect();
    (units, per_building)
}

/// The level whose rank rows head the post columns: the file's region, a county by default.
fn file_category(project: &Project) -> OrganCategory {
    project
        .region
        .as_ref()
        .map_or(OrganCategory::County, |r| r.level.organ_category())
}

/// 办公用房信息. Building columns (地址坐落 … 建设年代, 是否为租(借)用) describe the unit's main
/// building — the one where it uses the most 使用面积 — and 备注 names the others. 办公用房 and
/// 技术业务用房 建筑面积 are those of the whole building (see [`BuildingUse::gross_split`]).
pub fn office_table(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
    report: &ComplianceReport,
) -> Table {
    let category = file_category(project);
    let grades: Vec<_> = project
        .units
        .iter()
        .flat_map(|u| u.posts.keys().map(|g| (category, *g)))
        .collect();
    let posts = post_columns(&[category], &grades);
    let (buildings, gross) = building_use(project, standard, result);
    let sites: HashMap<Uuid, _> = project.sites.iter().map(|s| (s.uuid, s)).collect();

    let mut columns: Vec<Column> = [
        "序号",
        "地址坐落",
        "用地面积",
        "总建筑面积",
        "办公用房建筑面积",
        "技术业务用房建筑面积",
        "使用单位",
        "类别",
    ]
    .into_iter()
    .map(Column::new)
    .collect();
    // Building columns repeat on each unit of a building: only the unit columns add up.
    columns.extend(
        posts
            .iter()
            .map(|p| Column::grouped(POSTS_GROUP, &p.label).summed()),
    );
    columns.extend(
        ["办公室", "服务用房", "设备用房", "合计"]
            .into_iter()
            .map(|h| Column::grouped(BASIC_GROUP, h).summed()),
    );
    columns.push(Column::new("附属用房建筑面积").summed());
    columns.extend(
        ["权属登记情况", "建设年代", "是否为租(借)用", "备注"]
            .into_iter()
            .map(Column::new),
    );

    let building_cells = |main: Option<&Building>| -> BuildingCells {
        let site = main.and_then(|b| sites.get(&b.site).copied());
        let (office, technical) = main.map_or((None, None), |b| building_gross(b, &gross));
        BuildingCells {
            head: vec![
                site.map_or(Cell::Empty, |s| {
                    Cell::Text(if s.address.is_empty() {
                        s.name.clone()
                    } else {
                        s.address.clone()
                    })
                }),
                Cell::area(site.and_then(|s| s.land_area_m2)),
                Cell::area(main.and_then(|b| b.gross_area_m2)),
                Cell::area(office),
                Cell::area(technical),
            ],
            tail: vec![
                main.map_or(Cell::Empty, |b| Cell::Text(b.title_status.zh().to_owned())),
                main.and_then(|b| b.year_built)
                    .map_or(Cell::Empty, |y| Cell::Count(i64::from(y))),
                main.map_or(Cell::Empty, |b| {
                    Cell::Text(if b.rented { "是" } else { "否" }.to_owned())
                }),
            ],
        }
    };
    let mut rows: Vec<Vec<Cell>> = super::unit_rows(project, result, report)
        .map(|(index, unit, row)| {
            let used = buildings.get(index);
            let BuildingCells { head, tail } = building_cells(used.and_then(|u| u.main));
            let mut cells = vec![Cell::Empty];
            cells.extend(head);
            cells.extend([
                Cell::Text(unit.name.clone()),
                Cell::Text(unit.kind.zh().to_owned()),
            ]);
            // Each post goes to the column of its grade; post_columns gave every grade a
            // column, so no post is dropped.
            cells.extend(
                posts
                    .iter()
                    .map(|p| Cell::count(unit.posts.get(&p.grade).copied().unwrap_or(0))),
            );
            cells.extend([
                Cell::Area(row.used_office_m2),
                Cell::Area(row.used_service_m2),
                Cell::Area(row.used_plant_m2),
                Cell::Area(row.used_basic_m2),
                Cell::Area(row.ancillary_gross_m2),
            ]);
            cells.extend(tail);
            cells.push(Cell::Text(
                used.map_or_else(|| unit.note.clone(), |u| note(&unit.note, u)),
            ));
            cells
        })
        .collect();
    // A building that is no unit's main building (new, empty, wholly idle) is still part of
    // the inventory: it gets a row of its own, without a unit, so that its recorded fields
    // are reported. One returned to its lessor (退租) by the statistics date is not ours.
    let mains: std::collections::HashSet<Uuid> = buildings
        .iter()
        .filter_map(|u| u.main.map(|b| b.uuid))
        .collect();
    for b in project
        .buildings
        .iter()
        .filter(|b| !mains.contains(&b.uuid) && !b.is_returned_on(&result.as_of))
    {
        let BuildingCells { head, tail } = building_cells(Some(b));
        let mut cells = vec![Cell::Empty];
        cells.extend(head);
        cells.extend([Cell::Empty, Cell::Empty]);
        cells.extend(posts.iter().map(|_| Cell::Empty));
        cells.extend(std::iter::repeat_n(Cell::Empty, 5));
        cells.extend(tail);
        cells.push(Cell::Text(
            crate::t!("report.building_without_unit", building = b.name).into_owned(),
        ));
        rows.push(cells);
    }
    for (i, row) in rows.iter_mut().enumerate() {
        if let Some(first) = row.first_mut() {
            *first = Cell::Count(i64::try_from(i + 1).unwrap_or(i64::MAX));
        }
    }

    let mut section = Section {
        heading: None,
        columns,
        rows,
    };
    section.add_total();
    let region = project.region.as_ref();
    Table {
        name: OFFICE_TABLE,
        title: format!(
            "{OFFICE_TABLE}（面积单位：m²；基本办公用房为使用面积，其余面积为建筑面积）"
        ),
        header_block: vec![
            vec![
                (
                    "行政区划名称".to_owned(),
                    region.map_or(String::new(), |r| r.name.clone()),
                ),
                (
                    "行政区划级别".to_owned(),
                    region.map_or(String::new(), |r| format!("{}级", r.level.zh())),
                ),
                (
                    "行政区划代码".to_owned(),
                    region.map_or(String::new(), |r| r.code.clone()),
                ),
            ],
            vec![
                ("填表人单位".to_owned(), String::new()),
                ("填表人姓名".to_owned(), String::new()),
                ("电话".to_owned(), String::new()),
            ],
        ],
        sections: vec![section],
    }
}

/// The building columns of a row: before the unit columns (地址坐落 … 技术业务用房建筑面积)
/// and after them (权属登记情况, 建设年代, 是否为租(借)用).
struct BuildingCells {
    head: Vec<Cell>,
    tail: Vec<Cell>,
}

/// 办公用房 and 技术业务用房 建筑面积 of a building: as recorded where the building has them
/// (the title documents' figures), else from its rooms (see [`BuildingUse::gross_split`]).
pub(super) fn building_gross(
    building: &Building,
    used: &HashMap<Uuid, BuildingUse>,
) -> (Option<f64>, Option<f64>) {
    let estimated = used
        .get(&building.uuid)
        .map(|u| u.gross_split(building.gross_area_m2));
    (
        building.office_gross_m2.or(estimated.map(|e| e.0)),
        building.technical_gross_m2.or(estimated.map(|e| e.1)),
    )
}

/// The unit's own note, and which building the building columns describe when it uses more.
fn note(unit_note: &str, used: &UnitBuildings<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !unit_note.is_empty() {
        parts.push(unit_note.to_owned());
    }
    if let (Some(main), false) = (used.main, used.others.is_empty()) {
        parts.push(
            crate::t!(
                "report.main_building",
                main = main.name,
                others = used.others.join("、")
            )
            .into_owned(),
        );
    }
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compliance::{CheckOptions, check};
    use crate::io::sample::{SampleSource, build_project};

    fn sample_table() -> (Project, Table) {
        let project = build_project(&SampleSource::Embedded).unwrap();
        let standard = ProjectStandard::resolve(&project.settings).unwrap();
        let result = check(
            &project,
            &standard,
            &CheckOptions::for_project(&project, None),
        );
        let report = ComplianceReport::new(&project, &standard, &result);
        let table = office_table(&project, &standard, &result, &report);
        (project, table)
    }

    fn column(table: &Table, header: &str) -> usize {
        table.sections[0]
            .columns
            .iter()
            .position(|c| c.header == header)
            .unwrap()
    }

    #[test]
    fn known_building_area_is_split_by_usable_area() {
        let used = BuildingUse {
            office_m2: 90.0,
            technical_m2: 10.0,
            office_gross_m2: 150.0,
            technical_gross_m2: 16.666,
        };
        // 200 m² 总建筑面积 split 90 : 10 of 使用面积.
        assert_eq!(used.gross_split(Some(200.0)), (180.0, 20.0));
        // Unknown: the coefficient estimates, rounded to 0.01 m².
        assert_eq!(used.gross_split(None), (150.0, 16.67));
    }

    #[test]
    fn every_post_lands_in_a_column() {
        let (project, table) = sample_table();
        let section = &table.sections[0];
        let posts: Vec<usize> = section
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.group.as_deref() == Some(POSTS_GROUP))
            .map(|(i, _)| i)
            .collect();
        // The county file's five rank rows come first (DOMAIN §3.1).
        let labels: Vec<&str> = posts
            .iter()
            .take(5)
            .map(|i| section.columns[*i].header.as_str())
            .collect();
        assert_eq!(
            labels,
            ["县级正职", "县级副职", "正科级", "副科级", "科级以下"]
        );
        for (unit, row) in project.units.iter().zip(&section.rows) {
            let sum: i64 = posts
                .iter()
                .map(|i| match &row[*i] {
                    Cell::Count(n) => *n,
                    other => panic!("{other:?}"),
                })
                .sum();
            assert_eq!(sum, i64::from(unit.approved_posts()), "{}", unit.name);
        }
    }

    #[test]
    fn a_unit_in_two_buildings_reads_its_main_one() {
        let (_, table) = sample_table();
        let (name, year, note) = (
            column(&table, "使用单位"),
            column(&table, "建设年代"),
            column(&table, "备注"),
        );
        let row = table.sections[0]
            .rows
            .iter()
            .find(|r| r[note].as_text().contains("机关食堂"))
            .unwrap();
        // The sample's 县机关事务服务中心 works in 部门办公楼 (built 2006, `sample_plans/buildings.csv`) and also holds rooms
        // in the canteen building.
        assert!(row[note].as_text().contains("部门办公楼"), "{row:?}");
        assert_eq!(row[year], Cell::Count(2006), "{}", row[name].as_text());
    }

    #[test]
    fn header_block_names_the_region_and_leaves_the_filler_blank() {
        let (_, table) = sample_table();
        assert_eq!(table.header_block[0][0].1, "示范县");
        assert_eq!(table.header_block[0][1].1, "县级");
        assert!(table.header_block[1].iter().all(|(_, v)| v.is_empty()));
    }
}
