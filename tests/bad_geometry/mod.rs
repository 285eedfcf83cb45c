//! A room made invalid by "another program": the sqlite3 shell, QGIS or GDAL writing the
//! rooms table directly (shared by the tests of geometry checked on load).

#![allow(dead_code)]

use std::path::Path;

use geo::BoundingRect as _;
use officeplan::store::blob::{decode_polygon, encode_polygon};

/// The room written as a bow tie.
pub struct BowTie {
    pub room: officeplan::model::Uuid,
    pub floor: officeplan::model::Uuid,
    /// Where the two diagonals cross (the centre of the room's box), plan metres.
    pub crossing: (f64, f64),
}

/// Rewrites room `number` of `building`/`floor` as a bow tie over its bounding box (corners
/// joined crosswise, so the outline crosses itself at the box's centre), with a plain
/// SQLite connection as another program would.
pub fn write_bow_tie(path: &Path, building: &str, floor: &str, number: &str) -> BowTie {
    // Another GIS program (QGIS, GDAL): it has the GeoPackage SQL functions that the
    // spatial index's triggers call.
    let conn = rusqlite::Connection::open(path).expect("open with sqlite");
    officeplan::store::gpkg_functions::register(&conn).expect("GeoPackage SQL functions");
    let (room, floor_uuid, blob): (String, String, Vec<u8>) = conn
        .query_row(
            "SELECT r.uuid, f.uuid, r.geom FROM rooms r
             JOIN floors f ON f.id = r.floor_id JOIN buildings b ON b.fid = f.building_id
             WHERE b.name = ?1 AND f.name = ?2 AND r.number = ?3",
            [building, floor, number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the room is in the sample");
    // The blob's own SRS id (bytes 4..8 of the header; ours are little endian).
    let srs = i32::from_le_bytes([blob[4], blob[5], blob[6], blob[7]]);
    let rect = decode_polygon(&blob)
        .expect("the sample's geometry")
        .bounding_rect()
        .expect("a box");
    let (lo, hi) = (rect.min(), rect.max());
    let bow_tie = geo::Polygon::new(
        geo::LineString::from(vec![
            (lo.x, lo.y),
            (hi.x, hi.y),
            (hi.x, lo.y),
            (lo.x, hi.y),
            (lo.x, lo.y),
        ]),
        Vec::new(),
    );
    conn.execute(
        "UPDATE rooms SET geom = ?1 WHERE uuid = ?2",
        rusqlite::params![encode_polygon(&bow_tie, srs), room],
    )
    .expect("write the bow tie");
    BowTie {
        room: room.parse().expect("uuid"),
        floor: floor_uuid.parse().expect("uuid"),
        crossing: ((lo.x + hi.x) / 2.0, (lo.y + hi.y) / 2.0),
    }
}
