//! 视图 → 建设项目: a construction project added by clicking and typing lands in the file
//! with every field (and in 办公用房建设项目信息), a refusal is said in the form, and the
//! window's snapshot.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::model::{ConstructionProject, ProjectStatus, Uuid};
use officeplan::ui::OfficeplanApp;
use officeplan::workspace::Edit;

use crate::ui_support::{can_render, open_sample, serial, type_into};

/// 视图 → 建设项目.
fn open_projects(h: &mut Harness<'_, OfficeplanApp>) {
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("建设项目").click();
    // A new window takes a few frames to size itself.
    h.run_steps(8);
}

#[test]
fn a_project_typed_into_the_form_is_written_to_the_file() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_projects(&mut h);
    h.get_by_label("文件中还没有建设项目。");
    h.get_by_label("新增项目…").click();
    h.run_steps(8);
    type_into(&mut h, "项目名称", "县公安局业务技术用房新建项目");
    type_into(&mut h, "审批部门", "示范县发展和改革局");
    type_into(&mut h, "建设单位", "县机关事务服务中心");
    type_into(&mut h, "地址坐落", "示范县城东新区纬三路8号");
    type_into(&mut h, "建设规模（m²）", "4800");
    type_into(&mut h, "估算投资（万元）", "2150.5");
    type_into(&mut h, "批复文号", "示发改投资〔2025〕12号");
    type_into(&mut h, "批复年度", "2025");
    // 主要使用单位: one of the file's units, from the list.
    h.get_by_label("主要使用单位").click();
    h.run();
    h.get_by_label("县公安局").click();
    h.run();
    // 项目状态: 在建.
    h.get_by_label("项目状态").click();
    h.run();
    h.get_by_label("在建").click();
    h.run();
    h.get_by_label("确定").click();
    h.run();

    let w = h.state().workspace().unwrap();
    let police = w
        .units()
        .iter()
        .find(|u| u.name == "县公安局")
        .unwrap()
        .uuid;
    let projects = w.construction_projects().unwrap();
    assert_eq!(projects.len(), 1, "{:?}", h.state().notifications());
    let p = &projects[0];
    assert_eq!(p.name, "县公安局业务技术用房新建项目");
    assert_eq!(p.approver, "示范县发展和改革局");
    assert_eq!(p.builder, "县机关事务服务中心");
    assert_eq!(p.main_user.unit, Some(police));
    assert_eq!(p.address, "示范县城东新区纬三路8号");
    assert_eq!(p.scale_m2, Some(4800.0));
    assert_eq!(p.investment_wan_yuan, Some(2150.5));
    assert_eq!(p.approval_no, "示发改投资〔2025〕12号");
    assert_eq!(p.year, Some(2025));
    assert_eq!(p.status, ProjectStatus::Building);
    // The form closed; the table shows the row.
    assert!(h.query_by_label("新增建设项目").is_none());
    h.get_by_label("县公安局业务技术用房新建项目");
    h.get_by_label("4800.00");
    // One undoable edit.
    assert!(h.state().workspace().unwrap().can_undo());
    h.state_mut().workspace_mut().unwrap().undo().unwrap();
    assert!(
        h.state()
            .workspace()
            .unwrap()
            .construction_projects()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_project_without_a_name_is_refused_in_the_form() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    open_projects(&mut h);
    h.get_by_label("新增项目…").click();
    h.run_steps(8);
    // No name yet.
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("项目名称不能为空");
    type_into(&mut h, "项目名称", "业务技术用房改造");
    type_into(&mut h, "建设规模（m²）", "-5");
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("建设规模（m²）“-5”无效：应为不小于 0 的数");
    // Not a number: the form says so before the file is asked.
    type_into(&mut h, "估算投资（万元）", "两千万");
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("估算投资（万元）不是数字");
    assert!(
        h.state()
            .workspace()
            .unwrap()
            .construction_projects()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn snapshot_of_the_projects_window() {
    let _guard = serial();
    if !can_render() {
        return;
    }
    let (_dir, mut h) = open_sample();
    let mut p = ConstructionProject::new(Uuid::from_u128(1), "示范县档案馆新建项目".into());
    p.approver = "示范县发展和改革局".into();
    p.builder = "县机关事务服务中心".into();
    p.main_user = officeplan::model::UnitRef::named("县档案馆");
    p.address = "示范县城东新区纬三路8号".into();
    p.scale_m2 = Some(4800.0);
    p.investment_wan_yuan = Some(2150.5);
    p.status = ProjectStatus::Building;
    h.state_mut()
        .workspace_mut()
        .unwrap()
        .apply(Edit::AddConstructionProject {
            project: Box::new(p),
            restored: false,
        })
        .unwrap();
    open_projects(&mut h);
    h.run_steps(8);
    h.snapshot("records_projects_window");
}
