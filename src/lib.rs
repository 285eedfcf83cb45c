//! officeplan: an offline, GIS-style floor-plan manager for the centralized, unified
//! management of Party and government office space (党政机关办公用房集中统一管理).
//!
//! Layers (see `DESIGN.md` in the shared folder): [`model`] holds plain data; [`analysis`]
//! computes areas and totals; [`store`] is the only module with SQL; [`workspace`] is the open
//! file with its edits; [`io`] converts files; [`cli`] and [`ui`] are the two faces.

rust_i18n::i18n!("assets/locales", fallback = "zh-CN");

pub use rust_i18n::t;

pub mod analysis;
pub mod cli;
pub mod fonts;
pub mod i18n;
pub mod io;
pub mod labels;
pub mod model;
pub mod optimize;
pub mod planning;
pub mod standards;
pub mod store;
pub mod synth;
pub mod ui;
pub mod view;
pub mod workspace;
