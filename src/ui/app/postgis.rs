//! 文件 → 发布到 PostGIS… and 从 PostGIS 拉取…: the dialog's requests run as jobs (network
//! work never runs on the UI thread); a publish reads the file with a connection of its own
//! on the job's thread, row by row as it sends, and is recorded in the open file on the UI
//! thread when it ends.

use std::path::PathBuf;

use super::OfficeplanApp;
use super::jobs::JobDone;
use crate::io::postgis::{self, PgError, PublishOutcome, PullOutcome};
use crate::ui::job::{JobError, JobKind};
use crate::ui::postgis_dialog::{PostgisAction, PostgisMode};
use crate::workspace::Workspace;

fn job_error(e: PgError) -> JobError {
    match e {
        PgError::Cancelled => JobError::Cancelled,
        e => JobError::Failed(e.to_string()),
    }
}

impl OfficeplanApp {
    /// The PostGIS dialog (for tests).
    pub fn postgis_dialog(&self) -> &crate::ui::postgis_dialog::PostgisDialog {
        &self.postgis
    }

    pub(super) fn open_postgis(&mut self, mode: PostgisMode) {
        let folder = self
            .workspace
            .as_ref()
            .and_then(|w| w.path().parent().map(PathBuf::from))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let proposed = folder.join(crate::t!("postgis.ui.pull_file_name").as_ref());
        self.postgis
            .show(mode, proposed.to_string_lossy().into_owned());
    }

    pub(super) fn postgis_ui(&mut self, ctx: &egui::Context) {
        // A job cancelled from the status bar ends without a result.
        self.postgis.running =
            self.jobs.is_running(JobKind::Publish) || self.jobs.is_running(JobKind::Pull);
        let Some(action) = self.postgis.ui(ctx) else {
            return;
        };
        match action {
            PostgisAction::Publish(options) => {
                let Some(w) = &self.workspace else { return };
                let file = w.path().to_path_buf();
                self.postgis.running = true;
                self.start_job(JobKind::Publish, false, move |control| {
                    control.stage(0.02)?;
                    let workspace = Workspace::open(&file)?;
                    control.stage(0.1)?;
                    let outcome = postgis::publish_file(&workspace, &options, &mut |f| {
                        control.stage(0.1 + 0.9 * f).is_ok()
                    })
                    .map_err(job_error)?;
                    Ok(JobDone::Published(Box::new(outcome)))
                });
            }
            PostgisAction::Pull { path, options } => {
                self.postgis.running = true;
                self.start_job(JobKind::Pull, false, move |control| {
                    control.stage(0.02)?;
                    let outcome = postgis::pull(&path, &options, &mut |f| control.stage(f).is_ok())
                        .map_err(job_error)?;
                    Ok(JobDone::Pulled(Box::new(outcome)))
                });
            }
            PostgisAction::OpenPulled(path) => self.open_file(&path),
            PostgisAction::Close => {}
        }
    }

    pub(super) fn postgis_published(&mut self, mut outcome: PublishOutcome) {
        self.postgis.running = false;
        if let Some(w) = &mut self.workspace
            && let Err(e) = postgis::record_publish(w, &mut outcome)
        {
            // The server has the publish; only the file's record of it failed.
            self.notify(e.to_string());
        }
        let summary = crate::t!(
            "postgis.published",
            server = outcome.server,
            schema = outcome.schema,
            changes = outcome.changes(),
            seconds = "—"
        )
        .into_owned();
        let mut lines = vec![summary.clone()];
        lines.extend(outcome.lines());
        self.postgis.result = Some(Ok(lines));
        self.inform(summary);
    }

    pub(super) fn postgis_pulled(&mut self, outcome: PullOutcome) {
        self.postgis.running = false;
        let summary = outcome.summary();
        self.postgis.result = Some(Ok(vec![summary.clone()]));
        self.postgis.pulled = Some(outcome.path);
        self.inform(summary);
    }

    pub(super) fn postgis_failed(&mut self, message: &str) {
        self.postgis.running = false;
        self.postgis.result = Some(Err(message.to_owned()));
    }
}
