//! `officeplan export-plan`: one floor printed as a sheet (平面图) in SVG, PNG or PDF.

use std::path::Path;

use super::{check, floor_entry};
use crate::io::export::{self, Paper, Sheet};
use crate::model::today_local;
use crate::store::{FloorEntry, ProjectIndex};
use crate::view::{Theme, ThemeContext};
use crate::workspace::Workspace;

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
    let mut workspace = Workspace::open(request.file)?;
    let index = workspace.index();
    let floor = floor_entry(index, request.file, request.building, request.floor)?;
    let floor_uuid = floor.floor.uuid;
    let (title, north_deg) = describe(index, floor);
    let plan = workspace.floor_plan(&floor_uuid)?;
    let context = match request.theme {
        // The compliance theme colours units by the same check as `check` and `report`.
        Theme::Compliance => {
            let checked = check::evaluate(request.file, None)?;
            let units = &checked.project.units;
            ThemeContext::new(units).with_compliance(units, &checked.result)
        }
        Theme::Unit | Theme::Category | Theme::Status => {
            ThemeContext::new(&workspace.store().load_units()?)
        }
    };
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

/// The title (region · site · building · floor) and where north is on the page.
fn describe(index: &ProjectIndex, floor: &FloorEntry) -> (String, f64) {
    let building = index.buildings.get(floor.building);
    let site = building.and_then(|b| index.sites.get(b.site));
    let parts = [
        index.region.as_ref().map(|r| r.name.as_str()),
        site.map(|s| s.site.name.as_str()),
        building.map(|b| b.building.name.as_str()),
        Some(floor.floor.name.as_str()),
    ];
    let title = parts
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    (title, building.map_or(0.0, |b| b.building.rotation_deg))
}
