//! The app's side of units, persons and seats: the 使用单位与人员 window, the baseline's drops
//! of units and persons on rooms, and the inspector's unit picker — each written through the
//! workspace as one undoable edit; a scenario shown takes the drops instead (planning.rs).

use super::OfficeplanApp;
use crate::model::{Organisation, RoomKey, Uuid};
use crate::ui::people_panel::{PeopleAction, PeopleView};
use crate::ui::plan_drop::DropAction;
use crate::workspace::{PeopleError, WorkspaceError};

/// Records by UUID with the name shown for them.
type Named = Vec<(Uuid, String)>;

/// The organisation and the room names as the file has them, read once per generation.
#[derive(Default)]
pub(super) struct PeopleData {
    pub organisation: Organisation,
    pub rooms: Vec<RoomKey>,
    pub approvals: Vec<crate::model::Approval>,
}

impl OfficeplanApp {
    /// The units, persons and room names of the open file, for this generation.
    pub(super) fn people_data(&mut self) -> Option<&PeopleData> {
        let w = self.workspace.as_ref()?;
        let generation = w.generation();
        Some(
            self.people_data
                .get_or_insert_with(generation, || PeopleData {
                    organisation: w.organisation().unwrap_or_default(),
                    rooms: w.room_keys().unwrap_or_default(),
                    approvals: w.approvals().unwrap_or_default(),
                }),
        )
    }

    /// The 使用单位与人员 window and the person form.
    pub(super) fn people_ui(&mut self, ctx: &egui::Context) {
        if !self.people.open {
            return;
        }
        self.ensure_checked();
        let organ = self
            .workspace
            .as_ref()
            .and_then(|w| w.region().ok().flatten())
            .map_or(crate::model::OrganCategory::County, |r| {
                r.level.organ_category()
            });
        // Baseline figures: while a scenario is shown its state is checked instead.
        let checked = self
            .workspace
            .as_ref()
            .filter(|w| w.active_scenario().is_none())
            .and_then(|w| w.checked_if_run());
        let read_only = self
            .workspace
            .as_ref()
            .is_none_or(|w| w.is_read_only() || w.active_scenario().is_some());
        let Some(data) = self.people_data() else {
            return;
        };
        let organisation = data.organisation.clone();
        let rooms = data.rooms.clone();
        let approvals = data.approvals.clone();
        let room_label = |r: &Uuid| {
            rooms
                .iter()
                .find(|k| k.uuid == *r)
                .map_or_else(|| r.to_string(), RoomKey::label)
        };
        let view = PeopleView {
            organisation: &organisation,
            checked: checked.as_deref(),
            standard: checked.as_deref().map(|c| &c.standard),
            room_label: &room_label,
            organ,
            read_only,
            approvals: &approvals,
        };
        let Some(action) = self.people.show(ctx, &view) else {
            return;
        };
        self.on_people(action);
    }

    fn on_people(&mut self, action: PeopleAction) {
        let Some(w) = &mut self.workspace else { return };
        let (result, unit) = match &action {
            PeopleAction::AddUnit(u) => (w.add_unit(u), Some(u.uuid)),
            PeopleAction::EditUnit(u) => (w.edit_unit(u), Some(u.uuid)),
            PeopleAction::DeleteUnit { unit, confirmed } => (w.delete_unit(unit, *confirmed), None),
            PeopleAction::AddPerson(p) | PeopleAction::EditPerson(p) => {
                let r = if matches!(action, PeopleAction::AddPerson(_)) {
                    w.add_person(p)
                } else {
                    w.edit_person(p)
                };
                if r.is_ok() {
                    self.people.person = None;
                }
                (r, Some(p.unit))
            }
            PeopleAction::DeletePerson(p) => {
                let r = w.delete_person(p);
                if r.is_ok() {
                    self.people.person = None;
                }
                (r, None)
            }
            PeopleAction::Unseat { person, room } => {
                let r = w.seat_person(person, room, true);
                if r.is_ok() {
                    self.people.person = None;
                }
                (r, None)
            }
            PeopleAction::ShowRoom(room) => {
                self.show_room(*room);
                return;
            }
            PeopleAction::Approval(a) => {
                self.on_approval(a.clone());
                return;
            }
        };
        match result {
            Ok(()) => {
                self.people.saved(unit);
                self.say_last_change();
                self.after_edit();
            }
            // Deleting a unit that holds persons or rooms: say what goes, ask again.
            Err(WorkspaceError::People(PeopleError::UnitNotEmpty { persons, rooms, .. })) => {
                self.people.confirm_delete = Some(crate::workspace::UnitContents {
                    persons,
                    rooms,
                    sub_units: 0,
                });
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// The 审批文件 register: every approval of the file, named by what it approves.
    pub(super) fn approvals_ui(&mut self, ctx: &egui::Context) {
        if !self.approvals_window.open {
            return;
        }
        let read_only = self
            .workspace
            .as_ref()
            .is_none_or(|w| w.is_read_only() || w.active_scenario().is_some());
        let buildings: Named = self.workspace.as_ref().map_or_else(Vec::new, |w| {
            w.index()
                .buildings
                .iter()
                .map(|b| (b.building.uuid, b.building.name.clone()))
                .collect()
        });
        let Some(data) = self.people_data() else {
            return;
        };
        let o = &data.organisation;
        let unit_name = |u: &Uuid| {
            o.units
                .iter()
                .find(|x| x.uuid == *u)
                .map_or("", |x| x.name.as_str())
        };
        let persons: Named = o
            .persons
            .iter()
            .map(|p| (p.uuid, format!("{} · {}", p.name, unit_name(&p.unit))))
            .collect();
        let rooms: Named = data.rooms.iter().map(|k| (k.uuid, k.label())).collect();
        let approvals = data.approvals.clone();
        let subjects = crate::ui::approvals_window::ApprovalSubjects {
            persons: &persons,
            buildings: &buildings,
            rooms: &rooms,
        };
        if let Some(action) = self
            .approvals_window
            .show(ctx, &approvals, &subjects, read_only)
        {
            self.on_approval(action);
        }
    }

    /// Writes an approval document asked for by a form or the register (one undoable edit).
    pub(super) fn on_approval(&mut self, action: crate::ui::approval_form::ApprovalAction) {
        use crate::ui::approval_form::ApprovalAction;
        let Some(w) = &mut self.workspace else { return };
        let result = match &action {
            ApprovalAction::Add(a) => w.add_approval(a),
            ApprovalAction::Edit(a) => w.edit_approval(a),
            ApprovalAction::Delete(uuid) => w.delete_approval(uuid),
        };
        match result {
            Ok(()) => {
                self.approvals_window.saved();
                self.say_last_change();
                self.after_edit();
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// The change-log line just written, as a notice (it names 基准 for seats).
    fn say_last_change(&mut self) {
        if let Some(line) = self
            .workspace
            .as_ref()
            .and_then(|w| w.history(1).ok())
            .and_then(|h| h.into_iter().next())
        {
            self.inform(line.summary);
        }
    }

    /// Opens a room's floor and selects it.
    pub(super) fn show_room(&mut self, room: Uuid) {
        let floor = self
            .workspace
            .as_ref()
            .and_then(|w| w.load_project().ok())
            .and_then(|p| p.rooms.iter().find(|r| r.uuid == room).map(|r| r.floor));
        if let Some(floor) = floor {
            self.jump_to(floor, room);
        }
    }

    /// A drop on the plan while the baseline is shown: a unit given a room (or moved from
    /// one), rooms' units moved, a person seated or moved — one undoable edit each.
    pub(super) fn drop_in_baseline(&mut self, action: DropAction) {
        let Some(w) = &mut self.workspace else { return };
        let result = match action {
            DropAction::Unit { unit, from, to } | DropAction::Ask { unit, from, to } => {
                w.move_unit_rooms(&unit, &from.into_iter().collect::<Vec<_>>(), &[to])
            }
            DropAction::Rooms(pairs) => w.move_rooms_units(&pairs),
            DropAction::Person { person, from, to } => match from {
                Some(from) => w.move_seat(&person, &from, &to),
                None => w.seat_person(&person, &to, false),
            },
        };
        match result {
            Ok(()) => self.say_last_change(),
            Err(e) => self.notify(e.to_string()),
        }
        let selection = self.canvas.selection.clone();
        self.after_edit();
        self.canvas.selection = selection;
    }

    /// The inspector's unit picker and person buttons.
    pub(super) fn on_room_request(&mut self, request: crate::ui::inspector::RoomRequest) {
        use crate::ui::inspector::RoomRequest;
        let Some(w) = &mut self.workspace else { return };
        let result = match request {
            RoomRequest::Assign { unit, room, remove } => w.assign_rooms(&unit, &[room], remove),
            RoomRequest::Seat {
                person,
                room,
                remove,
            } => w.seat_person(&person, &room, remove),
            RoomRequest::OpenUnit(unit) => {
                self.people.open_on(Some(unit));
                return;
            }
            RoomRequest::Approval(action) => {
                let selection = self.canvas.selection.clone();
                self.on_approval(action);
                self.canvas.selection = selection;
                return;
            }
        };
        match result {
            Ok(()) => self.say_last_change(),
            Err(e) => self.notify(e.to_string()),
        }
        let selection = self.canvas.selection.clone();
        self.after_edit();
        self.canvas.selection = selection;
    }
}

impl OfficeplanApp {
    /// The inspector's pickers: every unit, and every person (those of `units` first), named
    /// with their unit; empty while a scenario is shown or the file is read-only.
    pub(super) fn pickers(&mut self, units: &[Uuid]) -> (Named, Named) {
        let editable = self
            .workspace
            .as_ref()
            .is_some_and(|w| !w.is_read_only() && w.active_scenario().is_none());
        if !editable {
            return (Vec::new(), Vec::new());
        }
        let Some(data) = self.people_data() else {
            return (Vec::new(), Vec::new());
        };
        let o = &data.organisation;
        let all_units = crate::ui::people_panel::unit_names(o);
        let unit_name = |u: &Uuid| {
            o.units
                .iter()
                .find(|x| x.uuid == *u)
                .map_or("", |x| x.name.as_str())
        };
        let mut persons: Vec<(bool, Uuid, String)> = o
            .persons
            .iter()
            .map(|p| {
                (
                    !units.contains(&p.unit),
                    p.uuid,
                    format!("{} · {}", p.name, unit_name(&p.unit)),
                )
            })
            .collect();
        persons.sort_by_key(|p| p.0);
        (
            all_units,
            persons.into_iter().map(|(_, u, n)| (u, n)).collect(),
        )
    }
}
