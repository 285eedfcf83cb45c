//! Plain domain types of the office-space inventory (办公用房台账).
//!
//! Nothing here knows about SQLite or egui: the types are shared by the store, the analysis
//! code, the CLI and the UI. Every entity carries a [`Uuid`] that stays the same across files.

mod building;
mod category;
mod grade;
mod organisation;
mod person;
mod project;
mod region;
mod room;
mod unit;

pub use building::{Building, Floor, TitleStatus};
pub use category::{RoomCategory, RoomStatus};
pub use grade::Grade;
pub use organisation::{Organisation, OrganisationDiff, PairChanges, RecordChanges, RoomKey};
pub use person::{Person, PersonStatus};
pub use project::{Project, ProjectSettings};
pub use region::{Region, RegionLevel, Site};
pub use room::Room;
pub use unit::{OrganCategory, Unit, UnitKind};

pub use uuid::Uuid;

/// A closed polygon in a floor's local plan coordinates (metres, x right, y up).
pub type PlanPolygon = geo::Polygon<f64>;

/// A point in a floor's local plan coordinates (metres).
pub type PlanCoord = geo::Coord<f64>;

/// A calendar date as `YYYY-MM-DD`, validated on the way in (see [`parse_date`]).
pub type Date = String;

/// Checks a `YYYY-MM-DD` date and returns it normalised, or `None` when it is not a real date.
///
/// ```
/// assert_eq!(officeplan::model::parse_date("2026-02-28").as_deref(), Some("2026-02-28"));
/// assert!(officeplan::model::parse_date("2026-02-30").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let (y, m, d) = date_parts(text.trim())?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Splits a `YYYY-MM-DD` date into its parts, validating month lengths and leap years.
pub fn date_parts(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

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
    fn dates_are_checked() {
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-1-5").as_deref() == Some("2026-01-05"));
        assert!(parse_date("yesterday").is_none());
    }

    #[test]
    fn coded_parses_code_and_chinese() {
        assert_eq!(RoomCategory::parse("办公室"), Some(RoomCategory::Office));
        assert_eq!(RoomCategory::parse("office"), Some(RoomCategory::Office));
        assert_eq!(RoomStatus::parse(" 闲置 "), Some(RoomStatus::Idle));
        assert_eq!(RoomStatus::parse("vacant"), None);
    }
}
