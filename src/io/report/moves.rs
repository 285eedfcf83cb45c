//! The move list (搬迁清单) of a scenario as a report table: one row per unit or person moved,
//! with the rooms left and taken and their 使用面积.

use super::{Cell, Column, Section, Table};
use crate::model::Coded as _;
use crate::planning::MoveRow;

/// The table of a scenario's move list.
///
/// ```
/// use officeplan::io::report::move_table;
/// let table = move_table("合并城东", &[]);
/// assert_eq!(table.name, "搬迁清单");
/// assert!(table.title.contains("使用面积"));
/// ```
pub fn move_table(scenario: &str, rows: &[MoveRow]) -> Table {
    let mut section = Section {
        heading: None,
        columns: vec![
            Column::new("序号"),
            Column::new("调整方式"),
            Column::new("单位"),
            Column::new("人员"),
            Column::new("原位置（楼栋 楼层 房间）"),
            Column::new("新位置（楼栋 楼层 房间）"),
            Column::new("调整前面积").summed(),
            Column::new("调整后面积").summed(),
            Column::new("调整理由"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Count(i64::try_from(r.step).unwrap_or(i64::MAX)),
                    Cell::Text(r.kind.zh().to_owned()),
                    Cell::Text(r.unit.clone()),
                    Cell::Text(r.person.clone()),
                    Cell::Text(r.from.join("、")),
                    Cell::Text(r.to.join("、")),
                    Cell::Area(r.area_before_m2),
                    Cell::Area(r.area_after_m2),
                    Cell::Text(r.reason.clone()),
                ]
            })
            .collect(),
    };
    section.add_total();
    Table {
        name: "搬迁清单",
        sheet: None,
        title: format!("搬迁清单：{scenario}（面积：使用面积，m²）"),
        header_block: vec![vec![
            ("调剂方案".to_owned(), scenario.to_owned()),
            ("制表日期".to_owned(), crate::model::today()),
        ]],
        sections: vec![section],
    }
}
