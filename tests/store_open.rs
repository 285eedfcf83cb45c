//! Opening files that are not ours, newer, damaged or write-protected: a typed error with the
//! file named, and the file's bytes unchanged.

use std::path::{Path, PathBuf};

use officeplan::store::{CreateOptions, OpenError, RoomPatch, Store, StoreError};
use officeplan::synth::{GenerateOptions, generate};

fn small_project_file(dir: &Path) -> PathBuf {
    let path = dir.join("project.gpkg");
    let project = generate(GenerateOptions {
        rooms: 300,
        seed: 3,
        large_floor_rooms: 0,
    });
    let store = Store::create(&path, &project, CreateOptions::default()).unwrap();
    drop(store);
    path
}

/// Opens `path`, expects an error, and checks the bytes did not change.
fn open_fails_without_touching(path: &Path) -> OpenError {
    let before = std::fs::read(path).unwrap();
    let error = Store::open(path).unwrap_err();
    let after = std::fs::read(path).unwrap();
    assert!(
        before == after,
        "{} was modified by a failed open",
        path.display()
    );
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
    error
}

#[test]
fn a_plain_sqlite_file_is_not_a_geopackage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.gpkg");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert!(matches!(
        open_fails_without_touching(&path),
        OpenError::NotGeoPackage { .. }
    ));
}

#[test]
fn a_foreign_geopackage_is_not_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("foreign.gpkg");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
            definition TEXT NOT NULL, description TEXT);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
            identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME,
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
         CREATE TABLE roads (fid INTEGER PRIMARY KEY, geom BLOB);",
    )
    .unwrap();
    drop(conn);
    let error = open_fails_without_touching(&path);
    assert!(matches!(error, OpenError::NotOurs { .. }), "{error:?}");
}

#[test]
fn a_text_file_renamed_gpkg_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.gpkg");
    std::fs::write(&path, "房间号,面积\n301,25.84\n".repeat(20)).unwrap();
    assert!(matches!(
        open_fails_without_touching(&path),
        OpenError::NotSqlite { .. }
    ));
    let empty = dir.path().join("empty.gpkg");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        open_fails_without_touching(&empty),
        OpenError::NotSqlite { .. }
    ));
}

#[test]
fn a_truncated_copy_is_never_written() {
    // Issue 11 #9: no length check of our own; SQLite reads the missing pages as zeros,
    // `quick_check` fails, and the file opens read-only as damaged (or, when even its
    // schema is gone, is refused) — never written either way.
    let dir = tempfile::tempdir().unwrap();
    let original = small_project_file(dir.path());
    let bytes = std::fs::read(&original).unwrap();
    let path = dir.path().join("truncated.gpkg");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Ok(store) => {
            assert!(store.is_read_only());
            assert!(store.damage().is_some());
        }
        Err(error) => assert!(matches!(error, OpenError::Corrupt { .. }), "{error:?}"),
    }
    assert!(
        before == std::fs::read(&path).unwrap(),
        "a truncated file was written"
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_project_file(dir.path());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE officeplan_meta SET value = '99' WHERE key = 'schema_version'",
        [],
    )
    .unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    match open_fails_without_touching(&path) {
        OpenError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(found, 99);
            assert_eq!(supported, officeplan::store::schema::SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
}

#[test]
fn a_read_only_file_opens_read_only_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_project_file(dir.path());
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let before = std::fs::read(&path).unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        assert!(store.is_read_only());
        let index = store.load_index().unwrap();
        assert_eq!(index.totals.total().rooms, 300);
        let room = store.load_floor_rooms(&index.floors[0].floor.uuid).unwrap()[0].uuid;
        let record = officeplan::store::ChangeRecord {
            action: officeplan::model::ChangeAction::RenameRoom,
            summary: String::new(),
            detail: String::new(),
        };
        let refused = store.patch_room(
            &room,
            &RoomPatch {
                name: Some("新名称".into()),
                ..Default::default()
            },
            &record,
        );
        assert!(matches!(refused, Err(StoreError::ReadOnly { .. })));
    }
    assert!(
        before == std::fs::read(&path).unwrap(),
        "a read-only file was modified"
    );
}

#[test]
fn an_older_schema_is_migrated_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.gpkg");
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(officeplan::store::schema::MIGRATIONS[0])
            .unwrap();
        conn.execute_batch(
            "INSERT INTO officeplan_meta (key, value) VALUES ('application', 'officeplan'), ('schema_version', '1');",
        )
        .unwrap();
    }
    let store = Store::open(&old).unwrap();
    let (from, backup) = store.migrated_from().cloned().unwrap();
    assert_eq!(from, 1);
    // Migrated through every step to this build's schema: the change log (2), scenarios (3).
    assert_eq!(
        store.meta("schema_version").unwrap().as_deref(),
        Some(
            officeplan::store::schema::SCHEMA_VERSION
                .to_string()
                .as_str()
        )
    );
    assert!(store.change_log(10).unwrap().is_empty());
    assert!(store.scenarios().unwrap().is_empty());
    // The backup is the old file: schema 1, without the change log.
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let version: String = conn
        .query_row(
            "SELECT value FROM officeplan_meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, "1");
    let has_log: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'change_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(has_log, 0);
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.gpkg");
    let error = Store::open(&path).unwrap_err();
    assert!(matches!(error, OpenError::NotFound { .. }));
    assert!(error.to_string().contains("nowhere.gpkg"));
    assert!(!path.exists(), "opening must not create the file");
}

/// A rename of the first room of the first floor, through the store.
fn rename_first_room(store: &mut Store) -> Result<(), StoreError> {
    let index = store.load_index()?;
    let room = store.load_floor_rooms(&index.floors[0].floor.uuid)?[0].uuid;
    let record = officeplan::store::ChangeRecord {
        action: officeplan::model::ChangeAction::RenameRoom,
        summary: String::new(),
        detail: String::new(),
    };
    store.patch_room(
        &room,
        &RoomPatch {
            name: Some("新名称".into()),
            ..Default::default()
        },
        &record,
    )
}

#[test]
fn checks_in_the_background_pass_before_the_first_write_and_set_dangling_links_aside() {
    // The app's open: the whole-file checks run behind the navigator; the first write
    // waits for them, and the links another program left dangling are set aside first.
    let dir = tempfile::tempdir().unwrap();
    let path = small_project_file(dir.path());
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Deleted as the sqlite3 shell does (foreign keys off): its unit links stay behind.
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    // The room's unit links and seats (room_units, room_persons) are what dangles.
    let dangling: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM room_units WHERE room_id = r.fid)
                  + (SELECT count(*) FROM room_persons WHERE room_id = r.fid)
             FROM rooms r WHERE r.fid = (SELECT min(room_id) FROM room_units)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(dangling > 0);
    conn.execute(
        "DELETE FROM rooms WHERE fid = (SELECT min(room_id) FROM room_units)",
        [],
    )
    .unwrap();
    drop(conn);

    let mut store = Store::open_checking_in_background(&path).unwrap();
    assert!(!store.is_read_only());
    // 300 generated rooms, one deleted by the other program.
    assert_eq!(store.load_index().unwrap().totals.total().rooms, 299);
    rename_first_room(&mut store).unwrap();
    assert!(!store.checks_pending());
    assert!(store.damage().is_none());
    assert_eq!(store.set_aside().total(), dangling as usize);
    assert!(store.set_aside().moved);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM officeplan_orphan_links", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, dangling);
}

#[test]
fn a_damaged_file_opened_with_checks_in_the_background_is_never_written() {
    // The root page of `rooms` overwritten: the file still opens (its schema and meta are
    // whole, the navigator reads the floor totals), `quick_check` fails behind it, and the
    // first write is refused as damaged; the file's bytes never change.
    let dir = tempfile::tempdir().unwrap();
    let path = small_project_file(dir.path());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (root, page_size): (i64, i64) = conn
        .query_row(
            "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master
             WHERE name = 'rooms'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&path).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    let end = start + usize::try_from(page_size).unwrap();
    bytes[start..end].fill(0xAB);
    std::fs::write(&path, &bytes).unwrap();

    let mut store = Store::open_checking_in_background(&path).unwrap();
    let record = officeplan::store::ChangeRecord {
        action: officeplan::model::ChangeAction::SetRegion,
        summary: String::new(),
        detail: String::new(),
    };
    let settings = store.load_region_settings().unwrap();
    let refused = store.set_region_settings(&settings, &record);
    assert!(
        matches!(refused, Err(StoreError::Damaged { .. })),
        "{refused:?}"
    );
    assert!(!store.checks_pending());
    assert!(store.is_read_only());
    assert!(store.damage().is_some());
    // Writes stay refused, as after Store::open of a damaged file.
    let again = store.set_region_settings(&settings, &record);
    assert!(
        matches!(again, Err(StoreError::Damaged { .. })),
        "{again:?}"
    );
    drop(store);
    assert!(
        bytes == std::fs::read(&path).unwrap(),
        "a damaged file was written"
    );
}
