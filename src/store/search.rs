//! Finding rooms by room number, unit name or person name (the navigator's search box).

use rusqlite::params;

use super::{Store, StoreError};
use crate::model::Uuid;

/// What a search hit matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitKind {
    Room,
    Unit,
    Person,
}

/// A room found by a search, with the floor it is on.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The matched text (room number, unit name or person name).
    pub matched: String,
    pub room: Uuid,
    pub room_number: String,
    pub floor: Uuid,
}

impl Store {
    /// Rooms whose number, unit name or occupant's name contains `text` (case-insensitive for
    /// ASCII), exact room numbers first, at most `limit` hits.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let sql = "
            SELECT 0, r.number, r.uuid, r.number, f.uuid, r.number <> ?1
              FROM rooms r JOIN floors f ON f.id = r.floor_id
             WHERE r.number LIKE ?2 ESCAPE '\\'
            UNION ALL
            SELECT 1, u.name, r.uuid, r.number, f.uuid, 1
              FROM units u JOIN room_units ru ON ru.unit_id = u.id
              JOIN rooms r ON r.fid = ru.room_id JOIN floors f ON f.id = r.floor_id
             WHERE u.name LIKE ?2 ESCAPE '\\'
            UNION ALL
            SELECT 2, p.name, r.uuid, r.number, f.uuid, 1
              FROM persons p JOIN room_persons rp ON rp.person_id = p.id
              JOIN rooms r ON r.fid = rp.room_id JOIN floors f ON f.id = r.floor_id
             WHERE p.name LIKE ?2 ESCAPE '\\'
            ORDER BY 6, 1, 2, 4
            LIMIT ?3";
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql_error(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![text, pattern, limit], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })
            .map_err(|e| self.sql_error(e))?;
        let mut hits = Vec::new();
        for row in rows {
            let (kind, matched, room, room_number, floor) = row.map_err(|e| self.sql_error(e))?;
            // A UUID that does not parse is a damaged row: leave it out of the hits.
            let (Ok(room), Ok(floor)) = (Uuid::parse_str(&room), Uuid::parse_str(&floor)) else {
                continue;
            };
            let kind = match kind {
                0 => HitKind::Room,
                1 => HitKind::Unit,
                _ => HitKind::Person,
            };
            hits.push(SearchHit {
                kind,
                matched,
                room,
                room_number,
                floor,
            });
        }
        Ok(hits)
    }
}

/// A person seated in a room.
#[derive(Clone, Debug, PartialEq)]
pub struct Occupant {
    pub person: Uuid,
    pub name: String,
    pub title: String,
    pub grade: crate::model::Grade,
}

impl Store {
    /// The persons seated in a room, by name.
    pub fn room_occupants(&self, room: &Uuid) -> Result<Vec<Occupant>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.name, p.title, p.grade, p.uuid FROM persons p
                   JOIN room_persons rp ON rp.person_id = p.id
                   JOIN rooms r ON r.fid = rp.room_id
                  WHERE r.uuid = ?1 ORDER BY p.name",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([room.to_string()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| self.sql_error(e))?;
        let mut occupants = Vec::new();
        for row in rows {
            let (name, title, grade, uuid) = row.map_err(|e| self.sql_error(e))?;
            // A grade code or UUID this build cannot read is left out rather than guessed.
            if let (Some(grade), Ok(person)) = (
                <crate::model::Grade as crate::model::Coded>::parse(&grade),
                Uuid::parse_str(&uuid),
            ) {
                occupants.push(Occupant {
                    person,
                    name,
                    title,
                    grade,
                });
            }
        }
        Ok(occupants)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rooms_by_number_unit_and_person() {
        let dir = tempfile::tempdir().expect("dir");
        let (project, store) = crate::store::sample_store(dir.path());

        let room = &project.rooms[0];
        let hits = store.search(&room.number, 500).expect("search");
        let first = hits.first().expect("a hit");
        assert_eq!(first.kind, HitKind::Room);
        assert_eq!(
            first.room_number, room.number,
            "the exact number comes first"
        );

        let unit = project
            .units
            .iter()
            .find(|u| project.rooms.iter().any(|r| r.units.contains(&u.uuid)))
            .expect("a unit with rooms");
        let hits = store.search(&unit.name, 500).expect("search");
        let expected = project
            .rooms
            .iter()
            .filter(|r| r.units.contains(&unit.uuid))
            .count();
        let unit_hits = hits
            .iter()
            .filter(|h| h.kind == HitKind::Unit && h.matched == unit.name)
            .count();
        assert_eq!(unit_hits, expected);

        let person = project
            .persons
            .iter()
            .find(|p| !p.rooms.is_empty())
            .expect("seated");
        let hits = store.search(&person.name, 50).expect("search");
        assert!(
            hits.iter()
                .any(|h| h.kind == HitKind::Person && person.rooms.contains(&h.room))
        );
        assert!(store.search("  ", 10).expect("search").is_empty());
        assert!(
            store.search("%", 10).expect("search").is_empty(),
            "% is literal"
        );
    }
}
