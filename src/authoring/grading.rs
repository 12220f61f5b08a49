//! The scorer's judgement of authored words: every option and model reply
//! of a turn scored as a trainee's reply to that turn, in both languages.
//! `dojo report` (library quality) and the editor's live checks (one draft)
//! both judge from here, so they never disagree.
//!
//! - a model reply must score at least [`MODEL_MIN_OVERALL`] overall and
//!   meet every expectation of its turn;
//! - every `good` option must beat every `bad` one on the turn's target
//!   competency ([`target`]);
//! - every transition should be taken by some authored option: routed from
//!   the start by picking options (the engine's mood model and conditions),
//!   a transition no option ever takes is one the author never tried.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::engine::{customer_context, holds, MoodModel};
use crate::i18n::Lang;
use crate::scenario::{Mood, Quality, Scenario, Turn};
use crate::scorer::{Assessment, Competency, ScoreRequest, Scorer};

/// The overall score a model reply must reach.
pub const MODEL_MIN_OVERALL: u8 = 80;

/// A turn's target competency: the one its expectations weigh most (the sum
/// of what missing them costs), the first listed on a tie; with no
/// expectations (or only unknown ones), `None`: options are then compared on
/// the overall score.
pub fn target(scorer: &Scorer, turn: &Turn) -> Option<Competency> {
    let mut weight: Vec<(Competency, i32)> = Vec::new();
    for id in &turn.expect {
        let Some(spec) = scorer.rules().expectations.get(id) else {
            continue;
        };
        match weight.iter_mut().find(|(c, _)| *c == spec.competency) {
            Some((_, w)) => *w += spec.missed.abs(),
            None => weight.push((spec.competency, spec.missed.abs())),
        }
    }
    // `max_by_key` keeps the last of equals: reverse so the first listed wins.
    weight
        .into_iter()
        .rev()
        .max_by_key(|&(_, w)| w)
        .map(|(c, _)| c)
}

/// One model reply in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelGrade {
    pub index: usize,
    pub lang: Lang,
    pub overall: u8,
    /// Expectations of the turn it does not meet.
    pub missed: Vec<String>,
}

impl ModelGrade {
    pub fn passes(&self) -> bool {
        self.overall >= MODEL_MIN_OVERALL && self.missed.is_empty()
    }
}

/// One option in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionGrade {
    pub index: usize,
    pub lang: Lang,
    pub quality: Quality,
    /// The score on the turn's target competency (overall without one).
    pub on_target: u8,
    pub assessment: Assessment,
}

/// A good option that does not beat a bad one (on the target competency).
#[derive(Clone, Debug, PartialEq)]
pub struct Contradiction {
    pub lang: Lang,
    pub good: usize,
    pub good_score: u8,
    pub bad: usize,
    pub bad_score: u8,
}

/// Everything judged at one turn.
#[derive(Clone, Debug, PartialEq)]
pub struct TurnGrades {
    pub target: Option<Competency>,
    /// Per language (zh, then en), in authored order; texts left empty are skipped.
    pub models: Vec<ModelGrade>,
    pub options: Vec<OptionGrade>,
}

impl TurnGrades {
    /// Whether the turn has both good and bad options (written) in `lang`.
    pub fn compares(&self, lang: Lang) -> bool {
        let has = |q: Quality| {
            self.options
                .iter()
                .any(|o| o.lang == lang && o.quality == q)
        };
        has(Quality::Good) && has(Quality::Bad)
    }

    /// The weakest good option against the strongest bad one, if the good
    /// one does not score higher.
    pub fn contradiction(&self, lang: Lang) -> Option<Contradiction> {
        let of = |q: Quality| {
            self.options
                .iter()
                .filter(move |o| o.lang == lang && o.quality == q)
        };
        let worst_good = of(Quality::Good).min_by_key(|o| o.on_target)?;
        let best_bad = of(Quality::Bad).max_by_key(|o| o.on_target)?;
        (worst_good.on_target <= best_bad.on_target).then(|| Contradiction {
            lang,
            good: worst_good.index,
            good_score: worst_good.on_target,
            bad: best_bad.index,
            bad_score: best_bad.on_target,
        })
    }
}

/// Score a reply as an answer to this turn's line (every variant).
pub fn assess(scenario: &Scenario, scorer: &Scorer, turn: &Turn, reply: &str) -> Assessment {
    let customer = customer_context(turn);
    scorer.score(&ScoreRequest {
        customer: &customer,
        reply,
        archetype: Some(scenario.archetype.id()),
        expectations: Some(&turn.expect),
        waited_too_long: false,
    })
}

/// Judge every written option and model reply of a turn, in both languages.
pub fn grade_turn(scenario: &Scenario, scorer: &Scorer, turn: &Turn) -> TurnGrades {
    let target = target(scorer, turn);
    let mut grades = TurnGrades {
        target,
        models: Vec::new(),
        options: Vec::new(),
    };
    for lang in [Lang::Zh, Lang::En] {
        for (index, model) in turn.model.iter().enumerate() {
            let text = model.text.get(lang);
            if text.trim().is_empty() {
                continue;
            }
            let a = assess(scenario, scorer, turn, text);
            grades.models.push(ModelGrade {
                index,
                lang,
                overall: a.overall,
                missed: a
                    .expectations
                    .iter()
                    .filter(|e| !e.met)
                    .map(|e| e.id.clone())
                    .collect(),
            });
        }
        for (index, option) in turn.options.iter().enumerate() {
            let text = option.text.get(lang);
            if text.trim().is_empty() {
                continue;
            }
            let a = assess(scenario, scorer, turn, text);
            grades.options.push(OptionGrade {
                index,
                lang,
                quality: option.quality,
                on_target: match target {
                    Some(c) => a.scores.get(c),
                    None => a.overall,
                },
                assessment: a,
            });
        }
    }
    grades
}

/// How deep and how widely [`routes`] explores option picks.
const MAX_DEPTH: usize = 16;
const MOODS_PER_TURN: usize = 4;

/// Where picking options leads: for every turn, the transitions some
/// authored option takes (in either language), and the turns some sequence
/// of option picks reaches. `grades[t]` are the grades of turn `t`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Routes {
    /// (turn index, transition index) taken by some option.
    pub taken: BTreeSet<(usize, usize)>,
    /// Turn indexes reached by picking options from the start.
    pub reached: BTreeSet<usize>,
}

/// Route option picks from the start: each state is a turn and a mood; a
/// turn is explored from at most [`MOODS_PER_TURN`] moods (the first
/// reached). Turns no pick reaches are then tried from the starting mood, so
/// their transitions are judged too.
pub fn routes(scenario: &Scenario, grades: &[TurnGrades]) -> Routes {
    let mut out = Routes::default();
    let index: BTreeMap<&str, usize> = scenario
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut explored: BTreeMap<usize, usize> = BTreeMap::new();
    let mut seen: BTreeSet<(usize, u8, u8)> = BTreeSet::new();
    let mut queue: VecDeque<(usize, Mood, usize)> = VecDeque::new();
    if !scenario.turns.is_empty() {
        queue.push_back((0, scenario.mood, 0));
    }
    let model = MoodModel::default();
    let step = |t: usize, mood: Mood, out: &mut Routes| -> Vec<(usize, Mood)> {
        let mut next = Vec::new();
        let (Some(turn), Some(grades)) = (scenario.turns.get(t), grades.get(t)) else {
            return next;
        };
        for option in &grades.options {
            let after = model.react(mood, &option.assessment, false);
            let taken = turn.next.iter().position(|n| {
                n.when
                    .as_ref()
                    .is_none_or(|c| holds(c, &option.assessment, after))
            });
            if let Some(i) = taken {
                out.taken.insert((t, i));
                if let Some(&to) = index.get(turn.next[i].to.as_str()) {
                    next.push((to, after));
                }
            }
        }
        next
    };
    while let Some((t, mood, depth)) = queue.pop_front() {
        if depth >= MAX_DEPTH || !seen.insert((t, mood.anger, mood.trust)) {
            continue;
        }
        let count = explored.entry(t).or_default();
        if *count >= MOODS_PER_TURN {
            continue;
        }
        *count += 1;
        out.reached.insert(t);
        for (to, after) in step(t, mood, &mut out) {
            queue.push_back((to, after, depth + 1));
        }
    }
    for t in 0..scenario.turns.len() {
        if !out.reached.contains(&t) {
            step(t, scenario.mood, &mut out);
        }
    }
    out
}
