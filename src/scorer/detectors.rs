//! Detectors: structural checks whose logic lives in code and whose weights,
//! thresholds and messages live in `rules/rules.json` under `detectors`.
//! Each detector is a variant here, so a misspelt key cannot slip through:
//! the rule set is rejected at load time if one is missing.

use std::collections::BTreeSet;

use super::assessment::Finding;
use super::rules::{Competency, DetectorSpec};
use super::signals::Signals;
use super::Scorer;

/// Every structural check the scorer runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Detector {
    SlowReply,
    Empty,
    Curt,
    Shouting,
    Repetition,
    Echo,
    Gibberish,
    FillerOnly,
    OffTopic,
    Unaddressed,
    Detailed,
    VeryDetailed,
    LeaksDetails,
    EchoQuestion,
    ColdChallenge,
    /// Stock courtesy with nothing specific, no answer and no step behind it.
    FormulaOnly,
    /// The customer asked something and the reply does not answer it.
    Unanswered,
    /// Service keywords strung together with no sentence around them.
    KeywordSalad,
    /// The reply names the customer's own situation (their words, their numbers).
    SpecificAck,
    /// The reply does something concrete: an offer, a time, a question, a hand-over.
    ConcreteStep,
    /// Courtesy formulas beyond what one reply can earn from them.
    StockPile,
    /// The customer asked and the reply answers head-on: a yes or a no, a
    /// number, a recommendation, where an answer stands.
    DirectAnswer,
    /// Sarcasm or hostility in a reply caps the empathy its other words earn.
    HostilityCancelsCare,
    /// The customer's own words quoted back at them.
    ScareQuotes,
    /// The same courtesy formula said again and again ("I'm so sorry… I'm
    /// sorry… Again, I'm so sorry"): it reads as a script, not as care.
    RepeatedFormula,
}

impl Detector {
    pub const ALL: [Detector; 25] = [
        Detector::SlowReply,
        Detector::Empty,
        Detector::Curt,
        Detector::Shouting,
        Detector::Repetition,
        Detector::Echo,
        Detector::Gibberish,
        Detector::FillerOnly,
        Detector::OffTopic,
        Detector::Unaddressed,
        Detector::Detailed,
        Detector::VeryDetailed,
        Detector::LeaksDetails,
        Detector::EchoQuestion,
        Detector::ColdChallenge,
        Detector::FormulaOnly,
        Detector::Unanswered,
        Detector::KeywordSalad,
        Detector::SpecificAck,
        Detector::ConcreteStep,
        Detector::StockPile,
        Detector::DirectAnswer,
        Detector::HostilityCancelsCare,
        Detector::ScareQuotes,
        Detector::RepeatedFormula,
    ];

    /// The key in `rules/rules.json` → `detectors`, and the finding's rule id.
    pub fn id(self) -> &'static str {
        match self {
            Detector::SlowReply => "slow_reply",
            Detector::Empty => "empty",
            Detector::Curt => "curt",
            Detector::Shouting => "shouting",
            Detector::Repetition => "repetition",
            Detector::Echo => "echo",
            Detector::Gibberish => "gibberish",
            Detector::FillerOnly => "filler_only",
            Detector::OffTopic => "off_topic",
            Detector::Unaddressed => "unaddressed",
            Detector::Detailed => "detailed",
            Detector::VeryDetailed => "very_detailed",
            Detector::LeaksDetails => "leaks_details",
            Detector::EchoQuestion => "echo_question",
            Detector::ColdChallenge => "cold_challenge",
            Detector::FormulaOnly => "formula_only",
            Detector::Unanswered => "unanswered",
            Detector::KeywordSalad => "keyword_salad",
            Detector::SpecificAck => "specific_ack",
            Detector::ConcreteStep => "concrete_step",
            Detector::StockPile => "stock_pile",
            Detector::DirectAnswer => "direct_answer",
            Detector::HostilityCancelsCare => "hostility_cancels_care",
            Detector::ScareQuotes => "scare_quotes",
            Detector::RepeatedFormula => "repeated_formula",
        }
    }

    pub fn parse(id: &str) -> Option<Detector> {
        Detector::ALL.into_iter().find(|d| d.id() == id)
    }
}

impl Scorer {
    pub(super) fn detector(&self, detector: Detector) -> &DetectorSpec {
        self.rules.detector(detector)
    }

    pub(super) fn detector_finding(
        &self,
        detector: Detector,
        competency: Competency,
        points: i32,
        span: Option<[usize; 2]>,
    ) -> Finding {
        let spec = self.detector(detector);
        Finding {
            competency,
            rule: detector.id().to_string(),
            points,
            span,
            message: spec.message.clone(),
            section: spec.section.clone(),
            suggestion: spec.suggestion.clone(),
        }
    }

    /// One finding per competency the detector's points move.
    pub(super) fn fire(
        &self,
        detector: Detector,
        span: Option<[usize; 2]>,
        findings: &mut Vec<Finding>,
    ) {
        for (&competency, &points) in &self.detector(detector).points {
            findings.push(self.detector_finding(detector, competency, points, span));
        }
    }

    /// Shouting and whether the reply asks something: what the
    /// reply's shape says, before any phrase is read. (How complete an
    /// answer is depends on its substance: see `substance_findings`.)
    pub(super) fn structural_findings<'s>(
        &'s self,
        signals: &Signals,
        findings: &mut Vec<Finding>,
        tags: &mut BTreeSet<&'s str>,
    ) {
        let runs = self.detector(Detector::Shouting).param("max_runs", 2.0) as usize;
        for &span in signals.shouting.iter().take(runs) {
            self.fire(Detector::Shouting, Some(span), findings);
        }
        if signals.asks_question {
            tags.insert("question");
        }
    }
}
