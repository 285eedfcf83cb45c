//! The command line: the same workspace and io as the app, headless, for batch work.

mod building;
mod check;
mod check_geometry;
mod dxf;
mod excel;
mod floor;
mod history;
mod new_project;
mod person;
mod report;
mod rooms;
mod scenario;
mod sheet;
mod site;
mod standards;
mod summary;
mod unit;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::io::export::Paper;
use crate::io::geojson::{self, Coordinates, FloorFrame};
use crate::io::removal::Consent;
use crate::io::sample::{SampleSource, build_project};
use crate::io::site_anchor::SiteAnchor;
use crate::model::{ChangeAction, Floor, Uuid};
use crate::store::{ChangeRecord, CreateOptions, FloorEntry, ProjectIndex};
use crate::synth::{GenerateOptions, generate};
use crate::view::Theme;
use crate::workspace::{RoomsImport, Workspace};

/// officeplan — 党政机关办公用房 floor-plan manager. With no command, opens the app.
#[derive(Debug, Parser)]
#[command(name = "officeplan", version, about)]
pub struct Cli {
    /// Language of messages: zh (default) or en. Also OFFICEPLAN_LANG.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// A project file to open in the app (default: the bundled sample).
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = crate::t!("cli_inventory.help.new").into_owned())]
    New(new_project::NewArgs),
    #[command(about = crate::t!("cli_inventory.help.site").into_owned())]
    Site {
        #[command(subcommand)]
        command: site::SiteCommand,
    },
    #[command(about = crate::t!("cli_inventory.help.building").into_owned())]
    Building {
        #[command(subcommand)]
        command: building::BuildingCommand,
    },
    #[command(about = crate::t!("cli_people.help.unit").into_owned())]
    Unit {
        #[command(subcommand)]
        command: unit::UnitCommand,
    },
    #[command(about = crate::t!("cli_people.help.person").into_owned())]
    Person {
        #[command(subcommand)]
        command: person::PersonCommand,
    },
    #[command(about = crate::t!("cli_people.help.assign").into_owned())]
    Assign(person::AssignArgs),
    #[command(about = crate::t!("cli_people.help.seat").into_owned())]
    Seat(person::SeatArgs),
    /// Build the bundled pilot-county sample (示范县) into a project file.
    Sample {
        /// Output project file (.gpkg).
        out: PathBuf,
        /// Read the sources from this folder instead of the copy built into the program.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Counts and areas (使用面积) by site, building, floor, category and status.
    Summary {
        /// Project file.
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The file's change log, newest first: when (local time), who, what.
    History {
        /// Project file.
        file: PathBuf,
        /// How many lines to show.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print one JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check units, persons and rooms against the standard (单位超标, 个人超标, 一人多处, 腾退,
    /// 闲置). Areas: 使用面积; ancillary and technical rooms as estimated 建筑面积.
    Check {
        /// Project file.
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Exit with status 1 when a unit is over the standard or any person or room finding exists.
        #[arg(long)]
        strict: bool,
        /// Check as of this date (YYYY-MM-DD) instead of the file's statistics date.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Write the report tables (办公用房信息, 各单位办公用房总体使用统计表, 超标清单, 闲置清单)
    /// from the same check as `check`: one .xlsx workbook, or one CSV file per table.
    #[command(group(clap::ArgGroup::new("target").required(true).args(["xlsx", "csv"])))]
    Report {
        /// Project file.
        file: PathBuf,
        /// Write one workbook with a sheet per table.
        #[arg(long, value_name = "OUT.xlsx")]
        xlsx: Option<PathBuf>,
        /// Write one CSV file (UTF-8 with BOM) per table into this directory.
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        /// Report as of this date (YYYY-MM-DD) instead of the file's statistics date.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Replace existing output files.
        #[arg(long)]
        force: bool,
    },
    /// Show the standard set a project uses (表3, rules, indicators) and its local changes.
    Standards {
        /// Project file.
        file: PathBuf,
        /// Print one JSON object (the set in use and the differences) instead of text.
        #[arg(long)]
        json: bool,
        /// Change a value for this project, e.g. `service.county.max_m2_per_person=7` (repeatable).
        #[arg(long, value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Drop every local change: the shipped values apply again.
        #[arg(long)]
        reset: bool,
        /// Check the file against another shipped set (cn-2014, cn-1999).
        #[arg(long = "use", value_name = "ID")]
        use_set: Option<String>,
        /// Province whose 乡级 rows apply (e.g. 湖北).
        #[arg(long)]
        province: Option<String>,
    },
    /// Write a deterministic synthetic province-scale project (for benchmarks).
    Generate {
        /// Number of rooms.
        #[arg(long)]
        rooms: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Put this many rooms on the first floor (a very large floor for benchmarks).
        #[arg(long, default_value_t = 0)]
        large_floor_rooms: usize,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
        /// Output project file (.gpkg).
        out: PathBuf,
    },
    /// Import a floor's rooms from GeoJSON (plan metres). Rooms are matched by number.
    ImportGeojson {
        /// Project file.
        file: PathBuf,
        /// Building, by name or UUID.
        #[arg(long)]
        building: String,
        /// Floor, by name or UUID; created if the building has no such floor.
        #[arg(long)]
        floor: String,
        /// Storey number for a floor that is created (default: from its name, e.g. 3F → 3).
        #[arg(long)]
        level: Option<i32>,
        /// Remove rooms of the floor that the file does not contain.
        #[arg(long)]
        replace: bool,
        /// Confirm an import that yields no room or removes more than half of the floor's
        /// rooms (refused without it).
        #[arg(long)]
        allow_removal: bool,
        /// GeoJSON FeatureCollection of room polygons.
        rooms: PathBuf,
    },
    /// Write the 编制 workbook (sheets 单位, 人员, 房间分配 and 说明), empty or filled from a file.
    Template {
        /// Output workbook (.xlsx).
        out: PathBuf,
        /// Fill it with the units, persons and room occupancy of this project file.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace units, posts, persons and occupancy from a workbook (or a CSV of the 单位
    /// sheet). Every row is checked first; nothing is written unless all are valid.
    ImportUnits {
        /// Project file.
        file: PathBuf,
        /// Workbook (.xlsx) with the sheets 单位, 人员, 房间分配; or a CSV file of the 单位 sheet.
        book: PathBuf,
        /// Check and report what would change without writing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Confirm a workbook that holds no unit or removes more than half of the units or
        /// persons (refused without it).
        #[arg(long)]
        allow_removal: bool,
        /// Update by name (按名称更新) instead of replacing all: units and persons the book
        /// names are updated, new ones added, and what it does not mention stays as it is
        /// (units, persons, and the units of rooms its 房间分配 sheet does not list).
        #[arg(long)]
        update: bool,
    },
    /// Export a floor's rooms as GeoJSON with their attributes and areas: in WGS 84
    /// longitude/latitude when the building has a site anchor, else (or with --plan-metres) in
    /// plan metres, marked as such in the file.
    #[command(group(clap::ArgGroup::new("output").required(true).args(["out", "out_path"])))]
    ExportGeojson {
        /// Project file.
        file: PathBuf,
        /// Building, by name or UUID.
        #[arg(long)]
        building: String,
        /// Floor, by name or UUID.
        #[arg(long)]
        floor: String,
        /// Output GeoJSON file (or give it with --out).
        out: Option<PathBuf>,
        /// Output GeoJSON file.
        #[arg(long = "out", value_name = "OUT", conflicts_with = "out")]
        out_path: Option<PathBuf>,
        /// Write the floor's plan metres (marked as a local CRS in the file) instead of WGS 84
        /// longitude/latitude from the building's site anchor.
        #[arg(long)]
        plan_metres: bool,
    },
    /// Import a floor's rooms from a DXF drawing: outlines from the room layer(s), holes
    /// nested or from hole layers, numbers and names from labels. Prints the import report and
    /// what changes against the floor's rooms (matched by number, then by overlap: matched
    /// rooms keep their UUID and attributes); then writes it as one undoable edit.
    ImportDxf {
        /// Project file.
        file: PathBuf,
        /// DXF drawing (ASCII or binary; pre-2007 files decoded by $DWGCODEPAGE, e.g. GBK).
        drawing: PathBuf,
        /// Building, by name or UUID.
        #[arg(long)]
        building: String,
        /// Floor, by name or UUID; created if the building has no such floor.
        #[arg(long)]
        floor: String,
        /// Storey number for a floor that is created (default: from its name, e.g. 3F → 3).
        #[arg(long)]
        level: Option<i32>,
        /// Layer(s) of room outlines (closed LWPOLYLINE / POLYLINE); repeat or separate by commas.
        #[arg(long = "room-layer", required = true, value_delimiter = ',')]
        room_layer: Vec<String>,
        /// Layer(s) of columns: outlines there are only holes of the room they stand in.
        #[arg(long = "hole-layer", value_delimiter = ',')]
        hole_layer: Vec<String>,
        /// Layer(s) of TEXT / MTEXT labels ("301 局长办公室": number, then name).
        #[arg(
            long = "label-layer",
            value_delimiter = ',',
            conflicts_with = "label_block"
        )]
        label_layer: Vec<String>,
        /// Block of room stamps (e.g. 房间标注) whose attributes hold number and name.
        #[arg(long = "label-block")]
        label_block: Option<String>,
        /// Attribute tag of the room number in the stamp.
        #[arg(long = "label-attr", default_value = "编号")]
        label_attr: String,
        /// Attribute tag of the room name in the stamp.
        #[arg(long = "name-attr", default_value = "名称")]
        name_attr: String,
        /// Drawing units (default: the file's $INSUNITS; guessed for a unitless drawing).
        #[arg(long, value_parser = dxf::parse_units)]
        units: Option<crate::io::dxf::DrawingUnit>,
        /// Close an open outline whose ends are at most this far apart, in metres.
        #[arg(long, default_value_t = crate::io::dxf::outline::CLOSE_TOLERANCE_M)]
        close_tolerance: f64,
        /// Print the report and the changes without writing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report and the changes as one JSON object.
        #[arg(long)]
        json: bool,
        /// Confirm an import that yields no room or removes more than half of the floor's
        /// rooms (refused without it).
        #[arg(long)]
        allow_removal: bool,
    },
    /// List a DXF drawing's layers with their entities (closed polylines, texts, blocks).
    DxfLayers {
        /// DXF drawing.
        drawing: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write a synthetic floor as a DXF drawing (mm, room stamps), for benchmarks.
    GenerateDxf {
        /// Number of rooms.
        #[arg(long)]
        rooms: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
        /// Output drawing (.dxf).
        out: PathBuf,
    },
    /// Reallocation scenarios (调剂方案): new, move, compare, apply, moves …
    Scenario {
        #[command(subcommand)]
        command: scenario::ScenarioCommand,
    },
    /// Print a floor as a sheet (平面图): rooms coloured by a theme, with title, legend, scale
    /// bar, north arrow and date. The format follows OUT's extension: .svg, .png (300 dpi) or .pdf.
    ExportPlan {
        /// Project file.
        file: PathBuf,
        /// Building, by name or UUID.
        #[arg(long)]
        building: String,
        /// Floor, by name or UUID.
        #[arg(long)]
        floor: String,
        /// Colour rooms by unit, category, status or compliance (the last runs `check`).
        #[arg(long, default_value = "unit", value_parser = parse_theme)]
        theme: Theme,
        /// Paper size, landscape: a4 or a3.
        #[arg(long, default_value = "a4", value_parser = parse_paper)]
        paper: Paper,
        /// Output file (.svg, .png or .pdf).
        #[arg(long, value_name = "OUT")]
        out: PathBuf,
    },
    #[command(about = floor::help("cli_floor.about"))]
    Floor {
        #[command(subcommand)]
        command: floor::FloorCommand,
    },
    #[command(about = floor::help("cli_rooms.about"))]
    Rooms {
        #[command(subcommand)]
        command: rooms::RoomsCommand,
    },
}

/// Opens a project file for a command and tells, on stderr, what the person must know about
/// it (damage, read-only, dangling links another program left): the app shows the same.
pub(crate) fn open_workspace(path: &Path) -> Result<Workspace, crate::workspace::WorkspaceError> {
    let workspace = Workspace::open(path)?;
    for notice in workspace.file_notices() {
        eprintln!("{notice}");
    }
    Ok(workspace)
}

fn parse_theme(code: &str) -> Result<Theme, String> {
    Theme::parse(code).ok_or_else(|| {
        let codes: Vec<&str> = Theme::ALL.iter().map(|t| t.code()).collect();
        crate::t!("cli.bad_choice", choices = codes.join(", ")).into_owned()
    })
}

fn parse_paper(code: &str) -> Result<Paper, String> {
    Paper::parse(code).ok_or_else(|| {
        let codes: Vec<&str> = Paper::ALL.iter().map(|p| p.code()).collect();
        crate::t!("cli.bad_choice", choices = codes.join(", ")).into_owned()
    })
}

/// Runs what the command line asks for: a command, or `app` on FILE (or the sample). The
/// app is passed in by `main`, so that the CLI does not depend on the UI layer above it.
pub fn dispatch(
    cli: Cli,
    app: impl FnOnce(Option<PathBuf>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match cli.command {
        Some(_) if cli.file.is_some() => {
            Err(anyhow::anyhow!("{}", crate::t!("cli.file_with_command")))
        }
        Some(command) => run(command),
        None => app(cli.file),
    }
}

/// Runs a command. Errors carry a one-line reason for the user.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::New(args) => new_project::run(&args),
        Command::Site { command } => site::run(command),
        Command::Building { command } => building::run(command),
        Command::Unit { command } => unit::run(command),
        Command::Person { command } => person::run(command),
        Command::Assign(args) => person::assign(args),
        Command::Seat(args) => person::seat(args),
        Command::Sample { out, from, force } => {
            let source = from.map_or(SampleSource::Embedded, SampleSource::Folder);
            let project = build_project(&source)?;
            Workspace::create_file(&out, &project, CreateOptions { overwrite: force })?;
            println!(
                "{}",
                crate::t!(
                    "cli.written",
                    path = out.display(),
                    rooms = project.rooms.len()
                )
            );
            Ok(())
        }
        Command::Summary { file, json } => {
            let workspace = open_workspace(&file)?;
            summary::print(&file, workspace.index(), json)
        }
        Command::History { file, limit, json } => history::print(&file, limit, json),
        Command::Check {
            file,
            json,
            strict,
            as_of,
        } => check::run(&file, json, strict, as_of.as_deref()),
        Command::Report {
            file,
            xlsx,
            csv,
            as_of,
            force,
        } => {
            let target = match (&xlsx, &csv) {
                (Some(out), _) => report::Target::Xlsx(out),
                (None, Some(dir)) => report::Target::Csv(dir),
                (None, None) => anyhow::bail!("{}", crate::t!("report.no_target")),
            };
            report::run(&file, &target, as_of.as_deref(), force)
        }
        Command::Standards {
            file,
            json,
            set,
            reset,
            use_set,
            province,
        } => standards::run(
            &file,
            &standards::Changes {
                set,
                reset,
                use_set,
                province,
            },
            json,
        ),
        Command::Generate {
            rooms,
            seed,
            large_floor_rooms,
            force,
            out,
        } => {
            let project = generate(GenerateOptions {
                rooms,
                seed,
                large_floor_rooms,
            });
            Workspace::create_file(&out, &project, CreateOptions { overwrite: force })?;
            println!(
                "{}",
                crate::t!("cli.written", path = out.display(), rooms = rooms)
            );
            Ok(())
        }
        Command::ImportGeojson {
            file,
            building,
            floor,
            level,
            replace,
            rooms,
            allow_removal,
        } => import_geojson(&GeojsonImport {
            file: &file,
            building: &building,
            floor: &floor,
            level,
            replace,
            rooms: &rooms,
            allow_removal,
        }),
        Command::Template { out, from, force } => excel::template(&out, from.as_deref(), force),
        Command::ImportUnits {
            file,
            book,
            dry_run,
            json,
            allow_removal,
            update,
        } => {
            let mode = if update {
                crate::io::excel::import::ImportMode::UpdateByName
            } else {
                crate::io::excel::import::ImportMode::ReplaceAll
            };
            excel::import_units(&file, &book, mode, dry_run, json, allow_removal)
        }
        Command::ExportGeojson {
            file,
            building,
            floor,
            out,
            out_path,
            plan_metres,
        } => {
            let out = out
                .or(out_path)
                .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("cli.no_output")))?;
            export_geojson(&file, &building, &floor, &out, plan_metres)
        }
        Command::Scenario { command } => scenario::run(command),
        Command::Floor { command } => floor::run(command),
        Command::Rooms { command } => rooms::run(command),
        Command::ImportDxf {
            file,
            drawing,
            building,
            floor,
            level,
            room_layer,
            hole_layer,
            label_layer,
            label_block,
            label_attr,
            name_attr,
            units,
            close_tolerance,
            dry_run,
            json,
            allow_removal,
        } => dxf::import(&dxf::ImportRequest {
            file: &file,
            drawing: &drawing,
            building: &building,
            floor: &floor,
            level,
            options: crate::io::dxf::DxfOptions {
                room_layers: room_layer,
                hole_layers: hole_layer,
                labels: dxf::label_source(label_layer, label_block, label_attr, name_attr),
                units,
                close_tolerance_m: close_tolerance,
                ..crate::io::dxf::DxfOptions::default()
            },
            dry_run,
            json,
            allow_removal,
        }),
        Command::DxfLayers { drawing, json } => dxf::layers(&drawing, json),
        Command::GenerateDxf {
            rooms,
            seed,
            force,
            out,
        } => dxf::generate_drawing(rooms, seed, &out, force),
        Command::ExportPlan {
            file,
            building,
            floor,
            theme,
            paper,
            out,
        } => sheet::run(&sheet::Request {
            file: &file,
            building: &building,
            floor: &floor,
            theme,
            paper,
            out: &out,
        }),
    }
}

/// `export-geojson`: the floor's rooms in WGS 84 from the building's anchor, or in plan
/// metres (asked, or for want of an anchor) marked as a local CRS; written whole or not at all.
fn export_geojson(
    file: &Path,
    building: &str,
    floor: &str,
    out: &Path,
    plan_metres: bool,
) -> anyhow::Result<()> {
    let mut workspace = open_workspace(file)?;
    let entry = floor_entry(workspace.index(), file, building, floor)?;
    let floor_uuid = entry.floor.uuid;
    let floor_name = entry.floor.name.clone();
    let the_building = workspace
        .index()
        .buildings
        .get(entry.building)
        .map(|b| b.building.clone());
    let building_name = the_building
        .as_ref()
        .map_or_else(|| building.to_owned(), |b| b.name.clone());
    let anchor = the_building.as_ref().and_then(SiteAnchor::of);
    let coordinates = match (plan_metres, anchor) {
        (true, _) => Coordinates::PlanMetresAsked,
        (false, Some(a)) => Coordinates::Wgs84(a),
        (false, None) => Coordinates::PlanMetresNoAnchor,
    };
    let plan = workspace.floor_plan(&floor_uuid)?;
    let frame = FloorFrame {
        building: &building_name,
        floor: &floor_name,
        coordinates,
    };
    let text = geojson::write_rooms(&plan.rooms, workspace.units(), &frame);
    crate::io::output::write_bytes(out, text.as_bytes())
        .with_context(|| crate::t!("cli.cannot_write", path = out.display()).into_owned())?;
    let rooms = plan.rooms.len();
    let message = match coordinates {
        Coordinates::Wgs84(a) => crate::t!(
            "geojson.written_wgs84",
            path = out.display(),
            rooms = rooms,
            lon = a.lon,
            lat = a.lat,
            rotation = a.rotation_deg
        ),
        Coordinates::PlanMetresAsked => {
            crate::t!(
                "geojson.written_plan_asked",
                path = out.display(),
                rooms = rooms
            )
        }
        Coordinates::PlanMetresNoAnchor => crate::t!(
            "geojson.written_plan_no_anchor",
            path = out.display(),
            rooms = rooms,
            building = building_name
        ),
    };
    println!("{message}");
    Ok(())
}

fn find_floor(
    workspace: &Workspace,
    file: &Path,
    building: &str,
    floor: &str,
) -> anyhow::Result<Uuid> {
    floor_entry(workspace.index(), file, building, floor).map(|f| f.floor.uuid)
}

/// A floor of the index, or an error that lists what the file has: its buildings when the
/// building is unknown, else that building's floors.
fn floor_entry<'a>(
    index: &'a ProjectIndex,
    file: &Path,
    building: &str,
    floor: &str,
) -> anyhow::Result<&'a FloorEntry> {
    index
        .find_floor(building, floor)
        .and_then(|f| index.floors.get(f))
        .ok_or_else(|| no_floor(index, file, building, floor))
}

fn no_floor(index: &ProjectIndex, file: &Path, building: &str, floor: &str) -> anyhow::Error {
    let separator = crate::t!("check.separator");
    let found = index
        .find_building(building)
        .and_then(|b| index.buildings.get(b));
    let known = match found {
        Some(b) => {
            let floors: Vec<&str> = b
                .floors
                .iter()
                .filter_map(|f| index.floors.get(*f))
                .map(|f| f.floor.name.as_str())
                .collect();
            crate::t!(
                "cli.known_floors",
                building = b.building.name,
                floors = floors.join(&separator)
            )
        }
        None => {
            let buildings: Vec<&str> = index
                .buildings
                .iter()
                .map(|b| b.building.name.as_str())
                .collect();
            crate::t!(
                "cli.known_buildings",
                buildings = buildings.join(&separator)
            )
        }
    };
    anyhow::anyhow!(
        "{}{}",
        crate::t!(
            "cli.no_floor",
            path = file.display(),
            building = building,
            floor = floor
        ),
        known
    )
}

/// `3F` → 3, `B1` → −1, `12` → 12.
fn level_from_name(name: &str) -> Option<i32> {
    crate::analysis::floor_number::level_from_name(name)
}

/// The floor `floor` of `building` as an import would create it (after `find_floor` failed
/// with `not_found`); nothing is written: the import writes the floor with its rooms in one
/// transaction. An unknown building returns `not_found`. The storey is `level` or read from
/// the name (3F → 3).
fn new_floor(
    workspace: &Workspace,
    not_found: anyhow::Error,
    building: &str,
    floor: &str,
    level: Option<i32>,
) -> anyhow::Result<Floor> {
    let index = workspace.index();
    let Some(b) = index
        .find_building(building)
        .and_then(|b| index.buildings.get(b))
    else {
        return Err(not_found);
    };
    let level = level
        .or_else(|| level_from_name(floor))
        .ok_or_else(|| anyhow::anyhow!("{}", crate::t!("cli.need_level", floor = floor)))?;
    Ok(Floor {
        uuid: Uuid::now_v7(),
        building: b.building.uuid,
        name: floor.to_owned(),
        level,
        elevation_m: None,
        storey_height_m: None,
    })
}

fn import_geojson(request: &GeojsonImport<'_>) -> anyhow::Result<()> {
    let GeojsonImport {
        file,
        building,
        floor,
        level,
        replace,
        rooms: rooms_path,
        allow_removal,
    } = *request;
    let mut workspace = open_workspace(file)?;
    let text = std::fs::read_to_string(rooms_path)
        .with_context(|| crate::t!("cli.cannot_read", path = rooms_path.display()).into_owned())?;
    let units = workspace.units().to_vec();
    let resolve = |name: &str| {
        units
            .iter()
            .find(|u| u.name == name || u.uuid.to_string() == name)
            .map(|u| u.uuid)
    };
    // Parse before anything is written, so that a bad file changes nothing.
    let rooms = geojson::read_rooms(rooms_path, &text, Uuid::nil(), &resolve)?;
    let source = rooms_path.file_name().map_or_else(
        || rooms_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let record = ChangeRecord {
        action: ChangeAction::ImportGeojson,
        summary: format!(
            "{} → {} {}: {}",
            rooms_path.display(),
            building,
            floor,
            rooms.len()
        ),
        detail: String::new(),
    };
    let import = RoomsImport {
        rooms: &rooms,
        source: &source,
        record: &record,
        consent: Consent::from_flag(allow_removal),
    };
    let outcome = match find_floor(&workspace, file, building, floor) {
        Ok(f) => workspace.import_floor_rooms(&f, &import, replace)?,
        Err(not_found) => {
            let new = new_floor(&workspace, not_found, building, floor, level)?;
            workspace.import_into_new_floor(&new, &import)?
        }
    };
    println!(
        "{}",
        crate::t!(
            "cli.imported",
            inserted = outcome.inserted,
            updated = outcome.updated,
            removed = outcome.removed
        )
    );
    Ok(())
}

/// What `import-geojson` was asked to do.
#[derive(Clone, Copy)]
struct GeojsonImport<'a> {
    file: &'a Path,
    building: &'a str,
    floor: &'a str,
    level: Option<i32>,
    replace: bool,
    rooms: &'a Path,
    allow_removal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_levels_from_names() {
        assert_eq!(level_from_name("3F"), Some(3));
        assert_eq!(level_from_name("B1"), Some(-1));
        assert_eq!(level_from_name("12"), Some(12));
        assert_eq!(level_from_name("屋顶"), None);
    }
}
