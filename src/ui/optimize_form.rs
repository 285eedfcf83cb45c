//! The question of 智能调剂: the goals (腾空楼栋, 腾空楼层, 安置单位, 全部达标) and the rules,
//! each switchable with a line saying what it holds, the units and rooms locked where they
//! are, and the time limit. Everything is picked from the baseline the optimizer starts from.

use std::time::Duration;

use crate::model::{Project, Uuid};
use crate::optimize::plan::Request;
use crate::planning::Checked;

/// Time limits the planner may set, seconds.
const TIME_LIMIT_S: std::ops::RangeInclusive<u32> = 1..=3600;

/// The form's state: the request as chosen, and where each picker stands.
#[derive(Clone, Debug)]
pub struct OptimizeForm {
    request: Request,
    time_limit_s: u32,
    /// The building whose floors are offered for 腾空楼层.
    floor_building: Option<Uuid>,
    /// The building and floor whose rooms are offered for locking.
    lock_building: Option<Uuid>,
    lock_floor: Option<Uuid>,
}

impl Default for OptimizeForm {
    fn default() -> Self {
        let request = Request::default();
        Self {
            time_limit_s: u32::try_from(request.time_limit.as_secs()).unwrap_or(10),
            request,
            floor_building: None,
            lock_building: None,
            lock_floor: None,
        }
    }
}

impl OptimizeForm {
    /// The request as chosen.
    pub fn request(&self) -> Request {
        Request {
            time_limit: Duration::from_secs(u64::from(self.time_limit_s)),
            ..self.request.clone()
        }
    }

    /// Whether a goal is chosen (the run needs one).
    pub fn has_goal(&self) -> bool {
        !self.request.goals.is_empty()
    }

    /// Forgets choices the baseline no longer has (a building deleted meanwhile).
    pub fn retain_known(&mut self, project: &Project) {
        let building = |u: &Uuid| project.buildings.iter().any(|b| b.uuid == *u);
        let floor = |u: &Uuid| project.floors.iter().any(|f| f.uuid == *u);
        let unit = |u: &Uuid| project.units.iter().any(|x| x.uuid == *u);
        let room = |u: &Uuid| project.rooms.iter().any(|r| r.uuid == *u);
        let goals = &mut self.request.goals;
        goals.vacate_buildings.retain(building);
        goals.vacate_floors.retain(floor);
        goals.place_units.retain(unit);
        let rules = &mut self.request.rules;
        rules.locked_units.retain(unit);
        rules.locked_rooms.retain(room);
    }

    /// The goals and the rules.
    pub fn ui(&mut self, ui: &mut egui::Ui, checked: &Checked) {
        let project = &checked.project;
        ui.heading(crate::t!("optimize_ui.goals").as_ref());
        self.buildings_ui(ui, project);
        self.floors_ui(ui, project);
        self.place_units_ui(ui, project);
        ui.checkbox(
            &mut self.request.goals.within_standard,
            crate::t!("optimize_ui.within_standard").as_ref(),
        );
        help_ui(ui, "optimize_ui.within_standard_help");
        ui.separator();
        ui.heading(crate::t!("optimize_ui.rules").as_ref());
        self.rules_ui(ui);
        self.locked_units_ui(ui, project);
        self.locked_rooms_ui(ui, checked);
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("optimize_ui.time_limit").as_ref());
            ui.add(egui::DragValue::new(&mut self.time_limit_s).range(TIME_LIMIT_S))
                .labelled_by(label.id);
        });
    }

    fn buildings_ui(&mut self, ui: &mut egui::Ui, project: &Project) {
        ui.strong(crate::t!("optimize_ui.vacate_buildings").as_ref());
        egui::ScrollArea::vertical()
            .id_salt("optimize_buildings")
            .max_height(110.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for b in &project.buildings {
                        let chosen = &mut self.request.goals.vacate_buildings;
                        let mut on = chosen.contains(&b.uuid);
                        if ui.checkbox(&mut on, &b.name).changed() {
                            toggle(chosen, b.uuid, on);
                        }
                    }
                });
            });
    }

    fn floors_ui(&mut self, ui: &mut egui::Ui, project: &Project) {
        ui.strong(crate::t!("optimize_ui.vacate_floors").as_ref());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(crate::t!("optimize_ui.floor_building").as_ref());
            building_combo_ui(
                ui,
                "optimize_floor_building",
                label.id,
                &mut self.floor_building,
                project,
            );
            let Some(b) = self.floor_building else {
                return;
            };
            for f in floors_of(project, &b) {
                let chosen = &mut self.request.goals.vacate_floors;
                let mut on = chosen.contains(&f.uuid);
                if ui.checkbox(&mut on, &f.name).changed() {
                    toggle(chosen, f.uuid, on);
                }
            }
        });
        let names: Vec<(Uuid, String)> = self
            .request
            .goals
            .vacate_floors
            .iter()
            .map(|f| (*f, floor_name(project, f)))
            .collect();
        chips_ui(ui, &names, &mut self.request.goals.vacate_floors);
    }

    fn place_units_ui(&mut self, ui: &mut egui::Ui, project: &Project) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.strong(crate::t!("optimize_ui.place_units").as_ref());
            unit_combo_ui(
                ui,
                "optimize_place_units",
                label.id,
                &mut self.request.goals.place_units,
                project,
            );
        });
        let names = unit_names(project, &self.request.goals.place_units);
        chips_ui(ui, &names, &mut self.request.goals.place_units);
    }

    fn rules_ui(&mut self, ui: &mut egui::Ui) {
        let rules = &mut self.request.rules;
        for (on, name, help) in [
            (
                &mut rules.office_rooms_only,
                "optimize_ui.rule_office_rooms",
                "optimize_ui.rule_office_rooms_help",
            ),
            (
                &mut rules.unit_area,
                "optimize_ui.rule_unit_area",
                "optimize_ui.rule_unit_area_help",
            ),
            (
                &mut rules.person_rows,
                "optimize_ui.rule_person_rows",
                "optimize_ui.rule_person_rows_help",
            ),
            (
                &mut rules.leaders_single,
                "optimize_ui.rule_leaders_single",
                "optimize_ui.rule_leaders_single_help",
            ),
            (
                &mut rules.keep_together,
                "optimize_ui.rule_keep_together",
                "optimize_ui.rule_keep_together_help",
            ),
        ] {
            ui.checkbox(on, crate::t!(name).as_ref());
            help_ui(ui, help);
        }
    }

    fn locked_units_ui(&mut self, ui: &mut egui::Ui, project: &Project) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.strong(crate::t!("optimize_ui.locked_units").as_ref());
            unit_combo_ui(
                ui,
                "optimize_locked_units",
                label.id,
                &mut self.request.rules.locked_units,
                project,
            );
        });
        help_ui(ui, "optimize_ui.locked_units_help");
        let names = unit_names(project, &self.request.rules.locked_units);
        chips_ui(ui, &names, &mut self.request.rules.locked_units);
    }

    fn locked_rooms_ui(&mut self, ui: &mut egui::Ui, checked: &Checked) {
        let project = &checked.project;
        ui.strong(crate::t!("optimize_ui.locked_rooms").as_ref());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(crate::t!("optimize_ui.lock_building").as_ref());
            let before = self.lock_building;
            building_combo_ui(
                ui,
                "optimize_lock_building",
                label.id,
                &mut self.lock_building,
                project,
            );
            if self.lock_building != before {
                self.lock_floor = None;
            }
            let Some(b) = self.lock_building else {
                return;
            };
            let label = ui.label(crate::t!("optimize_ui.lock_floor").as_ref());
            let shown = self
                .lock_floor
                .map_or_else(none_chosen, |f| floor_short_name(project, &f));
            egui::ComboBox::from_id_salt("optimize_lock_floor")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for f in floors_of(project, &b) {
                        ui.selectable_value(&mut self.lock_floor, Some(f.uuid), &f.name);
                    }
                })
                .response
                .labelled_by(label.id);
            let Some(floor) = self.lock_floor else {
                return;
            };
            let label = ui.label(crate::t!("optimize_ui.lock_room").as_ref());
            let locked = &mut self.request.rules.locked_rooms;
            egui::ComboBox::from_id_salt("optimize_lock_room")
                .selected_text(crate::t!("optimize_ui.add").as_ref())
                .show_ui(ui, |ui| {
                    for r in checked.rooms_on(&floor) {
                        let Some(room) = project.rooms.get(*r) else {
                            continue;
                        };
                        if locked.contains(&room.uuid) {
                            continue;
                        }
                        if ui.selectable_label(false, room_label(room)).clicked() {
                            locked.push(room.uuid);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        help_ui(ui, "optimize_ui.locked_rooms_help");
        let names: Vec<(Uuid, String)> = self
            .request
            .rules
            .locked_rooms
            .iter()
            .map(|r| (*r, room_place(checked, r)))
            .collect();
        chips_ui(ui, &names, &mut self.request.rules.locked_rooms);
    }
}

/// A rule's or goal's one-line explanation, under it.
fn help_ui(ui: &mut egui::Ui, key: &str) {
    ui.indent(key, |ui| {
        ui.weak(crate::t!(key).as_ref());
    });
}

fn none_chosen() -> String {
    crate::t!("optimize_ui.none_chosen").into_owned()
}

fn toggle(list: &mut Vec<Uuid>, item: Uuid, on: bool) {
    if on {
        if !list.contains(&item) {
            list.push(item);
        }
    } else {
        list.retain(|x| *x != item);
    }
}

fn building_combo_ui(
    ui: &mut egui::Ui,
    id: &str,
    label: egui::Id,
    chosen: &mut Option<Uuid>,
    project: &Project,
) {
    let shown = chosen
        .and_then(|b| project.buildings.iter().find(|x| x.uuid == b))
        .map_or_else(none_chosen, |b| b.name.clone());
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for b in &project.buildings {
                ui.selectable_value(chosen, Some(b.uuid), &b.name);
            }
        })
        .response
        .labelled_by(label);
}

/// A list to add units to: choosing one adds it.
fn unit_combo_ui(
    ui: &mut egui::Ui,
    id: &str,
    label: egui::Id,
    chosen: &mut Vec<Uuid>,
    project: &Project,
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(crate::t!("optimize_ui.add").as_ref())
        .height(320.0)
        .show_ui(ui, |ui| {
            for u in &project.units {
                if !chosen.contains(&u.uuid) && ui.selectable_label(false, &u.name).clicked() {
                    chosen.push(u.uuid);
                }
            }
        })
        .response
        .labelled_by(label);
}

/// The chosen items, each with × to take it off the list (the CJK subset has no ✕).
fn chips_ui(ui: &mut egui::Ui, names: &[(Uuid, String)], list: &mut Vec<Uuid>) {
    if names.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (uuid, name) in names {
            ui.label(name);
            if ui
                .small_button("×")
                .on_hover_text(crate::t!("optimize_ui.remove").as_ref())
                .clicked()
            {
                list.retain(|x| x != uuid);
            }
            ui.add_space(6.0);
        }
    });
}

/// A building's floors, lowest first.
fn floors_of<'p>(project: &'p Project, building: &Uuid) -> Vec<&'p crate::model::Floor> {
    let mut floors: Vec<_> = project
        .floors
        .iter()
        .filter(|f| f.building == *building)
        .collect();
    floors.sort_by_key(|f| f.level);
    floors
}

fn floor_short_name(project: &Project, floor: &Uuid) -> String {
    project
        .floors
        .iter()
        .find(|f| f.uuid == *floor)
        .map_or_else(|| floor.to_string(), |f| f.name.clone())
}

/// `城东老办公楼 3F`.
fn floor_name(project: &Project, floor: &Uuid) -> String {
    let Some(f) = project.floors.iter().find(|f| f.uuid == *floor) else {
        return floor.to_string();
    };
    let building = project
        .buildings
        .iter()
        .find(|b| b.uuid == f.building)
        .map_or("", |b| b.name.as_str());
    format!("{building} {}", f.name)
}

fn unit_names(project: &Project, units: &[Uuid]) -> Vec<(Uuid, String)> {
    units
        .iter()
        .map(|u| {
            let name = project
                .units
                .iter()
                .find(|x| x.uuid == *u)
                .map_or_else(|| u.to_string(), |x| x.name.clone());
            (*u, name)
        })
        .collect()
}

/// `203 档案室`, or the number alone.
fn room_label(room: &crate::model::Room) -> String {
    if room.name.is_empty() {
        room.number.clone()
    } else {
        format!("{} {}", room.number, room.name)
    }
}

/// `城东老办公楼 2F 203`.
fn room_place(checked: &Checked, room: &Uuid) -> String {
    let project = &checked.project;
    let Some(r) = checked.room_index(room).and_then(|i| project.rooms.get(i)) else {
        return room.to_string();
    };
    format!("{} {}", floor_name(project, &r.floor), r.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goal_is_needed_and_the_time_limit_is_read_in_seconds() {
        let mut form = OptimizeForm::default();
        assert!(!form.has_goal());
        // The optimizer's own default: 10 s, the rules of plan::Rules::default.
        assert_eq!(form.request().time_limit, Duration::from_secs(10));
        assert!(form.request().rules.office_rooms_only && !form.request().rules.keep_together);
        form.request.goals.within_standard = true;
        form.time_limit_s = 30;
        assert!(form.has_goal());
        assert_eq!(form.request().time_limit, Duration::from_secs(30));
    }

    #[test]
    fn toggling_adds_once_and_removes() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut list = Vec::new();
        toggle(&mut list, a, true);
        toggle(&mut list, a, true);
        toggle(&mut list, b, true);
        assert_eq!(list, vec![a, b]);
        toggle(&mut list, a, false);
        assert_eq!(list, vec![b]);
    }
}
