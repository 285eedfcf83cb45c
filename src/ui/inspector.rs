//! The inspector: what is selected, with its editable fields.
//!
//! A room shows its number, name, category, status, area with its basis, units and
//! occupants; the unit holding it shows its approved posts and approved against used area.
//! Changes are sent as [`Edit`]s when the planner presses 应用 (Apply).

use super::labels;
use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::analysis::compliance::Measure;
use crate::model::{Coded as _, Room, RoomCategory, RoomStatus, Uuid};
use crate::store::Occupant;
use crate::workspace::{Checked, Edit, RoomFields};

/// A change of a room's units or persons asked for in the inspector (baseline only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomRequest {
    /// Give the room to a unit, or take it away.
    Assign {
        unit: Uuid,
        room: Uuid,
        remove: bool,
    },
    /// Seat a person in the room, or take them out.
    Seat {
        person: Uuid,
        room: Uuid,
        remove: bool,
    },
    /// Open the unit in the 使用单位与人员 window.
    OpenUnit(Uuid),
    /// Record or delete the room's 出租出借 approval.
    Approval(super::approval_form::ApprovalAction),
}

/// The inspector's editing buffers, reset when the selection changes.
#[derive(Default)]
pub struct Inspector {
    /// A change of the room's units or persons asked for this frame.
    pub request: Option<RoomRequest>,
    /// The unit and person chosen in the pickers.
    pick_unit: Option<Uuid>,
    pick_person: Option<Uuid>,
    room: Option<Uuid>,
    fields: Option<RoomFields>,
    /// The status date as typed (YYYY-MM-DD).
    since_text: String,
    unit: Option<Uuid>,
    unit_name: String,
    /// The draft of a new 出租出借 approval for the room.
    approval: super::approval_form::ApprovalSection,
}

/// What the inspector shows for one room.
pub struct RoomView<'a> {
    pub room: &'a Room,
    pub area_m2: f64,
    /// Why the room's polygon cannot be measured, if it cannot: the area is then shown as
    /// "—" with the reason, never as 0.00.
    pub geometry_problem: Option<&'a crate::analysis::GeometryProblem>,
    pub occupants: &'a [Occupant],
    pub unit_names: Vec<(Uuid, String)>,
    /// Every unit and person of the file (for the pickers), when the baseline can be edited
    /// here: empty while a scenario is shown (its gestures are drops on the plan).
    pub all_units: &'a [(Uuid, String)],
    pub all_persons: &'a [(Uuid, String)],
    /// The file's approval documents (for a room rented or lent out).
    pub approvals: &'a [crate::model::Approval],
}

impl Inspector {
    /// Shows a room and its first unit; returns an edit when the planner applies one.
    pub fn room_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &RoomView<'_>,
        checked: Option<&Checked>,
        read_only: bool,
    ) -> Option<Edit> {
        let room = view.room;
        if self.room != Some(room.uuid) {
            self.room = Some(room.uuid);
            self.fields = Some(RoomFields::of(room));
            self.since_text = room.status_since.clone().unwrap_or_default();
        }
        let mut edit = None;
        ui.heading(crate::t!("inspector.room", number = room.number).as_ref());
        egui::Grid::new("room_fields")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                ui.label(crate::t!("inspector.area").as_ref());
                match view.geometry_problem {
                    None => {
                        ui.label(format_area(view.area_m2, AreaBasis::Usable));
                    }
                    Some(problem) => {
                        ui.colored_label(
                            egui::Color32::from_rgb(190, 30, 30),
                            crate::t!("inspector.area_unknown").as_ref(),
                        )
                        .on_hover_text(problem.to_string());
                    }
                }
                ui.end_row();
                if let Some(problem) = view.geometry_problem {
                    ui.label(crate::t!("inspector.geometry").as_ref());
                    ui.colored_label(
                        egui::Color32::from_rgb(190, 30, 30),
                        crate::t!("inspector.geometry_problem", reason = problem).as_ref(),
                    );
                    ui.end_row();
                }
                if let Some(surveyed) = room.surveyed_area_m2 {
                    ui.label(crate::t!("inspector.surveyed").as_ref());
                    ui.label(format_area(surveyed, AreaBasis::Usable));
                    ui.end_row();
                }
                if let Some(fields) = &mut self.fields {
                    let label = ui.label(crate::t!("inspector.number").as_ref());
                    ui.add(egui::TextEdit::singleline(&mut fields.number).desired_width(160.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(crate::t!("inspector.name").as_ref());
                    ui.add(egui::TextEdit::singleline(&mut fields.name).desired_width(160.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(crate::t!("inspector.category").as_ref());
                    egui::ComboBox::from_id_salt("room_category")
                        .selected_text(labels::category(fields.category))
                        .show_ui(ui, |ui| {
                            for c in RoomCategory::ALL {
                                ui.selectable_value(&mut fields.category, *c, labels::category(*c));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(crate::t!("inspector.status").as_ref());
                    egui::ComboBox::from_id_salt("room_status")
                        .selected_text(labels::status(fields.status))
                        .show_ui(ui, |ui| {
                            for s in RoomStatus::ALL {
                                ui.selectable_value(&mut fields.status, *s, labels::status(*s));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    // A room not in use says since when (闲置 since …); in use, it has no date.
                    if fields.status != RoomStatus::InUse {
                        let label = ui.label(crate::t!("room_batch.since").as_ref());
                        ui.add(
                            egui::TextEdit::singleline(&mut self.since_text)
                                .hint_text(crate::t!("room_batch.date_hint").as_ref())
                                .desired_width(100.0),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    }
                }
            });
        if let Some(mut fields) = self.fields.clone() {
            // The typed date, checked: 闲置 needs one, any date must be a real one.
            let typed = self.since_text.trim();
            let since = if fields.status == RoomStatus::InUse {
                Ok(None)
            } else if typed.is_empty() {
                if fields.status == RoomStatus::Idle {
                    Err(crate::t!("floors.error.idle_needs_date").into_owned())
                } else {
                    Ok(None)
                }
            } else {
                crate::model::parse_date(typed)
                    .map(Some)
                    .ok_or_else(|| crate::t!("floors.error.bad_date", date = typed).into_owned())
            };
            if let Ok(since) = &since {
                fields.status_since = since.clone();
            }
            let changed = fields != RoomFields::of(room);
            if changed && let Err(why) = &since {
                ui.colored_label(egui::Color32::from_rgb(190, 30, 30), why.as_str());
            }
            ui.horizontal(|ui| {
                let apply = ui.add_enabled(
                    changed && !read_only && since.is_ok(),
                    egui::Button::new(crate::t!("inspector.apply").as_ref()),
                );
                if apply.clicked() {
                    edit = Some(Edit::SetRoom {
                        room: room.uuid,
                        fields: fields.clone(),
                    });
                }
                if ui
                    .add_enabled(
                        changed,
                        egui::Button::new(crate::t!("inspector.revert").as_ref()),
                    )
                    .clicked()
                {
                    self.fields = Some(RoomFields::of(room));
                    self.since_text = room.status_since.clone().unwrap_or_default();
                }
            });
            if read_only {
                ui.small(crate::t!("inspector.read_only").as_ref());
            }
        }

        // A room rented or lent out needs its approval (DOMAIN §2.2: 擅自出租出借 otherwise).
        if matches!(room.status, RoomStatus::RentedOut | RoomStatus::LentOut) {
            ui.separator();
            let editable = !read_only && !view.all_units.is_empty();
            if let Some(a) = self.approval.ui(
                ui,
                crate::model::ApprovalKind::LeaseOut,
                room.uuid,
                view.approvals,
                !editable,
            ) {
                self.request = Some(RoomRequest::Approval(a));
            }
        }
        ui.separator();
        self.people_ui(ui, view, checked, read_only);
        if let Some((unit, _)) = view.unit_names.first() {
            ui.separator();
            if let Some(e) = self.unit_ui(ui, unit, checked, read_only) {
                edit = Some(e);
            }
        }
        edit
    }

    /// The room's units and occupants, with pickers and ✖ buttons in the baseline.
    fn people_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &RoomView<'_>,
        checked: Option<&Checked>,
        read_only: bool,
    ) {
        let room = view.room.uuid;
        let editable = !read_only && !view.all_units.is_empty();
        ui.strong(crate::t!("inspector.units").as_ref());
        if view.unit_names.is_empty() {
            ui.label(crate::t!("theme.no_unit").as_ref());
        }
        for (unit, name) in &view.unit_names {
            ui.horizontal(|ui| {
                if ui
                    .link(name)
                    .on_hover_text(crate::t!("inspector.open_unit").as_ref())
                    .clicked()
                {
                    self.request = Some(RoomRequest::OpenUnit(*unit));
                }
                if editable
                    && ui
                        .small_button("×")
                        .on_hover_text(crate::t!("inspector.unassign", name = name).as_ref())
                        .clicked()
                {
                    self.request = Some(RoomRequest::Assign {
                        unit: *unit,
                        room,
                        remove: true,
                    });
                }
            });
        }
        if editable {
            ui.horizontal(|ui| {
                let chosen = self
                    .pick_unit
                    .and_then(|u| view.all_units.iter().find(|(x, _)| *x == u))
                    .map_or_else(
                        || crate::t!("inspector.pick_unit").into_owned(),
                        |(_, n)| n.clone(),
                    );
                let label = ui.label(crate::t!("inspector.add_unit").as_ref());
                egui::ComboBox::from_id_salt("inspector_unit_picker")
                    .selected_text(chosen)
                    .width(150.0)
                    .show_ui(ui, |ui| {
                        for (uuid, name) in view
                            .all_units
                            .iter()
                            .filter(|(u, _)| !view.unit_names.iter().any(|(x, _)| x == u))
                        {
                            ui.selectable_value(&mut self.pick_unit, Some(*uuid), name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if ui
                    .add_enabled(
                        self.pick_unit.is_some(),
                        egui::Button::new(crate::t!("inspector.assign").as_ref()),
                    )
                    .clicked()
                    && let Some(unit) = self.pick_unit.take()
                {
                    self.request = Some(RoomRequest::Assign {
                        unit,
                        room,
                        remove: false,
                    });
                }
            });
        }
        ui.strong(crate::t!("inspector.occupants", count = view.occupants.len()).as_ref());
        for o in view.occupants {
            ui.horizontal(|ui| {
                // Drag a person onto another room to move their seat.
                // The grade with the row it reads in the person's unit (县处级正职（县级正职 30 m²）).
                let person = checked.and_then(|c| {
                    let p = c.project.persons.get(c.person_index(&o.person)?)?;
                    Some((c, p))
                });
                let grade = match person {
                    Some((c, p)) => {
                        labels::person_row_in(crate::i18n::language(), &c.standard, p, |id| {
                            c.project.units.iter().find(|u| u.uuid == *id)
                        })
                    }
                    None => labels::grade(o.grade),
                };
                let text = format!("{} · {} {}", o.name, grade, o.title);
                let response = super::drag::draggable_label(
                    ui,
                    &text,
                    crate::t!("inspector.drag_person").as_ref(),
                );
                super::drag::source(ui, &response, || super::drag::Payload::Person {
                    person: o.person,
                    name: o.name.clone(),
                    from: Some(room),
                });
                if editable
                    && ui
                        .small_button("×")
                        .on_hover_text(crate::t!("inspector.unseat", name = o.name).as_ref())
                        .clicked()
                {
                    self.request = Some(RoomRequest::Seat {
                        person: o.person,
                        room,
                        remove: true,
                    });
                }
            });
        }
        if editable {
            ui.horizontal(|ui| {
                let chosen = self
                    .pick_person
                    .and_then(|p| view.all_persons.iter().find(|(x, _)| *x == p))
                    .map_or_else(
                        || crate::t!("inspector.pick_person").into_owned(),
                        |(_, n)| n.clone(),
                    );
                let label = ui.label(crate::t!("inspector.add_person").as_ref());
                egui::ComboBox::from_id_salt("inspector_person_picker")
                    .selected_text(chosen)
                    .width(150.0)
                    .show_ui(ui, |ui| {
                        for (uuid, name) in view
                            .all_persons
                            .iter()
                            .filter(|(p, _)| !view.occupants.iter().any(|o| o.person == *p))
                        {
                            ui.selectable_value(&mut self.pick_person, Some(*uuid), name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if ui
                    .add_enabled(
                        self.pick_person.is_some(),
                        egui::Button::new(crate::t!("inspector.seat").as_ref()),
                    )
                    .clicked()
                    && let Some(person) = self.pick_person.take()
                {
                    self.request = Some(RoomRequest::Seat {
                        person,
                        room,
                        remove: false,
                    });
                }
            });
        }
    }

    /// The unit section: name (editable), approved posts, approved against used area.
    fn unit_ui(
        &mut self,
        ui: &mut egui::Ui,
        unit: &Uuid,
        checked: Option<&Checked>,
        read_only: bool,
    ) -> Option<Edit> {
        let checked = checked?;
        let index = checked.project.units.iter().position(|u| u.uuid == *unit)?;
        let u = checked.project.units.get(index)?;
        if self.unit != Some(*unit) {
            self.unit = Some(*unit);
            self.unit_name = u.name.clone();
        }
        let mut edit = None;
        ui.heading(crate::t!("inspector.unit").as_ref());
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("inspector.unit_name").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.unit_name).desired_width(150.0))
                .labelled_by(label.id);
            let changed = self.unit_name.trim() != u.name && !self.unit_name.trim().is_empty();
            if ui
                .add_enabled(
                    changed && !read_only,
                    egui::Button::new(crate::t!("inspector.rename_unit").as_ref()),
                )
                .clicked()
            {
                edit = Some(Edit::RenameUnit {
                    unit: *unit,
                    name: self.unit_name.trim().to_owned(),
                });
            }
        });
        // 编制 are the approved posts (批复编制, with 工勤编制), 实有 the persons on the books.
        ui.label(format!(
            "{} · {} · {}",
            labels::organ_category(u.organ_category),
            crate::t!(
                "inspector.establishment",
                posts = u.approved_posts() + u.service_posts,
                service = u.service_posts
            ),
            crate::t!("inspector.actual", count = u.headcount)
        ));
        egui::Grid::new("unit_posts").striped(true).show(ui, |ui| {
            ui.strong(crate::t!("inspector.grade").as_ref());
            ui.strong(crate::t!("inspector.posts").as_ref());
            ui.end_row();
            for (grade, count) in &u.posts {
                ui.label(labels::person_grade(&checked.standard, Some(u), *grade));
                ui.label(count.to_string());
                ui.end_row();
            }
        });
        if let Some(c) = checked.compliance.units.iter().find(|c| c.unit == index) {
            egui::Grid::new("unit_compliance")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong("");
                    ui.strong(crate::t!("inspector.approved").as_ref());
                    ui.strong(crate::t!("inspector.used").as_ref());
                    ui.strong(crate::t!("inspector.excess").as_ref());
                    ui.end_row();
                    let mut row = |name: String, m: &Measure| {
                        ui.label(name);
                        ui.label(format!("{:.2}", m.approved_m2));
                        ui.label(format!("{:.2}", m.used_m2));
                        let excess = format!("{:.2}", m.excess_m2);
                        if m.excess_m2 > 0.0 {
                            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), excess);
                        } else {
                            ui.label(excess);
                        }
                        ui.end_row();
                    };
                    row(labels::category(RoomCategory::Office), &c.office);
                    if let Some(s) = &c.service {
                        row(labels::category(RoomCategory::Service), s);
                    }
                    if let Some(p) = &c.plant {
                        row(labels::category(RoomCategory::Equipment), p);
                    }
                    row(crate::t!("inspector.basic").into_owned(), &c.basic);
                });
            ui.small(crate::t!("inspector.basis_note", basis = AreaBasis::Usable.label()).as_ref());
            let verdict = if c.over {
                crate::t!("inspector.over")
            } else {
                crate::t!("inspector.within")
            };
            ui.label(verdict.as_ref());
        }
        edit
    }
}
