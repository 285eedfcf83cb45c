//! Helpers shared by the integration tests (included with `mod common;`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `officeplan` binary with English messages.
pub fn officeplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_officeplan"))
        .args(args)
        .env("OFFICEPLAN_LANG", "en")
        .output()
        .expect("run officeplan")
}

/// Runs `officeplan` and returns stdout, failing the test with stderr on a non-zero exit.
pub fn officeplan_ok(args: &[&str]) -> String {
    let out = officeplan(args);
    assert!(
        out.status.success(),
        "officeplan {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds the bundled sample into `dir` and returns its path.
pub fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("sample.gpkg");
    officeplan_ok(&["sample", path.to_str().expect("utf-8 path")]);
    path
}

/// `summary --json` of a file.
pub fn summary(path: &Path) -> serde_json::Value {
    let text = officeplan_ok(&["summary", path.to_str().expect("utf-8 path"), "--json"]);
    serde_json::from_str(&text).expect("summary is JSON")
}
