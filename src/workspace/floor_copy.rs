//! Copying a floor's rooms to other floors (标准层复制), as Chinese systems do for standard
//! floors: the polygons, categories, sub-uses, names and notes, renumbered by floor
//! (`301` → `501`), into existing floors or floors the copy creates — one undoable step.
//!
//! What a copy does not take, and why (as a planner keeping the ledger would have it):
//! - units and seats: who sits on floor 3 does not sit on floor 5;
//! - the surveyed area (测绘面积): it was measured on the source room only;
//! - the status: a room in use by a unit is, without its unit, empty — 闲置 since the day of
//!   the copy, as a drawn room is; a room in use by nobody (corridor, toilet, meeting room
//!   in common use) stays 在用; 出租, 出借, 维修 and 待处置 are facts about the source room, so
//!   its copy is 闲置 since the copy date too, to be checked in the 清查.

use super::floor_edit::{FloorEditError, FloorsChange};
use super::{Edit, Workspace, WorkspaceError};
use crate::analysis::floor_number::renumber;
use crate::model::{ChangeAction, Floor, Room, RoomStatus, Uuid, today};
use crate::store::{FloorContents, FloorFill, FloorsWrite};

/// A floor a copy writes into.
#[derive(Clone, Debug, PartialEq)]
pub enum CopyTarget {
    /// A floor of the file.
    Existing(Uuid),
    /// A floor the copy creates (its UUID, building, name, level …).
    New(Floor),
}

/// One target of a planned copy: its name and the numbers the rooms take there.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CopyPreview {
    pub floor: String,
    pub level: i32,
    pub created: bool,
    /// Rooms the floor held that the copy replaces.
    pub replaced: usize,
    /// (source number, new number) per room, in the source's order.
    pub numbers: Vec<(String, String)>,
}

/// A copy ready to apply: what it does per target, and the edit.
#[derive(Clone, Debug)]
pub struct FloorCopyPlan {
    pub targets: Vec<CopyPreview>,
    pub edit: Edit,
}

impl Workspace {
    /// Plans a copy of `source`'s rooms to `targets`; writes nothing. A target that holds
    /// rooms is refused unless `replace` (then its rooms, units and seats are replaced, in the
    /// same undoable step). Apply with `workspace.apply(plan.edit)`.
    pub fn plan_floor_copy(
        &self,
        source: &Uuid,
        targets: &[CopyTarget],
        replace: bool,
    ) -> Result<FloorCopyPlan, WorkspaceError> {
        let from = self.indexed_floor(source)?;
        if targets.is_empty() {
            return Err(FloorEditError::NoTarget.into());
        }
        let rooms = self.store.load_floor_rooms(source)?;
        let date = today();
        let mut write = FloorsWrite::default();
        let mut previews = Vec::new();
        let mut new_names: Vec<(Uuid, String)> = Vec::new();
        for target in targets {
            let (floor, created) = match target {
                CopyTarget::Existing(uuid) => (self.indexed_floor(uuid)?, false),
                CopyTarget::New(floor) => {
                    self.check_floor_name(&floor.building, &floor.name, None)?;
                    let twice = new_names
                        .iter()
                        .any(|(b, n)| *b == floor.building && *n == floor.name);
                    if twice {
                        return Err(FloorEditError::NameTaken {
                            building: self.building_name(&floor.building),
                            name: floor.name.clone(),
                        }
                        .into());
                    }
                    new_names.push((floor.building, floor.name.clone()));
                    (floor.clone(), true)
                }
            };
            if floor.uuid == from.uuid {
                return Err(FloorEditError::CopyToItself { floor: from.name }.into());
            }
            let replaced = if created {
                0
            } else {
                self.store.load_floor_rooms(&floor.uuid)?.len()
            };
            if replaced > 0 && !replace {
                return Err(FloorEditError::TargetHoldsRooms {
                    floor: self.floor_label(&floor.uuid),
                    rooms: replaced,
                }
                .into());
            }
            let copies: Vec<Room> = rooms
                .iter()
                .map(|r| copy_room(r, &floor, from.level, &date))
                .collect();
            previews.push(CopyPreview {
                floor: floor.name.clone(),
                level: floor.level,
                created,
                replaced,
                numbers: rooms
                    .iter()
                    .zip(&copies)
                    .map(|(a, b)| (a.number.clone(), b.number.clone()))
                    .collect(),
            });
            if created {
                write.create.push(FloorContents {
                    floor,
                    rooms: copies,
                    seats: Vec::new(),
                    underlay: None,
                });
            } else {
                write.fill.push(FloorFill {
                    floor: floor.uuid,
                    rooms: copies,
                    seats: Vec::new(),
                });
            }
        }
        let separator = crate::t!("check.separator");
        let names: Vec<&str> = previews.iter().map(|p| p.floor.as_str()).collect();
        let summary = crate::t!(
            "floors.copy_summary",
            from = self.floor_label(source),
            to = names.join(&separator),
            rooms = rooms.len()
        )
        .into_owned();
        Ok(FloorCopyPlan {
            targets: previews,
            edit: Edit::ChangeFloors(Box::new(FloorsChange {
                write,
                action: ChangeAction::CopyFloor,
                summary,
            })),
        })
    }
}

/// A room of level `from` as copied onto `floor` on `date` (see the module comment for what
/// is taken and what is not).
fn copy_room(room: &Room, floor: &Floor, from: i32, date: &str) -> Room {
    let empty_office = room.status != RoomStatus::InUse || !room.units.is_empty();
    let (status, status_since) = if empty_office {
        (RoomStatus::Idle, Some(date.to_owned()))
    } else {
        (RoomStatus::InUse, room.status_since.clone())
    };
    Room {
        uuid: Uuid::now_v7(),
        floor: floor.uuid,
        number: renumber(&room.number, from, floor.level),
        name: room.name.clone(),
        category: room.category,
        sub_use: room.sub_use.clone(),
        status,
        status_since,
        polygon: room.polygon.clone(),
        surveyed_area_m2: None,
        units: Vec::new(),
        note: room.note.clone(),
    }
}
