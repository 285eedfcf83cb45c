//! The organisation (units, posts, persons, occupancy) read and replaced as one value.

use std::collections::{HashMap, HashSet};

use rusqlite::{Transaction, params};

use super::create::uuid_text;
use super::{ChangeRecord, Store, StoreError};
use crate::model::{Coded as _, Organisation, RoomKey, Uuid};

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
            "SELECT r.fid, r.uuid, b.name, f.name, r.number FROM rooms r
             JOIN floors f ON f.id = r.floor_id JOIN buildings b ON b.fid = f.building_id
             ORDER BY b.fid, f.level, f.id, r.fid",
            [],
            "rooms",
            |c| {
                Ok(RoomKey {
                    uuid: c.uuid(1, "uuid")?,
                    building: c.text(2)?,
                    floor: c.text(3)?,
                    number: c.text(4)?,
                })
            },
        )
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
            write_organisation(tx, organisation).map_err(|failure| match failure {
                Failure::Sql(source) => StoreError::from_sqlite(path, source),
                Failure::Missing(what) => StoreError::Missing {
                    path: path.to_path_buf(),
                    what,
                },
            })
        })
    }
}

/// Why writing stopped: SQLite's error or a reference to nothing.
enum Failure {
    Sql(rusqlite::Error),
    Missing(String),
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
    let mut buf = [0u8; 36];
    let mut unit_ids = row_ids(tx, "SELECT id, uuid FROM units")?;
    let old_units: HashSet<i64> = unit_ids.values().copied().collect();
    {
        let mut update = tx.prepare(
            "UPDATE units SET name = ?1, organ_category = ?2, kind = ?3, parent_id = NULL,
                service_posts = ?4, headcount = ?5, note = ?6 WHERE id = ?7",
        )?;
        let mut insert = tx.prepare(
            "INSERT INTO units (uuid, name, organ_category, kind, service_posts, headcount, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for u in &o.units {
            let category = u.organ_category.code();
            let kind = u.kind.code();
            match unit_ids.get(&u.uuid) {
                Some(id) => {
                    update.execute(params![
                        u.name,
                        category,
                        kind,
                        u.service_posts,
                        u.headcount,
                        u.note,
                        id
                    ])?;
                }
                None => {
                    insert.execute(params![
                        uuid_text(&u.uuid, &mut buf),
                        u.name,
                        category,
                        kind,
                        u.service_posts,
                        u.headcount,
                        u.note
                    ])?;
                    unit_ids.insert(u.uuid, tx.last_insert_rowid());
                }
            }
        }
        tx.execute("DELETE FROM unit_posts", [])?;
        let mut post =
            tx.prepare("INSERT INTO unit_posts (unit_id, grade, count) VALUES (?1, ?2, ?3)")?;
        let mut parent = tx.prepare("UPDATE units SET parent_id = ?1 WHERE id = ?2")?;
        for u in &o.units {
            let id = lookup(&unit_ids, &u.uuid, "unit")?;
            for (grade, count) in &u.posts {
                post.execute(params![id, grade.code(), count])?;
            }
            if let Some(p) = &u.parent {
                parent.execute(params![lookup(&unit_ids, p, "unit")?, id])?;
            }
        }
    }

    let mut person_ids = row_ids(tx, "SELECT id, uuid FROM persons")?;
    let old_persons: HashSet<i64> = person_ids.values().copied().collect();
    {
        let mut update = tx.prepare(
            "UPDATE persons SET name = ?1, grade = ?2, title = ?3, unit_id = ?4, status = ?5,
                status_date = ?6, second_office_approval = ?7 WHERE id = ?8",
        )?;
        let mut insert = tx.prepare(
            "INSERT INTO persons (uuid, name, grade, title, unit_id, status, status_date,
                second_office_approval) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for p in &o.persons {
            let unit = lookup(&unit_ids, &p.unit, "unit")?;
            match person_ids.get(&p.uuid) {
                Some(id) => {
                    update.execute(params![
                        p.name,
                        p.grade.code(),
                        p.title,
                        unit,
                        p.status.code(),
                        p.status_date,
                        p.second_office_approval,
                        id
                    ])?;
                }
                None => {
                    insert.execute(params![
                        uuid_text(&p.uuid, &mut buf),
                        p.name,
                        p.grade.code(),
                        p.title,
                        unit,
                        p.status.code(),
                        p.status_date,
                        p.second_office_approval
                    ])?;
                    person_ids.insert(p.uuid, tx.last_insert_rowid());
                }
            }
        }
    }

    let room_ids = row_ids(tx, "SELECT fid, uuid FROM rooms")?;
    tx.execute("DELETE FROM person_concurrent_units", [])?;
    tx.execute("DELETE FROM room_persons", [])?;
    tx.execute("DELETE FROM room_units", [])?;
    {
        let mut concurrent = tx.prepare(
            "INSERT OR IGNORE INTO person_concurrent_units (person_id, unit_id) VALUES (?1, ?2)",
        )?;
        let mut room_person =
            tx.prepare("INSERT OR IGNORE INTO room_persons (room_id, person_id) VALUES (?1, ?2)")?;
        for p in &o.persons {
            let id = lookup(&person_ids, &p.uuid, "person")?;
            for u in &p.concurrent_units {
                concurrent.execute(params![id, lookup(&unit_ids, u, "unit")?])?;
            }
            for r in &p.rooms {
                room_person.execute(params![lookup(&room_ids, r, "room")?, id])?;
            }
        }
        let mut room_unit =
            tx.prepare("INSERT OR IGNORE INTO room_units (room_id, unit_id) VALUES (?1, ?2)")?;
        for (room, unit) in &o.room_units {
            room_unit.execute(params![
                lookup(&room_ids, room, "room")?,
                lookup(&unit_ids, unit, "unit")?
            ])?;
        }
    }

    // Removed last: a person who moved to another unit must not go with the old unit.
    let kept_persons: HashSet<i64> = o
        .persons
        .iter()
        .filter_map(|p| person_ids.get(&p.uuid).copied())
        .collect();
    let mut delete = tx.prepare("DELETE FROM persons WHERE id = ?1")?;
    for id in old_persons.difference(&kept_persons) {
        delete.execute([id])?;
    }
    let kept_units: HashSet<i64> = o
        .units
        .iter()
        .filter_map(|u| unit_ids.get(&u.uuid).copied())
        .collect();
    let mut delete = tx.prepare("DELETE FROM units WHERE id = ?1")?;
    for id in old_units.difference(&kept_units) {
        delete.execute([id])?;
    }
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
            .retain(|p| p.unit != removed && !p.concurrent_units.contains(&removed));
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
