//! One polyline → one closed ring in plan metres: bulge arcs approximated by chords within a
//! tolerance, a near-closed polyline closed when its ends are close enough.

use geo::{Coord, LineString};

use super::drawing::Vertex;
use super::units::DrawingUnit;

/// How far a chord may stray from the arc it stands for, m (the issue's 1 cm).
pub const ARC_TOLERANCE_M: f64 = 0.01;

/// Default gap between the ends of an open polyline that is still taken as closed, m.
pub const CLOSE_TOLERANCE_M: f64 = 0.05;

/// A polyline turned into a ring.
#[derive(Clone, Debug, PartialEq)]
pub enum RingOutcome {
    /// A closed ring (first point repeated at the end), in metres. `gap_m` is `Some` when the
    /// polyline was open and closed here: the distance between its ends.
    Closed {
        ring: LineString<f64>,
        gap_m: Option<f64>,
    },
    /// An open polyline whose ends are further apart than the tolerance.
    Unclosed { gap_m: f64 },
}

/// Turns a polyline's vertices into a closed ring in metres.
///
/// ```
/// use geo::Coord;
/// use officeplan::io::dxf::drawing::Vertex;
/// use officeplan::io::dxf::outline::{ring_from_polyline, RingOutcome};
/// use officeplan::io::dxf::DrawingUnit;
/// let v = |x, y| Vertex { at: Coord { x, y }, bulge: 0.0 };
/// // A 3.3 m × 5 m room drawn in mm whose last vertex stops 2 mm short of the first.
/// let open = [v(0.0, 0.0), v(3300.0, 0.0), v(3300.0, 5000.0), v(0.0, 5000.0), v(0.0, 2.0)];
/// let RingOutcome::Closed { ring, gap_m } = ring_from_polyline(&open, false, DrawingUnit::Millimetre, 0.05) else {
///     panic!("closed within 5 cm");
/// };
/// assert_eq!(ring.0.len(), 5); // four corners and the first again
/// assert_eq!(gap_m, Some(0.002));
/// ```
pub fn ring_from_polyline(
    vertices: &[Vertex],
    closed: bool,
    unit: DrawingUnit,
    close_tolerance_m: f64,
) -> RingOutcome {
    let mut vertices: Vec<Vertex> = vertices.to_vec();
    let mut gap_m = None;
    if !closed {
        let gap = match (vertices.first(), vertices.last()) {
            (Some(a), Some(b)) if vertices.len() >= 3 => {
                unit.to_metres((a.at.x - b.at.x).hypot(a.at.y - b.at.y))
            }
            _ => f64::INFINITY,
        };
        // A NaN gap (non-finite coordinates) is not closable either.
        if gap.is_nan() || gap > close_tolerance_m {
            return RingOutcome::Unclosed { gap_m: gap };
        }
        // The last vertex stands where the first should be: drop it, so the ring keeps the
        // drawn corners (the segment into the first vertex keeps the previous one's bulge).
        if vertices.len() > 3 {
            vertices.pop();
        }
        gap_m = Some((gap * 1e6).round() / 1e6);
    } else {
        // Some writers repeat the first vertex at the end of a closed polyline.
        while vertices.len() > 1 && vertices.first().map(|v| v.at) == vertices.last().map(|v| v.at)
        {
            vertices.pop();
        }
    }
    let tolerance = ARC_TOLERANCE_M / unit.metres();
    let mut coords: Vec<Coord<f64>> = Vec::with_capacity(vertices.len() + 1);
    let count = vertices.len();
    for (i, v) in vertices.iter().enumerate() {
        coords.push(v.at);
        if v.bulge != 0.0
            && v.bulge.is_finite()
            && let Some(next) = vertices.get((i + 1) % count.max(1))
        {
            arc_points(v.at, next.at, v.bulge, tolerance, &mut coords);
        }
    }
    let mut ring: Vec<Coord<f64>> = coords
        .into_iter()
        .map(|c| Coord {
            x: unit.to_metres(c.x),
            y: unit.to_metres(c.y),
        })
        .collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    RingOutcome::Closed {
        ring: LineString::new(ring),
        gap_m,
    }
}

/// A polyline's points with each bulge arc cut into chords no further than `share` of the
/// arc's chord from it (a vertex's bulge shapes the segment to the next vertex; a closed
/// polyline's last segment runs back to the first).
pub(super) fn densified(
    vertices: &[super::drawing::Vertex],
    closed: bool,
    share: f64,
) -> Vec<Coord<f64>> {
    let mut out = Vec::with_capacity(vertices.len());
    let n = vertices.len();
    for (i, v) in vertices.iter().enumerate() {
        out.push(v.at);
        let next = if i + 1 < n {
            vertices.get(i + 1)
        } else if closed {
            vertices.first()
        } else {
            None
        };
        if let Some(next) = next
            && v.bulge != 0.0
        {
            let chord = (next.at.x - v.at.x).hypot(next.at.y - v.at.y);
            arc_points(v.at, next.at, v.bulge, chord * share, &mut out);
        }
    }
    out
}

/// Most points an arc is cut into, whatever the tolerance (a full circle of 1 km at 1 cm).
const MAX_ARC_POINTS: usize = 4096;

/// Pushes the inner points of the arc from `a` to `b` with `bulge` (tan θ/4), so that no
/// chord is further than `tolerance` from the arc.
pub(super) fn arc_points(
    a: Coord<f64>,
    b: Coord<f64>,
    bulge: f64,
    tolerance: f64,
    out: &mut Vec<Coord<f64>>,
) {
    let chord = (b.x - a.x).hypot(b.y - a.y);
    if chord == 0.0 || !chord.is_finite() {
        return;
    }
    let theta = 4.0 * bulge.atan();
    let radius = chord / (2.0 * (theta / 2.0).sin().abs());
    if !radius.is_finite() || radius <= tolerance {
        return;
    }
    // A chord spanning angle φ strays r(1 − cos φ/2) from the arc.
    let max_step = 2.0 * (1.0 - tolerance / radius).acos();
    let steps = (theta.abs() / max_step).ceil();
    let steps = if steps.is_finite() {
        (steps as usize).clamp(1, MAX_ARC_POINTS)
    } else {
        1
    };
    // Centre: from the chord's midpoint along its normal, to the left for a positive bulge.
    let mid = Coord {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
    };
    let normal = Coord {
        x: -(b.y - a.y) / chord,
        y: (b.x - a.x) / chord,
    };
    // The centre lies (chord/2)/tan(θ/2) from the chord's midpoint along its left normal
    // (to the right when θ is negative or beyond a half turn: the sign of tan does that).
    let offset = (chord / 2.0) / (theta / 2.0).tan();
    let centre = Coord {
        x: mid.x + normal.x * offset,
        y: mid.y + normal.y * offset,
    };
    let start = (a.y - centre.y).atan2(a.x - centre.x);
    for k in 1..steps {
        let angle = start + theta * (k as f64) / (steps as f64);
        out.push(Coord {
            x: centre.x + radius * angle.cos(),
            y: centre.y + radius * angle.sin(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area as _;

    fn v(x: f64, y: f64, bulge: f64) -> Vertex {
        Vertex {
            at: Coord { x, y },
            bulge,
        }
    }

    fn closed_ring(outcome: RingOutcome) -> LineString<f64> {
        match outcome {
            RingOutcome::Closed { ring, .. } => ring,
            RingOutcome::Unclosed { gap_m } => panic!("unclosed, gap {gap_m}"),
        }
    }

    #[test]
    fn a_half_circle_bay_is_within_a_centimetre() {
        // A 4 m × 3 m room (mm) whose east side is a half circle of radius 1.5 m bulging out:
        // bulge 1 = tan(180°/4). Area = 12 + π·1.5²/2 = 15.534291735 m².
        let ring = closed_ring(ring_from_polyline(
            &[
                v(0.0, 0.0, 0.0),
                v(4000.0, 0.0, 1.0),
                v(4000.0, 3000.0, 0.0),
                v(0.0, 3000.0, 0.0),
            ],
            true,
            DrawingUnit::Millimetre,
            CLOSE_TOLERANCE_M,
        ));
        let centre = Coord { x: 4.0, y: 1.5 };
        for c in &ring.0 {
            if c.x > 4.0 + 1e-9 {
                let r = (c.x - centre.x).hypot(c.y - centre.y);
                assert!((r - 1.5).abs() < 1e-9, "points lie on the arc: {r}");
            }
        }
        assert!(ring.0.iter().any(|c| (c.x - 5.5).abs() < 0.01), "{ring:?}");
        let area = geo::Polygon::new(ring, vec![]).unsigned_area();
        let exact = 12.0 + std::f64::consts::PI * 1.5 * 1.5 / 2.0;
        // Chords lose at most tolerance × arc length = 0.01 × 4.71 m² ≈ 0.047 m².
        assert!(area < exact && exact - area < 0.047, "{area} vs {exact}");
    }

    #[test]
    fn a_negative_bulge_bends_inwards() {
        let ring = closed_ring(ring_from_polyline(
            &[
                v(0.0, 0.0, 0.0),
                v(4.0, 0.0, -1.0),
                v(4.0, 3.0, 0.0),
                v(0.0, 3.0, 0.0),
            ],
            true,
            DrawingUnit::Metre,
            CLOSE_TOLERANCE_M,
        ));
        assert!(ring.0.iter().all(|c| c.x <= 4.0 + 1e-9));
        let area = geo::Polygon::new(ring, vec![]).unsigned_area();
        let exact = 12.0 - std::f64::consts::PI * 1.5 * 1.5 / 2.0;
        assert!(area > exact && area - exact < 0.047, "{area} vs {exact}");
    }

    #[test]
    fn an_open_polyline_beyond_the_tolerance_is_unclosed() {
        let outcome = ring_from_polyline(
            &[
                v(0.0, 0.0, 0.0),
                v(3.0, 0.0, 0.0),
                v(3.0, 3.0, 0.0),
                v(0.0, 2.0, 0.0),
            ],
            false,
            DrawingUnit::Metre,
            CLOSE_TOLERANCE_M,
        );
        assert_eq!(outcome, RingOutcome::Unclosed { gap_m: 2.0 });
    }

    #[test]
    fn a_repeated_first_vertex_is_dropped() {
        let ring = closed_ring(ring_from_polyline(
            &[
                v(0.0, 0.0, 0.0),
                v(3.0, 0.0, 0.0),
                v(3.0, 3.0, 0.0),
                v(0.0, 0.0, 0.0),
            ],
            true,
            DrawingUnit::Metre,
            CLOSE_TOLERANCE_M,
        ));
        assert_eq!(ring.0.len(), 4);
    }
}
