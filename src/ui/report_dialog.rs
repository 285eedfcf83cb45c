//! 报表: the menu of report tables (those `officeplan report` writes) and the dialog that asks
//! the statistics date (统计截止日期) and where to write the workbook. It writes nothing itself:
//! 确定 comes back as a [`ReportDialogAction`] for the app to run as a job.

use std::path::PathBuf;

use super::path_dialog::{PathDialog, PathPurpose};
use crate::io::report::{
    CONSTRUCTION_TABLE, IDLE_TABLE, OFFICE_TABLE, OVER_TABLE, PROVINCIAL_TABLE, REGION_TABLE,
    ReportScope, TABLE_NAMES, TECHNICAL_TABLE, Table, USAGE_TABLE,
};
use crate::model::{Date, ReportFiller, parse_date};
use crate::model::{Region, RegionScope};

/// Which tables a report workbook holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportChoice {
    /// One table, by its sheet name (one of [`TABLE_NAMES`]).
    One(&'static str),
    /// Every table, one sheet each (as `officeplan report --xlsx`).
    All,
}

impl ReportChoice {
    /// The menu's and the dialog's name for the choice.
    pub fn label(self) -> String {
        match self {
            Self::One(name) => table_label(name),
            Self::All => crate::t!("reports.all").into_owned(),
        }
    }

    /// The tables of the choice, in the workbook's order.
    pub fn select(self, tables: Vec<Table>) -> Vec<Table> {
        match self {
            Self::One(name) => tables.into_iter().filter(|t| t.name == name).collect(),
            Self::All => tables,
        }
    }

    /// The start of the proposed file name.
    fn file_stem(self) -> String {
        match self {
            Self::One(name) => name.to_owned(),
            Self::All => crate::t!("reports.all_file").into_owned(),
        }
    }
}

/// A table's name: the form's own (Chinese) name, glossed in English.
fn table_label(name: &str) -> String {
    let key = match name {
        REGION_TABLE => "office_table.region_table",
        OFFICE_TABLE => "reports.table.office",
        USAGE_TABLE => "reports.table.usage",
        OVER_TABLE => "reports.table.over",
        IDLE_TABLE => "reports.table.idle",
        TECHNICAL_TABLE => "national_tables.report.technical",
        CONSTRUCTION_TABLE => "national_tables.report.construction",
        PROVINCIAL_TABLE => "national_tables.report.provincial",
        other => return other.to_owned(),
    };
    crate::t!(key).into_owned()
}

/// The 报表 menu's items; the one chosen.
///
/// 省部级领导干部办公室信息 is offered for a `provincial` file only; otherwise its item is
/// disabled and says why.
pub fn menu_ui(ui: &mut egui::Ui, enabled: bool, provincial: bool) -> Option<ReportChoice> {
    let mut chosen = None;
    let items = TABLE_NAMES
        .iter()
        .copied()
        .map(ReportChoice::One)
        .chain([ReportChoice::All]);
    for (i, choice) in items.enumerate() {
        if i == TABLE_NAMES.len() {
            ui.separator();
        }
        if choice == ReportChoice::One(PROVINCIAL_TABLE) && !provincial {
            let text = crate::t!(
                "national_tables.report.provincial_only",
                name = choice.label()
            );
            ui.add_enabled(false, egui::Button::new(text.as_ref()))
                .on_disabled_hover_text(
                    crate::t!("national_tables.report.provincial_why").as_ref(),
                );
            continue;
        }
        let text = crate::t!("reports.item", name = choice.label());
        if ui
            .add_enabled(enabled, egui::Button::new(text.as_ref()))
            .on_hover_text(crate::t!("reports.item_help").as_ref())
            .on_disabled_hover_text(crate::t!("app.no_file").as_ref())
            .clicked()
        {
            chosen = Some(choice);
        }
    }
    chosen
}

/// The file proposed for `choice`: in `folder`, named after the region, the table and the date.
fn proposal(folder: &std::path::Path, region: &str, choice: ReportChoice, as_of: &str) -> String {
    let name = format!("{region}{}_{as_of}.xlsx", choice.file_stem());
    folder.join(name).display().to_string()
}

/// What the planner did with the dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportDialogAction {
    /// Closed or 取消.
    Cancel,
    /// 确定: check the file as of `as_of` and write the choice's tables of `scope` to `path`.
    Write {
        choice: ReportChoice,
        scope: ReportScope,
        as_of: Date,
        path: PathBuf,
    },
}

/// The dialog's state: the tables, the typed date and path.
#[derive(Clone, Debug)]
pub struct ReportDialog {
    pub choice: ReportChoice,
    pub as_of: String,
    path: PathDialog,
    /// A scenario is shown: say that reports are of the file (the baseline).
    scenario_shown: bool,
    /// The header block's filler (填表人单位, 姓名, 电话), as the file has it until edited;
    /// the app saves a change (an undoable edit) before it writes the report.
    pub filler: ReportFiller,
    /// A provincial file's scopes (范围), each with its label and the region name its file is
    /// proposed under; empty for a file of one region.
    scopes: Vec<(ReportScope, String, String)>,
    pub scope: ReportScope,
    /// Where the file is proposed, and the path last proposed (a path typed by hand is kept
    /// when the scope changes).
    folder: PathBuf,
    proposed: String,
}

impl ReportDialog {
    /// The dialog for `choice`, proposing `as_of` (the file's statistics date) and a file
    /// named after the region, the table and the date in `folder`.
    pub fn new(
        choice: ReportChoice,
        as_of: Date,
        folder: &std::path::Path,
        region: &str,
        scenario_shown: bool,
    ) -> Self {
        let proposed = proposal(folder, region, choice, &as_of);
        Self {
            choice,
            as_of,
            path: PathDialog::new(PathPurpose::Report, proposed.clone()),
            scenario_shown,
            filler: ReportFiller::default(),
            scopes: Vec::new(),
            scope: ReportScope::default(),
            folder: folder.to_path_buf(),
            proposed,
        }
    }

    /// The same dialog offering a provincial file's scopes (`choices`: those of the
    /// navigator's 范围) and, after them, each region as its own sheet beside the summed one;
    /// `current` (the scope shown in the window) is chosen at first.
    /// The file proposed for a scope is named after its region (`regions`: the file's;
    /// `own`: its own region).
    #[must_use]
    pub fn with_scopes(
        mut self,
        choices: &[(RegionScope, String)],
        current: RegionScope,
        (regions, own): (&[Region], Option<&Region>),
    ) -> Self {
        if choices.is_empty() {
            return self;
        }
        let own_name = own.map_or("", |r| r.name.as_str());
        let file_name = |scope: RegionScope| match scope {
            RegionScope::All => own_name.to_owned(),
            RegionScope::Own => crate::t!("scope.own", name = own_name).into_owned(),
            RegionScope::Region(_) => scope
                .region(regions, own)
                .map_or_else(String::new, |r| r.name.clone()),
        };
        self.scopes = choices
            .iter()
            .map(|(scope, label)| (ReportScope::One(*scope), label.clone(), file_name(*scope)))
            .collect();
        self.scopes.push((
            ReportScope::ByRegionAndTotal,
            crate::t!("scope.report.by_region").into_owned(),
            format!("{own_name}{}", crate::t!("scope.report.file_by_region")),
        ));
        self.scope = ReportScope::One(current);
        self
    }

    /// 范围: the scopes offered (for a provincial file).
    fn scope_ui(&mut self, ui: &mut egui::Ui) {
        if self.scopes.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("scope.report.label").as_ref());
            let shown = self
                .scopes
                .iter()
                .find(|(s, _, _)| *s == self.scope)
                .map(|(_, l, _)| l.clone())
                .unwrap_or_default();
            let before = self.scope;
            egui::ComboBox::from_id_salt("report_scope")
                .selected_text(shown)
                .width(320.0)
                .show_ui(ui, |ui| {
                    for (scope, text, _) in &self.scopes {
                        ui.selectable_value(&mut self.scope, *scope, text);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(crate::t!("scope.report.help").as_ref());
            // The proposed file follows the scope, unless a path was typed.
            if self.scope != before && self.path.path == self.proposed {
                let region = self
                    .scopes
                    .iter()
                    .find(|(s, _, _)| *s == self.scope)
                    .map_or("", |(_, _, name)| name.as_str());
                self.proposed = proposal(&self.folder, region, self.choice, &self.as_of);
                self.path.path.clone_from(&self.proposed);
            }
        });
    }

    /// The same dialog with the filler the file records.
    #[must_use]
    pub fn with_filler(mut self, filler: ReportFiller) -> Self {
        self.filler = filler;
        self
    }

    /// The filler's three fields, each with its label.
    fn filler_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(crate::t!("office_table.filler_heading").as_ref());
        egui::Grid::new("report_filler")
            .num_columns(2)
            .show(ui, |ui| {
                for (key, value) in [
                    ("office_table.filler_unit", &mut self.filler.unit),
                    ("office_table.filler_name", &mut self.filler.name),
                    ("office_table.filler_phone", &mut self.filler.phone),
                ] {
                    let label = ui.label(crate::t!(key).as_ref());
                    ui.add(egui::TextEdit::singleline(value).desired_width(220.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
            });
    }

    /// The window; an action once the planner closes it or chooses.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<ReportDialogAction> {
        let mut open = true;
        let (mut done, mut cancel) = (false, false);
        let date = parse_date(&self.as_of);
        let path = self.path.chosen();
        egui::Window::new(crate::t!("reports.title", name = self.choice.label()).as_ref())
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("reports.as_of").as_ref());
                    ui.add(egui::TextEdit::singleline(&mut self.as_of).desired_width(110.0))
                        .labelled_by(label.id)
                        .on_hover_text(crate::t!("reports.as_of_help").as_ref());
                    if date.is_none() {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            crate::t!("reports.bad_date").as_ref(),
                        );
                    }
                });
                self.scope_ui(ui);
                self.filler_ui(ui);
                self.path.path_row_ui(ui);
                if path.as_ref().is_some_and(|p| p.exists()) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        crate::t!("reports.replaces").as_ref(),
                    );
                }
                if self.scenario_shown {
                    ui.small(crate::t!("reports.baseline").as_ref());
                }
                ui.horizontal(|ui| {
                    let ready = date.is_some() && path.is_some();
                    if ui
                        .add_enabled(ready, egui::Button::new(crate::t!("dialog.ok").as_ref()))
                        .clicked()
                    {
                        done = true;
                    }
                    if ui.button(crate::t!("dialog.cancel").as_ref()).clicked() {
                        cancel = true;
                    }
                });
            });
        if !open || cancel {
            return Some(ReportDialogAction::Cancel);
        }
        match (done, date, path) {
            (true, Some(as_of), Some(path)) => Some(ReportDialogAction::Write {
                choice: self.choice,
                scope: self.scope,
                as_of,
                path,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_keeps_its_table_and_all_keeps_every_table() {
        let tables: Vec<Table> = TABLE_NAMES
            .iter()
            .map(|name| Table {
                name,
                sheet: None,
                title: String::new(),
                header_block: Vec::new(),
                sections: Vec::new(),
            })
            .collect();
        let names = |t: Vec<Table>| t.iter().map(|t| t.name).collect::<Vec<_>>();
        assert_eq!(
            names(ReportChoice::One(IDLE_TABLE).select(tables.clone())),
            ["闲置清单"]
        );
        assert_eq!(names(ReportChoice::All.select(tables)), TABLE_NAMES);
    }

    #[test]
    fn the_proposed_file_is_named_after_region_table_and_date() {
        let d = ReportDialog::new(
            ReportChoice::One(OFFICE_TABLE),
            "2026-09-30".into(),
            std::path::Path::new("/data"),
            "示范县",
            false,
        );
        assert_eq!(
            d.path.chosen(),
            Some(PathBuf::from("/data/示范县办公用房信息_2026-09-30.xlsx"))
        );
    }
}
