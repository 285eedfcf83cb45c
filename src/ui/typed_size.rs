//! The typed size of the rectangle tool (矩形 宽×高): a person who knows a room is 6 m by
//! 4.5 m types `6 × 4.5` and clicks one corner, rather than hunting for the other corner
//! with the pointer.

/// The largest side a typed room may have, m: a typo (`60` for `6.0`) of a few hundred
/// metres is refused rather than drawn far beyond the building.
pub const MAX_SIDE_M: f64 = 500.0;

/// Characters that separate width and height: the multiplication sign, x, *, a comma (also
/// full-width) or spaces.
const SEPARATORS: [char; 8] = ['×', 'x', 'X', '*', '＊', ',', '，', 'ｘ'];

/// Reads `width × height` in metres. An empty text is `Ok(None)` (no typed size: the
/// rectangle is drawn by two clicks); anything else that is not two positive sizes up to
/// [`MAX_SIDE_M`] is refused with the reason.
///
/// ```
/// use officeplan::ui::typed_size::parse_size;
/// assert_eq!(parse_size("6 × 4.5"), Ok(Some((6.0, 4.5))));
/// assert_eq!(parse_size("  "), Ok(None));
/// assert!(parse_size("6").is_err());
/// ```
pub fn parse_size(text: &str) -> Result<Option<(f64, f64)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text
        .split(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let refused = || crate::t!("drawing.size_refused", text = text).into_owned();
    let [width, height] = parts.as_slice() else {
        return Err(refused());
    };
    let side = |s: &str| {
        s.trim_end_matches(['m', 'M'])
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0 && *v <= MAX_SIDE_M)
    };
    match (side(width), side(height)) {
        (Some(w), Some(h)) => Ok(Some((w, h))),
        _ => Err(refused()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_ways_of_typing_a_size() {
        for text in [
            "6 × 4.5",
            "6x4.5",
            "6 X 4.5",
            "6*4.5",
            "6，4.5",
            "6 4.5",
            "6m × 4.5m",
        ] {
            assert_eq!(parse_size(text), Ok(Some((6.0, 4.5))), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_two_positive_sizes() {
        for text in ["6", "6 × 4.5 × 3", "0 × 4", "-6 × 4", "6 × abc", "600 × 4"] {
            assert!(parse_size(text).is_err(), "{text}");
        }
        assert_eq!(parse_size(""), Ok(None));
    }
}
