//! A focused reader of ASCII DXF: one pass over the group-code/value lines that keeps only
//! what room import needs (header facts, layer and block names, LWPOLYLINE, 2D POLYLINE,
//! TEXT, MTEXT, INSERT with ATTRIB) and decodes only those strings.
//!
//! Why not only the `dxf` crate: on a 10,000-room drawing (4 MB) the crate's full object
//! model takes about 200 ms to load in a release build, two thirds of the 0.29 s that
//! `ogr2ogr -f GPKG` needs for the whole conversion; this reader takes a few milliseconds
//! (see `benches/dxf.rs` and README). The crate still reads binary DXF, and the tests check
//! that both readers give the same entities on every sample drawing.

use encoding_rs::Encoding;

use super::drawing::{Drawing, DrawingPoint, Entity, Shape, Vertex};
use super::encoding::{decode, encoding_for, sniff_header};

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
            encoding: encoding.name(),
            ..Drawing::default()
        },
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
                let value = pair.value.trim_ascii();
                if section == Section::Entities {
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
                    b"LAYER" if section == Section::Tables => named_entry = true,
                    b"BLOCK" if section == Section::Blocks => named_entry = true,
                    _ => {}
                }
                continue;
            }
            match section {
                Section::Tables | Section::Blocks if named_entry && pair.code == 2 => {
                    named_entry = false;
                    let name = self.text(pair.value);
                    if section == Section::Tables {
                        self.drawing.layers.push(name);
                    } else {
                        self.drawing.blocks.push(name);
                    }
                }
                Section::Entities => {
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
                    72 | 73 if p.kind == Kind::Text && pair.integer()? != 0 => {
                        p.justified = true;
                    }
                    1 => p.text = self.text(pair.value),
                    3 if p.kind == Kind::MText => p.extra.push_str(&self.text(pair.value)),
                    _ => {}
                },
                Kind::Insert => match pair.code {
                    2 => p.block = self.text(pair.value),
                    10 => p.at.x = pair.number()?,
                    20 => p.at.y = pair.number()?,
                    _ => {}
                },
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
        let shape = match p.kind {
            Kind::LwPolyline => Shape::Polyline {
                vertices: p.vertices,
                closed: p.flags & 1 != 0,
            },
            // 3D polylines (8), polyface and polygon meshes (16, 64) are not outlines.
            Kind::Polyline if p.flags & (8 | 16 | 64) == 0 => Shape::Polyline {
                vertices: p.vertices,
                closed: p.flags & 1 != 0,
            },
            Kind::Text => Shape::Text {
                text: p.text,
                at: if p.justified { p.at2 } else { p.at },
                mtext: false,
            },
            Kind::MText => Shape::Text {
                text: p.extra + &p.text,
                at: p.at,
                mtext: true,
            },
            Kind::Insert => Shape::Insert {
                block: p.block,
                at: p.at,
                attributes: p.attributes,
            },
            Kind::Polyline | Kind::Other => Shape::Other,
        };
        self.drawing.entities.push(Entity {
            handle: p.handle,
            layer: p.layer,
            kind: p.kind_text,
            shape,
        });
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
    text: String,
    extra: String,
    block: String,
    attributes: Vec<(String, String)>,
    child: Option<Child>,
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
            text: String::new(),
            extra: String::new(),
            block: String::new(),
            attributes: Vec::new(),
            child: None,
        }
    }

    /// Adds the VERTEX or ATTRIB being read to the entity.
    fn close_child(&mut self) {
        let Some(child) = self.child.take() else {
            return;
        };
        match self.kind {
            // Spline frame control points (flag 16) are not on the outline.
            Kind::Polyline if child.flags & 16 == 0 => self.vertices.push(Vertex {
                at: child.at,
                bulge: child.bulge,
            }),
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
            }
        );
        // A centred TEXT sits at its alignment point (11, 21).
        assert_eq!(
            e[1].shape,
            Shape::Text {
                text: "走廊".into(),
                at: DrawingPoint { x: 5.0, y: 6.0 },
                mtext: false
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
            b"0\nSECTION\n2\nTABLES\n0\nTABLE\n2\nLAYER\n0\nLAYER\n2\nWALL\n70\n0\n0\nLAYER\n2\nROOM\n0\nENDTAB\n0\nENDSEC\n\
              0\nSECTION\n2\nBLOCKS\n0\nBLOCK\n8\n0\n2\nSTAMP\n0\nATTDEF\n2\nX\n0\nENDBLK\n0\nENDSEC\n0\nEOF\n",
        )
        .expect("reads");
        assert_eq!(d.layers, vec!["WALL", "ROOM"]);
        assert_eq!(d.blocks, vec!["STAMP"]);
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
