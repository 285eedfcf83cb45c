//! What the window's job runner needs of the workspace: the file's path (a job opens its own
//! connection), a scenario shown before its check is ready, and a floor plan that waits for
//! the check instead of running it on the UI thread.

use std::path::Path;
use std::sync::Arc;

use super::{Checked, FloorImportPreview, FloorPlan, Workspace, WorkspaceError};
use crate::io::dxf::DxfImport;
use crate::model::Uuid;
use crate::store::Store;

/// Drops `value` on a thread of its own: freeing a province's checked project (a million
/// rooms with their polygons) takes longer than a frame, and the window must not wait for it.
/// Where no thread can be started it is dropped here.
pub(super) fn drop_elsewhere<T: Send + 'static>(value: T) {
    // Builder::spawn hands the closure (and the value) back to be dropped if it fails.
    std::thread::Builder::new()
        .name("officeplan-drop".to_owned())
        .spawn(move || drop(value))
        .ok();
}

impl Checked {
    /// [`Checked::run`] in stages for a job, on a connection of its own to the file at
    /// `path`: `stage(fraction)` is called between them (loading every room and person is
    /// most of the time) and returns `false` to stop, in which case the result is `None`.
    pub fn run_in_stages(
        path: &Path,
        stage: &mut dyn FnMut(f32) -> bool,
    ) -> Result<Option<Self>, WorkspaceError> {
        let store = Store::open(path)?;
        if !stage(0.02) {
            return Ok(None);
        }
        let project = store.load_project()?;
        if !stage(0.6) {
            return Ok(None);
        }
        let checked = Self::of_project(project)?;
        stage(1.0);
        Ok(Some(checked))
    }
}

impl Workspace {
    /// Copies the file at `source` to `target` (另存为 on a job's thread): a connection of
    /// its own reads the committed file; the copy is written to a temporary file and renamed.
    pub fn copy_file(source: &Path, target: &Path) -> Result<(), WorkspaceError> {
        drop(Store::open(source)?.save_as(target)?);
        Ok(())
    }

    /// The rooms in the file (the size that decides whether work runs in the background).
    pub fn room_count(&self) -> u64 {
        self.index.totals.total().rooms
    }

    /// Whether what is shown needs a compliance check that has not been run yet: a shown
    /// scenario always does (its state is the check with its moves replayed).
    pub fn scenario_waits_for_check(&self) -> bool {
        self.scenario.is_some() && self.checked.is_none()
    }

    /// Shows a scenario (`Some`) or the baseline (`None`) without running the check: the
    /// caller runs it (in the background for a large project) and installs it with
    /// [`Workspace::install_checked`]; until then [`Workspace::floor_plan_when_ready`] waits.
    pub fn show_scenario(&mut self, scenario: Option<Uuid>) -> Result<(), WorkspaceError> {
        self.select_scenario(scenario)
    }

    /// The rooms of a floor, or `None` while the shown scenario waits for its check (which
    /// [`Workspace::floor_plan`] would run here and now).
    pub fn floor_plan_when_ready(
        &mut self,
        floor: &Uuid,
    ) -> Result<Option<Arc<FloorPlan>>, WorkspaceError> {
        if self.scenario_waits_for_check() && !self.floors.contains_key(floor) {
            return Ok(None);
        }
        self.floor_plan(floor).map(Some)
    }

    /// The preview of a drawing read elsewhere (on a job's thread): compares it with the
    /// floor's rooms; writes nothing.
    pub fn preview_read_dxf(
        &mut self,
        floor: &Uuid,
        path: &Path,
        import: DxfImport,
    ) -> Result<FloorImportPreview, WorkspaceError> {
        let source = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.floor_import_preview(floor, import, &source)
    }
}
