//! A drawing → the rooms of one floor and the report of what was found: outlines from the
//! room layers (holes from nesting and from hole layers), labels matched to the room that
//! contains them, units from the header or the person, and every refusal named by place.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use geo::orient::{Direction, Orient as _};
use geo::{BoundingRect as _, InteriorPoint as _, Polygon};

use super::diff::PROVISIONAL_PREFIX;
use super::drawing::{Drawing, Entity, Shape};
use super::label::{Label, LabelSource, collect_labels, rooms_of_labels, same_name};
use super::label_text::NumberPattern;
use super::name_rules::NameRules;
use super::nesting::{Ring, nest};
use super::outline::{CLOSE_TOLERANCE_M, RingOutcome, ring_from_polyline};
use super::report::{Finding, FindingKind, ImportReport};
use super::units::{
    DrawingUnit, MAX_FLOOR_EXTENT_M, MAX_ROOM_M2, MIN_FLOOR_EXTENT_M, MIN_ROOM_M2, UnitsSource,
};
use crate::analysis::{GeometryProblem, area::round_m2, room_area, validate_polygon};
use crate::io::{InputError, InputProblem};
use crate::model::{Room, RoomCategory, RoomStatus, Uuid, today};

/// What to import from a drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct DxfOptions {
    /// Layers whose closed polylines are room outlines (and, nested, their holes).
    pub room_layers: Vec<String>,
    /// Layers whose closed polylines are only ever holes (columns): subtracted from the room
    /// they stand in, ignored elsewhere.
    pub hole_layers: Vec<String>,
    /// Where room numbers and names come from.
    pub labels: LabelSource,
    /// The drawing unit; `None` takes `$INSUNITS` (or guesses for a unitless drawing).
    pub units: Option<DrawingUnit>,
    /// An open polyline whose ends are at most this far apart is closed, m.
    pub close_tolerance_m: f64,
    /// The category of a new room whose name no rule recognises (办公室 unless chosen).
    pub default_category: RoomCategory,
    /// The status of every new room (在用 unless chosen; 闲置 is idle since the import).
    pub default_status: RoomStatus,
    /// Name → category rules (走廊, 卫生间, 配电室 …; see [`super::name_rules`]).
    pub name_rules: NameRules,
    /// Which word of a room's texts is its number.
    pub number_pattern: NumberPattern,
    /// Layers of wall lines: the faces they enclose are rooms too ([`super::walls`]).
    pub wall_layers: Vec<String>,
    /// The widest door opening closed between walls, m.
    pub door_width_m: f64,
}

impl Default for DxfOptions {
    fn default() -> Self {
        Self {
            room_layers: Vec::new(),
            hole_layers: Vec::new(),
            labels: LabelSource::None,
            units: None,
            close_tolerance_m: CLOSE_TOLERANCE_M,
            default_category: RoomCategory::Office,
            default_status: RoomStatus::InUse,
            name_rules: NameRules::default(),
            number_pattern: NumberPattern::default(),
            wall_layers: Vec::new(),
            door_width_m: super::walls::DEFAULT_DOOR_WIDTH_M,
        }
    }
}

/// The rooms read from a drawing (not yet written anywhere) and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct DxfImport {
    /// New rooms of the floor: number and name from the label, the category the name rules
    /// give (else the default category) and the default status, a fresh UUID (matching to the floor's current rooms happens in
    /// [`super::diff::reconcile`]).
    pub rooms: Vec<Room>,
    pub report: ImportReport,
    /// Numbers (`#W…`) of the rooms that are unlabelled faces between walls: candidates the
    /// planner accepts, merges or drops before the import ([`super::candidates`]).
    pub candidates: Vec<String>,
}

/// Turns a read drawing into rooms. Refused whole, with each problem named by layer and
/// entity handle: an unknown layer or block, implausible units, a self-intersecting outline.
pub fn import_drawing(
    path: &Path,
    drawing: &Drawing,
    options: &DxfOptions,
    floor: Uuid,
) -> Result<DxfImport, InputError> {
    import_owned(path, drawing.clone(), options, floor)
}

/// [`import_drawing`] of a drawing that is given up (read for this import only): its
/// entities are moved into the exploded drawing instead of copied.
pub fn import_owned(
    path: &Path,
    drawing: Drawing,
    options: &DxfOptions,
    floor: Uuid,
) -> Result<DxfImport, InputError> {
    refuse_blocks_only(path, &drawing)?;
    // What the drawing holds that is not read, counted once on the drawing as it is (the
    // exploded one repeats a block's contents for every INSERT of it).
    let skipped = {
        let chosen: Vec<&String> = options
            .room_layers
            .iter()
            .chain(&options.hole_layers)
            .chain(&options.wall_layers)
            .collect();
        super::report::Skipped::of(&drawing, &chosen)
    };
    // Outlines and labels drawn inside blocks count where their INSERTs place them.
    // A HATCH's boundary paths are outlines like closed polylines.
    let mut exploded = super::blocks::explode_owned(drawing);
    exploded.entities = hatch_boundaries(std::mem::take(&mut exploded.entities));
    check_names(path, &exploded, options)?;
    // Rooms from walls: the faces, in a unit fixed by finding them.
    let fixed_unit = if options.wall_layers.is_empty() {
        None
    } else {
        let (faces, unit, source) = wall_faces(path, &exploded, options)?;
        exploded.entities.extend(faces);
        Some((unit, source))
    };
    let drawing = &exploded;
    let on = |layers: &[String], layer: &str| layers.iter().any(|l| same_name(l, layer));
    // Polylines of the room and hole layers (and faces between walls), in file order.
    let outlines: Vec<(usize, bool)> = drawing
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.shape, Shape::Polyline { .. }))
        .filter_map(|(i, e)| {
            if e.kind == super::walls::REST_KIND || e.kind == super::walls::REST_HOLE_KIND {
                // Built with their holes below, never nested: a face a rest piece
                // surrounds is a room of its own, not the piece's hole.
                None
            } else if super::walls::is_face(&e.kind) || on(&options.room_layers, &e.layer) {
                Some((i, false))
            } else if e.kind == super::walls::COLUMN_KIND || on(&options.hole_layers, &e.layer) {
                Some((i, true))
            } else {
                None
            }
        })
        .collect();
    let (unit, units_source) = choose_unit(path, drawing, options, &outlines, fixed_unit)?;

    let mut findings = Vec::new();
    let mut problems = Vec::new();
    let mut rings: Vec<Ring> = Vec::new();
    // For each ring: the entity it came from.
    let mut ring_entity: Vec<usize> = Vec::new();
    for &(i, hole_only) in &outlines {
        let Some(entity) = drawing.entities.get(i) else {
            continue;
        };
        let Shape::Polyline { vertices, closed } = &entity.shape else {
            continue;
        };
        let first = vertices.first().map_or([0.0, 0.0], |v| {
            [unit.to_metres(v.at.x), unit.to_metres(v.at.y)]
        });
        let finding = |kind, text: String| Finding {
            kind,
            handle: entity.handle.clone(),
            layer: entity.layer.clone(),
            text,
            at: first,
        };
        match ring_from_polyline(vertices, *closed, unit, options.close_tolerance_m) {
            RingOutcome::Unclosed { gap_m } => {
                let gap = if gap_m.is_finite() {
                    format!("{gap_m:.3}")
                } else {
                    String::new()
                };
                findings.push(finding(FindingKind::Unclosed, gap));
            }
            RingOutcome::Closed { ring, gap_m } => {
                match validate_polygon(&Polygon::new(ring.clone(), Vec::new())) {
                    Ok(()) => {}
                    Err(GeometryProblem::TooFewPoints { .. } | GeometryProblem::ZeroArea) => {
                        findings.push(finding(FindingKind::Degenerate, String::new()));
                        continue;
                    }
                    Err(problem) => {
                        problems.push(InputProblem {
                            place: entity_place(&entity.layer, &entity.handle),
                            message: problem.to_string(),
                        });
                        continue;
                    }
                }
                if let Some(gap) = gap_m {
                    findings.push(finding(
                        FindingKind::ClosedWithinTolerance,
                        format!("{gap:.3}"),
                    ));
                }
                rings.push(Ring { ring, hole_only });
                ring_entity.push(i);
            }
        }
    }
    if !problems.is_empty() {
        return Err(InputError {
            path: path.to_path_buf(),
            problems,
        });
    }

    let nesting = nest(&rings);
    let entity_of = |ring: usize| ring_entity.get(ring).and_then(|i| drawing.entities.get(*i));
    for (kind, list) in [
        (FindingKind::DuplicateOutline, &nesting.duplicates),
        (FindingKind::StrayHole, &nesting.stray_holes),
    ] {
        for &r in list {
            if let (Some(e), Some(ring)) = (entity_of(r), rings.get(r)) {
                let at = ring.ring.0.first().map_or([0.0, 0.0], |c| [c.x, c.y]);
                findings.push(Finding {
                    kind,
                    handle: e.handle.clone(),
                    layer: e.layer.clone(),
                    text: String::new(),
                    at,
                });
            }
        }
    }
    let mut polygons = Vec::with_capacity(nesting.rooms.len());
    let mut room_entities: Vec<&Entity> = Vec::with_capacity(nesting.rooms.len());
    let mut holes = 0;
    for (outer, inner) in &nesting.rooms {
        let (Some(e), Some(ring)) = (entity_of(*outer), rings.get(*outer)) else {
            continue;
        };
        let interiors: Vec<_> = inner
            .iter()
            .filter_map(|h| rings.get(*h).map(|r| r.ring.clone()))
            .collect();
        holes += interiors.len();
        let polygon = Polygon::new(ring.ring.clone(), interiors).orient(Direction::Default);
        if let Err(problem) = validate_polygon(&polygon) {
            problems.push(InputProblem {
                place: entity_place(&e.layer, &e.handle),
                message: problem.to_string(),
            });
        }
        polygons.push(polygon);
        room_entities.push(e);
    }
    if !problems.is_empty() {
        return Err(InputError {
            path: path.to_path_buf(),
            problems,
        });
    }
    for (entity, polygon) in rest_polygons(&drawing.entities, unit) {
        polygons.push(polygon);
        room_entities.push(entity);
    }

    let (labels, empty_labels) =
        collect_labels(drawing, &options.labels, unit, &options.number_pattern);
    for label in &empty_labels {
        findings.push(Finding {
            kind: FindingKind::EmptyLabel,
            handle: label.handle.clone(),
            layer: label.layer.clone(),
            text: label.name.clone(),
            at: [label.at.x, label.at.y],
        });
    }
    let homes = rooms_of_labels(&polygons, &labels);
    // Labels per room, in file order.
    let mut in_room: Vec<Vec<usize>> = vec![Vec::new(); polygons.len()];
    let mut orphan_labels = Vec::new();
    let mut count_by_number: HashMap<&str, usize> = HashMap::new();
    for (k, (label, home)) in labels.iter().zip(&homes).enumerate() {
        match home.and_then(|r| in_room.get_mut(r)) {
            Some(list) => {
                list.push(k);
                if !label.number.is_empty() {
                    *count_by_number.entry(label.number.as_str()).or_insert(0) += 1;
                }
            }
            None => {
                let text = label_text(label);
                orphan_labels.push(text.clone());
                findings.push(Finding {
                    kind: FindingKind::OrphanLabel,
                    handle: label.handle.clone(),
                    layer: label.layer.clone(),
                    text,
                    at: [label.at.x, label.at.y],
                });
            }
        }
    }
    let mut duplicate_labels: Vec<String> = Vec::new();
    for label in &labels {
        if count_by_number
            .get(label.number.as_str())
            .copied()
            .unwrap_or(0)
            > 1
            && !duplicate_labels.contains(&label.number)
        {
            duplicate_labels.push(label.number.clone());
        }
    }
    let mut taken: HashSet<String> = labels
        .iter()
        .filter(|l| !l.number.is_empty())
        .map(|l| l.number.clone())
        .collect();
    let mut chosen_numbers: HashSet<String> = HashSet::new();
    let mut rooms = Vec::with_capacity(polygons.len());
    // The entity of each room (faces of the half width and rest pieces may complete a
    // labelled room's stated area), and the unlabelled rest pieces, which are no rooms.
    let mut sources: Vec<&Entity> = Vec::with_capacity(polygons.len());
    let mut rests: Vec<Room> = Vec::new();
    let mut unlabelled_rooms = Vec::new();
    let mut candidates = Vec::new();
    let mut numbers_from_names = Vec::new();
    for ((polygon, entity), label_ids) in polygons.into_iter().zip(&room_entities).zip(&in_room) {
        let in_this: Vec<&Label> = label_ids.iter().filter_map(|k| labels.get(*k)).collect();
        let chosen = in_this
            .iter()
            .copied()
            .find(|l| !l.number.is_empty() && !chosen_numbers.contains(&l.number));
        for other in in_this.iter().filter(|l| !l.number.is_empty()) {
            let kind = if chosen.is_some_and(|c| std::ptr::eq(c, *other)) {
                continue;
            } else if duplicate_labels.contains(&other.number) {
                FindingKind::DuplicateLabel
            } else {
                FindingKind::ExtraLabel
            };
            findings.push(Finding {
                kind,
                handle: other.handle.clone(),
                layer: other.layer.clone(),
                text: other.number.clone(),
                at: [other.at.x, other.at.y],
            });
        }
        // The name: the numbered label's own, else the first name-only text in the room.
        let name = chosen
            .map(|l| l.name.clone())
            .filter(|n| !n.is_empty())
            .or_else(|| {
                in_this
                    .iter()
                    .find(|l| l.number.is_empty() && !l.name.is_empty())
                    .map(|l| l.name.clone())
            })
            .unwrap_or_default();
        let surveyed = in_this.iter().find_map(|l| l.area_m2);
        // An unlabelled rest piece is no room: kept apart for completing labelled ones.
        let rest = entity.kind == super::walls::REST_KIND && chosen.is_none() && name.is_empty();
        let area = room_area(&polygon);
        let at = || {
            polygon
                .interior_point()
                .map_or([0.0, 0.0], |p| [p.x(), p.y()])
        };
        let number = match chosen {
            Some(label) => {
                chosen_numbers.insert(label.number.clone());
                label.number.clone()
            }
            // Named but not numbered (卧室, 会议室): the name is the number, with -2, -3 …
            // when another room already has it.
            None if !name.is_empty() => {
                let mut number = name.clone();
                let mut k = 2;
                while taken.contains(&number) {
                    number = format!("{name}-{k}");
                    k += 1;
                }
                taken.insert(number.clone());
                chosen_numbers.insert(number.clone());
                numbers_from_names.push(number.clone());
                findings.push(Finding {
                    kind: FindingKind::NumberFromName,
                    handle: entity.handle.clone(),
                    layer: entity.layer.clone(),
                    text: number.clone(),
                    at: at(),
                });
                number
            }
            None if rest => format!("{PROVISIONAL_PREFIX}{}", entity.handle),
            None => {
                let number = format!("{PROVISIONAL_PREFIX}{}", entity.handle);
                unlabelled_rooms.push(number.clone());
                if super::walls::is_face(&entity.kind) {
                    candidates.push(number.clone());
                }
                findings.push(Finding {
                    kind: FindingKind::UnlabelledRoom,
                    handle: entity.handle.clone(),
                    layer: entity.layer.clone(),
                    text: number.clone(),
                    at: at(),
                });
                number
            }
        };
        if let Some(surveyed) = surveyed
            && area_differs(surveyed, area)
            && !rest
        {
            findings.push(Finding {
                kind: FindingKind::SurveyedAreaDiffers,
                handle: entity.handle.clone(),
                layer: entity.layer.clone(),
                text: format!("{number}: {surveyed:.2} / {:.2}", round_m2(area)),
                at: at(),
            });
        }
        let category = options
            .name_rules
            .category_of(&name)
            .unwrap_or(options.default_category);
        let room = Room {
            uuid: Uuid::now_v7(),
            floor,
            number,
            name,
            category,
            sub_use: String::new(),
            status: options.default_status,
            status_since: (options.default_status == RoomStatus::Idle).then(today),
            polygon,
            surveyed_area_m2: surveyed,
            units: Vec::new(),
            note: String::new(),
        };
        if rest {
            rests.push(room);
        } else {
            rooms.push(room);
            sources.push(entity);
        }
    }
    complete_surveyed_rooms(
        &mut rooms,
        &sources,
        rests,
        &mut candidates,
        &mut unlabelled_rooms,
        &mut findings,
    );
    let total_area: f64 = rooms.iter().map(|r| room_area(&r.polygon)).sum();
    let handles = |kind: FindingKind| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.handle.clone())
            .collect()
    };
    let report = ImportReport {
        version: drawing.version.clone(),
        encoding: drawing.encoding.to_owned(),
        units: unit,
        units_source,
        rooms: rooms.len(),
        holes,
        labels: labels.len(),
        labels_matched: labels.len() - orphan_labels.len(),
        unclosed: handles(FindingKind::Unclosed),
        closed_within_tolerance: handles(FindingKind::ClosedWithinTolerance),
        degenerate: handles(FindingKind::Degenerate),
        orphan_labels,
        duplicate_labels,
        unlabelled_rooms,
        numbers_from_names,
        skipped,
        total_area_m2: round_m2(total_area),
        findings,
    };
    Ok(DxfImport {
        rooms,
        report,
        candidates,
    })
}

/// The rest pieces between walls ([`super::walls::REST_KIND`]) as polygons in plan metres,
/// each with its holes (the faces and cores it surrounds), outside the nesting of outlines.
fn rest_polygons(entities: &[Entity], unit: DrawingUnit) -> Vec<(&Entity, Polygon)> {
    let ring = |e: &Entity| match &e.shape {
        Shape::Polyline { vertices, .. } => {
            match ring_from_polyline(vertices, true, unit, CLOSE_TOLERANCE_M) {
                RingOutcome::Closed { ring, .. } => Some(ring),
                RingOutcome::Unclosed { .. } => None,
            }
        }
        _ => None,
    };
    let mut holes: HashMap<&str, Vec<geo::LineString<f64>>> = HashMap::new();
    for e in entities
        .iter()
        .filter(|e| e.kind == super::walls::REST_HOLE_KIND)
    {
        if let (Some((parent, _)), Some(r)) = (e.handle.rsplit_once(".H"), ring(e)) {
            holes.entry(parent).or_default().push(r);
        }
    }
    entities
        .iter()
        .filter(|e| e.kind == super::walls::REST_KIND)
        .filter_map(|e| {
            let inner = holes.remove(e.handle.as_str()).unwrap_or_default();
            let polygon = Polygon::new(ring(e)?, inner).orient(Direction::Default);
            validate_polygon(&polygon).ok().map(|()| (e, polygon))
        })
        .collect()
}

/// A labelled room whose stated area (its area text) the walls found only a part of — a
/// kitchen cut by its counters into a strip between them, the counters and the gaps around
/// an island — is joined with the unlabelled pieces that touch it and bring it to the stated
/// area: faces found only at half the door width and rest pieces, never a face of the door
/// width (a hall is a room of its own). Pieces are taken largest gain first while the sum
/// stays within the stated area's tolerance, and the join is kept only when the room then
/// agrees with its text; each join is a finding, so the report says what was guessed.
/// The pieces taken are no candidates any more; rest pieces not taken are no rooms.
fn complete_surveyed_rooms(
    rooms: &mut Vec<Room>,
    sources: &[&Entity],
    rests: Vec<Room>,
    candidates: &mut Vec<String>,
    unlabelled_rooms: &mut Vec<String>,
    findings: &mut Vec<Finding>,
) {
    struct Piece {
        number: String,
        polygon: Polygon,
        area: f64,
        bounds: Option<geo::Rect<f64>>,
    }
    let piece = |r: &Room| Piece {
        number: r.number.clone(),
        area: room_area(&r.polygon),
        bounds: r.polygon.bounding_rect(),
        polygon: r.polygon.clone(),
    };
    let is_candidate = |n: &str| candidates.iter().any(|c| c == n);
    let pool: Vec<Piece> = rooms
        .iter()
        .zip(sources)
        .filter(|(r, e)| e.kind == super::walls::NARROW_FACE_KIND && is_candidate(&r.number))
        .map(|(r, _)| piece(r))
        .chain(rests.iter().map(piece))
        .collect();
    if pool.is_empty() {
        return;
    }
    let near = |a: Option<geo::Rect<f64>>, b: Option<geo::Rect<f64>>| match (a, b) {
        (Some(a), Some(b)) => {
            let gap = JOIN_GAP_M;
            a.min().x <= b.max().x + gap
                && b.min().x <= a.max().x + gap
                && a.min().y <= b.max().y + gap
                && b.min().y <= a.max().y + gap
        }
        _ => false,
    };
    let mut used = vec![false; pool.len()];
    let mut joined_away: HashSet<String> = HashSet::new();
    // The entities of the rooms completed: their "area differs" findings are void.
    let mut completed: HashSet<&str> = HashSet::new();
    for (room, source) in rooms.iter_mut().zip(sources) {
        let Some(stated) = room.surveyed_area_m2 else {
            continue;
        };
        let mut area = room_area(&room.polygon);
        if is_candidate(&room.number) || area >= stated || !area_differs(stated, area) {
            continue;
        }
        let own = area;
        let most = stated + (SURVEYED_DIFFERENCE_SHARE * stated).max(SURVEYED_DIFFERENCE_M2);
        let mut outline = room.polygon.clone();
        let mut taken: Vec<usize> = Vec::new();
        loop {
            let bounds = outline.bounding_rect();
            let mut best: Option<(usize, f64, Polygon)> = None;
            for (k, p) in pool.iter().enumerate() {
                // A piece of the room is smaller than what was found of it; a corridor
                // beside an apartment's living room is not part of it.
                let free =
                    !used.get(k).copied().unwrap_or(true) && !taken.contains(&k) && p.area < own;
                let miss = (stated - area - p.area).abs();
                if !free
                    || area + p.area > most
                    || !near(bounds, p.bounds)
                    || best.as_ref().is_some_and(|(_, m, _)| *m <= miss)
                {
                    continue;
                }
                if let Some(j) = joined(&outline, &p.polygon, area + p.area) {
                    best = Some((k, miss, j));
                }
            }
            match best {
                Some((k, miss, j)) if miss < (stated - area).abs() => {
                    taken.push(k);
                    area += pool.get(k).map_or(0.0, |p| p.area);
                    outline = j;
                }
                _ => break,
            }
        }
        if taken.is_empty() || area_differs(stated, area) {
            continue;
        }
        let mut parts = vec![format!("{:.2}", round_m2(own))];
        for &k in &taken {
            if let (Some(u), Some(p)) = (used.get_mut(k), pool.get(k)) {
                *u = true;
                joined_away.insert(p.number.clone());
                parts.push(format!("{} {:.2}", p.number, round_m2(p.area)));
            }
        }
        room.polygon = outline;
        completed.insert(source.handle.as_str());
        findings.push(Finding {
            kind: FindingKind::SurveyedAreaCompleted,
            handle: String::new(),
            layer: String::new(),
            text: format!(
                "{}: {} = {:.2} / {stated:.2}",
                room.number,
                parts.join(" + "),
                round_m2(area)
            ),
            at: room
                .polygon
                .interior_point()
                .map_or([0.0, 0.0], |p| [p.x(), p.y()]),
        });
    }
    if joined_away.is_empty() {
        return;
    }
    rooms.retain(|r| !joined_away.contains(&r.number));
    candidates.retain(|n| !joined_away.contains(n));
    unlabelled_rooms.retain(|n| !joined_away.contains(n));
    findings.retain(|f| match f.kind {
        FindingKind::UnlabelledRoom => !joined_away.contains(&f.text),
        FindingKind::SurveyedAreaDiffers => !completed.contains(f.handle.as_str()),
        _ => true,
    });
}

/// Pieces between walls whose outlines are this far apart still touch (i_overlay's
/// rounding of faces grown back onto the same wall line from either side), m.
const JOIN_GAP_M: f64 = 0.01;

/// The union of a room and a piece that touches it along an edge, when it is one polygon of
/// the sum of their areas (`sum`): touching exactly, or across a hair's gap left by rounding.
fn joined(a: &Polygon, b: &Polygon, sum: f64) -> Option<Polygon> {
    let pair = [a.clone(), b.clone()];
    let union = crate::analysis::edit_geometry::merge(&pair)
        .ok()
        .or_else(|| super::candidates::bridged_by(&pair, JOIN_GAP_M).ok())?;
    let area = room_area(&union);
    ((area - sum).abs() <= super::candidates::MERGE_AREA_TOLERANCE_M2 * 2.0).then_some(union)
}

/// A label as the report lists it: number and name, or the area it states.
fn label_text(label: &Label) -> String {
    let mut parts: Vec<String> = [&label.number, &label.name]
        .into_iter()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect();
    if let Some(a) = label.area_m2 {
        parts.push(format!("{a} m²"));
    }
    parts.join(" ")
}

/// A surveyed area (the drawing's area text) differs from the outline's when they are more
/// than 5 % and more than 0.5 m² apart (a text rounded to 0.1 m² on a small room is not).
pub const SURVEYED_DIFFERENCE_SHARE: f64 = 0.05;
pub const SURVEYED_DIFFERENCE_M2: f64 = 0.5;

fn area_differs(surveyed: f64, area: f64) -> bool {
    let gap = (surveyed - area).abs();
    gap > SURVEYED_DIFFERENCE_M2 && gap > SURVEYED_DIFFERENCE_SHARE * area.max(surveyed)
}

fn entity_place(layer: &str, handle: &str) -> String {
    crate::t!("dxf.place.entity", layer = layer, handle = handle).into_owned()
}

/// The faces the wall layers enclose ([`super::walls::faces`]) with the unit they were found
/// in: the user's, the header's, or for a unitless drawing the first unit (imperial ones
/// first for an imperial drawing) in which the walls span a plausible floor and the faces
/// are plausible rooms — the door width is in metres, so the unit must be known first.
fn wall_faces(
    path: &Path,
    drawing: &Drawing,
    options: &DxfOptions,
) -> Result<(Vec<Entity>, DrawingUnit, UnitsSource), InputError> {
    let layers = &options.wall_layers;
    let place = || {
        crate::t!(
            "dxf.place.layer",
            layer = layers.join(&crate::t!("check.separator"))
        )
        .into_owned()
    };
    let none = || {
        InputError::single(
            path,
            place(),
            crate::t!(
                "dxf.no_wall_faces",
                layers = layers.join(&crate::t!("check.separator")),
                door = options.door_width_m
            ),
        )
    };
    let find = |unit: DrawingUnit| {
        let m = unit.metres();
        super::walls::faces(
            &drawing.entities,
            layers,
            options.door_width_m / m,
            super::walls::MIN_FACE_M2 / (m * m),
            super::walls::THICKEST_WALL_M / m,
        )
    };
    let known = match (options.units, drawing.insunits) {
        (Some(unit), _) => Some((unit, UnitsSource::User)),
        (None, Some(code)) if code != 0 => match DrawingUnit::from_insunits(code) {
            Some(unit) => Some((unit, UnitsSource::Header)),
            None => {
                return Err(InputError::single(
                    path,
                    crate::t!("dxf.place.units"),
                    crate::t!("dxf.unsupported_units", code = code),
                ));
            }
        },
        _ => None,
    };
    let extent = super::walls::wall_extent(&drawing.entities, layers).ok_or_else(none)?;
    // A unit in which the door width spans more than a share of the walls' extent is not the
    // drawing's (an inch plan read in mm): its closing would stroke every wall line as wide
    // as the building, which takes long and finds nothing.
    let door_fits = |unit: DrawingUnit| {
        options.door_width_m / unit.metres() <= super::walls::MAX_DOOR_SHARE * extent
    };
    let order = if drawing.measurement == Some(0) {
        DrawingUnit::IMPERIAL_FIRST
    } else {
        DrawingUnit::ALL
    };
    // The areas the unit is judged on: the faces of the door width (the rooms; those of half
    // of it are often pieces of one, a kitchen's counters, and rest pieces are no rooms
    // unless labelled), or all faces when the door width found none.
    let areas_of = |faces: &[Entity]| {
        let wide = faces.iter().any(|f| f.kind == super::walls::FACE_KIND);
        let outlines: Vec<(usize, bool)> = faces
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.kind == super::walls::FACE_KIND
                    || f.kind == super::walls::COLUMN_KIND
                    || (!wide && f.kind == super::walls::NARROW_FACE_KIND)
            })
            .map(|(i, f)| (i, f.kind == super::walls::COLUMN_KIND))
            .collect();
        outline_areas(faces, &outlines)
    };
    // The unit in which the walls enclose the most plausible rooms, of those tried.
    let best_of = |units: &mut dyn Iterator<Item = DrawingUnit>| {
        let mut best: Option<(Vec<Entity>, DrawingUnit, usize)> = None;
        for unit in units.filter(|u| u.fits(extent) && door_fits(*u)) {
            let faces = find(unit);
            let areas = areas_of(&faces);
            if faces.is_empty() || !unit.rooms_fit(&areas) {
                continue;
            }
            let n = unit.plausible_rooms(&areas);
            if best.as_ref().is_none_or(|(_, _, m)| n > *m) {
                best = Some((faces, unit, n));
            }
        }
        best
    };
    if let Some((unit, source)) = known {
        if door_fits(unit) {
            let faces = find(unit);
            if !faces.is_empty() && unit.rooms_fit(&areas_of(&faces)) {
                return Ok((faces, unit, source));
            }
        }
        // Nothing plausible in the stated unit: say which unit would give rooms.
        let other = best_of(&mut order.into_iter().filter(|u| *u != unit));
        return Err(match other {
            Some((faces, better, n)) => InputError::single(
                path,
                crate::t!("dxf.place.units"),
                crate::t!(
                    "dxf.walls_other_unit",
                    units = unit.code(),
                    better = better.code(),
                    faces = areas_of(&faces).len(),
                    plausible = n
                ),
            ),
            None => none(),
        });
    }
    best_of(&mut order.into_iter())
        .map(|(faces, unit, _)| (faces, unit, UnitsSource::Guessed))
        .ok_or_else(none)
}

/// Each HATCH replaced by its boundary paths as closed polylines of the same layer: the
/// first keeps the HATCH's handle, the next ones `HANDLE#2`, `HANDLE#3` … (an island in a
/// fill is a hole of the room, found by nesting like any ring inside another). A HATCH
/// without a boundary path is dropped.
fn hatch_boundaries(entities: Vec<Entity>) -> Vec<Entity> {
    let mut out = Vec::with_capacity(entities.len());
    for e in entities {
        match e.shape {
            Shape::Hatch { loops } => {
                for (k, ring) in loops.into_iter().enumerate() {
                    out.push(Entity {
                        handle: if k == 0 {
                            e.handle.clone()
                        } else {
                            format!("{}#{}", e.handle, k + 1)
                        },
                        layer: e.layer.clone(),
                        kind: e.kind.clone(),
                        shape: Shape::Polyline {
                            vertices: ring,
                            closed: true,
                        },
                    });
                }
            }
            shape => out.push(Entity { shape, ..e }),
        }
    }
    out
}

/// A drawing whose model space is empty while its blocks hold entities (a block library,
/// or a plan saved as blocks without an INSERT): said as such, naming the blocks, instead of
/// "no room layer".
fn refuse_blocks_only(path: &Path, drawing: &Drawing) -> Result<(), InputError> {
    if !drawing.entities.is_empty() {
        return Ok(());
    }
    let filled: Vec<String> = drawing
        .blocks
        .iter()
        .filter(|b| !b.name.starts_with('*') && !b.entities.is_empty())
        .map(|b| format!("{} ({})", b.name, b.entities.len()))
        .collect();
    if filled.is_empty() {
        return Ok(());
    }
    Err(InputError::single(
        path,
        crate::t!("input.document"),
        crate::t!(
            "dxf.blocks_only",
            blocks = filled.join(&crate::t!("check.separator"))
        ),
    ))
}

/// Every layer and block the options name must be in the drawing.
fn check_names(path: &Path, drawing: &Drawing, options: &DxfOptions) -> Result<(), InputError> {
    let known: Vec<&str> = {
        let mut names: Vec<&str> = drawing.layers.iter().map(|l| l.name.as_str()).collect();
        for e in &drawing.entities {
            if !names.iter().any(|n| *n == e.layer) {
                names.push(&e.layer);
            }
        }
        names
    };
    let separator = crate::t!("check.separator");
    let mut problems = Vec::new();
    let mut wanted: Vec<&String> = options
        .room_layers
        .iter()
        .chain(&options.hole_layers)
        .chain(&options.wall_layers)
        .collect();
    if let LabelSource::Text { layers } = &options.labels {
        wanted.extend(layers);
    }
    if options.room_layers.is_empty() && options.wall_layers.is_empty() {
        problems.push(InputProblem {
            place: crate::t!("dxf.place.options").into_owned(),
            message: crate::t!("dxf.no_room_layer", layers = known.join(&separator)).into_owned(),
        });
    }
    for layer in wanted {
        if !known.iter().any(|k| same_name(k, layer)) {
            problems.push(InputProblem {
                place: crate::t!("dxf.place.layer", layer = layer).into_owned(),
                message: crate::t!("dxf.unknown_layer", layers = known.join(&separator))
                    .into_owned(),
            });
        }
    }
    if let LabelSource::Block { name, .. } = &options.labels {
        let mut blocks: Vec<&str> = drawing.blocks.iter().map(|b| b.name.as_str()).collect();
        for e in &drawing.entities {
            if let Shape::Insert { block, .. } = &e.shape
                && !blocks.contains(&block.as_str())
            {
                blocks.push(block);
            }
        }
        if !blocks.iter().any(|b| same_name(b, name)) {
            // Anonymous blocks (*Model_Space, *D12 …) are no stamps: leave them out of the list.
            let named: Vec<&str> = blocks.into_iter().filter(|b| !b.starts_with('*')).collect();
            problems.push(InputProblem {
                place: crate::t!("dxf.place.block", block = name).into_owned(),
                message: crate::t!("dxf.unknown_block", blocks = named.join(&separator))
                    .into_owned(),
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InputError {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// The drawing unit, and a check that the outlines make a plausible floor in it.
fn choose_unit(
    path: &Path,
    drawing: &Drawing,
    options: &DxfOptions,
    outlines: &[(usize, bool)],
    fixed: Option<(DrawingUnit, UnitsSource)>,
) -> Result<(DrawingUnit, UnitsSource), InputError> {
    let place = || crate::t!("dxf.place.units").into_owned();
    let extent = outline_extent(drawing, outlines);
    let Some(extent) = extent else {
        return Err(InputError::single(
            path,
            crate::t!(
                "dxf.place.layer",
                layer = options.room_layers.join(&crate::t!("check.separator"))
            ),
            no_outlines_message(drawing, &options.room_layers),
        ));
    };
    // Faces between walls were judged when the walls fixed the unit (on the door width's
    // faces: a kitchen's counter pieces are no rooms to judge a unit by); the room layers'
    // outlines are judged here.
    let judged: Vec<(usize, bool)> = if fixed.is_some() {
        outlines
            .iter()
            .copied()
            .filter(|(i, _)| {
                drawing.entities.get(*i).is_some_and(|e| {
                    !super::walls::is_face(&e.kind) && e.kind != super::walls::COLUMN_KIND
                })
            })
            .collect()
    } else {
        outlines.to_vec()
    };
    let areas = outline_areas(&drawing.entities, &judged);
    let (unit, source) = match (fixed, options.units, drawing.insunits) {
        (Some(fixed), _, _) => fixed,
        (None, Some(unit), _) => (unit, UnitsSource::User),
        (None, None, Some(code)) if code != 0 => match DrawingUnit::from_insunits(code) {
            Some(unit) => (unit, UnitsSource::Header),
            None => {
                return Err(InputError::single(
                    path,
                    place(),
                    crate::t!("dxf.unsupported_units", code = code),
                ));
            }
        },
        _ => match DrawingUnit::guess_by_rooms(extent, &areas, drawing.measurement) {
            Some(unit) => (unit, UnitsSource::Guessed),
            None => {
                return Err(InputError::single(
                    path,
                    place(),
                    crate::t!("dxf.unguessable_units", extent = format!("{extent:.0}")),
                ));
            }
        },
    };
    // The unit that would make the rooms plausible, to suggest when this one does not.
    let suggestion = || {
        DrawingUnit::guess_by_rooms(extent, &areas, drawing.measurement)
            .filter(|u| *u != unit)
            .map(|u| crate::t!("dxf.try_units", units = u.code()).into_owned())
            .unwrap_or_default()
    };
    if !unit.fits(extent) {
        return Err(InputError::single(
            path,
            place(),
            crate::t!(
                "dxf.implausible_extent",
                units = unit.code(),
                extent = format!("{:.1}", unit.to_metres(extent)),
                min = MIN_FLOOR_EXTENT_M,
                max = MAX_FLOOR_EXTENT_M,
                suggestion = suggestion()
            ),
        ));
    }
    if !unit.rooms_fit(&areas) {
        let factor = unit.metres() * unit.metres();
        let mut sorted: Vec<f64> = areas.iter().map(|a| a * factor).collect();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        return Err(InputError::single(
            path,
            place(),
            crate::t!(
                "dxf.implausible_rooms",
                units = unit.code(),
                total = areas.len(),
                plausible = unit.plausible_rooms(&areas),
                min = MIN_ROOM_M2,
                max = MAX_ROOM_M2,
                median = format!("{median:.2}"),
                suggestion = suggestion()
            ),
        ));
    }
    Ok((unit, source))
}

/// "No polylines on the room layers", with what those layers do hold (a 3D polyline that
/// is not flat, lines), so a person sees why nothing was taken.
fn no_outlines_message(drawing: &Drawing, layers: &[String]) -> String {
    let mut found: Vec<(String, usize)> = Vec::new();
    for e in &drawing.entities {
        if !layers.iter().any(|l| same_name(l, &e.layer)) {
            continue;
        }
        let kind = if e.kind.contains("POLYLINE") && matches!(e.shape, Shape::Other) {
            crate::t!("dxf_walls.not_flat_polyline", kind = e.kind).into_owned()
        } else {
            e.kind.clone()
        };
        match found.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => found.push((kind, 1)),
        }
    }
    let message = crate::t!("dxf.no_outlines").into_owned();
    if found.is_empty() {
        return message;
    }
    let list: Vec<String> = found.iter().map(|(k, n)| format!("{k}×{n}")).collect();
    crate::t!(
        "dxf_walls.no_outlines_but",
        message = message,
        found = list.join(&crate::t!("check.separator"))
    )
    .into_owned()
}

/// The larger side of the box around the outlines' vertices, in drawing units.
/// The areas (drawing units², straight segments) of the closed room outlines (not the
/// hole layers'), for judging units.
fn outline_areas(entities: &[Entity], outlines: &[(usize, bool)]) -> Vec<f64> {
    outlines
        .iter()
        .filter(|(_, hole)| !hole)
        .filter_map(|&(i, _)| match entities.get(i).map(|e| &e.shape) {
            Some(Shape::Polyline {
                vertices,
                closed: true,
            }) if vertices.len() >= 3 => {
                let n = vertices.len();
                let twice: f64 = (0..n)
                    .filter_map(|k| Some((vertices.get(k)?.at, vertices.get((k + 1) % n)?.at)))
                    .map(|(a, b)| a.x * b.y - b.x * a.y)
                    .sum();
                let area = twice.abs() / 2.0;
                (area.is_finite() && area > 0.0).then_some(area)
            }
            _ => None,
        })
        .collect()
}

fn outline_extent(drawing: &Drawing, outlines: &[(usize, bool)]) -> Option<f64> {
    let mut bounds: Option<geo::Rect<f64>> = None;
    for &(i, _) in outlines {
        let Some(Shape::Polyline { vertices, .. }) = drawing.entities.get(i).map(|e| &e.shape)
        else {
            continue;
        };
        let points: Vec<geo::Coord<f64>> = vertices
            .iter()
            .map(|v| v.at)
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .collect();
        let Some(rect) = geo::LineString::new(points).bounding_rect() else {
            continue;
        };
        bounds = Some(match bounds {
            None => rect,
            Some(b) => geo::Rect::new(
                geo::Coord {
                    x: b.min().x.min(rect.min().x),
                    y: b.min().y.min(rect.min().y),
                },
                geo::Coord {
                    x: b.max().x.max(rect.max().x),
                    y: b.max().y.max(rect.max().y),
                },
            ),
        });
    }
    bounds.map(|b| b.width().max(b.height()))
}
