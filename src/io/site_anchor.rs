//! Where a building's floor plans sit on the earth: the WGS 84 longitude and latitude of the
//! plan origin (the building's `anchor_lon`/`anchor_lat`) and the rotation of the plan's x
//! axis counter-clockwise from east (`rotation_deg`).
//!
//! Plan metres become WGS 84 degrees on the local tangent plane at the anchor: the point is
//! rotated into east/north metres, and those are divided by the WGS 84 radii of curvature at
//! the anchor's latitude (meridian M for north, prime vertical N·cos φ for east).
//!
//! Accuracy: the neglected terms grow with the square of the distance from the anchor, about
//! east × north × tan φ / R: at the sample county's latitude (31°) under 1 mm within 100 m
//! of the anchor and about 2.5 cm at 500 m — far below a floor plan's own precision. Areas
//! measured on the ellipsoid (GDAL, QGIS) agree with the plan's to better than 0.01 %.

use geo::Coord;

use crate::model::Building;

/// WGS 84 semi-major axis, metres.
const A: f64 = 6_378_137.0;
/// WGS 84 first eccentricity squared (f = 1/298.257223563).
const E2: f64 = 6.694_379_990_141_316e-3;

/// A building's site anchor.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct SiteAnchor {
    /// WGS 84 longitude of the plan origin, degrees.
    pub lon: f64,
    /// WGS 84 latitude of the plan origin, degrees.
    pub lat: f64,
    /// Rotation of the plan's x axis from east, degrees counter-clockwise.
    pub rotation_deg: f64,
}

impl SiteAnchor {
    /// The building's anchor, if it has a usable one.
    pub fn of(building: &Building) -> Option<Self> {
        let (lon, lat) = building.anchor_lon_lat?;
        let usable = lon.is_finite()
            && lat.is_finite()
            && building.rotation_deg.is_finite()
            && (-180.0..=180.0).contains(&lon)
            && (-85.0..=85.0).contains(&lat);
        usable.then_some(Self {
            lon,
            lat,
            rotation_deg: building.rotation_deg,
        })
    }

    /// Metres per radian of latitude (M) and of longitude (N·cos φ) at the anchor.
    fn metres_per_radian(&self) -> (f64, f64) {
        let (sin, cos) = self.lat.to_radians().sin_cos();
        let w = (1.0 - E2 * sin * sin).sqrt();
        let meridian = A * (1.0 - E2) / (w * w * w);
        let prime_vertical = A / w;
        (meridian, prime_vertical * cos)
    }

    /// WGS 84 (longitude, latitude) in degrees of a point in plan metres.
    ///
    /// ```
    /// use officeplan::io::site_anchor::SiteAnchor;
    /// let anchor = SiteAnchor { lon: 112.2, lat: 30.9, rotation_deg: 90.0 };
    /// // Turned 90°: the plan's x axis points north, so 100 m along x is 100 m north.
    /// let p = anchor.lon_lat(geo::Coord { x: 100.0, y: 0.0 });
    /// assert!((p.x - 112.2).abs() < 1e-9);
    /// assert!(((p.y - 30.9) * 110_850.0 - 100.0).abs() < 0.1); // ~110.85 km per degree at 31°
    /// ```
    pub fn lon_lat(&self, pos_in_plan: Coord<f64>) -> Coord<f64> {
        self.to_lon_lat().apply(pos_in_plan)
    }

    /// [`Self::lon_lat`] with its sines and radii computed once, for many points (a publish
    /// places every room of a building).
    pub fn to_lon_lat(&self) -> LonLatTransform {
        let (sin_r, cos_r) = self.rotation_deg.to_radians().sin_cos();
        let (m_lat, m_lon) = self.metres_per_radian();
        LonLatTransform {
            origin: Coord {
                x: self.lon,
                y: self.lat,
            },
            sin_r,
            cos_r,
            degrees_per_metre_east: (1.0 / m_lon).to_degrees(),
            degrees_per_metre_north: (1.0 / m_lat).to_degrees(),
        }
    }

    /// The point in plan metres of a WGS 84 (longitude, latitude): the inverse of
    /// [`Self::lon_lat`].
    pub fn plan(&self, lon_lat: Coord<f64>) -> Coord<f64> {
        let (m_lat, m_lon) = self.metres_per_radian();
        let east = (lon_lat.x - self.lon).to_radians() * m_lon;
        let north = (lon_lat.y - self.lat).to_radians() * m_lat;
        let (sin_r, cos_r) = self.rotation_deg.to_radians().sin_cos();
        Coord {
            x: east * cos_r + north * sin_r,
            y: -east * sin_r + north * cos_r,
        }
    }
}

/// Plan metres → WGS 84 degrees for one anchor (see [`SiteAnchor::to_lon_lat`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLatTransform {
    origin: Coord<f64>,
    sin_r: f64,
    cos_r: f64,
    degrees_per_metre_east: f64,
    degrees_per_metre_north: f64,
}

impl LonLatTransform {
    /// WGS 84 (longitude, latitude) of a point in plan metres.
    pub fn apply(&self, pos_in_plan: Coord<f64>) -> Coord<f64> {
        let east = pos_in_plan.x * self.cos_r - pos_in_plan.y * self.sin_r;
        let north = pos_in_plan.x * self.sin_r + pos_in_plan.y * self.cos_r;
        Coord {
            x: self.origin.x + east * self.degrees_per_metre_east,
            y: self.origin.y + north * self.degrees_per_metre_north,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_to_degrees_and_back_is_exact_to_a_micrometre() {
        let anchor = SiteAnchor {
            lon: 112.20012,
            lat: 30.90041,
            rotation_deg: 17.5,
        };
        for (x, y) in [(0.0, 0.0), (42.0, -7.5), (-300.0, 480.0)] {
            let back = anchor.plan(anchor.lon_lat(Coord { x, y }));
            assert!((back.x - x).abs() < 1e-6 && (back.y - y).abs() < 1e-6);
        }
    }

    #[test]
    fn a_degree_of_latitude_is_about_110_85_km_at_31_degrees() {
        // WGS 84 meridian radius at 31°: M = a(1−e²)/(1−e² sin²φ)^1.5 = 6,352,341 m, so 110.87 km
        // per degree.
        let anchor = SiteAnchor {
            lon: 112.0,
            lat: 31.0,
            rotation_deg: 0.0,
        };
        let p = anchor.lon_lat(Coord { x: 0.0, y: 1000.0 });
        let km_per_degree = 1.0 / (p.y - 31.0);
        assert!((km_per_degree - 110.87).abs() < 0.01, "{km_per_degree}");
    }
}
