//! Measuring conventions of a standard set: the usable/gross coefficient, the divisor of the
//! excess ratio, and the vacating deadline.

use super::StandardError;
use super::node::Node;
use crate::model::{Building, Person, coded_enum};

coded_enum! {
    /// What the excess ratio (超标比例) divides by.
    ExcessDivisor {
        /// The used area (使用面积), as the deployed Hubei system does.
        Use => "use", "使用面积";
        /// The approved area (核定面积).
        Approved => "approved", "核定面积";
    }
}

/// 使用面积系数 (usable ÷ gross) of basic office space, by building height.
#[derive(Clone, Debug, PartialEq)]
pub struct UsableCoefficient {
    pub source: String,
    pub multi_storey: f64,
    pub high_rise: f64,
    /// A building with at least this many storeys above ground is 高层.
    pub high_rise_from_storeys: i32,
}

impl UsableCoefficient {
    /// The coefficient that converts this building's 使用面积 to 建筑面积: its recorded one if
    /// it is in (0, 1], else the standard's default for its height.
    ///
    /// ```
    /// # use officeplan::model::{Building, TitleStatus, Uuid};
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// let mut b = Building::new(Uuid::nil(), Uuid::nil(), "机关食堂".into());
    /// b.storeys = Some(2);
    /// b.usable_coefficient = Some(0.76);
    /// b.title_status = TitleStatus::Registered;
    /// assert_eq!(set.coefficient.for_building(&b), 0.76);
    /// b.usable_coefficient = None;
    /// assert_eq!(set.coefficient.for_building(&b), 0.65); // multi-storey default
    /// b.storeys = Some(12);
    /// assert_eq!(set.coefficient.for_building(&b), 0.60); // high-rise default
    /// ```
    pub fn for_building(&self, building: &Building) -> f64 {
        match building.usable_coefficient {
            Some(c) if c > 0.0 && c <= 1.0 => c,
            _ => self.default_for(building.storeys),
        }
    }

    /// The default coefficient for a building of `storeys` storeys (multi-storey if unknown).
    pub fn default_for(&self, storeys: Option<i32>) -> f64 {
        match storeys {
            Some(n) if n >= self.high_rise_from_storeys => self.high_rise,
            _ => self.multi_storey,
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&[
            "source",
            "multi_storey",
            "high_rise",
            "high_rise_from_storeys",
        ])?;
        let storeys = node.get("high_rise_from_storeys")?;
        Ok(Self {
            source: node.text_or_empty("source")?,
            multi_storey: node.get("multi_storey")?.as_fraction()?,
            high_rise: node.get("high_rise")?.as_fraction()?,
            high_rise_from_storeys: i32::try_from(storeys.as_count()?)
                .map_err(|_| storeys.error(crate::t!("standards.reason.count")))?,
        })
    }
}

/// How the excess ratio is computed.
#[derive(Clone, Debug, PartialEq)]
pub struct ExcessRule {
    pub source: String,
    pub divisor: ExcessDivisor,
}

impl ExcessRule {
    /// The excess as a percentage of the divisor (0 when the divisor is 0).
    ///
    /// ```
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// // 县住建局 (sample README problem 3): 21.06 over of 147.06 used → 14.32 %.
    /// let ratio = set.excess.ratio_pct(21.06, 147.06, 126.0);
    /// assert!((ratio - 14.3207).abs() < 1e-4);
    /// ```
    pub fn ratio_pct(&self, excess_m2: f64, used_m2: f64, approved_m2: f64) -> f64 {
        let divisor = match self.divisor {
            ExcessDivisor::Use => used_m2,
            ExcessDivisor::Approved => approved_m2,
        };
        if divisor > 0.0 {
            excess_m2 / divisor * 100.0
        } else {
            0.0
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["source", "ratio_divisor"])?;
        Ok(Self {
            source: node.text_or_empty("source")?,
            divisor: node.get("ratio_divisor")?.as_coded()?,
        })
    }
}

/// 腾退: a transferred or retired person's office is recovered within some months; a second
/// office (一人多处) is vacated within some months after the concurrent post ends.
#[derive(Clone, Debug, PartialEq)]
pub struct VacateRule {
    pub source: String,
    pub months: u32,
    /// Months after a concurrent post's last day within which its second office is vacated
    /// (管理办法 Art 19: 2). A set without the key reads 2.
    pub second_office_months: u32,
}

/// Art 19's "兼职结束后 2 个月内腾退", the value when a set does not name one.
pub const SECOND_OFFICE_MONTHS: u32 = 2;

impl VacateRule {
    /// The last day the office may still be held, after a status change on `status_date`.
    ///
    /// ```
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// assert_eq!(set.vacate.deadline("2026-03-31").as_deref(), Some("2026-04-30"));
    /// ```
    pub fn deadline(&self, status_date: &str) -> Option<String> {
        crate::model::add_months(status_date, self.months)
    }

    /// The deadline for a person's status date (`None` when no status date is recorded).
    pub fn deadline_of(&self, person: &Person) -> Option<String> {
        self.deadline(person.status_date.as_deref()?)
    }

    /// The last day a second office may still be held after a concurrent post that ended on
    /// `post_end`.
    ///
    /// ```
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// assert_eq!(set.vacate.second_office_deadline("2026-06-30").as_deref(), Some("2026-08-30"));
    /// ```
    pub fn second_office_deadline(&self, post_end: &str) -> Option<String> {
        crate::model::add_months(post_end, self.second_office_months)
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["source", "months", "second_office_months"])?;
        Ok(Self {
            source: node.text_or_empty("source")?,
            months: node.get("months")?.as_count()?,
            second_office_months: match node.opt("second_office_months")? {
                Some(n) => n.as_count()?,
                None => SECOND_OFFICE_MONTHS,
            },
        })
    }
}
