//! The main window: menu, navigator, plan, status bar.

use std::path::Path;
use std::sync::Arc;

use egui::{Color32, Stroke};
use geo::BoundingRect as _;

use super::labels;
use super::navigator::Navigator;
use super::projector::Projector;
use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::i18n::{Language, language, set_language};
use crate::model::RoomCategory;
use crate::workspace::{FloorPlan, Workspace};

/// The application state.
pub struct OfficeplanApp {
    workspace: Option<Workspace>,
    navigator: Navigator,
    plan: Option<Arc<FloorPlan>>,
    /// Errors shown until dismissed.
    notifications: Vec<String>,
}

impl OfficeplanApp {
    /// Opens `path`; a failure becomes a notification, never a crash.
    pub fn open(path: &Path) -> Self {
        let mut app = Self {
            workspace: None,
            navigator: Navigator::default(),
            plan: None,
            notifications: Vec::new(),
        };
        match Workspace::open(path) {
            Ok(w) => app.workspace = Some(w),
            Err(e) => app.notifications.push(e.to_string()),
        }
        app
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(crate::t!("menu.view").as_ref(), |ui| {
                let mut lang = language();
                ui.radio_value(&mut lang, Language::Chinese, "中文");
                ui.radio_value(&mut lang, Language::English, "English");
                if lang != language() {
                    set_language(lang);
                }
            });
        });
    }

    fn notifications_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismissed = None;
        for (i, message) in self.notifications.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.colored_label(Color32::from_rgb(200, 40, 40), message);
                if ui.button(crate::t!("app.dismiss").as_ref()).clicked() {
                    dismissed = Some(i);
                }
            });
        }
        if let Some(i) = dismissed {
            self.notifications.remove(i);
        }
    }

    fn plan_ui(&mut self, ui: &mut egui::Ui) {
        let Some(plan) = &self.plan else {
            ui.centered_and_justified(|ui| ui.label(crate::t!("app.pick_floor").as_ref()));
            return;
        };
        let (response, painter) = ui.allocate_painter(ui.available_size(), egui::Sense::hover());
        let bounds = plan
            .rooms
            .iter()
            .filter_map(|r| r.polygon.bounding_rect())
            .reduce(|a, b| {
                geo::Rect::new(
                    geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                    geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
                )
            });
        let Some(bounds) = bounds else { return };
        let projector = Projector::fit(bounds.min(), bounds.max(), response.rect);
        for (room, area) in plan.rooms.iter().zip(&plan.areas) {
            let points: Vec<egui::Pos2> = room
                .polygon
                .exterior()
                .0
                .iter()
                .map(|c| projector.ui_from_plan(*c))
                .collect();
            painter.add(egui::Shape::closed_line(
                points.clone(),
                Stroke::new(1.5, category_color(room.category)),
            ));
            if let Some(rect) = room.polygon.bounding_rect() {
                let center = projector.ui_from_plan(rect.center());
                let width = rect.width() as f32 * projector.scale;
                if width > 40.0 {
                    painter.text(
                        center,
                        egui::Align2::CENTER_CENTER,
                        format!("{}\n{:.2}", room.number, area),
                        egui::FontId::proportional(11.0),
                        ui.visuals().text_color(),
                    );
                }
            }
        }
    }
}

fn category_color(category: RoomCategory) -> Color32 {
    match category {
        RoomCategory::Office => Color32::from_rgb(52, 120, 200),
        RoomCategory::Service => Color32::from_rgb(60, 160, 90),
        RoomCategory::Equipment => Color32::from_rgb(200, 140, 40),
        RoomCategory::Ancillary => Color32::from_rgb(150, 100, 180),
        RoomCategory::Technical => Color32::from_rgb(190, 70, 70),
    }
}

impl eframe::App for OfficeplanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui);
            self.notifications_ui(ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            if let Some(w) = &self.workspace {
                let total = w.index().totals.total();
                ui.label(
                    crate::t!(
                        "app.status",
                        rooms = total.rooms,
                        area = format_area(total.area_m2, AreaBasis::Usable)
                    )
                    .as_ref(),
                );
            }
        });
        egui::Panel::left("navigator")
            .default_size(300.0)
            .show(ui, |ui| {
                if let Some(w) = &self.workspace {
                    let before = self.navigator.selected_floor;
                    self.navigator.ui(ui, w.index());
                    if self.navigator.selected_floor != before {
                        self.plan = None;
                    }
                }
            });
        if self.plan.is_none()
            && let (Some(w), Some(f)) = (&mut self.workspace, self.navigator.selected_floor)
            && let Some(floor) = w.index().floors.get(f).map(|e| e.floor.uuid)
        {
            match w.floor_plan(&floor) {
                Ok(p) => self.plan = Some(p),
                Err(e) => self.notifications.push(e.to_string()),
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(plan) = &self.plan {
                let legend: Vec<String> = <RoomCategory as crate::model::Coded>::ALL
                    .iter()
                    .map(|c| labels::category(*c))
                    .collect();
                ui.label(format!(
                    "{}: {}",
                    crate::t!("app.rooms_on_floor", count = plan.rooms.len()),
                    legend.join(" / ")
                ));
            }
            self.plan_ui(ui);
        });
    }
}
