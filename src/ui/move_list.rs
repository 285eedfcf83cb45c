//! The move list window (搬迁清单): the shown scenario's moves step by step, with export to
//! a print-ready workbook.

use crate::planning::MoveRow;

/// The window's state: whether it is open.
#[derive(Debug, Default)]
pub struct MoveList {
    pub open: bool,
}

/// What the planner asked of the move list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveListAction {
    /// 导出搬迁清单: ask where to write the workbook.
    Export,
}

impl MoveList {
    /// The window, while open, over the scenario `name`'s `rows`.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        rows: &[MoveRow],
    ) -> Option<MoveListAction> {
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut export = false;
        egui::Window::new(crate::t!("plan.move_list_title", name = name).as_ref())
            .open(&mut open)
            .default_width(760.0)
            .show(ctx, |ui| {
                move_rows(ui, rows);
                ui.horizontal(|ui| {
                    if ui.button(crate::t!("plan.export_moves").as_ref()).clicked() {
                        export = true;
                    }
                    ui.small(crate::t!("plan.print_help").as_ref());
                });
            });
        self.open = open;
        export.then_some(MoveListAction::Export)
    }
}

fn move_rows(ui: &mut egui::Ui, rows: &[MoveRow]) {
    egui::ScrollArea::vertical()
        .max_height(420.0)
        .show(ui, |ui| {
            egui::Grid::new("move_list").striped(true).show(ui, |ui| {
                for h in [
                    "plan.col_step",
                    "plan.col_kind",
                    "plan.col_unit",
                    "plan.col_from",
                    "plan.col_to",
                    "plan.col_area",
                    "plan.col_reason",
                ] {
                    ui.strong(crate::t!(h).as_ref());
                }
                ui.end_row();
                for r in rows {
                    ui.label(r.step.to_string());
                    ui.label(crate::ui::labels::move_kind(r.kind));
                    if r.person.is_empty() {
                        ui.label(&r.unit);
                    } else {
                        ui.label(format!("{} · {}", r.unit, r.person));
                    }
                    ui.label(r.from.join("、"));
                    ui.label(r.to.join("、"));
                    ui.label(format!("{:.2} → {:.2}", r.area_before_m2, r.area_after_m2));
                    ui.label(&r.reason);
                    ui.end_row();
                }
            });
        });
}
