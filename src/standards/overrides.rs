//! A project's standard: a shipped set with the project's local overrides merged in, and the
//! list of values that differ from the shipped ones.

use toml::{Table, Value};

use super::node::key_segment;
use super::{Placement, RowMatch, StandardError, StandardSet};
use crate::model::{Grade, ProjectSettings};

/// Where overrides come from, in error messages.
pub const OVERRIDES_SOURCE: &str = "officeplan_meta.standard_overrides";

/// One value that differs from the shipped set.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// Dotted key path (`service.county.max_m2_per_person`).
    pub key: String,
    /// The shipped value, as TOML (`None` for a key the shipped set does not have).
    pub default: Option<String>,
    /// The value in use, as TOML.
    pub value: String,
}

/// The standard a project is checked against.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectStandard {
    pub set: StandardSet,
    /// Province whose 乡级 rows apply.
    pub province: String,
    /// The set in use as a TOML document (shipped file + overrides).
    pub effective: Value,
    /// Values that differ from the shipped set, by key.
    pub differences: Vec<Difference>,
}

impl ProjectStandard {
    /// The standard named by a project's settings, with its overrides.
    pub fn resolve(settings: &ProjectSettings) -> Result<Self, StandardError> {
        Self::new(
            &settings.standard,
            &settings.province,
            &settings.standard_overrides,
        )
    }

    /// A shipped set (`cn-2014`) for a province, with overrides (TOML; empty for none).
    ///
    /// ```
    /// use officeplan::model::{Grade, OrganCategory, UnitKind};
    /// use officeplan::standards::{Placement, ProjectStandard};
    /// let overrides = "[office.county.rows.chief]\narea_m2 = 32\n";
    /// let standard = ProjectStandard::new("cn-2014", "湖北", overrides).unwrap();
    /// let county = Placement::plain(OrganCategory::County, UnitKind::Organ, None);
    /// assert_eq!(standard.lookup(county, Grade::DivisionChief).unwrap().row.area_m2, 32.0);
    /// assert_eq!(standard.differences[0].key, "office.county.rows.chief.area_m2");
    /// assert_eq!(standard.differences[0].default.as_deref(), Some("30"));
    /// ```
    pub fn new(id: &str, province: &str, overrides: &str) -> Result<Self, StandardError> {
        let text = super::shipped_text(id).ok_or_else(|| super::unknown(id))?;
        let file = super::shipped_file_name(id);
        let shipped = parse_table(&file, text)?;
        let mut effective = shipped.clone();
        let label = if overrides.trim().is_empty() {
            file
        } else {
            merge(&mut effective, &parse_table(OVERRIDES_SOURCE, overrides)?);
            format!("{file} + {OVERRIDES_SOURCE}")
        };
        let set = StandardSet::from_value(&label, &effective)?;
        Ok(Self {
            set,
            province: province.to_owned(),
            differences: differences(&shipped, &effective),
            effective,
        })
    }

    /// The grade whose row a person reads: the 职务 grade or the 职级's, as the set's
    /// `[ranks]` table says (see [`super::RankTable::grade_of`]).
    pub fn grade_of(&self, person: &crate::model::Person) -> Grade {
        self.set.ranks.grade_of(person)
    }

    /// The row a person reads, in this project's province (see [`StandardSet::lookup`]).
    pub fn lookup(&self, placement: Placement, grade: Grade) -> Option<RowMatch<'_>> {
        self.set.lookup(placement, grade, &self.province)
    }
}

fn parse_table(file: &str, text: &str) -> Result<Value, StandardError> {
    toml::from_str::<Table>(text)
        .map(Value::Table)
        .map_err(|e| StandardError::Syntax {
            file: file.to_owned(),
            reason: e.to_string(),
        })
}

/// Merges `overrides` into `base`: tables key by key, any other value replaced whole.
pub fn merge(base: &mut Value, overrides: &Value) {
    match (base, overrides) {
        (Value::Table(base), Value::Table(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

/// Every leaf (non-table value) of a document with its dotted key path.
fn leaves<'a>(value: &'a Value, prefix: &str, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Table(table) => {
            for (key, child) in table {
                let path = if prefix.is_empty() {
                    key_segment(key)
                } else {
                    format!("{prefix}.{}", key_segment(key))
                };
                leaves(child, &path, out);
            }
        }
        leaf => out.push((prefix.to_owned(), leaf)),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The values of `effective` that are not in `shipped` or differ from it (numbers compare by
/// value: `30` and `30.0` are the same).
///
/// ```
/// use officeplan::standards::differences;
/// let shipped: toml::Value = toml::from_str("[plant]\nratio = 0.09\nbase = \"standard\"").unwrap();
/// let effective: toml::Value = toml::from_str("[plant]\nratio = 0.09\nbase = \"actual\"").unwrap();
/// let d = differences(&shipped, &effective);
/// assert_eq!(d.len(), 1);
/// assert_eq!((d[0].key.as_str(), d[0].value.as_str()), ("plant.base", "\"actual\""));
/// ```
pub fn differences(shipped: &Value, effective: &Value) -> Vec<Difference> {
    let mut before = Vec::new();
    leaves(shipped, "", &mut before);
    let mut after = Vec::new();
    leaves(effective, "", &mut after);
    after
        .into_iter()
        .filter_map(|(key, value)| {
            let default = before.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
            match default {
                Some(d) if same(d, value) => None,
                _ => Some(Difference {
                    key,
                    default: default.map(ToString::to_string),
                    value: value.to_string(),
                }),
            }
        })
        .collect()
}

/// Adds one `KEY = VALUE` assignment (TOML dotted key; a value that is not TOML is taken as
/// text) to an overrides document and returns the new document.
///
/// ```
/// use officeplan::standards::set_override;
/// let text = set_override("", "service.county.max_m2_per_person = 7").unwrap();
/// let text = set_override(&text, "excess.ratio_divisor=approved").unwrap();
/// assert_eq!(text, "[excess]\nratio_divisor = \"approved\"\n\n[service.county]\nmax_m2_per_person = 7\n");
/// ```
pub fn set_override(overrides: &str, assignment: &str) -> Result<String, StandardError> {
    let syntax = |reason: String| StandardError::Syntax {
        file: assignment.to_owned(),
        reason,
    };
    let (key, value) = assignment
        .split_once('=')
        .ok_or_else(|| syntax(crate::t!("standards.reason.assignment").into_owned()))?;
    let (key, value) = (key.trim(), value.trim());
    let change = toml::from_str::<Table>(&format!("{key} = {value}"))
        .or_else(|_| {
            let text = Value::String(value.to_owned()).to_string();
            toml::from_str::<Table>(&format!("{key} = {text}"))
        })
        .map_err(|e| syntax(e.to_string()))?;
    let mut document = parse_table(OVERRIDES_SOURCE, overrides)?;
    merge(&mut document, &Value::Table(change));
    toml::to_string(&document).map_err(|e| syntax(e.to_string()))
}

/// Removes one value (TOML dotted key) from an overrides document, and the tables it leaves
/// empty, so that the shipped value applies again; a key the document does not hold changes
/// nothing.
///
/// ```
/// use officeplan::standards::clear_override;
/// let text = "[office.county.rows.chief]\narea_m2 = 32\n\n[plant]\nratio = 0.1\n";
/// assert_eq!(clear_override(text, "office.county.rows.chief.area_m2").unwrap(), "[plant]\nratio = 0.1\n");
/// ```
pub fn clear_override(overrides: &str, key: &str) -> Result<String, StandardError> {
    // The key's segments, unquoted, as TOML reads them.
    let probe =
        toml::from_str::<Table>(&format!("{key} = 0")).map_err(|e| StandardError::Syntax {
            file: key.to_owned(),
            reason: e.to_string(),
        })?;
    let mut path = Vec::new();
    let mut at = &probe;
    while let Some((segment, value)) = at.iter().next() {
        path.push(segment.clone());
        match value {
            Value::Table(t) => at = t,
            _ => break,
        }
    }
    let mut document = match parse_table(OVERRIDES_SOURCE, overrides)? {
        Value::Table(t) => t,
        _ => Table::new(),
    };
    fn remove(table: &mut Table, path: &[String]) {
        match path {
            [] => {}
            [last] => {
                table.remove(last);
            }
            [first, rest @ ..] => {
                if let Some(Value::Table(child)) = table.get_mut(first) {
                    remove(child, rest);
                    if child.is_empty() {
                        table.remove(first);
                    }
                }
            }
        }
    }
    remove(&mut document, &path);
    toml::to_string(&document).map_err(|e| StandardError::Syntax {
        file: key.to_owned(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_sets_have_no_differences() {
        for id in super::super::shipped_ids() {
            let standard = ProjectStandard::new(id, "湖北", "").unwrap();
            assert!(standard.differences.is_empty(), "{id}");
        }
    }

    #[test]
    fn overrides_that_repeat_the_default_are_not_differences() {
        let standard = ProjectStandard::new(
            "cn-2014",
            "湖北",
            "[plant]\nratio = 0.09\n[vacate]\nmonths = 2",
        )
        .unwrap();
        assert_eq!(
            standard.differences,
            vec![Difference {
                key: "vacate.months".to_owned(),
                default: Some("1".to_owned()),
                value: "2".to_owned(),
            }]
        );
        assert_eq!(standard.set.vacate.months, 2);
    }

    #[test]
    fn a_new_province_is_an_addition() {
        let overrides = r#"
            [office.township.provinces."山东".rows]
            chief = { label = "乡级正职", area_m2 = 22, grades = ["141"] }
        "#;
        let standard = ProjectStandard::new("cn-2014", "山东省", overrides).unwrap();
        assert!(standard.differences.iter().all(
            |d| d.default.is_none() && d.key.starts_with("office.township.provinces.\"山东\"")
        ));
        let (key, _) = standard.set.office.township.province("山东省").unwrap();
        assert_eq!(key, "山东");
    }

    #[test]
    fn bad_overrides_name_the_key() {
        let error = ProjectStandard::new("cn-2014", "", "[service.county]\nmax_m2_per_persn = 7")
            .unwrap_err();
        match error {
            StandardError::Invalid { file, key, .. } => {
                assert_eq!(file, "cn-2014.toml + officeplan_meta.standard_overrides");
                assert_eq!(key, "service.county.max_m2_per_persn");
            }
            other => panic!("{other:?}"),
        }
        let error = ProjectStandard::new("cn-2014", "", "[service.county").unwrap_err();
        assert!(matches!(error, StandardError::Syntax { file, .. } if file == OVERRIDES_SOURCE));
        // A township row above the cap (县级副职 24) is refused.
        let error = ProjectStandard::new(
            "cn-2014",
            "湖北",
            "[office.township.provinces.\"湖北\".rows.chief]\narea_m2 = 26",
        )
        .unwrap_err();
        assert!(
            matches!(error, StandardError::Invalid { key, .. } if key == "office.township.provinces.\"湖北\".rows.chief")
        );
        assert!(matches!(
            ProjectStandard::new("cn-2099", "", ""),
            Err(StandardError::Unknown { .. })
        ));
    }
}
