//! 表3 note 1, as a unit attribute: a 副省级 city, a 副部级 unit (and, by the same step logic, a
//! 副市(厅)级 or 副县(处)级 unit) is ranked one step above its organ category (高配). Its
//! deputy heads read the 副职 row of the column above, its component departments' 正/副 heads
//! the 正/副 rows of the column above: each lifted grade reads, in the column the step names,
//! the grade one 级 (正/副 pair) higher per column stepped.
//!
//! The note allows two readings, both set options (`[step_up]`, UNVERIFIED):
//! - `departments`: whether units under a raised unit (its component departments, by the parent
//!   chain) step up too (`true`, the note's words) or only units marked themselves (`false`);
//! - `chief`: whether the raised unit's 正职 keeps his own column's 正职 row (`own`: the note
//!   names deputies only) or reads the 正职 row of the column above (`step`).

use super::StandardError;
use super::node::Node;
use crate::model::{Coded as _, Grade, OrganCategory, UnitStep, coded_enum};

coded_enum! {
    /// Which row the 正职 of a raised unit reads.
    ChiefRow {
        /// His own column's 正职 row (市级正职 for a 副省级 city's mayor).
        Own => "own", "本级正职";
        /// The 正职 row of the column above (省级正职).
        Step => "step", "上一级正职";
    }
}

/// The options of the step (`[step_up]` of a set).
#[derive(Clone, Debug, PartialEq)]
pub struct StepUpRules {
    pub source: String,
    pub note: String,
    /// Units under a raised unit step up too.
    pub departments: bool,
    pub chief: ChiefRow,
}

impl Default for StepUpRules {
    fn default() -> Self {
        Self {
            source: String::new(),
            note: String::new(),
            departments: true,
            chief: ChiefRow::Own,
        }
    }
}

/// A unit's step as a placement sees it: its own, or one inherited from a unit above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepOf {
    pub step: UnitStep,
    /// The step is a parent's (the unit is a component department of a raised unit).
    pub inherited: bool,
}

/// The 正职 grade of an ordinary unit's column (the grade of its first row).
fn chief_grade(organ: OrganCategory) -> Grade {
    match organ {
        OrganCategory::Central | OrganCategory::Provincial => Grade::ProvincialChief,
        OrganCategory::City => Grade::BureauChief,
        OrganCategory::County => Grade::DivisionChief,
        OrganCategory::Township => Grade::SectionChief,
    }
}

impl StepUpRules {
    /// The column and grade a person of `grade` reads in a unit of `organ` with step `step`;
    /// `None` when the step does not lift this person (staff below the 副 heads of departments,
    /// the 正职 under `chief = "own"`, a department under `departments = false`, or a step that
    /// names a column not above the unit's own).
    ///
    /// ```
    /// use officeplan::model::{Grade, OrganCategory, UnitStep};
    /// use officeplan::standards::{StepOf, StepUpRules};
    /// let rules = StepUpRules::default();
    /// let city = StepOf { step: UnitStep::SubProvincial, inherited: false };
    /// // A 副省级 city's deputy mayor (市级副职, 122) reads 省级副职 (112).
    /// assert_eq!(rules.lift(OrganCategory::City, city, Grade::BureauDeputy),
    ///            Some((OrganCategory::Provincial, Grade::ProvincialDeputy)));
    /// assert_eq!(rules.lift(OrganCategory::City, city, Grade::Clerk), None);
    /// ```
    pub fn lift(
        &self,
        organ: OrganCategory,
        step: StepOf,
        grade: Grade,
    ) -> Option<(OrganCategory, Grade)> {
        if step.inherited && !self.departments {
            return None;
        }
        let target = step.step.column();
        let levels = organ
            .index()
            .checked_sub(target.index())
            .filter(|l| *l > 0)?;
        let chief = chief_grade(organ).index();
        let at = grade.index();
        let lifted = match at.checked_sub(chief)? {
            0 if self.chief == ChiefRow::Step => true,
            1..=3 => grade <= Grade::SectionDeputy,
            _ => false,
        };
        if !lifted {
            return None;
        }
        let up = at
            .saturating_sub(2 * levels)
            .max(Grade::ProvincialChief.index());
        Some((target, *Grade::ALL.get(up)?))
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["source", "note", "departments", "chief"])?;
        Ok(Self {
            source: node.text_or_empty("source")?,
            note: node.text_or_empty("note")?,
            departments: match node.opt("departments")? {
                Some(n) => n.as_bool()?,
                None => true,
            },
            chief: match node.opt("chief")? {
                Some(n) => n.as_coded()?,
                None => ChiefRow::Own,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Grade, OrganCategory, UnitKind, UnitStep};
    use crate::standards::{Placement, ProjectStandard, StepOf};

    fn city(step: Option<StepOf>) -> Placement {
        Placement {
            step,
            ..Placement::plain(OrganCategory::City, UnitKind::Organ, None)
        }
    }

    const OWN: Option<StepOf> = Some(StepOf {
        step: UnitStep::SubProvincial,
        inherited: false,
    });
    const PARENT: Option<StepOf> = Some(StepOf {
        step: UnitStep::SubProvincial,
        inherited: true,
    });

    fn area(standard: &ProjectStandard, placement: Placement, grade: Grade) -> Option<f64> {
        standard.lookup(placement, grade).map(|m| m.row.area_m2)
    }

    #[test]
    fn sub_provincial_city_default_reading() {
        // DOMAIN §1.4 note 1, cn-2014 表3: a 副省级 city's deputy mayor reads 省级副职 42
        // instead of 市级副职 30; its 正局级 department head 正厅(局)级 30 instead of
        // 正局(处)级 24, its 副局 head 副厅(局)级 24 instead of 18; staff keep 9; the mayor
        // keeps 市级正职 42 (chief = "own").
        let standard = ProjectStandard::new("cn-2014", "", "").unwrap();
        assert_eq!(area(&standard, city(None), Grade::BureauDeputy), Some(30.0));
        assert_eq!(area(&standard, city(OWN), Grade::BureauDeputy), Some(42.0));
        assert_eq!(
            area(&standard, city(None), Grade::DivisionChief),
            Some(24.0)
        );
        assert_eq!(
            area(&standard, city(PARENT), Grade::DivisionChief),
            Some(30.0)
        );
        assert_eq!(
            area(&standard, city(PARENT), Grade::DivisionDeputy),
            Some(24.0)
        );
        assert_eq!(area(&standard, city(PARENT), Grade::Clerk), Some(9.0));
        assert_eq!(area(&standard, city(OWN), Grade::BureauChief), Some(42.0));
        let m = standard.lookup(city(OWN), Grade::BureauDeputy).unwrap();
        assert_eq!(
            (m.row.label.as_str(), m.column),
            ("省级副职", OrganCategory::Provincial)
        );
        assert_eq!(m.step, Some(UnitStep::SubProvincial));
    }

    #[test]
    fn sub_provincial_city_other_reading() {
        // The other reading: only units marked themselves step up (a department under the
        // city keeps 正局(处)级 24), and the mayor reads 省级正职 54 (cn-2014 表3).
        let standard = ProjectStandard::new(
            "cn-2014",
            "",
            "[step_up]\ndepartments = false\nchief = \"step\"",
        )
        .unwrap();
        assert_eq!(
            area(&standard, city(PARENT), Grade::DivisionChief),
            Some(24.0)
        );
        assert_eq!(area(&standard, city(OWN), Grade::DivisionChief), Some(30.0));
        assert_eq!(area(&standard, city(OWN), Grade::BureauChief), Some(54.0));
        assert_eq!(area(&standard, city(OWN), Grade::BureauDeputy), Some(42.0));
    }

    #[test]
    fn same_step_logic_for_sub_prefecture_and_sub_county_units() {
        // Note 1: "same step logic for 副市(厅) and 副县(处) units" (cn-2014 表3): a 副市级
        // county's deputy reads 市级副职 30 (not 县级副职 24), its 正科 department head
        // 正局(处)级 24 (not 18); a 副县级 Hubei township's deputy reads 县级副职 24 (not 18).
        let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
        let county = Placement {
            step: Some(StepOf {
                step: UnitStep::SubPrefecture,
                inherited: false,
            }),
            ..Placement::plain(OrganCategory::County, UnitKind::Organ, None)
        };
        assert_eq!(area(&standard, county, Grade::DivisionDeputy), Some(30.0));
        assert_eq!(area(&standard, county, Grade::SectionChief), Some(24.0));
        assert_eq!(area(&standard, county, Grade::Clerk), Some(9.0));
        let town = Placement {
            step: Some(StepOf {
                step: UnitStep::SubCounty,
                inherited: false,
            }),
            ..Placement::plain(OrganCategory::Township, UnitKind::Organ, None)
        };
        assert_eq!(area(&standard, town, Grade::SectionDeputy), Some(24.0));
        assert_eq!(
            area(
                &standard,
                Placement::plain(OrganCategory::Township, UnitKind::Organ, None),
                Grade::SectionDeputy
            ),
            Some(18.0)
        );
        // A step that is not above the unit's column has no effect.
        let flat = Placement {
            step: Some(StepOf {
                step: UnitStep::SubCounty,
                inherited: false,
            }),
            ..Placement::plain(OrganCategory::County, UnitKind::Organ, None)
        };
        assert_eq!(area(&standard, flat, Grade::DivisionDeputy), Some(24.0));
    }
}
