//! Buildings (楼栋) and floors (楼层).

use super::{Date, PlanPolygon, UnitRef, Uuid, coded_enum};

coded_enum! {
    /// Title registration status (权属登记情况).
    TitleStatus {
        /// 已登记: registered, with a certificate number.
        Registered => "registered", "已登记";
        /// 备案: filed where history is unclear.
        Filed => "filed", "备案";
        /// 未办证: no certificate.
        Unregistered => "unregistered", "未办证";
    }
}

/// A building (楼栋) of a compound.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Building {
    pub uuid: Uuid,
    pub site: Uuid,
    pub name: String,
    /// 建设年代
    pub year_built: Option<i32>,
    /// 地上层数 (storeys above ground as recorded).
    pub storeys: Option<i32>,
    /// 地下层数 (storeys below ground).
    #[serde(default)]
    pub basement_storeys: Option<i32>,
    /// 结构 (框架, 砖混 …).
    pub structure: String,
    /// 总建筑面积 as recorded in the title documents, m² (建筑面积).
    pub gross_area_m2: Option<f64>,
    /// 办公用房建筑面积 as recorded, m²: when given, the national table uses it instead of
    /// splitting 总建筑面积 by the rooms' 使用面积.
    #[serde(default)]
    pub office_gross_m2: Option<f64>,
    /// 技术业务用房建筑面积 as recorded, m².
    #[serde(default)]
    pub technical_gross_m2: Option<f64>,
    /// 使用面积系数 (usable ÷ gross).
    pub usable_coefficient: Option<f64>,
    pub title_status: TitleStatus,
    /// 不动产权证号
    pub certificate_no: String,
    /// 权利人: the registered owner named on the title.
    #[serde(default)]
    pub owner: String,
    /// 是否为租(借)用: the organ rents or borrows this building from someone else.
    pub rented: bool,
    /// 出租/出借方 of a rented or borrowed building.
    #[serde(default)]
    pub lessor: String,
    /// First day of the lease (租期起).
    #[serde(default)]
    pub lease_start: Option<Date>,
    /// Last day of the lease (租期止).
    #[serde(default)]
    pub lease_end: Option<Date>,
    /// 退租: the day a rented building went back to its lessor. From that day it is no
    /// longer ours: it leaves the totals and the idle figures, and stays in the file and
    /// its history.
    #[serde(default)]
    pub returned_on: Option<Date>,
    /// 主要使用单位 as recorded (技术业务用房信息); empty: the unit with the most 技术业务用房
    /// 使用面积 in the building.
    #[serde(default)]
    pub main_user: UnitRef,
    /// WGS84 longitude/latitude of the plan origin, for the site map.
    pub anchor_lon_lat: Option<(f64, f64)>,
    /// Rotation of the plan's x axis from east, degrees counter-clockwise.
    pub rotation_deg: f64,
    /// Outer wall face in the building's plan coordinates (metres).
    pub footprint: Option<PlanPolygon>,
}

impl Building {
    /// A building with only its identity, name and site: what a form starts from.
    pub fn new(uuid: Uuid, site: Uuid, name: String) -> Self {
        Self {
            uuid,
            site,
            name,
            year_built: None,
            storeys: None,
            basement_storeys: None,
            structure: String::new(),
            gross_area_m2: None,
            office_gross_m2: None,
            technical_gross_m2: None,
            usable_coefficient: None,
            title_status: TitleStatus::Unregistered,
            certificate_no: String::new(),
            owner: String::new(),
            rented: false,
            lessor: String::new(),
            lease_start: None,
            lease_end: None,
            returned_on: None,
            main_user: UnitRef::default(),
            anchor_lon_lat: None,
            rotation_deg: 0.0,
            footprint: None,
        }
    }

    /// Whether the building had gone back to its lessor (退租) on `as_of` (`YYYY-MM-DD`):
    /// from its return date on, it is left out of totals and idle figures.
    ///
    /// ```
    /// use officeplan::model::{Building, Uuid};
    /// let mut b = Building::new(Uuid::nil(), Uuid::nil(), "租用楼".into());
    /// b.returned_on = Some("2026-06-30".into());
    /// assert!(!b.is_returned_on("2026-06-29"));
    /// assert!(b.is_returned_on("2026-06-30"));
    /// ```
    pub fn is_returned_on(&self, as_of: &str) -> bool {
        match (&self.returned_on, crate::model::days_since_epoch(as_of)) {
            (Some(returned), Some(day)) => {
                crate::model::days_since_epoch(returned).is_some_and(|r| r <= day)
            }
            _ => false,
        }
    }
}

/// A floor (楼层) of a building.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Floor {
    pub uuid: Uuid,
    pub building: Uuid,
    /// Display name such as `3F` or `B1`.
    pub name: String,
    /// Storey number: 1 is the ground floor, negative numbers are basements.
    pub level: i32,
    /// 标高, metres.
    pub elevation_m: Option<f64>,
    /// 层高, metres.
    pub storey_height_m: Option<f64>,
}
