//! What changed in a county since its last package: SQLite's session extension diffs each
//! table of the new package against the stored base (base → package) and the changeset is
//! read into owned values. A row the county deleted and inserted again under another id with
//! the same UUID is one update.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator as _;
use rusqlite::hooks::Action;
use rusqlite::session::{ChangesetIter, Session};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use super::merge_tables::{SPECS, Spec, columns, spec};

/// What a change does to a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Insert,
    Update,
    Delete,
}

/// One row's change from the base to the package. `old[i]`/`new[i]` is column `i`'s value
/// before and after, `None` where the changeset does not carry it (an unchanged column of
/// an update).
#[derive(Clone, Debug)]
pub(super) struct Change {
    pub spec: &'static Spec,
    pub kind: Kind,
    pub old: Vec<Option<Value>>,
    pub new: Vec<Option<Value>>,
}

/// Every change of a package against its base, with each table's columns.
#[derive(Clone, Debug, Default)]
pub(super) struct Changes {
    pub columns: HashMap<&'static str, Vec<String>>,
    pub list: Vec<Change>,
}

/// Diffs `package` against `base` table by table and reads the changeset.
pub(super) fn read_changes(package: &Path, base: &Path) -> rusqlite::Result<Changes> {
    let conn = Connection::open_with_flags(
        package,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute("ATTACH DATABASE ?1 AS base", [base.to_string_lossy()])?;
    let mut changes = Changes::default();
    let mut bytes = Vec::new();
    {
        let mut session = Session::new(&conn)?;
        for s in SPECS {
            let here = columns(&conn, "main", s.name)?;
            if here.is_empty() || columns(&conn, "base", s.name)?.is_empty() {
                continue;
            }
            session.diff::<&str, &str>("base", s.name)?;
            changes.columns.insert(s.name, here);
        }
        session.changeset_strm(&mut bytes)?;
    }
    let mut input: &[u8] = &bytes;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    while let Some(item) = iter.next()? {
        let op = item.op()?;
        let Some(spec) = spec(op.table_name()) else {
            continue;
        };
        let kind = match op.code() {
            Action::SQLITE_INSERT => Kind::Insert,
            Action::SQLITE_UPDATE => Kind::Update,
            Action::SQLITE_DELETE => Kind::Delete,
            _ => continue,
        };
        let n = usize::try_from(op.number_of_columns()).unwrap_or(0);
        let mut old = vec![None; n];
        let mut new = vec![None; n];
        for i in 0..n {
            if kind != Kind::Insert {
                old[i] = item.old_value(i).ok().map(owned);
            }
            if kind != Kind::Delete {
                new[i] = item.new_value(i).ok().map(owned);
            }
        }
        changes.list.push(Change {
            spec,
            kind,
            old,
            new,
        });
    }
    Ok(changes)
}

/// Rows the county deleted and inserted again under another id with the same UUID (a
/// program that rewrites rows): one update each, so the province's row stays.
pub(super) struct Renumbered {
    /// Indexes into the change list of the deletes and inserts paired.
    pub paired: std::collections::HashSet<usize>,
    pub updates: Vec<Change>,
}

pub(super) fn renumbered(changes: &Changes) -> Renumbered {
    let uuid_of = |c: &Change, new: bool| -> Option<String> {
        let i = changes
            .columns
            .get(c.spec.name)?
            .iter()
            .position(|n| n == "uuid")?;
        let side = if new { &c.new } else { &c.old };
        match side.get(i)? {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        }
    };
    let mut deletes: HashMap<(&str, String), usize> = HashMap::new();
    for (i, c) in changes.list.iter().enumerate() {
        if c.kind == Kind::Delete
            && c.spec.is_entity()
            && let Some(u) = uuid_of(c, false)
        {
            deletes.insert((c.spec.name, u), i);
        }
    }
    let mut out = Renumbered {
        paired: Default::default(),
        updates: Vec::new(),
    };
    for (i, c) in changes.list.iter().enumerate() {
        if c.kind != Kind::Insert || !c.spec.is_entity() {
            continue;
        }
        let Some(d) = uuid_of(c, true).and_then(|u| deletes.get(&(c.spec.name, u)).copied()) else {
            continue;
        };
        let Some(deleted) = changes.list.get(d) else {
            continue;
        };
        out.paired.insert(i);
        out.paired.insert(d);
        out.updates.push(Change {
            spec: c.spec,
            kind: Kind::Update,
            old: deleted.old.clone(),
            new: c.new.clone(),
        });
    }
    out
}

fn owned(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}
