//! The conversation engine: plays a scenario turn by turn. Each reply is
//! scored, the customer's mood moves with the score, and the scenario's
//! transitions pick what the customer says next — by the reply's scores and
//! by what it did (its acts). The customer's next line is rendered from that
//! reply: slots take the trainee's own words (`slots`), an unanswered
//! question comes back once. The whole state is plain data (serde), so an
//! unfinished session can be saved and resumed.
//!
//! - `conditions`: whether a transition's condition holds;
//! - `slots`: filling `{promised_time}`, `{offer}`… and the fallback line;
//! - `debrief`: the ending note composed from what happened in this conversation.

mod conditions;
mod debrief;
pub mod rush;
mod slots;
pub mod voice;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::scenario::{Ending, Mood, Scenario, Target, Turn};
use crate::scorer::{Assessment, Competency, ScoreRequest, Scorer, Scores};

pub use conditions::{holds, matching_act, presumed};
pub use debrief::{compose_debrief, Debrief, Moment, Practice, TurningPoint};
pub use slots::{fill, render, strip_slots};

/// How strongly a reply's overall score moves the customer's mood.
#[derive(Clone, Copy, Debug)]
pub struct MoodModel {
    /// The overall score that leaves the customer as they were.
    pub neutral: i32,
    pub anger_per_point: f64,
    pub trust_per_point: f64,
    /// Extra anger for a finding that costs this many points or more.
    pub severe_finding: i32,
    pub severe_anger: i32,
    /// Extra anger when the customer waited longer than the scenario allows.
    pub late_anger: i32,
}

impl Default for MoodModel {
    fn default() -> MoodModel {
        MoodModel {
            neutral: 55,
            anger_per_point: 0.6,
            trust_per_point: 0.5,
            severe_finding: 25,
            severe_anger: 10,
            late_anger: 12,
        }
    }
}

impl MoodModel {
    pub fn react(&self, mood: Mood, assessment: &Assessment, late: bool) -> Mood {
        let delta = assessment.overall as i32 - self.neutral;
        let severe = assessment
            .findings
            .iter()
            .any(|f| f.points <= -self.severe_finding && f.competency != Competency::Overall);
        let mut anger = mood.anger as f64 - delta as f64 * self.anger_per_point;
        let mut trust = mood.trust as f64 + delta as f64 * self.trust_per_point;
        if severe {
            anger += self.severe_anger as f64;
            trust -= self.severe_anger as f64;
        }
        if late {
            anger += self.late_anger as f64;
        }
        Mood {
            anger: anger.round().clamp(0.0, 100.0) as u8,
            trust: trust.round().clamp(0.0, 100.0) as u8,
        }
    }
}

/// One customer line and the trainee's reply to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub turn: String,
    /// Which of the turn's line variants the customer said.
    pub variant: usize,
    /// The line as the customer said it, slots filled (empty in sessions
    /// saved before lines had slots: then the authored line is shown).
    #[serde(default, skip_serializing_if = "is_empty_text")]
    pub said: Text,
    /// The customer was repeating the turn's unanswered question.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
    pub reply: String,
    /// The authored option picked in beginner mode, if any.
    pub option: Option<usize>,
    pub assessment: Assessment,
    pub mood_before: Mood,
    pub mood_after: Mood,
    /// The reply came after the scenario's time limit.
    #[serde(default)]
    pub late: bool,
}

/// Where the conversation stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub scenario: String,
    pub seed: u64,
    pub mood: Mood,
    /// The current turn id, or the ending id once over.
    pub at: String,
    pub over: bool,
    /// The variant of the current turn's line.
    pub variant: usize,
    /// The current line as the customer says it, slots filled (empty in
    /// sessions saved before lines had slots).
    #[serde(default, skip_serializing_if = "is_empty_text")]
    pub said: Text,
    /// The customer is repeating the current turn's question, which the last
    /// reply left unanswered; the next reply moves on by the transitions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
    pub exchanges: Vec<Exchange>,
}

fn is_empty_text(text: &Text) -> bool {
    text.zh.is_empty() && text.en.is_empty()
}

/// The authored line of a turn as said with no reply behind it: the variant,
/// or the fallback if the variant needs a reply's acts.
fn authored<'s>(turn: &'s Turn, variant: usize) -> Option<&'s Text> {
    let line = turn.line.get(variant).or_else(|| turn.line.first())?;
    let needs_reply = !turn.presumes.is_empty()
        || !crate::scenario::slots_in(&line.zh).is_empty()
        || !crate::scenario::slots_in(&line.en).is_empty();
    match (&turn.fallback, needs_reply) {
        (Some(fallback), true) => Some(fallback),
        _ => Some(line),
    }
}

impl Conversation {
    pub fn start(scenario: &Scenario, seed: u64) -> Conversation {
        let first = scenario.start();
        let variant = pick_variant(seed, 0, first);
        Conversation {
            scenario: scenario.id.clone(),
            seed,
            mood: scenario.mood,
            at: first.id.clone(),
            over: false,
            variant,
            said: authored(first, variant).cloned().unwrap_or_default(),
            repeat: false,
            exchanges: Vec::new(),
        }
    }

    /// A conversation placed at a turn, as if the customer had just said its
    /// line after a reply with these acts (for tests and previews).
    pub fn at_turn(
        scenario: &Scenario,
        turn: &Turn,
        seed: u64,
        acts: &[crate::scorer::Act],
    ) -> Conversation {
        let mut conversation = Conversation::start(scenario, seed);
        conversation.at = turn.id.clone();
        conversation.variant = pick_variant(seed, 0, turn);
        let line = turn
            .line
            .get(conversation.variant)
            .or_else(|| turn.line.first());
        conversation.said = render(
            line.unwrap_or(&Text::default()),
            turn.fallback.as_ref(),
            &turn.presumes,
            acts,
            None,
        );
        conversation
    }

    pub fn turn<'s>(&self, scenario: &'s Scenario) -> Option<&'s Turn> {
        if self.over {
            None
        } else {
            scenario.turn(&self.at)
        }
    }

    pub fn ending<'s>(&self, scenario: &'s Scenario) -> Option<&'s Ending> {
        if self.over {
            scenario.ending(&self.at)
        } else {
            None
        }
    }

    /// What the customer is saying now, as said (slots filled, or the
    /// unanswered question repeated).
    pub fn line<'a>(&'a self, scenario: &'a Scenario) -> Option<&'a Text> {
        let turn = self.turn(scenario)?;
        if is_empty_text(&self.said) {
            authored(turn, self.variant)
        } else {
            Some(&self.said)
        }
    }

    /// What the scorer reads as the customer's words now: every variant of
    /// the turn's line (see [`customer_context`]), and the repeated question
    /// when the customer is repeating it.
    pub fn customer_context(&self, scenario: &Scenario) -> Option<String> {
        let turn = self.turn(scenario)?;
        let mut context = customer_context(turn);
        if self.repeat {
            context.push('\n');
            context.push_str(&self.said.zh);
            context.push('\n');
            context.push_str(&self.said.en);
        }
        Some(context)
    }

    /// The composed debrief of a finished conversation (see [`compose_debrief`]).
    pub fn debrief(&self, scenario: &Scenario) -> Option<Debrief> {
        compose_debrief(scenario, self)
    }

    /// The order to show the current turn's authored options in: shuffled,
    /// so the good reply is not always first, and reproducible from the seed.
    pub fn option_order(&self, turn: &Turn) -> Vec<usize> {
        use rand::seq::SliceRandom;
        let mut order: Vec<usize> = (0..turn.options.len()).collect();
        let step = self.exchanges.len() as u64;
        let mut rng = SmallRng::seed_from_u64(
            self.seed.rotate_left(17) ^ step.wrapping_mul(0xA076_1D64_78BD_642F),
        );
        order.shuffle(&mut rng);
        order
    }

    /// The line a past exchange answered, as the customer said it.
    pub fn line_of<'a>(scenario: &'a Scenario, exchange: &'a Exchange) -> Option<&'a Text> {
        if is_empty_text(&exchange.said) {
            authored(scenario.turn(&exchange.turn)?, exchange.variant)
        } else {
            Some(&exchange.said)
        }
    }

    /// Score a reply to the customer's current line, without moving on. The
    /// one scoring entry point: coaching while typing and sending both use it,
    /// so a hint never disagrees with the score the reply then gets.
    pub fn assess(
        &self,
        scenario: &Scenario,
        scorer: &Scorer,
        reply: &str,
        late: bool,
    ) -> Option<Assessment> {
        let turn = self.turn(scenario)?;
        let customer = self.customer_context(scenario)?;
        Some(scorer.score(&ScoreRequest {
            customer: &customer,
            reply,
            archetype: Some(scenario.archetype.id()),
            expectations: Some(&turn.expect),
            waited_too_long: late,
        }))
    }

    /// Score a reply, move the mood and follow the first transition that holds.
    /// Returns `None` if the conversation is already over.
    ///
    /// The next line is rendered from the reply's acts (slots, presumed acts,
    /// fallback). If the reply left the customer's question unanswered, the
    /// turn has an `unanswered` line, the customer is not already repeating
    /// it, the transition taken does not itself test `answered`, and it
    /// leads to a turn (not an ending), the customer stays on the turn and
    /// repeats the question instead; the next reply is routed as usual.
    pub fn respond(
        &mut self,
        scenario: &Scenario,
        scorer: &Scorer,
        reply: &str,
        option: Option<usize>,
        late: bool,
    ) -> Option<&Exchange> {
        let turn = self.turn(scenario)?;
        let assessment = self.assess(scenario, scorer, reply, late)?;
        let mood_after = MoodModel::default().react(self.mood, &assessment, late);
        let taken = turn.next.iter().find(|t| {
            t.when
                .as_ref()
                .is_none_or(|c| holds(c, &assessment, mood_after))
        });
        let next = taken
            .map(|t| t.to.clone())
            .unwrap_or_else(|| scenario.endings[0].id.clone());
        let focus = taken
            .and_then(|t| t.when.as_ref())
            .and_then(|c| matching_act(c, &assessment.acts))
            .cloned();
        let repeat = !self.repeat
            && assessment.has_rule(crate::scenario::UNANSWERED)
            && turn.unanswered.is_some()
            && !taken
                .and_then(|t| t.when.as_ref())
                .is_some_and(|c| c.tests_answered())
            && matches!(scenario.target(&next), Some(Target::Turn(_)));
        let said = self.line(scenario).cloned().unwrap_or_default();
        self.exchanges.push(Exchange {
            turn: turn.id.clone(),
            variant: self.variant,
            said,
            repeat: self.repeat,
            reply: reply.to_string(),
            option,
            assessment,
            mood_before: self.mood,
            mood_after,
            late,
        });
        self.mood = mood_after;
        let acts = &self.exchanges.last()?.assessment.acts;
        if repeat {
            self.repeat = true;
            self.said = turn.unanswered.clone().unwrap_or_default();
            return self.exchanges.last();
        }
        self.repeat = false;
        match scenario.target(&next) {
            Some(Target::Turn(turn)) => {
                self.at = turn.id.clone();
                self.variant = pick_variant(self.seed, self.exchanges.len(), turn);
                let line = turn.line.get(self.variant).or_else(|| turn.line.first());
                self.said = render(
                    line.unwrap_or(&Text::default()),
                    turn.fallback.as_ref(),
                    &turn.presumes,
                    acts,
                    focus.as_ref(),
                );
            }
            _ => {
                self.at = next;
                self.over = true;
                self.said = Text::default();
            }
        }
        self.exchanges.last()
    }

    /// Take back the last reply (practice mode's "try this turn again").
    pub fn undo(&mut self) -> Option<Exchange> {
        let last = self.exchanges.pop()?;
        self.at = last.turn.clone();
        self.variant = last.variant;
        self.said = last.said.clone();
        self.repeat = last.repeat;
        self.mood = last.mood_before;
        self.over = false;
        Some(last)
    }

    /// The mean of each competency over all replies so far.
    pub fn average(&self) -> Option<Scores> {
        average(self.exchanges.iter().map(|e| &e.assessment.scores))
    }

    pub fn average_overall(&self) -> Option<u8> {
        let n = self.exchanges.len() as u32;
        (n > 0).then(|| {
            (self
                .exchanges
                .iter()
                .map(|e| e.assessment.overall as u32)
                .sum::<u32>()
                / n) as u8
        })
    }
}

/// The mean of several score sets, rounded.
pub fn average<'a>(scores: impl Iterator<Item = &'a Scores>) -> Option<Scores> {
    let mut sums = [0u32; 4];
    let mut count = 0u32;
    for s in scores {
        for (sum, c) in sums.iter_mut().zip(Competency::FOUR) {
            *sum += s.get(c) as u32;
        }
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let mut out = Scores::default();
    for (sum, c) in sums.iter().zip(Competency::FOUR) {
        out.set(c, ((*sum as f64) / count as f64).round() as u8);
    }
    Some(out)
}

/// What the scorer reads as the customer's words at a turn: every variant of
/// the line and its fallback, in both languages, slots left out. A reply in
/// either language then touches the topic, and the score does not depend on
/// which rephrasing was drawn or what filled its slots.
pub fn customer_context(turn: &Turn) -> String {
    turn.line
        .iter()
        .chain(&turn.fallback)
        .flat_map(|l| [strip_slots(&l.zh), strip_slots(&l.en)])
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reproducible from the seed: the same session replays the same lines.
fn pick_variant(seed: u64, step: usize, turn: &Turn) -> usize {
    if turn.line.len() <= 1 {
        return 0;
    }
    let mut rng = SmallRng::seed_from_u64(seed ^ (step as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    rng.random_range(0..turn.line.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::builtin;

    #[test]
    fn option_order_is_a_reproducible_shuffle() {
        let scenario = &builtin().scenarios[0];
        let turn = scenario.start();
        let mut seen_first = std::collections::BTreeSet::new();
        for seed in 0..40 {
            let conversation = Conversation::start(scenario, seed);
            let order = conversation.option_order(turn);
            assert_eq!(
                order,
                conversation.option_order(turn),
                "same seed, same order"
            );
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(
                sorted,
                (0..turn.options.len()).collect::<Vec<_>>(),
                "a permutation"
            );
            seen_first.insert(order[0]);
        }
        assert!(
            seen_first.len() > 1,
            "the first option varies between sessions"
        );
    }
}
