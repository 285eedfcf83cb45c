//! A province-sized file read as a stream (发布到 PostGIS): the tree of sites, buildings and
//! floors without the per-floor aggregates that opening computes, then every room and every
//! room's unit one row at a time, so a million rooms never sit in memory together.
//!
//! A room is read by the same code as [`Store::load_project`] (`read_room`), so what a
//! stream hands out is what a loaded project holds: the same polygon, dates and codes.

use std::collections::HashMap;
use std::ops::ControlFlow;

use super::load::read_room;
use super::{Store, StoreError};
use crate::model::{Building, Floor, Grade, ProjectSettings, Region, Room, Site, Uuid};

/// The file's tree as stored: its regions, settings, sites, buildings and floors. No room is
/// read to make it (unlike [`super::ProjectIndex`], which sums every room's area).
#[derive(Clone, Debug, Default)]
pub struct FileTree {
    /// The file's own region (the first `regions` row).
    pub region: Option<Region>,
    /// Every region, the file's own first (a provincial file: its counties after it).
    pub regions: Vec<Region>,
    pub settings: ProjectSettings,
    pub sites: Vec<Site>,
    pub buildings: Vec<Building>,
    pub floors: Vec<Floor>,
}

impl Store {
    /// Reads the tree of the file (see [`FileTree`]).
    pub fn load_tree(&self) -> Result<FileTree, StoreError> {
        let (sites, buildings, floors) = self.load_hierarchy()?;
        let regions = self.load_regions()?;
        Ok(FileTree {
            region: regions.first().cloned(),
            regions,
            settings: self.load_settings()?,
            sites: sites.into_iter().map(|(_, s)| s).collect(),
            buildings: buildings.into_iter().map(|(_, _, b)| b).collect(),
            floors: floors.into_iter().map(|(_, _, f)| f).collect(),
        })
    }

    /// Hands every room (in file order, without its units: see [`Store::each_room_unit`]) to
    /// `visit` until it breaks. Only the current room is held.
    pub fn each_room(
        &self,
        mut visit: impl FnMut(&Room) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let no_units = HashMap::new();
        self.visit(
            "SELECT r.fid, r.uuid, r.number, r.name, r.category, r.sub_use, r.status, r.status_since,
                r.surveyed_area_m2, r.note, r.geom, f.uuid
             FROM rooms r JOIN floors f ON f.id = r.floor_id ORDER BY r.fid",
            [],
            "rooms",
            |cells| Ok(visit(&read_room(cells, &no_units)?)),
        )
    }

    /// Hands every (room, unit) pair of the occupancy (房间使用单位) to `visit` until it breaks.
    pub fn each_room_unit(
        &self,
        mut visit: impl FnMut(&Uuid, &Uuid) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.visit(
            "SELECT ru.id, r.uuid, u.uuid FROM room_units ru
             JOIN rooms r ON r.fid = ru.room_id JOIN units u ON u.id = ru.unit_id ORDER BY ru.id",
            [],
            "room_units",
            |cells| {
                let room = cells.uuid(1, "room_id")?;
                let unit = cells.uuid(2, "unit_id")?;
                Ok(visit(&room, &unit))
            },
        )
    }

    /// How many persons each unit has per grade, counted by SQLite (no person is loaded).
    pub fn person_counts(&self) -> Result<Vec<(Uuid, Grade, u32)>, StoreError> {
        self.collect(
            "SELECT u.id, u.uuid, p.grade, count(*) FROM persons p JOIN units u ON u.id = p.unit_id
             GROUP BY u.id, p.grade ORDER BY u.id, p.grade",
            [],
            "persons",
            |cells| {
                let n: i64 = cells.get(3)?;
                Ok((
                    cells.uuid(1, "unit_id")?,
                    cells.coded(2, "grade")?,
                    u32::try_from(n).unwrap_or(u32::MAX),
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::CreateOptions;

    #[test]
    fn a_stream_hands_out_what_a_loaded_project_holds() {
        let project = crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded)
            .expect("sample");
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::create(
            &dir.path().join("s.gpkg"),
            &project,
            CreateOptions::default(),
        )
        .expect("create");
        let loaded = store.load_project().expect("load");

        let tree = store.load_tree().expect("tree");
        assert_eq!(tree.sites, loaded.sites);
        assert_eq!(tree.buildings, loaded.buildings);
        assert_eq!(tree.floors, loaded.floors);
        assert_eq!(tree.region, loaded.region);

        let mut rooms = Vec::new();
        store
            .each_room(|r| {
                rooms.push(r.clone());
                ControlFlow::Continue(())
            })
            .expect("rooms");
        let without_units: Vec<Room> = loaded
            .rooms
            .iter()
            .map(|r| Room {
                units: Vec::new(),
                ..r.clone()
            })
            .collect();
        assert_eq!(rooms, without_units);

        let mut pairs = 0;
        store
            .each_room_unit(|room, unit| {
                assert!(
                    loaded
                        .rooms
                        .iter()
                        .any(|r| r.uuid == *room && r.units.contains(unit))
                );
                pairs += 1;
                ControlFlow::Continue(())
            })
            .expect("pairs");
        assert_eq!(
            pairs,
            loaded.rooms.iter().map(|r| r.units.len()).sum::<usize>()
        );

        // A break stops the stream at once.
        let mut seen = 0;
        store
            .each_room(|_| {
                seen += 1;
                ControlFlow::Break(())
            })
            .expect("rooms");
        assert_eq!(seen, 1);

        // Persons per unit and grade sum to the sample's persons.
        let counted: u32 = store
            .person_counts()
            .expect("counts")
            .iter()
            .map(|c| c.2)
            .sum();
        assert_eq!(counted as usize, loaded.persons.len());
    }
}
