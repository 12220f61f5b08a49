//! The logic behind the `dojo` command line, kept in the library so it is tested.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::json;

mod play;
pub use play::play;
pub mod report;
pub use report::report;
// Reads the built-in library from the binary: the browser builds packages itself.
#[cfg(not(target_arch = "wasm32"))]
pub mod scorm;
#[cfg(not(target_arch = "wasm32"))]
pub use scorm::scorm;

use crate::i18n::Text;
use crate::scorer::{ScoreRequest, Scorer};

/// The longest input line `dojo score` reads (1 MB). A longer line is
/// answered with an error and skipped without being kept in memory.
pub const MAX_LINE_BYTES: usize = 1_000_000;

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

/// Why one input line of `dojo score` could not be scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    /// Nothing but white space on the line.
    Empty,
    /// The bytes are not UTF-8; `valid_up_to` is the offset of the first bad byte.
    NotUtf8 {
        valid_up_to: usize,
    },
    /// Longer than [`MAX_LINE_BYTES`].
    TooLong {
        limit: usize,
    },
    /// Not a JSON object of the documented shape (`detail` is serde's own text).
    BadJson {
        column: usize,
        detail: String,
    },
    UnknownLang(String),
    UnknownArchetype {
        archetype: String,
        known: Vec<String>,
    },
}

impl LineError {
    pub fn message(&self) -> Text {
        match self {
            LineError::Empty => Text::new("空行，没有可评分的内容", "empty line, nothing to score"),
            LineError::NotUtf8 { valid_up_to } => Text::new(
                format!("不是有效的 UTF-8 文本（第 {} 个字节起）", valid_up_to + 1),
                format!("not valid UTF-8 (from byte {})", valid_up_to + 1),
            ),
            LineError::TooLong { limit } => Text::new(
                format!("超过每行 {} 的上限，已跳过", human_bytes(*limit)),
                format!(
                    "longer than the limit of {} per line; skipped",
                    human_bytes(*limit)
                ),
            ),
            LineError::BadJson { column, detail } => Text::new(
                format!(
                    "第 {column} 列起不是规定格式的 JSON 对象（需要 customer 和 reply 两个字符串字段）"
                ),
                format!("bad input line: {detail}"),
            ),
            LineError::UnknownLang(lang) => Text::new(
                format!("未知的语言“{lang}”：请用 \"zh\" 或 \"en\""),
                format!("unknown lang \"{lang}\": use \"zh\" or \"en\""),
            ),
            LineError::UnknownArchetype { archetype, known } => Text::new(
                format!("未知的顾客类型“{archetype}”；可用：{}", known.join("、")),
                format!("unknown archetype \"{archetype}\"; known: {known:?}"),
            ),
        }
    }
}

/// `1000000` → `1 MB`, `64000` → `64 KB` (decimal units, as file managers
/// show them); a size that is not round is given exactly (`2,000,123 bytes`),
/// so "too large" never reads as "2 MB, the limit is 2 MB".
pub fn human_bytes(bytes: usize) -> String {
    if bytes >= 1_000_000 && bytes % 100_000 == 0 {
        if bytes % 1_000_000 == 0 {
            format!("{} MB", bytes / 1_000_000)
        } else {
            format!("{:.1} MB", bytes as f64 / 1_000_000.0)
        }
    } else if bytes >= 1_000 && bytes % 1_000 == 0 {
        format!("{} KB", bytes / 1_000)
    } else {
        format!("{} bytes", grouped(bytes))
    }
}

/// `2700000` → `2,700,000`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn score_json(line: &str) -> Result<serde_json::Value, LineError> {
    if line.trim().is_empty() {
        return Err(LineError::Empty);
    }
    let parsed: ScoreLine = serde_json::from_str(line).map_err(|e| LineError::BadJson {
        column: e.column(),
        detail: e.to_string(),
    })?;
    if let Some(lang) = &parsed.lang {
        if crate::i18n::Lang::parse(lang).is_none() {
            return Err(LineError::UnknownLang(lang.clone()));
        }
    }
    let scorer = Scorer::builtin();
    if let Some(archetype) = &parsed.archetype {
        if !scorer.rules().archetypes.contains_key(archetype) {
            return Err(LineError::UnknownArchetype {
                archetype: archetype.clone(),
                known: scorer.rules().archetypes.keys().cloned().collect(),
            });
        }
    }
    let assessment = scorer.score(&ScoreRequest {
        customer: &parsed.customer,
        reply: &parsed.reply,
        archetype: parsed.archetype.as_deref(),
        expectations: parsed.expectations.as_deref(),
        waited_too_long: false,
    });
    Ok(json!({
        "scores": assessment.scores,
        "overall": assessment.overall,
        "findings": assessment.findings,
    }))
}

/// Score one JSON line; a bad line gives `{"error": …}`.
pub fn score_line(line: &str) -> String {
    match score_json(line) {
        Ok(value) => value.to_string(),
        Err(e) => json!({ "error": e.message().en }).to_string(),
    }
}

/// What `dojo score` did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScoreSummary {
    /// Input lines read (= output lines written).
    pub lines: usize,
    /// Lines answered with `{"error": …}`.
    pub errors: usize,
}

/// Read one line (its `\n` not included) into `buf`, keeping at most `limit`
/// bytes of it: the rest of a longer line is read and dropped, so memory stays
/// bounded whatever the input. `None` at the end of the input; otherwise
/// whether the line was too long.
fn read_bounded_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        if !too_long {
            if buf.len() + chunk.len() > limit {
                too_long = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(newline.is_some());
        input.consume(used);
        if newline.is_some() {
            return Ok(Some(too_long));
        }
    }
}

/// `dojo score`: every input line gets exactly one output line, in order —
/// the scores, or `{"error": "line N: …"}` (not UTF-8, longer than
/// [`MAX_LINE_BYTES`], empty, not the documented JSON); the rest are still
/// scored. A UTF-8 byte-order mark before the first line and a `\r` before
/// each `\n` are ignored.
pub fn score(input: &mut dyn BufRead, out: &mut dyn Write) -> std::io::Result<ScoreSummary> {
    let mut summary = ScoreSummary::default();
    let mut buf = Vec::new();
    while let Some(too_long) = read_bounded_line(input, &mut buf, MAX_LINE_BYTES)? {
        summary.lines += 1;
        let mut bytes = buf.as_slice();
        if summary.lines == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let result = if too_long {
            Err(LineError::TooLong {
                limit: MAX_LINE_BYTES,
            })
        } else {
            match std::str::from_utf8(bytes) {
                Ok(line) => score_json(line),
                Err(e) => Err(LineError::NotUtf8 {
                    valid_up_to: e.valid_up_to(),
                }),
            }
        };
        let line = match result {
            Ok(value) => value.to_string(),
            Err(e) => {
                summary.errors += 1;
                json!({ "error": format!("line {}: {}", summary.lines, e.message().en) })
                    .to_string()
            }
        };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(summary)
}

/// `dojo score` with its exit status: 0 when every line was scored, 1 when
/// some line gave an error (every line is still answered) or reading or
/// writing failed.
pub fn score_command(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    match score(input, out) {
        Ok(summary) if summary.errors == 0 => ExitCode::SUCCESS,
        Ok(summary) => {
            let _ = writeln!(
                err,
                "dojo score: {} of {} line(s) could not be scored",
                summary.errors, summary.lines
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            let _ = writeln!(err, "dojo score: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `dojo validate FILE…`
pub fn validate(files: &[String], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if files.is_empty() {
        let _ = writeln!(
            err,
            "dojo validate: give one or more scenario or policy files"
        );
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
        // A company policy file (`"format": "service-dojo-policy"`) goes to the
        // policy validator, the same code the browser runs.
        if crate::policy::is_policy(&source) {
            match crate::policy::load(&name, &source) {
                Ok(_) => {
                    let _ = writeln!(out, "ok  {name} (policy)");
                }
                Err(list) => {
                    for problem in list {
                        let _ = writeln!(err, "{problem}");
                        problems += 1;
                    }
                }
            }
            continue;
        }
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

/// `dojo eval FILE… [--wrong]`: the scorer against graded items (pairs and
/// bands, `tests/eval/*.jsonl`), by script, competency, family and
/// archetype; `--wrong` lists every disagreement. Exit 1 on an unreadable file.
pub fn eval(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let wrong = args.iter().any(|a| a == "--wrong");
    let mut items = Vec::new();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|source| crate::evaluation::parse(&source, path));
        match parsed {
            Ok(mut list) => items.append(&mut list),
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return ExitCode::from(1);
            }
        }
    }
    let outcomes = crate::evaluation::run(Scorer::builtin(), &items);
    let _ = write!(out, "{}", crate::evaluation::report(&outcomes, wrong));
    ExitCode::SUCCESS
}
