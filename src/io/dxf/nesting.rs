//! Closed rings → room polygons: a ring inside another becomes its hole (a column, a shaft),
//! a ring inside a hole is a room again (even–odd nesting).

use geo::algorithm::coordinate_position::{CoordPos, CoordinatePosition as _};
use geo::{Area as _, BoundingRect as _, InteriorPoint as _, LineString, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, Envelope as _, RTree, RTreeObject as _};

/// A closed ring to be nested, in plan metres.
#[derive(Clone, Debug)]
pub struct Ring {
    pub ring: LineString<f64>,
    /// Rings of a hole layer (columns) only ever become holes.
    pub hole_only: bool,
}

/// How the rings nest. Indices refer to the input slice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nesting {
    /// Each room: its outline ring and its holes, in input order of the outlines.
    pub rooms: Vec<(usize, Vec<usize>)>,
    /// Hole-layer rings inside no room.
    pub stray_holes: Vec<usize>,
    /// Rings that repeat another ring (same area and extent): drawn twice, used once.
    pub duplicates: Vec<usize>,
}

/// Nests rings: each ring's parent is the smallest ring that contains it.
///
/// ```
/// use geo::{LineString, coord};
/// use officeplan::io::dxf::nesting::{nest, Ring};
/// let square = |x0: f64, y0: f64, s: f64| Ring {
///     ring: LineString::new(vec![
///         coord! { x: x0, y: y0 }, coord! { x: x0 + s, y: y0 },
///         coord! { x: x0 + s, y: y0 + s }, coord! { x: x0, y: y0 + s }, coord! { x: x0, y: y0 },
///     ]),
///     hole_only: false,
/// };
/// // A 6 m hall with a 0.5 m column, and a room beside it.
/// let nesting = nest(&[square(0.0, 0.0, 6.0), square(2.0, 2.0, 0.5), square(7.0, 0.0, 3.0)]);
/// assert_eq!(nesting.rooms, vec![(0, vec![1]), (2, vec![])]);
/// ```
pub fn nest(rings: &[Ring]) -> Nesting {
    let areas: Vec<f64> = rings
        .iter()
        .map(|r| Polygon::new(r.ring.clone(), Vec::new()).unsigned_area())
        .collect();
    let mut order: Vec<usize> = (0..rings.len()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (areas.get(*a), areas.get(*b));
        y.partial_cmp(&x)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(b))
    });
    let envelopes: Vec<Option<AABB<[f64; 2]>>> = rings
        .iter()
        .map(|r| {
            r.ring
                .bounding_rect()
                .map(|b| AABB::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]))
        })
        .collect();
    let mut tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> = RTree::new();
    // Parent and depth of each ring processed so far (None: not placed).
    let mut parent: Vec<Option<usize>> = vec![None; rings.len()];
    let mut depth: Vec<Option<usize>> = vec![None; rings.len()];
    let mut nesting = Nesting::default();
    for &i in &order {
        let (Some(ring), Some(Some(envelope)), Some(area)) =
            (rings.get(i), envelopes.get(i), areas.get(i).copied())
        else {
            continue;
        };
        let mut best: Option<(usize, f64)> = None;
        let mut duplicate = false;
        for candidate in tree.locate_in_envelope_intersecting(envelope) {
            let j = candidate.data;
            let outer_envelope = candidate.geom().envelope();
            if !outer_envelope.contains_envelope(envelope) {
                continue;
            }
            let (Some(outer), Some(outer_area)) = (rings.get(j), areas.get(j).copied()) else {
                continue;
            };
            if (outer_area - area).abs() <= 1e-9 * outer_area.max(1.0)
                && outer_envelope == *envelope
            {
                duplicate = true;
                break;
            }
            if best.is_some_and(|(_, a)| a <= outer_area) {
                continue;
            }
            if inside(&ring.ring, &outer.ring) {
                best = Some((j, outer_area));
            }
        }
        if duplicate {
            nesting.duplicates.push(i);
            continue;
        }
        let parent_ring = best.map(|(j, _)| j);
        let d = parent_ring
            .and_then(|j| depth.get(j).copied().flatten())
            .map_or(0, |d| d + 1);
        if ring.hole_only {
            // A column is a hole of the room it stands in, or of nothing.
            if d % 2 == 1 {
                parent[i] = parent_ring;
                depth[i] = Some(d);
            } else {
                nesting.stray_holes.push(i);
            }
            continue;
        }
        parent[i] = parent_ring;
        depth[i] = Some(d);
        tree.insert(GeomWithData::new(
            Rectangle::from_corners(envelope.lower(), envelope.upper()),
            i,
        ));
    }
    // Rooms in input order, each with its holes in input order.
    for i in 0..rings.len() {
        if depth.get(i).copied().flatten().is_some_and(|d| d % 2 == 0) {
            nesting.rooms.push((i, Vec::new()));
        }
    }
    let position: std::collections::HashMap<usize, usize> = nesting
        .rooms
        .iter()
        .enumerate()
        .map(|(k, (i, _))| (*i, k))
        .collect();
    for i in 0..rings.len() {
        if depth.get(i).copied().flatten().is_some_and(|d| d % 2 == 1)
            && let Some(k) = parent
                .get(i)
                .copied()
                .flatten()
                .and_then(|p| position.get(&p))
            && let Some((_, holes)) = nesting.rooms.get_mut(*k)
        {
            holes.push(i);
        }
    }
    nesting
}

/// Whether `inner` lies inside `outer`: no vertex outside it, and an interior point strictly
/// inside (a column may touch the wall it stands against).
fn inside(inner: &LineString<f64>, outer: &LineString<f64>) -> bool {
    let outer = Polygon::new(outer.clone(), Vec::new());
    if inner
        .0
        .iter()
        .any(|c| outer.coordinate_position(c) == CoordPos::Outside)
    {
        return false;
    }
    Polygon::new(inner.clone(), Vec::new())
        .interior_point()
        .is_some_and(|p| outer.coordinate_position(&p.0) == CoordPos::Inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64, hole_only: bool) -> Ring {
        Ring {
            ring: LineString::new(vec![
                coord! { x: x0, y: y0 },
                coord! { x: x1, y: y0 },
                coord! { x: x1, y: y1 },
                coord! { x: x0, y: y1 },
                coord! { x: x0, y: y0 },
            ]),
            hole_only,
        }
    }

    #[test]
    fn a_room_inside_a_shaft_inside_a_hall_is_a_room() {
        let nesting = nest(&[
            rect(0.0, 0.0, 20.0, 20.0, false),
            rect(5.0, 5.0, 15.0, 15.0, false),
            rect(6.0, 6.0, 8.0, 8.0, false),
        ]);
        assert_eq!(nesting.rooms, vec![(0, vec![1]), (2, vec![])]);
    }

    #[test]
    fn adjacent_rooms_sharing_a_wall_stay_apart() {
        let nesting = nest(&[
            rect(0.0, 0.0, 3.3, 5.0, false),
            rect(3.3, 0.0, 6.6, 5.0, false),
        ]);
        assert_eq!(nesting.rooms, vec![(0, vec![]), (1, vec![])]);
    }

    #[test]
    fn a_column_against_the_wall_is_a_hole_and_one_in_the_corridor_is_stray() {
        let nesting = nest(&[
            rect(0.0, 0.0, 6.0, 5.0, false),
            rect(0.0, 2.0, 0.5, 2.5, true),
            rect(0.0, 6.0, 0.5, 6.5, true),
        ]);
        assert_eq!(nesting.rooms, vec![(0, vec![1])]);
        assert_eq!(nesting.stray_holes, vec![2]);
    }

    #[test]
    fn an_outline_drawn_twice_is_used_once() {
        let nesting = nest(&[
            rect(0.0, 0.0, 3.0, 3.0, false),
            rect(0.0, 0.0, 3.0, 3.0, false),
        ]);
        assert_eq!(nesting.rooms, vec![(0, vec![])]);
        assert_eq!(nesting.duplicates, vec![1]);
    }
}
