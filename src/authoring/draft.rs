//! A draft is a [`Scenario`] being edited: the same type the app plays and
//! `dojo validate` reads, so what the editor exports is exactly the file
//! format. Field edits (a text, the mood, a quality) set the field; the
//! operations here are the structural ones, and each leaves a scenario that
//! serialises and that the play engine can walk without panicking (at least
//! one turn and one ending; transitions renamed or dropped with their
//! target). Everything else wrong — an empty text, a missing option, a
//! condition never taken — is for the validator to report beside its field.

use crate::i18n::Text;
use crate::scenario::{
    Archetype, Channel, Ending, EndingKind, ModelReply, Mood, Persona, Quality, ReplyOption,
    Scenario, Transition, Turn,
};

/// Why an operation was refused; the draft is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// A turn or ending id that does not exist.
    NoSuchNode(String),
    /// An id already used by another turn or ending.
    IdTaken(String),
    /// An id with characters other than a–z, 0–9 and '-', or empty.
    BadId(String),
    /// The last turn or the last ending cannot be removed: a scenario
    /// needs one of each to be played.
    LastOne,
    /// An index past the end of a list.
    NoSuchItem,
}

impl EditError {
    pub fn message(&self) -> Text {
        match self {
            EditError::NoSuchNode(id) => Text::new(
                format!("没有名为“{id}”的轮次或结局"),
                format!("there is no turn or ending named \"{id}\""),
            ),
            EditError::IdTaken(id) => Text::new(
                format!("“{id}”已经被另一个轮次或结局使用"),
                format!("\"{id}\" is already used by another turn or ending"),
            ),
            EditError::BadId(id) => Text::new(
                format!("“{id}”不能作为名称：只用小写字母、数字和“-”"),
                format!("\"{id}\" cannot be a name: use lower-case letters, digits and '-' only"),
            ),
            EditError::LastOne => Text::new(
                "至少要保留一个轮次和一个结局",
                "keep at least one turn and one ending",
            ),
            EditError::NoSuchItem => Text::new("该项不存在", "that item does not exist"),
        }
    }
}

/// Whether `id` is a usable scenario, turn or ending id (the validator's rule
/// for scenario ids, applied to the node names the editor makes).
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn empty() -> Text {
    Text::default()
}

fn option(quality: Quality) -> ReplyOption {
    ReplyOption {
        text: empty(),
        quality,
        note: Some(empty()),
    }
}

fn model() -> ModelReply {
    ModelReply {
        text: empty(),
        note: empty(),
        section: String::new(),
    }
}

/// A new turn: one line to write, three options (good, tempting, bad) and
/// one model reply to fill in, and a way on to `to`.
pub fn new_turn(id: &str, to: &str) -> Turn {
    Turn {
        id: id.to_string(),
        line: vec![empty()],
        fallback: None,
        presumes: Vec::new(),
        unanswered: None,
        cue: None,
        expect: Vec::new(),
        options: vec![
            option(Quality::Good),
            option(Quality::Tempting),
            option(Quality::Bad),
        ],
        model: vec![model()],
        next: vec![Transition {
            when: None,
            to: to.to_string(),
        }],
    }
}

/// A new ending of this kind, texts to write.
pub fn new_ending(id: &str, kind: EndingKind) -> Ending {
    Ending {
        id: id.to_string(),
        kind,
        escalation: None,
        title: empty(),
        line: empty(),
        presumes: Vec::new(),
        debrief: empty(),
    }
}

/// The blank template: one turn leading to one ending, every text empty,
/// so the live checks list what there is to write.
pub fn blank(id: &str) -> Scenario {
    Scenario {
        schema: None,
        id: id.to_string(),
        archetype: Archetype::Angry,
        difficulty: 1,
        channel: Channel::Chat,
        title: empty(),
        brief: empty(),
        goals: vec![empty()],
        persona: Persona {
            name: empty(),
            description: empty(),
        },
        mood: Mood {
            anger: 50,
            trust: 50,
        },
        reply_seconds: None,
        turns: vec![new_turn("start", "resolved")],
        endings: vec![new_ending("resolved", EndingKind::Resolved)],
    }
}

/// The file name a draft is exported under: `dojo validate` checks that the
/// id matches it.
pub fn file_name(scenario: &Scenario) -> String {
    format!("{}.json", scenario.id)
}

/// The draft as a scenario file (pretty JSON, as the built-in files are).
pub fn export(scenario: &Scenario) -> String {
    let mut json = serde_json::to_string_pretty(scenario).expect("a scenario always serialises");
    json.push('\n');
    json
}

fn node_exists(scenario: &Scenario, id: &str) -> bool {
    scenario.turns.iter().any(|t| t.id == id) || scenario.endings.iter().any(|e| e.id == id)
}

/// A fresh id `<base>-<n>` not used by any turn or ending.
pub fn fresh_id(scenario: &Scenario, base: &str) -> String {
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !node_exists(scenario, id))
        .expect("some number is free")
}

fn check_new_id(scenario: &Scenario, id: &str) -> Result<(), EditError> {
    if !is_id(id) {
        return Err(EditError::BadId(id.to_string()));
    }
    if node_exists(scenario, id) {
        return Err(EditError::IdTaken(id.to_string()));
    }
    Ok(())
}

/// Add a turn after the others; it leads to the first ending. Returns its id.
pub fn add_turn(scenario: &mut Scenario) -> String {
    let id = fresh_id(scenario, "turn");
    let to = scenario
        .endings
        .first()
        .map(|e| e.id.clone())
        .unwrap_or_default();
    scenario.turns.push(new_turn(&id, &to));
    id
}

/// Add an ending of this kind. Returns its id.
pub fn add_ending(scenario: &mut Scenario, kind: EndingKind) -> String {
    let base = match kind {
        EndingKind::Resolved => "resolved",
        EndingKind::Escalated => "escalated",
        EndingKind::Left => "left",
    };
    let id = if node_exists(scenario, base) {
        fresh_id(scenario, base)
    } else {
        base.to_string()
    };
    scenario.endings.push(new_ending(&id, kind));
    id
}

/// Transitions into a removed node are dropped; a turn that so loses its
/// unconditional way on gets one to the first ending, so the conversation
/// can always go on.
fn drop_transitions_to(scenario: &mut Scenario, id: &str) {
    let first_ending = scenario.endings.first().map(|e| e.id.clone());
    for turn in &mut scenario.turns {
        let before = turn.next.len();
        turn.next.retain(|t| t.to != id);
        let open = turn.next.last().is_some_and(|t| t.when.is_none());
        if turn.next.len() < before && !open {
            if let Some(to) = &first_ending {
                turn.next.push(Transition {
                    when: None,
                    to: to.clone(),
                });
            }
        }
    }
}

/// Remove a turn or an ending, and the transitions into it.
pub fn remove_node(scenario: &mut Scenario, id: &str) -> Result<(), EditError> {
    if let Some(index) = scenario.turns.iter().position(|t| t.id == id) {
        if scenario.turns.len() == 1 {
            return Err(EditError::LastOne);
        }
        scenario.turns.remove(index);
    } else if let Some(index) = scenario.endings.iter().position(|e| e.id == id) {
        if scenario.endings.len() == 1 {
            return Err(EditError::LastOne);
        }
        scenario.endings.remove(index);
    } else {
        return Err(EditError::NoSuchNode(id.to_string()));
    }
    drop_transitions_to(scenario, id);
    Ok(())
}

/// Rename a turn or ending, and every transition into it.
pub fn rename_node(scenario: &mut Scenario, from: &str, to: &str) -> Result<(), EditError> {
    if from == to {
        return Ok(());
    }
    if !node_exists(scenario, from) {
        return Err(EditError::NoSuchNode(from.to_string()));
    }
    check_new_id(scenario, to)?;
    for turn in &mut scenario.turns {
        if turn.id == from {
            turn.id = to.to_string();
        }
        for transition in &mut turn.next {
            if transition.to == from {
                transition.to = to.to_string();
            }
        }
    }
    for ending in &mut scenario.endings {
        if ending.id == from {
            ending.id = to.to_string();
        }
    }
    Ok(())
}

/// Make a turn the first one: the conversation starts there.
pub fn make_start(scenario: &mut Scenario, id: &str) -> Result<(), EditError> {
    let index = turn_index(scenario, id)?;
    let turn = scenario.turns.remove(index);
    scenario.turns.insert(0, turn);
    Ok(())
}

pub fn turn_index(scenario: &Scenario, id: &str) -> Result<usize, EditError> {
    scenario
        .turns
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| EditError::NoSuchNode(id.to_string()))
}

fn turn_mut<'s>(scenario: &'s mut Scenario, id: &str) -> Result<&'s mut Turn, EditError> {
    let index = turn_index(scenario, id)?;
    Ok(&mut scenario.turns[index])
}

/// Add a variant of the customer's line.
pub fn add_line(scenario: &mut Scenario, turn: &str) -> Result<(), EditError> {
    turn_mut(scenario, turn)?.line.push(empty());
    Ok(())
}

/// Add a reply option of this quality.
pub fn add_option(scenario: &mut Scenario, turn: &str, quality: Quality) -> Result<(), EditError> {
    turn_mut(scenario, turn)?.options.push(option(quality));
    Ok(())
}

/// Add a model reply.
pub fn add_model(scenario: &mut Scenario, turn: &str) -> Result<(), EditError> {
    turn_mut(scenario, turn)?.model.push(model());
    Ok(())
}

/// Which list of a turn an item is removed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Line,
    Option,
    Model,
    Transition,
    Expectation,
}

/// Remove item `index` of one of a turn's lists.
pub fn remove_item(
    scenario: &mut Scenario,
    turn: &str,
    list: List,
    index: usize,
) -> Result<(), EditError> {
    let turn = turn_mut(scenario, turn)?;
    let len = match list {
        List::Line => turn.line.len(),
        List::Option => turn.options.len(),
        List::Model => turn.model.len(),
        List::Transition => turn.next.len(),
        List::Expectation => turn.expect.len(),
    };
    if index >= len {
        return Err(EditError::NoSuchItem);
    }
    match list {
        List::Line => {
            turn.line.remove(index);
        }
        List::Option => {
            turn.options.remove(index);
        }
        List::Model => {
            turn.model.remove(index);
        }
        List::Transition => {
            turn.next.remove(index);
        }
        List::Expectation => {
            turn.expect.remove(index);
        }
    }
    Ok(())
}

/// Add a transition before the last one (the last stays the unconditional
/// way on), to `to`, with this condition.
pub fn add_transition(
    scenario: &mut Scenario,
    turn: &str,
    when: Option<crate::scenario::Condition>,
    to: &str,
) -> Result<usize, EditError> {
    if !node_exists(scenario, to) {
        return Err(EditError::NoSuchNode(to.to_string()));
    }
    let turn = turn_mut(scenario, turn)?;
    let at = turn.next.len().saturating_sub(1);
    turn.next.insert(
        at,
        Transition {
            when,
            to: to.to_string(),
        },
    );
    Ok(at)
}

/// Set transition `index` of a turn.
pub fn set_transition(
    scenario: &mut Scenario,
    turn: &str,
    index: usize,
    when: Option<crate::scenario::Condition>,
    to: &str,
) -> Result<(), EditError> {
    if !node_exists(scenario, to) {
        return Err(EditError::NoSuchNode(to.to_string()));
    }
    let turn = turn_mut(scenario, turn)?;
    let transition = turn.next.get_mut(index).ok_or(EditError::NoSuchItem)?;
    transition.when = when;
    transition.to = to.to_string();
    Ok(())
}

/// Move transition `index` one place earlier (`up`) or later: order decides
/// which transition is taken.
pub fn move_transition(
    scenario: &mut Scenario,
    turn: &str,
    index: usize,
    up: bool,
) -> Result<(), EditError> {
    let turn = turn_mut(scenario, turn)?;
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1)
    };
    match other {
        Some(other) if index < turn.next.len() && other < turn.next.len() => {
            turn.next.swap(index, other);
            Ok(())
        }
        _ => Err(EditError::NoSuchItem),
    }
}

/// Toggle an expectation (from `rules/rules.json`) on a turn.
pub fn toggle_expectation(scenario: &mut Scenario, turn: &str, id: &str) -> Result<(), EditError> {
    let turn = turn_mut(scenario, turn)?;
    match turn.expect.iter().position(|e| e == id) {
        Some(index) => {
            turn.expect.remove(index);
        }
        None => turn.expect.push(id.to_string()),
    }
    Ok(())
}

/// A draft read back from storage or a file is only used if it is a
/// scenario the engine can walk: a turn and an ending at least.
pub fn playable(scenario: &Scenario) -> bool {
    !scenario.turns.is_empty()
        && !scenario.endings.is_empty()
        && scenario.turns.iter().all(|t| !t.line.is_empty())
        && scenario
            .turns
            .iter()
            .flat_map(|t| &t.next)
            .all(|n| node_exists(scenario, &n.to))
}
