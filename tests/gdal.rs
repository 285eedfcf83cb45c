//! GDAL agrees with us: `ogrinfo` lists our layers and its sum of ST_Area over the rooms
//! equals `summary --json`'s `room_area_m2` within 0.01 m². Skips (saying so) without GDAL;
//! `.ci/run` installs gdal-bin so CI always runs it.

mod common;

use std::path::Path;
use std::process::Command;

fn ogrinfo_available() -> bool {
    Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn ogrinfo(args: &[&str]) -> String {
    let out = Command::new("ogrinfo")
        .args(args)
        .output()
        .expect("run ogrinfo");
    assert!(
        out.status.success(),
        "ogrinfo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// GDAL's total room area: `SUM(ST_Area(geom))` through the SQLite dialect.
fn gdal_room_area(path: &Path) -> f64 {
    let file = path.to_str().expect("utf-8 path");
    let text = ogrinfo(&[
        "-ro",
        "-dialect",
        "SQLite",
        "-sql",
        "SELECT SUM(ST_Area(geom)) AS total_area FROM rooms",
        file,
    ]);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("total_area") && l.contains(" = "))
        .unwrap_or_else(|| panic!("no total_area in ogrinfo output:\n{text}"));
    line.rsplit('=')
        .next()
        .and_then(|v| v.trim().parse().ok())
        .expect("a number")
}

fn check_file(path: &Path) {
    let file = path.to_str().expect("utf-8 path");
    let layers = ogrinfo(&["-ro", "-q", file]);
    assert!(
        layers.contains("rooms (Polygon)"),
        "rooms layer listed:\n{layers}"
    );
    assert!(
        layers.contains("buildings (Polygon)"),
        "buildings layer listed:\n{layers}"
    );
    let ours = common::summary(path)["room_area_m2"]
        .as_f64()
        .expect("room_area_m2");
    let gdal = gdal_room_area(path);
    assert!(
        (ours - gdal).abs() <= 0.01,
        "{}: summary says {ours:.2} m², GDAL says {gdal:.2} m²",
        path.display()
    );
}

#[test]
fn gdal_reads_the_sample_and_agrees_on_area() {
    if !ogrinfo_available() {
        eprintln!("SKIPPED: ogrinfo not found (install gdal-bin: scripts/setup.sh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    check_file(&common::sample_file(dir.path()));
}

#[test]
fn gdal_reads_a_generated_file_and_agrees_on_area() {
    if !ogrinfo_available() {
        eprintln!("SKIPPED: ogrinfo not found (install gdal-bin: scripts/setup.sh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.gpkg");
    common::officeplan_ok(&[
        "generate",
        "--rooms",
        "20000",
        "--seed",
        "9",
        path.to_str().unwrap(),
    ]);
    check_file(&path);
}
