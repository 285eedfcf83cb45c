//! File settings kept in `officeplan_meta`: which standard set the file is checked against,
//! for which province, and the local overrides of that set.

use rusqlite::params;

use super::sql_error;
use super::{ChangeRecord, Store, StoreError};

/// Meta key holding the local overrides of the standard set (a TOML document; absent = none).
pub const STANDARD_OVERRIDES: &str = "standard_overrides";

/// Meta keys of the report's filler (填表人单位, 填表人姓名, 电话; absent = blank).
pub const FILLER_UNIT: &str = "filler_unit";
pub const FILLER_NAME: &str = "filler_name";
pub const FILLER_PHONE: &str = "filler_phone";

impl Store {
    /// Records which standard set the file is checked against and for which province (whose
    /// 乡级 rows apply), in one transaction with its change-log line. Check the pair first with
    /// [`crate::standards::ProjectStandard::new`].
    pub fn set_standard(
        &mut self,
        standard: &str,
        province: &str,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_meta(
            &[("standard", Some(standard)), ("province", Some(province))],
            record,
        )
    }

    /// Records local overrides of the standard set (TOML shaped like the shipped file) in one
    /// transaction with its change-log line. An empty or blank text removes the overrides, so
    /// the shipped values apply again.
    ///
    /// The text is stored as given: check it first with
    /// [`crate::standards::ProjectStandard::new`], which names the file and key of a mistake.
    pub fn set_standard_overrides(
        &mut self,
        overrides: &str,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        let value = (!overrides.trim().is_empty()).then_some(overrides);
        self.write_meta(&[(STANDARD_OVERRIDES, value)], record)
    }

    /// Records the standard set, the province and the local overrides (empty: none) together,
    /// in one transaction with its change-log line (`standards`, and its undo).
    pub fn set_standard_settings(
        &mut self,
        standard: &str,
        province: &str,
        overrides: &str,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        let overrides = (!overrides.trim().is_empty()).then_some(overrides);
        self.write_meta(
            &[
                ("standard", Some(standard)),
                ("province", Some(province)),
                (STANDARD_OVERRIDES, overrides),
            ],
            record,
        )
    }

    /// Sets (`Some`) or removes (`None`) meta values in one transaction with a change-log line.
    /// Records the report's filler (填表人单位, 姓名, 电话) in one transaction with its
    /// change-log line; a blank field is removed.
    pub fn set_report_filler(
        &mut self,
        filler: &crate::model::ReportFiller,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        let value = |v: &str| {
            let v = v.trim();
            (!v.is_empty()).then_some(v.to_owned())
        };
        let (unit, name, phone) = (
            value(&filler.unit),
            value(&filler.name),
            value(&filler.phone),
        );
        self.write_meta(
            &[
                (FILLER_UNIT, unit.as_deref()),
                (FILLER_NAME, name.as_deref()),
                (FILLER_PHONE, phone.as_deref()),
            ],
            record,
        )
    }

    /// Sets (`Some`) or removes (`None`) one meta value in one transaction with a change-log
    /// line (the marks of a PostGIS publish or pull).
    pub fn set_meta_logged(
        &mut self,
        key: &str,
        value: Option<&str>,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_meta(&[(key, value)], record)
    }

    /// The id of the newest change-log line (0 for none): a position in the file's history.
    pub fn change_log_position(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM change_log", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.sql_error(e))
    }

    fn write_meta(
        &mut self,
        values: &[(&str, Option<&str>)],
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            for (key, value) in values {
                match value {
                    Some(value) => tx.execute(
                        "INSERT INTO officeplan_meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        params![key, value],
                    ),
                    None => tx.execute("DELETE FROM officeplan_meta WHERE key = ?1", [key]),
                }
                .map_err(sql)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;
    use crate::store::CreateOptions;

    fn record() -> ChangeRecord {
        ChangeRecord {
            action: crate::model::ChangeAction::SetStandardOverrides,
            summary: "test".to_owned(),
            detail: String::new(),
        }
    }

    #[test]
    fn overrides_are_written_read_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.gpkg");
        let mut store =
            Store::create(&path, &Project::default(), CreateOptions::default()).unwrap();
        assert_eq!(store.load_settings().unwrap().standard_overrides, "");
        let text = "[office.county.rows.chief]\narea_m2 = 32\n";
        store.set_standard_overrides(text, &record()).unwrap();
        assert_eq!(store.load_settings().unwrap().standard_overrides, text);
        store.set_standard_overrides("  ", &record()).unwrap();
        assert_eq!(store.meta(STANDARD_OVERRIDES).unwrap(), None);
        store.set_standard("cn-1999", "湖北", &record()).unwrap();
        let settings = store.load_settings().unwrap();
        assert_eq!(
            (settings.standard.as_str(), settings.province.as_str()),
            ("cn-1999", "湖北")
        );
        assert_eq!(store.change_log(10).unwrap().len(), 3);
    }
}
