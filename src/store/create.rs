//! Creating a project file from an in-memory [`Project`] (sample builder, generator, tests).
//!
//! The file is written under a temporary name in the same folder, in one transaction, and
//! renamed into place only when complete: a failure leaves no half-written project.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use geo::BoundingRect as _;
use rusqlite::{Transaction, params};

use super::room_rows::{ROOM_INSERT_COLUMNS, ROOM_INSERT_HEAD, bind_room};
use super::schema::{
    APPLICATION, GPKG_APPLICATION_ID, GPKG_USER_VERSION, MIGRATIONS, SCHEMA_VERSION,
};
use super::{Store, StoreError};
use crate::model::{Coded as _, Project, Region, Uuid};

/// How [`Store::create`] treats an existing file.
#[derive(Clone, Copy, Debug, Default)]
pub struct CreateOptions {
    /// Replace an existing file at the path (atomically, after the new one is complete).
    pub overwrite: bool,
}

/// Runs the schema steps after `from` and records the resulting version.
pub(super) fn run_steps(tx: &Transaction<'_>, from: i64) -> rusqlite::Result<()> {
    let start = usize::try_from(from).unwrap_or(0);
    for step in MIGRATIONS.iter().skip(start) {
        tx.execute_batch(step)?;
    }
    tx.execute(
        "INSERT INTO officeplan_meta (key, value) VALUES ('schema_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SCHEMA_VERSION.to_string()],
    )?;
    // GDAL keeps feature counts in its own table, kept by triggers that a table rebuild
    // dropped: NULL makes GDAL count again instead of trusting a stale number.
    let gdal_counts: i64 = tx.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'",
        [],
        |r| r.get(0),
    )?;
    if gdal_counts > 0 {
        tx.execute(
            "UPDATE gpkg_ogr_contents SET feature_count = NULL WHERE lower(table_name) IN ('rooms', 'buildings')",
            [],
        )?;
    }
    Ok(())
}

/// A UUID as the 36-character text stored in the file, without allocating.
pub(super) fn uuid_text<'a>(uuid: &Uuid, buf: &'a mut [u8; 36]) -> &'a str {
    uuid.hyphenated().encode_lower(buf)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.partial", std::process::id()));
    path.with_file_name(name)
}

/// Has `write` make a whole new file under a temporary name beside `path`, renames it into
/// place when complete and opens it: a failure at any step leaves nothing behind.
pub(super) fn write_into_place(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), StoreError>,
) -> Result<Store, StoreError> {
    let temp = temp_path(path);
    std::fs::remove_file(&temp).ok();
    if let Err(error) = write(&temp) {
        std::fs::remove_file(&temp).ok();
        return Err(error);
    }
    std::fs::rename(&temp, path).map_err(|source| {
        std::fs::remove_file(&temp).ok();
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Store::open(path).map_err(|e| StoreError::Missing {
        path: path.to_path_buf(),
        what: e.to_string(),
    })
}

impl Store {
    /// Creates a new project file holding `project`, and opens it.
    pub fn create(
        path: &Path,
        project: &Project,
        options: CreateOptions,
    ) -> Result<Store, StoreError> {
        Self::create_with_regions(path, project, &[], options)
    }

    /// [`Store::create`] for a file that holds more regions than its own (a provincial file
    /// pulled from PostGIS: its counties, which `Site::region` and `Unit::region` name).
    /// `regions` may repeat the project's own region; it is written once.
    pub fn create_with_regions(
        path: &Path,
        project: &Project,
        regions: &[Region],
        options: CreateOptions,
    ) -> Result<Store, StoreError> {
        if path.exists() && !options.overwrite {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        write_into_place(path, |temp| write_new_file(temp, project, regions))
    }
}

fn write_new_file(temp: &Path, project: &Project, regions: &[Region]) -> Result<(), StoreError> {
    let sql = |source: rusqlite::Error| StoreError::Sqlite {
        path: temp.to_path_buf(),
        source,
    };
    let mut conn = rusqlite::Connection::open(temp)
        .and_then(super::connection::prepare)
        .map_err(sql)?;
    // A fresh file that is renamed into place only when complete needs no rollback journal
    // while it is written; the file is left in rollback mode (the default) for later writes.
    // 8 KiB pages: a 1M-room write spent a fifth of its time splitting 4 KiB index pages.
    // Foreign keys are not checked by SQLite here: `lookup` resolves every reference to a row
    // inserted before it and fails the whole write otherwise, so a check would only repeat it.
    conn.execute_batch(&format!(
        "PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;
         PRAGMA cache_size = -32768; PRAGMA threads = 2; PRAGMA temp_store = MEMORY; PRAGMA application_id = {GPKG_APPLICATION_ID};
         PRAGMA user_version = {GPKG_USER_VERSION};"
    ))
    .map_err(sql)?;
    let tx = conn.transaction().map_err(sql)?;
    for step in MIGRATIONS {
        tx.execute_batch(step).map_err(sql)?;
    }
    tx.execute(
        "INSERT INTO officeplan_meta (key, value) VALUES ('application', ?1), ('schema_version', ?2), ('created', strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
        params![APPLICATION, SCHEMA_VERSION.to_string()],
    )
    .map_err(sql)?;
    // Bulk load, then index: building a secondary index from sorted rows is much cheaper
    // than updating it row by row (room_units_unit alone is a random-order insert per room),
    // and the spatial index is filled once instead of by a trigger per row.
    let deferred = take_secondary_indexes(&tx).map_err(sql)?;
    insert_project(&tx, project, regions).map_err(sql)?;
    for create in &deferred {
        tx.execute_batch(create).map_err(sql)?;
    }
    tx.execute_batch(super::schema_v5::FILL_SPATIAL_INDEXES)
        .map_err(sql)?;
    // The totals' triggers were away with the others: every floor is measured once here.
    tx.execute_batch(
        "INSERT OR IGNORE INTO officeplan_floor_totals_stale (floor_id) SELECT id FROM floors",
    )
    .map_err(sql)?;
    super::floor_totals::refresh(&tx).map_err(sql)?;
    tx.commit().map_err(sql)?;
    conn.close().map_err(|(_, e)| sql(e))
}

/// The one secondary index kept during a bulk write: rooms arrive floor by floor, so it
/// only grows at its end, while rebuilding it would read the whole rooms table back.
const GROWS_AT_ITS_END: &str = "rooms_floor";

/// Drops the schema's other explicitly created indexes (not the UNIQUE constraints) and its
/// triggers (the spatial index's), and returns the statements that recreate them, in schema
/// order.
fn take_secondary_indexes(tx: &Transaction<'_>) -> rusqlite::Result<Vec<String>> {
    let taken: Vec<(String, String, String)> = tx
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND name <> ?1 ORDER BY rowid")?
        .query_map([GROWS_AT_ITS_END], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, _) in &taken {
        let kind = if kind == "trigger" {
            "TRIGGER"
        } else {
            "INDEX"
        };
        tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(taken.into_iter().map(|(_, _, create)| create).collect())
}

/// Rows of 11 columns per multi-row INSERT in bulk writes (narrower rows get more, so each
/// statement binds about 704 values, far below SQLite's 32,766; per-statement overhead was
/// most of a 1M-room write).
const ROWS_PER_STATEMENT: usize = 64;

/// `head (?, ?, …), (?, ?, …), …` with `rows` groups of `columns` placeholders.
pub(super) fn multi_row_sql(head: &str, columns: usize, rows: usize) -> String {
    let group = format!("({})", vec!["?"; columns].join(", "));
    format!("{head}{}", vec![group; rows].join(", "))
}

/// Inserts `items` with multi-row INSERT statements of `columns` placeholders per row.
/// `bind(stmt, first_parameter, item)` binds one row's values from `first_parameter` on;
/// `inserted(first_rowid, chunk)` is told the row ids of each chunk (rows without an
/// explicit id get max(id) + 1 in order, so a chunk's ids are consecutive).
fn insert_rows<T>(
    tx: &Transaction<'_>,
    head: &str,
    columns: usize,
    items: &[T],
    mut bind: impl FnMut(&mut rusqlite::Statement<'_>, usize, &T) -> rusqlite::Result<()>,
    mut inserted: impl FnMut(i64, &[T]) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let rows = (ROWS_PER_STATEMENT * 11 / columns).max(1);
    let mut full = tx.prepare(&multi_row_sql(head, columns, rows))?;
    for chunk in items.chunks(rows) {
        let mut remainder;
        let stmt = if chunk.len() == rows {
            &mut full
        } else {
            remainder = tx.prepare(&multi_row_sql(head, columns, chunk.len()))?;
            &mut remainder
        };
        for (i, item) in chunk.iter().enumerate() {
            bind(stmt, i * columns + 1, item)?;
        }
        stmt.raw_execute()?;
        inserted(tx.last_insert_rowid() - chunk.len() as i64 + 1, chunk)?;
    }
    Ok(())
}

/// Inserts (a, b) integer pairs into a two-column link table.
fn insert_pairs(tx: &Transaction<'_>, head: &str, pairs: &[(i64, i64)]) -> rusqlite::Result<()> {
    insert_rows(
        tx,
        head,
        2,
        pairs,
        |stmt, at, (a, b)| {
            stmt.raw_bind_parameter(at, a)?;
            stmt.raw_bind_parameter(at + 1, b)
        },
        |_, _| Ok(()),
    )
}

/// A hasher for UUID keys: v4/v5/v7 UUIDs end in random bits, so the low 64 bits are
/// already a good hash (SipHash showed up at 8 % of a 1M-room write).
#[derive(Default)]
pub(super) struct UuidHasher(u64);

impl std::hash::Hasher for UuidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (slot, b) in word.iter_mut().zip(chunk) {
                *slot = *b;
            }
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }
}

/// Map from UUID to row id.
pub(super) type IdMap = HashMap<Uuid, i64, std::hash::BuildHasherDefault<UuidHasher>>;

/// Inserts a whole project into an empty schema.
fn insert_project(
    tx: &Transaction<'_>,
    project: &Project,
    regions: &[Region],
) -> rusqlite::Result<()> {
    let mut buf = [0u8; 36];
    let settings = &project.settings;
    let mut meta = tx.prepare("INSERT INTO officeplan_meta (key, value) VALUES (?1, ?2)")?;
    meta.execute(params!["standard", settings.standard])?;
    meta.execute(params!["province", settings.province])?;
    if let Some(as_of) = &settings.as_of {
        meta.execute(params!["as_of", as_of])?;
    }
    if !settings.standard_overrides.trim().is_empty() {
        meta.execute(params![
            super::settings::STANDARD_OVERRIDES,
            settings.standard_overrides
        ])?;
    }
    for (key, value) in [
        (super::settings::FILLER_UNIT, &settings.filler.unit),
        (super::settings::FILLER_NAME, &settings.filler.name),
        (super::settings::FILLER_PHONE, &settings.filler.phone),
    ] {
        if !value.trim().is_empty() {
            meta.execute(params![key, value.trim()])?;
        }
    }
    if let Some(region) = &project.region {
        super::inventory::insert_region(tx, region)?;
    }
    let own = project.region.as_ref().map(|r| r.uuid);
    for region in regions.iter().filter(|r| Some(r.uuid) != own) {
        super::inventory::insert_region(tx, region)?;
    }

    let mut site_ids = IdMap::default();
    for site in &project.sites {
        site_ids.insert(site.uuid, super::inventory::insert_site(tx, site)?);
    }

    let mut building_ids = IdMap::default();
    let mut footprint_extent = Extent::default();
    for b in &project.buildings {
        let site = lookup(&site_ids, &b.site, "building.site")?;
        let id = super::inventory::insert_building(tx, b, site, &mut footprint_extent)?;
        building_ids.insert(b.uuid, id);
    }

    let mut floor_ids = IdMap::default();
    {
        let mut stmt = tx.prepare(
            "INSERT INTO floors (uuid, building_id, name, level, elevation_m, storey_height_m) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for f in &project.floors {
            stmt.execute(params![
                uuid_text(&f.uuid, &mut buf),
                lookup(&building_ids, &f.building, "floor.building")?,
                f.name,
                f.level,
                f.elevation_m,
                f.storey_height_m
            ])?;
            floor_ids.insert(f.uuid, tx.last_insert_rowid());
        }
    }

    let unit_ids = insert_units(tx, project)?;
    let person_ids = insert_persons(tx, project, &unit_ids)?;
    super::construction::insert_all(tx, &project.construction_projects)?;
    for approval in &project.approvals {
        super::approval::upsert_approval(tx, approval)?;
    }

    let mut room_extent = Extent::default();
    // Only rooms that persons sit in need their row id remembered.
    let person_rooms: std::collections::HashSet<Uuid, std::hash::BuildHasherDefault<UuidHasher>> =
        project
            .persons
            .iter()
            .flat_map(|p| p.rooms.iter().copied())
            .collect();
    let mut room_ids = IdMap::default();
    room_ids.reserve(person_rooms.len());
    let mut occupancy: Vec<(i64, i64)> = Vec::with_capacity(project.rooms.len());
    let mut blob = Vec::with_capacity(256);
    insert_rows(
        tx,
        ROOM_INSERT_HEAD,
        ROOM_INSERT_COLUMNS,
        &project.rooms,
        |stmt, at, room| {
            room_extent.add(&room.polygon);
            let floor_id = lookup(&floor_ids, &room.floor, "room.floor")?;
            bind_room(stmt, at, room, floor_id, &mut blob)
        },
        |first, chunk| {
            for (room_id, room) in (first..).zip(chunk) {
                if person_rooms.contains(&room.uuid) {
                    room_ids.insert(room.uuid, room_id);
                }
                for unit in &room.units {
                    occupancy.push((room_id, lookup(&unit_ids, unit, "room.unit")?));
                }
            }
            Ok(())
        },
    )?;
    insert_pairs(
        tx,
        "INSERT INTO room_units (room_id, unit_id) VALUES ",
        &occupancy,
    )?;
    let mut seats = Vec::with_capacity(project.persons.len());
    for person in &project.persons {
        let person_id = lookup(&person_ids, &person.uuid, "person")?;
        for room in &person.rooms {
            seats.push((lookup(&room_ids, room, "person.room")?, person_id));
        }
    }
    insert_pairs(
        tx,
        "INSERT INTO room_persons (room_id, person_id) VALUES ",
        &seats,
    )?;
    room_extent.write(tx, "rooms")?;
    footprint_extent.write(tx, "buildings")?;
    Ok(())
}

fn insert_units(tx: &Transaction<'_>, project: &Project) -> rusqlite::Result<IdMap> {
    let mut buf = [0u8; 36];
    let mut unit_ids = IdMap::default();
    let mut stmt = tx.prepare(
        "INSERT INTO units (uuid, name, organ_category, kind, service_posts, headcount, note, rank_step, region_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT id FROM regions WHERE uuid = ?9))",
    )?;
    let mut posts =
        tx.prepare("INSERT INTO unit_posts (unit_id, grade, count) VALUES (?1, ?2, ?3)")?;
    for u in &project.units {
        stmt.execute(params![
            uuid_text(&u.uuid, &mut buf),
            u.name,
            u.organ_category.code(),
            u.kind.code(),
            u.service_posts,
            u.headcount,
            u.note,
            u.rank_step.map(|s| s.code()),
            u.region.map(|r| r.to_string())
        ])?;
        let id = tx.last_insert_rowid();
        unit_ids.insert(u.uuid, id);
        for (grade, count) in &u.posts {
            posts.execute(params![id, grade.code(), count])?;
        }
    }
    // Parents may come after their children in the list: link them in a second pass.
    let mut parent = tx.prepare("UPDATE units SET parent_id = ?1 WHERE id = ?2")?;
    for u in &project.units {
        if let Some(p) = &u.parent {
            parent.execute(params![
                lookup(&unit_ids, p, "unit.parent")?,
                lookup(&unit_ids, &u.uuid, "unit")?
            ])?;
        }
    }
    Ok(unit_ids)
}

fn insert_persons(
    tx: &Transaction<'_>,
    project: &Project,
    unit_ids: &IdMap,
) -> rusqlite::Result<IdMap> {
    let mut buf = [0u8; 36];
    let mut person_ids = IdMap::default();
    person_ids.reserve(project.persons.len());
    let mut concurrent = Vec::new();
    insert_rows(
        tx,
        "INSERT INTO persons (uuid, name, grade, title, unit_id, status, status_date, \
         second_office_approval, second_office_approval_date, rank, rank_only, \
         party_government_head) VALUES ",
        12,
        &project.persons,
        |stmt, at, p| {
            stmt.raw_bind_parameter(at, uuid_text(&p.uuid, &mut buf))?;
            stmt.raw_bind_parameter(at + 1, &p.name)?;
            stmt.raw_bind_parameter(at + 2, p.grade.code())?;
            stmt.raw_bind_parameter(at + 3, &p.title)?;
            stmt.raw_bind_parameter(at + 4, lookup(unit_ids, &p.unit, "person.unit")?)?;
            stmt.raw_bind_parameter(at + 5, p.status.code())?;
            stmt.raw_bind_parameter(at + 6, &p.status_date)?;
            stmt.raw_bind_parameter(at + 7, &p.second_office_approval)?;
            stmt.raw_bind_parameter(at + 8, &p.second_office_approval_date)?;
            stmt.raw_bind_parameter(at + 9, super::organisation::rank_text(p))?;
            stmt.raw_bind_parameter(at + 10, p.rank_only)?;
            stmt.raw_bind_parameter(at + 11, p.party_government_head)
        },
        |first, chunk| {
            for (id, p) in (first..).zip(chunk) {
                person_ids.insert(p.uuid, id);
                for post in &p.concurrent {
                    let unit = lookup(unit_ids, &post.unit, "person.concurrent_unit")?;
                    concurrent.push((id, unit, post.clone()));
                }
            }
            Ok(())
        },
    )?;
    // Concurrent posts are few (a county has a handful): one statement each.
    let mut post = tx.prepare(
        "INSERT OR IGNORE INTO person_concurrent_units (person_id, unit_id, start_date, end_date)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (person, unit, p) in concurrent {
        post.execute(rusqlite::params![person, unit, p.start, p.end])?;
    }
    Ok(person_ids)
}

/// Resolves a reference to a row inserted earlier; a dangling one is a constraint failure.
fn lookup(ids: &IdMap, uuid: &Uuid, what: &str) -> rusqlite::Result<i64> {
    ids.get(uuid).copied().ok_or_else(|| {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
            Some(format!(
                "{what} refers to {uuid}, which is not in the project"
            )),
        )
    })
}

/// Bounding box of a feature table, for `gpkg_contents`.
#[derive(Default)]
pub(super) struct Extent(Option<geo::Rect<f64>>);

impl Extent {
    pub(super) fn add(&mut self, polygon: &geo::Polygon<f64>) {
        if let Some(rect) = polygon.bounding_rect() {
            self.0 = Some(match self.0 {
                None => rect,
                Some(r) => geo::Rect::new(
                    geo::coord! { x: r.min().x.min(rect.min().x), y: r.min().y.min(rect.min().y) },
                    geo::coord! { x: r.max().x.max(rect.max().x), y: r.max().y.max(rect.max().y) },
                ),
            });
        }
    }

    pub(super) fn write(&self, tx: &Transaction<'_>, table: &str) -> rusqlite::Result<()> {
        if let Some(r) = self.0 {
            tx.execute(
                "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?1), ?1),
                    min_y = min(coalesce(min_y, ?2), ?2), max_x = max(coalesce(max_x, ?3), ?3),
                    max_y = max(coalesce(max_y, ?4), ?4), last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?5",
                params![r.min().x, r.min().y, r.max().x, r.max().y, table],
            )?;
        }
        Ok(())
    }
}
