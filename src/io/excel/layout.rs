//! The columns of each sheet and an [`Organisation`] laid out as rows of cells.
//!
//! | sheet | columns |
//! |---|---|
//! | 单位 | 单位名称, 机关类别 (中央/省/市/县/乡), 单位类别 (机关本级/派出/直属/参公事业/垂管), 上级单位, one column per rank row ([`super::super::rank_rows`]) and per extra GB/T grade, 工勤编制, 实有人数, 备注 |
//! | 人员 | 姓名, 职务级别 (GB/T 12407 name), 职务, 所在单位, 状态 (在职/调离/退休), 状态日期, 兼职单位 (`;`), 办公用房 (`楼栋/楼层/房间号`, `;`), 第二处办公用房审批文号 |
//! | 房间分配 | 楼栋, 楼层, 房间号, 使用单位 — one row per (room, unit); a room without a unit has one row with 使用单位 empty |

use std::collections::HashMap;

use super::super::rank_rows::{PostColumn, post_columns};
use super::book::{Sheet, SheetRow};
use super::{PERSON_SHEET, ROOM_SHEET, UNIT_SHEET};
use crate::model::person::post_text;
use crate::model::{Coded as _, Grade, OrganCategory, Organisation, RoomKey, Uuid};

/// 单位名称
pub const UNIT_NAME: &str = "单位名称";
/// 机关类别 (organ category)
pub const ORGAN_CATEGORY: &str = "机关类别";
/// 单位类别 (kind of unit)
pub const UNIT_KIND: &str = "单位类别";
/// 上级单位 (parent unit)
pub const PARENT: &str = "上级单位";
/// 工勤编制 (service-worker posts)
pub const SERVICE_POSTS: &str = "工勤编制";
/// 实有人数 (actual headcount)
pub const HEADCOUNT: &str = "实有人数";
/// 备注
pub const NOTE: &str = "备注";

/// 姓名
pub const PERSON_NAME: &str = "姓名";
/// 职务级别 (GB/T 12407 grade name)
pub const GRADE: &str = "职务级别";
/// 职务 (title)
pub const TITLE: &str = "职务";
/// 所在单位 (main unit)
pub const PERSON_UNIT: &str = "所在单位";
/// 状态 (在职/调离/退休)
pub const STATUS: &str = "状态";
/// 状态日期 (date of transfer or retirement)
pub const STATUS_DATE: &str = "状态日期";
/// 兼职单位 (concurrent units, `;`-separated)
pub const CONCURRENT_UNITS: &str = "兼职单位";
/// 办公用房 (offices as `楼栋/楼层/房间号`, `;`-separated)
pub const OFFICES: &str = "办公用房";
/// 第二处办公用房审批文号 (approval of a second office, 一人多处)
pub const SECOND_OFFICE_APPROVAL: &str = "第二处办公用房审批文号";

/// 高配 (表3 note 1: 副省级, 副部级, 副市(厅)级, 副县(处)级; optional column of 单位)
pub const RANK_STEP: &str = "高配";
/// 职级 (2019 公务员职级, beside 职务级别; optional column)
pub const RANK: &str = "职级";
/// 党政正职 (是/否; optional column: without it, the title's hint decides)
pub const PARTY_GOVERNMENT_HEAD: &str = "党政正职";

/// 楼栋
pub const BUILDING: &str = "楼栋";
/// 楼层
pub const FLOOR: &str = "楼层";
/// 房间号
pub const ROOM_NUMBER: &str = "房间号";
/// 使用单位
pub const ROOM_UNIT: &str = "使用单位";

/// The 单位 columns before the post columns.
pub const UNIT_HEAD: [&str; 4] = [UNIT_NAME, ORGAN_CATEGORY, UNIT_KIND, PARENT];
/// The 单位 columns after the post columns.
pub const UNIT_TAIL: [&str; 3] = [SERVICE_POSTS, HEADCOUNT, NOTE];
/// The 人员 columns.
pub const PERSON_COLUMNS: [&str; 9] = [
    PERSON_NAME,
    GRADE,
    TITLE,
    PERSON_UNIT,
    STATUS,
    STATUS_DATE,
    CONCURRENT_UNITS,
    OFFICES,
    SECOND_OFFICE_APPROVAL,
];
/// The 房间分配 columns.
pub const ROOM_COLUMNS: [&str; 4] = [BUILDING, FLOOR, ROOM_NUMBER, ROOM_UNIT];

/// What a column accepts, for the template's data validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Free text.
    Text,
    /// A whole number ≥ 0.
    Count,
    /// A name from the 单位 sheet.
    UnitName,
    /// One of the organ categories.
    OrganCategory,
    /// One of the kinds of unit.
    UnitKind,
    /// A GB/T 12407 grade name.
    Grade,
    /// 在职/调离/退休.
    Status,
    /// A building of the file.
    Building,
}

impl Check {
    /// The allowed values of a coded column, in display order.
    pub fn codes(self) -> Option<Vec<&'static str>> {
        fn zh<T: crate::model::Coded>() -> Vec<&'static str> {
            T::ALL.iter().map(|v| v.zh()).collect()
        }
        match self {
            Self::OrganCategory => Some(zh::<OrganCategory>()),
            Self::UnitKind => Some(zh::<crate::model::UnitKind>()),
            // A 职务 grade or a 2019 职级 (the shipped set's names).
            Self::Grade => Some(
                zh::<Grade>()
                    .into_iter()
                    .chain(shipped_rank_names().iter().copied())
                    .collect(),
            ),
            Self::Status => Some(zh::<crate::model::PersonStatus>()),
            _ => None,
        }
    }
}

/// The 职级 names of the shipped 2014 set, for the 职务级别 column's list.
fn shipped_rank_names() -> &'static [&'static str] {
    static NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        crate::standards::StandardSet::shipped("cn-2014")
            .map(|set| {
                set.ranks
                    .rows
                    .into_iter()
                    .map(|r| &*Box::leak(r.label.into_boxed_str()))
                    .collect()
            })
            .unwrap_or_default()
    });
    NAMES.as_slice()
}

/// A column of a sheet to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnData {
    pub header: String,
    pub check: Check,
}

/// A cell to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Count(u32),
}

impl Cell {
    fn text(s: &str) -> Self {
        if s.is_empty() {
            Self::Empty
        } else {
            Self::Text(s.to_owned())
        }
    }

    /// The cell as a spreadsheet reader gives it back.
    pub fn as_text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.clone(),
            Self::Count(n) => n.to_string(),
        }
    }
}

/// One sheet to write: its name, columns and rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetData {
    pub name: &'static str,
    pub columns: Vec<ColumnData>,
    pub rows: Vec<Vec<Cell>>,
}

impl SheetData {
    /// The sheet as [`super::book`] would read it back from a workbook, named `name`.
    pub fn to_sheet(&self, name: String) -> Sheet {
        Sheet {
            name,
            headers: self.columns.iter().map(|c| c.header.clone()).collect(),
            rows: (2u32..)
                .zip(&self.rows)
                .map(|(number, cells)| SheetRow {
                    number,
                    cells: cells.iter().map(Cell::as_text).collect(),
                })
                .collect(),
        }
    }
}

fn columns(headers: &[&str], check: impl Fn(&str) -> Check) -> Vec<ColumnData> {
    headers
        .iter()
        .map(|h| ColumnData {
            header: (*h).to_owned(),
            check: check(h),
        })
        .collect()
}

/// The post columns that hold every post of `units` and the rows of `categories`.
pub fn unit_post_columns(o: &Organisation, categories: &[OrganCategory]) -> Vec<PostColumn> {
    let mut all: Vec<OrganCategory> = categories.to_vec();
    all.extend(o.units.iter().map(|u| u.organ_category));
    let grades: Vec<(OrganCategory, Grade)> = o
        .units
        .iter()
        .flat_map(|u| u.posts.keys().map(move |g| (u.organ_category, *g)))
        .collect();
    post_columns(&all, &grades)
}

/// The 单位 sheet: `categories` names the organ categories whose rank rows get a column even
/// when no unit of that category is in `o` (e.g. the file's own level).
pub fn unit_sheet(o: &Organisation, categories: &[OrganCategory]) -> SheetData {
    let posts = unit_post_columns(o, categories);
    let mut cols = columns(&UNIT_HEAD, |h| match h {
        ORGAN_CATEGORY => Check::OrganCategory,
        UNIT_KIND => Check::UnitKind,
        PARENT => Check::UnitName,
        _ => Check::Text,
    });
    cols.extend(posts.iter().map(|p| ColumnData {
        header: p.label.clone(),
        check: Check::Count,
    }));
    cols.extend(columns(&UNIT_TAIL, |h| {
        if h == NOTE { Check::Text } else { Check::Count }
    }));
    cols.extend(columns(&[RANK_STEP], |_| Check::Text));
    let names: HashMap<Uuid, &str> = o.units.iter().map(|u| (u.uuid, u.name.as_str())).collect();
    let rows = o
        .units
        .iter()
        .map(|u| {
            let parent = u.parent.and_then(|p| names.get(&p).copied()).unwrap_or("");
            let mut row = vec![
                Cell::text(&u.name),
                Cell::text(u.organ_category.zh()),
                Cell::text(u.kind.zh()),
                Cell::text(parent),
            ];
            // A grade goes in the first column that takes it for the unit's category.
            let mut placed: Vec<Grade> = Vec::new();
            for p in &posts {
                let count = u
                    .posts
                    .get(&p.grade)
                    .filter(|_| p.accepts(u.organ_category) && !placed.contains(&p.grade));
                row.push(match count {
                    Some(n) => {
                        placed.push(p.grade);
                        Cell::Count(*n)
                    }
                    None => Cell::Empty,
                });
            }
            row.push(Cell::Count(u.service_posts));
            row.push(Cell::Count(u.headcount));
            row.push(Cell::text(&u.note));
            row.push(Cell::text(u.rank_step.map_or("", |s| s.zh())));
            row
        })
        .collect();
    SheetData {
        name: UNIT_SHEET,
        columns: cols,
        rows,
    }
}

/// The 人员 sheet.
pub fn person_sheet(o: &Organisation, rooms: &[RoomKey]) -> SheetData {
    let names: HashMap<Uuid, &str> = o.units.iter().map(|u| (u.uuid, u.name.as_str())).collect();
    let labels: HashMap<Uuid, String> = rooms.iter().map(|r| (r.uuid, r.label())).collect();
    let unit_name = |u: &Uuid| names.get(u).copied().unwrap_or("").to_owned();
    let rows = o
        .persons
        .iter()
        .map(|p| {
            let concurrent: Vec<String> = p
                .concurrent
                .iter()
                .map(|c| post_text(&unit_name(&c.unit), c))
                .collect();
            let offices: Vec<String> = p
                .rooms
                .iter()
                .filter_map(|r| labels.get(r).cloned())
                .collect();
            // A person recorded by 职级 alone shows the 职级 where the grade goes.
            let grade = if p.rank_only && !p.rank.is_empty() {
                p.rank.as_str()
            } else {
                p.grade.zh()
            };
            let rank = if p.rank_only { "" } else { p.rank.as_str() };
            let head = if p.party_government_head {
                "是"
            } else {
                "否"
            };
            vec![
                Cell::text(&p.name),
                Cell::text(grade),
                Cell::text(&p.title),
                Cell::text(&unit_name(&p.unit)),
                Cell::text(p.status.zh()),
                Cell::text(p.status_date.as_deref().unwrap_or("")),
                Cell::text(&concurrent.join(";")),
                Cell::text(&offices.join(";")),
                Cell::text(&p.second_office_approval),
                Cell::text(rank),
                Cell::text(head),
            ]
        })
        .collect();
    let mut headers = PERSON_COLUMNS.to_vec();
    headers.extend([RANK, PARTY_GOVERNMENT_HEAD]);
    SheetData {
        name: PERSON_SHEET,
        columns: columns(&headers, |h| match h {
            GRADE => Check::Grade,
            PERSON_UNIT => Check::UnitName,
            STATUS => Check::Status,
            _ => Check::Text,
        }),
        rows,
    }
}

/// 对应标准: beside 职务级别 in a written 人员 sheet, the row of the standard the grade reads.
/// Informational: import ignores it.
pub const STANDARD_ROW: &str = "对应标准";

/// The 人员 sheet with the 对应标准 column after 职务级别: each person's grade with the row it
/// reads in the person's unit ([`crate::labels::grade_and_row`], the same text as the
/// inspector, `check` and the reports show).
pub fn person_sheet_with_rows(
    o: &Organisation,
    rooms: &[RoomKey],
    standard: Option<&crate::standards::ProjectStandard>,
) -> SheetData {
    let mut sheet = person_sheet(o, rooms);
    let at = sheet
        .columns
        .iter()
        .position(|c| c.header == GRADE)
        .map_or(sheet.columns.len(), |i| i + 1);
    sheet.columns.insert(
        at,
        ColumnData {
            header: STANDARD_ROW.to_owned(),
            check: Check::Text,
        },
    );
    let units: HashMap<Uuid, &crate::model::Unit> = o.units.iter().map(|u| (u.uuid, u)).collect();
    for (row, person) in sheet.rows.iter_mut().zip(&o.persons) {
        // Without a standard (the blank template has no persons) the cell is empty.
        let text = match standard {
            Some(standard) => crate::labels::person_row_in(
                crate::i18n::Language::Chinese,
                standard,
                person,
                |id| units.get(id).copied(),
            ),
            None => String::new(),
        };
        row.insert(at.min(row.len()), Cell::text(&text));
    }
    sheet
}

/// The 房间分配 sheet: every room of the file, one row per unit using it.
pub fn room_sheet(o: &Organisation, rooms: &[RoomKey]) -> SheetData {
    let names: HashMap<Uuid, &str> = o.units.iter().map(|u| (u.uuid, u.name.as_str())).collect();
    let mut by_room: HashMap<Uuid, Vec<&str>> = HashMap::new();
    for (room, unit) in &o.room_units {
        by_room
            .entry(*room)
            .or_default()
            .push(names.get(unit).copied().unwrap_or(""));
    }
    let mut rows = Vec::with_capacity(rooms.len());
    for r in rooms {
        let units = by_room.get(&r.uuid).map_or(&[""][..], Vec::as_slice);
        for unit in units {
            rows.push(vec![
                Cell::text(&r.building),
                Cell::text(&r.floor),
                Cell::text(&r.number),
                Cell::text(unit),
            ]);
        }
    }
    SheetData {
        name: ROOM_SHEET,
        columns: columns(&ROOM_COLUMNS, |h| match h {
            BUILDING => Check::Building,
            ROOM_UNIT => Check::UnitName,
            _ => Check::Text,
        }),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Unit, UnitKind};

    fn unit(name: &str, category: OrganCategory, posts: &[(Grade, u32)]) -> Unit {
        Unit {
            region: None,
            uuid: Uuid::new_v5(&Uuid::nil(), name.as_bytes()),
            name: name.to_owned(),
            organ_category: category,
            kind: UnitKind::Organ,
            parent: None,
            posts: posts.iter().copied().collect::<BTreeMap<_, _>>(),
            service_posts: 2,
            headcount: 7,
            note: String::new(),
            rank_step: None,
        }
    }

    #[test]
    fn township_posts_go_in_township_rows_and_staff_in_its_own_column() {
        let o = Organisation {
            units: vec![
                unit(
                    "县财政局",
                    OrganCategory::County,
                    &[(Grade::SectionChief, 1), (Grade::Staff, 2)],
                ),
                unit(
                    "青山镇党委",
                    OrganCategory::Township,
                    &[(Grade::SectionChief, 1)],
                ),
            ],
            ..Default::default()
        };
        let sheet = unit_sheet(&o, &[OrganCategory::County]);
        let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            headers,
            [
                "单位名称",
                "机关类别",
                "单位类别",
                "上级单位",
                "县级正职",
                "县级副职",
                "正科级",
                "副科级",
                "科级以下",
                "乡级正职",
                "乡级副职",
                "乡级以下",
                "办事员级",
                "工勤编制",
                "实有人数",
                "备注",
                "高配"
            ]
        );
        let at = |row: usize, header: &str| {
            let i = headers.iter().position(|h| *h == header).unwrap();
            sheet.rows[row][i].clone()
        };
        // 乡科级正职 (141) is 正科级 for a county unit and 乡级正职 for a township unit.
        assert_eq!(at(0, "正科级"), Cell::Count(1));
        assert_eq!(at(0, "乡级正职"), Cell::Empty);
        assert_eq!(at(0, "办事员级"), Cell::Count(2));
        assert_eq!(at(1, "正科级"), Cell::Empty);
        assert_eq!(at(1, "乡级正职"), Cell::Count(1));
        assert_eq!(at(1, "实有人数"), Cell::Count(7));
    }

    #[test]
    fn a_room_without_a_unit_still_has_a_row() {
        let key = |n: u128, number: &str| RoomKey {
            uuid: Uuid::from_u128(n),
            building: "综合办公楼".into(),
            floor: "3F".into(),
            number: number.into(),
        };
        let u1 = unit("县委办公室", OrganCategory::County, &[]);
        let u2 = unit("县委组织部", OrganCategory::County, &[]);
        let o = Organisation {
            room_units: vec![(Uuid::from_u128(1), u1.uuid), (Uuid::from_u128(1), u2.uuid)],
            units: vec![u1, u2],
            ..Default::default()
        };
        let sheet = room_sheet(&o, &[key(1, "301"), key(2, "302")]);
        let texts: Vec<Vec<String>> = sheet
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::as_text).collect())
            .collect();
        assert_eq!(
            texts,
            [
                ["综合办公楼", "3F", "301", "县委办公室"],
                ["综合办公楼", "3F", "301", "县委组织部"],
                ["综合办公楼", "3F", "302", ""],
            ]
        );
    }
}
