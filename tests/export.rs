//! Printed plans of the sample: SVG, PNG and PDF of the 行政服务中心主楼 floor with the most
//! rooms, the atomic write, and `export-plan` end to end.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use geo::{Area as _, Centroid as _, Contains as _, Coord, Distance as _, Euclidean, Point};
use officeplan::io::export::{
    ExportError, PageLayout, Sheet, png_size, round_length, to_pdf, to_png, to_svg, write,
};
use officeplan::io::sample::{SampleSource, build_project};
use officeplan::model::{Project, Room};
use officeplan::view::{Rgb, Theme, ThemeContext};
use resvg::{tiny_skia, usvg};

use common::{officeplan, officeplan_ok, sample_file};

/// The sample's administrative-service centre (城东行政服务中心院).
const BUILDING: &str = "行政服务中心主楼";
const DATE: &str = "2026-09-30";

/// The sample, the rooms of the building's fullest floor (the lowest of equals) and that
/// floor's title.
fn fullest_floor() -> (Project, Vec<Room>, String) {
    let project = build_project(&SampleSource::Embedded).expect("sample");
    let building = project
        .buildings
        .iter()
        .find(|b| b.name == BUILDING)
        .expect("building");
    let floor = project
        .floors
        .iter()
        .filter(|f| f.building == building.uuid)
        .max_by(|a, b| {
            let count = |f: &officeplan::model::Floor| {
                project.rooms.iter().filter(|r| r.floor == f.uuid).count()
            };
            count(a).cmp(&count(b)).then(b.level.cmp(&a.level))
        })
        .expect("floor");
    let rooms: Vec<Room> = project
        .rooms
        .iter()
        .filter(|r| r.floor == floor.uuid)
        .cloned()
        .collect();
    let site = project
        .sites
        .iter()
        .find(|s| s.uuid == building.site)
        .expect("site");
    let region = project.region.as_ref().expect("region");
    let title = format!(
        "{} · {} · {} · {}",
        region.name, site.name, building.name, floor.name
    );
    (project, rooms, title)
}

fn sheet(project: &Project, rooms: &[Room], title: &str, theme: Theme) -> Sheet {
    let building = project.buildings.iter().find(|b| b.name == BUILDING);
    let north = building.map_or(0.0, |b| b.rotation_deg);
    Sheet::for_floor(
        title,
        rooms,
        &[],
        &ThemeContext::new(&project.units),
        theme,
        DATE,
        north,
    )
}

fn parse_svg(svg: &str) -> usvg::Tree {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(officeplan::ui::CJK_FONT.to_vec());
    let options = usvg::Options {
        fontdb: std::sync::Arc::new(fonts),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).expect("the SVG parses")
}

#[test]
fn svg_has_every_label_that_fits_the_legend_the_scale_bar_and_the_date() {
    let (project, rooms, title) = fullest_floor();
    assert_eq!(
        rooms.len(),
        23,
        "3F of 行政服务中心主楼 (sample_plans/plans)"
    );
    let sheet = sheet(&project, &rooms, &title, Theme::Unit);
    let svg = to_svg(&sheet);
    let tree = parse_svg(&svg);
    assert!(
        (tree.size().width() - 297.0 * 96.0 / 25.4).abs() < 0.01,
        "A4 wide"
    );

    let layout = PageLayout::new(&sheet);
    for (room, label) in rooms.iter().zip(&layout.labels) {
        let area = room.polygon.unsigned_area();
        // The smallest rooms of the sample (stairs, closets, 7.4 m²) may go unlabelled;
        // every office of 10 m² and more has room for its number and area.
        if area >= 10.0 {
            assert!(
                label.is_some(),
                "room {} ({area:.2} m²) unlabelled",
                room.number
            );
        }
        if label.is_some() {
            assert!(
                svg.contains(&format!(">{}</text>", room.number)),
                "room {}",
                room.number
            );
        }
    }
    assert!(!sheet.legend.is_empty());
    for entry in &sheet.legend {
        assert!(
            svg.contains(&format!(">{}</text>", entry.label)),
            "{}",
            entry.label
        );
    }
    let bar = layout.scale_bar.as_ref().expect("scale bar");
    assert_eq!(
        bar.length_m,
        round_length(bar.length_m),
        "1, 2 or 5 × 10ⁿ m"
    );
    assert!(svg.contains(&format!(">{}</text>", bar.end.text)));
    assert!(svg.contains(DATE));
    assert!(svg.contains(&title));
    // rotation_deg −15 (buildings.csv): the plan's x axis is 15° clockwise from east, so
    // north is 15° anticlockwise from the top of the page.
    assert!(svg.contains("rotate(-15.00 "));
}

/// A pixel inside room `index` of `sheet`, clear of its outline and of its label.
fn probe(sheet: &Sheet, index: usize, dpi: u32) -> (u32, u32) {
    let layout = PageLayout::new(sheet);
    let plan = layout.plan.expect("plan");
    let polygon = &sheet.rooms[index].polygon;
    let label = layout.labels[index].as_ref().map(|l| l.bounds);
    let centre = polygon.centroid().expect("centroid");
    let rect = geo::BoundingRect::bounding_rect(polygon).expect("extent");
    let mut best: Option<(f64, Coord)> = None;
    let step = 0.1;
    let mut y = rect.min().y;
    while y <= rect.max().y {
        let mut x = rect.min().x;
        while x <= rect.max().x {
            let p = Point::new(x, y);
            let on_page = plan.page_from_plan(p.0);
            let clear_of_label = label.is_none_or(|b| {
                on_page.x < b.min().x - 1.0
                    || on_page.x > b.max().x + 1.0
                    || on_page.y < b.min().y - 1.0
                    || on_page.y > b.max().y + 1.0
            });
            if polygon.contains(&p)
                && Euclidean.distance(&p, polygon.exterior()) > 0.5
                && clear_of_label
            {
                let d = Euclidean.distance(&p, &centre);
                if best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, on_page));
                }
            }
            x += step;
        }
        y += step;
    }
    let (_, on_page) = best.expect("a clear point in the room");
    let px = |mm: f64| (mm / 25.4 * f64::from(dpi)).floor() as u32;
    (px(on_page.x), px(on_page.y))
}

fn pixel(png: &[u8], at: (u32, u32)) -> Rgb {
    let pixmap = tiny_skia::Pixmap::decode_png(png).expect("PNG");
    let p = pixmap.pixel(at.0, at.1).expect("inside");
    assert_eq!(p.alpha(), 255);
    Rgb::new(p.red(), p.green(), p.blue())
}

fn close(a: Rgb, b: Rgb) -> bool {
    let d = |x: u8, y: u8| x.abs_diff(y) <= 2;
    d(a.r, b.r) && d(a.g, b.g) && d(a.b, b.b)
}

#[test]
fn png_has_the_paper_size_and_the_theme_colour_inside_the_biggest_room() {
    let (project, rooms, title) = fullest_floor();
    let biggest = (0..rooms.len())
        .max_by(|a, b| {
            let area = |i: usize| rooms[i].polygon.unsigned_area();
            area(*a).total_cmp(&area(*b))
        })
        .expect("rooms");
    let dpi = 150;
    let by_unit = sheet(&project, &rooms, &title, Theme::Unit);
    let started = Instant::now();
    let png = to_png(&by_unit, dpi).expect("png");
    eprintln!(
        "PNG {dpi} dpi: {:?}, {} bytes",
        started.elapsed(),
        png.len()
    );
    let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("PNG");
    // A4 landscape at 150 dpi: 297 / 25.4 × 150 = 1753.9 → 1754, 210 mm → 1240.
    assert_eq!((pixmap.width(), pixmap.height()), (1754, 1240));
    assert_eq!(png_size(&by_unit, dpi), (1754, 1240));
    // The page is white outside the frame.
    assert_eq!(pixel(&png, (5, 5)), Rgb::new(255, 255, 255));

    let fill = by_unit.rooms[biggest].fill;
    let at = probe(&by_unit, biggest, dpi);
    assert!(
        close(pixel(&png, at), fill),
        "{:?} ≠ {fill:?}",
        pixel(&png, at)
    );

    let other = Theme::ALL
        .into_iter()
        .map(|t| sheet(&project, &rooms, &title, t))
        .find(|s| s.rooms[biggest].fill != fill)
        .expect("a theme that colours the room otherwise");
    let png = to_png(&other, dpi).expect("png");
    let at = probe(&other, biggest, dpi);
    let seen = pixel(&png, at);
    assert!(close(seen, other.rooms[biggest].fill), "{seen:?}");
    assert!(!close(seen, fill));
}

#[test]
fn pdf_is_one_a4_page_with_the_floor_name_as_text() {
    let (project, rooms, title) = fullest_floor();
    let sheet = sheet(&project, &rooms, &title, Theme::Category);
    let started = Instant::now();
    let pdf = to_pdf(&sheet).expect("pdf");
    eprintln!("PDF: {:?}, {} bytes", started.elapsed(), pdf.len());
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert_eq!(pages, 1);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("3F.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(extracted) = run_tool("pdftotext", &[path.as_os_str(), "-".as_ref()]) else {
        eprintln!("pdftotext (poppler-utils) is not installed: text not checked");
        return;
    };
    let floor = title.rsplit(" · ").next().expect("floor name");
    assert!(extracted.contains(floor), "{extracted}");
    assert!(extracted.contains(BUILDING), "{extracted}");
    if let Some(info) = run_tool("pdfinfo", &[path.as_os_str()]) {
        // 297 × 210 mm = 841.89 × 595.28 pt.
        assert!(info.contains("841.89 x 595.27"), "{info}");
    }
}

/// The standard output of a tool, or `None` when it is not installed.
fn run_tool(tool: &str, args: &[&std::ffi::OsStr]) -> Option<String> {
    let out = Command::new(tool).args(args).output().ok()?;
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn write_picks_the_format_by_extension_and_leaves_nothing_behind_on_failure() {
    let (project, rooms, title) = fullest_floor();
    let sheet = sheet(&project, &rooms, &title, Theme::Status);
    let dir = tempfile::tempdir().unwrap();

    let bad = dir.path().join("平面图.docx");
    let error = write(&sheet, &bad).expect_err("unknown extension");
    assert!(matches!(error, ExportError::UnknownFormat { .. }));
    assert!(error.to_string().contains("平面图.docx"), "{error}");
    assert!(files_in(dir.path()).is_empty());

    let missing = dir.path().join("no such folder").join("3F.pdf");
    let error = write(&sheet, &missing).expect_err("no folder");
    assert!(error.to_string().contains("3F.pdf"), "{error}");
    assert!(files_in(dir.path()).is_empty());

    for (name, magic) in [
        ("3F.svg", &b"<?xml"[..]),
        ("3F.PNG", &b"\x89PNG"[..]),
        ("3F.pdf", &b"%PDF-"[..]),
    ] {
        write(&sheet, &dir.path().join(name)).expect(name);
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert!(bytes.starts_with(magic), "{name}");
    }
    // No temporary files remain beside the results.
    assert_eq!(files_in(dir.path()), ["3F.PNG", "3F.pdf", "3F.svg"]);
}

#[test]
fn export_plan_writes_a_pdf_and_names_an_unknown_floor() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let file = file.to_str().unwrap();
    let out = dir.path().join("3F.pdf");
    let printed = officeplan_ok(&[
        "export-plan",
        file,
        "--building",
        BUILDING,
        "--floor",
        "3F",
        "--theme",
        "compliance",
        "--paper",
        "a3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(printed.contains("3F.pdf"), "{printed}");
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    let missing = officeplan(&[
        "export-plan",
        file,
        "--building",
        BUILDING,
        "--floor",
        "9F",
        "--out",
        dir.path().join("9F.pdf").to_str().unwrap(),
    ]);
    assert!(!missing.status.success());
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(message.contains("9F"), "{message}");
    // It lists the floors the building has.
    assert!(
        message.contains("1F") && message.contains("6F"),
        "{message}"
    );
    assert!(!dir.path().join("9F.pdf").exists());

    let unknown_building = officeplan(&[
        "export-plan",
        file,
        "--building",
        "行政中心",
        "--floor",
        "3F",
        "--out",
        dir.path().join("x.svg").to_str().unwrap(),
    ]);
    assert!(!unknown_building.status.success());
    let message = String::from_utf8_lossy(&unknown_building.stderr);
    assert!(
        message.contains("行政中心") && message.contains(BUILDING),
        "{message}"
    );
}

/// Issue 11 #15: `export-geojson` wrote in place, so a full disk destroyed the previous good
/// export. Every export now goes through `io::output::write_whole`: a writer that fails
/// midway (as a full disk does) leaves the previous file byte-identical and no temporary file.
#[test]
fn an_export_failing_midway_leaves_the_previous_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let out = dir.path().join("6F.geojson");
    officeplan_ok(&[
        "export-geojson",
        file.to_str().unwrap(),
        "--building",
        "综合办公楼",
        "--floor",
        "6F",
        out.to_str().unwrap(),
    ]);
    let good = std::fs::read(&out).unwrap();
    let listed = files_in(dir.path());
    let error = officeplan::io::output::write_whole(&out, |w| {
        // Half of a new export, then the disk is full.
        w.write_all(&good[..good.len() / 2])?;
        Err(std::io::Error::from_raw_os_error(28))
    })
    .expect_err("the writer failed");
    assert_eq!(error.raw_os_error(), Some(28));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        good,
        "the previous export is intact"
    );
    assert_eq!(files_in(dir.path()), listed, "no temporary file is left");
}
