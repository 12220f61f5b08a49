//! Suspend data: what the LMS keeps so that a trainee can resume the pack,
//! on this computer or another. SCORM 1.2 keeps 4,096 characters, 2004
//! 64,000, so the encoding is compact (JSON arrays, no keys) and holds only
//! what resuming needs:
//!
//! - the pack's id (resume data of another pack is refused);
//! - each finished scenario's ending and scores (the pack's score needs them);
//! - the scenario being played: its seed, the current turn, the customer's
//!   mood, the line variant, whether the question is being repeated, the line
//!   as said, and each reply's turn and scores (the averages need them) with
//!   the reply's words.
//!
//! Transcripts of finished scenarios are not kept: the LMS has every reply
//! as an interaction, and this browser keeps its own copy. When the data
//! does not fit, the oldest things go first: the words of the oldest replies,
//! then the oldest replies' scores (folded into running sums, so the
//! averages stay exact), then the line as said (the authored line is shown
//! instead). The current turn itself is never dropped.

use serde::{Deserialize, Serialize};

use super::{js_len, LmsError};
use crate::engine::{Conversation, Exchange};
use crate::i18n::Text;
use crate::scenario::Mood;
use crate::scorer::{Assessment, Competency, Scores};

/// The version of the encoding; newer data is refused, never misread.
pub const SUSPEND_VERSION: u32 = 1;
/// Suspend data longer than this (in bytes) is not even parsed: no LMS keeps more.
const MAX_READ_BYTES: usize = 64_000 * 4;

/// Four competency scores and the overall one, as a compact tuple.
type Five = (u8, u8, u8, u8, u8);

fn five(scores: &Scores, overall: u8) -> Five {
    (
        scores.empathy,
        scores.patience,
        scores.emotion_control,
        scores.integrity,
        overall,
    )
}

fn scores_of(f: Five) -> (Scores, u8) {
    let cap = |v: u8| v.min(100);
    (
        Scores {
            empathy: cap(f.0),
            patience: cap(f.1),
            emotion_control: cap(f.2),
            integrity: cap(f.3),
        },
        cap(f.4),
    )
}

/// A finished scenario of the pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done(pub String, pub Five);

impl Done {
    pub fn new(ending: &str, scores: &Scores, overall: u8) -> Done {
        Done(ending.to_string(), five(scores, overall))
    }
    pub fn ending(&self) -> &str {
        &self.0
    }
    pub fn scores(&self) -> (Scores, u8) {
        scores_of(self.1)
    }
}

/// One reply of the scenario being played: its turn, scores and (while
/// there is room) its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step(pub String, pub Five, #[serde(default)] pub Option<String>);

/// Replies folded into sums when their own entries no longer fit:
/// `(count, empathy, patience, emotion control, integrity, overall)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally(pub u32, pub u32, pub u32, pub u32, pub u32, pub u32);

/// The scenario being played, enough to put the trainee back at the same turn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Current {
    #[serde(rename = "s")]
    pub seed: u64,
    #[serde(rename = "a")]
    pub at: String,
    #[serde(rename = "m")]
    pub mood: (u8, u8),
    #[serde(rename = "v")]
    pub variant: usize,
    #[serde(rename = "r", default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
    /// The customer's line as said (zh, en); dropped last.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    pub said: Option<(String, String)>,
    #[serde(rename = "f", default, skip_serializing_if = "is_empty_tally")]
    pub folded: Tally,
    #[serde(rename = "x", default)]
    pub steps: Vec<Step>,
}

fn is_empty_tally(t: &Tally) -> bool {
    t.0 == 0
}

impl Current {
    /// The state of a conversation in progress.
    pub fn from_conversation(c: &Conversation) -> Current {
        Current {
            seed: c.seed,
            at: c.at.clone(),
            mood: (c.mood.anger, c.mood.trust),
            variant: c.variant,
            repeat: c.repeat,
            said: (!c.said.zh.is_empty() || !c.said.en.is_empty())
                .then(|| (c.said.zh.clone(), c.said.en.clone())),
            folded: Tally::default(),
            steps: c
                .exchanges
                .iter()
                .map(|e| {
                    Step(
                        e.turn.clone(),
                        five(&e.assessment.scores, e.assessment.overall),
                        Some(e.reply.clone()),
                    )
                })
                .collect(),
        }
    }

    /// The conversation to resume: at the same turn, mood and variant, with
    /// one exchange per reply so far carrying its scores (and words, where
    /// kept). Folded replies come back as exchanges whose scores add up to
    /// the same sums, so averages, option order and line variants are as
    /// they were. Findings are not kept: the LMS has them in its interactions.
    pub fn conversation(&self, scenario: &str) -> Conversation {
        let mood = Mood {
            anger: self.mood.0.min(100),
            trust: self.mood.1.min(100),
        };
        let thin = |turn: &str, scores: Scores, overall: u8, reply: &str| Exchange {
            turn: turn.to_string(),
            variant: 0,
            said: Text::default(),
            repeat: false,
            reply: reply.to_string(),
            option: None,
            assessment: Assessment {
                scores,
                overall,
                findings: Vec::new(),
                expectations: Vec::new(),
                acts: Vec::new(),
            },
            mood_before: mood,
            mood_after: mood,
            late: false,
        };
        let mut exchanges = Vec::new();
        let Tally(count, e, p, c, i, o) = self.folded;
        let count = count.min(crate::classroom::MAX_EXCHANGES as u32);
        // Spread each sum over `count` replies: the first `sum % count` get one more.
        let share = |sum: u32, k: u32| -> u8 {
            let (base, extra) = (sum / count, sum % count);
            (base + u32::from(k < extra)).min(100) as u8
        };
        for k in 0..count {
            let scores = Scores {
                empathy: share(e, k),
                patience: share(p, k),
                emotion_control: share(c, k),
                integrity: share(i, k),
            };
            exchanges.push(thin("", scores, share(o, k), ""));
        }
        for Step(turn, f, reply) in &self.steps {
            let (scores, overall) = scores_of(*f);
            exchanges.push(thin(turn, scores, overall, reply.as_deref().unwrap_or("")));
        }
        Conversation {
            scenario: scenario.to_string(),
            seed: self.seed,
            mood,
            at: self.at.clone(),
            over: false,
            variant: self.variant,
            said: self
                .said
                .as_ref()
                .map(|(zh, en)| Text::new(zh.clone(), en.clone()))
                .unwrap_or_default(),
            repeat: self.repeat,
            exchanges,
        }
    }

    /// Drop the words of the oldest reply that still has them.
    fn drop_oldest_words(&mut self) -> bool {
        match self.steps.iter_mut().find(|s| s.2.is_some()) {
            Some(step) => {
                step.2 = None;
                true
            }
            None => false,
        }
    }

    /// Fold the oldest reply's scores into the running sums.
    fn fold_oldest(&mut self) -> bool {
        if self.steps.is_empty() {
            return false;
        }
        let Step(_, f, _) = self.steps.remove(0);
        let t = &mut self.folded;
        *t = Tally(
            t.0 + 1,
            t.1 + f.0 as u32,
            t.2 + f.1 as u32,
            t.3 + f.2 as u32,
            t.4 + f.3 as u32,
            t.5 + f.4 as u32,
        );
        true
    }
}

/// Everything the LMS keeps to resume the pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspend {
    /// The encoding's version.
    pub v: u32,
    /// The pack's id.
    pub p: String,
    /// Finished scenarios, in the pack's order (never dropped).
    pub d: Vec<Done>,
    /// The scenario being played, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c: Option<Current>,
}

impl Suspend {
    pub fn new(pack_id: &str, done: Vec<Done>, current: Option<Current>) -> Suspend {
        Suspend {
            v: SUSPEND_VERSION,
            p: pack_id.to_string(),
            d: done,
            c: current,
        }
    }

    /// The position of the scenario to play (0-based): after the finished ones.
    pub fn position(&self) -> usize {
        self.d.len()
    }

    /// Where the trainee is, for the LMS's location element: `2/t3` (scenario number, turn).
    pub fn location(&self) -> String {
        match &self.c {
            Some(c) => format!("{}/{}", self.d.len() + 1, c.at),
            None => format!("{}", self.d.len() + 1),
        }
    }

    fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The text for the LMS, within `limit` UTF-16 units (a version's
    /// [`super::Scorm::suspend_limit`]), dropping the oldest things first
    /// (see the module's notes). Fails only when the finished scenarios and
    /// the current turn alone do not fit, which the pack's limits (50
    /// scenarios) keep far away; the local copy is unaffected either way.
    pub fn encode(&self, limit: usize) -> Result<String, LmsError> {
        let mut data = self.clone();
        loop {
            let text = data.text();
            if js_len(&text) <= limit {
                return Ok(text);
            }
            let Some(current) = data.c.as_mut() else {
                return Err(LmsError::SuspendTooLarge {
                    length: js_len(&text),
                    limit,
                });
            };
            if current.drop_oldest_words() || current.fold_oldest() {
                continue;
            }
            if current.said.take().is_some() {
                continue;
            }
            return Err(LmsError::SuspendTooLarge {
                length: js_len(&text),
                limit,
            });
        }
    }

    /// Read suspend data from the LMS: refused (with a reason) when it is
    /// damaged, newer, or of another pack. Empty data means a first visit.
    pub fn decode(text: &str, pack_id: &str) -> Result<Option<Suspend>, LmsError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.len() > MAX_READ_BYTES {
            return Err(LmsError::SuspendDamaged);
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| LmsError::SuspendDamaged)?;
        let version = value.get("v").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > SUSPEND_VERSION {
            return Err(LmsError::SuspendNewer(version));
        }
        let data: Suspend = serde_json::from_value(value).map_err(|_| LmsError::SuspendDamaged)?;
        if data.p != pack_id {
            return Err(LmsError::SuspendOtherPack {
                theirs: data.p,
                ours: pack_id.to_string(),
            });
        }
        if data.d.len() > crate::classroom::MAX_PACK_SCENARIOS {
            return Err(LmsError::SuspendDamaged);
        }
        Ok(Some(data))
    }

    /// The finished scenarios' scores, for the pack's standing.
    pub fn finished(&self) -> Vec<super::report::Finished> {
        self.d
            .iter()
            .map(|d| {
                let (scores, overall) = d.scores();
                super::report::Finished { scores, overall }
            })
            .collect()
    }
}

/// The mean of each competency over a conversation's replies, as the app
/// computes it (used to check that folding keeps averages exact).
pub fn averages(c: &Conversation) -> Option<(Scores, u8)> {
    Some((c.average()?, c.average_overall()?))
}

/// Only for the checks in tests: every competency's sum over the replies.
pub fn sums(c: &Conversation) -> [u32; 5] {
    let mut out = [0u32; 5];
    for e in &c.exchanges {
        for (k, comp) in Competency::FOUR.iter().enumerate() {
            out[k] += e.assessment.scores.get(*comp) as u32;
        }
        out[4] += e.assessment.overall as u32;
    }
    out
}
