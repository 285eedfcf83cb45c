//! A small window with a typed path and a 浏览… button (the system dialog, where there is
//! one: without a desktop portal `rfd` returns nothing and the typed path still works).

use std::path::PathBuf;

/// What a path dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    /// The shown floor as a sheet; the format follows the extension (.pdf, .png, .svg).
    Export,
    /// The active scenario's move list as a workbook.
    MoveList,
    /// The 编制 workbook: the blank template, or `filled` with the file's units, persons and
    /// room occupancy (chosen in the dialog).
    Workbook {
        filled: bool,
    },
    /// A 编制 workbook (or a CSV of its 单位 sheet) to import.
    ImportWorkbook,
    /// A report workbook (报表 menu).
    Report,
}

impl PathPurpose {
    /// The extension given to a typed path that has none.
    fn default_extension(self) -> Option<&'static str> {
        match self {
            PathPurpose::Open => None,
            PathPurpose::Export => Some("pdf"),
            PathPurpose::MoveList | PathPurpose::Workbook { .. } | PathPurpose::Report => {
                Some("xlsx")
            }
            PathPurpose::SaveAs => Some("gpkg"),
            PathPurpose::ImportWorkbook => None,
        }
    }
}

/// What the planner did with the dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathDialogAction {
    /// Closed or 取消.
    Cancel,
    /// 确定 with a path (its extension added when none was typed).
    Chosen { purpose: PathPurpose, path: PathBuf },
}

/// The dialog's state: its purpose and the path typed so far.
#[derive(Clone, Debug)]
pub struct PathDialog {
    pub purpose: PathPurpose,
    pub path: String,
}

impl PathDialog {
    pub fn new(purpose: PathPurpose, path: String) -> Self {
        Self { purpose, path }
    }

    /// The window; an action once the planner closes it or chooses a path.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<PathDialogAction> {
        let title = match self.purpose {
            PathPurpose::Open => crate::t!("menu.open"),
            PathPurpose::SaveAs => crate::t!("menu.save_as"),
            PathPurpose::Export => crate::t!("menu.export"),
            PathPurpose::MoveList => crate::t!("plan.export_moves"),
            PathPurpose::Workbook { .. } => crate::t!("workbook.export_title"),
            PathPurpose::ImportWorkbook => crate::t!("workbook.import_title"),
            PathPurpose::Report => crate::t!("reports.menu"),
        };
        let mut open = true;
        let mut done = false;
        let mut cancel = false;
        egui::Window::new(title.as_ref())
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                self.path_row_ui(ui);
                if self.purpose == PathPurpose::Export {
                    ui.small(crate::t!("dialog.export_help").as_ref());
                }
                if let PathPurpose::Workbook { filled } = &mut self.purpose {
                    ui.radio_value(filled, true, crate::t!("workbook.export_filled").as_ref());
                    ui.radio_value(filled, false, crate::t!("workbook.export_empty").as_ref());
                }
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("dialog.ok").as_ref()).clicked() {
                        done = true;
                    }
                    if ui.button(crate::t!("dialog.cancel").as_ref()).clicked() {
                        cancel = true;
                    }
                });
            });
        if !open || cancel {
            return Some(PathDialogAction::Cancel);
        }
        if done {
            return self.chosen().map(|path| PathDialogAction::Chosen {
                purpose: self.purpose,
                path,
            });
        }
        None
    }

    /// The path field with its 浏览… button (also in dialogs that ask more than a path).
    pub fn path_row_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("dialog.path").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(360.0))
                .labelled_by(label.id);
            if ui.button(crate::t!("dialog.browse").as_ref()).clicked() {
                self.browse();
            }
        });
    }

    /// The typed path, with the purpose's extension if it has none; nothing if empty.
    pub fn chosen(&self) -> Option<PathBuf> {
        let mut path = PathBuf::from(self.path.trim());
        if path.as_os_str().is_empty() {
            return None;
        }
        if path.extension().is_none()
            && let Some(ext) = self.purpose.default_extension()
        {
            path.set_extension(ext);
        }
        Some(path)
    }

    /// The system's file dialog, filtered by the purpose's formats.
    fn browse(&mut self) {
        let picker = match self.purpose {
            PathPurpose::Export => rfd::FileDialog::new()
                .add_filter("PDF", &["pdf"])
                .add_filter("PNG", &["png"])
                .add_filter("SVG", &["svg"]),
            PathPurpose::MoveList | PathPurpose::Workbook { .. } | PathPurpose::Report => {
                rfd::FileDialog::new().add_filter("Excel", &["xlsx"])
            }
            PathPurpose::ImportWorkbook => rfd::FileDialog::new()
                .add_filter("Excel", &["xlsx", "xlsm"])
                .add_filter("CSV", &["csv"]),
            _ => rfd::FileDialog::new().add_filter("GeoPackage", &["gpkg"]),
        };
        let picked = match self.purpose {
            PathPurpose::Open | PathPurpose::ImportWorkbook => picker.pick_file(),
            PathPurpose::SaveAs
            | PathPurpose::Export
            | PathPurpose::MoveList
            | PathPurpose::Workbook { .. }
            | PathPurpose::Report => picker.save_file(),
        };
        if let Some(p) = picked {
            self.path = p.display().to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PathDialog, PathPurpose};
    use std::path::PathBuf;

    #[test]
    fn a_typed_path_gets_the_purposes_extension() {
        let chosen = |purpose, path: &str| PathDialog::new(purpose, path.to_owned()).chosen();
        assert_eq!(
            chosen(PathPurpose::SaveAs, " 示范区 "),
            Some(PathBuf::from("示范区.gpkg"))
        );
        assert_eq!(
            chosen(PathPurpose::Export, "/tmp/3F"),
            Some(PathBuf::from("/tmp/3F.pdf"))
        );
        assert_eq!(
            chosen(PathPurpose::MoveList, "清单"),
            Some(PathBuf::from("清单.xlsx"))
        );
        assert_eq!(
            chosen(PathPurpose::Workbook { filled: false }, "编制表"),
            Some(PathBuf::from("编制表.xlsx"))
        );
        // A typed extension is kept; an opened file is taken as typed.
        assert_eq!(
            chosen(PathPurpose::Export, "a.svg"),
            Some(PathBuf::from("a.svg"))
        );
        assert_eq!(chosen(PathPurpose::Open, "a"), Some(PathBuf::from("a")));
        assert_eq!(chosen(PathPurpose::SaveAs, "  "), None);
    }
}
