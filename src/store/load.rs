//! Reading a project: the index (cheap, on open), one floor's rooms (on demand), or all of it.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use rusqlite::Row;
use rusqlite::types::ValueRef;

use super::blob::decode_polygon;
use super::floor_totals::{self, FloorSlots, Rooms};
use super::settings::{FILLER_NAME, FILLER_PHONE, FILLER_UNIT, STANDARD_OVERRIDES};
use super::{Store, StoreError};
use crate::analysis::CategoryStatusTotals;
use crate::model::{
    Building, Coded, ConcurrentPost, Floor, Grade, Person, Project, ProjectSettings, Region, Room,
    Site, Unit, UnitRef, Uuid,
};

/// A compound with its buildings (indices into [`ProjectIndex::buildings`]) and totals.
#[derive(Clone, Debug)]
pub struct SiteEntry {
    pub site: Site,
    pub buildings: Vec<usize>,
    pub totals: CategoryStatusTotals,
}

/// A building with its floors (indices into [`ProjectIndex::floors`]) and totals.
#[derive(Clone, Debug)]
pub struct BuildingEntry {
    pub building: Building,
    pub site: usize,
    pub floors: Vec<usize>,
    pub totals: CategoryStatusTotals,
}

/// A floor with its room totals.
#[derive(Clone, Debug)]
pub struct FloorEntry {
    pub floor: Floor,
    pub building: usize,
    pub totals: CategoryStatusTotals,
}

/// Sites, buildings and floors with their row ids ([`Store::load_hierarchy`]).
pub(super) type Hierarchy = (
    Vec<(i64, Site)>,
    Vec<(i64, i64, Building)>,
    Vec<(i64, i64, Floor)>,
);

/// What opening a file loads: the tree of sites, buildings and floors with per-floor
/// aggregates (counts and 使用面积 by category × status). Room polygons stay on disk.
#[derive(Clone, Debug, Default)]
pub struct ProjectIndex {
    pub region: Option<Region>,
    pub settings: ProjectSettings,
    pub sites: Vec<SiteEntry>,
    pub buildings: Vec<BuildingEntry>,
    pub floors: Vec<FloorEntry>,
    pub totals: CategoryStatusTotals,
}

impl ProjectIndex {
    /// Finds a floor by building and floor, each given by name or UUID.
    pub fn find_floor(&self, building: &str, floor: &str) -> Option<usize> {
        let b = self.find_building(building)?;
        let entry = self.buildings.get(b)?;
        entry.floors.iter().copied().find(|f| {
            self.floors
                .get(*f)
                .is_some_and(|e| e.floor.name == floor || e.floor.uuid.to_string() == floor)
        })
    }

    /// Finds a building by name or UUID.
    pub fn find_building(&self, building: &str) -> Option<usize> {
        self.buildings
            .iter()
            .position(|b| b.building.name == building || b.building.uuid.to_string() == building)
    }
}

fn bad_value(
    path: &Path,
    table: &'static str,
    row: i64,
    column: &'static str,
    value: &str,
) -> StoreError {
    StoreError::BadValue {
        path: path.to_path_buf(),
        table,
        row,
        column,
        value: value.to_owned(),
    }
}

/// Reads a column of `row` and parses it, naming the table, row and column when it fails.
pub(super) struct Cells<'a, 'r> {
    path: &'a Path,
    table: &'static str,
    row: &'a Row<'r>,
    id: i64,
}

impl Cells<'_, '_> {
    pub(super) fn text(&self, index: usize) -> rusqlite::Result<String> {
        Ok(self
            .row
            .get::<_, Option<String>>(index)?
            .unwrap_or_default())
    }

    pub(super) fn uuid(&self, index: usize, column: &'static str) -> Result<Uuid, CellError> {
        let text = self.text(index)?;
        Uuid::parse_str(&text).map_err(|_| self.bad(column, &text))
    }

    pub(super) fn coded<T: Coded>(
        &self,
        index: usize,
        column: &'static str,
    ) -> Result<T, CellError> {
        // Read in place: the index scan parses two codes per room of a 1M-room file.
        let value = self.row.get_ref(index)?;
        let text = match value {
            ValueRef::Text(bytes) => std::str::from_utf8(bytes).unwrap_or(""),
            _ => "",
        };
        T::parse(text).ok_or_else(|| self.bad(column, text))
    }

    pub(super) fn date(
        &self,
        index: usize,
        column: &'static str,
    ) -> Result<Option<String>, CellError> {
        match self.row.get::<_, Option<String>>(index)? {
            None => Ok(None),
            Some(t) if t.trim().is_empty() => Ok(None),
            Some(t) => crate::model::parse_date(&t)
                .map(Some)
                .ok_or_else(|| self.bad(column, &t)),
        }
    }

    /// A column that may be NULL.
    pub(super) fn get<T: rusqlite::types::FromSql>(&self, index: usize) -> rusqlite::Result<T> {
        self.row.get(index)
    }

    /// A [`UnitRef`] from a UUID column (NULL: a free text) and a name column.
    pub(super) fn unit_ref(
        &self,
        uuid: usize,
        name: usize,
        column: &'static str,
    ) -> Result<UnitRef, CellError> {
        let unit = match self.row.get::<_, Option<String>>(uuid)? {
            Some(t) if !t.trim().is_empty() => {
                Some(Uuid::parse_str(t.trim()).map_err(|_| self.bad(column, &t))?)
            }
            _ => None,
        };
        Ok(UnitRef {
            unit,
            name: self.text(name)?,
        })
    }

    fn polygon(&self, index: usize) -> Result<geo::Polygon<f64>, CellError> {
        match self.row.get_ref(index)? {
            ValueRef::Blob(blob) => decode_polygon(blob).map_err(|e| {
                CellError::Store(StoreError::BadGeometry {
                    path: self.path.to_path_buf(),
                    table: self.table,
                    row: self.id,
                    reason: e.to_string(),
                })
            }),
            _ => Err(self.bad("geom", "NULL")),
        }
    }

    /// A room's polygon as another program may have left it: a blob that is not one polygon
    /// (empty, several parts, another type, cut off, NULL) loads as an empty polygon, so the
    /// file still opens, the room has no area ([`crate::analysis::validity::measured_area`] refuses it) and
    /// [`Store::geometry_findings`] names the reason.
    fn room_polygon(&self, index: usize) -> Result<geo::Polygon<f64>, CellError> {
        Ok(match self.row.get_ref(index)? {
            ValueRef::Blob(blob) => decode_polygon(blob).unwrap_or_else(|_| empty_polygon()),
            _ => empty_polygon(),
        })
    }

    fn optional_polygon(&self, index: usize) -> Result<Option<geo::Polygon<f64>>, CellError> {
        match self.row.get_ref(index)? {
            ValueRef::Null => Ok(None),
            _ => self.polygon(index).map(Some),
        }
    }

    fn bad(&self, column: &'static str, value: &str) -> CellError {
        CellError::Store(bad_value(self.path, self.table, self.id, column, value))
    }
}

/// A failure while reading one row: SQLite's, or a value we could not accept.
pub(super) enum CellError {
    Sql(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for CellError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sql(e)
    }
}

impl Store {
    fn cell_error(&self, e: CellError) -> StoreError {
        match e {
            CellError::Sql(e) => self.sql_error(e),
            CellError::Store(e) => e,
        }
    }

    /// Runs `sql` and maps every row through `read`, collecting the results.
    pub(super) fn collect<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        table: &'static str,
        mut read: impl FnMut(&Cells<'_, '_>) -> Result<T, CellError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.visit(sql, params, table, |cells| {
            out.push(read(cells)?);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(out)
    }

    /// Runs `sql` and hands every row to `visit` in turn, keeping none, until `visit` breaks.
    pub(super) fn visit(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        table: &'static str,
        mut visit: impl FnMut(&Cells<'_, '_>) -> Result<ControlFlow<()>, CellError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql_error(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sql_error(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql_error(e))? {
            let id: i64 = row.get(0).map_err(|e| self.sql_error(e))?;
            let cells = Cells {
                path: &self.path,
                table,
                row,
                id,
            };
            if visit(&cells).map_err(|e| self.cell_error(e))?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// File settings from `officeplan_meta`.
    pub fn load_settings(&self) -> Result<ProjectSettings, StoreError> {
        let defaults = ProjectSettings::default();
        Ok(ProjectSettings {
            standard: self.meta("standard")?.unwrap_or(defaults.standard),
            province: self.meta("province")?.unwrap_or_default(),
            as_of: self.meta("as_of")?.filter(|d| !d.is_empty()),
            standard_overrides: self.meta(STANDARD_OVERRIDES)?.unwrap_or_default(),
            filler: crate::model::ReportFiller {
                unit: self.meta(FILLER_UNIT)?.unwrap_or_default(),
                name: self.meta(FILLER_NAME)?.unwrap_or_default(),
                phone: self.meta(FILLER_PHONE)?.unwrap_or_default(),
            },
        })
    }

    /// The region (行政区划) the file covers, if recorded: the first `regions` row.
    pub fn load_region(&self) -> Result<Option<Region>, StoreError> {
        Ok(self.read_regions("LIMIT 1")?.pop())
    }

    /// Every region of the file, its own first: a provincial file holds its province and
    /// one row per merged county (with the county's `parent_code`).
    pub fn load_regions(&self) -> Result<Vec<Region>, StoreError> {
        self.read_regions("")
    }

    fn read_regions(&self, limit: &str) -> Result<Vec<Region>, StoreError> {
        self.collect(
            &format!(
                "SELECT id, uuid, name, level, code, parent_code FROM regions ORDER BY id {limit}"
            ),
            [],
            "regions",
            |c| {
                Ok(Region {
                    uuid: c.uuid(1, "uuid")?,
                    name: c.text(2)?,
                    level: c.coded(3, "level")?,
                    code: c.text(4)?,
                    parent_code: c.text(5)?,
                })
            },
        )
    }

    /// How many rows `table` has (one of the file's own tables).
    pub fn count_rows(&self, table: &str) -> Result<u64, StoreError> {
        let quoted = table.replace('"', "\"\"");
        self.conn
            .query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.sql_error(e))
    }

    /// Sites, buildings (with their site's row id) and floors (with their building's), each
    /// with its own row id: the tree the index and the streamed reads are built on.
    pub(super) fn load_hierarchy(&self) -> Result<Hierarchy, StoreError> {
        let sites = self.load_sites()?;
        let site_uuids: HashMap<i64, Uuid> = sites.iter().map(|(id, s)| (*id, s.uuid)).collect();
        let buildings = self.load_buildings(&site_uuids)?;
        let building_uuids: HashMap<i64, Uuid> =
            buildings.iter().map(|(id, _, b)| (*id, b.uuid)).collect();
        let floors = self.load_floors(&building_uuids)?;
        Ok((sites, buildings, floors))
    }

    pub(super) fn load_sites(&self) -> Result<Vec<(i64, Site)>, StoreError> {
        self.collect(
            "SELECT s.id, s.uuid, s.name, s.address, s.land_area_m2, s.lon, s.lat, s.note, g.uuid
             FROM sites s LEFT JOIN regions g ON g.id = s.region_id ORDER BY s.id",
            [],
            "sites",
            |c| {
                let lon: Option<f64> = c.row.get(5)?;
                let lat: Option<f64> = c.row.get(6)?;
                Ok((
                    c.id,
                    Site {
                        region: optional_uuid(c, 8, "region_id")?,
                        uuid: c.uuid(1, "uuid")?,
                        name: c.text(2)?,
                        address: c.text(3)?,
                        land_area_m2: c.row.get(4)?,
                        lon_lat: lon.zip(lat),
                        note: c.text(7)?,
                    },
                ))
            },
        )
    }

    /// Buildings with the row id of their site.
    pub(super) fn load_buildings(
        &self,
        site_uuids: &HashMap<i64, Uuid>,
    ) -> Result<Vec<(i64, i64, Building)>, StoreError> {
        self.collect(
            "SELECT fid, uuid, site_id, name, year_built, storeys, structure, gross_area_m2,
                usable_coefficient, title_status, certificate_no, rented, anchor_lon, anchor_lat,
                rotation_deg, geom, basement_storeys, office_gross_m2, technical_gross_m2, owner,
                lessor, lease_start, lease_end, returned_on, main_unit_uuid, main_unit_name
                FROM buildings ORDER BY fid",
            [],
            "buildings",
            |c| {
                let site_id: i64 = c.row.get(2)?;
                let site = *site_uuids
                    .get(&site_id)
                    .ok_or_else(|| c.bad("site_id", &site_id.to_string()))?;
                let lon: Option<f64> = c.row.get(12)?;
                let lat: Option<f64> = c.row.get(13)?;
                Ok((
                    c.id,
                    site_id,
                    Building {
                        uuid: c.uuid(1, "uuid")?,
                        site,
                        name: c.text(3)?,
                        year_built: c.row.get(4)?,
                        storeys: c.row.get(5)?,
                        basement_storeys: c.row.get(16)?,
                        structure: c.text(6)?,
                        gross_area_m2: c.row.get(7)?,
                        office_gross_m2: c.row.get(17)?,
                        technical_gross_m2: c.row.get(18)?,
                        usable_coefficient: c.row.get(8)?,
                        title_status: c.coded(9, "title_status")?,
                        certificate_no: c.text(10)?,
                        owner: c.text(19)?,
                        rented: c.row.get::<_, Option<bool>>(11)?.unwrap_or(false),
                        lessor: c.text(20)?,
                        lease_start: c.date(21, "lease_start")?,
                        lease_end: c.date(22, "lease_end")?,
                        returned_on: c.date(23, "returned_on")?,
                        main_user: c.unit_ref(24, 25, "main_unit_uuid")?,
                        anchor_lon_lat: lon.zip(lat),
                        rotation_deg: c.row.get::<_, Option<f64>>(14)?.unwrap_or(0.0),
                        footprint: c.optional_polygon(15)?,
                    },
                ))
            },
        )
    }

    /// Floors with the row id of their building.
    pub(super) fn load_floors(
        &self,
        building_uuids: &HashMap<i64, Uuid>,
    ) -> Result<Vec<(i64, i64, Floor)>, StoreError> {
        self.collect(
            "SELECT id, uuid, building_id, name, level, elevation_m, storey_height_m FROM floors ORDER BY building_id, level, id",
            [],
            "floors",
            |c| {
                let building_id: i64 = c.row.get(2)?;
                let building = *building_uuids
                    .get(&building_id)
                    .ok_or_else(|| c.bad("building_id", &building_id.to_string()))?;
                Ok((
                    c.id,
                    building_id,
                    Floor {
                        uuid: c.uuid(1, "uuid")?,
                        building,
                        name: c.text(3)?,
                        level: c.row.get(4)?,
                        elevation_m: c.row.get(5)?,
                        storey_height_m: c.row.get(6)?,
                    },
                ))
            },
        )
    }

    /// Loads the index: sites, buildings, floors and per-floor aggregates. The aggregates
    /// come from the totals the file keeps per floor; only floors written since officeplan
    /// last measured them (by another program: QGIS, GDAL, the sqlite3 shell) are measured
    /// again from their rooms' polygons, none of which is kept.
    pub fn load_index(&self) -> Result<ProjectIndex, StoreError> {
        let (sites, buildings, floors) = self.load_hierarchy()?;

        let mut index = ProjectIndex {
            region: self.load_region()?,
            settings: self.load_settings()?,
            sites: Vec::with_capacity(sites.len()),
            buildings: Vec::with_capacity(buildings.len()),
            floors: Vec::with_capacity(floors.len()),
            ..Default::default()
        };
        let mut site_pos = HashMap::new();
        for (id, site) in sites {
            site_pos.insert(id, index.sites.len());
            index.sites.push(SiteEntry {
                site,
                buildings: Vec::new(),
                totals: CategoryStatusTotals::default(),
            });
        }
        let mut building_pos = HashMap::new();
        for (id, site_id, building) in buildings {
            let site = site_pos.get(&site_id).copied().unwrap_or(0);
            building_pos.insert(id, index.buildings.len());
            if let Some(s) = index.sites.get_mut(site) {
                s.buildings.push(index.buildings.len());
            }
            index.buildings.push(BuildingEntry {
                building,
                site,
                floors: Vec::new(),
                totals: CategoryStatusTotals::default(),
            });
        }
        let mut floor_pos = HashMap::new();
        for (id, building_id, floor) in floors {
            let building = building_pos.get(&building_id).copied().unwrap_or(0);
            floor_pos.insert(id, index.floors.len());
            if let Some(b) = index.buildings.get_mut(building) {
                b.floors.push(index.floors.len());
            }
            index.floors.push(FloorEntry {
                floor,
                building,
                totals: CategoryStatusTotals::default(),
            });
        }

        self.floor_totals(&mut FloorSlots {
            pos: &floor_pos,
            floors: &mut index.floors,
        })?;
        for f in &index.floors {
            if let Some(b) = index.buildings.get_mut(f.building) {
                b.totals.merge(&f.totals);
            }
        }
        // A building returned to its lessor (退租) keeps its own figures but is no longer
        // ours: from its return date it leaves the compound's and the file's totals.
        let as_of = index
            .settings
            .as_of
            .clone()
            .unwrap_or_else(crate::model::today);
        for b in &index.buildings {
            if b.building.is_returned_on(&as_of) {
                continue;
            }
            if let Some(s) = index.sites.get_mut(b.site) {
                s.totals.merge(&b.totals);
            }
        }
        for s in &index.sites {
            index.totals.merge(&s.totals);
        }
        Ok(index)
    }

    /// Fills every floor's room totals: the stored totals of the floors no write has
    /// touched since officeplan last measured them, the other floors' measured now from their
    /// rooms (see `floor_totals`).
    fn floor_totals(&self, slots: &mut FloorSlots<'_>) -> Result<(), StoreError> {
        let stale = floor_totals::read(&self.conn, slots).map_err(|e| self.sql_error(e))?;
        let floors = slots.floors.len();
        let (rooms, only) = match &stale {
            None => (Rooms::All, None),
            Some(stale) if stale.is_empty() => return Ok(()),
            // Most floors stale: one pass in file order beats a lookup per floor.
            Some(stale) if stale.len() * 2 > floors => (Rooms::All, Some(stale)),
            Some(_) => (Rooms::OfStaleFloors, None),
        };
        let mut failed = None;
        floor_totals::scan_rooms(&self.conn, rooms, |room| match room {
            Ok(room) => {
                if only.is_none_or(|stale| stale.contains(&room.floor))
                    && let Some(totals) = slots.get(room.floor)
                {
                    floor_totals::add(totals, &room);
                }
            }
            Err(bad) => {
                if failed.is_none() && only.is_none_or(|stale| stale.contains(&bad.floor)) {
                    failed = Some(bad);
                }
            }
        })
        .map_err(|e| self.sql_error(e))?;
        match failed {
            Some(bad) => Err(bad_value(
                &self.path, "rooms", bad.fid, bad.column, &bad.value,
            )),
            None => Ok(()),
        }
    }

    /// Loads the rooms of one floor, with the units occupying each.
    pub fn load_floor_rooms(&self, floor: &Uuid) -> Result<Vec<Room>, StoreError> {
        let floor_text = floor.to_string();
        let occupancy = self.occupancy_map(
            "room_units",
            "SELECT ru.room_id, u.uuid FROM room_units ru JOIN units u ON u.id = ru.unit_id
             JOIN rooms r ON r.fid = ru.room_id JOIN floors f ON f.id = r.floor_id WHERE f.uuid = ?1",
            [&floor_text],
        )?;
        self.collect(
            "SELECT r.fid, r.uuid, r.number, r.name, r.category, r.sub_use, r.status, r.status_since,
                r.surveyed_area_m2, r.note, r.geom, f.uuid
             FROM rooms r JOIN floors f ON f.id = r.floor_id WHERE f.uuid = ?1 ORDER BY r.fid",
            [&floor_text],
            "rooms",
            |c| read_room(c, &occupancy),
        )
    }

    /// Loads one room by UUID, or `None` when the file has no such room.
    pub fn load_room(&self, room: &Uuid) -> Result<Option<Room>, StoreError> {
        let room_text = room.to_string();
        let occupancy = self.occupancy_map(
            "room_units",
            "SELECT ru.room_id, u.uuid FROM room_units ru JOIN units u ON u.id = ru.unit_id
             JOIN rooms r ON r.fid = ru.room_id WHERE r.uuid = ?1",
            [&room_text],
        )?;
        let mut rooms = self.collect(
            "SELECT r.fid, r.uuid, r.number, r.name, r.category, r.sub_use, r.status, r.status_since,
                r.surveyed_area_m2, r.note, r.geom, f.uuid
             FROM rooms r JOIN floors f ON f.id = r.floor_id WHERE r.uuid = ?1",
            [&room_text],
            "rooms",
            |c| read_room(c, &occupancy),
        )?;
        Ok(rooms.pop())
    }

    /// Row id → UUIDs of the related rows, from a query of (key row id, uuid).
    fn occupancy_map(
        &self,
        table: &'static str,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<HashMap<i64, Vec<Uuid>>, StoreError> {
        let pairs = self.collect(sql, params, table, |c| Ok((c.id, c.uuid(1, "uuid")?)))?;
        let mut map: HashMap<i64, Vec<Uuid>> = HashMap::new();
        for (key, uuid) in pairs {
            map.entry(key).or_default().push(uuid);
        }
        Ok(map)
    }

    /// Loads everything (for checks, reports and exports).
    pub fn load_project(&self) -> Result<Project, StoreError> {
        let index = self.load_index()?;
        let units = self.load_units()?;
        let persons = self.load_persons()?;
        let occupancy = self.occupancy_map(
            "room_units",
            "SELECT ru.room_id, u.uuid FROM room_units ru JOIN units u ON u.id = ru.unit_id",
            [],
        )?;
        let rooms = self.collect(
            "SELECT r.fid, r.uuid, r.number, r.name, r.category, r.sub_use, r.status, r.status_since,
                r.surveyed_area_m2, r.note, r.geom, f.uuid
             FROM rooms r JOIN floors f ON f.id = r.floor_id ORDER BY r.fid",
            [],
            "rooms",
            |c| read_room(c, &occupancy),
        )?;
        Ok(Project {
            region: index.region,
            settings: index.settings,
            sites: index.sites.into_iter().map(|s| s.site).collect(),
            buildings: index.buildings.into_iter().map(|b| b.building).collect(),
            floors: index.floors.into_iter().map(|f| f.floor).collect(),
            rooms,
            units,
            persons,
            construction_projects: self.load_construction_projects()?,
            approvals: self.load_approvals()?,
        })
    }

    /// Loads the units with their approved posts.
    pub fn load_units(&self) -> Result<Vec<Unit>, StoreError> {
        let mut posts: HashMap<i64, Vec<(Grade, u32)>> = HashMap::new();
        for (unit_id, grade, count) in self.collect(
            "SELECT id, unit_id, grade, count FROM unit_posts ORDER BY id",
            [],
            "unit_posts",
            |c| {
                let count: i64 = c.row.get(3)?;
                let count = u32::try_from(count).map_err(|_| c.bad("count", &count.to_string()))?;
                Ok((
                    c.row.get::<_, i64>(1)?,
                    c.coded::<Grade>(2, "grade")?,
                    count,
                ))
            },
        )? {
            posts.entry(unit_id).or_default().push((grade, count));
        }
        let rows = self.collect(
            "SELECT u.id, u.uuid, u.name, u.organ_category, u.kind, p.uuid, u.service_posts,
                u.headcount, u.note, u.rank_step, g.uuid
             FROM units u LEFT JOIN units p ON p.id = u.parent_id
             LEFT JOIN regions g ON g.id = u.region_id ORDER BY u.id",
            [],
            "units",
            |c| {
                let parent = match c.row.get::<_, Option<String>>(5)? {
                    None => None,
                    Some(_) => Some(c.uuid(5, "parent_id")?),
                };
                let count = |i: usize, column: &'static str| -> Result<u32, CellError> {
                    let n: i64 = c.row.get(i)?;
                    u32::try_from(n).map_err(|_| c.bad(column, &n.to_string()))
                };
                Ok(Unit {
                    region: optional_uuid(c, 10, "region_id")?,
                    uuid: c.uuid(1, "uuid")?,
                    name: c.text(2)?,
                    organ_category: c.coded(3, "organ_category")?,
                    kind: c.coded(4, "kind")?,
                    parent,
                    posts: posts
                        .remove(&c.id)
                        .unwrap_or_default()
                        .into_iter()
                        .collect(),
                    service_posts: count(6, "service_posts")?,
                    headcount: count(7, "headcount")?,
                    note: c.text(8)?,
                    rank_step: match c.row.get::<_, Option<String>>(9)? {
                        Some(_) => Some(c.coded(9, "rank_step")?),
                        None => None,
                    },
                })
            },
        )?;
        Ok(rows)
    }

    /// Loads the persons with their concurrent units and rooms.
    pub fn load_persons(&self) -> Result<Vec<Person>, StoreError> {
        let posts = self.collect(
            "SELECT pc.person_id, u.uuid, pc.start_date, pc.end_date FROM person_concurrent_units pc
             JOIN units u ON u.id = pc.unit_id ORDER BY pc.id",
            [],
            "person_concurrent_units",
            |c| {
                Ok((
                    c.id,
                    ConcurrentPost {
                        unit: c.uuid(1, "unit_id")?,
                        start: c.date(2, "start_date")?,
                        end: c.date(3, "end_date")?,
                    },
                ))
            },
        )?;
        let mut concurrent: HashMap<i64, Vec<ConcurrentPost>> = HashMap::new();
        for (person, post) in posts {
            concurrent.entry(person).or_default().push(post);
        }
        let rooms = self.occupancy_map(
            "room_persons",
            "SELECT rp.person_id, r.uuid FROM room_persons rp JOIN rooms r ON r.fid = rp.room_id ORDER BY rp.id",
            [],
        )?;
        self.collect(
            "SELECT p.id, p.uuid, p.name, p.grade, p.title, u.uuid, p.status, p.status_date,
                p.second_office_approval, p.second_office_approval_date, p.rank, p.rank_only,
                p.party_government_head
             FROM persons p JOIN units u ON u.id = p.unit_id ORDER BY p.id",
            [],
            "persons",
            |c| {
                let title = c.text(4)?;
                // A file from before the flag (NULL) takes the title's hint.
                let head: Option<bool> = c.row.get(12)?;
                Ok(Person {
                    party_government_head: head
                        .unwrap_or_else(|| crate::model::person::title_suggests_head(&title)),
                    uuid: c.uuid(1, "uuid")?,
                    name: c.text(2)?,
                    grade: c.coded(3, "grade")?,
                    title,
                    unit: c.uuid(5, "unit_id")?,
                    status: c.coded(6, "status")?,
                    status_date: c.date(7, "status_date")?,
                    concurrent: concurrent.remove(&c.id).unwrap_or_default(),
                    rooms: rooms.get(&c.id).cloned().unwrap_or_default(),
                    second_office_approval: c.text(8)?,
                    second_office_approval_date: c.date(9, "second_office_approval_date")?,
                    rank: c.row.get::<_, Option<String>>(10)?.unwrap_or_default(),
                    rank_only: c.row.get(11)?,
                })
            },
        )
    }
}

pub(super) fn read_room(
    c: &Cells<'_, '_>,
    occupancy: &HashMap<i64, Vec<Uuid>>,
) -> Result<Room, CellError> {
    Ok(Room {
        uuid: c.uuid(1, "uuid")?,
        floor: c.uuid(11, "floor_id")?,
        number: c.text(2)?,
        name: c.text(3)?,
        category: c.coded(4, "category")?,
        sub_use: c.text(5)?,
        status: c.coded(6, "status")?,
        status_since: c.date(7, "status_since")?,
        surveyed_area_m2: c.row.get(8)?,
        note: c.text(9)?,
        polygon: c.room_polygon(10)?,
        units: occupancy.get(&c.id).cloned().unwrap_or_default(),
    })
}

/// A UUID column that may be NULL (a compound's or unit's region).
fn optional_uuid(
    c: &Cells<'_, '_>,
    index: usize,
    column: &'static str,
) -> Result<Option<Uuid>, CellError> {
    match c.row.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => c.uuid(index, column).map(Some),
    }
}

/// What a room whose stored geometry is not one polygon loads as.
fn empty_polygon() -> geo::Polygon<f64> {
    geo::Polygon::new(geo::LineString::new(Vec::new()), Vec::new())
}
