//! GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3): a small header, then WKB.
//!
//! We write little-endian 2D polygons without an envelope (it was 15 % of the rooms table,
//! and the R-tree index computes its boxes with `ST_MinX` … from the coordinates) and read
//! what other programs (QGIS, GDAL) may write back: either byte order, any envelope, Z/M
//! coordinates (dropped), and a MultiPolygon that holds exactly one polygon.

use geo::{Coord, LineString, Polygon};

/// Why a blob could not be read. Positions are byte offsets into the blob.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BlobError {
    #[error("{}", crate::t!("blob.not_gpkg"))]
    NotGeoPackageBlob,
    #[error("{}", crate::t!("blob.truncated", offset = offset))]
    Truncated { offset: usize },
    #[error("{}", crate::t!("blob.unsupported_type", code = code))]
    UnsupportedType { code: u32 },
    #[error("{}", crate::t!("blob.empty"))]
    Empty,
    #[error("{}", crate::t!("blob.multi", count = count))]
    MultiplePolygons { count: u32 },
}

const FLAG_LITTLE_ENDIAN: u8 = 0b0000_0001;
const FLAG_EMPTY: u8 = 0b0001_0000;

/// Encodes a polygon as a GeoPackage geometry blob (little endian, no envelope).
///
/// ```
/// use geo::polygon;
/// use officeplan::store::blob::{decode_polygon, encode_polygon};
/// let room = polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.0), (x: 0.0, y: 4.0)];
/// let blob = encode_polygon(&room, 4326);
/// assert_eq!(&blob[..2], b"GP");
/// assert_eq!(decode_polygon(&blob).unwrap(), room);
/// ```
pub fn encode_polygon(polygon: &Polygon<f64>, srs_id: i32) -> Vec<u8> {
    let mut out = Vec::new();
    encode_polygon_into(polygon, srs_id, &mut out);
    out
}

/// [`encode_polygon`] into a buffer the caller reuses (cleared first): bulk writes encode a
/// million rooms, and SQLite copies each bound blob anyway.
pub fn encode_polygon_into(polygon: &Polygon<f64>, srs_id: i32, out: &mut Vec<u8>) {
    out.clear();
    let points: usize = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|r| r.0.len())
        .sum();
    let rings = 1 + polygon.interiors().len();
    out.reserve(8 + 9 + 4 * rings + 16 * points);
    out.extend_from_slice(b"GP");
    out.push(0); // version 1.0 of the blob format
    out.push(FLAG_LITTLE_ENDIAN); // envelope contents indicator 0: no envelope
    out.extend_from_slice(&srs_id.to_le_bytes());
    write_wkb_polygon(polygon, None, out);
}

/// Appends a polygon as little-endian WKB to `out`; with `srid`, as PostGIS's EWKB (the
/// SRID flag `0x2000_0000` on the type and the SRID after it), which PostgreSQL's `geometry`
/// type reads from COPY (as hex) and binds.
///
/// ```
/// use geo::polygon;
/// use officeplan::store::blob::{decode_wkb_polygon, write_wkb_polygon};
/// let room = polygon![(x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 4.0), (x: 0.0, y: 4.0)];
/// let mut ewkb = Vec::new();
/// write_wkb_polygon(&room, Some(4490), &mut ewkb);
/// assert_eq!(&ewkb[1..5], &0x2000_0003u32.to_le_bytes());
/// assert_eq!(decode_wkb_polygon(&ewkb).unwrap(), room);
/// ```
pub fn write_wkb_polygon(polygon: &Polygon<f64>, srid: Option<i32>, out: &mut Vec<u8>) {
    out.push(1); // WKB little endian
    match srid {
        Some(srid) => {
            out.extend_from_slice(&(3u32 | EWKB_SRID_FLAG).to_le_bytes()); // Polygon with SRID
            out.extend_from_slice(&srid.to_le_bytes());
        }
        None => out.extend_from_slice(&3u32.to_le_bytes()), // Polygon
    }
    let rings = 1 + polygon.interiors().len();
    out.extend_from_slice(&(rings as u32).to_le_bytes());
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        out.extend_from_slice(&(ring.0.len() as u32).to_le_bytes());
        for c in &ring.0 {
            out.extend_from_slice(&c.x.to_le_bytes());
            out.extend_from_slice(&c.y.to_le_bytes());
        }
    }
}

/// Decodes WKB or EWKB (what PostGIS's `ST_AsBinary`/`ST_AsEWKB` return) holding a Polygon
/// or a MultiPolygon of one.
pub fn decode_wkb_polygon(wkb: &[u8]) -> Result<Polygon<f64>, BlobError> {
    read_wkb_polygonal(&mut Reader::new(wkb))
}

/// The EWKB flag that says an SRID follows the geometry type.
const EWKB_SRID_FLAG: u32 = 0x2000_0000;

/// Decodes a GeoPackage geometry blob holding a Polygon (or a MultiPolygon of one).
pub fn decode_polygon(blob: &[u8]) -> Result<Polygon<f64>, BlobError> {
    let mut reader = Reader::new(blob);
    let magic = reader.bytes(2)?;
    if magic != b"GP" {
        return Err(BlobError::NotGeoPackageBlob);
    }
    let _version = reader.u8()?;
    let flags = reader.u8()?;
    let little = flags & FLAG_LITTLE_ENDIAN != 0;
    reader.skip(4)?; // srs_id
    let envelope_len = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err(BlobError::NotGeoPackageBlob),
    };
    reader.skip(envelope_len)?;
    if flags & FLAG_EMPTY != 0 {
        return Err(BlobError::Empty);
    }
    let _ = little; // the WKB carries its own byte order
    read_wkb_polygonal(&mut reader)
}

/// What the GeoPackage SQL functions (`ST_MinX`, `ST_IsEmpty`, `ST_GeometryType` …) need to
/// know of any geometry blob, not only our polygons: GDAL and QGIS triggers call them on
/// whatever is in a feature table.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryInfo {
    /// The `srs_id` of the blob header.
    pub srs_id: i32,
    /// The WKB geometry type without dimension flags (3 Polygon, 6 MultiPolygon …).
    pub geometry_type: u32,
    /// Whether the geometry is empty (header flag, or no coordinates in the WKB).
    pub empty: bool,
    /// `[min_x, max_x, min_y, max_y]`, from the header's envelope when it has one, else
    /// computed over every coordinate; `None` for an empty geometry.
    pub envelope: Option<[f64; 4]>,
}

/// Nested geometries deeper than this are refused rather than risk the stack.
const MAX_NESTING: usize = 32;

/// Reads the header and WKB of any GeoPackage geometry blob (GeoPackage 1.3 §2.1.3, WKB of
/// ISO 13249-3 with the GeoPackage extension types), without building the geometry.
///
/// ```
/// use geo::polygon;
/// use officeplan::store::blob::{encode_polygon, inspect};
/// let room = polygon![(x: 1.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 6.0)];
/// let info = inspect(&encode_polygon(&room, 990_001)).unwrap();
/// assert_eq!((info.srs_id, info.geometry_type, info.empty), (990_001, 3, false));
/// assert_eq!(info.envelope, Some([1.0, 4.0, 2.0, 6.0]));
/// ```
pub fn inspect(blob: &[u8]) -> Result<GeometryInfo, BlobError> {
    let mut reader = Reader::new(blob);
    if reader.bytes(2)? != b"GP" {
        return Err(BlobError::NotGeoPackageBlob);
    }
    let _version = reader.u8()?;
    let flags = reader.u8()?;
    let little = flags & FLAG_LITTLE_ENDIAN != 0;
    let srs_bytes = reader.array::<4>()?;
    let srs_id = if little {
        i32::from_le_bytes(srs_bytes)
    } else {
        i32::from_be_bytes(srs_bytes)
    };
    let envelope_len = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err(BlobError::NotGeoPackageBlob),
    };
    // The envelope is x min, x max, y min, y max first, whatever else follows.
    let header_envelope = if envelope_len > 0 {
        let mut v = [0.0; 4];
        for slot in &mut v {
            *slot = reader.f64(little)?;
        }
        reader.skip(envelope_len - 32)?;
        Some(v)
    } else {
        None
    };
    let header_empty = flags & FLAG_EMPTY != 0;
    let mut bounds = Bounds::default();
    let geometry_type = read_wkb_any(&mut reader, &mut bounds, 0)?;
    let empty = header_empty || bounds.0.is_none();
    let envelope = if empty {
        None
    } else {
        header_envelope
            .filter(|e| e.iter().all(|v| v.is_finite()))
            .or(bounds.0)
    };
    Ok(GeometryInfo {
        srs_id,
        geometry_type,
        empty,
        envelope,
    })
}

/// The bounding box of the coordinates seen so far.
#[derive(Default)]
struct Bounds(Option<[f64; 4]>);

impl Bounds {
    fn add(&mut self, x: f64, y: f64) {
        // An empty point is written with NaN coordinates.
        if x.is_nan() || y.is_nan() {
            return;
        }
        self.0 = Some(match self.0 {
            None => [x, x, y, y],
            Some([x0, x1, y0, y1]) => [x0.min(x), x1.max(x), y0.min(y), y1.max(y)],
        });
    }
}

/// Walks one WKB geometry of any type, adding its coordinates to `bounds`; returns its type.
fn read_wkb_any(
    reader: &mut Reader<'_>,
    bounds: &mut Bounds,
    depth: usize,
) -> Result<u32, BlobError> {
    if depth > MAX_NESTING {
        return Err(BlobError::Truncated {
            offset: reader.offset,
        });
    }
    let (little, kind, dims) = reader.wkb_header()?;
    let points = |reader: &mut Reader<'_>, bounds: &mut Bounds| -> Result<(), BlobError> {
        let n = reader.u32(little)? as usize;
        if n.saturating_mul(dims * 8) > reader.remaining() {
            return Err(BlobError::Truncated {
                offset: reader.offset,
            });
        }
        for _ in 0..n {
            let x = reader.f64(little)?;
            let y = reader.f64(little)?;
            reader.skip((dims - 2) * 8)?;
            bounds.add(x, y);
        }
        Ok(())
    };
    match kind {
        1 => {
            let x = reader.f64(little)?;
            let y = reader.f64(little)?;
            reader.skip((dims - 2) * 8)?;
            bounds.add(x, y);
        }
        // LineString, CircularString.
        2 | 8 => points(reader, bounds)?,
        3 => {
            let rings = reader.u32(little)?;
            for _ in 0..rings {
                points(reader, bounds)?;
            }
        }
        // Multi*, GeometryCollection, CompoundCurve, CurvePolygon, MultiCurve, MultiSurface:
        // a count of nested geometries, each with its own WKB header.
        4..=7 | 9..=12 => {
            let parts = reader.u32(little)?;
            for _ in 0..parts {
                // Each part is at least a 5-byte header: refuse counts the blob cannot hold.
                if reader.remaining() < 5 {
                    return Err(BlobError::Truncated {
                        offset: reader.offset,
                    });
                }
                read_wkb_any(reader, bounds, depth + 1)?;
            }
        }
        other => return Err(BlobError::UnsupportedType { code: other }),
    }
    Ok(kind)
}

fn read_wkb_polygonal(reader: &mut Reader<'_>) -> Result<Polygon<f64>, BlobError> {
    let (little, kind, dims) = reader.wkb_header()?;
    match kind {
        3 => read_polygon_body(reader, little, dims),
        6 => {
            let count = reader.u32(little)?;
            if count != 1 {
                return Err(BlobError::MultiplePolygons { count });
            }
            let (inner_little, inner_kind, inner_dims) = reader.wkb_header()?;
            if inner_kind != 3 {
                return Err(BlobError::UnsupportedType { code: inner_kind });
            }
            read_polygon_body(reader, inner_little, inner_dims)
        }
        other => Err(BlobError::UnsupportedType { code: other }),
    }
}

fn read_polygon_body(
    reader: &mut Reader<'_>,
    little: bool,
    dims: usize,
) -> Result<Polygon<f64>, BlobError> {
    let ring_count = reader.u32(little)? as usize;
    if ring_count == 0 {
        return Err(BlobError::Empty);
    }
    let mut rings = Vec::with_capacity(ring_count.min(1024));
    for _ in 0..ring_count {
        let n = reader.u32(little)? as usize;
        // Refuse counts the blob cannot hold before allocating for them.
        if n.saturating_mul(dims * 8) > reader.remaining() {
            return Err(BlobError::Truncated {
                offset: reader.offset,
            });
        }
        let mut coords = Vec::with_capacity(n);
        for _ in 0..n {
            let x = reader.f64(little)?;
            let y = reader.f64(little)?;
            reader.skip((dims - 2) * 8)?;
            coords.push(Coord { x, y });
        }
        rings.push(LineString::new(coords));
    }
    let mut rings = rings.into_iter();
    let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
    Ok(Polygon::new(exterior, rings.collect()))
}

struct Reader<'a> {
    data: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data, offset: 0 }
    }

    fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.offset)
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], BlobError> {
        let end = self.offset.checked_add(n).ok_or(BlobError::Truncated {
            offset: self.offset,
        })?;
        let slice = self
            .data
            .get(self.offset..end)
            .ok_or(BlobError::Truncated {
                offset: self.offset,
            })?;
        self.offset = end;
        Ok(slice)
    }

    fn skip(&mut self, n: usize) -> Result<(), BlobError> {
        self.bytes(n).map(|_| ())
    }

    fn u8(&mut self) -> Result<u8, BlobError> {
        Ok(self.bytes(1)?.first().copied().unwrap_or(0))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BlobError> {
        let offset = self.offset;
        self.bytes(N)?
            .try_into()
            .map_err(|_| BlobError::Truncated { offset })
    }

    fn u32(&mut self, little: bool) -> Result<u32, BlobError> {
        let b = self.array::<4>()?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, BlobError> {
        let b = self.array::<8>()?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// Reads a WKB byte order and type; returns (little endian, base type, coordinate count).
    fn wkb_header(&mut self) -> Result<(bool, u32, usize), BlobError> {
        let little = self.u8()? == 1;
        let raw = self.u32(little)?;
        // EWKB flags (PostGIS) and ISO WKB thousands (1000 Z, 2000 M, 3000 ZM).
        let ewkb_z = raw & 0x8000_0000 != 0;
        let ewkb_m = raw & 0x4000_0000 != 0;
        if raw & EWKB_SRID_FLAG != 0 {
            self.skip(4)?; // the SRID of an EWKB geometry
        }
        let code = raw & 0x0FFF_FFFF;
        let (base, iso_dims) = (code % 1000, code / 1000);
        let dims = match (iso_dims, ewkb_z, ewkb_m) {
            (0, false, false) => 2,
            (1, _, _) | (2, _, _) => 3,
            (3, _, _) => 4,
            (0, true, true) => 4,
            (0, _, _) => 3,
            _ => return Err(BlobError::UnsupportedType { code: raw }),
        };
        Ok((little, base, dims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn room_with_column() -> Polygon<f64> {
        Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 8.0),
                (0.0, 8.0),
                (0.0, 0.0),
            ]),
            vec![LineString::from(vec![
                (4.0, 4.0),
                (4.0, 4.5),
                (4.5, 4.5),
                (4.5, 4.0),
                (4.0, 4.0),
            ])],
        )
    }

    #[test]
    fn round_trip_keeps_holes() {
        let room = room_with_column();
        let blob = encode_polygon(&room, 990_001);
        // 8 header + 9 WKB header + 2 × (4 + 5 × 16) ring bytes
        assert_eq!(blob.len(), 8 + 9 + 2 * (4 + 5 * 16));
        assert_eq!(decode_polygon(&blob), Ok(room));
    }

    #[test]
    fn reads_big_endian_z_multipolygon_without_envelope() {
        // What another program may write: BE header flags, no envelope, MultiPolygonZ of one.
        let mut blob = b"GP\0\0".to_vec();
        blob.extend_from_slice(&4326i32.to_be_bytes());
        blob.push(0);
        blob.extend_from_slice(&1006u32.to_be_bytes());
        blob.extend_from_slice(&1u32.to_be_bytes());
        blob.push(0);
        blob.extend_from_slice(&1003u32.to_be_bytes());
        blob.extend_from_slice(&1u32.to_be_bytes());
        blob.extend_from_slice(&4u32.to_be_bytes());
        for (x, y) in [(0.0f64, 0.0f64), (2.0, 0.0), (0.0, 2.0), (0.0, 0.0)] {
            for v in [x, y, 9.0] {
                blob.extend_from_slice(&v.to_be_bytes());
            }
        }
        let expected = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        assert_eq!(decode_polygon(&blob), Ok(expected));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(decode_polygon(b""), Err(BlobError::Truncated { offset: 0 }));
        assert_eq!(decode_polygon(b"XY\0\0"), Err(BlobError::NotGeoPackageBlob));
        let blob = encode_polygon(&room_with_column(), 0);
        for cut in 0..blob.len() {
            assert!(decode_polygon(&blob[..cut]).is_err(), "cut at {cut}");
        }
        // A ring claiming four billion points must not allocate for them.
        let mut huge = blob[..8 + 9 + 4].to_vec();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            decode_polygon(&huge),
            Err(BlobError::Truncated { .. })
        ));
    }
}
