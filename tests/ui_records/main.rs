//! Records of the national tables in the window (issue 14): construction projects added
//! through 视图 → 建设项目 by clicking and typing, a building's 主要使用单位 in its form, and the
//! 报表 menu's national tables; 智能调剂… run on the sample and saved as a scenario (issue 15).
//! 范围 of a provincial file: the navigator by region, a county picked (issue 16).
//! One test binary.

#[path = "../common.rs"]
mod common;
#[path = "../ui_support/mod.rs"]
mod ui_support;

mod building;
mod menu;
mod optimize;
mod projects;
mod province;
