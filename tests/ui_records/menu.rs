//! 报表 lists the national tables in the national order; 省部级领导干部办公室信息 is offered for
//! a provincial file only, and says why it is not for the sample (a county).

use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::ui_support::{open_sample, serial};

#[test]
fn the_report_menu_names_the_new_tables_and_why_the_provincial_one_is_off() {
    let _guard = serial();
    let (_dir, mut h) = open_sample();
    h.get_by_label("报表").click();
    h.run();
    let top = |h: &egui_kittest::Harness<'_, officeplan::ui::OfficeplanApp>, label: &str| {
        h.get_by_label(label).rect().min.y
    };
    let office = top(&h, "办公用房信息…");
    let technical = top(&h, "技术业务用房信息…");
    let construction = top(&h, "办公用房建设项目信息…");
    let provincial = top(&h, "省部级领导干部办公室信息（仅省级文件）");
    let usage = top(&h, "各单位办公用房总体使用统计表…");
    assert!(office < technical && technical < construction);
    assert!(construction < provincial && provincial < usage);
    assert!(
        h.get_by_label("省部级领导干部办公室信息（仅省级文件）")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        !h.get_by_label("技术业务用房信息…")
            .accesskit_node()
            .is_disabled()
    );
}
