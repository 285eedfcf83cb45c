//! 智能调剂: the consolidation optimizer. A mixed-integer model ([`engine`]) solved exactly by
//! HiGHS places a county's units and persons so chosen buildings or floors are vacated, units
//! are placed, and everyone is within standard, with the fewest moves; the result is an
//! ordinary scenario of moves, each with its reason ([`plan`]). The public Office Space
//! Allocation benchmark instances are read by [`osa`] into the same model.

pub mod engine;
pub mod osa;
pub mod plan;

pub use engine::{Outcome, Problem, Progress, SolveOptions, Status};
