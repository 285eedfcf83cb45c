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
    check_counts, package_folder, package_name, read_package, seal, sha256_file,
};
use crate::model::{Coded as _, Region, RoomCategory};
use crate::store::{PackageCounts, PackageSchema, Store};

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
        let mut manifest = Manifest {
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
            manifest_sha256: String::new(),
        };
        let path = temp.join(MANIFEST);
        seal(&mut manifest).map_err(|e| SubmissionError::BadManifest {
            path: path.clone(),
            reason: e.to_string(),
        })?;
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

    /// Checks a package (its folder, or the GeoPackage or manifest in it): the manifest, its
    /// own hash, the GeoPackage's SHA-256, its schema and its counts.
    pub fn verify_package(path: &Path) -> Result<Manifest, WorkspaceError> {
        Ok(check_package(path)?.manifest)
    }
}

/// A package checked ([`Workspace::verify_package`]).
pub(super) struct CheckedPackage {
    pub folder: PathBuf,
    pub manifest: Manifest,
    /// The package's GeoPackage's bytes (those whose hash was checked).
    pub bytes: Vec<u8>,
    /// The GeoPackage this build reads: the package's own, or a copy of an older schema migrated
    /// forward (in `_temp`).
    pub readable: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

pub(super) fn check_package(path: &Path) -> Result<CheckedPackage, WorkspaceError> {
    let folder = package_folder(path).unwrap_or_else(|| path.to_path_buf());
    let read = read_package(&folder)?;
    let (manifest, gpkg) = (read.manifest, read.gpkg);
    let (readable, temp) = readable_copy(&gpkg)?;
    let counts = Store::package_counts_of(&readable)?;
    check_counts(&gpkg, &manifest, &counts)?;
    Ok(CheckedPackage {
        folder,
        manifest,
        bytes: read.bytes,
        readable,
        _temp: temp,
    })
}

/// A package's GeoPackage as this build reads it: itself at our schema; a migrated copy in
/// a temporary folder when older; refused, naming both versions, when newer.
fn readable_copy(gpkg: &Path) -> Result<(PathBuf, Option<tempfile::TempDir>), WorkspaceError> {
    let supported = crate::store::schema::SCHEMA_VERSION;
    match Store::package_schema(gpkg)? {
        PackageSchema::Current => Ok((gpkg.to_path_buf(), None)),
        PackageSchema::Newer(found) => Err(SubmissionError::NewerSchema {
            path: gpkg.to_path_buf(),
            found,
            supported,
        }
        .into()),
        PackageSchema::Older(found) => {
            let unreadable = |reason: String| SubmissionError::SchemaUnreadable {
                path: gpkg.to_path_buf(),
                found,
                supported,
                reason,
            };
            let temp = tempfile::tempdir().map_err(|e| unreadable(e.to_string()))?;
            let copy = temp.path().join(gpkg.file_name().unwrap_or_default());
            std::fs::copy(gpkg, &copy).map_err(|e| unreadable(e.to_string()))?;
            Store::migrate_package_copy(&copy).map_err(|e| unreadable(e.to_string()))?;
            Ok((copy, Some(temp)))
        }
    }
}
