//! The GeoPackage of a submission package (直报包): a copy of the file holding its own
//! level only.
//!
//! What stays out, and why:
//! - rows of other regions (a provincial file's merged counties: compounds and units with a
//!   `region_id`, with everything under them; their `regions` rows; approvals and
//!   construction projects that name only what was taken out) — each level reports its own;
//! - the change log, scenarios (调剂方案) and set-aside links — the file's own working
//!   history, not the inventory; the receiving level keeps its own log of the merge;
//! - the roll-up's own records (submissions, bases, conflicts).
//!
//! The tables stay (empty), so the copy is a whole GeoPackage and a project file.

use std::path::Path;

use rusqlite::Connection;

use super::schema::SCHEMA_VERSION;
use super::{OpenError, Store, StoreError, sql_error};

/// A package's schema against this build's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageSchema {
    /// Ours: read as it is.
    Current,
    /// Older: readable after our migration (of a copy).
    Older(i64),
    /// Newer than this build: not readable.
    Newer(i64),
}

/// How many rows of each kind a package holds (also its manifest's counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PackageCounts {
    pub sites: u64,
    pub buildings: u64,
    pub floors: u64,
    pub rooms: u64,
    pub units: u64,
    pub persons: u64,
}

/// Tables a package carries empty.
const LEFT_OUT: &[&str] = &[
    "change_log",
    "scenario_moves",
    "scenarios",
    "officeplan_orphan_links",
    "officeplan_submissions",
    "officeplan_submission_bases",
    "officeplan_merge_conflicts",
];

impl Store {
    /// Writes the file's own level to `target` (which must not exist) and returns its
    /// counts.
    pub fn write_own_level(&self, target: &Path) -> Result<PackageCounts, StoreError> {
        let sql = sql_error(target);
        self.conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy()])
            .map_err(|e| self.sql_error(e))?;
        let mut conn = Connection::open(target).map_err(sql)?;
        super::gpkg_functions::register(&conn).map_err(sql)?;
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .map_err(sql)?;
        let tx = conn.transaction().map_err(sql)?;
        let others = tx
            .execute("DELETE FROM sites WHERE region_id IS NOT NULL", [])
            .map_err(sql)?
            + tx.execute("DELETE FROM units WHERE region_id IS NOT NULL", [])
                .map_err(sql)?;
        if others > 0 {
            tx.execute_batch(
                "DELETE FROM approvals WHERE subject NOT IN (SELECT uuid FROM persons
                    UNION SELECT uuid FROM buildings UNION SELECT uuid FROM rooms);
                 DELETE FROM construction_projects WHERE main_unit_uuid IS NOT NULL
                    AND main_unit_uuid NOT IN (SELECT uuid FROM units);",
            )
            .map_err(sql)?;
        }
        tx.execute(
            "DELETE FROM regions WHERE id > (SELECT min(id) FROM regions)",
            [],
        )
        .map_err(sql)?;
        for table in LEFT_OUT {
            tx.execute(&format!("DELETE FROM {table}"), [])
                .map_err(sql)?;
        }
        // The floors deleted above leave their marks: the package's totals made whole.
        super::floor_totals::refresh(&tx).map_err(sql)?;
        let counts = count_package(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        conn.execute_batch("VACUUM").map_err(sql)?;
        Ok(counts)
    }

    /// The counts of this file's own level (what its package would hold).
    pub fn package_counts(&self) -> Result<PackageCounts, StoreError> {
        count_package(&self.conn).map_err(|e| self.sql_error(e))
    }

    /// The schema version of a package's GeoPackage, read without writing anything.
    pub fn package_schema(path: &Path) -> Result<PackageSchema, OpenError> {
        let conn = super::connection::connect(path, super::connection::Access::ReadOnly)
            .map_err(|e| OpenError::from_sqlite(path, &e))?;
        let found = super::open::probe_schema(path, &conn)?;
        Ok(match found.cmp(&SCHEMA_VERSION) {
            std::cmp::Ordering::Equal => PackageSchema::Current,
            std::cmp::Ordering::Less => PackageSchema::Older(found),
            std::cmp::Ordering::Greater => PackageSchema::Newer(found),
        })
    }

    /// Brings a package's GeoPackage of an older schema (a copy, never the package itself)
    /// to this build's schema in place, by the migration that opens old project files.
    pub fn migrate_package_copy(copy: &Path) -> Result<(), OpenError> {
        Store::open(copy).map(drop)
    }

    /// The counts of a package's GeoPackage, read without writing anything.
    pub fn package_counts_of(path: &Path) -> Result<PackageCounts, StoreError> {
        let conn = super::connection::connect(path, super::connection::Access::ReadOnly)
            .map_err(|e| StoreError::from_sqlite(path, e))?;
        count_package(&conn).map_err(|e| StoreError::from_sqlite(path, e))
    }
}

fn count_package(conn: &Connection) -> rusqlite::Result<PackageCounts> {
    let count = |table: &str| -> rusqlite::Result<u64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| u64::try_from(n).unwrap_or(0))
    };
    // The own level: compounds and units without a region, and what hangs on them.
    Ok(PackageCounts {
        sites: count("sites WHERE region_id IS NULL")?,
        buildings: count("buildings b JOIN sites s ON s.id = b.site_id WHERE s.region_id IS NULL")?,
        floors: count(
            "floors f JOIN buildings b ON b.fid = f.building_id JOIN sites s ON s.id = b.site_id
             WHERE s.region_id IS NULL",
        )?,
        rooms: count(
            "rooms r JOIN floors f ON f.id = r.floor_id JOIN buildings b ON b.fid = f.building_id
             JOIN sites s ON s.id = b.site_id WHERE s.region_id IS NULL",
        )?,
        units: count("units WHERE region_id IS NULL")?,
        persons: count("persons p JOIN units u ON u.id = p.unit_id WHERE u.region_id IS NULL")?,
    })
}
