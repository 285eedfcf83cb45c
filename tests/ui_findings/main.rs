//! The 检查结果 panel and the 报表 menu (issue 13), driven like a person: one test binary.

#[path = "../common.rs"]
mod common;
#[path = "../ui_support/mod.rs"]
mod ui_support;

mod panel;
mod reports;
