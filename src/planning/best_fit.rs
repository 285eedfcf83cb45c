//! Best fit (择优匹配): which idle rooms of a floor take a unit moved there on the stack plan.
//!
//! The unit needs as much 使用面积 as it holds on the floor it leaves. Among the target floor's
//! idle rooms (闲置, held by no unit), the fit takes the fewest, largest rooms that reach the
//! need, then swaps the last one taken for the smallest room that still reaches it, so the
//! surplus is small; a single room that alone reaches the need with less surplus wins.

use super::checked::Checked;
use super::gesture::{Gesture, GestureError};
use crate::model::{Date, RoomStatus, Uuid};
use crate::model::{Move, MoveKind};

/// The rooms chosen and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// Target rooms, largest first.
    pub rooms: Vec<Uuid>,
    /// 使用面积 the unit holds on the floor it leaves, m².
    pub need_m2: f64,
    /// 使用面积 of the chosen rooms, m².
    pub total_m2: f64,
    /// Idle rooms on the target floor.
    pub candidates: usize,
}

impl Fit {
    /// One line for the tooltip: how many rooms, their area, the need and the surplus.
    pub fn reason(&self) -> String {
        crate::t!(
            "planning.fit_reason",
            rooms = self.rooms.len(),
            total = format!("{:.2}", self.total_m2),
            need = format!("{:.2}", self.need_m2),
            surplus = format!("{:.2}", self.total_m2 - self.need_m2),
            candidates = self.candidates
        )
        .into_owned()
    }
}

/// Picks from `(index, area)` candidates the rooms reaching `need`; indices of the choice.
///
/// ```
/// use officeplan::planning::best_fit::choose;
/// // Need 30 m²: 20 + 15 = 35 beats 20 + 17.92 = 37.92; a single 32 m² room beats both.
/// assert_eq!(choose(&[(0, 20.0), (1, 17.92), (2, 15.0)], 30.0), Some(vec![0, 2]));
/// assert_eq!(choose(&[(0, 20.0), (1, 32.0), (2, 15.0)], 30.0), Some(vec![1]));
/// assert_eq!(choose(&[(0, 10.0)], 30.0), None);
/// ```
pub fn choose(candidates: &[(usize, f64)], need: f64) -> Option<Vec<usize>> {
    let mut by_area: Vec<(usize, f64)> = candidates.to_vec();
    by_area.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut taken = Vec::new();
    let mut total = 0.0;
    let mut rest = by_area.iter();
    for &(i, area) in rest.by_ref() {
        if total >= need - 1e-9 {
            break;
        }
        taken.push((i, area));
        total += area;
    }
    if total < need - 1e-9 {
        return None;
    }
    // Swap the last room taken for the smallest untaken one that still reaches the need.
    if let Some(&(_, last)) = taken.last() {
        let without_last = total - last;
        let better = by_area
            .iter()
            .filter(|(i, _)| !taken.iter().any(|(t, _)| t == i))
            .filter(|(_, a)| without_last + a >= need - 1e-9 && *a < last)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(&b), Some(slot)) = (better, taken.last_mut()) {
            total = without_last + b.1;
            *slot = b;
        }
    }
    // A single room that reaches the need with less surplus wins.
    let single = by_area
        .iter()
        .filter(|(_, a)| *a >= need - 1e-9)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some(&(i, a)) = single
        && (a < total - 1e-9 || taken.len() > 1 && a <= total + 1e-9)
    {
        return Some(vec![i]);
    }
    Some(taken.into_iter().map(|(i, _)| i).collect())
}

/// Moves `unit`'s rooms on `from_floor` to best-fitting idle rooms of `to_floor`: the rooms
/// it leaves become idle, the persons seated in them follow (largest room to largest room).
pub fn relocate(
    checked: &Checked,
    today: Date,
    unit: Uuid,
    from_floor: &Uuid,
    to_floor: &Uuid,
) -> Result<(Move, Fit), GestureError> {
    if checked.compliance.ledger.position(&unit).is_none() {
        return Err(GestureError::UnknownUnit { unit });
    }
    if from_floor == to_floor {
        return Err(GestureError::NoChange);
    }
    let rooms = &checked.project.rooms;
    let mut sources: Vec<(usize, f64)> = checked
        .rooms_on(from_floor)
        .iter()
        .filter(|i| rooms.get(**i).is_some_and(|r| r.units.contains(&unit)))
        .map(|i| {
            (
                *i,
                checked.area(*i) / rooms.get(*i).map_or(1, |r| r.units.len()) as f64,
            )
        })
        .collect();
    if sources.is_empty() {
        return Err(GestureError::NoChange);
    }
    sources.sort_by(|a, b| b.1.total_cmp(&a.1));
    let need: f64 = sources.iter().map(|(_, a)| a).sum();
    let candidates: Vec<(usize, f64)> = checked
        .rooms_on(to_floor)
        .iter()
        .filter(|i| {
            rooms
                .get(**i)
                .is_some_and(|r| r.status == RoomStatus::Idle && r.units.is_empty())
        })
        .map(|i| (*i, checked.area(*i)))
        .collect();
    let available: f64 = candidates.iter().map(|(_, a)| a).sum();
    let mut chosen =
        choose(&candidates, need).ok_or(GestureError::NotEnoughIdle { need, available })?;
    chosen.sort_by(|a, b| checked.area(*b).total_cmp(&checked.area(*a)));
    let uuid = |i: usize| rooms.get(i).map(|r| r.uuid);
    let mut g = Gesture::new(checked, today);
    for (s, _) in &sources {
        let Some(from) = uuid(*s) else { continue };
        let left: Vec<Uuid> = g
            .units_of(&from)?
            .into_iter()
            .filter(|u| *u != unit)
            .collect();
        g.set_units(&from, left)?;
    }
    for t in &chosen {
        if let Some(to) = uuid(*t) {
            g.set_units(&to, vec![unit])?;
        }
    }
    // Persons follow their room: the k-th largest source to the k-th largest target, the
    // rest to the smallest target.
    for (k, (s, _)) in sources.iter().enumerate() {
        let target = chosen.get(k).or(chosen.last()).copied();
        if let (Some(from), Some(to)) = (uuid(*s), target.and_then(uuid)) {
            g.carry_persons(&unit, &from, &to)?;
        }
    }
    let fit = Fit {
        rooms: chosen.iter().filter_map(|i| uuid(*i)).collect(),
        need_m2: need,
        total_m2: chosen.iter().map(|i| checked.area(*i)).sum(),
        candidates: candidates.len(),
    };
    Ok((g.finish(MoveKind::Relocate, Some(unit), None)?, fit))
}
