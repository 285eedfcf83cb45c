//! Drawing scales (比例) and the scale bar: round numbers a reader can measure with.

use geo::{Coord, Rect};

use super::layout::{Anchor, Metrics, TextLine};
use super::plan_frame::PlanFrame;

/// Scale factors of GB/T 50001-2017 (房屋建筑制图统一标准) §4.0.3, the common and the
/// optional ones together: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ.
const SCALE_STEPS: [f64; 9] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0];

/// Scale-bar lengths: 1, 2, 5 × 10ⁿ metres.
const LENGTH_STEPS: [f64; 3] = [5.0, 2.0, 1.0];

/// The smallest denominator of the standard series that is at least `min`, so a plan that
/// fits at 1:`min` also fits at 1:result.
///
/// ```
/// use officeplan::io::export::round_denominator;
/// assert_eq!(round_denominator(224.3), 250.0);
/// assert_eq!(round_denominator(200.0), 200.0);
/// assert_eq!(round_denominator(850.0), 1000.0);
/// ```
pub fn round_denominator(min: f64) -> f64 {
    if !min.is_finite() || min <= 0.0 {
        return 1.0;
    }
    let mut decade = decade_of(min);
    // Two decades always suffice: 8 × 10ⁿ < min ≤ 10ⁿ⁺¹ is the worst case.
    for _ in 0..2 {
        if let Some(d) = SCALE_STEPS
            .iter()
            .map(|s| s * decade)
            .find(|d| *d >= min * (1.0 - 1e-9))
        {
            return d;
        }
        decade *= 10.0;
    }
    decade
}

/// The longest 1, 2 or 5 × 10ⁿ metres that is not longer than `max_m`.
///
/// ```
/// use officeplan::io::export::round_length;
/// assert_eq!(round_length(10.0), 10.0);
/// assert_eq!(round_length(9.9), 5.0);
/// assert_eq!(round_length(0.3), 0.2);
/// ```
pub fn round_length(max_m: f64) -> f64 {
    if !max_m.is_finite() || max_m <= 0.0 {
        return 1.0;
    }
    let decade = decade_of(max_m);
    LENGTH_STEPS
        .iter()
        .map(|s| s * decade)
        .find(|l| *l <= max_m * (1.0 + 1e-9))
        .unwrap_or(decade)
}

/// A length in metres as printed: no trailing zeros (`10`, `0.5`).
pub fn format_length(m: f64) -> String {
    let text = format!("{m:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// 10ⁿ with 10ⁿ ≤ value < 10ⁿ⁺¹.
fn decade_of(value: f64) -> f64 {
    // log10 of a finite positive f64 lies within ±400, so the cast cannot truncate.
    10f64.powi(value.log10().floor() as i32)
}

/// A scale bar of a round length in alternating black and white segments.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleBar {
    /// Top-left of the bar.
    pub origin: Coord,
    pub length_m: f64,
    pub length_mm: f64,
    pub height: f64,
    pub segments: usize,
    /// `比例 1:200`, above the bar.
    pub ratio: TextLine,
    /// `0` under the bar's start.
    pub zero: TextLine,
    /// The length, e.g. `5 m`, under the bar's end.
    pub end: TextLine,
}

pub(super) fn place_scale_bar(m: &Metrics, plan: &PlanFrame, area: Rect) -> ScaleBar {
    let max_mm = (area.width() - m.scale_end_room).max(1.0);
    let length_m = round_length(max_mm / plan.mm_per_m);
    let length_mm = length_m * plan.mm_per_m;
    // 1 and 5 × 10ⁿ split in five, 2 × 10ⁿ in four: every tick is a round length.
    let leading = length_m / 10f64.powi(length_m.log10().floor() as i32);
    let segments = if (leading - 2.0).abs() < 1e-9 { 4 } else { 5 };
    let origin = Coord {
        x: area.min().x + 1.0,
        y: area.min().y + m.scale_text_mm + 2.5,
    };
    let labels_y = origin.y + m.scale_bar_height + m.scale_text_mm + 1.0;
    let text = |x: f64, y: f64, anchor: Anchor, text: String| TextLine {
        pos: Coord { x, y },
        size_mm: m.scale_text_mm,
        anchor,
        text,
    };
    ScaleBar {
        origin,
        length_m,
        length_mm,
        height: m.scale_bar_height,
        segments,
        ratio: text(
            area.min().x,
            area.min().y + m.scale_text_mm,
            Anchor::Start,
            crate::t!(
                "export.scale",
                denominator = format_length(plan.denominator)
            )
            .into_owned(),
        ),
        zero: text(origin.x, labels_y, Anchor::Middle, "0".to_owned()),
        end: text(
            origin.x + length_mm,
            labels_y,
            Anchor::Middle,
            crate::t!("export.length", length = format_length(length_m)).into_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denominators_come_from_the_standard_series() {
        assert_eq!(round_denominator(99.0), 100.0);
        assert_eq!(round_denominator(101.0), 150.0);
        assert_eq!(round_denominator(260.0), 300.0);
        assert_eq!(round_denominator(700.0), 800.0);
        assert_eq!(round_denominator(801.0), 1000.0);
        assert_eq!(round_denominator(0.9), 1.0);
        assert_eq!(round_denominator(f64::NAN), 1.0);
    }

    #[test]
    fn scale_bars_are_one_two_or_five() {
        // 40 mm of bar at 1:200 (5 mm per metre) holds 8 m: the bar shows 5 m.
        assert_eq!(round_length(40.0 / 5.0), 5.0);
        assert_eq!(round_length(25.0), 20.0);
        assert_eq!(round_length(1.0), 1.0);
        assert_eq!(round_length(0.0), 1.0);
        assert_eq!(format_length(20.0), "20");
        assert_eq!(format_length(0.5), "0.5");
        assert_eq!(format_length(round_length(0.3)), "0.2");
    }
}
