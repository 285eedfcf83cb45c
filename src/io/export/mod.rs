//! Printed floor plans (平面图): a [`Sheet`] — one floor coloured by a theme, with title,
//! legend, scale bar, north arrow and date — written as SVG, PNG or PDF.
//!
//! The SVG is the one drawing; PNG and PDF are rendered from it with the bundled font only,
//! so a sheet prints the same on every machine.
//!
//! ```no_run
//! use officeplan::io::export::{Paper, Sheet, write};
//! use officeplan::view::{Theme, ThemeContext};
//! # let (rooms, areas, units) = (Vec::new(), Vec::new(), Vec::new());
//! let context = ThemeContext::new(&units);
//! let sheet = Sheet::for_floor("示范县 · 行政服务中心主楼 · 3F", &rooms, &areas, &context,
//!     Theme::Category, "2026-09-30", -15.0).with_paper(Paper::A3);
//! write(&sheet, std::path::Path::new("3F.pdf"))?;
//! # Ok::<(), officeplan::io::export::ExportError>(())
//! ```

mod font;
mod label;
mod layout;
mod legend;
mod north;
mod plan_frame;
mod render;
mod scale;
mod sheet;
mod svg;

use std::path::{Path, PathBuf};

pub use font::{font_family, text_width_mm};
pub use label::PlacedLabel;
pub use layout::{Anchor, PageLayout, PanelSide, TextLine};
pub use legend::{LegendLayout, LegendRow};
pub use north::NorthArrow;
pub use plan_frame::PlanFrame;
pub use render::{MAX_DPI, MIN_DPI, png_size, to_pdf, to_png};
pub use scale::{ScaleBar, format_length, round_denominator, round_length};
pub use sheet::{Paper, Sheet, SheetRoom, floor_title};
pub use svg::to_svg;

/// Resolution of PNG files written by [`write`]: print quality.
pub const PNG_DPI: u32 = 300;

/// Why a sheet could not be exported. Messages name the file where there is one.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}", crate::t!("export.unknown_format", path = path.display()))]
    UnknownFormat { path: PathBuf },
    #[error("{}", crate::t!("export.bad_dpi", dpi = dpi, min = MIN_DPI, max = MAX_DPI))]
    Dpi { dpi: u32 },
    #[error("{}", crate::t!("export.render", reason = reason))]
    Render { reason: String },
    #[error("{}", crate::t!("export.write", path = path.display(), reason = error))]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Rendering failed while exporting to `path`.
    #[error("{}", crate::t!("export.in_file", path = path.display(), reason = inner))]
    InFile {
        path: PathBuf,
        inner: Box<ExportError>,
    },
}

/// The file formats of [`write`], chosen by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    /// The format of a path's extension, ignoring case.
    ///
    /// ```
    /// use officeplan::io::export::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::from_path(Path::new("3F.PDF")), Some(Format::Pdf));
    /// assert_eq!(Format::from_path(Path::new("3F.docx")), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// Writes `sheet` to `path` as SVG, PNG ([`PNG_DPI`]) or PDF by its extension. The file is
/// written beside `path` under a temporary name and renamed into place, so a failure leaves
/// neither a partial file nor a damaged earlier one.
pub fn write(sheet: &Sheet, path: &Path) -> Result<(), ExportError> {
    let format = Format::from_path(path).ok_or_else(|| ExportError::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    let bytes = match format {
        Format::Svg => Ok(to_svg(sheet).into_bytes()),
        Format::Png => to_png(sheet, PNG_DPI),
        Format::Pdf => to_pdf(sheet),
    }
    .map_err(|inner| ExportError::InFile {
        path: path.to_path_buf(),
        inner: Box::new(inner),
    })?;
    crate::io::output::write_bytes(path, &bytes).map_err(|error| ExportError::Write {
        path: path.to_path_buf(),
        error,
    })
}
