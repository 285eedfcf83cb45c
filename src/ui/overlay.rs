//! An import preview over the plan (导入预览): the drawing's rooms as outlines in another
//! colour, and its findings (orphan labels, unclosed outlines …) as numbered markers, painted
//! through the canvas's projector while the DXF import dialog holds a preview.

use egui::{Color32, Pos2, Shape, Stroke, vec2};
use geo::Coord;

use super::projector::Projector;
use crate::io::dxf::{DxfImport, FindingKind};

/// What the import preview shows on the canvas, plan metres.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOverlay {
    /// Every ring of every imported room.
    pub rings: Vec<Vec<Coord<f64>>>,
    /// A finding's position and its short text.
    pub markers: Vec<(Coord<f64>, String)>,
    /// Candidate rooms from walls that are not imported (pending or dropped): dashed.
    pub candidates: Vec<Vec<Coord<f64>>>,
}

const OUTLINE: Color32 = Color32::from_rgb(0, 160, 170);
const MARKER: Color32 = Color32::from_rgb(200, 30, 30);
const CANDIDATE: Color32 = Color32::from_rgb(230, 130, 0);

impl ImportOverlay {
    /// The overlay of an import: its rooms' rings and a marker per finding.
    pub fn of(import: &DxfImport) -> Self {
        let rings = import
            .rooms
            .iter()
            .flat_map(|r| std::iter::once(r.polygon.exterior()).chain(r.polygon.interiors()))
            .map(|ring| ring.0.clone())
            .collect();
        let markers = import
            .report
            .findings
            .iter()
            .map(|f| {
                let [x, y] = f.at;
                // An area finding reads "number: …" in the report; on the plan its room's
                // number is enough.
                let text = match f.kind {
                    FindingKind::SurveyedAreaDiffers | FindingKind::SurveyedAreaCompleted => f
                        .text
                        .split_once(": ")
                        .map_or(f.text.as_str(), |(number, _)| number),
                    _ => f.text.as_str(),
                };
                (Coord { x, y }, text.to_owned())
            })
            .collect();
        Self {
            rings,
            markers,
            candidates: Vec::new(),
        }
    }

    /// The overlay of an import with its candidate rooms: those not imported are drawn
    /// dashed in orange, as in the dialog's preview.
    pub fn with_candidates(
        import: &DxfImport,
        panel: Option<&crate::ui::dxf_dialog::CandidatePanel>,
    ) -> Self {
        let mut overlay = Self::of(import);
        if let Some(panel) = panel {
            overlay.candidates = panel
                .resolved
                .candidates
                .iter()
                .filter(|c| !c.imported)
                .filter_map(|c| panel.raw.rooms.iter().find(|r| r.number == c.number))
                .map(|r| r.polygon.exterior().0.clone())
                .collect();
        }
        overlay
    }

    /// Paints the outlines in teal and the findings as red rings with their text.
    pub fn paint(&self, painter: &egui::Painter, projector: &Projector) {
        for ring in &self.candidates {
            let points: Vec<Pos2> = ring.iter().map(|c| projector.ui_from_plan(*c)).collect();
            painter.extend(Shape::dashed_line(
                &points,
                Stroke::new(1.5, CANDIDATE),
                6.0,
                4.0,
            ));
        }
        let stroke = Stroke::new(2.0, OUTLINE);
        for ring in &self.rings {
            let points: Vec<Pos2> = ring.iter().map(|c| projector.ui_from_plan(*c)).collect();
            painter.add(Shape::line(points, stroke));
        }
        for (at, text) in &self.markers {
            let at = projector.ui_from_plan(*at);
            painter.circle_stroke(at, 7.0, Stroke::new(2.0, MARKER));
            painter.text(
                at + vec2(9.0, -9.0),
                egui::Align2::LEFT_BOTTOM,
                text,
                egui::FontId::proportional(11.0),
                MARKER,
            );
        }
    }
}
