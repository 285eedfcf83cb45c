//! What a person must be told about the file as it was opened: damage found by SQLite's
//! `quick_check`, a file opened read-only, link rows another program left dangling.
//!
//! The app shows these once after opening; the command line prints them on stderr. They are
//! facts about the file, so they come from the store, not from the view that shows them.

use super::Workspace;

impl Workspace {
    /// The translated notices about the file as opened, most serious first; empty for a
    /// healthy, writable file with nothing set aside.
    pub fn file_notices(&self) -> Vec<String> {
        let store = &self.store;
        let path = store.path().display().to_string();
        let mut notices = Vec::new();
        if let Some(reason) = store.damage() {
            notices.push(
                crate::t!("workspace.notice_damaged", path = path, reason = reason).into_owned(),
            );
        } else if store.is_read_only() {
            notices.push(crate::t!("workspace.notice_read_only", path = path).into_owned());
        }
        let set_aside = store.set_aside();
        if set_aside.total() > 0 {
            let key = if set_aside.moved {
                "workspace.notice_set_aside"
            } else {
                "workspace.notice_dangling_read_only"
            };
            notices.push(
                crate::t!(
                    key,
                    count = set_aside.total(),
                    tables = set_aside.describe()
                )
                .into_owned(),
            );
        }
        notices
    }
}
