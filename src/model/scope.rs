//! The scope (范围) of a view of a provincial file: the file's own level (本级), everything it
//! holds (本级+下级, the total), or one merged county.
//!
//! A provincial file holds each merged county's compounds and units under that county's
//! region ([`Site::region`](super::Site), [`Unit::region`](super::Unit); `None` is the file's
//! own). [`Project::scoped`] keeps what a scope holds, so that the check and the report tables
//! of one county come from the very code that checks and reports the whole file: a county's
//! figures are the file's figures restricted, never computed another way.

use super::{Project, Region, Uuid};

/// Which regions of the file a view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RegionScope {
    /// 本级: the file's own region only (compounds and units with no region of their own).
    Own,
    /// 本级+下级: everything the file holds, the total.
    #[default]
    All,
    /// One region of the file (a merged county), by its UUID.
    Region(Uuid),
}

impl RegionScope {
    /// Whether something of `region` (`None`: the file's own) is in the scope; `own` is the
    /// file's own region, which a row may also name outright.
    ///
    /// ```
    /// use officeplan::model::{RegionScope, Uuid};
    /// let own = Uuid::from_u128(1);
    /// let county = Uuid::from_u128(2);
    /// assert!(RegionScope::Own.holds(None, Some(own)));
    /// assert!(RegionScope::Own.holds(Some(own), Some(own)));
    /// assert!(!RegionScope::Own.holds(Some(county), Some(own)));
    /// assert!(RegionScope::Region(county).holds(Some(county), Some(own)));
    /// assert!(RegionScope::All.holds(Some(county), Some(own)));
    /// ```
    pub fn holds(self, region: Option<Uuid>, own: Option<Uuid>) -> bool {
        let region = region.filter(|r| Some(*r) != own);
        match self {
            Self::All => true,
            Self::Own => region.is_none(),
            Self::Region(r) => (Some(r) == own && region.is_none()) || region == Some(r),
        }
    }

    /// The scope as the command line names it: `own`, `all`, or a region's 12-digit code.
    pub fn of_code(code: &str, regions: &[Region]) -> Option<Self> {
        match code {
            "own" => Some(Self::Own),
            "all" => Some(Self::All),
            _ => regions
                .iter()
                .find(|r| r.code == code)
                .map(|r| Self::Region(r.uuid)),
        }
    }

    /// The region whose name and code a table of this scope carries: the county's for one
    /// county, else the file's own.
    pub fn region<'a>(self, regions: &'a [Region], own: Option<&'a Region>) -> Option<&'a Region> {
        match self {
            Self::Region(r) => regions.iter().find(|g| g.uuid == r).or(own),
            Self::Own | Self::All => own,
        }
    }
}

impl Project {
    /// What `scope` holds of the project: its compounds with their buildings, floors and
    /// rooms, its units with their persons; construction projects whose main user is one of
    /// its units (a project naming no unit of the file stays with the file's own level).
    /// For one county the project carries that county's region (`regions`: the file's,
    /// [`crate::workspace::Workspace::regions`]), so its tables are headed by the county.
    ///
    /// ```
    /// use officeplan::io::sample::{SampleSource, build_project};
    /// use officeplan::model::RegionScope;
    /// let project = build_project(&SampleSource::Embedded).unwrap();
    /// // The sample is one county: its own level is all of it.
    /// let own = project.scoped(RegionScope::Own, &[]);
    /// assert_eq!(own.rooms.len(), project.rooms.len());
    /// ```
    pub fn scoped(&self, scope: RegionScope, regions: &[Region]) -> Project {
        if scope == RegionScope::All {
            return self.clone();
        }
        let own = self.region.as_ref().map(|r| r.uuid);
        let holds = |region: Option<Uuid>| scope.holds(region, own);
        let sites: Vec<_> = self
            .sites
            .iter()
            .filter(|s| holds(s.region))
            .cloned()
            .collect();
        let site_ids: std::collections::HashSet<Uuid> = sites.iter().map(|s| s.uuid).collect();
        let buildings: Vec<_> = self
            .buildings
            .iter()
            .filter(|b| site_ids.contains(&b.site))
            .cloned()
            .collect();
        let building_ids: std::collections::HashSet<Uuid> =
            buildings.iter().map(|b| b.uuid).collect();
        let floors: Vec<_> = self
            .floors
            .iter()
            .filter(|f| building_ids.contains(&f.building))
            .cloned()
            .collect();
        let floor_ids: std::collections::HashSet<Uuid> = floors.iter().map(|f| f.uuid).collect();
        let units: Vec<_> = self
            .units
            .iter()
            .filter(|u| holds(u.region))
            .cloned()
            .collect();
        let unit_ids: std::collections::HashSet<Uuid> = units.iter().map(|u| u.uuid).collect();
        let own_level = holds(None);
        Project {
            region: scope.region(regions, self.region.as_ref()).cloned(),
            settings: self.settings.clone(),
            sites,
            buildings,
            floors,
            rooms: self
                .rooms
                .iter()
                .filter(|r| floor_ids.contains(&r.floor))
                .cloned()
                .collect(),
            persons: self
                .persons
                .iter()
                .filter(|p| unit_ids.contains(&p.unit))
                .cloned()
                .collect(),
            construction_projects: self
                .construction_projects
                .iter()
                .filter(|c| match c.main_user.unit {
                    Some(u) if self.units.iter().any(|x| x.uuid == u) => unit_ids.contains(&u),
                    _ => own_level,
                })
                .cloned()
                .collect(),
            // An approval speaks of one subject; those of subjects left out are never read.
            approvals: self.approvals.clone(),
            units,
        }
    }
}
