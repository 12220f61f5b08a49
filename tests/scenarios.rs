//! The built-in library: every file valid, and every scenario walked through
//! every combination of its authored reply options, in both languages.

use std::collections::{BTreeSet, HashSet};

use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::scenario::{builtin, Archetype, EndingKind, Quality, Scenario};
use service_dojo::scorer::{ScoreRequest, Scorer};

const MAX_REPLIES: usize = 20;

#[test]
fn every_built_in_scenario_is_valid() {
    let library = builtin();
    let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "broken built-in scenarios:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_library_covers_the_archetypes() {
    let library = builtin();
    assert!(
        library.scenarios.len() >= 16,
        "{} scenarios",
        library.scenarios.len()
    );
    for archetype in [
        Archetype::Angry,
        Archetype::Bargainer,
        Archetype::Perfectionist,
        Archetype::Chatter,
    ] {
        let of_kind: Vec<&Scenario> = library
            .scenarios
            .iter()
            .filter(|s| s.archetype == archetype)
            .collect();
        assert!(of_kind.len() >= 3, "{archetype:?}: only {}", of_kind.len());
    }
    let others = [
        Archetype::Silent,
        Archetype::Suspicious,
        Archetype::Privacy,
        Archetype::Repeat,
        Archetype::AbusedShift,
    ];
    for archetype in others {
        assert!(
            library.scenarios.iter().any(|s| s.archetype == archetype),
            "no {archetype:?} scenario"
        );
    }
    assert!(library
        .scenarios
        .iter()
        .any(|s| s.archetype == Archetype::Angry
            && s.channel == service_dojo::scenario::Channel::Phone));
}

struct Walk<'a> {
    scenario: &'a Scenario,
    lang: Lang,
    seen: HashSet<(String, u8, u8, usize)>,
    turns: BTreeSet<String>,
    endings: BTreeSet<String>,
    paths: usize,
    stuck: Vec<String>,
}

impl Walk<'_> {
    fn explore(&mut self, conversation: &Conversation) {
        if conversation.over {
            self.endings.insert(conversation.at.clone());
            self.paths += 1;
            return;
        }
        let step = conversation.exchanges.len();
        if step >= MAX_REPLIES {
            let route: Vec<&str> = conversation
                .exchanges
                .iter()
                .map(|e| e.turn.as_str())
                .collect();
            self.stuck.push(format!(
                "{} ({:?}): no ending after {MAX_REPLIES} replies: {route:?}",
                self.scenario.id, self.lang
            ));
            return;
        }
        let key = (
            conversation.at.clone(),
            conversation.mood.anger,
            conversation.mood.trust,
            step,
        );
        if !self.seen.insert(key) {
            return;
        }
        self.turns.insert(conversation.at.clone());
        let turn = conversation
            .turn(self.scenario)
            .expect("not over, so at a turn");
        for (index, option) in turn.options.iter().enumerate() {
            let mut next = conversation.clone();
            next.respond(
                self.scenario,
                Scorer::builtin(),
                option.text.get(self.lang),
                Some(index),
                false,
            );
            self.explore(&next);
        }
    }
}

#[test]
fn every_option_path_reaches_an_ending_and_every_turn_is_reachable() {
    let mut failures = Vec::new();
    for scenario in &builtin().scenarios {
        for lang in [Lang::Zh, Lang::En] {
            let mut walk = Walk {
                scenario,
                lang,
                seen: HashSet::new(),
                turns: BTreeSet::new(),
                endings: BTreeSet::new(),
                paths: 0,
                stuck: Vec::new(),
            };
            walk.explore(&Conversation::start(scenario, 7));
            failures.extend(walk.stuck.iter().take(3).cloned());
            for turn in &scenario.turns {
                if !walk.turns.contains(&turn.id) {
                    failures.push(format!(
                        "{} ({lang:?}): turn \"{}\" is never reached by any option path",
                        scenario.id, turn.id
                    ));
                }
            }
            println!(
                "{:28} {lang:?}: {} turns reached, endings {:?}, {} paths",
                scenario.id,
                walk.turns.len(),
                walk.endings,
                walk.paths
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Follow one quality of option all the way (the first of that quality, or the best-scoring one).
fn play(scenario: &Scenario, lang: Lang, quality: Quality) -> Conversation {
    let mut conversation = Conversation::start(scenario, 11);
    while !conversation.over && conversation.exchanges.len() < MAX_REPLIES {
        let turn = conversation.turn(scenario).unwrap();
        let (index, option) = turn
            .options
            .iter()
            .enumerate()
            .find(|(_, o)| o.quality == quality)
            .or_else(|| turn.options.iter().enumerate().next())
            .unwrap();
        conversation.respond(
            scenario,
            Scorer::builtin(),
            option.text.get(lang),
            Some(index),
            false,
        );
    }
    conversation
}

#[test]
fn good_options_resolve_and_bad_options_do_not() {
    let mut failures = Vec::new();
    for scenario in &builtin().scenarios {
        for lang in [Lang::Zh, Lang::En] {
            let good = play(scenario, lang, Quality::Good);
            match good.ending(scenario) {
                Some(ending) if ending.kind == EndingKind::Resolved => {}
                other => failures.push(format!(
                    "{} ({lang:?}): all-good ends in {:?}",
                    scenario.id,
                    other.map(|e| &e.id)
                )),
            }
            let main_path = good.exchanges.len();
            if main_path < 5 {
                failures.push(format!(
                    "{} ({lang:?}): main path has only {main_path} customer turns",
                    scenario.id
                ));
            }
            let bad = play(scenario, lang, Quality::Bad);
            if bad
                .ending(scenario)
                .is_some_and(|e| e.kind == EndingKind::Resolved)
            {
                failures.push(format!(
                    "{} ({lang:?}): all-bad still resolves",
                    scenario.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn good_options_outscore_bad_ones_at_every_turn() {
    let mut failures = Vec::new();
    let scorer = Scorer::builtin();
    for scenario in &builtin().scenarios {
        for turn in &scenario.turns {
            for lang in [Lang::Zh, Lang::En] {
                let line = service_dojo::engine::customer_context(turn);
                let score = |quality: Quality| -> Vec<u8> {
                    turn.options
                        .iter()
                        .filter(|o| o.quality == quality)
                        .map(|o| {
                            scorer
                                .score(&ScoreRequest {
                                    customer: &line,
                                    reply: o.text.get(lang),
                                    archetype: Some(scenario.archetype.id()),
                                    expectations: Some(&turn.expect),
                                    waited_too_long: false,
                                })
                                .overall
                        })
                        .collect()
                };
                let worst_good = score(Quality::Good).into_iter().min().unwrap_or(0);
                let best_bad = score(Quality::Bad).into_iter().max().unwrap_or(100);
                if worst_good <= best_bad {
                    failures.push(format!(
                        "{} /{} ({lang:?}): good option {worst_good} <= bad option {best_bad}",
                        scenario.id, turn.id
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn model_replies_outscore_the_bad_options() {
    let scorer = Scorer::builtin();
    let mut failures = Vec::new();
    for scenario in &builtin().scenarios {
        for turn in &scenario.turns {
            let customer = service_dojo::engine::customer_context(turn);
            for lang in [Lang::Zh, Lang::En] {
                let overall = |text: &str| {
                    scorer
                        .score(&ScoreRequest {
                            customer: &customer,
                            reply: text,
                            archetype: Some(scenario.archetype.id()),
                            expectations: Some(&turn.expect),
                            waited_too_long: false,
                        })
                        .overall
                };
                let best_bad = turn
                    .options
                    .iter()
                    .filter(|o| o.quality == Quality::Bad)
                    .map(|o| overall(o.text.get(lang)))
                    .max()
                    .unwrap_or(0);
                for model in &turn.model {
                    let score = overall(model.text.get(lang));
                    if score <= best_bad {
                        failures.push(format!(
                            "{} /{} ({lang:?}): model reply {score} <= bad option {best_bad}",
                            scenario.id, turn.id
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
