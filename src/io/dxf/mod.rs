//! DXF floor plans → rooms: read a drawing, choose the layers of room outlines and labels,
//! get the rooms with a report of what was found, and compare them with a floor's rooms
//! before anything is written.
//!
//! Pure functions over model types; writing is the workspace's job
//! (`Workspace::preview_dxf_import`, then `Workspace::apply` of the edit it returns).
//!
//! ```no_run
//! use officeplan::io::dxf::{read_dxf_file, DxfOptions, LabelSource};
//! use officeplan::model::Uuid;
//! let options = DxfOptions {
//!     room_layers: vec!["房间轮廓".into()],
//!     hole_layers: vec!["柱".into()],
//!     labels: LabelSource::Block { name: "房间标注".into(), number_tag: "编号".into(), name_tag: "名称".into() },
//!     ..DxfOptions::default()
//! };
//! let import = read_dxf_file(std::path::Path::new("6F.dxf"), &options, Uuid::nil())?;
//! println!("{} rooms, {:.2} m²", import.report.rooms, import.report.total_area_m2);
//! # Ok::<(), officeplan::io::InputError>(())
//! ```

pub mod blocks;
pub mod candidates;
pub mod code_pairs;
pub mod crate_reader;
pub mod diff;
pub mod drawing;
pub mod encoding;
pub mod hatch;
mod import;
pub mod label;
pub mod label_text;
pub mod layer_guess;
pub mod layers;
pub mod mtext;
pub mod name_rules;
pub mod nesting;
pub mod outline;
pub mod report;
pub mod units;
pub mod walls;
pub mod write;

use std::path::Path;

pub use diff::{FloorDiff, MatchBy, RoomMatch, reconcile};
pub use drawing::Drawing;
pub use import::{DxfImport, DxfOptions, import_drawing};
pub use label::{LabelSource, NAME_TAG, NUMBER_TAG};
pub use layer_guess::{LayerGuess, guess_layers};
pub use layers::LayerSummary;
pub use name_rules::{NameRule, NameRules};
pub use report::{Finding, FindingKind, ImportReport};
pub use units::{DrawingUnit, UnitsSource};

use super::InputError;

/// The sentinel that starts a binary DXF file.
const BINARY_SENTINEL: &[u8] = b"AutoCAD Binary DXF";

/// Reads a drawing from a file's bytes: ASCII with the focused reader, binary with the `dxf`
/// crate. Errors name the file and the line.
pub fn read_drawing(path: &Path, bytes: &[u8]) -> Result<Drawing, InputError> {
    if bytes.starts_with(BINARY_SENTINEL) {
        // A binary drawing ends with the string of its `0 EOF` pair; without it the file
        // was cut short, and the crate would return whatever came before the cut.
        if !bytes.ends_with(b"EOF\0") {
            return Err(InputError::single(
                path,
                crate::t!("input.document"),
                crate::t!("dxf.cut_short"),
            ));
        }
        return crate_reader::read_with_crate(bytes)
            .map_err(|message| InputError::single(path, crate::t!("input.document"), message));
    }
    let drawing = code_pairs::read_ascii(bytes).map_err(|e| {
        let message = match e.kind {
            code_pairs::ReadErrorKind::BadCode(code) => {
                crate::t!("dxf.bad_code", code = code).into_owned()
            }
            code_pairs::ReadErrorKind::BadNumber { code, value } => {
                crate::t!("dxf.bad_number", code = code, value = value).into_owned()
            }
            code_pairs::ReadErrorKind::MissingValue => crate::t!("dxf.missing_value").into_owned(),
            code_pairs::ReadErrorKind::UnknownCode(code) => {
                crate::t!("dxf.unknown_code", code = code).into_owned()
            }
            code_pairs::ReadErrorKind::UnendedSection { started } => {
                crate::t!("dxf.unended_section", started = started).into_owned()
            }
            code_pairs::ReadErrorKind::NoEof => crate::t!("dxf.cut_short").into_owned(),
        };
        InputError::single(path, crate::t!("dxf.place.line", line = e.line), message)
    })?;
    if drawing.entities.is_empty()
        && drawing.layers.is_empty()
        && drawing.blocks.is_empty()
        && drawing.version.is_empty()
    {
        return Err(InputError::single(
            path,
            crate::t!("input.document"),
            crate::t!("dxf.not_a_drawing"),
        ));
    }
    Ok(drawing)
}

/// Reads a file from disk, naming it in the error if it cannot be read.
fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path)
        .map_err(|e| InputError::single(path, crate::t!("input.document"), e.to_string()))
}

/// Reads the rooms of one floor from a drawing's bytes (see [`import_drawing`]).
pub fn read_dxf(
    path: &Path,
    bytes: &[u8],
    options: &DxfOptions,
    floor: crate::model::Uuid,
) -> Result<DxfImport, InputError> {
    import::import_owned(path, read_drawing(path, bytes)?, options, floor)
}

/// Reads the rooms of one floor from a drawing on disk (see [`import_drawing`]).
pub fn read_dxf_file(
    path: &Path,
    options: &DxfOptions,
    floor: crate::model::Uuid,
) -> Result<DxfImport, InputError> {
    read_dxf(path, &read_bytes(path)?, options, floor)
}

/// [`read_dxf_file`] in stages for a job: `stage` hears how far the reading is (0…1) before
/// each stage and answers whether to go on; `Ok(None)` when it said no. Reading the file is
/// the first tenth, parsing it up to 0.3, and finding the rooms (from walls the longest part)
/// the rest.
pub fn read_dxf_file_in_stages(
    path: &Path,
    options: &DxfOptions,
    floor: crate::model::Uuid,
    stage: &mut dyn FnMut(f32) -> bool,
) -> Result<Option<DxfImport>, InputError> {
    if !stage(0.0) {
        return Ok(None);
    }
    let bytes = read_bytes(path)?;
    if !stage(0.1) {
        return Ok(None);
    }
    let drawing = read_drawing(path, &bytes)?;
    drop(bytes);
    if !stage(0.3) {
        return Ok(None);
    }
    import::import_owned(path, drawing, options, floor).map(Some)
}

/// The layers of a drawing on disk with their entity counts, for an import dialog.
pub fn list_layers(path: &Path) -> Result<Vec<LayerSummary>, InputError> {
    Ok(list_layers_with_guess(path)?.0)
}

/// The layers of a drawing on disk with their entity counts, and the layers and labels an
/// import dialog proposes ([`guess_layers`]).
pub fn list_layers_with_guess(path: &Path) -> Result<(Vec<LayerSummary>, LayerGuess), InputError> {
    let drawing = read_drawing(path, &read_bytes(path)?)?;
    // What blocks hold is listed on the layer it lands on.
    let drawing = blocks::explode_owned(drawing);
    let layers = layers::summarise_layers(&drawing);
    let guess = guess_layers(&drawing, &layers);
    Ok((layers, guess))
}
