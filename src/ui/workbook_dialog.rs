//! The workbook import dialog (文件 → 导入编制表…) as a struct that owns its state and returns
//! actions. It shows the dry run first: either every problem of the workbook by sheet, row and
//! column (and nothing can be imported), or what importing it would change — units, persons
//! and occupancy new / changed / removed, with their names — in the chosen mode (全部替换 /
//! 按名称更新), and the confirmation an import that removes too much needs. Reading the book,
//! checking it against the file and writing it are the app's (`ui/app/workbook.rs`), through
//! [`crate::workspace::Workspace::preview_workbook`].

use std::path::PathBuf;

use crate::io::excel::SheetProblem;
use crate::io::excel::book::Book;
use crate::io::excel::import::ImportMode;
use crate::model::{NamedChanges, PairChanges, RecordChanges};
use crate::workspace::WorkbookImport;

/// At most this many names are listed per kind of change; the rest are counted.
const NAMES_SHOWN: usize = 30;

/// What the person asked the dialog for in a frame; the app carries it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookAction {
    /// Check the book against the file again, in the dialog's mode (the mode changed).
    Preview,
    /// Write the previewed import.
    Import,
    /// 取消, or the window closed.
    Close,
}

/// The dialog's state.
pub struct WorkbookDialog {
    pub path: PathBuf,
    /// The book as read from `path`, or why it could not be read (problems of the file).
    pub book: Result<Book, Vec<SheetProblem>>,
    pub mode: ImportMode,
    /// The dry run and the workspace generation it was made at.
    pub preview: Option<(u64, WorkbookImport)>,
    /// The person ticked the confirmation for an import that removes too much; reset with
    /// every new preview.
    pub consent: bool,
    /// Why the last 导入 failed (a scenario shown, the file changed …).
    pub error: Option<String>,
}

impl WorkbookDialog {
    /// A dialog for the book read from `path`, replacing all until the person chooses.
    pub fn new(path: PathBuf, book: Result<Book, Vec<SheetProblem>>) -> Self {
        Self {
            path,
            book,
            mode: ImportMode::default(),
            preview: None,
            consent: false,
            error: None,
        }
    }

    /// Shows a new dry run (its confirmation not given yet).
    pub fn set_preview(&mut self, generation: u64, preview: WorkbookImport) {
        self.preview = Some((generation, preview));
        self.consent = false;
    }

    /// The window; an action once the person chooses one.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<WorkbookAction> {
        let mut open = true;
        let mut action = None;
        egui::Window::new(crate::t!("workbook.import_title").as_ref())
            .id(egui::Id::unique("workbook_import"))
            .open(&mut open)
            .collapsible(false)
            .default_width(620.0)
            .show(ctx, |ui| action = self.contents_ui(ui));
        if !open {
            return Some(WorkbookAction::Close);
        }
        action
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui) -> Option<WorkbookAction> {
        let mut action = None;
        // The file name only: the folder says nothing the person does not know.
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.label(crate::t!("workbook.file", name = name).as_ref());
        ui.horizontal(|ui| {
            ui.label(crate::t!("workbook.mode").as_ref());
            for mode in ImportMode::ALL {
                if ui.radio_value(&mut self.mode, mode, mode.label()).changed() {
                    action = Some(WorkbookAction::Preview);
                }
            }
        });
        let help = match self.mode {
            ImportMode::ReplaceAll => crate::t!("workbook.mode_help.replace_all"),
            ImportMode::UpdateByName => crate::t!("workbook.mode_help.update_by_name"),
        };
        ui.small(help.as_ref());
        ui.separator();
        if let Some((_, preview)) = &self.preview {
            if preview.is_valid() {
                changes_ui(ui, preview);
                if !preview.flagged_by_title.is_empty() {
                    ui.label(
                        crate::t!(
                            "ranks.import.flagged_by_title",
                            names = preview.flagged_by_title.join("、")
                        )
                        .as_ref(),
                    );
                }
                if let Some(refused) = &preview.removal {
                    ui.colored_label(ui.visuals().warn_fg_color, refused.message());
                    ui.checkbox(&mut self.consent, crate::t!("workbook.consent").as_ref());
                }
            } else {
                problems_ui(ui, &name, &preview.problems);
            }
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.separator();
        let can_import = self
            .preview
            .as_ref()
            .is_some_and(|(_, p)| p.changes_anything() && (p.removal.is_none() || self.consent));
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    can_import,
                    egui::Button::new(crate::t!("workbook.import").as_ref()),
                )
                .on_disabled_hover_text(crate::t!("workbook.import_disabled").as_ref())
                .clicked()
            {
                action = Some(WorkbookAction::Import);
            }
            if ui.button(crate::t!("workbook.cancel").as_ref()).clicked() {
                action = Some(WorkbookAction::Close);
            }
        });
        action
    }
}

/// Every problem of the book, one row each: 工作表 / 行 / 列 / 问题.
fn problems_ui(ui: &mut egui::Ui, name: &str, problems: &[SheetProblem]) {
    ui.colored_label(
        ui.visuals().error_fg_color,
        crate::t!("workbook.problems", name = name, count = problems.len()).as_ref(),
    );
    egui::ScrollArea::vertical()
        .id_salt("workbook_problems")
        .max_height(320.0)
        .show(ui, |ui| {
            egui::Grid::new("workbook_problems_grid")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for key in [
                        "workbook.col.sheet",
                        "workbook.col.row",
                        "workbook.col.column",
                        "workbook.col.problem",
                    ] {
                        ui.strong(crate::t!(key).as_ref());
                    }
                    ui.end_row();
                    for p in problems {
                        ui.label(&p.sheet);
                        ui.label(p.row.map_or_else(|| "—".to_owned(), |r| r.to_string()));
                        ui.label(p.column.as_deref().unwrap_or("—"));
                        ui.add(egui::Label::new(&p.message).wrap());
                        ui.end_row();
                    }
                });
        });
}

/// The counts of what the import changes, then the names of the units and persons.
fn changes_ui(ui: &mut egui::Ui, preview: &WorkbookImport) {
    if !preview.changes_anything() {
        ui.label(crate::t!("workbook.nothing_to_change").as_ref());
        return;
    }
    ui.label(crate::t!("workbook.changes").as_ref());
    let d = &preview.diff;
    egui::Grid::new("workbook_changes_grid")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for key in [
                "workbook.col.what",
                "workbook.col.new",
                "workbook.col.updated",
                "workbook.col.removed",
                "workbook.col.unchanged",
            ] {
                ui.strong(crate::t!(key).as_ref());
            }
            ui.end_row();
            let records = |ui: &mut egui::Ui, key: &str, c: &RecordChanges| {
                ui.label(crate::t!(key).as_ref());
                for n in [c.new, c.updated, c.removed, c.unchanged] {
                    ui.label(n.to_string());
                }
                ui.end_row();
            };
            records(ui, "workbook.row.units", &d.units);
            records(ui, "workbook.row.persons", &d.persons);
            let pairs = |ui: &mut egui::Ui, key: &str, c: &PairChanges| {
                ui.label(crate::t!(key).as_ref());
                ui.label(c.added.to_string());
                ui.label("—");
                ui.label(c.removed.to_string());
                ui.label("—");
                ui.end_row();
            };
            pairs(ui, "workbook.row.room_units", &d.room_units);
            pairs(ui, "workbook.row.room_persons", &d.room_persons);
        });
    egui::ScrollArea::vertical()
        .id_salt("workbook_names")
        .max_height(200.0)
        .show(ui, |ui| {
            names_ui(
                ui,
                &preview.units,
                [
                    "workbook.names.new_units",
                    "workbook.names.updated_units",
                    "workbook.names.removed_units",
                ],
            );
            names_ui(
                ui,
                &preview.persons,
                [
                    "workbook.names.new_persons",
                    "workbook.names.updated_persons",
                    "workbook.names.removed_persons",
                ],
            );
        });
}

/// One line per non-empty kind of change: 新增单位：县史志研究中心、…
fn names_ui(ui: &mut egui::Ui, names: &NamedChanges, keys: [&str; 3]) {
    for (list, key) in [&names.new, &names.updated, &names.removed]
        .into_iter()
        .zip(keys)
    {
        if list.is_empty() {
            continue;
        }
        let mut shown: Vec<&str> = list.iter().take(NAMES_SHOWN).map(String::as_str).collect();
        let more = crate::t!("workbook.names.more", count = list.len());
        if list.len() > NAMES_SHOWN {
            shown.push(more.as_ref());
        }
        let text = crate::t!(
            "workbook.names.list",
            what = crate::t!(key),
            names = shown.join(crate::t!("workbook.separator").as_ref())
        );
        ui.add(egui::Label::new(text.as_ref()).wrap());
    }
}
