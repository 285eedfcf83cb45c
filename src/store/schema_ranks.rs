//! Schema step 7 → 8 (issue #14): a person's 职级 (2019 公务员职级) as given and whether it
//! stands alone, the 党政正职 flag, and a unit's 高配 (表3 note 1).
//!
//! Only added columns. `party_government_head` is nullable: a file from before this step has no
//! flag, and a person read from it takes the title's hint (县委书记, 县长 …) once, so its toilet
//! findings do not change; the next write stores the flag.

/// The step's SQL.
pub(super) const RANKS: &str = r#"
ALTER TABLE persons ADD COLUMN rank TEXT;
ALTER TABLE persons ADD COLUMN rank_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN party_government_head INTEGER;
ALTER TABLE units ADD COLUMN rank_step TEXT;
"#;

#[cfg(test)]
mod tests {
    use crate::model::{Grade, OrganCategory, Person, UnitStep};
    use crate::store::Store;
    use crate::store::schema::MIGRATIONS;

    /// A file as version 7 wrote it: a 县委书记 and a 副县长, no 职级, no flag, no 高配.
    #[test]
    fn a_version_7_file_opens_with_the_flag_from_the_title() {
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
                ('00000000-0000-0000-0000-000000000001', '中共示范县委员会', 'county', 'organ');
             INSERT INTO persons (uuid, name, grade, title, unit_id, status) VALUES
                ('00000000-0000-0000-0000-000000000003', '马娟琳', '131', '中共示范县委书记', 1, 'in_post'),
                ('00000000-0000-0000-0000-000000000004', '邓艳', '132', '副县长', 1, 'in_post');",
        )
        .expect("rows");
        drop(conn);
        let store = Store::open(&path).expect("open");
        assert_eq!(store.migrated_from().map(|m| m.0), Some(7));
        let persons = store.load_persons().expect("persons");
        let flags: Vec<(&str, bool, &str, bool)> = persons
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.party_government_head,
                    p.rank.as_str(),
                    p.rank_only,
                )
            })
            .collect();
        assert_eq!(
            flags,
            [("马娟琳", true, "", false), ("邓艳", false, "", false)]
        );
        let units = store.load_units().expect("units");
        assert_eq!(units[0].rank_step, None);
    }

    /// The new columns round-trip: a 职级 alone, a 职级 beside a grade, a flag set against
    /// the title's hint, and a 副省级 city.
    #[test]
    fn ranks_flags_and_steps_round_trip() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("r.gpkg");
        let mut project =
            crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded)
                .expect("sample");
        let unit = project.units.first().expect("unit").uuid;
        if let Some(u) = project.units.first_mut() {
            u.organ_category = OrganCategory::City;
            u.rank_step = Some(UnitStep::SubProvincial);
        }
        let mut alone = Person::new(unit, "甲", Grade::SectionChief);
        alone.rank = "一级主任科员".into();
        alone.rank_only = true;
        let mut beside = Person::new(unit, "乙", Grade::SectionDeputy);
        beside.rank = "二级调研员".into();
        let mut head = Person::new(unit, "丙", Grade::DivisionChief);
        head.title = "第一书记".into();
        head.party_government_head = true;
        project
            .persons
            .extend([alone.clone(), beside.clone(), head.clone()]);
        let mut store = Store::create(&path, &project, Default::default()).expect("create");
        let check = |store: &Store, people: &[&Person], step| {
            let persons = store.load_persons().expect("persons");
            for p in people {
                let back = persons.iter().find(|q| q.uuid == p.uuid).expect("person");
                assert_eq!(back, *p);
            }
            let units = store.load_units().expect("units");
            assert_eq!(units[0].rank_step, step);
        };
        check(
            &store,
            &[&alone, &beside, &head],
            Some(UnitStep::SubProvincial),
        );
        // Through the organisation write path (the app's edits): flags cleared, step changed.
        let mut organisation = crate::model::Organisation {
            units: project.units.clone(),
            persons: project.persons.clone(),
            room_units: project
                .rooms
                .iter()
                .flat_map(|r| r.units.iter().map(|u| (r.uuid, *u)))
                .collect(),
        };
        for p in organisation.persons.iter_mut() {
            if p.uuid == head.uuid {
                p.party_government_head = false;
            }
        }
        if let Some(u) = organisation.units.first_mut() {
            u.rank_step = Some(UnitStep::SubPrefecture);
        }
        let record = crate::store::ChangeRecord {
            action: crate::model::ChangeAction::EditPerson,
            summary: "t".into(),
            detail: String::new(),
        };
        store
            .replace_organisation(&organisation, &record)
            .expect("write");
        let mut head = head.clone();
        head.party_government_head = false;
        check(
            &store,
            &[&alone, &beside, &head],
            Some(UnitStep::SubPrefecture),
        );
    }
}
