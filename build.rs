//! Reads every `scenarios/*.json` (except the schema) so that a new file needs
//! no code change, and generates two things:
//!
//! - `INDEX`: what the catalogue needs of each scenario (file, id, type,
//!   difficulty, channel, title, brief), for every target. The browser starts
//!   with this alone and fetches a scenario's body when it is opened, so the
//!   first download does not grow with the library.
//! - `BUILTIN_FILES`: the whole files, for the native build only (`dojo`, the
//!   tests). Valid JSON is embedded minified; a file that does not parse is
//!   embedded as it is, so its error keeps the right line and column.
//!
//! A file whose catalogue fields cannot be read is listed in `INDEX_PROBLEMS`
//! (the app shows it in a notice); everything else is checked by the shared
//! validator when the file is loaded.

use std::path::Path;

use serde_json::Value;

fn text(value: &Value, key: &str) -> Result<(String, String), String> {
    let field = value.get(key).ok_or(format!("/{key}: missing"))?;
    let part = |lang: &str| {
        field
            .get(lang)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(format!("/{key}/{lang}: missing or not a string"))
    };
    Ok((part("zh")?, part("en")?))
}

fn string(value: &Value, key: &str) -> Result<String, String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(format!("/{key}: missing or not a string"))
}

/// The catalogue entry of one file, as Rust source, or (path, message).
fn entry(name: &str, value: &Value) -> Result<String, (String, String)> {
    let split = |e: String| {
        let (path, message) = e.split_once(": ").unwrap_or(("/", &e));
        (path.to_string(), message.to_string())
    };
    let id = string(value, "id").map_err(split)?;
    let archetype = string(value, "archetype").map_err(split)?;
    let channel = string(value, "channel").map_err(split)?;
    let difficulty = value
        .get("difficulty")
        .and_then(Value::as_u64)
        .filter(|d| (1..=3).contains(d))
        .ok_or(("/difficulty".to_string(), "must be 1, 2 or 3".to_string()))?;
    let title = text(value, "title").map_err(split)?;
    let brief = text(value, "brief").map_err(split)?;
    Ok(format!(
        "    IndexEntry {{ file: {name:?}, id: {id:?}, archetype: {archetype:?}, channel: {channel:?}, difficulty: {difficulty}, title: ({:?}, {:?}), brief: ({:?}, {:?}) }},\n",
        title.0, title.1, brief.0, brief.1
    ))
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "json")
            && p.file_name().is_some_and(|n| n != "schema.json")
    });
    files.sort();
    let mut index = String::from("/// What the catalogue shows of each built-in scenario.\npub static INDEX: &[IndexEntry] = &[\n");
    let mut problems = String::from("/// (file, path, message) of built-in files the catalogue could not list.\npub static INDEX_PROBLEMS: &[(&str, &str, &str)] = &[\n");
    let mut bodies = String::from("/// (file name, contents) of each built-in scenario.\npub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let parsed = serde_json::from_str::<Value>(&source);
        match &parsed {
            Ok(value) => match entry(&name, value) {
                Ok(line) => index.push_str(&line),
                Err((at, message)) => {
                    problems.push_str(&format!("    ({name:?}, {at:?}, {message:?}),\n"))
                }
            },
            Err(e) => problems.push_str(&format!(
                "    ({name:?}, {:?}, {:?}),\n",
                format!("{}:{}", e.line(), e.column()),
                "not valid JSON"
            )),
        }
        if !wasm {
            let embedded = parsed
                .ok()
                .and_then(|value| serde_json::to_string(&value).ok())
                .unwrap_or(source);
            bodies.push_str(&format!("    ({name:?}, {embedded:?}),\n"));
        }
    }
    index.push_str("];\n");
    problems.push_str("];\n");
    bodies.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).to_path_buf();
    std::fs::write(out.join("scenario_index.rs"), index + &problems).unwrap();
    std::fs::write(out.join("builtin_scenarios.rs"), bodies).unwrap();
}
