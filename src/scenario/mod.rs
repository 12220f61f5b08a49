//! Scenarios: the format, loading with clear errors, validation, and the
//! built-in library embedded in the build.

pub mod conditions;
mod library;
mod model;
mod validate;

pub use library::{builtin, Library};
pub use model::*;
pub use validate::{is_section, validate, Issue, Problem};

use crate::scorer::Scorer;

/// Parse and validate one scenario file. Never panics, whatever the input.
pub fn load(file: &str, source: &str) -> Result<Scenario, Vec<Problem>> {
    let problem = |path: String, message: String| Problem {
        file: file.to_string(),
        path,
        message,
        issue: None,
    };
    let value: serde_json::Value = serde_json::from_str(source).map_err(|e| {
        vec![problem(
            format!("{}:{}", e.line(), e.column()),
            format!("not valid JSON: {}", strip_position(&e.to_string())),
        )]
    })?;
    if !value.is_object() {
        let kind = match value {
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "a boolean",
            _ => "null",
        };
        return Err(vec![problem(
            "/".into(),
            format!("a scenario must be a JSON object, not {kind}"),
        )]);
    }
    let scenario: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
        vec![problem(
            json_pointer(e.path()),
            strip_position(&e.inner().to_string()).to_string(),
        )]
    })?;
    let problems = validate(file, &scenario, Scorer::builtin().rules());
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// serde_json appends " at line L column C"; the position is shown separately.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } => pointer.push_str(key),
            Segment::Enum { variant } => pointer.push_str(variant),
            Segment::Unknown => pointer.push('?'),
        }
    }
    if pointer.is_empty() {
        pointer.push('/');
    }
    pointer
}
