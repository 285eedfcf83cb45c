//! `import-dxf`, `dxf-layers` and `generate-dxf`: DXF floor plans on the command line.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::io::dxf::write::{DxfLayout, pack_into_rows, write_rooms_dxf};

/// Width of the rows a generated floor is laid out in, m (a floor plan is under 1 km).
pub const BAND_M: f64 = 400.0;
use crate::io::dxf::{
    DrawingUnit, DxfOptions, FloorDiff, ImportReport, LabelSource, list_layers, read_dxf_file,
    reconcile,
};
use crate::model::{ChangeAction, Uuid};
use crate::synth::{GenerateOptions, generate};

/// What `import-dxf` was asked to do.
pub struct ImportRequest<'a> {
    pub file: &'a Path,
    pub drawing: &'a Path,
    pub building: &'a str,
    pub floor: &'a str,
    pub level: Option<i32>,
    pub options: DxfOptions,
    pub dry_run: bool,
    pub json: bool,
}

/// Parses `mm`, `cm` or `m`.
pub fn parse_units(code: &str) -> Result<DrawingUnit, String> {
    DrawingUnit::parse(code)
        .ok_or_else(|| crate::t!("cli.bad_choice", choices = "mm, cm, m").into_owned())
}

/// Where labels come from, from the command-line flags.
pub fn label_source(
    label_layers: Vec<String>,
    label_block: Option<String>,
    number_tag: String,
    name_tag: String,
) -> LabelSource {
    match label_block {
        Some(name) => LabelSource::Block {
            name,
            number_tag,
            name_tag,
        },
        None if !label_layers.is_empty() => LabelSource::Text {
            layers: label_layers,
        },
        None => LabelSource::None,
    }
}

/// Reads the drawing, prints the report and the diff against the floor, and (unless a dry
/// run) writes the rooms as one edit. A refused drawing writes nothing.
pub fn import(request: &ImportRequest<'_>) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(request.file)?;
    let existing = super::find_floor(&workspace, request.file, request.building, request.floor);
    // Read first: a bad drawing must not leave a new floor behind.
    let import = read_dxf_file(request.drawing, &request.options, Uuid::nil())?;
    let source = request
        .drawing
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let (diff, floor_rooms) = match existing {
        Ok(floor) => {
            let (diff, edit) = workspace.floor_import_edit(
                &floor,
                &import.rooms,
                ChangeAction::ImportDxf,
                &source,
            )?;
            (diff, Some(edit))
        }
        Err(not_found) => {
            if request.dry_run {
                // The floor would be created: everything is new.
                super::known_building(&workspace, not_found, request.building)?;
                (reconcile(&[], &import.rooms).1, None)
            } else {
                let floor = super::create_floor(
                    &mut workspace,
                    not_found,
                    request.building,
                    request.floor,
                    request.level,
                )?;
                let (diff, edit) = workspace.floor_import_edit(
                    &floor,
                    &import.rooms,
                    ChangeAction::ImportDxf,
                    &source,
                )?;
                (diff, Some(edit))
            }
        }
    };
    let written = match floor_rooms {
        Some(edit) if !request.dry_run => {
            workspace.apply(edit)?;
            true
        }
        _ => false,
    };
    if request.json {
        let mut value = report_json(&import.report);
        if let Value::Object(map) = &mut value {
            map.insert("file".into(), json!(request.file.display().to_string()));
            map.insert(
                "drawing".into(),
                json!(request.drawing.display().to_string()),
            );
            map.insert("building".into(), json!(request.building));
            map.insert("floor".into(), json!(request.floor));
            map.insert("dry_run".into(), json!(request.dry_run));
            map.insert("written".into(), json!(written));
            map.insert("diff".into(), diff_json(&diff));
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    for line in import.report.lines() {
        println!("{line}");
    }
    for line in diff.lines() {
        println!("{line}");
    }
    if written {
        println!(
            "{}",
            crate::t!(
                "dxf.committed",
                path = request.file.display(),
                building = request.building,
                floor = request.floor,
                rooms = import.rooms.len()
            )
        );
    } else {
        println!("{}", crate::t!("dxf.dry_run"));
    }
    Ok(())
}

/// The report as JSON: its fields at the top level.
pub fn report_json(report: &ImportReport) -> Value {
    serde_json::to_value(report).unwrap_or(Value::Null)
}

/// The diff as JSON: room numbers per change and their counts.
pub fn diff_json(diff: &FloorDiff) -> Value {
    json!({
        "new": diff.new,
        "changed": diff.changed,
        "removed": diff.removed,
        "unchanged": diff.unchanged,
        "renumbered": diff.renumbered,
        "counts": {
            "new": diff.new.len(),
            "changed": diff.changed.len(),
            "removed": diff.removed.len(),
            "unchanged": diff.unchanged,
        },
    })
}

/// Prints a drawing's layers with their entity counts.
pub fn layers(drawing: &Path, json: bool) -> anyhow::Result<()> {
    let layers = list_layers(drawing)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&layers)?);
        return Ok(());
    }
    println!("{}", crate::t!("dxf.layers.header"));
    for l in &layers {
        let blocks: Vec<String> = l.inserts.iter().map(|(b, n)| format!("{b}×{n}")).collect();
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            l.name,
            l.entities,
            l.closed_polylines,
            l.open_polylines,
            l.texts,
            blocks.join(" ")
        );
    }
    Ok(())
}

/// Writes a synthetic floor of `rooms` rooms as a DXF drawing (mm, room stamps).
pub fn generate_drawing(rooms: usize, seed: u64, out: &PathBuf, force: bool) -> anyhow::Result<()> {
    if out.exists() && !force {
        anyhow::bail!("{}", crate::t!("store.exists", path = out.display()));
    }
    let project = generate(GenerateOptions {
        rooms,
        seed,
        large_floor_rooms: rooms,
    });
    let floor = project
        .floors
        .first()
        .map(|f| f.uuid)
        .unwrap_or_else(Uuid::nil);
    let mut on_floor: Vec<_> = project
        .rooms
        .into_iter()
        .filter(|r| r.floor == floor)
        .collect();
    pack_into_rows(&mut on_floor, BAND_M);
    let text = write_rooms_dxf(&on_floor, &DxfLayout::default());
    std::fs::write(out, text).with_context(|| out.display().to_string())?;
    println!(
        "{}",
        crate::t!("cli.written", path = out.display(), rooms = on_floor.len())
    );
    Ok(())
}
