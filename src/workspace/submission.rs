//! 上报: a file's submission package (直报包), written beside it and checked by the
//! receiving level (see [`crate::io::submission`] for the folder and the manifest). Writing a
//! package reads the file; nothing in it changes.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Workspace, WorkspaceError};
use crate::analysis::AreaBasis;
use crate::analysis::area::round_m2;
use crate::io::submission::{
    CategoryArea, FORMAT, FORMAT_VERSION, MANIFEST, Manifest, ManifestRegion, SubmissionError,
    check_counts, package_folder, package_name, read_package, sha256_file,
};
use crate::model::{Coded as _, Region, RoomCategory};
use crate::store::{PackageCounts, Store};

/// What 上报… shows before it writes.
#[derive(Clone, Debug)]
pub struct SubmissionPreview {
    pub region: Region,
    pub statistics_date: String,
    pub counts: PackageCounts,
    /// The package folder's name (`省-市-县-<code>`).
    pub folder_name: String,
}

/// A package written.
#[derive(Clone, Debug)]
pub struct SubmissionWritten {
    pub folder: PathBuf,
    pub manifest: Manifest,
}

impl Workspace {
    /// What a package of this file would hold and be called.
    pub fn submission_preview(&self) -> Result<SubmissionPreview, WorkspaceError> {
        let region = self.own_region()?;
        let known = self.store.load_regions()?;
        Ok(SubmissionPreview {
            folder_name: package_name(&region, &self.index.settings.province, &known),
            statistics_date: self.index.settings.as_of.clone().unwrap_or_default(),
            counts: self.store.package_counts()?,
            region,
        })
    }

    pub(super) fn own_region(&self) -> Result<Region, WorkspaceError> {
        match &self.index.region {
            Some(r) if Region::is_valid_code(r.code.trim()) => Ok(r.clone()),
            _ => Err(SubmissionError::NoRegion {
                path: self.path().to_path_buf(),
            }
            .into()),
        }
    }

    /// Writes this file's submission package into `out` (a folder, made if missing): first
    /// under a temporary name, renamed when whole, so a failure never leaves half a package.
    /// An existing package of the same name is replaced only with `replace`.
    pub fn submit(&self, out: &Path, replace: bool) -> Result<SubmissionWritten, WorkspaceError> {
        let preview = self.submission_preview()?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SubmissionError::Io { path, source }
        };
        std::fs::create_dir_all(out).map_err(io(out))?;
        let folder = out.join(&preview.folder_name);
        if folder.exists() && !replace {
            return Err(SubmissionError::Exists { path: folder }.into());
        }
        let temp = out.join(format!(
            ".{}.partial-{}",
            preview.folder_name,
            std::process::id()
        ));
        std::fs::remove_dir_all(&temp).ok();
        std::fs::create_dir(&temp).map_err(io(&temp))?;
        let written = self.write_package(&temp, &preview);
        let manifest = match written {
            Ok(m) => m,
            Err(e) => {
                std::fs::remove_dir_all(&temp).ok();
                return Err(e);
            }
        };
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(io(&folder))?;
        }
        std::fs::rename(&temp, &folder).map_err(|e| {
            std::fs::remove_dir_all(&temp).ok();
            SubmissionError::Io {
                path: folder.clone(),
                source: e,
            }
        })?;
        Ok(SubmissionWritten { folder, manifest })
    }

    fn write_package(
        &self,
        temp: &Path,
        preview: &SubmissionPreview,
    ) -> Result<Manifest, WorkspaceError> {
        let region = &preview.region;
        let name = format!("{}.gpkg", region.code.trim());
        let gpkg = temp.join(&name);
        let counts = self.store.write_own_level(&gpkg)?;
        // 使用面积 by category: the index's totals, the figures `summary` prints.
        let totals = Store::open(&gpkg)?.load_index()?.totals;
        let areas_by_category: BTreeMap<String, CategoryArea> = RoomCategory::ALL
            .iter()
            .map(|c| {
                let cell = totals.by_category(*c);
                (
                    c.code().to_owned(),
                    CategoryArea {
                        rooms: cell.rooms,
                        area_m2: round_m2(cell.area_m2),
                    },
                )
            })
            .collect();
        let (sha256, bytes) = sha256_file(&gpkg)?;
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            region: ManifestRegion {
                uuid: region.uuid.to_string(),
                code: region.code.trim().to_owned(),
                name: region.name.clone(),
                level: region.level.code().to_owned(),
                parent_code: region.parent_code.trim().to_owned(),
                province_name: self.index.settings.province.clone(),
            },
            statistics_date: preview.statistics_date.clone(),
            created_at: chrono::Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            software: format!("officeplan {}", env!("CARGO_PKG_VERSION")),
            standard: self.index.settings.standard.clone(),
            package: name,
            sha256,
            bytes,
            counts,
            area_basis: AreaBasis::Usable.zh().to_owned(),
            room_area_m2: round_m2(totals.total().area_m2),
            areas_by_category,
        };
        let path = temp.join(MANIFEST);
        let text =
            serde_json::to_string_pretty(&manifest).map_err(|e| SubmissionError::BadManifest {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        let write = |path: &Path| -> std::io::Result<()> {
            let mut file = std::fs::File::create(path)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        };
        write(&path).map_err(|source| SubmissionError::Io {
            path: path.clone(),
            source,
        })?;
        std::fs::File::open(&gpkg)
            .and_then(|f| f.sync_all())
            .map_err(|source| SubmissionError::Io {
                path: gpkg.clone(),
                source,
            })?;
        Ok(manifest)
    }

    /// Checks a package (its folder, or the GeoPackage or manifest in it): the manifest, the
    /// GeoPackage's SHA-256 and its counts.
    pub fn verify_package(path: &Path) -> Result<Manifest, WorkspaceError> {
        let folder = package_folder(path).unwrap_or_else(|| path.to_path_buf());
        let (manifest, gpkg) = read_package(&folder)?;
        let counts = Store::package_counts_of(&gpkg)?;
        check_counts(&gpkg, &manifest, &counts)?;
        Ok(manifest)
    }
}
