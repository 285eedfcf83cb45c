//! A county's first package: every row of [`SPECS`] inserted, parents first, with the
//! province's own ids (a county's ids never enter the province, so two counties never
//! collide). The spatial indexes take the package's boxes.
//!
//! Every row is new to the province (a UUID it already has is refused), so the province's
//! id of a package row is the package's id shifted past every id the province's table has
//! used (its largest id and its `AUTOINCREMENT` counter): one shift per table. A reference
//! is mapped by the shift of the table it names — no UUID is looked up, which is what made
//! a merge slow: each reference was a search of a million-row UUID index.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension as _};

use super::merge::MergeOutcome;
use super::merge_tables::{SPECS, Spec, copied_columns, pk_of};
use super::{StoreError, sql_error};

/// Per table: what is added to a package id to give the province's id.
type Shifts = HashMap<&'static str, i64>;

/// The SQL expression giving the province's id for a package reference `x.column` to
/// `table`: the package row's id shifted (NULL when the package has no such row).
fn mapped_reference(pkg: &str, column: &str, table: &str, shifts: &Shifts) -> String {
    let pk = pk_of(table);
    let shift = shifts.get(table).copied().unwrap_or(0);
    format!("(SELECT p.{pk} + {shift} FROM {pkg}.{table} p WHERE p.{pk} = x.{column})")
}

/// A county's first package (attached as `pkg`): every row inserted, parents first.
/// Returns whether it was stopped.
pub(super) fn insert_all(
    tx: &Connection,
    path: &Path,
    pkg: &str,
    region_id: i64,
    outcome: &mut MergeOutcome,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<bool, StoreError> {
    let sql = sql_error(path);
    let shifts = shifts(tx, path, pkg)?;
    // The spatial indexes' triggers would read every inserted geometry four times (ST_MinX
    // …); the package's own index has the boxes. The triggers (ours, or GDAL's) are taken
    // off for the inserts and put back as they were, in the same transaction.
    let triggers = spatial_triggers(tx).map_err(sql)?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))
            .map_err(sql)?;
    }
    let total = SPECS.len() as f32;
    for (i, spec) in SPECS.iter().enumerate() {
        if !progress(i as f32 / total) {
            return Ok(true);
        }
        match insert_table(tx, pkg, spec, region_id, &shifts) {
            Ok(n) => outcome.inserted += n,
            Err(e) if is_unique_violation(&e) => return Err(duplicate(tx, path, pkg, e)),
            Err(e) => return Err(sql(e)),
        }
    }
    copy_spatial_index(tx, pkg, &shifts).map_err(sql)?;
    for (_, create) in &triggers {
        tx.execute_batch(create).map_err(sql)?;
    }
    Ok(!progress(1.0))
}

/// The shift of every package table: past the largest id the province's table has, and
/// past its `AUTOINCREMENT` counter (ids are never handed out twice).
fn shifts(tx: &Connection, path: &Path, pkg: &str) -> Result<Shifts, StoreError> {
    let sql = sql_error(path);
    let has_sequence: bool = tx
        .query_row(
            "SELECT count(*) FROM main.sqlite_master WHERE name = 'sqlite_sequence'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(sql)?
        > 0;
    let mut shifts = Shifts::new();
    for spec in SPECS {
        let (t, pk) = (spec.name, spec.pk);
        let there: i64 = tx
            .query_row(
                &format!(
                    "SELECT count(*) FROM {pkg}.sqlite_master WHERE type = 'table' AND name = ?1"
                ),
                [t],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if there == 0 {
            continue;
        }
        let sequence = if has_sequence {
            format!("(SELECT seq FROM main.sqlite_sequence WHERE name = '{t}')")
        } else {
            "0".to_owned()
        };
        let (used, low, high): (i64, Option<i64>, Option<i64>) = tx
            .query_row(
                &format!(
                    "SELECT max(coalesce((SELECT max({pk}) FROM main.{t}), 0), coalesce({sequence}, 0)),
                        (SELECT min({pk}) FROM {pkg}.{t}), (SELECT max({pk}) FROM {pkg}.{t})"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(sql)?;
        let (Some(low), Some(high)) = (low, high) else {
            shifts.insert(t, 0); // nothing to insert
            continue;
        };
        // Ids so large that the shifted ones would not fit in SQLite's 64 bits.
        let shift = used
            .checked_add(1)
            .and_then(|first| first.checked_sub(low))
            .filter(|shift| high.checked_add(*shift).is_some())
            .ok_or_else(|| StoreError::BadValue {
                path: path.to_path_buf(),
                table: t,
                row: high,
                column: pk,
                value: high.to_string(),
            })?;
        shifts.insert(t, shift);
    }
    Ok(shifts)
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// A package row whose UUID the province already has (under another region): two rows for
/// one thing, refused naming it. Looked for only when an insert failed on it.
fn duplicate(tx: &Connection, path: &Path, pkg: &str, error: rusqlite::Error) -> StoreError {
    for spec in SPECS.iter().filter(|s| s.is_entity()) {
        let taken: Option<String> = tx
            .query_row(
                &format!(
                    "SELECT x.uuid FROM {pkg}.{t} x WHERE x.uuid IN (SELECT uuid FROM main.{t}) LIMIT 1",
                    t = spec.name
                ),
                [],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten();
        if let Some(uuid) = taken {
            return StoreError::Duplicate {
                path: path.to_path_buf(),
                what: format!("{} {uuid}", spec.name),
            };
        }
    }
    sql_error(path)(error)
}

/// The triggers on the feature tables (name, SQL), which keep their spatial indexes.
fn spatial_triggers(tx: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = tx.prepare(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'
         AND tbl_name IN ('rooms', 'buildings') AND sql IS NOT NULL ORDER BY name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Fills the province's spatial indexes for the rows just inserted: from the package's own
/// index where it has one (its boxes under the shifted ids), else from the geometries.
fn copy_spatial_index(tx: &Connection, pkg: &str, shifts: &Shifts) -> rusqlite::Result<()> {
    for table in ["rooms", "buildings"] {
        let rtree = format!("rtree_{table}_geom");
        let here: i64 = tx.query_row(
            "SELECT count(*) FROM main.sqlite_master WHERE name = ?1",
            [&rtree],
            |r| r.get(0),
        )?;
        let Some(shift) = shifts.get(table).copied() else {
            continue;
        };
        if here == 0 {
            continue;
        }
        let there: i64 = tx.query_row(
            &format!("SELECT count(*) FROM {pkg}.sqlite_master WHERE name = ?1"),
            [&rtree],
            |r| r.get(0),
        )?;
        if there > 0 {
            tx.execute(
                &format!(
                    "INSERT OR REPLACE INTO main.{rtree}
                     SELECT r.id + {shift}, r.minx, r.maxx, r.miny, r.maxy
                     FROM {pkg}.{rtree} r JOIN {pkg}.{table} p ON p.fid = r.id"
                ),
                [],
            )?;
        } else {
            tx.execute(
                &format!(
                    "INSERT OR REPLACE INTO main.{rtree}
                     SELECT m.fid, ST_MinX(m.geom), ST_MaxX(m.geom), ST_MinY(m.geom), ST_MaxY(m.geom)
                     FROM {pkg}.{table} p JOIN main.{table} m ON m.fid = p.fid + {shift}
                     WHERE m.geom NOT NULL AND NOT ST_IsEmpty(m.geom)"
                ),
                [],
            )?;
        }
    }
    Ok(())
}

/// Copies every row of one package table under shifted ids; the number copied.
fn insert_table(
    tx: &Connection,
    pkg: &str,
    spec: &Spec,
    region_id: i64,
    shifts: &Shifts,
) -> rusqlite::Result<usize> {
    let columns = copied_columns(tx, spec, pkg)?;
    let Some(shift) = shifts.get(spec.name).copied() else {
        return Ok(0);
    };
    if columns.is_empty() {
        return Ok(0);
    }
    let mut names: Vec<String> = vec![spec.pk.to_owned()];
    let mut values: Vec<String> = vec![format!("x.{} + {shift}", spec.pk)];
    for c in &columns {
        names.push(c.clone());
        values.push(match spec.reference(c) {
            Some(target) => mapped_reference(pkg, c, target, shifts),
            None => format!("x.{c}"),
        });
    }
    if spec.region {
        names.push("region_id".to_owned());
        values.push(region_id.to_string());
    }
    tx.execute(
        &format!(
            "INSERT INTO main.{t} ({}) SELECT {} FROM {pkg}.{t} x ORDER BY x.{pk}",
            names.join(", "),
            values.join(", "),
            t = spec.name,
            pk = spec.pk
        ),
        [],
    )
}
