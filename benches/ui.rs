//! UI benchmarks (issue #4): one frame of the plan canvas for a 5,000-room floor, built from
//! the cached tessellation with labels (target ≤ 4 ms median), and building the navigator
//! for a 1M-room file (target ≤ 1 s).
//!
//! Frames run through a real `egui::Context` with the bundled CJK font, as in the app.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use officeplan::synth::{GenerateOptions, generate};
use officeplan::ui::canvas::PlanCanvas;
use officeplan::ui::navigator::{Navigator, NavigatorTree};
use officeplan::view::{Theme, ThemeContext};
use officeplan::workspace::{FloorPlan, Workspace};

mod common;

use common::{LARGE_FLOOR, province_file};

fn context() -> egui::Context {
    let ctx = egui::Context::default();
    officeplan::ui::install_fonts(&ctx);
    ctx
}

fn input(ctx_size: egui::Vec2) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, ctx_size)),
        ..Default::default()
    }
}

fn canvas(c: &mut Criterion) {
    let project = generate(GenerateOptions {
        rooms: 6_000,
        seed: 3,
        large_floor_rooms: LARGE_FLOOR,
    });
    let floor = project.floors[0].uuid;
    let rooms: Vec<_> = project
        .rooms
        .iter()
        .filter(|r| r.floor == floor)
        .cloned()
        .collect();
    assert_eq!(rooms.len(), LARGE_FLOOR);
    let plan = FloorPlan::new(floor, rooms);
    let theme_context = ThemeContext::new(&project.units);
    let ctx = context();
    let size = egui::vec2(1400.0, 900.0);
    let mut canvas = PlanCanvas::default();
    let frame = |canvas: &mut PlanCanvas| {
        let output = ctx.run_ui(input(size), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                canvas.ui(ui, &plan, Theme::Unit, &theme_context, 0);
            });
        });
        output.shapes.len()
    };
    // Warm up: the first frame builds the cache (triangulation, R-tree) and fits the floor.
    for _ in 0..3 {
        frame(&mut canvas);
    }
    let mut group = c.benchmark_group("canvas");
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("frame_5000_rooms_fit", |b| b.iter(|| frame(&mut canvas)));
    // Zoomed in 6× about the centre: fewer rooms on screen but most carry full labels.
    canvas.zoom_about(6.0, egui::pos2(700.0, 450.0));
    frame(&mut canvas);
    group.bench_function("frame_5000_rooms_zoomed_labels", |b| {
        b.iter(|| frame(&mut canvas))
    });
    canvas.fit();
    frame(&mut canvas);
    // The same frame plus egui's tessellation of the shapes into meshes (outline strokes).
    group.bench_function("frame_5000_rooms_fit_with_tessellation", |b| {
        b.iter(|| {
            let output = ctx.run_ui(input(size), |ui| {
                egui::CentralPanel::default().show(ui, |ui| {
                    canvas.ui(ui, &plan, Theme::Unit, &theme_context, 0);
                });
            });
            ctx.tessellate(output.shapes, output.pixels_per_point).len()
        })
    });
    // Building the cache itself (what a theme switch or an edit costs once).
    group.bench_function("cache_build_5000_rooms", |b| {
        b.iter(|| officeplan::ui::canvas::PlanCache::build(&plan, Theme::Unit, &theme_context, 0))
    });
    group.finish();
}

fn navigator(c: &mut Criterion) {
    let path = province_file(None);
    let workspace = Workspace::open(&path).expect("open");
    let index = workspace.index();
    let ctx = context();
    let mut group = c.benchmark_group("navigator");
    group.sample_size(20);
    group.bench_function("build_tree_and_first_frame_1m", |b| {
        b.iter(|| {
            let mut navigator = Navigator::default();
            navigator.refresh(index, 0);
            ctx.run_ui(input(egui::vec2(1400.0, 900.0)), |ui| {
                egui::Panel::left("nav").show(ui, |ui| navigator.ui(ui));
            })
            .shapes
            .len()
        })
    });
    group.bench_function("build_tree_1m", |b| b.iter(|| NavigatorTree::build(index)));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("open_index_and_tree_1m", |b| {
        b.iter(|| {
            let w = Workspace::open(&path).expect("open");
            NavigatorTree::build(w.index()).sites.len()
        })
    });
    group.finish();
}

criterion_group!(ui_benches, canvas, navigator);
criterion_main!(ui_benches);
