//! Customer lines that echo the trainee: `{promised_time}`, `{offer}`,
//! `{asked_for}`… filled from the acts of the reply that led to the line.
//! When a slot cannot be filled, or the line presumes an act the reply did
//! not make, the turn's `fallback` line is said instead, so the customer
//! never claims the trainee said something they did not.

use crate::i18n::Text;
use crate::scenario::{kind_name, pieces, Piece, Presumption, Slot};
use crate::scorer::Act;

use super::conditions::presumed;

/// The value of a slot from a reply's acts: `focus` (the act that satisfied
/// the transition's condition) first, then the reply's acts in order.
pub fn fill(slot: Slot, acts: &[Act], focus: Option<&Act>) -> Option<Text> {
    let fills = |a: &&Act| a.act == slot.act() && slot.takes_kind(a.kind.as_deref());
    let act = focus.filter(fills).or_else(|| acts.iter().find(fills))?;
    match slot {
        Slot::PromisedTime | Slot::PromisedAmount => {
            let value = act.value.as_deref()?.trim();
            (!value.is_empty()).then(|| Text::new(value, value))
        }
        Slot::Offer | Slot::AskedFor | Slot::Refused => kind_name(act.act, act.kind.as_deref()?),
    }
}

/// One language of a template with its slots filled, or `None` if a slot is
/// empty. With `capitalize`, a value that starts a sentence gets a capital
/// letter ("{asked_for}? 3388." → "A phone number? 3388.").
fn fill_line(
    template: &str,
    values: &dyn Fn(Slot) -> Option<String>,
    capitalize: bool,
) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 16);
    for piece in pieces(template).ok()? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(slot) => {
                let value = values(slot)?;
                if capitalize && starts_sentence(&out) {
                    let mut chars = value.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push_str(&value);
                }
            }
        }
    }
    Some(out)
}

/// Whether text appended to `before` starts a sentence: at the start, or
/// after ". ", "? ", "! " (opening quotes and brackets allowed in between).
fn starts_sentence(before: &str) -> bool {
    let trimmed =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '(' | '‘'));
    trimmed.is_empty()
        || (trimmed.len() < before.len() && trimmed.ends_with(['.', '?', '!', '…', ':']))
}

/// A template with every slot removed: what the scorer reads as the topic.
pub fn strip_slots(template: &str) -> String {
    match pieces(template) {
        Ok(pieces) => pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(t),
                Piece::Slot(_) => None,
            })
            .collect(),
        Err(_) => template.to_string(),
    }
}

/// The line as the customer says it after a reply with these acts. Falls
/// back to `fallback` when a slot is empty or a presumed act is missing;
/// without a fallback (the validator rejects a way in that needs one), the
/// empty slots are left out.
pub fn render(
    line: &Text,
    fallback: Option<&Text>,
    presumes: &[Presumption],
    acts: &[Act],
    focus: Option<&Act>,
) -> Text {
    let zh = |slot| fill(slot, acts, focus).map(|t| t.zh);
    let en = |slot| fill(slot, acts, focus).map(|t| t.en);
    let presumptions_hold = presumes.iter().all(|p| presumed(p, acts));
    match (
        presumptions_hold,
        fill_line(&line.zh, &zh, false),
        fill_line(&line.en, &en, true),
    ) {
        (true, Some(zh), Some(en)) => Text { zh, en },
        _ => match fallback {
            Some(fallback) => fallback.clone(),
            None => Text::new(strip_slots(&line.zh), strip_slots(&line.en)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorer::ActType;

    fn act(act: ActType, kind: &str, value: Option<&str>) -> Act {
        Act {
            act,
            kind: Some(kind.to_string()),
            value: value.map(str::to_string),
            minutes: None,
            span: [0, 1],
        }
    }

    #[test]
    fn slots_take_the_trainees_words_and_remedy_names() {
        let line = Text::new(
            "好，{promised_time}，{offer}。",
            "OK, {promised_time}, {offer}.",
        );
        let acts = [
            act(ActType::Offer, "remake", None),
            act(ActType::Commitment, "time", Some("半小时内")),
        ];
        let said = render(&line, None, &[], &acts, None);
        assert_eq!(
            said,
            Text::new("好，半小时内，重做。", "OK, 半小时内, a remake.")
        );
    }

    #[test]
    fn the_focus_act_wins_over_an_earlier_one() {
        let line = Text::new("那就{offer}吧。", "{offer}, then.");
        let acts = [
            act(ActType::Offer, "remake", None),
            act(ActType::Offer, "partial_refund", None),
        ];
        let said = render(&line, None, &[], &acts, Some(&acts[1]));
        assert_eq!(said.zh, "那就部分退款吧。");
        assert_eq!(
            said.en, "A partial refund, then.",
            "a sentence starts with a capital"
        );
        let mid = Text::new(
            "好，{offer}。",
            "Fine. “{offer}”, you say? OK, {offer} then.",
        );
        assert_eq!(
            render(&mid, None, &[], &acts, None).en,
            "Fine. “A remake”, you say? OK, a remake then."
        );
    }

    #[test]
    fn an_empty_slot_or_a_missing_presumed_act_gives_the_fallback() {
        let line = Text::new("你说{promised_time}。", "You said {promised_time}.");
        let fallback = Text::new("那你快点。", "Hurry up, then.");
        assert_eq!(render(&line, Some(&fallback), &[], &[], None), fallback);
        // An offer does not fill a time.
        let offer = [act(ActType::Offer, "refund", None)];
        assert_eq!(render(&line, Some(&fallback), &[], &offer, None), fallback);
        let presumes = [Presumption {
            act: ActType::Offer,
            kind: Some(crate::scenario::Kinds(vec!["partial_refund".into()])),
            minutes_at_most: None,
            minutes_above: None,
        }];
        let plain = Text::new("那就退一半吧。", "Half back, then.");
        assert_eq!(
            render(&plain, Some(&fallback), &presumes, &offer, None),
            fallback
        );
        let half = [act(ActType::Offer, "partial_refund", None)];
        assert_eq!(
            render(&plain, Some(&fallback), &presumes, &half, None),
            plain
        );
    }

    #[test]
    fn a_question_about_other_fills_no_asked_for() {
        let line = Text::new("{asked_for}？", "{asked_for}?");
        let other = [act(ActType::Question, "other", None)];
        assert_eq!(render(&line, None, &[], &other, None), Text::new("？", "?"));
        let photo = [act(ActType::Question, "photo", None)];
        assert_eq!(
            render(&line, None, &[], &photo, None),
            Text::new("照片？", "Photos?")
        );
    }
}
