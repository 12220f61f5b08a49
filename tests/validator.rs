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
