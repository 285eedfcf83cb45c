//! The same [`Drawing`] read through the `dxf` crate: for binary DXF (which the focused
//! reader does not parse) and as the reference the tests compare the focused reader with.

use dxf::entities::EntityType;
use dxf::enums::{HorizontalTextJustification, VerticalTextJustification};

use super::drawing::{Drawing, DrawingPoint, Entity, Shape, Vertex};
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
        encoding: if binary { "UTF-8" } else { encoding.name() },
        layers: loaded.layers().map(|l| l.name.clone()).collect(),
        blocks: loaded.blocks().map(|b| b.name.clone()).collect(),
        entities: loaded
            .entities()
            .filter(|e| !e.common.is_in_paper_space)
            .map(entity)
            .collect(),
    })
}

fn entity(e: &dxf::entities::Entity) -> Entity {
    let (kind, shape) = match &e.specific {
        EntityType::LwPolyline(p) => (
            "LWPOLYLINE",
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
        ),
        EntityType::Polyline(p) if p.flags & (8 | 16 | 64) == 0 => (
            "POLYLINE",
            Shape::Polyline {
                vertices: p
                    .vertices()
                    .filter(|v| v.flags & 16 == 0)
                    .map(|v| Vertex {
                        at: DrawingPoint {
                            x: v.location.x,
                            y: v.location.y,
                        },
                        bulge: v.bulge,
                    })
                    .collect(),
                closed: p.flags & 1 != 0,
            },
        ),
        EntityType::Polyline(_) => ("POLYLINE", Shape::Other),
        EntityType::Text(t) => {
            let justified = t.horizontal_text_justification != HorizontalTextJustification::Left
                || t.vertical_text_justification != VerticalTextJustification::Baseline;
            let at = if justified {
                &t.second_alignment_point
            } else {
                &t.location
            };
            (
                "TEXT",
                Shape::Text {
                    text: t.value.clone(),
                    at: DrawingPoint { x: at.x, y: at.y },
                    mtext: false,
                },
            )
        }
        EntityType::MText(t) => (
            "MTEXT",
            Shape::Text {
                text: t.extended_text.concat() + &t.text,
                at: DrawingPoint {
                    x: t.insertion_point.x,
                    y: t.insertion_point.y,
                },
                mtext: true,
            },
        ),
        EntityType::Insert(i) => (
            "INSERT",
            Shape::Insert {
                block: i.name.clone(),
                at: DrawingPoint {
                    x: i.location.x,
                    y: i.location.y,
                },
                attributes: i
                    .attributes()
                    .map(|a| (a.attribute_tag.clone(), a.value.clone()))
                    .collect(),
            },
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
