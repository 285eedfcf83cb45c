//! A county's first package: every row of [`SPECS`] inserted, parents first, with the
//! province's own ids; each reference mapped through the UUID of the row it names (a
//! county's ids never enter the province, so two counties never collide). The spatial
//! indexes take the package's boxes.

use std::path::Path;

use rusqlite::{OptionalExtension as _, Transaction};

use super::merge::MergeOutcome;
use super::merge_tables::{SPECS, Spec, copied_columns};
use super::{StoreError, sql_error};

/// The SQL expression giving the province's id for a package reference `x.column` to
/// `table`: the province's row with the UUID of the package's row.
fn mapped_reference(column: &str, table: &str) -> String {
    let pk = super::merge_tables::pk_of(table);
    format!(
        "(SELECT m.{pk} FROM main.{table} m WHERE m.uuid = \
         (SELECT p.uuid FROM pkg.{table} p WHERE p.{pk} = x.{column}))"
    )
}

/// A county's first package: every row inserted, parents first. Returns whether it was
/// stopped.
pub(super) fn insert_all(
    tx: &Transaction<'_>,
    path: &Path,
    region_id: i64,
    outcome: &mut MergeOutcome,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<bool, StoreError> {
    let sql = sql_error(path);
    // A UUID the province already has under another region would be two rows for one
    // thing: refused, naming it.
    for spec in SPECS.iter().filter(|s| s.is_entity()) {
        let taken: Option<String> = tx
            .query_row(
                &format!(
                    "SELECT x.uuid FROM pkg.{t} x WHERE x.uuid IN (SELECT uuid FROM main.{t}) LIMIT 1",
                    t = spec.name
                ),
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        if let Some(uuid) = taken {
            return Err(StoreError::Duplicate {
                path: path.to_path_buf(),
                what: format!("{} {uuid}", spec.name),
            });
        }
    }
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
        outcome.inserted += insert_table(tx, spec, region_id).map_err(sql)?;
    }
    copy_spatial_index(tx).map_err(sql)?;
    for (_, create) in &triggers {
        tx.execute_batch(create).map_err(sql)?;
    }
    // Parents may come after their children: linked once every unit is there.
    tx.execute(
        &format!(
            "UPDATE main.units SET parent_id = {} WHERE uuid IN \
             (SELECT uuid FROM pkg.units WHERE parent_id IS NOT NULL)",
            "(SELECT m.id FROM main.units m WHERE m.uuid = (SELECT pp.uuid FROM pkg.units pc \
             JOIN pkg.units pp ON pp.id = pc.parent_id WHERE pc.uuid = main.units.uuid))"
        ),
        [],
    )
    .map_err(sql)?;
    Ok(!progress(1.0))
}

/// The triggers on the feature tables (name, SQL), which keep their spatial indexes.
fn spatial_triggers(tx: &Transaction<'_>) -> rusqlite::Result<Vec<(String, String)>> {
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
/// index where it has one (the boxes mapped to the province's ids by UUID), else from the
/// geometries.
fn copy_spatial_index(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    for table in ["rooms", "buildings"] {
        let rtree = format!("rtree_{table}_geom");
        let here: i64 = tx.query_row(
            "SELECT count(*) FROM main.sqlite_master WHERE name = ?1",
            [&rtree],
            |r| r.get(0),
        )?;
        if here == 0 {
            continue;
        }
        let there: i64 = tx.query_row(
            "SELECT count(*) FROM pkg.sqlite_master WHERE name = ?1",
            [&rtree],
            |r| r.get(0),
        )?;
        if there > 0 {
            tx.execute(
                &format!(
                    "INSERT OR REPLACE INTO main.{rtree} SELECT m.fid, r.minx, r.maxx, r.miny, r.maxy
                     FROM pkg.{rtree} r JOIN pkg.{table} p ON p.fid = r.id
                     JOIN main.{table} m ON m.uuid = p.uuid"
                ),
                [],
            )?;
        } else {
            tx.execute(
                &format!(
                    "INSERT OR REPLACE INTO main.{rtree}
                     SELECT m.fid, ST_MinX(m.geom), ST_MaxX(m.geom), ST_MinY(m.geom), ST_MaxY(m.geom)
                     FROM pkg.{table} p JOIN main.{table} m ON m.uuid = p.uuid
                     WHERE m.geom NOT NULL AND NOT ST_IsEmpty(m.geom)"
                ),
                [],
            )?;
        }
    }
    Ok(())
}

/// Copies every row of one package table; the number copied.
fn insert_table(tx: &Transaction<'_>, spec: &Spec, region_id: i64) -> rusqlite::Result<usize> {
    let columns = copied_columns(tx, spec, "pkg")?;
    if columns.is_empty() {
        return Ok(0);
    }
    let mut names: Vec<String> = columns.clone();
    let mut values: Vec<String> = columns
        .iter()
        .map(|c| match spec.reference(c) {
            Some(target) if target == spec.name => "NULL".to_owned(),
            Some(target) => mapped_reference(c, target),
            None => format!("x.{c}"),
        })
        .collect();
    if spec.region {
        names.push("region_id".to_owned());
        values.push(region_id.to_string());
    }
    tx.execute(
        &format!(
            "INSERT INTO main.{t} ({}) SELECT {} FROM pkg.{t} x ORDER BY x.{pk}",
            names.join(", "),
            values.join(", "),
            t = spec.name,
            pk = spec.pk
        ),
        [],
    )
}
