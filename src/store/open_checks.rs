//! The whole-file checks of an open file — SQLite's `quick_check` (the file is whole even
//! when another program wrote it, issue #11) and the search for dangling links — run in the
//! background for the app, so that a province opens in the time its aggregates take to read.
//!
//! Each check reads the whole file: 1.4 s of the 1.9 s an open of 1M rooms took. They still
//! run on every open, on a second, read-only connection, while the app shows the navigator.
//! Until they have passed the writer's connection stays `query_only` (SQLite itself refuses a
//! write), and the first write waits for them ([`Store::ensure_writable`]): a damaged file is
//! never written, and dangling links are set aside before anything else is written. A damaged
//! file becomes read-only when the checks end, with its reason, as [`Store::open`] makes it.
//!
//! Why not skip the checks when nothing seems to have changed since our last write (the
//! header's change counter, a fingerprint of row counts)? A file damaged without SQLite — a
//! copy cut short, a sync tool, a bad disk — keeps its counter and its fingerprint: only
//! reading every page finds it.

use std::path::Path;
use std::thread::JoinHandle;

use super::connection::{self, Access};
use super::{OpenError, SetAside, Store, StoreError};

/// The checks of an open file not settled yet.
#[derive(Debug)]
pub(super) enum PendingChecks {
    /// Running on their own connection.
    Running(JoinHandle<Result<Findings, StoreError>>),
    /// They could not run there (a lock held by another program, the file unreadable):
    /// run on the writer's connection by the next write.
    Again,
}

/// What the checks found.
#[derive(Debug)]
pub(super) struct Findings {
    /// `Some` with the reason when `quick_check` failed.
    damage: Option<String>,
    /// The dangling links (counted only: they are moved by the writer).
    dangling: SetAside,
}

impl Store {
    /// Opens a project file as [`Store::open`] does, but with its whole-file checks started
    /// on a second connection instead of run before returning (see the module's comment):
    /// what the app does to show a province at once. Until they end, the file is written by
    /// nothing and a write waits for them; [`Store::poll_checks`] settles them when they have
    /// ended. A file that needs a migration, is read-only or was left in WAL mode is opened
    /// by [`Store::open`], checks first.
    pub fn open_checking_in_background(path: &Path) -> Result<Store, OpenError> {
        let owned = path.to_path_buf();
        let access = super::open::access_for(&owned)?;
        if access != Access::ReadWrite || super::open::left_in_wal_mode(&owned)? {
            return Store::open(path);
        }
        let sqlite = |e: rusqlite::Error| OpenError::from_sqlite(&owned, &e);
        let conn = connection::connect(&owned, access).map_err(sqlite)?;
        // Nothing is written until the checks have passed (settle_checks lifts this).
        conn.execute_batch("PRAGMA query_only = 1")
            .map_err(sqlite)?;
        let found = super::open::supported_schema(&owned, &conn)?;
        if found < super::schema::SCHEMA_VERSION {
            drop(conn);
            return Store::open(path);
        }
        let checked = owned.clone();
        let handle = std::thread::Builder::new()
            .name("officeplan-file-check".into())
            .spawn(move || run_checks(&checked))
            .map_err(|source| OpenError::Unreadable {
                path: owned.clone(),
                source,
            })?;
        Ok(Store {
            conn,
            path: owned,
            read_only: false,
            migrated_from: None,
            damage: None,
            set_aside: SetAside::default(),
            merge_batch: None,
            checks: Some(PendingChecks::Running(handle)),
        })
    }

    /// Whether the whole-file checks of the open are still to be settled.
    pub fn checks_pending(&self) -> bool {
        self.checks.is_some()
    }

    /// Settles the whole-file checks if they have ended (without waiting): `true` when this
    /// call settled them — [`Store::damage`] and [`Store::set_aside`] then say what they
    /// found. An error (setting dangling links aside) leaves them to the next write.
    pub fn poll_checks(&mut self) -> Result<bool, StoreError> {
        match &self.checks {
            Some(PendingChecks::Running(handle)) if handle.is_finished() => {
                self.settle_checks()?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Waits for the whole-file checks and acts on what they found: a damaged file becomes
    /// read-only, a whole one becomes the writer and
    /// its dangling links are set aside.
    pub(super) fn settle_checks(&mut self) -> Result<(), StoreError> {
        let Some(pending) = self.checks.take() else {
            return Ok(());
        };
        let findings = match pending {
            PendingChecks::Running(handle) => handle.join().ok().and_then(Result::ok),
            PendingChecks::Again => None,
        };
        let findings = match findings {
            Some(findings) => findings,
            // Checked on the writer's connection (still query_only) instead.
            None => match checks_on(&self.path, &self.conn) {
                Ok(findings) => findings,
                Err(e) => {
                    self.checks = Some(PendingChecks::Again);
                    return Err(e);
                }
            },
        };
        let sql = |e: rusqlite::Error| StoreError::from_sqlite(&self.path, e);
        if let Some(reason) = findings.damage {
            // The connection stays `query_only`: nothing of ours writes to it. (Reopening it
            // read-only, as Store::open does, would restart its data_version, which the app
            // compares to notice other programs' writes.)
            self.read_only = true;
            self.damage = Some(reason);
            return Ok(());
        }
        let writer = self
            .conn
            .execute_batch("PRAGMA query_only = 0")
            .and_then(|()| connection::configure_writer(&self.conn));
        if let Err(e) = writer {
            self.checks = Some(PendingChecks::Again);
            return Err(sql(e));
        }
        self.set_aside = if findings.dangling.tables.is_empty() {
            findings.dangling
        } else {
            match super::orphans::set_aside(&mut self.conn) {
                Ok(moved) => moved,
                Err(e) => {
                    self.conn.execute_batch("PRAGMA query_only = 1").ok();
                    self.checks = Some(PendingChecks::Again);
                    return Err(sql(e));
                }
            }
        };
        Ok(())
    }
}

/// The checks on a connection of their own (read-only).
fn run_checks(path: &Path) -> Result<Findings, StoreError> {
    let conn = connection::connect(path, Access::ReadOnly)
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    checks_on(path, &conn)
}

/// `quick_check`, then (on a whole file) the count of dangling links.
fn checks_on(path: &Path, conn: &rusqlite::Connection) -> Result<Findings, StoreError> {
    let damage = super::open::quick_check(path, conn).map_err(|e| match e {
        OpenError::InUse { path } => StoreError::InUse { path },
        other => StoreError::Damaged {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    })?;
    let dangling = match damage {
        Some(_) => SetAside::default(),
        None => super::orphans::count(conn).map_err(|e| StoreError::from_sqlite(path, e))?,
    };
    Ok(Findings { damage, dangling })
}
