//! Numbers for rooms made on the canvas (房间编号): a free number for a drawn room, `211-2`
//! for the piece split off room 211.

/// A free room number on a floor: one more than the largest numeric number, else `1`.
///
/// ```
/// use officeplan::analysis::room_number::next_room_number;
/// assert_eq!(next_room_number(["601", "602", "卫生间", "610-2"]), "603");
/// ```
pub fn next_room_number<'a>(numbers: impl IntoIterator<Item = &'a str>) -> String {
    let numbers: Vec<&str> = numbers.into_iter().collect();
    let largest = numbers
        .iter()
        .filter_map(|n| n.trim().parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    (largest + 1..)
        .map(|n| n.to_string())
        .find(|candidate| !numbers.contains(&candidate.as_str()))
        .unwrap_or_default()
}

/// The number of the first room drawn on an empty floor: by the floor, as Chinese buildings
/// number rooms (4F → `401`, B1 → `B101`; a ground level 0 → `1`).
///
/// ```
/// use officeplan::analysis::room_number::first_room_number;
/// assert_eq!(first_room_number(4), "401");
/// assert_eq!(first_room_number(-1), "B101");
/// ```
pub fn first_room_number(level: i32) -> String {
    match level {
        1.. => format!("{level}01"),
        0 => "1".to_owned(),
        _ => format!("B{}01", level.unsigned_abs()),
    }
}

/// The number of the piece split off room `base`: `211-2`, or `211-3` if that is taken.
///
/// ```
/// use officeplan::analysis::room_number::split_number;
/// assert_eq!(split_number("211", ["211", "211-2"]), "211-3");
/// ```
pub fn split_number<'a>(base: &str, numbers: impl IntoIterator<Item = &'a str>) -> String {
    let numbers: Vec<&str> = numbers.into_iter().collect();
    (2u32..)
        .map(|k| format!("{base}-{k}"))
        .find(|candidate| !numbers.contains(&candidate.as_str()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(next_room_number(["601", "603"]), "604");
        assert_eq!(next_room_number(["大厅"]), "1");
        assert_eq!(split_number("211", ["211"]), "211-2");
    }
}
