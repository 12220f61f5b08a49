//! LMS reporting (issue 17): suspend data that resumes the current turn
//! within each SCORM version's limit, on real scenarios and the real scorer;
//! the per-reply interactions and the pack's standing from real play.

use std::collections::BTreeMap;

use service_dojo::classroom::{Pack, Results, MAX_EXCHANGES, MAX_PACK_SCENARIOS};
use service_dojo::engine::Conversation;
use service_dojo::lms::report::{self, Finished, ReplyReport};
use service_dojo::lms::suspend::{averages, Current, Done, Suspend};
use service_dojo::lms::{js_len, LmsError, Scorm};
use service_dojo::progress::{Mode, SessionRecord};
use service_dojo::scenario::{builtin, Scenario};
use service_dojo::scorer::{Competency, Scorer};

/// A scenario with at least three turns on its model path, and the model
/// replies along that path.
fn long_scenario() -> (&'static Scenario, Vec<String>) {
    for scenario in &builtin().scenarios {
        let mut c = Conversation::start(scenario, 7);
        let mut replies = Vec::new();
        while let Some(turn) = c.turn(scenario) {
            let reply = turn.model[0].text.zh.clone();
            c.respond(scenario, Scorer::builtin(), &reply, None, false);
            replies.push(reply);
            if replies.len() > 20 {
                break;
            }
        }
        if replies.len() >= 3 {
            return (scenario, replies);
        }
    }
    panic!("no built-in scenario with three turns");
}

/// Play `replies` from the start.
fn play(scenario: &Scenario, replies: &[String], seed: u64) -> Conversation {
    let mut c = Conversation::start(scenario, seed);
    for reply in replies {
        c.respond(scenario, Scorer::builtin(), reply, None, false);
    }
    c
}

/// What must survive a resume: the turn, mood, variant, line, repeat flag,
/// the number of replies and the averages.
fn assert_same_turn(resumed: &Conversation, original: &Conversation) {
    assert_eq!(resumed.at, original.at);
    assert_eq!(resumed.mood, original.mood);
    assert_eq!(resumed.variant, original.variant);
    assert_eq!(resumed.repeat, original.repeat);
    assert_eq!(resumed.exchanges.len(), original.exchanges.len());
    assert_eq!(averages(resumed), averages(original));
}

fn done_list(n: usize) -> Vec<Done> {
    let library = builtin();
    (0..n)
        .map(|i| {
            let s = &library.scenarios[i % library.scenarios.len()];
            // The longest ending id of the scenario: the worst case for size.
            let ending = s
                .endings
                .iter()
                .map(|e| e.id.as_str())
                .max_by_key(|e| e.len())
                .unwrap();
            let (scores, overall) = (
                service_dojo::scorer::Scores {
                    empathy: 100,
                    patience: 100,
                    emotion_control: 100,
                    integrity: 100,
                },
                100,
            );
            Done::new(ending, &scores, overall)
        })
        .collect()
}

#[test]
fn suspend_data_resumes_the_current_turn_in_both_versions() {
    let (scenario, replies) = long_scenario();
    let original = play(scenario, &replies[..2], 7);
    let data = Suspend::new(
        "abc123",
        done_list(3),
        Some(Current::from_conversation(&original)),
    );
    for version in [Scorm::V12, Scorm::V2004] {
        let text = data.encode(version.suspend_limit()).unwrap();
        assert!(js_len(&text) <= version.suspend_limit());
        let read = Suspend::decode(&text, "abc123").unwrap().unwrap();
        assert_eq!(read, data, "nothing dropped when it fits");
        assert_eq!(read.position(), 3);
        let mut resumed = read.c.as_ref().unwrap().conversation(&scenario.id);
        assert_same_turn(&resumed, &original);
        assert_eq!(resumed.said, original.said);
        assert_eq!(resumed.exchanges[1].reply, replies[1]);
        // The next reply after the resume goes where it would have gone.
        let mut uninterrupted = original.clone();
        uninterrupted.respond(scenario, Scorer::builtin(), &replies[2], None, false);
        resumed.respond(scenario, Scorer::builtin(), &replies[2], None, false);
        assert_eq!(resumed.at, uninterrupted.at);
        assert_eq!(resumed.mood, uninterrupted.mood);
        assert_eq!(resumed.said, uninterrupted.said);
        assert_eq!(averages(&resumed), averages(&uninterrupted));
    }
    assert_eq!(data.location(), format!("4/{}", original.at));
}

/// A pack long enough to overflow SCORM 1.2's 4,096 characters: the words
/// of the oldest replies go first, and the current turn still resumes.
#[test]
fn a_pack_that_overflows_scorm_12_still_resumes() {
    let (scenario, replies) = long_scenario();
    // Long replies: each 1,500 characters of the model reply repeated.
    let long: Vec<String> = replies
        .iter()
        .map(|r| r.repeat(1_500 / r.chars().count().max(1) + 1))
        .collect();
    let original = play(scenario, &long[..2], 11);
    let data = Suspend::new(
        "p",
        done_list(40),
        Some(Current::from_conversation(&original)),
    );
    let whole = serde_json::to_string(&data).unwrap();
    assert!(
        js_len(&whole) > 4_096,
        "the test must overflow 1.2: {}",
        js_len(&whole)
    );
    // 2004 keeps it all.
    let text = data.encode(Scorm::V2004.suspend_limit()).unwrap();
    assert_eq!(Suspend::decode(&text, "p").unwrap().unwrap(), data);
    // 1.2 drops the oldest words first.
    let text = data.encode(4_096).unwrap();
    assert!(js_len(&text) <= 4_096, "{}", js_len(&text));
    let read = Suspend::decode(&text, "p").unwrap().unwrap();
    assert_eq!(read.d, data.d, "finished scenarios are never dropped");
    let current = read.c.as_ref().unwrap();
    let kept: Vec<bool> = current.steps.iter().map(|s| s.2.is_some()).collect();
    assert!(!kept[0], "the oldest words went first");
    assert!(
        kept.windows(2).all(|w| w[0] <= w[1]),
        "never a newer reply's words before an older one's: {kept:?}"
    );
    let resumed = current.conversation(&scenario.id);
    assert_same_turn(&resumed, &original);
}

/// The largest pack (50 scenarios, the longest ending ids) with the current
/// scenario at the most replies a session may hold: replies are folded into
/// sums, and averages, option order and the turn are exactly as they were.
#[test]
fn the_largest_pack_fits_scorm_12_by_folding_old_replies() {
    let (scenario, replies) = long_scenario();
    let original = play(scenario, &replies[..1], 3);
    let mut current = Current::from_conversation(&original);
    // Pad the scenario to the most replies a session may hold, with varied scores.
    let mut padded = original.clone();
    let template = padded.exchanges[0].clone();
    padded.exchanges.clear();
    for k in 0..MAX_EXCHANGES {
        let mut e = template.clone();
        e.assessment.scores.empathy = (k * 37 % 101) as u8;
        e.assessment.scores.integrity = (k * 11 % 101) as u8;
        e.assessment.overall = (k * 53 % 101) as u8;
        e.reply = format!("回复 {k} ").repeat(20);
        padded.exchanges.push(e);
    }
    current.steps = Current::from_conversation(&padded).steps;
    let data = Suspend::new("p", done_list(MAX_PACK_SCENARIOS - 1), Some(current));
    let text = data.encode(4_096).unwrap();
    assert!(js_len(&text) <= 4_096);
    let read = Suspend::decode(&text, "p").unwrap().unwrap();
    assert!(
        read.c.as_ref().unwrap().folded.0 > 0,
        "old replies were folded"
    );
    let resumed = read.c.unwrap().conversation(&scenario.id);
    assert!(read.d.len() == MAX_PACK_SCENARIOS - 1);
    assert_same_turn(&resumed, &padded);
    assert_eq!(
        service_dojo::lms::suspend::sums(&resumed),
        service_dojo::lms::suspend::sums(&padded)
    );
    let turn = original.turn(scenario).unwrap();
    assert_eq!(resumed.option_order(turn), padded.option_order(turn));
}

#[test]
fn suspend_data_of_another_pack_a_newer_version_or_damaged_is_refused() {
    let data = Suspend::new("ours", vec![], None);
    let text = data.encode(4_096).unwrap();
    assert_eq!(Suspend::decode("", "ours").unwrap(), None);
    assert_eq!(Suspend::decode(&text, "ours").unwrap(), Some(data));
    assert!(matches!(
        Suspend::decode(&text, "theirs"),
        Err(LmsError::SuspendOtherPack { .. })
    ));
    assert_eq!(
        Suspend::decode("{\"v\":9,\"p\":\"ours\",\"d\":[]}", "ours"),
        Err(LmsError::SuspendNewer(9))
    );
    assert_eq!(
        Suspend::decode("not json", "ours"),
        Err(LmsError::SuspendDamaged)
    );
    assert_eq!(
        Suspend::decode("{\"v\":1,\"p\":\"ours\",\"d\":7}", "ours"),
        Err(LmsError::SuspendDamaged)
    );
    for e in [LmsError::SuspendDamaged, LmsError::SuspendNewer(9)] {
        assert!(!e.message().zh.is_empty() && !e.message().en.is_empty());
    }
}

/// Interactions and the standing from a real play-through: one interaction
/// per reply, every value within its version's limit, and the standing's
/// verdict equal to the one the results file carries.
#[test]
fn real_play_gives_one_interaction_per_reply_and_the_results_verdict() {
    let library = builtin();
    let ids: Vec<String> = library
        .scenarios
        .iter()
        .take(3)
        .map(|s| s.id.clone())
        .collect();
    let pass: BTreeMap<Competency, u8> = Competency::FOUR.iter().map(|&c| (c, 60)).collect();
    let pack = Pack::new("LMS", ids, Mode::Assessment, false, None, pass.clone());
    let mut sessions = Vec::new();
    let mut index = 0;
    for (n, id) in pack.scenarios.iter().enumerate() {
        let scenario = library.get(id).unwrap();
        let mut c = Conversation::start(scenario, n as u64);
        while let Some(turn) = c.turn(scenario) {
            // Alternate a model reply and a curt one, so some replies fail the marks.
            let reply = if c.exchanges.len() % 2 == 0 {
                turn.model[0].text.zh.clone()
            } else {
                "不知道。".to_string()
            };
            let exchange = c
                .respond(scenario, Scorer::builtin(), &reply, None, false)
                .unwrap()
                .clone();
            for version in [Scorm::V12, Scorm::V2004] {
                let sets = report::interaction(
                    version,
                    index,
                    &ReplyReport {
                        scenario: id,
                        turn: &exchange.turn,
                        number: c.exchanges.len(),
                        reply: &exchange.reply,
                        assessment: &exchange.assessment,
                        latency_ms: 5_000.0,
                        at_ms: 1.8e12,
                        pass: &pass,
                    },
                );
                assert!(sets[0].element.ends_with(".id"));
                assert!(sets
                    .iter()
                    .all(|s| s.element.starts_with(&format!("cmi.interactions.{index}."))));
                for s in &sets {
                    assert!(js_len(&s.value) <= 4_000, "{} is too long", s.element);
                    assert!(!s.value.contains('\n'));
                }
            }
            index += 1;
            if c.exchanges.len() > 30 {
                break;
            }
        }
        sessions.push(
            SessionRecord::from_conversation(scenario, &c, pack.mode, false, 0.0, 1.0).unwrap(),
        );
    }
    let results = Results::new("学员", &pack, sessions.clone(), 2.0, 1);
    let finished: Vec<Finished> = sessions
        .iter()
        .map(|s| Finished {
            scores: s.scores.clone(),
            overall: s.overall,
        })
        .collect();
    let standing = report::standing(&pack.pass, &finished, pack.scenarios.len());
    assert_eq!(standing.passed, results.judge().passed);
    assert_eq!(standing.raw, results.overall());
    assert_eq!(standing.means, results.average());
    let sets = report::progress(Scorm::V2004, &pack.pass, &standing);
    let success = &sets
        .iter()
        .find(|s| s.element == "cmi.success_status")
        .unwrap()
        .value;
    assert_eq!(
        success,
        if results.judge().passed {
            "passed"
        } else {
            "failed"
        }
    );
}
