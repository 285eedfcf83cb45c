//! The tables a submission package (直报包) carries and how their rows are named across
//! files: by UUID, or — for link rows without one — by the rows they link. Integer ids are
//! each file's own and never cross a file boundary: every reference is mapped through the
//! UUID of the row it names (an ID map, as geodiff keeps one).

use rusqlite::Connection;

/// How a row is known in every file.
#[derive(Clone, Copy, Debug)]
pub(super) enum Key {
    /// Its `uuid` column.
    Uuid,
    /// These columns together (references mapped, other values as they are).
    Columns(&'static [&'static str]),
}

/// One table of the package.
#[derive(Clone, Copy, Debug)]
pub(super) struct Spec {
    pub name: &'static str,
    /// The integer primary key column.
    pub pk: &'static str,
    pub key: Key,
    /// Columns that hold another table's primary key, with that table.
    pub refs: &'static [(&'static str, &'static str)],
    /// Whether the table has `region_id` (set to the county's region in the province).
    pub region: bool,
}

impl Spec {
    /// Whether deleting a row deletes something a person would name (a room, a unit …) and
    /// so waits for consent; link rows (a room's units, a unit's posts) follow their rows.
    pub fn is_entity(&self) -> bool {
        matches!(self.key, Key::Uuid)
    }

    /// The table a column refers to, if it is a reference.
    pub fn reference(&self, column: &str) -> Option<&'static str> {
        self.refs
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, table)| *table)
    }
}

/// The package's tables, parents before children (the order of inserts).
pub(super) const SPECS: &[Spec] = &[
    Spec {
        name: "sites",
        pk: "id",
        key: Key::Uuid,
        refs: &[],
        region: true,
    },
    Spec {
        name: "buildings",
        pk: "fid",
        key: Key::Uuid,
        refs: &[("site_id", "sites")],
        region: false,
    },
    Spec {
        name: "floors",
        pk: "id",
        key: Key::Uuid,
        refs: &[("building_id", "buildings")],
        region: false,
    },
    Spec {
        name: "rooms",
        pk: "fid",
        key: Key::Uuid,
        refs: &[("floor_id", "floors")],
        region: false,
    },
    Spec {
        name: "units",
        pk: "id",
        key: Key::Uuid,
        refs: &[("parent_id", "units")],
        region: true,
    },
    Spec {
        name: "unit_posts",
        pk: "id",
        key: Key::Columns(&["unit_id", "grade"]),
        refs: &[("unit_id", "units")],
        region: false,
    },
    Spec {
        name: "persons",
        pk: "id",
        key: Key::Uuid,
        refs: &[("unit_id", "units")],
        region: false,
    },
    Spec {
        name: "person_concurrent_units",
        pk: "id",
        key: Key::Columns(&["person_id", "unit_id"]),
        refs: &[("person_id", "persons"), ("unit_id", "units")],
        region: false,
    },
    Spec {
        name: "room_units",
        pk: "id",
        key: Key::Columns(&["room_id", "unit_id"]),
        refs: &[("room_id", "rooms"), ("unit_id", "units")],
        region: false,
    },
    Spec {
        name: "room_persons",
        pk: "id",
        key: Key::Columns(&["room_id", "person_id"]),
        refs: &[("room_id", "rooms"), ("person_id", "persons")],
        region: false,
    },
    Spec {
        name: "floor_underlays",
        pk: "id",
        key: Key::Columns(&["floor_id"]),
        refs: &[("floor_id", "floors")],
        region: false,
    },
    Spec {
        name: "construction_projects",
        pk: "id",
        key: Key::Uuid,
        refs: &[],
        region: false,
    },
    Spec {
        name: "approvals",
        pk: "id",
        key: Key::Uuid,
        refs: &[],
        region: false,
    },
];

/// The spec of a table by name.
pub(super) fn spec(table: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.name == table)
}

/// The primary-key column of a package table (`fid` of feature tables, else `id`).
pub(super) fn pk_of(table: &str) -> &'static str {
    spec(table).map_or("id", |s| s.pk)
}

/// The columns of `schema.table` in table order.
pub(super) fn columns(
    conn: &Connection,
    schema: &str,
    table: &str,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA \"{schema}\".table_info(\"{table}\")"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// The columns copied from a package row into the province: those both files have, without
/// the primary key (the province numbers its own rows) and `region_id` (set by the merge).
pub(super) fn copied_columns(
    conn: &Connection,
    spec: &Spec,
    package_schema: &str,
) -> rusqlite::Result<Vec<String>> {
    let province = columns(conn, "main", spec.name)?;
    let package = columns(conn, package_schema, spec.name)?;
    Ok(province
        .into_iter()
        .filter(|c| c != spec.pk && c != "region_id" && package.contains(c))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_before_the_tables_that_name_them() {
        for (i, s) in SPECS.iter().enumerate() {
            for (_, target) in s.refs {
                let at = SPECS.iter().position(|t| t.name == *target);
                assert!(at.is_some_and(|at| at <= i), "{} → {target}", s.name);
            }
        }
    }
}
