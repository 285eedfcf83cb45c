//! The 编制 workbook's part of the app: 文件 → 导出编制表… writes the blank template or the
//! file's units, persons and occupancy (through the job runner; the writer replaces the file
//! only once the workbook is made), and 文件 → 导入编制表… opens
//! [`crate::ui::workbook_dialog::WorkbookDialog`] on the dry run, then imports as one undoable
//! edit. The logic is the workspace's, shared with the command line (`template`,
//! `import-units`).

use std::path::{Path, PathBuf};

use super::OfficeplanApp;
use crate::io::excel::book::read_book;
use crate::io::excel::contents::WorkbookContents;
use crate::io::removal::Consent;
use crate::ui::job::JobKind;
use crate::ui::workbook_dialog::{WorkbookAction, WorkbookDialog};

impl OfficeplanApp {
    /// `<file folder>/编制表.xlsx`, a place the planner can change.
    pub(super) fn default_workbook_path(&self) -> String {
        let folder = self
            .workspace
            .as_ref()
            .and_then(|w| w.path().parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let name = format!("{}.xlsx", crate::t!("workbook.default_name"));
        folder.join(name).display().to_string()
    }

    /// Writes the workbook to `path`: `filled` with the open file's records, else blank.
    pub(super) fn export_workbook(&mut self, path: &Path, filled: bool) {
        let contents = match (&self.workspace, filled) {
            (Some(w), true) => match w.workbook_contents() {
                Ok(c) => c,
                Err(e) => return self.notify(e.to_string()),
            },
            _ => WorkbookContents::empty(),
        };
        let inline = self
            .workspace
            .as_ref()
            .is_none_or(|w| w.room_count() <= self.inline_max_rooms);
        let path = path.to_path_buf();
        self.start_job(JobKind::Export, inline, move |control| {
            control.stage(0.1)?;
            contents.write(&path)?;
            Ok(super::jobs::JobDone::Exported(path))
        });
    }

    /// Reads the workbook at `path` and opens the import dialog on its dry run.
    pub(super) fn open_workbook_dialog(&mut self, path: &Path) {
        let book = read_book(path);
        self.workbook_dialog = Some(WorkbookDialog::new(path.to_path_buf(), book));
        self.preview_workbook();
    }

    /// The dialog's book checked against the file as it is now, in the dialog's mode.
    fn preview_workbook(&mut self) {
        let (Some(dialog), Some(w)) = (&mut self.workbook_dialog, &self.workspace) else {
            return;
        };
        match w.preview_workbook(&dialog.path, &dialog.book, dialog.mode) {
            Ok(preview) => dialog.set_preview(w.generation(), preview),
            Err(e) => dialog.error = Some(e.to_string()),
        }
    }

    pub(super) fn workbook_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.workbook_dialog else {
            return;
        };
        match dialog.ui(ctx) {
            None => {}
            Some(WorkbookAction::Close) => self.workbook_dialog = None,
            Some(WorkbookAction::Preview) => {
                dialog.error = None;
                self.preview_workbook();
            }
            Some(WorkbookAction::Import) => self.import_workbook(),
        }
    }

    /// Applies the previewed import as one undoable edit and closes the dialog; a preview of
    /// an older state of the file is made again instead, for the person to review.
    fn import_workbook(&mut self) {
        let generation = self.workspace.as_ref().map(|w| w.generation());
        let Some(dialog) = &mut self.workbook_dialog else {
            return;
        };
        let Some((made_at, preview)) = &dialog.preview else {
            return;
        };
        if Some(*made_at) != generation {
            dialog.error = Some(crate::t!("workbook.stale").into_owned());
            self.preview_workbook();
            return;
        }
        let edit = match preview.edit(Consent::from_flag(dialog.consent)) {
            Ok(Some(edit)) => edit,
            Ok(None) => return,
            Err(refused) => {
                dialog.error = Some(refused.message());
                return;
            }
        };
        let done = crate::t!(
            "workbook.imported",
            name = preview.source,
            mode = preview.mode.label()
        )
        .into_owned();
        let Some(w) = &mut self.workspace else { return };
        match w.apply(edit) {
            Ok(()) => {
                self.workbook_dialog = None;
                self.inform(done);
                self.after_edit();
            }
            // Refused (a scenario is shown) or not written: said in the dialog, which stays.
            Err(e) => dialog.error = Some(e.to_string()),
        }
    }

    /// The import dialog's path, if it is open (for tests).
    pub fn workbook_dialog_path(&self) -> Option<PathBuf> {
        self.workbook_dialog.as_ref().map(|d| d.path.clone())
    }
}
