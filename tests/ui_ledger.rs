//! 楼栋台账 by labels: opened from the View menu on the bundled sample (six buildings, see
//! sample_plans/buildings.csv), searched, sorted, and 编辑… opening the building's form.

mod common;
mod ui_support;

use egui_kittest::kittest::Queryable as _;
use ui_support::{open_sample, serial};

#[test]
fn the_ledger_lists_searches_and_opens_a_building() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("楼栋台账").click();
    h.run();
    // Every building of the sample, with its year and its title.
    h.get_by_label_contains("显示 6 / 6 栋");
    h.get_by_label("城东老办公楼");
    h.get_by_label("1992");
    h.get_by_label("未办证");

    // Two words: both must match (the compound's 城东, the building's 老).
    h.get_by_label("查找").focus();
    h.get_by_label("查找").type_text("城东 老");
    h.run();
    h.get_by_label_contains("显示 1 / 6 栋");
    assert!(h.query_by_label("综合办公楼").is_none());

    // Sorting by a column marks it; a second click reverses it.
    h.get_by_label("建设年代").click();
    h.run();
    h.get_by_label("建设年代 ▲").click();
    h.run();
    h.get_by_label("建设年代 ▼");
    h.get_by_label("查找").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("查找").type_text("城东");
    h.run();
    if ui_support::can_render() {
        h.snapshot("building_ledger");
    }
    h.get_by_label("查找").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("查找").type_text("城东 老");
    h.run();

    // The navigator has 编辑… buttons too: take the one in the ledger's window.
    h.get_by_role_and_label(egui::accesskit::Role::Window, "楼栋台账")
        .get_by_label("编辑…")
        .click();
    // A new window takes a few frames to size itself beside the ledger's scroll area.
    h.run_steps(8);
    assert_eq!(
        h.get_by_label("楼栋名称").value().as_deref(),
        Some("城东老办公楼")
    );
}

/// 在总平面图上点选: a building's form waits, the site map is shown, a click on an empty spot
/// fills in longitude and latitude, 保存 writes them (the sample's buildings stand near
/// 112.15–112.24 E, 30.87–30.91 N: sample_plans/buildings.csv).
#[test]
fn a_building_is_placed_by_a_click_on_the_site_map() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("楼栋台账").click();
    h.run();
    h.get_by_label("查找").focus();
    h.get_by_label("查找").type_text("城东 老");
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Window, "楼栋台账")
        .get_by_label("编辑…")
        .click();
    // A new window takes a few frames to size itself beside the ledger's scroll area.
    h.run_steps(8);
    let before = h.get_by_label("经度").value();
    h.get_by_label("在总平面图上点选").click();
    h.run_steps(8);
    assert_eq!(
        h.state().centre(),
        officeplan::ui::CentreView::SiteMap,
        "the map is shown"
    );
    h.get_by_label("请在总平面图上单击位置…");
    // The lower left of the map: the fitted map pads its buildings, so no building is there.
    ui_support::click_at(&mut h, egui::pos2(420.0, 840.0), egui::Modifiers::NONE);
    let lon: f64 = h
        .get_by_label("经度")
        .value()
        .expect("a longitude")
        .parse()
        .expect("a number");
    let lat: f64 = h
        .get_by_label("纬度")
        .value()
        .expect("a latitude")
        .parse()
        .expect("a number");
    assert_ne!(h.get_by_label("经度").value(), before);
    assert!(
        (112.0..112.4).contains(&lon) && (30.8..31.0).contains(&lat),
        "{lon} {lat}"
    );
    h.get_by_label("保存").click();
    h.run();
    let w = h.state().workspace().expect("open");
    let b = w.index().find_building("城东老办公楼").expect("building");
    let (x, y) = w.index().buildings[b]
        .building
        .anchor_lon_lat
        .expect("placed");
    assert!((x - lon).abs() < 1e-6 && (y - lat).abs() < 1e-6);
}
