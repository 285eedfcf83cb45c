//! A batch of merges (汇总 of many packages) in ONE transaction, each merge a savepoint in
//! it: a refused or stopped package is rolled back alone, a kill leaves the file before the
//! batch or after it, and the disk is synced once instead of once a package.

use rusqlite::Connection;

use super::merge::detach;
use super::{Store, StoreError};

/// A batch of merges in one transaction ([`Store::begin_merge_batch`]). SQLite keeps a
/// file attached in a transaction read-locked until the commit, so each merge attaches its
/// package (and base) under names of its own, and they are detached after the commit.
#[derive(Debug, Default)]
pub(super) struct MergeBatch {
    /// The schemas attached by the batch's merges.
    pub(super) attached: Vec<String>,
    /// The folders of the bases written for them (they stay until the detach).
    pub(super) folders: Vec<tempfile::TempDir>,
    /// Merges that attached something, for the names.
    pub(super) merges: usize,
}

impl Store {
    /// Starts a batch of merges: one transaction for every merge until
    /// [`Store::commit_merge_batch`], each merge (and [`Store::apply_pending`]) a savepoint
    /// in it that a refused or stopped package rolls back alone. A kill leaves the file
    /// before the batch or after it, and the batch syncs the disk once, not once a package.
    pub fn begin_merge_batch(&mut self) -> Result<(), StoreError> {
        self.ensure_writable()?;
        if self.merge_batch.is_some() {
            return Ok(());
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.sql_error(e))?;
        self.merge_batch = Some(MergeBatch::default());
        Ok(())
    }

    /// Whether the batch's transaction can take one more merge: a merge attaches up to two
    /// files, which stay attached until the commit (SQLite's limit is build-time,
    /// `SQLITE_MAX_ATTACHED`). Always true outside a batch.
    pub fn merge_batch_has_room(&self) -> bool {
        let Some(batch) = &self.merge_batch else {
            return true;
        };
        let limit = self
            .conn
            .limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED)
            .map_or(0, |n| usize::try_from(n).unwrap_or(0));
        batch.attached.len() + 2 <= limit
    }

    /// Whether the batch's transaction is still open: SQLite rolls a whole transaction back
    /// by itself after some errors (a full disk, an I/O error), and with it every merge of
    /// the batch so far.
    pub fn merge_batch_is_open(&self) -> bool {
        self.merge_batch.is_none() || !self.conn.is_autocommit()
    }

    /// Commits the batch's merges (detaching their files). An error means nothing of the
    /// batch was written (it is rolled back).
    pub fn commit_merge_batch(&mut self) -> Result<(), StoreError> {
        let Some(batch) = self.merge_batch.take() else {
            return Ok(());
        };
        let result = if self.conn.is_autocommit() {
            Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
                Some("the merges' transaction was rolled back".into()),
            ))
        } else {
            self.conn.execute_batch("COMMIT")
        };
        if result.is_err() && !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK").ok();
        }
        for name in &batch.attached {
            detach(&self.conn, name);
        }
        result.map_err(|e| self.sql_error(e))
    }

    /// Rolls the batch's merges back (detaching their files).
    pub fn rollback_merge_batch(&mut self) {
        let Some(batch) = self.merge_batch.take() else {
            return;
        };
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK").ok();
        }
        for name in &batch.attached {
            detach(&self.conn, name);
        }
    }
}

/// A merge's deferred foreign keys, checked before its savepoint is released: inside a
/// batch SQLite would find a broken reference only at the batch's commit, which would then
/// lose every package of the batch for one package's fault.
pub(super) fn refuse_broken_references(conn: &Connection) -> rusqlite::Result<()> {
    let (mut current, mut highest) = (0, 0);
    // SAFETY: the handle is the open connection's, used on its own thread for this call
    // only; sqlite3_db_status writes the two integers it is given.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_db_status(
            conn.handle(),
            rusqlite::ffi::SQLITE_DBSTATUS_DEFERRED_FKS,
            &mut current,
            &mut highest,
            0,
        )
    };
    if rc == rusqlite::ffi::SQLITE_OK && current == 0 {
        return Ok(());
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
        Some("FOREIGN KEY constraint failed".into()),
    ))
}
