//! `dojo`: the native command line.
//!
//! - `dojo validate FILE…`: check scenario files; exit 1 with every problem found.
//! - `dojo score`: JSON Lines in, exactly one line out per line in; exit 1 if
//!   any line could not be scored (it gets `{"error": "line N: …"}`).
//! - `dojo eval FILE… [--wrong]`: agreement with graded replies (tests/eval/).
//! - `dojo play FILE [--lang zh|en] [--seed N]`: play a scenario with typed
//!   replies read one per line, showing scores, acts, findings and the route.
//! - `dojo report [FILE…]`: per scenario (default `scenarios/*.json`), whether
//!   model replies score ≥ 80 and meet expectations, good options beat bad
//!   ones on the turn's target competency, and typed replies reach every
//!   ending; exit 1 if any fails.
//! - `dojo scorm PACK.json --version 1.2|2004 -o PACKAGE.zip [--app DIR]`: a
//!   SCORM package of the pack with the built app (default `dist/`) inside.

use std::process::ExitCode;

use service_dojo::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("validate") => {
            cli::validate(&args[1..], &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some("score") if args.len() == 1 => {
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            let mut input = std::io::BufReader::with_capacity(64 * 1024, stdin.lock());
            let mut out = std::io::BufWriter::new(stdout.lock());
            cli::score_command(&mut input, &mut out, &mut std::io::stderr())
        }
        Some("eval") if args.len() > 1 => {
            cli::eval(&args[1..], &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some("scorm") => cli::scorm(&args[1..], &mut std::io::stdout(), &mut std::io::stderr()),
        Some("report") => cli::report(&args[1..], &mut std::io::stdout(), &mut std::io::stderr()),
        Some("play") => {
            let stdin = std::io::stdin();
            cli::play(
                &args[1..],
                &mut stdin.lock(),
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            )
        }
        _ => {
            eprintln!("usage:\n  dojo validate scenarios/*.json\n  dojo score < replies.jsonl\n  dojo eval tests/eval/test.jsonl [--wrong]\n  dojo play scenarios/ID.json [--lang zh|en] [--seed N] < replies.txt\n  dojo report [scenarios/*.json]\n  dojo scorm PACK.json --version 1.2|2004 -o PACKAGE.zip [--app dist]");
            ExitCode::from(2)
        }
    }
}
