//! Using units (使用单位) and their approved establishment (编制).

use std::collections::BTreeMap;

use super::{Grade, Uuid, coded_enum};

coded_enum! {
    /// Organ category (机关类别, 表1 of the 2014 standard) that selects a column of the table.
    OrganCategory {
        /// 中央机关
        Central => "central", "中央";
        /// 省级机关
        Provincial => "provincial", "省";
        /// 市级机关
        City => "city", "市";
        /// 县级机关
        County => "county", "县";
        /// 乡级机关
        Township => "township", "乡";
    }
}

coded_enum! {
    /// Kind of unit (单位类别).
    UnitKind {
        /// 机关本级
        Organ => "organ", "机关本级";
        /// 派出机构
        Dispatched => "dispatched", "派出";
        /// 直属机构 / 直属事业单位
        Affiliated => "affiliated", "直属";
        /// 参照公务员法管理的事业单位
        CivilServiceInstitution => "civil_service_institution", "参公事业";
        /// 垂直管理
        Vertical => "vertical", "垂管";
    }
}

coded_enum! {
    /// 高配: a unit ranked one step above its organ category (表3 note 1): its leaders and its
    /// component departments' heads read the rows of the column the step names.
    UnitStep {
        /// 副省级 (a 副省级 city): reads the provincial column.
        SubProvincial => "sub_provincial", "副省级";
        /// 副部级: reads the central column.
        SubMinisterial => "sub_ministerial", "副部级";
        /// 副市(厅)级 (a county or provincial unit so ranked): reads the city column.
        SubPrefecture => "sub_prefecture", "副市(厅)级";
        /// 副县(处)级 (a township so ranked): reads the county column.
        SubCounty => "sub_county", "副县(处)级";
    }
}

impl UnitStep {
    /// The column the step's units read.
    pub fn column(self) -> OrganCategory {
        match self {
            Self::SubProvincial => OrganCategory::Provincial,
            Self::SubMinisterial => OrganCategory::Central,
            Self::SubPrefecture => OrganCategory::City,
            Self::SubCounty => OrganCategory::County,
        }
    }
}

/// A unit that uses office space.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Unit {
    pub uuid: Uuid,
    pub name: String,
    pub organ_category: OrganCategory,
    pub kind: UnitKind,
    pub parent: Option<Uuid>,
    /// Approved posts (批复编制) per grade.
    pub posts: BTreeMap<Grade, u32>,
    /// 工勤编制: approved service-worker posts.
    pub service_posts: u32,
    /// 实有人数: actual headcount.
    pub headcount: u32,
    pub note: String,
    /// 高配 (表3 note 1), `None` for a unit of its organ category's own level.
    #[serde(default)]
    pub rank_step: Option<UnitStep>,
    /// The region (行政区划) the unit belongs to; `None`: the file's own region (a provincial
    /// file holds each merged county's units under that county's region).
    #[serde(default)]
    pub region: Option<Uuid>,
}

impl Unit {
    /// Total approved posts (批复编制数), not counting service workers.
    pub fn approved_posts(&self) -> u32 {
        self.posts.values().sum()
    }
}
