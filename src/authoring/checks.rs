//! Live checks of a draft, each tied to the field it concerns (a JSON
//! pointer into the scenario, `/turns/2/options/1/text/en`), so the editor
//! shows it beside that field:
//!
//! - every problem of the shared validator (`scenario::validate`, the code
//!   `dojo validate` runs), in both languages; a text written in one
//!   language only is a missing translation — allowed while drafting,
//!   shown as such, but like every validator problem it blocks publishing;
//! - the scorer's judgement of the authored words ([`super::grading`]):
//!   each option's and model reply's score, and the contradictions — a good
//!   option not beating a bad one, a model reply that misses its turn's
//!   expectations, a transition no authored option takes, a turn no
//!   sequence of option picks reaches. These are warnings: the scenario is
//!   valid, but it teaches something other than the author meant.

use crate::i18n::{Lang, Text};
use crate::scenario::{validate, Problem, Scenario};
use crate::scorer::{Competency, RuleSet, Scorer};

use super::draft::file_name;
use super::grading::{grade_turn, routes, TurnGrades, MODEL_MIN_OVERALL};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The validator refuses the scenario: publishing waits for a fix.
    Error,
    /// A text written in one language only (a validator problem too).
    Translation,
    /// The scorer disagrees with what the author wrote.
    Warning,
    /// A score, for information.
    Grade,
}

/// One thing to show beside a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// The field: a JSON pointer into the scenario.
    pub path: String,
    pub severity: Severity,
    pub message: Text,
}

/// All checks of a draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checks {
    pub items: Vec<Check>,
}

impl Checks {
    /// The checks of exactly this field.
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Check> + 'a {
        self.items.iter().filter(move |c| c.path == path)
    }

    /// The checks of this field and everything inside it.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Check> + 'a {
        self.items.iter().filter(move |c| {
            c.path == prefix
                || (c.path.starts_with(prefix) && c.path[prefix.len()..].starts_with('/'))
        })
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|c| c.severity == severity).count()
    }

    /// Publishing needs a scenario the validator accepts.
    pub fn publishable(&self) -> bool {
        !self
            .items
            .iter()
            .any(|c| matches!(c.severity, Severity::Error | Severity::Translation))
    }
}

/// The Chinese of the validator's plain (English-only) messages; the checks
/// on acts, slots and order carry their own ([`crate::scenario::Issue`]).
fn chinese(message: &str) -> String {
    let quoted = || {
        message
            .split('"')
            .nth(1)
            .map(str::to_string)
            .unwrap_or_default()
    };
    let table: [(&str, &str); 22] = [
        ("missing Chinese text", "缺少中文"),
        ("missing English text", "缺少英文"),
        (
            "the Chinese text has no Chinese",
            "中文栏里没有中文（还没翻译？）",
        ),
        (
            "the English text is mostly Chinese",
            "英文栏里大多是中文（还没翻译？）",
        ),
        ("use lower-case letters", "只能用小写字母、数字和“-”"),
        ("must be 1, 2 or 3", "难度必须是 1、2 或 3"),
        ("must be 0–100", "必须在 0 到 100 之间"),
        ("must be more than 0", "必须大于 0（不计时就留空）"),
        ("give at least one learning goal", "至少写一个练习目标"),
        ("a scenario needs at least one turn", "至少需要一个轮次"),
        ("a scenario needs at least one ending", "至少需要一个结局"),
        (
            "the customer must say something",
            "顾客总得说点什么：至少写一句台词",
        ),
        ("give 3 or 4 reply options", "需要 3 到 4 个回复选项"),
        ("needs at least one good option", "至少需要一个“好”的选项"),
        ("needs at least one bad option", "至少需要一个“差”的选项"),
        ("give at least one model reply", "至少写一个参考回复"),
        ("is not a guideline section", "请从列表中选一个规范章节"),
        ("a turn needs at least one transition", "至少需要一个去向"),
        (
            "the last transition must have no",
            "最后一个去向不能有条件，这样对话总能继续",
        ),
        ("only an \"escalated\" ending", "只有“升级”结局才有升级方式"),
        ("empty id", "名称为空"),
        ("does not match the file name", "名称与文件名不一致"),
    ];
    for (en, zh) in table {
        if message.contains(en) {
            return zh.to_string();
        }
    }
    if message.contains("is already used at") {
        return format!("名称“{}”已被使用", quoted());
    }
    if message.starts_with("unknown expectation") {
        return format!("未知的期望“{}”", quoted());
    }
    if message.starts_with("no turn or ending named") {
        return format!("没有名为“{}”的轮次或结局", quoted());
    }
    if message.contains("cannot be reached from the start") {
        return "从开头走不到这里：没有任何去向通往它".into();
    }
    if message.contains("no path ever reaches an ending") {
        return "从这里没有路通往任何结局（死胡同）".into();
    }
    format!("条件有误：{message}")
}

/// Whether a validator problem is a text written in one language only.
fn translation_missing(problem: &Problem, all: &[Problem]) -> bool {
    let Some(field) = problem
        .path
        .strip_suffix("/zh")
        .or_else(|| problem.path.strip_suffix("/en"))
    else {
        return false;
    };
    let untranslated = problem.message.contains("untranslated");
    let missing = problem.message.starts_with("missing ");
    // Both languages missing is an empty field, not a translation.
    let other_missing = all
        .iter()
        .filter(|p| p.path != problem.path && p.message.starts_with("missing "))
        .any(|p| {
            p.path
                .strip_suffix("/zh")
                .or_else(|| p.path.strip_suffix("/en"))
                == Some(field)
        });
    untranslated || (missing && !other_missing)
}

/// The validator's problems, each on its field, in both languages.
pub fn validator_checks(scenario: &Scenario, rules: &RuleSet) -> Vec<Check> {
    let problems = validate(&file_name(scenario), scenario, rules);
    problems
        .iter()
        .map(|p| Check {
            path: p.path.clone(),
            severity: if translation_missing(p, &problems) {
                Severity::Translation
            } else {
                Severity::Error
            },
            message: match &p.issue {
                Some(issue) => issue.message(),
                None => Text::new(chinese(&p.message), p.message.clone()),
            },
        })
        .collect()
}

fn lang_name(lang: Lang) -> Text {
    match lang {
        Lang::Zh => Text::new("中文", "Chinese"),
        Lang::En => Text::new("英文", "English"),
    }
}

fn competency_name(c: Option<Competency>) -> Text {
    match c {
        Some(Competency::Empathy) => Text::new("同理心", "empathy"),
        Some(Competency::Patience) => Text::new("耐心", "patience"),
        Some(Competency::EmotionControl) => Text::new("情绪控制", "emotion control"),
        Some(Competency::Integrity) => Text::new("诚信", "integrity"),
        Some(Competency::Overall) | None => Text::new("总分", "overall"),
    }
}

/// The scorer's judgement of every turn: scores, contradictions, routes.
pub fn scorer_checks(scenario: &Scenario, scorer: &Scorer) -> Vec<Check> {
    let grades: Vec<TurnGrades> = scenario
        .turns
        .iter()
        .map(|turn| grade_turn(scenario, scorer, turn))
        .collect();
    let mut out = Vec::new();
    let label = |id: &str| {
        scorer
            .rules()
            .expectations
            .get(id)
            .map(|e| e.label.clone())
            .unwrap_or_else(|| Text::new(id, id))
    };
    for (t, g) in grades.iter().enumerate() {
        let target = competency_name(g.target);
        for option in &g.options {
            out.push(Check {
                path: format!(
                    "/turns/{t}/options/{}/text/{}",
                    option.index,
                    option.lang.code()
                ),
                severity: Severity::Grade,
                message: Text::new(
                    format!(
                        "总分 {}（{} {}）",
                        option.assessment.overall, target.zh, option.on_target
                    ),
                    format!(
                        "{} overall ({} {})",
                        option.assessment.overall, target.en, option.on_target
                    ),
                ),
            });
        }
        for lang in [Lang::Zh, Lang::En] {
            if let Some(c) = g.contradiction(lang) {
                let l = lang_name(lang);
                out.push(Check {
                    path: format!("/turns/{t}/options/{}", c.good),
                    severity: Severity::Warning,
                    message: Text::new(
                        format!(
                            "矛盾（{}）：这个“好”选项在{}上只得 {}，不高于“差”的选项 {}（{}）。改写它，或换个质量。",
                            l.zh, target.zh, c.good_score, c.bad + 1, c.bad_score
                        ),
                        format!(
                            "Contradiction ({}): this good option scores {} on {}, no more than bad option {} ({}). Rewrite it or change its quality.",
                            l.en, c.good_score, target.en, c.bad + 1, c.bad_score
                        ),
                    ),
                });
            }
        }
        for model in &g.models {
            let l = lang_name(model.lang);
            let path = format!(
                "/turns/{t}/model/{}/text/{}",
                model.index,
                model.lang.code()
            );
            out.push(Check {
                path: path.clone(),
                severity: Severity::Grade,
                message: Text::new(
                    format!("总分 {}", model.overall),
                    format!("{} overall", model.overall),
                ),
            });
            if model.passes() {
                continue;
            }
            let missed: Vec<Text> = model.missed.iter().map(|id| label(id)).collect();
            let (zh_missed, en_missed) = (
                missed
                    .iter()
                    .map(|m| m.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                missed
                    .iter()
                    .map(|m| m.en.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            out.push(Check {
                path,
                severity: Severity::Warning,
                message: if missed.is_empty() {
                    Text::new(
                        format!("参考回复（{}）只得 {} 分，低于 {MODEL_MIN_OVERALL}：学员会照着学，请改得更好。", l.zh, model.overall),
                        format!("This model reply ({}) scores {}, below {MODEL_MIN_OVERALL}: trainees copy it, so make it better.", l.en, model.overall),
                    )
                } else {
                    Text::new(
                        format!("参考回复（{}）没做到本轮自己的期望：{zh_missed}（得分 {}）", l.zh, model.overall),
                        format!("This model reply ({}) misses the turn's own expectations: {en_missed} (scores {})", l.en, model.overall),
                    )
                },
            });
        }
    }
    let routes = routes(scenario, &grades);
    for (t, turn) in scenario.turns.iter().enumerate() {
        if grades[t].options.is_empty() {
            continue;
        }
        if t > 0 && !routes.reached.contains(&t) {
            out.push(Check {
                path: format!("/turns/{t}"),
                severity: Severity::Warning,
                message: Text::new(
                    "按选项走，永远到不了这一轮：给前面某个选项一个会走到这里的行为或分数",
                    "No sequence of authored options reaches this turn: give an earlier option the act or score that leads here",
                ),
            });
        }
        for (i, _) in turn.next.iter().enumerate() {
            if !routes.taken.contains(&(t, i)) {
                out.push(Check {
                    path: format!("/turns/{t}/next/{i}"),
                    severity: Severity::Warning,
                    message: Text::new(
                        "没有哪个选项会走这个去向：写一个会满足这个条件的选项，或改条件",
                        "No authored option takes this transition: write an option that meets its condition, or change the condition",
                    ),
                });
            }
        }
    }
    out
}

/// Every check of a draft: the validator's, then the scorer's.
pub fn live_checks(scenario: &Scenario, scorer: &Scorer) -> Checks {
    let mut items = validator_checks(scenario, scorer.rules());
    items.extend(scorer_checks(scenario, scorer));
    Checks { items }
}
