//! The underlay window (视图 → 底图…): load a PNG or JPEG scan for the shown floor, set its
//! opacity, calibrate it by two clicked points and a typed distance. The window owns the
//! session's decoded scans; the app keeps them in the file (`floor_underlays`) through the
//! workspace, so they are there next time.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::underlay::{Placement, UnderlayLayer, decode_image};
use crate::model::Uuid;
use crate::store::UnderlayRecord;

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

/// What the planner asked of the underlay window.
#[derive(Clone, Debug, PartialEq)]
pub enum UnderlayAction {
    /// 加载: read the typed path for the shown floor.
    Load,
    /// 校准: start or stop clicking the calibration points.
    ToggleCalibrate,
    /// 应用: the clicked points are the typed distance apart.
    Calibrate,
    /// The opacity slider was let go: keep the floor's underlay in the file.
    Store,
    /// 移除: the floor's underlay is taken away (from the file too).
    Remove,
}

/// What the window shows this frame.
#[derive(Clone, Debug, Default)]
pub struct UnderlayView {
    /// The shown floor.
    pub floor: Option<Uuid>,
    /// Whether the calibration points are being clicked.
    pub calibrating: bool,
    /// The points clicked so far (plan metres).
    pub points: Vec<geo::Coord<f64>>,
}

/// The underlays of the session, by floor, and the window's fields.
#[derive(Default)]
pub struct UnderlayWindow {
    pub open: bool,
    path: String,
    distance: String,
    by_floor: HashMap<Uuid, Underlay>,
    /// Floors whose stored underlay has been looked for.
    looked_up: HashSet<Uuid>,
}

impl UnderlayWindow {
    /// What the canvas paints for a floor.
    pub fn layer(&self, floor: &Uuid) -> Option<UnderlayLayer> {
        let u = self.by_floor.get(floor)?;
        let [w, h] = u.size_px;
        Some(UnderlayLayer {
            texture: u.texture.id(),
            top_left: u.placement.plan_from_image(0.0, 0.0),
            bottom_right: u.placement.plan_from_image(w as f64, h as f64),
            opacity: u.opacity,
        })
    }

    /// Where a floor's underlay lies, if it has one.
    pub fn placement(&self, floor: &Uuid) -> Option<Placement> {
        self.by_floor.get(floor).map(|u| u.placement)
    }

    /// Forgets the decoded scans: they are read again from the file when their floor is
    /// shown (an undo or redo wrote them).
    pub fn forget(&mut self) {
        self.by_floor.clear();
        self.looked_up.clear();
    }

    /// Whether a floor's stored underlay is still to be looked for (true once per floor).
    pub fn needs_lookup(&mut self, floor: Uuid) -> bool {
        self.looked_up.insert(floor) && !self.by_floor.contains_key(&floor)
    }

    /// Takes a floor's underlay away from the session.
    pub fn remove(&mut self, floor: &Uuid) {
        self.by_floor.remove(floor);
    }

    /// What the file keeps of a floor's underlay.
    pub fn record(&self, floor: &Uuid) -> Option<UnderlayRecord> {
        let u = self.by_floor.get(floor)?;
        Some(UnderlayRecord {
            name: u.name.clone(),
            image: u.bytes.clone(),
            origin: (u.placement.origin.x, u.placement.origin.y),
            metres_per_pixel: u.placement.scale,
            opacity: f64::from(u.opacity),
        })
    }

    /// Reads the typed PNG or JPEG for `floor`, spread over the floor's bounds (`min`,
    /// `max`) to begin with; the translated reason if it cannot be read.
    pub fn load(
        &mut self,
        ctx: &egui::Context,
        floor: Uuid,
        (min, max): (geo::Coord<f64>, geo::Coord<f64>),
    ) -> Result<(), String> {
        let path = PathBuf::from(self.path.trim());
        let read = std::fs::read(&path).map_err(|e| e.to_string());
        let decoded = read.and_then(|bytes| decode_image(&bytes).map(|image| (bytes, image)));
        let (bytes, image) = decoded.map_err(|e| {
            crate::t!("underlay.unreadable", path = path.display(), error = e).into_owned()
        })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let placement = Placement::fit(image.size, min, max);
        self.install(ctx, floor, bytes, image, placement, 0.6, name);
        Ok(())
    }

    /// Shows a floor's stored underlay.
    pub fn restore(
        &mut self,
        ctx: &egui::Context,
        floor: Uuid,
        record: UnderlayRecord,
    ) -> Result<(), String> {
        let image = decode_image(&record.image).map_err(|e| {
            crate::t!("underlay.unreadable", path = record.name, error = e).into_owned()
        })?;
        let placement = Placement {
            origin: geo::Coord {
                x: record.origin.0,
                y: record.origin.1,
            },
            scale: record.metres_per_pixel,
        };
        let opacity = record.opacity as f32;
        self.install(
            ctx,
            floor,
            record.image,
            image,
            placement,
            opacity,
            record.name,
        );
        Ok(())
    }

    /// Places `floor`'s underlay so that the clicked `points` are the typed distance apart;
    /// whether it was placed, or the translated reason why not.
    pub fn calibrate(&mut self, floor: &Uuid, points: &[geo::Coord<f64>]) -> Result<bool, String> {
        let distance = self.distance.trim().replace(',', ".");
        let Ok(distance) = distance.parse::<f64>() else {
            return Err(crate::t!("underlay.bad_distance", text = distance).into_owned());
        };
        let (Some(a), Some(b)) = (points.first(), points.get(1)) else {
            return Ok(false);
        };
        let Some(u) = self.by_floor.get_mut(floor) else {
            return Ok(false);
        };
        match u
            .placement
            .calibrated(*a, *b, distance, points.get(2).copied())
        {
            Some(p) => {
                u.placement = p;
                Ok(true)
            }
            None => {
                Err(crate::t!("underlay.bad_distance", text = distance.to_string()).into_owned())
            }
        }
    }

    /// Shows an image as a floor's underlay.
    #[allow(clippy::too_many_arguments)]
    fn install(
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
        self.by_floor.insert(
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

    /// The window, while open.
    pub fn ui(&mut self, ctx: &egui::Context, view: &UnderlayView) -> Option<UnderlayAction> {
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut action = None;
        egui::Window::new(crate::t!("underlay.title").as_ref())
            // Beside the navigator, clear of the menu bar.
            .default_pos(egui::pos2(380.0, 70.0))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                let Some(floor) = view.floor else {
                    ui.label(crate::t!("app.pick_floor").as_ref());
                    return;
                };
                action = self.floor_ui(ui, floor, view);
            });
        if !open {
            self.open = false;
        }
        action
    }

    fn floor_ui(
        &mut self,
        ui: &mut egui::Ui,
        floor: Uuid,
        view: &UnderlayView,
    ) -> Option<UnderlayAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("dialog.path").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(260.0))
                .labelled_by(label.id);
            if ui.button(crate::t!("dialog.browse").as_ref()).clicked()
                && let Some(p) = rfd::FileDialog::new()
                    .add_filter("PNG / JPEG", &["png", "jpg", "jpeg"])
                    .pick_file()
            {
                self.path = p.display().to_string();
            }
            if ui.button(crate::t!("underlay.load").as_ref()).clicked() {
                action = Some(UnderlayAction::Load);
            }
        });
        ui.small(crate::t!("underlay.kept").as_ref());
        let Some(u) = self.by_floor.get_mut(&floor) else {
            return action;
        };
        ui.separator();
        ui.label(&u.name);
        let slider = ui.add(
            egui::Slider::new(&mut u.opacity, 0.0..=1.0)
                .text(crate::t!("underlay.opacity").as_ref()),
        );
        // Kept in the file once the slider is let go (not at every step of a drag).
        if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
            action = Some(UnderlayAction::Store);
        }
        if ui
            .selectable_label(view.calibrating, crate::t!("underlay.calibrate").as_ref())
            .clicked()
        {
            action = Some(UnderlayAction::ToggleCalibrate);
        }
        if view.calibrating {
            ui.small(crate::t!("underlay.calibrate_help").as_ref());
            if let [a, b, ..] = view.points.as_slice() {
                let measured = (b.x - a.x).hypot(b.y - a.y);
                ui.label(crate::t!("underlay.measured", m = format!("{measured:.3}")).as_ref());
            }
            ui.horizontal(|ui| {
                let label = ui.label(crate::t!("underlay.distance").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.distance).desired_width(80.0))
                    .labelled_by(label.id);
                if ui
                    .add_enabled(
                        view.points.len() >= 2,
                        egui::Button::new(crate::t!("underlay.apply").as_ref()),
                    )
                    .clicked()
                {
                    action = Some(UnderlayAction::Calibrate);
                }
            });
        }
        if ui.button(crate::t!("underlay.remove").as_ref()).clicked() {
            action = Some(UnderlayAction::Remove);
        }
        action
    }
}
