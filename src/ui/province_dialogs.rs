//! 文件 → 上报… and 文件 → 汇总…: the two dialogs of the roll-up. Each owns its state and
//! returns what the person asked for; the app does the work (a package is written at once, a
//! merge runs as a job with progress and 取消).

use crate::workspace::SubmissionPreview;

/// 上报…: shows the region, the statistics date, the counts and where the package goes.
#[derive(Debug, Default)]
pub struct SubmitDialog {
    pub open: bool,
    /// The folder the package is written into (typed).
    pub out: String,
    /// What the last write did: the package's folder and hash, or why it failed.
    pub result: Option<Result<String, String>>,
}

/// 汇总…: the packages to merge (one path a line), whether deletions are applied, and what
/// the last merge did.
#[derive(Debug, Default)]
pub struct MergeDialog {
    pub open: bool,
    pub packages: String,
    pub apply_deletions: bool,
    /// While a merge runs (the button waits).
    pub running: bool,
    /// One line per package, then its conflicts.
    pub lines: Vec<String>,
    /// Deletions the counties made that wait for consent.
    pub pending: Vec<String>,
}

/// What the merge dialog asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeChoice {
    pub packages: Vec<std::path::PathBuf>,
    pub apply_deletions: bool,
}

impl SubmitDialog {
    /// The dialog; returns the folder to write into when 写出 is clicked.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        preview: Option<&Result<SubmissionPreview, String>>,
    ) -> Option<std::path::PathBuf> {
        let mut open = self.open;
        let mut chosen = None;
        egui::Window::new(crate::t!("province.ui.submit_title").as_ref())
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| match preview {
                Some(Ok(p)) => {
                    egui::Grid::new("submit_grid")
                        .num_columns(2)
                        .show(ui, |ui| {
                            let row = |ui: &mut egui::Ui, key: &str, value: String| {
                                ui.label(crate::t!(key).as_ref());
                                ui.label(value);
                                ui.end_row();
                            };
                            row(
                                ui,
                                "province.ui.region",
                                format!("{}（{}）", p.region.name, p.region.code),
                            );
                            row(ui, "province.ui.parent", p.region.parent_code.clone());
                            row(ui, "province.ui.date", p.statistics_date.clone());
                            let c = &p.counts;
                            row(
                                ui,
                                "province.ui.counts",
                                crate::t!(
                                    "province.ui.counts_value",
                                    sites = c.sites,
                                    buildings = c.buildings,
                                    floors = c.floors,
                                    rooms = c.rooms,
                                    units = c.units,
                                    persons = c.persons
                                )
                                .into_owned(),
                            );
                            row(ui, "province.ui.folder_name", p.folder_name.clone());
                        });
                    ui.horizontal(|ui| {
                        let label = ui.label(crate::t!("province.ui.out").as_ref());
                        ui.text_edit_singleline(&mut self.out).labelled_by(label.id);
                    });
                    let ready = !self.out.trim().is_empty();
                    if ui
                        .add_enabled(
                            ready,
                            egui::Button::new(crate::t!("province.ui.write").as_ref()),
                        )
                        .clicked()
                    {
                        chosen = Some(std::path::PathBuf::from(self.out.trim()));
                    }
                    match &self.result {
                        Some(Ok(text)) => {
                            ui.label(text);
                        }
                        Some(Err(text)) => {
                            ui.colored_label(ui.visuals().error_fg_color, text);
                        }
                        None => {}
                    }
                }
                Some(Err(reason)) => {
                    ui.colored_label(ui.visuals().error_fg_color, reason);
                }
                None => {
                    ui.label(crate::t!("province.ui.no_file").as_ref());
                }
            });
        self.open = open;
        chosen
    }
}

impl MergeDialog {
    /// The dialog; returns the packages to merge when 汇总 (or 执行删除) is clicked.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<MergeChoice> {
        let mut open = self.open;
        let mut chosen = None;
        egui::Window::new(crate::t!("province.ui.merge_title").as_ref())
            .open(&mut open)
            .show(ctx, |ui| {
                let label = ui.label(crate::t!("province.ui.packages").as_ref());
                ui.add(
                    egui::TextEdit::multiline(&mut self.packages)
                        .desired_rows(4)
                        .desired_width(480.0),
                )
                .labelled_by(label.id);
                ui.checkbox(
                    &mut self.apply_deletions,
                    crate::t!("province.ui.apply_deletions").as_ref(),
                );
                let packages: Vec<std::path::PathBuf> = self
                    .packages
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(std::path::PathBuf::from)
                    .collect();
                let ready = !packages.is_empty() && !self.running;
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(crate::t!("province.ui.merge").as_ref()),
                    )
                    .clicked()
                {
                    chosen = Some(MergeChoice {
                        packages: packages.clone(),
                        apply_deletions: self.apply_deletions,
                    });
                }
                if self.running {
                    ui.label(crate::t!("province.ui.running").as_ref());
                }
                for line in &self.lines {
                    ui.label(line);
                }
                if !self.pending.is_empty() {
                    ui.separator();
                    ui.label(crate::t!("province.ui.pending", count = self.pending.len()).as_ref());
                    egui::ScrollArea::vertical()
                        .max_height(160.0)
                        .show(ui, |ui| {
                            for line in &self.pending {
                                ui.label(line);
                            }
                        });
                    if ui
                        .add_enabled(
                            ready,
                            egui::Button::new(crate::t!("province.ui.apply_pending").as_ref()),
                        )
                        .clicked()
                    {
                        chosen = Some(MergeChoice {
                            packages,
                            apply_deletions: true,
                        });
                    }
                }
            });
        self.open = open;
        chosen
    }
}
