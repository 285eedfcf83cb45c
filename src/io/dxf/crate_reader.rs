//! The same [`Drawing`] read through the `dxf` crate: for binary DXF (which the focused
//! reader does not parse) and as the reference the tests compare the focused reader with.

use dxf::entities::EntityType;
use dxf::enums::{HorizontalTextJustification, VerticalTextJustification};

use super::drawing::{
    Block, Drawing, DrawingPoint, Entity, Layer, Shape, TextAnchor, Vertex, mtext_rotation,
    text_centre,
};
use super::encoding::{encoding_for, sniff_header};

/// Reads a drawing with the `dxf` crate. ASCII files are decoded with the encoding their
/// header names (the crate alone would take every pre-2007 file as Windows-1252).
///
/// The crate's errors come back as text; a panic inside the crate (which should not happen)
/// is caught and reported the same way, so that no input can bring the program down.
pub fn read_with_crate(bytes: &[u8]) -> Result<Drawing, String> {
    let facts = sniff_header(bytes);
    let encoding = encoding_for(&facts.version, &facts.code_page, bytes);
    let loaded = std::panic::catch_unwind(|| {
        dxf::Drawing::load_with_encoding(&mut &bytes[..], encoding).map_err(|e| e.to_string())
    })
    .map_err(|_| "the dxf crate stopped on this input".to_owned())??;
    let binary = bytes.starts_with(b"AutoCAD Binary DXF");
    Ok(Drawing {
        version: if binary {
            format!("{:?}", loaded.header.version)
        } else {
            facts.version
        },
        code_page: loaded.header.drawing_code_page.clone(),
        insunits: if binary {
            Some(loaded.header.default_drawing_units as i16)
        } else {
            facts.insunits
        },
        measurement: if binary {
            Some(loaded.header.drawing_units as i16)
        } else {
            facts.measurement
        },
        encoding: if binary { "UTF-8" } else { encoding.name() },
        // The crate does not keep a layer's flags: frozen is not known here.
        layers: loaded
            .layers()
            .map(|l| Layer {
                name: l.name.clone(),
                frozen: false,
                off: !l.is_layer_on,
            })
            .collect(),
        blocks: loaded
            .blocks()
            .map(|b| Block {
                name: b.name.clone(),
                base: DrawingPoint {
                    x: b.base_point.x,
                    y: b.base_point.y,
                },
                xref: (b.flags & 4 != 0).then(|| b.xref_path_name.clone()),
                entities: b.entities.iter().map(entity).collect(),
            })
            .collect(),
        entities: loaded
            .entities()
            .filter(|e| !e.common.is_in_paper_space)
            .map(entity)
            .collect(),
    })
}

fn point(p: &dxf::Point) -> DrawingPoint {
    DrawingPoint { x: p.x, y: p.y }
}

/// The shape in world coordinates: an extrusion pointing down mirrors x (see
/// [`Shape::mirrored_x`]).
fn in_world(shape: Shape, normal: &dxf::Vector) -> Shape {
    if normal.z < 0.0 {
        shape.mirrored_x()
    } else {
        shape
    }
}

fn entity(e: &dxf::entities::Entity) -> Entity {
    let (kind, shape) = match &e.specific {
        EntityType::Line(l) => (
            "LINE",
            Shape::Line {
                from: point(&l.p1),
                to: point(&l.p2),
            },
        ),
        EntityType::Arc(a) => (
            "ARC",
            in_world(
                Shape::Arc {
                    centre: point(&a.center),
                    radius: a.radius,
                    start_deg: a.start_angle,
                    end_deg: a.end_angle,
                },
                &a.normal,
            ),
        ),
        EntityType::Circle(c) => (
            "CIRCLE",
            in_world(
                Shape::Arc {
                    centre: point(&c.center),
                    radius: c.radius,
                    start_deg: 0.0,
                    end_deg: 360.0,
                },
                &c.normal,
            ),
        ),
        EntityType::LwPolyline(p) => (
            "LWPOLYLINE",
            in_world(
                Shape::Polyline {
                    vertices: p
                        .vertices
                        .iter()
                        .map(|v| Vertex {
                            at: DrawingPoint { x: v.x, y: v.y },
                            bulge: v.bulge,
                        })
                        .collect(),
                    closed: p.flags & 1 != 0,
                },
                &p.extrusion_direction,
            ),
        ),
        EntityType::Polyline(p) if p.flags & (16 | 64) == 0 && flat(p) => {
            let shape = Shape::Polyline {
                vertices: p
                    .vertices()
                    .filter(|v| v.flags & 16 == 0)
                    .map(|v| Vertex {
                        at: point(&v.location),
                        bulge: v.bulge,
                    })
                    .collect(),
                closed: p.flags & 1 != 0,
            };
            // A 3D polyline (8) is in world coordinates.
            let shape = if p.flags & 8 == 0 {
                in_world(shape, &p.normal)
            } else {
                shape
            };
            ("POLYLINE", shape)
        }
        EntityType::Polyline(_) => ("POLYLINE", Shape::Other),
        EntityType::Text(t) => {
            let justified = t.horizontal_text_justification != HorizontalTextJustification::Left
                || t.vertical_text_justification != VerticalTextJustification::Baseline;
            let at = if justified {
                &t.second_alignment_point
            } else {
                &t.location
            };
            let at = point(at);
            let anchor = TextAnchor::Text {
                horizontal: t.horizontal_text_justification as i64,
                vertical: t.vertical_text_justification as i64,
            };
            (
                "TEXT",
                in_world(
                    Shape::Text {
                        text: t.value.clone(),
                        at,
                        mtext: false,
                        centre: text_centre(&t.value, at, t.text_height, t.rotation, anchor),
                    },
                    &t.normal,
                ),
            )
        }
        EntityType::MText(t) => {
            let text = t.extended_text.concat() + &t.text;
            let at = point(&t.insertion_point);
            let anchor = TextAnchor::MText {
                attachment: t.attachment_point as i64,
            };
            let direction = DrawingPoint {
                x: t.x_axis_direction.x,
                y: t.x_axis_direction.y,
            };
            let rotation = mtext_rotation(direction, t.rotation_angle);
            (
                "MTEXT",
                in_world(
                    Shape::Text {
                        centre: text_centre(&text, at, t.initial_text_height, rotation, anchor),
                        text,
                        at,
                        mtext: true,
                    },
                    &t.extrusion_direction,
                ),
            )
        }
        EntityType::Insert(i) => (
            "INSERT",
            in_world(
                Shape::Insert {
                    block: i.name.clone(),
                    at: point(&i.location),
                    attributes: i
                        .attributes()
                        .map(|a| (a.attribute_tag.clone(), a.value.clone()))
                        .collect(),
                    scale: DrawingPoint {
                        x: i.x_scale_factor,
                        y: i.y_scale_factor,
                    },
                    rotation_deg: i.rotation,
                },
                &i.extrusion_direction,
            ),
        ),
        _ => ("OTHER", Shape::Other),
    };
    Entity {
        handle: e.common.handle.as_string(),
        layer: e.common.layer.clone(),
        kind: kind.to_owned(),
        shape,
    }
}

/// Whether a POLYLINE's vertices lie at one elevation (always true of a 2D one).
fn flat(p: &dxf::entities::Polyline) -> bool {
    if p.flags & 8 == 0 {
        return true;
    }
    let mut zs = p.vertices().map(|v| v.location.z);
    let Some(first) = zs.next() else { return true };
    zs.all(|z| (z - first).abs() <= 1e-9 * (1.0 + first.abs()))
}
