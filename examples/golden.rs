//! The scorer's whole judgement, one JSON line per input line: scores,
//! overall, findings, expectations and acts. `tools/golden.py` feeds it a
//! large corpus so a speed change can be proved to change no judgement
//! (byte-identical output before and after).
//!
//! Input lines: `{"customer", "reply", "archetype"?, "expectations"?}`.

use std::io::{BufRead, Write};

use serde::Deserialize;
use service_dojo::scorer::{ScoreRequest, Scorer};

#[derive(Deserialize)]
struct Line {
    customer: String,
    reply: String,
    #[serde(default)]
    archetype: Option<String>,
    #[serde(default)]
    expectations: Option<Vec<String>>,
}

fn main() {
    let scorer = Scorer::builtin();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin is UTF-8");
        let parsed: Line = serde_json::from_str(&line).expect("a golden input line");
        let assessment = scorer.score(&ScoreRequest {
            customer: &parsed.customer,
            reply: &parsed.reply,
            archetype: parsed.archetype.as_deref(),
            expectations: parsed.expectations.as_deref(),
            waited_too_long: false,
        });
        let acts = scorer.acts(&parsed.reply);
        writeln!(
            out,
            "{}\t{}",
            serde_json::to_string(&assessment).expect("serialisable"),
            serde_json::to_string(&acts).expect("serialisable")
        )
        .expect("stdout");
    }
}
