//! Room counts and areas by category × status, summed over floors, buildings, sites.

use crate::model::{Coded as _, RoomCategory, RoomStatus};

/// Count and area (m², 使用面积) of a set of rooms.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cell {
    pub rooms: u64,
    pub area_m2: f64,
}

impl Cell {
    pub fn add(&mut self, other: Cell) {
        self.rooms += other.rooms;
        self.area_m2 += other.area_m2;
    }
}

const CATEGORIES: usize = RoomCategory::COUNT;
const STATUSES: usize = RoomStatus::COUNT;

/// Counts and areas of rooms in a category × status table (one per floor, summed upwards).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CategoryStatusTotals {
    cells: [[Cell; STATUSES]; CATEGORIES],
    /// Rooms counted whose polygon is invalid (self-intersecting, empty, several parts), by
    /// cell: their area is unknown and not in any cell's area.
    unmeasured: [[u64; STATUSES]; CATEGORIES],
}

impl CategoryStatusTotals {
    /// Adds one room.
    pub fn add_room(&mut self, category: RoomCategory, status: RoomStatus, area_m2: f64) {
        self.add_cell(category, status, Cell { rooms: 1, area_m2 });
    }

    /// Adds a room whose area is unknown (its polygon is invalid): counted, with no area.
    pub fn add_unmeasured_room(&mut self, category: RoomCategory, status: RoomStatus) {
        self.add_stored(
            category,
            status,
            Cell {
                rooms: 1,
                area_m2: 0.0,
            },
            1,
        );
    }

    /// Adds a cell as the file keeps it (per-floor totals): `unmeasured` of its rooms have
    /// no area.
    pub fn add_stored(
        &mut self,
        category: RoomCategory,
        status: RoomStatus,
        cell: Cell,
        unmeasured: u64,
    ) {
        self.add_cell(category, status, cell);
        if let Some(n) = self
            .unmeasured
            .get_mut(category.index())
            .and_then(|row| row.get_mut(status.index()))
        {
            *n += unmeasured;
        }
    }

    /// Rooms counted whose area is unknown (left out of the areas).
    pub fn unmeasured(&self) -> u64 {
        self.unmeasured.iter().flatten().sum()
    }

    /// Rooms of one cell whose area is unknown.
    pub fn unmeasured_in(&self, category: RoomCategory, status: RoomStatus) -> u64 {
        self.unmeasured
            .get(category.index())
            .and_then(|row| row.get(status.index()))
            .copied()
            .unwrap_or(0)
    }

    /// Moves one room from one category × status cell to another (an edit of the room):
    /// counts stay whole numbers and the area moves with the room.
    pub fn move_room(
        &mut self,
        from: (RoomCategory, RoomStatus),
        to: (RoomCategory, RoomStatus),
        area_m2: f64,
    ) {
        if let Some(slot) = self
            .cells
            .get_mut(from.0.index())
            .and_then(|row| row.get_mut(from.1.index()))
        {
            slot.rooms = slot.rooms.saturating_sub(1);
            slot.area_m2 -= area_m2;
        }
        self.add_room(to.0, to.1, area_m2);
    }

    /// Adds a whole cell (used when rolling floors up into buildings and sites).
    pub fn add_cell(&mut self, category: RoomCategory, status: RoomStatus, cell: Cell) {
        if let Some(row) = self.cells.get_mut(category.index())
            && let Some(slot) = row.get_mut(status.index())
        {
            slot.add(cell);
        }
    }

    /// Adds every cell of `other`.
    pub fn merge(&mut self, other: &CategoryStatusTotals) {
        for (row, other_row) in self.unmeasured.iter_mut().zip(other.unmeasured.iter()) {
            for (n, other_n) in row.iter_mut().zip(other_row.iter()) {
                *n += other_n;
            }
        }
        for (row, other_row) in self.cells.iter_mut().zip(other.cells.iter()) {
            for (cell, other_cell) in row.iter_mut().zip(other_row.iter()) {
                cell.add(*other_cell);
            }
        }
    }

    /// One cell.
    pub fn cell(&self, category: RoomCategory, status: RoomStatus) -> Cell {
        self.cells
            .get(category.index())
            .and_then(|row| row.get(status.index()))
            .copied()
            .unwrap_or_default()
    }

    /// All rooms of a category, any status.
    pub fn by_category(&self, category: RoomCategory) -> Cell {
        sum_cells(RoomStatus::ALL.iter().map(|s| self.cell(category, *s)))
    }

    /// All rooms of a status, any category.
    pub fn by_status(&self, status: RoomStatus) -> Cell {
        sum_cells(RoomCategory::ALL.iter().map(|c| self.cell(*c, status)))
    }

    /// Every room.
    pub fn total(&self) -> Cell {
        sum_cells(self.cells.iter().flatten().copied())
    }

    /// Non-empty cells as (category, status, cell), for reports.
    pub fn nonempty(&self) -> impl Iterator<Item = (RoomCategory, RoomStatus, Cell)> + '_ {
        RoomCategory::ALL.iter().flat_map(move |c| {
            RoomStatus::ALL.iter().filter_map(move |s| {
                let cell = self.cell(*c, *s);
                (cell.rooms > 0).then_some((*c, *s, cell))
            })
        })
    }
}

fn sum_cells(cells: impl Iterator<Item = Cell>) -> Cell {
    cells.fold(Cell::default(), |mut acc, c| {
        acc.add(c);
        acc
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_add_up() {
        let mut floor = CategoryStatusTotals::default();
        floor.add_room(RoomCategory::Office, RoomStatus::InUse, 25.84);
        floor.add_room(RoomCategory::Office, RoomStatus::Idle, 18.0);
        floor.add_room(RoomCategory::Service, RoomStatus::InUse, 60.5);
        assert_eq!(floor.by_category(RoomCategory::Office).rooms, 2);
        assert!((floor.by_category(RoomCategory::Office).area_m2 - 43.84).abs() < 1e-9);
        assert!((floor.by_status(RoomStatus::InUse).area_m2 - 86.34).abs() < 1e-9);
        let mut building = CategoryStatusTotals::default();
        building.merge(&floor);
        building.merge(&floor);
        assert_eq!(building.total().rooms, 6);
        assert!((building.total().area_m2 - 2.0 * 104.34).abs() < 1e-9);
        assert_eq!(building.nonempty().count(), 3);
        assert_eq!(building.unmeasured(), 0);
    }

    #[test]
    fn an_unmeasured_room_is_counted_without_area_and_rolls_up() {
        let mut floor = CategoryStatusTotals::default();
        floor.add_room(RoomCategory::Office, RoomStatus::InUse, 25.84);
        floor.add_unmeasured_room(RoomCategory::Office, RoomStatus::InUse);
        assert_eq!(floor.total().rooms, 2);
        assert!((floor.total().area_m2 - 25.84).abs() < 1e-9);
        let mut building = CategoryStatusTotals::default();
        building.merge(&floor);
        building.merge(&floor);
        assert_eq!(building.unmeasured(), 2);
    }
}
