//! The stack plan (楼层堆叠图): for a site or the whole region, each building's floors as rows
//! (top floor first) and, on each row, a block per unit sized by the 使用面积 it holds there,
//! coloured as on the plan, then the idle area (hatched grey) and rooms no unit holds.
//!
//! A unit's block dragged onto another floor's row (of any building) moves the unit there:
//! the tooltip says which idle rooms best fit ([`crate::planning::relocate`]) would choose,
//! why, and the persons over the standard before → after; the drop opens the target picker
//! ([`crate::ui::target_picker`]) with those rooms ticked.

use egui::{Color32, Pos2, Rect, Sense, Stroke, vec2};

use crate::model::{RegionScope, Uuid};
use crate::planning::Checked;
use crate::store::ProjectIndex;
use crate::ui::drag::Payload;
use crate::view::ThemeContext;
use crate::workspace::region_groups::ScopeView;

/// One block of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The unit, or `None` for idle area (`idle`) or rooms no unit holds.
    pub unit: Option<Uuid>,
    pub area_m2: f64,
    pub idle: bool,
}

/// One floor.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub floor: Uuid,
    /// Index into the project index's floors.
    pub floor_index: usize,
    pub label: String,
    pub blocks: Vec<Block>,
}

/// One building's floors, top first.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub building: String,
    pub rows: Vec<Row>,
}

/// The rows of the buildings of `site` (an index into the index's sites), or of every site
/// that `scope` (范围 of a provincial file) shows.
pub fn build(
    index: &ProjectIndex,
    checked: &Checked,
    site: Option<usize>,
    view: ScopeView<'_>,
) -> Vec<Column> {
    let mut floor_rows: std::collections::HashMap<Uuid, Vec<(Option<Uuid>, f64, bool)>> =
        std::collections::HashMap::new();
    for (i, room) in checked.project.rooms.iter().enumerate() {
        let area = checked.area(i);
        let blocks = floor_rows.entry(room.floor).or_default();
        let mut add = |unit: Option<Uuid>, a: f64, idle: bool| match blocks
            .iter_mut()
            .find(|(u, _, d)| *u == unit && *d == idle)
        {
            Some((_, sum, _)) => *sum += a,
            None => blocks.push((unit, a, idle)),
        };
        if room.units.is_empty() {
            add(None, area, room.status == crate::model::RoomStatus::Idle);
        } else {
            let n = room.units.len() as f64;
            for u in &room.units {
                add(Some(*u), area / n, false);
            }
        }
    }
    index
        .buildings
        .iter()
        .enumerate()
        .filter(|(_, b)| site.is_none_or(|s| b.site == s) && view.holds_site(index, b.site))
        .map(|(i, b)| {
            let mut floors: Vec<usize> = b.floors.clone();
            floors.sort_by_key(|f| {
                std::cmp::Reverse(index.floors.get(*f).map_or(0, |e| e.floor.level))
            });
            Column {
                building: view.building_label(index, i),
                rows: floors
                    .into_iter()
                    .filter_map(|f| {
                        let entry = index.floors.get(f)?;
                        let mut blocks: Vec<Block> = floor_rows
                            .get(&entry.floor.uuid)
                            .map(|v| {
                                v.iter()
                                    .map(|(unit, area_m2, idle)| Block {
                                        unit: *unit,
                                        area_m2: *area_m2,
                                        idle: *idle,
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        // Units first (largest first), then idle, then common rooms.
                        blocks.sort_by(|a, b| {
                            (a.unit.is_none(), !a.idle, b.area_m2)
                                .partial_cmp(&(b.unit.is_none(), !b.idle, a.area_m2))
                                .unwrap_or(std::cmp::Ordering::Equal)
                        });
                        Some(Row {
                            floor: entry.floor.uuid,
                            floor_index: f,
                            label: entry.floor.name.clone(),
                            blocks,
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}

/// What happened on the stack plan.
#[derive(Clone, Debug, PartialEq)]
pub enum StackAction {
    /// A block was clicked: open its floor.
    Open {
        floor_index: usize,
        unit: Option<Uuid>,
    },
    /// A block is dragged over another floor.
    Hover { unit: Uuid, from: Uuid, to: Uuid },
    /// A block was dropped on another floor.
    Drop { unit: Uuid, from: Uuid, to: Uuid },
}

/// The stack plan's state: which site, and the rows by generation.
#[derive(Default)]
pub struct StackPlan {
    /// Index into the sites; `None` is the whole region.
    pub site: Option<usize>,
    rows: super::ByGeneration<Vec<Column>, (u64, Option<usize>, RegionScope)>,
    /// Screen rectangles of the last frame's rows and blocks, for tests and hit-testing.
    pub row_rects: Vec<(Uuid, Rect)>,
    pub block_rects: Vec<(Uuid, Uuid, Rect)>,
}

const ROW_HEIGHT: f32 = 22.0;
const LABEL_WIDTH: f32 = 44.0;

impl StackPlan {
    /// Shows the stack plan of `checked` (the state shown: baseline or scenario), of the
    /// compounds `scope` shows.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        index: &ProjectIndex,
        checked: &Checked,
        context: &ThemeContext,
        (generation, view): (u64, ScopeView<'_>),
    ) -> Option<StackAction> {
        let scope = view.scope;
        // A compound of another region is not offered: the whole scope is shown instead.
        if self.site.is_some_and(|s| !view.holds_site(index, s)) {
            self.site = None;
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("stack.scope").as_ref());
            let shown = self.site.map_or_else(
                || crate::t!("stack.region").into_owned(),
                |s| view.site_label(index, s),
            );
            egui::ComboBox::from_id_salt("stack_site")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.site, None, crate::t!("stack.region").as_ref());
                    for i in 0..index.sites.len() {
                        if view.holds_site(index, i) {
                            ui.selectable_value(&mut self.site, Some(i), view.site_label(index, i));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.small(crate::t!("stack.help").as_ref());
        });
        let site = self.site;
        let columns = self
            .rows
            .get_or_insert_with((generation, site, scope), || {
                build(index, checked, site, view)
            })
            .clone();
        let widest = columns
            .iter()
            .flat_map(|c| &c.rows)
            .map(|r| r.blocks.iter().map(|b| b.area_m2).sum::<f64>())
            .fold(1.0, f64::max);
        let scale =
            ((ui.available_width() - LABEL_WIDTH - 24.0).max(200.0) / widest as f32).min(2.0);
        self.row_rects.clear();
        self.block_rects.clear();
        let mut action = None;
        let payload = Payload::current(ui.ctx());
        let pointer = ui.ctx().pointer_latest_pos();
        egui::ScrollArea::both().id_salt("stack").show(ui, |ui| {
            for column in &columns {
                ui.strong(&column.building);
                for row in &column.rows {
                    let (rect, _) = ui.allocate_exact_size(
                        vec2(LABEL_WIDTH + widest as f32 * scale + 8.0, ROW_HEIGHT),
                        Sense::hover(),
                    );
                    self.row_rects.push((row.floor, rect));
                    let text_color = ui.visuals().text_color();
                    let common_fill = ui.visuals().widgets.inactive.bg_fill;
                    let painter = ui.painter();
                    painter.text(
                        rect.left_center(),
                        egui::Align2::LEFT_CENTER,
                        &row.label,
                        egui::FontId::proportional(12.0),
                        text_color,
                    );
                    let mut x = rect.left() + LABEL_WIDTH;
                    for block in &row.blocks {
                        let w = block.area_m2 as f32 * scale;
                        let r = Rect::from_min_size(
                            Pos2::new(x, rect.top() + 2.0),
                            vec2(w, ROW_HEIGHT - 4.0),
                        );
                        x += w;
                        let fill = match block.unit {
                            Some(u) => {
                                let c = context.unit_color(&u);
                                Color32::from_rgb(c.r, c.g, c.b)
                            }
                            None if block.idle => Color32::from_gray(205),
                            None => common_fill,
                        };
                        painter.rect_filled(r, 1.0, fill);
                        painter.rect_stroke(
                            r,
                            1.0,
                            Stroke::new(0.5, Color32::WHITE),
                            egui::StrokeKind::Inside,
                        );
                        if block.idle {
                            hatch(painter, r);
                        }
                        let name = block
                            .unit
                            .and_then(|u| context.unit_name(&u))
                            .unwrap_or_default();
                        if !name.is_empty() && w > 24.0 {
                            // A name longer than its block is cut at the block's edge.
                            painter.with_clip_rect(r.shrink(1.0)).text(
                                r.center(),
                                egui::Align2::CENTER_CENTER,
                                name,
                                egui::FontId::proportional(11.0),
                                Color32::from_gray(20),
                            );
                        }
                        let Some(unit) = block.unit else { continue };
                        self.block_rects.push((unit, row.floor, r));
                        let id = ui.scope_id().with(("block", unit, row.floor));
                        let response = ui.interact(r, id, Sense::click_and_drag());
                        let area = crate::analysis::area::format_area(
                            block.area_m2,
                            crate::analysis::AreaBasis::Usable,
                        );
                        let response = response.on_hover_text(format!(
                            "{name} · {} {} · {area}",
                            column.building, row.label
                        ));
                        if response.drag_started() {
                            Payload::Block {
                                unit,
                                floor: row.floor,
                                label: format!("{name} {} {}", column.building, row.label),
                            }
                            .start(ui.ctx());
                        }
                        if response.clicked() {
                            action = Some(StackAction::Open {
                                floor_index: row.floor_index,
                                unit: Some(unit),
                            });
                        }
                    }
                    // A block dragged over this row.
                    if let (Some(p), Some(at)) = (&payload, pointer)
                        && let Payload::Block { unit, floor, .. } = p.as_ref()
                        && rect.contains(at)
                        && *floor != row.floor
                    {
                        ui.painter().rect_stroke(
                            rect,
                            2.0,
                            Stroke::new(2.5, Color32::from_rgb(20, 160, 60)),
                            egui::StrokeKind::Outside,
                        );
                        let (unit, from, to) = (*unit, *floor, row.floor);
                        if Payload::released(ui.ctx()) {
                            egui::DragAndDrop::clear_payload(ui.ctx());
                            action = Some(StackAction::Drop { unit, from, to });
                        } else {
                            action = Some(StackAction::Hover { unit, from, to });
                        }
                    }
                }
                ui.add_space(8.0);
            }
        });
        action
    }
}

/// Diagonal lines over an idle block.
fn hatch(painter: &egui::Painter, r: Rect) {
    let stroke = Stroke::new(1.0, Color32::from_gray(150));
    let mut x = r.left() - r.height();
    while x < r.right() {
        let a = Pos2::new(x.max(r.left()), r.bottom() - (x.max(r.left()) - x));
        let end = (x + r.height()).min(r.right());
        let b = Pos2::new(end, r.bottom() - (end - x));
        painter.line_segment([a, b], stroke);
        x += 6.0;
    }
}
