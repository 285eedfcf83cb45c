//! The legend box: a heading, then one row per theme class (colour swatch, label, room
//! count) in as many columns as the panel holds; long labels are cut with an ellipsis and
//! classes beyond the last row are counted in a closing line.

use geo::{Coord, Rect};

use super::font::text_width_mm;
use super::label::BASELINE_DROP;
use super::layout::{Anchor, Metrics, TextLine};
use super::sheet::Sheet;
use crate::view::Rgb;

/// One legend row: colour swatch, label, room count.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    pub swatch: Rect,
    pub color: Rgb,
    pub label: TextLine,
    pub count: TextLine,
}

/// The legend box: heading, rows, and a last line for rows that did not fit.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendLayout {
    pub heading: TextLine,
    pub rows: Vec<LegendRow>,
    pub more: Option<TextLine>,
}

/// The legend in `columns` columns filling `area`; when rows run out, the last slot says how
/// many classes are not listed.
pub(super) fn place_legend(m: &Metrics, sheet: &Sheet, area: Rect, columns: usize) -> LegendLayout {
    let heading = TextLine {
        pos: Coord {
            x: area.min().x,
            y: area.min().y + m.legend_heading_mm,
        },
        size_mm: m.legend_heading_mm,
        anchor: Anchor::Start,
        text: crate::t!("export.legend").into_owned(),
    };
    let rows_per_column = (((area.height() - m.legend_top) / m.legend_row).floor() as usize).max(1);
    let capacity = rows_per_column * columns;
    let entries = &sheet.legend;
    let shown = if entries.len() > capacity {
        capacity.saturating_sub(1)
    } else {
        entries.len()
    };
    let column_width = area.width() / columns as f64;
    let slot = |i: usize| Coord {
        x: area.min().x + (i / rows_per_column) as f64 * column_width,
        y: area.min().y + m.legend_top + (i % rows_per_column) as f64 * m.legend_row,
    };
    let rows = entries
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, entry)| {
            let top_left = slot(i);
            let middle = top_left.y + m.legend_row / 2.0;
            let baseline = middle + BASELINE_DROP * m.legend_text_mm;
            let count = crate::t!("export.room_count", count = entry.rooms).into_owned();
            let count_width = text_width_mm(&count, m.legend_text_mm);
            let right = top_left.x + column_width - 2.0;
            let label_x = top_left.x + m.swatch.0 + 2.0;
            LegendRow {
                swatch: Rect::new(
                    Coord {
                        x: top_left.x,
                        y: middle - m.swatch.1 / 2.0,
                    },
                    Coord {
                        x: top_left.x + m.swatch.0,
                        y: middle + m.swatch.1 / 2.0,
                    },
                ),
                color: entry.color,
                label: TextLine {
                    pos: Coord {
                        x: label_x,
                        y: baseline,
                    },
                    size_mm: m.legend_text_mm,
                    anchor: Anchor::Start,
                    text: ellipsize(
                        &entry.label,
                        m.legend_text_mm,
                        right - count_width - 2.0 - label_x,
                    ),
                },
                count: TextLine {
                    pos: Coord {
                        x: right,
                        y: baseline,
                    },
                    size_mm: m.legend_text_mm,
                    anchor: Anchor::End,
                    text: count,
                },
            }
        })
        .collect();
    let more = (shown < entries.len()).then(|| {
        let top_left = slot(shown);
        TextLine {
            pos: Coord {
                x: top_left.x,
                y: top_left.y + m.legend_row / 2.0 + BASELINE_DROP * m.legend_text_mm,
            },
            size_mm: m.legend_text_mm,
            anchor: Anchor::Start,
            text: crate::t!("export.legend_more", count = entries.len() - shown).into_owned(),
        }
    });
    LegendLayout {
        heading,
        rows,
        more,
    }
}

/// `text`, cut with `…` so that it fits in `width` at `size`.
fn ellipsize(text: &str, size: f64, width: f64) -> String {
    if text_width_mm(text, size) <= width {
        return text.to_owned();
    }
    let mut cut = String::new();
    for c in text.chars() {
        let mut next = cut.clone();
        next.push(c);
        next.push('…');
        if text_width_mm(&next, size) > width {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_to_fit() {
        let name = "示范县发展和改革局价格监测中心";
        let cut = ellipsize(name, 3.0, 30.0);
        assert!(cut.ends_with('…'));
        assert!(text_width_mm(&cut, 3.0) <= 30.0);
        // Nine ideographs and the ellipsis (one em in this font) make 30 mm at 3 mm.
        assert_eq!(cut.chars().count(), 10);
        assert_eq!(ellipsize("县住建局", 3.0, 30.0), "县住建局");
    }
}
