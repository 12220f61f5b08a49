//! Stored findings keep only their rule id, competency, points and span; the
//! message, section and suggestion come back from the rules when read. A
//! finding's words are most of a session's size, and they are the rules'
//! words anyway.
//!
//! Nothing is lost: a finding is written short only when the current rules
//! give back exactly its words; otherwise it is kept whole. Reading accepts
//! both forms, so data written before this (store v2, exports) still loads.
//! A rule that no longer exists when the data is read gets a message saying
//! so, never a failed load.

use serde_json::{Map, Value};

use crate::i18n::Text;
use crate::scorer::RuleSet;

const WORDS: [&str; 3] = ["message", "section", "suggestion"];

/// Every finding inside `value` (sessions, conversations, whole stores)
/// written short where the rules give its words back exactly.
pub fn shorten(value: &mut Value) {
    walk(value, &|object| {
        if !is_finding(object) || !WORDS.iter().any(|w| object.contains_key(*w)) {
            return;
        }
        let (Some(rule), Some(points)) = (
            object.get("rule").and_then(Value::as_str),
            object.get("points").and_then(Value::as_i64),
        ) else {
            return;
        };
        let Some(explained) = RuleSet::builtin().explain(rule, points as i32) else {
            return;
        };
        let same = object
            .get("message")
            .and_then(|m| serde_json::from_value::<Text>(m.clone()).ok())
            == Some(explained.message)
            && object.get("section").and_then(Value::as_str) == Some(explained.section.as_str())
            && object
                .get("suggestion")
                .cloned()
                .map(|s| serde_json::from_value::<Option<Text>>(s).ok())
                .unwrap_or(Some(None))
                == Some(explained.suggestion);
        if same {
            for word in WORDS {
                object.remove(word);
            }
        }
    });
}

/// Every short finding inside `value` given its words back from the rules.
pub fn expand(value: &mut Value) {
    walk(value, &|object| {
        if !is_finding(object) || object.contains_key("message") {
            return;
        }
        let rule = object
            .get("rule")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let points = object.get("points").and_then(Value::as_i64).unwrap_or(0) as i32;
        let (message, section, suggestion) = match RuleSet::builtin().explain(&rule, points) {
            Some(e) => (e.message, e.section, e.suggestion),
            None => (
                Text::new(
                    format!("（规则“{rule}”已不在当前规则中）"),
                    format!("(the rule “{rule}” is no longer in the rules)"),
                ),
                String::new(),
                None,
            ),
        };
        object.insert(
            "message".into(),
            serde_json::to_value(message).unwrap_or_default(),
        );
        object.insert("section".into(), Value::String(section));
        if !object.contains_key("suggestion") {
            object.insert(
                "suggestion".into(),
                serde_json::to_value(suggestion).unwrap_or_default(),
            );
        }
    });
}

/// A finding object: a rule, points and a competency.
fn is_finding(object: &Map<String, Value>) -> bool {
    object.get("rule").is_some_and(Value::is_string)
        && object.get("points").is_some_and(Value::is_i64)
        && object.contains_key("competency")
}

fn walk(value: &mut Value, visit: &dyn Fn(&mut Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            visit(object);
            for child in object.values_mut() {
                walk(child, visit);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, visit);
            }
        }
        _ => {}
    }
}
