//! Rooms → DXF text the way Chinese CAD exports look: AutoCAD 2013 (UTF-8), millimetres
//! (`$INSUNITS` 4), outlines as closed LWPOLYLINE on `房间轮廓`, holes on `柱`, and a room
//! stamp block `房间标注` with attributes `编号` and `名称` on `房间编号`. Used to generate the
//! large benchmark drawing (`officeplan generate-dxf`) and test drawings.

use std::fmt::Write as _;

use geo::{BoundingRect as _, InteriorPoint as _, Translate as _};

use crate::model::Room;

/// Layer and block names of a written drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DxfLayout {
    pub room_layer: String,
    pub hole_layer: String,
    pub label_layer: String,
    pub block: String,
    pub number_tag: String,
    pub name_tag: String,
}

impl Default for DxfLayout {
    fn default() -> Self {
        Self {
            room_layer: "房间轮廓".to_owned(),
            hole_layer: "柱".to_owned(),
            label_layer: "房间编号".to_owned(),
            block: "房间标注".to_owned(),
            number_tag: super::NUMBER_TAG.to_owned(),
            name_tag: super::NAME_TAG.to_owned(),
        }
    }
}

/// Writes rooms (plan metres) as an ASCII DXF drawing in millimetres.
///
/// ```
/// use geo::polygon;
/// use officeplan::io::dxf::write::{write_rooms_dxf, DxfLayout};
/// use officeplan::io::dxf::{read_dxf, DxfOptions, LabelSource};
/// use officeplan::model::{Room, RoomCategory, RoomStatus, Uuid};
/// let room = Room {
///     uuid: Uuid::nil(), floor: Uuid::nil(), number: "301".into(), name: "局长办公室".into(),
///     category: RoomCategory::Office, sub_use: String::new(), status: RoomStatus::InUse,
///     status_since: None, surveyed_area_m2: None, units: vec![], note: String::new(),
///     polygon: polygon![(x: 0.0, y: 0.0), (x: 3.3, y: 0.0), (x: 3.3, y: 5.2), (x: 0.0, y: 5.2)],
/// };
/// let layout = DxfLayout::default();
/// let text = write_rooms_dxf(&[room], &layout);
/// let options = DxfOptions {
///     room_layers: vec![layout.room_layer.clone()],
///     labels: LabelSource::Block { name: layout.block, number_tag: layout.number_tag, name_tag: layout.name_tag },
///     ..DxfOptions::default()
/// };
/// let import = read_dxf("r.dxf".as_ref(), text.as_bytes(), &options, Uuid::nil()).unwrap();
/// assert_eq!(import.rooms[0].number, "301");
/// assert_eq!(import.report.total_area_m2, 17.16); // 3.3 m × 5.2 m
/// ```
pub fn write_rooms_dxf(rooms: &[Room], layout: &DxfLayout) -> String {
    let mut out = String::with_capacity(rooms.len() * 400 + 2048);
    let mut handle: u64 = 0x100;
    let mut next = || {
        handle += 1;
        handle
    };
    let p = |out: &mut String, code: i32, value: &str| {
        // Infallible: writing to a String.
        writeln!(out, "{code:>3}\n{value}").ok();
    };
    header_and_layers(
        &mut out,
        &[
            "0",
            &layout.room_layer,
            &layout.hole_layer,
            &layout.label_layer,
        ],
        &mut next,
    );
    p(&mut out, 0, "ENDTAB");
    p(&mut out, 0, "ENDSEC");
    p(&mut out, 0, "SECTION");
    p(&mut out, 2, "BLOCKS");
    p(&mut out, 0, "BLOCK");
    p(&mut out, 5, &format!("{:X}", next()));
    p(&mut out, 8, "0");
    p(&mut out, 2, &layout.block);
    p(&mut out, 70, "2");
    for code in [10, 20, 30] {
        p(&mut out, code, "0");
    }
    p(&mut out, 3, &layout.block);
    for (tag, dy) in [(&layout.number_tag, "0"), (&layout.name_tag, "-400")] {
        p(&mut out, 0, "ATTDEF");
        p(&mut out, 5, &format!("{:X}", next()));
        p(&mut out, 8, &layout.label_layer);
        p(&mut out, 10, "0");
        p(&mut out, 20, dy);
        p(&mut out, 30, "0");
        p(&mut out, 40, "300");
        p(&mut out, 1, "");
        p(&mut out, 3, tag);
        p(&mut out, 2, tag);
        p(&mut out, 70, "0");
    }
    p(&mut out, 0, "ENDBLK");
    p(&mut out, 5, &format!("{:X}", next()));
    p(&mut out, 8, "0");
    p(&mut out, 0, "ENDSEC");
    p(&mut out, 0, "SECTION");
    p(&mut out, 2, "ENTITIES");
    for room in rooms {
        let rings = std::iter::once((room.polygon.exterior(), &layout.room_layer)).chain(
            room.polygon
                .interiors()
                .iter()
                .map(|h| (h, &layout.hole_layer)),
        );
        for (ring, layer) in rings {
            let coords = ring.0.as_slice();
            let open = match (coords.first(), coords.last()) {
                (Some(f), Some(l)) if coords.len() > 1 && f == l => {
                    coords.get(..coords.len() - 1).unwrap_or(coords)
                }
                _ => coords,
            };
            p(&mut out, 0, "LWPOLYLINE");
            p(&mut out, 5, &format!("{:X}", next()));
            p(&mut out, 8, layer);
            p(&mut out, 90, &open.len().to_string());
            p(&mut out, 70, "1");
            for c in open {
                p(&mut out, 10, &mm(c.x));
                p(&mut out, 20, &mm(c.y));
            }
        }
        let at = room
            .polygon
            .interior_point()
            .map_or((0.0, 0.0), |pt| (pt.x(), pt.y()));
        p(&mut out, 0, "INSERT");
        p(&mut out, 5, &format!("{:X}", next()));
        p(&mut out, 8, &layout.label_layer);
        p(&mut out, 66, "1");
        p(&mut out, 2, &layout.block);
        p(&mut out, 10, &mm(at.0));
        p(&mut out, 20, &mm(at.1));
        p(&mut out, 30, "0");
        for (tag, value, dy) in [
            (&layout.number_tag, &room.number, 0.0),
            (&layout.name_tag, &room.name, -0.4),
        ] {
            p(&mut out, 0, "ATTRIB");
            p(&mut out, 5, &format!("{:X}", next()));
            p(&mut out, 8, &layout.label_layer);
            p(&mut out, 10, &mm(at.0));
            p(&mut out, 20, &mm(at.1 + dy));
            p(&mut out, 30, "0");
            p(&mut out, 40, "300");
            p(&mut out, 1, value);
            p(&mut out, 2, tag);
            p(&mut out, 70, "0");
        }
        p(&mut out, 0, "SEQEND");
        p(&mut out, 5, &format!("{:X}", next()));
        p(&mut out, 8, &layout.label_layer);
    }
    p(&mut out, 0, "ENDSEC");
    p(&mut out, 0, "EOF");
    out
}

/// One group code and its value, as a DXF line pair.
fn pair(out: &mut String, code: i32, value: &str) {
    // Infallible: writing to a String.
    writeln!(out, "{code:>3}\n{value}").ok();
}

/// The HEADER section (AutoCAD 2013, GBK code page, millimetres) and the LAYER table,
/// left open for the caller's ENDTAB.
fn header_and_layers(out: &mut String, layers: &[&str], next: &mut dyn FnMut() -> u64) {
    pair(out, 0, "SECTION");
    pair(out, 2, "HEADER");
    for (name, code, value) in [
        ("$ACADVER", 1, "AC1027"),
        ("$DWGCODEPAGE", 3, "ANSI_936"),
        ("$INSUNITS", 70, "4"),
    ] {
        pair(out, 9, name);
        pair(out, code, value);
    }
    pair(out, 0, "ENDSEC");
    pair(out, 0, "SECTION");
    pair(out, 2, "TABLES");
    pair(out, 0, "TABLE");
    pair(out, 2, "LAYER");
    for layer in layers {
        pair(out, 0, "LAYER");
        pair(out, 5, &format!("{:X}", next()));
        pair(out, 2, layer);
        pair(out, 70, "0");
        pair(out, 62, "7");
        pair(out, 6, "CONTINUOUS");
    }
}

/// The door opening `generate-dxf --walls` leaves in each room, m.
pub const GENERATED_DOOR_M: f64 = 0.9;

/// The layer of wall lines in [`write_walls_dxf`].
pub const WALL_LAYER: &str = "墙线";

/// The rooms drawn as a CAD drafter without room outlines would: each room's outline as
/// wall LINEs on [`WALL_LAYER`] with a `door_m` opening in the middle of its longest side,
/// its columns as closed polylines on the hole layer, and its number and name as one
/// middle-aligned TEXT on the label layer (millimetres). For `generate-dxf --walls` and the
/// rooms-from-walls benchmark; with rooms 0.2 m apart ([`pack_into_rows`]) neighbours get
/// double walls.
pub fn write_walls_dxf(rooms: &[Room], layout: &DxfLayout, door_m: f64) -> String {
    let mut out = String::with_capacity(rooms.len() * 900 + 2048);
    let mut handle: u64 = 0x100;
    let mut next = || {
        handle += 1;
        handle
    };
    header_and_layers(
        &mut out,
        &["0", WALL_LAYER, &layout.hole_layer, &layout.label_layer],
        &mut next,
    );
    pair(&mut out, 0, "ENDTAB");
    pair(&mut out, 0, "ENDSEC");
    pair(&mut out, 0, "SECTION");
    pair(&mut out, 2, "ENTITIES");
    let line = |out: &mut String, h: u64, a: geo::Coord<f64>, b: geo::Coord<f64>| {
        pair(out, 0, "LINE");
        pair(out, 5, &format!("{h:X}"));
        pair(out, 8, WALL_LAYER);
        pair(out, 10, &mm(a.x));
        pair(out, 20, &mm(a.y));
        pair(out, 11, &mm(b.x));
        pair(out, 21, &mm(b.y));
    };
    for room in rooms {
        let coords = &room.polygon.exterior().0;
        let edges: Vec<(geo::Coord<f64>, geo::Coord<f64>)> = coords
            .windows(2)
            .filter_map(|w| Some((*w.first()?, *w.get(1)?)))
            .collect();
        let length = |(a, b): &(geo::Coord<f64>, geo::Coord<f64>)| (b.x - a.x).hypot(b.y - a.y);
        let door = edges
            .iter()
            .enumerate()
            .max_by(|x, y| length(x.1).total_cmp(&length(y.1)))
            .map(|(i, _)| i)
            .filter(|i| edges.get(*i).is_some_and(|e| length(e) > door_m + 0.4));
        for (i, (a, b)) in edges.iter().enumerate() {
            if Some(i) == door {
                let l = length(&(*a, *b));
                let t0 = (l - door_m) / 2.0 / l;
                let t1 = (l + door_m) / 2.0 / l;
                let at = |t: f64| geo::Coord {
                    x: a.x + (b.x - a.x) * t,
                    y: a.y + (b.y - a.y) * t,
                };
                line(&mut out, next(), *a, at(t0));
                line(&mut out, next(), at(t1), *b);
            } else {
                line(&mut out, next(), *a, *b);
            }
        }
        for hole in room.polygon.interiors() {
            let open = hole.0.get(..hole.0.len().saturating_sub(1)).unwrap_or(&[]);
            pair(&mut out, 0, "LWPOLYLINE");
            pair(&mut out, 5, &format!("{:X}", next()));
            pair(&mut out, 8, &layout.hole_layer);
            pair(&mut out, 90, &open.len().to_string());
            pair(&mut out, 70, "1");
            for c in open {
                pair(&mut out, 10, &mm(c.x));
                pair(&mut out, 20, &mm(c.y));
            }
        }
        let at = room
            .polygon
            .interior_point()
            .map_or((0.0, 0.0), |pt| (pt.x(), pt.y()));
        pair(&mut out, 0, "TEXT");
        pair(&mut out, 5, &format!("{:X}", next()));
        pair(&mut out, 8, &layout.label_layer);
        for (code, value) in [(10, at.0), (20, at.1), (11, at.0), (21, at.1)] {
            pair(&mut out, code, &mm(value));
        }
        pair(&mut out, 40, "300");
        pair(&mut out, 1, &format!("{} {}", room.number, room.name));
        pair(&mut out, 72, "4");
    }
    pair(&mut out, 0, "ENDSEC");
    pair(&mut out, 0, "EOF");
    out
}

/// Lays rooms out in rows at most `row_m` wide, 0.2 m apart (as walls), each room moved
/// whole: a synthetic floor of thousands of rooms then has a plausible extent (10,000 rooms
/// in about 400 m × 800 m) for the importer's unit check.
pub fn pack_into_rows(rooms: &mut [Room], row_m: f64) {
    const WALL_M: f64 = 0.2;
    let (mut x, mut y, mut row_height) = (0.0_f64, 0.0_f64, 0.0_f64);
    for room in rooms {
        let Some(b) = room.polygon.bounding_rect() else {
            continue;
        };
        if x > 0.0 && x + b.width() > row_m {
            x = 0.0;
            y -= row_height + WALL_M;
            row_height = 0.0;
        }
        room.polygon
            .translate_mut(x - b.min().x, y - b.height() - b.min().y);
        x += b.width() + WALL_M;
        row_height = row_height.max(b.height());
    }
}

/// Metres → millimetres as DXF text, to 0.001 mm without trailing zeros.
fn mm(metres: f64) -> String {
    let text = format!("{:.3}", metres * 1000.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetre_text() {
        assert_eq!(mm(3.3), "3300");
        assert_eq!(mm(12.35), "12350");
        assert_eq!(mm(0.0005), "0.5");
        assert_eq!(mm(-0.0), "0");
    }
}
