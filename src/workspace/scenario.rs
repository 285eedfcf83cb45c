//! The active scenario (调剂方案) of a workspace: shown instead of the baseline, edited by
//! moves, compared with the baseline, applied to it in one transaction.
//!
//! The baseline is checked once ([`Checked::run`]); the scenario's state is that check with
//! the scenario's moves applied in order. A move whose rooms the baseline has changed since
//! (a stale scenario) is skipped and listed as a conflict until the scenario is rebased.

use std::sync::Arc;

use super::{Checked, Edit, Workspace, WorkspaceError};
use crate::model::{ChangeAction, Uuid, today};
use crate::planning::{
    self, Fit, Kpis, Move, MoveRow, Occupied, drop_person, drop_rooms, drop_unit, relocate,
    relocate_into,
};
use crate::store::{ChangeRecord, Occupant, ScenarioInfo};

/// A move of a stale scenario that no longer fits the baseline.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MoveConflict {
    /// 1-based step in the scenario.
    pub step: usize,
    /// Why, naming the room or person.
    pub reason: String,
}

/// The scenario a workspace shows.
#[derive(Clone, Debug)]
pub struct ActiveScenario {
    pub info: ScenarioInfo,
    /// Every stored move, in order (conflicting ones included).
    pub moves: Vec<Move>,
    /// Moves skipped because the baseline changed under them.
    pub conflicts: Vec<MoveConflict>,
    /// Whether the baseline changed since the scenario was made or rebased.
    pub stale: bool,
    /// The baseline's figures, taken before the moves were replayed.
    pub baseline: Kpis,
}

impl ActiveScenario {
    /// Replays the moves over a check of the baseline, recording the ones that conflict.
    pub(super) fn replay(&mut self, mut checked: Checked) -> Checked {
        self.baseline = checked.kpis();
        self.conflicts.clear();
        for (i, m) in self.moves.iter().enumerate() {
            if let Err(e) = checked.apply(m) {
                self.conflicts.push(MoveConflict {
                    step: i + 1,
                    reason: e.to_string(),
                });
            }
        }
        checked
    }
}

/// A scenario in the list, with its figures.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ScenarioSummary {
    #[serde(flatten)]
    pub info: ScenarioInfo,
    pub stale: bool,
    /// Moves that no longer fit the baseline.
    pub conflicts: usize,
    pub kpis: Kpis,
}

/// A scenario beside the baseline (`scenario compare`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub name: String,
    pub stale: bool,
    pub conflicts: Vec<MoveConflict>,
    pub baseline: Kpis,
    pub scenario: Kpis,
}

impl Workspace {
    /// Every scenario in the file.
    pub fn scenarios(&self) -> Result<Vec<ScenarioInfo>, WorkspaceError> {
        Ok(self.store.scenarios()?)
    }

    /// A scenario by name or UUID.
    pub fn find_scenario(&self, key: &str) -> Result<ScenarioInfo, WorkspaceError> {
        self.scenarios()?
            .into_iter()
            .find(|s| s.name == key || s.uuid.to_string() == key.trim().to_lowercase())
            .ok_or_else(|| WorkspaceError::UnknownScenario {
                scenario: key.to_owned(),
            })
    }

    /// Every scenario with its figures, each replayed over one check of the baseline (the
    /// scenario list). Conflicting moves are skipped, as when a scenario is shown.
    pub fn scenario_overview(&self) -> Result<Vec<ScenarioSummary>, WorkspaceError> {
        let version = self.store.baseline_version()?;
        let baseline = Checked::run(&self.store)?;
        let mut out = Vec::new();
        for info in self.store.scenarios()? {
            let mut active = ActiveScenario {
                moves: self.store.scenario_moves(&info.uuid)?,
                stale: info.base_version < version,
                info,
                conflicts: Vec::new(),
                baseline: Kpis::default(),
            };
            let state = active.replay(baseline.clone());
            out.push(ScenarioSummary {
                kpis: state.kpis(),
                stale: active.stale,
                conflicts: active.conflicts.len(),
                info: active.info,
            });
        }
        Ok(out)
    }

    /// Shows a scenario (`Some`) or the baseline (`None`); later moves go into the scenario.
    pub fn activate(&mut self, scenario: Option<Uuid>) -> Result<(), WorkspaceError> {
        self.select_scenario(scenario)?;
        if self.scenario.is_some() {
            self.checked()?;
        }
        Ok(())
    }

    /// Shows a scenario or the baseline; its check is left to be run.
    pub(super) fn select_scenario(&mut self, scenario: Option<Uuid>) -> Result<(), WorkspaceError> {
        self.scenario = match scenario {
            None => None,
            Some(uuid) => {
                let info = self.store.scenario(&uuid)?;
                let stale = info.base_version < self.store.baseline_version()?;
                Some(ActiveScenario {
                    moves: self.store.scenario_moves(&uuid)?,
                    info,
                    conflicts: Vec::new(),
                    stale,
                    baseline: Kpis::default(),
                })
            }
        };
        self.invalidate(None);
        Ok(())
    }

    /// The persons seated in a room, as the state shown has them (the scenario's seats
    /// while one is shown).
    pub fn room_occupants(&mut self, room: &Uuid) -> Result<Vec<Occupant>, WorkspaceError> {
        if self.scenario.is_none() {
            return Ok(self.store.room_occupants(room)?);
        }
        let checked = self.checked()?;
        let mut occupants: Vec<Occupant> = checked
            .room_index(room)
            .map_or(&[][..], |r| checked.persons_in_room(r))
            .iter()
            .filter_map(|p| checked.project.persons.get(*p))
            .map(|p| Occupant {
                person: p.uuid,
                name: p.name.clone(),
                title: p.title.clone(),
                grade: p.grade,
            })
            .collect();
        occupants.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(occupants)
    }

    /// The scenario shown, if not the baseline.
    pub fn active_scenario(&self) -> Option<&ActiveScenario> {
        self.scenario.as_ref()
    }

    /// The active scenario beside the baseline.
    pub fn compare(&mut self) -> Result<Comparison, WorkspaceError> {
        let checked = self.checked()?;
        let active = self.scenario.as_ref().ok_or(WorkspaceError::NoScenario)?;
        Ok(Comparison {
            name: active.info.name.clone(),
            stale: active.stale,
            conflicts: active.conflicts.clone(),
            baseline: active.baseline.clone(),
            scenario: checked.kpis(),
        })
    }

    /// The move list of the active scenario.
    pub fn move_list(&mut self) -> Result<Vec<MoveRow>, WorkspaceError> {
        let checked = self.checked()?;
        let active = self.scenario.as_ref().ok_or(WorkspaceError::NoScenario)?;
        Ok(planning::move_list(&checked, &active.moves))
    }

    fn scenario_named(&self, scenario: &Uuid) -> Result<&ActiveScenario, WorkspaceError> {
        self.scenario
            .as_ref()
            .filter(|a| a.info.uuid == *scenario)
            .ok_or(WorkspaceError::NoScenario)
    }

    /// Shows `scenario` if another state is shown, else reads its moves from the file again
    /// if another program (or another window) added or took back one since they were read:
    /// a move is only ever computed and checked on the scenario as stored, so moves of two
    /// writers never conflict with each other when the baseline did not change.
    ///
    /// The moves are read only when another connection has committed since the file was
    /// last read (`data_version`): our own moves keep `active.moves` as stored, so a planner
    /// dragging alone does not re-read the whole scenario on every drop.
    fn show_current(&mut self, scenario: &Uuid) -> Result<(), WorkspaceError> {
        let current = match &self.scenario {
            Some(active) if active.info.uuid == *scenario => {
                !self.external_change()? || self.store.scenario_moves(scenario)? == active.moves
            }
            _ => false,
        };
        if current {
            Ok(())
        } else {
            self.activate(Some(*scenario))
        }
    }

    /// How many times a move is retried when other programs keep changing the scenario.
    const PUSH_ATTEMPTS: usize = 3;

    /// Adds a move to the scenario (showing it if another state was shown). The move must fit
    /// the scenario as stored; it is stored only if no other program added a move meanwhile.
    pub(super) fn plan_move(&mut self, scenario: &Uuid, step: &Move) -> Result<(), WorkspaceError> {
        self.show_current(scenario)?;
        for _ in 0..Self::PUSH_ATTEMPTS {
            let active = self.scenario_named(scenario)?;
            if active.info.applied_at.is_some() {
                return Err(WorkspaceError::ScenarioApplied {
                    name: active.info.name.clone(),
                });
            }
            let expected = active.moves.len();
            let checked = self.checked()?;
            checked.conflicts(step)?;
            drop(checked);
            if self.store.push_move(scenario, step, expected)? {
                return self.follow(step, false);
            }
            // Another program stored a move between the read and the write: read again.
            self.activate(Some(*scenario))?;
        }
        Err(WorkspaceError::ScenarioBusy {
            name: self.scenario_named(scenario)?.info.name.clone(),
        })
    }

    /// Takes the active scenario's last move back.
    pub(super) fn unplan_move(
        &mut self,
        scenario: &Uuid,
        step: &Move,
    ) -> Result<(), WorkspaceError> {
        self.show_current(scenario)?;
        self.store.pop_move(scenario, step)?;
        self.follow(step, true)
    }

    /// Updates the scenario's state by delta after a move was stored (or removed).
    fn follow(&mut self, step: &Move, back: bool) -> Result<(), WorkspaceError> {
        let mut checked = self.checked()?;
        // Drop the cache's reference, so that the state is changed in place, not copied.
        self.checked = None;
        let state = Arc::make_mut(&mut checked);
        let result = if back {
            state.revert(step)
        } else {
            state.apply(step)
        };
        let floors: Vec<Uuid> = step
            .rooms
            .iter()
            .filter_map(|c| state.room_index(&c.room))
            .filter_map(|i| state.project.rooms.get(i).map(|r| r.floor))
            .collect();
        if let Some(active) = &mut self.scenario {
            if back {
                active.moves.pop();
            } else {
                active.moves.push(step.clone());
            }
            active.info.moves = active.moves.len();
        }
        self.generation += 1;
        for floor in floors {
            self.floors.remove(&floor);
        }
        match result {
            Ok(_) => {
                self.checked = Some(checked);
                Ok(())
            }
            // The state could not follow (it should always): rebuild it from the file.
            Err(e) => {
                self.floors.clear();
                Err(e.into())
            }
        }
    }

    /// Applies (or, with `undo`, takes back) a scenario in the baseline, in one transaction.
    pub(super) fn write_scenario(
        &mut self,
        scenario: &Uuid,
        undo: bool,
    ) -> Result<(), WorkspaceError> {
        let info = self.store.scenario(scenario)?;
        if !undo && info.applied_at.is_some() {
            return Err(WorkspaceError::ScenarioApplied { name: info.name });
        }
        let moves = self.store.scenario_moves(scenario)?;
        if !undo {
            // Every move must still fit the baseline.
            let mut state = Checked::run(&self.store)?;
            for (i, m) in moves.iter().enumerate() {
                state
                    .apply(m)
                    .map_err(|e| WorkspaceError::ScenarioConflicts {
                        name: info.name.clone(),
                        step: i + 1,
                        reason: e.to_string(),
                    })?;
            }
        }
        let record = ChangeRecord {
            action: if undo {
                ChangeAction::UnapplyScenario
            } else {
                ChangeAction::ApplyScenario
            },
            summary: crate::t!(
                if undo {
                    "workspace.unapplied_summary"
                } else {
                    "workspace.applied_summary"
                },
                name = info.name,
                moves = moves.len()
            )
            .into_owned(),
            detail: scenario.to_string(),
        };
        self.store.apply_scenario(scenario, &moves, undo, &record)?;
        self.scenario = None;
        self.invalidate(None);
        self.index = self.store.load_index()?;
        Ok(())
    }

    /// Applies a gesture's move to the active scenario as an undoable edit.
    fn plan(&mut self, step: Move) -> Result<(), WorkspaceError> {
        let scenario = self
            .active_scenario()
            .ok_or(WorkspaceError::NoScenario)?
            .info
            .uuid;
        self.apply(Edit::PlanMove { scenario, step })
    }

    /// A unit dropped on a room (from the units panel when `from` is `None`).
    pub fn drop_unit(
        &mut self,
        unit: Uuid,
        from: Option<Uuid>,
        to: Uuid,
        on_occupied: Option<Occupied>,
    ) -> Result<(), WorkspaceError> {
        // The state's reference is dropped before the move, which then changes it in place.
        let step = {
            let checked = self.scenario_state()?;
            drop_unit(&checked, today(), unit, from, to, on_occupied)?
        };
        self.plan(step)
    }

    /// Rooms dragged as a group onto other rooms.
    pub fn drop_rooms(&mut self, pairs: &[(Uuid, Uuid)]) -> Result<(), WorkspaceError> {
        // The state's reference is dropped before the move, which then changes it in place.
        let step = {
            let checked = self.scenario_state()?;
            drop_rooms(&checked, today(), pairs)?
        };
        self.plan(step)
    }

    /// A person dragged to another room.
    pub fn drop_person(
        &mut self,
        person: Uuid,
        from: Option<Uuid>,
        to: Uuid,
    ) -> Result<(), WorkspaceError> {
        // The state's reference is dropped before the move, which then changes it in place.
        let step = {
            let checked = self.scenario_state()?;
            drop_person(&checked, today(), person, from, to)?
        };
        self.plan(step)
    }

    /// What [`Workspace::relocate`] would choose, without moving. Shown while dragging (every
    /// frame), so it uses the scenario as last read; the drop reads it again.
    pub fn preview_relocate(
        &mut self,
        unit: Uuid,
        from_floor: &Uuid,
        to_floor: &Uuid,
    ) -> Result<(Move, Fit), WorkspaceError> {
        if self.scenario.is_none() {
            return Err(WorkspaceError::NoScenario);
        }
        let checked = self.checked()?;
        Ok(relocate(&checked, today(), unit, from_floor, to_floor)?)
    }

    /// A unit's rooms on one floor moved to best-fitting idle rooms of another (stack plan).
    pub fn relocate(
        &mut self,
        unit: Uuid,
        from_floor: &Uuid,
        to_floor: &Uuid,
    ) -> Result<Fit, WorkspaceError> {
        let (step, fit) = {
            let checked = self.scenario_state()?;
            relocate(&checked, today(), unit, from_floor, to_floor)?
        };
        self.plan(step)?;
        Ok(fit)
    }

    /// A unit's rooms on one floor moved into rooms the planner chose (the stack plan's
    /// target picker), its persons seated by the best fit's rule.
    pub fn relocate_into(
        &mut self,
        unit: Uuid,
        from_floor: &Uuid,
        rooms: &[Uuid],
    ) -> Result<Fit, WorkspaceError> {
        let (step, fit) = {
            let checked = self.scenario_state()?;
            relocate_into(&checked, today(), unit, from_floor, rooms)?
        };
        self.plan(step)?;
        Ok(fit)
    }

    /// The active scenario's state as stored (refusing when the baseline is shown): a move
    /// is computed on the moves in the file, whoever stored them.
    fn scenario_state(&mut self) -> Result<Arc<Checked>, WorkspaceError> {
        let scenario = self
            .scenario
            .as_ref()
            .ok_or(WorkspaceError::NoScenario)?
            .info
            .uuid;
        self.show_current(&scenario)?;
        self.checked()
    }
}
