//! A floor's rooms as a whole: read them with their seats (who sits in which room) and make
//! the floor hold exactly a given set of rooms, by UUID. This is what an import writes and
//! what its undo writes back, so the undo restores rooms, attributes and occupancy exactly.

use std::collections::HashMap;

use rusqlite::params;

use super::room_rows::{RoomRows, floor_id};
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::{Room, Uuid};

/// A person's seat: (room UUID, person UUID).
pub type Seat = (Uuid, Uuid);

impl Store {
    /// The seats of a floor's rooms, ordered by room then person.
    pub fn load_floor_seats(&self, floor: &Uuid) -> Result<Vec<Seat>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.uuid, p.uuid FROM room_persons rp
                 JOIN rooms r ON r.fid = rp.room_id JOIN persons p ON p.id = rp.person_id
                 JOIN floors f ON f.id = r.floor_id WHERE f.uuid = ?1 ORDER BY rp.id",
            )
            .map_err(|e| self.sql_error(e))?;
        let mut rows = stmt
            .query([floor.to_string()])
            .map_err(|e| self.sql_error(e))?;
        let mut seats = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql_error(e))? {
            let room: String = row.get(0).map_err(|e| self.sql_error(e))?;
            let person: String = row.get(1).map_err(|e| self.sql_error(e))?;
            if let (Ok(room), Ok(person)) = (Uuid::parse_str(&room), Uuid::parse_str(&person)) {
                seats.push((room, person));
            }
        }
        Ok(seats)
    }

    /// Makes the floor hold exactly `rooms`, in one transaction: a room whose UUID is on the
    /// floor is updated in place (number included, so its row and everything pointing at it
    /// stay), others are inserted with their UUID, and the floor's rooms not in `rooms` are
    /// deleted. Each room's units are set from `room.units`; the seats of the floor's rooms
    /// become `seats` (seats of persons or rooms not in the file are an error).
    pub fn replace_floor_rooms(
        &mut self,
        floor: &Uuid,
        rooms: &[Room],
        seats: &[Seat],
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let floor_id = floor_id(tx, path, floor)?;
            write_floor_rooms(tx, path, floor_id, rooms, seats)
        })
    }
}

/// Makes the floor with row id `floor_id` hold exactly `rooms` and `seats` inside the
/// caller's transaction (see [`Store::replace_floor_rooms`]).
pub(super) fn write_floor_rooms(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    floor_id: i64,
    rooms: &[Room],
    seats: &[Seat],
) -> Result<(), StoreError> {
    let sql = sql_error(path);
    let missing = |what: String| StoreError::Missing {
        path: path.to_path_buf(),
        what,
    };
    let mut existing: HashMap<Uuid, i64> = HashMap::new();
    {
        let mut stmt = tx
            .prepare("SELECT fid, uuid FROM rooms WHERE floor_id = ?1")
            .map_err(sql)?;
        let mut rows = stmt.query([floor_id]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            let text: String = row.get(1).map_err(sql)?;
            if let Ok(uuid) = Uuid::parse_str(&text) {
                existing.insert(uuid, row.get(0).map_err(sql)?);
            }
        }
    }
    tx.execute(
        "DELETE FROM room_persons WHERE room_id IN (SELECT fid FROM rooms WHERE floor_id = ?1)",
        [floor_id],
    )
    .map_err(sql)?;
    let mut room_ids: HashMap<Uuid, i64> = HashMap::with_capacity(rooms.len());
    let mut rows = RoomRows::new(tx, floor_id).map_err(sql)?;
    for room in rooms {
        let room_id = match existing.remove(&room.uuid) {
            Some(fid) => {
                rows.update(fid, room).map_err(sql)?;
                fid
            }
            None => rows.insert(tx, room).map_err(sql)?,
        };
        rows.set_units(path, room_id, &room.units)?;
        room_ids.insert(room.uuid, room_id);
    }
    RoomRows::delete(tx, existing.values().copied()).map_err(sql)?;
    if !seats.is_empty() {
        let person_ids =
            super::organisation::row_ids(tx, "SELECT id, uuid FROM persons").map_err(sql)?;
        let mut seat = tx
            .prepare("INSERT OR IGNORE INTO room_persons (room_id, person_id) VALUES (?1, ?2)")
            .map_err(sql)?;
        for (room, person) in seats {
            let room_id = room_ids
                .get(room)
                .ok_or_else(|| missing(format!("room {room}")))?;
            let person_id = person_ids
                .get(person)
                .ok_or_else(|| missing(format!("person {person}")))?;
            seat.execute(params![room_id, person_id]).map_err(sql)?;
        }
    }
    rows.finish(tx).map_err(sql)?;
    Ok(())
}
