//! The text encoding of a DXF file: UTF-8 from AutoCAD 2007 (`AC1021`) on; before that the
//! code page named by `$DWGCODEPAGE` (`ANSI_936` → GBK for Chinese drawings).
//!
//! The `dxf` crate decodes every pre-2007 file as Windows-1252 whatever the header says, so
//! the header is read first (a few hundred bytes at the top of the file) and the encoding
//! chosen from it.

use encoding_rs::Encoding;

/// `$ACADVER`, `$DWGCODEPAGE`, `$INSUNITS` and `$MEASUREMENT` as found in the HEADER section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    pub version: String,
    pub code_page: String,
    pub insunits: Option<i16>,
    /// `$MEASUREMENT`: 0 imperial (inches, feet), 1 metric.
    pub measurement: Option<i16>,
}

/// Reads the four header variables from the start of an ASCII DXF file, stopping at the end
/// of the HEADER section. Strings here are ASCII in every encoding.
///
/// ```
/// use officeplan::io::dxf::encoding::sniff_header;
/// let text = "0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1015\n9\n$DWGCODEPAGE\n3\nANSI_936\n0\nENDSEC\n0\nEOF\n";
/// let facts = sniff_header(text.as_bytes());
/// assert_eq!((facts.version.as_str(), facts.code_page.as_str()), ("AC1015", "ANSI_936"));
/// ```
pub fn sniff_header(bytes: &[u8]) -> HeaderFacts {
    let mut facts = HeaderFacts::default();
    let mut lines = bytes.split(|b| *b == b'\n').map(trim_ascii);
    let mut variable: &[u8] = b"";
    let mut in_header = false;
    while let (Some(code), Some(value)) = (lines.next(), lines.next()) {
        match (code, value) {
            (b"0", b"SECTION") => {}
            (b"2", b"HEADER") => in_header = true,
            (b"0", b"ENDSEC") if in_header => break,
            // Past the header, or a file without one.
            (b"0", _) if !in_header && value != b"SECTION" => break,
            (b"9", name) => variable = name,
            (b"1", v) if variable == b"$ACADVER" => {
                facts.version = String::from_utf8_lossy(v).into_owned();
            }
            (b"3", v) if variable == b"$DWGCODEPAGE" => {
                facts.code_page = String::from_utf8_lossy(v).into_owned();
            }
            (b"70", v) if variable == b"$INSUNITS" => {
                facts.insunits = std::str::from_utf8(v).ok().and_then(|s| s.parse().ok());
            }
            (b"70", v) if variable == b"$MEASUREMENT" => {
                facts.measurement = std::str::from_utf8(v).ok().and_then(|s| s.parse().ok());
            }
            _ => {}
        }
    }
    facts
}

fn trim_ascii(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

/// The encoding of a file's strings: UTF-8 for `AC1021` (AutoCAD 2007) and later, else the
/// code page's; a file with neither is UTF-8 if its bytes are, else Windows-1252.
///
/// ```
/// use officeplan::io::dxf::encoding::encoding_for;
/// assert_eq!(encoding_for("AC1015", "ANSI_936", b"").name(), "GBK");
/// assert_eq!(encoding_for("AC1027", "ANSI_936", b"").name(), "UTF-8");
/// ```
pub fn encoding_for(version: &str, code_page: &str, bytes: &[u8]) -> &'static Encoding {
    if version_number(version).is_some_and(|n| n >= 1021) {
        return encoding_rs::UTF_8;
    }
    let page = code_page.trim().to_ascii_uppercase();
    let known = match page.trim_start_matches("ANSI_") {
        "936" => Some(encoding_rs::GBK),
        "950" => Some(encoding_rs::BIG5),
        "932" => Some(encoding_rs::SHIFT_JIS),
        "949" => Some(encoding_rs::EUC_KR),
        "1250" => Some(encoding_rs::WINDOWS_1250),
        "1251" => Some(encoding_rs::WINDOWS_1251),
        "1252" => Some(encoding_rs::WINDOWS_1252),
        "1253" => Some(encoding_rs::WINDOWS_1253),
        "1254" => Some(encoding_rs::WINDOWS_1254),
        "1255" => Some(encoding_rs::WINDOWS_1255),
        "1256" => Some(encoding_rs::WINDOWS_1256),
        "1257" => Some(encoding_rs::WINDOWS_1257),
        "1258" => Some(encoding_rs::WINDOWS_1258),
        _ => None,
    };
    match known {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    }
}

/// `AC1015` → 1015.
fn version_number(version: &str) -> Option<u32> {
    version.trim().strip_prefix("AC")?.parse().ok()
}

/// Decodes a string value and its `\U+XXXX` escapes (AutoCAD writes characters outside the
/// code page that way).
pub fn decode(bytes: &[u8], encoding: &'static Encoding) -> String {
    let text = if encoding == encoding_rs::UTF_8 {
        String::from_utf8_lossy(bytes)
    } else {
        encoding.decode_without_bom_handling(bytes).0
    };
    if text.contains("\\U+") || text.contains("\\u+") {
        unescape_unicode(&text)
    } else {
        text.into_owned()
    }
}

fn unescape_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\\U+").or_else(|| rest.find("\\u+")) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let hex = after.get(3..7).unwrap_or("");
        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
            Some(c) if hex.len() == 4 => {
                out.push(c);
                rest = after.get(7..).unwrap_or("");
            }
            _ => {
                out.push_str(after.get(..3).unwrap_or(after));
                rest = after.get(3..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_bytes_decode_to_chinese() {
        // "办公室" in GBK is B0 EC B9 AB CA D2 (GB 2312 code chart).
        let bytes = [0xB0, 0xEC, 0xB9, 0xAB, 0xCA, 0xD2];
        assert_eq!(decode(&bytes, encoding_rs::GBK), "办公室");
    }

    #[test]
    fn unicode_escapes_are_decoded() {
        // U+529E 办, U+516C 公.
        assert_eq!(
            decode(b"\\U+529E\\U+516C 301", encoding_rs::WINDOWS_1252),
            "办公 301"
        );
        assert_eq!(decode(b"a\\U+zz", encoding_rs::UTF_8), "a\\U+zz");
    }

    #[test]
    fn version_decides_before_code_page() {
        assert_eq!(encoding_for("AC1018", "ANSI_936", b"").name(), "GBK");
        assert_eq!(encoding_for("AC1032", "ANSI_1252", b"").name(), "UTF-8");
        assert_eq!(encoding_for("", "", "房间".as_bytes()).name(), "UTF-8");
        assert_eq!(encoding_for("", "", &[0xB0, 0xEC]).name(), "windows-1252");
    }

    #[test]
    fn header_without_units_has_none() {
        let facts = sniff_header(b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n  9\r\n$ACADVER\r\n  1\r\nAC1027\r\n  0\r\nENDSEC\r\n");
        assert_eq!(facts.version, "AC1027");
        assert_eq!(facts.insunits, None);
    }
}
