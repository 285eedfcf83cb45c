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
        sheet: None,
        title: format!("{PROVINCIAL_TABLE}（面积单位：m²，使用面积；本表通过机要渠道报送）"),
        header_block: header_block(project, &result.as_of),
        sections: vec![section],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::report::Evaluation;
    use crate::io::sample::{SampleSource, build_project};
    use crate::model::{Grade, OrganCategory};

    /// The sample made a province: its 县委 (unit 中共示范县委员会) an organ of 省级, its
    /// secretary 马娟琳 of grade 111 省部级正职 and 林旭明 of 112 省部级副职.
    fn provincial() -> Evaluation {
        let mut project = build_project(&SampleSource::Embedded).unwrap();
        if let Some(r) = project.region.as_mut() {
            r.level = RegionLevel::Province;
        }
        let party = project
            .units
            .iter()
            .position(|u| u.name == "中共示范县委员会")
            .unwrap();
        project.units[party].organ_category = OrganCategory::Provincial;
        for p in &mut project.persons {
            match p.name.as_str() {
                "马娟琳" => p.grade = Grade::ProvincialChief,
                "林旭明" => p.grade = Grade::ProvincialDeputy,
                _ => {}
            }
        }
        Evaluation::of_project(project, None).unwrap()
    }

    #[test]
    fn a_county_file_has_no_provincial_table() {
        let e =
            Evaluation::of_project(build_project(&SampleSource::Embedded).unwrap(), None).unwrap();
        assert!(!is_provincial(&e.project));
        assert!(e.tables().iter().all(|t| t.name != PROVINCIAL_TABLE));
        assert!(e.result.leaders.is_empty());
    }

    #[test]
    fn leaders_are_listed_with_the_checks_figures() {
        let e = provincial();
        assert!(is_provincial(&e.project));
        let tables = e.tables();
        let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
        assert_eq!(names, crate::io::report::TABLE_NAMES);
        let t = tables.iter().find(|t| t.name == PROVINCIAL_TABLE).unwrap();
        assert!(t.title.contains("机要渠道报送"));
        let rows: Vec<Vec<String>> = t.sections[0]
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::as_text).collect())
            .collect();
        // Two persons and the 合计 row.
        assert_eq!(rows.len(), 3, "{rows:?}");
        let (secretary, deputy) = (&rows[0], &rows[1]);
        assert_eq!(
            secretary[1..5],
            ["马娟琳", "中共示范县委员会", "县委书记", "省部级正职"]
        );
        assert_eq!(
            secretary[5],
            "综合办公楼/3F/301、综合办公楼/3F/301A、综合办公楼/3F/301B"
        );
        // 表3 (DOMAIN §1.4): 省级正职 54 m², 省级副职 42 m².
        assert_eq!(secretary[7], "54.00");
        assert_eq!(deputy[1], "林旭明");
        assert_eq!(deputy[7], "42.00");
        // The area is the check's: 301 + 301A (a rest room) + 301B (a toilet), each the
        // room's 使用面积 as the check measured it, all inside the allowance.
        let room = |n: &str| {
            let i = e.project.rooms.iter().position(|r| r.number == n).unwrap();
            e.result.areas[i]
        };
        let hand = round_m2(room("301") + room("301A") + room("301B"));
        assert_eq!(secretary[6], format!("{hand:.2}"));
        assert_eq!(secretary[8], if hand > 54.0 { "是" } else { "否" });
        // Over or not exactly as the check says: no 个人超标 finding for a person marked 否.
        for m in &e.result.leaders {
            let finding = e.result.persons.iter().any(|f| {
                f.person == m.person
                    && f.kind == crate::analysis::compliance::PersonFindingKind::OverStandard
            });
            assert_eq!(finding, m.over);
        }
    }
}
