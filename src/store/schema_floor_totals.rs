//! Schema step 11 → 12 (issue #16): per-floor room totals, so that opening a province-sized
//! file reads aggregates instead of every room's polygon.
//!
//! - `officeplan_floor_totals`: one row per floor × category × status that has rooms: the
//!   rooms, their 使用面积 (m², summed in `fid` order from [`crate::analysis::measured_area`],
//!   the one area path) and how many of them could not be measured. A cache: never user data.
//! - `officeplan_floor_totals_stale`: the floors whose totals may be wrong. Plain-SQL
//!   triggers put a floor here whenever a room of it is inserted, replaced, deleted or has
//!   its `fid`, `floor_id`, `category`, `status` or `geom` changed, whoever writes: officeplan,
//!   QGIS, GDAL or the sqlite3 shell. They use only core SQL (no GeoPackage functions), so
//!   every tool that can write the rooms table can still write it. A floor inserted or
//!   deleted, and any write to the totals table itself that officeplan did not finish, mark
//!   the floor too. Only officeplan takes a floor off the list, in the transaction that
//!   recomputed its totals from its rooms (see `store::floor_totals`).
//!
//! Only `CREATE TABLE`, `CREATE TRIGGER` and rows: every floor starts stale, and the
//! migration recomputes them all in its own transaction.

/// The step's SQL.
pub(super) const FLOOR_TOTALS: &str = r#"
CREATE TABLE officeplan_floor_totals (
    id INTEGER PRIMARY KEY,
    floor_id INTEGER NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    rooms INTEGER NOT NULL,
    area_m2 DOUBLE NOT NULL,
    unmeasured INTEGER NOT NULL,
    UNIQUE (floor_id, category, status)
);
CREATE TABLE officeplan_floor_totals_stale (
    floor_id INTEGER PRIMARY KEY
);
INSERT INTO officeplan_floor_totals_stale (floor_id) SELECT id FROM floors;

CREATE TRIGGER officeplan_floor_totals_room_insert AFTER INSERT ON rooms
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (NEW.floor_id);
END;
-- INSERT OR REPLACE deletes the row it replaces without a DELETE trigger (unless
-- recursive_triggers is on): the replaced room's floor is marked before the insert.
CREATE TRIGGER officeplan_floor_totals_room_replace BEFORE INSERT ON rooms
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id)
    SELECT floor_id FROM rooms WHERE fid = NEW.fid OR uuid = NEW.uuid;
END;
CREATE TRIGGER officeplan_floor_totals_room_update
  AFTER UPDATE OF fid, floor_id, category, status, geom ON rooms
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (OLD.floor_id);
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (NEW.floor_id);
END;
CREATE TRIGGER officeplan_floor_totals_room_delete AFTER DELETE ON rooms
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (OLD.floor_id);
END;
-- A new floor may find rooms already pointing at its id (left by a delete with foreign keys
-- off); a deleted floor's totals go with it.
CREATE TRIGGER officeplan_floor_totals_floor_insert AFTER INSERT ON floors
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (NEW.id);
END;
CREATE TRIGGER officeplan_floor_totals_floor_update AFTER UPDATE OF id ON floors
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (OLD.id);
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (NEW.id);
END;
CREATE TRIGGER officeplan_floor_totals_floor_delete AFTER DELETE ON floors
BEGIN
  DELETE FROM officeplan_floor_totals WHERE floor_id = OLD.id;
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (OLD.id);
END;
-- A write to the cache itself marks its floors: officeplan takes them off the list after its
-- own writes, anyone else's edit of a total is never believed.
CREATE TRIGGER officeplan_floor_totals_insert AFTER INSERT ON officeplan_floor_totals
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (NEW.floor_id);
END;
CREATE TRIGGER officeplan_floor_totals_update AFTER UPDATE ON officeplan_floor_totals
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (OLD.floor_id);
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (NEW.floor_id);
END;
CREATE TRIGGER officeplan_floor_totals_delete AFTER DELETE ON officeplan_floor_totals
BEGIN
  INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) VALUES (OLD.floor_id);
END;

INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('officeplan_floor_totals', 'attributes', 'officeplan_floor_totals',
     '各楼层房间数和使用面积（缓存，由 officeplan 维护）per-floor room totals, a cache kept by officeplan'),
    ('officeplan_floor_totals_stale', 'attributes', 'officeplan_floor_totals_stale',
     '需重算合计的楼层 floors whose totals officeplan recomputes before it trusts them');
"#;

#[cfg(test)]
mod tests {
    use geo::polygon;

    use crate::model::{RoomCategory, RoomStatus};
    use crate::store::Store;
    use crate::store::blob::encode_polygon;
    use crate::store::schema::{MIGRATIONS, PLAN_SRS_ID};

    /// A file as version 11 wrote it, with two floors: a 3 × 4 m office (12 m²), a 5 × 4 m
    /// meeting room (20 m²) and a bow-tie that cannot be measured on the first, nothing on
    /// the second. After the step every floor's totals are made: nothing is stale, and the
    /// index holds 3 rooms, 32 m², 1 unmeasured.
    #[test]
    fn a_version_11_file_opens_with_every_floors_totals_made() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v11.gpkg");
        let conn = rusqlite::Connection::open(&path).expect("open");
        crate::store::gpkg_functions::register(&conn).expect("functions");
        for step in MIGRATIONS.iter().take(11) {
            conn.execute_batch(step).expect("step");
        }
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
             INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '11');
             INSERT INTO sites (id, uuid, name) VALUES (1, '00000000-0000-0000-0000-000000000001', '行政中心');
             INSERT INTO buildings (fid, uuid, site_id, name, title_status)
                VALUES (1, '00000000-0000-0000-0000-000000000002', 1, '1号楼', 'registered');
             INSERT INTO floors (id, uuid, building_id, name, level) VALUES
                (1, '00000000-0000-0000-0000-000000000003', 1, '1F', 1),
                (2, '00000000-0000-0000-0000-000000000004', 1, '2F', 2);",
        )
        .expect("rows");
        let rect = |w: f64, h: f64| {
            encode_polygon(
                &polygon![(x: 0.0, y: 0.0), (x: w, y: 0.0), (x: w, y: h), (x: 0.0, y: h)],
                PLAN_SRS_ID,
            )
        };
        let bow_tie = encode_polygon(
            &polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)],
            PLAN_SRS_ID,
        );
        for (n, (geom, category)) in [
            (rect(3.0, 4.0), "office"),
            (rect(5.0, 4.0), "service"),
            (bow_tie, "office"),
        ]
        .into_iter()
        .enumerate()
        {
            conn.execute(
                "INSERT INTO rooms (geom, uuid, floor_id, number, category, status)
                 VALUES (?1, ?2, 1, ?3, ?4, 'in_use')",
                rusqlite::params![
                    geom,
                    format!("00000000-0000-0000-0000-00000000001{n}"),
                    format!("10{n}"),
                    category
                ],
            )
            .expect("room");
        }
        drop(conn);
        let store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(11));
        assert_eq!(
            store
                .count_rows("officeplan_floor_totals_stale")
                .expect("stale"),
            0
        );
        // Office in use (12 m² + the bow-tie without area) and service in use (20 m²).
        assert_eq!(
            store.count_rows("officeplan_floor_totals").expect("totals"),
            2
        );
        let index = store.load_index().expect("index");
        let total = index.totals.total();
        assert_eq!(total.rooms, 3);
        assert!((total.area_m2 - 32.0).abs() < 1e-9);
        assert_eq!(index.totals.unmeasured(), 1);
        let office = index.totals.cell(RoomCategory::Office, RoomStatus::InUse);
        assert_eq!((office.rooms, office.area_m2), (2, 12.0));
        assert_eq!(index.floors[1].totals.total().rooms, 0);
    }
}
