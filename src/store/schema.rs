//! The project file's schema: GeoPackage 1.3 core tables plus ours, and forward migrations.
//!
//! `MIGRATIONS[i]` takes a file from schema version `i` to `i + 1`; a new file runs them all.
//! Never edit a shipped step: add a new one.

/// The schema version this build writes (stored in `officeplan_meta.schema_version`).
pub const SCHEMA_VERSION: i64 = 12;

/// `PRAGMA application_id` of a GeoPackage: ASCII "GPKG".
pub const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;

/// `PRAGMA user_version` that GeoPackage 1.3 requires (Requirement 2).
pub const GPKG_USER_VERSION: i32 = 10300;

/// SRS of floor plans: local engineering coordinates in metres, x east/right, y north/up.
pub const PLAN_SRS_ID: i32 = 990_001;

/// The value of `officeplan_meta.application` that marks a file as ours.
pub const APPLICATION: &str = "officeplan";

/// Step 0 → 1: the GeoPackage core and the inventory tables.
const V1: &str = r#"
CREATE TABLE gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL PRIMARY KEY,
    organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL,
    definition TEXT NOT NULL,
    description TEXT
);
CREATE TABLE gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY,
    data_type TEXT NOT NULL,
    identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
    srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL,
    z TINYINT NOT NULL,
    m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326,
     'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
     'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
    ('officeplan floor plan (metre)', 990001, 'officeplan', 990001,
     'LOCAL_CS["officeplan floor plan (metre)",LOCAL_DATUM["floor plan origin",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["X",EAST],AXIS["Y",NORTH]]',
     'local plan coordinates of a building, metres; x to the right, y up as in CAD');

CREATE TABLE officeplan_meta (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);
CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    code TEXT NOT NULL
);
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    land_area_m2 DOUBLE,
    lon DOUBLE,
    lat DOUBLE
);
CREATE TABLE buildings (
    fid INTEGER PRIMARY KEY,
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
CREATE INDEX buildings_site ON buildings(site_id);
CREATE TABLE floors (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    building_id INTEGER NOT NULL REFERENCES buildings(fid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    elevation_m DOUBLE,
    storey_height_m DOUBLE,
    UNIQUE (building_id, name)
);
CREATE TABLE rooms (
    fid INTEGER PRIMARY KEY,
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
CREATE INDEX rooms_floor ON rooms(floor_id);
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organ_category TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    service_posts INTEGER NOT NULL DEFAULT 0 CHECK (service_posts >= 0),
    headcount INTEGER NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE unit_posts (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    grade TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 0),
    UNIQUE (unit_id, grade)
);
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    grade TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    status_date DATE,
    second_office_approval TEXT NOT NULL DEFAULT ''
);
CREATE INDEX persons_unit ON persons(unit_id);
CREATE TABLE person_concurrent_units (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    UNIQUE (person_id, unit_id)
);
CREATE TABLE room_units (
    id INTEGER PRIMARY KEY,
    room_id INTEGER NOT NULL REFERENCES rooms(fid) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    UNIQUE (room_id, unit_id)
);
CREATE INDEX room_units_unit ON room_units(unit_id);
CREATE TABLE room_persons (
    id INTEGER PRIMARY KEY,
    room_id INTEGER NOT NULL REFERENCES rooms(fid) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    UNIQUE (room_id, person_id)
);
CREATE INDEX room_persons_person ON room_persons(person_id);

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('rooms', 'features', 'rooms', '房间 rooms: inner-face polygons in floor plan metres (使用面积)', 990001),
    ('buildings', 'features', 'buildings', '楼栋 buildings: footprint on the outer wall face, building plan metres', 990001);
INSERT INTO gpkg_geometry_columns VALUES
    ('rooms', 'geom', 'POLYGON', 990001, 0, 0),
    ('buildings', 'geom', 'POLYGON', 990001, 0, 0);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('officeplan_meta', 'attributes', 'officeplan_meta', 'officeplan file settings'),
    ('regions', 'attributes', 'regions', '行政区划 regions'),
    ('sites', 'attributes', 'sites', '院落 compounds'),
    ('floors', 'attributes', 'floors', '楼层 floors'),
    ('units', 'attributes', 'units', '使用单位 units'),
    ('unit_posts', 'attributes', 'unit_posts', '批复编制 approved posts per grade'),
    ('persons', 'attributes', 'persons', '人员 persons'),
    ('person_concurrent_units', 'attributes', 'person_concurrent_units', '兼职 concurrent posts'),
    ('room_units', 'attributes', 'room_units', '房间使用单位 room occupancy by unit'),
    ('room_persons', 'attributes', 'room_persons', '房间使用人 room occupancy by person');
"#;

/// Step 1 → 2: the change log (who changed what, when) behind history and audits.
const V2: &str = r#"
CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
    VALUES ('change_log', 'attributes', 'change_log', '变更记录 change log');
"#;

/// Step 2 → 3: reallocation scenarios (调剂方案) and their moves. A scenario remembers the
/// baseline version (the last baseline change-log id) it was made or rebased on; each move
/// keeps the before and after of every room and seat it changes, as JSON.
const V3: &str = r#"
CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    created_by TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    applied_at DATETIME
);
CREATE TABLE scenario_moves (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    user TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit_uuid TEXT,
    person_uuid TEXT,
    changes TEXT NOT NULL,
    UNIQUE (scenario_id, seq)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('scenarios', 'attributes', 'scenarios', '调剂方案 reallocation scenarios'),
    ('scenario_moves', 'attributes', 'scenario_moves', '调剂方案的搬迁步骤 scenario moves');
"#;

/// Step 3 → 4: a scanned plan under each floor (底图): the image as it was read, and where it
/// lies in plan metres (top left corner, metres per pixel) with its opacity.
const V4: &str = r#"
CREATE TABLE floor_underlays (
    id INTEGER PRIMARY KEY,
    floor_id INTEGER NOT NULL UNIQUE REFERENCES floors(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    image BLOB NOT NULL,
    origin_x DOUBLE NOT NULL,
    origin_y DOUBLE NOT NULL,
    metres_per_pixel DOUBLE NOT NULL CHECK (metres_per_pixel > 0),
    opacity DOUBLE NOT NULL DEFAULT 0.6 CHECK (opacity >= 0 AND opacity <= 1)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
    VALUES ('floor_underlays', 'attributes', 'floor_underlays', '楼层底图 scanned floor plans');
"#;

/// The migration steps, in order; `MIGRATIONS.len() == SCHEMA_VERSION`.
pub const MIGRATIONS: &[&str] = &[
    V1,
    V2,
    V3,
    V4,
    super::schema_v5::V5,
    super::schema_v6::V6,
    super::schema_v7::V7,
    super::schema_projects::V_PROJECTS,
    super::schema_approvals::APPROVALS,
    super::schema_ranks::RANKS,
    super::schema_province::PROVINCE,
    super::schema_floor_totals::FLOOR_TOTALS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_per_version() {
        assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION);
    }
}
