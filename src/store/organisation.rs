//! The organisation (units, posts, persons, occupancy) read and replaced as one value.

use std::collections::{HashMap, HashSet};

use rusqlite::{Transaction, params};

use super::create::uuid_text;
use super::{ChangeRecord, Store, StoreError};
use crate::model::{Coded as _, Organisation, OrganisationChange, Person, RoomKey, Unit, Uuid};

impl Store {
    /// Loads units, persons and room occupancy by unit.
    pub fn load_organisation(&self) -> Result<Organisation, StoreError> {
        let units = self.load_units()?;
        let persons = self.load_persons()?;
        let pairs = self.collect(
            "SELECT ru.id, r.uuid, u.uuid FROM room_units ru JOIN rooms r ON r.fid = ru.room_id
             JOIN units u ON u.id = ru.unit_id ORDER BY r.fid, ru.id",
            [],
            "room_units",
            |c| Ok((c.uuid(1, "room_id")?, c.uuid(2, "unit_id")?)),
        )?;
        Ok(Organisation {
            units,
            persons,
            room_units: pairs,
        })
    }

    /// Every room as building name, floor name and number, in file order; no geometry.
    pub fn load_room_keys(&self) -> Result<Vec<RoomKey>, StoreError> {
        self.collect(
            &format!("{ROOM_KEYS} ORDER BY b.fid, f.level, f.id, r.fid"),
            [],
            "rooms",
            room_key,
        )
    }

    /// The keys of the given rooms only (a change-log line names a few rooms of a file that
    /// may hold a million); a room not in the file is left out.
    pub fn room_keys_of(&self, rooms: &[Uuid]) -> Result<Vec<RoomKey>, StoreError> {
        let mut keys = Vec::with_capacity(rooms.len());
        let mut buf = [0u8; 36];
        for room in rooms {
            keys.extend(self.collect(
                &format!("{ROOM_KEYS} WHERE r.uuid = ?1"),
                [uuid_text(room, &mut buf)],
                "rooms",
                room_key,
            )?);
        }
        Ok(keys)
    }

    /// Replaces the organisation in one transaction with its change-log line: units (with
    /// posts and parents), persons (with concurrent units), room occupancy by unit and by
    /// person. Records are matched by UUID: a unit or person already in the file keeps its row
    /// (and UUID), others are inserted, and those not in `organisation` are removed. Every
    /// reference must point into `organisation` or, for rooms, into the file.
    pub fn replace_organisation(
        &mut self,
        organisation: &Organisation,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            write_organisation(tx, organisation).map_err(|failure| failure.into_store_error(path))
        })
    }
}

impl Store {
    /// Writes a change of some units, persons and occupancy pairs in one transaction with its
    /// change-log line; the rest of the organisation stays as it is. Every reference must
    /// point into the file or into the change.
    pub fn change_organisation(
        &mut self,
        change: &OrganisationChange,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            write_change(tx, change).map_err(|failure| failure.into_store_error(path))
        })
    }
}

/// A room's building, floor and number, by the columns of [`ROOM_KEYS`].
const ROOM_KEYS: &str = "SELECT r.fid, r.uuid, b.name, f.name, r.number FROM rooms r
     JOIN floors f ON f.id = r.floor_id JOIN buildings b ON b.fid = f.building_id";

fn room_key(c: &super::load::Cells<'_, '_>) -> Result<RoomKey, super::load::CellError> {
    Ok(RoomKey {
        uuid: c.uuid(1, "uuid")?,
        building: c.text(2)?,
        floor: c.text(3)?,
        number: c.text(4)?,
    })
}

/// Why writing stopped: SQLite's error or a reference to nothing.
enum Failure {
    Sql(rusqlite::Error),
    Missing(String),
}

impl Failure {
    fn into_store_error(self, path: &std::path::Path) -> StoreError {
        match self {
            Failure::Sql(source) => StoreError::from_sqlite(path, source),
            Failure::Missing(what) => StoreError::Missing {
                path: path.to_path_buf(),
                what,
            },
        }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sql(e)
    }
}

/// UUID → row id of a table with `id`/`fid` and `uuid` columns.
pub(super) fn row_ids(tx: &Transaction<'_>, sql: &str) -> rusqlite::Result<HashMap<Uuid, i64>> {
    let mut stmt = tx.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut map = HashMap::new();
    while let Some(row) = rows.next()? {
        let text: String = row.get(1)?;
        if let Ok(uuid) = Uuid::parse_str(&text) {
            map.insert(uuid, row.get(0)?);
        }
    }
    Ok(map)
}

fn lookup(ids: &HashMap<Uuid, i64>, uuid: &Uuid, what: &str) -> Result<i64, Failure> {
    ids.get(uuid)
        .copied()
        .ok_or_else(|| Failure::Missing(format!("{what} {uuid}")))
}

fn write_organisation(tx: &Transaction<'_>, o: &Organisation) -> Result<(), Failure> {
    let mut unit_ids = row_ids(tx, "SELECT id, uuid FROM units")?;
    let old_units: HashSet<i64> = unit_ids.values().copied().collect();
    for u in &o.units {
        upsert_unit(tx, &mut unit_ids, u)?;
    }
    for u in &o.units {
        write_unit_links(tx, &unit_ids, u)?;
    }
    let mut person_ids = row_ids(tx, "SELECT id, uuid FROM persons")?;
    let old_persons: HashSet<i64> = person_ids.values().copied().collect();
    let room_ids = row_ids(tx, "SELECT fid, uuid FROM rooms")?;
    tx.execute("DELETE FROM room_units", [])?;
    for p in &o.persons {
        let id = upsert_person(tx, &unit_ids, &mut person_ids, p)?;
        write_person_links(tx, &unit_ids, &room_ids, id, p)?;
    }
    for (room, unit) in &o.room_units {
        add_room_unit(tx, &room_ids, &unit_ids, room, unit)?;
    }
    // Removed last: a person who moved to another unit must not go with the old unit.
    let kept_persons: HashSet<i64> = o
        .persons
        .iter()
        .filter_map(|p| person_ids.get(&p.uuid).copied())
        .collect();
    for id in old_persons.difference(&kept_persons) {
        tx.prepare_cached("DELETE FROM persons WHERE id = ?1")?
            .execute([id])?;
    }
    let kept_units: HashSet<i64> = o
        .units
        .iter()
        .filter_map(|u| unit_ids.get(&u.uuid).copied())
        .collect();
    for id in old_units.difference(&kept_units) {
        tx.prepare_cached("DELETE FROM units WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Writes a [`OrganisationChange`] in the order its documentation gives.
fn write_change(tx: &Transaction<'_>, c: &OrganisationChange) -> Result<(), Failure> {
    let mut unit_ids = row_ids(tx, "SELECT id, uuid FROM units")?;
    for u in &c.units {
        upsert_unit(tx, &mut unit_ids, u)?;
    }
    for u in &c.units {
        write_unit_links(tx, &unit_ids, u)?;
    }
    let mut person_ids = row_ids(tx, "SELECT id, uuid FROM persons")?;
    let rooms: Vec<Uuid> = c
        .persons
        .iter()
        .flat_map(|p| p.rooms.iter())
        .chain(c.room_units_added.iter().map(|(r, _)| r))
        .chain(c.room_units_removed.iter().map(|(r, _)| r))
        .chain(c.room_status.iter().map(|(r, _, _)| r))
        .copied()
        .collect();
    let room_ids = room_ids_of(tx, &rooms)?;
    for p in &c.persons {
        let id = upsert_person(tx, &unit_ids, &mut person_ids, p)?;
        write_person_links(tx, &unit_ids, &room_ids, id, p)?;
    }
    for (room, unit) in &c.room_units_removed {
        tx.prepare_cached("DELETE FROM room_units WHERE room_id = ?1 AND unit_id = ?2")?
            .execute(params![
                lookup(&room_ids, room, "room")?,
                lookup(&unit_ids, unit, "unit")?
            ])?;
    }
    for (room, unit) in &c.room_units_added {
        add_room_unit(tx, &room_ids, &unit_ids, room, unit)?;
    }
    for (room, status, since) in &c.room_status {
        tx.prepare_cached("UPDATE rooms SET status = ?1, status_since = ?2 WHERE fid = ?3")?
            .execute(params![
                status.code(),
                since,
                lookup(&room_ids, room, "room")?
            ])?;
    }
    for p in &c.persons_removed {
        let id = lookup(&person_ids, p, "person")?;
        tx.prepare_cached("DELETE FROM persons WHERE id = ?1")?
            .execute([id])?;
    }
    for u in &c.units_removed {
        let id = lookup(&unit_ids, u, "unit")?;
        tx.prepare_cached("DELETE FROM units WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Row ids of the given rooms only: a change touches a handful of rooms of a file that may
/// hold a million.
fn room_ids_of(tx: &Transaction<'_>, rooms: &[Uuid]) -> rusqlite::Result<HashMap<Uuid, i64>> {
    let mut ids = HashMap::new();
    let mut buf = [0u8; 36];
    let mut stmt = tx.prepare_cached("SELECT fid FROM rooms WHERE uuid = ?1")?;
    for room in rooms {
        if ids.contains_key(room) {
            continue;
        }
        let mut rows = stmt.query([uuid_text(room, &mut buf)])?;
        if let Some(row) = rows.next()? {
            ids.insert(*room, row.get(0)?);
        }
    }
    Ok(ids)
}

/// Inserts or updates a unit's own row (not its posts or parent); its row id.
fn upsert_unit(
    tx: &Transaction<'_>,
    ids: &mut HashMap<Uuid, i64>,
    u: &Unit,
) -> Result<i64, Failure> {
    let (category, kind) = (u.organ_category.code(), u.kind.code());
    if let Some(id) = ids.get(&u.uuid) {
        tx.prepare_cached(
            "UPDATE units SET name = ?1, organ_category = ?2, kind = ?3, parent_id = NULL,
                service_posts = ?4, headcount = ?5, note = ?6, rank_step = ?7,
                region_id = (SELECT id FROM regions WHERE uuid = ?9) WHERE id = ?8",
        )?
        .execute(params![
            u.name,
            category,
            kind,
            u.service_posts,
            u.headcount,
            u.note,
            u.rank_step.map(|s| s.code()),
            id,
            u.region.map(|r| r.to_string())
        ])?;
        return Ok(*id);
    }
    let mut buf = [0u8; 36];
    tx.prepare_cached(
        "INSERT INTO units (uuid, name, organ_category, kind, service_posts, headcount, note,
            rank_step, region_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT id FROM regions WHERE uuid = ?9))",
    )?
    .execute(params![
        uuid_text(&u.uuid, &mut buf),
        u.name,
        category,
        kind,
        u.service_posts,
        u.headcount,
        u.note,
        u.rank_step.map(|s| s.code()),
        u.region.map(|r| r.to_string())
    ])?;
    let id = tx.last_insert_rowid();
    ids.insert(u.uuid, id);
    Ok(id)
}

/// Replaces a unit's approved posts and sets its parent (every unit already written).
fn write_unit_links(
    tx: &Transaction<'_>,
    ids: &HashMap<Uuid, i64>,
    u: &Unit,
) -> Result<(), Failure> {
    let id = lookup(ids, &u.uuid, "unit")?;
    tx.prepare_cached("DELETE FROM unit_posts WHERE unit_id = ?1")?
        .execute([id])?;
    let mut post =
        tx.prepare_cached("INSERT INTO unit_posts (unit_id, grade, count) VALUES (?1, ?2, ?3)")?;
    for (grade, count) in &u.posts {
        post.execute(params![id, grade.code(), count])?;
    }
    if let Some(p) = &u.parent {
        tx.prepare_cached("UPDATE units SET parent_id = ?1 WHERE id = ?2")?
            .execute(params![lookup(ids, p, "unit")?, id])?;
    }
    Ok(())
}

/// Inserts or updates a person's own row; its row id.
fn upsert_person(
    tx: &Transaction<'_>,
    unit_ids: &HashMap<Uuid, i64>,
    ids: &mut HashMap<Uuid, i64>,
    p: &Person,
) -> Result<i64, Failure> {
    let unit = lookup(unit_ids, &p.unit, "unit")?;
    if let Some(id) = ids.get(&p.uuid) {
        tx.prepare_cached(
            "UPDATE persons SET name = ?1, grade = ?2, title = ?3, unit_id = ?4, status = ?5,
                status_date = ?6, second_office_approval = ?7, second_office_approval_date = ?8,
                rank = ?9, rank_only = ?10, party_government_head = ?11
             WHERE id = ?12",
        )?
        .execute(params![
            p.name,
            p.grade.code(),
            p.title,
            unit,
            p.status.code(),
            p.status_date,
            p.second_office_approval,
            p.second_office_approval_date,
            rank_text(p),
            p.rank_only,
            p.party_government_head,
            id
        ])?;
        return Ok(*id);
    }
    let mut buf = [0u8; 36];
    tx.prepare_cached(
        "INSERT INTO persons (uuid, name, grade, title, unit_id, status, status_date,
            second_office_approval, second_office_approval_date, rank, rank_only,
            party_government_head)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        uuid_text(&p.uuid, &mut buf),
        p.name,
        p.grade.code(),
        p.title,
        unit,
        p.status.code(),
        p.status_date,
        p.second_office_approval,
        p.second_office_approval_date,
        rank_text(p),
        p.rank_only,
        p.party_government_head
    ])?;
    let id = tx.last_insert_rowid();
    ids.insert(p.uuid, id);
    Ok(id)
}

/// A person's 职级 as stored: `NULL` for none.
pub(super) fn rank_text(p: &Person) -> Option<&str> {
    Some(p.rank.trim()).filter(|r| !r.is_empty())
}

/// Replaces a person's concurrent posts and rooms.
fn write_person_links(
    tx: &Transaction<'_>,
    unit_ids: &HashMap<Uuid, i64>,
    room_ids: &HashMap<Uuid, i64>,
    id: i64,
    p: &Person,
) -> Result<(), Failure> {
    tx.prepare_cached("DELETE FROM person_concurrent_units WHERE person_id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM room_persons WHERE person_id = ?1")?
        .execute([id])?;
    let mut concurrent = tx.prepare_cached(
        "INSERT OR IGNORE INTO person_concurrent_units (person_id, unit_id, start_date, end_date)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for post in &p.concurrent {
        let unit = lookup(unit_ids, &post.unit, "unit")?;
        concurrent.execute(params![id, unit, post.start, post.end])?;
    }
    let mut seat = tx.prepare_cached(
        "INSERT OR IGNORE INTO room_persons (room_id, person_id) VALUES (?1, ?2)",
    )?;
    for r in &p.rooms {
        seat.execute(params![lookup(room_ids, r, "room")?, id])?;
    }
    Ok(())
}

fn add_room_unit(
    tx: &Transaction<'_>,
    room_ids: &HashMap<Uuid, i64>,
    unit_ids: &HashMap<Uuid, i64>,
    room: &Uuid,
    unit: &Uuid,
) -> Result<(), Failure> {
    tx.prepare_cached("INSERT OR IGNORE INTO room_units (room_id, unit_id) VALUES (?1, ?2)")?
        .execute(params![
            lookup(room_ids, room, "room")?,
            lookup(unit_ids, unit, "unit")?
        ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ChangeRecord {
        ChangeRecord {
            action: crate::model::ChangeAction::ImportUnits,
            summary: String::new(),
            detail: String::new(),
        }
    }

    #[test]
    fn a_person_moved_out_of_a_removed_unit_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut store) = crate::store::sample_store(dir.path());
        let before = store.load_organisation().unwrap();
        assert_eq!(before, store.load_organisation().unwrap());
        let removed = before
            .units
            .iter()
            .find(|u| u.name == "县审计局")
            .unwrap()
            .uuid;
        let target = before
            .units
            .iter()
            .find(|u| u.name == "县统计局")
            .unwrap()
            .uuid;
        let mut after = before.clone();
        after.units.retain(|u| u.uuid != removed);
        after.room_units.retain(|(_, u)| *u != removed);
        let mover = after
            .persons
            .iter()
            .position(|p| p.unit == removed)
            .unwrap();
        after.persons[mover].unit = target;
        let mover_uuid = after.persons[mover].uuid;
        after
            .persons
            .retain(|p| p.unit != removed && !p.concurrent_units().any(|u| *u == removed));
        store.replace_organisation(&after, &record()).unwrap();

        let loaded = store.load_organisation().unwrap();
        assert_eq!(loaded.units.len(), before.units.len() - 1);
        let moved = loaded
            .persons
            .iter()
            .find(|p| p.uuid == mover_uuid)
            .unwrap();
        assert_eq!(moved.unit, target);
        assert_eq!(loaded, after, "what was written reads back the same");
        assert_eq!(store.change_log(1).unwrap()[0].action, "import_units");
    }

    #[test]
    fn a_reference_to_nothing_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut store) = crate::store::sample_store(dir.path());
        let before = store.load_organisation().unwrap();
        let mut broken = before.clone();
        broken.room_units.push((Uuid::nil(), before.units[0].uuid));
        broken.units.clear();
        let error = store.replace_organisation(&broken, &record()).unwrap_err();
        assert!(matches!(error, StoreError::Missing { .. }), "{error}");
        assert_eq!(store.load_organisation().unwrap(), before);
    }
}
