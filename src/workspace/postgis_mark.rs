//! Where the file stands with a PostGIS server: the last publish (发布到 PostGIS) and the last
//! pull (从 PostGIS 拉取), kept in `officeplan_meta` with a change-log line each, so the file's
//! history says when it was published, to which server and schema, and at which change-log
//! position. The server keeps the same position in its `officeplan_publish` table.

use super::{Edit, Workspace, WorkspaceError};
use crate::model::ChangeAction;
use crate::store::ChangeRecord;

/// Meta key of the last publish's mark (JSON, see `io::postgis::PublishMark`).
pub const PUBLISH_MARK_KEY: &str = "postgis.last_publish";
/// Meta key of the last pull's mark (JSON).
pub const PULL_MARK_KEY: &str = "postgis.last_pull";

/// A publish or pull recorded in the file: the action says which.
#[derive(Clone, Debug, PartialEq)]
pub struct PostgisMark {
    /// [`ChangeAction::PublishPostgis`] or [`ChangeAction::PullPostgis`].
    pub action: ChangeAction,
    /// The mark (JSON); `None` removes it (the undo of the first mark).
    pub value: Option<String>,
    /// The change-log line.
    pub summary: String,
}

impl PostgisMark {
    fn key(&self) -> &'static str {
        match self.action {
            ChangeAction::PullPostgis => PULL_MARK_KEY,
            _ => PUBLISH_MARK_KEY,
        }
    }
}

impl Workspace {
    /// The mark of the last publish ([`ChangeAction::PublishPostgis`]) or pull, if any.
    pub fn postgis_mark(&self, action: ChangeAction) -> Result<Option<String>, WorkspaceError> {
        let key = match action {
            ChangeAction::PullPostgis => PULL_MARK_KEY,
            _ => PUBLISH_MARK_KEY,
        };
        Ok(self.store.meta(key)?)
    }

    /// The id of the newest change-log line: the position a publish stands on.
    pub fn change_log_position(&self) -> Result<i64, WorkspaceError> {
        Ok(self.store.change_log_position()?)
    }

    pub(super) fn write_postgis_mark(
        &mut self,
        mark: &PostgisMark,
    ) -> Result<Edit, WorkspaceError> {
        let before = self.store.meta(mark.key())?;
        let record = ChangeRecord {
            action: mark.action,
            summary: mark.summary.clone(),
            detail: mark.value.clone().unwrap_or_default(),
        };
        self.store
            .set_meta_logged(mark.key(), mark.value.as_deref(), &record)?;
        // The history shows the line; the plan and the check are unchanged.
        self.generation += 1;
        Ok(Edit::MarkPostgis(Box::new(PostgisMark {
            action: mark.action,
            value: before,
            summary: crate::t!("postgis.mark_restored").into_owned(),
        })))
    }
}
