//! Schema step 10 → 11 (issue #16): one province, many counties.
//!
//! - `regions.parent_code`: the 12-digit code of the parent region (上级行政区划).
//! - `sites.region_id`, `units.region_id`: the region a compound or unit belongs to; NULL is
//!   the file's own region (the first `regions` row). Buildings, floors and rooms belong to
//!   their compound's region, persons to their unit's. A provincial file holds its own
//!   province row plus one row per merged county.
//! - `officeplan_submissions`: every submission package (直报包) merged, with its manifest's
//!   SHA-256 (merging the same package twice is refused as "already merged").
//! - `officeplan_submission_bases`: the last merged package of each county, kept whole inside
//!   the provincial file: the base of the next three-way merge. Kept in the file (not beside
//!   it) so that a merge is one transaction and a crash leaves the file before or after it;
//!   `compression = 'deflate'`: raw deflate (a package compresses about 3.6×), `''`: as is.
//! - `officeplan_merge_conflicts`: fields the province and the county both changed since the
//!   base (`kind = 'conflict'`: the row keeps the province's value, both values and the base
//!   are kept here), and county deletions waiting for consent (`kind = 'deletion'`).
//!
//! Only `ALTER TABLE … ADD COLUMN` and `CREATE TABLE`. The value columns of the conflicts
//! table are declared `BLOB` (a type GeoPackage allows): BLOB affinity converts nothing, so
//! SQLite keeps each value as it was (text, number or blob) and both sides stay recoverable.

/// The step's SQL.
pub(super) const PROVINCE: &str = r#"
ALTER TABLE regions ADD COLUMN parent_code TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN region_id INTEGER REFERENCES regions(id);
ALTER TABLE units ADD COLUMN region_id INTEGER REFERENCES regions(id);
CREATE INDEX sites_region ON sites(region_id);
CREATE INDEX units_region ON units(region_id);
CREATE TABLE officeplan_submissions (
    id INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    region_name TEXT NOT NULL DEFAULT '',
    package TEXT NOT NULL,
    statistics_date TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    merged_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    pending_deletions INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    counts TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX officeplan_submissions_region ON officeplan_submissions(region_code);
CREATE TABLE officeplan_submission_bases (
    id INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    statistics_date TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    compression TEXT NOT NULL DEFAULT '',
    package BLOB NOT NULL
);
CREATE TABLE officeplan_merge_conflicts (
    id INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'conflict',
    entity_table TEXT NOT NULL,
    entity_uuid TEXT NOT NULL,
    field TEXT NOT NULL,
    province_value BLOB,
    county_value BLOB,
    base_value BLOB,
    merged_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    resolved INTEGER NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('officeplan_submissions', 'attributes', 'officeplan_submissions', '已汇总的直报包 merged submission packages'),
    ('officeplan_submission_bases', 'attributes', 'officeplan_submission_bases', '各县上次汇总的直报包 last merged package per county'),
    ('officeplan_merge_conflicts', 'attributes', 'officeplan_merge_conflicts', '汇总冲突 merge conflicts, field by field');
"#;

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::store::schema::MIGRATIONS;

    /// A file as version 10 wrote it: a county region, a compound and a unit. After the
    /// step the region has no parent, the compound and the unit are the file's own.
    #[test]
    fn a_version_10_file_opens_with_its_rows_in_its_own_region() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v10.gpkg");
        let conn = rusqlite::Connection::open(&path).expect("open");
        crate::store::gpkg_functions::register(&conn).expect("functions");
        for step in MIGRATIONS.iter().take(10) {
            conn.execute_batch(step).expect("step");
        }
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
             INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '10');
             INSERT INTO regions (uuid, name, level, code) VALUES
                ('00000000-0000-0000-0000-000000000009', '示范县', 'county', '429999000000');
             INSERT INTO sites (uuid, name) VALUES ('00000000-0000-0000-0000-000000000001', '行政中心');
             INSERT INTO units (uuid, name, organ_category, kind) VALUES
                ('00000000-0000-0000-0000-000000000002', '县委', 'county', 'organ');",
        )
        .expect("rows");
        drop(conn);
        let store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(10));
        let regions = store.load_regions().expect("regions");
        assert_eq!(regions.len(), 1);
        assert_eq!(regions[0].code, "429999000000");
        assert_eq!(regions[0].parent_code, "");
        let project = store.load_project().expect("project");
        assert_eq!(project.sites.len(), 1);
        assert_eq!(project.sites[0].region, None);
        assert_eq!(project.units.len(), 1);
        assert_eq!(project.units[0].region, None);
        // The three tables of the roll-up are there and empty.
        for table in [
            "officeplan_submissions",
            "officeplan_submission_bases",
            "officeplan_merge_conflicts",
        ] {
            assert_eq!(store.count_rows(table).expect(table), 0, "{table}");
        }
    }
}
