//! Scenario validation: every problem, with the file, the JSON path and a
//! plain message, e.g. `angry-cake.json: /turns/4/next/1/to: no turn named "refund2"`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

use crate::i18n::{is_han, Text};
use crate::scorer::{rules::RuleSet, Competency};

use super::model::{Condition, Scenario};

/// One thing wrong with a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// A JSON pointer (`/turns/4/next/1/to`), or `line:column` for a parse error.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

struct Report<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            path: path.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, path: &str, text: &Text) {
        if text.zh.trim().is_empty() {
            self.add(format!("{path}/zh"), "missing Chinese text");
        } else if !text.zh.chars().any(is_han) {
            self.add(
                format!("{path}/zh"),
                "the Chinese text has no Chinese in it (untranslated?)",
            );
        }
        if text.en.trim().is_empty() {
            self.add(format!("{path}/en"), "missing English text");
        } else if text.en.chars().filter(|&c| is_han(c)).count() * 4 > text.en.chars().count() {
            self.add(
                format!("{path}/en"),
                "the English text is mostly Chinese (untranslated?)",
            );
        }
    }
}

/// Check everything serde's shape check cannot: translations, ids, the graph,
/// and conditions that can never be true.
pub fn validate(file: &str, scenario: &Scenario, rules: &RuleSet) -> Vec<Problem> {
    let mut report = Report {
        file,
        problems: Vec::new(),
    };
    let stem = file.strip_suffix(".json").unwrap_or(file);
    if scenario.id != stem && file.ends_with(".json") {
        report.add(
            "/id",
            format!(
                "id \"{}\" does not match the file name \"{file}\"",
                scenario.id
            ),
        );
    }
    if !scenario
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || scenario.id.is_empty()
    {
        report.add("/id", "use lower-case letters, digits and '-' only");
    }
    if !(1..=3).contains(&scenario.difficulty) {
        report.add(
            "/difficulty",
            format!("must be 1, 2 or 3, not {}", scenario.difficulty),
        );
    }
    for (name, value) in [
        ("anger", scenario.mood.anger),
        ("trust", scenario.mood.trust),
    ] {
        if value > 100 {
            report.add(
                format!("/mood/{name}"),
                format!("must be 0–100, not {value}"),
            );
        }
    }
    if scenario.reply_seconds == Some(0) {
        report.add(
            "/reply_seconds",
            "must be more than 0 (leave it out for no timer)",
        );
    }
    report.text("/title", &scenario.title);
    report.text("/brief", &scenario.brief);
    if scenario.goals.is_empty() {
        report.add("/goals", "give at least one learning goal");
    }
    for (index, goal) in scenario.goals.iter().enumerate() {
        report.text(&format!("/goals/{index}"), goal);
    }
    report.text("/persona/name", &scenario.persona.name);
    report.text("/persona/description", &scenario.persona.description);
    if scenario.turns.is_empty() {
        report.add("/turns", "a scenario needs at least one turn");
        return report.problems;
    }
    if scenario.endings.is_empty() {
        report.add("/endings", "a scenario needs at least one ending");
    }

    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let turn_paths = scenario
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), format!("/turns/{i}/id")));
    let ending_paths = scenario
        .endings
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), format!("/endings/{i}/id")));
    for (id, path) in turn_paths.chain(ending_paths) {
        if id.trim().is_empty() {
            report.add(path.clone(), "empty id");
        }
        if let Some(first) = ids.insert(id, path.clone()) {
            report.add(path, format!("id \"{id}\" is already used at {first}"));
        }
    }

    for (t, turn) in scenario.turns.iter().enumerate() {
        let at = format!("/turns/{t}");
        if turn.line.is_empty() {
            report.add(
                format!("{at}/line"),
                "the customer must say something: give at least one line",
            );
        }
        for (index, line) in turn.line.iter().enumerate() {
            report.text(&format!("{at}/line/{index}"), line);
        }
        if let Some(cue) = &turn.cue {
            report.text(&format!("{at}/cue"), cue);
        }
        for (index, id) in turn.expect.iter().enumerate() {
            if !rules.expectations.contains_key(id) {
                let known: Vec<&String> = rules.expectations.keys().collect();
                report.add(
                    format!("{at}/expect/{index}"),
                    format!("unknown expectation \"{id}\"; known: {known:?}"),
                );
            }
        }
        if !(3..=4).contains(&turn.options.len()) {
            report.add(
                format!("{at}/options"),
                format!("give 3 or 4 reply options, not {}", turn.options.len()),
            );
        }
        for quality in [super::Quality::Good, super::Quality::Bad] {
            if !turn.options.iter().any(|o| o.quality == quality) {
                report.add(
                    format!("{at}/options"),
                    format!("needs at least one {quality:?} option").to_lowercase(),
                );
            }
        }
        for (index, option) in turn.options.iter().enumerate() {
            report.text(&format!("{at}/options/{index}/text"), &option.text);
            if let Some(note) = &option.note {
                report.text(&format!("{at}/options/{index}/note"), note);
            }
        }
        if turn.model.is_empty() {
            report.add(format!("{at}/model"), "give at least one model reply");
        }
        for (index, model) in turn.model.iter().enumerate() {
            report.text(&format!("{at}/model/{index}/text"), &model.text);
            report.text(&format!("{at}/model/{index}/note"), &model.note);
            if !is_section(&model.section) {
                report.add(
                    format!("{at}/model/{index}/section"),
                    format!(
                        "\"{}\" is not a guideline section like \"02 §7.5\"",
                        model.section
                    ),
                );
            }
        }
        if turn.next.is_empty() {
            report.add(format!("{at}/next"), "a turn needs at least one transition");
        }
        let mut fallback_seen = false;
        for (index, transition) in turn.next.iter().enumerate() {
            let path = format!("{at}/next/{index}");
            if fallback_seen {
                report.add(
                    path.clone(),
                    "never taken: an earlier transition has no condition",
                );
            }
            if scenario.target(&transition.to).is_none() {
                report.add(
                    format!("{path}/to"),
                    format!("no turn or ending named \"{}\"", transition.to),
                );
            }
            match &transition.when {
                None => fallback_seen = true,
                Some(condition) => {
                    for message in impossible(condition, rules) {
                        report.add(format!("{path}/when"), message);
                    }
                }
            }
        }
        if !turn.next.is_empty() && !fallback_seen {
            report.add(
                format!("{at}/next"),
                "the last transition must have no \"when\", so the conversation can always go on",
            );
        }
    }
    for (e, ending) in scenario.endings.iter().enumerate() {
        let at = format!("/endings/{e}");
        report.text(&format!("{at}/title"), &ending.title);
        report.text(&format!("{at}/line"), &ending.line);
        report.text(&format!("{at}/debrief"), &ending.debrief);
        if ending.escalation.is_some() && ending.kind != super::EndingKind::Escalated {
            report.add(
                format!("{at}/escalation"),
                "only an \"escalated\" ending has an escalation",
            );
        }
    }
    graph_problems(scenario, &mut report);
    report.problems
}

/// A guideline reference: file number, then a section ("02 §7.5", "04 心理素质").
pub fn is_section(section: &str) -> bool {
    let mut parts = section.splitn(2, ' ');
    let file = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("").trim();
    matches!(file, "01" | "02" | "03" | "04" | "05") && !rest.is_empty()
}

/// Reasons a condition can never be true.
fn impossible(condition: &Condition, rules: &RuleSet) -> Vec<String> {
    let mut out = Vec::new();
    if *condition == Condition::default() {
        out.push("an empty condition is always true: leave \"when\" out instead".to_string());
    }
    let mut range = |name: &str, at_least: Option<u8>, below: Option<u8>| {
        if let Some(low) = at_least {
            if low > 100 {
                out.push(format!(
                    "{name} can never be at least {low} (the maximum is 100)"
                ));
            }
        }
        if below == Some(0) {
            out.push(format!("{name} can never be below 0"));
        }
        if let (Some(low), Some(high)) = (at_least, below) {
            if low >= high {
                out.push(format!(
                    "{name} can never be at least {low} and below {high}"
                ));
            }
        }
    };
    range(
        "overall",
        condition.overall_at_least,
        condition.overall_below,
    );
    range("anger", condition.anger_at_least, condition.anger_below);
    range("trust", condition.trust_at_least, condition.trust_below);
    for competency in Competency::FOUR {
        range(
            competency.id(),
            condition.at_least.get(&competency).copied(),
            condition.below.get(&competency).copied(),
        );
    }
    for key in condition.at_least.keys().chain(condition.below.keys()) {
        if *key == Competency::Overall {
            out.push("use overall_at_least / overall_below for the overall score".to_string());
        }
    }
    for rule in condition.finding.iter().chain(&condition.without_finding) {
        let known = rules.has_rule(rule)
            || rule
                .strip_prefix("expect.")
                .is_some_and(|id| rules.expectations.contains_key(id));
        if !known {
            out.push(format!(
                "no scorer rule named \"{rule}\", so this can never match"
            ));
        }
    }
    if condition.finding.is_some() && condition.finding == condition.without_finding {
        out.push("requires a finding and its absence at once".to_string());
    }
    out
}

/// Turns unreachable from the start, and turns from which no ending can be reached.
fn graph_problems(scenario: &Scenario, report: &mut Report) {
    let index_of: BTreeMap<&str, usize> = scenario
        .turns
        .iter()
        .map(|t| t.id.as_str())
        .chain(scenario.endings.iter().map(|e| e.id.as_str()))
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    let turns = scenario.turns.len();
    let nodes = turns + scenario.endings.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for (t, turn) in scenario.turns.iter().enumerate() {
        for transition in &turn.next {
            if let Some(&to) = index_of.get(transition.to.as_str()) {
                edges[t].push(to);
            }
        }
    }
    let mut reached = vec![false; nodes];
    let mut queue = VecDeque::from([0usize]);
    reached[0] = true;
    while let Some(node) = queue.pop_front() {
        for &to in &edges[node] {
            if !reached[to] {
                reached[to] = true;
                queue.push_back(to);
            }
        }
    }
    for (t, turn) in scenario.turns.iter().enumerate() {
        if !reached[t] {
            report.add(
                format!("/turns/{t}"),
                format!("turn \"{}\" cannot be reached from the start", turn.id),
            );
        }
    }
    for (e, ending) in scenario.endings.iter().enumerate() {
        if !reached[turns + e] {
            report.add(
                format!("/endings/{e}"),
                format!("ending \"{}\" cannot be reached from the start", ending.id),
            );
        }
    }
    // Walk backwards from the endings.
    let mut ends = vec![false; nodes];
    let mut changed = true;
    for flag in ends.iter_mut().skip(turns) {
        *flag = true;
    }
    while changed {
        changed = false;
        for t in 0..turns {
            if !ends[t] && edges[t].iter().any(|&to| ends[to]) {
                ends[t] = true;
                changed = true;
            }
        }
    }
    let stuck: BTreeSet<usize> = (0..turns).filter(|&t| reached[t] && !ends[t]).collect();
    for t in stuck {
        report.add(
            format!("/turns/{t}"),
            format!(
                "from turn \"{}\" no path ever reaches an ending",
                scenario.turns[t].id
            ),
        );
    }
}
