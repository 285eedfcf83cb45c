//! Construction projects (办公用房建设项目) added, edited and deleted through
//! [`Workspace::apply`]: each one transaction with its change-log line, undoable. The window
//! 建设项目 and `officeplan project add|edit|delete` both come here.
//!
//! Projects are records beside the inventory, not part of what scenarios plan over: their
//! edits are allowed while a scenario is shown and never make a scenario stale.

use super::{Edit, Workspace, WorkspaceError};
use crate::model::{ChangeAction, ConstructionProject, Unit, Uuid};
use crate::store::ChangeRecord;

/// Why a construction project was refused. Each refusal names the field.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConstructionError {
    #[error("{}", crate::t!("national_tables.error.empty_name"))]
    EmptyName,
    #[error("{}", crate::t!("national_tables.error.negative", field = field, value = value))]
    Negative { field: String, value: String },
    #[error("{}", crate::t!("national_tables.error.year", value = value))]
    BadYear { value: i32 },
    #[error("{}", crate::t!("national_tables.error.unknown_unit", unit = unit))]
    UnknownUnit { unit: String },
    #[error("{}", crate::t!("national_tables.error.unknown_project", project = project))]
    UnknownProject { project: String },
}

/// Checks a project's fields against the file's `units`: a name, numbers not negative, a
/// four-digit year, and a 主要使用单位 that is one of the file's units when it names one.
///
/// ```
/// use officeplan::model::{ConstructionProject, Uuid};
/// use officeplan::workspace::check_construction_project;
/// let mut p = ConstructionProject::new(Uuid::nil(), "档案馆新建项目".into());
/// assert!(check_construction_project(&p, &[]).is_ok());
/// p.investment_wan_yuan = Some(-1.0);
/// assert!(check_construction_project(&p, &[]).is_err());
/// ```
pub fn check_construction_project(
    p: &ConstructionProject,
    units: &[Unit],
) -> Result<(), ConstructionError> {
    if p.name.trim().is_empty() {
        return Err(ConstructionError::EmptyName);
    }
    for (key, value) in [
        ("national_tables.field.scale", p.scale_m2),
        ("national_tables.field.investment", p.investment_wan_yuan),
    ] {
        if let Some(v) = value
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(ConstructionError::Negative {
                field: crate::t!(key).into_owned(),
                value: v.to_string(),
            });
        }
    }
    if let Some(y) = p.year
        && !(1000..=9999).contains(&y)
    {
        return Err(ConstructionError::BadYear { value: y });
    }
    if let Some(u) = p.main_user.unit
        && !units.iter().any(|x| x.uuid == u)
    {
        return Err(ConstructionError::UnknownUnit {
            unit: if p.main_user.name.is_empty() {
                u.to_string()
            } else {
                p.main_user.name.clone()
            },
        });
    }
    Ok(())
}

/// [`check_construction_project`], without the unit check when `keep_unit`.
fn check_fields(
    p: &ConstructionProject,
    units: &[Unit],
    keep_unit: bool,
) -> Result<(), ConstructionError> {
    if keep_unit {
        let mut unchecked = p.clone();
        unchecked.main_user.unit = None;
        check_construction_project(&unchecked, units)
    } else {
        check_construction_project(p, units)
    }
}

impl Workspace {
    /// The file's construction projects, in the order they were added.
    pub fn construction_projects(&self) -> Result<Vec<ConstructionProject>, WorkspaceError> {
        Ok(self.store.load_construction_projects()?)
    }

    fn construction_project(&self, uuid: &Uuid) -> Result<ConstructionProject, WorkspaceError> {
        self.construction_projects()?
            .into_iter()
            .find(|p| p.uuid == *uuid)
            .ok_or_else(|| {
                ConstructionError::UnknownProject {
                    project: uuid.to_string(),
                }
                .into()
            })
    }

    /// Writes [`Edit::AddConstructionProject`]; its inverse deletes the project.
    pub(super) fn write_add_project(
        &mut self,
        p: &ConstructionProject,
        restored: bool,
    ) -> Result<Edit, WorkspaceError> {
        // A project brought back keeps the unit it named, even one deleted since.
        check_fields(p, &self.units, restored)?;
        let key = if restored {
            "national_tables.log.restore"
        } else {
            "national_tables.log.add"
        };
        let record = ChangeRecord {
            action: ChangeAction::AddConstructionProject,
            summary: crate::t!(key, name = p.name.trim()).into_owned(),
            detail: p.uuid.to_string(),
        };
        let mut p = p.clone();
        p.name = p.name.trim().to_owned();
        self.store.insert_construction_project(&p, &record)?;
        self.invalidate(None);
        Ok(Edit::DeleteConstructionProject { project: p.uuid })
    }

    /// Writes [`Edit::EditConstructionProject`]; its inverse puts the fields back.
    pub(super) fn write_edit_project(
        &mut self,
        p: &ConstructionProject,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.construction_project(&p.uuid)?;
        // A unit deleted since it was chosen stays named (by its name then): only a newly
        // chosen unit must be in the file.
        check_fields(p, &self.units, before.main_user.unit == p.main_user.unit)?;
        let name = if before.name == p.name.trim() {
            p.name.trim().to_owned()
        } else {
            format!("{} → {}", before.name, p.name.trim())
        };
        let record = ChangeRecord {
            action: ChangeAction::EditConstructionProject,
            summary: crate::t!("national_tables.log.edit", name = name).into_owned(),
            detail: p.uuid.to_string(),
        };
        let mut p = p.clone();
        p.name = p.name.trim().to_owned();
        self.store.update_construction_project(&p, &record)?;
        self.invalidate(None);
        Ok(Edit::EditConstructionProject(Box::new(before)))
    }

    /// Writes [`Edit::DeleteConstructionProject`]; its inverse brings the project back.
    pub(super) fn write_delete_project(&mut self, uuid: &Uuid) -> Result<Edit, WorkspaceError> {
        let before = self.construction_project(uuid)?;
        let record = ChangeRecord {
            action: ChangeAction::DeleteConstructionProject,
            summary: crate::t!("national_tables.log.delete", name = before.name).into_owned(),
            detail: uuid.to_string(),
        };
        self.store.delete_construction_project(uuid, &record)?;
        self.invalidate(None);
        Ok(Edit::AddConstructionProject {
            project: Box::new(before),
            restored: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProjectStatus, UnitRef};

    fn open_sample() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let path = store.path().to_path_buf();
        drop(store);
        let w = Workspace::open(&path).expect("open");
        (dir, w)
    }

    #[test]
    fn add_edit_delete_and_each_undo() {
        let (_dir, mut w) = open_sample();
        let unit = w.units()[0].clone();
        let mut p = ConstructionProject::new(Uuid::from_u128(5), "示范县档案馆新建项目".into());
        p.main_user = UnitRef::unit(&unit);
        p.scale_m2 = Some(4800.0);
        p.investment_wan_yuan = Some(2150.5);
        p.status = ProjectStatus::Building;
        w.apply(Edit::AddConstructionProject {
            project: Box::new(p.clone()),
            restored: false,
        })
        .expect("add");
        assert_eq!(w.construction_projects().expect("load"), [p.clone()]);
        // The report sees it: the check's project is loaded from the file.
        let checked = w.checked().expect("check");
        assert_eq!(checked.project.construction_projects.len(), 1);

        let mut edited = p.clone();
        edited.scale_m2 = Some(5200.0);
        w.apply(Edit::EditConstructionProject(Box::new(edited.clone())))
            .expect("edit");
        assert_eq!(w.construction_projects().expect("load"), [edited.clone()]);
        w.undo().expect("undo edit");
        assert_eq!(w.construction_projects().expect("load"), [p.clone()]);

        w.apply(Edit::DeleteConstructionProject { project: p.uuid })
            .expect("delete");
        assert!(w.construction_projects().expect("load").is_empty());
        w.undo().expect("undo delete");
        assert_eq!(w.construction_projects().expect("load"), [p.clone()]);
        w.undo().expect("undo add");
        assert!(w.construction_projects().expect("load").is_empty());

        // Each write has its change-log line: add, edit, undo of the edit, delete, its undo
        // (a restore, logged as an add), the undo of the add (a delete).
        let actions: Vec<_> = w
            .history(6)
            .expect("history")
            .iter()
            .filter_map(|e| e.kind())
            .collect();
        assert_eq!(
            actions,
            [
                ChangeAction::DeleteConstructionProject,
                ChangeAction::AddConstructionProject,
                ChangeAction::DeleteConstructionProject,
                ChangeAction::EditConstructionProject,
                ChangeAction::EditConstructionProject,
                ChangeAction::AddConstructionProject,
            ]
        );
    }

    /// A building's 主要使用单位 is one of its fields: edited and undone with the building.
    #[test]
    fn a_buildings_main_unit_is_edited_and_undone() {
        let (_dir, mut w) = open_sample();
        let police = w
            .units()
            .iter()
            .find(|u| u.name == "县公安局")
            .cloned()
            .expect("unit");
        let before = w.index().buildings[3].building.clone();
        let mut b = before.clone();
        b.main_user = UnitRef::unit(&police);
        w.apply(Edit::EditBuilding(Box::new(b.clone())))
            .expect("edit");
        assert_eq!(w.index().buildings[3].building.main_user, b.main_user);
        w.undo().expect("undo");
        assert_eq!(w.index().buildings[3].building, before);
    }

    #[test]
    fn refusals_name_the_field() {
        let (_dir, mut w) = open_sample();
        let mut p = ConstructionProject::new(Uuid::from_u128(6), "  ".into());
        let add = |p: &ConstructionProject| Edit::AddConstructionProject {
            project: Box::new(p.clone()),
            restored: false,
        };
        let err = w.apply(add(&p)).expect_err("empty name");
        assert!(matches!(
            err,
            WorkspaceError::Construction(ConstructionError::EmptyName)
        ));
        p.name = "业务技术用房改造".into();
        p.scale_m2 = Some(-10.0);
        let err = w.apply(add(&p)).expect_err("negative");
        assert!(
            matches!(&err, WorkspaceError::Construction(ConstructionError::Negative { value, .. }) if value == "-10"),
            "{err}"
        );
        p.scale_m2 = Some(10.0);
        p.main_user = UnitRef {
            unit: Some(Uuid::from_u128(999)),
            name: "已撤销的单位".into(),
        };
        let err = w.apply(add(&p)).expect_err("unknown unit");
        // Named by the name it was given, in either language.
        assert!(err.to_string().contains("已撤销的单位"), "{err}");
        assert!(w.construction_projects().expect("load").is_empty());
        let err = w
            .apply(Edit::DeleteConstructionProject {
                project: Uuid::from_u128(6),
            })
            .expect_err("unknown");
        assert!(matches!(
            err,
            WorkspaceError::Construction(ConstructionError::UnknownProject { .. })
        ));
    }
}
