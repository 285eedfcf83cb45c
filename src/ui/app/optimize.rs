//! The app's side of 智能调剂: the window reads the checked baseline (once per generation,
//! only while open), its run is polled every frame (also while the window is closed), and a
//! plan the planner saves becomes a new scenario in one undoable edit, shown at once.

use std::sync::Arc;
use std::time::Duration;

use super::OfficeplanApp;
use crate::model::Uuid;
use crate::planning::Checked;
use crate::ui::ByGeneration;
use crate::ui::optimize_window::{OptimizeAction, OptimizeView};

/// How often the window looks at a run in progress.
const POLL_EVERY: Duration = Duration::from_millis(100);

/// What the window reads of the file, by generation.
#[derive(Default)]
pub(super) struct OptimizeData {
    baseline: ByGeneration<Result<Arc<Checked>, String>>,
    names: ByGeneration<Vec<String>>,
}

impl OfficeplanApp {
    /// Opens 智能调剂… (from the 调剂方案 panel or the 视图 menu).
    pub(super) fn open_optimizer(&mut self, open: bool) {
        self.optimizer.open = open;
    }

    /// 智能调剂, its run and, while open, its window.
    pub(super) fn optimize_ui(&mut self, ctx: &egui::Context) {
        let Some(w) = &self.workspace else {
            return;
        };
        if self.optimizer.is_running() {
            ctx.request_repaint_after(POLL_EVERY);
            let names = &mut self.optimize_data.names;
            self.optimizer
                .poll(|| scenario_names(names, w).unwrap_or_default());
            if !self.optimizer.is_running() {
                // The result is in: show it at once, with the frames its layout needs.
                ctx.request_repaint();
            }
        }
        if !self.optimizer.open {
            return;
        }
        let generation = w.generation();
        let baseline = self
            .optimize_data
            .baseline
            .get_or_insert_with(generation, || {
                w.baseline_checked()
                    .map(Arc::new)
                    .map_err(|e| crate::t!("optimize_ui.baseline_failed", reason = e).into_owned())
            })
            .clone();
        let names = match scenario_names(&mut self.optimize_data.names, w) {
            Ok(names) => names,
            Err(e) => {
                self.notify(e);
                Vec::new()
            }
        };
        let Some(w) = &self.workspace else {
            return;
        };
        let view = OptimizeView {
            baseline: baseline.as_ref().map_err(String::as_str),
            scenario_names: &names,
            read_only: w.is_read_only(),
        };
        let Some(OptimizeAction::Save { name, note, plan }) = self.optimizer.show(ctx, &view)
        else {
            return;
        };
        let Some(w) = &mut self.workspace else {
            return;
        };
        match w.save_plan(&name, &note, &plan) {
            Ok(uuid) => {
                self.optimizer.saved(&name);
                self.activate(Some(uuid));
                self.show_first_move(&plan.moves);
            }
            Err(e) => self.optimizer.refused(e.to_string()),
        }
    }

    /// Opens the floor the plan's first move goes to, so the planner sees the scenario
    /// (a floor already shown stays).
    fn show_first_move(&mut self, moves: &[crate::model::Move]) {
        if self.floor.is_some() {
            return;
        }
        let Some(w) = &self.workspace else { return };
        let Some(room) = moves
            .iter()
            .flat_map(|m| m.rooms.iter())
            .find(|c| !c.units_after.is_empty())
            .map(|c| c.room)
        else {
            return;
        };
        let floor: Option<Uuid> = w.checked_if_run().and_then(|c| {
            c.room_index(&room)
                .and_then(|i| c.project.rooms.get(i))
                .map(|r| r.floor)
        });
        if let Some(floor) = floor {
            self.jump_to(floor, room);
        }
    }
}

/// The file's scenario names, read once per generation.
fn scenario_names(
    names: &mut ByGeneration<Vec<String>>,
    w: &crate::workspace::Workspace,
) -> Result<Vec<String>, String> {
    names
        .get_or_try_insert_with(w.generation(), || {
            w.scenarios()
                .map(|list| list.into_iter().map(|s| s.name).collect())
                .map_err(|e| e.to_string())
        })
        .cloned()
}
