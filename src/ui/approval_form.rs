//! An approval section (审批文件) for a form: the documents of one kind naming one subject (a
//! person's two offices, a rented building, a room rented or lent out), each with 删除, and a
//! row to record a new one (文号, 日期, 审批机关, 备注). The person form, the building form and
//! the room inspector show it; the register (视图 → 审批文件) lists every document.

use crate::model::{Approval, ApprovalKind, Uuid, parse_date};

/// What an approval section or the register asks the app to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovalAction {
    /// Record a new document.
    Add(Approval),
    /// Write a document's changed fields.
    Edit(Approval),
    Delete(Uuid),
}

/// The fields of a document as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApprovalDraft {
    pub number: String,
    pub date: String,
    pub authority: String,
    pub note: String,
}

impl ApprovalDraft {
    /// The draft of an existing document.
    pub fn of(a: &Approval) -> Self {
        Self {
            number: a.number.clone(),
            date: a.date.clone().unwrap_or_default(),
            authority: a.authority.clone(),
            note: a.note.clone(),
        }
    }

    /// Writes the draft into `a`, or says what is wrong (no 文号, a bad date).
    pub fn fill(&self, a: &mut Approval) -> Result<(), String> {
        let number = self.number.trim();
        if number.is_empty() {
            return Err(crate::t!("rules.error.empty_number").into_owned());
        }
        let date = self.date.trim();
        a.date = if date.is_empty() {
            None
        } else {
            Some(
                parse_date(date)
                    .ok_or_else(|| crate::t!("rules.error.bad_date", date = date).into_owned())?,
            )
        };
        number.clone_into(&mut a.number);
        self.authority.trim().clone_into(&mut a.authority);
        self.note.trim().clone_into(&mut a.note);
        Ok(())
    }

    /// The four fields as labelled text boxes in a grid (ids salted by `salt`).
    pub fn fields_ui(&mut self, ui: &mut egui::Ui, salt: &str) {
        egui::Grid::new(("approval_fields", salt))
            .num_columns(2)
            .show(ui, |ui| {
                for (key, text, hint) in [
                    ("rules.ui.number", &mut self.number, "县委办〔2026〕1号"),
                    ("rules.ui.date", &mut self.date, "YYYY-MM-DD"),
                    ("rules.ui.authority", &mut self.authority, ""),
                    ("rules.ui.note", &mut self.note, ""),
                ] {
                    let l = ui.label(crate::t!(key).as_ref());
                    ui.add(egui::TextEdit::singleline(text).hint_text(hint))
                        .labelled_by(l.id);
                    ui.end_row();
                }
            });
    }
}

/// A form's approval section: its draft of a new document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApprovalSection {
    pub draft: ApprovalDraft,
}

impl ApprovalSection {
    /// Shows the documents of `kind` naming `subject` among `approvals`, and the row for a new
    /// one (unless `read_only`); the action asked for, if any.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        kind: ApprovalKind,
        subject: Uuid,
        approvals: &[Approval],
        read_only: bool,
    ) -> Option<ApprovalAction> {
        let mut action = None;
        ui.strong(crate::labels::approval_kind(kind));
        let mine: Vec<&Approval> = approvals
            .iter()
            .filter(|a| a.kind == kind && a.subject == subject)
            .collect();
        if mine.is_empty() {
            ui.weak(crate::t!("rules.ui.no_approval").as_ref());
        }
        for a in mine {
            ui.horizontal(|ui| {
                ui.label(line(a));
                if !read_only
                    && ui
                        .small_button(crate::t!("rules.ui.delete").as_ref())
                        .clicked()
                {
                    action = Some(ApprovalAction::Delete(a.uuid));
                }
            });
        }
        if read_only {
            return action;
        }
        let salt = format!("{}-{subject}", crate::model::Coded::code(kind));
        self.draft.fields_ui(ui, &salt);
        let mut approval = Approval::new(kind, subject, "");
        let filled = self.draft.fill(&mut approval);
        if let Err(why) = &filled
            && !self.draft.number.trim().is_empty()
        {
            ui.colored_label(ui.visuals().error_fg_color, why.as_str());
        }
        if ui
            .add_enabled(
                filled.is_ok(),
                egui::Button::new(crate::t!("rules.ui.record").as_ref()),
            )
            .clicked()
        {
            self.draft = ApprovalDraft::default();
            action = Some(ApprovalAction::Add(approval));
        }
        action
    }
}

/// A document on one line: `县委办〔2026〕3号 2026-03-01 县委办公室 — 备注`.
pub fn line(a: &Approval) -> String {
    let mut parts = vec![a.number.clone()];
    if let Some(d) = &a.date {
        parts.push(d.clone());
    }
    if !a.authority.is_empty() {
        parts.push(a.authority.clone());
    }
    let mut text = parts.join(" ");
    if !a.note.is_empty() {
        text.push_str(" — ");
        text.push_str(&a.note);
    }
    text
}
