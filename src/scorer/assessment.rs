//! What the scorer returns: four scores, the overall score, and every finding
//! that moved them.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

use super::acts::Act;
use super::rules::Competency;

/// The four competency scores, 0–100 each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub empathy: u8,
    pub patience: u8,
    pub emotion_control: u8,
    pub integrity: u8,
}

impl Scores {
    pub fn get(&self, competency: Competency) -> u8 {
        match competency {
            Competency::Empathy => self.empathy,
            Competency::Patience => self.patience,
            Competency::EmotionControl => self.emotion_control,
            Competency::Integrity => self.integrity,
            Competency::Overall => {
                let sum: u32 = Competency::FOUR.iter().map(|&c| self.get(c) as u32).sum();
                (sum / 4) as u8
            }
        }
    }

    pub fn set(&mut self, competency: Competency, value: u8) {
        let value = value.min(100);
        match competency {
            Competency::Empathy => self.empathy = value,
            Competency::Patience => self.patience = value,
            Competency::EmotionControl => self.emotion_control = value,
            Competency::Integrity => self.integrity = value,
            Competency::Overall => {}
        }
    }

    pub fn weakest(&self) -> Competency {
        Competency::FOUR
            .into_iter()
            .min_by_key(|&c| self.get(c))
            .unwrap_or(Competency::Empathy)
    }
}

/// One explained point gain or loss.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub competency: Competency,
    /// The rule id in `rules/rules.json` (a phrase rule, a detector or `expect.<id>`).
    pub rule: String,
    pub points: i32,
    /// Character range `[start, end)` in the reply (Unicode scalar values), if
    /// the finding is about a particular part of it.
    pub span: Option<[usize; 2]>,
    pub message: Text,
    /// Guideline section, e.g. `02 §3.5`.
    pub section: String,
    pub suggestion: Option<Text>,
}

/// Whether one expectation of the moment was met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpectationResult {
    pub id: String,
    pub met: bool,
    pub label: Text,
}

/// The full result for one reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub scores: Scores,
    pub overall: u8,
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub expectations: Vec<ExpectationResult>,
    /// What the reply did (offers, times, questions, refusals…), each with its
    /// span: the same reading the scorer used, so that the customer's reaction
    /// and the score never disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acts: Vec<Act>,
}

impl Assessment {
    /// True when some finding comes from the given rule (used by scenario transitions).
    pub fn has_rule(&self, rule: &str) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    pub fn score(&self, competency: Competency) -> u8 {
        match competency {
            Competency::Overall => self.overall,
            c => self.scores.get(c),
        }
    }
}
