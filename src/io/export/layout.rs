//! Where everything goes on a sheet, in page millimetres (x right, y down): the frame, the
//! title block, the footer, the plan at a round drawing scale, room labels, and the panel
//! with legend, north arrow and scale bar. The SVG writer draws what this decides and
//! decides nothing itself.

use geo::{BoundingRect as _, Coord, Rect};

use super::font::text_width_mm;
use super::label::{BASELINE_DROP, PlacedLabel, place_label};
use super::legend::{LegendLayout, place_legend};
use super::north::{NorthArrow, place_north};
use super::plan_frame::PlanFrame;
use super::scale::{ScaleBar, place_scale_bar};
use super::sheet::{Paper, Sheet};

/// Sizes of the sheet's furniture (frame, title block, panel) on A4, millimetres; larger
/// paper scales them with its width, so an A3 sheet reads like an enlarged A4.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Metrics {
    /// From the paper's edge to the frame.
    pub(super) margin: f64,
    /// From the frame to what is inside it.
    pub(super) pad: f64,
    /// Title block height, from the frame's top edge to its rule.
    pub(super) header: f64,
    /// Footer height, from its rule to the frame's bottom edge.
    pub(super) footer: f64,
    pub(super) title_mm: f64,
    pub(super) subtitle_mm: f64,
    pub(super) footer_mm: f64,
    /// Between the plan and the panel.
    pub(super) gap: f64,
    /// Panel width beside the plan, and height below it.
    pub(super) panel_width: f64,
    pub(super) panel_height: f64,
    /// Legend: heading, then rows of swatch, label and room count.
    pub(super) legend_heading_mm: f64,
    pub(super) legend_top: f64,
    pub(super) legend_row: f64,
    pub(super) legend_text_mm: f64,
    pub(super) swatch: (f64, f64),
    pub(super) legend_column_min: f64,
    /// North arrow: radius and the block it sits in.
    pub(super) north_radius: f64,
    pub(super) north_block: f64,
    pub(super) north_letter_mm: f64,
    /// Scale bar: its block, bar thickness, text size, and the room its end label may take
    /// beyond the bar's end.
    pub(super) scale_block: f64,
    pub(super) scale_bar_height: f64,
    pub(super) scale_text_mm: f64,
    pub(super) scale_end_room: f64,
}

impl Metrics {
    pub(super) const A4: Metrics = Metrics {
        margin: 10.0,
        pad: 5.0,
        header: 22.0,
        footer: 9.0,
        title_mm: 6.0,
        subtitle_mm: 3.5,
        footer_mm: 3.0,
        gap: 5.0,
        panel_width: 64.0,
        panel_height: 40.0,
        legend_heading_mm: 3.5,
        legend_top: 8.0,
        legend_row: 6.0,
        legend_text_mm: 3.0,
        swatch: (7.0, 4.5),
        legend_column_min: 60.0,
        north_radius: 7.0,
        north_block: 24.0,
        north_letter_mm: 3.5,
        scale_block: 14.0,
        scale_bar_height: 1.6,
        scale_text_mm: 2.8,
        scale_end_room: 7.0,
    };

    pub(super) fn for_paper(paper: Paper) -> Self {
        let k = paper.size_mm().0 / Paper::A4.size_mm().0;
        let a = Self::A4;
        Self {
            margin: a.margin * k,
            pad: a.pad * k,
            header: a.header * k,
            footer: a.footer * k,
            title_mm: a.title_mm * k,
            subtitle_mm: a.subtitle_mm * k,
            footer_mm: a.footer_mm * k,
            gap: a.gap * k,
            panel_width: a.panel_width * k,
            panel_height: a.panel_height * k,
            legend_heading_mm: a.legend_heading_mm * k,
            legend_top: a.legend_top * k,
            legend_row: a.legend_row * k,
            legend_text_mm: a.legend_text_mm * k,
            swatch: (a.swatch.0 * k, a.swatch.1 * k),
            legend_column_min: a.legend_column_min * k,
            north_radius: a.north_radius * k,
            north_block: a.north_block * k,
            north_letter_mm: a.north_letter_mm * k,
            scale_block: a.scale_block * k,
            scale_bar_height: a.scale_bar_height * k,
            scale_text_mm: a.scale_text_mm * k,
            scale_end_room: a.scale_end_room * k,
        }
    }
}

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
        let m = &Metrics::for_paper(sheet.paper);
        let size = sheet.paper.size_mm();
        let frame = Rect::new(
            Coord {
                x: m.margin,
                y: m.margin,
            },
            Coord {
                x: size.0 - m.margin,
                y: size.1 - m.margin,
            },
        );
        let header_rule_y = frame.min().y + m.header;
        let footer_rule_y = frame.max().y - m.footer;
        let body = Rect::new(
            Coord {
                x: frame.min().x + m.pad,
                y: header_rule_y + m.pad,
            },
            Coord {
                x: frame.max().x - m.pad,
                y: footer_rule_y - m.pad,
            },
        );
        let text_width = frame.width() - 2.0 * m.pad;
        let left = frame.min().x + m.pad;
        let title = TextLine {
            pos: Coord {
                x: left,
                y: frame.min().y + m.pad + m.title_mm * 0.9,
            },
            size_mm: fitted_size(&sheet.title, m.title_mm, text_width),
            anchor: Anchor::Start,
            text: sheet.title.clone(),
        };
        let subtitle = TextLine {
            pos: Coord {
                x: left,
                y: header_rule_y - m.pad + 1.0,
            },
            size_mm: fitted_size(&sheet.subtitle, m.subtitle_mm, text_width),
            anchor: Anchor::Start,
            text: sheet.subtitle.clone(),
        };
        let footer_baseline = (footer_rule_y + frame.max().y) / 2.0 + BASELINE_DROP * m.footer_mm;
        let date = TextLine {
            pos: Coord {
                x: left,
                y: footer_baseline,
            },
            size_mm: m.footer_mm,
            anchor: Anchor::Start,
            text: crate::t!("export.date", date = sheet.date).into_owned(),
        };
        let brand = TextLine {
            pos: Coord {
                x: frame.max().x - m.pad,
                y: footer_baseline,
            },
            size_mm: m.footer_mm,
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
            .map(|side| Panel::new(m, side, body, sheet, extent))
            .max_by(|a, b| {
                (a.legend.more.is_none(), a.mm_per_m())
                    .partial_cmp(&(b.legend.more.is_none(), b.mm_per_m()))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            // Both candidates always exist; a sheet without rooms gets the right column.
            .unwrap_or_else(|| Panel::new(m, PanelSide::Right, body, sheet, extent));
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
    fn new(m: &Metrics, side: PanelSide, body: Rect, sheet: &Sheet, extent: Option<Rect>) -> Self {
        let (min, max) = (body.min(), body.max());
        let (plan_area, panel) = match side {
            PanelSide::Right => (
                Rect::new(
                    min,
                    Coord {
                        x: max.x - m.panel_width - m.gap,
                        y: max.y,
                    },
                ),
                Rect::new(
                    Coord {
                        x: max.x - m.panel_width,
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
                        y: max.y - m.panel_height - m.gap,
                    },
                ),
                Rect::new(
                    Coord {
                        x: min.x,
                        y: max.y - m.panel_height,
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
                        y: p1.y - m.north_block - m.scale_block,
                    },
                ),
                1,
                Coord {
                    x: p0.x + m.north_radius + 2.0,
                    y: p1.y - m.scale_block - m.north_block / 2.0,
                },
                Rect::new(
                    Coord {
                        x: p0.x,
                        y: p1.y - m.scale_block,
                    },
                    p1,
                ),
            ),
            PanelSide::Bottom => {
                let block_x = p1.x - m.panel_width;
                let legend_width = block_x - m.gap - p0.x;
                let columns = ((legend_width / m.legend_column_min).floor() as usize).max(1);
                let centre_y = (p0.y + p1.y) / 2.0;
                (
                    Rect::new(
                        p0,
                        Coord {
                            x: block_x - m.gap,
                            y: p1.y,
                        },
                    ),
                    columns,
                    Coord {
                        x: block_x + m.north_radius + 2.0,
                        y: centre_y,
                    },
                    Rect::new(
                        Coord {
                            x: block_x + m.north_block,
                            y: centre_y - m.scale_block / 2.0,
                        },
                        Coord {
                            x: p1.x,
                            y: centre_y + m.scale_block / 2.0,
                        },
                    ),
                )
            }
        };
        Self {
            side,
            plan,
            legend: place_legend(m, sheet, legend_area, columns),
            north: place_north(m, north_centre, sheet.north_deg),
            scale_bar: plan.map(|p| place_scale_bar(m, &p, scale_area)),
        }
    }

    fn mm_per_m(&self) -> f64 {
        self.plan.map_or(0.0, |p| p.mm_per_m)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::export::SheetRoom;
    use crate::view::{LegendEntry, Rgb};
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
    fn an_a3_sheet_is_an_enlarged_a4() {
        // A3 is 420 / 297 = √2 times as wide: frame, title and legend grow by that much.
        let k = 420.0 / 297.0;
        let mut a3 = sheet(47.0, 13.0, 3);
        a3.paper = Paper::A3;
        let layout = PageLayout::new(&a3);
        assert_eq!(layout.size, (420.0, 297.0));
        assert!((layout.frame.min().x - 10.0 * k).abs() < 1e-9);
        assert!((layout.title.size_mm - 6.0 * k).abs() < 1e-9);
        assert!((layout.legend.rows[0].label.size_mm - 3.0 * k).abs() < 1e-9);
        // The body is 377.6 × 210.7 mm; below the plan, 377.6 × 147.1 mm: 47 m → 1:124.5 → 1:150.
        assert_eq!(layout.plan.map(|p| p.denominator), Some(150.0));
    }

    #[test]
    fn a_long_title_is_shrunk_to_fit() {
        let name = "示范县发展和改革局价格监测中心";
        // 15 ideographs at 3 mm = 45 mm; into 30 mm they shrink to 2 mm.
        assert!((fitted_size(name, 3.0, 30.0) - 2.0).abs() < 1e-9);
        assert_eq!(fitted_size("101", 3.0, 30.0), 3.0);
    }
}
