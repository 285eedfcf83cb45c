//! A unit's approved vs used areas by category (单位超标): excess and excess ratio.

use super::is_over;
use crate::analysis::{Entitlement, UnitUse};
use crate::model::{RoomCategory, RoomStatus};
use crate::standards::ProjectStandard;

/// Approved vs used area of one item (办公室, 服务用房 …), m² 使用面积.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Measure {
    pub approved_m2: f64,
    pub used_m2: f64,
    /// max(0, used − approved).
    pub excess_m2: f64,
    /// excess ÷ divisor × 100 (divisor: the used area by default, see `excess.ratio_divisor`).
    pub ratio_pct: f64,
}

impl Measure {
    /// Compares a used area with its approved area.
    ///
    /// ```
    /// use officeplan::analysis::compliance::Measure;
    /// let standard = officeplan::standards::ProjectStandard::new("cn-2014", "湖北", "").unwrap();
    /// // 县住建局 (sample README problem 3): 147.06 used, 126 approved.
    /// let office = Measure::new(126.0, 147.06, &standard);
    /// assert!((office.excess_m2 - 21.06).abs() < 1e-9);
    /// assert!((office.ratio_pct - 21.06 / 147.06 * 100.0).abs() < 1e-9); // 14.32 %
    /// assert!(office.is_over());
    /// ```
    pub fn new(approved_m2: f64, used_m2: f64, standard: &ProjectStandard) -> Self {
        let excess_m2 = (used_m2 - approved_m2).max(0.0);
        Self {
            approved_m2,
            used_m2,
            excess_m2,
            ratio_pct: standard
                .set
                .excess
                .ratio_pct(excess_m2, used_m2, approved_m2),
        }
    }

    /// Whether the used area is over the approved one (beyond float noise, see [`is_over`]).
    pub fn is_over(&self) -> bool {
        is_over(self.used_m2, self.approved_m2)
    }
}

/// One unit's compliance: each item approved vs used, and the areas reported beside them.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitCompliance {
    /// Index into the project's units.
    pub unit: usize,
    pub office: Measure,
    /// `None` where the set has no service indicator for the unit (1999).
    pub service: Option<Measure>,
    /// `None` where the set has no plant indicator (1999).
    pub plant: Option<Measure>,
    /// 基本办公用房 = 办公室 + 服务用房 + 设备用房.
    pub basic: Measure,
    /// 附属用房 used, 建筑面积 estimated from 使用面积 (see [`crate::analysis::gross`]).
    pub ancillary_gross_m2: f64,
    /// 技术业务用房 used, 建筑面积 estimated likewise.
    pub technical_gross_m2: f64,
    /// The unit's rooms that are 闲置, 使用面积.
    pub idle_m2: f64,
    /// Whether any item is over.
    pub over: bool,
}

impl UnitCompliance {
    /// Evaluates one unit from its approved areas and its current use. Cheap (no allocation):
    /// after a room changes hands, re-evaluate the units involved.
    pub fn evaluate(
        unit: usize,
        entitlement: &Entitlement,
        used: &UnitUse,
        standard: &ProjectStandard,
    ) -> Self {
        let used_office = used.used_m2(RoomCategory::Office);
        let used_service = used.used_m2(RoomCategory::Service);
        let used_plant = used.used_m2(RoomCategory::Equipment);
        let plant_m2 = entitlement.plant_m2(standard, used_office, used_service);
        let office = Measure::new(entitlement.office_m2, used_office, standard);
        let service = entitlement
            .service_m2
            .map(|approved| Measure::new(approved, used_service, standard));
        let plant = plant_m2.map(|approved| Measure::new(approved, used_plant, standard));
        let basic = Measure::new(
            entitlement.basic_m2(plant_m2),
            used_office + used_service + used_plant,
            standard,
        );
        let over = office.is_over()
            || service.is_some_and(|m| m.is_over())
            || plant.is_some_and(|m| m.is_over())
            || basic.is_over();
        Self {
            unit,
            office,
            service,
            plant,
            basic,
            ancillary_gross_m2: used.used_gross_m2(RoomCategory::Ancillary),
            technical_gross_m2: used.used_gross_m2(RoomCategory::Technical),
            idle_m2: used.status_m2(RoomStatus::Idle),
            over,
        }
    }

    /// The items that are over, by code: `office`, `service`, `plant`, `basic`.
    pub fn over_items(&self) -> Vec<&'static str> {
        [
            ("office", Some(self.office)),
            ("service", self.service),
            ("plant", self.plant),
            ("basic", Some(self.basic)),
        ]
        .into_iter()
        .filter(|(_, m)| m.is_some_and(|m| m.is_over()))
        .map(|(code, _)| code)
        .collect()
    }
}
