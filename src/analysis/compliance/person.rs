//! Who sits where (人员办公室核查): each person's offices against the person's row, the
//! leader's suite rules, second offices (一人多处), two offices in the own unit, vacating (腾退)
//! and shared offices.
//!
//! **Shared offices (合用办公室).** The standard's test for a room several persons share is the
//! room against the sum of their rows (DOMAIN §1.4: the per-person figures are upper limits
//! per person; Ningbo's 2014 rectification note, §1.5, names sharing, 合用, as a lawful way to
//! bring oversized offices within the standard). So a shared office within the sum gives no
//! finding at all, and one over it gives one room finding naming its persons
//! ([`RoomFindingKind::SharedOfficeOver`]), not a finding per person.
//!
//! **A room of one's own and a share.** A person who holds a room alone (an office, a rest
//! room, a toilet) and also a share of a shared office is checked on the rooms held alone
//! plus an equal share of each shared room, against the person's row: the row is the limit
//! of every room assigned to the person (DOMAIN §1.4 implementation note), and a share
//! should not let a person hold a full-size room beside it. Holding two offices in the own
//! unit is moreover [`PersonFindingKind::TwoOffices`] unless approved. A person who holds
//! shares only has no per-person area finding.
//!
//! **Ended concurrent posts.** A room in a unit where the person's concurrent post has ended
//! stays a second office (approved or not) until `second_office_months` after the post's last
//! day ([`crate::standards::VacateRule::second_office_deadline`]); after that it is
//! [`PersonFindingKind::SecondOfficeNotVacated`].

use super::seats::{Seats, Suite};
use super::{Context, is_over};
use crate::model::{Person, PersonStatus, coded_enum};
use crate::standards::RowMatch;

coded_enum! {
    /// What is wrong with a person's offices.
    PersonFindingKind {
        /// 个人超标: offices in the own unit (办公室 + 休息室 + 卫生间) over the row. Shared
        /// rooms are judged as rooms ([`RoomFindingKind::SharedOfficeOver`]); their share counts
        /// here only for a person who also holds a room alone (see the module doc).
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
        /// 多处办公室未经批准: two or more offices in the own unit without an approval
        /// (DOMAIN §2.2 监督问责: "超标准配备办公用房或者违规占用多处办公用房").
        TwoOffices => "two_offices", "多处办公室未经批准";
        /// 兼职结束未腾退: a second office still held more than `second_office_months` after
        /// the concurrent post ended (管理办法 Art 19).
        SecondOfficeNotVacated => "second_office_not_vacated", "兼职结束未腾退";
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

/// A 省部级 (or higher) person's offices as the check measured them, over or not: what
/// 省部级领导干部办公室信息 lists (DOMAIN §3.1). Only persons of grade 101–112 with offices
/// are kept, so the list stays short in a province.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeMeasure {
    /// Index into the project's persons.
    pub person: usize,
    /// Index into the project's units (the person's own unit).
    pub unit: Option<usize>,
    /// Indices into the project's rooms: every room the person sits in.
    pub rooms: RoomList,
    /// The area measured against the row, m² 使用面积: the same as an 个人超标 finding's.
    pub area_m2: f64,
    /// The row's limit, m²; `None` when the grade has no row in the unit's column.
    pub limit_m2: Option<f64>,
    /// Whether the area exceeds the limit (the 个人超标 test, [`super::is_over`]).
    pub over: bool,
}

impl OfficeMeasure {
    /// Whether a person of `grade` is listed: 国家级 and 省部级 (101, 102, 111, 112).
    pub fn lists(grade: crate::model::Grade) -> bool {
        grade.number() <= 112
    }
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
    /// In a unit where the person holds a concurrent post (or held one that ended less than
    /// `second_office_months` ago): a second office.
    Second,
    /// In a unit where the person held a concurrent post that ended longer ago than that.
    Ended,
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
    /// Listed by two or more persons.
    shared: bool,
}

fn share_sum(held: &[Held], keep: impl Fn(&Held) -> bool) -> f64 {
    held.iter().filter(|h| keep(h)).map(|h| h.share_m2).sum()
}

fn rooms_of(held: &[Held], keep: impl Fn(&Held) -> bool) -> RoomList {
    held.iter().filter(|h| keep(h)).map(|h| h.room).collect()
}

/// What [`check`] finds: person findings, shared-room findings, and the measures of the
/// persons [`OfficeMeasure::lists`].
pub(super) type Found = (Vec<PersonFinding>, Vec<RoomFinding>, Vec<OfficeMeasure>);

/// Runs every per-person and shared-room check, with the rooms placed in `seats`.
pub(super) fn check(ctx: &Context<'_>, seats: &Seats) -> Found {
    // Σ rows of the persons listing each seat; `None` once a lister has no row.
    let mut limits: Vec<Option<f64>> = vec![Some(0.0); seats.len()];
    // Most persons have at most one finding: reserve once rather than grow a large vector.
    let mut findings = Vec::with_capacity(ctx.persons.len());
    let mut held: Vec<Held> = Vec::new();
    let mut measures = Vec::new();
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
                    } else {
                        concurrent_place(ctx, person, units)
                    }
                }
            };
            held.push(Held {
                room: seat.index,
                area_m2: seat.area_m2,
                share_m2: seat.area_m2 / f64::from(listers.max(1)),
                place,
                suite: seat.suite,
                shared: listers >= 2,
            });
        }
        let before = findings.len();
        let own_m2 = check_person(ctx, index, person, unit, row, &held, &mut findings);
        if !held.is_empty() && OfficeMeasure::lists(person.grade) {
            // Over exactly when the person check found it (a leader holding shares only is
            // judged with the shared room, not alone).
            let over = findings
                .get(before..)
                .is_some_and(|f| f.iter().any(|f| f.kind == PersonFindingKind::OverStandard));
            let limit_m2 = row.map(|r| r.row.area_m2);
            measures.push(OfficeMeasure {
                person: index,
                unit,
                rooms: rooms_of(&held, |_| true),
                area_m2: own_m2,
                limit_m2,
                over,
            });
        }
    }
    let rooms = shared_rooms(ctx, seats, &limits);
    (findings, rooms, measures)
}

fn check_person(
    ctx: &Context<'_>,
    index: usize,
    person: &Person,
    unit: Option<usize>,
    row: Option<RowMatch<'_>>,
    held: &[Held],
    out: &mut Vec<PersonFinding>,
) -> f64 {
    if held.is_empty() {
        return 0.0;
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
    // Shared rooms are judged as rooms; a person holding shares only has no area finding.
    let holds_alone = held.iter().any(|h| counted(h) && !h.shared);
    match row {
        None => out.push(finding(
            PersonFindingKind::NoStandardRow,
            rooms_of(held, own),
            own_m2,
            None,
        )),
        Some(row) if holds_alone && is_over(own_m2, row.row.area_m2) => out.push(finding(
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
    let own_office = |h: &Held| own(h) && h.suite == Suite::Office;
    if held.iter().filter(|h| own_office(h)).count() >= 2 && !ctx.approved_two_offices(person) {
        out.push(finding(
            PersonFindingKind::TwoOffices,
            rooms_of(held, own_office),
            share_sum(held, own_office),
            None,
        ));
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
    let ended = |h: &Held| h.place == Place::Ended;
    if held.iter().any(ended) {
        out.push(finding(
            PersonFindingKind::SecondOfficeNotVacated,
            rooms_of(held, ended),
            share_sum(held, ended),
            None,
        ));
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
    own_m2
}

/// Where a room held by units `units` (none of them the person's own) is for `person`: a
/// second office while a concurrent post there is held, or ended less than
/// `second_office_months` ago; [`Place::Ended`] once every such post ended longer ago.
fn concurrent_place(ctx: &Context<'_>, person: &Person, units: &[crate::model::Uuid]) -> Place {
    let mut place = Place::Other;
    for post in person.concurrent.iter().filter(|c| units.contains(&c.unit)) {
        if post.held_on(Some(ctx.as_of)) {
            return Place::Second;
        }
        // A post that has not started yet leaves the room another unit's.
        let Some(end) = post.end.as_deref().filter(|end| *end < ctx.as_of) else {
            continue;
        };
        let deadline = ctx.standard.set.vacate.second_office_deadline(end);
        if deadline.as_deref().is_some_and(|d| ctx.as_of <= d) {
            return Place::Second;
        }
        place = Place::Ended;
    }
    place
}

/// The last day a person may hold the second offices of ended concurrent posts in the units
/// of `rooms` (the latest post's end + `second_office_months`): the deadline shown beside a
/// [`PersonFindingKind::SecondOfficeNotVacated`] finding.
pub(crate) fn second_office_deadline(
    project: &crate::model::Project,
    standard: &crate::standards::ProjectStandard,
    person: &Person,
    rooms: &[usize],
) -> Option<String> {
    let end = person
        .concurrent
        .iter()
        .filter(|c| {
            rooms
                .iter()
                .filter_map(|r| project.rooms.get(*r))
                .any(|r| r.units.contains(&c.unit))
        })
        .filter_map(|c| c.end.as_deref())
        .max()?;
    standard.set.vacate.second_office_deadline(end)
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
            Self::TwoOffices => crate::t!("rules.finding.two_offices"),
            Self::SecondOfficeNotVacated => crate::t!("rules.finding.second_office_not_vacated"),
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
