//! The DXF import dialog's part of the app (文件 → 导入 DXF…): the dialog itself is
//! [`crate::ui::dxf_dialog::DxfDialog`]; here its actions are carried out: read the layers and
//! the drawing (jobs), preview the rooms over the shown floor with the report and the
//! difference, then import them as one undoable edit (the edit
//! [`crate::workspace::Workspace::preview_dxf_import`] prepares). An import into a new floor
//! adds the floor first (an undoable edit of its own), then imports into it.

use std::path::PathBuf;

use super::OfficeplanApp;
use crate::io::dxf::DxfImport;
use crate::io::removal::Consent;
use crate::model::{ChangeAction, Floor, Uuid};
use crate::ui::dxf_dialog::{DxfAction, DxfTarget};
use crate::ui::overlay::ImportOverlay;
use crate::workspace::Edit;

pub use crate::ui::dxf_dialog::DxfDialog;

impl OfficeplanApp {
    /// Opens the import dialog: into the shown floor, else into a new floor of the shown
    /// floor's building, the navigator's open building or the file's first building.
    pub(super) fn open_dxf_dialog(&mut self) {
        let Some(w) = &self.workspace else { return };
        let index = w.index();
        let shown = self.plan.as_ref().map(|p| p.floor);
        let building = shown
            .and_then(|f| index.floors.iter().find(|e| e.floor.uuid == f))
            .map(|e| e.floor.building)
            .or_else(|| {
                self.navigator
                    .open_building
                    .and_then(|b| index.buildings.get(b))
                    .map(|b| b.building.uuid)
            })
            .or_else(|| index.buildings.first().map(|b| b.building.uuid));
        self.dxf_dialog = Some(DxfDialog::new(shown.is_some(), building));
    }

    /// Whether 导入 DXF… can open: a writable file with a compound, no scenario shown.
    pub(super) fn can_import_dxf(&self) -> bool {
        self.workspace.as_ref().is_some_and(|w| {
            // A compound is enough: the dialog can create the building too.
            !w.is_read_only() && w.active_scenario().is_none() && !w.index().sites.is_empty()
        })
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
        // A preview is of the floor it was made for: another floor shown drops a preview of
        // the shown floor (one of a new floor stays).
        let shown = self.plan.as_ref().map(|p| p.floor);
        if dialog
            .preview
            .as_ref()
            .is_some_and(|(_, p)| p.floor() != dialog.new_floor_uuid() && Some(p.floor()) != shown)
        {
            dialog.preview = None;
            self.canvas.overlay = None;
        }
        let buildings: Vec<(Uuid, String)> = self
            .workspace
            .as_ref()
            .map(|w| {
                w.index()
                    .buildings
                    .iter()
                    .map(|b| (b.building.uuid, b.building.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let sites: Vec<(Uuid, String)> = self
            .workspace
            .as_ref()
            .map(|w| {
                w.index()
                    .sites
                    .iter()
                    .map(|s| (s.site.uuid, s.site.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        // Choices changed since the preview was asked for: its read stops, its result goes.
        let dropped = dialog.drop_stale();
        if dropped.preview {
            self.canvas.overlay = None;
        }
        if dropped.reading {
            self.jobs.cancel(crate::ui::job::JobKind::DxfPreview);
        }
        let reading = self
            .jobs
            .running()
            .iter()
            .find(|j| j.kind == crate::ui::job::JobKind::DxfPreview)
            .map(|j| (j.control.progress(), j.started.elapsed().as_secs()));
        match dialog.ui(ctx, &buildings, &sites, reading) {
            None => {}
            Some(DxfAction::StopPreview) => self.cancel_job(crate::ui::job::JobKind::DxfPreview),
            Some(DxfAction::Close) => {
                // Nobody waits for a preview any more.
                self.jobs.cancel(crate::ui::job::JobKind::DxfPreview);
                self.dxf_dialog = None;
                self.canvas.overlay = None;
            }
            Some(DxfAction::ReadLayers(path)) => self.start_dxf_layers(path),
            Some(DxfAction::Preview) => self.preview_dxf(),
            Some(DxfAction::Import) => self.import_dxf(),
            Some(DxfAction::Rechoose) => self.compare_dxf_choices(),
        }
    }

    /// Reads the drawing with the dialog's choices (a job), then compares it with the target
    /// floor ([`Self::show_dxf_preview`]).
    fn preview_dxf(&mut self) {
        let Some(dialog) = &mut self.dxf_dialog else {
            return;
        };
        let floor = match dialog.target {
            DxfTarget::Shown => self.plan.as_ref().map(|p| p.floor),
            DxfTarget::NewFloor => Some(dialog.new_floor_uuid()),
        };
        let (Some(floor), Ok(options)) = (
            floor,
            dialog.options().map_err(|e| {
                dialog.error = Some(e);
            }),
        ) else {
            return;
        };
        let path = PathBuf::from(dialog.path.trim());
        self.start_dxf_read(floor, path, options);
    }

    /// A drawing read for a floor as `request` asked, compared with the floor's rooms as they
    /// are now — only if it answers the read the dialog waits for, with the choices still on
    /// screen, and the dialog is still open on that floor (a new floor has none). A result of
    /// other choices is dropped and the dialog says so.
    pub(super) fn show_dxf_preview(
        &mut self,
        request: crate::ui::dxf_dialog::PreviewRequest,
        import: Result<DxfImport, String>,
    ) {
        let Some(dialog) = &mut self.dxf_dialog else {
            return;
        };
        if dialog.reading.as_ref() != Some(&request) || !dialog.still_asks(&request) {
            dialog.note = Some(crate::t!("dxf_view.stale").into_owned());
            return;
        }
        dialog.reading = None;
        let floor = request.floor;
        let new_floor = floor == dialog.new_floor_uuid();
        if !new_floor && self.plan.as_ref().map(|p| p.floor) != Some(floor) {
            return;
        }
        // Candidate faces (rooms from walls without a label) get their panel; the preview is
        // of the rooms its default choices give.
        match import {
            Ok(import) => {
                dialog.candidates = crate::ui::dxf_dialog::CandidatePanel::new(import.clone());
                dialog.read_of = Some((floor, request.path.clone()));
                let path = request.path.clone();
                dialog.read_with = Some(request);
                let chosen = dialog
                    .candidates
                    .as_ref()
                    .map_or(import, |c| c.resolved.import.clone());
                self.compare_dxf(floor, &path, chosen);
            }
            Err(e) => {
                self.canvas.overlay = None;
                dialog.preview = None;
                dialog.candidates = None;
                dialog.error = Some(e);
            }
        }
    }

    /// The rooms the candidate choices give, compared with the floor again.
    fn compare_dxf_choices(&mut self) {
        let Some(dialog) = &self.dxf_dialog else {
            return;
        };
        let (Some((floor, path)), Some(panel)) = (&dialog.read_of, &dialog.candidates) else {
            return;
        };
        let (floor, path, chosen) = (*floor, path.clone(), panel.resolved.import.clone());
        self.compare_dxf(floor, &path, chosen);
    }

    /// Compares the rooms to import with `floor` as it is now and shows the result.
    fn compare_dxf(&mut self, floor: Uuid, path: &std::path::Path, import: DxfImport) {
        let (Some(dialog), Some(w)) = (&mut self.dxf_dialog, &mut self.workspace) else {
            return;
        };
        let new_floor = floor == dialog.new_floor_uuid();
        // The comparison is made here, against the floor as it is now, so a change made while
        // the drawing was read is never undone by the import.
        let preview = w
            .preview_read_dxf(&floor, path, import)
            .map_err(|e| e.to_string());
        match preview {
            Ok(p) => {
                // The overlay is drawn over the shown floor: only for an import into it.
                self.canvas.overlay = (!new_floor)
                    .then(|| ImportOverlay::with_candidates(&p.import, dialog.candidates.as_ref()));
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

    /// Applies the previewed import (one undoable step, also into a new floor, which is
    /// created with its rooms) and closes the dialog.
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
        let new_floor = self
            .dxf_dialog
            .as_ref()
            .filter(|d| d.target == DxfTarget::NewFloor && preview.floor() == d.new_floor_uuid())
            .map(|d| (d.new_floor(), d.path.clone()));
        if let Some((floor, path)) = new_floor {
            if let Some(why) = preview.removal.as_ref().filter(|_| !consent) {
                let message = why.message();
                if let Some(d) = &mut self.dxf_dialog {
                    d.error = Some(message);
                }
                return;
            }
            match floor {
                Ok(floor) => self.import_into_new_floor(floor, &preview.import, &path),
                Err(why) => {
                    if let Some(d) = &mut self.dxf_dialog {
                        d.error = Some(why);
                    }
                }
            }
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

    /// Creates the dialog's new floor with the imported rooms (one undoable edit) and shows
    /// it. A floor of that name in the building is refused.
    fn import_into_new_floor(
        &mut self,
        floor: crate::ui::dxf_dialog::NewFloor,
        import: &DxfImport,
        path: &str,
    ) {
        let Some(w) = &mut self.workspace else { return };
        let taken = w.index().buildings.iter().any(|b| {
            b.building.uuid == floor.building
                && b.floors.iter().any(|f| {
                    w.index()
                        .floors
                        .get(*f)
                        .is_some_and(|e| e.floor.name == floor.name)
                })
        });
        if taken {
            if let Some(d) = &mut self.dxf_dialog {
                d.error =
                    Some(crate::t!("dxf_dialog.floor_taken", floor = floor.name).into_owned());
            }
            return;
        }
        // 新楼栋: the building first (an undoable step of its own), then the floor with its
        // rooms.
        if let Some((site, name)) = &floor.new_building {
            let building = crate::model::Building::new(floor.building, *site, name.clone());
            if let Err(e) = w.apply(Edit::AddBuilding(Box::new(building))) {
                if let Some(d) = &mut self.dxf_dialog {
                    d.error = Some(e.to_string());
                }
                return;
            }
        }
        let record = Floor {
            uuid: floor.uuid,
            building: floor.building,
            name: floor.name,
            level: floor.level,
            elevation_m: None,
            storey_height_m: None,
        };
        let source = std::path::Path::new(path.trim())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The floor and its rooms are one step: one undo takes both away.
        let written = w
            .floor_import_edit(&floor.uuid, &import.rooms, ChangeAction::ImportDxf, &source)
            .and_then(|(diff, edit)| {
                let Edit::ReplaceFloorRooms(rooms) = edit else {
                    return Ok(());
                };
                let building = w
                    .index()
                    .buildings
                    .iter()
                    .find(|b| b.building.uuid == record.building)
                    .map(|b| b.building.name.clone())
                    .unwrap_or_default();
                let summary = crate::t!(
                    "dxf.edit_summary",
                    file = source,
                    floor = format!("{building} {}", record.name),
                    new = diff.new.len(),
                    changed = 0,
                    removed = 0
                )
                .into_owned();
                w.apply(Edit::ChangeFloors(Box::new(
                    crate::workspace::FloorsChange {
                        write: crate::store::FloorsWrite {
                            create: vec![crate::store::FloorContents {
                                floor: record.clone(),
                                rooms: rooms.rooms,
                                seats: Vec::new(),
                                underlay: None,
                            }],
                            fill: Vec::new(),
                            remove: Vec::new(),
                        },
                        action: ChangeAction::ImportDxf,
                        summary,
                    },
                )))
            });
        if let Err(e) = written {
            if let Some(d) = &mut self.dxf_dialog {
                d.error = Some(e.to_string());
            }
            return;
        }
        self.dxf_dialog = None;
        self.canvas.overlay = None;
        if let Some(i) = self.workspace.as_ref().and_then(|w| {
            w.index()
                .floors
                .iter()
                .position(|e| e.floor.uuid == floor.uuid)
        }) {
            self.open_floor(i);
        }
        self.after_edit();
    }
}
