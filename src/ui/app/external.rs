//! Other programs' writes to the open file (the CLI, QGIS, GDAL): about once a second the
//! window asks SQLite whether another connection committed; if so it reads the file again,
//! clears undo and redo (their edits were made against a state the file no longer has) and
//! says so.

use std::time::{Duration, Instant};

use super::OfficeplanApp;
use crate::ui::job::JobKind;

/// How often the file is looked at: `PRAGMA data_version` costs microseconds.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// When the file was last looked at.
pub struct Watch {
    last: Option<Instant>,
    every: Duration,
}

impl Default for Watch {
    fn default() -> Self {
        Self {
            last: None,
            every: WATCH_EVERY,
        }
    }
}

impl OfficeplanApp {
    /// Looks at the file every `every` (tests use zero: every frame).
    pub fn set_watch_interval(&mut self, every: Duration) {
        self.watch.every = every;
    }

    /// Reloads the file if another program wrote to it since it was last read (a large file
    /// is read again by a job, with a connection of its own).
    pub(super) fn watch_file(&mut self, ui: &egui::Ui) {
        if self.jobs.is_running(JobKind::Reload) {
            return;
        }
        let inline_max_rooms = self.inline_max_rooms;
        let Some(w) = &mut self.workspace else { return };
        let since = self.watch.last.map(|t| t.elapsed());
        if let Some(since) = since
            && since < self.watch.every
        {
            // Not yet: come back when it is due, or an idle window would never look again
            // (a repaint asked for one interval ahead can arrive a little early).
            ui.ctx()
                .request_repaint_after((self.watch.every - since).max(Duration::from_millis(100)));
            return;
        }
        self.watch.last = Some(Instant::now());
        // Keep looking while the window is idle.
        ui.ctx()
            .request_repaint_after(self.watch.every.max(Duration::from_millis(100)));
        match w.external_change() {
            Ok(false) => {}
            Ok(true) if w.room_count() > inline_max_rooms => {
                let path = w.path().to_path_buf();
                self.start_reload(path);
            }
            Ok(true) => match w.reload() {
                Ok(()) => self.after_reload(),
                Err(e) => self.notify(e.to_string()),
            },
            // A file that cannot be asked (removed, unmounted) is said once, not every second.
            Err(e) => {
                self.watch.every = Duration::MAX;
                self.notify(e.to_string());
            }
        }
    }

    /// A workspace read again by a job replaces the open one (its undo stack is empty).
    pub(super) fn install_reloaded(&mut self, w: crate::workspace::Workspace) {
        // Jobs of the state before (a check) would install stale results.
        self.jobs.cancel_all();
        self.workspace = Some(w);
        self.after_reload();
    }

    /// Views of the file read again: the shown floor, its selection and the caches; and the
    /// notice that says so.
    pub(super) fn after_reload(&mut self) {
        self.inform(crate::t!("job.reloaded").into_owned());
        let floor = self.plan.as_ref().map(|p| p.floor);
        self.plan = None;
        self.canvas.selection.clear();
        self.inspector = Default::default();
        self.history.clear();
        self.occupants.clear();
        self.context.clear();
        self.site_map.clear();
        // The floor may be gone; the index positions may have moved.
        self.floor = floor.and_then(|f| {
            self.workspace
                .as_ref()
                .and_then(|w| w.index().floors.iter().position(|e| e.floor.uuid == f))
        });
        self.navigator.selected_floor = self.floor;
        self.load_plan();
    }
}
