//! Scenario validation: every problem, with the file, the JSON path and a
//! plain message, e.g. `angry-cake.json: /turns/4/next/1/to: no turn named "refund2"`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

use crate::i18n::{is_han, Text};
use crate::scorer::{rules::RuleSet, ActType, Competency};

use super::conditions::{
    a_act, can_both_hold, describe, guarantees_act, guarantees_slot, implies, kinds_of, slot_name,
};
use super::model::{pieces, slots_in, Condition, Presumption, Scenario, Slot, Target};

/// One thing wrong with a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// A JSON pointer (`/turns/4/next/1/to`), or `line:column` for a parse error.
    pub path: String,
    /// In English (what `dojo validate` prints).
    pub message: String,
    /// The checks on acts, slots and transition order also say it in
    /// Chinese: see [`Issue::message`].
    pub issue: Option<Issue>,
}

/// What the checks on acts, slots, presupposition and transition order find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// A kind the act type does not have.
    UnknownKind {
        act: ActType,
        kind: String,
        known: Vec<String>,
    },
    /// `kind` given for an act type without kinds (an apology, a transfer…).
    KindlessAct { act: ActType },
    /// `kind` (or minutes) without `act`.
    KindWithoutAct,
    /// Minutes bounds on an act that is not a time commitment.
    MinutesNotTime,
    /// `minutes_above` ≥ `minutes_at_most`.
    MinutesNever { above: u32, at_most: u32 },
    /// The condition requires an act and forbids it.
    ActAndWithout { act: ActType },
    /// `answered` and a finding on `unanswered` that contradict each other.
    AnsweredContradiction,
    /// A malformed slot: unknown name or unbalanced brace.
    BadSlot { detail: String },
    /// The Chinese and English of a line use different slots.
    SlotsDiffer { zh: Vec<String>, en: Vec<String> },
    /// Slots where none are filled: a fallback, an unanswered follow-up, an ending.
    NoSlotsHere { field: &'static str },
    /// The first turn is said before any reply, so it cannot echo one.
    FirstTurnEchoes,
    /// A fallback on a turn whose lines need nothing from the reply.
    UnusedFallback,
    /// An `unanswered` follow-up on a turn whose lines ask no question.
    NothingAsked,
    /// A transition into a line that uses a slot its condition does not guarantee.
    SlotNotGuaranteed {
        target: String,
        slot: Slot,
        ending: bool,
    },
    /// A transition into a line that presumes an act its condition does not guarantee.
    ActNotGuaranteed {
        target: String,
        presumed: String,
        ending: bool,
    },
    /// A transition that is never taken because an earlier one always wins.
    Shadowed {
        earlier: String,
        unconditional: bool,
    },
    /// A transition reacting to a mistake (a finding that costs points, a side
    /// deal, a leak) after one that can hold for the same reply and wins.
    MistakeSlipsPast { earlier: String, mistake: String },
}

impl Issue {
    pub fn message(&self) -> Text {
        match self {
            Issue::UnknownKind { act, kind, known } => Text::new(
                format!("“{}”没有“{kind}”这种类型；可用：{}", act.id(), known.join(", ")),
                format!("{} has no kind \"{kind}\"; known: {}", a_act(*act), known.join(", ")),
            ),
            Issue::KindlessAct { act } => Text::new(
                format!("“{}”没有类型，去掉 \"kind\"", act.id()),
                format!("{} has no kinds: leave \"kind\" out", a_act(*act)),
            ),
            Issue::KindWithoutAct => Text::new(
                "给了 \"kind\" 却没有 \"act\"：先写明是哪种行为",
                "\"kind\" needs \"act\": say which act it is a kind of",
            ),
            Issue::MinutesNotTime => Text::new(
                "分钟限制只适用于时间承诺（\"act\": \"commitment\", \"kind\": \"time\"）",
                "minutes bounds apply only to a time commitment (\"act\": \"commitment\", \"kind\": \"time\")",
            ),
            Issue::MinutesNever { above, at_most } => Text::new(
                format!("分钟数不可能既大于 {above} 又不超过 {at_most}"),
                format!("minutes can never be above {above} and at most {at_most}"),
            ),
            Issue::ActAndWithout { act } => Text::new(
                format!("同时要求和排除“{}”，永远不成立", act.id()),
                format!("requires {} and its absence at once", a_act(*act)),
            ),
            Issue::AnsweredContradiction => Text::new(
                "\"answered\" 与关于 \"unanswered\" 的 finding 条件相互矛盾",
                "\"answered\" contradicts the finding condition on \"unanswered\"",
            ),
            Issue::BadSlot { detail } => Text::new(
                format!("占位符有误：{detail}"),
                detail.clone(),
            ),
            Issue::SlotsDiffer { zh, en } => Text::new(
                format!("中文和英文用了不同的占位符：中文 [{}]，英文 [{}]", zh.join(", "), en.join(", ")),
                format!("the Chinese and English lines use different slots: zh [{}], en [{}]", zh.join(", "), en.join(", ")),
            ),
            Issue::NoSlotsHere { field } => Text::new(
                format!("{field} 里不能用占位符：这里没有可以填入的回复"),
                format!("a {field} cannot use slots: there is no reply to fill them from"),
            ),
            Issue::FirstTurnEchoes => Text::new(
                "第一轮在任何回复之前说出，不能用占位符或 \"presumes\"",
                "the first turn is said before any reply: it cannot use slots or \"presumes\"",
            ),
            Issue::UnusedFallback => Text::new(
                "这一轮的台词没有占位符也没有 \"presumes\"，\"fallback\" 永远用不上",
                "the lines use no slot and presume nothing, so the \"fallback\" is never said",
            ),
            Issue::NothingAsked => Text::new(
                "这一轮的台词没有问句（没有问号），\"unanswered\" 永远不会说出",
                "the lines ask no question (no question mark), so \"unanswered\" is never said",
            ),
            Issue::SlotNotGuaranteed { target, slot, ending } => {
                let fix_zh = if *ending { "在 \"when\" 里要求它" } else { "在 \"when\" 里要求它，或者给这一轮加上 \"fallback\"" };
                let fix_en = if *ending {
                    "require it in \"when\"".to_string()
                } else {
                    format!("require it in \"when\", or give \"{target}\" a \"fallback\" line")
                };
                Text::new(
                    format!(
                        "通往“{target}”，那里的台词用了 {}，但这个条件不能保证回复里有{}：{fix_zh}",
                        slot_name(*slot),
                        slot.needs()
                    ),
                    format!(
                        "leads to \"{target}\", whose line uses {}, but this condition does not guarantee {}: {fix_en}",
                        slot_name(*slot),
                        slot.needs()
                    ),
                )
            }
            Issue::ActNotGuaranteed { target, presumed, ending } => {
                let fix_zh = if *ending { "在 \"when\" 里要求它" } else { "在 \"when\" 里要求它，或者给这一轮加上 \"fallback\"" };
                let fix_en = if *ending {
                    "require it in \"when\"".to_string()
                } else {
                    format!("require it in \"when\", or give \"{target}\" a \"fallback\" line")
                };
                Text::new(
                    format!("通往“{target}”，那里的台词默认回复里有 {presumed}，但这个条件不能保证：{fix_zh}"),
                    format!("leads to \"{target}\", whose line presumes {presumed}, but this condition does not guarantee it: {fix_en}"),
                )
            }
            Issue::MistakeSlipsPast { earlier, mistake } => Text::new(
                format!("犯了“{mistake}”的回复也可能满足前面的 {earlier}，并被它先选中，这个反应就被跳过了：把这个转场放到前面，或者在前面的条件里排除它"),
                format!("a reply that makes the mistake \"{mistake}\" can also meet the earlier transition {earlier}, which is taken first, so this reaction is skipped: put this transition first, or rule the mistake out in the earlier one (\"without_finding\" / \"without_act\")"),
            ),
            Issue::Shadowed { earlier, unconditional } => {
                if *unconditional {
                    Text::new(
                        format!("永远不会走到：前面的 {earlier} 没有条件，总是先被选中"),
                        format!("never taken: the earlier transition {earlier} has no condition and is always taken first"),
                    )
                } else {
                    Text::new(
                        format!("永远不会走到：只要这个条件成立，前面的 {earlier} 的条件也成立，总是先被选中"),
                        format!("never taken: whenever its condition holds, the earlier transition {earlier} holds too and is taken first"),
                    )
                }
            }
        }
    }
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
            issue: None,
        });
    }

    fn issue(&mut self, path: impl Into<String>, issue: Issue) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            path: path.into(),
            message: issue.message().en,
            issue: Some(issue),
        });
    }

    /// Slots in a line: well-formed, the same in both languages; returns them.
    fn slots(&mut self, path: &str, text: &Text) -> Vec<Slot> {
        let mut ok = true;
        for (lang, line) in [("zh", &text.zh), ("en", &text.en)] {
            if let Err(detail) = pieces(line) {
                self.issue(format!("{path}/{lang}"), Issue::BadSlot { detail });
                ok = false;
            }
        }
        let zh = slots_in(&text.zh);
        let en = slots_in(&text.en);
        if ok && zh != en {
            let ids = |s: &[Slot]| s.iter().map(|s| slot_name(*s)).collect();
            self.issue(
                path.to_string(),
                Issue::SlotsDiffer {
                    zh: ids(&zh),
                    en: ids(&en),
                },
            );
        }
        zh.into_iter().chain(en).collect()
    }

    /// A line that cannot have slots (a fallback, a follow-up, an ending).
    fn no_slots(&mut self, path: &str, text: &Text, field: &'static str) {
        if !self.slots(path, text).is_empty() {
            self.issue(path.to_string(), Issue::NoSlotsHere { field });
        }
    }

    /// The act test of a condition or a presumption: act, kinds, minutes.
    fn act_test(
        &mut self,
        path: &str,
        act: Option<ActType>,
        kinds: Option<&super::Kinds>,
        rules: &RuleSet,
    ) {
        let Some(kinds) = kinds else { return };
        let Some(act) = act else {
            self.issue(format!("{path}/kind"), Issue::KindWithoutAct);
            return;
        };
        // A rule set without act phrase lists cannot judge offer or question kinds.
        let no_lists = rules.acts.offer.is_empty() && rules.acts.asks_for.is_empty();
        match kinds_of(act, &rules.acts) {
            None => self.issue(format!("{path}/kind"), Issue::KindlessAct { act }),
            Some(_) if no_lists && act != ActType::Commitment => {}
            Some(known) => {
                for kind in &kinds.0 {
                    if !known.contains(kind) {
                        self.issue(
                            format!("{path}/kind"),
                            Issue::UnknownKind {
                                act,
                                kind: kind.clone(),
                                known: known.clone(),
                            },
                        );
                    }
                }
            }
        }
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
        let mut slots = Vec::new();
        for (index, line) in turn.line.iter().enumerate() {
            report.text(&format!("{at}/line/{index}"), line);
            slots.extend(report.slots(&format!("{at}/line/{index}"), line));
        }
        for (index, presumption) in turn.presumes.iter().enumerate() {
            presumption_checks(
                &format!("{at}/presumes/{index}"),
                presumption,
                rules,
                &mut report,
            );
        }
        let needs_reply = !slots.is_empty() || !turn.presumes.is_empty();
        if t == 0 && needs_reply {
            report.issue(format!("{at}/line"), Issue::FirstTurnEchoes);
        }
        if let Some(fallback) = &turn.fallback {
            report.text(&format!("{at}/fallback"), fallback);
            report.no_slots(&format!("{at}/fallback"), fallback, "fallback");
            if !needs_reply {
                report.issue(format!("{at}/fallback"), Issue::UnusedFallback);
            }
        }
        if let Some(unanswered) = &turn.unanswered {
            report.text(&format!("{at}/unanswered"), unanswered);
            report.no_slots(
                &format!("{at}/unanswered"),
                unanswered,
                "follow-up (\"unanswered\")",
            );
            let asks = turn
                .line
                .iter()
                .any(|l| l.zh.contains(['?', '？']) || l.en.contains('?'));
            if !asks {
                report.issue(format!("{at}/unanswered"), Issue::NothingAsked);
            }
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
            let shadow = turn.next[..index].iter().enumerate().find(|(_, earlier)| {
                match (&earlier.when, &transition.when) {
                    (None, _) => true,
                    (Some(e), Some(l)) => implies(l, e),
                    (Some(_), None) => false,
                }
            });
            if let Some((earlier, e)) = shadow {
                report.issue(
                    path.clone(),
                    Issue::Shadowed {
                        earlier: format!("{at}/next/{earlier}"),
                        unconditional: e.when.is_none(),
                    },
                );
            }
            if shadow.is_none() {
                if let Some(mistake) = transition.when.as_ref().and_then(|c| mistake(c, rules)) {
                    let slips = turn.next[..index].iter().position(|earlier| {
                        // An earlier reaction to another mistake still reacts to the reply's mistakes.
                        earlier.when.as_ref().is_some_and(|e| {
                            !rules_out(e, &mistake)
                                && self::mistake(e, rules).is_none()
                                && can_both_hold(e, transition.when.as_ref().unwrap())
                        })
                    });
                    if let Some(earlier) = slips {
                        report.issue(
                            path.clone(),
                            Issue::MistakeSlipsPast {
                                earlier: format!("{at}/next/{earlier}"),
                                mistake,
                            },
                        );
                    }
                }
            }
            match scenario.target(&transition.to) {
                None => report.add(
                    format!("{path}/to"),
                    format!("no turn or ending named \"{}\"", transition.to),
                ),
                Some(target) => {
                    presupposition(&path, transition.when.as_ref(), target, rules, &mut report)
                }
            }
            match &transition.when {
                None => fallback_seen = true,
                Some(condition) => {
                    for message in impossible(condition, rules) {
                        report.add(format!("{path}/when"), message);
                    }
                    act_conditions(&format!("{path}/when"), condition, rules, &mut report);
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
        report.no_slots(&format!("{at}/line"), &ending.line, "ending line");
        for (index, presumption) in ending.presumes.iter().enumerate() {
            presumption_checks(
                &format!("{at}/presumes/{index}"),
                presumption,
                rules,
                &mut report,
            );
        }
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

/// A line must never take for granted what the reply that leads to it did
/// not do: every slot it uses and every act it presumes must be guaranteed
/// by the transition's condition, unless the turn has a fallback line.
fn presupposition(
    path: &str,
    condition: Option<&Condition>,
    target: Target,
    rules: &RuleSet,
    report: &mut Report,
) {
    let none = Condition::default();
    let condition = condition.unwrap_or(&none);
    let (id, slots, presumes, ending): (&str, Vec<Slot>, &[Presumption], bool) = match target {
        Target::Turn(turn) => {
            if turn.fallback.is_some() {
                return;
            }
            (&turn.id, turn.slots(), &turn.presumes, false)
        }
        Target::Ending(ending) => (&ending.id, Vec::new(), &ending.presumes, true),
    };
    for slot in slots {
        if !guarantees_slot(condition, slot, &rules.acts) {
            report.issue(
                path.to_string(),
                Issue::SlotNotGuaranteed {
                    target: id.to_string(),
                    slot,
                    ending,
                },
            );
        }
    }
    for presumption in presumes {
        if !guarantees_act(condition, presumption) {
            report.issue(
                path.to_string(),
                Issue::ActNotGuaranteed {
                    target: id.to_string(),
                    presumed: describe(presumption),
                    ending,
                },
            );
        }
    }
}

/// A presumption's act and kinds are known; minutes only on a time commitment.
fn presumption_checks(path: &str, presumption: &Presumption, rules: &RuleSet, report: &mut Report) {
    report.act_test(
        path,
        Some(presumption.act),
        presumption.kind.as_ref(),
        rules,
    );
    let (at_most, above) = (presumption.minutes_at_most, presumption.minutes_above);
    if at_most.is_some() || above.is_some() {
        let time_only = presumption
            .kind
            .as_ref()
            .is_some_and(|k| k.0.iter().all(|k| k == "time"));
        if presumption.act != ActType::Commitment || !time_only {
            report.issue(path.to_string(), Issue::MinutesNotTime);
        }
    }
    if let (Some(above), Some(at_most)) = (above, at_most) {
        if above >= at_most {
            report.issue(path.to_string(), Issue::MinutesNever { above, at_most });
        }
    }
}

/// The mistake a condition reacts to, if any: a finding that costs points in
/// all (not an expectation), or a side deal or a leak.
fn mistake(condition: &Condition, rules: &RuleSet) -> Option<String> {
    if let Some(rule) = &condition.finding {
        let points: i32 = rules
            .rules
            .iter()
            .find(|r| &r.id == rule)
            .map(|r| r.points.values().sum())
            .or_else(|| rules.detectors.get(rule).map(|d| d.points.values().sum()))
            .unwrap_or(0);
        if points < 0 {
            return Some(rule.clone());
        }
    }
    match condition.act {
        Some(act @ (ActType::SideDeal | ActType::Leak)) => Some(act.id().to_string()),
        _ => None,
    }
}

/// Whether a condition already deals with the mistake: it requires it too,
/// or rules it out.
fn rules_out(condition: &Condition, mistake: &str) -> bool {
    condition.finding.as_deref() == Some(mistake)
        || condition.without_finding.as_deref() == Some(mistake)
        || condition.act.is_some_and(|a| a.id() == mistake)
        || condition
            .without_act
            .as_ref()
            .is_some_and(|w| w.0.iter().any(|a| a.id() == mistake))
}

/// The act parts of a condition: known kinds, minutes on a time commitment,
/// no act both required and forbidden.
fn act_conditions(path: &str, condition: &Condition, rules: &RuleSet, report: &mut Report) {
    let minutes = condition.minutes_at_most.is_some() || condition.minutes_above.is_some();
    report.act_test(path, condition.act, condition.kind.as_ref(), rules);
    if minutes {
        let time_only = condition
            .required_kinds()
            .is_some_and(|k| k.iter().all(|k| k == "time"));
        if condition.act.is_some_and(|a| a != ActType::Commitment) || !time_only {
            report.issue(path.to_string(), Issue::MinutesNotTime);
        }
    }
    if let (Some(above), Some(at_most)) = (condition.minutes_above, condition.minutes_at_most) {
        if above >= at_most {
            report.issue(path.to_string(), Issue::MinutesNever { above, at_most });
        }
    }
    if let (Some(act), Some(without)) = (condition.required_act(), &condition.without_act) {
        if without.contains(act) {
            report.issue(path.to_string(), Issue::ActAndWithout { act });
        }
    }
    let unanswered = |f: &Option<String>| f.as_deref() == Some(super::UNANSWERED);
    let contradiction = match condition.answered {
        Some(true) => unanswered(&condition.finding),
        Some(false) => unanswered(&condition.without_finding),
        None => false,
    };
    if contradiction {
        report.issue(path.to_string(), Issue::AnsweredContradiction);
    }
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
