//! The north arrow (指北针): where it sits and where its letter goes once it is turned to
//! the sheet's north.

use geo::Coord;

use super::label::BASELINE_DROP;
use super::layout::{Anchor, Metrics, TextLine};

/// The north arrow: drawn pointing up around `centre`, then turned by the sheet's north.
#[derive(Clone, Debug, PartialEq)]
pub struct NorthArrow {
    pub centre: Coord,
    pub radius: f64,
    /// 北, upright, just beyond the arrow's tip.
    pub letter: TextLine,
}

pub(super) fn place_north(m: &Metrics, centre: Coord, north_deg: f64) -> NorthArrow {
    let (sin, cos) = north_deg.to_radians().sin_cos();
    // Just beyond the tip, in the direction the arrow points (page y grows downwards).
    let reach = m.north_radius + m.north_letter_mm * 0.8;
    NorthArrow {
        centre,
        radius: m.north_radius,
        letter: TextLine {
            pos: Coord {
                x: centre.x + sin * reach,
                y: centre.y - cos * reach + BASELINE_DROP * m.north_letter_mm,
            },
            size_mm: m.north_letter_mm,
            anchor: Anchor::Middle,
            text: crate::t!("export.north").into_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_north_arrow_turned_a_quarter_has_its_letter_on_the_right() {
        let m = &Metrics::A4;
        let north = place_north(m, Coord { x: 100.0, y: 100.0 }, 90.0);
        assert!(north.letter.pos.x > 100.0 + m.north_radius);
        assert!((north.letter.pos.y - 100.0 - BASELINE_DROP * m.north_letter_mm).abs() < 1e-9);
        // Unturned, the letter is straight above the centre.
        let north = place_north(m, Coord { x: 100.0, y: 100.0 }, 0.0);
        assert!((north.letter.pos.x - 100.0).abs() < 1e-9);
        assert!(north.letter.pos.y < 100.0 - m.north_radius);
    }
}
