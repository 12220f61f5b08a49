//! Reusable pieces shared by the screens.

pub mod durability;
pub mod findings;
pub mod mood;
pub mod radar;
pub mod scores;
pub mod trend;
