//! Schema step 4 → 5: row ids that are never reused, and the GeoPackage R-tree spatial index.
//!
//! Ids: GDAL, QGIS and the sqlite3 shell delete with foreign keys off, so a deleted room's
//! `room_units` and `room_persons` rows stay behind; SQLite then gave the next new room the
//! same row id and it inherited them. `AUTOINCREMENT` never hands out an id twice. SQLite
//! cannot add it to a table, so the tables that links point at (buildings, floors, rooms,
//! units, persons, scenarios) are rebuilt: new table, copy, drop, rename — run with foreign
//! keys off (see `migrate`), which keeps every reference to the table by name.
//!
//! Spatial index: GeoPackage 1.3 Annex F.3 (`gpkg_rtree_index`), its table and its six
//! triggers for `rooms.geom` and `buildings.geom`, so QGIS and GDAL find features by extent
//! without reading every row. The rebuild dropped any triggers another program had put on
//! these tables (GDAL's `CreateSpatialIndex`); ours take their place and the index is filled
//! afresh from the rows. The triggers call `ST_IsEmpty`, `ST_MinX` … (`gpkg_functions`),
//! registered on every connection we open.

/// The step's SQL.
pub(super) const V5: &str = r#"
CREATE TABLE buildings_v5 (
    fid INTEGER PRIMARY KEY AUTOINCREMENT,
    geom POLYGON,
    uuid TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    year_built INTEGER,
    storeys INTEGER,
    structure TEXT NOT NULL DEFAULT '',
    gross_area_m2 DOUBLE,
    usable_coefficient DOUBLE,
    title_status TEXT NOT NULL,
    certificate_no TEXT NOT NULL DEFAULT '',
    rented BOOLEAN NOT NULL DEFAULT 0,
    anchor_lon DOUBLE,
    anchor_lat DOUBLE,
    rotation_deg DOUBLE NOT NULL DEFAULT 0
);
INSERT INTO buildings_v5 SELECT fid, geom, uuid, site_id, name, year_built, storeys, structure,
    gross_area_m2, usable_coefficient, title_status, certificate_no, rented, anchor_lon,
    anchor_lat, rotation_deg FROM buildings;
DROP TABLE buildings;
ALTER TABLE buildings_v5 RENAME TO buildings;
CREATE INDEX buildings_site ON buildings(site_id);

CREATE TABLE floors_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    building_id INTEGER NOT NULL REFERENCES buildings(fid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    elevation_m DOUBLE,
    storey_height_m DOUBLE,
    UNIQUE (building_id, name)
);
INSERT INTO floors_v5 SELECT id, uuid, building_id, name, level, elevation_m, storey_height_m
    FROM floors;
DROP TABLE floors;
ALTER TABLE floors_v5 RENAME TO floors;

CREATE TABLE rooms_v5 (
    fid INTEGER PRIMARY KEY AUTOINCREMENT,
    geom POLYGON NOT NULL,
    uuid TEXT NOT NULL UNIQUE,
    floor_id INTEGER NOT NULL REFERENCES floors(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    sub_use TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_since DATE,
    surveyed_area_m2 DOUBLE,
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO rooms_v5 SELECT fid, geom, uuid, floor_id, number, name, category, sub_use, status,
    status_since, surveyed_area_m2, note FROM rooms;
DROP TABLE rooms;
ALTER TABLE rooms_v5 RENAME TO rooms;
CREATE INDEX rooms_floor ON rooms(floor_id);

CREATE TABLE units_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organ_category TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    service_posts INTEGER NOT NULL DEFAULT 0 CHECK (service_posts >= 0),
    headcount INTEGER NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO units_v5 SELECT id, uuid, name, organ_category, kind, parent_id, service_posts,
    headcount, note FROM units;
DROP TABLE units;
ALTER TABLE units_v5 RENAME TO units;

CREATE TABLE persons_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    grade TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    status_date DATE,
    second_office_approval TEXT NOT NULL DEFAULT ''
);
INSERT INTO persons_v5 SELECT id, uuid, name, grade, title, unit_id, status, status_date,
    second_office_approval FROM persons;
DROP TABLE persons;
ALTER TABLE persons_v5 RENAME TO persons;
CREATE INDEX persons_unit ON persons(unit_id);

CREATE TABLE scenarios_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    created_by TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    applied_at DATETIME
);
INSERT INTO scenarios_v5 SELECT id, uuid, name, note, created_at, created_by, base_version,
    applied_at FROM scenarios;
DROP TABLE scenarios;
ALTER TABLE scenarios_v5 RENAME TO scenarios;

CREATE TABLE IF NOT EXISTS gpkg_extensions (
    table_name TEXT,
    column_name TEXT,
    extension_name TEXT NOT NULL,
    definition TEXT NOT NULL,
    scope TEXT NOT NULL,
    CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
INSERT OR IGNORE INTO gpkg_extensions VALUES
    ('rooms', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only'),
    ('buildings', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');

CREATE VIRTUAL TABLE IF NOT EXISTS rtree_rooms_geom USING rtree(id, minx, maxx, miny, maxy);
DELETE FROM rtree_rooms_geom;
INSERT INTO rtree_rooms_geom
    SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM rooms
    WHERE geom NOT NULL AND NOT ST_IsEmpty(geom);
CREATE TRIGGER rtree_rooms_geom_insert AFTER INSERT ON rooms
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_rooms_geom VALUES (
    NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_rooms_geom_update1 AFTER UPDATE OF geom ON rooms
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_rooms_geom VALUES (
    NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_rooms_geom_update2 AFTER UPDATE OF geom ON rooms
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_rooms_geom WHERE id = OLD.fid;
END;
-- The spec's update3/update4 fire on any UPDATE; SQLite compiles every trigger of the
-- statement, so a tool without the ST_ functions (the sqlite3 shell) could not change even a
-- room's name. Ours fire on a change of fid only, which is when they act: attributes stay
-- editable anywhere, and the index stays right.
CREATE TRIGGER rtree_rooms_geom_update3 AFTER UPDATE OF fid ON rooms
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_rooms_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_rooms_geom VALUES (
    NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_rooms_geom_update4 AFTER UPDATE OF fid ON rooms
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_rooms_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_rooms_geom_delete AFTER DELETE ON rooms
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_rooms_geom WHERE id = OLD.fid;
END;

CREATE VIRTUAL TABLE IF NOT EXISTS rtree_buildings_geom USING rtree(id, minx, maxx, miny, maxy);
DELETE FROM rtree_buildings_geom;
INSERT INTO rtree_buildings_geom
    SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM buildings
    WHERE geom NOT NULL AND NOT ST_IsEmpty(geom);
CREATE TRIGGER rtree_buildings_geom_insert AFTER INSERT ON buildings
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_buildings_geom VALUES (
    NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_buildings_geom_update1 AFTER UPDATE OF geom ON buildings
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_buildings_geom VALUES (
    NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_buildings_geom_update2 AFTER UPDATE OF geom ON buildings
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_buildings_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_buildings_geom_update3 AFTER UPDATE OF fid ON buildings
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_buildings_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_buildings_geom VALUES (
    NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_buildings_geom_update4 AFTER UPDATE OF fid ON buildings
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_buildings_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_buildings_geom_delete AFTER DELETE ON buildings
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_buildings_geom WHERE id = OLD.fid;
END;

CREATE TABLE officeplan_orphan_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    set_aside_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    source_table TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    row_json TEXT NOT NULL
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
    VALUES ('officeplan_orphan_links', 'attributes', 'officeplan_orphan_links',
            '被搁置的失效关联 links whose room, unit or person was deleted by another program');
"#;

/// Fills both spatial indexes from the rows (what V5 does after its rebuild): the bulk
/// write of a new file adds the triggers after the rows and then runs this once.
pub(super) const FILL_SPATIAL_INDEXES: &str = r#"
DELETE FROM rtree_rooms_geom;
INSERT INTO rtree_rooms_geom
    SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM rooms
    WHERE geom NOT NULL AND NOT ST_IsEmpty(geom);
DELETE FROM rtree_buildings_geom;
INSERT INTO rtree_buildings_geom
    SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM buildings
    WHERE geom NOT NULL AND NOT ST_IsEmpty(geom);
"#;
