//! Room labels: where a room's number and name come from (TEXT / MTEXT on a layer, or the
//! attributes of a room stamp block), and which room each label stands in.

use geo::{BoundingRect as _, Contains as _, Coord};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::drawing::{Drawing, Shape};
use super::label_text::{NumberPattern, sort_text};
use super::mtext::plain_text;
use super::units::DrawingUnit;
use crate::model::{PlanCoord, PlanPolygon};

/// Where labels come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LabelSource {
    /// No labels: every room gets a provisional number.
    #[default]
    None,
    /// TEXT and MTEXT on these layers, each sorted into number, name and area
    /// ([`super::label_text::sort_text`]); a room may hold several.
    Text { layers: Vec<String> },
    /// INSERTs of this block: the number from one attribute, the name from another.
    Block {
        name: String,
        number_tag: String,
        name_tag: String,
    },
}

/// The attribute tags of the usual Chinese room stamp (房间标注): 编号 and 名称.
pub const NUMBER_TAG: &str = "编号";
pub const NAME_TAG: &str = "名称";

/// A label found in the drawing, at its position in plan metres.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub handle: String,
    pub layer: String,
    /// The room number, empty for a text that names or measures the room only.
    pub number: String,
    pub name: String,
    /// The area the text states (测绘面积), m².
    pub area_m2: Option<f64>,
    pub at: PlanCoord,
}

/// Whether two layer (or block, tag) names are the same: AutoCAD compares them without case.
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// The labels of a drawing, in file order. Labels that say nothing (no number, name or
/// area: an empty stamp, a lone dimension) are left out and returned apart, so the report
/// can say so.
pub fn collect_labels(
    drawing: &Drawing,
    source: &LabelSource,
    unit: DrawingUnit,
    pattern: &NumberPattern,
) -> (Vec<Label>, Vec<Label>) {
    let mut labels = Vec::new();
    let mut empty = Vec::new();
    let at = |c: Coord<f64>| PlanCoord {
        x: unit.to_metres(c.x),
        y: unit.to_metres(c.y),
    };
    for entity in &drawing.entities {
        let label = match (&entity.shape, source) {
            (
                Shape::Text {
                    text, centre: pos, ..
                },
                LabelSource::Text { layers },
            ) if layers.iter().any(|l| same_name(l, &entity.layer)) => {
                let sorted = sort_text(&plain_text(text), pattern);
                Some((
                    sorted.number.unwrap_or_default(),
                    sorted.name.unwrap_or_default(),
                    sorted.area_m2,
                    *pos,
                ))
            }
            (
                Shape::Insert {
                    block,
                    at: pos,
                    attributes,
                    ..
                },
                LabelSource::Block {
                    name,
                    number_tag,
                    name_tag,
                },
            ) if same_name(block, name) => {
                let value = |tag: &str| {
                    attributes
                        .iter()
                        .find(|(t, _)| same_name(t, tag))
                        .map(|(_, v)| plain_text(v).trim().to_owned())
                        .unwrap_or_default()
                };
                Some((value(number_tag), value(name_tag), None, *pos))
            }
            _ => None,
        };
        if let Some((number, name, area_m2, pos)) = label {
            let label = Label {
                handle: entity.handle.clone(),
                layer: entity.layer.clone(),
                number,
                name,
                area_m2,
                at: at(pos),
            };
            if label.number.is_empty() && label.name.is_empty() && label.area_m2.is_none() {
                empty.push(label);
            } else {
                labels.push(label);
            }
        }
    }
    (labels, empty)
}

/// For each label, the index of the room polygon that contains it (inside the outline and
/// not in a hole), if any. A label left over that stands in a hole of a room no other label
/// names (a stamp placed on a column in the middle of the room) is that room's.
///
/// ```
/// use geo::{coord, polygon};
/// use officeplan::io::dxf::label::{rooms_of_labels, Label};
/// let rooms = [polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.0), (x: 0.0, y: 4.0)]];
/// let label = |x, y| Label { handle: "1".into(), layer: "L".into(), number: "301".into(),
///     name: String::new(), area_m2: None, at: coord! { x: x, y: y } };
/// assert_eq!(rooms_of_labels(&rooms, &[label(1.5, 2.0), label(5.0, 2.0)]), vec![Some(0), None]);
/// // A room with a 0.5 m column in its middle, its stamp on the column: still the room's.
/// let column = geo::LineString::from(vec![(1.25, 1.75), (1.75, 1.75), (1.75, 2.25), (1.25, 2.25)]);
/// let with_column = [geo::Polygon::new(rooms[0].exterior().clone(), vec![column])];
/// assert_eq!(rooms_of_labels(&with_column, &[label(1.5, 2.0)]), vec![Some(0)]);
/// ```
pub fn rooms_of_labels(rooms: &[PlanPolygon], labels: &[Label]) -> Vec<Option<usize>> {
    let tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> = RTree::bulk_load(
        rooms
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let b = p.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]),
                    i,
                ))
            })
            .collect(),
    );
    let candidates = |label: &Label, inside: &dyn Fn(&PlanPolygon) -> bool| {
        let point = [label.at.x, label.at.y];
        let mut hits: Vec<usize> = tree
            .locate_in_envelope_intersecting(&AABB::from_point(point))
            .map(|r| r.data)
            .filter(|i| rooms.get(*i).is_some_and(inside))
            .collect();
        hits.sort_unstable();
        hits
    };
    let all: Vec<Vec<usize>> = labels
        .iter()
        .map(|label| candidates(label, &|p| p.contains(&label.at)))
        .collect();
    // Outlines may overlap (two layouts drawn over each other): a label inside several
    // rooms goes to the one that has the fewest labels of its kind (numbers, names, areas)
    // so far, then the smallest, so that each room gets the texts standing in it alone
    // where the drawing allows.
    let kind = |label: &Label| {
        if !label.number.is_empty() {
            0
        } else if !label.name.is_empty() {
            1
        } else {
            2
        }
    };
    let mut found: Vec<Option<usize>> = all
        .iter()
        .map(|c| {
            if c.len() == 1 {
                c.first().copied()
            } else {
                None
            }
        })
        .collect();
    let mut counts = vec![[0usize; 3]; rooms.len()];
    for (slot, label) in found.iter().zip(labels) {
        if let Some(c) = slot
            .and_then(|r| counts.get_mut(r))
            .and_then(|c| c.get_mut(kind(label)))
        {
            *c += 1;
        }
    }
    for ((slot, label), hits) in found.iter_mut().zip(labels).zip(&all) {
        if hits.len() < 2 {
            continue;
        }
        let k = kind(label);
        let count = |r: usize| counts.get(r).and_then(|c| c.get(k)).copied().unwrap_or(0);
        let area = |r: usize| rooms.get(r).map_or(f64::MAX, geo::Area::unsigned_area);
        *slot = hits.iter().copied().min_by(|a, b| {
            count(*a)
                .cmp(&count(*b))
                .then(area(*a).total_cmp(&area(*b)))
                .then(a.cmp(b))
        });
        if let Some(c) = slot
            .and_then(|r| counts.get_mut(r))
            .and_then(|c| c.get_mut(k))
        {
            *c += 1;
        }
    }
    let named: std::collections::HashSet<usize> = found.iter().flatten().copied().collect();
    for (slot, label) in found.iter_mut().zip(labels) {
        if slot.is_none() {
            let in_outline = |p: &PlanPolygon| {
                !p.interiors().is_empty()
                    && geo::Polygon::new(p.exterior().clone(), vec![]).contains(&label.at)
            };
            *slot = candidates(label, &in_outline)
                .into_iter()
                .find(|i| !named.contains(i));
        }
    }
    found
}
