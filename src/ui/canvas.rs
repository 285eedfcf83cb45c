//! The plan canvas: one floor's rooms filled by the current theme, with outlines, labels,
//! hover, selection, box selection, a scale bar and a measure tool.
//!
//! Drawing is split into small layers that all go through the one [`Projector`]. What depends
//! only on the floor and the theme (triangulated fills, outlines, the R-tree for hit tests,
//! label anchors) is built once into a [`PlanCache`] and reused until the floor, the theme or
//! the project changes; a frame only transforms the cached vertices.

use std::sync::Arc;

use egui::epaint::{Vertex, WHITE_UV};
use egui::{Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2, vec2};
use geo::{Area as _, BoundingRect as _, Contains as _, Coord, TriangulateEarcut as _};
use rstar::{AABB, RTree, RTreeObject};

use super::drag::Payload;
use super::projector::Projector;
use super::sketch::{Gesture, Sketch, SketchFrame};
use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::io::export::{format_length, round_length};
use crate::model::Uuid;
use crate::view::{Rgb, Theme, ThemeContext};
use crate::workspace::FloorPlan;

/// What a click on the canvas does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Click to select, shift-click to add, shift-drag to box-select; drag pans.
    #[default]
    Select,
    /// Click points to measure a distance (and, from three points, an area).
    Measure,
    /// Two clicks, opposite corners: a new rectangular room (矩形).
    Rectangle,
    /// Click vertices; double-click, Enter or a click on the first vertex closes (多边形).
    Polygon,
    /// Two clicks: a line that splits the selected room in two (分割).
    Split,
    /// Drag, insert and remove the selected room's vertices (编辑顶点).
    Vertices,
    /// Click two points of the underlay a known distance apart, then (optionally) the plan
    /// point where the first belongs (校准底图).
    Calibrate,
}

impl Tool {
    /// Whether the tool draws or reshapes rooms (see [`super::sketch`]).
    pub fn draws(self) -> bool {
        matches!(
            self,
            Self::Rectangle | Self::Polygon | Self::Split | Self::Vertices | Self::Calibrate
        )
    }
}

/// A room's bounding box in the R-tree, with its index in the floor plan.
#[derive(Clone, Debug)]
struct RoomBox {
    index: usize,
    envelope: AABB<[f64; 2]>,
}

impl RTreeObject for RoomBox {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// A label's anchor and the room's size, in plan metres.
#[derive(Clone, Debug)]
struct LabelAnchor {
    at: Coord<f64>,
    width_m: f64,
    height_m: f64,
    text: String,
}

/// Everything about a floor's drawing that does not change with pan and zoom.
pub struct PlanCache {
    floor: Uuid,
    generation: u64,
    theme: Theme,
    /// Triangulated fills, positions in plan metres (x, y up) stored as `Pos2`.
    fill: Mesh,
    /// Exterior and interior rings of every room, plan metres.
    outlines: Vec<Vec<Pos2>>,
    /// For each room, the range of `outlines` that belongs to it.
    room_outlines: Vec<std::ops::Range<usize>>,
    tree: RTree<RoomBox>,
    labels: Vec<LabelAnchor>,
    bounds: Option<(Coord<f64>, Coord<f64>)>,
}

/// The fill of a room with invalid geometry (a warning red, half transparent).
const PROBLEM_FILL: Color32 = Color32::from_rgba_premultiplied(160, 20, 20, 160);

fn color(c: Rgb) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

impl PlanCache {
    /// Triangulates and indexes a floor for a theme.
    pub fn build(plan: &FloorPlan, theme: Theme, context: &ThemeContext, generation: u64) -> Self {
        let mut fill = Mesh::default();
        let mut outlines = Vec::with_capacity(plan.rooms.len());
        let mut room_outlines = Vec::with_capacity(plan.rooms.len());
        let mut boxes = Vec::with_capacity(plan.rooms.len());
        let mut labels = Vec::with_capacity(plan.rooms.len());
        let mut bounds: Option<(Coord<f64>, Coord<f64>)> = None;
        for (i, room) in plan.rooms.iter().enumerate() {
            // A room whose polygon cannot be measured is marked whatever the theme: its area
            // is unknown and its shape is not what the planner sees elsewhere.
            let problem = plan.problems.get(i).is_some_and(Option::is_some);
            let fill_color = if problem {
                PROBLEM_FILL
            } else {
                color(context.fill(theme, room))
            };
            let triangulation = room.polygon.earcut_triangles_raw();
            let base = fill.vertices.len() as u32;
            for [x, y] in &triangulation.vertices {
                fill.vertices.push(Vertex {
                    pos: pos2(*x as f32, *y as f32),
                    uv: WHITE_UV,
                    color: fill_color,
                });
            }
            fill.indices.extend(
                triangulation
                    .triangle_indices
                    .iter()
                    .map(|t| base + *t as u32),
            );
            let start = outlines.len();
            for ring in std::iter::once(room.polygon.exterior()).chain(room.polygon.interiors()) {
                outlines.push(
                    ring.0
                        .iter()
                        .map(|c| pos2(c.x as f32, c.y as f32))
                        .collect(),
                );
            }
            room_outlines.push(start..outlines.len());
            if let Some(rect) = room.polygon.bounding_rect() {
                boxes.push(RoomBox {
                    index: i,
                    envelope: AABB::from_corners(
                        [rect.min().x, rect.min().y],
                        [rect.max().x, rect.max().y],
                    ),
                });
                bounds = Some(widen_bounds(bounds, rect));
                let area = plan.areas.get(i).copied().unwrap_or(0.0);
                labels.push(LabelAnchor {
                    at: label_point(&room.polygon, rect.center()),
                    width_m: rect.width(),
                    height_m: rect.height(),
                    text: if problem {
                        format!("{}\n{}", room.number, crate::t!("canvas.geometry_problem"))
                    } else {
                        context.room_label(room, area).join("\n")
                    },
                });
            } else {
                labels.push(LabelAnchor {
                    at: Coord { x: 0.0, y: 0.0 },
                    width_m: 0.0,
                    height_m: 0.0,
                    text: String::new(),
                });
            }
        }
        Self {
            floor: plan.floor,
            generation,
            theme,
            fill,
            outlines,
            room_outlines,
            tree: RTree::bulk_load(boxes),
            labels,
            bounds,
        }
    }

    /// Whether this cache still draws `floor` in `theme` at `generation`.
    pub fn is_for(&self, floor: &Uuid, theme: Theme, generation: u64) -> bool {
        self.floor == *floor && self.theme == theme && self.generation == generation
    }

    /// The room under a plan position: the smallest one containing it (a room inside a
    /// larger open-plan area wins).
    pub fn room_at(&self, plan: &FloorPlan, at: Coord<f64>) -> Option<usize> {
        let point = geo::Point::from(at);
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([at.x, at.y]))
            .filter(|b| {
                plan.rooms
                    .get(b.index)
                    .is_some_and(|r| r.polygon.contains(&point))
            })
            .min_by(|a, b| {
                let area = |i: usize| {
                    plan.rooms
                        .get(i)
                        .map_or(f64::MAX, |r| r.polygon.unsigned_area())
                };
                area(a.index).total_cmp(&area(b.index))
            })
            .map(|b| b.index)
    }

    /// Rooms whose bounding box lies inside a plan rectangle.
    pub fn rooms_in(&self, min: Coord<f64>, max: Coord<f64>) -> Vec<usize> {
        let query = AABB::from_corners([min.x, min.y], [max.x, max.y]);
        self.tree
            .locate_in_envelope(&query)
            .map(|b| b.index)
            .collect()
    }

    /// Rooms whose bounding box comes within `radius` of a plan point.
    pub fn rooms_near(&self, at: Coord<f64>, radius: f64) -> Vec<usize> {
        let query = AABB::from_corners(
            [at.x - radius, at.y - radius],
            [at.x + radius, at.y + radius],
        );
        self.tree
            .locate_in_envelope_intersecting(&query)
            .map(|b| b.index)
            .collect()
    }

    /// The plan extent of the floor.
    pub fn bounds(&self) -> Option<(Coord<f64>, Coord<f64>)> {
        self.bounds
    }

    /// The shapes of one frame: fills, outlines and the labels that fit at this zoom.
    /// `layout` turns a label into a galley (egui caches them between frames).
    pub fn frame_shapes(
        &self,
        projector: &Projector,
        clip: Rect,
        text_color: Color32,
        mut layout: impl FnMut(String) -> Arc<egui::Galley>,
    ) -> Vec<Shape> {
        let mut shapes = Vec::with_capacity(2 + self.outlines.len() + self.labels.len());
        let mut fill = self.fill.clone();
        for v in &mut fill.vertices {
            v.pos = ui_from_cached(projector, v.pos);
        }
        shapes.push(Shape::mesh(fill));
        // Outlines as one mesh of thin quads: as many path shapes, egui's stroke
        // tessellation cost 20 times the rest of the frame on a 5,000-room floor.
        let mut outlines = Mesh::default();
        let (color, half) = (Color32::from_gray(70), 0.5);
        for ring in &self.outlines {
            let mut previous: Option<Pos2> = None;
            for p in ring {
                let at = ui_from_cached(projector, *p);
                if let Some(from) = previous {
                    push_segment(&mut outlines, from, at, half, color);
                }
                previous = Some(at);
            }
        }
        shapes.push(Shape::mesh(outlines));
        for label in &self.labels {
            let width = label.width_m as f32 * projector.scale;
            let height = label.height_m as f32 * projector.scale;
            // Too small for even a room number.
            if width < 16.0 || height < 12.0 || label.text.is_empty() {
                continue;
            }
            let at = projector.ui_from_plan(label.at);
            if !clip.expand(width.max(height)).contains(at) {
                continue;
            }
            let galley = layout(label.text.clone());
            let size = galley.size();
            if size.x > width - 4.0 || size.y > height - 4.0 {
                // Fall back to the first line (the room number) when the whole label does not fit.
                let first = label.text.lines().next().unwrap_or_default().to_owned();
                let galley = layout(first);
                let size = galley.size();
                if size.x <= width - 2.0 && size.y <= height - 2.0 {
                    shapes.push(Shape::galley(at - size / 2.0, galley, text_color));
                }
                continue;
            }
            shapes.push(Shape::galley(at - size / 2.0, galley, text_color));
        }
        shapes
    }

    /// Outline of one room, for hover and selection highlights.
    fn room_outline_shapes(
        &self,
        projector: &Projector,
        room: usize,
        stroke: Stroke,
    ) -> Vec<Shape> {
        let Some(range) = self.room_outlines.get(room) else {
            return Vec::new();
        };
        self.outlines
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .map(|ring| {
                Shape::closed_line(
                    ring.iter().map(|p| ui_from_cached(projector, *p)).collect(),
                    stroke,
                )
            })
            .collect()
    }
}

/// `ui_from_plan` of a plan position cached as a `Pos2` (plan metres in f32).
fn ui_from_cached(projector: &Projector, pos_in_plan: Pos2) -> Pos2 {
    projector.ui_from_plan(Coord {
        x: f64::from(pos_in_plan.x),
        y: f64::from(pos_in_plan.y),
    })
}

/// Adds a line segment of half-width `half` (points) to `mesh` as a quad.
fn push_segment(mesh: &mut Mesh, a: Pos2, b: Pos2, half: f32, color: Color32) {
    let d = b - a;
    let length = d.length();
    if length < 1e-3 {
        return;
    }
    // Normal scaled to the half-width; the ends are extended by it so corners close.
    let n = vec2(-d.y, d.x) * (half / length);
    let t = d * (half / length);
    let base = mesh.vertices.len() as u32;
    for pos in [a - t + n, a - t - n, b + t - n, b + t + n] {
        mesh.vertices.push(Vertex {
            pos,
            uv: WHITE_UV,
            color,
        });
    }
    mesh.indices
        .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
}

/// A point inside the polygon for its label: the bounding-box centre if inside, else the
/// interior point geo computes.
fn label_point(polygon: &geo::Polygon<f64>, center: Coord<f64>) -> Coord<f64> {
    use geo::InteriorPoint as _;
    if polygon.contains(&geo::Point::from(center)) {
        center
    } else {
        polygon.interior_point().map_or(center, |p| p.0)
    }
}

/// The plan canvas's state.
#[derive(Default)]
pub struct PlanCanvas {
    /// The transform; `None` fits the floor on the next frame.
    projector: Option<Projector>,
    cache: Option<PlanCache>,
    pub tool: Tool,
    /// Indices into the floor plan's rooms.
    pub selection: Vec<usize>,
    pub hovered: Option<usize>,
    /// Where the pointer is, in plan metres.
    pub cursor_in_plan: Option<Coord<f64>>,
    /// Measure tool points, plan metres.
    pub measure: Vec<Coord<f64>>,
    box_start: Option<Pos2>,
    /// The canvas rectangle of the last frame.
    last_rect: Option<Rect>,
    /// A scenario is shown: selected rooms can be dragged onto others.
    pub planning: bool,
    /// Rooms the shown scenario changes (outlined: the diff view).
    pub moved: std::collections::HashSet<Uuid>,
    /// The shape being drawn by the drawing tools.
    pub sketch: Sketch,
    /// A DXF import's preview drawn over the floor.
    pub overlay: Option<super::overlay::ImportOverlay>,
    /// A scanned plan under the rooms.
    pub underlay: Option<super::underlay::UnderlayLayer>,
}

/// What happened on the canvas in a frame.
#[derive(Clone, Debug, Default)]
pub struct CanvasOutput {
    /// The room clicked.
    pub clicked: Option<usize>,
    /// A drag payload is over the canvas: the room under the pointer (index into the plan)
    /// and the source → target room pairs a drop would make (for a group of rooms).
    pub hover: Option<DropTarget>,
    /// The payload was released over the canvas.
    pub dropped: Option<(std::sync::Arc<Payload>, DropTarget)>,
    /// A drawing tool finished a shape.
    pub gesture: Option<Gesture>,
}

/// Where a payload would land.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DropTarget {
    /// The room under the pointer.
    pub room: Option<usize>,
    /// For a group of rooms: each source room and the room under its moved position.
    pub pairs: Vec<(Uuid, Uuid)>,
}

impl PlanCanvas {
    /// Forgets the view and the selection (a new floor).
    pub fn reset(&mut self) {
        self.projector = None;
        self.selection.clear();
        self.hovered = None;
        self.measure.clear();
        self.box_start = None;
        self.sketch.cancel();
    }

    /// Drops the cached drawing (labels are built in the language of the moment).
    pub fn reset_cache(&mut self) {
        self.cache = None;
    }

    /// Fits the floor on the next frame.
    pub fn fit(&mut self) {
        self.projector = None;
    }

    /// The plan extent of the floor drawn last (after the first frame).
    pub fn plan_bounds(&self) -> Option<(Coord<f64>, Coord<f64>)> {
        self.cache.as_ref().and_then(PlanCache::bounds)
    }

    /// The current transform (after the first frame).
    pub fn projector(&self) -> Option<Projector> {
        self.projector
    }

    /// Zooms by `factor` about a screen point.
    pub fn zoom_about(&mut self, factor: f32, about: Pos2) {
        if let Some(p) = &mut self.projector {
            p.zoom_about(factor, about);
        }
    }

    /// Pans by a screen offset.
    pub fn pan(&mut self, delta: Vec2) {
        if let Some(p) = &mut self.projector {
            p.offset += delta;
        }
    }

    /// The scale as "1 : n" for a 96 dpi screen (1 point ≈ 0.2646 mm).
    pub fn scale_denominator(&self) -> Option<f64> {
        self.projector
            .map(|p| 1000.0 / (f64::from(p.scale) * 0.264_583))
    }

    /// Selects one room (e.g. from a search hit) and centres it.
    pub fn select_room(&mut self, plan: &FloorPlan, room: usize) {
        self.selection = vec![room];
        if let (Some(p), Some(screen), Some(bounds)) = (
            &mut self.projector,
            self.last_rect,
            plan.rooms.get(room).and_then(|r| r.polygon.bounding_rect()),
        ) {
            let at = p.ui_from_plan(bounds.center());
            p.offset += screen.center() - at;
        }
    }

    /// The total 使用面积 of the selected rooms of `plan`.
    pub fn selected_area(&self, plan: &FloorPlan) -> f64 {
        self.selection
            .iter()
            .filter_map(|i| plan.areas.get(*i))
            .sum()
    }

    /// The distance along the measure points, and the enclosed area from three points.
    pub fn measurement(&self) -> Option<(f64, Option<f64>)> {
        if self.measure.len() < 2 {
            return None;
        }
        let distance = self
            .measure
            .windows(2)
            .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
            .sum();
        let area = (self.measure.len() >= 3).then(|| {
            let ring: Vec<Coord<f64>> = self.measure.clone();
            geo::Polygon::new(geo::LineString::from(ring), vec![]).unsigned_area()
        });
        Some((distance, area))
    }

    /// Where a payload held over `pointer` would land.
    fn drop_target(
        &self,
        plan: &FloorPlan,
        projector: &Projector,
        payload: &Payload,
        pointer: Pos2,
    ) -> DropTarget {
        let Some(cache) = &self.cache else {
            return DropTarget::default();
        };
        let at = projector.plan_from_ui(pointer);
        let room = cache.room_at(plan, at);
        let pairs = match payload {
            Payload::Rooms {
                floor, rooms, grab, ..
            } if *floor == plan.floor && rooms.len() > 1 => {
                let shift = Coord {
                    x: at.x - grab.x,
                    y: at.y - grab.y,
                };
                rooms
                    .iter()
                    .filter_map(|(uuid, centre)| {
                        let moved = Coord {
                            x: centre.x + shift.x,
                            y: centre.y + shift.y,
                        };
                        let target = cache.room_at(plan, moved)?;
                        Some((*uuid, plan.rooms.get(target)?.uuid))
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        DropTarget { room, pairs }
    }

    /// Starts dragging the selected rooms when a drag begins on one of them.
    fn start_room_drag(&self, ui: &egui::Ui, plan: &FloorPlan, projector: &Projector) {
        let Some(origin) = ui.input(|i| i.pointer.press_origin()) else {
            return;
        };
        let grab = projector.plan_from_ui(origin);
        let rooms: Vec<(Uuid, Coord<f64>)> = self
            .selection
            .iter()
            .filter_map(|i| plan.rooms.get(*i))
            .filter(|r| !r.units.is_empty())
            .map(|r| {
                let centre = r
                    .polygon
                    .bounding_rect()
                    .map_or(grab, |b| label_point(&r.polygon, b.center()));
                (r.uuid, centre)
            })
            .collect();
        let Some((first, _)) = rooms.first() else {
            return;
        };
        let label = match rooms.len() {
            1 => plan
                .rooms
                .iter()
                .find(|r| r.uuid == *first)
                .map(|r| r.number.clone())
                .unwrap_or_default(),
            n => crate::t!("plan.drag_rooms", n = n).into_owned(),
        };
        Payload::Rooms {
            floor: plan.floor,
            rooms,
            grab,
            label,
        }
        .start(ui.ctx());
    }

    /// Whether the button went down on a selected room (a drag there moves it, not the view).
    fn pressed_on_selection(&self, ui: &egui::Ui, plan: &FloorPlan) -> bool {
        let (Some(projector), Some(cache)) = (&self.projector, &self.cache) else {
            return false;
        };
        self.planning
            && self.tool == Tool::Select
            && ui
                .input(|i| i.pointer.press_origin())
                .and_then(|o| cache.room_at(plan, projector.plan_from_ui(o)))
                .is_some_and(|i| self.selection.contains(&i))
    }

    /// Shows the canvas: what was clicked, and where a dragged payload is or was dropped.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        plan: &FloorPlan,
        theme: Theme,
        context: &ThemeContext,
        generation: u64,
    ) -> CanvasOutput {
        let mut output = CanvasOutput::default();
        self.frame_ui(ui, plan, theme, context, generation, &mut output);
        output
    }

    fn frame_ui(
        &mut self,
        ui: &mut egui::Ui,
        plan: &FloorPlan,
        theme: Theme,
        context: &ThemeContext,
        generation: u64,
        output: &mut CanvasOutput,
    ) -> Option<()> {
        if !self
            .cache
            .as_ref()
            .is_some_and(|c| c.is_for(&plan.floor, theme, generation))
        {
            self.cache = Some(PlanCache::build(plan, theme, context, generation));
        }
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        let rect = response.rect;
        self.last_rect = Some(rect);
        let cache = self.cache.as_ref()?;
        if self.projector.is_none() {
            // A floor with no rooms has no extent: show the working area to draw in.
            let (min, max) = cache.bounds().unwrap_or(super::working_area::EMPTY_FLOOR);
            self.projector = Some(Projector::fit(min, max, rect));
        }
        painter.rect_filled(rect, 0.0, Color32::from_gray(250));

        let payload = Payload::current(ui.ctx());
        let selected = match self.selection.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let sketch_grabs = match (&self.projector, &self.cache) {
            (Some(projector), Some(cache)) => self.sketch.grabs(
                ui,
                &SketchFrame {
                    tool: self.tool,
                    plan,
                    projector,
                    selected,
                    near: &|at, r| cache.rooms_near(at, r),
                },
            ),
            _ => false,
        };
        let grabbing = payload.is_some() || self.pressed_on_selection(ui, plan) || sketch_grabs;
        self.handle_navigation(ui, &response, !grabbing);
        let projector = self.projector?;
        if self.planning
            && payload.is_none()
            && grabbing
            && response.drag_started_by(egui::PointerButton::Primary)
        {
            self.start_room_drag(ui, plan, &projector);
        }
        let target = match (&payload, ui.ctx().pointer_latest_pos()) {
            (Some(p), Some(pointer)) if rect.contains(pointer) => {
                Some(self.drop_target(plan, &projector, p, pointer))
            }
            _ => None,
        };
        let cache = self.cache.as_ref()?;
        if plan.rooms.is_empty() {
            super::working_area::paint(&painter, &projector, rect);
        }

        // Pointer: hover, cursor position, clicks, box selection, measuring.
        let hover = response.hover_pos();
        self.cursor_in_plan = hover.map(|p| projector.plan_from_ui(p));
        self.hovered = self.cursor_in_plan.and_then(|at| cache.room_at(plan, at));
        let shift = ui.input(|i| i.modifiers.shift);
        let frame = SketchFrame {
            tool: self.tool,
            plan,
            projector: &projector,
            selected,
            near: &|at, r| cache.rooms_near(at, r),
        };
        let sketched = self.sketch.update_ui(ui, &response, &frame);
        output.gesture = sketched.gesture;
        if response.clicked()
            && !sketched.click_used
            && let Some(at) = response.interact_pointer_pos()
        {
            let at_plan = projector.plan_from_ui(at);
            match self.tool {
                Tool::Select | Tool::Vertices => {
                    let hit = cache.room_at(plan, at_plan);
                    match (hit, shift) {
                        (Some(i), true) => {
                            if let Some(pos) = self.selection.iter().position(|s| *s == i) {
                                self.selection.remove(pos);
                            } else {
                                self.selection.push(i);
                            }
                        }
                        (Some(i), false) => self.selection = vec![i],
                        (None, false) => self.selection.clear(),
                        (None, true) => {}
                    }
                    output.clicked = hit;
                }
                Tool::Measure => self.measure.push(at_plan),
                Tool::Rectangle | Tool::Polygon | Tool::Split | Tool::Calibrate => {}
            }
        }
        if response.secondary_clicked() && self.tool == Tool::Measure {
            self.measure.clear();
        }
        if self.tool == Tool::Select
            && shift
            && response.drag_started_by(egui::PointerButton::Primary)
        {
            // From where the button went down, not where the drag was recognised.
            self.box_start = ui
                .input(|i| i.pointer.press_origin())
                .or(response.interact_pointer_pos());
        }
        let mut box_rect = None;
        if let (Some(start), Some(now)) = (self.box_start, response.interact_pointer_pos()) {
            box_rect = Some(Rect::from_two_pos(start, now));
        }
        if self.box_start.is_some() && response.drag_stopped() {
            if let Some(r) = box_rect {
                let a = projector.plan_from_ui(r.left_bottom());
                let b = projector.plan_from_ui(r.right_top());
                for i in cache.rooms_in(a, b) {
                    if !self.selection.contains(&i) {
                        self.selection.push(i);
                    }
                }
            }
            self.box_start = None;
            box_rect = None;
        }

        // Layers: fills, outlines and labels; hover; selection; box; measurement; scale bar.
        let text_color = Color32::from_gray(20);
        let font = egui::FontId::proportional(11.0);
        let mut shapes = cache.frame_shapes(&projector, rect, text_color, |text| {
            painter.layout_no_wrap(text, font.clone(), text_color)
        });
        if let Some(underlay) = &self.underlay {
            underlay.paint(&painter, &projector);
            // The scan shows through the fills.
            if let Some(Shape::Mesh(fill)) = shapes.first_mut() {
                for v in &mut Arc::make_mut(fill).vertices {
                    v.color = v.color.gamma_multiply(0.45);
                }
            }
        }
        painter.extend(shapes);
        // The diff view: rooms the scenario changes, outlined in violet.
        if !self.moved.is_empty() {
            for (i, room) in plan.rooms.iter().enumerate() {
                if self.moved.contains(&room.uuid) {
                    painter.extend(cache.room_outline_shapes(
                        &projector,
                        i,
                        Stroke::new(3.0, Color32::from_rgb(150, 40, 200)),
                    ));
                }
            }
        }
        if let Some(h) = self.hovered.filter(|_| target.is_none()) {
            painter.extend(cache.room_outline_shapes(
                &projector,
                h,
                Stroke::new(2.5, Color32::from_rgb(255, 140, 0)),
            ));
        }
        if let (Some(target), Some(payload)) = (&target, &payload) {
            self.paint_drop_target(&painter, plan, &projector, payload, target, ui);
        }
        for s in &self.selection {
            painter.extend(cache.room_outline_shapes(
                &projector,
                *s,
                Stroke::new(3.0, Color32::from_rgb(0, 90, 220)),
            ));
        }
        if let Some(r) = box_rect {
            painter.rect_stroke(
                r,
                0.0,
                Stroke::new(1.0, Color32::from_rgb(0, 90, 220)),
                egui::StrokeKind::Inside,
            );
        }
        self.paint_measurement(&painter, &projector);
        if let Some(overlay) = &self.overlay {
            overlay.paint(&painter, &projector);
        }
        self.sketch.paint(
            &painter,
            &SketchFrame {
                tool: self.tool,
                plan,
                projector: &projector,
                selected,
                near: &|at, r| cache.rooms_near(at, r),
            },
        );
        paint_scale_bar(&painter, &projector, rect);

        if let Some(target) = target {
            if Payload::released(ui.ctx())
                && let Some(payload) = egui::DragAndDrop::take_payload::<Payload>(ui.ctx())
            {
                output.dropped = Some((payload, target));
            } else {
                output.hover = Some(target);
            }
            return Some(());
        }
        if let Some(h) = self.hovered.filter(|_| !self.tool.draws())
            && let Some(room) = plan.rooms.get(h)
        {
            let area = plan.areas.get(h).copied().unwrap_or(0.0);
            let unit = room
                .units
                .first()
                .and_then(|u| context.unit_name(u))
                .unwrap_or_default()
                .to_owned();
            response.on_hover_ui_at_pointer(|ui| {
                ui.strong(format!("{} {}", room.number, room.name));
                ui.label(format_area(area, AreaBasis::Usable));
                ui.label(format!(
                    "{} · {}",
                    super::labels::category(room.category),
                    super::labels::status(room.status)
                ));
                if !unit.is_empty() {
                    ui.label(unit);
                }
            });
        }
        Some(())
    }

    /// The target of a drag: the room under the pointer in green, and for a group of rooms
    /// the sources' outlines moved with the pointer and the rooms they would land in.
    fn paint_drop_target(
        &self,
        painter: &egui::Painter,
        plan: &FloorPlan,
        projector: &Projector,
        payload: &Payload,
        target: &DropTarget,
        ui: &egui::Ui,
    ) {
        let Some(cache) = &self.cache else { return };
        let green = Stroke::new(3.5, Color32::from_rgb(20, 160, 60));
        let index = |uuid: &Uuid| plan.rooms.iter().position(|r| r.uuid == *uuid);
        if target.pairs.is_empty() {
            if let Some(room) = target.room {
                painter.extend(cache.room_outline_shapes(projector, room, green));
            }
            return;
        }
        for (_, to) in &target.pairs {
            if let Some(i) = index(to) {
                painter.extend(cache.room_outline_shapes(projector, i, green));
            }
        }
        if let (Payload::Rooms { rooms, grab, .. }, Some(pointer)) =
            (payload, ui.ctx().pointer_latest_pos())
        {
            let mut ghost = *projector;
            ghost.offset += pointer - projector.ui_from_plan(*grab);
            for (uuid, _) in rooms {
                if let Some(i) = index(uuid) {
                    painter.extend(cache.room_outline_shapes(
                        &ghost,
                        i,
                        Stroke::new(1.5, Color32::from_rgb(30, 60, 140)),
                    ));
                }
            }
        }
    }

    fn handle_navigation(&mut self, ui: &egui::Ui, response: &egui::Response, drag_pans: bool) {
        let shift = ui.input(|i| i.modifiers.shift);
        let box_selecting = self.box_start.is_some() || (shift && self.tool == Tool::Select);
        if let Some(p) = &mut self.projector {
            p.navigate(ui, response, drag_pans && !box_selecting);
        }
        // Keys act when no text field has the keyboard.
        if ui.memory(|m| m.focused().is_none()) {
            let center = response.rect.center();
            let (left, right, up, down, plus, minus, home) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowLeft),
                    i.key_pressed(egui::Key::ArrowRight),
                    i.key_pressed(egui::Key::ArrowUp),
                    i.key_pressed(egui::Key::ArrowDown),
                    i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
                    i.key_pressed(egui::Key::Minus),
                    i.key_pressed(egui::Key::Home),
                )
            });
            let step = 60.0;
            if left {
                self.pan(vec2(step, 0.0));
            }
            if right {
                self.pan(vec2(-step, 0.0));
            }
            if up {
                self.pan(vec2(0.0, step));
            }
            if down {
                self.pan(vec2(0.0, -step));
            }
            if plus {
                self.zoom_about(1.25, center);
            }
            if minus {
                self.zoom_about(0.8, center);
            }
            if home {
                self.fit();
            }
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.measure.clear();
                self.box_start = None;
            }
        }
    }

    fn paint_measurement(&self, painter: &egui::Painter, projector: &Projector) {
        if self.measure.is_empty() {
            return;
        }
        let points: Vec<Pos2> = self
            .measure
            .iter()
            .map(|c| projector.ui_from_plan(*c))
            .collect();
        let stroke = Stroke::new(2.0, Color32::from_rgb(200, 0, 120));
        painter.add(Shape::line(points.clone(), stroke));
        for p in &points {
            painter.circle_filled(*p, 3.5, stroke.color);
        }
        if let (Some((distance, area)), Some(last)) = (self.measurement(), points.last()) {
            let mut text = crate::t!("canvas.distance", m = format!("{distance:.2}")).into_owned();
            if let Some(a) = area {
                text.push('\n');
                text.push_str(&crate::t!("canvas.area", m2 = format!("{a:.2}")));
            }
            painter.text(
                *last + vec2(8.0, -8.0),
                egui::Align2::LEFT_BOTTOM,
                text,
                egui::FontId::proportional(12.0),
                stroke.color,
            );
        }
    }
}

/// A scale bar in the canvas's lower left corner: the longest round length (1, 2 or 5 × 10ⁿ
/// metres, the rule of the printed sheets) that fits in 160 points.
pub(super) fn paint_scale_bar(painter: &egui::Painter, projector: &Projector, rect: Rect) {
    let metres = round_length(160.0 / f64::from(projector.scale));
    let length = metres as f32 * projector.scale;
    let origin = rect.left_bottom() + vec2(16.0, -18.0);
    let stroke = Stroke::new(2.0, Color32::from_gray(30));
    painter.line_segment([origin, origin + vec2(length, 0.0)], stroke);
    for x in [0.0, length / 2.0, length] {
        painter.line_segment([origin + vec2(x, 0.0), origin + vec2(x, -6.0)], stroke);
    }
    let label = format!("{} m", format_length(metres));
    painter.text(
        origin + vec2(length + 6.0, 0.0),
        egui::Align2::LEFT_CENTER,
        label,
        egui::FontId::proportional(11.0),
        Color32::from_gray(30),
    );
}

/// `bounds` (min, max corners) grown to hold `rect`; `rect`'s corners when there are none yet.
pub(crate) fn widen_bounds(
    bounds: Option<(Coord<f64>, Coord<f64>)>,
    rect: geo::Rect<f64>,
) -> (Coord<f64>, Coord<f64>) {
    match bounds {
        None => (rect.min(), rect.max()),
        Some((lo, hi)) => (
            Coord {
                x: lo.x.min(rect.min().x),
                y: lo.y.min(rect.min().y),
            },
            Coord {
                x: hi.x.max(rect.max().x),
                y: hi.y.max(rect.max().y),
            },
        ),
    }
}
