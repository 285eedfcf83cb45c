//! Where every room of the file lands in the report rows (`docs/report-rules.md` §1): a room
//! held by n units counts 1/n to each unit's row; a room without a unit (or the share of a unit
//! the file does not hold) counts to its building's 公共部分 row. Every status counts in its
//! category's columns; idle rooms also fill 空置使用面积. So the rows of each table add up, by
//! category, to the file's totals (`summary --json`), and [`round_rows`] keeps that true of
//! the printed 0.01 m² figures.

use std::collections::{HashMap, HashSet};

use crate::analysis::compliance::Compliance;
use crate::analysis::gross::{BuildingGross, BuildingUsable, GrossBasis, project_gross};
use crate::model::{Building, Project, RoomCategory, RoomStatus, Uuid};
use crate::standards::ProjectStandard;

/// The areas of one report row, m² (unrounded until [`Allocation::rounded`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RowAreas {
    /// 使用面积 of 办公室, 服务用房, 设备用房, 附属用房, 技术业务用房; every status.
    pub office: f64,
    pub service: f64,
    pub equipment: f64,
    pub ancillary: f64,
    pub technical: f64,
    /// 建筑面积: 办公用房 (incl. 附属), 附属用房, 技术业务用房.
    pub office_gross: f64,
    pub ancillary_gross: f64,
    pub technical_gross: f64,
    /// 空置使用面积: the row's idle rooms, any category.
    pub idle: f64,
    /// The least certain basis of the row's 建筑面积 (recorded if it has none).
    pub basis: Option<GrossBasis>,
}

impl RowAreas {
    /// 基本办公用房使用面积 (办公室 + 服务 + 设备).
    pub fn basic(&self) -> f64 {
        self.office + self.service + self.equipment
    }

    fn add(&mut self, category: RoomCategory, status: RoomStatus, usable: f64, gross: f64) {
        match category {
            RoomCategory::Office => self.office += usable,
            RoomCategory::Service => self.service += usable,
            RoomCategory::Equipment => self.equipment += usable,
            RoomCategory::Ancillary => {
                self.ancillary += usable;
                self.ancillary_gross += gross;
            }
            RoomCategory::Technical => {
                self.technical += usable;
                self.technical_gross += gross;
            }
        }
        if category != RoomCategory::Technical {
            self.office_gross += gross;
        }
        if status == RoomStatus::Idle {
            self.idle += usable;
        }
    }

    fn mark(&mut self, basis: GrossBasis) {
        self.basis = Some(self.basis.map_or(basis, |b| b.max(basis)));
    }

    /// The fields that are added up, in a fixed order (for rounding).
    fn fields_mut(&mut self) -> [&mut f64; 9] {
        [
            &mut self.office,
            &mut self.service,
            &mut self.equipment,
            &mut self.ancillary,
            &mut self.technical,
            &mut self.office_gross,
            &mut self.ancillary_gross,
            &mut self.technical_gross,
            &mut self.idle,
        ]
    }
}

/// The buildings a unit uses: the one it holds most 使用面积 in (ties to the earlier building
/// of the file), then the others.
#[derive(Clone, Debug, Default)]
pub struct UnitBuildings {
    pub main: Option<usize>,
    pub others: Vec<usize>,
}

/// Every room of a checked project placed in a row.
#[derive(Clone, Debug)]
pub struct Allocation {
    /// One row per unit of the project, in its order.
    pub units: Vec<RowAreas>,
    pub unit_buildings: Vec<UnitBuildings>,
    /// 公共部分 rows: (building index, areas), in the file's building order, for every
    /// building held on the statistics date that has rooms without a unit, carries recorded
    /// 建筑面积 no room does, or is no unit's main building.
    pub common: Vec<(usize, RowAreas)>,
    /// Each building's 建筑面积 figures and 使用面积.
    pub buildings: HashMap<Uuid, (BuildingGross, BuildingUsable)>,
}

impl Allocation {
    /// Places every room of `project` (as checked in `result`).
    pub fn of(project: &Project, standard: &ProjectStandard, result: &Compliance) -> Self {
        let buildings = project_gross(project, &standard.set.coefficient, &result.areas);
        let building_index: HashMap<Uuid, usize> = project
            .buildings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.uuid, i))
            .collect();
        let building_of: HashMap<Uuid, usize> = project
            .floors
            .iter()
            .filter_map(|f| Some((f.uuid, *building_index.get(&f.building)?)))
            .collect();
        let unit_index: HashMap<Uuid, usize> = project
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.uuid, i))
            .collect();
        let mut units = vec![RowAreas::default(); project.units.len()];
        let mut used_in: Vec<HashMap<usize, f64>> = vec![HashMap::new(); project.units.len()];
        let mut common: Vec<Option<RowAreas>> = vec![None; project.buildings.len()];
        for (room, area) in project.rooms.iter().zip(&result.areas) {
            let Some(b) = building_of.get(&room.floor).copied() else {
                continue;
            };
            let basis = project
                .buildings
                .get(b)
                .and_then(|building| buildings.get(&building.uuid))
                .map(|(g, _)| g.figure(room.category).basis);
            let gross = result.gross_m2(&room.floor, room.category, *area);
            let n = room.units.len().max(1) as f64;
            let (usable, gross) = (*area / n, gross / n);
            let mut to_common = 0usize;
            for unit in &room.units {
                match unit_index.get(unit).copied() {
                    Some(u) => {
                        if let Some(row) = units.get_mut(u) {
                            row.add(room.category, room.status, usable, gross);
                            if let Some(basis) = basis.filter(|_| gross > 0.0) {
                                row.mark(basis);
                            }
                        }
                        if let Some(used) = used_in.get_mut(u) {
                            *used.entry(b).or_insert(0.0) += usable;
                        }
                    }
                    None => to_common += 1,
                }
            }
            if room.units.is_empty() {
                to_common = 1;
            }
            if to_common > 0
                && let Some(slot) = common.get_mut(b)
            {
                let row = slot.get_or_insert_with(RowAreas::default);
                for _ in 0..to_common {
                    row.add(room.category, room.status, usable, gross);
                }
                if let Some(basis) = basis.filter(|_| gross > 0.0) {
                    row.mark(basis);
                }
            }
        }
        let unit_buildings: Vec<UnitBuildings> = used_in
            .iter()
            .map(|used| {
                let mut ranked: Vec<(usize, f64)> = used.iter().map(|(b, a)| (*b, *a)).collect();
                ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                let mut order = ranked.into_iter().map(|(b, _)| b);
                UnitBuildings {
                    main: order.next(),
                    others: order.collect(),
                }
            })
            .collect();
        let mains: HashSet<usize> = unit_buildings.iter().filter_map(|u| u.main).collect();
        let common = project
            .buildings
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.is_returned_on(&result.as_of))
            .filter_map(|(i, b)| {
                let mut row = common.get(i).copied().flatten();
                if let Some((g, u)) = buildings.get(&b.uuid) {
                    let (office, technical) = g.unallocated_m2(u);
                    if office > 0.0 || technical > 0.0 {
                        let row = row.get_or_insert_with(RowAreas::default);
                        row.office_gross += office;
                        row.technical_gross += technical;
                        row.mark(GrossBasis::Recorded);
                    }
                }
                match row {
                    Some(row) => Some((i, row)),
                    None if !mains.contains(&i) => Some((i, RowAreas::default())),
                    None => None,
                }
            })
            .collect();
        Self {
            units,
            unit_buildings,
            common,
            buildings,
        }
    }

    /// The rows rounded to 0.01 m², unit rows then 公共部分 rows, each column by
    /// [`round_rows`] over all of them, so that the printed rows add up to the printed total.
    pub fn rounded(&self) -> (Vec<RowAreas>, Vec<(usize, RowAreas)>) {
        let mut rows: Vec<RowAreas> = self
            .units
            .iter()
            .copied()
            .chain(self.common.iter().map(|(_, r)| *r))
            .collect();
        for field in 0..9 {
            let values: Vec<f64> = rows
                .iter_mut()
                .map(|r| r.fields_mut().get(field).map_or(0.0, |v| **v))
                .collect();
            for (row, value) in rows.iter_mut().zip(round_rows(&values)) {
                if let Some(slot) = row.fields_mut().into_iter().nth(field) {
                    *slot = value;
                }
            }
        }
        let common = rows.split_off(self.units.len());
        (
            rows,
            self.common.iter().map(|(b, _)| *b).zip(common).collect(),
        )
    }

    /// The total of every row (unrounded).
    pub fn total(&self) -> RowAreas {
        let mut total = RowAreas::default();
        for row in self.units.iter().chain(self.common.iter().map(|(_, r)| r)) {
            let mut row = *row;
            for (t, v) in total.fields_mut().into_iter().zip(row.fields_mut()) {
                *t += *v;
            }
            if let Some(b) = row.basis {
                total.mark(b);
            }
        }
        total
    }

    /// The building at `index` of the project.
    pub fn building(project: &Project, index: Option<usize>) -> Option<&Building> {
        project.buildings.get(index?)
    }
}

/// Rounds `values` (m²) to 0.01 so that they add up to their sum rounded to 0.01
/// (largest-remainder rounding: every value is cut down to whole hundredths, and the
/// hundredths still missing go one each to the values that lost most).
///
/// ```
/// use officeplan::io::report::round_rows;
/// // Three thirds of 10.00 m²: 3.33 + 3.33 + 3.33 would print 9.99.
/// let third = 10.0 / 3.0;
/// assert_eq!(round_rows(&[third, third, third]), [3.34, 3.33, 3.33]);
/// ```
pub fn round_rows(values: &[f64]) -> Vec<f64> {
    // Hundredths: areas of a province are far below 2^53 / 100.
    #[allow(clippy::cast_possible_truncation)]
    let target = (values.iter().sum::<f64>() * 100.0).round() as i64;
    #[allow(clippy::cast_possible_truncation)]
    let mut cents: Vec<i64> = values
        .iter()
        .map(|v| (v * 100.0 + 1e-7).floor() as i64)
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .zip(&cents)
        .enumerate()
        .map(|(i, (v, c))| (i, v * 100.0 - *c as f64))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut missing = target - cents.iter().sum::<i64>();
    for (i, _) in order.iter().cycle().take(values.len() * 2) {
        if missing == 0 {
            break;
        }
        if let Some(c) = cents.get_mut(*i) {
            let step = missing.signum();
            *c += step;
            missing -= step;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    cents.iter().map(|c| *c as f64 / 100.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compliance::{CheckOptions, check};
    use crate::model::{Floor, OrganCategory, Room, Unit, UnitKind};
    use geo::{LineString, Polygon};

    fn unit(n: u128) -> Unit {
        Unit {
            region: None,
            uuid: Uuid::from_u128(n),
            name: format!("单位{n}"),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: Default::default(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
            rank_step: None,
        }
    }

    /// A `w` × `h` m room of `category` and `status` held by `units`.
    fn room(
        n: u128,
        w: f64,
        h: f64,
        category: RoomCategory,
        status: RoomStatus,
        units: &[u128],
    ) -> Room {
        Room {
            uuid: Uuid::from_u128(100 + n),
            floor: Uuid::from_u128(20),
            number: n.to_string(),
            name: String::new(),
            category,
            sub_use: String::new(),
            status,
            status_since: (status != RoomStatus::InUse).then(|| "2026-01-01".to_owned()),
            polygon: Polygon::new(
                LineString::from(vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h), (0.0, 0.0)]),
                vec![],
            ),
            surveyed_area_m2: None,
            units: units.iter().map(|u| Uuid::from_u128(*u)).collect(),
            note: String::new(),
        }
    }

    /// A hand-checked building: 210 m² 使用面积 of 办公用房 (30 + 20 + 40 + 10 + 100 + 10),
    /// 总建筑面积 not recorded,
    /// coefficient 0.8 (so 1.25 m² 建筑面积 per m²).
    #[test]
    fn a_worked_building_places_every_room() {
        let mut project = Project {
            units: vec![unit(1), unit(2)],
            ..Project::default()
        };
        let mut building = Building::new(Uuid::from_u128(10), Uuid::nil(), "一号楼".into());
        building.usable_coefficient = Some(0.8);
        project.buildings.push(building);
        project.floors.push(Floor {
            uuid: Uuid::from_u128(20),
            building: Uuid::from_u128(10),
            name: "1F".into(),
            level: 1,
            elevation_m: None,
            storey_height_m: None,
        });
        project.rooms = vec![
            // 单位1's office 6 × 5 = 30, its idle office 4 × 5 = 20.
            room(1, 6.0, 5.0, RoomCategory::Office, RoomStatus::InUse, &[1]),
            room(2, 4.0, 5.0, RoomCategory::Office, RoomStatus::Idle, &[1]),
            // A 10 × 4 = 40 meeting room shared by both: 20 each.
            room(
                3,
                10.0,
                4.0,
                RoomCategory::Service,
                RoomStatus::InUse,
                &[1, 2],
            ),
            // No unit: plant 5 × 2 = 10, canteen 10 × 10 = 100 (附属), idle store 2.5 × 4 = 10.
            room(4, 5.0, 2.0, RoomCategory::Equipment, RoomStatus::InUse, &[]),
            room(
                5,
                10.0,
                10.0,
                RoomCategory::Ancillary,
                RoomStatus::InUse,
                &[],
            ),
            room(6, 2.5, 4.0, RoomCategory::Service, RoomStatus::Idle, &[]),
        ];
        let standard = ProjectStandard::resolve(&project.settings).unwrap();
        let result = check(
            &project,
            &standard,
            &CheckOptions {
                as_of: "2026-09-30".into(),
            },
        );
        let allocation = Allocation::of(&project, &standard, &result);
        let (units, common) = allocation.rounded();
        let one = units[0];
        assert_eq!((one.office, one.service, one.idle), (50.0, 20.0, 20.0));
        // 70 m² of 办公用房 × 1.25.
        assert_eq!(
            (one.office_gross, one.basis),
            (87.5, Some(GrossBasis::Estimated))
        );
        assert_eq!((units[1].service, units[1].office_gross), (20.0, 25.0));
        let (b, c) = common[0];
        assert_eq!(b, 0);
        assert_eq!((c.equipment, c.service, c.idle), (10.0, 10.0, 10.0));
        assert_eq!((c.ancillary, c.ancillary_gross), (100.0, 125.0));
        // 120 m² × 1.25; the three rows make the building's 210 × 1.25 = 262.5.
        assert_eq!(c.office_gross, 150.0);
        assert_eq!(
            one.office_gross + units[1].office_gross + c.office_gross,
            262.5
        );
    }

    #[test]
    fn rounded_rows_add_up_to_the_rounded_sum() {
        // 0.005 × 3 = 0.015 → 0.02 in total; the rows print 0.01 + 0.01 + 0.00.
        let rows = round_rows(&[0.005, 0.005, 0.005]);
        assert_eq!(rows, [0.01, 0.01, 0.0]);
        let rows = round_rows(&[19.044, 15.644, 7.706]);
        // 42.394 → 42.39: 7.706 lost most when cut down (0.6 of a hundredth).
        assert_eq!(rows, [19.04, 15.64, 7.71]);
        assert!((rows.iter().sum::<f64>() - 42.39).abs() < 1e-9);
    }
}
