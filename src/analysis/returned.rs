//! Buildings returned to their lessor (退租): from the return date on they are no longer the
//! organs' space. Their rooms leave every figure — totals, units' used areas, idle and leased
//! lists, scenario figures — while the building stays in the file, its history and the
//! building columns of the reports.

use std::collections::HashSet;

use crate::model::{Project, Uuid};

/// Floors of the buildings of `project` returned on or before `as_of`.
pub fn returned_floors(project: &Project, as_of: &str) -> HashSet<Uuid> {
    let returned: HashSet<Uuid> = project
        .buildings
        .iter()
        .filter(|b| b.is_returned_on(as_of))
        .map(|b| b.uuid)
        .collect();
    if returned.is_empty() {
        return HashSet::new();
    }
    project
        .floors
        .iter()
        .filter(|f| returned.contains(&f.building))
        .map(|f| f.uuid)
        .collect()
}

/// The project as the organs hold it on `as_of`: the rooms of returned buildings (and the
/// seats in them) taken out; buildings and floors stay. A project without a returned
/// building comes back as it was.
///
/// ```
/// use officeplan::analysis::returned::held_on;
/// let project = officeplan::model::Project::default();
/// assert_eq!(held_on(project.clone(), "2026-09-30"), project);
/// ```
pub fn held_on(mut project: Project, as_of: &str) -> Project {
    let floors = returned_floors(&project, as_of);
    if floors.is_empty() {
        return project;
    }
    let mut gone: HashSet<Uuid> = HashSet::new();
    project.rooms.retain(|r| {
        let keep = !floors.contains(&r.floor);
        if !keep {
            gone.insert(r.uuid);
        }
        keep
    });
    for person in &mut project.persons {
        person.rooms.retain(|r| !gone.contains(r));
    }
    project
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::sample::{SampleSource, build_project};
    use crate::model::{RoomStatus, Uuid};

    #[test]
    fn a_returned_building_leaves_the_idle_area_from_its_return_date() {
        let mut project = build_project(&SampleSource::Embedded).expect("sample");
        // The sample's rented building (planted problem: its units would fit elsewhere).
        let rented = project
            .buildings
            .iter()
            .position(|b| b.rented)
            .expect("the sample has a rented building");
        let building: Uuid = project.buildings[rented].uuid;
        let floors: HashSet<Uuid> = project
            .floors
            .iter()
            .filter(|f| f.building == building)
            .map(|f| f.uuid)
            .collect();
        let rooms_there = project
            .rooms
            .iter()
            .filter(|r| floors.contains(&r.floor))
            .count();
        assert!(rooms_there > 0);
        let idle = |p: &Project| -> f64 {
            p.rooms
                .iter()
                .filter(|r| r.status == RoomStatus::Idle)
                .map(|r| crate::analysis::room_area(&r.polygon))
                .sum()
        };
        let idle_there: f64 = project
            .rooms
            .iter()
            .filter(|r| floors.contains(&r.floor) && r.status == RoomStatus::Idle)
            .map(|r| crate::analysis::room_area(&r.polygon))
            .sum();
        project.buildings[rented].returned_on = Some("2026-06-30".into());
        let before = held_on(project.clone(), "2026-06-29");
        let after = held_on(project.clone(), "2026-06-30");
        assert_eq!(before.rooms.len(), project.rooms.len());
        assert_eq!(after.rooms.len(), project.rooms.len() - rooms_there);
        assert!((idle(&before) - idle(&after) - idle_there).abs() < 1e-9);
        // The building itself stays.
        assert_eq!(after.buildings.len(), project.buildings.len());
    }
}
