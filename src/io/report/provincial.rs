//! 省部级领导干部办公室信息: the national table of provincial and ministerial leaders' offices
//! (DOMAIN §3.1), for a provincial file only (region level 省); sent by confidential post
//! (机要渠道报送), as its title says.
//!
//! One row per person of grade 101–112 (国家级, 省部级 正/副职) who sits in an office, with the
//! unit, post, offices, 使用面积, the row's limit and whether it is over — each figure the
//! check's own ([`Compliance::leaders`]: the area the 个人超标 test compares), not a second
//! computation.

use super::header::{header_block, number_rows};
use super::{Cell, Column, PROVINCIAL_TABLE, Section, Table};
use crate::analysis::area::round_m2;
use crate::analysis::compliance::Compliance;
use crate::analysis::compliance::report::RoomNames;
use crate::model::{Coded as _, Project, RegionLevel};

/// Whether the file reports 省部级领导干部办公室信息: its region is a province.
pub fn is_provincial(project: &Project) -> bool {
    project
        .region
        .as_ref()
        .is_some_and(|r| r.level == RegionLevel::Province)
}

/// 省部级领导干部办公室信息 of a checked project.
pub fn provincial_table(project: &Project, result: &Compliance) -> Table {
    let names = RoomNames::new(project);
    let columns = vec![
        Column::new("序号"),
        Column::new("姓名"),
        Column::new("单位"),
        Column::new("职务"),
        Column::new("职务级别"),
        Column::new("办公室"),
        Column::new("使用面积").summed(),
        Column::new("标准（m²）"),
        Column::new("是否超标"),
        Column::new("备注"),
    ];
    let mut rows: Vec<Vec<Cell>> = result
        .leaders
        .iter()
        .filter_map(|m| {
            let person = project.persons.get(m.person)?;
            let unit = m
                .unit
                .and_then(|u| project.units.get(u))
                .map_or_else(String::new, |u| u.name.clone());
            let rooms: Vec<String> = m.rooms.iter().map(|r| names.name(project, *r)).collect();
            Some(vec![
                Cell::Empty,
                Cell::Text(person.name.clone()),
                Cell::Text(unit),
                Cell::Text(person.title.clone()),
                Cell::Text(person.grade.zh().to_owned()),
                Cell::Text(rooms.join("、")),
                Cell::Area(round_m2(m.area_m2)),
                Cell::area(m.limit_m2),
                Cell::Text(if m.over { "是" } else { "否" }.to_owned()),
                Cell::Text(if m.limit_m2.is_none() {
                    "无对应标准".to_owned()
                } else {
                    String::new()
                }),
            ])
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
        name: PROVINCIAL_TABLE,
        title: format!(
            "{PROVINCIAL_TABLE}（面积单位：m²，使用面积；本表涉密，通过机要渠道报送，不经网络传输）"
        ),
        header_block: header_block(project),
        sections: vec![section],
    }
}
