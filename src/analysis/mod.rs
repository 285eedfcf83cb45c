//! Pure computations over the model: areas, validity, totals.
//!
//! Every area the program shows comes from [`area::room_area`] and carries its
//! [`area::AreaBasis`]; the UI, the CLI and the reports all call these functions.

pub mod area;
pub mod totals;
pub mod validity;

pub use area::{AreaBasis, room_area};
pub use totals::{CategoryStatusTotals, Cell};
pub use validity::{GeometryProblem, validate_polygon};
