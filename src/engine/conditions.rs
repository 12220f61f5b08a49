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
        && condition
            .without_act
            .as_ref()
            .is_none_or(|without| !assessment.acts.iter().any(|a| without.contains(a.act)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;
    use crate::scorer::Competency;
    use crate::scorer::{ActType, Finding, Scores};

    fn act(act: ActType, kind: Option<&str>, minutes: Option<u32>) -> Act {
        Act {
            act,
            kind: kind.map(str::to_string),
            value: None,
            minutes,
            span: [0, 1],
        }
    }

    fn assessment(acts: Vec<Act>, rules: &[&str]) -> Assessment {
        Assessment {
            scores: Scores::default(),
            overall: 60,
            findings: rules
                .iter()
                .map(|r| Finding {
                    competency: Competency::Patience,
                    rule: r.to_string(),
                    points: -10,
                    span: None,
                    message: Text::default(),
                    section: "02 §3.10".into(),
                    suggestion: None,
                })
                .collect(),
            expectations: Vec::new(),
            acts,
        }
    }

    fn when(json: &str) -> Condition {
        serde_json::from_str(json).unwrap()
    }

    const MOOD: Mood = Mood {
        anger: 50,
        trust: 50,
    };

    #[test]
    fn act_kind_and_minutes_must_hold_on_one_act() {
        let reply = assessment(
            vec![
                act(ActType::Offer, Some("remake"), None),
                act(ActType::Commitment, Some("time"), Some(120)),
                act(ActType::Commitment, Some("amount"), None),
            ],
            &[],
        );
        assert!(holds(&when(r#"{"act": "offer"}"#), &reply, MOOD));
        assert!(holds(
            &when(r#"{"act": "offer", "kind": ["refund", "remake"]}"#),
            &reply,
            MOOD
        ));
        assert!(!holds(
            &when(r#"{"act": "offer", "kind": "refund"}"#),
            &reply,
            MOOD
        ));
        assert!(holds(&when(r#"{"minutes_above": 60}"#), &reply, MOOD));
        assert!(!holds(&when(r#"{"minutes_at_most": 60}"#), &reply, MOOD));
        assert!(holds(
            &when(r#"{"minutes_above": 60, "minutes_at_most": 180}"#),
            &reply,
            MOOD
        ));
        // The amount commitment has no minutes: it meets no minutes bound.
        assert!(!holds(
            &when(r#"{"act": "commitment", "kind": "amount", "minutes_above": 0}"#),
            &reply,
            MOOD
        ));
        let matched = matching_act(
            &when(r#"{"act": "commitment", "kind": "amount"}"#),
            &reply.acts,
        );
        assert_eq!(matched.and_then(|a| a.kind.as_deref()), Some("amount"));
        // A clock time without minutes meets neither bound.
        let clock = assessment(vec![act(ActType::Commitment, Some("time"), None)], &[]);
        assert!(holds(
            &when(r#"{"act": "commitment", "kind": "time"}"#),
            &clock,
            MOOD
        ));
        assert!(!holds(&when(r#"{"minutes_at_most": 10000}"#), &clock, MOOD));
        assert!(!holds(&when(r#"{"minutes_above": 0}"#), &clock, MOOD));
    }

    #[test]
    fn without_act_and_answered() {
        let apology = assessment(vec![act(ActType::Apology, None, None)], &["unanswered"]);
        assert!(holds(&when(r#"{"without_act": "offer"}"#), &apology, MOOD));
        assert!(!holds(
            &when(r#"{"without_act": ["offer", "apology"]}"#),
            &apology,
            MOOD
        ));
        assert!(holds(&when(r#"{"answered": false}"#), &apology, MOOD));
        assert!(!holds(&when(r#"{"answered": true}"#), &apology, MOOD));
        let answer = assessment(vec![], &[]);
        assert!(holds(&when(r#"{"answered": true}"#), &answer, MOOD));
        assert!(!holds(&when(r#"{"answered": false}"#), &answer, MOOD));
        // Acts combine with scores and mood: all parts must hold.
        assert!(!holds(
            &when(r#"{"answered": true, "overall_at_least": 61}"#),
            &answer,
            MOOD
        ));
        assert!(!holds(
            &when(r#"{"answered": true, "anger_below": 50}"#),
            &answer,
            MOOD
        ));
    }

    #[test]
    fn presumptions_check_kind_and_minutes() {
        let acts = [act(ActType::Commitment, Some("time"), Some(300))];
        let presume = |json: &str| -> Presumption { serde_json::from_str(json).unwrap() };
        assert!(presumed(
            &presume(r#"{"act": "commitment", "kind": "time", "minutes_above": 240}"#),
            &acts
        ));
        assert!(!presumed(
            &presume(r#"{"act": "commitment", "kind": "time", "minutes_at_most": 240}"#),
            &acts
        ));
        assert!(!presumed(&presume(r#"{"act": "offer"}"#), &acts));
    }
}
