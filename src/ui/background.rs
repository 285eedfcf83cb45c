//! Long work off the UI thread: the compliance check of a large project runs on a thread
//! with its own connection, and the app picks up the result when it is ready.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::workspace::Checked;

/// Projects up to this many rooms are checked at once on the UI thread (milliseconds);
/// larger ones in the background, so the window stays responsive.
pub const CHECK_INLINE_MAX_ROOMS: u64 = 50_000;

/// A compliance check running on another thread.
pub struct BackgroundCheck {
    /// The workspace generation the check was started for.
    pub generation: u64,
    receiver: Receiver<Result<Checked, String>>,
}

impl BackgroundCheck {
    /// Starts checking the file at `path` (as of workspace `generation`).
    pub fn start(path: PathBuf, generation: u64, ctx: Option<egui::Context>) -> Self {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let result = Checked::run_file(&path).map_err(|e| e.to_string());
            // The app may have closed meanwhile: nobody to tell, nothing to do.
            sender.send(result).ok();
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        Self {
            generation,
            receiver,
        }
    }

    /// The result, once: `None` while the check runs.
    pub fn poll(&self) -> Option<Result<Checked, String>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(crate::t!("app.check_stopped").into_owned()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_background_check_equals_the_inline_one() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let inline = Checked::run(&store).expect("check");
        let background = BackgroundCheck::start(store.path().to_path_buf(), 7, None);
        let result = loop {
            if let Some(r) = background.poll() {
                break r.expect("check");
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(background.generation, 7);
        assert_eq!(
            result.compliance.units_over().count(),
            inline.compliance.units_over().count()
        );
        assert_eq!(
            result.compliance.problem_count(),
            inline.compliance.problem_count()
        );
    }
}
