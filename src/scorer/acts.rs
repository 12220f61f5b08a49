//! What a reply *did*, as data: the acts a customer reacts to. Offers (refund,
//! remake, replacement…), commitments with their value (a time, an amount),
//! questions and what they ask for, refusals, apologies, hand-overs, leaks and
//! side deals. Each act keeps the span of the words that made it, so the
//! customer's next line can echo the trainee ("{promised_time}") and the
//! debrief can quote them. The scorer reads the same acts, so a reply is
//! never scored as "offered a remedy" while the customer hears none.
//!
//! The phrase lists are data (`rules/rules.json` → `acts`); the reading of
//! times and amounts is code (`time.rs`), because it is arithmetic.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};

use crate::text::is_clause_break;

use super::context::Structure;
use super::time::{amounts, times, TimeValue};
use super::Scorer;

/// The kinds of act a reply can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActType {
    Apology,
    Offer,
    Commitment,
    Question,
    Refusal,
    Transfer,
    Leak,
    SideDeal,
}

impl ActType {
    pub const ALL: [ActType; 8] = [
        ActType::Apology,
        ActType::Offer,
        ActType::Commitment,
        ActType::Question,
        ActType::Refusal,
        ActType::Transfer,
        ActType::Leak,
        ActType::SideDeal,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ActType::Apology => "apology",
            ActType::Offer => "offer",
            ActType::Commitment => "commitment",
            ActType::Question => "question",
            ActType::Refusal => "refusal",
            ActType::Transfer => "transfer",
            ActType::Leak => "leak",
            ActType::SideDeal => "side_deal",
        }
    }

    pub fn parse(id: &str) -> Option<ActType> {
        ActType::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// One thing the reply did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Act {
    pub act: ActType,
    /// The sub-kind: an offer's remedy (`refund`, `remake`…), a commitment's
    /// `time` or `amount`, what a question asks for (`order_number`, `photo`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A commitment's value in the trainee's own words ("5分钟内", "by 5 pm").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A time commitment's horizon in minutes from now, when it can be read
    /// ("半小时内" → 30, "tomorrow" → 1440); lets a transition test "under 15 minutes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Character range `[start, end)` in the reply.
    pub span: [usize; 2],
}

/// Phrase lists per act and kind (`rules/rules.json` → `acts`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActSpec {
    pub apology: Vec<String>,
    /// Remedy → phrases.
    pub offer: BTreeMap<String, Vec<String>>,
    /// What is asked for → phrases naming it.
    pub asks_for: BTreeMap<String, Vec<String>>,
    /// Words that turn a sentence into a request for information.
    pub request: Vec<String>,
    pub refusal: Vec<String>,
    pub transfer: Vec<String>,
    pub side_deal: Vec<String>,
    /// Words that make a time or amount a commitment (a first-person future).
    pub commit: Vec<String>,
    /// Words that put a time in the past or in the customer's mouth.
    pub past: Vec<String>,
    /// Not an apology: "不好意思，请问…", "sorry?" asking to repeat.
    #[serde(default)]
    pub not_apology: Vec<String>,
}

/// The compiled phrase lists.
pub(super) struct ActMatcher {
    matcher: AhoCorasick,
    /// For each pattern: the act, its kind, and whether it is a whole Latin word.
    patterns: Vec<(Slot, Option<String>, bool, bool)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Apology,
    NotApology,
    Offer,
    AsksFor,
    Request,
    Refusal,
    Transfer,
    SideDeal,
    Commit,
    Past,
}

impl ActMatcher {
    pub(super) fn new(spec: &ActSpec) -> ActMatcher {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        let mut add = |slot: Slot, kind: Option<&str>, list: &[String]| {
            for phrase in list {
                let normalized = crate::text::normalize(phrase.trim());
                let (body, prefix) = match normalized.strip_suffix('*') {
                    Some(body) => (body.to_string(), true),
                    None => (normalized.clone(), false),
                };
                let first = body.chars().next().unwrap_or(' ');
                let last = body.chars().last().unwrap_or(' ');
                patterns.push((
                    slot,
                    kind.map(str::to_string),
                    first.is_ascii_alphanumeric(),
                    last.is_ascii_alphanumeric() && !prefix,
                ));
                texts.push(body);
            }
        };
        add(Slot::Apology, None, &spec.apology);
        add(Slot::NotApology, None, &spec.not_apology);
        for (kind, list) in &spec.offer {
            add(Slot::Offer, Some(kind), list);
        }
        for (kind, list) in &spec.asks_for {
            add(Slot::AsksFor, Some(kind), list);
        }
        add(Slot::Request, None, &spec.request);
        add(Slot::Refusal, None, &spec.refusal);
        add(Slot::Transfer, None, &spec.transfer);
        add(Slot::SideDeal, None, &spec.side_deal);
        add(Slot::Commit, None, &spec.commit);
        add(Slot::Past, None, &spec.past);
        ActMatcher {
            matcher: AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&texts)
                .expect("act phrase lists are small"),
            patterns,
        }
    }
}

struct Found {
    slot: Slot,
    kind: Option<String>,
    start: usize,
    end: usize,
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\''
}

impl Scorer {
    /// The acts of one reply (any text; normalised here).
    pub fn acts(&self, reply: &str) -> Vec<Act> {
        let normalized = crate::text::Normalized::new(reply);
        let negations = self.negations(&normalized.text);
        let ranges: Vec<(usize, usize)> = negations.iter().map(|&(s, e, _)| (s, e)).collect();
        let structure = Structure::new(&normalized.text, &ranges);
        self.read_acts(&normalized, &structure, &negations, None)
    }

    /// Acts, given the reading the scorer already made. `leak` is the
    /// leak detector's span, if it fired.
    pub(super) fn read_acts(
        &self,
        reply: &crate::text::Normalized,
        structure: &Structure,
        negations: &[(usize, usize, bool)],
        leak: Option<(usize, usize)>,
    ) -> Vec<Act> {
        let text = reply.text.as_str();
        let found: Vec<Found> = self
            .act_matcher
            .matcher
            .find_iter(text)
            .filter_map(|m| {
                let (slot, kind, word_start, word_end) = &self.act_matcher.patterns[m.pattern().as_usize()];
                if *word_start && text[..m.start()].chars().next_back().is_some_and(word_char) {
                    return None;
                }
                if *word_end && text[m.end()..].chars().next().is_some_and(word_char) {
                    return None;
                }
                Some(Found {
                    slot: *slot,
                    kind: kind.clone(),
                    start: m.start(),
                    end: m.end(),
                })
            })
            .collect();
        // A negation shortly before a phrase, in the same clause, takes it back:
        // "没法给您退款" is a refusal, not an offer of a refund.
        let negated = |start: usize| {
            negations.iter().any(|&(ns, ne, latin)| {
                ne <= start && {
                    let between = &text[ne..start];
                    let gap = if latin { 40 } else { 8 };
                    between.chars().count() <= gap && !between.chars().any(is_clause_break)
                } && ns < start
            })
        };
        let char_span = |start: usize, end: usize| [reply.char_index(start), reply.char_index(end)];
        let mut acts: Vec<Act> = Vec::new();
        let push = |act: Act, acts: &mut Vec<Act>| {
            if !acts.iter().any(|a| a.act == act.act && a.kind == act.kind && a.value == act.value) {
                acts.push(act);
            }
        };
        let sentences: Vec<(usize, usize)> = structure.sentence_ranges().collect();
        let sentence_of = |byte: usize| {
            sentences
                .iter()
                .copied()
                .find(|&(s, e)| s <= byte && byte < e)
                .unwrap_or((0, text.len()))
        };
        let in_sentence = |slot: Slot, byte: usize| {
            let (s, e) = sentence_of(byte);
            found.iter().any(|f| f.slot == slot && f.start >= s && f.start < e)
        };

        for f in &found {
            let span = char_span(f.start, f.end);
            match f.slot {
                Slot::Apology => {
                    let shadowed = found.iter().any(|o| {
                        o.slot == Slot::NotApology && o.start <= f.start && f.end <= o.end
                    });
                    if !shadowed && !negated(f.start) {
                        push(Act { act: ActType::Apology, kind: None, value: None, minutes: None, span }, &mut acts);
                    }
                }
                Slot::Offer => {
                    if negated(f.start) {
                        push(Act { act: ActType::Refusal, kind: f.kind.clone(), value: None, minutes: None, span }, &mut acts);
                    } else {
                        push(Act { act: ActType::Offer, kind: f.kind.clone(), value: None, minutes: None, span }, &mut acts);
                    }
                }
                Slot::AsksFor => {
                    // Asking for something: a question or a request in the
                    // same sentence ("麻烦您拍张照片", "could you send the order number?").
                    let (s, e) = sentence_of(f.start);
                    let question = text[s..e].contains(['?', '吗']) || in_sentence(Slot::Request, f.start);
                    if question && !negated(f.start) {
                        push(Act { act: ActType::Question, kind: f.kind.clone(), value: None, minutes: None, span }, &mut acts);
                    }
                }
                Slot::Refusal => {
                    push(Act { act: ActType::Refusal, kind: None, value: None, minutes: None, span }, &mut acts);
                }
                Slot::Transfer => {
                    if !negated(f.start) {
                        push(Act { act: ActType::Transfer, kind: None, value: None, minutes: None, span }, &mut acts);
                    }
                }
                Slot::SideDeal => {
                    if !negated(f.start) {
                        push(Act { act: ActType::SideDeal, kind: None, value: None, minutes: None, span }, &mut acts);
                    }
                }
                Slot::Request | Slot::Commit | Slot::Past | Slot::NotApology => {}
            }
        }
        // A question that names nothing listed still asks something.
        for &(s, e) in &sentences {
            let sentence = &text[s..e];
            let asks = sentence.trim_end().ends_with('?') || sentence.contains('吗');
            let already = acts.iter().any(|a| {
                a.act == ActType::Question && {
                    let start = reply.char_index(s);
                    let end = reply.char_index(e);
                    a.span[0] >= start && a.span[0] < end
                }
            });
            if asks && !already && !structure.is_challenge(s) {
                push(Act { act: ActType::Question, kind: Some("other".into()), value: None, minutes: None, span: char_span(s, e) }, &mut acts);
            }
        }
        // Times and amounts become commitments in a first-person future clause.
        let commit_clause = |start: usize, end: usize| {
            let (s, e) = clause_bounds(text, start, end);
            let committed = found.iter().any(|f| f.slot == Slot::Commit && f.start >= s && f.end <= e);
            let past = found.iter().any(|f| f.slot == Slot::Past && f.start >= s && f.end <= e);
            committed && !past && !negated(start)
        };
        for TimeValue { start, end, minutes } in times(text) {
            if commit_clause(start, end) {
                push(
                    Act {
                        act: ActType::Commitment,
                        kind: Some("time".into()),
                        value: Some(reply.original_slice(start, end)),
                        minutes,
                        span: char_span(start, end),
                    },
                    &mut acts,
                );
            }
        }
        for (start, end) in amounts(text) {
            if commit_clause(start, end) {
                push(
                    Act {
                        act: ActType::Commitment,
                        kind: Some("amount".into()),
                        value: Some(reply.original_slice(start, end)),
                        minutes: None,
                        span: char_span(start, end),
                    },
                    &mut acts,
                );
            }
        }
        if let Some((start, end)) = leak {
            push(Act { act: ActType::Leak, kind: None, value: None, minutes: None, span: char_span(start, end) }, &mut acts);
        }
        acts.sort_by_key(|a| (a.span[0], a.act));
        acts
    }
}

/// The clause around a byte range: from the previous clause break to the
/// next, widened to the sentence when the clause holds no verb of its own.
fn clause_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_stop = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '~' | '。' | ';');
    let s = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_stop(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let e = text[end..].find(is_stop).map_or(text.len(), |i| end + i);
    (s, e)
}
