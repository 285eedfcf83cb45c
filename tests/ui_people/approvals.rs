//! An approval recorded in the person form by clicking and typing clears its finding: a
//! person of the sample seated in a second office of the own unit is 多处办公室未经批准
//! (DOMAIN §2.2 监督问责: "≥ 2 offices without approval"); a 多处办公室审批 typed into the
//! person form and recorded makes the finding go, with its change-log line.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::analysis::compliance::PersonFindingKind;
use officeplan::model::{ApprovalKind, Uuid};
use officeplan::ui::OfficeplanApp;

use crate::ui_support::{click, open_sample, serial, type_into};

/// The two-offices findings of the file, by person UUID.
fn two_offices(h: &mut Harness<'_, OfficeplanApp>) -> Vec<Uuid> {
    let w = h.state_mut().workspace_mut().expect("open");
    let checked = w.checked().expect("check");
    checked
        .compliance
        .persons
        .iter()
        .filter(|f| f.kind == PersonFindingKind::TwoOffices)
        .map(|f| checked.project.persons[f.person].uuid)
        .collect()
}

#[test]
fn an_approval_typed_into_the_person_form_clears_the_two_offices_finding() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    // Set up: a person of 县审计局 with an office, seated also in another room of the unit.
    let (person, name, second) = {
        let w = h.state_mut().workspace_mut().expect("open");
        let project = w.load_project().expect("project");
        let unit = project
            .units
            .iter()
            .find(|u| u.name == "县审计局")
            .expect("unit");
        let p = project
            .persons
            .iter()
            .find(|p| p.unit == unit.uuid && !p.rooms.is_empty())
            .expect("a seated person");
        let second = project
            .rooms
            .iter()
            .find(|r| r.units.contains(&unit.uuid) && !p.rooms.contains(&r.uuid))
            .expect("another room of the unit");
        (p.uuid, p.name.clone(), second.uuid)
    };
    h.state_mut()
        .workspace_mut()
        .expect("open")
        .seat_person(&person, &second, false)
        .expect("seat");
    assert!(two_offices(&mut h).contains(&person));

    click(&mut h, "视图");
    click(&mut h, "使用单位与人员");
    h.run_steps(8);
    type_into(&mut h, "筛选单位", "审计");
    click(&mut h, "县审计局");
    h.run_steps(4);
    h.get_by_label(&name).click();
    h.run_steps(8);
    type_into(&mut h, "审批文号", "县审计局〔2026〕4号");
    type_into(&mut h, "审批文件日期", "2026-03-02");
    type_into(&mut h, "审批机关", "县机关事务管理局");
    h.get_by_role_and_label(Role::Window, "人员")
        .get_by_label("记录审批文件")
        .click();
    h.run_steps(4);

    let approvals = h
        .state()
        .workspace()
        .expect("open")
        .approvals()
        .expect("approvals");
    assert_eq!(approvals.len(), 1);
    let a = &approvals[0];
    assert_eq!(
        (a.kind, a.subject, a.number.as_str(), a.date.as_deref()),
        (
            ApprovalKind::TwoOffices,
            person,
            "县审计局〔2026〕4号",
            Some("2026-03-02")
        )
    );
    assert_eq!(a.authority, "县机关事务管理局");
    assert!(!two_offices(&mut h).contains(&person));
    let log = h
        .state()
        .workspace()
        .expect("open")
        .history(1)
        .expect("log");
    assert_eq!(log[0].action, "add_approval");
}

/// The unapproved findings of the file (违规租用, 擅自出租出借), as kind codes.
fn unapproved(h: &mut Harness<'_, OfficeplanApp>) -> Vec<&'static str> {
    use officeplan::model::Coded as _;
    let w = h.state_mut().workspace_mut().expect("open");
    let checked = w.checked().expect("check");
    checked
        .compliance
        .unapproved
        .iter()
        .map(|f| f.kind.code())
        .collect()
}

#[test]
fn the_register_records_a_rent_approval_for_the_rented_building() {
    // The sample's 城东老办公楼 is rented with no 租用审批 (违规租用, DOMAIN §2.2), and four rooms
    // are rented or lent out without approval (README problem list: 出租/出借).
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    assert_eq!(
        unapproved(&mut h),
        [
            "rent_unapproved",
            "lease_unapproved",
            "lease_unapproved",
            "lease_unapproved",
            "lease_unapproved"
        ]
    );
    click(&mut h, "视图");
    click(&mut h, "审批文件");
    h.run_steps(8);
    let window = || h_window();
    h.get_by_role_and_label(window().0, window().1)
        .get_by_label("审批类别")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "租用审批").click();
    h.run_steps(4);
    h.get_by_role_and_label(window().0, window().1)
        .get_by_label("批准对象")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "城东老办公楼")
        .click();
    h.run_steps(4);
    type_into(&mut h, "审批文号", "示政办〔2025〕12号");
    type_into(&mut h, "审批机关", "示范县人民政府");
    h.get_by_role_and_label(window().0, window().1)
        .get_by_label("保存")
        .click();
    h.run_steps(4);
    assert_eq!(unapproved(&mut h), ["lease_unapproved"; 4]);
    let approvals = h
        .state()
        .workspace()
        .expect("open")
        .approvals()
        .expect("approvals");
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].kind, ApprovalKind::Rent);
    assert_eq!(approvals[0].authority, "示范县人民政府");
    // Undo takes it back, and the finding with it.
    h.state_mut()
        .workspace_mut()
        .expect("open")
        .undo()
        .expect("undo");
    assert_eq!(unapproved(&mut h).len(), 5);
}

fn h_window() -> (Role, &'static str) {
    (Role::Window, "审批文件")
}
