//! The inventory built in the app from nothing, by labels and pointer events: 新建项目 →
//! region 示范区 with its code (a short code refused with a message) → a compound → a building
//! with 建设年代, 权属 and 总建筑面积 → the file holds them; undo and redo; snapshots of the
//! wizard, the building form and the site map with the new building.

mod common;
mod ui_support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use officeplan::model::TitleStatus;
use officeplan::store::Store;
use officeplan::ui::{CentreView, OfficeplanApp};
use ui_support::{can_render, click, harness, serial, type_into, wait_for_jobs};

#[test]
fn new_project_then_a_compound_and_a_building_by_labels() {
    let _guard = serial();
    let dir = tempfile::tempdir().expect("dir");
    let mut h = harness(OfficeplanApp::empty());
    h.run();
    click(&mut h, "文件");
    click(&mut h, "新建项目…");
    type_into(&mut h, "行政区划名称", "示范区");
    // The file is named after the region.
    assert_eq!(
        h.get_by_label("文件名").value().as_deref(),
        Some("示范区.gpkg")
    );
    type_into(&mut h, "统计用区划代码（12 位）", "4299");
    h.get_by_label("区划代码应为 12 位数字（现为 4 位）");
    type_into(&mut h, "统计用区划代码（12 位）", "429999000000");
    assert!(h.query_by_label_contains("区划代码应为").is_none());
    type_into(&mut h, "上级区划代码（可空）", "4299");
    h.get_by_label("上级区划代码应为 12 位数字（现为 4 位）");
    type_into(&mut h, "上级区划代码（可空）", "429900000000");
    type_into(&mut h, "省份（乡级指标）", "湖北");
    type_into(&mut h, "统计截止日期", "2026-09-30");
    // The snapshot before the folder is typed: a temporary folder's name differs every run.
    if can_render() {
        h.snapshot("inventory_wizard");
    }
    type_into(&mut h, "保存位置", dir.path().to_str().expect("utf-8"));
    click(&mut h, "创建");
    wait_for_jobs(&mut h);
    let path = dir.path().join("示范区.gpkg");
    assert!(
        path.exists(),
        "the wizard wrote the file named after the region"
    );
    let region = h
        .state()
        .workspace()
        .and_then(|w| w.index().region.clone())
        .expect("the new file is open with its region");
    assert_eq!(
        (
            region.name.as_str(),
            region.code.as_str(),
            region.parent_code.as_str()
        ),
        ("示范区", "429999000000", "429900000000")
    );

    click(&mut h, "添加院落");
    type_into(&mut h, "院落名称", "城关院");
    type_into(&mut h, "地址坐落", "示范区人民路1号");
    type_into(&mut h, "经度", "112.2");
    type_into(&mut h, "纬度", "30.9");
    click(&mut h, "保存");
    assert_eq!(h.state().workspace().expect("open").index().sites.len(), 1);

    click(&mut h, "添加楼栋");
    type_into(&mut h, "楼栋名称", "综合楼");
    type_into(&mut h, "建设年代", "1998");
    type_into(&mut h, "总建筑面积", "4200");
    click(&mut h, "权属登记情况");
    click(&mut h, "已登记");
    if can_render() {
        h.snapshot("inventory_building_form");
    }
    click(&mut h, "保存");
    let store = Store::open(&path).expect("open");
    let project = store.load_project().expect("load");
    let b = &project.buildings[0];
    assert_eq!(b.name, "综合楼");
    assert_eq!(b.year_built, Some(1998));
    assert_eq!(b.gross_area_m2, Some(4200.0));
    assert_eq!(b.title_status, TitleStatus::Registered);
    assert_eq!(b.site, project.sites[0].uuid);
    drop(store);

    // The site map shows the new building (no footprint: a marker at its compound).
    h.state_mut().set_centre(CentreView::SiteMap);
    h.run();
    if can_render() {
        h.snapshot("inventory_site_map");
    }

    // Undo takes the building back out, redo puts it in again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state()
            .workspace()
            .expect("open")
            .index()
            .buildings
            .is_empty()
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(
        h.state().workspace().expect("open").index().buildings.len(),
        1
    );
}
