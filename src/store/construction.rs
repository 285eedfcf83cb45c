//! 办公用房建设项目: the construction projects of the file (table `construction_projects`,
//! schema step `schema_projects`), read, and written one at a time — each write one
//! transaction with its change-log line.

use rusqlite::params;

use super::create::uuid_text;
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::{Coded as _, ConstructionProject, Uuid};

/// Inserts `p` (a new project, or a deleted one brought back with its UUID).
fn insert(tx: &rusqlite::Transaction<'_>, p: &ConstructionProject) -> rusqlite::Result<usize> {
    let mut buf = [0u8; 36];
    tx.execute(
        "INSERT INTO construction_projects (uuid, name, approver, builder, main_unit_uuid,
            main_unit_name, address, scale_m2, investment_wan_yuan, approval_no, year, status,
            note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            uuid_text(&p.uuid, &mut buf),
            p.name,
            p.approver,
            p.builder,
            p.main_user.unit.map(|u| u.to_string()),
            p.main_user.name,
            p.address,
            p.scale_m2,
            p.investment_wan_yuan,
            p.approval_no,
            p.year,
            p.status.code(),
            p.note,
        ],
    )
}

impl Store {
    /// The file's construction projects, in the order they were added.
    pub fn load_construction_projects(&self) -> Result<Vec<ConstructionProject>, StoreError> {
        self.collect(
            "SELECT id, uuid, name, approver, builder, main_unit_uuid, main_unit_name, address,
                scale_m2, investment_wan_yuan, approval_no, year, status, note
             FROM construction_projects ORDER BY id",
            [],
            "construction_projects",
            |c| {
                Ok(ConstructionProject {
                    uuid: c.uuid(1, "uuid")?,
                    name: c.text(2)?,
                    approver: c.text(3)?,
                    builder: c.text(4)?,
                    main_user: c.unit_ref(5, 6, "main_unit_uuid")?,
                    address: c.text(7)?,
                    scale_m2: c.get(8)?,
                    investment_wan_yuan: c.get(9)?,
                    approval_no: c.text(10)?,
                    year: c.get(11)?,
                    status: c.coded(12, "status")?,
                    note: c.text(13)?,
                })
            },
        )
    }

    /// Adds a construction project (or brings a deleted one back with its UUID).
    pub fn insert_construction_project(
        &mut self,
        project: &ConstructionProject,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            insert(tx, project).map(drop).map_err(sql_error(path))
        })
    }

    /// Changes a construction project's fields (the UUID names it).
    pub fn update_construction_project(
        &mut self,
        p: &ConstructionProject,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            let changed = tx
                .execute(
                    "UPDATE construction_projects SET name = ?1, approver = ?2, builder = ?3,
                        main_unit_uuid = ?4, main_unit_name = ?5, address = ?6, scale_m2 = ?7,
                        investment_wan_yuan = ?8, approval_no = ?9, year = ?10, status = ?11,
                        note = ?12 WHERE uuid = ?13",
                    params![
                        p.name,
                        p.approver,
                        p.builder,
                        p.main_user.unit.map(|u| u.to_string()),
                        p.main_user.name,
                        p.address,
                        p.scale_m2,
                        p.investment_wan_yuan,
                        p.approval_no,
                        p.year,
                        p.status.code(),
                        p.note,
                        uuid_text(&p.uuid, &mut buf),
                    ],
                )
                .map_err(sql_error(path))?;
            super::edit::updated_one(changed, path, || format!("construction project {}", p.uuid))
        })
    }

    /// Deletes a construction project.
    pub fn delete_construction_project(
        &mut self,
        project: &Uuid,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            let changed = tx
                .execute(
                    "DELETE FROM construction_projects WHERE uuid = ?1",
                    [uuid_text(project, &mut buf)],
                )
                .map_err(sql_error(path))?;
            super::edit::updated_one(changed, path, || format!("construction project {project}"))
        })
    }
}

/// Writes a project's construction projects into a new file (the sample, the generator).
pub(super) fn insert_all(
    tx: &rusqlite::Transaction<'_>,
    projects: &[ConstructionProject],
) -> rusqlite::Result<()> {
    for p in projects {
        insert(tx, p)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProjectStatus, UnitRef};
    use crate::store::ChangeRecord;
    use crate::store::schema::MIGRATIONS;

    fn record() -> ChangeRecord {
        ChangeRecord {
            action: crate::model::ChangeAction::AddConstructionProject,
            summary: "test".into(),
            detail: String::new(),
        }
    }

    fn archive() -> ConstructionProject {
        let mut p = ConstructionProject::new(Uuid::from_u128(42), "示范县档案馆新建项目".into());
        p.approver = "示范县发展和改革局".into();
        p.builder = "示范县机关事务服务中心".into();
        p.main_user = UnitRef::named("示范县档案馆");
        p.address = "示范县城东新区纬三路8号".into();
        p.scale_m2 = Some(4800.0);
        p.investment_wan_yuan = Some(2150.5);
        p.approval_no = "示发改投资〔2025〕12号".into();
        p.year = Some(2025);
        p.status = ProjectStatus::Building;
        p
    }

    #[test]
    fn a_project_round_trips_and_its_edit_and_delete_are_written() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, mut store) = crate::store::sample_store(dir.path());
        let mut p = archive();
        store
            .insert_construction_project(&p, &record())
            .expect("insert");
        assert_eq!(
            store.load_construction_projects().expect("load"),
            [p.clone()]
        );
        p.scale_m2 = None;
        p.main_user = UnitRef {
            unit: Some(Uuid::from_u128(9)),
            name: "县档案局".into(),
        };
        store
            .update_construction_project(&p, &record())
            .expect("update");
        let loaded = store.load_project().expect("project");
        assert_eq!(loaded.construction_projects, [p.clone()]);
        store
            .delete_construction_project(&p.uuid, &record())
            .expect("delete");
        assert!(store.load_construction_projects().expect("load").is_empty());
        // Deleting it again names it.
        assert!(
            store
                .delete_construction_project(&p.uuid, &record())
                .is_err()
        );
    }

    #[test]
    fn a_buildings_main_unit_round_trips() {
        let dir = tempfile::tempdir().expect("dir");
        let (project, mut store) = crate::store::sample_store(dir.path());
        let record = ChangeRecord {
            action: crate::model::ChangeAction::EditBuilding,
            summary: "test".into(),
            detail: String::new(),
        };
        let mut b = project.buildings[3].clone();
        let police = project
            .units
            .iter()
            .find(|u| u.name == "县公安局")
            .expect("unit");
        b.main_user = UnitRef::unit(police);
        store.update_building(&b, &record).expect("update");
        assert_eq!(store.load_project().expect("load").buildings[3], b);
        b.main_user = UnitRef::named("市公安局示范分局");
        store.update_building(&b, &record).expect("update");
        assert_eq!(
            store.load_project().expect("load").buildings[3].main_user,
            UnitRef::named("市公安局示范分局")
        );
    }

    /// A file as version 7 wrote it opens with no construction projects and no buildings'
    /// 主要使用单位, and takes new ones.
    #[test]
    fn a_version_7_file_gets_the_table_and_the_columns() {
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
             INSERT INTO sites (uuid, name) VALUES ('00000000-0000-0000-0000-000000000001', '县公安局院');
             INSERT INTO buildings (uuid, site_id, name, title_status) VALUES
                ('00000000-0000-0000-0000-000000000002', 1, '业务技术楼', 'registered');",
        )
        .expect("rows");
        drop(conn);
        let mut store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(7));
        let project = store.load_project().expect("project");
        assert!(project.construction_projects.is_empty());
        assert!(project.buildings[0].main_user.is_empty());
        store
            .insert_construction_project(&archive(), &record())
            .expect("insert");
        assert_eq!(store.load_construction_projects().expect("load").len(), 1);
    }
}
