//! 汇总: a county's submission package (直报包) merged into a provincial file, in ONE
//! transaction with its change-log line, its bookkeeping and the package kept as the base of
//! the next merge: a crash leaves the file before or after the merge, never between.
//!
//! The first package of a county inserts it: its region row, then every table of
//! [`SPECS`] parents first, under the province's own ids (each table's package ids shifted
//! past the province's, references by the shift of the table they name: see
//! [`super::merge_first`]; a county's ids never reach it). A later package is
//! compared with the stored base by SQLite's session extension (a changeset, the format
//! geodiff uses) and each insert, update and delete is applied to the province's rows found
//! by UUID (see [`super::merge_diff`]).

use std::io::Write as _;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension as _, params};

use super::create::uuid_text;
use super::merge_tables::SPECS;
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::{Coded as _, Region};

/// A package to merge, as the caller has checked it (hash, region, date).
#[derive(Clone, Debug)]
pub struct MergeRequest<'a> {
    /// The package's GeoPackage (read only).
    pub package: &'a Path,
    /// The package's whole bytes (kept as the next merge's base).
    pub package_bytes: &'a [u8],
    /// The county's region, with its parent's code, from the package.
    pub region: &'a Region,
    /// The package's name (`省-市-县-<code>`), recorded.
    pub package_name: &'a str,
    pub sha256: &'a str,
    pub statistics_date: &'a str,
    pub created_at: &'a str,
    /// The manifest's counts as JSON, recorded.
    pub counts_json: &'a str,
    /// Apply the county's deletions (else they are recorded as pending).
    pub apply_deletions: bool,
    /// Take the county's value where both sides changed a field (else the province's stays).
    pub prefer_county: bool,
    /// Record the province's changes as a changeset whose inverse undoes the merge.
    pub record_undo: bool,
}

/// A field both the province and the county changed since the county's last package.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MergeConflict {
    pub table: String,
    pub uuid: String,
    pub field: String,
    /// The values as text (a blob as its size), for people; the file keeps them exactly.
    pub province: String,
    pub county: String,
    pub base: String,
}

/// A row the county deleted, not applied without consent.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PendingDeletion {
    pub table: String,
    pub uuid: String,
    /// The row's name or number, where it has one.
    pub label: String,
}

/// What a merge did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct MergeOutcome {
    pub region_code: String,
    pub region_name: String,
    /// The county's first package (everything inserted).
    pub first: bool,
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
    pub pending_deletions: Vec<PendingDeletion>,
    pub conflicts: Vec<MergeConflict>,
    /// The changeset that undoes the merge (when asked for), SQLite's session format.
    #[serde(skip)]
    pub undo: Option<Vec<u8>>,
}

/// The last merged package of a county.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmissionBase {
    pub sha256: String,
    pub statistics_date: String,
    pub created_at: String,
}

/// SQLite's page cache during a merge, KiB (the default is 2,000).
const MERGE_CACHE_KIB: i64 = 128 * 1024;

/// The tables a merge changes (recorded for its undo).
const BOOKKEEPING: &[&str] = &[
    "regions",
    "officeplan_submissions",
    "officeplan_submission_bases",
    "officeplan_merge_conflicts",
];

impl Store {
    /// The last merged package of the county with this code, if any.
    pub fn submission_base(&self, region_code: &str) -> Result<Option<SubmissionBase>, StoreError> {
        self.conn
            .query_row(
                "SELECT sha256, statistics_date, created_at FROM officeplan_submission_bases
                 WHERE region_code = ?1",
                [region_code],
                |r| {
                    Ok(SubmissionBase {
                        sha256: r.get(0)?,
                        statistics_date: r.get(1)?,
                        created_at: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sql_error(e))
    }

    /// Whether a package with this hash was merged (and not undone) for this county.
    pub fn was_merged(&self, region_code: &str, sha256: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT 1 FROM officeplan_submissions WHERE region_code = ?1 AND sha256 = ?2",
                [region_code, sha256],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.sql_error(e))
    }

    /// The county deletions recorded as pending (not applied), every county's.
    pub fn pending_deletions(&self) -> Result<Vec<(String, PendingDeletion)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT region_code, entity_table, entity_uuid, coalesce(county_value, '')
                 FROM officeplan_merge_conflicts WHERE kind = 'deletion' AND resolved = 0
                 ORDER BY id",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    PendingDeletion {
                        table: r.get(1)?,
                        uuid: r.get(2)?,
                        label: r
                            .get::<_, rusqlite::types::Value>(3)
                            .map(|v| super::merge_diff::display_value(&v))?,
                    },
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sql_error(e))?;
        Ok(rows)
    }

    /// Merges one package in one transaction (a savepoint of the batch's, in a batch) with
    /// `record` as its change-log line; `progress(fraction)` is called between tables and
    /// returns `false` to stop: the package's writes are then rolled back and the result
    /// is `None`.
    pub fn merge_package(
        &mut self,
        request: &MergeRequest<'_>,
        record: &ChangeRecord,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<Option<MergeOutcome>, StoreError> {
        self.ensure_writable()?;
        // The package kept as the next base is compressed on a second thread while the rows
        // go in (a tenth of a merge's time on one thread).
        std::thread::scope(|scope| {
            let mut deflating = Some(scope.spawn(|| deflate(request.package_bytes)));
            let mut compressed = move || match deflating.take().map(|h| h.join()) {
                Some(Ok(result)) => result,
                _ => Err(std::io::Error::other("deflate")),
            };
            self.merge_package_with(request, record, &mut compressed, progress)
        })
    }

    fn merge_package_with(
        &mut self,
        request: &MergeRequest<'_>,
        record: &ChangeRecord,
        compressed: &mut dyn FnMut() -> std::io::Result<Vec<u8>>,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<Option<MergeOutcome>, StoreError> {
        let path = self.path.clone();
        let sql = sql_error(&path);
        // The base, if the county was merged before, as a file the session can diff with.
        let base: Option<(Vec<u8>, String)> = self
            .conn
            .query_row(
                "SELECT package, compression FROM officeplan_submission_bases
                 WHERE region_code = ?1",
                [&request.region.code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sql)?;
        let temp = tempfile::tempdir().map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        let base_path = temp.path().join("base.gpkg");
        let changes = match &base {
            Some((bytes, compression)) => {
                std::fs::File::create(&base_path)
                    .and_then(|mut f| {
                        if compression == "deflate" {
                            let mut inflate = flate2::read::DeflateDecoder::new(bytes.as_slice());
                            std::io::copy(&mut inflate, &mut f).map(drop)
                        } else {
                            f.write_all(bytes)
                        }
                    })
                    .map_err(|source| StoreError::Io {
                        path: base_path.clone(),
                        source,
                    })?;
                // A base kept by an older build (an older schema) is diffed at ours: the
                // session compares tables column by column.
                let older = matches!(
                    Store::package_schema(&base_path),
                    Ok(super::PackageSchema::Older(_))
                );
                if older {
                    Store::migrate_package_copy(&base_path).map_err(|e| StoreError::Damaged {
                        path: path.clone(),
                        reason: format!("{}: {e}", request.region.code),
                    })?;
                }
                Some(
                    super::merge_changes::read_changes(request.package, &base_path)
                        .map_err(|e| StoreError::from_sqlite(request.package, e))?,
                )
            }
            None => None,
        };
        // In a batch the files stay attached (read-locked) until its commit.
        let (pkg, base_name) = match &mut self.merge_batch {
            Some(batch) => {
                batch.merges += 1;
                (
                    format!("pkg{}", batch.merges),
                    format!("base{}", batch.merges),
                )
            }
            None => ("pkg".to_owned(), "base".to_owned()),
        };
        attach(&self.conn, request.package, &pkg).map_err(sql)?;
        let mut attached = vec![pkg.clone()];
        let result = match base {
            Some(_) => attach(&self.conn, &base_path, &base_name)
                .map(|()| attached.push(base_name.clone()))
                .map_err(sql),
            None => Ok(()),
        }
        .and_then(|()| {
            let names = Attached {
                pkg: &pkg,
                base: &base_name,
            };
            self.merge_attached(
                request,
                record,
                changes.as_ref(),
                names,
                compressed,
                progress,
            )
        });
        match &mut self.merge_batch {
            Some(batch) => {
                // The package's pages are not read again: its cache back to a minimum.
                self.conn
                    .execute_batch(&format!("PRAGMA {pkg}.cache_size = 1"))
                    .ok();
                batch.attached.extend(attached);
                batch.folders.push(temp);
            }
            None => {
                for name in &attached {
                    detach(&self.conn, name);
                }
            }
        }
        result
    }

    fn merge_attached(
        &mut self,
        request: &MergeRequest<'_>,
        record: &ChangeRecord,
        changes: Option<&super::merge_changes::Changes>,
        names: Attached<'_>,
        compressed: &mut dyn FnMut() -> std::io::Result<Vec<u8>>,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<Option<MergeOutcome>, StoreError> {
        let path = self.path.clone();
        let sql = sql_error(&path);
        // A county's rows land all over the UUID indexes: with SQLite's default 2 MB cache
        // the transaction spills pages (and syncs the journal) again and again before the
        // commit. A larger cache for the merge, the default again after it.
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(sql)?;
        // A batch keeps the merge's cache from one package to the next.
        let own = cache != -MERGE_CACHE_KIB;
        if own {
            self.conn
                .execute_batch(&format!("PRAGMA cache_size = -{MERGE_CACHE_KIB}"))
                .map_err(sql)?;
        }
        let result = self.in_own_transaction(|store| {
            store.merge_in_transaction(request, record, changes, names, compressed, progress)
        });
        if own {
            self.conn
                .execute_batch(&format!("PRAGMA cache_size = {cache}"))
                .map_err(sql)?;
        }
        result
    }

    /// Keeps the merge's page cache between the merges of a batch (each merge would
    /// otherwise read the province's indexes again from the system).
    pub fn keep_merge_cache(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{MERGE_CACHE_KIB}"))
            .map_err(|e| self.sql_error(e))
    }

    fn merge_in_transaction(
        &mut self,
        request: &MergeRequest<'_>,
        record: &ChangeRecord,
        changes: Option<&super::merge_changes::Changes>,
        names: Attached<'_>,
        compressed: &mut dyn FnMut() -> std::io::Result<Vec<u8>>,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<Option<MergeOutcome>, StoreError> {
        let path = self.path.clone();
        let sql = sql_error(&path);
        // The transaction itself, or a savepoint of the batch's.
        let tx = self.conn.savepoint().map_err(sql)?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")
            .map_err(sql)?;
        let mut session = undo_session(&tx, request.record_undo).map_err(sql)?;
        let region_id = county_region_row(&tx, request.region).map_err(sql)?;
        let mut outcome = MergeOutcome {
            region_code: request.region.code.clone(),
            region_name: request.region.name.clone(),
            first: changes.is_none(),
            ..MergeOutcome::default()
        };
        let stopped = match changes {
            None => super::merge_first::insert_all(
                &tx,
                &path,
                names.pkg,
                region_id,
                &mut outcome,
                progress,
            )?,
            Some(changes) => super::merge_diff::apply_changes(
                super::merge_ids::Ids {
                    tx: &tx,
                    pkg: names.pkg,
                    base: names.base,
                },
                &path,
                region_id,
                request,
                changes,
                &mut outcome,
                progress,
            )?,
        };
        if stopped {
            drop(session);
            return Ok(None); // the transaction rolls back when dropped
        }
        if request.apply_deletions {
            super::merge_diff::apply_pending_deletions(&tx, &request.region.code, &mut outcome)
                .map_err(sql)?;
        }
        let package = compressed().map_err(|source| StoreError::Io {
            path: request.package.to_path_buf(),
            source,
        })?;
        record_submission(&tx, request, &outcome, package).map_err(sql)?;
        widen_extents(&tx, names.pkg).map_err(sql)?;
        outcome.undo = inverse_changeset(session.as_mut()).map_err(sql)?;
        drop(session);
        super::edit::log_change(&tx, record).map_err(sql)?;
        super::merge_batch::refuse_broken_references(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(Some(outcome))
    }

    /// Applies the deletions of a county left pending by earlier merges, in one
    /// transaction with `record` as its line; `None` (nothing written) when there are none.
    pub fn apply_pending(
        &mut self,
        region: &Region,
        record: &ChangeRecord,
        record_undo: bool,
    ) -> Result<Option<MergeOutcome>, StoreError> {
        self.ensure_writable()?;
        self.in_own_transaction(|store| {
            store.apply_pending_in_transaction(region, record, record_undo)
        })
    }

    /// `body` (which writes in a savepoint) in a transaction of its own begun IMMEDIATE,
    /// as every write is, committed when it returns something; in a batch, in the batch's.
    fn in_own_transaction<T>(
        &mut self,
        body: impl FnOnce(&mut Self) -> Result<Option<T>, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        if !self.conn.is_autocommit() {
            return body(self);
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.sql_error(e))?;
        let result = body(self);
        let commit = match &result {
            Ok(Some(_)) => self.conn.execute_batch("COMMIT"),
            _ => Ok(()),
        };
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK").ok();
        }
        commit.map_err(|e| self.sql_error(e))?;
        result
    }

    fn apply_pending_in_transaction(
        &mut self,
        region: &Region,
        record: &ChangeRecord,
        record_undo: bool,
    ) -> Result<Option<MergeOutcome>, StoreError> {
        let path = self.path.clone();
        let sql = sql_error(&path);
        let pending: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM officeplan_merge_conflicts
                 WHERE kind = 'deletion' AND resolved = 0 AND region_code = ?1",
                [&region.code],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if pending == 0 {
            return Ok(None);
        }
        // The transaction itself, or a savepoint of the batch's.
        let tx = self.conn.savepoint().map_err(sql)?;
        let mut session = undo_session(&tx, record_undo).map_err(sql)?;
        let mut outcome = MergeOutcome {
            region_code: region.code.clone(),
            region_name: region.name.clone(),
            ..MergeOutcome::default()
        };
        super::merge_diff::apply_pending_deletions(&tx, &region.code, &mut outcome).map_err(sql)?;
        update_extents(&tx).map_err(sql)?;
        outcome.undo = inverse_changeset(session.as_mut()).map_err(sql)?;
        drop(session);
        super::edit::log_change(&tx, record).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(Some(outcome))
    }

    /// Applies a changeset in one transaction with its change-log line: the undo of a merge
    /// (its inverse) or its redo. Rows already gone are skipped; a row changed since is
    /// refused (nothing written).
    pub fn apply_changeset(
        &mut self,
        changeset: &[u8],
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            use rusqlite::session::{ConflictAction, ConflictType};
            tx.apply_strm(
                &mut &changeset[..],
                None::<fn(&str) -> bool>,
                |kind, _item| match kind {
                    ConflictType::SQLITE_CHANGESET_NOTFOUND => {
                        ConflictAction::SQLITE_CHANGESET_OMIT
                    }
                    _ => ConflictAction::SQLITE_CHANGESET_ABORT,
                },
            )
            .map_err(sql_error(path))?;
            update_extents(tx).map_err(sql_error(path))
        })
    }
}

/// A session recording what a merge changes (for its undo), when asked for.
fn undo_session<'c>(
    tx: &'c Connection,
    record: bool,
) -> rusqlite::Result<Option<rusqlite::session::Session<'c>>> {
    if !record {
        return Ok(None);
    }
    let mut session = rusqlite::session::Session::new(tx)?;
    for table in SPECS
        .iter()
        .map(|s| s.name)
        .chain(BOOKKEEPING.iter().copied())
    {
        session.attach(Some(table))?;
    }
    Ok(Some(session))
}

/// The inverse of what the session recorded: the changeset that undoes it.
fn inverse_changeset(
    session: Option<&mut rusqlite::session::Session<'_>>,
) -> rusqlite::Result<Option<Vec<u8>>> {
    let Some(session) = session else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    session.changeset_strm(&mut bytes)?;
    let mut inverse = Vec::new();
    rusqlite::session::invert_strm(&mut bytes.as_slice(), &mut inverse)?;
    Ok(Some(inverse))
}

/// The schema names a merge's package and base are attached under.
#[derive(Clone, Copy)]
struct Attached<'a> {
    pkg: &'a str,
    base: &'a str,
}

fn attach(conn: &rusqlite::Connection, path: &Path, name: &str) -> rusqlite::Result<()> {
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS {name}"),
        [path.to_string_lossy()],
    )
    .map(drop)
}

pub(super) fn detach(conn: &rusqlite::Connection, name: &str) {
    conn.execute(&format!("DETACH DATABASE {name}"), []).ok();
}

/// The county's `regions` row in the province (inserted or brought up to date); its id.
fn county_region_row(tx: &Connection, region: &Region) -> rusqlite::Result<i64> {
    let mut buf = [0u8; 36];
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM regions WHERE code = ?1 AND id > (SELECT min(id) FROM regions)",
            [&region.code],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(id) => {
            tx.execute(
                "UPDATE regions SET name = ?1, level = ?2, parent_code = ?3 WHERE id = ?4
                 AND (name, level, parent_code) IS NOT (?1, ?2, ?3)",
                params![region.name, region.level.code(), region.parent_code, id],
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO regions (uuid, name, level, code, parent_code) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    uuid_text(&region.uuid, &mut buf),
                    region.name,
                    region.level.code(),
                    region.code,
                    region.parent_code
                ],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}

/// The merge's record: a submissions row, the package as the county's new base, the counts.
fn record_submission(
    tx: &Connection,
    request: &MergeRequest<'_>,
    outcome: &MergeOutcome,
    compressed: Vec<u8>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO officeplan_submissions (region_code, region_name, package, statistics_date,
            created_at, sha256, inserted, updated, deleted, pending_deletions, conflicts, counts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            request.region.code,
            request.region.name,
            request.package_name,
            request.statistics_date,
            request.created_at,
            request.sha256,
            outcome.inserted as i64,
            outcome.updated as i64,
            outcome.deleted as i64,
            outcome.pending_deletions.len() as i64,
            outcome.conflicts.len() as i64,
            request.counts_json
        ],
    )?;
    tx.execute(
        "INSERT INTO officeplan_submission_bases (region_code, sha256, statistics_date, created_at,
            compression, package)
         VALUES (?1, ?2, ?3, ?4, 'deflate', ?5)
         ON CONFLICT(region_code) DO UPDATE SET sha256 = excluded.sha256,
            statistics_date = excluded.statistics_date, created_at = excluded.created_at,
            compression = excluded.compression, package = excluded.package",
        params![
            request.region.code,
            request.sha256,
            request.statistics_date,
            request.created_at,
            compressed
        ],
    )?;
    Ok(())
}

/// A package as a base is kept: raw deflate, fast.
fn deflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut deflate = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::fast(),
    );
    deflate.write_all(bytes)?;
    deflate.finish()
}

/// The bounding boxes of the feature tables in `gpkg_contents` widened by the package's
/// (a merge adds the county's rows; what it removes may leave a box larger than the rows,
/// which GeoPackage allows).
fn widen_extents(tx: &Connection, pkg: &str) -> rusqlite::Result<()> {
    tx.execute(&format!(
        "UPDATE main.gpkg_contents SET
            min_x = min(coalesce(main.gpkg_contents.min_x, p.min_x), coalesce(p.min_x, main.gpkg_contents.min_x)),
            min_y = min(coalesce(main.gpkg_contents.min_y, p.min_y), coalesce(p.min_y, main.gpkg_contents.min_y)),
            max_x = max(coalesce(main.gpkg_contents.max_x, p.max_x), coalesce(p.max_x, main.gpkg_contents.max_x)),
            max_y = max(coalesce(main.gpkg_contents.max_y, p.max_y), coalesce(p.max_y, main.gpkg_contents.max_y))
         FROM {pkg}.gpkg_contents p
         WHERE p.table_name = main.gpkg_contents.table_name
           AND main.gpkg_contents.table_name IN ('rooms', 'buildings')"),
        [],
    )?;
    Ok(())
}

/// The bounding boxes of the feature tables in `gpkg_contents`, from their spatial indexes.
fn update_extents(tx: &Connection) -> rusqlite::Result<()> {
    for table in ["rooms", "buildings"] {
        tx.execute(
            &format!(
                "UPDATE gpkg_contents SET (min_x, max_x, min_y, max_y) =
                    (SELECT min(minx), max(maxx), min(miny), max(maxy) FROM rtree_{table}_geom)
                 WHERE table_name = '{table}'"
            ),
            [],
        )?;
    }
    Ok(())
}
