//! Issue 14 in the app: a person's 职级 and 党政正职 in the person form, and 文件 → 标准设置…
//! changing a value of 表3 by typing, with the check's numbers following at once.
//!
//! Numbers: cn-2014 `[ranks]` (一级主任科员 ↔ 乡科级正职 → county 正科级 18 m²); the sample's
//! 县长 程国强 uses 42.60 m² against 县级正职 30 (README problem 1), within 45 once the row is
//! typed as 45.

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use officeplan::analysis::compliance::PersonFindingKind;
use officeplan::model::Grade;
use officeplan::ui::OfficeplanApp;

use crate::ui_support::{can_render, click, open_sample, serial, type_into, wait_for_jobs};

type H<'a> = egui_kittest::Harness<'a, OfficeplanApp>;

fn form_field(h: &H<'_>, label: &str) -> egui::Rect {
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label(label)
        .rect()
}

#[test]
fn a_person_recorded_by_rank_and_flagged_party_or_government_head() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    click(&mut h, "视图");
    click(&mut h, "使用单位与人员");
    h.run_steps(8);
    type_into(&mut h, "筛选单位", "审计");
    click(&mut h, "县审计局");
    click(&mut h, "＋ 新增人员");
    h.run_steps(8);
    let _ = form_field(&h, "姓名");
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label("姓名")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label("姓名")
        .type_text("李明");
    h.run();
    // 职级: the list shows each 职级 with the grade and row it reads for a county organ.
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label("职级")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "一级主任科员（乡科级正职（正科级 18 m²））")
        .click();
    h.run_steps(4);
    click(&mut h, "仅有职级（按职级对应标准）");
    // The title is a hint only: 县长 suggests ticking 党政正职, nothing is ticked by itself.
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label("职务")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label("职务")
        .type_text("中共示范县县长");
    h.run_steps(4);
    assert!(
        h.query_by_label("职务像是党政正职，请确认是否勾选")
            .is_some()
    );
    click(&mut h, "党政正职");
    h.run_steps(4);
    assert!(
        h.query_by_label("职务像是党政正职，请确认是否勾选")
            .is_none()
    );
    h.get_by_role_and_label(Role::Window, "新增人员")
        .get_by_label("保存")
        .click();
    h.run();
    let o = h
        .state()
        .workspace()
        .expect("open")
        .organisation()
        .expect("org");
    let p = o.persons.iter().find(|p| p.name == "李明").expect("saved");
    assert_eq!(
        (
            p.rank.as_str(),
            p.rank_only,
            p.grade,
            p.party_government_head
        ),
        ("一级主任科员", true, Grade::SectionChief, true)
    );
    let log = h
        .state()
        .workspace()
        .expect("open")
        .history(1)
        .expect("log");
    assert_eq!(log[0].action, "add_person");
}

/// The 县长's over-standard finding and the count of persons over, from the app's check.
fn persons_over(h: &mut H<'_>) -> (usize, bool) {
    let checked = h
        .state_mut()
        .workspace_mut()
        .expect("open")
        .checked()
        .expect("check");
    let over: Vec<_> = checked
        .compliance
        .persons
        .iter()
        .filter(|f| f.kind == PersonFindingKind::OverStandard)
        .collect();
    let county_head = over.iter().any(|f| {
        checked
            .project
            .persons
            .get(f.person)
            .is_some_and(|p| p.name == "程国强")
    });
    (over.len(), county_head)
}

fn units_over(h: &mut H<'_>) -> usize {
    let checked = h
        .state_mut()
        .workspace_mut()
        .expect("open")
        .checked()
        .expect("check");
    checked.compliance.units.iter().filter(|u| u.over).count()
}

#[test]
fn the_standards_window_changes_a_row_by_typing_and_the_check_follows() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    click(&mut h, "文件");
    click(&mut h, "标准设置…");
    h.run_steps(8);
    wait_for_jobs(&mut h);
    h.run_steps(4);
    let (before, head_over) = persons_over(&mut h);
    assert!(head_over, "README problem 1: 42.60 m² > 30");
    let units = units_over(&mut h);
    let label = |u: usize, p: usize| format!("按当前标准：超标单位 {u} 个，超标人员 {p} 人");
    assert!(h.query_by_label(&label(units, before)).is_some());
    // The county column's row with its value and source.
    assert!(
        h.query_by_label_contains("来源：DOMAIN §1.4 [V]; https://m.kaqiz.cn")
            .is_some()
    );
    type_into(&mut h, "县级正职（县级机关）", "45");
    h.key_press(Key::Enter);
    h.run();
    wait_for_jobs(&mut h);
    h.run_steps(8);
    wait_for_jobs(&mut h);
    let settings = h
        .state()
        .workspace()
        .expect("open")
        .settings()
        .expect("settings");
    assert_eq!(
        settings.standard_overrides,
        "[office.county.rows.chief]\narea_m2 = 45\n"
    );
    let (after, head_over) = persons_over(&mut h);
    assert!(!head_over, "42.60 ≤ 45");
    assert!(after < before);
    let units_after = units_over(&mut h);
    assert!(
        h.query_by_label(&label(units_after, after)).is_some(),
        "the window shows the new count"
    );
    assert!(h.query_by_label("默认 30").is_some());
    if can_render() {
        h.snapshot("standards_window");
    }
    let log = h
        .state()
        .workspace()
        .expect("open")
        .history(1)
        .expect("log");
    assert_eq!(
        log[0].action,
        officeplan::model::ChangeAction::SetStandardOverrides.code()
    );
    // Undo gives the shipped value and the count back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    wait_for_jobs(&mut h);
    h.run_steps(8);
    wait_for_jobs(&mut h);
    assert_eq!(persons_over(&mut h).0, before);
    assert!(h.query_by_label(&label(units, before)).is_some());
}

#[test]
fn the_standards_window_remaps_a_rank_and_resets_it() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    click(&mut h, "文件");
    click(&mut h, "标准设置…");
    h.run_steps(8);
    wait_for_jobs(&mut h);
    // 一级主任科员 ↔ 乡科级正职 (cn-2014 [ranks]); a province reading it as 乡科级副职.
    // The 职级 rows are below the office rows: scrolled into view first.
    h.get_by_label("一级主任科员").scroll_to_me();
    h.run_steps(4);
    h.get_by_label("一级主任科员").click();
    h.run_steps(4);
    let choice = h
        .query_all_by_role_and_label(Role::Button, "乡科级副职")
        .last()
        .expect("the popup's choice")
        .rect()
        .center();
    crate::ui_support::click_at(&mut h, choice, egui::Modifiers::NONE);
    h.run_steps(4);
    let overrides = |h: &H<'_>| {
        h.state()
            .workspace()
            .expect("open")
            .settings()
            .expect("settings")
            .standard_overrides
    };
    assert_eq!(
        overrides(&h),
        "[ranks.rows.level_1_principal_clerk]\ngrade = \"142\"\n"
    );
    click(&mut h, "恢复默认");
    h.run_steps(4);
    assert_eq!(overrides(&h), "");
    let log = h
        .state()
        .workspace()
        .expect("open")
        .history(2)
        .expect("log");
    assert!(log.iter().all(|e| e.action == "set_standard_overrides"));
}
