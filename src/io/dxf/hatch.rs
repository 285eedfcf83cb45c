//! The boundary paths of a HATCH, read pair by pair.
//!
//! A HATCH is the fill many drawings use for a room: its boundary paths are the room's
//! outline. A path is either a polyline (vertices with bulges) or a chain of edges: lines,
//! circular arcs, elliptic arcs and splines. Arcs, ellipses and splines are turned into
//! short straight segments here (every [`ARC_STEP_DEG`] degrees; a spline by its fit points,
//! else its control points), so that each path comes out as one closed ring of vertices.
//!
//! The same group codes mean different things in different places (10/20 are the elevation
//! point, then vertices or edge points, then seed points; 73 is "closed", "counter-clockwise"
//! or "rational"), so the reader follows the counts the file gives (91 paths, 93 vertices or
//! edges, 96 control points, 97 fit points or source objects) rather than the codes alone.
//!
//! Clockwise arc and ellipse edges store their angles as 360° − angle (as ezdxf documents).

use super::drawing::{DrawingPoint, Vertex};

/// Arcs and ellipses become segments of at most this many degrees.
pub const ARC_STEP_DEG: f64 = 10.0;

/// Where the reader is in a HATCH.
#[derive(Debug, Default)]
pub struct HatchReader {
    /// Paths still to come, after code 91; `None` before it.
    paths_left: Option<i64>,
    /// Past the last path (pattern lines and seed points follow).
    done: bool,
    path: Option<Path>,
    loops: Vec<Vec<Vertex>>,
}

#[derive(Debug, Default)]
struct Path {
    polyline: bool,
    has_bulge: bool,
    /// Vertices (polyline path) or points of the finished edges (edge path).
    vertices: Vec<Vertex>,
    /// Code 93 seen: the count of vertices or edges.
    counted: bool,
    edge: Option<Edge>,
    /// Source objects (code 97) reached: the path's own data is over.
    over: bool,
}

#[derive(Debug, Default)]
struct Edge {
    kind: i64,
    p10: Option<DrawingPoint>,
    p11: Option<DrawingPoint>,
    r40: f64,
    a50: f64,
    a51: f64,
    ccw: bool,
    control: Vec<DrawingPoint>,
    fit: Vec<DrawingPoint>,
    /// A spline's code 97 (its fit point count) seen.
    fit_counted: bool,
}

impl HatchReader {
    /// One numeric pair of the HATCH.
    pub fn pair(&mut self, code: i32, value: f64) {
        if self.done {
            return;
        }
        let Some(left) = self.paths_left else {
            if code == 91 {
                self.paths_left = Some(value as i64);
                self.done = value <= 0.0;
            }
            return;
        };
        match code {
            92 => {
                self.close_path();
                if left <= 0 {
                    self.done = true;
                    return;
                }
                self.paths_left = Some(left - 1);
                self.path = Some(Path {
                    polyline: (value as i64) & 2 != 0,
                    ..Path::default()
                });
            }
            // Hatch style: the paths are over.
            75 => {
                self.close_path();
                self.done = true;
            }
            _ => {
                if let Some(path) = self.path.as_mut() {
                    path.pair(code, value);
                }
            }
        }
    }

    /// The closed rings read.
    pub fn finish(mut self) -> Vec<Vec<Vertex>> {
        self.close_path();
        self.loops
    }

    fn close_path(&mut self) {
        if let Some(mut path) = self.path.take() {
            path.close_edge();
            let mut ring = path.vertices;
            // An edge path repeats each joint (end of one edge = start of the next) and
            // usually its first point at the end.
            ring.dedup_by(|later, earlier| {
                same(later.at, earlier.at) && later.bulge == 0.0 && earlier.bulge == 0.0
            });
            while ring.len() > 1
                && ring
                    .first()
                    .zip(ring.last())
                    .is_some_and(|(a, b)| same(a.at, b.at))
            {
                ring.pop();
            }
            if ring.len() >= 3 {
                self.loops.push(ring);
            }
        }
    }
}

fn same(a: DrawingPoint, b: DrawingPoint) -> bool {
    (a.x - b.x).abs() <= 1e-9 * (1.0 + a.x.abs()) && (a.y - b.y).abs() <= 1e-9 * (1.0 + a.y.abs())
}

impl Path {
    fn pair(&mut self, code: i32, value: f64) {
        if self.over {
            return;
        }
        if self.polyline {
            match code {
                72 if !self.counted => self.has_bulge = value != 0.0,
                93 => self.counted = true,
                10 if self.counted => self.vertices.push(Vertex {
                    at: DrawingPoint { x: value, y: 0.0 },
                    bulge: 0.0,
                }),
                20 if self.counted => {
                    if let Some(v) = self.vertices.last_mut() {
                        v.at.y = value;
                    }
                }
                42 if self.counted && self.has_bulge => {
                    if let Some(v) = self.vertices.last_mut() {
                        v.bulge = value;
                    }
                }
                97 => self.over = true,
                _ => {}
            }
            return;
        }
        match code {
            93 if !self.counted => self.counted = true,
            72 if self.counted => {
                self.close_edge();
                self.edge = Some(Edge {
                    kind: value as i64,
                    ..Edge::default()
                });
            }
            97 => match self.edge.as_mut() {
                Some(edge) if edge.kind == 4 && !edge.fit_counted => edge.fit_counted = true,
                _ => {
                    self.close_edge();
                    self.over = true;
                }
            },
            _ => {
                if let Some(edge) = self.edge.as_mut() {
                    edge.pair(code, value);
                }
            }
        }
    }

    fn close_edge(&mut self) {
        if let Some(edge) = self.edge.take() {
            self.vertices.extend(
                edge.points()
                    .into_iter()
                    .map(|at| Vertex { at, bulge: 0.0 }),
            );
        }
    }
}

impl Edge {
    fn pair(&mut self, code: i32, value: f64) {
        let point = |p: &mut Option<DrawingPoint>, x: Option<f64>, y: Option<f64>| {
            let q = p.get_or_insert_with(DrawingPoint::default);
            if let Some(x) = x {
                q.x = x;
            }
            if let Some(y) = y {
                q.y = y;
            }
        };
        match (self.kind, code) {
            (4, 10) => self.control.push(DrawingPoint { x: value, y: 0.0 }),
            (4, 20) => {
                if let Some(p) = self.control.last_mut() {
                    p.y = value;
                }
            }
            (4, 11) => self.fit.push(DrawingPoint { x: value, y: 0.0 }),
            (4, 21) => {
                if let Some(p) = self.fit.last_mut() {
                    p.y = value;
                }
            }
            (4, _) => {}
            (_, 10) => point(&mut self.p10, Some(value), None),
            (_, 20) => point(&mut self.p10, None, Some(value)),
            (_, 11) => point(&mut self.p11, Some(value), None),
            (_, 21) => point(&mut self.p11, None, Some(value)),
            (_, 40) => self.r40 = value,
            (_, 50) => self.a50 = value,
            (_, 51) => self.a51 = value,
            (_, 73) => self.ccw = value != 0.0,
            _ => {}
        }
    }

    /// The edge as points from its start to its end.
    fn points(&self) -> Vec<DrawingPoint> {
        match self.kind {
            1 => self.p10.into_iter().chain(self.p11).collect(),
            2 => {
                let Some(c) = self.p10 else { return Vec::new() };
                let r = self.r40;
                sweep(self.a50, self.a51, self.ccw)
                    .map(|t| DrawingPoint {
                        x: c.x + r * t.cos(),
                        y: c.y + r * t.sin(),
                    })
                    .collect()
            }
            3 => {
                let (Some(c), Some(m)) = (self.p10, self.p11) else {
                    return Vec::new();
                };
                // The minor axis: the major one turned by 90°, times the ratio.
                let k = self.r40;
                sweep(self.a50, self.a51, self.ccw)
                    .map(|t| DrawingPoint {
                        x: c.x + m.x * t.cos() - k * m.y * t.sin(),
                        y: c.y + m.y * t.cos() + k * m.x * t.sin(),
                    })
                    .collect()
            }
            4 if !self.fit.is_empty() => self.fit.clone(),
            4 => self.control.clone(),
            _ => Vec::new(),
        }
    }
}

/// The angles (radians) from `start` to `end` in degrees as a HATCH edge stores them, in
/// steps of at most [`ARC_STEP_DEG`]: counter-clockwise, or clockwise from the stored
/// 360° − angle values.
fn sweep(start: f64, end: f64, ccw: bool) -> impl Iterator<Item = f64> {
    let (from, span) = if ccw {
        let mut span = (end - start).rem_euclid(360.0);
        if span == 0.0 && end != start {
            span = 360.0;
        }
        (start, span)
    } else {
        let (from, to) = (360.0 - start, 360.0 - end);
        let mut span = (from - to).rem_euclid(360.0);
        if span == 0.0 && end != start {
            span = 360.0;
        }
        (from, -span)
    };
    let steps = ((span.abs() / ARC_STEP_DEG).ceil() as usize).clamp(1, 720);
    (0..=steps).map(move |i| (from + span * i as f64 / steps as f64).to_radians())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(i32, f64)]) -> Vec<Vec<Vertex>> {
        let mut r = HatchReader::default();
        for (c, v) in pairs {
            r.pair(*c, *v);
        }
        r.finish()
    }

    /// A polyline path: a 4 × 3 rectangle (the elevation point and the seed point after the
    /// paths are not vertices).
    #[test]
    fn a_polyline_path_is_one_ring() {
        let loops = read(&[
            (10, 0.0),
            (20, 0.0),
            (91, 1.0),
            (92, 2.0),
            (72, 0.0),
            (73, 1.0),
            (93, 4.0),
            (10, 0.0),
            (20, 0.0),
            (10, 4.0),
            (20, 0.0),
            (10, 4.0),
            (20, 3.0),
            (10, 0.0),
            (20, 3.0),
            (97, 0.0),
            (75, 0.0),
            (98, 1.0),
            (10, 9.0),
            (20, 9.0),
        ]);
        assert_eq!(loops.len(), 1);
        let xs: Vec<(f64, f64)> = loops[0].iter().map(|v| (v.at.x, v.at.y)).collect();
        assert_eq!(xs, vec![(0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 3.0)]);
    }

    /// An edge path of two lines and a clockwise quarter arc (ezdxf's example: DXF angles
    /// 270 → 360 mean 90° → 0° clockwise): the quarter disc of radius 1.
    #[test]
    fn an_edge_path_with_a_clockwise_arc() {
        let loops = read(&[
            (91, 1.0),
            (92, 1.0),
            (93, 3.0),
            (72, 1.0),
            (10, 0.0),
            (20, 0.0),
            (11, 0.0),
            (21, 1.0),
            (72, 2.0),
            (10, 0.0),
            (20, 0.0),
            (40, 1.0),
            (50, 270.0),
            (51, 360.0),
            (73, 0.0),
            (72, 1.0),
            (10, 1.0),
            (20, 0.0),
            (11, 0.0),
            (21, 0.0),
            (97, 0.0),
        ]);
        assert_eq!(loops.len(), 1);
        let ring = &loops[0];
        // (0,0), (0,1), 8 arc points, (1,0): the joints are not repeated.
        assert_eq!(ring.len(), 11, "{ring:?}");
        let area: f64 = ring
            .iter()
            .zip(ring.iter().cycle().skip(1))
            .map(|(a, b)| a.at.x * b.at.y - b.at.x * a.at.y)
            .sum::<f64>()
            .abs()
            / 2.0;
        // π/4 less the chords' segments: within 0.5 % for 10° steps.
        assert!((area - std::f64::consts::FRAC_PI_4).abs() < 0.005, "{area}");
    }

    /// A spline edge's own code 97 (its fit point count) does not end the path.
    #[test]
    fn a_spline_edge_keeps_its_fit_points() {
        let loops = read(&[
            (91, 1.0),
            (92, 1.0),
            (93, 2.0),
            (72, 4.0),
            (94, 3.0),
            (73, 0.0),
            (74, 0.0),
            (95, 0.0),
            (96, 0.0),
            (97, 3.0),
            (11, 0.0),
            (21, 0.0),
            (11, 2.0),
            (21, 1.0),
            (11, 4.0),
            (21, 0.0),
            (72, 1.0),
            (10, 4.0),
            (20, 0.0),
            (11, 0.0),
            (21, 0.0),
            (97, 0.0),
        ]);
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].len(), 3);
    }
}
