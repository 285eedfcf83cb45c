//! A focused reader of ASCII DXF: one pass over the group-code/value lines that keeps only
//! what room import needs (header facts, layers with their state, block definitions with
//! their entities, LWPOLYLINE, 2D and flat 3D POLYLINE, LINE, ARC, CIRCLE, HATCH boundary
//! paths, TEXT, MTEXT, INSERT with ATTRIB) and decodes only those strings.
//!
//! Why not only the `dxf` crate: on a 10,000-room drawing (4 MB) the crate's full object
//! model takes about 200 ms to load in a release build, two thirds of the 0.29 s that
//! `ogr2ogr -f GPKG` needs for the whole conversion; this reader takes a few milliseconds
//! (see `benches/dxf.rs` and README). The crate still reads binary DXF, and the tests check
//! that both readers give the same entities on every sample drawing.

use encoding_rs::Encoding;

use super::drawing::{
    Block, Drawing, DrawingPoint, Entity, Layer, Shape, TextAnchor, Vertex, mtext_rotation,
    text_centre,
};
use super::encoding::{decode, encoding_for, sniff_header};
use super::hatch::HatchReader;

/// Why a file could not be read, with its 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub line: usize,
    pub kind: ReadErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// A group code line that is not an integer.
    BadCode(String),
    /// A number value that does not parse.
    BadNumber { code: i32, value: String },
    /// A code line without its value line.
    MissingValue,
    /// An integer that is no DXF group code (e.g. 99999 or −1): a damaged line, whose value
    /// would otherwise be dropped and change the entity silently.
    UnknownCode(i32),
    /// The file ends (or a new section starts) inside the section that began at `started`:
    /// the drawing was cut short.
    UnendedSection { started: usize },
    /// The file ends without its `0 EOF` pair: the drawing was cut short.
    NoEof,
}

/// Whether `code` is a group code of the DXF reference (AutoCAD 2018 DXF, "Group Code Value
/// Types"): every writer uses only these, so anything else is a damaged line.
///
/// ```
/// use officeplan::io::dxf::code_pairs::is_group_code;
/// assert!(is_group_code(10) && is_group_code(999) && is_group_code(1071));
/// assert!(!is_group_code(-1) && !is_group_code(99999) && !is_group_code(85));
/// ```
pub fn is_group_code(code: i32) -> bool {
    matches!(
        code,
        0..=79
            | 90..=102
            | 105
            | 110..=149
            | 160..=179
            | 210..=239
            | 270..=481
            | 999..=1071
    )
}

/// Reads an ASCII DXF file's header facts, layers, blocks and model-space entities.
///
/// ```
/// use officeplan::io::dxf::code_pairs::read_ascii;
/// let text = "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\n2A\n8\n房间轮廓\n90\n3\n70\n1\n\
///             10\n0\n20\n0\n10\n4000\n20\n0\n10\n4000\n20\n3000\n0\nENDSEC\n0\nEOF\n";
/// let drawing = read_ascii(text.as_bytes()).unwrap();
/// assert_eq!(drawing.entities[0].layer, "房间轮廓");
/// assert_eq!(drawing.entities[0].handle, "2A");
/// ```
pub fn read_ascii(bytes: &[u8]) -> Result<Drawing, ReadError> {
    let facts = sniff_header(bytes);
    let encoding = encoding_for(&facts.version, &facts.code_page, bytes);
    let mut reader = Reader {
        pairs: Pairs::new(bytes),
        encoding,
        drawing: Drawing {
            version: facts.version,
            code_page: facts.code_page,
            insunits: facts.insunits,
            measurement: facts.measurement,
            encoding: encoding.name(),
            ..Drawing::default()
        },
        block: None,
        layer: None,
    };
    reader.read()?;
    Ok(reader.drawing)
}

/// Group code / value line pairs over the file's bytes.
struct Pairs<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// 1-based number of the last line read.
    line: usize,
}

/// One pair: its code, its value bytes (trimmed of the line end) and the code's line number.
struct Pair<'a> {
    code: i32,
    value: &'a [u8],
    line: usize,
}

impl<'a> Pairs<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        // A UTF-8 byte order mark may precede the first code.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Self {
            bytes,
            pos: 0,
            line: 0,
        }
    }

    fn next_line(&mut self) -> Option<&'a [u8]> {
        let rest = self.bytes.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        self.pos += end + 1;
        self.line += 1;
        let line = rest.get(..end).unwrap_or(rest);
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    }

    fn next_pair(&mut self) -> Result<Option<Pair<'a>>, ReadError> {
        let code_line = loop {
            match self.next_line() {
                None => return Ok(None),
                // Blank lines between pairs (some writers end files with them) are skipped.
                Some(line) if line.trim_ascii().is_empty() => continue,
                Some(line) => break line,
            }
        };
        let line = self.line;
        let code_text = code_line.trim_ascii();
        let code = std::str::from_utf8(code_text)
            .ok()
            .and_then(|s| s.parse::<i32>().ok())
            .ok_or_else(|| ReadError {
                line,
                kind: ReadErrorKind::BadCode(String::from_utf8_lossy(code_text).into_owned()),
            })?;
        if !is_group_code(code) {
            return Err(ReadError {
                line,
                kind: ReadErrorKind::UnknownCode(code),
            });
        }
        let value = self.next_line().ok_or(ReadError {
            line,
            kind: ReadErrorKind::MissingValue,
        })?;
        Ok(Some(Pair { code, value, line }))
    }
}

impl Pair<'_> {
    fn number(&self) -> Result<f64, ReadError> {
        std::str::from_utf8(self.value.trim_ascii())
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .ok_or_else(|| self.bad_number())
    }

    fn integer(&self) -> Result<i64, ReadError> {
        let text = std::str::from_utf8(self.value.trim_ascii()).unwrap_or("");
        // Some writers put integers as `1.0`.
        text.parse::<i64>()
            .ok()
            .or_else(|| text.parse::<f64>().ok().map(|f| f as i64))
            .ok_or_else(|| self.bad_number())
    }

    fn bad_number(&self) -> ReadError {
        ReadError {
            line: self.line + 1,
            kind: ReadErrorKind::BadNumber {
                code: self.code,
                value: String::from_utf8_lossy(self.value).into_owned(),
            },
        }
    }
}

struct Reader<'a> {
    pairs: Pairs<'a>,
    encoding: &'static Encoding,
    drawing: Drawing,
    /// The block definition being read (BLOCK … ENDBLK): its entities go there.
    block: Option<Block>,
    /// The LAYER table entry being read.
    layer: Option<Layer>,
}

/// Which part of the file the reader is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Tables,
    Blocks,
    Entities,
    Other,
}

impl Reader<'_> {
    fn text(&self, value: &[u8]) -> String {
        decode(value, self.encoding)
    }

    fn read(&mut self) -> Result<(), ReadError> {
        let mut section = Section::None;
        let mut expect_section_name = false;
        let mut entity: Option<Pending> = None;
        // In TABLES: inside a LAYER entry whose name is still to come. In BLOCKS: same for BLOCK.
        let mut named_entry = false;
        // In BLOCKS: between `0 BLOCK` and the block's first entity, and the block's flags.
        let mut in_block_header = false;
        let mut block_flags = 0;
        // The line of the open section's `0 SECTION`: a file must close every section and
        // end with `0 EOF`, else it was cut short and its rooms are not the drawing's.
        let mut open_section: Option<usize> = None;
        let mut ended = false;
        while let Some(pair) = self.pairs.next_pair()? {
            if expect_section_name {
                expect_section_name = false;
                if pair.code == 2 {
                    section = match pair.value.trim_ascii() {
                        b"TABLES" => Section::Tables,
                        b"BLOCKS" => Section::Blocks,
                        b"ENTITIES" => Section::Entities,
                        _ => Section::Other,
                    };
                    continue;
                }
            }
            if pair.code == 0 {
                named_entry = false;
                if let Some(layer) = self.layer.take() {
                    self.drawing.layers.push(layer);
                }
                let value = pair.value.trim_ascii();
                if section == Section::Blocks && value == b"ENDBLK" {
                    if let Some(done) = entity.take() {
                        self.finish(done);
                    }
                    if let Some(block) = self.block.take() {
                        self.drawing.blocks.push(block);
                    }
                } else if section == Section::Entities
                    || (section == Section::Blocks && self.block.is_some() && value != b"BLOCK")
                {
                    in_block_header = false;
                    entity = self.next_entity(entity.take(), value);
                }
                match value {
                    b"SECTION" => {
                        if let Some(started) = open_section {
                            return Err(ReadError {
                                line: pair.line,
                                kind: ReadErrorKind::UnendedSection { started },
                            });
                        }
                        open_section = Some(pair.line);
                        expect_section_name = true;
                    }
                    b"ENDSEC" => {
                        if let Some(done) = entity.take() {
                            self.finish(done);
                        }
                        // A BLOCKS section cut without its ENDBLK keeps what was read.
                        if let Some(block) = self.block.take() {
                            self.drawing.blocks.push(block);
                        }
                        open_section = None;
                        section = Section::None;
                    }
                    b"EOF" => {
                        if let Some(started) = open_section {
                            return Err(ReadError {
                                line: pair.line,
                                kind: ReadErrorKind::UnendedSection { started },
                            });
                        }
                        ended = true;
                        break;
                    }
                    b"LAYER" if section == Section::Tables => {
                        named_entry = true;
                        self.layer = Some(Layer::default());
                    }
                    b"BLOCK" if section == Section::Blocks => {
                        if let Some(done) = entity.take() {
                            self.finish(done);
                        }
                        if let Some(block) = self.block.take() {
                            self.drawing.blocks.push(block);
                        }
                        named_entry = true;
                        in_block_header = true;
                        self.block = Some(Block::default());
                    }
                    _ => {}
                }
                continue;
            }
            match section {
                Section::Tables => {
                    if let Some(layer) = self.layer.as_mut() {
                        match pair.code {
                            2 if named_entry => {
                                named_entry = false;
                                layer.name = decode(pair.value, self.encoding);
                            }
                            70 => layer.frozen = pair.integer()? & 1 != 0,
                            62 => layer.off = pair.integer()? < 0,
                            _ => {}
                        }
                    }
                }
                Section::Blocks if in_block_header => {
                    let encoding = self.encoding;
                    if let Some(block) = self.block.as_mut() {
                        match pair.code {
                            2 if named_entry => {
                                named_entry = false;
                                block.name = decode(pair.value, encoding);
                            }
                            10 => block.base.x = pair.number()?,
                            20 => block.base.y = pair.number()?,
                            70 => block_flags = pair.integer()?,
                            1 if block_flags & 4 != 0 => {
                                block.xref = Some(decode(pair.value, encoding));
                            }
                            _ => {}
                        }
                    }
                }
                Section::Entities | Section::Blocks => {
                    if let Some(pending) = entity.as_mut() {
                        self.entity_pair(pending, &pair)?;
                    }
                }
                _ => {}
            }
        }
        if !ended {
            let line = self.pairs.line;
            return Err(ReadError {
                line,
                kind: match open_section {
                    Some(started) => ReadErrorKind::UnendedSection { started },
                    None => ReadErrorKind::NoEof,
                },
            });
        }
        if let Some(done) = entity.take() {
            self.finish(done);
        }
        Ok(())
    }

    /// A `0` pair in ENTITIES: a sub-entity of the pending one, or the start of the next.
    fn next_entity(&mut self, pending: Option<Pending>, kind: &[u8]) -> Option<Pending> {
        if let Some(mut parent) = pending {
            match (kind, &parent.kind) {
                (b"VERTEX", Kind::Polyline) | (b"ATTRIB", Kind::Insert) => {
                    parent.close_child();
                    parent.child = Some(Child::default());
                    return Some(parent);
                }
                (b"SEQEND", Kind::Polyline | Kind::Insert) => {
                    parent.close_child();
                    self.finish(parent);
                    return None;
                }
                _ => self.finish(parent),
            }
        }
        let kind_text = String::from_utf8_lossy(kind).into_owned();
        let kind = match kind {
            b"LWPOLYLINE" => Kind::LwPolyline,
            b"POLYLINE" => Kind::Polyline,
            b"LINE" => Kind::Line,
            b"ARC" => Kind::Arc,
            b"CIRCLE" => Kind::Circle,
            b"HATCH" => Kind::Hatch,
            b"TEXT" => Kind::Text,
            b"MTEXT" => Kind::MText,
            b"INSERT" => Kind::Insert,
            b"SEQEND" | b"VERTEX" | b"ATTRIB" | b"ENDSEC" | b"EOF" => return None,
            _ => Kind::Other,
        };
        Some(Pending::new(kind, kind_text))
    }

    fn entity_pair(&self, p: &mut Pending, pair: &Pair<'_>) -> Result<(), ReadError> {
        if let Some(child) = p.child.as_mut() {
            // VERTEX of a POLYLINE, ATTRIB of an INSERT.
            if child.embedded {
                return Ok(());
            }
            match pair.code {
                10 => child.at.x = pair.number()?,
                20 => child.at.y = pair.number()?,
                30 => child.z = pair.number()?,
                42 => child.bulge = pair.number()?,
                70 => child.flags = pair.integer()?,
                1 => child.value = self.text(pair.value),
                2 => child.tag = self.text(pair.value),
                101 => child.embedded = true,
                _ => {}
            }
            return Ok(());
        }
        if p.embedded {
            return Ok(());
        }
        match pair.code {
            5 => p.handle = normal_handle(pair.value),
            8 => p.layer = self.text(pair.value),
            67 => p.paper_space = pair.integer()? == 1,
            101 => p.embedded = true,
            // The extrusion's z: a negative one mirrors the entity's x (its OCS).
            230 => p.mirrored = pair.number()? < 0.0,
            _ => match p.kind {
                Kind::LwPolyline => match pair.code {
                    70 => p.flags = pair.integer()?,
                    10 => p.vertices.push(Vertex {
                        at: DrawingPoint {
                            x: pair.number()?,
                            y: 0.0,
                        },
                        bulge: 0.0,
                    }),
                    20 => {
                        let y = pair.number()?;
                        if let Some(v) = p.vertices.last_mut() {
                            v.at.y = y;
                        }
                    }
                    42 => {
                        let bulge = pair.number()?;
                        if let Some(v) = p.vertices.last_mut() {
                            v.bulge = bulge;
                        }
                    }
                    _ => {}
                },
                Kind::Polyline => {
                    if pair.code == 70 {
                        p.flags = pair.integer()?;
                    }
                }
                Kind::Text | Kind::MText => match pair.code {
                    10 => p.at.x = pair.number()?,
                    20 => p.at.y = pair.number()?,
                    11 => p.at2.x = pair.number()?,
                    21 => p.at2.y = pair.number()?,
                    72 | 73 if p.kind == Kind::Text => {
                        let value = pair.integer()?;
                        if pair.code == 72 {
                            p.horizontal = value;
                        } else {
                            p.vertical = value;
                        }
                        if value != 0 {
                            p.justified = true;
                        }
                    }
                    71 if p.kind == Kind::MText => p.attachment = pair.integer()?,
                    40 => p.radius = pair.number()?,
                    50 => p.angle = pair.number()?,
                    1 => p.text = self.text(pair.value),
                    3 if p.kind == Kind::MText => p.extra.push_str(&self.text(pair.value)),
                    _ => {}
                },
                Kind::Insert => match pair.code {
                    2 => p.block = self.text(pair.value),
                    10 => p.at.x = pair.number()?,
                    20 => p.at.y = pair.number()?,
                    41 => p.scale.x = pair.number()?,
                    42 => p.scale.y = pair.number()?,
                    50 => p.angle = pair.number()?,
                    _ => {}
                },
                Kind::Line => match pair.code {
                    10 => p.at.x = pair.number()?,
                    20 => p.at.y = pair.number()?,
                    11 => p.at2.x = pair.number()?,
                    21 => p.at2.y = pair.number()?,
                    _ => {}
                },
                Kind::Arc | Kind::Circle => match pair.code {
                    10 => p.at.x = pair.number()?,
                    20 => p.at.y = pair.number()?,
                    40 => p.radius = pair.number()?,
                    50 => p.angle = pair.number()?,
                    51 => p.angle2 = pair.number()?,
                    _ => {}
                },
                Kind::Hatch => {
                    if matches!(
                        pair.code,
                        10 | 11 | 20 | 21 | 40 | 42 | 50 | 51 | 72 | 73 | 75 | 91..=97
                    ) {
                        let value = pair.number()?;
                        p.hatch
                            .get_or_insert_with(HatchReader::default)
                            .pair(pair.code, value);
                    }
                }
                Kind::Other => {}
            },
        }
        Ok(())
    }

    fn finish(&mut self, mut p: Pending) {
        p.close_child();
        if p.paper_space {
            return;
        }
        let mirrored = p.mirrored;
        let shape = match p.kind {
            Kind::LwPolyline => Shape::Polyline {
                vertices: p.vertices,
                closed: p.flags & 1 != 0,
            },
            // Polyface and polygon meshes (16, 64) are not outlines.
            Kind::Polyline if p.flags & (16 | 64) == 0 => {
                // A 3D polyline (8) lying flat is an outline like a 2D one.
                if p.flags & 8 != 0 && !p.flat() {
                    Shape::Other
                } else {
                    Shape::Polyline {
                        vertices: p.vertices,
                        closed: p.flags & 1 != 0,
                    }
                }
            }
            Kind::Line => Shape::Line {
                from: p.at,
                to: p.at2,
            },
            Kind::Arc => Shape::Arc {
                centre: p.at,
                radius: p.radius,
                start_deg: p.angle,
                end_deg: p.angle2,
            },
            Kind::Circle => Shape::Arc {
                centre: p.at,
                radius: p.radius,
                start_deg: 0.0,
                end_deg: 360.0,
            },
            Kind::Hatch => Shape::Hatch {
                loops: p.hatch.map(HatchReader::finish).unwrap_or_default(),
            },
            Kind::Text => {
                let at = if p.justified { p.at2 } else { p.at };
                let anchor = TextAnchor::Text {
                    horizontal: p.horizontal,
                    vertical: p.vertical,
                };
                Shape::Text {
                    centre: text_centre(&p.text, at, p.radius, p.angle, anchor),
                    text: p.text,
                    at,
                    mtext: false,
                }
            }
            Kind::MText => {
                let text = p.extra + &p.text;
                let anchor = TextAnchor::MText {
                    attachment: p.attachment,
                };
                let rotation = mtext_rotation(p.at2, p.angle);
                Shape::Text {
                    centre: text_centre(&text, p.at, p.radius, rotation, anchor),
                    text,
                    at: p.at,
                    mtext: true,
                }
            }
            Kind::Insert => Shape::Insert {
                block: p.block,
                at: p.at,
                attributes: p.attributes,
                scale: p.scale,
                rotation_deg: p.angle,
            },
            Kind::Polyline | Kind::Other => Shape::Other,
        };
        // LINE and 3D polylines are in world coordinates; the others in their OCS.
        let shape = if mirrored && p.kind != Kind::Line && p.flags & 8 == 0 {
            shape.mirrored_x()
        } else {
            shape
        };
        let entity = Entity {
            handle: p.handle,
            layer: p.layer,
            kind: p.kind_text,
            shape,
        };
        match self.block.as_mut() {
            Some(block) => block.entities.push(entity),
            None => self.drawing.entities.push(entity),
        }
    }
}

/// Handles are hex; written upper case without leading zeros, as the `dxf` crate does.
fn normal_handle(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value.trim_ascii()).into_owned();
    match u64::from_str_radix(&text, 16) {
        Ok(n) => format!("{n:X}"),
        Err(_) => text.to_ascii_uppercase(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    LwPolyline,
    Polyline,
    Line,
    Arc,
    Circle,
    Hatch,
    Text,
    MText,
    Insert,
    Other,
}

/// An entity being read.
struct Pending {
    kind: Kind,
    kind_text: String,
    handle: String,
    layer: String,
    paper_space: bool,
    /// After a `101 Embedded Object` marker the codes belong to an embedded object.
    embedded: bool,
    flags: i64,
    vertices: Vec<Vertex>,
    at: DrawingPoint,
    at2: DrawingPoint,
    justified: bool,
    /// TEXT justification (72, 73); MTEXT attachment point (71).
    horizontal: i64,
    vertical: i64,
    attachment: i64,
    text: String,
    extra: String,
    block: String,
    attributes: Vec<(String, String)>,
    child: Option<Child>,
    /// INSERT scale (41, 42).
    scale: DrawingPoint,
    /// ARC start angle, INSERT rotation (50); ARC end angle (51); radius (40).
    angle: f64,
    angle2: f64,
    radius: f64,
    /// The extrusion points down (230 < 0).
    mirrored: bool,
    /// A 3D polyline's lowest and highest vertex elevation.
    z_range: Option<(f64, f64)>,
    hatch: Option<HatchReader>,
}

/// A VERTEX or ATTRIB being read.
#[derive(Default)]
struct Child {
    at: DrawingPoint,
    bulge: f64,
    flags: i64,
    tag: String,
    value: String,
    embedded: bool,
    z: f64,
}

impl Pending {
    fn new(kind: Kind, kind_text: String) -> Self {
        Self {
            kind,
            kind_text,
            handle: String::new(),
            layer: String::new(),
            paper_space: false,
            embedded: false,
            flags: 0,
            vertices: Vec::new(),
            at: DrawingPoint::default(),
            at2: DrawingPoint::default(),
            justified: false,
            horizontal: 0,
            vertical: 0,
            attachment: 1,
            text: String::new(),
            extra: String::new(),
            block: String::new(),
            attributes: Vec::new(),
            child: None,
            scale: DrawingPoint { x: 1.0, y: 1.0 },
            angle: 0.0,
            angle2: 0.0,
            radius: 0.0,
            mirrored: false,
            z_range: None,
            hatch: None,
        }
    }

    /// Whether every vertex of a 3D polyline lies at one elevation.
    fn flat(&self) -> bool {
        self.z_range
            .is_none_or(|(low, high)| high - low <= 1e-9 * (1.0 + low.abs().max(high.abs())))
    }

    /// Adds the VERTEX or ATTRIB being read to the entity.
    fn close_child(&mut self) {
        let Some(child) = self.child.take() else {
            return;
        };
        match self.kind {
            // Spline frame control points (flag 16) are not on the outline.
            Kind::Polyline if child.flags & 16 == 0 => {
                self.z_range = Some(match self.z_range {
                    None => (child.z, child.z),
                    Some((low, high)) => (low.min(child.z), high.max(child.z)),
                });
                self.vertices.push(Vertex {
                    at: child.at,
                    bulge: child.bulge,
                });
            }
            Kind::Insert => self.attributes.push((child.tag, child.value)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Vec<Entity> {
        read_ascii(text.as_bytes()).expect("reads").entities
    }

    #[test]
    fn a_polyline_with_vertices_and_a_bulge() {
        let e = entities(
            "0\nSECTION\n2\nENTITIES\n0\nPOLYLINE\n5\n0a\n8\nA\n66\n1\n70\n1\n\
             0\nVERTEX\n8\nA\n10\n0\n20\n0\n42\n0.5\n0\nVERTEX\n8\nA\n10\n3\n20\n0\n\
             0\nVERTEX\n8\nA\n10\n3\n20\n4\n0\nSEQEND\n8\nA\n0\nENDSEC\n0\nEOF\n",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].handle, "A");
        let Shape::Polyline { vertices, closed } = &e[0].shape else {
            panic!("{e:?}");
        };
        assert!(closed);
        assert_eq!(vertices.len(), 3);
        assert_eq!(vertices[0].bulge, 0.5);
        assert_eq!(vertices[2].at, DrawingPoint { x: 3.0, y: 4.0 });
    }

    #[test]
    fn an_insert_with_attributes_then_a_text() {
        let e = entities(
            "0\nSECTION\n2\nENTITIES\n0\nINSERT\n5\n1F\n8\n房间编号\n66\n1\n2\n房间标注\n10\n1500\n20\n2000\n\
             0\nATTRIB\n8\n房间编号\n10\n1\n20\n1\n1\n301\n2\n编号\n\
             0\nATTRIB\n8\n房间编号\n1\n局长办公室\n2\n名称\n0\nSEQEND\n\
             0\nTEXT\n5\n20\n8\nT\n10\n1\n20\n2\n11\n5\n21\n6\n72\n1\n1\n走廊\n0\nENDSEC\n0\nEOF\n",
        );
        assert_eq!(
            e[0].shape,
            Shape::Insert {
                block: "房间标注".into(),
                at: DrawingPoint {
                    x: 1500.0,
                    y: 2000.0
                },
                attributes: vec![
                    ("编号".into(), "301".into()),
                    ("名称".into(), "局长办公室".into())
                ],
                scale: DrawingPoint { x: 1.0, y: 1.0 },
                rotation_deg: 0.0,
            }
        );
        // A centred TEXT sits at its alignment point (11, 21); without a height its middle
        // is taken there too.
        assert_eq!(
            e[1].shape,
            Shape::Text {
                text: "走廊".into(),
                at: DrawingPoint { x: 5.0, y: 6.0 },
                mtext: false,
                centre: DrawingPoint { x: 5.0, y: 6.0 },
            }
        );
    }

    #[test]
    fn a_bad_number_names_its_line() {
        let err = read_ascii(b"0\nSECTION\n2\nENTITIES\n0\nTEXT\n10\nabc\n0\nENDSEC\n")
            .expect_err("refused");
        assert_eq!(err.line, 8);
        assert!(matches!(
            err.kind,
            ReadErrorKind::BadNumber { code: 10, .. }
        ));
    }

    #[test]
    fn layers_and_blocks_are_listed() {
        let d = read_ascii(
            b"0\nSECTION\n2\nTABLES\n0\nTABLE\n2\nLAYER\n0\nLAYER\n2\nWALL\n70\n0\n62\n7\n0\nLAYER\n2\nROOM\n0\nENDTAB\n0\nENDSEC\n\
              0\nSECTION\n2\nBLOCKS\n0\nBLOCK\n8\n0\n2\nSTAMP\n0\nATTDEF\n2\nX\n0\nENDBLK\n0\nENDSEC\n0\nEOF\n",
        )
        .expect("reads");
        let names: Vec<&str> = d.layers.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["WALL", "ROOM"]);
        assert!(d.layers.iter().all(Layer::is_shown));
        let blocks: Vec<&str> = d.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(blocks, vec!["STAMP"]);
        // The ATTDEF is the block's, not model space's.
        assert!(d.entities.is_empty());
        assert_eq!(d.blocks[0].entities.len(), 1);
    }

    /// Issue 17: a frozen layer (flag 1) and a layer switched off (negative colour) are
    /// known as such.
    #[test]
    fn frozen_and_off_layers_are_marked() {
        let d = read_ascii(
            b"0\nSECTION\n2\nTABLES\n0\nTABLE\n2\nLAYER\n\
              0\nLAYER\n2\nHatches\n70\n1\n62\n7\n\
              0\nLAYER\n2\nOld\n70\n0\n62\n-3\n\
              0\nLAYER\n2\nRooms\n70\n0\n62\n3\n0\nENDTAB\n0\nENDSEC\n0\nEOF\n",
        )
        .expect("reads");
        let states: Vec<(&str, bool, bool)> = d
            .layers
            .iter()
            .map(|l| (l.name.as_str(), l.frozen, l.off))
            .collect();
        assert_eq!(
            states,
            vec![
                ("Hatches", true, false),
                ("Old", false, true),
                ("Rooms", false, false)
            ]
        );
        assert!(!d.layer_shown("Hatches") && !d.layer_shown("Old"));
        assert!(d.layer_shown("Rooms") && d.layer_shown("not in the table"));
    }

    /// Issue 17: a block's outline and label (in the block's coordinates, with its base
    /// point) and an xref's path; the INSERT's scale and rotation.
    #[test]
    fn block_contents_xrefs_and_insert_transforms_are_read() {
        let d = read_ascii(
            "0\nSECTION\n2\nBLOCKS\n\
             0\nBLOCK\n8\n0\n2\nROOM\n70\n0\n10\n100\n20\n50\n3\nROOM\n\
             0\nLWPOLYLINE\n5\n31\n8\n房间\n90\n4\n70\n1\n10\n0\n20\n0\n10\n4000\n20\n0\n10\n4000\n20\n3000\n10\n0\n20\n3000\n\
             0\nTEXT\n5\n32\n8\n编号\n10\n2000\n20\n1500\n1\n101\n\
             0\nENDBLK\n5\n33\n8\n0\n\
             0\nBLOCK\n8\n0\n2\nSITE\n70\n4\n10\n0\n20\n0\n3\nSITE\n1\n..\\site.dwg\n0\nENDBLK\n0\nENDSEC\n\
             0\nSECTION\n2\nENTITIES\n0\nINSERT\n5\n40\n8\n0\n2\nROOM\n10\n10000\n20\n0\n41\n2\n42\n2\n50\n90\n0\nENDSEC\n0\nEOF\n"
                .as_bytes(),
        )
        .expect("reads");
        let room = d.block("ROOM").expect("ROOM");
        assert_eq!(room.base, DrawingPoint { x: 100.0, y: 50.0 });
        assert_eq!(room.xref, None);
        let kinds: Vec<&str> = room.entities.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, vec!["LWPOLYLINE", "TEXT"]);
        assert_eq!(
            d.block("SITE").and_then(|b| b.xref.clone()).as_deref(),
            Some("..\\site.dwg")
        );
        assert_eq!(d.entities.len(), 1);
        let Shape::Insert {
            scale,
            rotation_deg,
            ..
        } = &d.entities[0].shape
        else {
            panic!("{:?}", d.entities[0]);
        };
        assert_eq!(
            (*scale, *rotation_deg),
            (DrawingPoint { x: 2.0, y: 2.0 }, 90.0)
        );
    }

    /// Issue 17: wall lines, arcs and circles; a closed 3D polyline lying flat is an
    /// outline, one that is not flat is not; an arc whose extrusion points down is mirrored.
    #[test]
    fn lines_arcs_and_flat_3d_polylines() {
        let e = entities(
            "0\nSECTION\n2\nENTITIES\n\
             0\nLINE\n8\nWALL\n10\n0\n20\n0\n30\n0\n11\n5000\n21\n0\n31\n0\n\
             0\nARC\n8\nWALL\n10\n1\n20\n2\n40\n3\n50\n0\n51\n90\n\
             0\nCIRCLE\n8\nWALL\n10\n0\n20\n0\n40\n1\n\
             0\nARC\n8\nWALL\n10\n1\n20\n2\n40\n3\n50\n0\n51\n90\n210\n0\n220\n0\n230\n-1\n\
             0\nPOLYLINE\n8\nA\n66\n1\n70\n9\n\
             0\nVERTEX\n8\nA\n10\n0\n20\n0\n30\n12\n70\n32\n0\nVERTEX\n8\nA\n10\n3\n20\n0\n30\n12\n70\n32\n\
             0\nVERTEX\n8\nA\n10\n3\n20\n4\n30\n12\n70\n32\n0\nSEQEND\n8\nA\n\
             0\nPOLYLINE\n8\nA\n66\n1\n70\n9\n\
             0\nVERTEX\n8\nA\n10\n0\n20\n0\n30\n0\n70\n32\n0\nVERTEX\n8\nA\n10\n3\n20\n0\n30\n5\n70\n32\n\
             0\nVERTEX\n8\nA\n10\n3\n20\n4\n30\n0\n70\n32\n0\nSEQEND\n8\nA\n\
             0\nENDSEC\n0\nEOF\n",
        );
        assert_eq!(
            e[0].shape,
            Shape::Line {
                from: DrawingPoint { x: 0.0, y: 0.0 },
                to: DrawingPoint { x: 5000.0, y: 0.0 }
            }
        );
        assert_eq!(
            e[1].shape,
            Shape::Arc {
                centre: DrawingPoint { x: 1.0, y: 2.0 },
                radius: 3.0,
                start_deg: 0.0,
                end_deg: 90.0
            }
        );
        assert!(matches!(
            e[2].shape,
            Shape::Arc {
                start_deg: 0.0,
                end_deg: 360.0,
                ..
            }
        ));
        // Seen from below: centre (−1, 2), the quarter from 90° to 180°.
        assert_eq!(
            e[3].shape,
            Shape::Arc {
                centre: DrawingPoint { x: -1.0, y: 2.0 },
                radius: 3.0,
                start_deg: 90.0,
                end_deg: 180.0
            }
        );
        assert!(
            matches!(&e[4].shape, Shape::Polyline { vertices, closed: true } if vertices.len() == 3)
        );
        assert_eq!(e[5].shape, Shape::Other);
    }

    /// Issue 17: a HATCH's polyline boundary is a ring; its pattern's seed point is not.
    #[test]
    fn a_hatch_gives_its_boundary() {
        let e = entities(
            "0\nSECTION\n2\nENTITIES\n0\nHATCH\n5\n50\n8\n填充\n100\nAcDbHatch\n\
             10\n0\n20\n0\n30\n0\n210\n0\n220\n0\n230\n1\n2\nSOLID\n70\n1\n71\n0\n91\n1\n\
             92\n3\n72\n0\n73\n1\n93\n4\n10\n0\n20\n0\n10\n4000\n20\n0\n10\n4000\n20\n3000\n10\n0\n20\n3000\n97\n0\n\
             75\n1\n76\n1\n98\n1\n10\n50\n20\n50\n0\nENDSEC\n0\nEOF\n",
        );
        let Shape::Hatch { loops } = &e[0].shape else {
            panic!("{e:?}");
        };
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].len(), 4);
        assert_eq!(
            loops[0][2].at,
            DrawingPoint {
                x: 4000.0,
                y: 3000.0
            }
        );
        assert_eq!(e[0].layer, "填充");
    }

    #[test]
    fn paper_space_entities_are_left_out() {
        let e = entities(
            "0\nSECTION\n2\nENTITIES\n0\nTEXT\n67\n1\n1\nx\n0\nTEXT\n1\ny\n0\nENDSEC\n0\nEOF\n",
        );
        assert_eq!(e.len(), 1);
    }

    /// Issue 11 #6 and #12: a drawing cut short imported as if complete.
    #[test]
    fn a_file_cut_short_is_refused_naming_the_line() {
        // No EOF after a complete section: refused at the last line (10).
        let err = read_ascii(b"0\nSECTION\n2\nENTITIES\n0\nTEXT\n1\nx\n0\nENDSEC\n")
            .expect_err("refused");
        assert_eq!((err.line, err.kind), (10, ReadErrorKind::NoEof));
        // Cut inside ENTITIES: the section that began on line 1 never ends.
        let err = read_ascii(b"0\nSECTION\n2\nENTITIES\n0\nTEXT\n1\nx\n").expect_err("refused");
        assert_eq!(err.kind, ReadErrorKind::UnendedSection { started: 1 });
        // A new section where the last one should have ended (line 9).
        let err = read_ascii(
            b"0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1015\n0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n",
        )
        .expect_err("refused");
        assert_eq!(
            (err.line, err.kind),
            (9, ReadErrorKind::UnendedSection { started: 1 })
        );
    }

    /// Issue 11 #12: group codes 99999 or −1 inside an outline were dropped silently.
    #[test]
    fn an_unknown_group_code_is_refused_naming_its_line() {
        for code in ["99999", "-1"] {
            let text = format!(
                "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8\nA\n90\n3\n70\n1\n\
                 10\n0\n20\n0\n{code}\n4000\n20\n0\n10\n4000\n20\n3000\n0\nENDSEC\n0\nEOF\n"
            );
            let err = read_ascii(text.as_bytes()).expect_err("refused");
            assert_eq!(err.line, 17, "{code}");
            assert!(matches!(err.kind, ReadErrorKind::UnknownCode(_)), "{code}");
        }
    }
}
