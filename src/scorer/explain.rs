//! A finding's words from its rule: what lets a stored finding keep only its
//! rule id, points and span, and get its message, section and suggestion
//! back from the rules when it is read (see `progress::compact`).

use crate::i18n::Text;

use super::detectors::Detector;
use super::Scorer;

/// The words of a finding, as its rule gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub message: Text,
    pub section: String,
    pub suggestion: Option<Text>,
}

impl Scorer {
    /// The message, section and suggestion the scorer gives a finding of
    /// `rule` worth `points` (expectations differ when met and missed), or
    /// `None` for a rule these rules do not have.
    pub fn explain(&self, rule: &str, points: i32) -> Option<Explanation> {
        if let Some(&index) = self.rule_by_id.get(rule) {
            let rule = &self.rules.rules[index];
            return Some(Explanation {
                message: rule.message.clone(),
                section: rule.section.clone(),
                suggestion: rule.suggestion.clone(),
            });
        }
        if let Some(detector) = Detector::parse(rule) {
            let spec = self.detector(detector);
            return Some(Explanation {
                message: spec.message.clone(),
                section: spec.section.clone(),
                suggestion: spec.suggestion.clone(),
            });
        }
        let spec = self.rules.expectations.get(rule.strip_prefix("expect.")?)?;
        // Met and missed are told apart by their points, as the scorer gave them.
        let met = points == spec.met && (spec.met != spec.missed || points > 0);
        Some(Explanation {
            message: if met {
                spec.met_message.clone()
            } else {
                spec.missed_message.clone()
            },
            section: spec.section.clone(),
            suggestion: if met { None } else { spec.suggestion.clone() },
        })
    }
}
