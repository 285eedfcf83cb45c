//! A new project file made with its region (行政区划) and settings in one step (新建项目,
//! `officeplan new`): everything is checked first, then the file is written whole under a
//! temporary name and renamed into place, so a refusal or a failure leaves no file.

use std::path::Path;

use super::inventory_check::{check_date, check_region};
use super::{Workspace, WorkspaceError};
use crate::model::{Project, ProjectSettings};
use crate::standards::ProjectStandard;
use crate::store::{CreateOptions, RegionSettings};

impl Workspace {
    /// Checks the region's name and code, the statistics date and the standard set with its
    /// province, writes a new project file holding them and opens it.
    pub fn create_project(
        path: &Path,
        settings: &RegionSettings,
        options: CreateOptions,
    ) -> Result<Self, WorkspaceError> {
        if let Some(region) = &settings.region {
            check_region(region)?;
        }
        check_date("inventory.field.as_of", settings.as_of.as_deref())?;
        ProjectStandard::new(&settings.standard, &settings.province, "")?;
        let project = Project {
            region: settings.region.clone(),
            settings: ProjectSettings {
                standard: settings.standard.clone(),
                province: settings.province.clone(),
                as_of: settings.as_of.as_deref().and_then(crate::model::parse_date),
                standard_overrides: String::new(),
                filler: Default::default(),
            },
            ..Project::default()
        };
        Self::create(path, &project, options)
    }
}

/// A file name for a project of the region `name`: the name with the characters file systems
/// refuse (`/ \ : * ? " < > |` and control characters) left out, and `.gpkg`.
///
/// ```
/// use officeplan::workspace::project_file_name;
/// assert_eq!(project_file_name("示范区"), "示范区.gpkg");
/// assert_eq!(project_file_name(" a/b: c "), "ab c.gpkg");
/// assert_eq!(project_file_name("  "), "project.gpkg");
/// ```
pub fn project_file_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| !c.is_control() && !"/\\:*?\"<>|".contains(*c))
        .collect();
    let kept = kept.trim();
    if kept.is_empty() {
        "project.gpkg".to_owned()
    } else {
        format!("{kept}.gpkg")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Region, RegionLevel, Uuid};

    fn settings(code: &str) -> RegionSettings {
        RegionSettings {
            region: Some(Region {
                parent_code: String::new(),
                uuid: Uuid::now_v7(),
                name: "示范区".into(),
                level: RegionLevel::County,
                code: code.into(),
            }),
            standard: "cn-2014".into(),
            province: "湖北".into(),
            as_of: Some("2026-09-30".into()),
        }
    }

    #[test]
    fn a_new_project_holds_its_region_and_settings() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("示范区.gpkg");
        let wanted = settings("429999000000");
        let workspace =
            Workspace::create_project(&path, &wanted, CreateOptions::default()).expect("create");
        assert_eq!(workspace.region_settings(), wanted);
        assert!(workspace.index().sites.is_empty());
    }

    #[test]
    fn a_bad_code_leaves_no_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("p.gpkg");
        let refused = Workspace::create_project(&path, &settings("4299"), CreateOptions::default());
        assert!(refused.is_err());
        assert!(!path.exists());
    }
}
