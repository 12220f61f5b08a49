//! From findings to scores: each competency is its base plus its findings,
//! clamped to 0–100; a degenerate reply keeps a fraction; the overall score
//! is a weighted mean with a share taken by the weakest competency, shrunk
//! for a reply that ignores the customer or advertises.

use super::assessment::{Assessment, ExpectationResult, Finding, Scores};
use super::detectors::Detector;
use super::rules::Competency;
use super::Scorer;

impl Scorer {
    pub(super) fn sum_scores(&self, findings: &[Finding]) -> Scores {
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
        scores
    }

    /// Sarcasm, a taunt or condescension undoes the care shown elsewhere in
    /// the same reply (02 §1.5): "Stuck abroad with a frozen card is awful.
    /// Everyone's entitled to their opinion of us 🙂" is not an empathetic
    /// reply, however specific its first sentence. Empathy is capped; the
    /// finding says why.
    pub(super) fn cap_care_when_hostile(&self, scores: &mut Scores, findings: &mut Vec<Finding>) {
        let spec = self.detector(Detector::HostilityCancelsCare);
        let hostile = spec.param("hostile_points", -30.0) as i32;
        let cap = spec.param("empathy_cap", 40.0) as u8;
        let span = findings
            .iter()
            .find(|f| f.competency == Competency::EmotionControl && f.points <= hostile)
            .map(|f| f.span);
        let empathy = scores.get(Competency::Empathy);
        if let Some(span) = span {
            if empathy > cap {
                findings.push(self.detector_finding(
                    Detector::HostilityCancelsCare,
                    Competency::Empathy,
                    cap as i32 - empathy as i32,
                    span,
                ));
                scores.set(Competency::Empathy, cap);
            }
        }
    }

    /// A reply that is not a real reply keeps only a fraction of each score.
    pub(super) fn keep_fraction(
        &self,
        detector: Detector,
        scores: &mut Scores,
        findings: &mut Vec<Finding>,
    ) {
        let keep = self.detector(detector).param("keep", 0.4);
        for competency in Competency::FOUR {
            let before = scores.get(competency);
            let after = (before as f64 * keep).round() as u8;
            scores.set(competency, after);
            findings.push(self.detector_finding(
                detector,
                competency,
                after as i32 - before as i32,
                None,
            ));
        }
    }

    /// Shrinks the overall score by a detector's factor, with its finding.
    pub(super) fn shrink_overall(
        &self,
        detector: Detector,
        overall: u8,
        findings: &mut Vec<Finding>,
    ) -> u8 {
        let factor = self.detector(detector).param("factor", 0.5);
        let after = (overall as f64 * factor).round() as u8;
        findings.push(self.detector_finding(
            detector,
            Competency::Overall,
            after as i32 - overall as i32,
            None,
        ));
        after
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

    pub(super) fn empty_assessment(&self, expectation_ids: &[String]) -> Assessment {
        let findings = Competency::FOUR
            .into_iter()
            .map(|c| {
                let base = self.rules.base.get(&c).copied().unwrap_or(50);
                self.detector_finding(Detector::Empty, c, -base, None)
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
            acts: Vec::new(),
        }
    }
}
