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
