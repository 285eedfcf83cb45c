//! 汇总: a province merges the submission packages (直报包) of its counties into its own
//! file (a county writes them: [`super::submission`]).
//!
//! Merging one package is one edit ([`Edit::MergePackage`]) with its change-log line,
//! undone by the inverse of the changeset the merge recorded ([`Edit::RevertMerge`]). The
//! packages of one 汇总 are merged in one transaction, each package a savepoint in it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Applied, Edit, Workspace, WorkspaceError};
use crate::io::submission::{MANIFEST, SubmissionError, package_folder};
use crate::model::{ChangeAction, Region, RegionLevel, Uuid};
use crate::store::{ChangeRecord, CreateOptions, MergeOutcome, MergeRequest, RegionSettings};

/// How a package is merged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// Apply the county's deletions (and those left pending by earlier merges).
    pub apply_deletions: bool,
    /// Where both sides changed a field, write the county's value (both are recorded).
    pub prefer_county: bool,
}

/// One package to merge: a package folder (or its GeoPackage or manifest), or a county's
/// project file (a package is written from it first).
#[derive(Clone, Debug, PartialEq)]
pub struct PackageMerge {
    pub source: PathBuf,
    pub options: MergeOptions,
}

/// The undo of a merge: the inverse of the changeset the merge recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeUndo {
    pub changeset: Arc<Vec<u8>>,
    pub merge: PackageMerge,
    pub summary: String,
}

/// What became of one package.
#[derive(Clone, Debug)]
pub enum PackageResult {
    Merged(Box<MergeOutcome>),
    /// The same package (same SHA-256) was merged before: nothing written.
    AlreadyMerged {
        region_code: String,
        sha256: String,
    },
}

impl PackageResult {
    /// What the merge did, for people: a line for the package, then one per conflict
    /// (entity, field, province value, county value, base) and one per deletion waiting for
    /// consent. The CLI prints them, the 汇总 dialog shows them.
    pub fn lines(&self, source: &Path) -> Vec<String> {
        match self {
            Self::Merged(o) => {
                let mut lines = vec![
                    crate::t!(
                        "province.cli.merged",
                        path = source.display(),
                        name = o.region_name,
                        code = o.region_code,
                        inserted = o.inserted,
                        updated = o.updated,
                        deleted = o.deleted,
                        pending = o.pending_deletions.len(),
                        conflicts = o.conflicts.len()
                    )
                    .into_owned(),
                ];
                lines.extend(o.conflicts.iter().map(|c| {
                    let field = marker(&c.field);
                    crate::t!(
                        "province.cli.conflict",
                        table = c.table,
                        uuid = c.uuid,
                        field = field,
                        province = marker(&c.province),
                        county = marker(&c.county),
                        base = marker(&c.base)
                    )
                    .into_owned()
                }));
                lines.extend(o.pending_deletions.iter().map(pending_line));
                lines
            }
            Self::AlreadyMerged { region_code, .. } => vec![
                crate::t!(
                    "province.cli.already",
                    path = source.display(),
                    code = region_code
                )
                .into_owned(),
            ],
        }
    }
}

/// A county deletion waiting for consent, for people.
pub fn pending_line(d: &crate::store::PendingDeletion) -> String {
    crate::t!(
        "province.cli.pending",
        table = d.table,
        uuid = d.uuid,
        label = d.label
    )
    .into_owned()
}

/// The merge's markers in a conflict (a whole row, a row that exists, was inserted or
/// updated), translated; any other value as it is.
fn marker(value: &str) -> String {
    match value {
        "(row)" => crate::t!("province.marker.row").into_owned(),
        "exists" => crate::t!("province.marker.exists").into_owned(),
        "inserted" => crate::t!("province.marker.inserted").into_owned(),
        "updated" => crate::t!("province.marker.updated").into_owned(),
        other => other.to_owned(),
    }
}

/// The packages merged in the open transaction of a 汇总, waiting for its commit.
#[derive(Default)]
struct MergePart {
    open: bool,
    /// Their undo, put on the stack when the commit succeeds.
    undo: Vec<Applied>,
    /// Their places in the results, made errors when it fails.
    merged: Vec<usize>,
}

/// A package read and checked, ready to merge.
struct ReadPackage {
    checked: super::submission::CheckedPackage,
    region: Region,
    /// Where a package made from a county file lies (deleted when dropped).
    _temp: Option<tempfile::TempDir>,
}

impl Workspace {
    /// Creates a provincial file at `path` for the province of the package (or county file)
    /// `source`: its own region is the province (the first 2 digits of the county's code and
    /// zeros), named as the county's province setting names it (else by its code).
    pub fn create_province_for(path: &Path, source: &Path) -> Result<Self, WorkspaceError> {
        let read = read_source(source)?;
        let county = &read.checked.manifest.region;
        let head: String = county.code.chars().take(2).collect();
        let code = format!("{head:0<12}");
        let name = if county.province_name.trim().is_empty() {
            code.clone()
        } else {
            county.province_name.trim().to_owned()
        };
        let settings = RegionSettings {
            region: Some(Region {
                uuid: Uuid::now_v7(),
                name,
                level: RegionLevel::Province,
                code,
                parent_code: String::new(),
            }),
            standard: read.checked.manifest.standard.clone(),
            province: county.province_name.clone(),
            as_of: Some(read.checked.manifest.statistics_date.clone()).filter(|d| !d.is_empty()),
        };
        Self::create_project(path, &settings, CreateOptions { overwrite: false })
    }

    /// A batch that merges and ends (the CLI, a benchmark): merges record no changeset for
    /// an undo that will never come, and [`Workspace::merge_packages`] does not read the
    /// index again afterwards — a province's index is every room's area, seconds for a
    /// million rooms. Do not show a batch workspace's index after merging.
    pub fn set_batch(&mut self, batch: bool) {
        self.keep_undo = !batch;
        self.batch = batch;
    }

    /// Merges packages in one transaction, each package one edit (undoable) and a
    /// savepoint of its own in that transaction. A refused package is rolled back alone and
    /// does not stop the others: its error is its result. `progress(package index,
    /// fraction)` returns `false` to stop: the package being merged is rolled back, those
    /// before it are kept, and the merge stops there ([`SubmissionError::Cancelled`] in its
    /// place). A kill leaves the file before the packages or after them, and the disk is
    /// synced once rather than once a package. (A batch that would keep more files attached
    /// than SQLite allows at once, more than 60 packages, is committed in parts.) The index
    /// is read again once at the end (not in a batch: [`Workspace::set_batch`]).
    pub fn merge_packages(
        &mut self,
        sources: &[PathBuf],
        options: MergeOptions,
        progress: &mut dyn FnMut(usize, f32) -> bool,
    ) -> Vec<(PathBuf, Result<PackageResult, WorkspaceError>)> {
        let mut results = Vec::new();
        if self.batch
            && let Err(e) = self.store.keep_merge_cache()
        {
            results.push((self.path().to_path_buf(), Err(e.into())));
            return results;
        }
        let mut part = MergePart::default();
        for (i, source) in sources.iter().enumerate() {
            if part.open && !self.store.merge_batch_has_room() {
                self.commit_merge_part(&mut part, &mut results);
            }
            if !part.open {
                if let Err(e) = self.store.begin_merge_batch() {
                    results.push((source.clone(), Err(e.into())));
                    break;
                }
                part.open = true;
            }
            let merge = PackageMerge {
                source: source.clone(),
                options,
            };
            let result = self.merge_one(&merge, &mut |f| progress(i, f));
            let stop = matches!(
                result,
                Err(WorkspaceError::Submission(SubmissionError::Cancelled))
            ) || !self.store.merge_batch_is_open();
            match result {
                Ok((merged, applied)) => {
                    part.undo.extend(applied);
                    part.merged.push(results.len());
                    results.push((source.clone(), Ok(merged)));
                }
                Err(e) => results.push((source.clone(), Err(e))),
            }
            if stop {
                break;
            }
        }
        self.commit_merge_part(&mut part, &mut results);
        if self.batch {
            self.invalidate(None);
        } else if let Err(e) = self.reload_after_merge() {
            results.push((self.path().to_path_buf(), Err(e)));
        }
        results
    }

    /// Commits the packages merged in the open transaction and puts their undo on the
    /// stack; when the commit fails none of them was written, and each says so.
    fn commit_merge_part(
        &mut self,
        part: &mut MergePart,
        results: &mut [(PathBuf, Result<PackageResult, WorkspaceError>)],
    ) {
        if !std::mem::take(&mut part.open) {
            return;
        }
        match self.store.commit_merge_batch() {
            Ok(()) => {
                if !part.undo.is_empty() {
                    self.undo.append(&mut part.undo);
                    self.redo.clear();
                }
            }
            Err(e) => {
                part.undo.clear();
                let reason = e.to_string();
                let mut first = Some(e);
                for i in part.merged.iter().copied() {
                    if let Some((_, result)) = results.get_mut(i) {
                        let error = first
                            .take()
                            .unwrap_or_else(|| crate::store::StoreError::Io {
                                path: self.store.path().to_path_buf(),
                                source: std::io::Error::other(reason.clone()),
                            });
                        *result = Err(error.into());
                    }
                }
            }
        }
        part.merged.clear();
    }

    /// Merges one package (undoable) and reads the index again.
    pub fn merge_package(
        &mut self,
        source: &Path,
        options: MergeOptions,
    ) -> Result<PackageResult, WorkspaceError> {
        let keep = std::mem::replace(&mut self.batch, false);
        let mut results = self.merge_packages(&[source.to_path_buf()], options, &mut |_, _| true);
        self.batch = keep;
        // The package's result, then the reading of the index again when that failed.
        let reload = (results.len() > 1).then(|| results.pop()).flatten();
        let (_, result) = results
            .into_iter()
            .next()
            .ok_or(SubmissionError::Cancelled)?;
        if let Some((_, Err(e))) = reload {
            return Err(e);
        }
        result
    }

    /// Merges one package in the open transaction; its result and its undo (when kept).
    fn merge_one(
        &mut self,
        merge: &PackageMerge,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<(PackageResult, Option<Applied>), WorkspaceError> {
        self.refuse_baseline_edit()?;
        let (result, inverse) = self.write_merge(merge, progress)?;
        let applied = inverse.map(|inverse| Applied {
            edit: Edit::MergePackage(Box::new(merge.clone())),
            inverse,
        });
        Ok((result, applied))
    }

    fn reload_after_merge(&mut self) -> Result<(), WorkspaceError> {
        self.index = self.store.load_index()?;
        self.units = self.store.load_units()?;
        self.invalidate(None);
        Ok(())
    }

    /// Checks and merges a package; the merge's result and (when undo is kept) its inverse.
    fn write_merge(
        &mut self,
        merge: &PackageMerge,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Result<(PackageResult, Option<Edit>), WorkspaceError> {
        let read = read_source(&merge.source)?;
        let own = self.own_region()?;
        let region = &read.region;
        if !belongs_to(region, &own) {
            return Err(SubmissionError::WrongRegion {
                path: read.checked.folder.clone(),
                code: region.code.clone(),
                parent: region.parent_code.clone(),
                province: own.code.clone(),
            }
            .into());
        }
        let sha = &read.checked.manifest.sha256;
        if self.store.was_merged(&region.code, sha)? {
            // Merged before: only the deletions it left pending may still be applied.
            if merge.options.apply_deletions {
                let record = ChangeRecord {
                    action: ChangeAction::MergeSubmission,
                    summary: crate::t!(
                        "province.log.pending",
                        name = region.name,
                        code = region.code
                    )
                    .into_owned(),
                    detail: serde_json::json!({ "sha256": sha }).to_string(),
                };
                if let Some(outcome) = self.store.apply_pending(region, &record, self.keep_undo)? {
                    let inverse = outcome.undo.clone().map(|changeset| {
                        Edit::RevertMerge(Box::new(MergeUndo {
                            changeset: Arc::new(changeset),
                            merge: merge.clone(),
                            summary: record.summary.clone(),
                        }))
                    });
                    return Ok((PackageResult::Merged(Box::new(outcome)), inverse));
                }
            }
            return Ok((
                PackageResult::AlreadyMerged {
                    region_code: region.code.clone(),
                    sha256: sha.clone(),
                },
                None,
            ));
        }
        if let Some(base) = self.store.submission_base(&region.code)? {
            let new = (
                &read.checked.manifest.statistics_date,
                &read.checked.manifest.created_at,
            );
            if new < (&base.statistics_date, &base.created_at) {
                return Err(SubmissionError::Older {
                    path: read.checked.folder.clone(),
                    date: format!("{} {}", new.0, new.1),
                    last: format!("{} {}", base.statistics_date, base.created_at),
                }
                .into());
            }
        }
        let package_name = read
            .checked
            .folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let counts_json =
            serde_json::to_string(&read.checked.manifest.counts).unwrap_or_else(|_| "{}".into());
        let request = MergeRequest {
            package: &read.checked.readable,
            package_bytes: &read.checked.bytes,
            region,
            package_name: &package_name,
            sha256: sha,
            statistics_date: &read.checked.manifest.statistics_date,
            created_at: &read.checked.manifest.created_at,
            counts_json: &counts_json,
            apply_deletions: merge.options.apply_deletions,
            prefer_county: merge.options.prefer_county,
            record_undo: self.keep_undo,
        };
        let summary = crate::t!(
            "province.log.merge",
            name = region.name,
            code = region.code,
            package = package_name
        )
        .into_owned();
        let record = ChangeRecord {
            action: ChangeAction::MergeSubmission,
            summary: summary.clone(),
            detail: serde_json::json!({ "sha256": sha, "package": package_name }).to_string(),
        };
        let outcome = self
            .store
            .merge_package(&request, &record, progress)?
            .ok_or(SubmissionError::Cancelled)?;
        let inverse = outcome.undo.clone().map(|changeset| {
            Edit::RevertMerge(Box::new(MergeUndo {
                changeset: Arc::new(changeset),
                merge: merge.clone(),
                summary,
            }))
        });
        Ok((PackageResult::Merged(Box::new(outcome)), inverse))
    }

    /// `Edit::MergePackage` (a redo): merges again; its inverse.
    pub(super) fn write_merge_edit(
        &mut self,
        merge: &PackageMerge,
    ) -> Result<Edit, WorkspaceError> {
        let keep = std::mem::replace(&mut self.keep_undo, true);
        let written = self.write_merge(merge, &mut |_| true);
        self.keep_undo = keep;
        let (result, inverse) = written?;
        self.reload_after_merge()?;
        match (result, inverse) {
            (_, Some(inverse)) => Ok(inverse),
            (PackageResult::AlreadyMerged { region_code, .. }, None) => {
                Err(WorkspaceError::Store(crate::store::StoreError::Conflict {
                    path: self.path().to_path_buf(),
                    what: region_code,
                }))
            }
            (PackageResult::Merged(_), None) => Err(SubmissionError::Cancelled.into()),
        }
    }

    /// `Edit::RevertMerge` (an undo): applies the inverse changeset; its inverse is the
    /// merge again.
    pub(super) fn write_revert_merge(&mut self, undo: &MergeUndo) -> Result<Edit, WorkspaceError> {
        let record = ChangeRecord {
            action: ChangeAction::UnmergeSubmission,
            summary: undo.summary.clone(),
            detail: undo.merge.source.display().to_string(),
        };
        self.store.apply_changeset(&undo.changeset, &record)?;
        self.reload_after_merge()?;
        Ok(Edit::MergePackage(Box::new(undo.merge.clone())))
    }
}

/// Whether a package of `county` may be merged into the file of `own`: its parent is `own`,
/// or it lies inside `own` (the same first 2 digits of a province, 4 of a city) with a
/// parent there too (a county under a city of the province). Never `own` itself.
fn belongs_to(county: &Region, own: &Region) -> bool {
    if county.code == own.code {
        return false;
    }
    if county.parent_code == own.code {
        return true;
    }
    let digits = match own.level {
        RegionLevel::Province => 2,
        RegionLevel::City => 4,
        RegionLevel::County => 6,
        RegionLevel::Township => 9,
    };
    let inside =
        |code: &str| code.get(..digits).is_some() && code.get(..digits) == own.code.get(..digits);
    inside(&county.code) && inside(&county.parent_code)
}

/// Reads and checks a package (hash, counts, region), or writes one from a county's
/// project file into a temporary folder first.
fn read_source(source: &Path) -> Result<ReadPackage, WorkspaceError> {
    let (folder, temp) = match package_folder(source) {
        Some(folder) => (folder, None),
        None if source.is_file() => {
            let temp = tempfile::tempdir().map_err(|e| SubmissionError::Io {
                path: source.to_path_buf(),
                source: e,
            })?;
            let written = Workspace::open(source)?.submit(temp.path(), false)?;
            (written.folder, Some(temp))
        }
        None => {
            return Err(SubmissionError::NotAPackage {
                path: source.to_path_buf(),
            }
            .into());
        }
    };
    let checked = super::submission::check_package(&folder)?;
    let manifest = &checked.manifest;
    let region = manifest
        .region()
        .filter(|r| Region::is_valid_code(&r.code))
        .ok_or_else(|| SubmissionError::BadManifest {
            path: folder.join(MANIFEST),
            reason: format!("{} {}", manifest.region.code, manifest.region.level),
        })?;
    Ok(ReadPackage {
        checked,
        region,
        _temp: temp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(level: RegionLevel, code: &str, parent: &str) -> Region {
        Region {
            uuid: Uuid::nil(),
            name: String::new(),
            level,
            code: code.into(),
            parent_code: parent.into(),
        }
    }

    #[test]
    fn a_county_of_the_province_or_of_its_city_belongs_and_another_does_not() {
        let hubei = region(RegionLevel::Province, "420000000000", "");
        let county = |code: &str, parent: &str| region(RegionLevel::County, code, parent);
        assert!(belongs_to(&county("429999000000", "420000000000"), &hubei));
        assert!(belongs_to(&county("420102000000", "420100000000"), &hubei));
        assert!(!belongs_to(&county("430102000000", "430100000000"), &hubei));
        // Inside by code, but its recorded parent is elsewhere.
        assert!(!belongs_to(&county("420102000000", "430000000000"), &hubei));
        assert!(!belongs_to(&hubei, &hubei));
    }
}
