//! 发布到 PostGIS: the file's inventory into a PostGIS schema, in ONE server transaction.
//!
//! Incremental by content: each row's COPY line has a hash (`row_hash`, [`super::row_hash`]);
//! the server's hashes are read first, and only rows that are new or whose hash changed are
//! sent, rows the file no longer has are deleted. This finds every change, also those made
//! by QGIS or the sqlite3 shell that left no line in the file's change log. The change-log
//! position the publish stood on is recorded on both sides: in the server's
//! `officeplan_publish` table and, through [`crate::workspace::Edit::MarkPostgis`], in the file.
//!
//! A first publish COPYs (binary) into new tables and builds the primary keys and the GIST
//! indexes after the rows.

use std::io::Write as _;
use std::ops::ControlFlow;

use foldhash::{HashMap, HashMapExt as _};

use crate::model::{ChangeAction, Uuid};
use crate::workspace::{Edit, PostgisMark, Workspace};

use super::copy_line::{COPY_HEADER, COPY_TRAILER, CopyLine};
use super::file_rows::FileRows;
use super::server::{PgError, PgTarget, check_schema_name, require_postgis};
use super::tables::{self, TableSpec, quote_ident};

/// What to publish and where.
#[derive(Clone, Debug)]
pub struct PublishOptions {
    pub target: PgTarget,
    /// The schema (created when missing); default [`DEFAULT_SCHEMA`].
    pub schema: String,
    /// Publish persons with their names; without it the persons table is emptied.
    pub with_persons: bool,
}

/// The schema a publish writes when none is named.
pub const DEFAULT_SCHEMA: &str = "officeplan";

/// Rows inserted, updated and deleted in one table.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableChange {
    pub table: String,
    /// Rows the table holds after the publish.
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub deleted: u64,
}

/// What a publish did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishOutcome {
    pub server: String,
    pub schema: String,
    /// The file's change-log position the publish stood on.
    pub change_log_position: i64,
    /// Change-log lines since the previous publish recorded in the file (None: none was).
    pub logged_since_last: Option<i64>,
    /// The `officeplan_publish.id` of this publish.
    pub publish_id: i64,
    pub tables: Vec<TableChange>,
}

impl PublishOutcome {
    /// Rows sent or deleted over every table.
    pub fn changes(&self) -> u64 {
        self.tables
            .iter()
            .map(|t| t.inserted + t.updated + t.deleted)
            .sum()
    }

    /// One line per table, translated.
    pub fn lines(&self) -> Vec<String> {
        self.tables
            .iter()
            .map(|t| {
                crate::t!(
                    "postgis.table_line",
                    table = t.table,
                    rows = t.rows,
                    inserted = t.inserted,
                    updated = t.updated,
                    deleted = t.deleted
                )
                .into_owned()
            })
            .collect()
    }
}

/// The mark a publish leaves in the file (JSON in `officeplan_meta`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishMark {
    pub server: String,
    pub schema: String,
    pub change_log_position: i64,
    pub publish_id: i64,
    pub at: String,
}

/// Publishes the open file; `progress(fraction)` returns `false` to cancel (the server
/// transaction is then rolled back and nothing changes). Records the publish in the file.
pub fn publish(
    workspace: &mut Workspace,
    options: &PublishOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<PublishOutcome, PgError> {
    let mut outcome = publish_file(workspace, options, &mut |f| progress(0.97 * f))?;
    record_publish(workspace, &mut outcome)?;
    progress(1.0);
    Ok(outcome)
}

/// Records in the open file a publish made from it (on a job's thread, with a connection of
/// its own): the mark with the change-log position it stood on, one undoable change-log
/// line. Fills in [`PublishOutcome::logged_since_last`].
pub fn record_publish(
    workspace: &mut Workspace,
    outcome: &mut PublishOutcome,
) -> Result<(), PgError> {
    let last: Option<PublishMark> = workspace
        .postgis_mark(ChangeAction::PublishPostgis)?
        .and_then(|json| serde_json::from_str(&json).ok());
    let position = outcome.change_log_position;
    outcome.logged_since_last = last
        .filter(|m| m.server == outcome.server && m.schema == outcome.schema)
        .map(|m| position - m.change_log_position);
    let mark = PublishMark {
        server: outcome.server.clone(),
        schema: outcome.schema.clone(),
        change_log_position: position,
        publish_id: outcome.publish_id,
        at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    workspace.apply(Edit::MarkPostgis(Box::new(PostgisMark {
        action: ChangeAction::PublishPostgis,
        value: serde_json::to_string(&mark).ok(),
        summary: crate::t!(
            "postgis.publish_summary",
            server = outcome.server,
            schema = outcome.schema,
            changes = outcome.changes()
        )
        .into_owned(),
    })))?;
    Ok(())
}

/// Publishes the open file without recording it in the file (the part of [`publish`] that
/// talks to the server; a job calls it on a connection of its own and records the outcome
/// with [`record_publish`]). Rows are read from the file as they are sent: no project is
/// loaded.
pub fn publish_file(
    workspace: &Workspace,
    options: &PublishOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<PublishOutcome, PgError> {
    check_schema_name(&options.schema)?;
    let position = workspace.change_log_position()?;
    let file = workspace.path().display().to_string();
    let server = options.target.describe();
    let sql = PgError::server(&server);
    // Connecting first: a server that is not there is named before the file is read.
    let mut client = options.target.connect()?;
    let rows = FileRows::read(workspace, options.with_persons)?;
    // Rooms (and their units) are most of the rows: progress counts them.
    let rooms: u64 = workspace
        .index()
        .floors
        .iter()
        .map(|f| f.totals.total().rooms)
        .sum();
    let expected = (2 * rooms).max(1) as f32;
    let mut tx = client.transaction().map_err(&sql)?;
    require_postgis(&mut tx, &server)?;
    // The primary keys and GIST indexes of a first publish are built after the rows: with
    // PostgreSQL's default 64 MB they sort on disk. For this transaction only.
    tx.batch_execute("SET LOCAL maintenance_work_mem = '256MB'")
        .map_err(&sql)?;
    let schema = quote_ident(&options.schema);
    tx.batch_execute(&ddl(&options.schema)).map_err(&sql)?;
    // One publish at a time per schema: a second waits here until the first commits.
    tx.batch_execute(&format!(
        "LOCK TABLE {schema}.officeplan_publish IN SHARE ROW EXCLUSIVE MODE"
    ))
    .map_err(&sql)?;

    let mut done = 0u64;
    let mut changes = Vec::new();
    for spec in &tables::ALL {
        let change = publish_table(&mut tx, &schema, spec, &rows, &server, &mut |n| {
            progress((0.9 * (done + n) as f32 / expected).min(0.9))
        })?;
        if spec.name == tables::ROOMS.name || spec.name == tables::ROOM_UNITS.name {
            done += change.inserted + change.updated;
        }
        changes.push(change);
        if !progress((0.9 * done as f32 / expected).min(0.9)) {
            return Err(PgError::Cancelled);
        }
    }
    add_primary_keys(&mut tx, &options.schema, &server)?;
    tx.batch_execute(&indexes(&options.schema)).map_err(&sql)?;
    let counts = serde_json::to_string(&changes).unwrap_or_default();
    let settings = serde_json::to_string(rows.settings()).unwrap_or_default();
    let region_code = rows.region_code();
    let row = tx
        .query_one(
            &format!(
                "INSERT INTO {schema}.officeplan_publish
                   (file_path, region_code, change_log_position, with_persons, counts, settings)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
            ),
            &[
                &file,
                &region_code,
                &position,
                &options.with_persons,
                &counts,
                &settings,
            ],
        )
        .map_err(&sql)?;
    let publish_id: i64 = row.try_get(0).map_err(&sql)?;
    if !progress(0.97) {
        return Err(PgError::Cancelled);
    }
    tx.commit().map_err(&sql)?;
    progress(1.0);
    Ok(PublishOutcome {
        server: server.clone(),
        schema: options.schema.clone(),
        change_log_position: position,
        logged_since_last: None,
        publish_id,
        tables: changes,
    })
}

/// The schema, its tables and the publish record, created when missing.
fn ddl(schema_name: &str) -> String {
    let schema = quote_ident(schema_name);
    let mut sql = format!("CREATE SCHEMA IF NOT EXISTS {schema};\n");
    for table in tables::ALL {
        sql.push_str(&table.create_sql(schema_name));
        sql.push_str(";\n");
    }
    sql.push_str(&format!(
        "CREATE TABLE IF NOT EXISTS {schema}.officeplan_publish (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            file_path text NOT NULL,
            region_code text,
            change_log_position bigint NOT NULL,
            with_persons boolean NOT NULL,
            counts text NOT NULL,
            settings text NOT NULL
        );\n"
    ));
    sql
}

/// The primary key on `uuid` of every table that has none yet: after a first publish's rows,
/// one sorted build instead of an index insert per row.
fn add_primary_keys(
    tx: &mut postgres::Transaction<'_>,
    schema_name: &str,
    server: &str,
) -> Result<(), PgError> {
    let sql = PgError::server(server);
    let keyed: Vec<String> = tx
        .query(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE i.indisprimary AND n.nspname = $1",
            &[&schema_name],
        )
        .map_err(&sql)?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()
        .map_err(&sql)?;
    let schema = quote_ident(schema_name);
    for table in tables::ALL {
        if !keyed.iter().any(|k| k == table.name) {
            tx.batch_execute(&format!(
                "ALTER TABLE {schema}.{name} ADD PRIMARY KEY (uuid)",
                name = table.name
            ))
            .map_err(&sql)?;
        }
    }
    Ok(())
}

/// GIST indexes on every geometry column, and indexes on the references, when missing.
fn indexes(schema_name: &str) -> String {
    let schema = quote_ident(schema_name);
    let mut sql = String::new();
    for table in tables::ALL {
        for column in table.geometry_columns() {
            sql.push_str(&format!(
                "CREATE INDEX IF NOT EXISTS {name}_{column}_gist ON {schema}.{name} USING GIST ({column});\n",
                name = table.name
            ));
        }
    }
    for (table, column) in [
        ("rooms", "floor_uuid"),
        ("floors", "building_uuid"),
        ("buildings", "site_uuid"),
        ("room_units", "unit_uuid"),
    ] {
        sql.push_str(&format!(
            "CREATE INDEX IF NOT EXISTS {table}_{column} ON {schema}.{table} ({column});\n"
        ));
    }
    sql
}

/// Sends one table's changes in one pass over the file's rows: reads the server's hashes,
/// then hands each row that is new or changed to a COPY while the next rows are read (the
/// COPY is written on a second thread). A first publish COPYs straight into the empty
/// table; a later one COPYs into a temporary table, then replaces the changed rows and
/// deletes the rows the file no longer has.
fn publish_table(
    tx: &mut postgres::Transaction<'_>,
    schema: &str,
    spec: &TableSpec,
    rows: &FileRows<'_>,
    server: &str,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<TableChange, PgError> {
    let sql = PgError::server(server);
    let name = spec.name;
    let mut on_server: HashMap<Uuid, i64> = HashMap::new();
    let params: [&(dyn postgres::types::ToSql + Sync); 0] = [];
    let mut hashes = tx
        .query_raw(
            &format!("SELECT uuid, row_hash FROM {schema}.{name}"),
            params,
        )
        .map_err(&sql)?;
    // Streamed: a million hashes are never held as rows.
    while let Some(row) =
        postgres::fallible_iterator::FallibleIterator::next(&mut hashes).map_err(&sql)?
    {
        // A row another tool left without a hash counts as changed: it is sent again.
        let hash: Option<i64> = row.try_get(1).map_err(&sql)?;
        on_server.insert(row.try_get(0).map_err(&sql)?, hash.unwrap_or(0));
    }
    drop(hashes);
    let before = on_server.len() as u64;
    let first = on_server.is_empty();
    let incoming = format!("officeplan_incoming_{name}");
    let target = if first {
        format!("{schema}.{name}")
    } else {
        tx.batch_execute(&format!(
            "CREATE TEMPORARY TABLE {incoming} (LIKE {schema}.{name}) ON COMMIT DROP"
        ))
        .map_err(&sql)?;
        incoming.clone()
    };
    let mut inserted = 0u64;
    let mut updated = 0u64;
    let writer = tx
        .copy_in(&format!(
            "COPY {target} ({}) FROM STDIN (FORMAT binary)",
            spec.copy_columns()
        ))
        .map_err(&sql)?;
    let io_error = |e: std::io::Error| PgError::Server {
        server: server.to_owned(),
        reason: e.to_string(),
    };
    let mut failed: Option<PgError> = None;
    std::thread::scope(|scope| {
        // Full 1 MiB chunks travel to the writer; four in flight bound the memory. `None`
        // says the rows are complete: only then is the COPY finished. A writer dropped
        // without it aborts the COPY (a failure or a cancel while reading the file).
        let (chunks, received) = std::sync::mpsc::sync_channel::<Option<Vec<u8>>>(4);
        let sender = scope.spawn(move || -> Result<(), PgError> {
            let mut writer = writer;
            for chunk in received {
                match chunk {
                    Some(bytes) => writer.write_all(&bytes).map_err(io_error)?,
                    None => {
                        writer.finish().map_err(PgError::server(server))?;
                        break;
                    }
                }
            }
            Ok(())
        });
        let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + (64 << 10));
        buf.extend_from_slice(COPY_HEADER);
        let mut line = CopyLine::default();
        let mut sent = 0u64;
        let read = rows.each(spec, &mut line, &mut |line| {
            if !first {
                match on_server.remove(&line.row_uuid()) {
                    Some(hash) if hash == line.hash() => return ControlFlow::Continue(()),
                    Some(_) => updated += 1,
                    None => inserted += 1,
                }
            } else {
                inserted += 1;
            }
            line.append_tuple(&mut buf);
            sent += 1;
            if buf.len() >= CHUNK {
                let full = std::mem::replace(&mut buf, Vec::with_capacity(CHUNK + (64 << 10)));
                // A closed channel: the writer failed; its error is reported below.
                if chunks.send(Some(full)).is_err() {
                    return ControlFlow::Break(());
                }
                if !progress(sent) {
                    failed = Some(PgError::Cancelled);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        });
        match read {
            Err(e) => failed = Some(e),
            Ok(()) if failed.is_none() => {
                buf.extend_from_slice(COPY_TRAILER);
                chunks.send(Some(buf)).ok();
                chunks.send(None).ok();
            }
            Ok(()) => {}
        }
        drop(chunks);
        let written = sender.join().unwrap_or_else(|_| {
            Err(PgError::Server {
                server: server.to_owned(),
                reason: "COPY writer panicked".to_owned(),
            })
        });
        if let (None, Err(e)) = (&failed, written) {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let deleted = on_server.len() as u64;
    if !first {
        let gone: Vec<Uuid> = on_server.into_keys().collect();
        if !gone.is_empty() {
            tx.execute(
                &format!("DELETE FROM {schema}.{name} WHERE uuid = ANY($1)"),
                &[&gone],
            )
            .map_err(&sql)?;
        }
        if inserted + updated > 0 {
            tx.batch_execute(&format!(
                "DELETE FROM {schema}.{name} t USING {incoming} i WHERE t.uuid = i.uuid;
                 INSERT INTO {schema}.{name} SELECT * FROM {incoming};"
            ))
            .map_err(&sql)?;
        }
        tx.batch_execute(&format!("DROP TABLE {incoming}"))
            .map_err(&sql)?;
    }
    Ok(TableChange {
        table: name.to_owned(),
        rows: before + inserted - deleted,
        inserted,
        updated,
        deleted,
    })
}

/// How many bytes of COPY data are sent at once.
const CHUNK: usize = 1 << 20;
