//! Link rows whose room, unit, person, scenario or floor is gone.
//!
//! GDAL, QGIS and the sqlite3 shell delete with foreign keys off, so deleting a room there
//! leaves its `room_units` and `room_persons` rows behind, pointing at nothing. Row ids are
//! no longer reused (schema step 5), but such rows must not stay where a later change could
//! give them meaning: on open they are found, counted by table, and — when the file is
//! writable — moved as JSON into `officeplan_orphan_links` in one transaction with a
//! change-log line. They are never attached to anything.

use rusqlite::{Connection, Transaction, params};

/// A link table: its name, the condition that selects rows pointing at nothing, and the
/// row as a JSON object (what is kept of it).
struct LinkTable {
    table: &'static str,
    dangling: &'static str,
    row_json: &'static str,
}

const LINK_TABLES: [LinkTable; 6] = [
    LinkTable {
        table: "room_units",
        dangling: "NOT EXISTS (SELECT 1 FROM rooms WHERE fid = room_id)
                   OR NOT EXISTS (SELECT 1 FROM units WHERE units.id = unit_id)",
        row_json: "json_object('room_id', room_id, 'unit_id', unit_id)",
    },
    LinkTable {
        table: "room_persons",
        dangling: "NOT EXISTS (SELECT 1 FROM rooms WHERE fid = room_id)
                   OR NOT EXISTS (SELECT 1 FROM persons WHERE persons.id = person_id)",
        row_json: "json_object('room_id', room_id, 'person_id', person_id)",
    },
    LinkTable {
        table: "person_concurrent_units",
        dangling: "NOT EXISTS (SELECT 1 FROM persons WHERE persons.id = person_id)
                   OR NOT EXISTS (SELECT 1 FROM units WHERE units.id = unit_id)",
        row_json: "json_object('person_id', person_id, 'unit_id', unit_id)",
    },
    LinkTable {
        table: "unit_posts",
        dangling: "NOT EXISTS (SELECT 1 FROM units WHERE units.id = unit_id)",
        row_json: "json_object('unit_id', unit_id, 'grade', grade, 'count', count)",
    },
    LinkTable {
        table: "scenario_moves",
        dangling: "NOT EXISTS (SELECT 1 FROM scenarios WHERE scenarios.id = scenario_id)",
        row_json: "json_object('scenario_id', scenario_id, 'seq', seq, 'at', at, 'user', user,
                   'kind', kind, 'unit_uuid', unit_uuid, 'person_uuid', person_uuid,
                   'changes', changes)",
    },
    LinkTable {
        table: "floor_underlays",
        dangling: "NOT EXISTS (SELECT 1 FROM floors WHERE floors.id = floor_id)",
        row_json: "json_object('floor_id', floor_id, 'name', name, 'image_hex', hex(image),
                   'origin_x', origin_x, 'origin_y', origin_y,
                   'metres_per_pixel', metres_per_pixel, 'opacity', opacity)",
    },
];

/// Link rows found pointing at nothing when the file was opened, by table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetAside {
    /// (link table, rows) for each table that had any, in a fixed order.
    pub tables: Vec<(&'static str, usize)>,
    /// Whether they were moved into `officeplan_orphan_links` (the file was writable); when
    /// false they were only counted and are still where they were.
    pub moved: bool,
}

impl SetAside {
    /// How many rows in all.
    pub fn total(&self) -> usize {
        self.tables.iter().map(|(_, n)| n).sum()
    }

    /// "房间使用单位 3 条（room_units）; …": what each table links, its count and its name in
    /// the file (for whoever looks with another tool), for messages.
    pub fn describe(&self) -> String {
        self.tables
            .iter()
            .map(|(table, n)| {
                let key = format!("store.link_table.{table}");
                let what = crate::t!(&key);
                crate::t!("store.link_rows", what = what, count = n, table = table).into_owned()
            })
            .collect::<Vec<_>>()
            .join(&crate::t!("store.list_separator"))
    }
}

/// Counts dangling link rows without changing anything (a read-only file).
pub(super) fn count(conn: &Connection) -> rusqlite::Result<SetAside> {
    let mut tables = Vec::new();
    for link in &LINK_TABLES {
        let n: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM {} WHERE {}",
                link.table, link.dangling
            ),
            [],
            |r| r.get(0),
        )?;
        if n > 0 {
            tables.push((link.table, usize::try_from(n).unwrap_or(usize::MAX)));
        }
    }
    Ok(SetAside {
        tables,
        moved: false,
    })
}

/// Moves dangling link rows into `officeplan_orphan_links`, in one transaction with a
/// change-log line; does nothing (and writes nothing) when there are none.
pub(super) fn set_aside(conn: &mut Connection) -> rusqlite::Result<SetAside> {
    let found = count(conn)?;
    if found.tables.is_empty() {
        return Ok(found);
    }
    let tx = conn.transaction()?;
    for link in LINK_TABLES
        .iter()
        .filter(|l| found.tables.iter().any(|(t, _)| *t == l.table))
    {
        move_rows(&tx, link)?;
    }
    let record = super::ChangeRecord {
        action: crate::model::ChangeAction::SetAsideLinks,
        summary: crate::t!(
            "store.set_aside_summary",
            count = found.total(),
            tables = found.describe()
        )
        .to_string(),
        detail: serde_json::Value::Object(
            found
                .tables
                .iter()
                .map(|(t, n)| ((*t).to_owned(), serde_json::Value::from(*n)))
                .collect(),
        )
        .to_string(),
    };
    super::edit::log_change(&tx, &record)?;
    tx.commit()?;
    Ok(SetAside {
        tables: found.tables,
        moved: true,
    })
}

fn move_rows(tx: &Transaction<'_>, link: &LinkTable) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO officeplan_orphan_links (source_table, source_id, row_json)
             SELECT ?1, id, {} FROM {} WHERE {}",
            link.row_json, link.table, link.dangling
        ),
        params![link.table],
    )?;
    tx.execute(
        &format!("DELETE FROM {} WHERE {}", link.table, link.dangling),
        [],
    )?;
    Ok(())
}
