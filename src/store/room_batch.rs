//! Attributes of several rooms written together (a selection edited in the inspector,
//! `rooms set`): category, sub-use, status with its date, note — geometry, number and units
//! stay.

use rusqlite::params;

use super::create::uuid_text;
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::{Coded as _, Date, Room, RoomCategory, RoomStatus, Uuid};

/// The attributes of one room that a batch edit writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomAttributes {
    pub room: Uuid,
    pub category: RoomCategory,
    pub sub_use: String,
    pub status: RoomStatus,
    pub status_since: Option<Date>,
    pub note: String,
}

impl RoomAttributes {
    /// The attributes of a room as it is.
    pub fn of(room: &Room) -> Self {
        Self {
            room: room.uuid,
            category: room.category,
            sub_use: room.sub_use.clone(),
            status: room.status,
            status_since: room.status_since.clone(),
            note: room.note.clone(),
        }
    }
}

impl Store {
    /// Writes the attributes of rooms (by UUID) in one transaction; a room not in the file is
    /// [`StoreError::Missing`] and nothing is written.
    pub fn set_room_attributes(
        &mut self,
        rooms: &[RoomAttributes],
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let mut update = tx
                .prepare(
                    "UPDATE rooms SET category = ?1, sub_use = ?2, status = ?3, status_since = ?4,
                        note = ?5 WHERE uuid = ?6",
                )
                .map_err(sql)?;
            for r in rooms {
                let mut buf = [0u8; 36];
                let changed = update
                    .execute(params![
                        r.category.code(),
                        r.sub_use,
                        r.status.code(),
                        r.status_since,
                        r.note,
                        uuid_text(&r.room, &mut buf)
                    ])
                    .map_err(sql)?;
                if changed == 0 {
                    return Err(StoreError::Missing {
                        path: path.to_path_buf(),
                        what: format!("room {}", r.room),
                    });
                }
            }
            Ok(())
        })
    }
}
