//! Scenarios (调剂方案) in the file: their moves, and applying them to the baseline.
//!
//! A scenario's moves never touch the baseline tables until [`Store::apply_scenario`], which
//! writes every room's units and status and every person's rooms in one transaction, after
//! checking that each is still as the move found it.

use rusqlite::{OptionalExtension as _, Transaction, params};

use super::create::uuid_text;
use super::edit::ChangeRecord;
use super::{Store, StoreError, current_user, sql_error};
use crate::model::{ChangeAction, Move, MoveKind, RoomChange, SeatChange};
use crate::model::{Coded as _, RoomStatus, Uuid};

/// A scenario with its moves: what deleting it would lose, and what brings it back.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioRecord {
    pub info: ScenarioInfo,
    pub moves: Vec<Move>,
}

/// A scenario as listed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ScenarioInfo {
    pub uuid: Uuid,
    pub name: String,
    pub note: String,
    pub created_at: String,
    pub created_by: String,
    /// The baseline version it was made or last rebased on ([`Store::baseline_version`]).
    pub base_version: i64,
    /// When it was applied to the baseline, if it was.
    pub applied_at: Option<String>,
    pub moves: usize,
}

/// What the JSON column of a move holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Changes {
    rooms: Vec<RoomChange>,
    seats: Vec<SeatChange>,
    /// Why the move (智能调剂 says why it chose each room); absent in older files.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    reason: String,
}

impl Store {
    /// The baseline's version: the id of the last change-log line whose action changes the
    /// baseline ([`ChangeAction::changes_baseline`]: scenario bookkeeping and underlays do
    /// not; a code of another version counts as a change). A scenario made at an older
    /// version is stale.
    pub fn baseline_version(&self) -> Result<i64, StoreError> {
        let kept: Vec<String> = ChangeAction::ALL
            .iter()
            .filter(|a| !a.changes_baseline())
            .map(|a| format!("'{}'", a.code()))
            .collect();
        // The codes are this build's constants (no quotes in them), not user text.
        let sql = format!(
            "SELECT coalesce(max(id), 0) FROM change_log WHERE action NOT IN ({})",
            kept.join(", ")
        );
        self.conn
            .query_row(&sql, [], |r| r.get(0))
            .map_err(|e| self.sql_error(e))
    }

    /// Every scenario, oldest first.
    pub fn scenarios(&self) -> Result<Vec<ScenarioInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.uuid, s.name, s.note, s.created_at, s.created_by, s.base_version,
                    s.applied_at, (SELECT count(*) FROM scenario_moves m WHERE m.scenario_id = s.id)
                 FROM scenarios s ORDER BY s.id",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    ScenarioInfo {
                        uuid: Uuid::nil(),
                        name: r.get(2)?,
                        note: r.get(3)?,
                        created_at: r.get(4)?,
                        created_by: r.get(5)?,
                        base_version: r.get(6)?,
                        applied_at: r.get(7)?,
                        moves: r.get::<_, i64>(8)?.try_into().unwrap_or(0),
                    },
                ))
            })
            .map_err(|e| self.sql_error(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, uuid, mut info) = row.map_err(|e| self.sql_error(e))?;
            info.uuid = self.parse_uuid("scenarios", id, "uuid", &uuid)?;
            out.push(info);
        }
        Ok(out)
    }

    fn parse_uuid(
        &self,
        table: &'static str,
        row: i64,
        column: &'static str,
        text: &str,
    ) -> Result<Uuid, StoreError> {
        Uuid::parse_str(text).map_err(|_| StoreError::BadValue {
            path: self.path.clone(),
            table,
            row,
            column,
            value: text.to_owned(),
        })
    }

    /// The scenario with this UUID.
    pub fn scenario(&self, scenario: &Uuid) -> Result<ScenarioInfo, StoreError> {
        self.scenarios()?
            .into_iter()
            .find(|s| s.uuid == *scenario)
            .ok_or_else(|| StoreError::Missing {
                path: self.path.clone(),
                what: format!("scenario {scenario}"),
            })
    }

    /// The scenario with its moves, as a record that [`Store::insert_scenario`] writes back.
    pub fn scenario_record(&self, scenario: &Uuid) -> Result<ScenarioRecord, StoreError> {
        Ok(ScenarioRecord {
            info: self.scenario(scenario)?,
            moves: self.scenario_moves(scenario)?,
        })
    }

    /// Writes a scenario with its moves: a new one (`created_at` empty: now) or a deleted one
    /// brought back as it was. A name already in the file is refused.
    pub fn insert_scenario(
        &mut self,
        scenario: &ScenarioRecord,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        let info = &scenario.info;
        let taken = self
            .conn
            .query_row(
                "SELECT 1 FROM scenarios WHERE name = ?1 OR uuid = ?2",
                [info.name.as_str(), info.uuid.to_string().as_str()],
                |_| Ok(()),
            )
            .optional()
            .map_err(|e| self.sql_error(e))?;
        if taken.is_some() {
            return Err(StoreError::Duplicate {
                path: self.path.clone(),
                what: info.name.clone(),
            });
        }
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let mut buf = [0u8; 36];
            tx.execute(
                "INSERT INTO scenarios (uuid, name, note, created_at, created_by, base_version, applied_at)
                 VALUES (?1, ?2, ?3, coalesce(nullif(?4, ''), strftime('%Y-%m-%dT%H:%M:%fZ','now')), ?5, ?6, ?7)",
                params![
                    uuid_text(&info.uuid, &mut buf),
                    info.name,
                    info.note,
                    info.created_at,
                    info.created_by,
                    info.base_version,
                    info.applied_at
                ],
            )
            .map_err(sql)?;
            let id = tx.last_insert_rowid();
            for m in &scenario.moves {
                insert_move(tx, id, m).map_err(sql)?;
            }
            Ok(())
        })
    }

    /// Deletes a scenario and its moves.
    pub fn delete_scenario(
        &mut self,
        scenario: &Uuid,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            let n = tx
                .execute(
                    "DELETE FROM scenarios WHERE uuid = ?1",
                    [uuid_text(scenario, &mut buf)],
                )
                .map_err(sql_error(path))?;
            if n == 0 {
                return Err(StoreError::Missing {
                    path: path.to_path_buf(),
                    what: format!("scenario {scenario}"),
                });
            }
            Ok(())
        })
    }

    fn scenario_id(tx: &Transaction<'_>, scenario: &Uuid) -> rusqlite::Result<Option<i64>> {
        let mut buf = [0u8; 36];
        tx.query_row(
            "SELECT id FROM scenarios WHERE uuid = ?1",
            [uuid_text(scenario, &mut buf)],
            |r| r.get(0),
        )
        .optional()
    }

    /// The moves of a scenario, in order.
    pub fn scenario_moves(&self, scenario: &Uuid) -> Result<Vec<Move>, StoreError> {
        let mut buf = [0u8; 36];
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.id, m.kind, m.unit_uuid, m.person_uuid, m.changes FROM scenario_moves m
                 JOIN scenarios s ON s.id = m.scenario_id WHERE s.uuid = ?1 ORDER BY m.seq",
            )
            .map_err(|e| self.sql_error(e))?;
        let rows = stmt
            .query_map([uuid_text(scenario, &mut buf)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(|e| self.sql_error(e))?;
        let mut moves = Vec::new();
        for row in rows {
            let (id, kind, unit, person, changes) = row.map_err(|e| self.sql_error(e))?;
            let bad = |column: &'static str, value: &str| StoreError::BadValue {
                path: self.path.clone(),
                table: "scenario_moves",
                row: id,
                column,
                value: value.chars().take(80).collect(),
            };
            let kind = MoveKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?;
            let uuid = |column: &'static str, text: Option<String>| {
                text.map(|t| self.parse_uuid("scenario_moves", id, column, &t))
                    .transpose()
            };
            let changes: Changes =
                serde_json::from_str(&changes).map_err(|_| bad("changes", &changes))?;
            moves.push(Move {
                kind,
                unit: uuid("unit_uuid", unit)?,
                person: uuid("person_uuid", person)?,
                rooms: changes.rooms,
                seats: changes.seats,
                reason: changes.reason,
            });
        }
        Ok(moves)
    }

    /// Appends a move to a scenario that holds `expected` moves (no change-log line: the
    /// baseline is untouched). Returns `false`, writing nothing, when the scenario holds
    /// another number of moves: another program added or removed one since they were read,
    /// and the move was computed on a state that is no longer the scenario's.
    pub fn push_move(
        &mut self,
        scenario: &Uuid,
        m: &Move,
        expected: usize,
    ) -> Result<bool, StoreError> {
        self.ensure_writable()?;
        let path = self.path.clone();
        let sql = sql_error(&path);
        // Every transaction of ours begins IMMEDIATE (connection::prepare): the count and the
        // insert see the same file, whoever else writes.
        let tx = self.conn.transaction().map_err(sql)?;
        let id = Self::scenario_id(&tx, scenario)
            .map_err(sql)?
            .ok_or_else(|| StoreError::Missing {
                path: path.clone(),
                what: format!("scenario {scenario}"),
            })?;
        let count: i64 = tx
            .query_row(
                "SELECT count(*) FROM scenario_moves WHERE scenario_id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if usize::try_from(count).ok() != Some(expected) {
            return Ok(false);
        }
        insert_move(&tx, id, m).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(true)
    }

    /// Removes a scenario's last move (undo), which must be `m`.
    pub fn pop_move(&mut self, scenario: &Uuid, m: &Move) -> Result<(), StoreError> {
        self.ensure_writable()?;
        let moves = self.scenario_moves(scenario)?;
        if moves.last() != Some(m) {
            return Err(StoreError::Missing {
                path: self.path.clone(),
                what: format!("scenario {scenario}: last move"),
            });
        }
        let path = self.path.clone();
        let sql = sql_error(&path);
        let tx = self.conn.transaction().map_err(sql)?;
        if let Some(id) = Self::scenario_id(&tx, scenario).map_err(sql)? {
            tx.execute(
                "DELETE FROM scenario_moves WHERE scenario_id = ?1
                 AND seq = (SELECT max(seq) FROM scenario_moves WHERE scenario_id = ?1)",
                [id],
            )
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Replaces a scenario's moves with `moves` and records the baseline version it stands
    /// on (a rebase, or its undo).
    pub fn set_scenario_moves(
        &mut self,
        scenario: &Uuid,
        moves: &[Move],
        version: i64,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let id = Self::scenario_id(tx, scenario)
                .map_err(sql)?
                .ok_or_else(|| StoreError::Missing {
                    path: path.to_path_buf(),
                    what: format!("scenario {scenario}"),
                })?;
            tx.execute("DELETE FROM scenario_moves WHERE scenario_id = ?1", [id])
                .map_err(sql)?;
            for m in moves {
                insert_move(tx, id, m).map_err(sql)?;
            }
            tx.execute(
                "UPDATE scenarios SET base_version = ?1 WHERE id = ?2",
                params![version, id],
            )
            .map_err(sql)?;
            Ok(())
        })
    }

    /// Writes `moves` (forward) into the baseline in one transaction and marks the scenario
    /// applied; with `undo`, writes their inverses in reverse order and clears the mark. Each
    /// room and seat must be as the move found it, or nothing is written.
    pub fn apply_scenario(
        &mut self,
        scenario: &Uuid,
        moves: &[Move],
        undo: bool,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let steps: Vec<Move> = if undo {
                moves.iter().rev().map(Move::inverse).collect()
            } else {
                moves.to_vec()
            };
            for m in &steps {
                for change in &m.rooms {
                    write_room_change(tx, path, change)?;
                }
                for seat in &m.seats {
                    write_seat_change(tx, path, seat)?;
                }
            }
            let mut buf = [0u8; 36];
            let changed = if undo {
                tx.execute(
                    "UPDATE scenarios SET applied_at = NULL WHERE uuid = ?1",
                    [uuid_text(scenario, &mut buf)],
                )
            } else {
                tx.execute(
                    "UPDATE scenarios SET applied_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE uuid = ?1",
                    [uuid_text(scenario, &mut buf)],
                )
            }
            .map_err(sql)?;
            if changed == 0 {
                return Err(StoreError::Missing {
                    path: path.to_path_buf(),
                    what: format!("scenario {scenario}"),
                });
            }
            Ok(())
        })
    }
}

fn insert_move(tx: &Transaction<'_>, scenario_id: i64, m: &Move) -> rusqlite::Result<()> {
    let changes = Changes {
        rooms: m.rooms.clone(),
        seats: m.seats.clone(),
        reason: m.reason.clone(),
    };
    let json = serde_json::to_string(&changes)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.execute(
        "INSERT INTO scenario_moves (scenario_id, seq, user, kind, unit_uuid, person_uuid, changes)
         VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM scenario_moves WHERE scenario_id = ?1),
                 ?2, ?3, ?4, ?5, ?6)",
        params![
            scenario_id,
            current_user(),
            m.kind.code(),
            m.unit.map(|u| u.to_string()),
            m.person.map(|p| p.to_string()),
            json
        ],
    )?;
    Ok(())
}

fn sorted(mut v: Vec<Uuid>) -> Vec<Uuid> {
    v.sort_unstable();
    v
}

/// A room's units and status, written after checking they are as `change` found them.
fn write_room_change(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    change: &RoomChange,
) -> Result<(), StoreError> {
    let sql = sql_error(path);
    let mut buf = [0u8; 36];
    let room = uuid_text(&change.room, &mut buf).to_owned();
    let found: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT fid, status, number FROM rooms WHERE uuid = ?1",
            [&room],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(sql)?;
    let Some((fid, status, number)) = found else {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
            what: format!("room {room}"),
        });
    };
    let mut stmt = tx
        .prepare_cached(
            "SELECT u.uuid FROM room_units ru JOIN units u ON u.id = ru.unit_id WHERE ru.room_id = ?1",
        )
        .map_err(sql)?;
    let units: Vec<String> = stmt
        .query_map([fid], |r| r.get(0))
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    let units: Vec<Uuid> = units
        .iter()
        .filter_map(|u| Uuid::parse_str(u).ok())
        .collect();
    if sorted(units) != sorted(change.units_before.clone())
        || RoomStatus::parse(&status) != Some(change.status_before)
    {
        return Err(StoreError::Conflict {
            path: path.to_path_buf(),
            what: number,
        });
    }
    tx.execute("DELETE FROM room_units WHERE room_id = ?1", [fid])
        .map_err(sql)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO room_units (room_id, unit_id) SELECT ?1, id FROM units WHERE uuid = ?2",
        )
        .map_err(sql)?;
    for unit in &change.units_after {
        let mut b = [0u8; 36];
        let n = insert
            .execute(params![fid, uuid_text(unit, &mut b)])
            .map_err(sql)?;
        if n == 0 {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
                what: format!("unit {unit}"),
            });
        }
    }
    tx.execute(
        "UPDATE rooms SET status = ?1, status_since = ?2 WHERE fid = ?3",
        params![change.status_after.code(), change.since_after, fid],
    )
    .map_err(sql)?;
    Ok(())
}

/// A person's rooms, written after checking they are as `seat` found them.
fn write_seat_change(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    seat: &SeatChange,
) -> Result<(), StoreError> {
    let sql = sql_error(path);
    let mut buf = [0u8; 36];
    let person = uuid_text(&seat.person, &mut buf).to_owned();
    let found: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM persons WHERE uuid = ?1",
            [&person],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql)?;
    let Some((id, name)) = found else {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
            what: format!("person {person}"),
        });
    };
    let mut stmt = tx
        .prepare_cached(
            "SELECT r.uuid FROM room_persons rp JOIN rooms r ON r.fid = rp.room_id WHERE rp.person_id = ?1",
        )
        .map_err(sql)?;
    let rooms: Vec<String> = stmt
        .query_map([id], |r| r.get(0))
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    let rooms: Vec<Uuid> = rooms
        .iter()
        .filter_map(|r| Uuid::parse_str(r).ok())
        .collect();
    if sorted(rooms) != sorted(seat.rooms_before.clone()) {
        return Err(StoreError::Conflict {
            path: path.to_path_buf(),
            what: name,
        });
    }
    tx.execute("DELETE FROM room_persons WHERE person_id = ?1", [id])
        .map_err(sql)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO room_persons (room_id, person_id) SELECT fid, ?1 FROM rooms WHERE uuid = ?2",
        )
        .map_err(sql)?;
    for room in &seat.rooms_after {
        let mut b = [0u8; 36];
        insert
            .execute(params![id, uuid_text(room, &mut b)])
            .map_err(sql)?;
    }
    Ok(())
}
