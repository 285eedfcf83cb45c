//! Writes to an open project: each call is one transaction with its change-log line.

use std::collections::HashMap;

use rusqlite::{Transaction, params};

use super::create::uuid_text;
use super::room_rows::{RoomRows, floor_id};
use super::{Store, StoreError, current_user, sql_error};
use crate::model::{ChangeAction, Coded as _, Floor, Room, Uuid};

/// What a write records in the change log.
#[derive(Clone, Debug)]
pub struct ChangeRecord {
    /// What kind of write it is (stored as its code).
    pub action: ChangeAction,
    /// One line for people.
    pub summary: String,
    /// Details, e.g. JSON of the before/after values.
    pub detail: String,
}

/// A change-log entry as read back.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ChangeEntry {
    /// When, as stored: UTC, ISO 8601 (show it with [`crate::model::local_time`]).
    pub at: String,
    pub user: String,
    /// The action's code as stored; a newer version's code is kept as it is.
    pub action: String,
    pub summary: String,
}

impl ChangeEntry {
    /// The action, if this version knows its code.
    pub fn kind(&self) -> Option<ChangeAction> {
        ChangeAction::parse(&self.action)
    }
}

/// A room to write into a floor: matched to an existing room of the floor by number.
pub type RoomUpsert = Room;

/// Changes to one room's attributes; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct RoomPatch {
    pub number: Option<String>,
    pub name: Option<String>,
    pub category: Option<crate::model::RoomCategory>,
    pub status: Option<crate::model::RoomStatus>,
    /// Since when the room has its status: `Some(None)` clears it.
    pub status_since: Option<Option<crate::model::Date>>,
}

/// What [`Store::upsert_floor_rooms`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct UpsertOutcome {
    pub inserted: usize,
    pub updated: usize,
    pub removed: usize,
}

impl Store {
    /// Writes rooms into a floor in one transaction: a room whose number already exists on the
    /// floor keeps its UUID and gets the new geometry and attributes; others are inserted; with
    /// `replace`, rooms of the floor not in `rooms` are removed. A new room keeps the UUID it
    /// came with unless that UUID is already used in the file. Occupancy by unit is replaced
    /// for every written room. Returns the rooms as written (with the UUIDs they kept).
    pub fn upsert_floor_rooms(
        &mut self,
        floor: &Uuid,
        rooms: &[RoomUpsert],
        replace: bool,
        record: &ChangeRecord,
    ) -> Result<(UpsertOutcome, Vec<Room>), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            upsert_rooms(tx, path, floor, rooms, replace)
        })
    }

    /// Adds a floor and writes its rooms (as [`Store::upsert_floor_rooms`] would) in ONE
    /// transaction with one change-log line: a failure in any room leaves no empty floor.
    pub fn insert_floor_with_rooms(
        &mut self,
        floor: &Floor,
        rooms: &[RoomUpsert],
        record: &ChangeRecord,
    ) -> Result<(UpsertOutcome, Vec<Room>), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            insert_floor_row(tx, path, floor)?;
            upsert_rooms(tx, path, &floor.uuid, rooms, false)
        })
    }

    /// Adds a floor to a building.
    pub fn insert_floor(&mut self, floor: &Floor, record: &ChangeRecord) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| insert_floor_row(tx, path, floor))
    }

    /// Changes a room's number, name, category or status (the fields that are `Some`).
    pub fn patch_room(
        &mut self,
        room: &Uuid,
        patch: &RoomPatch,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let mut buf = [0u8; 36];
            let changed = tx
                .execute(
                    "UPDATE rooms SET number = coalesce(?1, number), name = coalesce(?2, name),
                    category = coalesce(?3, category), status = coalesce(?4, status),
                    status_since = CASE WHEN ?6 THEN ?7 ELSE status_since END WHERE uuid = ?5",
                    params![
                        patch.number,
                        patch.name,
                        patch.category.map(|c| c.code()),
                        patch.status.map(|s| s.code()),
                        uuid_text(room, &mut buf),
                        patch.status_since.is_some(),
                        patch.status_since.clone().flatten(),
                    ],
                )
                .map_err(sql)?;
            updated_one(changed, path, || format!("room {room}"))
        })
    }

    /// Renames a unit.
    pub fn rename_unit(
        &mut self,
        unit: &Uuid,
        name: &str,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            let changed = tx
                .execute(
                    "UPDATE units SET name = ?1 WHERE uuid = ?2",
                    params![name, uuid_text(unit, &mut buf)],
                )
                .map_err(sql_error(path))?;
            updated_one(changed, path, || format!("unit {unit}"))
        })
    }

    /// The newest `limit` change-log entries, newest first.
    pub fn change_log(&self, limit: usize) -> Result<Vec<ChangeEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, user, action, summary FROM change_log ORDER BY id DESC LIMIT ?1")
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok(ChangeEntry {
                    at: r.get(0)?,
                    user: r.get(1)?,
                    action: r.get(2)?,
                    summary: r.get(3)?,
                })
            })
            .map_err(|e| self.sql_error(e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql_error(e))
    }
}

/// Writes rooms into a floor matched by number (see [`Store::upsert_floor_rooms`]).
fn upsert_rooms(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    floor: &Uuid,
    rooms: &[RoomUpsert],
    replace: bool,
) -> Result<(UpsertOutcome, Vec<Room>), StoreError> {
    let sql = sql_error(path);
    let floor_id = floor_id(tx, path, floor)?;
    let mut existing: HashMap<String, (i64, String)> = HashMap::new();
    {
        let mut stmt = tx
            .prepare("SELECT fid, number, uuid FROM rooms WHERE floor_id = ?1")
            .map_err(sql)?;
        let mut rows = stmt.query([floor_id]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            existing.insert(
                row.get(1).map_err(sql)?,
                (row.get(0).map_err(sql)?, row.get(2).map_err(sql)?),
            );
        }
    }
    let mut outcome = UpsertOutcome::default();
    let mut written = Vec::with_capacity(rooms.len());
    let mut rows = RoomRows::new(tx, floor_id).map_err(sql)?;
    let mut uuid_taken = tx
        .prepare("SELECT 1 FROM rooms WHERE uuid = ?1")
        .map_err(sql)?;
    let mut buf = [0u8; 36];
    // New rooms (their places in `written`) are inserted together after the updates.
    let mut new_rooms: Vec<usize> = Vec::new();
    let mut new_uuids: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    for room in rooms {
        let mut room = room.clone();
        room.floor = *floor;
        match existing.remove(&room.number) {
            Some((fid, uuid)) => {
                rows.update(fid, &room).map_err(sql)?;
                room.uuid = Uuid::parse_str(&uuid).map_err(|_| StoreError::BadValue {
                    path: path.to_path_buf(),
                    table: "rooms",
                    row: fid,
                    column: "uuid",
                    value: uuid.clone(),
                })?;
                outcome.updated += 1;
                rows.set_units(path, fid, &room.units)?;
            }
            None => {
                // A room whose UUID is already in the file (e.g. a floor exported and
                // imported as another floor), or twice in this write, is a copy: it gets a
                // UUID of its own.
                if new_uuids.contains(&room.uuid)
                    || uuid_taken
                        .exists([uuid_text(&room.uuid, &mut buf)])
                        .map_err(sql)?
                {
                    room.uuid = Uuid::now_v7();
                }
                new_uuids.insert(room.uuid);
                outcome.inserted += 1;
                new_rooms.push(written.len());
            }
        }
        written.push(room);
    }
    let inserting: Vec<&Room> = new_rooms.iter().filter_map(|i| written.get(*i)).collect();
    let fids = rows.insert_many(tx, &inserting).map_err(sql)?;
    for (room, fid) in inserting.iter().zip(fids) {
        rows.set_units(path, fid, &room.units)?;
    }
    if replace {
        outcome.removed += existing.len();
        RoomRows::delete(tx, existing.values().map(|(fid, _)| *fid)).map_err(sql)?;
    }
    rows.finish(tx).map_err(sql)?;
    Ok((outcome, written))
}

/// Inserts a floor's row under its building.
pub(super) fn insert_floor_row(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    floor: &Floor,
) -> Result<(), StoreError> {
    let sql = sql_error(path);
    let mut buf = [0u8; 36];
    let building_id = super::inventory::building_id(tx, path, &floor.building)?;
    tx.execute(
        "INSERT INTO floors (uuid, building_id, name, level, elevation_m, storey_height_m) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            uuid_text(&floor.uuid, &mut buf),
            building_id,
            floor.name,
            floor.level,
            floor.elevation_m,
            floor.storey_height_m
        ],
    )
    .map_err(sql)?;
    Ok(())
}

/// An UPDATE by UUID that changed no row names a row that is not in the file.
pub(super) fn updated_one(
    changed: usize,
    path: &std::path::Path,
    what: impl FnOnce() -> String,
) -> Result<(), StoreError> {
    if changed == 0 {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
            what: what(),
        });
    }
    Ok(())
}

/// Ends a write: brings the per-floor totals of the floors it touched (and of any floor
/// another program touched since) up to date, then adds its change-log line. Every write of
/// ours, merges included, ends here, inside its transaction (see `floor_totals`).
pub(super) fn log_change(tx: &rusqlite::Connection, record: &ChangeRecord) -> rusqlite::Result<()> {
    super::floor_totals::refresh(tx)?;
    tx.execute(
        "INSERT INTO change_log (user, action, summary, detail) VALUES (?1, ?2, ?3, ?4)",
        params![
            current_user(),
            record.action.code(),
            record.summary,
            record.detail
        ],
    )?;
    Ok(())
}
