//! The scenario format: one JSON file per difficult customer (see
//! `scenarios/schema.json` for the editor-facing schema of the same shape).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::scorer::{ActType, Competency};

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
    Novice,
    Expert,
    Undecided,
    Financial,
    FollowUp,
}

impl Archetype {
    pub const ALL: [Archetype; 14] = [
        Archetype::Angry,
        Archetype::Bargainer,
        Archetype::Perfectionist,
        Archetype::Chatter,
        Archetype::Silent,
        Archetype::Suspicious,
        Archetype::Privacy,
        Archetype::Repeat,
        Archetype::AbusedShift,
        Archetype::Novice,
        Archetype::Expert,
        Archetype::Undecided,
        Archetype::Financial,
        Archetype::FollowUp,
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
            Archetype::Novice => "novice",
            Archetype::Expert => "expert",
            Archetype::Undecided => "undecided",
            Archetype::Financial => "financial",
            Archetype::FollowUp => "follow_up",
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
            Archetype::Novice => Text::new("不懂或半懂产品", "New to the product"),
            Archetype::Expert => Text::new("行家比质量", "Expert comparing quality"),
            Archetype::Undecided => Text::new("犹豫不决", "Undecided buyer"),
            Archetype::Financial => Text::new("理财与规则", "Finance: guarantees and rules"),
            Archetype::FollowUp => Text::new("售后回访", "After-sales follow-up"),
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
    /// The line said instead when the drawn variant cannot be said as
    /// written: one of its slots is empty, or an act it `presumes` was not
    /// made in the reply that led here. It has no slots of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Text>,
    /// Acts of the previous reply that the line takes for granted without a
    /// slot ("那就退一半吧" presumes an offer of a partial refund). The
    /// validator checks that every way into the turn guarantees them (or
    /// that there is a `fallback`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presumes: Vec<Presumption>,
    /// What the customer says when a reply leaves the question of this turn
    /// unanswered (the scorer's `unanswered` finding): the customer stays on
    /// the turn once and repeats it, then the transitions apply as usual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unanswered: Option<Text>,
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
/// mood after the reply; acts are what the reply did (`scorer::acts`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The reply made an act of this type ("offer", "commitment", …) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ActType>,
    /// … of one of these kinds ("refund", or ["refund", "partial_refund"]) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kinds>,
    /// … and, for a time commitment, within this many minutes (a time
    /// whose horizon cannot be read, like "by 5 pm", satisfies neither
    /// bound). Either bound alone implies `"act": "commitment", "kind": "time"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_at_most: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_above: Option<u32>,
    /// The reply made no act of these types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub without_act: Option<ActTypes>,
    /// `true`: the reply answered the customer's question (or there was
    /// none); `false`: it left it unanswered (the `unanswered` finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
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
    /// Acts of the last reply that the ending's line takes for granted; every
    /// way into the ending must guarantee them (endings have no slots).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presumes: Vec<Presumption>,
    /// What the trainee should take from this ending. Keep it to what holds
    /// however the ending was reached: the debrief adds what happened in
    /// this conversation (`engine::compose_debrief`).
    pub debrief: Text,
}

/// An act a line takes for granted: the act type and, optionally, the kinds
/// any one of which will do, and for a time commitment how far off it is
/// ("{promised_time}？退钱要等那么久？" presumes `"minutes_above": 240`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presumption {
    pub act: ActType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kinds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_at_most: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_above: Option<u32>,
}

/// One kind or an any-of list: `"refund"` or `["refund", "partial_refund"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kinds(pub Vec<String>);

impl Kinds {
    pub fn contains(&self, kind: &str) -> bool {
        self.0.iter().any(|k| k == kind)
    }
}

impl Serialize for Kinds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => serializer.serialize_str(one),
            many => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Kinds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Kinds, D::Error> {
        Ok(Kinds(one_or_many(
            deserializer,
            "a kind or a list of kinds",
        )?))
    }
}

/// One act type or a list of them: `"offer"` or `["offer", "commitment"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActTypes(pub Vec<ActType>);

impl ActTypes {
    pub fn contains(&self, act: ActType) -> bool {
        self.0.contains(&act)
    }
}

impl Serialize for ActTypes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(serializer),
            many => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ActTypes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ActTypes, D::Error> {
        Ok(ActTypes(one_or_many(
            deserializer,
            "an act type or a list of act types",
        )?))
    }
}

/// A value or a non-empty list of values, with serde's own messages for a
/// wrong item ("unknown variant `ofer`…").
fn one_or_many<'de, D, T>(deserializer: D, expecting: &'static str) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    use serde::de::{self, IntoDeserializer, SeqAccess, Visitor};
    use std::marker::PhantomData;

    struct OneOrMany<T>(PhantomData<T>, &'static str);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.1)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Vec<T>, E> {
            let one: T = T::deserialize(value.into_deserializer())?;
            Ok(vec![one])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            if out.is_empty() {
                return Err(de::Error::invalid_length(0, &"at least one"));
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(OneOrMany(PhantomData, expecting))
}

/// A slot in a customer line, `{promised_time}`: filled from the acts of the
/// reply that led to the line, never from the authored model reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// A time commitment, in the trainee's own words ("5分钟内", "by 5 pm").
    PromisedTime,
    /// An amount commitment, in the trainee's own words ("50元", "$20").
    PromisedAmount,
    /// The remedy offered, as a noun phrase (退款 / a refund).
    Offer,
    /// What a question asked for (订单号 / the order number): order number,
    /// photo, phone, address or size, not "preference" or "other".
    AskedFor,
    /// The remedy refused (退款 / a refund), from "没法给您退款".
    Refused,
}

impl Slot {
    pub const ALL: [Slot; 5] = [
        Slot::PromisedTime,
        Slot::PromisedAmount,
        Slot::Offer,
        Slot::AskedFor,
        Slot::Refused,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Slot::PromisedTime => "promised_time",
            Slot::PromisedAmount => "promised_amount",
            Slot::Offer => "offer",
            Slot::AskedFor => "asked_for",
            Slot::Refused => "refused",
        }
    }

    pub fn parse(id: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The act type that fills the slot.
    pub fn act(self) -> ActType {
        match self {
            Slot::PromisedTime | Slot::PromisedAmount => ActType::Commitment,
            Slot::Offer => ActType::Offer,
            Slot::AskedFor => ActType::Question,
            Slot::Refused => ActType::Refusal,
        }
    }

    /// Whether an act of the slot's type with this kind fills the slot.
    pub fn takes_kind(self, kind: Option<&str>) -> bool {
        match self {
            Slot::PromisedTime => kind == Some("time"),
            Slot::PromisedAmount => kind == Some("amount"),
            Slot::Offer | Slot::AskedFor | Slot::Refused => {
                kind.is_some_and(|k| kind_name(self.act(), k).is_some())
            }
        }
    }

    /// What a condition must require for the slot to be filled, in words
    /// for validator messages.
    pub fn needs(self) -> &'static str {
        match self {
            Slot::PromisedTime => "a time commitment (\"act\": \"commitment\", \"kind\": \"time\", or a minutes bound)",
            Slot::PromisedAmount => "an amount commitment (\"act\": \"commitment\", \"kind\": \"amount\")",
            Slot::Offer => "an offer (\"act\": \"offer\")",
            Slot::AskedFor => "a question for something named (\"act\": \"question\" with kinds among order_number, photo, phone, address, size)",
            Slot::Refused => "the refusal of a named remedy (\"act\": \"refusal\" with remedy kinds)",
        }
    }
}

/// How the customer names an offer's remedy or what a question asks for:
/// a noun phrase that fits "那就{offer}吧" / "{offer} it is, then",
/// "你要{asked_for}是吧" / "you want {asked_for}?". Kinds without a name here
/// (a question about "other", a "preference") fill no slot.
pub fn kind_name(act: ActType, kind: &str) -> Option<Text> {
    let (zh, en) = match (act, kind) {
        (ActType::Offer | ActType::Refusal, "refund") => ("退款", "a refund"),
        (ActType::Offer | ActType::Refusal, "partial_refund") => ("部分退款", "a partial refund"),
        (ActType::Offer | ActType::Refusal, "remake") => ("重做", "a remake"),
        (ActType::Offer | ActType::Refusal, "replacement") => ("换新", "a replacement"),
        (ActType::Offer | ActType::Refusal, "repair") => ("维修", "a repair"),
        (ActType::Offer | ActType::Refusal, "compensation") => ("补偿", "compensation"),
        (ActType::Offer | ActType::Refusal, "coupon") => ("优惠券", "a coupon"),
        (ActType::Offer | ActType::Refusal, "gift") => ("赠品", "a gift"),
        (ActType::Question, "order_number") => ("订单号", "the order number"),
        (ActType::Question, "photo") => ("照片", "photos"),
        (ActType::Question, "phone") => ("电话号码", "a phone number"),
        (ActType::Question, "address") => ("地址", "the address"),
        (ActType::Question, "size") => ("尺码", "the size"),
        _ => return None,
    };
    Some(Text::new(zh, en))
}

/// A piece of a line template: text, or a slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Slot(Slot),
}

/// Cut a line into text and slots. `{` and `}` are reserved for slots: an
/// unknown name or an unclosed brace is an error naming it.
pub fn pieces(line: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a \"}\" without \"{\" (braces are for slots like {promised_time})".into());
        }
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after
            .find(['}', '{'])
            .filter(|&i| after[i..].starts_with('}'))
            .ok_or_else(|| {
                "a \"{\" without \"}\" (braces are for slots like {promised_time})".to_string()
            })?;
        let name = &after[..close];
        let slot = Slot::parse(name.trim()).ok_or_else(|| {
            let known: Vec<&str> = Slot::ALL.iter().map(|s| s.id()).collect();
            format!("unknown slot {{{name}}}; known: {}", known.join(", "))
        })?;
        out.push(Piece::Slot(slot));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// The slots a line uses (ignoring malformed ones, which the validator reports).
pub fn slots_in(line: &str) -> Vec<Slot> {
    let mut out: Vec<Slot> = pieces(line)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Piece::Slot(s) => Some(s),
            Piece::Text(_) => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
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

impl Turn {
    /// Every slot any variant of the line uses, in either language.
    pub fn slots(&self) -> Vec<Slot> {
        let mut out: Vec<Slot> = self
            .line
            .iter()
            .flat_map(|l| slots_in(&l.zh).into_iter().chain(slots_in(&l.en)))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

impl Condition {
    /// The act type the condition requires, if any: `act`, or a time
    /// commitment implied by a minutes bound.
    pub fn required_act(&self) -> Option<ActType> {
        self.act.or_else(|| {
            (self.minutes_at_most.is_some() || self.minutes_above.is_some())
                .then_some(ActType::Commitment)
        })
    }

    /// The kinds the required act must have, if restricted (a minutes bound
    /// restricts a commitment to `time`).
    pub fn required_kinds(&self) -> Option<Vec<String>> {
        match (&self.kind, self.minutes_at_most.or(self.minutes_above)) {
            (Some(kinds), _) => Some(kinds.0.clone()),
            (None, Some(_)) => Some(vec!["time".to_string()]),
            (None, None) => None,
        }
    }

    /// Whether the condition looks at the `unanswered` finding, in any form.
    pub fn tests_answered(&self) -> bool {
        self.answered.is_some()
            || self.finding.as_deref() == Some(UNANSWERED)
            || self.without_finding.as_deref() == Some(UNANSWERED)
    }
}

/// The scorer's finding for a customer question the reply left unanswered.
pub const UNANSWERED: &str = "unanswered";
