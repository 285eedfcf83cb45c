//! Floors as a whole (楼层): their attributes (name, level, 标高, 层高), and what a floor holds —
//! rooms with their units, seats and scanned plan — read, written, deleted and written back in
//! one transaction. Deleting a floor and its undo, copying a floor's rooms and its undo are
//! all one [`FloorsWrite`].

use rusqlite::params;

use super::create::uuid_text;
use super::floor_rooms::write_floor_rooms;
use super::room_rows::floor_id;
use super::{ChangeRecord, Seat, Store, StoreError, UnderlayRecord, sql_error};
use crate::model::{Floor, Room, Uuid};

/// Everything a floor holds, as the file has it: enough to write the floor back exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct FloorContents {
    pub floor: Floor,
    /// In file order.
    pub rooms: Vec<Room>,
    /// (room, person) pairs of the floor's rooms.
    pub seats: Vec<Seat>,
    pub underlay: Option<UnderlayRecord>,
}

/// The rooms and seats one existing floor is to hold exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct FloorFill {
    pub floor: Uuid,
    pub rooms: Vec<Room>,
    pub seats: Vec<Seat>,
}

/// Floors created with their contents, floors refilled, floors deleted with what they hold:
/// written in this order in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FloorsWrite {
    pub create: Vec<FloorContents>,
    pub fill: Vec<FloorFill>,
    pub remove: Vec<Uuid>,
}

impl Store {
    /// What a floor (as the index has it) holds, as stored.
    pub fn load_floor_contents(&self, floor: &Floor) -> Result<FloorContents, StoreError> {
        Ok(FloorContents {
            rooms: self.load_floor_rooms(&floor.uuid)?,
            seats: self.load_floor_seats(&floor.uuid)?,
            underlay: self.load_underlay(&floor.uuid)?,
            floor: floor.clone(),
        })
    }

    /// Sets the name, level, 标高 and 层高 of floors (by UUID), in one transaction. A name
    /// another floor of the building has is refused by the file (`UNIQUE (building, name)`).
    pub fn update_floors(
        &mut self,
        floors: &[Floor],
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let mut update = tx
                .prepare(
                    "UPDATE floors SET name = ?1, level = ?2, elevation_m = ?3, storey_height_m = ?4
                     WHERE uuid = ?5",
                )
                .map_err(sql)?;
            for floor in floors {
                let mut buf = [0u8; 36];
                let changed = update
                    .execute(params![
                        floor.name,
                        floor.level,
                        floor.elevation_m,
                        floor.storey_height_m,
                        uuid_text(&floor.uuid, &mut buf)
                    ])
                    .map_err(sql)?;
                if changed == 0 {
                    return Err(StoreError::Missing {
                        path: path.to_path_buf(),
                        what: format!("floor {}", floor.uuid),
                    });
                }
            }
            Ok(())
        })
    }

    /// Creates, refills and removes floors in one transaction (see [`FloorsWrite`]).
    /// Removing a floor removes its rooms, their units and seats, and its scanned plan.
    pub fn write_floors(
        &mut self,
        change: &FloorsWrite,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            for contents in &change.create {
                super::edit::insert_floor_row(tx, path, &contents.floor)?;
                let id = floor_id(tx, path, &contents.floor.uuid)?;
                write_floor_rooms(tx, path, id, &contents.rooms, &contents.seats)?;
                if let Some(u) = &contents.underlay {
                    tx.execute(
                        "INSERT INTO floor_underlays (floor_id, name, image, origin_x, origin_y, metres_per_pixel, opacity)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            id,
                            u.name,
                            u.image,
                            u.origin.0,
                            u.origin.1,
                            u.metres_per_pixel,
                            u.opacity
                        ],
                    )
                    .map_err(sql)?;
                }
            }
            for fill in &change.fill {
                let id = floor_id(tx, path, &fill.floor)?;
                write_floor_rooms(tx, path, id, &fill.rooms, &fill.seats)?;
            }
            for floor in &change.remove {
                let id = floor_id(tx, path, floor)?;
                // Rooms go first through the one path that deletes room rows (their units and
                // seats cascade); the underlay and the floor row follow.
                write_floor_rooms(tx, path, id, &[], &[])?;
                tx.execute("DELETE FROM floor_underlays WHERE floor_id = ?1", [id])
                    .map_err(sql)?;
                tx.execute("DELETE FROM floors WHERE id = ?1", [id])
                    .map_err(sql)?;
            }
            Ok(())
        })
    }
}
