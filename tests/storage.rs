//! The storage protocol (`persist`) and what the progress model keeps in it:
//! two or more tabs writing at the same moment lose nothing, unreadable data
//! is backed up and never overwritten, unfinished sessions live under their
//! own keys, findings are stored by rule id, and what to keep after a reply.

use std::collections::BTreeMap;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::persist::{self, LoadProblem, SaveError, Saved, StoreError};
use service_dojo::progress::{
    after_reply, legacy_unfinished, resumable, stale, ImportError, Keep, Mode, Playing,
    SessionRecord, Store, Unfinished, KEY,
};
use service_dojo::scenario::builtin;
use service_dojo::scorer::Scorer;

type Map = BTreeMap<String, String>;

/// The first scenario, played with its model replies for `replies` replies
/// (or to its end).
fn conversation(seed: u64, replies: usize) -> Conversation {
    let scenario = &builtin().scenarios[0];
    let mut c = Conversation::start(scenario, seed);
    while !c.over && c.exchanges.len() < replies {
        let turn = c.turn(scenario).unwrap();
        let reply = turn.model[0].text.get(Lang::Zh).to_string();
        c.respond(scenario, Scorer::builtin(), &reply, None, false);
    }
    c
}

fn finished(seed: u64) -> SessionRecord {
    let scenario = &builtin().scenarios[0];
    let c = conversation(seed, 30);
    SessionRecord::from_conversation(
        scenario,
        &c,
        Mode::Practice,
        false,
        seed as f64,
        seed as f64 + 1.0,
    )
    .unwrap()
}

fn session_ids(store: &Store) -> Vec<String> {
    let mut ids: Vec<String> = store
        .profiles
        .iter()
        .flat_map(|p| p.sessions.iter().map(|s| s.id.clone()))
        .collect();
    ids.sort();
    ids
}

/// A model of localStorage shared by tabs as Chromium implements it: each
/// tab reads its own cached copy; a write reaches the other tabs' copies
/// later, in order, and fires a `storage` event there.
struct Browser {
    truth: Map,
    tabs: Vec<Tab>,
}

struct Tab {
    cache: Map,
    /// Writes of other tabs not yet seen: (key, value).
    inbox: Vec<(String, String)>,
    store: Store,
}

impl Browser {
    fn new(tabs: usize) -> Browser {
        Browser {
            truth: Map::new(),
            tabs: (0..tabs)
                .map(|_| Tab {
                    cache: Map::new(),
                    inbox: Vec::new(),
                    store: Store::default(),
                })
                .collect(),
        }
    }

    /// One tab's read-merge-write against its cached copy.
    fn save(&mut self, tab: usize) {
        let t = &mut self.tabs[tab];
        let before = t.cache.get(KEY).cloned();
        persist::save(&mut t.cache, KEY, &mut t.store, 0.0).unwrap();
        let after = t.cache.get(KEY).cloned();
        if after != before {
            let value = after.unwrap();
            self.truth.insert(KEY.into(), value.clone());
            for (i, other) in self.tabs.iter_mut().enumerate() {
                if i != tab {
                    other.inbox.push((KEY.into(), value.clone()));
                }
            }
        }
    }

    /// Another tab's write reaches `tab`: its copy changes, the `storage`
    /// event fires, and the app saves again (the repair).
    fn deliver(&mut self, tab: usize) {
        let (key, value) = self.tabs[tab].inbox.remove(0);
        self.tabs[tab].cache.insert(key, value);
        self.save(tab);
    }

    fn pending(&self) -> Vec<usize> {
        (0..self.tabs.len())
            .filter(|&i| !self.tabs[i].inbox.is_empty())
            .collect()
    }
}

#[test]
fn tabs_finishing_at_the_same_moment_lose_nothing_in_any_order() {
    // Transcripts emptied: the protocol is what is tested, and it stays fast.
    let template = finished(100);
    let records: Vec<SessionRecord> = (0..6)
        .map(|i| SessionRecord {
            id: format!("s{i}"),
            exchanges: Vec::new(),
            finished_ms: i as f64,
            ..template.clone()
        })
        .collect();
    for seed in 0..300 {
        let mut rng = SmallRng::seed_from_u64(seed);
        let tabs = rng.random_range(2..=3);
        let mut browser = Browser::new(tabs);
        let mut expected = Vec::new();
        let mut next = 0;
        let mut steps = 0;
        // Finishes and deliveries interleaved at random, then everything delivered.
        loop {
            steps += 1;
            assert!(steps < 10_000, "seed {seed}: the tabs never settle");
            let pending = browser.pending();
            let finish = next < records.len() && (pending.is_empty() || rng.random_bool(0.5));
            if finish {
                let tab = rng.random_range(0..tabs);
                browser.tabs[tab]
                    .store
                    .profile_mut()
                    .add(records[next].clone());
                expected.push(records[next].id.clone());
                next += 1;
                browser.save(tab);
            } else if let Some(&tab) = pending.get(rng.random_range(0..pending.len().max(1))) {
                browser.deliver(tab);
            } else {
                break;
            }
        }
        expected.sort();
        let stored = Store::from_json(&browser.truth[KEY]).unwrap();
        assert_eq!(
            session_ids(&stored),
            expected,
            "seed {seed}: a session was lost"
        );
        for tab in &browser.tabs {
            assert_eq!(
                session_ids(&tab.store),
                expected,
                "seed {seed}: a tab misses a session"
            );
        }
    }
}

#[test]
fn the_lost_race_without_the_repair_is_real() {
    // Both tabs read before either writes: the second write drops the first
    // tab's session, and only the first tab's repair brings it back.
    let mut browser = Browser::new(2);
    browser.tabs[0].store.profile_mut().add(finished(1));
    browser.tabs[1].store.profile_mut().add(finished(2));
    browser.save(0);
    browser.save(1);
    assert_eq!(
        session_ids(&Store::from_json(&browser.truth[KEY]).unwrap()).len(),
        1,
        "the race loses one"
    );
    while let Some(&tab) = browser.pending().first() {
        browser.deliver(tab);
    }
    assert_eq!(
        session_ids(&Store::from_json(&browser.truth[KEY]).unwrap()).len(),
        2,
        "the repair restores it"
    );
}

#[test]
fn a_write_that_adds_nothing_is_skipped() {
    let mut kv = Map::new();
    let mut store = Store::default();
    store.profile_mut().add(finished(3));
    assert_eq!(
        persist::save(&mut kv, KEY, &mut store, 0.0),
        Ok(Saved::Written)
    );
    let mut same = Store::default();
    assert_eq!(
        persist::save(&mut kv, KEY, &mut same, 0.0),
        Ok(Saved::Covered)
    );
    assert_eq!(
        session_ids(&same),
        session_ids(&store),
        "the reader got the stored session"
    );
}

#[test]
fn settings_follow_the_latest_choice_in_either_tab() {
    let mut a = Store::default();
    let mut b = Store::default();
    a.set_lang(Lang::En, 10.0);
    b.set_lang(Lang::Zh, 20.0);
    let mut merged = a.clone();
    merged.merge(&b);
    assert_eq!(merged.lang, Some(Lang::Zh));
    b.merge(&a);
    assert_eq!(b.lang, Some(Lang::Zh), "both orders agree");
    let mut kv = Map::new();
    persist::save(&mut kv, KEY, &mut a, 0.0).unwrap();
    a.set_lang(Lang::Zh, 30.0);
    assert_eq!(
        persist::save(&mut kv, KEY, &mut a, 0.0),
        Ok(Saved::Written),
        "a language change alone is written"
    );
}

#[test]
fn unreadable_data_is_backed_up_before_anything_is_written_and_never_overwritten() {
    let mut kv = Map::new();
    kv.insert(KEY.into(), "{broken".into());
    let loaded = persist::load::<Store>(&mut kv, KEY, 1000.0);
    assert!(matches!(loaded.problem, Some(LoadProblem::Damaged { .. })));
    assert!(loaded.writable);
    assert_eq!(
        kv.get("service-dojo.backup.1000").map(String::as_str),
        Some("{broken")
    );
    // Damaged again, same millisecond: a second backup, the first kept.
    kv.insert(KEY.into(), "{broken again".into());
    let mut store = Store::default();
    let saved = persist::save(&mut kv, KEY, &mut store, 1000.0).unwrap();
    assert_eq!(saved, Saved::BackedUp("service-dojo.backup.1000-1".into()));
    assert_eq!(kv["service-dojo.backup.1000"], "{broken");
    assert_eq!(kv["service-dojo.backup.1000-1"], "{broken again");
    let list = persist::backups(&kv, KEY);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].saved_ms, 1000.0);
    assert_eq!(list[0].bytes, "{broken".len() * 2);
}

#[test]
fn newer_data_is_never_written_over() {
    let mut kv = Map::new();
    kv.insert(KEY.into(), r#"{"version": 99}"#.into());
    let loaded = persist::load::<Store>(&mut kv, KEY, 0.0);
    assert_eq!(loaded.problem, Some(LoadProblem::Newer(99)));
    assert!(!loaded.writable);
    let mut store = Store::default();
    assert_eq!(
        persist::save(&mut kv, KEY, &mut store, 0.0),
        Err(SaveError::Newer(99))
    );
    assert_eq!(kv[KEY], r#"{"version": 99}"#);
}

#[test]
fn errors_speak_both_languages_without_english_parser_text_in_chinese() {
    let errors = [
        Store::from_json("{broken").unwrap_err(),
        Store::from_json(r#"{"version": 3, "profiles": 5, "active": "x"}"#).unwrap_err(),
        StoreError::NewerVersion(9),
    ];
    for error in errors {
        let m = error.message();
        assert!(!m.zh.is_empty() && !m.en.is_empty());
        assert!(
            !m.zh.contains("expected") && !m.zh.contains("invalid"),
            "{m:?}"
        );
    }
    let m = Store::default()
        .import_profile("{x", 0.0)
        .unwrap_err()
        .message();
    assert!(m.zh.contains("第 1 行"), "{m:?}");
    let m = ImportError::NotAnExport.message();
    assert!(m.en.contains("not a Service Dojo"));
    let too_big = "x".repeat(service_dojo::progress::MAX_IMPORT_BYTES + 1);
    assert!(matches!(
        Store::default().import_profile(&too_big, 0.0),
        Err(ImportError::TooLarge { .. })
    ));
}

#[test]
fn findings_are_stored_by_rule_id_and_come_back_whole() {
    let record = finished(7);
    let findings: usize = record
        .exchanges
        .iter()
        .map(|e| e.assessment.findings.len())
        .sum();
    assert!(findings > 0);
    let mut store = Store::default();
    store.profile_mut().add(record.clone());
    let json = store.to_json();
    let whole = serde_json::to_string(&store).unwrap();
    assert!(
        json.len() * 10 < whole.len() * 8,
        "at least a fifth smaller: {} vs {}",
        json.len(),
        whole.len()
    );
    assert!(!json.contains("\"message\""), "no finding keeps its words");
    assert_eq!(
        Store::from_json(&json).unwrap().profile().sessions[0],
        record
    );
    // Data written whole (v2) reads the same, and is migrated.
    let mut v2: serde_json::Value = serde_json::from_str(&whole).unwrap();
    v2["version"] = 2.into();
    assert_eq!(Store::from_json(&v2.to_string()).unwrap(), store);
    // A finding whose words differ from the rules' is kept whole.
    let mut odd = store.clone();
    odd.profiles[0].sessions[0].exchanges[0].assessment.findings[0]
        .message
        .en = "edited".into();
    let json = odd.to_json();
    assert!(json.contains("edited"));
    assert_eq!(Store::from_json(&json).unwrap(), odd);
    // A rule that is gone: a message that says so, not a failed load.
    let mut value: serde_json::Value = serde_json::from_str(&store.to_json()).unwrap();
    value["profiles"][0]["sessions"][0]["exchanges"][0]["assessment"]["findings"][0]["rule"] =
        "gone.rule".into();
    let back = Store::from_json(&value.to_string()).unwrap();
    assert!(
        back.profile().sessions[0].exchanges[0].assessment.findings[0]
            .message
            .en
            .contains("gone.rule")
    );
}

#[test]
fn v2_unfinished_sessions_move_to_their_own_keys() {
    let c = conversation(9, 1);
    let unfinished = Unfinished {
        profile: String::new(),
        mode: Mode::Practice,
        beginner: false,
        started_ms: 9.0,
        updated_ms: 10.0,
        conversation: c,
    };
    let mut store = Store::default();
    store.profile_mut().add(finished(8));
    let mut v2: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&store).unwrap()).unwrap();
    v2["version"] = 2.into();
    v2["profiles"][0]["unfinished"] = serde_json::to_value(&unfinished).unwrap();
    let raw = v2.to_string();
    let moved = legacy_unfinished(&raw);
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].profile, "default");
    assert_eq!(moved[0].conversation, unfinished.conversation);
    let store = Store::from_json(&raw).unwrap();
    assert_eq!(store.profile().sessions.len(), 1);
    let json = moved[0].to_json_string();
    assert_eq!(
        <Unfinished as persist::Versioned>::from_json(&json).unwrap(),
        moved[0]
    );
}

trait ToJson {
    fn to_json_string(&self) -> String;
}
impl ToJson for Unfinished {
    fn to_json_string(&self) -> String {
        persist::Versioned::to_json(self)
    }
}

#[test]
fn after_a_reply_the_core_decides_what_to_keep() {
    let scenario = &builtin().scenarios[0];
    let mut store = Store::default();
    let mut unfinished = Vec::new();
    let fresh = Conversation::start(scenario, 50);
    fn playing<'a>(
        scenario: &'a service_dojo::scenario::Scenario,
        c: &'a Conversation,
    ) -> Playing<'a> {
        Playing {
            scenario,
            conversation: c,
            profile: "default",
            mode: Mode::Practice,
            beginner: false,
            started_ms: 50.0,
        }
    }
    let playing = |c| playing(scenario, c);
    // Nothing said: nothing kept.
    assert!(matches!(
        after_reply(&playing(&fresh), 51.0),
        Keep::Nothing { .. }
    ));
    // One reply: an unfinished session under its own id, resumable.
    let one = conversation(50, 1);
    let keep = after_reply(&playing(&one), 52.0);
    let Keep::Unfinished(u) = &keep else {
        panic!("{keep:?}")
    };
    assert_eq!(u.id(), format!("{}-50", scenario.id));
    keep.apply(&mut store, &mut unfinished);
    assert_eq!(
        resumable(&unfinished, &store, &scenario.id).map(|u| u.conversation.exchanges.len()),
        Some(1)
    );
    // Another profile becomes active (another tab): the session still ends in its own profile.
    let other = store.add_profile("小王", 60.0);
    assert_eq!(store.active, other);
    assert!(
        resumable(&unfinished, &store, &scenario.id).is_none(),
        "not offered to someone else"
    );
    let done = conversation(50, 30);
    let keep = after_reply(&playing(&done), 70.0);
    assert!(matches!(&keep, Keep::Finished { profile, .. } if profile == "default"));
    keep.apply(&mut store, &mut unfinished);
    assert!(unfinished.is_empty(), "the unfinished copy is dropped");
    assert_eq!(store.profiles[0].sessions.len(), 1);
    assert!(store.profiles[1].sessions.is_empty());
    // A copy left in another tab's key is stale once the session is finished.
    let left = [u.clone()];
    assert_eq!(stale(&left, &store).len(), 1);
}

#[test]
fn coaching_and_sending_score_alike_even_when_the_customer_repeats() {
    let scorer = Scorer::builtin();
    let mut repeating = 0;
    for scenario in &builtin().scenarios {
        for reply in ["嗯。", "好的，我知道了。", "I see."] {
            let mut c = Conversation::start(scenario, 1);
            for _ in 0..4 {
                if c.over {
                    break;
                }
                repeating += usize::from(c.repeat);
                let hint = c.assess(scenario, scorer, reply, false).unwrap();
                let sent = c
                    .respond(scenario, scorer, reply, None, false)
                    .unwrap()
                    .assessment
                    .clone();
                assert_eq!(hint, sent, "{}", scenario.id);
            }
        }
    }
    assert!(
        repeating > 0,
        "some customer repeated a question: the case where coaching used to differ"
    );
}

#[test]
fn sentences_are_whole_with_placeholders() {
    use service_dojo::i18n::Text;
    let t = Text::new(
        "确定删除“{name}”及其全部练习记录吗？",
        "Delete “{name}” and all their sessions?",
    )
    .with("name", "Wang Fang");
    assert_eq!(t.zh, "确定删除“Wang Fang”及其全部练习记录吗？");
    assert_eq!(t.en, "Delete “Wang Fang” and all their sessions?");
}

#[test]
fn import_keeps_the_profile_name() {
    let mut source = Store::default();
    source.rename_profile("default", "李明", 5.0);
    source.profile_mut().add(finished(11));
    let file = source.export_profile();
    // Into a fresh browser: the untouched default profile takes the name.
    let mut fresh = Store::default();
    let imported = fresh.import_profile(&file, 10.0).unwrap();
    assert_eq!((imported.name.as_str(), imported.added), ("李明", 1));
    assert_eq!(fresh.profiles.len(), 1);
    assert_eq!(fresh.profile().name, "李明");
    // Into a browser where someone else practises: a new profile, made active.
    let mut busy = Store::default();
    busy.rename_profile("default", "王芳", 5.0);
    busy.profile_mut().add(finished(12));
    busy.import_profile(&file, 10.0).unwrap();
    assert_eq!(busy.profiles.len(), 2);
    assert_eq!(busy.profile().name, "李明");
    assert_eq!(
        busy.profiles[0].sessions.len(),
        1,
        "王芳's sessions stay hers"
    );
    // Again: merged into 李明, nothing duplicated.
    assert_eq!(busy.import_profile(&file, 11.0).unwrap().added, 0);
    assert_eq!(busy.profiles.len(), 2);
}

#[test]
fn an_export_reminder_after_a_week_of_unexported_progress() {
    let week = service_dojo::progress::EXPORT_REMINDER_MS;
    let mut store = Store::default();
    let mut record = finished(13);
    record.finished_ms = 1.0e12;
    store.profile_mut().add(record);
    assert!(!store.profile().needs_export(1.0e12 + week / 2.0));
    assert!(store.profile().needs_export(1.0e12 + week + 1.0));
    store.mark_exported(1.0e12 + week + 2.0);
    assert!(!store.profile().needs_export(1.0e12 + 3.0 * week));
    // The export time travels between tabs.
    let mut other = Store::default();
    other.merge(&store);
    assert_eq!(other.profile().exported_ms, 1.0e12 + week + 2.0);
}
