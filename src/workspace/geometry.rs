//! Room geometry other programs wrote, checked on load: which rooms of the file cannot be
//! measured and why (the `check` command, the inspector and the plan show them).

use super::{FloorPlan, Workspace, WorkspaceError};
use crate::analysis::GeometryProblem;
use crate::store::GeometryFinding;

impl Workspace {
    /// Every room of the file whose polygon is invalid, empty, of several parts or unreadable.
    pub fn geometry_findings(&self) -> Result<Vec<GeometryFinding>, WorkspaceError> {
        Ok(self.store.geometry_findings(None)?)
    }

    /// A room whose blob is not one polygon loads with an empty one, which alone says only
    /// "no points": the file's reason (empty, several parts …) replaces that.
    pub(super) fn name_unreadable_geometry(
        &self,
        plan: &mut FloorPlan,
    ) -> Result<(), WorkspaceError> {
        let unreadable = |p: &Option<GeometryProblem>| {
            matches!(p, Some(GeometryProblem::TooFewPoints { distinct: 0, .. }))
        };
        if !plan.problems.iter().any(unreadable) {
            return Ok(());
        }
        for finding in self.store.geometry_findings(Some(&plan.floor))? {
            if let Some(i) = plan.rooms.iter().position(|r| r.uuid == finding.room)
                && let Some(slot) = plan.problems.get_mut(i)
            {
                *slot = Some(finding.problem);
            }
        }
        Ok(())
    }
}
