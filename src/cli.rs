//! The logic behind the `dojo` command line, kept in the library so it is tested.

use std::io::Write;
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::json;

use crate::scorer::{ScoreRequest, Scorer};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreLine {
    customer: String,
    reply: String,
    #[serde(default)]
    archetype: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    /// Optional: the expectations of a scenario turn.
    #[serde(default)]
    expectations: Option<Vec<String>>,
}

/// Score one JSON line; a bad line gives `{"error": …}`.
pub fn score_line(line: &str) -> String {
    let parsed: ScoreLine = match serde_json::from_str(line) {
        Ok(parsed) => parsed,
        Err(e) => return json!({ "error": format!("bad input line: {e}") }).to_string(),
    };
    if let Some(lang) = &parsed.lang {
        if crate::i18n::Lang::parse(lang).is_none() {
            return json!({ "error": format!("unknown lang \"{lang}\": use \"zh\" or \"en\"") })
                .to_string();
        }
    }
    let scorer = Scorer::builtin();
    if let Some(archetype) = &parsed.archetype {
        if !scorer.rules().archetypes.contains_key(archetype) {
            let known: Vec<&String> = scorer.rules().archetypes.keys().collect();
            return json!({ "error": format!("unknown archetype \"{archetype}\"; known: {known:?}") }).to_string();
        }
    }
    let assessment = scorer.score(&ScoreRequest {
        customer: &parsed.customer,
        reply: &parsed.reply,
        archetype: parsed.archetype.as_deref(),
        expectations: parsed.expectations.as_deref(),
        waited_too_long: false,
    });
    json!({
        "scores": assessment.scores,
        "overall": assessment.overall,
        "findings": assessment.findings,
    })
    .to_string()
}

/// `dojo validate FILE…`
pub fn validate(files: &[String], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if files.is_empty() {
        let _ = writeln!(err, "dojo validate: give one or more scenario files");
        return ExitCode::from(2);
    }
    let mut problems = 0;
    for path in files {
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.clone());
        // `scenarios/*.json` also matches the schema that describes the files.
        if name == "schema.json" {
            let _ = writeln!(out, "skip {name} (the JSON Schema, not a scenario)");
            continue;
        }
        let source = match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(e) => {
                let _ = writeln!(err, "{name}: cannot read: {e}");
                problems += 1;
                continue;
            }
        };
        match crate::scenario::load(&name, &source) {
            Ok(_) => {
                let _ = writeln!(out, "ok  {name}");
            }
            Err(list) => {
                for problem in list {
                    let _ = writeln!(err, "{problem}");
                    problems += 1;
                }
            }
        }
    }
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        let _ = writeln!(err, "{problems} problem(s)");
        ExitCode::FAILURE
    }
}
