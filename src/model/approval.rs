//! Approval documents (审批文件): the 文号, date and authority that make an otherwise irregular
//! arrangement lawful — two offices in one's own unit, a rented building (租用), a room rented
//! or lent out (出租/出借). DOMAIN §2.2 (监督问责) lists each arrangement without approval as a
//! violation; the check clears it once a document of the right kind names its subject.
//!
//! A second office in a concurrent unit (一人多处) keeps its approval on the person
//! ([`super::Person::second_office_approval`]): that is the one record of it, as before.

use super::{Date, Uuid, coded_enum};

coded_enum! {
    /// What an approval approves.
    ApprovalKind {
        /// 多处办公室审批: a person holds two or more offices in the own unit.
        TwoOffices => "two_offices", "多处办公室审批";
        /// 租用审批: a building is rented (租用) for office use.
        Rent => "rent", "租用审批";
        /// 出租出借审批: a room is rented out or lent out (出租/出借).
        LeaseOut => "lease_out", "出租出借审批";
    }
}

/// What kind of record an approval names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectKind {
    Person,
    Building,
    Room,
}

impl ApprovalKind {
    /// The kind of record the approval names.
    ///
    /// ```
    /// use officeplan::model::{ApprovalKind, SubjectKind};
    /// assert_eq!(ApprovalKind::Rent.subject(), SubjectKind::Building);
    /// ```
    pub fn subject(self) -> SubjectKind {
        match self {
            Self::TwoOffices => SubjectKind::Person,
            Self::Rent => SubjectKind::Building,
            Self::LeaseOut => SubjectKind::Room,
        }
    }
}

/// One approval document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Approval {
    pub uuid: Uuid,
    pub kind: ApprovalKind,
    /// 文号 (`县委办〔2026〕3号`).
    pub number: String,
    /// Date of the document.
    pub date: Option<Date>,
    /// 审批机关.
    pub authority: String,
    pub note: String,
    /// The person, building or room approved ([`ApprovalKind::subject`] says which).
    pub subject: Uuid,
}

impl Approval {
    /// A new approval of `kind` for `subject` with its 文号.
    pub fn new(kind: ApprovalKind, subject: Uuid, number: &str) -> Self {
        Self {
            uuid: Uuid::now_v7(),
            kind,
            number: number.trim().to_owned(),
            date: None,
            authority: String::new(),
            note: String::new(),
            subject,
        }
    }
}

/// Whether any of `approvals` of `kind` names `subject`.
pub fn approved(approvals: &[Approval], kind: ApprovalKind, subject: &Uuid) -> bool {
    approvals
        .iter()
        .any(|a| a.kind == kind && a.subject == *subject)
}
