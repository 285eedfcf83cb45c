//! A county's later package: what changed since its base ([`super::merge_changes`]), applied
//! to the province's rows found by UUID.
//!
//! - Inserts go in parents first; a reference is mapped through the UUID of the row it names.
//! - Updates go field by field. Where the province's value is still the base's, the county's
//!   is written. Where the province changed the field too (to something else), that is a
//!   conflict: the province's value stays (unless the county's is preferred) and both values
//!   and the base are recorded in `officeplan_merge_conflicts`; nothing is dropped and no
//!   copy of the row is made.
//! - Occupancy (a room's units, a person's seats and concurrent units) is one field of its
//!   entity, a set, merged three ways like any other field ([`super::merge_sets`]).
//! - Deletions of rows a person names (a room, a unit …) are applied only with consent; else
//!   they are recorded as pending (`kind = 'deletion'`). Other link rows (a unit's posts)
//!   follow: removed when the county removed only the link, kept while the row they hang on
//!   waits for consent.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::merge::{MergeConflict, MergeOutcome, MergeRequest, PendingDeletion};
use super::merge_changes::{Change, Changes, Kind, renumbered};
use super::merge_ids::{Ids, Side};
use super::merge_sets::is_set_table;
use super::merge_tables::{Key, SPECS, Spec, spec};
use super::{StoreError, sql_error};

/// A value as text for people: a blob as its size.
pub(crate) fn display_value(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("<{} B>", b.len()),
    }
}

/// The county's change, applied: returns whether it was stopped.
pub(super) fn apply_changes(
    ids: Ids<'_>,
    path: &Path,
    region_id: i64,
    request: &MergeRequest<'_>,
    changes: &Changes,
    outcome: &mut MergeOutcome,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<bool, StoreError> {
    let sql = sql_error(path);
    let mut apply = Apply {
        ids,
        region_id,
        request,
        changes,
        outcome,
        parents: Vec::new(),
    };
    let order = |s: &Spec| SPECS.iter().position(|t| t.name == s.name).unwrap_or(0);
    let renumbered = renumbered(changes);
    // The inserts and deletes not paired up as a renumbered row.
    let unpaired = |kind: Kind| -> Vec<&Change> {
        changes
            .list
            .iter()
            .enumerate()
            .filter(|(i, c)| c.kind == kind && !renumbered.paired.contains(i))
            .map(|(_, c)| c)
            .collect()
    };
    let mut inserts = unpaired(Kind::Insert);
    inserts.sort_by_key(|c| order(c.spec));
    let updates = changes
        .list
        .iter()
        .filter(|c| c.kind == Kind::Update)
        .chain(renumbered.updates.iter());
    let mut deletes = unpaired(Kind::Delete);
    deletes.sort_by_key(|c| std::cmp::Reverse(order(c.spec)));
    // Occupancy goes as sets, decided against the province as it was before this merge.
    let sets = apply.plan_sets().map_err(sql)?;
    let total = changes.list.len().max(1) as f32;
    for (done, change) in inserts
        .into_iter()
        .chain(updates)
        .chain(deletes)
        .enumerate()
    {
        if done % 1000 == 0 && !progress(done as f32 / total) {
            return Ok(true);
        }
        if is_set_table(change.spec.name) {
            continue;
        }
        match change.kind {
            Kind::Insert => apply.insert(change),
            Kind::Update => apply.update(change),
            Kind::Delete => apply.delete(change),
        }
        .map_err(sql)?;
    }
    apply.write_sets(sets).map_err(sql)?;
    apply.link_parents().map_err(sql)?;
    Ok(!progress(1.0))
}

pub(super) struct Apply<'a> {
    pub(super) ids: Ids<'a>,
    region_id: i64,
    pub(super) request: &'a MergeRequest<'a>,
    pub(super) changes: &'a Changes,
    pub(super) outcome: &'a mut MergeOutcome,
    /// Rows inserted whose reference to their own table waits for every insert:
    /// (table, province id, column, county id in the package).
    parents: Vec<(&'static Spec, i64, String, Value)>,
}

impl Apply<'_> {
    fn columns(&self, spec: &Spec) -> &[String] {
        self.changes
            .columns
            .get(spec.name)
            .map_or(&[][..], Vec::as_slice)
    }

    fn column_index(&self, spec: &Spec, name: &str) -> Option<usize> {
        self.columns(spec).iter().position(|c| c == name)
    }

    /// The value of column `name` on one side of a change.
    pub(super) fn value<'v>(&self, change: &'v Change, name: &str, new: bool) -> Option<&'v Value> {
        let i = self.column_index(change.spec, name)?;
        let side = if new { &change.new } else { &change.old };
        side.get(i).and_then(Option::as_ref)
    }

    /// The county's primary key of the row a change is about.
    pub(super) fn county_pk(&self, change: &Change) -> Value {
        let new = change.kind == Kind::Insert;
        self.value(change, change.spec.pk, new)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// The row's UUID (entity tables).
    fn uuid(&self, change: &Change) -> rusqlite::Result<Option<String>> {
        match change.kind {
            Kind::Insert => Ok(self.value(change, "uuid", true).map(text)),
            Kind::Delete => Ok(self.value(change, "uuid", false).map(text)),
            Kind::Update => {
                if let Some(v) = self.value(change, "uuid", false) {
                    return Ok(Some(text(v)));
                }
                let pk = self.county_pk(change);
                self.ids.county_uuid(Side::Package, change.spec.name, &pk)
            }
        }
    }

    /// The province's row a change is about: by UUID, or by the link's key columns as the
    /// base (updates, deletes) or the package (inserts) had them, mapped.
    fn province_row(&self, change: &Change) -> rusqlite::Result<Option<i64>> {
        let spec = change.spec;
        match spec.key {
            Key::Uuid => match self.uuid(change)? {
                Some(uuid) => self.ids.province_id(spec.name, &uuid),
                None => Ok(None),
            },
            Key::Columns(keys) => {
                let (new, side) = match change.kind {
                    Kind::Insert => (true, Side::Package),
                    _ => (false, Side::Base),
                };
                let pk = self.county_pk(change);
                let mut wheres = Vec::new();
                let mut values = Vec::new();
                for key in keys {
                    let county = match self.value(change, key, new) {
                        Some(v) => v.clone(),
                        None => self.ids.package_value(spec, key, &pk)?,
                    };
                    let value = match spec.reference(key) {
                        Some(target) => match self.ids.map(side, target, &county)? {
                            Some(id) => Value::Integer(id),
                            None => return Ok(None),
                        },
                        None => county,
                    };
                    wheres.push(format!("{key} = ?{}", values.len() + 1));
                    values.push(value);
                }
                self.ids
                    .tx
                    .prepare_cached(&format!(
                        "SELECT {} FROM main.{} WHERE {}",
                        spec.pk,
                        spec.name,
                        wheres.join(" AND ")
                    ))?
                    .query_row(rusqlite::params_from_iter(values), |r| r.get(0))
                    .optional()
            }
        }
    }

    fn conflict(
        &mut self,
        change: &Change,
        field: &str,
        province: Value,
        county: Value,
        base: Value,
    ) -> rusqlite::Result<()> {
        let uuid = match change.spec.key {
            Key::Uuid => self.uuid(change)?.unwrap_or_default(),
            Key::Columns(_) => String::new(),
        };
        self.record_conflict(change.spec.name, uuid, field, province, county, base)
    }

    /// Records a field both sides changed (entity, field, both values and the base).
    pub(super) fn record_conflict(
        &mut self,
        table: &str,
        uuid: String,
        field: &str,
        province: Value,
        county: Value,
        base: Value,
    ) -> rusqlite::Result<()> {
        self.ids.tx.prepare_cached(
            "INSERT INTO officeplan_merge_conflicts (region_code, kind, entity_table, entity_uuid,
                field, province_value, county_value, base_value) VALUES (?1, 'conflict', ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            self.request.region.code,
            table,
            uuid,
            field,
            province,
            county,
            base
        ])?;
        self.outcome.conflicts.push(MergeConflict {
            table: table.to_owned(),
            uuid,
            field: field.to_owned(),
            province: display_value(&province),
            county: display_value(&county),
            base: display_value(&base),
        });
        Ok(())
    }

    fn insert(&mut self, change: &Change) -> rusqlite::Result<()> {
        let spec = change.spec;
        if self.province_row(change)?.is_some() {
            // Already there (a link the province made too, or a UUID it has): kept as is.
            if spec.is_entity() {
                self.conflict(
                    change,
                    "(row)",
                    Value::Text("exists".into()),
                    Value::Text("inserted".into()),
                    Value::Null,
                )?;
            }
            return Ok(());
        }
        let mut names = Vec::new();
        let mut values = Vec::new();
        let mut later = Vec::new();
        let columns: Vec<String> = self.columns(spec).to_vec();
        for (i, column) in columns.iter().enumerate() {
            if column == spec.pk || column == "region_id" {
                continue;
            }
            let county = change.new.get(i).cloned().flatten().unwrap_or(Value::Null);
            let value = match spec.reference(column) {
                Some(target) if target == spec.name => {
                    if county != Value::Null {
                        later.push((column.clone(), county));
                    }
                    Value::Null
                }
                Some(target) => match self.ids.map(Side::Package, target, &county)? {
                    Some(id) => Value::Integer(id),
                    None if county == Value::Null => Value::Null,
                    None => {
                        // What it hangs on is not in the province (the province deleted it).
                        self.conflict(change, column, Value::Null, county, Value::Null)?;
                        return Ok(());
                    }
                },
                None => county,
            };
            names.push(column.clone());
            values.push(value);
        }
        if spec.region {
            names.push("region_id".to_owned());
            values.push(Value::Integer(self.region_id));
        }
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        self.ids
            .tx
            .prepare_cached(&format!(
                "INSERT INTO main.{} ({}) VALUES ({})",
                spec.name,
                names.join(", "),
                marks.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(values))?;
        let id = self.ids.tx.last_insert_rowid();
        for (column, county) in later {
            self.parents.push((spec, id, column, county));
        }
        self.outcome.inserted += 1;
        Ok(())
    }

    fn update(&mut self, change: &Change) -> rusqlite::Result<()> {
        let spec = change.spec;
        let Some(row) = self.province_row(change)? else {
            // The province deleted the row the county changed: recorded, nothing written.
            return self.conflict(
                change,
                "(row)",
                Value::Null,
                Value::Text("updated".into()),
                Value::Null,
            );
        };
        let mut wrote = false;
        let columns: Vec<String> = self.columns(spec).to_vec();
        for (i, column) in columns.iter().enumerate() {
            let Some(county) = change.new.get(i).cloned().flatten() else {
                continue;
            };
            if column == spec.pk || column == "region_id" {
                continue;
            }
            let base = change.old.get(i).cloned().flatten().unwrap_or(Value::Null);
            let current: Value = self
                .ids
                .tx
                .prepare_cached(&format!(
                    "SELECT {column} FROM main.{} WHERE {} = ?1",
                    spec.name, spec.pk
                ))?
                .query_row([row], |r| r.get(0))?;
            // References compare by the UUID of the row they name.
            let (province_cmp, county_cmp, base_cmp, write) = match spec.reference(column) {
                Some(target) => {
                    let province = opt_text(self.ids.province_uuid(target, &current)?);
                    let county_uuid = self.ids.county_uuid(Side::Package, target, &county)?;
                    let base = opt_text(self.ids.county_uuid(Side::Base, target, &base)?);
                    let write = match &county_uuid {
                        Some(uuid) => self.ids.province_id(target, uuid)?.map(Value::Integer),
                        None => Some(Value::Null),
                    };
                    (province, opt_text(county_uuid), base, write)
                }
                None => (
                    current.clone(),
                    county.clone(),
                    base.clone(),
                    Some(county.clone()),
                ),
            };
            // Unchanged by the county (a renumbered row carries every column), or already
            // the same in the province.
            if county_cmp == base_cmp || province_cmp == county_cmp {
                continue;
            }
            let Some(write) = write else {
                // It names a row the province does not have.
                self.conflict(change, column, province_cmp, county_cmp, base_cmp)?;
                continue;
            };
            if province_cmp != base_cmp {
                self.conflict(change, column, province_cmp, county_cmp, base_cmp)?;
                if !self.request.prefer_county {
                    continue;
                }
            }
            self.ids
                .tx
                .prepare_cached(&format!(
                    "UPDATE main.{} SET {column} = ?1 WHERE {} = ?2",
                    spec.name, spec.pk
                ))?
                .execute(params![write, row])?;
            wrote = true;
        }
        if wrote {
            self.outcome.updated += 1;
        }
        Ok(())
    }

    fn delete(&mut self, change: &Change) -> rusqlite::Result<()> {
        let spec = change.spec;
        let Some(row) = self.province_row(change)? else {
            return Ok(()); // gone already (with its parent, or by the province)
        };
        let consented = self.request.apply_deletions;
        if spec.is_entity() {
            if !consented {
                let uuid = self.uuid(change)?.unwrap_or_default();
                let label = ["number", "name"]
                    .iter()
                    .filter_map(|c| self.value(change, c, false).map(display_value))
                    .collect::<Vec<_>>()
                    .join(" ");
                self.ids.tx.prepare_cached(
                    "INSERT INTO officeplan_merge_conflicts (region_code, kind, entity_table,
                        entity_uuid, field, county_value) VALUES (?1, 'deletion', ?2, ?3, '(row)', ?4)",
                )?
                .execute(params![self.request.region.code, spec.name, uuid, label])?;
                self.outcome.pending_deletions.push(PendingDeletion {
                    table: spec.name.to_owned(),
                    uuid,
                    label,
                });
                return Ok(());
            }
        } else {
            if self.link_in_package(change)? {
                return Ok(()); // rewritten under another id: still there
            }
            if consented {
                return self.delete_row(spec, row);
            }
            // A link whose row is itself deleted in the county waits with that row.
            for (column, target) in spec.refs {
                let county = self
                    .value(change, column, false)
                    .cloned()
                    .unwrap_or(Value::Null);
                if let Some(uuid) = self.ids.county_uuid(Side::Base, target, &county)? {
                    let still: Option<i64> = self
                        .ids
                        .tx
                        .prepare_cached(&format!(
                            "SELECT 1 FROM {}.{target} WHERE uuid = ?1",
                            self.ids.pkg
                        ))?
                        .query_row([&uuid], |r| r.get(0))
                        .optional()?;
                    if still.is_none() {
                        return Ok(());
                    }
                }
            }
        }
        self.delete_row(spec, row)
    }

    fn delete_row(&mut self, spec: &Spec, row: i64) -> rusqlite::Result<()> {
        self.ids
            .tx
            .prepare_cached(&format!(
                "DELETE FROM main.{} WHERE {} = ?1",
                spec.name, spec.pk
            ))?
            .execute([row])?;
        self.outcome.deleted += 1;
        Ok(())
    }

    /// Whether the package still has a link row the base had (its key, mapped through the
    /// UUIDs, names a package row).
    fn link_in_package(&self, change: &Change) -> rusqlite::Result<bool> {
        let Key::Columns(keys) = change.spec.key else {
            return Ok(false);
        };
        let spec = change.spec;
        let mut wheres = Vec::new();
        let mut values = Vec::new();
        for key in keys {
            let base = self
                .value(change, key, false)
                .cloned()
                .unwrap_or(Value::Null);
            let value = match spec.reference(key) {
                Some(target) => {
                    let Some(uuid) = self.ids.county_uuid(Side::Base, target, &base)? else {
                        return Ok(false);
                    };
                    let pk = super::merge_tables::pk_of(target);
                    let id: Option<i64> = self
                        .ids
                        .tx
                        .prepare_cached(&format!(
                            "SELECT {pk} FROM {}.{target} WHERE uuid = ?1",
                            self.ids.pkg
                        ))?
                        .query_row([&uuid], |r| r.get(0))
                        .optional()?;
                    match id {
                        Some(id) => Value::Integer(id),
                        None => return Ok(false),
                    }
                }
                None => base,
            };
            wheres.push(format!("{key} = ?{}", values.len() + 1));
            values.push(value);
        }
        let found: Option<i64> = self
            .ids
            .tx
            .prepare_cached(&format!(
                "SELECT 1 FROM {}.{} WHERE {}",
                self.ids.pkg,
                spec.name,
                wheres.join(" AND ")
            ))?
            .query_row(rusqlite::params_from_iter(values), |r| r.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// Links rows inserted before the row of their own table they name (a unit's parent).
    fn link_parents(&mut self) -> rusqlite::Result<()> {
        for (spec, id, column, county) in std::mem::take(&mut self.parents) {
            let target = self.ids.map(Side::Package, spec.name, &county)?;
            self.ids
                .tx
                .prepare_cached(&format!(
                    "UPDATE main.{} SET {column} = ?1 WHERE {} = ?2",
                    spec.name, spec.pk
                ))?
                .execute(params![target, id])?;
        }
        Ok(())
    }
}

/// Applies the county deletions recorded as pending in earlier merges of this county.
pub(super) fn apply_pending_deletions(
    tx: &Connection,
    region_code: &str,
    outcome: &mut MergeOutcome,
) -> rusqlite::Result<()> {
    let pending: Vec<(i64, String, String)> = tx
        .prepare(
            "SELECT id, entity_table, entity_uuid FROM officeplan_merge_conflicts
             WHERE kind = 'deletion' AND resolved = 0 AND region_code = ?1 ORDER BY id",
        )?
        .query_map([region_code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, table, uuid) in pending {
        if let Some(spec) = spec(&table) {
            outcome.deleted += tx.execute(
                &format!("DELETE FROM main.{} WHERE uuid = ?1", spec.name),
                [&uuid],
            )?;
        }
        tx.execute(
            "UPDATE officeplan_merge_conflicts SET resolved = 1 WHERE id = ?1",
            [id],
        )?;
    }
    Ok(())
}

fn text(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        other => display_value(other),
    }
}

fn opt_text(v: Option<String>) -> Value {
    v.map_or(Value::Null, Value::Text)
}
