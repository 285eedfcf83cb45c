//! Every row of a book checked, then turned into the [`Organisation`] that replaces the file's
//! ([`ImportMode::ReplaceAll`]) or updates it by name ([`ImportMode::UpdateByName`]).

use std::collections::{HashMap, HashSet};

use super::book::{Book, Sheet};
use super::layout::{BUILDING, FLOOR, ROOM_NUMBER, person_sheet, room_sheet};
use super::persons::{RoomIndex, read_persons, read_room_units};
use super::units::read_units;
use super::{PERSON_SHEET, ROOM_SHEET, SheetProblem};
use crate::model::{Organisation, RoomKey, Uuid};

/// How the records of a book meet the file's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// 全部替换: the file's units, persons and occupancy become the book's; what the book
    /// does not hold is removed.
    #[default]
    ReplaceAll,
    /// 按名称更新: units and persons the book names are updated (matched by name), new ones
    /// added; units and persons the book does not name stay as they are, and so do the units
    /// of the rooms its 房间分配 sheet does not list.
    UpdateByName,
}

impl ImportMode {
    /// Both modes, in the order a choice shows them.
    pub const ALL: [Self; 2] = [Self::ReplaceAll, Self::UpdateByName];

    /// The mode's name in the language of the moment (全部替换, 按名称更新).
    pub fn label(self) -> String {
        match self {
            Self::ReplaceAll => crate::t!("workbook.mode.replace_all"),
            Self::UpdateByName => crate::t!("workbook.mode.update_by_name"),
        }
        .into_owned()
    }
}

/// Reads a book against the project's current organisation and rooms, to replace it all
/// (see [`read_organisation_as`]).
pub fn read_organisation(
    book: &Book,
    current: &Organisation,
    rooms: &[RoomKey],
) -> Result<Organisation, Vec<SheetProblem>> {
    read_organisation_as(book, current, rooms, ImportMode::ReplaceAll)
}

/// Reads a book against the project's current organisation and rooms: the organisation the
/// file is to hold after importing it in `mode`.
///
/// Every row of every sheet is checked and every problem is returned, each with its sheet,
/// row and column; an organisation comes back only when there is none. Units and persons
/// matched by name keep the UUIDs they have in `current`. A sheet the book does not have
/// (the 人员 and 房间分配 sheets of a CSV file) is taken from `current`, so its rows are
/// checked against the new units too: a unit removed while a person still belongs to it is
/// reported there. When updating by name, the book's rows may also name units of `current`
/// that the 单位 sheet does not list.
pub fn read_organisation_as(
    book: &Book,
    current: &Organisation,
    rooms: &[RoomKey],
    mode: ImportMode,
) -> Result<Organisation, Vec<SheetProblem>> {
    let ranks = crate::standards::StandardSet::shipped("cn-2014")
        .map(|s| s.ranks)
        .unwrap_or_default();
    read_organisation_ranked(book, current, rooms, mode, &ranks).map(|read| read.organisation)
}

/// What a book makes of the file's organisation, with the notes of the import report.
#[derive(Clone, Debug)]
pub struct ReadOrganisation {
    pub organisation: Organisation,
    /// Persons new to the file whose 党政正职 flag came from their title (the 人员 sheet has
    /// no 党政正职 column).
    pub flagged_by_title: Vec<String>,
}

/// [`read_organisation_as`] with the file's 职级 table (its standard's `[ranks]`), which the
/// 职务级别 and 职级 columns are read by.
pub fn read_organisation_ranked(
    book: &Book,
    current: &Organisation,
    rooms: &[RoomKey],
    mode: ImportMode,
    ranks: &crate::standards::RankTable,
) -> Result<ReadOrganisation, Vec<SheetProblem>> {
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
    let update = mode == ImportMode::UpdateByName;
    let mut problems = Vec::new();
    let units = read_units(&book.units, current, update, &mut problems);
    let read = read_persons(
        &persons_sheet,
        &units,
        &index,
        current,
        ranks,
        &mut problems,
    );
    let persons = read.persons;
    let room_units = read_room_units(&rooms_sheet, &units, &index, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let from_book = Organisation {
        units: units.units,
        persons,
        room_units,
    };
    let organisation = match mode {
        ImportMode::ReplaceAll => from_book,
        ImportMode::UpdateByName => {
            update_by_name(current, from_book, &listed_rooms(&rooms_sheet, &index))
        }
    };
    Ok(ReadOrganisation {
        organisation,
        flagged_by_title: read.flagged_by_title,
    })
}

/// The rooms the 房间分配 sheet lists (with a unit or with 使用单位 empty).
fn listed_rooms(sheet: &Sheet, index: &RoomIndex) -> HashSet<Uuid> {
    let column = |header: &str| sheet.headers.iter().position(|h| h == header);
    let (Some(b), Some(f), Some(n)) = (column(BUILDING), column(FLOOR), column(ROOM_NUMBER)) else {
        return HashSet::new();
    };
    let cell = |cells: &[String], i: usize| cells.get(i).map_or("", |c| c.trim()).to_owned();
    sheet
        .rows
        .iter()
        .filter_map(|r| index.find(&cell(&r.cells, b), &cell(&r.cells, f), &cell(&r.cells, n)))
        .collect()
}

/// `current` with the book's units and persons in place of those of the same UUID (matched
/// by name when read), the book's new ones after them, and the book's units in the rooms it
/// lists.
fn update_by_name(
    current: &Organisation,
    book: Organisation,
    listed: &HashSet<Uuid>,
) -> Organisation {
    Organisation {
        units: merged(&current.units, book.units, |u| u.uuid),
        persons: merged(&current.persons, book.persons, |p| p.uuid),
        room_units: current
            .room_units
            .iter()
            .filter(|(room, _)| !listed.contains(room))
            .copied()
            .chain(book.room_units)
            .collect(),
    }
}

/// `current` in its order with the records of `book` of the same UUID in their place, then
/// the records of `book` that are new.
fn merged<T: Clone>(current: &[T], book: Vec<T>, uuid: impl Fn(&T) -> Uuid) -> Vec<T> {
    let known: HashSet<Uuid> = current.iter().map(&uuid).collect();
    let (updates, added): (Vec<T>, Vec<T>) =
        book.into_iter().partition(|t| known.contains(&uuid(t)));
    let mut updates: HashMap<Uuid, T> = updates.into_iter().map(|t| (uuid(&t), t)).collect();
    current
        .iter()
        .map(|t| updates.remove(&uuid(t)).unwrap_or_else(|| t.clone()))
        .chain(added)
        .collect()
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
            region: None,
            uuid: Uuid::from_u128(n),
            name: name.to_owned(),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: BTreeMap::new(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
            rank_step: None,
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
                rank: String::new(),
                rank_only: false,
                party_government_head: false,
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

    fn key(n: u128, number: &str) -> RoomKey {
        RoomKey {
            uuid: Uuid::from_u128(n),
            building: "综合办公楼".into(),
            floor: "3F".into(),
            number: number.into(),
        }
    }

    /// 县财政局 uses 301 and 县审计局 302; the book updates 县财政局, adds 县统计局 under
    /// 县审计局 (which it does not list) with 301, and a person of 县审计局.
    fn update_book() -> (Organisation, Book) {
        let mut current = current();
        current.room_units = vec![
            (Uuid::from_u128(100), Uuid::from_u128(1)),
            (Uuid::from_u128(101), Uuid::from_u128(2)),
        ];
        let e = "";
        let mut b = book(
            &[
                &["县财政局", "县", "机关本级", e, "1", "4", e, "1", "5", e],
                &[
                    "县统计局",
                    "县",
                    "机关本级",
                    "县审计局",
                    e,
                    "2",
                    e,
                    "0",
                    "2",
                    e,
                ],
            ],
            &[&["李明", "科员级", "科员", "县审计局", "在职", e, e, e, e]],
        );
        b.rooms = Some(sheet(
            ROOM_SHEET,
            ROOMS,
            &[&["综合办公楼", "3F", "301", "县统计局"]],
        ));
        (current, b)
    }

    #[test]
    fn update_by_name_keeps_what_the_book_does_not_mention() {
        let (current, b) = update_book();
        let rooms = [key(100, "301"), key(101, "302")];
        let o = read_organisation_as(&b, &current, &rooms, ImportMode::UpdateByName).unwrap();
        let names: Vec<&str> = o.units.iter().map(|u| u.name.as_str()).collect();
        // 县审计局 is not in the book: it stays, in its place; 县统计局 comes after.
        assert_eq!(names, ["县财政局", "县审计局", "县统计局"]);
        assert_eq!(o.units[0].uuid, Uuid::from_u128(1));
        // 正科级 1 + 科级以下 4 (科员级) = 5 posts, headcount 5, as the row says.
        assert_eq!(o.units[0].approved_posts(), 5);
        assert_eq!(o.units[0].headcount, 5);
        assert_eq!(o.units[1], current.units[1], "县审计局 untouched");
        assert_eq!(o.units[2].parent, Some(Uuid::from_u128(2)));
        // 唐春梅 (not in the book) stays; 李明 joins 县审计局.
        let persons: Vec<(&str, Uuid)> = o
            .persons
            .iter()
            .map(|p| (p.name.as_str(), p.unit))
            .collect();
        assert_eq!(
            persons,
            [("唐春梅", Uuid::from_u128(1)), ("李明", Uuid::from_u128(2))]
        );
        assert_eq!(o.persons[0], current.persons[0]);
        // 302 is not listed: 县审计局 keeps it; 301 now holds 县统计局 only.
        assert_eq!(
            o.room_units,
            [
                (Uuid::from_u128(101), Uuid::from_u128(2)),
                (Uuid::from_u128(100), o.units[2].uuid)
            ]
        );
        let diff = crate::model::OrganisationDiff::between(&current, &o);
        assert_eq!(
            (
                diff.units.new,
                diff.units.updated,
                diff.units.removed,
                diff.units.unchanged
            ),
            (1, 1, 0, 1)
        );
        assert_eq!(
            (
                diff.persons.new,
                diff.persons.removed,
                diff.persons.unchanged
            ),
            (1, 0, 1)
        );
        assert_eq!((diff.room_units.added, diff.room_units.removed), (1, 1));
    }

    #[test]
    fn replace_all_refuses_names_only_the_file_has() {
        let (current, b) = update_book();
        let rooms = [key(100, "301"), key(101, "302")];
        let problems =
            read_organisation_as(&b, &current, &rooms, ImportMode::ReplaceAll).unwrap_err();
        let places: Vec<(&str, Option<u32>, Option<&str>)> = problems
            .iter()
            .map(|p| (p.sheet.as_str(), p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            places,
            [
                ("单位", Some(3), Some("上级单位")),
                ("人员", Some(2), Some("所在单位"))
            ]
        );
    }

    #[test]
    fn update_by_name_finds_a_cycle_through_a_kept_unit() {
        let mut current = current();
        // 县审计局 (not in the book) is under 县财政局; the book puts 县财政局 under it.
        current.units[1].parent = Some(Uuid::from_u128(1));
        let e = "";
        let b = book(
            &[&[
                "县财政局",
                "县",
                "机关本级",
                "县审计局",
                e,
                e,
                e,
                "0",
                "1",
                e,
            ]],
            &[],
        );
        let problems =
            read_organisation_as(&b, &current, &[], ImportMode::UpdateByName).unwrap_err();
        let places: Vec<(Option<u32>, Option<&str>)> = problems
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(places, [(Some(2), Some("上级单位"))]);
    }

    #[test]
    fn ranks_in_the_grade_column_and_the_head_flag_with_or_without_its_column() {
        // 2019 职级 in 职务级别 (cn-2014 [ranks]): 一级主任科员 → 乡科级正职, kept as given.
        // Without a 党政正职 column a new 县长 is flagged from the title and named in the
        // report; the file's 唐春梅 keeps her flag.
        let e = "";
        let units: &[&[&str]] = &[&["县财政局", "县", "机关本级", e, "1", "4", e, "1", "5", e]];
        let b = book(
            units,
            &[
                &[
                    "唐春梅",
                    "乡科级副职",
                    "副局长",
                    "县财政局",
                    "在职",
                    e,
                    e,
                    e,
                    e,
                ],
                &[
                    "李明",
                    "一级主任科员",
                    "科长",
                    "县财政局",
                    "在职",
                    e,
                    e,
                    e,
                    e,
                ],
                &[
                    "程国强",
                    "县处级正职",
                    "县长",
                    "县财政局",
                    "在职",
                    e,
                    e,
                    e,
                    e,
                ],
            ],
        );
        let ranks = crate::standards::StandardSet::shipped("cn-2014")
            .unwrap()
            .ranks;
        let read =
            read_organisation_ranked(&b, &current(), &[], ImportMode::ReplaceAll, &ranks).unwrap();
        let p = &read.organisation.persons;
        assert_eq!(
            (p[1].rank.as_str(), p[1].rank_only, p[1].grade),
            ("一级主任科员", true, Grade::SectionChief)
        );
        assert!(p[2].party_government_head && !p[0].party_government_head);
        assert_eq!(read.flagged_by_title, ["程国强"]);
        // With the columns: 职级 beside the grade, the flag as given (否 beats the title).
        let mut headers = PERSONS.to_vec();
        headers.extend(["职级", "党政正职"]);
        let b = Book {
            persons: Some(sheet(
                PERSON_SHEET,
                &headers,
                &[&[
                    "程国强",
                    "县处级副职",
                    "县长",
                    "县财政局",
                    "在职",
                    e,
                    e,
                    e,
                    e,
                    "一级调研员",
                    "否",
                ]],
            )),
            ..book(units, &[])
        };
        let read =
            read_organisation_ranked(&b, &current(), &[], ImportMode::ReplaceAll, &ranks).unwrap();
        let p = &read.organisation.persons[0];
        assert_eq!(
            (p.rank.as_str(), p.rank_only, p.party_government_head),
            ("一级调研员", false, false)
        );
        assert!(read.flagged_by_title.is_empty());
        // A name that is neither is a problem of its cell.
        let b = book(units, &[&["王", "主任", e, "县财政局", "在职", e, e, e, e]]);
        let problems =
            read_organisation_ranked(&b, &current(), &[], ImportMode::ReplaceAll, &ranks)
                .unwrap_err();
        assert_eq!(problems[0].column.as_deref(), Some("职务级别"));
    }
}
