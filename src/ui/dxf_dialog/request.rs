//! What the DXF dialog asks to read, and when an answer is no longer of its choices: the
//! drawing's path checked before anything is read (no path, no such file, a folder are said
//! in words), and the request of a preview — a read under way (a job) or the preview shown —
//! dropped as soon as the drawing or an option on screen differs from it, so a stale result
//! is never shown or imported.

use super::DxfDialog;
use crate::io::dxf::DxfOptions;
use crate::model::Uuid;

/// What a preview is read with: the floor it is compared with, the drawing and the options.
/// The dialog keeps the request of the read under way and of the preview shown, so a result
/// of other choices than those on screen is never shown or imported.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRequest {
    pub floor: Uuid,
    pub path: std::path::PathBuf,
    pub options: DxfOptions,
}

/// What [`DxfDialog::drop_stale`] dropped because the choices changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    /// A read under way: its job is to be stopped.
    pub reading: bool,
    /// The preview shown (and its overlay on the plan).
    pub preview: bool,
}

impl DxfDialog {
    /// The drawing's path as typed, or why it cannot be read: no path, no such file, a
    /// folder.
    pub fn checked_path(&self) -> Result<String, String> {
        let path = self.path.trim();
        if path.is_empty() {
            return Err(crate::t!("dxf_view.choose_file").into_owned());
        }
        let at = std::path::Path::new(path);
        if at.is_dir() {
            return Err(crate::t!("dxf_view.is_folder", path = path).into_owned());
        }
        if !at.exists() {
            return Err(crate::t!("dxf_view.no_such_file", path = path).into_owned());
        }
        Ok(path.to_owned())
    }

    /// Whether `request` is of the drawing and the options on screen now.
    pub fn still_asks(&self, request: &PreviewRequest) -> bool {
        request.path == std::path::Path::new(self.path.trim())
            && self.options().is_ok_and(|o| o == request.options)
    }

    /// Drops the read under way and the preview shown if the drawing or the options changed
    /// since they were asked for, and says so under the buttons.
    pub fn drop_stale(&mut self) -> Dropped {
        let mut dropped = Dropped::default();
        if self.reading.as_ref().is_some_and(|r| !self.still_asks(r)) {
            self.reading = None;
            dropped.reading = true;
        }
        if self.read_with.as_ref().is_some_and(|r| !self.still_asks(r)) {
            self.read_with = None;
            self.read_of = None;
            self.preview = None;
            self.candidates = None;
            dropped.preview = true;
        }
        if dropped.reading || dropped.preview {
            self.note = Some(crate::t!("dxf_view.stale").into_owned());
        }
        dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request of the dialog's choices stays; a changed door width or a ticked text layer
    /// drops the read under way and the preview's request, and says so.
    #[test]
    fn a_request_of_other_choices_is_dropped() {
        let mut dialog = DxfDialog::new(true, None);
        dialog.path = "plan.dxf".to_owned();
        let request = PreviewRequest {
            floor: Uuid::nil(),
            path: "plan.dxf".into(),
            options: dialog.options().expect("default rules"),
        };
        dialog.reading = Some(request.clone());
        assert!(dialog.still_asks(&request));
        assert_eq!(dialog.drop_stale(), Dropped::default());
        assert!(dialog.note.is_none());

        dialog.door_width_m = 1.5;
        assert!(!dialog.still_asks(&request));
        dialog.read_with = Some(request.clone());
        assert_eq!(
            dialog.drop_stale(),
            Dropped {
                reading: true,
                preview: true
            }
        );
        assert!(dialog.reading.is_none() && dialog.read_with.is_none());
        assert!(dialog.note.is_some());

        // Another drawing typed in: a request of the old one is stale too.
        dialog.door_width_m = 1.2;
        let request = PreviewRequest {
            options: dialog.options().expect("default rules"),
            ..request
        };
        assert!(dialog.still_asks(&request));
        dialog.path = " other.dxf ".to_owned();
        assert!(!dialog.still_asks(&request));
    }

    #[test]
    fn no_path_no_file_and_a_folder_are_refused_in_words() {
        let dir = tempfile::tempdir().expect("dir");
        let mut dialog = DxfDialog::new(true, None);
        assert_eq!(
            dialog.checked_path(),
            Err(crate::t!("dxf_view.choose_file").into_owned())
        );
        dialog.path = dir.path().display().to_string();
        assert!(
            dialog
                .checked_path()
                .is_err_and(|e| e.starts_with(&dialog.path))
        );
        let file = dir.path().join("6F.dxf");
        dialog.path = file.display().to_string();
        assert!(dialog.checked_path().is_err());
        std::fs::write(&file, "0\nEOF\n").expect("write");
        assert_eq!(dialog.checked_path(), Ok(dialog.path.clone()));
    }
}
