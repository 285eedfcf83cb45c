//! 范围 in the window: which regions of a provincial file the navigator, the site map, the
//! stack plan and the findings show — 本级+下级 (the total), 本级, or one county — kept per
//! file for the session.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::OfficeplanApp;
use crate::analysis::CategoryStatusTotals;
use crate::i18n::{Language, language};
use crate::model::{Region, RegionScope, Uuid};
use crate::ui::ByGeneration;
use crate::ui::region_scope::scope_choices;

/// The scopes a file offers, each with its label.
type ScopeChoices = Vec<(RegionScope, String)>;

/// The scope shown, each file's scope of this session, and the file's regions.
#[derive(Default)]
pub(super) struct ScopeState {
    pub(super) current: RegionScope,
    by_file: HashMap<PathBuf, RegionScope>,
    regions: ByGeneration<Arc<Vec<Region>>>,
    choices: ByGeneration<Arc<ScopeChoices>, (u64, Language)>,
    totals: ByGeneration<CategoryStatusTotals, (u64, RegionScope)>,
}

impl ScopeState {
    /// A file was opened: its scope of earlier in the session, else the total.
    pub(super) fn enter(&mut self, path: &Path) {
        self.current = self.by_file.get(path).copied().unwrap_or_default();
        self.regions.clear();
        self.choices.clear();
        self.totals.clear();
    }
}

impl OfficeplanApp {
    /// The scope shown.
    pub fn scope(&self) -> RegionScope {
        self.scope.current
    }

    /// Shows `scope` (as the navigator's 范围 does) and remembers it for the file.
    pub fn set_scope(&mut self, scope: RegionScope) {
        self.scope.current = scope;
        if let Some(w) = &self.workspace {
            self.scope.by_file.insert(w.path().to_path_buf(), scope);
        }
        // A selected building of another region is not on the site map any more; the map
        // fits the buildings of the scope.
        self.site_selected = None;
        self.site_view.fit();
        // A floor of another region leaves the plan.
        let shown_elsewhere = self.workspace.as_ref().is_some_and(|w| {
            let index = w.index();
            self.floor
                .and_then(|f| index.floors.get(f))
                .is_some_and(|e| {
                    !crate::workspace::region_groups::building_in_scope(index, scope, e.building)
                })
        });
        if shown_elsewhere {
            self.floor = None;
            self.plan = None;
            self.navigator.selected_floor = None;
            self.canvas.reset();
        }
        // The search's hits are those of the scope.
        if !self.navigator.query.is_empty() {
            let query = self.navigator.query.clone();
            self.search(&query, scope, false);
        }
    }

    /// The navigator's labelled tree as last shown (for tests).
    pub fn navigator_tree(&self) -> Option<&crate::ui::navigator::NavigatorTree> {
        self.navigator.tree()
    }

    /// The navigator's search hits (for tests).
    pub fn search_hits(&self) -> &[crate::store::SearchHit] {
        &self.navigator.hits
    }

    /// The open file's regions (its own first), read once per state of the file.
    pub(super) fn regions(&mut self) -> Arc<Vec<Region>> {
        let Some(w) = &self.workspace else {
            return Arc::default();
        };
        let generation = w.generation();
        if let Some(regions) = self.scope.regions.get(&generation) {
            return regions.clone();
        }
        // A failure is said once: the file's state is kept with no regions (the total only).
        let regions = match w.regions() {
            Ok(regions) => Arc::new(regions),
            Err(e) => {
                self.notify(e.to_string());
                Arc::default()
            }
        };
        // A county merged away (an undone merge) takes its scope with it.
        if let RegionScope::Region(r) = self.scope.current
            && !regions.iter().any(|g| g.uuid == r)
        {
            self.scope.current = RegionScope::All;
        }
        self.scope
            .regions
            .get_or_insert_with(generation, || regions)
            .clone()
    }

    /// The scopes the open file offers with their labels (none for a file of one region).
    pub(super) fn scope_choices(&mut self) -> Arc<ScopeChoices> {
        let regions = self.regions();
        let Some(w) = &self.workspace else {
            return Arc::default();
        };
        let own = w.index().region.as_ref();
        self.scope
            .choices
            .get_or_insert_with((w.generation(), language()), || {
                Arc::new(scope_choices(&regions, own))
            })
            .clone()
    }

    /// The totals of the scope shown (the status bar's): the index's totals of its regions.
    pub(super) fn scope_totals(&mut self) -> Option<CategoryStatusTotals> {
        let scope = self.shown_scope();
        let regions = self.regions();
        let w = self.workspace.as_ref()?;
        if scope == RegionScope::All {
            return Some(w.index().totals);
        }
        let index = w.index();
        Some(
            *self
                .scope
                .totals
                .get_or_insert_with((w.generation(), scope), || {
                    crate::workspace::region_groups::scope_totals(index, &regions, scope)
                }),
        )
    }

    /// The navigator's search: the hits of the scope shown; with `jump` (Enter) the first
    /// hit opens at once.
    pub(super) fn search(&mut self, text: &str, scope: crate::model::RegionScope, jump: bool) {
        let Some(w) = &self.workspace else { return };
        let floors = floors_in_scope(w.index(), scope);
        match w.search_where(text, |floor| {
            floors.as_ref().is_none_or(|f| f.contains(floor))
        }) {
            Ok(hits) => {
                let first = hits.first().map(|h| (h.floor, h.room));
                self.navigator.hits = hits;
                if let Some((floor, room)) = first
                    && jump
                {
                    self.jump_to(floor, room);
                }
            }
            Err(e) => self.notifications.push_error(e.to_string()),
        }
    }

    /// The scope the views follow: the chosen one while the file holds several regions, else
    /// the total.
    pub(super) fn shown_scope(&mut self) -> RegionScope {
        if self.scope_choices().is_empty() {
            RegionScope::All
        } else {
            self.scope.current
        }
    }
}

/// The floors of the scope shown (范围 of a provincial file); `None` for the whole file.
fn floors_in_scope(
    index: &crate::store::ProjectIndex,
    scope: crate::model::RegionScope,
) -> Option<std::collections::HashSet<Uuid>> {
    (scope != crate::model::RegionScope::All).then(|| {
        index
            .floors
            .iter()
            .filter(|e| {
                crate::workspace::region_groups::building_in_scope(index, scope, e.building)
            })
            .map(|e| e.floor.uuid)
            .collect()
    })
}
