//! The command line: the same workspace and io as the app, headless, for batch work.

mod approval;
mod building;
mod check;
mod check_geometry;
mod dxf;
mod excel;
mod floor;
mod history;
mod new_project;
mod optimize;
mod osa;
mod person;
mod postgis;
mod project;
mod province;
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

#[derive(Debug, Parser)]
#[command(about = crate::t!("cli_help.officeplan_floor_plan_manager_with_no").into_owned(), name = "officeplan", version)]
pub struct Cli {
    #[arg(help = crate::t!("cli_help.language_of_messages_zh_default_or").into_owned(), long, global = true)]
    pub lang: Option<String>,
    #[arg(help = crate::t!("cli_help.a_project_file_to_open_in").into_owned())]
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = crate::t!("cli_inventory.help.new").into_owned())]
    New(new_project::NewArgs),
    #[command(about = crate::t!("province.cli.submit").into_owned())]
    Submit(province::SubmitArgs),
    #[command(about = crate::t!("province.cli.merge").into_owned())]
    Merge(province::MergeArgs),
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
    #[command(about = crate::t!("national_tables.help.project").into_owned())]
    Project {
        #[command(subcommand)]
        command: project::ProjectCommand,
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
    #[command(about = crate::t!("rules.cli.approval").into_owned())]
    Approval {
        #[command(subcommand)]
        command: approval::ApprovalCommand,
    },
    #[command(about = crate::t!("cli_people.help.assign").into_owned())]
    Assign(person::AssignArgs),
    #[command(about = crate::t!("optimize.cli.help").into_owned())]
    Optimize(optimize::OptimizeArgs),
    #[command(about = crate::t!("cli_people.help.seat").into_owned())]
    Seat(person::SeatArgs),
    #[command(about = crate::t!("cli_help.build_the_bundled_pilot_county_sample").into_owned())]
    Sample {
        #[arg(help = crate::t!("cli_help.output_project_file_gpkg").into_owned())]
        out: PathBuf,
        #[arg(help = crate::t!("cli_help.read_the_sources_from_this_folder").into_owned(), long)]
        from: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.replace_out_if_it_exists").into_owned(), long)]
        force: bool,
    },
    #[command(about = crate::t!("postgis.cli.publish").into_owned())]
    Publish(postgis::PublishArgs),
    #[command(about = crate::t!("postgis.cli.pull").into_owned())]
    Pull(postgis::PullArgs),
    #[command(about = crate::t!("cli_help.counts_and_areas_by_site_building").into_owned())]
    Summary {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.print_one_json_object_instead_of").into_owned(), long)]
        json: bool,
    },
    #[command(about = crate::t!("cli_help.the_file_s_change_log_newest").into_owned())]
    History {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.how_many_lines_to_show").into_owned(), long, default_value_t = 50)]
        limit: usize,
        #[arg(help = crate::t!("cli_help.print_one_json_array_instead_of").into_owned(), long)]
        json: bool,
    },
    #[command(about = crate::t!("cli_help.check_units_persons_and_rooms_against").into_owned())]
    Check {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.print_one_json_object_instead_of").into_owned(), long)]
        json: bool,
        #[arg(help = crate::t!("cli_help.exit_with_status_1_when_a").into_owned(), long)]
        strict: bool,
        #[arg(help = crate::t!("cli_help.check_as_of_this_date_yyyy").into_owned(), long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(help = crate::t!("scope.cli.check_region").into_owned(), long, value_name = "CODE")]
        region: Option<String>,
    },
    #[command(about = crate::t!("cli_help.write_the_report_tables_from_the").into_owned(), group(clap::ArgGroup::new("target").required(true).args(["xlsx", "csv"])))]
    Report {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.write_one_workbook_with_a_sheet").into_owned(), long, value_name = "OUT.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.write_one_csv_file_utf_8").into_owned(), long, value_name = "DIR")]
        csv: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.report_as_of_this_date_yyyy").into_owned(), long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(help = crate::t!("cli_help.replace_existing_output_files").into_owned(), long)]
        force: bool,
        #[arg(help = crate::t!("cli.report.filler_unit").into_owned(), long, value_name = "TEXT")]
        filler_unit: Option<String>,
        #[arg(help = crate::t!("cli.report.filler_name").into_owned(), long, value_name = "TEXT")]
        filler_name: Option<String>,
        #[arg(help = crate::t!("cli.report.phone").into_owned(), long, value_name = "TEXT")]
        phone: Option<String>,
        #[arg(help = crate::t!("scope.cli.region").into_owned(), long, value_name = "CODE", conflicts_with = "by_region")]
        region: Option<String>,
        #[arg(help = crate::t!("scope.cli.by_region").into_owned(), long)]
        by_region: bool,
        #[arg(help = crate::t!("scope.cli.table").into_owned(), long, value_name = "NAME")]
        table: Vec<String>,
    },
    #[command(about = crate::t!("cli_help.show_the_standard_set_a_project").into_owned())]
    Standards {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.print_one_json_object_the_set").into_owned(), long)]
        json: bool,
        #[arg(help = crate::t!("cli_help.change_a_value_for_this_project").into_owned(), long, value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[arg(help = crate::t!("cli_help.drop_every_local_change_the_shipped").into_owned(), long)]
        reset: bool,
        #[arg(help = crate::t!("cli_help.check_the_file_against_another_shipped").into_owned(), long = "use", value_name = "ID")]
        use_set: Option<String>,
        #[arg(help = crate::t!("cli_help.province_whose_rows_apply_e_g").into_owned(), long)]
        province: Option<String>,
    },
    #[command(about = crate::t!("cli_help.write_a_deterministic_synthetic_province_scale").into_owned())]
    Generate {
        #[arg(help = crate::t!("cli_help.number_of_rooms").into_owned(), long)]
        rooms: usize,
        #[arg(help = crate::t!("cli_help.random_seed").into_owned(), long, default_value_t = 1)]
        seed: u64,
        #[arg(help = crate::t!("cli_help.put_this_many_rooms_on_the").into_owned(), long, default_value_t = 0)]
        large_floor_rooms: usize,
        #[arg(help = crate::t!("optimize.cli.county_units").into_owned(), long, value_name = "N")]
        county_units: Option<usize>,
        #[arg(help = crate::t!("optimize.cli.county_buildings").into_owned(), long, default_value_t = 30, value_name = "N")]
        county_buildings: usize,
        #[arg(help = crate::t!("province.cli.county").into_owned(), long, value_name = "NAME", requires = "code")]
        county: Option<String>,
        #[arg(help = crate::t!("province.cli.code").into_owned(), long, value_name = "CODE")]
        code: Option<String>,
        #[arg(help = crate::t!("province.cli.parent_code").into_owned(), long, value_name = "CODE")]
        parent_code: Option<String>,
        #[arg(help = crate::t!("cli_help.replace_out_if_it_exists").into_owned(), long)]
        force: bool,
        #[arg(help = crate::t!("cli_help.output_project_file_gpkg").into_owned())]
        out: PathBuf,
    },
    #[command(about = crate::t!("cli_help.import_a_floor_s_rooms_from").into_owned())]
    ImportGeojson {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.building_by_name_or_uuid").into_owned(), long)]
        building: String,
        #[arg(help = crate::t!("cli_help.floor_by_name_or_uuid_created").into_owned(), long)]
        floor: String,
        #[arg(help = crate::t!("cli_help.storey_number_for_a_floor_that").into_owned(), long)]
        level: Option<i32>,
        #[arg(help = crate::t!("cli_help.remove_rooms_of_the_floor_that").into_owned(), long)]
        replace: bool,
        #[arg(help = crate::t!("cli_help.confirm_an_import_that_yields_no").into_owned(), long)]
        allow_removal: bool,
        #[arg(help = crate::t!("cli_help.geojson_featurecollection_of_room_polygons").into_owned())]
        rooms: PathBuf,
    },
    #[command(about = crate::t!("cli_help.write_the_workbook_sheets_and_empty").into_owned())]
    Template {
        #[arg(help = crate::t!("cli_help.output_workbook_xlsx").into_owned())]
        out: PathBuf,
        #[arg(help = crate::t!("cli_help.fill_it_with_the_units_persons").into_owned(), long)]
        from: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.replace_out_if_it_exists").into_owned(), long)]
        force: bool,
    },
    #[command(about = crate::t!("cli_help.replace_units_posts_persons_and_occupancy").into_owned())]
    ImportUnits {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.workbook_xlsx_with_the_sheets_or").into_owned())]
        book: PathBuf,
        #[arg(help = crate::t!("cli_help.check_and_report_what_would_change").into_owned(), long)]
        dry_run: bool,
        #[arg(help = crate::t!("cli_help.print_the_report_as_one_json").into_owned(), long)]
        json: bool,
        #[arg(help = crate::t!("cli_help.confirm_a_workbook_that_holds_no").into_owned(), long)]
        allow_removal: bool,
        /// Update by name (按名称更新) instead of replacing all: units and persons the book
        /// names are updated, new ones added, and what it does not mention stays as it is
        /// (units, persons, and the units of rooms its 房间分配 sheet does not list).
        #[arg(long)]
        update: bool,
    },
    #[command(about = crate::t!("cli_help.export_a_floor_s_rooms_as").into_owned(), group(clap::ArgGroup::new("output").required(true).args(["out", "out_path"])))]
    ExportGeojson {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.building_by_name_or_uuid").into_owned(), long)]
        building: String,
        #[arg(help = crate::t!("cli_help.floor_by_name_or_uuid").into_owned(), long)]
        floor: String,
        #[arg(help = crate::t!("cli_help.output_geojson_file_or_give_it").into_owned())]
        out: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.output_geojson_file").into_owned(), long = "out", value_name = "OUT", conflicts_with = "out")]
        out_path: Option<PathBuf>,
        #[arg(help = crate::t!("cli_help.write_the_floor_s_plan_metres").into_owned(), long)]
        plan_metres: bool,
    },
    #[command(about = crate::t!("cli_help.import_a_floor_s_rooms_from_2").into_owned())]
    ImportDxf {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.dxf_drawing_ascii_or_binary_pre").into_owned())]
        drawing: PathBuf,
        #[arg(help = crate::t!("cli_help.building_by_name_or_uuid").into_owned(), long)]
        building: String,
        #[arg(help = crate::t!("cli_help.floor_by_name_or_uuid_created").into_owned(), long)]
        floor: String,
        #[arg(help = crate::t!("cli_help.storey_number_for_a_floor_that").into_owned(), long)]
        level: Option<i32>,
        #[arg(help = crate::t!("cli_help.layer_s_of_room_outlines_closed").into_owned(), long = "room-layer", required_unless_present = "wall_layer", value_delimiter = ',')]
        room_layer: Vec<String>,
        #[arg(help = crate::t!("cli_help.wall_layer").into_owned(), long = "wall-layer", value_delimiter = ',')]
        wall_layer: Vec<String>,
        #[arg(help = crate::t!("cli_help.door_width").into_owned(), long = "door-width", default_value_t = crate::io::dxf::walls::DEFAULT_DOOR_WIDTH_M)]
        door_width: f64,
        #[arg(help = crate::t!("cli_help.number_pattern").into_owned(), long = "number-pattern", value_parser = dxf::parse_number_pattern)]
        number_pattern: Option<crate::io::dxf::label_text::NumberPattern>,
        #[arg(help = crate::t!("cli_help.layer_s_of_columns_outlines_there").into_owned(), long = "hole-layer", value_delimiter = ',')]
        hole_layer: Vec<String>,
        #[arg(help = crate::t!("cli_help.layer_s_of_text_mtext_labels").into_owned(), 
            long = "label-layer",
            value_delimiter = ',',
            conflicts_with = "label_block"
        )]
        label_layer: Vec<String>,
        #[arg(help = crate::t!("cli_help.block_of_room_stamps_e_g").into_owned(), long = "label-block")]
        label_block: Option<String>,
        #[arg(help = crate::t!("cli_help.attribute_tag_of_the_room_number").into_owned(), long = "label-attr", default_value = "编号")]
        label_attr: String,
        #[arg(help = crate::t!("cli_help.attribute_tag_of_the_room_name").into_owned(), long = "name-attr", default_value = "名称")]
        name_attr: String,
        #[arg(help = crate::t!("cli_help.drawing_units_default_the_file_s").into_owned(), long, value_parser = dxf::parse_units)]
        units: Option<crate::io::dxf::DrawingUnit>,
        #[arg(help = crate::t!("cli_help.close_an_open_outline_whose_ends").into_owned(), long, default_value_t = crate::io::dxf::outline::CLOSE_TOLERANCE_M)]
        close_tolerance: f64,
        #[arg(help = crate::t!("cli_help.print_the_report_and_the_changes").into_owned(), long)]
        dry_run: bool,
        #[arg(help = crate::t!("cli_help.print_the_report_and_the_changes_2").into_owned(), long)]
        json: bool,
        #[arg(help = crate::t!("cli_help.confirm_an_import_that_yields_no").into_owned(), long)]
        allow_removal: bool,
        #[arg(help = crate::t!("cli_help.candidates").into_owned(), long, value_name = "keep|drop", value_parser = dxf::parse_candidate_default)]
        candidates: Option<crate::io::dxf::candidates::CandidateDefault>,
        #[arg(help = crate::t!("cli_help.min_candidate_area").into_owned(), long = "min-candidate-area", value_name = "M2", default_value_t = crate::io::dxf::candidates::DEFAULT_MIN_CANDIDATE_M2)]
        min_candidate_area: f64,
        #[arg(help = crate::t!("cli_help.merge_faces").into_owned(), long = "merge-faces", value_name = "#W3,#W4")]
        merge_faces: Vec<String>,
        #[arg(help = crate::t!("cli_help.keep_face").into_owned(), long = "keep-face", value_name = "#W5[=105]", value_delimiter = ',')]
        keep_face: Vec<String>,
        #[arg(help = crate::t!("cli_help.drop_face").into_owned(), long = "drop-face", value_name = "#W6", value_delimiter = ',')]
        drop_face: Vec<String>,
    },
    #[command(about = crate::t!("cli_help.list_a_dxf_drawing_s_layers").into_owned())]
    DxfLayers {
        #[arg(help = crate::t!("cli_help.dxf_drawing").into_owned())]
        drawing: PathBuf,
        #[arg(help = crate::t!("cli_help.print_json_instead_of_a_table").into_owned(), long)]
        json: bool,
    },
    #[command(about = crate::t!("cli_help.write_a_synthetic_floor_as_a").into_owned())]
    GenerateDxf {
        #[arg(help = crate::t!("cli_help.number_of_rooms").into_owned(), long)]
        rooms: usize,
        #[arg(help = crate::t!("cli_help.random_seed").into_owned(), long, default_value_t = 1)]
        seed: u64,
        #[arg(help = crate::t!("cli_help.replace_out_if_it_exists").into_owned(), long)]
        force: bool,
        #[arg(help = crate::t!("cli_help.generate_walls").into_owned(), long)]
        walls: bool,
        #[arg(help = crate::t!("cli_help.output_drawing_dxf").into_owned())]
        out: PathBuf,
    },
    #[command(about = crate::t!("cli_help.reallocation_scenarios_new_move_compare_apply").into_owned())]
    Scenario {
        #[command(subcommand)]
        command: scenario::ScenarioCommand,
    },
    #[command(about = crate::t!("cli_help.print_a_floor_as_a_sheet").into_owned())]
    ExportPlan {
        #[arg(help = crate::t!("cli_help.project_file").into_owned())]
        file: PathBuf,
        #[arg(help = crate::t!("cli_help.building_by_name_or_uuid").into_owned(), long)]
        building: String,
        #[arg(help = crate::t!("cli_help.floor_by_name_or_uuid").into_owned(), long)]
        floor: String,
        #[arg(help = crate::t!("cli_help.colour_rooms_by_unit_category_status").into_owned(), long, default_value = "unit", value_parser = parse_theme)]
        theme: Theme,
        #[arg(help = crate::t!("cli_help.paper_size_landscape_a4_or_a3").into_owned(), long, default_value = "a4", value_parser = parse_paper)]
        paper: Paper,
        #[arg(help = crate::t!("cli_help.output_file_svg_png_or_pdf").into_owned(), long, value_name = "OUT")]
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
    #[command(about = crate::t!("osa.help.about").into_owned())]
    Osa(osa::OsaArgs),
}

/// The command line as `main` parses it: [`Cli`]'s commands and arguments (their texts are
/// translated when it is built: choose the language first, [`crate::i18n::set_language`]),
/// with clap's own `--help` and `--version` texts translated too.
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    translate_builtins(Cli::command(), true)
}

/// Replaces clap's built-in help flag (and, on the root, the version flag) by the same flags
/// with translated texts, in `command` and every subcommand.
fn translate_builtins(command: clap::Command, root: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let mut command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(crate::t!("cli_help.builtin_help").into_owned()),
        );
    if root {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(crate::t!("cli_help.builtin_version").into_owned()),
        );
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |c| translate_builtins(c, false));
    }
    command
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
        Command::Submit(args) => province::submit(&args),
        Command::Merge(args) => province::merge(&args),
        Command::Site { command } => site::run(command),
        Command::Building { command } => building::run(command),
        Command::Project { command } => project::run(command),
        Command::Unit { command } => unit::run(command),
        Command::Person { command } => person::run(command),
        Command::Approval { command } => approval::run(command),
        Command::Assign(args) => person::assign(args),
        Command::Optimize(args) => optimize::run(args),
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
        Command::Publish(args) => postgis::publish(&args),
        Command::Pull(args) => postgis::pull(&args),
        Command::Summary { file, json } => {
            let (index, notices) = Workspace::read_index(&file)?;
            for notice in notices {
                eprintln!("{notice}");
            }
            summary::print(&file, &index, json)
        }
        Command::History { file, limit, json } => history::print(&file, limit, json),
        Command::Check {
            file,
            json,
            strict,
            as_of,
            region,
        } => check::run(&file, json, strict, (as_of.as_deref(), region.as_deref())),
        Command::Report {
            file,
            xlsx,
            csv,
            as_of,
            force,
            filler_unit,
            filler_name,
            phone,
            region,
            by_region,
            table,
        } => {
            let filler = report::FillerChange {
                unit: filler_unit,
                name: filler_name,
                phone,
            };
            if !filler.is_empty() {
                report::set_filler(&file, &filler)?;
            }
            let target = match (&xlsx, &csv) {
                (Some(out), _) => report::Target::Xlsx(out),
                (None, Some(dir)) => report::Target::Csv(dir),
                // Only the filler was given: it is saved, nothing more to write.
                (None, None) if !filler.is_empty() => return Ok(()),
                (None, None) => anyhow::bail!("{}", crate::t!("report.no_target")),
            };
            let scope = report::ScopeArgs {
                region,
                by_region,
                tables: table,
            };
            report::run(&file, &target, (as_of.as_deref(), &scope), force)
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
            county_units,
            county_buildings,
            county,
            code,
            parent_code,
            force,
            out,
        } => {
            let mut project = match county_units {
                Some(units) => crate::synth::county(crate::synth::CountyOptions {
                    units,
                    buildings: county_buildings,
                    rooms,
                    seed,
                }),
                None => generate(GenerateOptions {
                    rooms,
                    seed,
                    large_floor_rooms,
                }),
            };
            if let Some(code) = &code {
                let name = county.as_deref().unwrap_or_default();
                project.region = Some(
                    crate::synth::county_region(name, code, parent_code.as_deref()).ok_or_else(
                        || anyhow::anyhow!("{}", crate::t!("province.cli.bad_code", code = code)),
                    )?,
                );
            }
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
        Command::Osa(args) => osa::run(&args),
        Command::ImportDxf {
            file,
            drawing,
            building,
            floor,
            level,
            room_layer,
            wall_layer,
            door_width,
            number_pattern,
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
            candidates,
            min_candidate_area,
            merge_faces,
            keep_face,
            drop_face,
        } => dxf::import(&dxf::ImportRequest {
            candidates: dxf::candidate_choices(
                candidates,
                min_candidate_area,
                &merge_faces,
                &keep_face,
                &drop_face,
            )?,
            file: &file,
            drawing: &drawing,
            building: &building,
            floor: &floor,
            level,
            options: crate::io::dxf::DxfOptions {
                room_layers: room_layer,
                wall_layers: wall_layer,
                door_width_m: door_width,
                number_pattern: number_pattern.unwrap_or_default(),
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
            walls,
            out,
        } => dxf::generate_drawing(rooms, seed, &out, force, walls),
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
