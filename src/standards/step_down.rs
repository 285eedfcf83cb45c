//! Notes 1–2 of 表3: units that read another column ("one level down" for 派出机构 and
//! 直属事业单位, "one step up" for 副省级 cities and the like), as a rule table.

use super::node::Node;
use super::{StandardError, StepOf};
use crate::model::{Grade, OrganCategory, Unit, UnitKind, Uuid};

/// Where a unit sits for 表3: its organ category, its kind and its head grade.
///
/// The head grade is the highest grade among the unit's approved posts (批复编制): a unit whose
/// highest post is 乡科级正职 is a 科级 unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Placement {
    pub organ: OrganCategory,
    pub kind: UnitKind,
    pub head: Option<Grade>,
    /// The unit's 高配 (表3 note 1), its own or a parent's.
    pub step: Option<StepOf>,
}

impl Placement {
    /// A placement with no 高配.
    pub fn plain(organ: OrganCategory, kind: UnitKind, head: Option<Grade>) -> Self {
        Self {
            organ,
            kind,
            head,
            step: None,
        }
    }

    /// [`Placement::within`] a list of units (a linear search per parent: for a few units).
    pub fn in_list(unit: &Unit, units: &[Unit]) -> Self {
        Self::within(unit, |id| units.iter().find(|u| u.uuid == *id))
    }

    /// The placement of a unit among others: a unit with no 高配 of its own inherits the
    /// nearest one of the units above it (its parent chain), as a component department.
    pub fn within<'u>(unit: &Unit, parent_of: impl Fn(&Uuid) -> Option<&'u Unit>) -> Self {
        let mut placement = Self::of(unit);
        if placement.step.is_none() {
            let mut next = unit.parent;
            // The depth bound guards against a cycle of parents in a damaged file.
            for _ in 0..32 {
                let Some(parent) = next.as_ref().and_then(&parent_of) else {
                    break;
                };
                if let Some(step) = parent.rank_step {
                    placement.step = Some(StepOf {
                        step,
                        inherited: true,
                    });
                    break;
                }
                next = parent.parent;
            }
        }
        placement
    }

    /// The placement of a unit.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use officeplan::model::{Grade, OrganCategory, Unit, UnitKind, Uuid};
    /// use officeplan::standards::Placement;
    /// let unit = Unit {
    ///     uuid: Uuid::nil(), name: "某派出所".into(), organ_category: OrganCategory::City,
    ///     kind: UnitKind::Dispatched, parent: None,
    ///     posts: BTreeMap::from([(Grade::SectionChief, 1), (Grade::Clerk, 6), (Grade::NationalChief, 0)]),
    ///     service_posts: 0, headcount: 7, note: String::new(), rank_step: None, region: None,
    /// };
    /// assert_eq!(Placement::of(&unit).head, Some(Grade::SectionChief)); // posts of 0 do not count
    /// ```
    pub fn of(unit: &Unit) -> Self {
        Self {
            organ: unit.organ_category,
            kind: unit.kind,
            // Grades order from 国家级正职 down, so the first grade with posts is the head.
            head: unit
                .posts
                .iter()
                .find(|(_, count)| **count > 0)
                .map(|(grade, _)| *grade),
            step: unit.rank_step.map(|step| StepOf {
                step,
                inherited: false,
            }),
        }
    }
}

/// One rule: persons of matching units read the `use_column` instead of their own.
#[derive(Clone, Debug, PartialEq)]
pub struct StepDownRule {
    /// Stable key in the file.
    pub id: String,
    pub organ: OrganCategory,
    /// Unit kinds the rule covers; `None` = every kind.
    pub kinds: Option<Vec<UnitKind>>,
    /// Head grades of the units the rule covers; `None` = any.
    pub unit_head: Option<Vec<Grade>>,
    /// Grades of the persons the rule covers; `None` = every grade.
    pub grades: Option<Vec<Grade>>,
    /// The column to read.
    pub use_column: OrganCategory,
    /// The rule in the standard's words.
    pub note: String,
    pub source: String,
}

fn covers<T: PartialEq>(list: Option<&Vec<T>>, value: Option<T>) -> bool {
    match (list, value) {
        (None, _) => true,
        (Some(list), Some(v)) => list.contains(&v),
        (Some(_), None) => false,
    }
}

/// Whether two optional filters can both match one value.
fn meet<T: PartialEq>(a: Option<&Vec<T>>, b: Option<&Vec<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().any(|x| b.contains(x)),
        _ => true,
    }
}

impl StepDownRule {
    /// Whether the rule applies to a person of `grade` in a unit placed at `placement`.
    pub fn applies(&self, placement: Placement, grade: Grade) -> bool {
        self.organ == placement.organ
            && covers(self.kinds.as_ref(), Some(placement.kind))
            && covers(self.unit_head.as_ref(), placement.head)
            && covers(self.grades.as_ref(), Some(grade))
    }

    fn overlaps(&self, other: &Self) -> bool {
        self.organ == other.organ
            && meet(self.kinds.as_ref(), other.kinds.as_ref())
            && meet(self.unit_head.as_ref(), other.unit_head.as_ref())
            && meet(self.grades.as_ref(), other.grades.as_ref())
    }

    /// Reads the `step_down` table and refuses rules that could both apply to one person.
    pub(super) fn parse_all(node: &Node<'_>) -> Result<Vec<Self>, StandardError> {
        let mut rules: Vec<Self> = Vec::new();
        for child in node.entries()? {
            child.only(&[
                "organ",
                "kinds",
                "unit_head",
                "grades",
                "use",
                "note",
                "source",
            ])?;
            let list = |key| -> Result<Option<Vec<Grade>>, StandardError> {
                child.opt(key)?.map(|n| n.as_coded_list()).transpose()
            };
            let rule = Self {
                id: child.key().to_owned(),
                organ: child.get("organ")?.as_coded()?,
                kinds: child.opt("kinds")?.map(|n| n.as_coded_list()).transpose()?,
                unit_head: list("unit_head")?,
                grades: list("grades")?,
                use_column: child.get("use")?.as_coded()?,
                note: child.text_or_empty("note")?,
                source: child.text_or_empty("source")?,
            };
            if rule.use_column == rule.organ {
                return Err(child
                    .get("use")?
                    .error(crate::t!("standards.reason.same_column")));
            }
            if let Some(other) = rules.iter().find(|r| r.overlaps(&rule)) {
                return Err(child.error(crate::t!("standards.reason.overlap", other = other.id)));
            }
            rules.push(rule);
        }
        Ok(rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::StandardSet;

    fn placement(organ: OrganCategory, kind: UnitKind, head: Grade) -> Placement {
        Placement::plain(organ, kind, Some(head))
    }

    #[test]
    fn county_affiliated_units_keep_their_column() {
        // DOMAIN §1.4 note 2 names no lower column for county units: 县融媒体中心 (直属, head
        // 乡科级正职) reads the county column, as the sample generator assumes.
        let set = StandardSet::shipped("cn-2014").unwrap();
        let p = placement(
            OrganCategory::County,
            UnitKind::Affiliated,
            Grade::SectionChief,
        );
        let (column, rule) = set.column_for(p, Grade::SectionChief);
        assert_eq!(
            (column, rule.map(|r| r.id.as_str())),
            (OrganCategory::County, None)
        );
    }

    #[test]
    fn overlapping_rules_are_refused() {
        let text = r#"
            [step_down.a]
            organ = "city"
            kinds = ["dispatched"]
            use = "county"
            [step_down.b]
            organ = "city"
            unit_head = ["141"]
            use = "county"
        "#;
        let doc = toml::Value::Table(toml::from_str(text).unwrap());
        let root = Node::root("x.toml", &doc);
        let error = StepDownRule::parse_all(&root.get("step_down").unwrap()).unwrap_err();
        assert!(matches!(error, StandardError::Invalid { key, .. } if key == "step_down.b"));
    }
}
