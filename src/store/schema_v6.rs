//! Schema step 5 → 6: the building and compound fields of the national table and the 2017
//! measures (DOMAIN §2.3, §3.1) that the inventory did not keep yet.
//!
//! Buildings: 地下层数 (`storeys` stays 地上层数), 办公用房 and 技术业务用房 建筑面积 as
//! recorded, the registered owner (权利人), the lessor (出租/出借方) with the lease's first and
//! last day, and 退租 — the day a rented building went back to its lessor. Compounds: a note.
//!
//! Only columns are added (`ALTER TABLE … ADD COLUMN`), all nullable or with a default, so
//! every row of an older file reads as "not recorded" and no table is rebuilt: the spatial
//! index and its triggers (step 5) stay as they are, and so does anything GDAL or QGIS added.
//! The types are GeoPackage data types (INTEGER, DOUBLE, TEXT, DATE).

/// The step's SQL.
pub(super) const V6: &str = r#"
ALTER TABLE buildings ADD COLUMN basement_storeys INTEGER;
ALTER TABLE buildings ADD COLUMN office_gross_m2 DOUBLE;
ALTER TABLE buildings ADD COLUMN technical_gross_m2 DOUBLE;
ALTER TABLE buildings ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE buildings ADD COLUMN lessor TEXT NOT NULL DEFAULT '';
ALTER TABLE buildings ADD COLUMN lease_start DATE;
ALTER TABLE buildings ADD COLUMN lease_end DATE;
ALTER TABLE buildings ADD COLUMN returned_on DATE;
ALTER TABLE sites ADD COLUMN note TEXT NOT NULL DEFAULT '';
"#;

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::store::schema::{MIGRATIONS, SCHEMA_VERSION};

    /// A file as version 5 wrote it, with one compound and one building.
    fn version_5_file(path: &std::path::Path) {
        let conn = rusqlite::Connection::open(path).expect("open");
        crate::store::gpkg_functions::register(&conn).expect("functions");
        for step in MIGRATIONS.iter().take(5) {
            conn.execute_batch(step).expect("step");
        }
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
             INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '5');
             INSERT INTO sites (uuid, name, address, land_area_m2) VALUES
                ('00000000-0000-0000-0000-000000000001', '县委大院', '人民大道1号', 26800);
             INSERT INTO buildings (uuid, site_id, name, year_built, storeys, title_status, rented)
                VALUES ('00000000-0000-0000-0000-000000000002', 1, '综合办公楼', 1998, 6, 'registered', 1);",
        )
        .expect("rows");
    }

    #[test]
    fn a_version_5_file_opens_migrated_with_the_new_fields_empty() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v5.gpkg");
        version_5_file(&path);
        let store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(5));
        assert_eq!(
            store.meta("schema_version").expect("meta"),
            Some(SCHEMA_VERSION.to_string())
        );
        let project = store.load_project().expect("load");
        let site = &project.sites[0];
        assert_eq!((site.name.as_str(), site.note.as_str()), ("县委大院", ""));
        let b = &project.buildings[0];
        // The old values are kept; the new ones read as not recorded.
        assert_eq!(
            (b.year_built, b.storeys, b.rented),
            (Some(1998), Some(6), true)
        );
        assert_eq!(b.basement_storeys, None);
        assert_eq!((b.office_gross_m2, b.technical_gross_m2), (None, None));
        assert_eq!((b.owner.as_str(), b.lessor.as_str()), ("", ""));
        assert_eq!((b.lease_start.clone(), b.returned_on.clone()), (None, None));
    }

    #[test]
    fn the_new_fields_are_written_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let mut project = crate::model::Project::default();
        let site = crate::model::Site {
            uuid: crate::model::Uuid::from_u128(1),
            name: "城东院".into(),
            address: String::new(),
            land_area_m2: None,
            lon_lat: None,
            note: "2024年划入".into(),
            region: None,
        };
        let mut b = crate::model::Building::new(
            crate::model::Uuid::from_u128(2),
            site.uuid,
            "租用楼".into(),
        );
        b.basement_storeys = Some(1);
        b.office_gross_m2 = Some(2100.5);
        b.technical_gross_m2 = Some(300.0);
        b.owner = "示范县国资公司".into();
        b.rented = true;
        b.lessor = "示范县城投".into();
        b.lease_start = Some("2020-01-01".into());
        b.lease_end = Some("2029-12-31".into());
        b.returned_on = Some("2026-06-30".into());
        project.sites.push(site);
        project.buildings.push(b);
        let store = Store::create(
            &dir.path().join("p.gpkg"),
            &project,
            crate::store::CreateOptions::default(),
        )
        .expect("create");
        let loaded = store.load_project().expect("load");
        assert_eq!(loaded.sites, project.sites);
        assert_eq!(loaded.buildings, project.buildings);
    }
}
