//! Occupancy in a later package: a room's units (`room_units`), a person's seats
//! (`room_persons`) and a person's concurrent units are each one field of one entity, a set
//! of the rows it names. The merge compares the sets by UUID, three ways, like any other
//! field:
//!
//! - the county's set is the base's: nothing to do (a row renumbered by the county keeps its
//!   set);
//! - the province's set is still the base's: the county's is written;
//! - the province changed it too (to something else): a conflict (entity, field, province
//!   set, county set, base set) is recorded; the province's set stays unless the county's is
//!   preferred. Nothing is dropped silently.
//!
//! A member the county deleted as a whole (a unit waiting for consent) stays in the county's
//! set until its deletion is applied; an entity the county deleted keeps its links while it
//! waits (see [`super::merge_diff`]).

use std::collections::BTreeSet;

use rusqlite::OptionalExtension as _;
use rusqlite::types::Value;

use super::merge_changes::Kind;
use super::merge_diff::Apply;
use super::merge_ids::Side;
use super::merge_tables::{pk_of, spec};

/// A link table that holds a set of one entity.
pub(super) struct SetLink {
    pub table: &'static str,
    /// The column naming the entity the set belongs to.
    pub subject: &'static str,
    /// The column naming a member of the set.
    pub member: &'static str,
    /// The field named in a conflict.
    pub field: &'static str,
}

/// The occupancy sets.
pub(super) const SETS: &[SetLink] = &[
    SetLink {
        table: "room_units",
        subject: "room_id",
        member: "unit_id",
        field: "units",
    },
    SetLink {
        table: "room_persons",
        subject: "person_id",
        member: "room_id",
        field: "seats",
    },
    SetLink {
        table: "person_concurrent_units",
        subject: "person_id",
        member: "unit_id",
        field: "concurrent_units",
    },
];

/// Whether a table's rows are members of a set (applied as sets, not row by row).
pub(super) fn is_set_table(table: &str) -> bool {
    SETS.iter().any(|s| s.table == table)
}

impl SetLink {
    fn subject_table(&self) -> &'static str {
        spec(self.table)
            .and_then(|s| s.reference(self.subject))
            .unwrap_or(self.table)
    }

    fn member_table(&self) -> &'static str {
        spec(self.table)
            .and_then(|s| s.reference(self.member))
            .unwrap_or(self.table)
    }
}

/// A set the county changed: what the merge writes after the rows are in.
pub(super) struct SetWrite {
    link: &'static SetLink,
    subject: String,
    county: BTreeSet<String>,
    base: BTreeSet<String>,
}

/// A set as a value for people and for the conflicts table: its members' UUIDs, sorted,
/// separated by `; ` (NULL when empty).
fn set_value(set: &BTreeSet<String>) -> Value {
    if set.is_empty() {
        Value::Null
    } else {
        Value::Text(set.iter().cloned().collect::<Vec<_>>().join("; "))
    }
}

impl Apply<'_> {
    /// Decides every set the county changed, before any row is written (the province's
    /// sets as they were): records the conflicts, returns the sets to write.
    pub(super) fn plan_sets(&mut self) -> rusqlite::Result<Vec<SetWrite>> {
        let mut writes = Vec::new();
        for link in SETS {
            for subject in self.changed_subjects(link)? {
                // The county deleted the entity: its links wait with it.
                let Some(county) = self.members(self.ids.pkg, link, &subject)? else {
                    continue;
                };
                let base = self
                    .members(self.ids.base, link, &subject)?
                    .unwrap_or_default();
                let county = self.with_pending_members(link, county, &base)?;
                if county == base {
                    continue; // the same set (a renumbered row)
                }
                let Some(province) = self.members("main", link, &subject)? else {
                    // The province deleted the entity whose set the county changed.
                    self.record_conflict(
                        link.subject_table(),
                        subject,
                        link.field,
                        Value::Null,
                        set_value(&county),
                        set_value(&base),
                    )?;
                    continue;
                };
                if province == county {
                    continue;
                }
                if province != base {
                    self.record_conflict(
                        link.subject_table(),
                        subject.clone(),
                        link.field,
                        set_value(&province),
                        set_value(&county),
                        set_value(&base),
                    )?;
                    if !self.request.prefer_county {
                        continue;
                    }
                }
                writes.push(SetWrite {
                    link,
                    subject,
                    county,
                    base,
                });
            }
        }
        Ok(writes)
    }

    /// Writes the county's sets (after the county's new rows are in, so that new members
    /// can be named). A member the province does not have is recorded as a conflict.
    pub(super) fn write_sets(&mut self, writes: Vec<SetWrite>) -> rusqlite::Result<()> {
        for w in writes {
            let link = w.link;
            let (subject_table, member_table) = (link.subject_table(), link.member_table());
            let Some(subject_id) = self.ids.province_id(subject_table, &w.subject)? else {
                continue; // deleted by this merge (with consent)
            };
            let province = self.members("main", link, &w.subject)?.unwrap_or_default();
            let mut changed = false;
            for gone in province.difference(&w.county) {
                if let Some(member_id) = self.ids.province_id(member_table, gone)? {
                    self.ids
                        .tx
                        .prepare_cached(&format!(
                            "DELETE FROM main.{} WHERE {} = ?1 AND {} = ?2",
                            link.table, link.subject, link.member
                        ))?
                        .execute([subject_id, member_id])?;
                    self.outcome.deleted += 1;
                    changed = true;
                }
            }
            let mut missing = false;
            for new in w.county.difference(&province) {
                let Some(member_id) = self.ids.province_id(member_table, new)? else {
                    missing = true;
                    continue;
                };
                self.ids
                    .tx
                    .prepare_cached(&format!(
                        "INSERT INTO main.{} ({}, {}) VALUES (?1, ?2)",
                        link.table, link.subject, link.member
                    ))?
                    .execute([subject_id, member_id])?;
                self.outcome.inserted += 1;
                changed = true;
            }
            if missing {
                // A member the province deleted: the rest written, the difference recorded.
                let now = self.members("main", link, &w.subject)?.unwrap_or_default();
                self.record_conflict(
                    subject_table,
                    w.subject.clone(),
                    link.field,
                    set_value(&now),
                    set_value(&w.county),
                    set_value(&w.base),
                )?;
            }
            if changed {
                self.outcome.updated += 1;
            }
        }
        Ok(())
    }

    /// The entities (by UUID) whose set in `link` the county's changes touch.
    fn changed_subjects(&self, link: &SetLink) -> rusqlite::Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        let Some(spec) = spec(link.table) else {
            return Ok(out);
        };
        let target = link.subject_table();
        for change in self
            .changes
            .list
            .iter()
            .filter(|c| c.spec.name == link.table)
        {
            let pk = self.county_pk(change);
            for (side, new) in [(Side::Base, false), (Side::Package, true)] {
                let skip = match change.kind {
                    Kind::Insert => !new,
                    Kind::Delete => new,
                    Kind::Update => false,
                };
                if skip {
                    continue;
                }
                let id = match self.value(change, link.subject, new) {
                    Some(v) => v.clone(),
                    None => self.ids.package_value(spec, link.subject, &pk)?,
                };
                if let Some(uuid) = self.ids.county_uuid(side, target, &id)? {
                    out.insert(uuid);
                }
            }
        }
        Ok(out)
    }

    /// The UUIDs of the members of `subject`'s set in one file (`main`, `pkg`, `base`);
    /// `None` when that file does not have the entity.
    fn members(
        &self,
        schema: &str,
        link: &SetLink,
        subject: &str,
    ) -> rusqlite::Result<Option<BTreeSet<String>>> {
        let (subject_table, member_table) = (link.subject_table(), link.member_table());
        let id: Option<i64> = self
            .ids
            .tx
            .prepare_cached(&format!(
                "SELECT {} FROM {schema}.{subject_table} WHERE uuid = ?1",
                pk_of(subject_table)
            ))?
            .query_row([subject], |r| r.get(0))
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        let members = self
            .ids
            .tx
            .prepare_cached(&format!(
                "SELECT m.uuid FROM {schema}.{t} l JOIN {schema}.{member_table} m
                 ON m.{mpk} = l.{member} WHERE l.{subject} = ?1",
                t = link.table,
                mpk = pk_of(member_table),
                member = link.member,
                subject = link.subject
            ))?
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<BTreeSet<String>>>()?;
        Ok(Some(members))
    }

    /// The county's set with the base's members that the county deleted as a whole while
    /// their deletion waits for consent (they leave with their deletion, not before).
    fn with_pending_members(
        &self,
        link: &SetLink,
        mut county: BTreeSet<String>,
        base: &BTreeSet<String>,
    ) -> rusqlite::Result<BTreeSet<String>> {
        if self.request.apply_deletions {
            return Ok(county);
        }
        let member_table = link.member_table();
        for member in base.difference(&county.clone()) {
            let in_package: Option<i64> = self
                .ids
                .tx
                .prepare_cached(&format!(
                    "SELECT 1 FROM {}.{member_table} WHERE uuid = ?1",
                    self.ids.pkg
                ))?
                .query_row([member], |r| r.get(0))
                .optional()?;
            if in_package.is_none() {
                county.insert(member.clone());
            }
        }
        Ok(county)
    }
}
