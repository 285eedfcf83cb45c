//! The figures a scenario is judged by (调剂方案指标), kept by delta as rooms change hands.
//!
//! [`Tally::build`] counts everything from a project; [`Tally::change_room`] follows one room
//! changing units and status. [`Kpis`] reads the tally and the compliance result; a full
//! [`Tally::build`] of the end state is the test oracle of the deltas.

use std::collections::HashMap;

use crate::analysis::compliance::Compliance;
use crate::model::{Project, RoomStatus, Uuid};

/// Per floor, per building and per unit counts that change by delta.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// `room_floor[r]`: index of room `r`'s floor in the project's floors.
    room_floor: Vec<u32>,
    /// `floor_building[f]`: index of floor `f`'s building in the project's buildings.
    floor_building: Vec<u32>,
    /// Rooms per floor, and of those the ones held by a unit.
    floor_rooms: Vec<u32>,
    floor_held: Vec<u32>,
    building_rooms: Vec<u32>,
    building_held: Vec<u32>,
    /// Per unit (by UUID): rooms held per building index.
    unit_buildings: HashMap<Uuid, Vec<(u32, u32)>>,
    /// Units holding rooms in more than one building.
    split: usize,
    /// 闲置 使用面积, m².
    idle_m2: f64,
}

const NONE: u32 = u32::MAX;

impl Tally {
    /// Counts a whole project; `areas[i]` is the 使用面积 of `project.rooms[i]`.
    pub fn build(project: &Project, areas: &[f64]) -> Self {
        let buildings: HashMap<Uuid, u32> = project
            .buildings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.uuid, i as u32))
            .collect();
        let floors: HashMap<Uuid, u32> = project
            .floors
            .iter()
            .enumerate()
            .map(|(i, f)| (f.uuid, i as u32))
            .collect();
        let mut tally = Self {
            room_floor: Vec::with_capacity(project.rooms.len()),
            floor_building: project
                .floors
                .iter()
                .map(|f| buildings.get(&f.building).copied().unwrap_or(NONE))
                .collect(),
            floor_rooms: vec![0; project.floors.len()],
            floor_held: vec![0; project.floors.len()],
            building_rooms: vec![0; project.buildings.len()],
            building_held: vec![0; project.buildings.len()],
            ..Self::default()
        };
        let mut last: Option<(Uuid, u32)> = None;
        for (i, room) in project.rooms.iter().enumerate() {
            let floor = match last {
                Some((uuid, f)) if uuid == room.floor => f,
                _ => {
                    let f = floors.get(&room.floor).copied().unwrap_or(NONE);
                    last = Some((room.floor, f));
                    f
                }
            };
            tally.room_floor.push(floor);
            let building = tally.building_of(floor);
            bump(&mut tally.floor_rooms, floor, 1);
            bump(&mut tally.building_rooms, building, 1);
            let area = areas.get(i).copied().unwrap_or(0.0);
            tally.add(i, &room.units, room.status, area, 1);
        }
        tally
    }

    fn building_of(&self, floor: u32) -> u32 {
        self.floor_building
            .get(floor as usize)
            .copied()
            .unwrap_or(NONE)
    }

    /// Adds (`sign` = 1) or removes (−1) room `room`'s holding by `units` in `status`.
    fn add(&mut self, room: usize, units: &[Uuid], status: RoomStatus, area: f64, sign: i32) {
        let floor = self.room_floor.get(room).copied().unwrap_or(NONE);
        let building = self.building_of(floor);
        if status == RoomStatus::Idle {
            self.idle_m2 += f64::from(sign) * area;
        }
        if units.is_empty() {
            return;
        }
        bump(&mut self.floor_held, floor, sign);
        bump(&mut self.building_held, building, sign);
        if building == NONE {
            return;
        }
        for unit in units {
            let held = self.unit_buildings.entry(*unit).or_default();
            let before = held.len();
            match held.iter().position(|(b, _)| *b == building) {
                Some(i) => {
                    if let Some((_, n)) = held.get_mut(i) {
                        *n = n.saturating_add_signed(sign);
                        if *n == 0 {
                            held.swap_remove(i);
                        }
                    }
                }
                None if sign > 0 => held.push((building, 1)),
                None => {}
            }
            let after = held.len();
            if before > 1 && after <= 1 {
                self.split -= 1;
            } else if before <= 1 && after > 1 {
                self.split += 1;
            }
        }
    }

    /// Room `room` (index into the project's rooms) goes from `units_before` in
    /// `status_before` to `units_after` in `status_after`; `area` is its 使用面积.
    pub fn change_room(
        &mut self,
        room: usize,
        before: (&[Uuid], RoomStatus),
        after: (&[Uuid], RoomStatus),
        area: f64,
    ) {
        self.add(room, before.0, before.1, area, -1);
        self.add(room, after.0, after.1, area, 1);
    }

    /// Whether two tallies count the same (the idle area within 1e-6 m²): how a tally kept
    /// by delta is checked against a fresh [`Tally::build`].
    pub fn agrees_with(&self, other: &Tally) -> bool {
        let holdings = |t: &Tally| {
            let mut v: Vec<(Uuid, u32, u32)> = t
                .unit_buildings
                .iter()
                .flat_map(|(u, held)| held.iter().map(|(b, n)| (*u, *b, *n)))
                .collect();
            v.sort_unstable();
            v
        };
        self.room_floor == other.room_floor
            && self.floor_held == other.floor_held
            && self.building_held == other.building_held
            && self.split == other.split
            && (self.idle_m2 - other.idle_m2).abs() < 1e-6
            && holdings(self) == holdings(other)
    }

    /// 闲置 使用面积 in m².
    pub fn idle_m2(&self) -> f64 {
        self.idle_m2
    }

    /// Units holding rooms in more than one building.
    pub fn units_split(&self) -> usize {
        self.split
    }

    /// Indices of the buildings that have rooms and none held by a unit.
    pub fn vacated_buildings(&self) -> impl Iterator<Item = usize> + '_ {
        vacant(&self.building_rooms, &self.building_held)
    }

    /// Indices of the floors that have rooms and none held by a unit.
    pub fn vacated_floors(&self) -> impl Iterator<Item = usize> + '_ {
        vacant(&self.floor_rooms, &self.floor_held)
    }
}

fn vacant<'a>(rooms: &'a [u32], held: &'a [u32]) -> impl Iterator<Item = usize> + 'a {
    rooms
        .iter()
        .zip(held)
        .enumerate()
        .filter(|(_, (rooms, held))| **rooms > 0 && **held == 0)
        .map(|(i, _)| i)
}

fn bump(counts: &mut [u32], at: u32, sign: i32) {
    if let Some(n) = counts.get_mut(at as usize) {
        *n = n.saturating_add_signed(sign);
    }
}

/// The figures of one state (baseline or scenario), as `scenario compare` prints them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Kpis {
    /// Moves in the scenario (0 for the baseline).
    pub moves: usize,
    /// Buildings with rooms and none held by a unit (腾空楼栋), by name.
    pub vacated_buildings: Vec<String>,
    /// Floors likewise, as `building floor`.
    pub vacated_floors: Vec<String>,
    /// 闲置 rooms' 使用面积, m².
    pub idle_area_m2: f64,
    /// Σ over units of the excess of 办公室, 服务用房 and 设备用房 (超标面积, 使用面积), m².
    pub over_standard_area_m2: f64,
    /// Units over the standard in any item.
    pub units_over: usize,
    /// Persons whose offices exceed their row (个人超标), or who sit in a shared office over
    /// the sum of its occupants' rows.
    pub persons_over: usize,
    /// Units holding rooms in more than one building (分散办公).
    pub units_split: usize,
}

impl Kpis {
    /// Reads the figures of a checked state.
    pub fn of(project: &Project, compliance: &Compliance, tally: &Tally, moves: usize) -> Self {
        let name = |i: usize| project.buildings.get(i).map(|b| b.name.clone());
        let persons_over = compliance.persons_over();
        Self {
            moves,
            vacated_buildings: tally.vacated_buildings().filter_map(name).collect(),
            vacated_floors: tally
                .vacated_floors()
                .filter_map(|f| {
                    let floor = project.floors.get(f)?;
                    let building = tally.floor_building.get(f).copied().unwrap_or(NONE);
                    Some(format!("{} {}", name(building as usize)?, floor.name))
                })
                .collect(),
            idle_area_m2: tally.idle_m2(),
            over_standard_area_m2: compliance
                .units
                .iter()
                .flat_map(|u| [Some(u.office), u.service, u.plant])
                .flatten()
                .filter(|m| m.is_over())
                .map(|m| m.excess_m2)
                .sum(),
            units_over: compliance.units_over().count(),
            persons_over: persons_over.len(),
            units_split: tally.units_split(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Building, Floor, Room, RoomCategory, TitleStatus};
    use geo::{Rect, coord};

    fn room(n: u128, floor: Uuid, units: &[u128], status: RoomStatus) -> Room {
        Room {
            uuid: Uuid::from_u128(n),
            floor,
            number: n.to_string(),
            name: String::new(),
            category: RoomCategory::Office,
            sub_use: String::new(),
            status,
            status_since: None,
            polygon: Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 4.0, y: 5.0 }).to_polygon(),
            surveyed_area_m2: None,
            units: units.iter().map(|u| Uuid::from_u128(*u)).collect(),
            note: String::new(),
        }
    }

    fn two_buildings() -> Project {
        let mut project = Project::default();
        for b in 0..2u128 {
            let building = Building {
                uuid: Uuid::from_u128(100 + b),
                site: Uuid::from_u128(1),
                name: format!("B{b}"),
                year_built: None,
                storeys: None,
                structure: String::new(),
                gross_area_m2: None,
                usable_coefficient: None,
                title_status: TitleStatus::Registered,
                certificate_no: String::new(),
                rented: false,
                anchor_lon_lat: None,
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
                footprint: None,
            };
            project.buildings.push(building);
            project.floors.push(Floor {
                uuid: Uuid::from_u128(200 + b),
                building: Uuid::from_u128(100 + b),
                name: "1F".into(),
                level: 1,
                elevation_m: None,
                storey_height_m: None,
            });
        }
        let (f0, f1) = (Uuid::from_u128(200), Uuid::from_u128(201));
        project.rooms = vec![
            room(1, f0, &[7], RoomStatus::InUse),
            room(2, f0, &[], RoomStatus::Idle),
            room(3, f1, &[7], RoomStatus::InUse),
            room(4, f1, &[8], RoomStatus::InUse),
        ];
        project
    }

    #[test]
    fn moving_the_last_unit_out_vacates_the_building_and_joins_the_split_unit() {
        let project = two_buildings();
        let areas = vec![20.0; 4]; // each room is 4 m × 5 m
        let mut tally = Tally::build(&project, &areas);
        assert_eq!(tally.units_split(), 1); // unit 7 in B0 and B1
        assert_eq!(tally.idle_m2(), 20.0); // room 2
        assert_eq!(tally.vacated_buildings().count(), 0);
        // Unit 7 leaves room 3 (B1) for idle room 2 (B0); unit 8 leaves room 4 for nowhere.
        let (seven, eight) = ([Uuid::from_u128(7)], [Uuid::from_u128(8)]);
        tally.change_room(
            2,
            (&seven, RoomStatus::InUse),
            (&[], RoomStatus::Idle),
            20.0,
        );
        tally.change_room(
            1,
            (&[], RoomStatus::Idle),
            (&seven, RoomStatus::InUse),
            20.0,
        );
        tally.change_room(
            3,
            (&eight, RoomStatus::InUse),
            (&[], RoomStatus::Idle),
            20.0,
        );
        assert_eq!(tally.units_split(), 0);
        assert_eq!(tally.vacated_buildings().collect::<Vec<_>>(), vec![1]);
        assert_eq!(tally.idle_m2(), 40.0); // rooms 3 and 4
        let mut end = project.clone();
        end.rooms[1].units = seven.to_vec();
        end.rooms[1].status = RoomStatus::InUse;
        end.rooms[2].units.clear();
        end.rooms[2].status = RoomStatus::Idle;
        end.rooms[3].units.clear();
        end.rooms[3].status = RoomStatus::Idle;
        assert!(tally.agrees_with(&Tally::build(&end, &areas)));
    }
}
