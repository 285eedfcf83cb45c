//! The inventory edits through the one door: each is undone to the very file it started from
//! (compared as full loads) and redone.

use super::{Edit, Workspace, WorkspaceError};
use crate::model::{Building, Project, RoomStatus, Site, Uuid};
use crate::store::RegionSettings;

fn sample() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("dir");
    let (_, store) = crate::store::sample_store(dir.path());
    let path = store.path().to_path_buf();
    drop(store);
    let workspace = Workspace::open(&path).expect("open");
    (dir, workspace)
}

fn load(w: &Workspace) -> Project {
    w.load_project().expect("load")
}

#[test]
fn deleting_a_building_takes_its_rooms_and_undo_restores_the_file_exactly() {
    let (_dir, mut w) = sample();
    let before = load(&w);
    // The sample's first building: 综合办公楼, with floors, rooms, units and seated persons.
    let building = before.buildings[0].uuid;
    let contents = w.building_contents(&building).expect("contents");
    let floors: Vec<Uuid> = before
        .floors
        .iter()
        .filter(|f| f.building == building)
        .map(|f| f.uuid)
        .collect();
    let rooms = before
        .rooms
        .iter()
        .filter(|r| floors.contains(&r.floor))
        .count();
    assert_eq!(contents.floors, floors.len());
    assert_eq!(contents.rooms as usize, rooms);
    assert!(rooms > 0);
    w.apply(Edit::DeleteBuilding { building }).expect("delete");
    let deleted = load(&w);
    assert_eq!(deleted.buildings.len(), before.buildings.len() - 1);
    assert_eq!(deleted.rooms.len(), before.rooms.len() - rooms);
    assert_eq!(deleted.floors.len(), before.floors.len() - floors.len());
    w.undo().expect("undo");
    assert_eq!(load(&w), before);
    w.redo().expect("redo");
    assert_eq!(load(&w), deleted);
    let history = w.history(2).expect("history");
    assert_eq!(history[0].action, "delete_building");
    assert_eq!(history[1].action, "restore_building");
}

#[test]
fn a_compound_with_buildings_is_deleted_only_when_confirmed() {
    let (_dir, mut w) = sample();
    let before = load(&w);
    let site = before.sites[0].uuid;
    let refused = w.apply(Edit::DeleteSite {
        site,
        confirmed: false,
    });
    assert!(matches!(refused, Err(WorkspaceError::Inventory(_))));
    assert_eq!(load(&w), before, "a refusal writes nothing");
    w.apply(Edit::DeleteSite {
        site,
        confirmed: true,
    })
    .expect("delete");
    assert_eq!(load(&w).sites.len(), before.sites.len() - 1);
    w.undo().expect("undo");
    assert_eq!(load(&w), before);
}

#[test]
fn sites_and_buildings_are_added_edited_moved_and_undone() {
    let (_dir, mut w) = sample();
    let before = load(&w);
    let site = Site {
        region: None,
        uuid: Uuid::now_v7(),
        name: "城南院".into(),
        address: "城南路1号".into(),
        land_area_m2: Some(5000.0),
        lon_lat: Some((112.21, 30.89)),
        note: String::new(),
    };
    w.apply(Edit::AddSite(Box::new(site.clone())))
        .expect("add site");
    let mut b = Building::new(Uuid::now_v7(), site.uuid, "新楼".into());
    b.year_built = Some(2010);
    b.gross_area_m2 = Some(3200.0);
    w.apply(Edit::AddBuilding(Box::new(b.clone())))
        .expect("add building");
    assert_eq!(w.index().sites.len(), before.sites.len() + 1);
    let added = w
        .index()
        .buildings
        .iter()
        .find(|e| e.building.uuid == b.uuid)
        .expect("added");
    assert_eq!(added.building, b);
    // Move it to the sample's first compound.
    let mut moved = b.clone();
    moved.site = before.sites[0].uuid;
    w.apply(Edit::EditBuilding(Box::new(moved))).expect("move");
    assert_eq!(w.site_contents(&site.uuid).expect("site").buildings, 0);
    // A duplicate compound name is refused, naming the field.
    let twin = Site {
        region: None,
        uuid: Uuid::now_v7(),
        ..site.clone()
    };
    let refused = w.apply(Edit::AddSite(Box::new(twin))).unwrap_err();
    assert!(refused.to_string().contains("城南院"), "{refused}");
    for _ in 0..3 {
        w.undo().expect("undo");
    }
    assert_eq!(load(&w), before);
}

#[test]
fn a_returned_building_leaves_the_totals_from_its_return_date() {
    let (_dir, mut w) = sample();
    let as_of = w
        .index()
        .settings
        .as_of
        .clone()
        .expect("the sample has a date");
    let total = w.index().totals.total();
    let entry = w
        .index()
        .buildings
        .iter()
        .find(|b| b.building.rented)
        .expect("a rented building")
        .clone();
    let idle_before = w.checked().expect("check").compliance.idle_rooms.len();
    let idle_there = {
        let checked = w.checked().expect("check");
        let floors: Vec<Uuid> = entry
            .floors
            .iter()
            .filter_map(|f| w.index().floors.get(*f).map(|e| e.floor.uuid))
            .collect();
        checked
            .project
            .rooms
            .iter()
            .filter(|r| floors.contains(&r.floor) && r.status == RoomStatus::Idle)
            .count()
    };
    let mut returned = entry.building.clone();
    returned.returned_on = Some(as_of);
    w.apply(Edit::EditBuilding(Box::new(returned)))
        .expect("return");
    let after = w.index().totals.total();
    assert_eq!(after.rooms, total.rooms - entry.totals.total().rooms);
    assert!((total.area_m2 - after.area_m2 - entry.totals.total().area_m2).abs() < 1e-6);
    let idle_after = w.checked().expect("check").compliance.idle_rooms.len();
    assert_eq!(idle_after, idle_before - idle_there);
    // The building stays in the file.
    assert!(
        w.index()
            .buildings
            .iter()
            .any(|b| b.building.uuid == entry.building.uuid)
    );
}

#[test]
fn the_region_is_set_checked_and_undone() {
    let (_dir, mut w) = sample();
    let before = w.region_settings();
    let mut wanted: RegionSettings = before.clone();
    if let Some(region) = &mut wanted.region {
        region.code = "12345".into();
    }
    assert!(w.apply(Edit::SetRegion(Box::new(wanted.clone()))).is_err());
    if let Some(region) = &mut wanted.region {
        region.code = "429999000000".into();
        region.name = "示范区".into();
    }
    wanted.as_of = Some("2026-12-31".into());
    w.apply(Edit::SetRegion(Box::new(wanted.clone())))
        .expect("set");
    assert_eq!(w.region_settings(), wanted);
    w.undo().expect("undo");
    assert_eq!(w.region_settings(), before);
}
