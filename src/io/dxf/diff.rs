//! An imported floor against the floor's current rooms: which rooms are new, which changed
//! shape, which are gone; matched rooms keep their UUID and attributes.
//!
//! Rooms are matched by number first, then (for the rest) by overlap: a room renumbered in
//! the drawing is still the same room if the two outlines mostly cover each other.

use std::collections::HashMap;

use geo::{Area as _, BooleanOps as _, BoundingRect as _, Coord, LineString};

use crate::model::{PlanPolygon, Room, Uuid};

/// Prefix of the provisional number an unlabelled room gets (`#2A0`).
pub const PROVISIONAL_PREFIX: char = '#';

/// Two outlines are the same room if they overlap by at least this share of their union.
pub const MIN_OVERLAP: f64 = 0.5;

/// Vertices closer than this are the same point when comparing shapes, m.
pub const SAME_POINT_M: f64 = 0.005;

/// How an imported room was matched to a current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchBy {
    Number,
    Overlap,
}

/// One imported room and what it matched.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RoomMatch {
    /// Index into the imported rooms.
    pub imported: usize,
    /// The current room it replaces, and how it was found; `None` for a new room.
    pub current: Option<(Uuid, MatchBy)>,
    /// Whether the outline differs from the current room's (always true for a new room).
    pub geometry_changed: bool,
}

/// What committing an import would do to a floor. Room numbers are the imported ones for
/// `new` and `changed`, the current ones for `removed`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FloorDiff {
    pub new: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Matched rooms whose outline is the same.
    pub unchanged: usize,
    /// (current number, imported number) of rooms matched by overlap under another number.
    pub renumbered: Vec<(String, String)>,
    /// Per imported room, in import order.
    pub matches: Vec<RoomMatch>,
}

impl FloorDiff {
    /// The comparison of `imported` with an empty floor (a floor the import creates): every
    /// room is new. What [`reconcile`] gives with no current rooms, without copying them.
    pub fn all_new(imported: &[Room]) -> Self {
        FloorDiff {
            new: imported.iter().map(|r| r.number.clone()).collect(),
            matches: (0..imported.len())
                .map(|i| RoomMatch {
                    imported: i,
                    current: None,
                    geometry_changed: true,
                })
                .collect(),
            ..FloorDiff::default()
        }
    }

    /// The comparison as lines for people, in the current language (the CLI and the
    /// import dialog print them).
    pub fn lines(&self) -> Vec<String> {
        let diff = self;
        let separator = crate::t!("check.separator");
        let mut lines = vec![
            crate::t!(
                "dxf.diff",
                new = diff.new.len(),
                changed = diff.changed.len(),
                removed = diff.removed.len(),
                unchanged = diff.unchanged
            )
            .into_owned(),
        ];
        for (key, list) in [
            ("new", &diff.new),
            ("changed", &diff.changed),
            ("removed", &diff.removed),
        ] {
            if list.is_empty() {
                continue;
            }
            let text = list.join(&separator);
            lines.push(match key {
                "new" => crate::t!("dxf.diff.new", list = text).into_owned(),
                "changed" => crate::t!("dxf.diff.changed", list = text).into_owned(),
                _ => crate::t!("dxf.diff.removed", list = text).into_owned(),
            });
        }
        if !diff.renumbered.is_empty() {
            let pairs: Vec<String> = diff
                .renumbered
                .iter()
                .map(|(a, b)| format!("{a} → {b}"))
                .collect();
            lines
                .push(crate::t!("dxf.diff.renumbered", list = pairs.join(&separator)).into_owned());
        }
        lines
    }
}

/// Matches imported rooms to a floor's current rooms and returns the rooms to write: a
/// matched room keeps its UUID, category, sub-use, status, surveyed area, units and note,
/// and takes the drawing's outline, number and (if the label has one) name; an unlabelled
/// room keeps the current number. New rooms come as imported.
///
/// ```
/// use geo::polygon;
/// use officeplan::io::dxf::diff::reconcile;
/// use officeplan::model::{Room, RoomCategory, RoomStatus, Uuid};
/// let room = |number: &str, w: f64| Room {
///     uuid: Uuid::now_v7(), floor: Uuid::nil(), number: number.into(), name: String::new(),
///     category: RoomCategory::Office, sub_use: String::new(), status: RoomStatus::InUse,
///     status_since: None, surveyed_area_m2: None, units: vec![], note: String::new(),
///     polygon: polygon![(x: 0.0, y: 0.0), (x: w, y: 0.0), (x: w, y: 4.0), (x: 0.0, y: 4.0)],
/// };
/// let mut current = room("301", 3.0);
/// current.category = RoomCategory::Service;
/// let (rooms, diff) = reconcile(&[current.clone()], &[room("301", 3.5), room("302", 2.0)]);
/// assert_eq!((rooms[0].uuid, rooms[0].category), (current.uuid, RoomCategory::Service));
/// assert_eq!((diff.changed.as_slice(), diff.new.as_slice()), (&["301".to_owned()][..], &["302".to_owned()][..]));
/// ```
pub fn reconcile(current: &[Room], imported: &[Room]) -> (Vec<Room>, FloorDiff) {
    let mut matched: Vec<Option<(usize, MatchBy)>> = vec![None; imported.len()];
    let mut taken = vec![false; current.len()];
    let by_number: HashMap<&str, usize> = current
        .iter()
        .enumerate()
        .map(|(i, r)| (r.number.as_str(), i))
        .collect();
    for (i, room) in imported.iter().enumerate() {
        if let Some(&j) = by_number.get(room.number.as_str())
            && let Some(t) = taken.get_mut(j)
            && !*t
        {
            *t = true;
            if let Some(m) = matched.get_mut(i) {
                *m = Some((j, MatchBy::Number));
            }
        }
    }
    for (i, j) in overlap_matches(current, imported, &matched, &taken) {
        if let (Some(m), Some(t)) = (matched.get_mut(i), taken.get_mut(j)) {
            *m = Some((j, MatchBy::Overlap));
            *t = true;
        }
    }
    let mut diff = FloorDiff::default();
    let mut rooms = Vec::with_capacity(imported.len());
    for (i, (room, m)) in imported.iter().zip(&matched).enumerate() {
        let Some((j, by)) = *m else {
            diff.new.push(room.number.clone());
            diff.matches.push(RoomMatch {
                imported: i,
                current: None,
                geometry_changed: true,
            });
            rooms.push(room.clone());
            continue;
        };
        let Some(old) = current.get(j) else {
            continue;
        };
        let number = if room.number.starts_with(PROVISIONAL_PREFIX) {
            old.number.clone()
        } else {
            room.number.clone()
        };
        if by == MatchBy::Overlap && number != old.number {
            diff.renumbered.push((old.number.clone(), number.clone()));
        }
        let changed = !same_shape(&room.polygon, &old.polygon);
        if changed {
            diff.changed.push(number.clone());
        } else {
            diff.unchanged += 1;
        }
        diff.matches.push(RoomMatch {
            imported: i,
            current: Some((old.uuid, by)),
            geometry_changed: changed,
        });
        rooms.push(Room {
            number,
            name: if room.name.is_empty() {
                old.name.clone()
            } else {
                room.name.clone()
            },
            polygon: room.polygon.clone(),
            ..old.clone()
        });
    }
    diff.removed = current
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(r, _)| r.number.clone())
        .collect();
    (rooms, diff)
}

/// Pairs (imported, current) of unmatched rooms that overlap by at least [`MIN_OVERLAP`] of
/// their union, best overlap first, each room used once.
fn overlap_matches(
    current: &[Room],
    imported: &[Room],
    matched: &[Option<(usize, MatchBy)>],
    taken: &[bool],
) -> Vec<(usize, usize)> {
    let free_current: Vec<usize> = (0..current.len())
        .filter(|j| !taken.get(*j).copied().unwrap_or(true))
        .collect();
    if free_current.is_empty() {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    for (i, room) in imported.iter().enumerate() {
        if matched.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let Some(a) = room.polygon.bounding_rect() else {
            continue;
        };
        for &j in &free_current {
            let Some(other) = current.get(j) else {
                continue;
            };
            let Some(b) = other.polygon.bounding_rect() else {
                continue;
            };
            let apart = a.max().x < b.min().x
                || b.max().x < a.min().x
                || a.max().y < b.min().y
                || b.max().y < a.min().y;
            if apart {
                continue;
            }
            let share = overlap_share(&room.polygon, &other.polygon);
            if share >= MIN_OVERLAP {
                candidates.push((share, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut used_i = std::collections::HashSet::new();
    let mut used_j = std::collections::HashSet::new();
    candidates
        .into_iter()
        .filter(|(_, i, j)| {
            if used_i.contains(i) || used_j.contains(j) {
                return false;
            }
            used_i.insert(*i);
            used_j.insert(*j);
            true
        })
        .map(|(_, i, j)| (i, j))
        .collect()
}

/// Intersection over union of two polygons' areas.
fn overlap_share(a: &PlanPolygon, b: &PlanPolygon) -> f64 {
    let common = a.intersection(b).unsigned_area();
    let union = a.unsigned_area() + b.unsigned_area() - common;
    if union > 0.0 { common / union } else { 0.0 }
}

/// Whether two polygons have the same rings (any start vertex, either direction, holes in
/// any order), vertex by vertex within [`SAME_POINT_M`].
pub fn same_shape(a: &PlanPolygon, b: &PlanPolygon) -> bool {
    if a.interiors().len() != b.interiors().len() || !same_ring(a.exterior(), b.exterior()) {
        return false;
    }
    let mut free: Vec<&LineString<f64>> = b.interiors().iter().collect();
    for hole in a.interiors() {
        match free.iter().position(|h| same_ring(hole, h)) {
            Some(k) => {
                free.swap_remove(k);
            }
            None => return false,
        }
    }
    true
}

fn same_ring(a: &LineString<f64>, b: &LineString<f64>) -> bool {
    let a = open_vertices(a);
    let b = open_vertices(b);
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let Some(first) = a.first() else {
        return true;
    };
    let close = |p: &Coord<f64>, q: &Coord<f64>| (p.x - q.x).hypot(p.y - q.y) <= SAME_POINT_M;
    (0..n)
        .filter(|k| b.get(*k).is_some_and(|q| close(first, q)))
        .any(|k| {
            let forward = (0..n).all(|s| match (a.get(s), b.get((k + s) % n)) {
                (Some(p), Some(q)) => close(p, q),
                _ => false,
            });
            let backward = (0..n).all(|s| match (a.get(s), b.get((k + n - s) % n)) {
                (Some(p), Some(q)) => close(p, q),
                _ => false,
            });
            forward || backward
        })
}

fn open_vertices(ring: &LineString<f64>) -> &[Coord<f64>] {
    let coords = ring.0.as_slice();
    match (coords.first(), coords.last()) {
        (Some(f), Some(l)) if coords.len() > 1 && f == l => {
            coords.get(..coords.len() - 1).unwrap_or(coords)
        }
        _ => coords,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RoomCategory, RoomStatus};
    use geo::polygon;

    fn room(number: &str, x0: f64, w: f64) -> Room {
        Room {
            uuid: Uuid::now_v7(),
            floor: Uuid::nil(),
            number: number.into(),
            name: format!("{number} name"),
            category: RoomCategory::Office,
            sub_use: String::new(),
            status: RoomStatus::InUse,
            status_since: None,
            surveyed_area_m2: None,
            units: vec![],
            note: String::new(),
            polygon: polygon![(x: x0, y: 0.0), (x: x0 + w, y: 0.0), (x: x0 + w, y: 4.0), (x: x0, y: 4.0)],
        }
    }

    #[test]
    fn renumbered_room_is_matched_by_overlap_and_keeps_its_uuid() {
        let mut old = room("301", 0.0, 3.0);
        old.status = RoomStatus::Idle;
        let gone = room("399", 20.0, 3.0);
        // The drawing calls it 301A and moved one wall by 10 cm: overlap 3.0/3.1 = 0.97.
        let new = room("301A", 0.0, 3.1);
        let (rooms, diff) = reconcile(&[old.clone(), gone], &[new]);
        assert_eq!(rooms[0].uuid, old.uuid);
        assert_eq!(rooms[0].status, RoomStatus::Idle);
        assert_eq!(rooms[0].number, "301A");
        assert_eq!(rooms[0].name, "301A name", "the label's name wins");
        assert_eq!(diff.renumbered, vec![("301".to_owned(), "301A".to_owned())]);
        assert_eq!(diff.changed, vec!["301A"]);
        assert_eq!(diff.removed, vec!["399"]);
    }

    #[test]
    fn unlabelled_room_keeps_the_current_number() {
        let old = room("305", 0.0, 3.0);
        let mut new = room("#2A0", 0.0, 3.0);
        new.name.clear();
        let (rooms, diff) = reconcile(std::slice::from_ref(&old), &[new]);
        assert_eq!(
            (rooms[0].number.as_str(), rooms[0].name.as_str()),
            ("305", "305 name")
        );
        assert_eq!(diff.unchanged, 1);
        assert!(diff.renumbered.is_empty());
    }

    #[test]
    fn all_new_is_the_comparison_with_an_empty_floor() {
        let imported = [room("101", 0.0, 3.0), room("102", 4.0, 3.0)];
        assert_eq!(FloorDiff::all_new(&imported), reconcile(&[], &imported).1);
        assert_eq!(FloorDiff::all_new(&imported).new, ["101", "102"]);
    }

    #[test]
    fn a_room_far_away_is_new() {
        let (_, diff) = reconcile(&[room("1", 0.0, 3.0)], &[room("2", 10.0, 3.0)]);
        assert_eq!((diff.new.len(), diff.removed.len()), (1, 1));
    }

    #[test]
    fn same_shape_ignores_start_and_direction() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.0), (x: 0.0, y: 4.0)];
        let b = polygon![(x: 3.0, y: 4.0), (x: 3.0, y: 0.001), (x: 0.0, y: 0.0), (x: 0.0, y: 4.0)];
        assert!(same_shape(&a, &b));
        let c = polygon![(x: 0.0, y: 0.0), (x: 3.1, y: 0.0), (x: 3.1, y: 4.0), (x: 0.0, y: 4.0)];
        assert!(!same_shape(&a, &c));
    }
}
