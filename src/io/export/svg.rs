//! The sheet as an SVG document in millimetres — also what the PNG and the PDF are rendered
//! from. Each layer (frame, title block, rooms, labels, legend, north arrow, scale bar,
//! footer) is one small function over the [`PageLayout`].

use std::fmt::{self, Write as _};

use geo::{Coord, LineString, Rect};

use super::font::font_family;
use super::layout::{Anchor, PageLayout, TextLine};
use super::plan_frame::PlanFrame;
use super::sheet::Sheet;

/// Ink for outlines and text: near-black reads as black and prints without a black plate.
const INK: &str = "#1a1a1a";
const OUTLINE: &str = "#333333";
const MUTED: &str = "#666666";

/// The sheet as a standalone SVG document (`width`/`height` in mm, a viewBox in mm).
///
/// ```
/// use officeplan::io::export::{Sheet, to_svg};
/// use officeplan::view::{Theme, ThemeContext};
/// let sheet = Sheet::for_floor("示范县 · 3F", &[], &[], &ThemeContext::default(),
///     Theme::Unit, "2026-09-30", 0.0);
/// let svg = to_svg(&sheet);
/// assert!(svg.contains(r#"viewBox="0 0 297 210""#));
/// assert!(svg.contains("示范县 · 3F"));
/// ```
pub fn to_svg(sheet: &Sheet) -> String {
    to_svg_with(sheet, &PageLayout::new(sheet))
}

/// [`to_svg`] with a layout already made.
pub(super) fn to_svg_with(sheet: &Sheet, layout: &PageLayout) -> String {
    let mut out = String::with_capacity(16 * 1024 + sheet.rooms.len() * 512);
    // Writing into a String cannot fail.
    document(&mut out, sheet, layout).ok();
    out
}

fn document(out: &mut String, sheet: &Sheet, layout: &PageLayout) -> fmt::Result {
    let (w, h) = layout.size;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" font-family="'{}'">"#,
        escape(font_family())
    )?;
    writeln!(out, "<title>{}</title>", escape(&sheet.title))?;
    writeln!(out, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##)?;
    frame(out, layout)?;
    if let Some(plan) = &layout.plan {
        rooms(out, sheet, plan)?;
    }
    labels(out, layout)?;
    legend(out, layout)?;
    north_arrow(out, layout, sheet.north_deg)?;
    scale_bar(out, layout)?;
    writeln!(out, "</svg>")
}

/// Frame, title block and footer.
fn frame(out: &mut String, layout: &PageLayout) -> fmt::Result {
    let f = layout.frame;
    writeln!(out, r#"<g id="frame" stroke="{INK}" fill="none">"#)?;
    rect(out, f, "stroke-width=\"0.5\"")?;
    for y in [layout.header_rule_y, layout.footer_rule_y] {
        writeln!(
            out,
            r#"<line x1="{:.2}" y1="{y:.2}" x2="{:.2}" y2="{y:.2}" stroke-width="0.25"/>"#,
            f.min().x,
            f.max().x
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g id="title" fill="{INK}">"#)?;
    text(out, &layout.title)?;
    text(out, &layout.subtitle)?;
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g id="footer" fill="{MUTED}">"#)?;
    text(out, &layout.date)?;
    text(out, &layout.brand)?;
    writeln!(out, "</g>")
}

/// Room fills with their outlines; holes stay empty by the even-odd rule.
fn rooms(out: &mut String, sheet: &Sheet, plan: &PlanFrame) -> fmt::Result {
    writeln!(
        out,
        r#"<g id="rooms" stroke="{OUTLINE}" stroke-width="0.25" stroke-linejoin="round" fill-rule="evenodd">"#
    )?;
    for room in &sheet.rooms {
        write!(out, r#"<path fill="{}" d=""#, room.fill.hex())?;
        ring(out, room.polygon.exterior(), plan)?;
        for hole in room.polygon.interiors() {
            ring(out, hole, plan)?;
        }
        writeln!(out, r#""/>"#)?;
    }
    writeln!(out, "</g>")
}

fn ring(out: &mut String, ring: &LineString<f64>, plan: &PlanFrame) -> fmt::Result {
    // geo rings repeat their first point at the end; `Z` closes them instead.
    let open = ring.0.len().saturating_sub(usize::from(ring.is_closed()));
    for (i, c) in ring.0.iter().take(open).enumerate() {
        let p = plan.page_from_plan(*c);
        let command = if i == 0 { 'M' } else { 'L' };
        write!(out, "{command}{:.2} {:.2} ", p.x, p.y)?;
    }
    if open > 0 {
        write!(out, "Z ")?;
    }
    Ok(())
}

fn labels(out: &mut String, layout: &PageLayout) -> fmt::Result {
    writeln!(out, r#"<g id="labels" fill="{INK}">"#)?;
    for label in layout.labels.iter().flatten() {
        for line in &label.lines {
            text(out, line)?;
        }
    }
    writeln!(out, "</g>")
}

fn legend(out: &mut String, layout: &PageLayout) -> fmt::Result {
    let legend = &layout.legend;
    writeln!(out, r#"<g id="legend" fill="{INK}">"#)?;
    text(out, &legend.heading)?;
    for row in &legend.rows {
        rect(
            out,
            row.swatch,
            &format!(
                r#"fill="{}" stroke="{OUTLINE}" stroke-width="0.2""#,
                row.color.hex()
            ),
        )?;
        text(out, &row.label)?;
        text(out, &row.count)?;
    }
    if let Some(more) = &legend.more {
        text(out, more)?;
    }
    writeln!(out, "</g>")
}

/// A split arrowhead (dark left half, white right half) pointing up, turned clockwise by
/// `north_deg`; the letter stays upright beyond its tip.
fn north_arrow(out: &mut String, layout: &PageLayout, north_deg: f64) -> fmt::Result {
    let north = &layout.north;
    let Coord { x, y } = north.centre;
    let r = north.radius;
    let tip = (x, y - r);
    let notch = (x, y + r * 0.45);
    let left = (x - r * 0.5, y + r);
    let right = (x + r * 0.5, y + r);
    writeln!(out, r#"<g id="north-arrow">"#)?;
    writeln!(
        out,
        r#"<g transform="rotate({north_deg:.2} {x:.2} {y:.2})" stroke="{INK}" stroke-width="0.25" stroke-linejoin="round">"#
    )?;
    writeln!(
        out,
        r#"<path fill="{INK}" d="M{:.2} {:.2} L{:.2} {:.2} L{:.2} {:.2} Z"/>"#,
        tip.0, tip.1, left.0, left.1, notch.0, notch.1
    )?;
    writeln!(
        out,
        r##"<path fill="#ffffff" d="M{:.2} {:.2} L{:.2} {:.2} L{:.2} {:.2} Z"/>"##,
        tip.0, tip.1, notch.0, notch.1, right.0, right.1
    )?;
    writeln!(out, "</g>")?;
    write!(out, r#"<g fill="{INK}">"#)?;
    text(out, &north.letter)?;
    writeln!(out, "</g></g>")
}

fn scale_bar(out: &mut String, layout: &PageLayout) -> fmt::Result {
    let Some(bar) = &layout.scale_bar else {
        return Ok(());
    };
    writeln!(out, r#"<g id="scale-bar" fill="{INK}">"#)?;
    text(out, &bar.ratio)?;
    let step = bar.length_mm / bar.segments as f64;
    for i in 0..bar.segments {
        let x = bar.origin.x + i as f64 * step;
        let fill = if i % 2 == 0 { INK } else { "#ffffff" };
        rect(
            out,
            Rect::new(
                Coord { x, y: bar.origin.y },
                Coord {
                    x: x + step,
                    y: bar.origin.y + bar.height,
                },
            ),
            &format!(r#"fill="{fill}" stroke="{INK}" stroke-width="0.2""#),
        )?;
    }
    text(out, &bar.zero)?;
    text(out, &bar.end)?;
    writeln!(out, "</g>")
}

fn rect(out: &mut String, r: Rect, attributes: &str) -> fmt::Result {
    writeln!(
        out,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" {attributes}/>"#,
        r.min().x,
        r.min().y,
        r.width(),
        r.height()
    )
}

fn text(out: &mut String, line: &TextLine) -> fmt::Result {
    let anchor = match line.anchor {
        Anchor::Start => "",
        Anchor::Middle => r#" text-anchor="middle""#,
        Anchor::End => r#" text-anchor="end""#,
    };
    writeln!(
        out,
        r#"<text x="{:.2}" y="{:.2}" font-size="{:.2}"{anchor}>{}</text>"#,
        line.pos.x,
        line.pos.y,
        line.size_mm,
        escape(&line.text)
    )
}

/// Text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::export::{Paper, SheetRoom};
    use crate::view::Rgb;
    use geo::{LineString, Polygon};

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(
            escape(r#"A&B <"x"> 'y'"#),
            "A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos;"
        );
        assert_eq!(escape("a\u{1}b"), "ab");
    }

    #[test]
    fn a_room_with_a_column_is_one_even_odd_path_with_two_rings() {
        // 10 × 10 m meeting room with a 0.5 × 0.5 m column.
        let outer = LineString::from(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]);
        let column = LineString::from(vec![(5.0, 5.0), (5.5, 5.0), (5.5, 5.5), (5.0, 5.5)]);
        let sheet = Sheet {
            title: "<会议室> & 1F".into(),
            subtitle: String::new(),
            date: "2026-09-30".into(),
            rooms: vec![SheetRoom {
                polygon: Polygon::new(outer, vec![column]),
                fill: Rgb::new(178, 223, 138),
                label: vec!["101".into(), "99.75 m²".into()],
            }],
            legend: Vec::new(),
            north_deg: -15.0,
            paper: Paper::A3,
        };
        let svg = to_svg(&sheet);
        assert!(svg.contains(r#"viewBox="0 0 420 297""#));
        assert!(svg.contains("&lt;会议室&gt; &amp; 1F"));
        assert!(svg.contains(r#"fill-rule="evenodd""#));
        let path = svg
            .lines()
            .find(|l| l.contains("#b2df8a"))
            .expect("room path");
        assert_eq!(path.matches('M').count(), 2);
        assert_eq!(path.matches('Z').count(), 2);
        assert!(svg.contains("rotate(-15.00 "));
        assert!(svg.contains(">101</text>"));
    }
}
