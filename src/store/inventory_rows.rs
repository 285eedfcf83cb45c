//! Deleting a compound or a building with everything under it — floors, rooms, their units
//! and seats, scanned plans — and putting it all back: the rows are kept as they were stored
//! (row ids, geometry blobs and all), so that an undo restores the file exactly.

use rusqlite::Transaction;
use rusqlite::types::Value;

use super::inventory::{building_id, site_id};
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::Uuid;

/// What a deletion started from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InventoryRoot {
    Site(Uuid),
    Building(Uuid),
}

/// The stored rows of one table.
#[derive(Clone, Debug, PartialEq)]
struct TableRows {
    table: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

/// The rows a deleted compound or building took with it, in the order they are inserted back.
#[derive(Clone, Debug, PartialEq)]
pub struct InventoryRows {
    pub root: InventoryRoot,
    tables: Vec<TableRows>,
}

impl InventoryRows {
    /// How many rows of `table` the deletion took.
    pub fn count(&self, table: &str) -> usize {
        self.tables
            .iter()
            .filter(|t| t.table == table)
            .map(|t| t.rows.len())
            .sum()
    }
}

/// `(table, condition on ?1)` for every table under a root, parents first. `?1` is the
/// compound's or the building's row id.
fn tables_under(root: InventoryRoot) -> Vec<(&'static str, String)> {
    let (own, buildings) = match root {
        InventoryRoot::Site(_) => (
            Some(("sites", "id = ?1".to_owned())),
            "SELECT fid FROM buildings WHERE site_id = ?1",
        ),
        InventoryRoot::Building(_) => (None, "SELECT ?1"),
    };
    let floors = format!("SELECT id FROM floors WHERE building_id IN ({buildings})");
    let rooms = format!("SELECT fid FROM rooms WHERE floor_id IN ({floors})");
    own.into_iter()
        .chain([
            ("buildings", format!("fid IN ({buildings})")),
            ("floors", format!("id IN ({floors})")),
            ("rooms", format!("fid IN ({rooms})")),
            ("room_units", format!("room_id IN ({rooms})")),
            ("room_persons", format!("room_id IN ({rooms})")),
            ("floor_underlays", format!("floor_id IN ({floors})")),
        ])
        .collect()
}

fn capture(tx: &Transaction<'_>, root: InventoryRoot, id: i64) -> rusqlite::Result<InventoryRows> {
    let mut tables = Vec::new();
    for (table, condition) in tables_under(root) {
        let mut stmt = tx.prepare(&format!("SELECT * FROM {table} WHERE {condition}"))?;
        let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let width = columns.len();
        let rows = stmt
            .query_map([id], |row| {
                (0..width).map(|i| row.get::<_, Value>(i)).collect()
            })?
            .collect::<rusqlite::Result<Vec<Vec<Value>>>>()?;
        tables.push(TableRows {
            table,
            columns,
            rows,
        });
    }
    Ok(InventoryRows { root, tables })
}

/// Deletes children first, so that nothing depends on foreign keys being on.
fn delete(tx: &Transaction<'_>, root: InventoryRoot, id: i64) -> rusqlite::Result<()> {
    for (table, condition) in tables_under(root).iter().rev() {
        tx.execute(&format!("DELETE FROM {table} WHERE {condition}"), [id])?;
    }
    Ok(())
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn insert_back(tx: &Transaction<'_>, rows: &InventoryRows) -> rusqlite::Result<()> {
    for table in &rows.tables {
        if table.rows.is_empty() {
            continue;
        }
        let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
        let marks = vec!["?"; columns.len()].join(", ");
        let mut stmt = tx.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({marks})",
            table.table,
            columns.join(", ")
        ))?;
        for row in &table.rows {
            stmt.execute(rusqlite::params_from_iter(row.iter()))?;
        }
    }
    Ok(())
}

impl Store {
    /// Deletes a compound or a building with everything under it in one transaction with
    /// its change-log line, and returns the rows it took (for [`Store::restore_inventory`]).
    pub fn delete_inventory(
        &mut self,
        root: InventoryRoot,
        record: &ChangeRecord,
    ) -> Result<InventoryRows, StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let id = match root {
                InventoryRoot::Site(site) => site_id(tx, path, &site)?,
                InventoryRoot::Building(building) => building_id(tx, path, &building)?,
            };
            let rows = capture(tx, root, id).map_err(sql_error(path))?;
            delete(tx, root, id).map_err(sql_error(path))?;
            Ok(rows)
        })
    }

    /// Puts back the rows a deletion took, as they were stored, in one transaction.
    pub fn restore_inventory(
        &mut self,
        rows: &InventoryRows,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            insert_back(tx, rows).map_err(sql_error(path))
        })
    }
}
