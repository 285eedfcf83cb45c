//! Consent before a destructive import: the one rule every import (DXF, GeoJSON, workbook)
//! passes, on the command line (`--allow-removal`) and in the app (a confirmation in the
//! import dialog).
//!
//! An import that yields nothing, or that would remove more than half of what a floor (rooms)
//! or the project (units, persons) holds, is far more often a wrong layer, a cut file or the
//! wrong workbook than a wish: it is refused unless the person confirms it.

/// What an import replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Held {
    /// The rooms of one floor.
    Rooms,
    /// The project's units (使用单位).
    Units,
    /// The project's persons.
    Persons,
}

impl Held {
    fn label(self) -> String {
        match self {
            Self::Rooms => crate::t!("removal.rooms"),
            Self::Units => crate::t!("removal.units"),
            Self::Persons => crate::t!("removal.persons"),
        }
        .into_owned()
    }
}

/// What an import would do to one kind of record: how many there are, how many the file
/// brings, how many would be removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Removal {
    pub held: Held,
    /// Records there now.
    pub before: usize,
    /// Records the imported file holds.
    pub imported: usize,
    /// Records there now that the import would remove.
    pub removed: usize,
}

impl Removal {
    /// What replacing the units and persons `current` by `new` removes, by kind (the
    /// workbook import's check, for the command line and the app alike).
    pub fn of_organisation(
        current: &crate::model::Organisation,
        new: &crate::model::Organisation,
        diff: &crate::model::OrganisationDiff,
    ) -> [Removal; 2] {
        [
            Removal {
                held: Held::Units,
                before: current.units.len(),
                imported: new.units.len(),
                removed: diff.units.removed,
            },
            Removal {
                held: Held::Persons,
                before: current.persons.len(),
                imported: new.persons.len(),
                removed: diff.persons.removed,
            },
        ]
    }

    /// Whether this import needs consent: it yields nothing, or it removes more than half.
    /// Persons are optional data (many files record none): a file without persons into a
    /// project without persons yields nothing that was there, so it needs no consent.
    ///
    /// ```
    /// use officeplan::io::removal::{Held, Removal};
    /// let r = |before, imported, removed| Removal { held: Held::Rooms, before, imported, removed };
    /// assert!(r(23, 0, 23).needs_consent()); // a room layer with no outlines
    /// assert!(!r(424, 272, 152).needs_consent()); // 152 of 424 is not more than half
    /// assert!(r(10, 1, 9).needs_consent()); // a 30 % cut left 1 of 10
    /// assert!(!r(14, 14, 0).needs_consent());
    /// assert!(r(0, 0, 0).needs_consent()); // an empty file into an empty floor
    /// ```
    pub fn needs_consent(&self) -> bool {
        let nothing = self.imported == 0 && (self.before > 0 || self.held != Held::Persons);
        nothing || self.removed.saturating_mul(2) > self.before
    }
}

/// An import refused because it would remove too much without consent. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{}", self.message())]
pub struct RemovalRefused {
    /// The imported file, as people know it.
    pub file: String,
    /// What is replaced: `综合办公楼 6F`, or the project file.
    pub target: String,
    pub removal: Removal,
}

impl RemovalRefused {
    /// The reason and what to do, for people (CLI error, the dialog's warning).
    pub fn message(&self) -> String {
        let r = &self.removal;
        let what = r.held.label();
        if r.imported == 0 {
            crate::t!(
                "removal.nothing",
                source = self.file,
                target = self.target,
                what = what,
                before = r.before
            )
        } else {
            crate::t!(
                "removal.most",
                source = self.file,
                target = self.target,
                what = what,
                before = r.before,
                removed = r.removed
            )
        }
        .into_owned()
    }
}

/// Whether the person has confirmed a large removal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Consent {
    /// Not confirmed: a large removal is refused.
    #[default]
    NotGiven,
    /// `--allow-removal`, or the dialog's confirmation.
    Given,
}

impl Consent {
    /// `Given` when `allowed` (a command-line flag, a ticked box).
    pub fn from_flag(allowed: bool) -> Self {
        if allowed { Self::Given } else { Self::NotGiven }
    }
}

/// The first of `removals` that needs consent, as the refusal to show; `None` when the import
/// may go ahead without asking.
pub fn removal_to_confirm(
    source: &str,
    target: &str,
    removals: &[Removal],
) -> Option<RemovalRefused> {
    removals
        .iter()
        .find(|r| r.needs_consent())
        .map(|removal| RemovalRefused {
            file: source.to_owned(),
            target: target.to_owned(),
            removal: *removal,
        })
}

/// The rule: an import that needs consent goes ahead only with it.
///
/// ```
/// use officeplan::io::removal::{Consent, Held, Removal, guard};
/// let wipe = Removal { held: Held::Rooms, before: 23, imported: 0, removed: 23 };
/// assert!(guard("6F.dxf", "综合办公楼 6F", &[wipe], Consent::NotGiven).is_err());
/// assert!(guard("6F.dxf", "综合办公楼 6F", &[wipe], Consent::Given).is_ok());
/// ```
pub fn guard(
    source: &str,
    target: &str,
    removals: &[Removal],
    consent: Consent,
) -> Result<(), RemovalRefused> {
    match (removal_to_confirm(source, target, removals), consent) {
        (Some(refused), Consent::NotGiven) => Err(refused),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_file_target_and_counts() {
        let refused = RemovalRefused {
            file: "6F.dxf".into(),
            target: "综合办公楼 6F".into(),
            removal: Removal {
                held: Held::Rooms,
                before: 10,
                imported: 1,
                removed: 9,
            },
        };
        let text = refused.message();
        for part in ["6F.dxf", "综合办公楼 6F", "9", "10", "--allow-removal"] {
            assert!(text.contains(part), "{part}: {text}");
        }
    }

    #[test]
    fn exactly_half_is_not_more_than_half() {
        let half = Removal {
            held: Held::Units,
            before: 32,
            imported: 16,
            removed: 16,
        };
        assert!(!half.needs_consent());
        assert!(
            Removal {
                removed: 17,
                ..half
            }
            .needs_consent()
        );
    }
}
