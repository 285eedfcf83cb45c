//! The navigator: 院落 / 楼栋 / 楼层 with room counts and areas.

use crate::analysis::area::round_m2;
use crate::store::ProjectIndex;

/// The navigator panel's state: which floor is chosen.
#[derive(Default)]
pub struct Navigator {
    pub selected_floor: Option<usize>,
}

impl Navigator {
    /// Shows the tree; a click on a floor selects it.
    pub fn ui(&mut self, ui: &mut egui::Ui, index: &ProjectIndex) {
        if let Some(region) = &index.region {
            ui.strong(&region.name);
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (s, site) in index.sites.iter().enumerate() {
                egui::CollapsingHeader::new(&site.site.name)
                    .id_salt(("site", s))
                    .default_open(true)
                    .show(ui, |ui| {
                        for b in &site.buildings {
                            let Some(building) = index.buildings.get(*b) else {
                                continue;
                            };
                            egui::CollapsingHeader::new(&building.building.name)
                                .id_salt(("building", *b))
                                .default_open(s == 0)
                                .show(ui, |ui| {
                                    for f in &building.floors {
                                        let Some(floor) = index.floors.get(*f) else {
                                            continue;
                                        };
                                        let total = floor.totals.total();
                                        let label = crate::t!(
                                            "nav.floor",
                                            floor = floor.floor.name,
                                            rooms = total.rooms,
                                            area = format!("{:.2}", round_m2(total.area_m2))
                                        );
                                        if ui
                                            .selectable_label(
                                                self.selected_floor == Some(*f),
                                                label.as_ref(),
                                            )
                                            .clicked()
                                        {
                                            self.selected_floor = Some(*f);
                                        }
                                    }
                                });
                        }
                    });
            }
        });
    }
}
