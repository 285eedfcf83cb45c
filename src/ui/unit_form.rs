//! The unit form (使用单位): name, organ category, kind, parent, approved posts per row of the
//! unit's column of the standard plus 工勤编制, headcount and note — with the approved office,
//! service and plant areas, and the use against them, worked out as the planner types.

use std::collections::BTreeMap;

use super::labels;
use crate::analysis::Entitlement;
use crate::analysis::compliance::UnitCompliance;
use crate::io::rank_rows::RANK_ROWS;
use crate::model::{Coded as _, Grade, OrganCategory, Unit, UnitKind, Uuid};
use crate::standards::ProjectStandard;

/// The form's buffers: the unit as edited and the counts as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitForm {
    pub unit: Unit,
    pub is_new: bool,
    /// Approved posts per grade as typed; empty is 0.
    posts: BTreeMap<Grade, String>,
    service_posts: String,
    headcount: String,
}

/// Counts typed in the form, or the field that is not a whole number.
fn count(text: &str, field: String) -> Result<u32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<u32>()
        .map_err(|_| crate::t!("people_ui.bad_count", field = field, value = t).into_owned())
}

/// The rows a unit of `organ` fills: the column's rank rows, then any other grade it has.
fn post_rows(organ: OrganCategory, posts: &BTreeMap<Grade, String>) -> Vec<(String, Grade)> {
    let mut rows: Vec<(String, Grade)> = RANK_ROWS
        .iter()
        .filter(|(c, _, _)| *c == organ)
        .map(|(_, label, g)| ((*label).to_owned(), *g))
        .collect();
    for g in posts.keys() {
        if !rows.iter().any(|(_, r)| r == g) {
            rows.push((labels::grade(*g), *g));
        }
    }
    rows
}

impl UnitForm {
    /// A form for a new unit of the region's organ category.
    pub fn add(organ: OrganCategory) -> Self {
        let mut form = Self::edit(Unit {
            region: None,
            uuid: Uuid::now_v7(),
            name: String::new(),
            organ_category: organ,
            kind: UnitKind::Organ,
            parent: None,
            posts: BTreeMap::new(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
            rank_step: None,
        });
        form.is_new = true;
        form
    }

    /// A form for an existing unit.
    pub fn edit(unit: Unit) -> Self {
        Self {
            posts: unit
                .posts
                .iter()
                .map(|(g, n)| (*g, n.to_string()))
                .collect(),
            service_posts: unit.service_posts.to_string(),
            headcount: unit.headcount.to_string(),
            is_new: false,
            unit,
        }
    }

    /// The unit as typed, or what is wrong with a field.
    pub fn edited(&self) -> Result<Unit, String> {
        let mut unit = self.unit.clone();
        unit.name = unit.name.trim().to_owned();
        if unit.name.is_empty() {
            return Err(crate::t!(
                "people.error.empty_name",
                field = crate::t!("people.field.unit_name")
            )
            .into_owned());
        }
        unit.posts.clear();
        for (label, grade) in post_rows(unit.organ_category, &self.posts) {
            let n = count(self.posts.get(&grade).map_or("", String::as_str), label)?;
            if n > 0 {
                unit.posts.insert(grade, n);
            }
        }
        unit.service_posts = count(
            &self.service_posts,
            crate::t!("people_ui.service_posts").into_owned(),
        )?;
        unit.headcount = count(
            &self.headcount,
            crate::t!("people_ui.headcount").into_owned(),
        )?;
        Ok(unit)
    }

    /// Shows the fields; `units` are the others a parent can be chosen from, `standard` and
    /// `used` give the areas beside them.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        units: &[(Uuid, String)],
        standard: Option<&ProjectStandard>,
        used: Option<&UnitCompliance>,
    ) {
        egui::Grid::new("unit_form").num_columns(2).show(ui, |ui| {
            let label = ui.label(crate::t!("people.field.unit_name").as_ref());
            ui.text_edit_singleline(&mut self.unit.name)
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("people_ui.organ").as_ref());
            egui::ComboBox::from_id_salt("unit_organ")
                .selected_text(labels::organ_category(self.unit.organ_category))
                .show_ui(ui, |ui| {
                    for c in OrganCategory::ALL {
                        ui.selectable_value(
                            &mut self.unit.organ_category,
                            *c,
                            labels::organ_category(*c),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("people_ui.kind").as_ref());
            egui::ComboBox::from_id_salt("unit_kind")
                .selected_text(self.unit.kind.zh())
                .show_ui(ui, |ui| {
                    for k in UnitKind::ALL {
                        ui.selectable_value(&mut self.unit.kind, *k, k.zh());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::t!("people_ui.parent").as_ref());
            let none = crate::t!("people_ui.no_parent").into_owned();
            let current = self
                .unit
                .parent
                .and_then(|p| units.iter().find(|(u, _)| *u == p))
                .map_or_else(|| none.clone(), |(_, n)| n.clone());
            egui::ComboBox::from_id_salt("unit_parent")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.unit.parent, None, none.as_str());
                    for (uuid, name) in units.iter().filter(|(u, _)| *u != self.unit.uuid) {
                        ui.selectable_value(&mut self.unit.parent, Some(*uuid), name);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            // 高配 (表3 note 1): the rows the unit's leaders and departments read.
            let label = ui.label(crate::t!("ranks.form.step").as_ref());
            egui::ComboBox::from_id_salt("unit_rank_step")
                .selected_text(crate::labels::unit_step(self.unit.rank_step))
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.unit.rank_step,
                        None,
                        crate::labels::unit_step(None),
                    );
                    for step in <crate::model::UnitStep as crate::model::Coded>::ALL {
                        ui.selectable_value(
                            &mut self.unit.rank_step,
                            Some(*step),
                            crate::labels::unit_step(Some(*step)),
                        );
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(crate::t!("ranks.form.step_help").as_ref());
            ui.end_row();
        });
        ui.add_space(4.0);
        ui.strong(crate::t!("people_ui.posts").as_ref());
        egui::Grid::new("unit_posts_form")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for (label, grade) in post_rows(self.unit.organ_category, &self.posts) {
                    let row = standard
                        .and_then(|s| s.lookup(crate::standards::Placement::of(&self.unit), grade))
                        .map(|r| format!("{} m²", r.row.area_m2))
                        .unwrap_or_default();
                    let l = ui.label(&label);
                    let text = self.posts.entry(grade).or_default();
                    ui.add(egui::TextEdit::singleline(text).desired_width(48.0))
                        .labelled_by(l.id);
                    ui.weak(row);
                    ui.end_row();
                }
                let l = ui.label(crate::t!("people_ui.service_posts").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.service_posts).desired_width(48.0))
                    .labelled_by(l.id);
                ui.label("");
                ui.end_row();
                let l = ui.label(crate::t!("people_ui.headcount").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.headcount).desired_width(48.0))
                    .labelled_by(l.id);
                ui.label("");
                ui.end_row();
                let l = ui.label(crate::t!("people_ui.note").as_ref());
                ui.text_edit_singleline(&mut self.unit.note)
                    .labelled_by(l.id);
                ui.label("");
                ui.end_row();
            });
        match (self.edited(), standard) {
            (Ok(unit), Some(standard)) => areas_ui(ui, &unit, standard, used),
            (Err(why), _) => {
                ui.colored_label(ui.visuals().error_fg_color, why);
            }
            (Ok(_), None) => {}
        }
    }
}

/// 核定 and 已用 per item, from the same entitlement the check uses.
fn areas_ui(
    ui: &mut egui::Ui,
    unit: &Unit,
    standard: &ProjectStandard,
    used: Option<&UnitCompliance>,
) {
    let e = Entitlement::of(unit, standard);
    let used_office = used.map_or(0.0, |c| c.office.used_m2);
    let used_service = used.and_then(|c| c.service).map_or(0.0, |m| m.used_m2);
    let plant = e.plant_m2(standard, used_office, used_service);
    ui.add_space(4.0);
    egui::Grid::new("unit_areas")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("");
            ui.strong(crate::t!("inspector.approved").as_ref());
            ui.strong(crate::t!("inspector.used").as_ref());
            ui.end_row();
            let mut row = |name: String, approved: Option<f64>, used: f64| {
                ui.label(name);
                ui.label(approved.map_or_else(|| "—".to_owned(), |a| format!("{a:.2}")));
                let over = approved.is_some_and(|a| used > a + 1e-9);
                let text = format!("{used:.2}");
                if over {
                    ui.colored_label(egui::Color32::from_rgb(200, 40, 40), text);
                } else {
                    ui.label(text);
                }
                ui.end_row();
            };
            row(
                crate::t!("people_ui.approved_office").into_owned(),
                Some(e.office_m2),
                used_office,
            );
            row(
                crate::t!("people_ui.approved_service").into_owned(),
                e.service_m2,
                used_service,
            );
            row(
                crate::t!("people_ui.approved_plant").into_owned(),
                plant,
                used.and_then(|c| c.plant).map_or(0.0, |m| m.used_m2),
            );
        });
    ui.small(
        crate::t!(
            "people_ui.areas_note",
            basis = crate::analysis::AreaBasis::Usable.label(),
            posts = e.headcount
        )
        .as_ref(),
    );
    if e.unmatched_posts > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            crate::t!("people_ui.unmatched", count = e.unmatched_posts).as_ref(),
        );
    }
}
