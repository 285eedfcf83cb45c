//! The GeoPackage SQL functions (GeoPackage 1.3, Annex F.3 "RTree Spatial Indexes" and the
//! geometry type triggers of Annex F.4/F.5), over our blob reader: `ST_IsEmpty`, `ST_MinX`,
//! `ST_MaxX`, `ST_MinY`, `ST_MaxY`, `ST_GeometryType`, `ST_SRID` and `GPKG_IsAssignable`.
//!
//! The spatial index triggers that we, QGIS and GDAL put on feature tables call them on
//! every insert, update and delete, so without them every write to such a file fails with
//! "no such function: ST_IsEmpty". They follow GDAL's behaviour for bad input: a NULL or
//! unreadable blob gives NULL, never an error, so a trigger skips a row it cannot index
//! instead of failing the user's write.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;

use super::blob::{GeometryInfo, inspect};

/// The WKB geometry type names of GeoPackage 1.3 Table 30 (core and extension types).
const TYPE_NAMES: [&str; 15] = [
    "GEOMETRY",
    "POINT",
    "LINESTRING",
    "POLYGON",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
    "GEOMETRYCOLLECTION",
    "CIRCULARSTRING",
    "COMPOUNDCURVE",
    "CURVEPOLYGON",
    "MULTICURVE",
    "MULTISURFACE",
    "CURVE",
    "SURFACE",
];

/// Registers the functions on `conn`: every connection of ours gets them, and a test or tool
/// that writes geometry as another GIS program would can use them too.
pub fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("ST_IsEmpty", 1, flags, |ctx| {
        Ok(info(ctx).map(|i| i64::from(i.empty)))
    })?;
    for (name, at) in [
        ("ST_MinX", 0),
        ("ST_MaxX", 1),
        ("ST_MinY", 2),
        ("ST_MaxY", 3),
    ] {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            Ok(info(ctx)
                .and_then(|i| i.envelope)
                .and_then(|e| e.get(at).copied()))
        })?;
    }
    conn.create_scalar_function("ST_GeometryType", 1, flags, |ctx| {
        Ok(info(ctx).and_then(|i| type_name(i.geometry_type)))
    })?;
    conn.create_scalar_function("ST_SRID", 1, flags, |ctx| {
        Ok(info(ctx).map(|i| i64::from(i.srs_id)))
    })?;
    conn.create_scalar_function("GPKG_IsAssignable", 2, flags, |ctx| {
        let text = |at: usize| match ctx.get_raw(at) {
            ValueRef::Text(t) => std::str::from_utf8(t).ok().map(str::to_ascii_uppercase),
            _ => None,
        };
        Ok(match (text(0), text(1)) {
            (Some(expected), Some(actual)) => Some(i64::from(is_assignable(&expected, &actual))),
            _ => None,
        })
    })?;
    Ok(())
}

/// The first argument read as a geometry blob; `None` for NULL or what is not one.
fn info(ctx: &Context<'_>) -> Option<GeometryInfo> {
    match ctx.get_raw(0) {
        ValueRef::Blob(blob) => inspect(blob).ok(),
        _ => None,
    }
}

/// The name of a WKB geometry type code.
pub fn type_name(code: u32) -> Option<&'static str> {
    TYPE_NAMES.get(usize::try_from(code).ok()?).copied()
}

/// Whether a geometry of type `actual` may be stored in a column of type `expected`
/// (GeoPackage 1.3 Annex E: the geometry type hierarchy), both upper-case names.
///
/// ```
/// use officeplan::store::gpkg_functions::is_assignable;
/// assert!(is_assignable("GEOMETRY", "POLYGON"));
/// assert!(is_assignable("SURFACE", "POLYGON"));
/// assert!(is_assignable("MULTISURFACE", "MULTIPOLYGON"));
/// assert!(!is_assignable("POLYGON", "MULTIPOLYGON"));
/// ```
pub fn is_assignable(expected: &str, actual: &str) -> bool {
    let mut current = Some(actual);
    while let Some(kind) = current {
        if kind == expected {
            return true;
        }
        current = parent(kind);
    }
    false
}

/// The direct supertype of a geometry type in the GeoPackage hierarchy.
fn parent(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "POINT" | "CURVE" | "SURFACE" | "GEOMETRYCOLLECTION" => "GEOMETRY",
        "LINESTRING" | "CIRCULARSTRING" | "COMPOUNDCURVE" => "CURVE",
        "CURVEPOLYGON" => "SURFACE",
        "POLYGON" => "CURVEPOLYGON",
        "MULTIPOINT" | "MULTICURVE" | "MULTISURFACE" => "GEOMETRYCOLLECTION",
        "MULTILINESTRING" => "MULTICURVE",
        "MULTIPOLYGON" => "MULTISURFACE",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::blob::encode_polygon;
    use geo::polygon;

    fn conn() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().expect("memory");
        register(&conn).expect("register");
        conn
    }

    #[test]
    fn functions_read_our_polygons() {
        let room = polygon![(x: 1.5, y: -2.0), (x: 7.25, y: -2.0), (x: 7.25, y: 3.0)];
        let blob = encode_polygon(&room, 990_001);
        let row: (i64, f64, f64, f64, f64, String, i64) = conn()
            .query_row(
                "SELECT ST_IsEmpty(?1), ST_MinX(?1), ST_MaxX(?1), ST_MinY(?1), ST_MaxY(?1),
                        ST_GeometryType(?1), ST_SRID(?1)",
                [&blob],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .expect("query");
        // The triangle's corners: x from 1.5 to 7.25, y from -2 to 3.
        assert_eq!(row, (0, 1.5, 7.25, -2.0, 3.0, "POLYGON".into(), 990_001));
    }

    #[test]
    fn header_envelope_and_empty_flag_are_read() {
        // A GDAL-style blob: big-endian header with an xy envelope, an empty point.
        let mut blob = b"GP\0".to_vec();
        blob.push(0b0001_0010); // empty, envelope 1 (xy), big endian
        blob.extend_from_slice(&4326i32.to_be_bytes());
        for v in [f64::NAN; 4] {
            blob.extend_from_slice(&v.to_be_bytes());
        }
        blob.push(0);
        blob.extend_from_slice(&1u32.to_be_bytes());
        blob.extend_from_slice(&f64::NAN.to_be_bytes());
        blob.extend_from_slice(&f64::NAN.to_be_bytes());
        let row: (i64, Option<f64>, i64, String) = conn()
            .query_row(
                "SELECT ST_IsEmpty(?1), ST_MinX(?1), ST_SRID(?1), ST_GeometryType(?1)",
                [&blob],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("query");
        assert_eq!(row, (1, None, 4326, "POINT".into()));
    }

    #[test]
    fn null_and_garbage_give_null_not_an_error() {
        let row: (Option<i64>, Option<f64>, Option<String>) = conn()
            .query_row(
                "SELECT ST_IsEmpty(NULL), ST_MinX(x'00'), ST_GeometryType('text')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("query");
        assert_eq!(row, (None, None, None));
    }

    #[test]
    fn assignable_follows_the_hierarchy() {
        let yes: i64 = conn()
            .query_row(
                "SELECT GPKG_IsAssignable('geometry', 'MultiPolygon') + GPKG_IsAssignable('CURVE', 'LINESTRING') * 10
                      + GPKG_IsAssignable('POINT', 'POLYGON') * 100",
                [],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(yes, 11);
    }
}
