//! The one font of printed sheets: the bundled Noto Sans CJK SC subset ([`crate::fonts::CJK_FONT`]),
//! so that a sheet's Chinese looks the same on every machine and no system font is consulted.
//! The layout measures text with the same font's advances, so what fits on paper is known
//! before anything is rendered.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The family name used when the font's name table cannot be read (it can: see the tests).
const FALLBACK_FAMILY: &str = "Noto Sans CJK SC";

/// Advance of a character the font lacks, in em (a full-width box, the widest glyph).
const MISSING_ADVANCE_EM: f64 = 1.0;

fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(crate::fonts::CJK_FONT, 0).ok())
        .as_ref()
}

/// The family name the bundled font reports (typographic family, else family), which the
/// SVG names in `font-family`.
///
/// ```
/// assert_eq!(officeplan::io::export::font_family(), "Noto Sans CJK SC");
/// ```
pub fn font_family() -> &'static str {
    static FAMILY: OnceLock<String> = OnceLock::new();
    FAMILY.get_or_init(|| {
        let name = |id: u16| {
            face()?
                .names()
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                .find_map(|n| n.to_string())
        };
        name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name(ttf_parser::name_id::FAMILY))
            .unwrap_or_else(|| FALLBACK_FAMILY.to_owned())
    })
}

/// Width of `text` set in the bundled font at `size_mm`, in millimetres (no kerning: CJK
/// fonts set without it, and the layout only needs to know what fits).
///
/// ```
/// use officeplan::io::export::text_width_mm;
/// // Ideographs are one em wide: two of them at 3 mm take 6 mm.
/// assert!((text_width_mm("图例", 3.0) - 6.0).abs() < 1e-9);
/// ```
pub fn text_width_mm(text: &str, size_mm: f64) -> f64 {
    let Some(face) = face() else {
        return text.chars().count() as f64 * MISSING_ADVANCE_EM * size_mm;
    };
    let per_unit = size_mm / f64::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(MISSING_ADVANCE_EM * size_mm, |a| f64::from(a) * per_unit)
        })
        .sum()
}

/// A font database holding only the bundled font, shared by every render.
pub(super) fn database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(crate::fonts::CJK_FONT.to_vec());
            Arc::new(db)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usvg_knows_the_font_by_the_family_the_svg_names() {
        let db = database();
        let families: Vec<&str> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(name, _)| name.as_str()))
            .collect();
        assert_eq!(families, [font_family()]);
    }

    #[test]
    fn latin_is_narrower_than_ideographs() {
        // Noto Sans CJK digits are proportional, about half an em (the font's hmtx).
        let digits = text_width_mm("301", 1.0);
        assert!(digits > 1.2 && digits < 2.0, "{digits}");
        assert!((text_width_mm("县", 2.5) - 2.5).abs() < 1e-9);
        assert_eq!(text_width_mm("", 3.0), 0.0);
    }
}
