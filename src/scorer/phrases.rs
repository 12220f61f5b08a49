//! Phrase matching: every phrase rule found in the normalised reply, in one
//! pass per layer (Aho-Corasick, leftmost-longest), with word boundaries,
//! required contexts, look-alikes and negation applied.

use aho_corasick::{Anchored, Input};

use crate::text::is_clause_break;

use super::compile::is_word_char;
use super::context::Structure;
use super::rules::{Context, WhenNegated};
use super::Scorer;

/// A phrase rule matched at a place in the normalised reply.
#[derive(Clone, Copy, Debug)]
pub(super) struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    /// Where the highlighted span starts and ends (taking in the negation,
    /// when one turned the rule).
    pub span_start: usize,
    pub span_end: usize,
}

impl Scorer {
    /// Whether the sentence around a byte names an official offer or plan.
    fn official_sentence(&self, text: &str, structure: &Structure, byte: usize) -> bool {
        let (start, end) = structure.sentence_range_at(byte).unwrap_or((0, text.len()));
        let sentence = &text[start..end];
        self.rules
            .official
            .iter()
            .any(|w| sentence.contains(w.as_str()))
    }

    /// Real negation words in the text (look-alikes such as 非常 shadow them),
    /// as byte ranges with whether they are Latin, in text order.
    pub(super) fn negations(&self, text: &str) -> Vec<(usize, usize, bool)> {
        self.negators
            .find_iter(text)
            .filter_map(|m| {
                let latin = self.negator_kind[m.pattern().as_usize()]?;
                let whole_word = !text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
                    && !text[m.end()..].chars().next().is_some_and(is_word_char);
                (!latin || whole_word).then_some((m.start(), m.end(), latin))
            })
            .collect()
    }

    /// All phrase-rule matches, contexts checked and negation applied, in text order.
    pub(super) fn find_hits(
        &self,
        text: &str,
        structure: &Structure,
        all_negations: &[(usize, usize, bool)],
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        for layer in &self.layers {
            // Leftmost-longest among the matches that hold where they stand:
            // when the longest phrase at a place is refused (a word runs on,
            // or its context is missing), a shorter one there still counts
            // ("anything else you'd" still invites questions).
            let valid = |m: &aho_corasick::Match| {
                let pattern = &layer.patterns[m.pattern().as_usize()];
                if pattern.word_start
                    && text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(is_word_char)
                {
                    return false;
                }
                if pattern.word_end && text[m.end()..].chars().next().is_some_and(is_word_char) {
                    return false;
                }
                let rule = &self.rules.rules[pattern.rule];
                // A bad promise or deal quoted (to take it back) is not made.
                let charges = rule.points.values().any(|&p| p < 0)
                    && rule.tags.iter().any(|t| {
                        matches!(
                            t.as_str(),
                            "absolute" | "discount" | "side_deal" | "false_claim_tag" | "leak"
                        )
                    });
                if charges && structure.quoted_at(text, m.start()) {
                    return false;
                }
                rule.requires.iter().all(|&c| match c {
                    Context::NotOfficial => !self.official_sentence(text, structure, m.start()),
                    c => structure.holds(text, m.start(), m.end(), c),
                })
            };
            let mut at = 0;
            while let Some(first) = layer.matcher.find(Input::new(text).range(at..)) {
                let mut candidate = Some(first);
                while let Some(m) = candidate.filter(|m| !valid(m)) {
                    candidate = (m.end() > m.start() + 1)
                        .then(|| {
                            let shorter = Input::new(text)
                                .range(m.start()..m.end() - 1)
                                .anchored(Anchored::Yes);
                            layer.matcher.find(shorter)
                        })
                        .flatten();
                }
                match candidate {
                    Some(m) => {
                        hits.push(Hit {
                            rule: layer.patterns[m.pattern().as_usize()].rule,
                            start: m.start(),
                            end: m.end(),
                            span_start: m.start(),
                            span_end: m.end(),
                        });
                        at = m.end().max(first.start() + 1);
                    }
                    None => {
                        at = first.start()
                            + text[first.start()..]
                                .chars()
                                .next()
                                .map_or(1, char::len_utf8);
                    }
                }
                if at >= text.len() {
                    break;
                }
            }
        }
        // A negation inside a matched phrase negates nothing after it, unless
        // the phrase opens with it: then the whole phrase acts as the negation
        // and reaches the words that follow it ("我不能说|完全没有瑕疵",
        // "can't promise| it will never happen"). Phrases such as 不用担心 that
        // negate nothing are listed as look-alikes instead.
        // Main-layer matches never overlap, so they are sorted by start and end.
        let mut main_layer: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| self.rules.rules[h.rule].layer.is_none())
            .map(|h| (h.start, h.end))
            .collect();
        main_layer.sort_unstable();
        let negations: Vec<(usize, usize, bool)> = all_negations
            .iter()
            .filter_map(|&(start, end, latin)| {
                let index = main_layer.partition_point(|&(_, e)| e <= start);
                match main_layer.get(index) {
                    Some(&(s, e)) if s == start => Some((start, e.max(end), latin)),
                    // A negation that runs into the next phrase ("不会" + "会缩")
                    // negates that phrase.
                    Some(&(s, _)) if start < s && s < end => Some((start, s, latin)),
                    Some(&(s, _)) if s < end => None,
                    _ => Some((start, end, latin)),
                }
            })
            .collect();
        let post: Vec<(usize, usize)> = self
            .post_negators
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let negation_spec = &self.rules.negation;
        // Whether `text[from..to]` is short enough and crosses no clause break.
        let within = |from: usize, to: usize, gap: usize| {
            let between = &text[from..to];
            between.len() <= gap * 4
                && between.chars().count() <= gap
                && !between.chars().any(is_clause_break)
        };
        let mut kept = Vec::with_capacity(hits.len());
        for mut hit in hits {
            let turns = matches!(self.rules.rules[hit.rule].negated, WhenNegated::Becomes(_));
            // Only the nearest negation before the phrase can reach it: any
            // earlier one is farther away, past the same words.
            let index = negations.partition_point(|&(_, end, _)| end <= hit.start);
            let mut negation = index
                .checked_sub(1)
                .map(|i| negations[i])
                .filter(|&(start, end, latin)| {
                    let gap = match (latin, turns) {
                        (true, false) => negation_spec.en_gap,
                        (false, false) => negation_spec.zh_gap,
                        (true, true) => negation_spec.en_gap_far,
                        (false, true) => negation_spec.zh_gap_far,
                    };
                    start < hit.start && within(end, hit.start, gap)
                })
                .map(|(start, _, _)| (start, hit.end));
            if negation.is_none() && turns {
                let index = post.partition_point(|&(start, _)| start < hit.end);
                negation = post
                    .get(index)
                    .filter(|&&(start, _)| within(hit.end, start, negation_spec.zh_gap_far))
                    .map(|&(_, end)| (hit.start, end));
            }
            match (negation, &self.rules.rules[hit.rule].negated) {
                (None, _) | (Some(_), WhenNegated::Keep) => kept.push(hit),
                (Some(_), WhenNegated::Ignore) => {}
                (Some((start, end)), WhenNegated::Becomes(target)) => {
                    if let Some(&rule) = self.rule_by_id.get(target) {
                        hit.rule = rule;
                        hit.span_start = start.min(hit.start);
                        hit.span_end = end.max(hit.end);
                        kept.push(hit);
                    }
                }
            }
        }
        kept.sort_by_key(|h| (h.start, h.rule));
        kept
    }
}
