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
        file("huge.json", format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_SCENARIO_BYTES))),
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
    assert!(refused["not-json.json"].message().en.contains("not valid JSON"));
    let next = refused["broken-next.json"].message();
    assert!(next.en.contains("/turns/0/next/0/to") && next.en.contains("nowhere"), "{next:?}");
    assert!(matches!(refused["angry-late-cake.json"], Refused::BuiltinId(_)));
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
    assert!(refused.message().en.contains("too large"), "{:?}", refused.message());
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
    kv.insert(STORAGE_KEY.into(), "{\"version\": 9, \"scenarios\": {}}".into());
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
    library
        .scenarios
        .get_mut("later-broken")
        .unwrap()
        .scenario["turns"][0]["expect"] = serde_json::json!(["no_such_expectation"]);
    let all = library.all();
    assert_eq!(all.len(), 1);
    assert!(all[0].1.is_err());
    assert!(library.get("later-broken").is_none());
    assert!(library.export("later-broken").is_some());
}
