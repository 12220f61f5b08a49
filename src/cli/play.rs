//! `dojo play FILE [--lang zh|en] [--seed N]`: play a scenario from the
//! terminal with typed replies, one per input line. For authors and reviewers:
//! it shows what a trainee would see (the customer's line, filled from the
//! reply) plus what the app keeps behind the scenes (acts, findings, mood,
//! the route taken), so a scenario can be tried with one's own words without
//! a browser.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use crate::engine::Conversation;
use crate::i18n::Lang;
use crate::scorer::Scorer;

/// Plays `path` with the replies read from `input`; writes a readable
/// transcript to `out`. Exit 1 when the file does not load, 2 on bad usage.
pub fn play(
    args: &[String],
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let mut lang = Lang::Zh;
    let mut seed = 1u64;
    let mut path = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--lang" => match rest.next().and_then(|l| Lang::parse(l)) {
                Some(l) => lang = l,
                None => return usage(err),
            },
            "--seed" => match rest.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(err),
            },
            file if path.is_none() => path = Some(file.to_string()),
            _ => return usage(err),
        }
    }
    let Some(path) = path else { return usage(err) };
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(e) => {
            let _ = writeln!(err, "{path}: {e}");
            return ExitCode::from(1);
        }
    };
    let name = std::path::Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let scenario = match crate::scenario::load(&name, &source) {
        Ok(scenario) => scenario,
        Err(problems) => {
            for problem in problems {
                let _ = writeln!(
                    err,
                    "{}: {}: {}",
                    problem.file, problem.path, problem.message
                );
            }
            return ExitCode::from(1);
        }
    };
    let scorer = Scorer::builtin();
    let mut conversation = Conversation::start(&scenario, seed);
    let _ = writeln!(
        out,
        "# {} — {}\n",
        scenario.title.get(lang),
        scenario.brief.get(lang)
    );
    let mut lines = input.lines();
    while !conversation.over {
        let said = conversation
            .line(&scenario)
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default();
        let _ = writeln!(out, "[{}] customer: {said}", conversation.at);
        let Some(Ok(reply)) = lines.next() else {
            let _ = writeln!(out, "(no more replies: stopped before the end)");
            return ExitCode::SUCCESS;
        };
        let reply = reply.trim().to_string();
        let _ = writeln!(out, "  trainee: {reply}");
        let Some(exchange) = conversation
            .respond(&scenario, scorer, &reply, None, false)
            .cloned()
        else {
            break;
        };
        let a = &exchange.assessment;
        let s = &a.scores;
        let _ = writeln!(
            out,
            "  overall {} · empathy {} patience {} emotion {} integrity {} · anger {}→{} trust {}→{}",
            a.overall, s.empathy, s.patience, s.emotion_control, s.integrity,
            exchange.mood_before.anger, exchange.mood_after.anger, exchange.mood_before.trust, exchange.mood_after.trust
        );
        for act in &a.acts {
            let _ = writeln!(
                out,
                "  act {:?} {} {}",
                act.act,
                act.kind.as_deref().unwrap_or(""),
                act.value.as_deref().unwrap_or("")
            );
        }
        for f in &a.findings {
            let _ = writeln!(
                out,
                "  {:+} {} ({}) {}",
                f.points,
                f.rule,
                f.section,
                f.message.get(lang)
            );
        }
        for e in &a.expectations {
            let _ = writeln!(
                out,
                "  expectation {} {}",
                e.id,
                if e.met { "met" } else { "missed" }
            );
        }
    }
    if let Some(debrief) = conversation.debrief(&scenario) {
        let _ = writeln!(
            out,
            "\n[ending {} · {:?}]\n{}",
            debrief.ending,
            debrief.kind,
            debrief.text.get(lang)
        );
    }
    ExitCode::SUCCESS
}

fn usage(err: &mut dyn Write) -> ExitCode {
    let _ = writeln!(
        err,
        "usage: dojo play scenarios/ID.json [--lang zh|en] [--seed N] < replies.txt"
    );
    ExitCode::from(2)
}
