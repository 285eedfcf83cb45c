//! What the importer needs of a DXF drawing: its header facts, its layers, and the entities
//! that can be room outlines or labels, in drawing units.
//!
//! Two readers fill it: [`super::code_pairs`] (a focused reader of ASCII DXF, used by default
//! because it is an order of magnitude faster on large drawings) and [`super::crate_reader`]
//! (the `dxf` crate, used for binary DXF and as the reference the tests compare against).

/// A point in drawing units (before scaling to metres).
pub type DrawingPoint = geo::Coord<f64>;

/// One vertex of a polyline: its position and the bulge of the segment that starts at it
/// (tan of a quarter of the arc's angle; 0 for a straight segment).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vertex {
    pub at: DrawingPoint,
    pub bulge: f64,
}

/// What an entity is, as far as rooms are concerned.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// LWPOLYLINE or 2D POLYLINE.
    Polyline { vertices: Vec<Vertex>, closed: bool },
    /// TEXT (`mtext: false`) or MTEXT (raw, with its formatting codes).
    Text {
        text: String,
        at: DrawingPoint,
        mtext: bool,
    },
    /// A block reference with its attributes (tag, value) in file order.
    Insert {
        block: String,
        at: DrawingPoint,
        attributes: Vec<(String, String)>,
    },
    /// Anything else (LINE, ARC, HATCH, DIMENSION …): counted, not used.
    Other,
}

/// An entity of model space with its handle (hex, upper case), layer and DXF type name.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub handle: String,
    pub layer: String,
    /// The DXF entity type (`LWPOLYLINE`, `TEXT`, `INSERT` …).
    pub kind: String,
    pub shape: Shape,
}

/// The header facts and model-space entities of a drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    /// `$ACADVER`, e.g. `AC1015` (AutoCAD 2000); empty if the file has no header.
    pub version: String,
    /// `$DWGCODEPAGE`, e.g. `ANSI_936`; empty if absent.
    pub code_page: String,
    /// `$INSUNITS` (0 unitless, 4 mm, 5 cm, 6 m …), if present.
    pub insunits: Option<i16>,
    /// The text encoding the strings were decoded with (`UTF-8`, `GBK`, `windows-1252` …).
    pub encoding: &'static str,
    /// Layer names from the LAYER table, in file order.
    pub layers: Vec<String>,
    /// Block names from the BLOCKS section.
    pub blocks: Vec<String>,
    /// Model-space entities, in file order.
    pub entities: Vec<Entity>,
}
