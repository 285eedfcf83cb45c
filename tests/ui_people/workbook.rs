//! Issue 13, the 编制 workbook from the menus: 文件 → 导出编制表… writes the file's workbook;
//! 文件 → 导入编制表… of a workbook with a planted bad row shows that row's sheet, row and
//! column and imports nothing; while a scenario is shown the import is refused; a good
//! workbook, updated by name, changes `check --json` by the hand-computed amounts, and 撤销
//! restores the file.
//!
//! The numbers: 县审计局 is a 县级 unit with 1 乡科级正职 (正科级, 18 m²), 2 乡科级副职
//! (副科级, 12 m²) and 6 科员级 (科级以下, 9 m²) posts (sample_plans/posts.csv): approved
//! office area 18 + 2 × 12 + 6 × 9 = 96 m² (2014 standard, 县级机关 rows). With 8 科级以下 posts
//! it is 18 + 24 + 72 = 114 m². The new 县史志研究中心 (1 正科级, 2 副科级, 2 科级以下) is approved
//! 18 + 24 + 18 = 60 m².

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::io::excel::book::read_book;
use officeplan::io::excel::layout::{Cell, SheetData};
use officeplan::io::excel::template::write_workbook;
use officeplan::ui::OfficeplanApp;

use crate::common::officeplan_ok;
use crate::ui_support::{can_render, click, open_sample, serial, type_into, wait_for_jobs};

/// 文件 → `item`.
fn file_menu(h: &mut Harness<'_, OfficeplanApp>, item: &str) {
    click(h, "文件");
    click(h, item);
    h.run_steps(8);
}

/// Types `path` into the path dialog and presses 确定.
fn choose_path(h: &mut Harness<'_, OfficeplanApp>, path: &Path) {
    type_into(h, "文件路径", path.to_str().expect("utf-8 path"));
    click(h, "确定");
    h.run_steps(8);
}

fn column(sheet: &SheetData, header: &str) -> usize {
    sheet
        .columns
        .iter()
        .position(|c| c.header == header)
        .unwrap_or_else(|| panic!("column {header}"))
}

/// The sample's workbook with the 职务级别 of the 人员 sheet's row 5 (the fourth person)
/// set to 处长级, which is no GB/T 12407 grade.
fn bad_book(h: &Harness<'_, OfficeplanApp>, path: &Path) {
    let contents = h.state().workspace().unwrap().workbook_contents().unwrap();
    let mut sheets = contents.sheets();
    let grade = column(&sheets[1], "职务级别");
    sheets[1].rows[3][grade] = Cell::Text("处长级".into());
    write_workbook(path, &sheets, &contents.buildings).unwrap();
}

/// A workbook that names only 县审计局 (科级以下 6 → 8) and a new 县史志研究中心 (both under
/// 示范县人民政府, which the book does not list), with no persons and no rooms.
fn update_book(h: &Harness<'_, OfficeplanApp>, path: &Path) {
    let contents = h.state().workspace().unwrap().workbook_contents().unwrap();
    let mut sheets = contents.sheets();
    let units = &mut sheets[0];
    let name = column(units, "单位名称");
    let below = column(units, "科级以下");
    let mut audit = units
        .rows
        .iter()
        .find(|r| r[name] == Cell::Text("县审计局".into()))
        .expect("县审计局")
        .clone();
    assert_eq!(audit[below], Cell::Count(6), "posts.csv: 6 科员级");
    audit[below] = Cell::Count(8);
    let mut archive = audit.clone();
    archive[name] = Cell::Text("县史志研究中心".into());
    archive[below] = Cell::Count(2);
    units.rows = vec![audit, archive];
    sheets[1].rows.clear();
    sheets[2].rows.clear();
    write_workbook(path, &sheets, &contents.buildings).unwrap();
}

/// `check --json` of the file: the unit count and each unit's approved office area.
fn checked(file: &Path) -> (u64, Vec<(String, f64)>) {
    let text = officeplan_ok(&["check", file.to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let units = value["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_owned(),
                u["approved_office_m2"].as_f64().unwrap(),
            )
        })
        .collect();
    (value["summary"]["units"].as_u64().unwrap(), units)
}

fn approved(units: &[(String, f64)], name: &str) -> Option<f64> {
    units.iter().find(|(n, _)| n == name).map(|(_, a)| *a)
}

#[test]
fn a_bad_row_is_shown_and_nothing_imported_then_a_good_book_updates_by_name_and_undoes() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    let file = h.state().workspace().unwrap().path().to_path_buf();
    let before = h.state().workspace().unwrap().organisation().unwrap();

    // 导出编制表…: the file's 32 units and 326 persons (sample_plans/README.md).
    let exported = dir.path().join("编制表.xlsx");
    file_menu(&mut h, "导出编制表…");
    choose_path(&mut h, &exported);
    wait_for_jobs(&mut h);
    let book = read_book(&exported).expect("the exported workbook reads back");
    assert_eq!(book.units.rows.len(), 32);
    assert_eq!(book.persons.as_ref().map(|s| s.rows.len()), Some(326));
    // The blank template: the same sheets, no rows.
    let blank = dir.path().join("空白.xlsx");
    file_menu(&mut h, "导出编制表…");
    click(&mut h, "空白模板");
    choose_path(&mut h, &blank);
    wait_for_jobs(&mut h);
    let book = read_book(&blank).expect("the blank template reads back");
    assert!(book.units.rows.is_empty() && !book.units.headers.is_empty());
    assert_eq!(book.persons.as_ref().map(|s| s.rows.len()), Some(0));

    // A planted bad row: the problem table names it, and 导入 imports nothing.
    let bad = dir.path().join("坏行.xlsx");
    bad_book(&h, &bad);
    file_menu(&mut h, "导入编制表…");
    choose_path(&mut h, &bad);
    h.get_by_label_contains("有 1 处问题");
    {
        let window = h.get_by_role_and_label(Role::Window, "导入编制表");
        window.get_by_label("工作表");
        window.get_by_label("人员");
        window.get_by_label("5");
        window.get_by_label("职务级别");
    }
    click(&mut h, "导入");
    assert_eq!(
        h.state().workspace().unwrap().organisation().unwrap(),
        before,
        "nothing imported"
    );
    click(&mut h, "取消");
    assert!(h.state().workbook_dialog_path().is_none());
    let (units, approved_before) = checked(&file);
    assert_eq!(units, 32);
    assert_eq!(approved(&approved_before, "县审计局"), Some(96.0));

    // While a scenario is shown the import is refused, as every edit of the baseline is, and
    // the dialog says so.
    let good = dir.path().join("编制更新.xlsx");
    update_book(&h, &good);
    type_into(&mut h, "新方案名称", "整合方案");
    click(&mut h, "新建方案");
    assert!(h.state().workspace().unwrap().active_scenario().is_some());
    file_menu(&mut h, "导入编制表…");
    choose_path(&mut h, &good);
    click(&mut h, "按名称更新");
    click(&mut h, "导入");
    h.get_by_label_contains("正在显示调剂方案“整合方案”");
    assert_eq!(
        h.state().workspace().unwrap().organisation().unwrap(),
        before,
        "refused in a scenario"
    );
    click(&mut h, "取消");
    h.get_by_role_and_label(Role::ComboBox, "显示").click();
    h.run();
    // The popup's entry (the panel also names 基准 in a label).
    h.get_by_role_and_label(Role::Button, "基准").click();
    h.run();
    assert!(h.state().workspace().unwrap().active_scenario().is_none());

    // A good book for updating by name: replacing all, the parent both rows name
    // (示范县人民政府, not in the book) is unknown, so the dry run shows those 2 problems;
    // updating by name changes 县审计局, adds 县史志研究中心 and leaves the rest.
    file_menu(&mut h, "导入编制表…");
    choose_path(&mut h, &good);
    h.get_by_label_contains("有 2 处问题");
    click(&mut h, "按名称更新");
    assert!(h.query_by_label_contains("处问题").is_none());
    h.get_by_label("新增单位：县史志研究中心");
    h.get_by_label("修改单位：县审计局");
    click(&mut h, "导入");
    assert!(
        h.state().workbook_dialog_path().is_none(),
        "the dialog closed"
    );
    let (units, after) = checked(&file);
    assert_eq!(units, 33);
    assert_eq!(approved(&after, "县审计局"), Some(114.0));
    assert_eq!(approved(&after, "县史志研究中心"), Some(60.0));
    // Every other unit as it was.
    for (name, area) in &approved_before {
        if name != "县审计局" {
            assert_eq!(approved(&after, name), Some(*area), "{name}");
        }
    }

    // 撤销: one step takes the whole import back.
    click(&mut h, "撤销");
    let (units, undone) = checked(&file);
    assert_eq!(units, 32);
    assert_eq!(undone, approved_before);
    assert_eq!(
        h.state().workspace().unwrap().organisation().unwrap(),
        before
    );
}

#[test]
fn snapshot_of_the_dry_run() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    let good = dir.path().join("编制更新.xlsx");
    update_book(&h, &good);
    file_menu(&mut h, "导入编制表…");
    choose_path(&mut h, &good);
    click(&mut h, "按名称更新");
    h.get_by_label("新增单位：县史志研究中心");
    if can_render() {
        h.snapshot("workbook_import_dry_run");
    }
}
