//! The UI tests of issue 13 (units, persons, seats and the 编制 workbook in the app) as one
//! test binary: each part is a module of it, so the binary is linked once.

#[path = "../common.rs"]
mod common;
#[path = "../ui_support/mod.rs"]
mod ui_support;

mod approvals;
mod ranks;
mod units;
mod workbook;
