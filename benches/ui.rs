//! UI benchmarks (issue #4): one frame of the plan canvas for a 5,000-room floor, built from
//! the cached tessellation with labels (target ≤ 4 ms median), and building the navigator
//! for a 1M-room file (target ≤ 1 s).
//!
//! Issue 11: one whole frame of the app (every panel, headless) on the 1M-room file while it
//! is opened and then checked in the background (target: no frame waits > 100 ms). Run it
//! alone with `cargo bench --bench ui -- app_frame --warm-up-time 1 --measurement-time 3`.
//!
//! Frames run through a real `egui::Context` with the bundled CJK font, as in the app.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use officeplan::synth::{GenerateOptions, generate};
use officeplan::ui::OfficeplanApp;
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

/// A frame's output with its texture changes taken (no renderer here to upload them; egui
/// asserts, in builds with debug assertions, that none is dropped unhandled).
fn settled(mut output: egui::FullOutput) -> egui::FullOutput {
    output.textures_delta.clear();
    output
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
        settled(output).shapes.len()
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
            let output = settled(ctx.run_ui(input(size), |ui| {
                egui::CentralPanel::default().show(ui, |ui| {
                    canvas.ui(ui, &plan, Theme::Unit, &theme_context, 0);
                });
            }));
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
            navigator.refresh(index, &[], officeplan::model::RegionScope::All, 0);
            settled(ctx.run_ui(input(egui::vec2(1400.0, 900.0)), |ui| {
                egui::Panel::left("nav").show(ui, |ui| {
                    navigator.ui(ui, &[], officeplan::model::RegionScope::All)
                });
            }))
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

/// One frame of the whole app into a 1400 × 900 window.
fn app_frame(ctx: &egui::Context, app: &mut OfficeplanApp) -> usize {
    settled(ctx.run_ui(input(egui::vec2(1400.0, 900.0)), |ui| app.show(ui)))
        .shapes
        .len()
}

/// The median and the largest of some durations.
fn median_and_max(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let max = times.last().copied().unwrap_or_default();
    (median, max)
}

fn app_frames_during_jobs(c: &mut Criterion) {
    let path = province_file(None);
    let ctx = context();
    let mut app = OfficeplanApp::empty();
    // The first frames build the font atlas (once per window, not per job).
    for _ in 0..3 {
        app_frame(&ctx, &mut app);
    }
    // Opening the 1M-room file (≈ 240 MB) is a job: frames go on meanwhile.
    let started = Instant::now();
    app.open_file(&path);
    let mut open_frames = Vec::new();
    while app.workspace().is_none() {
        assert!(app.has_jobs(), "{:?}", app.notifications());
        let t = Instant::now();
        app_frame(&ctx, &mut app);
        open_frames.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(5));
    }
    let opened_in = started.elapsed();
    let (median, max) = median_and_max(open_frames.clone());
    eprintln!(
        "open 1M rooms in the background: {opened_in:?}; {} frames meanwhile, median {median:?}, max {max:?}",
        open_frames.len()
    );
    // The 5,000-room floor, coloured by compliance: the check of 1M rooms runs as a job.
    app.open_floor(0);
    app.set_theme(Theme::Compliance);
    let room_elsewhere = {
        let w = app.workspace_mut().expect("open");
        let other = w.index().floors[1].floor.uuid;
        w.floor_plan(&other).expect("floor").rooms[0].clone()
    };
    let mut status = false;
    // Each restart is an edit (as a person's would be) that makes the check stale; its first
    // frame (the floor's cache rebuilt) is not a frame *during* the check and is not timed.
    let mut restart = |app: &mut OfficeplanApp| {
        status = !status;
        let fields = officeplan::workspace::RoomFields {
            status: if status {
                officeplan::model::RoomStatus::Repair
            } else {
                room_elsewhere.status
            },
            ..officeplan::workspace::RoomFields::of(&room_elsewhere)
        };
        app.workspace_mut()
            .expect("open")
            .apply(officeplan::workspace::Edit::SetRoom {
                room: room_elsewhere.uuid,
                fields,
            })
            .expect("edit");
        app_frame(&ctx, app);
        app_frame(&ctx, app);
        assert!(app.is_checking(), "{:?}", app.notifications());
    };
    app_frame(&ctx, &mut app);
    app_frame(&ctx, &mut app);
    assert!(app.is_checking());
    let mut all = Vec::new();
    let mut arrivals = Vec::new();
    // (check cycle, frames since its restart, time) of frames over 50 ms, to find them.
    let mut slow = Vec::new();
    let mut since_restart = 0usize;
    let mut checks = 0;
    let mut group = c.benchmark_group("app_frame");
    group.sample_size(10);
    group.bench_function("while_checking_1m_rooms", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if !app.is_checking() {
                    checks += 1;
                    restart(&mut app);
                    since_restart = 0;
                }
                let was_checking = app.is_checking();
                since_restart += 1;
                let t = Instant::now();
                app_frame(&ctx, &mut app);
                let took = t.elapsed();
                total += took;
                all.push(took);
                if took > Duration::from_millis(50) {
                    slow.push((checks, since_restart, took));
                }
                if was_checking && !app.is_checking() {
                    // The frame that takes the check's result in (and recolours the floor).
                    arrivals.push(took);
                }
                // A pause between frames, not a busy loop competing with the check for the cores.
                std::thread::sleep(Duration::from_millis(4));
            }
            total
        })
    });
    group.finish();
    eprintln!("frames that took a finished check in: {arrivals:?}");
    eprintln!("frames over 50 ms (check cycle, frames since its restart, time): {slow:?}");
    let (median, max) = median_and_max(all.clone());
    eprintln!(
        "app frames while checking 1M rooms: {} frames over {checks} restarted checks, median {median:?}, max {max:?}, over 100 ms: {}",
        all.len(),
        all.iter()
            .filter(|d| **d > Duration::from_millis(100))
            .count()
    );
}

criterion_group!(ui_benches, canvas, navigator, app_frames_during_jobs);
criterion_main!(ui_benches);
