//! A check's result with names instead of indices and areas rounded to 0.01 m²: what the CLI
//! prints, `check --json` writes, and spreadsheet or PDF reports fill in. Every area is in m²
//! on the basis named in [`BasisLabels`]; codes (categories, statuses, finding kinds) are the
//! stable tokens of the project file, which printers translate.

use std::collections::HashMap;

use super::{ApprovalFinding, Compliance, Measure, PersonFindingKind, RoomFact};
use crate::analysis::AreaBasis;
use crate::analysis::area::round_m2;
use crate::model::{Coded as _, PersonStatus, Project, RoomCategory, RoomStatus, Uuid};
use crate::standards::{Difference, Placement, ProjectStandard};

/// The standard a report was made against.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StandardInfo {
    pub id: String,
    pub name: String,
    pub document: String,
    pub province: String,
    /// Values that differ from the shipped set.
    pub differences: Vec<Difference>,
}

/// The basis of each kind of figure, in the current language.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BasisLabels {
    /// 办公室, 服务用房, 设备用房, 基本办公用房, persons, rooms, idle rooms.
    pub usable: String,
    /// 附属用房 and 技术业务用房: the building's figures shared by 使用面积
    /// ([`crate::analysis::gross`]: recorded, apportioned or estimated).
    pub ancillary_technical: String,
}

/// Counts for a heading.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Summary {
    pub units: usize,
    pub units_over: usize,
    pub person_findings: usize,
    pub room_findings: usize,
    pub idle_rooms: usize,
    pub idle_m2: f64,
    pub leased_rooms: usize,
    pub leased_m2: f64,
    /// Rented buildings and leased rooms without their approval.
    pub unapproved: usize,
}

/// One unit's approved and used areas (核定面积 / 实际使用面积).
#[derive(Clone, Debug, serde::Serialize)]
pub struct UnitRow {
    pub name: String,
    /// Organ category and kind, in Chinese (县, 机关本级).
    pub organ_category: String,
    pub kind: String,
    /// Approved posts (批复编制) and the headcount of the per-person indicators.
    pub posts: u32,
    pub headcount: u32,
    /// How the office allowance adds up (`正科级 18 × 1 + 副科级 12 × 3 …`).
    pub office_allowance: String,
    pub approved_office_m2: f64,
    pub used_office_m2: f64,
    /// Office excess, m², and its ratio, %.
    pub excess_m2: f64,
    pub excess_ratio: f64,
    pub approved_service_m2: Option<f64>,
    pub used_service_m2: f64,
    pub service_excess_m2: Option<f64>,
    pub approved_plant_m2: Option<f64>,
    pub used_plant_m2: f64,
    pub plant_excess_m2: Option<f64>,
    pub approved_basic_m2: f64,
    pub used_basic_m2: f64,
    pub basic_excess_m2: f64,
    pub basic_excess_ratio: f64,
    /// 建筑面积 (estimated).
    pub ancillary_gross_m2: f64,
    pub technical_gross_m2: f64,
    pub idle_m2: f64,
    /// Approved posts whose grade has no row in the unit's column.
    pub unmatched_posts: u32,
    pub over: bool,
    /// `office`, `service`, `plant`, `basic`.
    pub over_items: Vec<&'static str>,
    /// Index of the unit in the checked project (for a view that opens its rooms).
    #[serde(skip)]
    pub unit_index: usize,
}

/// A finding about a person.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PersonRow {
    /// Stable code (`over_standard` …) and its name in the current language.
    pub kind: &'static str,
    pub label: String,
    pub person: String,
    pub title: String,
    /// GB/T 12407 grade, in Chinese.
    pub grade: String,
    /// The grade with the row it reads ([`crate::labels::grade_and_row`]), as shown.
    pub grade_row: String,
    pub unit: String,
    /// `building/floor/number`.
    pub rooms: Vec<String>,
    /// The area concerned, m² (the person's share of shared rooms).
    pub area: f64,
    /// The limit it is measured against, m².
    pub limit: Option<f64>,
    /// The row of 表3 the person reads.
    pub row: Option<String>,
    pub status: PersonStatus,
    pub status_date: Option<String>,
    pub deadline: Option<String>,
    /// Index of the finding in the check's `persons` (its kind and room indices).
    #[serde(skip)]
    pub finding: usize,
}

/// A finding about a room.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RoomRow {
    pub kind: &'static str,
    pub label: String,
    pub room: String,
    pub units: Vec<String>,
    pub persons: Vec<String>,
    /// m².
    pub area: f64,
    /// Σ of the occupants' rows, m².
    pub limit: f64,
    /// Index of the room in the checked project.
    #[serde(skip)]
    pub room_index: usize,
}

/// A rented building or a leased room without its approval (违规租用, 擅自出租出借).
#[derive(Clone, Debug, serde::Serialize)]
pub struct ApprovalRow {
    /// Stable code (`rent_unapproved`, `lease_unapproved`) and its name in the current language.
    pub kind: &'static str,
    pub label: String,
    /// The building's name, or the room as `building/floor/number`.
    pub subject: String,
    /// The room's units (none for a building).
    pub units: Vec<String>,
    /// The room's status (出租/出借); none for a building.
    pub status: Option<RoomStatus>,
    /// The room's 使用面积, m².
    pub area: Option<f64>,
    /// The building's lessor (出租方), or the room's note.
    pub note: String,
    /// Index of the room in the checked project (a building's first room, if any).
    #[serde(skip)]
    pub room_index: Option<usize>,
}

/// A room listed as an inventory fact (闲置, 出租, 出借).
#[derive(Clone, Debug, serde::Serialize)]
pub struct FactRow {
    pub room: String,
    pub name: String,
    pub category: RoomCategory,
    pub status: RoomStatus,
    /// m².
    pub area: f64,
    pub since: Option<String>,
    pub days: Option<i64>,
    pub note: String,
    /// Index of the room in the checked project.
    #[serde(skip)]
    pub room_index: usize,
}

/// A check's result, ready to print or write.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ComplianceReport {
    pub region: Option<String>,
    pub standard: StandardInfo,
    pub as_of: String,
    pub basis: BasisLabels,
    pub summary: Summary,
    /// Every unit, in project order.
    pub units: Vec<UnitRow>,
    pub persons: Vec<PersonRow>,
    pub rooms: Vec<RoomRow>,
    pub idle_rooms: Vec<FactRow>,
    pub leased_rooms: Vec<FactRow>,
    /// Rented buildings and leased rooms without their approval.
    pub unapproved: Vec<ApprovalRow>,
}

/// `building/floor/number` of rooms.
pub(crate) struct RoomNames<'a> {
    floors: HashMap<Uuid, (&'a str, &'a str)>,
}

impl<'a> RoomNames<'a> {
    pub(crate) fn new(project: &'a Project) -> Self {
        let buildings: HashMap<Uuid, &str> = project
            .buildings
            .iter()
            .map(|b| (b.uuid, b.name.as_str()))
            .collect();
        Self {
            floors: project
                .floors
                .iter()
                .map(|f| {
                    let building = buildings.get(&f.building).copied().unwrap_or("?");
                    (f.uuid, (building, f.name.as_str()))
                })
                .collect(),
        }
    }

    /// The building and floor names of a room (`?` where unknown).
    pub(crate) fn place(&self, room: &crate::model::Room) -> (&'a str, &'a str) {
        self.floors.get(&room.floor).copied().unwrap_or(("?", "?"))
    }

    pub(crate) fn name(&self, project: &Project, room: usize) -> String {
        project.rooms.get(room).map_or_else(String::new, |r| {
            let (building, floor) = self.place(r);
            format!("{building}/{floor}/{}", r.number)
        })
    }
}

/// The first room (project index) of each building that has a finding about the building
/// itself (违规租用): one pass over the rooms, and none when no building has a finding.
fn first_rooms(project: &Project, findings: &[ApprovalFinding]) -> HashMap<Uuid, usize> {
    let wanted: std::collections::HashSet<Uuid> = findings
        .iter()
        .filter_map(|f| f.building.and_then(|b| project.buildings.get(b)))
        .map(|b| b.uuid)
        .collect();
    let mut first = HashMap::new();
    if wanted.is_empty() {
        return first;
    }
    let building_of: HashMap<Uuid, Uuid> = project
        .floors
        .iter()
        .filter(|fl| wanted.contains(&fl.building))
        .map(|fl| (fl.uuid, fl.building))
        .collect();
    for (i, room) in project.rooms.iter().enumerate() {
        if let Some(b) = building_of.get(&room.floor) {
            first.entry(*b).or_insert(i);
            if first.len() == wanted.len() {
                break;
            }
        }
    }
    first
}

fn approval_row(
    project: &Project,
    (names, units_by_uuid): (&RoomNames<'_>, &HashMap<Uuid, &str>),
    first_rooms: &HashMap<Uuid, usize>,
    f: &ApprovalFinding,
) -> ApprovalRow {
    let building = f.building.and_then(|b| project.buildings.get(b));
    let room = f.room.and_then(|r| project.rooms.get(r));
    let first_room = building.and_then(|b| first_rooms.get(&b.uuid).copied());
    ApprovalRow {
        kind: f.kind.code(),
        label: f.kind.label(),
        subject: match (building, f.room) {
            (Some(b), _) => b.name.clone(),
            (None, Some(r)) => names.name(project, r),
            (None, None) => String::new(),
        },
        units: room.map_or_else(Vec::new, |r| {
            r.units
                .iter()
                .filter_map(|u| units_by_uuid.get(u).map(|n| (*n).to_owned()))
                .collect()
        }),
        status: room.map(|r| r.status),
        area: f.area_m2.map(round_m2),
        note: building.map_or_else(
            || room.map_or_else(String::new, |r| r.note.clone()),
            |b| b.lessor.clone(),
        ),
        room_index: f.room.or(first_room),
    }
}

fn optional(m: Option<Measure>, pick: impl Fn(&Measure) -> f64) -> Option<f64> {
    m.as_ref().map(|m| round_m2(pick(m)))
}

impl ComplianceReport {
    /// Names and rounds a check's result.
    ///
    /// ```
    /// use officeplan::analysis::compliance::{CheckOptions, ComplianceReport, check};
    /// use officeplan::io::sample::{SampleSource, build_project};
    /// use officeplan::standards::ProjectStandard;
    /// let project = build_project(&SampleSource::Embedded).unwrap();
    /// let standard = ProjectStandard::resolve(&project.settings).unwrap();
    /// let result = check(&project, &standard, &CheckOptions::for_project(&project, None));
    /// let report = ComplianceReport::new(&project, &standard, &result);
    /// let over: Vec<&str> = report.units.iter().filter(|u| u.over).map(|u| u.name.as_str()).collect();
    /// assert_eq!(over, ["县住建局"]);
    /// assert_eq!(report.summary.idle_m2, 262.96);
    /// ```
    pub fn new(project: &Project, standard: &ProjectStandard, result: &Compliance) -> Self {
        let names = RoomNames::new(project);
        let unit_name = |i: Option<usize>| {
            i.and_then(|i| project.units.get(i))
                .map_or_else(String::new, |u| u.name.clone())
        };
        let units_by_uuid: HashMap<Uuid, &str> = project
            .units
            .iter()
            .map(|u| (u.uuid, u.name.as_str()))
            .collect();
        let units = result
            .units
            .iter()
            .filter_map(|c| {
                let unit = project.units.get(c.unit)?;
                let entitlement = result.entitlements.get(c.unit)?;
                Some(UnitRow {
                    name: unit.name.clone(),
                    organ_category: unit.organ_category.zh().to_owned(),
                    kind: unit.kind.zh().to_owned(),
                    posts: unit.approved_posts(),
                    headcount: entitlement.headcount,
                    office_allowance: entitlement.describe(),
                    approved_office_m2: round_m2(c.office.approved_m2),
                    used_office_m2: round_m2(c.office.used_m2),
                    excess_m2: round_m2(c.office.excess_m2),
                    excess_ratio: round_m2(c.office.ratio_pct),
                    approved_service_m2: optional(c.service, |m| m.approved_m2),
                    used_service_m2: round_m2(c.service.map_or(0.0, |m| m.used_m2)),
                    service_excess_m2: optional(c.service, |m| m.excess_m2),
                    approved_plant_m2: optional(c.plant, |m| m.approved_m2),
                    used_plant_m2: round_m2(c.plant.map_or(0.0, |m| m.used_m2)),
                    plant_excess_m2: optional(c.plant, |m| m.excess_m2),
                    approved_basic_m2: round_m2(c.basic.approved_m2),
                    used_basic_m2: round_m2(c.basic.used_m2),
                    basic_excess_m2: round_m2(c.basic.excess_m2),
                    basic_excess_ratio: round_m2(c.basic.ratio_pct),
                    ancillary_gross_m2: round_m2(c.ancillary_gross_m2),
                    technical_gross_m2: round_m2(c.technical_gross_m2),
                    idle_m2: round_m2(c.idle_m2),
                    unmatched_posts: entitlement.unmatched_posts,
                    over: c.over,
                    over_items: c.over_items(),
                    unit_index: c.unit,
                })
            })
            .collect();
        let persons = result
            .persons
            .iter()
            .enumerate()
            .filter_map(|(finding, f)| {
                let person = project.persons.get(f.person)?;
                let matched = f.unit.and_then(|u| project.units.get(u)).and_then(|u| {
                    let placement = Placement::in_list(u, &project.units);
                    standard.lookup(placement, standard.grade_of(person))
                });
                let row = matched.map(|m| m.row.label.clone());
                Some(PersonRow {
                    kind: f.kind.code(),
                    label: f.kind.label(),
                    person: person.name.clone(),
                    title: person.title.clone(),
                    grade: person.grade.zh().to_owned(),
                    grade_row: crate::labels::grade_and_row(person.grade, matched),
                    unit: unit_name(f.unit),
                    rooms: f.rooms.iter().map(|r| names.name(project, *r)).collect(),
                    area: round_m2(f.area_m2),
                    limit: f.limit_m2.map(round_m2),
                    row,
                    status: person.status,
                    status_date: person.status_date.clone(),
                    deadline: match f.kind {
                        PersonFindingKind::NotVacated => standard.set.vacate.deadline_of(person),
                        PersonFindingKind::SecondOfficeNotVacated => {
                            super::person::second_office_deadline(
                                project, standard, person, &f.rooms,
                            )
                        }
                        _ => None,
                    },
                    finding,
                })
            })
            .collect();
        let rooms = result
            .rooms
            .iter()
            .map(|f| RoomRow {
                kind: f.kind.code(),
                label: f.kind.label(),
                room: names.name(project, f.room),
                units: project.rooms.get(f.room).map_or_else(Vec::new, |r| {
                    r.units
                        .iter()
                        .filter_map(|u| units_by_uuid.get(u).map(|n| (*n).to_owned()))
                        .collect()
                }),
                persons: f
                    .persons
                    .iter()
                    .filter_map(|p| project.persons.get(*p).map(|p| p.name.clone()))
                    .collect(),
                area: round_m2(f.area_m2),
                limit: round_m2(f.limit_m2),
                room_index: f.room,
            })
            .collect();
        let facts = |list: &[RoomFact]| -> Vec<FactRow> {
            list.iter()
                .filter_map(|fact| {
                    let room = project.rooms.get(fact.room)?;
                    Some(FactRow {
                        room: names.name(project, fact.room),
                        name: room.name.clone(),
                        category: room.category,
                        status: fact.status,
                        area: round_m2(fact.area_m2),
                        since: room.status_since.clone(),
                        days: fact.days,
                        note: room.note.clone(),
                        room_index: fact.room,
                    })
                })
                .collect()
        };
        let total = |list: &[RoomFact]| round_m2(list.iter().map(|f| f.area_m2).sum());
        Self {
            region: project.region.as_ref().map(|r| r.name.clone()),
            standard: StandardInfo {
                id: standard.set.id.clone(),
                name: standard.set.name.clone(),
                document: standard.set.document.clone(),
                province: standard.province.clone(),
                differences: standard.differences.clone(),
            },
            as_of: result.as_of.clone(),
            basis: BasisLabels {
                usable: AreaBasis::Usable.label(),
                ancillary_technical: crate::t!("check.gross_estimated").into_owned(),
            },
            summary: Summary {
                units: result.units.len(),
                units_over: result.units_over().count(),
                person_findings: result.persons.len(),
                room_findings: result.rooms.len(),
                idle_rooms: result.idle_rooms.len(),
                idle_m2: total(&result.idle_rooms),
                leased_rooms: result.leased_rooms.len(),
                leased_m2: total(&result.leased_rooms),
                unapproved: result.unapproved.len(),
            },
            units,
            persons,
            rooms,
            idle_rooms: facts(&result.idle_rooms),
            leased_rooms: facts(&result.leased_rooms),
            unapproved: {
                let first = first_rooms(project, &result.unapproved);
                result
                    .unapproved
                    .iter()
                    .map(|f| approval_row(project, (&names, &units_by_uuid), &first, f))
                    .collect()
            },
        }
    }
}
