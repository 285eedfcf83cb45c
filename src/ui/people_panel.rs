//! 使用单位与人员: every unit in a searchable list; the chosen unit's form with its approved
//! areas worked out as the planner types; its persons with their grade and the standard row
//! it reads; a search of persons by name across units. Changes come back as [`PeopleAction`]s
//! for the app to write through the workspace.

use super::labels;
use super::person_form::{PersonForm, PersonFormAction, person_with_row};
use super::unit_form::UnitForm;
use crate::model::{OrganCategory, Organisation, Person, Unit, Uuid};
use crate::standards::ProjectStandard;
use crate::workspace::{Checked, UnitContents};

/// What the panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PeopleAction {
    AddUnit(Unit),
    EditUnit(Unit),
    /// Delete a unit; `confirmed` once the planner has seen what goes with it.
    DeleteUnit {
        unit: Uuid,
        confirmed: bool,
    },
    AddPerson(Person),
    EditPerson(Person),
    DeletePerson(Uuid),
    Unseat {
        person: Uuid,
        room: Uuid,
    },
    /// Show a room on its floor.
    ShowRoom(Uuid),
    /// Record, change or delete an approval document.
    Approval(super::approval_form::ApprovalAction),
}

/// The panel's state.
#[derive(Default)]
pub struct PeoplePanel {
    pub open: bool,
    filter: String,
    search: String,
    selected: Option<Uuid>,
    form: Option<UnitForm>,
    pub person: Option<PersonForm>,
    /// What deleting the selected unit takes, once 删除… was pressed.
    pub confirm_delete: Option<UnitContents>,
    focus_search: bool,
}

/// What the panel reads, gathered by the app.
pub struct PeopleView<'a> {
    pub organisation: &'a Organisation,
    pub checked: Option<&'a Checked>,
    pub standard: Option<&'a ProjectStandard>,
    /// `楼栋/楼层/房间号` of a room.
    pub room_label: &'a dyn Fn(&Uuid) -> String,
    /// The region's organ category, for new units.
    pub organ: OrganCategory,
    pub read_only: bool,
    /// The file's approval documents (审批文件).
    pub approvals: &'a [crate::model::Approval],
}

impl PeoplePanel {
    /// Opens the panel on `unit` (or keeps the selection).
    pub fn open_on(&mut self, unit: Option<Uuid>) {
        self.open = true;
        if unit.is_some() {
            self.selected = unit;
            self.form = None;
        }
    }

    /// After a successful write: the forms take the file's values again.
    pub fn saved(&mut self, unit: Option<Uuid>) {
        if unit.is_some() {
            self.selected = unit;
        }
        self.form = None;
        self.confirm_delete = None;
    }

    /// Shows the window and the person form; the action asked for, if any.
    pub fn show(&mut self, ctx: &egui::Context, view: &PeopleView<'_>) -> Option<PeopleAction> {
        if !self.open {
            return None;
        }
        let mut action = None;
        let mut open = true;
        egui::Window::new(crate::t!("people_ui.title").as_ref())
            .open(&mut open)
            .default_size([900.0, 680.0])
            .show(ctx, |ui| action = self.ui(ui, view));
        self.open = open;
        let units = unit_names(view.organisation);
        if let Some(form) = &mut self.person {
            let unit_of = |u: &Uuid| {
                view.organisation
                    .units
                    .iter()
                    .find(|x| x.uuid == *u)
                    .cloned()
            };
            match form.show(
                ctx,
                &units,
                view.room_label,
                view.standard,
                &unit_of,
                view.approvals,
            ) {
                Some(PersonFormAction::Save(p)) => {
                    action = Some(if form.is_new {
                        PeopleAction::AddPerson(p)
                    } else {
                        PeopleAction::EditPerson(p)
                    });
                }
                Some(PersonFormAction::Delete(p)) => action = Some(PeopleAction::DeletePerson(p)),
                Some(PersonFormAction::Unseat { person, room }) => {
                    action = Some(PeopleAction::Unseat { person, room });
                }
                Some(PersonFormAction::Approval(a)) => action = Some(PeopleAction::Approval(a)),
                Some(PersonFormAction::Close) => self.person = None,
                None => {}
            }
        }
        action
    }

    fn ui(&mut self, ui: &mut egui::Ui, view: &PeopleView<'_>) -> Option<PeopleAction> {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
            self.focus_search = true;
        }
        let mut action = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(230.0);
                if let Some(a) = self.list_ui(ui, view) {
                    action = Some(a);
                }
            });
            ui.separator();
            ui.vertical(|ui| {
                egui::ScrollArea::vertical()
                    .id_salt("people_form")
                    .show(ui, |ui| {
                        if let Some(a) = self.unit_ui(ui, view) {
                            action = Some(a);
                        }
                    });
            });
        });
        action
    }

    /// The search, the unit list and 新增单位.
    fn list_ui(&mut self, ui: &mut egui::Ui, view: &PeopleView<'_>) -> Option<PeopleAction> {
        let o = view.organisation;
        let label = ui.label(crate::t!("people_ui.search_person").as_ref());
        let search = ui
            .add(egui::TextEdit::singleline(&mut self.search).hint_text("Ctrl+F"))
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_search) {
            search.request_focus();
        }
        let needle = self.search.trim();
        if !needle.is_empty() {
            let found: Vec<&Person> = o
                .persons
                .iter()
                .filter(|p| p.name.contains(needle))
                .collect();
            ui.weak(crate::t!("people_ui.found", count = found.len()).as_ref());
            for p in found.iter().take(50) {
                let unit = o
                    .units
                    .iter()
                    .find(|u| u.uuid == p.unit)
                    .map_or("", |u| u.name.as_str());
                if ui
                    .selectable_label(false, format!("{} · {unit}", p.name))
                    .clicked()
                {
                    self.selected = Some(p.unit);
                    self.form = None;
                    self.person = Some(PersonForm::edit((*p).clone()));
                }
            }
            ui.separator();
        }
        let label = ui.label(crate::t!("people_ui.filter_units").as_ref());
        ui.add(egui::TextEdit::singleline(&mut self.filter))
            .labelled_by(label.id);
        let add = ui.add_enabled(
            !view.read_only,
            egui::Button::new(crate::t!("people_ui.add_unit").as_ref()),
        );
        if add.clicked() {
            self.selected = None;
            self.form = Some(UnitForm::add(view.organ));
            self.confirm_delete = None;
        }
        egui::ScrollArea::vertical()
            .id_salt("people_units")
            .max_height(ui.available_height().max(200.0))
            .show(ui, |ui| {
                let filter = self.filter.trim();
                for u in o.units.iter().filter(|u| u.name.contains(filter)) {
                    let over = view
                        .checked
                        .and_then(|c| unit_compliance(c, &u.uuid))
                        .is_some_and(|c| c.over);
                    let text = if over {
                        egui::RichText::new(&u.name).color(egui::Color32::from_rgb(200, 40, 40))
                    } else {
                        egui::RichText::new(&u.name)
                    };
                    if ui
                        .selectable_label(self.selected == Some(u.uuid), text)
                        .clicked()
                    {
                        self.selected = Some(u.uuid);
                        self.form = None;
                        self.confirm_delete = None;
                    }
                }
            });
        None
    }

    /// The selected (or new) unit's form, its buttons and its persons.
    fn unit_ui(&mut self, ui: &mut egui::Ui, view: &PeopleView<'_>) -> Option<PeopleAction> {
        let o = view.organisation;
        if self.form.is_none()
            && let Some(u) = self
                .selected
                .and_then(|s| o.units.iter().find(|u| u.uuid == s))
        {
            self.form = Some(UnitForm::edit(u.clone()));
        }
        let Some(form) = &mut self.form else {
            ui.label(crate::t!("people_ui.pick_or_add").as_ref());
            return None;
        };
        let units = unit_names(o);
        let used = view
            .checked
            .and_then(|c| unit_compliance(c, &form.unit.uuid));
        ui.heading(if form.is_new {
            crate::t!("people_ui.new_unit").into_owned()
        } else {
            form.unit.name.clone()
        });
        form.ui(ui, &units, view.standard, used);
        let mut action = None;
        let edited = form.edited();
        ui.horizontal(|ui| {
            let save = ui.add_enabled(
                edited.is_ok() && !view.read_only,
                egui::Button::new(crate::t!("form.save").as_ref()),
            );
            if save.clicked()
                && let Ok(u) = &edited
            {
                action = Some(if form.is_new {
                    PeopleAction::AddUnit(u.clone())
                } else {
                    PeopleAction::EditUnit(u.clone())
                });
            }
            if !form.is_new {
                match self.confirm_delete {
                    None => {
                        if ui
                            .add_enabled(
                                !view.read_only,
                                egui::Button::new(crate::t!("people_ui.delete").as_ref()),
                            )
                            .clicked()
                        {
                            action = Some(PeopleAction::DeleteUnit {
                                unit: form.unit.uuid,
                                confirmed: false,
                            });
                        }
                    }
                    Some(contents) => {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            crate::t!(
                                "people.error.unit_not_empty",
                                name = form.unit.name,
                                persons = contents.persons,
                                rooms = contents.rooms
                            )
                            .as_ref(),
                        );
                        if ui
                            .button(crate::t!("form.confirm_delete").as_ref())
                            .clicked()
                        {
                            action = Some(PeopleAction::DeleteUnit {
                                unit: form.unit.uuid,
                                confirmed: true,
                            });
                        }
                    }
                }
            }
        });
        if form.is_new {
            return action;
        }
        ui.separator();
        let unit = form.unit.uuid;
        let persons: Vec<&Person> = o.persons.iter().filter(|p| p.unit == unit).collect();
        ui.horizontal(|ui| {
            ui.strong(crate::t!("people_ui.persons", count = persons.len()).as_ref());
            if ui
                .add_enabled(
                    !view.read_only,
                    egui::Button::new(crate::t!("people_ui.add_person").as_ref()),
                )
                .clicked()
            {
                self.person = Some(PersonForm::add(unit));
            }
        });
        let unit_row = o.units.iter().find(|u| u.uuid == unit);
        egui::Grid::new("unit_persons")
            .num_columns(4)
            .striped(true)
            .show(ui, |ui| {
                ui.strong(crate::t!("people.field.person_name").as_ref());
                ui.strong(crate::t!("people_ui.grade").as_ref());
                ui.strong(crate::t!("people_ui.status").as_ref());
                ui.strong(crate::t!("people_ui.office").as_ref());
                ui.end_row();
                for p in persons {
                    if ui.link(&p.name).clicked() {
                        self.person = Some(PersonForm::edit(p.clone()));
                    }
                    ui.label(person_with_row(p, unit_row, view.standard));
                    ui.label(labels::person_status(p.status));
                    ui.horizontal(|ui| {
                        for room in &p.rooms {
                            if ui.link((view.room_label)(room)).clicked() {
                                action = Some(PeopleAction::ShowRoom(*room));
                            }
                        }
                    });
                    ui.end_row();
                }
            });
        action
    }
}

/// Every unit's UUID and name, in file order.
pub fn unit_names(o: &Organisation) -> Vec<(Uuid, String)> {
    o.units.iter().map(|u| (u.uuid, u.name.clone())).collect()
}

fn unit_compliance<'a>(
    checked: &'a Checked,
    unit: &Uuid,
) -> Option<&'a crate::analysis::compliance::UnitCompliance> {
    let index = checked.project.units.iter().position(|u| u.uuid == *unit)?;
    checked.compliance.units.iter().find(|c| c.unit == index)
}
