//! One row of PostgreSQL's COPY text format (tab between columns, `\N` for NULL, backslash
//! escapes), with geometry as hex EWKB, which PostGIS's `geometry` input reads directly. The
//! same bytes give the row's content hash (`row_hash`): a row whose line is unchanged since
//! the last publish is not sent again.

use geo::Polygon;

/// A COPY text line being written. The first column is always the row's `uuid`.
#[derive(Debug, Default)]
pub struct CopyLine {
    buf: String,
    columns: usize,
    wkb: Vec<u8>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl CopyLine {
    /// Starts a new line (the buffer is reused).
    pub fn clear(&mut self) {
        self.buf.clear();
        self.columns = 0;
    }

    fn separate(&mut self) {
        if self.columns > 0 {
            self.buf.push('\t');
        }
        self.columns += 1;
    }

    /// A text column, escaped for COPY.
    pub fn text(&mut self, value: &str) {
        self.separate();
        if !value
            .bytes()
            .any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
        {
            self.buf.push_str(value);
            return;
        }
        for c in value.chars() {
            match c {
                '\\' => self.buf.push_str("\\\\"),
                '\t' => self.buf.push_str("\\t"),
                '\n' => self.buf.push_str("\\n"),
                '\r' => self.buf.push_str("\\r"),
                c => self.buf.push(c),
            }
        }
    }

    /// A nullable text column.
    pub fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    /// NULL.
    pub fn null(&mut self) {
        self.separate();
        self.buf.push_str("\\N");
    }

    /// An integer column.
    pub fn int(&mut self, value: i64) {
        use std::fmt::Write as _;
        self.separate();
        write!(self.buf, "{value}").ok();
    }

    /// A nullable integer column.
    pub fn opt_int(&mut self, value: Option<i64>) {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    /// A `double precision` column: Rust's shortest round-trip form, which PostgreSQL reads
    /// back to the same bits; a value that is not finite is NULL.
    pub fn float(&mut self, value: f64) {
        use std::fmt::Write as _;
        if value.is_finite() {
            self.separate();
            write!(self.buf, "{value}").ok();
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
        self.separate();
        self.buf.push(if value { 't' } else { 'f' });
    }

    /// A polygon as hex EWKB with `srid` (PostGIS checks it against the column's SRID), or
    /// NULL.
    pub fn polygon(&mut self, polygon: Option<&Polygon<f64>>, srid: i32) {
        let Some(polygon) = polygon else {
            self.null();
            return;
        };
        self.separate();
        self.wkb.clear();
        crate::store::blob::write_wkb_polygon(polygon, Some(srid), &mut self.wkb);
        self.buf.reserve(self.wkb.len() * 2);
        for b in &self.wkb {
            self.buf.push(char::from(HEX[usize::from(b >> 4)]));
            self.buf.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }

    /// The line so far (no row hash, no newline).
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The row's uuid: its first column.
    pub fn uuid(&self) -> &str {
        self.buf.split('\t').next().unwrap_or("")
    }

    /// The content hash of the line: 64-bit FNV-1a, stable across builds and platforms (the
    /// server keeps it in `row_hash` and a later publish compares it).
    pub fn hash(&self) -> i64 {
        row_hash(self.buf.as_bytes())
    }
}

/// 64-bit FNV-1a of `bytes`, as the `bigint` the server stores.
///
/// ```
/// // The FNV-1a test vector for "a" (Fowler, Noll, Vo: 0xaf63dc4c8601ec8c).
/// assert_eq!(officeplan::io::postgis::row_hash(b"a") as u64, 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn row_hash(bytes: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn columns_are_escaped_and_null_is_backslash_n() {
        let mut line = CopyLine::default();
        line.text("a\tb\\c\nd");
        line.null();
        line.int(-3);
        line.float(2.5);
        line.float(f64::NAN);
        line.boolean(true);
        assert_eq!(line.as_str(), "a\\tb\\\\c\\nd\t\\N\t-3\t2.5\t\\N\tt");
    }

    #[test]
    fn a_polygon_is_hex_ewkb_with_its_srid() {
        let mut line = CopyLine::default();
        line.text("id");
        let room = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 0.0, y: 1.0)];
        line.polygon(Some(&room), 4490);
        let hex = line.as_str().split('\t').nth(1).expect("geometry");
        // Little endian (01), type Polygon with the SRID flag (0x20000003), SRID 4490 (0x118a).
        assert!(hex.starts_with("01030000208a110000"), "{hex}");
        // 1 + 4 + 4 + 4 (rings) + 4 (points) + 4 points × 16 bytes = 81 bytes.
        assert_eq!(hex.len(), 81 * 2);
        assert_eq!(line.uuid(), "id");
    }
}
