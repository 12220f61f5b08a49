//! Compiling a rule set: phrase lists into Aho-Corasick automata (one per
//! layer), negation words, cues, filler and the leak detector's word lists.
//! Done once per rule set; everything after this is matching.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};

use crate::text::normalize;

use super::acts::ActMatcher;
use super::detectors::Detector;
use super::pattern;
use super::rules::RuleSet;
use super::Scorer;

pub(super) struct Pattern {
    pub rule: usize,
    pub word_start: bool,
    pub word_end: bool,
}

pub(super) struct Layer {
    pub matcher: AhoCorasick,
    pub patterns: Vec<Pattern>,
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\''
}

pub(super) fn matcher(patterns: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .build(patterns)
        .expect("phrase lists are small enough for an Aho-Corasick automaton")
}

impl Scorer {
    pub fn new(rules: RuleSet) -> Scorer {
        let mut by_layer: BTreeMap<Option<String>, (Vec<String>, Vec<Pattern>)> = BTreeMap::new();
        let mut listed: BTreeSet<(Option<String>, String)> = BTreeSet::new();
        // A phrase family ("{仓库|快递}弄错了") is matched as the phrases it stands for.
        let expanded: Vec<Vec<String>> = rules
            .rules
            .iter()
            .map(|rule| {
                rule.phrases
                    .iter()
                    .flat_map(|p| pattern::forms(p))
                    .collect()
            })
            .collect();
        for (rule, phrases) in rules.rules.iter().zip(&expanded) {
            for phrase in phrases {
                listed.insert((rule.layer.clone(), normalize(phrase.trim())));
            }
        }
        for (index, (rule, phrases)) in rules.rules.iter().zip(&expanded).enumerate() {
            let (texts, patterns) = by_layer.entry(rule.layer.clone()).or_default();
            for phrase in phrases {
                let normalized = normalize(phrase.trim());
                // Outside the address layer, 您 and 你 make the same phrase: the
                // form of address is scored on its own, so "给你添麻烦" must not
                // read differently from "给您添麻烦".
                let mut forms = vec![normalized.clone()];
                if rule.layer.is_none() {
                    for (from, to) in [('您', '你'), ('你', '您')] {
                        if normalized.contains(from) {
                            let variant = normalized.replace(from, &to.to_string());
                            if listed.insert((None, variant.clone())) {
                                forms.push(variant);
                            }
                        }
                    }
                }
                for form in forms {
                    let (body, prefix) = match form.strip_suffix('*') {
                        Some(body) => (body.to_string(), true),
                        None => (form, false),
                    };
                    let first = body.chars().next().unwrap_or(' ');
                    let last = body.chars().last().unwrap_or(' ');
                    patterns.push(Pattern {
                        rule: index,
                        word_start: is_word_char(first),
                        word_end: is_word_char(last) && !prefix,
                    });
                    texts.push(body);
                }
            }
        }
        let layers = by_layer
            .into_values()
            .map(|(texts, patterns)| Layer {
                matcher: matcher(&texts),
                patterns,
            })
            .collect();
        // Look-alikes ("非常") are in the same automaton so that, matched
        // leftmost-longest, they shadow the negation they start with ("非").
        let negator_texts: Vec<String> = rules
            .negation
            .zh
            .iter()
            .chain(&rules.negation.en)
            .chain(&rules.negation.not_negations)
            .map(|n| normalize(n))
            .collect();
        let real_negations = rules.negation.zh.len() + rules.negation.en.len();
        let negator_kind = negator_texts
            .iter()
            .enumerate()
            .map(|(index, n)| match index < real_negations {
                true => Some(n.is_ascii()),
                false => None,
            })
            .collect();
        let mut cue_texts = Vec::new();
        let mut cue_of_pattern = Vec::new();
        for (index, cue) in rules.cues.iter().enumerate() {
            for phrase in &cue.phrases {
                cue_texts.push(normalize(phrase));
                cue_of_pattern.push(index);
            }
        }
        let filler_texts: Vec<String> = rules.filler.iter().map(|f| normalize(f)).collect();
        let leak = rules.detector(Detector::LeaksDetails);
        let third_party_texts: Vec<String> = leak
            .words("third_party")
            .iter()
            .chain(leak.words("not_third_party"))
            .map(|w| normalize(w))
            .collect();
        let third_party_real = (0..third_party_texts.len())
            .map(|i| i < leak.words("third_party").len())
            .collect();
        let disclosure_texts: Vec<String> = leak
            .words("disclosure")
            .iter()
            .map(|w| normalize(w))
            .collect();
        let rule_by_id = rules
            .rules
            .iter()
            .enumerate()
            .map(|(index, rule)| (rule.id.clone(), index))
            .collect();
        Scorer {
            act_matcher: ActMatcher::new(&rules.acts),
            negators: matcher(&negator_texts),
            negator_kind,
            cues: AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&cue_texts)
                .expect("cue lists are small"),
            cue_of_pattern,
            filler: matcher(&filler_texts),
            third_party: matcher(&third_party_texts),
            third_party_real,
            disclosure: matcher(&disclosure_texts),
            post_negators: matcher(
                &rules
                    .negation
                    .post
                    .iter()
                    .map(|n| normalize(n))
                    .collect::<Vec<_>>(),
            ),
            stopwords: rules.stopwords.iter().map(|s| normalize(s)).collect(),
            rule_by_id,
            layers,
            rules,
        }
    }
}
