//! The compound form (院落): add or edit name, 地址坐落, 用地面积, longitude/latitude and a
//! note; delete after the person has seen what goes with it.

use crate::model::{Site, Uuid};
use crate::workspace::{Contents, Edit};

/// What an inventory form asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum FormAction {
    /// Apply this edit (the form stays open only if it fails).
    Apply(Edit),
    Close,
    /// Show the site map: the next click on it places the compound or building.
    PickOnMap,
}

/// The 在总平面图上点选 button; while `placing`, says that the next click on the map counts.
pub fn pick_on_map_ui(ui: &mut egui::Ui, placing: bool) -> Option<FormAction> {
    if placing {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            crate::t!("form.placing").as_ref(),
        );
        return None;
    }
    ui.button(crate::t!("form.pick_on_map").as_ref())
        .on_hover_text(crate::t!("form.pick_on_map_help").as_ref())
        .clicked()
        .then_some(FormAction::PickOnMap)
}

/// A number field typed as text: empty is "not recorded".
pub(crate) fn parse_optional(text: &str) -> Result<Option<f64>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

pub(crate) fn show_optional(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The compound form's state.
pub struct SiteForm {
    pub site: Site,
    pub is_new: bool,
    pub land_area: String,
    pub lon: String,
    pub lat: String,
    /// What deleting the compound takes; `Some` once 删除… was pressed.
    pub confirm_delete: Option<Contents>,
    contents: Contents,
    /// Waiting for a click on the site map.
    pub placing: bool,
}

impl SiteForm {
    /// A form for a new compound.
    pub fn add() -> Self {
        Self::edit(
            Site {
                region: None,
                uuid: Uuid::now_v7(),
                name: String::new(),
                address: String::new(),
                land_area_m2: None,
                lon_lat: None,
                note: String::new(),
            },
            Contents::default(),
        )
        .into_new()
    }

    fn into_new(mut self) -> Self {
        self.is_new = true;
        self
    }

    /// A form for an existing compound holding `contents`.
    pub fn edit(site: Site, contents: Contents) -> Self {
        Self {
            land_area: show_optional(site.land_area_m2),
            lon: show_optional(site.lon_lat.map(|p| p.0)),
            lat: show_optional(site.lon_lat.map(|p| p.1)),
            site,
            is_new: false,
            confirm_delete: None,
            contents,
            placing: false,
        }
    }

    /// Places the compound at a point of the site map (longitude, latitude).
    pub fn place_at(&mut self, lon: f64, lat: f64) {
        self.lon = format!("{lon:.6}");
        self.lat = format!("{lat:.6}");
        self.placing = false;
    }

    fn edited(&self) -> Result<Site, String> {
        let mut site = self.site.clone();
        site.land_area_m2 = parse_optional(&self.land_area).map_err(|()| {
            crate::t!(
                "form.bad_number",
                field = crate::t!("inventory.field.land_area")
            )
            .into_owned()
        })?;
        let lon = parse_optional(&self.lon).map_err(|()| {
            crate::t!("form.bad_number", field = crate::t!("inventory.field.lon")).into_owned()
        })?;
        let lat = parse_optional(&self.lat).map_err(|()| {
            crate::t!("form.bad_number", field = crate::t!("inventory.field.lat")).into_owned()
        })?;
        site.lon_lat = lon.zip(lat);
        Ok(site)
    }

    /// Shows the form as a window.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<FormAction> {
        let title = if self.is_new {
            crate::t!("form.site_add")
        } else {
            crate::t!("form.site_edit")
        };
        let mut action = None;
        egui::Window::new(title.as_ref())
            .collapsible(false)
            .show(ctx, |ui| action = self.ui(ui));
        action
    }

    fn ui(&mut self, ui: &mut egui::Ui) -> Option<FormAction> {
        let mut action = None;
        egui::Grid::new("site_form").num_columns(2).show(ui, |ui| {
            for (key, text) in [
                ("inventory.field.site_name", &mut self.site.name),
                ("form.address", &mut self.site.address),
                ("inventory.field.land_area", &mut self.land_area),
                ("inventory.field.lon", &mut self.lon),
                ("inventory.field.lat", &mut self.lat),
                ("form.note", &mut self.site.note),
            ] {
                let label = ui.label(crate::t!(key).as_ref());
                ui.text_edit_singleline(text).labelled_by(label.id);
                ui.end_row();
            }
        });
        ui.small(crate::t!("form.site_place_hint").as_ref());
        if let Some(a) = pick_on_map_ui(ui, self.placing) {
            self.placing = true;
            action = Some(a);
        }
        let edited = self.edited().map(|site| {
            let site = Box::new(site);
            if self.is_new {
                Edit::AddSite(site)
            } else {
                Edit::EditSite(site)
            }
        });
        let consent = crate::t!(
            "form.delete_site_consent",
            name = self.site.name,
            gone = gone_text(&self.contents)
        )
        .into_owned();
        let delete = Edit::DeleteSite {
            site: self.site.uuid,
            confirmed: true,
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

/// A form's 保存 / 删除… / 取消 row: 保存 applies `edited` (or the problem is shown); 删除…
/// (offered when `delete` holds the consent text and the edit) first shows the consent, which
/// names what goes with it, and 确认删除 applies the delete.
pub fn form_buttons(
    ui: &mut egui::Ui,
    edited: Result<Edit, String>,
    delete: Option<(String, Edit)>,
    confirm_delete: &mut Option<Contents>,
    contents: Contents,
) -> Option<FormAction> {
    let mut action = None;
    if let Err(problem) = &edited {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                edited.is_ok(),
                egui::Button::new(crate::t!("form.save").as_ref()),
            )
            .clicked()
            && let Ok(edit) = &edited
        {
            action = Some(FormAction::Apply(edit.clone()));
        }
        if delete.is_some() && ui.button(crate::t!("form.delete").as_ref()).clicked() {
            *confirm_delete = Some(contents);
        }
        if ui.button(crate::t!("wizard.cancel").as_ref()).clicked() {
            action = Some(FormAction::Close);
        }
    });
    if let (Some(_), Some((consent, edit))) = (confirm_delete.as_ref(), delete) {
        ui.separator();
        ui.label(consent);
        if ui
            .button(crate::t!("form.confirm_delete").as_ref())
            .clicked()
        {
            action = Some(FormAction::Apply(edit));
        }
    }
    action
}

/// What goes with a deletion, for people.
pub fn gone_text(gone: &Contents) -> String {
    crate::t!(
        "cli_inventory.gone",
        buildings = gone.buildings,
        floors = gone.floors,
        rooms = gone.rooms,
        area = format!("{:.2}", crate::analysis::area::round_m2(gone.area_m2))
    )
    .into_owned()
}
