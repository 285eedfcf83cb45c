//! Reshaping room polygons by hand (绘制、分割、合并、编辑顶点): the pure geometry behind the
//! canvas's drawing tools (new rooms' numbers are in [`super::room_number`]). Every function takes and returns plan metres; none touches the
//! store, so the canvas, the tests and any later CLI share them.

use geo::{Area as _, BooleanOps as _, BoundingRect as _, Coord, LineString, MultiPolygon};

use crate::model::PlanPolygon;

/// Pieces smaller than this (m²) are taken as slivers of floating-point noise, not rooms.
const SLIVER_M2: f64 = 1e-4;

/// Why a reshaping was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ShapeError {
    /// The split line does not cut the room in exactly two pieces.
    #[error("{}", crate::t!("edit.split_not_two", pieces = pieces))]
    SplitNotTwo { pieces: usize },
    /// The split line has no length.
    #[error("{}", crate::t!("edit.split_too_short"))]
    SplitTooShort,
    /// The rooms to merge do not form one polygon (they do not touch or overlap).
    #[error("{}", crate::t!("edit.merge_not_one", pieces = pieces))]
    MergeNotOne { pieces: usize },
    /// A ring would have fewer than three vertices.
    #[error("{}", crate::t!("edit.too_few_vertices"))]
    TooFewVertices,
    /// No such ring or vertex.
    #[error("{}", crate::t!("edit.no_vertex"))]
    NoVertex,
}

/// The axis-aligned rectangle with opposite corners `a` and `b`, counter-clockwise.
///
/// ```
/// use geo::Coord;
/// let r = officeplan::analysis::edit_geometry::rectangle(Coord { x: 7.0, y: 4.6 }, Coord { x: 0.0, y: 0.0 });
/// // 7.0 m × 4.6 m = 32.20 m².
/// assert!((officeplan::analysis::room_area(&r) - 32.2).abs() < 1e-9);
/// ```
pub fn rectangle(a: Coord<f64>, b: Coord<f64>) -> PlanPolygon {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    polygon_from_vertices(vec![
        Coord { x: x0, y: y0 },
        Coord { x: x1, y: y0 },
        Coord { x: x1, y: y1 },
        Coord { x: x0, y: y1 },
    ])
}

/// A polygon without holes from its vertices (open: the closing point is added).
pub fn polygon_from_vertices(vertices: Vec<Coord<f64>>) -> PlanPolygon {
    PlanPolygon::new(LineString::from(vertices), Vec::new())
}

/// A ring's vertices without the closing repeat of the first.
pub fn ring_vertices(ring: &LineString<f64>) -> Vec<Coord<f64>> {
    let mut vertices = ring.0.clone();
    if vertices.len() > 1 && vertices.first() == vertices.last() {
        vertices.pop();
    }
    vertices
}

/// Ring `ring` of a polygon: 0 the outline, 1… the holes.
fn ring_of(polygon: &PlanPolygon, ring: usize) -> Option<&LineString<f64>> {
    match ring {
        0 => Some(polygon.exterior()),
        k => polygon.interiors().get(k - 1),
    }
}

/// The polygon with ring `ring` replaced by `vertices`.
fn with_ring(polygon: &PlanPolygon, ring: usize, vertices: Vec<Coord<f64>>) -> PlanPolygon {
    let mut exterior = polygon.exterior().clone();
    let mut interiors = polygon.interiors().to_vec();
    let line = LineString::from(vertices);
    match ring {
        0 => exterior = line,
        k => {
            if let Some(slot) = interiors.get_mut(k - 1) {
                *slot = line;
            }
        }
    }
    PlanPolygon::new(exterior, interiors)
}

/// Moves vertex `vertex` of ring `ring` to `to`.
///
/// ```
/// use geo::{Coord, polygon};
/// use officeplan::analysis::{edit_geometry::move_vertex, room_area};
/// let room = polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 3.0), (x: 0.0, y: 3.0)];
/// // Pull the corner (4, 3) out to (6, 3): a trapezoid of (4 + 6) / 2 × 3 = 15 m².
/// let moved = move_vertex(&room, 0, 2, Coord { x: 6.0, y: 3.0 }).unwrap();
/// assert!((room_area(&moved) - 15.0).abs() < 1e-9);
/// ```
pub fn move_vertex(
    polygon: &PlanPolygon,
    ring: usize,
    vertex: usize,
    to: Coord<f64>,
) -> Result<PlanPolygon, ShapeError> {
    let mut vertices = ring_vertices(ring_of(polygon, ring).ok_or(ShapeError::NoVertex)?);
    *vertices.get_mut(vertex).ok_or(ShapeError::NoVertex)? = to;
    Ok(with_ring(polygon, ring, vertices))
}

/// Inserts `at` after vertex `after` of ring `ring` (on the edge to the next vertex).
pub fn insert_vertex(
    polygon: &PlanPolygon,
    ring: usize,
    after: usize,
    at: Coord<f64>,
) -> Result<PlanPolygon, ShapeError> {
    let mut vertices = ring_vertices(ring_of(polygon, ring).ok_or(ShapeError::NoVertex)?);
    if after >= vertices.len() {
        return Err(ShapeError::NoVertex);
    }
    vertices.insert(after + 1, at);
    Ok(with_ring(polygon, ring, vertices))
}

/// Removes vertex `vertex` of ring `ring`; a ring keeps at least three vertices.
pub fn remove_vertex(
    polygon: &PlanPolygon,
    ring: usize,
    vertex: usize,
) -> Result<PlanPolygon, ShapeError> {
    let mut vertices = ring_vertices(ring_of(polygon, ring).ok_or(ShapeError::NoVertex)?);
    if vertex >= vertices.len() {
        return Err(ShapeError::NoVertex);
    }
    if vertices.len() <= 3 {
        return Err(ShapeError::TooFewVertices);
    }
    vertices.remove(vertex);
    Ok(with_ring(polygon, ring, vertices))
}

/// Splits a polygon by the infinite line through `a` and `b`: the two pieces, larger first.
/// Refused unless the line cuts it into exactly two pieces.
///
/// A room without holes is cut exactly (the pieces keep the room's own vertices and add the
/// two crossing points); one with holes goes through geo's boolean operations, whose integer
/// grid moves vertices by ~1e-8 of the extent, snapped back onto the room's vertices.
///
/// ```
/// use geo::{Coord, polygon};
/// use officeplan::analysis::{edit_geometry::split_by_line, room_area};
/// let room = polygon![(x: 0.0, y: 0.0), (x: 7.0, y: 0.0), (x: 7.0, y: 4.6), (x: 0.0, y: 4.6)];
/// let (big, small) = split_by_line(&room, Coord { x: 3.0, y: -1.0 }, Coord { x: 3.0, y: 6.0 }).unwrap();
/// // 4.0 × 4.6 = 18.40 m² and 3.0 × 4.6 = 13.80 m².
/// assert!((room_area(&big) - 18.4).abs() < 1e-9 && (room_area(&small) - 13.8).abs() < 1e-9);
/// ```
pub fn split_by_line(
    polygon: &PlanPolygon,
    a: Coord<f64>,
    b: Coord<f64>,
) -> Result<(PlanPolygon, PlanPolygon), ShapeError> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx.hypot(dy);
    if length.is_nan() || length <= 1e-9 {
        return Err(ShapeError::SplitTooShort);
    }
    let mut pieces = if polygon.interiors().is_empty() {
        split_ring(&ring_vertices(polygon.exterior()), a, b)?
    } else {
        split_by_half_planes(polygon, a, b)
    };
    if pieces.len() != 2 {
        return Err(ShapeError::SplitNotTwo {
            pieces: pieces.len(),
        });
    }
    pieces.sort_by(|p, q| q.unsigned_area().total_cmp(&p.unsigned_area()));
    let mut pieces = pieces.into_iter();
    match (pieces.next(), pieces.next()) {
        (Some(big), Some(small)) => Ok((big, small)),
        _ => Err(ShapeError::SplitNotTwo { pieces: 0 }),
    }
}

/// Which side of the line `a`→`b` a point is on: 1 left, -1 right, 0 on it (within 1e-9 m).
fn side(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> i8 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let cross = (dx * (p.y - a.y) - dy * (p.x - a.x)) / dx.hypot(dy);
    if cross > 1e-9 {
        1
    } else if cross < -1e-9 {
        -1
    } else {
        0
    }
}

/// Cuts a simple ring crossed twice by the line into its two sides; a ring crossed more
/// often makes more pieces and is refused (their count, for the message).
fn split_ring(
    vertices: &[Coord<f64>],
    a: Coord<f64>,
    b: Coord<f64>,
) -> Result<Vec<PlanPolygon>, ShapeError> {
    // The ring with the crossing points inserted, each point with its side.
    let n = vertices.len();
    let mut marked: Vec<(Coord<f64>, i8)> = Vec::with_capacity(n + 2);
    for (i, p) in vertices.iter().enumerate() {
        let q = vertices.get((i + 1) % n).copied().unwrap_or(*p);
        let (sp, sq) = (side(*p, a, b), side(q, a, b));
        marked.push((*p, sp));
        if sp * sq < 0 {
            let (dp, dq) = (signed_distance(*p, a, b), signed_distance(q, a, b));
            let t = dp / (dp - dq);
            marked.push((*p + (q - *p) * t, 0));
        }
    }
    let signs: Vec<i8> = marked.iter().map(|m| m.1).filter(|s| *s != 0).collect();
    let changes = signs
        .iter()
        .zip(signs.iter().cycle().skip(1))
        .filter(|(s, t)| s != t)
        .count();
    if changes != 2 {
        return Err(ShapeError::SplitNotTwo {
            pieces: changes / 2 + 1,
        });
    }
    // Start at a left point whose previous non-zero point is on the right.
    let m = marked.len();
    let start = (0..m)
        .find(|&k| {
            marked.get(k).is_some_and(|p| p.1 == 1)
                && (1..m)
                    .map(|back| marked.get((k + m - back) % m).map_or(0, |p| p.1))
                    .find(|s| *s != 0)
                    == Some(-1)
        })
        .ok_or(ShapeError::SplitNotTwo { pieces: 1 })?;
    marked.rotate_left(start);
    let first_right = marked
        .iter()
        .position(|p| p.1 == -1)
        .ok_or(ShapeError::SplitNotTwo { pieces: 1 })?;
    let last_right = marked
        .iter()
        .rposition(|p| p.1 == -1)
        .ok_or(ShapeError::SplitNotTwo { pieces: 1 })?;
    // The points on the line just before the first right point and after the last one.
    let mut enter = first_right;
    while enter > 0 && marked.get(enter - 1).is_some_and(|p| p.1 == 0) {
        enter -= 1;
    }
    let left: Vec<Coord<f64>> = marked
        .get(last_right + 1..)
        .unwrap_or_default()
        .iter()
        .chain(marked.get(..first_right).unwrap_or_default())
        .map(|p| p.0)
        .collect();
    let right: Vec<Coord<f64>> = marked
        .get(enter..)
        .unwrap_or_default()
        .iter()
        .map(|p| p.0)
        .collect();
    Ok([left, right]
        .into_iter()
        .map(|v| without_collinear(&polygon_from_vertices(v)))
        .filter(|p| p.unsigned_area() > SLIVER_M2)
        .collect())
}

/// The signed distance of `p` from the line `a`→`b`, positive on the left.
fn signed_distance(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    (dx * (p.y - a.y) - dy * (p.x - a.x)) / dx.hypot(dy)
}

/// The pieces of a polygon (with holes) on either side of the line, by boolean intersection
/// with two half-planes.
fn split_by_half_planes(polygon: &PlanPolygon, a: Coord<f64>, b: Coord<f64>) -> Vec<PlanPolygon> {
    let Some(bounds) = polygon.bounding_rect() else {
        return Vec::new();
    };
    // Half-planes as rectangles just long and wide enough to cover the whole polygon.
    let centre = bounds.center();
    let reach =
        bounds.width().hypot(bounds.height()) + (centre.x - a.x).hypot(centre.y - a.y) + 1.0;
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx.hypot(dy).max(1e-12);
    let d = Coord {
        x: dx / length * reach,
        y: dy / length * reach,
    };
    let n = Coord { x: -d.y, y: d.x };
    let half = |s: f64| polygon_from_vertices(vec![a - d, a + d, a + d + n * s, a - d + n * s]);
    [half(1.0), half(-1.0)]
        .iter()
        .flat_map(|h| polygon.intersection(h).0)
        .filter(|p| p.unsigned_area() > SLIVER_M2)
        .map(|p| without_collinear(&snapped_back(&p, std::slice::from_ref(polygon))))
        .collect()
}

/// Moves each vertex within a micrometre of a vertex of `originals` onto it (geo's boolean
/// operations round to an integer grid).
fn snapped_back(polygon: &PlanPolygon, originals: &[PlanPolygon]) -> PlanPolygon {
    let known: Vec<Coord<f64>> = originals
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter().copied())
        .collect();
    let fix = |ring: &LineString<f64>| {
        LineString::from(
            ring.0
                .iter()
                .map(|c| {
                    known
                        .iter()
                        .find(|k| (k.x - c.x).hypot(k.y - c.y) < 1e-6)
                        .copied()
                        .unwrap_or(*c)
                })
                .collect::<Vec<_>>(),
        )
    };
    PlanPolygon::new(
        fix(polygon.exterior()),
        polygon.interiors().iter().map(fix).collect(),
    )
}

/// The union of polygons that touch along edges or overlap; refused unless it is one polygon.
///
/// ```
/// use geo::polygon;
/// use officeplan::analysis::{edit_geometry::merge, room_area};
/// let a = polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.6), (x: 0.0, y: 4.6)];
/// let b = polygon![(x: 3.0, y: 0.0), (x: 7.0, y: 0.0), (x: 7.0, y: 4.6), (x: 3.0, y: 4.6)];
/// // 13.80 + 18.40 = 32.20 m², one rectangle of four corners again.
/// let merged = merge(&[a, b]).unwrap();
/// assert!((room_area(&merged) - 32.2).abs() < 1e-9);
/// assert_eq!(merged.exterior().0.len(), 5);
/// ```
pub fn merge(polygons: &[PlanPolygon]) -> Result<PlanPolygon, ShapeError> {
    let mut union = MultiPolygon::new(Vec::new());
    for p in polygons {
        union = union.union(&MultiPolygon::new(vec![p.clone()]));
    }
    let mut pieces: Vec<PlanPolygon> = union
        .0
        .into_iter()
        .filter(|p| p.unsigned_area() > SLIVER_M2)
        .collect();
    match (pieces.len(), pieces.pop()) {
        (1, Some(one)) => Ok(without_collinear(&snapped_back(&one, polygons))),
        (n, _) => Err(ShapeError::MergeNotOne { pieces: n }),
    }
}

/// The polygon without vertices that lie on the straight line between their neighbours
/// (a union leaves the shared wall's end points on the outline).
pub fn without_collinear(polygon: &PlanPolygon) -> PlanPolygon {
    let clean = |ring: &LineString<f64>| {
        let mut vertices = ring_vertices(ring);
        let mut i = 0;
        while vertices.len() > 3 && i < vertices.len() {
            let n = vertices.len();
            let (Some(p), Some(c), Some(q)) = (
                vertices.get((i + n - 1) % n),
                vertices.get(i),
                vertices.get((i + 1) % n),
            ) else {
                break;
            };
            let cross = (c.x - p.x) * (q.y - p.y) - (c.y - p.y) * (q.x - p.x);
            let scale = (q.x - p.x).hypot(q.y - p.y).max(1e-12);
            if (cross / scale).abs() < 1e-9 || p == c {
                vertices.remove(i);
            } else {
                i += 1;
            }
        }
        LineString::from(vertices)
    };
    PlanPolygon::new(
        clean(polygon.exterior()),
        polygon.interiors().iter().map(clean).collect(),
    )
}

#[cfg(test)]
mod tests {
    use geo::polygon;

    use super::*;
    use crate::analysis::room_area;

    /// The 7.0 m × 4.6 m room of the brief (32.20 m²).
    fn room() -> PlanPolygon {
        polygon![(x: 0.0, y: 0.0), (x: 7.0, y: 0.0), (x: 7.0, y: 4.6), (x: 0.0, y: 4.6)]
    }

    #[test]
    fn split_at_three_metres_gives_13_80_and_18_40() {
        let (big, small) =
            split_by_line(&room(), Coord { x: 3.0, y: 10.0 }, Coord { x: 3.0, y: 9.0 }).unwrap();
        // 4.0 × 4.6 and 3.0 × 4.6, summing to 32.20.
        assert!((room_area(&big) - 18.40).abs() < 1e-9);
        assert!((room_area(&small) - 13.80).abs() < 1e-9);
        assert_eq!(ring_vertices(big.exterior()).len(), 4);
    }

    #[test]
    fn diagonal_split_halves_the_room() {
        let (big, small) =
            split_by_line(&room(), Coord { x: 0.0, y: 0.0 }, Coord { x: 7.0, y: 4.6 }).unwrap();
        // Two triangles of 7.0 × 4.6 / 2 = 16.10 m².
        assert!((room_area(&big) - 16.10).abs() < 1e-9);
        assert!((room_area(&small) - 16.10).abs() < 1e-9);
    }

    #[test]
    fn a_line_missing_the_room_is_refused() {
        let missed = split_by_line(&room(), Coord { x: 9.0, y: 0.0 }, Coord { x: 9.0, y: 1.0 });
        assert_eq!(missed, Err(ShapeError::SplitNotTwo { pieces: 1 }));
        let point = split_by_line(&room(), Coord { x: 1.0, y: 1.0 }, Coord { x: 1.0, y: 1.0 });
        assert_eq!(point, Err(ShapeError::SplitTooShort));
    }

    #[test]
    fn a_u_shaped_room_cut_across_both_arms_is_three_pieces() {
        // A U of 3 × 3 with a 1 × 2 notch: the line y = 2 cuts both arms and the base apart.
        let u = polygon![
            (x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 3.0), (x: 2.0, y: 3.0),
            (x: 2.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 3.0), (x: 0.0, y: 3.0)
        ];
        let cut = split_by_line(&u, Coord { x: -1.0, y: 2.0 }, Coord { x: 4.0, y: 2.0 });
        assert_eq!(cut, Err(ShapeError::SplitNotTwo { pieces: 3 }));
    }

    #[test]
    fn merge_of_rooms_apart_is_refused() {
        let a = rectangle(Coord { x: 0.0, y: 0.0 }, Coord { x: 3.0, y: 4.6 });
        // A 0.2 m wall between them.
        let b = rectangle(Coord { x: 3.2, y: 0.0 }, Coord { x: 7.0, y: 4.6 });
        assert_eq!(merge(&[a, b]), Err(ShapeError::MergeNotOne { pieces: 2 }));
    }

    #[test]
    fn merge_of_the_split_pieces_gives_back_32_20() {
        let (big, small) =
            split_by_line(&room(), Coord { x: 3.0, y: 0.0 }, Coord { x: 3.0, y: 1.0 }).unwrap();
        let merged = merge(&[big, small]).unwrap();
        assert!((room_area(&merged) - 32.20).abs() < 1e-9);
        assert_eq!(ring_vertices(merged.exterior()).len(), 4);
    }

    #[test]
    fn vertex_insert_and_remove() {
        // A vertex pushed out from the middle of the top edge: 32.20 + 7.0 × 1.0 / 2 = 35.70.
        let peaked = insert_vertex(&room(), 0, 2, Coord { x: 3.5, y: 5.6 }).unwrap();
        assert!((room_area(&peaked) - 35.70).abs() < 1e-9);
        let back = remove_vertex(&peaked, 0, 3).unwrap();
        assert!((room_area(&back) - 32.20).abs() < 1e-9);
        // A triangle keeps its three vertices.
        let triangle = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 0.0, y: 1.0)];
        assert_eq!(
            remove_vertex(&triangle, 0, 0),
            Err(ShapeError::TooFewVertices)
        );
        assert_eq!(remove_vertex(&room(), 0, 9), Err(ShapeError::NoVertex));
    }
}
