//! Reads of a province-sized file one row at a time (发布到 PostGIS): the tree without room
//! aggregates, every room, every room's unit, persons counted per unit and grade. Reads only.

use std::ops::ControlFlow;
use std::path::Path;

use super::{Workspace, WorkspaceError};
use crate::model::{Grade, Person, Project, Region, Room, Uuid};
use crate::store::{CreateOptions, FileTree, Store};

impl Workspace {
    /// The file's regions, settings, sites, buildings and floors as stored; no room is read.
    pub fn tree(&self) -> Result<FileTree, WorkspaceError> {
        Ok(self.store.load_tree()?)
    }

    /// Hands every stored room (without its units) to `visit` until it breaks; only the
    /// current one is held.
    pub fn each_room(
        &self,
        visit: impl FnMut(&Room) -> ControlFlow<()>,
    ) -> Result<(), WorkspaceError> {
        Ok(self.store.each_room(visit)?)
    }

    /// Hands every (room, unit) pair of the stored occupancy to `visit` until it breaks.
    pub fn each_room_unit(
        &self,
        visit: impl FnMut(&Uuid, &Uuid) -> ControlFlow<()>,
    ) -> Result<(), WorkspaceError> {
        Ok(self.store.each_room_unit(visit)?)
    }

    /// Persons per unit and grade, counted in the file.
    pub fn person_counts(&self) -> Result<Vec<(Uuid, Grade, u32)>, WorkspaceError> {
        Ok(self.store.person_counts()?)
    }

    /// The stored persons (with their rooms and concurrent posts).
    pub fn persons(&self) -> Result<Vec<Person>, WorkspaceError> {
        Ok(self.store.load_persons()?)
    }

    /// [`Workspace::create`] for a file that holds more regions than its own (a provincial
    /// file pulled from PostGIS, whose sites and units name their counties).
    pub fn create_with_regions(
        path: &Path,
        project: &Project,
        regions: &[Region],
        options: CreateOptions,
    ) -> Result<Self, WorkspaceError> {
        drop(Store::create_with_regions(path, project, regions, options)?);
        Self::open(path)
    }
}
