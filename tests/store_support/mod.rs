//! What the store's file tests share (included with `mod store_support;`): the sample
//! written to a folder, the files SQLite may put beside it, permissions.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use officeplan::io::sample::{SampleSource, build_project};
use officeplan::model::ChangeAction;
use officeplan::model::{Room, RoomStatus, Uuid};
use officeplan::store::{
    ChangeRecord, CreateOptions, ScenarioInfo, ScenarioRecord, Store, StoreError,
};

/// A change-log record; `action` is a stored code (an unknown one is logged as a room edit).
pub fn record(action: &str) -> ChangeRecord {
    ChangeRecord {
        action: ChangeAction::parse(action).unwrap_or(ChangeAction::SetRoom),
        summary: action.into(),
        detail: String::new(),
    }
}

/// The bundled sample (450 rooms, 32 units, 326 persons: sample_plans/README.md) at
/// `dir/name`, written and closed.
pub fn sample_at(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let project = build_project(&SampleSource::Embedded).expect("sample");
    drop(Store::create(&path, &project, CreateOptions::default()).expect("create"));
    path
}

pub fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Which of `-wal`, `-shm`, `-journal` lie beside `path`.
pub fn side_files(path: &Path) -> Vec<&'static str> {
    ["-wal", "-shm", "-journal"]
        .into_iter()
        .filter(|s| side(path, s).exists())
        .collect()
}

/// Byte 18 of the SQLite header: 1 for the rollback journal, 2 for WAL.
pub fn header_write_version(path: &Path) -> u8 {
    std::fs::read(path).expect("read")[18]
}

pub fn set_wal(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .expect("wal");
    assert_eq!(mode, "wal");
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A copy of a room on `floor` with a new UUID and number, no units: a room a user draws.
pub fn new_room_like(template: &Room, number: &str) -> Room {
    Room {
        uuid: Uuid::now_v7(),
        number: number.into(),
        name: "新建档案室".into(),
        status: RoomStatus::InUse,
        status_since: None,
        units: Vec::new(),
        ..template.clone()
    }
}

/// Writes a new, empty scenario straight through the store.
pub fn new_scenario(store: &mut Store, uuid: &Uuid, name: &str) -> Result<(), StoreError> {
    let scenario = ScenarioRecord {
        info: ScenarioInfo {
            uuid: *uuid,
            name: name.to_owned(),
            note: String::new(),
            created_at: String::new(),
            created_by: String::new(),
            base_version: 0,
            applied_at: None,
            moves: 0,
        },
        moves: Vec::new(),
    };
    store.insert_scenario(&scenario, &record("scenario.new"))
}

/// xorshift64*: the same numbers from the same seed (reproducible crash and fuzz cases),
/// without a crate.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 for `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
