//! 建筑面积 estimates for rooms that are reported on the gross basis (附属用房, 技术业务用房)
//! although only their usable polygons are drawn.
//!
//! Choice: a room's gross area is estimated as its 使用面积 ÷ its building's usable coefficient
//! (使用面积系数: the building's recorded one, else the standard's default for its height,
//! DOMAIN §1.6). Such numbers are labelled as estimates wherever they are shown.

use std::collections::HashMap;

use crate::model::{Project, Uuid};
use crate::standards::UsableCoefficient;

/// Usable coefficient of every floor's building, for converting 使用面积 to 建筑面积.
#[derive(Clone, Debug, Default)]
pub struct GrossEstimate {
    by_floor: foldhash::HashMap<Uuid, f64>,
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
            fallback,
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
