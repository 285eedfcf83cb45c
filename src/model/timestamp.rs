//! Times of the change log for people: stored in UTC, shown in the computer's local time.

use chrono::{DateTime, Local, TimeZone};

/// A stored UTC time (`2026-03-05T08:30:00.123Z`) as local time to the second
/// (`2026-03-05 16:30:00` in UTC+8); a text that is not such a time is returned as it is.
pub fn local_time(at_utc: &str) -> String {
    time_in(at_utc, &Local)
}

/// `local_time` in a given zone (the tests use a fixed one).
fn time_in<Tz: TimeZone>(at_utc: &str, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match DateTime::parse_from_rfc3339(at_utc) {
        Ok(t) => t
            .with_timezone(zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => at_utc.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn utc_is_shown_in_the_zone() {
        // Beijing time is UTC+8: 08:30 UTC is 16:30 there, 23:30 UTC is the next day.
        let beijing = FixedOffset::east_opt(8 * 3600).expect("an offset");
        assert_eq!(
            time_in("2026-03-05T08:30:00.123Z", &beijing),
            "2026-03-05 16:30:00"
        );
        assert_eq!(
            time_in("2026-03-05T23:30:00.000Z", &beijing),
            "2026-03-06 07:30:00"
        );
    }

    #[test]
    fn other_text_is_kept() {
        assert_eq!(local_time("yesterday"), "yesterday");
    }
}
