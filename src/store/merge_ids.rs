//! The ID map of a merge: a county row's UUID by its id in the package or the base, the
//! province's row by UUID. Lookups on the province's connection with the package and the base
//! attached; every statement prepared once and cached.

use rusqlite::Connection;
use rusqlite::OptionalExtension as _;
use rusqlite::types::Value;

use super::merge_tables::Spec;

/// Where a county id is looked up: the new package or the base.
#[derive(Clone, Copy)]
pub(super) enum Side {
    Package,
    Base,
}

/// The lookups of the ID map, on the province's connection with the package and the base
/// attached (under the names a batch gave them).
pub(super) struct Ids<'a> {
    pub tx: &'a Connection,
    /// The package's schema name.
    pub pkg: &'a str,
    /// The base's schema name.
    pub base: &'a str,
}

impl Ids<'_> {
    /// The schema name of one side.
    pub(super) fn schema(&self, side: Side) -> &str {
        match side {
            Side::Package => self.pkg,
            Side::Base => self.base,
        }
    }

    /// The UUID of a county row (by its id in the package or the base).
    pub(super) fn county_uuid(
        &self,
        side: Side,
        table: &str,
        id: &Value,
    ) -> rusqlite::Result<Option<String>> {
        let pk = super::merge_tables::pk_of(table);
        self.tx
            .prepare_cached(&format!(
                "SELECT uuid FROM {}.{table} WHERE {pk} = ?1",
                self.schema(side)
            ))?
            .query_row([id], |r| r.get(0))
            .optional()
    }

    /// The province's id of the row with this UUID.
    pub(super) fn province_id(&self, table: &str, uuid: &str) -> rusqlite::Result<Option<i64>> {
        let pk = super::merge_tables::pk_of(table);
        self.tx
            .prepare_cached(&format!("SELECT {pk} FROM main.{table} WHERE uuid = ?1"))?
            .query_row([uuid], |r| r.get(0))
            .optional()
    }

    /// The UUID of a province row.
    pub(super) fn province_uuid(
        &self,
        table: &str,
        id: &Value,
    ) -> rusqlite::Result<Option<String>> {
        let pk = super::merge_tables::pk_of(table);
        self.tx
            .prepare_cached(&format!("SELECT uuid FROM main.{table} WHERE {pk} = ?1"))?
            .query_row([id], |r| r.get(0))
            .optional()
    }

    /// A county reference mapped to the province's id (None: NULL, or no such row there).
    pub(super) fn map(&self, side: Side, table: &str, id: &Value) -> rusqlite::Result<Option<i64>> {
        if *id == Value::Null {
            return Ok(None);
        }
        match self.county_uuid(side, table, id)? {
            Some(uuid) => self.province_id(table, &uuid),
            None => Ok(None),
        }
    }

    /// A value of one column of a package row.
    pub(super) fn package_value(
        &self,
        spec: &Spec,
        column: &str,
        id: &Value,
    ) -> rusqlite::Result<Value> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {column} FROM {}.{} WHERE {} = ?1",
                self.pkg, spec.name, spec.pk
            ))?
            .query_row([id], |r| r.get(0))
            .optional()
            .map(|v| v.unwrap_or(Value::Null))
    }
}
