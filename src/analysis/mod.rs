//! Pure computations over the model: areas, validity, totals.
//!
//! Every area the program shows comes from [`area::room_area`] and carries its
//! [`area::AreaBasis`]; the UI, the CLI and the reports all call these functions.

pub mod area;
pub mod compliance;
pub mod edit_geometry;
pub mod entitlement;
pub mod floor_number;
pub mod gross;
pub mod returned;
pub mod room_number;
pub mod snap;
pub mod totals;
pub mod unit_use;
pub mod validity;

pub use area::{AreaBasis, room_area};
pub use entitlement::{Entitlement, PostLine};
pub use gross::GrossEstimate;
pub use totals::{CategoryStatusTotals, Cell};
pub use unit_use::{RoomShare, UnitLedger, UnitUse};
pub use validity::{GeometryProblem, validate_polygon};
