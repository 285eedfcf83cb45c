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
