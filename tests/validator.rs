//! The validator and the `dojo validate` command, against broken fixtures.

use std::collections::BTreeMap;
use std::process::Command;

use service_dojo::scenario::{load, Library};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn expected() -> BTreeMap<String, String> {
    let source = std::fs::read_to_string(format!("{FIXTURES}/broken-expected.json")).unwrap();
    serde_json::from_str(&source).unwrap()
}

#[test]
fn the_minimal_fixture_is_valid() {
    let source = std::fs::read_to_string(format!("{FIXTURES}/minimal.json")).unwrap();
    if let Err(problems) = load("minimal.json", &source) {
        panic!("{problems:#?}");
    }
}

#[test]
fn each_broken_fixture_is_rejected_with_a_message_naming_file_path_and_problem() {
    for (name, needle) in expected() {
        let file = format!("{name}.json");
        let source = std::fs::read_to_string(format!("{FIXTURES}/broken/{file}")).unwrap();
        let problems = load(&file, &source).expect_err(&file);
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(&file) && m.contains(&needle)),
            "{file}: expected a message containing {needle:?}, got {messages:#?}"
        );
    }
}

#[test]
fn the_reactive_fixture_is_valid() {
    let source = std::fs::read_to_string(format!("{FIXTURES}/reactive.json")).unwrap();
    if let Err(problems) = load("reactive.json", &source) {
        panic!("{problems:#?}");
    }
}

/// The checks on acts, slots, presupposition and transition order say what
/// is wrong in both languages, and `message` is the English of it.
#[test]
fn the_new_checks_explain_themselves_in_both_languages() {
    let names = [
        "presupposes-slot",
        "presumes-act",
        "ending-presumes",
        "shadowed-score",
        "shadowed-act",
        "shadowed-unconditional",
        "mistake-slips-past",
        "unknown-kind",
        "minutes-not-time",
        "unknown-slot",
        "first-turn-slot",
        "slots-differ",
        "slot-in-fallback",
        "nothing-asked",
    ];
    for name in names {
        let file = format!("{name}.json");
        let source = std::fs::read_to_string(format!("{FIXTURES}/broken/{file}")).unwrap();
        let problems = load(&file, &source).expect_err(&file);
        let issue = problems
            .iter()
            .find_map(|p| p.issue.as_ref().map(|i| (p, i)))
            .unwrap_or_else(|| panic!("{file}: no act/slot/order issue in {problems:#?}"));
        let text = issue.1.message();
        assert_eq!(issue.0.message, text.en, "{file}");
        assert!(
            text.zh.chars().any(service_dojo::i18n::is_han),
            "{file}: {:?}",
            text.zh
        );
    }
}

/// Each presupposition and order fixture fails only for the reason it was
/// built for: fixing that one thing makes it valid.
#[test]
fn the_presupposition_and_order_fixtures_fail_for_their_reason_only() {
    use serde_json::{json, Value};
    let fixes: [(&str, fn(&mut Value)); 6] = [
        ("mistake-slips-past", |s| {
            s["turns"][0]["next"].as_array_mut().unwrap().swap(0, 1)
        }),
        ("presupposes-slot", |s| {
            s["turns"][0]["next"][0]["when"] = json!({"act": "commitment", "kind": "time"})
        }),
        ("presumes-act", |s| {
            s["turns"][0]["next"][0]["when"] = json!({"act": "offer", "kind": "partial_refund"})
        }),
        ("shadowed-score", |s| {
            s["turns"][0]["next"].as_array_mut().unwrap().swap(0, 1)
        }),
        ("shadowed-act", |s| {
            s["turns"][0]["next"].as_array_mut().unwrap().swap(0, 1)
        }),
        ("ending-presumes", |s| {
            s["turns"][1]["next"] = json!([
                {"when": {"act": "offer", "kind": "refund"}, "to": "resolved"},
                {"to": "complaint"}
            ])
        }),
    ];
    for (name, fix) in fixes {
        let file = format!("{name}.json");
        let source = std::fs::read_to_string(format!("{FIXTURES}/broken/{file}")).unwrap();
        let mut value: Value = serde_json::from_str(&source).unwrap();
        fix(&mut value);
        if let Err(problems) = load(&file, &value.to_string()) {
            panic!("{file} after its fix: {problems:#?}");
        }
    }
    // A fallback line also answers the presupposition check.
    let source =
        std::fs::read_to_string(format!("{FIXTURES}/broken/presupposes-slot.json")).unwrap();
    let mut value: Value = serde_json::from_str(&source).unwrap();
    value["turns"][1]["fallback"] = json!({"zh": "好，我等着。", "en": "OK, I'll wait."});
    if let Err(problems) = load("presupposes-slot.json", &value.to_string()) {
        panic!("with a fallback: {problems:#?}");
    }
}

#[test]
fn a_broken_file_in_a_library_is_reported_and_the_rest_still_load() {
    let good = std::fs::read_to_string(format!("{FIXTURES}/minimal.json")).unwrap();
    let library = Library::from_files([("minimal.json", good.as_str()), ("bad.json", "{ nope")]);
    assert_eq!(library.scenarios.len(), 1);
    assert_eq!(library.problems.len(), 1);
    assert!(library.problems[0].to_string().starts_with("bad.json: 1:"));
}

#[test]
fn dojo_validate_exits_0_on_valid_files_and_1_with_messages_otherwise() {
    let dojo = env!("CARGO_BIN_EXE_dojo");
    let ok = Command::new(dojo)
        .args(["validate", &format!("{FIXTURES}/minimal.json")])
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let bad = Command::new(dojo)
        .args([
            "validate",
            &format!("{FIXTURES}/minimal.json"),
            &format!("{FIXTURES}/broken/dangling-transition.json"),
            &format!("{FIXTURES}/broken/not-json.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains(
            "dangling-transition.json: /turns/1/next/0/to: no turn or ending named \"refund2\""
        ),
        "{stderr}"
    );
    assert!(stderr.contains("not-json.json: 4:"), "{stderr}");
}

#[test]
fn arbitrary_bytes_never_panic_the_loader() {
    for source in [
        "",
        "null",
        "{}",
        "[]",
        "\"x\"",
        "{\"turns\": 5}",
        "\u{0}\u{1}",
        "{\"id\": \"x\", \"turns\": [], \"endings\": []}",
    ] {
        assert!(load("x.json", source).is_err());
    }
}

/// `scenarios/schema.json` mirrors the model: every field a turn, condition
/// or ending has in the library is described, and every condition field the
/// schema describes is one the loader accepts.
#[test]
fn the_schema_and_the_model_name_the_same_fields() {
    use serde_json::{json, Value};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let props = |def: &str| -> Vec<String> {
        schema["$defs"][def]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no $defs/{def}"))
            .keys()
            .cloned()
            .collect()
    };
    let (turn, condition, ending) = (props("turn"), props("condition"), props("ending"));
    let reactive = std::fs::read_to_string(format!("{FIXTURES}/reactive.json")).unwrap();
    let mut scenarios: Vec<_> = service_dojo::scenario::builtin().scenarios.clone();
    scenarios.push(load("reactive.json", &reactive).unwrap());
    for scenario in &scenarios {
        let value = serde_json::to_value(scenario).unwrap();
        for t in value["turns"].as_array().unwrap() {
            for key in t.as_object().unwrap().keys() {
                assert!(turn.contains(key), "turn field {key} is not in the schema");
            }
            for next in t["next"].as_array().unwrap() {
                for key in next
                    .get("when")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|o| o.keys())
                {
                    assert!(
                        condition.contains(key),
                        "condition field {key} is not in the schema"
                    );
                }
            }
        }
        for e in value["endings"].as_array().unwrap() {
            for key in e.as_object().unwrap().keys() {
                assert!(
                    ending.contains(key),
                    "ending field {key} is not in the schema"
                );
            }
        }
    }
    // Each condition field of the schema, given alone, loads.
    let sample = |key: &str| -> Value {
        match key {
            "act" => json!("offer"),
            "kind" => json!(["refund", "partial_refund"]),
            "without_act" => json!(["side_deal"]),
            "answered" => json!(true),
            "finding" | "without_finding" => json!("curt"),
            "at_least" | "below" => json!({"empathy": 50}),
            _ => json!(50),
        }
    };
    let minimal: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{FIXTURES}/minimal.json")).unwrap())
            .unwrap();
    for key in &condition {
        let mut value = minimal.clone();
        let mut when = serde_json::Map::new();
        when.insert(key.clone(), sample(key));
        if key == "kind" {
            when.insert("act".into(), json!("offer"));
        }
        value["turns"][0]["next"][0]["when"] = Value::Object(when);
        if let Err(problems) = load("minimal.json", &value.to_string()) {
            panic!("condition field {key} from the schema: {problems:#?}");
        }
    }
}
