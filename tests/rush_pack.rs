//! Rush hour inside an exercise pack (issue 16 item 3): the round travels in
//! the pack (versioned, older packs still read), the trainee's rush becomes
//! sessions of the results plus who left and how long each waited, the
//! dashboard imports it, and forged rush parts are refused. Also the rush
//! page's one decision point for what is saved (`after_rush_reply`).

use std::collections::BTreeMap;

use service_dojo::classroom::rush_round::{
    self, RushError, RushResults, LEFT_ENDING, RUSH_PACK_VERSION,
};
use service_dojo::classroom::{Class, ClassroomError, Pack, Results, CLASSROOM_VERSION};
use service_dojo::engine::rush::{EventKind, RushHour, RushRules};
use service_dojo::progress::{after_rush_reply, Keep, Mode, Playing, SessionRecord};
use service_dojo::scenario::{builtin, EndingKind, Scenario};
use service_dojo::scorer::{Competency, Scorer};

const CUSTOMERS: [&str; 3] = [
    "angry-late-cake",
    "bargain-free-shipping",
    "chatter-keyboard-gamer",
];

fn plain_pack() -> Pack {
    let pass = Competency::FOUR
        .iter()
        .map(|&c| (c, 50))
        .collect::<BTreeMap<_, _>>();
    Pack::new(
        "第二周：高峰时段",
        vec!["angry-late-cake".into()],
        Mode::Practice,
        false,
        None,
        pass,
    )
}

fn rush_pack() -> Pack {
    rush_round::with_round(
        plain_pack(),
        CUSTOMERS.iter().map(|s| s.to_string()).collect(),
    )
}

fn scenario(id: &str) -> &'static Scenario {
    builtin().get(id).expect("built-in")
}

/// The pack's ordinary scenario played with its model replies.
fn ordinary_session(pack: &Pack) -> SessionRecord {
    let s = scenario(&pack.scenarios[0]);
    let mut c = service_dojo::engine::Conversation::start(s, 3);
    while !c.over && c.exchanges.len() < 20 {
        let reply = c.turn(s).unwrap().model[0].text.zh.clone();
        c.respond(s, Scorer::builtin(), &reply, None, false);
    }
    SessionRecord::from_conversation(s, &c, pack.mode, false, 0.0, 1.0).unwrap()
}

/// A rush where the first customer is served to an ending with model
/// replies and the other two are forgotten until they leave.
fn played_rush() -> (RushHour, Vec<&'static Scenario>, f64) {
    let scenarios: Vec<&'static Scenario> = CUSTOMERS.iter().map(|id| scenario(id)).collect();
    let mut rush = RushHour::start(&scenarios, 7);
    let mut now = 0.0;
    while !rush.desks[0].conversation.over && now < 600_000.0 {
        now += 5_000.0;
        let reply = rush.desks[0].conversation.turn(scenarios[0]).unwrap().model[0]
            .text
            .zh
            .clone();
        assert!(rush.reply(0, scenarios[0], Scorer::builtin(), &reply, now));
    }
    assert!(
        rush.desks[0].conversation.over,
        "the model replies reach an ending"
    );
    now += f64::from(
        RushRules::builtin().leave_after_seconds + 2 * RushRules::builtin().arrival_gap_seconds,
    ) * 1000.0
        + 1.0;
    rush.tick(now);
    assert!(
        rush.over() && rush.left() == 2,
        "left {} over {} now {now} events {:?}",
        rush.left(),
        rush.over(),
        rush.events
    );
    (rush, scenarios, now)
}

fn rush_results(name: &str, nonce: u64) -> Results {
    let pack = rush_pack();
    let (rush, scenarios, now) = played_rush();
    let mut sessions = vec![ordinary_session(&pack)];
    sessions.extend(rush_round::records(
        &rush,
        &scenarios,
        pack.mode,
        false,
        1_000.0,
        1_000.0 + now,
    ));
    Results::new(name, &pack, sessions, 2_000_000.0, nonce)
        .with_rush(RushResults::from_rush(&rush, now))
}

#[test]
fn a_rush_round_travels_in_the_pack_at_version_2_and_plain_packs_stay_version_1() {
    let library = builtin();
    let plain = plain_pack();
    assert_eq!(
        plain.version, 1,
        "a pack without a round is readable by older apps"
    );
    assert!(!plain.to_json().contains("rush"));
    let pack = rush_pack();
    assert_eq!(pack.version, RUSH_PACK_VERSION);
    assert_eq!(CLASSROOM_VERSION, RUSH_PACK_VERSION);
    assert_ne!(pack.id(), plain.id(), "results of the two cannot be mixed");
    for text in [pack.to_code(), pack.to_json()] {
        let back = Pack::parse(&text, library).unwrap();
        assert_eq!(back, pack);
        assert_eq!(
            back.rush.unwrap().scenarios,
            CUSTOMERS.map(String::from).to_vec()
        );
    }
    assert_eq!(
        rush_round::all_scenarios(&pack),
        vec![
            "angry-late-cake",
            "angry-late-cake",
            "bargain-free-shipping",
            "chatter-keyboard-gamer"
        ]
    );
    // A rush-only pack (no ordinary scenario) is a pack too.
    let mut only = pack.clone();
    only.scenarios.clear();
    assert!(Pack::parse(&only.to_json(), library).is_ok());
}

#[test]
fn a_version_1_pack_file_written_before_rush_rounds_still_opens() {
    let old = r#"{"format":"service-dojo-pack","version":1,"name":"旧练习包","scenarios":["angry-late-cake"],"mode":"practice","beginner":false,"pass":{"empathy":60}}"#;
    let pack = Pack::parse(old, builtin()).unwrap();
    assert_eq!(pack.rush, None);
    assert_eq!(pack.version, 1);
    // A rush round under version 1 (an older app would drop it silently).
    let mut downgraded = rush_pack();
    downgraded.version = 1;
    let e = Pack::parse(&downgraded.to_json(), builtin()).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::Rush(RushError::OldVersion { version: 1 })
    );
    assert!(e.message().en.contains("version 2"), "{}", e.message().en);
    // A version from the future is refused by its number, not half-read.
    let mut newer = rush_pack();
    newer.version = CLASSROOM_VERSION + 1;
    let e = Pack::parse(&newer.to_json(), builtin()).unwrap_err();
    assert!(matches!(e, ClassroomError::NewerVersion { .. }), "{e:?}");
}

#[test]
fn a_round_of_one_or_four_customers_or_a_repeated_or_unknown_one_is_refused() {
    let library = builtin();
    let with = |ids: &[&str]| {
        let pack =
            rush_round::with_round(plain_pack(), ids.iter().map(|s| s.to_string()).collect());
        Pack::parse(&pack.to_json(), library)
    };
    let one = with(&["angry-late-cake"]).unwrap_err();
    assert_eq!(one, ClassroomError::Rush(RushError::DeskCount { count: 1 }));
    assert!(one.message().en.contains("2–3"), "{}", one.message().en);
    assert!(one.message().zh.contains("高峰时段"));
    let four = with(&[
        CUSTOMERS[0],
        CUSTOMERS[1],
        CUSTOMERS[2],
        "angry-double-charge",
    ])
    .unwrap_err();
    assert_eq!(
        four,
        ClassroomError::Rush(RushError::DeskCount { count: 4 })
    );
    let twice = with(&[CUSTOMERS[0], CUSTOMERS[0]]).unwrap_err();
    assert_eq!(
        twice,
        ClassroomError::Rush(RushError::Repeated(CUSTOMERS[0].into()))
    );
    let phone = with(&[CUSTOMERS[0], "chatter-retiree"]).unwrap_err();
    assert_eq!(
        phone,
        ClassroomError::Rush(RushError::NotChat("chatter-retiree".into()))
    );
    let unknown = with(&[CUSTOMERS[0], "no-such-scenario"]).unwrap_err();
    assert_eq!(
        unknown,
        ClassroomError::UnknownScenarios(vec!["no-such-scenario".into()])
    );
}

#[test]
fn the_trainees_rush_goes_into_the_results_and_the_dashboard() {
    let results = rush_results("小李", 1);
    // One session per scenario of the pack, then one per customer.
    let ids: Vec<&str> = results
        .sessions
        .iter()
        .map(|s| s.scenario.as_str())
        .collect();
    assert_eq!(ids, rush_round::all_scenarios(&results.pack));
    let served = &results.sessions[1];
    assert_ne!(served.ending, LEFT_ENDING);
    assert!(served.overall > 0 && !served.exchanges.is_empty());
    for forgotten in &results.sessions[2..] {
        assert_eq!(forgotten.ending, LEFT_ENDING);
        assert_eq!(forgotten.ending_kind, EndingKind::Left);
        assert_eq!(forgotten.overall, 0, "never answered: nothing earned");
    }
    let rush = results.rush.as_ref().unwrap();
    assert_eq!(
        rush.desks.iter().map(|d| d.left).collect::<Vec<_>>(),
        vec![false, true, true]
    );
    let patience = f64::from(RushRules::builtin().leave_after_seconds) * 1000.0;
    assert!(rush.desks[1].waited_ms >= patience, "{:?}", rush.desks[1]);
    assert!(rush.desks[1].longest_wait_ms <= rush.desks[1].waited_ms);
    assert!(rush.desks[0].waited_ms > 0.0);
    assert!(rush
        .events
        .iter()
        .any(|e| e.desk == 2 && matches!(e.kind, EventKind::Left { .. })));
    // The forgotten customers count in the verdict like any scenario.
    let without: Vec<u8> = results.sessions[..2].iter().map(|s| s.overall).collect();
    assert!(results.overall() < without.iter().map(|&v| v as u32).sum::<u32>() as u8 / 2);

    // File and code both read back, and the dashboard takes it.
    for text in [results.to_json(), results.to_code()] {
        assert_eq!(Results::parse(&text).unwrap(), results);
    }
    let mut class = Class::default();
    assert!(
        class.add("xiaoli.json", &results.to_json()),
        "{:?}",
        class.rejected
    );
    assert!(class.add("xiaowang.json", &rush_results("小王", 2).to_json()));
    assert_eq!(class.results.len(), 2);
    assert!(class.results.iter().all(|r| r.rush.is_some()));
    assert!(class
        .hardest_scenarios()
        .iter()
        .any(|(id, _)| id == "chatter-keyboard-gamer"));
    assert!(class.to_csv().contains("小李"));
}

/// Edit the parsed file as a forger would, then give it a matching checksum.
fn forged(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Results, ClassroomError> {
    let results = rush_results("小李", 1);
    let mut value: serde_json::Value = serde_json::from_str(&results.to_json()).unwrap();
    edit(&mut value);
    // Back through the struct, so the fields keep the file's order.
    let edited: Results = serde_json::from_value(value).unwrap();
    let json = edited.to_json();
    let at = json.rfind(",\"checksum\":").unwrap();
    use sha2::Digest;
    let sum: String = sha2::Sha256::digest(format!("{}}}", &json[..at]).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Results::parse(&format!("{},\"checksum\":\"{sum}\"}}", &json[..at]))
}

#[test]
fn forged_rush_results_are_refused_even_with_a_recomputed_checksum() {
    // The unedited file passes through the same path.
    assert!(forged(|_| {}).is_ok());
    let mismatch = ClassroomError::Rush(RushError::Mismatch);
    // "Nobody left": the customers' sessions still say they did.
    let e = forged(|v| v["rush"]["desks"][1]["left"] = false.into()).unwrap_err();
    assert_eq!(e, mismatch);
    // "The served one left" while their conversation reached an ending.
    let e = forged(|v| v["rush"]["desks"][0]["left"] = true.into()).unwrap_err();
    assert_eq!(e, mismatch);
    // The rush part dropped (to hide who left).
    let e = forged(|v| {
        v.as_object_mut().unwrap().remove("rush");
    })
    .unwrap_err();
    assert_eq!(e, mismatch);
    // A left ending on an ordinary scenario.
    let e = forged(|v| v["sessions"][0]["ending"] = LEFT_ENDING.into()).unwrap_err();
    assert!(matches!(e, ClassroomError::UnknownEnding { .. }), "{e:?}");
    // A negative wait, an impossible longest wait, a timeline naming a fourth desk.
    let e = forged(|v| v["rush"]["desks"][0]["waited_ms"] = (-5.0).into()).unwrap_err();
    assert_eq!(e, ClassroomError::Rush(RushError::BadTime));
    let e = forged(|v| v["rush"]["desks"][0]["longest_wait_ms"] = 1e12.into()).unwrap_err();
    assert_eq!(e, ClassroomError::Rush(RushError::BadTime));
    let e = forged(|v| v["rush"]["events"][0]["desk"] = 7.into()).unwrap_err();
    assert_eq!(e, mismatch);
    // More late replies than replies.
    let e = forged(|v| v["rush"]["desks"][2]["late"] = 5.into()).unwrap_err();
    assert_eq!(e, mismatch);
    // Only the ordinary scenario's session: the customers are missing.
    let e = forged(|v| {
        v["sessions"].as_array_mut().unwrap().truncate(1);
    })
    .unwrap_err();
    assert!(
        matches!(
            e,
            ClassroomError::SessionCount {
                found: 1,
                expected: 4
            }
        ),
        "{e:?}"
    );
    // Every message is bilingual and names the rush round.
    assert!(mismatch.message().zh.contains("高峰时段"));
    assert!(mismatch.message().en.contains("rush-hour"));
}

#[test]
fn the_rush_page_keeps_a_desk_once_finished_and_never_as_unfinished() {
    let (rush, scenarios, now) = played_rush();
    let playing = |desk: usize| Playing {
        scenario: scenarios[desk],
        conversation: &rush.desks[desk].conversation,
        profile: "p1",
        mode: Mode::Practice,
        beginner: false,
        started_ms: 1_000.0,
    };
    match after_rush_reply(&playing(0), 1_000.0 + now) {
        Keep::Finished { profile, record } => {
            assert_eq!(profile, "p1");
            assert_eq!(record.scenario, CUSTOMERS[0]);
            assert!(!record.exchanges.is_empty());
        }
        other => panic!("finished desk: {other:?}"),
    }
    // A desk in the middle of its conversation: nothing to resume later.
    let mut fresh = RushHour::start(&scenarios, 9);
    assert!(fresh.reply(
        1,
        scenarios[1],
        Scorer::builtin(),
        "您好，请问是哪一件商品？",
        21_000.0
    ));
    let keep = after_rush_reply(
        &Playing {
            conversation: &fresh.desks[1].conversation,
            ..playing(1)
        },
        22_000.0,
    );
    assert!(matches!(keep, Keep::Nothing { .. }), "{keep:?}");
    // The ordinary play screen would have kept it as unfinished.
    let ordinary = service_dojo::progress::after_reply(
        &Playing {
            conversation: &fresh.desks[1].conversation,
            ..playing(1)
        },
        22_000.0,
    );
    assert!(matches!(ordinary, Keep::Unfinished(_)));
    assert_eq!(
        keep.id(),
        ordinary.id(),
        "the same session's key is cleared"
    );
}
