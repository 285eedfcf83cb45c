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
fn the_office_table_from_the_menu_adds_up_to_the_check() {
    let _guard = serial();
    let (dir, mut h) = open_sample();
    let file = h.state().workspace().unwrap().path().to_path_buf();
    let out = dir.path().join("办公用房信息.xlsx");
    write_report(&mut h, "办公用房信息…", "2026-09-30", &out);
    assert!(
        h.state()
            .notifications()
            .iter()
            .any(|(m, error)| !error && m.contains("1 张表")),
        "{:?}",
        h.state().notifications()
    );

    let check: Value =
        serde_json::from_str(&officeplan_ok(&["check", file.to_str().unwrap(), "--json"])).unwrap();
    let units = check["units"].as_array().unwrap();
    let sum = |key: &str| -> f64 { units.iter().map(|u| u[key].as_f64().unwrap()).sum() };

    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["办公用房信息"]);
    let rows = rows_from(&mut book, "办公用房信息", "序号");
    // Two header rows (a group row over 批复编制 and 基本办公用房使用面积, then the columns):
    // a column's name is its lower cell, else its upper one.
    let (upper, lower) = (&rows[0], &rows[1]);
    let header = |i: usize| {
        let l = text(lower.get(i));
        if l.is_empty() { text(upper.get(i)) } else { l }
    };
    let column = |name: &str| {
        (0..upper.len().max(lower.len()))
            .find(|i| header(*i) == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let total = rows
        .iter()
        .find(|r| text(r.first()) == "合计")
        .expect("a 合计 row");
    // Each total is the sum of check --json's units (rounded to 0.01 m² per unit, as both
    // write them).
    for (name, key) in [
        ("办公室", "used_office_m2"),
        ("服务用房", "used_service_m2"),
        ("设备用房", "used_plant_m2"),
        ("合计", "used_basic_m2"),
        ("附属用房建筑面积", "ancillary_gross_m2"),
    ] {
        let written = number(total.get(column(name)));
        assert!(
            (written - sum(key)).abs() < 0.005,
            "{name}: {written} ≠ {}",
            sum(key)
        );
    }
    // The 批复编制 columns (between 类别 and 办公室: the county's five rank rows and any
    // other grade a unit has posts of) add up to the check's approved posts.
    let posts: f64 = (column("类别") + 1..column("办公室"))
        .map(|i| number(total.get(i)))
        .sum();
    assert!(
        (posts - sum("posts")).abs() < 1e-9,
        "{posts} ≠ {}",
        sum("posts")
    );
    // One row per unit between the headers and the total (and one for 机关食堂, the building
    // that is no unit's main one).
    let unit_rows = rows
        .iter()
        .skip(2)
        .take_while(|r| text(r.first()) != "合计")
        .filter(|r| !text(r.get(column("使用单位"))).is_empty())
        .count();
    assert_eq!(unit_rows, units.len());
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
