//! `officeplan export-plan`: one floor printed as a sheet (平面图) in SVG, PNG or PDF.

use std::path::Path;

use super::floor_entry;
use crate::io::export::{self, Paper, Sheet};
use crate::model::today_local;
use crate::view::Theme;

/// What to print and where.
pub struct Request<'a> {
    pub file: &'a Path,
    pub building: &'a str,
    pub floor: &'a str,
    pub theme: Theme,
    pub paper: Paper,
    pub out: &'a Path,
}

/// Writes the sheet of one floor, dated today (local time).
pub fn run(request: &Request) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(request.file)?;
    let index = workspace.index();
    let floor = floor_entry(index, request.file, request.building, request.floor)?;
    let floor_uuid = floor.floor.uuid;
    let (title, north_deg) = export::floor_title(index, floor);
    let plan = workspace.floor_plan(&floor_uuid)?;
    // The compliance theme colours units by the same check as `check`, `report` and the app.
    if request.theme == Theme::Compliance {
        workspace.checked()?;
    }
    let context = workspace.theme_context();
    let sheet = Sheet::for_floor(
        title,
        &plan.rooms,
        &plan.areas,
        &context,
        request.theme,
        today_local(),
        north_deg,
    )
    .with_paper(request.paper);
    export::write(&sheet, request.out)?;
    println!(
        "{}",
        crate::t!(
            "cli.written",
            path = request.out.display(),
            rooms = plan.rooms.len()
        )
    );
    Ok(())
}
