//! The people side of the app in one test binary (one link for all of them): units, persons
//! and seats; the 编制 workbook from the menus.

#[path = "../common.rs"]
mod common;
#[path = "../ui_support/mod.rs"]
mod ui_support;

mod units;
