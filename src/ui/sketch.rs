//! Drawing on the plan canvas (绘制): the shape in progress of the rectangle, polygon and
//! split tools, and the vertex handles of the room being reshaped, with snapping and the live
//! area beside the pointer. A finished gesture is handed to the app as a [`Gesture`]; the
//! room list it makes is computed there (see `app/editing.rs`).

use egui::{Color32, Pos2, Rect, Shape, Stroke, vec2};
use geo::Coord;

use super::canvas::Tool;
use super::projector::Projector;
use crate::analysis::edit_geometry::{move_vertex, polygon_from_vertices, rectangle};
use crate::analysis::room_area;
use crate::analysis::snap::{Snap, SnapKind, snap};
use crate::model::PlanPolygon;
use crate::workspace::FloorPlan;

/// How close (screen points) the pointer must come to a vertex, an edge or a handle.
pub const SNAP_PX: f32 = 8.0;

const INK: Color32 = Color32::from_rgb(220, 60, 0);

/// One vertex of a room: ring 0 is the outline, 1… the holes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VertexRef {
    pub room: usize,
    pub ring: usize,
    pub vertex: usize,
}

/// A finished drawing gesture, plan metres; rooms are indices into the floor plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    /// A new rectangular room with these opposite corners.
    Rectangle(Coord<f64>, Coord<f64>),
    /// A new room with these vertices.
    Polygon(Vec<Coord<f64>>),
    /// Split a room (the selected one, else the one under the line's middle) by a line.
    Split {
        room: Option<usize>,
        a: Coord<f64>,
        b: Coord<f64>,
    },
    MoveVertex {
        at: VertexRef,
        to: Coord<f64>,
    },
    /// Insert a vertex on the edge after `after`.
    InsertVertex {
        after: VertexRef,
        at: Coord<f64>,
    },
    RemoveVertex(VertexRef),
}

/// A grip on the selected room's outline.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Handle {
    Vertex(VertexRef),
    /// The middle of the edge after a vertex.
    Midpoint(VertexRef, Coord<f64>),
}

/// The drawing state of the canvas.
#[derive(Default)]
pub struct Sketch {
    /// Points clicked so far, plan metres.
    pub points: Vec<Coord<f64>>,
    /// The vertex being dragged.
    dragging: Option<VertexRef>,
    /// Where the pointer is, snapped, plan metres; and what it snapped to.
    pointer: Option<Coord<f64>>,
    snapped: Option<Snap>,
    /// The rectangle tool's typed size (width, height), m: one click places the room with
    /// its lower left corner there (see [`super::typed_size`]).
    pub typed_size: Option<(f64, f64)>,
    /// The text of the toolbar's size field, kept with the size it gives.
    pub size_text: String,
}

/// The rectangle of a typed size with its lower left corner at `corner`, plan metres.
fn typed_corner(corner: Coord<f64>, (width, height): (f64, f64)) -> Coord<f64> {
    Coord {
        x: corner.x + width,
        y: corner.y + height,
    }
}

/// What the canvas knows that the sketch needs in a frame.
pub struct SketchFrame<'a> {
    pub tool: Tool,
    pub plan: &'a FloorPlan,
    pub projector: &'a Projector,
    /// The one selected room, whose vertices can be edited.
    pub selected: Option<usize>,
    /// Rooms whose bounding box is within a radius of a plan point.
    pub near: &'a dyn Fn(Coord<f64>, f64) -> Vec<usize>,
}

/// What a frame of the sketch did.
#[derive(Debug, Default)]
pub struct SketchOutcome {
    pub gesture: Option<Gesture>,
    /// The click went to the sketch (the select behaviour must not also take it).
    pub click_used: bool,
}

fn ring_vertices(polygon: &PlanPolygon, ring: usize) -> Vec<Coord<f64>> {
    let line = match ring {
        0 => Some(polygon.exterior()),
        k => polygon.interiors().get(k - 1),
    };
    line.map(crate::analysis::edit_geometry::ring_vertices)
        .unwrap_or_default()
}

fn ring_count(polygon: &PlanPolygon) -> usize {
    1 + polygon.interiors().len()
}

/// The handle of room `room` under a screen point: a vertex first, else an edge's middle.
fn handle_at(frame: &SketchFrame<'_>, room: usize, pos_in_ui: Pos2) -> Option<Handle> {
    let polygon = &frame.plan.rooms.get(room)?.polygon;
    let mut midpoint = None;
    for ring in 0..ring_count(polygon) {
        let vertices = ring_vertices(polygon, ring);
        let n = vertices.len();
        for (vertex, c) in vertices.iter().enumerate() {
            let at = VertexRef { room, ring, vertex };
            if frame.projector.ui_from_plan(*c).distance(pos_in_ui) <= SNAP_PX {
                return Some(Handle::Vertex(at));
            }
            if let Some(next) = vertices.get((vertex + 1) % n) {
                let middle = Coord {
                    x: (c.x + next.x) / 2.0,
                    y: (c.y + next.y) / 2.0,
                };
                if midpoint.is_none()
                    && frame.projector.ui_from_plan(middle).distance(pos_in_ui) <= SNAP_PX
                {
                    midpoint = Some(Handle::Midpoint(at, middle));
                }
            }
        }
    }
    midpoint
}

impl Sketch {
    /// Forgets the shape in progress (Esc, another tool, another floor).
    pub fn cancel(&mut self) {
        self.points.clear();
        self.dragging = None;
        self.snapped = None;
    }

    /// Whether the pointer went down on a vertex handle (a drag there moves the vertex, not
    /// the view).
    pub fn grabs(&self, ui: &egui::Ui, frame: &SketchFrame<'_>) -> bool {
        if self.dragging.is_some() {
            return true;
        }
        frame.tool == Tool::Vertices
            && frame.selected.is_some_and(|room| {
                ui.input(|i| i.pointer.press_origin())
                    .and_then(|o| handle_at(frame, room, o))
                    .is_some_and(|h| matches!(h, Handle::Vertex(_)))
            })
    }

    /// The pointer in plan metres, snapped to the rooms around it unless Alt is held
    /// (the room whose vertex is dragged is left out).
    fn snap_pointer(&mut self, ui: &egui::Ui, frame: &SketchFrame<'_>, pos_in_ui: Pos2) {
        let raw = frame.projector.plan_from_ui(pos_in_ui);
        let tolerance = f64::from(SNAP_PX / frame.projector.scale);
        // Calibration points on the scan are where the scan says, not on the rooms; only
        // the third (where the first belongs on the plan) snaps.
        let alt = ui.input(|i| i.modifiers.alt)
            || (frame.tool == Tool::Calibrate && self.points.len() < 2);
        let exclude = self.dragging.map(|d| d.room);
        self.snapped = if alt {
            None
        } else {
            let rooms = (frame.near)(raw, tolerance);
            let polygons = rooms
                .iter()
                .filter(|i| Some(**i) != exclude)
                .filter_map(|i| frame.plan.rooms.get(*i))
                .map(|r| &r.polygon);
            snap(raw, polygons, tolerance)
        };
        self.pointer = Some(self.snapped.map_or(raw, |s| s.at));
    }

    /// Handles the pointer and keys for the drawing tools; returns a finished gesture.
    pub fn update_ui(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        frame: &SketchFrame<'_>,
    ) -> SketchOutcome {
        let mut outcome = SketchOutcome::default();
        if !frame.tool.draws() {
            self.cancel();
            self.pointer = None;
            return outcome;
        }
        let pointer_ui = response.interact_pointer_pos().or(response.hover_pos());
        match pointer_ui {
            Some(p) => self.snap_pointer(ui, frame, p),
            None => {
                self.pointer = None;
                self.snapped = None;
            }
        }
        let keys_free = ui.memory(|m| m.focused().is_none());
        let (escape, enter, delete) = if keys_free {
            ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Escape),
                    i.key_pressed(egui::Key::Enter),
                    i.key_pressed(egui::Key::Delete) || i.key_pressed(egui::Key::Backspace),
                )
            })
        } else {
            (false, false, false)
        };
        if escape {
            self.cancel();
            return outcome;
        }
        match frame.tool {
            Tool::Rectangle | Tool::Polygon | Tool::Split => {
                outcome.gesture = self.click_points(response, frame, pointer_ui, enter);
                outcome.click_used = true;
            }
            Tool::Vertices => {
                outcome = self.vertex_ui(ui, response, frame, pointer_ui, delete);
            }
            Tool::Calibrate => {
                if response.clicked()
                    && let Some(at) = self.pointer
                {
                    if self.points.len() >= 3 {
                        self.points.clear();
                    }
                    self.points.push(at);
                }
                outcome.click_used = true;
            }
            Tool::Select | Tool::Measure => {}
        }
        outcome
    }

    /// Rectangle, polygon and split: clicks add points until the shape is complete.
    fn click_points(
        &mut self,
        response: &egui::Response,
        frame: &SketchFrame<'_>,
        pointer_ui: Option<Pos2>,
        enter: bool,
    ) -> Option<Gesture> {
        if frame.tool == Tool::Polygon
            && self.points.len() >= 3
            && (enter || response.double_clicked())
        {
            return Some(Gesture::Polygon(std::mem::take(&mut self.points)));
        }
        if !response.clicked() {
            return None;
        }
        let at = self.pointer?;
        match frame.tool {
            Tool::Rectangle => {
                if let Some(size) = self.typed_size {
                    self.points.clear();
                    return Some(Gesture::Rectangle(at, typed_corner(at, size)));
                }
                self.points.push(at);
                if let [a, b] = self.points.as_slice() {
                    let gesture = Gesture::Rectangle(*a, *b);
                    self.points.clear();
                    return Some(gesture);
                }
            }
            Tool::Polygon => {
                let closes = self.points.len() >= 3
                    && match (self.points.first(), pointer_ui) {
                        (Some(first), Some(p)) => {
                            frame.projector.ui_from_plan(*first).distance(p) <= SNAP_PX
                        }
                        _ => false,
                    };
                if closes {
                    return Some(Gesture::Polygon(std::mem::take(&mut self.points)));
                }
                self.points.push(at);
            }
            Tool::Split => {
                self.points.push(at);
                if let [a, b] = self.points.as_slice() {
                    let gesture = Gesture::Split {
                        room: frame.selected,
                        a: *a,
                        b: *b,
                    };
                    self.points.clear();
                    return Some(gesture);
                }
            }
            Tool::Select | Tool::Measure | Tool::Vertices | Tool::Calibrate => {}
        }
        None
    }

    /// The vertex tool on the selected room: drag a vertex, click an edge's middle to insert
    /// one, right-click (or Delete over) a vertex to remove it.
    fn vertex_ui(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        frame: &SketchFrame<'_>,
        pointer_ui: Option<Pos2>,
        delete: bool,
    ) -> SketchOutcome {
        let mut outcome = SketchOutcome::default();
        let Some(room) = frame.selected else {
            self.dragging = None;
            return outcome;
        };
        if let Some(at) = self.dragging {
            if response.drag_stopped() || !ui.input(|i| i.pointer.primary_down()) {
                self.dragging = None;
                if let Some(to) = self.pointer {
                    outcome.gesture = Some(Gesture::MoveVertex { at, to });
                }
            }
            return outcome;
        }
        if response.drag_started_by(egui::PointerButton::Primary)
            && let Some(Handle::Vertex(v)) = ui
                .input(|i| i.pointer.press_origin())
                .and_then(|o| handle_at(frame, room, o))
        {
            self.dragging = Some(v);
            return outcome;
        }
        let hovered = pointer_ui.and_then(|p| handle_at(frame, room, p));
        if response.clicked() {
            match hovered {
                Some(Handle::Midpoint(after, at)) => {
                    outcome.gesture = Some(Gesture::InsertVertex { after, at });
                    outcome.click_used = true;
                }
                Some(Handle::Vertex(_)) => outcome.click_used = true,
                None => {}
            }
        }
        if let Some(Handle::Vertex(v)) = hovered
            && (response.secondary_clicked() || delete)
        {
            outcome.gesture = Some(Gesture::RemoveVertex(v));
        }
        outcome
    }

    /// The shape being drawn, the handles, the snap target and the live area.
    pub fn paint(&self, painter: &egui::Painter, frame: &SketchFrame<'_>) {
        let projector = frame.projector;
        let stroke = Stroke::new(2.0, INK);
        let ui_of = |c: &Coord<f64>| projector.ui_from_plan(*c);
        if frame.tool == Tool::Vertices
            && let Some(room) = frame.selected
        {
            self.paint_handles(painter, frame, room);
        }
        let shape: Option<PlanPolygon> = match (frame.tool, self.pointer) {
            (Tool::Rectangle, Some(p)) => match self.typed_size {
                Some(size) => Some(rectangle(p, typed_corner(p, size))),
                None => self.points.first().map(|a| rectangle(*a, p)),
            },
            (Tool::Polygon, Some(p)) if !self.points.is_empty() => {
                let mut vertices = self.points.clone();
                vertices.push(p);
                Some(polygon_from_vertices(vertices))
            }
            (Tool::Split, Some(p)) => {
                if let Some(a) = self.points.first() {
                    painter.line_segment([ui_of(a), ui_of(&p)], stroke);
                }
                None
            }
            (Tool::Calibrate, _) => {
                self.paint_calibration(painter, projector);
                None
            }
            (Tool::Vertices, Some(p)) => self.dragging.and_then(|d| {
                let room = frame.plan.rooms.get(d.room)?;
                move_vertex(&room.polygon, d.ring, d.vertex, p).ok()
            }),
            _ => None,
        };
        if let Some(shape) = &shape {
            let points: Vec<Pos2> = shape.exterior().0.iter().map(ui_of).collect();
            painter.add(Shape::closed_line(points, stroke));
        }
        for p in &self.points {
            painter.circle_filled(ui_of(p), 3.5, INK);
        }
        if let Some(s) = self.snapped {
            paint_snap(painter, projector.ui_from_plan(s.at), s.kind);
        }
        if let (Some(shape), Some(p)) = (&shape, self.pointer) {
            let area = room_area(shape);
            if area > 0.0 {
                painter.text(
                    ui_of(&p) + vec2(14.0, 14.0),
                    egui::Align2::LEFT_TOP,
                    crate::t!("edit.live_area", m2 = format!("{area:.2}")),
                    egui::FontId::proportional(13.0),
                    INK,
                );
            }
        }
    }

    /// The calibration points numbered 1, 2, 3 and the measured line 1–2.
    fn paint_calibration(&self, painter: &egui::Painter, projector: &Projector) {
        let stroke = Stroke::new(2.0, INK);
        if let [a, b, ..] = self.points.as_slice() {
            painter.line_segment(
                [projector.ui_from_plan(*a), projector.ui_from_plan(*b)],
                stroke,
            );
        }
        for (i, p) in self.points.iter().enumerate() {
            painter.text(
                projector.ui_from_plan(*p) + vec2(6.0, -6.0),
                egui::Align2::LEFT_BOTTOM,
                (i + 1).to_string(),
                egui::FontId::proportional(13.0),
                INK,
            );
        }
    }

    fn paint_handles(&self, painter: &egui::Painter, frame: &SketchFrame<'_>, room: usize) {
        let Some(r) = frame.plan.rooms.get(room) else {
            return;
        };
        let stroke = Stroke::new(1.5, Color32::from_rgb(0, 90, 220));
        for ring in 0..ring_count(&r.polygon) {
            let vertices = ring_vertices(&r.polygon, ring);
            let n = vertices.len();
            for (i, c) in vertices.iter().enumerate() {
                let at = frame.projector.ui_from_plan(*c);
                painter.rect_filled(
                    Rect::from_center_size(at, vec2(8.0, 8.0)),
                    0.0,
                    Color32::WHITE,
                );
                painter.rect_stroke(
                    Rect::from_center_size(at, vec2(8.0, 8.0)),
                    0.0,
                    stroke,
                    egui::StrokeKind::Inside,
                );
                if let Some(next) = vertices.get((i + 1) % n) {
                    let middle = frame.projector.ui_from_plan(Coord {
                        x: (c.x + next.x) / 2.0,
                        y: (c.y + next.y) / 2.0,
                    });
                    painter.circle_stroke(middle, 3.5, stroke);
                }
            }
        }
    }
}

/// The snap target: a square on a vertex, a cross on an edge.
fn paint_snap(painter: &egui::Painter, at: Pos2, kind: SnapKind) {
    let stroke = Stroke::new(1.5, Color32::from_rgb(0, 150, 60));
    match kind {
        SnapKind::Vertex => {
            painter.rect_stroke(
                Rect::from_center_size(at, vec2(10.0, 10.0)),
                0.0,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
        SnapKind::Edge => {
            painter.line_segment([at + vec2(-5.0, -5.0), at + vec2(5.0, 5.0)], stroke);
            painter.line_segment([at + vec2(-5.0, 5.0), at + vec2(5.0, -5.0)], stroke);
        }
    }
}
