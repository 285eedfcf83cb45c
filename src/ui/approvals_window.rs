//! 审批文件 (视图 → 审批文件): every approval document of the file — kind, 文号, date,
//! authority, what it approves, note — with 编辑 and 删除 on each, and a form to record a new
//! one or change the one being edited (its kind, its subject among the file's persons,
//! buildings or rooms, and its fields). Changes go back to the app as [`ApprovalAction`]s.

use super::approval_form::{ApprovalAction, ApprovalDraft, line};
use crate::model::{Approval, ApprovalKind, Coded as _, SubjectKind, Uuid};

/// Records by UUID with the name shown for them.
pub type Named = Vec<(Uuid, String)>;

/// What the register can name as a subject, gathered by the app.
pub struct ApprovalSubjects<'a> {
    /// Persons, named with their unit.
    pub persons: &'a Named,
    pub buildings: &'a Named,
    /// Rooms as `楼栋/楼层/房间号`.
    pub rooms: &'a Named,
}

impl ApprovalSubjects<'_> {
    fn of(&self, kind: ApprovalKind) -> &Named {
        match kind.subject() {
            SubjectKind::Person => self.persons,
            SubjectKind::Building => self.buildings,
            SubjectKind::Room => self.rooms,
        }
    }

    /// The name of a document's subject.
    pub fn name(&self, a: &Approval) -> String {
        self.of(a.kind)
            .iter()
            .find(|(u, _)| *u == a.subject)
            .map_or_else(
                || crate::t!("rules.subject_missing").into_owned(),
                |(_, n)| n.clone(),
            )
    }
}

/// The document being written: a new one (`uuid` none) or an existing one.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    uuid: Option<Uuid>,
    kind: ApprovalKind,
    subject: Option<Uuid>,
    draft: ApprovalDraft,
}

impl Default for Editing {
    fn default() -> Self {
        Self {
            uuid: None,
            kind: ApprovalKind::TwoOffices,
            subject: None,
            draft: ApprovalDraft::default(),
        }
    }
}

/// The register window's state.
#[derive(Default)]
pub struct ApprovalsWindow {
    pub open: bool,
    editing: Editing,
}

impl ApprovalsWindow {
    /// After a successful write: the form starts afresh.
    pub fn saved(&mut self) {
        self.editing = Editing::default();
    }

    /// Shows the window; the action asked for, if any.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        approvals: &[Approval],
        subjects: &ApprovalSubjects<'_>,
        read_only: bool,
    ) -> Option<ApprovalAction> {
        if !self.open {
            return None;
        }
        let mut action = None;
        let mut open = true;
        egui::Window::new(crate::t!("rules.ui.register").as_ref())
            .open(&mut open)
            .default_size([760.0, 420.0])
            .show(ctx, |ui| {
                action = self.ui(ui, approvals, subjects, read_only)
            });
        self.open = open;
        action
    }

    fn ui(
        &mut self,
        ui: &mut egui::Ui,
        approvals: &[Approval],
        subjects: &ApprovalSubjects<'_>,
        read_only: bool,
    ) -> Option<ApprovalAction> {
        let mut action = None;
        if approvals.is_empty() {
            ui.weak(crate::t!("rules.cli.none").as_ref());
        }
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .show(ui, |ui| {
                egui::Grid::new("approvals_register")
                    .num_columns(4)
                    .striped(true)
                    .show(ui, |ui| {
                        for key in [
                            "rules.ui.kind_col",
                            "rules.ui.document",
                            "rules.ui.subject_col",
                            "",
                        ] {
                            if key.is_empty() {
                                ui.label("");
                            } else {
                                ui.strong(crate::t!(key).as_ref());
                            }
                        }
                        ui.end_row();
                        for a in approvals {
                            ui.label(crate::labels::approval_kind(a.kind));
                            ui.label(line(a));
                            ui.label(subjects.name(a));
                            ui.horizontal(|ui| {
                                if !read_only {
                                    if ui
                                        .small_button(crate::t!("rules.ui.edit").as_ref())
                                        .clicked()
                                    {
                                        self.editing = Editing {
                                            uuid: Some(a.uuid),
                                            kind: a.kind,
                                            subject: Some(a.subject),
                                            draft: ApprovalDraft::of(a),
                                        };
                                    }
                                    if ui
                                        .small_button(crate::t!("rules.ui.delete").as_ref())
                                        .clicked()
                                    {
                                        action = Some(ApprovalAction::Delete(a.uuid));
                                    }
                                }
                            });
                            ui.end_row();
                        }
                    });
            });
        if read_only {
            return action;
        }
        ui.separator();
        let e = &mut self.editing;
        ui.strong(
            if e.uuid.is_some() {
                crate::t!("rules.ui.editing")
            } else {
                crate::t!("rules.ui.new")
            }
            .as_ref(),
        );
        egui::Grid::new("approval_register_form")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label(crate::t!("rules.ui.kind").as_ref());
                let before = e.kind;
                egui::ComboBox::from_id_salt("approval_kind")
                    .selected_text(crate::labels::approval_kind(e.kind))
                    .show_ui(ui, |ui| {
                        for k in ApprovalKind::ALL {
                            ui.selectable_value(&mut e.kind, *k, crate::labels::approval_kind(*k));
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if e.kind.subject() != before.subject() {
                    e.subject = None;
                }
                ui.end_row();
                let l = ui.label(crate::t!("rules.ui.subject").as_ref());
                let list = subjects.of(e.kind);
                let shown = e
                    .subject
                    .and_then(|s| list.iter().find(|(u, _)| *u == s))
                    .map_or_else(
                        || crate::t!("rules.ui.pick").into_owned(),
                        |(_, n)| n.clone(),
                    );
                egui::ComboBox::from_id_salt(("approval_subject", e.kind.code()))
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for (uuid, name) in list {
                            ui.selectable_value(&mut e.subject, Some(*uuid), name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            });
        e.draft.fields_ui(ui, "register");
        let mut approval = Approval::new(e.kind, e.subject.unwrap_or_default(), "");
        if let Some(uuid) = e.uuid {
            approval.uuid = uuid;
        }
        let filled = match e.subject {
            None => Err(crate::t!("rules.cli.needs_subject").into_owned()),
            Some(_) => e.draft.fill(&mut approval),
        };
        if let Err(why) = &filled
            && !e.draft.number.trim().is_empty()
        {
            ui.colored_label(ui.visuals().error_fg_color, why.as_str());
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    filled.is_ok(),
                    egui::Button::new(crate::t!("form.save").as_ref()),
                )
                .clicked()
            {
                action = Some(if e.uuid.is_some() {
                    ApprovalAction::Edit(approval.clone())
                } else {
                    ApprovalAction::Add(approval.clone())
                });
            }
            if e.uuid.is_some() && ui.button(crate::t!("rules.ui.new").as_ref()).clicked() {
                *e = Editing::default();
            }
        });
        action
    }
}
