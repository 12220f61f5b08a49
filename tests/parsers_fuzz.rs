//! The fuzz harness as property tests (issue 13): every parser of outside
//! input — route, pack, results (file, code and the dashboard), the progress
//! store (load, salvage, import), scenario files and `dojo score` lines — is
//! fed arbitrary text, mangled real files and structurally edited JSON. None
//! may panic (with `panic = "abort"` a panic blanks the app), and whatever is
//! accepted must obey the rules the parser promises.
//!
//! Bounded: a fixed number of cases per property, the whole file runs in a
//! few seconds (debug build), so `cargo test` runs it every time.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;

use service_dojo::classroom::rush_round;
use service_dojo::classroom::{Class, Pack, Results, MAX_PACK_SCENARIOS, MAX_REPLY_SECONDS};
use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::progress::{recover, Mode, SessionRecord, Store};
use service_dojo::route::Screen;
use service_dojo::scenario::{builtin, load};
use service_dojo::scorer::{Competency, Scorer};

// ---------------------------------------------------------------- inputs --

/// Pieces that reach the parsers' interesting branches.
const FRAGMENTS: &[&str] = &[
    "/",
    "//",
    "play",
    "classroom",
    "dashboard",
    "projector",
    "pair",
    "pack",
    "progress",
    "index.html",
    "?",
    "&",
    "=",
    "#",
    "p=",
    "mode=assessment",
    "beginner=1",
    "%",
    "%a",
    "%aé",
    "%e9",
    "%E7%8E%8B",
    "%F0%9F",
    "%zz",
    "%%",
    "%2F",
    "é",
    "王",
    "😀",
    "\u{FEFF}",
    "\0",
    "\r\n",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "-1",
    "1e999",
    "255",
    "\\u0000",
    "\\ud800",
    "DOJO1:",
    "eyJ",
    "==",
    "service-dojo-pack",
    "service-dojo-results",
    "service-dojo-profile",
    "version",
    "sessions",
    "profiles",
    "turns",
    "id",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            any::<char>().prop_map(String::from),
            "[a-z0-9_-]{1,6}",
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

/// Any text: arbitrary Unicode, or glued fragments.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), fragments()]
}

/// One edit of a text, at a position given as a fraction of its length.
#[derive(Clone, Debug)]
enum Edit {
    Delete { at: f64, len: usize },
    Insert { at: f64, piece: String },
    Truncate { at: f64 },
    Duplicate { at: f64, len: usize },
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0.0..1.0f64, 1..40usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (0.0..1.0f64, fragments()).prop_map(|(at, piece)| Edit::Insert { at, piece }),
        (0.0..1.0f64).prop_map(|at| Edit::Truncate { at }),
        (0.0..1.0f64, 1..200usize).prop_map(|(at, len)| Edit::Duplicate { at, len }),
    ];
    prop::collection::vec(edit, 1..5)
}

/// Apply edits on character boundaries (the input stays a `&str`, as the
/// browser hands it over).
fn mangle(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let pos = |at: f64, n: usize| ((at * n as f64) as usize).min(n);
        let n = chars.len();
        match edit {
            Edit::Delete { at, len } => {
                let start = pos(*at, n);
                chars.drain(start..(start + len).min(n));
            }
            Edit::Insert { at, piece } => {
                let start = pos(*at, n);
                chars.splice(start..start, piece.chars());
            }
            Edit::Truncate { at } => chars.truncate(pos(*at, n)),
            Edit::Duplicate { at, len } => {
                let start = pos(*at, n);
                let copy: Vec<char> = chars[start..(start + len).min(n)].to_vec();
                chars.splice(start..start, copy);
            }
        }
    }
    chars.into_iter().collect()
}

/// Values that break shapes and ranges.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        6 => prop::sample::select(vec![-1i64, 0, 100, 101, 200, 255, 256, 65_536, i64::MAX])
            .prop_map(Value::from),
        1 => prop::sample::select(vec![-0.5f64, 1e308, 0.1]).prop_map(Value::from),
        2 => fragments().prop_map(Value::String),
        1 => Just(Value::Array(vec![])),
        1 => Just(Value::Object(Default::default())),
    ]
}

/// Every node's JSON pointer, in document order.
fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{here}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{here}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// Replace the node at an index (mod the node count) with `new`; or, with
/// `remove`, drop it from its object or array.
fn replace_node(root: &mut Value, index: usize, new: Value, remove: bool, focus: &[&str]) {
    let mut all = Vec::new();
    pointers(root, String::new(), &mut all);
    // Aim at the nodes that matter (scores, ids) when asked to.
    let focused: Vec<String> = all
        .iter()
        .filter(|p| focus.iter().any(|key| p.rsplit('/').next() == Some(*key)))
        .cloned()
        .collect();
    let all = if focused.is_empty() { all } else { focused };
    let pointer = &all[index % all.len()];
    if remove && !pointer.is_empty() {
        let (parent, last) = pointer.rsplit_once('/').unwrap();
        let key = last.replace("~1", "/").replace("~0", "~");
        match root.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = key.parse::<usize>() {
                    items.remove(i);
                }
            }
            _ => {}
        }
    } else if let Some(node) = root.pointer_mut(pointer) {
        *node = new;
    }
}

fn structural_edits() -> impl Strategy<Value = Vec<(usize, Value, bool)>> {
    prop::collection::vec(
        (any::<usize>(), odd_value(), prop::bool::weighted(0.2)),
        1..4,
    )
}

fn edit_json(json: &str, edits: &[(usize, Value, bool)]) -> Value {
    edit_json_at(json, edits, &[])
}

fn edit_json_at(json: &str, edits: &[(usize, Value, bool)], focus: &[&str]) -> Value {
    let mut value: Value = serde_json::from_str(json).unwrap();
    for (index, new, remove) in edits {
        replace_node(&mut value, *index, new.clone(), *remove, focus);
    }
    value
}

/// The values of a results file a forger would change.
/// Where a forger of a rush round's results aims.
const RUSH_FOCUS: &[&str] = &[
    "rush",
    "desks",
    "left",
    "waited_ms",
    "longest_wait_ms",
    "late",
    "events",
    "desk",
    "at_ms",
    "ending",
    "scenarios",
    "scenario",
    "version",
];

const RESULTS_FOCUS: &[&str] = &[
    "empathy",
    "patience",
    "emotion_control",
    "integrity",
    "overall",
    "turn",
    "scenario",
    "ending",
    "scenarios",
    "pass",
    "reply_seconds",
    "trainee",
    "finished_ms",
    "started_ms",
];

// ------------------------------------------------------------- fixtures --

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        let ids = builtin()
            .scenarios
            .iter()
            .take(2)
            .map(|s| s.id.clone())
            .collect();
        let pass = Competency::FOUR.iter().map(|&c| (c, 60)).collect();
        Pack::new("第一周", ids, Mode::Practice, true, Some(90), pass)
    })
}

fn played(scenario_id: &str, seed: u64) -> SessionRecord {
    let scenario = builtin().get(scenario_id).unwrap();
    let mut c = Conversation::start(scenario, seed);
    while !c.over && c.exchanges.len() < 20 {
        let reply = c.turn(scenario).unwrap().model[0]
            .text
            .get(Lang::Zh)
            .to_string();
        c.respond(scenario, Scorer::builtin(), &reply, None, false);
    }
    SessionRecord::from_conversation(scenario, &c, Mode::Practice, true, 1.0, 2.0).unwrap()
}

fn honest_results() -> &'static Results {
    static RESULTS: OnceLock<Results> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let sessions = pack().scenarios.iter().map(|id| played(id, 3)).collect();
        Results::new("小张", pack(), sessions, 1.0e12, 42)
    })
}

/// A pack with a rush round, and a trainee's results: the first customer
/// served to an ending, the other two forgotten until they left.
fn honest_rush_results() -> &'static Results {
    static RESULTS: OnceLock<Results> = OnceLock::new();
    RESULTS.get_or_init(|| {
        use service_dojo::engine::rush::{RushHour, RushRules};
        let ids = [
            "angry-late-cake",
            "bargain-free-shipping",
            "chatter-keyboard-gamer",
        ];
        let pack = rush_round::with_round(pack().clone(), ids.map(String::from).to_vec());
        let scenarios: Vec<_> = ids.iter().map(|id| builtin().get(id).unwrap()).collect();
        let mut rush = RushHour::start(&scenarios, 5);
        let mut now = 0.0;
        while !rush.desks[0].conversation.over && now < 600_000.0 {
            now += 5_000.0;
            let reply = rush.desks[0].conversation.turn(scenarios[0]).unwrap().model[0]
                .text
                .get(Lang::Zh)
                .to_string();
            rush.reply(0, scenarios[0], Scorer::builtin(), &reply, now);
        }
        now += f64::from(
            RushRules::builtin().leave_after_seconds + 2 * RushRules::builtin().arrival_gap_seconds,
        ) * 1000.0
            + 1.0;
        rush.tick(now);
        let mut sessions: Vec<SessionRecord> =
            pack.scenarios.iter().map(|id| played(id, 3)).collect();
        sessions.extend(rush_round::records(
            &rush, &scenarios, pack.mode, false, 1.0, 2.0,
        ));
        Results::new("小张", &pack, sessions, 1.0e12, 43)
            .with_rush(rush_round::RushResults::from_rush(&rush, now))
    })
}

fn store_json() -> &'static str {
    static STORE: OnceLock<String> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = Store::default();
        store.profile_mut().add(played(&pack().scenarios[0], 9));
        store.add_profile("王芳", 5.0);
        store.to_json()
    })
}

fn scenario_sources() -> &'static Vec<(String, String)> {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter(|p| !p.ends_with("schema.json"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        assert!(!files.is_empty());
        files
    })
}

// ------------------------------------------------------------ invariants --

/// What every accepted pack obeys.
fn assert_valid_pack(pack: &Pack) {
    assert!(!pack.name.trim().is_empty());
    assert!(!pack.scenarios.is_empty() || pack.rush.is_some());
    assert!(pack.scenarios.len() <= MAX_PACK_SCENARIOS);
    if let Some(round) = &pack.rush {
        // Two or three different scenarios, at a version that says so.
        assert!((2..=3).contains(&round.scenarios.len()));
        assert!(round.scenarios[1..]
            .iter()
            .all(|id| *id != round.scenarios[0]));
        assert!(round.scenarios.len() < 3 || round.scenarios[1] != round.scenarios[2]);
        assert!(pack.version >= rush_round::RUSH_PACK_VERSION);
    }
    for id in rush_round::all_scenarios(pack) {
        assert!(
            builtin().get(id).is_some(),
            "unknown scenario {id} accepted"
        );
    }
    assert!(pack.pass.values().all(|&v| v <= 100));
    assert!(pack
        .reply_seconds
        .is_none_or(|s| (1..=MAX_REPLY_SECONDS).contains(&s)));
}

/// What every accepted results file obeys.
fn assert_valid_results(r: &Results) {
    assert_valid_pack(&r.pack);
    let all = rush_round::all_scenarios(&r.pack);
    assert_eq!(r.sessions.len(), all.len());
    assert_eq!(r.rush.is_some(), r.pack.rush.is_some());
    for (i, (s, &id)) in r.sessions.iter().zip(&all).enumerate() {
        assert_eq!(s.scenario, id);
        let scenario = builtin().get(id).unwrap();
        assert!(s.overall <= 100);
        // A customer of the rush round who left has the rush's own ending.
        let desk = i.checked_sub(r.pack.scenarios.len());
        let left = desk.and_then(|d| r.rush.as_ref().map(|x| x.desks[d].left));
        if left == Some(true) {
            assert_eq!(s.ending, rush_round::LEFT_ENDING);
        } else {
            assert!(scenario.endings.iter().any(|e| e.id == s.ending));
        }
        for c in Competency::FOUR {
            assert!(s.scores.get(c) <= 100);
        }
        for e in &s.exchanges {
            assert!(scenario.turn(&e.turn).is_some());
            assert!(e.assessment.overall <= 100);
            for c in Competency::FOUR {
                assert!(e.assessment.scores.get(c) <= 100);
            }
        }
    }
}

// ------------------------------------------------------------ properties --

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any URL path parses (no panic), and what it parses to survives its own path.
    #[test]
    fn route_parses_anything_and_is_stable(input in text()) {
        let screen = Screen::parse(&input);
        prop_assert_eq!(Screen::parse(&screen.path()), screen);
    }

    #[test]
    fn route_ids_round_trip(id in ".+", assessment: bool, beginner: bool) {
        for screen in [
            Screen::Play { id: id.clone(), assessment, beginner },
            Screen::Projector { id: id.clone() },
            Screen::Pair { id: id.clone() },
            Screen::Pack { code: id.clone() },
        ] {
            let path = screen.path();
            prop_assert!(path.is_ascii(), "{}", path);
            prop_assert_eq!(Screen::parse(&path), screen);
        }
    }

    #[test]
    fn arbitrary_text_is_never_a_pack_or_results(input in text()) {
        if let Ok(pack) = Pack::parse(&input, builtin()) {
            assert_valid_pack(&pack);
        }
        prop_assert!(Results::parse(&input).is_err());
        let code = format!("DOJO1:{input}");
        prop_assert!(Results::parse(&code).is_err());
        let _ = Store::from_json(&input);
        let _ = recover(&input);
        let _ = Store::default().import_profile(&input, 0.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn mangled_packs_are_refused_or_valid(edits in edits(), code: bool) {
        let source = if code { pack().to_code() } else { pack().to_json() };
        let mangled = mangle(&source, &edits);
        if let Ok(pack) = Pack::parse(&mangled, builtin()) {
            assert_valid_pack(&pack);
        }
    }

    #[test]
    fn structurally_edited_packs_are_refused_or_valid(edits in structural_edits()) {
        let value = edit_json(&pack().to_json(), &edits);
        for text in [value.to_string(), Pack::parse(&value.to_string(), builtin()).map(|p| p.to_code()).unwrap_or_default()] {
            if let Ok(pack) = Pack::parse(&text, builtin()) {
                assert_valid_pack(&pack);
            }
        }
    }

    /// Packs made by any trainer input: accepted exactly when they obey the rules.
    #[test]
    fn built_packs_are_accepted_exactly_when_valid(
        name in prop_oneof![Just(String::new()), "[a-z王芳 ]{1,20}", ".{90,110}"],
        picks in prop::collection::vec(0..20usize, 0..4),
        mark in any::<u8>(),
        seconds in prop::option::of(prop_oneof![Just(0u32), 1..4000u32]),
    ) {
        let library = builtin();
        let ids: Vec<String> = picks
            .iter()
            .map(|&i| library.scenarios.get(i).map_or_else(|| format!("junk-{i}"), |s| s.id.clone()))
            .collect();
        let pass: BTreeMap<Competency, u8> = [(Competency::Integrity, mark)].into();
        let pack = Pack::new(&name, ids.clone(), Mode::Assessment, false, seconds, pass);
        let valid = !pack.name.is_empty()
            && pack.name.chars().count() <= 100
            && !ids.is_empty()
            && ids.iter().all(|id| library.get(id).is_some())
            && mark <= 100
            && seconds.is_none_or(|s| (1..=MAX_REPLY_SECONDS).contains(&s));
        for text in [pack.to_json(), pack.to_code()] {
            match Pack::parse(&text, library) {
                Ok(read) => {
                    prop_assert!(valid, "accepted an invalid pack: {:?}", pack);
                    prop_assert_eq!(&read, &pack);
                }
                Err(e) => {
                    prop_assert!(!valid, "refused a valid pack: {:?}", e);
                    let m = e.message();
                    prop_assert!(!m.zh.is_empty() && !m.en.is_empty());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Damage to a results file or code: refused (the checksum) or still valid.
    #[test]
    fn mangled_results_are_refused_or_valid(edits in edits(), code: bool) {
        let r = honest_results();
        let source = if code { r.to_code() } else { r.to_json() };
        let mangled = mangle(&source, &edits);
        match Results::parse(&mangled) {
            Ok(read) => assert_valid_results(&read),
            Err(e) => prop_assert!(!e.message().zh.is_empty()),
        }
    }

    /// A forger edits any value and recomputes the checksum: whatever gets
    /// through still obeys every content rule.
    #[test]
    fn forged_results_never_carry_impossible_content(edits in structural_edits(), nonce: u64, aimed in prop::bool::weighted(0.8)) {
        let focus = if aimed { RESULTS_FOCUS } else { &[] };
        let value = edit_json_at(&honest_results().to_json(), &edits, focus);
        // Unchanged checksum: refused unless the edit changed nothing.
        if let Ok(read) = Results::parse(&value.to_string()) {
            prop_assert_eq!(&read, honest_results());
        }
        if let Ok(forged) = serde_json::from_value::<Results>(value) {
            let resealed = Results::new(&forged.trainee, &forged.pack, forged.sessions, forged.finished_ms, nonce);
            let mut class = Class::default();
            let accepted = class.add("forged.json", &resealed.to_json());
            match Results::parse(&resealed.to_json()) {
                Ok(read) => {
                    prop_assert!(accepted);
                    assert_valid_results(&read);
                }
                Err(e) => {
                    prop_assert!(!accepted);
                    prop_assert_eq!(&class.rejected[0].error, &e);
                }
            }
        }
    }

    /// The same for a pack with a rush round: a forger edits any value of
    /// the pack, the sessions or the rush part and reseals the file.
    #[test]
    fn forged_rush_results_never_carry_impossible_content(edits in structural_edits(), nonce: u64, aimed in prop::bool::weighted(0.8)) {
        let honest = honest_rush_results();
        assert_valid_results(&Results::parse(&honest.to_json()).unwrap());
        let focus = if aimed { RUSH_FOCUS } else { &[] };
        let value = edit_json_at(&honest.to_json(), &edits, focus);
        if let Ok(forged) = serde_json::from_value::<Results>(value) {
            let mut resealed = Results::new(&forged.trainee, &forged.pack, forged.sessions, forged.finished_ms, nonce);
            if let Some(rush) = forged.rush {
                resealed = resealed.with_rush(rush);
            }
            let mut class = Class::default();
            let accepted = class.add("forged.json", &resealed.to_json());
            match Results::parse(&resealed.to_json()) {
                Ok(read) => {
                    prop_assert!(accepted);
                    assert_valid_results(&read);
                }
                Err(e) => {
                    prop_assert!(!accepted);
                    prop_assert_eq!(&class.rejected[0].error, &e);
                    prop_assert!(!e.message().zh.is_empty() && !e.message().en.is_empty());
                }
            }
        }
    }

    #[test]
    fn mangled_stores_load_salvage_or_refuse(edits in edits(), structural in structural_edits()) {
        for text in [mangle(store_json(), &edits), edit_json(store_json(), &structural).to_string()] {
            if let Ok(store) = Store::from_json(&text) {
                prop_assert!(!store.profiles.is_empty());
                prop_assert!(store.profiles.iter().any(|p| p.id == store.active));
                let _ = store.profile();
            }
            if let Some(store) = recover(&text) {
                let _ = store.profile();
            }
            let mut target = Store::default();
            let export = format!(
                "{{\"format\":\"service-dojo-profile\",\"version\":2,\"profile\":{}}}",
                serde_json::to_string(Store::from_json(store_json()).unwrap().profile()).unwrap()
            );
            let _ = target.import_profile(&text, 0.0);
            let _ = target.import_profile(&mangle(&export, &edits), 0.0);
        }
    }

    #[test]
    fn mangled_scenarios_load_or_report(
        file in any::<prop::sample::Index>(),
        edits in edits(),
        structural in structural_edits(),
    ) {
        let files = scenario_sources();
        let (name, source) = &files[file.index(files.len())];
        for text in [mangle(source, &edits), edit_json(source, &structural).to_string()] {
            match load(name, &text) {
                Ok(scenario) => prop_assert!(!scenario.turns.is_empty()),
                Err(problems) => {
                    prop_assert!(!problems.is_empty());
                    for p in &problems {
                        prop_assert_eq!(&p.file, name);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The dashboard takes any mix of files without panicking, and accounts for each.
    #[test]
    fn the_dashboard_accounts_for_every_file(inputs in prop::collection::vec(prop_oneof![
        text(),
        Just(honest_results().to_json()),
        Just(honest_results().to_code()),
        edits().prop_map(|e| mangle(&honest_results().to_json(), &e)),
    ], 1..6)) {
        let mut class = Class::default();
        for (i, input) in inputs.iter().enumerate() {
            class.add(&format!("{i}.json"), input);
        }
        prop_assert_eq!(class.results.len() + class.rejected.len(), inputs.len());
        prop_assert!(class.results.len() <= 1, "only one distinct result exists");
        let _ = class.to_csv();
        let _ = class.frequent_findings(5);
    }


    /// `dojo score`: one output line per input line, for any bytes.
    #[test]
    fn score_answers_every_line_of_any_bytes(
        lines in prop::collection::vec(prop_oneof![
            prop::collection::vec(any::<u8>(), 0..40),
            text().prop_map(String::into_bytes),
            Just(br#"{"customer": "hi", "reply": "sorry, let me check"}"#.to_vec()),
        ], 1..6),
        bom: bool,
    ) {
        let mut input = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        let mut expected = 0;
        for line in &lines {
            let line: Vec<u8> = line.iter().copied().filter(|&b| b != b'\n').collect();
            input.extend_from_slice(&line);
            input.push(b'\n');
            expected += 1;
        }
        let mut out = Vec::new();
        let summary = service_dojo::cli::score(&mut &input[..], &mut out).unwrap();
        prop_assert_eq!(summary.lines, expected);
        let text = String::from_utf8(out).unwrap();
        prop_assert_eq!(text.lines().count(), expected);
        for (i, line) in text.lines().enumerate() {
            let value: Value = serde_json::from_str(line).unwrap();
            if let Some(error) = value.get("error") {
                let prefix = format!("line {}: ", i + 1);
                prop_assert!(error.as_str().unwrap().starts_with(&prefix));
            } else {
                prop_assert!(value["overall"].as_u64().unwrap() <= 100);
            }
        }
    }
}
