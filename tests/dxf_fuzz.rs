//! Fuzzing the DXF importer with proptest: arbitrary bytes, and the sample drawings with
//! random edits (bytes changed, lines dropped, repeated or swapped, the file cut short), must
//! give rooms or an error, never a panic. Each case also runs `list_layers`' summary, the
//! dxf-crate reader (binary sentinel included) and every label source.
//!
//! `cargo test` runs a few cases; a long run sets the count:
//! `DXF_FUZZ_CASES=200000 cargo test --release --test dxf_fuzz`.

use std::path::Path;

use officeplan::io::dxf::crate_reader::read_with_crate;
use officeplan::io::dxf::layers::summarise_layers;
use officeplan::io::dxf::{DrawingUnit, DxfOptions, LabelSource, import_drawing, read_drawing};
use officeplan::model::Uuid;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn cases() -> u32 {
    std::env::var("DXF_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn samples() -> &'static [Vec<u8>] {
    static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_plans/drawings");
        [
            "综合办公楼/6F.dxf",
            "机关食堂/1F.dxf",
            "城东老办公楼/1F.dxf",
        ]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("sample drawing"))
        .collect()
    })
}

fn option_sets() -> Vec<DxfOptions> {
    let base = DxfOptions {
        room_layers: vec!["房间轮廓".into()],
        hole_layers: vec!["柱".into()],
        ..DxfOptions::default()
    };
    vec![
        DxfOptions {
            labels: LabelSource::Block {
                name: "房间标注".into(),
                number_tag: "编号".into(),
                name_tag: "名称".into(),
            },
            ..base.clone()
        },
        DxfOptions {
            labels: LabelSource::Text {
                layers: vec!["房间名称".into(), "房间编号".into()],
            },
            units: Some(DrawingUnit::Millimetre),
            ..base.clone()
        },
        DxfOptions {
            units: Some(DrawingUnit::Metre),
            close_tolerance_m: 1.0,
            ..base
        },
    ]
}

/// Runs everything the importer offers on `bytes`; only a panic fails.
fn exercise(bytes: &[u8]) {
    let path = Path::new("fuzz.dxf");
    if let Ok(drawing) = read_drawing(path, bytes) {
        summarise_layers(&drawing);
        for options in option_sets() {
            if let Ok(import) = import_drawing(path, &drawing, &options, Uuid::nil()) {
                assert_eq!(import.rooms.len(), import.report.rooms);
                assert_eq!(
                    import.report.labels,
                    import.report.labels_matched + import.report.orphan_labels.len()
                );
            }
        }
    }
    read_with_crate(bytes).ok();
}

/// One edit of a text file's lines.
#[derive(Clone, Debug)]
enum Mutation {
    SetByte(usize, u8),
    DropLine(usize),
    RepeatLine(usize),
    SwapLines(usize, usize),
    ReplaceLine(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::RepeatLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop_oneof![
                Just("0".to_owned()),
                Just("-1e308".to_owned()),
                Just("NaN".to_owned()),
                Just("inf".to_owned()),
                Just("SEQEND".to_owned()),
                Just("VERTEX".to_owned()),
                Just("ATTRIB".to_owned()),
                Just("LWPOLYLINE".to_owned()),
                Just("101".to_owned()),
                Just("42".to_owned()),
                Just("1e300".to_owned()),
                "[ -~]{0,12}",
            ]
        )
            .prop_map(|(i, s)| Mutation::ReplaceLine(i, s)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::SetByte(i, b) => {
                if let Some(line) = lines.get_mut(i % n)
                    && !line.is_empty()
                {
                    let k = i % line.len();
                    line[k] = *b;
                }
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
            Mutation::Truncate(i) => lines.truncate(i % n),
        }
    }
    lines.join(&b'\n')
}

proptest! {
    #![proptest_config(Config { cases: cases(), ..Config::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_the_binary_sentinel_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..1024)
    ) {
        let mut file = b"AutoCAD Binary DXF\r\n\x1a\x00".to_vec();
        file.extend(bytes);
        exercise(&file);
    }

    #[test]
    fn mutated_sample_drawings_never_panic(
        which in 0usize..3,
        mutations in proptest::collection::vec(mutation(), 1..12)
    ) {
        let original = samples().get(which).cloned().unwrap_or_default();
        exercise(&apply(&original, &mutations));
    }
}
