//! Issue 11 #6 in the app: the DXF dialog asks before an import that would empty the floor.
//! A room layer with no outlines (墙体 holds the walls as LINEs) previews 0 rooms against 14;
//! 导入 stays disabled until the person ticks the confirmation, then the floor is emptied
//! as one undoable edit.

mod common;
mod ui_support;

use egui_kittest::kittest::Queryable as _;
use ui_support::{sample_on_floor, serial};

#[test]
fn the_dxf_dialog_asks_before_emptying_the_floor() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_on_floor(&dir, "综合办公楼", "6F");
    assert_eq!(h.state().plan().unwrap().rooms.len(), 14);

    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导入 DXF…").click();
    h.run();
    let drawing = "sample_plans/drawings/综合办公楼/6F.dxf";
    h.get_by_label("文件路径").focus();
    h.get_by_label("文件路径").type_text(drawing);
    h.run();
    h.get_by_label("读取图层").click();
    h.run();
    // Outlines from the wall layer instead of 房间轮廓: nothing.
    h.get_by_label("房间轮廓 · 房间轮廓").click();
    h.run();
    h.get_by_label("墙体 · 房间轮廓").click();
    h.run();
    h.get_by_label("预览").click();
    h.run();
    h.get_by_label_contains("没有读出任何房间");

    // Not confirmed: 导入 does nothing.
    h.get_by_label("导入").click();
    h.run();
    assert_eq!(
        h.state().plan().unwrap().rooms.len(),
        14,
        "nothing without consent"
    );

    h.get_by_label("我确认删除这些房间并导入").click();
    h.run();
    h.get_by_label("导入").click();
    h.run();
    assert_eq!(
        h.state().plan().unwrap().rooms.len(),
        0,
        "{:?}",
        h.state().notifications()
    );
}
