//! `dojo score` and `dojo validate`: one output line per input line, whatever
//! the bytes; bounded memory for long lines; documented exit statuses.

use std::io::Write;
use std::process::{Command, Stdio};

use service_dojo::cli::{self, ScoreSummary, MAX_LINE_BYTES};

const GOOD: &str = r#"{"customer": "蛋糕晚到了两个小时！", "reply": "非常抱歉让您久等了，我马上为您查询配送情况。"}"#;
const GOOD_EN: &str = r#"{"customer": "Where is my parcel?", "reply": "I'm sorry for the wait, let me check it for you right now.", "lang": "en"}"#;

fn run(input: &[u8]) -> (Vec<serde_json::Value>, ScoreSummary) {
    let mut out = Vec::new();
    let summary = cli::score(&mut &input[..], &mut out).unwrap();
    let text = String::from_utf8(out).expect("the output is UTF-8");
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    (lines, summary)
}

fn error(value: &serde_json::Value) -> Option<&str> {
    value.get("error").and_then(|e| e.as_str())
}

#[test]
fn every_line_gets_exactly_one_answer_even_after_bad_utf8() {
    let mut input = Vec::new();
    input.extend_from_slice(GOOD.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(b"{\"customer\": \"x\", \"reply\": \"\xff\xfe broken\"}\n");
    input.extend_from_slice(GOOD_EN.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(b"\xc3\n"); // a lone lead byte
    input.extend_from_slice(GOOD.as_bytes()); // last line without a newline
    let (lines, summary) = run(&input);
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(
        summary,
        ScoreSummary {
            lines: 5,
            errors: 2
        }
    );
    assert!(lines[0]["overall"].as_u64().is_some(), "{}", lines[0]);
    let e = error(&lines[1]).unwrap();
    assert!(e.starts_with("line 2: not valid UTF-8"), "{e}");
    assert!(lines[2]["scores"]["empathy"].as_u64().is_some());
    assert!(error(&lines[3]).unwrap().starts_with("line 4: "));
    assert!(
        lines[4]["overall"].as_u64().is_some(),
        "the rest is still scored"
    );
}

#[test]
fn a_byte_order_mark_and_crlf_are_ignored() {
    let input = format!("\u{FEFF}{GOOD}\r\n{GOOD_EN}\r\n");
    let (lines, summary) = run(input.as_bytes());
    assert_eq!(
        summary,
        ScoreSummary {
            lines: 2,
            errors: 0
        },
        "{lines:?}"
    );
    let (plain, _) = run(GOOD.as_bytes());
    assert_eq!(lines[0], plain[0], "same result with and without the BOM");
    // A BOM anywhere but the start of the input is not skipped.
    let (lines, _) = run(format!("{GOOD}\n\u{FEFF}{GOOD}\n").as_bytes());
    assert!(error(&lines[1])
        .unwrap()
        .starts_with("line 2: bad input line"));
}

#[test]
fn empty_and_malformed_lines_keep_their_place() {
    let input = format!(
        "{GOOD}\n\n   \n{{\"reply\": \"hi\"}}\n{{\"customer\":\"a\",\"reply\":\"b\",\"lang\":\"fr\"}}\n{{\"customer\":\"a\",\"reply\":\"b\",\"archetype\":\"martian\"}}\n{GOOD}\n"
    );
    let (lines, summary) = run(input.as_bytes());
    assert_eq!(lines.len(), 7);
    assert_eq!(summary.errors, 5);
    assert_eq!(
        error(&lines[1]),
        Some("line 2: empty line, nothing to score")
    );
    assert_eq!(
        error(&lines[2]),
        Some("line 3: empty line, nothing to score")
    );
    assert!(error(&lines[3])
        .unwrap()
        .contains("missing field `customer`"));
    assert!(error(&lines[4]).unwrap().contains("unknown lang \"fr\""));
    assert!(error(&lines[5])
        .unwrap()
        .contains("unknown archetype \"martian\""));
    assert!(error(&lines[6]).is_none());
}

#[test]
fn a_line_over_the_limit_gets_an_error_naming_the_limit() {
    let long = format!(
        "{{\"customer\": \"a\", \"reply\": \"{}\"}}",
        "好".repeat(MAX_LINE_BYTES / 3 + 10)
    );
    assert!(long.len() > MAX_LINE_BYTES);
    let just_fits = format!(
        "{{\"customer\": \"a\", \"reply\": \"{}\"}}",
        "x".repeat(MAX_LINE_BYTES - 40)
    );
    assert!(just_fits.len() <= MAX_LINE_BYTES);
    let input = format!("{long}\n{GOOD}\n{just_fits}\n{long}");
    let (lines, summary) = run(input.as_bytes());
    assert_eq!(lines.len(), 4);
    assert_eq!(summary.errors, 2);
    assert_eq!(
        error(&lines[0]),
        Some("line 1: longer than the limit of 1 MB per line; skipped")
    );
    assert!(
        error(&lines[1]).is_none(),
        "the next line is read from its start"
    );
    assert!(error(&lines[2]).is_none(), "{}", lines[2]);
    assert!(error(&lines[3]).unwrap().starts_with("line 4: longer than"));
}

#[test]
fn the_line_error_messages_exist_in_both_languages() {
    use cli::LineError;
    for e in [
        LineError::Empty,
        LineError::NotUtf8 { valid_up_to: 3 },
        LineError::TooLong {
            limit: MAX_LINE_BYTES,
        },
        LineError::UnknownLang("fr".into()),
    ] {
        let m = e.message();
        assert!(!m.zh.is_empty() && !m.en.is_empty());
        assert!(m.zh.chars().any(service_dojo::i18n::is_han), "{}", m.zh);
    }
    assert!(LineError::TooLong {
        limit: MAX_LINE_BYTES
    }
    .message()
    .zh
    .contains("1 MB"));
}

/// The real binary: stdin → stdout, exit status as documented in README.md.
fn dojo(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dojo"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dojo starts");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_binary_answers_every_line_and_reports_through_its_exit_status() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(GOOD.as_bytes());
    input.extend_from_slice(b"\n\x80\x81\n");
    input.extend_from_slice(GOOD_EN.as_bytes());
    input.push(b'\n');
    let (status, out, err) = dojo(&["score"], &input);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0]["overall"].is_u64(), "the BOM did not break line 1");
    assert!(error(&lines[1])
        .unwrap()
        .starts_with("line 2: not valid UTF-8"));
    assert!(
        lines[2]["overall"].is_u64(),
        "scoring went on after the bad line"
    );
    assert_eq!(status, 1, "some line could not be scored");
    assert!(err.contains("1 of 3"), "{err}");

    let (status, out, _) = dojo(&["score"], format!("{GOOD}\n{GOOD_EN}\n").as_bytes());
    assert_eq!((status, out.lines().count()), (0, 2));

    let (status, _, err) = dojo(&["frobnicate"], b"");
    assert_eq!(status, 2);
    assert!(err.contains("usage"));
}

#[test]
fn sizes_are_written_for_people() {
    assert_eq!(cli::human_bytes(1_000_000), "1 MB");
    assert_eq!(cli::human_bytes(2_700_000), "2.7 MB");
    assert_eq!(cli::human_bytes(64_000), "64 KB");
    assert_eq!(cli::human_bytes(2_000_123), "2,000,123 bytes");
    assert_eq!(cli::human_bytes(999), "999 bytes");
    assert_eq!(cli::grouped(1_234_567_890), "1,234,567,890");
}

#[test]
fn play_walks_a_scenario_with_typed_replies_to_its_end() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/angry-late-cake.json"
    )
    .to_string();
    let replies = "您好，非常抱歉蛋糕还没到，我马上联系骑手，10分钟内给您回电话。\n我们给您重做一个，今天下午五点前送到，费用我们承担。\n真的很抱歉，今天下午五点前送到，到时我再给您打电话确认。\n好的，祝孩子生日快乐。\n谢谢您的理解。\n";
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = service_dojo::cli::play(
        &[file, "--lang".into(), "zh".into()],
        &mut replies.as_bytes(),
        &mut out,
        &mut err,
    );
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        code,
        std::process::ExitCode::SUCCESS,
        "{}",
        String::from_utf8_lossy(&err)
    );
    // The customer echoes the trainee's own time, and the run is scored.
    assert!(out.contains("“10分钟内”"), "{out}");
    assert!(out.contains("act Commitment time 10分钟内"), "{out}");
    assert!(
        out.contains("[ending ") || out.contains("(no more replies"),
        "{out}"
    );
}

#[test]
fn play_rejects_a_missing_file_and_bad_usage() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = service_dojo::cli::play(
        &["no-such.json".into()],
        &mut "".as_bytes(),
        &mut out,
        &mut err,
    );
    assert_eq!(code, std::process::ExitCode::from(1));
    let code = service_dojo::cli::play(
        &["--lang".into(), "fr".into()],
        &mut "".as_bytes(),
        &mut out,
        &mut err,
    );
    assert_eq!(code, std::process::ExitCode::from(2));
}
