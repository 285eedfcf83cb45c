//! Routing of the floor actions (navigator menu, floor dialogs) and of the batch editor of a
//! selection of rooms: each ends in one [`Edit`] through the workspace.

use super::OfficeplanApp;
use crate::model::Uuid;
use crate::ui::floor_dialogs::{CopyChoice, CopyDialog, DeleteDialog, FloorDialogAction};
use crate::ui::floor_form::FloorForm;
use crate::ui::navigator::FloorMenu;
use crate::workspace::{Edit, FloorPlan, Workspace, WorkspaceError};

impl OfficeplanApp {
    /// 添加楼层 on the building at `building` (its index).
    pub(super) fn add_floor_dialog(&mut self, building: usize) {
        let Some(w) = &self.workspace else { return };
        let Some(entry) = w.index().buildings.get(building) else {
            return;
        };
        let uuid = entry.building.uuid;
        let floors = w.building_floors(&uuid);
        self.floor_dialogs
            .open_form(FloorForm::add(uuid, floors.last()));
    }

    /// A floor's context menu item.
    pub(super) fn floor_menu(&mut self, floor: usize, item: FloorMenu) {
        let Some(w) = &self.workspace else { return };
        let Some(this) = w.index().floors.get(floor).map(|e| e.floor.clone()) else {
            return;
        };
        match item {
            FloorMenu::Rename => self.floor_dialogs.open_form(FloorForm::edit(&this)),
            FloorMenu::MoveUp | FloorMenu::MoveDown => {
                match w.move_floor_edit(&this.uuid, item == FloorMenu::MoveUp) {
                    Ok(Some(edit)) => {
                        if let Err(e) = self.apply_floor_edit(edit) {
                            self.notify(e.to_string());
                        }
                    }
                    Ok(None) => {}
                    Err(e) => self.notify(e.to_string()),
                }
            }
            FloorMenu::CopyTo => match copy_dialog(w, &this.uuid) {
                Ok(dialog) => self.floor_dialogs.open_copy(dialog),
                Err(e) => self.notify(e.to_string()),
            },
            FloorMenu::Delete => match w.floor_holdings(&this.uuid) {
                Ok(holdings) => self.floor_dialogs.open_delete(DeleteDialog::new(
                    this.uuid,
                    w.floor_label(&this.uuid),
                    holdings.describe(),
                )),
                Err(e) => self.notify(e.to_string()),
            },
        }
    }

    /// Shows the open floor dialog and applies what it asks for; a refusal stays in the
    /// dialog.
    pub(super) fn floor_dialogs_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = self.floor_dialogs.ui(ctx) else {
            return;
        };
        let result = match action {
            FloorDialogAction::Apply(edit) => self.apply_floor_edit(edit),
            FloorDialogAction::Copy {
                source,
                targets,
                replace,
            } => match &self.workspace {
                Some(w) => match w.plan_floor_copy(&source, &targets, replace) {
                    Ok(plan) => self.apply_floor_edit(plan.edit),
                    Err(e) => Err(e),
                },
                None => Ok(()),
            },
        };
        match result {
            Ok(()) => self.floor_dialogs.close(),
            Err(e) => self.floor_dialogs.refused(e.to_string()),
        }
    }

    /// Applies a floor edit and keeps the shown floor: the index's positions move when floors
    /// are added, reordered or deleted, so the shown floor is found again by its UUID.
    pub(super) fn apply_floor_edit(&mut self, edit: Edit) -> Result<(), WorkspaceError> {
        let Some(w) = &mut self.workspace else {
            return Ok(());
        };
        w.apply(edit)?;
        self.after_edit();
        Ok(())
    }

    /// Finds the shown floor again by its UUID after the index changed (an edit, an undo);
    /// a floor that is gone closes the plan.
    pub(super) fn refind_floor(&mut self) {
        let Some(w) = &self.workspace else { return };
        let Some(shown) = self.plan.as_ref().map(|p| p.floor) else {
            return;
        };
        match w.index().floors.iter().position(|e| e.floor.uuid == shown) {
            Some(f) => {
                self.floor = Some(f);
                self.navigator.selected_floor = Some(f);
            }
            None => {
                self.floor = None;
                self.navigator.selected_floor = None;
                self.plan = None;
                self.canvas.reset();
            }
        }
    }

    /// The batch editor of several selected rooms.
    pub(super) fn room_batch_ui(
        &mut self,
        ui: &mut egui::Ui,
        plan: &FloorPlan,
        selected: &[usize],
    ) {
        let rooms: Vec<&crate::model::Room> =
            selected.iter().filter_map(|i| plan.rooms.get(*i)).collect();
        let read_only = self.workspace.as_ref().is_some_and(Workspace::is_read_only);
        if let Some(edit) = self.room_batch.ui(ui, &rooms, read_only) {
            self.apply(edit);
        }
    }
}

/// The copy dialog of `source`: the other floors of its building with their room counts.
fn copy_dialog(w: &Workspace, source: &Uuid) -> Result<CopyDialog, WorkspaceError> {
    let floor = w
        .index()
        .floors
        .iter()
        .find(|e| e.floor.uuid == *source)
        .map(|e| e.floor.clone())
        .ok_or(WorkspaceError::UnknownFloor { floor: *source })?;
    let numbers = w
        .stored_floor_rooms(source)?
        .into_iter()
        .map(|r| r.number)
        .collect();
    let others = w
        .building_floors(&floor.building)
        .into_iter()
        .filter(|f| f.uuid != *source)
        .map(|f| {
            let rooms = w
                .index()
                .floors
                .iter()
                .find(|e| e.floor.uuid == f.uuid)
                .map_or(0, |e| e.totals.total().rooms as usize);
            CopyChoice {
                floor: f,
                rooms,
                chosen: false,
            }
        })
        .collect();
    Ok(CopyDialog::new(floor, numbers, others))
}
