//! The conversation engine: plays a scenario turn by turn. Each reply is
//! scored, the customer's mood moves with the score, and the scenario's
//! transitions pick what the customer says next. The whole state is plain
//! data (serde), so an unfinished session can be saved and resumed.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::scenario::{Condition, Ending, Mood, Scenario, Target, Turn};
use crate::scorer::{Assessment, Competency, ScoreRequest, Scorer, Scores};

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
    pub exchanges: Vec<Exchange>,
}

impl Conversation {
    pub fn start(scenario: &Scenario, seed: u64) -> Conversation {
        let first = scenario.start();
        Conversation {
            scenario: scenario.id.clone(),
            seed,
            mood: scenario.mood,
            at: first.id.clone(),
            over: false,
            variant: pick_variant(seed, 0, first),
            exchanges: Vec::new(),
        }
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

    /// What the customer is saying now.
    pub fn line<'s>(&self, scenario: &'s Scenario) -> Option<&'s Text> {
        let turn = self.turn(scenario)?;
        turn.line.get(self.variant).or_else(|| turn.line.first())
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

    /// The line a past exchange answered.
    pub fn line_of<'s>(scenario: &'s Scenario, exchange: &Exchange) -> Option<&'s Text> {
        let turn = scenario.turn(&exchange.turn)?;
        turn.line
            .get(exchange.variant)
            .or_else(|| turn.line.first())
    }

    /// Score a reply, move the mood and follow the first transition that holds.
    /// Returns `None` if the conversation is already over.
    pub fn respond(
        &mut self,
        scenario: &Scenario,
        scorer: &Scorer,
        reply: &str,
        option: Option<usize>,
        late: bool,
    ) -> Option<&Exchange> {
        let turn = self.turn(scenario)?;
        let customer = customer_context(turn);
        let assessment = scorer.score(&ScoreRequest {
            customer: &customer,
            reply,
            archetype: Some(scenario.archetype.id()),
            expectations: Some(&turn.expect),
            waited_too_long: late,
        });
        let mood_after = MoodModel::default().react(self.mood, &assessment, late);
        let next = turn
            .next
            .iter()
            .find(|t| {
                t.when
                    .as_ref()
                    .is_none_or(|c| holds(c, &assessment, mood_after))
            })
            .map(|t| t.to.clone())
            .unwrap_or_else(|| scenario.endings[0].id.clone());
        self.exchanges.push(Exchange {
            turn: turn.id.clone(),
            variant: self.variant,
            reply: reply.to_string(),
            option,
            assessment,
            mood_before: self.mood,
            mood_after,
            late,
        });
        self.mood = mood_after;
        match scenario.target(&next) {
            Some(Target::Turn(turn)) => {
                self.at = turn.id.clone();
                self.variant = pick_variant(self.seed, self.exchanges.len(), turn);
            }
            _ => {
                self.at = next;
                self.over = true;
            }
        }
        self.exchanges.last()
    }

    /// Take back the last reply (practice mode's "try this turn again").
    pub fn undo(&mut self) -> Option<Exchange> {
        let last = self.exchanges.pop()?;
        self.at = last.turn.clone();
        self.variant = last.variant;
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
}

/// What the scorer reads as the customer's words at a turn: every variant of
/// the line, in both languages. A reply in either language then touches the
/// topic, and the score does not depend on which rephrasing was drawn.
pub fn customer_context(turn: &Turn) -> String {
    turn.line
        .iter()
        .flat_map(|l| [l.zh.as_str(), l.en.as_str()])
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
