//! Issue 17's import dialog on real drawings (`../shared/dxf-real/`, read from there): the
//! layers it proposes for hal9k, words instead of a bare colon when no drawing is chosen, a
//! large preview (A_000217, rooms from walls) read in the background with its progress and
//! dropped when the choices change, and the candidate preview's zoom, pan and 适应窗口.

use egui::accesskit::Toggled;
use egui::{Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use officeplan::i18n::{Language, set_language};
use officeplan::ui::OfficeplanApp;

use crate::dxf_candidates::on_canvas;
use crate::ui_support::{
    click, click_at, drag, dxf_into_new_floor, dxf_preview, sample_on_floor, serial,
    start_dxf_preview, type_into, wait_for_jobs,
};

/// A drawing of `../shared/dxf-real/` (sources in its README).
fn real(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/dxf-real")
        .join(name)
        .display()
        .to_string()
}

/// Whether the box or radio button labelled `label` is ticked.
fn ticked(h: &Harness<'_, OfficeplanApp>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().toggled() == Some(Toggled::True)
}

/// 文件 → 导入 DXF… with `drawing` typed in and its layers read.
fn dialog_on(h: &mut Harness<'_, OfficeplanApp>, drawing: &str) {
    click(h, "文件");
    click(h, "导入 DXF…");
    type_into(h, "文件路径", drawing);
    click(h, "读取图层");
    wait_for_jobs(h);
}

/// hal9k: layer 0 holds the walls (71 LINEs + 13 ARCs) and one HATCH, the frozen "Hatches"
/// layer the only closed outlines; the dialog proposes 0 as the wall layer and the texts of 0
/// as the labels — not 0 as a layer of outlines, not "Hatches".
#[test]
fn hal9k_is_proposed_as_walls_and_labels_on_layer_0() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    dialog_on(&mut h, &real("hal9k_floorplan.dxf"));
    assert!(ticked(&h, "0 · 墙线"), "0 is the wall layer");
    assert!(!ticked(&h, "0 · 房间轮廓"), "0 holds no room outlines");
    assert!(
        !ticked(&h, "Hatches · 房间轮廓"),
        "a frozen layer is not chosen"
    );
    assert!(!ticked(&h, "Luft · 墙线"));
    assert!(ticked(&h, "文字图层"), "labels from texts");
    assert!(ticked(&h, "0 · 标注文字"), "the texts of 0");
    // The door width is offered because walls are chosen.
    h.get_by_label("门洞封闭宽度");
}

/// No path, a missing file, a folder: the dialog says what to do, in words (no message
/// starts with the colon of an empty file name), in Chinese and in English.
#[test]
fn no_drawing_chosen_is_said_in_words() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    click(&mut h, "文件");
    click(&mut h, "导入 DXF…");
    click(&mut h, "读取图层");
    h.get_by_label("请选择 DXF 图纸文件（填写路径或点“浏览…”）");
    assert!(h.query_by_label_contains("发现 1 处问题").is_none());
    let missing = dir.path().join("没有这张图.dxf").display().to_string();
    type_into(&mut h, "文件路径", &missing);
    click(&mut h, "读取图层");
    h.get_by_label(&format!("找不到图纸文件 {missing}，请检查路径"));
    let folder = dir.path().display().to_string();
    type_into(&mut h, "文件路径", &folder);
    click(&mut h, "读取图层");
    h.get_by_label(&format!("{folder} 是文件夹，请选择其中的 DXF 图纸文件"));
    click(&mut h, "取消");

    set_language(Language::English);
    h.run();
    click(&mut h, "File");
    click(&mut h, "Import DXF…");
    click(&mut h, "Read layers");
    h.get_by_label("Choose a DXF drawing (type its path or click Browse…)");
    set_language(Language::Chinese);
}

/// A_000217 (3.7 MB, walls on WALL, labels on TEXT as the dialog proposes) previews rooms
/// from walls in the background: the dialog shows the job's progress and stays usable; a
/// changed door width drops the read under way and says so; 停止预览 stops another.
#[test]
fn a_large_preview_runs_in_the_background_and_a_change_drops_it() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    dialog_on(&mut h, &real("dxfjson_A_000217.dxf"));
    assert!(ticked(&h, "WALL · 墙线"));
    assert!(!ticked(&h, "FURNITURE · 墙线") && !ticked(&h, "GRIDLINES · 墙线"));
    assert!(ticked(&h, "文字图层") && !ticked(&h, "图块属性"));
    assert!(ticked(&h, "TEXT · 标注文字"));
    dxf_into_new_floor(&mut h, "A1", "1");

    h.get_by_label("预览").click();
    h.run_steps(3);
    assert!(
        h.state().has_jobs(),
        "the preview is read off the UI thread"
    );
    h.get_by_label_contains("正在读取图纸并生成预览");
    h.get_by_label("停止预览");
    // The dialog answers meanwhile: the door width is changed like a person types it.
    h.get_by_label("门洞封闭宽度").focus();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("门洞封闭宽度").type_text("1.5");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    h.get_by_label("选项已更改，上一次预览已作废：请重新预览");
    assert!(h.query_by_label("停止预览").is_none(), "the read stopped");
    assert!(h.state().dxf_preview_lines().is_empty());
    assert!(
        !h.state().job_labels().iter().any(|l| l.contains("DXF")),
        "{:?}",
        h.state().job_labels()
    );

    h.get_by_label("预览").click();
    h.run_steps(3);
    h.get_by_label_contains("正在读取图纸并生成预览");
    h.get_by_label("停止预览").click();
    h.run_steps(3);
    assert!(h.query_by_label("停止预览").is_none());
    assert!(h.state().dxf_preview_lines().is_empty());
}

/// qs_jiao (rooms as LINEs on "room", 26 numbers on room_text, drawn in cm with no
/// `$INSUNITS`) read in the background: a result of choices changed since 预览 is never
/// shown; asked again, it arrives and shows the 26 numbered rooms (01–26, the README's
/// rendering).
#[test]
fn a_preview_of_changed_choices_is_not_shown() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    h.state_mut().set_background_above(0);
    dialog_on(&mut h, &real("qs_jiao_floorplan.dxf"));
    assert!(ticked(&h, "room · 墙线") && ticked(&h, "room_text · 标注文字"));
    dxf_into_new_floor(&mut h, "Q1", "1");
    // In mm (the guess for a unitless drawing) the walls enclose no plausible room.
    click(&mut h, "图纸单位");
    click(&mut h, "cm");
    start_dxf_preview(&mut h);
    // Labels from node_text too: the read under way (or its result) is of other choices.
    // Clicked without waiting for the window to settle: the job's progress repaints it.
    h.get_by_label("node_text · 标注文字").click();
    h.step();
    wait_for_jobs(&mut h);
    assert!(h.state().dxf_preview_lines().is_empty());
    h.get_by_label("选项已更改，上一次预览已作废：请重新预览");

    click(&mut h, "node_text · 标注文字");
    start_dxf_preview(&mut h);
    wait_for_jobs(&mut h);
    let lines = h.state().dxf_preview_lines();
    assert!(lines.iter().any(|l| l.contains("房间 26 个")), "{lines:#?}");
    assert!(
        h.query_by_label("选项已更改，上一次预览已作废：请重新预览")
            .is_none()
    );
}

/// The candidate preview of `common::wall_drawing_dxf` (#W3 8.4–11.4 m, #W4 11.4–14 m side
/// by side, 0–5 m high) zooms about the pointer: after the wheel over #W3's middle (9.9, 2.5)
/// that point is still #W3 and the screen point that showed #W4 (12.0, 2.5) shows #W3 too; a
/// drag pans; 适应窗口 shows the whole drawing again.
#[test]
fn the_candidate_preview_zooms_about_the_pointer_pans_and_fits() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    dialog_on(&mut h, "tests/ui_dxf/walls.dxf");
    dxf_into_new_floor(&mut h, "7F", "7");
    dxf_preview(&mut h);

    // Which room a click at `at` selects (and unselects it again).
    let room_at = |h: &mut Harness<'_, OfficeplanApp>, at: Pos2| -> Option<String> {
        click_at(h, at, Modifiers::NONE);
        let hit = ["#W3", "#W4", "#W5", "#W6"]
            .into_iter()
            .find(|n| ticked(h, &format!("{n} · 选择")))?;
        click_at(h, at, Modifiers::NONE);
        Some(hit.to_owned())
    };
    let middle_w3 = on_canvas(&h, 9.9, 2.5);
    let in_w4 = on_canvas(&h, 12.0, 2.5);
    assert_eq!(room_at(&mut h, middle_w3).as_deref(), Some("#W3"));
    assert_eq!(room_at(&mut h, in_w4).as_deref(), Some("#W4"));

    // The wheel over #W3's middle: 2 × 100 points up, zoom ×e ≈ 2.72 (exp(200 / 200),
    // `Projector::navigate`).
    h.hover_at(middle_w3);
    h.step();
    for _ in 0..2 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, 100.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(30);
    assert_eq!(
        room_at(&mut h, middle_w3).as_deref(),
        Some("#W3"),
        "the point under the pointer stays"
    );
    // 2.1 m right of the pointer before, now 2.1 / 2.72 ≈ 0.77 m: inside #W3 (1.5 m from
    // its middle to its right wall at 11.4 m).
    assert_eq!(room_at(&mut h, in_w4).as_deref(), Some("#W3"));

    // A drag to the left by what 2.1 m now measures on screen pans the view: #W3's middle
    // shows the point 2.1 m to its right, (12.0, 2.5) in #W4.
    let from = middle_w3 + (in_w4 - middle_w3) * std::f32::consts::E;
    drag(&mut h, from, middle_w3, Modifiers::NONE);
    assert_eq!(room_at(&mut h, middle_w3).as_deref(), Some("#W4"));

    click(&mut h, "适应窗口");
    assert_eq!(room_at(&mut h, middle_w3).as_deref(), Some("#W3"));
    assert_eq!(
        room_at(&mut h, in_w4).as_deref(),
        Some("#W4"),
        "the whole drawing again"
    );
}
