//! Noticing other programs' writes (the CLI, QGIS, GDAL) while the file is open.

use super::{Store, StoreError};

impl Store {
    /// SQLite's `PRAGMA data_version`: it changes when *another* connection commits to the
    /// file (in any journal mode), never for this connection's own writes. Compare two
    /// readings to know whether someone else wrote in between.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.sql_error(e))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn another_connections_commit_changes_the_data_version_and_ours_does_not() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let before = store.data_version().expect("version");
        let other = rusqlite::Connection::open(store.path()).expect("second connection");
        other
            .execute(
                "UPDATE rooms SET name = '外部' WHERE fid = (SELECT min(fid) FROM rooms)",
                [],
            )
            .expect("write");
        let after = store.data_version().expect("version");
        assert_ne!(before, after, "another connection committed");
        assert_eq!(after, store.data_version().expect("version"));
    }
}
