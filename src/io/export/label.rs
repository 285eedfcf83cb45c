//! Room labels on paper: as many leading lines (number, area, unit) as fit inside the room at
//! a readable size, centred on a point inside it; none at all when even number and area do
//! not fit (a label spilling over walls reads as belonging to the neighbour).

use geo::{Centroid as _, Contains as _, Coord, InteriorPoint as _, Polygon, Rect};

use super::font::text_width_mm;
use super::layout::{Anchor, TextLine};
use super::plan_frame::PlanFrame;

/// Label text height in plan metres, before clamping to what prints well.
const LABEL_HEIGHT_M: f64 = 0.55;
/// Label sizes on paper, millimetres (2 mm ≈ 5.7 pt, the smallest comfortable on print).
const LABEL_MAX_MM: f64 = 3.2;
const LABEL_MIN_MM: f64 = 2.0;
/// The size tried when the normal one does not fit: smaller, but never under this.
const LABEL_SMALL_RATIO: f64 = 0.8;
const LABEL_FLOOR_MM: f64 = 1.8;
/// Line pitch as a multiple of the text size.
pub(super) const LINE_PITCH: f64 = 1.2;
/// From a line's vertical centre to its baseline, as a multiple of the text size (the
/// font's digits and ideographs sit about this far above the baseline's middle).
pub(super) const BASELINE_DROP: f64 = 0.35;
/// Clear space between the text and the room's outline, millimetres.
const PADDING_MM: f64 = 0.6;
/// Fewest lines a label may have: number and area.
const MIN_LINES: usize = 2;

/// A room label placed on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabel {
    pub lines: Vec<TextLine>,
    /// The text block with its padding, page millimetres.
    pub bounds: Rect,
}

/// The text size of room labels at a drawing scale.
pub(super) fn label_size_mm(frame: &PlanFrame) -> f64 {
    (LABEL_HEIGHT_M * frame.mm_per_m).clamp(LABEL_MIN_MM, LABEL_MAX_MM)
}

/// Places a room's label inside `polygon` (plan metres), or `None` when it does not fit.
pub(super) fn place_label(
    polygon: &Polygon<f64>,
    lines: &[String],
    frame: &PlanFrame,
) -> Option<PlacedLabel> {
    if lines.is_empty() {
        return None;
    }
    let base = label_size_mm(frame);
    let small = (base * LABEL_SMALL_RATIO).max(LABEL_FLOOR_MM);
    let min_lines = MIN_LINES.min(lines.len());
    // Drop the unit before shrinking the text: equal sizes across the plan read better.
    let attempts = [(base, lines.len()), (base, min_lines), (small, min_lines)];
    let anchors = anchors(polygon);
    attempts.into_iter().find_map(|(size, count)| {
        let shown = lines.get(..count)?;
        let (width, height) = block_size_mm(shown, size);
        anchors.iter().find_map(|anchor| {
            let half = Coord {
                x: width / 2.0 / frame.mm_per_m,
                y: height / 2.0 / frame.mm_per_m,
            };
            let block_in_plan = Rect::new(*anchor - half, *anchor + half);
            polygon
                .contains(&block_in_plan.to_polygon())
                .then(|| layout_lines(shown, size, frame.page_from_plan(*anchor)))
        })
    })
}

/// Points to centre a label on: the centroid when it is inside (rectangles, most rooms),
/// then a point surely inside (L-shaped and U-shaped rooms).
fn anchors(polygon: &Polygon<f64>) -> Vec<Coord> {
    let mut points = Vec::with_capacity(2);
    if let Some(c) = polygon.centroid().filter(|c| polygon.contains(c)) {
        points.push(c.0);
    }
    if let Some(p) = polygon.interior_point()
        && !points.contains(&p.0)
    {
        points.push(p.0);
    }
    points
}

fn block_size_mm(lines: &[String], size: f64) -> (f64, f64) {
    let widest = lines
        .iter()
        .map(|l| text_width_mm(l, size))
        .fold(0.0, f64::max);
    (
        widest + 2.0 * PADDING_MM,
        lines.len() as f64 * size * LINE_PITCH + 2.0 * PADDING_MM,
    )
}

fn layout_lines(lines: &[String], size: f64, centre: Coord) -> PlacedLabel {
    let (width, height) = block_size_mm(lines, size);
    let pitch = size * LINE_PITCH;
    let top = centre.y - lines.len() as f64 * pitch / 2.0;
    let lines = lines
        .iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            pos: Coord {
                x: centre.x,
                y: top + (i as f64 + 0.5) * pitch + BASELINE_DROP * size,
            },
            size_mm: size,
            anchor: Anchor::Middle,
            text: text.clone(),
        })
        .collect();
    let half = Coord {
        x: width / 2.0,
        y: height / 2.0,
    };
    PlacedLabel {
        lines,
        bounds: Rect::new(centre - half, centre + half),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn lines() -> Vec<String> {
        vec!["301".into(), "25.84 m²".into(), "县自然资源和规划局".into()]
    }

    #[test]
    fn a_large_room_shows_all_three_lines_a_narrow_one_two_a_closet_none() {
        // 1:100, 10 mm per metre: labels are 3.2 mm (0.55 m × 10 clamped).
        let frame = PlanFrame::for_test(100.0);
        let office =
            polygon![(x: 0.0, y: 0.0), (x: 7.0, y: 0.0), (x: 7.0, y: 5.0), (x: 0.0, y: 5.0)];
        let label = place_label(&office, &lines(), &frame).expect("fits");
        assert_eq!(label.lines.len(), 3);
        assert_eq!(label.lines[0].size_mm, 3.2);
        // Centred on the room's centre (3.5, 2.5) → page (35, −25) with the origin at (0, 0).
        let centre = label.bounds.center();
        assert!((centre.x - 35.0).abs() < 1e-9 && (centre.y + 25.0).abs() < 1e-9);

        // 2.4 m wide: the unit name (9 ideographs, 28.8 mm) does not fit in 24 mm.
        let narrow =
            polygon![(x: 0.0, y: 0.0), (x: 2.4, y: 0.0), (x: 2.4, y: 5.0), (x: 0.0, y: 5.0)];
        let label = place_label(&narrow, &lines(), &frame).expect("fits");
        assert_eq!(label.lines.len(), 2);

        let closet =
            polygon![(x: 0.0, y: 0.0), (x: 0.8, y: 0.0), (x: 0.8, y: 0.8), (x: 0.0, y: 0.8)];
        assert!(place_label(&closet, &lines(), &frame).is_none());
    }

    #[test]
    fn an_l_shaped_room_is_labelled_inside_its_own_floor() {
        let frame = PlanFrame::for_test(100.0);
        // An L whose centroid (3.39, 3.39) lies in the notch (the arms are 2.5 m thick).
        let room = polygon![
            (x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 2.5),
            (x: 2.5, y: 2.5), (x: 2.5, y: 10.0), (x: 0.0, y: 10.0),
        ];
        let label = place_label(&room, &lines()[..2], &frame).expect("fits in an arm");
        let bounds = label.bounds;
        let in_plan = Rect::new(
            frame.plan_from_page(bounds.min()),
            frame.plan_from_page(bounds.max()),
        );
        assert!(room.contains(&in_plan.to_polygon()));
    }
}
