//! Expectations: what a good reply does at this moment (from the scenario
//! turn, or inferred from the customer's words and the archetype), each met
//! or missed by the tags the reply earned.

use std::collections::BTreeSet;

use super::assessment::{ExpectationResult, Finding};
use super::Scorer;

impl Scorer {
    /// Expectations for a customer's message when no scenario gives them.
    pub fn infer_expectations(&self, customer: &str, archetype: Option<&str>) -> Vec<String> {
        let mut ids: BTreeSet<String> = BTreeSet::new();
        if let Some(list) = archetype.and_then(|a| self.rules.archetypes.get(a)) {
            ids.extend(list.iter().cloned());
        }
        let text = crate::text::normalize(customer);
        for m in self.cues.find_overlapping_iter(&text) {
            let cue = &self.rules.cues[self.cue_of_pattern[m.pattern().as_usize()]];
            ids.extend(cue.expect.iter().cloned());
        }
        ids.into_iter().collect()
    }

    /// Meets or misses each expectation; returns the results and whether any
    /// expectation that shows engagement (not mere calm or courtesy) was met.
    pub(super) fn check_expectations(
        &self,
        ids: &[String],
        tags: &BTreeSet<&str>,
        degenerate: bool,
        lenient: bool,
        stood_in: &BTreeSet<&'static str>,
        findings: &mut Vec<Finding>,
    ) -> (Vec<ExpectationResult>, bool) {
        let mut results = Vec::new();
        let mut any_met = false;
        for id in ids {
            let Some(spec) = self.rules.expectations.get(id) else {
                continue;
            };
            let satisfied = spec.satisfied_by.iter().any(|t| tags.contains(t.as_str()));
            let violated = spec.violated_by.iter().any(|t| tags.contains(t.as_str()));
            let met = satisfied && !violated && !degenerate;
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
            // Leniency never covers a miss that a formula stood in for.
            let lenient = lenient
                && !spec
                    .satisfied_by
                    .iter()
                    .any(|t| stood_in.contains(t.as_str()));
            if points != 0 && !(lenient && !met && points < 0) {
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
        (results, any_met)
    }
}
