//! Reusable pieces shared by the screens.

pub mod findings;
pub mod mood;
pub mod radar;
pub mod scores;
pub mod trend;
pub mod verdict;
