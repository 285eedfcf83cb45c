//! 行政区划信息 (DOMAIN §3.1): the region's one row, with the file's totals — the same figures
//! as the 总计 of 办公用房信息, from the same [`Allocation`].

use super::allocation::{Allocation, RowAreas};
use super::{Cell, Column, REGION_TABLE, Section, Table};
use crate::analysis::area::round_m2;
use crate::analysis::compliance::{Compliance, ComplianceReport};
use crate::model::{Coded as _, Project};
use crate::standards::ProjectStandard;

/// 行政区划信息: name, level, code, statistics date, counts of sites, buildings, units and
/// approved posts, and the area totals (使用面积 of 基本办公用房, 建筑面积 of the others).
pub fn region_table(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
    report: &ComplianceReport,
) -> Table {
    let allocation = Allocation::of(project, standard, result);
    region_table_of(project, standard, (result, report), &allocation)
}

/// [`region_table`] from an allocation already made (the workbook makes one for all its sheets).
pub(super) fn region_table_of(
    project: &Project,
    standard: &ProjectStandard,
    (result, report): (&Compliance, &ComplianceReport),
    allocation: &Allocation,
) -> Table {
    let (units, common) = allocation.rounded();
    let mut total = RowAreas::default();
    for a in units.iter().chain(common.iter().map(|(_, a)| a)) {
        total.office += a.office;
        total.service += a.service;
        total.equipment += a.equipment;
        total.office_gross += a.office_gross;
        total.ancillary_gross += a.ancillary_gross;
        total.technical_gross += a.technical_gross;
        total.idle += a.idle;
    }
    let held: Vec<_> = project
        .buildings
        .iter()
        .filter(|b| !b.is_returned_on(&result.as_of))
        .collect();
    let sites = project
        .sites
        .iter()
        .filter(|s| held.iter().any(|b| b.site == s.uuid))
        .count();
    let count = |n: usize| Cell::Count(i64::try_from(n).unwrap_or(i64::MAX));
    let region = project.region.as_ref();
    let posts: i64 = super::unit_rows(project, result, report)
        .map(|(_, u, _)| i64::from(u.approved_posts()))
        .sum();
    let row = vec![
        Cell::Text(region.map_or(String::new(), |r| r.name.clone())),
        Cell::Text(region.map_or(String::new(), |r| format!("{}级", r.level.zh()))),
        Cell::Text(region.map_or(String::new(), |r| r.code.clone())),
        Cell::Text(result.as_of.clone()),
        count(sites),
        count(held.len()),
        count(report.units.len()),
        Cell::Count(posts),
        Cell::Area(round_m2(total.office_gross)),
        Cell::Area(round_m2(total.office)),
        Cell::Area(round_m2(total.service)),
        Cell::Area(round_m2(total.equipment)),
        Cell::Area(round_m2(total.office + total.service + total.equipment)),
        Cell::Area(round_m2(total.ancillary_gross)),
        Cell::Area(round_m2(total.technical_gross)),
        Cell::Area(round_m2(total.idle)),
        Cell::Text(super::national::basis_note(allocation.total().basis).unwrap_or_default()),
    ];
    let mut columns: Vec<Column> = [
        "行政区划名称",
        "行政区划级别",
        "行政区划代码",
        "统计截止日期",
        "院落数",
        "楼栋数",
        "使用单位数",
        "批复编制（人）",
        "办公用房建筑面积",
    ]
    .into_iter()
    .map(Column::new)
    .collect();
    columns.extend(
        ["办公室", "服务用房", "设备用房", "合计"]
            .into_iter()
            .map(|h| Column::grouped("基本办公用房使用面积", h)),
    );
    columns.extend(
        [
            "附属用房建筑面积",
            "技术业务用房建筑面积",
            "空置使用面积",
            "备注",
        ]
        .into_iter()
        .map(Column::new),
    );
    Table {
        name: REGION_TABLE,
        sheet: None,
        title: format!(
            "{REGION_TABLE}（面积单位：m²；基本办公用房、空置为使用面积，其余为建筑面积）"
        ),
        header_block: super::header::header_block(project, &result.as_of),
        sections: vec![
            Section {
                heading: None,
                columns,
                rows: vec![row],
            },
            super::national::gross_footnote(project, standard, allocation),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::report::Evaluation;
    use crate::io::sample::{SampleSource, build_project};

    #[test]
    fn the_sample_region_row_holds_the_file_totals() {
        let project = build_project(&SampleSource::Embedded).unwrap();
        let e = Evaluation::of_project(project, None).unwrap();
        let table = region_table(&e.project, &e.standard, &e.result, &e.report);
        let row = &table.sections[0].rows[0];
        // sample_plans/region.toml; 3 sites and 6 buildings (sites.csv, buildings.csv).
        assert_eq!(row[0], Cell::Text("示范县".into()));
        assert_eq!(row[2], Cell::Text("429999000000".into()));
        assert_eq!(
            (row[4].clone(), row[5].clone()),
            (Cell::Count(3), Cell::Count(6))
        );
        // `summary --json` of the sample: 办公室 3816.45 + 服务 3508.48 + 设备 381.12.
        assert_eq!(row[12], Cell::Area(7706.05));
        // The idle list (check --json summary.idle_m2).
        assert_eq!(row[15], Cell::Area(262.96));
    }
}
