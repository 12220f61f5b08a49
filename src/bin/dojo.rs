//! `dojo`: the native command line.
//!
//! - `dojo validate FILE…`: check scenario files; exit 1 with every problem found.
//! - `dojo score`: JSON Lines in, one scored object per line out.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use service_dojo::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("validate") => {
            cli::validate(&args[1..], &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some("score") => {
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for line in stdin.lock().lines() {
                let Ok(line) = line else { break };
                if line.trim().is_empty() {
                    continue;
                }
                let result = cli::score_line(&line);
                if writeln!(out, "{result}").is_err() {
                    return ExitCode::FAILURE;
                }
            }
            let _ = out.flush();
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage:\n  dojo validate scenarios/*.json\n  dojo score < replies.jsonl");
            ExitCode::from(2)
        }
    }
}
