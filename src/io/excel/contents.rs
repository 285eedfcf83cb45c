//! What a 编制 workbook is written from: an organisation, the rooms it may name, the organ
//! categories whose rank rows get a post column, and the buildings of the 楼栋 list — empty
//! (the blank template) or taken from a file. The command line (`template`) and the app
//! (文件 → 导出编制表…) write through [`WorkbookContents::write`].

use std::path::Path;

use super::layout::{SheetData, person_sheet_with_rows, room_sheet, unit_sheet};
use super::template::{TemplateError, write_workbook};
use crate::model::{Coded as _, OrganCategory, Organisation, RoomKey};

/// The contents of a workbook to write.
#[derive(Clone, Debug, Default)]
pub struct WorkbookContents {
    pub organisation: Organisation,
    /// Every room of the file (the 房间分配 sheet lists each).
    pub rooms: Vec<RoomKey>,
    /// The organ categories whose rank rows get a column even without a unit of theirs
    /// (the file's own level).
    pub categories: Vec<OrganCategory>,
    /// The buildings of the 楼栋 drop-down list.
    pub buildings: Vec<String>,
    /// The file's standard: the 人员 sheet then says which row each grade reads (对应标准).
    pub standard: Option<crate::standards::ProjectStandard>,
}

/// How many records a written workbook holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WrittenCounts {
    pub units: usize,
    pub persons: usize,
    /// Rows of the 房间分配 sheet.
    pub room_rows: usize,
}

impl WorkbookContents {
    /// The blank template: no records, every organ category's rank rows.
    ///
    /// ```
    /// use officeplan::io::excel::contents::WorkbookContents;
    /// let sheets = WorkbookContents::empty().sheets();
    /// // 4 head columns, 25 rank rows of the five categories, 4 tail columns (工勤编制, 实有人数,
    /// // 备注, 高配).
    /// assert_eq!(sheets[0].columns.len(), 33);
    /// assert!(sheets.iter().all(|s| s.rows.is_empty()));
    /// ```
    pub fn empty() -> Self {
        Self {
            categories: OrganCategory::ALL.to_vec(),
            ..Self::default()
        }
    }

    /// The 单位, 人员 and 房间分配 sheets.
    pub fn sheets(&self) -> [SheetData; 3] {
        // A file that names no level and has no units gets every category's rank rows, as
        // the blank template does.
        let categories = if self.categories.is_empty() && self.organisation.units.is_empty() {
            OrganCategory::ALL.to_vec()
        } else {
            self.categories.clone()
        };
        [
            unit_sheet(&self.organisation, &categories),
            person_sheet_with_rows(&self.organisation, &self.rooms, self.standard.as_ref()),
            room_sheet(&self.organisation, &self.rooms),
        ]
    }

    /// Writes the workbook to `path`, replacing it only once the whole workbook is made.
    pub fn write(&self, path: &Path) -> Result<WrittenCounts, TemplateError> {
        let sheets = self.sheets();
        write_workbook(path, &sheets, &self.buildings)?;
        Ok(WrittenCounts {
            units: self.organisation.units.len(),
            persons: self.organisation.persons.len(),
            room_rows: sheets[2].rows.len(),
        })
    }
}
