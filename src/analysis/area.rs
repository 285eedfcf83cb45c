//! Room areas (m²) computed from polygons with `geo`.

use geo::Area as _;

use crate::model::PlanPolygon;

/// The basis an area figure is measured on. Every figure shown says which one it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaBasis {
    /// 使用面积: usable area to the inner wall face (room polygons, office standards).
    Usable,
    /// 建筑面积: gross area to the outer face of the walls (GB/T 50353).
    Gross,
}

impl AreaBasis {
    /// The Chinese term, as printed in the national tables.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Usable => "使用面积",
            Self::Gross => "建筑面积",
        }
    }

    /// The translated name in the current language.
    pub fn label(self) -> String {
        match self {
            Self::Usable => crate::t!("basis.usable").into_owned(),
            Self::Gross => crate::t!("basis.gross").into_owned(),
        }
    }
}

/// Area of a room polygon in m², holes subtracted, on the 使用面积 basis.
///
/// Orientation does not matter: the exterior counts positively and each hole negatively.
///
/// ```
/// use geo::polygon;
/// // A 3 m × 4 m room is 12 m².
/// let room = polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.0), (x: 0.0, y: 4.0)];
/// assert_eq!(officeplan::analysis::room_area(&room), 12.0);
/// ```
pub fn room_area(polygon: &PlanPolygon) -> f64 {
    // geo takes each ring's absolute area, so winding order never flips a hole into an addition.
    polygon.unsigned_area()
}

/// Rounds an area to the 0.01 m² that reports show.
///
/// ```
/// assert_eq!(officeplan::analysis::area::round_m2(25.845), 25.85);
/// ```
pub fn round_m2(area: f64) -> f64 {
    (area * 100.0).round() / 100.0
}

/// Formats an area for people: two decimals, `m²`, and its basis.
pub fn format_area(area: f64, basis: AreaBasis) -> String {
    format!("{} ({})", format_m2(area), basis.label())
}

/// Formats an area as two decimals and `m²`, for places that state the basis once for all
/// figures (a printed plan's subtitle).
///
/// ```
/// assert_eq!(officeplan::analysis::area::format_m2(25.8412), "25.84 m²");
/// ```
pub fn format_m2(area: f64) -> String {
    format!("{:.2} m²", round_m2(area))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, polygon};

    #[test]
    fn rectangle_is_width_times_depth() {
        // A 3.4 m × 7.6 m office bay (3.6 m grid, 0.2 m walls) is 25.84 m².
        let room = polygon![(x: 0.0, y: 0.0), (x: 3.4, y: 0.0), (x: 3.4, y: 7.6), (x: 0.0, y: 7.6)];
        assert!((room_area(&room) - 25.84).abs() < 1e-9);
    }

    #[test]
    fn holes_are_subtracted_whatever_their_orientation() {
        // 10 × 10 meeting room with a 0.5 × 0.5 column: 100 − 0.25 = 99.75 m².
        let outer = LineString::from(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]);
        let ccw_hole = LineString::from(vec![(5.0, 5.0), (5.5, 5.0), (5.5, 5.5), (5.0, 5.5)]);
        let cw_hole = LineString::from(vec![(5.0, 5.0), (5.0, 5.5), (5.5, 5.5), (5.5, 5.0)]);
        for hole in [ccw_hole, cw_hole] {
            let room = Polygon::new(outer.clone(), vec![hole]);
            assert!((room_area(&room) - 99.75).abs() < 1e-9);
        }
    }

    #[test]
    fn clockwise_exterior_gives_the_same_area() {
        // An L-shaped room: 6 × 4 minus a 2 × 2 corner = 20 m².
        let ccw = polygon![(x: 0.0, y: 0.0), (x: 6.0, y: 0.0), (x: 6.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 4.0), (x: 0.0, y: 4.0)];
        let mut cw = ccw.clone();
        cw.exterior_mut(|ring| ring.0.reverse());
        assert!((room_area(&ccw) - 20.0).abs() < 1e-9);
        assert!((room_area(&cw) - 20.0).abs() < 1e-9);
    }

    #[test]
    fn rounding_to_hundredths() {
        assert_eq!(round_m2(12.344_999), 12.34);
        assert_eq!(round_m2(0.005), 0.01);
    }
}
