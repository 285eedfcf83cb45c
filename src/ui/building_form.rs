//! The building form (楼栋): every field of the national table and the 2017 measures — name,
//! compound (a move), 建设年代, 结构, 地上/地下层数, 总建筑面积, 办公用房 and 技术业务用房
//! 建筑面积, 使用面积系数, 权属登记情况, 不动产权证号, 权利人, 是否租(借)用 with the lessor and
//! lease dates, 退租, and the position and rotation on the site map; delete after consent.

use super::site_form::{
    FormAction, form_buttons, gone_text, parse_optional, pick_on_map_ui, show_optional,
};
use crate::model::{Building, Coded as _, Site, TitleStatus, Uuid, parse_date};
use crate::workspace::{Contents, Edit};

/// The building form's state: the building as edited, numbers and dates as typed.
pub struct BuildingForm {
    pub building: Building,
    pub is_new: bool,
    /// The compounds to choose from (uuid, name).
    sites: Vec<(Uuid, String)>,
    pub numbers: [String; 10],
    pub dates: [String; 3],
    pub confirm_delete: Option<Contents>,
    contents: Contents,
    /// Waiting for a click on the site map.
    pub placing: bool,
    /// The file's units (uuid, name), for 主要使用单位.
    pub units: Vec<(Uuid, String)>,
    /// The file's approval documents, set by the app each frame (for the rent approval).
    pub approvals: Vec<crate::model::Approval>,
    /// The draft of a new rent approval (租用审批).
    approval: super::approval_form::ApprovalSection,
    /// A rent approval asked for this frame, taken by the app.
    pub approval_asked: Option<super::approval_form::ApprovalAction>,
}

/// The typed number fields, in `numbers` order: (label key, integer?).
const NUMBER_FIELDS: [(&str, bool); 10] = [
    ("inventory.field.year_built", true),
    ("inventory.field.storeys", true),
    ("inventory.field.basement_storeys", true),
    ("inventory.field.gross_area", false),
    ("inventory.field.office_area", false),
    ("inventory.field.tech_area", false),
    ("inventory.field.coefficient", false),
    ("inventory.field.lon", false),
    ("inventory.field.lat", false),
    ("inventory.field.rotation", false),
];

const DATE_FIELDS: [&str; 3] = [
    "inventory.field.lease_start",
    "inventory.field.lease_end",
    "inventory.field.returned_on",
];

impl BuildingForm {
    /// A form for a new building in `site`.
    pub fn add(site: Uuid, sites: &[Site]) -> Self {
        let mut form = Self::edit(
            Building::new(Uuid::now_v7(), site, String::new()),
            sites,
            Contents::default(),
        );
        form.is_new = true;
        form
    }

    /// A form for an existing building holding `contents`.
    pub fn edit(building: Building, sites: &[Site], contents: Contents) -> Self {
        let b = &building;
        let numbers = [
            show_optional(b.year_built.map(f64::from)),
            show_optional(b.storeys.map(f64::from)),
            show_optional(b.basement_storeys.map(f64::from)),
            show_optional(b.gross_area_m2),
            show_optional(b.office_gross_m2),
            show_optional(b.technical_gross_m2),
            show_optional(b.usable_coefficient),
            show_optional(b.anchor_lon_lat.map(|p| p.0)),
            show_optional(b.anchor_lon_lat.map(|p| p.1)),
            b.rotation_deg.to_string(),
        ];
        let dates = [
            b.lease_start.clone().unwrap_or_default(),
            b.lease_end.clone().unwrap_or_default(),
            b.returned_on.clone().unwrap_or_default(),
        ];
        Self {
            sites: sites.iter().map(|s| (s.uuid, s.name.clone())).collect(),
            numbers,
            dates,
            building,
            is_new: false,
            confirm_delete: None,
            placing: false,
            approvals: Vec::new(),
            approval: Default::default(),
            approval_asked: None,
            contents,
            units: Vec::new(),
        }
    }

    /// Places the building at a point of the site map (longitude, latitude of its anchor).
    pub fn place_at(&mut self, lon: f64, lat: f64) {
        self.numbers[7] = format!("{lon:.6}");
        self.numbers[8] = format!("{lat:.6}");
        self.placing = false;
    }

    /// The building with the typed numbers and dates, or what is wrong, naming the field.
    pub fn edited(&self) -> Result<Building, String> {
        let mut b = self.building.clone();
        let mut values = [None; 10];
        for ((slot, text), (key, integer)) in
            values.iter_mut().zip(&self.numbers).zip(NUMBER_FIELDS)
        {
            let bad = || crate::t!("form.bad_number", field = crate::t!(key)).into_owned();
            *slot = parse_optional(text).map_err(|()| bad())?;
            if integer && slot.is_some_and(|v| v.fract() != 0.0) {
                return Err(bad());
            }
        }
        let [
            year,
            storeys,
            basement,
            gross,
            office,
            tech,
            coefficient,
            lon,
            lat,
            rotation,
        ] = values;
        let whole = |v: Option<f64>| v.map(|v| v as i32);
        b.year_built = whole(year);
        b.storeys = whole(storeys);
        b.basement_storeys = whole(basement);
        b.gross_area_m2 = gross;
        b.office_gross_m2 = office;
        b.technical_gross_m2 = tech;
        b.usable_coefficient = coefficient;
        b.anchor_lon_lat = lon.zip(lat);
        b.rotation_deg = rotation.unwrap_or(0.0);
        let mut dates = [None, None, None];
        for ((slot, text), key) in dates.iter_mut().zip(&self.dates).zip(DATE_FIELDS) {
            if !text.trim().is_empty() {
                *slot = Some(parse_date(text).ok_or_else(|| {
                    crate::t!("form.bad_date", field = crate::t!(key)).into_owned()
                })?);
            }
        }
        let [start, end, returned] = dates;
        b.lease_start = start;
        b.lease_end = end;
        b.returned_on = returned;
        if b.name.trim().is_empty() {
            return Err(crate::t!(
                "inventory.error.empty_name",
                field = crate::t!("inventory.field.building_name")
            )
            .into_owned());
        }
        Ok(b)
    }

    /// Shows the form as a window.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<FormAction> {
        let title = if self.is_new {
            crate::t!("form.building_add")
        } else {
            crate::t!("form.building_edit")
        };
        let mut action = None;
        egui::Window::new(title.as_ref())
            .collapsible(false)
            .show(ctx, |ui| action = self.ui(ui));
        action
    }

    fn number_row(ui: &mut egui::Ui, key: &str, text: &mut String) {
        let label = ui.label(crate::t!(key).as_ref());
        // The recorded areas are 建筑面积 in m²: an empty field says so.
        let hint = match key {
            "inventory.field.gross_area"
            | "inventory.field.office_area"
            | "inventory.field.tech_area" => crate::t!("form.gross_m2_hint").into_owned(),
            _ => String::new(),
        };
        ui.add(egui::TextEdit::singleline(text).hint_text(hint))
            .labelled_by(label.id);
        ui.end_row();
    }

    fn ui(&mut self, ui: &mut egui::Ui) -> Option<FormAction> {
        let mut action = None;
        // The fields scroll; the buttons below them stay in view.
        egui::ScrollArea::vertical()
            .max_height(480.0)
            .show(ui, |ui| {
                egui::Grid::new("building_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let label = ui.label(crate::t!("inventory.field.building_name").as_ref());
                        ui.text_edit_singleline(&mut self.building.name)
                            .labelled_by(label.id);
                        ui.end_row();
                        let site_label = ui.label(crate::t!("form.site").as_ref());
                        let current = self
                            .sites
                            .iter()
                            .find(|(u, _)| *u == self.building.site)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_default();
                        egui::ComboBox::from_id_salt("building_site")
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                for (uuid, name) in &self.sites {
                                    ui.selectable_value(&mut self.building.site, *uuid, name);
                                }
                            })
                            .response
                            .labelled_by(site_label.id);
                        ui.end_row();
                        let label = ui.label(crate::t!("form.structure").as_ref());
                        ui.text_edit_singleline(&mut self.building.structure)
                            .labelled_by(label.id);
                        ui.end_row();
                        for (text, (key, _)) in self.numbers.iter_mut().zip(NUMBER_FIELDS).take(7) {
                            Self::number_row(ui, key, text);
                        }
                        let label = ui.label(crate::t!("national_tables.field.main_user").as_ref());
                        super::unit_ref_picker::unit_ref_ui(
                            ui,
                            "building_main_user",
                            label.id,
                            &mut self.building.main_user,
                            &self.units,
                            crate::t!("national_tables.form.main_user_rule").as_ref(),
                        );
                        ui.end_row();
                        let title_widget = ui.label(crate::t!("form.title_status").as_ref());
                        egui::ComboBox::from_id_salt("building_title")
                            .selected_text(title_label(self.building.title_status))
                            .show_ui(ui, |ui| {
                                for status in TitleStatus::ALL {
                                    ui.selectable_value(
                                        &mut self.building.title_status,
                                        *status,
                                        title_label(*status),
                                    );
                                }
                            })
                            .response
                            .labelled_by(title_widget.id);
                        ui.end_row();
                        let label = ui.label(crate::t!("form.certificate").as_ref());
                        ui.text_edit_singleline(&mut self.building.certificate_no)
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(crate::t!("form.owner").as_ref());
                        ui.text_edit_singleline(&mut self.building.owner)
                            .labelled_by(label.id);
                        ui.end_row();
                        ui.label("");
                        ui.checkbox(&mut self.building.rented, crate::t!("form.rented").as_ref());
                        ui.end_row();
                        if self.building.rented {
                            let label = ui.label(crate::t!("form.lessor").as_ref());
                            ui.text_edit_singleline(&mut self.building.lessor)
                                .labelled_by(label.id);
                            ui.end_row();
                            for (text, key) in self.dates.iter_mut().zip(DATE_FIELDS) {
                                let label = ui.label(crate::t!(key).as_ref());
                                ui.add(egui::TextEdit::singleline(text).hint_text("YYYY-MM-DD"))
                                    .labelled_by(label.id);
                                ui.end_row();
                            }
                        }
                        for (text, (key, _)) in self.numbers.iter_mut().zip(NUMBER_FIELDS).skip(7) {
                            Self::number_row(ui, key, text);
                        }
                    });
            });
        // A rented building needs its rent approval (DOMAIN §2.2: 违规租用 otherwise).
        if self.building.rented && !self.is_new {
            ui.separator();
            self.approval_asked = self.approval.ui(
                ui,
                crate::model::ApprovalKind::Rent,
                self.building.uuid,
                &self.approvals,
                false,
            );
        }
        if let Some(a) = pick_on_map_ui(ui, self.placing) {
            self.placing = true;
            action = Some(a);
        }
        let edited = self.edited().map(|b| {
            let b = Box::new(b);
            if self.is_new {
                Edit::AddBuilding(b)
            } else {
                Edit::EditBuilding(b)
            }
        });
        let consent = crate::t!(
            "form.delete_building_consent",
            name = self.building.name,
            gone = gone_text(&self.contents)
        )
        .into_owned();
        let delete = Edit::DeleteBuilding {
            building: self.building.uuid,
        };
        if let Some(a) = form_buttons(
            ui,
            edited,
            (!self.is_new).then_some((consent, delete)),
            &mut self.confirm_delete,
            self.contents,
        ) {
            action = Some(a);
        }
        action
    }
}

/// 已登记 / 备案 / 未办证 in the chosen language.
fn title_label(status: TitleStatus) -> String {
    let key = format!("form.title.{}", status.code());
    crate::t!(&key).into_owned()
}
