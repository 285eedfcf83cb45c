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
    ///     rank_step: None, region: None,
    ///     posts: BTreeMap::from([(Grade::SectionChief, 1), (Grade::SectionDeputy, 3),
    ///                            (Grade::Clerk, 6), (Grade::Staff, 2)]),
    /// };
    /// let e = Entitlement::of(&unit, &standard);
    /// assert_eq!(e.office_m2, 18.0 + 36.0 + 54.0 + 18.0); // 126 m²
    /// assert_eq!(e.service_m2, Some(8.0 * 13.0));          // (12 posts + 1 工勤) × 8
    /// ```
    pub fn of(unit: &Unit, standard: &ProjectStandard) -> Self {
        Self::placed(unit, Placement::of(unit), standard)
    }

    /// [`Entitlement::of`] for a unit at a given placement (one that inherits a parent's
    /// 高配, [`Placement::within`]).
    pub fn placed(unit: &Unit, placement: Placement, standard: &ProjectStandard) -> Self {
        let set = &standard.set;
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

/// Worked examples: approved areas computed by hand from the tables of DOMAIN §1.4–1.6.
#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{UnitKind, Uuid};

    fn unit(
        organ: OrganCategory,
        kind: UnitKind,
        service_posts: u32,
        posts: &[(Grade, u32)],
    ) -> Unit {
        Unit {
            region: None,
            uuid: Uuid::nil(),
            name: String::new(),
            organ_category: organ,
            kind,
            parent: None,
            posts: posts.iter().copied().collect::<BTreeMap<_, _>>(),
            service_posts,
            headcount: 0,
            note: String::new(),
            rank_step: None,
        }
    }

    fn standard(overrides: &str) -> ProjectStandard {
        ProjectStandard::new("cn-2014", "湖北", overrides).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn central_ministry() {
        // DOMAIN §1.4 中央机关: 部级正职 54, 部级副职 42, 正司 24, 处级 12, 处级以下 9.
        // 1×54 + 2×42 + 3×24 + 5×12 + 10×9 = 54 + 84 + 72 + 60 + 90 = 360 m².
        // Service (DOMAIN §1.6, 9 m²/人 up to 400): 21 × 9 = 189; plant 9 % × (360 + 189) = 49.41.
        use Grade::*;
        let u = unit(
            OrganCategory::Central,
            UnitKind::Organ,
            0,
            &[
                (ProvincialChief, 1),
                (ProvincialDeputy, 2),
                (BureauChief, 3),
                (DivisionDeputy, 5),
                (Clerk, 10),
            ],
        );
        let s = standard("");
        let e = Entitlement::of(&u, &s);
        assert!(close(e.office_m2, 360.0));
        assert_eq!(e.service_m2, Some(189.0));
        let plant = e.plant_m2(&s, 0.0, 0.0).unwrap();
        assert!(close(plant, 49.41));
        assert!(close(e.basic_m2(Some(plant)), 598.41));
    }

    #[test]
    fn provincial_department() {
        // DOMAIN §1.4 省级机关: 正厅 30, 副厅 24, 正处 18, 副处 12, 处级以下 9.
        // 1×30 + 3×24 + 4×18 + 4×12 + 12×9 = 30 + 72 + 72 + 48 + 108 = 330 m².
        use Grade::*;
        let u = unit(
            OrganCategory::Provincial,
            UnitKind::Organ,
            2,
            &[
                (BureauChief, 1),
                (BureauDeputy, 3),
                (DivisionChief, 4),
                (DivisionDeputy, 4),
                (Clerk, 12),
            ],
        );
        let e = Entitlement::of(&u, &standard(""));
        assert!(close(e.office_m2, 330.0));
        // 24 posts + 2 工勤 = 26 persons × 9 m² = 234 m².
        assert_eq!((e.headcount, e.service_m2), (26, Some(234.0)));
    }

    #[test]
    fn city_bureau_and_service_interpolation() {
        // DOMAIN §1.4 市级机关: 市级正职 42, 副职 30, 正局(处) 24, 副局(处) 18, 以下 9.
        // 1×42 + 4×30 + 6×24 + 6×18 + 20×9 = 42 + 120 + 144 + 108 + 180 = 594 m².
        use Grade::*;
        let u = unit(
            OrganCategory::City,
            UnitKind::Organ,
            0,
            &[
                (BureauChief, 1),
                (BureauDeputy, 4),
                (DivisionChief, 6),
                (DivisionDeputy, 6),
                (Clerk, 20),
            ],
        );
        let s = standard("");
        assert!(close(Entitlement::of(&u, &s).office_m2, 594.0));
        // DOMAIN §1.6 市级: (1000 − n)/100 between 200 and 400: n = 300 → 7 m²/人 → 2100 m².
        let big = unit(OrganCategory::City, UnitKind::Organ, 0, &[(Clerk, 300)]);
        let e = Entitlement::of(&big, &s);
        assert_eq!(
            (e.service_per_person_m2, e.service_m2),
            (Some(7.0), Some(2100.0))
        );
    }

    #[test]
    fn county_bureau_of_the_sample() {
        // sample README problem 3, 县住建局: 1×18 + 3×12 + 6×9 + 2×9 = 126 m² (DOMAIN §1.4 县级).
        // Service: (12 posts + 1 工勤) × 8 = 104; plant 9 % × (126 + 104) = 20.70; basic 250.70.
        use Grade::*;
        let u = unit(
            OrganCategory::County,
            UnitKind::Organ,
            1,
            &[
                (SectionChief, 1),
                (SectionDeputy, 3),
                (Clerk, 6),
                (Staff, 2),
            ],
        );
        let s = standard("");
        let e = Entitlement::of(&u, &s);
        assert!(close(e.office_m2, 126.0));
        assert_eq!(e.service_m2, Some(104.0));
        let plant = e.plant_m2(&s, 147.06, 0.0).unwrap();
        assert!(close(plant, 20.7));
        assert!(close(e.basic_m2(Some(plant)), 250.7));
        // With plant.base = "actual" (DOMAIN §1.7, the Hubei code): 9 % × 147.06 = 13.2354.
        let actual = standard("[plant]\nbase = \"actual\"");
        let plant = Entitlement::of(&u, &actual).plant_m2(&actual, 147.06, 0.0);
        assert!(close(plant.unwrap(), 13.2354));
    }

    #[test]
    fn township_government_in_hubei() {
        // DOMAIN §1.4 Hubei 乡级: 正职 24, 副职 18, 以下 9. 青山镇人民政府 of the sample:
        // 1×24 + 3×18 + 11×9 = 24 + 54 + 99 = 177 m²; service (15 + 2 工勤) × 8 = 136 m².
        use Grade::*;
        let u = unit(
            OrganCategory::Township,
            UnitKind::Organ,
            2,
            &[(SectionChief, 1), (SectionDeputy, 3), (Clerk, 11)],
        );
        let e = Entitlement::of(&u, &standard(""));
        assert!(close(e.office_m2, 177.0));
        assert_eq!(e.service_m2, Some(136.0));
        // Without 乡级 rows for the province, the posts are unmatched rather than guessed.
        let shandong = ProjectStandard::new("cn-2014", "山东", "").unwrap();
        let e = Entitlement::of(&u, &shandong);
        assert_eq!((e.office_m2, e.unmatched_posts), (0.0, 15));
    }

    #[test]
    fn step_down_for_a_city_section_level_dispatched_unit() {
        // DOMAIN §1.4 note 2 (Jiamusi DB2308/T 149-2023 表2): a city-level 科级 派出 unit reads
        // 正科 18 / 副科 12 / 科级以下 9: 1×18 + 2×12 + 6×9 = 96 m². In the city column the
        // same posts would all be 局(处)级以下 9: 9 × 9 = 81 m².
        use Grade::*;
        let posts = [(SectionChief, 1), (SectionDeputy, 2), (Clerk, 6)];
        let s = standard("");
        let dispatched = unit(OrganCategory::City, UnitKind::Dispatched, 0, &posts);
        let e = Entitlement::of(&dispatched, &s);
        assert!(close(e.office_m2, 96.0));
        assert!(e.lines.iter().all(|l| l.column == OrganCategory::County
            && l.rule.as_deref() == Some("city_section_level_units")));
        let organ = unit(OrganCategory::City, UnitKind::Organ, 0, &posts);
        assert!(close(Entitlement::of(&organ, &s).office_m2, 81.0));
    }

    #[test]
    fn county_under_the_1999_standard() {
        // DOMAIN §1.5 县级 1999: 正职 20, 副职 12, 科级 9, 以下 6:
        // 1×20 + 2×12 + 3×9 + 10×6 = 20 + 24 + 27 + 60 = 131 m².
        // 三级 class: 12 m² 使用面积 per person up to 100 staff → 16 × 12 = 192 m² basic.
        use Grade::*;
        let u = unit(
            OrganCategory::County,
            UnitKind::Organ,
            0,
            &[
                (DivisionChief, 1),
                (DivisionDeputy, 2),
                (SectionChief, 3),
                (Clerk, 10),
            ],
        );
        let s = ProjectStandard::new("cn-1999", "", "").unwrap();
        let e = Entitlement::of(&u, &s);
        assert!(close(e.office_m2, 131.0));
        assert_eq!((e.service_m2, e.plant_m2(&s, 0.0, 0.0)), (None, None));
        assert!(close(e.basic_m2(None), 192.0));
    }
}
