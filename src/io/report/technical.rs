//! 技术业务用房信息: the national table of technical and business buildings (技术业务用房,
//! DOMAIN §1.3, §3.1), one row per building that holds any.
//!
//! **Which buildings get a row**: every building held on the statistics date (not returned to
//! its lessor) with 技术业务用房 — a recorded 技术业务用房建筑面积 above 0, or at least one
//! room of category 技术业务用房. A building of mixed use (offices and technical rooms) is
//! listed here with its whole 总建筑面积 and its 技术业务用房建筑面积 beside it, and in
//! 办公用房信息 as well.
//!
//! **Columns**: the form's 地址坐落 (the compound's address, else its name), 用地面积 (the
//! compound's), 总建筑面积, 主要使用单位, 权属登记情况, 建设年代, 备注; and two added for
//! reconciliation with 办公用房信息: 楼栋 and 其中：技术业务用房建筑面积.
//!
//! **主要使用单位**: the building's recorded one (楼栋 form, `building edit --main-unit`);
//! else the unit with the most 使用面积 of 技术业务用房 rooms in it (a room of n units counts
//! 1/n to each; ties go to the unit listed first); else the unit with the most 使用面积 in
//! the building; else blank.
//!
//! **建筑面积**: from [`building_figures`], the one place these figures are looked up:
//! recorded where the building has them, else the estimate 办公用房信息 uses. An estimate is
//! marked in 备注 and explained in the footnote.

use std::collections::HashMap;

use super::header::{footnote, header_block, number_rows};
use super::{Cell, Column, Section, TECHNICAL_TABLE, Table};
use crate::analysis::compliance::Compliance;
use crate::model::{Building, Coded as _, Project, RoomCategory, Uuid};
use crate::standards::ProjectStandard;

/// A building's 建筑面积 figures, and whether each is an estimate.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct BuildingFigures {
    /// 总建筑面积, m².
    pub total_m2: Option<f64>,
    pub total_estimated: bool,
    /// 技术业务用房建筑面积, m².
    pub technical_m2: Option<f64>,
    pub technical_estimated: bool,
}

/// Every building's 建筑面积 figures, from the one source every sheet reads
/// ([`crate::analysis::gross::project_gross`], `docs/report-rules.md`): the recorded
/// 总建筑面积 and 技术业务用房建筑面积, else the recorded 总建筑面积 split by the rooms'
/// 使用面积, else 使用面积 ÷ the usable coefficient; an unrecorded 总建筑面积 is the sum of the
/// building's 办公用房 and 技术业务用房 figures as 办公用房信息 shows them.
pub(super) fn building_figures(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
) -> HashMap<Uuid, BuildingFigures> {
    let figures =
        crate::analysis::gross::project_gross(project, &standard.set.coefficient, &result.areas);
    project
        .buildings
        .iter()
        .filter_map(|b| {
            let (gross, usable) = figures.get(&b.uuid)?;
            let has = |m2: f64, recorded: Option<f64>| recorded.is_some() || m2 > 0.0;
            let office = has(usable.office_space_m2, b.office_gross_m2).then_some(gross.office.m2);
            let technical =
                has(usable.technical_m2, b.technical_gross_m2).then_some(gross.technical.m2);
            let total = b.gross_area_m2.or(match (office, technical) {
                (None, None) => None,
                (o, t) => Some(crate::analysis::area::round_m2(
                    o.unwrap_or(0.0) + t.unwrap_or(0.0),
                )),
            });
            Some((
                b.uuid,
                BuildingFigures {
                    total_m2: total,
                    total_estimated: b.gross_area_m2.is_none() && total.is_some(),
                    technical_m2: technical,
                    technical_estimated: gross.technical.basis.is_derived() && technical.is_some(),
                },
            ))
        })
        .collect()
}

/// Per building: 使用面积 of its 技术业务用房 rooms and of all its rooms, by unit index.
#[derive(Default)]
struct BuildingRooms {
    technical_rooms: usize,
    technical_by_unit: HashMap<usize, f64>,
    all_by_unit: HashMap<usize, f64>,
}

fn rooms_by_building(project: &Project, result: &Compliance) -> HashMap<Uuid, BuildingRooms> {
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
    let mut out: HashMap<Uuid, BuildingRooms> = HashMap::new();
    for (room, area) in project.rooms.iter().zip(&result.areas) {
        let Some(building) = building_of.get(&room.floor) else {
            continue;
        };
        let entry = out.entry(*building).or_default();
        let technical = room.category == RoomCategory::Technical;
        if technical {
            entry.technical_rooms += 1;
        }
        let share = *area / room.units.len().max(1) as f64;
        for u in room.units.iter().filter_map(|u| unit_index.get(u)) {
            *entry.all_by_unit.entry(*u).or_insert(0.0) += share;
            if technical {
                *entry.technical_by_unit.entry(*u).or_insert(0.0) += share;
            }
        }
    }
    out
}

/// The unit with the most area; ties go to the unit listed first.
fn largest(by_unit: &HashMap<usize, f64>) -> Option<usize> {
    let mut ranked: Vec<(usize, f64)> = by_unit.iter().map(|(u, a)| (*u, *a)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.first().map(|(u, _)| *u)
}

/// The 主要使用单位 of a building (see the module's rule).
fn main_user(project: &Project, b: &Building, rooms: Option<&BuildingRooms>) -> String {
    if !b.main_user.is_empty() {
        return b.main_user.resolve(&project.units);
    }
    rooms
        .and_then(|r| largest(&r.technical_by_unit).or_else(|| largest(&r.all_by_unit)))
        .and_then(|u| project.units.get(u))
        .map_or_else(String::new, |u| u.name.clone())
}

/// 技术业务用房信息 of a checked project.
pub fn technical_table(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
) -> Table {
    let figures = building_figures(project, standard, result);
    let rooms = rooms_by_building(project, result);
    let sites: HashMap<Uuid, _> = project.sites.iter().map(|s| (s.uuid, s)).collect();
    let columns = vec![
        Column::new("序号"),
        Column::new("地址坐落"),
        Column::new("楼栋"),
        Column::new("用地面积"),
        Column::new("总建筑面积").summed(),
        Column::new("其中：技术业务用房建筑面积").summed(),
        Column::new("主要使用单位"),
        Column::new("权属登记情况"),
        Column::new("建设年代"),
        Column::new("备注"),
    ];
    let mut any_estimate = false;
    let mut rows: Vec<Vec<Cell>> = project
        .buildings
        .iter()
        .filter(|b| !b.is_returned_on(&result.as_of))
        .filter(|b| {
            b.technical_gross_m2.is_some_and(|a| a > 0.0)
                || rooms.get(&b.uuid).is_some_and(|r| r.technical_rooms > 0)
        })
        .map(|b| {
            let site = sites.get(&b.site).copied();
            let f = figures.get(&b.uuid).copied().unwrap_or_default();
            let mut notes = Vec::new();
            match (f.total_estimated, f.technical_estimated) {
                (true, true) => notes.push("总建筑面积、技术业务用房建筑面积为估算"),
                (true, false) => notes.push("总建筑面积为估算"),
                (false, true) => notes.push("技术业务用房建筑面积为估算"),
                (false, false) => {}
            }
            any_estimate |= f.total_estimated || f.technical_estimated;
            if b.rented {
                notes.push("租(借)用");
            }
            vec![
                Cell::Empty,
                site.map_or(Cell::Empty, |s| {
                    Cell::Text(if s.address.is_empty() {
                        s.name.clone()
                    } else {
                        s.address.clone()
                    })
                }),
                Cell::Text(b.name.clone()),
                Cell::area(site.and_then(|s| s.land_area_m2)),
                Cell::area(f.total_m2),
                Cell::area(f.technical_m2),
                Cell::Text(main_user(project, b, rooms.get(&b.uuid))),
                Cell::Text(b.title_status.zh().to_owned()),
                b.year_built
                    .map_or(Cell::Empty, |y| Cell::Count(i64::from(y))),
                Cell::Text(notes.join("；")),
            ]
        })
        .collect();
    // 0.01 m² by largest remainder down each area column, as every sheet rounds
    // (`docs/report-rules.md` §3): the 合计 is the rounded sum, the same 技术业务用房建筑面积
    // 办公用房信息 and 行政区划信息 print.
    for column in [4, 5] {
        let values: Vec<f64> = rows
            .iter()
            .map(|r| match r.get(column) {
                Some(Cell::Area(a)) => *a,
                _ => 0.0,
            })
            .collect();
        for (row, value) in rows.iter_mut().zip(super::round_rows(&values)) {
            if let Some(cell @ Cell::Area(_)) = row.get_mut(column) {
                *cell = Cell::Area(value);
            }
        }
    }
    number_rows(&mut rows);
    let mut section = Section {
        heading: None,
        columns,
        rows,
    };
    section.add_total();
    let mut sections = vec![section];
    if any_estimate {
        // Short lines: a long one would widen the printed page.
        sections.extend(
            [
                "注：备注“为估算”的建筑面积未经测绘，与办公用房信息表同一口径：",
                "技术业务用房建筑面积由已录总建筑面积按使用面积分摊，无总建筑面积时为使用面积÷使用面积系数；",
                "总建筑面积未录时为办公用房与技术业务用房建筑面积之和。",
            ]
            .map(|line| footnote(line.to_owned())),
        );
    }
    Table {
        name: TECHNICAL_TABLE,
        sheet: None,
        title: format!("{TECHNICAL_TABLE}（面积单位：m²，建筑面积）"),
        header_block: header_block(project, &result.as_of),
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::report::Evaluation;
    use crate::io::sample::{SampleSource, build_project};

    fn evaluate(change: impl FnOnce(&mut Project)) -> Evaluation {
        let mut project = build_project(&SampleSource::Embedded).unwrap();
        change(&mut project);
        Evaluation::of_project(project, None).unwrap()
    }

    fn table(e: &Evaluation) -> Vec<Vec<String>> {
        technical_table(&e.project, &e.standard, &e.result).sections[0]
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::as_text).collect())
            .collect()
    }

    fn building(project: &mut Project, name: &str) -> usize {
        project
            .buildings
            .iter()
            .position(|b| b.name == name)
            .unwrap()
    }

    #[test]
    fn the_sample_lists_the_three_buildings_with_technical_rooms() {
        let rows = table(&evaluate(|_| {}));
        // The sample's 7 技术业务用房 rooms (291.37 m², sample_plans/README.md) lie in three
        // buildings. 部门办公楼: 档案库房（一）36.16 + （二）38.95 = 75.11 m² of 1882.85 m² 使用面积;
        // its recorded 3094.00 m² (sample_plans/buildings.csv) × 75.11 / 1882.85 = 123.42 m².
        // 行政服务中心主楼: 指挥中心 139.90 + 检验检测室 28.76 + 审讯室 15.64 × 2 = 199.94 of
        // 2424.83 m²; 3867.84 × 199.94 / 2424.83 = 318.92 m², 县公安局 holding 171.18 m² of it.
        assert_eq!(
            rows[0][1..10],
            [
                "湖北省示范县城关镇人民大道1号",
                "部门办公楼",
                "26800.00",
                "3094.00",
                "123.42",
                "县档案馆",
                "已登记",
                "2006",
                "技术业务用房建筑面积为估算"
            ]
        );
        assert_eq!(
            rows[1][2..7],
            [
                "行政服务中心主楼",
                "18500.00",
                "3867.84",
                "318.92",
                "县公安局"
            ]
        );
        assert_eq!(rows[2][2], "城东老办公楼");
        assert!(rows[2][9].contains("租(借)用"), "{:?}", rows[2]);
        // 合计: 3094.00 + 3867.84 + 512.72 = 7474.56; the 技术业务用房建筑面积 472.54 is the
        // rounded sum of the unrounded figures, the one 办公用房信息 and 行政区划信息 print
        // (issue #14: one figure in every sheet; it read 472.53 here when each row was rounded
        // alone); the rows are rounded by largest remainder so that they add up to it:
        // 123.42 + 318.92 + 30.20.
        assert_eq!(rows[2][5], "30.20");
        assert_eq!(rows[3][..6], ["合计", "", "", "", "7474.56", "472.54"]);
    }

    #[test]
    fn the_figures_are_those_of_the_office_table() {
        let e = evaluate(|_| {});
        let figures = building_figures(&e.project, &e.standard, &e.result);
        let allocation = crate::io::report::Allocation::of(&e.project, &e.standard, &e.result);
        for b in &e.project.buildings {
            let (gross, usable) = &allocation.buildings[&b.uuid];
            if usable.technical_m2 > 0.0 {
                assert_eq!(
                    figures[&b.uuid].technical_m2,
                    Some(gross.technical.m2),
                    "{}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn recorded_figures_and_main_unit_win_and_are_not_marked() {
        let e = evaluate(|p| {
            let centre = building(p, "行政服务中心主楼");
            let petitions = p
                .units
                .iter()
                .find(|u| u.name == "县信访局")
                .unwrap()
                .clone();
            let b = &mut p.buildings[centre];
            b.technical_gross_m2 = Some(300.0);
            b.main_user = crate::model::UnitRef::unit(&petitions);
            // A building with a recorded 技术业务用房建筑面积 and no technical room gets a row.
            let main = building(p, "综合办公楼");
            p.buildings[main].technical_gross_m2 = Some(50.0);
        });
        let rows = table(&e);
        assert_eq!(rows.len(), 5);
        let row = |name: &str| rows.iter().find(|r| r[2] == name).unwrap().clone();
        let centre = row("行政服务中心主楼");
        assert_eq!(centre[5..7], ["300.00", "县信访局"]);
        assert_eq!(centre[9], "");
        assert_eq!(row("综合办公楼")[5], "50.00");
    }

    #[test]
    fn an_unrecorded_total_is_estimated_and_footnoted() {
        let e = evaluate(|p| {
            let centre = building(p, "行政服务中心主楼");
            p.buildings[centre].gross_area_m2 = None;
        });
        let t = technical_table(&e.project, &e.standard, &e.result);
        let row = t.sections[0]
            .rows
            .iter()
            .find(|r| r[2].as_text() == "行政服务中心主楼")
            .unwrap();
        assert_eq!(row[9].as_text(), "总建筑面积、技术业务用房建筑面积为估算");
        // No recorded total: each room's 使用面积 ÷ 0.63 (the building's coefficient,
        // sample_plans/buildings.csv): 2424.83 / 0.63 = 3848.94 m² in all.
        assert_eq!(row[4], Cell::Area(3848.94));
        assert!(
            t.sections[1]
                .heading
                .as_deref()
                .unwrap()
                .starts_with("注：")
        );
    }
}
