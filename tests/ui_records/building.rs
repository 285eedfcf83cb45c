//! The building form's 主要使用单位 (技术业务用房信息): chosen from the file's units by clicking,
//! saved as the building's, one undoable edit.

use egui_kittest::kittest::Queryable as _;

use crate::ui_support::{open_sample, serial};

#[test]
fn a_buildings_main_unit_is_chosen_in_its_form() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    // The navigator: the first compound's 编辑…, then its first building's (综合办公楼).
    h.query_all_by_label("编辑…")
        .nth(1)
        .expect("the building's 编辑…")
        .click();
    h.run_steps(8);
    h.get_by_label("主要使用单位").click();
    h.run();
    h.get_by_label("县公安局").click();
    h.run();
    h.get_by_label("保存").click();
    h.run();
    let w = h.state().workspace().unwrap();
    let police = w
        .units()
        .iter()
        .find(|u| u.name == "县公安局")
        .unwrap()
        .uuid;
    let b = w
        .index()
        .buildings
        .iter()
        .map(|b| &b.building)
        .find(|b| b.name == "综合办公楼")
        .unwrap();
    assert_eq!(b.main_user.unit, Some(police));
    assert_eq!(b.main_user.name, "县公安局");
}
