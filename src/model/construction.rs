//! Construction projects of office space (办公用房建设项目) — the records behind the national
//! table 办公用房建设项目信息 (DOMAIN §3.1) — and [`UnitRef`], the "主要使用单位" a project or a
//! technical building names.

use super::{Unit, Uuid, coded_enum};

coded_enum! {
    /// Where a construction project stands (项目状态).
    ProjectStatus {
        /// 拟建: proposed, not yet approved.
        Proposed => "proposed", "拟建";
        /// 已批复: approved (立项批复), not yet started.
        Approved => "approved", "已批复";
        /// 在建: under construction.
        Building => "building", "在建";
        /// 已竣工: completed.
        Completed => "completed", "已竣工";
    }
}

/// A unit a record names: one of the file's units, or a free text for a unit the file does
/// not hold. `name` is the text shown when `unit` is not (or no longer) in the file; for a
/// unit of the file it is the unit's name when it was chosen.
///
/// ```
/// use officeplan::model::{Unit, UnitRef, Uuid};
/// let named = UnitRef::named("县公安局");
/// assert_eq!(named.resolve(&[]), "县公安局");
/// assert!(UnitRef::default().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnitRef {
    pub unit: Option<Uuid>,
    pub name: String,
}

impl UnitRef {
    /// A unit of the file.
    pub fn unit(unit: &Unit) -> Self {
        Self {
            unit: Some(unit.uuid),
            name: unit.name.clone(),
        }
    }

    /// A free text.
    pub fn named(name: &str) -> Self {
        Self {
            unit: None,
            name: name.trim().to_owned(),
        }
    }

    /// Neither a unit nor a text.
    pub fn is_empty(&self) -> bool {
        self.unit.is_none() && self.name.trim().is_empty()
    }

    /// The name to show: the unit's current name when it is among `units`, else the text.
    pub fn resolve(&self, units: &[Unit]) -> String {
        self.unit
            .and_then(|u| units.iter().find(|x| x.uuid == u))
            .map_or_else(|| self.name.clone(), |u| u.name.clone())
    }
}

/// An office-space construction project (办公用房建设项目): a new building, an extension or a
/// purchase, as the national table lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConstructionProject {
    pub uuid: Uuid,
    /// 项目名称
    pub name: String,
    /// 审批部门 (the authority that approved the project: 发展改革部门 …).
    pub approver: String,
    /// 建设单位 (the unit that builds it).
    pub builder: String,
    /// 主要使用单位
    pub main_user: UnitRef,
    /// 地址坐落
    pub address: String,
    /// 建设规模, m² (建筑面积).
    pub scale_m2: Option<f64>,
    /// 估算投资, 万元.
    pub investment_wan_yuan: Option<f64>,
    /// 批复文号 (e.g. 示发改投资〔2025〕12号).
    pub approval_no: String,
    /// 批复年度
    pub year: Option<i32>,
    pub status: ProjectStatus,
    /// 备注
    pub note: String,
}

impl ConstructionProject {
    /// A project with only its identity and name: what a form starts from.
    pub fn new(uuid: Uuid, name: String) -> Self {
        Self {
            uuid,
            name,
            approver: String::new(),
            builder: String::new(),
            main_user: UnitRef::default(),
            address: String::new(),
            scale_m2: None,
            investment_wan_yuan: None,
            approval_no: String::new(),
            year: None,
            status: ProjectStatus::Approved,
            note: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrganCategory, UnitKind};

    #[test]
    fn a_unit_of_the_file_reads_its_current_name() {
        let mut unit = Unit {
            region: None,
            uuid: Uuid::from_u128(7),
            name: "县公安局".into(),
            organ_category: OrganCategory::County,
            kind: UnitKind::Organ,
            parent: None,
            posts: Default::default(),
            service_posts: 0,
            headcount: 0,
            note: String::new(),
            rank_step: None,
        };
        let r = UnitRef::unit(&unit);
        unit.name = "示范县公安局".into();
        assert_eq!(r.resolve(std::slice::from_ref(&unit)), "示范县公安局");
        // Gone from the file: the name it had when chosen.
        assert_eq!(r.resolve(&[]), "县公安局");
    }
}
