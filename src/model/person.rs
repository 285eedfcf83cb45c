//! Persons (人员) for the per-person checks.

use super::{Date, Grade, Uuid, coded_enum};

coded_enum! {
    /// Whether a person still holds the post.
    PersonStatus {
        /// 在职
        InPost => "in_post", "在职";
        /// 调离: transferred away.
        Transferred => "transferred", "调离";
        /// 退休: retired.
        Retired => "retired", "退休";
    }
}

/// A person whose offices are checked against the standard.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub uuid: Uuid,
    pub name: String,
    pub grade: Grade,
    /// 职务 as text (县委书记, 局长 …).
    pub title: String,
    pub unit: Uuid,
    pub status: PersonStatus,
    /// Date of transfer or retirement.
    pub status_date: Option<Date>,
    /// Concurrent posts (兼职) in other units, each with its term.
    pub concurrent: Vec<ConcurrentPost>,
    /// The person's rooms: office, rest room, private toilet.
    pub rooms: Vec<Uuid>,
    /// Approval record for a second office in another unit (一人多处审批): its document
    /// number (文号), empty when there is none.
    pub second_office_approval: String,
    /// Date of that approval.
    pub second_office_approval_date: Option<Date>,
    /// 职级 (2019 《公务员职务与职级并行规定》) as given (`一级主任科员`), empty when none. The
    /// standard set's `[ranks]` table maps it to a grade.
    #[serde(default)]
    pub rank: String,
    /// The person was recorded by 职级 alone: `grade` is then the grade the rank mapped to when
    /// it was recorded, and the set's mapping (not `grade`) gives the office row.
    #[serde(default)]
    pub rank_only: bool,
    /// 党政正职: head of the Party committee or the government of a 市/县 (书记, 市长, 县长 …),
    /// which decides toilet eligibility (表3 note 4). The title is only a hint
    /// ([`title_suggests_head`]).
    #[serde(default)]
    pub party_government_head: bool,
}

impl Person {
    /// A person in post in `unit`, with no concurrent post, room or approval yet.
    pub fn new(unit: Uuid, name: &str, grade: Grade) -> Self {
        Self {
            uuid: Uuid::now_v7(),
            name: name.trim().to_owned(),
            grade,
            title: String::new(),
            unit,
            status: PersonStatus::InPost,
            status_date: None,
            concurrent: Vec::new(),
            rooms: Vec::new(),
            second_office_approval: String::new(),
            second_office_approval_date: None,
            rank: String::new(),
            rank_only: false,
            party_government_head: false,
        }
    }

    /// Whether the person holds a concurrent post in `unit` on `day` (any day when `None`).
    pub fn holds_concurrent_post(&self, unit: &Uuid, day: Option<&str>) -> bool {
        self.concurrent
            .iter()
            .any(|c| c.unit == *unit && c.held_on(day))
    }

    /// The units of the person's concurrent posts, in order.
    pub fn concurrent_units(&self) -> impl Iterator<Item = &Uuid> {
        self.concurrent.iter().map(|c| &c.unit)
    }
}

/// Titles of a 市/县 (or 乡) Party or government head: a part of the title that ends with one of
/// these and names no deputy (副) suggests 党政正职.
const HEAD_TITLE_ENDINGS: &[&str] = &[
    "市委书记",
    "州委书记",
    "盟委书记",
    "地委书记",
    "县委书记",
    "区委书记",
    "旗委书记",
    "党委书记",
    "党工委书记",
    "市长",
    "州长",
    "盟长",
    "县长",
    "区长",
    "旗长",
    "乡长",
    "镇长",
];

/// Whether a title (职务) looks like a Party or government head's (党政正职): a hint for the
/// person form and for an import without a 党政正职 column, never the rule itself. Parts are
/// split at `、`; a part naming a deputy (副), or a 纪委/政法委 secretary, is not a head.
///
/// ```
/// use officeplan::model::person::title_suggests_head;
/// assert!(title_suggests_head("中共示范县委书记"));
/// assert!(title_suggests_head("县委副书记、县长"));
/// assert!(!title_suggests_head("副县长"));
/// assert!(!title_suggests_head("县委常委、县纪委书记"));
/// assert!(!title_suggests_head("局长"));
/// ```
pub fn title_suggests_head(title: &str) -> bool {
    title
        .split(['、', ',', '，', ' '])
        .map(str::trim)
        .filter(|part| !part.contains('副') && !part.contains("纪委") && !part.contains("政法委"))
        .filter(|part| !part.contains("局") && !part.contains("办"))
        .any(|part| HEAD_TITLE_ENDINGS.iter().any(|e| part.ends_with(e)))
}

/// A concurrent post (兼职) in another unit: the unit and the post's first and last day
/// (either may be unknown).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConcurrentPost {
    pub unit: Uuid,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl ConcurrentPost {
    /// A post with no known term.
    pub fn in_unit(unit: Uuid) -> Self {
        Self {
            unit,
            start: None,
            end: None,
        }
    }

    /// Whether the post is held on `day` (dates compare as `YYYY-MM-DD` text); any day when
    /// `day` is `None`. An unknown start or end leaves that side open.
    ///
    /// ```
    /// use officeplan::model::{ConcurrentPost, Uuid};
    /// let post = ConcurrentPost { unit: Uuid::nil(), start: Some("2024-01-01".into()), end: Some("2025-12-31".into()) };
    /// assert!(post.held_on(Some("2025-06-30")));
    /// assert!(!post.held_on(Some("2026-01-01")));
    /// assert!(post.held_on(None));
    /// ```
    pub fn held_on(&self, day: Option<&str>) -> bool {
        let Some(day) = day else { return true };
        self.start.as_deref().is_none_or(|s| s <= day)
            && self.end.as_deref().is_none_or(|e| day <= e)
    }
}

/// A concurrent post as the workbook and the command line write it: the unit's name, then the
/// term in brackets when one is known — `县统计局（2024-01-01至2025-12-31）`, `县统计局（2024-01-01至）`.
///
/// ```
/// use officeplan::model::{ConcurrentPost, Uuid, person::{post_text, parse_post_text}};
/// let post = ConcurrentPost { unit: Uuid::nil(), start: Some("2024-01-01".into()), end: None };
/// assert_eq!(post_text("县统计局", &post), "县统计局（2024-01-01至）");
/// assert_eq!(parse_post_text("县统计局(2024-01-01至2025-12-31)"),
///            Ok(("县统计局", Some("2024-01-01".to_owned()), Some("2025-12-31".to_owned()))));
/// assert_eq!(parse_post_text("县统计局"), Ok(("县统计局", None, None)));
/// assert!(parse_post_text("县统计局（2024-13-01至）").is_err());
/// ```
pub fn post_text(unit_name: &str, post: &ConcurrentPost) -> String {
    match (&post.start, &post.end) {
        (None, None) => unit_name.to_owned(),
        (start, end) => format!(
            "{unit_name}（{}至{}）",
            start.as_deref().unwrap_or(""),
            end.as_deref().unwrap_or("")
        ),
    }
}

/// Reads [`post_text`]: the unit's name and the term; `Err` with the text of a date that is
/// not a real `YYYY-MM-DD` date.
pub fn parse_post_text(text: &str) -> Result<(&str, Option<Date>, Option<Date>), String> {
    let text = text.trim();
    let Some(open) = text.find(['（', '(']) else {
        return Ok((text, None, None));
    };
    let name = text[..open].trim();
    let rest = text[open..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let (start, end) = rest.split_once('至').unwrap_or((rest, ""));
    let date = |d: &str| -> Result<Option<Date>, String> {
        let d = d.trim();
        if d.is_empty() {
            Ok(None)
        } else {
            super::parse_date(d).map(Some).ok_or_else(|| d.to_owned())
        }
    };
    Ok((name, date(start)?, date(end)?))
}
