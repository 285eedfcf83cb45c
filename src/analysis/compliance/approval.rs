//! Arrangements that need an approval document (审批文件): a rented building (租用) and a room
//! rented or lent out (出租/出借). DOMAIN §2.2 监督问责 lists "未经批准租用办公用房" and
//! "擅自出租、出借办公用房" as violations; an [`Approval`] of the right kind naming the building
//! or the room clears the finding.
//!
//! ```
//! use officeplan::analysis::compliance::approval::{ApprovalFindingKind, unapproved};
//! use officeplan::model::{Approval, ApprovalKind, Building, Project, Uuid};
//! let mut project = Project::default();
//! let mut building = Building::new(Uuid::from_u128(1), Uuid::nil(), "租用楼".into());
//! building.rented = true;
//! project.buildings.push(building);
//! let found = unapproved(&project, &[], "2026-09-30");
//! assert_eq!(found[0].kind, ApprovalFindingKind::RentUnapproved);
//! project.approvals.push(Approval::new(ApprovalKind::Rent, Uuid::from_u128(1), "县政府〔2026〕1号"));
//! assert!(unapproved(&project, &[], "2026-09-30").is_empty());
//! ```

use crate::model::{Approval, ApprovalKind, Project, Room, RoomStatus, Uuid, coded_enum};

coded_enum! {
    /// An arrangement without its approval.
    ApprovalFindingKind {
        /// 违规租用: a rented building (租用) without a rent approval.
        RentUnapproved => "rent_unapproved", "违规租用";
        /// 擅自出租出借: a room rented or lent out without an approval.
        LeaseUnapproved => "lease_unapproved", "擅自出租出借";
    }
}

impl ApprovalFindingKind {
    /// The finding's name in the current language.
    pub fn label(self) -> String {
        match self {
            Self::RentUnapproved => crate::t!("rules.finding.rent_unapproved"),
            Self::LeaseUnapproved => crate::t!("rules.finding.lease_unapproved"),
        }
        .into_owned()
    }

    /// The kind of approval that clears the finding.
    pub fn approval(self) -> ApprovalKind {
        match self {
            Self::RentUnapproved => ApprovalKind::Rent,
            Self::LeaseUnapproved => ApprovalKind::LeaseOut,
        }
    }
}

/// A building or a room without the approval it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct ApprovalFinding {
    pub kind: ApprovalFindingKind,
    /// Index into the project's buildings (违规租用).
    pub building: Option<usize>,
    /// Index into the project's rooms (擅自出租出借).
    pub room: Option<usize>,
    /// The room's 使用面积, m² (none for a building).
    pub area_m2: Option<f64>,
}

/// The subjects approved by approvals of `kind`, sorted (for a binary search).
pub(crate) fn approved_subjects(approvals: &[Approval], kind: ApprovalKind) -> Vec<Uuid> {
    let mut subjects: Vec<Uuid> = approvals
        .iter()
        .filter(|a| a.kind == kind)
        .map(|a| a.subject)
        .collect();
    subjects.sort_unstable();
    subjects
}

/// Whether a room in this status needs a 出租出借 approval.
pub(crate) fn is_leased(status: RoomStatus) -> bool {
    matches!(status, RoomStatus::RentedOut | RoomStatus::LentOut)
}

/// The finding of room `index` if it is rented or lent out without approval.
pub(crate) fn room_finding(
    index: usize,
    room: &Room,
    status: RoomStatus,
    area_m2: f64,
    lease_approved: &[Uuid],
) -> Option<ApprovalFinding> {
    (is_leased(status) && lease_approved.binary_search(&room.uuid).is_err()).then_some(
        ApprovalFinding {
            kind: ApprovalFindingKind::LeaseUnapproved,
            building: None,
            room: Some(index),
            area_m2: Some(area_m2),
        },
    )
}

/// Every rented building (not returned by `as_of`) and every room rented or lent out without
/// its approval: buildings first, in project order, then rooms (`areas[i]` is room `i`'s area).
pub fn unapproved(project: &Project, areas: &[f64], as_of: &str) -> Vec<ApprovalFinding> {
    let rent = approved_subjects(&project.approvals, ApprovalKind::Rent);
    let lease = approved_subjects(&project.approvals, ApprovalKind::LeaseOut);
    let buildings = project.buildings.iter().enumerate().filter_map(|(i, b)| {
        let in_use = b.returned_on.as_deref().is_none_or(|r| as_of < r);
        (b.rented && in_use && rent.binary_search(&b.uuid).is_err()).then_some(ApprovalFinding {
            kind: ApprovalFindingKind::RentUnapproved,
            building: Some(i),
            room: None,
            area_m2: None,
        })
    });
    let rooms = project.rooms.iter().enumerate().filter_map(|(i, r)| {
        let area = areas.get(i).copied().unwrap_or(0.0);
        room_finding(i, r, r.status, area, &lease)
    });
    buildings.chain(rooms).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Building, RoomCategory};
    use geo::polygon;

    fn room(n: u128, status: RoomStatus) -> Room {
        Room {
            uuid: Uuid::from_u128(n),
            floor: Uuid::nil(),
            number: n.to_string(),
            name: String::new(),
            category: RoomCategory::Office,
            sub_use: String::new(),
            status,
            status_since: None,
            polygon: polygon![(x: 0.0, y: 0.0), (x: 3.4, y: 0.0), (x: 3.4, y: 5.6), (x: 0.0, y: 5.6)],
            surveyed_area_m2: None,
            units: Vec::new(),
            note: String::new(),
        }
    }

    #[test]
    fn leased_rooms_and_rented_buildings_need_their_approval() {
        // DOMAIN §2.2 监督问责: 擅自出租出借 and 未经批准租用 are violations. Rooms 1 (出租) and
        // 2 (出借) of 3.4 × 5.6 = 19.04 m² each, room 3 in use; building 10 rented, building 11
        // rented but returned on 2026-06-30 (before the check date), building 12 owned.
        let mut project = Project {
            rooms: vec![
                room(1, RoomStatus::RentedOut),
                room(2, RoomStatus::LentOut),
                room(3, RoomStatus::InUse),
            ],
            ..Project::default()
        };
        for (n, rented, returned) in [
            (10, true, None),
            (11, true, Some("2026-06-30")),
            (12, false, None),
        ] {
            let mut b = Building::new(Uuid::from_u128(n), Uuid::nil(), n.to_string());
            b.rented = rented;
            b.returned_on = returned.map(str::to_owned);
            project.buildings.push(b);
        }
        let areas = [19.04, 19.04, 19.04];
        let found = unapproved(&project, &areas, "2026-09-30");
        let summary: Vec<_> = found.iter().map(|f| (f.kind, f.building, f.room)).collect();
        assert_eq!(
            summary,
            [
                (ApprovalFindingKind::RentUnapproved, Some(0), None),
                (ApprovalFindingKind::LeaseUnapproved, None, Some(0)),
                (ApprovalFindingKind::LeaseUnapproved, None, Some(1)),
            ]
        );
        assert_eq!(found[1].area_m2, Some(19.04));
        // Approvals of the right kind clear them; a rent approval for a room does not.
        project
            .approvals
            .push(Approval::new(ApprovalKind::Rent, Uuid::from_u128(1), "a"));
        assert_eq!(unapproved(&project, &areas, "2026-09-30").len(), 3);
        project.approvals.push(Approval::new(
            ApprovalKind::LeaseOut,
            Uuid::from_u128(1),
            "b",
        ));
        project
            .approvals
            .push(Approval::new(ApprovalKind::Rent, Uuid::from_u128(10), "c"));
        let found = unapproved(&project, &areas, "2026-09-30");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].room, Some(1));
    }
}
