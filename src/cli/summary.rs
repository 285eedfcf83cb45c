//! `officeplan summary`: counts and areas by site / building / floor × category × status.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::analysis::area::round_m2;
use crate::analysis::gross::{BuildingGross, BuildingUsable, GrossBasis, GrossFigure};
use crate::analysis::{AreaBasis, CategoryStatusTotals};
use crate::model::{Coded as _, RoomCategory, RoomStatus};
use crate::standards::ProjectStandard;
use crate::store::ProjectIndex;
#[cfg(test)]
use crate::store::SiteEntry;

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
    root.insert("gross".into(), gross.map_or(Value::Null, gross_totals_json));
    root.insert("file".into(), json!(path.display().to_string()));
    root.insert("area_basis".into(), json!(AreaBasis::Usable.zh()));
    root.insert(
        "region".into(),
        json!(index.region.as_ref().map(|r| &r.name)),
    );
    root.insert("standard".into(), json!(index.settings.standard));
    root
}

/// One compound of the tree with its buildings and floors, made whole (the test's reference
/// for [`Node`]).
#[cfg(test)]
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

/// The summary as it is written: the text of [`summary_json`], but the tree is written node
/// by node straight from the index, never made whole (a province's tree as one `Value` held
/// 1 GB for 70 MB of text, and building each floor's object took most of the time).
struct StreamedSummary<'a> {
    root: Map<String, Value>,
    index: &'a ProjectIndex,
    gross: Option<&'a [BuildingGross]>,
}

impl serde::Serialize for StreamedSummary<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tree = Tree {
            index: self.index,
            gross: self.gross,
        };
        let mut fields: Vec<(&str, Field<'_>)> = self
            .root
            .iter()
            .map(|(k, v)| (k.as_str(), Field::Json(v.clone())))
            .collect();
        fields.push(("sites", Field::Sites));
        Node {
            fields,
            tree: &tree,
        }
        .serialize(serializer)
    }
}

/// What the nodes of the tree read.
struct Tree<'a> {
    index: &'a ProjectIndex,
    gross: Option<&'a [BuildingGross]>,
}

/// One field of a node as it is written.
enum Field<'a> {
    Json(Value),
    Count(u64),
    /// m², written rounded to 0.01.
    Area(f64),
    ByCategory(&'a CategoryStatusTotals),
    ByStatus(&'a CategoryStatusTotals),
    Sites,
    Buildings(&'a [usize]),
    Floors(&'a [usize]),
}

/// A JSON object written with its keys in the order of a `Map` (sorted), as
/// [`summary_json`] has them.
struct Node<'a, 't> {
    fields: Vec<(&'a str, Field<'a>)>,
    tree: &'t Tree<'a>,
}

impl serde::Serialize for Node<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut order: Vec<usize> = (0..self.fields.len()).collect();
        order.sort_unstable_by_key(|i| self.fields.get(*i).map(|(k, _)| *k));
        let mut map = serializer.serialize_map(Some(order.len()))?;
        for (key, field) in order.iter().filter_map(|i| self.fields.get(*i)) {
            map.serialize_entry(
                key,
                &Written {
                    field,
                    tree: self.tree,
                },
            )?;
        }
        map.end()
    }
}

struct Written<'f, 'a, 't> {
    field: &'f Field<'a>,
    tree: &'t Tree<'a>,
}

impl serde::Serialize for Written<'_, '_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let tree = self.tree;
        let index = tree.index;
        match self.field {
            Field::Json(value) => value.serialize(serializer),
            Field::Count(n) => serializer.serialize_u64(*n),
            Field::Area(m2) => json!(round_m2(*m2)).serialize(serializer),
            Field::ByCategory(totals) => {
                let mut codes: Vec<RoomCategory> = RoomCategory::ALL.to_vec();
                codes.sort_unstable_by_key(|c| c.code());
                cells(
                    serializer,
                    codes.iter().map(|c| (c.code(), totals.by_category(*c))),
                )
            }
            Field::ByStatus(totals) => {
                let mut codes: Vec<RoomStatus> = RoomStatus::ALL.to_vec();
                codes.sort_unstable_by_key(|s| s.code());
                cells(
                    serializer,
                    codes.iter().map(|s| (s.code(), totals.by_status(*s))),
                )
            }
            Field::Sites => {
                let mut seq = serializer.serialize_seq(Some(index.sites.len()))?;
                for site in &index.sites {
                    let mut fields = totals_fields(&site.totals);
                    fields.push(("name", Field::Json(json!(site.site.name))));
                    fields.push(("buildings", Field::Buildings(&site.buildings)));
                    seq.serialize_element(&Node { fields, tree })?;
                }
                seq.end()
            }
            Field::Buildings(list) => {
                let buildings: Vec<(usize, &crate::store::BuildingEntry)> = list
                    .iter()
                    .filter_map(|b| Some((*b, index.buildings.get(*b)?)))
                    .collect();
                let mut seq = serializer.serialize_seq(Some(buildings.len()))?;
                for (i, b) in buildings {
                    let building = &b.building;
                    let mut fields = totals_fields(&b.totals);
                    if let Some(g) = tree.gross.and_then(|g| g.get(i)) {
                        let gross = json!({
                            "office": figure_json(g.office),
                            "ancillary": figure_json(g.ancillary),
                            "technical": figure_json(g.technical),
                        });
                        fields.push(("gross", Field::Json(gross)));
                    }
                    fields.extend([
                        ("name", Field::Json(json!(building.name))),
                        ("year_built", Field::Json(json!(building.year_built))),
                        ("gross_area_m2", Field::Json(json!(building.gross_area_m2))),
                        (
                            "title_status",
                            Field::Json(json!(building.title_status.code())),
                        ),
                        ("rented", Field::Json(json!(building.rented))),
                        ("returned_on", Field::Json(json!(building.returned_on))),
                        ("floors", Field::Floors(&b.floors)),
                    ]);
                    seq.serialize_element(&Node { fields, tree })?;
                }
                seq.end()
            }
            Field::Floors(list) => {
                let floors: Vec<&crate::store::FloorEntry> =
                    list.iter().filter_map(|f| index.floors.get(*f)).collect();
                let mut seq = serializer.serialize_seq(Some(floors.len()))?;
                for f in floors {
                    let mut fields = totals_fields(&f.totals);
                    fields.push(("name", Field::Json(json!(f.floor.name))));
                    seq.serialize_element(&Node { fields, tree })?;
                }
                seq.end()
            }
        }
    }
}

/// The fields of [`totals_json`].
fn totals_fields(totals: &CategoryStatusTotals) -> Vec<(&'static str, Field<'_>)> {
    let total = totals.total();
    vec![
        ("rooms", Field::Count(total.rooms)),
        ("room_area_m2", Field::Area(total.area_m2)),
        ("by_category", Field::ByCategory(totals)),
        ("by_status", Field::ByStatus(totals)),
    ]
}

/// `{code: {"area_m2", "rooms"}, …}` as [`cell_json`] writes each, codes in sorted order.
fn cells<'c, S: serde::Serializer>(
    serializer: S,
    cells: impl ExactSizeIterator<Item = (&'c str, crate::analysis::Cell)>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(cells.len()))?;
    for (code, cell) in cells {
        map.serialize_entry(code, &CellWritten(cell))?;
    }
    map.end()
}

struct CellWritten(crate::analysis::Cell);

impl serde::Serialize for CellWritten {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("area_m2", &json!(round_m2(self.0.area_m2)))?;
        map.serialize_entry("rooms", &self.0.rooms)?;
        map.end()
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
        assert_eq!(
            String::from_utf8(written).expect("utf-8"),
            format!("{whole}\n")
        );
        // The sample's 450 rooms (sample_plans/README.md).
        assert_eq!(summary_json(path, &index)["rooms"], 450);
    }
}
