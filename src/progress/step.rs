//! What to keep after a reply (or a "try again"): the decision the play
//! screen used to make itself, here so it is tested natively.

use crate::engine::Conversation;
use crate::scenario::Scenario;

use super::{Mode, SessionRecord, Store, Unfinished};

/// What a reply leaves to keep.
#[derive(Clone, Debug, PartialEq)]
pub enum Keep {
    /// The conversation reached an ending: a finished session for the
    /// profile that played it; its unfinished copy (this id) is dropped.
    Finished {
        profile: String,
        record: SessionRecord,
    },
    /// Still going: the unfinished session, saved under its own key.
    Unfinished(Unfinished),
    /// Nothing said yet (every reply taken back): drop the unfinished copy.
    Nothing { id: String },
}

/// The session being played and how it was set up.
#[derive(Clone, Debug, PartialEq)]
pub struct Playing<'a> {
    pub scenario: &'a Scenario,
    pub conversation: &'a Conversation,
    /// The profile active when the session started: a switch in another tab
    /// does not move the session to someone else.
    pub profile: &'a str,
    pub mode: Mode,
    pub beginner: bool,
    pub started_ms: f64,
}

/// Decide what to keep now.
pub fn after_reply(playing: &Playing, now_ms: f64) -> Keep {
    let Playing {
        scenario,
        conversation,
        profile,
        mode,
        beginner,
        started_ms,
    } = playing;
    if let Some(record) = SessionRecord::from_conversation(
        scenario,
        conversation,
        *mode,
        *beginner,
        *started_ms,
        now_ms,
    ) {
        return Keep::Finished {
            profile: profile.to_string(),
            record,
        };
    }
    let unfinished = Unfinished {
        profile: profile.to_string(),
        mode: *mode,
        beginner: *beginner,
        started_ms: *started_ms,
        updated_ms: now_ms,
        conversation: (*conversation).clone(),
    };
    if conversation.exchanges.is_empty() {
        Keep::Nothing {
            id: unfinished.id(),
        }
    } else {
        Keep::Unfinished(unfinished)
    }
}

/// Decide what to keep after a reply at one rush-hour desk: the same
/// decision, except that rush hour cannot be resumed (its clock ran on while
/// the page was away), so a desk's session is kept once finished and never
/// as unfinished.
pub fn after_rush_reply(playing: &Playing, now_ms: f64) -> Keep {
    match after_reply(playing, now_ms) {
        Keep::Unfinished(u) => Keep::Nothing { id: u.id() },
        keep => keep,
    }
}

impl Keep {
    /// The id of the session concerned (also its unfinished key's suffix).
    pub fn id(&self) -> String {
        match self {
            Keep::Finished { record, .. } => record.id.clone(),
            Keep::Unfinished(u) => u.id(),
            Keep::Nothing { id } => id.clone(),
        }
    }

    /// Apply to the in-memory state: the history and the unfinished sessions.
    pub fn apply(&self, store: &mut Store, unfinished: &mut Vec<Unfinished>) {
        let id = self.id();
        unfinished.retain(|u| u.id() != id);
        match self {
            Keep::Finished { profile, record } => {
                let target = store.profiles.iter_mut().find(|p| p.id == *profile);
                match target {
                    Some(p) => {
                        p.add(record.clone());
                    }
                    // The profile was deleted meanwhile: the session goes to
                    // the active one rather than nowhere.
                    None => {
                        store.profile_mut().add(record.clone());
                    }
                }
            }
            Keep::Unfinished(u) => unfinished.push(u.clone()),
            Keep::Nothing { .. } => {}
        }
    }
}
