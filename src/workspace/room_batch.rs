//! A selection of rooms edited together (批量修改): category, sub-use, status with its date,
//! note. Only the fields the person changed are written; each room keeps the others. One
//! undoable step, one change-log line naming the count.

use super::floor_edit::FloorEditError;
use super::{Edit, Workspace, WorkspaceError};
use crate::model::{ChangeAction, Date, RoomCategory, RoomStatus, Uuid, parse_date};
use crate::store::{ChangeRecord, RoomAttributes};

/// What a batch edit sets: `None` leaves the field of each room as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomsPatch {
    pub rooms: Vec<Uuid>,
    pub category: Option<RoomCategory>,
    pub sub_use: Option<String>,
    pub status: Option<RoomStatus>,
    /// The date of the status (闲置 since …). Required when the status is set to 闲置.
    pub status_since: Option<Date>,
    pub note: Option<String>,
}

impl RoomsPatch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.category.is_none()
            && self.sub_use.is_none()
            && self.status.is_none()
            && self.status_since.is_none()
            && self.note.is_none()
    }

    /// Refuses a patch that would leave a room 闲置 without its date, or a date that is not
    /// one.
    pub fn check(&self) -> Result<(), FloorEditError> {
        if self.rooms.is_empty() {
            return Err(FloorEditError::NoRooms);
        }
        if let Some(date) = &self.status_since
            && parse_date(date).is_none()
        {
            return Err(FloorEditError::BadDate { date: date.clone() });
        }
        if self.status == Some(RoomStatus::Idle) && self.status_since.is_none() {
            return Err(FloorEditError::IdleNeedsDate);
        }
        Ok(())
    }

    /// A room's attributes with the patch applied. A changed status takes the given date,
    /// else none (the old date was of the old status); an unchanged status keeps its date
    /// unless a new one is given.
    fn applied(&self, before: &RoomAttributes) -> RoomAttributes {
        let mut after = before.clone();
        if let Some(c) = self.category {
            after.category = c;
        }
        if let Some(s) = &self.sub_use {
            after.sub_use.clone_from(s);
        }
        if let Some(n) = &self.note {
            after.note.clone_from(n);
        }
        let since = self.status_since.as_deref().and_then(parse_date);
        match self.status {
            Some(status) if status != before.status => {
                after.status = status;
                after.status_since = since;
            }
            _ => {
                if since.is_some() {
                    after.status_since = since;
                }
            }
        }
        after
    }

    /// `类别 → 办公室；状态 → 闲置 (2026-03-01)` for the change-log line.
    fn changes_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.category {
            parts.push(
                crate::t!("floors.batch_category", value = crate::labels::category(c)).into_owned(),
            );
        }
        if let Some(s) = &self.sub_use {
            parts.push(crate::t!("floors.batch_sub_use", value = s).into_owned());
        }
        if let Some(s) = self.status {
            parts.push(
                crate::t!("floors.batch_status", value = crate::labels::status(s)).into_owned(),
            );
        }
        if let Some(d) = &self.status_since {
            parts.push(crate::t!("floors.batch_since", value = d).into_owned());
        }
        if let Some(n) = &self.note {
            parts.push(crate::t!("floors.batch_note", value = n).into_owned());
        }
        parts.join(&crate::t!("check.separator"))
    }
}

impl Workspace {
    pub(super) fn write_set_rooms(&mut self, patch: &RoomsPatch) -> Result<Edit, WorkspaceError> {
        patch.check()?;
        let mut before = Vec::with_capacity(patch.rooms.len());
        for room in &patch.rooms {
            before.push(RoomAttributes::of(&self.current_room(room)?));
        }
        let after: Vec<RoomAttributes> = before.iter().map(|b| patch.applied(b)).collect();
        let record = ChangeRecord {
            action: ChangeAction::SetRooms,
            summary: crate::t!(
                "floors.batch_summary",
                count = patch.rooms.len(),
                changes = patch.changes_text()
            )
            .into_owned(),
            detail: String::new(),
        };
        self.write_room_attributes(&after, &record)?;
        Ok(Edit::RestoreRooms(before))
    }

    pub(super) fn write_restore_rooms(
        &mut self,
        rooms: &[RoomAttributes],
    ) -> Result<Edit, WorkspaceError> {
        let mut before = Vec::with_capacity(rooms.len());
        for r in rooms {
            before.push(RoomAttributes::of(&self.current_room(&r.room)?));
        }
        let record = ChangeRecord {
            action: ChangeAction::RestoreRooms,
            summary: crate::t!("floors.restore_rooms_summary", count = rooms.len()).into_owned(),
            detail: String::new(),
        };
        self.write_room_attributes(rooms, &record)?;
        Ok(Edit::RestoreRooms(before))
    }

    fn write_room_attributes(
        &mut self,
        rooms: &[RoomAttributes],
        record: &ChangeRecord,
    ) -> Result<(), WorkspaceError> {
        self.store.set_room_attributes(rooms, record)?;
        // Category and status move areas between the totals' cells of several floors.
        self.invalidate(None);
        self.index = self.store.load_index()?;
        Ok(())
    }
}
