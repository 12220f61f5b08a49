//! Reusable pieces shared by the screens.

pub mod case_panel;
pub mod durability;
pub mod editor;
pub mod findings;
pub mod guideline_viewer;
pub mod mood;
pub mod option_note;
pub mod radar;
pub mod scenario_brief;
pub mod scores;
pub mod trend;
pub mod verdict;
pub mod voice;
