//! Reading an OSA instance file (the Nottingham format, `readme_nott.txt`): a header of counts,
//! then the sections `ENTITIES` (`EID GID SPACE`), `ROOMS` (`RID FID SPACE NADJ ADJ…`) and
//! `CONSTRAINTS` (`CID TYPE HARD SUBJECT TARGET`). Identifiers are mapped to positions, so
//! files that number from 1 or leave gaps read the same; every error names the file and line.

use std::collections::HashMap;
use std::path::Path;

use super::{Constraint, ConstraintKind, Header, Instance, OsaEntity, OsaError, OsaRoom};

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Header,
    Entities,
    Rooms,
    Constraints,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Header => "header",
            Section::Entities => "ENTITIES",
            Section::Rooms => "ROOMS",
            Section::Constraints => "CONSTRAINTS",
        }
    }
}

/// A constraint row as written, resolved once every entity and room is known.
struct RawConstraint {
    line: usize,
    /// `None`: UNUSED_CONSTRAINT (-1), counted in the header, binds nothing.
    kind: Option<ConstraintKind>,
    hard: bool,
    subject: i64,
    target: i64,
}

const HEADER_KEYS: [&str; 6] = [
    "NoOfEntities",
    "NoOfRooms",
    "NoOfConstraints",
    "NoOfFloors",
    "NoOfHardConstraints",
    "NoOfSoftConstraints",
];

struct Reader<'a> {
    file: &'a str,
}

impl Reader<'_> {
    fn number<T: std::str::FromStr>(&self, line: usize, text: &str) -> Result<T, OsaError> {
        text.parse().map_err(|_| OsaError::BadNumber {
            file: self.file.to_owned(),
            line,
            text: text.to_owned(),
        })
    }

    /// A space or capacity: a finite number, not negative.
    fn area(&self, line: usize, text: &str) -> Result<f64, OsaError> {
        let value: f64 = self.number(line, text)?;
        if !value.is_finite() || value < 0.0 {
            return Err(OsaError::BadNumber {
                file: self.file.to_owned(),
                line,
                text: text.to_owned(),
            });
        }
        Ok(value)
    }

    fn width(&self, line: usize, found: usize, expected: usize) -> OsaError {
        OsaError::Fields {
            file: self.file.to_owned(),
            line,
            expected,
            found,
        }
    }

    fn unknown(&self, line: usize, what: &'static str, id: i64) -> OsaError {
        OsaError::UnknownId {
            file: self.file.to_owned(),
            line,
            what,
            id,
        }
    }
}

/// Reads the instance at `path`.
pub fn read(path: &Path) -> Result<Instance, OsaError> {
    let text = std::fs::read_to_string(path).map_err(|e| OsaError::Read {
        file: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let name = path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    parse(&path.display().to_string(), &name, &text)
}

/// Reads an instance from `text`; `file` names it in errors.
pub fn parse(file: &str, name: &str, text: &str) -> Result<Instance, OsaError> {
    let rd = Reader { file };
    let mut header = Header::default();
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut section = Section::Header;
    let mut section_line: HashMap<&'static str, usize> = HashMap::new();
    let mut entities: Vec<OsaEntity> = Vec::new();
    let mut entity_ids: HashMap<i64, usize> = HashMap::new();
    let mut rooms: Vec<OsaRoom> = Vec::new();
    let mut room_ids: HashMap<i64, usize> = HashMap::new();
    let mut raw_adjacent: Vec<(usize, Vec<i64>)> = Vec::new();
    let mut raw_constraints: Vec<RawConstraint> = Vec::new();
    let mut group_ids: HashMap<i64, usize> = HashMap::new();
    let mut floor_ids: HashMap<i64, usize> = HashMap::new();
    let mut last_line = 0;

    for (i, content) in text.lines().enumerate() {
        let line = i + 1;
        last_line = line;
        let fields: Vec<&str> = content.split_whitespace().collect();
        let Some(first) = fields.first() else {
            continue;
        };
        let next = match *first {
            "ENTITIES" => Some(Section::Entities),
            "ROOMS" => Some(Section::Rooms),
            "CONSTRAINTS" => Some(Section::Constraints),
            _ => None,
        };
        if let Some(next) = next {
            if fields.len() != 1 {
                return Err(rd.width(line, fields.len(), 1));
            }
            if section_line.insert(next.name(), line).is_some() {
                return Err(OsaError::RepeatedSection {
                    file: file.to_owned(),
                    line,
                    section: next.name(),
                });
            }
            section = next;
            continue;
        }
        match section {
            Section::Header => {
                let (key, value) = content.split_once(':').ok_or_else(|| OsaError::BadHeader {
                    file: file.to_owned(),
                    line,
                    text: content.trim().to_owned(),
                })?;
                let key = key.trim();
                let Some(known) = HEADER_KEYS.iter().copied().find(|k| *k == key) else {
                    return Err(OsaError::BadHeader {
                        file: file.to_owned(),
                        line,
                        text: content.trim().to_owned(),
                    });
                };
                let value = Some(rd.number(line, value.trim())?);
                match known {
                    "NoOfEntities" => header.entities = value,
                    "NoOfRooms" => header.rooms = value,
                    "NoOfConstraints" => header.constraints = value,
                    "NoOfFloors" => header.floors = value,
                    "NoOfHardConstraints" => header.hard_constraints = value,
                    _ => header.soft_constraints = value,
                }
                seen.insert(known, line);
            }
            Section::Entities => {
                let &[id, gid, space] = fields.as_slice() else {
                    return Err(rd.width(line, fields.len(), 3));
                };
                let id: i64 = rd.number(line, id)?;
                let gid: i64 = rd.number(line, gid)?;
                let space = rd.area(line, space)?;
                if entity_ids.insert(id, entities.len()).is_some() {
                    return Err(OsaError::DuplicateId {
                        file: file.to_owned(),
                        line,
                        what: "ENTITIES",
                        id,
                    });
                }
                let next_group = group_ids.len();
                let group = *group_ids.entry(gid).or_insert(next_group);
                entities.push(OsaEntity {
                    id,
                    group_id: gid,
                    group,
                    space,
                    line,
                });
            }
            Section::Rooms => {
                let &[id, fid, capacity, count, ref listed @ ..] = fields.as_slice() else {
                    return Err(rd.width(line, fields.len(), 4));
                };
                let id: i64 = rd.number(line, id)?;
                let fid: i64 = rd.number(line, fid)?;
                let capacity = rd.area(line, capacity)?;
                let count: usize = rd.number(line, count)?;
                if listed.len() != count {
                    return Err(rd.width(line, fields.len(), count.saturating_add(4)));
                }
                let adjacent = listed
                    .iter()
                    .map(|t| rd.number::<i64>(line, t))
                    .collect::<Result<Vec<_>, _>>()?;
                if room_ids.insert(id, rooms.len()).is_some() {
                    return Err(OsaError::DuplicateId {
                        file: file.to_owned(),
                        line,
                        what: "ROOMS",
                        id,
                    });
                }
                let next_floor = floor_ids.len();
                let floor = *floor_ids.entry(fid).or_insert(next_floor);
                raw_adjacent.push((line, adjacent));
                rooms.push(OsaRoom {
                    id,
                    floor_id: fid,
                    floor,
                    capacity,
                    adjacent: Vec::new(),
                    line,
                });
            }
            Section::Constraints => {
                let &[_id, code, hard, subject, target] = fields.as_slice() else {
                    return Err(rd.width(line, fields.len(), 5));
                };
                let code: i64 = rd.number(line, code)?;
                let hard = match hard {
                    "1" => true,
                    "0" => false,
                    other => {
                        return Err(OsaError::BadNumber {
                            file: file.to_owned(),
                            line,
                            text: other.to_owned(),
                        });
                    }
                };
                let subject: i64 = rd.number(line, subject)?;
                let target: i64 = rd.number(line, target)?;
                let kind = match code {
                    -1 => None,
                    _ => Some(ConstraintKind::from_code(code).ok_or(
                        OsaError::UnsupportedType {
                            file: file.to_owned(),
                            line,
                            code,
                        },
                    )?),
                };
                raw_constraints.push(RawConstraint {
                    line,
                    kind,
                    hard,
                    subject,
                    target,
                });
            }
        }
    }

    // Every count the header states must match what the sections hold.
    let missing = |key: &'static str| OsaError::MissingHeader {
        file: file.to_owned(),
        key,
    };
    let expect =
        |key: &'static str, section: Section, want: usize, found: usize| -> Result<(), OsaError> {
            if want == found {
                return Ok(());
            }
            let line = section_line
                .get(section.name())
                .or_else(|| seen.get(key))
                .copied()
                .unwrap_or(last_line);
            Err(OsaError::CountMismatch {
                file: file.to_owned(),
                line,
                key,
                expected: want,
                found,
            })
        };
    let n_entities = header.entities.ok_or_else(|| missing("NoOfEntities"))?;
    let n_rooms = header.rooms.ok_or_else(|| missing("NoOfRooms"))?;
    let n_constraints = header
        .constraints
        .ok_or_else(|| missing("NoOfConstraints"))?;
    expect(
        "NoOfEntities",
        Section::Entities,
        n_entities,
        entities.len(),
    )?;
    expect("NoOfRooms", Section::Rooms, n_rooms, rooms.len())?;
    expect(
        "NoOfConstraints",
        Section::Constraints,
        n_constraints,
        raw_constraints.len(),
    )?;
    if let Some(hard) = header.hard_constraints {
        let found = raw_constraints.iter().filter(|c| c.hard).count();
        expect("NoOfHardConstraints", Section::Constraints, hard, found)?;
    }
    if let Some(soft) = header.soft_constraints {
        let found = raw_constraints.iter().filter(|c| !c.hard).count();
        expect("NoOfSoftConstraints", Section::Constraints, soft, found)?;
    }
    if let Some(floors) = header.floors
        && floor_ids.len() > floors
    {
        expect("NoOfFloors", Section::Rooms, floors, floor_ids.len())?;
    }

    // Adjacency by position; a room is adjacent to itself (not listed).
    for (room, (line, ids)) in rooms.iter_mut().zip(raw_adjacent) {
        for id in ids {
            let q = *room_ids
                .get(&id)
                .ok_or_else(|| rd.unknown(line, "ROOMS", id))?;
            if room_ids.get(&room.id) != Some(&q) && !room.adjacent.contains(&q) {
                room.adjacent.push(q);
            }
        }
    }

    let mut constraints = Vec::with_capacity(raw_constraints.len());
    for raw in raw_constraints {
        let entity = |id: i64| {
            entity_ids
                .get(&id)
                .copied()
                .ok_or_else(|| rd.unknown(raw.line, "ENTITIES", id))
        };
        let room = |id: i64| {
            room_ids
                .get(&id)
                .copied()
                .ok_or_else(|| rd.unknown(raw.line, "ROOMS", id))
        };
        let Some(kind) = raw.kind else { continue };
        let (subject, target) = match kind {
            ConstraintKind::Allocation | ConstraintKind::NonAllocation => {
                (entity(raw.subject)?, Some(room(raw.target)?))
            }
            ConstraintKind::Capacity => (room(raw.subject)?, None),
            ConstraintKind::NotSharing => (entity(raw.subject)?, None),
            ConstraintKind::SameRoom
            | ConstraintKind::NotSameRoom
            | ConstraintKind::Adjacency
            | ConstraintKind::Nearby
            | ConstraintKind::AwayFrom => (entity(raw.subject)?, Some(entity(raw.target)?)),
        };
        constraints.push(Constraint {
            kind,
            hard: raw.hard,
            subject,
            target,
            line: raw.line,
        });
    }

    Ok(Instance {
        name: name.to_owned(),
        file: file.to_owned(),
        header,
        entities,
        rooms,
        constraints,
        groups: group_ids.len(),
        floors: floor_ids.len(),
    })
}
