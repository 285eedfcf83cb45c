//! The underlay window (视图 → 底图…): load a PNG or JPEG scan for the shown floor, set its
//! opacity, calibrate it by two clicked points and a typed distance. The scan and its
//! placement are kept in the file (`floor_underlays`), so they are there next time.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::OfficeplanApp;
use crate::model::Uuid;
use crate::store::UnderlayRecord;
use crate::ui::canvas::Tool;
use crate::ui::underlay::{Placement, UnderlayLayer, decode_image};
use crate::workspace::Workspace;

/// One floor's scan.
struct Underlay {
    /// The image file's bytes, as read (kept in the project file).
    bytes: Vec<u8>,
    texture: egui::TextureHandle,
    size_px: [usize; 2],
    placement: Placement,
    opacity: f32,
    name: String,
}

/// The underlays of the session, by floor, and the window's fields.
#[derive(Default)]
pub struct Underlays {
    pub(super) open: bool,
    path: String,
    distance: String,
    by_floor: HashMap<Uuid, Underlay>,
    /// Floors whose stored underlay has been looked for.
    looked_up: HashSet<Uuid>,
}

impl Underlays {
    /// What the canvas paints for a floor.
    pub(super) fn layer(&self, floor: &Uuid) -> Option<UnderlayLayer> {
        let u = self.by_floor.get(floor)?;
        let [w, h] = u.size_px;
        Some(UnderlayLayer {
            texture: u.texture.id(),
            top_left: u.placement.plan_from_image(0.0, 0.0),
            bottom_right: u.placement.plan_from_image(w as f64, h as f64),
            opacity: u.opacity,
        })
    }
}

impl OfficeplanApp {
    /// Where the shown floor's underlay lies, if it has one.
    pub fn underlay_placement(&self) -> Option<Placement> {
        let plan = self.plan.as_ref()?;
        self.underlays
            .by_floor
            .get(&plan.floor)
            .map(|u| u.placement)
    }

    /// Reads a PNG or JPEG for the shown floor, spread over the floor's width to begin with,
    /// and keeps it in the file.
    fn load_underlay(&mut self, ctx: &egui::Context) {
        let Some(plan) = self.plan.clone() else {
            return;
        };
        let path = PathBuf::from(self.underlays.path.trim());
        let read = std::fs::read(&path).map_err(|e| e.to_string());
        let decoded = read.and_then(|bytes| decode_image(&bytes).map(|image| (bytes, image)));
        let (bytes, image) = match decoded {
            Ok(d) => d,
            Err(e) => {
                self.notify(
                    crate::t!("underlay.unreadable", path = path.display(), error = e).into_owned(),
                );
                return;
            }
        };
        let (min, max) = self.canvas.plan_bounds().unwrap_or((
            geo::Coord { x: 0.0, y: 0.0 },
            geo::Coord { x: 10.0, y: 10.0 },
        ));
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let placement = Placement::fit(image.size, min, max);
        self.install_underlay(ctx, plan.floor, bytes, image, placement, 0.6, name);
        self.store_underlay(&plan.floor);
    }

    /// Shows an image as a floor's underlay.
    #[allow(clippy::too_many_arguments)]
    fn install_underlay(
        &mut self,
        ctx: &egui::Context,
        floor: Uuid,
        bytes: Vec<u8>,
        image: egui::ColorImage,
        placement: Placement,
        opacity: f32,
        name: String,
    ) {
        let size_px = image.size;
        let texture = ctx.load_texture(
            format!("underlay-{floor}"),
            image,
            egui::TextureOptions::LINEAR,
        );
        self.underlays.by_floor.insert(
            floor,
            Underlay {
                bytes,
                texture,
                size_px,
                placement,
                opacity,
                name,
            },
        );
    }

    /// Writes a floor's underlay (image, placement, opacity) into the file.
    fn store_underlay(&mut self, floor: &Uuid) {
        let Some(u) = self.underlays.by_floor.get(floor) else {
            return;
        };
        let record = UnderlayRecord {
            name: u.name.clone(),
            image: u.bytes.clone(),
            origin: (u.placement.origin.x, u.placement.origin.y),
            metres_per_pixel: u.placement.scale,
            opacity: f64::from(u.opacity),
        };
        if let Some(w) = &mut self.workspace
            && let Err(e) = w.save_underlay(floor, &record)
        {
            self.notify(e.to_string());
        }
    }

    /// After an undo or redo: if it wrote a scanned plan, the decoded ones are read again
    /// from the file when their floor is shown (`before` is the revision before the step).
    pub(super) fn reload_underlays_if_changed(&mut self, before: Option<u64>) {
        let after = self.workspace.as_ref().map(Workspace::underlay_revision);
        if after != before {
            self.underlays.by_floor.clear();
            self.underlays.looked_up.clear();
        }
    }

    /// Shows the shown floor's stored underlay, the first time the floor is shown.
    pub(super) fn restore_underlay(&mut self, ctx: &egui::Context) {
        let Some(floor) = self.plan.as_ref().map(|p| p.floor) else {
            return;
        };
        if !self.underlays.looked_up.insert(floor) || self.underlays.by_floor.contains_key(&floor) {
            return;
        }
        let Some(w) = &self.workspace else { return };
        let record = match w.underlay(&floor) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(e) => {
                self.notify(e.to_string());
                return;
            }
        };
        match decode_image(&record.image) {
            Ok(image) => {
                let placement = Placement {
                    origin: geo::Coord {
                        x: record.origin.0,
                        y: record.origin.1,
                    },
                    scale: record.metres_per_pixel,
                };
                let opacity = record.opacity as f32;
                self.install_underlay(
                    ctx,
                    floor,
                    record.image,
                    image,
                    placement,
                    opacity,
                    record.name,
                );
            }
            Err(e) => self.notify(
                crate::t!("underlay.unreadable", path = record.name, error = e).into_owned(),
            ),
        }
    }

    /// Applies the clicked calibration points and the typed distance.
    fn calibrate_underlay(&mut self) {
        let Some(floor) = self.plan.as_ref().map(|p| p.floor) else {
            return;
        };
        let distance = self.underlays.distance.trim().replace(',', ".");
        let Ok(distance) = distance.parse::<f64>() else {
            self.notify(crate::t!("underlay.bad_distance", text = distance).into_owned());
            return;
        };
        let points = self.canvas.sketch.points.clone();
        let (Some(a), Some(b)) = (points.first(), points.get(1)) else {
            return;
        };
        let Some(u) = self.underlays.by_floor.get_mut(&floor) else {
            return;
        };
        match u
            .placement
            .calibrated(*a, *b, distance, points.get(2).copied())
        {
            Some(p) => {
                u.placement = p;
                self.canvas.sketch.cancel();
                self.canvas.tool = Tool::Select;
                self.store_underlay(&floor);
            }
            None => self.notify(
                crate::t!("underlay.bad_distance", text = distance.to_string()).into_owned(),
            ),
        }
    }

    /// The underlay window.
    pub(super) fn underlay_ui(&mut self, ctx: &egui::Context) {
        if !self.underlays.open {
            return;
        }
        let mut open = true;
        let (mut load, mut calibrate, mut apply, mut remove) = (false, false, false, false);
        let mut opacity_set = false;
        let floor = self.plan.as_ref().map(|p| p.floor);
        let calibrating = self.canvas.tool == Tool::Calibrate;
        let points = self.canvas.sketch.points.clone();
        egui::Window::new(crate::t!("underlay.title").as_ref())
            // Beside the navigator, clear of the menu bar.
            .default_pos(egui::pos2(380.0, 70.0))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                let Some(floor) = floor else {
                    ui.label(crate::t!("app.pick_floor").as_ref());
                    return;
                };
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("dialog.path").as_ref());
                    ui.add(
                        egui::TextEdit::singleline(&mut self.underlays.path).desired_width(260.0),
                    )
                    .labelled_by(label.id);
                    if ui.button(crate::t!("dialog.browse").as_ref()).clicked()
                        && let Some(p) = rfd::FileDialog::new()
                            .add_filter("PNG / JPEG", &["png", "jpg", "jpeg"])
                            .pick_file()
                    {
                        self.underlays.path = p.display().to_string();
                    }
                    load = ui.button(crate::t!("underlay.load").as_ref()).clicked();
                });
                ui.small(crate::t!("underlay.kept").as_ref());
                let Some(u) = self.underlays.by_floor.get_mut(&floor) else {
                    return;
                };
                ui.separator();
                ui.label(&u.name);
                let slider = ui.add(
                    egui::Slider::new(&mut u.opacity, 0.0..=1.0)
                        .text(crate::t!("underlay.opacity").as_ref()),
                );
                // Kept in the file once the slider is let go (not at every step of a drag).
                opacity_set = slider.drag_stopped() || (slider.changed() && !slider.dragged());
                if ui
                    .selectable_label(calibrating, crate::t!("underlay.calibrate").as_ref())
                    .clicked()
                {
                    calibrate = true;
                }
                if calibrating {
                    ui.small(crate::t!("underlay.calibrate_help").as_ref());
                    if let [a, b, ..] = points.as_slice() {
                        let measured = (b.x - a.x).hypot(b.y - a.y);
                        ui.label(
                            crate::t!("underlay.measured", m = format!("{measured:.3}")).as_ref(),
                        );
                    }
                    ui.horizontal(|ui| {
                        let label = ui.label(crate::t!("underlay.distance").as_ref());
                        ui.add(
                            egui::TextEdit::singleline(&mut self.underlays.distance)
                                .desired_width(80.0),
                        )
                        .labelled_by(label.id);
                        if ui
                            .add_enabled(
                                points.len() >= 2,
                                egui::Button::new(crate::t!("underlay.apply").as_ref()),
                            )
                            .clicked()
                        {
                            apply = true;
                        }
                    });
                }
                remove = ui.button(crate::t!("underlay.remove").as_ref()).clicked();
            });
        if !open {
            self.underlays.open = false;
        }
        if load {
            self.load_underlay(ctx);
        }
        if calibrate {
            self.canvas.tool = if calibrating {
                Tool::Select
            } else {
                Tool::Calibrate
            };
            self.canvas.sketch.cancel();
        }
        if apply {
            self.calibrate_underlay();
        }
        if opacity_set && let Some(floor) = floor {
            self.store_underlay(&floor);
        }
        if remove && let Some(floor) = floor {
            self.underlays.by_floor.remove(&floor);
            if let Some(w) = &mut self.workspace
                && let Err(e) = w.remove_underlay(&floor)
            {
                self.notify(e.to_string());
            }
        }
    }
}
