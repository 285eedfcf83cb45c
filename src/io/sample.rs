//! Builds a project from the sample's human-readable sources (`sample_plans/`).
//!
//! The sources are CSV and TOML tables plus one GeoJSON per floor; their columns are listed
//! in `sample_plans/README.md`. UUIDs are derived from names (UUID v5), so building the
//! same sources twice gives identical files. The sources are also embedded in the binary,
//! so the app can build its sample anywhere.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::InputError;
use super::dxf::{DxfOptions, LabelSource};
use super::excel::split_list;
use crate::model::{
    Building, Coded, Floor, Grade, OrganCategory, Person, PersonStatus, Project, ProjectSettings,
    Region, RegionLevel, Room, Site, TitleStatus, Unit, UnitKind, Uuid, parse_date,
};

/// The sample sources compiled into the binary.
static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/sample_plans");

/// Namespace of the sample's name-derived UUIDs.
const NAMESPACE: Uuid = Uuid::from_u128(0x6f66_6669_6365_706c_616e_2d73_616d_706c);

/// Where the sources are read from.
pub enum SampleSource {
    /// The copy compiled into the binary.
    Embedded,
    /// A folder on disk laid out like `sample_plans/`.
    Folder(PathBuf),
}

impl SampleSource {
    fn read(&self, relative: &str) -> Result<String, InputError> {
        String::from_utf8(self.read_bytes(relative)?).map_err(|e| {
            InputError::single(
                self.display_path(relative),
                crate::t!("input.document"),
                e.to_string(),
            )
        })
    }

    fn read_bytes(&self, relative: &str) -> Result<Vec<u8>, InputError> {
        match self {
            Self::Embedded => EMBEDDED
                .get_file(relative)
                .map(|f| f.contents().to_vec())
                .ok_or_else(|| {
                    InputError::single(
                        relative,
                        crate::t!("input.document"),
                        crate::t!("sample.missing_file"),
                    )
                }),
            Self::Folder(dir) => {
                let path = dir.join(relative);
                std::fs::read(&path).map_err(|e| {
                    InputError::single(&path, crate::t!("input.document"), e.to_string())
                })
            }
        }
    }

    /// Whether the sources have this file.
    fn has(&self, relative: &str) -> bool {
        match self {
            Self::Embedded => EMBEDDED.get_file(relative).is_some(),
            Self::Folder(dir) => dir.join(relative).is_file(),
        }
    }

    fn display_path(&self, relative: &str) -> PathBuf {
        match self {
            Self::Embedded => Path::new("sample_plans").join(relative),
            Self::Folder(dir) => dir.join(relative),
        }
    }
}

fn id(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{key}").as_bytes())
}

/// One CSV row: its number as a spreadsheet shows it, and column → value.
type CsvRow = (usize, HashMap<String, String>);

/// Reads a CSV file into rows.
fn read_csv(source: &SampleSource, relative: &str) -> Result<Vec<CsvRow>, InputError> {
    let path = source.display_path(relative);
    let text = source.read(relative)?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| InputError::single(&path, crate::t!("input.row", row = 1), e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row_number = i + 2;
        let record = record.map_err(|e| {
            InputError::single(
                &path,
                crate::t!("input.row", row = row_number),
                e.to_string(),
            )
        })?;
        let map = headers
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        rows.push((row_number, map));
    }
    Ok(rows)
}

/// Collects problems of one file, each with its row, and fails with all of them at the end.
struct RowChecker {
    path: PathBuf,
    problems: Vec<super::InputProblem>,
}

impl RowChecker {
    fn new(path: PathBuf) -> Self {
        Self {
            path,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, row: usize, message: String) {
        self.problems.push(super::InputProblem {
            place: crate::t!("input.row", row = row).into_owned(),
            message,
        });
    }

    fn field<'a>(&self, row: &'a HashMap<String, String>, key: &str) -> &'a str {
        row.get(key).map(String::as_str).unwrap_or("")
    }

    fn required(&mut self, n: usize, row: &HashMap<String, String>, key: &str) -> String {
        let value = self.field(row, key).to_owned();
        if value.is_empty() {
            self.problem(
                n,
                crate::t!("input.missing_field", field = key).into_owned(),
            );
        }
        value
    }

    fn coded<T: Coded>(&mut self, n: usize, row: &HashMap<String, String>, key: &str) -> Option<T> {
        let text = self.field(row, key);
        let value = T::parse(text);
        if value.is_none() {
            self.problem(
                n,
                crate::t!("input.bad_value", field = key, value = text).into_owned(),
            );
        }
        value
    }

    fn number<T: std::str::FromStr>(
        &mut self,
        n: usize,
        row: &HashMap<String, String>,
        key: &str,
    ) -> Option<T> {
        let text = self.field(row, key);
        if text.is_empty() {
            return None;
        }
        let value = text.parse::<T>().ok();
        if value.is_none() {
            self.problem(
                n,
                crate::t!("input.bad_value", field = key, value = text).into_owned(),
            );
        }
        value
    }

    fn date(&mut self, n: usize, row: &HashMap<String, String>, key: &str) -> Option<String> {
        let text = self.field(row, key);
        if text.is_empty() {
            return None;
        }
        let value = parse_date(text);
        if value.is_none() {
            self.problem(
                n,
                crate::t!("input.bad_value", field = key, value = text).into_owned(),
            );
        }
        value
    }

    fn finish(self) -> Result<(), InputError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(InputError {
                path: self.path,
                problems: self.problems,
            })
        }
    }
}

#[derive(serde::Deserialize)]
struct RegionFile {
    region: RegionSection,
    #[serde(default)]
    project: ProjectSection,
}

#[derive(serde::Deserialize)]
struct RegionSection {
    name: String,
    level: String,
    code: String,
}

#[derive(serde::Deserialize, Default)]
struct ProjectSection {
    standard: Option<String>,
    province: Option<String>,
    as_of: Option<String>,
}

/// Builds the whole sample project from its sources.
pub fn build_project(source: &SampleSource) -> Result<Project, InputError> {
    let mut project = Project::default();
    read_region(source, &mut project)?;
    read_sites(source, &mut project)?;
    read_buildings(source, &mut project)?;
    read_footprints(source, &mut project)?;
    let plans = read_floors(source, &mut project)?;
    read_units(source, &mut project)?;
    read_posts(source, &mut project)?;
    let drawings = read_drawing_list(source)?;
    let unit_ids: HashMap<String, Uuid> = project
        .units
        .iter()
        .map(|u| (u.name.clone(), u.uuid))
        .collect();
    for (floor, building_name, plan) in plans {
        let path = source.display_path(&plan);
        let text = source.read(&plan)?;
        let resolve = |name: &str| unit_ids.get(name).copied();
        let mut rooms = super::geojson::read_rooms(&path, &text, floor.uuid, &resolve)?;
        if let Some(drawing) = drawings
            .iter()
            .find(|d| d.building == building_name && d.floor == floor.name)
        {
            outlines_from_drawing(source, drawing, &mut rooms)?;
        }
        project.rooms.extend(rooms.into_iter().map(|mut room| {
            room.uuid = id(
                "room",
                &format!("{building_name}/{}/{}", floor.name, room.number),
            );
            room
        }));
    }
    read_persons(source, &mut project)?;
    Ok(project)
}

/// A floor drawn as DXF (`drawings.csv`) and the layers to read it with.
struct DrawingRow {
    building: String,
    floor: String,
    drawing: String,
    options: DxfOptions,
}

fn read_drawing_list(source: &SampleSource) -> Result<Vec<DrawingRow>, InputError> {
    if !source.has("drawings.csv") {
        return Ok(Vec::new());
    }
    let mut check = RowChecker::new(source.display_path("drawings.csv"));
    let mut rows = Vec::new();
    for (n, row) in read_csv(source, "drawings.csv")? {
        let list = |key: &str| -> Vec<String> {
            check
                .field(&row, key)
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let (room_layers, hole_layers, label_layers) =
            (list("room_layer"), list("hole_layer"), list("label_layer"));
        let block = check.field(&row, "label_block").to_owned();
        let labels = if block.is_empty() {
            LabelSource::Text {
                layers: label_layers,
            }
        } else {
            LabelSource::Block {
                name: block,
                number_tag: check.field(&row, "label_attr").to_owned(),
                name_tag: check.field(&row, "name_attr").to_owned(),
            }
        };
        rows.push(DrawingRow {
            building: check.required(n, &row, "building"),
            floor: check.required(n, &row, "floor"),
            drawing: check.required(n, &row, "drawing"),
            options: DxfOptions {
                room_layers,
                hole_layers,
                labels,
                ..DxfOptions::default()
            },
        });
    }
    check.finish()?;
    Ok(rows)
}

/// Takes the floor's room outlines from its DXF drawing: every GeoJSON room must be in the
/// drawing under its number with the same shape (and no other room may be there), else the
/// sample is refused; the attributes stay those of the GeoJSON.
fn outlines_from_drawing(
    source: &SampleSource,
    row: &DrawingRow,
    rooms: &mut [Room],
) -> Result<(), InputError> {
    let path = source.display_path(&row.drawing);
    let bytes = source.read_bytes(&row.drawing)?;
    let import = super::dxf::read_dxf(&path, &bytes, &row.options, Uuid::nil())?;
    let mut problems = Vec::new();
    let mut drawn: HashMap<&str, &Room> = import
        .rooms
        .iter()
        .map(|r| (r.number.as_str(), r))
        .collect();
    for room in rooms.iter_mut() {
        match drawn.remove(room.number.as_str()) {
            Some(d) if super::dxf::diff::same_shape(&d.polygon, &room.polygon) => {
                room.polygon = d.polygon.clone();
            }
            found => problems.push(super::InputProblem {
                place: crate::t!("sample.drawing_room", number = room.number.clone()).into_owned(),
                message: if found.is_some() {
                    crate::t!("sample.drawing_shape").into_owned()
                } else {
                    crate::t!("sample.drawing_missing").into_owned()
                },
            }),
        }
    }
    for number in drawn.keys() {
        problems.push(super::InputProblem {
            place: crate::t!("sample.drawing_room", number = *number).into_owned(),
            message: crate::t!("sample.drawing_extra").into_owned(),
        });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InputError { path, problems })
    }
}

fn read_region(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let path = source.display_path("region.toml");
    let text = source.read("region.toml")?;
    let file: RegionFile = toml::from_str(&text)
        .map_err(|e| InputError::single(&path, crate::t!("input.document"), e.to_string()))?;
    let level = RegionLevel::parse(&file.region.level).ok_or_else(|| {
        InputError::single(
            &path,
            "region.level",
            crate::t!(
                "input.bad_value",
                field = "level",
                value = file.region.level
            ),
        )
    })?;
    if !Region::is_valid_code(&file.region.code) {
        return Err(InputError::single(
            &path,
            "region.code",
            crate::t!("input.bad_value", field = "code", value = file.region.code),
        ));
    }
    let as_of = match file.project.as_of {
        None => None,
        Some(d) => Some(parse_date(&d).ok_or_else(|| {
            InputError::single(
                &path,
                "project.as_of",
                crate::t!("input.bad_value", field = "as_of", value = d),
            )
        })?),
    };
    project.region = Some(Region {
        parent_code: String::new(),
        uuid: id("region", &file.region.code),
        name: file.region.name,
        level,
        code: file.region.code,
    });
    let defaults = ProjectSettings::default();
    project.settings = ProjectSettings {
        standard: file.project.standard.unwrap_or(defaults.standard),
        province: file.project.province.unwrap_or_default(),
        as_of,
        standard_overrides: String::new(),
        filler: Default::default(),
    };
    Ok(())
}

fn read_sites(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let mut check = RowChecker::new(source.display_path("sites.csv"));
    for (n, row) in read_csv(source, "sites.csv")? {
        let name = check.required(n, &row, "name");
        let lon: Option<f64> = check.number(n, &row, "lon");
        let lat: Option<f64> = check.number(n, &row, "lat");
        project.sites.push(Site {
            region: None,
            uuid: id("site", &name),
            address: check.field(&row, "address").to_owned(),
            land_area_m2: check.number(n, &row, "land_area_m2"),
            lon_lat: lon.zip(lat),
            note: check.field(&row, "note").to_owned(),
            name,
        });
    }
    check.finish()
}

fn read_buildings(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let mut check = RowChecker::new(source.display_path("buildings.csv"));
    for (n, row) in read_csv(source, "buildings.csv")? {
        let site_name = check.required(n, &row, "site");
        if !project.sites.iter().any(|s| s.name == site_name) {
            check.problem(
                n,
                crate::t!("input.unknown_ref", field = "site", value = site_name).into_owned(),
            );
        }
        let name = check.required(n, &row, "name");
        let rented = matches!(check.field(&row, "rented"), "是" | "true" | "1" | "yes");
        let lon: Option<f64> = check.number(n, &row, "anchor_lon");
        let lat: Option<f64> = check.number(n, &row, "anchor_lat");
        let title_status = check
            .coded(n, &row, "title_status")
            .unwrap_or(TitleStatus::Unregistered);
        project.buildings.push(Building {
            uuid: id("building", &name),
            site: id("site", &site_name),
            year_built: check.number(n, &row, "year_built"),
            storeys: check.number(n, &row, "storeys"),
            structure: check.field(&row, "structure").to_owned(),
            gross_area_m2: check.number(n, &row, "gross_area_m2"),
            usable_coefficient: check.number(n, &row, "usable_coefficient"),
            title_status,
            certificate_no: check.field(&row, "certificate_no").to_owned(),
            rented,
            anchor_lon_lat: lon.zip(lat),
            rotation_deg: check.number(n, &row, "rotation_deg").unwrap_or(0.0),
            basement_storeys: None,
            office_gross_m2: None,
            technical_gross_m2: None,
            owner: String::new(),
            lessor: String::new(),
            lease_start: None,
            lease_end: None,
            returned_on: None,
            main_user: Default::default(),
            footprint: None,
            name,
        });
    }
    check.finish()
}

fn read_footprints(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let path = source.display_path("buildings.geojson");
    let text = source.read("buildings.geojson")?;
    // Footprints are read as rooms numbered by building name: same geometry rules apply.
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        InputError::single(
            &path,
            crate::t!("input.line_column", line = e.line(), column = e.column()),
            e.to_string(),
        )
    })?;
    let mut renumbered = value.clone();
    if let Some(features) = renumbered
        .get_mut("features")
        .and_then(|f| f.as_array_mut())
    {
        for feature in features {
            let building = feature["properties"]["building"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            feature["properties"] = serde_json::json!({ "number": building });
        }
    }
    let shapes =
        super::geojson::read_rooms(&path, &renumbered.to_string(), Uuid::nil(), &|_| None)?;
    for shape in shapes {
        match project
            .buildings
            .iter_mut()
            .find(|b| b.name == shape.number)
        {
            Some(b) => b.footprint = Some(shape.polygon),
            None => {
                return Err(InputError::single(
                    &path,
                    crate::t!("input.feature_room", n = 0, number = shape.number.clone()),
                    crate::t!(
                        "input.unknown_ref",
                        field = "building",
                        value = shape.number
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Reads floors; returns (floor, building name, plan path) for the room files.
fn read_floors(
    source: &SampleSource,
    project: &mut Project,
) -> Result<Vec<(Floor, String, String)>, InputError> {
    let mut check = RowChecker::new(source.display_path("floors.csv"));
    let mut plans = Vec::new();
    for (n, row) in read_csv(source, "floors.csv")? {
        let building = check.required(n, &row, "building");
        if !project.buildings.iter().any(|b| b.name == building) {
            check.problem(
                n,
                crate::t!("input.unknown_ref", field = "building", value = building).into_owned(),
            );
        }
        let name = check.required(n, &row, "floor");
        let floor = Floor {
            uuid: id("floor", &format!("{building}/{name}")),
            building: id("building", &building),
            level: check.number(n, &row, "level").unwrap_or(1),
            elevation_m: check.number(n, &row, "elevation_m"),
            storey_height_m: check.number(n, &row, "storey_height_m"),
            name,
        };
        let plan = check.required(n, &row, "plan");
        project.floors.push(floor.clone());
        plans.push((floor, building, plan));
    }
    check.finish()?;
    Ok(plans)
}

fn read_units(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let mut check = RowChecker::new(source.display_path("units.csv"));
    let rows = read_csv(source, "units.csv")?;
    let names: Vec<String> = rows
        .iter()
        .map(|(_, r)| check.field(r, "name").to_owned())
        .collect();
    for (n, row) in rows {
        let name = check.required(n, &row, "name");
        let parent_name = check.field(&row, "parent").to_owned();
        let parent = if parent_name.is_empty() {
            None
        } else if names.contains(&parent_name) {
            Some(id("unit", &parent_name))
        } else {
            check.problem(
                n,
                crate::t!("input.unknown_ref", field = "parent", value = parent_name).into_owned(),
            );
            None
        };
        let organ_category = check
            .coded(n, &row, "organ_category")
            .unwrap_or(OrganCategory::County);
        let kind = check.coded(n, &row, "kind").unwrap_or(UnitKind::Organ);
        project.units.push(Unit {
            region: None,
            uuid: id("unit", &name),
            organ_category,
            kind,
            parent,
            posts: BTreeMap::new(),
            service_posts: check.number(n, &row, "service_posts").unwrap_or(0),
            headcount: check.number(n, &row, "headcount").unwrap_or(0),
            note: check.field(&row, "note").to_owned(),
            name,
            rank_step: None,
        });
    }
    check.finish()
}

fn read_posts(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let mut check = RowChecker::new(source.display_path("posts.csv"));
    for (n, row) in read_csv(source, "posts.csv")? {
        let unit = check.required(n, &row, "unit");
        let grade: Option<Grade> = check.coded(n, &row, "grade");
        let count: Option<u32> = check.number(n, &row, "count");
        match (
            project.units.iter_mut().find(|u| u.name == unit),
            grade,
            count,
        ) {
            (Some(u), Some(grade), Some(count)) => {
                *u.posts.entry(grade).or_insert(0) += count;
            }
            (None, _, _) => check.problem(
                n,
                crate::t!("input.unknown_ref", field = "unit", value = unit).into_owned(),
            ),
            _ => {}
        }
    }
    check.finish()
}

fn read_persons(source: &SampleSource, project: &mut Project) -> Result<(), InputError> {
    let mut check = RowChecker::new(source.display_path("persons.csv"));
    let room_ids: HashMap<String, Uuid> = {
        let floor_names: HashMap<Uuid, (&str, Uuid)> = project
            .floors
            .iter()
            .map(|f| (f.uuid, (f.name.as_str(), f.building)))
            .collect();
        let building_names: HashMap<Uuid, &str> = project
            .buildings
            .iter()
            .map(|b| (b.uuid, b.name.as_str()))
            .collect();
        project
            .rooms
            .iter()
            .filter_map(|r: &Room| {
                let (floor, building) = floor_names.get(&r.floor)?;
                let building = building_names.get(building)?;
                Some((format!("{building}/{floor}/{}", r.number), r.uuid))
            })
            .collect()
    };
    let unit_ids: HashMap<&str, Uuid> = project
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.uuid))
        .collect();
    let mut persons = Vec::new();
    for (n, row) in read_csv(source, "persons.csv")? {
        let name = check.required(n, &row, "name");
        let grade: Option<Grade> = check.coded(n, &row, "grade");
        let status: Option<PersonStatus> = check.coded(n, &row, "status");
        let unit_name = check.required(n, &row, "unit");
        let unit = unit_ids.get(unit_name.as_str()).copied();
        if unit.is_none() {
            check.problem(
                n,
                crate::t!("input.unknown_ref", field = "unit", value = unit_name).into_owned(),
            );
        }
        let mut concurrent = Vec::new();
        for other in split_list(check.field(&row, "concurrent_units")) {
            match unit_ids.get(other) {
                Some(u) => concurrent.push(crate::model::ConcurrentPost::in_unit(*u)),
                None => check.problem(
                    n,
                    crate::t!(
                        "input.unknown_ref",
                        field = "concurrent_units",
                        value = other
                    )
                    .into_owned(),
                ),
            }
        }
        let mut rooms = Vec::new();
        for reference in split_list(check.field(&row, "offices")) {
            match room_ids.get(reference) {
                Some(r) => rooms.push(*r),
                None => check.problem(
                    n,
                    crate::t!("input.unknown_ref", field = "offices", value = reference)
                        .into_owned(),
                ),
            }
        }
        let status_date = check.date(n, &row, "status_date");
        if let (Some(grade), Some(status), Some(unit)) = (grade, status, unit) {
            let title = check.field(&row, "title").to_owned();
            persons.push(Person {
                uuid: id("person", &name),
                grade,
                // The sample's heads are flagged by the hint (中共示范县委书记, 县长).
                party_government_head: crate::model::person::title_suggests_head(&title),
                title,
                unit,
                status,
                status_date,
                concurrent,
                rooms,
                second_office_approval: check.field(&row, "second_office_approval").to_owned(),
                second_office_approval_date: None,
                name,
                rank: String::new(),
                rank_only: false,
            });
        }
    }
    check.finish()?;
    project.persons = persons;
    Ok(())
}

/// A short fingerprint of the embedded sources: a new sample gets a new file name, so the
/// app never overwrites a copy the user has edited.
pub fn fingerprint() -> String {
    // FNV-1a over every embedded file's path and contents.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut stack = vec![&EMBEDDED];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        files.extend(dir.files());
        stack.extend(dir.dirs());
    }
    files.sort_by_key(|f| f.path());
    for file in files {
        feed(file.path().to_string_lossy().as_bytes());
        feed(file.contents());
    }
    format!("{:08x}", hash >> 32)
}
