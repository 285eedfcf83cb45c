//! Room geometry other programs wrote (QGIS, GDAL, the sqlite3 shell): every room whose
//! stored polygon cannot be measured, with the reason. Such a room still loads (with an
//! empty polygon when its blob is not one polygon) and its area is left out of totals.

use rusqlite::types::ValueRef;

use super::blob::decode_polygon;
use super::{Store, StoreError};
use crate::analysis::{GeometryProblem, validate_polygon};
use crate::model::Uuid;

/// A room whose polygon cannot be measured.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryFinding {
    pub room: Uuid,
    pub floor: Uuid,
    pub number: String,
    pub problem: GeometryProblem,
}

impl Store {
    /// Every room (of `floor`, or of the file) whose geometry is invalid, empty, of several
    /// parts or unreadable, in file order.
    pub fn geometry_findings(
        &self,
        floor: Option<&Uuid>,
    ) -> Result<Vec<GeometryFinding>, StoreError> {
        let floor_text = floor.map(Uuid::to_string);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.uuid, f.uuid, r.number, r.geom FROM rooms r
                 JOIN floors f ON f.id = r.floor_id
                 WHERE ?1 IS NULL OR f.uuid = ?1 ORDER BY r.fid",
            )
            .map_err(|e| self.sql_error(e))?;
        let mut rows = stmt.query([&floor_text]).map_err(|e| self.sql_error(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql_error(e))? {
            let problem = match row.get_ref(3).map_err(|e| self.sql_error(e))? {
                ValueRef::Blob(blob) => match decode_polygon(blob) {
                    Ok(polygon) => validate_polygon(&polygon).err(),
                    Err(e) => Some(GeometryProblem::Unreadable {
                        reason: e.to_string(),
                    }),
                },
                _ => Some(GeometryProblem::Unreadable {
                    reason: crate::t!("blob.empty").into_owned(),
                }),
            };
            let Some(problem) = problem else { continue };
            let uuid = |i: usize| -> Result<Uuid, StoreError> {
                let text: String = row.get(i).map_err(|e| self.sql_error(e))?;
                Ok(Uuid::parse_str(&text).unwrap_or_default())
            };
            out.push(GeometryFinding {
                room: uuid(0)?,
                floor: uuid(1)?,
                number: row.get(2).map_err(|e| self.sql_error(e))?,
                problem,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::blob::encode_polygon;
    use geo::polygon;

    #[test]
    fn rooms_written_broken_by_another_program_are_found_with_the_reason() {
        let dir = tempfile::tempdir().expect("dir");
        let (project, store) = crate::store::sample_store(dir.path());
        assert_eq!(store.geometry_findings(None).expect("scan"), Vec::new());
        let rooms: Vec<_> = project.rooms.iter().take(3).collect();
        // Another GIS program: it has the GeoPackage SQL functions its spatial index needs.
        let conn = rusqlite::Connection::open(store.path()).expect("second connection");
        crate::store::gpkg_functions::register(&conn).expect("functions");
        // A bow tie crossing itself at (1, 1).
        let bow_tie =
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        conn.execute(
            "UPDATE rooms SET geom = ?1 WHERE uuid = ?2",
            rusqlite::params![encode_polygon(&bow_tie, 990001), rooms[0].uuid.to_string()],
        )
        .expect("bow tie");
        // A GeoPackage empty geometry: header with the empty flag (bit 4) and no WKB.
        let empty: Vec<u8> = [b'G', b'P', 0, 0b0001_0001, 0x99, 0x1b, 0x0f, 0].to_vec();
        conn.execute(
            "UPDATE rooms SET geom = ?1 WHERE uuid = ?2",
            rusqlite::params![empty, rooms[1].uuid.to_string()],
        )
        .expect("empty");
        drop(conn);
        let found = store.geometry_findings(None).expect("scan");
        assert_eq!(found.len(), 2, "{found:?}");
        let first = found
            .iter()
            .find(|f| f.room == rooms[0].uuid)
            .expect("bow tie");
        assert_eq!(
            first.problem,
            GeometryProblem::SelfIntersection {
                ring: 0,
                x: 1.0,
                y: 1.0
            }
        );
        assert_eq!(first.floor, rooms[0].floor);
        assert_eq!(first.number, rooms[0].number);
        let second = found
            .iter()
            .find(|f| f.room == rooms[1].uuid)
            .expect("empty");
        assert!(matches!(second.problem, GeometryProblem::Unreadable { .. }));
        // Only the rooms of one floor.
        let of_floor = store
            .geometry_findings(Some(&rooms[0].floor))
            .expect("scan");
        assert!(of_floor.iter().all(|f| f.floor == rooms[0].floor));
        // The file still opens and loads: the broken rooms are counted without area.
        let index = store.load_index().expect("index");
        assert_eq!(index.totals.unmeasured(), 2);
        assert_eq!(index.totals.total().rooms as usize, project.rooms.len());
    }
}
