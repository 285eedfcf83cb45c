//! The Office Space Allocation benchmark adapter (being written).
