//! Inventory facts listed beside the findings: idle rooms (闲置, with area and since when) and
//! rooms rented or lent out (出租/出借). These are facts, not problems.

use crate::model::{Project, Room, RoomStatus, days_since_epoch};

/// A room in a status worth listing. Its `status_since` is the room's own.
#[derive(Clone, Debug, PartialEq)]
pub struct RoomFact {
    /// Index into the project's rooms.
    pub room: usize,
    pub status: RoomStatus,
    /// 使用面积, m².
    pub area_m2: f64,
    /// Days in this status as of the check date, if the room's `status_since` is known.
    pub days: Option<i64>,
}

impl RoomFact {
    /// The fact about room `index` with its area, as of the day number `today` (see
    /// [`days_since_epoch`]).
    pub fn of(index: usize, room: &Room, area_m2: f64, today: Option<i64>) -> Self {
        Self {
            room: index,
            status: room.status,
            area_m2,
            days: room
                .status_since
                .as_deref()
                .and_then(days_since_epoch)
                .zip(today)
                .map(|(since, today)| today - since),
        }
    }
}

/// The rooms of the given statuses, in project order (`areas[i]` is room `i`'s area).
///
/// ```
/// # use officeplan::model::*;
/// use officeplan::analysis::compliance::inventory::rooms_in;
/// let mut project = Project::default();
/// # use geo::polygon;
/// # let square = polygon![(x: 0.0, y: 0.0), (x: 3.4, y: 0.0), (x: 3.4, y: 5.6), (x: 0.0, y: 5.6)];
/// # project.rooms.push(Room { uuid: Uuid::nil(), floor: Uuid::nil(), number: "605".into(),
/// #     name: "办公室".into(), category: RoomCategory::Office, sub_use: String::new(),
/// #     status: RoomStatus::Idle, status_since: Some("2025-11-01".into()), polygon: square,
/// #     surveyed_area_m2: None, units: vec![], note: String::new() });
/// // 综合办公楼/6F/605 of the sample: 3.4 × 5.6 = 19.04 m², idle since 2025-11-01.
/// let idle = rooms_in(&project, &[19.04], &[RoomStatus::Idle], "2026-09-30");
/// assert_eq!((idle[0].area_m2, idle[0].days), (19.04, Some(333)));
/// ```
pub fn rooms_in(
    project: &Project,
    areas: &[f64],
    statuses: &[RoomStatus],
    as_of: &str,
) -> Vec<RoomFact> {
    let today = days_since_epoch(as_of);
    project
        .rooms
        .iter()
        .zip(areas)
        .enumerate()
        .filter(|(_, (room, _))| statuses.contains(&room.status))
        .map(|(i, (room, area))| RoomFact::of(i, room, *area, today))
        .collect()
}
