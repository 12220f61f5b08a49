//! What a reply *did*, as data: the acts a customer reacts to. Offers (refund,
//! remake, replacement…), commitments with their value (a time, an amount),
//! questions and what they ask for, refusals, apologies, hand-overs, leaks and
//! side deals. Each act keeps the span of the words that made it, so the
//! customer's next line can echo the trainee ("{promised_time}") and the
//! debrief can quote them. The scorer reads the same acts, so a reply is
//! never scored as "offered a remedy" while the customer hears none.
//!
//! The phrase lists are data (`rules/acts.json`); the reading of times and
//! amounts is code (`time.rs`), because it is arithmetic. How the lists are
//! read:
//! - Phrases are matched on the normalised text (simplified, half-width,
//!   lower case); Latin phrases as whole words, `*` for a prefix. The act
//!   phrases shadow each other leftmost-longest, so "不好意思请问" (a block)
//!   hides 不好意思 and "no refunds" hides "refund".
//! - A `pair` is an act made of two phrases in one clause ("can't … share",
//!   "send … a new one", "进价 … 38"); `<num>` stands for a number, `<end>`
//!   for the end of the clause, `<any>` for nothing more.
//! - A negation shortly before a phrase in its clause (or a refusal word
//!   just after it, "私下转账没办法接受") takes it back: a negated offer is a
//!   refusal of that remedy. A negation inside a condition ("if it doesn't
//!   fit") takes back nothing and offers nothing.
//! - Offers are settled clause by clause: the more specific remedy wins
//!   (compensation over coupon over gift, remake over replacement, partial
//!   over full refund), weak words ("free", "送您") count only alone, and
//!   "upgrade" words change a remedy ("$10 credit for the hassle" is
//!   compensation, "这杯的钱退给您" a partial refund).
//! - A question is a sentence that asks (question mark, 吗, 请问) or requests
//!   information, and is not rhetorical; each asking clause names what it
//!   asks for, else the choice it offers, else "other".
//! - A time or amount is a commitment in a first-person future clause that is
//!   neither past, hedged ("一般", "usually", "valid for") nor a question; an
//!   amount only when it is money going to the customer.
//! - What a side deal or a leak says is part of it: no offers or commitments
//!   are read in those sentences.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

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

/// Phrase lists per act and kind (`rules/acts.json`). A phrase ending in `*`
/// is a prefix ("apologi*"); other Latin phrases match whole words only;
/// `<num>` stands for a number ("$<num>", "<num>折").
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActSpec {
    /// Words that take back what follows them in the same clause ("没法给您退款").
    #[serde(default)]
    pub negation: Vec<String>,
    /// Look-alikes that are no negation ("no problem", "没有问题").
    #[serde(default)]
    pub not_negation: Vec<String>,
    /// Words that take back what stands just before them ("私下转账没办法接受").
    #[serde(default)]
    pub post_negation: Vec<String>,
    /// Words a negation does not reach across ("but", "不过").
    #[serde(default)]
    pub scope_break: Vec<String>,
    /// Words that open a condition ("if", "如果"): a negation inside a
    /// condition refuses nothing, a request inside one asks nothing yet.
    #[serde(default)]
    pub conditional: Vec<String>,
    pub apology: Vec<String>,
    /// Phrases that contain an act's words without doing it ("sorry?",
    /// "free of charge", "refund policy"): matched to shadow them.
    #[serde(default)]
    pub block: Vec<String>,
    /// Remedy → phrases.
    pub offer: BTreeMap<String, Vec<String>>,
    /// Remedy → phrases that only count when nothing more specific is offered
    /// in the same clause ("free" in "a free zipper repair").
    #[serde(default)]
    pub weak_offer: BTreeMap<String, Vec<String>>,
    /// Remedy → words that turn another remedy in the same clause into this
    /// one ("a $10 credit for the hassle" is compensation, "这杯的钱退给您" a
    /// partial refund).
    #[serde(default)]
    pub upgrade: BTreeMap<String, Vec<String>>,
    /// Words that make a refund in the sentence old news ("您的退款已经…").
    #[serde(default)]
    pub mention: Vec<String>,
    /// Words that make a remedy in the clause a rule, not an offer ("qualifies
    /// for a swap", "7天无理由退换").
    #[serde(default)]
    pub policy: Vec<String>,
    /// What is asked for → phrases naming it.
    pub asks_for: BTreeMap<String, Vec<String>>,
    /// Words that turn a sentence into a request for information.
    pub request: Vec<String>,
    /// Requests that ask for something even when nothing listed is named ("告诉我…").
    #[serde(default)]
    pub ask: Vec<String>,
    /// Question words ("which", "什么"): in a question, the clauses holding
    /// them (or a question mark, or a request) are the ones that ask.
    #[serde(default)]
    pub interrogative: Vec<String>,
    /// Words of a question about facts: its "A or B" is no choice offered
    /// ("was it broken when it arrived, or …").
    #[serde(default)]
    pub fact_question: Vec<String>,
    /// Rhetorical or hostile questions, and calls that ask nothing ("hello?").
    #[serde(default)]
    pub not_question: Vec<String>,
    pub refusal: Vec<String>,
    pub transfer: Vec<String>,
    pub side_deal: Vec<String>,
    /// Shop internals given away ("不要说是我讲的", "our qa report").
    #[serde(default)]
    pub leak: Vec<String>,
    /// Secrecy that gives internals away ("don't tell anyone I said so"),
    /// unless it wraps a side deal.
    #[serde(default)]
    pub secret: Vec<String>,
    /// Words before a number that make it no one's secret (an order number,
    /// a ticket, the customer's own phone).
    #[serde(default)]
    pub not_leak: Vec<String>,
    /// Acts made of two parts in one clause ("can't … refund", "send … a new one").
    #[serde(default)]
    pub pairs: Vec<PairSpec>,
    /// Words that make a time or amount a commitment (a first-person future).
    pub commit: Vec<String>,
    /// Words that put a time in the past or in the customer's mouth.
    pub past: Vec<String>,
    /// Words that make a time an estimate, a policy or a validity, not a promise.
    #[serde(default)]
    pub hedge: Vec<String>,
    /// Words that make an amount money going to the customer ("退您", "back to your card").
    #[serde(default)]
    pub money: Vec<String>,
}

/// An act made of two phrases in one clause, `then` at most `within`
/// characters after the end of `first`, no scope break between, and none of
/// `unless` anywhere in the clause.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairSpec {
    pub act: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub first: Vec<String>,
    pub then: Vec<String>,
    pub within: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
}

/// What a phrase stands for. Acts and blocks form one family (they shadow
/// each other, leftmost-longest); negations another; each cue its own.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tag {
    Apology,
    Block,
    Offer { kind: String, weak: bool },
    AsksFor(String),
    Refusal,
    Transfer,
    SideDeal,
    Leak,
    Secret,
    NotLeak,
    Fact,
    Negation,
    NotNegation,
    PostNegation,
    ScopeBreak,
    Conditional,
    Upgrade(String),
    Mention,
    Policy,
    Request,
    Ask,
    NotQuestion,
    Interrogative,
    Commit,
    Past,
    Hedge,
    Money,
}

impl Tag {
    fn family(&self) -> u8 {
        match self {
            Tag::Apology
            | Tag::Block
            | Tag::Offer { .. }
            | Tag::AsksFor(_)
            | Tag::Refusal
            | Tag::Transfer
            | Tag::SideDeal
            | Tag::Leak
            | Tag::Secret => 0,
            Tag::Negation | Tag::NotNegation => 1,
            Tag::PostNegation => 2,
            Tag::ScopeBreak => 3,
            Tag::Conditional => 4,
            Tag::Upgrade(_) => 5,
            Tag::Mention => 6,
            Tag::Request => 7,
            Tag::Ask => 8,
            Tag::NotQuestion => 9,
            Tag::Commit => 10,
            Tag::Past => 11,
            Tag::Hedge => 12,
            Tag::Money => 13,
            Tag::Interrogative => 14,
            Tag::Policy => 15,
            Tag::NotLeak => 16,
            Tag::Fact => 17,
        }
    }

    fn from_act(act: &str, kind: Option<&str>) -> Option<Tag> {
        Some(match act {
            "apology" => Tag::Apology,
            "offer" => Tag::Offer {
                kind: kind?.to_string(),
                weak: false,
            },
            "question" => Tag::AsksFor(kind?.to_string()),
            "refusal" => Tag::Refusal,
            "transfer" => Tag::Transfer,
            "side_deal" => Tag::SideDeal,
            "leak" => Tag::Leak,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
struct Found<T> {
    tag: T,
    start: usize,
    end: usize,
}

struct Pattern<T> {
    tag: T,
    word_start: bool,
    word_end: bool,
}

/// A phrase around a number: `prefix<num>suffix`.
struct NumberPattern<T> {
    tag: T,
    prefix: String,
    suffix: String,
}

/// A compiled phrase list: every occurrence, Latin phrases as whole words.
struct Phrases<T> {
    matcher: Option<AhoCorasick>,
    patterns: Vec<Pattern<T>>,
    numbers: Vec<NumberPattern<T>>,
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\''
}

impl<T: Clone> Phrases<T> {
    fn new<'a>(items: impl IntoIterator<Item = (T, &'a String)>) -> Phrases<T> {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        let mut numbers = Vec::new();
        for (tag, phrase) in items {
            let normalized = crate::text::normalize(phrase.trim());
            if let Some(at) = normalized.find("<num>") {
                numbers.push(NumberPattern {
                    tag,
                    prefix: normalized[..at].to_string(),
                    suffix: normalized[at + "<num>".len()..].to_string(),
                });
                continue;
            }
            let (body, prefix) = match normalized.strip_suffix('*') {
                Some(body) => (body.to_string(), true),
                None => (normalized, false),
            };
            let (Some(first), Some(last)) = (body.chars().next(), body.chars().next_back()) else {
                continue;
            };
            patterns.push(Pattern {
                tag,
                word_start: first.is_ascii_alphanumeric(),
                word_end: last.is_ascii_alphanumeric() && !prefix,
            });
            texts.push(body);
        }
        let matcher = (!texts.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&texts)
                .expect("act phrase lists are small")
        });
        Phrases {
            matcher,
            patterns,
            numbers,
        }
    }

    /// Every occurrence, overlapping. `nums`: the text's numbers (`numbers`),
    /// read once per reply for every list.
    fn find_all(&self, text: &str, nums: &[(usize, usize)]) -> Vec<Found<T>> {
        let mut out = Vec::new();
        if let Some(matcher) = &self.matcher {
            for m in matcher.find_overlapping_iter(text) {
                let p = &self.patterns[m.pattern().as_usize()];
                if p.word_start && text[..m.start()].chars().next_back().is_some_and(word_char) {
                    continue;
                }
                if p.word_end && text[m.end()..].chars().next().is_some_and(word_char) {
                    continue;
                }
                out.push(Found {
                    tag: p.tag.clone(),
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
        if !self.numbers.is_empty() {
            for &(start, end) in nums {
                for n in &self.numbers {
                    if text[..start].ends_with(&n.prefix) && text[end..].starts_with(&n.suffix) {
                        out.push(Found {
                            tag: n.tag.clone(),
                            start: start - n.prefix.len(),
                            end: end + n.suffix.len(),
                        });
                    }
                }
            }
        }
        out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        out
    }
}

/// Leftmost-longest within each family: of overlapping phrases of one family
/// the one starting first (then the longest) stands.
fn select(all: Vec<Found<Tag>>) -> Vec<Found<Tag>> {
    let mut all = all;
    all.sort_by_key(|f| (f.tag.family(), f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Found<Tag>> = Vec::new();
    let mut last: Option<(u8, usize)> = None;
    for f in all {
        let family = f.tag.family();
        if matches!(last, Some((l, end)) if l == family && f.start < end) {
            continue;
        }
        last = Some((family, f.end));
        out.push(f);
    }
    out.sort_by_key(|f| (f.start, f.tag.family()));
    out
}

fn is_zh_numeral(c: char) -> bool {
    "〇零一二两三四五六七八九十百千万几".contains(c)
}

/// Numbers as byte ranges: ASCII digits ("1,299.50") not glued to Latin
/// letters ("5th", "sf123"), or a run of Chinese numerals ("十几", "九").
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let ascii = c.is_ascii_digit();
        if !ascii && !is_zh_numeral(c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while let Some(&(_, d)) = chars.get(j) {
            let more = if ascii {
                d.is_ascii_digit()
                    || (matches!(d, '.' | ',')
                        && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit()))
            } else {
                is_zh_numeral(d)
            };
            if !more {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |x| x.0);
        let glued = ascii
            && (text[..start]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphabetic())
                || text[end..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_alphabetic()));
        if !glued {
            out.push((start, end));
        }
        i = j;
    }
    out
}

/// The part a phrase plays in a two-part act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    First,
    Then,
    Unless,
}

/// A two-part act, compiled (its phrases are in `ActMatcher::pair_phrases`).
struct Pair {
    tag: Tag,
    within: usize,
    /// `then` holds `<end>`: the end of the clause (after particles) will do.
    at_end: bool,
    /// `then` holds `<any>`: `first` alone will do (in a clause without `unless`).
    anything: bool,
}

/// What may trail a phrase at the end of its clause: particles, marks, emoji.
fn is_trailing(c: char) -> bool {
    c.is_whitespace() || is_emoji(c) || "哦呢的啦呀哈喔啊了吧嘛咯亲~!.?,;:-\u{fe0f}".contains(c)
}

/// The compiled phrase lists.
pub(super) struct ActMatcher {
    phrases: Phrases<Tag>,
    pairs: Vec<Pair>,
    /// Every pair's phrases in one automaton, each tagged with its pair and
    /// role: one search per reply instead of three per pair.
    pair_phrases: Phrases<(usize, Role)>,
}

impl ActMatcher {
    pub(super) fn new(spec: &ActSpec) -> ActMatcher {
        let mut items: Vec<(Tag, &String)> = Vec::new();
        let lists: Vec<(Tag, &Vec<String>)> = [
            (Tag::Negation, &spec.negation),
            (Tag::NotNegation, &spec.not_negation),
            (Tag::PostNegation, &spec.post_negation),
            (Tag::ScopeBreak, &spec.scope_break),
            (Tag::Conditional, &spec.conditional),
            (Tag::Apology, &spec.apology),
            (Tag::Block, &spec.block),
            (Tag::Mention, &spec.mention),
            (Tag::Policy, &spec.policy),
            (Tag::Request, &spec.request),
            (Tag::Ask, &spec.ask),
            (Tag::NotQuestion, &spec.not_question),
            (Tag::Interrogative, &spec.interrogative),
            (Tag::Fact, &spec.fact_question),
            (Tag::Refusal, &spec.refusal),
            (Tag::Transfer, &spec.transfer),
            (Tag::SideDeal, &spec.side_deal),
            (Tag::Leak, &spec.leak),
            (Tag::Secret, &spec.secret),
            (Tag::NotLeak, &spec.not_leak),
            (Tag::Commit, &spec.commit),
            (Tag::Past, &spec.past),
            (Tag::Hedge, &spec.hedge),
            (Tag::Money, &spec.money),
        ]
        .into_iter()
        .chain(spec.offer.iter().map(|(k, l)| {
            (
                Tag::Offer {
                    kind: k.clone(),
                    weak: false,
                },
                l,
            )
        }))
        .chain(spec.weak_offer.iter().map(|(k, l)| {
            (
                Tag::Offer {
                    kind: k.clone(),
                    weak: true,
                },
                l,
            )
        }))
        .chain(
            spec.upgrade
                .iter()
                .map(|(k, l)| (Tag::Upgrade(k.clone()), l)),
        )
        .chain(
            spec.asks_for
                .iter()
                .map(|(k, l)| (Tag::AsksFor(k.clone()), l)),
        )
        .collect();
        for (tag, list) in &lists {
            for phrase in list.iter() {
                items.push((tag.clone(), phrase));
            }
        }
        let mut pairs = Vec::new();
        let mut pair_items: Vec<((usize, Role), &String)> = Vec::new();
        for p in &spec.pairs {
            let Some(tag) = Tag::from_act(&p.act, p.kind.as_deref()) else {
                continue;
            };
            let index = pairs.len();
            pair_items.extend(p.first.iter().map(|s| ((index, Role::First), s)));
            pair_items.extend(
                p.then
                    .iter()
                    .filter(|s| !matches!(s.as_str(), "<end>" | "<any>"))
                    .map(|s| ((index, Role::Then), s)),
            );
            pair_items.extend(p.unless.iter().map(|s| ((index, Role::Unless), s)));
            pairs.push(Pair {
                tag,
                within: p.within,
                at_end: p.then.iter().any(|s| s == "<end>"),
                anything: p.then.iter().any(|s| s == "<any>"),
            });
        }
        ActMatcher {
            phrases: Phrases::new(items),
            pairs,
            pair_phrases: Phrases::new(pair_items),
        }
    }
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// Whether the character at `index` breaks the text: `Some(true)` ends a
/// sentence, `Some(false)` only a clause. A full stop before a letter or digit
/// ("1.5", "x.com"), a comma or colon between digits ("1,000", "18:00") and
/// a hyphen inside a word break nothing; " - " (a dash) breaks a clause.
fn break_at(text: &str, index: usize, c: char, dashes: &[usize]) -> Option<bool> {
    let previous = text[..index].chars().next_back();
    let next = text[index + c.len_utf8()..].chars().next();
    let cjk =
        |c: Option<char>| c.is_some_and(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF));
    match c {
        '.' => (!next.is_some_and(|n| n.is_ascii_alphanumeric())).then_some(true),
        '!' | '?' | '\n' | '~' => Some(true),
        c if is_emoji(c) => Some(true),
        ',' | ':' => {
            let numeric = previous.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            (!numeric).then_some(false)
        }
        ';' | '(' | ')' => Some(false),
        // a dash ("—", " - "), not a hyphen ("brand-new")
        '-' => (dashes.contains(&index)
            || (previous == Some(' ') && next == Some(' '))
            || next == Some('-'))
        .then_some(false),
        // "亲 平台要扣点 你加我微信": a space between Chinese words is a comma
        ' ' => (cjk(previous) && cjk(next)).then_some(false),
        _ => None,
    }
}

/// Sentences and clauses as byte ranges, terminators included.
struct Segments {
    sentences: Vec<(usize, usize)>,
    clauses: Vec<(usize, usize)>,
}

impl Segments {
    /// `dashes`: where the text has a dash that normalisation made a hyphen.
    fn new(text: &str, dashes: &[usize]) -> Segments {
        let mut sentences = Vec::new();
        let mut clauses = Vec::new();
        let (mut sentence_start, mut clause_start) = (0, 0);
        let mut chars = text.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            let Some(mut ends_sentence) = break_at(text, index, c, dashes) else {
                continue;
            };
            // The whole run of breaks and spaces ("?!", "...", ", ").
            let mut end = index + c.len_utf8();
            while let Some(&(next_index, next)) = chars.peek() {
                match break_at(text, next_index, next, dashes) {
                    Some(sentence) => ends_sentence |= sentence,
                    None if next == ' ' || next == '\u{fe0f}' || next == '\u{200d}' => {}
                    None => break,
                }
                end = next_index + next.len_utf8();
                chars.next();
            }
            clauses.push((clause_start, end));
            clause_start = end;
            if ends_sentence {
                sentences.push((sentence_start, end));
                sentence_start = end;
            }
        }
        if clause_start < text.len() {
            clauses.push((clause_start, text.len()));
        }
        if sentence_start < text.len() {
            sentences.push((sentence_start, text.len()));
        }
        Segments { sentences, clauses }
    }

    fn find(ranges: &[(usize, usize)], byte: usize, len: usize) -> (usize, usize) {
        let index = ranges.partition_point(|&(_, e)| e <= byte);
        ranges
            .get(index)
            .copied()
            .filter(|&(s, _)| s <= byte)
            .unwrap_or((0, len))
    }
}

/// One reading of a reply: its phrases and where its clauses are.
/// Longer than any phrase in rules/acts.json.
const MAX_PHRASE_BYTES: usize = 256;

struct Reading<'a> {
    text: &'a str,
    segments: Segments,
    found: Vec<Found<Tag>>,
}

impl Reading<'_> {
    fn sentence(&self, byte: usize) -> (usize, usize) {
        Segments::find(&self.segments.sentences, byte, self.text.len())
    }

    fn clause(&self, byte: usize) -> (usize, usize) {
        Segments::find(&self.segments.clauses, byte, self.text.len())
    }

    /// The clause before this one in the same sentence.
    fn previous_clause(&self, clause: (usize, usize)) -> Option<(usize, usize)> {
        let sentence = self.sentence(clause.0);
        let index = self.segments.clauses.iter().position(|&c| c == clause)?;
        let previous = *self.segments.clauses.get(index.checked_sub(1)?)?;
        (previous.0 >= sentence.0).then_some(previous)
    }

    /// Phrases of a tag (compared by family and variant) inside a byte range.
    /// `found` is sorted by start, so the range is found by binary search
    /// (a 100 KB paste holds thousands of phrases).
    fn within<'b>(
        &'b self,
        matches: impl Fn(&Tag) -> bool + 'b,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = &'b Found<Tag>> + 'b {
        let from = self.found.partition_point(|f| f.start < start);
        self.found[from..]
            .iter()
            .take_while(move |f| f.start <= end)
            .filter(move |f| matches(&f.tag) && f.end <= end)
    }

    fn has(&self, tag: &Tag, start: usize, end: usize) -> bool {
        self.within(|t| t == tag, start, end).next().is_some()
    }

    fn is_latin(&self, f: &Found<Tag>) -> bool {
        self.text[f.start..f.end].is_ascii()
    }

    /// A negation shortly before `start`, in its clause, with no scope break
    /// between and not inside a condition ("if it doesn't fit, …").
    /// Whether a range lies inside an apology or a blocked phrase
    /// ("给您带来不便": its 不便 negates nothing, starts no refusal).
    fn covered(&self, start: usize, end: usize) -> bool {
        // Phrases are short: only those starting shortly before can cover.
        let from = self
            .found
            .partition_point(|f| f.start + MAX_PHRASE_BYTES < start);
        let to = self.found.partition_point(|f| f.start <= start);
        self.found[from..to]
            .iter()
            .any(|f| matches!(f.tag, Tag::Apology | Tag::Block) && f.start <= start && end <= f.end)
    }

    fn negated(&self, start: usize) -> bool {
        let (clause_start, _) = self.clause(start);
        self.within(|t| *t == Tag::Negation, clause_start, start)
            .filter(|n| !self.covered(n.start, n.end))
            .any(|n| {
                let between = &self.text[n.end..start];
                let near = if self.is_latin(n) {
                    between.len() <= 40
                } else {
                    between.chars().count() <= 8
                };
                near && !self.has(&Tag::ScopeBreak, n.end, start)
                    && !self.has(&Tag::Conditional, clause_start, n.start)
            })
    }

    /// A negation inside a condition ("if the replacement doesn't fix it"):
    /// what it negates is neither offered nor refused.
    fn negated_in_condition(&self, start: usize) -> bool {
        let (clause_start, _) = self.clause(start);
        self.within(|t| *t == Tag::Negation, clause_start, start)
            .any(|n| {
                let between = &self.text[n.end..start];
                let near = if self.is_latin(n) {
                    between.len() <= 40
                } else {
                    between.chars().count() <= 8
                };
                near && !self.has(&Tag::ScopeBreak, n.end, start)
                    && self.has(&Tag::Conditional, clause_start, n.start)
            })
    }

    /// A refusal word shortly after `end`, in its clause ("私下转账没办法接受",
    /// "a full refund isn't something I can do").
    fn negated_after(&self, end: usize) -> bool {
        let (_, clause_end) = self.clause(end.saturating_sub(1));
        let look_alike = |n: &Found<Tag>| {
            self.found
                .iter()
                .any(|m| m.tag == Tag::NotNegation && m.start <= n.start && n.end <= m.end)
        };
        self.within(|t| *t == Tag::PostNegation, end, clause_end)
            .filter(|n| !look_alike(n))
            .any(|n| {
                let between = &self.text[end..n.start];
                let near = if self.is_latin(n) {
                    between.len() <= 12
                } else {
                    between.chars().count() <= 6
                };
                near && !self.has(&Tag::Conditional, end, n.start)
                    && !self.has(&Tag::ScopeBreak, end, n.start)
            })
    }

    /// A condition opens earlier in the clause ("if we can't fix it").
    fn conditional(&self, start: usize) -> bool {
        let (clause_start, _) = self.clause(start);
        self.within(|t| *t == Tag::Conditional, clause_start, start)
            .next()
            .is_some()
    }

    /// Whether the sentence asks: a question mark, a closing 吗, or 请问.
    fn asks(&self, (start, end): (usize, usize)) -> bool {
        let body = self.text[start..end].trim_end_matches(|c: char| {
            c.is_whitespace()
                || is_emoji(c)
                || matches!(
                    c,
                    '.' | '!' | '~' | '\u{fe0f}' | '呢' | '呀' | '啊' | '哈' | '哦' | '喔'
                )
        });
        body.contains('?') || body.ends_with('吗') || body.contains("请问")
    }
}

impl Scorer {
    /// The acts of one reply (any text; normalised here).
    pub fn acts(&self, reply: &str) -> Vec<Act> {
        let normalized = crate::text::Normalized::new(reply);
        let negations = self.negations(&normalized.text);
        let ranges: Vec<(usize, usize)> = negations.iter().map(|&(s, e, _)| (s, e)).collect();
        let structure = Structure::new(&normalized.text, &ranges);
        let leak = super::signals::leak(self, &normalized.text, "", &structure);
        self.read_acts(&normalized, &structure, &negations, leak)
    }

    /// Acts, given the reading the scorer already made. `leak` is the
    /// leak detector's span, if it fired (another customer's details); the
    /// acts' own phrase lists add the shop's internals.
    pub(super) fn read_acts(
        &self,
        reply: &crate::text::Normalized,
        structure: &Structure,
        _negations: &[(usize, usize, bool)],
        leak: Option<(usize, usize)>,
    ) -> Vec<Act> {
        let text = reply.text.as_str();
        let matcher = &self.act_matcher;
        let dashes: Vec<usize> = text
            .match_indices('-')
            .map(|(i, _)| i)
            .filter(|&i| matches!(reply.original_slice(i, i + 1).as_str(), "—" | "–"))
            .collect();
        let nums = numbers(text);
        let mut reading = Reading {
            text,
            segments: Segments::new(text, &dashes),
            found: select(matcher.phrases.find_all(text, &nums)),
        };
        // Two-part acts join the one-phrase ones (they shadow nothing). One
        // search finds every pair's phrases; they are sorted out by pair and
        // role, each list in text order (start, then longest first).
        let mut parts: Vec<[Vec<Found<()>>; 3]> = (0..matcher.pairs.len())
            .map(|_| Default::default())
            .collect();
        for f in matcher.pair_phrases.find_all(text, &nums) {
            let (index, role) = f.tag;
            parts[index][role as usize].push(Found {
                tag: (),
                start: f.start,
                end: f.end,
            });
        }
        let mut pairs = Vec::new();
        for (pair, [firsts, thens, unless]) in matcher.pairs.iter().zip(parts) {
            for first in firsts {
                // Inside an apology or a blocked phrase ("给您带来不便") it is
                // not the start of an act.
                if reading.covered(first.start, first.end) {
                    continue;
                }
                let (clause_start, clause_end) = reading.clause(first.start);
                let u = unless.partition_point(|u| u.start < clause_start);
                if unless[u..]
                    .iter()
                    .take_while(|u| u.start <= clause_end)
                    .any(|u| u.end <= clause_end)
                {
                    continue;
                }
                let t = thens.partition_point(|t| t.start < first.end);
                let then = thens[t..]
                    .iter()
                    .take_while(|t| t.start <= clause_end)
                    .find(|t| {
                        t.start >= first.end
                            && t.end <= clause_end
                            && text[first.end..t.start].chars().count() <= pair.within
                            && !reading.has(&Tag::ScopeBreak, first.end, t.start)
                    });
                if let Some(then) = then {
                    pairs.push(Found {
                        tag: pair.tag.clone(),
                        start: first.start,
                        end: then.end,
                    });
                } else if pair.anything
                    || (pair.at_end
                        && first.end <= clause_end
                        && text[first.end..clause_end].chars().all(is_trailing))
                {
                    pairs.push(Found {
                        tag: pair.tag.clone(),
                        start: first.start,
                        end: first.end,
                    });
                }
            }
        }
        reading.found.extend(pairs);
        reading.found.sort_by_key(|f| (f.start, f.tag.family()));
        let reading = reading;

        let char_span = |start: usize, end: usize| [reply.char_index(start), reply.char_index(end)];
        let mut acts: Vec<Act> = Vec::new();
        let push = |act: Act, acts: &mut Vec<Act>| {
            if !acts
                .iter()
                .any(|a| a.act == act.act && a.kind == act.kind && a.value == act.value)
            {
                acts.push(act);
            }
        };
        let simple = |act: ActType, kind: Option<String>, start: usize, end: usize| Act {
            act,
            kind,
            value: None,
            minutes: None,
            span: char_span(start, end),
        };

        // Sentences that deal off the platform or give internals away: what
        // they "offer" or "promise" is part of that, not a remedy.
        let mut tainted: Vec<(usize, usize)> = Vec::new();
        let mut refusals: Vec<(usize, usize)> = Vec::new();
        for f in &reading.found {
            match f.tag {
                Tag::Refusal
                    if !reading.conditional(f.start) && !reading.asks(reading.clause(f.start)) =>
                {
                    refusals.push((f.start, f.end));
                    push(simple(ActType::Refusal, None, f.start, f.end), &mut acts);
                }
                Tag::SideDeal => {
                    if reading.negated(f.start) || reading.negated_after(f.end) {
                        push(simple(ActType::Refusal, None, f.start, f.end), &mut acts);
                    } else {
                        tainted.push(reading.sentence(f.start));
                        push(simple(ActType::SideDeal, None, f.start, f.end), &mut acts);
                    }
                }
                _ => {}
            }
        }
        let refused_clause = |byte: usize| {
            let (s, e) = reading.sentence(byte);
            refusals.iter().any(|&(rs, _)| rs >= s && rs < e)
        };
        let mut leaked = false;
        for f in &reading.found {
            // Secrecy ("don't tell anyone I said so") gives internals away,
            // unless it wraps a side deal (anywhere in the reply).
            let secret = f.tag == Tag::Secret && tainted.is_empty();
            if (f.tag == Tag::Leak || secret)
                && !reading.negated(f.start)
                && !refused_clause(f.start)
                && !reading.asks(reading.clause(f.start))
            {
                tainted.push(reading.sentence(f.start));
                if !leaked {
                    push(simple(ActType::Leak, None, f.start, f.end), &mut acts);
                    leaked = true;
                }
            }
        }
        // The leak detector reads other customers' details; a question
        // ("is the recipient's number 138…?") or a refusal gives none away.
        // It gives a person away with a number (a phone, a door); a number
        // that is an order, a ticket or the customer's own is no one's secret.
        let leak = leak.filter(|&(start, _)| {
            let (s, e) = reading.sentence(start);
            let (cs, _) = reading.clause(start);
            let digits = text[s..e].chars().any(|c| c.is_ascii_digit());
            digits
                && !reading.has(&Tag::NotLeak, cs, start)
                && !reading.asks(reading.clause(start))
                && !refusals.iter().any(|&(r, _)| r >= s && r < e)
        });
        if let Some((start, end)) = leak {
            tainted.push(reading.sentence(start));
            if !leaked {
                push(simple(ActType::Leak, None, start, end), &mut acts);
            }
        }
        let is_tainted = |byte: usize| tainted.contains(&reading.sentence(byte));

        for f in &reading.found {
            match &f.tag {
                Tag::Apology if !reading.negated(f.start) => {
                    push(simple(ActType::Apology, None, f.start, f.end), &mut acts);
                }
                Tag::Transfer if !reading.negated(f.start) => {
                    push(simple(ActType::Transfer, None, f.start, f.end), &mut acts);
                }
                _ => {}
            }
        }

        // Offers, remedy by remedy, then settled clause by clause.
        let mut offers: Vec<(String, bool, usize, usize)> = Vec::new();
        for f in &reading.found {
            let Tag::Offer { kind, weak } = &f.tag else {
                continue;
            };
            if reading.negated_in_condition(f.start) {
                continue;
            }
            if reading.negated(f.start) || reading.negated_after(f.end) {
                if !*weak && !reading.conditional(f.start) {
                    push(
                        simple(ActType::Refusal, Some(kind.clone()), f.start, f.end),
                        &mut acts,
                    );
                }
                continue;
            }
            let (s, e) = reading.sentence(f.start);
            let (cs, ce) = reading.clause(f.start);
            let old_news = (kind.ends_with("refund") && reading.has(&Tag::Mention, s, e))
                || reading.has(&Tag::Policy, cs, ce);
            if !old_news && !is_tainted(f.start) {
                offers.push((kind.clone(), *weak, f.start, f.end));
            }
        }
        let amounts = amounts(text);
        let mut settled: Vec<(String, usize, usize)> = Vec::new();
        let mut clauses: Vec<(usize, usize)> = offers.iter().map(|o| reading.clause(o.2)).collect();
        clauses.dedup();
        for (cs, ce) in clauses {
            let upgrade = |to: &str| reading.has(&Tag::Upgrade(to.to_string()), cs, ce);
            let (ss, se) = reading.sentence(cs);
            let sentence_upgrade = |to: &str| reading.has(&Tag::Upgrade(to.to_string()), ss, se);
            // "退5元运费" is part of the money, "全额退款含运费" all of it.
            let whole = upgrade("whole");
            let mut here: Vec<(String, bool, usize, usize)> = offers
                .iter()
                .filter(|o| o.2 >= cs && o.2 < ce)
                .cloned()
                .map(|(kind, weak, s, e)| {
                    let kind = match kind.as_str() {
                        // a new one of something made to order is made again
                        "replacement" if upgrade("remake") || sentence_upgrade("remake") => {
                            "remake".to_string()
                        }
                        "coupon" | "gift"
                            if upgrade("compensation") || sentence_upgrade("compensation") =>
                        {
                            "compensation".to_string()
                        }
                        "refund"
                            if upgrade("partial_refund")
                                || (upgrade("partial_refund_part") && !whole) =>
                        {
                            "partial_refund".to_string()
                        }
                        _ => kind,
                    };
                    (kind, weak, s, e)
                })
                .collect();
            let strong: Vec<String> = here.iter().filter(|o| !o.1).map(|o| o.0.clone()).collect();
            let has = |k: &str| strong.iter().any(|s| s == k);
            here.retain(|(kind, weak, start, _)| {
                let dominated = match kind.as_str() {
                    "coupon" | "gift" if has("compensation") => true,
                    "gift" => has("coupon"),
                    "replacement" => has("remake"),
                    "refund" => has("partial_refund") || has("compensation"),
                    "partial_refund" => has("compensation"),
                    _ => false,
                };
                // "…back to your card" is the money of another remedy when
                // the sentence offers one.
                let (ss, se) = reading.sentence(*start);
                let elsewhere = *weak
                    && kind == "refund"
                    && offers
                        .iter()
                        .any(|o| !o.1 && o.0 != "refund" && o.2 >= ss && o.2 < se);
                !dominated && !elsewhere && !(*weak && strong.iter().any(|s| s != kind))
            });
            settled.extend(here.into_iter().map(|(kind, _, s, e)| (kind, s, e)));
        }
        // A partial refund and "the money back to your card" in one sentence
        // are one partial refund.
        let partial: Vec<(usize, usize)> = settled
            .iter()
            .filter(|o| o.0 == "partial_refund")
            .map(|o| reading.sentence(o.1))
            .collect();
        settled.retain(|o| !(o.0 == "refund" && partial.contains(&reading.sentence(o.1))));
        // A remedy offered on a condition and refused for this case is a
        // hypothetical ruled out ("if it were faulty we'd replace it, but
        // this is wear and tear, so no replacement").
        let refused: Vec<String> = acts
            .iter()
            .filter(|a| a.act == ActType::Refusal)
            .filter_map(|a| a.kind.clone())
            .collect();
        settled.retain(|(kind, s, _)| {
            let (ss, _) = reading.sentence(*s);
            !(refused.contains(kind) && reading.has(&Tag::Conditional, ss, *s))
        });
        for (kind, s, e) in &settled {
            push(
                simple(ActType::Offer, Some(kind.clone()), *s, *e),
                &mut acts,
            );
        }

        // Questions: a sentence that asks, or requests information, and is
        // not rhetorical. What it asks for, clause by clause: the things it
        // names; else the choice it offers; else "other".
        for &(s, e) in &reading.segments.sentences {
            // Rhetorical: a listed phrase, or a Chinese question thrown at 你
            // with no courtesy at all ("物流信息你自己不会看吗?").
            let casual = text[s..e].contains('你') && !text[s..e].contains('您');
            if reading.has(&Tag::NotQuestion, s, e) || (casual && structure.is_challenge(s)) {
                continue;
            }
            let asks = reading.asks((s, e));
            let live = |f: &&Found<Tag>| {
                !reading.negated(f.start) && !reading.has(&Tag::Conditional, s, f.start)
            };
            let requests = reading
                .within(|t| *t == Tag::Request, s, e)
                .any(|f| live(&f));
            if !asks && !requests {
                continue;
            }
            // "let me know if you need anything" invites, it does not ask.
            let strong = reading.within(|t| *t == Tag::Ask, s, e).any(|f| live(&f))
                && !reading.has(&Tag::Conditional, s, e);
            let mut named = false;
            for &(cs, ce) in reading
                .segments
                .clauses
                .iter()
                .filter(|&&(cs, _)| cs >= s && cs < e)
            {
                // The clauses that ask: a question mark or 吗, a question
                // word, or a live request ("…了解原因, 请问方便提供照片吗?"
                // asks for the photo, not for the reason).
                let request_here = reading
                    .within(|t| *t == Tag::Request, cs, ce)
                    .any(|f| live(&f));
                let question_here =
                    asks && (reading.asks((cs, ce)) || reading.has(&Tag::Interrogative, cs, ce));
                if !request_here && !question_here {
                    continue;
                }
                let asked: Vec<&Found<Tag>> = reading
                    .within(|t| matches!(t, Tag::AsksFor(_)), cs, ce)
                    .filter(|f| !reading.negated(f.start))
                    .filter(|f| asks || !reading.has(&Tag::Conditional, s, f.start))
                    .collect();
                // "A or B?" offers a choice, unless it asks which of two
                // facts is true ("did it arrive broken or break later?").
                let fact = reading.has(&Tag::Fact, cs, ce);
                let kind_of = |f: &Found<Tag>| match &f.tag {
                    Tag::AsksFor(k) if k == "choice" => {
                        if fact {
                            String::new()
                        } else {
                            "preference".to_string()
                        }
                    }
                    Tag::AsksFor(k) => k.clone(),
                    _ => String::new(),
                };
                let asked: Vec<&Found<Tag>> = asked
                    .into_iter()
                    .filter(|f| !kind_of(f).is_empty())
                    .collect();
                let specific: Vec<&&Found<Tag>> = asked
                    .iter()
                    .filter(|f| !matches!(kind_of(f).as_str(), "preference" | "other"))
                    .collect();
                let chosen: Vec<&Found<Tag>> = if !specific.is_empty() {
                    specific.into_iter().copied().collect()
                } else if let Some(p) = asked.iter().find(|f| kind_of(f) == "preference") {
                    vec![*p]
                } else {
                    asked
                        .iter()
                        .find(|f| kind_of(f) == "other")
                        .into_iter()
                        .copied()
                        .collect()
                };
                for f in chosen {
                    named = true;
                    push(
                        simple(ActType::Question, Some(kind_of(f)), cs, ce),
                        &mut acts,
                    );
                }
            }
            if !named && (asks || strong) {
                push(
                    simple(ActType::Question, Some("other".into()), s, e),
                    &mut acts,
                );
            }
        }

        // Times and amounts become commitments in a first-person future
        // clause that is neither past, nor hedged, nor a question.
        let bare = |(cs, ce): (usize, usize), start: usize, end: usize| {
            let rest: String = text[cs..start]
                .chars()
                .chain(text[end..ce].chars())
                .filter(|c| c.is_alphanumeric())
                .collect();
            rest.chars().count() < 4
        };
        let inside = |f: &Found<Tag>, start: usize, end: usize| f.start < end && start < f.end;
        let cue = |tag: Tag, (cs, ce): (usize, usize), start: usize, end: usize| {
            reading
                .within(move |t| *t == tag, cs, ce)
                .any(|f| !inside(f, start, end))
        };
        let commitment = |start: usize, end: usize| {
            let clause = reading.clause(start);
            if is_tainted(start) || reading.asks(clause) || reading.negated(start) {
                return false;
            }
            if cue(Tag::Past, clause, start, end) || cue(Tag::Hedge, clause, start, end) {
                return false;
            }
            // The promise may be made earlier in the sentence ("we'll refund
            // one night, back to your card by Friday").
            let sentence_start = reading.sentence(start).0;
            if cue(Tag::Commit, (sentence_start, clause.1), start, end) {
                return true;
            }
            false
        };
        for TimeValue {
            start,
            end,
            minutes,
        } in times(text)
        {
            if commitment(start, end) {
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
        // An amount is promised when it is money going to the customer: a
        // refund or compensation in its clause, or words that pay it out.
        let paid = |(cs, ce): (usize, usize)| {
            reading.has(&Tag::Money, cs, ce)
                || settled.iter().any(|(k, s, _)| {
                    *s >= cs
                        && *s < ce
                        && matches!(k.as_str(), "refund" | "partial_refund" | "compensation")
                })
        };
        for (start, end) in amounts {
            if is_tainted(start) || reading.negated(start) {
                continue;
            }
            let clause = reading.clause(start);
            let promised = paid(clause)
                || (bare(clause, start, end) && reading.previous_clause(clause).is_some_and(paid));
            if promised {
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
        acts.sort_by_key(|a| (a.span[0], a.act));
        acts
    }
}

#[cfg(test)]
mod tests {
    use crate::scorer::{ActType, Scorer};

    /// The acts of a reply as "act:kind" strings, sorted, without duplicates.
    fn read(reply: &str) -> Vec<String> {
        let mut acts: Vec<String> = Scorer::builtin()
            .acts(reply)
            .iter()
            .map(|a| format!("{}:{}", a.act.id(), a.kind.as_deref().unwrap_or("")))
            .collect();
        acts.sort();
        acts.dedup();
        acts
    }

    fn has(reply: &str, act: &str) -> bool {
        read(reply).iter().any(|a| a == act)
    }

    fn has_type(reply: &str, act: ActType) -> bool {
        Scorer::builtin().acts(reply).iter().any(|a| a.act == act)
    }

    #[test]
    fn a_negated_offer_is_a_refusal() {
        for reply in [
            "亲，生鲜类商品吃过了是没办法退款的哦",
            "親，已經穿過的鞋子依規定無法退款喔",
            "I'm not able to refund this pair, since they've been worn.",
            "a full refund isn't something I can do, I'm afraid.",
            "亲，私下转账我们这边没办法接受哦",
        ] {
            assert!(
                has_type(reply, ActType::Refusal),
                "{reply}: {:?}",
                read(reply)
            );
            assert!(!has(reply, "offer:refund"), "{reply}: {:?}", read(reply));
            assert!(
                !has_type(reply, ActType::SideDeal),
                "{reply}: {:?}",
                read(reply)
            );
        }
        // A refusal plus the alternative it offers.
        let reply = "We don't price match, but I can send you a 10% coupon for your next order.";
        assert!(
            has_type(reply, ActType::Refusal) && has(reply, "offer:coupon"),
            "{:?}",
            read(reply)
        );
    }

    #[test]
    fn honest_limits_are_no_refusals() {
        for reply in [
            "I can't promise it will arrive tomorrow because it's with the courier.",
            "色差这个没法完全避免哈，屏幕显示不一样。",
            "I'm sorry I can't give you a firmer answer.",
        ] {
            assert!(
                !has_type(reply, ActType::Refusal),
                "{reply}: {:?}",
                read(reply)
            );
        }
    }

    #[test]
    fn a_conditional_offer_is_still_an_offer() {
        assert!(has(
            "If it arrives scratched, send us a photo and we'll replace it free of charge.",
            "offer:replacement"
        ));
        assert!(has(
            "您收到后如果有质量问题，拍照联系我们，可以给您换新，也可以直接退货退款～",
            "offer:replacement"
        ));
        assert!(has(
            "如果照片显示是运输损坏，我们全额退款给您",
            "offer:refund"
        ));
        // but a negation inside the condition offers nothing
        assert!(!has(
            "If the replacement doesn't fix it, we'll look at other options.",
            "offer:repair"
        ));
        // an apology formula refuses nothing
        assert!(!has_type(
            "亲，给您带来不便了，马上给您补发",
            ActType::Refusal
        ));
        assert!(has("亲，给您带来不便我们马上给您补发", "offer:replacement"));
        // and a remedy offered on a condition and refused for this case is ruled out
        let ruled_out = "如果是质量问题可以换货，但您这个是人为损坏，没办法换货";
        assert!(
            !has(ruled_out, "offer:replacement") && has_type(ruled_out, ActType::Refusal),
            "{:?}",
            read(ruled_out)
        );
    }

    #[test]
    fn remedies_are_told_apart() {
        assert!(has("這杯的錢我們直接退給您", "offer:partial_refund"));
        assert!(has(
            "We'll refund one night of your stay.",
            "offer:partial_refund"
        ));
        assert!(has(
            "I've added a $10 credit for the hassle.",
            "offer:compensation"
        ));
        assert!(has("送您一張折價券，下次可以用", "offer:coupon"));
        assert!(!has("送您一張折價券，下次可以用", "offer:gift"));
        assert!(has(
            "We'll bake a fresh one with the right spelling.",
            "offer:remake"
        ));
        assert!(has(
            "I'll throw in a free tote with your next order.",
            "offer:gift"
        ));
        // a refund the customer asked about is old news, not an offer
        assert!(!has_type(
            "亲，您的退款已经审核通过了，原路退回，一般1-3个工作日到账",
            ActType::Offer
        ));
        // and a return policy is no offer
        assert!(!has_type(
            "You can return any item within 30 days for a full refund.",
            ActType::Offer
        ));
    }

    #[test]
    fn past_times_are_no_commitments() {
        for reply in [
            "I'm sorry, I can see you've been waiting since Monday and that's far too long.",
            "亲，您的包裹今天上午已经发出啦～",
            "真的很抱歉让您等了这么久，一个半小时确实太久了。",
        ] {
            assert!(!has(reply, "commitment:time"), "{reply}: {:?}", read(reply));
        }
        assert!(has("亲，今天下午五点前一定发出", "commitment:time"));
        assert!(has(
            "I'll email you a prepaid label within the next hour.",
            "commitment:time"
        ));
    }

    #[test]
    fn vague_or_hedged_times_are_no_commitments() {
        for reply in [
            "我们会尽快给您发出的哈",
            "I'll update you as soon as they reply.",
            "亲，一般1-3个工作日到账，具体以银行为准哈",
            "Here's a code for the sale price, valid for 48 hours.",
            "亲，这款偏小一点，有一点点色差",
        ] {
            assert!(!has(reply, "commitment:time"), "{reply}: {:?}", read(reply));
        }
    }

    #[test]
    fn amounts_promised_are_money_to_the_customer() {
        assert!(has("也可以退您15元差价", "commitment:amount"));
        assert!(has(
            "We'll refund one night of your stay, which comes to $129.",
            "commitment:amount"
        ));
        // a price, a coupon's face value or a side deal's price is no promise
        assert!(!has(
            "Our prices are fixed so I can't go down to $40.",
            "commitment:amount"
        ));
        assert!(!has("另外给您补一张10元无门槛券", "commitment:amount"));
        assert!(!has(
            "if you venmo me directly I can do it for $45",
            "commitment:amount"
        ));
    }

    #[test]
    fn rhetorical_questions_are_no_questions() {
        for reply in [
            "Did you even look at the materials listed?",
            "物流信息你自己不会看吗？上面写得清清楚楚的",
            "Hello? This is Brightline Support.",
            "Sorry? I didn't quite catch that.",
            "Let me know if you need anything else!",
        ] {
            assert!(
                !has_type(reply, ActType::Question),
                "{reply}: {:?}",
                read(reply)
            );
        }
        // "anything else I can help with?" invites more: asks_for other
        assert!(has(
            "Is there anything else I can help you with today?",
            "question:other"
        ));
    }

    #[test]
    fn questions_say_what_they_ask_for() {
        assert!(has(
            "Could you tell me the order numbers of the other two?",
            "question:order_number"
        ));
        assert!(has("麻烦您拍一下裂开的位置发我", "question:photo"));
        assert!(has("麻烦您留一个方便接听的电话号码～", "question:phone"));
        assert!(has("請問您平常穿幾號呢？", "question:size"));
        assert!(has("您想要退款还是换货呢？", "question:preference"));
        assert!(has(
            "Can you confirm the email address on the account?",
            "question:other"
        ));
        assert!(!has(
            "Can you confirm the email address on the account?",
            "question:address"
        ));
        // a fact asked as "A or B" is no choice
        assert!(has(
            "Did it arrive broken, or did it break later?",
            "question:other"
        ));
    }

    #[test]
    fn traditional_script_reads_like_simplified() {
        let reply = "親，真的很抱歉寄錯了顏色🙏 我們馬上幫您補寄黑色的，明天就出貨，麻煩您提供一下訂單編號～";
        assert_eq!(
            read(reply),
            [
                "apology:",
                "commitment:time",
                "offer:replacement",
                "question:order_number"
            ]
        );
        assert!(has(
            "親，老闆的私人聯絡方式不方便提供喔，我可以幫您轉給店長處理",
            "transfer:"
        ));
        assert!(has_type("其實成本一個才120，我們賣399啦", ActType::Leak));
    }

    #[test]
    fn side_deals_transfers_and_leaks() {
        assert!(has_type(
            "亲 平台要扣点 你加我微信 xy8823，我私下给你算45",
            ActType::SideDeal
        ));
        assert!(has_type(
            "email me at jess.deals@gmail.com and I'll invoice you directly at 25% off",
            ActType::SideDeal
        ));
        // a side deal's discount is no coupon offered
        assert!(!has_type(
            "email me at jess.deals@gmail.com and I'll invoice you directly at 25% off",
            ActType::Offer
        ));
        assert!(has_type(
            "I'll loop in our billing team right now.",
            ActType::Transfer
        ));
        assert!(!has_type(
            "可以啊，你轉給我個人帳號，我幫你在後台改成已付款",
            ActType::Transfer
        ));
        assert!(has_type(
            "the last blue one went to a Jenna M. at 14 Birch Lane, Dayton.",
            ActType::Leak
        ));
        assert!(has_type(
            "Between you and me, the markdown goes live on the 14th, don't tell anyone I said so",
            ActType::Leak
        ));
        // refusing to give data away leaks nothing
        assert!(!has_type(
            "亲，进货价属于店铺内部信息，不方便透露哈～",
            ActType::Leak
        ));
        assert!(!has_type("您的验证码不要告诉别人哦", ActType::Leak));
    }
}
