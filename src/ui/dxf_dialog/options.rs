//! The import options of the DXF dialog: where the rooms go (the shown floor or a new one)
//! and what the new rooms are (default status and category, the name rules).

use super::{DxfDialog, DxfTarget, RULES_KEY};
use crate::io::dxf::NameRules;
use crate::model::{Coded as _, RoomCategory, RoomStatus, Uuid};

impl DxfDialog {
    /// Where the rooms go: the shown floor, or a new floor of a building with its name and
    /// level.
    pub(super) fn target_ui(
        &mut self,
        ui: &mut egui::Ui,
        buildings: &[(Uuid, String)],
        sites: &[(Uuid, String)],
    ) {
        ui.horizontal(|ui| {
            ui.label(crate::t!("dxf_dialog.target").as_ref());
            ui.add_enabled_ui(self.has_shown_floor, |ui| {
                ui.radio_value(
                    &mut self.target,
                    DxfTarget::Shown,
                    crate::t!("dxf_dialog.target_shown").as_ref(),
                );
            });
            ui.radio_value(
                &mut self.target,
                DxfTarget::NewFloor,
                crate::t!("dxf_dialog.target_new").as_ref(),
            );
        });
        if self.target != DxfTarget::NewFloor {
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("dxf_dialog.building").as_ref());
            let name = |uuid: Option<Uuid>| {
                buildings
                    .iter()
                    .find(|(b, _)| Some(*b) == uuid)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default()
            };
            let new_label = crate::t!("dxf_dialog.new_building").into_owned();
            let shown = if self.new_building {
                new_label.clone()
            } else {
                name(self.building)
            };
            egui::ComboBox::from_id_salt("dxf_building")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (uuid, n) in buildings {
                        if ui
                            .selectable_label(
                                !self.new_building && self.building == Some(*uuid),
                                n.as_str(),
                            )
                            .clicked()
                        {
                            self.building = Some(*uuid);
                            self.new_building = false;
                        }
                    }
                    // The building can come with the drawing: it is created first.
                    if ui
                        .selectable_label(self.new_building, new_label.as_str())
                        .clicked()
                    {
                        self.new_building = true;
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(crate::t!("dxf_dialog.floor_name").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.floor_name).desired_width(60.0))
                .labelled_by(label.id);
            let label = ui.label(crate::t!("dxf_dialog.floor_level").as_ref());
            ui.add(egui::TextEdit::singleline(&mut self.floor_level).desired_width(40.0))
                .labelled_by(label.id)
                .on_hover_text(crate::t!("dxf_dialog.floor_level_help").as_ref());
        });
        if self.new_building {
            if self.new_building_site.is_none() {
                self.new_building_site = sites.first().map(|(u, _)| *u);
            }
            ui.horizontal(|ui| {
                let label = ui.label(crate::t!("dxf_dialog.new_building_name").as_ref());
                ui.add(
                    egui::TextEdit::singleline(&mut self.new_building_name).desired_width(160.0),
                )
                .labelled_by(label.id);
                let label = ui.label(crate::t!("dxf_dialog.new_building_site").as_ref());
                let site_name = sites
                    .iter()
                    .find(|(u, _)| Some(*u) == self.new_building_site)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                egui::ComboBox::from_id_salt("dxf_building_site")
                    .selected_text(site_name)
                    .show_ui(ui, |ui| {
                        for (uuid, n) in sites {
                            ui.selectable_value(
                                &mut self.new_building_site,
                                Some(*uuid),
                                n.as_str(),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
        }
    }

    /// The new rooms' status and category, and the name rules that recognise corridors,
    /// toilets and plant rooms.
    pub(super) fn defaults_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("dxf_dialog.default_status").as_ref());
            egui::ComboBox::from_id_salt("dxf_status")
                .selected_text(crate::labels::status(self.default_status))
                .show_ui(ui, |ui| {
                    for s in RoomStatus::ALL {
                        ui.selectable_value(
                            &mut self.default_status,
                            *s,
                            crate::labels::status(*s),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(crate::t!("dxf_dialog.default_category").as_ref());
            egui::ComboBox::from_id_salt("dxf_category")
                .selected_text(crate::labels::category(self.default_category))
                .show_ui(ui, |ui| {
                    for c in RoomCategory::ALL {
                        ui.selectable_value(
                            &mut self.default_category,
                            *c,
                            crate::labels::category(*c),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
        });
        egui::CollapsingHeader::new(crate::t!("dxf_dialog.rules").as_ref())
            .id_salt("dxf_rules")
            .show(ui, |ui| {
                ui.weak(crate::t!("dxf_dialog.rules_help").as_ref());
                let label = ui.label(crate::t!("dxf_dialog.rules_list").as_ref());
                let response = egui::ScrollArea::vertical()
                    .id_salt("dxf_rules_scroll")
                    .max_height(140.0)
                    .show(ui, |ui| {
                        ui.add(
                            egui::TextEdit::multiline(&mut self.rules_text)
                                .desired_rows(6)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id)
                    })
                    .inner;
                if response.changed() {
                    self.rules_error = NameRules::parse(&self.rules_text)
                        .err()
                        .map(|e| e.to_string());
                    let text = self.rules_text.clone();
                    ui.ctx()
                        .data_mut(|d| d.insert_persisted(egui::Id::unique(RULES_KEY), text));
                    // The preview was made with the old rules.
                    self.preview = None;
                }
                if ui
                    .button(crate::t!("dxf_dialog.rules_reset").as_ref())
                    .clicked()
                {
                    self.rules_text = NameRules::default().to_text();
                    self.rules_error = None;
                    ui.ctx()
                        .data_mut(|d| d.remove::<String>(egui::Id::unique(RULES_KEY)));
                    self.preview = None;
                }
            });
        if let Some(e) = &self.rules_error {
            ui.colored_label(egui::Color32::from_rgb(190, 30, 30), e);
        }
    }
}
