//! DXF import benchmark (issue #6): a 10,000-room drawing (mm, room stamps, the layout of
//! `officeplan generate-dxf --rooms 10000`) → rooms and report, target ≤ 1 s median. Also
//! the `dxf` crate's load of the same bytes alone, the measurement behind the focused reader
//! (`src/io/dxf/code_pairs.rs`). `scripts/bench_dxf_vs_ogr2ogr.sh` times the whole CLI
//! import into a GeoPackage against `ogr2ogr -f GPKG`.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use officeplan::io::dxf::crate_reader::read_with_crate;
use officeplan::io::dxf::write::{
    DxfLayout, GENERATED_DOOR_M, WALL_LAYER, pack_into_rows, write_rooms_dxf, write_walls_dxf,
};
use officeplan::io::dxf::{DxfOptions, LabelSource, read_dxf};
use officeplan::model::Uuid;
use officeplan::synth::{GenerateOptions, generate};

const ROOMS: usize = 10_000;
/// The rooms-from-walls drawing (issue #17: ≤ 1 s).
const WALL_ROOMS: usize = 1_000;

/// One generated floor of `count` rooms laid out in rows 400 m wide, as `officeplan
/// generate-dxf` does (a plausible floor extent).
fn floor_rooms(count: usize) -> Vec<officeplan::model::Room> {
    let project = generate(GenerateOptions {
        rooms: count,
        seed: 42,
        large_floor_rooms: count,
    });
    let floor = project.floors.first().map(|f| f.uuid).expect("a floor");
    let mut rooms: Vec<_> = project
        .rooms
        .into_iter()
        .filter(|r| r.floor == floor)
        .collect();
    assert_eq!(rooms.len(), count);
    pack_into_rows(&mut rooms, 400.0);
    rooms
}

/// `officeplan generate-dxf --walls --rooms 1000`: wall lines with door openings, labels.
fn wall_drawing() -> Vec<u8> {
    write_walls_dxf(
        &floor_rooms(WALL_ROOMS),
        &DxfLayout::default(),
        GENERATED_DOOR_M,
    )
    .into_bytes()
}

/// `officeplan generate-dxf --rooms 10000`: outlines and room stamps.
fn drawing() -> Vec<u8> {
    write_rooms_dxf(&floor_rooms(ROOMS), &DxfLayout::default()).into_bytes()
}

fn benches(c: &mut Criterion) {
    let bytes = drawing();
    let layout = DxfLayout::default();
    let options = DxfOptions {
        room_layers: vec![layout.room_layer.clone()],
        hole_layers: vec![layout.hole_layer.clone()],
        labels: LabelSource::Block {
            name: layout.block.clone(),
            number_tag: layout.number_tag.clone(),
            name_tag: layout.name_tag.clone(),
        },
        ..DxfOptions::default()
    };
    let path = Path::new("bench-10k.dxf");
    let mut group = c.benchmark_group("dxf");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("import_10000_rooms", |b| {
        b.iter(|| {
            let import = read_dxf(path, &bytes, &options, Uuid::nil()).expect("import");
            assert_eq!(import.report.rooms, ROOMS);
            import
        })
    });
    group.bench_function("dxf_crate_load_10000_rooms", |b| {
        b.iter(|| read_with_crate(&bytes).expect("load"))
    });
    let walls = wall_drawing();
    let wall_options = DxfOptions {
        wall_layers: vec![WALL_LAYER.to_owned()],
        hole_layers: vec![layout.hole_layer.clone()],
        labels: LabelSource::Text {
            layers: vec![layout.label_layer.clone()],
        },
        ..DxfOptions::default()
    };
    group.bench_function("rooms_from_walls_1000_rooms", |b| {
        b.iter(|| {
            let import = read_dxf(path, &walls, &wall_options, Uuid::nil()).expect("import");
            // Every room under its number, and the pockets between rows as unlabelled
            // candidates.
            let labelled = import.report.rooms - import.report.unlabelled_rooms.len();
            assert_eq!(labelled, WALL_ROOMS);
            import
        })
    });
    group.finish();
}

criterion_group!(dxf_benches, benches);
criterion_main!(dxf_benches);
