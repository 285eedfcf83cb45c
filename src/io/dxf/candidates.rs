//! The candidate rooms of an import from walls: faces between walls that no room label lies
//! in (`#W…`, [`super::DxfImport::candidates`]). A corridor, a shaft or the gap between two
//! rows of rooms encloses a face as well as an office does, so the planner decides for each
//! candidate before the import: keep it (under its `#W…` number or one typed), drop it, or
//! merge it with its neighbours (other candidates, or a labelled room) into one room.
//!
//! Defaults: labelled rooms are kept; a candidate nobody decided on is *pending* and is
//! imported only when the drawing has no labelled room at all (then the faces are all there
//! is, and dropping them would import nothing) — else it is not imported: a corridor
//! imported as an office inflates the floor's 使用面积 and the 超标 checks, while a dropped
//! room the planner still sees listed and can keep with one click. Candidates under the
//! minimum area are dropped (the filter). The dialog and `import-dxf --candidates
//! --min-candidate-area --merge-faces --candidate-number` both resolve through [`resolve`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use geo::{InteriorPoint as _, Length as _};

use super::DxfImport;
use super::report::FindingKind;
use crate::analysis::area::round_m2;
use crate::analysis::edit_geometry::merge;
use crate::analysis::room_area;
use crate::model::PlanPolygon;

/// The smallest candidate listed by default, m² (the faces' own floor, [`super::walls::MIN_FACE_M2`]).
pub const DEFAULT_MIN_CANDIDATE_M2: f64 = super::walls::MIN_FACE_M2;

/// The thickest wall a merge of faces bridges, m: a double wall's faces do not touch (a 490 mm
/// brick wall is bridged; a corridor, at least 1.2 m wide, is not).
pub const MERGE_BRIDGE_M: f64 = 0.6;

/// A merged room's area may differ from the sum of its parts by this much, m² (rounding of
/// geo's boolean operations; a real overlap or gap is far larger).
pub const MERGE_AREA_TOLERANCE_M2: f64 = 0.01;

/// What happens to a candidate nobody decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateDefault {
    /// Imported under its `#W…` number.
    Keep,
    /// Not imported.
    Drop,
}

impl CandidateDefault {
    /// Parses `keep` or `drop` (`--candidates`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "keep" => Some(Self::Keep),
            "drop" => Some(Self::Drop),
            _ => None,
        }
    }

    /// The default for an import: drop when the drawing has a room that is not a candidate
    /// (a labelled one), keep when every room is a candidate.
    pub fn for_import(import: &DxfImport) -> Self {
        if import.rooms.len() > import.candidates.len() {
            Self::Drop
        } else {
            Self::Keep
        }
    }
}

/// The planner's decisions on an import's candidates.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateChoices {
    /// For candidates not decided on; `None`: [`CandidateDefault::for_import`].
    pub default: Option<CandidateDefault>,
    /// Candidates under this area (m²) are dropped and not listed.
    pub min_area_m2: f64,
    /// Candidates kept (by their `#W…` number).
    pub keep: BTreeSet<String>,
    /// Candidates dropped.
    pub drop: BTreeSet<String>,
    /// The number a kept candidate is imported under (else its `#W…` number).
    pub numbers: BTreeMap<String, String>,
    /// Groups of rooms (candidates, and at most the labelled rooms named) merged into one
    /// room each: the first labelled room of the group gives number, name and category, else
    /// the first candidate does. A merged candidate is kept whatever else was chosen for it.
    pub merges: Vec<Vec<String>>,
}

impl Default for CandidateChoices {
    fn default() -> Self {
        Self {
            default: None,
            min_area_m2: DEFAULT_MIN_CANDIDATE_M2,
            keep: BTreeSet::new(),
            drop: BTreeSet::new(),
            numbers: BTreeMap::new(),
            merges: Vec::new(),
        }
    }
}

/// What became of one candidate.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    /// Kept by choice.
    Kept,
    /// Nobody decided: the default applies (`imported` says which way).
    Pending,
    /// Dropped by choice.
    Dropped,
    /// Under the minimum area: dropped by the filter.
    Small,
    /// Merged into the room of this number (which may be itself, as the group's first).
    Merged { into: String },
}

/// One candidate as the preview and the report list it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CandidateLine {
    /// Its provisional number, `#W3`.
    pub number: String,
    /// The number it is imported under (the typed one, else `number`).
    pub imported_as: String,
    /// 使用面积 of the face (inner wall faces, holes subtracted), m², to 0.01.
    pub area_m2: f64,
    pub fate: Fate,
    /// Whether it (or the room it is merged into) is imported.
    pub imported: bool,
}

impl CandidateLine {
    /// What became of it, for people: kept, pending (and whether the default imports it),
    /// dropped, or merged into another room, in the current language.
    pub fn state(&self) -> String {
        match &self.fate {
            Fate::Kept => crate::t!("dxf_candidates.state_kept"),
            Fate::Pending if self.imported => crate::t!("dxf_candidates.state_pending_kept"),
            Fate::Pending => crate::t!("dxf_candidates.state_pending"),
            Fate::Dropped | Fate::Small => crate::t!("dxf_candidates.state_dropped"),
            Fate::Merged { into } => crate::t!("dxf_candidates.state_merged", into = into),
        }
        .into_owned()
    }
}

/// One merge as the preview and the report list it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MergeLine {
    /// The merged room's number.
    pub number: String,
    /// The parts' numbers and areas (m², to 0.01), as given.
    pub parts: Vec<(String, f64)>,
    /// Σ of the parts' areas and the merged outline's area, m², to 0.01.
    pub sum_m2: f64,
    pub area_m2: f64,
    /// The area of the walls bridged between parts that did not touch (a double wall), m²,
    /// to 0.01: `area_m2 − sum_m2`, 0 for touching faces.
    pub walls_m2: f64,
}

impl MergeLine {
    /// The merge as one line for people: the parts with their areas, their sum, the merged
    /// area and (across a double wall) the wall's, in the current language.
    pub fn line(&self) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(n, a)| format!("{n} {a:.2}"))
            .collect();
        crate::t!(
            if self.walls_m2 > 0.0 {
                "dxf_candidates.merged_line_walls"
            } else {
                "dxf_candidates.merged_line"
            },
            number = self.number,
            parts = parts.join(" + "),
            sum = format!("{:.2}", self.sum_m2),
            area = format!("{:.2}", self.area_m2),
            walls = format!("{:.2}", self.walls_m2)
        )
        .into_owned()
    }
}

/// The import as the choices make it, with what became of each candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The rooms to import and the report of them (counts and total area recomputed).
    pub import: DxfImport,
    /// Every candidate of the import, in the import's order.
    pub candidates: Vec<CandidateLine>,
    pub merges: Vec<MergeLine>,
    /// The default that applied to pending candidates.
    pub default: CandidateDefault,
}

impl Resolved {
    /// (pending, dropped) candidates: undecided ones not imported by default count as
    /// pending, dropped ones include those under the minimum area.
    pub fn counts(&self) -> (usize, usize) {
        let pending = self
            .candidates
            .iter()
            .filter(|c| c.fate == Fate::Pending)
            .count();
        let dropped = self
            .candidates
            .iter()
            .filter(|c| matches!(c.fate, Fate::Dropped | Fate::Small))
            .count();
        (pending, dropped)
    }
}

/// Why the choices cannot be carried out.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CandidateError {
    /// A merge names a number that is no room of the import.
    #[error("{}", crate::t!("dxf_candidates.error.unknown", number = number))]
    Unknown { number: String },
    /// A merge of fewer than two rooms.
    #[error("{}", crate::t!("dxf_candidates.error.too_few", numbers = numbers))]
    TooFew { numbers: String },
    /// A room named in two merges (or twice in one).
    #[error("{}", crate::t!("dxf_candidates.error.twice", number = number))]
    Twice { number: String },
    /// The rooms do not touch along an edge: their union is several pieces.
    #[error("{}", crate::t!("dxf_candidates.error.not_adjacent", numbers = numbers, pieces = pieces))]
    NotAdjacent { numbers: String, pieces: usize },
    /// The union's area is not the sum of the parts' (they overlap).
    #[error("{}", crate::t!("dxf_candidates.error.area", numbers = numbers, sum = sum, area = area))]
    AreaDiffers {
        numbers: String,
        sum: String,
        area: String,
    },
    /// A number typed for a candidate that another imported room has.
    #[error("{}", crate::t!("dxf_candidates.error.taken", candidate = candidate, number = number))]
    NumberTaken { candidate: String, number: String },
}

/// The merged outline of `numbers`' rooms and the merge's line, refused unless they touch
/// along edges into one polygon whose area is the sum of theirs.
pub fn merged_outline(
    import: &DxfImport,
    numbers: &[String],
) -> Result<(PlanPolygon, f64, f64), CandidateError> {
    let joined = numbers.join(" + ");
    if numbers.len() < 2 {
        return Err(CandidateError::TooFew { numbers: joined });
    }
    let mut polygons = Vec::with_capacity(numbers.len());
    for n in numbers {
        let room = import
            .rooms
            .iter()
            .find(|r| &r.number == n)
            .ok_or_else(|| CandidateError::Unknown { number: n.clone() })?;
        polygons.push(room.polygon.clone());
    }
    let sum: f64 = polygons.iter().map(room_area).sum();
    let merged = match merge(&polygons) {
        Ok(merged) => merged,
        // Faces of a double wall do not touch: the wall between them (up to
        // MERGE_BRIDGE_M thick) is bridged, and its area is the merged room's too.
        Err(_) => bridged(&polygons).map_err(|pieces| CandidateError::NotAdjacent {
            numbers: joined.clone(),
            pieces,
        })?,
    };
    let area = room_area(&merged);
    // Touching faces: the sum exactly. Bridged ones: more, by the wall taken in — at most
    // the bridge's width along the longest part's outline (a corridor is not a wall).
    let wall_most = MERGE_BRIDGE_M
        * polygons
            .iter()
            .map(|p| geo::Euclidean.length(p.exterior()))
            .fold(0.0, f64::max)
        / 2.0;
    if area < sum - MERGE_AREA_TOLERANCE_M2 || area > sum + wall_most + MERGE_AREA_TOLERANCE_M2 {
        return Err(CandidateError::AreaDiffers {
            numbers: joined,
            sum: format!("{:.2}", round_m2(sum)),
            area: format!("{:.2}", round_m2(area)),
        });
    }
    Ok((merged, sum, area))
}

/// The import as `choices` make it (see the module's defaults).
/// [`resolve`] of an import that is given up: with no candidate and nothing chosen, the
/// import as it is, not copied (a 10,000-room drawing outlined room by room).
pub fn resolve_owned(
    import: DxfImport,
    choices: &CandidateChoices,
) -> Result<Resolved, CandidateError> {
    let nothing_chosen = choices.keep.is_empty()
        && choices.drop.is_empty()
        && choices.numbers.is_empty()
        && choices.merges.is_empty();
    if import.candidates.is_empty() && nothing_chosen {
        let default = choices
            .default
            .unwrap_or_else(|| CandidateDefault::for_import(&import));
        return Ok(Resolved {
            import,
            candidates: Vec::new(),
            merges: Vec::new(),
            default,
        });
    }
    resolve(&import, choices)
}

pub fn resolve(import: &DxfImport, choices: &CandidateChoices) -> Result<Resolved, CandidateError> {
    let default = choices
        .default
        .unwrap_or_else(|| CandidateDefault::for_import(import));
    let is_candidate = |n: &str| import.candidates.iter().any(|c| c == n);
    for n in choices
        .keep
        .iter()
        .chain(&choices.drop)
        .chain(choices.numbers.keys())
    {
        if !is_candidate(n) {
            return Err(CandidateError::Unknown { number: n.clone() });
        }
    }
    let given = |n: &str| -> String {
        choices
            .numbers
            .get(n)
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .unwrap_or(n)
            .to_owned()
    };
    // Each merge: the room that carries it (index of its first labelled room, else first
    // candidate), its outline and line.
    let mut in_merge: HashMap<&str, usize> = HashMap::new();
    let mut merged: Vec<(usize, PlanPolygon)> = Vec::new();
    let mut merges = Vec::new();
    for (g, group) in choices.merges.iter().enumerate() {
        for n in group {
            if in_merge.insert(n.as_str(), g).is_some() {
                return Err(CandidateError::Twice { number: n.clone() });
            }
        }
        let (polygon, sum, area) = merged_outline(import, group)?;
        let base = group
            .iter()
            .find(|n| !is_candidate(n))
            .or_else(|| group.first())
            .and_then(|n| import.rooms.iter().position(|r| &r.number == n))
            .ok_or_else(|| CandidateError::TooFew {
                numbers: group.join(" + "),
            })?;
        let base_number = import
            .rooms
            .get(base)
            .map(|r| given(&r.number))
            .unwrap_or_default();
        merges.push(MergeLine {
            number: base_number,
            parts: group
                .iter()
                .filter_map(|n| import.rooms.iter().find(|r| &r.number == n))
                .map(|r| (r.number.clone(), round_m2(room_area(&r.polygon))))
                .collect(),
            sum_m2: round_m2(sum),
            area_m2: round_m2(area),
            walls_m2: round_m2((area - sum).max(0.0)),
        });
        merged.push((base, polygon));
    }
    let mut rooms = Vec::with_capacity(import.rooms.len());
    let mut lines = Vec::with_capacity(import.candidates.len());
    for (i, room) in import.rooms.iter().enumerate() {
        let candidate = is_candidate(&room.number);
        let area = room_area(&room.polygon);
        let (fate, imported) = if let Some(g) = in_merge.get(room.number.as_str()) {
            let into = merges.get(*g).map(|m| m.number.clone()).unwrap_or_default();
            if let Some((_, polygon)) = merged.iter().find(|(b, _)| *b == i) {
                let mut r = room.clone();
                r.polygon = polygon.clone();
                if candidate {
                    r.number = into.clone();
                }
                rooms.push(r);
            }
            (Fate::Merged { into }, true)
        } else if !candidate {
            rooms.push(room.clone());
            continue;
        } else {
            let (fate, imported) = if choices.keep.contains(&room.number) {
                (Fate::Kept, true)
            } else if choices.drop.contains(&room.number) {
                (Fate::Dropped, false)
            } else if area < choices.min_area_m2 {
                (Fate::Small, false)
            } else {
                (Fate::Pending, default == CandidateDefault::Keep)
            };
            if imported {
                let mut r = room.clone();
                r.number = given(&room.number);
                rooms.push(r);
            }
            (fate, imported)
        };
        if candidate {
            lines.push(CandidateLine {
                number: room.number.clone(),
                imported_as: given(&room.number),
                area_m2: round_m2(area),
                fate,
                imported,
            });
        }
    }
    // A typed number must not be another imported room's.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, r) in rooms.iter().enumerate() {
        if let Some(first) = seen.insert(r.number.as_str(), k) {
            let original = |k: usize| {
                lines
                    .iter()
                    .find(|l| l.imported && rooms.get(k).is_some_and(|r| r.number == l.imported_as))
                    .map(|l| l.number.clone())
            };
            if let Some(candidate) = original(k).or_else(|| original(first)) {
                return Err(CandidateError::NumberTaken {
                    candidate,
                    number: r.number.clone(),
                });
            }
        }
    }
    let mut out = import.clone();
    let still: BTreeSet<&str> = rooms.iter().map(|r| r.number.as_str()).collect();
    out.report.rooms = rooms.len();
    out.report.total_area_m2 = round_m2(rooms.iter().map(|r| room_area(&r.polygon)).sum());
    // A candidate gone, merged or numbered is no longer an unlabelled `#W…` room.
    out.report
        .unlabelled_rooms
        .retain(|n| still.contains(n.as_str()));
    out.report.findings.retain(|f| {
        f.kind != FindingKind::UnlabelledRoom
            || !is_candidate(&f.text)
            || still.contains(f.text.as_str())
    });
    out.candidates = lines
        .iter()
        .filter(|l| l.imported && still.contains(l.imported_as.as_str()))
        .map(|l| l.imported_as.clone())
        .collect();
    out.rooms = rooms;
    Ok(Resolved {
        import: out,
        candidates: lines,
        merges,
        default,
    })
}

/// The faces closed across the walls between them: each grown by half of
/// [`MERGE_BRIDGE_M`] (mitred corners), united, and shrunk back — the same closing that finds
/// the faces between walls. One polygon, or the count of pieces.
fn bridged(polygons: &[PlanPolygon]) -> Result<PlanPolygon, usize> {
    bridged_by(polygons, MERGE_BRIDGE_M)
}

/// [`bridged`] across walls up to `width` thick.
pub(super) fn bridged_by(polygons: &[PlanPolygon], width: f64) -> Result<PlanPolygon, usize> {
    use geo::algorithm::buffer::{BufferStyle, LineJoin};
    use geo::{Area as _, BooleanOps as _, Buffer as _, MultiPolygon};
    let half = width / 2.0;
    let style = |d: f64| BufferStyle::new(d).line_join(LineJoin::Miter(0.1));
    let mut union = MultiPolygon::new(Vec::new());
    for p in polygons {
        union = union.union(&p.buffer_with_style(style(half)));
    }
    let mut pieces: Vec<PlanPolygon> = union
        .buffer_with_style(style(-half))
        .0
        .into_iter()
        .filter(|p| p.unsigned_area() > 1e-4)
        .collect();
    match (pieces.len(), pieces.pop()) {
        (1, Some(one)) => Ok(crate::analysis::edit_geometry::without_collinear(&one)),
        (n, _) => Err(n),
    }
}

/// A point inside a room's outline (for a label on a preview), plan metres.
pub fn label_point(polygon: &PlanPolygon) -> Option<geo::Coord<f64>> {
    polygon.interior_point().map(|p| p.0)
}
