//! The navigator: 行政区划 / 院落 / 楼栋 / 楼层 with room counts and areas, and a search box
//! (room number, unit name, person name) that jumps to the hit.
//!
//! The tree's rows are built once per index ([`NavigatorTree::build`]) so that a frame only
//! shows the rows of open branches: a province of 40,000 floors stays responsive.

use crate::analysis::AreaBasis;
use crate::analysis::CategoryStatusTotals;
use crate::analysis::area::format_area;
use crate::model::{Region, RegionScope, Uuid};
use crate::store::{HitKind, ProjectIndex, SearchHit};
use crate::workspace::region_groups::region_groups;

/// One building's row with its floors' rows.
#[derive(Clone, Debug)]
pub struct BuildingRow {
    pub index: usize,
    pub label: String,
    /// (floor index, label)
    pub floors: Vec<(usize, String)>,
}

/// One compound's row with its buildings.
#[derive(Clone, Debug)]
pub struct SiteRow {
    /// Index into the project index's sites.
    pub index: usize,
    pub label: String,
    pub buildings: Vec<BuildingRow>,
}

/// One region's row of a provincial file (行政区划 → 院落), with its totals in its label.
#[derive(Clone, Debug)]
pub struct RegionRow {
    pub label: String,
    /// Positions in [`NavigatorTree::sites`].
    pub sites: Vec<usize>,
}

/// The labelled tree of a project index.
#[derive(Clone, Debug, Default)]
pub struct NavigatorTree {
    pub root: String,
    /// The compounds shown (of the scope), in the file's order.
    pub sites: Vec<SiteRow>,
    /// A file of several regions: the compounds grouped by region (empty otherwise).
    pub regions: Vec<RegionRow>,
}

/// A row's label: its name, room count and 使用面积.
fn row_label(name: &str, totals: &CategoryStatusTotals) -> String {
    let total = totals.total();
    crate::t!(
        "nav.row",
        name = name,
        rooms = total.rooms,
        area = format_area(total.area_m2, AreaBasis::Usable)
    )
    .into_owned()
}

impl NavigatorTree {
    /// Labels every site, building and floor with its room count and 使用面积.
    pub fn build(index: &ProjectIndex) -> Self {
        Self::build_scoped(index, &[], RegionScope::All)
    }

    /// The tree of what `scope` shows; when the file holds several regions (`regions`, the
    /// file's), the compounds are grouped under their regions, each with its totals (the sum
    /// of its compounds', as the index has them) and the root carries the scope's total.
    pub fn build_scoped(index: &ProjectIndex, regions: &[Region], scope: RegionScope) -> Self {
        let grouped = regions
            .iter()
            .any(|r| index.region.as_ref().is_none_or(|own| own.uuid != r.uuid));
        let groups = region_groups(index, regions, scope);
        let mut scope_totals = CategoryStatusTotals::default();
        for g in &groups {
            scope_totals.merge(&g.totals);
        }
        let own_name = || {
            index
                .region
                .as_ref()
                .map_or_else(|| crate::t!("nav.project").into_owned(), |r| r.name.clone())
        };
        let root = if !grouped {
            row_label(&own_name(), &index.totals)
        } else {
            let name = match scope {
                RegionScope::All => crate::t!("scope.all", name = own_name()).into_owned(),
                RegionScope::Own => crate::t!("scope.own", name = own_name()).into_owned(),
                RegionScope::Region(_) => groups
                    .first()
                    .and_then(|g| g.region.as_ref())
                    .map_or_else(own_name, |r| {
                        crate::t!("scope.region", name = r.name, code = r.code).into_owned()
                    }),
            };
            row_label(&name, &scope_totals)
        };
        let mut sites = Vec::new();
        let mut rows = Vec::new();
        for group in &groups {
            let first = sites.len();
            sites.extend(group.sites.iter().filter_map(|s| site_row(index, *s)));
            let name = match (&group.region, group.own) {
                (Some(r), true) => crate::t!("scope.own_row", name = r.name, code = r.code),
                (Some(r), false) => crate::t!("scope.region", name = r.name, code = r.code),
                (None, true) => crate::t!("scope.own", name = own_name()),
                (None, false) => crate::t!("scope.unknown"),
            };
            rows.push(RegionRow {
                label: row_label(&name, &group.totals),
                sites: (first..sites.len()).collect(),
            });
        }
        Self {
            root,
            sites,
            // One region shown: its row would repeat the root's.
            regions: if grouped && rows.len() > 1 {
                rows
            } else {
                Vec::new()
            },
        }
    }
}

/// A compound's row with its buildings and floors, each labelled with its totals.
fn site_row(index: &ProjectIndex, s: usize) -> Option<SiteRow> {
    let site = index.sites.get(s)?;
    Some(SiteRow {
        index: s,
        label: row_label(&site.site.name, &site.totals),
        buildings: site
            .buildings
            .iter()
            .filter_map(|b| {
                let entry = index.buildings.get(*b)?;
                Some(BuildingRow {
                    index: *b,
                    label: row_label(&entry.building.name, &entry.totals),
                    floors: entry
                        .floors
                        .iter()
                        .filter_map(|f| {
                            let floor = index.floors.get(*f)?;
                            Some((*f, row_label(&floor.floor.name, &floor.totals)))
                        })
                        .collect(),
                })
            })
            .collect(),
    })
}

/// What the planner asked the navigator for.
#[derive(Clone, Debug, PartialEq)]
pub enum NavigatorAction {
    OpenFloor(usize),
    /// A search hit: open its floor and select its room.
    OpenRoom {
        floor: Uuid,
        room: Uuid,
    },
    Search(String),
    /// 添加院落.
    AddSite,
    /// 添加楼栋 to the compound at this index of the project index.
    AddBuilding(usize),
    /// 编辑… the compound at this index.
    EditSite(usize),
    /// 编辑… the building at this index.
    EditBuilding(usize),
    /// 添加楼层 on a building (its index).
    AddFloor(usize),
    /// A floor's context menu (the floor's index).
    Floor(usize, FloorMenu),
    /// 范围: show another scope of a provincial file.
    SetScope(RegionScope),
}

/// What a floor's context menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloorMenu {
    Rename,
    MoveUp,
    MoveDown,
    CopyTo,
    Delete,
}

/// The navigator panel's state.
#[derive(Default)]
pub struct Navigator {
    pub selected_floor: Option<usize>,
    /// The building whose branch is forced open (after a site-map click or a search).
    pub open_building: Option<usize>,
    pub query: String,
    pub hits: Vec<SearchHit>,
    tree: super::ByGeneration<NavigatorTree, (u64, RegionScope)>,
}

impl Navigator {
    /// Rebuilds the labelled tree when the index or the scope has changed; `regions` are the
    /// file's.
    pub fn refresh(
        &mut self,
        index: &ProjectIndex,
        regions: &[Region],
        scope: RegionScope,
        generation: u64,
    ) {
        self.tree.get_or_insert_with((generation, scope), || {
            NavigatorTree::build_scoped(index, regions, scope)
        });
    }

    /// The tree shown (for tests).
    pub fn tree(&self) -> Option<&NavigatorTree> {
        self.tree.last()
    }

    /// A navigator with its tree already built (by the job that opened the file: for a
    /// province it takes a fifth of a second, too long for a frame).
    pub fn with_tree(tree: NavigatorTree, generation: u64) -> Self {
        Self {
            tree: super::ByGeneration::with((generation, RegionScope::All), tree),
            ..Self::default()
        }
    }

    /// Drops the labelled tree (after a language switch).
    pub fn forget_labels(&mut self) {
        self.tree.clear();
        self.hits.clear();
    }

    /// Shows the scope choice (a file of several regions: `scopes` is not empty), the search
    /// box and the tree.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        scopes: &[(RegionScope, String)],
        scope: RegionScope,
    ) -> Option<NavigatorAction> {
        let mut action = None;
        if !scopes.is_empty() {
            if let Some(chosen) =
                super::region_scope::scope_ui(ui, "navigator_scope", scopes, scope)
            {
                action = Some(NavigatorAction::SetScope(chosen));
            }
            ui.separator();
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("nav.search").as_ref());
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text(crate::t!("nav.search_hint").as_ref())
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if edit.changed()
                || (edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                action = Some(NavigatorAction::Search(self.query.clone()));
            }
        });
        if !self.hits.is_empty() {
            ui.small(crate::t!("nav.hits", count = self.hits.len()).as_ref());
            egui::ScrollArea::vertical()
                .id_salt("hits")
                .max_height(160.0)
                .show(ui, |ui| {
                    for hit in &self.hits {
                        let kind = match hit.kind {
                            HitKind::Room => crate::t!("nav.hit_room"),
                            HitKind::Unit => crate::t!("nav.hit_unit"),
                            HitKind::Person => crate::t!("nav.hit_person"),
                        };
                        let text = format!("{} {} · {}", kind, hit.matched, hit.room_number);
                        if ui.selectable_label(false, text).clicked() {
                            action = Some(NavigatorAction::OpenRoom {
                                floor: hit.floor,
                                room: hit.room,
                            });
                        }
                    }
                });
            ui.separator();
        }
        let Some(tree) = self.tree.last() else {
            return action;
        };
        ui.horizontal(|ui| {
            ui.strong(&tree.root);
            if ui
                .small_button(crate::t!("nav.add_site").as_ref())
                .clicked()
            {
                action = Some(NavigatorAction::AddSite);
            }
        });
        egui::ScrollArea::vertical().id_salt("tree").show(ui, |ui| {
            if tree.regions.is_empty() {
                for (k, site) in tree.sites.iter().enumerate() {
                    site_ui(
                        ui,
                        site,
                        (k == 0, tree.sites.len()),
                        (self.open_building, self.selected_floor),
                        &mut action,
                    );
                }
                return;
            }
            let single = tree.regions.len() == 1;
            for (r, region) in tree.regions.iter().enumerate() {
                egui::CollapsingHeader::new(egui::RichText::new(&region.label).strong())
                    .id_salt(("region", r, &region.label))
                    .default_open(single || region.sites.len() <= 3)
                    .open(
                        self.open_building
                            .filter(|b| {
                                region.sites.iter().any(|k| {
                                    tree.sites
                                        .get(*k)
                                        .is_some_and(|s| s.buildings.iter().any(|x| x.index == *b))
                                })
                            })
                            .map(|_| true),
                    )
                    .show(ui, |ui| {
                        if region.sites.is_empty() {
                            ui.weak(crate::t!("scope.no_sites").as_ref());
                        }
                        for (k, at) in region.sites.iter().enumerate() {
                            if let Some(site) = tree.sites.get(*at) {
                                site_ui(
                                    ui,
                                    site,
                                    (single && k == 0, region.sites.len()),
                                    (self.open_building, self.selected_floor),
                                    &mut action,
                                );
                            }
                        }
                    });
            }
        });
        // Forcing a branch open is a one-frame request; afterwards the planner may close it.
        self.open_building = None;
        action
    }
}

/// A compound's row: its buttons, its buildings and their floors. `first` opens it at the
/// start; `siblings` (compounds beside it) decides whether its buildings start open.
fn site_ui(
    ui: &mut egui::Ui,
    site: &SiteRow,
    (first, siblings): (bool, usize),
    (open_building, selected_floor): (Option<usize>, Option<usize>),
    action: &mut Option<NavigatorAction>,
) {
    let s = site.index;
    let site_row = egui::CollapsingHeader::new(&site.label)
        .id_salt(("site", s))
        .default_open(first)
        .open(
            open_building
                .filter(|b| site.buildings.iter().any(|r| r.index == *b))
                .map(|_| true),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .small_button(crate::t!("nav.add_building").as_ref())
                    .clicked()
                {
                    *action = Some(NavigatorAction::AddBuilding(s));
                }
                if ui
                    .small_button(crate::t!("nav.edit").as_ref())
                    .on_hover_text(site.label.as_str())
                    .clicked()
                {
                    *action = Some(NavigatorAction::EditSite(s));
                }
            });
            for building in &site.buildings {
                let building_row = egui::CollapsingHeader::new(&building.label)
                    .id_salt(("building", building.index))
                    .default_open(first && siblings <= 10)
                    .open((open_building == Some(building.index)).then_some(true))
                    .show(ui, |ui| {
                        if ui
                            .small_button(crate::t!("nav.edit").as_ref())
                            .on_hover_text(building.label.as_str())
                            .clicked()
                        {
                            *action = Some(NavigatorAction::EditBuilding(building.index));
                        }
                        for (f, label) in &building.floors {
                            let row = ui.selectable_label(selected_floor == Some(*f), label);
                            if row.clicked() {
                                *action = Some(NavigatorAction::OpenFloor(*f));
                            }
                            if let Some(chosen) = floor_menu_ui(&row) {
                                *action = Some(NavigatorAction::Floor(*f, chosen));
                            }
                        }
                        if ui
                            .small_button(crate::t!("nav.add_floor").as_ref())
                            .clicked()
                        {
                            *action = Some(NavigatorAction::AddFloor(building.index));
                        }
                    });
                // Right-click on the row offers what its buttons do.
                if let Some(chosen) = row_menu_ui(
                    &building_row.header_response,
                    [
                        ("nav.add_floor", NavigatorAction::AddFloor(building.index)),
                        ("nav.edit", NavigatorAction::EditBuilding(building.index)),
                    ],
                ) {
                    *action = Some(chosen);
                }
            }
        });
    if let Some(chosen) = row_menu_ui(
        &site_row.header_response,
        [
            ("nav.add_building", NavigatorAction::AddBuilding(s)),
            ("nav.edit", NavigatorAction::EditSite(s)),
        ],
    ) {
        *action = Some(chosen);
    }
}

/// A compound's or building's context menu: the row's own buttons, by right-click.
fn row_menu_ui(
    row: &egui::Response,
    items: [(&str, NavigatorAction); 2],
) -> Option<NavigatorAction> {
    let mut chosen = None;
    row.context_menu(|ui| {
        for (key, item) in items {
            if ui.button(crate::t!(key).as_ref()).clicked() {
                chosen = Some(item);
                ui.close();
            }
        }
    });
    chosen
}

/// A floor row's context menu: 重命名 / 上移 / 下移 / 复制到其他楼层… / 删除….
fn floor_menu_ui(row: &egui::Response) -> Option<FloorMenu> {
    let mut chosen = None;
    row.context_menu(|ui| {
        for (item, key) in [
            (FloorMenu::Rename, "nav.floor_rename"),
            (FloorMenu::MoveUp, "nav.floor_up"),
            (FloorMenu::MoveDown, "nav.floor_down"),
            (FloorMenu::CopyTo, "nav.floor_copy"),
            (FloorMenu::Delete, "nav.floor_delete"),
        ] {
            if ui.button(crate::t!(key).as_ref()).clicked() {
                chosen = Some(item);
                ui.close();
            }
        }
    });
    chosen
}
