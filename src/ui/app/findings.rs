//! The 检查结果 panel and the 报表 menu in the window: the panel reads the workspace's check
//! (the shown scenario's when there is one); a report is checked and written by a job with a
//! connection of its own, as `officeplan report` does.

use std::path::PathBuf;

use super::OfficeplanApp;
use super::jobs::JobDone;
use crate::io::report::{ReportScope, scoped_tables, xlsx};
use crate::model::Date;
use crate::ui::findings::{FindingsAction, TabCounts};
use crate::ui::job::JobKind;
use crate::ui::report_dialog::{ReportChoice, ReportDialog, ReportDialogAction};
use crate::workspace::Workspace;

impl OfficeplanApp {
    /// The findings panel (below the plan): a click on a row opens its room.
    pub(super) fn findings_ui(&mut self, ui: &mut egui::Ui) {
        self.ensure_checked();
        let regions = self.regions();
        let scope = self.shown_scope();
        let Some(w) = &self.workspace else { return };
        let Some(checked) = w.checked_if_run() else {
            ui.spinner();
            return;
        };
        let generation = w.generation();
        match self.findings.ui(
            ui,
            &checked,
            (generation, (scope, &regions)),
            self.inline_max_rooms,
        ) {
            Some(FindingsAction::OpenRoom(at)) => self.jump_to(at.floor, at.room),
            Some(FindingsAction::NoRoom(name)) => {
                self.inform(crate::t!("units.no_room", name = name).into_owned());
            }
            Some(FindingsAction::Close) => self.findings.open = false,
            Some(FindingsAction::Failed(message)) => self.notify(message),
            None => {}
        }
    }

    /// Each findings tab's count, once the check has run (for the status bar).
    pub(super) fn findings_counts(&mut self) -> Option<TabCounts> {
        let regions = self.regions();
        let scope = self.shown_scope();
        let w = self.workspace.as_ref()?;
        let checked = w.checked_if_run()?;
        match self
            .findings
            .counts(&checked, w.generation(), (scope, &regions))
        {
            Ok(counts) => Some(counts),
            Err(message) => {
                self.notify(message);
                None
            }
        }
    }

    /// The findings panel (its tab, for tests).
    pub fn findings(&self) -> &crate::ui::findings::FindingsPanel {
        &self.findings
    }

    /// 报表 → a table: asks the statistics date and the path.
    pub(super) fn open_report_dialog(&mut self, choice: ReportChoice) {
        let choices = self.scope_choices();
        let scope = self.shown_scope();
        let regions = self.regions();
        let Some(w) = &self.workspace else { return };
        let index = w.index();
        let as_of = index
            .settings
            .as_of
            .clone()
            .unwrap_or_else(crate::model::today_local);
        let folder = w.path().parent().map(PathBuf::from).unwrap_or_default();
        // The proposed file is named after the region shown (a county's name for a county).
        let region = scope
            .region(&regions, index.region.as_ref())
            .map_or("", |r| r.name.as_str());
        self.report_dialog = Some(
            ReportDialog::new(
                choice,
                as_of,
                &folder,
                region,
                w.active_scenario().is_some(),
            )
            .with_filler(w.report_filler().clone())
            .with_scopes(&choices, scope, (&regions, index.region.as_ref())),
        );
    }

    /// The report dialog, while open.
    pub(super) fn report_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.report_dialog else {
            return;
        };
        let Some(action) = dialog.ui(ctx) else { return };
        let filler = dialog.filler.clone();
        self.report_dialog = None;
        if let ReportDialogAction::Write {
            choice,
            scope,
            as_of,
            path,
        } = action
        {
            // A changed filler is saved first (undoable, logged): the report job reads the file.
            if let Some(w) = &mut self.workspace
                && *w.report_filler() != filler
                && let Err(e) = w.set_report_filler(&filler)
            {
                self.notify(e.to_string());
                return;
            }
            self.write_report((choice, scope), as_of, path);
        }
    }

    /// Checks the file as of `as_of` and writes the chosen tables of the chosen scope to
    /// `path` (a county at once, a province in the background): the same check and tables as
    /// `officeplan report` (with `--region` or `--by-region` for a scope).
    pub fn write_report(
        &mut self,
        (choice, scope): (ReportChoice, ReportScope),
        as_of: Date,
        path: PathBuf,
    ) {
        let Some(w) = &self.workspace else { return };
        let file = w.path().to_path_buf();
        let inline = w.room_count() <= self.inline_max_rooms;
        self.start_job(JobKind::Report, inline, move |control| {
            control.stage(0.05)?;
            let workspace = Workspace::open(&file)?;
            let regions = workspace.regions()?;
            let project = workspace.load_project()?;
            drop(workspace);
            control.stage(0.5)?;
            let tables = choice.select(scoped_tables(project, &regions, scope, Some(as_of))?);
            control.stage(0.8)?;
            xlsx::write(&path, &tables)?;
            Ok(JobDone::ReportWritten {
                path,
                tables: tables.len(),
            })
        });
    }
}
