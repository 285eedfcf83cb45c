//! Approval documents (审批文件) added, edited and deleted one at a time — the approvals
//! register (视图 → 审批文件), the person, building and room forms, and `officeplan approval` —
//! each one undoable [`Edit::SetApproval`] with its change-log line.

use super::{Edit, Workspace, WorkspaceError};
use crate::model::{Approval, ChangeAction, Uuid};
use crate::store::ChangeRecord;

/// An approval written (added or changed) or deleted, with its change-log line.
#[derive(Clone, Debug, PartialEq)]
pub struct ApprovalEdit {
    /// The document as it is to be (for a delete: as it was).
    pub approval: Approval,
    pub delete: bool,
    pub action: ChangeAction,
    pub summary: String,
}

/// Why an approval edit was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ApprovalError {
    #[error("{}", crate::t!("rules.error.empty_number"))]
    EmptyNumber,
    #[error("{}", crate::t!("rules.error.unknown_approval", approval = approval))]
    UnknownApproval { approval: String },
    #[error("{}", crate::t!("rules.error.bad_date", date = date))]
    BadDate { date: String },
}

impl Workspace {
    /// Every approval document of the file, in the order recorded.
    pub fn approvals(&self) -> Result<Vec<Approval>, WorkspaceError> {
        Ok(self.store.load_approvals()?)
    }

    /// Records an approval document (undoable).
    pub fn add_approval(&mut self, approval: &Approval) -> Result<(), WorkspaceError> {
        self.set_approval(approval.clone(), false, ChangeAction::AddApproval)
    }

    /// Writes an approval's fields (undoable).
    pub fn edit_approval(&mut self, approval: &Approval) -> Result<(), WorkspaceError> {
        self.set_approval(approval.clone(), false, ChangeAction::EditApproval)
    }

    /// Deletes an approval document (undoable).
    pub fn delete_approval(&mut self, uuid: &Uuid) -> Result<(), WorkspaceError> {
        let gone = self
            .approvals()?
            .into_iter()
            .find(|a| a.uuid == *uuid)
            .ok_or_else(|| ApprovalError::UnknownApproval {
                approval: uuid.to_string(),
            })?;
        self.set_approval(gone, true, ChangeAction::DeleteApproval)
    }

    fn set_approval(
        &mut self,
        approval: Approval,
        delete: bool,
        action: ChangeAction,
    ) -> Result<(), WorkspaceError> {
        let summary = summary(&approval);
        self.apply(Edit::SetApproval(Box::new(ApprovalEdit {
            approval,
            delete,
            action,
            summary,
        })))
    }

    pub(super) fn write_approval(&mut self, edit: &ApprovalEdit) -> Result<Edit, WorkspaceError> {
        let a = &edit.approval;
        if !edit.delete {
            if a.number.trim().is_empty() {
                return Err(ApprovalError::EmptyNumber.into());
            }
            if let Some(date) = &a.date
                && crate::model::parse_date(date).is_none()
            {
                return Err(ApprovalError::BadDate { date: date.clone() }.into());
            }
        }
        let before = self
            .store
            .load_approvals()?
            .into_iter()
            .find(|b| b.uuid == a.uuid);
        if edit.delete && before.is_none() {
            return Err(ApprovalError::UnknownApproval {
                approval: a.number.clone(),
            }
            .into());
        }
        let record = ChangeRecord {
            action: edit.action,
            summary: edit.summary.clone(),
            detail: String::new(),
        };
        let delete = edit.delete.then_some(&a.uuid);
        self.store.write_approval(a, delete, &record)?;
        self.invalidate(None);
        let (undo, delete, action) = match (edit.delete, before) {
            (true, Some(old)) => (old, false, ChangeAction::AddApproval),
            (false, Some(old)) => (old, false, ChangeAction::EditApproval),
            (_, None) => (a.clone(), true, ChangeAction::DeleteApproval),
        };
        Ok(Edit::SetApproval(Box::new(ApprovalEdit {
            summary: crate::t!("rules.log.undo", what = edit.summary).into_owned(),
            approval: undo,
            delete,
            action,
        })))
    }
}

/// The change-log line of an approval edit: `多处办公室审批 县委办〔2026〕3号`.
fn summary(a: &Approval) -> String {
    format!("{} {}", crate::labels::approval_kind(a.kind), a.number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ApprovalKind;

    #[test]
    fn an_approval_is_added_edited_deleted_and_each_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.gpkg");
        let project =
            crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded).unwrap();
        crate::store::Store::create(&path, &project, Default::default()).unwrap();
        let mut ws = Workspace::open(&path).unwrap();
        let person = project.persons[0].uuid;
        let mut a = Approval::new(ApprovalKind::TwoOffices, person, "县委办〔2026〕3号");
        ws.add_approval(&a).unwrap();
        assert_eq!(ws.approvals().unwrap(), vec![a.clone()]);
        a.authority = "县委办公室".to_owned();
        a.date = Some("2026-03-01".to_owned());
        ws.edit_approval(&a).unwrap();
        assert_eq!(ws.approvals().unwrap()[0].authority, "县委办公室");
        ws.undo().unwrap();
        assert_eq!(ws.approvals().unwrap()[0].authority, "");
        ws.redo().unwrap();
        ws.delete_approval(&a.uuid).unwrap();
        assert!(ws.approvals().unwrap().is_empty());
        ws.undo().unwrap();
        assert_eq!(ws.approvals().unwrap(), vec![a.clone()]);
        // A document needs its 文号.
        let blank = Approval::new(ApprovalKind::Rent, person, "  ");
        assert!(ws.add_approval(&blank).is_err());
        // The log names each action.
        let actions: Vec<_> = ws
            .history(10)
            .unwrap()
            .iter()
            .filter_map(|e| e.kind())
            .collect();
        assert!(actions.contains(&ChangeAction::AddApproval));
        assert!(actions.contains(&ChangeAction::DeleteApproval));
    }
}
