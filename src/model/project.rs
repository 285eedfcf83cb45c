//! A whole project held in memory: what a sample or a generator produces and the store writes.

use super::{Approval, Building, Floor, Person, Region, Room, Site, Unit};

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
}

impl Default for ProjectSettings {
    fn default() -> Self {
        Self {
            standard: "cn-2014".to_owned(),
            province: String::new(),
            as_of: None,
            standard_overrides: String::new(),
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
    /// Approval documents (审批文件).
    #[serde(default)]
    pub approvals: Vec<Approval>,
}
