//! Issue 12 (rooms): the DXF dialog imports onto a floor that does not exist yet (新楼层),
//! with the new rooms' status chosen and their categories recognised from the names, so a
//! 卫生间 or 弱电间 is not an office; 导入 DXF… opens without a floor shown.

mod common;
mod ui_support;

use std::collections::HashMap;

use egui::Modifiers;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use officeplan::model::{RoomCategory, RoomStatus};
use officeplan::store::Store;
use ui_support::{open_sample, sample_on_floor, serial, wait_for_jobs};

/// Number → category of 综合办公楼 6F in the sample's GeoJSON (sample_plans/plans/综合办公楼/
/// 6F.geojson), the floor the drawing sample_plans/drawings/综合办公楼/6F.dxf is of.
fn geojson_categories() -> HashMap<String, RoomCategory> {
    let text = std::fs::read_to_string("sample_plans/plans/综合办公楼/6F.geojson").unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["number"].as_str().unwrap().to_owned(),
                officeplan::model::Coded::parse(p["category"].as_str().unwrap()).unwrap(),
            )
        })
        .collect()
}

/// The floor's rooms in the file, by number: (category, status, area).
fn stored(path: &std::path::Path, floor: &str) -> Option<Vec<(String, RoomCategory, RoomStatus)>> {
    let store = Store::open(path).unwrap();
    let index = store.load_index().unwrap();
    let f = index.find_floor("综合办公楼", floor)?;
    let uuid = index.floors[f].floor.uuid;
    Some(
        store
            .load_floor_rooms(&uuid)
            .unwrap()
            .into_iter()
            .map(|r| (r.number, r.category, r.status))
            .collect(),
    )
}

#[test]
fn import_the_6f_drawing_into_a_new_floor_with_categories_from_names_and_undo() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    let path = h.state().workspace().unwrap().path().to_owned();
    assert!(
        stored(&path, "7F").is_none(),
        "the sample's building has B1–6F"
    );

    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导入 DXF…").click();
    h.run();
    h.get_by_label("文件路径").focus();
    h.get_by_label("文件路径")
        .type_text("sample_plans/drawings/综合办公楼/6F.dxf");
    h.run();
    h.get_by_label("读取图层").click();
    wait_for_jobs(&mut h);
    // Into a new floor 7F (level 7) of the shown floor's building, the rooms 闲置.
    h.get_by_label("新楼层").click();
    h.run();
    h.get_by_label("楼层名称").focus();
    h.get_by_label("楼层名称").type_text("7F");
    h.get_by_label("层序").focus();
    h.get_by_label("层序").type_text("7");
    h.run();
    h.get_by_label("新房间状态").click();
    h.run();
    h.get_by_label("闲置").click();
    h.run();
    h.get_by_label("预览").click();
    wait_for_jobs(&mut h);
    // sample_plans/README.md: 14 rooms, 437.94 m²; against a floor with none, all 14 new.
    let lines = h.state().dxf_preview_lines();
    let has = |text: &str| lines.iter().any(|l| l.contains(text));
    assert!(
        has("房间 14 个，内洞(柱、井道) 4 个，使用面积合计 437.94 ㎡"),
        "{lines:#?}"
    );
    assert!(has("新增 14 个"), "{lines:#?}");
    h.get_by_label("导入").click();
    // The file watcher sees the write: a few more frames than run() allows.
    h.run_steps(8);

    let rooms = stored(&path, "7F").expect("the import created 7F");
    assert_eq!(rooms.len(), 14, "{:?}", h.state().notifications());
    // Every room has the category the GeoJSON gives it: the 2 offices (605, 609) by default,
    // the 9 service rooms (会议室, 资料室, 储藏室, 文印室, 开水间, 卫生间) and 弱电间 by name.
    let expected = geojson_categories();
    for (number, category, status) in &rooms {
        assert_eq!(Some(category), expected.get(number), "{number}");
        assert_eq!(*status, RoomStatus::Idle, "{number}");
    }
    let offices = rooms.iter().filter(|r| r.1 == RoomCategory::Office).count();
    assert_eq!(offices, 2);
    // The new floor is shown with the drawing's area.
    let plan = h.state().plan().unwrap();
    assert_eq!(plan.rooms.len(), 14);
    assert!((plan.areas.iter().sum::<f64>() - 437.94).abs() < 0.01);

    // Undo: the rooms go, then the floor; redo brings both back.
    // One step: undo takes the floor away with its rooms, redo brings both back.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        stored(&path, "7F").is_none(),
        "{:?}",
        h.state().notifications()
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(stored(&path, "7F").map(|r| r.len()), Some(14));
}

#[test]
fn import_dxf_opens_without_a_floor_shown() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    assert!(h.state().plan().is_none());
    h.get_by_label("文件").click();
    h.run();
    assert!(!h.get_by_label("导入 DXF…").accesskit_node().is_disabled());
    h.get_by_label("导入 DXF…").click();
    h.run();
    // No floor shown: the dialog imports into a new floor.
    h.get_by_label("楼层名称");
}

/// 新楼栋: the dialog creates the building too (in the chosen compound), then its floor with
/// the drawing's 14 rooms; undo takes the floor with its rooms, then the building.
#[test]
fn import_creates_a_new_building_and_its_floor() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    let path = h.state().workspace().unwrap().path().to_owned();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导入 DXF…").click();
    h.run();
    h.get_by_label("文件路径").focus();
    h.get_by_label("文件路径")
        .type_text("sample_plans/drawings/综合办公楼/6F.dxf");
    h.run();
    h.get_by_label("读取图层").click();
    wait_for_jobs(&mut h);
    h.get_by_label("楼栋").click();
    h.run();
    h.get_by_label("＋ 新楼栋").click();
    h.run();
    h.get_by_label("新楼栋名称").focus();
    h.get_by_label("新楼栋名称").type_text("档案楼");
    h.get_by_label("楼层名称").focus();
    h.get_by_label("楼层名称").type_text("1F");
    h.get_by_label("层序").focus();
    h.get_by_label("层序").type_text("1");
    h.run();
    h.get_by_label("预览").click();
    wait_for_jobs(&mut h);
    h.get_by_label("导入").click();
    h.run_steps(8);

    let rooms_of_new = |path: &std::path::Path| {
        let store = Store::open(path).unwrap();
        let index = store.load_index().unwrap();
        let b = index.find_building("档案楼")?;
        let floor = index.find_floor("档案楼", "1F");
        Some((
            index.buildings[b].building.site,
            floor.map(|f| {
                store
                    .load_floor_rooms(&index.floors[f].floor.uuid)
                    .unwrap()
                    .len()
            }),
        ))
    };
    let first_site = Store::open(&path).unwrap().load_index().unwrap().sites[0]
        .site
        .uuid;
    assert_eq!(
        rooms_of_new(&path),
        Some((first_site, Some(14))),
        "{:?}",
        h.state().notifications()
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(rooms_of_new(&path), Some((first_site, None)));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(rooms_of_new(&path), None);
}
