//! The tabs of the 检查结果 panel and how many findings each lists.

use crate::analysis::compliance::{Compliance, PersonFindingKind, RoomFindingKind};

/// A tab of the panel, in the order shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FindingsTab {
    /// 单位超标: units over the standard, one row per item over (办公室, 服务用房 …).
    #[default]
    UnitsOver,
    /// 个人超标: persons over their row, and shared offices over their occupants' rows.
    PersonsOver,
    /// 一人多处: second offices without approval or not smaller than the row, offices in
    /// other units, two offices in the own unit without approval, second offices not
    /// vacated after the concurrent post ended.
    MultipleOffices,
    /// 卫生间/休息室: private toilets too large or for a person not eligible.
    Suite,
    /// 腾退: transferred or retired persons still holding an office after the deadline.
    Vacate,
    /// 闲置: idle rooms.
    Idle,
    /// 出租出借: rooms rented or lent out.
    Leased,
    /// 无对应标准: persons, and units' approved posts, whose grade has no row.
    NoStandard,
    /// 未经批准: rented buildings and leased rooms without their approval document.
    Unapproved,
}

impl FindingsTab {
    pub const ALL: [Self; 9] = [
        Self::UnitsOver,
        Self::PersonsOver,
        Self::MultipleOffices,
        Self::Suite,
        Self::Vacate,
        Self::Idle,
        Self::Leased,
        Self::NoStandard,
        Self::Unapproved,
    ];

    /// The tab's position in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The tab's name in the language of the moment.
    pub fn label(self) -> String {
        match self {
            Self::UnitsOver => crate::t!("findings.tab.units_over"),
            Self::PersonsOver => crate::t!("findings.tab.persons_over"),
            Self::MultipleOffices => crate::t!("findings.tab.multiple_offices"),
            Self::Suite => crate::t!("findings.tab.suite"),
            Self::Vacate => crate::t!("findings.tab.vacate"),
            Self::Idle => crate::t!("findings.tab.idle"),
            Self::Leased => crate::t!("findings.tab.leased"),
            Self::NoStandard => crate::t!("findings.tab.no_standard"),
            Self::Unapproved => crate::t!("rules.tab.unapproved"),
        }
        .into_owned()
    }

    /// The tab that lists a person finding of `kind`.
    pub fn of_person(kind: PersonFindingKind) -> Self {
        match kind {
            PersonFindingKind::OverStandard => Self::PersonsOver,
            PersonFindingKind::ToiletOversize | PersonFindingKind::ToiletIneligible => Self::Suite,
            PersonFindingKind::MultipleOffices
            | PersonFindingKind::SecondOfficeTooLarge
            | PersonFindingKind::OfficeInOtherUnit
            | PersonFindingKind::TwoOffices
            | PersonFindingKind::SecondOfficeNotVacated => Self::MultipleOffices,
            PersonFindingKind::NotVacated => Self::Vacate,
            PersonFindingKind::NoStandardRow => Self::NoStandard,
        }
    }

    /// The tab that lists a room finding of `kind`.
    pub fn of_room(kind: RoomFindingKind) -> Self {
        match kind {
            RoomFindingKind::SharedOfficeOver => Self::PersonsOver,
        }
    }
}

/// How many findings each tab lists (units for 单位超标, rows for the others), counted from
/// the check itself: cheap enough for the status bar of a province.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TabCounts([usize; 9]);

impl TabCounts {
    /// The counts of a check.
    pub fn of(compliance: &Compliance) -> Self {
        let mut counts = [0; 9];
        let mut add = |tab: FindingsTab, n: usize| {
            if let Some(c) = counts.get_mut(tab.index()) {
                *c += n;
            }
        };
        add(FindingsTab::UnitsOver, compliance.units_over().count());
        for f in &compliance.persons {
            add(FindingsTab::of_person(f.kind), 1);
        }
        for f in &compliance.rooms {
            add(FindingsTab::of_room(f.kind), 1);
        }
        add(
            FindingsTab::NoStandard,
            compliance
                .entitlements
                .iter()
                .filter(|e| e.unmatched_posts > 0)
                .count(),
        );
        add(FindingsTab::Idle, compliance.idle_rooms.len());
        add(FindingsTab::Leased, compliance.leased_rooms.len());
        add(FindingsTab::Unapproved, compliance.unapproved.len());
        Self(counts)
    }

    /// The count of one tab.
    pub fn get(&self, tab: FindingsTab) -> usize {
        self.0.get(tab.index()).copied().unwrap_or(0)
    }

    /// Every tab with its count, in tab order.
    pub fn iter(&self) -> impl Iterator<Item = (FindingsTab, usize)> + '_ {
        FindingsTab::ALL.into_iter().map(|t| (t, self.get(t)))
    }
}
