//! The person form (人员): name, unit, grade (shown with the standard row it reads), title,
//! status with its date, concurrent posts (兼职) each with its term, the approval of a second
//! office (文号, 日期), and the rooms the person sits in.

use super::labels;
use crate::model::Coded as _;
use crate::model::{ConcurrentPost, Grade, Person, PersonStatus, Uuid, parse_date};
use crate::standards::ProjectStandard;

/// The form's buffers: the person as edited and the dates as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonForm {
    pub person: Person,
    pub is_new: bool,
    status_date: String,
    approval_date: String,
    /// (unit, start, end) as typed, one per concurrent post.
    posts: Vec<(Option<Uuid>, String, String)>,
    pub confirm_delete: bool,
    /// The draft of a new approval of two offices in the own unit (多处办公室审批).
    approval: super::approval_form::ApprovalSection,
}

/// What the person form asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum PersonFormAction {
    Save(Person),
    Delete(Uuid),
    /// Take the person out of a room (their seat).
    Unseat {
        person: Uuid,
        room: Uuid,
    },
    /// Record or delete an approval of the person's two offices.
    Approval(super::approval_form::ApprovalAction),
    Close,
}

fn date(text: &str, field: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_date(t).map(Some).ok_or_else(|| {
        crate::t!("people.error.bad_date", field = crate::t!(field), value = t).into_owned()
    })
}

/// The person's grade and the row of the standard it reads for their unit, as every place
/// shows it ([`labels::person_grade`]: `乡科级正职（正科级 18 m²）`).
pub fn grade_with_row(
    grade: Grade,
    unit: Option<&crate::model::Unit>,
    standard: Option<&ProjectStandard>,
) -> String {
    match standard {
        Some(s) => labels::person_grade(s, unit, grade),
        None => labels::grade(grade),
    }
}

/// A person's grade as recorded (the 职级 as given, alone or beside the grade) with the row of
/// the standard the person reads: `一级主任科员（乡科级正职（正科级 18 m²））`.
pub fn person_with_row(
    person: &Person,
    unit: Option<&crate::model::Unit>,
    standard: Option<&ProjectStandard>,
) -> String {
    let grade = standard.map_or(person.grade, |s| s.grade_of(person));
    let row = grade_with_row(grade, unit, standard);
    if person.rank.trim().is_empty() {
        row
    } else if person.rank_only {
        format!("{}（{row}）", person.rank)
    } else {
        format!("{} / {}（{row}）", labels::grade(person.grade), person.rank)
    }
}

impl PersonForm {
    /// A form for a new person of `unit`.
    pub fn add(unit: Uuid) -> Self {
        let mut form = Self::edit(Person::new(unit, "", Grade::Clerk));
        form.is_new = true;
        form
    }

    /// A form for an existing person.
    pub fn edit(person: Person) -> Self {
        Self {
            status_date: person.status_date.clone().unwrap_or_default(),
            approval_date: person
                .second_office_approval_date
                .clone()
                .unwrap_or_default(),
            posts: person
                .concurrent
                .iter()
                .map(|c| {
                    (
                        Some(c.unit),
                        c.start.clone().unwrap_or_default(),
                        c.end.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            person,
            is_new: false,
            confirm_delete: false,
            approval: Default::default(),
        }
    }

    /// The person as typed, or what is wrong with a field.
    pub fn edited(&self) -> Result<Person, String> {
        let mut p = self.person.clone();
        p.name = p.name.trim().to_owned();
        if p.name.is_empty() {
            return Err(crate::t!(
                "people.error.empty_name",
                field = crate::t!("people.field.person_name")
            )
            .into_owned());
        }
        p.status_date = date(&self.status_date, "people.field.status_date")?;
        p.second_office_approval_date = date(&self.approval_date, "people.field.approval_date")?;
        p.concurrent = Vec::new();
        for (unit, start, end) in &self.posts {
            let Some(unit) = unit else { continue };
            p.concurrent.push(ConcurrentPost {
                unit: *unit,
                start: date(start, "people.field.post_start")?,
                end: date(end, "people.field.post_end")?,
            });
        }
        Ok(p)
    }

    /// Shows the form as a window. `units` name every unit; `rooms` label the person's rooms.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        units: &[(Uuid, String)],
        rooms: &dyn Fn(&Uuid) -> String,
        standard: Option<&ProjectStandard>,
        unit_of: &dyn Fn(&Uuid) -> Option<crate::model::Unit>,
        approvals: &[crate::model::Approval],
    ) -> Option<PersonFormAction> {
        let title = if self.is_new {
            crate::t!("people_ui.person_add")
        } else {
            crate::t!("people_ui.person_edit")
        };
        let mut action = None;
        let mut open = true;
        egui::Window::new(title.as_ref())
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui| {
                action = self.ui(ui, units, rooms, standard, unit_of);
                if !self.is_new {
                    ui.separator();
                    if let Some(a) = self.approval.ui(
                        ui,
                        crate::model::ApprovalKind::TwoOffices,
                        self.person.uuid,
                        approvals,
                        false,
                    ) {
                        action = Some(PersonFormAction::Approval(a));
                    }
                }
            });
        if !open {
            action = Some(PersonFormAction::Close);
        }
        action
    }

    /// 职级 (2019 公务员职级): none, or one of the set's, beside the grade or alone; the row it
    /// reads is shown as the grade's is.
    fn rank_ui(
        &mut self,
        ui: &mut egui::Ui,
        unit: Option<&crate::model::Unit>,
        standard: Option<&ProjectStandard>,
    ) {
        let ranks = standard.map(|s| &s.set.ranks);
        let shown = |label: &str| -> String {
            let grade = ranks.and_then(|r| r.find(label)).map(|r| r.grade);
            match grade {
                Some(g) => format!("{label}（{}）", grade_with_row(g, unit, standard)),
                None => label.to_owned(),
            }
        };
        let l = ui.label(crate::t!("ranks.form.rank").as_ref());
        let selected = if self.person.rank.is_empty() {
            crate::t!("ranks.form.rank_none").into_owned()
        } else {
            shown(&self.person.rank)
        };
        ui.vertical(|ui| {
            egui::ComboBox::from_id_salt("person_rank")
                .selected_text(selected)
                .width(260.0)
                .height(360.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.person.rank,
                        String::new(),
                        crate::t!("ranks.form.rank_none").as_ref(),
                    );
                    for row in ranks.map(|r| r.rows.as_slice()).unwrap_or_default() {
                        ui.selectable_value(
                            &mut self.person.rank,
                            row.label.clone(),
                            shown(&row.label),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            if !self.person.rank.is_empty() {
                ui.checkbox(
                    &mut self.person.rank_only,
                    crate::t!("ranks.form.rank_only").as_ref(),
                );
            }
        });
        if self.person.rank.is_empty() {
            self.person.rank_only = false;
        } else if self.person.rank_only
            && let Some(row) = ranks.and_then(|r| r.find(&self.person.rank))
        {
            // Recorded by 职级 alone: the grade follows the 职级.
            self.person.grade = row.grade;
        }
        ui.end_row();
    }

    /// 党政正职, with the title as a hint only.
    fn head_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("");
        ui.vertical(|ui| {
            ui.checkbox(
                &mut self.person.party_government_head,
                crate::t!("ranks.form.head").as_ref(),
            )
            .on_hover_text(crate::t!("ranks.form.head_help").as_ref());
            if !self.person.party_government_head
                && crate::model::person::title_suggests_head(&self.person.title)
            {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    crate::t!("ranks.form.head_hint").as_ref(),
                );
            }
        });
        ui.end_row();
    }

    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        units: &[(Uuid, String)],
        rooms: &dyn Fn(&Uuid) -> String,
        standard: Option<&ProjectStandard>,
        unit_of: &dyn Fn(&Uuid) -> Option<crate::model::Unit>,
    ) -> Option<PersonFormAction> {
        let unit_name = |u: &Uuid| {
            units
                .iter()
                .find(|(x, _)| x == u)
                .map_or_else(String::new, |(_, n)| n.clone())
        };
        let unit = unit_of(&self.person.unit);
        egui::Grid::new("person_form_grid")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label(crate::t!("people.field.person_name").as_ref());
                ui.text_edit_singleline(&mut self.person.name)
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(crate::t!("people_ui.unit").as_ref());
                egui::ComboBox::from_id_salt("person_unit")
                    .selected_text(unit_name(&self.person.unit))
                    .show_ui(ui, |ui| {
                        for (uuid, name) in units {
                            ui.selectable_value(&mut self.person.unit, *uuid, name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(crate::t!("people_ui.grade").as_ref());
                egui::ComboBox::from_id_salt("person_grade")
                    .selected_text(grade_with_row(self.person.grade, unit.as_ref(), standard))
                    .width(220.0)
                    // All twelve grades at once, without scrolling.
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for g in Grade::ALL {
                            ui.selectable_value(
                                &mut self.person.grade,
                                *g,
                                grade_with_row(*g, unit.as_ref(), standard),
                            );
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                self.rank_ui(ui, unit.as_ref(), standard);
                let l = ui.label(crate::t!("people_ui.job_title").as_ref());
                ui.text_edit_singleline(&mut self.person.title)
                    .labelled_by(l.id);
                ui.end_row();
                self.head_ui(ui);
                let l = ui.label(crate::t!("people_ui.status").as_ref());
                egui::ComboBox::from_id_salt("person_status")
                    .selected_text(labels::person_status(self.person.status))
                    .show_ui(ui, |ui| {
                        for s in PersonStatus::ALL {
                            ui.selectable_value(
                                &mut self.person.status,
                                *s,
                                labels::person_status(*s),
                            );
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(crate::t!("people.field.status_date").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.status_date).hint_text("YYYY-MM-DD"))
                    .labelled_by(l.id);
                ui.end_row();
            });
        ui.add_space(4.0);
        ui.strong(crate::t!("people_ui.concurrent").as_ref());
        let mut removed = None;
        egui::Grid::new("person_posts")
            .num_columns(4)
            .show(ui, |ui| {
                for (i, (unit, start, end)) in self.posts.iter_mut().enumerate() {
                    let text = unit
                        .map(|u| unit_name(&u))
                        .unwrap_or_else(|| crate::t!("people_ui.pick_unit").into_owned());
                    let l = ui.label(crate::t!("people_ui.post_unit").as_ref());
                    egui::ComboBox::from_id_salt(("post_unit", i))
                        .selected_text(text)
                        .show_ui(ui, |ui| {
                            for (uuid, name) in units.iter().filter(|(u, _)| *u != self.person.unit)
                            {
                                ui.selectable_value(unit, Some(*uuid), name);
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.horizontal(|ui| {
                        let l = ui.label(crate::t!("people_ui.from").as_ref());
                        ui.add(
                            egui::TextEdit::singleline(start)
                                .hint_text("YYYY-MM-DD")
                                .desired_width(90.0),
                        )
                        .labelled_by(l.id);
                        let l = ui.label(crate::t!("people_ui.to").as_ref());
                        ui.add(
                            egui::TextEdit::singleline(end)
                                .hint_text("YYYY-MM-DD")
                                .desired_width(90.0),
                        )
                        .labelled_by(l.id);
                    });
                    if ui
                        .small_button("×")
                        .on_hover_text(crate::t!("people_ui.remove_post").as_ref())
                        .clicked()
                    {
                        removed = Some(i);
                    }
                    ui.end_row();
                }
            });
        if let Some(i) = removed {
            self.posts.remove(i);
        }
        if ui
            .button(crate::t!("people_ui.add_post").as_ref())
            .clicked()
        {
            self.posts.push((None, String::new(), String::new()));
        }
        egui::Grid::new("person_approval")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label(crate::t!("people_ui.approval").as_ref());
                ui.text_edit_singleline(&mut self.person.second_office_approval)
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(crate::t!("people.field.approval_date").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.approval_date).hint_text("YYYY-MM-DD"))
                    .labelled_by(l.id);
                ui.end_row();
            });
        let mut action = None;
        if !self.is_new {
            ui.add_space(4.0);
            ui.strong(crate::t!("people_ui.offices", count = self.person.rooms.len()).as_ref());
            for room in &self.person.rooms {
                ui.horizontal(|ui| {
                    ui.label(rooms(room));
                    if ui
                        .small_button(crate::t!("people_ui.unseat").as_ref())
                        .clicked()
                    {
                        action = Some(PersonFormAction::Unseat {
                            person: self.person.uuid,
                            room: *room,
                        });
                    }
                });
            }
            if self.person.rooms.is_empty() {
                ui.weak(crate::t!("people_ui.seat_hint").as_ref());
            }
        }
        ui.separator();
        let edited = self.edited();
        if let Err(why) = &edited {
            ui.colored_label(ui.visuals().error_fg_color, why.as_str());
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    edited.is_ok(),
                    egui::Button::new(crate::t!("form.save").as_ref()),
                )
                .clicked()
                && let Ok(p) = &edited
            {
                action = Some(PersonFormAction::Save(p.clone()));
            }
            if ui.button(crate::t!("people_ui.close").as_ref()).clicked() {
                action = Some(PersonFormAction::Close);
            }
            if !self.is_new {
                if self.confirm_delete {
                    if ui
                        .button(
                            crate::t!("people_ui.delete_person_confirm", name = self.person.name)
                                .as_ref(),
                        )
                        .clicked()
                    {
                        action = Some(PersonFormAction::Delete(self.person.uuid));
                    }
                } else if ui.button(crate::t!("people_ui.delete").as_ref()).clicked() {
                    self.confirm_delete = true;
                }
            }
        });
        action
    }
}
