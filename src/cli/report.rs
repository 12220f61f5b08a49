//! `dojo report [FILE…]`: the quality of each scenario, measured (issue 16,
//! item 4). For every scenario file (default: `scenarios/*.json`), one line:
//!
//! - **models**: every model reply, in both languages, scores at least
//!   [`MODEL_MIN_OVERALL`] overall and meets all its turn's expectations;
//! - **options**: at every turn, in both languages, every `good` option beats
//!   every `bad` one on the turn's target competency (see [`target`]);
//! - **endings**: every ending is reached by *typed* replies, not only by
//!   picking options: a search routes, from every reachable state, the
//!   library's own words typed as free text (the turn's option and model
//!   replies) plus [`PROBES`], replies made to carry one act each, through
//!   the engine exactly as the play screen does.
//!
//! Exit 1 if any check fails for any file (or a file does not load).

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::io::Write;
use std::process::ExitCode;

use crate::authoring::grading::grade_turn;
use crate::engine::Conversation;
use crate::i18n::Lang;
use crate::scenario::{Scenario, Turn};
use crate::scorer::{Competency, Scorer};

/// The overall score a model reply must reach (the editor's live checks
/// judge by the same rule: `authoring::grading`).
pub use crate::authoring::grading::{target, MODEL_MIN_OVERALL};

/// How many replies deep the typed-reply search goes (no built-in scenario
/// needs more than a handful of turns to end).
const MAX_DEPTH: usize = 12;

/// How many moods each (turn, repeating) state is explored from.
const MOODS_PER_TURN: usize = 3;

/// Replies that each make one act (and the first, none), in both languages:
/// typed alongside the scenario's own words so that every kind of reply a
/// trainee might type is tried at every reachable turn.
pub const PROBES: [(&str, &str); 16] = [
    ("嗯。", "OK."),
    ("非常抱歉给您带来不便。", "I'm very sorry for the trouble."),
    ("我这就给您办理全额退款。", "I'll refund you in full right away."),
    ("我给您退一半的钱。", "I'll give you a partial refund."),
    ("我给您换一个新的。", "I'll send you a replacement."),
    ("我给您申请补偿。", "I'll arrange compensation for you."),
    ("我10分钟内给您回复。", "I'll get back to you within 10 minutes."),
    ("我明天下午三点前给您答复。", "I'll get back to you by 3 pm tomorrow."),
    ("麻烦您提供一下订单号好吗？", "Could you send me your order number?"),
    ("您还有什么想了解的吗？", "Is there anything else you'd like to know?"),
    ("抱歉，这个没法再便宜了。", "Sorry, we can't go any lower on the price."),
    ("我把您的情况转给主管处理。", "I'll pass this to my supervisor."),
    ("加我微信，私下给你便宜点。", "Add me on WeChat and I'll do you a deal between us."),
    ("我保证马上解决。", "I guarantee it'll be fixed right away."),
    ("你自己不会看吗？烦不烦。", "Can't you read? This is getting old."),
    (
        "非常抱歉，是我们没做好。我现在就去查，半小时内给您准确答复，需要的话也可以给您退款。",
        "I'm so sorry, that's on us. I'm checking now and will get back to you within 30 minutes; a refund is also possible if you'd like.",
    ),
];

/// What one scenario's checks found. Each list names the failures; empty
/// lists mean the check passed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioReport {
    pub id: String,
    /// Model replies checked, and those that fell short.
    pub models: usize,
    pub model_failures: Vec<String>,
    /// (turn, language) pairs with both good and bad options, and those where
    /// a bad option equals or beats a good one.
    pub option_turns: usize,
    pub option_failures: Vec<String>,
    /// Endings, and those no typed reply reaches (per language).
    pub endings: usize,
    pub unreached: Vec<String>,
}

impl ScenarioReport {
    pub fn passed(&self) -> bool {
        self.model_failures.is_empty()
            && self.option_failures.is_empty()
            && self.unreached.is_empty()
    }

    /// One line: the verdict, the three checks, and every failure named.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} {}: models {}/{} ≥{MODEL_MIN_OVERALL} meeting expectations; good > bad at {}/{} turns; endings reached by typed replies {}/{}",
            if self.passed() { "ok  " } else { "FAIL" },
            self.id,
            self.models - self.model_failures.len(),
            self.models,
            self.option_turns - self.option_failures.len(),
            self.option_turns,
            self.endings * 2 - self.unreached.len(),
            self.endings * 2,
        );
        let failures: Vec<&String> = self
            .model_failures
            .iter()
            .chain(&self.option_failures)
            .chain(&self.unreached)
            .collect();
        if !failures.is_empty() {
            line.push_str(" — ");
            line.push_str(
                &failures
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        line
    }
}

fn lang_id(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn competency_id(competency: Option<Competency>) -> &'static str {
    match competency {
        Some(Competency::Empathy) => "empathy",
        Some(Competency::Patience) => "patience",
        Some(Competency::EmotionControl) => "emotion control",
        Some(Competency::Integrity) => "integrity",
        Some(Competency::Overall) | None => "overall",
    }
}

/// Run the three checks on one scenario. The models and options checks
/// are the editor's own judgement (`authoring::grading`), phrased for the
/// command line.
pub fn check(scenario: &Scenario, scorer: &Scorer) -> ScenarioReport {
    let mut report = ScenarioReport {
        id: scenario.id.clone(),
        endings: scenario.endings.len(),
        ..Default::default()
    };
    for turn in &scenario.turns {
        let grades = grade_turn(scenario, scorer, turn);
        for lang in [Lang::Zh, Lang::En] {
            for model in grades.models.iter().filter(|m| m.lang == lang) {
                report.models += 1;
                if !model.passes() {
                    let mut failure = format!(
                        "model {} at /{} ({}) scores {}",
                        model.index + 1,
                        turn.id,
                        lang_id(lang),
                        model.overall
                    );
                    if !model.missed.is_empty() {
                        failure.push_str(&format!(", misses {}", model.missed.join(", ")));
                    }
                    report.model_failures.push(failure);
                }
            }
            if !grades.compares(lang) {
                continue;
            }
            report.option_turns += 1;
            if let Some(c) = grades.contradiction(lang) {
                report.option_failures.push(format!(
                    "at /{} ({}) good option {} scores {} ≤ bad option {} {} on {}",
                    turn.id,
                    lang_id(lang),
                    c.good + 1,
                    c.good_score,
                    c.bad + 1,
                    c.bad_score,
                    competency_id(grades.target)
                ));
            }
        }
    }
    for lang in [Lang::Zh, Lang::En] {
        let reached = endings_typed(scenario, scorer, lang);
        for ending in &scenario.endings {
            if !reached.contains(&ending.id) {
                report.unreached.push(format!(
                    "ending \"{}\" not reached by typed replies ({})",
                    ending.id,
                    lang_id(lang)
                ));
            }
        }
    }
    report
}

/// The typed replies tried at a turn: that turn's own option and model
/// texts (as free text, not as option picks) and the probes.
fn typed_replies(turn: &Turn, lang: Lang) -> Vec<&str> {
    let mut replies: Vec<&str> = Vec::new();
    let own = turn
        .options
        .iter()
        .map(|o| o.text.get(lang))
        .chain(turn.model.iter().map(|m| m.text.get(lang)));
    let probes = PROBES.iter().map(|&(zh, en)| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    });
    for reply in own.chain(probes) {
        if !replies.contains(&reply) {
            replies.push(reply);
        }
    }
    replies
}

/// The endings reached by typed replies: a breadth-first search over
/// conversation states, every typed reply tried in every state, no reply
/// sent as an option pick; the routing is the engine's own. A state is the
/// turn, whether the customer is repeating, and the mood; the mood takes
/// many values, so each (turn, repeating) is explored from at most
/// [`MOODS_PER_TURN`] moods, the first reached (shortest routes first).
/// Every ending reported as reached was reached; one reported unreached
/// may still be reachable along a route the bound left out.
pub fn endings_typed(scenario: &Scenario, scorer: &Scorer, lang: Lang) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut seen: HashSet<(String, bool, u8, u8)> = HashSet::new();
    let mut explored: BTreeMap<(String, bool), usize> = BTreeMap::new();
    let mut queue = VecDeque::from([Conversation::start(scenario, 7)]);
    while let Some(conversation) = queue.pop_front() {
        if conversation.over {
            reached.insert(conversation.at.clone());
            continue;
        }
        if reached.len() == scenario.endings.len() {
            break;
        }
        let key = (
            conversation.at.clone(),
            conversation.repeat,
            conversation.mood.anger,
            conversation.mood.trust,
        );
        if conversation.exchanges.len() >= MAX_DEPTH || !seen.insert(key) {
            continue;
        }
        let count = explored
            .entry((conversation.at.clone(), conversation.repeat))
            .or_default();
        if *count >= MOODS_PER_TURN {
            continue;
        }
        *count += 1;
        let Some(turn) = conversation.turn(scenario) else {
            continue;
        };
        for reply in typed_replies(turn, lang) {
            let mut next = conversation.clone();
            next.respond(scenario, scorer, reply, None, false);
            queue.push_back(next);
        }
    }
    reached
}

/// `dojo report [FILE…]`.
pub fn report(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let files: Vec<String> = if args.is_empty() {
        let mut files: Vec<String> = match std::fs::read_dir("scenarios") {
            Ok(dir) => dir
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter(|p| p.file_name().is_some_and(|n| n != "schema.json"))
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            Err(e) => {
                let _ = writeln!(err, "dojo report: cannot read scenarios/: {e}");
                return ExitCode::from(1);
            }
        };
        files.sort();
        files
    } else {
        args.to_vec()
    };
    let scorer = Scorer::builtin();
    let mut failed = 0;
    let mut by_check: BTreeMap<&str, usize> = BTreeMap::new();
    for path in &files {
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.clone());
        if name == "schema.json" {
            continue;
        }
        let scenario = match std::fs::read_to_string(path)
            .map_err(|e| vec![format!("cannot read: {e}")])
            .and_then(|source| {
                crate::scenario::load(&name, &source).map_err(|problems| {
                    problems
                        .into_iter()
                        .map(|p| format!("{}: {}", p.path, p.message))
                        .collect()
                })
            }) {
            Ok(scenario) => scenario,
            Err(problems) => {
                let _ = writeln!(out, "FAIL {name}: does not load — {}", problems.join("; "));
                failed += 1;
                continue;
            }
        };
        let report = check(&scenario, scorer);
        if !report.model_failures.is_empty() {
            *by_check.entry("models").or_default() += 1;
        }
        if !report.option_failures.is_empty() {
            *by_check.entry("options").or_default() += 1;
        }
        if !report.unreached.is_empty() {
            *by_check.entry("endings").or_default() += 1;
        }
        if !report.passed() {
            failed += 1;
        }
        let _ = writeln!(out, "{}", report.line());
    }
    if failed == 0 {
        let _ = writeln!(out, "all {} scenario(s) pass", files.len());
        ExitCode::SUCCESS
    } else {
        let _ = writeln!(
            out,
            "{failed} scenario(s) fail (models: {}, options: {}, endings: {})",
            by_check.get("models").unwrap_or(&0),
            by_check.get("options").unwrap_or(&0),
            by_check.get("endings").unwrap_or(&0)
        );
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Condition, Ending, EndingKind, Quality, Transition};

    fn scenario(id: &str) -> Scenario {
        crate::scenario::builtin()
            .get(id)
            .expect("a built-in scenario")
            .clone()
    }

    /// The score a failure names for a model reply at a turn and language.
    fn model_score(report: &ScenarioReport, at: &str) -> Option<u8> {
        let failure = report.model_failures.iter().find(|f| f.contains(at))?;
        let rest = failure.split("scores ").nth(1)?;
        rest.split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    }

    #[test]
    fn a_library_scenario_passes_the_option_and_ending_checks() {
        let report = check(&scenario("angry-late-cake"), Scorer::builtin());
        assert!(report.models > 0 && report.option_turns > 0 && report.endings > 0);
        assert!(report.option_failures.is_empty(), "{}", report.line());
        assert!(report.unreached.is_empty(), "{}", report.line());
        // Every model failure names its turn, language and score.
        for failure in &report.model_failures {
            assert!(
                failure.starts_with("model ") && failure.contains(" scores "),
                "{failure}"
            );
        }
        assert_eq!(report.passed(), report.model_failures.is_empty());
    }

    #[test]
    fn a_weak_model_reply_fails_the_models_check() {
        let original = check(&scenario("angry-late-cake"), Scorer::builtin());
        let mut s = scenario("angry-late-cake");
        s.turns[0].model[0].text.zh = "配送是骑手负责的，您自己问吧。".into();
        let report = check(&s, Scorer::builtin());
        let score = model_score(&report, "model 1 at /open (zh)").expect("named");
        assert!(score < MODEL_MIN_OVERALL, "{}", report.line());
        assert!(
            model_score(&original, "model 1 at /open (zh)").is_none_or(|was| was > score),
            "{}",
            original.line()
        );
        assert!(report.model_failures.len() >= 1 && !report.passed());
        assert!(report.line().starts_with("FAIL"));
    }

    #[test]
    fn a_bad_option_beating_a_good_one_fails_the_options_check() {
        let mut s = scenario("angry-late-cake");
        let turn = &mut s.turns[0];
        let good = turn
            .options
            .iter()
            .position(|o| o.quality == Quality::Good)
            .unwrap();
        let bad = turn
            .options
            .iter()
            .position(|o| o.quality == Quality::Bad)
            .unwrap();
        // The good option's words, labelled bad, and the other way round.
        let (g, b) = (
            turn.options[good].text.clone(),
            turn.options[bad].text.clone(),
        );
        turn.options[good].text = b;
        turn.options[bad].text = g;
        let report = check(&s, Scorer::builtin());
        assert!(
            report
                .option_failures
                .iter()
                .any(|f| f.contains("at /open (zh)"))
                && report
                    .option_failures
                    .iter()
                    .any(|f| f.contains("at /open (en)")),
            "{}",
            report.line()
        );
    }

    #[test]
    fn an_ending_no_typed_reply_reaches_fails_the_endings_check() {
        let mut s = scenario("angry-late-cake");
        let mut ending: Ending = s.endings[0].clone();
        ending.id = "never".into();
        ending.kind = EndingKind::Left;
        s.endings.push(ending);
        // Only an impossible score leads there.
        s.turns[0].next.insert(
            0,
            Transition {
                when: Some(Condition {
                    overall_at_least: Some(101),
                    ..Default::default()
                }),
                to: "never".into(),
            },
        );
        let report = check(&s, Scorer::builtin());
        assert_eq!(
            report.unreached,
            [
                "ending \"never\" not reached by typed replies (zh)",
                "ending \"never\" not reached by typed replies (en)"
            ],
            "{}",
            report.line()
        );
    }

    #[test]
    fn the_target_is_the_competency_the_expectations_weigh_most() {
        let s = scenario("angry-late-cake");
        let scorer = Scorer::builtin();
        let mut turn = s.turns[0].clone();
        turn.expect = vec![];
        assert_eq!(target(scorer, &turn), None);
        turn.expect = vec!["acknowledge_feeling".into(), "apologize".into()];
        assert_eq!(target(scorer, &turn), Some(Competency::Empathy));
    }

    #[test]
    fn the_command_prints_one_line_per_file_and_fails_on_a_broken_file() {
        let dir = std::env::temp_dir().join(format!("dojo-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("angry-late-cake.json");
        let broken = dir.join("broken.json");
        std::fs::write(
            &good,
            std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/scenarios/angry-late-cake.json"
            ))
            .unwrap(),
        )
        .unwrap();
        std::fs::write(&broken, "{ not json").unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = [good.to_string_lossy().into_owned()];
        let code = report(&args, &mut out, &mut err);
        let text = String::from_utf8(out).unwrap();
        let first = text.lines().next().unwrap();
        assert!(first.contains(" angry-late-cake: models "), "{text}");
        // The exit status follows the line's verdict.
        let passed = first.starts_with("ok");
        assert_eq!(code == ExitCode::SUCCESS, passed, "{text}");
        assert_eq!(
            text.lines().count(),
            2,
            "one line per file and a summary: {text}"
        );
        let mut out = Vec::new();
        let args = [broken.to_string_lossy().into_owned()];
        assert_eq!(report(&args, &mut out, &mut err), ExitCode::from(1));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("FAIL broken.json: does not load"),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
