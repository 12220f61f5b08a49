//! The progress model: migrations, recovery, merging two tabs, import/export,
//! pruning, recommendations, and what a session costs in storage.

use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::persist::StoreError;
use service_dojo::progress::{
    recover, Imported, Mode, Profile, SessionRecord, Store, STORE_VERSION,
};
use service_dojo::scenario::builtin;
use service_dojo::scorer::{Competency, Scorer};

/// A real session: the first scenario played with its model replies.
fn played(seed: u64, finished_ms: f64) -> SessionRecord {
    let scenario = &builtin().scenarios[0];
    let mut conversation = Conversation::start(scenario, seed);
    while !conversation.over && conversation.exchanges.len() < 20 {
        let turn = conversation.turn(scenario).unwrap();
        let reply = turn.model[0].text.get(Lang::Zh).to_string();
        conversation.respond(scenario, Scorer::builtin(), &reply, None, false);
    }
    SessionRecord::from_conversation(
        scenario,
        &conversation,
        Mode::Practice,
        false,
        finished_ms - 300_000.0,
        finished_ms,
    )
    .unwrap()
}

#[test]
fn version_1_is_migrated_into_a_default_profile() {
    let session = serde_json::to_value(played(1, 1_000_000.0)).unwrap();
    let v1 = serde_json::json!({ "version": 1, "lang": "en", "sessions": [session] }).to_string();
    let store = Store::from_json(&v1).unwrap();
    assert_eq!(store.version, STORE_VERSION);
    assert_eq!(store.lang, Some(Lang::En));
    assert_eq!(store.profiles.len(), 1);
    assert_eq!(store.profile().sessions.len(), 1);
}

#[test]
fn current_version_round_trips() {
    let mut store = Store::default();
    store.profile_mut().add(played(2, 2.0e6));
    assert_eq!(Store::from_json(&store.to_json()).unwrap(), store);
}

#[test]
fn newer_and_broken_data_are_refused_not_guessed() {
    assert_eq!(
        Store::from_json(r#"{"version": 99}"#),
        Err(StoreError::NewerVersion(99))
    );
    assert!(matches!(
        Store::from_json("{broken"),
        Err(StoreError::NotJson { .. })
    ));
    assert!(matches!(
        Store::from_json(r#"{"version": 2, "profiles": 5}"#),
        Err(StoreError::WrongShape(_))
    ));
}

#[test]
fn partly_corrupt_data_is_salvaged_session_by_session() {
    let mut store = Store::default();
    store.profile_mut().add(played(3, 3.0e6));
    store.profile_mut().add(played(4, 4.0e6));
    let mut value: serde_json::Value = serde_json::from_str(&store.to_json()).unwrap();
    value["profiles"][0]["sessions"][1]["scores"] = serde_json::json!("garbage");
    value["profiles"][0]["unfinished"] = serde_json::json!(42);
    let damaged = value.to_string();
    assert!(Store::from_json(&damaged).is_err());
    let recovered = recover(&damaged).expect("something is recoverable");
    assert_eq!(recovered.profile().sessions.len(), 1);
}

#[test]
fn two_tabs_merge_without_losing_either_side() {
    let mut base = Store::default();
    base.profile_mut().add(played(5, 5.0e6));
    let mut tab_a = base.clone();
    let mut tab_b = base.clone();
    tab_a.profile_mut().add(played(6, 6.0e6));
    tab_b.profile_mut().add(played(7, 7.0e6));
    tab_b.add_profile("小王", 8.0e6);
    tab_a.merge(&tab_b);
    assert_eq!(tab_a.profiles.len(), 2);
    assert_eq!(tab_a.profiles[0].sessions.len(), 3);
    // Merging again changes nothing.
    let before = tab_a.clone();
    tab_a.merge(&tab_b);
    assert_eq!(tab_a, before);
}

#[test]
fn a_deleted_profile_is_not_resurrected_by_an_older_copy() {
    let mut store = Store::default();
    let id = store.add_profile("临时", 1.0);
    let old_copy = store.clone();
    assert!(store.delete_profile(&id));
    store.merge(&old_copy);
    assert!(!store.profiles.iter().any(|p| p.id == id));
    assert!(
        !store.delete_profile(&store.profiles[0].id.clone()),
        "the last profile stays"
    );
}

#[test]
fn the_newer_name_wins() {
    let mut a = Store::default();
    let mut b = a.clone();
    a.rename_profile("default", "小李", 10.0);
    b.rename_profile("default", "李明", 20.0);
    a.merge(&b);
    assert_eq!(a.profile().name, "李明");
}

#[test]
fn export_then_import_adds_sessions_once() {
    let mut source = Store::default();
    source.profile_mut().add(played(8, 8.0e6));
    source.profile_mut().add(played(9, 9.0e6));
    let file = source.export_profile();
    let mut target = Store::default();
    target.profile_mut().add(played(8, 8.0e6));
    let imported = |added| {
        Ok(Imported {
            name: "我 / Me".into(),
            added,
        })
    };
    assert_eq!(target.import_profile(&file, 1.0), imported(1));
    assert_eq!(
        target.import_profile(&file, 2.0),
        imported(0),
        "importing twice duplicates nothing"
    );
    assert_eq!(target.profile().sessions.len(), 2);
    assert!(target.import_profile("{}", 3.0).is_err());
    assert!(target.import_profile("not json", 4.0).is_err());
}

#[test]
fn pruning_keeps_scores_and_newest_transcripts() {
    let mut store = Store::default();
    for i in 0..5 {
        store.profile_mut().add(played(10 + i, 1.0e7 + i as f64));
    }
    let scores: Vec<u8> = store.profile().sessions.iter().map(|s| s.overall).collect();
    assert_eq!(store.prune(2), 3);
    let profile = store.profile();
    assert_eq!(
        profile
            .sessions
            .iter()
            .map(|s| s.overall)
            .collect::<Vec<_>>(),
        scores
    );
    assert!(profile.sessions[..3]
        .iter()
        .all(|s| s.pruned && s.exchanges.is_empty()));
    assert!(profile.sessions[3..]
        .iter()
        .all(|s| !s.pruned && !s.exchanges.is_empty()));
}

#[test]
fn recommendation_targets_the_weakest_competency() {
    let mut profile = Profile::new("x", "x", 0.0);
    let mut record = played(20, 2.0e7);
    record.scores.integrity = 10;
    record.scores.empathy = 90;
    record.scores.patience = 90;
    record.scores.emotion_control = 90;
    profile.add(record);
    assert_eq!(profile.weakest(), Some(Competency::Integrity));
    let (scenario, weakest) = profile.recommend(&builtin().scenarios).unwrap();
    assert_eq!(weakest, Some(Competency::Integrity));
    assert!(
        service_dojo::progress::archetypes_for(Competency::Integrity).contains(&scenario.archetype)
    );
}

/// Not a timing: a size, printed for the README. "Before" is the same store
/// written with every finding whole (as store v2 did); "after" is the stored
/// form, findings by rule id.
#[test]
fn storage_cost_per_finished_session() {
    let mut store = Store::default();
    let whole = |s: &Store| serde_json::to_string(s).unwrap().encode_utf16().count();
    let stored = |s: &Store| s.to_json().encode_utf16().count();
    let (empty_whole, empty) = (whole(&store), stored(&store));
    for i in 0..10 {
        store.profile_mut().add(played(30 + i, 3.0e7 + i as f64));
    }
    // localStorage counts UTF-16 code units; browsers allow about 5 million.
    let before = (whole(&store) - empty_whole) / 10;
    let per_session = (stored(&store) - empty) / 10;
    let fit = 5_000_000 / per_session;
    println!("storage: {before} UTF-16 units per finished session with whole findings (v2); about {} fit in 5 MB", 5_000_000 / before);
    println!("storage: {per_session} UTF-16 units per finished session, findings by rule id (v3); about {fit} sessions fit in 5 MB");
    assert!(per_session < before, "shortening saves space");
    assert_eq!(
        Store::from_json(&store.to_json()).unwrap(),
        store,
        "and loses nothing"
    );
    store.prune(0);
    let pruned = (stored(&store) - empty) / 10;
    println!(
        "storage: {pruned} units per session after pruning transcripts; about {} fit",
        5_000_000 / pruned
    );
    assert!(per_session < 60_000, "a session costs {per_session} units");
    assert!(pruned < per_session);
}
