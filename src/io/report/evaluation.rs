//! A project checked as of a date, with its report: the one code path behind
//! `officeplan check`, `officeplan report` and the window's 报表 menu, so that none of them can
//! disagree with another.

use super::{Table, tables};
use crate::analysis::compliance::{CheckOptions, Compliance, ComplianceReport, check};
use crate::model::{Date, Project};
use crate::standards::{ProjectStandard, StandardError};

/// A project checked against its standard as of a date (统计截止日期).
pub struct Evaluation {
    /// The project as held on the date (buildings returned to their lessors left out).
    pub project: Project,
    pub standard: ProjectStandard,
    pub result: Compliance,
    /// The result named and rounded: what `check --json` writes.
    pub report: ComplianceReport,
}

impl Evaluation {
    /// Checks `project` as of `as_of`, else its statistics date, else today.
    ///
    /// ```
    /// use officeplan::io::report::Evaluation;
    /// use officeplan::io::sample::{SampleSource, build_project};
    /// let project = build_project(&SampleSource::Embedded).unwrap();
    /// let e = Evaluation::of_project(project, None).unwrap();
    /// // The sample's statistics date; 县住建局 is its one unit over.
    /// assert_eq!(e.report.as_of, "2026-09-30");
    /// assert_eq!(e.report.summary.units_over, 1);
    /// ```
    pub fn of_project(project: Project, as_of: Option<Date>) -> Result<Self, StandardError> {
        let standard = ProjectStandard::resolve(&project.settings)?;
        let options = CheckOptions::for_project(&project, as_of);
        // A building returned to its lessor is no longer ours from its return date.
        let project = crate::analysis::returned::held_on(project, &options.as_of);
        let result = check(&project, &standard, &options);
        let report = ComplianceReport::new(&project, &standard, &result);
        Ok(Self {
            project,
            standard,
            result,
            report,
        })
    }

    /// The report tables (办公用房信息 …), in the workbook's order.
    pub fn tables(&self) -> Vec<Table> {
        tables(&self.project, &self.standard, &self.result, &self.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::report::TABLE_NAMES;
    use crate::io::sample::{SampleSource, build_project};

    #[test]
    fn the_tables_are_those_the_menu_names_in_its_order() {
        let project = build_project(&SampleSource::Embedded).unwrap();
        let e = Evaluation::of_project(project, None).unwrap();
        let names: Vec<&str> = e.tables().iter().map(|t| t.name).collect();
        // A county file: every table but 省部级领导干部办公室信息.
        let county: Vec<&str> = TABLE_NAMES
            .into_iter()
            .filter(|n| *n != crate::io::report::PROVINCIAL_TABLE)
            .collect();
        assert_eq!(names, county);
    }

    #[test]
    fn a_later_date_finds_what_the_deadline_makes_due() {
        // 唐立强 retired 2026-03-31: on 2026-04-30 (the deadline, one month) he is not yet
        // late; on the sample's statistics date 2026-09-30 he is (tests/check_sample.rs).
        let project = build_project(&SampleSource::Embedded).unwrap();
        let late = |as_of: &str| {
            Evaluation::of_project(project.clone(), Some(as_of.into()))
                .unwrap()
                .report
                .persons
                .iter()
                .any(|p| p.kind == "not_vacated" && p.person == "唐立强")
        };
        assert!(!late("2026-04-30"));
        assert!(late("2026-09-30"));
    }
}
