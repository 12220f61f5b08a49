//! The scorer: four competency scores for a free-text reply, every point
//! explained by a finding that names its rule, span, guideline section and a
//! better phrasing. Deterministic, no network, and built once per rule set.
//!
//! How a reply is read (`score` runs these steps in order):
//! 1. **read** — normalise (simplified, half-width, lower case: see `text`),
//!    cut into sentences and clauses (`context`), find negations;
//! 2. **phrases** — phrase rules matched in one pass per layer (`phrases`):
//!    word boundaries, required contexts, look-alikes, negation that cancels
//!    or turns a phrase ("我不能保证" is an honest limit);
//! 3. **signals and detectors** — length, shouting, repetition, echo,
//!    gibberish, filler, a leak of someone's details (`signals`, `detectors`);
//! 4. **acts** — what the reply did: offers, commitments, questions,
//!    refusals, apologies, hand-overs (`acts`, `time`), shared with the
//!    conversation engine;
//! 5. **substance** — does it name the customer's situation, answer their
//!    question, do something concrete, or is it stock courtesy only
//!    (`substance`)? Formula without substance keeps little of its points;
//! 6. **expectations** — the moment's expectations met or missed (`expectations`);
//! 7. **scores** — base plus findings, degenerate replies keep a fraction,
//!    the overall score combines the four (`overall`).

mod acts;
mod assessment;
mod compile;
mod context;
mod detectors;
mod expectations;
mod explain;
mod overall;
mod pattern;
mod phrases;
pub mod policy;
mod question;
pub mod rules;
mod scare_quotes;
mod signals;
mod substance;
mod time;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::text::{normalize, Normalized};
pub use acts::{Act, ActSpec, ActType};
pub use assessment::{Assessment, ExpectationResult, Finding, Scores};
use compile::Layer;
use context::Structure;
pub use detectors::Detector;
pub use explain::Explanation;
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

/// What steps 6 and 7 need besides the findings and tags.
struct Settle<'a> {
    ids: &'a [String],
    degenerate: Option<Detector>,
    signals: &'a Signals,
    /// The reply takes up the customer's own words outside its formulas.
    on_topic: bool,
    /// The reply helps (an offer, a time, a real question, an answer) and is
    /// not cold: an expectation it misses is then a tip, not a penalty, since
    /// phrase tags cannot see every way a good reply meets it.
    helps: bool,
    /// Tags a stock formula would have met but that the reply's own words do
    /// not ("非常理解您的心情" set apart from what the reply does). A reply that
    /// reached for a formula in place of naming the customer's situation has
    /// missed that expectation even when it helps: leniency is for the ways
    /// phrase tags cannot see, not for the formula it chose instead.
    stood_in: BTreeSet<&'static str>,
}

/// Scores, findings and expectation results after steps 6 and 7.
struct Settled {
    scores: Scores,
    overall: u8,
    findings: Vec<Finding>,
    results: Vec<ExpectationResult>,
    addressed: bool,
}

static BUILTIN_SCORER: OnceLock<Scorer> = OnceLock::new();

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
    act_matcher: acts::ActMatcher,
}

impl Scorer {
    /// The built-in rule set, compiled on first use.
    pub fn builtin() -> &'static Scorer {
        BUILTIN_SCORER.get_or_init(|| Scorer::new(RuleSet::builtin().clone()))
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
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

        // 1. read
        let reply = Normalized::new(request.reply);
        let customer = normalize(request.customer);
        let negations = self.negations(&reply.text);
        let negation_ranges: Vec<(usize, usize)> =
            negations.iter().map(|&(s, e, _)| (s, e)).collect();
        let structure = Structure::new(&reply.text, &negation_ranges);

        // 2. phrases, read twice: with the stock courtesy formulas and
        // without them, so that step 7 can bound what the formulas add.
        let hits = self.find_hits(&reply.text, &structure, &negations);
        let mut with_stock = Vec::new();
        let mut tags: BTreeSet<&str> = BTreeSet::new();
        let stuffed = self.phrase_findings(&reply, &hits, true, &mut with_stock, &mut tags);
        let mut without_stock = Vec::new();
        let mut plain_tags: BTreeSet<&str> = BTreeSet::new();
        self.phrase_findings(&reply, &hits, false, &mut without_stock, &mut plain_tags);

        // 3. signals and detectors
        let mut other = Vec::new();
        let mut other_tags: BTreeSet<&str> = BTreeSet::new();
        let signals = Signals::measure(self, request.reply, &reply.text, &customer, &structure);
        self.structural_findings(&signals, &mut other, &mut other_tags);
        // Courtesy formulas do not soften a challenge: only a constructive phrase does.
        let constructive = without_stock.iter().any(|f| {
            f.points > 0
                && self
                    .rule_by_id
                    .get(&f.rule)
                    .is_some_and(|&i| self.rules.rules[i].layer.is_none())
        });
        self.signal_findings(
            &reply,
            &signals,
            request.waited_too_long,
            constructive,
            &mut other,
            &mut other_tags,
        );

        // 4. acts
        let acts = self.read_acts(&reply, &structure, &negations, signals.leak);

        // 5. substance
        let mut substance = self.measure_substance(&reply.text, &customer, &hits, &acts);
        if with_stock.iter().any(|f| f.rule == "integrity.advert") {
            // An advert neither answers nor does anything for the customer,
            // whatever coupon it dangles.
            substance.answers = false;
            substance.concrete = false;
        }
        let salad = substance.keyword_salad && signals.degenerate().is_none();
        let anchored = substance.anchored;
        let signals_ok = signals.degenerate().is_none();
        self.substance_findings(
            &reply,
            &hits,
            &acts,
            &substance,
            signals_ok,
            substance.staccato,
            &with_stock,
            &mut other,
            &mut other_tags,
        );
        let mut stood_in = BTreeSet::new();
        if substance.formula_only() {
            // Courtesy with nothing behind it does not meet "acknowledge the
            // feeling" or "apologise": those need the customer's situation.
            for tag in ["feeling", "apology", "perspective", "restate"] {
                if tags.remove(tag) {
                    stood_in.insert(tag);
                }
            }
        }
        let degenerate = if stuffed {
            Some(Detector::Repetition)
        } else if salad {
            Some(Detector::KeywordSalad)
        } else {
            signals.degenerate()
        };
        // Whether the reply, formulas aside, says anything cold or hostile.
        let cold = without_stock.iter().chain(&other).any(|f| {
            f.points < 0
                && matches!(f.competency, Competency::Empathy | Competency::EmotionControl)
                && !matches!(f.rule.as_str(), "stock_pile" | "formula_only")
                // A form of address (你 for 您) is not coldness.
                && self.rule_by_id.get(&f.rule).is_none_or(|&i| self.rules.rules[i].layer.is_none())
        });
        // An offer, a time, a real question or a hand-over is help; an answer
        // or a refusal alone is not.
        let gives = acts.iter().any(|a| match a.act {
            ActType::Offer | ActType::Commitment | ActType::Transfer => true,
            ActType::Question => a.kind.as_deref() != Some("other"),
            _ => false,
        });
        let refuses = acts.iter().any(|a| a.act == ActType::Refusal);
        // Owning our part ("刚才我语气不好") anchors an apology as surely as
        // naming the customer's situation does.
        let owns = without_stock
            .iter()
            .any(|f| f.rule == "empathy.owns_mistake");
        let helps = (gives || substance.answers || owns) && !refuses && !cold;
        if !substance.formula_only() && !anchored {
            // Nor does a formula set apart from what the reply does ("非常理解
            // 您的心情。请您自行寄回检测"): only the reply's own words, or a
            // formula in the same sentence as the customer's situation, meet
            // "acknowledge the feeling". An apology is an act of its own: with
            // a real next step behind it ("抱歉让您久等了，今天五点前回复您")
            // it stands.
            // Corporate boilerplate ("sorry for any inconvenience", "给您带来
            // 不便深表歉意") in place of the customer's situation is a
            // formula standing in for acknowledgement; a warm sentence in the
            // agent's own words that the phrase lists cannot anchor is not.
            let boilerplate = hits.iter().any(|h| {
                self.rules.rules[h.rule]
                    .tags
                    .iter()
                    .any(|t| t == "boilerplate")
            });
            for tag in ["feeling", "perspective", "restate"] {
                if !plain_tags.contains(tag) && tags.remove(tag) && boilerplate {
                    stood_in.insert(tag);
                }
            }
            if !helps && !plain_tags.contains("apology") {
                tags.remove("apology");
            }
        }
        let context = Settle {
            ids: &expectation_ids,
            degenerate,
            signals: &signals,
            on_topic: substance.shared_topic > 0,
            helps,
            stood_in,
        };
        with_stock.extend(other.iter().cloned());
        without_stock.extend(other);
        tags.extend(other_tags.iter().copied());
        plain_tags.extend(other_tags);

        // 6. expectations and 7. scores, then the bound on formulas: stock
        // courtesy may lift the overall score by a few points, no more. What it
        // adds beyond that is taken back, competency by competency.
        let plain = self.settle(&context, without_stock, plain_tags, None);
        // Whether the reply addresses the customer at all is decided without
        // the formulas: "非常理解您的心情" alone does not address anything.
        let mut settled = self.settle(
            &context,
            with_stock.clone(),
            tags.clone(),
            Some(plain.addressed),
        );
        let pile = self.detector(Detector::StockPile);
        // Courtesy adds to a reply that already helps; it cannot rescue one
        // that does not: a weak reply may gain only a few points from it.
        let max_lift = if anchored || helps {
            pile.param("max_lift_anchored", 10.0)
        } else {
            pile.param("max_lift", 4.0)
        };
        // The overall score is not linear in the four (the weakest takes a
        // share), so the take-back is repeated until the lift is within bounds.
        for _ in 0..4 {
            let lift = settled.overall as f64 - plain.overall as f64;
            if lift <= max_lift {
                break;
            }
            let keep = max_lift / lift;
            for competency in Competency::FOUR {
                let gain =
                    settled.scores.get(competency) as f64 - plain.scores.get(competency) as f64;
                let back = -((gain * (1.0 - keep)).ceil() as i32);
                if back < 0 {
                    with_stock.push(self.detector_finding(
                        Detector::StockPile,
                        competency,
                        back,
                        None,
                    ));
                }
            }
            settled = self.settle(
                &context,
                with_stock.clone(),
                tags.clone(),
                Some(plain.addressed),
            );
        }
        let assessment = Assessment {
            scores: settled.scores,
            overall: settled.overall,
            findings: settled.findings,
            expectations: settled.results,
            acts,
        };
        // The company's policy, if one is active, adds to the built-in rules.
        self.apply_active_policy(request.reply, assessment)
    }

    /// Steps 6 and 7: expectations met or missed, then the scores.
    fn settle(
        &self,
        context: &Settle,
        mut findings: Vec<Finding>,
        mut tags: BTreeSet<&str>,
        addressed: Option<bool>,
    ) -> Settled {
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
        let (results, any_met) = self.check_expectations(
            context.ids,
            &tags,
            context.degenerate.is_some(),
            context.helps,
            &context.stood_in,
            &mut findings,
        );
        let mut scores = self.sum_scores(&findings);
        self.cap_care_when_hostile(&mut scores, &mut findings);
        if let Some(detector) = context.degenerate {
            self.keep_fraction(detector, &mut scores, &mut findings);
        }
        let mut overall = self.combine(&scores);
        let off_topic = tags.contains("advert") && !any_met;
        let addressed = addressed.unwrap_or_else(|| {
            any_met
                || context.on_topic
                || self
                    .rules
                    .responsive_tags
                    .iter()
                    .any(|t| tags.contains(t.as_str()))
                || (context.ids.is_empty() && !context.signals.customer_has_topic)
        });
        let factor = if context.degenerate.is_some() {
            None
        } else if off_topic {
            Some(Detector::OffTopic)
        } else if !addressed {
            Some(Detector::Unaddressed)
        } else {
            None
        };
        if let Some(detector) = factor {
            overall = self.shrink_overall(detector, overall, &mut findings);
        }
        Settled {
            scores,
            overall,
            findings,
            results,
            addressed,
        }
    }

    /// One finding per competency for each phrase hit (up to the rule's
    /// `max_hits`). Returns whether one phrase is stuffed: said three times
    /// or more, making up most of the reply ("抱歉抱歉抱歉").
    fn phrase_findings<'s>(
        &'s self,
        reply: &Normalized,
        hits: &[phrases::Hit],
        stock: bool,
        findings: &mut Vec<Finding>,
        tags: &mut BTreeSet<&'s str>,
    ) -> bool {
        let mut hits_per_rule: BTreeMap<usize, u32> = BTreeMap::new();
        let mut same_phrase: BTreeMap<(usize, &str), u32> = BTreeMap::new();
        for hit in hits {
            *same_phrase
                .entry((hit.rule, &reply.text[hit.start..hit.end]))
                .or_default() += 1;
            let count = hits_per_rule.entry(hit.rule).or_default();
            *count += 1;
            let rule = &self.rules.rules[hit.rule];
            if *count > rule.max_hits || (rule.stock && !stock) {
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
        let units = signals::content_units(&reply.text, self.rules.latin_word_units);
        let share = self
            .detector(Detector::Repetition)
            .param("stuffing_share", 0.5);
        same_phrase.iter().any(|(&(rule, phrase), &count)| {
            count >= 3
                && self.rules.rules[rule].layer.is_none()
                && self.rules.rules[rule].points.values().any(|&p| p > 0)
                && signals::content_units(phrase, self.rules.latin_word_units) * count as f64
                    >= units * share
        })
    }

    /// Findings from the structural signals that carry a span: an echoed
    /// question, a leak, a cold challenge, a slow reply.
    fn signal_findings<'s>(
        &'s self,
        reply: &Normalized,
        signals: &Signals,
        waited_too_long: bool,
        constructive: bool,
        findings: &mut Vec<Finding>,
        tags: &mut BTreeSet<&'s str>,
    ) {
        let span = |(start, end): (usize, usize)| [reply.char_index(start), reply.char_index(end)];
        if let Some(range) = signals.echo_question {
            self.fire(Detector::EchoQuestion, Some(span(range)), findings);
        }
        if let Some(range) = signals.scare_quote {
            self.fire(Detector::ScareQuotes, Some(span(range)), findings);
        }
        if let Some(range) = signals.leak {
            self.fire(Detector::LeaksDetails, Some(span(range)), findings);
            tags.insert("leak");
        }
        // A challenge thrown at the customer in a reply without one warm or
        // constructive phrase (any phrase rule that earns points).
        if let Some(range) = signals.challenge {
            if !constructive {
                self.fire(Detector::ColdChallenge, Some(span(range)), findings);
            }
        }
        if waited_too_long {
            self.fire(Detector::SlowReply, None, findings);
        }
    }

    /// Findings from substance: specifics named, a concrete step, a question
    /// left unanswered, and courtesy formulas with nothing behind them.
    fn substance_findings<'s>(
        &'s self,
        reply: &Normalized,
        hits: &[phrases::Hit],
        acts: &[Act],
        substance: &substance::Substance,
        signals_ok: bool,
        curt: bool,
        phrase_findings: &[Finding],
        findings: &mut Vec<Finding>,
        tags: &mut BTreeSet<&'s str>,
    ) {
        let span = |(start, end): (usize, usize)| [reply.char_index(start), reply.char_index(end)];
        // A complete answer: measured without the courtesy formulas, and only
        // when it is about the customer (specific, answering, or doing something).
        // Curt: a clipped reply, or one with almost nothing besides its formulas
        // ("非常抱歉，好的").
        // The same formula three times over: one finding, at its third saying.
        let times = self.detector(Detector::RepeatedFormula).param("times", 3.0) as usize;
        let mut said: BTreeMap<usize, Vec<&phrases::Hit>> = BTreeMap::new();
        // Apologies and thanks: the formulas that turn into a script when
        // repeated. (Words of feeling recur naturally in a reply that talks
        // about the customer's situation; 您 and "we" recur in any reply.)
        for h in hits.iter().filter(|h| {
            let rule = &self.rules.rules[h.rule];
            rule.stock && rule.tags.iter().any(|t| t == "apology" || t == "thanks")
        }) {
            let seen = said.entry(h.rule).or_default();
            // Overlapping matches of one saying count once.
            if seen.last().is_none_or(|last| h.start >= last.end) {
                seen.push(h);
            }
        }
        if let Some(third) = said.values().find_map(|v| v.get(times.saturating_sub(1))) {
            self.fire(
                Detector::RepeatedFormula,
                Some(span((third.start, third.end))),
                findings,
            );
        }
        let curt_units = self.detector(Detector::Curt).param("min_units", 5.0);
        if signals_ok && (curt || substance.other_units < curt_units) {
            self.fire(Detector::Curt, None, findings);
        }
        if signals_ok && !substance.formula_only() {
            let units = substance.other_units;
            if units >= self.detector(Detector::VeryDetailed).param("units", 60.0) {
                self.fire(Detector::VeryDetailed, None, findings);
                tags.insert("detailed");
            } else if units >= self.detector(Detector::Detailed).param("units", 30.0) {
                self.fire(Detector::Detailed, None, findings);
                tags.insert("detailed");
            }
            if tags.contains("detailed") && (substance.specific() || substance.shared_topic > 0) {
                // A full answer in the customer's own terms: after small talk,
                // that is what steering back to their need looks like.
                tags.insert("answers");
            }
        }
        if substance.specific() {
            self.fire(
                Detector::SpecificAck,
                substance.first_shared.map(span),
                findings,
            );
            tags.insert("specific");
        }
        // A time given as an absolute promise ("我保证明天一定送到") is the
        // over-promise, not a realistic commitment: it earns no credit.
        let promised = phrase_findings
            .iter()
            .any(|f| f.rule == "integrity.absolute_promise");
        let credited = |a: &&Act| !(promised && a.act == ActType::Commitment);
        if substance.concrete {
            let first = acts.iter().filter(credited).find(|a| {
                matches!(
                    a.act,
                    ActType::Offer | ActType::Commitment | ActType::Transfer | ActType::Question
                )
            });
            if let Some(act) = first {
                self.fire(Detector::ConcreteStep, Some(act.span), findings);
            }
        }
        // A time the trainee committed to, read from the acts (a bare "今天" or
        // "days" is no commitment: "今天单子多", "盼了一下午").
        if let Some(act) = acts
            .iter()
            .filter(credited)
            .find(|a| a.act == ActType::Commitment && a.kind.as_deref() == Some("time"))
        {
            if let Some(&index) = self.rule_by_id.get("integrity.time_commitment") {
                let rule = &self.rules.rules[index];
                for (&competency, &points) in &rule.points {
                    findings.push(Finding {
                        competency,
                        rule: rule.id.clone(),
                        points,
                        span: Some(act.span),
                        message: rule.message.clone(),
                        section: rule.section.clone(),
                        suggestion: rule.suggestion.clone(),
                    });
                }
            }
        }
        for act in acts {
            match act.act {
                // A coupon in an advert ("关注公众号领优惠券") remedies nothing.
                ActType::Offer if !phrase_findings.iter().any(|f| f.rule == "integrity.advert") => {
                    tags.insert("remedy");
                }
                ActType::Commitment if act.kind.as_deref() == Some("time") => {
                    tags.insert("time");
                }
                ActType::Question if act.kind.as_deref() != Some("other") => {
                    tags.insert("clarify");
                }
                ActType::Transfer => {
                    tags.insert("follow_up");
                }
                _ => {}
            }
        }
        if substance.answers {
            tags.insert("answers");
        }
        if substance.direct {
            self.fire(Detector::DirectAnswer, None, findings);
        }
        if substance.customer_asks && !substance.answers {
            self.fire(Detector::Unanswered, None, findings);
        }
        // However many formulas a reply piles up, together they earn at most
        // a cap (a higher one when the reply names the customer's situation).
        let pile = self.detector(Detector::StockPile);
        let cap = if substance.specific() || substance.anchored {
            pile.param("cap_specific", 18.0)
        } else {
            pile.param("cap", 12.0)
        } as i32;
        let mut stock_earned: BTreeMap<Competency, i32> = BTreeMap::new();
        for f in phrase_findings {
            let stock = self
                .rule_by_id
                .get(&f.rule)
                .is_some_and(|&i| self.rules.rules[i].stock);
            if f.points > 0 && stock {
                *stock_earned.entry(f.competency).or_default() += f.points;
            }
        }
        for (competency, earned) in stock_earned {
            if earned > cap && !substance.formula_only() {
                findings.push(self.detector_finding(
                    Detector::StockPile,
                    competency,
                    cap - earned,
                    None,
                ));
            }
        }
        if substance.formula_only() {
            // Courtesy with nothing behind it keeps only a small share of what
            // its phrases earned: one finding takes the rest back, and the
            // courtesy no longer meets expectations such as "acknowledge the feeling".
            let spec = self.detector(Detector::FormulaOnly);
            let keep = spec.param("keep", 0.3);
            let stock_rules: BTreeSet<&str> = hits
                .iter()
                .filter(|h| self.rules.rules[h.rule].stock)
                .map(|h| self.rules.rules[h.rule].id.as_str())
                .collect();
            let mut earned: BTreeMap<Competency, i32> = BTreeMap::new();
            for f in phrase_findings {
                if f.points > 0 && stock_rules.contains(f.rule.as_str()) {
                    *earned.entry(f.competency).or_default() += f.points;
                }
            }
            for (competency, points) in earned {
                let back = -((points as f64 * (1.0 - keep)).round() as i32);
                if back < 0 {
                    findings.push(self.detector_finding(
                        Detector::FormulaOnly,
                        competency,
                        back,
                        None,
                    ));
                }
            }
            if !stock_rules.is_empty() {
                self.fire(Detector::FormulaOnly, None, findings);
            }
        }
    }
}
