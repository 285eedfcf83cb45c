//! Buildings (楼栋) and floors (楼层).

use super::{PlanPolygon, Uuid, coded_enum};

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
    /// 层数 (storeys above ground as recorded).
    pub storeys: Option<i32>,
    /// 结构 (框架, 砖混 …).
    pub structure: String,
    /// 总建筑面积 as recorded in the title documents, m² (建筑面积).
    pub gross_area_m2: Option<f64>,
    /// 使用面积系数 (usable ÷ gross).
    pub usable_coefficient: Option<f64>,
    pub title_status: TitleStatus,
    /// 不动产权证号
    pub certificate_no: String,
    /// 是否为租(借)用: the organ rents or borrows this building from someone else.
    pub rented: bool,
    /// WGS84 longitude/latitude of the plan origin, for the site map.
    pub anchor_lon_lat: Option<(f64, f64)>,
    /// Rotation of the plan's x axis from east, degrees counter-clockwise.
    pub rotation_deg: f64,
    /// Outer wall face in the building's plan coordinates (metres).
    pub footprint: Option<PlanPolygon>,
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
