//! Calendar dates (`YYYY-MM-DD`): validation and the month arithmetic of the 腾退 rule.

/// A calendar date as `YYYY-MM-DD`, validated on the way in (see [`parse_date`]).
pub type Date = String;

/// Checks a `YYYY-MM-DD` date and returns it normalised, or `None` when it is not a real date.
///
/// ```
/// assert_eq!(officeplan::model::parse_date("2026-02-28").as_deref(), Some("2026-02-28"));
/// assert!(officeplan::model::parse_date("2026-02-30").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let (y, m, d) = date_parts(text.trim())?;
    Some(format_date(y, m, d))
}

/// Splits a `YYYY-MM-DD` date into its parts, validating month lengths and leap years.
pub fn date_parts(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    (1..=days_in_month(y, m)).contains(&d).then_some((y, m, d))
}

fn format_date(y: i32, m: u32, d: u32) -> Date {
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date `months` calendar months after `date`, clamped to the end of a shorter month
/// (the "within 1 month" of the 腾退 rule: 2026-01-31 + 1 month = 2026-02-28).
///
/// ```
/// use officeplan::model::add_months;
/// assert_eq!(add_months("2026-03-31", 1).as_deref(), Some("2026-04-30"));
/// assert_eq!(add_months("2026-09-20", 1).as_deref(), Some("2026-10-20"));
/// assert_eq!(add_months("2024-01-31", 1).as_deref(), Some("2024-02-29"));
/// assert_eq!(add_months("2026-12-15", 2).as_deref(), Some("2027-02-15"));
/// ```
pub fn add_months(date: &str, months: u32) -> Option<Date> {
    let (y, m, d) = date_parts(date.trim())?;
    let index = i64::from(y) * 12 + i64::from(m - 1) + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    if year > 9999 {
        return None;
    }
    Some(format_date(year, month, d.min(days_in_month(year, month))))
}

/// Days from 1970-01-01 to `date` (negative before), by the proleptic Gregorian calendar.
///
/// ```
/// assert_eq!(officeplan::model::days_since_epoch("1970-01-02"), Some(1));
/// assert_eq!(officeplan::model::days_since_epoch("2000-03-01"), Some(11_017));
/// ```
pub fn days_since_epoch(date: &str) -> Option<i64> {
    let (y, m, d) = date_parts(date.trim())?;
    // Howard Hinnant's days_from_civil.
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The date `days` days after 1970-01-01.
///
/// ```
/// assert_eq!(officeplan::model::date_from_days(11_017), "2000-03-01");
/// ```
pub fn date_from_days(days: i64) -> Date {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Today's date in the machine's time zone: the date people sign and print (a plan's
/// 制图日期). Between midnight and 08:00 in China, [`today`] is still yesterday.
pub fn today_local() -> Date {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-1-5").as_deref() == Some("2026-01-05"));
        assert!(parse_date("yesterday").is_none());
    }

    #[test]
    fn one_month_is_clamped_to_the_month_end() {
        // DOMAIN §2.2 腾退 within 1 month; sample README planted problem 6: 2026-03-31 → 2026-04-30.
        assert_eq!(add_months("2026-03-31", 1).as_deref(), Some("2026-04-30"));
        assert_eq!(add_months("2026-01-31", 1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_months("2026-11-30", 2).as_deref(), Some("2027-01-30"));
        assert_eq!(add_months("2026-05-10", 0).as_deref(), Some("2026-05-10"));
        assert!(add_months("2026-02-30", 1).is_none());
    }

    #[test]
    fn the_local_date_is_a_real_date_within_a_day_of_utc() {
        let local = today_local();
        assert_eq!(parse_date(&local).as_deref(), Some(local.as_str()));
        let (Some(l), Some(u)) = (days_since_epoch(&local), days_since_epoch(&today())) else {
            panic!("dates");
        };
        assert!((l - u).abs() <= 1);
    }

    #[test]
    fn day_numbers_round_trip() {
        for date in [
            "1970-01-01",
            "2024-02-29",
            "2026-09-30",
            "1999-12-31",
            "2100-03-01",
        ] {
            let days = days_since_epoch(date).unwrap();
            assert_eq!(date_from_days(days), date);
        }
        // 2026-09-30 − 2025-11-01 = 333 days (30 + 31 + 31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 29).
        let idle =
            days_since_epoch("2026-09-30").unwrap() - days_since_epoch("2025-11-01").unwrap();
        assert_eq!(idle, 333);
    }
}
