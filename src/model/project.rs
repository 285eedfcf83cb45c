//! A whole project held in memory: what a sample or a generator produces and the store writes.

use super::{Approval, Building, ConstructionProject, Floor, Person, Region, Room, Site, Unit};

/// Settings recorded in the project file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectSettings {
    /// Identifier of the standard set the file is checked against (e.g. `cn-2014`).
    pub standard: String,
    /// Province whose township rows apply (e.g. `湖北`).
    pub province: String,
    /// Statistics date (统计截止日期), `YYYY-MM-DD`.
    pub as_of: Option<String>,
    /// Local changes to the standard set, as a TOML document shaped like the shipped file
    /// (`assets/standards/<standard>.toml`); empty when the shipped values apply.
    #[serde(default)]
    pub standard_overrides: String,
    /// Who fills in the report (填表人), printed in its header block.
    #[serde(default)]
    pub filler: ReportFiller,
}

/// The report's filler (填表人单位, 填表人姓名, 电话), kept in `officeplan_meta`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportFiller {
    pub unit: String,
    pub name: String,
    pub phone: String,
}

impl Default for ProjectSettings {
    fn default() -> Self {
        Self {
            standard: "cn-2014".to_owned(),
            province: String::new(),
            as_of: None,
            standard_overrides: String::new(),
            filler: ReportFiller::default(),
        }
    }
}

/// Everything in one project file, fully loaded.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Project {
    pub region: Option<Region>,
    pub settings: ProjectSettings,
    pub sites: Vec<Site>,
    pub buildings: Vec<Building>,
    pub floors: Vec<Floor>,
    pub rooms: Vec<Room>,
    pub units: Vec<Unit>,
    pub persons: Vec<Person>,
    /// 办公用房建设项目 (the national table of construction projects).
    #[serde(default)]
    pub construction_projects: Vec<ConstructionProject>,
    /// Approval documents (审批文件).
    #[serde(default)]
    pub approvals: Vec<Approval>,
}
