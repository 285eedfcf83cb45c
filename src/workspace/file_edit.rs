//! Edits of the file beyond rooms and scenarios — a floor's scanned plan, the organisation
//! from a workbook, a new floor, the standard set — each one undoable step with its
//! change-log line, written through [`Workspace::apply`].

use super::{Edit, OrganisationEdit, StandardChoice, Workspace, WorkspaceError};
use crate::model::{ChangeAction, Floor, Organisation, ReportFiller, Uuid};
use crate::store::{ChangeRecord, UnderlayRecord};

impl Workspace {
    /// Keeps a floor's scanned plan (底图) and its placement in the file (undoable).
    pub fn save_underlay(
        &mut self,
        floor: &Uuid,
        underlay: &UnderlayRecord,
    ) -> Result<(), WorkspaceError> {
        self.apply(Edit::SetUnderlay {
            floor: *floor,
            underlay: Some(Box::new(underlay.clone())),
        })
    }

    /// Removes a floor's scanned plan from the file (undoable).
    pub fn remove_underlay(&mut self, floor: &Uuid) -> Result<(), WorkspaceError> {
        self.apply(Edit::SetUnderlay {
            floor: *floor,
            underlay: None,
        })
    }

    /// Replaces units, posts, persons and occupancy in one transaction, as one undoable
    /// edit: `summary` and `detail` are its change-log line. A workbook import (CLI and app)
    /// gets its edit from [`super::WorkbookImport::edit`] instead.
    pub fn replace_organisation(
        &mut self,
        organisation: &Organisation,
        summary: String,
        detail: String,
    ) -> Result<(), WorkspaceError> {
        self.apply(Edit::ReplaceOrganisation(Box::new(OrganisationEdit {
            organisation: organisation.clone(),
            action: ChangeAction::ImportUnits,
            summary,
            detail,
        })))
    }

    /// Adds a floor (undoable while it is empty).
    pub fn add_floor(&mut self, floor: &Floor) -> Result<(), WorkspaceError> {
        self.apply(Edit::AddFloor(Box::new(floor.clone())))
    }

    /// Sets the standard set, province and overrides (undoable). Check them first with
    /// [`crate::standards::ProjectStandard::new`].
    pub fn set_standard(&mut self, choice: StandardChoice) -> Result<(), WorkspaceError> {
        self.apply(Edit::SetStandard(Box::new(choice)))
    }

    /// Sets the report's filler (填表人单位, 姓名, 电话; surrounding blanks dropped), printed
    /// in the report's header block (undoable, logged).
    pub fn set_report_filler(&mut self, filler: &ReportFiller) -> Result<(), WorkspaceError> {
        let trimmed = ReportFiller {
            unit: filler.unit.trim().to_owned(),
            name: filler.name.trim().to_owned(),
            phone: filler.phone.trim().to_owned(),
        };
        self.apply(Edit::SetReportFiller(Box::new(trimmed)))
    }

    /// The report's filler as the file has it.
    pub fn report_filler(&self) -> &ReportFiller {
        &self.index.settings.filler
    }

    pub(super) fn write_report_filler(
        &mut self,
        filler: &ReportFiller,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.index.settings.filler.clone();
        let record = ChangeRecord {
            action: ChangeAction::SetReportFiller,
            summary: [filler.unit.as_str(), &filler.name, &filler.phone]
                .iter()
                .filter(|v| !v.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
            detail: String::new(),
        };
        self.store.set_report_filler(filler, &record)?;
        // The history shows the line; the plan and the check are unchanged.
        self.generation += 1;
        self.index.settings.filler = filler.clone();
        Ok(Edit::SetReportFiller(Box::new(before)))
    }

    pub(super) fn write_underlay(
        &mut self,
        floor: &Uuid,
        underlay: Option<&UnderlayRecord>,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.load_underlay(floor)?;
        let place = self.floor_label(floor);
        match underlay {
            Some(u) => {
                // The same image placed anew is a placement; another image is a new underlay.
                let action = match &before {
                    Some(b) if b.image == u.image => ChangeAction::UnderlayPlace,
                    _ => ChangeAction::UnderlaySet,
                };
                let record = ChangeRecord {
                    action,
                    summary: crate::t!("workspace.underlay_summary", floor = place, name = u.name)
                        .into_owned(),
                    detail: floor.to_string(),
                };
                self.store.save_underlay(floor, u, &record)?;
            }
            None => {
                let record = ChangeRecord {
                    action: ChangeAction::UnderlayRemove,
                    summary: crate::t!(
                        "workspace.underlay_summary",
                        floor = place,
                        name = before.as_ref().map(|b| b.name.as_str()).unwrap_or_default()
                    )
                    .into_owned(),
                    detail: floor.to_string(),
                };
                self.store.remove_underlay(floor, &record)?;
            }
        }
        // The history shows the line; the plan and the check are unchanged.
        self.generation += 1;
        self.underlay_revision += 1;
        Ok(Edit::SetUnderlay {
            floor: *floor,
            underlay: before.map(Box::new),
        })
    }

    pub(super) fn write_organisation(
        &mut self,
        target: &OrganisationEdit,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.load_organisation()?;
        let record = ChangeRecord {
            action: target.action,
            summary: target.summary.clone(),
            detail: target.detail.clone(),
        };
        self.store
            .replace_organisation(&target.organisation, &record)?;
        self.units = self.store.load_units()?;
        self.invalidate(None);
        let restore = ChangeAction::RestoreUnits;
        Ok(Edit::ReplaceOrganisation(Box::new(OrganisationEdit {
            organisation: before,
            action: if target.action == restore {
                ChangeAction::ImportUnits
            } else {
                restore
            },
            summary: crate::t!("workspace.units_restored", units = self.units.len()).into_owned(),
            detail: String::new(),
        })))
    }

    pub(super) fn write_add_floor(&mut self, floor: &Floor) -> Result<Edit, WorkspaceError> {
        self.check_floor_name(&floor.building, &floor.name, None)?;
        let building = self.building_name(&floor.building);
        let record = ChangeRecord {
            action: ChangeAction::AddFloor,
            summary: format!("{building} {}", floor.name),
            detail: floor.uuid.to_string(),
        };
        self.store.insert_floor(floor, &record)?;
        self.generation += 1;
        self.index = self.store.load_index()?;
        Ok(Edit::RemoveFloor { floor: floor.uuid })
    }

    pub(super) fn write_remove_floor(&mut self, floor: &Uuid) -> Result<Edit, WorkspaceError> {
        let entry = self
            .index
            .floors
            .iter()
            .find(|f| f.floor.uuid == *floor)
            .map(|f| f.floor.clone())
            .ok_or_else(|| WorkspaceError::UnknownFloor { floor: *floor })?;
        let record = ChangeRecord {
            action: ChangeAction::RemoveFloor,
            summary: self.floor_label(floor),
            detail: floor.to_string(),
        };
        self.store.remove_empty_floor(floor, &record)?;
        self.invalidate(Some(*floor));
        self.index = self.store.load_index()?;
        Ok(Edit::AddFloor(Box::new(entry)))
    }

    pub(super) fn write_standard(
        &mut self,
        choice: &StandardChoice,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.load_settings()?;
        let record = ChangeRecord {
            action: choice.action,
            summary: choice.summary.clone(),
            detail: choice.overrides.clone(),
        };
        self.store.set_standard_settings(
            &choice.standard,
            &choice.province,
            &choice.overrides,
            &record,
        )?;
        // Every entitlement may change.
        self.invalidate(None);
        Ok(Edit::SetStandard(Box::new(StandardChoice {
            summary: crate::t!(
                "workspace.standard_restored",
                standard = before.standard,
                province = before.province
            )
            .into_owned(),
            standard: before.standard,
            province: before.province,
            overrides: before.standard_overrides,
            action: choice.action,
        })))
    }
}
