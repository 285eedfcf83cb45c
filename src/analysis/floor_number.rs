//! Room numbers by floor (按楼层编号): a room copied from floor 3 to floor 5 is numbered as
//! floor 5 numbers its rooms — `301` → `501`, `3-01` → `5-01`, `3F-12` → `5F-12`.

/// The storey of a floor's name: `3F` → 3, `B1` → −1, `12层` → 12, `12` → 12.
///
/// ```
/// use officeplan::analysis::floor_number::level_from_name;
/// assert_eq!(level_from_name("5F"), Some(5));
/// assert_eq!(level_from_name("B2"), Some(-2));
/// assert_eq!(level_from_name("夹层"), None);
/// ```
pub fn level_from_name(name: &str) -> Option<i32> {
    let upper = name.trim().to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix('B') {
        return rest.trim_end_matches('F').parse::<i32>().ok().map(|n| -n);
    }
    upper
        .trim_end_matches('F')
        .trim_end_matches('层')
        .parse()
        .ok()
}

/// The prefix a floor's room numbers start with: `3` for level 3, `B1` for level −1.
fn level_prefix(level: i32) -> String {
    if level < 0 {
        format!("B{}", level.unsigned_abs())
    } else {
        level.to_string()
    }
}

/// The number a room numbered `number` on the floor at level `from` takes on the floor at
/// level `to`. Only a number that starts with the floor's number followed by a digit, `-`
/// or `F` (the Chinese numbering schemes) is renumbered; any other (`卫生间`, `A301`) keeps
/// its number.
///
/// ```
/// use officeplan::analysis::floor_number::renumber;
/// assert_eq!(renumber("301", 3, 5), "501");
/// assert_eq!(renumber("3-01", 3, 5), "5-01");
/// assert_eq!(renumber("3F-12", 3, 5), "5F-12");
/// assert_eq!(renumber("卫生间", 3, 5), "卫生间");
/// assert_eq!(renumber("1201", 12, 13), "1301");
/// assert_eq!(renumber("B105", -1, -2), "B205");
/// ```
pub fn renumber(number: &str, from: i32, to: i32) -> String {
    let prefix = level_prefix(from);
    let Some(rest) = number.strip_prefix(prefix.as_str()) else {
        return number.to_owned();
    };
    let follows = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == 'F' || c == 'f');
    if !follows {
        return number.to_owned();
    }
    // Level 1's prefix `1` would also match `12xx` of a floor-12 numbering; a number is only
    // renumbered when its own floor part is this floor (`1201` on level 12, not level 1).
    if (0..10).contains(&from)
        && rest.len() >= 3
        && rest.chars().take(3).all(|c| c.is_ascii_digit())
    {
        return number.to_owned();
    }
    format!("{}{rest}", level_prefix(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chinese_schemes_take_the_target_floor() {
        // The examples of issue 12: 301 → 401, 3-01 → 5-01, 3F-12 → 5F-12.
        assert_eq!(renumber("301", 3, 4), "401");
        assert_eq!(renumber("3-01", 3, 5), "5-01");
        assert_eq!(renumber("3F-12", 3, 5), "5F-12");
        assert_eq!(renumber("310", 3, 11), "1110");
    }

    #[test]
    fn a_number_of_another_scheme_keeps_its_number() {
        assert_eq!(renumber("楼梯间", 3, 5), "楼梯间");
        assert_eq!(renumber("A301", 3, 5), "A301");
        assert_eq!(renumber("401", 3, 5), "401");
        assert_eq!(renumber("3", 3, 5), "3");
        assert_eq!(renumber("3A", 3, 5), "3A");
        // Four digits on floor 1 are a floor-10+ number, not floor 1's.
        assert_eq!(renumber("1201", 1, 2), "1201");
    }
}
