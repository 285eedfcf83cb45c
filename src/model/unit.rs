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
}

impl Unit {
    /// Total approved posts (批复编制数), not counting service workers.
    pub fn approved_posts(&self) -> u32 {
        self.posts.values().sum()
    }
}
