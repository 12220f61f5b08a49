//! The scenario editor's pieces (the page is `ui::pages::editor`): the
//! shared editing context, bilingual fields with their live checks beside
//! them, the forms for the overview, a turn and an ending, and the SVG map.
//! Every decision (what an operation does, what a check says, where a node
//! goes) is in `crate::authoring`; these only render and wire.

pub mod ending;
pub mod fields;
pub mod map;
pub mod overview;
pub mod turn;

use leptos::prelude::*;

use crate::authoring::checks::{Check, Checks};
use crate::scenario::Scenario;

/// What the editing panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Overview,
    Turn(String),
    Ending(String),
}

/// The draft being edited and everything derived from it, shared by the
/// editor's components.
#[derive(Clone, Copy)]
pub struct Editing {
    pub scenario: RwSignal<Scenario>,
    pub selected: RwSignal<Selection>,
    /// The validator's checks: recomputed on every change (cheap).
    pub checks: Memo<Checks>,
    /// The scorer's judgement: recomputed after a pause in typing.
    pub grades: RwSignal<Vec<Check>>,
    /// The last refused operation's message.
    pub refused: RwSignal<Option<crate::i18n::Text>>,
}

impl Editing {
    pub fn provide(scenario: RwSignal<Scenario>) -> Editing {
        let checks = Memo::new(move |_| {
            scenario.with(|s| Checks {
                items: crate::authoring::checks::validator_checks(
                    s,
                    crate::scorer::RuleSet::builtin(),
                ),
            })
        });
        let editing = Editing {
            scenario,
            selected: RwSignal::new(Selection::Overview),
            checks,
            grades: RwSignal::new(Vec::new()),
            refused: RwSignal::new(None),
        };
        provide_context(editing);
        editing
    }

    /// Apply an operation; a refusal is shown, the draft unchanged.
    pub fn apply(&self, op: impl FnOnce(&mut Scenario) -> Result<(), crate::authoring::EditError>) {
        let mut draft = self.scenario.get_untracked();
        match op(&mut draft) {
            Ok(()) => {
                self.refused.set(None);
                self.scenario.set(draft);
            }
            Err(e) => self.refused.set(Some(e.message())),
        }
    }

    /// Every check of a field (validator and scorer), in order of severity.
    pub fn at(&self, path: &str) -> Vec<Check> {
        let mut out: Vec<Check> = self.checks.with(|c| c.at(path).cloned().collect());
        out.extend(self.grades.with(|g| {
            g.iter()
                .filter(|c| c.path == path)
                .cloned()
                .collect::<Vec<_>>()
        }));
        out.sort_by_key(|c| c.severity);
        out
    }
}

pub fn use_editing() -> Editing {
    expect_context::<Editing>()
}

/// A DOM id for a field path (`/turns/0/line/1/zh` → `f-turns-0-line-1-zh`).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}
