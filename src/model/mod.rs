//! Plain domain types of the office-space inventory (办公用房台账).
//!
//! Nothing here knows about SQLite or egui: the types are shared by the store, the analysis
//! code, the CLI and the UI. Every entity carries a [`Uuid`] that stays the same across files.

mod approval;
mod building;
mod category;
mod change_action;
mod construction;
mod date;
mod grade;
mod moves;
mod organisation;
pub mod person;
mod project;
mod region;
mod room;
mod scope;
mod timestamp;
mod unit;

pub use approval::{Approval, ApprovalKind, SubjectKind, approved};
pub use building::{Building, Floor, TitleStatus};
pub use category::{RoomCategory, RoomStatus};
pub use change_action::ChangeAction;
pub use construction::{ConstructionProject, ProjectStatus, UnitRef};
pub use date::{
    Date, add_months, date_from_days, date_parts, days_since_epoch, parse_date, today, today_local,
};
pub use grade::Grade;
pub use moves::{Move, MoveKind, RoomChange, SeatChange};
pub use organisation::{
    NamedChanges, Organisation, OrganisationChange, OrganisationDiff, PairChanges, RecordChanges,
    RoomKey,
};
pub use person::{ConcurrentPost, Person, PersonStatus};
pub use project::{Project, ProjectSettings, ReportFiller};
pub use region::{Region, RegionLevel, Site};
pub use room::Room;
pub use scope::RegionScope;
pub use timestamp::local_time;
pub use unit::{OrganCategory, Unit, UnitKind, UnitStep};

pub use uuid::Uuid;

/// A closed polygon in a floor's local plan coordinates (metres, x right, y up).
pub type PlanPolygon = geo::Polygon<f64>;

/// A point in a floor's local plan coordinates (metres).
pub type PlanCoord = geo::Coord<f64>;

/// A code that is stored in the project file and its human label (translated elsewhere).
///
/// Enums of the model implement this so that the store, the CSV readers and the UI agree on
/// one spelling: `code` is the stable English token written to SQLite, `zh` the Chinese term
/// used in the sample sources and in spreadsheets.
pub trait Coded: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// Stable token stored in the project file.
    fn code(self) -> &'static str;
    /// The Chinese term (as in the standards and the national tables).
    fn zh(self) -> &'static str;

    /// Parses a stored code or a Chinese term.
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code() == text || v.zh() == text)
    }
}

/// Declares a `Coded` enum with its code and Chinese term per variant.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal, $zh:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Number of values.
            pub const COUNT: usize = [$($code),+].len();

            /// Position in [`Coded::ALL`]($crate::model::Coded::ALL): a dense index for
            /// per-value arrays.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl $crate::model::Coded for $name {
            const ALL: &'static [Self] = &[$(Self::$variant,)+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }
            fn zh(self) -> &'static str {
                match self { $(Self::$variant => $zh,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::model::Coded::code(*self))
            }
        }
    };
}
pub(crate) use coded_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_position_in_all() {
        for (i, c) in RoomCategory::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
        for (i, s) in RoomStatus::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
        }
        assert_eq!((RoomCategory::COUNT, RoomStatus::COUNT), (5, 6));
    }

    #[test]
    fn coded_parses_code_and_chinese() {
        assert_eq!(RoomCategory::parse("办公室"), Some(RoomCategory::Office));
        assert_eq!(RoomCategory::parse("office"), Some(RoomCategory::Office));
        assert_eq!(RoomStatus::parse(" 闲置 "), Some(RoomStatus::Idle));
        assert_eq!(RoomStatus::parse("vacant"), None);
    }
}
