//! Administrative region (行政区划) and compound (院落).

use super::{Uuid, coded_enum};

coded_enum! {
    /// Level of an administrative region.
    RegionLevel {
        /// 省级
        Province => "province", "省";
        /// 市级
        City => "city", "市";
        /// 县级
        County => "county", "县";
        /// 乡级
        Township => "township", "乡";
    }
}

impl RegionLevel {
    /// The organ category (表1 of the 2014 standard) of this level's own organs.
    ///
    /// ```
    /// use officeplan::model::{OrganCategory, RegionLevel};
    /// assert_eq!(RegionLevel::County.organ_category(), OrganCategory::County);
    /// ```
    pub fn organ_category(self) -> super::OrganCategory {
        match self {
            Self::Province => super::OrganCategory::Provincial,
            Self::City => super::OrganCategory::City,
            Self::County => super::OrganCategory::County,
            Self::Township => super::OrganCategory::Township,
        }
    }
}

/// Administrative region (行政区划) whose office space the file holds.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    pub uuid: Uuid,
    pub name: String,
    pub level: RegionLevel,
    /// 12-digit statistical division code (国家统计局统计用区划代码).
    pub code: String,
    /// 12-digit code of the parent region (上级行政区划), empty when not recorded.
    #[serde(default)]
    pub parent_code: String,
}

impl Region {
    /// Whether `code` is a 12-digit statistical division code.
    ///
    /// ```
    /// assert!(officeplan::model::Region::is_valid_code("429999000000"));
    /// assert!(!officeplan::model::Region::is_valid_code("4299"));
    /// ```
    pub fn is_valid_code(code: &str) -> bool {
        code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit())
    }
}

/// A compound (院落): a walled site with one or more buildings.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Site {
    pub uuid: Uuid,
    pub name: String,
    /// 地址坐落
    pub address: String,
    /// 用地面积, m².
    pub land_area_m2: Option<f64>,
    /// WGS84 longitude and latitude of the compound, for the site map.
    pub lon_lat: Option<(f64, f64)>,
    /// 备注
    #[serde(default)]
    pub note: String,
    /// The region (行政区划) the compound belongs to; `None`: the file's own region. A
    /// provincial file holds each merged county's compounds under that county's region.
    #[serde(default)]
    pub region: Option<Uuid>,
}
