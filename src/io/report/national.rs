//! 办公用房信息: the national annual table (全国党政机关办公用房数据库, DOMAIN §3.1), one row
//! per using unit.

use super::allocation::{Allocation, RowAreas, UnitBuildings};
use super::header::header_block;
use super::{Cell, Column, OFFICE_TABLE, Section, Table};
use crate::analysis::area::round_m2;
use crate::analysis::compliance::{Compliance, ComplianceReport};
use crate::analysis::gross::GrossBasis;
use crate::io::rank_rows::{form_row, form_rows};
use crate::model::{Building, Coded as _, OrganCategory, Project, Unit};
use crate::standards::ProjectStandard;

const BASIC_GROUP: &str = "基本办公用房使用面积";
const POSTS_GROUP: &str = "批复编制（人）";

/// The section and row names of rooms without a unit (form text, like the headers).
pub(super) const COMMON_HEADING: &str = "公共部分（楼栋内无使用单位的用房）";
pub(super) const COMMON_ROW: &str = "公共部分";

/// The heading of a level's section: 县级机关 …
pub(super) fn level_heading(level: OrganCategory) -> String {
    match level {
        OrganCategory::Central => "中央机关".to_owned(),
        other => format!("{}级机关", other.zh()),
    }
}

/// A section's post columns: the form's rows of the level (DOMAIN §3.1), then a GB/T column
/// for each grade above the level's first row that one of its units has.
fn level_posts(level: OrganCategory, units: &[&Unit]) -> Vec<String> {
    let mut labels: Vec<String> = form_rows(level).into_iter().map(str::to_owned).collect();
    for unit in units {
        for grade in unit.posts.keys() {
            if form_row(level, *grade).is_none() && !labels.iter().any(|l| l == grade.zh()) {
                labels.push(grade.zh().to_owned());
            }
        }
    }
    labels
}

/// A unit's posts by the labels of [`level_posts`].
fn post_cells(unit: &Unit, labels: &[String]) -> Vec<Cell> {
    let mut counts = vec![0i64; labels.len()];
    for (grade, n) in &unit.posts {
        let label = form_row(unit.organ_category, *grade).unwrap_or(grade.zh());
        if let Some(i) = labels.iter().position(|l| l == label)
            && let Some(c) = counts.get_mut(i)
        {
            *c += i64::from(*n);
        }
    }
    counts
        .into_iter()
        .zip(labels)
        .map(|(n, label)| {
            if label.is_empty() {
                Cell::Empty
            } else {
                Cell::Count(n)
            }
        })
        .collect()
}

/// The columns of a section whose post group has `posts`.
fn columns(posts: &[String]) -> Vec<Column> {
    let mut columns: Vec<Column> = ["序号", "地址坐落", "用地面积", "总建筑面积"]
        .into_iter()
        .map(Column::new)
        .collect();
    // The row's own 建筑面积 (its share of its buildings' figures) adds up; 用地面积 and
    // 总建筑面积 describe the row's main building and repeat.
    columns.extend(
        ["办公用房建筑面积", "技术业务用房建筑面积"]
            .into_iter()
            .map(|h| Column::new(h).summed()),
    );
    columns.extend(["使用单位", "类别"].into_iter().map(Column::new));
    columns.extend(posts.iter().map(|p| {
        let column = Column::grouped(POSTS_GROUP, p.clone());
        // A blank padding column adds nothing up.
        if p.is_empty() {
            column
        } else {
            column.summed()
        }
    }));
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
    columns
}

/// The building cells of a row: before the unit columns (地址坐落, 用地面积, 总建筑面积) and
/// after them (权属登记情况, 建设年代, 是否为租(借)用).
fn building_cells(project: &Project, main: Option<&Building>) -> (Vec<Cell>, Vec<Cell>) {
    let site = main.and_then(|b| project.sites.iter().find(|s| s.uuid == b.site));
    (
        vec![
            site.map_or(Cell::Empty, |s| {
                Cell::Text(if s.address.is_empty() {
                    s.name.clone()
                } else {
                    s.address.clone()
                })
            }),
            Cell::area(site.and_then(|s| s.land_area_m2)),
            Cell::area(main.and_then(|b| b.gross_area_m2)),
        ],
        vec![
            main.map_or(Cell::Empty, |b| Cell::Text(b.title_status.zh().to_owned())),
            main.and_then(|b| b.year_built)
                .map_or(Cell::Empty, |y| Cell::Count(i64::from(y))),
            main.map_or(Cell::Empty, |b| {
                Cell::Text(if b.rented { "是" } else { "否" }.to_owned())
            }),
        ],
    )
}

/// The area cells of a row, in the layout of [`columns`]: (办公用房, 技术业务用房 建筑面积),
/// then the basic and ancillary columns.
fn area_cells(a: &RowAreas) -> ([Cell; 2], [Cell; 5]) {
    (
        [Cell::Area(a.office_gross), Cell::Area(a.technical_gross)],
        [
            Cell::Area(a.office),
            Cell::Area(a.service),
            Cell::Area(a.equipment),
            Cell::Area(round_m2(a.basic())),
            Cell::Area(a.ancillary_gross),
        ],
    )
}

/// A level's section: the level, its units (project index, unit) and its post columns.
type Level<'a> = (OrganCategory, Vec<(usize, &'a Unit)>, Vec<String>);

/// The mark of a row whose 建筑面积 is derived (see the table's footnote).
pub(super) fn basis_note(basis: Option<GrossBasis>) -> Option<String> {
    match basis? {
        GrossBasis::Recorded => None,
        GrossBasis::Apportioned => Some(crate::t!("office_table.apportioned").into_owned()),
        GrossBasis::Estimated => Some(crate::t!("office_table.estimated").into_owned()),
    }
}

/// The footnote under a table with 建筑面积: how derived figures are made, with the
/// coefficients of the buildings whose figures are estimated.
pub(super) fn gross_footnote(
    project: &Project,
    standard: &ProjectStandard,
    allocation: &Allocation,
) -> Section {
    let estimated: Vec<String> = project
        .buildings
        .iter()
        .filter(|b| {
            allocation.buildings.get(&b.uuid).is_some_and(|(g, _)| {
                g.office.basis == GrossBasis::Estimated
                    || g.technical.basis == GrossBasis::Estimated
            })
        })
        .map(|b| format!("{} {:.2}", b.name, standard.set.coefficient.for_building(b)))
        .collect();
    let coefficients = if estimated.is_empty() {
        crate::t!("office_table.no_estimates").into_owned()
    } else {
        estimated.join("、")
    };
    Section {
        heading: Some(crate::t!("office_table.footnote", coefficients = coefficients).into_owned()),
        columns: Vec::new(),
        rows: Vec::new(),
    }
}

/// Adds the total row of a section, labelled `label` (小计) in the 使用单位 column (序号
/// stays a narrow number column).
fn add_labelled_total(section: &mut Section, label: &str) {
    section.add_total();
    let unit = section.columns.iter().position(|c| c.header == "使用单位");
    if let Some(row) = section.rows.last_mut() {
        if let Some(first) = row.first_mut() {
            *first = Cell::Empty;
        }
        if let Some(cell) = unit.and_then(|i| row.get_mut(i)) {
            *cell = Cell::Text(label.to_owned());
        }
    }
}

/// `labels` padded with blank headers to `width` columns, so that every section of the
/// table has its columns at the same places (one set of column widths prints them all).
fn padded(labels: &[String], width: usize) -> Vec<String> {
    let mut out = labels.to_vec();
    out.resize(width.max(labels.len()), String::new());
    out
}

/// 办公用房信息 (`docs/report-rules.md`): one section per organ level present (its own post
/// columns and 小计), then 公共部分 (each building's rooms without a unit), then 总计. A unit's
/// row holds every room it holds (1/n of a room shared by n units), any status; the building
/// columns describe its main building (the one it holds most 使用面积 in) and 备注 names the
/// others.
pub fn office_table(
    project: &Project,
    standard: &ProjectStandard,
    result: &Compliance,
    report: &ComplianceReport,
) -> Table {
    let allocation = Allocation::of(project, standard, result);
    office_table_of(project, standard, (result, report), &allocation)
}

/// [`office_table`] from an allocation already made (the workbook makes one for all its sheets).
pub(super) fn office_table_of(
    project: &Project,
    standard: &ProjectStandard,
    (result, report): (&Compliance, &ComplianceReport),
    allocation: &Allocation,
) -> Table {
    let (unit_areas, common_areas) = allocation.rounded();
    let mut sections = Vec::new();
    let mut number = 0i64;
    let mut next_number = || {
        number += 1;
        Cell::Count(number)
    };
    let listed: Vec<(usize, &Unit)> = super::unit_rows(project, result, report)
        .map(|(i, unit, _)| (i, unit))
        .collect();
    let levels: Vec<Level<'_>> = OrganCategory::ALL
        .iter()
        .filter_map(|level| {
            let units: Vec<(usize, &Unit)> = listed
                .iter()
                .filter(|(_, u)| u.organ_category == *level)
                .copied()
                .collect();
            if units.is_empty() {
                return None;
            }
            let posts = level_posts(*level, &units.iter().map(|(_, u)| *u).collect::<Vec<_>>());
            Some((*level, units, posts))
        })
        .collect();
    let width = levels
        .iter()
        .map(|(_, _, p)| p.len())
        .max()
        .unwrap_or(1)
        .max(1);
    for (level, units, labels) in &levels {
        let posts = padded(labels, width);
        let rows = units
            .iter()
            .map(|(index, unit)| {
                let areas = unit_areas.get(*index).copied().unwrap_or_default();
                let used = allocation.unit_buildings.get(*index);
                let main = Allocation::building(project, used.and_then(|u| u.main));
                let (head, tail) = building_cells(project, main);
                let (gross, basic) = area_cells(&areas);
                let mut cells = vec![next_number()];
                cells.extend(head);
                cells.extend(gross);
                cells.extend([
                    Cell::Text(unit.name.clone()),
                    Cell::Text(unit.kind.zh().to_owned()),
                ]);
                cells.extend(post_cells(unit, &posts));
                cells.extend(basic);
                cells.extend(tail);
                cells.push(Cell::Text(unit_note(project, unit, used, areas.basis)));
                cells
            })
            .collect();
        let mut section = Section {
            heading: Some(level_heading(*level)),
            columns: columns(&posts),
            rows,
        };
        add_labelled_total(&mut section, "小计");
        sections.push(section);
    }
    if !common_areas.is_empty() {
        let rows = common_areas
            .iter()
            .filter_map(|(b, areas)| {
                let building = project.buildings.get(*b)?;
                let (head, tail) = building_cells(project, Some(building));
                let (gross, basic) = area_cells(areas);
                let mut cells = vec![next_number()];
                cells.extend(head);
                cells.extend(gross);
                cells.extend([
                    Cell::Text(format!("{}{COMMON_ROW}", building.name)),
                    Cell::Empty,
                ]);
                cells.extend(std::iter::repeat_n(Cell::Empty, width));
                cells.extend(basic);
                cells.extend(tail);
                let mut note = vec![crate::t!("office_table.common_note").into_owned()];
                note.extend(basis_note(areas.basis));
                cells.push(Cell::Text(note.join("；")));
                Some(cells)
            })
            .collect();
        let mut section = Section {
            heading: Some(COMMON_HEADING.to_owned()),
            columns: columns(&padded(&[], width)),
            rows,
        };
        add_labelled_total(&mut section, "小计");
        sections.push(section);
    }
    // 总计: the rounded rows added up (so the printed rows add up to it), posts in one column.
    let mut total = RowAreas::default();
    for a in unit_areas.iter().chain(common_areas.iter().map(|(_, a)| a)) {
        total.office += a.office;
        total.service += a.service;
        total.equipment += a.equipment;
        total.office_gross += a.office_gross;
        total.technical_gross += a.technical_gross;
        total.ancillary_gross += a.ancillary_gross;
    }
    let (gross, basic) = area_cells(&RowAreas {
        office: round_m2(total.office),
        service: round_m2(total.service),
        equipment: round_m2(total.equipment),
        office_gross: round_m2(total.office_gross),
        technical_gross: round_m2(total.technical_gross),
        ancillary_gross: round_m2(total.ancillary_gross),
        ..RowAreas::default()
    });
    let posts: i64 = listed
        .iter()
        .map(|(_, u)| i64::from(u.approved_posts()))
        .sum();
    let mut grand = vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty];
    grand.extend(gross);
    grand.extend([
        Cell::Text("总计".to_owned()),
        Cell::Empty,
        Cell::Count(posts),
    ]);
    grand.extend(std::iter::repeat_n(Cell::Empty, width - 1));
    grand.extend(basic);
    grand.extend(std::iter::repeat_n(Cell::Empty, 4));
    sections.push(Section {
        heading: Some("总计".to_owned()),
        columns: columns(&padded(&["合计".to_owned()], width)),
        rows: vec![grand],
    });
    sections.push(gross_footnote(project, standard, allocation));
    Table {
        name: OFFICE_TABLE,
        sheet: None,
        title: format!(
            "{OFFICE_TABLE}（面积单位：m²；基本办公用房为使用面积，其余面积为建筑面积）"
        ),
        header_block: header_block(project, &result.as_of),
        sections,
    }
}

/// A unit's 备注: its own note, which building the building columns describe when it uses
/// more, and the mark of derived 建筑面积.
fn unit_note(
    project: &Project,
    unit: &Unit,
    used: Option<&UnitBuildings>,
    basis: Option<GrossBasis>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !unit.note.is_empty() {
        parts.push(unit.note.clone());
    }
    if let Some(used) = used
        && let Some(main) = Allocation::building(project, used.main)
        && !used.others.is_empty()
    {
        let others: Vec<&str> = used
            .others
            .iter()
            .filter_map(|b| project.buildings.get(*b).map(|b| b.name.as_str()))
            .collect();
        parts.push(
            crate::t!(
                "report.main_building",
                main = main.name,
                others = others.join("、")
            )
            .into_owned(),
        );
    }
    parts.extend(basis_note(basis));
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

    fn column(section: &Section, header: &str) -> usize {
        section
            .columns
            .iter()
            .position(|c| c.header == header)
            .unwrap()
    }

    fn section<'a>(table: &'a Table, heading: &str) -> &'a Section {
        table
            .sections
            .iter()
            .find(|s| s.heading.as_deref() == Some(heading))
            .unwrap()
    }

    #[test]
    fn each_level_has_its_own_rank_columns_and_every_post_lands() {
        let (project, table) = sample_table();
        let county = section(&table, "县级机关");
        let township = section(&table, "乡级机关");
        let posts = |s: &Section| -> Vec<usize> {
            s.columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.group.as_deref() == Some(POSTS_GROUP))
                .map(|(i, _)| i)
                .collect()
        };
        let labels = |s: &Section| -> Vec<String> {
            posts(s)
                .iter()
                .map(|i| s.columns[*i].header.clone())
                .collect()
        };
        // The national form's rows of each level (DOMAIN §3.1), no 办事员 column.
        assert_eq!(
            labels(county),
            ["县级正职", "县级副职", "正科级", "副科级", "科级以下"]
        );
        // The township's three, padded with blank columns to the county's five so that the
        // sections share their column widths.
        assert_eq!(
            labels(township),
            ["乡级正职", "乡级副职", "乡级以下", "", ""]
        );
        // 科级以下 of the county subtotal: 科员级 183 + 办事员级 37 of the county units;
        // 乡级以下: the two townships' 科员级 15 (hand sums of sample_plans/posts.csv).
        let subtotal =
            |s: &Section, header: &str| s.rows.last().unwrap()[column(s, header)].clone();
        assert_eq!(subtotal(county, "科级以下"), Cell::Count(220));
        assert_eq!(subtotal(township, "乡级以下"), Cell::Count(15));
        // Every unit's posts add up to its approved posts.
        for s in [county, township] {
            let name = column(s, "使用单位");
            for row in s
                .rows
                .iter()
                .filter(|r| r[name] != Cell::Text("小计".into()))
            {
                let unit = project
                    .units
                    .iter()
                    .find(|u| Cell::Text(u.name.clone()) == row[name])
                    .unwrap();
                let sum: i64 = posts(s)
                    .iter()
                    .map(|i| match &row[*i] {
                        Cell::Count(n) => *n,
                        Cell::Empty if s.columns[*i].header.is_empty() => 0,
                        other => panic!("{other:?}"),
                    })
                    .sum();
                assert_eq!(sum, i64::from(unit.approved_posts()), "{}", unit.name);
            }
        }
    }

    #[test]
    fn a_unit_in_two_buildings_reads_its_main_one() {
        let (_, table) = sample_table();
        let county = section(&table, "县级机关");
        let (name, year, note) = (
            column(county, "使用单位"),
            column(county, "建设年代"),
            column(county, "备注"),
        );
        let row = county
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
    fn the_canteen_has_a_common_row() {
        let (_, table) = sample_table();
        let common = section(&table, "公共部分（楼栋内无使用单位的用房）");
        let name = column(common, "使用单位");
        assert!(
            common
                .rows
                .iter()
                .any(|r| r[name] == Cell::Text("机关食堂公共部分".into())),
            "{:?}",
            common.rows
        );
    }

    #[test]
    fn header_block_names_the_region_and_the_date() {
        let (_, table) = sample_table();
        assert_eq!(table.header_block[0][0].1, "示范县");
        assert_eq!(table.header_block[0][1].1, "县级");
        assert_eq!(table.header_block[0][3].1, "2026-09-30");
        // The sample records no filler: blank, for the hand.
        assert!(table.header_block[1].iter().all(|(_, v)| v.is_empty()));
    }
}
