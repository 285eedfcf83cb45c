//! The app's side of the inventory: the 新建项目 wizard, the compound and building forms,
//! opened from the file menu and the navigator; their edits go through the workspace.

use std::path::Path;

use super::OfficeplanApp;
use crate::store::CreateOptions;
use crate::ui::building_form::BuildingForm;
use crate::ui::navigator::NavigatorAction;
use crate::ui::project_wizard::{ProjectWizard, WizardAction};
use crate::ui::site_form::{FormAction, SiteForm};
use crate::workspace::Workspace;

/// The wizard and the forms, while open.
#[derive(Default)]
pub(super) struct InventoryForms {
    pub wizard: Option<ProjectWizard>,
    pub site: Option<SiteForm>,
    pub building: Option<BuildingForm>,
}

impl OfficeplanApp {
    /// Opens the 新建项目 wizard, writing beside the open file (or into the data folder).
    pub fn open_project_wizard(&mut self) {
        let folder = self
            .workspace
            .as_ref()
            .and_then(|w| w.path().parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| dirs::data_dir().unwrap_or_else(std::env::temp_dir));
        self.inventory.wizard = Some(ProjectWizard::new(folder));
    }

    /// Opens the form a navigator button asked for; other actions are not the forms'.
    pub(super) fn inventory_request(&mut self, action: &NavigatorAction) {
        let scope = self.shown_scope();
        let Some(w) = &self.workspace else { return };
        let index = w.index();
        let sites: Vec<_> = index.sites.iter().map(|s| s.site.clone()).collect();
        match action {
            NavigatorAction::AddSite => {
                // A compound added while one county is shown is that county's.
                let mut form = SiteForm::add();
                if let crate::model::RegionScope::Region(r) = scope {
                    form.site.region = Some(r);
                }
                self.inventory.site = Some(form);
            }
            NavigatorAction::EditSite(s) => {
                if let Some(entry) = index.sites.get(*s) {
                    let contents = w.site_contents(&entry.site.uuid).unwrap_or_default();
                    self.inventory.site = Some(SiteForm::edit(entry.site.clone(), contents));
                }
            }
            NavigatorAction::AddBuilding(s) => {
                if let Some(entry) = index.sites.get(*s) {
                    self.inventory.building = Some(BuildingForm::add(entry.site.uuid, &sites));
                }
            }
            NavigatorAction::EditBuilding(b) => {
                if let Some(entry) = index.buildings.get(*b) {
                    let contents = w
                        .building_contents(&entry.building.uuid)
                        .unwrap_or_default();
                    self.inventory.building =
                        Some(BuildingForm::edit(entry.building.clone(), &sites, contents));
                }
            }
            _ => {}
        }
        if let Some(form) = &mut self.inventory.building {
            form.units = w.units().iter().map(|u| (u.uuid, u.name.clone())).collect();
        }
    }

    /// Shows the wizard and the forms that are open and carries out what they ask.
    pub(super) fn inventory_ui(&mut self, ctx: &egui::Context) {
        if let Some(action) = self.inventory.wizard.as_mut().and_then(|w| w.show(ctx)) {
            match action {
                WizardAction::Create { path, settings } => self.create_project(&path, &settings),
                WizardAction::Cancel => self.inventory.wizard = None,
            }
        }
        if let Some(action) = self.inventory.site.as_mut().and_then(|f| f.show(ctx))
            && self.form_action(action)
        {
            self.inventory.site = None;
        }
        let approvals = if self.inventory.building.is_some() {
            self.people_data()
                .map(|d| d.approvals.clone())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if let Some(form) = self.inventory.building.as_mut() {
            form.approvals = approvals;
        }
        if let Some(action) = self.inventory.building.as_mut().and_then(|f| f.show(ctx))
            && self.form_action(action)
        {
            self.inventory.building = None;
        }
        if let Some(asked) = self
            .inventory
            .building
            .as_mut()
            .and_then(|f| f.approval_asked.take())
        {
            self.on_approval(asked);
        }
    }

    /// Applies a form's edit; whether the form is done (closed, or its edit written).
    fn form_action(&mut self, action: FormAction) -> bool {
        match action {
            FormAction::Close => true,
            FormAction::PickOnMap => {
                // The form stays open, waiting for a click on the map.
                self.centre = super::CentreView::SiteMap;
                false
            }
            FormAction::Apply(edit) => {
                let Some(w) = &mut self.workspace else {
                    return true;
                };
                match w.apply(edit) {
                    Ok(()) => {
                        self.site_map.clear();
                        self.after_edit();
                        true
                    }
                    Err(e) => {
                        self.notify(e.to_string());
                        false
                    }
                }
            }
        }
    }

    fn create_project(&mut self, path: &Path, settings: &crate::store::RegionSettings) {
        match Workspace::create_project(path, settings, CreateOptions::default()) {
            Ok(workspace) => {
                drop(workspace);
                self.inventory.wizard = None;
                self.open_file(path);
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// A click on the site map while a form waits for one: the form gets its longitude and
    /// latitude. Without any placed compound or building the map has no frame to say where
    /// the click is, so the person is told to type the first position.
    pub(super) fn place_from_map(&mut self, at: geo::Coord<f64>) {
        let waiting = self.inventory.site.as_ref().is_some_and(|f| f.placing)
            || self.inventory.building.as_ref().is_some_and(|f| f.placing);
        if !waiting {
            return;
        }
        // The frame of the map shown: the buildings of the scope shown.
        let scope = self.shown_scope();
        let Some(frame) = self.workspace.as_ref().and_then(|w| {
            let index = w.index();
            crate::ui::site_map::SiteFrame::of(index, |b| {
                crate::workspace::region_groups::building_in_scope(index, scope, b)
            })
        }) else {
            self.notify(crate::t!("form.no_frame").into_owned());
            return;
        };
        let (lon, lat) = frame.lon_lat(at);
        if let Some(f) = self.inventory.site.as_mut().filter(|f| f.placing) {
            f.place_at(lon, lat);
        }
        if let Some(f) = self.inventory.building.as_mut().filter(|f| f.placing) {
            f.place_at(lon, lat);
        }
    }
}
