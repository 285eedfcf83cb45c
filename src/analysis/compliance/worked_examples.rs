//! Worked examples of the per-person, shared-room and per-unit checks, with hand-computed
//! numbers; each names its source (table row, DOMAIN section, sample README problem).

use std::collections::BTreeMap;

use geo::polygon;

use super::*;
use crate::model::{
    Grade, OrganCategory, Person, PersonStatus, Room, RoomCategory, RoomStatus, Unit, UnitKind,
};

/// A small project built room by room.
struct Plan {
    project: Project,
}

impl Plan {
    fn new() -> Self {
        Self {
            project: Project::default(),
        }
    }

    fn unit(&mut self, name: &str, organ: OrganCategory, posts: &[(Grade, u32)]) -> Uuid {
        let uuid = Uuid::from_u128(self.project.units.len() as u128 + 1);
        self.project.units.push(Unit {
            region: None,
            uuid,
            name: name.to_owned(),
            organ_category: organ,
            kind: UnitKind::Organ,
            parent: None,
            posts: posts.iter().copied().collect::<BTreeMap<_, _>>(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
            rank_step: None,
        });
        uuid
    }

    /// A `w` × `d` m rectangle (使用面积 w·d).
    fn room(&mut self, number: &str, w: f64, d: f64, sub_use: &str, units: &[Uuid]) -> Uuid {
        let uuid = Uuid::from_u128(1000 + self.project.rooms.len() as u128);
        self.project.rooms.push(Room {
            uuid,
            floor: Uuid::nil(),
            number: number.to_owned(),
            name: String::new(),
            category: RoomCategory::Office,
            sub_use: sub_use.to_owned(),
            status: RoomStatus::InUse,
            status_since: None,
            polygon: polygon![(x: 0.0, y: 0.0), (x: w, y: 0.0), (x: w, y: d), (x: 0.0, y: d)],
            surveyed_area_m2: None,
            units: units.to_vec(),
            note: String::new(),
        });
        uuid
    }

    fn person(
        &mut self,
        name: &str,
        grade: Grade,
        title: &str,
        unit: Uuid,
        rooms: &[Uuid],
    ) -> usize {
        self.project.persons.push(Person {
            uuid: Uuid::from_u128(5000 + self.project.persons.len() as u128),
            name: name.to_owned(),
            grade,
            title: title.to_owned(),
            unit,
            status: PersonStatus::InPost,
            status_date: None,
            concurrent: Vec::new(),
            rooms: rooms.to_vec(),
            second_office_approval: String::new(),
            second_office_approval_date: None,
            rank: String::new(),
            rank_only: false,
            // The examples' heads are ticked as the person form suggests from the title.
            party_government_head: crate::model::person::title_suggests_head(title),
        });
        self.project.persons.len() - 1
    }

    fn check_at(&self, as_of: &str) -> Compliance {
        let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
        check(
            &self.project,
            &standard,
            &CheckOptions {
                as_of: as_of.to_owned(),
            },
        )
    }

    fn check(&self) -> Compliance {
        self.check_at("2026-09-30")
    }
}

fn kinds(result: &Compliance) -> Vec<(PersonFindingKind, usize)> {
    result.persons.iter().map(|f| (f.kind, f.person)).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn rest_room_and_toilet_count_inside_the_county_head_allowance() {
    // Sample README problem 1: 县长 程国强, 201 (5.1 × 5.6 = 28.56) + 休息室 201A (2.6 × 3.6 =
    // 9.36) + 卫生间 201B (2.6 × 1.8 = 4.68) = 42.60 m² > 30 (表3 县级正职; notes 3–4 put the
    // rest room and the toilet inside the allowance). The toilet is ≤ 6 m² and a 县长 may have one.
    let mut plan = Plan::new();
    let gov = plan.unit(
        "示范县人民政府",
        OrganCategory::County,
        &[(Grade::DivisionChief, 1)],
    );
    let rooms = [
        plan.room("201", 5.1, 5.6, "领导办公室", &[gov]),
        plan.room("201A", 2.6, 3.6, "休息室", &[gov]),
        plan.room("201B", 2.6, 1.8, "卫生间", &[gov]),
    ];
    let head = plan.person("程国强", Grade::DivisionChief, "县长", gov, &rooms);
    let result = plan.check();
    assert_eq!(kinds(&result), [(PersonFindingKind::OverStandard, head)]);
    let f = &result.persons[0];
    assert!(close(f.area_m2, 42.6));
    assert_eq!((f.limit_m2, f.rooms.len()), (Some(30.0), 3));
}

#[test]
fn a_rest_room_that_fits_is_no_finding() {
    // 县政协主席: 4.2 × 5.6 = 23.52 + 休息室 1.8 × 3.6 = 6.48 → 30.00 m², exactly 县级正职 30.
    let mut plan = Plan::new();
    let cppcc = plan.unit("政协", OrganCategory::County, &[(Grade::DivisionChief, 1)]);
    let rooms = [
        plan.room("501", 4.2, 5.6, "领导办公室", &[cppcc]),
        plan.room("501A", 1.8, 3.6, "休息室", &[cppcc]),
    ];
    plan.person("主席", Grade::DivisionChief, "县政协主席", cppcc, &rooms);
    assert!(plan.check().persons.is_empty());
}

#[test]
fn a_toilet_over_six_square_metres() {
    // 表3 note 4: a private toilet ≤ 6 m². 县委书记: office 4.0 × 5.0 = 20 + 卫生间 2.5 × 2.6 =
    // 6.50 > 6 → toilet_oversize; the total 26.50 ≤ 30 is within 县级正职.
    let mut plan = Plan::new();
    let party = plan.unit("县委", OrganCategory::County, &[(Grade::DivisionChief, 1)]);
    let rooms = [
        plan.room("301", 4.0, 5.0, "领导办公室", &[party]),
        plan.room("301B", 2.5, 2.6, "卫生间", &[party]),
    ];
    let secretary = plan.person("书记", Grade::DivisionChief, "县委书记", party, &rooms);
    let result = plan.check();
    assert_eq!(
        kinds(&result),
        [(PersonFindingKind::ToiletOversize, secretary)]
    );
    assert!(close(result.persons[0].area_m2, 6.5));
    assert_eq!(result.persons[0].limit_m2, Some(6.0));
}

#[test]
fn a_toilet_for_a_deputy_county_head() {
    // Sample README problem 4: 副县长 杜洋磊, 205 (3.0 × 5.6 = 16.80) + 卫生间 205A (1.8 × 2.2 =
    // 3.96) = 20.76 ≤ 24 (县级副职), but only 党政正职 may have a private toilet (表3 note 4).
    // "县委常委、常务副县长" is not eligible either: "常务副县长" is not "县长".
    let mut plan = Plan::new();
    let gov = plan.unit(
        "示范县人民政府",
        OrganCategory::County,
        &[(Grade::DivisionDeputy, 2)],
    );
    let a = [
        plan.room("205", 3.0, 5.6, "领导办公室", &[gov]),
        plan.room("205A", 1.8, 2.2, "卫生间", &[gov]),
    ];
    let b = [
        plan.room("206", 3.0, 5.6, "领导办公室", &[gov]),
        plan.room("206A", 1.8, 2.2, "卫生间", &[gov]),
    ];
    let du = plan.person("杜洋磊", Grade::DivisionDeputy, "副县长", gov, &a);
    let exec = plan.person(
        "常务",
        Grade::DivisionDeputy,
        "县委常委、常务副县长",
        gov,
        &b,
    );
    let result = plan.check();
    assert_eq!(
        kinds(&result),
        [
            (PersonFindingKind::ToiletIneligible, du),
            (PersonFindingKind::ToiletIneligible, exec)
        ]
    );
    assert!(close(result.persons[0].area_m2, 3.96));
}

#[test]
fn second_office_in_a_concurrent_unit() {
    // Sample README problem 5, 管理办法 Art 19 (一人多处): 县委常委、宣传部部长 赵晓, main office
    // 304 (4.0 × 5.6 = 22.40 ≤ 24) and 611 (3.4 × 4.6 = 15.64) in 县委宣传部 where he holds a
    // concurrent post. Without an approval record: multiple_offices.
    let mut plan = Plan::new();
    let party = plan.unit("县委", OrganCategory::County, &[(Grade::DivisionDeputy, 1)]);
    let dept = plan.unit(
        "县委宣传部",
        OrganCategory::County,
        &[(Grade::SectionChief, 1)],
    );
    let main = plan.room("304", 4.0, 5.6, "领导办公室", &[party]);
    let second = plan.room("611", 3.4, 4.6, "领导办公室", &[dept]);
    let zhao = plan.person(
        "赵晓",
        Grade::DivisionDeputy,
        "县委常委、宣传部部长",
        party,
        &[main, second],
    );
    plan.project.persons[zhao].concurrent = vec![crate::model::ConcurrentPost::in_unit(dept)];
    let result = plan.check();
    assert_eq!(kinds(&result), [(PersonFindingKind::MultipleOffices, zhao)]);
    assert!(close(result.persons[0].area_m2, 15.64));

    // With approval, 15.64 < 24 (县级副职) is allowed.
    plan.project.persons[zhao].second_office_approval = "县委办〔2026〕3号".to_owned();
    assert!(plan.check().persons.is_empty());

    // An approved second office of 4.4 × 5.6 = 24.64 ≥ 24 is not smaller than the standard.
    plan.project.rooms[1].polygon =
        polygon![(x: 0.0, y: 0.0), (x: 4.4, y: 0.0), (x: 4.4, y: 5.6), (x: 0.0, y: 5.6)];
    let result = plan.check();
    assert_eq!(
        kinds(&result),
        [(PersonFindingKind::SecondOfficeTooLarge, zhao)]
    );
    assert_eq!(result.persons[0].limit_m2, Some(24.0));

    // A room in a unit that is neither his own nor a concurrent one is another finding.
    plan.project.persons[zhao].concurrent.clear();
    let result = plan.check();
    assert_eq!(
        kinds(&result),
        [(PersonFindingKind::OfficeInOtherUnit, zhao)]
    );
}

#[test]
fn a_shared_office_over_its_occupants_rows() {
    // DOMAIN §1.4 (per-person upper limits; a shared room is judged against the sum of its
    // occupants' rows): two 副科级 (表3 县级 12 m² each) share 3.9 × 6.5 = 25.35 m² > 12 + 12 =
    // 24: one room finding naming both, no per-person finding. Three 科员 (9 each) in
    // 4.5 × 6.0 = 27.00 = 9 × 3 are within: nothing.
    let mut plan = Plan::new();
    let bureau = plan.unit(
        "县财政局",
        OrganCategory::County,
        &[(Grade::SectionDeputy, 2), (Grade::Clerk, 3)],
    );
    let shared = plan.room("210", 3.9, 6.5, "领导办公室", &[bureau]);
    let open = plan.room("211", 4.5, 6.0, "一般办公室", &[bureau]);
    let a = plan.person("甲", Grade::SectionDeputy, "副局长", bureau, &[shared]);
    let b = plan.person("乙", Grade::SectionDeputy, "副局长", bureau, &[shared]);
    for name in ["丙", "丁", "戊"] {
        plan.person(name, Grade::Clerk, "科员", bureau, &[open]);
    }
    let result = plan.check();
    assert!(kinds(&result).is_empty());
    assert_eq!(result.rooms.len(), 1);
    let room = &result.rooms[0];
    assert_eq!((room.room, room.persons.clone()), (0, vec![a, b]));
    assert!(close(room.area_m2, 25.35) && close(room.limit_m2, 24.0));
    // Problems: the room, and the unit (25.35 + 27.00 = 52.35 > 2 × 12 + 3 × 9 = 51).
    assert_eq!(result.problem_count(), 2);
}

#[test]
fn a_clerk_sharing_a_room_within_the_sum_is_no_finding() {
    // Issue #14's case, DOMAIN §1.4 and §1.5 (Ningbo 2014: oversize offices are put right by
    // 合用, sharing): a 科员 (9) and two 副科级 (12 each) share 4.5 × 6.0 = 27.00 m² ≤ 9 + 12 +
    // 12 = 33. The old rule split it equally, 27 / 3 = 9.00 each — fine for the 科员 here, but
    // with 5.0 × 6.0 = 30.00 (30 / 3 = 10.00 > 9) it flagged the 科员 although the room is
    // within 33. Now neither room gives any finding, and `check --strict` passes.
    let mut plan = Plan::new();
    let bureau = plan.unit(
        "县审计局",
        OrganCategory::County,
        &[(Grade::SectionDeputy, 2), (Grade::Clerk, 1)],
    );
    let shared = plan.room("305", 5.0, 6.0, "一般办公室", &[bureau]);
    plan.person("甲", Grade::SectionDeputy, "副局长", bureau, &[shared]);
    plan.person("乙", Grade::SectionDeputy, "副局长", bureau, &[shared]);
    plan.person("丙", Grade::Clerk, "科员", bureau, &[shared]);
    let result = plan.check();
    assert!(result.persons.is_empty() && result.rooms.is_empty());
    assert_eq!(result.problem_count(), 0);
}

#[test]
fn a_room_of_ones_own_and_a_share() {
    // Module doc rule (a room of one's own and a share count together against the row, DOMAIN
    // §1.4 implementation note "the sum of all rooms assigned to him/her"): a 副科级 (12) with
    // his own office 3.0 × 3.0 = 9.00 and a share of 4.0 × 6.0 = 24.00 with a 正科级 (18):
    // 9.00 + 24.00 / 2 = 21.00 > 12 → 个人超标 (21.00 against 12). The shared room is within
    // 12 + 18 = 30, so no room finding. Both rooms are offices in his own unit: 多处办公室
    // (two_offices) as well, until an approval of that kind names him.
    let mut plan = Plan::new();
    let bureau = plan.unit(
        "县统计局",
        OrganCategory::County,
        &[(Grade::SectionChief, 1), (Grade::SectionDeputy, 1)],
    );
    let own = plan.room("401", 3.0, 3.0, "一般办公室", &[bureau]);
    let shared = plan.room("402", 4.0, 6.0, "一般办公室", &[bureau]);
    let deputy = plan.person("甲", Grade::SectionDeputy, "副局长", bureau, &[own, shared]);
    plan.person("乙", Grade::SectionChief, "局长", bureau, &[shared]);
    let result = plan.check();
    assert_eq!(
        kinds(&result),
        [
            (PersonFindingKind::OverStandard, deputy),
            (PersonFindingKind::TwoOffices, deputy)
        ]
    );
    assert!(close(result.persons[0].area_m2, 21.0));
    assert_eq!(result.persons[0].limit_m2, Some(12.0));
    assert!(result.rooms.is_empty());
    let deputy_uuid = plan.project.persons[deputy].uuid;
    plan.project.approvals.push(crate::model::Approval::new(
        crate::model::ApprovalKind::TwoOffices,
        deputy_uuid,
        "县机关事务局〔2026〕5号",
    ));
    assert_eq!(
        kinds(&plan.check()),
        [(PersonFindingKind::OverStandard, deputy)]
    );
}

#[test]
fn two_offices_in_the_own_unit_without_approval() {
    // DOMAIN §2.2 监督问责 ("违规占用多处办公用房": ≥ 2 offices without approval): a 正科级
    // (表3 县级 18) holds 3.0 × 3.5 = 10.50 and 2.0 × 3.0 = 6.00 in his own unit, 16.50 ≤ 18 in
    // all, so within his row but still two offices → two_offices, area 16.50. A rest room is
    // not a second office: 县长 with 领导办公室 + 休息室 (within 30) has no such finding.
    let mut plan = Plan::new();
    let bureau = plan.unit(
        "县商务局",
        OrganCategory::County,
        &[(Grade::SectionChief, 1)],
    );
    let a = plan.room("101", 3.0, 3.5, "领导办公室", &[bureau]);
    let b = plan.room("115", 2.0, 3.0, "一般办公室", &[bureau]);
    let chief = plan.person("钱进", Grade::SectionChief, "局长", bureau, &[a, b]);
    let gov = plan.unit(
        "县政府",
        OrganCategory::County,
        &[(Grade::DivisionChief, 1)],
    );
    let office = plan.room("201", 4.0, 5.0, "领导办公室", &[gov]);
    let rest = plan.room("201A", 2.0, 3.0, "休息室", &[gov]);
    plan.person("程国强", Grade::DivisionChief, "县长", gov, &[office, rest]);
    let result = plan.check();
    assert_eq!(kinds(&result), [(PersonFindingKind::TwoOffices, chief)]);
    let f = &result.persons[0];
    assert!(close(f.area_m2, 16.5));
    assert_eq!((f.rooms.to_vec(), f.limit_m2), (vec![0, 1], None));
    // An approval of another kind, or for another person, does not clear it.
    let uuid = plan.project.persons[chief].uuid;
    let building = Uuid::from_u128(77);
    plan.project.approvals.push(crate::model::Approval::new(
        crate::model::ApprovalKind::Rent,
        uuid,
        "x",
    ));
    plan.project.approvals.push(crate::model::Approval::new(
        crate::model::ApprovalKind::TwoOffices,
        building,
        "y",
    ));
    assert_eq!(kinds(&plan.check()).len(), 1);
    plan.project.approvals.push(crate::model::Approval::new(
        crate::model::ApprovalKind::TwoOffices,
        uuid,
        "县委办〔2026〕9号",
    ));
    assert!(plan.check().persons.is_empty());
}

#[test]
fn second_office_after_the_concurrent_post_ends() {
    // 管理办法 Art 19 (DOMAIN §2.2 一人多处): the second office is vacated within 2 months after
    // the concurrent post ends (cn-2014.toml [vacate] second_office_months = 2). 赵晓's post in
    // 县委宣传部 ran 2024-01-01 to 2026-06-30 → deadline 2026-06-30 + 2 months = 2026-08-30.
    // With the approval on record: nothing on 2026-06-30 (held), nothing on 2026-08-30 (within
    // the two months), 兼职结束未腾退 on 2026-08-31 with the room 611 (3.4 × 4.6 = 15.64).
    let mut plan = Plan::new();
    let party = plan.unit("县委", OrganCategory::County, &[(Grade::DivisionDeputy, 1)]);
    let dept = plan.unit(
        "县委宣传部",
        OrganCategory::County,
        &[(Grade::SectionChief, 1)],
    );
    let main = plan.room("304", 4.0, 5.6, "领导办公室", &[party]);
    let second = plan.room("611", 3.4, 4.6, "领导办公室", &[dept]);
    let zhao = plan.person(
        "赵晓",
        Grade::DivisionDeputy,
        "县委常委、宣传部部长",
        party,
        &[main, second],
    );
    plan.project.persons[zhao].concurrent = vec![crate::model::ConcurrentPost {
        unit: dept,
        start: Some("2024-01-01".to_owned()),
        end: Some("2026-06-30".to_owned()),
    }];
    plan.project.persons[zhao].second_office_approval = "县委办〔2024〕1号".to_owned();
    assert!(plan.check_at("2026-06-30").persons.is_empty());
    assert!(plan.check_at("2026-08-30").persons.is_empty());
    let result = plan.check_at("2026-08-31");
    assert_eq!(
        kinds(&result),
        [(PersonFindingKind::SecondOfficeNotVacated, zhao)]
    );
    assert!(close(result.persons[0].area_m2, 15.64));
    assert_eq!(result.persons[0].rooms.to_vec(), vec![1]);
    let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
    let report = ComplianceReport::new(&plan.project, &standard, &result);
    assert_eq!(report.persons[0].deadline.as_deref(), Some("2026-08-30"));
    assert_eq!(report.persons[0].kind, "second_office_not_vacated");

    // Within the two months an unapproved second office is still 一人多处.
    plan.project.persons[zhao].second_office_approval.clear();
    assert_eq!(
        kinds(&plan.check_at("2026-07-15")),
        [(PersonFindingKind::MultipleOffices, zhao)]
    );

    // The months are data: an override of 3 moves the deadline to 2026-09-30.
    let standard =
        ProjectStandard::new("cn-2014", "湖北", "[vacate]\nsecond_office_months = 3\n").unwrap();
    let options = CheckOptions {
        as_of: "2026-09-30".to_owned(),
    };
    plan.project.persons[zhao].second_office_approval = "县委办〔2024〕1号".to_owned();
    assert!(check(&plan.project, &standard, &options).persons.is_empty());
    assert_eq!(standard.differences[0].key, "vacate.second_office_months");
}

#[test]
fn vacating_within_one_calendar_month() {
    // 管理办法 Art 19 (DOMAIN §2.2): recovered within 1 month. Retired 2026-01-31 → deadline
    // 2026-02-28 (clamped to the month end): no finding as of 2026-02-28, one as of 2026-03-01.
    let mut plan = Plan::new();
    let unit = plan.unit("政协", OrganCategory::County, &[(Grade::DivisionDeputy, 1)]);
    let room = plan.room("505", 3.8, 5.6, "领导办公室", &[unit]);
    let p = plan.person(
        "唐立强",
        Grade::DivisionDeputy,
        "县政协副主席",
        unit,
        &[room],
    );
    plan.project.persons[p].status = PersonStatus::Retired;
    plan.project.persons[p].status_date = Some("2026-01-31".to_owned());
    assert!(plan.check_at("2026-02-28").persons.is_empty());
    let result = plan.check_at("2026-03-01");
    assert_eq!(kinds(&result), [(PersonFindingKind::NotVacated, p)]);
    let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
    let report = ComplianceReport::new(&plan.project, &standard, &result);
    assert_eq!(report.persons[0].deadline.as_deref(), Some("2026-02-28"));
    assert!(close(result.persons[0].area_m2, 21.28));
    // Without a status date the deadline cannot be met: reported, with no deadline.
    plan.project.persons[p].status_date = None;
    let result = plan.check_at("2026-02-01");
    assert_eq!(kinds(&result), [(PersonFindingKind::NotVacated, p)]);
    let report = ComplianceReport::new(&plan.project, &standard, &result);
    assert_eq!(report.persons[0].deadline, None);
}

#[test]
fn unit_excess_and_its_ratio_and_a_move_by_delta() {
    // Sample README problem 3 shape: 县住建局 approved 1×18 + 3×12 + 6×9 + 2×9 = 126 m²; eight
    // rooms of 3.4 × 4.6 = 15.64 plus one of 3.4 × 5.6 = 19.04 → 125.12 + 19.04 = 144.16 m².
    // Excess 18.16 m², ratio 18.16 / 144.16 × 100 = 12.597 % (DOMAIN §1.7, divided by use).
    use Grade::*;
    let mut plan = Plan::new();
    let zhujian = plan.unit(
        "县住建局",
        OrganCategory::County,
        &[
            (SectionChief, 1),
            (SectionDeputy, 3),
            (Clerk, 6),
            (Staff, 2),
        ],
    );
    let other = plan.unit("县交通运输局", OrganCategory::County, &[(Clerk, 4)]);
    for i in 0..8 {
        plan.room(&format!("30{i}"), 3.4, 4.6, "一般办公室", &[zhujian]);
    }
    plan.room("309", 3.4, 5.6, "一般办公室", &[zhujian]);
    let result = plan.check();
    let unit = &result.units[0];
    assert!(unit.over && close(unit.office.approved_m2, 126.0));
    assert!(close(unit.office.used_m2, 144.16));
    assert!(close(unit.office.excess_m2, 18.16));
    assert!(close(unit.office.ratio_pct, 18.16 / 144.16 * 100.0));
    assert_eq!(unit.over_items(), ["office"]);

    // Dividing by the approved area instead: 18.16 / 126 × 100 = 14.413 %.
    let by_approved =
        ProjectStandard::new("cn-2014", "湖北", "[excess]\nratio_divisor = \"approved\"").unwrap();
    let result = check(
        &plan.project,
        &by_approved,
        &CheckOptions {
            as_of: "2026-09-30".into(),
        },
    );
    assert!(close(
        result.units[0].office.ratio_pct,
        18.16 / 126.0 * 100.0
    ));

    // Issue #5: hand room 309 (19.04 m²) to 县交通运输局 by delta: 县住建局 drops to 125.12 ≤ 126,
    // 县交通运输局 (4 × 9 = 36) rises to 19.04 ≤ 36. The result equals a full recompute.
    let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
    let mut result = check(
        &plan.project,
        &standard,
        &CheckOptions {
            as_of: "2026-09-30".into(),
        },
    );
    let touched = result.move_room(&plan.project, &standard, 8, &[other]);
    assert_eq!(touched, [0, 1]);
    plan.project.rooms[8].units = vec![other];
    let full = check(
        &plan.project,
        &standard,
        &CheckOptions {
            as_of: "2026-09-30".into(),
        },
    );
    assert!(!result.units[0].over && close(result.units[0].office.used_m2, 125.12));
    assert!(close(result.units[1].office.used_m2, 19.04));
    for (delta, oracle) in result.units.iter().zip(&full.units) {
        assert!(close(delta.office.used_m2, oracle.office.used_m2));
        assert_eq!(delta.over, oracle.over);
    }
    // And the ledger equals the full recompute from the rooms.
    let oracle =
        crate::analysis::UnitLedger::build(&plan.project, &full.areas, |i| full.areas[i] / 0.65);
    for i in 0..2 {
        let (a, b) = (result.ledger.unit(i).unwrap(), oracle.unit(i).unwrap());
        assert!(close(
            a.used_m2(RoomCategory::Office),
            b.used_m2(RoomCategory::Office)
        ));
    }
}

#[test]
fn a_grade_without_a_row() {
    // A 省部级副职 (112) in a county unit has no row in 表3's county column: reported, not guessed.
    let mut plan = Plan::new();
    let unit = plan.unit(
        "县委",
        OrganCategory::County,
        &[(Grade::ProvincialDeputy, 1)],
    );
    let room = plan.room("301", 4.0, 5.6, "领导办公室", &[unit]);
    let p = plan.person("某", Grade::ProvincialDeputy, "挂职", unit, &[room]);
    let result = plan.check();
    assert_eq!(kinds(&result), [(PersonFindingKind::NoStandardRow, p)]);
    assert_eq!(result.entitlements[0].unmatched_posts, 1);
}

#[test]
fn a_room_lent_out_by_delta_is_unapproved_as_a_full_check_finds() {
    // DOMAIN §2.2 (擅自出租出借): room 102 (3.4 × 5.6 = 19.04 m²) lent out by a planner's move
    // becomes a finding at once, as a full check of the changed project finds it; a 出租出借审批
    // naming the room clears it in both.
    let mut plan = Plan::new();
    let unit = plan.unit("县民政局", OrganCategory::County, &[(Grade::Clerk, 5)]);
    plan.room("101", 3.4, 5.6, "一般办公室", &[unit]);
    let lent = plan.room("102", 3.4, 5.6, "一般办公室", &[unit]);
    let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
    let mut result = plan.check();
    assert!(result.unapproved.is_empty());
    result.change_room(
        &plan.project,
        &standard,
        1,
        &[unit],
        RoomStatus::LentOut,
        None,
    );
    plan.project.rooms[1].status = RoomStatus::LentOut;
    let full = plan.check();
    assert_eq!(result.unapproved, full.unapproved);
    assert_eq!(full.unapproved.len(), 1);
    assert_eq!(full.unapproved[0].room, Some(1));
    assert!(close(full.unapproved[0].area_m2.unwrap(), 19.04));
    // The only problem: the unit's 2 × 19.04 = 38.08 m² is within 5 × 9 = 45 (表3 科级以下).
    assert_eq!(full.problem_count(), 1);
    plan.project.approvals.push(crate::model::Approval::new(
        crate::model::ApprovalKind::LeaseOut,
        lent,
        "县机关事务局〔2026〕7号",
    ));
    assert!(plan.check().unapproved.is_empty());
}

#[test]
fn toilet_eligibility_is_the_person_s_role_flag() {
    // 表3 note 4 (DOMAIN §1.4): 市/县 党政正职 may have a toilet ≤ 6 m² inside the allowance.
    // "中共示范县委书记" matched no title of the old list ("县委书记"); flagged 党政正职 it is
    // allowed: office 4.0 × 5.0 = 20 + 卫生间 2.0 × 2.5 = 5.00 ≤ 6, total 25 ≤ 30 → no finding.
    // A 副县长 with the same rooms (25 > 24 县级副职 is over too) gets toilet_ineligible; so
    // does the secretary once the flag is cleared.
    let mut plan = Plan::new();
    let party = plan.unit("县委", OrganCategory::County, &[(Grade::DivisionChief, 1)]);
    let rooms = [
        plan.room("301", 4.0, 5.0, "领导办公室", &[party]),
        plan.room("301B", 2.0, 2.5, "卫生间", &[party]),
    ];
    let secretary = plan.person(
        "马娟琳",
        Grade::DivisionChief,
        "中共示范县委书记",
        party,
        &rooms,
    );
    assert!(plan.project.persons[secretary].party_government_head);
    assert!(plan.check().persons.is_empty());
    plan.project.persons[secretary].party_government_head = false;
    assert_eq!(
        kinds(&plan.check()),
        [(PersonFindingKind::ToiletIneligible, secretary)]
    );
    let mut plan = Plan::new();
    let gov = plan.unit(
        "县政府",
        OrganCategory::County,
        &[(Grade::DivisionDeputy, 1)],
    );
    let rooms = [
        plan.room("203", 4.0, 4.0, "领导办公室", &[gov]),
        plan.room("203A", 2.0, 2.5, "卫生间", &[gov]),
    ];
    let deputy = plan.person("邓艳", Grade::DivisionDeputy, "副县长", gov, &rooms);
    assert!(!plan.project.persons[deputy].party_government_head);
    assert_eq!(
        kinds(&plan.check()),
        [(PersonFindingKind::ToiletIneligible, deputy)]
    );
}

#[test]
fn a_principal_clerk_by_rank_alone_reads_the_section_chief_row() {
    // 2019 职级: 一级主任科员 ↔ 乡科级正职 (cn-2014 [ranks]) → 县级机关 正科级 18 m² (表3).
    // Office 4.0 × 5.0 = 20 > 18 → over by 2; the same person as 三级主任科员 (副科级 12) too.
    let mut plan = Plan::new();
    let bureau = plan.unit(
        "县住建局",
        OrganCategory::County,
        &[(Grade::SectionChief, 1)],
    );
    let room = plan.room("401", 4.0, 5.0, "办公室", &[bureau]);
    let clerk = plan.person("王小林", Grade::Staff, "", bureau, &[room]);
    if let Some(p) = plan.project.persons.get_mut(clerk) {
        p.rank = "一级主任科员".to_owned();
        p.rank_only = true;
    }
    let result = plan.check();
    assert_eq!(kinds(&result), [(PersonFindingKind::OverStandard, clerk)]);
    assert_eq!(result.persons[0].limit_m2, Some(18.0));
    // With a 5 × 3.6 = 18.00 m² office the 一级主任科员 is within.
    plan.project.rooms[0].polygon =
        polygon![(x: 0.0, y: 0.0), (x: 5.0, y: 0.0), (x: 5.0, y: 3.6), (x: 0.0, y: 3.6)];
    assert!(plan.check().persons.is_empty());
}

#[test]
fn a_sub_provincial_city_s_deputy_mayor_and_department_head() {
    // 表3 note 1 (DOMAIN §1.4), cn-2014 表3: a 副省级 city's deputy mayor (市级副职 30) reads
    // 省级副职 42: office 6.0 × 6.5 = 39 ≤ 42 → no finding (over 30 without the step). Its
    // 正局级 department (a unit under the city, by parent) head reads 正厅(局)级 30 instead of
    // 正局(处)级 24: office 5.0 × 5.6 = 28 ≤ 30.
    let mut plan = Plan::new();
    let city = plan.unit(
        "某市人民政府",
        OrganCategory::City,
        &[(Grade::BureauDeputy, 1)],
    );
    let dept = plan.unit(
        "某市财政局",
        OrganCategory::City,
        &[(Grade::DivisionChief, 1)],
    );
    plan.project.units[1].parent = Some(city);
    let r1 = plan.room("201", 6.0, 6.5, "领导办公室", &[city]);
    let r2 = plan.room("301", 5.0, 5.6, "领导办公室", &[dept]);
    let deputy = plan.person("副市长", Grade::BureauDeputy, "副市长", city, &[r1]);
    let head = plan.person("局长", Grade::DivisionChief, "局长", dept, &[r2]);
    let limits = |plan: &Plan| -> Vec<(usize, Option<f64>)> {
        plan.check()
            .persons
            .iter()
            .map(|f| (f.person, f.limit_m2))
            .collect()
    };
    assert_eq!(limits(&plan), [(deputy, Some(30.0)), (head, Some(24.0))]);
    plan.project.units[0].rank_step = Some(crate::model::UnitStep::SubProvincial);
    assert!(limits(&plan).is_empty());
}
