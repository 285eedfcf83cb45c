//! The window's long work through one runner ([`crate::ui::job::Jobs`]): what each job does
//! on its thread, and how its result is applied on the UI thread — only if the project has
//! not changed since it started (its generation still matches).
//!
//! Work on a small project or file runs inline through the same runner (a county's check
//! takes milliseconds); above [`OfficeplanApp::set_background_above`] rooms it runs on a
//! thread and the status bar shows its progress with 取消.

use std::path::{Path, PathBuf};

use super::OfficeplanApp;
use crate::io::dxf::{
    DxfImport, DxfOptions, LayerGuess, LayerSummary, list_layers_with_guess,
    read_dxf_file_in_stages,
};
use crate::model::Uuid;
use crate::ui::job::{Finished, JobError, JobKind};
use crate::ui::navigator::NavigatorTree;
use crate::workspace::{Checked, Workspace};

/// Work for at most this many rooms runs inline: a check of 50,000 rooms takes well under a
/// second; more would make frames wait.
pub const INLINE_MAX_ROOMS: u64 = 50_000;

/// About this many bytes of project file per room (rooms, occupancy, persons; measured on the
/// generated province: 1M rooms, 338 MB). Opening and copying a file scale with its size.
const FILE_BYTES_PER_ROOM: u64 = 330;

/// About this many bytes of DXF per room outline with its stamp (the sample drawings).
const DXF_BYTES_PER_ROOM: u64 = 600;

/// Rooms from walls cost as much as an outline drawing of this many bytes per room:
/// `import-dxf --wall-layer WALL` of A_000217 (3.7 MB, its unit guessed by trying several)
/// took 30 s in a debug build, where a 10,000-room outline drawing of that size reads in
/// about a second; so a wall drawing of more than about 2 MB previews in the background.
const DXF_WALL_BYTES_PER_ROOM: u64 = 40;

/// What a finished job hands back to the UI thread.
pub enum JobDone {
    Opened {
        path: PathBuf,
        workspace: Box<Workspace>,
        /// The navigator's tree, built on the job's thread.
        tree: Box<NavigatorTree>,
    },
    /// The open file read again after another program wrote to it.
    Reloaded(Box<Workspace>),
    Checked(Box<Checked>),
    Exported(PathBuf),
    /// A report workbook written, with its number of tables.
    ReportWritten {
        path: PathBuf,
        tables: usize,
    },
    SavedAs(PathBuf),
    /// A publish to PostGIS done: the file records it on the UI thread.
    Published(Box<crate::io::postgis::PublishOutcome>),
    /// A pull from PostGIS wrote a new file.
    Pulled(Box<crate::io::postgis::PullOutcome>),
    /// A drawing's layers with the choices proposed for them, or why it could not be read
    /// (shown in the dialog).
    DxfLayers {
        path: String,
        layers: Result<(Vec<LayerSummary>, LayerGuess), String>,
    },
    /// A drawing's rooms for a floor read as `request` asked, or why they could not be read
    /// (shown in the dialog).
    DxfRead {
        request: crate::ui::dxf_dialog::PreviewRequest,
        import: Result<Box<DxfImport>, String>,
    },
    /// A merge of submission packages: a line per package and its conflicts, and the
    /// deletions waiting for consent, and the job's workspace (its index read again after
    /// the merge, its undo stack holding the merge).
    Merged {
        lines: Vec<String>,
        pending: Vec<String>,
        workspace: Box<Workspace>,
    },
}

impl OfficeplanApp {
    /// Work for more than `rooms` rooms runs in the background (tests and benchmarks set 0
    /// to see every job run as it does on a province).
    pub fn set_background_above(&mut self, rooms: u64) {
        self.inline_max_rooms = rooms;
    }

    /// Whether any job is running (the 检查结果 panel's included).
    pub fn has_jobs(&self) -> bool {
        !self.jobs.running().is_empty()
            || self.findings.is_busy()
            || self.optimizer.is_running()
            || self
                .workspace
                .as_ref()
                .is_some_and(Workspace::file_checks_pending)
    }

    /// The labels of the running jobs (for tests).
    pub fn job_labels(&self) -> Vec<String> {
        self.jobs.running().iter().map(|j| j.kind.label()).collect()
    }

    /// Cancels the running job of `kind` as 取消 does.
    pub fn cancel_job(&mut self, kind: JobKind) {
        if kind == JobKind::Check {
            self.check_stopped_at = Some(self.generation());
        }
        if kind == JobKind::Merge {
            self.merge_stopped();
        }
        if kind == JobKind::DxfPreview
            && let Some(d) = &mut self.dxf_dialog
        {
            d.reading = None;
        }
        if self.jobs.cancel(kind) {
            self.inform(crate::t!("job.cancelled", job = kind.label()).into_owned());
        }
    }

    fn inline_for_file(&self, path: &Path, bytes_per_room: u64) -> bool {
        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        bytes / bytes_per_room <= self.inline_max_rooms
    }

    fn generation(&self) -> u64 {
        self.workspace.as_ref().map_or(0, Workspace::generation)
    }

    /// Starts a job; an inline one's result is applied before this returns.
    pub(super) fn start_job(
        &mut self,
        kind: JobKind,
        inline: bool,
        work: impl FnOnce(&crate::ui::job::JobControl) -> Result<JobDone, JobError> + Send + 'static,
    ) {
        let generation = self.generation();
        self.jobs.start(kind, generation, inline, work);
        if inline {
            self.poll_jobs();
        }
    }

    /// Opens `path` (in the background when it is large); a failure becomes a notification.
    pub fn open_file(&mut self, path: &Path) {
        let inline = self.inline_for_file(path, FILE_BYTES_PER_ROOM);
        let path = path.to_path_buf();
        self.start_job(JobKind::Open, inline, move |control| {
            control.stage(0.0)?;
            let workspace = Workspace::open_checking_in_background(&path)?;
            control.stage(0.9)?;
            // A provincial file's compounds grouped by region, the total shown first.
            let regions = workspace.regions()?;
            let tree = NavigatorTree::build_scoped(
                workspace.index(),
                &regions,
                crate::model::RegionScope::All,
            );
            Ok(JobDone::Opened {
                path,
                tree: Box::new(tree),
                workspace: Box::new(workspace),
            })
        });
    }

    /// Reads the open file again with a connection of its own (another program wrote to it).
    pub(super) fn start_reload(&mut self, path: PathBuf) {
        self.start_job(JobKind::Reload, false, move |control| {
            control.stage(0.0)?;
            let workspace = Workspace::open_checking_in_background(&path)?;
            control.stage(1.0)?;
            Ok(JobDone::Reloaded(Box::new(workspace)))
        });
    }

    /// Runs the compliance check if it has not been run since the last edit: at once for a
    /// county, in the background for a province.
    pub(super) fn ensure_checked(&mut self) {
        let Some(w) = &self.workspace else { return };
        if w.checked_if_run().is_some() {
            return;
        }
        let generation = w.generation();
        if self.check_stopped_at == Some(generation)
            || self
                .jobs
                .running()
                .iter()
                .any(|j| j.kind == JobKind::Check && j.generation == generation)
        {
            return;
        }
        let inline = w.room_count() <= self.inline_max_rooms;
        let path = w.path().to_path_buf();
        self.start_job(JobKind::Check, inline, move |control| {
            let checked = Checked::run_in_stages(&path, &mut |f| control.stage(f).is_ok())?;
            Ok(JobDone::Checked(Box::new(
                checked.ok_or(JobError::Cancelled)?,
            )))
        });
    }

    /// Copies the open file to `path` in the background, then opens the copy.
    pub(super) fn save_as(&mut self, path: &Path) {
        let Some(w) = &self.workspace else { return };
        let source = w.path().to_path_buf();
        let inline = self.inline_for_file(&source, FILE_BYTES_PER_ROOM);
        let target = path.to_path_buf();
        self.start_job(JobKind::SaveAs, inline, move |control| {
            control.stage(0.1)?;
            Workspace::copy_file(&source, &target)?;
            Ok(JobDone::SavedAs(target))
        });
    }

    /// Writes a sheet (PDF, PNG or SVG) in the background: rendering takes a second or more.
    pub(super) fn start_export(&mut self, sheet: crate::io::export::Sheet, path: &Path) {
        let path = path.to_path_buf();
        self.start_job(JobKind::Export, false, move |control| {
            control.stage(0.1)?;
            crate::io::export::write(&sheet, &path)?;
            Ok(JobDone::Exported(path))
        });
    }

    /// Reads a drawing's layers (a large drawing in the background).
    pub(super) fn start_dxf_layers(&mut self, text: String) {
        let path = PathBuf::from(text.trim());
        let inline = self.inline_for_file(&path, DXF_BYTES_PER_ROOM);
        self.start_job(JobKind::DxfLayers, inline, move |control| {
            control.stage(0.0)?;
            let layers = list_layers_with_guess(&path).map_err(|e| e.to_string());
            Ok(JobDone::DxfLayers { path: text, layers })
        });
    }

    /// Reads a drawing's rooms for a floor with the dialog's options (the comparison follows
    /// on the UI thread); a drawing read from walls goes to the background sooner. The
    /// dialog remembers the request, so a result of other options is not shown.
    pub(super) fn start_dxf_read(&mut self, floor: Uuid, path: PathBuf, options: DxfOptions) {
        let per_room = if options.wall_layers.is_empty() {
            DXF_BYTES_PER_ROOM
        } else {
            DXF_WALL_BYTES_PER_ROOM
        };
        let inline = self.inline_for_file(&path, per_room);
        if let Some(d) = &mut self.dxf_dialog {
            d.reading = Some(crate::ui::dxf_dialog::PreviewRequest {
                floor,
                path: path.clone(),
                options: options.clone(),
            });
            d.note = None;
        }
        self.start_job(JobKind::DxfPreview, inline, move |control| {
            let import = match read_dxf_file_in_stages(&path, &options, floor, &mut |f| {
                control.stage(f).is_ok()
            }) {
                Ok(Some(import)) => Ok(Box::new(import)),
                Ok(None) => return Err(JobError::Cancelled),
                Err(e) => Err(e.to_string()),
            };
            Ok(JobDone::DxfRead {
                request: crate::ui::dxf_dialog::PreviewRequest {
                    floor,
                    path,
                    options,
                },
                import,
            })
        });
    }

    /// Applies the jobs that ended since the last frame.
    pub(super) fn poll_jobs(&mut self) {
        for finished in self.jobs.poll() {
            self.apply_job(finished);
        }
        self.poll_file_checks();
    }

    /// The whole-file checks of the open file (run in the background since it was opened):
    /// what they found is said once, when they end (damage makes the file read-only).
    fn poll_file_checks(&mut self) {
        let Some(w) = &mut self.workspace else { return };
        if !w.file_checks_pending() {
            return;
        }
        match w.poll_file_checks() {
            Ok(Some(notices)) => {
                for notice in notices {
                    self.inform(notice);
                }
            }
            Ok(None) => self
                .jobs
                .repaint_after(std::time::Duration::from_millis(100)),
            Err(e) => self.notify(e.to_string()),
        }
    }

    fn apply_job(&mut self, finished: Finished<JobDone>) {
        let Finished {
            kind,
            generation,
            result,
        } = finished;
        let done = match result {
            Ok(done) => done,
            Err(message) => {
                if kind == JobKind::Check {
                    self.check_stopped_at = Some(generation);
                }
                if kind == JobKind::Merge {
                    self.merge_stopped();
                }
                if kind == JobKind::DxfPreview
                    && let Some(d) = &mut self.dxf_dialog
                {
                    d.reading = None;
                }
                if matches!(kind, JobKind::Publish | JobKind::Pull) {
                    self.postgis_failed(&message);
                }
                self.notify(message);
                return;
            }
        };
        // A result computed from an older state of the project is dropped (a newer job of
        // its kind, started by the change, brings the current one).
        let current = self.generation() == generation;
        match done {
            JobDone::Opened {
                path,
                workspace,
                tree,
            } => {
                let generation = workspace.generation();
                self.install_workspace(&path, *workspace);
                self.navigator = crate::ui::navigator::Navigator::with_tree(*tree, generation);
            }
            JobDone::Reloaded(workspace) => self.install_reloaded(*workspace),
            JobDone::Checked(checked) => {
                if let Some(w) = &mut self.workspace
                    && current
                    && w.install_checked(*checked, generation)
                    && self.plan.is_none()
                {
                    // A scenario's floor waited for this check.
                    self.load_plan();
                }
            }
            JobDone::Exported(path) => {
                self.inform(crate::t!("app.exported", path = path.display()).into_owned());
            }
            JobDone::ReportWritten { path, tables } => self.inform(
                crate::t!("report.written", path = path.display(), tables = tables).into_owned(),
            ),
            JobDone::SavedAs(path) => self.open_file(&path),
            JobDone::Published(outcome) => self.postgis_published(*outcome),
            JobDone::Pulled(outcome) => self.postgis_pulled(*outcome),
            JobDone::DxfLayers { path, layers } => {
                if let Some(d) = &mut self.dxf_dialog {
                    d.set_layers(&path, layers);
                }
            }
            JobDone::DxfRead { request, import } => {
                self.show_dxf_preview(request, import.map(|i| *i));
            }
            JobDone::Merged {
                lines,
                pending,
                workspace,
            } => self.merged(lines, pending, *workspace),
        }
    }
}
