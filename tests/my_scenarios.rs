//! My scenarios: the trainer's own library (core, natively).

use std::collections::BTreeMap;

use service_dojo::my_scenarios::{
    blank, duplicate, import, read_file, MyScenarios, Refused, MAX_SCENARIO_BYTES, STORAGE_KEY,
};
use service_dojo::persist::{self, LoadProblem, Saved, Versioned};
use service_dojo::scenario::{builtin, load};

fn is_builtin(id: &str) -> bool {
    builtin().get(id).is_some()
}

#[test]
fn the_blank_template_passes_the_shared_validator() {
    let scenario = blank("my-first");
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let loaded = load("my-first.json", &text);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
}

#[test]
fn put_get_export_and_the_export_is_a_valid_scenario_file() {
    let mut library = MyScenarios::default();
    library.put(&blank("shop-late"), 1000.0);
    assert!(library.contains("shop-late"));
    assert_eq!(library.get("shop-late").unwrap().id, "shop-late");
    let (name, text) = library.export("shop-late").unwrap();
    assert_eq!(name, "shop-late.json");
    // What `dojo validate` runs on the downloaded file.
    assert_eq!(load(&name, &text).unwrap(), blank("shop-late"));
    assert_eq!(library.export_all().len(), 1);
    assert!(library.remove("shop-late", 2000.0));
    assert!(!library.contains("shop-late"));
    assert!(library.export("shop-late").is_none());
}

#[test]
fn a_duplicated_builtin_gets_a_fresh_id_and_still_validates() {
    let original = builtin().get("angry-late-cake").unwrap();
    let mut library = MyScenarios::default();
    let copy = duplicate(original, &|id| is_builtin(id) || library.contains(id));
    assert_eq!(copy.id, "angry-late-cake-copy");
    assert!(copy.title.en.ends_with("(copy)"));
    library.put(&copy, 1.0);
    let again = duplicate(original, &|id| is_builtin(id) || library.contains(id));
    assert_eq!(again.id, "angry-late-cake-copy-2");
    let (name, text) = library.export(&copy.id).unwrap();
    assert!(load(&name, &text).is_ok());
    assert_eq!(copy.turns, original.turns);
}

fn file(name: &str, text: String) -> (String, String) {
    (name.to_string(), text)
}

#[test]
fn import_keeps_the_good_files_names_each_broken_one_and_asks_before_replacing() {
    let mut library = MyScenarios::default();
    library.put(&blank("already-here"), 1.0);
    let good = serde_json::to_string(&blank("colleague-one")).unwrap();
    let mut missing_turn = blank("broken-next");
    missing_turn.turns[0].next[0].to = "nowhere".into();
    let files = vec![
        file("colleague-one.json", good.clone()),
        file("not-json.json", "{ \"id\": ".into()),
        file(
            "broken-next.json",
            serde_json::to_string(&missing_turn).unwrap(),
        ),
        file(
            "angry-late-cake.json",
            serde_json::to_string(builtin().get("angry-late-cake").unwrap()).unwrap(),
        ),
        file(
            "already-here.json",
            serde_json::to_string(&blank("already-here")).unwrap(),
        ),
        // The same file again, from another folder.
        file("colleague-one.json", good.clone()),
        file("renamed (1).json", good.clone()),
        file(
            "huge.json",
            format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_SCENARIO_BYTES)),
        ),
    ];
    let result = import(&files, &library, &is_builtin);
    let ready: Vec<&str> = result.ready.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ready, ["colleague-one"]);
    let conflicts: Vec<&str> = result.conflicts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(conflicts, ["already-here"]);
    let refused: BTreeMap<&str, &Refused> = result
        .refused
        .iter()
        .map(|(n, r)| (n.as_str(), r))
        .collect();
    assert_eq!(result.refused.len(), 6, "{:?}", result.refused);
    assert!(refused["not-json.json"]
        .message()
        .en
        .contains("not valid JSON"));
    let next = refused["broken-next.json"].message();
    assert!(
        next.en.contains("/turns/0/next/0/to") && next.en.contains("nowhere"),
        "{next:?}"
    );
    assert!(matches!(
        refused["angry-late-cake.json"],
        Refused::BuiltinId(_)
    ));
    assert!(matches!(result.refused[3].1, Refused::SameIdTwice { .. }));
    // A renamed file is refused by the same rule as `dojo validate`: the id names the file.
    assert!(refused["renamed (1).json"].message().en.contains("/id"));
    assert!(matches!(refused["huge.json"], Refused::TooLarge { .. }));
    assert!(refused["huge.json"].message().zh.contains("太大"));
}

#[test]
fn hostile_text_is_kept_as_text_and_oversized_strings_are_refused() {
    let mut hostile = blank("hostile");
    hostile.title.en = "<script>alert(1)</script>".into();
    hostile.brief.en = "<img src=x onerror=alert(1)> javascript:alert(1)".into();
    let text = serde_json::to_string(&hostile).unwrap();
    // The validator does not care what the words are: it is data, rendered as text.
    let scenario = read_file("hostile.json", &text).unwrap();
    assert_eq!(scenario.title.en, "<script>alert(1)</script>");
    let mut big = blank("big");
    big.brief.en = "a".repeat(1_000_000);
    let text = serde_json::to_string(&big).unwrap();
    let refused = read_file("big.json", &text).unwrap_err();
    assert!(
        refused.message().en.contains("too large"),
        "{:?}",
        refused.message()
    );
}

#[test]
fn two_tabs_merge_and_a_deletion_does_not_come_back() {
    let mut kv: BTreeMap<String, String> = BTreeMap::new();
    // Two tabs load the same (empty) library.
    let mut a: MyScenarios = persist::load(&mut kv, STORAGE_KEY, 0.0).value;
    let mut b: MyScenarios = persist::load(&mut kv, STORAGE_KEY, 0.0).value;
    a.put(&blank("from-a"), 10.0);
    persist::save(&mut kv, STORAGE_KEY, &mut a, 10.0).unwrap();
    b.put(&blank("from-b"), 11.0);
    persist::save(&mut kv, STORAGE_KEY, &mut b, 11.0).unwrap();
    let stored = MyScenarios::from_json(&kv[STORAGE_KEY]).unwrap();
    assert_eq!(stored.ids(), ["from-a", "from-b"]);
    // Tab A deletes from-b; tab B still holds it and saves again.
    persist::save(&mut kv, STORAGE_KEY, &mut a, 12.0).unwrap();
    assert!(a.remove("from-b", 20.0));
    persist::save(&mut kv, STORAGE_KEY, &mut a, 20.0).unwrap();
    let outcome = persist::save(&mut kv, STORAGE_KEY, &mut b, 21.0).unwrap();
    assert!(matches!(outcome, Saved::Written | Saved::Covered));
    let stored = MyScenarios::from_json(&kv[STORAGE_KEY]).unwrap();
    assert_eq!(stored.ids(), ["from-a"]);
    assert!(!b.contains("from-b"));
    // Saved again after the deletion: it is back, on purpose.
    b.put(&blank("from-b"), 30.0);
    persist::save(&mut kv, STORAGE_KEY, &mut b, 30.0).unwrap();
    let stored = MyScenarios::from_json(&kv[STORAGE_KEY]).unwrap();
    assert_eq!(stored.ids(), ["from-a", "from-b"]);
}

#[test]
fn damaged_data_is_backed_up_and_newer_data_left_alone() {
    let mut kv: BTreeMap<String, String> = BTreeMap::new();
    let mut library = MyScenarios::default();
    library.put(&blank("kept"), 5.0);
    let good = library.to_json();
    kv.insert(STORAGE_KEY.into(), good[..good.len() - 3].to_string());
    let loaded: persist::Loaded<MyScenarios> = persist::load(&mut kv, STORAGE_KEY, 99.0);
    let Some(LoadProblem::Damaged { backup, .. }) = loaded.problem else {
        panic!("{:?}", loaded.problem)
    };
    assert_eq!(kv[&backup], good[..good.len() - 3]);
    kv.insert(
        STORAGE_KEY.into(),
        "{\"version\": 9, \"scenarios\": {}}".into(),
    );
    let loaded: persist::Loaded<MyScenarios> = persist::load(&mut kv, STORAGE_KEY, 100.0);
    assert_eq!(loaded.problem, Some(LoadProblem::Newer(9)));
    assert!(!loaded.writable);
    let mut mine = MyScenarios::default();
    mine.put(&blank("x"), 1.0);
    assert!(persist::save(&mut kv, STORAGE_KEY, &mut mine, 101.0).is_err());
}

#[test]
fn a_kept_scenario_the_validator_now_refuses_is_kept_with_its_problems() {
    let mut library = MyScenarios::default();
    library.put(&blank("later-broken"), 1.0);
    library.scenarios.get_mut("later-broken").unwrap().scenario["turns"][0]["expect"] =
        serde_json::json!(["no_such_expectation"]);
    let all = library.all();
    assert_eq!(all.len(), 1);
    assert!(all[0].1.is_err());
    assert!(library.get("later-broken").is_none());
    assert!(library.export("later-broken").is_some());
}

// ---- Packs carry the trainer's own scenarios and policy ----

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use service_dojo::classroom::{Class, ClassroomError, Pack, Results, MAX_LINK_CHARS};
use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::policy::Policy;
use service_dojo::progress::{Mode, SessionRecord};
use service_dojo::scenario::{Quality, Scenario};
use service_dojo::scorer::Scorer;

fn custom_pack() -> (Pack, Scenario) {
    let mut mine = duplicate(
        builtin().get("bargain-private-discount").unwrap(),
        &is_builtin,
    );
    mine.title.en = "Our shop: the member discount".into();
    let pack = Pack::new(
        "Week 3: our own customers",
        vec![mine.id.clone(), "angry-late-cake".into()],
        Mode::Practice,
        true,
        None,
        BTreeMap::new(),
    )
    .with_content(
        vec![mine.clone(), blank("not-in-the-pack")],
        Some(Policy::example()),
    );
    (pack, mine)
}

#[test]
fn a_pack_carries_custom_scenarios_and_a_policy_through_a_compressed_link() {
    let (pack, mine) = custom_pack();
    // Only the scenarios the pack plays are carried.
    assert_eq!(pack.custom.len(), 1);
    let code = pack.to_code();
    let json = pack.to_json();
    let plain = URL_SAFE_NO_PAD
        .encode(serde_json::to_string(&pack).unwrap())
        .len();
    println!(
        "pack with 1 custom scenario + policy: JSON {} bytes, plain base64 {} chars, deflated code {} chars",
        json.len(),
        plain,
        code.len()
    );
    assert!(code.len() * 2 < plain, "{} vs {plain}", code.len());
    assert!(code.len() < MAX_LINK_CHARS);
    let opened = Pack::parse(&code, builtin()).unwrap();
    assert_eq!(opened, pack);
    assert_eq!(Pack::parse(&json, builtin()).unwrap(), pack);
    let library = opened.library(builtin());
    assert_eq!(library.get(&mine.id), Some(&mine));
    assert!(library.get("angry-late-cake").is_some());
    assert_eq!(opened.policy, Some(Policy::example()));
}

#[test]
fn old_plain_pack_codes_still_open() {
    let old = r#"{"format":"service-dojo-pack","version":1,"name":"Week 1","scenarios":["angry-late-cake"],"mode":"practice","beginner":false,"reply_seconds":null,"pass":{}}"#;
    let code = URL_SAFE_NO_PAD.encode(old);
    let pack = Pack::parse(&code, builtin()).unwrap();
    assert_eq!(pack.version, 1);
    assert!(pack.custom.is_empty() && pack.policy.is_none());
    // Written back unchanged: results of old packs keep their pack id.
    assert_eq!(serde_json::to_string(&pack).unwrap(), old);
}

#[test]
fn a_pack_whose_content_is_wrong_or_hostile_is_refused_with_a_message() {
    let (pack, mine) = custom_pack();
    // A carried scenario may not replace a built-in one.
    let mut hiding = pack.clone();
    let mut fake = builtin().get("angry-late-cake").unwrap().clone();
    fake.title.en = "<script>alert(1)</script>".into();
    hiding.custom.push(fake);
    let e = Pack::parse(&hiding.to_json(), builtin()).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::CustomHidesBuiltin("angry-late-cake".into())
    );
    assert!(e.message().en.contains("cannot replace a built-in"));
    // A carried scenario the validator refuses.
    let mut broken = pack.clone();
    broken.custom[0].turns[0].next.clear();
    let e = Pack::parse(&broken.to_json(), builtin()).unwrap_err();
    assert!(
        matches!(&e, ClassroomError::BadCustom { id, .. } if *id == mine.id),
        "{e:?}"
    );
    assert!(
        e.message().en.contains("/turns/0/next"),
        "{}",
        e.message().en
    );
    // A policy that tries to excuse a built-in rule.
    let mut sly = pack.clone();
    sly.policy.as_mut().unwrap().offers[0]
        .phrases
        .push("give you a discount".into());
    let e = Pack::parse(&sly.to_code(), builtin()).unwrap_err();
    assert!(
        e.message().en.contains("integrity.unauthorised_discount"),
        "{}",
        e.message().en
    );
    // 1 MB strings: the file is refused unread, the code stops inflating at the limit.
    let mut huge = pack.clone();
    huge.custom[0].brief.en = "<img src=x onerror=alert(1)>".repeat(40_000);
    let e = Pack::parse(&huge.to_json(), builtin()).unwrap_err();
    assert!(matches!(e, ClassroomError::TooLarge { .. }), "{e:?}");
    let e = Pack::parse(&huge.to_code(), builtin()).unwrap_err();
    assert!(
        matches!(e, ClassroomError::PackInflatesTooLarge { .. }),
        "{e:?}"
    );
    assert!(e.message().en.contains("unpacks to more than"));
    // A scenario carried but not played.
    let mut stray = pack.clone();
    stray.custom.push(blank("stray"));
    let e = Pack::parse(&stray.to_json(), builtin()).unwrap_err();
    assert_eq!(e, ClassroomError::CustomNotPlayed("stray".into()));
}

/// A trainee plays the pack's own scenario (scored with the pack's policy),
/// and the trainer's dashboard reads the results.
#[test]
fn results_of_a_custom_scenario_reach_the_dashboard() {
    let (pack, _) = custom_pack();
    let library = pack.library(builtin());
    let policy = pack.policy.clone();
    let sessions: Vec<SessionRecord> = pack
        .scenarios
        .iter()
        .map(|id| {
            let scenario = library.get(id).unwrap();
            let mut c = Conversation::start(scenario, 5);
            service_dojo::scorer::policy::with_policy(policy.as_ref(), || {
                while !c.over && c.exchanges.len() < 20 {
                    let turn = c.turn(scenario).unwrap();
                    let option = turn
                        .options
                        .iter()
                        .find(|o| o.quality == Quality::Good)
                        .unwrap()
                        .text
                        .get(Lang::En)
                        .to_string();
                    c.respond(scenario, Scorer::builtin(), &option, None, false);
                }
            });
            assert!(c.over);
            SessionRecord::from_conversation(scenario, &c, pack.mode, pack.beginner, 1.0, 60_001.0)
                .unwrap()
        })
        .collect();
    let results = Results::new("Li", &pack, sessions, 1.0e12, 7);
    let code = results.to_code();
    assert_eq!(Results::parse_with(&code, builtin()).unwrap(), results);
    let mut class = Class::default();
    assert!(class.add_with("li.json", &results.to_json(), builtin()));
    assert_eq!(class.results.len(), 1);
}

#[test]
fn the_policy_is_kept_with_the_scenarios_and_the_newer_change_wins() {
    let mut kv: BTreeMap<String, String> = BTreeMap::new();
    let mut a = MyScenarios::default();
    let mut b = MyScenarios::default();
    assert!(a.policy().is_none());
    a.set_policy(Some(&Policy::example()), 10.0);
    persist::save(&mut kv, STORAGE_KEY, &mut a, 10.0).unwrap();
    persist::save(&mut kv, STORAGE_KEY, &mut b, 11.0).unwrap();
    assert_eq!(b.policy(), Some(Ok(Policy::example())));
    b.set_policy(None, 20.0);
    persist::save(&mut kv, STORAGE_KEY, &mut b, 20.0).unwrap();
    persist::save(&mut kv, STORAGE_KEY, &mut a, 21.0).unwrap();
    assert!(a.policy().is_none());
    let stored = MyScenarios::from_json(&kv[STORAGE_KEY]).unwrap();
    assert!(stored.policy().is_none());
}
