//! Service Dojo (客服陪练场): an offline training simulator for customer-service staff.
//!
//! The pure core (no DOM, tested natively): [`i18n`], [`text`], [`scorer`],
//! [`scenario`], [`engine`], [`progress`]. The browser layer (`ui`, `storage`)
//! exists only in the wasm build.

pub mod authoring;
pub mod classroom;
pub mod cli;
pub mod engine;
pub mod evaluation;
pub mod guidelines;
pub mod hosting;
pub mod i18n;
pub mod lms;
pub mod my_scenarios;
pub mod persist;
pub mod policy;
pub mod progress;
pub mod route;
pub mod scenario;
pub mod scorer;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub use ui::App;
