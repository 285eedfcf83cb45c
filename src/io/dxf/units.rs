//! Drawing units: what one drawing unit is in metres, from `$INSUNITS`, the user's choice, or
//! (for a unitless drawing) the unit that makes its rooms plausible rooms: most of them
//! between [`MIN_ROOM_M2`] and [`MAX_ROOM_M2`], the outlines spanning a plausible floor.
//! `$MEASUREMENT = 0` (imperial) tries inches and feet first.

/// A length unit of a floor-plan drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DrawingUnit {
    #[serde(rename = "mm")]
    Millimetre,
    #[serde(rename = "cm")]
    Centimetre,
    #[serde(rename = "m")]
    Metre,
    #[serde(rename = "in")]
    Inch,
    #[serde(rename = "ft")]
    Foot,
}

/// Where the unit came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitsSource {
    /// `$INSUNITS` in the file's header.
    Header,
    /// The person importing chose it (`--units`).
    User,
    /// The drawing is unitless; the unit that makes its outlines a plausible floor was taken.
    Guessed,
}

/// A floor plan's outlines span at least this much, m (a small floor of a few rooms).
pub const MIN_FLOOR_EXTENT_M: f64 = 2.0;
/// … and at most this much, m (the largest office floors are a few hundred metres).
pub const MAX_FLOOR_EXTENT_M: f64 = 1000.0;
/// A plausible room is at least this big, m² (a store room, a shaft drawn as a room) …
pub const MIN_ROOM_M2: f64 = 2.0;
/// … and at most this big, m² (a hall, an open-plan floor).
pub const MAX_ROOM_M2: f64 = 500.0;
/// A drawing's rooms are plausible in a unit when at least this share of them are.
pub const PLAUSIBLE_SHARE: f64 = 0.5;

impl DrawingUnit {
    /// Every unit, in the order a unitless metric drawing tries them (Chinese CAD draws in mm).
    pub const ALL: [Self; 5] = [
        Self::Millimetre,
        Self::Metre,
        Self::Centimetre,
        Self::Inch,
        Self::Foot,
    ];
    /// The order an imperial drawing (`$MEASUREMENT = 0`) tries them.
    pub const IMPERIAL_FIRST: [Self; 5] = [
        Self::Inch,
        Self::Foot,
        Self::Millimetre,
        Self::Metre,
        Self::Centimetre,
    ];

    /// Metres per drawing unit.
    ///
    /// ```
    /// use officeplan::io::dxf::DrawingUnit;
    /// assert_eq!(DrawingUnit::Millimetre.metres(), 0.001);
    /// assert_eq!(DrawingUnit::Millimetre.to_metres(3300.0), 3.3);
    /// ```
    pub fn metres(self) -> f64 {
        match self {
            Self::Millimetre => 0.001,
            Self::Centimetre => 0.01,
            Self::Metre => 1.0,
            Self::Inch => 0.0254,
            Self::Foot => 0.3048,
        }
    }

    /// Converts a length in drawing units to metres. Division by a power of ten is exact to
    /// the nearest double, so 3300 mm gives the same number as the text `3.3`.
    pub fn to_metres(self, value: f64) -> f64 {
        match self {
            Self::Millimetre => value / 1000.0,
            Self::Centimetre => value / 100.0,
            Self::Metre => value,
            Self::Inch => value * 0.0254,
            Self::Foot => value * 0.3048,
        }
    }

    /// The short code (`mm`, `cm`, `m`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Millimetre => "mm",
            Self::Centimetre => "cm",
            Self::Metre => "m",
            Self::Inch => "in",
            Self::Foot => "ft",
        }
    }

    /// Parses `mm`, `cm`, `m`, `in` or `ft`.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "mm" | "millimetre" | "millimeter" | "毫米" => Some(Self::Millimetre),
            "cm" | "centimetre" | "centimeter" | "厘米" => Some(Self::Centimetre),
            "m" | "metre" | "meter" | "米" => Some(Self::Metre),
            "in" | "inch" | "inches" | "英寸" => Some(Self::Inch),
            "ft" | "foot" | "feet" | "英尺" => Some(Self::Foot),
            _ => None,
        }
    }

    /// The unit of a `$INSUNITS` value: 1 inch, 2 foot, 4 mm, 5 cm, 6 m; `None` for
    /// unitless (0) and for units a floor plan is not drawn in (miles, microns …).
    pub fn from_insunits(value: i16) -> Option<Self> {
        match value {
            1 => Some(Self::Inch),
            2 => Some(Self::Foot),
            4 => Some(Self::Millimetre),
            5 => Some(Self::Centimetre),
            6 => Some(Self::Metre),
            _ => None,
        }
    }

    /// Whether outlines spanning `extent` drawing units make a plausible floor in this unit.
    pub fn fits(self, extent: f64) -> bool {
        let metres = self.to_metres(extent);
        (MIN_FLOOR_EXTENT_M..=MAX_FLOOR_EXTENT_M).contains(&metres)
    }

    /// The first unit in which outlines spanning `extent` drawing units make a plausible floor.
    ///
    /// ```
    /// use officeplan::io::dxf::DrawingUnit;
    /// // A 45 m slab drawn in mm, in m and in cm.
    /// assert_eq!(DrawingUnit::guess(45_000.0), Some(DrawingUnit::Millimetre));
    /// assert_eq!(DrawingUnit::guess(45.0), Some(DrawingUnit::Metre));
    /// assert_eq!(DrawingUnit::guess(4_500.0), Some(DrawingUnit::Millimetre));
    /// ```
    pub fn guess(extent: f64) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.fits(extent))
    }

    /// How many of the rooms (areas in drawing units²) are plausible rooms in this unit.
    pub fn plausible_rooms(self, areas: &[f64]) -> usize {
        let factor = self.metres() * self.metres();
        areas
            .iter()
            .filter(|a| (MIN_ROOM_M2..=MAX_ROOM_M2).contains(&(*a * factor)))
            .count()
    }

    /// Whether the rooms are plausible in this unit: at least [`PLAUSIBLE_SHARE`] of them
    /// (a drawing without rooms is).
    pub fn rooms_fit(self, areas: &[f64]) -> bool {
        areas.is_empty()
            || self.plausible_rooms(areas) as f64 >= PLAUSIBLE_SHARE * areas.len() as f64
    }

    /// The unit for a unitless drawing: of the units in which its outlines span a plausible
    /// floor, the one that makes the most rooms plausible, ties going to the first tried
    /// (inches and feet first for an imperial drawing). `None` when no unit makes the rooms
    /// plausible.
    ///
    /// ```
    /// use officeplan::io::dxf::DrawingUnit;
    /// // Rooms of 12 m² and 20 m² drawn in inches (1 m² = 1550 in²), 2000 in across.
    /// let areas = [12.0 * 1550.0031, 20.0 * 1550.0031];
    /// assert_eq!(DrawingUnit::guess_by_rooms(2000.0, &areas, Some(0)), Some(DrawingUnit::Inch));
    /// // In a metric drawing the same numbers are no plausible rooms in mm or cm either.
    /// assert_eq!(DrawingUnit::guess_by_rooms(2000.0, &areas, Some(1)), Some(DrawingUnit::Inch));
    /// ```
    pub fn guess_by_rooms(extent: f64, areas: &[f64], measurement: Option<i16>) -> Option<Self> {
        let order = if measurement == Some(0) {
            Self::IMPERIAL_FIRST
        } else {
            Self::ALL
        };
        let mut best: Option<(Self, usize)> = None;
        for unit in order {
            if !unit.fits(extent) || !unit.rooms_fit(areas) {
                continue;
            }
            let n = unit.plausible_rooms(areas);
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((unit, n));
            }
        }
        best.map(|(u, _)| u)
    }
}

impl std::fmt::Display for DrawingUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_convert_like_the_geojson_text() {
        // The sample's coordinates are to 0.01 m: 12350 mm must be the double that "12.35" is.
        for (mm, text) in [(12_350.0, "12.35"), (3_300.0, "3.3"), (41_700.0, "41.7")] {
            assert_eq!(
                DrawingUnit::Millimetre.to_metres(mm),
                text.parse::<f64>().unwrap()
            );
        }
    }

    #[test]
    fn insunits_codes() {
        assert_eq!(DrawingUnit::from_insunits(4), Some(DrawingUnit::Millimetre));
        assert_eq!(DrawingUnit::from_insunits(6), Some(DrawingUnit::Metre));
        assert_eq!(DrawingUnit::from_insunits(1), Some(DrawingUnit::Inch));
        assert_eq!(DrawingUnit::from_insunits(2), Some(DrawingUnit::Foot));
        assert_eq!(DrawingUnit::from_insunits(3), None);
        assert_eq!(DrawingUnit::parse("CM"), Some(DrawingUnit::Centimetre));
    }

    #[test]
    fn a_40_km_extent_fits_no_unit_but_mm() {
        // 40,000,000 mm would be 40 km: no floor; in mm it is 40 km, not plausible either.
        assert_eq!(DrawingUnit::guess(40_000_000.0), None);
        assert!(!DrawingUnit::Metre.fits(45_000.0));
    }
}
