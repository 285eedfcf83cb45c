//! Where everything goes on a sheet, in page millimetres (x right, y down): the frame, the
//! title block, the footer, the plan at a round drawing scale, room labels, and the panel
//! with legend, north arrow and scale bar. The SVG writer draws what this decides and
//! decides nothing itself.

use geo::{BoundingRect as _, Coord, Rect};

use super::font::text_width_mm;
use super::label::{BASELINE_DROP, PlacedLabel, place_label};
use super::scale::{format_length, round_denominator, round_length};
use super::sheet::Sheet;
use crate::view::Rgb;

/// From the paper's edge to the frame.
const MARGIN: f64 = 10.0;
/// From the frame to what is inside it.
const PAD: f64 = 5.0;
/// Title block height, from the frame's top edge to its rule.
const HEADER: f64 = 22.0;
/// Footer height, from its rule to the frame's bottom edge.
const FOOTER: f64 = 9.0;
const TITLE_MM: f64 = 6.0;
const SUBTITLE_MM: f64 = 3.5;
const FOOTER_MM: f64 = 3.0;
/// Between the plan and the panel.
const GAP: f64 = 5.0;
/// Panel width beside the plan, and height below it.
const PANEL_WIDTH: f64 = 64.0;
const PANEL_HEIGHT: f64 = 40.0;
/// Legend: heading, then rows of swatch, label and room count.
const LEGEND_HEADING_MM: f64 = 3.5;
const LEGEND_TOP: f64 = 8.0;
const LEGEND_ROW: f64 = 6.0;
const LEGEND_TEXT_MM: f64 = 3.0;
const SWATCH: (f64, f64) = (7.0, 4.5);
const LEGEND_COLUMN_MIN: f64 = 60.0;
/// North arrow: radius and the block it sits in.
const NORTH_RADIUS: f64 = 7.0;
const NORTH_BLOCK: f64 = 24.0;
const NORTH_LETTER_MM: f64 = 3.5;
/// Scale bar: its block, bar thickness, text sizes.
const SCALE_BLOCK: f64 = 14.0;
const SCALE_BAR_HEIGHT: f64 = 1.6;
const SCALE_TEXT_MM: f64 = 2.8;
/// Room the scale bar's end label may take beyond the bar's end.
const SCALE_END_ROOM: f64 = 7.0;

/// How a line of text is aligned on its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text at a baseline position, page millimetres.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub pos: Coord,
    pub size_mm: f64,
    pub anchor: Anchor,
    pub text: String,
}

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
    fn fit(extent_in_plan: Rect, area_on_page: Rect) -> Self {
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

/// The north arrow: drawn pointing up around `centre`, then turned by the sheet's north.
#[derive(Clone, Debug, PartialEq)]
pub struct NorthArrow {
    pub centre: Coord,
    pub radius: f64,
    /// 北, upright, just beyond the arrow's tip.
    pub letter: TextLine,
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

/// Where the panel (legend, north arrow, scale bar) sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelSide {
    /// A column right of the plan: for plans about as tall as wide.
    Right,
    /// A band under the plan: for long, narrow buildings.
    Bottom,
}

/// Everything on a sheet, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct PageLayout {
    /// Paper width and height, millimetres.
    pub size: (f64, f64),
    /// The drawing frame (图框).
    pub frame: Rect,
    pub header_rule_y: f64,
    pub footer_rule_y: f64,
    pub title: TextLine,
    pub subtitle: TextLine,
    /// 制图日期 …, footer left.
    pub date: TextLine,
    /// `officeplan`, footer right.
    pub brand: TextLine,
    /// The plan's transform; `None` for a sheet without rooms.
    pub plan: Option<PlanFrame>,
    /// `labels[i]` is the label of `sheet.rooms[i]`, `None` where it does not fit.
    pub labels: Vec<Option<PlacedLabel>>,
    pub panel_side: PanelSide,
    pub legend: LegendLayout,
    pub north: NorthArrow,
    pub scale_bar: Option<ScaleBar>,
}

impl PageLayout {
    /// Lays out `sheet`: the panel goes right or below, whichever leaves the whole legend
    /// visible and the plan at the larger round scale.
    pub fn new(sheet: &Sheet) -> Self {
        let size = sheet.paper.size_mm();
        let frame = Rect::new(
            Coord {
                x: MARGIN,
                y: MARGIN,
            },
            Coord {
                x: size.0 - MARGIN,
                y: size.1 - MARGIN,
            },
        );
        let header_rule_y = frame.min().y + HEADER;
        let footer_rule_y = frame.max().y - FOOTER;
        let body = Rect::new(
            Coord {
                x: frame.min().x + PAD,
                y: header_rule_y + PAD,
            },
            Coord {
                x: frame.max().x - PAD,
                y: footer_rule_y - PAD,
            },
        );
        let text_width = frame.width() - 2.0 * PAD;
        let left = frame.min().x + PAD;
        let title = TextLine {
            pos: Coord {
                x: left,
                y: frame.min().y + PAD + TITLE_MM * 0.9,
            },
            size_mm: fitted_size(&sheet.title, TITLE_MM, text_width),
            anchor: Anchor::Start,
            text: sheet.title.clone(),
        };
        let subtitle = TextLine {
            pos: Coord {
                x: left,
                y: header_rule_y - PAD + 1.0,
            },
            size_mm: fitted_size(&sheet.subtitle, SUBTITLE_MM, text_width),
            anchor: Anchor::Start,
            text: sheet.subtitle.clone(),
        };
        let footer_baseline = (footer_rule_y + frame.max().y) / 2.0 + BASELINE_DROP * FOOTER_MM;
        let date = TextLine {
            pos: Coord {
                x: left,
                y: footer_baseline,
            },
            size_mm: FOOTER_MM,
            anchor: Anchor::Start,
            text: crate::t!("export.date", date = sheet.date).into_owned(),
        };
        let brand = TextLine {
            pos: Coord {
                x: frame.max().x - PAD,
                y: footer_baseline,
            },
            size_mm: FOOTER_MM,
            anchor: Anchor::End,
            text: "officeplan".to_owned(),
        };

        let extent = sheet
            .rooms
            .iter()
            .filter_map(|r| r.polygon.bounding_rect())
            .reduce(|a, b| {
                Rect::new(
                    Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                )
            });
        let panel = [PanelSide::Right, PanelSide::Bottom]
            .into_iter()
            .map(|side| Panel::new(side, body, sheet, extent))
            .max_by(|a, b| {
                (a.legend.more.is_none(), a.mm_per_m())
                    .partial_cmp(&(b.legend.more.is_none(), b.mm_per_m()))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            // Both candidates always exist; a sheet without rooms gets the right column.
            .unwrap_or_else(|| Panel::new(PanelSide::Right, body, sheet, extent));
        let labels = match &panel.plan {
            Some(plan) => sheet
                .rooms
                .iter()
                .map(|r| place_label(&r.polygon, &r.label, plan))
                .collect(),
            None => vec![None; sheet.rooms.len()],
        };
        Self {
            size,
            frame,
            header_rule_y,
            footer_rule_y,
            title,
            subtitle,
            date,
            brand,
            plan: panel.plan,
            labels,
            panel_side: panel.side,
            legend: panel.legend,
            north: panel.north,
            scale_bar: panel.scale_bar,
        }
    }
}

/// One way of splitting the body between plan and panel, with everything placed.
struct Panel {
    side: PanelSide,
    plan: Option<PlanFrame>,
    legend: LegendLayout,
    north: NorthArrow,
    scale_bar: Option<ScaleBar>,
}

impl Panel {
    fn new(side: PanelSide, body: Rect, sheet: &Sheet, extent: Option<Rect>) -> Self {
        let (min, max) = (body.min(), body.max());
        let (plan_area, panel) = match side {
            PanelSide::Right => (
                Rect::new(
                    min,
                    Coord {
                        x: max.x - PANEL_WIDTH - GAP,
                        y: max.y,
                    },
                ),
                Rect::new(
                    Coord {
                        x: max.x - PANEL_WIDTH,
                        y: min.y,
                    },
                    max,
                ),
            ),
            PanelSide::Bottom => (
                Rect::new(
                    min,
                    Coord {
                        x: max.x,
                        y: max.y - PANEL_HEIGHT - GAP,
                    },
                ),
                Rect::new(
                    Coord {
                        x: min.x,
                        y: max.y - PANEL_HEIGHT,
                    },
                    max,
                ),
            ),
        };
        let plan = extent.map(|e| PlanFrame::fit(e, plan_area));
        let (p0, p1) = (panel.min(), panel.max());
        // Legend area, north arrow centre and scale-bar block for each side.
        let (legend_area, columns, north_centre, scale_area) = match side {
            PanelSide::Right => (
                Rect::new(
                    p0,
                    Coord {
                        x: p1.x,
                        y: p1.y - NORTH_BLOCK - SCALE_BLOCK,
                    },
                ),
                1,
                Coord {
                    x: p0.x + NORTH_RADIUS + 2.0,
                    y: p1.y - SCALE_BLOCK - NORTH_BLOCK / 2.0,
                },
                Rect::new(
                    Coord {
                        x: p0.x,
                        y: p1.y - SCALE_BLOCK,
                    },
                    p1,
                ),
            ),
            PanelSide::Bottom => {
                let block_x = p1.x - PANEL_WIDTH;
                let legend_width = block_x - GAP - p0.x;
                let columns = ((legend_width / LEGEND_COLUMN_MIN).floor() as usize).max(1);
                let centre_y = (p0.y + p1.y) / 2.0;
                (
                    Rect::new(
                        p0,
                        Coord {
                            x: block_x - GAP,
                            y: p1.y,
                        },
                    ),
                    columns,
                    Coord {
                        x: block_x + NORTH_RADIUS + 2.0,
                        y: centre_y,
                    },
                    Rect::new(
                        Coord {
                            x: block_x + NORTH_BLOCK,
                            y: centre_y - SCALE_BLOCK / 2.0,
                        },
                        Coord {
                            x: p1.x,
                            y: centre_y + SCALE_BLOCK / 2.0,
                        },
                    ),
                )
            }
        };
        Self {
            side,
            plan,
            legend: place_legend(sheet, legend_area, columns),
            north: place_north(north_centre, sheet.north_deg),
            scale_bar: plan.map(|p| place_scale_bar(&p, scale_area)),
        }
    }

    fn mm_per_m(&self) -> f64 {
        self.plan.map_or(0.0, |p| p.mm_per_m)
    }
}

/// The legend in `columns` columns filling `area`; when rows run out, the last slot says how
/// many classes are not listed.
fn place_legend(sheet: &Sheet, area: Rect, columns: usize) -> LegendLayout {
    let heading = TextLine {
        pos: Coord {
            x: area.min().x,
            y: area.min().y + LEGEND_HEADING_MM,
        },
        size_mm: LEGEND_HEADING_MM,
        anchor: Anchor::Start,
        text: crate::t!("export.legend").into_owned(),
    };
    let rows_per_column = (((area.height() - LEGEND_TOP) / LEGEND_ROW).floor() as usize).max(1);
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
        y: area.min().y + LEGEND_TOP + (i % rows_per_column) as f64 * LEGEND_ROW,
    };
    let rows = entries
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, entry)| {
            let top_left = slot(i);
            let middle = top_left.y + LEGEND_ROW / 2.0;
            let baseline = middle + BASELINE_DROP * LEGEND_TEXT_MM;
            let count = crate::t!("export.room_count", count = entry.rooms).into_owned();
            let count_width = text_width_mm(&count, LEGEND_TEXT_MM);
            let right = top_left.x + column_width - 2.0;
            let label_x = top_left.x + SWATCH.0 + 2.0;
            LegendRow {
                swatch: Rect::new(
                    Coord {
                        x: top_left.x,
                        y: middle - SWATCH.1 / 2.0,
                    },
                    Coord {
                        x: top_left.x + SWATCH.0,
                        y: middle + SWATCH.1 / 2.0,
                    },
                ),
                color: entry.color,
                label: TextLine {
                    pos: Coord {
                        x: label_x,
                        y: baseline,
                    },
                    size_mm: LEGEND_TEXT_MM,
                    anchor: Anchor::Start,
                    text: ellipsize(
                        &entry.label,
                        LEGEND_TEXT_MM,
                        right - count_width - 2.0 - label_x,
                    ),
                },
                count: TextLine {
                    pos: Coord {
                        x: right,
                        y: baseline,
                    },
                    size_mm: LEGEND_TEXT_MM,
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
                y: top_left.y + LEGEND_ROW / 2.0 + BASELINE_DROP * LEGEND_TEXT_MM,
            },
            size_mm: LEGEND_TEXT_MM,
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

fn place_north(centre: Coord, north_deg: f64) -> NorthArrow {
    let (sin, cos) = north_deg.to_radians().sin_cos();
    // Just beyond the tip, in the direction the arrow points (page y grows downwards).
    let reach = NORTH_RADIUS + NORTH_LETTER_MM * 0.8;
    NorthArrow {
        centre,
        radius: NORTH_RADIUS,
        letter: TextLine {
            pos: Coord {
                x: centre.x + sin * reach,
                y: centre.y - cos * reach + BASELINE_DROP * NORTH_LETTER_MM,
            },
            size_mm: NORTH_LETTER_MM,
            anchor: Anchor::Middle,
            text: crate::t!("export.north").into_owned(),
        },
    }
}

fn place_scale_bar(plan: &PlanFrame, area: Rect) -> ScaleBar {
    let max_mm = (area.width() - SCALE_END_ROOM).max(1.0);
    let length_m = round_length(max_mm / plan.mm_per_m);
    let length_mm = length_m * plan.mm_per_m;
    // 1 and 5 × 10ⁿ split in five, 2 × 10ⁿ in four: every tick is a round length.
    let leading = length_m / 10f64.powi(length_m.log10().floor() as i32);
    let segments = if (leading - 2.0).abs() < 1e-9 { 4 } else { 5 };
    let origin = Coord {
        x: area.min().x + 1.0,
        y: area.min().y + SCALE_TEXT_MM + 2.5,
    };
    let labels_y = origin.y + SCALE_BAR_HEIGHT + SCALE_TEXT_MM + 1.0;
    let text = |x: f64, y: f64, anchor: Anchor, text: String| TextLine {
        pos: Coord { x, y },
        size_mm: SCALE_TEXT_MM,
        anchor,
        text,
    };
    ScaleBar {
        origin,
        length_m,
        length_mm,
        height: SCALE_BAR_HEIGHT,
        segments,
        ratio: text(
            area.min().x,
            area.min().y + SCALE_TEXT_MM,
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

/// `size` or smaller, so that `text` fits in `width`.
fn fitted_size(text: &str, size: f64, width: f64) -> f64 {
    let natural = text_width_mm(text, size);
    if natural > width && natural > 0.0 {
        size * width / natural
    } else {
        size
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
    use crate::io::export::{Paper, SheetRoom};
    use crate::view::LegendEntry;
    use geo::polygon;

    fn sheet(width_m: f64, depth_m: f64, legend: usize) -> Sheet {
        Sheet {
            title: "示范县 · 大院 · 主楼 · 3F".into(),
            subtitle: String::new(),
            date: "2026-09-30".into(),
            rooms: vec![SheetRoom {
                polygon: polygon![(x: 0.0, y: 0.0), (x: width_m, y: 0.0), (x: width_m, y: depth_m), (x: 0.0, y: depth_m)],
                fill: Rgb::new(166, 206, 227),
                label: vec!["101".into(), "1.00 m²".into()],
            }],
            legend: (0..legend)
                .map(|i| LegendEntry {
                    color: Rgb::new(200, 200, 200),
                    label: format!("单位{i}"),
                    rooms: 1,
                })
                .collect(),
            north_deg: 0.0,
            paper: Paper::A4,
        }
    }

    #[test]
    fn a_long_building_gets_the_panel_below_and_a_larger_scale() {
        // 47 × 13 m (行政服务中心主楼). Body: 267 × 149 mm on A4 (297 × 210 less frame and
        // padding, title block and footer). Beside: 198 mm wide → 1:236.4 → 1:250. Below:
        // 267 × 104 mm → 1:176 → 1:200.
        let layout = PageLayout::new(&sheet(47.0, 13.0, 3));
        assert_eq!(layout.panel_side, PanelSide::Bottom);
        let plan = layout.plan.expect("plan");
        assert_eq!(plan.denominator, 200.0);
        assert_eq!(plan.mm_per_m, 5.0);
        // The scale-bar block is 64 − 24 = 40 mm wide, 33 mm of bar at 5 mm/m: 5 m.
        let bar = layout.scale_bar.expect("scale bar");
        assert_eq!(bar.length_m, 5.0);
        assert_eq!(bar.length_mm, 25.0);
        assert_eq!(bar.end.text, crate::t!("export.length", length = "5"));
    }

    #[test]
    fn a_square_building_gets_the_panel_beside() {
        // 30 × 30 m: beside, 149 mm of height → 1:201 → 1:250; below, 104 mm → 1:288 → 1:300.
        let layout = PageLayout::new(&sheet(30.0, 30.0, 3));
        assert_eq!(layout.panel_side, PanelSide::Right);
        assert_eq!(layout.plan.map(|p| p.denominator), Some(250.0));
    }

    #[test]
    fn the_plan_is_centred_with_y_up() {
        let layout = PageLayout::new(&sheet(30.0, 30.0, 1));
        let plan = layout.plan.expect("plan");
        let top_left = plan.page_from_plan(Coord { x: 0.0, y: 30.0 });
        let bottom_right = plan.page_from_plan(Coord { x: 30.0, y: 0.0 });
        // 30 m at 4 mm/m = 120 mm, centred in the plan area (x 15…213, y 37…186).
        assert!((bottom_right.x - top_left.x - 120.0).abs() < 1e-9);
        assert!((bottom_right.y - top_left.y - 120.0).abs() < 1e-9);
        assert!((top_left.x - (15.0 + 213.0 - 120.0) / 2.0).abs() < 1e-9);
        assert!((top_left.y - (37.0 + 186.0 - 120.0) / 2.0).abs() < 1e-9);
        let back = plan.plan_from_page(top_left);
        assert!((back.x - 0.0).abs() < 1e-9 && (back.y - 30.0).abs() < 1e-9);
    }

    #[test]
    fn a_long_legend_ends_with_how_many_are_not_listed() {
        // Beside, 149 − 24 − 14 = 111 mm of legend: (111 − 8) / 6 = 17 rows. Below: 5 rows
        // in 3 columns of (267 − 64 − 5) / 3 = 66 mm. 40 entries fit in neither; the
        // square plan is larger beside (see above), so 16 are listed and "24 more".
        let layout = PageLayout::new(&sheet(30.0, 30.0, 40));
        assert_eq!(layout.panel_side, PanelSide::Right);
        assert_eq!(layout.legend.rows.len(), 16);
        let more = layout.legend.more.expect("more");
        assert_eq!(more.text, crate::t!("export.legend_more", count = 24));
    }

    #[test]
    fn a_north_arrow_turned_a_quarter_has_its_letter_on_the_right() {
        let north = place_north(Coord { x: 100.0, y: 100.0 }, 90.0);
        assert!(north.letter.pos.x > 100.0 + NORTH_RADIUS);
        assert!((north.letter.pos.y - 100.0 - BASELINE_DROP * NORTH_LETTER_MM).abs() < 1e-9);
    }

    #[test]
    fn long_text_is_cut_or_shrunk_to_fit() {
        let name = "示范县发展和改革局价格监测中心";
        let cut = ellipsize(name, 3.0, 30.0);
        assert!(cut.ends_with('…'));
        assert!(text_width_mm(&cut, 3.0) <= 30.0);
        // 15 ideographs at 3 mm = 45 mm; into 30 mm they shrink to 2 mm.
        assert!((fitted_size(name, 3.0, 30.0) - 2.0).abs() < 1e-9);
        assert_eq!(fitted_size("101", 3.0, 30.0), 3.0);
    }
}
