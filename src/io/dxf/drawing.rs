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
    /// LWPOLYLINE, 2D POLYLINE, or a 3D POLYLINE lying flat (every vertex at one elevation).
    Polyline { vertices: Vec<Vertex>, closed: bool },
    /// LINE: a wall line.
    Line {
        from: DrawingPoint,
        to: DrawingPoint,
    },
    /// ARC (counter-clockwise from `start_deg` to `end_deg`) or CIRCLE (0° to 360°).
    Arc {
        centre: DrawingPoint,
        radius: f64,
        start_deg: f64,
        end_deg: f64,
    },
    /// HATCH: its boundary paths, each a closed ring (edges of arcs, ellipses and splines
    /// already turned into short segments).
    Hatch { loops: Vec<Vec<Vertex>> },
    /// TEXT (`mtext: false`) or MTEXT (raw, with its formatting codes): `at` is its
    /// reference point (insertion or alignment point), `centre` the estimated middle of
    /// the text as drawn ([`text_centre`]), which is what says which room it stands in.
    Text {
        text: String,
        at: DrawingPoint,
        mtext: bool,
        centre: DrawingPoint,
    },
    /// A block reference with its attributes (tag, value) in file order, and where its block
    /// lands: the block's base point goes to `at`, scaled, then turned by `rotation_deg`.
    Insert {
        block: String,
        at: DrawingPoint,
        attributes: Vec<(String, String)>,
        scale: DrawingPoint,
        rotation_deg: f64,
    },
    /// Anything else (DIMENSION, SPLINE, a 3D polyline that is not flat, 天正 entities …):
    /// counted by its kind, not used.
    Other,
}

impl Shape {
    /// The shape seen from below: an entity whose extrusion points down (-Z, as a mirrored
    /// copy in CAD leaves it) has its x axis reversed in its own coordinate system.
    pub fn mirrored_x(self) -> Self {
        let flip = |p: DrawingPoint| DrawingPoint { x: -p.x, y: p.y };
        let flip_all = |vertices: Vec<Vertex>| {
            vertices
                .into_iter()
                .map(|v| Vertex {
                    at: flip(v.at),
                    bulge: -v.bulge,
                })
                .collect()
        };
        match self {
            Shape::Polyline { vertices, closed } => Shape::Polyline {
                vertices: flip_all(vertices),
                closed,
            },
            Shape::Line { from, to } => Shape::Line {
                from: flip(from),
                to: flip(to),
            },
            Shape::Arc {
                centre,
                radius,
                start_deg,
                end_deg,
            } => Shape::Arc {
                centre: flip(centre),
                radius,
                start_deg: 180.0 - end_deg,
                end_deg: 180.0 - start_deg,
            },
            Shape::Hatch { loops } => Shape::Hatch {
                loops: loops.into_iter().map(flip_all).collect(),
            },
            Shape::Text {
                text,
                at,
                mtext,
                centre,
            } => Shape::Text {
                text,
                at: flip(at),
                mtext,
                centre: flip(centre),
            },
            Shape::Insert {
                block,
                at,
                attributes,
                scale,
                rotation_deg,
            } => Shape::Insert {
                block,
                at: flip(at),
                attributes,
                scale: DrawingPoint {
                    x: -scale.x,
                    y: scale.y,
                },
                rotation_deg: -rotation_deg,
            },
            Shape::Other => Shape::Other,
        }
    }
}

/// How a text hangs from its reference point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAnchor {
    /// TEXT: horizontal justification (72: 0 left, 1 centre, 2 right, 3 aligned, 4 middle,
    /// 5 fit) and vertical (73: 0 baseline, 1 bottom, 2 middle, 3 top).
    Text { horizontal: i64, vertical: i64 },
    /// MTEXT: attachment point (71: 1 top left … 9 bottom right).
    MText { attachment: i64 },
}

/// Line pitch of MTEXT, in text heights (AutoCAD's default spacing).
const MTEXT_LINE_PITCH: f64 = 5.0 / 3.0;

/// The estimated middle of a text as CAD draws it: from its reference point, height,
/// rotation and justification, with a width of one height per CJK character and 0.6 of a
/// height per other character (the fonts Chinese drawings use). A text set at its left
/// end, turned by 90°, has its middle half its length above its reference point — in the
/// room it labels, not in the one its first letter touches.
///
/// ```
/// use officeplan::io::dxf::drawing::{text_centre, DrawingPoint, TextAnchor};
/// let at = DrawingPoint { x: 0.0, y: 0.0 };
/// // "办公室" 300 high, left/baseline, turned 90°: 900 long, its middle at (−150, 450).
/// let c = text_centre("办公室", at, 300.0, 90.0, TextAnchor::Text { horizontal: 0, vertical: 0 });
/// assert!((c.x + 150.0).abs() < 1e-9 && (c.y - 450.0).abs() < 1e-9);
/// ```
pub fn text_centre(
    text: &str,
    at: DrawingPoint,
    height: f64,
    rotation_deg: f64,
    anchor: TextAnchor,
) -> DrawingPoint {
    if !(height.is_finite() && height > 0.0 && rotation_deg.is_finite()) {
        return at;
    }
    let width_of = |line: &str| {
        line.chars()
            .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.6 })
            .sum::<f64>()
            * height
    };
    let (dx, dy) = match anchor {
        TextAnchor::Text {
            horizontal,
            vertical,
        } => {
            let w = width_of(text.trim());
            let dx = match horizontal {
                0 => w / 2.0,
                2 | 3 | 5 => -w / 2.0,
                _ => 0.0,
            };
            let dy = match (horizontal, vertical) {
                (4, _) | (_, 2) => 0.0,
                (_, 3) => -height / 2.0,
                _ => height / 2.0,
            };
            (dx, dy)
        }
        TextAnchor::MText { attachment } => {
            let plain = super::mtext::plain_text(text);
            let lines: Vec<&str> = plain.trim_end().lines().collect();
            let w = lines.iter().map(|l| width_of(l)).fold(0.0, f64::max);
            let h = height + (lines.len().max(1) - 1) as f64 * height * MTEXT_LINE_PITCH;
            let k = (attachment.clamp(1, 9) - 1) as usize;
            let dx = [w / 2.0, 0.0, -w / 2.0].get(k % 3).copied().unwrap_or(0.0);
            let dy = [-h / 2.0, 0.0, h / 2.0].get(k / 3).copied().unwrap_or(0.0);
            (dx, dy)
        }
    };
    let (sin, cos) = rotation_deg.to_radians().sin_cos();
    DrawingPoint {
        x: at.x + dx * cos - dy * sin,
        y: at.y + dx * sin + dy * cos,
    }
}

/// An MTEXT's rotation in degrees: its x-axis direction (11, 21) when given and not the
/// plain x axis, else its rotation (50, degrees as ezdxf and the `dxf` crate read it).
pub fn mtext_rotation(direction: DrawingPoint, rotation_deg: f64) -> f64 {
    let plain = direction.x == 1.0 && direction.y == 0.0;
    if !plain && (direction.x != 0.0 || direction.y != 0.0) {
        direction.y.atan2(direction.x).to_degrees()
    } else {
        rotation_deg
    }
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

/// A layer of the LAYER table with its state: a frozen or switched-off layer is not shown in
/// CAD, so what is on it is not offered by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    pub name: String,
    /// Flag 1 of the layer entry.
    pub frozen: bool,
    /// A negative colour number.
    pub off: bool,
}

impl Layer {
    /// A visible layer of this name (one that only entities name, or from a reader that
    /// cannot see the state).
    pub fn visible(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            frozen: false,
            off: false,
        }
    }

    /// Whether CAD shows what is on the layer.
    pub fn is_shown(&self) -> bool {
        !self.frozen && !self.off
    }
}

/// A block definition of the BLOCKS section with its entities (in the block's own
/// coordinates), or an external reference (xref) whose entities live in another file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub name: String,
    /// The base point: the point an INSERT places at its insertion point.
    pub base: DrawingPoint,
    /// The path of the referenced drawing when the block is an xref (flag 4).
    pub xref: Option<String>,
    pub entities: Vec<Entity>,
}

/// The header facts, layers, blocks and model-space entities of a drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    /// `$ACADVER`, e.g. `AC1015` (AutoCAD 2000); empty if the file has no header.
    pub version: String,
    /// `$DWGCODEPAGE`, e.g. `ANSI_936`; empty if absent.
    pub code_page: String,
    /// `$INSUNITS` (0 unitless, 1 inch, 2 foot, 4 mm, 5 cm, 6 m …), if present.
    pub insunits: Option<i16>,
    /// `$MEASUREMENT` (0 imperial, 1 metric), if present.
    pub measurement: Option<i16>,
    /// The text encoding the strings were decoded with (`UTF-8`, `GBK`, `windows-1252` …).
    pub encoding: &'static str,
    /// Layers of the LAYER table, in file order.
    pub layers: Vec<Layer>,
    /// Block definitions of the BLOCKS section, in file order.
    pub blocks: Vec<Block>,
    /// Model-space entities, in file order.
    pub entities: Vec<Entity>,
}

impl Drawing {
    /// The same drawing (header, layers, blocks) with other model-space entities, without
    /// copying the ones it replaces.
    pub fn with_entities(&self, entities: Vec<Entity>) -> Drawing {
        Drawing {
            version: self.version.clone(),
            code_page: self.code_page.clone(),
            insunits: self.insunits,
            measurement: self.measurement,
            encoding: self.encoding,
            layers: self.layers.clone(),
            blocks: self.blocks.clone(),
            entities,
        }
    }

    /// The block of this name, if the drawing defines it.
    pub fn block(&self, name: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.name == name)
    }

    /// Whether the named layer is shown (a layer missing from the table is).
    pub fn layer_shown(&self, name: &str) -> bool {
        self.layers
            .iter()
            .find(|l| l.name == name)
            .is_none_or(Layer::is_shown)
    }
}

/// The points of an arc from its start angle counter-clockwise to its end angle (equal
/// angles: the full circle), in `chords(span in degrees)` equal chords (at least one).
pub fn arc_points(
    centre: DrawingPoint,
    radius: f64,
    start_deg: f64,
    end_deg: f64,
    chords: impl FnOnce(f64) -> usize,
) -> Vec<DrawingPoint> {
    let span = (end_deg - start_deg).rem_euclid(360.0);
    let span = if span == 0.0 { 360.0 } else { span };
    let steps = chords(span).max(1);
    (0..=steps)
        .map(|i| {
            let a = (start_deg + span * i as f64 / steps as f64).to_radians();
            DrawingPoint {
                x: centre.x + radius * a.cos(),
                y: centre.y + radius * a.sin(),
            }
        })
        .collect()
}
