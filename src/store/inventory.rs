//! The rows of the inventory's upper levels — the region (行政区划), compounds (院落) and
//! buildings (楼栋) — written one at a time, each write one transaction with its change-log
//! line. Creating a file writes the same rows through the same functions.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension as _, Transaction, params, params_from_iter};

use super::blob::encode_polygon;
use super::create::{Extent, uuid_text};
use super::schema::PLAN_SRS_ID;
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::{Building, Coded as _, Region, Site, Uuid};

/// The region and the settings a new project is made with, or a `SetRegion` edit writes.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionSettings {
    pub region: Option<Region>,
    /// Standard set id (`cn-2014`, `cn-1999`).
    pub standard: String,
    /// Province whose 乡级 rows apply.
    pub province: String,
    /// Statistics date (统计截止日期).
    pub as_of: Option<crate::model::Date>,
}

/// Inserts a region's row and returns its row id.
pub(super) fn insert_region(tx: &Transaction<'_>, region: &Region) -> rusqlite::Result<i64> {
    let mut buf = [0u8; 36];
    tx.prepare_cached(
        "INSERT INTO regions (uuid, name, level, code, parent_code) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        uuid_text(&region.uuid, &mut buf),
        region.name,
        region.level.code(),
        region.code,
        region.parent_code
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Inserts a compound's row and returns its row id.
pub(super) fn insert_site(tx: &Transaction<'_>, site: &Site) -> rusqlite::Result<i64> {
    let mut buf = [0u8; 36];
    tx.prepare_cached(
        "INSERT INTO sites (uuid, name, address, land_area_m2, lon, lat, note, region_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT id FROM regions WHERE uuid = ?8))",
    )?
    .execute(params![
        uuid_text(&site.uuid, &mut buf),
        site.name,
        site.address,
        site.land_area_m2,
        site.lon_lat.map(|p| p.0),
        site.lon_lat.map(|p| p.1),
        site.note,
        site.region.map(|r| r.to_string())
    ])?;
    Ok(tx.last_insert_rowid())
}

/// A building's attribute columns, from `name` to `rotation_deg`, in the order both the
/// insert and the update name them: one list, so a new field cannot reach one and miss the
/// other.
fn building_values(b: &Building) -> [Value; 22] {
    [
        Value::from(b.name.clone()),
        Value::from(b.year_built),
        Value::from(b.storeys),
        Value::from(b.basement_storeys),
        Value::from(b.structure.clone()),
        Value::from(b.gross_area_m2),
        Value::from(b.office_gross_m2),
        Value::from(b.technical_gross_m2),
        Value::from(b.usable_coefficient),
        Value::from(b.title_status.code().to_owned()),
        Value::from(b.certificate_no.clone()),
        Value::from(b.owner.clone()),
        Value::from(b.rented),
        Value::from(b.lessor.clone()),
        Value::from(b.lease_start.clone()),
        Value::from(b.lease_end.clone()),
        Value::from(b.returned_on.clone()),
        Value::from(b.anchor_lon_lat.map(|p| p.0)),
        Value::from(b.anchor_lon_lat.map(|p| p.1)),
        Value::from(b.rotation_deg),
        Value::from(b.main_user.unit.map(|u| u.to_string())),
        Value::from(b.main_user.name.clone()),
    ]
}

/// Inserts a building's row under the compound with row id `site_id` and returns its row id;
/// its footprint, if any, widens `extent`.
pub(super) fn insert_building(
    tx: &Transaction<'_>,
    building: &Building,
    site_id: i64,
    extent: &mut Extent,
) -> rusqlite::Result<i64> {
    let mut buf = [0u8; 36];
    let b = building;
    let geom = b.footprint.as_ref().map(|p| {
        extent.add(p);
        encode_polygon(p, PLAN_SRS_ID)
    });
    tx.prepare_cached(
        "INSERT INTO buildings (geom, uuid, site_id, name, year_built, storeys, basement_storeys,
            structure, gross_area_m2, office_gross_m2, technical_gross_m2, usable_coefficient,
            title_status, certificate_no, owner, rented, lessor, lease_start, lease_end,
            returned_on, anchor_lon, anchor_lat, rotation_deg, main_unit_uuid, main_unit_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
    )?
    .execute(params_from_iter(
        [
            Value::from(geom),
            Value::from(uuid_text(&b.uuid, &mut buf).to_owned()),
            Value::from(site_id),
        ]
        .into_iter()
        .chain(building_values(b)),
    ))?;
    Ok(tx.last_insert_rowid())
}

/// The row id of the row of `uuid` that `sql` selects, or `Missing` naming it as `what`.
pub(super) fn row_id(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    sql: &str,
    uuid: &Uuid,
    what: &str,
) -> Result<i64, StoreError> {
    let mut buf = [0u8; 36];
    tx.query_row(sql, [uuid_text(uuid, &mut buf)], |r| r.get(0))
        .optional()
        .map_err(sql_error(path))?
        .ok_or_else(|| StoreError::Missing {
            path: path.to_path_buf(),
            what: format!("{what} {uuid}"),
        })
}

/// The row id of a compound, or `Missing` naming it.
pub(super) fn site_id(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    site: &Uuid,
) -> Result<i64, StoreError> {
    row_id(
        tx,
        path,
        "SELECT id FROM sites WHERE uuid = ?1",
        site,
        "site",
    )
}

/// The row id of a building, or `Missing` naming it.
pub(super) fn building_id(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    building: &Uuid,
) -> Result<i64, StoreError> {
    row_id(
        tx,
        path,
        "SELECT fid FROM buildings WHERE uuid = ?1",
        building,
        "building",
    )
}

/// Writes the region row (replacing any) and the settings' meta values.
pub(super) fn write_region_settings(
    tx: &Transaction<'_>,
    settings: &RegionSettings,
) -> rusqlite::Result<()> {
    let mut buf = [0u8; 36];
    // The file's own region is the first row; a provincial file's county rows after it
    // stay as they are (their compounds and units name them).
    let own: Option<i64> = tx
        .query_row("SELECT id FROM regions ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    match (own, &settings.region) {
        (Some(id), Some(region)) => {
            tx.execute(
                "UPDATE regions SET uuid = ?1, name = ?2, level = ?3, code = ?4, parent_code = ?5
                 WHERE id = ?6",
                params![
                    uuid_text(&region.uuid, &mut buf),
                    region.name,
                    region.level.code(),
                    region.code,
                    region.parent_code,
                    id
                ],
            )?;
        }
        (None, Some(region)) => insert_region(tx, region).map(drop)?,
        (Some(id), None) => {
            tx.execute("DELETE FROM regions WHERE id = ?1", [id])?;
        }
        (None, None) => {}
    }
    let values = [
        ("standard", Some(settings.standard.as_str())),
        ("province", Some(settings.province.as_str())),
        ("as_of", settings.as_of.as_deref()),
    ];
    for (key, value) in values {
        match value {
            Some(value) => tx.execute(
                "INSERT INTO officeplan_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            ),
            None => tx.execute("DELETE FROM officeplan_meta WHERE key = ?1", [key]),
        }?;
    }
    Ok(())
}

impl Store {
    /// The region and settings as the file has them.
    pub fn load_region_settings(&self) -> Result<RegionSettings, StoreError> {
        let settings = self.load_settings()?;
        Ok(RegionSettings {
            region: self.load_region()?,
            standard: settings.standard,
            province: settings.province,
            as_of: settings.as_of,
        })
    }

    /// Records the region (行政区划) and the settings in one transaction with its line.
    pub fn set_region_settings(
        &mut self,
        settings: &RegionSettings,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            write_region_settings(tx, settings).map_err(sql_error(path))
        })
    }

    /// Adds a compound.
    pub fn insert_site(&mut self, site: &Site, record: &ChangeRecord) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            insert_site(tx, site).map(drop).map_err(sql_error(path))
        })
    }

    /// Changes a compound's fields (the UUID names it).
    pub fn update_site(&mut self, site: &Site, record: &ChangeRecord) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            let changed = tx
                .execute(
                    "UPDATE sites SET name = ?1, address = ?2, land_area_m2 = ?3, lon = ?4,
                        lat = ?5, note = ?6, region_id = (SELECT id FROM regions WHERE uuid = ?8)
                     WHERE uuid = ?7",
                    params![
                        site.name,
                        site.address,
                        site.land_area_m2,
                        site.lon_lat.map(|p| p.0),
                        site.lon_lat.map(|p| p.1),
                        site.note,
                        uuid_text(&site.uuid, &mut buf),
                        site.region.map(|r| r.to_string())
                    ],
                )
                .map_err(sql_error(path))?;
            super::edit::updated_one(changed, path, || format!("site {}", site.uuid))
        })
    }

    /// Adds a building to its compound.
    pub fn insert_building(
        &mut self,
        building: &Building,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let site = site_id(tx, path, &building.site)?;
            let mut extent = Extent::default();
            insert_building(tx, building, site, &mut extent).map_err(sql_error(path))?;
            extent.write(tx, "buildings").map_err(sql_error(path))
        })
    }

    /// Changes a building's fields, its compound (a move) and its footprint (the UUID names it).
    pub fn update_building(
        &mut self,
        building: &Building,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let site = site_id(tx, path, &building.site)?;
            let id = building_id(tx, path, &building.uuid)?;
            let b = building;
            let mut extent = Extent::default();
            let geom = b.footprint.as_ref().map(|p| {
                extent.add(p);
                encode_polygon(p, PLAN_SRS_ID)
            });
            // The geometry is written only when it changes: an index GDAL made fires on an
            // update of geom, and tools without the GeoPackage functions could not then edit.
            let stored: Option<Vec<u8>> = tx
                .query_row("SELECT geom FROM buildings WHERE fid = ?1", [id], |r| {
                    r.get(0)
                })
                .map_err(sql)?;
            if stored != geom {
                tx.execute(
                    "UPDATE buildings SET geom = ?1 WHERE fid = ?2",
                    params![geom, id],
                )
                .map_err(sql)?;
                extent.write(tx, "buildings").map_err(sql)?;
            }
            tx.execute(
                "UPDATE buildings SET site_id = ?1, name = ?2, year_built = ?3, storeys = ?4,
                    basement_storeys = ?5, structure = ?6, gross_area_m2 = ?7,
                    office_gross_m2 = ?8, technical_gross_m2 = ?9, usable_coefficient = ?10,
                    title_status = ?11, certificate_no = ?12, owner = ?13, rented = ?14,
                    lessor = ?15, lease_start = ?16, lease_end = ?17, returned_on = ?18,
                    anchor_lon = ?19, anchor_lat = ?20, rotation_deg = ?21, main_unit_uuid = ?22,
                    main_unit_name = ?23 WHERE fid = ?24",
                params_from_iter(
                    std::iter::once(Value::from(site))
                        .chain(building_values(b))
                        .chain(std::iter::once(Value::from(id))),
                ),
            )
            .map_err(sql)?;
            Ok(())
        })
    }
}
