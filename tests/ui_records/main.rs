//! Records of the national tables in the window (issue 14): construction projects added
//! through 视图 → 建设项目 by clicking and typing. One test binary.

#[path = "../common.rs"]
mod common;
#[path = "../ui_support/mod.rs"]
mod ui_support;

mod menu;
mod projects;
