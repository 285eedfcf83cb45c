//! Every row of a book checked, then turned into the [`Organisation`] that replaces the file's.

use super::book::{Book, Sheet};
use super::layout::{person_sheet, room_sheet};
use super::persons::{RoomIndex, read_persons, read_room_units};
use super::units::read_units;
use super::{PERSON_SHEET, ROOM_SHEET, SheetProblem};
use crate::model::{Organisation, RoomKey};

/// Reads a book against the project's current organisation and rooms.
///
/// Every row of every sheet is checked and every problem is returned, each with its sheet,
/// row and column; an organisation comes back only when there is none. Units and persons
/// matched by name keep the UUIDs they have in `current`. A sheet the book does not have
/// (the 人员 and 房间分配 sheets of a CSV file) is taken from `current`, so its rows are
/// checked against the new units too: a unit removed while a person still belongs to it is
/// reported there.
pub fn read_organisation(
    book: &Book,
    current: &Organisation,
    rooms: &[RoomKey],
) -> Result<Organisation, Vec<SheetProblem>> {
    let kept = |name: &str, sheet: fn(&Organisation, &[RoomKey]) -> super::layout::SheetData| {
        sheet(current, rooms).to_sheet(crate::t!("excel.kept_sheet", sheet = name).into_owned())
    };
    let persons_sheet: Sheet = match &book.persons {
        Some(s) => s.clone(),
        None => kept(PERSON_SHEET, person_sheet),
    };
    let rooms_sheet: Sheet = match &book.rooms {
        Some(s) => s.clone(),
        None => kept(ROOM_SHEET, room_sheet),
    };
    let index = RoomIndex::new(rooms);
    let mut problems = Vec::new();
    let units = read_units(&book.units, current, &mut problems);
    let persons = read_persons(&persons_sheet, &units, &index, current, &mut problems);
    let room_units = read_room_units(&rooms_sheet, &units, &index, &mut problems);
    if problems.is_empty() {
        Ok(Organisation {
            units: units.units,
            persons,
            room_units,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::io::excel::UNIT_SHEET;
    use crate::io::excel::book::SheetRow;
    use crate::model::{Grade, OrganCategory, Person, PersonStatus, Unit, UnitKind, Uuid};

    fn sheet(name: &str, headers: &[&str], rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: (2u32..)
                .zip(rows)
                .map(|(number, cells)| SheetRow {
                    number,
                    cells: cells.iter().map(|c| (*c).to_owned()).collect(),
                })
                .collect(),
        }
    }

    const UNITS: &[&str] = &[
        "单位名称",
        "机关类别",
        "单位类别",
        "上级单位",
        "正科级",
        "科级以下",
        "科员级",
        "工勤编制",
        "实有人数",
        "备注",
    ];
    const PERSONS: &[&str] = &[
        "姓名",
        "职务级别",
        "职务",
        "所在单位",
        "状态",
        "状态日期",
        "兼职单位",
        "办公用房",
        "第二处办公用房审批文号",
    ];
    const ROOMS: &[&str] = &["楼栋", "楼层", "房间号", "使用单位"];

    fn current() -> Organisation {
        let unit = |n: u128, name: &str| Unit {
            uuid: Uuid::from_u128(n),
            name: name.to_owned(),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: BTreeMap::new(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
        };
        Organisation {
            units: vec![unit(1, "县财政局"), unit(2, "县审计局")],
            persons: vec![Person {
                uuid: Uuid::from_u128(10),
                name: "唐春梅".to_owned(),
                grade: Grade::SectionDeputy,
                title: "副局长".to_owned(),
                unit: Uuid::from_u128(1),
                status: PersonStatus::InPost,
                status_date: None,
                concurrent: Vec::new(),
                rooms: Vec::new(),
                second_office_approval: String::new(),
                second_office_approval_date: None,
            }],
            room_units: Vec::new(),
        }
    }

    fn book(units: &[&[&str]], persons: &[&[&str]]) -> Book {
        Book {
            units: sheet(UNIT_SHEET, UNITS, units),
            persons: Some(sheet(PERSON_SHEET, PERSONS, persons)),
            rooms: Some(sheet(ROOM_SHEET, ROOMS, &[])),
        }
    }

    #[test]
    fn names_keep_uuids_and_a_moved_person_keeps_hers() {
        let e = "";
        let b = book(
            &[
                &["县财政局", "县", "机关本级", e, "1", "4", e, "1", "5", e],
                &["县统计局", "县", "机关本级", e, e, e, e, "0", "3", e],
            ],
            &[&[
                "唐春梅",
                "乡科级副职",
                "副局长",
                "县统计局",
                "在职",
                e,
                e,
                e,
                e,
            ]],
        );
        let o = read_organisation(&b, &current(), &[]).unwrap();
        assert_eq!(o.units[0].uuid, Uuid::from_u128(1));
        assert_ne!(o.units[1].uuid, Uuid::from_u128(2), "县审计局 is gone");
        assert_eq!(
            o.units[0].posts,
            BTreeMap::from([(Grade::SectionChief, 1), (Grade::Clerk, 4)])
        );
        assert_eq!(o.persons[0].uuid, Uuid::from_u128(10));
        assert_eq!(o.persons[0].unit, o.units[1].uuid);
    }

    #[test]
    fn a_grade_given_twice_and_a_parent_cycle_are_refused() {
        let e = "";
        let b = book(
            &[
                // 科级以下 and 科员级 are both 150 for a county organ.
                &[
                    "县财政局",
                    "县",
                    "机关本级",
                    "县审计局",
                    e,
                    "4",
                    "1",
                    "1",
                    "5",
                    e,
                ],
                &[
                    "县审计局",
                    "县",
                    "机关本级",
                    "县财政局",
                    e,
                    e,
                    e,
                    "0",
                    "3",
                    e,
                ],
            ],
            &[],
        );
        let problems = read_organisation(&b, &current(), &[]).unwrap_err();
        let places: Vec<(Option<u32>, Option<&str>)> = problems
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            places,
            [
                (Some(2), Some("科员级")),
                (Some(2), Some("上级单位")),
                (Some(3), Some("上级单位"))
            ]
        );
    }

    #[test]
    fn unknown_and_missing_headers_are_refused_at_row_1() {
        let mut b = book(&[], &[]);
        b.units.headers[9] = "备考".to_owned();
        b.units.headers[4] = "正科".to_owned();
        let problems = read_organisation(&b, &current(), &[]).unwrap_err();
        let columns: Vec<(Option<u32>, Option<&str>)> = problems
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            columns,
            [
                (Some(1), Some("正科")),
                (Some(1), Some("备考")),
                (Some(1), Some("备注"))
            ]
        );
    }
}
