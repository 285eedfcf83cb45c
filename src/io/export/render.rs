//! A sheet rendered from its SVG: PNG through resvg, PDF through svg2pdf (vector, with the
//! bundled font embedded as a subset so text stays text). Only the bundled font is known to
//! the renderer, so the result is the same on every machine.

use resvg::{tiny_skia, usvg};

use super::ExportError;
use super::font::{database, font_family};
use super::sheet::Sheet;
use super::svg::to_svg;

/// Resolutions [`to_png`] accepts: below this, labels are unreadable; above, an A3 page
/// needs more than a gigabyte of pixels.
pub const MIN_DPI: u32 = 36;
pub const MAX_DPI: u32 = 600;

/// Millimetres per inch.
const MM_PER_INCH: f64 = 25.4;
/// usvg turns millimetres into CSS pixels at 96 per inch; svg2pdf must read them back so.
const CSS_DPI: f32 = 96.0;

/// The sheet as a PNG at `dpi` (white background; A4 at 150 dpi is 1754 × 1240 pixels).
///
/// ```
/// use officeplan::io::export::{Sheet, to_png};
/// use officeplan::view::{Theme, ThemeContext};
/// let sheet = Sheet::for_floor("3F", &[], &[], &ThemeContext::default(), Theme::Unit,
///     "2026-09-30", 0.0);
/// let png = to_png(&sheet, 72).unwrap();
/// assert!(png.starts_with(b"\x89PNG"));
/// assert!(to_png(&sheet, 5000).is_err());
/// ```
pub fn to_png(sheet: &Sheet, dpi: u32) -> Result<Vec<u8>, ExportError> {
    if !(MIN_DPI..=MAX_DPI).contains(&dpi) {
        return Err(ExportError::Dpi { dpi });
    }
    let tree = parse(&to_svg(sheet))?;
    let (width, height) = png_size(sheet, dpi);
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or_else(|| ExportError::Render {
        reason: format!("{width} × {height} px"),
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Render {
        reason: e.to_string(),
    })
}

/// Pixel size of a sheet's PNG at `dpi`: the paper's millimetres, rounded to whole pixels.
///
/// ```
/// use officeplan::io::export::{Paper, Sheet, png_size};
/// use officeplan::view::{Theme, ThemeContext};
/// let sheet = Sheet::for_floor("", &[], &[], &ThemeContext::default(), Theme::Unit, "", 0.0);
/// // 297 mm / 25.4 × 150 = 1753.9; 210 mm → 1240.2.
/// assert_eq!(png_size(&sheet, 150), (1754, 1240));
/// assert_eq!(png_size(&sheet.with_paper(Paper::A3), 150), (2480, 1754));
/// ```
pub fn png_size(sheet: &Sheet, dpi: u32) -> (u32, u32) {
    let (w, h) = sheet.paper.size_mm();
    // Paper sizes are below a metre and dpi at most MAX_DPI: far inside u32.
    let px = |mm: f64| (mm / MM_PER_INCH * f64::from(dpi)).round() as u32;
    (px(w), px(h))
}

/// The sheet as a one-page vector PDF of the paper's size.
///
/// ```
/// use officeplan::io::export::{Sheet, to_pdf};
/// use officeplan::view::{Theme, ThemeContext};
/// let sheet = Sheet::for_floor("3F", &[], &[], &ThemeContext::default(), Theme::Unit,
///     "2026-09-30", 0.0);
/// assert!(to_pdf(&sheet).unwrap().starts_with(b"%PDF-"));
/// ```
pub fn to_pdf(sheet: &Sheet) -> Result<Vec<u8>, ExportError> {
    let tree = parse(&to_svg(sheet))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: CSS_DPI },
    )
    .map_err(|e| ExportError::Render {
        reason: e.to_string(),
    })
}

/// Parses a sheet's SVG with the bundled font as the only font.
pub(super) fn parse(svg: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        fontdb: database(),
        font_family: font_family().to_owned(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Render {
        reason: e.to_string(),
    })
}
