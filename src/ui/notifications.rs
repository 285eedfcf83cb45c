//! Errors and notices shown at the bottom of the window until the planner dismisses them.

use egui::Color32;

/// The notifications not yet dismissed, oldest first.
#[derive(Debug, Default)]
pub struct Notifications {
    /// (text, is it an error)
    entries: Vec<(String, bool)>,
}

impl Notifications {
    /// An error, shown until dismissed.
    pub fn push_error(&mut self, message: impl Into<String>) {
        self.entries.push((message.into(), true));
    }

    /// A notice (not an error), shown until dismissed.
    pub fn push_notice(&mut self, message: impl Into<String>) {
        self.entries.push((message.into(), false));
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// (text, is it an error), oldest first.
    pub fn entries(&self) -> &[(String, bool)] {
        &self.entries
    }

    /// Each notification with its 关闭 button.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut dismissed = None;
        for (i, (message, error)) in self.entries.iter().enumerate() {
            // Wrapped: a notice about the file can be two lines on a small screen.
            ui.horizontal_wrapped(|ui| {
                if ui.button(crate::t!("app.dismiss").as_ref()).clicked() {
                    dismissed = Some(i);
                }
                if *error {
                    ui.colored_label(Color32::from_rgb(190, 30, 30), message);
                } else {
                    ui.label(message);
                }
            });
        }
        if let Some(i) = dismissed {
            self.entries.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Notifications;

    #[test]
    fn errors_and_notices_keep_their_order_and_kind() {
        let mut n = Notifications::default();
        assert!(n.is_empty());
        n.push_notice("已另存为 a.gpkg");
        n.push_error(String::from("无法打开 b.gpkg"));
        assert_eq!(
            n.entries(),
            &[
                ("已另存为 a.gpkg".to_owned(), false),
                ("无法打开 b.gpkg".to_owned(), true)
            ]
        );
    }
}
