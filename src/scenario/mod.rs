//! Scenarios: the format, loading with clear errors, validation, and the
//! built-in library embedded in the build.

mod catalogue;
pub mod conditions;
mod library;
mod model;
mod validate;

pub use catalogue::{catalogue, Catalogue, Entry, IndexEntry, Listed};
pub use library::Library;
#[cfg(not(target_arch = "wasm32"))]
pub use library::{builtin, builtin_files};
pub use model::*;
pub use validate::{is_section, validate, Issue, Problem};

use crate::scorer::RuleSet;

/// Parse and validate one scenario file. Never panics, whatever the input.
pub fn load(file: &str, source: &str) -> Result<Scenario, Vec<Problem>> {
    let problem = |path: String, message: String| Problem {
        file: file.to_string(),
        path,
        message,
        issue: None,
    };
    let scenario = parse(source).map_err(|(path, message)| vec![problem(path, message)])?;
    let problems = validate(file, &scenario, RuleSet::builtin());
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// Native (`dojo validate`, tests): through a `Value`, so a shape error names
/// its JSON pointer (`/turns/4/next/1/to`).
#[cfg(not(target_arch = "wasm32"))]
fn parse(source: &str) -> Result<Scenario, (String, String)> {
    let value: serde_json::Value = serde_json::from_str(source).map_err(|e| {
        (
            format!("{}:{}", e.line(), e.column()),
            format!("not valid JSON: {}", strip_position(&e.to_string())),
        )
    })?;
    if !value.is_object() {
        let kind = match value {
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "a boolean",
            _ => "null",
        };
        return Err((
            "/".into(),
            format!("a scenario must be a JSON object, not {kind}"),
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        (
            json_pointer(e.path()),
            strip_position(&e.inner().to_string()).to_string(),
        )
    })
}

/// Browser: straight into the model types (no `Value` tree, no path
/// tracking: smaller code, faster); the error gives `line:column`. The test
/// command validates every built-in file natively with the JSON pointers.
#[cfg(target_arch = "wasm32")]
fn parse(source: &str) -> Result<Scenario, (String, String)> {
    serde_json::from_str(source).map_err(|e| {
        (
            format!("{}:{}", e.line(), e.column()),
            strip_position(&e.to_string()).to_string(),
        )
    })
}

/// serde_json appends " at line L column C"; the position is shown separately.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

#[cfg(not(target_arch = "wasm32"))]
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
