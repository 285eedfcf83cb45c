//! Layers only point down (DESIGN.md, "Layers: data flows one way"; issue 11): nothing below
//! the app's face imports the UI or egui, and the store (the only module with SQL) does not
//! import planning. The test reads every source file of the lower layers and names each
//! upward reference by file and line.

use std::path::{Path, PathBuf};

/// The layers under `ui` (and their shared vocabulary): none of them may reach up into it.
const LOWER: &[&str] = &[
    "src/model",
    "src/analysis",
    "src/planning",
    "src/standards",
    "src/store",
    "src/io",
    "src/workspace",
    "src/cli",
    "src/view",
    "src/synth",
    "src/labels.rs",
    "src/fonts.rs",
    "src/i18n.rs",
];

/// What an upward reference to the UI looks like in code.
const UI_MARKS: &[&str] = &["crate::ui", "use egui", "egui::", "eframe"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for entry in entries {
        rust_files(&entry, out);
    }
}

/// `file:line: text` for every line of `files` (comments skipped) holding one of `marks`.
fn offending_lines(files: &[PathBuf], marks: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if marks.iter().any(|m| code.contains(m)) {
                found.push(format!("{}:{}: {}", file.display(), i + 1, code));
            }
        }
    }
    found
}

fn files_under(paths: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for p in paths {
        rust_files(&root.join(p), &mut files);
    }
    files
}

#[test]
fn no_lower_layer_imports_the_ui_or_egui() {
    let files = files_under(LOWER);
    // The lower layers hold well over a hundred files: an empty list would be a broken walk.
    assert!(files.len() > 100, "only {} files found", files.len());
    let found = offending_lines(&files, UI_MARKS);
    assert!(
        found.is_empty(),
        "upward imports into the UI layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_store_does_not_import_planning() {
    let files = files_under(&["src/store"]);
    assert!(!files.is_empty());
    let found = offending_lines(&files, &["crate::planning", "super::super::planning"]);
    assert!(
        found.is_empty(),
        "the store imports planning (use crate::model's move types):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_names_file_and_line() {
    // The scan itself: a line with an upward import is reported with its place.
    let dir = std::env::temp_dir().join(format!("layers-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("probe.rs");
    std::fs::write(
        &file,
        "// crate::ui in a comment is fine\nuse crate::ui::labels;\n",
    )
    .expect("write probe");
    let found = offending_lines(std::slice::from_ref(&file), UI_MARKS);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(found.len(), 1);
    assert!(
        found[0].ends_with("probe.rs:2: use crate::ui::labels;"),
        "{found:?}"
    );
}

#[test]
fn the_ui_and_the_cli_reach_the_file_only_through_the_workspace() {
    // Issue 11 (one door): the app and the CLI wrote through `Workspace::store()` and
    // `Store::open`/`Store::create` (scenarios, underlays, standards, Save As, New).
    let files = files_under(&["src/ui", "src/cli", "src/main.rs"]);
    assert!(files.len() > 20, "only {} files found", files.len());
    let found = offending_lines(&files, &["Store::", "store::Store", ".store()", "Store {"]);
    assert!(
        found.is_empty(),
        "the store reached past the workspace:\n{}",
        found.join("\n")
    );
}
