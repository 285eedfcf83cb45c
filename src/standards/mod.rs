//! Standard sets (标准) as data: the per-person office table with its notes, the per-unit
//! indicators and the measuring conventions, shipped as commented TOML under
//! `assets/standards/` and embedded in the binary.
//!
//! Pure: no SQL, no egui. A project names its set and province in `officeplan_meta` and may
//! override any value ([`ProjectStandard`]); [`StandardSet::lookup`] gives a person's row.
//!
//! ```
//! use officeplan::model::{Grade, OrganCategory, UnitKind};
//! use officeplan::standards::{Placement, StandardSet};
//! let set = StandardSet::shipped("cn-2014").unwrap();
//! let county = Placement::plain(OrganCategory::County, UnitKind::Organ, None);
//! assert_eq!(set.lookup(county, Grade::DivisionChief, "").unwrap().row.label, "县级正职");
//! ```

mod convention;
mod error;
mod indicator;
mod node;
mod office;
mod overrides;
mod rank;
mod set;
mod step_down;
mod step_up;
mod suite;

pub use convention::{ExcessDivisor, ExcessRule, UsableCoefficient, VacateRule};
pub use error::StandardError;
pub use indicator::{BuildingClass, HeadcountBasis, PlantBase, PlantRule, ServiceFormula};
pub use node::key_segment;
pub use office::{OfficeColumn, OfficeTables, Row, Township};
pub use overrides::{
    Difference, OVERRIDES_SOURCE, ProjectStandard, clear_override, differences, merge, set_override,
};
pub use rank::{GradeText, RankGoverns, RankRow, RankTable};
pub use set::{RowMatch, StandardSet};
pub use step_down::{Placement, StepDownRule};
pub use step_up::{ChiefRow, StepOf, StepUpRules};
pub use suite::{SuiteRules, ToiletClause};

/// The shipped sets: id and the text of `assets/standards/<id>.toml`.
const SHIPPED: &[(&str, &str)] = &[
    (
        "cn-2014",
        include_str!("../../assets/standards/cn-2014.toml"),
    ),
    (
        "cn-1999",
        include_str!("../../assets/standards/cn-1999.toml"),
    ),
];

/// Ids of the shipped sets, newest first.
pub fn shipped_ids() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(id, _)| *id)
}

/// The shipped TOML text of a set.
pub fn shipped_text(id: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(known, _)| *known == id.trim())
        .map(|(_, text)| *text)
}

fn shipped_file_name(id: &str) -> String {
    format!("{}.toml", id.trim())
}

fn unknown(id: &str) -> StandardError {
    StandardError::Unknown {
        id: id.to_owned(),
        known: shipped_ids().collect::<Vec<_>>().join(", "),
    }
}
