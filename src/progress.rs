//! The trainee's progress: finished sessions, best scores, the weakest
//! competency and what to practise next. Plain data, stored by the browser
//! layer as versioned JSON (see `storage`), tested natively.

use serde::{Deserialize, Serialize};

use crate::engine::{average, Conversation, Exchange};
use crate::i18n::Lang;
use crate::scenario::{Archetype, EndingKind, Library, Scenario};
use crate::scorer::{Competency, Scores};

/// Bumped when the stored shape changes; older data is migrated on load.
pub const STORE_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Hints while typing, feedback after each reply, retries allowed.
    Practice,
    /// No hints, no retries; the result counts as an assessment.
    Assessment,
}

/// A finished session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    pub scenario: String,
    pub mode: Mode,
    pub beginner: bool,
    /// Milliseconds since the Unix epoch.
    pub started_ms: f64,
    pub finished_ms: f64,
    pub ending: String,
    pub ending_kind: EndingKind,
    pub scores: Scores,
    pub overall: u8,
    pub exchanges: Vec<Exchange>,
}

impl SessionRecord {
    pub fn from_conversation(
        scenario: &Scenario,
        conversation: &Conversation,
        mode: Mode,
        beginner: bool,
        started_ms: f64,
        finished_ms: f64,
    ) -> Option<SessionRecord> {
        let ending = conversation.ending(scenario)?;
        Some(SessionRecord {
            id: format!("{}-{}", scenario.id, started_ms as u64),
            scenario: scenario.id.clone(),
            mode,
            beginner,
            started_ms,
            finished_ms,
            ending: ending.id.clone(),
            ending_kind: ending.kind,
            scores: conversation.average().unwrap_or_default(),
            overall: conversation.average_overall().unwrap_or(0),
            exchanges: conversation.exchanges.clone(),
        })
    }
}

/// Everything kept for one browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub version: u32,
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub sessions: Vec<SessionRecord>,
}

impl Default for Store {
    fn default() -> Store {
        Store {
            version: STORE_VERSION,
            lang: None,
            sessions: Vec::new(),
        }
    }
}

/// Why stored data could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    NotJson(String),
    NewerVersion(u32),
    WrongShape(String),
}

impl Store {
    /// Read stored JSON, migrating older versions.
    pub fn from_json(json: &str) -> Result<Store, LoadError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| LoadError::NotJson(e.to_string()))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > STORE_VERSION {
            return Err(LoadError::NewerVersion(version));
        }
        serde_json::from_value(value).map_err(|e| LoadError::WrongShape(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Add a session unless one with the same id is already there.
    pub fn add(&mut self, record: SessionRecord) -> bool {
        if self.sessions.iter().any(|s| s.id == record.id) {
            return false;
        }
        self.sessions.push(record);
        true
    }

    pub fn best_overall(&self, scenario: &str) -> Option<u8> {
        self.sessions
            .iter()
            .filter(|s| s.scenario == scenario)
            .map(|s| s.overall)
            .max()
    }

    /// The mean of every finished session's scores.
    pub fn average(&self) -> Option<Scores> {
        average(self.sessions.iter().map(|s| &s.scores))
    }

    pub fn weakest(&self) -> Option<Competency> {
        self.average().map(|a| a.weakest())
    }

    /// A scenario that trains the weakest competency, preferring ones not yet
    /// mastered and the easiest first; a first-timer gets the gentlest angry customer.
    pub fn recommend<'l>(
        &self,
        library: &'l Library,
    ) -> Option<(&'l Scenario, Option<Competency>)> {
        let weakest = self.weakest();
        let targets = match weakest {
            Some(c) => archetypes_for(c),
            None => &[Archetype::Angry][..],
        };
        let mastered = |s: &Scenario| self.best_overall(&s.id).is_some_and(|b| b >= 80);
        library
            .scenarios
            .iter()
            .filter(|s| targets.contains(&s.archetype))
            .min_by_key(|s| {
                (
                    mastered(s),
                    self.best_overall(&s.id).is_some(),
                    s.difficulty,
                    s.id.clone(),
                )
            })
            .or_else(|| library.scenarios.first())
            .map(|s| (s, weakest))
    }
}

/// Which customers train which competency most.
pub fn archetypes_for(competency: Competency) -> &'static [Archetype] {
    match competency {
        Competency::Empathy => &[
            Archetype::Angry,
            Archetype::AbusedShift,
            Archetype::Perfectionist,
        ],
        Competency::Patience => &[
            Archetype::Repeat,
            Archetype::Chatter,
            Archetype::Silent,
            Archetype::Perfectionist,
        ],
        Competency::EmotionControl => &[
            Archetype::Angry,
            Archetype::AbusedShift,
            Archetype::Bargainer,
        ],
        Competency::Integrity => &[
            Archetype::Bargainer,
            Archetype::Privacy,
            Archetype::Suspicious,
            Archetype::Perfectionist,
        ],
        Competency::Overall => &[Archetype::Angry],
    }
}
