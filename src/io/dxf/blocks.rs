//! Block references resolved: the entities a drawing shows, with the contents of every
//! INSERT placed in model space (scaled, turned and moved as the INSERT says, nested blocks
//! included), so that room outlines and labels drawn inside blocks are found like any other.
//!
//! As in CAD, an entity on layer `0` inside a block takes the layer of the INSERT that
//! places it. An entity placed through an INSERT gets the handle `INSERT/ENTITY` (the
//! INSERT's handle, then the entity's own), unique in the drawing and traceable in CAD.
//! Blocks nested deeper than [`MAX_DEPTH`] or that contain themselves are not followed.

use geo::Coord;

use super::drawing::{Drawing, DrawingPoint, Entity, Shape, Vertex};

/// Deepest nesting of block references followed.
pub const MAX_DEPTH: usize = 8;

/// Arcs distorted by an unequal x and y scale are cut into chords no further than this
/// fraction of the arc's radius from it.
const CHORD_TOLERANCE: f64 = 1e-3;

/// An affine map of the plane: `x' = a·x + b·y + c`, `y' = d·x + e·y + f`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transform {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl Transform {
    pub const IDENTITY: Transform = Transform {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 0.0,
        e: 1.0,
        f: 0.0,
    };

    /// Where an INSERT puts its block's coordinates: minus the base point, scaled, turned,
    /// moved to the insertion point.
    pub fn of_insert(
        at: DrawingPoint,
        scale: DrawingPoint,
        rotation_deg: f64,
        base: DrawingPoint,
    ) -> Self {
        let (sin, cos) = rotation_deg.to_radians().sin_cos();
        let (a, b) = (cos * scale.x, -sin * scale.y);
        let (d, e) = (sin * scale.x, cos * scale.y);
        Transform {
            a,
            b,
            c: at.x - (a * base.x + b * base.y),
            d,
            e,
            f: at.y - (d * base.x + e * base.y),
        }
    }

    /// `inner` first, then `outer`.
    pub fn then_outer(inner: Transform, outer: Transform) -> Transform {
        Transform {
            a: outer.a * inner.a + outer.b * inner.d,
            b: outer.a * inner.b + outer.b * inner.e,
            c: outer.a * inner.c + outer.b * inner.f + outer.c,
            d: outer.d * inner.a + outer.e * inner.d,
            e: outer.d * inner.b + outer.e * inner.e,
            f: outer.d * inner.c + outer.e * inner.f + outer.f,
        }
    }

    pub fn apply(&self, p: DrawingPoint) -> DrawingPoint {
        Coord {
            x: self.a * p.x + self.b * p.y + self.c,
            y: self.d * p.x + self.e * p.y + self.f,
        }
    }

    fn det(&self) -> f64 {
        self.a * self.e - self.b * self.d
    }

    /// Whether circles stay circles (a similarity: equal scale on both axes).
    fn keeps_circles(&self) -> bool {
        let (sx, sy) = (self.a.hypot(self.d), self.b.hypot(self.e));
        let dot = self.a * self.b + self.d * self.e;
        (sx - sy).abs() <= 1e-9 * sx.max(sy) && dot.abs() <= 1e-9 * sx.max(sy).powi(2)
    }

    /// The length a unit length becomes (for a similarity).
    fn scale(&self) -> f64 {
        self.det().abs().sqrt()
    }

    /// A polyline's vertices placed: bulges flip under a mirror; under an unequal scale
    /// the arcs are cut into chords first (an ellipse arc has no bulge).
    fn vertices(&self, vertices: &[Vertex], closed: bool) -> Vec<Vertex> {
        let mirror = self.det() < 0.0;
        if self.keeps_circles() || vertices.iter().all(|v| v.bulge == 0.0) {
            return vertices
                .iter()
                .map(|v| Vertex {
                    at: self.apply(v.at),
                    bulge: if mirror { -v.bulge } else { v.bulge },
                })
                .collect();
        }
        super::outline::densified(vertices, closed, CHORD_TOLERANCE)
            .into_iter()
            .map(|p| Vertex {
                at: self.apply(p),
                bulge: 0.0,
            })
            .collect()
    }

    /// A shape placed by this transform.
    pub fn shape(&self, shape: &Shape) -> Shape {
        match shape {
            Shape::Polyline { vertices, closed } => Shape::Polyline {
                vertices: self.vertices(vertices, *closed),
                closed: *closed,
            },
            Shape::Line { from, to } => Shape::Line {
                from: self.apply(*from),
                to: self.apply(*to),
            },
            Shape::Arc {
                centre,
                radius,
                start_deg,
                end_deg,
            } => self.arc(*centre, *radius, *start_deg, *end_deg),
            Shape::Hatch { loops } => Shape::Hatch {
                loops: loops.iter().map(|l| self.vertices(l, true)).collect(),
            },
            Shape::Text {
                text,
                at,
                mtext,
                centre,
            } => Shape::Text {
                text: text.clone(),
                at: self.apply(*at),
                mtext: *mtext,
                centre: self.apply(*centre),
            },
            Shape::Insert {
                block,
                at,
                attributes,
                scale,
                rotation_deg,
            } => Shape::Insert {
                block: block.clone(),
                // The nested INSERT's own placement is composed in `explode`; its
                // insertion point is shown where it lands.
                at: self.apply(*at),
                attributes: attributes.clone(),
                scale: *scale,
                rotation_deg: *rotation_deg,
            },
            Shape::Other => Shape::Other,
        }
    }

    fn arc(&self, centre: DrawingPoint, radius: f64, start_deg: f64, end_deg: f64) -> Shape {
        let point = |deg: f64| {
            let (sin, cos) = deg.to_radians().sin_cos();
            Coord {
                x: centre.x + radius * cos,
                y: centre.y + radius * sin,
            }
        };
        let full = (end_deg - start_deg).rem_euclid(360.0) == 0.0 && end_deg != start_deg;
        if self.keeps_circles() {
            let c = self.apply(centre);
            let angle = |p: DrawingPoint| {
                let q = self.apply(p);
                (q.y - c.y).atan2(q.x - c.x).to_degrees()
            };
            let (mut s, mut e) = (angle(point(start_deg)), angle(point(end_deg)));
            if self.det() < 0.0 {
                std::mem::swap(&mut s, &mut e);
            }
            if full {
                (s, e) = (0.0, 360.0);
            }
            return Shape::Arc {
                centre: c,
                radius: radius * self.scale(),
                start_deg: s,
                end_deg: e,
            };
        }
        // An ellipse: as a polyline of chords.
        let span = if full {
            360.0
        } else {
            (end_deg - start_deg).rem_euclid(360.0)
        };
        let steps = ((span / 5.0).ceil() as usize).clamp(2, 360);
        let vertices = (0..=steps)
            .map(|i| Vertex {
                at: self.apply(point(start_deg + span * i as f64 / steps as f64)),
                bulge: 0.0,
            })
            .take(if full { steps } else { steps + 1 })
            .collect();
        Shape::Polyline {
            vertices,
            closed: full,
        }
    }
}

/// The drawing's model-space entities with every INSERT's block contents placed after the
/// INSERT (which is kept: its attributes are labels).
pub fn explode(drawing: &Drawing) -> Vec<Entity> {
    explode_owned(drawing.clone()).entities
}

/// [`explode`] of a drawing that is given up: its model-space entities are moved, not
/// copied (on a 10,000-room drawing the copy was a tenth of the import's time).
pub fn explode_owned(mut drawing: Drawing) -> Drawing {
    let entities = std::mem::take(&mut drawing.entities);
    let mut out = Vec::with_capacity(entities.len());
    let mut path = Vec::new();
    let mut placed = Vec::new();
    for e in entities {
        place(
            &drawing,
            &e,
            &e.layer,
            Transform::IDENTITY,
            "",
            &mut path,
            &mut placed,
        );
        out.push(e);
        out.append(&mut placed);
    }
    drawing.entities = out;
    drawing
}

/// Pushes the contents of `e`'s block when `e` is an INSERT (on `layer` once placed),
/// under `outer`.
fn place(
    drawing: &Drawing,
    e: &Entity,
    layer: &str,
    outer: Transform,
    prefix: &str,
    path: &mut Vec<String>,
    out: &mut Vec<Entity>,
) {
    let Shape::Insert {
        block,
        at,
        scale,
        rotation_deg,
        ..
    } = &e.shape
    else {
        return;
    };
    if path.len() >= MAX_DEPTH || path.iter().any(|b| b == block) {
        return;
    }
    let Some(def) = drawing.block(block) else {
        return;
    };
    // An ATTDEF is the template of an INSERT's attribute, not drawn where the block lands
    // (the INSERT's ATTRIBs are): a room stamp made of attribute definitions places nothing.
    if def.xref.is_some() || !def.entities.iter().any(is_drawn) {
        return;
    }
    let transform = Transform::then_outer(
        Transform::of_insert(*at, *scale, *rotation_deg, def.base),
        outer,
    );
    let handle = format!("{prefix}{}/", e.handle);
    path.push(block.clone());
    for inner in def.entities.iter().filter(|inner| is_drawn(inner)) {
        let placed = Entity {
            handle: format!("{handle}{}", inner.handle),
            layer: if inner.layer == "0" {
                layer.to_owned()
            } else {
                inner.layer.clone()
            },
            kind: inner.kind.clone(),
            shape: transform.shape(&inner.shape),
        };
        let placed_layer = placed.layer.clone();
        out.push(placed);
        place(drawing, inner, &placed_layer, transform, &handle, path, out);
    }
    path.pop();
}

/// Whether a block's entity is drawn where the block is inserted.
fn is_drawn(entity: &Entity) -> bool {
    entity.kind != "ATTDEF"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::dxf::drawing::Block;

    fn p(x: f64, y: f64) -> DrawingPoint {
        Coord { x, y }
    }

    fn square(layer: &str) -> Entity {
        Entity {
            handle: "A".into(),
            layer: layer.into(),
            kind: "LWPOLYLINE".into(),
            shape: Shape::Polyline {
                vertices: [p(0.0, 0.0), p(2.0, 0.0), p(2.0, 1.0), p(0.0, 1.0)]
                    .into_iter()
                    .map(|at| Vertex { at, bulge: 0.0 })
                    .collect(),
                closed: true,
            },
        }
    }

    fn insert(
        handle: &str,
        layer: &str,
        block: &str,
        at: DrawingPoint,
        scale: f64,
        rot: f64,
    ) -> Entity {
        Entity {
            handle: handle.into(),
            layer: layer.into(),
            kind: "INSERT".into(),
            shape: Shape::Insert {
                block: block.into(),
                at,
                attributes: Vec::new(),
                scale: p(scale, scale),
                rotation_deg: rot,
            },
        }
    }

    fn corners(e: &Entity) -> Vec<(i64, i64)> {
        match &e.shape {
            Shape::Polyline { vertices, .. } => vertices
                .iter()
                .map(|v| (v.at.x.round() as i64, v.at.y.round() as i64))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    /// A room outline in a block, placed twice: scaled by 1000 and turned by 90°, and
    /// through a nested block; layer 0 inside takes the INSERT's layer.
    #[test]
    fn block_outlines_land_where_their_inserts_put_them() {
        let drawing = Drawing {
            blocks: vec![
                Block {
                    name: "ROOM".into(),
                    base: p(1.0, 0.0),
                    xref: None,
                    entities: vec![square("0")],
                },
                Block {
                    name: "WING".into(),
                    base: p(0.0, 0.0),
                    xref: None,
                    entities: vec![insert("W1", "房间轮廓", "ROOM", p(10.0, 0.0), 1.0, 0.0)],
                },
            ],
            entities: vec![
                insert("I1", "房间轮廓", "ROOM", p(5000.0, 0.0), 1000.0, 90.0),
                insert("I2", "墙", "WING", p(0.0, 100.0), 1.0, 0.0),
            ],
            ..Drawing::default()
        };
        let all = explode(&drawing);
        let handles: Vec<&str> = all.iter().map(|e| e.handle.as_str()).collect();
        assert_eq!(handles, vec!["I1", "I1/A", "I2", "I2/W1", "I2/W1/A"]);
        // (x − 1)·1000 turned by 90° then moved to (5000, 0).
        assert_eq!(
            corners(&all[1]),
            vec![(5000, -1000), (5000, 1000), (4000, 1000), (4000, -1000)]
        );
        assert_eq!(all[1].layer, "房间轮廓");
        // Through WING: ROOM at (10, 0) less its base (1, 0), then WING at (0, 100).
        assert_eq!(
            corners(&all[4]),
            vec![(9, 100), (11, 100), (11, 101), (9, 101)]
        );
        assert_eq!(all[4].layer, "房间轮廓");
    }

    /// A block that inserts itself is not followed for ever.
    #[test]
    fn a_block_containing_itself_stops() {
        let drawing = Drawing {
            blocks: vec![Block {
                name: "LOOP".into(),
                base: p(0.0, 0.0),
                xref: None,
                entities: vec![square("0"), insert("L", "0", "LOOP", p(1.0, 1.0), 1.0, 0.0)],
            }],
            entities: vec![insert("I", "0", "LOOP", p(0.0, 0.0), 1.0, 0.0)],
            ..Drawing::default()
        };
        assert_eq!(explode(&drawing).len(), 3);
    }

    /// A room stamp's attribute definitions are templates: its INSERTs place nothing of
    /// them (their ATTRIBs are the labels); a drawn entity beside them is placed.
    #[test]
    fn attribute_definitions_are_not_placed() {
        let attdef = |handle: &str| Entity {
            handle: handle.into(),
            layer: "房间编号".into(),
            kind: "ATTDEF".into(),
            shape: Shape::Other,
        };
        let block = |name: &str, entities: Vec<Entity>| Block {
            name: name.into(),
            base: p(0.0, 0.0),
            xref: None,
            entities,
        };
        let drawing = Drawing {
            blocks: vec![
                block("STAMP", vec![attdef("D1"), attdef("D2")]),
                block("FRAMED", vec![attdef("D3"), square("0")]),
            ],
            entities: vec![
                insert("I1", "房间编号", "STAMP", p(0.0, 0.0), 1.0, 0.0),
                insert("I2", "房间编号", "FRAMED", p(0.0, 0.0), 1.0, 0.0),
            ],
            ..Drawing::default()
        };
        let handles: Vec<String> = explode(&drawing).into_iter().map(|e| e.handle).collect();
        assert_eq!(handles, ["I1", "I2", "I2/A"]);
    }

    /// A mirrored INSERT (x scale −1) turns an arc's direction and a bulge's sign; an
    /// unequal scale makes a circle an ellipse of chords.
    #[test]
    fn mirrors_and_unequal_scales() {
        let t = Transform::of_insert(p(0.0, 0.0), p(-1.0, 1.0), 0.0, p(0.0, 0.0));
        let arc = t.shape(&Shape::Arc {
            centre: p(1.0, 0.0),
            radius: 1.0,
            start_deg: 0.0,
            end_deg: 90.0,
        });
        let Shape::Arc {
            centre,
            start_deg,
            end_deg,
            ..
        } = arc
        else {
            panic!("{arc:?}")
        };
        assert_eq!(centre, p(-1.0, 0.0));
        assert!((start_deg - 90.0).abs() < 1e-9 && (end_deg - 180.0).abs() < 1e-9);
        let stretched = Transform::of_insert(p(0.0, 0.0), p(2.0, 1.0), 0.0, p(0.0, 0.0));
        let circle = stretched.shape(&Shape::Arc {
            centre: p(0.0, 0.0),
            radius: 1.0,
            start_deg: 0.0,
            end_deg: 360.0,
        });
        let Shape::Polyline { vertices, closed } = circle else {
            panic!("{circle:?}")
        };
        assert!(closed);
        // The ellipse with half-axes 2 and 1: area 2π, within 0.5 % for 5° chords.
        let area = vertices
            .iter()
            .zip(vertices.iter().cycle().skip(1))
            .map(|(a, b)| a.at.x * b.at.y - b.at.x * a.at.y)
            .sum::<f64>()
            / 2.0;
        assert!((area - 2.0 * std::f64::consts::PI).abs() < 0.005 * 2.0 * std::f64::consts::PI);
    }
}
