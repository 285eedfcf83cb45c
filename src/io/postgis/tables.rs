//! The published tables: their columns (DDL). Their rows are written by
//! [`super::file_rows`].
//!
//! Every table has `uuid` (PostgreSQL's uuid type) as its primary key: the entity's UUID, or
//! for a link (a room's unit, a unit's grade) a version-5 UUID of its parts, and
//! `row_hash bigint` (see [`super::copy_line`]). References between tables are by
//! UUID (`site_uuid`, `floor_uuid` …) without foreign keys, so a publish may replace rows in
//! any order within its transaction and QGIS joins them by field.

/// The SRID of plan metres (each floor's own plan, x right, y up): 0, PostGIS's "unknown",
/// which QGIS lists and draws without reprojecting.
pub const PLAN_SRID: i32 = 0;
/// CGCS2000 geographic (EPSG:4490). Anchors are WGS 84; the two frames differ by a few
/// centimetres at most, below a floor plan's precision, so WGS 84 degrees are written as
/// CGCS2000 unchanged.
pub const CGCS2000_SRID: i32 = 4490;

/// One published table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableSpec {
    pub name: &'static str,
    /// Column definitions after `uuid uuid` and before `row_hash bigint`. The primary key on
    /// `uuid` is added after a first publish's rows (one sorted build, not a million inserts).
    pub columns: &'static [(&'static str, &'static str)],
}

impl TableSpec {
    /// `CREATE TABLE IF NOT EXISTS schema.name (…)`.
    pub fn create_sql(&self, schema: &str) -> String {
        let mut sql = format!(
            "CREATE TABLE IF NOT EXISTS {}.{} (uuid uuid NOT NULL",
            quote_ident(schema),
            self.name
        );
        for (name, ty) in self.columns {
            sql.push_str(&format!(", {name} {ty}"));
        }
        sql.push_str(", row_hash bigint NOT NULL)");
        sql
    }

    /// The column list of the COPY: uuid, the columns, row_hash.
    pub fn copy_columns(&self) -> String {
        let mut cols = vec!["uuid"];
        cols.extend(self.columns.iter().map(|(n, _)| *n));
        cols.push("row_hash");
        cols.join(", ")
    }

    /// The geometry columns (those whose type is `geometry(…)`).
    pub fn geometry_columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns
            .iter()
            .filter(|(_, ty)| ty.starts_with("geometry"))
            .map(|(n, _)| *n)
    }
}

/// A schema name as a quoted identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub const REGIONS: TableSpec = TableSpec {
    name: "regions",
    columns: &[
        ("name", "text"),
        ("level", "text"),
        ("code", "text"),
        ("parent_code", "text"),
    ],
};

pub const SITES: TableSpec = TableSpec {
    name: "sites",
    columns: &[
        ("region_code", "text"),
        ("name", "text"),
        ("address", "text"),
        ("land_area_m2", "double precision"),
        ("lon", "double precision"),
        ("lat", "double precision"),
        ("note", "text"),
    ],
};

pub const BUILDINGS: TableSpec = TableSpec {
    name: "buildings",
    columns: &[
        ("site_uuid", "uuid"),
        ("region_code", "text"),
        ("name", "text"),
        ("year_built", "integer"),
        ("storeys", "integer"),
        ("basement_storeys", "integer"),
        ("structure", "text"),
        ("gross_area_m2", "double precision"),
        ("office_gross_m2", "double precision"),
        ("technical_gross_m2", "double precision"),
        ("usable_coefficient", "double precision"),
        ("title_status", "text"),
        ("certificate_no", "text"),
        ("owner", "text"),
        ("rented", "boolean"),
        ("lessor", "text"),
        ("lease_start", "text"),
        ("lease_end", "text"),
        ("returned_on", "text"),
        ("main_unit_uuid", "uuid"),
        ("main_unit_name", "text"),
        ("anchor_lon", "double precision"),
        ("anchor_lat", "double precision"),
        ("rotation_deg", "double precision"),
        ("footprint_area_m2", "double precision"),
        ("geom", "geometry(Polygon, 0)"),
        ("geom_4490", "geometry(Polygon, 4490)"),
    ],
};

pub const FLOORS: TableSpec = TableSpec {
    name: "floors",
    columns: &[
        ("building_uuid", "uuid"),
        ("name", "text"),
        ("level", "integer"),
        ("elevation_m", "double precision"),
        ("storey_height_m", "double precision"),
    ],
};

pub const ROOMS: TableSpec = TableSpec {
    name: "rooms",
    columns: &[
        ("floor_uuid", "uuid"),
        ("building_uuid", "uuid"),
        ("site_uuid", "uuid"),
        ("region_code", "text"),
        ("number", "text"),
        ("name", "text"),
        ("category", "text"),
        ("sub_use", "text"),
        ("status", "text"),
        ("status_since", "text"),
        ("surveyed_area_m2", "double precision"),
        ("usable_area_m2", "double precision"),
        ("note", "text"),
        ("geom", "geometry(Polygon, 0)"),
        ("geom_4490", "geometry(Polygon, 4490)"),
    ],
};

pub const UNITS: TableSpec = TableSpec {
    name: "units",
    columns: &[
        ("region_code", "text"),
        ("name", "text"),
        ("organ_category", "text"),
        ("kind", "text"),
        ("parent_uuid", "uuid"),
        ("rank_step", "text"),
        ("service_posts", "integer"),
        ("headcount", "integer"),
        ("approved_posts", "integer"),
        ("note", "text"),
    ],
};

/// Posts (编制) and persons per unit and grade: counts only, never names.
pub const UNIT_COUNTS: TableSpec = TableSpec {
    name: "unit_counts",
    columns: &[
        ("unit_uuid", "uuid"),
        ("grade", "text"),
        ("posts", "integer"),
        ("persons", "integer"),
    ],
};

pub const ROOM_UNITS: TableSpec = TableSpec {
    name: "room_units",
    columns: &[("room_uuid", "uuid"), ("unit_uuid", "uuid")],
};

/// Persons with their names: only with `--with-persons`; without it the table is emptied.
pub const PERSONS: TableSpec = TableSpec {
    name: "persons",
    columns: &[
        ("unit_uuid", "uuid"),
        ("name", "text"),
        ("grade", "text"),
        ("rank", "text"),
        ("rank_only", "boolean"),
        ("title", "text"),
        ("status", "text"),
        ("status_date", "text"),
        ("party_government_head", "boolean"),
        ("second_office_approval", "text"),
        ("second_office_approval_date", "text"),
        ("room_uuids", "text"),
    ],
};

/// Every published table, in the order a publish writes and a pull reads them.
pub const ALL: [TableSpec; 9] = [
    REGIONS,
    SITES,
    BUILDINGS,
    FLOORS,
    ROOMS,
    UNITS,
    UNIT_COUNTS,
    ROOM_UNITS,
    PERSONS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_the_uuid_key_and_the_row_hash() {
        let sql = ROOMS.create_sql("officeplan");
        assert!(
            sql.starts_with("CREATE TABLE IF NOT EXISTS \"officeplan\".rooms (uuid uuid NOT NULL")
        );
        assert!(sql.ends_with(", row_hash bigint NOT NULL)"));
        assert_eq!(
            ROOMS.geometry_columns().collect::<Vec<_>>(),
            ["geom", "geom_4490"]
        );
    }
}
