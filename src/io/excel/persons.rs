//! The 人员 and 房间分配 sheets: persons with their offices, and which unit uses which room.

use std::collections::{HashMap, HashSet};

use super::SheetProblem;
use super::book::Sheet;
use super::cells::{Columns, RowReader};
use super::layout::{
    BUILDING, CONCURRENT_UNITS, FLOOR, GRADE, OFFICES, PARTY_GOVERNMENT_HEAD, PERSON_COLUMNS,
    PERSON_NAME, PERSON_UNIT, RANK, ROOM_COLUMNS, ROOM_NUMBER, ROOM_UNIT, SECOND_OFFICE_APPROVAL,
    STANDARD_ROW, STATUS, STATUS_DATE, TITLE,
};
use super::split_list;
use super::units::{SheetUnits, unknown_unit};
use crate::model::person::parse_post_text;
use crate::model::{ConcurrentPost, Grade, Organisation, Person, PersonStatus, RoomKey, Uuid};
use crate::standards::GradeText;

/// The rooms of the file by building, floor and number.
pub(super) struct RoomIndex(HashMap<(String, String, String), Uuid>);

impl RoomIndex {
    pub(super) fn new(rooms: &[RoomKey]) -> Self {
        Self(
            rooms
                .iter()
                .map(|r| {
                    (
                        (r.building.clone(), r.floor.clone(), r.number.clone()),
                        r.uuid,
                    )
                })
                .collect(),
        )
    }

    pub(super) fn find(&self, building: &str, floor: &str, number: &str) -> Option<Uuid> {
        self.0
            .get(&(building.to_owned(), floor.to_owned(), number.to_owned()))
            .copied()
    }

    /// A room given as `building/floor/number` (the building name may itself hold a `/`).
    fn find_label(&self, label: &str) -> Option<Uuid> {
        let mut parts = label.rsplitn(3, '/').map(str::trim);
        let number = parts.next()?;
        let floor = parts.next()?;
        let building = parts.next()?;
        self.find(building, floor, number)
    }
}

/// The persons of a 人员 sheet, and the names of those whose 党政正职 flag came from their
/// title's hint (a sheet without the 党政正职 column, for persons new to the file).
pub(super) struct ReadPersons {
    pub persons: Vec<Person>,
    pub flagged_by_title: Vec<String>,
}

/// A 党政正职 cell: 是/否 (and the usual marks); `None` for anything else.
fn yes_no(text: &str) -> Option<bool> {
    match text.trim() {
        "是" | "√" | "✓" | "1" | "Y" | "y" | "yes" | "true" => Some(true),
        "否" | "" | "×" | "0" | "N" | "n" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// Reads the 人员 sheet. A person keeps the UUID of the person of the same name in the same
/// unit in `current`, or else of the only person of that name in `current`. The 职务级别
/// column takes a GB/T 12407 grade or a 职级 of `ranks`; the optional 职级 column a 职级 beside
/// the grade; the optional 党政正职 column 是/否. Without those columns a person of `current`
/// keeps his 职级 and flag, and a new person's flag follows the title's hint.
pub(super) fn read_persons(
    sheet: &Sheet,
    units: &SheetUnits,
    rooms: &RoomIndex,
    current: &Organisation,
    ranks: &crate::standards::RankTable,
    problems: &mut Vec<SheetProblem>,
) -> ReadPersons {
    let optional = |h: &str| h == STANDARD_ROW || h == RANK || h == PARTY_GOVERNMENT_HEAD;
    let columns = Columns::new(sheet, &PERSON_COLUMNS, optional, problems);
    let (has_rank, has_head) = (columns.has(RANK), columns.has(PARTY_GOVERNMENT_HEAD));
    let mut flagged_by_title = Vec::new();
    let mut matcher = PersonMatcher::new(current);
    let mut first_row: HashMap<(String, String), u32> = HashMap::new();
    let mut persons = Vec::new();
    for row in &sheet.rows {
        let mut r = RowReader {
            sheet: &sheet.name,
            row,
            columns: &columns,
            problems,
        };
        let name = r.required(PERSON_NAME);
        let grade_text = r.required(GRADE);
        let read = grade_text.and_then(|t| ranks.read(t));
        if let (Some(text), None) = (grade_text, &read) {
            r.problem(
                Some(GRADE),
                crate::t!(
                    "excel.not_in_list",
                    value = text,
                    allowed = ranks.accepted_names()
                )
                .into_owned(),
            );
        }
        let grade: Option<Grade> = match &read {
            Some(GradeText::Post(g) | GradeText::Rank(_, g)) => Some(*g),
            None => None,
        };
        let rank_text = r.text(RANK);
        if !rank_text.is_empty() && ranks.find(rank_text).is_none() {
            let names: Vec<&str> = ranks.rows.iter().map(|x| x.label.as_str()).collect();
            r.problem(
                Some(RANK),
                crate::t!(
                    "excel.not_in_list",
                    value = rank_text,
                    allowed = names.join("/")
                )
                .into_owned(),
            );
        }
        let head_cell = r.text(PARTY_GOVERNMENT_HEAD);
        let head = yes_no(head_cell);
        if has_head && head.is_none() {
            r.problem(
                Some(PARTY_GOVERNMENT_HEAD),
                crate::t!("excel.not_in_list", value = head_cell, allowed = "是/否").into_owned(),
            );
        }
        let title = r.text(TITLE).to_owned();
        let unit_name = r.required(PERSON_UNIT);
        let unit = unit_name.and_then(|u| {
            let found = units.ids.get(u).copied();
            if found.is_none() {
                r.problem(Some(PERSON_UNIT), unknown_unit(u));
            }
            found
        });
        let mut duplicate = false;
        if let (Some(name), Some(unit_name)) = (name, unit_name) {
            let key = (unit_name.to_owned(), name.to_owned());
            if let Some(first) = first_row.get(&key) {
                duplicate = true;
                r.problem(
                    Some(PERSON_NAME),
                    crate::t!(
                        "excel.duplicate_person",
                        name = name,
                        unit = unit_name,
                        first = first
                    )
                    .into_owned(),
                );
            } else {
                first_row.insert(key, row.number);
            }
        }
        let status: Option<PersonStatus> = r.coded(STATUS);
        let status_date = r.date(STATUS_DATE);
        let mut concurrent = Vec::new();
        for other in split_list(r.text(CONCURRENT_UNITS)) {
            match parse_post_text(other) {
                Ok((unit_name, start, end)) => match units.ids.get(unit_name) {
                    Some(u) => concurrent.push(ConcurrentPost {
                        unit: *u,
                        start,
                        end,
                    }),
                    None => r.problem(Some(CONCURRENT_UNITS), unknown_unit(unit_name)),
                },
                Err(date) => r.problem(
                    Some(CONCURRENT_UNITS),
                    crate::t!("excel.bad_date", value = date).into_owned(),
                ),
            }
        }
        let mut offices = Vec::new();
        for label in split_list(r.text(OFFICES)) {
            match rooms.find_label(label) {
                Some(room) => offices.push(room),
                None => r.problem(
                    Some(OFFICES),
                    crate::t!("excel.unknown_room", room = label).into_owned(),
                ),
            }
        }
        let approval = r.text(SECOND_OFFICE_APPROVAL).to_owned();
        if let (Some(name), Some(unit_name), Some(grade), Some(unit), Some(status), false) =
            (name, unit_name, grade, unit, status, duplicate)
        {
            let uuid = matcher.uuid(unit_name, name);
            // The book has no column for the approval's date: the file's stays while the
            // document number is the same.
            let approval_date = current
                .persons
                .iter()
                .find(|p| p.uuid == uuid && p.second_office_approval == approval)
                .and_then(|p| p.second_office_approval_date.clone());
            let before = current.persons.iter().find(|p| p.uuid == uuid);
            let (rank, rank_only) = match &read {
                Some(GradeText::Rank(label, _)) => (label.clone(), true),
                _ if has_rank => (
                    ranks
                        .find(rank_text)
                        .map(|x| x.label.clone())
                        .unwrap_or_default(),
                    false,
                ),
                // No 职级 column: the file's 职级 stays beside the grade.
                _ => (before.map(|p| p.rank.clone()).unwrap_or_default(), false),
            };
            let party_government_head = match (has_head, before) {
                (true, _) => head.unwrap_or(false),
                (false, Some(p)) => p.party_government_head,
                (false, None) => {
                    let hinted = crate::model::person::title_suggests_head(&title);
                    if hinted {
                        flagged_by_title.push(name.to_owned());
                    }
                    hinted
                }
            };
            persons.push(Person {
                uuid,
                name: name.to_owned(),
                grade,
                rank,
                rank_only,
                party_government_head,
                title,
                unit,
                status,
                status_date,
                concurrent,
                rooms: offices,
                second_office_approval: approval,
                second_office_approval_date: approval_date,
            });
        }
    }
    ReadPersons {
        persons,
        flagged_by_title,
    }
}

/// Finds the UUID a person of the sheet keeps from the file.
struct PersonMatcher {
    by_unit_and_name: HashMap<(String, String), Uuid>,
    by_name: HashMap<String, Vec<Uuid>>,
    taken: HashSet<Uuid>,
}

impl PersonMatcher {
    fn new(current: &Organisation) -> Self {
        let unit_names: HashMap<Uuid, &str> = current
            .units
            .iter()
            .map(|u| (u.uuid, u.name.as_str()))
            .collect();
        let mut by_unit_and_name = HashMap::new();
        let mut by_name: HashMap<String, Vec<Uuid>> = HashMap::new();
        for p in &current.persons {
            let unit = unit_names.get(&p.unit).copied().unwrap_or_default();
            by_unit_and_name.insert((unit.to_owned(), p.name.clone()), p.uuid);
            by_name.entry(p.name.clone()).or_default().push(p.uuid);
        }
        Self {
            by_unit_and_name,
            by_name,
            taken: HashSet::new(),
        }
    }

    fn uuid(&mut self, unit: &str, name: &str) -> Uuid {
        let exact = self
            .by_unit_and_name
            .get(&(unit.to_owned(), name.to_owned()))
            .copied()
            .filter(|u| !self.taken.contains(u));
        // A person who moved to another unit: matched by name when the name is unique.
        let moved = || match self.by_name.get(name).map(Vec::as_slice) {
            Some([only]) if !self.taken.contains(only) => Some(*only),
            _ => None,
        };
        let uuid = exact.or_else(moved).unwrap_or_else(Uuid::now_v7);
        self.taken.insert(uuid);
        uuid
    }
}

/// Reads the 房间分配 sheet into (room, unit) pairs; a row with 使用单位 empty lists a room
/// that no unit uses.
pub(super) fn read_room_units(
    sheet: &Sheet,
    units: &SheetUnits,
    rooms: &RoomIndex,
    problems: &mut Vec<SheetProblem>,
) -> Vec<(Uuid, Uuid)> {
    let columns = Columns::new(sheet, &ROOM_COLUMNS, |_| false, problems);
    let mut first_row: HashMap<(Uuid, Uuid), u32> = HashMap::new();
    let mut pairs = Vec::new();
    for row in &sheet.rows {
        let mut r = RowReader {
            sheet: &sheet.name,
            row,
            columns: &columns,
            problems,
        };
        let building = r.required(BUILDING);
        let floor = r.required(FLOOR);
        let number = r.required(ROOM_NUMBER);
        let room = match (building, floor, number) {
            (Some(b), Some(f), Some(n)) => {
                let found = rooms.find(b, f, n);
                if found.is_none() {
                    r.problem(
                        Some(ROOM_NUMBER),
                        crate::t!("excel.unknown_room", room = format!("{b}/{f}/{n}")).into_owned(),
                    );
                }
                found
            }
            _ => None,
        };
        let unit_name = r.text(ROOM_UNIT);
        if unit_name.is_empty() {
            continue;
        }
        let Some(unit) = units.ids.get(unit_name).copied() else {
            r.problem(Some(ROOM_UNIT), unknown_unit(unit_name));
            continue;
        };
        let Some(room) = room else { continue };
        match first_row.get(&(room, unit)) {
            Some(first) => r.problem(
                None,
                crate::t!("excel.duplicate_pair", first = first).into_owned(),
            ),
            None => {
                first_row.insert((room, unit), row.number);
                pairs.push((room, unit));
            }
        }
    }
    pairs
}
