//! Plain text of a TEXT or MTEXT value: MTEXT formatting codes (`\P`, `{\fSimSun;…}`,
//! `\H2.5x;` …) and the `%%` control codes of TEXT removed or turned into characters.

/// The text a person reads, with `\P` paragraph breaks as `\n`.
///
/// ```
/// use officeplan::io::dxf::mtext::plain_text;
/// assert_eq!(plain_text(r"{\fSimHei|b1|i0|c134;\H350;301}\P局长办公室"), "301\n局长办公室");
/// assert_eq!(plain_text("%%c600 %%d"), "⌀600 °");
/// ```
pub fn plain_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('P') | Some('X') | Some('N') => out.push('\n'),
                Some('~') => out.push(' '),
                Some(c @ ('\\' | '{' | '}')) => out.push(c),
                // Codes with an argument up to `;`: font, height, width, tracking, obliquing,
                // alignment, colour, paragraph settings.
                Some('f' | 'F' | 'H' | 'W' | 'Q' | 'T' | 'A' | 'C' | 'c' | 'p') => {
                    for c in chars.by_ref() {
                        if c == ';' {
                            break;
                        }
                    }
                }
                // Stacked fractions `\S1/2;` keep their digits.
                Some('S') => {
                    for c in chars.by_ref() {
                        match c {
                            ';' => break,
                            '^' | '#' => out.push('/'),
                            c => out.push(c),
                        }
                    }
                }
                // Toggles: underline, overline, strike-through.
                Some('L' | 'l' | 'O' | 'o' | 'K' | 'k') => {}
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '{' | '}' => {}
            '%' if chars.peek() == Some(&'%') => {
                chars.next();
                match chars.next() {
                    Some('c' | 'C') => out.push('⌀'),
                    Some('d' | 'D') => out.push('°'),
                    Some('p' | 'P') => out.push('±'),
                    Some('%') => out.push('%'),
                    Some('u' | 'U' | 'o' | 'O') => {}
                    Some(other) => {
                        out.push_str("%%");
                        out.push(other);
                    }
                    None => out.push_str("%%"),
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Splits a label's text into a room number (its first word) and a name (the rest, lines
/// joined by a space).
///
/// ```
/// use officeplan::io::dxf::mtext::number_and_name;
/// assert_eq!(number_and_name("104 信访接待室"), ("104".to_owned(), "信访接待室".to_owned()));
/// assert_eq!(number_and_name("301\n局长 办公室"), ("301".to_owned(), "局长 办公室".to_owned()));
/// ```
pub fn number_and_name(text: &str) -> (String, String) {
    let text = text.trim();
    let split = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(split);
    let name: Vec<&str> = rest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (number.to_owned(), name.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stripped_and_escapes_kept() {
        assert_eq!(plain_text(r"\A1;\C1;B\~103\P\Lcopy\l"), "B 103\ncopy");
        assert_eq!(plain_text(r"a\\b\{c\}"), r"a\b{c}");
        assert_eq!(plain_text(r"\S1^2;"), "1/2");
        assert_eq!(plain_text(r"tail\"), r"tail\");
        assert_eq!(plain_text("100%%%"), "100%");
    }

    #[test]
    fn a_label_without_a_name() {
        assert_eq!(number_and_name("  605 "), ("605".to_owned(), String::new()));
        assert_eq!(number_and_name(""), (String::new(), String::new()));
    }
}
