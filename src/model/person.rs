//! Persons (人员) for the per-person checks.

use super::{Date, Grade, Uuid, coded_enum};

coded_enum! {
    /// Whether a person still holds the post.
    PersonStatus {
        /// 在职
        InPost => "in_post", "在职";
        /// 调离: transferred away.
        Transferred => "transferred", "调离";
        /// 退休: retired.
        Retired => "retired", "退休";
    }
}

/// A person whose offices are checked against the standard.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub uuid: Uuid,
    pub name: String,
    pub grade: Grade,
    /// 职务 as text (县委书记, 局长 …).
    pub title: String,
    pub unit: Uuid,
    pub status: PersonStatus,
    /// Date of transfer or retirement.
    pub status_date: Option<Date>,
    /// Other units where the person holds a concurrent post (兼职).
    pub concurrent_units: Vec<Uuid>,
    /// The person's rooms: office, rest room, private toilet.
    pub rooms: Vec<Uuid>,
    /// Approval record for a second office in another unit (一人多处审批), if any.
    pub second_office_approval: String,
}
