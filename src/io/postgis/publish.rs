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

use foldhash::{HashMap, HashMapExt as _};
use std::io::Write as _;

use crate::model::{ChangeAction, Project, Uuid};
use crate::workspace::{Edit, PostgisMark, Workspace};

use super::copy_line::{COPY_HEADER, COPY_TRAILER, CopyLine};
use super::server::{PgError, PgTarget, check_schema_name, require_postgis};
use super::tables::{self, TableRows, quote_ident};

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
    check_schema_name(&options.schema)?;
    let position = workspace.change_log_position()?;
    if !progress(0.02) {
        return Err(PgError::Cancelled);
    }
    let project = workspace.load_project()?;
    let regions = workspace.regions()?;
    let file = workspace.path().display().to_string();
    let mut outcome = publish_project(&project, &regions, &file, position, options, &mut |f| {
        progress(0.05 + 0.9 * f)
    })?;
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

/// Publishes a loaded project (the part of [`publish`] that talks to the server): `file` and
/// `position` are recorded in `officeplan_publish`.
pub fn publish_project(
    project: &Project,
    regions: &[crate::model::Region],
    file: &str,
    position: i64,
    options: &PublishOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<PublishOutcome, PgError> {
    check_schema_name(&options.schema)?;
    let server = options.target.describe();
    let sql = PgError::server(&server);
    let mut client = options.target.connect()?;
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

    let tables = tables::project_rows(project, regions, options.with_persons);
    let total: usize = tables.iter().map(TableRows::len).sum::<usize>().max(1);
    let mut done = 0usize;
    let mut changes = Vec::new();
    for table in &tables {
        let change = publish_table(&mut tx, &schema, table, &server, &mut |rows| {
            progress(0.9 * (done + rows) as f32 / total as f32)
        })?;
        done += table.len();
        changes.push(change);
        if !progress(0.9 * done as f32 / total as f32) {
            return Err(PgError::Cancelled);
        }
    }
    add_primary_keys(&mut tx, &options.schema, &server)?;
    tx.batch_execute(&indexes(&options.schema)).map_err(&sql)?;
    let counts = serde_json::to_string(&changes).unwrap_or_default();
    let settings = serde_json::to_string(&project.settings).unwrap_or_default();
    let region_code = project.region.as_ref().map(|r| r.code.clone());
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

/// Sends one table's changes: reads the server's hashes, deletes the rows that changed or
/// went, COPYs the new and changed ones.
fn publish_table(
    tx: &mut postgres::Transaction<'_>,
    schema: &str,
    table: &TableRows<'_>,
    server: &str,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<TableChange, PgError> {
    let sql = PgError::server(server);
    let name = table.spec.name;
    let mut on_server: HashMap<Uuid, i64> = HashMap::with_capacity(table.len());
    let params: [&(dyn postgres::types::ToSql + Sync); 0] = [];
    let mut rows = tx
        .query_raw(
            &format!("SELECT uuid, row_hash FROM {schema}.{name}"),
            params,
        )
        .map_err(&sql)?;
    // Streamed: a million hashes are never held as rows.
    while let Some(row) =
        postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(&sql)?
    {
        // A row another tool left without a hash counts as changed: it is sent again.
        let hash: Option<i64> = row.try_get(1).map_err(&sql)?;
        on_server.insert(row.try_get(0).map_err(&sql)?, hash.unwrap_or(0));
    }
    drop(rows);
    let before = on_server.len();
    let mut line = CopyLine::default();
    // Which rows to send; the server's rows that are kept are taken out of `on_server`, so
    // what is left there is deleted.
    let mut send: Vec<usize> = Vec::new();
    let mut updated_uuids: Vec<Uuid> = Vec::new();
    let mut inserted = 0u64;
    if on_server.is_empty() {
        send.extend(0..table.len());
        inserted = table.len() as u64;
    } else {
        for i in 0..table.len() {
            table.write(i, &mut line);
            match on_server.remove(&line.row_uuid()) {
                Some(hash) if hash == line.hash() => {}
                Some(_) => {
                    send.push(i);
                    updated_uuids.push(line.row_uuid());
                }
                None => {
                    send.push(i);
                    inserted += 1;
                }
            }
        }
    }
    let deleted = on_server.len() as u64;
    let updated = updated_uuids.len() as u64;
    let mut gone: Vec<Uuid> = on_server.into_keys().collect();
    gone.append(&mut updated_uuids);
    if !gone.is_empty() {
        tx.execute(
            &format!("DELETE FROM {schema}.{name} WHERE uuid = ANY($1)"),
            &[&gone],
        )
        .map_err(&sql)?;
    }
    if !send.is_empty() {
        let io_error = |e: std::io::Error| PgError::Server {
            server: server.to_owned(),
            reason: e.to_string(),
        };
        let mut writer = tx
            .copy_in(&format!(
                "COPY {schema}.{name} ({}) FROM STDIN (FORMAT binary)",
                table.spec.copy_columns()
            ))
            .map_err(&sql)?;
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
        buf.extend_from_slice(COPY_HEADER);
        for (n, i) in send.iter().enumerate() {
            table.write(*i, &mut line);
            line.append_tuple(&mut buf);
            if buf.len() >= 1 << 20 {
                writer.write_all(&buf).map_err(io_error)?;
                buf.clear();
                if !progress(n) {
                    return Err(PgError::Cancelled);
                }
            }
        }
        buf.extend_from_slice(COPY_TRAILER);
        writer.write_all(&buf).map_err(io_error)?;
        writer.finish().map_err(&sql)?;
    }
    Ok(TableChange {
        table: name.to_owned(),
        rows: (before + inserted as usize - deleted as usize) as u64,
        inserted,
        updated,
        deleted,
    })
}
