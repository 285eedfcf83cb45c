//! Notes 3–4 of 表3: a leader's rest room (休息室) and private toilet (卫生间) inside the
//! office allowance, and who may have the toilet.

use super::StandardError;
use super::node::Node;
use crate::model::{Grade, OrganCategory};

/// One clause of toilet eligibility: every given field must match.
#[derive(Clone, Debug, PartialEq)]
pub struct ToiletClause {
    pub id: String,
    /// The person's unit's organ category.
    pub organ: Option<OrganCategory>,
    pub grades: Option<Vec<Grade>>,
    /// Titles (职务), compared exactly with each part of the person's title split at `、`.
    pub titles: Option<Vec<String>>,
    /// The person's 党政正职 flag must be this.
    pub party_government_head: Option<bool>,
    pub note: String,
}

impl ToiletClause {
    fn matches(&self, organ: OrganCategory, grade: Grade, head: bool, title: &str) -> bool {
        self.organ.is_none_or(|o| o == organ)
            && self.party_government_head.is_none_or(|h| h == head)
            && self.grades.as_ref().is_none_or(|g| g.contains(&grade))
            && self.titles.as_ref().is_none_or(|titles| {
                title
                    .split(['、', ',', '，'])
                    .map(str::trim)
                    .any(|part| titles.iter().any(|t| t == part))
            })
    }
}

/// Rules for the rooms of a leader's suite.
#[derive(Clone, Debug, PartialEq)]
pub struct SuiteRules {
    pub source: String,
    /// Sub-uses (房间用途) that mark a rest room.
    pub rest_room_sub_uses: Vec<String>,
    /// Sub-uses that mark a private toilet.
    pub toilet_sub_uses: Vec<String>,
    /// Whether a rest room counts inside the person's allowance (note 3: yes).
    pub rest_room_in_allowance: bool,
    /// Whether a private toilet counts inside the person's allowance (note 4: yes).
    pub toilet_in_allowance: bool,
    /// Largest private toilet, m² (note 4: 6).
    pub toilet_max_m2: f64,
    /// Who may have a private toilet: anyone matching a clause.
    pub toilet_eligible: Vec<ToiletClause>,
}

impl SuiteRules {
    /// Whether a room of this sub-use is a rest room.
    pub fn is_rest_room(&self, sub_use: &str) -> bool {
        self.rest_room_sub_uses.iter().any(|s| s == sub_use.trim())
    }

    /// Whether a room of this sub-use is a private toilet.
    pub fn is_toilet(&self, sub_use: &str) -> bool {
        self.toilet_sub_uses.iter().any(|s| s == sub_use.trim())
    }

    /// Whether a person may have a private toilet (note 4): `head` is the person's 党政正职
    /// flag; the title only matters to clauses that list titles (a project's own).
    ///
    /// ```
    /// use officeplan::model::{Grade, OrganCategory};
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// let suite = set.suite.as_ref().unwrap();
    /// let county = OrganCategory::County;
    /// assert!(suite.toilet_allowed(county, Grade::DivisionChief, true, "县长"));
    /// assert!(!suite.toilet_allowed(county, Grade::DivisionDeputy, false, "县委常委、常务副县长"));
    /// assert!(suite.toilet_allowed(OrganCategory::Provincial, Grade::BureauChief, false, "厅长"));
    /// ```
    pub fn toilet_allowed(
        &self,
        organ: OrganCategory,
        grade: Grade,
        head: bool,
        title: &str,
    ) -> bool {
        self.toilet_eligible
            .iter()
            .any(|c| c.matches(organ, grade, head, title))
    }

    /// Whether a room of this sub-use counts inside the person's allowance.
    pub fn in_allowance(&self, sub_use: &str) -> bool {
        if self.is_toilet(sub_use) {
            self.toilet_in_allowance
        } else if self.is_rest_room(sub_use) {
            self.rest_room_in_allowance
        } else {
            true
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&[
            "source",
            "rest_room_sub_uses",
            "toilet_sub_uses",
            "rest_room_in_allowance",
            "toilet_in_allowance",
            "toilet_max_m2",
            "toilet_eligible",
        ])?;
        let mut toilet_eligible = Vec::new();
        if let Some(clauses) = node.opt("toilet_eligible")? {
            for clause in clauses.entries()? {
                clause.only(&["organ", "grades", "titles", "party_government_head", "note"])?;
                let parsed = ToiletClause {
                    id: clause.key().to_owned(),
                    organ: clause.opt("organ")?.map(|n| n.as_coded()).transpose()?,
                    grades: clause
                        .opt("grades")?
                        .map(|n| n.as_coded_list())
                        .transpose()?,
                    titles: clause.opt("titles")?.map(|n| n.as_str_list()).transpose()?,
                    party_government_head: clause
                        .opt("party_government_head")?
                        .map(|n| n.as_bool())
                        .transpose()?,
                    note: clause.text_or_empty("note")?,
                };
                if parsed.organ.is_none()
                    && parsed.grades.is_none()
                    && parsed.titles.is_none()
                    && parsed.party_government_head.is_none()
                {
                    return Err(clause.error(crate::t!("standards.reason.empty_clause")));
                }
                toilet_eligible.push(parsed);
            }
        }
        Ok(Self {
            source: node.text_or_empty("source")?,
            rest_room_sub_uses: node.get("rest_room_sub_uses")?.as_str_list()?,
            toilet_sub_uses: node.get("toilet_sub_uses")?.as_str_list()?,
            rest_room_in_allowance: node.get("rest_room_in_allowance")?.as_bool()?,
            toilet_in_allowance: node.get("toilet_in_allowance")?.as_bool()?,
            toilet_max_m2: node.get("toilet_max_m2")?.as_positive()?,
            toilet_eligible,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Grade, OrganCategory};
    use crate::standards::StandardSet;

    #[test]
    fn toilet_eligibility_follows_the_role_flag() {
        // DOMAIN §1.4 note 4: 省部级 leaders, provincial 厅(局) heads and 市/县 党政正职 may
        // have a private toilet. The 党政正职 flag decides, not the title's words.
        let set = StandardSet::shipped("cn-2014").unwrap();
        let suite = set.suite.as_ref().unwrap();
        let county = OrganCategory::County;
        // 中共示范县委书记, flagged 党政正职: allowed (the old title list had only 县委书记).
        assert!(suite.toilet_allowed(county, Grade::DivisionChief, true, "中共示范县委书记"));
        // A 副县长 (not flagged): not allowed, nor a 县长 whose flag is not ticked.
        assert!(!suite.toilet_allowed(county, Grade::DivisionDeputy, false, "副县长"));
        assert!(!suite.toilet_allowed(county, Grade::DivisionChief, false, "县长"));
        // A city's 党政正职 (市长): allowed; a township's head: not (note 4 names 市/县 only).
        assert!(suite.toilet_allowed(OrganCategory::City, Grade::BureauChief, true, "市长"));
        assert!(!suite.toilet_allowed(OrganCategory::Township, Grade::SectionChief, true, "乡长"));
        // 省部级 leaders by grade; a provincial 厅(局) head (正厅局级) by organ and grade.
        assert!(suite.toilet_allowed(
            OrganCategory::Provincial,
            Grade::ProvincialDeputy,
            false,
            "副省长"
        ));
        assert!(suite.toilet_allowed(OrganCategory::Provincial, Grade::BureauChief, false, "厅长"));
        assert!(!suite.toilet_allowed(
            OrganCategory::Provincial,
            Grade::BureauDeputy,
            false,
            "副厅长"
        ));
    }
}
