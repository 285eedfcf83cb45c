//! Long work off the UI thread (打开、核定、导出、读取 DXF、另存为 …): one runner for every kind.
//!
//! A job is a closure run on a thread of its own with its own inputs (its own SQLite
//! connection where it reads the file). It reports a progress fraction and looks at a cancel
//! flag between its stages; the window shows each running job in the status bar with a
//! progress bar and 取消, and never waits for one. A finished job's result is handed back to
//! the UI thread with the project generation it was started at, so the app applies it only if
//! the project has not changed meanwhile.
//!
//! Small work runs *inline* through the same runner (the result is ready at once): a county's
//! check takes milliseconds, and a thread would only make tests wait.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

/// What a job does, for its label and so that one kind runs once at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobKind {
    Open,
    /// Reading the open file again after another program wrote to it.
    Reload,
    Check,
    Export,
    DxfLayers,
    DxfPreview,
    SaveAs,
    /// A report workbook (报表 menu).
    Report,
    /// The 检查结果 panel's tables of a new check.
    Findings,
    /// 汇总: submission packages merged into the open (provincial) file.
    Merge,
    /// 发布到 PostGIS.
    Publish,
    /// 从 PostGIS 拉取.
    Pull,
}

impl JobKind {
    /// The translated label shown beside the progress bar.
    pub fn label(self) -> String {
        match self {
            Self::Open => crate::t!("job.open"),
            Self::Reload => crate::t!("job.reload"),
            Self::Check => crate::t!("app.checking"),
            Self::Export => crate::t!("job.export"),
            Self::DxfLayers => crate::t!("job.dxf_layers"),
            Self::DxfPreview => crate::t!("job.dxf_preview"),
            Self::SaveAs => crate::t!("job.save_as"),
            Self::Report => crate::t!("reports.job"),
            Self::Findings => crate::t!("findings.making"),
            Self::Merge => crate::t!("province.job.merge"),
            Self::Publish => crate::t!("postgis.job.publish"),
            Self::Pull => crate::t!("postgis.job.pull"),
        }
        .into_owned()
    }
}

/// What the worker side of a job sees: where to report progress, whether it was cancelled.
#[derive(Clone, Debug, Default)]
pub struct JobControl {
    inner: Arc<ControlState>,
}

#[derive(Debug, Default)]
struct ControlState {
    cancelled: AtomicBool,
    /// The progress fraction 0…1 as `f32` bits.
    progress: AtomicU32,
}

/// A job noticed that it was cancelled and stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

impl JobControl {
    /// Reports how far the job is, 0…1 (clamped).
    pub fn set_progress(&self, fraction: f32) {
        let f = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.inner.progress.store(f.to_bits(), Ordering::Relaxed);
    }

    /// The progress reported last, 0…1.
    pub fn progress(&self) -> f32 {
        f32::from_bits(self.inner.progress.load(Ordering::Relaxed))
    }

    /// Asks the job to stop at its next stage.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }

    /// Between stages: `Err(Cancelled)` once the job was cancelled, else records `fraction`.
    pub fn stage(&self, fraction: f32) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            return Err(Cancelled);
        }
        self.set_progress(fraction);
        Ok(())
    }
}

/// How a job ended: its value, or an error message (already translated).
pub type JobResult<T> = Result<T, String>;

/// A job running (or, when inline, already finished).
pub struct Job<T> {
    pub kind: JobKind,
    /// The project generation the job was started at.
    pub generation: u64,
    pub control: JobControl,
    pub started: Instant,
    receiver: Receiver<Option<JobResult<T>>>,
}

/// A finished job, handed back to the UI thread.
pub struct Finished<T> {
    pub kind: JobKind,
    pub generation: u64,
    pub result: JobResult<T>,
}

/// The jobs of the window.
pub struct Jobs<T> {
    running: Vec<Job<T>>,
    /// Wakes the window when a job ends (none in benchmarks that drive frames themselves).
    ctx: Option<egui::Context>,
}

impl<T> Default for Jobs<T> {
    fn default() -> Self {
        Self {
            running: Vec::new(),
            ctx: None,
        }
    }
}

impl<T: Send + 'static> Jobs<T> {
    /// The context to wake when a job ends.
    pub fn set_context(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
    }

    /// Wakes the window after `delay`: work outside the jobs is still running (the open
    /// file's whole-file checks).
    pub fn repaint_after(&self, delay: std::time::Duration) {
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint_after(delay);
        }
    }

    /// Starts `work` for `generation`; a job of the same kind still running is cancelled
    /// (its result would be of an older request). `inline` runs it here and now.
    pub fn start(
        &mut self,
        kind: JobKind,
        generation: u64,
        inline: bool,
        work: impl FnOnce(&JobControl) -> Result<T, JobError> + Send + 'static,
    ) {
        self.cancel(kind);
        let control = JobControl::default();
        let (sender, receiver) = channel();
        let job = Job {
            kind,
            generation,
            control: control.clone(),
            started: Instant::now(),
            receiver,
        };
        let run = move |control: &JobControl| match work(control) {
            Ok(value) => Some(Ok(value)),
            Err(JobError::Cancelled) => None,
            Err(JobError::Failed(message)) => Some(Err(message)),
        };
        if inline {
            sender.send(run(&control)).ok();
        } else {
            let ctx = self.ctx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("officeplan-{kind:?}"))
                .spawn(move || {
                    // The app may have dropped the job (cancelled, closed): nobody to tell.
                    sender.send(run(&control)).ok();
                    if let Some(ctx) = ctx {
                        ctx.request_repaint();
                    }
                });
            if let Err(e) = spawned {
                let (sender, receiver) = channel();
                sender
                    .send(Some(Err(
                        crate::t!("job.no_thread", reason = e).into_owned()
                    )))
                    .ok();
                self.running.push(Job { receiver, ..job });
                return;
            }
        }
        self.running.push(job);
    }

    /// Cancels the running job of `kind`, if any: it is forgotten at once and its thread
    /// stops at its next stage. Returns whether there was one.
    pub fn cancel(&mut self, kind: JobKind) -> bool {
        let before = self.running.len();
        self.running.retain(|j| {
            if j.kind == kind {
                j.control.cancel();
                false
            } else {
                true
            }
        });
        self.running.len() != before
    }

    /// Cancels every job (another file is opened).
    pub fn cancel_all(&mut self) {
        for j in &self.running {
            j.control.cancel();
        }
        self.running.clear();
    }

    /// The jobs still running.
    pub fn running(&self) -> &[Job<T>] {
        &self.running
    }

    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|j| j.kind == kind)
    }

    /// The jobs that ended since the last call; a cancelled one ends with nothing to report.
    pub fn poll(&mut self) -> Vec<Finished<T>> {
        let mut finished = Vec::new();
        self.running.retain(|job| match job.receiver.try_recv() {
            Ok(outcome) => {
                if let Some(result) = outcome {
                    finished.push(Finished {
                        kind: job.kind,
                        generation: job.generation,
                        result,
                    });
                }
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                // The thread ended without a word: it panicked.
                finished.push(Finished {
                    kind: job.kind,
                    generation: job.generation,
                    result: Err(crate::t!("job.stopped", job = job.kind.label()).into_owned()),
                });
                false
            }
        });
        finished
    }
}

/// Why a job's work ended without a value.
#[derive(Debug)]
pub enum JobError {
    /// It saw the cancel flag and stopped: nothing to report.
    Cancelled,
    /// It failed; the message is shown.
    Failed(String),
}

impl From<Cancelled> for JobError {
    fn from(_: Cancelled) -> Self {
        Self::Cancelled
    }
}

impl<E: std::fmt::Display> From<E> for JobError
where
    E: std::error::Error,
{
    fn from(e: E) -> Self {
        Self::Failed(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Checked;

    fn wait<T: Send + 'static>(jobs: &mut Jobs<T>) -> Vec<Finished<T>> {
        let start = Instant::now();
        loop {
            let done = jobs.poll();
            if !done.is_empty() || jobs.running().is_empty() {
                return done;
            }
            assert!(start.elapsed().as_secs() < 60, "job did not end");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_background_check_equals_the_inline_one() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let inline = Checked::run(&store).expect("check");
        let path = store.path().to_path_buf();
        let mut jobs = Jobs::default();
        jobs.start(JobKind::Check, 7, false, move |control| {
            control.stage(0.1)?;
            Ok(Checked::run_file(&path)?)
        });
        let mut done = wait(&mut jobs);
        assert_eq!(done.len(), 1);
        let finished = done.pop().expect("one");
        assert_eq!((finished.kind, finished.generation), (JobKind::Check, 7));
        let result = finished.result.expect("check");
        assert_eq!(
            result.compliance.units_over().count(),
            inline.compliance.units_over().count()
        );
        assert_eq!(
            result.compliance.problem_count(),
            inline.compliance.problem_count()
        );
    }

    #[test]
    fn a_cancelled_job_reports_nothing_and_its_thread_stops() {
        let mut jobs: Jobs<u32> = Jobs::default();
        let (stage_sender, stage_receiver) = channel();
        let (go_sender, go_receiver) = channel::<()>();
        jobs.start(JobKind::Export, 1, false, move |control| {
            control.stage(0.5)?;
            stage_sender.send(()).ok();
            go_receiver.recv().ok();
            // The next stage sees the flag.
            control.stage(0.9)?;
            Ok(42)
        });
        stage_receiver.recv().expect("first stage");
        let control = jobs.running()[0].control.clone();
        assert_eq!(control.progress(), 0.5);
        assert!(jobs.cancel(JobKind::Export));
        assert!(jobs.running().is_empty());
        assert!(control.is_cancelled());
        go_sender.send(()).ok();
        assert!(jobs.poll().is_empty());
    }

    #[test]
    fn inline_jobs_are_ready_at_once_and_a_new_job_replaces_one_of_its_kind() {
        let mut jobs: Jobs<u32> = Jobs::default();
        let (go_sender, go_receiver) = channel::<()>();
        jobs.start(JobKind::Check, 1, false, move |_| {
            go_receiver.recv().ok();
            Ok(1)
        });
        jobs.start(JobKind::Check, 2, true, |_| Ok(2));
        go_sender.send(()).ok();
        let done = jobs.poll();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].generation, 2);
        assert_eq!(done[0].result, Ok(2));
        assert!(jobs.running().is_empty());
    }

    #[test]
    fn a_panicking_job_is_reported_not_lost() {
        let mut jobs: Jobs<u32> = Jobs::default();
        jobs.start(JobKind::SaveAs, 1, false, |_| -> Result<u32, JobError> {
            panic!("boom")
        });
        let done = wait(&mut jobs);
        assert_eq!(done.len(), 1);
        assert!(done[0].result.is_err());
    }
}
