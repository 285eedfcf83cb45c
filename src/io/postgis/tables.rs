//! The published tables: their columns (DDL) and their rows, written from a loaded project.
//!
//! Every table has `uuid` (PostgreSQL's uuid type) as its primary key: the entity's UUID, or
//! for a link (a room's unit, a unit's grade) a version-5 UUID of its parts and `row_hash bigint` (see [`super::copy_line`]). References between tables are by
//! UUID (`site_uuid`, `floor_uuid` …) without foreign keys, so a publish may replace rows in
//! any order within its transaction and QGIS joins them by field.
//!
//! Region: every site, building, room and unit carries `region_code`, the 12-digit code of
//! the region it belongs to ([`RegionOf`]): its site's or unit's own region in a provincial
//! file that keeps counties side by side, else the file's own region. `regions` lists every
//! region the file holds, with its `parent_code`.

use foldhash::{HashMap, HashMapExt as _};

use crate::analysis::room_area;
use crate::io::site_anchor::{LonLatTransform, SiteAnchor};
use crate::model::{Coded as _, Project, Region, Uuid};

use super::copy_line::CopyLine;

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

/// The region code a row is published under: a site's or unit's own region where it records
/// one (a provincial file keeps its counties side by side), else the file's own region.
#[derive(Clone)]
pub struct RegionOf<'a> {
    own: &'a str,
    sites: std::sync::Arc<HashMap<Uuid, &'a str>>,
    units: std::sync::Arc<HashMap<Uuid, &'a str>>,
}

impl<'a> RegionOf<'a> {
    pub fn new(project: &'a Project, regions: &'a [Region]) -> Self {
        let code: HashMap<Uuid, &'a str> =
            regions.iter().map(|r| (r.uuid, r.code.as_str())).collect();
        let sites = project
            .sites
            .iter()
            .filter_map(|s| Some((s.uuid, *code.get(&s.region?)?)))
            .collect();
        let units = project
            .units
            .iter()
            .filter_map(|u| Some((u.uuid, *code.get(&u.region?)?)))
            .collect();
        Self {
            own: project.region.as_ref().map_or("", |r| r.code.as_str()),
            sites: std::sync::Arc::new(sites),
            units: std::sync::Arc::new(units),
        }
    }

    pub fn site(&self, site: &Uuid) -> &'a str {
        self.sites.get(site).copied().unwrap_or(self.own)
    }

    pub fn unit(&self, unit: &Uuid) -> &'a str {
        self.units.get(unit).copied().unwrap_or(self.own)
    }
}

/// Writes row `i` of a table into a line.
type WriteRow<'a> = dyn Fn(usize, &mut CopyLine) + Send + Sync + 'a;

/// The rows of one table, written on demand (a publish writes a row twice at most: once for
/// its hash, once more if it is sent), so a million rooms never sit in memory as text.
pub struct TableRows<'a> {
    pub spec: TableSpec,
    len: usize,
    write: Box<WriteRow<'a>>,
}

impl TableRows<'_> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Writes row `i` into `line` (cleared first).
    pub fn write(&self, i: usize, line: &mut CopyLine) {
        line.clear();
        (self.write)(i, line);
    }
}

fn rows<'a>(
    spec: TableSpec,
    len: usize,
    write: impl Fn(usize, &mut CopyLine) + Send + Sync + 'a,
) -> TableRows<'a> {
    TableRows {
        spec,
        len,
        write: Box::new(write),
    }
}

/// The rows of every table for `project`; `with_persons` adds the persons' names.
pub fn project_rows<'a>(
    project: &'a Project,
    regions: &'a [Region],
    with_persons: bool,
) -> Vec<TableRows<'a>> {
    let region = RegionOf::new(project, regions);
    let building_of_floor: HashMap<Uuid, usize> = {
        let by_uuid: HashMap<Uuid, usize> = project
            .buildings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.uuid, i))
            .collect();
        project
            .floors
            .iter()
            .filter_map(|f| Some((f.uuid, *by_uuid.get(&f.building)?)))
            .collect()
    };
    let anchors: Vec<Option<LonLatTransform>> = project
        .buildings
        .iter()
        .map(|b| SiteAnchor::of(b).map(|a| a.to_lon_lat()))
        .collect();
    let units_of_rooms: Vec<(usize, usize)> = project
        .rooms
        .iter()
        .enumerate()
        .flat_map(|(r, room)| (0..room.units.len()).map(move |u| (r, u)))
        .collect();
    // Posts and persons per (unit, grade).
    let mut counts: Vec<(Uuid, crate::model::Grade, u32, u32)> = Vec::new();
    {
        // Persons per unit, then per grade.
        let mut persons: HashMap<Uuid, std::collections::BTreeMap<crate::model::Grade, u32>> =
            HashMap::new();
        for p in &project.persons {
            *persons
                .entry(p.unit)
                .or_default()
                .entry(p.grade)
                .or_default() += 1;
        }
        for unit in &project.units {
            let counted = persons.get(&unit.uuid);
            let mut grades: Vec<crate::model::Grade> = unit.posts.keys().copied().collect();
            grades.extend(counted.into_iter().flat_map(|c| c.keys().copied()));
            grades.sort_unstable();
            grades.dedup();
            for grade in grades {
                let posts = unit.posts.get(&grade).copied().unwrap_or(0);
                let n = counted.and_then(|c| c.get(&grade)).copied().unwrap_or(0);
                counts.push((unit.uuid, grade, posts, n));
            }
        }
    }
    let persons_len = if with_persons {
        project.persons.len()
    } else {
        0
    };

    vec![
        // Every region the file holds (a provincial file: the province and its counties);
        // a file with no regions table read publishes its own region.
        rows(
            REGIONS,
            if regions.is_empty() {
                usize::from(project.region.is_some())
            } else {
                regions.len()
            },
            move |i, l| {
                let r = if regions.is_empty() {
                    project.region.as_ref()
                } else {
                    regions.get(i)
                };
                if let Some(r) = r {
                    l.uuid(&r.uuid);
                    l.text(&r.name);
                    l.text(r.level.code());
                    l.text(&r.code);
                    l.text(&r.parent_code);
                }
            },
        ),
        rows(SITES, project.sites.len(), {
            let region = region.clone();
            move |i, l| {
                let Some(s) = project.sites.get(i) else {
                    return;
                };
                l.uuid(&s.uuid);
                l.text(region.site(&s.uuid));
                l.text(&s.name);
                l.text(&s.address);
                l.opt_float(s.land_area_m2);
                l.opt_float(s.lon_lat.map(|p| p.0));
                l.opt_float(s.lon_lat.map(|p| p.1));
                l.text(&s.note);
            }
        }),
        rows(BUILDINGS, project.buildings.len(), {
            let region = region.clone();
            let anchors = anchors.clone();
            move |i, l| {
                let Some(b) = project.buildings.get(i) else {
                    return;
                };
                l.uuid(&b.uuid);
                l.uuid(&b.site);
                l.text(region.site(&b.site));
                l.text(&b.name);
                l.opt_int(b.year_built.map(i64::from));
                l.opt_int(b.storeys.map(i64::from));
                l.opt_int(b.basement_storeys.map(i64::from));
                l.text(&b.structure);
                l.opt_float(b.gross_area_m2);
                l.opt_float(b.office_gross_m2);
                l.opt_float(b.technical_gross_m2);
                l.opt_float(b.usable_coefficient);
                l.text(b.title_status.code());
                l.text(&b.certificate_no);
                l.text(&b.owner);
                l.boolean(b.rented);
                l.text(&b.lessor);
                l.opt_text(b.lease_start.as_deref());
                l.opt_text(b.lease_end.as_deref());
                l.opt_text(b.returned_on.as_deref());
                l.opt_uuid(b.main_user.unit.as_ref());
                l.text(&b.main_user.name);
                l.opt_float(b.anchor_lon_lat.map(|p| p.0));
                l.opt_float(b.anchor_lon_lat.map(|p| p.1));
                l.float(b.rotation_deg);
                l.opt_float(b.footprint.as_ref().map(room_area));
                l.polygon(b.footprint.as_ref(), PLAN_SRID);
                let anchor = anchors.get(i).copied().flatten();
                let geographic = b
                    .footprint
                    .as_ref()
                    .zip(anchor)
                    .map(|(p, a)| geographic(p, &a));
                l.polygon(geographic.as_ref(), CGCS2000_SRID);
            }
        }),
        rows(FLOORS, project.floors.len(), move |i, l| {
            let Some(f) = project.floors.get(i) else {
                return;
            };
            l.uuid(&f.uuid);
            l.uuid(&f.building);
            l.text(&f.name);
            l.int(i64::from(f.level));
            l.opt_float(f.elevation_m);
            l.opt_float(f.storey_height_m);
        }),
        rows(ROOMS, project.rooms.len(), {
            let region = region.clone();
            move |i, l| {
                let Some(r) = project.rooms.get(i) else {
                    return;
                };
                let building = building_of_floor.get(&r.floor).copied();
                let b = building.and_then(|b| project.buildings.get(b));
                l.uuid(&r.uuid);
                l.uuid(&r.floor);
                l.opt_uuid(b.map(|b| &b.uuid));
                l.opt_uuid(b.map(|b| &b.site));
                l.opt_text(b.map(|b| region.site(&b.site)));
                l.text(&r.number);
                l.text(&r.name);
                l.text(r.category.code());
                l.text(&r.sub_use);
                l.text(r.status.code());
                l.opt_text(r.status_since.as_deref());
                l.opt_float(r.surveyed_area_m2);
                // 使用面积 from the one area code path, so ST_Area(geom) can be compared.
                l.float(room_area(&r.polygon));
                l.text(&r.note);
                l.polygon(Some(&r.polygon), PLAN_SRID);
                let anchor = building.and_then(|b| anchors.get(b).copied().flatten());
                let geographic = anchor.map(|a| geographic(&r.polygon, &a));
                l.polygon(geographic.as_ref(), CGCS2000_SRID);
            }
        }),
        rows(UNITS, project.units.len(), {
            let region = region.clone();
            move |i, l| {
                let Some(u) = project.units.get(i) else {
                    return;
                };
                l.uuid(&u.uuid);
                l.text(region.unit(&u.uuid));
                l.text(&u.name);
                l.text(u.organ_category.code());
                l.text(u.kind.code());
                l.opt_uuid(u.parent.as_ref());
                l.opt_text(u.rank_step.map(|s| s.code()));
                l.int(i64::from(u.service_posts));
                l.int(i64::from(u.headcount));
                l.int(i64::from(u.approved_posts()));
                l.text(&u.note);
            }
        }),
        rows(UNIT_COUNTS, counts.len(), move |i, l| {
            let Some((unit, grade, posts, persons)) = counts.get(i) else {
                return;
            };
            l.uuid(&Uuid::new_v5(unit, grade.code().as_bytes()));
            l.uuid(unit);
            l.text(grade.code());
            l.int(i64::from(*posts));
            l.int(i64::from(*persons));
        }),
        rows(ROOM_UNITS, units_of_rooms.len(), move |i, l| {
            let Some((r, u)) = units_of_rooms.get(i) else {
                return;
            };
            let Some(room) = project.rooms.get(*r) else {
                return;
            };
            let Some(unit) = room.units.get(*u) else {
                return;
            };
            l.uuid(&Uuid::new_v5(&room.uuid, unit.as_bytes()));
            l.uuid(&room.uuid);
            l.uuid(unit);
        }),
        rows(PERSONS, persons_len, move |i, l| {
            let Some(p) = project.persons.get(i) else {
                return;
            };
            l.uuid(&p.uuid);
            l.uuid(&p.unit);
            l.text(&p.name);
            l.text(p.grade.code());
            l.text(&p.rank);
            l.boolean(p.rank_only);
            l.text(&p.title);
            l.text(p.status.code());
            l.opt_text(p.status_date.as_deref());
            l.boolean(p.party_government_head);
            l.text(&p.second_office_approval);
            l.opt_text(p.second_office_approval_date.as_deref());
            let rooms: Vec<String> = p.rooms.iter().map(Uuid::to_string).collect();
            l.text(&rooms.join(","));
        }),
    ]
}

/// A polygon in plan metres placed on the earth by its building's anchor (the site map's
/// transform), as CGCS2000 longitude/latitude.
fn geographic(polygon: &geo::Polygon<f64>, anchor: &LonLatTransform) -> geo::Polygon<f64> {
    use geo::MapCoords as _;
    polygon.map_coords(|c| anchor.apply(c))
}

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

    #[test]
    fn the_sample_writes_one_line_per_row_with_every_column() {
        let project = crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded)
            .expect("sample");
        let tables = project_rows(&project, &[], false);
        let mut line = CopyLine::default();
        for table in &tables {
            for i in 0..table.len() {
                table.write(i, &mut line);
                assert_eq!(
                    usize::from(line.fields()),
                    table.spec.columns.len() + 1,
                    "{} row {i}",
                    table.spec.name
                );
            }
        }
        let rooms = tables
            .iter()
            .find(|t| t.spec.name == "rooms")
            .expect("rooms");
        assert_eq!(rooms.len(), project.rooms.len());
        let persons = tables
            .iter()
            .find(|t| t.spec.name == "persons")
            .expect("persons");
        assert_eq!(persons.len(), 0, "no names without --with-persons");
    }
}
