//! Deterministic synthetic province-scale projects, for benchmarks and stress tests.
//!
//! Sites hold slab buildings with a double-loaded corridor; rooms are 0.2 m-walled bays,
//! some L-shaped and some with a column. The same `(rooms, seed)` always gives the same
//! project, UUIDs included.

mod county;
mod layout;
mod rng;

pub use county::{CountyOptions, county};

/// A county region (县级行政区划) for a generated file: `code` is its 12-digit code, the
/// parent's defaults to the province's (the first 2 digits and zeros). The UUID is derived
/// from the code, so every file generated for one county names the same region. `None`
/// when a code is not 12 digits.
///
/// ```
/// let r = officeplan::synth::county_region("甲县", "429901000000", None).expect("code");
/// assert_eq!(r.parent_code, "420000000000");
/// assert!(officeplan::synth::county_region("甲县", "4299", None).is_none());
/// ```
pub fn county_region(name: &str, code: &str, parent_code: Option<&str>) -> Option<Region> {
    let code = code.trim();
    if !Region::is_valid_code(code) {
        return None;
    }
    let parent = match parent_code.map(str::trim) {
        Some(p) if !p.is_empty() => {
            if !Region::is_valid_code(p) {
                return None;
            }
            p.to_owned()
        }
        _ => format!("{:0<12}", code.get(..2).unwrap_or_default()),
    };
    Some(Region {
        uuid: Uuid::new_v5(
            &Uuid::NAMESPACE_OID,
            format!("officeplan-region:{code}").as_bytes(),
        ),
        name: if name.trim().is_empty() {
            code.to_owned()
        } else {
            name.trim().to_owned()
        },
        level: RegionLevel::County,
        code: code.to_owned(),
        parent_code: parent,
    })
}

use std::collections::BTreeMap;

use crate::model::{
    Building, Floor, Grade, OrganCategory, Person, PersonStatus, Project, ProjectSettings, Region,
    RegionLevel, Room, RoomCategory, RoomStatus, Site, TitleStatus, Unit, UnitKind, Uuid,
};
use rng::Rng;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenerateOptions {
    /// Total number of rooms.
    pub rooms: usize,
    pub seed: u64,
    /// If non-zero, the first floor of the first building holds this many rooms
    /// (a very large open-plan level, for per-floor benchmarks).
    pub large_floor_rooms: usize,
}

/// Makes deterministic, index-friendly UUIDs: v7 layout whose timestamp is a counter.
struct Ids {
    rng: Rng,
    counter: u64,
}

impl Ids {
    fn next(&mut self) -> Uuid {
        self.counter += 1;
        let millis = 1_700_000_000_000 + self.counter;
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        random[8..].copy_from_slice(&(self.rng.next_u64() as u16).to_le_bytes());
        uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }
}

const SITE_NAMES: &[&str] = &[
    "行政中心",
    "机关大院",
    "政务服务中心",
    "综合办公区",
    "老城区办公点",
];
const UNIT_NAMES: &[&str] = &[
    "办公室",
    "组织部",
    "宣传部",
    "发展和改革委员会",
    "财政局",
    "教育局",
    "公安局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "卫生健康委员会",
    "审计局",
    "市场监督管理局",
    "统计局",
    "机关事务管理局",
    "信访局",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞",
    "平", "刚",
];

/// Generates a project.
pub fn generate(options: GenerateOptions) -> Project {
    let mut rng = Rng::new(options.seed);
    let mut ids = Ids {
        rng: Rng::new(options.seed ^ 0x9E37_79B9_7F4A_7C15),
        counter: 0,
    };
    let mut project = Project {
        region: Some(Region {
            parent_code: String::new(),
            uuid: ids.next(),
            name: "示范省".to_owned(),
            level: RegionLevel::Province,
            code: "990000000000".to_owned(),
        }),
        settings: ProjectSettings {
            province: "湖北".to_owned(),
            as_of: Some("2026-09-30".to_owned()),
            ..ProjectSettings::default()
        },
        ..Project::default()
    };
    let mut remaining = options.rooms;
    let mut site_index = 0usize;
    while remaining > 0 {
        let organ = [
            OrganCategory::Provincial,
            OrganCategory::City,
            OrganCategory::County,
        ][site_index % 3];
        let site = Site {
            region: None,
            uuid: ids.next(),
            name: format!(
                "第{}{}",
                site_index + 1,
                SITE_NAMES[site_index % SITE_NAMES.len()]
            ),
            address: format!("示范省示范市建设路{}号", site_index + 1),
            land_area_m2: Some(8000.0 + rng.below(20_000) as f64),
            lon_lat: Some((
                112.0 + (site_index % 40) as f64 * 0.05,
                30.0 + (site_index / 40) as f64 * 0.05,
            )),
            note: String::new(),
        };
        let unit_count = 4 + rng.below(5) as usize;
        let units = make_units(&mut ids, &mut rng, &site.name, organ, unit_count);
        let mut unit_rooms: Vec<Vec<Uuid>> = vec![Vec::new(); units.len()];
        let buildings = 2 + rng.below(3) as usize;
        for b in 0..buildings {
            if remaining == 0 {
                break;
            }
            let building_uuid = ids.next();
            let floors = 4 + rng.below(9) as i32;
            let bays = 8 + rng.below(10) as usize;
            let footprint = layout::footprint(bays);
            project.buildings.push(Building {
                uuid: building_uuid,
                site: site.uuid,
                name: format!("{}{}号楼", site.name, b + 1),
                year_built: Some(1985 + rng.below(38) as i32),
                storeys: Some(floors),
                structure: ["框架", "砖混", "框架剪力墙"][rng.below(3) as usize].to_owned(),
                gross_area_m2: Some(crate::analysis::room_area(&footprint) * floors as f64),
                usable_coefficient: Some(0.65),
                title_status: [
                    TitleStatus::Registered,
                    TitleStatus::Filed,
                    TitleStatus::Unregistered,
                ][rng.below(3) as usize],
                certificate_no: String::new(),
                rented: rng.below(10) == 0,
                anchor_lon_lat: site
                    .lon_lat
                    .map(|(lon, lat)| (lon + b as f64 * 0.0008, lat)),
                rotation_deg: 0.0,
                basement_storeys: None,
                office_gross_m2: None,
                technical_gross_m2: None,
                owner: String::new(),
                lessor: String::new(),
                lease_start: None,
                lease_end: None,
                returned_on: None,
                main_user: Default::default(),
                footprint: Some(footprint),
            });
            for level in 1..=floors {
                if remaining == 0 {
                    break;
                }
                let floor = Floor {
                    uuid: ids.next(),
                    building: building_uuid,
                    name: format!("{level}F"),
                    level,
                    elevation_m: Some((level - 1) as f64 * 3.6),
                    storey_height_m: Some(3.6),
                };
                let wanted = if options.large_floor_rooms > 0 && project.floors.is_empty() {
                    options.large_floor_rooms
                } else {
                    2 * bays
                };
                let count = wanted.min(remaining);
                for (i, polygon) in layout::floor_rooms(count, bays, &mut rng)
                    .into_iter()
                    .enumerate()
                {
                    let (category, status) = pick_use(&mut rng);
                    let unit_index = (i * units.len()) / count.max(1);
                    let occupied =
                        status == RoomStatus::InUse && category != RoomCategory::Equipment;
                    let uuid = ids.next();
                    if occupied && let Some(list) = unit_rooms.get_mut(unit_index) {
                        list.push(uuid);
                    }
                    project.rooms.push(Room {
                        uuid,
                        floor: floor.uuid,
                        number: format!("{level}{:02}", i + 1),
                        name: String::new(),
                        category,
                        sub_use: String::new(),
                        status,
                        status_since: (status != RoomStatus::InUse)
                            .then(|| "2025-06-30".to_owned()),
                        polygon,
                        surveyed_area_m2: None,
                        units: match (occupied, units.get(unit_index)) {
                            (true, Some(u)) => vec![u.uuid],
                            _ => Vec::new(),
                        },
                        note: String::new(),
                    });
                }
                remaining -= count;
                project.floors.push(floor);
            }
        }
        let persons = make_persons(&mut ids, &mut rng, &units, &unit_rooms);
        project.persons.extend(persons);
        project.units.extend(units);
        project.sites.push(site);
        site_index += 1;
    }
    project
}

fn pick_use(rng: &mut Rng) -> (RoomCategory, RoomStatus) {
    let category = match rng.below(100) {
        0..60 => RoomCategory::Office,
        60..85 => RoomCategory::Service,
        85..92 => RoomCategory::Equipment,
        92..96 => RoomCategory::Ancillary,
        _ => RoomCategory::Technical,
    };
    let status = match rng.below(100) {
        0..85 => RoomStatus::InUse,
        85..92 => RoomStatus::Idle,
        92..94 => RoomStatus::RentedOut,
        94..96 => RoomStatus::LentOut,
        96..98 => RoomStatus::Repair,
        _ => RoomStatus::Disposal,
    };
    (category, status)
}

fn make_units(
    ids: &mut Ids,
    rng: &mut Rng,
    site: &str,
    organ: OrganCategory,
    count: usize,
) -> Vec<Unit> {
    (0..count)
        .map(|i| {
            let leaders = if organ == OrganCategory::County {
                Grade::SectionChief
            } else {
                Grade::DivisionChief
            };
            let deputies = if organ == OrganCategory::County {
                Grade::SectionDeputy
            } else {
                Grade::DivisionDeputy
            };
            let staff = 8 + rng.below(20);
            let posts = BTreeMap::from([
                (leaders, 1),
                (deputies, 2 + rng.below(3)),
                (Grade::Clerk, staff),
            ]);
            Unit {
                region: None,
                uuid: ids.next(),
                name: format!(
                    "{site}{}",
                    UNIT_NAMES[(i * 7 + rng.below(3) as usize) % UNIT_NAMES.len()]
                ),
                organ_category: organ,
                kind: UnitKind::Organ,
                parent: None,
                posts,
                service_posts: rng.below(5),
                headcount: 0,
                note: String::new(),
                rank_step: None,
            }
        })
        .collect()
}

fn make_persons(
    ids: &mut Ids,
    rng: &mut Rng,
    units: &[Unit],
    unit_rooms: &[Vec<Uuid>],
) -> Vec<Person> {
    let mut persons = Vec::new();
    for (unit, rooms) in units.iter().zip(unit_rooms) {
        let mut room_cycle = rooms.iter().cycle();
        for (grade, count) in &unit.posts {
            for _ in 0..*count {
                let name = format!(
                    "{}{}{}",
                    SURNAMES[rng.below(SURNAMES.len() as u32) as usize],
                    GIVEN[rng.below(GIVEN.len() as u32) as usize],
                    GIVEN[rng.below(GIVEN.len() as u32) as usize]
                );
                persons.push(Person {
                    uuid: ids.next(),
                    name,
                    grade: *grade,
                    title: String::new(),
                    unit: unit.uuid,
                    status: PersonStatus::InPost,
                    status_date: None,
                    concurrent: Vec::new(),
                    rooms: room_cycle.next().map(|r| vec![*r]).unwrap_or_default(),
                    second_office_approval: String::new(),
                    second_office_approval_date: None,
                    rank: String::new(),
                    rank_only: false,
                    party_government_head: false,
                });
            }
        }
    }
    persons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_project() {
        let a = generate(GenerateOptions {
            rooms: 500,
            seed: 7,
            large_floor_rooms: 0,
        });
        let b = generate(GenerateOptions {
            rooms: 500,
            seed: 7,
            large_floor_rooms: 0,
        });
        assert_eq!(a, b);
        assert_eq!(a.rooms.len(), 500);
        let c = generate(GenerateOptions {
            rooms: 500,
            seed: 8,
            large_floor_rooms: 0,
        });
        assert_ne!(a.rooms[0].uuid, c.rooms[0].uuid);
    }

    #[test]
    fn every_generated_room_is_valid() {
        let project = generate(GenerateOptions {
            rooms: 3000,
            seed: 1,
            large_floor_rooms: 400,
        });
        assert_eq!(project.rooms.len(), 3000);
        for room in &project.rooms {
            crate::analysis::validate_polygon(&room.polygon).unwrap();
        }
        let first_floor = project.floors[0].uuid;
        assert_eq!(
            project
                .rooms
                .iter()
                .filter(|r| r.floor == first_floor)
                .count(),
            400
        );
    }
}
