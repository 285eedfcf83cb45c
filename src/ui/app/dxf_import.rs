//! The DXF import dialog (文件 → 导入 DXF…): pick a drawing, choose its layers, preview the
//! rooms over the shown floor with the report and the difference, then import them as one
//! undoable edit (the edit [`crate::workspace::Workspace::preview_dxf_import`] prepares).

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::OfficeplanApp;
use crate::io::dxf::{
    DrawingUnit, DxfImport, DxfOptions, LabelSource, LayerSummary, NAME_TAG, NUMBER_TAG,
};
use crate::io::removal::Consent;
use crate::ui::overlay::ImportOverlay;
use crate::workspace::FloorImportPreview;

/// Where the dialog takes room labels from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum LabelMode {
    None,
    Text,
    #[default]
    Block,
}

/// The dialog's state.
#[derive(Default)]
pub struct DxfDialog {
    path: String,
    /// The layers of the drawing read last, and the path they are of.
    layers: Vec<LayerSummary>,
    layers_of: String,
    room_layers: BTreeSet<String>,
    hole_layers: BTreeSet<String>,
    label_mode: LabelMode,
    text_layers: BTreeSet<String>,
    block: String,
    number_tag: String,
    name_tag: String,
    /// `None`: the drawing's `$INSUNITS`, else a guess.
    units: Option<DrawingUnit>,
    /// The preview and the workspace generation it was made at.
    preview: Option<(u64, FloorImportPreview)>,
    /// The person ticked "remove them" for a preview that needs consent (see
    /// [`crate::io::removal`]); reset with every new preview.
    consent: bool,
    error: Option<String>,
}

/// A layer name looks like one of columns or shafts (柱, 井, column).
fn looks_like_holes(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.contains('柱') || name.contains('井') || lower.contains("column")
}

impl DxfDialog {
    /// A dialog with the usual room stamp's tags filled in.
    fn new() -> Self {
        Self {
            number_tag: NUMBER_TAG.to_owned(),
            name_tag: NAME_TAG.to_owned(),
            ..Self::default()
        }
    }

    /// Takes the layers of the drawing at `path` (read by a job) and guesses the choices:
    /// outlines on the layer with the most closed polylines, holes on 柱/井 layers, labels
    /// from the most inserted block, else from the layer with the most texts.
    pub(super) fn set_layers(&mut self, path: &str, read: Result<Vec<LayerSummary>, String>) {
        if path != self.path {
            // The path was changed while the drawing was read.
            return;
        }
        self.preview = None;
        match read {
            Ok(layers) => {
                self.error = None;
                self.room_layers.clear();
                self.hole_layers.clear();
                self.text_layers.clear();
                if let Some(rooms) = layers
                    .iter()
                    .filter(|l| l.closed_polylines > 0 && !looks_like_holes(&l.name))
                    .max_by_key(|l| l.closed_polylines)
                {
                    self.room_layers.insert(rooms.name.clone());
                }
                for l in layers
                    .iter()
                    .filter(|l| l.closed_polylines > 0 && looks_like_holes(&l.name))
                {
                    self.hole_layers.insert(l.name.clone());
                }
                let block = layers
                    .iter()
                    .flat_map(|l| l.inserts.iter())
                    .max_by_key(|(_, n)| *n)
                    .map(|(name, _)| name.clone());
                match block {
                    Some(b) => {
                        self.label_mode = LabelMode::Block;
                        self.block = b;
                    }
                    None => {
                        self.label_mode = LabelMode::Text;
                        if let Some(t) = layers
                            .iter()
                            .filter(|l| l.texts > 0)
                            .max_by_key(|l| l.texts)
                        {
                            self.text_layers.insert(t.name.clone());
                        }
                    }
                }
                self.layers = layers;
                self.layers_of = self.path.clone();
            }
            Err(e) => {
                self.layers.clear();
                self.error = Some(e);
            }
        }
    }

    fn options(&self) -> DxfOptions {
        DxfOptions {
            room_layers: self.room_layers.iter().cloned().collect(),
            hole_layers: self.hole_layers.iter().cloned().collect(),
            labels: match self.label_mode {
                LabelMode::None => LabelSource::None,
                LabelMode::Text => LabelSource::Text {
                    layers: self.text_layers.iter().cloned().collect(),
                },
                LabelMode::Block => LabelSource::Block {
                    name: self.block.clone(),
                    number_tag: self.number_tag.clone(),
                    name_tag: self.name_tag.clone(),
                },
            },
            units: self.units,
            ..DxfOptions::default()
        }
    }

    /// The table of layers with a checkbox per use.
    fn layers_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("dxf_layers").striped(true).show(ui, |ui| {
            ui.strong(crate::t!("dxf_dialog.layer").as_ref());
            ui.strong(crate::t!("dxf_dialog.contents").as_ref());
            ui.strong(crate::t!("dxf_dialog.rooms").as_ref());
            ui.strong(crate::t!("dxf_dialog.holes").as_ref());
            if self.label_mode == LabelMode::Text {
                ui.strong(crate::t!("dxf_dialog.texts").as_ref());
            }
            ui.end_row();
            for layer in &self.layers {
                ui.label(&layer.name);
                ui.weak(
                    crate::t!(
                        "dxf_dialog.layer_contents",
                        closed = layer.closed_polylines,
                        open = layer.open_polylines,
                        texts = layer.texts,
                        blocks = layer.inserts.iter().map(|(_, n)| n).sum::<usize>()
                    )
                    .as_ref(),
                );
                for (set, show, column) in [
                    (&mut self.room_layers, true, "dxf_dialog.rooms"),
                    (&mut self.hole_layers, true, "dxf_dialog.holes"),
                    (
                        &mut self.text_layers,
                        self.label_mode == LabelMode::Text,
                        "dxf_dialog.texts",
                    ),
                ] {
                    if !show {
                        continue;
                    }
                    let mut on = set.contains(&layer.name);
                    // The box has no text of its own: its accessible name is layer and column.
                    let name = format!("{} · {}", layer.name, crate::t!(column));
                    let response = ui.checkbox(&mut on, "");
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, name.as_str())
                    });
                    if response.changed() {
                        if on {
                            set.insert(layer.name.clone());
                        } else {
                            set.remove(&layer.name);
                        }
                    }
                }
                ui.end_row();
            }
        });
    }

    /// Label source and units.
    fn choices_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(crate::t!("dxf_dialog.labels").as_ref());
            ui.radio_value(
                &mut self.label_mode,
                LabelMode::Block,
                crate::t!("dxf_dialog.labels_block").as_ref(),
            );
            ui.radio_value(
                &mut self.label_mode,
                LabelMode::Text,
                crate::t!("dxf_dialog.labels_text").as_ref(),
            );
            ui.radio_value(
                &mut self.label_mode,
                LabelMode::None,
                crate::t!("dxf_dialog.labels_none").as_ref(),
            );
        });
        if self.label_mode == LabelMode::Block {
            let blocks: BTreeSet<String> = self
                .layers
                .iter()
                .flat_map(|l| l.inserts.iter().map(|(n, _)| n.clone()))
                .collect();
            ui.horizontal(|ui| {
                let label = ui.label(crate::t!("dxf_dialog.block").as_ref());
                egui::ComboBox::from_id_salt("dxf_block")
                    .selected_text(self.block.as_str())
                    .show_ui(ui, |ui| {
                        for b in &blocks {
                            ui.selectable_value(&mut self.block, b.clone(), b.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let label = ui.label(crate::t!("dxf_dialog.number_tag").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.number_tag).desired_width(60.0))
                    .labelled_by(label.id);
                let label = ui.label(crate::t!("dxf_dialog.name_tag").as_ref());
                ui.add(egui::TextEdit::singleline(&mut self.name_tag).desired_width(60.0))
                    .labelled_by(label.id);
            });
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::t!("dxf_dialog.units").as_ref());
            let name = |u: Option<DrawingUnit>| match u {
                None => crate::t!("dxf_dialog.units_auto").into_owned(),
                Some(u) => u.code().to_owned(),
            };
            egui::ComboBox::from_id_salt("dxf_units")
                .selected_text(name(self.units))
                .show_ui(ui, |ui| {
                    for u in std::iter::once(None).chain(DrawingUnit::ALL.map(Some)) {
                        ui.selectable_value(&mut self.units, u, name(u));
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }
}

impl OfficeplanApp {
    /// Opens the import dialog for the shown floor.
    pub(super) fn open_dxf_dialog(&mut self) {
        self.dxf_dialog = Some(DxfDialog::new());
    }

    /// The preview's report and difference lines, if a preview is shown (for tests).
    pub fn dxf_preview_lines(&self) -> Vec<String> {
        self.dxf_dialog
            .as_ref()
            .and_then(|d| d.preview.as_ref())
            .map(|(_, p)| {
                let mut lines = p.import.report.lines();
                lines.extend(p.diff.lines());
                lines
            })
            .unwrap_or_default()
    }

    pub(super) fn dxf_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.dxf_dialog else {
            return;
        };
        // A preview is of the floor it was made for: another floor shown drops it.
        let shown = self.plan.as_ref().map(|p| p.floor);
        if dialog
            .preview
            .as_ref()
            .is_some_and(|(_, p)| Some(p.floor()) != shown)
        {
            dialog.preview = None;
            self.canvas.overlay = None;
        }
        let mut open = true;
        let (mut preview, mut import, mut cancel) = (false, false, false);
        let mut read_layers = false;
        egui::Window::new(crate::t!("dxf_dialog.title").as_ref())
            // Beside the navigator, clear of the menu bar.
            .default_pos(egui::pos2(380.0, 70.0))
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("dialog.path").as_ref());
                    ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(320.0))
                        .labelled_by(label.id);
                    if ui.button(crate::t!("dialog.browse").as_ref()).clicked()
                        && let Some(p) = rfd::FileDialog::new()
                            .add_filter("DXF", &["dxf"])
                            .pick_file()
                    {
                        dialog.path = p.display().to_string();
                        read_layers = true;
                    }
                    if ui
                        .button(crate::t!("dxf_dialog.read_layers").as_ref())
                        .clicked()
                    {
                        read_layers = true;
                    }
                });
                if !dialog.layers.is_empty() && dialog.layers_of == dialog.path {
                    egui::ScrollArea::vertical()
                        .id_salt("dxf_layers_scroll")
                        .max_height(220.0)
                        .show(ui, |ui| dialog.layers_ui(ui));
                    dialog.choices_ui(ui);
                }
                if let Some(e) = &dialog.error {
                    ui.colored_label(egui::Color32::from_rgb(190, 30, 30), e);
                }
                if let Some((_, p)) = &dialog.preview {
                    ui.separator();
                    for line in p.import.report.lines().iter().chain(&p.diff.lines()) {
                        ui.label(line);
                    }
                    if let Some(removal) = &p.removal {
                        // Ask before a large removal: the import button waits for the tick.
                        ui.colored_label(egui::Color32::from_rgb(190, 30, 30), removal.message());
                        ui.checkbox(
                            &mut dialog.consent,
                            crate::t!("dxf_dialog.confirm_removal").as_ref(),
                        );
                    }
                }
                ui.horizontal(|ui| {
                    let ready = !dialog.room_layers.is_empty() && dialog.layers_of == dialog.path;
                    preview = ui
                        .add_enabled(
                            ready,
                            egui::Button::new(crate::t!("dxf_dialog.preview").as_ref()),
                        )
                        .clicked();
                    let confirmed = dialog
                        .preview
                        .as_ref()
                        .is_some_and(|(_, p)| p.removal.is_none() || dialog.consent);
                    import = ui
                        .add_enabled(
                            confirmed,
                            egui::Button::new(crate::t!("dxf_dialog.import").as_ref()),
                        )
                        .clicked();
                    cancel = ui.button(crate::t!("dialog.cancel").as_ref()).clicked();
                });
            });
        if !open || cancel {
            self.dxf_dialog = None;
            self.canvas.overlay = None;
            return;
        }
        if read_layers {
            let path = dialog.path.clone();
            self.start_dxf_layers(path);
        }
        if preview {
            self.preview_dxf();
        }
        if import {
            self.import_dxf();
        }
    }

    /// Reads the drawing with the dialog's choices (a job), then compares it with the shown
    /// floor ([`Self::show_dxf_preview`]).
    fn preview_dxf(&mut self) {
        let (Some(dialog), Some(plan)) = (&self.dxf_dialog, &self.plan) else {
            return;
        };
        let path = PathBuf::from(dialog.path.trim());
        let (floor, options) = (plan.floor, dialog.options());
        self.start_dxf_read(floor, path, options);
    }

    /// A drawing read for `floor`, compared with the floor's rooms as they are now (only if the
    /// dialog is still open on that floor).
    pub(super) fn show_dxf_preview(
        &mut self,
        floor: crate::model::Uuid,
        path: &std::path::Path,
        import: Result<DxfImport, String>,
    ) {
        let (Some(dialog), Some(w), Some(plan)) =
            (&mut self.dxf_dialog, &mut self.workspace, &self.plan)
        else {
            return;
        };
        if plan.floor != floor {
            return;
        }
        // The comparison is made here, against the floor as it is now, so a change made while
        // the drawing was read is never undone by the import.
        let preview = import.and_then(|i| {
            w.preview_read_dxf(&floor, path, i)
                .map_err(|e| e.to_string())
        });
        match preview {
            Ok(p) => {
                self.canvas.overlay = Some(ImportOverlay::of(&p.import));
                dialog.preview = Some((w.generation(), p));
                dialog.consent = false;
                dialog.error = None;
            }
            Err(e) => {
                self.canvas.overlay = None;
                dialog.preview = None;
                dialog.error = Some(e);
            }
        }
    }

    /// Applies the previewed import (one undoable step) and closes the dialog.
    fn import_dxf(&mut self) {
        let generation = self.workspace.as_ref().map(|w| w.generation());
        let Some((made_at, preview, consent)) = self
            .dxf_dialog
            .as_mut()
            .and_then(|d| d.preview.take().map(|(at, p)| (at, p, d.consent)))
        else {
            return;
        };
        if Some(made_at) != generation {
            // The floor changed since the preview: its edit would undo those changes.
            if let Some(d) = &mut self.dxf_dialog {
                d.error = Some(crate::t!("dxf_dialog.stale").into_owned());
            }
            self.canvas.overlay = None;
            return;
        }
        match preview.into_edit(Consent::from_flag(consent)) {
            Ok(edit) => {
                self.dxf_dialog = None;
                self.canvas.overlay = None;
                self.apply(edit);
            }
            Err(refused) => {
                if let Some(d) = &mut self.dxf_dialog {
                    d.error = Some(refused.message());
                }
                self.canvas.overlay = None;
            }
        }
    }
}
