//! The routing of the underlay window ([`UnderlayWindow`]): its scans are kept in the file
//! through the workspace, and its calibration clicks are a tool of the canvas.

use super::OfficeplanApp;
use crate::model::Uuid;
use crate::ui::canvas::Tool;
use crate::ui::underlay::Placement;
use crate::ui::underlay_window::{UnderlayAction, UnderlayView};
use crate::workspace::Workspace;

impl OfficeplanApp {
    /// Where the shown floor's underlay lies, if it has one.
    pub fn underlay_placement(&self) -> Option<Placement> {
        let plan = self.plan.as_ref()?;
        self.underlays.placement(&plan.floor)
    }

    /// Writes a floor's underlay (image, placement, opacity) into the file.
    fn store_underlay(&mut self, floor: &Uuid) {
        let Some(record) = self.underlays.record(floor) else {
            return;
        };
        if let Some(w) = &mut self.workspace
            && let Err(e) = w.save_underlay(floor, &record)
        {
            self.notify(e.to_string());
        }
    }

    /// After an undo or redo: if it wrote a scanned plan, the decoded ones are read again
    /// from the file when their floor is shown (`before` is the revision before the step).
    pub(super) fn reload_underlays_if_changed(&mut self, before: Option<u64>) {
        let after = self.workspace.as_ref().map(Workspace::underlay_revision);
        if after != before {
            self.underlays.forget();
        }
    }

    /// Shows the shown floor's stored underlay, the first time the floor is shown.
    pub(super) fn restore_underlay(&mut self, ctx: &egui::Context) {
        let Some(floor) = self.plan.as_ref().map(|p| p.floor) else {
            return;
        };
        if !self.underlays.needs_lookup(floor) {
            return;
        }
        let Some(w) = &self.workspace else { return };
        let restored = match w.underlay(&floor) {
            Ok(Some(record)) => self.underlays.restore(ctx, floor, record),
            Ok(None) => Ok(()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = restored {
            self.notify(e);
        }
    }

    /// The underlay window and what it asks for.
    pub(super) fn underlay_ui(&mut self, ctx: &egui::Context) {
        let floor = self.plan.as_ref().map(|p| p.floor);
        let view = UnderlayView {
            floor,
            calibrating: self.canvas.tool == Tool::Calibrate,
            points: self.canvas.sketch.points.clone(),
        };
        let (Some(action), Some(floor)) = (self.underlays.ui(ctx, &view), floor) else {
            return;
        };
        match action {
            UnderlayAction::Load => {
                let bounds = self.canvas.plan_bounds().unwrap_or((
                    geo::Coord { x: 0.0, y: 0.0 },
                    geo::Coord { x: 10.0, y: 10.0 },
                ));
                match self.underlays.load(ctx, floor, bounds) {
                    Ok(()) => self.store_underlay(&floor),
                    Err(e) => self.notify(e),
                }
            }
            UnderlayAction::ToggleCalibrate => {
                self.canvas.tool = if view.calibrating {
                    Tool::Select
                } else {
                    Tool::Calibrate
                };
                self.canvas.sketch.cancel();
            }
            UnderlayAction::Calibrate => match self.underlays.calibrate(&floor, &view.points) {
                Ok(true) => {
                    self.canvas.sketch.cancel();
                    self.canvas.tool = Tool::Select;
                    self.store_underlay(&floor);
                }
                Ok(false) => {}
                Err(e) => self.notify(e),
            },
            UnderlayAction::Store => self.store_underlay(&floor),
            UnderlayAction::Remove => {
                self.underlays.remove(&floor);
                if let Some(w) = &mut self.workspace
                    && let Err(e) = w.remove_underlay(&floor)
                {
                    self.notify(e.to_string());
                }
            }
        }
    }
}
