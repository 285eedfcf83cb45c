//! The report tables of a provincial file per region (范围): one county's, the file's own
//! level's (本级), the total (本级+下级), or each region as its own sheet beside the summed
//! sheet. Every sheet is made by the one path of [`Evaluation`] — the same check and the same
//! tables as the whole file — over the part of the project its region holds
//! ([`Project::scoped`]), so a county's sheet is what the county's own file would report, and
//! the regions' sheets add up to the summed sheet.

use super::{Evaluation, Table};
use crate::model::{Date, Project, Region, RegionScope};
use crate::standards::StandardError;

/// Which regions a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportScope {
    /// One scope: the total, 本级, or one county.
    One(RegionScope),
    /// Every region as its own sheet (本级 first, then each county in the file's order), after
    /// the summed sheet (本级+下级).
    ByRegionAndTotal,
}

impl Default for ReportScope {
    /// The whole file, as a file of one region always reports.
    fn default() -> Self {
        Self::One(RegionScope::All)
    }
}

/// Excel's longest sheet name, in characters.
const SHEET_NAME_MAX: usize = 31;

/// The scopes of a by-region report: the total, the file's own level, then every other region.
fn by_region(regions: &[Region], own: Option<&Region>) -> Vec<RegionScope> {
    let mut scopes = vec![RegionScope::All, RegionScope::Own];
    scopes.extend(
        regions
            .iter()
            .filter(|r| own.is_none_or(|o| o.uuid != r.uuid))
            .map(|r| RegionScope::Region(r.uuid)),
    );
    scopes
}

/// A sheet's name for `scope`: the table's name, then the region's (`办公用房信息-甲县`;
/// `-合计` for the total, `-本级` for the file's own level), or its code where the name is
/// taken or too long.
fn sheet_name(table: &str, scope: RegionScope, regions: &[Region], taken: &[String]) -> String {
    let region = |r| regions.iter().find(|g| g.uuid == r);
    let suffixes: Vec<String> = match scope {
        RegionScope::All => vec!["合计".to_owned()],
        RegionScope::Own => vec!["本级".to_owned()],
        RegionScope::Region(r) => match region(r) {
            Some(g) => vec![g.name.clone(), g.code.clone()],
            None => vec![r.to_string()],
        },
    };
    let candidates: Vec<String> = suffixes.iter().map(|s| format!("{table}-{s}")).collect();
    candidates
        .iter()
        .find(|c| c.chars().count() <= SHEET_NAME_MAX && !taken.contains(c))
        .or_else(|| candidates.last())
        .map(|c| c.chars().take(SHEET_NAME_MAX).collect())
        .unwrap_or_default()
}

/// The report tables of `project` (the whole file) for `scope`, checked as of `as_of`;
/// `regions` are the file's ([`crate::workspace::Workspace::regions`]). One scope gives the
/// tables of [`Evaluation::tables`] with their own names; by region, every table once per
/// region, each sheet named after its region.
pub fn scoped_tables(
    project: Project,
    regions: &[Region],
    scope: ReportScope,
    as_of: Option<Date>,
) -> Result<Vec<Table>, StandardError> {
    match scope {
        ReportScope::One(RegionScope::All) => Ok(Evaluation::of_project(project, as_of)?.tables()),
        ReportScope::One(one) => {
            Ok(Evaluation::of_project(project.scoped(one, regions), as_of)?.tables())
        }
        ReportScope::ByRegionAndTotal => {
            let mut names: Vec<String> = Vec::new();
            let mut tables = Vec::new();
            for one in by_region(regions, project.region.as_ref()) {
                let part =
                    Evaluation::of_project(project.scoped(one, regions), as_of.clone())?.tables();
                for mut table in part {
                    let name = sheet_name(table.name, one, regions, &names);
                    names.push(name.clone());
                    table.sheet = Some(name);
                    tables.push(table);
                }
            }
            // The workbook's order: each table's sheets together, the summed one first.
            tables.sort_by_key(|t| super::TABLE_NAMES.iter().position(|n| *n == t.name));
            Ok(tables)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RegionLevel, Uuid};

    fn region(n: u128, name: &str, code: &str) -> Region {
        Region {
            uuid: Uuid::from_u128(n),
            name: name.to_owned(),
            level: RegionLevel::County,
            code: code.to_owned(),
            parent_code: "420000000000".to_owned(),
        }
    }

    #[test]
    fn a_sheet_is_named_after_its_region_or_its_code_when_the_name_is_taken() {
        let regions = [
            region(1, "甲县", "429901000000"),
            region(2, "甲县", "429902000000"),
        ];
        let mut taken = Vec::new();
        for r in &regions {
            let name = sheet_name(
                "办公用房信息",
                RegionScope::Region(r.uuid),
                &regions,
                &taken,
            );
            taken.push(name);
        }
        assert_eq!(taken, ["办公用房信息-甲县", "办公用房信息-429902000000"]);
        assert_eq!(
            sheet_name("办公用房信息", RegionScope::All, &regions, &taken),
            "办公用房信息-合计"
        );
        // 31 characters at most: a long county name falls back to its code.
        let long = [region(3, &"长".repeat(30), "429903000000")];
        assert_eq!(
            sheet_name(
                "办公用房信息",
                RegionScope::Region(long[0].uuid),
                &long,
                &[]
            ),
            "办公用房信息-429903000000"
        );
    }
}
