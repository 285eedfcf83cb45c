//! The scenario list as undoable edits: making, deleting and rebasing a scenario are each one
//! step of undo with a change-log line (bookkeeping: they do not make other scenarios stale).

use super::{Edit, MoveConflict, Workspace, WorkspaceError};
use crate::model::{ChangeAction, Move, Uuid};
use crate::store::{ChangeRecord, ScenarioInfo, ScenarioRecord, current_user};

impl Workspace {
    /// Makes a scenario of the baseline as it is now (undoable); returns its UUID.
    pub fn new_scenario(&mut self, name: &str, note: &str) -> Result<Uuid, WorkspaceError> {
        self.create_scenario(name, note, Vec::new())
    }

    /// Makes a scenario of the baseline as it is now holding `moves` (none for a planner's new
    /// scenario; 智能调剂's plan), in one undoable edit; returns its UUID.
    pub(super) fn create_scenario(
        &mut self,
        name: &str,
        note: &str,
        moves: Vec<Move>,
    ) -> Result<Uuid, WorkspaceError> {
        let uuid = Uuid::now_v7();
        let record = ScenarioRecord {
            info: ScenarioInfo {
                uuid,
                name: name.trim().to_owned(),
                note: note.trim().to_owned(),
                // Empty: the file's clock stamps it.
                created_at: String::new(),
                created_by: current_user(),
                base_version: self.store.baseline_version()?,
                applied_at: None,
                moves: moves.len(),
            },
            moves,
        };
        self.apply(Edit::CreateScenario(Box::new(record)))?;
        Ok(uuid)
    }

    /// Deletes a scenario with its moves (undoable: undo brings it back as it was), showing
    /// the baseline if it was the one shown.
    pub fn delete_scenario(&mut self, scenario: &Uuid) -> Result<(), WorkspaceError> {
        self.apply(Edit::DeleteScenario {
            scenario: *scenario,
        })
    }

    /// Drops the moves of the shown scenario that conflict with the baseline and records the
    /// baseline it now stands on (undoable); returns the dropped moves' conflicts.
    pub fn rebase(&mut self) -> Result<Vec<MoveConflict>, WorkspaceError> {
        self.checked()?;
        let active = self.scenario.as_ref().ok_or(WorkspaceError::NoScenario)?;
        let scenario = active.info.uuid;
        let dropped = active.conflicts.clone();
        let moves: Vec<Move> = active
            .moves
            .iter()
            .enumerate()
            .filter(|(i, _)| !dropped.iter().any(|c| c.step == i + 1))
            .map(|(_, m)| m.clone())
            .collect();
        let base_version = self.store.baseline_version()?;
        self.apply(Edit::RebaseScenario {
            scenario,
            moves,
            base_version,
        })?;
        Ok(dropped)
    }

    pub(super) fn write_new_scenario(
        &mut self,
        scenario: &ScenarioRecord,
    ) -> Result<Edit, WorkspaceError> {
        let uuid = scenario.info.uuid;
        // A new scenario has no moves; one with moves and no date is 智能调剂's plan; one with
        // a date is a deleted one brought back.
        let action = match (
            scenario.moves.is_empty(),
            scenario.info.created_at.is_empty(),
        ) {
            (true, true) => ChangeAction::ScenarioNew,
            (false, true) => ChangeAction::ScenarioOptimized,
            _ => ChangeAction::ScenarioRestore,
        };
        let record = ChangeRecord {
            action,
            summary: scenario.info.name.clone(),
            detail: uuid.to_string(),
        };
        self.store.insert_scenario(scenario, &record)?;
        self.generation += 1;
        Ok(Edit::DeleteScenario { scenario: uuid })
    }

    pub(super) fn write_delete_scenario(
        &mut self,
        scenario: &Uuid,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.scenario_record(scenario)?;
        let record = ChangeRecord {
            action: ChangeAction::ScenarioDelete,
            summary: before.info.name.clone(),
            detail: scenario.to_string(),
        };
        self.store.delete_scenario(scenario, &record)?;
        if self
            .scenario
            .as_ref()
            .is_some_and(|a| a.info.uuid == *scenario)
        {
            self.scenario = None;
            self.invalidate(None);
        } else {
            self.generation += 1;
        }
        Ok(Edit::CreateScenario(Box::new(before)))
    }

    pub(super) fn write_scenario_moves(
        &mut self,
        scenario: &Uuid,
        moves: &[Move],
        base_version: i64,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.scenario_record(scenario)?;
        let record = ChangeRecord {
            action: ChangeAction::ScenarioRebase,
            summary: format!(
                "{}: {} → {}",
                before.info.name,
                before.moves.len(),
                moves.len()
            ),
            detail: scenario.to_string(),
        };
        self.store
            .set_scenario_moves(scenario, moves, base_version, &record)?;
        if self
            .scenario
            .as_ref()
            .is_some_and(|a| a.info.uuid == *scenario)
        {
            self.activate(Some(*scenario))?;
        } else {
            self.generation += 1;
        }
        Ok(Edit::RebaseScenario {
            scenario: *scenario,
            moves: before.moves,
            base_version: before.info.base_version,
        })
    }
}
