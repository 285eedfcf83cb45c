//! GeoJSON rooms of one floor: properties ↔ room attributes.
//!
//! Coordinates: a floor of a building with a site anchor is written in RFC 7946 WGS 84
//! longitude/latitude (see [`crate::io::site_anchor`] for the transform and its accuracy);
//! otherwise, or when asked, in the floor's plan metres — and then the file says so, both in
//! a foreign member `"officeplan:crs"` and in the old-style `"crs"` member that GDAL and QGIS
//! honour, naming a local engineering CRS, so that no tool reads metres as degrees (a 42 m²
//! room measured as 5 × 10¹¹ m²). Reading takes either back to plan metres.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use geo::{Coord, LineString, MapCoords as _, Polygon};
use serde_json::{Map, Value, json};

use super::site_anchor::SiteAnchor;
use super::{InputError, InputProblem};
use crate::analysis::{AreaBasis, area::round_m2, room_area, validate_polygon};
use crate::model::{Coded, Room, RoomCategory, RoomStatus, Unit, Uuid, parse_date};

/// Reads rooms from GeoJSON text. `resolve_unit` maps a unit name or UUID to its UUID.
///
/// Every feature is checked; if any is bad, the error lists each one by feature number and
/// room number, and no room is returned.
pub fn read_rooms(
    path: &Path,
    text: &str,
    floor: Uuid,
    resolve_unit: &dyn Fn(&str) -> Option<Uuid>,
) -> Result<Vec<Room>, InputError> {
    let document: Value = serde_json::from_str(text).map_err(|e| {
        InputError::single(
            path,
            crate::t!("input.line_column", line = e.line(), column = e.column()),
            e.to_string(),
        )
    })?;
    let features = match (&document["type"], document.get("features")) {
        (Value::String(t), Some(Value::Array(features))) if t == "FeatureCollection" => features,
        _ => {
            return Err(InputError::single(
                path,
                crate::t!("input.document"),
                crate::t!("geojson.not_collection"),
            ));
        }
    };
    let anchor = match document.get(CRS_MEMBER) {
        None => None,
        Some(member) => read_frame(member)
            .map_err(|message| InputError::single(path, crate::t!("input.document"), message))?,
    };
    let mut problems = Vec::new();
    let mut rooms = Vec::with_capacity(features.len());
    let mut numbers = HashSet::with_capacity(features.len());
    for (i, feature) in features.iter().enumerate() {
        let props = feature.get("properties").and_then(Value::as_object);
        let number = props
            .and_then(|p| text_property(p, "number"))
            .unwrap_or_default();
        let place = if number.is_empty() {
            crate::t!("input.feature", n = i + 1).into_owned()
        } else {
            crate::t!("input.feature_room", n = i + 1, number = number).into_owned()
        };
        let mut problem = |message: String| {
            problems.push(InputProblem {
                place: place.clone(),
                message,
            })
        };
        if number.is_empty() {
            problem(crate::t!("geojson.no_number").into_owned());
            continue;
        }
        if !numbers.insert(number.clone()) {
            problem(crate::t!("geojson.duplicate_number", number = number).into_owned());
            continue;
        }
        let polygon = match read_geometry(feature.get("geometry")) {
            Ok(p) => match &anchor {
                Some(a) => p.map_coords(|c| a.plan(c)),
                None => p,
            },
            Err(message) => {
                problem(message);
                continue;
            }
        };
        if let Err(e) = validate_polygon(&polygon) {
            problem(e.to_string());
            continue;
        }
        match room_from_properties(props, &number, floor, polygon, resolve_unit) {
            Ok(room) => rooms.push(room),
            Err(message) => problem(message),
        }
    }
    if problems.is_empty() {
        Ok(rooms)
    } else {
        Err(InputError {
            path: path.to_path_buf(),
            problems,
        })
    }
}

fn text_property(props: &Map<String, Value>, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn coded_property<T: Coded>(
    props: Option<&Map<String, Value>>,
    key: &str,
    default: T,
) -> Result<T, String> {
    match props
        .and_then(|p| text_property(p, key))
        .filter(|t| !t.is_empty())
    {
        None => Ok(default),
        Some(text) => T::parse(&text)
            .ok_or_else(|| crate::t!("input.bad_value", field = key, value = text).into_owned()),
    }
}

fn room_from_properties(
    props: Option<&Map<String, Value>>,
    number: &str,
    floor: Uuid,
    polygon: Polygon<f64>,
    resolve_unit: &dyn Fn(&str) -> Option<Uuid>,
) -> Result<Room, String> {
    let text = |key: &str| {
        props
            .and_then(|p| text_property(p, key))
            .unwrap_or_default()
    };
    let category = coded_property(props, "category", RoomCategory::Office)?;
    let status = coded_property(props, "status", RoomStatus::InUse)?;
    let status_since = match text("status_since") {
        t if t.is_empty() => None,
        t => Some(parse_date(&t).ok_or_else(|| {
            crate::t!("input.bad_value", field = "status_since", value = t).into_owned()
        })?),
    };
    let surveyed_area_m2 = match props.and_then(|p| p.get("surveyed_area_m2")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(value) => {
            let area = value
                .as_f64()
                .or_else(|| value.as_str().and_then(|s| s.trim().parse::<f64>().ok()));
            match area {
                Some(a) if a.is_finite() && a > 0.0 => Some(a),
                _ => {
                    return Err(crate::t!(
                        "input.bad_value",
                        field = "surveyed_area_m2",
                        value = value.to_string()
                    )
                    .into_owned());
                }
            }
        }
    };
    let mut units = Vec::new();
    for name in text("unit")
        .split([';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        units.push(
            resolve_unit(name)
                .ok_or_else(|| crate::t!("input.unknown_unit", unit = name).into_owned())?,
        );
    }
    let uuid = match text("uuid") {
        t if t.is_empty() => Uuid::now_v7(),
        t => Uuid::parse_str(&t)
            .map_err(|_| crate::t!("input.bad_value", field = "uuid", value = t).into_owned())?,
    };
    Ok(Room {
        uuid,
        floor,
        number: number.to_owned(),
        name: text("name"),
        category,
        sub_use: text("sub_use"),
        status,
        status_since,
        polygon,
        surveyed_area_m2,
        units,
        note: text("note"),
    })
}

/// Reads a Polygon, or a MultiPolygon of exactly one polygon, from a GeoJSON geometry.
fn read_geometry(geometry: Option<&Value>) -> Result<Polygon<f64>, String> {
    let geometry = geometry
        .filter(|g| !g.is_null())
        .ok_or_else(|| crate::t!("geojson.no_geometry").into_owned())?;
    let kind = geometry["type"].as_str().unwrap_or("");
    let coordinates = &geometry["coordinates"];
    match kind {
        "Polygon" => read_polygon(coordinates),
        "MultiPolygon" => match coordinates.as_array().map(Vec::as_slice) {
            Some([only]) => read_polygon(only),
            Some(parts) => Err(crate::t!("geojson.multi_parts", count = parts.len()).into_owned()),
            None => Err(crate::t!("geojson.bad_coordinates").into_owned()),
        },
        other => Err(crate::t!("geojson.unsupported_geometry", kind = other).into_owned()),
    }
}

fn read_polygon(coordinates: &Value) -> Result<Polygon<f64>, String> {
    let bad = || crate::t!("geojson.bad_coordinates").into_owned();
    let rings = coordinates.as_array().ok_or_else(bad)?;
    let mut out = Vec::with_capacity(rings.len());
    for ring in rings {
        let points = ring.as_array().ok_or_else(bad)?;
        let mut coords = Vec::with_capacity(points.len());
        for point in points {
            let xy = point.as_array().ok_or_else(bad)?;
            let x = xy.first().and_then(Value::as_f64).ok_or_else(bad)?;
            let y = xy.get(1).and_then(Value::as_f64).ok_or_else(bad)?;
            coords.push(Coord { x, y });
        }
        out.push(LineString::new(coords));
    }
    let mut rings = out.into_iter();
    let exterior = rings.next().ok_or_else(bad)?;
    Ok(Polygon::new(exterior, rings.collect()))
}

/// The foreign member that says in which coordinates a file's rooms are.
pub const CRS_MEMBER: &str = "officeplan:crs";
/// Its `type` for WGS 84 from a site anchor, and for plan metres.
const FRAME_WGS84: &str = "wgs84_from_site_anchor";
const FRAME_PLAN: &str = "plan_metres";
/// The local engineering CRS of a floor plan as OGC WKT, for the old-style `"crs"` member:
/// GDAL and QGIS then know the coordinates are metres on a plane, not degrees.
pub const PLAN_CRS_WKT: &str = "LOCAL_CS[\"officeplan floor plan (metres)\",LOCAL_DATUM[\"officeplan floor plan origin\",32767],UNIT[\"metre\",1],AXIS[\"X\",EAST],AXIS[\"Y\",NORTH]]";

/// In which coordinates a floor's rooms are written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Coordinates {
    /// RFC 7946 WGS 84 longitude/latitude, from the building's site anchor.
    Wgs84(SiteAnchor),
    /// The floor's plan metres, because the person asked for them.
    PlanMetresAsked,
    /// The floor's plan metres, because the building has no site anchor.
    PlanMetresNoAnchor,
}

/// What an export says about where its rooms are.
#[derive(Clone, Copy, Debug)]
pub struct FloorFrame<'a> {
    pub building: &'a str,
    pub floor: &'a str,
    pub coordinates: Coordinates,
}

/// The anchor of a file written in WGS 84 by [`write_rooms`], or `None` for plan metres.
fn read_frame(member: &Value) -> Result<Option<SiteAnchor>, String> {
    let bad = || crate::t!("geojson.bad_frame").into_owned();
    match member.get("type").and_then(Value::as_str) {
        Some(FRAME_PLAN) => Ok(None),
        Some(FRAME_WGS84) => {
            let number = |key: &str| member.get(key).and_then(Value::as_f64).ok_or_else(bad);
            let anchor = SiteAnchor {
                lon: number("anchor_lon")?,
                lat: number("anchor_lat")?,
                rotation_deg: number("rotation_deg")?,
            };
            let usable = [anchor.lon, anchor.lat, anchor.rotation_deg]
                .iter()
                .all(|v| v.is_finite())
                && (-180.0..=180.0).contains(&anchor.lon)
                && (-85.0..=85.0).contains(&anchor.lat);
            if usable { Ok(Some(anchor)) } else { Err(bad()) }
        }
        _ => Err(bad()),
    }
}

/// Writes rooms as a GeoJSON FeatureCollection with their attributes, area and its basis,
/// in the coordinates `frame` names (and saying which in the file).
pub fn write_rooms(rooms: &[Room], units: &[Unit], frame: &FloorFrame<'_>) -> String {
    let names: HashMap<Uuid, &str> = units.iter().map(|u| (u.uuid, u.name.as_str())).collect();
    let anchor = match frame.coordinates {
        Coordinates::Wgs84(a) => Some(a),
        Coordinates::PlanMetresAsked | Coordinates::PlanMetresNoAnchor => None,
    };
    let features: Vec<Value> = rooms
        .iter()
        .map(|room| {
            let unit_names: Vec<&str> = room
                .units
                .iter()
                .filter_map(|u| names.get(u).copied())
                .collect();
            let rings: Vec<Vec<[f64; 2]>> = std::iter::once(room.polygon.exterior())
                .chain(room.polygon.interiors())
                .map(|ring| {
                    ring.0
                        .iter()
                        .map(|c| match &anchor {
                            Some(a) => {
                                let p = a.lon_lat(*c);
                                [p.x, p.y]
                            }
                            None => [c.x, c.y],
                        })
                        .collect()
                })
                .collect();
            json!({
                "type": "Feature",
                "properties": {
                    "uuid": room.uuid.to_string(),
                    "number": room.number,
                    "name": room.name,
                    "category": room.category.zh(),
                    "sub_use": room.sub_use,
                    "status": room.status.zh(),
                    "status_since": room.status_since,
                    "surveyed_area_m2": room.surveyed_area_m2,
                    "area_m2": round_m2(room_area(&room.polygon)),
                    "area_basis": AreaBasis::Usable.zh(),
                    "unit": unit_names.join(";"),
                    "note": room.note,
                },
                "geometry": { "type": "Polygon", "coordinates": rings },
            })
        })
        .collect();
    let mut collection = Map::new();
    collection.insert("type".into(), json!("FeatureCollection"));
    match frame.coordinates {
        Coordinates::Wgs84(a) => {
            // RFC 7946: WGS 84 is the only CRS, so no "crs" member; the foreign member keeps
            // the anchor so that import can go back to plan metres.
            collection.insert(
                CRS_MEMBER.into(),
                json!({
                    "type": FRAME_WGS84,
                    "building": frame.building,
                    "floor": frame.floor,
                    "anchor_lon": a.lon,
                    "anchor_lat": a.lat,
                    "rotation_deg": a.rotation_deg,
                    "note": "RFC 7946 WGS 84 lon/lat: plan metres rotated by rotation_deg and placed at the anchor on its local tangent plane (error < 1 mm within 100 m of the anchor)",
                }),
            );
        }
        Coordinates::PlanMetresAsked | Coordinates::PlanMetresNoAnchor => {
            let reason = if frame.coordinates == Coordinates::PlanMetresAsked {
                "asked (--plan-metres)"
            } else {
                "the building has no site anchor (anchor_lon/anchor_lat)"
            };
            collection.insert(
                "crs".into(),
                json!({ "type": "name", "properties": { "name": PLAN_CRS_WKT } }),
            );
            collection.insert(
                CRS_MEMBER.into(),
                json!({
                    "type": FRAME_PLAN,
                    "building": frame.building,
                    "floor": frame.floor,
                    "unit": "metre",
                    "axes": "x right, y up, as in the floor's CAD plan; not longitude/latitude",
                    "reason": reason,
                    "wkt": PLAN_CRS_WKT,
                }),
            );
        }
    }
    collection.insert("features".into(), Value::Array(features));
    serde_json::to_string_pretty(&Value::Object(collection)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn no_units(_: &str) -> Option<Uuid> {
        None
    }

    #[test]
    fn reads_a_room_with_its_attributes() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
            "properties":{"number":301,"name":"局长办公室","category":"办公室","status":"闲置","status_since":"2026-01-05"},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[3.4,0],[3.4,5.2],[0,5.2],[0,0]]]}}]}"#;
        let rooms = read_rooms(&PathBuf::from("f.geojson"), text, Uuid::nil(), &no_units).unwrap();
        let room = &rooms[0];
        assert_eq!(room.number, "301");
        assert_eq!(room.status, RoomStatus::Idle);
        // 3.4 m × 5.2 m = 17.68 m²
        assert!((room_area(&room.polygon) - 17.68).abs() < 1e-9);
    }

    #[test]
    fn every_bad_feature_is_named() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"number":"101"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}},
            {"type":"Feature","properties":{"number":"102","category":"走廊"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{"number":"102"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{"number":"103","unit":"不存在局"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
        ]}"#;
        let err =
            read_rooms(&PathBuf::from("bad.geojson"), text, Uuid::nil(), &no_units).unwrap_err();
        assert_eq!(err.problems.len(), 4);
        let message = err.to_string();
        assert!(message.contains("bad.geojson"), "{message}");
        for n in ["101", "102", "103"] {
            assert!(message.contains(n), "{message}");
        }
    }

    #[test]
    fn broken_json_names_line_and_column() {
        let err = read_rooms(
            &PathBuf::from("x.geojson"),
            "{\n  \"type\": ",
            Uuid::nil(),
            &no_units,
        )
        .unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(err.problems[0].place.contains('2'), "{:?}", err.problems);
    }

    #[test]
    fn write_then_read_keeps_everything() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
            "properties":{"number":"A1","category":"服务用房","sub_use":"会议室","surveyed_area_m2":99.5},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[4,4.5],[4.5,4.5],[4.5,4],[4,4]]]}}]}"#;
        let path = PathBuf::from("r.geojson");
        let rooms = read_rooms(&path, text, Uuid::nil(), &no_units).unwrap();
        let plan = FloorFrame {
            building: "B",
            floor: "1F",
            coordinates: Coordinates::PlanMetresAsked,
        };
        let again = read_rooms(
            &path,
            &write_rooms(&rooms, &[], &plan),
            Uuid::nil(),
            &no_units,
        )
        .unwrap();
        assert_eq!(rooms, again);
        // 100 − 0.25 column = 99.75 m²
        assert!(write_rooms(&rooms, &[], &plan).contains("99.75"));
        // Through WGS 84 and back: the same rooms within a micrometre.
        let wgs84 = FloorFrame {
            coordinates: Coordinates::Wgs84(SiteAnchor {
                lon: 112.20012,
                lat: 30.90041,
                rotation_deg: 30.0,
            }),
            ..plan
        };
        let text = write_rooms(&rooms, &[], &wgs84);
        assert!(!text.contains("\"crs\""), "RFC 7946 has no crs member");
        let again = read_rooms(&path, &text, Uuid::nil(), &no_units).unwrap();
        let a = again[0].polygon.exterior().0[2];
        assert!(
            (a.x - 10.0).abs() < 1e-6 && (a.y - 10.0).abs() < 1e-6,
            "{a:?}"
        );
    }
}
