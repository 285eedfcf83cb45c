//! 从 PostGIS 拉取: a published schema brought back into a project file.
//!
//! The file is written whole: a new file, or — with `force` — a replacement of an existing one
//! (renamed into place only when complete, so a failure leaves the old file as it was). It is
//! not merged into an open file: a merge by UUID with conflicts shown field by field is the
//! roll-up's job (`officeplan merge`), and a pull that silently overwrote local edits is what
//! the sync tools' users complain of. The server is read in one read-only, repeatable-read
//! transaction; the file records the pull with a change-log line.
//!
//! What comes back is what a publish sends: the regions (a provincial file's counties with
//! their parents, each compound and unit under its own county, so a pulled province
//! publishes back the same rows), compounds, buildings (with their footprints), floors, rooms (geometry in plan metres; the geographic copy and the computed
//! area are derived, not read), units with their posts, room occupancy, and persons when they
//! were published. Standards settings come from the last publish's record.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::{
    Building, ChangeAction, Coded, Floor, Person, Project, ProjectSettings, Region, Room, Site,
    Unit, UnitRef, Uuid,
};
use crate::store::CreateOptions;
use crate::workspace::{Edit, PostgisMark, Workspace};

use super::server::{PgError, PgTarget, check_schema_name, require_postgis};
use super::tables::quote_ident;

/// Where to pull from and what to do with an existing file.
#[derive(Clone, Debug)]
pub struct PullOptions {
    pub target: PgTarget,
    pub schema: String,
    /// Replace the file if it exists (else an existing file is refused).
    pub force: bool,
}

/// What a pull wrote.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PullOutcome {
    pub server: String,
    pub schema: String,
    pub path: PathBuf,
    /// Regions written: the file's own and, for a province, its counties.
    pub regions: usize,
    pub sites: usize,
    pub buildings: usize,
    pub floors: usize,
    pub rooms: usize,
    pub units: usize,
    pub persons: usize,
}

impl PullOutcome {
    /// One line saying what was pulled where, for the CLI and the dialog.
    pub fn summary(&self) -> String {
        crate::t!(
            "postgis.pulled",
            server = self.server,
            schema = self.schema,
            path = self.path.display(),
            sites = self.sites,
            buildings = self.buildings,
            floors = self.floors,
            rooms = self.rooms,
            units = self.units,
            persons = self.persons
        )
        .into_owned()
    }
}

/// Pulls the schema into a new project file at `path`; `progress(fraction)` returns `false`
/// to cancel (nothing is written then).
pub fn pull(
    path: &Path,
    options: &PullOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<PullOutcome, PgError> {
    check_schema_name(&options.schema)?;
    if path.exists() && !options.force {
        return Err(PgError::FileExists {
            path: path.to_path_buf(),
        });
    }
    let (project, regions) = pull_project(options, progress)?;
    if !progress(0.8) {
        return Err(PgError::Cancelled);
    }
    let server = options.target.describe();
    // Written beside the target and renamed over it when complete, the pull's line included.
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pulled.gpkg".to_owned());
    let temp = path.with_file_name(format!(".{file_name}.pulling"));
    let file_error = |e: std::io::Error| PgError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    if temp.exists() {
        std::fs::remove_file(&temp).map_err(file_error)?;
    }
    let written = (|| -> Result<(), PgError> {
        let mut workspace = Workspace::create_with_regions(
            &temp,
            &project,
            &regions,
            CreateOptions { overwrite: true },
        )?;
        workspace.apply(Edit::MarkPostgis(Box::new(PostgisMark {
            action: ChangeAction::PullPostgis,
            value: serde_json::to_string(&serde_json::json!({
                "server": server,
                "schema": options.schema,
                "rooms": project.rooms.len(),
                "at": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            }))
            .ok(),
            summary: crate::t!(
                "postgis.pull_summary",
                server = server,
                schema = options.schema,
                rooms = project.rooms.len()
            )
            .into_owned(),
        })))?;
        Ok(())
    })();
    if let Err(e) = written {
        std::fs::remove_file(&temp).ok();
        return Err(e);
    }
    std::fs::rename(&temp, path).map_err(file_error)?;
    progress(1.0);
    Ok(PullOutcome {
        server,
        schema: options.schema.clone(),
        path: path.to_path_buf(),
        regions: regions.len().max(usize::from(project.region.is_some())),
        sites: project.sites.len(),
        buildings: project.buildings.len(),
        floors: project.floors.len(),
        rooms: project.rooms.len(),
        units: project.units.len(),
        persons: project.persons.len(),
    })
}

/// Reads the published tables into a project and every published region (the project's
/// own among them; no file is touched).
pub fn pull_project(
    options: &PullOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<(Project, Vec<Region>), PgError> {
    let server = options.target.describe();
    let sql = PgError::server(&server);
    let mut client = options.target.connect()?;
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(&sql)?;
    require_postgis(&mut tx, &server)?;
    let schema = quote_ident(&options.schema);
    let published = tx
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL",
            &[&format!("{schema}.officeplan_publish")],
        )
        .map_err(&sql)?
        .get::<_, bool>(0);
    if !published {
        return Err(PgError::NoTables {
            server: server.clone(),
            schema: options.schema.clone(),
        });
    }
    let regions = Reader {
        server: &server,
        schema: &schema,
        regions: &[],
        own: "",
    }
    .regions(&mut tx)?;
    let own = own_region(&regions);
    let reader = Reader {
        server: &server,
        schema: &schema,
        regions: &regions,
        own: own.map_or("", |r| r.code.as_str()),
    };
    let mut project = Project {
        settings: reader.settings(&mut tx)?,
        region: own.cloned(),
        ..Project::default()
    };
    if !progress(0.1) {
        return Err(PgError::Cancelled);
    }
    project.sites = reader.sites(&mut tx)?;
    project.buildings = reader.buildings(&mut tx)?;
    project.floors = reader.floors(&mut tx)?;
    if !progress(0.2) {
        return Err(PgError::Cancelled);
    }
    project.rooms = reader.rooms(&mut tx)?;
    if !progress(0.6) {
        return Err(PgError::Cancelled);
    }
    project.units = reader.units(&mut tx)?;
    project.persons = reader.persons(&mut tx)?;
    tx.commit().map_err(&sql)?;
    Ok((project, regions))
}

/// The file's own region among the published ones: of those whose parent is not among them
/// (a province above its counties), the highest level; the first by code on a tie.
fn own_region(regions: &[Region]) -> Option<&Region> {
    let level = |r: &Region| {
        crate::model::RegionLevel::ALL
            .iter()
            .position(|l| *l == r.level)
    };
    regions
        .iter()
        .filter(|r| !regions.iter().any(|p| p.code == r.parent_code))
        .min_by_key(|r| level(r))
        .or_else(|| regions.iter().min_by_key(|r| level(r)))
}

struct Reader<'a> {
    server: &'a str,
    schema: &'a str,
    /// Every published region, to give compounds and units theirs.
    regions: &'a [Region],
    /// The file's own region code: rows under it keep `region: None`.
    own: &'a str,
}

/// A row's value, or an error naming the table and the row.
fn value<'r, T: postgres::types::FromSql<'r>>(
    server: &str,
    table: &str,
    row: &'r postgres::Row,
    index: usize,
) -> Result<T, PgError> {
    row.try_get(index).map_err(|e| PgError::BadRow {
        server: server.to_owned(),
        table: table.to_owned(),
        row: row
            .try_get::<_, String>(0)
            .unwrap_or_else(|_| "?".to_owned()),
        reason: e.to_string(),
    })
}

impl Reader<'_> {
    fn query(
        &self,
        tx: &mut postgres::Transaction<'_>,
        sql: &str,
    ) -> Result<Vec<postgres::Row>, PgError> {
        tx.query(sql, &[]).map_err(PgError::server(self.server))
    }

    fn bad(&self, table: &str, row: &str, reason: impl Into<String>) -> PgError {
        PgError::BadRow {
            server: self.server.to_owned(),
            table: table.to_owned(),
            row: row.to_owned(),
            reason: reason.into(),
        }
    }

    fn uuid(&self, table: &str, row: &str, text: &str) -> Result<Uuid, PgError> {
        Uuid::parse_str(text).map_err(|e| self.bad(table, row, format!("{text}: {e}")))
    }

    fn coded<T: Coded>(&self, table: &str, row: &str, text: &str) -> Result<T, PgError> {
        T::parse(text).ok_or_else(|| {
            self.bad(
                table,
                row,
                crate::t!("postgis.unknown_code", code = text).into_owned(),
            )
        })
    }

    fn polygon(
        &self,
        table: &str,
        row: &str,
        wkb: Option<Vec<u8>>,
    ) -> Result<Option<geo::Polygon<f64>>, PgError> {
        wkb.map(|w| {
            crate::store::blob::decode_wkb_polygon(&w)
                .map_err(|e| self.bad(table, row, e.to_string()))
        })
        .transpose()
    }

    fn settings(&self, tx: &mut postgres::Transaction<'_>) -> Result<ProjectSettings, PgError> {
        let rows = self.query(
            tx,
            &format!(
                "SELECT settings FROM {}.officeplan_publish ORDER BY id DESC LIMIT 1",
                self.schema
            ),
        )?;
        Ok(rows
            .first()
            .and_then(|r| r.try_get::<_, String>(0).ok())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Every published region with its parent, by code.
    fn regions(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Region>, PgError> {
        let t = "regions";
        let mut regions = Vec::new();
        for row in self.query(
            tx,
            &format!(
                "SELECT uuid::text, name, level, code, coalesce(parent_code, '') FROM {}.regions ORDER BY code",
                self.schema
            ),
        )? {
            let id: String = value(self.server, t, &row, 0)?;
            let level: String = value(self.server, t, &row, 2)?;
            regions.push(Region {
                uuid: self.uuid(t, &id, &id)?,
                name: value(self.server, t, &row, 1)?,
                level: self.coded(t, &id, &level)?,
                code: value(self.server, t, &row, 3)?,
                parent_code: value(self.server, t, &row, 4)?,
            });
        }
        Ok(regions)
    }

    /// The region a compound or unit published under `code` belongs to: `None` for the
    /// file's own (and for a code no published region has), else that region's UUID.
    fn region_of(&self, code: Option<&str>) -> Option<Uuid> {
        let code = code.filter(|c| !c.is_empty() && *c != self.own)?;
        self.regions.iter().find(|r| r.code == code).map(|r| r.uuid)
    }

    fn sites(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Site>, PgError> {
        let t = "sites";
        let s = self.server;
        self.query(
            tx,
            &format!(
                "SELECT uuid::text, name, address, land_area_m2, lon, lat, note, region_code FROM {}.sites ORDER BY name, uuid",
                self.schema
            ),
        )?
        .iter()
        .map(|row| {
            let id: String = value(s, t, row, 0)?;
            let lon: Option<f64> = value(s, t, row, 4)?;
            let lat: Option<f64> = value(s, t, row, 5)?;
            Ok(Site {
                uuid: self.uuid(t, &id, &id)?,
                name: value(s, t, row, 1)?,
                address: value(s, t, row, 2)?,
                land_area_m2: value(s, t, row, 3)?,
                lon_lat: lon.zip(lat),
                note: value(s, t, row, 6)?,
                region: self.region_of(value::<Option<String>>(s, t, row, 7)?.as_deref()),
            })
        })
        .collect()
    }

    fn buildings(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Building>, PgError> {
        let t = "buildings";
        let s = self.server;
        self.query(
            tx,
            &format!(
                "SELECT uuid::text, site_uuid::text, name, year_built, storeys, basement_storeys, structure,
                    gross_area_m2, office_gross_m2, technical_gross_m2, usable_coefficient,
                    title_status, certificate_no, owner, rented, lessor, lease_start, lease_end,
                    returned_on, main_unit_uuid::text, main_unit_name, anchor_lon, anchor_lat,
                    rotation_deg, ST_AsBinary(geom)
                 FROM {}.buildings ORDER BY name, uuid",
                self.schema
            ),
        )?
        .iter()
        .map(|row| {
            let id: String = value(s, t, row, 0)?;
            let site: String = value(s, t, row, 1)?;
            let mut b = Building::new(
                self.uuid(t, &id, &id)?,
                self.uuid(t, &id, &site)?,
                value(s, t, row, 2)?,
            );
            b.year_built = value(s, t, row, 3)?;
            b.storeys = value(s, t, row, 4)?;
            b.basement_storeys = value(s, t, row, 5)?;
            b.structure = value(s, t, row, 6)?;
            b.gross_area_m2 = value(s, t, row, 7)?;
            b.office_gross_m2 = value(s, t, row, 8)?;
            b.technical_gross_m2 = value(s, t, row, 9)?;
            b.usable_coefficient = value(s, t, row, 10)?;
            let title: String = value(s, t, row, 11)?;
            b.title_status = self.coded(t, &id, &title)?;
            b.certificate_no = value(s, t, row, 12)?;
            b.owner = value(s, t, row, 13)?;
            b.rented = value(s, t, row, 14)?;
            b.lessor = value(s, t, row, 15)?;
            b.lease_start = value(s, t, row, 16)?;
            b.lease_end = value(s, t, row, 17)?;
            b.returned_on = value(s, t, row, 18)?;
            let main_unit: Option<String> = value(s, t, row, 19)?;
            b.main_user = UnitRef {
                unit: main_unit.map(|u| self.uuid(t, &id, &u)).transpose()?,
                name: value(s, t, row, 20)?,
            };
            let lon: Option<f64> = value(s, t, row, 21)?;
            let lat: Option<f64> = value(s, t, row, 22)?;
            b.anchor_lon_lat = lon.zip(lat);
            b.rotation_deg = value(s, t, row, 23)?;
            b.footprint = self.polygon(t, &id, value(s, t, row, 24)?)?;
            Ok(b)
        })
        .collect()
    }

    fn floors(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Floor>, PgError> {
        let t = "floors";
        let s = self.server;
        self.query(
            tx,
            &format!(
                "SELECT uuid::text, building_uuid::text, name, level, elevation_m, storey_height_m
                 FROM {}.floors ORDER BY building_uuid, level, uuid",
                self.schema
            ),
        )?
        .iter()
        .map(|row| {
            let id: String = value(s, t, row, 0)?;
            let building: String = value(s, t, row, 1)?;
            Ok(Floor {
                uuid: self.uuid(t, &id, &id)?,
                building: self.uuid(t, &id, &building)?,
                name: value(s, t, row, 2)?,
                level: value(s, t, row, 3)?,
                elevation_m: value(s, t, row, 4)?,
                storey_height_m: value(s, t, row, 5)?,
            })
        })
        .collect()
    }

    fn rooms(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Room>, PgError> {
        let s = self.server;
        let mut units_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let t = "room_units";
        for row in self.query(
            tx,
            &format!(
                "SELECT uuid::text, room_uuid::text, unit_uuid::text FROM {}.room_units ORDER BY uuid",
                self.schema
            ),
        )? {
            let id: String = value(s, t, &row, 0)?;
            let room: String = value(s, t, &row, 1)?;
            let unit: String = value(s, t, &row, 2)?;
            units_of
                .entry(self.uuid(t, &id, &room)?)
                .or_default()
                .push(self.uuid(t, &id, &unit)?);
        }
        let t = "rooms";
        self.query(
            tx,
            &format!(
                "SELECT uuid::text, floor_uuid::text, number, name, category, sub_use, status, status_since,
                    surveyed_area_m2, note, ST_AsBinary(geom)
                 FROM {}.rooms ORDER BY floor_uuid, number, uuid",
                self.schema
            ),
        )?
        .iter()
        .map(|row| {
            let id: String = value(s, t, row, 0)?;
            let uuid = self.uuid(t, &id, &id)?;
            let floor: String = value(s, t, row, 1)?;
            let category: String = value(s, t, row, 4)?;
            let status: String = value(s, t, row, 6)?;
            let polygon = self
                .polygon(t, &id, value(s, t, row, 10)?)?
                .ok_or_else(|| self.bad(t, &id, crate::t!("postgis.no_geometry").into_owned()))?;
            Ok(Room {
                uuid,
                floor: self.uuid(t, &id, &floor)?,
                number: value(s, t, row, 2)?,
                name: value(s, t, row, 3)?,
                category: self.coded(t, &id, &category)?,
                sub_use: value(s, t, row, 5)?,
                status: self.coded(t, &id, &status)?,
                status_since: value(s, t, row, 7)?,
                polygon,
                surveyed_area_m2: value(s, t, row, 8)?,
                units: units_of.remove(&uuid).unwrap_or_default(),
                note: value(s, t, row, 9)?,
            })
        })
        .collect()
    }

    fn units(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Unit>, PgError> {
        let s = self.server;
        let t = "unit_counts";
        let mut posts: HashMap<Uuid, Vec<(crate::model::Grade, u32)>> = HashMap::new();
        for row in self.query(
            tx,
            &format!(
                "SELECT uuid::text, unit_uuid::text, grade, posts FROM {}.unit_counts WHERE posts > 0",
                self.schema
            ),
        )? {
            let id: String = value(s, t, &row, 0)?;
            let unit: String = value(s, t, &row, 1)?;
            let grade: String = value(s, t, &row, 2)?;
            let count: i32 = value(s, t, &row, 3)?;
            posts.entry(self.uuid(t, &id, &unit)?).or_default().push((
                self.coded(t, &id, &grade)?,
                u32::try_from(count).unwrap_or(0),
            ));
        }
        let t = "units";
        self.query(
            tx,
            &format!(
                "SELECT uuid::text, name, organ_category, kind, parent_uuid::text, rank_step, service_posts,
                    headcount, note, region_code FROM {}.units ORDER BY name, uuid",
                self.schema
            ),
        )?
        .iter()
        .map(|row| {
            let id: String = value(s, t, row, 0)?;
            let uuid = self.uuid(t, &id, &id)?;
            let organ: String = value(s, t, row, 2)?;
            let kind: String = value(s, t, row, 3)?;
            let parent: Option<String> = value(s, t, row, 4)?;
            let step: Option<String> = value(s, t, row, 5)?;
            let service: i32 = value(s, t, row, 6)?;
            let headcount: i32 = value(s, t, row, 7)?;
            Ok(Unit {
                uuid,
                name: value(s, t, row, 1)?,
                organ_category: self.coded(t, &id, &organ)?,
                kind: self.coded(t, &id, &kind)?,
                parent: parent.map(|p| self.uuid(t, &id, &p)).transpose()?,
                posts: posts
                    .remove(&uuid)
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
                service_posts: u32::try_from(service).unwrap_or(0),
                headcount: u32::try_from(headcount).unwrap_or(0),
                region: self.region_of(value::<Option<String>>(s, t, row, 9)?.as_deref()),
                note: value(s, t, row, 8)?,
                rank_step: step.map(|c| self.coded(t, &id, &c)).transpose()?,
            })
        })
        .collect()
    }

    fn persons(&self, tx: &mut postgres::Transaction<'_>) -> Result<Vec<Person>, PgError> {
        let s = self.server;
        let t = "persons";
        self.query(
            tx,
            &format!(
                "SELECT uuid::text, unit_uuid::text, name, grade, rank, rank_only, title, status, status_date,
                    party_government_head, second_office_approval, second_office_approval_date,
                    room_uuids FROM {}.persons ORDER BY unit_uuid, name, uuid",
                self.schema
            ),
        )?
        .iter()
        .map(|row| {
            let id: String = value(s, t, row, 0)?;
            let unit: String = value(s, t, row, 1)?;
            let grade: String = value(s, t, row, 3)?;
            let status: String = value(s, t, row, 7)?;
            let rooms: String = value(s, t, row, 12)?;
            Ok(Person {
                uuid: self.uuid(t, &id, &id)?,
                unit: self.uuid(t, &id, &unit)?,
                name: value(s, t, row, 2)?,
                grade: self.coded(t, &id, &grade)?,
                rank: value(s, t, row, 4)?,
                rank_only: value(s, t, row, 5)?,
                title: value(s, t, row, 6)?,
                status: self.coded(t, &id, &status)?,
                status_date: value(s, t, row, 8)?,
                party_government_head: value(s, t, row, 9)?,
                second_office_approval: value(s, t, row, 10)?,
                second_office_approval_date: value(s, t, row, 11)?,
                concurrent: Vec::new(),
                rooms: rooms
                    .split(',')
                    .filter(|r| !r.is_empty())
                    .map(|r| self.uuid(t, &id, r))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect()
    }
}
