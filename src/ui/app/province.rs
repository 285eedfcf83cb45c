//! 文件 → 上报… and 文件 → 汇总… in the app: a package is written at once (a county's takes
//! well under a second); a merge runs as a job on a connection of its own with progress and
//! 取消; the job's workspace, read again after the merge, then replaces the open one.

use super::OfficeplanApp;
use super::jobs::JobDone;
use crate::ui::job::{JobError, JobKind};
use crate::workspace::{MergeOptions, PackageResult, Workspace, pending_line};

impl OfficeplanApp {
    /// 文件 → 上报….
    pub(super) fn open_submit_dialog(&mut self) {
        self.submit_dialog.open = true;
        self.submit_dialog.result = None;
        if self.submit_dialog.out.is_empty()
            && let Some(dir) = self
                .workspace
                .as_ref()
                .and_then(|w| w.path().parent().map(|p| p.join("上报")))
        {
            self.submit_dialog.out = dir.display().to_string();
        }
    }

    /// 文件 → 汇总….
    pub(super) fn open_merge_dialog(&mut self) {
        self.merge_dialog.open = true;
    }

    pub(super) fn province_ui(&mut self, ctx: &egui::Context) {
        if self.submit_dialog.open {
            let preview = self
                .workspace
                .as_ref()
                .map(|w| w.submission_preview().map_err(|e| e.to_string()));
            if let Some(out) = self.submit_dialog.ui(ctx, preview.as_ref()) {
                let written = self
                    .workspace
                    .as_ref()
                    .map(|w| w.submit(&out, true).map_err(|e| e.to_string()));
                self.submit_dialog.result = written.map(|r| {
                    r.map(|w| {
                        crate::t!(
                            "province.ui.written",
                            folder = w.folder.display(),
                            sha = w.manifest.sha256
                        )
                        .into_owned()
                    })
                });
            }
        }
        if self.merge_dialog.open
            && let Some(choice) = self.merge_dialog.ui(ctx)
        {
            self.start_merge(choice);
        }
    }

    /// Merges the packages on a job's thread with a connection of its own; the open file is
    /// read again when it ends.
    fn start_merge(&mut self, choice: crate::ui::province_dialogs::MergeChoice) {
        let Some(w) = &self.workspace else { return };
        let path = w.path().to_path_buf();
        self.merge_dialog.running = true;
        self.merge_dialog.lines.clear();
        self.merge_dialog.pending.clear();
        self.start_job(JobKind::Merge, false, move |control| {
            control.stage(0.0)?;
            let mut workspace = Workspace::open(&path)?;
            let count = choice.packages.len().max(1) as f32;
            let options = MergeOptions {
                apply_deletions: choice.apply_deletions,
                prefer_county: false,
            };
            let results = workspace.merge_packages(&choice.packages, options, &mut |i, f| {
                control.stage((i as f32 + f) / count).is_ok()
            });
            if control.is_cancelled() {
                return Err(JobError::Cancelled);
            }
            let mut lines = Vec::new();
            let mut pending = Vec::new();
            for (source, result) in results {
                match result {
                    Ok(result) => {
                        // The dialog lists deletions waiting for consent below, with its button.
                        if let PackageResult::Merged(o) = &result {
                            pending.extend(o.pending_deletions.iter().map(pending_line));
                        }
                        let count = lines.len();
                        lines.extend(result.lines(&source));
                        if let PackageResult::Merged(o) = &result {
                            lines.truncate(count + 1 + o.conflicts.len());
                        }
                    }
                    Err(e) => lines.push(e.to_string()),
                }
            }
            Ok(JobDone::Merged {
                lines,
                pending,
                workspace: Box::new(workspace),
            })
        });
    }

    /// A merge job ended: its lines in the dialog; the job's workspace, which read the file
    /// again after the merge, replaces the open one and continues its history, so that
    /// 撤销 undoes the merge and then the edits before it.
    pub(super) fn merged(
        &mut self,
        lines: Vec<String>,
        pending: Vec<String>,
        mut merged: Workspace,
    ) {
        self.merge_dialog.running = false;
        self.merge_dialog.lines = lines;
        self.merge_dialog.pending = pending;
        if let Some(older) = self.workspace.take() {
            merged.continue_history(older);
        }
        self.install_reloaded(merged);
    }

    /// A merge job failed or was cancelled: the dialog's button is free again.
    pub(super) fn merge_stopped(&mut self) {
        self.merge_dialog.running = false;
    }
}
