//! A floor's rooms as a whole: read them with their seats (who sits in which room) and make
//! the floor hold exactly a given set of rooms, by UUID. This is what an import writes and
//! what its undo writes back, so the undo restores rooms, attributes and occupancy exactly.

use std::collections::HashMap;

use rusqlite::{OptionalExtension as _, params};

use super::blob::encode_polygon;
use super::create::{Extent, uuid_text};
use super::schema::PLAN_SRS_ID;
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::{Coded as _, Room, Uuid};

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
            let sql = sql_error(path);
            let missing = |what: String| StoreError::Missing {
                path: path.to_path_buf(),
                what,
            };
            let mut buf = [0u8; 36];
            let floor_id: i64 = tx
                .query_row(
                    "SELECT id FROM floors WHERE uuid = ?1",
                    [uuid_text(floor, &mut buf)],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql)?
                .ok_or_else(|| missing(format!("floor {floor}")))?;
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
            let unit_ids =
                super::organisation::row_ids(tx, "SELECT id, uuid FROM units").map_err(sql)?;
            let mut room_ids: HashMap<Uuid, i64> = HashMap::with_capacity(rooms.len());
            let mut extent = Extent::default();
            {
                let mut update = tx
                    .prepare(
                        "UPDATE rooms SET geom = ?1, number = ?2, name = ?3, category = ?4, sub_use = ?5,
                            status = ?6, status_since = ?7, surveyed_area_m2 = ?8, note = ?9 WHERE fid = ?10",
                    )
                    .map_err(sql)?;
                let mut insert = tx
                    .prepare(
                        "INSERT INTO rooms (geom, uuid, floor_id, number, name, category, sub_use, status,
                            status_since, surveyed_area_m2, note)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    )
                    .map_err(sql)?;
                let mut clear_units = tx
                    .prepare("DELETE FROM room_units WHERE room_id = ?1")
                    .map_err(sql)?;
                let mut add_unit = tx
                    .prepare("INSERT OR IGNORE INTO room_units (room_id, unit_id) VALUES (?1, ?2)")
                    .map_err(sql)?;
                for room in rooms {
                    extent.add(&room.polygon);
                    let geom = encode_polygon(&room.polygon, PLAN_SRS_ID);
                    let room_id = match existing.remove(&room.uuid) {
                        Some(fid) => {
                            update
                                .execute(params![
                                    geom,
                                    room.number,
                                    room.name,
                                    room.category.code(),
                                    room.sub_use,
                                    room.status.code(),
                                    room.status_since,
                                    room.surveyed_area_m2,
                                    room.note,
                                    fid
                                ])
                                .map_err(sql)?;
                            fid
                        }
                        None => {
                            insert
                                .execute(params![
                                    geom,
                                    uuid_text(&room.uuid, &mut buf),
                                    floor_id,
                                    room.number,
                                    room.name,
                                    room.category.code(),
                                    room.sub_use,
                                    room.status.code(),
                                    room.status_since,
                                    room.surveyed_area_m2,
                                    room.note
                                ])
                                .map_err(sql)?;
                            tx.last_insert_rowid()
                        }
                    };
                    clear_units.execute([room_id]).map_err(sql)?;
                    for unit in &room.units {
                        let unit_id = unit_ids
                            .get(unit)
                            .ok_or_else(|| missing(format!("unit {unit}")))?;
                        add_unit.execute(params![room_id, unit_id]).map_err(sql)?;
                    }
                    room_ids.insert(room.uuid, room_id);
                }
                let mut delete = tx
                    .prepare("DELETE FROM rooms WHERE fid = ?1")
                    .map_err(sql)?;
                for fid in existing.values() {
                    delete.execute([fid]).map_err(sql)?;
                }
            }
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
            extent.write(tx, "rooms").map_err(sql)?;
            Ok(())
        })
    }
}
