//! A whole standard set (标准): 表3 with its notes, the per-unit indicators and conventions,
//! and the lookup of a person's row.

use std::collections::BTreeMap;

use super::node::Node;
use super::{
    BuildingClass, ExcessRule, HeadcountBasis, OfficeTables, Placement, PlantRule, RankTable, Row,
    ServiceFormula, StandardError, StepDownRule, StepUpRules, SuiteRules, UsableCoefficient,
    VacateRule,
};
use crate::model::{Grade, OrganCategory, UnitStep};

/// A validated standard set, such as the shipped `cn-2014`.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardSet {
    /// `cn-2014`, `cn-1999`.
    pub id: String,
    pub name: String,
    /// Document number (发改投资〔2014〕2674号).
    pub document: String,
    pub source: String,
    /// Headcount of the per-person indicators.
    pub headcount: HeadcountBasis,
    /// 表3.
    pub office: OfficeTables,
    /// Notes 1–2 of 表3.
    pub step_down: Vec<StepDownRule>,
    /// Note 1 of 表3 for units marked 高配 (副省级 …), and its readings.
    /// `None` where the set has no such note (1999): 高配 changes no row.
    pub step_up: Option<StepUpRules>,
    /// 2019 公务员职级 → grade, and which governs beside a 职务 grade.
    pub ranks: RankTable,
    /// Notes 3–4 of 表3; `None` where the set has no such notes (1999).
    pub suite: Option<SuiteRules>,
    /// 服务用房 per person, by organ category (none in 1999).
    pub service: BTreeMap<OrganCategory, ServiceFormula>,
    /// 设备用房 share (none in 1999).
    pub plant: Option<PlantRule>,
    /// 1999 whole-building classes by organ category (none in 2014).
    pub building_class: BTreeMap<OrganCategory, BuildingClass>,
    pub coefficient: UsableCoefficient,
    pub excess: ExcessRule,
    pub vacate: VacateRule,
}

/// The row a person reads, and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowMatch<'a> {
    pub row: &'a Row,
    /// The column read (after any step-down rule).
    pub column: OrganCategory,
    /// For 乡级 rows: the province key in the file.
    pub province: Option<&'a str>,
    /// The step-down rule that sent the person to another column.
    pub rule: Option<&'a StepDownRule>,
    /// The unit's 高配 that lifted the person to another column (表3 note 1).
    pub step: Option<UnitStep>,
}

impl StandardSet {
    /// Parses and validates a set; `file` names the text in error messages.
    ///
    /// ```
    /// use officeplan::standards::{StandardError, StandardSet};
    /// let text = officeplan::standards::shipped_text("cn-2014").unwrap()
    ///     .replace("ratio = 0.09", "ratio = 9");
    /// let error = StandardSet::parse("cn-2014.toml", &text).unwrap_err();
    /// assert!(matches!(error, StandardError::Invalid { key, .. } if key == "plant.ratio"));
    /// ```
    pub fn parse(file: &str, text: &str) -> Result<Self, StandardError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| StandardError::Syntax {
            file: file.to_owned(),
            reason: e.to_string(),
        })?;
        Self::from_value(file, &toml::Value::Table(table))
    }

    /// A shipped set by id (`cn-2014`, `cn-1999`).
    pub fn shipped(id: &str) -> Result<Self, StandardError> {
        let text = super::shipped_text(id).ok_or_else(|| super::unknown(id))?;
        Self::parse(&super::shipped_file_name(id), text)
    }

    /// Validates a parsed document (a shipped file with overrides merged in).
    pub fn from_value(file: &str, value: &toml::Value) -> Result<Self, StandardError> {
        let root = Node::root(file, value);
        root.only(&[
            "id",
            "name",
            "document",
            "source",
            "headcount",
            "office",
            "step_down",
            "step_up",
            "ranks",
            "suite",
            "service",
            "plant",
            "building_class",
            "coefficient",
            "excess",
            "vacate",
        ])?;
        let mut service = BTreeMap::new();
        if let Some(node) = root.opt("service")? {
            for child in node.entries()? {
                service.insert(child.key_as()?, ServiceFormula::parse(&child)?);
            }
        }
        let mut building_class = BTreeMap::new();
        if let Some(node) = root.opt("building_class")? {
            for child in node.entries()? {
                building_class.insert(child.key_as()?, BuildingClass::parse(&child)?);
            }
        }
        Ok(Self {
            id: root.get("id")?.as_str()?.to_owned(),
            name: root.get("name")?.as_str()?.to_owned(),
            document: root.text_or_empty("document")?,
            source: root.text_or_empty("source")?,
            headcount: root.get("headcount")?.as_coded()?,
            office: OfficeTables::parse(&root.get("office")?)?,
            step_down: match root.opt("step_down")? {
                Some(node) => StepDownRule::parse_all(&node)?,
                None => Vec::new(),
            },
            step_up: root
                .opt("step_up")?
                .map(|n| StepUpRules::parse(&n))
                .transpose()?,
            ranks: match root.opt("ranks")? {
                Some(node) => RankTable::parse(&node)?,
                None => RankTable::default(),
            },
            suite: root
                .opt("suite")?
                .map(|n| SuiteRules::parse(&n))
                .transpose()?,
            service,
            plant: root
                .opt("plant")?
                .map(|n| PlantRule::parse(&n))
                .transpose()?,
            building_class,
            coefficient: UsableCoefficient::parse(&root.get("coefficient")?)?,
            excess: ExcessRule::parse(&root.get("excess")?)?,
            vacate: VacateRule::parse(&root.get("vacate")?)?,
        })
    }

    /// The column a person of `grade` in a unit at `placement` reads, and the rule that sent
    /// the person there (if any).
    pub fn column_for(
        &self,
        placement: Placement,
        grade: Grade,
    ) -> (OrganCategory, Option<&StepDownRule>) {
        let (column, _, rule, _) = self.resolve(placement, grade);
        (column, rule)
    }

    /// The column and the grade a person reads, the step-down rule and the 高配 that sent him
    /// there. A unit's 高配 (note 1) comes before the step-down rules.
    fn resolve(
        &self,
        placement: Placement,
        grade: Grade,
    ) -> (
        OrganCategory,
        Grade,
        Option<&StepDownRule>,
        Option<UnitStep>,
    ) {
        if let Some(step) = placement.step
            && let Some(rules) = &self.step_up
            && let Some((column, lifted)) = rules.lift(placement.organ, step, grade)
        {
            return (column, lifted, None, Some(step.step));
        }
        match self.step_down.iter().find(|r| r.applies(placement, grade)) {
            Some(rule) => (rule.use_column, grade, Some(rule), None),
            None => (placement.organ, grade, None, None),
        }
    }

    /// The row of 表3 a person of `grade` reads in a unit at `placement`; `province` selects
    /// the 乡级 rows. `None` when the column has no row for the grade (a 省部级 grade in a county
    /// unit) or the province has no 乡级 rows.
    ///
    /// ```
    /// use officeplan::model::{Grade, OrganCategory, UnitKind};
    /// use officeplan::standards::{Placement, StandardSet};
    /// let set = StandardSet::shipped("cn-2014").unwrap();
    /// let county_bureau =
    ///     Placement::plain(OrganCategory::County, UnitKind::Organ, Some(Grade::SectionChief));
    /// let row = set.lookup(county_bureau, Grade::SectionDeputy, "湖北").unwrap();
    /// assert_eq!((row.row.label.as_str(), row.row.area_m2), ("副科级", 12.0));
    /// ```
    pub fn lookup(
        &self,
        placement: Placement,
        grade: Grade,
        province: &str,
    ) -> Option<RowMatch<'_>> {
        let (column, grade, rule, step) = self.resolve(placement, grade);
        let (province, rows) = self.office.column_in(column, province)?;
        Some(RowMatch {
            row: rows.row_for(grade)?,
            column,
            province,
            rule,
            step,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Coded as _, UnitKind};

    /// (label, m², grades) of a column, from the largest row down.
    fn rows(column: &super::super::OfficeColumn) -> Vec<(String, f64, Vec<&'static str>)> {
        column
            .rows
            .iter()
            .map(|r| {
                (
                    r.label.clone(),
                    r.area_m2,
                    r.grades.iter().map(|g| g.code()).collect(),
                )
            })
            .collect()
    }

    fn expect(table: &[(&str, f64, &[&'static str])]) -> Vec<(String, f64, Vec<&'static str>)> {
        table
            .iter()
            .map(|(l, a, g)| ((*l).to_owned(), *a, g.to_vec()))
            .collect()
    }

    const BELOW: &[&str] = &["141", "142", "150", "160"];

    #[test]
    fn table_2014_is_domain_1_4_row_for_row() {
        let set = StandardSet::shipped("cn-2014").unwrap();
        let col = |o| set.office.column(o).unwrap();
        // DOMAIN §1.4, 中央机关 column.
        assert_eq!(
            rows(col(OrganCategory::Central)),
            expect(&[
                ("部级正职", 54.0, &["111"]),
                ("部级副职", 42.0, &["112"]),
                ("正司(局)级", 24.0, &["121"]),
                ("副司(局)级", 18.0, &["122"]),
                ("处级", 12.0, &["131", "132"]),
                ("处级以下", 9.0, BELOW),
            ])
        );
        // DOMAIN §1.4, 省级机关 column.
        assert_eq!(
            rows(col(OrganCategory::Provincial)),
            expect(&[
                ("省级正职", 54.0, &["111"]),
                ("省级副职", 42.0, &["112"]),
                ("正厅(局)级", 30.0, &["121"]),
                ("副厅(局)级", 24.0, &["122"]),
                ("正处级", 18.0, &["131"]),
                ("副处级", 12.0, &["132"]),
                ("处级以下", 9.0, BELOW),
            ])
        );
        // DOMAIN §1.4, 市级机关 column.
        assert_eq!(
            rows(col(OrganCategory::City)),
            expect(&[
                ("市级正职", 42.0, &["121"]),
                ("市级副职", 30.0, &["122"]),
                ("正局(处)级", 24.0, &["131"]),
                ("副局(处)级", 18.0, &["132"]),
                ("局(处)级以下", 9.0, BELOW),
            ])
        );
        // DOMAIN §1.4, 县级机关 column.
        assert_eq!(
            rows(col(OrganCategory::County)),
            expect(&[
                ("县级正职", 30.0, &["131"]),
                ("县级副职", 24.0, &["132"]),
                ("正科级", 18.0, &["141"]),
                ("副科级", 12.0, &["142"]),
                ("科级以下", 9.0, &["150", "160"]),
            ])
        );
        // DOMAIN §1.4, Hubei 乡级 (2015): 24 / 18 / 9, capped at 县级副职 24.
        let (_, hubei) = set.office.township.province("湖北").unwrap();
        assert_eq!(
            rows(hubei),
            expect(&[
                ("乡级正职", 24.0, &["141"]),
                ("乡级副职", 18.0, &["142"]),
                ("乡级以下", 9.0, &["150", "160"]),
            ])
        );
        assert_eq!(set.office.township.cap_m2, Some(24.0));
    }

    #[test]
    fn table_1999_is_domain_1_5() {
        let set = StandardSet::shipped("cn-1999").unwrap();
        let areas = |o| -> Vec<f64> {
            set.office
                .column(o)
                .unwrap()
                .rows
                .iter()
                .map(|r| r.area_m2)
                .collect()
        };
        // DOMAIN §1.5: central 54/42/24/18/处级 9/处级以下 6; provincial 54/42/24/18/12/6;
        // city 32/18/12/6; county 20/12/9/6.
        assert_eq!(
            areas(OrganCategory::Central),
            [54.0, 42.0, 24.0, 18.0, 9.0, 6.0]
        );
        assert_eq!(
            areas(OrganCategory::Provincial),
            [54.0, 42.0, 24.0, 18.0, 12.0, 6.0]
        );
        assert_eq!(areas(OrganCategory::City), [32.0, 18.0, 12.0, 6.0]);
        assert_eq!(areas(OrganCategory::County), [20.0, 12.0, 9.0, 6.0]);
        assert!(set.service.is_empty() && set.plant.is_none() && set.suite.is_none());
        // 三级 (county): 10–12 m² 使用面积 per person, the lower bound above 100 staff.
        let county = &set.building_class[&OrganCategory::County];
        assert_eq!(
            (county.per_person(100), county.per_person(101)),
            (12.0, 10.0)
        );
    }

    #[test]
    fn jiamusi_city_section_level_dispatched_unit_reads_the_county_column() {
        // DOMAIN §1.4 note 2, Jiamusi DB2308/T 149-2023 表2: a city-level 科级 派出/直属 unit
        // uses 正科 18 / 副科 12 / 科级以下 9.
        let set = StandardSet::shipped("cn-2014").unwrap();
        let unit = Placement::plain(
            OrganCategory::City,
            UnitKind::Dispatched,
            Some(Grade::SectionChief),
        );
        let area = |g| set.lookup(unit, g, "").map(|m| m.row.area_m2);
        assert_eq!(area(Grade::SectionChief), Some(18.0));
        assert_eq!(area(Grade::SectionDeputy), Some(12.0));
        assert_eq!(area(Grade::Clerk), Some(9.0));
        let matched = set.lookup(unit, Grade::SectionChief, "").unwrap();
        assert_eq!(matched.column, OrganCategory::County);
        assert_eq!(
            matched.rule.map(|r| r.id.as_str()),
            Some("city_section_level_units")
        );
        // The same grade in the city organ itself reads 局(处)级以下 9.
        let organ = Placement {
            kind: UnitKind::Organ,
            ..unit
        };
        assert_eq!(
            set.lookup(organ, Grade::SectionChief, "")
                .map(|m| m.row.area_m2),
            Some(9.0)
        );
    }

    #[test]
    fn township_rows_need_the_province() {
        let set = StandardSet::shipped("cn-2014").unwrap();
        let town = Placement::plain(
            OrganCategory::Township,
            UnitKind::Organ,
            Some(Grade::SectionChief),
        );
        let hubei = set.lookup(town, Grade::SectionChief, "湖北省").unwrap();
        assert_eq!((hubei.row.area_m2, hubei.province), (24.0, Some("湖北")));
        assert!(set.lookup(town, Grade::SectionChief, "山东").is_none());
        assert!(set.lookup(town, Grade::SectionChief, "").is_none());
        // A 副县级 town (head 县处级副职) reads the county column: 县级副职 24.
        let high = Placement {
            head: Some(Grade::DivisionDeputy),
            ..town
        };
        assert_eq!(
            set.lookup(high, Grade::DivisionDeputy, "湖北")
                .map(|m| (m.row.area_m2, m.column)),
            Some((24.0, OrganCategory::County))
        );
    }

    #[test]
    fn sub_provincial_city_leaders_read_the_provincial_column() {
        // DOMAIN §1.4 note 1: a 副省级 city's deputies use 省级副职 42.
        let set = StandardSet::shipped("cn-2014").unwrap();
        let city = Placement::plain(
            OrganCategory::City,
            UnitKind::Organ,
            Some(Grade::ProvincialDeputy),
        );
        let row = set.lookup(city, Grade::ProvincialDeputy, "").unwrap();
        assert_eq!(
            (row.row.label.as_str(), row.row.area_m2),
            ("省级副职", 42.0)
        );
    }
}
