//! The working area of a floor with no rooms yet: a metre grid over the canvas, the plan
//! axes, a 60 m × 40 m frame around the origin that the view fits first, and a line saying
//! how to start. Without it an empty floor has no extent, so the canvas had no transform and
//! the drawing tools silently did nothing.

use egui::{Align2, Color32, Pos2, Rect, Stroke, pos2, vec2};
use geo::Coord;

use super::projector::Projector;

/// The frame an empty floor shows first, plan metres: 60 m × 40 m centred on the origin,
/// room for a usual office floor (the sample's floors are 45–60 m long).
pub const EMPTY_FLOOR: (Coord<f64>, Coord<f64>) =
    (Coord { x: -30.0, y: -20.0 }, Coord { x: 30.0, y: 20.0 });

/// Grid lines closer than this on screen are left out (the next coarser step is drawn).
const MIN_GAP_PX: f32 = 8.0;

/// The grid step, m: the smallest of 1, 2, 5, 10, 20, 50… whose lines are at least
/// [`MIN_GAP_PX`] apart at `scale` points per metre.
///
/// ```
/// use officeplan::ui::working_area::grid_step;
/// assert_eq!(grid_step(20.0), 1.0);
/// assert_eq!(grid_step(3.0), 5.0);
/// ```
pub fn grid_step(scale: f32) -> f64 {
    let mut step = 1.0;
    for _ in 0..12 {
        for factor in [1.0, 2.0, 5.0] {
            if (step * factor) as f32 * scale >= MIN_GAP_PX {
                return step * factor;
            }
        }
        step *= 10.0;
    }
    step
}

/// Paints the grid, the axes, the frame and the hint under everything else of the canvas.
pub fn paint(painter: &egui::Painter, projector: &Projector, rect: Rect) {
    let step = grid_step(projector.scale);
    let major = step * 5.0;
    let a = projector.plan_from_ui(rect.left_bottom());
    let b = projector.plan_from_ui(rect.right_top());
    let minor_stroke = Stroke::new(1.0, Color32::from_gray(232));
    let major_stroke = Stroke::new(1.0, Color32::from_gray(205));
    let axis_stroke = Stroke::new(1.5, Color32::from_gray(160));
    let stroke_of = |v: f64| {
        if v.abs() < step / 2.0 {
            axis_stroke
        } else if (v - (v / major).round() * major).abs() < step / 2.0 {
            major_stroke
        } else {
            minor_stroke
        }
    };
    let first = |from: f64| (from / step).floor() as i64;
    let last = |to: f64| (to / step).ceil() as i64;
    for k in first(a.x.min(b.x))..=last(a.x.max(b.x)) {
        let x = k as f64 * step;
        let at = projector.ui_from_plan(Coord { x, y: 0.0 }).x;
        painter.line_segment(
            [pos2(at, rect.top()), pos2(at, rect.bottom())],
            stroke_of(x),
        );
    }
    for k in first(a.y.min(b.y))..=last(a.y.max(b.y)) {
        let y = k as f64 * step;
        let at = projector.ui_from_plan(Coord { x: 0.0, y }).y;
        painter.line_segment(
            [pos2(rect.left(), at), pos2(rect.right(), at)],
            stroke_of(y),
        );
    }
    let (min, max) = EMPTY_FLOOR;
    let frame = Rect::from_two_pos(projector.ui_from_plan(min), projector.ui_from_plan(max));
    painter.rect_stroke(
        frame,
        0.0,
        Stroke::new(1.5, Color32::from_rgb(120, 150, 200)),
        egui::StrokeKind::Middle,
    );
    let ink = Color32::from_gray(90);
    let small = egui::FontId::proportional(11.0);
    painter.text(
        projector.ui_from_plan(Coord { x: 0.0, y: 0.0 }) + vec2(4.0, 4.0),
        Align2::LEFT_TOP,
        "0, 0",
        small.clone(),
        ink,
    );
    painter.text(
        frame.right_top() + vec2(-4.0, 4.0),
        Align2::RIGHT_TOP,
        crate::t!("drawing.frame", w = max.x - min.x, h = max.y - min.y),
        small,
        ink,
    );
    // The hint wraps to the canvas and sits above the scale bar, clear of the legend.
    let hint = painter.layout(
        crate::t!("drawing.empty_floor_hint").into_owned(),
        egui::FontId::proportional(14.0),
        Color32::from_gray(60),
        (rect.width() - 40.0).max(120.0),
    );
    let at = Pos2::new(
        rect.center().x - hint.size().x / 2.0,
        rect.bottom() - 44.0 - hint.size().y,
    );
    painter.rect_filled(
        egui::Rect::from_min_size(at, hint.size()).expand(4.0),
        3.0,
        Color32::from_rgba_unmultiplied(250, 250, 250, 230),
    );
    painter.galley(at, hint, Color32::from_gray(60));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_coarsens_as_the_view_zooms_out() {
        // 8 px apart at least: 1 m needs 8 points per metre, 2 m needs 4, 5 m needs 1.6.
        assert_eq!(grid_step(8.0), 1.0);
        assert_eq!(grid_step(7.9), 2.0);
        assert_eq!(grid_step(4.0), 2.0);
        assert_eq!(grid_step(1.6), 5.0);
        assert_eq!(grid_step(0.5), 20.0);
    }
}
