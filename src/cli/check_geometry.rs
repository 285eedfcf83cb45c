//! The rooms of `check` whose geometry cannot be measured (written by another program:
//! self-intersecting, empty, several parts): named by building, floor and number, with the
//! reason. Their area is unknown and left out of every area figure of the check.

use std::collections::HashMap;

use crate::model::{Project, Uuid};
use crate::store::GeometryFinding;

/// One room with unmeasurable geometry, as `check --json` writes it under `geometry`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GeometryRow {
    pub room_uuid: Uuid,
    pub building: String,
    pub floor: String,
    pub room: String,
    pub reason: String,
    /// Always `null`: the area is unknown, never 0.
    pub area_m2: Option<f64>,
}

/// The findings as rows, with the names of their building and floor.
pub fn rows(findings: &[GeometryFinding], project: &Project) -> Vec<GeometryRow> {
    let buildings: HashMap<Uuid, &str> = project
        .buildings
        .iter()
        .map(|b| (b.uuid, b.name.as_str()))
        .collect();
    let floors: HashMap<Uuid, (&str, &str)> = project
        .floors
        .iter()
        .map(|f| {
            let building = buildings.get(&f.building).copied().unwrap_or("?");
            (f.uuid, (building, f.name.as_str()))
        })
        .collect();
    findings
        .iter()
        .map(|f| {
            let (building, floor) = floors.get(&f.floor).copied().unwrap_or(("?", "?"));
            GeometryRow {
                room_uuid: f.room,
                building: building.to_owned(),
                floor: floor.to_owned(),
                room: f.number.clone(),
                reason: f.problem.to_string(),
                area_m2: None,
            }
        })
        .collect()
}

/// The section of the text output.
pub fn print(out: &mut impl std::io::Write, rows: &[GeometryRow]) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::t!("check.geometry_heading", count = rows.len())
    )?;
    if rows.is_empty() {
        return writeln!(out, "{}", crate::t!("check.none"));
    }
    for r in rows {
        writeln!(
            out,
            "{}",
            crate::t!(
                "check.geometry_item",
                building = r.building,
                floor = r.floor,
                room = r.room,
                reason = r.reason
            )
        )?;
    }
    Ok(())
}
