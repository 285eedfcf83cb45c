//! Removing a floor that holds nothing: the undo of adding one. A floor with rooms is not
//! removed (its rooms would go with it); nothing is written then.

use super::room_rows::floor_id;
use super::{ChangeRecord, Store, StoreError, sql_error};
use crate::model::Uuid;

impl Store {
    /// Removes an empty floor (and its underlay) in one transaction with its change-log line.
    pub fn remove_empty_floor(
        &mut self,
        floor: &Uuid,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let sql = sql_error(path);
            let id = floor_id(tx, path, floor)?;
            let (rooms, name): (i64, String) = tx
                .query_row(
                    "SELECT (SELECT count(*) FROM rooms WHERE floor_id = ?1), name FROM floors WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(sql)?;
            if rooms > 0 {
                return Err(StoreError::Conflict {
                    path: path.to_path_buf(),
                    what: name,
                });
            }
            tx.execute("DELETE FROM floor_underlays WHERE floor_id = ?1", [id])
                .map_err(sql)?;
            tx.execute("DELETE FROM floors WHERE id = ?1", [id])
                .map_err(sql)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ChangeAction, Floor, Uuid};
    use crate::store::ChangeRecord;

    fn record(action: ChangeAction) -> ChangeRecord {
        ChangeRecord {
            action,
            summary: String::new(),
            detail: String::new(),
        }
    }

    #[test]
    fn an_added_floor_is_removed_and_a_floor_with_rooms_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_, mut store) = crate::store::sample_store(dir.path());
        let index = store.load_index().expect("index");
        let floors = index.floors.len();
        let building = index.buildings[0].building.uuid;
        let floor = Floor {
            uuid: Uuid::now_v7(),
            building,
            name: "9F".into(),
            level: 9,
            elevation_m: None,
            storey_height_m: None,
        };
        store
            .insert_floor(&floor, &record(ChangeAction::AddFloor))
            .expect("add");
        assert_eq!(store.load_index().expect("index").floors.len(), floors + 1);
        store
            .remove_empty_floor(&floor.uuid, &record(ChangeAction::RemoveFloor))
            .expect("remove");
        assert_eq!(store.load_index().expect("index").floors.len(), floors);
        // The sample's first floor has rooms: refused, nothing written.
        let full = index.floors[0].floor.uuid;
        let lines = store.change_log(100).expect("log").len();
        assert!(
            store
                .remove_empty_floor(&full, &record(ChangeAction::RemoveFloor))
                .is_err()
        );
        assert_eq!(store.change_log(100).expect("log").len(), lines);
    }
}
