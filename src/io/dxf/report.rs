//! What an import found, shown before anything is written: counts, and each finding with its
//! handle, layer and position so a preview can point at it.

use super::units::{DrawingUnit, UnitsSource};

/// A kind of thing a person should look at before committing an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A label inside no room (in a corridor, a stair, outside the building).
    OrphanLabel,
    /// A label whose number another label in a room also has.
    DuplicateLabel,
    /// A second label in a room with another number; the first label named the room.
    ExtraLabel,
    /// A label without a number (an empty stamp).
    EmptyLabel,
    /// A room with no label: it got a provisional number `#HANDLE`.
    UnlabelledRoom,
    /// An open polyline whose ends are further apart than the tolerance: not imported.
    Unclosed,
    /// An open polyline whose ends were close enough: closed and imported.
    ClosedWithinTolerance,
    /// A polyline with fewer than three distinct points or no area: not imported.
    Degenerate,
    /// An outline drawn twice: imported once.
    DuplicateOutline,
    /// A hole-layer ring (a column) inside no room: not imported.
    StrayHole,
    /// A room with a name but no number: its number was made from the name.
    NumberFromName,
    /// The area text in a room (测绘面积) and the outline's area differ by more than 5 %
    /// and 0.5 m².
    SurveyedAreaDiffers,
    /// A labelled room found in pieces (a kitchen cut by its counters) was joined with the
    /// unlabelled pieces around it that bring it to its area text; the text lists them.
    SurveyedAreaCompleted,
}

/// One finding, located in the drawing (handle, layer) and on the plan (metres).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub handle: String,
    pub layer: String,
    /// The label's text, the room's number, or the gap in metres for open polylines.
    pub text: String,
    /// Where to point, in plan metres.
    pub at: [f64; 2],
}

/// What a drawing holds that the importer does not read, so that the planner knows to
/// convert it in CAD.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// 天正 custom entities (`TCH_WALL`, `TCH_OPENING` …) with their counts, most first.
    pub tarch: Vec<(String, usize)>,
    /// External references (xref blocks) with the file each refers to.
    pub xrefs: Vec<(String, String)>,
    /// Chosen layers that are frozen or switched off in the drawing.
    pub hidden_layers: Vec<String>,
}

impl Skipped {
    /// What a drawing holds that is skipped, for the layers the import reads.
    pub fn of(drawing: &super::drawing::Drawing, chosen: &[&String]) -> Self {
        let mut tarch: Vec<(String, usize)> = Vec::new();
        let all = drawing
            .entities
            .iter()
            .chain(drawing.blocks.iter().flat_map(|b| b.entities.iter()));
        for e in all.filter(|e| e.kind.starts_with("TCH_")) {
            match tarch.iter_mut().find(|(k, _)| *k == e.kind) {
                Some((_, n)) => *n += 1,
                None => tarch.push((e.kind.clone(), 1)),
            }
        }
        tarch.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let xrefs = drawing
            .blocks
            .iter()
            .filter_map(|b| Some((b.name.clone(), b.xref.clone()?)))
            .collect();
        let hidden_layers = chosen
            .iter()
            .filter(|l| !drawing.layer_shown(l))
            .map(|l| l.to_string())
            .collect();
        Self {
            tarch,
            xrefs,
            hidden_layers,
        }
    }
}

/// The report of a DXF import.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ImportReport {
    /// `$ACADVER` of the drawing (`AC1015` …).
    pub version: String,
    /// The encoding its strings were read with.
    pub encoding: String,
    pub units: DrawingUnit,
    pub units_source: UnitsSource,
    /// Rooms found (outlines at even nesting depth, after the checks).
    pub rooms: usize,
    /// Holes subtracted from rooms (columns, shafts).
    pub holes: usize,
    /// Labels read (with a number).
    pub labels: usize,
    /// Labels inside a room (`labels = labels_matched + orphan_labels.len()`).
    pub labels_matched: usize,
    /// Texts of labels inside no room, in file order.
    pub orphan_labels: Vec<String>,
    /// Numbers that more than one label in rooms carry, each once.
    pub duplicate_labels: Vec<String>,
    /// Provisional numbers (`#HANDLE`) of rooms without a label.
    pub unlabelled_rooms: Vec<String>,
    /// Numbers made from the names of rooms that had a name but no number.
    pub numbers_from_names: Vec<String>,
    /// What the importer cannot read and left out: 天正 (TArch) custom entities by kind
    /// with their counts, and external references (xrefs) by block name.
    pub skipped: Skipped,
    /// Handles of open polylines that were not imported.
    pub unclosed: Vec<String>,
    /// Handles of open polylines closed within the tolerance.
    pub closed_within_tolerance: Vec<String>,
    /// Handles of degenerate polylines (not imported).
    pub degenerate: Vec<String>,
    /// Σ room areas, holes subtracted, m² (使用面积), rounded to 0.01.
    pub total_area_m2: f64,
    /// Every finding, in file order within each kind.
    pub findings: Vec<Finding>,
}

impl ImportReport {
    /// The findings of one kind.
    pub fn of_kind(&self, kind: FindingKind) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.kind == kind)
    }

    /// The report as lines for people, in the current language.
    pub fn lines(&self) -> Vec<String> {
        let list = |items: &[String]| {
            if items.is_empty() {
                "—".to_owned()
            } else {
                items.join(&crate::t!("check.separator"))
            }
        };
        let mut lines = vec![
            crate::t!(
                "dxf.report.drawing",
                version = self.version,
                encoding = self.encoding,
                units = self.units.code(),
                source = match self.units_source {
                    UnitsSource::Header => crate::t!("dxf.units.header"),
                    UnitsSource::User => crate::t!("dxf.units.user"),
                    UnitsSource::Guessed => crate::t!("dxf.units.guessed"),
                }
            )
            .into_owned(),
            crate::t!(
                "dxf.report.rooms",
                rooms = self.rooms,
                holes = self.holes,
                area = format!("{:.2}", self.total_area_m2)
            )
            .into_owned(),
            crate::t!(
                "dxf.report.labels",
                labels = self.labels,
                matched = self.labels_matched
            )
            .into_owned(),
            crate::t!("dxf.report.orphans", list = list(&self.orphan_labels)).into_owned(),
            crate::t!("dxf.report.duplicates", list = list(&self.duplicate_labels)).into_owned(),
            crate::t!("dxf.report.unlabelled", list = list(&self.unlabelled_rooms)).into_owned(),
            crate::t!("dxf.report.unclosed", list = list(&self.unclosed)).into_owned(),
            crate::t!(
                "dxf.report.closed",
                list = list(&self.closed_within_tolerance)
            )
            .into_owned(),
            crate::t!("dxf.report.degenerate", list = list(&self.degenerate)).into_owned(),
        ];
        // Said only when there is something to say.
        if !self.skipped.tarch.is_empty() {
            let kinds: Vec<String> = self
                .skipped
                .tarch
                .iter()
                .map(|(k, n)| format!("{k}×{n}"))
                .collect();
            lines.push(crate::t!("dxf.report.tarch", list = list(&kinds)).into_owned());
        }
        if !self.skipped.xrefs.is_empty() {
            let refs: Vec<String> = self
                .skipped
                .xrefs
                .iter()
                .map(|(b, f)| format!("{b} ({f})"))
                .collect();
            lines.push(crate::t!("dxf.report.xrefs", list = list(&refs)).into_owned());
        }
        if !self.skipped.hidden_layers.is_empty() {
            lines.push(
                crate::t!(
                    "dxf.report.hidden_layers",
                    list = list(&self.skipped.hidden_layers)
                )
                .into_owned(),
            );
        }
        if !self.numbers_from_names.is_empty() {
            lines.push(
                crate::t!(
                    "dxf.report.numbers_from_names",
                    list = list(&self.numbers_from_names)
                )
                .into_owned(),
            );
        }
        let texts = |kind: FindingKind| -> Vec<String> {
            self.findings
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| f.text.clone())
                .collect()
        };
        let differing = texts(FindingKind::SurveyedAreaDiffers);
        let completed = texts(FindingKind::SurveyedAreaCompleted);
        if !completed.is_empty() {
            lines.push(
                crate::t!("dxf.report.surveyed_completed", list = list(&completed)).into_owned(),
            );
        }
        if !differing.is_empty() {
            lines.push(
                crate::t!("dxf.report.surveyed_differs", list = list(&differing)).into_owned(),
            );
        }
        lines
    }
}
