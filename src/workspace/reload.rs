//! Another program wrote to the open file (the CLI, QGIS, GDAL): notice it and read the file
//! again. The undo and redo stacks are cleared, since their edits were made against a state
//! the file no longer has: undoing one could overwrite the other program's change.

use super::{Workspace, WorkspaceError};

impl Workspace {
    /// Whether another connection has committed to the file since it was opened or last
    /// reloaded (SQLite's `data_version`; cheap enough to ask about once a second).
    pub fn external_change(&self) -> Result<bool, WorkspaceError> {
        Ok(self.store.data_version()? != self.data_version)
    }

    /// Reads the index, the units and (lazily) the floors again, drops the check and clears
    /// undo and redo. A shown scenario stays shown if the file still has it.
    pub fn reload(&mut self) -> Result<(), WorkspaceError> {
        // Read the version first: a write landing during the reload is noticed next time.
        let version = self.store.data_version()?;
        self.index = self.store.load_index()?;
        self.units = self.store.load_units()?;
        self.undo.clear();
        self.redo.clear();
        let shown = self.scenario.as_ref().map(|a| a.info.uuid);
        let still_there = match shown {
            Some(uuid) => self.store.scenarios()?.iter().any(|s| s.uuid == uuid),
            None => false,
        };
        // Re-reads the scenario's moves (another program may have added some) and
        // invalidates every cached floor and the check.
        self.select_scenario(shown.filter(|_| still_there))?;
        self.data_version = version;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RoomStatus;
    use crate::workspace::{Edit, RoomFields};

    #[test]
    fn another_programs_write_is_noticed_reloaded_and_clears_undo() {
        let dir = tempfile::tempdir().expect("dir");
        let (project, store) = crate::store::sample_store(dir.path());
        let path = store.path().to_path_buf();
        drop(store);
        let mut w = Workspace::open(&path).expect("open");
        assert!(!w.external_change().expect("version"));

        // Our own edit is not an outside change.
        let room = project.rooms.first().expect("a room").clone();
        w.apply(Edit::SetRoom {
            room: room.uuid,
            fields: RoomFields {
                status: RoomStatus::Repair,
                ..RoomFields::of(&room)
            },
        })
        .expect("edit");
        assert!(w.can_undo());
        assert!(!w.external_change().expect("version"));
        let rooms_before = w.index().totals.total().rooms;
        let plan_before = w.floor_plan(&room.floor).expect("plan");
        assert!(plan_before.rooms.iter().any(|r| r.uuid == room.uuid));

        // Another program (as the sqlite3 shell would) renames the room and deletes another
        // room of the same floor.
        let other = plan_before
            .rooms
            .iter()
            .find(|r| r.uuid != room.uuid)
            .expect("a second room")
            .uuid;
        let conn = rusqlite::Connection::open(&path).expect("second connection");
        conn.execute(
            "UPDATE rooms SET name = '外部改名' WHERE uuid = ?1",
            [room.uuid.to_string()],
        )
        .expect("rename");
        for table in ["room_units", "room_persons"] {
            conn.execute(
                &format!(
                    "DELETE FROM {table} WHERE room_id = (SELECT fid FROM rooms WHERE uuid = ?1)"
                ),
                [other.to_string()],
            )
            .expect("unlink");
        }
        conn.execute("DELETE FROM rooms WHERE uuid = ?1", [other.to_string()])
            .expect("delete");
        drop(conn);

        assert!(w.external_change().expect("version"));
        let generation = w.generation();
        w.reload().expect("reload");
        assert!(!w.external_change().expect("version"));
        assert!(w.generation() > generation, "views redraw");
        assert!(!w.can_undo() && !w.can_redo(), "undo was cleared");
        assert_eq!(w.index().totals.total().rooms, rooms_before - 1);
        let plan = w.floor_plan(&room.floor).expect("plan");
        let renamed = plan
            .rooms
            .iter()
            .find(|r| r.uuid == room.uuid)
            .expect("room still there");
        assert_eq!(renamed.name, "外部改名");
        // Our own earlier edit is still in the file.
        assert_eq!(renamed.status, RoomStatus::Repair);
        assert!(plan.rooms.iter().all(|r| r.uuid != other));
    }
}
