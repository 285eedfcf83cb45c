//! 办公用房建设项目信息: the national table of office construction projects (DOMAIN §3.1),
//! one row per [`ConstructionProject`] of the file, in the order they were added.
//!
//! Columns are the form's: 项目名称, 审批部门, 建设单位, 主要使用单位, 地址坐落, 建设规模（m²，
//! 建筑面积）, 估算投资（万元）, 备注. The records' 批复文号, 批复年度 and 项目状态, which the
//! form has no column for, lead the 备注.

use super::header::{header_block, number_rows};
use super::{CONSTRUCTION_TABLE, Cell, Column, Section, Table};
use crate::model::{Coded as _, ConstructionProject, Project};

/// 备注 of a project: 批复文号, 批复年度 and 项目状态, then its own note.
fn note(p: &ConstructionProject) -> String {
    let mut parts = Vec::new();
    if !p.approval_no.trim().is_empty() {
        parts.push(format!("批复文号：{}", p.approval_no.trim()));
    }
    if let Some(y) = p.year {
        parts.push(format!("{y}年批复"));
    }
    parts.push(p.status.zh().to_owned());
    if !p.note.trim().is_empty() {
        parts.push(p.note.trim().to_owned());
    }
    parts.join("；")
}

/// 办公用房建设项目信息 of `project`.
pub fn construction_table(project: &Project, as_of: &str) -> Table {
    let columns = vec![
        Column::new("序号"),
        Column::new("项目名称"),
        Column::new("审批部门"),
        Column::new("建设单位"),
        Column::new("主要使用单位"),
        Column::new("地址坐落"),
        Column::new("建设规模（m²）").summed(),
        Column::new("估算投资（万元）").summed(),
        Column::new("备注"),
    ];
    let mut rows: Vec<Vec<Cell>> = project
        .construction_projects
        .iter()
        .map(|p| {
            vec![
                Cell::Empty,
                Cell::Text(p.name.clone()),
                Cell::Text(p.approver.clone()),
                Cell::Text(p.builder.clone()),
                Cell::Text(p.main_user.resolve(&project.units)),
                Cell::Text(p.address.clone()),
                Cell::area(p.scale_m2),
                Cell::area(p.investment_wan_yuan),
                Cell::Text(note(p)),
            ]
        })
        .collect();
    number_rows(&mut rows);
    let mut section = Section {
        heading: None,
        columns,
        rows,
    };
    section.add_total();
    Table {
        name: CONSTRUCTION_TABLE,
        sheet: None,
        title: format!("{CONSTRUCTION_TABLE}（建设规模为建筑面积，m²；估算投资单位：万元）"),
        header_block: header_block(project, as_of),
        sections: vec![section],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProjectStatus, UnitRef, Uuid};

    #[test]
    fn a_project_is_one_row_and_the_total_adds_scale_and_investment() {
        let mut project = Project::default();
        let mut a = ConstructionProject::new(Uuid::from_u128(1), "档案馆新建项目".into());
        a.scale_m2 = Some(4800.0);
        a.investment_wan_yuan = Some(2150.5);
        a.approval_no = "示发改投资〔2025〕12号".into();
        a.year = Some(2025);
        a.status = ProjectStatus::Building;
        a.main_user = UnitRef::named("示范县档案馆");
        let mut b = ConstructionProject::new(Uuid::from_u128(2), "公安业务技术用房维修".into());
        b.scale_m2 = Some(1200.0);
        b.investment_wan_yuan = Some(360.0);
        project.construction_projects = vec![a, b];
        let table = construction_table(&project, "2026-09-30");
        let rows = &table.sections[0].rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0][0], Cell::Count(1));
        assert_eq!(rows[0][4], Cell::Text("示范县档案馆".into()));
        assert_eq!(
            rows[0][8],
            Cell::Text("批复文号：示发改投资〔2025〕12号；2025年批复；在建".into())
        );
        // 4800 + 1200 m²; 2150.5 + 360 万元.
        assert_eq!(rows[2][6], Cell::Area(6000.0));
        assert_eq!(rows[2][7], Cell::Area(2510.5));
    }
}
