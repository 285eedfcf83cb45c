//! 智能调剂 through the workspace: the optimizer runs on the baseline as the file holds it, and
//! its plan becomes a new scenario in one undoable edit (the baseline is untouched until the
//! planner applies the scenario).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::{Workspace, WorkspaceError};
use crate::model::{Uuid, today};
use crate::optimize::engine::Progress;
use crate::optimize::plan::{PlanResult, Request, optimize};
use crate::planning::Checked;

impl Workspace {
    /// The baseline checked, as the optimizer starts from it (whatever scenario is shown).
    pub fn baseline_checked(&self) -> Result<Checked, WorkspaceError> {
        Checked::run(&self.store)
    }

    /// Runs the optimizer on the baseline (on this thread: the app runs
    /// [`crate::optimize::plan::optimize`] as a job on a copy of [`Self::baseline_checked`]).
    pub fn optimize(
        &self,
        request: &Request,
        cancel: Arc<AtomicBool>,
        progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
    ) -> Result<PlanResult, WorkspaceError> {
        let checked = self.baseline_checked()?;
        Ok(optimize(&checked, request, &today(), cancel, progress)?)
    }

    /// Stores a plan's moves as a new scenario named `name` (one undoable edit with a
    /// change-log line); returns its UUID. The moves must fit the baseline as it is now.
    pub fn save_plan(
        &mut self,
        name: &str,
        note: &str,
        plan: &PlanResult,
    ) -> Result<Uuid, WorkspaceError> {
        let mut state = self.baseline_checked()?;
        for m in &plan.moves {
            state.apply(m)?;
        }
        self.create_scenario(name, note, plan.moves.clone())
    }
}
