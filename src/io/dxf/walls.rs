//! Rooms from walls: the faces a drawing's wall lines enclose, for plans that draw rooms only
//! as walls (LINE, ARC, open or closed polylines, single or double wall lines, door openings).
//!
//! The method is a morphological closing done with `i_overlay` (the polygon engine `geo`'s
//! boolean operations use), not a home-made polygoniser:
//! 1. every wall line is stroked to a band of the door width (square caps, mitred joins),
//!    and the bands are unioned into the wall mass. A gap up to the door width (a door
//!    opening, endpoints that miss each other) is closed by the bands meeting; the space
//!    between two faces of a double wall is swallowed;
//! 2. each hole of the wall mass is a room, shrunk by half the door width on every side;
//! 3. each hole is grown back by half the door width (mitred), which puts its edges on the
//!    wall lines again: on the inner face of a double wall (使用面积, DOMAIN §4.2), and
//!    straight across a closed door opening.
//!
//! 4. a closed island of the wall mass inside a face (a column, a shaft box) is shrunk back
//!    to its own outline and becomes a hole of that room;
//! 5. a second closing at half the door width finds the rooms the first filled whole
//!    (a 1.5 m bathroom when 1.9 m patio doors must be closed); its faces that overlap
//!    none of the first are kept. Faces whose outline runs mostly off the wall lines (a
//!    sliver between a wall end and a post outside, grown back into a spike) are dropped,
//!    and faces are made disjoint;
//! 6. what the faces leave inside the building, less the wall itself, is cut into *rest
//!    pieces* ([`REST_KIND`]): a corridor narrower than the door width and open at its ends,
//!    a kitchen's counters and the gaps around its island. A rest piece is a room only when
//!    a label lies in it (the import decides), or as part of a labelled room the walls found
//!    in pieces, which the import joins up to the room's area text.
//!
//! Why this and not a planar arrangement: CAD wall lines rarely meet exactly (overshoots,
//! gaps, arcs of door swings on the wall layer), and a closing treats all of these alike
//! with one parameter a planner understands, the widest opening to close. The cost: an
//! unlabelled room narrower than half the door width (a closet, or a corridor narrower than
//! the door width whose ends are open wider than half of it) is only a rest piece, not
//! offered as a candidate, and a door wider than the door width (a double door) joins the
//! rooms on both sides.

use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::float::single::SingleFloatOverlay as _;
use i_overlay::mesh::outline::offset::OutlineOffset as _;
use i_overlay::mesh::stroke::offset::StrokeOffset as _;
use i_overlay::mesh::style::{LineCap, LineJoin, OutlineStyle, StrokeStyle};

use rstar::primitives::{GeomWithData, Line};
use rstar::{AABB, RTree};

use super::drawing::{DrawingPoint, Entity, Shape, Vertex};
use super::label::same_name;

/// The widest door opening closed by default, m.
pub const DEFAULT_DOOR_WIDTH_M: f64 = 1.2;
/// Faces smaller than this are no rooms (a gap between wall lines), m².
pub const MIN_FACE_M2: f64 = 1.0;
/// The entity kind of a face found between walls (its handle is `W1`, `W2` …).
pub const FACE_KIND: &str = "WALLFACE";
/// The kind of a face found only by the second closing, at half the door width (a bathroom,
/// a kitchen's strip between its counters): a room the door width filled whole.
pub const NARROW_FACE_KIND: &str = "WALLFACE_NARROW";
/// The kind of a piece of the space inside the building that no face holds (a corridor
/// narrower than the door width, a kitchen's counters): a room only when a label lies in
/// it, or as part of a labelled room whose stated area it completes. Its holes follow it as
/// [`REST_HOLE_KIND`] (handles `W9.H1` …); it is never nested with the other outlines.
pub const REST_KIND: &str = "WALLREST";
/// The kind of a hole of a [`REST_KIND`] piece (a face it surrounds, a core).
pub const REST_HOLE_KIND: &str = "WALLREST_HOLE";
/// The thickest wall, m: the strips between the two lines of a wall up to this thick are no
/// rest pieces (a 490 mm brick wall is a wall; a 0.6 m kitchen counter is not).
pub const THICKEST_WALL_M: f64 = 0.5;

/// The door width spans at most this share of the walls' extent in the drawing's unit (a
/// floor is at least four door widths across).
pub const MAX_DOOR_SHARE: f64 = 0.25;

/// The smallest rest piece, as a share of the smallest face.
const REST_AREA_SHARE: f64 = 0.25;

/// Whether an entity of this kind is a room outline found between walls (of any closing, or
/// a rest piece).
pub fn is_face(kind: &str) -> bool {
    kind == FACE_KIND || kind == NARROW_FACE_KIND || kind == REST_KIND
}

/// Sharpest corner mitred (radians); sharper ones are bevelled (a sliver's spike would
/// reach far past its walls).
const MITER_LIMIT: f64 = std::f64::consts::FRAC_PI_6;
/// Arcs on the wall layer are cut into steps of this many degrees.
const ARC_STEP_DEG: f64 = 5.0;

/// The wall lines on `layers` as paths in drawing units.
fn wall_paths(entities: &[Entity], layers: &[String]) -> Vec<Vec<[f64; 2]>> {
    let mut paths = Vec::new();
    for e in entities {
        if !layers.iter().any(|l| same_name(l, &e.layer)) {
            continue;
        }
        match &e.shape {
            Shape::Line { from, to } => paths.push(vec![[from.x, from.y], [to.x, to.y]]),
            Shape::Polyline { vertices, closed } => {
                let mut path = polyline_points(vertices, *closed);
                if *closed && let Some(first) = path.first().copied() {
                    path.push(first);
                }
                paths.push(path);
            }
            Shape::Arc {
                centre,
                radius,
                start_deg,
                end_deg,
            } => paths.push(
                super::drawing::arc_points(*centre, *radius, *start_deg, *end_deg, |span| {
                    ((span / ARC_STEP_DEG).ceil() as usize).clamp(1, 360)
                })
                .into_iter()
                .map(|p| [p.x, p.y])
                .collect(),
            ),
            _ => {}
        }
    }
    paths.retain(|p| p.len() >= 2 && p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
    paths
}

fn polyline_points(vertices: &[Vertex], closed: bool) -> Vec<[f64; 2]> {
    super::outline::densified(vertices, closed, 1e-3)
        .into_iter()
        .map(|p| [p.x, p.y])
        .collect()
}

/// The extent (largest side of the bounding box) of the wall lines, drawing units.
pub fn wall_extent(entities: &[Entity], layers: &[String]) -> Option<f64> {
    let paths = wall_paths(entities, layers);
    let mut points = paths.iter().flatten();
    let first = points.next()?;
    let (mut lo, mut hi) = (*first, *first);
    for p in points {
        lo = [lo[0].min(p[0]), lo[1].min(p[1])];
        hi = [hi[0].max(p[0]), hi[1].max(p[1])];
    }
    Some((hi[0] - lo[0]).max(hi[1] - lo[1]))
}

/// An open path with both ends pushed out by `by` along its end segments (a closed one,
/// whose last point is its first, is left as it is).
fn extended(mut path: Vec<[f64; 2]>, by: f64) -> Vec<[f64; 2]> {
    let n = path.len();
    if n < 2 || path.first() == path.last() {
        return path;
    }
    let push = |end: [f64; 2], towards: [f64; 2]| {
        let (dx, dy) = (end[0] - towards[0], end[1] - towards[1]);
        let len = dx.hypot(dy);
        if len > 0.0 {
            [end[0] + dx / len * by, end[1] + dy / len * by]
        } else {
            end
        }
    };
    let start = path.first().copied().zip(path.get(1).copied());
    let end = path.last().copied().zip(path.get(n - 2).copied());
    if let (Some((a, b)), Some(first)) = (start, path.first_mut()) {
        *first = push(a, b);
    }
    if let (Some((a, b)), Some(last)) = (end, path.last_mut()) {
        *last = push(a, b);
    }
    path
}

fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .filter_map(|i| Some((ring.get(i)?, ring.get((i + 1) % n)?)))
        .map(|(a, b)| a[0] * b[1] - b[0] * a[1])
        .sum::<f64>()
        / 2.0
}

/// A room found between walls: its outline, and the columns (closed islands of the wall
/// layer) standing in it, each counter-clockwise in drawing units.
struct Face {
    ring: Vec<[f64; 2]>,
    columns: Vec<Vec<[f64; 2]>>,
}

/// Whether a point lies inside a ring (even-odd ray casting).
fn ring_contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let n = ring.len();
    let mut inside = false;
    for i in 0..n {
        let (Some(a), Some(b)) = (ring.get(i), ring.get((i + n - 1) % n)) else {
            continue;
        };
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
    }
    inside
}

/// The wall lines stroked to bands `width` wide and united: the wall mass of a closing.
fn wall_mass(paths: &[Vec<[f64; 2]>], width: f64) -> Vec<Vec<Vec<[f64; 2]>>> {
    // Square caps made by hand (each open end pushed out by half the width) and butt caps
    // for i_overlay: its own square caps on a few thousand overlapping wall bands made its
    // overlay ask for 10 GB (i_overlay 4.5.2, 400 generated rooms); butt caps with bevelled
    // joins take 65 ms for 1,000 rooms. A bevel only cuts the outer side of a wall's turn,
    // never the room side, which is what the faces are made of.
    let capped: Vec<Vec<[f64; 2]>> = paths
        .iter()
        .map(|p| extended(p.clone(), width / 2.0))
        .collect();
    let style = StrokeStyle::new(width)
        .start_cap(LineCap::Butt)
        .end_cap(LineCap::Butt)
        .line_join(LineJoin::Bevel);
    capped.stroke(style, false)
}

/// The faces of one morphological closing of the wall paths at `width` (see the module
/// doc), with the columns in each: a shape of the wall mass standing inside a hole of
/// another (a column, a free-standing core) is shrunk back by half the width to its own
/// outline, and subtracted from the room it stands in (使用面积 excludes columns, DOMAIN
/// §4.2). A free-standing wall line shrinks back to nothing.
fn closing_faces(
    paths: &[Vec<[f64; 2]>],
    mass: &[Vec<Vec<[f64; 2]>>],
    width: f64,
    min_area: f64,
) -> Vec<Face> {
    let half = width / 2.0;
    let grow = OutlineStyle::new(half).line_join(LineJoin::Miter(MITER_LIMIT));
    let mut faces: Vec<Face> = Vec::new();
    for shape in mass {
        for hole in shape.iter().skip(1) {
            // A hole runs clockwise; as a shape of its own it must run counter-clockwise.
            let mut outer = hole.clone();
            outer.reverse();
            let grown = vec![outer].outline(&grow);
            for piece in grown {
                if let Some(ring) = piece.into_iter().next()
                    && ring_area(&ring).abs() >= min_area
                {
                    faces.push(Face {
                        ring,
                        columns: Vec::new(),
                    });
                }
            }
        }
    }
    // Islands: shapes of the mass whose outer contour lies in a face.
    let face_bounds: Vec<[f64; 4]> = faces.iter().map(|f| bounds(&f.ring)).collect();
    let starts: RTree<GeomWithData<[f64; 2], usize>> = RTree::bulk_load(
        paths
            .iter()
            .enumerate()
            // The middle of the first segment: well inside the band (a closed loop's first
            // point sits in the notch its butt caps leave).
            .filter_map(|(i, p)| {
                let (a, b) = (p.first()?, p.get(1)?);
                Some(GeomWithData::new(
                    [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0],
                    i,
                ))
            })
            .collect(),
    );
    for shape in mass {
        let Some(outer) = shape.first() else {
            continue;
        };
        let Some(probe) = outer.first().copied() else {
            continue;
        };
        let home = faces.iter_mut().zip(&face_bounds).find(|(f, b)| {
            (b[0]..=b[2]).contains(&probe[0])
                && (b[1]..=b[3]).contains(&probe[1])
                && ring_contains(&f.ring, probe)
        });
        if let Some((face, _)) = home {
            face.columns
                .extend(column_outlines(outer, paths, &starts, width));
        }
    }
    faces
}

/// The space inside the building that no face holds: the outline of the wall mass at the
/// door width (`outers`, shrunk back by half of it onto the outermost wall lines) less the
/// faces, their columns and the wall itself — the mass of a closing at the thickest wall's
/// width shrunk back by half of it, which leaves the strip between the two lines of a wall
/// (a single line leaves nothing). The rest is opened by a quarter of the thickest wall, so
/// that slivers along the lines fall away, and each piece is grown back on its own and kept
/// off the faces. What is left is a corridor narrower than the door width, a kitchen's
/// counters and the gaps between them, a closet: each piece an outer ring
/// (counter-clockwise) and its holes (clockwise).
fn rest_pieces(
    paths: &[Vec<[f64; 2]>],
    outers: Vec<Vec<[f64; 2]>>,
    half: f64,
    faces: &[(bool, Face)],
    thickest_wall: f64,
    min_area: f64,
) -> Vec<Vec<Vec<[f64; 2]>>> {
    if thickest_wall.is_nan() || thickest_wall <= 0.0 {
        return Vec::new();
    }
    let hair = thickest_wall * REST_HAIR_SHARE;
    // The pieces need i_overlay's integer grid to resolve a hair (a hundredth of the
    // thickest wall) across the whole drawing: a drawing over a million hairs across (a
    // coordinate thrown far off, a unit read wrong) has no rest pieces, rather than an
    // overlay of degenerate slivers that asks for gigabytes.
    let extent = {
        let b = bounds(outers.iter().flatten());
        (b[2] - b[0]).max(b[3] - b[1])
    };
    if !(extent.is_finite() && extent <= MAX_HAIRS_ACROSS * hair) {
        return Vec::new();
    }
    let miter = |offset: f64| OutlineStyle::new(offset).line_join(LineJoin::Miter(MITER_LIMIT));
    let footprint = outers.outline(&miter(-half));
    let wall = wall_mass(paths, thickest_wall).outline(&miter(-thickest_wall / 2.0));
    let clips: Vec<Vec<[f64; 2]>> = faces
        .iter()
        .flat_map(|(_, f)| std::iter::once(f.ring.clone()).chain(f.columns.iter().cloned()))
        .chain(wall.into_iter().flatten())
        .collect();
    let rest = footprint.overlay(&clips, OverlayRule::Difference, FillRule::NonZero);
    let opening = thickest_wall / 4.0;
    let face_bounds: Vec<[f64; 4]> = faces.iter().map(|(_, f)| bounds(&f.ring)).collect();
    rest.outline(&miter(-opening))
        .into_iter()
        .flat_map(|piece| {
            // Grown back onto the wall lines, and off the faces it borders where no line runs
            // (across a door opening the faces were closed on).
            let grown = vec![piece].outline(&miter(opening));
            let b = bounds(grown.iter().flatten().flatten());
            let near: Vec<Vec<[f64; 2]>> = faces
                .iter()
                .zip(&face_bounds)
                .filter(|(_, w)| w[0] < b[2] && b[0] < w[2] && w[1] < b[3] && b[1] < w[3])
                .map(|((_, f), _)| f.ring.clone())
                .collect();
            if near.is_empty() {
                grown
            } else {
                grown.overlay(&near, OverlayRule::Difference, FillRule::NonZero)
            }
        })
        .filter(|shape| shape.iter().map(|r| ring_area(r)).sum::<f64>().abs() >= min_area)
        .collect()
}

/// The widest drawing in which rest pieces are cut, in hairs ([`REST_HAIR_SHARE`]).
const MAX_HAIRS_ACROSS: f64 = 1e6;

/// The finest detail of the rest pieces, as a share of the thickest wall.
const REST_HAIR_SHARE: f64 = 0.01;

/// The outlines of the wall lines that make an island of the wall mass (`island` is its
/// outer contour): the lines are stroked again at a hair's width and shrunk back, so a
/// column drawn as a closed polyline or as four lines comes back as its own square (the
/// island itself, grown by half the door width with bevelled corners, would not shrink
/// back to it). A free-standing wall line gives nothing.
fn column_outlines(
    island: &[[f64; 2]],
    paths: &[Vec<[f64; 2]>],
    starts: &RTree<GeomWithData<[f64; 2], usize>>,
    width: f64,
) -> Vec<Vec<[f64; 2]>> {
    let b = bounds(island);
    let hair = width * HAIR_SHARE;
    let members: Vec<Vec<[f64; 2]>> = starts
        .locate_in_envelope(&AABB::from_corners([b[0], b[1]], [b[2], b[3]]))
        .filter(|p| ring_contains(island, *p.geom()))
        .filter_map(|p| paths.get(p.data))
        .map(|p| extended(p.clone(), hair / 2.0))
        .collect();
    if members.is_empty() {
        return Vec::new();
    }
    let style = StrokeStyle::new(hair)
        .start_cap(LineCap::Butt)
        .end_cap(LineCap::Butt)
        .line_join(LineJoin::Miter(MITER_LIMIT));
    let shrink = OutlineStyle::new(-hair / 2.0).line_join(LineJoin::Miter(MITER_LIMIT));
    let mut columns = Vec::new();
    for shape in members.stroke(style, false) {
        let Some(outer) = shape.into_iter().next() else {
            continue;
        };
        for piece in vec![outer].outline(&shrink) {
            if let Some(column) = piece.into_iter().next()
                && ring_area(&column).abs() > 100.0 * hair * hair
            {
                columns.push(column);
            }
        }
    }
    columns
}

/// The width columns are stroked at to find their outlines, as a share of the door width.
const HAIR_SHARE: f64 = 1e-4;

/// The wall segments, for asking how far a point is from the nearest wall line.
type WallIndex = RTree<Line<[f64; 2]>>;

fn wall_index(paths: &[Vec<[f64; 2]>]) -> WallIndex {
    RTree::bulk_load(
        paths
            .iter()
            .flat_map(|p| p.windows(2))
            .filter_map(|w| Some(Line::new(*w.first()?, *w.get(1)?)))
            .collect(),
    )
}

/// The share of a face's outline that runs along wall lines (within `tolerance`), judged
/// at the middle and quarter points of each edge. A room's outline lies on its walls but
/// for the openings closed across; a sliver between a wall end and a post outside the
/// building, grown back with mitred spikes, lies on almost none.
fn wall_support(ring: &[[f64; 2]], walls: &WallIndex, tolerance: f64) -> f64 {
    let n = ring.len();
    let (mut on, mut total) = (0.0, 0.0);
    for i in 0..n {
        let (Some(a), Some(b)) = (ring.get(i), ring.get((i + 1) % n)) else {
            continue;
        };
        let length = (b[0] - a[0]).hypot(b[1] - a[1]);
        let near = [0.25, 0.5, 0.75]
            .into_iter()
            .filter(|t| {
                let p = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
                walls
                    .locate_within_distance(p, tolerance * tolerance)
                    .next()
                    .is_some()
            })
            .count();
        on += length * near as f64 / 3.0;
        total += length;
    }
    if total > 0.0 { on / total } else { 0.0 }
}

/// A face is a room when at least this share of its outline runs along wall lines.
const MIN_WALL_SUPPORT: f64 = 0.3;
/// A face's edge runs along a wall line when it is this close to it, as a share of the
/// door width (the closing puts it on the line up to i_overlay's rounding).
const SUPPORT_TOLERANCE_SHARE: f64 = 0.02;

/// The bounding box of points (a ring, or every ring of shapes): min x, min y, max x, max y.
fn bounds<'a>(points: impl IntoIterator<Item = &'a [f64; 2]>) -> [f64; 4] {
    points.into_iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        },
    )
}

/// A narrow face overlapping the faces found at the door width by less than this share of
/// its own area is a room of its own (a bathroom, a closet) that the door width filled.
const NARROW_OVERLAP_SHARE: f64 = 0.05;
/// Faces sharing less than this share of their area do not overlap (i_overlay's rounding).
const OVERLAP_NOISE: f64 = 1e-6;

/// The kind of a column (a closed island of the wall layer inside a face): a hole of the
/// room it stands in.
pub const COLUMN_KIND: &str = "WALLCOLUMN";

/// The faces the wall lines on `layers` enclose, as closed polylines (counter-clockwise, in
/// drawing units) of kind [`FACE_KIND`] (or [`NARROW_FACE_KIND`], or [`REST_KIND`] for the
/// rest pieces) on the first wall layer, largest first, followed by the columns standing in
/// them (kind [`COLUMN_KIND`], handles `W3.C1` …) and the rest pieces' holes
/// ([`REST_HOLE_KIND`], `W9.H1` …); faces under `min_area` (drawing units²) are left out,
/// rest pieces under a quarter of it. `door_width` and `thickest_wall` are in drawing units.
///
/// Two closings are made: at the door width, which closes the openings, and at half of
/// it, which keeps the rooms narrower than the door width (a 1.5 m bathroom with a 0.8 m
/// door when openings up to 1.9 m are closed). A face of the second that overlaps none of
/// the first is added; one that does is the same room, or rooms the wider openings join.
pub fn faces(
    entities: &[Entity],
    layers: &[String],
    door_width: f64,
    min_area: f64,
    thickest_wall: f64,
) -> Vec<Entity> {
    let paths = wall_paths(entities, layers);
    if paths.is_empty() || !(door_width.is_finite() && door_width > 0.0) {
        return Vec::new();
    }
    let walls = wall_index(&paths);
    let tolerance = door_width * SUPPORT_TOLERANCE_SHARE;
    let supported = |f: &Face| wall_support(&f.ring, &walls, tolerance) >= MIN_WALL_SUPPORT;
    let by_area = |faces: &mut Vec<Face>| {
        faces.sort_by(|a, b| {
            ring_area(&b.ring)
                .abs()
                .total_cmp(&ring_area(&a.ring).abs())
        });
    };
    let mass = wall_mass(&paths, door_width);
    let mut wide = closing_faces(&paths, &mass, door_width, min_area);
    let outers: Vec<Vec<[f64; 2]>> = mass
        .into_iter()
        .filter_map(|shape| shape.into_iter().next())
        .collect();
    wide.retain(supported);
    by_area(&mut wide);
    let mut narrow = closing_faces(
        &paths,
        &wall_mass(&paths, door_width / 2.0),
        door_width / 2.0,
        min_area,
    );
    narrow.retain(supported);
    by_area(&mut narrow);
    // Faces are made disjoint: each gives way to those kept before it (the door width's
    // first, larger first). Mitred corners grown past a wall end can overlap a neighbour.
    let mut found: Vec<(bool, Face)> = Vec::new();
    let mut found_bounds: Vec<[f64; 4]> = Vec::new();
    let tagged = wide
        .into_iter()
        .map(|f| (false, f))
        .chain(narrow.into_iter().map(|f| (true, f)));
    for (is_narrow, face) in tagged {
        let b = bounds(&face.ring);
        let clips: Vec<Vec<[f64; 2]>> = found
            .iter()
            .zip(&found_bounds)
            .filter(|(_, w)| w[0] < b[2] && b[0] < w[2] && w[1] < b[3] && b[1] < w[3])
            .map(|((_, f), _)| f.ring.clone())
            .collect();
        let own = ring_area(&face.ring).abs();
        let rest = if clips.is_empty() {
            Vec::new()
        } else {
            vec![face.ring.clone()].overlay(&clips, OverlayRule::Difference, FillRule::NonZero)
        };
        let rest_area: f64 = rest
            .iter()
            .map(|shape| shape.iter().map(|r| ring_area(r)).sum::<f64>().abs())
            .sum();
        let shared = if clips.is_empty() {
            0.0
        } else {
            own - rest_area
        };
        if shared <= OVERLAP_NOISE * own {
            found_bounds.push(b);
            found.push((is_narrow, face));
            continue;
        }
        // A narrow face that is mostly a wide one (the same room, or rooms the wider
        // openings join) adds nothing.
        if is_narrow && shared >= NARROW_OVERLAP_SHARE * own {
            continue;
        }
        for shape in rest {
            let Some(ring) = shape.into_iter().next() else {
                continue;
            };
            if ring_area(&ring).abs() < min_area {
                continue;
            }
            let columns = face
                .columns
                .iter()
                .filter(|c| c.first().is_some_and(|p| ring_contains(&ring, *p)))
                .cloned()
                .collect();
            found_bounds.push(bounds(&ring));
            found.push((is_narrow, Face { ring, columns }));
        }
    }
    // Rest pieces down to a quarter of the smallest face: the gaps beside a kitchen's island
    // are part of the kitchen, and a labelled closet is a room however small.
    let rests = rest_pieces(
        &paths,
        outers,
        door_width / 2.0,
        &found,
        thickest_wall,
        min_area * REST_AREA_SHARE,
    );
    // Faces and rest pieces, largest first: (kind, outline, columns or holes).
    let mut all: Vec<(&str, Face)> = found
        .into_iter()
        .map(|(narrow, f)| (if narrow { NARROW_FACE_KIND } else { FACE_KIND }, f))
        .collect();
    for mut shape in rests {
        if shape.is_empty() {
            continue;
        }
        let ring = shape.remove(0);
        let face = Face {
            ring,
            columns: shape,
        };
        if supported(&face) {
            all.push((REST_KIND, face));
        }
    }
    all.sort_by(|(_, a), (_, b)| {
        ring_area(&b.ring)
            .abs()
            .total_cmp(&ring_area(&a.ring).abs())
    });
    let layer = layers.first().cloned().unwrap_or_default();
    let polyline = |handle: String, kind: &str, ring: Vec<[f64; 2]>| Entity {
        handle,
        layer: layer.clone(),
        kind: kind.to_owned(),
        shape: Shape::Polyline {
            vertices: ring
                .into_iter()
                .map(|p| Vertex {
                    at: DrawingPoint { x: p[0], y: p[1] },
                    bulge: 0.0,
                })
                .collect(),
            closed: true,
        },
    };
    let mut out = Vec::with_capacity(all.len());
    let mut columns = Vec::new();
    for (k, (kind, face)) in all.into_iter().enumerate() {
        out.push(polyline(format!("W{}", k + 1), kind, face.ring));
        let (inner, tag) = if kind == REST_KIND {
            (REST_HOLE_KIND, "H")
        } else {
            (COLUMN_KIND, "C")
        };
        for (c, column) in face.columns.into_iter().enumerate() {
            columns.push(polyline(
                format!("W{}.{tag}{}", k + 1, c + 1),
                inner,
                column,
            ));
        }
    }
    out.extend(columns);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> Entity {
        Entity {
            handle: String::new(),
            layer: "墙".into(),
            kind: "LINE".into(),
            shape: Shape::Line {
                from: DrawingPoint { x: x1, y: y1 },
                to: DrawingPoint { x: x2, y: y2 },
            },
        }
    }

    fn areas(faces: &[Entity]) -> Vec<f64> {
        faces
            .iter()
            .map(|f| match &f.shape {
                Shape::Polyline { vertices, .. } => {
                    let ring: Vec<[f64; 2]> = vertices.iter().map(|v| [v.at.x, v.at.y]).collect();
                    (ring_area(&ring) * 1000.0).round() / 1000.0
                }
                _ => 0.0,
            })
            .collect()
    }

    /// Two rooms of 4 × 3 m side by side (single wall lines, metres), the wall between them
    /// with a 0.9 m door opening and the outer wall's ends missing each other by 5 cm:
    /// two faces of 12 m² each.
    #[test]
    fn single_lines_with_a_door_and_a_gap_give_two_rooms() {
        let walls = vec![
            line(0.0, 0.0, 8.0, 0.0),
            line(8.0, 0.0, 8.0, 3.0),
            line(8.0, 3.0, 0.05, 3.0),
            line(0.0, 3.0, 0.0, 0.0),
            // The partition: 0–1.2 and 2.1–3 (a 0.9 m door).
            line(4.0, 0.0, 4.0, 1.2),
            line(4.0, 2.1, 4.0, 3.0),
        ];
        let faces = faces(&walls, &["墙".into()], 1.2, 1.0, 0.5);
        assert_eq!(areas(&faces), vec![12.0, 12.0]);
    }

    /// A 6 × 5 m room of single wall lines with a 0.6 × 0.6 m column drawn as a closed
    /// polyline on the wall layer 2 m from every wall: one face of 30 m² and the column,
    /// 0.36 m², as its hole (kind [`COLUMN_KIND`]).
    #[test]
    fn a_column_on_the_wall_layer_is_a_hole() {
        let mut walls = vec![
            line(0.0, 0.0, 6.0, 0.0),
            line(6.0, 0.0, 6.0, 5.0),
            line(6.0, 5.0, 0.0, 5.0),
            line(0.0, 5.0, 0.0, 0.0),
        ];
        walls.push(Entity {
            handle: "C".into(),
            layer: "墙".into(),
            kind: "LWPOLYLINE".into(),
            shape: Shape::Polyline {
                vertices: [(2.7, 2.2), (3.3, 2.2), (3.3, 2.8), (2.7, 2.8)]
                    .map(|(x, y)| Vertex {
                        at: DrawingPoint { x, y },
                        bulge: 0.0,
                    })
                    .to_vec(),
                closed: true,
            },
        });
        let faces = faces(&walls, &["墙".into()], 1.2, 1.0, 0.5);
        let kinds: Vec<&str> = faces.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(kinds, vec![FACE_KIND, COLUMN_KIND]);
        let areas: Vec<f64> = areas(&faces).into_iter().map(f64::abs).collect();
        assert_eq!(areas, vec![30.0, 0.36]);
    }

    /// A double wall 0.2 m thick around a 5 × 4 m room (inner faces): the room is the inner
    /// face, 20 m², and nothing is found between the two lines.
    #[test]
    fn a_double_wall_gives_the_inner_face() {
        // Inner 0..5 × 0..4, outer −0.2..5.2 × −0.2..4.2.
        let mut walls = vec![
            line(0.0, 0.0, 5.0, 0.0),
            line(5.0, 0.0, 5.0, 4.0),
            line(5.0, 4.0, 0.0, 4.0),
            line(0.0, 4.0, 0.0, 0.0),
        ];
        walls.extend(vec![
            line(-0.2, -0.2, 5.2, -0.2),
            line(5.2, -0.2, 5.2, 4.2),
            line(5.2, 4.2, -0.2, 4.2),
            line(-0.2, 4.2, -0.2, -0.2),
        ]);
        let faces = faces(&walls, &["墙".into()], 1.2, 1.0, 0.5);
        assert_eq!(areas(&faces), vec![20.0]);
    }
}
