//! A finding's words from its rule: what lets a stored finding keep only its
//! rule id, points and span, and get its message, section and suggestion
//! back from the rules when it is read (see `progress::compact`).

use crate::i18n::Text;

use super::detectors::Detector;
use super::{RuleSet, Scorer};

/// The words of a finding, as its rule gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub message: Text,
    pub section: String,
    pub suggestion: Option<Text>,
}

impl RuleSet {
    /// The message, section and suggestion the scorer gives a finding of
    /// `rule` worth `points` (expectations differ when met and missed), or
    /// `None` for a rule these rules do not have. Needs the rules only, not
    /// the compiled scorer: the browser reads stored progress at start,
    /// before the scorer is built.
    pub fn explain(&self, rule: &str, points: i32) -> Option<Explanation> {
        if let Some(rule) = self.rules.iter().find(|r| r.id == rule) {
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
        let spec = self.expectations.get(rule.strip_prefix("expect.")?)?;
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

impl Scorer {
    /// See [`RuleSet::explain`].
    pub fn explain(&self, rule: &str, points: i32) -> Option<Explanation> {
        self.rules.explain(rule, points)
    }
}
