//! Approved area (核定面积) of a unit: 办公室 = Σ approved posts × row (编制, not headcount),
//! 服务用房 by the per-person formula, 设备用房 as a share, and the basic total (DOMAIN §1.7).

use crate::model::{Coded as _, Grade, OrganCategory, Unit};
use crate::standards::{HeadcountBasis, Placement, PlantBase, ProjectStandard};

/// One line of the office allowance: a grade's approved posts and the row they read.
#[derive(Clone, Debug, PartialEq)]
pub struct PostLine {
    pub grade: Grade,
    pub posts: u32,
    /// The row's label (正科级 …), `None` when the column has no row for the grade.
    pub row: Option<String>,
    /// m² per post (0 without a row).
    pub area_m2: f64,
    /// The column read, after any step-down rule.
    pub column: OrganCategory,
    /// The step-down rule applied, by id.
    pub rule: Option<String>,
}

/// A unit's approved areas (使用面积, m²). The plant share may depend on the used areas
/// (standard setting `plant.base = "actual"`), so it is computed by [`Entitlement::plant_m2`].
#[derive(Clone, Debug, PartialEq)]
pub struct Entitlement {
    pub lines: Vec<PostLine>,
    /// Σ posts × row over the grades that have a row.
    pub office_m2: f64,
    /// Approved posts whose grade has no row in the unit's column (not in `office_m2`).
    pub unmatched_posts: u32,
    /// Headcount of the per-person indicators (编制, plus 工勤编制 if the set says so).
    pub headcount: u32,
    /// 服务用房 per person, if the set has a formula for the unit's organ category.
    pub service_per_person_m2: Option<f64>,
    pub service_m2: Option<f64>,
    /// 1999: the whole basic office space by building class, if the set has one.
    pub class_basic_m2: Option<f64>,
}

impl Entitlement {
    /// The approved areas of a unit under a project's standard.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use officeplan::analysis::Entitlement;
    /// use officeplan::model::{Grade, OrganCategory, Unit, UnitKind, Uuid};
    /// use officeplan::standards::ProjectStandard;
    /// let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
    /// // 县住建局 of the sample (README problem 3): 1 正科 + 3 副科 + 6 科员 + 2 办事员, 1 工勤.
    /// let unit = Unit {
    ///     uuid: Uuid::nil(), name: "县住建局".into(), organ_category: OrganCategory::County,
    ///     kind: UnitKind::Organ, parent: None, service_posts: 1, headcount: 12, note: String::new(),
    ///     posts: BTreeMap::from([(Grade::SectionChief, 1), (Grade::SectionDeputy, 3),
    ///                            (Grade::Clerk, 6), (Grade::Staff, 2)]),
    /// };
    /// let e = Entitlement::of(&unit, &standard);
    /// assert_eq!(e.office_m2, 18.0 + 36.0 + 54.0 + 18.0); // 126 m²
    /// assert_eq!(e.service_m2, Some(8.0 * 13.0));          // (12 posts + 1 工勤) × 8
    /// ```
    pub fn of(unit: &Unit, standard: &ProjectStandard) -> Self {
        let set = &standard.set;
        let placement = Placement::of(unit);
        let mut lines = Vec::with_capacity(unit.posts.len());
        let (mut office_m2, mut unmatched_posts) = (0.0, 0);
        for (grade, posts) in &unit.posts {
            if *posts == 0 {
                continue;
            }
            let (column, rule) = set.column_for(placement, *grade);
            let row = standard.lookup(placement, *grade);
            let area_m2 = row.map_or(0.0, |r| r.row.area_m2);
            if row.is_some() {
                office_m2 += f64::from(*posts) * area_m2;
            } else {
                unmatched_posts += posts;
            }
            lines.push(PostLine {
                grade: *grade,
                posts: *posts,
                row: row.map(|r| r.row.label.clone()),
                area_m2,
                column,
                rule: rule.map(|r| r.id.clone()),
            });
        }
        let headcount = unit.approved_posts()
            + match set.headcount {
                HeadcountBasis::Posts => 0,
                HeadcountBasis::PostsAndServicePosts => unit.service_posts,
            };
        let service_per_person_m2 = set
            .service
            .get(&unit.organ_category)
            .map(|f| f.per_person(headcount));
        Self {
            lines,
            office_m2,
            unmatched_posts,
            headcount,
            service_per_person_m2,
            service_m2: service_per_person_m2.map(|p| p * f64::from(headcount)),
            class_basic_m2: set
                .building_class
                .get(&unit.organ_category)
                .map(|c| c.per_person(headcount) * f64::from(headcount)),
        }
    }

    /// Approved 设备用房: the set's share of the approved (or used) office and service areas.
    pub fn plant_m2(
        &self,
        standard: &ProjectStandard,
        used_office_m2: f64,
        used_service_m2: f64,
    ) -> Option<f64> {
        let plant = standard.set.plant.as_ref()?;
        let base = match plant.base {
            PlantBase::Standard => self.office_m2 + self.service_m2.unwrap_or(0.0),
            PlantBase::Actual => used_office_m2 + used_service_m2,
        };
        Some(plant.ratio * base)
    }

    /// Approved 基本办公用房: the building class (1999), else office + service + plant.
    pub fn basic_m2(&self, plant_m2: Option<f64>) -> f64 {
        self.class_basic_m2.unwrap_or_else(|| {
            self.office_m2 + self.service_m2.unwrap_or(0.0) + plant_m2.unwrap_or(0.0)
        })
    }

    /// The allowance as people check it: `乡科级正职→正科级 18 × 1 + … = 126`.
    pub fn describe(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| match &l.row {
                Some(row) => format!("{}→{row} {} × {}", l.grade.zh(), l.area_m2, l.posts),
                None => format!(
                    "{}→{} × {}",
                    l.grade.zh(),
                    crate::t!("check.no_row"),
                    l.posts
                ),
            })
            .collect();
        format!(
            "{} = {}",
            lines.join(" + "),
            crate::analysis::area::round_m2(self.office_m2)
        )
    }
}
