//! The command line end to end: sample, summary, GeoJSON round trip, errors.

mod common;

use common::{officeplan, officeplan_ok, sample_file, summary};

#[test]
fn sample_has_the_promised_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let s = summary(&path);
    assert!(s["rooms"].as_u64().unwrap() >= 400, "{}", s["rooms"]);
    assert!(s["sites"].as_array().unwrap().len() >= 3);
    let buildings: usize = s["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|site| site["buildings"].as_array().unwrap().len())
        .sum();
    assert!(buildings >= 6);
    let floors: usize = s["sites"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|site| site["buildings"].as_array().unwrap())
        .map(|b| b["floors"].as_array().unwrap().len())
        .sum();
    assert!(floors >= 20);
    for category in ["office", "service", "equipment", "ancillary", "technical"] {
        assert!(
            s["by_category"][category]["rooms"].as_u64().unwrap() > 0,
            "{category}"
        );
    }
    for status in [
        "in_use",
        "idle",
        "rented_out",
        "lent_out",
        "repair",
        "disposal",
    ] {
        assert!(
            s["by_status"][status]["rooms"].as_u64().unwrap() > 0,
            "{status}"
        );
    }
    assert_eq!(s["area_basis"], "使用面积");
}

#[test]
fn building_the_sample_twice_gives_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.gpkg");
    let b = dir.path().join("b.gpkg");
    officeplan_ok(&["sample", a.to_str().unwrap()]);
    officeplan_ok(&["sample", b.to_str().unwrap()]);
    let (mut sa, mut sb) = (summary(&a), summary(&b));
    sa["file"] = serde_json::Value::Null;
    sb["file"] = serde_json::Value::Null;
    assert_eq!(sa, sb);
}

#[test]
fn geojson_export_then_import_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.gpkg");
    officeplan_ok(&[
        "generate",
        "--rooms",
        "120",
        "--seed",
        "2",
        path.to_str().unwrap(),
    ]);
    let s = summary(&path);
    let building = s["sites"][0]["buildings"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let floor = s["sites"][0]["buildings"][0]["floors"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let floor_area = s["sites"][0]["buildings"][0]["floors"][0]["room_area_m2"]
        .as_f64()
        .unwrap();
    let exported = dir.path().join("floor.geojson");
    officeplan_ok(&[
        "export-geojson",
        path.to_str().unwrap(),
        "--building",
        &building,
        "--floor",
        &floor,
        exported.to_str().unwrap(),
    ]);
    // Import into a new floor of the same building: same rooms, same area.
    let out = officeplan_ok(&[
        "import-geojson",
        path.to_str().unwrap(),
        "--building",
        &building,
        "--floor",
        "99F",
        exported.to_str().unwrap(),
    ]);
    assert!(out.contains("imported"), "{out}");
    let after = summary(&path);
    let floors = after["sites"][0]["buildings"][0]["floors"]
        .as_array()
        .unwrap();
    let copy = floors
        .iter()
        .find(|f| f["name"] == "99F")
        .expect("the new floor");
    assert!((copy["room_area_m2"].as_f64().unwrap() - floor_area).abs() < 0.005);
    // Importing again matches by number: all updated, none new.
    let out = officeplan_ok(&[
        "import-geojson",
        path.to_str().unwrap(),
        "--building",
        &building,
        "--floor",
        "99F",
        exported.to_str().unwrap(),
    ]);
    assert!(out.contains("0 new"), "{out}");
}

#[test]
fn a_bad_geojson_is_refused_whole_and_each_feature_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let before = summary(&path);
    let bad = dir.path().join("bad.geojson");
    std::fs::write(
        &bad,
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"number":"901"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}},
          {"type":"Feature","properties":{"number":"902"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}
        ]}"#,
    )
    .unwrap();
    let building = before["sites"][0]["buildings"][0]["name"].as_str().unwrap();
    let out = officeplan(&[
        "import-geojson",
        path.to_str().unwrap(),
        "--building",
        building,
        "--floor",
        "1F",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.geojson") && stderr.contains("902"),
        "{stderr}"
    );
    assert!(stderr.contains("intersects itself"), "{stderr}");
    let mut after = summary(&path);
    after["file"] = before["file"].clone();
    assert_eq!(before, after, "nothing was written");
}

#[test]
fn errors_exit_non_zero_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("readme.gpkg");
    std::fs::write(&text, "not a database").unwrap();
    let out = officeplan(&["summary", text.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("readme.gpkg") && stderr.contains("not a project file"),
        "{stderr}"
    );
    let out = officeplan(&["summary", "/nonexistent/x.gpkg"]);
    assert!(!out.status.success());
}

#[test]
fn every_command_has_help() {
    for command in [
        "sample",
        "summary",
        "generate",
        "import-geojson",
        "export-geojson",
    ] {
        let out = officeplan_ok(&[command, "--help"]);
        assert!(out.contains("Usage"), "{command}: {out}");
    }
}

#[test]
fn messages_are_chinese_by_default() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_officeplan"))
        .args(["summary", "/nonexistent/x.gpkg"])
        .env_remove("OFFICEPLAN_LANG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("找不到文件"), "{stderr}");
}

#[test]
fn history_lists_translated_actions_by_the_os_user_in_local_time() {
    // Issue 11: the change log showed raw codes (`scenario.new`), the operator "unknown"
    // when USER was unset, and UTC times.
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let f = path.to_str().unwrap();
    officeplan_ok(&["scenario", "new", f, "方案一"]);
    officeplan_ok(&["standards", f, "--province", "湖北"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_officeplan"))
        .args(["history", f, "--json"])
        .env("OFFICEPLAN_LANG", "en")
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = lines.as_array().unwrap();
    // Newest first: the standard, then the scenario.
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines[0]["action"], "set_standard");
    assert_eq!(lines[1]["action"], "scenario.new");
    assert_eq!(lines[1]["what"], "Scenario created 方案一");
    let user = lines[1]["user"].as_str().unwrap();
    assert!(!user.is_empty() && user != "unknown", "{user}");
    // Local time to the second, beside the stored UTC.
    let at = lines[1]["at"].as_str().unwrap();
    assert_eq!(at.len(), "2026-03-05 16:30:00".len(), "{at}");
    assert!(lines[1]["at_utc"].as_str().unwrap().ends_with('Z'));
    let text = officeplan_ok(&["history", f]);
    assert!(text.contains("Scenario created 方案一"), "{text}");
}

/// Issue 11 (#3): a room deleted by another program with foreign keys off (as GDAL and the
/// sqlite3 shell do) leaves its unit and seat rows dangling. The next command that opens the
/// file as its writer says so, once, on stderr, with the count, and the rows are set aside
/// and logged.
#[test]
fn dangling_links_left_by_another_program_are_reported_and_set_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_file(dir.path());
    let (units, persons) = {
        let conn = rusqlite::Connection::open(&path).expect("open with rusqlite");
        // As in the sqlite3 shell and GDAL: foreign keys off (the bundled SQLite turns them on).
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .expect("foreign keys off");
        let fid: i64 = conn
            .query_row(
                "SELECT r.fid FROM rooms r WHERE EXISTS (SELECT 1 FROM room_persons p WHERE p.room_id = r.fid) LIMIT 1",
                [],
                |row| row.get(0),
            )
            .expect("a room with occupants");
        let count = |table: &str| -> i64 {
            conn.query_row(
                &format!("SELECT count(*) FROM {table} WHERE room_id = ?1"),
                [fid],
                |row| row.get(0),
            )
            .expect("count")
        };
        let counts = (count("room_units"), count("room_persons"));
        conn.execute("DELETE FROM rooms WHERE fid = ?1", [fid])
            .expect("delete the room as another program would");
        counts
    };
    assert!(
        units >= 1 && persons >= 1,
        "the room had a unit and occupants"
    );

    // `summary` reads the per-floor totals only and never writes (issue #16): the notice
    // and the setting aside come with a command that opens the file as its writer.
    let summary = officeplan(&["summary", path.to_str().expect("utf-8 path")]);
    assert!(summary.status.success());
    assert!(!String::from_utf8_lossy(&summary.stderr).contains("dangling"));
    let out = officeplan(&["history", path.to_str().expect("utf-8 path")]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let total = units + persons;
    assert!(
        stderr.contains(&format!("{total} dangling link rows")),
        "stderr names the count ({units} unit rows + {persons} seat rows): {stderr}"
    );
    let history = officeplan_ok(&["history", path.to_str().expect("utf-8 path"), "--json"]);
    assert!(
        history.contains("set_aside_links"),
        "the change log has the set-aside line: {history}"
    );
    // Once set aside, the next open has nothing more to say.
    let again = officeplan(&["history", path.to_str().expect("utf-8 path")]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("dangling"));
}

/// Help printed by the binary with the language chosen as a person would.
fn help(args: &[&str], lang_env: Option<&str>) -> String {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_officeplan"));
    command.args(args).env_remove("OFFICEPLAN_LANG");
    if let Some(lang) = lang_env {
        command.env("OFFICEPLAN_LANG", lang);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_is_chinese_by_default_and_english_with_lang_en() {
    // Issue 13: the command line's help was English.
    let top = help(&["--help"], None);
    assert!(top.contains("党政机关办公用房平面管理"), "{top}");
    assert!(top.contains("按标准核查单位、人员和房间"), "{top}");
    assert!(top.contains("显示帮助"), "{top}");
    let report = help(&["report", "--help"], None);
    assert!(report.contains("按与 check 相同的核查生成报表"), "{report}");
    assert!(report.contains("项目文件"), "{report}");
    assert!(report.contains("按此日期（YYYY-MM-DD）出表"), "{report}");
    for en in [
        help(&["--lang", "en", "report", "--help"], None),
        help(&["report", "--help", "--lang=en"], None),
        help(&["report", "--help"], Some("en")),
    ] {
        assert!(en.contains("Write the report tables"), "{en}");
        assert!(en.contains("Project file."), "{en}");
        assert!(en.contains("Print help"), "{en}");
        assert!(!en.contains("项目文件"), "{en}");
    }
    let top = help(&["--help", "--lang", "en"], None);
    assert!(top.contains("Check units, persons and rooms"), "{top}");
}

/// Whether a text has a CJK character (U+4E00–U+9FFF).
fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_command_and_argument_has_chinese_help() {
    // Walks the library's command tree (as `main` parses it) under zh: each subcommand's
    // about and each argument's help must hold a Chinese character. Exceptions: none are
    // needed today; a help that is only a file name or code would be listed here.
    const EXCEPTIONS: &[&str] = &[];
    officeplan::i18n::set_language(officeplan::i18n::Language::Chinese);
    let mut missing = Vec::new();
    fn walk(command: &clap::Command, path: &str, exceptions: &[&str], missing: &mut Vec<String>) {
        let about = command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        if !path.is_empty() && !has_cjk(&about) && !exceptions.contains(&path) {
            missing.push(format!("{path}: about {about:?}"));
        }
        for arg in command.get_arguments() {
            let id = format!("{path} --{}", arg.get_id());
            let text = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if !has_cjk(&text) && !exceptions.contains(&id.as_str()) {
                missing.push(format!("{id}: help {text:?}"));
            }
        }
        for sub in command.get_subcommands() {
            walk(
                sub,
                &format!("{path} {}", sub.get_name()),
                exceptions,
                missing,
            );
        }
    }
    // The derived tree as written (clap adds its own flags only when building).
    let derived = <officeplan::cli::Cli as clap::CommandFactory>::command();
    walk(&derived, "", EXCEPTIONS, &mut missing);
    // The command `main` parses adds the translated --help and --version.
    let mut parsed = officeplan::cli::command();
    parsed.build();
    walk(&parsed, "", EXCEPTIONS, &mut missing);
    missing.dedup();
    assert!(
        missing.is_empty(),
        "help without Chinese:\n{}",
        missing.join("\n")
    );
    // The walk saw the whole tree (report, scenario move, building add …).
    let count = |c: &clap::Command| c.get_subcommands().count();
    assert!(count(&parsed) >= 20, "{}", count(&parsed));
}
