//! A provincial file's index grouped by region (行政区划 → 院落): the navigator's regions with
//! their totals, and which compounds and buildings a scope (范围) shows.
//!
//! The totals are the index's own per-compound aggregates ([`SiteEntry::totals`], read by the
//! store), added up per region: a region's figure is the sum of its compounds' figures, so
//! the regions of 本级+下级 add up to the file's total.

use crate::analysis::CategoryStatusTotals;
use crate::model::{Region, RegionScope, Uuid};
use crate::store::{ProjectIndex, SiteEntry};

/// One region's compounds (indices into [`ProjectIndex::sites`]) and their totals.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionGroup {
    /// The region; `None` for compounds naming a region the file does not list.
    pub region: Option<Region>,
    /// Whether this is the file's own level (本级).
    pub own: bool,
    pub sites: Vec<usize>,
    pub totals: CategoryStatusTotals,
}

/// The file's own region's UUID, as the index has it.
fn own_uuid(index: &ProjectIndex) -> Option<Uuid> {
    index.region.as_ref().map(|r| r.uuid)
}

/// The region a compound is under, `None` for the file's own level.
fn site_region(index: &ProjectIndex, site: &SiteEntry) -> Option<Uuid> {
    site.site.region.filter(|r| Some(*r) != own_uuid(index))
}

/// Whether `scope` shows the compound at `site` (an index into the index's sites).
pub fn site_in_scope(index: &ProjectIndex, scope: RegionScope, site: usize) -> bool {
    index
        .sites
        .get(site)
        .is_some_and(|s| scope.holds(s.site.region, own_uuid(index)))
}

/// Whether `scope` shows the building at `building` (an index into the index's buildings).
pub fn building_in_scope(index: &ProjectIndex, scope: RegionScope, building: usize) -> bool {
    index
        .buildings
        .get(building)
        .is_some_and(|b| site_in_scope(index, scope, b.site))
}

/// The regions `scope` shows, each with its compounds and totals: the file's own level first,
/// then every other region of `regions` (the file's, own first) in their order, also those
/// without a compound; compounds naming a region not listed come last, in a group of their own.
pub fn region_groups(
    index: &ProjectIndex,
    regions: &[Region],
    scope: RegionScope,
) -> Vec<RegionGroup> {
    let own = own_uuid(index);
    let mut groups: Vec<RegionGroup> = Vec::new();
    let mut keys: Vec<Option<Uuid>> = Vec::new();
    let mut group_of = |key: Option<Uuid>, groups: &mut Vec<RegionGroup>| -> usize {
        if let Some(at) = keys.iter().position(|k| *k == key) {
            return at;
        }
        keys.push(key);
        groups.push(RegionGroup {
            region: match key {
                None => index.region.clone(),
                Some(r) => regions.iter().find(|g| g.uuid == r).cloned(),
            },
            own: key.is_none(),
            sites: Vec::new(),
            totals: CategoryStatusTotals::default(),
        });
        groups.len() - 1
    };
    if scope.holds(None, own) {
        group_of(None, &mut groups);
    }
    for region in regions {
        if Some(region.uuid) != own && scope.holds(Some(region.uuid), own) {
            group_of(Some(region.uuid), &mut groups);
        }
    }
    for (s, site) in index.sites.iter().enumerate() {
        if !scope.holds(site.site.region, own) {
            continue;
        }
        let at = group_of(site_region(index, site), &mut groups);
        if let Some(group) = groups.get_mut(at) {
            group.sites.push(s);
            group.totals.merge(&site.totals);
        }
    }
    groups
}

/// The totals of what `scope` shows: the sum of its regions' totals.
pub fn scope_totals(
    index: &ProjectIndex,
    regions: &[Region],
    scope: RegionScope,
) -> CategoryStatusTotals {
    let mut totals = CategoryStatusTotals::default();
    for group in region_groups(index, regions, scope) {
        totals.merge(&group.totals);
    }
    totals
}

/// A scope with the file's regions: what a view of the index shows, and how it names a
/// compound or building so that the same name in two counties (each county's 第1行政中心) is
/// told apart while several regions are shown.
#[derive(Clone, Copy, Debug)]
pub struct ScopeView<'a> {
    pub scope: RegionScope,
    pub regions: &'a [Region],
}

impl ScopeView<'_> {
    /// Whether the compound at `site` is shown.
    pub fn holds_site(&self, index: &ProjectIndex, site: usize) -> bool {
        site_in_scope(index, self.scope, site)
    }

    /// Whether the building at `building` is shown.
    pub fn holds_building(&self, index: &ProjectIndex, building: usize) -> bool {
        building_in_scope(index, self.scope, building)
    }

    /// The region's name before a compound's, while the file's several regions are all shown
    /// (本级+下级); `None` otherwise.
    fn prefix(&self, index: &ProjectIndex, site: usize) -> Option<String> {
        let several = self
            .regions
            .iter()
            .any(|r| index.region.as_ref().is_none_or(|own| own.uuid != r.uuid));
        if self.scope != RegionScope::All || !several {
            return None;
        }
        let entry = index.sites.get(site)?;
        let region = match site_region(index, entry) {
            None => index.region.as_ref(),
            Some(r) => self.regions.iter().find(|g| g.uuid == r),
        };
        region.map(|r| r.name.clone())
    }

    /// A compound's name as shown: `甲县 · 第1行政中心` while several regions are shown.
    pub fn site_label(&self, index: &ProjectIndex, site: usize) -> String {
        let name = index
            .sites
            .get(site)
            .map(|s| s.site.name.clone())
            .unwrap_or_default();
        match self.prefix(index, site) {
            Some(region) => format!("{region} · {name}"),
            None => name,
        }
    }

    /// A building's name as shown: `甲县 · 第1行政中心1号楼` while several regions are shown.
    pub fn building_label(&self, index: &ProjectIndex, building: usize) -> String {
        let Some(entry) = index.buildings.get(building) else {
            return String::new();
        };
        match self.prefix(index, entry.site) {
            Some(region) => format!("{region} · {}", entry.building.name),
            None => entry.building.name.clone(),
        }
    }
}
