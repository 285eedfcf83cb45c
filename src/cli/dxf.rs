//! `import-dxf`, `dxf-layers` and `generate-dxf`: DXF floor plans on the command line.

use std::path::Path;

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::io::dxf::write::{DxfLayout, pack_into_rows, write_rooms_dxf};

/// Width of the rows a generated floor is laid out in, m (a floor plan is under 1 km).
pub const BAND_M: f64 = 400.0;
use crate::io::dxf::candidates::{CandidateChoices, CandidateDefault, Resolved, resolve_owned};
use crate::io::dxf::{
    DrawingUnit, DxfImport, DxfOptions, FloorDiff, ImportReport, LabelSource, list_layers,
    read_dxf_file,
};
use crate::io::removal::{Consent, Held, Removal, removal_to_confirm};
use crate::model::{ChangeAction, Uuid};
use crate::store::ChangeRecord;
use crate::synth::{GenerateOptions, generate};
use crate::workspace::{ImportError, RoomsImport};

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
    /// `--allow-removal`: the person confirms an import that removes most of the floor.
    pub allow_removal: bool,
    /// `--candidates`, `--min-candidate-area`, `--merge-faces`, `--keep-face`, `--drop-face`:
    /// what becomes of the unlabelled faces between walls.
    pub candidates: CandidateChoices,
}

/// Parses `keep` or `drop` (`--candidates`).
pub fn parse_candidate_default(text: &str) -> Result<CandidateDefault, String> {
    CandidateDefault::parse(text)
        .ok_or_else(|| crate::t!("dxf_candidates.bad_default").into_owned())
}

/// The candidate choices of the command line: `--merge-faces '#W3,#W4'` (one group per
/// flag), `--keep-face '#W5=105'` (kept, with the number it is imported under),
/// `--drop-face '#W6'`.
pub fn candidate_choices(
    default: Option<CandidateDefault>,
    min_area_m2: f64,
    merges: &[String],
    keep: &[String],
    drop: &[String],
) -> anyhow::Result<CandidateChoices> {
    let mut choices = CandidateChoices {
        default,
        min_area_m2,
        ..CandidateChoices::default()
    };
    for group in merges {
        let numbers: Vec<String> = group
            .split(',')
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        choices.merges.push(numbers);
    }
    for item in keep.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        match item.split_once('=') {
            Some((face, number)) => {
                let (face, number) = (face.trim(), number.trim());
                if face.is_empty() || number.is_empty() {
                    anyhow::bail!(
                        "--keep-face {item}: {}",
                        crate::t!("dxf_candidates.bad_number_pair")
                    );
                }
                choices.keep.insert(face.to_owned());
                choices.numbers.insert(face.to_owned(), number.to_owned());
            }
            None => {
                choices.keep.insert(item.to_owned());
            }
        }
    }
    for item in drop.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        choices.drop.insert(item.to_owned());
    }
    Ok(choices)
}

/// The candidates as JSON: each with its area and fate, and the merges with their sums.
fn candidates_json(resolved: &Resolved, rooms: usize) -> Value {
    json!({
        "default": resolved.default,
        "area_basis": "usable_inner_wall_faces",
        "list": resolved.candidates,
        "merges": resolved.merges,
        "counts": {
            "rooms": rooms,
            "pending": resolved.counts().0,
            "dropped": resolved.counts().1,
        },
    })
}

/// The candidates as lines for people.
fn candidate_lines(resolved: &Resolved, rooms: usize) -> Vec<String> {
    let mut lines = vec![crate::t!("dxf_candidates.report.header").into_owned()];
    for c in &resolved.candidates {
        let state = c.state();
        let number = if c.imported_as == c.number {
            c.number.clone()
        } else {
            format!("{} → {}", c.number, c.imported_as)
        };
        lines.push(
            crate::t!(
                "dxf_candidates.report.line",
                number = number,
                area = format!("{:.2}", c.area_m2),
                state = state
            )
            .into_owned(),
        );
    }
    lines.extend(resolved.merges.iter().map(|m| m.line()));
    let (pending, dropped) = resolved.counts();
    lines.push(
        crate::t!(
            "dxf_candidates.counts",
            rooms = rooms,
            pending = pending,
            dropped = dropped
        )
        .into_owned(),
    );
    lines
}

/// Parses `mm`, `cm` or `m`.
pub fn parse_units(code: &str) -> Result<DrawingUnit, String> {
    DrawingUnit::parse(code)
        .ok_or_else(|| crate::t!("cli.bad_choice", choices = "mm, cm, m, in, ft").into_owned())
}

/// Parses `--number-pattern` (a regular expression over one word).
pub fn parse_number_pattern(
    text: &str,
) -> Result<crate::io::dxf::label_text::NumberPattern, String> {
    crate::io::dxf::label_text::NumberPattern::parse(text)
        .map_err(|e| crate::t!("dxf.bad_number_pattern", error = e).into_owned())
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
/// run) writes the rooms as one edit. A refused drawing writes nothing; an import that yields
/// no room or removes more than half of the floor's rooms needs `--allow-removal`.
pub fn import(request: &ImportRequest<'_>) -> anyhow::Result<()> {
    let mut workspace = super::open_workspace(request.file)?;
    let existing = super::find_floor(&workspace, request.file, request.building, request.floor);
    // Read first: a bad drawing must not leave anything behind.
    let import = read_dxf_file(request.drawing, &request.options, Uuid::nil())?;
    // The candidate faces as the flags decide; the rooms written are the resolved ones.
    let mut resolved = resolve_owned(import, &request.candidates)
        .with_context(|| request.drawing.display().to_string())?;
    // The rooms go to the write; the candidates and merges stay for the report.
    let import = DxfImport {
        rooms: std::mem::take(&mut resolved.import.rooms),
        report: resolved.import.report.clone(),
        candidates: resolved.import.candidates.clone(),
    };
    let source = request
        .drawing
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let consent = Consent::from_flag(request.allow_removal);
    let report = import.report.clone();
    let rooms = import.rooms.len();
    let mut written = false;
    let (diff, refused) = match existing {
        Ok(floor) => {
            let preview = workspace.floor_import_preview(&floor, import, &source)?;
            let diff = preview.diff.clone();
            let refused = preview.removal.clone();
            if request.dry_run {
                (diff, refused)
            } else {
                match preview.into_edit(consent) {
                    Ok(edit) => {
                        workspace.apply(edit)?;
                        written = true;
                        (diff, None)
                    }
                    Err(refused) => (diff, Some(refused)),
                }
            }
        }
        Err(not_found) => {
            // The floor would be created: everything is new.
            let floor = super::new_floor(
                &workspace,
                not_found,
                request.building,
                request.floor,
                request.level,
            )?;
            let diff = FloorDiff::all_new(&import.rooms);
            let record = ChangeRecord {
                action: ChangeAction::ImportDxf,
                summary: crate::t!(
                    "dxf.edit_summary",
                    file = source,
                    floor = format!("{} {}", request.building, request.floor),
                    new = diff.new.len(),
                    changed = 0,
                    removed = 0
                )
                .into_owned(),
                detail: floor.uuid.to_string(),
            };
            let rooms_import = RoomsImport {
                rooms: &import.rooms,
                source: &source,
                record: &record,
                consent: if request.dry_run {
                    Consent::NotGiven
                } else {
                    consent
                },
            };
            let refused = if request.dry_run {
                removal_to_confirm(
                    &source,
                    &format!("{} {}", request.building, request.floor),
                    &[Removal {
                        held: Held::Rooms,
                        before: 0,
                        imported: rooms,
                        removed: 0,
                    }],
                )
            } else {
                match workspace.import_into_new_floor(&floor, &rooms_import) {
                    Ok(_) => {
                        written = true;
                        None
                    }
                    Err(ImportError::Removal(refused)) => Some(refused),
                    Err(e) => return Err(e.into()),
                }
            };
            (diff, refused)
        }
    };
    if request.json {
        let mut value = report_json(&report);
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
            map.insert("candidates".into(), candidates_json(&resolved, rooms));
            map.insert(
                "needs_consent".into(),
                json!(refused.as_ref().map(|r| r.message())),
            );
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        for line in report.lines() {
            println!("{line}");
        }
        if !resolved.candidates.is_empty() {
            for line in candidate_lines(&resolved, rooms) {
                println!("{line}");
            }
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
                    rooms = rooms
                )
            );
        } else if request.dry_run {
            if let Some(r) = &refused {
                println!("{}", r.message());
            }
            println!("{}", crate::t!("dxf.dry_run"));
        }
    }
    match refused {
        Some(r) if !request.dry_run => Err(r.into()),
        _ => Ok(()),
    }
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
        let state = l.state_key().map(|k| crate::t!(k)).unwrap_or_default();
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            l.name,
            state,
            l.entities,
            l.closed_polylines,
            l.open_polylines,
            l.lines + l.arcs,
            l.hatches,
            l.texts,
            blocks.join(" ")
        );
    }
    Ok(())
}

/// Writes a synthetic floor of `rooms` rooms as a DXF drawing (mm, room stamps; or, with
/// `walls`, wall lines with door openings and text labels).
pub fn generate_drawing(
    rooms: usize,
    seed: u64,
    out: &Path,
    force: bool,
    walls: bool,
) -> anyhow::Result<()> {
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
    let text = if walls {
        crate::io::dxf::write::write_walls_dxf(
            &on_floor,
            &DxfLayout::default(),
            crate::io::dxf::write::GENERATED_DOOR_M,
        )
    } else {
        write_rooms_dxf(&on_floor, &DxfLayout::default())
    };
    crate::io::output::write_bytes(out, text.as_bytes())
        .with_context(|| out.display().to_string())?;
    println!(
        "{}",
        crate::t!("cli.written", path = out.display(), rooms = on_floor.len())
    );
    Ok(())
}
