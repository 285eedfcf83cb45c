//! The floor form (楼层): name, level, 标高 and 层高, to add a floor to a building or to change
//! one. It owns its text buffers and returns the edit when the planner presses 确定.

use crate::model::{Floor, Uuid};
use crate::workspace::Edit;

/// The form's text buffers and what it is for.
#[derive(Clone, Debug)]
pub struct FloorForm {
    /// The floor as it will be written (UUID and building fixed when the form opens).
    floor: Floor,
    adding: bool,
    name: String,
    level: String,
    elevation: String,
    height: String,
    problem: Option<String>,
}

/// What the planner did with the form this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum FloorFormAction {
    Apply(Edit),
    Cancel,
}

fn metres_text(m: Option<f64>) -> String {
    m.map(|m| format!("{m}")).unwrap_or_default()
}

/// A blank text is no value; anything else must be a number.
fn optional_number(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

impl FloorForm {
    /// A form adding a floor to `building`, one storey above `top` (its highest floor).
    pub fn add(building: Uuid, top: Option<&Floor>) -> Self {
        let level = top.map_or(1, |f| f.level + 1);
        let floor = Floor {
            uuid: Uuid::now_v7(),
            building,
            name: format!("{level}F"),
            level,
            elevation_m: top.and_then(|t| Some(t.elevation_m? + t.storey_height_m?)),
            storey_height_m: top.and_then(|t| t.storey_height_m),
        };
        Self::new(floor, true)
    }

    /// A form changing `floor`.
    pub fn edit(floor: &Floor) -> Self {
        Self::new(floor.clone(), false)
    }

    fn new(floor: Floor, adding: bool) -> Self {
        Self {
            name: floor.name.clone(),
            level: floor.level.to_string(),
            elevation: metres_text(floor.elevation_m),
            height: metres_text(floor.storey_height_m),
            floor,
            adding,
            problem: None,
        }
    }

    /// The floor the buffers describe, or why not.
    fn read(&self) -> Result<Floor, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(crate::t!("floors.error.empty_name").into_owned());
        }
        let level: i32 = self
            .level
            .trim()
            .parse()
            .map_err(|_| crate::t!("floor_form.bad_level", value = self.level).into_owned())?;
        let elevation = optional_number(&self.elevation).map_err(|()| {
            crate::t!("floor_form.bad_number", value = self.elevation).into_owned()
        })?;
        let height = optional_number(&self.height)
            .map_err(|()| crate::t!("floor_form.bad_number", value = self.height).into_owned())?;
        Ok(Floor {
            name: name.to_owned(),
            level,
            elevation_m: elevation,
            storey_height_m: height,
            ..self.floor.clone()
        })
    }

    /// Shows the form as a window; returns what the planner did.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<FloorFormAction> {
        let mut action = None;
        let title = if self.adding {
            crate::t!("floor_form.add_title")
        } else {
            crate::t!("floor_form.edit_title", floor = self.floor.name)
        };
        egui::Window::new(title.as_ref())
            .id(egui::Id::unique("floor_form"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("floor_form_grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for (key, buffer) in [
                            ("floor_form.name", &mut self.name),
                            ("floor_form.level", &mut self.level),
                            ("floor_form.elevation", &mut self.elevation),
                            ("floor_form.height", &mut self.height),
                        ] {
                            let label = ui.label(crate::t!(key).as_ref());
                            ui.text_edit_singleline(buffer).labelled_by(label.id);
                            ui.end_row();
                        }
                    });
                if let Some(problem) = &self.problem {
                    ui.colored_label(egui::Color32::from_rgb(190, 30, 30), problem);
                }
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("floor_form.ok").as_ref()).clicked() {
                        match self.read() {
                            Ok(floor) => {
                                let edit = if self.adding {
                                    Edit::AddFloor(Box::new(floor))
                                } else {
                                    Edit::EditFloor(Box::new(floor))
                                };
                                action = Some(FloorFormAction::Apply(edit));
                            }
                            Err(problem) => self.problem = Some(problem),
                        }
                    }
                    if ui.button(crate::t!("floor_form.cancel").as_ref()).clicked() {
                        action = Some(FloorFormAction::Cancel);
                    }
                });
            });
        action
    }

    /// Shows why the workspace refused the form's edit (a taken name …), keeping it open.
    pub fn refused(&mut self, problem: String) {
        self.problem = Some(problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_floor_goes_one_storey_above_the_top_floor() {
        // 3F of the sample's 青山镇政府办公楼: level 3, 标高 7.5 m, 层高 3.6 m (floors.csv).
        let top = Floor {
            uuid: Uuid::nil(),
            building: Uuid::nil(),
            name: "3F".into(),
            level: 3,
            elevation_m: Some(7.5),
            storey_height_m: Some(3.6),
        };
        let form = FloorForm::add(Uuid::nil(), Some(&top));
        let floor = form.read().expect("valid");
        assert_eq!((floor.name.as_str(), floor.level), ("4F", 4));
        assert!((floor.elevation_m.expect("elevation") - 11.1).abs() < 1e-9);
        assert_eq!(floor.storey_height_m, Some(3.6));
    }

    #[test]
    fn a_level_that_is_not_a_number_is_refused() {
        let mut form = FloorForm::add(Uuid::nil(), None);
        form.level = "三".into();
        assert!(form.read().is_err());
        form.level = "-1".into();
        form.height = "".into();
        assert_eq!(form.read().expect("valid").storey_height_m, None);
    }
}
