//! The scorer's company-policy hook: after the built-in rules have scored a
//! reply, the active policy (`crate::policy`) adjusts the assessment.
//!
//! - A reply that quotes one of the company's real offers is honest: a
//!   built-in "unauthorised discount" finding in the same clause as the
//!   quoted offer is taken back, and the reply gets the offer's finding
//!   (citing the policy line). Inventing a discount elsewhere still costs
//!   what it always did.
//! - A stated policy fact (return window, delivery time) takes back an
//!   "absolute promise" or "false claim" finding in its clause.
//! - A forbidden phrase is a finding citing the policy; a wanted phrase
//!   earns its points.
//!
//! The built-in rules are the base: only findings in the very clause of a
//! quoted offer or fact are taken back, and the validator refuses a policy
//! phrase that is itself a penalised phrase of a built-in rule, so a policy
//! cannot switch a rule off.
//!
//! The active policy is kept per thread (the browser has one; native tests
//! scope it with [`with_policy`]), so scoring needs no new parameter at its
//! many call sites and a reply scored with no policy is scored exactly as
//! before.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::i18n::Text;
use crate::policy::{Item, Kind, Policy};
use crate::text::{is_clause_break, normalize, Normalized};

use super::assessment::{Assessment, Finding};
use super::rules::Competency;
use super::Scorer;

/// Built-in rules a quoted offer makes honest.
const EXCUSED_BY_OFFER: &[&str] = &["integrity.unauthorised_discount"];
/// Built-in rules a stated fact makes honest.
const EXCUSED_BY_FACT: &[&str] = &["integrity.absolute_promise", "integrity.false_claim"];

thread_local! {
    static ACTIVE: RefCell<Option<Rc<Policy>>> = const { RefCell::new(None) };
}

/// Make `policy` the one every score on this thread takes into account
/// (`None`: the built-in rules alone).
pub fn set_active(policy: Option<Policy>) {
    ACTIVE.with(|a| *a.borrow_mut() = policy.map(Rc::new));
}

/// The active policy, if any.
pub fn active() -> Option<Rc<Policy>> {
    ACTIVE.with(|a| a.borrow().clone())
}

/// Run `f` with `policy` active, then restore what was active before.
pub fn with_policy<R>(policy: Option<&Policy>, f: impl FnOnce() -> R) -> R {
    let before = active();
    ACTIVE.with(|a| *a.borrow_mut() = policy.cloned().map(Rc::new));
    let result = f();
    ACTIVE.with(|a| *a.borrow_mut() = before);
    result
}

/// Where the item's phrases occur in the reply: character ranges.
fn occurrences(text: &Normalized, item: &Item) -> Vec<[usize; 2]> {
    let mut found = Vec::new();
    for phrase in &item.phrases {
        let needle = normalize(phrase.trim());
        if needle.is_empty() {
            continue;
        }
        let latin = needle.chars().all(|c| c.is_ascii());
        for (start, _) in text.text.match_indices(&needle) {
            let end = start + needle.len();
            // A Latin phrase is a word: "member discount" is not inside "nonmember discounts".
            if latin {
                let before = text.text[..start].chars().next_back();
                let after = text.text[end..].chars().next();
                if before.is_some_and(|c| c.is_ascii_alphanumeric())
                    || after.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            found.push([text.char_index(start), text.char_index(end)]);
        }
    }
    found.sort();
    found
}

/// The clause (between clause breaks, in characters) around a range.
fn clause(chars: &[char], span: [usize; 2]) -> [usize; 2] {
    // A colon or a dash joins what it explains ("I'll give you a discount:
    // members get 5% off"); a comma or a full stop separates ("满99包邮，
    // 我再给您打个折" invents a second discount).
    let breaks = |c: &char| {
        (is_clause_break(*c) && !matches!(*c, ':' | '~'))
            || matches!(*c, '。' | '，' | '！' | '？' | '；' | '、')
    };
    let start = chars[..span[0].min(chars.len())]
        .iter()
        .rposition(breaks)
        .map_or(0, |i| i + 1);
    let end = chars[span[1].min(chars.len())..]
        .iter()
        .position(breaks)
        .map_or(chars.len(), |i| span[1] + i);
    [start, end]
}

fn overlaps(a: [usize; 2], b: [usize; 2]) -> bool {
    a[0] < b[1] && b[0] < a[1]
}

/// The finding an item gives.
pub fn finding(kind: Kind, item: &Item, span: Option<[usize; 2]>) -> Finding {
    Finding {
        competency: item.competency,
        rule: format!("{}{}", kind.rule_prefix(), item.id),
        points: item.points,
        span,
        message: Text::new(
            format!("{}（公司政策：{}）", item.message.zh, item.line.zh),
            format!("{} (company policy: {})", item.message.en, item.line.en),
        ),
        section: format!("Policy · {}", item.id),
        suggestion: None,
    }
}

impl Scorer {
    /// The assessment with the active policy taken into account (unchanged
    /// when there is none or none of its phrases occur).
    pub(super) fn apply_active_policy(&self, reply: &str, assessment: Assessment) -> Assessment {
        match active() {
            Some(policy) => self.apply_policy(&policy, reply, assessment),
            None => assessment,
        }
    }

    /// See the module documentation.
    pub fn apply_policy(
        &self,
        policy: &Policy,
        reply: &str,
        mut assessment: Assessment,
    ) -> Assessment {
        if reply.trim().is_empty() || policy.is_empty() {
            return assessment;
        }
        let text = Normalized::new(reply);
        let chars: Vec<char> = reply.chars().collect();
        let mut added: Vec<Finding> = Vec::new();
        // Clauses where an offer or a fact is quoted, with what they excuse.
        let mut excusing: Vec<([usize; 2], &[&str])> = Vec::new();
        for (kind, item) in policy.items() {
            let found = occurrences(&text, item);
            let Some(&first) = found.first() else {
                continue;
            };
            match kind {
                Kind::Offer => {
                    for &span in &found {
                        excusing.push((clause(&chars, span), EXCUSED_BY_OFFER));
                    }
                }
                Kind::Fact => {
                    for &span in &found {
                        excusing.push((clause(&chars, span), EXCUSED_BY_FACT));
                    }
                }
                Kind::Forbidden | Kind::Wanted => {}
            }
            if item.points != 0 {
                added.push(finding(kind, item, Some(first)));
            }
        }
        if added.is_empty() && excusing.is_empty() {
            return assessment;
        }
        let before = assessment.scores;
        let mut removed: Vec<Finding> = Vec::new();
        assessment.findings.retain(|f| {
            let excused = f.span.is_some_and(|span| {
                excusing.iter().any(|(clause, rules)| {
                    rules.contains(&f.rule.as_str()) && overlaps(*clause, span)
                })
            });
            if excused {
                removed.push(f.clone());
            }
            !excused
        });
        // An expectation missed because of an excused finding ("hold the
        // price" broken by what was in fact the company's own offer) is no
        // longer penalised; and quoting a real offer holds the price, so
        // that expectation is met — unless something still breaks it.
        let tags_of = |rule: &str| -> Vec<&str> {
            self.rule_by_id
                .get(rule)
                .map(|&i| {
                    self.rules.rules[i]
                        .tags
                        .iter()
                        .map(String::as_str)
                        .collect()
                })
                .unwrap_or_default()
        };
        let excused_tags: Vec<&str> = removed.iter().flat_map(|f| tags_of(&f.rule)).collect();
        let still_tags: Vec<&str> = assessment
            .findings
            .iter()
            .filter(|f| f.points < 0)
            .flat_map(|f| tags_of(&f.rule))
            .collect();
        let quoted_offer = excusing.iter().any(|(_, r)| *r == EXCUSED_BY_OFFER);
        for result in assessment.expectations.iter_mut().filter(|r| !r.met) {
            let Some(spec) = self.rules.expectations.get(&result.id) else {
                continue;
            };
            if spec
                .violated_by
                .iter()
                .any(|t| still_tags.contains(&t.as_str()))
            {
                continue;
            }
            let was_excused = spec
                .violated_by
                .iter()
                .any(|t| excused_tags.contains(&t.as_str()));
            let now_met = quoted_offer && spec.satisfied_by.iter().any(|t| t == "hold_price");
            if !was_excused && !now_met {
                continue;
            }
            let rule = format!("expect.{}", result.id);
            if let Some(at) = assessment.findings.iter().position(|f| f.rule == rule) {
                removed.push(assessment.findings.remove(at));
            }
            if now_met {
                result.met = true;
                added.push(Finding {
                    competency: spec.competency,
                    rule,
                    points: spec.met,
                    span: None,
                    message: spec.met_message.clone(),
                    section: spec.section.clone(),
                    suggestion: None,
                });
            }
        }
        // Scores move by what was taken back and added, competency by
        // competency; the overall score moves as the combination does (so a
        // factor already applied to it, like an off-topic reply's, stays).
        let mut delta: BTreeMap<Competency, i32> = BTreeMap::new();
        for f in &removed {
            *delta.entry(f.competency).or_default() -= f.points;
        }
        for f in &added {
            *delta.entry(f.competency).or_default() += f.points;
        }
        let mut scores = before;
        for competency in Competency::FOUR {
            let d = delta.get(&competency).copied().unwrap_or(0);
            scores.set(
                competency,
                (before.get(competency) as i32 + d).clamp(0, 100) as u8,
            );
        }
        let moved = self.combine(&scores) as i32 - self.combine(&before) as i32;
        assessment.overall = (assessment.overall as i32 + moved).clamp(0, 100) as u8;
        assessment.scores = scores;
        assessment.findings.extend(added);
        assessment
    }
}
