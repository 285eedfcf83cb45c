//! Issue 11 acceptance: fuzzing the GeoJSON, CSV, .xlsx and DXF importers end to end into a
//! copy of the sample project. Each case mutates a real input (the sample's floor GeoJSON, the
//! 单位 sheet as CSV, the 编制 workbook's XML parts or its zip bytes, a sample drawing) or
//! makes arbitrary bytes, imports it through the workspace as the CLI does (consent not
//! given), and checks: no panic, no abort (the process would die), no hang (every case under
//! [`CASE_LIMIT`]), and a refused import leaves the project file byte-identical.
//!
//! `cargo test --test import_fuzz` runs a few cases of each; a long run gives seconds per
//! importer: `IMPORT_FUZZ_SECONDS=300 cargo test --release --test import_fuzz -- --test-threads 1 --nocapture`
//! (each test prints its cases, seconds and slowest case).

mod common;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use officeplan::io::dxf::{DxfOptions, LabelSource};
use officeplan::io::excel::book::read_book;
use officeplan::io::excel::import::read_organisation;
use officeplan::io::geojson::read_rooms;
use officeplan::io::removal::{Consent, Removal, removal_to_confirm};
use officeplan::model::{OrganisationDiff, Uuid};
use officeplan::store::ChangeRecord;
use officeplan::workspace::{RoomsImport, Workspace};
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::TestRunner;

/// A case slower than this is a hang.
const CASE_LIMIT: Duration = Duration::from_secs(10);

/// How long to fuzz each importer: `IMPORT_FUZZ_SECONDS`, else a short run of a few cases.
fn budget() -> (Duration, usize) {
    match std::env::var("IMPORT_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(seconds) => (Duration::from_secs(seconds), usize::MAX),
        None => (Duration::from_secs(60), 12),
    }
}

/// A project file to import into, kept pristine: `before` is its bytes.
struct Target {
    path: PathBuf,
    before: Vec<u8>,
}

impl Target {
    fn new(dir: &Path) -> Self {
        let path = common::sample_file(dir);
        // Open and close once, so that only an import can change the bytes.
        drop(Workspace::open(&path).expect("open"));
        let before = std::fs::read(&path).expect("read");
        Self { path, before }
    }

    /// After an attempt: a refused import left the file as it was; a written one is undone
    /// by restoring the bytes.
    fn check(&self, written: bool, case: &dyn std::fmt::Debug) {
        let now = std::fs::read(&self.path).expect("read");
        if written {
            if now != self.before {
                std::fs::write(&self.path, &self.before).expect("restore");
            }
        } else {
            assert!(
                now == self.before,
                "a refused import changed the file: {case:?}"
            );
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = self.path.clone().into_os_string();
            side.push(suffix);
            std::fs::remove_file(PathBuf::from(side)).ok();
        }
    }
}

/// Runs `case` on values of `strategy` until the budget is spent; prints the figures.
fn fuzz<S: Strategy>(name: &str, strategy: S, mut case: impl FnMut(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let (budget, max_cases) = budget();
    let mut runner = TestRunner::deterministic();
    let started = Instant::now();
    let mut cases = 0usize;
    let mut slowest = Duration::ZERO;
    while cases < max_cases && started.elapsed() < budget {
        let value = strategy.new_tree(&mut runner).expect("a value").current();
        let shown = format!("{value:?}");
        let one = Instant::now();
        case(value);
        let took = one.elapsed();
        assert!(
            took < CASE_LIMIT,
            "{name}: a case took {took:?}: {shown:.2000}"
        );
        slowest = slowest.max(took);
        cases += 1;
    }
    println!(
        "{name}: {cases} cases in {:.1} s, slowest {:.1} ms, 0 panics, 0 aborts, 0 hangs",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
}

/// One edit of a text's lines or bytes.
#[derive(Clone, Debug)]
enum Mutation {
    SetByte(usize, u8),
    DropLine(usize),
    RepeatLine(usize),
    SwapLines(usize, usize),
    ReplaceLine(usize, String),
    Insert(usize, String),
    Truncate(usize),
}

fn mutation(tokens: &'static [&'static str]) -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        proptest::sample::select(tokens).prop_map(str::to_owned),
        "[ -~]{0,16}",
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::RepeatLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), token.clone()).prop_map(|(i, s)| Mutation::ReplaceLine(i, s)),
        (any::<usize>(), token).prop_map(|(i, s)| Mutation::Insert(i, s)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for m in mutations {
        let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
        let n = lines.len().max(1);
        match m {
            Mutation::SetByte(i, b) => {
                if !bytes.is_empty() {
                    let k = i % bytes.len();
                    bytes[k] = *b;
                }
                continue;
            }
            Mutation::Insert(i, s) => {
                let k = if bytes.is_empty() { 0 } else { i % bytes.len() };
                bytes.splice(k..k, s.bytes());
                continue;
            }
            Mutation::DropLine(i) => {
                if !lines.is_empty() {
                    lines.remove(i % n);
                }
            }
            Mutation::RepeatLine(i) => {
                if let Some(line) = lines.get(i % n).cloned() {
                    lines.insert(i % n, line);
                }
            }
            Mutation::SwapLines(a, b) => {
                if !lines.is_empty() {
                    lines.swap(a % n, b % n);
                }
            }
            Mutation::ReplaceLine(i, s) => {
                if let Some(line) = lines.get_mut(i % n) {
                    *line = s.clone().into_bytes();
                }
            }
            Mutation::Truncate(i) => {
                let k = if bytes.is_empty() { 0 } else { i % bytes.len() };
                bytes.truncate(k);
                continue;
            }
        }
        bytes = lines.join(&b'\n');
    }
    bytes
}

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "1e308",
    "-1e308",
    "NaN",
    "[[[0,0],[1,0],[0,0]]]",
    "\"type\":\"MultiPolygon\"",
    "\"officeplan:crs\":{\"type\":\"wgs84_from_site_anchor\",\"anchor_lon\":1e300,\"anchor_lat\":0,\"rotation_deg\":0},",
    "\"number\":\"\"",
    "\"unit\":\"不存在局\"",
    "\"status\":\"闲置\"",
    "\"features\":[]",
];

#[test]
fn geojson_imports_never_panic_and_refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::new(dir.path());
    let original = std::fs::read(manifest("sample_plans/plans/综合办公楼/6F.geojson")).unwrap();
    let strategy = prop_oneof![
        3 => (proptest::collection::vec(mutation(JSON_TOKENS), 1..8), any::<bool>())
            .prop_map(|(m, replace)| (apply(&original, &m), replace)),
        1 => (proptest::collection::vec(any::<u8>(), 0..512), any::<bool>()),
    ];
    let path = dir.path().join("fuzz.geojson");
    fuzz("GeoJSON", strategy, |(bytes, replace)| {
        let mut workspace = Workspace::open(&target.path).expect("open");
        let index = workspace.index();
        let floor = index
            .find_floor("综合办公楼", "6F")
            .and_then(|f| index.floors.get(f))
            .expect("6F")
            .floor
            .uuid;
        let units = workspace.units().to_vec();
        let resolve = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.uuid);
        let text = String::from_utf8_lossy(&bytes);
        let written = match read_rooms(&path, &text, Uuid::nil(), &resolve) {
            Err(_) => false,
            Ok(rooms) => {
                let record = ChangeRecord {
                    action: officeplan::model::ChangeAction::ImportGeojson,
                    summary: "fuzz".into(),
                    detail: String::new(),
                };
                let import = RoomsImport {
                    rooms: &rooms,
                    source: "fuzz.geojson",
                    record: &record,
                    consent: Consent::NotGiven,
                };
                workspace
                    .import_floor_rooms(&floor, &import, replace)
                    .is_ok()
            }
        };
        drop(workspace);
        target.check(written, &text);
    });
}

/// The sample's 编制 workbook (from `template --from`) and its 单位 sheet as CSV text.
fn sample_books(dir: &Path, target: &Target) -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    let book = dir.join("编制.xlsx");
    common::officeplan_ok(&[
        "template",
        book.to_str().unwrap(),
        "--from",
        target.path.to_str().unwrap(),
    ]);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let parts: Vec<(String, Vec<u8>)> = (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().expect("utf-8 name").to_string(), bytes)
        })
        .collect();
    let rows = officeplan::io::excel::xlsx::Workbook::open(&book)
        .unwrap()
        .rows("单位")
        .unwrap()
        .unwrap();
    let width = rows[0].1.len();
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (_, cells) in &rows {
        let mut cells = cells.clone();
        cells.resize(width, String::new());
        writer.write_record(&cells).unwrap();
    }
    (parts, writer.into_inner().unwrap())
}

/// Imports a workbook or CSV file as `import-units` does (consent not given); whether it
/// was written.
fn import_book(target: &Target, book: &Path) -> bool {
    let mut workspace = Workspace::open(&target.path).expect("open");
    let current = workspace.organisation().expect("organisation");
    let rooms = workspace.room_keys().expect("rooms");
    let Ok(new) = read_book(book).and_then(|b| read_organisation(&b, &current, &rooms)) else {
        return false;
    };
    let diff = OrganisationDiff::between(&current, &new);
    let removals = Removal::of_organisation(&current, &new, &diff);
    if diff.is_empty() || removal_to_confirm("fuzz", "sample", &removals).is_some() {
        return false;
    }
    workspace
        .replace_organisation(&new, "fuzz".into(), String::new())
        .is_ok()
}

const CSV_TOKENS: &[&str] = &[
    ",",
    "\"",
    "\"\"",
    ",,,,",
    "-1",
    "2.5",
    "1e308",
    "县",
    "县级机关",
    "县委办公室",
    "\u{feff}",
];

#[test]
fn csv_imports_never_panic_and_refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::new(dir.path());
    let (_, csv_text) = sample_books(dir.path(), &target);
    let strategy = prop_oneof![
        4 => proptest::collection::vec(mutation(CSV_TOKENS), 1..6)
            .prop_map(move |m| apply(&csv_text, &m)),
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ];
    let path = dir.path().join("单位.csv");
    fuzz("CSV", strategy, |bytes| {
        std::fs::write(&path, &bytes).unwrap();
        let written = import_book(&target, &path);
        target.check(written, &String::from_utf8_lossy(&bytes));
    });
}

const XML_TOKENS: &[&str] = &[
    "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c>",
    "<c r=\"ZZZZ1\"><v>1</v></c>",
    "<c r=\"A99999999999\"><v>1</v></c>",
    "<c r=\"B2\"><f>1+1</f></c>",
    "<c r=\"C3\" t=\"s\"><v>4294967296</v></c>",
    "<c r=\"C3\" t=\"e\"><v>#N/A</v></c>",
    "<c r=\"D4\" s=\"99999\"><v>1e308</v></c>",
    "<dimension ref=\"A1:XFD1048576\"/>",
    "<row r=\"4294967296\">",
    "<row r=\"0\">",
    "<f t=\"shared\" si=\"4000000000\" ref=\"A1:XFD1048576\">A1</f>",
    "<sst uniqueCount=\"99999999999\">",
    "<si><t>",
    "&amp;",
    "&#0;",
    "_x0000_",
    "</sheetData>",
    "</row>",
    "<",
];

/// One edit of the workbook: a text edit of one XML part, or bytes of the zip itself.
#[derive(Clone, Debug)]
enum BookEdit {
    Part(usize, Vec<Mutation>),
    Zip(Vec<Mutation>),
}

#[test]
fn xlsx_imports_never_panic_abort_or_hang_and_refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::new(dir.path());
    let (parts, _) = sample_books(dir.path(), &target);
    let mut zipped = Vec::new();
    write_zip(&mut std::io::Cursor::new(&mut zipped), &parts);
    let strategy = prop_oneof![
        4 => (any::<usize>(), proptest::collection::vec(mutation(XML_TOKENS), 1..6))
            .prop_map(|(p, m)| BookEdit::Part(p, m)),
        1 => proptest::collection::vec(mutation(XML_TOKENS), 1..4).prop_map(BookEdit::Zip),
    ];
    let path = dir.path().join("编制-fuzz.xlsx");
    fuzz(".xlsx", strategy, |edit| {
        let bytes = match &edit {
            BookEdit::Part(p, m) => {
                let mut edited = parts.clone();
                let n = edited.len();
                if let Some(part) = edited.get_mut(p % n) {
                    part.1 = apply(&part.1, m);
                }
                let mut out = Vec::new();
                write_zip(&mut std::io::Cursor::new(&mut out), &edited);
                out
            }
            BookEdit::Zip(m) => apply(&zipped, m),
        };
        std::fs::write(&path, &bytes).unwrap();
        let written = import_book(&target, &path);
        target.check(written, &edit);
    });
}

fn write_zip(out: &mut std::io::Cursor<&mut Vec<u8>>, parts: &[(String, Vec<u8>)]) {
    let mut writer = zip::ZipWriter::new(out);
    for (name, bytes) in parts {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

const DXF_TOKENS: &[&str] = &[
    "0",
    "EOF",
    "ENDSEC",
    "SECTION",
    "SEQEND",
    "VERTEX",
    "LWPOLYLINE",
    "99999",
    "-1",
    "10",
    "42",
    "1e300",
    "NaN",
    "101",
];

#[test]
fn dxf_imports_never_panic_and_refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::new(dir.path());
    let samples: Vec<Vec<u8>> = [
        "综合办公楼/6F.dxf",
        "机关食堂/1F.dxf",
        "城东老办公楼/1F.dxf",
    ]
    .iter()
    .map(|f| std::fs::read(manifest("sample_plans/drawings").join(f)).unwrap())
    .collect();
    let strategy = (
        0usize..3,
        proptest::collection::vec(mutation(DXF_TOKENS), 1..10),
    );
    let path = dir.path().join("fuzz.dxf");
    let options = DxfOptions {
        room_layers: vec!["房间轮廓".into()],
        hole_layers: vec!["柱".into()],
        labels: LabelSource::Block {
            name: "房间标注".into(),
            number_tag: "编号".into(),
            name_tag: "名称".into(),
        },
        ..DxfOptions::default()
    };
    fuzz("DXF", strategy, |(which, mutations)| {
        let bytes = apply(&samples[which], &mutations);
        std::fs::write(&path, &bytes).unwrap();
        let mut workspace = Workspace::open(&target.path).expect("open");
        let index = workspace.index();
        let floor = index
            .find_floor("综合办公楼", "6F")
            .and_then(|f| index.floors.get(f))
            .expect("6F")
            .floor
            .uuid;
        let written = match workspace.preview_dxf_import(&floor, &path, &options) {
            Err(_) => false,
            Ok(preview) => match preview.into_edit(Consent::NotGiven) {
                Err(_) => false,
                Ok(edit) => workspace.apply(edit).is_ok(),
            },
        };
        drop(workspace);
        target.check(written, &(which, &mutations));
    });
}
