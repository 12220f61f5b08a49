//! The scorer: four competency scores for a free-text reply, every point
//! explained by a finding that names its rule, span, guideline section and a
//! better phrasing. Deterministic, no network, and built once per rule set.
//!
//! How a reply is read:
//! 1. the reply is normalised (simplified, half-width, lower case: see `text`)
//!    and cut into sentences and clauses (`context`): which are questions or
//!    exclamations, which speak to the customer without 您, which are negated;
//! 2. the phrase rules are matched in one pass per layer (Aho-Corasick,
//!    leftmost-longest). A phrase may require a context: "到底" counts only in a
//!    question, "随便" only at the end of a clause. Look-alikes with no points
//!    ("质量保证", "想多了解") shadow the phrases they contain. 您 and 你 read the
//!    same inside phrases; the form of address is scored on its own;
//! 3. a negation in front of a phrase cancels or turns it ("我不能保证" becomes an
//!    honest limit, "不是您的错" is not blame); for a phrase that would be turned
//!    the negation reaches further and may also follow it ("私下转账是不允许的"),
//!    so an agent taking back a bad offer is not charged for it;
//! 4. structural signals are measured: length (an English word counts about one
//!    and a half characters), shouting, repetition and stuffing, an echo of the
//!    customer's words, a bare question thrown back at them, gibberish, filler,
//!    another person's contact details, whether it touches the customer's topic;
//! 5. the moment's expectations (from the scenario turn, or inferred from the
//!    customer's words and archetype) are met or missed;
//! 6. each competency is its base plus its findings, clamped to 0–100; a
//!    degenerate reply keeps only a fraction; the overall score combines the
//!    four, and shrinks for a reply that ignores the customer or advertises.

mod context;
pub mod rules;
mod signals;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::text::{is_clause_break, normalize, Normalized};
use context::Structure;
pub use rules::{Competency, Context, RuleSet, WhenNegated};
use signals::Signals;

/// What to score: a reply to a customer's message, in or out of a scenario.
#[derive(Clone, Debug, Default)]
pub struct ScoreRequest<'a> {
    pub customer: &'a str,
    pub reply: &'a str,
    /// An archetype id (`angry`, `bargainer`, …) adds that archetype's usual expectations.
    pub archetype: Option<&'a str>,
    /// A scenario turn's expectations. When given they replace the inferred ones.
    pub expectations: Option<&'a [String]>,
    /// The customer waited longer than the scenario allows for this reply.
    pub waited_too_long: bool,
}

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

struct Pattern {
    rule: usize,
    word_start: bool,
    word_end: bool,
}

struct Layer {
    matcher: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// A phrase rule matched at a place in the normalised reply.
#[derive(Clone, Copy, Debug)]
struct Hit {
    rule: usize,
    start: usize,
    end: usize,
    /// Where the highlighted span starts and ends (taking in the negation,
    /// when one turned the rule).
    span_start: usize,
    span_end: usize,
}

/// A compiled rule set. Build it once (see [`Scorer::builtin`]) and reuse it.
pub struct Scorer {
    rules: RuleSet,
    layers: Vec<Layer>,
    negators: AhoCorasick,
    /// For each negator pattern: `Some(is_latin)`, or `None` for a look-alike.
    negator_kind: Vec<Option<bool>>,
    cues: AhoCorasick,
    cue_of_pattern: Vec<usize>,
    filler: AhoCorasick,
    stopwords: BTreeSet<String>,
    rule_by_id: HashMap<String, usize>,
    /// Words that point at a third person (`leaks_details`), with look-alikes
    /// ("其他" is not "他") that map to `false`.
    third_party: AhoCorasick,
    third_party_real: Vec<bool>,
    /// Words that give away where someone lives or how to reach them.
    disclosure: AhoCorasick,
    /// Words that negate what stands before them ("……是不允许的").
    post_negators: AhoCorasick,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\''
}

fn matcher(patterns: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .build(patterns)
        .expect("phrase lists are small enough for an Aho-Corasick automaton")
}

impl Scorer {
    /// The built-in rule set, compiled on first use.
    pub fn builtin() -> &'static Scorer {
        static SCORER: OnceLock<Scorer> = OnceLock::new();
        SCORER.get_or_init(|| {
            let rules = RuleSet::from_json(include_str!("../../rules/rules.json"))
                .expect("rules/rules.json is checked by the test suite");
            Scorer::new(rules)
        })
    }

    pub fn new(rules: RuleSet) -> Scorer {
        let mut by_layer: BTreeMap<Option<String>, (Vec<String>, Vec<Pattern>)> = BTreeMap::new();
        let mut listed: BTreeSet<(Option<String>, String)> = BTreeSet::new();
        for rule in &rules.rules {
            for phrase in &rule.phrases {
                listed.insert((rule.layer.clone(), normalize(phrase.trim())));
            }
        }
        for (index, rule) in rules.rules.iter().enumerate() {
            let (texts, patterns) = by_layer.entry(rule.layer.clone()).or_default();
            for phrase in &rule.phrases {
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
        let leak = &rules.detectors["leaks_details"];
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

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Expectations for a customer's message when no scenario gives them.
    pub fn infer_expectations(&self, customer: &str, archetype: Option<&str>) -> Vec<String> {
        let mut ids: BTreeSet<String> = BTreeSet::new();
        if let Some(list) = archetype.and_then(|a| self.rules.archetypes.get(a)) {
            ids.extend(list.iter().cloned());
        }
        let text = normalize(customer);
        for m in self.cues.find_overlapping_iter(&text) {
            let cue = &self.rules.cues[self.cue_of_pattern[m.pattern().as_usize()]];
            ids.extend(cue.expect.iter().cloned());
        }
        ids.into_iter().collect()
    }

    /// Score one reply.
    pub fn score(&self, request: &ScoreRequest) -> Assessment {
        let expectation_ids: Vec<String> = match request.expectations {
            Some(list) => list.to_vec(),
            None => self.infer_expectations(request.customer, request.archetype),
        };
        if request.reply.trim().is_empty() {
            return self.empty_assessment(&expectation_ids);
        }
        let reply = Normalized::new(request.reply);
        let customer = normalize(request.customer);
        let all_negations = self.negations(&reply.text);
        let negation_ranges: Vec<(usize, usize)> =
            all_negations.iter().map(|&(s, e, _)| (s, e)).collect();
        let structure = Structure::new(&reply.text, &negation_ranges);
        let hits = self.find_hits(&reply.text, &structure, &all_negations);
        let mut findings = Vec::new();
        let mut tags: BTreeSet<&str> = BTreeSet::new();
        let mut hits_per_rule: BTreeMap<usize, u32> = BTreeMap::new();
        let mut same_phrase: BTreeMap<(usize, &str), u32> = BTreeMap::new();
        for hit in &hits {
            *same_phrase
                .entry((hit.rule, &reply.text[hit.start..hit.end]))
                .or_default() += 1;
            let count = hits_per_rule.entry(hit.rule).or_default();
            *count += 1;
            let rule = &self.rules.rules[hit.rule];
            if *count > rule.max_hits {
                continue;
            }
            tags.extend(rule.tags.iter().map(String::as_str));
            let span = [
                reply.char_index(hit.span_start),
                reply.char_index(hit.span_end),
            ];
            for (&competency, &points) in &rule.points {
                findings.push(Finding {
                    competency,
                    rule: rule.id.clone(),
                    points,
                    span: Some(span),
                    message: rule.message.clone(),
                    section: rule.section.clone(),
                    suggestion: rule.suggestion.clone(),
                });
            }
        }

        let signals = Signals::measure(self, request.reply, &reply.text, &customer, &structure);
        // The same phrase three times ("抱歉抱歉抱歉", "sorry sorry sorry") is
        // stuffing when it makes up most of the reply; a topic word that a real
        // answer repeats ("积分 … 积分 … 积分") is not.
        let share = self.rules.detectors["repetition"].param("stuffing_share", 0.5);
        let stuffed = same_phrase.iter().any(|(&(rule, phrase), &count)| {
            count >= 3
                && self.rules.rules[rule].layer.is_none()
                && self.rules.rules[rule].points.values().any(|&p| p > 0)
                && signals::content_units(phrase, self.rules.latin_word_units) * count as f64
                    >= signals.content_units * share
        });
        self.structural_findings(&signals, &mut findings, &mut tags);
        if let Some((start, end)) = signals.echo_question {
            let span = [reply.char_index(start), reply.char_index(end)];
            self.fire_detector("echo_question", Some(span), &mut findings);
        }
        if let Some((start, end)) = signals.leak {
            let span = [reply.char_index(start), reply.char_index(end)];
            self.fire_detector("leaks_details", Some(span), &mut findings);
            tags.insert("leak");
        }
        // A challenge thrown at the customer in a reply without one warm or
        // constructive phrase (any phrase rule that earns points).
        let warm = &self.rules.detectors["cold_challenge"];
        if let Some((start, end)) = signals.challenge {
            let constructive = findings
                .iter()
                .any(|f| f.points > 0 && self.rule_by_id.contains_key(&f.rule));
            if !constructive {
                let span = [reply.char_index(start), reply.char_index(end)];
                for (&competency, &points) in &warm.points {
                    findings.push(self.detector_finding(
                        "cold_challenge",
                        competency,
                        points,
                        Some(span),
                    ));
                }
            }
        }
        if request.waited_too_long {
            self.fire_detector("slow_reply", None, &mut findings);
        }

        let calm = !findings
            .iter()
            .any(|f| f.competency == Competency::EmotionControl && f.points < 0);
        if calm {
            tags.insert("calm");
        }
        if ["polite", "thanks", "apology", "greet"]
            .iter()
            .any(|t| tags.contains(t))
        {
            tags.insert("courteous");
        }

        let mut results = Vec::new();
        let mut any_met = false;
        for id in &expectation_ids {
            let Some(spec) = self.rules.expectations.get(id) else {
                continue;
            };
            let satisfied = spec.satisfied_by.iter().any(|t| tags.contains(t.as_str()));
            let violated = spec.violated_by.iter().any(|t| tags.contains(t.as_str()));
            let met = satisfied && !violated && signals.degenerate().is_none();
            // Staying calm or courteous is met by saying nothing wrong; it does
            // not show that the reply answers the customer.
            any_met |= met
                && spec.satisfied_by.iter().any(|t| {
                    tags.contains(t.as_str()) && !matches!(t.as_str(), "calm" | "courteous")
                });
            let (points, message) = if met {
                (spec.met, &spec.met_message)
            } else {
                (spec.missed, &spec.missed_message)
            };
            if points != 0 {
                findings.push(Finding {
                    competency: spec.competency,
                    rule: format!("expect.{id}"),
                    points,
                    span: None,
                    message: message.clone(),
                    section: spec.section.clone(),
                    suggestion: if met { None } else { spec.suggestion.clone() },
                });
            }
            results.push(ExpectationResult {
                id: id.clone(),
                met,
                label: spec.label.clone(),
            });
        }

        let mut scores = Scores::default();
        for competency in Competency::FOUR {
            let base = self.rules.base.get(&competency).copied().unwrap_or(50);
            let sum: i32 = findings
                .iter()
                .filter(|f| f.competency == competency)
                .map(|f| f.points)
                .sum();
            scores.set(competency, (base + sum).clamp(0, 100) as u8);
        }

        let degenerate = if stuffed {
            Some("repetition")
        } else {
            signals.degenerate()
        };
        if let Some(name) = degenerate {
            let spec = &self.rules.detectors[name];
            let keep = spec.param("keep", 0.4);
            for competency in Competency::FOUR {
                let before = scores.get(competency);
                let after = (before as f64 * keep).round() as u8;
                scores.set(competency, after);
                findings.push(self.detector_finding(
                    name,
                    competency,
                    after as i32 - before as i32,
                    None,
                ));
            }
        }

        let mut overall = self.combine(&scores);
        let off_topic = tags.contains("advert") && !any_met;
        let addressed = any_met
            || signals.touches_customer_topic
            || self
                .rules
                .responsive_tags
                .iter()
                .any(|t| tags.contains(t.as_str()))
            || (expectation_ids.is_empty() && !signals.customer_has_topic);
        let overall_factor = if degenerate.is_some() {
            None
        } else if off_topic {
            Some("off_topic")
        } else if !addressed {
            Some("unaddressed")
        } else {
            None
        };
        if let Some(name) = overall_factor {
            let factor = self.rules.detectors[name].param("factor", 0.5);
            let after = (overall as f64 * factor).round() as u8;
            findings.push(self.detector_finding(
                name,
                Competency::Overall,
                after as i32 - overall as i32,
                None,
            ));
            overall = after;
        }

        Assessment {
            scores,
            overall,
            findings,
            expectations: results,
        }
    }

    /// The overall score: a weighted mean of the four, part of it taken by the weakest.
    pub fn combine(&self, scores: &Scores) -> u8 {
        let spec = &self.rules.overall;
        let total_weight: f64 = spec.weights.values().sum();
        let weighted: f64 = Competency::FOUR
            .iter()
            .map(|c| spec.weights.get(c).copied().unwrap_or(0.0) * scores.get(*c) as f64)
            .sum::<f64>()
            / total_weight.max(f64::EPSILON);
        let weakest = scores.get(scores.weakest()) as f64;
        let overall = weighted * (1.0 - spec.weakest_share) + weakest * spec.weakest_share;
        overall.round().clamp(0.0, 100.0) as u8
    }

    fn empty_assessment(&self, expectation_ids: &[String]) -> Assessment {
        let findings = Competency::FOUR
            .into_iter()
            .map(|c| {
                let base = self.rules.base.get(&c).copied().unwrap_or(50);
                self.detector_finding("empty", c, -base, None)
            })
            .collect();
        Assessment {
            scores: Scores::default(),
            overall: 0,
            findings,
            expectations: expectation_ids
                .iter()
                .filter_map(|id| {
                    let spec = self.rules.expectations.get(id)?;
                    Some(ExpectationResult {
                        id: id.clone(),
                        met: false,
                        label: spec.label.clone(),
                    })
                })
                .collect(),
        }
    }

    fn detector_finding(
        &self,
        name: &str,
        competency: Competency,
        points: i32,
        span: Option<[usize; 2]>,
    ) -> Finding {
        let spec = &self.rules.detectors[name];
        Finding {
            competency,
            rule: name.to_string(),
            points,
            span,
            message: spec.message.clone(),
            section: spec.section.clone(),
            suggestion: spec.suggestion.clone(),
        }
    }

    fn structural_findings<'s>(
        &'s self,
        signals: &Signals,
        findings: &mut Vec<Finding>,
        tags: &mut BTreeSet<&'s str>,
    ) {
        let mut fire =
            |name: &str, span: Option<[usize; 2]>| self.fire_detector(name, span, findings);
        if signals.degenerate().is_none() {
            if signals.curt {
                fire("curt", None);
            }
            if signals.content_units >= self.rules.detectors["very_detailed"].param("units", 60.0) {
                fire("very_detailed", None);
                tags.insert("detailed");
            } else if signals.content_units >= self.rules.detectors["detailed"].param("units", 30.0)
            {
                fire("detailed", None);
                tags.insert("detailed");
            }
        }
        let runs = self.rules.detectors["shouting"].param("max_runs", 2.0) as usize;
        for &span in signals.shouting.iter().take(runs) {
            fire("shouting", Some(span));
        }
        if signals.asks_question {
            tags.insert("question");
        }
        // A full answer in the customer's own terms: after small talk, that
        // is what steering back to their need looks like.
        if tags.contains("detailed") && signals.touches_customer_topic {
            tags.insert("answers");
        }
    }

    /// One finding per competency the detector's points move.
    fn fire_detector(&self, name: &str, span: Option<[usize; 2]>, findings: &mut Vec<Finding>) {
        let spec = &self.rules.detectors[name];
        for (&competency, &points) in &spec.points {
            findings.push(self.detector_finding(name, competency, points, span));
        }
    }

    /// Real negation words in the text (look-alikes such as 非常 shadow them),
    /// as byte ranges with whether they are Latin, in text order.
    fn negations(&self, text: &str) -> Vec<(usize, usize, bool)> {
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
    fn find_hits(
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
                self.rules.rules[pattern.rule]
                    .requires
                    .iter()
                    .all(|&c| structure.holds(text, m.start(), m.end(), c))
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
