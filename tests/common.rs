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

/// A floor drawn only by single wall LINEs (layer 墙, metres, `$INSUNITS` 6) with two
/// labelled rooms and four unlabelled faces (issue 17's candidates), TEXT labels on 文字:
///
/// - 101 办公室 0–4 × 0–5 m = 20 m², 102 会议室 4–8.4 × 0–5 m = 4.4 × 5 = 22 m² (labelled);
/// - `#W3` 8.4–11.4 × 0–5 = 15 m², `#W4` 11.4–14 × 0–5 = 2.6 × 5 = 13 m² (side by side),
///   `#W5` 14–16 × 0–5 = 10 m², and `#W6` the closet 0–3 × 5–7 = 6 m² (unlabelled).
///
/// Faces are numbered largest first (`walls::faces`): W1 = 102 (22), W2 = 101 (20), then
/// W3 15, W4 13, W5 10, W6 6. Σ = 86 m².
pub fn wall_drawing_dxf() -> String {
    let lines = [
        ((0.0, 0.0), (16.0, 0.0)),
        ((0.0, 5.0), (16.0, 5.0)),
        ((0.0, 0.0), (0.0, 7.0)),
        ((16.0, 0.0), (16.0, 5.0)),
        ((4.0, 0.0), (4.0, 5.0)),
        ((8.4, 0.0), (8.4, 5.0)),
        ((11.4, 0.0), (11.4, 5.0)),
        ((14.0, 0.0), (14.0, 5.0)),
        ((0.0, 7.0), (3.0, 7.0)),
        ((3.0, 7.0), (3.0, 5.0)),
    ];
    lines_dxf(
        &lines,
        &[(1.0, 2.5, "101 办公室"), (5.0, 2.5, "102 会议室")],
    )
}

/// A line from one point to another, metres.
pub type Segment = ((f64, f64), (f64, f64));

/// A drawing in metres (`$INSUNITS` 6) of wall LINEs on 墙 and TEXT labels (0.3 m high) on 文字.
pub fn lines_dxf(lines: &[Segment], texts: &[(f64, f64, &str)]) -> String {
    let mut text = String::from(
        "0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1015\n9\n$INSUNITS\n70\n6\n0\nENDSEC\n\
         0\nSECTION\n2\nENTITIES\n",
    );
    for (k, ((x1, y1), (x2, y2))) in lines.iter().enumerate() {
        text.push_str(&format!(
            "0\nLINE\n5\n{:X}\n8\n墙\n10\n{x1}\n20\n{y1}\n11\n{x2}\n21\n{y2}\n",
            0x100 + k
        ));
    }
    for (k, (x, y, label)) in texts.iter().enumerate() {
        text.push_str(&format!(
            "0\nTEXT\n5\n{:X}\n8\n文字\n10\n{x}\n20\n{y}\n40\n0.3\n1\n{label}\n",
            0x200 + k
        ));
    }
    text.push_str("0\nENDSEC\n0\nEOF\n");
    text
}
