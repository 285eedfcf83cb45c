//! 建筑面积 estimates for rooms that are reported on the gross basis (附属用房, 技术业务用房)
//! although only their usable polygons are drawn.
//!
//! One source for every 建筑面积 figure (issue #14, `docs/report-rules.md` §2): per building,
//! [`BuildingGross::of`] gives 办公用房建筑面积 (办公室 + 服务 + 设备 + 附属), 附属用房建筑面积 and
//! 技术业务用房建筑面积, each with its [`GrossBasis`]:
//!
//! 1. recorded (登记): the building's recorded 办公用房 / 技术业务用房 建筑面积;
//! 2. apportioned (分摊): else the building's recorded 总建筑面积 split between 办公用房 and
//!    技术业务用房 by their 使用面积;
//! 3. estimated (估算): else 使用面积 ÷ the building's usable coefficient (使用面积系数: the
//!    building's recorded one, else the standard's default for its height, DOMAIN §1.6).
//!
//! 附属用房建筑面积 is the 附属 part of 办公用房建筑面积 by 使用面积. A room's 建筑面积 is its
//! 使用面积 times its building's ratio (figure ÷ 使用面积 of the figure's rooms), so that rooms
//! (and the report rows made of them) add up to the building's figure. `check`, every report
//! sheet and `summary --json` read these functions and nothing else.

use std::collections::HashMap;

use crate::analysis::CategoryStatusTotals;
use crate::model::{Building, Coded as _, Project, RoomCategory, Uuid};
use crate::standards::UsableCoefficient;

/// Where a 建筑面积 figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GrossBasis {
    /// As recorded for the building (title documents, survey).
    Recorded,
    /// The building's recorded 总建筑面积 split by 使用面积.
    Apportioned,
    /// 使用面积 ÷ 使用面积系数.
    Estimated,
}

impl GrossBasis {
    /// The stable code (`recorded`, `apportioned`, `estimated`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Recorded => "recorded",
            Self::Apportioned => "apportioned",
            Self::Estimated => "estimated",
        }
    }

    /// Whether the figure is derived rather than recorded (marked in reports).
    pub fn is_derived(self) -> bool {
        self != Self::Recorded
    }
}

/// A 建筑面积 figure, m², and its basis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GrossFigure {
    pub m2: f64,
    pub basis: GrossBasis,
}

/// 使用面积 of a building's rooms by the groups its 建筑面积 figures cover.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BuildingUsable {
    /// 办公用房: 办公室 + 服务用房 + 设备用房 + 附属用房, any status.
    pub office_space_m2: f64,
    /// 附属用房 (part of `office_space_m2`).
    pub ancillary_m2: f64,
    /// 技术业务用房.
    pub technical_m2: f64,
}

impl BuildingUsable {
    /// Adds a room's 使用面积.
    pub fn add(&mut self, category: RoomCategory, usable_m2: f64) {
        match category {
            RoomCategory::Technical => self.technical_m2 += usable_m2,
            RoomCategory::Ancillary => {
                self.ancillary_m2 += usable_m2;
                self.office_space_m2 += usable_m2;
            }
            _ => self.office_space_m2 += usable_m2,
        }
    }

    /// From a building's category × status totals (the index `summary` reads).
    pub fn of_totals(totals: &CategoryStatusTotals) -> Self {
        let mut usable = Self::default();
        for c in RoomCategory::ALL {
            usable.add(*c, totals.by_category(*c).area_m2);
        }
        usable
    }
}

/// The three 建筑面积 figures of one building.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BuildingGross {
    /// 办公用房建筑面积 (incl. 附属用房).
    pub office: GrossFigure,
    pub ancillary: GrossFigure,
    pub technical: GrossFigure,
}

impl BuildingGross {
    /// The figures of `building` whose rooms have the 使用面积 `usable`, with the usable
    /// coefficient `coefficient`.
    ///
    /// ```
    /// use officeplan::analysis::gross::{BuildingGross, BuildingUsable, GrossBasis};
    /// use officeplan::model::{Building, Uuid};
    /// let mut b = Building::new(Uuid::from_u128(1), Uuid::nil(), "综合办公楼".into());
    /// let usable = BuildingUsable { office_space_m2: 90.0, ancillary_m2: 30.0, technical_m2: 10.0 };
    /// // Nothing recorded: 使用面积 ÷ 0.6.
    /// let g = BuildingGross::of(&b, &usable, 0.6);
    /// assert_eq!((g.office.m2, g.office.basis), (150.0, GrossBasis::Estimated));
    /// // 总建筑面积 200 recorded: split 90 : 10; 附属 is 30/90 of 办公用房.
    /// b.gross_area_m2 = Some(200.0);
    /// let g = BuildingGross::of(&b, &usable, 0.6);
    /// assert_eq!((g.office.m2, g.technical.m2, g.ancillary.m2), (180.0, 20.0, 60.0));
    /// assert_eq!(g.ancillary.basis, GrossBasis::Apportioned);
    /// ```
    pub fn of(building: &Building, usable: &BuildingUsable, coefficient: f64) -> Self {
        let all = usable.office_space_m2 + usable.technical_m2;
        let figure = |recorded: Option<f64>, part: f64| match (recorded, building.gross_area_m2) {
            (Some(m2), _) => GrossFigure {
                m2,
                basis: GrossBasis::Recorded,
            },
            (None, Some(gross)) if all > 0.0 => GrossFigure {
                m2: gross * part / all,
                basis: GrossBasis::Apportioned,
            },
            _ => GrossFigure {
                m2: part / coefficient,
                basis: GrossBasis::Estimated,
            },
        };
        let office = figure(building.office_gross_m2, usable.office_space_m2);
        let technical = figure(building.technical_gross_m2, usable.technical_m2);
        let ancillary = GrossFigure {
            m2: if usable.office_space_m2 > 0.0 {
                office.m2 * usable.ancillary_m2 / usable.office_space_m2
            } else {
                0.0
            },
            basis: match office.basis {
                GrossBasis::Estimated => GrossBasis::Estimated,
                _ => GrossBasis::Apportioned,
            },
        };
        Self {
            office,
            ancillary,
            technical,
        }
    }

    /// 建筑面积 per m² of 使用面积 for a room of `category` (0 where the building has no such
    /// rooms: a recorded figure with no rooms to carry it is reported on the building's
    /// 公共部分 row, see [`BuildingGross::unallocated_m2`]).
    pub fn ratio(&self, category: RoomCategory, usable: &BuildingUsable) -> f64 {
        let (figure, base) = match category {
            RoomCategory::Technical => (self.technical.m2, usable.technical_m2),
            _ => (self.office.m2, usable.office_space_m2),
        };
        if base > 0.0 { figure / base } else { 0.0 }
    }

    /// Recorded 建筑面积 that no room carries (办公用房, 技术业务用房): a recorded figure of a
    /// building without rooms of that kind.
    pub fn unallocated_m2(&self, usable: &BuildingUsable) -> (f64, f64) {
        (
            if usable.office_space_m2 > 0.0 {
                0.0
            } else {
                self.office.m2
            },
            if usable.technical_m2 > 0.0 {
                0.0
            } else {
                self.technical.m2
            },
        )
    }

    /// The figure for a category group: `Technical`, `Ancillary`, anything else = 办公用房.
    pub fn figure(&self, category: RoomCategory) -> GrossFigure {
        match category {
            RoomCategory::Technical => self.technical,
            RoomCategory::Ancillary => self.ancillary,
            _ => self.office,
        }
    }
}

/// The figures of every building of a project whose rooms have the 使用面积 `areas`
/// (`areas[i]` of `project.rooms[i]`), with each building's 使用面积.
pub fn project_gross(
    project: &Project,
    coefficient: &UsableCoefficient,
    areas: &[f64],
) -> HashMap<Uuid, (BuildingGross, BuildingUsable)> {
    let building_index: foldhash::HashMap<Uuid, usize> = project
        .buildings
        .iter()
        .enumerate()
        .map(|(i, b)| (b.uuid, i))
        .collect();
    let building_of: foldhash::HashMap<Uuid, usize> = project
        .floors
        .iter()
        .filter_map(|f| Some((f.uuid, *building_index.get(&f.building)?)))
        .collect();
    let mut usable = vec![BuildingUsable::default(); project.buildings.len()];
    // Rooms come floor by floor: look the building up once per run of a floor's rooms.
    let mut last: Option<(Uuid, Option<usize>)> = None;
    for (room, area) in project.rooms.iter().zip(areas) {
        let building = match last {
            Some((floor, b)) if floor == room.floor => b,
            _ => {
                let b = building_of.get(&room.floor).copied();
                last = Some((room.floor, b));
                b
            }
        };
        if let Some(u) = building.and_then(|b| usable.get_mut(b)) {
            u.add(room.category, *area);
        }
    }
    project
        .buildings
        .iter()
        .zip(usable)
        .map(|(b, u)| {
            (
                b.uuid,
                (BuildingGross::of(b, &u, coefficient.for_building(b)), u),
            )
        })
        .collect()
}

/// 建筑面积 per m² 使用面积 of a floor's rooms ([`GrossEstimate::floor_rates`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloorRates {
    pub office: f64,
    pub technical: f64,
}

impl FloorRates {
    /// 建筑面积 of a room of `category` with `usable_m2`.
    pub fn gross_m2(self, category: RoomCategory, usable_m2: f64) -> f64 {
        if category == RoomCategory::Technical {
            usable_m2 * self.technical
        } else {
            usable_m2 * self.office
        }
    }
}

/// Usable coefficient of every floor's building, for converting 使用面积 to 建筑面积, and,
/// once [`GrossEstimate::with_figures`] has seen the rooms, each floor's ratios of the
/// building's figures ([`BuildingGross::ratio`]).
#[derive(Clone, Debug, Default)]
pub struct GrossEstimate {
    by_floor: foldhash::HashMap<Uuid, f64>,
    /// (办公用房, 技术业务用房) 建筑面积 per m² 使用面积 of each floor's building.
    ratios: foldhash::HashMap<Uuid, (f64, f64)>,
    fallback: f64,
}

impl GrossEstimate {
    /// Coefficients for every floor of a project.
    ///
    /// ```
    /// # use officeplan::model::*;
    /// # use officeplan::analysis::GrossEstimate;
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// let mut project = Project::default();
    /// # project.buildings.push(Building { storeys: Some(2), usable_coefficient: Some(0.8),
    /// #     ..Building::new(Uuid::from_u128(1), Uuid::nil(), "机关食堂".into()) });
    /// # project.floors.push(Floor { uuid: Uuid::from_u128(2), building: Uuid::from_u128(1), name: "1F".into(),
    /// #     level: 1, elevation_m: None, storey_height_m: None });
    /// // A 100 m² canteen (使用面积) in a building with coefficient 0.8 is about 125 m² 建筑面积.
    /// let estimate = GrossEstimate::new(&project, &set.coefficient);
    /// assert_eq!(estimate.gross_m2(&Uuid::from_u128(2), 100.0), 125.0);
    /// ```
    pub fn new(project: &Project, coefficient: &UsableCoefficient) -> Self {
        let by_building: HashMap<Uuid, f64> = project
            .buildings
            .iter()
            .map(|b| (b.uuid, coefficient.for_building(b)))
            .collect();
        let fallback = coefficient.default_for(None);
        Self {
            by_floor: project
                .floors
                .iter()
                .map(|f| {
                    let c = by_building.get(&f.building).copied().unwrap_or(fallback);
                    (f.uuid, c)
                })
                .collect(),
            ratios: Default::default(),
            fallback,
        }
    }

    /// Coefficients and the buildings' figure ratios, the rooms having the 使用面积 `areas`.
    pub fn with_figures(project: &Project, coefficient: &UsableCoefficient, areas: &[f64]) -> Self {
        let mut estimate = Self::new(project, coefficient);
        let figures = project_gross(project, coefficient, areas);
        estimate.ratios = project
            .floors
            .iter()
            .filter_map(|f| {
                let (g, u) = figures.get(&f.building)?;
                Some((
                    f.uuid,
                    (
                        g.ratio(RoomCategory::Office, u),
                        g.ratio(RoomCategory::Technical, u),
                    ),
                ))
            })
            .collect();
        estimate
    }

    /// 建筑面积 of a room of `category` with `usable_m2` on a floor: its share of its
    /// building's figure where [`GrossEstimate::with_figures`] made the ratios, else
    /// 使用面积 ÷ 系数.
    pub fn room_gross_m2(&self, floor: &Uuid, category: RoomCategory, usable_m2: f64) -> f64 {
        self.floor_rates(floor).gross_m2(category, usable_m2)
    }

    /// 建筑面积 per m² 使用面积 on a floor, for 办公用房 and 技术业务用房 rooms (one lookup for
    /// a run of the floor's rooms).
    pub fn floor_rates(&self, floor: &Uuid) -> FloorRates {
        match self.ratios.get(floor) {
            Some((office, technical)) => FloorRates {
                office: *office,
                technical: *technical,
            },
            None => {
                let rate = 1.0 / self.coefficient(floor);
                FloorRates {
                    office: rate,
                    technical: rate,
                }
            }
        }
    }

    /// The usable coefficient of a floor's building (the multi-storey default if unknown).
    pub fn coefficient(&self, floor: &Uuid) -> f64 {
        self.by_floor.get(floor).copied().unwrap_or(self.fallback)
    }

    /// Estimated 建筑面积 of `usable_m2` on a floor.
    pub fn gross_m2(&self, floor: &Uuid, usable_m2: f64) -> f64 {
        usable_m2 / self.coefficient(floor)
    }
}
