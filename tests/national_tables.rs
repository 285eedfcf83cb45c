//! The national tables 技术业务用房信息 and 办公用房建设项目信息 by the command line (issue 14):
//! a construction project added with `officeplan project add` is a row of the workbook
//! `report --xlsx` writes; a building's 主要使用单位 set with `building edit --main-unit`;
//! the sheets in the national order; the workbook converted to PDF by LibreOffice when it is
//! installed. Numbers from the bundled sample (`sample_plans/`).

mod common;

use std::path::Path;

use calamine::{Data, Reader as _, Xlsx, open_workbook};
use common::{officeplan, officeplan_ok, sample_file};

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(t)) => t.clone(),
        Some(Data::Float(f)) => format!("{f:.2}"),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

/// The rows of a sheet as text.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| text(Some(c))).collect())
        .collect()
}

fn add_archive_project(file: &str) -> String {
    officeplan_ok(&[
        "project",
        "add",
        file,
        "--name",
        "示范县档案馆新建项目",
        "--approver",
        "示范县发展和改革局",
        "--builder",
        "县机关事务服务中心",
        "--main-unit",
        "县档案馆",
        "--address",
        "示范县城东新区纬三路8号",
        "--scale",
        "4800",
        "--investment",
        "2150.5",
        "--approval-no",
        "示发改投资〔2025〕12号",
        "--year",
        "2025",
        "--status",
        "在建",
    ])
}

#[test]
fn a_project_added_by_the_cli_is_a_row_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    let said = add_archive_project(file);
    assert!(said.contains("示范县档案馆新建项目"), "{said}");
    // A unit of the file by name: stored by its UUID.
    let listed: serde_json::Value =
        serde_json::from_str(&officeplan_ok(&["project", "list", file, "--json"])).unwrap();
    assert_eq!(listed[0]["main_unit"], "县档案馆");
    assert!(listed[0]["main_unit_uuid"].is_string());
    assert_eq!(listed[0]["status"], "building");

    let out = dir.path().join("report.xlsx");
    officeplan_ok(&["report", file, "--xlsx", out.to_str().unwrap()]);
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    // The national order (DOMAIN §3.1), then the extra sheets; a county file has no
    // 省部级领导干部办公室信息.
    assert_eq!(
        book.sheet_names(),
        [
            "行政区划信息",
            "办公用房信息",
            "技术业务用房信息",
            "办公用房建设项目信息",
            "各单位办公用房总体使用统计表",
            "超标清单",
            "闲置清单"
        ]
    );
    let rows = sheet(&out, "办公用房建设项目信息");
    // The header block names the region, as the other national tables do.
    assert!(
        rows.iter()
            .any(|r| r.contains(&"行政区划名称".to_owned()) && r.contains(&"示范县".to_owned()))
    );
    let row = rows
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == "示范县档案馆新建项目"))
        .expect("the project's row");
    assert_eq!(
        row[..9],
        [
            // 序号 1 (calamine reads numbers as floats).
            "1.00",
            "示范县档案馆新建项目",
            "示范县发展和改革局",
            "县机关事务服务中心",
            "县档案馆",
            "示范县城东新区纬三路8号",
            "4800.00",
            "2150.50",
            "批复文号：示发改投资〔2025〕12号；2025年批复；在建"
        ]
    );

    // Edited, then deleted: the report follows.
    officeplan_ok(&[
        "project",
        "edit",
        file,
        "--name",
        "示范县档案馆新建项目",
        "--scale",
        "5200",
    ]);
    officeplan_ok(&["report", file, "--xlsx", out.to_str().unwrap(), "--force"]);
    let rows = sheet(&out, "办公用房建设项目信息");
    assert!(
        rows.iter()
            .any(|r| r.get(6).is_some_and(|c| c == "5200.00"))
    );
    officeplan_ok(&["project", "delete", file, "--name", "示范县档案馆新建项目"]);
    let listed = officeplan_ok(&["project", "list", file, "--json"]);
    assert_eq!(listed.trim(), "[]");
    // The change log has the three lines.
    let history = officeplan_ok(&["history", file, "--limit", "3"]);
    assert!(
        history.contains("construction project deleted"),
        "{history}"
    );
}

#[test]
fn bad_input_is_refused_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    let out = officeplan(&[
        "project",
        "add",
        file,
        "--name",
        "维修项目",
        "--investment",
        "-3",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Estimated investment") && err.contains("-3"),
        "{err}"
    );
    let out = officeplan(&["project", "add", file, "--name", " "]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("project name must not be empty"));
    let out = officeplan(&[
        "project",
        "edit",
        file,
        "--name",
        "没有的项目",
        "--scale",
        "1",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有的项目"));
    let out = officeplan(&[
        "project", "add", file, "--name", "x", "--status", "finished",
    ]);
    assert!(!out.status.success());
    assert_eq!(
        officeplan_ok(&["project", "list", file, "--json"]).trim(),
        "[]"
    );
}

#[test]
fn the_technical_table_lists_the_samples_three_buildings_and_an_override() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    officeplan_ok(&[
        "building",
        "edit",
        file,
        "--name",
        "行政服务中心主楼",
        "--main-unit",
        "县信访局",
    ]);
    let out = dir.path().join("tables");
    officeplan_ok(&["report", file, "--csv", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(out.join("技术业务用房信息.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    // 部门办公楼 (档案库房: 123.42 m²), 行政服务中心主楼 (318.92 m², its recorded unit now),
    // 城东老办公楼 (30.20 m², rounded so the rows add up): 472.54 m² of 技术业务用房 in all, the
    // figure 办公用房信息 prints (src/io/report/technical.rs, tests/report_reconcile.rs).
    assert!(
        lines
            .iter()
            .any(|l| l.contains("部门办公楼") && l.contains("123.42") && l.contains("县档案馆"))
    );
    assert!(
        lines.iter().any(|l| l.contains("行政服务中心主楼")
            && l.contains("318.92")
            && l.contains("县信访局"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("合计") && l.contains("7474.56") && l.contains("472.54"))
    );
    assert!(lines.iter().any(|l| l.starts_with("注：")));
    assert!(out.join("办公用房建设项目信息.csv").exists());
}

/// LibreOffice, where installed, opens the workbook with the new sheets and prints it to PDF
/// on A4 landscape pages.
#[test]
fn libreoffice_converts_the_workbook_to_a4_landscape_pdf() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipping: no soffice (LibreOffice) on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let file = path.to_str().unwrap();
    add_archive_project(file);
    let out = dir.path().join("report.xlsx");
    officeplan_ok(&["report", file, "--xlsx", out.to_str().unwrap()]);
    // A profile of its own: other LibreOffice instances on the machine do not interfere.
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let converted = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(converted.status.success(), "{converted:?}");
    let pdf = std::fs::read(dir.path().join("report.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/MediaBox").count();
    assert!(pages >= 6, "{pages} pages: one sheet or more each");
    // A4 landscape: 841.89 × 595.30 pt, on every page.
    let landscape =
        text.matches("/MediaBox[0 0 841.8").count() + text.matches("/MediaBox[ 0 0 841.8").count();
    assert_eq!(landscape, pages, "every page A4 landscape");
}
