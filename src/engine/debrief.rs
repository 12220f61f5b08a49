//! The debrief of a finished conversation, built from what happened in it:
//! the authored note of the ending (what holds however it was reached), then
//! which replies moved the customer and what they did — quoted from the
//! trainee's own words — the turning point, and the findings to practise,
//! each once. Nothing here describes a reply the trainee did not write.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::scenario::{kind_name, EndingKind, Scenario};
use crate::scorer::{Act, ActType};

use super::{Conversation, Exchange};

/// A reply must move the mood by at least this much to count as moving the customer.
const MOVED: i32 = 4;
/// At most this many quoted moments each way.
const MOMENTS_EACH_WAY: usize = 3;
/// Quotes longer than this many characters are cut around the act.
const QUOTE_CHARS: usize = 40;

/// The composed debrief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub ending: String,
    pub kind: EndingKind,
    /// The ending's authored note.
    pub note: Text,
    /// Replies that moved the customer and what they did, most moving first
    /// within each direction (calming first, then worsening).
    pub moments: Vec<Moment>,
    /// The reply with the largest mood change, if any reply moved the mood.
    pub turning_point: Option<TurningPoint>,
    /// Findings that cost points, once per rule, most costly first.
    pub practise: Vec<Practice>,
    /// The ending note to show: the authored note, then what happened here.
    pub text: Text,
}

/// Something a reply did, and how the customer's mood moved after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    /// Index into the conversation's exchanges.
    pub exchange: usize,
    /// Trust gained plus anger lost after that reply (negative: worse).
    pub shift: i32,
    /// The act, or `None` when a worsening reply made no act and the moment
    /// is its costliest finding.
    pub act: Option<ActType>,
    pub kind: Option<String>,
    /// What it was: "提出退款" / "offered a refund", or the finding's message.
    pub label: Text,
    /// The trainee's own words, a clause of the reply around the act.
    pub quote: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurningPoint {
    pub exchange: usize,
    pub shift: i32,
    /// Before and after that reply.
    pub anger: [u8; 2],
    pub trust: [u8; 2],
    /// The reply, shortened to its start if long.
    pub quote: String,
}

/// A finding that occurred, with how often and what it cost in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    pub rule: String,
    pub message: Text,
    pub section: String,
    pub suggestion: Option<Text>,
    /// Points lost over the whole conversation (negative).
    pub points: i32,
    /// Replies it occurred in.
    pub times: usize,
    /// The first reply it occurred in, and the words it was about, if it has a span.
    pub exchange: usize,
    pub quote: Option<String>,
}

/// How much a reply moved the customer: trust gained plus anger lost.
pub fn shift(exchange: &Exchange) -> i32 {
    (exchange.mood_after.trust as i32 - exchange.mood_before.trust as i32)
        + (exchange.mood_before.anger as i32 - exchange.mood_after.anger as i32)
}

/// Compose the debrief of a finished conversation; `None` if it is not over
/// or its ending is not in the scenario.
pub fn compose_debrief(scenario: &Scenario, conversation: &Conversation) -> Option<Debrief> {
    let ending = conversation.ending(scenario)?;
    let exchanges = &conversation.exchanges;

    let mut calming = Vec::new();
    let mut worsening = Vec::new();
    for (index, exchange) in exchanges.iter().enumerate() {
        let moved = shift(exchange);
        if moved.abs() < MOVED {
            continue;
        }
        let moments = moments_of(index, exchange, moved);
        if moved > 0 {
            calming.push((moved, moments));
        } else {
            worsening.push((moved, moments));
        }
    }
    calming.sort_by_key(|(moved, _)| -moved);
    worsening.sort_by_key(|(moved, _)| *moved);
    let take = |list: Vec<(i32, Vec<Moment>)>| -> Vec<Moment> {
        list.into_iter()
            .flat_map(|(_, m)| m)
            .take(MOMENTS_EACH_WAY)
            .collect()
    };
    let calming = take(calming);
    let worsening = take(worsening);

    let turning_point = exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| shift(e) != 0)
        // The largest change; the earliest among equals.
        .max_by_key(|(i, e)| (shift(e).abs(), std::cmp::Reverse(*i)))
        .filter(|(_, e)| shift(e).abs() >= MOVED)
        .map(|(index, e)| TurningPoint {
            exchange: index,
            shift: shift(e),
            anger: [e.mood_before.anger, e.mood_after.anger],
            trust: [e.mood_before.trust, e.mood_after.trust],
            quote: shorten(&e.reply, QUOTE_CHARS * 2),
        });

    let practise = practise(exchanges);
    let text = compose_text(
        &ending.debrief,
        &calming,
        &worsening,
        turning_point.as_ref(),
    );
    let mut moments = calming;
    moments.extend(worsening);
    Some(Debrief {
        ending: ending.id.clone(),
        kind: ending.kind,
        note: ending.debrief.clone(),
        moments,
        turning_point,
        practise,
        text,
    })
}

/// What one moving reply did: its acts, or (for a worsening reply with no
/// act) its costliest finding that points at words.
fn moments_of(index: usize, exchange: &Exchange, moved: i32) -> Vec<Moment> {
    let reply = &exchange.reply;
    let mut seen: Vec<(ActType, Option<&str>)> = Vec::new();
    let mut out = Vec::new();
    for act in &exchange.assessment.acts {
        let key = (act.act, act.kind.as_deref());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(Moment {
            exchange: index,
            shift: moved,
            act: Some(act.act),
            kind: act.kind.clone(),
            label: act_label(act),
            quote: clause(reply, act.span),
        });
    }
    if out.is_empty() && moved < 0 {
        let worst = exchange
            .assessment
            .findings
            .iter()
            .filter(|f| f.points < 0 && f.span.is_some())
            .min_by_key(|f| f.points);
        if let Some(finding) = worst {
            out.push(Moment {
                exchange: index,
                shift: moved,
                act: None,
                kind: None,
                label: Text::new(
                    finding.message.zh.trim_end_matches(['。', '！', '.', '!']),
                    finding.message.en.trim_end_matches(['。', '！', '.', '!']),
                ),
                quote: clause(reply, finding.span.unwrap_or([0, 0])),
            });
        }
    }
    out
}

/// The act in words, as a label after a quote.
pub fn act_label(act: &Act) -> Text {
    let name = act.kind.as_deref().and_then(|k| kind_name(act.act, k));
    match (act.act, act.kind.as_deref(), name) {
        (ActType::Apology, ..) => Text::new("道歉", "apologised"),
        (ActType::Offer, _, Some(n)) => {
            Text::new(format!("提出{}", n.zh), format!("offered {}", n.en))
        }
        (ActType::Offer, ..) => Text::new("提出补救", "offered a remedy"),
        (ActType::Commitment, Some("time"), _) => Text::new("给出时间", "gave a time"),
        (ActType::Commitment, ..) => Text::new("给出金额", "named an amount"),
        (ActType::Question, _, Some(n)) => {
            Text::new(format!("询问{}", n.zh), format!("asked for {}", n.en))
        }
        (ActType::Question, Some("preference"), _) => {
            Text::new("请顾客选择", "let the customer choose")
        }
        (ActType::Question, ..) => Text::new("提问", "asked a question"),
        (ActType::Refusal, _, Some(n)) => {
            Text::new(format!("拒绝{}", n.zh), format!("turned down {}", n.en))
        }
        (ActType::Refusal, ..) => Text::new("拒绝", "said no"),
        (ActType::Transfer, ..) => Text::new("转交处理", "handed it on"),
        (ActType::Leak, ..) => Text::new("透露了他人的信息", "gave away someone's details"),
        (ActType::SideDeal, ..) => Text::new("提出私下交易", "suggested a side deal"),
    }
}

/// Findings that cost points, once per rule, most costly first.
fn practise(exchanges: &[Exchange]) -> Vec<Practice> {
    let mut by_rule: BTreeMap<&str, Practice> = BTreeMap::new();
    for (index, exchange) in exchanges.iter().enumerate() {
        let mut counted: Vec<&str> = Vec::new();
        for finding in exchange.assessment.findings.iter().filter(|f| f.points < 0) {
            let entry = by_rule.entry(&finding.rule).or_insert_with(|| Practice {
                rule: finding.rule.clone(),
                message: finding.message.clone(),
                section: finding.section.clone(),
                suggestion: finding.suggestion.clone(),
                points: 0,
                times: 0,
                exchange: index,
                quote: None,
            });
            entry.points += finding.points;
            if !counted.contains(&finding.rule.as_str()) {
                counted.push(&finding.rule);
                entry.times += 1;
            }
            if entry.quote.is_none() {
                if let Some(span) = finding.span {
                    entry.quote = Some(clause(&exchange.reply, span));
                    entry.exchange = index;
                }
            }
        }
    }
    let mut list: Vec<Practice> = by_rule.into_values().collect();
    list.sort_by_key(|p| (p.points, p.exchange));
    list
}

fn compose_text(
    note: &Text,
    calming: &[Moment],
    worsening: &[Moment],
    turning: Option<&TurningPoint>,
) -> Text {
    let mut zh = vec![note.zh.clone()];
    let mut en = vec![note.en.clone()];
    let list = |moments: &[Moment], lang_zh: bool| -> String {
        moments
            .iter()
            .map(|m| {
                if lang_zh {
                    format!("“{}”（{}）", m.quote, m.label.zh)
                } else {
                    format!("“{}” ({})", m.quote, m.label.en)
                }
            })
            .collect::<Vec<_>>()
            .join(if lang_zh { "；" } else { "; " })
    };
    if !calming.is_empty() {
        zh.push(format!("让顾客缓和下来的是：{}。", list(calming, true)));
        en.push(format!(
            "What calmed the customer: {}.",
            list(calming, false)
        ));
    }
    if !worsening.is_empty() {
        zh.push(format!("让局面变糟的是：{}。", list(worsening, true)));
        en.push(format!("What made it worse: {}.", list(worsening, false)));
    }
    match turning {
        Some(t) => {
            let (way_zh, way_en) = if t.shift > 0 {
                ("顾客从这里缓和下来", "the customer eased from here")
            } else {
                ("局面从这里变糟", "things turned worse from here")
            };
            zh.push(format!(
                "转折点是你的第{}次回复，{way_zh}（怒气 {}→{}，信任 {}→{}）：“{}”",
                t.exchange + 1,
                t.anger[0],
                t.anger[1],
                t.trust[0],
                t.trust[1],
                t.quote
            ));
            en.push(format!(
                "The turning point was your reply {}: {way_en} (anger {}→{}, trust {}→{}): “{}”",
                t.exchange + 1,
                t.anger[0],
                t.anger[1],
                t.trust[0],
                t.trust[1],
                t.quote
            ));
        }
        None => {
            zh.push("这次对话里，没有哪一条回复明显改变了顾客的情绪。".into());
            en.push("No single reply moved the customer's mood much in this conversation.".into());
        }
    }
    Text {
        zh: zh.join("\n\n"),
        en: en.join("\n\n"),
    }
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '，' | '!' | '?' | ';' | ',' | '\n' | '…'
    )
}

/// The clause of `reply` around a character span, trimmed and at most
/// `QUOTE_CHARS` long (cut around the span): always the trainee's own words.
pub fn clause(reply: &str, span: [usize; 2]) -> String {
    let chars: Vec<char> = reply.chars().collect();
    let start = span[0].min(chars.len());
    let end = span[1].clamp(start, chars.len());
    let mut s = start;
    while s > 0 && !is_clause_end(chars[s - 1]) && !ends_sentence(&chars, s - 1) {
        s -= 1;
    }
    let mut e = end;
    while e < chars.len() && !is_clause_end(chars[e]) && !ends_sentence(&chars, e) {
        e += 1;
    }
    // Keep the span when it crosses a clause end itself.
    let (mut s, mut e) = (s.min(start), e.max(end));
    if e - s > QUOTE_CHARS {
        let spare = QUOTE_CHARS.saturating_sub(end - start);
        s = s.max(start.saturating_sub(spare / 2));
        e = e.min(end + spare - (start - s).min(spare)).max(end);
        // A cut never splits an English word ("ier collects it" from
        // "courier"): move it to the nearest space, keeping the span.
        let in_word = |i: usize| chars[i].is_ascii_alphanumeric() || chars[i] == '\'';
        while s > 0 && s < start && in_word(s - 1) && in_word(s) {
            s += 1;
        }
        while e < chars.len() && e > end && in_word(e - 1) && in_word(e) {
            e -= 1;
        }
    }
    let text: String = chars[s..e].iter().collect();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        shorten(reply, QUOTE_CHARS)
    } else {
        trimmed.to_string()
    }
}

/// A full stop that ends an English sentence (". " or "." at the end), not "3.5" or "p.m.".
fn ends_sentence(chars: &[char], at: usize) -> bool {
    chars[at] == '.' && chars.get(at + 1).is_none_or(|c| c.is_whitespace())
}

/// The start of a text, at most `limit` characters, with "…" if cut.
fn shorten(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let cut: String = text.chars().take(limit).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cut_quote_never_splits_an_english_word() {
        let reply = "Thanks for waiting so patiently this afternoon, the courier collects it tomorrow morning and I will send you the tracking number within 15 minutes of pickup";
        let at = reply.find("within").unwrap();
        let start = reply[..at].chars().count();
        let quote = clause(reply, [start, start + "within 15 minutes".len()]);
        assert!(quote.contains("within 15 minutes"), "{quote}");
        let first = quote.split_whitespace().next().unwrap();
        let last = quote.split_whitespace().last().unwrap();
        assert!(
            reply
                .split_whitespace()
                .any(|w| w.trim_matches(',') == first.trim_matches(',')),
            "cut inside a word at the start: {quote}"
        );
        assert!(
            reply
                .split_whitespace()
                .any(|w| w.trim_matches(',') == last.trim_matches(',')),
            "cut inside a word at the end: {quote}"
        );
    }

    use super::*;

    #[test]
    fn a_clause_is_cut_at_punctuation_around_the_span() {
        let reply = "非常抱歉。我这就给您退款，今天下午5点前到账。";
        let start = reply.chars().position(|c| c == '退').unwrap();
        assert_eq!(clause(reply, [start, start + 2]), "我这就给您退款");
        let en = "I'm sorry. I'll refund you now, by 5 p.m. today.";
        let at = en.find("refund").unwrap();
        assert_eq!(clause(en, [at, at + 6]), "I'll refund you now");
        let at = en.find("5 p.m.").unwrap();
        assert_eq!(clause(en, [at, at + 6]), "by 5 p.m. today");
    }

    #[test]
    fn a_long_clause_is_cut_around_the_span_and_stays_a_substring() {
        let reply = "a".repeat(100) + "REFUND" + &"b".repeat(100);
        let quote = clause(&reply, [100, 106]);
        assert!(quote.contains("REFUND"), "{quote}");
        assert!(quote.chars().count() <= QUOTE_CHARS, "{quote}");
        assert!(reply.contains(&quote));
    }
}
