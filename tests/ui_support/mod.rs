//! Driving the app like a person, shared by the UI tests: a harness, clicks and drags with
//! pointer events, and where a room is on the screen.

#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};

use egui::{Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use geo::BoundingRect as _;
use officeplan::i18n::{Language, set_language};
use officeplan::ui::OfficeplanApp;

/// The language is process-wide: UI tests run one at a time, in Chinese unless they switch.
pub static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> MutexGuard<'static, ()> {
    let guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    set_language(Language::Chinese);
    guard
}

pub fn harness(app: OfficeplanApp) -> Harness<'static, OfficeplanApp> {
    harness_sized(app, [1400.0, 900.0])
}

/// A harness of a given window size.
pub fn harness_sized(app: OfficeplanApp, size: [f32; 2]) -> Harness<'static, OfficeplanApp> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(officeplan::ui::install_fonts)
        .build_ui_state(|ui, app: &mut OfficeplanApp| app.show(ui), app)
}

/// The sample opened in the app, the temp dir that holds it.
pub fn open_sample() -> (tempfile::TempDir, Harness<'static, OfficeplanApp>) {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::common::sample_file(dir.path());
    let mut h = harness(OfficeplanApp::open(&path));
    h.run();
    (dir, h)
}

/// The sample in `dir`, opened in a 1400 × 900 window with `building`'s `floor` shown.
pub fn sample_on_floor(
    dir: &tempfile::TempDir,
    building: &str,
    floor: &str,
) -> Harness<'static, OfficeplanApp> {
    let path = crate::common::sample_file(dir.path());
    let mut h = harness_sized(OfficeplanApp::open(&path), [1400.0, 900.0]);
    h.run();
    show_floor(&mut h, building, floor);
    h
}

/// Shows `building`'s `floor` (by name) on the plan.
pub fn show_floor(h: &mut Harness<'_, OfficeplanApp>, building: &str, floor: &str) {
    let f = h
        .state()
        .workspace()
        .unwrap()
        .index()
        .find_floor(building, floor)
        .unwrap();
    h.state_mut().open_floor(f);
    h.run();
}

/// Steps frames (without waiting for the window to settle: a job's progress repaints it)
/// until no job runs, then lets the window settle.
pub fn wait_for_jobs(h: &mut Harness<'_, OfficeplanApp>) {
    let started = std::time::Instant::now();
    while h.state().has_jobs() {
        assert!(started.elapsed().as_secs() < 60, "the jobs ended");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// Replaces the text of the field labelled `label` with `text`, as typed.
pub fn type_into(h: &mut Harness<'_, OfficeplanApp>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable as _;
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Clicks the widget labelled `label` and lets the window settle.
pub fn click(h: &mut Harness<'_, OfficeplanApp>, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    h.get_by_label(label).click();
    h.run();
}

/// In the DXF dialog: import into a new floor named `name` at storey `level`.
pub fn dxf_into_new_floor(h: &mut Harness<'_, OfficeplanApp>, name: &str, level: &str) {
    click(h, "新楼层");
    type_into(h, "楼层名称", name);
    type_into(h, "层序", level);
}

/// In the DXF dialog: 预览, and wait until the preview's job has shown its result.
pub fn dxf_preview(h: &mut Harness<'_, OfficeplanApp>) {
    start_dxf_preview(h);
    wait_for_jobs(h);
    h.run_steps(4);
}

/// In the DXF dialog: 预览, without waiting for the window to settle (the preview's job
/// repaints it with its progress until it ends).
pub fn start_dxf_preview(h: &mut Harness<'_, OfficeplanApp>) {
    use egui_kittest::kittest::Queryable as _;
    h.get_by_label("预览").click();
    h.step();
}

/// Clicks at a screen position like a mouse: move, press, release.
pub fn click_at(h: &mut Harness<'_, OfficeplanApp>, pos: Pos2, modifiers: Modifiers) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        // The keys held are part of the frame's input, not only of the button event.
        h.event_modifiers(
            egui::Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers,
            },
            modifiers,
        );
        h.step();
    }
    h.run();
}

/// The screen position of a room's label point, and the room's index.
pub fn room_on_screen(h: &Harness<'_, OfficeplanApp>, number: &str) -> (usize, Pos2) {
    let app = h.state();
    let plan = app.plan().expect("a floor is shown");
    let projector = app.canvas().projector().expect("the canvas was drawn");
    let i = plan
        .rooms
        .iter()
        .position(|r| r.number == number)
        .unwrap_or_else(|| panic!("room {number} on the floor"));
    let center = plan.rooms[i].polygon.bounding_rect().unwrap().center();
    (i, projector.ui_from_plan(center))
}

/// Presses at `from`, moves to `to` in steps and releases, holding `modifiers`.
pub fn drag(h: &mut Harness<'_, OfficeplanApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.hover_at(from);
    h.step();
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: from,
            button: PointerButton::Primary,
            pressed: true,
            modifiers,
        },
        modifiers,
    );
    h.step();
    for k in 1..=8 {
        let t = k as f32 / 8.0;
        h.event_modifiers(egui::Event::PointerMoved(from + (to - from) * t), modifiers);
        h.step();
    }
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: to,
            button: PointerButton::Primary,
            pressed: false,
            modifiers,
        },
        modifiers,
    );
    h.step();
    h.run();
}

/// Snapshots need a Vulkan driver (mesa's lavapipe renders on the CPU; scripts/setup.sh
/// installs it). Without one, say so and skip rather than fail on the machine.
pub fn can_render() -> bool {
    let icd = std::path::Path::new("/usr/share/vulkan/icd.d");
    let ok = icd.read_dir().is_ok_and(|mut d| d.next().is_some());
    if !ok {
        eprintln!("skipping snapshot: no Vulkan driver (run scripts/setup.sh)");
    }
    ok
}
