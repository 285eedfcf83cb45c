//! Reallocation planning (调剂, 腾退, 整合): scenarios of moves over the baseline, what each
//! move does to the standards and to the scenario's figures, and the move list.
//!
//! Pure code over the model: the workspace stores scenarios and applies them; the UI and the
//! CLI turn gestures and commands into [`Move`]s with the functions of [`gesture`] and
//! [`best_fit`].

pub mod best_fit;
pub mod checked;
pub mod gesture;
pub mod move_list;
pub mod tally;

/// The plain move data lives in the model (the store reads and writes it); planning computes it.
pub use crate::model::{Move, MoveKind, RoomChange, SeatChange};
pub use best_fit::{Fit, relocate, relocate_into};
pub use checked::{Checked, ConflictError, PersonsOver, Touched, UnitPreview};
pub use gesture::{GestureError, Occupied, drop_person, drop_rooms, drop_unit, status_for_units};
pub use move_list::{MoveRow, move_list};
pub use tally::{Kpis, Tally};
