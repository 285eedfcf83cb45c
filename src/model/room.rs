//! Rooms (房间): the polygons the whole inventory is about.

use super::{Date, PlanPolygon, RoomCategory, RoomStatus, Uuid};

/// A room on a floor, with its polygon in the floor's plan coordinates.
///
/// The polygon is drawn on the inner wall face, so its area is the room's usable area
/// (使用面积). A surveyed area (测绘面积) may be recorded beside it; both are kept.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Room {
    pub uuid: Uuid,
    pub floor: Uuid,
    /// Room number, unique on its floor (e.g. `301`).
    pub number: String,
    pub name: String,
    pub category: RoomCategory,
    /// Sub-use within the category (领导办公室, 会议室, 配电室 …).
    pub sub_use: String,
    pub status: RoomStatus,
    /// Since when the room has its status (闲置 since …); required for non-`在用` rooms.
    pub status_since: Option<Date>,
    pub polygon: PlanPolygon,
    /// 测绘面积 from a survey, m², if recorded.
    pub surveyed_area_m2: Option<f64>,
    /// Units occupying the room (usually one).
    pub units: Vec<Uuid>,
    pub note: String,
}
