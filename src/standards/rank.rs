//! 2019 公务员职级 (《公务员职务与职级并行规定》): which grade, and hence which row of 表3, a
//! 职级 reads, and which governs when a person has both a 职务 grade and a 职级.

use super::StandardError;
use super::node::Node;
use crate::model::{Grade, Person, coded_enum};

coded_enum! {
    /// Which grade gives the office row of a person recorded with both a 职务 and a 职级.
    RankGoverns {
        /// The higher of the two (the shipped default, UNVERIFIED).
        Higher => "higher", "取较高者";
        /// The 职务 grade.
        Post => "post", "按职务";
        /// The 职级's grade.
        Rank => "rank", "按职级";
    }
}

/// What a grade column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GradeText {
    /// A 职务 grade.
    Post(Grade),
    /// A 职级 (as the table names it) and the grade it reads.
    Rank(String, Grade),
}

/// One 职级 and the grade it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    /// Stable key in the file (`level_1_principal_clerk`), used by overrides.
    pub id: String,
    /// The 职级 as written (`一级主任科员`).
    pub label: String,
    pub grade: Grade,
    pub source: String,
    /// Why the row reads this grade (UNVERIFIED where no national text says).
    pub note: String,
}

/// The `[ranks]` table of a set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankTable {
    pub source: String,
    pub note: String,
    /// `None` in a set without the table (every person is then read by the 职务 grade).
    pub governs: Option<RankGoverns>,
    /// In the file's order of keys.
    pub rows: Vec<RankRow>,
}

impl RankTable {
    /// The row of a 职级 by its name (surrounding blanks ignored).
    ///
    /// ```
    /// use officeplan::model::Grade;
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// assert_eq!(set.ranks.find(" 一级主任科员 ").unwrap().grade, Grade::SectionChief);
    /// assert!(set.ranks.find("一级主任").is_none());
    /// ```
    pub fn find(&self, name: &str) -> Option<&RankRow> {
        let name = name.trim();
        self.rows.iter().find(|r| r.label == name)
    }

    /// The grade whose row a person reads: the 职务 grade, the 职级's grade, or the higher
    /// of the two, as `governs` says. A 职级 the table does not know leaves the 职务 grade.
    pub fn grade_of(&self, person: &Person) -> Grade {
        let rank = if person.rank.trim().is_empty() {
            None
        } else {
            self.find(&person.rank).map(|r| r.grade)
        };
        match (rank, person.rank_only) {
            (None, _) => person.grade,
            (Some(rank), true) => rank,
            // Grades order from 国家级正职 down: the smaller is the higher.
            (Some(rank), false) => match self.governs.unwrap_or(RankGoverns::Higher) {
                RankGoverns::Higher => rank.min(person.grade),
                RankGoverns::Post => person.grade,
                RankGoverns::Rank => rank,
            },
        }
    }

    /// Reads a grade column's text: a 职务 grade (GB/T 12407 name or code) or a 职级 name.
    ///
    /// ```
    /// use officeplan::model::Grade;
    /// use officeplan::standards::{GradeText, StandardSet};
    /// let ranks = StandardSet::shipped("cn-2014").unwrap().ranks;
    /// assert_eq!(ranks.read("乡科级正职"), Some(GradeText::Post(Grade::SectionChief)));
    /// assert_eq!(ranks.read("一级主任科员"),
    ///            Some(GradeText::Rank("一级主任科员".into(), Grade::SectionChief)));
    /// assert_eq!(ranks.read("主任"), None);
    /// ```
    pub fn read(&self, text: &str) -> Option<GradeText> {
        use crate::model::Coded as _;
        if let Some(grade) = Grade::parse(text) {
            return Some(GradeText::Post(grade));
        }
        self.find(text)
            .map(|r| GradeText::Rank(r.label.clone(), r.grade))
    }

    /// Sets a person's grade from a grade column's text (see [`RankTable::read`]): a 职务
    /// grade sets the grade (a 职级 already recorded stays beside it); a 职级 alone sets the
    /// 职级 and the grade it maps to. `false` (nothing changed) for a text that is neither.
    pub fn set_grade_text(&self, person: &mut Person, text: &str) -> bool {
        match self.read(text) {
            Some(GradeText::Post(grade)) => {
                person.grade = grade;
                person.rank_only = false;
                true
            }
            Some(GradeText::Rank(label, grade)) => {
                person.rank = label;
                person.grade = grade;
                person.rank_only = true;
                true
            }
            None => false,
        }
    }

    /// Sets a 职级 beside the person's 职务 grade; an empty text clears it (a person recorded by
    /// 职级 alone keeps the grade it mapped to). `false` for a name the table does not know.
    pub fn set_rank_beside(&self, person: &mut Person, text: &str) -> bool {
        if text.trim().is_empty() {
            person.rank.clear();
            person.rank_only = false;
            return true;
        }
        match self.find(text) {
            Some(row) => {
                person.rank = row.label.clone();
                true
            }
            None => false,
        }
    }

    /// The names a grade column accepts, for error messages: the grades, then the 职级.
    pub fn accepted_names(&self) -> String {
        use crate::model::Coded as _;
        Grade::ALL
            .iter()
            .map(|g| g.zh())
            .chain(self.rows.iter().map(|r| r.label.as_str()))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// Turns `ranks.<职级> = <grade>` (a grade's name or code) into the override of the row's
    /// grade (`ranks.rows.<id>.grade = "<code>"`), or of a new row for a name the table does not
    /// have; any other assignment is returned as it is.
    ///
    /// ```
    /// let ranks = officeplan::standards::StandardSet::shipped("cn-2014").unwrap().ranks;
    /// assert_eq!(ranks.assignment("ranks.二级调研员 = 县处级副职"),
    ///            "ranks.rows.level_2_researcher.grade = \"132\"");
    /// assert_eq!(ranks.assignment("ranks.governs = post"), "ranks.governs = post");
    /// ```
    pub fn assignment(&self, assignment: &str) -> String {
        use crate::model::Coded as _;
        let Some((key, value)) = assignment.split_once('=') else {
            return assignment.to_owned();
        };
        let Some(name) = key.trim().strip_prefix("ranks.") else {
            return assignment.to_owned();
        };
        let name = name.trim().trim_matches('"');
        if ["rows", "governs", "source", "note"].contains(&name) || name.starts_with("rows.") {
            return assignment.to_owned();
        }
        let Some(grade) = Grade::parse(value.trim().trim_matches('"')) else {
            return assignment.to_owned();
        };
        match self.find(name) {
            Some(row) => format!(
                "ranks.rows.{}.grade = \"{}\"",
                super::node::key_segment(&row.id),
                grade.code()
            ),
            None => format!(
                "ranks.rows.{} = {{ label = {}, grade = \"{}\" }}",
                super::node::key_segment(name),
                toml::Value::String(name.to_owned()),
                grade.code()
            ),
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["source", "note", "governs", "rows"])?;
        let mut rows: Vec<RankRow> = Vec::new();
        if let Some(list) = node.opt("rows")? {
            for row in list.entries()? {
                row.only(&["label", "grade", "source", "note"])?;
                let parsed = RankRow {
                    id: row.key().to_owned(),
                    label: row.get("label")?.as_str()?.trim().to_owned(),
                    grade: row.get("grade")?.as_coded()?,
                    source: row.text_or_empty("source")?,
                    note: row.text_or_empty("note")?,
                };
                if let Some(other) = rows.iter().find(|r| r.label == parsed.label) {
                    // The table's keys come sorted: name the pair in either order.
                    return Err(row.error(crate::t!(
                        "ranks.reason.label_twice",
                        label = parsed.label,
                        other = other.id
                    )));
                }
                rows.push(parsed);
            }
        }
        // The TOML table's order is by key: show the ranks from the highest grade down.
        rows.sort_by(|a, b| a.grade.cmp(&b.grade).then(a.id.cmp(&b.id)));
        Ok(Self {
            source: node.text_or_empty("source")?,
            note: node.text_or_empty("note")?,
            governs: node.opt("governs")?.map(|n| n.as_coded()).transpose()?,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Coded as _, OrganCategory, UnitKind, Uuid};
    use crate::standards::{Placement, ProjectStandard, StandardSet};

    #[test]
    fn the_2019_correspondence_is_shipped_in_both_sets() {
        // 《公务员职务与职级并行规定》(2019): 一级巡视员 ↔ 厅局级正职 … 二级科员 ↔ 办事员级.
        let expected = [
            ("一级巡视员", "121"),
            ("二级巡视员", "122"),
            ("一级调研员", "131"),
            ("二级调研员", "131"),
            ("三级调研员", "132"),
            ("四级调研员", "132"),
            ("一级主任科员", "141"),
            ("二级主任科员", "141"),
            ("三级主任科员", "142"),
            ("四级主任科员", "142"),
            ("一级科员", "150"),
            ("二级科员", "160"),
        ];
        for id in ["cn-2014", "cn-1999"] {
            let set = StandardSet::shipped(id).unwrap();
            let got: Vec<(&str, &str)> = set
                .ranks
                .rows
                .iter()
                .map(|r| (r.label.as_str(), r.grade.code()))
                .collect();
            assert_eq!(got, expected, "{id}");
            assert_eq!(set.ranks.governs, Some(RankGoverns::Higher));
            assert!(set.ranks.note.contains("UNVERIFIED"), "{id}");
        }
    }

    fn county_person(grade: Grade, rank: &str, rank_only: bool) -> Person {
        let mut p = Person::new(Uuid::nil(), "张三", grade);
        p.rank = rank.to_owned();
        p.rank_only = rank_only;
        p
    }

    #[test]
    fn a_principal_clerk_reads_the_section_rows() {
        // cn-2014 县级机关: 一级主任科员 → 乡科级正职 → 正科级 18 m²; 三级主任科员 → 副科级 12;
        // 一级科员 → 科级以下 9 (DOMAIN §1.4 county column).
        let standard = ProjectStandard::new("cn-2014", "湖北", "").unwrap();
        let county = Placement::plain(OrganCategory::County, UnitKind::Organ, None);
        let area = |p: &Person| {
            standard
                .lookup(county, standard.set.ranks.grade_of(p))
                .map(|m| m.row.area_m2)
        };
        assert_eq!(
            area(&county_person(Grade::Staff, "一级主任科员", true)),
            Some(18.0)
        );
        assert_eq!(
            area(&county_person(Grade::Staff, "三级主任科员", true)),
            Some(12.0)
        );
        assert_eq!(
            area(&county_person(Grade::Staff, "一级科员", true)),
            Some(9.0)
        );
    }

    #[test]
    fn governs_decides_between_post_and_rank() {
        // A 副科 post (12 m²) held by a 一级主任科员 (正科级 18 m²), county column.
        let both = county_person(Grade::SectionDeputy, "一级主任科员", false);
        let area = |overrides: &str| {
            let standard = ProjectStandard::new("cn-2014", "湖北", overrides).unwrap();
            let county = Placement::plain(OrganCategory::County, UnitKind::Organ, None);
            standard
                .lookup(county, standard.set.ranks.grade_of(&both))
                .map(|m| m.row.area_m2)
        };
        assert_eq!(area(""), Some(18.0)); // higher (default)
        assert_eq!(area("[ranks]\ngoverns = \"post\""), Some(12.0));
        assert_eq!(area("[ranks]\ngoverns = \"rank\""), Some(18.0));
        // A rank the table does not know leaves the post grade.
        let unknown = county_person(Grade::SectionDeputy, "特级科员", false);
        let set = StandardSet::shipped("cn-2014").unwrap();
        assert_eq!(set.ranks.grade_of(&unknown), Grade::SectionDeputy);
    }

    #[test]
    fn an_override_remaps_a_rank() {
        // A province that reads 二级调研员 as 县处级副职 (county 县级副职 24 instead of 30).
        let standard = ProjectStandard::new(
            "cn-2014",
            "湖北",
            "[ranks.rows.level_2_researcher]\ngrade = \"132\"",
        )
        .unwrap();
        let p = county_person(Grade::Staff, "二级调研员", true);
        assert_eq!(standard.set.ranks.grade_of(&p), Grade::DivisionDeputy);
        assert_eq!(
            standard.differences[0].key,
            "ranks.rows.level_2_researcher.grade"
        );
        let twice = ProjectStandard::new(
            "cn-2014",
            "",
            "[ranks.rows.extra]\nlabel = \"一级科员\"\ngrade = \"150\"",
        );
        assert!(
            matches!(twice, Err(StandardError::Invalid { key, .. }) if key.starts_with("ranks.rows."))
        );
    }
}
