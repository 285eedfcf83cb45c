//! `officeplan report` end to end: the tables written as a workbook and as CSV files,
//! read back and compared with `check --json` of the same file (one code path).

mod common;

use std::path::Path;

use calamine::{Data, Range, Reader as _, Xlsx, open_workbook};
use common::{officeplan, officeplan_ok, sample_file};
use serde_json::Value;

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(t)) => t.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The rows of a sheet as (header row index, headers, data rows up to the next blank row),
/// for the section whose header row starts with `first`.
fn section(range: &Range<Data>, first: &str) -> (Vec<String>, Vec<Vec<Data>>) {
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let at = rows
        .iter()
        .position(|r| text(r.first()) == first)
        .unwrap_or_else(|| panic!("no header row starting with {first}"));
    // A two-row header (a group row over its columns) has its first cell merged down, so the
    // second row starts empty: a column's header is its lower cell, else its upper one.
    let upper: Vec<String> = rows[at].iter().map(|c| text(Some(c))).collect();
    let two_rows = rows
        .get(at + 1)
        .is_some_and(|r| text(r.first()).is_empty() && r.iter().any(|c| !matches!(c, Data::Empty)));
    let headers = if two_rows {
        let lower = &rows[at + 1];
        upper
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let l = text(lower.get(i));
                if l.is_empty() { u.clone() } else { l }
            })
            .collect()
    } else {
        upper
    };
    let start = at + 1 + usize::from(two_rows);
    let data = rows[start..]
        .iter()
        .take_while(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
        .cloned()
        .collect();
    (headers, data)
}

/// Takes the 合计 row off the end of `rows`.
fn without_total(rows: &mut Vec<Vec<Data>>) -> Vec<Data> {
    let total = rows.pop().expect("a total row");
    assert_eq!(text(total.first()), "合计");
    total
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

#[test]
fn report_tables_agree_with_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let check: Value =
        serde_json::from_str(&officeplan_ok(&["check", s(&file), "--json"])).unwrap();
    let units = check["units"].as_array().unwrap();
    let xlsx = dir.path().join("report.xlsx");
    let csv = dir.path().join("csv");
    officeplan_ok(&["report", s(&file), "--xlsx", s(&xlsx)]);
    officeplan_ok(&["report", s(&file), "--csv", s(&csv)]);

    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
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

    // 办公用房信息: the DOMAIN §3.1 columns, one section per organ level (the sample's county
    // and township units), then 公共部分 and 总计 (docs/report-rules.md).
    let office = book.worksheet_range("办公用房信息").unwrap();
    let (headers, mut rows) = section(&office, "序号");
    let county_subtotal = rows.pop().expect("a 小计 row");
    let unit_col = column(&headers, "使用单位");
    assert_eq!(text(county_subtotal.get(unit_col)), "小计");
    let expected = [
        "序号",
        "地址坐落",
        "用地面积",
        "总建筑面积",
        "办公用房建筑面积",
        "技术业务用房建筑面积",
        "使用单位",
        "类别",
        "县级正职",
        "县级副职",
        "正科级",
        "副科级",
        "科级以下",
        "办公室",
        "服务用房",
        "设备用房",
        "合计",
        "附属用房建筑面积",
        "权属登记情况",
        "建设年代",
        "是否为租(借)用",
        "备注",
    ];
    for header in expected {
        column(&headers, header);
    }
    for label in [
        "行政区划名称",
        "行政区划级别",
        "行政区划代码",
        "统计截止日期",
        "填表人单位",
        "填表人姓名",
        "电话",
    ] {
        assert!(
            office
                .rows()
                .any(|r| r.iter().any(|c| text(Some(c)) == label)),
            "header block lacks {label}"
        );
    }
    for heading in [
        "县级机关",
        "乡级机关",
        "公共部分（楼栋内无使用单位的用房）",
        "总计",
    ] {
        assert!(
            office.rows().any(|r| text(r.first()) == heading),
            "no section {heading}"
        );
    }
    // Each county unit of check has its row; a unit's row holds every room it holds (any
    // status), so at least what check counts as used, and its idle rooms besides.
    let county: Vec<&Value> = units
        .iter()
        .filter(|u| u["organ_category"] == "县")
        .collect();
    assert_eq!(rows.len(), county.len());
    let (office_col, basic_col) = (column(&headers, "办公室"), column(&headers, "合计"));
    for (row, unit) in rows.iter().zip(&county) {
        assert_eq!(text(row.get(unit_col)), unit["name"].as_str().unwrap());
        let used = unit["used_basic_m2"].as_f64().unwrap();
        let held = number(row.get(basic_col));
        assert!(held >= used - 0.005, "{}: {held} < {used}", unit["name"]);
        assert!(number(row.get(office_col)) >= unit["used_office_m2"].as_f64().unwrap() - 0.005);
    }

    // 使用统计表: posts and idle area per unit as check has them, then the 公共部分 rows.
    let usage = book
        .worksheet_range("各单位办公用房总体使用统计表")
        .unwrap();
    let (headers, mut usage_rows) = section(&usage, "单位名称");
    let usage_total = without_total(&mut usage_rows);
    assert_eq!(
        number(usage_total.get(column(&headers, "批复编制人数"))),
        units
            .iter()
            .map(|u| u["posts"].as_f64().unwrap())
            .sum::<f64>()
    );
    let common_rows = usage_rows.len() - units.len();
    // The sample's six buildings each have rooms without a unit.
    assert_eq!(common_rows, 6);
    for (row, unit) in usage_rows.iter().zip(units) {
        assert_eq!(text(row.first()), unit["name"].as_str().unwrap());
        assert_eq!(
            number(row.get(column(&headers, "批复编制人数"))),
            unit["posts"].as_f64().unwrap()
        );
        assert_eq!(
            number(row.get(column(&headers, "空置使用面积"))),
            unit["idle_m2"].as_f64().unwrap()
        );
    }
    // 空置使用面积 adds up to the idle list (units' idle rooms and unit-less ones).
    assert!(
        (number(usage_total.get(column(&headers, "空置使用面积")))
            - check["summary"]["idle_m2"].as_f64().unwrap())
        .abs()
            < 0.005
    );

    // 超标清单: the units with over = true, and every person finding.
    let over = book.worksheet_range("超标清单").unwrap();
    let (headers, over_rows) = section(&over, "单位名称");
    let over_units: Vec<&Value> = units.iter().filter(|u| u["over"] == true).collect();
    assert_eq!(over_rows.len(), over_units.len());
    for (row, unit) in over_rows.iter().zip(&over_units) {
        assert_eq!(text(row.first()), unit["name"].as_str().unwrap());
        assert_eq!(
            number(row.get(column(&headers, "办公室超标面积"))),
            unit["excess_m2"].as_f64().unwrap()
        );
    }
    let (_, person_rows) = section(&over, "姓名");
    assert_eq!(
        person_rows.len(),
        check["persons"].as_array().unwrap().len()
    );
    // And every rented building or leased room without its approval (the sample: 城东老办公楼
    // rented, four rooms rented or lent out, none with an approval document).
    let (_, unapproved_rows) = section(&over, "问题类型");
    assert_eq!(
        unapproved_rows.len(),
        check["unapproved"].as_array().unwrap().len()
    );
    assert_eq!(unapproved_rows.len(), 5);

    // 闲置清单: its area adds up to check's idle rooms.
    let idle = book.worksheet_range("闲置清单").unwrap();
    let (headers, idle_rows) = section(&idle, "楼栋");
    let idle_rooms = check["idle_rooms"].as_array().unwrap();
    assert_eq!(idle_rows.len(), idle_rooms.len());
    let area_col = column(&headers, "使用面积");
    let sheet_total: f64 = idle_rows.iter().map(|r| number(r.get(area_col))).sum();
    let check_total: f64 = idle_rooms.iter().map(|r| r["area"].as_f64().unwrap()).sum();
    assert!((sheet_total - check_total).abs() < 1e-6);
    assert!((sheet_total - check["summary"]["idle_m2"].as_f64().unwrap()).abs() < 0.005);

    // CSV: one file per table with a BOM and the same rows (title, header block and section
    // headings are the other lines).
    let lines = |name: &str| -> Vec<String> {
        let bytes = std::fs::read(csv.join(format!("{name}.csv"))).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{name} has no BOM");
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    // The title, two header-block lines, then per section its heading, header and rows
    // (with its 小计): county units + 1, township units (2) + 1, 公共部分 (6) + 1, 总计 1,
    // and the footnote.
    assert_eq!(
        lines("办公用房信息").len(),
        1 + 2 + (2 + rows.len() + 1) + (2 + 2 + 1) + (2 + 6 + 1) + (2 + 1) + 1
    );
    // Title, header, unit and 公共部分 rows, 合计, footnote.
    assert_eq!(
        lines("各单位办公用房总体使用统计表").len(),
        1 + 1 + usage_rows.len() + 1 + 1
    );
    assert_eq!(
        lines("超标清单").len(),
        1 + 2 + over_rows.len() + 2 + person_rows.len() + 2 + unapproved_rows.len()
    );
    assert_eq!(lines("闲置清单").len(), 1 + 1 + idle_rows.len());
}

#[test]
fn report_refuses_to_overwrite_and_needs_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let xlsx = dir.path().join("report.xlsx");
    let csv = dir.path().join("csv");
    officeplan_ok(&["report", s(&file), "--xlsx", s(&xlsx)]);
    officeplan_ok(&["report", s(&file), "--csv", s(&csv)]);
    for args in [
        ["report", s(&file), "--xlsx", s(&xlsx)],
        ["report", s(&file), "--csv", s(&csv)],
    ] {
        let out = officeplan(&args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    officeplan_ok(&["report", s(&file), "--xlsx", s(&xlsx), "--force"]);
    officeplan_ok(&["report", s(&file), "--csv", s(&csv), "--force"]);
    assert!(!officeplan(&["report", s(&file)]).status.success());
    let bad_date = officeplan(&[
        "report",
        s(&file),
        "--xlsx",
        s(&xlsx),
        "--force",
        "--as-of",
        "x",
    ]);
    assert!(!bad_date.status.success());
    let missing = officeplan(&["report", "/nonexistent.gpkg", "--xlsx", s(&xlsx), "--force"]);
    assert!(!missing.status.success());
}

#[test]
fn as_of_moves_the_idle_days() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let days = |as_of: &str| -> i64 {
        let out = dir.path().join(as_of);
        officeplan_ok(&["report", s(&file), "--csv", s(&out), "--as-of", as_of]);
        let text = std::fs::read_to_string(out.join("闲置清单.csv")).unwrap();
        // Line 3 is the first idle room; its last field is 闲置天数.
        let first = text.lines().nth(2).unwrap();
        first.rsplit(',').next().unwrap().parse().unwrap()
    };
    // Thirty days later, every idle room has been idle thirty days longer.
    assert_eq!(days("2026-10-30") - days("2026-09-30"), 30);
}
