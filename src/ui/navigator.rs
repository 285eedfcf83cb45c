//! The navigator: 行政区划 / 院落 / 楼栋 / 楼层 with room counts and areas, and a search box
//! (room number, unit name, person name) that jumps to the hit.
//!
//! The tree's rows are built once per index ([`NavigatorTree::build`]) so that a frame only
//! shows the rows of open branches: a province of 40,000 floors stays responsive.

use crate::analysis::AreaBasis;
use crate::analysis::area::format_area;
use crate::model::Uuid;
use crate::store::{HitKind, ProjectIndex, SearchHit};

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
    pub label: String,
    pub buildings: Vec<BuildingRow>,
}

/// The labelled tree of a project index.
#[derive(Clone, Debug, Default)]
pub struct NavigatorTree {
    pub root: String,
    pub sites: Vec<SiteRow>,
}

impl NavigatorTree {
    /// Labels every site, building and floor with its room count and 使用面积.
    pub fn build(index: &ProjectIndex) -> Self {
        let label = |name: &str, totals: &crate::analysis::CategoryStatusTotals| {
            let total = totals.total();
            crate::t!(
                "nav.row",
                name = name,
                rooms = total.rooms,
                area = format_area(total.area_m2, AreaBasis::Usable)
            )
            .into_owned()
        };
        let root = match &index.region {
            Some(region) => label(&region.name, &index.totals),
            None => label(&crate::t!("nav.project"), &index.totals),
        };
        let sites = index
            .sites
            .iter()
            .map(|site| SiteRow {
                label: label(&site.site.name, &site.totals),
                buildings: site
                    .buildings
                    .iter()
                    .filter_map(|b| {
                        let entry = index.buildings.get(*b)?;
                        Some(BuildingRow {
                            index: *b,
                            label: label(&entry.building.name, &entry.totals),
                            floors: entry
                                .floors
                                .iter()
                                .filter_map(|f| {
                                    let floor = index.floors.get(*f)?;
                                    Some((*f, label(&floor.floor.name, &floor.totals)))
                                })
                                .collect(),
                        })
                    })
                    .collect(),
            })
            .collect();
        Self { root, sites }
    }
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
    tree: super::ByGeneration<NavigatorTree>,
}

impl Navigator {
    /// Rebuilds the labelled tree when the index has changed.
    pub fn refresh(&mut self, index: &ProjectIndex, generation: u64) {
        self.tree
            .get_or_insert_with(generation, || NavigatorTree::build(index));
    }

    /// A navigator with its tree already built (by the job that opened the file: for a
    /// province it takes a fifth of a second, too long for a frame).
    pub fn with_tree(tree: NavigatorTree, generation: u64) -> Self {
        Self {
            tree: super::ByGeneration::with(generation, tree),
            ..Self::default()
        }
    }

    /// Drops the labelled tree (after a language switch).
    pub fn forget_labels(&mut self) {
        self.tree.clear();
        self.hits.clear();
    }

    /// Shows the search box and the tree.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<NavigatorAction> {
        let mut action = None;
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
            for (s, site) in tree.sites.iter().enumerate() {
                let site_row = egui::CollapsingHeader::new(&site.label)
                    .id_salt(("site", s))
                    .default_open(s == 0)
                    .open(
                        self.open_building
                            .filter(|b| site.buildings.iter().any(|r| r.index == *b))
                            .map(|_| true),
                    )
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            if ui
                                .small_button(crate::t!("nav.add_building").as_ref())
                                .clicked()
                            {
                                action = Some(NavigatorAction::AddBuilding(s));
                            }
                            if ui
                                .small_button(crate::t!("nav.edit").as_ref())
                                .on_hover_text(site.label.as_str())
                                .clicked()
                            {
                                action = Some(NavigatorAction::EditSite(s));
                            }
                        });
                        for building in &site.buildings {
                            let building_row = egui::CollapsingHeader::new(&building.label)
                                .id_salt(("building", building.index))
                                .default_open(s == 0 && tree.sites.len() <= 10)
                                .open((self.open_building == Some(building.index)).then_some(true))
                                .show(ui, |ui| {
                                    if ui
                                        .small_button(crate::t!("nav.edit").as_ref())
                                        .on_hover_text(building.label.as_str())
                                        .clicked()
                                    {
                                        action =
                                            Some(NavigatorAction::EditBuilding(building.index));
                                    }
                                    for (f, label) in &building.floors {
                                        let row = ui.selectable_label(
                                            self.selected_floor == Some(*f),
                                            label,
                                        );
                                        if row.clicked() {
                                            action = Some(NavigatorAction::OpenFloor(*f));
                                        }
                                        if let Some(chosen) = floor_menu_ui(&row) {
                                            action = Some(NavigatorAction::Floor(*f, chosen));
                                        }
                                    }
                                    if ui
                                        .small_button(crate::t!("nav.add_floor").as_ref())
                                        .clicked()
                                    {
                                        action = Some(NavigatorAction::AddFloor(building.index));
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
                                action = Some(chosen);
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
                    action = Some(chosen);
                }
            }
        });
        // Forcing a branch open is a one-frame request; afterwards the planner may close it.
        self.open_building = None;
        action
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
