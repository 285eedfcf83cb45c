//! Who sits where (人员办公室核查): each person's offices against the person's row, the
//! leader's suite rules, second offices (一人多处), vacating (腾退), and shared offices.

use super::seats::{Seats, Suite};
use super::{Context, is_over};
use crate::model::{Person, PersonStatus, coded_enum};
use crate::standards::RowMatch;

coded_enum! {
    /// What is wrong with a person's offices.
    PersonFindingKind {
        /// 个人超标: offices in the own unit (办公室 + 休息室 + 卫生间, shared rooms split) over the row.
        OverStandard => "over_standard", "个人超标";
        /// 卫生间超标: a private toilet larger than the set allows (6 m²).
        ToiletOversize => "toilet_oversize", "卫生间超标";
        /// 卫生间不符合条件: a private toilet for a person not eligible (表3 note 4).
        ToiletIneligible => "toilet_ineligible", "卫生间不符合条件";
        /// 一人多处: an office in a concurrent unit without an approval record.
        MultipleOffices => "multiple_offices", "一人多处";
        /// 第二办公室不小于标准: an approved second office not smaller than the row.
        SecondOfficeTooLarge => "second_office_too_large", "第二办公室不小于标准";
        /// 未腾退: a transferred or retired person still holds an office after the deadline.
        NotVacated => "not_vacated", "未腾退";
        /// 非本单位用房: an office in a unit that is neither the person's nor a concurrent one.
        OfficeInOtherUnit => "office_in_other_unit", "非本单位用房";
        /// 无对应标准: the person's grade has no row in the unit's column.
        NoStandardRow => "no_standard_row", "无对应标准";
    }
}

coded_enum! {
    /// What is wrong with a room.
    RoomFindingKind {
        /// 合用办公室超标: a shared office larger than the sum of its occupants' rows.
        SharedOfficeOver => "shared_office_over", "合用办公室超标";
    }
}

/// A finding about one person.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonFinding {
    pub kind: PersonFindingKind,
    /// Index into the project's persons.
    pub person: usize,
    /// Index into the project's units (the person's own unit).
    pub unit: Option<usize>,
    /// Indices into the project's rooms: the rooms the finding is about (an office, its rest
    /// room and toilet fit inline).
    pub rooms: RoomList,
    /// The area concerned, m² 使用面积 (the person's share of shared rooms).
    pub area_m2: f64,
    /// The limit it is measured against, m², if any. (For 未腾退 the deadline is
    /// [`crate::standards::VacateRule::deadline_of`] the person.)
    pub limit_m2: Option<f64>,
}

/// The rooms of a finding; up to three are kept inline, without an allocation.
pub type RoomList = smallvec::SmallVec<[usize; 3]>;

/// A finding about one room.
#[derive(Clone, Debug, PartialEq)]
pub struct RoomFinding {
    pub kind: RoomFindingKind,
    /// Index into the project's rooms.
    pub room: usize,
    /// Indices into the project's persons listing the room.
    pub persons: Vec<usize>,
    pub area_m2: f64,
    pub limit_m2: f64,
}

/// Where a person's room is, relative to the person.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// In the person's own unit.
    Own,
    /// In a unit where the person holds a concurrent post: a second office.
    Second,
    /// Anywhere else.
    Other,
}

/// One of a person's rooms with the person's share of its area.
#[derive(Clone, Copy)]
struct Held {
    room: usize,
    /// The whole room's area.
    area_m2: f64,
    share_m2: f64,
    place: Place,
    suite: Suite,
}

fn share_sum(held: &[Held], keep: impl Fn(&Held) -> bool) -> f64 {
    held.iter().filter(|h| keep(h)).map(|h| h.share_m2).sum()
}

fn rooms_of(held: &[Held], keep: impl Fn(&Held) -> bool) -> RoomList {
    held.iter().filter(|h| keep(h)).map(|h| h.room).collect()
}

/// Runs every per-person and shared-room check, with the rooms placed in `seats`.
pub(super) fn check(ctx: &Context<'_>, seats: &Seats) -> (Vec<PersonFinding>, Vec<RoomFinding>) {
    // Σ rows of the persons listing each seat; `None` once a lister has no row.
    let mut limits: Vec<Option<f64>> = vec![Some(0.0); seats.len()];
    // Most persons have at most one finding: reserve once rather than grow a large vector.
    let mut findings = Vec::with_capacity(ctx.persons.len());
    let mut held: Vec<Held> = Vec::new();
    for (index, person) in ctx.persons.iter().enumerate() {
        let unit = ctx.ledger.position(&person.unit);
        let row = unit.and_then(|u| ctx.row(u, ctx.standard.grade_of(person)));
        held.clear();
        for slot in seats.of_person(index).iter().copied() {
            if let Some(limit) = limits.get_mut(slot) {
                *limit = limit.zip(row).map(|(sum, r)| sum + r.row.area_m2);
            }
            let (Some(seat), listers) = (seats.seat(slot), seats.listers(slot)) else {
                continue;
            };
            let place = match (seat.unit, unit) {
                (Some(a), Some(b)) if a == b => Place::Own,
                // Most rooms have one unit, resolved when the rooms were read; the project's
                // room is consulted only for shared rooms and for persons with concurrent posts.
                (Some(_), _) if person.concurrent.is_empty() => Place::Other,
                _ => {
                    let units = ctx
                        .rooms
                        .get(seat.index)
                        .map_or(&[][..], |r| r.units.as_slice());
                    if units.contains(&person.unit) {
                        Place::Own
                    } else if units
                        .iter()
                        .any(|u| person.holds_concurrent_post(u, Some(ctx.as_of)))
                    {
                        Place::Second
                    } else {
                        Place::Other
                    }
                }
            };
            held.push(Held {
                room: seat.index,
                area_m2: seat.area_m2,
                share_m2: seat.area_m2 / f64::from(listers.max(1)),
                place,
                suite: seat.suite,
            });
        }
        check_person(ctx, index, person, unit, row, &held, &mut findings);
    }
    let rooms = shared_rooms(ctx, seats, &limits);
    (findings, rooms)
}

fn check_person(
    ctx: &Context<'_>,
    index: usize,
    person: &Person,
    unit: Option<usize>,
    row: Option<RowMatch<'_>>,
    held: &[Held],
    out: &mut Vec<PersonFinding>,
) {
    if held.is_empty() {
        return;
    }
    let finding = |kind, rooms, area_m2, limit_m2| PersonFinding {
        kind,
        person: index,
        unit,
        rooms,
        area_m2,
        limit_m2,
    };
    let suite = ctx.standard.set.suite.as_ref();
    let own = |h: &Held| h.place == Place::Own;
    let counted = |h: &Held| {
        own(h)
            && suite.is_none_or(|s| match h.suite {
                Suite::Office => true,
                Suite::RestRoom => s.rest_room_in_allowance,
                Suite::Toilet => s.toilet_in_allowance,
            })
    };
    let own_m2 = share_sum(held, counted);
    match row {
        None => out.push(finding(
            PersonFindingKind::NoStandardRow,
            rooms_of(held, own),
            own_m2,
            None,
        )),
        Some(row) if is_over(own_m2, row.row.area_m2) => out.push(finding(
            PersonFindingKind::OverStandard,
            rooms_of(held, counted),
            own_m2,
            Some(row.row.area_m2),
        )),
        Some(_) => {}
    }
    if let Some(suite) = suite {
        let organ = unit
            .and_then(|u| ctx.units.get(u))
            .map(|u| u.organ_category);
        for h in held.iter().filter(|h| h.suite == Suite::Toilet) {
            let area = h.area_m2;
            if is_over(area, suite.toilet_max_m2) {
                out.push(finding(
                    PersonFindingKind::ToiletOversize,
                    smallvec::smallvec![h.room],
                    area,
                    Some(suite.toilet_max_m2),
                ));
            }
            let allowed = organ.is_some_and(|o| {
                let grade = ctx.standard.grade_of(person);
                suite.toilet_allowed(o, grade, person.party_government_head, &person.title)
            });
            if !allowed {
                out.push(finding(
                    PersonFindingKind::ToiletIneligible,
                    smallvec::smallvec![h.room],
                    area,
                    None,
                ));
            }
        }
    }
    let second = |h: &Held| h.place == Place::Second;
    if held.iter().any(second) {
        let area = share_sum(held, second);
        if person.second_office_approval.trim().is_empty() {
            out.push(finding(
                PersonFindingKind::MultipleOffices,
                rooms_of(held, second),
                area,
                None,
            ));
        } else if let Some(row) = row
            && !is_over(row.row.area_m2, area)
        {
            // An approved second office must be smaller than the row (管理办法 Art 19).
            out.push(finding(
                PersonFindingKind::SecondOfficeTooLarge,
                rooms_of(held, second),
                area,
                Some(row.row.area_m2),
            ));
        }
    }
    let other = |h: &Held| h.place == Place::Other;
    if held.iter().any(other) {
        out.push(finding(
            PersonFindingKind::OfficeInOtherUnit,
            rooms_of(held, other),
            share_sum(held, other),
            None,
        ));
    }
    if person.status != PersonStatus::InPost {
        // Without a status date the deadline cannot be shown to be met.
        let deadline = ctx.standard.set.vacate.deadline_of(person);
        if deadline.as_deref().is_none_or(|d| ctx.as_of > d) {
            out.push(finding(
                PersonFindingKind::NotVacated,
                rooms_of(held, |_| true),
                share_sum(held, |_| true),
                None,
            ));
        }
    }
}

/// Shared offices (rooms listed by two or more persons) larger than the sum of their rows.
fn shared_rooms(ctx: &Context<'_>, seats: &Seats, limits: &[Option<f64>]) -> Vec<RoomFinding> {
    let mut findings: Vec<RoomFinding> = Vec::new();
    let mut by_slot: Vec<Option<usize>> = Vec::new();
    for (slot, limit) in limits.iter().enumerate() {
        let (Some(seat), Some(limit)) = (seats.seat(slot), limit) else {
            continue;
        };
        let area = seat.area_m2;
        if seats.listers(slot) >= 2 && is_over(area, *limit) {
            if by_slot.is_empty() {
                by_slot = vec![None; seats.len()];
            }
            if let Some(entry) = by_slot.get_mut(slot) {
                *entry = Some(findings.len());
            }
            findings.push(RoomFinding {
                kind: RoomFindingKind::SharedOfficeOver,
                room: seat.index,
                persons: Vec::new(),
                area_m2: area,
                limit_m2: *limit,
            });
        }
    }
    if !findings.is_empty() {
        for index in 0..ctx.persons.len() {
            for slot in seats.of_person(index) {
                let found = by_slot.get(*slot).copied().flatten();
                if let Some(f) = found.and_then(|f| findings.get_mut(f)) {
                    f.persons.push(index);
                }
            }
        }
    }
    findings
}

impl PersonFindingKind {
    /// The finding's name in the current language.
    pub fn label(self) -> String {
        match self {
            Self::OverStandard => crate::t!("finding.over_standard"),
            Self::ToiletOversize => crate::t!("finding.toilet_oversize"),
            Self::ToiletIneligible => crate::t!("finding.toilet_ineligible"),
            Self::MultipleOffices => crate::t!("finding.multiple_offices"),
            Self::SecondOfficeTooLarge => crate::t!("finding.second_office_too_large"),
            Self::NotVacated => crate::t!("finding.not_vacated"),
            Self::OfficeInOtherUnit => crate::t!("finding.office_in_other_unit"),
            Self::NoStandardRow => crate::t!("finding.no_standard_row"),
        }
        .into_owned()
    }
}

impl RoomFindingKind {
    /// The finding's name in the current language.
    pub fn label(self) -> String {
        match self {
            Self::SharedOfficeOver => crate::t!("finding.shared_office_over"),
        }
        .into_owned()
    }
}
