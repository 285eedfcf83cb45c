//! Floors (楼层) edited through the one door: their attributes (name, level, 标高, 层高), their
//! order, and deleting one with everything it holds — each one undoable step with its
//! change-log line. A floor's rooms written as a whole (a copy, the undo of a delete) are a
//! [`FloorsChange`].

use std::collections::HashSet;

use super::{Edit, Workspace, WorkspaceError};
use crate::analysis::room_area;
use crate::model::{ChangeAction, Floor, Uuid};
use crate::store::{ChangeRecord, FloorContents, FloorFill, FloorsWrite};

/// Floors created, refilled and deleted in one step, with the change-log line.
#[derive(Clone, Debug, PartialEq)]
pub struct FloorsChange {
    pub write: FloorsWrite,
    pub action: ChangeAction,
    pub summary: String,
}

/// Why a floor edit was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum FloorEditError {
    #[error("{}", crate::t!("floors.error.empty_name"))]
    EmptyName,
    #[error("{}", crate::t!("floors.error.name_taken", building = building, name = name))]
    NameTaken { building: String, name: String },
    #[error("{}", crate::t!("floors.error.target_holds_rooms", floor = floor, rooms = rooms))]
    TargetHoldsRooms { floor: String, rooms: usize },
    #[error("{}", crate::t!("floors.error.copy_to_itself", floor = floor))]
    CopyToItself { floor: String },
    #[error("{}", crate::t!("floors.error.no_target"))]
    NoTarget,
    #[error("{}", crate::t!("floors.error.no_rooms"))]
    NoRooms,
    #[error("{}", crate::t!("floors.error.idle_needs_date"))]
    IdleNeedsDate,
    #[error("{}", crate::t!("floors.error.bad_date", date = date))]
    BadDate { date: String },
}

/// What a floor holds, for the consent to delete it (删除楼层).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FloorHoldings {
    pub rooms: usize,
    /// 使用面积 of its rooms, m².
    pub area_m2: f64,
    /// Units with a room on the floor.
    pub units: usize,
    /// Persons seated on the floor.
    pub people: usize,
    pub underlay: bool,
}

impl FloorHoldings {
    /// Whether deleting the floor takes nothing with it.
    pub fn is_empty(&self) -> bool {
        self.rooms == 0 && !self.underlay
    }

    /// One line for people: `12 间房间，共 356.40 m²；3 个单位；8 人；底图`.
    pub fn describe(&self) -> String {
        let mut text = crate::t!(
            "floors.holds",
            rooms = self.rooms,
            m2 = format!("{:.2}", self.area_m2),
            units = self.units,
            people = self.people
        )
        .into_owned();
        if self.underlay {
            text.push_str(&crate::t!("floors.holds_underlay"));
        }
        text
    }
}

impl FloorHoldings {
    fn of(contents: &FloorContents) -> Self {
        let units: HashSet<Uuid> = contents
            .rooms
            .iter()
            .flat_map(|r| r.units.iter().copied())
            .collect();
        let people: HashSet<Uuid> = contents.seats.iter().map(|(_, p)| *p).collect();
        Self {
            rooms: contents.rooms.len(),
            area_m2: contents.rooms.iter().map(|r| room_area(&r.polygon)).sum(),
            units: units.len(),
            people: people.len(),
            underlay: contents.underlay.is_some(),
        }
    }
}

impl Workspace {
    /// The floor as the index has it.
    pub(super) fn indexed_floor(&self, floor: &Uuid) -> Result<Floor, WorkspaceError> {
        self.index
            .floors
            .iter()
            .find(|f| f.floor.uuid == *floor)
            .map(|f| f.floor.clone())
            .ok_or(WorkspaceError::UnknownFloor { floor: *floor })
    }

    /// The floors of a building, lowest level first (as the index keeps them).
    pub fn building_floors(&self, building: &Uuid) -> Vec<Floor> {
        let mut floors: Vec<Floor> = self
            .index
            .floors
            .iter()
            .filter(|f| f.floor.building == *building)
            .map(|f| f.floor.clone())
            .collect();
        floors.sort_by_key(|f| f.level);
        floors
    }

    /// Refuses an empty name or one another floor of the building has.
    pub(super) fn check_floor_name(
        &self,
        building: &Uuid,
        name: &str,
        except: Option<&Uuid>,
    ) -> Result<(), FloorEditError> {
        if name.trim().is_empty() {
            return Err(FloorEditError::EmptyName);
        }
        let taken = self.index.floors.iter().any(|f| {
            f.floor.building == *building && f.floor.name == name && Some(&f.floor.uuid) != except
        });
        if taken {
            return Err(FloorEditError::NameTaken {
                building: self.building_name(building),
                name: name.to_owned(),
            });
        }
        Ok(())
    }

    /// What a floor holds (rooms, area, units, people, scanned plan), read from the file.
    pub fn floor_holdings(&self, floor: &Uuid) -> Result<FloorHoldings, WorkspaceError> {
        let floor = self.indexed_floor(floor)?;
        Ok(FloorHoldings::of(&self.store.load_floor_contents(&floor)?))
    }

    /// Deletes a floor with everything it holds (undoable). Ask for consent first with
    /// [`Workspace::floor_holdings`].
    pub fn delete_floor(&mut self, floor: &Uuid) -> Result<(), WorkspaceError> {
        self.apply(Edit::DeleteFloor { floor: *floor })
    }

    /// The edit that moves a floor one place up (`up`) or down among its building's floors
    /// by swapping levels with its neighbour; `None` when it is already at the top or bottom.
    pub fn move_floor_edit(&self, floor: &Uuid, up: bool) -> Result<Option<Edit>, WorkspaceError> {
        let this = self.indexed_floor(floor)?;
        let floors = self.building_floors(&this.building);
        let at = floors.iter().position(|f| f.uuid == *floor);
        let neighbour = at.and_then(|i| {
            if up {
                floors.get(i + 1)
            } else {
                i.checked_sub(1).and_then(|j| floors.get(j))
            }
        });
        Ok(neighbour.map(|n| {
            // Equal levels (two floors recorded at one storey) still swap places.
            let (mine, theirs) = if n.level == this.level {
                if up {
                    (this.level + 1, this.level)
                } else {
                    (this.level - 1, this.level)
                }
            } else {
                (n.level, this.level)
            };
            Edit::ReorderFloors {
                levels: vec![(this.uuid, mine), (n.uuid, theirs)],
            }
        }))
    }

    pub(super) fn write_edit_floor(&mut self, floor: &Floor) -> Result<Edit, WorkspaceError> {
        let before = self.indexed_floor(&floor.uuid)?;
        let name = floor.name.trim().to_owned();
        self.check_floor_name(&before.building, &name, Some(&before.uuid))
            .map_err(WorkspaceError::from)?;
        let after = Floor {
            building: before.building,
            name,
            ..floor.clone()
        };
        let record = ChangeRecord {
            action: ChangeAction::EditFloor,
            summary: crate::t!(
                "floors.edit_summary",
                building = self.building_name(&before.building),
                before = floor_text(&before),
                after = floor_text(&after)
            )
            .into_owned(),
            detail: before.uuid.to_string(),
        };
        self.store
            .update_floors(std::slice::from_ref(&after), &record)?;
        self.generation += 1;
        self.index = self.store.load_index()?;
        Ok(Edit::EditFloor(Box::new(before)))
    }

    pub(super) fn write_reorder_floors(
        &mut self,
        levels: &[(Uuid, i32)],
    ) -> Result<Edit, WorkspaceError> {
        let mut before = Vec::with_capacity(levels.len());
        let mut after = Vec::with_capacity(levels.len());
        let mut lines = Vec::new();
        for (uuid, level) in levels {
            let floor = self.indexed_floor(uuid)?;
            before.push((floor.uuid, floor.level));
            lines.push(format!("{} {} → {}", floor.name, floor.level, level));
            after.push(Floor {
                level: *level,
                ..floor
            });
        }
        let building = after
            .first()
            .map(|f| self.building_name(&f.building))
            .unwrap_or_default();
        let record = ChangeRecord {
            action: ChangeAction::ReorderFloors,
            summary: format!("{building}: {}", lines.join("; ")),
            detail: String::new(),
        };
        self.store.update_floors(&after, &record)?;
        self.generation += 1;
        self.index = self.store.load_index()?;
        Ok(Edit::ReorderFloors { levels: before })
    }

    pub(super) fn write_delete_floor(&mut self, floor: &Uuid) -> Result<Edit, WorkspaceError> {
        let entry = self.indexed_floor(floor)?;
        let label = self.floor_label(floor);
        let contents = self.store.load_floor_contents(&entry)?;
        let holdings = FloorHoldings::of(&contents);
        let record = ChangeRecord {
            action: ChangeAction::DeleteFloor,
            summary: format!("{label}: {}", holdings.describe()),
            detail: floor.to_string(),
        };
        let write = FloorsWrite {
            remove: vec![*floor],
            ..FloorsWrite::default()
        };
        self.store.write_floors(&write, &record)?;
        self.invalidate(None);
        self.index = self.store.load_index()?;
        Ok(Edit::ChangeFloors(Box::new(FloorsChange {
            write: FloorsWrite {
                create: vec![contents],
                ..FloorsWrite::default()
            },
            action: ChangeAction::RestoreFloors,
            summary: label,
        })))
    }

    /// Writes a [`FloorsChange`]; the inverse creates what it removed, refills what it
    /// refilled as it was, and removes what it created.
    pub(super) fn write_floors_change(
        &mut self,
        change: &FloorsChange,
    ) -> Result<Edit, WorkspaceError> {
        let mut inverse = FloorsWrite::default();
        let mut names = Vec::new();
        for fill in &change.write.fill {
            names.push(self.floor_label(&fill.floor));
            inverse.fill.push(FloorFill {
                floor: fill.floor,
                rooms: self.store.load_floor_rooms(&fill.floor)?,
                seats: self.store.load_floor_seats(&fill.floor)?,
            });
        }
        for floor in &change.write.remove {
            names.push(self.floor_label(floor));
            let entry = self.indexed_floor(floor)?;
            inverse.create.push(self.store.load_floor_contents(&entry)?);
        }
        for contents in &change.write.create {
            self.check_floor_name(&contents.floor.building, &contents.floor.name, None)
                .map_err(WorkspaceError::from)?;
            names.push(format!(
                "{} {}",
                self.building_name(&contents.floor.building),
                contents.floor.name
            ));
            inverse.remove.push(contents.floor.uuid);
        }
        let record = ChangeRecord {
            action: change.action,
            summary: change.summary.clone(),
            detail: String::new(),
        };
        self.store.write_floors(&change.write, &record)?;
        self.invalidate(None);
        self.index = self.store.load_index()?;
        let separator = crate::t!("check.separator");
        Ok(Edit::ChangeFloors(Box::new(FloorsChange {
            write: inverse,
            action: ChangeAction::RestoreFloors,
            summary: names.join(&separator),
        })))
    }
}

/// `3F (层 3, 标高 6.00 m, 层高 3.30 m)` for change-log lines.
fn floor_text(floor: &Floor) -> String {
    let metres = |m: Option<f64>| m.map_or_else(|| "—".to_owned(), |m| format!("{m:.2}"));
    crate::t!(
        "floors.floor_text",
        name = floor.name,
        level = floor.level,
        elevation = metres(floor.elevation_m),
        height = metres(floor.storey_height_m)
    )
    .into_owned()
}
