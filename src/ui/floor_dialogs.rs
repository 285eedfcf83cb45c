//! The floor dialogs the navigator opens: the floor form (添加楼层, 重命名), the copy dialog
//! (复制到其他楼层…, with the renumbering preview) and the delete dialog (删除…, listing what
//! goes with the floor and asking for consent). One open at a time; each returns what the
//! planner asked for, and the app applies it through the workspace.

use super::floor_form::{FloorForm, FloorFormAction};
use crate::analysis::floor_number::{level_from_name as level_of, renumber};
use crate::model::{Floor, Uuid};
use crate::workspace::{CopyTarget, Edit};

/// What the planner asked the floor dialogs for.
#[derive(Clone, Debug, PartialEq)]
pub enum FloorDialogAction {
    /// Apply this edit (add, change or delete a floor).
    Apply(Edit),
    /// Copy `source`'s rooms to `targets`.
    Copy {
        source: Uuid,
        targets: Vec<CopyTarget>,
        replace: bool,
    },
}

/// A floor of the copy dialog's list.
#[derive(Clone, Debug)]
pub struct CopyChoice {
    pub floor: Floor,
    pub rooms: usize,
    pub chosen: bool,
}

/// The copy dialog's state.
#[derive(Clone, Debug)]
pub struct CopyDialog {
    source: Floor,
    /// The source's room numbers, in file order, for the preview.
    numbers: Vec<String>,
    others: Vec<CopyChoice>,
    /// New floors to create, comma-separated (`5F, 6F`).
    new_floors: String,
    replace: bool,
    problem: Option<String>,
}

/// The delete dialog's state.
#[derive(Clone, Debug)]
pub struct DeleteDialog {
    floor: Uuid,
    label: String,
    holds: String,
}

enum Open {
    Form(FloorForm),
    Copy(CopyDialog),
    Delete(DeleteDialog),
}

/// The floor dialog shown, if any.
#[derive(Default)]
pub struct FloorDialogs {
    open: Option<Open>,
}

impl CopyDialog {
    /// A copy of `source` (whose rooms are numbered `numbers`) to other floors of its building.
    pub fn new(source: Floor, numbers: Vec<String>, others: Vec<CopyChoice>) -> Self {
        Self {
            source,
            numbers,
            others,
            new_floors: String::new(),
            replace: false,
            problem: None,
        }
    }

    fn new_names(&self) -> Vec<String> {
        self.new_floors
            .split([',', '，', ' '])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The targets chosen and typed, or why they cannot be.
    fn targets(&self) -> Result<Vec<CopyTarget>, String> {
        let mut targets: Vec<CopyTarget> = self
            .others
            .iter()
            .filter(|c| c.chosen)
            .map(|c| CopyTarget::Existing(c.floor.uuid))
            .collect();
        for name in self.new_names() {
            let level = level_of(&name)
                .ok_or_else(|| crate::t!("cli.need_level", floor = name).into_owned())?;
            targets.push(CopyTarget::New(Floor {
                uuid: Uuid::now_v7(),
                building: self.source.building,
                name,
                level,
                elevation_m: None,
                storey_height_m: self.source.storey_height_m,
            }));
        }
        Ok(targets)
    }

    /// `301 → 501、302 → 502 …` for each target level.
    fn preview(&self) -> Vec<String> {
        let mut levels: Vec<(String, i32)> = self
            .others
            .iter()
            .filter(|c| c.chosen)
            .map(|c| (c.floor.name.clone(), c.floor.level))
            .collect();
        levels.extend(
            self.new_names()
                .into_iter()
                .filter_map(|n| level_of(&n).map(|l| (n, l))),
        );
        let separator = crate::t!("check.separator");
        levels
            .iter()
            .map(|(name, level)| {
                let pairs: Vec<String> = self
                    .numbers
                    .iter()
                    .take(4)
                    .map(|n| format!("{n} → {}", renumber(n, self.source.level, *level)))
                    .collect();
                let more = if self.numbers.len() > 4 { " …" } else { "" };
                format!("{name}: {}{more}", pairs.join(&separator))
            })
            .collect()
    }

    fn ui(&mut self, ctx: &egui::Context) -> (Option<FloorDialogAction>, bool) {
        let mut action = None;
        let mut close = false;
        egui::Window::new(crate::t!("floor_copy.title", floor = self.source.name).as_ref())
            .id(egui::Id::unique("floor_copy"))
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(crate::t!("floor_copy.intro", rooms = self.numbers.len()).as_ref());
                for choice in &mut self.others {
                    let text = crate::t!(
                        "floor_copy.choice",
                        floor = choice.floor.name,
                        rooms = choice.rooms
                    );
                    ui.checkbox(&mut choice.chosen, text.as_ref());
                }
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("floor_copy.new_floors").as_ref());
                    ui.text_edit_singleline(&mut self.new_floors)
                        .labelled_by(label.id);
                });
                ui.checkbox(&mut self.replace, crate::t!("floor_copy.replace").as_ref());
                ui.separator();
                ui.strong(crate::t!("floor_copy.preview").as_ref());
                for line in self.preview() {
                    ui.label(line);
                }
                if let Some(problem) = &self.problem {
                    ui.colored_label(egui::Color32::from_rgb(190, 30, 30), problem);
                }
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("floor_copy.ok").as_ref()).clicked() {
                        match self.targets() {
                            Ok(targets) => {
                                action = Some(FloorDialogAction::Copy {
                                    source: self.source.uuid,
                                    targets,
                                    replace: self.replace,
                                });
                            }
                            Err(problem) => self.problem = Some(problem),
                        }
                    }
                    if ui.button(crate::t!("floor_form.cancel").as_ref()).clicked() {
                        close = true;
                    }
                });
            });
        (action, close)
    }
}

impl DeleteDialog {
    /// Asks for consent to delete `floor` (`label`), which holds `holds`.
    pub fn new(floor: Uuid, label: String, holds: String) -> Self {
        Self {
            floor,
            label,
            holds,
        }
    }

    fn ui(&mut self, ctx: &egui::Context) -> (Option<FloorDialogAction>, bool) {
        let mut action = None;
        let mut close = false;
        egui::Window::new(crate::t!("floor_delete.title", floor = self.label).as_ref())
            .id(egui::Id::unique("floor_delete"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(crate::t!("floor_delete.holds", holds = self.holds).as_ref());
                ui.label(crate::t!("floor_delete.undo_hint").as_ref());
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("floor_delete.ok").as_ref()).clicked() {
                        action = Some(FloorDialogAction::Apply(Edit::DeleteFloor {
                            floor: self.floor,
                        }));
                    }
                    if ui.button(crate::t!("floor_form.cancel").as_ref()).clicked() {
                        close = true;
                    }
                });
            });
        (action, close)
    }
}

impl FloorDialogs {
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    pub fn open_form(&mut self, form: FloorForm) {
        self.open = Some(Open::Form(form));
    }

    pub fn open_copy(&mut self, dialog: CopyDialog) {
        self.open = Some(Open::Copy(dialog));
    }

    pub fn open_delete(&mut self, dialog: DeleteDialog) {
        self.open = Some(Open::Delete(dialog));
    }

    /// Closes the dialog (its action was applied).
    pub fn close(&mut self) {
        self.open = None;
    }

    /// Shows why the workspace refused what the dialog asked for; the dialog stays open.
    pub fn refused(&mut self, problem: String) {
        match &mut self.open {
            Some(Open::Form(form)) => form.refused(problem),
            Some(Open::Copy(copy)) => copy.problem = Some(problem),
            Some(Open::Delete(_)) | None => {}
        }
    }

    /// Shows the open dialog; returns what the planner asked for. The dialog stays open until
    /// [`FloorDialogs::close`] (after the action succeeded) or 取消.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<FloorDialogAction> {
        let (action, close) = match &mut self.open {
            None => return None,
            Some(Open::Form(form)) => match form.ui(ctx) {
                Some(FloorFormAction::Apply(edit)) => (Some(FloorDialogAction::Apply(edit)), false),
                Some(FloorFormAction::Cancel) => (None, true),
                None => (None, false),
            },
            Some(Open::Copy(copy)) => copy.ui(ctx),
            Some(Open::Delete(delete)) => delete.ui(ctx),
        };
        if close {
            self.open = None;
        }
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor(name: &str, level: i32) -> Floor {
        Floor {
            uuid: Uuid::now_v7(),
            building: Uuid::nil(),
            name: name.into(),
            level,
            elevation_m: None,
            storey_height_m: Some(3.6),
        }
    }

    #[test]
    fn the_preview_renumbers_by_the_target_floor() {
        let mut dialog = CopyDialog::new(
            floor("3F", 3),
            vec!["301".into(), "302".into(), "楼梯间".into()],
            vec![CopyChoice {
                floor: floor("4F", 4),
                rooms: 0,
                chosen: true,
            }],
        );
        dialog.new_floors = "5F".into();
        let preview = dialog.preview();
        assert_eq!(preview.len(), 2);
        assert!(preview[0].starts_with("4F: 301 → 401"), "{}", preview[0]);
        assert!(preview[1].contains("302 → 502"), "{}", preview[1]);
        assert!(preview[1].contains("楼梯间 → 楼梯间"), "{}", preview[1]);
        let targets = dialog.targets().expect("targets");
        assert!(matches!(&targets[1], CopyTarget::New(f) if f.level == 5 && f.name == "5F"));
    }
}
