//! The desktop app (eframe/egui). Panels are structs with their own state and a `ui` method;
//! the plan is drawn through one plan↔screen transform ([`projector::Projector`]).

mod app;
pub mod approval_form;
pub mod approvals_window;
pub mod building_form;
pub mod building_ledger;
mod by_generation;
pub mod canvas;
pub mod construction_window;
pub mod drag;
pub mod dxf_dialog;
pub mod findings;
pub mod floor_dialogs;
pub mod floor_form;
mod history;
mod inspector;
pub mod job;
mod legend;
pub mod menu_bar;
pub mod move_list;
pub mod navigator;
mod notifications;
mod occupied_choice;
pub mod optimize_form;
mod optimize_result;
pub mod optimize_run;
pub mod optimize_window;
pub mod overlay;
pub mod path_dialog;
pub mod people_panel;
pub mod person_form;
pub mod plan_drop;
pub mod postgis_dialog;
pub mod project_wizard;
pub mod projector;
pub mod province_dialogs;
pub mod region_scope;
pub mod report_dialog;
pub mod room_batch;
mod scenario_compare;
mod scenario_panel;
pub mod site_form;
pub mod site_map;
pub mod sketch;
pub mod sort_header;
pub mod stack_plan;
pub mod standards_window;
mod status_bar;
pub mod target_picker;
mod toolbar;
pub mod typed_size;
pub mod underlay;
mod underlay_window;
pub mod unit_form;
pub mod unit_ref_picker;
mod units;
pub mod workbook_dialog;
pub mod working_area;

use std::path::PathBuf;

/// Translated names of codes (they live below the faces; re-exported for the UI's code).
pub use crate::labels;
pub use app::{CentreView, OfficeplanApp};
pub use by_generation::ByGeneration;
pub use notifications::Notifications;

pub use crate::fonts::CJK_FONT;

/// Registers the CJK font after egui's own fonts, so every Chinese string renders.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto_sans_sc".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Where the app keeps its copy of the bundled sample: the user's data folder.
pub fn sample_path() -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    base.join("officeplan")
        .join(format!("示范县-{}.gpkg", crate::io::sample::fingerprint()))
}

/// Opens the app window on `file`, or on the bundled sample (built on first use).
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let path = match file {
        Some(p) => p,
        None => ensure_sample()?,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(crate::t!("app.title").into_owned())
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "officeplan",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            Ok(Box::new(OfficeplanApp::with_storage(&path, cc.storage)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Builds the bundled sample into the user's data folder unless it is already there.
pub fn ensure_sample() -> anyhow::Result<PathBuf> {
    let path = sample_path();
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let project = crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded)?;
        crate::workspace::Workspace::create_file(
            &path,
            &project,
            crate::store::CreateOptions::default(),
        )?;
    }
    Ok(path)
}
