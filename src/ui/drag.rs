//! Drag and drop of planning (调剂): what is being dragged, the ghost that follows the
//! pointer, and what a drop on a room means.
//!
//! Sources set a [`Payload`] through egui's drag-and-drop store when a drag starts (a unit
//! in the units panel, selected rooms on the plan, a person in the inspector, a unit block
//! on the stack plan); targets read it while hovering (to highlight and preview) and take it
//! when the button is released over them.

use egui::{Color32, Id, LayerId, Order, Pos2, Sense};
use geo::Coord;

use crate::model::Uuid;

/// What is being dragged.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// A unit from the units panel: dropped on a room, the unit gains the room.
    Unit { unit: Uuid, name: String },
    /// Rooms of the shown floor, grabbed at `grab` (plan metres): each moves its units to
    /// the room under its own position when the group is dropped.
    Rooms {
        floor: Uuid,
        rooms: Vec<(Uuid, Coord<f64>)>,
        grab: Coord<f64>,
        label: String,
    },
    /// A person from the inspector's occupant list.
    Person {
        person: Uuid,
        name: String,
        from: Option<Uuid>,
    },
    /// A unit's block on the stack plan: the unit's rooms on `floor`.
    Block {
        unit: Uuid,
        floor: Uuid,
        label: String,
    },
}

impl Payload {
    /// The text of the ghost under the pointer.
    pub fn label(&self) -> &str {
        match self {
            Payload::Unit { name, .. } | Payload::Person { name, .. } => name,
            Payload::Rooms { label, .. } | Payload::Block { label, .. } => label,
        }
    }

    /// The payload being dragged, if any.
    pub fn current(ctx: &egui::Context) -> Option<std::sync::Arc<Payload>> {
        egui::DragAndDrop::payload::<Payload>(ctx)
    }

    /// Starts dragging this payload.
    pub fn start(self, ctx: &egui::Context) {
        egui::DragAndDrop::set_payload(ctx, self);
    }

    /// Whether the primary button was released this frame (a drop, if over a target).
    pub fn released(ctx: &egui::Context) -> bool {
        ctx.input(|i| i.pointer.primary_released())
    }
}

/// Makes `response` a drag source of `payload` (started when the drag starts).
pub fn source(ui: &egui::Ui, response: &egui::Response, payload: impl FnOnce() -> Payload) {
    if response.drag_started() {
        payload().start(ui.ctx());
    }
}

/// A label that can be dragged (a unit in the panel, a person in the inspector).
pub fn draggable_label(ui: &mut egui::Ui, text: &str, hint: &str) -> egui::Response {
    let response = ui.add(egui::Label::new(text).sense(Sense::click_and_drag()));
    let response = if hint.is_empty() {
        response
    } else {
        response.on_hover_text(hint)
    };
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
    response
}

/// Paints the payload's ghost beside the pointer, above everything.
pub fn ghost_ui(ctx: &egui::Context) {
    let (Some(payload), Some(pos)) = (Payload::current(ctx), ctx.pointer_latest_pos()) else {
        return;
    };
    ctx.set_cursor_icon(egui::CursorIcon::Grabbing);
    let painter = ctx.layer_painter(LayerId::new(Order::Tooltip, Id::unique("drag_ghost")));
    let text = painter.layout_no_wrap(
        payload.label().to_owned(),
        egui::FontId::proportional(13.0),
        Color32::WHITE,
    );
    let at = pos + egui::vec2(14.0, 10.0);
    let rect = egui::Rect::from_min_size(at, text.size()).expand(4.0);
    painter.rect_filled(rect, 4.0, Color32::from_rgba_unmultiplied(30, 60, 140, 220));
    painter.galley(at, text, Color32::WHITE);
}

/// A drop that needs a choice (the target room is held by another unit).
#[derive(Clone, Debug, PartialEq)]
pub struct PendingDrop {
    pub unit: Uuid,
    pub from: Option<Uuid>,
    pub to: Uuid,
    /// Where to show the choice.
    pub at: Pos2,
    /// The target room's number and its units' names, for the question.
    pub room: String,
    pub others: String,
}
