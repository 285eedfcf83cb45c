//! The move list (搬迁清单): per move and per unit (or person) moved, where from, where to,
//! and the 使用面积 of the rooms left and taken.

use std::collections::HashMap;

use super::checked::Checked;
use crate::model::{Move, MoveKind};
use crate::model::{Project, Uuid};

/// One line of the move list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MoveRow {
    /// 1-based number of the move in the scenario.
    pub step: usize,
    pub kind: MoveKind,
    /// The unit (or, for a person move, the person's unit).
    pub unit: String,
    /// The person moved, for person moves.
    pub person: String,
    /// Rooms left, as `building floor room`.
    pub from: Vec<String>,
    /// Rooms taken.
    pub to: Vec<String>,
    /// 使用面积 of the rooms left (a shared room counts its share), m².
    pub area_before_m2: f64,
    /// 使用面积 of the rooms taken, m².
    pub area_after_m2: f64,
    /// Why (智能调剂's reason), empty for a planner's move.
    pub reason: String,
}

/// Where a room is, for people: `综合办公楼 2F 211`.
pub struct Places {
    rooms: HashMap<Uuid, (String, usize)>,
}

impl Places {
    pub fn new(checked: &Checked) -> Self {
        let project: &Project = &checked.project;
        let buildings: HashMap<Uuid, &str> = project
            .buildings
            .iter()
            .map(|b| (b.uuid, b.name.as_str()))
            .collect();
        let floors: HashMap<Uuid, String> = project
            .floors
            .iter()
            .map(|f| {
                let building = buildings.get(&f.building).copied().unwrap_or_default();
                (f.uuid, format!("{building} {}", f.name))
            })
            .collect();
        Self {
            rooms: project
                .rooms
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let floor = floors.get(&r.floor).map_or("", String::as_str);
                    (r.uuid, (format!("{floor} {}", r.number), i))
                })
                .collect(),
        }
    }

    /// `building floor number` of a room, or its UUID if it is not in the project.
    pub fn name(&self, room: &Uuid) -> String {
        self.rooms
            .get(room)
            .map_or_else(|| room.to_string(), |(n, _)| n.clone())
    }

    fn index(&self, room: &Uuid) -> Option<usize> {
        self.rooms.get(room).map(|(_, i)| *i)
    }
}

/// The move list of `moves` over `checked` (any state with the same rooms: areas do not
/// depend on who holds a room).
pub fn move_list(checked: &Checked, moves: &[Move]) -> Vec<MoveRow> {
    let places = Places::new(checked);
    let project = &checked.project;
    let unit_name = |u: &Uuid| {
        project
            .units
            .iter()
            .find(|x| x.uuid == *u)
            .map_or_else(|| u.to_string(), |x| x.name.clone())
    };
    let area = |room: &Uuid| places.index(room).map_or(0.0, |i| checked.area(i));
    let mut rows = Vec::new();
    for (n, m) in moves.iter().enumerate() {
        if m.kind == MoveKind::Person {
            for seat in &m.seats {
                let person = checked
                    .person_index(&seat.person)
                    .and_then(|i| project.persons.get(i));
                let from: Vec<&Uuid> = seat
                    .rooms_before
                    .iter()
                    .filter(|r| !seat.rooms_after.contains(r))
                    .collect();
                let to: Vec<&Uuid> = seat
                    .rooms_after
                    .iter()
                    .filter(|r| !seat.rooms_before.contains(r))
                    .collect();
                rows.push(MoveRow {
                    step: n + 1,
                    kind: m.kind,
                    unit: person.map(|p| unit_name(&p.unit)).unwrap_or_default(),
                    person: person.map(|p| p.name.clone()).unwrap_or_default(),
                    from: from.iter().map(|r| places.name(r)).collect(),
                    to: to.iter().map(|r| places.name(r)).collect(),
                    area_before_m2: from.iter().map(|r| area(r)).sum(),
                    area_after_m2: to.iter().map(|r| area(r)).sum(),
                    reason: m.reason.clone(),
                });
            }
            continue;
        }
        // One row per unit whose rooms changed, the gesture's unit first.
        let mut units: Vec<Uuid> = m.unit.into_iter().collect();
        for c in &m.rooms {
            for u in c.units_before.iter().chain(&c.units_after) {
                if !units.contains(u) {
                    units.push(*u);
                }
            }
        }
        for u in units {
            let (mut from, mut to) = (Vec::new(), Vec::new());
            let (mut before, mut after) = (0.0, 0.0);
            for c in &m.rooms {
                let (was, is) = (c.units_before.contains(&u), c.units_after.contains(&u));
                if was == is {
                    continue;
                }
                if was {
                    from.push(places.name(&c.room));
                    before += area(&c.room) / c.units_before.len().max(1) as f64;
                } else {
                    to.push(places.name(&c.room));
                    after += area(&c.room) / c.units_after.len().max(1) as f64;
                }
            }
            // 智能调剂 moves persons out of rooms the unit keeps until its last move: their
            // rooms left count as where the move is from.
            if m.kind == MoveKind::Optimize && Some(u) == m.unit {
                for seat in &m.seats {
                    for r in seat
                        .rooms_before
                        .iter()
                        .filter(|r| !seat.rooms_after.contains(r))
                    {
                        let name = places.name(r);
                        if !from.contains(&name) {
                            from.push(name);
                        }
                    }
                }
            }
            if from.is_empty() && to.is_empty() {
                continue;
            }
            rows.push(MoveRow {
                step: n + 1,
                kind: m.kind,
                unit: unit_name(&u),
                person: String::new(),
                from,
                to,
                area_before_m2: before,
                area_after_m2: after,
                reason: m.reason.clone(),
            });
        }
    }
    rows
}
