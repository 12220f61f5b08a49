//! Beginner-mode baselines: picking options by their surface must not beat
//! chance. Over every built-in scenario and both languages, three players
//! pick the authored options the way beginner mode shows them
//! (`Conversation::option_order`, played with `Conversation::respond`):
//!
//! - **longest**: always the option with the most characters in that language;
//! - **most polite**: always the option with the most courtesy markers
//!   (`COURTESY`, counted as occurrences, case-insensitive), ties broken by
//!   length, then by the order shown;
//! - **chance**: every turn's option picked uniformly at random — computed
//!   exactly over the option tree (the engine is deterministic given the
//!   replies), so the library's chance baseline is the sum over scenarios of
//!   the probability of reaching a resolved ending.
//!
//! A good ending is `EndingKind::Resolved`, as in `tests/scenarios.rs`. If
//! "longest" or "most polite" resolved more scenarios than chance expects,
//! a beginner could pass the library without reading the customer
//! (issue 12, item 5). Run with `--nocapture` for the per-scenario table.

use std::collections::HashMap;

use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::scenario::{builtin, EndingKind, Scenario};
use service_dojo::scorer::Scorer;

/// Same cap as the option walk in `tests/scenarios.rs`: a path still going
/// after this many replies counts as not resolved.
const MAX_REPLIES: usize = 20;

/// Words that make a reply sound courteous, whatever it does.
const COURTESY: &[&str] = &[
    "您",
    "请",
    "抱歉",
    "不好意思",
    "理解",
    "感谢",
    "谢谢",
    "非常",
    "亲",
    "sorry",
    "apologi",
    "understand",
    "appreciate",
    "thank",
    "please",
    "kindly",
    "certainly",
];

fn courtesy(text: &str) -> usize {
    let lower = text.to_lowercase();
    COURTESY.iter().map(|m| lower.matches(m).count()).sum()
}

fn length(text: &str) -> usize {
    text.chars().count()
}

#[derive(Clone, Copy, Debug)]
enum Strategy {
    Longest,
    Polite,
}

fn resolved(scenario: &Scenario, conversation: &Conversation) -> bool {
    conversation
        .ending(scenario)
        .is_some_and(|e| e.kind == EndingKind::Resolved)
}

/// Play one strategy to the end; returns whether it resolved and the route.
fn play(scenario: &Scenario, lang: Lang, strategy: Strategy) -> (bool, Vec<String>) {
    let mut conversation = Conversation::start(scenario, 7);
    while !conversation.over && conversation.exchanges.len() < MAX_REPLIES {
        let turn = conversation.turn(scenario).expect("not over");
        let order = conversation.option_order(turn);
        // The first shown among the maxima: the order a beginner reads them in.
        let mut best: Option<(usize, (usize, usize))> = None;
        for index in order {
            let text = turn.options[index].text.get(lang);
            let key = match strategy {
                Strategy::Longest => (length(text), 0),
                Strategy::Polite => (courtesy(text), length(text)),
            };
            if best.is_none_or(|(_, k)| key > k) {
                best = Some((index, key));
            }
        }
        let index = best.expect("every turn has options").0;
        conversation.respond(
            scenario,
            Scorer::builtin(),
            turn.options[index].text.get(lang),
            Some(index),
            false,
        );
    }
    let route = conversation
        .exchanges
        .iter()
        .map(|e| format!("{}#{}", e.turn, e.option.unwrap_or(0)))
        .chain(std::iter::once(conversation.at.clone()))
        .collect();
    (resolved(scenario, &conversation), route)
}

/// The exact probability of a resolved ending when each option is picked
/// uniformly at random. The state that decides what follows is the turn,
/// whether the customer is repeating its question, the mood and the step.
fn chance(
    scenario: &Scenario,
    lang: Lang,
    conversation: &Conversation,
    memo: &mut HashMap<(String, bool, u8, u8, usize), f64>,
) -> f64 {
    if conversation.over {
        return if resolved(scenario, conversation) {
            1.0
        } else {
            0.0
        };
    }
    let step = conversation.exchanges.len();
    if step >= MAX_REPLIES {
        return 0.0;
    }
    let key = (
        conversation.at.clone(),
        conversation.repeat,
        conversation.mood.anger,
        conversation.mood.trust,
        step,
    );
    if let Some(p) = memo.get(&key) {
        return *p;
    }
    let turn = conversation.turn(scenario).expect("not over");
    let n = turn.options.len() as f64;
    let mut p = 0.0;
    for (index, option) in turn.options.iter().enumerate() {
        let mut next = conversation.clone();
        next.respond(
            scenario,
            Scorer::builtin(),
            option.text.get(lang),
            Some(index),
            false,
        );
        p += chance(scenario, lang, &next, memo) / n;
    }
    memo.insert(key, p);
    p
}

#[test]
fn longest_and_most_polite_options_do_not_beat_chance() {
    let library = builtin();
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let (mut longest, mut polite, mut random) = (0usize, 0usize, 0.0f64);
        println!("\n{lang:?}: scenario                      longest  polite  chance");
        for scenario in &library.scenarios {
            let (l, l_route) = play(scenario, lang, Strategy::Longest);
            let (p, p_route) = play(scenario, lang, Strategy::Polite);
            let c = chance(
                scenario,
                lang,
                &Conversation::start(scenario, 7),
                &mut HashMap::new(),
            );
            longest += usize::from(l);
            polite += usize::from(p);
            random += c;
            let mark = |b: bool| if b { "yes" } else { "-" };
            println!(
                "{lang:?}: {:32} {:>7} {:>7} {:>7.3}",
                scenario.id,
                mark(l),
                mark(p),
                c
            );
            if l {
                println!("      longest route: {}", l_route.join(" → "));
            }
            if p {
                println!("      polite route:  {}", p_route.join(" → "));
            }
        }
        println!(
            "{lang:?}: TOTAL over {} scenarios: longest {longest}, most polite {polite}, chance {random:.2}",
            library.scenarios.len()
        );
        if longest as f64 > random {
            failures.push(format!(
                "{lang:?}: always-longest resolves {longest} scenarios, chance expects {random:.2}"
            ));
        }
        if polite as f64 > random {
            failures.push(format!(
                "{lang:?}: always-most-polite resolves {polite} scenarios, chance expects {random:.2}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn courtesy_markers_are_counted_as_documented() {
    assert_eq!(courtesy("非常抱歉，请您理解"), 5);
    assert_eq!(
        courtesy("Sorry, please understand. Thank you, I apologise."),
        5
    );
    assert_eq!(courtesy("已退款，5分钟到账。"), 0);
}
