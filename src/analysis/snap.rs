//! Snapping a pointer to the rooms around it (捕捉): a vertex first, else the nearest point of
//! an edge, within a tolerance given in plan metres (the canvas turns ~8 screen pixels into
//! metres at the current zoom).

use geo::{Coord, LineString};

use crate::model::PlanPolygon;

/// What a point snapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapKind {
    Vertex,
    Edge,
}

/// A snapped point, plan metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    pub at: Coord<f64>,
    pub kind: SnapKind,
}

fn distance(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// The point of segment `a`–`b` nearest to `p`.
pub fn nearest_on_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Coord<f64> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    if length2 <= 0.0 {
        return a;
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0);
    Coord {
        x: a.x + t * dx,
        y: a.y + t * dy,
    }
}

fn rings(polygon: &PlanPolygon) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(polygon.exterior()).chain(polygon.interiors())
}

/// Snaps `at` to the nearest vertex of `polygons` within `tolerance`, else to the nearest
/// point on an edge within `tolerance`, else `None`.
///
/// ```
/// use geo::{Coord, polygon};
/// use officeplan::analysis::snap::{snap, SnapKind};
/// let room = polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 3.0), (x: 0.0, y: 3.0)];
/// // 0.1 m from the corner (4, 3): the corner.
/// let s = snap(Coord { x: 4.1, y: 3.0 }, [&room], 0.2).unwrap();
/// assert_eq!((s.at, s.kind), (Coord { x: 4.0, y: 3.0 }, SnapKind::Vertex));
/// ```
pub fn snap<'a>(
    at: Coord<f64>,
    polygons: impl IntoIterator<Item = &'a PlanPolygon>,
    tolerance: f64,
) -> Option<Snap> {
    let mut vertex: Option<(f64, Coord<f64>)> = None;
    let mut edge: Option<(f64, Coord<f64>)> = None;
    let keep = |best: &mut Option<(f64, Coord<f64>)>, c: Coord<f64>| {
        let d = distance(at, c);
        if d <= tolerance && best.is_none_or(|(b, _)| d < b) {
            *best = Some((d, c));
        }
    };
    for polygon in polygons {
        for ring in rings(polygon) {
            for c in &ring.0 {
                keep(&mut vertex, *c);
            }
            for line in ring.lines() {
                keep(&mut edge, nearest_on_segment(at, line.start, line.end));
            }
        }
    }
    match (vertex, edge) {
        (Some((_, c)), _) => Some(Snap {
            at: c,
            kind: SnapKind::Vertex,
        }),
        (None, Some((_, c))) => Some(Snap {
            at: c,
            kind: SnapKind::Edge,
        }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use geo::polygon;

    use super::*;

    fn room() -> PlanPolygon {
        polygon![(x: 0.0, y: 0.0), (x: 7.0, y: 0.0), (x: 7.0, y: 4.6), (x: 0.0, y: 4.6)]
    }

    #[test]
    fn vertex_beats_a_nearer_edge() {
        // 0.15 m from the corner (7, 0) but only 0.05 m from the bottom edge: the corner wins.
        let s = snap(Coord { x: 6.86, y: 0.05 }, [&room()], 0.2).unwrap();
        assert_eq!(s.kind, SnapKind::Vertex);
        assert_eq!(s.at, Coord { x: 7.0, y: 0.0 });
    }

    #[test]
    fn edge_foot_point() {
        // 0.1 m above the middle of the top edge y = 4.6: its foot (3.5, 4.6).
        let s = snap(Coord { x: 3.5, y: 4.7 }, [&room()], 0.2).unwrap();
        assert_eq!(s.kind, SnapKind::Edge);
        assert!((s.at.x - 3.5).abs() < 1e-12 && (s.at.y - 4.6).abs() < 1e-12);
    }

    #[test]
    fn nothing_within_tolerance() {
        assert_eq!(snap(Coord { x: 3.5, y: 2.0 }, [&room()], 0.2), None);
    }
}
