//! The 编制 workbook for the command line and the app alike: what a workbook of the file holds
//! ([`Workspace::workbook_contents`]), and a workbook read against the file — the dry run,
//! with every problem or every change and the consent the import needs — that becomes one
//! undoable edit ([`WorkbookImport::edit`], then [`Workspace::apply`]).

use std::path::Path;

use super::{Edit, OrganisationEdit, Workspace, WorkspaceError};
use crate::io::excel::SheetProblem;
use crate::io::excel::book::Book;
use crate::io::excel::contents::WorkbookContents;
use crate::io::excel::import::{ImportMode, read_organisation_ranked};
use crate::io::removal::{Consent, Removal, RemovalRefused, removal_to_confirm};
use crate::model::{ChangeAction, NamedChanges, OrganCategory, Organisation, OrganisationDiff};

/// A workbook read against the file: what importing it in its mode would do.
#[derive(Clone, Debug)]
pub struct WorkbookImport {
    /// The workbook's file name, as messages and the dialog name it.
    pub source: String,
    pub mode: ImportMode,
    /// Every problem of the book, by sheet, row and column; nothing is imported while there
    /// is one.
    pub problems: Vec<SheetProblem>,
    pub diff: OrganisationDiff,
    /// The units that are new, changed, removed, by name.
    pub units: NamedChanges,
    /// The persons that are new, changed, removed, by name.
    pub persons: NamedChanges,
    /// Set when the import removes more than the consent rule allows (see
    /// [`crate::io::removal`]): it is written only with the person's consent.
    pub removal: Option<RemovalRefused>,
    /// Persons new to the file whose 党政正职 flag the import took from their title, the
    /// book having no 党政正职 column (the import report says so).
    pub flagged_by_title: Vec<String>,
    organisation: Option<Organisation>,
    summary: String,
}

impl WorkbookImport {
    /// Whether every row of the book is valid.
    pub fn is_valid(&self) -> bool {
        self.organisation.is_some()
    }

    /// Whether importing the book would change the file.
    pub fn changes_anything(&self) -> bool {
        self.is_valid() && !self.diff.is_empty()
    }

    /// The edit that writes the import (one undoable step); `None` when the book has
    /// problems or would change nothing, refused when it needs consent that was not given.
    pub fn edit(&self, consent: Consent) -> Result<Option<Edit>, RemovalRefused> {
        if let (Some(refused), Consent::NotGiven) = (&self.removal, consent) {
            return Err(refused.clone());
        }
        Ok(self
            .organisation
            .as_ref()
            .filter(|_| !self.diff.is_empty())
            .map(|organisation| {
                Edit::ReplaceOrganisation(Box::new(OrganisationEdit {
                    organisation: organisation.clone(),
                    action: ChangeAction::ImportUnits,
                    summary: self.summary.clone(),
                    detail: serde_json::to_string(&self.diff).unwrap_or_default(),
                }))
            }))
    }
}

impl Workspace {
    /// The units, persons and occupancy of the file as a workbook holds them, with the
    /// rank rows of the file's own level and its buildings for the drop-down lists.
    pub fn workbook_contents(&self) -> Result<WorkbookContents, WorkspaceError> {
        let categories: Vec<OrganCategory> = self
            .region()?
            .map(|r| r.level.organ_category())
            .into_iter()
            .collect();
        Ok(WorkbookContents {
            organisation: self.organisation()?,
            rooms: self.room_keys()?,
            categories,
            buildings: self
                .index()
                .buildings
                .iter()
                .map(|b| b.building.name.clone())
                .collect(),
            standard: crate::standards::ProjectStandard::resolve(&self.settings()?).ok(),
        })
    }

    /// Reads `book` (read from `path`, or the problems of reading it) against the file as it
    /// is now: the dry run of importing it in `mode`. Nothing is written.
    pub fn preview_workbook(
        &self,
        path: &Path,
        book: &Result<Book, Vec<SheetProblem>>,
        mode: ImportMode,
    ) -> Result<WorkbookImport, WorkspaceError> {
        let current = self.organisation()?;
        let rooms = self.room_keys()?;
        let source = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let ranks = crate::standards::ProjectStandard::resolve(&self.settings()?)
            .map(|s| s.set.ranks)
            .unwrap_or_default();
        let result = book
            .clone()
            .and_then(|b| read_organisation_ranked(&b, &current, &rooms, mode, &ranks));
        let (organisation, problems, flagged_by_title) = match result {
            Ok(read) => (Some(read.organisation), Vec::new(), read.flagged_by_title),
            Err(problems) => (None, problems, Vec::new()),
        };
        let empty = Organisation::default();
        let new = organisation.as_ref().unwrap_or(&current);
        let diff = if organisation.is_some() {
            OrganisationDiff::between(&current, new)
        } else {
            OrganisationDiff::default()
        };
        let (units, persons) = if organisation.is_some() {
            OrganisationDiff::names(&current, new)
        } else {
            OrganisationDiff::names(&empty, &empty)
        };
        // A workbook that holds no unit, or removes more than half of the units or persons,
        // is far more often the wrong book than a wish.
        let removal = organisation.as_ref().and_then(|new| {
            removal_to_confirm(
                &source,
                &self.path().display().to_string(),
                &Removal::of_organisation(&current, new, &diff),
            )
        });
        Ok(WorkbookImport {
            summary: change_summary(path, mode, &diff),
            source,
            mode,
            problems,
            diff,
            units,
            persons,
            removal,
            flagged_by_title,
            organisation,
        })
    }
}

/// The change-log line of an import.
fn change_summary(book: &Path, mode: ImportMode, d: &OrganisationDiff) -> String {
    let mode = match mode {
        ImportMode::ReplaceAll => String::new(),
        ImportMode::UpdateByName => format!(" [{}]", mode.label()),
    };
    format!(
        "{}{mode}: units +{} ~{} -{}; persons +{} ~{} -{}; room units +{} -{}; room persons +{} -{}",
        book.display(),
        d.units.new,
        d.units.updated,
        d.units.removed,
        d.persons.new,
        d.persons.updated,
        d.persons.removed,
        d.room_units.added,
        d.room_units.removed,
        d.room_persons.added,
        d.room_persons.removed
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::excel::book::read_book;

    /// The sample's workbook, written and read back, with 县审计局's headcount changed and a
    /// new unit: updated by name it changes 1 unit and adds 1, and undo restores the file.
    #[test]
    fn a_workbook_of_the_file_updates_by_name_and_undoes() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let path = store.path().to_path_buf();
        drop(store);
        let mut w = Workspace::open(&path).expect("open");
        let before = w.organisation().expect("organisation");
        let mut contents = w.workbook_contents().expect("contents");
        // sample_plans/README.md: 32 units, 326 persons.
        assert_eq!(
            (
                contents.organisation.units.len(),
                contents.organisation.persons.len()
            ),
            (32, 326)
        );
        let unit = contents
            .organisation
            .units
            .iter_mut()
            .find(|u| u.name == "县审计局")
            .expect("县审计局");
        unit.headcount += 3;
        let mut added = unit.clone();
        added.name = "县史志研究中心".into();
        added.uuid = crate::model::Uuid::now_v7();
        // Only these two units; no persons, no room rows.
        contents.organisation.units = vec![unit.clone(), added];
        contents.organisation.persons.clear();
        contents.organisation.room_units.clear();
        contents.rooms.clear();
        let book_path = dir.path().join("编制.xlsx");
        contents.write(&book_path).expect("write");
        let book = read_book(&book_path);

        let update = w
            .preview_workbook(&book_path, &book, ImportMode::UpdateByName)
            .expect("preview");
        assert!(update.problems.is_empty(), "{:?}", update.problems);
        assert_eq!(update.source, "编制.xlsx");
        assert_eq!((update.diff.units.new, update.diff.units.updated), (1, 1));
        assert_eq!(
            (update.diff.units.removed, update.diff.units.unchanged),
            (0, 31)
        );
        assert_eq!(update.diff.persons.unchanged, 326);
        assert_eq!(update.units.new, ["县史志研究中心"]);
        assert_eq!(update.units.updated, ["县审计局"]);
        assert!(update.removal.is_none());

        // Replacing all with the same book removes 31 of 32 units and every person: it
        // needs consent.
        let replace = w
            .preview_workbook(&book_path, &book, ImportMode::ReplaceAll)
            .expect("preview");
        assert_eq!(replace.diff.units.removed, 31);
        assert_eq!(replace.diff.persons.removed, 326);
        assert!(replace.removal.is_some());
        assert!(replace.edit(Consent::NotGiven).is_err());

        let edit = update
            .edit(Consent::NotGiven)
            .expect("no consent needed")
            .expect("changes");
        // While a scenario is shown the import is refused like every baseline edit.
        let scenario = w.new_scenario("整合方案", "").expect("scenario");
        w.activate(Some(scenario)).expect("show it");
        assert!(matches!(
            w.apply(edit.clone()),
            Err(WorkspaceError::BaselineEditInScenario { .. })
        ));
        assert_eq!(w.organisation().expect("organisation"), before);
        w.activate(None).expect("show the baseline");
        w.apply(edit).expect("apply");
        let after = w.organisation().expect("organisation");
        assert_eq!((after.units.len(), after.persons.len()), (33, 326));
        w.undo().expect("undo");
        assert_eq!(w.organisation().expect("organisation"), before);
    }
}
