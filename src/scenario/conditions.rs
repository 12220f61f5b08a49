//! Reasoning about conditions without playing: which acts a condition
//! guarantees (so a line may take them for granted), and whether one
//! condition implies another (so a later transition can never be taken).
//! Both are sound but not complete: "guaranteed" and "implies" are only
//! claimed when they hold for every reply.

use std::collections::BTreeSet;

use crate::scorer::{ActSpec, ActType, Competency};

use super::model::{kind_name, Condition, Presumption, Slot, UNANSWERED};

/// The kinds an act type can have, from the scorer's act phrase lists
/// (`None`: the type has no kinds, like an apology).
pub fn kinds_of(act: ActType, spec: &ActSpec) -> Option<Vec<String>> {
    match act {
        ActType::Offer | ActType::Refusal => Some(spec.offer.keys().cloned().collect()),
        ActType::Question => {
            let mut kinds: Vec<String> = spec.asks_for.keys().cloned().collect();
            kinds.push("other".into());
            Some(kinds)
        }
        ActType::Commitment => Some(vec!["time".into(), "amount".into()]),
        ActType::Apology | ActType::Transfer | ActType::Leak | ActType::SideDeal => None,
    }
}

/// Whether every reply that meets `condition` fills `slot`.
pub fn guarantees_slot(condition: &Condition, slot: Slot, spec: &ActSpec) -> bool {
    if condition.required_act() != Some(slot.act()) {
        return false;
    }
    let kinds = condition
        .required_kinds()
        .or_else(|| kinds_of(slot.act(), spec).filter(|k| !k.is_empty()));
    match kinds {
        Some(kinds) => kinds.iter().all(|k| slot.takes_kind(Some(k))),
        None => false,
    }
}

/// Whether every reply that meets `condition` makes the presumed act.
pub fn guarantees_act(condition: &Condition, presumption: &Presumption) -> bool {
    if condition.required_act() != Some(presumption.act) {
        return false;
    }
    let kinds = match (&presumption.kind, condition.required_kinds()) {
        (None, _) => true,
        (Some(wanted), Some(given)) => given.iter().all(|k| wanted.contains(k)),
        (Some(_), None) => false,
    };
    let within = match (
        minutes_range(presumption.minutes_at_most, presumption.minutes_above),
        minutes_range(condition.minutes_at_most, condition.minutes_above),
    ) {
        (None, _) => true,
        (Some(wanted), Some(given)) => wanted.contains(given),
        (Some(_), None) => false,
    };
    kinds && within
}

/// The minutes a bound allows, as a range, if bounded.
fn minutes_range(at_most: Option<u32>, above: Option<u32>) -> Option<Range> {
    (at_most.is_some() || above.is_some()).then(|| {
        Range::new(
            above.map(|m| i64::from(m) + 1),
            at_most.map(|m| i64::from(m) + 1),
        )
    })
}

/// An act type with its article, for messages: "an offer", "a refusal".
pub fn a_act(act: ActType) -> String {
    let id = act.id().replace('_', " ");
    let article = if id.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {id}")
}

/// A presumption in words: "an offer of kind partial_refund".
pub fn describe(presumption: &Presumption) -> String {
    let mut out = a_act(presumption.act);
    if let Some(kinds) = &presumption.kind {
        out.push_str(&format!(" of kind {}", kinds.0.join(" or ")));
    }
    if let Some(m) = presumption.minutes_above {
        out.push_str(&format!(" more than {m} minutes off"));
    }
    if let Some(m) = presumption.minutes_at_most {
        out.push_str(&format!(" within {m} minutes"));
    }
    out
}

/// The slot a noun fills in words, for messages: "{offer}".
pub fn slot_name(slot: Slot) -> String {
    format!("{{{}}}", slot.id())
}

/// A half-open range `[low, high)` of a number a condition bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    low: i64,
    high: i64,
}

impl Range {
    fn new(at_least: Option<i64>, below: Option<i64>) -> Range {
        Range {
            low: at_least.unwrap_or(i64::MIN),
            high: below.unwrap_or(i64::MAX),
        }
    }

    fn contains(self, other: Range) -> bool {
        self.low <= other.low && other.high <= self.high
    }
}

/// A condition as plain constraints, for comparing two of them.
struct Constraints {
    ranges: Vec<Range>,
    required: BTreeSet<String>,
    forbidden: BTreeSet<String>,
    act: Option<(ActType, Option<BTreeSet<String>>, Option<Range>)>,
    without: BTreeSet<ActType>,
}

fn constraints(c: &Condition) -> Constraints {
    let u = |v: Option<u8>| v.map(i64::from);
    let mut ranges = vec![
        Range::new(u(c.overall_at_least), u(c.overall_below)),
        Range::new(u(c.anger_at_least), u(c.anger_below)),
        Range::new(u(c.trust_at_least), u(c.trust_below)),
    ];
    for competency in Competency::FOUR {
        ranges.push(Range::new(
            u(c.at_least.get(&competency).copied()),
            u(c.below.get(&competency).copied()),
        ));
    }
    let mut required: BTreeSet<String> = c.finding.iter().cloned().collect();
    let mut forbidden: BTreeSet<String> = c.without_finding.iter().cloned().collect();
    match c.answered {
        Some(true) => {
            forbidden.insert(UNANSWERED.into());
        }
        Some(false) => {
            required.insert(UNANSWERED.into());
        }
        None => {}
    }
    let minutes = minutes_range(c.minutes_at_most, c.minutes_above);
    let act = c.required_act().map(|act| {
        (
            act,
            c.required_kinds().map(|k| k.into_iter().collect()),
            minutes,
        )
    });
    Constraints {
        ranges,
        required,
        forbidden,
        act,
        without: c
            .without_act
            .iter()
            .flat_map(|w| w.0.iter().copied())
            .collect(),
    }
}

/// Whether every reply (and mood) meeting `later` also meets `earlier`: then
/// a transition on `later` placed after one on `earlier` is never taken.
pub fn implies(later: &Condition, earlier: &Condition) -> bool {
    let l = constraints(later);
    let e = constraints(earlier);
    let ranges = e.ranges.iter().zip(&l.ranges).all(|(e, l)| e.contains(*l));
    let act = match (&e.act, &l.act) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some((ea, ek, em)), Some((la, lk, lm))) => {
            ea == la
                && match (ek, lk) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(ek), Some(lk)) => lk.is_subset(ek),
                }
                && match (em, lm) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(em), Some(lm)) => em.contains(*lm),
                }
        }
    };
    ranges
        && act
        && e.required.is_subset(&l.required)
        && e.forbidden.is_subset(&l.forbidden)
        && e.without.is_subset(&l.without)
}

/// Whether some reply (and mood) could meet both conditions: their score and
/// mood ranges overlap, neither requires a finding the other forbids, and
/// neither requires an act the other rules out.
pub fn can_both_hold(a: &Condition, b: &Condition) -> bool {
    let (ca, cb) = (constraints(a), constraints(b));
    let ranges = ca
        .ranges
        .iter()
        .zip(&cb.ranges)
        .all(|(x, y)| x.low.max(y.low) < x.high.min(y.high));
    let findings = ca.required.is_disjoint(&cb.forbidden) && cb.required.is_disjoint(&ca.forbidden);
    let acts = ca
        .act
        .as_ref()
        .is_none_or(|(act, ..)| !cb.without.contains(act))
        && cb
            .act
            .as_ref()
            .is_none_or(|(act, ..)| !ca.without.contains(act));
    ranges && findings && acts
}

/// Whether a kind id is one the slot can name (for messages on kinds).
pub fn nameable(act: ActType, kind: &str) -> bool {
    kind_name(act, kind).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Kinds;

    fn parse(json: &str) -> Condition {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_stricter_score_bound_is_implied_by_nothing_weaker() {
        let fifty = parse(r#"{"overall_at_least": 50}"#);
        let sixty = parse(r#"{"overall_at_least": 60}"#);
        assert!(implies(&sixty, &fifty), "60 after 50 is never taken");
        assert!(!implies(&fifty, &sixty), "50 after 60 is taken for 50–59");
        let sixty_refund = parse(r#"{"overall_at_least": 60, "act": "offer"}"#);
        assert!(implies(&sixty_refund, &fifty));
        assert!(!implies(&fifty, &sixty_refund));
    }

    #[test]
    fn act_kinds_and_minutes_narrow() {
        let any_offer = parse(r#"{"act": "offer"}"#);
        let refund = parse(r#"{"act": "offer", "kind": "refund"}"#);
        let refunds = parse(r#"{"act": "offer", "kind": ["refund", "partial_refund"]}"#);
        assert!(implies(&refund, &any_offer));
        assert!(implies(&refund, &refunds));
        assert!(!implies(&refunds, &refund));
        let time = parse(r#"{"act": "commitment", "kind": "time"}"#);
        let quick = parse(r#"{"minutes_at_most": 15}"#);
        let quicker = parse(r#"{"minutes_at_most": 10}"#);
        let slow = parse(r#"{"minutes_above": 15}"#);
        assert!(implies(&quick, &time));
        assert!(implies(&quicker, &quick));
        assert!(!implies(&quick, &quicker));
        assert!(!implies(&slow, &quick));
        assert!(
            !implies(&time, &quick),
            "a time without minutes is not under 15"
        );
    }

    #[test]
    fn conditions_that_can_hold_together() {
        let high = parse(r#"{"overall_at_least": 60}"#);
        let promise = parse(r#"{"finding": "integrity.absolute_promise"}"#);
        let low_promise =
            parse(r#"{"finding": "integrity.absolute_promise", "overall_below": 40}"#);
        let clean =
            parse(r#"{"overall_at_least": 60, "without_finding": "integrity.absolute_promise"}"#);
        assert!(can_both_hold(&high, &promise));
        assert!(!can_both_hold(&high, &low_promise));
        assert!(!can_both_hold(&clean, &promise));
        let no_deal = parse(r#"{"without_act": "side_deal"}"#);
        assert!(!can_both_hold(&no_deal, &parse(r#"{"act": "side_deal"}"#)));
    }

    #[test]
    fn findings_answered_and_without_act() {
        let unanswered = parse(r#"{"answered": false}"#);
        let finding = parse(r#"{"finding": "unanswered", "overall_below": 40}"#);
        assert!(implies(&finding, &unanswered));
        let no_offer = parse(r#"{"without_act": "offer"}"#);
        let neither = parse(r#"{"without_act": ["offer", "commitment"]}"#);
        assert!(implies(&neither, &no_offer));
        assert!(!implies(&no_offer, &neither));
    }

    #[test]
    fn guarantees_follow_the_condition() {
        let spec = crate::scorer::Scorer::builtin().rules().acts.clone();
        let time = parse(r#"{"act": "commitment", "kind": "time"}"#);
        let minutes = parse(r#"{"minutes_at_most": 30}"#);
        let any = parse(r#"{"act": "commitment"}"#);
        assert!(guarantees_slot(&time, Slot::PromisedTime, &spec));
        assert!(guarantees_slot(&minutes, Slot::PromisedTime, &spec));
        assert!(!guarantees_slot(&any, Slot::PromisedTime, &spec));
        assert!(guarantees_slot(
            &parse(r#"{"act": "offer"}"#),
            Slot::Offer,
            &spec
        ));
        assert!(!guarantees_slot(
            &parse(r#"{"act": "question"}"#),
            Slot::AskedFor,
            &spec
        ));
        assert!(guarantees_slot(
            &parse(r#"{"act": "question", "kind": ["photo", "order_number"]}"#),
            Slot::AskedFor,
            &spec
        ));
        let half = Presumption {
            act: ActType::Offer,
            kind: Some(Kinds(vec!["partial_refund".into()])),
            minutes_at_most: None,
            minutes_above: None,
        };
        let long_wait: Presumption =
            serde_json::from_str(r#"{"act": "commitment", "kind": "time", "minutes_above": 240}"#)
                .unwrap();
        assert!(guarantees_act(
            &parse(r#"{"minutes_above": 480}"#),
            &long_wait
        ));
        assert!(!guarantees_act(
            &parse(r#"{"minutes_above": 60}"#),
            &long_wait
        ));
        assert!(!guarantees_act(
            &parse(r#"{"act": "commitment", "kind": "time"}"#),
            &long_wait
        ));
        assert!(guarantees_act(
            &parse(r#"{"act": "offer", "kind": "partial_refund"}"#),
            &half
        ));
        assert!(!guarantees_act(&parse(r#"{"act": "offer"}"#), &half));
        assert!(!guarantees_act(
            &parse(r#"{"overall_at_least": 55}"#),
            &half
        ));
    }
}
