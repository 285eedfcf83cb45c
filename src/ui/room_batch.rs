//! The batch editor (批量修改): when several rooms are selected, the inspector edits them
//! together — category, sub-use, status with its date, note. A field the rooms do not share
//! shows 多个值 and stays as each room has it unless the planner sets it; 应用 sends one
//! [`Edit::SetRooms`] with only the fields the planner changed.

use super::labels;
use crate::model::{Coded as _, Room, RoomCategory, RoomStatus, Uuid};
use crate::workspace::{Edit, RoomsPatch};

/// The editor's buffers, reset when the selection changes.
#[derive(Default)]
pub struct RoomBatch {
    rooms: Vec<Uuid>,
    category: Option<RoomCategory>,
    status: Option<RoomStatus>,
    /// (buffer, value when the selection was made)
    sub_use: (String, String),
    since: (String, String),
    note: (String, String),
    problem: Option<String>,
}

/// The value every room has, if they all have the same.
fn common<T: PartialEq + Clone>(rooms: &[&Room], value: impl Fn(&Room) -> T) -> Option<T> {
    let first = value(rooms.first()?);
    rooms.iter().all(|r| value(r) == first).then_some(first)
}

/// A text field's buffer and its starting value: the rooms' common text, or empty.
fn text_of(rooms: &[&Room], value: impl Fn(&Room) -> String) -> (String, String) {
    let text = common(rooms, value).unwrap_or_default();
    (text.clone(), text)
}

impl RoomBatch {
    fn reset(&mut self, rooms: &[&Room]) {
        *self = Self {
            rooms: rooms.iter().map(|r| r.uuid).collect(),
            sub_use: text_of(rooms, |r| r.sub_use.clone()),
            since: text_of(rooms, |r| r.status_since.clone().unwrap_or_default()),
            note: text_of(rooms, |r| r.note.clone()),
            ..Self::default()
        };
    }

    /// The patch of the fields the planner changed.
    fn patch(&self) -> RoomsPatch {
        let changed = |(now, was): &(String, String)| (now != was).then(|| now.trim().to_owned());
        RoomsPatch {
            rooms: self.rooms.clone(),
            category: self.category,
            sub_use: changed(&self.sub_use),
            status: self.status,
            status_since: changed(&self.since).filter(|d| !d.is_empty()),
            note: changed(&self.note),
        }
    }

    /// Shows the editor for `rooms`; returns the edit when the planner presses 应用.
    pub fn ui(&mut self, ui: &mut egui::Ui, rooms: &[&Room], read_only: bool) -> Option<Edit> {
        if self.rooms.len() != rooms.len()
            || self.rooms.iter().zip(rooms).any(|(a, b)| *a != b.uuid)
        {
            self.reset(rooms);
        }
        let many = crate::t!("room_batch.many");
        let mut edit = None;
        ui.strong(crate::t!("room_batch.title").as_ref());
        egui::Grid::new("room_batch").num_columns(2).show(ui, |ui| {
            let label = ui.label(crate::t!("inspector.category").as_ref());
            let shown = self
                .category
                .or_else(|| common(rooms, |r| r.category))
                .map_or_else(|| many.to_string(), labels::category);
            egui::ComboBox::from_id_salt("batch_category")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.category,
                        None,
                        crate::t!("room_batch.unchanged").as_ref(),
                    );
                    for c in RoomCategory::ALL {
                        ui.selectable_value(&mut self.category, Some(*c), labels::category(*c));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("room_batch.sub_use").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.sub_use.0).hint_text(many.as_ref()))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("inspector.status").as_ref());
            let shown = self
                .status
                .or_else(|| common(rooms, |r| r.status))
                .map_or_else(|| many.to_string(), labels::status);
            egui::ComboBox::from_id_salt("batch_status")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.status,
                        None,
                        crate::t!("room_batch.unchanged").as_ref(),
                    );
                    for s in RoomStatus::ALL {
                        ui.selectable_value(&mut self.status, Some(*s), labels::status(*s));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("room_batch.since").as_ref());
            ui.add(
                egui::TextEdit::singleline(&mut self.since.0)
                    .hint_text(crate::t!("room_batch.date_hint").as_ref()),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("room_batch.note").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.note.0).hint_text(many.as_ref()))
                .labelled_by(label.id);
            ui.end_row();
        });
        if self.status == Some(RoomStatus::Idle) && self.since.0.trim().is_empty() {
            ui.small(crate::t!("floors.error.idle_needs_date").as_ref());
        }
        if let Some(problem) = &self.problem {
            ui.colored_label(egui::Color32::from_rgb(190, 30, 30), problem);
        }
        let patch = self.patch();
        let apply = ui.add_enabled(
            !patch.is_empty() && !read_only,
            egui::Button::new(crate::t!("room_batch.apply", count = rooms.len()).as_ref()),
        );
        if apply.clicked() {
            match patch.check() {
                Ok(()) => edit = Some(Edit::SetRooms(Box::new(patch))),
                Err(problem) => self.problem = Some(problem.to_string()),
            }
        }
        edit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlanPolygon;

    fn room(number: &str, category: RoomCategory, note: &str) -> Room {
        Room {
            uuid: Uuid::now_v7(),
            floor: Uuid::nil(),
            number: number.into(),
            name: String::new(),
            category,
            sub_use: String::new(),
            status: RoomStatus::InUse,
            status_since: None,
            polygon: PlanPolygon::new(geo::LineString::new(vec![]), vec![]),
            surveyed_area_m2: None,
            units: vec![],
            note: note.into(),
        }
    }

    #[test]
    fn only_the_fields_changed_are_in_the_patch() {
        let a = room("305", RoomCategory::Service, "");
        let b = room("306", RoomCategory::Office, "");
        let mut batch = RoomBatch::default();
        batch.reset(&[&a, &b]);
        assert!(batch.patch().is_empty(), "nothing changed yet");
        batch.status = Some(RoomStatus::Idle);
        batch.since.0 = "2026-03-01".into();
        let patch = batch.patch();
        assert_eq!(patch.rooms.len(), 2);
        assert_eq!(
            patch.category, None,
            "categories differ and were not touched"
        );
        assert_eq!(patch.status_since.as_deref(), Some("2026-03-01"));
        assert_eq!(patch.note, None);
    }
}
