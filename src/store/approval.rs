//! Approval documents (审批文件) in the `approvals` table: read, written and deleted one at a
//! time, each write in one transaction with its change-log line.

use rusqlite::{Transaction, params};

use super::{ChangeRecord, Store, StoreError};
use crate::model::{Approval, Coded as _, Uuid};

const COLUMNS: &str = "id, uuid, kind, number, date, authority, note, subject";

impl Store {
    /// Every approval document, in the order they were recorded.
    pub fn load_approvals(&self) -> Result<Vec<Approval>, StoreError> {
        self.collect(
            &format!("SELECT {COLUMNS} FROM approvals ORDER BY id"),
            [],
            "approvals",
            |c| {
                Ok(Approval {
                    uuid: c.uuid(1, "uuid")?,
                    kind: c.coded(2, "kind")?,
                    number: c.text(3)?,
                    date: c.date(4, "date")?,
                    authority: c.text(5)?,
                    note: c.text(6)?,
                    subject: c.uuid(7, "subject")?,
                })
            },
        )
    }

    /// Writes `approval` (a new one, or the one with its UUID changed), or with `None` for it
    /// deletes the approval `delete`; one transaction with `record`.
    pub fn write_approval(
        &mut self,
        approval: &Approval,
        delete: Option<&Uuid>,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            match delete {
                Some(uuid) => delete_approval(tx, uuid),
                None => upsert_approval(tx, approval),
            }
            .map_err(|e| StoreError::from_sqlite(path, e))
        })
    }
}

/// Inserts an approval, or replaces the fields of the one with its UUID.
pub(super) fn upsert_approval(tx: &Transaction<'_>, a: &Approval) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO approvals (uuid, kind, number, date, authority, note, subject)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (uuid) DO UPDATE SET kind = excluded.kind, number = excluded.number,
            date = excluded.date, authority = excluded.authority, note = excluded.note,
            subject = excluded.subject",
        params![
            a.uuid.to_string(),
            a.kind.code(),
            a.number,
            a.date,
            a.authority,
            a.note,
            a.subject.to_string()
        ],
    )
    .map(|_| ())
}

fn delete_approval(tx: &Transaction<'_>, uuid: &Uuid) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM approvals WHERE uuid = ?1", [uuid.to_string()])
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use crate::model::{Approval, ApprovalKind};
    use crate::store::Store;

    #[test]
    fn approvals_round_trip_through_a_new_file() {
        // The sample with three documents, one of each kind, written and read back whole.
        let mut project =
            crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded).unwrap();
        let mut two = Approval::new(
            ApprovalKind::TwoOffices,
            project.persons[0].uuid,
            "县委办〔2026〕3号",
        );
        two.date = Some("2026-03-01".to_owned());
        two.authority = "县委办公室".to_owned();
        two.note = "兼任两处".to_owned();
        let rent = Approval::new(
            ApprovalKind::Rent,
            project.buildings[0].uuid,
            "县政府〔2025〕12号",
        );
        let lease = Approval::new(
            ApprovalKind::LeaseOut,
            project.rooms[0].uuid,
            "县机关事务局〔2026〕1号",
        );
        project.approvals = vec![two, rent, lease];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("round.gpkg");
        Store::create(&path, &project, Default::default()).unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.load_approvals().unwrap(), project.approvals);
        assert_eq!(store.load_project().unwrap().approvals, project.approvals);
    }
}
