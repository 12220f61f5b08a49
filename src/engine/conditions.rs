//! Whether a transition's condition holds for a scored reply: scores,
//! findings, mood, and the acts the reply made.

use crate::scenario::{Condition, Mood, Presumption, UNANSWERED};
use crate::scorer::{Act, Assessment};

/// Whether a transition's condition holds for a scored reply and the mood after it.
pub fn holds(condition: &Condition, assessment: &Assessment, mood: Mood) -> bool {
    let at_least = |value: u8, bound: Option<u8>| bound.is_none_or(|b| value >= b);
    let below = |value: u8, bound: Option<u8>| bound.is_none_or(|b| value < b);
    at_least(assessment.overall, condition.overall_at_least)
        && below(assessment.overall, condition.overall_below)
        && condition
            .at_least
            .iter()
            .all(|(c, &b)| assessment.score(*c) >= b)
        && condition
            .below
            .iter()
            .all(|(c, &b)| assessment.score(*c) < b)
        && condition
            .finding
            .as_ref()
            .is_none_or(|r| assessment.has_rule(r))
        && condition
            .without_finding
            .as_ref()
            .is_none_or(|r| !assessment.has_rule(r))
        && at_least(mood.anger, condition.anger_at_least)
        && below(mood.anger, condition.anger_below)
        && at_least(mood.trust, condition.trust_at_least)
        && below(mood.trust, condition.trust_below)
        && condition
            .answered
            .is_none_or(|answered| answered != assessment.has_rule(UNANSWERED))
        && condition.without_act.as_ref().is_none_or(|without| {
            !assessment.acts.iter().any(|a| without.contains(a.act))
        })
        && (condition.required_act().is_none()
            || matching_act(condition, &assessment.acts).is_some())
}

/// The first act that satisfies the condition's act test (`act`, `kind`,
/// minutes bounds), if the condition has one. The line the transition leads
/// to fills its slots from this act first: a transition on
/// `"kind": "partial_refund"` echoes the partial refund, not another offer
/// made in the same reply.
pub fn matching_act<'a>(condition: &Condition, acts: &'a [Act]) -> Option<&'a Act> {
    let act = condition.required_act()?;
    let kinds = condition.required_kinds();
    acts.iter().find(|a| {
        a.act == act
            && kinds
                .as_ref()
                .is_none_or(|ks| a.kind.as_ref().is_some_and(|k| ks.contains(k)))
            && condition
                .minutes_at_most
                .is_none_or(|m| a.minutes.is_some_and(|v| v <= m))
            && condition
                .minutes_above
                .is_none_or(|m| a.minutes.is_some_and(|v| v > m))
    })
}

/// Whether the acts include one that a line presumes.
pub fn presumed(presumption: &Presumption, acts: &[Act]) -> bool {
    acts.iter().any(|a| {
        a.act == presumption.act
            && presumption
                .kind
                .as_ref()
                .is_none_or(|ks| a.kind.as_deref().is_some_and(|k| ks.contains(k)))
            && presumption
                .minutes_at_most
                .is_none_or(|m| a.minutes.is_some_and(|v| v <= m))
            && presumption
                .minutes_above
                .is_none_or(|m| a.minutes.is_some_and(|v| v > m))
    })
}
