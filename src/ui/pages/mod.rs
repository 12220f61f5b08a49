//! One module per screen.

pub mod catalogue;
pub mod classroom;
pub mod dashboard;
pub mod debrief;
pub mod editor;
pub mod my_scenarios;
pub mod not_found;
pub mod play;
pub mod policy;
pub mod progress;
pub mod rush;
pub mod rush_pack;
pub mod transcripts;
