//! Edits of the inventory's upper levels — the region and settings (行政区划), compounds
//! (院落) and buildings (楼栋) — each one undoable step with its change-log line, written
//! through [`Workspace::apply`]. Deleting a compound or a building takes everything under it
//! in one transaction and its undo puts back the very rows; [`Workspace::contents`] says
//! what goes before the person consents.

use super::inventory_check::{InventoryError, check_building, check_region, check_site};
use super::{Edit, Workspace, WorkspaceError};
use crate::model::{Building, ChangeAction, Site, Uuid};
use crate::standards::ProjectStandard;
use crate::store::{ChangeRecord, InventoryRoot, InventoryRows, RegionSettings};

/// What deleting a compound or a building takes with it (for the consent dialog).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Contents {
    pub buildings: usize,
    pub floors: usize,
    pub rooms: u64,
    /// 使用面积 of those rooms, m².
    pub area_m2: f64,
}

impl Workspace {
    /// What a compound holds: its buildings, their floors, rooms and 使用面积.
    pub fn site_contents(&self, site: &Uuid) -> Option<Contents> {
        let index = self.index();
        let entry = index.sites.iter().find(|s| s.site.uuid == *site)?;
        let mut contents = Contents {
            buildings: entry.buildings.len(),
            ..Contents::default()
        };
        for b in entry
            .buildings
            .iter()
            .filter_map(|b| index.buildings.get(*b))
        {
            let total = b.totals.total();
            contents.floors += b.floors.len();
            contents.rooms += total.rooms;
            contents.area_m2 += total.area_m2;
        }
        Some(contents)
    }

    /// What a building holds: its floors, rooms and 使用面积.
    pub fn building_contents(&self, building: &Uuid) -> Option<Contents> {
        let b = self
            .index()
            .buildings
            .iter()
            .find(|b| b.building.uuid == *building)?;
        let total = b.totals.total();
        Some(Contents {
            buildings: 1,
            floors: b.floors.len(),
            rooms: total.rooms,
            area_m2: total.area_m2,
        })
    }

    /// The region and settings as the file has them.
    pub fn region_settings(&self) -> RegionSettings {
        let index = self.index();
        RegionSettings {
            region: index.region.clone(),
            standard: index.settings.standard.clone(),
            province: index.settings.province.clone(),
            as_of: index.settings.as_of.clone(),
        }
    }

    fn sites(&self) -> impl Iterator<Item = &Site> {
        self.index().sites.iter().map(|s| &s.site)
    }

    fn buildings(&self) -> impl Iterator<Item = &Building> {
        self.index().buildings.iter().map(|b| &b.building)
    }

    fn site(&self, site: &Uuid) -> Result<Site, WorkspaceError> {
        self.sites()
            .find(|s| s.uuid == *site)
            .cloned()
            .ok_or_else(|| {
                InventoryError::UnknownSite {
                    site: site.to_string(),
                }
                .into()
            })
    }

    fn building(&self, building: &Uuid) -> Result<Building, WorkspaceError> {
        self.buildings()
            .find(|b| b.uuid == *building)
            .cloned()
            .ok_or_else(|| {
                InventoryError::UnknownBuilding {
                    building: building.to_string(),
                }
                .into()
            })
    }

    /// Records an edit of the inventory and reads the index again: every total above the
    /// edited row may change, and so may the check.
    fn after_inventory_write(&mut self) -> Result<(), WorkspaceError> {
        self.invalidate(None);
        self.index = self.store.load_index()?;
        Ok(())
    }

    pub(super) fn write_region(&mut self, target: &RegionSettings) -> Result<Edit, WorkspaceError> {
        if let Some(region) = &target.region {
            check_region(region)?;
        }
        super::inventory_check::check_date("inventory.field.as_of", target.as_of.as_deref())?;
        // The standard set and the province must resolve with the file's local overrides.
        ProjectStandard::new(
            &target.standard,
            &target.province,
            &self.index().settings.standard_overrides,
        )?;
        let before = self.region_settings();
        let record = ChangeRecord {
            action: ChangeAction::SetRegion,
            summary: crate::t!(
                "inventory.log.set_region",
                name = target
                    .region
                    .as_ref()
                    .map(|r| r.name.as_str())
                    .unwrap_or("—"),
                code = target
                    .region
                    .as_ref()
                    .map(|r| r.code.as_str())
                    .unwrap_or("—"),
                standard = target.standard
            )
            .into_owned(),
            detail: String::new(),
        };
        self.store.set_region_settings(target, &record)?;
        self.after_inventory_write()?;
        Ok(Edit::SetRegion(Box::new(before)))
    }

    pub(super) fn write_add_site(&mut self, site: &Site) -> Result<Edit, WorkspaceError> {
        check_site(site, self.sites())?;
        let record = ChangeRecord {
            action: ChangeAction::AddSite,
            summary: crate::t!("inventory.log.add_site", name = site.name).into_owned(),
            detail: site.uuid.to_string(),
        };
        self.store.insert_site(site, &record)?;
        self.after_inventory_write()?;
        Ok(Edit::DeleteSite {
            site: site.uuid,
            confirmed: true,
        })
    }

    pub(super) fn write_edit_site(&mut self, site: &Site) -> Result<Edit, WorkspaceError> {
        let before = self.site(&site.uuid)?;
        check_site(site, self.sites())?;
        let record = ChangeRecord {
            action: ChangeAction::EditSite,
            summary: rename_summary("inventory.log.edit_site", &before.name, &site.name),
            detail: site.uuid.to_string(),
        };
        self.store.update_site(site, &record)?;
        self.after_inventory_write()?;
        Ok(Edit::EditSite(Box::new(before)))
    }

    pub(super) fn write_delete_site(
        &mut self,
        site: &Uuid,
        confirmed: bool,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.site(site)?;
        let contents = self.site_contents(site).unwrap_or_default();
        if contents.buildings > 0 && !confirmed {
            return Err(InventoryError::SiteNotEmpty {
                name: before.name,
                buildings: contents.buildings,
                floors: contents.floors,
                rooms: contents.rooms,
            }
            .into());
        }
        let record = ChangeRecord {
            action: ChangeAction::DeleteSite,
            summary: crate::t!(
                "inventory.log.delete_site",
                name = before.name,
                buildings = contents.buildings,
                floors = contents.floors,
                rooms = contents.rooms
            )
            .into_owned(),
            detail: site.to_string(),
        };
        let rows = self
            .store
            .delete_inventory(InventoryRoot::Site(*site), &record)?;
        self.after_inventory_write()?;
        Ok(Edit::RestoreInventory(Box::new(rows)))
    }

    pub(super) fn write_add_building(&mut self, b: &Building) -> Result<Edit, WorkspaceError> {
        let site = self.site(&b.site)?;
        check_building(b, self.buildings())?;
        let record = ChangeRecord {
            action: ChangeAction::AddBuilding,
            summary: crate::t!(
                "inventory.log.add_building",
                site = site.name,
                name = b.name
            )
            .into_owned(),
            detail: b.uuid.to_string(),
        };
        self.store.insert_building(b, &record)?;
        self.after_inventory_write()?;
        Ok(Edit::DeleteBuilding { building: b.uuid })
    }

    pub(super) fn write_edit_building(&mut self, b: &Building) -> Result<Edit, WorkspaceError> {
        let before = self.building(&b.uuid)?;
        let site = self.site(&b.site)?;
        check_building(b, self.buildings())?;
        let mut summary = rename_summary("inventory.log.edit_building", &before.name, &b.name);
        if before.site != b.site {
            let from = self.site(&before.site).map(|s| s.name).unwrap_or_default();
            summary = crate::t!(
                "inventory.log.move_building",
                name = b.name,
                from = from,
                to = site.name
            )
            .into_owned();
        } else if before.returned_on != b.returned_on
            && let Some(date) = &b.returned_on
        {
            summary =
                crate::t!("inventory.log.return_building", name = b.name, date = date).into_owned();
        }
        let record = ChangeRecord {
            action: ChangeAction::EditBuilding,
            summary,
            detail: b.uuid.to_string(),
        };
        self.store.update_building(b, &record)?;
        self.after_inventory_write()?;
        Ok(Edit::EditBuilding(Box::new(before)))
    }

    pub(super) fn write_delete_building(
        &mut self,
        building: &Uuid,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.building(building)?;
        let contents = self.building_contents(building).unwrap_or_default();
        let record = ChangeRecord {
            action: ChangeAction::DeleteBuilding,
            summary: crate::t!(
                "inventory.log.delete_building",
                name = before.name,
                floors = contents.floors,
                rooms = contents.rooms
            )
            .into_owned(),
            detail: building.to_string(),
        };
        let rows = self
            .store
            .delete_inventory(InventoryRoot::Building(*building), &record)?;
        self.after_inventory_write()?;
        Ok(Edit::RestoreInventory(Box::new(rows)))
    }

    pub(super) fn write_restore(&mut self, rows: &InventoryRows) -> Result<Edit, WorkspaceError> {
        let (action, inverse) = match rows.root {
            InventoryRoot::Site(site) => (
                ChangeAction::RestoreSite,
                Edit::DeleteSite {
                    site,
                    confirmed: true,
                },
            ),
            InventoryRoot::Building(building) => (
                ChangeAction::RestoreBuilding,
                Edit::DeleteBuilding { building },
            ),
        };
        let record = ChangeRecord {
            action,
            summary: crate::t!(
                "inventory.log.restore",
                buildings = rows.count("buildings"),
                floors = rows.count("floors"),
                rooms = rows.count("rooms")
            )
            .into_owned(),
            detail: String::new(),
        };
        self.store.restore_inventory(rows, &record)?;
        self.after_inventory_write()?;
        Ok(inverse)
    }
}

fn rename_summary(key: &str, before: &str, after: &str) -> String {
    let name = if before == after {
        after.to_owned()
    } else {
        format!("{before} → {after}")
    };
    crate::t!(key, name = name).into_owned()
}
