//! The DXF import dialog (文件 → 导入 DXF…) as a struct that owns its state and returns
//! actions: the drawing and its layers, the label source and units, the floor the rooms go
//! to (the shown one, or a new floor created by the import), the new rooms' default status
//! and category, and the editable name rules that recognise corridors, toilets and plant
//! rooms (see [`crate::io::dxf::name_rules`]). Reading, comparing and writing are the app's
//! (`ui/app/dxf_import.rs`).

use std::collections::BTreeSet;

use crate::io::dxf::{
    DrawingUnit, DxfOptions, LabelSource, LayerGuess, LayerSummary, NAME_TAG, NUMBER_TAG, NameRules,
};
use crate::model::{RoomCategory, RoomStatus, Uuid};
use crate::workspace::FloorImportPreview;

mod candidates;
mod options;
mod request;

pub use candidates::{CandidatePanel, PanelChange};
pub use request::{Dropped, PreviewRequest};

/// Where the dialog takes room labels from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum LabelMode {
    None,
    Text,
    #[default]
    Block,
}

/// Which floor the rooms go to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DxfTarget {
    /// The floor shown in the plan.
    #[default]
    Shown,
    /// A floor the building does not have yet, created by the import (新楼层).
    NewFloor,
}

/// What the person asked the dialog for in a frame; the app carries it out.
#[derive(Clone, Debug, PartialEq)]
pub enum DxfAction {
    /// Read the layers of the drawing at this path (a job).
    ReadLayers(String),
    /// Read the drawing with the dialog's choices and compare it with the target floor.
    Preview,
    /// Write the previewed rooms.
    Import,
    /// The candidate choices changed: compare the rooms they give with the floor again.
    Rechoose,
    /// Stop the preview being read (停止预览).
    StopPreview,
    /// The dialog was closed or cancelled.
    Close,
}

/// The floor a new-floor import creates, as typed in the dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct NewFloor {
    pub uuid: Uuid,
    pub building: Uuid,
    pub name: String,
    pub level: i32,
    /// A building the import creates first (新楼栋): its compound and name.
    pub new_building: Option<(Uuid, String)>,
}

/// The egui memory key of the name rules' text: kept across dialogs and sessions (eframe
/// persists egui's memory), so a county's own list is typed once.
const RULES_KEY: &str = "dxf_name_rules";

/// The dialog's state.
pub struct DxfDialog {
    pub path: String,
    /// The layers of the drawing read last, and the path they are of.
    layers: Vec<LayerSummary>,
    layers_of: String,
    room_layers: BTreeSet<String>,
    hole_layers: BTreeSet<String>,
    /// Layers of wall lines whose enclosed faces are rooms, and the widest door closed.
    wall_layers: BTreeSet<String>,
    door_width_m: f64,
    label_mode: LabelMode,
    text_layers: BTreeSet<String>,
    block: String,
    number_tag: String,
    name_tag: String,
    /// `None`: the drawing's `$INSUNITS`, else a guess.
    units: Option<DrawingUnit>,
    /// The preview and the workspace generation it was made at.
    pub preview: Option<(u64, FloorImportPreview)>,
    /// The candidate faces of a drawing read from walls (issue 17), with the planner's
    /// choices; the preview is of the rooms they give.
    pub candidates: Option<CandidatePanel>,
    /// The floor and drawing the preview was read for (to compare again after a choice).
    pub read_of: Option<(Uuid, std::path::PathBuf)>,
    /// The request of the preview shown (its choices), and of the read under way (a job).
    pub read_with: Option<PreviewRequest>,
    pub reading: Option<PreviewRequest>,
    /// Said once under the buttons (a preview dropped because the choices changed).
    pub note: Option<String>,
    /// The person ticked "remove them" for a preview that needs consent (see
    /// [`crate::io::removal`]); reset with every new preview.
    pub consent: bool,
    pub error: Option<String>,
    pub target: DxfTarget,
    /// Whether a floor is shown (else only a new floor can be the target).
    has_shown_floor: bool,
    /// The building a new floor is added to, its name and level (typed), and the UUID it
    /// will have (fixed for the dialog, so a preview is of that floor).
    building: Option<Uuid>,
    /// 新楼栋: the import creates the building too, in this compound, with this name and
    /// UUID (fixed for the dialog).
    new_building: bool,
    new_building_name: String,
    new_building_site: Option<Uuid>,
    new_building_uuid: Uuid,
    floor_name: String,
    floor_level: String,
    new_floor_uuid: Uuid,
    default_category: RoomCategory,
    default_status: RoomStatus,
    /// The name rules as the person edits them, and why they are refused if they are.
    rules_text: String,
    rules_error: Option<String>,
    /// The rules of an earlier dialog were taken from egui's memory (on the first frame).
    rules_loaded: bool,
}

impl DxfDialog {
    /// A dialog with the usual room stamp's tags filled in, importing into the shown floor
    /// if there is one, else into a new floor of `building`; the name rules as last edited.
    pub fn new(shown_floor: bool, building: Option<Uuid>) -> Self {
        Self {
            number_tag: NUMBER_TAG.to_owned(),
            name_tag: NAME_TAG.to_owned(),
            target: if shown_floor {
                DxfTarget::Shown
            } else {
                DxfTarget::NewFloor
            },
            has_shown_floor: shown_floor,
            new_building: building.is_none(),
            new_building_name: String::new(),
            new_building_site: None,
            new_building_uuid: Uuid::now_v7(),
            building,
            new_floor_uuid: Uuid::now_v7(),
            default_category: RoomCategory::Office,
            default_status: RoomStatus::InUse,
            rules_text: NameRules::default().to_text(),
            path: String::new(),
            layers: Vec::new(),
            layers_of: String::new(),
            room_layers: BTreeSet::new(),
            hole_layers: BTreeSet::new(),
            wall_layers: BTreeSet::new(),
            door_width_m: crate::io::dxf::walls::DEFAULT_DOOR_WIDTH_M,
            label_mode: LabelMode::default(),
            text_layers: BTreeSet::new(),
            block: String::new(),
            units: None,
            preview: None,
            candidates: None,
            read_of: None,
            read_with: None,
            reading: None,
            note: None,
            consent: false,
            error: None,
            floor_name: String::new(),
            floor_level: String::new(),
            rules_error: None,
            rules_loaded: false,
        }
    }

    /// The floor a new-floor import creates, or why it cannot be created: no building, no
    /// name, a level that is not a whole number.
    pub fn new_floor(&self) -> Result<NewFloor, String> {
        let (building, new_building) = if self.new_building {
            let name = self.new_building_name.trim();
            if name.is_empty() {
                return Err(crate::t!("dxf_dialog.building_name_missing").into_owned());
            }
            let site = self
                .new_building_site
                .ok_or_else(|| crate::t!("dxf_dialog.no_site").into_owned())?;
            (self.new_building_uuid, Some((site, name.to_owned())))
        } else {
            let building = self
                .building
                .ok_or_else(|| crate::t!("dxf_dialog.no_building").into_owned())?;
            (building, None)
        };
        let name = self.floor_name.trim();
        if name.is_empty() {
            return Err(crate::t!("dxf_dialog.floor_name_missing").into_owned());
        }
        let level = self.floor_level.trim().parse::<i32>().map_err(|_| {
            crate::t!("dxf_dialog.floor_level_bad", text = self.floor_level.trim()).into_owned()
        })?;
        Ok(NewFloor {
            uuid: self.new_floor_uuid,
            building,
            name: name.to_owned(),
            level,
            new_building,
        })
    }

    /// The UUID the new floor will have (a preview for it is of this floor).
    pub fn new_floor_uuid(&self) -> Uuid {
        self.new_floor_uuid
    }

    /// Takes the layers of the drawing at `path` (read by a job) with the choices proposed
    /// for them ([`crate::io::dxf::layer_guess`]).
    pub fn set_layers(
        &mut self,
        path: &str,
        read: Result<(Vec<LayerSummary>, LayerGuess), String>,
    ) {
        if path != self.path {
            // The path was changed while the drawing was read.
            return;
        }
        self.preview = None;
        self.note = None;
        match read {
            Ok((layers, guess)) => {
                self.error = None;
                self.room_layers = guess.room_layers.into_iter().collect();
                self.hole_layers = guess.hole_layers.into_iter().collect();
                self.wall_layers = guess.wall_layers.into_iter().collect();
                self.text_layers.clear();
                match guess.labels {
                    LabelSource::None => self.label_mode = LabelMode::None,
                    LabelSource::Text { layers } => {
                        self.label_mode = LabelMode::Text;
                        self.text_layers = layers.into_iter().collect();
                    }
                    LabelSource::Block {
                        name,
                        number_tag,
                        name_tag,
                    } => {
                        self.label_mode = LabelMode::Block;
                        self.block = name;
                        self.number_tag = number_tag;
                        self.name_tag = name_tag;
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

    /// The import options of the dialog's choices; refused while the name rules are.
    pub fn options(&self) -> Result<DxfOptions, String> {
        let name_rules = NameRules::parse(&self.rules_text).map_err(|e| e.to_string())?;
        Ok(DxfOptions {
            room_layers: self.room_layers.iter().cloned().collect(),
            hole_layers: self.hole_layers.iter().cloned().collect(),
            wall_layers: self.wall_layers.iter().cloned().collect(),
            door_width_m: self.door_width_m,
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
            default_category: self.default_category,
            default_status: self.default_status,
            name_rules,
            ..DxfOptions::default()
        })
    }

    /// The table of layers with a checkbox per use.
    fn layers_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("dxf_layers").striped(true).show(ui, |ui| {
            ui.strong(crate::t!("dxf_dialog.layer").as_ref());
            ui.strong(crate::t!("dxf_dialog.contents").as_ref());
            ui.strong(crate::t!("dxf_dialog.rooms").as_ref());
            ui.strong(crate::t!("dxf_dialog.holes").as_ref());
            ui.strong(crate::t!("dxf_dialog.walls").as_ref());
            if self.label_mode == LabelMode::Text {
                ui.strong(crate::t!("dxf_dialog.texts").as_ref());
            }
            ui.end_row();
            for layer in &self.layers {
                match layer.state_key() {
                    // A frozen or switched-off layer: CAD does not show it; said beside
                    // the name and not chosen by default.
                    Some(key) => {
                        ui.weak(format!("{}（{}）", layer.name, crate::t!(key)));
                    }
                    None => {
                        ui.label(&layer.name);
                    }
                }
                ui.weak(
                    crate::t!(
                        "dxf_dialog.layer_contents",
                        closed = layer.closed_polylines,
                        open = layer.open_polylines,
                        lines = layer.lines + layer.arcs,
                        hatches = layer.hatches,
                        texts = layer.texts,
                        blocks = layer.inserts.iter().map(|(_, n)| n).sum::<usize>()
                    )
                    .as_ref(),
                );
                for (set, show, column) in [
                    (&mut self.room_layers, true, "dxf_dialog.rooms"),
                    (&mut self.hole_layers, true, "dxf_dialog.holes"),
                    (&mut self.wall_layers, true, "dxf_dialog.walls"),
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
            if !self.wall_layers.is_empty() {
                let label = ui.label(crate::t!("dxf_dialog.door_width").as_ref());
                ui.add(
                    egui::DragValue::new(&mut self.door_width_m)
                        .range(0.3..=3.0)
                        .speed(0.05)
                        .suffix(" m"),
                )
                .labelled_by(label.id)
                .on_hover_text(crate::t!("cli_help.door_width").as_ref());
            }
        });
    }
}

impl DxfDialog {
    /// The dialog's window; `buildings` are the file's buildings (UUID, name) a new floor
    /// can go to, `sites` the compounds a new building can stand in, `reading` how far the
    /// preview's job is (fraction, seconds) while it runs. Returns what the person asked for.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        buildings: &[(Uuid, String)],
        sites: &[(Uuid, String)],
        reading: Option<(f32, u64)>,
    ) -> Option<DxfAction> {
        if !self.rules_loaded {
            self.rules_loaded = true;
            if let Some(text) =
                ctx.data_mut(|d| d.get_persisted::<String>(egui::Id::unique(RULES_KEY)))
            {
                self.rules_error = NameRules::parse(&text).err().map(|e| e.to_string());
                self.rules_text = text;
            }
        }
        let mut open = true;
        let mut action = None;
        // The title says where the rooms go; the window keeps one id (place and size) for both.
        let title = match self.target {
            DxfTarget::Shown => crate::t!("dxf_dialog.title"),
            DxfTarget::NewFloor => crate::t!("dxf_candidates.title_new_floor"),
        };
        egui::Window::new(title.as_ref())
            .id(egui::Id::unique("dxf_import_dialog"))
            // Beside the navigator, clear of the menu bar.
            .default_pos(egui::pos2(380.0, 70.0))
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("dialog.path").as_ref());
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(320.0))
                        .labelled_by(label.id);
                    let mut read = false;
                    if ui.button(crate::t!("dialog.browse").as_ref()).clicked()
                        && let Some(p) = rfd::FileDialog::new()
                            .add_filter("DXF", &["dxf"])
                            .pick_file()
                    {
                        self.path = p.display().to_string();
                        read = true;
                    }
                    if ui
                        .button(crate::t!("dxf_dialog.read_layers").as_ref())
                        .clicked()
                    {
                        read = true;
                    }
                    if read {
                        match self.checked_path() {
                            Ok(_) => action = Some(DxfAction::ReadLayers(self.path.clone())),
                            Err(why) => {
                                self.layers.clear();
                                self.preview = None;
                                self.candidates = None;
                                self.error = Some(why);
                            }
                        }
                    }
                });
                let before = (self.target, self.default_category, self.default_status);
                self.target_ui(ui, buildings, sites);
                if !self.layers.is_empty() && self.layers_of == self.path {
                    egui::ScrollArea::vertical()
                        .id_salt("dxf_layers_scroll")
                        .max_height(220.0)
                        .show(ui, |ui| self.layers_ui(ui));
                    self.choices_ui(ui);
                    self.defaults_ui(ui);
                }
                if before != (self.target, self.default_category, self.default_status) {
                    // A preview is of one target and one set of defaults.
                    self.preview = None;
                }
                if let Some(e) = &self.error {
                    ui.colored_label(egui::Color32::from_rgb(190, 30, 30), e);
                }
                if let Some(note) = &self.note {
                    ui.weak(note);
                }
                if self.reading.is_some()
                    && let Some((fraction, seconds)) = reading
                {
                    // The job runs on its own thread: the dialog stays usable meanwhile.
                    ui.label(crate::t!("dxf_view.previewing").as_ref());
                    ui.horizontal(|ui| {
                        ui.add(crate::ui::status_bar::job_progress_bar(fraction, seconds));
                        if ui.button(crate::t!("dxf_view.stop").as_ref()).clicked() {
                            action = Some(DxfAction::StopPreview);
                        }
                    });
                }
                if let Some((_, p)) = &self.preview {
                    ui.separator();
                    let report = p.import.report.lines();
                    if self.candidates.is_some() {
                        // With candidates to decide on, the report folds away but for the
                        // rooms' total and the comparison with the floor.
                        // The rooms' total and the comparison's counts stay in view; the
                        // numbers it lists (a candidate each) fold away with the report.
                        let diff = p.diff.lines();
                        if let Some(rooms) = report.get(1) {
                            ui.label(rooms);
                        }
                        if let Some(counts) = diff.first() {
                            ui.label(counts);
                        }
                        let folded: Vec<&String> =
                            report.iter().chain(diff.iter().skip(1)).collect();
                        egui::CollapsingHeader::new(
                            crate::t!("dxf_candidates.report", count = folded.len()).as_ref(),
                        )
                        .id_salt("dxf_report")
                        .show(ui, |ui| {
                            for line in folded {
                                ui.label(line);
                            }
                        });
                    } else {
                        for line in report.iter().chain(&p.diff.lines()) {
                            ui.label(line);
                        }
                    }
                    if let Some(panel) = &mut self.candidates
                        && panel.ui(ui) == PanelChange::Resolved
                    {
                        action = Some(DxfAction::Rechoose);
                    }
                    if let Some(removal) = &p.removal {
                        // Ask before a large removal: the import button waits for the tick.
                        ui.colored_label(egui::Color32::from_rgb(190, 30, 30), removal.message());
                        ui.checkbox(
                            &mut self.consent,
                            crate::t!("dxf_dialog.confirm_removal").as_ref(),
                        );
                    }
                }
                ui.horizontal(|ui| {
                    let target_ready = match self.target {
                        DxfTarget::Shown => self.has_shown_floor,
                        DxfTarget::NewFloor => self.new_floor().is_ok(),
                    };
                    let ready = (!self.room_layers.is_empty() || !self.wall_layers.is_empty())
                        && self.layers_of == self.path
                        && target_ready
                        && self.rules_error.is_none();
                    let mut preview = ui.add_enabled(
                        ready,
                        egui::Button::new(crate::t!("dxf_dialog.preview").as_ref()),
                    );
                    if self.target == DxfTarget::NewFloor
                        && let Err(why) = self.new_floor()
                    {
                        preview = preview.on_disabled_hover_text(why);
                    }
                    if preview.clicked() {
                        action = Some(DxfAction::Preview);
                    }
                    // A refused number typed for a candidate is shown, not imported.
                    let confirmed = self
                        .preview
                        .as_ref()
                        .is_some_and(|(_, p)| p.removal.is_none() || self.consent)
                        && self.candidates.as_ref().is_none_or(|c| !c.blocked);
                    if ui
                        .add_enabled(
                            confirmed,
                            egui::Button::new(crate::t!("dxf_dialog.import").as_ref()),
                        )
                        .clicked()
                    {
                        action = Some(DxfAction::Import);
                    }
                    if ui.button(crate::t!("dialog.cancel").as_ref()).clicked() {
                        action = Some(DxfAction::Close);
                    }
                });
            });
        if !open {
            return Some(DxfAction::Close);
        }
        action
    }
}
