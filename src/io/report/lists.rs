//! 各单位办公用房总体使用统计表 (DOMAIN §3.3), 超标清单 and 闲置清单: the check's findings as
//! tables.

use super::allocation::{Allocation, RowAreas};
use super::national::{COMMON_ROW, basis_note, gross_footnote};
use super::{Cell, Column, IDLE_TABLE, OVER_TABLE, Section, Table, USAGE_TABLE};
use crate::analysis::area::round_m2;
use crate::analysis::compliance::report::RoomNames;
use crate::analysis::compliance::{Compliance, ComplianceReport};
use crate::model::Project;
use crate::standards::ProjectStandard;

fn columns(headers: &[&str]) -> Vec<Column> {
    headers.iter().map(|h| Column::new(*h)).collect()
}

/// 各单位办公用房总体使用统计表: per unit, posts, headcount and the areas it holds (本级 only:
/// each unit counts its own rooms, 1/n of a room shared by n units, any status), then one
/// 公共部分 row per building with rooms without a unit (`docs/report-rules.md`). The same
/// [`Allocation`] as 办公用房信息, so the two add up to the same totals.
pub fn usage_table(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
    report: &ComplianceReport,
) -> Table {
    let allocation = Allocation::of(project, standard, result);
    usage_table_of(project, standard, (result, report), &allocation)
}

/// [`usage_table`] from an allocation already made (the workbook makes one for all its sheets).
pub(super) fn usage_table_of(
    project: &Project,
    standard: &ProjectStandard,
    (result, report): (&Compliance, &ComplianceReport),
    allocation: &Allocation,
) -> Table {
    let (unit_areas, common_areas) = allocation.rounded();
    let areas = |a: &RowAreas| {
        [
            Cell::Area(a.idle),
            Cell::Area(a.office),
            Cell::Area(a.service),
            Cell::Area(a.equipment),
            Cell::Area(round_m2(a.basic())),
            Cell::Area(a.ancillary_gross),
            Cell::Area(a.technical_gross),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = super::unit_rows(project, result, report)
        .map(|(index, unit, u)| {
            let a = unit_areas.get(index).copied().unwrap_or_default();
            let mut cells = vec![
                Cell::Text(u.name.clone()),
                Cell::count(u.posts),
                Cell::count(unit.headcount),
            ];
            cells.extend(areas(&a));
            cells.push(Cell::Text(basis_note(a.basis).unwrap_or_default()));
            cells
        })
        .collect();
    rows.extend(common_areas.iter().filter_map(|(b, a)| {
        let building = project.buildings.get(*b)?;
        let mut cells = vec![
            Cell::Text(format!("{}{COMMON_ROW}", building.name)),
            Cell::Empty,
            Cell::Empty,
        ];
        cells.extend(areas(a));
        let mut note = vec![crate::t!("office_table.common_note").into_owned()];
        note.extend(basis_note(a.basis));
        cells.push(Cell::Text(note.join("；")));
        Some(cells)
    }));
    let mut section = Section {
        heading: None,
        columns: [
            "单位名称",
            "批复编制人数",
            "实有人数",
            "空置使用面积",
            "办公室使用面积",
            "服务用房使用面积",
            "设备用房使用面积",
            "基本办公用房总使用面积",
            "附属用房建筑面积",
            "业务技术用房建筑面积",
            "备注",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let column = Column::new(h);
            if i == 0 || h == "备注" {
                column
            } else {
                column.summed()
            }
        })
        .collect(),
        rows,
    };
    section.add_total();
    Table {
        name: USAGE_TABLE,
        sheet: None,
        title: format!(
            "{USAGE_TABLE}（面积单位：m²；附属用房、业务技术用房为建筑面积，其余为使用面积）"
        ),
        header_block: Vec::new(),
        sections: vec![section, gross_footnote(project, standard, allocation)],
    }
}

/// 超标清单: units over the standard (办公室 and 基本办公用房, 核定 vs 实际) and every finding
/// about a person.
pub fn over_table(report: &ComplianceReport) -> Table {
    let units = report
        .units
        .iter()
        .filter(|u| u.over)
        .map(|u| {
            let items: Vec<String> = u.over_items.iter().map(|code| item_label(code)).collect();
            vec![
                Cell::Text(u.name.clone()),
                Cell::count(u.posts),
                Cell::Area(u.approved_office_m2),
                Cell::Area(u.used_office_m2),
                Cell::Area(u.excess_m2),
                Cell::Percent(u.excess_ratio),
                Cell::Area(u.approved_basic_m2),
                Cell::Area(u.used_basic_m2),
                Cell::Area(u.basic_excess_m2),
                Cell::Percent(u.basic_excess_ratio),
                Cell::Text(items.join("、")),
            ]
        })
        .collect();
    let persons = report
        .persons
        .iter()
        .map(|p| {
            let excess = p.limit.map(|l| round_m2((p.area - l).max(0.0)));
            vec![
                Cell::Text(p.person.clone()),
                Cell::Text(p.title.clone()),
                Cell::Text(p.grade_row.clone()),
                Cell::Text(p.unit.clone()),
                Cell::Text(p.rooms.join("、")),
                Cell::Area(p.area),
                Cell::area(p.limit),
                Cell::area(excess),
                Cell::Text(p.label.clone()),
            ]
        })
        .collect();
    Table {
        name: OVER_TABLE,
        sheet: None,
        title: format!("{OVER_TABLE}（面积单位：m²，使用面积）"),
        header_block: Vec::new(),
        sections: vec![
            Section {
                heading: Some("超标单位".to_owned()),
                columns: columns(&[
                    "单位名称",
                    "批复编制人数",
                    "办公室核定面积",
                    "办公室使用面积",
                    "办公室超标面积",
                    "办公室超标比例(%)",
                    "基本办公用房核定面积",
                    "基本办公用房使用面积",
                    "基本办公用房超标面积",
                    "基本办公用房超标比例(%)",
                    "超标项目",
                ]),
                rows: units,
            },
            Section {
                heading: Some("个人问题".to_owned()),
                columns: columns(&[
                    "姓名",
                    "职务",
                    "职务级别",
                    "所在单位",
                    "房间",
                    "使用面积",
                    "标准面积",
                    "超标面积",
                    "问题类型",
                ]),
                rows: persons,
            },
            Section {
                heading: Some("未经批准的租用、出租出借".to_owned()),
                columns: columns(&[
                    "问题类型",
                    "楼栋/房间",
                    "使用单位",
                    "状态",
                    "使用面积",
                    "备注",
                ]),
                rows: report
                    .unapproved
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::Text(r.label.clone()),
                            Cell::Text(r.subject.clone()),
                            Cell::Text(r.units.join("、")),
                            r.status.map_or(Cell::Empty, |s| {
                                Cell::Text(crate::model::Coded::zh(s).to_owned())
                            }),
                            Cell::area(r.area),
                            Cell::Text(r.note.clone()),
                        ]
                    })
                    .collect(),
            },
        ],
    }
}

/// The name of an over-standard item code of [`crate::analysis::compliance::report::UnitRow`].
fn item_label(code: &str) -> String {
    match code {
        "office" => crate::t!("check.item.office"),
        "service" => crate::t!("check.item.service"),
        "plant" => crate::t!("check.item.plant"),
        "basic" => crate::t!("check.item.basic"),
        other => other.to_owned().into(),
    }
    .into_owned()
}

/// 闲置清单: idle rooms with building, floor, number, area and since when.
pub fn idle_table(project: &Project, result: &Compliance) -> Table {
    let names = RoomNames::new(project);
    let rows = result
        .idle_rooms
        .iter()
        .filter_map(|fact| {
            let room = project.rooms.get(fact.room)?;
            let (building, floor) = names.place(room);
            Some(vec![
                Cell::Text(building.to_owned()),
                Cell::Text(floor.to_owned()),
                Cell::Text(room.number.clone()),
                Cell::Text(room.name.clone()),
                Cell::Text(crate::labels::category(room.category)),
                Cell::Area(round_m2(fact.area_m2)),
                room.status_since.clone().map_or(Cell::Empty, Cell::Text),
                fact.days.map_or(Cell::Empty, Cell::Count),
            ])
        })
        .collect();
    Table {
        name: IDLE_TABLE,
        sheet: None,
        title: format!(
            "{IDLE_TABLE}（面积单位：m²，使用面积；截至 {}）",
            result.as_of
        ),
        header_block: Vec::new(),
        sections: vec![Section {
            heading: None,
            columns: columns(&[
                "楼栋",
                "楼层",
                "房间号",
                "房间名称",
                "类别",
                "使用面积",
                "闲置起始日期",
                "闲置天数",
            ]),
            rows,
        }],
    }
}
