//! The one plan↔screen transform of the plan canvas.

use egui::{Pos2, Rect, pos2};
use geo::Coord;

/// Maps plan metres (x right, y up) to egui points (y down): `pos_in_ui = offset + scale·(x, −y)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projector {
    /// Points per metre.
    pub scale: f32,
    /// Where the plan origin lands on screen.
    pub offset: Pos2,
}

impl Projector {
    /// A projector that fits the plan rectangle `[min, max]` into `screen` with a margin.
    pub fn fit(min: Coord<f64>, max: Coord<f64>, screen: Rect) -> Self {
        Self::fit_with_margin(min, max, screen, 24.0)
    }

    /// A projector that fits the plan rectangle `[min, max]` into `screen`, centred, leaving
    /// `margin` points on the tighter side (a small preview leaves less than the plan).
    pub fn fit_with_margin(min: Coord<f64>, max: Coord<f64>, screen: Rect, margin: f32) -> Self {
        let width = (max.x - min.x).max(1e-3) as f32;
        let height = (max.y - min.y).max(1e-3) as f32;
        let scale = ((screen.width() - 2.0 * margin) / width)
            .min((screen.height() - 2.0 * margin) / height)
            .max(1e-3);
        let center_plan = pos2(
            ((min.x + max.x) / 2.0) as f32,
            ((min.y + max.y) / 2.0) as f32,
        );
        let center = screen.center();
        Self {
            scale,
            offset: pos2(
                center.x - center_plan.x * scale,
                center.y + center_plan.y * scale,
            ),
        }
    }

    /// Zooms by `factor` keeping the plan point under `about` (a screen point) in place.
    pub fn zoom_about(&mut self, factor: f32, about: Pos2) {
        let factor = factor.clamp(0.2, 5.0);
        let new_scale = (self.scale * factor).clamp(1e-4, 5_000.0);
        let factor = new_scale / self.scale;
        self.offset = about + (self.offset - about) * factor;
        self.scale = new_scale;
    }

    /// Pans, wheel-zooms and middle/primary-drags from a canvas response (`drag_pans` says
    /// whether a primary drag pans, i.e. no other tool is using it).
    pub fn navigate(&mut self, ui: &egui::Ui, response: &egui::Response, drag_pans: bool) {
        if response.dragged_by(egui::PointerButton::Middle)
            || (drag_pans && response.dragged_by(egui::PointerButton::Primary))
        {
            self.offset += response.drag_delta();
        }
        if let Some(pointer) = response.hover_pos() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            if scroll != 0.0 {
                self.zoom_about((scroll / 200.0).exp(), pointer);
            }
            if zoom != 1.0 {
                self.zoom_about(zoom, pointer);
            }
        }
    }

    /// `ui_from_plan`.
    pub fn ui_from_plan(&self, pos_in_plan: Coord<f64>) -> Pos2 {
        pos2(
            self.offset.x + pos_in_plan.x as f32 * self.scale,
            self.offset.y - pos_in_plan.y as f32 * self.scale,
        )
    }

    /// `plan_from_ui`.
    pub fn plan_from_ui(&self, pos_in_ui: Pos2) -> Coord<f64> {
        Coord {
            x: f64::from((pos_in_ui.x - self.offset.x) / self.scale),
            y: f64::from((self.offset.y - pos_in_ui.y) / self.scale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_y_up() {
        let p = Projector::fit(
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 10.0, y: 5.0 },
            Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(548.0, 548.0)),
        );
        // 500 px for 10 m → 50 px per metre.
        assert_eq!(p.scale, 50.0);
        let top = p.ui_from_plan(Coord { x: 0.0, y: 5.0 });
        let bottom = p.ui_from_plan(Coord { x: 0.0, y: 0.0 });
        assert!(top.y < bottom.y, "plan y up is screen y down");
        let back = p.plan_from_ui(p.ui_from_plan(Coord { x: 3.25, y: 1.5 }));
        assert!((back.x - 3.25).abs() < 1e-4 && (back.y - 1.5).abs() < 1e-4);
    }

    /// The DXF candidates' preview: a 16 × 7 m drawing in a 520 × 240 canvas with a 10-point
    /// margin gets min(500 / 16, 220 / 7) = 31.25 points per metre, centred; zooming ×2 about
    /// a point keeps the plan point under it and halves the distance to the others.
    #[test]
    fn a_margin_fit_and_a_zoom_about_the_pointer() {
        let screen = Rect::from_min_size(pos2(100.0, 50.0), egui::vec2(520.0, 240.0));
        let mut p = Projector::fit_with_margin(
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 16.0, y: 7.0 },
            screen,
            10.0,
        );
        assert_eq!(p.scale, 31.25);
        let centre = p.ui_from_plan(Coord { x: 8.0, y: 3.5 });
        assert!((centre - screen.center()).length() < 1e-3);
        let pointer = p.ui_from_plan(Coord { x: 9.9, y: 2.5 });
        p.zoom_about(2.0, pointer);
        let under = p.plan_from_ui(pointer);
        assert!((under.x - 9.9).abs() < 1e-4 && (under.y - 2.5).abs() < 1e-4);
        // 12.0 m was 2.1 m right of the pointer; that screen point now shows 1.05 m right.
        let right = p.plan_from_ui(pointer + egui::vec2(2.1 * 31.25, 0.0));
        assert!((right.x - 10.95).abs() < 1e-3, "{right:?}");
    }
}
