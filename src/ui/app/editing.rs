//! Editing room shapes in the window (绘制、分割、合并、删除、编辑顶点): the canvas's
//! gestures turned into a [`Reshape`] of the workspace, whose rules
//! ([`crate::workspace::reshape_rooms`]) make the floor's new room list as one edit.

use super::OfficeplanApp;
use crate::analysis::edit_geometry::{polygon_from_vertices, rectangle};
use crate::model::Uuid;
use crate::ui::sketch::Gesture;
use crate::workspace::{Reshape, VertexChange};

impl OfficeplanApp {
    /// Why room shapes cannot be edited now (no floor shown is not a refusal).
    pub(super) fn shape_editing_refused(&self) -> Option<String> {
        let w = self.workspace.as_ref()?;
        w.reshape_refusal().map(|e| e.to_string())
    }

    /// The rectangle's typed size (矩形 宽×高): a valid size picks the rectangle tool, so the
    /// next click on the plan places the room; a text that is not a size says why.
    pub(super) fn typed_size_ui(&mut self, ui: &mut egui::Ui) {
        let sketch = &mut self.canvas.sketch;
        let label = ui.label(crate::t!("drawing.size").as_ref());
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut sketch.size_text)
                    .hint_text(crate::t!("drawing.size_hint").as_ref())
                    .desired_width(70.0),
            )
            .labelled_by(label.id)
            .on_hover_text(crate::t!("drawing.size_help").as_ref());
        let parsed = crate::ui::typed_size::parse_size(&sketch.size_text);
        if response.changed() {
            sketch.typed_size = parsed.clone().ok().flatten();
            if sketch.typed_size.is_some() {
                self.canvas.tool = crate::ui::canvas::Tool::Rectangle;
                self.canvas.sketch.points.clear();
            }
        }
        if let Err(why) = parsed {
            ui.colored_label(egui::Color32::from_rgb(190, 30, 30), why);
        }
    }

    /// The UUIDs of the selected rooms.
    fn selected_uuids(&self) -> Vec<Uuid> {
        self.selected_rooms().iter().map(|r| r.uuid).collect()
    }

    /// Merges the selected rooms (the 合并 button).
    pub fn merge_selected(&mut self) {
        let merged = self.selected_uuids();
        self.reshape(&Reshape::Merge(merged));
    }

    /// Deletes the selected rooms (the 删除 button); their seats go with them.
    pub fn delete_selected(&mut self) {
        let deleted = self.selected_uuids();
        self.reshape(&Reshape::Delete(deleted));
    }

    /// Applies a finished canvas gesture.
    pub(super) fn apply_gesture(&mut self, gesture: Gesture) {
        let Some(plan) = self.plan.clone() else {
            return;
        };
        let uuid_of = |room: usize| plan.rooms.get(room).map(|r| r.uuid);
        let vertices = |room: Option<Uuid>, change: VertexChange| {
            room.map(|room| Reshape::Vertices { room, change })
        };
        let change = match gesture {
            Gesture::Rectangle(a, b) => Some(Reshape::Draw(rectangle(a, b))),
            Gesture::Polygon(points) => Some(Reshape::Draw(polygon_from_vertices(points))),
            Gesture::Split { room, a, b } => Some(Reshape::Split {
                room: room.and_then(uuid_of),
                a,
                b,
            }),
            Gesture::MoveVertex { at, to } => vertices(
                uuid_of(at.room),
                VertexChange::Move {
                    ring: at.ring,
                    vertex: at.vertex,
                    to,
                },
            ),
            Gesture::InsertVertex { after, at } => vertices(
                uuid_of(after.room),
                VertexChange::Insert {
                    ring: after.ring,
                    after: after.vertex,
                    at,
                },
            ),
            Gesture::RemoveVertex(at) => vertices(
                uuid_of(at.room),
                VertexChange::Remove {
                    ring: at.ring,
                    vertex: at.vertex,
                },
            ),
        };
        if let Some(change) = change {
            self.reshape(&change);
        }
    }

    /// Applies `change` to the shown floor as one undoable edit and selects the rooms it
    /// names; a refusal becomes a notification.
    fn reshape(&mut self, change: &Reshape) {
        let (Some(w), Some(plan)) = (&self.workspace, &self.plan) else {
            return;
        };
        let reshaped = match w.reshape(plan.floor, change) {
            Ok(r) => r,
            Err(why) => {
                self.notify(why.to_string());
                return;
            }
        };
        self.apply(reshaped.edit);
        if let Some(plan) = &self.plan {
            self.canvas.selection = reshaped
                .select
                .iter()
                .filter_map(|u| plan.rooms.iter().position(|r| r.uuid == *u))
                .collect();
        }
    }
}
