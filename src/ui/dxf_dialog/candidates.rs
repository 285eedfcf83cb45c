//! The candidate rooms of an import from walls in the import dialog (issue 17): faces between
//! walls that no room label lies in (`#W…`), drawn on a small preview of the drawing's rooms
//! and listed with their 使用面积, each kept or dropped, numbered, or merged with neighbours
//! (click faces on the preview or tick them in the list, then 合并所选). Decisions resolve
//! through [`crate::io::dxf::candidates::resolve`], so the dialog imports exactly what it
//! shows, and `import-dxf` resolves the same way.

use std::collections::BTreeSet;

use egui::{Color32, Pos2, Sense, Shape, Stroke, vec2};
use geo::{BoundingRect as _, Contains as _, Coord, TriangulateEarcut as _};

use crate::io::dxf::DxfImport;
use crate::io::dxf::candidates::{CandidateChoices, CandidateDefault, Fate, Resolved, resolve};
use crate::ui::projector::Projector;

/// The preview canvas's height, points.
const CANVAS_HEIGHT: f32 = 240.0;
/// The list's height at most, points.
const LIST_HEIGHT: f32 = 170.0;
/// Kept below the list for the dialog's buttons, and for each merge's line, points.
const BELOW_LIST: f32 = 44.0;
const MERGE_LINE: f32 = 26.0;
/// A row of the list, points.
const ROW: f32 = 24.0;
/// Labelled rooms (kept): teal as the plan's import overlay.
const LABELLED: Color32 = Color32::from_rgb(0, 150, 160);
/// A candidate not imported yet (pending): orange, dashed.
const PENDING: Color32 = Color32::from_rgb(230, 130, 0);
/// A candidate kept or merged: green.
const KEPT: Color32 = Color32::from_rgb(40, 150, 60);
/// A candidate dropped: grey.
const DROPPED: Color32 = Color32::from_rgb(150, 150, 150);
/// The selection: blue.
const SELECTED: Color32 = Color32::from_rgb(30, 90, 220);

/// A drawing read for the preview: the rooms as read (before the choices), triangulated once.
pub struct CandidatePanel {
    /// The import as read, every candidate in it.
    pub raw: DxfImport,
    pub choices: CandidateChoices,
    /// The import as the choices make it (the last choices that resolved).
    pub resolved: Resolved,
    /// Rooms (by number in `raw`) ticked or clicked for a merge.
    pub selected: BTreeSet<String>,
    /// Why the last choice was refused (a merge of rooms that do not touch, a taken number).
    pub error: Option<String>,
    /// A number typed for a candidate was refused (a taken one): the field shows it, the
    /// preview does not, so the import waits until it is changed.
    pub blocked: bool,
    /// Per room of `raw`: its fill triangles, plan metres.
    triangles: Vec<Vec<[Coord<f64>; 3]>>,
    /// The box around every room of `raw`, plan metres.
    bounds: Option<(Coord<f64>, Coord<f64>)>,
    /// The preview's zoom and pan, relative to the canvas's top left corner (the dialog may
    /// move); `None` fits the whole drawing (适应窗口).
    view: Option<Projector>,
}

/// What the person did in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelChange {
    /// Nothing that changes the import.
    None,
    /// The choices changed and resolved: the preview is to be compared again.
    Resolved,
}

impl CandidatePanel {
    /// The panel of a read drawing with the default choices, or `None` when the drawing has
    /// no candidate (an import of outlines, or every face labelled).
    pub fn new(raw: DxfImport) -> Option<Self> {
        if raw.candidates.is_empty() {
            return None;
        }
        let choices = CandidateChoices::default();
        let resolved = resolve(&raw, &choices).ok()?;
        let triangles = raw
            .rooms
            .iter()
            .map(|r| {
                let t = r.polygon.earcut_triangles_raw();
                let v = |i: usize| t.vertices.get(i).map(|[x, y]| Coord { x: *x, y: *y });
                t.triangle_indices
                    .chunks(3)
                    .filter_map(|c| Some([v(*c.first()?)?, v(*c.get(1)?)?, v(*c.get(2)?)?]))
                    .collect()
            })
            .collect();
        let mut bounds: Option<(Coord<f64>, Coord<f64>)> = None;
        for rect in raw.rooms.iter().filter_map(|r| r.polygon.bounding_rect()) {
            bounds = Some(crate::ui::canvas::widen_bounds(bounds, rect));
        }
        Some(Self {
            raw,
            choices,
            resolved,
            selected: BTreeSet::new(),
            error: None,
            blocked: false,
            triangles,
            bounds,
            view: None,
        })
    }

    /// Applies a change of the choices if it resolves; else keeps the old ones and says why.
    fn try_choices(&mut self, change: impl FnOnce(&mut CandidateChoices)) -> PanelChange {
        let mut choices = self.choices.clone();
        change(&mut choices);
        match resolve(&self.raw, &choices) {
            Ok(resolved) => {
                self.choices = choices;
                self.resolved = resolved;
                self.error = None;
                self.blocked = false;
                PanelChange::Resolved
            }
            Err(e) => {
                self.error = Some(e.to_string());
                PanelChange::None
            }
        }
    }

    /// Keeps (or drops) a candidate: the other choice is undone, and it leaves a merge it is
    /// in (a merge left with one room is undone).
    pub fn set_kept(&mut self, number: &str, keep: bool) -> PanelChange {
        let number = number.to_owned();
        self.try_choices(|c| {
            c.keep.remove(&number);
            c.drop.remove(&number);
            for group in &mut c.merges {
                group.retain(|n| *n != number);
            }
            c.merges.retain(|g| g.len() >= 2);
            if keep {
                c.keep.insert(number);
            } else {
                c.drop.insert(number);
            }
        })
    }

    /// Merges the selected rooms into one (refused, with the reason, unless they touch).
    pub fn merge_selected(&mut self) -> PanelChange {
        let group: Vec<String> = self
            .raw
            .rooms
            .iter()
            .map(|r| r.number.clone())
            .filter(|n| self.selected.contains(n))
            .collect();
        // A room already merged brings its group along.
        let change = self.try_choices(|c| {
            let mut all = group.clone();
            c.merges.retain(|g| {
                if g.iter().any(|n| group.contains(n)) {
                    all.extend(g.iter().filter(|n| !group.contains(n)).cloned());
                    false
                } else {
                    true
                }
            });
            c.merges.push(all);
        });
        if change == PanelChange::Resolved {
            self.selected.clear();
        }
        change
    }

    /// The candidates the filter lists (at or above the minimum area), in the import's order.
    fn listed(&self) -> impl Iterator<Item = &crate::io::dxf::candidates::CandidateLine> {
        self.resolved
            .candidates
            .iter()
            .filter(|c| c.fate != Fate::Small)
    }

    /// The counts line: rooms imported, candidates pending, dropped.
    pub fn counts_line(&self) -> String {
        let (pending, dropped) = self.resolved.counts();
        crate::t!(
            "dxf_candidates.counts",
            rooms = self.resolved.import.rooms.len(),
            pending = pending,
            dropped = dropped
        )
        .into_owned()
    }

    /// The panel: counts, filter and buttons, the preview canvas, the list and the merges.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> PanelChange {
        let mut change = PanelChange::None;
        ui.separator();
        ui.strong(
            crate::t!(
                "dxf_candidates.title",
                count = self.resolved.candidates.len()
            )
            .as_ref(),
        )
        .on_hover_text(crate::t!("dxf_candidates.basis").as_ref());
        ui.weak(
            match self.resolved.default {
                CandidateDefault::Drop => crate::t!("dxf_candidates.default_drop"),
                CandidateDefault::Keep => crate::t!("dxf_candidates.default_keep"),
            }
            .as_ref(),
        );
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(self.counts_line()).strong());
            ui.add_space(12.0);
            let label = ui.label(crate::t!("dxf_candidates.min_area").as_ref());
            let mut min = self.choices.min_area_m2;
            let response = ui
                .add(
                    egui::DragValue::new(&mut min)
                        .range(0.0..=500.0)
                        .speed(0.5)
                        .suffix(" ㎡"),
                )
                .labelled_by(label.id)
                .on_hover_text(crate::t!("dxf_candidates.min_area_help").as_ref());
            if response.changed() {
                change = self.try_choices(|c| c.min_area_m2 = min);
            }
            let small = self
                .resolved
                .candidates
                .iter()
                .filter(|c| c.fate == Fate::Small)
                .count();
            if small > 0 {
                ui.weak(crate::t!("dxf_candidates.filtered", count = small).as_ref());
            }
        });
        ui.horizontal_wrapped(|ui| {
            let listed: Vec<String> = self.listed().map(|c| c.number.clone()).collect();
            if ui
                .button(crate::t!("dxf_candidates.keep_all").as_ref())
                .clicked()
            {
                change = self.try_choices(|c| {
                    for n in &listed {
                        c.drop.remove(n);
                        c.keep.insert(n.clone());
                    }
                });
            }
            if ui
                .button(crate::t!("dxf_candidates.drop_all").as_ref())
                .clicked()
            {
                change = self.try_choices(|c| {
                    let merged: BTreeSet<&String> = c.merges.iter().flatten().collect();
                    for n in listed.iter().filter(|n| !merged.contains(n)) {
                        c.keep.remove(n);
                        c.drop.insert(n.clone());
                    }
                });
            }
            let merge = ui.add_enabled(
                self.selected.len() >= 2,
                egui::Button::new(
                    crate::t!("dxf_candidates.merge", count = self.selected.len()).as_ref(),
                ),
            );
            let merge =
                merge.on_disabled_hover_text(crate::t!("dxf_candidates.merge_help").as_ref());
            if merge.clicked() {
                change = self.merge_selected();
            }
            if !self.selected.is_empty()
                && ui
                    .button(crate::t!("dxf_candidates.clear_selection").as_ref())
                    .clicked()
            {
                self.selected.clear();
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(Color32::from_rgb(190, 30, 30), e);
        }
        // Canvas and list share what is left of the screen (the dialog does not scroll).
        // The list gets the rows it needs (up to its most), the canvas the rest.
        let left = ui.ctx().content_rect().bottom()
            - ui.cursor().top()
            - BELOW_LIST
            - MERGE_LINE * self.resolved.merges.len() as f32
            - ROW; // the legend
        let rows = self.listed().count() as f32 + 1.0;
        let list = (rows * ROW + 6.0)
            .min(LIST_HEIGHT)
            .min(left - 120.0)
            .max(3.0 * ROW);
        let canvas = (left - list - 8.0).clamp(120.0, CANVAS_HEIGHT);
        self.canvas_ui(ui, canvas);
        ui.horizontal(|ui| {
            if ui
                .button(crate::t!("dxf_view.fit").as_ref())
                .on_hover_text(crate::t!("dxf_view.fit_help").as_ref())
                .clicked()
            {
                self.view = None;
            }
            ui.weak(crate::t!("dxf_candidates.legend").as_ref());
        });
        if self.list_ui(ui, list) == PanelChange::Resolved {
            change = PanelChange::Resolved;
        }
        if self.merges_ui(ui) == PanelChange::Resolved {
            change = PanelChange::Resolved;
        }
        change
    }

    /// The rooms of the drawing, candidates coloured by what becomes of them; a click
    /// selects or unselects a room for a merge. The wheel zooms about the pointer and a drag
    /// pans, as on the plan canvas (the same [`Projector`]).
    fn canvas_ui(&mut self, ui: &mut egui::Ui, height: f32) {
        let width = ui.available_width().max(200.0);
        let (response, painter) = ui.allocate_painter(vec2(width, height), Sense::click_and_drag());
        let name = crate::t!("dxf_candidates.canvas").into_owned();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &name));
        let rect = response.rect;
        painter.rect_filled(rect, 2.0, Color32::from_gray(250));
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(1.0, Color32::from_gray(180)),
            egui::StrokeKind::Inside,
        );
        let Some((lo, hi)) = self.bounds else {
            return;
        };
        let corner = rect.min.to_vec2();
        let mut projector = self.view.map_or_else(
            || Projector::fit_with_margin(lo, hi, rect, 10.0),
            |mut local| {
                local.offset += corner;
                local
            },
        );
        let before = projector;
        projector.navigate(ui, &response, true);
        if projector != before || self.view.is_some() {
            let mut local = projector;
            local.offset -= corner;
            self.view = Some(local);
        }
        let painter = painter.with_clip_rect(rect.shrink(1.0));
        let scale = f64::from(projector.scale);
        let to_screen = |c: Coord<f64>| projector.ui_from_plan(c);
        let to_plan = |p: Pos2| projector.plan_from_ui(p);
        // Each room's look: fill, outline, dashed.
        let fate_of = |number: &str| self.resolved.candidates.iter().find(|c| c.number == number);
        for (i, room) in self.raw.rooms.iter().enumerate() {
            let (colour, dashed) = match fate_of(&room.number) {
                None => (LABELLED, false),
                Some(c) if c.imported => (KEPT, false),
                Some(c) if c.fate == Fate::Pending => (PENDING, true),
                Some(_) => (DROPPED, true),
            };
            let fill = colour.gamma_multiply(if dashed { 0.12 } else { 0.3 });
            let mut mesh = egui::Mesh::default();
            for tri in self.triangles.get(i).into_iter().flatten() {
                let base = mesh.vertices.len() as u32;
                for c in tri {
                    mesh.colored_vertex(to_screen(*c), fill);
                }
                mesh.add_triangle(base, base + 1, base + 2);
            }
            painter.add(Shape::mesh(mesh));
            let selected = self.selected.contains(&room.number);
            // A merged part's own outline is faint: the merged room's is drawn over it.
            let merged = self
                .choices
                .merges
                .iter()
                .flatten()
                .any(|n| *n == room.number);
            let colour = if merged {
                colour.gamma_multiply(0.35)
            } else {
                colour
            };
            for ring in std::iter::once(room.polygon.exterior()).chain(room.polygon.interiors()) {
                let points: Vec<Pos2> = ring.0.iter().map(|c| to_screen(*c)).collect();
                if selected {
                    painter.add(Shape::line(points, Stroke::new(3.0, SELECTED)));
                } else if dashed {
                    painter.extend(Shape::dashed_line(
                        &points,
                        Stroke::new(1.5, colour),
                        5.0,
                        3.0,
                    ));
                } else {
                    painter.add(Shape::line(points, Stroke::new(1.5, colour)));
                }
            }
        }
        // Merged rooms: their joined outline over the parts.
        for m in &self.resolved.merges {
            if let Some(room) = self
                .resolved
                .import
                .rooms
                .iter()
                .find(|r| r.number == m.number)
            {
                let points: Vec<Pos2> = room
                    .polygon
                    .exterior()
                    .0
                    .iter()
                    .map(|c| to_screen(*c))
                    .collect();
                painter.add(Shape::line(points, Stroke::new(2.5, KEPT)));
            }
        }
        // Numbers where they fit: a merged room's once, in the middle of its outline.
        let label = |polygon: &crate::model::PlanPolygon, text: &str, colour: Color32| {
            let (Some(at), Some(r)) = (
                crate::io::dxf::candidates::label_point(polygon),
                polygon.bounding_rect(),
            ) else {
                return;
            };
            // The text where it fits inside the room's box (a smaller size, else none), so
            // that the numbers of small rooms do not run over their neighbours.
            let (w, h) = ((r.width() * scale) as f32, (r.height() * scale) as f32);
            for size in [11.0, 9.0] {
                let galley = painter.layout_no_wrap(
                    text.to_owned(),
                    egui::FontId::proportional(size),
                    colour,
                );
                let g = galley.size();
                if g.x + 4.0 <= w && g.y <= h {
                    painter.galley(to_screen(at) - g / 2.0, galley, colour);
                    break;
                }
            }
        };
        for room in &self.raw.rooms {
            match fate_of(&room.number) {
                None if self.resolved.merges.iter().any(|m| m.number == room.number) => {}
                None => label(&room.polygon, &room.number, Color32::from_rgb(0, 90, 100)),
                Some(c) => match c.fate {
                    Fate::Merged { .. } => {}
                    Fate::Pending if !c.imported => {
                        label(&room.polygon, &c.imported_as, Color32::from_rgb(170, 85, 0))
                    }
                    _ if c.imported => label(
                        &room.polygon,
                        &c.imported_as,
                        Color32::from_rgb(20, 100, 35),
                    ),
                    _ => label(&room.polygon, &c.imported_as, Color32::from_gray(120)),
                },
            }
        }
        for m in &self.resolved.merges {
            if let Some(room) = self
                .resolved
                .import
                .rooms
                .iter()
                .find(|r| r.number == m.number)
            {
                label(&room.polygon, &m.number, Color32::from_rgb(20, 100, 35));
            }
        }
        // The room under the pointer, named with its area (small rooms have no number drawn).
        if let Some(p) = response.hover_pos() {
            let at = geo::Point::from(to_plan(p));
            if let Some(room) = self.raw.rooms.iter().find(|r| r.polygon.contains(&at)) {
                let number =
                    fate_of(&room.number).map_or(room.number.as_str(), |c| c.imported_as.as_str());
                let text = format!(
                    "{} · {:.2} ㎡",
                    format!("{number} {}", room.name).trim(),
                    crate::analysis::area::round_m2(crate::analysis::room_area(&room.polygon))
                );
                response.clone().on_hover_text_at_pointer(text);
            }
        }
        if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let at = geo::Point::from(to_plan(p));
            if let Some(room) = self.raw.rooms.iter().find(|r| r.polygon.contains(&at)) {
                let n = room.number.clone();
                if !self.selected.remove(&n) {
                    self.selected.insert(n);
                }
            }
        }
    }

    /// The candidates the filter lists: tick, number, area, keep / drop, what becomes of it.
    fn list_ui(&mut self, ui: &mut egui::Ui, height: f32) -> PanelChange {
        let mut change = PanelChange::None;
        let lines: Vec<_> = self.listed().cloned().collect();
        let mut kept: Option<(String, bool)> = None;
        let mut numbered: Option<(String, String)> = None;
        egui::ScrollArea::vertical()
            .id_salt("dxf_candidates_list")
            .max_height(height)
            .show(ui, |ui| {
                egui::Grid::new("dxf_candidates_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong(crate::t!("dxf_candidates.col_select").as_ref());
                        ui.strong(crate::t!("dxf_candidates.col_face").as_ref());
                        ui.strong(crate::t!("dxf_candidates.col_number").as_ref());
                        ui.strong(crate::t!("dxf_candidates.col_area").as_ref());
                        ui.strong(crate::t!("dxf_candidates.col_decision").as_ref());
                        ui.strong(crate::t!("dxf_candidates.col_state").as_ref());
                        ui.end_row();
                        for line in &lines {
                            let mut on = self.selected.contains(&line.number);
                            let name = crate::t!("dxf_candidates.select_of", number = line.number)
                                .into_owned();
                            let response = ui.checkbox(&mut on, "");
                            response.widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::CheckBox,
                                    true,
                                    on,
                                    name.as_str(),
                                )
                            });
                            if response.changed() {
                                if on {
                                    self.selected.insert(line.number.clone());
                                } else {
                                    self.selected.remove(&line.number);
                                }
                            }
                            ui.label(&line.number);
                            let mut text = self
                                .choices
                                .numbers
                                .get(&line.number)
                                .cloned()
                                .unwrap_or_else(|| line.number.clone());
                            let name = crate::t!("dxf_candidates.number_of", number = line.number)
                                .into_owned();
                            let response = ui.add_enabled(
                                match &line.fate {
                                    // Merged into another room: that room's number counts.
                                    Fate::Merged { into } => *into == line.imported_as,
                                    _ => true,
                                },
                                egui::TextEdit::singleline(&mut text).desired_width(70.0),
                            );
                            let response = response.accessible_name(name);
                            if response.changed() {
                                numbered = Some((line.number.clone(), text.clone()));
                            }
                            ui.label(format!("{:.2}", line.area_m2));
                            ui.horizontal(|ui| {
                                for (keep, key) in [
                                    (true, "dxf_candidates.keep"),
                                    (false, "dxf_candidates.drop"),
                                ] {
                                    let on = match line.fate {
                                        Fate::Kept => keep,
                                        Fate::Dropped => !keep,
                                        _ => false,
                                    };
                                    let label = crate::t!(key).into_owned();
                                    let name = format!("{} · {label}", line.number);
                                    let response = ui.selectable_label(on, label.as_str());
                                    response.widget_info(|| {
                                        egui::WidgetInfo::selected(
                                            egui::Role::Button,
                                            true,
                                            on,
                                            name.as_str(),
                                        )
                                    });
                                    if response.clicked() {
                                        kept = Some((line.number.clone(), keep));
                                    }
                                }
                            });
                            let state = line.state();
                            ui.label(state);
                            ui.end_row();
                        }
                    });
            });
        if let Some((number, keep)) = kept {
            change = self.set_kept(&number, keep);
        }
        if let Some((number, text)) = numbered {
            // The field shows what was typed even while it is refused (a taken number).
            let typed = text.clone();
            if self.try_choices(|c| {
                c.numbers.insert(number.clone(), text);
            }) == PanelChange::Resolved
            {
                change = PanelChange::Resolved;
            } else {
                self.choices.numbers.insert(number, typed);
                self.blocked = true;
            }
        }
        change
    }

    /// The merges made, each with its parts' areas and the merged area, and 拆开 to undo it.
    fn merges_ui(&mut self, ui: &mut egui::Ui) -> PanelChange {
        let mut split = None;
        for (k, m) in self.resolved.merges.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.label(m.line());
                let label = crate::t!("dxf_candidates.split").into_owned();
                let name = format!("{} · {label}", m.number);
                let response = ui.button(label.as_str());
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, name.as_str())
                });
                if response.clicked() {
                    split = Some(k);
                }
            });
        }
        match split {
            Some(k) => self.try_choices(|c| {
                if k < c.merges.len() {
                    c.merges.remove(k);
                }
            }),
            None => PanelChange::None,
        }
    }
}
