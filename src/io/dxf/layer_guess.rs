//! The import dialog's first proposal for a drawing: which layer holds the room outlines (or,
//! if none does, the walls), which layers hold columns, and where the room labels come from.
//!
//! The rules look at what is drawn, not only at how much of it there is:
//!
//! - **Labels** are texts that read as a room label (a room number alone, a name, a name with
//!   a number, an area text: [`sort_text`]); a text such as `02 180,300` (a node and its
//!   coordinates) does not. A block is a room stamp only if it is inserted at least
//!   [`MIN_STAMPS`] times and most inserts carry an attribute whose tag reads as a room number
//!   or name (编号, 名称, ROOM, NAME, NO …) with a value that reads as a label; window tags
//!   (`XX=F2`) and grid bubbles (`33=A`) are not. A stamp block wins over texts; else the shown
//!   layer with the most label texts.
//! - **Room outlines** are on the shown layer whose closed outlines (closed polylines, else
//!   hatch boundaries) hold most of the labels; a layer holding a stray hatch or a few
//!   furniture rectangles does not qualify.
//! - **Walls**, when no layer of outlines qualifies: among the shown layers of lines (more
//!   lines than closed polylines) that bound a label — from each label a ray goes left,
//!   right, up and down, and the layer of the nearest line it meets scores — a layer named
//!   for walls first (`WALL`, `A-WALL`, `墙体`, `Mur`: the CAD layer standards' names), then
//!   one whose name says nothing else, then one named for grids, dimensions, furniture,
//!   doors and such; within a rank the highest score. Names alone are not enough: on
//!   A_000217 the furniture and the grid lines are met first more often than the walls
//!   (kitchens and baths are full of counters, and a grid bubble's line crosses every unit),
//!   and on a drawing whose layers say nothing the nearest lines decide. Without labels, the
//!   layer with the most lines (by the same name ranks).
//! - **Holes**: closed outlines on layers named as columns or shafts (柱, 井, column).
//!
//! ```
//! use officeplan::io::dxf::{code_pairs::read_ascii, layers::summarise_layers, LabelSource};
//! use officeplan::io::dxf::layer_guess::guess_layers;
//! // A 4 × 3 room drawn by four wall lines with its number inside.
//! let text = "0\nSECTION\n2\nENTITIES\n\
//!     0\nLINE\n8\n墙\n10\n0\n20\n0\n11\n4\n21\n0\n0\nLINE\n8\n墙\n10\n4\n20\n0\n11\n4\n21\n3\n\
//!     0\nLINE\n8\n墙\n10\n4\n20\n3\n11\n0\n21\n3\n0\nLINE\n8\n墙\n10\n0\n20\n3\n11\n0\n21\n0\n\
//!     0\nTEXT\n8\n文字\n10\n2\n20\n1.5\n1\n101\n0\nENDSEC\n0\nEOF\n";
//! let drawing = read_ascii(text.as_bytes()).unwrap();
//! let guess = guess_layers(&drawing, &summarise_layers(&drawing));
//! assert_eq!(guess.wall_layers, vec!["墙".to_owned()]);
//! assert!(guess.room_layers.is_empty());
//! assert_eq!(guess.labels, LabelSource::Text { layers: vec!["文字".to_owned()] });
//! ```

use std::collections::{BTreeMap, HashSet};

use geo::{Contains as _, Coord, LineString, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::drawing::{Drawing, Shape, Vertex};
use super::label::{LabelSource, NAME_TAG, NUMBER_TAG};
use super::label_text::{NumberPattern, sort_text};
use super::layers::LayerSummary;
use super::mtext::plain_text;

/// A block inserted fewer times is not taken for a room stamp (a title block, a north arrow).
pub const MIN_STAMPS: usize = 3;
/// A label of more words is a note, not a room's label.
const MAX_LABEL_WORDS: usize = 6;
/// At most this many labels are followed to the walls (evenly spread over the drawing's);
/// enough to tell the wall layer, and the guess stays quick on a 10,000-room drawing.
const MAX_RAY_LABELS: usize = 600;
/// Straight pieces an arc is followed as.
const ARC_CHORDS: usize = 8;

/// The dialog's proposal for a drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerGuess {
    pub room_layers: Vec<String>,
    pub hole_layers: Vec<String>,
    pub wall_layers: Vec<String>,
    pub labels: LabelSource,
}

/// A layer name that reads as one of columns or shafts (柱, 井, column).
pub fn looks_like_holes(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.contains('柱') || name.contains('井') || lower.contains("column")
}

/// How a layer's name speaks for walls: 2 it names walls (`WALL`, `A-WALL` of the US National
/// CAD Standard, `墙体` of GB/T 18112 and 天正, `Mur`, `Wand`), 0 it names something drawn
/// with lines that is not a wall (grid, dimensions, texts, furniture, hatches, doors,
/// windows, stairs), 1 it says neither.
fn name_rank(name: &str) -> u8 {
    const WALLS: [&str; 2] = ["wall", "墙"];
    const WALL_WORDS: [&str; 5] = ["mur", "murs", "wand", "muro", "pared"];
    const OTHER: [&str; 22] = [
        "grid", "axis", "axes", "dim", "text", "furn", "hatch", "door", "window", "stair",
        "hidden", "title", "轴", "尺寸", "标注", "文字", "家具", "填充", "门", "窗", "梯", "图框",
    ];
    let lower = name.to_lowercase();
    if WALLS.iter().any(|w| lower.contains(w))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|t| WALL_WORDS.contains(&t))
    {
        2
    } else if OTHER.iter().any(|w| lower.contains(w)) {
        0
    } else {
        1
    }
}

/// Whether a text reads as (part of) a room's label: a room number alone, a name (with or
/// without a number), or an area; not a lone coordinate pair or a paragraph of notes.
fn reads_as_label(text: &str, pattern: &NumberPattern) -> bool {
    let words = text.split_whitespace().count();
    if words == 0 || words > MAX_LABEL_WORDS {
        return false;
    }
    let sorted = sort_text(text, pattern);
    sorted.area_m2.is_some() || sorted.name.is_some() || (sorted.number.is_some() && words == 1)
}

/// Whether an attribute tag reads as a room number or name: 编号, 房号, 名称, ROOM_NO,
/// RM_NAME, NUMBER, NOM …
fn tag_reads_as_room(tag: &str) -> bool {
    const CHINESE: [&str; 6] = ["编号", "房号", "房间", "名称", "用途", "门牌"];
    const WORDS: [&str; 12] = [
        "ROOM", "RM", "NAME", "NO", "NUM", "NUMBER", "NR", "NOM", "NUMERO", "RAUM", "ROOMNO",
        "ROOMNAME",
    ];
    if CHINESE.iter().any(|w| tag.contains(w)) {
        return true;
    }
    let upper = tag.to_uppercase();
    upper
        .split(|c: char| !c.is_alphanumeric())
        .any(|token| WORDS.contains(&token))
}

/// Proposes the layers and the label source of an (exploded) drawing whose layers are
/// `layers` ([`super::layers::summarise_layers`]).
pub fn guess_layers(drawing: &Drawing, layers: &[LayerSummary]) -> LayerGuess {
    let pattern = NumberPattern::default();
    let shown: HashSet<&str> = layers
        .iter()
        .filter(|l| l.shown())
        .map(|l| l.name.as_str())
        .collect();
    let hole_layers: Vec<String> = layers
        .iter()
        .filter(|l| l.shown() && l.closed_polylines > 0 && looks_like_holes(&l.name))
        .map(|l| l.name.clone())
        .collect();
    let (labels, mut points) = guess_labels(drawing, &shown, &pattern);
    // A damaged file's point is not followed (nor put in an R-tree).
    points.retain(|p| p.x.is_finite() && p.y.is_finite());
    let room_layer = guess_room_layer(drawing, layers, &points);
    let wall_layers = match room_layer {
        Some(_) => Vec::new(),
        None => guess_wall_layer(drawing, layers, &points)
            .into_iter()
            .collect(),
    };
    LayerGuess {
        room_layers: room_layer.into_iter().collect(),
        hole_layers,
        wall_layers,
        labels,
    }
}

/// A block's inserts and, per attribute tag, how many values read as a number, as a name.
#[derive(Default)]
struct StampCount {
    inserts: usize,
    /// Inserts with a room-like tag whose value reads as a label.
    labelled: usize,
    points: Vec<Coord<f64>>,
    /// Tag → (number values, name values).
    tags: BTreeMap<String, (usize, usize)>,
}

/// The label source and where its labels stand (drawing units).
fn guess_labels(
    drawing: &Drawing,
    shown: &HashSet<&str>,
    pattern: &NumberPattern,
) -> (LabelSource, Vec<Coord<f64>>) {
    let mut texts: BTreeMap<&str, Vec<Coord<f64>>> = BTreeMap::new();
    let mut stamps: BTreeMap<&str, StampCount> = BTreeMap::new();
    for e in drawing
        .entities
        .iter()
        .filter(|e| shown.contains(e.layer.as_str()))
    {
        match &e.shape {
            Shape::Text {
                text,
                mtext,
                centre,
                ..
            } => {
                let text = if *mtext {
                    plain_text(text)
                } else {
                    text.clone()
                };
                if reads_as_label(&text, pattern) {
                    texts.entry(e.layer.as_str()).or_default().push(*centre);
                }
            }
            Shape::Insert {
                block,
                at,
                attributes,
                ..
            } => {
                let stamp = stamps.entry(block.as_str()).or_default();
                stamp.inserts += 1;
                let mut labelled = false;
                for (tag, value) in attributes.iter().filter(|(t, _)| tag_reads_as_room(t)) {
                    if !reads_as_label(value, pattern) {
                        continue;
                    }
                    labelled = true;
                    let sorted = sort_text(value, pattern);
                    let count = stamp.tags.entry(tag.clone()).or_default();
                    if sorted.number.is_some() {
                        count.0 += 1;
                    } else if sorted.name.is_some() {
                        count.1 += 1;
                    }
                }
                if labelled {
                    stamp.labelled += 1;
                    stamp.points.push(*at);
                }
            }
            _ => {}
        }
    }
    let stamp = stamps
        .into_iter()
        .filter(|(_, s)| s.inserts >= MIN_STAMPS && 2 * s.labelled > s.inserts)
        .max_by_key(|(_, s)| s.labelled);
    if let Some((name, stamp)) = stamp {
        let most = |key: fn(&(usize, usize)) -> usize, skip: Option<&String>| {
            stamp
                .tags
                .iter()
                .filter(|(t, c)| Some(*t) != skip && key(c) > 0)
                .max_by_key(|(_, c)| key(c))
                .map(|(t, _)| t.clone())
        };
        let number_tag = most(|c| c.0, None);
        let name_tag = most(|c| c.1, number_tag.as_ref());
        return (
            LabelSource::Block {
                name: name.to_owned(),
                number_tag: number_tag.unwrap_or_else(|| NUMBER_TAG.to_owned()),
                name_tag: name_tag.unwrap_or_else(|| NAME_TAG.to_owned()),
            },
            stamp.points,
        );
    }
    // The most label texts; on a tie the layer first in name order.
    let best = texts.into_iter().fold(
        None,
        |best: Option<(&str, Vec<Coord<f64>>)>, (layer, points)| match &best {
            Some((_, b)) if b.len() >= points.len() => best,
            _ => Some((layer, points)),
        },
    );
    match best {
        Some((layer, points)) => (
            LabelSource::Text {
                layers: vec![layer.to_owned()],
            },
            points,
        ),
        None => (LabelSource::None, Vec::new()),
    }
}

/// The ring of a polyline's vertices (bulges taken as chords: enough to say what is inside).
fn ring(vertices: &[Vertex]) -> Option<Polygon<f64>> {
    let finite = vertices
        .iter()
        .all(|v| v.at.x.is_finite() && v.at.y.is_finite());
    (finite && vertices.len() >= 3).then(|| {
        Polygon::new(
            LineString::from(vertices.iter().map(|v| v.at).collect::<Vec<_>>()),
            Vec::new(),
        )
    })
}

/// A layer's closed outlines: its closed polylines, and its hatch boundaries apart.
#[derive(Default)]
struct Outlines(Vec<Polygon<f64>>, Vec<Polygon<f64>>);

/// The layer of room outlines: the shown layer (not one of columns) whose closed outlines
/// hold the most labels, if they hold more than half of them; without labels, the layer
/// with the most closed polylines if they outnumber its lines.
fn guess_room_layer(
    drawing: &Drawing,
    layers: &[LayerSummary],
    points: &[Coord<f64>],
) -> Option<String> {
    let candidates: Vec<&LayerSummary> = layers
        .iter()
        .filter(|l| l.shown() && l.closed_polylines + l.hatches > 0 && !looks_like_holes(&l.name))
        .collect();
    if points.is_empty() {
        return candidates
            .iter()
            .filter(|l| l.closed_polylines > l.lines + l.arcs + l.open_polylines)
            .max_by_key(|l| l.closed_polylines)
            .map(|l| l.name.clone());
    }
    // Per candidate layer: its outlines, polylines and hatch boundaries apart.
    let mut outlines: BTreeMap<&str, Outlines> = BTreeMap::new();
    for e in &drawing.entities {
        if !candidates.iter().any(|l| l.name == e.layer) {
            continue;
        }
        match &e.shape {
            Shape::Polyline {
                vertices,
                closed: true,
            } => outlines
                .entry(e.layer.as_str())
                .or_default()
                .0
                .extend(ring(vertices)),
            Shape::Hatch { loops } => outlines
                .entry(e.layer.as_str())
                .or_default()
                .1
                .extend(loops.iter().filter_map(|l| ring(l))),
            _ => {}
        }
    }
    // A layer's score: labels inside its polylines, else inside its hatches (a fill drawn
    // over an outline holds the same labels; the outline is the room's).
    let mut best: Option<(&str, (usize, usize))> = None;
    for (layer, Outlines(polylines, hatches)) in &outlines {
        let score = (
            labels_inside(polylines, points),
            labels_inside(hatches, points),
        );
        let held = score.0.max(score.1);
        if 2 * held <= points.len() || held < 2.min(points.len()) {
            continue;
        }
        let key = (held, score.0);
        if best.is_none_or(|(_, b)| key > (b.0.max(b.1), b.0)) {
            best = Some((layer, score));
        }
    }
    best.map(|(layer, _)| layer.to_owned())
}

/// How many of `points` lie inside one of `rings`.
fn labels_inside(rings: &[Polygon<f64>], points: &[Coord<f64>]) -> usize {
    if rings.is_empty() {
        return 0;
    }
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = rings
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let b = geo::BoundingRect::bounding_rect(r)?;
            Some(GeomWithData::new(
                Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]),
                i,
            ))
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    points
        .iter()
        .filter(|p| {
            tree.locate_in_envelope_intersecting(&AABB::from_point([p.x, p.y]))
                .any(|b| rings.get(b.data).is_some_and(|r| r.contains(*p)))
        })
        .count()
}

/// The straight pieces of the lines of a layer: LINEs, ARCs as chords, open polylines.
fn pieces(shape: &Shape, out: &mut Vec<(Coord<f64>, Coord<f64>)>) {
    match shape {
        Shape::Line { from, to } => out.push((*from, *to)),
        Shape::Arc {
            centre,
            radius,
            start_deg,
            end_deg,
        } => {
            let points =
                super::drawing::arc_points(*centre, *radius, *start_deg, *end_deg, |_| ARC_CHORDS);
            out.extend(points.windows(2).filter_map(|w| match w {
                [a, b] => Some((*a, *b)),
                _ => None,
            }));
        }
        Shape::Polyline {
            vertices,
            closed: false,
        } => out.extend(vertices.windows(2).filter_map(|w| match w {
            [a, b] => Some((a.at, b.at)),
            _ => None,
        })),
        _ => {}
    }
}

/// How far along a ray from `from` (direction `dir`, a unit axis) the segment `a`–`b` is
/// met, if it is.
fn ray_hit(from: Coord<f64>, dir: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Option<f64> {
    let (ex, ey) = (b.x - a.x, b.y - a.y);
    let denom = dir.x * ey - dir.y * ex;
    if denom.abs() < 1e-12 {
        return None;
    }
    let (wx, wy) = (a.x - from.x, a.y - from.y);
    let t = (wx * ey - wy * ex) / denom;
    let s = (wx * dir.y - wy * dir.x) / denom;
    (t > 0.0 && (0.0..=1.0).contains(&s)).then_some(t)
}

/// The wall layer: the shown layer of lines (not one of columns, its lines outnumbering its
/// closed polylines) met first most often by rays from the labels; without labels, the one
/// with the most lines.
fn guess_wall_layer(
    drawing: &Drawing,
    layers: &[LayerSummary],
    points: &[Coord<f64>],
) -> Option<String> {
    let candidates: Vec<&LayerSummary> = layers
        .iter()
        .filter(|l| {
            let lines = l.lines + l.arcs + l.open_polylines;
            l.shown() && lines > 0 && lines >= l.closed_polylines && !looks_like_holes(&l.name)
        })
        .collect();
    if points.is_empty() {
        return candidates
            .iter()
            .max_by_key(|l| (name_rank(&l.name), l.lines + l.arcs + l.open_polylines))
            .map(|l| l.name.clone());
    }
    let index: BTreeMap<&str, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, l)| (l.name.as_str(), i))
        .collect();
    let mut segments: Vec<(usize, Coord<f64>, Coord<f64>)> = Vec::new();
    let mut buffer = Vec::new();
    for e in &drawing.entities {
        let Some(&k) = index.get(e.layer.as_str()) else {
            continue;
        };
        buffer.clear();
        pieces(&e.shape, &mut buffer);
        segments.extend(buffer.iter().map(|(a, b)| (k, *a, *b)));
    }
    let step = points.len().div_ceil(MAX_RAY_LABELS).max(1);
    let mut score = vec![0usize; candidates.len()];
    let directions =
        [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)].map(|(x, y)| Coord { x, y });
    for p in points.iter().step_by(step) {
        for dir in directions {
            let nearest = segments
                .iter()
                .filter_map(|(k, a, b)| ray_hit(*p, dir, *a, *b).map(|t| (t, *k)))
                .min_by(|x, y| x.0.total_cmp(&y.0));
            if let Some((_, k)) = nearest
                && let Some(s) = score.get_mut(k)
            {
                *s += 1;
            }
        }
    }
    candidates
        .iter()
        .zip(&score)
        .filter(|(_, s)| **s > 0)
        .max_by_key(|(l, s)| (name_rank(&l.name), **s, l.lines + l.arcs + l.open_polylines))
        .map(|(l, _)| l.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drawing of `../shared/dxf-real/` (sources in its README), read and exploded as the
    /// dialog reads it, and its guess.
    fn guess_of(name: &str) -> LayerGuess {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/dxf-real")
            .join(name);
        let bytes = std::fs::read(&path).expect("../shared/dxf-real");
        let drawing = super::super::read_drawing(&path, &bytes).expect("reads");
        let drawing = super::super::blocks::explode_owned(drawing);
        guess_layers(&drawing, &super::super::layers::summarise_layers(&drawing))
    }

    fn text(layer: &str) -> LabelSource {
        LabelSource::Text {
            layers: vec![layer.to_owned()],
        }
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    /// hal9k: the walls are 71 LINEs + 13 ARCs on "0" beside one HATCH (which holds none of
    /// the 18 labels); the only closed outlines are on the frozen "Hatches" layer. The
    /// Danish names and "60 m2" texts are on "0" too.
    #[test]
    fn hal9k_proposes_walls_and_labels_on_layer_0() {
        let g = guess_of("hal9k_floorplan.dxf");
        assert_eq!(g.room_layers, Vec::<String>::new());
        assert_eq!(g.wall_layers, names(&["0"]));
        assert_eq!(g.labels, text("0"));
        assert!(g.hole_layers.is_empty());
    }

    /// A_000217: walls as 1,832 LINEs on WALL, unit numbers and room names on TEXT; the
    /// DETAIL and FURNITURE rectangles hold no labels; no block carries a room attribute
    /// (window tags `XX=F2`, grid bubbles `33=A`, detail marks), and GRIDLINES, STAIRS and
    /// FURNITURE lie farther from the labels than the wall faces.
    #[test]
    fn a_000217_proposes_wall_and_text_layers_and_no_block() {
        let g = guess_of("dxfjson_A_000217.dxf");
        assert_eq!(g.room_layers, Vec::<String>::new());
        assert_eq!(g.wall_layers, names(&["WALL"]));
        assert_eq!(g.labels, text("TEXT"));
    }

    /// qs_jiao: rooms drawn as 93 LINEs on "room" with 26 numbers on "room_text" (its other
    /// 50 texts are corner coordinates `360,550`); node_text's 77 texts are node numbers
    /// with coordinates (`02 180,300`), not labels.
    #[test]
    fn qs_jiao_proposes_the_room_lines_and_room_text() {
        let g = guess_of("qs_jiao_floorplan.dxf");
        assert_eq!(g.room_layers, Vec::<String>::new());
        assert_eq!(g.wall_layers, names(&["room"]));
        assert_eq!(g.labels, text("room_text"));
    }

    /// rehmanul: 424 boxes as closed LWPOLYLINEs on "Tole Blanche", each holding its number
    /// and area text on "Texte"; the 424 HATCHes on "Hatch" have no boundary.
    #[test]
    fn rehmanul_proposes_the_box_outlines_and_texte() {
        let g = guess_of("rehmanul_etage01.dxf");
        assert_eq!(g.room_layers, names(&["Tole Blanche"]));
        assert!(g.wall_layers.is_empty());
        assert_eq!(g.labels, text("Texte"));
    }

    /// qcad: 14 LINEs on "0" and no text: walls on "0", no labels.
    #[test]
    fn qcad_proposes_walls_on_0_and_no_labels() {
        let g = guess_of("qcad_floor_plan.dxf");
        assert_eq!(g.wall_layers, names(&["0"]));
        assert!(g.room_layers.is_empty());
        assert_eq!(g.labels, LabelSource::None);
    }

    /// ezdxf cc_dxflib: one 3D polyline that does not lie flat: nothing to propose.
    #[test]
    fn cc_dxflib_proposes_nothing() {
        assert_eq!(guess_of("ezdxf_cc_dxflib.dxf"), LayerGuess::default());
    }

    /// The sample drawings' room stamp: outlines on 房间轮廓, columns on 柱, the stamp
    /// block 房间标注 with its 编号 and 名称.
    #[test]
    fn the_sample_drawing_proposes_outlines_columns_and_the_stamp() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_plans/drawings/综合办公楼/6F.dxf");
        let bytes = std::fs::read(&path).expect("sample drawing");
        let drawing = super::super::read_drawing(&path, &bytes).expect("reads");
        let drawing = super::super::blocks::explode_owned(drawing);
        let g = guess_layers(&drawing, &super::super::layers::summarise_layers(&drawing));
        assert_eq!(g.room_layers, names(&["房间轮廓"]));
        assert_eq!(g.hole_layers, names(&["柱"]));
        assert_eq!(
            g.labels,
            LabelSource::Block {
                name: "房间标注".to_owned(),
                number_tag: NUMBER_TAG.to_owned(),
                name_tag: NAME_TAG.to_owned(),
            }
        );
    }

    /// An ASCII drawing of model-space entities.
    fn drawing(entities: &str) -> Drawing {
        let text = format!("0\nSECTION\n2\nENTITIES\n{entities}0\nENDSEC\n0\nEOF\n");
        super::super::code_pairs::read_ascii(text.as_bytes()).expect("reads")
    }

    /// An INSERT of `block` at (x, 0) with one attribute.
    fn insert(block: &str, x: u32, tag: &str, value: &str) -> String {
        format!(
            "0\nINSERT\n8\n标注\n2\n{block}\n10\n{x}\n20\n0\n66\n1\n\
             0\nATTRIB\n8\n标注\n10\n{x}\n20\n0\n1\n{value}\n2\n{tag}\n0\nSEQEND\n"
        )
    }

    /// A block is a stamp when at least three inserts carry a room tag with a label: three
    /// 房号 stamps are; two are not (a title block and its copy); nor are three window tags
    /// (`XX=W5`), and then the texts of a layer are the labels.
    #[test]
    fn a_stamp_needs_room_tags_and_three_inserts() {
        let guess = |entities: &str| {
            let d = drawing(entities);
            guess_layers(&d, &super::super::layers::summarise_layers(&d)).labels
        };
        let stamps: String = (1..=3)
            .map(|k| insert("房间章", k * 10, "房号", &format!("30{k}")))
            .collect();
        assert_eq!(
            guess(&stamps),
            LabelSource::Block {
                name: "房间章".to_owned(),
                number_tag: "房号".to_owned(),
                name_tag: NAME_TAG.to_owned(),
            }
        );
        let two: String = (1..=2)
            .map(|k| insert("房间章", k * 10, "房号", &format!("30{k}")))
            .collect();
        assert_eq!(guess(&two), LabelSource::None);
        let windows: String = (1..=3).map(|k| insert("W2", k * 10, "XX", "W5")).collect();
        let text = "0\nTEXT\n8\n文字\n10\n1\n20\n1\n1\n会议室\n";
        assert_eq!(
            guess(&format!("{windows}{text}")),
            LabelSource::Text {
                layers: vec!["文字".to_owned()]
            }
        );
    }

    #[test]
    fn room_tags_and_label_texts() {
        assert!(tag_reads_as_room("编号") && tag_reads_as_room("ROOM_NO"));
        assert!(tag_reads_as_room("rm-name") && tag_reads_as_room("NUMBER"));
        assert!(!tag_reads_as_room("XX") && !tag_reads_as_room("33"));
        assert!(!tag_reads_as_room("TYPE") && !tag_reads_as_room("NOTE"));
        let p = NumberPattern::default();
        assert!(reads_as_label("A101", &p) && reads_as_label("Fællesrum", &p));
        assert!(reads_as_label("60 m2", &p) && reads_as_label("301 局长办公室", &p));
        assert!(!reads_as_label("02 180,300", &p) && !reads_as_label("360,550", &p));
        assert_eq!(
            (name_rank("A-WALL"), name_rank("墙体"), name_rank("Mur")),
            (2, 2, 2)
        );
        assert_eq!((name_rank("GRIDLINES"), name_rank("FURNITURE")), (0, 0));
        assert_eq!((name_rank("0"), name_rank("room")), (1, 1));
    }
}
