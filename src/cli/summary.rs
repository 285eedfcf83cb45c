//! `officeplan summary`: counts and areas by site / building / floor × category × status.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::analysis::area::round_m2;
use crate::analysis::gross::{BuildingGross, BuildingUsable, GrossBasis, GrossFigure};
use crate::analysis::{AreaBasis, CategoryStatusTotals};
use crate::model::{Coded as _, RoomCategory, RoomStatus};
use crate::standards::ProjectStandard;
use crate::store::{ProjectIndex, SiteEntry};

fn cell_json(rooms: u64, area: f64) -> Value {
    json!({ "rooms": rooms, "area_m2": round_m2(area) })
}

fn totals_json(totals: &CategoryStatusTotals) -> Map<String, Value> {
    let total = totals.total();
    let mut map = Map::new();
    map.insert("rooms".into(), json!(total.rooms));
    map.insert("room_area_m2".into(), json!(round_m2(total.area_m2)));
    let by_category: Map<String, Value> = RoomCategory::ALL
        .iter()
        .map(|c| {
            let cell = totals.by_category(*c);
            (c.code().to_owned(), cell_json(cell.rooms, cell.area_m2))
        })
        .collect();
    let by_status: Map<String, Value> = RoomStatus::ALL
        .iter()
        .map(|s| {
            let cell = totals.by_status(*s);
            (s.code().to_owned(), cell_json(cell.rooms, cell.area_m2))
        })
        .collect();
    map.insert("by_category".into(), Value::Object(by_category));
    map.insert("by_status".into(), Value::Object(by_status));
    map
}

/// A building's 建筑面积 figures ([`BuildingGross::of`], the reports' one source), by the
/// building's entry in the index; `None` when the file's standard cannot be read.
fn building_gross(index: &ProjectIndex) -> Option<Vec<BuildingGross>> {
    let standard = ProjectStandard::resolve(&index.settings).ok()?;
    Some(
        index
            .buildings
            .iter()
            .map(|b| {
                BuildingGross::of(
                    &b.building,
                    &BuildingUsable::of_totals(&b.totals),
                    standard.set.coefficient.for_building(&b.building),
                )
            })
            .collect(),
    )
}

fn figure_json(figure: GrossFigure) -> Value {
    json!({ "area_m2": round_m2(figure.m2), "basis": figure.basis.code() })
}

/// 建筑面积 by category (办公用房 incl. 附属, 附属用房, 技术业务用房), each split by basis
/// (recorded, apportioned, estimated), over every building.
fn gross_totals_json(figures: &[BuildingGross]) -> Value {
    let category = |pick: fn(&BuildingGross) -> GrossFigure| {
        let by = |basis: GrossBasis| {
            round_m2(
                figures
                    .iter()
                    .map(pick)
                    .filter(|f| f.basis == basis)
                    .map(|f| f.m2)
                    .sum(),
            ) + 0.0 // an empty sum is -0.0
        };
        json!({
            "area_m2": round_m2(figures.iter().map(|f| pick(f).m2).sum()),
            "recorded_m2": by(GrossBasis::Recorded),
            "apportioned_m2": by(GrossBasis::Apportioned),
            "estimated_m2": by(GrossBasis::Estimated),
        })
    };
    json!({
        "office": category(|g| g.office),
        "ancillary": category(|g| g.ancillary),
        "technical": category(|g| g.technical),
    })
}

/// The summary as one JSON object (`rooms`, `room_area_m2`, breakdowns, the 建筑面积 figures
/// (`gross`) and the tree): what [`write_json`] writes, made whole (the test's reference).
#[cfg(test)]
fn summary_json(path: &Path, index: &ProjectIndex) -> Value {
    let gross = building_gross(index);
    let mut root = root_json(path, index, gross.as_deref());
    let sites: Vec<Value> = index
        .sites
        .iter()
        .map(|site| site_json(index, gross.as_deref(), site))
        .collect();
    root.insert("sites".into(), json!(sites));
    Value::Object(root)
}

/// Every field of [`summary_json`] but the tree (`sites`).
fn root_json(
    path: &Path,
    index: &ProjectIndex,
    gross: Option<&[BuildingGross]>,
) -> Map<String, Value> {
    let mut root = totals_json(&index.totals);
    root.insert(
        "gross".into(),
        gross.map_or(Value::Null, gross_totals_json),
    );
    root.insert("file".into(), json!(path.display().to_string()));
    root.insert("area_basis".into(), json!(AreaBasis::Usable.zh()));
    root.insert(
        "region".into(),
        json!(index.region.as_ref().map(|r| &r.name)),
    );
    root.insert("standard".into(), json!(index.settings.standard));
    root
}

/// One compound of the tree with its buildings and floors.
fn site_json(index: &ProjectIndex, gross: Option<&[BuildingGross]>, site: &SiteEntry) -> Value {
    let mut s = totals_json(&site.totals);
    s.insert("name".into(), json!(site.site.name));
    let buildings: Vec<Value> = site
        .buildings
        .iter()
        .filter_map(|b| Some((*b, index.buildings.get(*b)?)))
        .map(|(i, b)| {
            let mut bj = totals_json(&b.totals);
            if let Some(g) = gross.and_then(|g| g.get(i)) {
                bj.insert(
                    "gross".into(),
                    json!({
                        "office": figure_json(g.office),
                        "ancillary": figure_json(g.ancillary),
                        "technical": figure_json(g.technical),
                    }),
                );
            }
            bj.insert("name".into(), json!(b.building.name));
            let building = &b.building;
            bj.insert("year_built".into(), json!(building.year_built));
            bj.insert("gross_area_m2".into(), json!(building.gross_area_m2));
            bj.insert("title_status".into(), json!(building.title_status.code()));
            bj.insert("rented".into(), json!(building.rented));
            bj.insert("returned_on".into(), json!(building.returned_on));
            let floors: Vec<Value> = b
                .floors
                .iter()
                .filter_map(|f| index.floors.get(*f))
                .map(|f| {
                    let mut fj = totals_json(&f.totals);
                    fj.insert("name".into(), json!(f.floor.name));
                    Value::Object(fj)
                })
                .collect();
            bj.insert("floors".into(), json!(floors));
            Value::Object(bj)
        })
        .collect();
    s.insert("buildings".into(), json!(buildings));
    Value::Object(s)
}

/// The summary as one JSON object (`rooms`, `room_area_m2`, breakdowns, the 建筑面积 figures
/// (`gross`) and the tree), pretty-printed, with a newline.
fn write_json(out: &mut impl Write, path: &Path, index: &ProjectIndex) -> anyhow::Result<()> {
    let gross = building_gross(index);
    let summary = StreamedSummary {
        root: root_json(path, index, gross.as_deref()),
        index,
        gross: gross.as_deref(),
    };
    serde_json::to_writer_pretty(&mut *out, &summary)?;
    writeln!(out)?;
    Ok(())
}

/// The summary as it is written: the same text, but the tree is made one compound at a
/// time while it is written (a province's whole tree as one `Value` held 1 GB for 70 MB of
/// text).
struct StreamedSummary<'a> {
    root: Map<String, Value>,
    index: &'a ProjectIndex,
    gross: Option<&'a [BuildingGross]>,
}

impl serde::Serialize for StreamedSummary<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        // The keys in the order of a `Map` (sorted), `sites` among them.
        let mut keys: Vec<&str> = self
            .root
            .keys()
            .map(String::as_str)
            .chain(["sites"])
            .collect();
        keys.sort_unstable();
        let mut map = serializer.serialize_map(Some(keys.len()))?;
        for key in keys {
            match self.root.get(key) {
                Some(value) => map.serialize_entry(key, value)?,
                None => map.serialize_entry(key, &StreamedSites(self))?,
            }
        }
        map.end()
    }
}

struct StreamedSites<'a, 'b>(&'b StreamedSummary<'a>);

impl serde::Serialize for StreamedSites<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let summary = self.0;
        let mut seq = serializer.serialize_seq(Some(summary.index.sites.len()))?;
        for site in &summary.index.sites {
            seq.serialize_element(&site_json(summary.index, summary.gross, site))?;
        }
        seq.end()
    }
}

fn line(label: &str, totals: &CategoryStatusTotals, indent: usize) -> String {
    let total = totals.total();
    format!(
        "{:indent$}{label}  {}  {:.2} m²",
        "",
        crate::t!("summary.rooms", count = total.rooms),
        round_m2(total.area_m2),
        indent = indent
    )
}

/// Prints the summary as text or JSON.
pub fn print(path: &Path, index: &ProjectIndex, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        write_json(&mut out, path, index)?;
        out.flush()?;
        return Ok(());
    }
    let region = index
        .region
        .as_ref()
        .map_or(String::new(), |r| r.name.clone());
    writeln!(
        out,
        "{}",
        crate::t!(
            "summary.title",
            region = region,
            basis = AreaBasis::Usable.label()
        )
    )?;
    writeln!(out, "{}", line(&crate::t!("summary.all"), &index.totals, 0))?;
    writeln!(out, "{}", crate::t!("summary.by_category"))?;
    for c in RoomCategory::ALL {
        let cell = index.totals.by_category(*c);
        writeln!(
            out,
            "  {:<8} {:>7}  {:>12.2} m²",
            crate::labels::category(*c),
            cell.rooms,
            round_m2(cell.area_m2)
        )?;
    }
    writeln!(out, "{}", crate::t!("summary.by_status"))?;
    for s in RoomStatus::ALL {
        let cell = index.totals.by_status(*s);
        writeln!(
            out,
            "  {:<8} {:>7}  {:>12.2} m²",
            crate::labels::status(*s),
            cell.rooms,
            round_m2(cell.area_m2)
        )?;
    }
    if let Some(figures) = building_gross(index) {
        let sum = |pick: fn(&BuildingGross) -> GrossFigure| -> f64 {
            round_m2(figures.iter().map(|g| pick(g).m2).sum()) + 0.0
        };
        writeln!(
            out,
            "{}",
            crate::t!(
                "office_table.summary_gross",
                office = format!("{:.2}", sum(|g| g.office)),
                ancillary = format!("{:.2}", sum(|g| g.ancillary)),
                technical = format!("{:.2}", sum(|g| g.technical))
            )
        )?;
    }
    writeln!(out, "{}", crate::t!("summary.tree"))?;
    for site in &index.sites {
        writeln!(out, "{}", line(&site.site.name, &site.totals, 2))?;
        for b in site
            .buildings
            .iter()
            .filter_map(|b| index.buildings.get(*b))
        {
            writeln!(out, "{}", line(&b.building.name, &b.totals, 4))?;
            for f in b.floors.iter().filter_map(|f| index.floors.get(*f)) {
                writeln!(out, "{}", line(&f.floor.name, &f.totals, 6))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary written one compound at a time is the text of the whole object.
    #[test]
    fn the_streamed_summary_is_the_whole_objects_text() {
        let dir = tempfile::tempdir().expect("dir");
        let (_, store) = crate::store::sample_store(dir.path());
        let index = store.load_index().expect("index");
        let path = Path::new("sample.gpkg");
        let mut written = Vec::new();
        write_json(&mut written, path, &index).expect("write");
        let whole = serde_json::to_string_pretty(&summary_json(path, &index)).expect("text");
        assert_eq!(String::from_utf8(written).expect("utf-8"), format!("{whole}\n"));
        // The sample's 450 rooms (sample_plans/README.md).
        assert_eq!(summary_json(path, &index)["rooms"], 450);
    }
}
