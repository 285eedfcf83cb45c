//! A scanned floor plan under the rooms (底图): a PNG placed in plan metres, calibrated by two
//! points a known distance apart (and optionally moved so that the first lands on a plan
//! point), drawn under the room fills with an opacity.

use egui::{Color32, Rect, TextureId, pos2};
use geo::Coord;

/// Where an image lies on the plan: pixel (x right, y down) ↦ `origin + scale·(x, −y)` metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// Plan position of the image's top left corner, metres.
    pub origin: Coord<f64>,
    /// Metres per image pixel.
    pub scale: f64,
}

impl Placement {
    /// The image spread over the width of the plan rectangle `[min, max]`, top left corner on
    /// the rectangle's top left (a first guess before calibration).
    ///
    /// ```
    /// use geo::Coord;
    /// use officeplan::ui::underlay::Placement;
    /// let p = Placement::fit([1000, 500], Coord { x: 0.0, y: 0.0 }, Coord { x: 50.0, y: 20.0 });
    /// // 50 m over 1000 px: 0.05 m a pixel.
    /// assert_eq!(p.scale, 0.05);
    /// ```
    pub fn fit(size_px: [usize; 2], min: Coord<f64>, max: Coord<f64>) -> Self {
        let width = size_px[0].max(1) as f64;
        Self {
            origin: Coord { x: min.x, y: max.y },
            scale: ((max.x - min.x) / width).max(1e-6),
        }
    }

    /// The plan position of an image pixel position.
    pub fn plan_from_image(&self, x: f64, y: f64) -> Coord<f64> {
        Coord {
            x: self.origin.x + self.scale * x,
            y: self.origin.y - self.scale * y,
        }
    }

    /// The placement after calibration: `a` and `b` (plan positions of two image points under
    /// this placement) are really `distance` metres apart, so the image is scaled about `a`;
    /// then, if given, moved so that `a` lands on `target`. `None` if the points coincide or
    /// the distance is not positive.
    ///
    /// ```
    /// use geo::Coord;
    /// use officeplan::ui::underlay::Placement;
    /// let p = Placement { origin: Coord { x: 0.0, y: 0.0 }, scale: 0.01 };
    /// // Two points 2 m apart on the guess are really 7 m apart: 3.5 times the scale.
    /// let q = p.calibrated(Coord { x: 1.0, y: -1.0 }, Coord { x: 3.0, y: -1.0 }, 7.0, None).unwrap();
    /// assert!((q.scale - 0.035).abs() < 1e-12);
    /// ```
    pub fn calibrated(
        &self,
        a: Coord<f64>,
        b: Coord<f64>,
        distance: f64,
        target: Option<Coord<f64>>,
    ) -> Option<Self> {
        let measured = (b.x - a.x).hypot(b.y - a.y);
        if measured < 1e-9 || !distance.is_finite() || distance <= 0.0 {
            return None;
        }
        let k = distance / measured;
        let shift = target.map_or(Coord { x: 0.0, y: 0.0 }, |t| t - a);
        Some(Self {
            origin: a + (self.origin - a) * k + shift,
            scale: self.scale * k,
        })
    }
}

/// An underlay ready to paint: the texture, its corners on the plan and its opacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnderlayLayer {
    pub texture: TextureId,
    pub top_left: Coord<f64>,
    pub bottom_right: Coord<f64>,
    /// 0 (invisible) … 1 (opaque).
    pub opacity: f32,
}

impl UnderlayLayer {
    pub fn paint(&self, painter: &egui::Painter, projector: &super::projector::Projector) {
        let rect = Rect::from_two_pos(
            projector.ui_from_plan(self.top_left),
            projector.ui_from_plan(self.bottom_right),
        );
        painter.image(
            self.texture,
            rect,
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::from_white_alpha((self.opacity.clamp(0.0, 1.0) * 255.0).round() as u8),
        );
    }
}

/// Decodes a PNG or JPEG scan into an egui image.
pub fn decode_image(bytes: &[u8]) -> Result<egui::ColorImage, String> {
    let image = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let rgba = image.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        rgba.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_scales_about_the_first_point_and_moves_it() {
        // A guess of 0.02 m/px with the corner at (10, 30): pixel (100, 50) is at (12, 29).
        let p = Placement {
            origin: Coord { x: 10.0, y: 30.0 },
            scale: 0.02,
        };
        let a = p.plan_from_image(100.0, 50.0);
        assert!((a.x - 12.0).abs() < 1e-12 && (a.y - 29.0).abs() < 1e-12);
        // Pixel (400, 50) is 300 px = 6 m to its right; really 9 m: × 1.5.
        let b = p.plan_from_image(400.0, 50.0);
        let q = p
            .calibrated(a, b, 9.0, Some(Coord { x: 0.0, y: 0.0 }))
            .unwrap();
        assert!((q.scale - 0.03).abs() < 1e-12);
        // Pixel (100, 50) now lands on the target, pixel (400, 50) 9 m to its right.
        let a2 = q.plan_from_image(100.0, 50.0);
        let b2 = q.plan_from_image(400.0, 50.0);
        assert!(a2.x.abs() < 1e-9 && a2.y.abs() < 1e-9);
        assert!((b2.x - 9.0).abs() < 1e-9 && b2.y.abs() < 1e-9);
        assert_eq!(p.calibrated(a, a, 9.0, None), None);
        assert_eq!(p.calibrated(a, b, 0.0, None), None);
    }
}
