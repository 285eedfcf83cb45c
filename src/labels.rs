//! Translated names of the model's codes, for every place that shows them (the UI, the CLI,
//! the exports and the change log): pure lookups in the translation layer, below every face.

use crate::model::{Coded as _, Grade, OrganCategory, PersonStatus, RoomCategory, RoomStatus};

/// The translated name of a room category.
pub fn category(category: RoomCategory) -> String {
    match category {
        RoomCategory::Office => crate::t!("category.office"),
        RoomCategory::Service => crate::t!("category.service"),
        RoomCategory::Equipment => crate::t!("category.equipment"),
        RoomCategory::Ancillary => crate::t!("category.ancillary"),
        RoomCategory::Technical => crate::t!("category.technical"),
    }
    .into_owned()
}

/// The translated name of a room status.
pub fn status(status: RoomStatus) -> String {
    match status {
        RoomStatus::InUse => crate::t!("status.in_use"),
        RoomStatus::Idle => crate::t!("status.idle"),
        RoomStatus::RentedOut => crate::t!("status.rented_out"),
        RoomStatus::LentOut => crate::t!("status.lent_out"),
        RoomStatus::Repair => crate::t!("status.repair"),
        RoomStatus::Disposal => crate::t!("status.disposal"),
    }
    .into_owned()
}

/// The translated name of an organ category (表1 of the 2014 standard): 县级机关 ….
pub fn organ_category(category: OrganCategory) -> String {
    match category {
        OrganCategory::Central => crate::t!("organ.central"),
        OrganCategory::Provincial => crate::t!("organ.provincial"),
        OrganCategory::City => crate::t!("organ.city"),
        OrganCategory::County => crate::t!("organ.county"),
        OrganCategory::Township => crate::t!("organ.township"),
    }
    .into_owned()
}

/// The translated name of a person's status.
pub fn person_status(status: PersonStatus) -> String {
    match status {
        PersonStatus::InPost => crate::t!("person_status.in_post"),
        PersonStatus::Transferred => crate::t!("person_status.transferred"),
        PersonStatus::Retired => crate::t!("person_status.retired"),
    }
    .into_owned()
}

/// The translated name of a grade (国家级正职 … 办事员级).
pub fn grade(grade: Grade) -> String {
    let key = format!("grade.{}", grade.code());
    crate::t!(&key).into_owned()
}

/// A person's grade (职务级别) with the row of the standard it reads for the person's organ
/// category: "县处级正职（县级正职 30 m²）", or "县处级正职（无对应标准）" when the column
/// has no row for the grade. Every place that shows a person's or a post's grade shows
/// this (the inspector, `check`, the reports, the workbook), so the GB/T 12407 name and the
/// standard's row name are always seen together.
///
/// ```
/// use officeplan::model::{Grade, OrganCategory, UnitKind};
/// use officeplan::standards::{Placement, ProjectStandard};
/// let standard = ProjectStandard::new("cn-2014", "", "").unwrap();
/// let county = Placement::plain(OrganCategory::County, UnitKind::Organ, None);
/// let row = standard.lookup(county, Grade::DivisionChief);
/// // (in Chinese, whatever language other examples chose)
/// use officeplan::i18n::Language::Chinese;
/// use officeplan::labels::grade_and_row_in;
/// assert_eq!(
///     grade_and_row_in(Chinese, Grade::DivisionChief, row),
///     "县处级正职（县级正职 30 m²）"
/// );
/// assert_eq!(grade_and_row_in(Chinese, Grade::Staff, None), "办事员级（无对应标准）");
/// ```
pub fn grade_and_row(grade: Grade, row: Option<crate::standards::RowMatch<'_>>) -> String {
    grade_and_row_in(crate::i18n::language(), grade, row)
}

/// [`grade_and_row`] in a given language: the workbook is Chinese whatever the program's
/// language (its headers and grade names are the format).
pub fn grade_and_row_in(
    language: crate::i18n::Language,
    grade: Grade,
    row: Option<crate::standards::RowMatch<'_>>,
) -> String {
    let locale = language.locale();
    let key = format!("grade.{}", grade.code());
    let name = crate::t!(&key, locale = locale);
    match row {
        Some(m) => crate::t!(
            "grade_row.with_row",
            locale = locale,
            grade = name,
            row = m.row.label,
            area = m.row.area_m2.to_string()
        ),
        None => crate::t!("grade_row.no_row", locale = locale, grade = name),
    }
    .into_owned()
}

/// The row of the standard a person of `grade` in `unit` reads, as [`grade_and_row`] shows it.
pub fn person_grade(
    standard: &crate::standards::ProjectStandard,
    unit: Option<&crate::model::Unit>,
    grade: Grade,
) -> String {
    person_grade_in(crate::i18n::language(), standard, unit, grade)
}

/// [`person_grade`] in a given language.
pub fn person_grade_in(
    language: crate::i18n::Language,
    standard: &crate::standards::ProjectStandard,
    unit: Option<&crate::model::Unit>,
    grade: Grade,
) -> String {
    let row = unit.and_then(|u| standard.lookup(crate::standards::Placement::of(u), grade));
    grade_and_row_in(language, grade, row)
}

/// Which grade governs beside a 职级 (取较高者 / 按职务 / 按职级).
pub fn rank_governs(governs: crate::standards::RankGoverns) -> String {
    let key = format!("ranks.governs.{}", governs.code());
    crate::t!(&key).into_owned()
}

/// A unit's 高配 (副省级 …), or 无 for none.
pub fn unit_step(step: Option<crate::model::UnitStep>) -> String {
    let key = format!(
        "ranks.step.{}",
        step.map_or("none", crate::model::Coded::code)
    );
    crate::t!(&key).into_owned()
}

/// A person's grade with the row the check reads for the person: the grade the set's
/// `[ranks]` gives (a 职级 alone or beside the grade) in the person's unit with its 高配, its own
/// or a parent's ([`crate::standards::Placement::within`]); `unit_of` finds a unit by UUID.
pub fn person_row_in<'u>(
    language: crate::i18n::Language,
    standard: &crate::standards::ProjectStandard,
    person: &crate::model::Person,
    unit_of: impl Fn(&crate::model::Uuid) -> Option<&'u crate::model::Unit>,
) -> String {
    let grade = standard.grade_of(person);
    let row = unit_of(&person.unit)
        .and_then(|u| standard.lookup(crate::standards::Placement::within(u, &unit_of), grade));
    grade_and_row_in(language, grade, row)
}

/// The translated name of a kind of move.
pub fn move_kind(kind: crate::model::MoveKind) -> String {
    use crate::model::MoveKind;
    match kind {
        MoveKind::Assign => crate::t!("move.assign"),
        MoveKind::Move => crate::t!("move.move"),
        MoveKind::Swap => crate::t!("move.swap"),
        MoveKind::Share => crate::t!("move.share"),
        MoveKind::Replace => crate::t!("move.replace"),
        MoveKind::Relocate => crate::t!("move.relocate"),
        MoveKind::Person => crate::t!("move.person"),
        MoveKind::Optimize => crate::t!("move.optimize"),
    }
    .into_owned()
}

/// The translated name of how a run of 智能调剂 ended (已证明最优, 可行（未证明最优）, 无解, 未找到解).
pub fn optimize_status(status: crate::optimize::engine::Status) -> String {
    use crate::optimize::engine::Status;
    match status {
        Status::Optimal => crate::t!("optimize.status_optimal"),
        Status::Feasible => crate::t!("optimize.status_feasible"),
        Status::Infeasible => crate::t!("optimize.status_infeasible"),
        Status::Unknown => crate::t!("optimize.status_unknown"),
    }
    .into_owned()
}

/// A relative gap (0–1) as a percentage with two decimals (`12.50`), `—` when there is none.
pub fn optimize_gap(gap: f64) -> String {
    if gap.is_finite() {
        format!("{:.2}", gap * 100.0)
    } else {
        "—".to_owned()
    }
}

/// The translated name of an approval document's kind.
pub fn approval_kind(kind: crate::model::ApprovalKind) -> String {
    use crate::model::Coded as _;
    let key = format!("rules.approval_kind.{}", kind.code());
    crate::t!(&key).into_owned()
}

/// The translated name of a change-log action.
pub fn change_action(action: crate::model::ChangeAction) -> String {
    let key = format!("history.action.{}", action.code());
    crate::t!(&key).into_owned()
}

/// The translated name of a construction project's status (拟建, 已批复, 在建, 已竣工).
pub fn project_status(status: crate::model::ProjectStatus) -> String {
    use crate::model::Coded as _;
    let key = format!("national_tables.status.{}", status.code());
    crate::t!(&key).into_owned()
}

/// A change-log line for people: the action in the reader's language, then the summary. A
/// code of another version (unknown here) is shown as it is stored.
pub fn change_line(entry: &crate::store::ChangeEntry) -> String {
    let action = entry
        .kind()
        .map_or_else(|| entry.action.clone(), change_action);
    if entry.summary.is_empty() {
        action
    } else {
        format!("{action} {}", entry.summary)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::ChangeAction;

    #[test]
    fn every_change_action_is_translated_in_both_languages() {
        // 63 actions (model::change_action), each with a Chinese and an English name.
        assert_eq!(ChangeAction::ALL.len(), 63);
        // A missing key comes back as itself: that is what the loop looks for.
        let missing = "history.action.no_such_action";
        assert_eq!(crate::t!(missing, locale = "en"), missing);
        for action in ChangeAction::ALL {
            let key = format!("history.action.{}", action.code());
            let zh = crate::t!(&key, locale = "zh-CN");
            let en = crate::t!(&key, locale = "en");
            assert!(zh != key && en != key, "{key} is missing");
            assert_ne!(zh, en, "{key} is not translated");
        }
    }
}
