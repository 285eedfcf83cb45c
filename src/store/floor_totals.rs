//! Per-floor room totals kept in the file (schema step 12, `schema_floor_totals`): what
//! [`super::Store::load_index`] reads instead of every room's polygon.
//!
//! The totals are a cache, and the file is also a GeoPackage that QGIS, GDAL and the sqlite3
//! shell write to, so they are believed only for a floor that is not in
//! `officeplan_floor_totals_stale` (plain-SQL triggers put a floor there on every write to
//! its rooms, whoever makes it) and only if they were made by the area rules of this build
//! ([`AREA_RULES`]). Every other floor is measured again from its rooms when the index is
//! read.
//!
//! [`refresh`] recomputes the stale floors and takes them off the list. It is bookkeeping,
//! not user data: it runs inside the transaction of each of our writes (just before its
//! change-log line, see `edit::log_change`), so a write commits with its floors' totals
//! right, and the floors another program made stale since are refreshed by our next write.
//! It has no change-log line and no undo of its own: undoing the write is another write,
//! whose triggers make the floors stale again. Reading never writes: a read-only file, or
//! `summary` of a file edited in QGIS, measures the stale floors in memory.
//!
//! A floor's totals are summed in `fid` order with [`measured_area`], exactly as a full scan
//! of the rooms table sums them, so an index read from the totals equals a full rescan to
//! the last bit, not only to the cent.

use std::collections::{HashMap, HashSet};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::blob::decode_polygon;
use super::load::FloorEntry;
use crate::analysis::CategoryStatusTotals;
use crate::analysis::totals::Cell;
use crate::analysis::validity::measured_area;
use crate::model::{Coded, RoomCategory, RoomStatus};

/// The version of the rules a stored total was measured by. Change it with any change of
/// [`measured_area`] or of how a room's blob is read: totals of another version are then
/// measured again, never believed.
pub(super) const AREA_RULES: &str = "1";

/// The `officeplan_meta` key holding the [`AREA_RULES`] the stored totals were made with.
const RULES_KEY: &str = "floor_totals_rules";

/// One room as the totals count it.
pub(super) struct RoomTally {
    pub floor: i64,
    pub category: RoomCategory,
    pub status: RoomStatus,
    /// 使用面积 in m², `None` when the polygon cannot be measured.
    pub area: Option<f64>,
}

/// A column whose value this build cannot read (a category or status code it does not know).
pub(super) struct BadColumn {
    pub fid: i64,
    pub floor: i64,
    pub column: &'static str,
    pub value: String,
}

/// Which rooms to visit.
#[derive(Clone, Copy)]
pub(super) enum Rooms {
    /// Every room, in `fid` order.
    All,
    /// The rooms of the floors in `officeplan_floor_totals_stale`, floor by floor, each floor
    /// in `fid` order.
    OfStaleFloors,
}

/// Visits rooms as [`RoomTally`] (or the column that could not be read), in `fid` order
/// within each floor. The one measuring of rooms behind the index and the stored totals.
pub(super) fn scan_rooms(
    conn: &Connection,
    rooms: Rooms,
    mut visit: impl FnMut(Result<RoomTally, BadColumn>),
) -> rusqlite::Result<()> {
    let sql = match rooms {
        Rooms::All => "SELECT fid, floor_id, category, status, geom FROM rooms",
        Rooms::OfStaleFloors => {
            "SELECT fid, floor_id, category, status, geom FROM rooms
             WHERE floor_id IN (SELECT floor_id FROM officeplan_floor_totals_stale)
             ORDER BY floor_id, fid"
        }
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let fid: i64 = row.get(0)?;
        let floor: i64 = row.get(1)?;
        let bad = |column: &'static str, value: &str| BadColumn {
            fid,
            floor,
            column,
            value: value.to_owned(),
        };
        let category = coded::<RoomCategory>(row.get_ref(2)?).map_err(|v| bad("category", &v));
        let status = coded::<RoomStatus>(row.get_ref(3)?).map_err(|v| bad("status", &v));
        let tally = match (category, status) {
            (Ok(category), Ok(status)) => Ok(RoomTally {
                floor,
                category,
                status,
                area: room_area(row.get_ref(4)?),
            }),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        visit(tally);
    }
    Ok(())
}

/// A code read in place (a scan parses two per room), or the text it could not parse.
fn coded<T: Coded>(value: ValueRef<'_>) -> Result<T, String> {
    let text = match value {
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).unwrap_or(""),
        _ => "",
    };
    T::parse(text).ok_or_else(|| text.to_owned())
}

/// A stored count: a non-negative integer, nothing else.
fn count(value: ValueRef<'_>) -> Option<u64> {
    match value {
        ValueRef::Integer(n) => u64::try_from(n).ok(),
        _ => None,
    }
}

/// A room's area from its stored geometry: `None` for a blob that is not one measurable
/// polygon (the room loads as an empty polygon, see `Cells::room_polygon`).
fn room_area(geom: ValueRef<'_>) -> Option<f64> {
    match geom {
        ValueRef::Blob(blob) => decode_polygon(blob)
            .ok()
            .and_then(|p| measured_area(&p).ok()),
        _ => None,
    }
}

/// Adds one room to a floor's totals: the one way both the stored totals and a rescan count.
pub(super) fn add(totals: &mut CategoryStatusTotals, room: &RoomTally) {
    match room.area {
        Some(area) => totals.add_room(room.category, room.status, area),
        None => totals.add_unmeasured_room(room.category, room.status),
    }
}

/// The index's floor entries by floor row id: where the totals of each floor go.
pub(super) struct FloorSlots<'a> {
    pub pos: &'a HashMap<i64, usize>,
    pub floors: &'a mut [FloorEntry],
}

impl FloorSlots<'_> {
    /// The totals of a floor of the index (`None`: rows of a floor the file no longer has).
    pub fn get(&mut self, floor: i64) -> Option<&mut CategoryStatusTotals> {
        let pos = *self.pos.get(&floor)?;
        self.floors.get_mut(pos).map(|f| &mut f.totals)
    }
}

/// Adds the stored totals of the floors that are not stale into `slots`, and returns the
/// floors to measure again from their rooms (`None`: every floor, the totals were made by
/// other rules). A row this build did not write (an unknown code, a negative count) makes
/// its floor stale: what was added of it is taken back.
pub(super) fn read(
    conn: &Connection,
    slots: &mut FloorSlots<'_>,
) -> rusqlite::Result<Option<HashSet<i64>>> {
    if !made_by_these_rules(conn)? {
        return Ok(None);
    }
    let mut stale: HashSet<i64> = conn
        .prepare("SELECT floor_id FROM officeplan_floor_totals_stale")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut unbelievable: HashSet<i64> = HashSet::new();
    let mut stmt = conn.prepare(
        "SELECT floor_id, category, status, rooms, area_m2, unmeasured FROM officeplan_floor_totals",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let floor: i64 = row.get(0)?;
        if stale.contains(&floor) || unbelievable.contains(&floor) {
            continue;
        }
        let Some(totals) = slots.get(floor) else {
            continue;
        };
        let cell = (
            coded::<RoomCategory>(row.get_ref(1)?),
            coded::<RoomStatus>(row.get_ref(2)?),
            count(row.get_ref(3)?),
            match row.get_ref(4)? {
                ValueRef::Real(a) if a.is_finite() => Some(a),
                _ => None,
            },
            count(row.get_ref(5)?),
        );
        match cell {
            (Ok(category), Ok(status), Some(rooms), Some(area_m2), Some(unmeasured))
                if unmeasured <= rooms =>
            {
                totals.add_stored(category, status, Cell { rooms, area_m2 }, unmeasured);
            }
            _ => {
                *totals = CategoryStatusTotals::default();
                unbelievable.insert(floor);
            }
        }
    }
    stale.extend(unbelievable);
    Ok(Some(stale))
}

fn made_by_these_rules(conn: &Connection) -> rusqlite::Result<bool> {
    let rules: Option<String> = conn
        .query_row(
            "SELECT value FROM officeplan_meta WHERE key = ?1",
            [RULES_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(rules.as_deref() == Some(AREA_RULES))
}

/// Recomputes the totals of every stale floor from its rooms and takes the floor off the
/// list (all floors when the stored totals were made by other rules); returns how many
/// floors it refreshed. A floor with a room this build cannot read (an unknown category
/// code) stays stale: reading the index names the room, and a cache must not fail a write.
pub(super) fn refresh(conn: &Connection) -> rusqlite::Result<usize> {
    if !made_by_these_rules(conn)? {
        conn.execute_batch(
            "DELETE FROM officeplan_floor_totals;
             INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) SELECT id FROM floors;",
        )?;
        conn.execute(
            "INSERT INTO officeplan_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![RULES_KEY, AREA_RULES],
        )?;
    }
    let stale: Vec<i64> = conn
        .prepare("SELECT floor_id FROM officeplan_floor_totals_stale")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if stale.is_empty() {
        return Ok(0);
    }
    let floors: i64 = conn.query_row("SELECT count(*) FROM floors", [], |r| r.get(0))?;
    let marked: HashSet<i64> = stale.iter().copied().collect();
    // Most floors stale (a new file, other rules): one pass in file order beats a lookup
    // per floor; a floor's rooms come in `fid` order either way.
    let rooms = if i64::try_from(marked.len())
        .unwrap_or(i64::MAX)
        .saturating_mul(2)
        > floors
    {
        Rooms::All
    } else {
        Rooms::OfStaleFloors
    };
    let mut totals: HashMap<i64, CategoryStatusTotals> = HashMap::new();
    let mut unreadable: HashSet<i64> = HashSet::new();
    scan_rooms(conn, rooms, |room| match room {
        Ok(room) if marked.contains(&room.floor) => {
            add(totals.entry(room.floor).or_default(), &room);
        }
        Ok(_) => {}
        Err(bad) => {
            unreadable.insert(bad.floor);
        }
    })?;
    let mut clear = conn.prepare("DELETE FROM officeplan_floor_totals WHERE floor_id = ?1")?;
    let mut insert = conn.prepare(
        "INSERT INTO officeplan_floor_totals (floor_id, category, status, rooms, area_m2, unmeasured)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut unmark =
        conn.prepare("DELETE FROM officeplan_floor_totals_stale WHERE floor_id = ?1")?;
    let mut refreshed = 0;
    for floor in stale {
        if unreadable.contains(&floor) {
            continue;
        }
        clear.execute([floor])?;
        if let Some(t) = totals.get(&floor) {
            for (category, status, cell) in t.nonempty() {
                insert.execute(params![
                    floor,
                    category.code(),
                    status.code(),
                    i64::try_from(cell.rooms).unwrap_or(i64::MAX),
                    cell.area_m2,
                    i64::try_from(t.unmeasured_in(category, status)).unwrap_or(i64::MAX),
                ])?;
            }
        }
        // Last: the inserts' own trigger marked the floor again.
        unmark.execute([floor])?;
        refreshed += 1;
    }
    Ok(refreshed)
}
