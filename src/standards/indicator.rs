//! Per-unit indicators beside 表3 (DOMAIN §1.5–1.6): service rooms per person, plant rooms as
//! a share, and the 1999 whole-building classes.

use super::StandardError;
use super::node::Node;
use crate::model::coded_enum;

coded_enum! {
    /// Which headcount the per-person indicators multiply (编制定员).
    HeadcountBasis {
        /// 批复编制: approved posts.
        Posts => "posts", "批复编制";
        /// 批复编制 + 工勤编制: approved posts and service-worker posts.
        PostsAndServicePosts => "posts_and_service_posts", "批复编制+工勤编制";
    }
}

coded_enum! {
    /// What the plant-room share is taken of.
    PlantBase {
        /// The approved (核定) office and service areas.
        Standard => "standard", "核定面积";
        /// The used office and service areas.
        Actual => "actual", "实际使用面积";
    }
}

/// 服务用房 per person: `max` up to a small headcount, `min` from a large one, linear between.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceFormula {
    pub source: String,
    pub max_m2_per_person: f64,
    pub min_m2_per_person: f64,
    pub small_up_to: u32,
    pub large_from: u32,
}

impl ServiceFormula {
    /// m² 使用面积 per person for a headcount of `n`.
    ///
    /// ```
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// let county = &set.service[&officeplan::model::OrganCategory::County];
    /// assert_eq!(county.per_person(14), 8.0);  // n ≤ 100
    /// assert_eq!(county.per_person(150), 7.0); // (500 − 150) / 50
    /// assert_eq!(county.per_person(260), 6.0); // n ≥ 200
    /// ```
    pub fn per_person(&self, n: u32) -> f64 {
        if n <= self.small_up_to {
            self.max_m2_per_person
        } else if n >= self.large_from {
            self.min_m2_per_person
        } else {
            let t = f64::from(n - self.small_up_to) / f64::from(self.large_from - self.small_up_to);
            self.max_m2_per_person + (self.min_m2_per_person - self.max_m2_per_person) * t
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&[
            "source",
            "max_m2_per_person",
            "min_m2_per_person",
            "small_up_to",
            "large_from",
        ])?;
        let formula = Self {
            source: node.text_or_empty("source")?,
            max_m2_per_person: node.get("max_m2_per_person")?.as_positive()?,
            min_m2_per_person: node.get("min_m2_per_person")?.as_positive()?,
            small_up_to: node.get("small_up_to")?.as_count()?,
            large_from: node.get("large_from")?.as_count()?,
        };
        if formula.large_from <= formula.small_up_to {
            return Err(node
                .get("large_from")?
                .error(crate::t!("standards.reason.thresholds")));
        }
        if formula.min_m2_per_person > formula.max_m2_per_person {
            return Err(node
                .get("min_m2_per_person")?
                .error(crate::t!("standards.reason.min_above_max")));
        }
        Ok(formula)
    }
}

/// 设备用房: a share of the office and service areas.
#[derive(Clone, Debug, PartialEq)]
pub struct PlantRule {
    pub source: String,
    /// 0.09 in 2014.
    pub ratio: f64,
    pub base: PlantBase,
}

impl PlantRule {
    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["source", "ratio", "base"])?;
        Ok(Self {
            source: node.text_or_empty("source")?,
            ratio: node.get("ratio")?.as_fraction()?,
            base: node.get("base")?.as_coded()?,
        })
    }
}

/// 1999: the whole basic office space per person (一级/二级/三级), 使用面积.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildingClass {
    /// 一级, 二级, 三级.
    pub label: String,
    pub source: String,
    pub max_m2_per_person: f64,
    pub min_m2_per_person: f64,
    /// Above this headcount the lower value applies.
    pub lower_above: u32,
    /// The class's 建筑面积 per person (low, high), for reference.
    pub gross_m2_per_person: Option<(f64, f64)>,
}

impl BuildingClass {
    /// m² 使用面积 per person for a headcount of `n`.
    pub fn per_person(&self, n: u32) -> f64 {
        if n > self.lower_above {
            self.min_m2_per_person
        } else {
            self.max_m2_per_person
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&[
            "label",
            "source",
            "max_m2_per_person",
            "min_m2_per_person",
            "lower_above",
            "gross_m2_per_person",
        ])?;
        let gross_m2_per_person = match node.opt("gross_m2_per_person")? {
            None => None,
            Some(n) => match n.value_list()?.as_slice() {
                [low, high] => Some((low.as_positive()?, high.as_positive()?)),
                _ => return Err(n.error(crate::t!("standards.reason.pair"))),
            },
        };
        Ok(Self {
            label: node.text_or_empty("label")?,
            source: node.text_or_empty("source")?,
            max_m2_per_person: node.get("max_m2_per_person")?.as_positive()?,
            min_m2_per_person: node.get("min_m2_per_person")?.as_positive()?,
            lower_above: node.get("lower_above")?.as_count()?,
            gross_m2_per_person,
        })
    }
}
