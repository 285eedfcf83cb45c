//! 表3 of the standard: office usable area per person (办公室使用面积, m²/人) by column.

use std::collections::BTreeMap;

use super::StandardError;
use super::node::Node;
use crate::model::{Grade, OrganCategory};

/// One row of a column: a label, its upper limit and the GB/T 12407 grades that read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Stable key in the file (`chief`, `section_chief` …), used by overrides.
    pub id: String,
    /// The row as the standard names it (县级正职, 正科级 …).
    pub label: String,
    /// Upper limit, m² 使用面积 per person.
    pub area_m2: f64,
    pub grades: Vec<Grade>,
}

/// A column of 表3: the rows of one organ category (or of one province's 乡级 rows).
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeColumn {
    pub label: String,
    /// Where the numbers come from (DOMAIN section and public page).
    pub source: String,
    /// Rows from the largest allowance down.
    pub rows: Vec<Row>,
    /// `by_grade[g.index()]` is the index in `rows` of the row that grade `g` reads.
    by_grade: [Option<usize>; Grade::COUNT],
}

impl OfficeColumn {
    /// The row a grade reads in this column, if any.
    ///
    /// ```
    /// use officeplan::model::{Grade, OrganCategory};
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// let county = set.office.column(OrganCategory::County).unwrap();
    /// assert_eq!(county.row_for(Grade::SectionChief).unwrap().area_m2, 18.0); // 正科级
    /// assert!(county.row_for(Grade::ProvincialChief).is_none());
    /// ```
    pub fn row_for(&self, grade: Grade) -> Option<&Row> {
        let index = (*self.by_grade.get(grade.index())?)?;
        self.rows.get(index)
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["label", "source", "rows"])?;
        let rows_node = node.get("rows")?;
        let mut rows = Vec::new();
        for row in rows_node.entries()? {
            row.only(&["label", "area_m2", "grades"])?;
            rows.push(Row {
                id: row.key().to_owned(),
                label: row.get("label")?.as_str()?.to_owned(),
                area_m2: row.get("area_m2")?.as_positive()?,
                grades: row.get("grades")?.as_coded_list()?,
            });
        }
        if rows.is_empty() {
            return Err(rows_node.error(crate::t!("standards.reason.no_rows")));
        }
        rows.sort_by(|a, b| b.area_m2.total_cmp(&a.area_m2).then(a.id.cmp(&b.id)));
        let mut by_grade = [None; Grade::COUNT];
        for (index, row) in rows.iter().enumerate() {
            for grade in &row.grades {
                let slot = by_grade.get_mut(grade.index());
                match slot {
                    Some(Some(other)) => {
                        let other_id = rows.get(*other).map_or("", |r: &Row| r.id.as_str());
                        return Err(rows_node.error(crate::t!(
                            "standards.reason.grade_twice",
                            grade = crate::model::Coded::code(*grade),
                            first = other_id,
                            second = row.id
                        )));
                    }
                    Some(slot) => *slot = Some(index),
                    None => {}
                }
            }
        }
        Ok(Self {
            label: node.text_or_empty("label")?,
            source: node.text_or_empty("source")?,
            rows,
            by_grade,
        })
    }
}

/// 乡级机关: rows set by each province, in principle not above a cap (县级副职).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Township {
    pub label: String,
    pub source: String,
    /// No province's row may exceed this, m² (DOMAIN §1.4: ≤ 县级副职 24).
    pub cap_m2: Option<f64>,
    /// Province name (as written in the file, e.g. `湖北`) → its rows.
    pub provinces: BTreeMap<String, OfficeColumn>,
}

/// Administrative suffixes a province name may carry in a project (`湖北省` = `湖北`).
const PROVINCE_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
];

fn province_key(name: &str) -> &str {
    let name = name.trim();
    PROVINCE_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(name)
}

impl Township {
    /// A province's rows, matching `湖北` and `湖北省` alike; returns the key used in the file.
    ///
    /// ```
    /// let set = officeplan::standards::StandardSet::shipped("cn-2014").unwrap();
    /// let (key, hubei) = set.office.township.province("湖北省").unwrap();
    /// assert_eq!(key, "湖北");
    /// assert_eq!(hubei.rows[0].area_m2, 24.0); // 乡级正职
    /// assert!(set.office.township.province("山东").is_none());
    /// ```
    pub fn province(&self, name: &str) -> Option<(&str, &OfficeColumn)> {
        let wanted = province_key(name);
        if wanted.is_empty() {
            return None;
        }
        self.provinces
            .iter()
            .find(|(key, _)| province_key(key) == wanted)
            .map(|(key, column)| (key.as_str(), column))
    }

    fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        node.only(&["label", "source", "cap_m2", "provinces"])?;
        let cap_m2 = match node.opt("cap_m2")? {
            Some(n) => Some(n.as_positive()?),
            None => None,
        };
        let mut provinces = BTreeMap::new();
        if let Some(list) = node.opt("provinces")? {
            for province in list.entries()? {
                let column = OfficeColumn::parse(&province)?;
                if let Some(cap) = cap_m2
                    && let Some(row) = column.rows.iter().find(|r| r.area_m2 > cap)
                {
                    let rows = province.get("rows")?;
                    let at = rows.get(&row.id)?;
                    return Err(at.error(crate::t!(
                        "standards.reason.above_cap",
                        area = row.area_m2,
                        cap = cap
                    )));
                }
                provinces.insert(province.key().to_owned(), column);
            }
        }
        Ok(Self {
            label: node.text_or_empty("label")?,
            source: node.text_or_empty("source")?,
            cap_m2,
            provinces,
        })
    }
}

/// All of 表3: the national columns and the provinces' 乡级 rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OfficeTables {
    /// Central, provincial, city and county columns.
    pub columns: BTreeMap<OrganCategory, OfficeColumn>,
    pub township: Township,
}

impl OfficeTables {
    /// A national column (`None` for 乡级: see [`Township::province`]).
    pub fn column(&self, organ: OrganCategory) -> Option<&OfficeColumn> {
        self.columns.get(&organ)
    }

    /// The column a unit reads: national, or its province's 乡级 rows (with the province key).
    pub fn column_in(
        &self,
        organ: OrganCategory,
        province: &str,
    ) -> Option<(Option<&str>, &OfficeColumn)> {
        if organ == OrganCategory::Township {
            self.township
                .province(province)
                .map(|(key, column)| (Some(key), column))
        } else {
            self.column(organ).map(|column| (None, column))
        }
    }

    pub(super) fn parse(node: &Node<'_>) -> Result<Self, StandardError> {
        let mut tables = Self::default();
        for child in node.entries()? {
            let organ: OrganCategory = child.key_as()?;
            if organ == OrganCategory::Township {
                tables.township = Township::parse(&child)?;
            } else {
                tables.columns.insert(organ, OfficeColumn::parse(&child)?);
            }
        }
        Ok(tables)
    }
}
