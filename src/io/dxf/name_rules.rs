//! Room categories from room names (房间性质识别): a drawing's labels say 走廊, 楼梯间,
//! 卫生间, 配电室 …, and such a room must not enter the inventory as a 120 m² 办公室 在用.
//!
//! A rule is a keyword and the category a room whose name contains it gets; the longest
//! keyword found wins (电梯机房 is plant, 电梯厅 is circulation). The rules are a list the
//! person edits, one `keyword = category` per line.
//!
//! Which category (DOMAIN §1.3, 表2 of 发改投资〔2014〕2674号): 卫生间, 开水间/茶水间 and the
//! meeting, archive and store rooms are 服务用房; 变配电室, 水泵房, 机房 are 设备用房; 食堂,
//! 车库, 警卫/门卫, 人防 are 附属用房. Corridors, stairs, lift lobbies and halls are not
//! offices; there is no circulation category in the table, and the county forms (1999 basis)
//! book them to 公共服务用房, so they become 服务用房 here.

use crate::model::{Coded as _, RoomCategory};

/// One rule: a name containing `keyword` is of `category`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRule {
    pub keyword: String,
    pub category: RoomCategory,
}

/// The rules an import applies to the rooms' names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRules {
    pub rules: Vec<NameRule>,
}

/// The shipped rules: circulation and service labels first, then plant and ancillary rooms.
const DEFAULT_RULES: &[(&str, RoomCategory)] = &[
    ("走廊", RoomCategory::Service),
    ("过道", RoomCategory::Service),
    ("楼梯间", RoomCategory::Service),
    ("楼梯", RoomCategory::Service),
    ("电梯厅", RoomCategory::Service),
    ("电梯", RoomCategory::Service),
    ("前室", RoomCategory::Service),
    ("门厅", RoomCategory::Service),
    ("大厅", RoomCategory::Service),
    ("卫生间", RoomCategory::Service),
    ("厕所", RoomCategory::Service),
    ("盥洗室", RoomCategory::Service),
    ("茶水间", RoomCategory::Service),
    ("开水间", RoomCategory::Service),
    ("会议室", RoomCategory::Service),
    ("接待室", RoomCategory::Service),
    ("档案", RoomCategory::Service),
    ("资料室", RoomCategory::Service),
    ("储藏", RoomCategory::Service),
    ("文印", RoomCategory::Service),
    ("收发室", RoomCategory::Service),
    ("值班室", RoomCategory::Service),
    ("医务室", RoomCategory::Service),
    ("工勤", RoomCategory::Service),
    ("设备间", RoomCategory::Equipment),
    ("配电室", RoomCategory::Equipment),
    ("弱电间", RoomCategory::Equipment),
    ("强电间", RoomCategory::Equipment),
    ("机房", RoomCategory::Equipment),
    ("电梯机房", RoomCategory::Equipment),
    ("水泵房", RoomCategory::Equipment),
    ("水箱间", RoomCategory::Equipment),
    ("锅炉房", RoomCategory::Equipment),
    ("食堂", RoomCategory::Ancillary),
    ("餐厅", RoomCategory::Ancillary),
    ("厨房", RoomCategory::Ancillary),
    ("车库", RoomCategory::Ancillary),
    ("警卫", RoomCategory::Ancillary),
    ("门卫", RoomCategory::Ancillary),
    ("人防", RoomCategory::Ancillary),
];

/// A line of the rules' text that is not `keyword = category`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RuleLineError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl Default for NameRules {
    fn default() -> Self {
        Self {
            rules: DEFAULT_RULES
                .iter()
                .map(|(keyword, category)| NameRule {
                    keyword: (*keyword).to_owned(),
                    category: *category,
                })
                .collect(),
        }
    }
}

impl NameRules {
    /// The category of a room called `name`: that of the longest keyword the name contains
    /// (the first such rule on a tie), `None` when no keyword is in it.
    ///
    /// ```
    /// use officeplan::io::dxf::NameRules;
    /// use officeplan::model::RoomCategory;
    /// let rules = NameRules::default();
    /// assert_eq!(rules.category_of("二层走廊"), Some(RoomCategory::Service));
    /// assert_eq!(rules.category_of("电梯机房"), Some(RoomCategory::Equipment));
    /// assert_eq!(rules.category_of("局长办公室"), None);
    /// ```
    pub fn category_of(&self, name: &str) -> Option<RoomCategory> {
        let name = name.trim();
        let mut best: Option<&NameRule> = None;
        for rule in &self.rules {
            let longer =
                best.is_none_or(|b| rule.keyword.chars().count() > b.keyword.chars().count());
            if !rule.keyword.is_empty() && name.contains(rule.keyword.as_str()) && longer {
                best = Some(rule);
            }
        }
        best.map(|r| r.category)
    }

    /// The rules as the person edits them: one `keyword = 类别` per line.
    pub fn to_text(&self) -> String {
        self.rules
            .iter()
            .map(|r| format!("{} = {}", r.keyword, r.category.zh()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads the text [`Self::to_text`] writes: blank lines and lines starting with `#` are
    /// skipped; the category is its Chinese term or code (办公室 / office …). A bad line is
    /// refused with its number.
    pub fn parse(text: &str) -> Result<Self, RuleLineError> {
        let mut rules = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let refused = || RuleLineError {
                line: i + 1,
                message: crate::t!("dxf.name_rule_refused", line = i + 1, text = line).into_owned(),
            };
            let (keyword, category) = line
                .split_once('=')
                .or_else(|| line.split_once('＝'))
                .ok_or_else(refused)?;
            let keyword = keyword.trim();
            let category = RoomCategory::parse(category.trim()).ok_or_else(refused)?;
            if keyword.is_empty() {
                return Err(refused());
            }
            rules.push(NameRule {
                keyword: keyword.to_owned(),
                category,
            });
        }
        Ok(Self { rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names as the sample's plans and drawings label rooms (sample_plans/plans/*/*.geojson,
    /// sample_plans/drawings/综合办公楼/6F.dxf), with the category the GeoJSON gives them.
    #[test]
    fn the_samples_labels_get_their_categories() {
        let rules = NameRules::default();
        let cases = [
            ("女卫生间", Some(RoomCategory::Service)),
            ("男卫生间", Some(RoomCategory::Service)),
            ("开水间", Some(RoomCategory::Service)),
            ("弱电间", Some(RoomCategory::Equipment)),
            ("变配电室", Some(RoomCategory::Equipment)),
            ("电梯机房", Some(RoomCategory::Equipment)),
            ("空调机房", Some(RoomCategory::Equipment)),
            ("第一会议室", Some(RoomCategory::Service)),
            ("会议室储藏间", Some(RoomCategory::Service)),
            ("便民服务大厅", Some(RoomCategory::Service)),
            ("物业及工勤用房", Some(RoomCategory::Service)),
            ("门卫及监控室", Some(RoomCategory::Ancillary)),
            ("地下汽车库", Some(RoomCategory::Ancillary)),
            ("人防设施（一）", Some(RoomCategory::Ancillary)),
            ("县委书记办公室", None),
            ("项目股", None),
        ];
        for (name, category) in cases {
            assert_eq!(rules.category_of(name), category, "{name}");
        }
    }

    /// The circulation labels of the 6F drawing's stamps (LT-1 楼梯间, DT-1 电梯厅) and the
    /// usual others: none of them is an office.
    #[test]
    fn circulation_is_not_an_office() {
        let rules = NameRules::default();
        for name in [
            "楼梯间",
            "电梯厅",
            "走廊",
            "东侧过道",
            "门厅",
            "1号楼梯",
            "电梯前室",
        ] {
            assert_eq!(
                rules.category_of(name),
                Some(RoomCategory::Service),
                "{name}"
            );
        }
    }

    #[test]
    fn the_text_round_trips_and_a_bad_line_is_named() {
        let rules = NameRules::default();
        assert_eq!(NameRules::parse(&rules.to_text()), Ok(rules));
        let edited = NameRules::parse("# 本单位\n阅览室 = 服务用房\n\n档案库 = technical").unwrap();
        assert_eq!(
            edited.category_of("二楼阅览室"),
            Some(RoomCategory::Service)
        );
        assert_eq!(
            edited.category_of("档案库（一）"),
            Some(RoomCategory::Technical)
        );
        assert_eq!(edited.category_of("走廊"), None);
        let error = NameRules::parse("走廊 = 服务用房\n楼梯间 服务用房").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(NameRules::parse("走廊 = 走道").is_err());
        assert!(NameRules::parse(" = 服务用房").is_err());
    }
}
