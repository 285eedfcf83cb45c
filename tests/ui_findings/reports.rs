//! 报表 in the window: 办公用房信息 written from the menu (the date asked, the path typed) is a
//! workbook whose totals equal what `officeplan check --json` says of the same file, and the
//! date asked is the date the check is made as of.

use std::path::Path;

use calamine::{Data, Reader as _, Xlsx, open_workbook};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use officeplan::ui::OfficeplanApp;
use serde_json::Value;

use crate::common::officeplan_ok;
use crate::ui_support::{open_sample, serial, type_into, wait_for_jobs};

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(t)) => t.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        #[allow(clippy::cast_precision_loss)]
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// 报表 → `item`, the date and path typed, 确定; waits for the job.
fn write_report(h: &mut Harness<'_, OfficeplanApp>, item: &str, as_of: &str, out: &Path) {
    h.get_by_label("报表").click();
    h.run();
    h.get_by_label(item).click();
    // A new window takes a few frames to size itself.
    h.run_steps(8);
    // The file's statistics date is proposed.
    assert_eq!(
        h.get_by_label("统计截止日期").value().as_deref(),
        Some("2026-09-30")
    );
    type_into(h, "统计截止日期", as_of);
    type_into(h, "文件路径", out.to_str().unwrap());
    h.get_by_label("确定").click();
    h.run();
    wait_for_jobs(h);
}

/// The sheet's rows, from the one whose first cell is `first` (the header) to the 合计 row.
fn rows_from(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    first: &str,
) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(sheet).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let at = rows
        .iter()
        .position(|r| text(r.first()) == first)
        .unwrap_or_else(|| panic!("no row starting with {first}"));
    rows[at..].to_vec()
}

#[test]
fn the_office_table_from_the_menu_adds_up_to_the_file() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    let file = h.state().workspace().unwrap().path().to_path_buf();
    let out = dir.path().join("办公用房信息.xlsx");
    // The filler typed in the dialog is saved in the file and printed in the header block.
    h.get_by_label("报表").click();
    h.run();
    h.get_by_label("办公用房信息…").click();
    h.run_steps(8);
    type_into(&mut h, "填表人姓名", "张敏");
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(h.state().workspace().unwrap().report_filler().name, "");
    h.get_by_label("报表").click();
    h.run();
    h.get_by_label("办公用房信息…").click();
    h.run_steps(8);
    type_into(&mut h, "填表人姓名", "张敏");
    type_into(&mut h, "文件路径", out.to_str().unwrap());
    h.get_by_label("确定").click();
    h.run();
    wait_for_jobs(&mut h);
    assert!(
        h.state()
            .notifications()
            .iter()
            .any(|(m, error)| !error && m.contains("1 张表")),
        "{:?}",
        h.state().notifications()
    );
    assert_eq!(h.state().workspace().unwrap().report_filler().name, "张敏");

    let summary: Value = serde_json::from_str(&officeplan_ok(&[
        "summary",
        file.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let check: Value =
        serde_json::from_str(&officeplan_ok(&["check", file.to_str().unwrap(), "--json"])).unwrap();
    let units = check["units"].as_array().unwrap();
    let posts: f64 = units.iter().map(|u| u["posts"].as_f64().unwrap()).sum();
    let category = |c: &str| summary["by_category"][c]["area_m2"].as_f64().unwrap();

    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["办公用房信息"]);
    let range = book.worksheet_range("办公用房信息").unwrap();
    assert!(
        range
            .rows()
            .any(|r| r.iter().any(|c| text(Some(c)) == "张敏"))
    );
    // The 总计 section: its heading, two header rows (a group row over 批复编制 and
    // 基本办公用房使用面积, then the columns), the one row.
    let rows = rows_from(&mut book, "办公用房信息", "总计");
    let (upper, lower, total) = (&rows[1], &rows[2], &rows[3]);
    let header = |i: usize| {
        let l = text(lower.get(i));
        if l.is_empty() { text(upper.get(i)) } else { l }
    };
    let columns = |name: &str| -> Vec<usize> {
        (0..upper.len().max(lower.len()))
            .filter(|i| header(*i) == name)
            .collect()
    };
    let column = |name: &str| {
        *columns(name)
            .last()
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    // Each total is the file's (summary --json): every room lands in one row
    // (docs/report-rules.md).
    for (name, want) in [
        ("办公室", category("office")),
        ("服务用房", category("service")),
        ("设备用房", category("equipment")),
        (
            "合计",
            category("office") + category("service") + category("equipment"),
        ),
        (
            "附属用房建筑面积",
            summary["gross"]["ancillary"]["area_m2"].as_f64().unwrap(),
        ),
    ] {
        let written = number(total.get(column(name)));
        assert!((written - want).abs() < 0.005, "{name}: {written} ≠ {want}");
    }
    // The posts' 合计 (the first 合计 column) is the check's approved posts.
    let written = number(total.get(columns("合计")[0]));
    assert!((written - posts).abs() < 1e-9, "{written} ≠ {posts}");
}

#[test]
fn the_over_list_is_checked_as_of_the_date_asked() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    // 唐立强 retired 2026-03-31 and had until 2026-04-30 to vacate 505 (tests/check_sample.rs):
    // listed as of the statistics date 2026-09-30, not as of 2026-04-30.
    let listed = |h: &mut Harness<'_, OfficeplanApp>, as_of: &str| {
        let out = dir.path().join(format!("超标清单_{as_of}.xlsx"));
        write_report(h, "超标清单…", as_of, &out);
        let mut book: Xlsx<_> = open_workbook(&out).unwrap();
        let range = book.worksheet_range("超标清单").unwrap();
        range
            .rows()
            .any(|r| r.iter().any(|c| text(Some(c)) == "唐立强"))
    };
    assert!(listed(&mut h, "2026-09-30"));
    assert!(!listed(&mut h, "2026-04-30"));
}
