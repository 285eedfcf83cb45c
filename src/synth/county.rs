//! A deterministic synthetic county (县) for the optimizer's benchmark: `units` units in
//! `buildings` buildings (five to a site) with `rooms` rooms in all, rooms of mixed widths
//! along a corridor, units holding contiguous runs of rooms in one building, leaders alone and
//! staff two or three to an office, some rooms idle. The same options always give the same
//! project, UUIDs included.

use std::collections::BTreeMap;

use geo::{LineString, Polygon};

use super::rng::Rng;
use super::{GIVEN, Ids, SURNAMES, UNIT_NAMES};
use crate::model::{
    Building, Floor, Grade, OrganCategory, Person, PersonStatus, Project, ProjectSettings, Region,
    RegionLevel, Room, RoomCategory, RoomStatus, Site, TitleStatus, Unit, UnitKind, Uuid,
};

/// What county to make.
#[derive(Clone, Copy, Debug)]
pub struct CountyOptions {
    pub units: usize,
    pub buildings: usize,
    pub rooms: usize,
    pub seed: u64,
}

/// Room widths (m) along the corridor; the depth is 5.4 m.
const WIDTHS: [f64; 6] = [3.0, 3.6, 3.6, 4.2, 4.8, 6.0];
const DEPTH: f64 = 5.4;
const CORRIDOR: f64 = 2.1;
const ROOMS_PER_FLOOR: usize = 20;

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
        Vec::new(),
    )
}

/// Makes the county.
pub fn county(options: CountyOptions) -> Project {
    let mut rng = Rng::new(options.seed);
    let mut ids = Ids {
        rng: Rng::new(options.seed ^ 0x5DEE_CE66_D1CE_4E5B),
        counter: 0,
    };
    let mut project = Project {
        region: Some(Region {
            parent_code: String::new(),
            uuid: ids.next(),
            name: "示范县".to_owned(),
            level: RegionLevel::County,
            code: "429999000000".to_owned(),
        }),
        settings: ProjectSettings {
            province: "湖北".to_owned(),
            as_of: Some("2026-09-30".to_owned()),
            ..ProjectSettings::default()
        },
        ..Project::default()
    };
    let buildings = options.buildings.max(1);
    let units: Vec<Unit> = (0..options.units)
        .map(|i| {
            let staff = 10 + rng.below(16);
            Unit {
                region: None,
                uuid: ids.next(),
                name: format!(
                    "县{}{}",
                    UNIT_NAMES[i % UNIT_NAMES.len()],
                    i / UNIT_NAMES.len() + 1
                ),
                organ_category: OrganCategory::County,
                kind: UnitKind::Organ,
                parent: None,
                posts: BTreeMap::from([
                    (Grade::SectionChief, 1),
                    (Grade::SectionDeputy, 1 + rng.below(2)),
                    (Grade::Clerk, staff),
                ]),
                service_posts: rng.below(3),
                headcount: 0,
                note: String::new(),
                rank_step: None,
            }
        })
        .collect();
    // Units by building, round robin.
    let mut in_building: Vec<Vec<usize>> = vec![Vec::new(); buildings];
    for u in 0..units.len() {
        in_building[u % buildings].push(u);
    }
    let mut unit_offices: Vec<Vec<(Uuid, f64)>> = vec![Vec::new(); units.len()];
    // Offices each unit holds: one per leader, one per two or three staff, and for about a
    // third of the units one or two more (those are over the standard); the other offices of
    // its run of rooms are idle (闲置), as in a county before consolidation.
    let quota: Vec<usize> = units
        .iter()
        .map(|u| {
            let leaders: u32 = u
                .posts
                .iter()
                .filter(|(g, _)| **g != Grade::Clerk)
                .map(|(_, n)| *n)
                .sum();
            let staff = u.posts.get(&Grade::Clerk).copied().unwrap_or(0);
            let extra = if rng.below(3) == 0 {
                1 + rng.below(2)
            } else {
                0
            };
            (leaders + staff.div_ceil(2) * 4 / 5 + extra) as usize
        })
        .collect();
    let mut site_uuid = Uuid::nil();
    for (b, owners) in in_building.iter().enumerate() {
        if b % 5 == 0 {
            let s = b / 5;
            site_uuid = ids.next();
            project.sites.push(Site {
                region: None,
                uuid: site_uuid,
                name: format!("县城第{}办公区", s + 1),
                address: format!("示范县人民路{}号", s + 1),
                land_area_m2: Some(6000.0 + rng.below(8000) as f64),
                lon_lat: Some((112.0 + s as f64 * 0.01, 30.0)),
                note: String::new(),
            });
        }
        let count = options.rooms / buildings + usize::from(b < options.rooms % buildings);
        let floors = count.div_ceil(ROOMS_PER_FLOOR).max(1);
        let building_uuid = ids.next();
        let width: f64 = 12.0 * 4.2;
        project.buildings.push(Building {
            main_user: Default::default(),
            footprint: Some(rect(-0.2, -0.2, width + 0.2, 2.0 * DEPTH + CORRIDOR + 0.2)),
            storeys: Some(floors as i32),
            gross_area_m2: Some(width * (2.0 * DEPTH + CORRIDOR) * floors as f64),
            usable_coefficient: Some(0.65),
            year_built: Some(1980 + rng.below(40) as i32),
            structure: "框架".to_owned(),
            title_status: TitleStatus::Registered,
            rented: false,
            ..Building::new(building_uuid, site_uuid, format!("第{}号办公楼", b + 1))
        });
        let mut made = 0usize;
        for level in 1..=floors {
            let floor_uuid = ids.next();
            project.floors.push(Floor {
                uuid: floor_uuid,
                building: building_uuid,
                name: format!("{level}F"),
                level: level as i32,
                elevation_m: Some((level - 1) as f64 * 3.6),
                storey_height_m: Some(3.6),
            });
            let on_floor = ROOMS_PER_FLOOR.min(count - made);
            let mut x = [0.0f64, 0.0];
            for i in 0..on_floor {
                let side = i % 2;
                let w = WIDTHS[rng.below(WIDTHS.len() as u32) as usize];
                let (y0, y1) = if side == 0 {
                    (0.1, DEPTH - 0.1)
                } else {
                    (DEPTH + CORRIDOR + 0.1, 2.0 * DEPTH + CORRIDOR - 0.1)
                };
                let polygon = rect(x[side] + 0.1, y0, x[side] + w - 0.1, y1);
                x[side] += w;
                let area = (w - 0.2) * (DEPTH - 0.2);
                let index = made + i;
                let owner = owners
                    .get(index * owners.len().max(1) / count.max(1))
                    .copied();
                let category = match rng.below(100) {
                    0..68 => RoomCategory::Office,
                    68..90 => RoomCategory::Service,
                    90..95 => RoomCategory::Equipment,
                    _ => RoomCategory::Ancillary,
                };
                let status = match rng.below(100) {
                    0..84 => RoomStatus::InUse,
                    84..97 => RoomStatus::Idle,
                    _ => RoomStatus::Repair,
                };
                let mut status = status;
                if status == RoomStatus::InUse
                    && category == RoomCategory::Office
                    && owner.is_some_and(|u| unit_offices[u].len() >= quota[u])
                {
                    status = RoomStatus::Idle;
                }
                let held = status == RoomStatus::InUse && category != RoomCategory::Equipment;
                let uuid = ids.next();
                if held
                    && category == RoomCategory::Office
                    && let Some(u) = owner
                {
                    unit_offices[u].push((uuid, area));
                }
                project.rooms.push(Room {
                    uuid,
                    floor: floor_uuid,
                    number: format!("{level}{:02}", i + 1),
                    name: String::new(),
                    category,
                    sub_use: String::new(),
                    status,
                    status_since: (status != RoomStatus::InUse).then(|| "2025-06-30".to_owned()),
                    polygon,
                    surveyed_area_m2: None,
                    units: match (held, owner.and_then(|u| units.get(u))) {
                        (true, Some(unit)) => vec![unit.uuid],
                        _ => Vec::new(),
                    },
                    note: String::new(),
                });
            }
            made += on_floor;
        }
    }
    // Persons: leaders alone in the largest offices, staff two or three to the others.
    for (u, unit) in units.iter().enumerate() {
        let mut offices = unit_offices[u].clone();
        offices.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut next = 0usize;
        let mut shared_left = 0usize;
        for (grade, n) in &unit.posts {
            for _ in 0..*n {
                let alone = *grade != Grade::Clerk;
                let room = if alone || shared_left == 0 {
                    let r = offices.get(next).map(|x| x.0);
                    next += 1;
                    shared_left = if alone { 0 } else { 1 + rng.below(2) as usize };
                    r
                } else {
                    shared_left -= 1;
                    offices.get(next.saturating_sub(1)).map(|x| x.0)
                };
                let name = format!(
                    "{}{}{}",
                    SURNAMES[rng.below(SURNAMES.len() as u32) as usize],
                    GIVEN[rng.below(GIVEN.len() as u32) as usize],
                    GIVEN[rng.below(GIVEN.len() as u32) as usize]
                );
                project.persons.push(Person {
                    uuid: ids.next(),
                    name,
                    grade: *grade,
                    title: String::new(),
                    unit: unit.uuid,
                    status: PersonStatus::InPost,
                    status_date: None,
                    concurrent: Vec::new(),
                    rooms: room.map(|r| vec![r]).unwrap_or_default(),
                    second_office_approval: String::new(),
                    second_office_approval_date: None,
                    rank: String::new(),
                    rank_only: false,
                    party_government_head: false,
                });
            }
        }
    }
    project.units = units;
    project
}
