//! The submission package (直报包) on disk: a folder `省-市-县-<12-digit code>` holding
//! `<code>.gpkg` (the county's own level) and `manifest.json` (region, statistics date,
//! counts, 使用面积 by category, the SHA-256 of the GeoPackage), which the receiving level
//! checks before merging.
//!
//! The folder's name comes from the region chain as the file knows it: the province's name
//! is the file's province setting (the province whose standard rows apply); a city's name is
//! that of a region row with the city's code (a provincial file knows its cities only when
//! it holds them); where a name is not known, its 12-digit code stands in its place (the
//! province's code is the first 2 digits of the county's and zeros, the city's the first 4
//! and zeros). A province's own package is `省-<code>`, a city's `省-市-<code>`.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

use crate::model::{Region, RegionLevel};
use crate::store::PackageCounts;

/// The manifest's file name inside a package folder.
pub const MANIFEST: &str = "manifest.json";
/// The manifest's `format`.
pub const FORMAT: &str = "officeplan-submission";
/// The manifest's `format_version` this build writes and reads. Version 2 added
/// `manifest_sha256` (version 1 manifests carry no hash of their own and are refused).
pub const FORMAT_VERSION: u32 = 2;
/// The manifest's own hash field (see [`manifest_hash`]).
pub const MANIFEST_HASH_FIELD: &str = "manifest_sha256";

/// The region a package reports.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ManifestRegion {
    pub uuid: String,
    pub code: String,
    pub name: String,
    /// `province`, `city`, `county` or `township`.
    pub level: String,
    pub parent_code: String,
    /// The province whose standard rows the file applies (its setting), if recorded.
    #[serde(default)]
    pub province_name: String,
}

/// Rooms and 使用面积 of one room category.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CategoryArea {
    pub rooms: u64,
    pub area_m2: f64,
}

/// `manifest.json` of a package.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub region: ManifestRegion,
    /// 统计截止日期, `YYYY-MM-DD` (empty when the file has none).
    pub statistics_date: String,
    /// When the package was written, UTC, ISO 8601.
    pub created_at: String,
    pub software: String,
    pub standard: String,
    /// The GeoPackage's file name inside the folder.
    pub package: String,
    pub sha256: String,
    pub bytes: u64,
    pub counts: PackageCounts,
    /// The basis of every area figure (使用面积: inner wall face).
    pub area_basis: String,
    pub room_area_m2: f64,
    /// By room category code (`office`, `service` …).
    pub areas_by_category: BTreeMap<String, CategoryArea>,
    /// SHA-256 of the manifest itself without this field ([`manifest_hash`]): the counts,
    /// totals, date and code are covered as well as the GeoPackage (through `sha256`).
    #[serde(default)]
    pub manifest_sha256: String,
}

impl Manifest {
    /// The region as the model has it.
    pub fn region(&self) -> Option<Region> {
        Some(Region {
            uuid: crate::model::Uuid::parse_str(&self.region.uuid).ok()?,
            name: self.region.name.clone(),
            level: <RegionLevel as crate::model::Coded>::parse(&self.region.level)?,
            code: self.region.code.clone(),
            parent_code: self.region.parent_code.clone(),
        })
    }
}

/// Why a package cannot be written, read or merged.
#[derive(Debug, thiserror::Error)]
pub enum SubmissionError {
    #[error("{}", crate::t!("province.error.no_region", path = path.display()))]
    NoRegion { path: PathBuf },
    #[error("{}", crate::t!("province.error.not_a_package", path = path.display()))]
    NotAPackage { path: PathBuf },
    #[error("{}", crate::t!("province.error.bad_manifest", path = path.display(), reason = reason))]
    BadManifest { path: PathBuf, reason: String },
    #[error("{}", crate::t!("province_merge.error.old_format", path = path.display(), found = found, supported = supported))]
    OldFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}", crate::t!("province_merge.error.manifest_hash", path = path.display(), expected = expected, found = found))]
    ManifestHashMismatch {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error("{}", crate::t!("province_merge.error.schema_newer", path = path.display(), found = found, supported = supported))]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}", crate::t!("province_merge.error.schema_unreadable", path = path.display(), found = found, supported = supported, reason = reason))]
    SchemaUnreadable {
        path: PathBuf,
        found: i64,
        supported: i64,
        reason: String,
    },
    #[error("{}", crate::t!("province.error.hash", path = path.display(), expected = expected, found = found))]
    HashMismatch {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error("{}", crate::t!("province.error.count", path = path.display(), what = what, expected = expected, found = found))]
    CountMismatch {
        path: PathBuf,
        what: String,
        expected: u64,
        found: u64,
    },
    #[error("{}", crate::t!("province.error.wrong_region", path = path.display(), code = code, parent = parent, province = province))]
    WrongRegion {
        path: PathBuf,
        code: String,
        parent: String,
        province: String,
    },
    #[error("{}", crate::t!("province.error.older", path = path.display(), date = date, last = last))]
    Older {
        path: PathBuf,
        date: String,
        last: String,
    },
    #[error("{}", crate::t!("province.error.exists", path = path.display()))]
    Exists { path: PathBuf },
    #[error("{}", crate::t!("province.error.io", path = path.display(), reason = source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", crate::t!("province.error.cancelled"))]
    Cancelled,
}

/// The package folder's name (see the module comment for the rule).
///
/// ```
/// use officeplan::model::{Region, RegionLevel, Uuid};
/// let county = Region {
///     uuid: Uuid::nil(),
///     name: "示范县".into(),
///     level: RegionLevel::County,
///     code: "429999000000".into(),
///     parent_code: "420000000000".into(),
/// };
/// assert_eq!(
///     officeplan::io::submission::package_name(&county, "湖北", &[]),
///     "湖北-429900000000-示范县-429999000000"
/// );
/// ```
pub fn package_name(region: &Region, province_name: &str, known: &[Region]) -> String {
    let code = region.code.trim();
    let prefix = |digits: usize| -> String {
        let head: String = code.chars().take(digits).collect();
        format!("{head:0<12}")
    };
    // A region names a level above only when it is not the region itself (a code whose
    // county digits are zeros names its city's code).
    let name_of = |level_code: String| -> String {
        known
            .iter()
            .find(|r| r.code == level_code && r.code != code)
            .map_or(level_code, |r| r.name.clone())
    };
    let province = if province_name.trim().is_empty() {
        name_of(prefix(2))
    } else {
        province_name.trim().to_owned()
    };
    let mut parts = match region.level {
        RegionLevel::Province => vec![region.name.clone()],
        RegionLevel::City => vec![province, region.name.clone()],
        RegionLevel::County | RegionLevel::Township => {
            vec![province, name_of(prefix(4)), region.name.clone()]
        }
    };
    parts.push(code.to_owned());
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if c.is_control() || "/\\:*?\"<>|".contains(c) {
                        '_'
                    } else {
                        c
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The SHA-256 (lower-case hex) and size of a file, read in pieces.
pub fn sha256_file(path: &Path) -> Result<(String, u64), SubmissionError> {
    let io = |source| SubmissionError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    let digest = hasher.finalize();
    Ok((digest.iter().map(|b| format!("{b:02x}")).collect(), size))
}

/// The SHA-256 of a manifest (lower-case hex): over its canonical JSON — every field the
/// file holds except [`MANIFEST_HASH_FIELD`], keys sorted, no whitespace, numbers as
/// `serde_json` writes them — so a manifest whose counts, totals, date or code were edited
/// no longer matches. The GeoPackage is covered through the manifest's `sha256`.
///
/// ```
/// let manifest = serde_json::json!({"b": 1, "a": [2.5, "x"], "manifest_sha256": "…"});
/// let same = serde_json::json!({"a": [2.5, "x"], "b": 1});
/// let edited = serde_json::json!({"a": [2.5, "x"], "b": 2});
/// use officeplan::io::submission::manifest_hash;
/// assert_eq!(manifest_hash(&manifest), manifest_hash(&same));
/// assert_ne!(manifest_hash(&manifest), manifest_hash(&edited));
/// ```
pub fn manifest_hash(manifest: &serde_json::Value) -> String {
    fn canonical(value: &serde_json::Value, top: bool, out: &mut String) {
        match value {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map
                    .keys()
                    .filter(|k| !(top && k.as_str() == MANIFEST_HASH_FIELD))
                    .collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String((*key).clone()).to_string());
                    out.push(':');
                    if let Some(v) = map.get(*key) {
                        canonical(v, false, out);
                    }
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    canonical(item, false, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut text = String::new();
    canonical(manifest, true, &mut text);
    sha256_hex(text.as_bytes())
}

/// Sets a manifest's `manifest_sha256` to the hash of the rest (what a package writer does
/// last, and what a test that rewrites a package does to keep it whole).
pub fn seal(manifest: &mut Manifest) -> Result<(), serde_json::Error> {
    manifest.manifest_sha256 = manifest_hash(&serde_json::to_value(&*manifest)?);
    Ok(())
}

/// The package folder of `path`: the folder itself, or the folder of a package's
/// GeoPackage or manifest; `None` when there is no manifest there.
pub fn package_folder(path: &Path) -> Option<PathBuf> {
    if path.is_dir() {
        return path.join(MANIFEST).is_file().then(|| path.to_path_buf());
    }
    let parent = path.parent()?;
    parent
        .join(MANIFEST)
        .is_file()
        .then(|| parent.to_path_buf())
}

/// A package read: its manifest, its GeoPackage's path and bytes (those whose hash was
/// checked: what a merge keeps as the county's next base).
#[derive(Clone, Debug)]
pub struct PackageRead {
    pub manifest: Manifest,
    pub gpkg: PathBuf,
    pub bytes: Vec<u8>,
}

/// Reads a package folder's manifest, checks its own hash and its GeoPackage's. The counts
/// are checked by the caller (it opens the file).
pub fn read_package(folder: &Path) -> Result<PackageRead, SubmissionError> {
    let manifest_path = folder.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            SubmissionError::NotAPackage {
                path: folder.to_path_buf(),
            }
        } else {
            SubmissionError::Io {
                path: manifest_path.clone(),
                source,
            }
        }
    })?;
    let bad = |e: serde_json::Error| SubmissionError::BadManifest {
        path: manifest_path.clone(),
        reason: e.to_string(),
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(bad)?;
    let manifest: Manifest = serde_json::from_value(value.clone()).map_err(bad)?;
    if manifest.format != FORMAT || manifest.format_version > FORMAT_VERSION {
        return Err(SubmissionError::BadManifest {
            path: manifest_path,
            reason: format!("{} {}", manifest.format, manifest.format_version),
        });
    }
    if manifest.format_version < FORMAT_VERSION {
        // Version 1 has no hash over the manifest: its counts, totals and code could have
        // been edited unseen. The county writes the package again.
        return Err(SubmissionError::OldFormat {
            path: manifest_path,
            found: manifest.format_version,
            supported: FORMAT_VERSION,
        });
    }
    let found = manifest_hash(&value);
    if found != manifest.manifest_sha256 {
        return Err(SubmissionError::ManifestHashMismatch {
            path: manifest_path,
            expected: manifest.manifest_sha256.clone(),
            found,
        });
    }
    // The GeoPackage's name must be a plain name inside the folder.
    let name = Path::new(&manifest.package);
    if name.components().count() != 1 || name.file_name().is_none() {
        return Err(SubmissionError::BadManifest {
            path: manifest_path,
            reason: manifest.package.clone(),
        });
    }
    let gpkg = folder.join(name);
    let bytes = std::fs::read(&gpkg).map_err(|source| SubmissionError::Io {
        path: gpkg.clone(),
        source,
    })?;
    let found = sha256_hex(&bytes);
    if found != manifest.sha256 {
        return Err(SubmissionError::HashMismatch {
            path: gpkg,
            expected: manifest.sha256.clone(),
            found,
        });
    }
    Ok(PackageRead {
        manifest,
        gpkg,
        bytes,
    })
}

/// The SHA-256 of bytes, lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares a package's counts with its manifest's, naming the first that differs.
pub fn check_counts(
    path: &Path,
    manifest: &Manifest,
    found: &PackageCounts,
) -> Result<(), SubmissionError> {
    let expected = &manifest.counts;
    for (what, e, f) in [
        ("sites", expected.sites, found.sites),
        ("buildings", expected.buildings, found.buildings),
        ("floors", expected.floors, found.floors),
        ("rooms", expected.rooms, found.rooms),
        ("units", expected.units, found.units),
        ("persons", expected.persons, found.persons),
    ] {
        if e != f {
            return Err(SubmissionError::CountMismatch {
                path: path.to_path_buf(),
                what: what.to_owned(),
                expected: e,
                found: f,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(level: RegionLevel, code: &str, name: &str) -> Region {
        Region {
            uuid: crate::model::Uuid::nil(),
            name: name.into(),
            level,
            code: code.into(),
            parent_code: String::new(),
        }
    }

    #[test]
    fn a_known_city_gives_its_name_and_an_unknown_one_its_code() {
        let county = region(RegionLevel::County, "420102000000", "江岸区");
        let city = region(RegionLevel::City, "420100000000", "武汉市");
        assert_eq!(
            package_name(&county, "湖北省", std::slice::from_ref(&city)),
            "湖北省-武汉市-江岸区-420102000000"
        );
        assert_eq!(
            package_name(&county, "", &[]),
            "420000000000-420100000000-江岸区-420102000000"
        );
        let province = region(RegionLevel::Province, "420000000000", "湖北省");
        assert_eq!(package_name(&province, "", &[]), "湖北省-420000000000");
        // Its own row is never its city's.
        let own = region(RegionLevel::County, "429100000000", "县100");
        assert_eq!(
            package_name(&own, "湖北", std::slice::from_ref(&own)),
            "湖北-429100000000-县100-429100000000"
        );
        let odd = region(RegionLevel::County, "429999000000", "A/B");
        assert_eq!(
            package_name(&odd, "湖北", &[]),
            "湖北-429900000000-A_B-429999000000"
        );
    }

    #[test]
    fn the_hash_of_abc_is_the_standard_one() {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("abc");
        std::fs::write(&path, b"abc").expect("write");
        let (hash, size) = sha256_file(&path).expect("hash");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(size, 3);
    }
}
