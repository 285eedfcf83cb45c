//! The site map: every building placed by its anchor (longitude, latitude) on a local metric
//! grid, drawn as its footprint (rotated by its `rotation_deg`) or a marker, with its name.
//! Offline: no tiles. A click on a building opens it in the navigator.

use egui::{Color32, Pos2, Sense, Shape, Stroke, pos2};
use geo::Coord;

use super::projector::Projector;
use crate::store::ProjectIndex;
use crate::workspace::region_groups::ScopeView;

/// Metres per degree of latitude (WGS 84 mean), and of longitude at the equator.
const M_PER_DEG_LAT: f64 = 110_574.0;
const M_PER_DEG_LON: f64 = 111_320.0;

/// A building drawn on the site map, in local metres (x east, y north).
#[derive(Clone, Debug)]
pub struct PlacedBuilding {
    pub index: usize,
    pub name: String,
    pub outline: Vec<Coord<f64>>,
    pub center: Coord<f64>,
}

/// Where each building that `keep` keeps stands: its anchor, or failing that its compound's
/// position.
fn anchors(index: &ProjectIndex, keep: impl Fn(usize) -> bool) -> Vec<(usize, (f64, f64))> {
    index
        .buildings
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .filter_map(|(i, b)| {
            let site = index.sites.get(b.site).and_then(|s| s.site.lon_lat);
            b.building.anchor_lon_lat.or(site).map(|a| (i, a))
        })
        .collect()
}

/// The site map's local frame: metres east and north of the mean anchor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SiteFrame {
    lon0: f64,
    lat0: f64,
    cos: f64,
}

impl SiteFrame {
    /// The frame of the buildings placed (those `keep` keeps, by their index: the scope
    /// shown), or `None` when none is.
    pub fn of(index: &ProjectIndex, keep: impl Fn(usize) -> bool) -> Option<Self> {
        Self::of_anchors(&anchors(index, keep))
    }

    fn of_anchors(anchors: &[(usize, (f64, f64))]) -> Option<Self> {
        if anchors.is_empty() {
            return None;
        }
        let n = anchors.len() as f64;
        let lon0 = anchors.iter().map(|(_, a)| a.0).sum::<f64>() / n;
        let lat0 = anchors.iter().map(|(_, a)| a.1).sum::<f64>() / n;
        Some(Self {
            lon0,
            lat0,
            cos: lat0.to_radians().cos(),
        })
    }

    /// A point of the map (metres) as longitude and latitude.
    pub fn lon_lat(&self, at: Coord<f64>) -> (f64, f64) {
        (
            self.lon0 + at.x / (M_PER_DEG_LON * self.cos),
            self.lat0 + at.y / M_PER_DEG_LAT,
        )
    }
}

/// Places the buildings of the scope shown that have an anchor (or, failing that, their
/// compound's position), each named as the scope names it (with its region's name while
/// several regions are shown).
pub fn place(index: &ProjectIndex, view: ScopeView<'_>) -> Vec<PlacedBuilding> {
    let anchors = anchors(index, |b| view.holds_building(index, b));
    let Some(SiteFrame { lon0, lat0, cos }) = SiteFrame::of_anchors(&anchors) else {
        return Vec::new();
    };
    anchors
        .into_iter()
        .filter_map(|(i, (lon, lat))| {
            let entry = index.buildings.get(i)?;
            let origin = Coord {
                x: (lon - lon0) * M_PER_DEG_LON * cos,
                y: (lat - lat0) * M_PER_DEG_LAT,
            };
            let (sin_r, cos_r) = (-entry.building.rotation_deg).to_radians().sin_cos();
            let outline: Vec<Coord<f64>> = match &entry.building.footprint {
                Some(p) => p
                    .exterior()
                    .0
                    .iter()
                    .map(|c| Coord {
                        x: origin.x + c.x * cos_r - c.y * sin_r,
                        y: origin.y + c.x * sin_r + c.y * cos_r,
                    })
                    .collect(),
                None => [(-8.0, -8.0), (8.0, -8.0), (8.0, 8.0), (-8.0, 8.0)]
                    .iter()
                    .map(|(x, y)| Coord {
                        x: origin.x + x,
                        y: origin.y + y,
                    })
                    .collect(),
            };
            let k = outline.len().max(1) as f64;
            let center = Coord {
                x: outline.iter().map(|c| c.x).sum::<f64>() / k,
                y: outline.iter().map(|c| c.y).sum::<f64>() / k,
            };
            Some(PlacedBuilding {
                index: i,
                name: view.building_label(index, i),
                outline,
                center,
            })
        })
        .collect()
}

/// The site map's view state.
#[derive(Default)]
pub struct SiteMap {
    projector: Option<Projector>,
    /// Where the last click on no building fell, in map metres (for placing by a click).
    pub clicked_at: Option<Coord<f64>>,
}

impl SiteMap {
    /// Fits all buildings on the next frame.
    pub fn fit(&mut self) {
        self.projector = None;
    }

    /// Shows the map; returns the building clicked.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        placed: &[PlacedBuilding],
        selected: Option<usize>,
    ) -> Option<usize> {
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        let rect = response.rect;
        painter.rect_filled(rect, 0.0, Color32::from_rgb(244, 242, 236));
        if placed.is_empty() {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                crate::t!("site_map.empty"),
                egui::FontId::proportional(14.0),
                Color32::DARK_GRAY,
            );
            return None;
        }
        let projector = self.projector.get_or_insert_with(|| {
            let mut min = Coord {
                x: f64::MAX,
                y: f64::MAX,
            };
            let mut max = Coord {
                x: f64::MIN,
                y: f64::MIN,
            };
            for c in placed.iter().flat_map(|b| b.outline.iter()) {
                min = Coord {
                    x: min.x.min(c.x),
                    y: min.y.min(c.y),
                };
                max = Coord {
                    x: max.x.max(c.x),
                    y: max.y.max(c.y),
                };
            }
            let pad = ((max.x - min.x).max(max.y - min.y) * 0.08).max(20.0);
            Projector::fit(
                Coord {
                    x: min.x - pad,
                    y: min.y - pad,
                },
                Coord {
                    x: max.x + pad,
                    y: max.y + pad,
                },
                rect,
            )
        });
        projector.navigate(ui, &response, true);
        let projector = *projector;
        let painter = painter.with_clip_rect(rect);
        let hover = response.hover_pos();
        let mut hovered = None;
        // Labels are placed beside their building and moved down until they overlap no other.
        let mut taken: Vec<egui::Rect> = Vec::new();
        for b in placed {
            let points: Vec<Pos2> = b
                .outline
                .iter()
                .map(|c| projector.ui_from_plan(*c))
                .collect();
            let bounds = egui::Rect::from_points(&points);
            // A building smaller than a marker on screen is drawn as a marker.
            let marker = bounds.width().max(bounds.height()) < 10.0;
            let shape_rect = if marker {
                egui::Rect::from_center_size(bounds.center(), egui::vec2(10.0, 10.0))
            } else {
                bounds
            };
            let is_hovered = hover.is_some_and(|h| {
                if marker {
                    shape_rect.expand(3.0).contains(h)
                } else {
                    use geo::Contains as _;
                    let polygon =
                        geo::Polygon::new(geo::LineString::from(b.outline.clone()), vec![]);
                    polygon.contains(&geo::Point::from(projector.plan_from_ui(h)))
                }
            });
            if is_hovered {
                hovered = Some(b.index);
            }
            let fill = if selected == Some(b.index) {
                Color32::from_rgb(66, 133, 200)
            } else if is_hovered {
                Color32::from_rgb(150, 190, 225)
            } else {
                Color32::from_rgb(200, 190, 175)
            };
            let stroke = Stroke::new(1.5, Color32::from_gray(60));
            if marker {
                painter.rect(shape_rect, 2.0, fill, stroke, egui::StrokeKind::Middle);
            } else {
                painter.add(Shape::convex_polygon(points.clone(), fill, Stroke::NONE));
                painter.add(Shape::closed_line(points, stroke));
            }
            let galley = painter.layout_no_wrap(
                b.name.clone(),
                egui::FontId::proportional(12.0),
                Color32::from_gray(20),
            );
            // Right of the building, or left of it where the map ends.
            let x = if shape_rect.right() + 4.0 + galley.size().x > rect.right() {
                shape_rect.left() - 4.0 - galley.size().x
            } else {
                shape_rect.right() + 4.0
            };
            let mut at = pos2(x, shape_rect.center().y - galley.size().y / 2.0);
            let mut label = egui::Rect::from_min_size(at, galley.size());
            while taken.iter().any(|t| t.intersects(label)) {
                at.y += galley.size().y + 1.0;
                label = egui::Rect::from_min_size(at, galley.size());
            }
            if label.top() - shape_rect.center().y > galley.size().y {
                let from = if x < shape_rect.left() {
                    shape_rect.left_center()
                } else {
                    shape_rect.right_center()
                };
                let to_x = if x < shape_rect.left() {
                    label.right()
                } else {
                    at.x
                };
                painter.line_segment(
                    [from, pos2(to_x, label.center().y)],
                    Stroke::new(0.8, Color32::from_gray(120)),
                );
            }
            taken.push(label);
            painter.galley(at, galley, Color32::from_gray(20));
        }
        // North arrow, top right: the map's y axis is north.
        let tip = pos2(rect.right() - 30.0, rect.top() + 20.0);
        painter.add(Shape::convex_polygon(
            vec![
                tip,
                tip + egui::vec2(8.0, 24.0),
                tip + egui::vec2(-8.0, 24.0),
            ],
            Color32::from_gray(40),
            Stroke::NONE,
        ));
        painter.text(
            tip + egui::vec2(0.0, 34.0),
            egui::Align2::CENTER_CENTER,
            crate::t!("site_map.north"),
            egui::FontId::proportional(12.0),
            Color32::from_gray(40),
        );
        super::canvas::paint_scale_bar(&painter, &projector, rect);
        if let Some(h) = hovered
            && let Some(b) = placed.iter().find(|b| b.index == h)
        {
            response
                .clone()
                .on_hover_text_at_pointer(crate::t!("site_map.open", name = b.name).as_ref());
        }
        if response.clicked() && hovered.is_none() {
            self.clicked_at = response
                .interact_pointer_pos()
                .map(|p| projector.plan_from_ui(p));
        }
        if response.clicked() { hovered } else { None }
    }
}
