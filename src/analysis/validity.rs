//! Validity checks for room polygons, with messages that say where the problem is.

use geo::kernels::{Kernel as _, Orientation, RobustKernel};
use geo::line_intersection::{LineIntersection, line_intersection};
use geo::{Contains as _, Coord, Line, LineString};

use crate::model::PlanPolygon;

/// Coordinates beyond this many metres from the plan origin are taken as a unit mistake.
pub const ABSURD_COORDINATE_M: f64 = 1e7;

/// Area below which a polygon is taken as degenerate, m² (one square centimetre).
pub const MIN_AREA_M2: f64 = 1e-4;

/// What is wrong with a polygon. `ring` 0 is the outline, 1… the holes; `vertex` counts from 0.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GeometryProblem {
    #[error("{}", crate::t!("geometry.non_finite", ring = ring_name(*ring), vertex = vertex + 1))]
    NonFinite { ring: usize, vertex: usize },
    #[error("{}", crate::t!("geometry.absurd", ring = ring_name(*ring), vertex = vertex + 1, x = format!("{x:.3}"), y = format!("{y:.3}")))]
    Absurd {
        ring: usize,
        vertex: usize,
        x: f64,
        y: f64,
    },
    #[error("{}", crate::t!("geometry.too_few_points", ring = ring_name(*ring), count = distinct))]
    TooFewPoints { ring: usize, distinct: usize },
    #[error("{}", crate::t!("geometry.self_intersection", ring = ring_name(*ring), x = format!("{x:.3}"), y = format!("{y:.3}")))]
    SelfIntersection { ring: usize, x: f64, y: f64 },
    #[error("{}", crate::t!("geometry.rings_cross", ring = ring_name(*ring), other = ring_name(*other), x = format!("{x:.3}"), y = format!("{y:.3}")))]
    RingsCross {
        ring: usize,
        other: usize,
        x: f64,
        y: f64,
    },
    #[error("{}", crate::t!("geometry.hole_outside", ring = ring_name(*ring)))]
    HoleOutside { ring: usize },
    #[error("{}", crate::t!("geometry.zero_area"))]
    ZeroArea,
    /// The stored geometry could not be read as one polygon (empty, several parts, another
    /// type, cut off): the reason is the blob reader's.
    #[error("{}", crate::t!("geometry.unreadable", reason = reason))]
    Unreadable { reason: String },
}

/// The area of a room polygon when it can be trusted (m², 使用面积), else why not.
///
/// A self-intersecting outline's shoelace area is meaningless (a bow tie's halves cancel to
/// 0.00), so an invalid polygon has no area, only a reason: callers show "—" with it and
/// leave the room out of area totals, counting it.
///
/// ```
/// use geo::polygon;
/// use officeplan::analysis::validity::measured_area;
/// let room = polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.0), (x: 0.0, y: 4.0)];
/// assert_eq!(measured_area(&room), Ok(12.0));
/// let bow_tie = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
/// assert!(measured_area(&bow_tie).is_err());
/// ```
pub fn measured_area(polygon: &PlanPolygon) -> Result<f64, GeometryProblem> {
    validated_area(polygon)
}

fn ring_name(ring: usize) -> String {
    if ring == 0 {
        crate::t!("geometry.outline").into_owned()
    } else {
        crate::t!("geometry.hole", n = ring).into_owned()
    }
}

/// Checks that a room polygon can be measured: finite, plausible coordinates, at least three
/// distinct points per ring, no self-intersection, holes inside the outline, non-zero area.
///
/// ```
/// use geo::polygon;
/// use officeplan::analysis::{validate_polygon, GeometryProblem};
/// let bow_tie = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
/// assert!(matches!(validate_polygon(&bow_tie), Err(GeometryProblem::SelfIntersection { .. })));
/// ```
pub fn validate_polygon(polygon: &PlanPolygon) -> Result<(), GeometryProblem> {
    validated_area(polygon).map(|_| ())
}

/// [`validate_polygon`], giving the area it measured on the way (the check measures every room
/// once).
fn validated_area(polygon: &PlanPolygon) -> Result<f64, GeometryProblem> {
    let rings: smallvec::SmallVec<[&LineString<f64>; 4]> = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .collect();
    for (ring_index, ring) in rings.iter().enumerate() {
        check_coordinates(ring_index, ring)?;
    }
    let cleaned: smallvec::SmallVec<[Vertices; 2]> =
        rings.iter().map(|r| distinct_vertices(r)).collect();
    for (ring_index, vertices) in cleaned.iter().enumerate() {
        if vertices.len() < 3 {
            return Err(GeometryProblem::TooFewPoints {
                ring: ring_index,
                distinct: vertices.len(),
            });
        }
        check_ring_simple(ring_index, vertices)?;
    }
    check_rings_apart(&cleaned)?;
    let area = crate::analysis::room_area(polygon);
    if area < MIN_AREA_M2 {
        return Err(GeometryProblem::ZeroArea);
    }
    if polygon.interiors().is_empty() {
        return Ok(area);
    }
    let outline = geo::Polygon::new(polygon.exterior().clone(), Vec::new());
    for (index, hole) in polygon.interiors().iter().enumerate() {
        let inside = hole.0.iter().all(|c| {
            outline.contains(c) || outline.exterior().lines().any(|l| point_on_line(*c, l))
        });
        if !inside {
            return Err(GeometryProblem::HoleOutside { ring: index + 1 });
        }
    }
    Ok(area)
}

/// Whether the bounding boxes of two segments are apart (then the segments cannot meet).
fn boxes_apart(a: &Line<f64>, b: &Line<f64>) -> bool {
    a.start.x.max(a.end.x) < b.start.x.min(b.end.x)
        || b.start.x.max(b.end.x) < a.start.x.min(a.end.x)
        || a.start.y.max(a.end.y) < b.start.y.min(b.end.y)
        || b.start.y.max(b.end.y) < a.start.y.min(a.end.y)
}

/// Whether two neighbouring edges (sharing `shared`) turn at it: then they meet only there
/// (exact orientation test), and need no intersection test.
fn turns(a: &Line<f64>, b: &Line<f64>) -> bool {
    let shared = if a.end == b.start || a.end == b.end {
        a.end
    } else {
        a.start
    };
    let other_a = if shared == a.end { a.start } else { a.end };
    let other_b = if shared == b.start { b.end } else { b.start };
    RobustKernel::orient2d(other_a, shared, other_b) != Orientation::Collinear
}

fn check_coordinates(ring: usize, line: &LineString<f64>) -> Result<(), GeometryProblem> {
    for (vertex, c) in line.0.iter().enumerate() {
        if !c.x.is_finite() || !c.y.is_finite() {
            return Err(GeometryProblem::NonFinite { ring, vertex });
        }
        if c.x.abs() > ABSURD_COORDINATE_M || c.y.abs() > ABSURD_COORDINATE_M {
            return Err(GeometryProblem::Absurd {
                ring,
                vertex,
                x: c.x,
                y: c.y,
            });
        }
    }
    Ok(())
}

/// A ring's distinct vertices (on the stack for rooms of up to 16 corners).
type Vertices = smallvec::SmallVec<[Coord<f64>; 16]>;

/// The ring's vertices without the closing point and without consecutive repeats.
fn distinct_vertices(ring: &LineString<f64>) -> Vertices {
    let mut out = Vertices::with_capacity(ring.0.len());
    for c in &ring.0 {
        if out.last() != Some(c) {
            out.push(*c);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

fn ring_segments(vertices: &[Coord<f64>]) -> impl Iterator<Item = Line<f64>> + '_ {
    let n = vertices.len();
    (0..n).filter_map(move |i| {
        let a = vertices.get(i)?;
        let b = vertices.get((i + 1) % n)?;
        Some(Line::new(*a, *b))
    })
}

fn check_ring_simple(ring: usize, vertices: &[Coord<f64>]) -> Result<(), GeometryProblem> {
    // Rooms have a handful of vertices: the segments fit on the stack.
    let segments: smallvec::SmallVec<[Line<f64>; 16]> = ring_segments(vertices).collect();
    let n = segments.len();
    for (i, a) in segments.iter().enumerate() {
        for (j, b) in segments.iter().enumerate().skip(i + 1) {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            // Cheap exact rejections first (most rooms are rectangles): edges whose boxes are
            // apart cannot cross, and neighbours that turn meet only at their vertex.
            if (adjacent && turns(a, b)) || (!adjacent && boxes_apart(a, b)) {
                continue;
            }
            let crossing = match line_intersection(*a, *b) {
                // Neighbouring edges always share their common vertex.
                Some(LineIntersection::SinglePoint { intersection, .. }) if !adjacent => {
                    Some(intersection)
                }
                // Collinear overlap: a spike doubling back on itself, or two edges on top of each other.
                Some(LineIntersection::Collinear { intersection })
                    if !adjacent || intersection.start != intersection.end =>
                {
                    Some(intersection.start)
                }
                _ => None,
            };
            if let Some(at) = crossing {
                return Err(GeometryProblem::SelfIntersection {
                    ring,
                    x: at.x,
                    y: at.y,
                });
            }
        }
    }
    Ok(())
}

fn check_rings_apart(rings: &[Vertices]) -> Result<(), GeometryProblem> {
    for (i, first) in rings.iter().enumerate() {
        for (j, second) in rings.iter().enumerate().skip(i + 1) {
            for a in ring_segments(first) {
                for b in ring_segments(second) {
                    if boxes_apart(&a, &b) {
                        continue;
                    }
                    if let Some(hit) = line_intersection(a, b) {
                        let at = match hit {
                            LineIntersection::SinglePoint { intersection, .. } => intersection,
                            LineIntersection::Collinear { intersection } => intersection.start,
                        };
                        return Err(GeometryProblem::RingsCross {
                            ring: i,
                            other: j,
                            x: at.x,
                            y: at.y,
                        });
                    }
                }
            }
        }
    }
    Ok(())
}

fn point_on_line(c: Coord<f64>, line: Line<f64>) -> bool {
    let cross = (line.end.x - line.start.x) * (c.y - line.start.y)
        - (line.end.y - line.start.y) * (c.x - line.start.x);
    let within_x = c.x >= line.start.x.min(line.end.x) && c.x <= line.start.x.max(line.end.x);
    let within_y = c.y >= line.start.y.min(line.end.y) && c.y <= line.start.y.max(line.end.y);
    cross.abs() < 1e-12 && within_x && within_y
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, polygon};

    fn square(size: f64) -> LineString<f64> {
        LineString::from(vec![
            (0.0, 0.0),
            (size, 0.0),
            (size, size),
            (0.0, size),
            (0.0, 0.0),
        ])
    }

    #[test]
    fn an_invalid_room_has_no_area_and_a_valid_one_its_own() {
        // The bow tie's shoelace sum is 0 (two 1 m² triangles of opposite sign): never shown.
        let bow_tie =
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        assert_eq!(crate::analysis::room_area(&bow_tie), 0.0);
        assert_eq!(
            measured_area(&bow_tie),
            Err(GeometryProblem::SelfIntersection {
                ring: 0,
                x: 1.0,
                y: 1.0
            })
        );
        // An empty polygon (what an unreadable blob loads as).
        let empty = Polygon::new(LineString::new(Vec::new()), Vec::new());
        assert!(matches!(
            measured_area(&empty),
            Err(GeometryProblem::TooFewPoints {
                ring: 0,
                distinct: 0
            })
        ));
        // 3.4 m × 7.6 m = 25.84 m².
        let room = polygon![(x: 0.0, y: 0.0), (x: 3.4, y: 0.0), (x: 3.4, y: 7.6), (x: 0.0, y: 7.6)];
        assert!((measured_area(&room).expect("valid") - 25.84).abs() < 1e-9);
    }

    #[test]
    fn a_plain_room_is_valid() {
        let room = polygon![(x: 0.0, y: 0.0), (x: 3.4, y: 0.0), (x: 3.4, y: 7.6), (x: 0.0, y: 7.6)];
        assert_eq!(validate_polygon(&room), Ok(()));
    }

    #[test]
    fn room_with_a_column_is_valid() {
        let column = LineString::from(vec![(4.0, 4.0), (4.0, 4.5), (4.5, 4.5), (4.5, 4.0)]);
        assert_eq!(
            validate_polygon(&Polygon::new(square(10.0), vec![column])),
            Ok(())
        );
    }

    #[test]
    fn too_few_distinct_points() {
        let line = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 0.0), (x: 0.0, y: 0.0)];
        assert_eq!(
            validate_polygon(&line),
            Err(GeometryProblem::TooFewPoints {
                ring: 0,
                distinct: 2
            })
        );
    }

    #[test]
    fn bow_tie_reports_the_crossing_point() {
        let bow_tie =
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        assert_eq!(
            validate_polygon(&bow_tie),
            Err(GeometryProblem::SelfIntersection {
                ring: 0,
                x: 1.0,
                y: 1.0
            })
        );
    }

    #[test]
    fn spike_doubling_back_is_caught() {
        let spike = polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 4.0, y: 2.0), (x: 0.0, y: 4.0)];
        assert!(matches!(
            validate_polygon(&spike),
            Err(GeometryProblem::SelfIntersection { .. })
        ));
    }

    #[test]
    fn the_quick_rejections_keep_every_answer() {
        // A redundant vertex on a straight edge (neighbours that do not turn) is still a
        // plain room; a spike on the closing edge (doubling back on its neighbour) is still
        // caught; an L whose far edges touch at a point (boxes meet) is still a crossing.
        let straight = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (2.0, 0.0),
                (4.0, 0.0),
                (4.0, 3.0),
                (0.0, 3.0),
            ]),
            Vec::new(),
        );
        assert_eq!(measured_area(&straight), Ok(12.0));
        let spike_at_start = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (4.0, 0.0),
                (4.0, 3.0),
                (0.0, 3.0),
                (0.0, -2.0),
            ]),
            Vec::new(),
        );
        assert!(matches!(
            validate_polygon(&spike_at_start),
            Err(GeometryProblem::SelfIntersection { .. })
        ));
        let touching = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (4.0, 0.0),
                (4.0, 4.0),
                (2.0, 0.0),
                (0.0, 4.0),
            ]),
            Vec::new(),
        );
        assert!(matches!(
            validate_polygon(&touching),
            Err(GeometryProblem::SelfIntersection { .. })
        ));
    }

    #[test]
    fn collinear_points_have_zero_area() {
        let flat = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 2.0, y: 0.0)];
        assert!(validate_polygon(&flat).is_err());
    }

    #[test]
    fn non_finite_and_absurd_coordinates() {
        let nan = polygon![(x: 0.0, y: 0.0), (x: f64::NAN, y: 0.0), (x: 1.0, y: 1.0)];
        assert_eq!(
            validate_polygon(&nan),
            Err(GeometryProblem::NonFinite { ring: 0, vertex: 1 })
        );
        // A drawing in mm read as metres: 12 km is plausible, 1.2e7 m is not.
        let far = polygon![(x: 0.0, y: 0.0), (x: 1.2e7, y: 0.0), (x: 1.0, y: 1.0)];
        assert!(matches!(
            validate_polygon(&far),
            Err(GeometryProblem::Absurd {
                ring: 0,
                vertex: 1,
                ..
            })
        ));
    }

    #[test]
    fn hole_outside_or_crossing_the_outline() {
        let outside = LineString::from(vec![(20.0, 20.0), (21.0, 20.0), (21.0, 21.0)]);
        assert_eq!(
            validate_polygon(&Polygon::new(square(10.0), vec![outside])),
            Err(GeometryProblem::HoleOutside { ring: 1 })
        );
        let crossing = LineString::from(vec![(9.0, 5.0), (11.0, 5.0), (11.0, 6.0), (9.0, 6.0)]);
        assert!(matches!(
            validate_polygon(&Polygon::new(square(10.0), vec![crossing])),
            Err(GeometryProblem::RingsCross {
                ring: 0,
                other: 1,
                ..
            })
        ));
    }
}
