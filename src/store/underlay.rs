//! A floor's scanned plan (底图) in the file: the image bytes as read, its placement in plan
//! metres and its opacity. Setting or removing one is a write with its change-log line; it is
//! not a baseline change for scenarios (see [`crate::model::ChangeAction::changes_baseline`]).

use rusqlite::{OptionalExtension as _, params};

use super::create::uuid_text;
use super::edit::ChangeRecord;
use super::{Store, StoreError, sql_error};
use crate::model::Uuid;

/// A floor's underlay as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct UnderlayRecord {
    /// The file name it was read from.
    pub name: String,
    /// The image file's bytes (PNG or JPEG), as read.
    pub image: Vec<u8>,
    /// Plan position of the image's top left corner, metres.
    pub origin: (f64, f64),
    pub metres_per_pixel: f64,
    /// 0 … 1.
    pub opacity: f64,
}

impl Store {
    /// The underlay of a floor, if it has one.
    pub fn load_underlay(&self, floor: &Uuid) -> Result<Option<UnderlayRecord>, StoreError> {
        let mut buf = [0u8; 36];
        self.conn
            .query_row(
                "SELECT u.name, u.image, u.origin_x, u.origin_y, u.metres_per_pixel, u.opacity
                   FROM floor_underlays u JOIN floors f ON f.id = u.floor_id WHERE f.uuid = ?1",
                [uuid_text(floor, &mut buf)],
                |r| {
                    Ok(UnderlayRecord {
                        name: r.get(0)?,
                        image: r.get(1)?,
                        origin: (r.get(2)?, r.get(3)?),
                        metres_per_pixel: r.get(4)?,
                        opacity: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sql_error(e))
    }

    /// Sets (or replaces) a floor's underlay.
    pub fn save_underlay(
        &mut self,
        floor: &Uuid,
        underlay: &UnderlayRecord,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            let changed = tx
                .execute(
                    "INSERT INTO floor_underlays (floor_id, name, image, origin_x, origin_y, metres_per_pixel, opacity)
                     SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM floors WHERE uuid = ?1
                     ON CONFLICT (floor_id) DO UPDATE SET name = excluded.name, image = excluded.image,
                        origin_x = excluded.origin_x, origin_y = excluded.origin_y,
                        metres_per_pixel = excluded.metres_per_pixel, opacity = excluded.opacity",
                    params![
                        uuid_text(floor, &mut buf),
                        underlay.name,
                        underlay.image,
                        underlay.origin.0,
                        underlay.origin.1,
                        underlay.metres_per_pixel,
                        underlay.opacity.clamp(0.0, 1.0)
                    ],
                )
                .map_err(sql_error(path))?;
            if changed == 0 {
                return Err(StoreError::Missing {
                    path: path.to_path_buf(),
                    what: format!("floor {floor}"),
                });
            }
            Ok(())
        })
    }

    /// Removes a floor's underlay.
    pub fn remove_underlay(
        &mut self,
        floor: &Uuid,
        record: &ChangeRecord,
    ) -> Result<(), StoreError> {
        self.write_in_transaction(record, |tx, path| {
            let mut buf = [0u8; 36];
            tx.execute(
                "DELETE FROM floor_underlays WHERE floor_id = (SELECT id FROM floors WHERE uuid = ?1)",
                [uuid_text(floor, &mut buf)],
            )
            .map_err(sql_error(path))?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChangeAction;

    fn record_of(action: ChangeAction) -> ChangeRecord {
        ChangeRecord {
            action,
            summary: "scan.png".into(),
            detail: String::new(),
        }
    }

    #[test]
    fn an_underlay_is_kept_replaced_and_removed() {
        use ChangeAction::{UnderlayPlace, UnderlayRemove, UnderlaySet};
        let dir = tempfile::tempdir().unwrap();
        let (_, mut store) = crate::store::sample_store(dir.path());
        let floor = store.load_index().unwrap().floors[0].floor.uuid;
        assert_eq!(store.load_underlay(&floor).unwrap(), None);
        let mut record = UnderlayRecord {
            name: "scan.png".into(),
            image: vec![1, 2, 3],
            origin: (0.5, 21.0),
            // 40 m over 2000 px.
            metres_per_pixel: 0.02,
            opacity: 0.6,
        };
        store
            .save_underlay(&floor, &record, &record_of(UnderlaySet))
            .unwrap();
        assert_eq!(store.load_underlay(&floor).unwrap().as_ref(), Some(&record));
        record.metres_per_pixel = 0.04;
        store
            .save_underlay(&floor, &record, &record_of(UnderlayPlace))
            .unwrap();
        assert_eq!(
            store
                .load_underlay(&floor)
                .unwrap()
                .unwrap()
                .metres_per_pixel,
            0.04
        );
        // Not a baseline change: scenarios made before stay current.
        let version = store.baseline_version().unwrap();
        store
            .remove_underlay(&floor, &record_of(UnderlayRemove))
            .unwrap();
        assert_eq!(store.baseline_version().unwrap(), version);
        assert_eq!(store.load_underlay(&floor).unwrap(), None);
        assert!(
            store
                .save_underlay(&Uuid::nil(), &record, &record_of(UnderlaySet))
                .is_err()
        );
    }
}
