//! Schema step 6 → 7: the terms of concurrent posts (兼职的起止日期) and the date of a second
//! office's approval (第二处办公用房审批日期), which the persons panel keeps.
//!
//! Only nullable columns are added (`ALTER TABLE … ADD COLUMN`), so an older file's posts read
//! as "term unknown" and nothing another program added is rebuilt.

/// The step's SQL.
pub(super) const V7: &str = r#"
ALTER TABLE person_concurrent_units ADD COLUMN start_date DATE;
ALTER TABLE person_concurrent_units ADD COLUMN end_date DATE;
ALTER TABLE persons ADD COLUMN second_office_approval_date DATE;
"#;

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::store::schema::MIGRATIONS;

    /// A file as version 6 wrote it: a person with a concurrent post in another unit.
    #[test]
    fn a_version_6_file_opens_with_its_posts_and_no_terms() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v6.gpkg");
        let conn = rusqlite::Connection::open(&path).expect("open");
        crate::store::gpkg_functions::register(&conn).expect("functions");
        for step in MIGRATIONS.iter().take(6) {
            conn.execute_batch(step).expect("step");
        }
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
             INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '6');
             INSERT INTO units (uuid, name, organ_category, kind) VALUES
                ('00000000-0000-0000-0000-000000000001', '县统计局', 'county', 'organ'),
                ('00000000-0000-0000-0000-000000000002', '县审计局', 'county', 'organ');
             INSERT INTO persons (uuid, name, grade, unit_id, status, second_office_approval) VALUES
                ('00000000-0000-0000-0000-000000000003', '王小林', '150', 1, 'in_post', '县委办〔2025〕7号');
             INSERT INTO person_concurrent_units (person_id, unit_id) VALUES (1, 2);",
        )
        .expect("rows");
        drop(conn);
        let store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(6));
        let persons = store.load_persons().expect("persons");
        let p = &persons[0];
        assert_eq!(p.concurrent.len(), 1);
        assert_eq!(
            (
                p.concurrent[0].start.as_deref(),
                p.concurrent[0].end.as_deref()
            ),
            (None, None)
        );
        assert_eq!(p.second_office_approval, "县委办〔2025〕7号");
        assert_eq!(p.second_office_approval_date, None);
    }
}
