//! 检查结果: the check's findings in tabs (单位超标, 个人超标, 一人多处, 卫生间/休息室, 腾退, 闲置,
//! 出租出借, 无对应标准), each a table to sort by a click on a header and to filter by typed
//! words (Ctrl+F). A click on a row — or ↑/↓ and Enter in the filter box — opens the row's
//! floor and selects its room. The numbers are the check's ([`tables`]), of the baseline or of
//! the scenario shown, whichever the workspace's check is.

mod tab;
mod table;
mod tables;

use std::sync::Arc;

use egui::{Align, Key, Layout, Modifiers, Rect, Sense, vec2};

use super::by_generation::ByGeneration;
use super::job::{JobKind, Jobs};
use crate::i18n::{Language, language};
use crate::model::{Region, RegionScope};
use crate::workspace::Checked;
pub use tab::{FindingsTab, TabCounts};
pub use table::{FindingColumn, FindingRow, FindingTable, RoomRef, cell_text};
pub use tables::FindingTables;

/// What the planner asked of the panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingsAction {
    /// Open the room's floor and select the room.
    OpenRoom(RoomRef),
    /// The row chosen has no room to open (a unit without rooms): its subject, to say so.
    NoRoom(String),
    /// 关闭.
    Close,
    /// The tables could not be made (shown as an error).
    Failed(String),
}

/// A check by the workspace's generation, the check's address (a new check, a scenario shown),
/// the scope (范围) and the language its labels were made in.
type CheckKey = (u64, usize, RegionScope, Language);

fn key_of(checked: &Arc<Checked>, generation: u64, scope: RegionScope) -> CheckKey {
    (generation, Arc::as_ptr(checked).addr(), scope, language())
}

/// The scope the panel shows (范围 of a provincial file) and the file's regions.
pub type Scope<'a> = (RegionScope, &'a [Region]);

/// What the rows shown depend on: the tables' address, the tab, the filter and the sort.
type ShownKey = (usize, FindingsTab, String, Option<(usize, bool)>);

/// The panel's state: the tab, each tab's sort, the filter and the selected row.
#[derive(Default)]
pub struct FindingsPanel {
    pub open: bool,
    tab: FindingsTab,
    /// Per tab: the column sorted by and whether ascending; `None` keeps the check's order.
    sort: [Option<(usize, bool)>; FindingsTab::ALL.len()],
    filter: String,
    /// The selected row: an index into the tab's table, so sorting and filtering keep it.
    selected: Option<usize>,
    /// The selection moved by the keyboard: scroll it into view on the next frame.
    scroll_to_selected: bool,
    /// The address of the tables the selection is of: new tables (a change, a scenario, a
    /// language) drop it, since their rows are others.
    selected_in: usize,
    /// The tables shown and the check they were made of.
    tables: Option<(CheckKey, Arc<FindingTables>)>,
    /// Making a province's tables takes a second or so: a job of the panel's own does it.
    jobs: Jobs<(CheckKey, Arc<FindingTables>)>,
    counts: ByGeneration<TabCounts, (u64, usize, RegionScope)>,
    /// The check of the scope shown, when it is not the total: the same check run on the
    /// scope's part of the project.
    scoped: ByGeneration<Arc<Checked>, (u64, usize, RegionScope)>,
    /// The rows shown (filtered and sorted), kept while the tables, the tab, the filter and
    /// the sort stay: a province's tab holds tens of thousands of rows.
    shown: ByGeneration<Arc<[usize]>, ShownKey>,
}

impl FindingsPanel {
    /// The tab shown.
    pub fn tab(&self) -> FindingsTab {
        self.tab
    }

    /// Whether the panel's tables are being made off the UI thread.
    pub fn is_busy(&self) -> bool {
        !self.jobs.running().is_empty()
    }

    /// Each tab's count for `checked` in `scope` (counted once per check: the status bar asks
    /// every frame).
    pub fn counts(
        &mut self,
        checked: &Arc<Checked>,
        generation: u64,
        scope: Scope<'_>,
    ) -> Result<TabCounts, String> {
        let (generation, address, scope_key, _) = key_of(checked, generation, scope.0);
        let key = (generation, address, scope_key);
        if let Some(counts) = self.counts.get(&key) {
            return Ok(*counts);
        }
        let checked = match self.scoped(checked, generation, scope) {
            Ok(checked) => checked,
            Err(message) => {
                // Said once: no counts for this check and scope, not a retry every frame.
                self.counts.get_or_insert_with(key, TabCounts::default);
                return Err(message);
            }
        };
        Ok(*self
            .counts
            .get_or_insert_with(key, || TabCounts::of(&checked.compliance)))
    }

    /// `checked` restricted to `scope`: itself for the total, else the check of the scope's
    /// part of the project (kept while the check and the scope stay).
    fn scoped(
        &mut self,
        checked: &Arc<Checked>,
        generation: u64,
        (scope, regions): Scope<'_>,
    ) -> Result<Arc<Checked>, String> {
        if scope == RegionScope::All {
            return Ok(checked.clone());
        }
        let key = (generation, Arc::as_ptr(checked).addr(), scope);
        self.scoped
            .get_or_try_insert_with(key, || {
                checked
                    .scoped(scope, regions)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .cloned()
    }

    /// The tables of `checked`: made at once for at most `inline_max_rooms` rooms, else by a
    /// job (`None` until it ends); a failure is handed back to be shown.
    fn tables_of(
        &mut self,
        ctx: &egui::Context,
        checked: &Arc<Checked>,
        (generation, scope): (u64, Scope<'_>),
        inline_max_rooms: u64,
    ) -> Result<Option<Arc<FindingTables>>, String> {
        let key = key_of(checked, generation, scope.0);
        let ready = |tables: &Option<(CheckKey, Arc<FindingTables>)>| {
            tables
                .as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, t)| t.clone())
        };
        if let Some(tables) = ready(&self.tables) {
            return Ok(Some(tables));
        }
        let started = self
            .jobs
            .running()
            .iter()
            .any(|j| j.kind == JobKind::Findings && j.generation == generation);
        if !started {
            self.jobs.set_context(ctx);
            let checked = self.scoped(checked, generation, scope)?;
            let rooms = u64::try_from(checked.project.rooms.len()).unwrap_or(u64::MAX);
            // A provincial file shown whole: each row says its region (区划).
            let regions = (scope.0 == RegionScope::All
                && scope.1.iter().any(|r| {
                    checked
                        .project
                        .region
                        .as_ref()
                        .is_none_or(|own| own.uuid != r.uuid)
                }))
            .then(|| scope.1.to_vec());
            self.jobs.start(
                JobKind::Findings,
                generation,
                rooms <= inline_max_rooms,
                move |control| {
                    control.stage(0.0)?;
                    let tables = FindingTables::of_regions(&checked, regions.as_deref());
                    Ok((key, Arc::new(tables)))
                },
            );
        }
        for finished in self.jobs.poll() {
            // Tables of an older check are of no use: the newer job brings the current ones.
            let (k, tables) = finished.result?;
            if k == key {
                self.tables = Some((k, tables));
            }
        }
        Ok(ready(&self.tables))
    }

    /// The panel; `checked` is the workspace's check (the scenario's while one is shown),
    /// shown for `scope`. Its tables are made at once for at most `inline_max_rooms` rooms,
    /// else off this thread.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        checked: &Arc<Checked>,
        (generation, scope): (u64, Scope<'_>),
        inline_max_rooms: u64,
    ) -> Option<FindingsAction> {
        let tables = match self.tables_of(ui.ctx(), checked, (generation, scope), inline_max_rooms)
        {
            Ok(Some(tables)) => tables,
            Ok(None) => {
                // No spinner: it would repaint without pause; the job wakes the window.
                ui.weak(format!("{}…", JobKind::Findings.label()));
                return None;
            }
            Err(message) => return Some(FindingsAction::Failed(message)),
        };
        let address = Arc::as_ptr(&tables).addr();
        if self.selected_in != address {
            self.selected_in = address;
            self.selected = None;
        }
        let mut action = None;
        let shown_scope = match scope.0 {
            RegionScope::All => None,
            RegionScope::Own => Some(crate::t!("scope.own_short").into_owned()),
            RegionScope::Region(r) => scope
                .1
                .iter()
                .find(|g| g.uuid == r)
                .map(|g| crate::t!("scope.region", name = g.name, code = g.code).into_owned()),
        };
        ui.horizontal(|ui| {
            ui.strong(crate::t!("findings.title").as_ref());
            // Which region's findings these are (范围), when not the whole file's.
            if let Some(label) = &shown_scope {
                ui.label(crate::t!("scope.findings_of", scope = label).as_ref());
            }
            ui.separator();
            for tab in FindingsTab::ALL {
                let text = format!("{} {}", tab.label(), tables.counts.get(tab));
                if ui.selectable_label(self.tab == tab, text).clicked() && self.tab != tab {
                    self.tab = tab;
                    self.selected = None;
                }
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui.button(crate::t!("findings.close").as_ref()).clicked() {
                    action = Some(FindingsAction::Close);
                }
            });
        });
        let Some(table) = tables.get(self.tab) else {
            return action;
        };
        let sort = self.sort.get(self.tab.index()).copied().flatten();
        let key = (address, self.tab, self.filter.clone(), sort);
        let shown = self
            .shown
            .get_or_insert_with(key, || table.shown(&self.filter, sort).into())
            .clone();
        if let Some(chosen) = self.filter_ui(ui, table, &shown, &tables.basis) {
            action = Some(chosen);
        }
        if let Some(row) = self.table_ui(ui, table, &shown) {
            self.selected = Some(row);
            action = table.rows.get(row).map(open_action);
        }
        action
    }

    /// The filter box with Ctrl+F, ↑/↓ and Enter, and the line that says what is shown.
    fn filter_ui(
        &mut self,
        ui: &mut egui::Ui,
        table: &FindingTable,
        shown: &[usize],
        basis: &str,
    ) -> Option<FindingsAction> {
        let id = ui.make_persistent_id("findings_filter");
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::F)) {
            ui.memory_mut(|m| m.request_focus(id));
        }
        let mut action = None;
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("findings.filter").as_ref());
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.filter)
                        .id(id)
                        .hint_text(crate::t!("findings.filter_hint").as_ref())
                        .desired_width(240.0),
                )
                .labelled_by(label.id)
                .on_hover_text(crate::t!("findings.filter_help").as_ref());
            if response.has_focus() {
                let (down, up) = ui.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                        i.consume_key(Modifiers::NONE, Key::ArrowUp),
                    )
                });
                if down || up {
                    self.step_selection(shown, if down { 1 } else { -1 });
                }
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                // Enter opens the selected row, else the first one shown.
                let row = self
                    .selected
                    .filter(|s| shown.contains(s))
                    .or_else(|| shown.first().copied());
                if let Some(row) = row {
                    self.selected = Some(row);
                    action = table.rows.get(row).map(open_action);
                }
            }
            ui.small(
                crate::t!(
                    "findings.shown",
                    shown = shown.len(),
                    total = table.rows.len()
                )
                .as_ref(),
            );
            ui.separator();
            ui.small(basis);
        });
        action
    }

    /// Moves the selection `by` rows in the order shown (from the first row when none is).
    fn step_selection(&mut self, shown: &[usize], by: isize) {
        let at = self
            .selected
            .and_then(|s| shown.iter().position(|r| *r == s));
        let next = match at {
            Some(at) => at
                .saturating_add_signed(by)
                .min(shown.len().saturating_sub(1)),
            None => 0,
        };
        if let Some(row) = shown.get(next) {
            self.selected = Some(*row);
            self.scroll_to_selected = true;
        }
    }

    /// The header (a click sorts) and the rows shown; the row clicked.
    fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        table: &FindingTable,
        shown: &[usize],
    ) -> Option<usize> {
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let width: f32 = table.columns.iter().map(|c| c.width).sum();
        let tab = self.tab.index();
        let mut clicked = None;
        egui::ScrollArea::horizontal()
            .id_salt("findings_columns")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing = vec2(0.0, 0.0);
                ui.horizontal(|ui| {
                    for (i, column) in table.columns.iter().enumerate() {
                        let Some(sort) = self.sort.get_mut(tab) else {
                            continue;
                        };
                        let sorted = sort.filter(|(c, _)| *c == i).map(|(_, up)| up);
                        let size = vec2(column.width, row_height);
                        if super::sort_header::ui(ui, &column.header, sorted, Some(size)) {
                            *sort = Some(super::sort_header::after_click(*sort, i));
                        }
                    }
                });
                if shown.is_empty() {
                    ui.add_space(6.0);
                    ui.label(crate::t!("findings.none").as_ref());
                    return;
                }
                let mut rows = egui::ScrollArea::vertical()
                    .id_salt(("findings_rows", tab))
                    .auto_shrink([false, false]);
                if std::mem::take(&mut self.scroll_to_selected)
                    && let Some(at) = self
                        .selected
                        .and_then(|s| shown.iter().position(|r| *r == s))
                {
                    #[allow(clippy::cast_precision_loss)]
                    let offset = (at as f32 - 3.0).max(0.0) * row_height;
                    rows = rows.vertical_scroll_offset(offset);
                }
                rows.show_rows(ui, row_height, shown.len(), |ui, range| {
                    for k in range {
                        let Some((i, row)) = shown
                            .get(k)
                            .and_then(|i| table.rows.get(*i).map(|r| (*i, r)))
                        else {
                            continue;
                        };
                        let striped = k % 2 == 1;
                        if self.row_ui(
                            ui,
                            table,
                            row,
                            (width, row_height),
                            self.selected == Some(i),
                            striped,
                        ) {
                            clicked = Some(i);
                        }
                    }
                });
            });
        clicked
    }

    /// One row: its cells as labels over one clickable strip; whether it was clicked.
    fn row_ui(
        &self,
        ui: &mut egui::Ui,
        table: &FindingTable,
        row: &FindingRow,
        (width, height): (f32, f32),
        selected: bool,
        striped: bool,
    ) -> bool {
        let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
        let visuals = ui.visuals();
        let fill = if selected {
            Some(visuals.selection.bg_fill.gamma_multiply(0.5))
        } else if response.hovered() {
            Some(visuals.widgets.hovered.weak_bg_fill)
        } else {
            striped.then_some(visuals.faint_bg_color)
        };
        if let Some(fill) = fill {
            ui.painter().rect_filled(rect, 0.0, fill);
        }
        let mut left = rect.left();
        for (cell, column) in row.cells.iter().zip(&table.columns) {
            let cell_rect =
                Rect::from_min_size(egui::pos2(left, rect.top()), vec2(column.width, height))
                    .shrink2(vec2(6.0, 0.0));
            left += column.width;
            let layout = if column.numeric {
                Layout::right_to_left(Align::Center)
            } else {
                Layout::left_to_right(Align::Center)
            };
            // A child that takes no space of its own: the row's strip is already allocated.
            ui.new_child(egui::UiBuilder::new().max_rect(cell_rect).layout(layout))
                .add(
                    egui::Label::new(cell_text(cell))
                        .selectable(false)
                        .truncate(),
                );
        }
        response.clicked()
    }
}

/// What choosing a row does: open its room, or say that it has none.
fn open_action(row: &FindingRow) -> FindingsAction {
    row.room.map_or_else(
        || FindingsAction::NoRoom(row.subject.clone()),
        FindingsAction::OpenRoom,
    )
}
