//! Every file the program exports (GeoJSON, workbooks and CSV reports, the move list,
//! SVG/PDF/PNG sheets, generated DXF, the template) is written whole or not at all: into a
//! temporary file in the target's folder, flushed to disk, then renamed over the target. A
//! full disk, a killed process or a failed writer leaves the previous file as it was.

use std::io::Write;
use std::path::Path;

/// Writes what `write` produces to `path` through a temporary file beside it, renamed into
/// place only once `write` succeeded and the bytes are on disk. On any error the temporary
/// file is removed and `path` is untouched.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("floor.geojson");
/// officeplan::io::output::write_whole(&path, |w| w.write_all(b"{}"))?;
/// // A writer that fails midway leaves the earlier file as it was.
/// let failed = officeplan::io::output::write_whole(&path, |w| {
///     w.write_all(b"{\"type\":")?;
///     Err(std::io::Error::other("disk full"))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read(&path)?, b"{}");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".officeplan-export-").suffix(".tmp");
    // The usual mode of a new file (the umask still applies), not the temp file's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Dropped on any early return below: the temporary file is deleted.
    let file = builder.tempfile_in(folder)?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// [`write_whole`] of bytes already made.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_whole(path, |w| w.write_all(bytes))
}
