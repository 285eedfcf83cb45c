//! Property tests for the geometry the whole inventory rests on.

use geo::{LineString, Polygon};
use officeplan::analysis::{room_area, validate_polygon};
use officeplan::store::blob::{decode_polygon, encode_polygon};
use proptest::prelude::*;

fn rect(x: f64, y: f64, w: f64, h: f64) -> LineString<f64> {
    LineString::from(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)])
}

proptest! {
    /// A w × h room with k disjoint c × c columns has area w·h − k·c².
    #[test]
    fn rectangle_minus_columns(w in 2.0f64..60.0, h in 2.0f64..40.0, k in 0usize..4, c in 0.1f64..0.4) {
        let holes: Vec<_> = (0..k).map(|i| rect(0.5 + i as f64 * 0.45, 0.5, c, c)).collect();
        let room = Polygon::new(rect(0.0, 0.0, w, h), holes);
        prop_assert!(validate_polygon(&room).is_ok());
        let expected = w * h - k as f64 * c * c;
        prop_assert!((room_area(&room) - expected).abs() < 1e-9 * expected.max(1.0));
    }

    /// Moving a room does not change its area.
    #[test]
    fn area_is_translation_invariant(dx in -1e5f64..1e5, dy in -1e5f64..1e5, w in 1.0f64..30.0, h in 1.0f64..30.0) {
        let here = Polygon::new(rect(0.0, 0.0, w, h), vec![]);
        let there = Polygon::new(rect(dx, dy, w, h), vec![]);
        prop_assert!((room_area(&here) - room_area(&there)).abs() < 1e-6);
    }

    /// Any polygon survives the GeoPackage blob round trip bit for bit.
    #[test]
    fn blob_round_trip(points in prop::collection::vec((-1e6f64..1e6, -1e6f64..1e6), 3..40)) {
        let room = Polygon::new(LineString::from(points), vec![]);
        prop_assert_eq!(decode_polygon(&encode_polygon(&room, 990_001)), Ok(room));
    }

    /// Arbitrary bytes never panic the blob decoder.
    #[test]
    fn blob_decoder_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = decode_polygon(&bytes);
        let mut with_magic = b"GP\0\x03".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = decode_polygon(&with_magic);
    }

    /// Arbitrary coordinates (NaN, infinities, huge values) never panic validation.
    #[test]
    fn validation_never_panics(points in prop::collection::vec((any::<f64>(), any::<f64>()), 0..12)) {
        let _ = validate_polygon(&Polygon::new(LineString::from(points), vec![]));
    }
}
