//! 楼栋台账: every building of the file in one table a planner can search and sort — the
//! typed fields of 办公用房信息 beside the areas measured from the rooms — with 编辑… on each
//! row. It changes nothing itself: 编辑… and 定位 come back as a [`LedgerAction`].

use std::cmp::Ordering;

use super::by_generation::ByGeneration;
use crate::analysis::area::round_m2;
use crate::i18n::{Language, language};
use crate::model::{Coded as _, RoomStatus, TitleStatus};
use crate::store::ProjectIndex;

/// A column of the ledger, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerColumn {
    Site,
    Name,
    Year,
    Storeys,
    Gross,
    Office,
    Rooms,
    Usable,
    Idle,
    Title,
    Tenure,
}

impl LedgerColumn {
    pub const ALL: [Self; 11] = [
        Self::Site,
        Self::Name,
        Self::Year,
        Self::Storeys,
        Self::Gross,
        Self::Office,
        Self::Rooms,
        Self::Usable,
        Self::Idle,
        Self::Title,
        Self::Tenure,
    ];

    fn header(self) -> String {
        let key = match self {
            Self::Site => "ledger.col.site",
            Self::Name => "ledger.col.name",
            Self::Year => "ledger.col.year",
            Self::Storeys => "ledger.col.storeys",
            Self::Gross => "ledger.col.gross",
            Self::Office => "ledger.col.office",
            Self::Rooms => "ledger.col.rooms",
            Self::Usable => "ledger.col.usable",
            Self::Idle => "ledger.col.idle",
            Self::Title => "ledger.col.title",
            Self::Tenure => "ledger.col.tenure",
        };
        crate::t!(key).into_owned()
    }
}

/// One building's row: what it is (typed) and what its rooms measure (使用面积).
#[derive(Clone, Debug, PartialEq)]
pub struct LedgerRow {
    /// Index of the building in [`ProjectIndex::buildings`].
    pub index: usize,
    pub site: String,
    pub name: String,
    pub year: Option<i32>,
    pub storeys: Option<i32>,
    pub basement_storeys: Option<i32>,
    /// 总建筑面积 as recorded (建筑面积).
    pub gross_m2: Option<f64>,
    /// 办公用房建筑面积 as recorded (建筑面积).
    pub office_gross_m2: Option<f64>,
    pub rooms: u64,
    /// 使用面积 of its rooms.
    pub usable_m2: f64,
    /// 使用面积 of its idle rooms.
    pub idle_m2: f64,
    pub title: TitleStatus,
    pub certificate: String,
    /// 自有 / 租(借)用 / 已退租 (date), in the language of the moment.
    pub tenure: String,
    pub has_position: bool,
}

/// The rows of every building in the index.
pub fn ledger_rows(index: &ProjectIndex) -> Vec<LedgerRow> {
    index
        .buildings
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let b = &entry.building;
            let tenure = match (&b.returned_on, b.rented) {
                (Some(date), _) => crate::t!("ledger.returned", date = date.to_string()),
                (None, true) => crate::t!("ledger.rented"),
                (None, false) => crate::t!("ledger.owned"),
            }
            .into_owned();
            let site = index.sites.get(entry.site).map(|s| &s.site);
            LedgerRow {
                index: i,
                site: site.map(|s| s.name.clone()).unwrap_or_default(),
                name: b.name.clone(),
                year: b.year_built,
                storeys: b.storeys,
                basement_storeys: b.basement_storeys,
                gross_m2: b.gross_area_m2,
                office_gross_m2: b.office_gross_m2,
                rooms: entry.totals.total().rooms,
                usable_m2: entry.totals.total().area_m2,
                idle_m2: entry.totals.by_status(RoomStatus::Idle).area_m2,
                title: b.title_status,
                certificate: b.certificate_no.clone(),
                tenure,
                // The site map places a building at its anchor, else at its compound.
                has_position: b.anchor_lon_lat.is_some()
                    || site.is_some_and(|s| s.lon_lat.is_some()),
            }
        })
        .collect()
}

/// Whether a row matches a typed search: every word in 院落, 楼栋, 不动产权证号, 权属 or
/// 租(借)用 (case-insensitive; an empty search matches everything).
pub fn matches(row: &LedgerRow, query: &str) -> bool {
    let haystack = format!(
        "{} {} {} {} {}",
        row.site,
        row.name,
        row.certificate,
        title_label(row.title),
        row.tenure
    )
    .to_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

/// Orders two rows by a column; rows without a value go last, ties by site then name.
pub fn compare(a: &LedgerRow, b: &LedgerRow, column: LedgerColumn) -> Ordering {
    fn opt<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let by = match column {
        LedgerColumn::Site => a.site.cmp(&b.site),
        LedgerColumn::Name => a.name.cmp(&b.name),
        LedgerColumn::Year => opt(a.year, b.year),
        LedgerColumn::Storeys => opt(a.storeys, b.storeys),
        LedgerColumn::Gross => opt(a.gross_m2, b.gross_m2),
        LedgerColumn::Office => opt(a.office_gross_m2, b.office_gross_m2),
        LedgerColumn::Rooms => a.rooms.cmp(&b.rooms),
        LedgerColumn::Usable => a.usable_m2.total_cmp(&b.usable_m2),
        LedgerColumn::Idle => a.idle_m2.total_cmp(&b.idle_m2),
        LedgerColumn::Title => a.title.code().cmp(b.title.code()),
        LedgerColumn::Tenure => a.tenure.cmp(&b.tenure),
    };
    by.then_with(|| a.site.cmp(&b.site))
        .then_with(|| a.name.cmp(&b.name))
}

/// The rows a search keeps, in the chosen order.
pub fn shown<'a>(
    rows: &'a [LedgerRow],
    query: &str,
    column: LedgerColumn,
    ascending: bool,
) -> Vec<&'a LedgerRow> {
    let mut kept: Vec<&LedgerRow> = rows.iter().filter(|r| matches(r, query)).collect();
    kept.sort_by(|a, b| {
        let o = compare(a, b, column);
        if ascending { o } else { o.reverse() }
    });
    kept
}

/// What the planner asked of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerAction {
    /// 编辑… the building at this index.
    Edit(usize),
    /// 定位: show the building on the site map.
    Locate(usize),
}

/// The 楼栋台账 window's state.
pub struct BuildingLedger {
    pub open: bool,
    query: String,
    column: LedgerColumn,
    ascending: bool,
    rows: ByGeneration<Vec<LedgerRow>, (u64, Language)>,
}

impl Default for BuildingLedger {
    fn default() -> Self {
        Self {
            open: false,
            query: String::new(),
            column: LedgerColumn::Site,
            ascending: true,
            rows: ByGeneration::default(),
        }
    }
}

/// 已登记 / 备案 / 未办证 in the language of the moment (the building form's words).
fn title_label(status: TitleStatus) -> String {
    let key = format!("form.title.{}", status.code());
    crate::t!(&key).into_owned()
}

fn cell_m2(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.2}", round_m2(v)))
}

fn cell_int(value: Option<i32>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

impl BuildingLedger {
    /// The window, while open; `generation` is the workspace's, so rows are rebuilt after a
    /// change only.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        index: &ProjectIndex,
        generation: u64,
    ) -> Option<LedgerAction> {
        if !self.open {
            return None;
        }
        let mut action = None;
        let mut open = self.open;
        let rows = self
            .rows
            .get_or_insert_with((generation, language()), || ledger_rows(index))
            .clone();
        egui::Window::new(crate::t!("ledger.title").as_ref())
            .open(&mut open)
            .default_pos([180.0, 110.0])
            .default_size([1100.0, 420.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label(crate::t!("ledger.search").as_ref());
                    ui.add(
                        egui::TextEdit::singleline(&mut self.query)
                            .hint_text(crate::t!("ledger.search_hint").as_ref())
                            .desired_width(240.0),
                    )
                    .labelled_by(label.id);
                });
                let kept = shown(&rows, &self.query, self.column, self.ascending);
                ui.small(
                    crate::t!(
                        "ledger.count",
                        shown = kept.len(),
                        total = rows.len(),
                        usable = format!(
                            "{:.2}",
                            round_m2(kept.iter().map(|r| r.usable_m2).sum::<f64>())
                        )
                    )
                    .as_ref(),
                );
                egui::ScrollArea::both()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        egui::Grid::new("building_ledger")
                            .striped(true)
                            .num_columns(LedgerColumn::ALL.len() + 1)
                            .show(ui, |ui| {
                                // The row's buttons come first, so a narrow window still has them.
                                ui.label("");
                                for column in LedgerColumn::ALL {
                                    let sorted = (column == self.column).then_some(self.ascending);
                                    if super::sort_header::ui(ui, &column.header(), sorted, None) {
                                        (self.column, self.ascending) =
                                            super::sort_header::after_click(
                                                Some((self.column, self.ascending)),
                                                column,
                                            );
                                    }
                                }
                                ui.end_row();
                                for row in &kept {
                                    ui.horizontal(|ui| {
                                        if ui
                                            .small_button(crate::t!("nav.edit").as_ref())
                                            .on_hover_text(row.name.as_str())
                                            .clicked()
                                        {
                                            action = Some(LedgerAction::Edit(row.index));
                                        }
                                        if ui
                                            .add_enabled(
                                                row.has_position,
                                                egui::Button::new(
                                                    crate::t!("ledger.locate").as_ref(),
                                                )
                                                .small(),
                                            )
                                            .on_disabled_hover_text(
                                                crate::t!("ledger.no_position").as_ref(),
                                            )
                                            .clicked()
                                        {
                                            action = Some(LedgerAction::Locate(row.index));
                                        }
                                    });
                                    ui.label(row.site.as_str());
                                    ui.label(row.name.as_str());
                                    ui.label(cell_int(row.year));
                                    ui.label(format!(
                                        "{}/{}",
                                        cell_int(row.storeys),
                                        cell_int(row.basement_storeys)
                                    ));
                                    ui.label(cell_m2(row.gross_m2));
                                    ui.label(cell_m2(row.office_gross_m2));
                                    ui.label(row.rooms.to_string());
                                    ui.label(cell_m2(Some(row.usable_m2)));
                                    ui.label(cell_m2(Some(row.idle_m2)));
                                    ui.label(title_label(row.title));
                                    ui.label(row.tenure.as_str());
                                    ui.end_row();
                                }
                            });
                    });
            });
        self.open = open;
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(site: &str, name: &str, year: Option<i32>, usable: f64) -> LedgerRow {
        LedgerRow {
            index: 0,
            site: site.into(),
            name: name.into(),
            year,
            storeys: None,
            basement_storeys: None,
            gross_m2: None,
            office_gross_m2: None,
            rooms: 0,
            usable_m2: usable,
            idle_m2: 0.0,
            title: TitleStatus::Registered,
            certificate: "鄂(2019)第0001234号".into(),
            tenure: "自有".into(),
            has_position: false,
        }
    }

    #[test]
    fn search_keeps_rows_with_every_word_and_sorting_puts_unknown_years_last() {
        let rows = vec![
            row("城关院", "综合楼", Some(1998), 3100.0),
            row("城关院", "老办公楼", None, 820.5),
            row("青山院", "镇政府楼", Some(2008), 1400.0),
        ];
        let names = |kept: Vec<&LedgerRow>| kept.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(shown(&rows, "城关 楼", LedgerColumn::Name, true)),
            ["综合楼", "老办公楼"]
        );
        assert_eq!(
            names(shown(&rows, "0001234", LedgerColumn::Site, true)).len(),
            3
        );
        assert_eq!(
            names(shown(&rows, "", LedgerColumn::Year, true)),
            ["综合楼", "镇政府楼", "老办公楼"]
        );
        assert_eq!(
            names(shown(&rows, "", LedgerColumn::Usable, false)),
            ["综合楼", "镇政府楼", "老办公楼"]
        );
    }

    #[test]
    fn the_sample_ledger_reconciles_with_the_index_totals() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let index = store.load_index().expect("index");
        let rows = ledger_rows(&index);
        assert_eq!(rows.len(), index.buildings.len());
        let usable: f64 = rows.iter().map(|r| r.usable_m2).sum();
        assert!((usable - index.totals.total().area_m2).abs() < 1e-6);
    }
}
