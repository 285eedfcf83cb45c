//! Writing a floor's room rows: the one place that updates, inserts and deletes rows of
//! `rooms` with their `room_units`, shared by [`Store::upsert_floor_rooms`] (rooms matched by
//! number) and [`Store::replace_floor_rooms`] (rooms matched by UUID).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Statement, Transaction, params};

use super::blob::{encode_polygon, encode_polygon_into};
use super::create::{Extent, multi_row_sql, uuid_text};
use super::schema::PLAN_SRS_ID;
use super::{StoreError, sql_error};
use crate::model::{Coded as _, Room, Uuid};

/// The id of a floor in the file, or [`StoreError::Missing`] naming it.
pub(super) fn floor_id(tx: &Transaction<'_>, path: &Path, floor: &Uuid) -> Result<i64, StoreError> {
    super::inventory::row_id(
        tx,
        path,
        "SELECT id FROM floors WHERE uuid = ?1",
        floor,
        "floor",
    )
}

/// Rooms per INSERT statement in [`RoomRows::insert_many`] (11 parameters each, far under
/// SQLite's 32,766).
const INSERT_CHUNK: usize = 200;

/// `INSERT INTO rooms (…) VALUES ` with the columns [`bind_room`] binds, in its order.
pub(super) const ROOM_INSERT_HEAD: &str = "INSERT INTO rooms (geom, uuid, floor_id, number, \
    name, category, sub_use, status, status_since, surveyed_area_m2, note) VALUES ";
/// The columns of [`ROOM_INSERT_HEAD`].
pub(super) const ROOM_INSERT_COLUMNS: usize = 11;

/// Binds `room`'s row on floor row `floor_id` from parameter `at` on (the columns of
/// [`ROOM_INSERT_HEAD`]); `blob` is reused for the geometry.
pub(super) fn bind_room(
    stmt: &mut Statement<'_>,
    at: usize,
    room: &Room,
    floor_id: i64,
    blob: &mut Vec<u8>,
) -> rusqlite::Result<()> {
    let mut buf = [0u8; 36];
    encode_polygon_into(&room.polygon, PLAN_SRS_ID, blob);
    stmt.raw_bind_parameter(at, blob.as_slice())?;
    stmt.raw_bind_parameter(at + 1, uuid_text(&room.uuid, &mut buf))?;
    stmt.raw_bind_parameter(at + 2, floor_id)?;
    stmt.raw_bind_parameter(at + 3, &room.number)?;
    stmt.raw_bind_parameter(at + 4, &room.name)?;
    stmt.raw_bind_parameter(at + 5, room.category.code())?;
    stmt.raw_bind_parameter(at + 6, &room.sub_use)?;
    stmt.raw_bind_parameter(at + 7, room.status.code())?;
    stmt.raw_bind_parameter(at + 8, &room.status_since)?;
    stmt.raw_bind_parameter(at + 9, room.surveyed_area_m2)?;
    stmt.raw_bind_parameter(at + 10, &room.note)
}

/// Prepared statements writing one floor's rooms, and the extent of what was written.
pub(super) struct RoomRows<'t> {
    floor_id: i64,
    update: Statement<'t>,
    insert: Statement<'t>,
    clear_units: Statement<'t>,
    add_unit: Statement<'t>,
    unit_ids: HashMap<Uuid, i64>,
    extent: Extent,
}

impl<'t> RoomRows<'t> {
    pub(super) fn new(tx: &'t Transaction<'_>, floor_id: i64) -> rusqlite::Result<Self> {
        Ok(Self {
            floor_id,
            update: tx.prepare(
                "UPDATE rooms SET geom = ?1, number = ?2, name = ?3, category = ?4, sub_use = ?5,
                    status = ?6, status_since = ?7, surveyed_area_m2 = ?8, note = ?9 WHERE fid = ?10",
            )?,
            insert: tx.prepare(&multi_row_sql(ROOM_INSERT_HEAD, ROOM_INSERT_COLUMNS, 1))?,
            clear_units: tx.prepare("DELETE FROM room_units WHERE room_id = ?1")?,
            add_unit: tx
                .prepare("INSERT OR IGNORE INTO room_units (room_id, unit_id) VALUES (?1, ?2)")?,
            unit_ids: super::organisation::row_ids(tx, "SELECT id, uuid FROM units")?,
            extent: Extent::default(),
        })
    }

    /// Writes `room`'s geometry and attributes (number included) into row `fid`.
    pub(super) fn update(&mut self, fid: i64, room: &Room) -> rusqlite::Result<()> {
        self.extent.add(&room.polygon);
        self.update.execute(params![
            encode_polygon(&room.polygon, PLAN_SRS_ID),
            room.number,
            room.name,
            room.category.code(),
            room.sub_use,
            room.status.code(),
            room.status_since,
            room.surveyed_area_m2,
            room.note,
            fid
        ])?;
        Ok(())
    }

    /// Inserts `room` on the floor with its UUID; returns its row id.
    pub(super) fn insert(&mut self, tx: &Transaction<'_>, room: &Room) -> rusqlite::Result<i64> {
        self.extent.add(&room.polygon);
        bind_room(&mut self.insert, 1, room, self.floor_id, &mut Vec::new())?;
        self.insert.raw_execute()?;
        Ok(tx.last_insert_rowid())
    }

    /// Inserts `rooms` on the floor with their UUIDs, [`INSERT_CHUNK`] rows per statement;
    /// returns their row ids in the order of `rooms`. One statement per chunk instead of one
    /// per room: each statement's journal copies a page (of the table, its indexes and the
    /// R-tree its triggers write) once, not once per room — on a 10,000-room import that
    /// copying was an eighth of the time. The UUIDs must be unique among `rooms` and new
    /// to the file (the caller checks).
    pub(super) fn insert_many(
        &mut self,
        tx: &Transaction<'_>,
        rooms: &[&Room],
    ) -> rusqlite::Result<Vec<i64>> {
        let mut fids = Vec::with_capacity(rooms.len());
        let mut blob = Vec::with_capacity(256);
        for chunk in rooms.chunks(INSERT_CHUNK) {
            // Not `create`'s consecutive row ids: another program may have left a row id
            // that makes SQLite choose new ones at random.
            let mut stmt = tx.prepare_cached(&format!(
                "{} RETURNING fid, uuid",
                multi_row_sql(ROOM_INSERT_HEAD, ROOM_INSERT_COLUMNS, chunk.len())
            ))?;
            for (i, room) in chunk.iter().enumerate() {
                self.extent.add(&room.polygon);
                bind_room(
                    &mut stmt,
                    i * ROOM_INSERT_COLUMNS + 1,
                    room,
                    self.floor_id,
                    &mut blob,
                )?;
            }
            // RETURNING's rows come in no promised order: matched back by UUID.
            let mut by_uuid: HashMap<Uuid, i64> = HashMap::with_capacity(chunk.len());
            let mut returned = stmt.raw_query();
            while let Some(row) = returned.next()? {
                let fid: i64 = row.get(0)?;
                let uuid: String = row.get(1)?;
                if let Ok(uuid) = Uuid::parse_str(&uuid) {
                    by_uuid.insert(uuid, fid);
                }
            }
            for room in chunk {
                let fid = by_uuid.get(&room.uuid).copied().ok_or_else(|| {
                    rusqlite::Error::ToSqlConversionFailure(
                        format!("room {} was not returned by its INSERT", room.uuid).into(),
                    )
                })?;
                fids.push(fid);
            }
        }
        Ok(fids)
    }

    /// Makes `units` the units of row `fid` (a unit not in the file is an error).
    pub(super) fn set_units(
        &mut self,
        path: &Path,
        fid: i64,
        units: &[Uuid],
    ) -> Result<(), StoreError> {
        let sql = sql_error(path);
        self.clear_units.execute([fid]).map_err(sql)?;
        for unit in units {
            let unit_id = self.unit_ids.get(unit).ok_or_else(|| StoreError::Missing {
                path: path.to_path_buf(),
                what: format!("unit {unit}"),
            })?;
            self.add_unit.execute(params![fid, unit_id]).map_err(sql)?;
        }
        Ok(())
    }

    /// Deletes rows of `rooms` (their units and seats go with them).
    pub(super) fn delete(
        tx: &Transaction<'_>,
        fids: impl IntoIterator<Item = i64>,
    ) -> rusqlite::Result<usize> {
        let mut delete = tx.prepare("DELETE FROM rooms WHERE fid = ?1")?;
        let mut n = 0;
        for fid in fids {
            n += delete.execute([fid])?;
        }
        Ok(n)
    }

    /// Records the extent of the rooms written in `gpkg_contents`.
    pub(super) fn finish(self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let Self { extent, .. } = self;
        extent.write(tx, "rooms")
    }
}
