//! 范围 of a provincial file (issue #16, province views): three generated counties merged into
//! a province, opened in the window. The navigator groups the compounds under their regions
//! with each region's totals; picking a county under 范围 shows that county only — in the
//! navigator, the stack plan and the findings — and 报表 writes 办公用房信息 per region.

use std::path::{Path, PathBuf};

use calamine::{Reader as _, Xlsx, open_workbook};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::analysis::AreaBasis;
use officeplan::analysis::area::format_area;
use officeplan::model::RegionScope;
use officeplan::ui::{CentreView, OfficeplanApp};
use officeplan::workspace::Workspace;
use officeplan::workspace::region_groups::region_groups;

use crate::common::officeplan_ok;
use crate::ui_support::{can_render, harness, serial, type_into, wait_for_jobs};

/// 甲县 (60 rooms), 乙县 (40), 丙县 (30), generated with seeds 41–43 and merged into
/// `province.gpkg` (湖北, 420000000000).
fn province(dir: &Path) -> PathBuf {
    let mut files = Vec::new();
    for (rooms, seed, name, code) in [
        ("60", "41", "甲县", "429901000000"),
        ("40", "42", "乙县", "429902000000"),
        ("30", "43", "丙县", "429903000000"),
    ] {
        let out = dir.join(format!("{code}.gpkg"));
        let out_text = out.to_str().unwrap().to_owned();
        officeplan_ok(&[
            "generate", "--rooms", rooms, "--seed", seed, "--county", name, "--code", code,
            &out_text,
        ]);
        files.push(out_text);
    }
    let province = dir.join("province.gpkg");
    let mut args = vec!["merge", province.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    officeplan_ok(&args);
    province
}

fn open_province() -> (tempfile::TempDir, Harness<'static, OfficeplanApp>) {
    let dir = tempfile::tempdir().unwrap();
    let file = province(dir.path());
    let mut h = harness(OfficeplanApp::open(&file));
    h.run();
    (dir, h)
}

/// `name（N 间，使用面积 …）`: a navigator row as labelled.
fn row(name: &str, rooms: u64, area: f64) -> String {
    format!(
        "{name}（{rooms} 间，{}）",
        format_area(area, AreaBasis::Usable)
    )
}

/// Picks `choice` under 范围, as a person would: open the list, click the entry.
fn pick_scope(h: &mut Harness<'_, OfficeplanApp>, choice: &str) {
    h.get_by_role_and_label(Role::ComboBox, "范围").click();
    h.run();
    h.get_by_role_and_label(Role::Button, choice).click();
    h.run();
}

#[test]
fn picking_a_county_under_scope_shows_its_compounds_and_totals() {
    let _guard = serial();
    let (_dir, mut h) = open_province();
    // Each region's totals, as the index has them (its compounds' totals added up).
    let (regions, groups, total) = {
        let w = h.state().workspace().unwrap();
        let regions = w.regions().unwrap();
        let groups = region_groups(w.index(), &regions, RegionScope::All);
        (regions, groups, w.index().totals.total())
    };
    assert_eq!(total.rooms, 130); // 60 + 40 + 30 generated
    let area = |name: &str| {
        groups
            .iter()
            .find(|g| g.region.as_ref().is_some_and(|r| r.name == name))
            .map(|g| g.totals.total())
            .unwrap()
    };
    // 本+下级: the root is the province with the total, then each region with its own.
    h.get_by_label(&row("湖北（本级+下级）", 130, total.area_m2));
    h.get_by_label(&row("本级 湖北 420000000000", 0, 0.0));
    for (name, code, rooms) in [
        ("甲县", "429901000000", 60),
        ("乙县", "429902000000", 40),
        ("丙县", "429903000000", 30),
    ] {
        let totals = area(name);
        assert_eq!(totals.rooms, rooms);
        h.get_by_label(&row(&format!("{name} {code}"), rooms, totals.area_m2));
    }
    let sum: f64 = ["甲县", "乙县", "丙县"]
        .iter()
        .map(|n| area(n).area_m2)
        .sum();
    assert!((sum - total.area_m2).abs() < 1e-6);

    pick_scope(&mut h, "乙县 429902000000");
    let yi = area("乙县");
    assert_eq!(h.state().scope(), RegionScope::Region(regions[2].uuid));
    // The root is the county with its totals, its compound under it; the other counties
    // are gone.
    h.get_by_label(&row("乙县 429902000000", 40, yi.area_m2));
    assert!(h.query_by_label_contains("甲县 429901000000").is_none());
    assert!(h.query_by_label_contains("湖北（本级+下级）").is_none());
    let tree = h.state().navigator_tree().unwrap();
    assert!(tree.regions.is_empty(), "one region: no row of its own");
    assert_eq!(tree.sites.len(), 1);
    let w = h.state().workspace().unwrap();
    let index = w.index();
    assert!(
        tree.sites
            .iter()
            .all(|s| index.sites[s.index].site.region == Some(regions[2].uuid))
    );

    // The stack plan shows the county's buildings only.
    h.state_mut().set_centre(CentreView::Stack);
    h.run();
    wait_for_jobs(&mut h);
    let floors: Vec<_> = h
        .state()
        .stack_plan()
        .row_rects
        .iter()
        .map(|(f, _)| *f)
        .collect();
    assert!(!floors.is_empty());
    let w = h.state().workspace().unwrap();
    let index = w.index();
    for f in &floors {
        let entry = index.floors.iter().find(|e| e.floor.uuid == *f).unwrap();
        let site = index.buildings[entry.building].site;
        assert_eq!(index.sites[site].site.region, Some(regions[2].uuid));
    }

    // 检查结果: each tab counts the county's findings (the province's check restricted to
    // 乙县), not the province's.
    let (county_idle, all_idle) = {
        let file = h.state().workspace().unwrap().path().to_path_buf();
        let mut w = Workspace::open(&file).unwrap();
        let checked = w.checked().unwrap();
        let county = checked
            .scoped(RegionScope::Region(regions[2].uuid), &regions)
            .unwrap();
        (
            county.compliance.idle_rooms.len(),
            checked.compliance.idle_rooms.len(),
        )
    };
    assert!(county_idle > 0 && county_idle < all_idle);
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("检查结果").click();
    h.run();
    wait_for_jobs(&mut h);
    h.get_by_label(&format!("闲置 {county_idle}"));

    // Back to 本级+下级: every region again, and the province's count.
    pick_scope(&mut h, "湖北（本级+下级）");
    wait_for_jobs(&mut h);
    h.get_by_label(&format!("闲置 {all_idle}"));
    assert_eq!(h.state().navigator_tree().unwrap().regions.len(), 4);
}

#[test]
fn the_scope_is_kept_for_the_file_when_it_is_opened_again() {
    let _guard = serial();
    let (dir, mut h) = open_province();
    pick_scope(&mut h, "丙县 429903000000");
    let chosen = h.state().scope();
    let file = dir.path().join("province.gpkg");
    h.state_mut().open_file(&file);
    h.run();
    assert_eq!(h.state().scope(), chosen);
    let tree = h.state().navigator_tree().unwrap();
    assert!(tree.root.starts_with("丙县 429903000000"), "{}", tree.root);
}

#[test]
fn the_office_table_by_region_from_the_report_dialog() {
    let _guard = serial();
    let (dir, mut h) = open_province();
    let out = dir.path().join("各区划.xlsx");
    h.get_by_label("报表").click();
    h.run();
    h.get_by_label("办公用房信息…").click();
    h.run_steps(8);
    // The dialog's 范围 (the navigator's is the other one, of the window behind).
    let combos = h.get_all_by_role_and_label(Role::ComboBox, "范围").count();
    assert_eq!(combos, 2);
    h.get_all_by_role_and_label(Role::ComboBox, "范围")
        .last()
        .unwrap()
        .click();
    h.run();
    h.get_by_role_and_label(
        Role::Button,
        "各区划分表并汇总（每个区划一张表，另附合计表）",
    )
    .click();
    h.run();
    type_into(&mut h, "文件路径", out.to_str().unwrap());
    h.get_by_label("确定").click();
    h.run();
    wait_for_jobs(&mut h);
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "办公用房信息-合计",
            "办公用房信息-本级",
            "办公用房信息-甲县",
            "办公用房信息-乙县",
            "办公用房信息-丙县",
        ]
    );
}

#[test]
fn snapshot_of_the_navigator_with_regions() {
    if !can_render() {
        return;
    }
    let _guard = serial();
    let (_dir, mut h) = open_province();
    h.run();
    h.snapshot("province_navigator");
}

/// A floor of another county leaves the plan when a county is picked, and the search lists
/// the county's rooms only (every generated county has units named 第1行政中心…).
#[test]
fn a_county_picked_keeps_the_plan_and_the_search_to_it() {
    let _guard = serial();
    let (_dir, mut h) = open_province();
    let regions = h.state().workspace().unwrap().regions().unwrap();
    let floor_of = |h: &Harness<'_, OfficeplanApp>, region: usize| {
        let index = h.state().workspace().unwrap().index();
        index
            .floors
            .iter()
            .position(|e| {
                let site = index.buildings[e.building].site;
                index.sites[site].site.region == Some(regions[region].uuid)
            })
            .unwrap()
    };
    let jia = floor_of(&h, 1);
    h.state_mut().open_floor(jia);
    h.run();
    assert!(h.state().plan().is_some());
    type_into(&mut h, "搜索", "行政中心");
    let all_hits = h.state().search_hits().len();
    pick_scope(&mut h, "乙县 429902000000");
    assert!(
        h.state().plan().is_none(),
        "甲县's floor is not shown under 乙县"
    );
    let hits = h.state().search_hits();
    assert!(
        !hits.is_empty() && hits.len() < all_hits,
        "{} of {all_hits}",
        hits.len()
    );
    let index = h.state().workspace().unwrap().index();
    for hit in hits {
        let e = index
            .floors
            .iter()
            .find(|e| e.floor.uuid == hit.floor)
            .unwrap();
        let site = index.buildings[e.building].site;
        assert_eq!(index.sites[site].site.region, Some(regions[2].uuid));
    }
    // A floor of the county shown stays when the scope widens.
    let yi = floor_of(&h, 2);
    h.state_mut().open_floor(yi);
    h.run();
    pick_scope(&mut h, "湖北（本级+下级）");
    assert!(h.state().plan().is_some());
}
