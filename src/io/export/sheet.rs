//! One printed page of a floor plan (平面图): what is drawn, whatever the file format.

use geo::Polygon;

use crate::analysis::AreaBasis;
use crate::analysis::area::format_m2;
use crate::model::Room;
use crate::view::{LegendEntry, Rgb, Theme, ThemeContext};

/// Paper size of a sheet; sheets are always landscape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::A3];

    /// Width and height in millimetres, landscape (ISO 216).
    ///
    /// ```
    /// use officeplan::io::export::Paper;
    /// assert_eq!(Paper::A4.size_mm(), (297.0, 210.0));
    /// assert_eq!(Paper::A3.size_mm(), (420.0, 297.0));
    /// ```
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (297.0, 210.0),
            Paper::A3 => (420.0, 297.0),
        }
    }

    /// The code used on the command line (`a4`, `a3`).
    pub fn code(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }

    /// Parses [`Paper::code`], ignoring case.
    ///
    /// ```
    /// use officeplan::io::export::Paper;
    /// assert_eq!(Paper::parse("A3"), Some(Paper::A3));
    /// assert_eq!(Paper::parse("letter"), None);
    /// ```
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A room as printed: its outline in plan metres, its theme colour and its label lines.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRoom {
    /// Plan metres, x right, y up; holes are drawn as holes.
    pub polygon: Polygon<f64>,
    pub fill: Rgb,
    /// Number, area, then unit; the layout keeps as many leading lines as fit in the room.
    pub label: Vec<String>,
}

/// One printed page: a floor's rooms coloured by a theme, with title, legend, scale bar,
/// north arrow and date.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// E.g. `示范县 · 城东行政服务中心院 · 行政服务中心主楼 · 3F`.
    pub title: String,
    /// The theme and the area basis of every figure on the sheet.
    pub subtitle: String,
    /// `YYYY-MM-DD`, printed in the footer.
    pub date: String,
    pub rooms: Vec<SheetRoom>,
    pub legend: Vec<LegendEntry>,
    /// Where north is on the page, degrees clockwise from up (0: the plan's y axis is north).
    /// A building's `rotation_deg` (its x axis counter-clockwise from east) is exactly this.
    pub north_deg: f64,
    pub paper: Paper,
}

impl Sheet {
    /// A sheet of one floor on A4 ([`Sheet::with_paper`] changes it). `areas[i]` is the area
    /// of `rooms[i]` (from [`crate::analysis::room_area`]; measured here when missing).
    ///
    /// Room labels show the area without its basis: the subtitle states it once for the
    /// sheet (面积为使用面积), which leaves room for the figures in small rooms.
    ///
    /// ```
    /// use officeplan::io::export::{Paper, Sheet};
    /// use officeplan::io::sample::{SampleSource, build_project};
    /// use officeplan::view::{Theme, ThemeContext};
    ///
    /// let project = build_project(&SampleSource::Embedded).unwrap();
    /// let floor = project.floors[0].uuid;
    /// let rooms: Vec<_> = project.rooms.iter().filter(|r| r.floor == floor).cloned().collect();
    /// let context = ThemeContext::new(&project.units);
    /// let sheet = Sheet::for_floor("示范县", &rooms, &[], &context, Theme::Category, "2026-09-30", 0.0)
    ///     .with_paper(Paper::A3);
    /// assert_eq!(sheet.rooms.len(), rooms.len());
    /// assert_eq!(sheet.legend.iter().map(|e| e.rooms).sum::<usize>(), rooms.len());
    /// ```
    pub fn for_floor(
        title: impl Into<String>,
        rooms: &[Room],
        areas: &[f64],
        context: &ThemeContext,
        theme: Theme,
        date: impl Into<String>,
        north_deg: f64,
    ) -> Sheet {
        let sheet_rooms = rooms
            .iter()
            .enumerate()
            .map(|(i, room)| {
                // A room another program wrote broken has no area to print, never 0.00.
                let area = match crate::analysis::validity::measured_area(&room.polygon) {
                    Ok(measured) => format_m2(areas.get(i).copied().unwrap_or(measured)),
                    Err(_) => crate::t!("export.area_unreliable").into_owned(),
                };
                let mut label = vec![room.number.clone(), area];
                if let Some(unit) = room.units.first().and_then(|u| context.unit_name(u)) {
                    label.push(unit.to_owned());
                }
                SheetRoom {
                    polygon: room.polygon.clone(),
                    fill: context.fill(theme, room),
                    label,
                }
            })
            .collect();
        Sheet {
            title: title.into(),
            subtitle: crate::t!(
                "export.subtitle",
                theme = theme.label(),
                basis = AreaBasis::Usable.label()
            )
            .into_owned(),
            date: date.into(),
            rooms: sheet_rooms,
            legend: context.legend(theme, rooms),
            north_deg,
            paper: Paper::default(),
        }
    }

    /// The same sheet on another paper size.
    pub fn with_paper(mut self, paper: Paper) -> Sheet {
        self.paper = paper;
        self
    }
}

/// The title (region · site · building · floor) and where north is on the page.
pub fn floor_title(
    index: &crate::store::ProjectIndex,
    floor: &crate::store::FloorEntry,
) -> (String, f64) {
    let building = index.buildings.get(floor.building);
    let site = building.and_then(|b| index.sites.get(b.site));
    let parts = [
        index.region.as_ref().map(|r| r.name.as_str()),
        site.map(|s| s.site.name.as_str()),
        building.map(|b| b.building.name.as_str()),
        Some(floor.floor.name.as_str()),
    ];
    let title = parts
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    (title, building.map_or(0.0, |b| b.building.rotation_deg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::room_area;
    use crate::io::sample::{SampleSource, build_project};
    use geo::polygon;

    /// Issue 11 (#4): a self-intersecting room written by another program prints no area
    /// on a sheet (not 0.00); a sound room prints its area (sample 综合办公楼 B1 first room).
    #[test]
    fn a_broken_room_prints_no_area_on_the_sheet() {
        let project = build_project(&SampleSource::Embedded).expect("sample");
        let floor = project.floors[0].uuid;
        let mut rooms: Vec<_> = project
            .rooms
            .iter()
            .filter(|r| r.floor == floor)
            .cloned()
            .collect();
        let sound = format_m2(room_area(&rooms[1].polygon));
        rooms[0].polygon =
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        let context = ThemeContext::new(&project.units);
        let sheet = Sheet::for_floor(
            "示范县",
            &rooms,
            &[],
            &context,
            Theme::Category,
            "2026-09-30",
            0.0,
        );
        assert_eq!(sheet.rooms[0].label[1], crate::t!("export.area_unreliable"));
        assert_eq!(sheet.rooms[1].label[1], sound);
    }
}
