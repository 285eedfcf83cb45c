//! What the inventory edits refuse, and why: a region code that is not 12 digits, an empty
//! name, a number out of its range, a date that is no date, a compound deleted with its
//! buildings unconfirmed. Each refusal names the field.

use crate::model::{Building, Region, Site, Uuid, parse_date};

/// Why an edit of the region, a compound or a building was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InventoryError {
    #[error("{}", crate::t!("inventory.error.bad_code", code = code))]
    BadRegionCode { code: String },
    #[error("{}", crate::t!("inventory.error.empty_name", field = field))]
    EmptyName { field: String },
    #[error("{}", crate::t!("inventory.error.bad_value", field = field, value = value, expected = expected))]
    BadValue {
        field: String,
        value: String,
        expected: String,
    },
    #[error("{}", crate::t!("inventory.error.duplicate", field = field, name = name))]
    Duplicate { field: String, name: String },
    #[error("{}", crate::t!("inventory.error.unknown_site", site = site))]
    UnknownSite { site: String },
    #[error("{}", crate::t!("inventory.error.unknown_building", building = building))]
    UnknownBuilding { building: String },
    /// A compound that still holds buildings is deleted only when the person confirms it.
    #[error("{}", crate::t!("inventory.error.site_not_empty", name = name, buildings = buildings, floors = floors, rooms = rooms))]
    SiteNotEmpty {
        name: String,
        buildings: usize,
        floors: usize,
        rooms: u64,
    },
}

fn label(key: &str) -> String {
    crate::t!(key).into_owned()
}

fn bad(field: &str, value: impl ToString, expected: &str) -> InventoryError {
    InventoryError::BadValue {
        field: label(field),
        value: value.to_string(),
        expected: label(expected),
    }
}

/// A region's name and 12-digit statistics code.
pub fn check_region(region: &Region) -> Result<(), InventoryError> {
    if region.name.trim().is_empty() {
        return Err(InventoryError::EmptyName {
            field: label("inventory.field.region_name"),
        });
    }
    if !Region::is_valid_code(region.code.trim()) {
        return Err(InventoryError::BadRegionCode {
            code: region.code.clone(),
        });
    }
    let parent = region.parent_code.trim();
    if !parent.is_empty() && !Region::is_valid_code(parent) {
        return Err(InventoryError::BadRegionCode {
            code: region.parent_code.clone(),
        });
    }
    Ok(())
}

/// A statistics or lease date: `YYYY-MM-DD`, a real day.
pub fn check_date(field: &str, date: Option<&str>) -> Result<(), InventoryError> {
    match date {
        Some(d) if parse_date(d).is_none() => Err(bad(field, d, "inventory.expected.date")),
        _ => Ok(()),
    }
}

fn check_lon_lat(lon_lat: Option<(f64, f64)>) -> Result<(), InventoryError> {
    if let Some((lon, lat)) = lon_lat {
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(bad("inventory.field.lon", lon, "inventory.expected.lon"));
        }
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(bad("inventory.field.lat", lat, "inventory.expected.lat"));
        }
    }
    Ok(())
}

fn check_area(field: &str, area: Option<f64>) -> Result<(), InventoryError> {
    match area {
        Some(a) if !(a.is_finite() && a >= 0.0) => Err(bad(field, a, "inventory.expected.area")),
        _ => Ok(()),
    }
}

/// A compound's fields; `others` are the file's other compounds (names must differ).
pub fn check_site<'a>(
    site: &Site,
    others: impl IntoIterator<Item = &'a Site>,
) -> Result<(), InventoryError> {
    let name = site.name.trim();
    if name.is_empty() {
        return Err(InventoryError::EmptyName {
            field: label("inventory.field.site_name"),
        });
    }
    if others
        .into_iter()
        .any(|s| s.uuid != site.uuid && s.name.trim() == name)
    {
        return Err(InventoryError::Duplicate {
            field: label("inventory.field.site_name"),
            name: name.to_owned(),
        });
    }
    check_area("inventory.field.land_area", site.land_area_m2)?;
    check_lon_lat(site.lon_lat)
}

/// A building's fields; `siblings` are the other buildings of the file (names must differ
/// within a compound).
pub fn check_building<'a>(
    b: &Building,
    siblings: impl IntoIterator<Item = &'a Building>,
) -> Result<(), InventoryError> {
    let name = b.name.trim();
    if name.is_empty() {
        return Err(InventoryError::EmptyName {
            field: label("inventory.field.building_name"),
        });
    }
    if siblings
        .into_iter()
        .any(|o| o.uuid != b.uuid && o.site == b.site && o.name.trim() == name)
    {
        return Err(InventoryError::Duplicate {
            field: label("inventory.field.building_name"),
            name: name.to_owned(),
        });
    }
    if let Some(y) = b.year_built
        && !(1000..=9999).contains(&y)
    {
        return Err(bad(
            "inventory.field.year_built",
            y,
            "inventory.expected.year",
        ));
    }
    for (field, count) in [
        ("inventory.field.storeys", b.storeys),
        ("inventory.field.basement_storeys", b.basement_storeys),
    ] {
        if let Some(n) = count
            && !(0..=300).contains(&n)
        {
            return Err(bad(field, n, "inventory.expected.storeys"));
        }
    }
    check_area("inventory.field.gross_area", b.gross_area_m2)?;
    check_area("inventory.field.office_area", b.office_gross_m2)?;
    check_area("inventory.field.tech_area", b.technical_gross_m2)?;
    if let Some(c) = b.usable_coefficient
        && !(c.is_finite() && c > 0.0 && c <= 1.0)
    {
        return Err(bad(
            "inventory.field.coefficient",
            c,
            "inventory.expected.coefficient",
        ));
    }
    check_date("inventory.field.lease_start", b.lease_start.as_deref())?;
    check_date("inventory.field.lease_end", b.lease_end.as_deref())?;
    check_date("inventory.field.returned_on", b.returned_on.as_deref())?;
    if let (Some(start), Some(end)) = (&b.lease_start, &b.lease_end)
        && crate::model::days_since_epoch(end) < crate::model::days_since_epoch(start)
    {
        return Err(bad(
            "inventory.field.lease_end",
            end,
            "inventory.expected.after_start",
        ));
    }
    if !b.rotation_deg.is_finite() {
        return Err(bad(
            "inventory.field.rotation",
            b.rotation_deg,
            "inventory.expected.number",
        ));
    }
    check_lon_lat(b.anchor_lon_lat)
}

/// Finds a compound by name or UUID.
pub fn find_site<'a>(sites: impl IntoIterator<Item = &'a Site>, key: &str) -> Option<Uuid> {
    let key = key.trim();
    sites
        .into_iter()
        .find(|s| s.name == key || s.uuid.to_string() == key)
        .map(|s| s.uuid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_code_must_be_twelve_digits() {
        let mut region = Region {
            parent_code: String::new(),
            uuid: Uuid::nil(),
            name: "示范区".into(),
            level: crate::model::RegionLevel::County,
            code: "429999000000".into(),
        };
        assert_eq!(check_region(&region), Ok(()));
        region.code = "42999900000".into();
        assert!(matches!(
            check_region(&region),
            Err(InventoryError::BadRegionCode { .. })
        ));
    }

    #[test]
    fn building_numbers_and_dates_are_checked_by_field() {
        let mut b = Building::new(Uuid::from_u128(1), Uuid::nil(), "综合楼".into());
        assert_eq!(check_building(&b, []), Ok(()));
        b.usable_coefficient = Some(1.2);
        assert!(check_building(&b, []).is_err());
        b.usable_coefficient = Some(0.65);
        b.lease_start = Some("2026-02-30".into());
        assert!(check_building(&b, []).is_err());
        b.lease_start = Some("2026-01-01".into());
        b.lease_end = Some("2025-12-31".into());
        assert!(check_building(&b, []).is_err());
        b.lease_end = None;
        let twin = Building::new(Uuid::from_u128(2), Uuid::nil(), "综合楼".into());
        assert!(matches!(
            check_building(&b, [&twin]),
            Err(InventoryError::Duplicate { .. })
        ));
    }
}
