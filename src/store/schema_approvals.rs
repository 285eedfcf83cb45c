//! Schema step 7 → 8: approval documents (审批文件) — two offices in the own unit, a rented
//! building (租用), a room rented or lent out (出租/出借) — each with its 文号, date, 审批机关
//! and note, naming the person, building or room it approves by UUID.
//!
//! One new table, registered as GeoPackage `attributes`; nothing older is rebuilt. A second
//! office's approval (一人多处) stays where it was, on the person (`persons.
//! second_office_approval`, `second_office_approval_date`): one record of it, as before, so
//! an older file's approvals read unchanged. The subject is a UUID, not a foreign key: a
//! document stays when what it names is deleted.

/// The step's SQL.
pub(super) const APPROVALS: &str = r#"
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    date DATE,
    authority TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL
);
CREATE INDEX approvals_subject ON approvals(subject);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
    VALUES ('approvals', 'attributes', 'approvals', '审批文件 approval documents');
"#;

#[cfg(test)]
mod tests {
    use crate::model::{Approval, ApprovalKind, Uuid};
    use crate::store::Store;
    use crate::store::schema::MIGRATIONS;

    /// A file as version 7 wrote it: a person with a concurrent post and a second-office
    /// approval with its date.
    #[test]
    fn a_version_7_file_opens_with_its_second_office_approval_intact() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v7.gpkg");
        let conn = rusqlite::Connection::open(&path).expect("open");
        crate::store::gpkg_functions::register(&conn).expect("functions");
        for step in MIGRATIONS.iter().take(7) {
            conn.execute_batch(step).expect("step");
        }
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
             INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '7');
             INSERT INTO units (uuid, name, organ_category, kind) VALUES
                ('00000000-0000-0000-0000-000000000001', '县委', 'county', 'organ'),
                ('00000000-0000-0000-0000-000000000002', '县委宣传部', 'county', 'organ');
             INSERT INTO persons (uuid, name, grade, unit_id, status, second_office_approval,
                second_office_approval_date) VALUES
                ('00000000-0000-0000-0000-000000000003', '赵晓', '132', 1, 'in_post',
                 '县委办〔2024〕1号', '2024-01-05');
             INSERT INTO person_concurrent_units (person_id, unit_id, start_date, end_date)
                VALUES (1, 2, '2024-01-01', '2026-06-30');",
        )
        .expect("rows");
        drop(conn);
        let mut store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(7));
        let persons = store.load_persons().expect("persons");
        let p = &persons[0];
        assert_eq!(p.second_office_approval, "县委办〔2024〕1号");
        assert_eq!(p.second_office_approval_date.as_deref(), Some("2024-01-05"));
        assert_eq!(p.concurrent[0].end.as_deref(), Some("2026-06-30"));
        assert!(store.load_approvals().expect("approvals").is_empty());
        // The new table takes documents at once.
        let mut a = Approval::new(ApprovalKind::TwoOffices, p.uuid, "县委办〔2026〕2号");
        a.date = Some("2026-03-01".to_owned());
        a.authority = "县委办公室".to_owned();
        store
            .write_approval(
                &a,
                None,
                &crate::store::ChangeRecord {
                    action: crate::model::ChangeAction::AddApproval,
                    summary: String::new(),
                    detail: String::new(),
                },
            )
            .expect("write");
        assert_eq!(store.load_approvals().expect("approvals"), vec![a.clone()]);
        assert_eq!(store.load_project().expect("project").approvals, vec![a]);
        let _ = Uuid::nil();
    }
}
