//! The scenario format: one JSON file per difficult customer (see
//! `scenarios/schema.json` for the editor-facing schema of the same shape).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::scorer::Competency;

/// The kinds of difficult customer the guidelines treat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Archetype {
    Angry,
    Bargainer,
    Perfectionist,
    Chatter,
    Silent,
    Suspicious,
    Privacy,
    Repeat,
    AbusedShift,
}

impl Archetype {
    pub const ALL: [Archetype; 9] = [
        Archetype::Angry,
        Archetype::Bargainer,
        Archetype::Perfectionist,
        Archetype::Chatter,
        Archetype::Silent,
        Archetype::Suspicious,
        Archetype::Privacy,
        Archetype::Repeat,
        Archetype::AbusedShift,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Archetype::Angry => "angry",
            Archetype::Bargainer => "bargainer",
            Archetype::Perfectionist => "perfectionist",
            Archetype::Chatter => "chatter",
            Archetype::Silent => "silent",
            Archetype::Suspicious => "suspicious",
            Archetype::Privacy => "privacy",
            Archetype::Repeat => "repeat",
            Archetype::AbusedShift => "abused_shift",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Archetype::Angry => Text::new("愤怒投诉", "Angry complaint"),
            Archetype::Bargainer => Text::new("砍价", "Bargainer"),
            Archetype::Perfectionist => Text::new("挑剔", "Perfectionist"),
            Archetype::Chatter => Text::new("闲聊", "Off-topic chatter"),
            Archetype::Silent => Text::new("无声/听不清", "Silent or unclear caller"),
            Archetype::Suspicious => Text::new("将信将疑", "Suspicious buyer"),
            Archetype::Privacy => Text::new("隐私与私下交易", "Privacy and side deals"),
            Archetype::Repeat => Text::new("反复提问", "Repeat questioner"),
            Archetype::AbusedShift => Text::new("挨骂之后", "After the abuse"),
        }
    }

    pub fn parse(id: &str) -> Option<Archetype> {
        Archetype::ALL.into_iter().find(|a| a.id() == id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Chat,
    Phone,
}

/// How the customer feels, 0–100 each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mood {
    pub anger: u8,
    pub trust: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub name: Text,
    pub description: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Lets editors find `schema.json`; ignored by the app.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub id: String,
    pub archetype: Archetype,
    pub difficulty: u8,
    pub channel: Channel,
    pub title: Text,
    pub brief: Text,
    pub goals: Vec<Text>,
    pub persona: Persona,
    pub mood: Mood,
    /// Seconds the customer will wait for each reply before getting angrier.
    #[serde(default)]
    pub reply_seconds: Option<u32>,
    /// The first turn is where the conversation starts.
    pub turns: Vec<Turn>,
    pub endings: Vec<Ending>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    pub id: String,
    /// What the customer says; several variants are picked from at random
    /// (reproducibly, from the session's seed).
    pub line: Vec<Text>,
    /// Stage direction for the person reading the customer aloud ("sighs").
    #[serde(default)]
    pub cue: Option<Text>,
    /// Expectation ids from `rules/rules.json` that a good reply meets here.
    pub expect: Vec<String>,
    /// Authored choices for beginner mode.
    pub options: Vec<ReplyOption>,
    pub model: Vec<ModelReply>,
    /// Checked in order; the first whose condition holds is taken. The last
    /// has no condition, so there is always a way on.
    pub next: Vec<Transition>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Good,
    Tempting,
    Bad,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyOption {
    pub text: Text,
    pub quality: Quality,
    /// Why it is good or where it goes wrong, shown after picking it.
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelReply {
    pub text: Text,
    pub note: Text,
    /// Guideline section, e.g. `02 §7.5`.
    pub section: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// A turn id or an ending id.
    pub to: String,
}

/// All given parts must hold. Scores are the reply's; mood is the customer's
/// mood after the reply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_at_least: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_below: Option<u8>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub at_least: BTreeMap<Competency, u8>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub below: BTreeMap<Competency, u8>,
    /// A rule id that must be among the reply's findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// A rule id that must not be among the reply's findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub without_finding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anger_at_least: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anger_below: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_at_least: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_below: Option<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndingKind {
    Resolved,
    Escalated,
    Left,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Escalation {
    Complaint,
    BadReview,
    Manager,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub kind: EndingKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
    pub title: Text,
    /// The customer's last words.
    pub line: Text,
    /// What the trainee should take from this ending.
    pub debrief: Text,
}

/// Where a transition leads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target<'a> {
    Turn(&'a Turn),
    Ending(&'a Ending),
}

impl Scenario {
    pub fn turn(&self, id: &str) -> Option<&Turn> {
        self.turns.iter().find(|t| t.id == id)
    }

    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id == id)
    }

    pub fn target(&self, id: &str) -> Option<Target<'_>> {
        self.turn(id)
            .map(Target::Turn)
            .or_else(|| self.ending(id).map(Target::Ending))
    }

    pub fn start(&self) -> &Turn {
        &self.turns[0]
    }
}
