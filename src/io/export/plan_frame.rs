//! The plan↔page transform: plan metres (x right, y up) to page millimetres (x right, y
//! down) at a round drawing scale. Every layer that draws plan geometry goes through it.

use geo::{Coord, Rect};

use super::scale::round_denominator;

/// The plan↔page transform at a round drawing scale (1:`denominator`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanFrame {
    pub denominator: f64,
    /// Paper millimetres per plan metre: 1000 / denominator.
    pub mm_per_m: f64,
    /// The plan point drawn at `page_origin`: the top-left of the plan's extent.
    plan_origin: Coord,
    page_origin: Coord,
}

impl PlanFrame {
    /// The largest round scale at which `extent_in_plan` fits in `area_on_page`, centred.
    pub(super) fn fit(extent_in_plan: Rect, area_on_page: Rect) -> Self {
        let min_denominator = (extent_in_plan.width() * 1000.0 / area_on_page.width())
            .max(extent_in_plan.height() * 1000.0 / area_on_page.height());
        let denominator = round_denominator(min_denominator);
        let mm_per_m = 1000.0 / denominator;
        let drawn = Coord {
            x: extent_in_plan.width() * mm_per_m,
            y: extent_in_plan.height() * mm_per_m,
        };
        Self {
            denominator,
            mm_per_m,
            plan_origin: Coord {
                x: extent_in_plan.min().x,
                y: extent_in_plan.max().y,
            },
            page_origin: area_on_page.center() - drawn / 2.0,
        }
    }

    /// A plan point (metres, y up) on the page (millimetres, y down).
    pub fn page_from_plan(&self, pos_in_plan: Coord) -> Coord {
        Coord {
            x: self.page_origin.x + (pos_in_plan.x - self.plan_origin.x) * self.mm_per_m,
            y: self.page_origin.y + (self.plan_origin.y - pos_in_plan.y) * self.mm_per_m,
        }
    }

    /// The inverse of [`PlanFrame::page_from_plan`].
    pub fn plan_from_page(&self, pos_on_page: Coord) -> Coord {
        Coord {
            x: self.plan_origin.x + (pos_on_page.x - self.page_origin.x) / self.mm_per_m,
            y: self.plan_origin.y - (pos_on_page.y - self.page_origin.y) / self.mm_per_m,
        }
    }

    /// 1:`denominator` with both origins at zero.
    #[cfg(test)]
    pub(super) fn for_test(denominator: f64) -> Self {
        Self {
            denominator,
            mm_per_m: 1000.0 / denominator,
            plan_origin: Coord::zero(),
            page_origin: Coord::zero(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_fits_at_the_next_round_scale_centred() {
        // 47 × 13 m into 198 × 149 mm: 47 000 / 198 = 1:237.4 → 1:250, 4 mm per metre.
        let extent = Rect::new(Coord { x: 0.3, y: 0.3 }, Coord { x: 47.3, y: 13.3 });
        let area = Rect::new(Coord { x: 15.0, y: 37.0 }, Coord { x: 213.0, y: 186.0 });
        let frame = PlanFrame::fit(extent, area);
        assert_eq!(frame.denominator, 250.0);
        assert_eq!(frame.mm_per_m, 4.0);
        // 188 × 52 mm drawn, centred on (114, 111.5); the plan's top-left is (0.3, 13.3).
        let top_left = frame.page_from_plan(Coord { x: 0.3, y: 13.3 });
        assert!((top_left.x - 20.0).abs() < 1e-9 && (top_left.y - 85.5).abs() < 1e-9);
        let bottom_right = frame.page_from_plan(Coord { x: 47.3, y: 0.3 });
        assert!((bottom_right.x - 208.0).abs() < 1e-9 && (bottom_right.y - 137.5).abs() < 1e-9);
        let back = frame.plan_from_page(bottom_right);
        assert!((back.x - 47.3).abs() < 1e-9 && (back.y - 0.3).abs() < 1e-9);
    }
}
