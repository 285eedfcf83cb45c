//! What a plan looks like, independent of where it is drawn: themes, fill colours, legends
//! and room labels. The canvas (egui) and the exports (SVG, PNG, PDF) both draw from here,
//! so a printed plan shows exactly the colours and legend of the screen.
//!
//! Knows nothing of egui or SQL.

use foldhash::HashMap;

use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::analysis::compliance::Compliance;
use crate::model::{Room, RoomCategory, RoomStatus, Unit, Uuid};

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgb {
    pub const fn new(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// `#rrggbb`, for SVG.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Colours for rooms with no unit or no class in a theme.
pub const NEUTRAL: Rgb = Rgb::new(225, 225, 225);

/// A qualitative palette of light, clearly different hues (readable with black labels);
/// neighbours in the list differ most, as units are coloured by their place in the list.
const PALETTE: [Rgb; 20] = [
    Rgb::new(141, 211, 199),
    Rgb::new(251, 128, 114),
    Rgb::new(128, 177, 211),
    Rgb::new(253, 180, 98),
    Rgb::new(179, 222, 105),
    Rgb::new(188, 128, 189),
    Rgb::new(255, 237, 111),
    Rgb::new(190, 186, 218),
    Rgb::new(252, 205, 229),
    Rgb::new(204, 235, 197),
    Rgb::new(102, 194, 165),
    Rgb::new(252, 141, 98),
    Rgb::new(141, 160, 203),
    Rgb::new(231, 138, 195),
    Rgb::new(166, 216, 84),
    Rgb::new(255, 217, 47),
    Rgb::new(229, 196, 148),
    Rgb::new(158, 218, 229),
    Rgb::new(219, 219, 141),
    Rgb::new(196, 156, 148),
];

/// How rooms are coloured.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Theme {
    /// One colour per unit (使用单位).
    #[default]
    Unit,
    /// By category (办公室 / 服务用房 / …).
    Category,
    /// By status (在用 / 闲置 / 出租 …).
    Status,
    /// By compliance: rooms of units over the standard, within it, idle rooms.
    Compliance,
}

impl Theme {
    pub const ALL: [Theme; 4] = [
        Theme::Unit,
        Theme::Category,
        Theme::Status,
        Theme::Compliance,
    ];

    /// The translated name, for menus and legends.
    pub fn label(self) -> String {
        match self {
            Theme::Unit => crate::t!("theme.unit"),
            Theme::Category => crate::t!("theme.category"),
            Theme::Status => crate::t!("theme.status"),
            Theme::Compliance => crate::t!("theme.compliance"),
        }
        .into_owned()
    }

    /// The code used on the command line (`unit`, `category`, `status`, `compliance`).
    pub fn code(self) -> &'static str {
        match self {
            Theme::Unit => "unit",
            Theme::Category => "category",
            Theme::Status => "status",
            Theme::Compliance => "compliance",
        }
    }

    /// Parses [`Theme::code`].
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The compliance class of a room in the compliance theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComplianceClass {
    /// Used by a unit that is over the standard.
    Over,
    /// Used by units within the standard.
    Within,
    /// 闲置.
    Idle,
    /// Neither: common areas, rooms without a unit, rented out ….
    Other,
}

/// Colour of a room category.
pub fn category_color(category: RoomCategory) -> Rgb {
    match category {
        RoomCategory::Office => Rgb::new(166, 206, 227),
        RoomCategory::Service => Rgb::new(178, 223, 138),
        RoomCategory::Equipment => Rgb::new(253, 191, 111),
        RoomCategory::Ancillary => Rgb::new(202, 178, 214),
        RoomCategory::Technical => Rgb::new(251, 154, 153),
    }
}

/// Colour of a room status.
pub fn status_color(status: RoomStatus) -> Rgb {
    match status {
        RoomStatus::InUse => Rgb::new(166, 206, 227),
        RoomStatus::Idle => Rgb::new(255, 237, 111),
        RoomStatus::RentedOut => Rgb::new(251, 154, 153),
        RoomStatus::LentOut => Rgb::new(253, 191, 111),
        RoomStatus::Repair => Rgb::new(202, 178, 214),
        RoomStatus::Disposal => Rgb::new(180, 180, 180),
    }
}

/// Colour of a compliance class.
pub fn compliance_color(class: ComplianceClass) -> Rgb {
    match class {
        ComplianceClass::Over => Rgb::new(227, 74, 51),
        ComplianceClass::Within => Rgb::new(116, 196, 118),
        ComplianceClass::Idle => Rgb::new(254, 217, 118),
        ComplianceClass::Other => NEUTRAL,
    }
}

fn compliance_label(class: ComplianceClass) -> String {
    match class {
        ComplianceClass::Over => crate::t!("theme.over"),
        ComplianceClass::Within => crate::t!("theme.within"),
        ComplianceClass::Idle => crate::t!("theme.idle"),
        ComplianceClass::Other => crate::t!("theme.other"),
    }
    .into_owned()
}

/// One line of a legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub color: Rgb,
    pub label: String,
    /// Rooms of this class on the plan being shown.
    pub rooms: usize,
}

/// What the themes need to know about the project beyond the rooms themselves.
#[derive(Clone, Debug, Default)]
pub struct ThemeContext {
    /// Unit names by UUID, and each unit's stable colour index (its place in the unit list).
    units: HashMap<Uuid, (String, usize)>,
    /// Units over the standard (from the last compliance check).
    over: foldhash::HashSet<Uuid>,
    /// Whether a compliance check has been run (else the compliance theme is all "other").
    checked: bool,
}

impl ThemeContext {
    /// Context from the unit list, with no compliance result.
    pub fn new(units: &[Unit]) -> Self {
        Self {
            units: units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.uuid, (u.name.clone(), i)))
                .collect(),
            over: Default::default(),
            checked: false,
        }
    }

    /// Adds the result of a compliance check over the same `units`.
    pub fn with_compliance(mut self, units: &[Unit], compliance: &Compliance) -> Self {
        self.over = compliance
            .units_over()
            .filter_map(|u| units.get(u.unit).map(|unit| unit.uuid))
            .collect();
        self.checked = true;
        self
    }

    /// A unit's name, if known.
    pub fn unit_name(&self, unit: &Uuid) -> Option<&str> {
        self.units.get(unit).map(|(name, _)| name.as_str())
    }

    /// Whether a unit is over the standard.
    pub fn is_over(&self, unit: &Uuid) -> bool {
        self.over.contains(unit)
    }

    /// The colour of a unit: stable across floors and sessions (by its place in the list).
    pub fn unit_color(&self, unit: &Uuid) -> Rgb {
        self.units
            .get(unit)
            .and_then(|(_, i)| PALETTE.get(i % PALETTE.len()).copied())
            .unwrap_or(NEUTRAL)
    }

    /// The compliance class of a room.
    pub fn compliance_class(&self, room: &Room) -> ComplianceClass {
        if room.status == RoomStatus::Idle {
            ComplianceClass::Idle
        } else if !self.checked || room.units.is_empty() || room.status != RoomStatus::InUse {
            ComplianceClass::Other
        } else if room.units.iter().any(|u| self.over.contains(u)) {
            ComplianceClass::Over
        } else {
            ComplianceClass::Within
        }
    }

    /// The fill of a room in a theme.
    pub fn fill(&self, theme: Theme, room: &Room) -> Rgb {
        match theme {
            Theme::Unit => room.units.first().map_or(NEUTRAL, |u| self.unit_color(u)),
            Theme::Category => category_color(room.category),
            Theme::Status => status_color(room.status),
            Theme::Compliance => compliance_color(self.compliance_class(room)),
        }
    }

    /// The legend of `theme` for the rooms shown, in a fixed order, with room counts;
    /// classes with no room on the plan are left out (as QGIS does with "show feature count").
    pub fn legend<'a>(
        &self,
        theme: Theme,
        rooms: impl IntoIterator<Item = &'a Room>,
    ) -> Vec<LegendEntry> {
        // (sort key, colour, label) → count
        let mut counts: HashMap<(usize, Rgb, String), usize> = HashMap::default();
        for room in rooms {
            let key = match theme {
                Theme::Unit => match room.units.first() {
                    Some(u) => match self.units.get(u) {
                        Some((name, i)) => (*i, self.unit_color(u), name.clone()),
                        None => (
                            usize::MAX - 1,
                            NEUTRAL,
                            crate::t!("theme.unknown_unit").into_owned(),
                        ),
                    },
                    None => (usize::MAX, NEUTRAL, crate::t!("theme.no_unit").into_owned()),
                },
                Theme::Category => (
                    room.category.index(),
                    category_color(room.category),
                    crate::labels::category(room.category),
                ),
                Theme::Status => (
                    room.status.index(),
                    status_color(room.status),
                    crate::labels::status(room.status),
                ),
                Theme::Compliance => {
                    let class = self.compliance_class(room);
                    (
                        class as usize,
                        compliance_color(class),
                        compliance_label(class),
                    )
                }
            };
            *counts.entry(key).or_default() += 1;
        }
        let mut entries: Vec<_> = counts.into_iter().collect();
        entries.sort_by(|a, b| (a.0.0, &a.0.2).cmp(&(b.0.0, &b.0.2)));
        entries
            .into_iter()
            .map(|((_, color, label), rooms)| LegendEntry {
                color,
                label,
                rooms,
            })
            .collect()
    }

    /// The label lines of a room: number, area with its basis, and unit (if any).
    pub fn room_label(&self, room: &Room, area_m2: f64) -> Vec<String> {
        let mut lines = vec![room.number.clone(), format_area(area_m2, AreaBasis::Usable)];
        if let Some(name) = room.units.first().and_then(|u| self.unit_name(u)) {
            lines.push(name.to_owned());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::sample::{SampleSource, build_project};

    #[test]
    fn themes_colour_every_sample_room_and_legends_count_them() {
        let project = build_project(&SampleSource::Embedded).expect("sample");
        let context = ThemeContext::new(&project.units);
        for theme in Theme::ALL {
            let legend = context.legend(theme, &project.rooms);
            let total: usize = legend.iter().map(|e| e.rooms).sum();
            assert_eq!(total, project.rooms.len(), "{theme:?}");
            for room in &project.rooms {
                let fill = context.fill(theme, room);
                assert!(
                    legend.iter().any(|e| e.color == fill),
                    "{theme:?} {}",
                    room.number
                );
            }
        }
        // Every category of the sample appears in the category legend (the sample has all five).
        assert_eq!(context.legend(Theme::Category, &project.rooms).len(), 5);
    }

    #[test]
    fn compliance_theme_marks_rooms_of_units_over_the_standard() {
        let project = build_project(&SampleSource::Embedded).expect("sample");
        let standard =
            crate::standards::ProjectStandard::resolve(&project.settings).expect("standard");
        let options = crate::analysis::compliance::CheckOptions::for_project(&project, None);
        let compliance = crate::analysis::compliance::check(&project, &standard, &options);
        let over: Vec<Uuid> = compliance
            .units_over()
            .filter_map(|u| project.units.get(u.unit).map(|x| x.uuid))
            .collect();
        assert!(
            !over.is_empty(),
            "the sample plants units over the standard"
        );
        let context =
            ThemeContext::new(&project.units).with_compliance(&project.units, &compliance);
        let over_rooms = project
            .rooms
            .iter()
            .filter(|r| context.compliance_class(r) == ComplianceClass::Over)
            .count();
        let expected = project
            .rooms
            .iter()
            .filter(|r| r.status == RoomStatus::InUse && r.units.iter().any(|u| over.contains(u)))
            .count();
        assert_eq!(over_rooms, expected);
        assert!(over_rooms > 0);
        let idle = project
            .rooms
            .iter()
            .filter(|r| r.status == RoomStatus::Idle)
            .count();
        let legend = context.legend(Theme::Compliance, &project.rooms);
        let idle_entry = legend
            .iter()
            .find(|e| e.color == compliance_color(ComplianceClass::Idle));
        assert_eq!(idle_entry.map(|e| e.rooms), Some(idle));
    }
}
