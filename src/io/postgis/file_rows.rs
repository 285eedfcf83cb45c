//! The rows of the published tables, read from the open file table by table and written as
//! binary COPY lines ([`CopyLine`]).
//!
//! Region: every site, building, room and unit carries `region_code`, the 12-digit code of
//! the region it belongs to ([`RegionOf`]): its site's or unit's own region in a provincial
//! file that keeps counties side by side, else the file's own region. `regions` lists every
//! region the file holds, with its `parent_code`.

use std::ops::ControlFlow;

use foldhash::{HashMap, HashMapExt as _};

use crate::analysis::room_area;
use crate::io::site_anchor::{LonLatTransform, SiteAnchor};
use crate::model::{
    Building, Coded as _, Floor, Grade, Person, ProjectSettings, Region, Room, Site, Unit, Uuid,
};
use crate::store::FileTree;
use crate::workspace::Workspace;

use super::copy_line::CopyLine;
use super::server::PgError;
use super::tables::{
    BUILDINGS, CGCS2000_SRID, FLOORS, PERSONS, PLAN_SRID, REGIONS, ROOM_UNITS, ROOMS, SITES,
    TableSpec, UNIT_COUNTS, UNITS,
};

/// The region code a row is published under: a site's or unit's own region where it records
/// one (a provincial file keeps its counties side by side), else the file's own region.
pub struct RegionOf {
    own: String,
    sites: HashMap<Uuid, String>,
    units: HashMap<Uuid, String>,
}

impl RegionOf {
    pub fn new(own: Option<&Region>, regions: &[Region], sites: &[Site], units: &[Unit]) -> Self {
        let code: HashMap<Uuid, &str> = regions.iter().map(|r| (r.uuid, r.code.as_str())).collect();
        let coded =
            |entity: Uuid, region: Option<Uuid>| Some((entity, (*code.get(&region?)?).to_owned()));
        Self {
            own: own.map(|r| r.code.clone()).unwrap_or_default(),
            sites: sites
                .iter()
                .filter_map(|s| coded(s.uuid, s.region))
                .collect(),
            units: units
                .iter()
                .filter_map(|u| coded(u.uuid, u.region))
                .collect(),
        }
    }

    pub fn site(&self, site: &Uuid) -> &str {
        self.sites
            .get(site)
            .map_or(self.own.as_str(), String::as_str)
    }

    pub fn unit(&self, unit: &Uuid) -> &str {
        self.units
            .get(unit)
            .map_or(self.own.as_str(), String::as_str)
    }
}

/// The rows of every published table, read from the open file table by table: the tree,
/// units and counts are held (thousands of rows), rooms and their units are streamed from
/// SQLite one at a time, so a million rooms never sit in memory as a project or as text.
pub struct FileRows<'w> {
    workspace: &'w Workspace,
    tree: FileTree,
    region: RegionOf,
    /// A floor's building, as an index into `tree.buildings`.
    building_of_floor: HashMap<Uuid, usize>,
    /// Each building's placement on the earth, when it is anchored.
    anchors: Vec<Option<LonLatTransform>>,
    with_persons: bool,
}

impl<'w> FileRows<'w> {
    /// Reads what the rows need besides the rooms; `with_persons` publishes persons' names.
    pub fn read(workspace: &'w Workspace, with_persons: bool) -> Result<Self, PgError> {
        let tree = workspace.tree()?;
        let region = RegionOf::new(
            tree.region.as_ref(),
            &tree.regions,
            &tree.sites,
            workspace.units(),
        );
        let building_of_floor = {
            let by_uuid: HashMap<Uuid, usize> = tree
                .buildings
                .iter()
                .enumerate()
                .map(|(i, b)| (b.uuid, i))
                .collect();
            tree.floors
                .iter()
                .filter_map(|f| Some((f.uuid, *by_uuid.get(&f.building)?)))
                .collect()
        };
        let anchors = tree
            .buildings
            .iter()
            .map(|b| SiteAnchor::of(b).map(|a| a.to_lon_lat()))
            .collect();
        Ok(Self {
            workspace,
            tree,
            region,
            building_of_floor,
            anchors,
            with_persons,
        })
    }

    /// The file's settings (recorded with the publish, for a pull).
    pub fn settings(&self) -> &ProjectSettings {
        &self.tree.settings
    }

    /// The file's own region code.
    pub fn region_code(&self) -> Option<String> {
        self.tree.region.as_ref().map(|r| r.code.clone())
    }

    /// Writes every row of `spec`'s table into `line` and hands it to `emit`, until `emit`
    /// breaks.
    pub fn each(
        &self,
        spec: &TableSpec,
        line: &mut CopyLine,
        emit: &mut dyn FnMut(&CopyLine) -> ControlFlow<()>,
    ) -> Result<(), PgError> {
        let mut row = |write: &dyn Fn(&mut CopyLine)| {
            line.clear();
            write(line);
            emit(line)
        };
        match spec.name {
            n if n == REGIONS.name => {
                for r in &self.tree.regions {
                    if row(&|l| write_region(l, r)).is_break() {
                        break;
                    }
                }
            }
            n if n == SITES.name => {
                for s in &self.tree.sites {
                    if row(&|l| write_site(l, s, &self.region)).is_break() {
                        break;
                    }
                }
            }
            n if n == BUILDINGS.name => {
                for (i, b) in self.tree.buildings.iter().enumerate() {
                    let anchor = self.anchors.get(i).copied().flatten();
                    if row(&|l| write_building(l, b, &self.region, anchor.as_ref())).is_break() {
                        break;
                    }
                }
            }
            n if n == FLOORS.name => {
                for f in &self.tree.floors {
                    if row(&|l| write_floor(l, f)).is_break() {
                        break;
                    }
                }
            }
            n if n == ROOMS.name => {
                self.workspace.each_room(|r| {
                    let building = self.building_of_floor.get(&r.floor).copied();
                    let b = building.and_then(|b| self.tree.buildings.get(b));
                    let anchor = building.and_then(|b| self.anchors.get(b).copied().flatten());
                    row(&|l| write_room(l, r, b, &self.region, anchor.as_ref()))
                })?;
            }
            n if n == UNITS.name => {
                for u in self.workspace.units() {
                    if row(&|l| write_unit(l, u, &self.region)).is_break() {
                        break;
                    }
                }
            }
            n if n == UNIT_COUNTS.name => {
                for (unit, grade, posts, persons) in self.unit_counts()? {
                    if row(&|l| {
                        l.uuid(&Uuid::new_v5(&unit, grade.code().as_bytes()));
                        l.uuid(&unit);
                        l.text(grade.code());
                        l.int(i64::from(posts));
                        l.int(i64::from(persons));
                    })
                    .is_break()
                    {
                        break;
                    }
                }
            }
            n if n == ROOM_UNITS.name => {
                self.workspace.each_room_unit(|room, unit| {
                    row(&|l| {
                        l.uuid(&Uuid::new_v5(room, unit.as_bytes()));
                        l.uuid(room);
                        l.uuid(unit);
                    })
                })?;
            }
            n if n == PERSONS.name && self.with_persons => {
                for p in &self.workspace.persons()? {
                    if row(&|l| write_person(l, p)).is_break() {
                        break;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Posts and persons per (unit, grade): every grade a unit has posts or persons of.
    fn unit_counts(&self) -> Result<Vec<(Uuid, Grade, u32, u32)>, PgError> {
        let mut persons: HashMap<Uuid, std::collections::BTreeMap<Grade, u32>> = HashMap::new();
        for (unit, grade, n) in self.workspace.person_counts()? {
            *persons.entry(unit).or_default().entry(grade).or_default() += n;
        }
        let mut counts = Vec::new();
        for unit in self.workspace.units() {
            let counted = persons.get(&unit.uuid);
            let mut grades: Vec<Grade> = unit.posts.keys().copied().collect();
            grades.extend(counted.into_iter().flat_map(|c| c.keys().copied()));
            grades.sort_unstable();
            grades.dedup();
            for grade in grades {
                let posts = unit.posts.get(&grade).copied().unwrap_or(0);
                let n = counted.and_then(|c| c.get(&grade)).copied().unwrap_or(0);
                counts.push((unit.uuid, grade, posts, n));
            }
        }
        Ok(counts)
    }
}

fn write_region(l: &mut CopyLine, r: &Region) {
    l.uuid(&r.uuid);
    l.text(&r.name);
    l.text(r.level.code());
    l.text(&r.code);
    l.text(&r.parent_code);
}

fn write_site(l: &mut CopyLine, s: &Site, region: &RegionOf) {
    l.uuid(&s.uuid);
    l.text(region.site(&s.uuid));
    l.text(&s.name);
    l.text(&s.address);
    l.opt_float(s.land_area_m2);
    l.opt_float(s.lon_lat.map(|p| p.0));
    l.opt_float(s.lon_lat.map(|p| p.1));
    l.text(&s.note);
}

fn write_building(
    l: &mut CopyLine,
    b: &Building,
    region: &RegionOf,
    anchor: Option<&LonLatTransform>,
) {
    l.uuid(&b.uuid);
    l.uuid(&b.site);
    l.text(region.site(&b.site));
    l.text(&b.name);
    l.opt_int(b.year_built.map(i64::from));
    l.opt_int(b.storeys.map(i64::from));
    l.opt_int(b.basement_storeys.map(i64::from));
    l.text(&b.structure);
    l.opt_float(b.gross_area_m2);
    l.opt_float(b.office_gross_m2);
    l.opt_float(b.technical_gross_m2);
    l.opt_float(b.usable_coefficient);
    l.text(b.title_status.code());
    l.text(&b.certificate_no);
    l.text(&b.owner);
    l.boolean(b.rented);
    l.text(&b.lessor);
    l.opt_text(b.lease_start.as_deref());
    l.opt_text(b.lease_end.as_deref());
    l.opt_text(b.returned_on.as_deref());
    l.opt_uuid(b.main_user.unit.as_ref());
    l.text(&b.main_user.name);
    l.opt_float(b.anchor_lon_lat.map(|p| p.0));
    l.opt_float(b.anchor_lon_lat.map(|p| p.1));
    l.float(b.rotation_deg);
    l.opt_float(b.footprint.as_ref().map(room_area));
    l.polygon(b.footprint.as_ref(), PLAN_SRID);
    let geographic = b
        .footprint
        .as_ref()
        .zip(anchor)
        .map(|(p, a)| geographic(p, a));
    l.polygon(geographic.as_ref(), CGCS2000_SRID);
}

fn write_floor(l: &mut CopyLine, f: &Floor) {
    l.uuid(&f.uuid);
    l.uuid(&f.building);
    l.text(&f.name);
    l.int(i64::from(f.level));
    l.opt_float(f.elevation_m);
    l.opt_float(f.storey_height_m);
}

fn write_room(
    l: &mut CopyLine,
    r: &Room,
    building: Option<&Building>,
    region: &RegionOf,
    anchor: Option<&LonLatTransform>,
) {
    l.uuid(&r.uuid);
    l.uuid(&r.floor);
    l.opt_uuid(building.map(|b| &b.uuid));
    l.opt_uuid(building.map(|b| &b.site));
    l.opt_text(building.map(|b| region.site(&b.site)));
    l.text(&r.number);
    l.text(&r.name);
    l.text(r.category.code());
    l.text(&r.sub_use);
    l.text(r.status.code());
    l.opt_text(r.status_since.as_deref());
    l.opt_float(r.surveyed_area_m2);
    // 使用面积 from the one area code path, so ST_Area(geom) can be compared.
    l.float(room_area(&r.polygon));
    l.text(&r.note);
    l.polygon(Some(&r.polygon), PLAN_SRID);
    let geographic = anchor.map(|a| geographic(&r.polygon, a));
    l.polygon(geographic.as_ref(), CGCS2000_SRID);
}

fn write_unit(l: &mut CopyLine, u: &Unit, region: &RegionOf) {
    l.uuid(&u.uuid);
    l.text(region.unit(&u.uuid));
    l.text(&u.name);
    l.text(u.organ_category.code());
    l.text(u.kind.code());
    l.opt_uuid(u.parent.as_ref());
    l.opt_text(u.rank_step.map(|s| s.code()));
    l.int(i64::from(u.service_posts));
    l.int(i64::from(u.headcount));
    l.int(i64::from(u.approved_posts()));
    l.text(&u.note);
}

fn write_person(l: &mut CopyLine, p: &Person) {
    l.uuid(&p.uuid);
    l.uuid(&p.unit);
    l.text(&p.name);
    l.text(p.grade.code());
    l.text(&p.rank);
    l.boolean(p.rank_only);
    l.text(&p.title);
    l.text(p.status.code());
    l.opt_text(p.status_date.as_deref());
    l.boolean(p.party_government_head);
    l.text(&p.second_office_approval);
    l.opt_text(p.second_office_approval_date.as_deref());
    let rooms: Vec<String> = p.rooms.iter().map(Uuid::to_string).collect();
    l.text(&rooms.join(","));
}

/// A polygon in plan metres placed on the earth by its building's anchor (the site map's
/// transform), as CGCS2000 longitude/latitude.
fn geographic(polygon: &geo::Polygon<f64>, anchor: &LonLatTransform) -> geo::Polygon<f64> {
    use geo::MapCoords as _;
    polygon.map_coords(|c| anchor.apply(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::postgis::tables::ALL;

    #[test]
    fn the_sample_writes_one_line_per_row_with_every_column() {
        let project = crate::io::sample::build_project(&crate::io::sample::SampleSource::Embedded)
            .expect("sample");
        let dir = tempfile::tempdir().expect("dir");
        let workspace = Workspace::create(
            &dir.path().join("s.gpkg"),
            &project,
            crate::store::CreateOptions::default(),
        )
        .expect("create");
        let rows = FileRows::read(&workspace, false).expect("read");
        let mut line = CopyLine::default();
        let mut counted = HashMap::new();
        for table in &ALL {
            let mut n = 0usize;
            rows.each(table, &mut line, &mut |l| {
                assert_eq!(
                    usize::from(l.fields()),
                    table.columns.len() + 1,
                    "{} row {n}",
                    table.name
                );
                n += 1;
                ControlFlow::Continue(())
            })
            .expect("rows");
            counted.insert(table.name, n);
        }
        assert_eq!(counted.get("rooms"), Some(&project.rooms.len()));
        assert_eq!(
            counted.get("room_units"),
            Some(&project.rooms.iter().map(|r| r.units.len()).sum::<usize>())
        );
        assert_eq!(counted.get("units"), Some(&project.units.len()));
        assert_eq!(
            counted.get("persons"),
            Some(&0),
            "no names without --with-persons"
        );
    }
}
