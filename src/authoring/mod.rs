//! Writing a scenario in the browser (issue 15, item 2): the pure core of
//! the scenario editor. No leptos, no web-sys: tested natively in
//! `tests/authoring.rs`; `ui::pages::editor` only renders and wires.
//!
//! - [`draft`]: a scenario being edited and the operations the forms call
//!   (add, remove or rename a turn, add an option, set a transition, …),
//!   each leaving a scenario that serialises; the blank template;
//! - [`form`]: the conditions a trainer picks from a list, to and from the
//!   format's `when`;
//! - [`map`]: the conversation map as data, laid out here so the UI only
//!   draws it;
//! - [`checks`]: live checks — the shared validator's problems mapped to
//!   their fields, and the scorer's judgement of the authored words
//!   ([`grading`], shared with `dojo report`);
//! - [`drafts`]: the drafts kept in browser storage (versioned, merged).

pub mod checks;
pub mod draft;
pub mod drafts;
pub mod form;
pub mod grading;
pub mod map;

pub use checks::{live_checks, Check, Checks, Severity};
pub use draft::{blank, export, file_name, EditError};
pub use drafts::{Drafts, StoredDraft, DRAFTS_KEY};
pub use form::ConditionForm;
pub use map::{layout, ConversationMap, Edge, Node, NodeKind};
