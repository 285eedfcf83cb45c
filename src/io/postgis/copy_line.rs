//! One row of PostgreSQL's binary COPY format (per field: a 32-bit big-endian length, -1 for
//! NULL, then the value in the type's binary form), with geometry as EWKB, which PostGIS's
//! `geometry` type receives directly. Binary rather than text: the server then parses no
//! numbers and no hex, which was most of a first publish's time on the server. The same bytes
//! give the row's content hash (`row_hash`): a row whose bytes are unchanged since the last
//! publish is not sent again.
//!
//! The column types this writes are those of [`super::tables`]: `uuid` (16 bytes), `text`,
//! `integer` (4 bytes), `double precision`, `boolean`, `geometry`; `row_hash` is `bigint`.

use geo::Polygon;

/// The binary COPY header: signature, flags, header extension length.
pub const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// The binary COPY trailer: a field count of -1.
pub const COPY_TRAILER: &[u8] = &[0xff, 0xff];

/// A row being written. The first field is always the row's `uuid`.
#[derive(Debug, Default)]
pub struct CopyLine {
    buf: Vec<u8>,
    fields: u16,
    /// The first field's bytes: `buf[4..4 + uuid_len]`.
    uuid_len: usize,
}

impl CopyLine {
    /// Starts a new row (the buffer is reused).
    pub fn clear(&mut self) {
        self.buf.clear();
        self.fields = 0;
        self.uuid_len = 0;
    }

    fn field(&mut self, bytes: &[u8]) {
        if self.fields == 0 {
            self.uuid_len = bytes.len();
        }
        self.fields += 1;
        let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
        self.buf.extend_from_slice(&len.to_be_bytes());
        self.buf.extend_from_slice(bytes);
    }

    /// A text column.
    pub fn text(&mut self, value: &str) {
        self.field(value.as_bytes());
    }

    /// A nullable text column.
    pub fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    /// A `uuid` column: its 16 bytes.
    pub fn uuid(&mut self, value: &crate::model::Uuid) {
        self.field(value.as_bytes());
    }

    /// A nullable UUID.
    pub fn opt_uuid(&mut self, value: Option<&crate::model::Uuid>) {
        match value {
            Some(v) => self.uuid(v),
            None => self.null(),
        }
    }

    /// NULL.
    pub fn null(&mut self) {
        if self.fields == 0 {
            self.uuid_len = 0;
        }
        self.fields += 1;
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
    }

    /// An `integer` column (values beyond its range are clamped).
    pub fn int(&mut self, value: i64) {
        let v = i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX });
        self.field(&v.to_be_bytes());
    }

    /// A nullable `integer` column.
    pub fn opt_int(&mut self, value: Option<i64>) {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    /// A `double precision` column; a value that is not finite is NULL.
    pub fn float(&mut self, value: f64) {
        if value.is_finite() {
            self.field(&value.to_be_bytes());
        } else {
            self.null();
        }
    }

    /// A nullable `double precision` column.
    pub fn opt_float(&mut self, value: Option<f64>) {
        match value {
            Some(v) => self.float(v),
            None => self.null(),
        }
    }

    /// A boolean column.
    pub fn boolean(&mut self, value: bool) {
        self.field(&[u8::from(value)]);
    }

    /// A polygon as EWKB with `srid` (PostGIS checks it against the column's SRID), or NULL.
    pub fn polygon(&mut self, polygon: Option<&Polygon<f64>>, srid: i32) {
        let Some(polygon) = polygon else {
            self.null();
            return;
        };
        // The length is known only after writing: reserve it, write, fill it in.
        let at = self.buf.len();
        self.buf.extend_from_slice(&[0; 4]);
        crate::store::blob::write_wkb_polygon(polygon, Some(srid), &mut self.buf);
        let len = i32::try_from(self.buf.len() - at - 4).unwrap_or(i32::MAX);
        if let Some(slot) = self.buf.get_mut(at..at + 4) {
            slot.copy_from_slice(&len.to_be_bytes());
        }
        self.fields += 1;
    }

    /// The row's fields so far (no field count, no row hash).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// How many fields were written.
    pub fn fields(&self) -> u16 {
        self.fields
    }

    /// The row's uuid: its first field.
    pub fn row_uuid(&self) -> crate::model::Uuid {
        self.buf
            .get(4..4 + self.uuid_len)
            .and_then(|b| crate::model::Uuid::from_slice(b).ok())
            .unwrap_or_default()
    }

    /// The content hash of the row ([`row_hash`]; the server keeps it in `row_hash` and a
    /// later publish compares it).
    pub fn hash(&self) -> i64 {
        row_hash(&self.buf)
    }

    /// Appends the whole tuple — field count, the fields, the hash as the last field — to
    /// a COPY buffer.
    pub fn append_tuple(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.fields + 1).to_be_bytes());
        out.extend_from_slice(&self.buf);
        out.extend_from_slice(&8i32.to_be_bytes());
        out.extend_from_slice(&self.hash().to_be_bytes());
    }
}

/// The content hash of a row, as the `bigint` the server stores: 64-bit, over 8-byte
/// little-endian words (rotate, xor, multiply, as FxHash) with murmur3's finaliser, so it is
/// the same on every platform and build. It only has to notice a change of a row (a chance of
/// 2⁻⁶⁴ to miss one), not resist an adversary; byte-at-a-time FNV-1a was a tenth of a publish's
/// client time.
///
/// ```
/// use officeplan::io::postgis::row_hash;
/// assert_eq!(row_hash(b"room 301"), row_hash(b"room 301"));
/// assert_ne!(row_hash(b"room 301"), row_hash(b"room 302"));
/// assert_ne!(row_hash(b""), row_hash(b"\0"));
/// ```
pub fn row_hash(bytes: &[u8]) -> i64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    let rest = words.remainder();
    if let Some(t) = tail.get_mut(..rest.len()) {
        t.copy_from_slice(rest);
    }
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // murmur3 fmix64
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn the_row_hash_is_fixed_across_builds() {
        // Computed from the definition by a separate Python script (4 words + a zero-padded
        // tail of 4 bytes, then fmix64): a change of the function would make every row look
        // changed to every server published before it.
        let h = row_hash(b"00000000-0000-0000-0000-000000000000");
        assert_eq!(h, 3_834_540_985_298_956_477);
        assert_ne!(h, row_hash(b"00000000-0000-0000-0000-000000000001"));
    }

    #[test]
    fn fields_are_length_prefixed_and_null_is_minus_one() {
        let mut line = CopyLine::default();
        line.uuid(&crate::model::Uuid::from_u128(0xab));
        line.null();
        line.int(-3);
        line.float(2.5);
        line.float(f64::NAN);
        line.boolean(true);
        let mut expected = vec![0, 0, 0, 16];
        expected.extend_from_slice(&0xabu128.to_be_bytes());
        expected.extend_from_slice(&[0xff, 0xff, 0xff, 0xff]);
        expected.extend_from_slice(&[0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfd]);
        expected.extend_from_slice(&[0, 0, 0, 8]);
        expected.extend_from_slice(&2.5f64.to_be_bytes());
        expected.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 1]);
        assert_eq!(line.as_bytes(), expected.as_slice());
        assert_eq!(
            (line.fields(), line.row_uuid()),
            (6, crate::model::Uuid::from_u128(0xab))
        );
    }

    #[test]
    fn a_polygon_is_ewkb_with_its_srid_and_its_length() {
        let mut line = CopyLine::default();
        line.uuid(&crate::model::Uuid::nil());
        let room = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 0.0, y: 1.0)];
        line.polygon(Some(&room), 4490);
        assert_eq!(line.row_uuid(), crate::model::Uuid::nil());
        let geometry = line.as_bytes().get(4 + 16..).expect("geometry field");
        // 1 + 4 + 4 + 4 (rings) + 4 (points) + 4 points × 16 bytes = 81 bytes of EWKB: little
        // endian (01), Polygon with the SRID flag (0x20000003), SRID 4490.
        assert_eq!(geometry.get(..4), Some(&81i32.to_be_bytes()[..]));
        assert_eq!(
            geometry.get(4..13),
            Some(&[1, 3, 0, 0, 0x20, 0x8a, 0x11, 0, 0][..])
        );
        assert_eq!(geometry.len(), 4 + 81);
        let mut tuple = Vec::new();
        line.append_tuple(&mut tuple);
        assert_eq!(
            tuple.get(..2),
            Some(&[0, 3][..]),
            "uuid, geometry, row_hash"
        );
    }
}
