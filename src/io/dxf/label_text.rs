//! What a room's text says: a room number, a name, an area, or something else.
//!
//! Real plans put several texts in a room (`101`, `办公室`, `12.5㎡`), or one text holding
//! several of them (`101 办公室`, `S=12.5`). Each text is cut into words; a word that reads
//! as a room number (by an editable pattern, [`NumberPattern`]) is the number, a word that
//! reads as an area (`3.9m²`, `12.5㎡`, `60 m2`, `S=12.5`, `面积：12.5平方米`) the surveyed
//! area, words with letters (any script) the name, and anything else (a lone `3600`, `—`)
//! is left out.

use regex::Regex;

/// The default room-number pattern: up to three letters (a wing or floor prefix, `B`,
/// `A1-`), one to five digits (five: building, storey and room, `10305`; and the 1,000th
/// room of `generate-dxf`'s floor 1, `11000`), an optional `-`, `_` or `.` part of up to
/// three digits, an optional letter; or a storey mark like `3F-301`. `TYPE`, `Fællesrum`,
/// `3.9m²` are not numbers, nor a lone number of six digits (a dimension in mm).
pub const DEFAULT_NUMBER_PATTERN: &str = r"^(?:[A-Za-z]{1,3}\d{0,2}[-_.]?)?\d{1,5}(?:[-_.]\d{1,3})?[A-Za-z]?$|^\d{1,2}[Ff][-_.]?\d{1,4}$";

/// A room-number pattern (a regular expression over one word).
#[derive(Clone, Debug)]
pub struct NumberPattern {
    text: String,
    regex: Regex,
}

impl Default for NumberPattern {
    fn default() -> Self {
        Self::parse(DEFAULT_NUMBER_PATTERN).unwrap_or_else(|_| Self {
            text: String::new(),
            regex: Regex::new("^$").unwrap_or_else(|_| unreachable!()),
        })
    }
}

impl PartialEq for NumberPattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for NumberPattern {}

impl NumberPattern {
    /// Parses a pattern; the error is the regular expression's own message.
    pub fn parse(text: &str) -> Result<Self, String> {
        let regex = Regex::new(text).map_err(|e| e.to_string())?;
        Ok(Self {
            text: text.to_owned(),
            regex,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a word reads as a room number.
    pub fn matches(&self, word: &str) -> bool {
        self.regex.is_match(word)
    }
}

/// A room text sorted into its parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortedText {
    /// The first word that reads as a room number.
    pub number: Option<String>,
    /// The words with letters, joined by a space.
    pub name: Option<String>,
    /// The first area the text states, m².
    pub area_m2: Option<f64>,
}

fn area_regex() -> &'static Regex {
    static AREA: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    AREA.get_or_init(|| {
        // A number with an area unit after it, or after `S=` / `面积` / `A=`.
        Regex::new(
            r"(?ix)^(?:
                (?:s|a|面积|使用面积|建筑面积)\s*[=:：]\s*(?P<a>\d+(?:[.,]\d+)?)\s*(?:m²|m2|㎡|平方米|平米|sqm|(?P<fa>sq\.?\s*ft\.?|ft²|ft2|sf))?
              | (?P<b>\d+(?:[.,]\d+)?)\s*(?:m²|m2|㎡|平方米|平米|sqm|(?P<fb>sq\.?\s*ft\.?|ft²|ft2|sf))
            )$",
        )
        .unwrap_or_else(|_| unreachable!())
    })
}

/// Square metres in a square foot (0.3048² exactly).
const M2_PER_FT2: f64 = 0.092_903_04;

/// The area a word (or two or three joined: `12.5` `㎡`, `855` `SQ.` `FT.`) states, m²
/// (square feet converted).
fn area_of(word: &str) -> Option<f64> {
    let caps = area_regex().captures(word.trim())?;
    let value = caps.name("a").or_else(|| caps.name("b"))?.as_str();
    let feet = caps.name("fa").is_some() || caps.name("fb").is_some();
    value
        .replace(',', ".")
        .parse()
        .ok()
        .map(|a: f64| if feet { a * M2_PER_FT2 } else { a })
        .filter(|a: &f64| a.is_finite() && *a > 0.0)
}

fn is_unit(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "m²" | "m2" | "㎡" | "平方米" | "平米" | "sqm" | "sq." | "sq" | "ft." | "ft" | "ft²" | "sf"
    )
}

/// Sorts a text (already without MTEXT codes) into number, name and area.
///
/// ```
/// use officeplan::io::dxf::label_text::{NumberPattern, sort_text};
/// let p = NumberPattern::default();
/// let t = sort_text("101 局长办公室", &p);
/// assert_eq!((t.number.as_deref(), t.name.as_deref()), (Some("101"), Some("局长办公室")));
/// assert_eq!(sort_text("3.9m²", &p).area_m2, Some(3.9));
/// assert_eq!(sort_text("S=12.5", &p).area_m2, Some(12.5));
/// assert_eq!(sort_text("60 m2", &p).area_m2, Some(60.0));
/// assert_eq!(sort_text("TYPE 'B1'", &p).number, None);
/// assert_eq!(sort_text("Fællesrum", &p).name.as_deref(), Some("Fællesrum"));
/// assert_eq!(sort_text("会议室", &p).number, None);
/// ```
pub fn sort_text(text: &str, pattern: &NumberPattern) -> SortedText {
    let mut sorted = SortedText::default();
    let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(area) = area_of(&whole) {
        sorted.area_m2 = Some(area);
        return sorted;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut name: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i).copied() {
        // `12.5 ㎡`, `S= 12.5`, `面积： 12.5 平方米` as one.
        let joined3 = words.get(i..i + 3).map(|w| w.join(" "));
        let joined2 = words.get(i..i + 2).map(|w| w.join(" "));
        if sorted.area_m2.is_none() {
            if let Some(a) = joined3.as_deref().and_then(area_of) {
                sorted.area_m2 = Some(a);
                i += 3;
                continue;
            }
            if let Some(a) = joined2.as_deref().and_then(area_of) {
                sorted.area_m2 = Some(a);
                i += 2;
                continue;
            }
            if let Some(a) = area_of(word) {
                sorted.area_m2 = Some(a);
                i += 1;
                continue;
            }
        }
        if sorted.number.is_none() && pattern.matches(word) {
            sorted.number = Some(word.to_owned());
        } else if word.chars().any(char::is_alphabetic) && !is_unit(word) {
            name.push(word);
        } else if !name.is_empty() && word.starts_with('#') {
            // `ST. #1`, `Stair #2`: the mark belongs to the name before it.
            name.push(word);
        }
        i += 1;
    }
    if !name.is_empty() {
        sorted.name = Some(name.join(" "));
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the real drawings in `../shared/dxf-real/` (rehmanul's boxes: `101`,
    /// `3.9m²`; hal9k's `60 m2` and Danish names; A_000217's `A101`, `TYPE 'B1'`) and the
    /// Chinese forms of DOMAIN's room stamps.
    #[test]
    fn real_texts_sort_as_a_person_reads_them() {
        let p = NumberPattern::default();
        let n = |t: &str| sort_text(t, &p).number;
        assert_eq!(n("101").as_deref(), Some("101"));
        assert_eq!(n("A101").as_deref(), Some("A101"));
        assert_eq!(n("B1-01").as_deref(), Some("B1-01"));
        assert_eq!(n("3F-301").as_deref(), Some("3F-301"));
        assert_eq!(n("3.9m²"), None);
        assert_eq!(n("TYPE 'B1'"), None);
        assert_eq!(n("Fællesrum"), None);
        assert_eq!(n("卧室"), None);
        let t = sort_text("301\n局长 办公室 18.6㎡", &p);
        assert_eq!(t.number.as_deref(), Some("301"));
        assert_eq!(t.name.as_deref(), Some("局长 办公室"));
        assert_eq!(t.area_m2, Some(18.6));
        assert_eq!(sort_text("面积： 12.5 平方米", &p).area_m2, Some(12.5));
        assert_eq!(sort_text("12,5 m2", &p).area_m2, Some(12.5));
        // A_000217's apartments state square feet: 855 ft² × 0.09290304 = 79.432 m².
        let apartment = sort_text("855 SQ. FT.", &p);
        assert_eq!(apartment.number, None);
        let m2 = apartment.area_m2.expect("855 SQ. FT.");
        assert!((m2 - 79.432).abs() < 1e-3, "{m2}");
        assert!((sort_text("1051 sq ft", &p).area_m2.expect("sq ft") - 97.641).abs() < 1e-3);
        // A_000217's stairs: `ST. #1` is a name, not `ST.` with the mark dropped.
        let stair = sort_text("ST. #1", &p);
        assert_eq!(
            (stair.number, stair.name.as_deref()),
            (None, Some("ST. #1"))
        );
        // A lone dimension-like number of six digits is nothing; five digits are a
        // building-storey-room number.
        assert_eq!(sort_text("136000", &p), SortedText::default());
        assert_eq!(n("10305").as_deref(), Some("10305"));
        // The pattern can be changed: storey-first numbers only.
        let strict = NumberPattern::parse(r"^\d-\d{2}$").expect("pattern");
        assert_eq!(sort_text("101 会议室", &strict).number, None);
        assert_eq!(
            sort_text("1-01 会议室", &strict).number.as_deref(),
            Some("1-01")
        );
        assert!(NumberPattern::parse("(").is_err());
    }
}
