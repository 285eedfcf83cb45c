//! Plausible room layouts: slab floors with a double-loaded corridor.

use geo::{LineString, Polygon};

use super::rng::Rng;

/// Structural bay width, metres.
const BAY: f64 = 3.6;
/// Depth of a room band from the outer wall to the corridor, metres.
const DEPTH: f64 = 6.0;
/// Corridor width, metres.
const CORRIDOR: f64 = 2.4;
/// Half a wall: rooms are drawn on the inner wall face.
const HALF_WALL: f64 = 0.1;
/// Width of one band pair (rooms, corridor, rooms) plus the wall between bands.
const BAND: f64 = 2.0 * DEPTH + CORRIDOR + 0.4;

/// Outer wall face of a slab of `bays` bays.
pub(super) fn footprint(bays: usize) -> Polygon<f64> {
    let w = bays as f64 * BAY + 0.4;
    let h = 2.0 * DEPTH + CORRIDOR + 0.4;
    rect(-0.2, -0.2, w - 0.2, h - 0.2)
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
        Vec::new(),
    )
}

/// `count` rooms laid out `bays` to a row on both sides of a corridor; more rooms than two
/// rows hold continue in further bands above (a very large floor).
pub(super) fn floor_rooms(count: usize, bays: usize, rng: &mut Rng) -> Vec<Polygon<f64>> {
    let bays = bays.max(1);
    let mut rooms = Vec::with_capacity(count);
    let mut slot = 0usize;
    while rooms.len() < count {
        let band = slot / (2 * bays);
        let side = (slot / bays) % 2;
        let bay = slot % bays;
        slot += 1;
        let x0 = bay as f64 * BAY + HALF_WALL;
        let x1 = (bay + 1) as f64 * BAY - HALF_WALL;
        let base = band as f64 * BAND;
        let (y0, y1) = if side == 0 {
            (base + HALF_WALL, base + DEPTH - HALF_WALL)
        } else {
            (
                base + DEPTH + CORRIDOR + HALF_WALL,
                base + 2.0 * DEPTH + CORRIDOR - HALF_WALL,
            )
        };
        rooms.push(match rng.below(12) {
            // An L-shaped room: a 1.2 m × 1.5 m corner taken by a shaft.
            0 => Polygon::new(
                LineString::from(vec![
                    (x0, y0),
                    (x1, y0),
                    (x1, y1 - 1.5),
                    (x1 - 1.2, y1 - 1.5),
                    (x1 - 1.2, y1),
                    (x0, y1),
                    (x0, y0),
                ]),
                Vec::new(),
            ),
            // A room with a 0.5 m column inside.
            1 => {
                let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                let mut room = rect(x0, y0, x1, y1);
                room.interiors_push(LineString::from(vec![
                    (cx, cy),
                    (cx, cy + 0.5),
                    (cx + 0.5, cy + 0.5),
                    (cx + 0.5, cy),
                    (cx, cy),
                ]));
                room
            }
            _ => rect(x0, y0, x1, y1),
        });
    }
    rooms
}
