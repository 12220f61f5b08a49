//! Conditions as a trainer picks them: one kind from a list and a value,
//! instead of writing `"when": {...}`. Each form maps to exactly one
//! condition of the format and back; a condition written by hand that no
//! form covers (several parts at once) is kept as it is ([`ConditionForm::Other`])
//! and shown in words, never lost by opening it in the editor.

use crate::i18n::Text;
use crate::scenario::{kind_name, ActTypes, Condition, Kinds, UNANSWERED};
use crate::scorer::{ActType, Competency};

/// A transition's condition, as the editor's form shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum ConditionForm {
    /// No condition: always taken (the last transition must be this).
    Always,
    /// The reply's overall score is at least this.
    ScoreAtLeast(u8),
    /// The reply's overall score is below this.
    ScoreBelow(u8),
    /// The reply made this act (of this kind, if given).
    Act(ActType, Option<String>),
    /// The reply made no act of this type.
    WithoutAct(ActType),
    /// The reply left the customer's question unanswered.
    Unanswered,
    /// The customer's anger after the reply is at least this.
    AngerAtLeast(u8),
    /// The customer's trust after the reply is at least this.
    TrustAtLeast(u8),
    /// The reply has this finding (a rule id, e.g. `absolute_promise`).
    Finding(String),
    /// Anything else, kept as written.
    Other(Condition),
}

/// The forms offered in the editor's list, in order, with a default value.
pub const CHOICES: [&str; 9] = [
    "always",
    "score_at_least",
    "score_below",
    "act",
    "without_act",
    "unanswered",
    "anger_at_least",
    "trust_at_least",
    "finding",
];

impl ConditionForm {
    /// The form of a transition's `when`.
    pub fn of(when: Option<&Condition>) -> ConditionForm {
        let Some(c) = when else {
            return ConditionForm::Always;
        };
        let only = |form: ConditionForm, probe: Condition| {
            if probe == *c {
                form
            } else {
                ConditionForm::Other(c.clone())
            }
        };
        if let Some(v) = c.overall_at_least {
            return only(
                ConditionForm::ScoreAtLeast(v),
                Self::ScoreAtLeast(v).condition_or_default(),
            );
        }
        if let Some(v) = c.overall_below {
            return only(
                ConditionForm::ScoreBelow(v),
                Self::ScoreBelow(v).condition_or_default(),
            );
        }
        if let Some(act) = c.act {
            let kind = c.kind.as_ref().and_then(|k| match k.0.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            });
            let form = ConditionForm::Act(act, kind);
            return only(form.clone(), form.condition_or_default());
        }
        if let Some(without) = &c.without_act {
            if let [one] = without.0.as_slice() {
                let form = ConditionForm::WithoutAct(*one);
                return only(form.clone(), form.condition_or_default());
            }
        }
        if c.answered == Some(false) {
            return only(
                ConditionForm::Unanswered,
                Self::Unanswered.condition_or_default(),
            );
        }
        if let Some(v) = c.anger_at_least {
            return only(
                ConditionForm::AngerAtLeast(v),
                Self::AngerAtLeast(v).condition_or_default(),
            );
        }
        if let Some(v) = c.trust_at_least {
            return only(
                ConditionForm::TrustAtLeast(v),
                Self::TrustAtLeast(v).condition_or_default(),
            );
        }
        if let Some(f) = &c.finding {
            let form = ConditionForm::Finding(f.clone());
            return only(form.clone(), form.condition_or_default());
        }
        ConditionForm::Other(c.clone())
    }

    /// A form chosen from [`CHOICES`] with its default value.
    pub fn choose(choice: &str) -> ConditionForm {
        match choice {
            "score_at_least" => ConditionForm::ScoreAtLeast(60),
            "score_below" => ConditionForm::ScoreBelow(40),
            "act" => ConditionForm::Act(ActType::Offer, None),
            "without_act" => ConditionForm::WithoutAct(ActType::Apology),
            "unanswered" => ConditionForm::Unanswered,
            "anger_at_least" => ConditionForm::AngerAtLeast(80),
            "trust_at_least" => ConditionForm::TrustAtLeast(60),
            "finding" => ConditionForm::Finding("absolute_promise".into()),
            _ => ConditionForm::Always,
        }
    }

    /// Which entry of [`CHOICES`] this form is (`None` for [`ConditionForm::Other`]).
    pub fn choice(&self) -> Option<&'static str> {
        Some(match self {
            ConditionForm::Always => "always",
            ConditionForm::ScoreAtLeast(_) => "score_at_least",
            ConditionForm::ScoreBelow(_) => "score_below",
            ConditionForm::Act(..) => "act",
            ConditionForm::WithoutAct(_) => "without_act",
            ConditionForm::Unanswered => "unanswered",
            ConditionForm::AngerAtLeast(_) => "anger_at_least",
            ConditionForm::TrustAtLeast(_) => "trust_at_least",
            ConditionForm::Finding(_) => "finding",
            ConditionForm::Other(_) => return None,
        })
    }

    fn condition_or_default(&self) -> Condition {
        self.condition().unwrap_or_default()
    }

    /// The transition's `when` for this form.
    pub fn condition(&self) -> Option<Condition> {
        let mut c = Condition::default();
        match self {
            ConditionForm::Always => return None,
            ConditionForm::ScoreAtLeast(v) => c.overall_at_least = Some(*v),
            ConditionForm::ScoreBelow(v) => c.overall_below = Some(*v),
            ConditionForm::Act(act, kind) => {
                c.act = Some(*act);
                c.kind = kind.clone().map(|k| Kinds(vec![k]));
            }
            ConditionForm::WithoutAct(act) => c.without_act = Some(ActTypes(vec![*act])),
            ConditionForm::Unanswered => c.answered = Some(false),
            ConditionForm::AngerAtLeast(v) => c.anger_at_least = Some(*v),
            ConditionForm::TrustAtLeast(v) => c.trust_at_least = Some(*v),
            ConditionForm::Finding(f) => c.finding = Some(f.clone()),
            ConditionForm::Other(other) => return Some(other.clone()),
        }
        Some(c)
    }

    /// The name of a choice in the list.
    pub fn choice_label(choice: &str) -> Text {
        match choice {
            "always" => Text::new("其他情况（无条件）", "Otherwise (no condition)"),
            "score_at_least" => Text::new("回复总分至少…", "The reply scores at least…"),
            "score_below" => Text::new("回复总分低于…", "The reply scores below…"),
            "act" => Text::new(
                "回复做了某个行为（道歉、补救、承诺…）",
                "The reply does something (apology, offer, promise…)",
            ),
            "without_act" => Text::new("回复没有做某个行为", "The reply does not do something"),
            "unanswered" => Text::new(
                "没有回答顾客的问题",
                "The customer's question is left unanswered",
            ),
            "anger_at_least" => Text::new("顾客怒气至少…", "The customer's anger is at least…"),
            "trust_at_least" => Text::new("顾客信任至少…", "The customer's trust is at least…"),
            "finding" => Text::new("回复犯了某个错误", "The reply makes a particular mistake"),
            _ => Text::new("其他（手写条件）", "Other (written by hand)"),
        }
    }
}

/// An act type in words.
pub fn act_label(act: ActType) -> Text {
    match act {
        ActType::Apology => Text::new("道歉", "an apology"),
        ActType::Offer => Text::new("提出补救", "an offer of a remedy"),
        ActType::Commitment => Text::new("做出承诺", "a commitment"),
        ActType::Question => Text::new("提问", "a question"),
        ActType::Refusal => Text::new("拒绝", "a refusal"),
        ActType::Transfer => Text::new("转交他人", "a hand-over to someone else"),
        ActType::Leak => Text::new("泄露他人信息", "a leak of someone's data"),
        ActType::SideDeal => Text::new("私下交易", "a side deal"),
    }
}

/// An act's kind in words (a remedy, what a question asks for, time or amount).
pub fn kind_label(act: ActType, kind: &str) -> Text {
    match (act, kind) {
        (ActType::Commitment, "time") => Text::new("时间", "a time"),
        (ActType::Commitment, "amount") => Text::new("金额", "an amount"),
        _ => kind_name(act, kind).unwrap_or_else(|| Text::new(kind, kind)),
    }
}

fn competency_label(c: Competency) -> Text {
    match c {
        Competency::Empathy => Text::new("同理心", "empathy"),
        Competency::Patience => Text::new("耐心", "patience"),
        Competency::EmotionControl => Text::new("情绪控制", "emotion control"),
        Competency::Integrity => Text::new("诚信", "integrity"),
        Competency::Overall => Text::new("总分", "overall"),
    }
}

fn join(parts: Vec<Text>) -> Text {
    Text::new(
        parts
            .iter()
            .map(|p| p.zh.as_str())
            .collect::<Vec<_>>()
            .join("，且"),
        parts
            .iter()
            .map(|p| p.en.as_str())
            .collect::<Vec<_>>()
            .join(" and "),
    )
}

/// A condition in words, every part of it: the map's edge labels and the
/// editor's reading of a hand-written condition.
pub fn describe(when: Option<&Condition>) -> Text {
    let Some(c) = when else {
        return Text::new("其他情况", "otherwise");
    };
    let mut parts = Vec::new();
    if let Some(act) = c.required_act() {
        let what = act_label(act);
        let kinds = c.required_kinds().map(|kinds| {
            let names: Vec<Text> = kinds.iter().map(|k| kind_label(act, k)).collect();
            Text::new(
                names
                    .iter()
                    .map(|n| n.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("或"),
                names
                    .iter()
                    .map(|n| n.en.as_str())
                    .collect::<Vec<_>>()
                    .join(" or "),
            )
        });
        parts.push(match kinds {
            Some(k) => Text::new(
                format!("{}（{}）", what.zh, k.zh),
                format!("{} ({})", what.en, k.en),
            ),
            None => Text::new(what.zh.clone(), what.en.clone()),
        });
    }
    if let Some(m) = c.minutes_at_most {
        parts.push(Text::new(format!("{m} 分钟内"), format!("within {m} min")));
    }
    if let Some(m) = c.minutes_above {
        parts.push(Text::new(
            format!("超过 {m} 分钟"),
            format!("more than {m} min"),
        ));
    }
    if let Some(without) = &c.without_act {
        for act in &without.0 {
            let a = act_label(*act);
            parts.push(Text::new(
                format!("没有{}", a.zh),
                format!(
                    "no {}",
                    a.en.trim_start_matches("an ").trim_start_matches("a ")
                ),
            ));
        }
    }
    match c.answered {
        Some(true) => parts.push(Text::new("回答了问题", "question answered")),
        Some(false) => parts.push(Text::new("没回答问题", "question unanswered")),
        None => {}
    }
    if let Some(v) = c.overall_at_least {
        parts.push(Text::new(format!("总分 ≥ {v}"), format!("score ≥ {v}")));
    }
    if let Some(v) = c.overall_below {
        parts.push(Text::new(format!("总分 < {v}"), format!("score < {v}")));
    }
    for (comp, v) in &c.at_least {
        let l = competency_label(*comp);
        parts.push(Text::new(
            format!("{} ≥ {v}", l.zh),
            format!("{} ≥ {v}", l.en),
        ));
    }
    for (comp, v) in &c.below {
        let l = competency_label(*comp);
        parts.push(Text::new(
            format!("{} < {v}", l.zh),
            format!("{} < {v}", l.en),
        ));
    }
    if let Some(f) = &c.finding {
        if f == UNANSWERED {
            parts.push(Text::new("没回答问题", "question unanswered"));
        } else {
            parts.push(Text::new(format!("犯了“{f}”"), format!("makes \"{f}\"")));
        }
    }
    if let Some(f) = &c.without_finding {
        parts.push(Text::new(format!("没有“{f}”"), format!("without \"{f}\"")));
    }
    if let Some(v) = c.anger_at_least {
        parts.push(Text::new(format!("怒气 ≥ {v}"), format!("anger ≥ {v}")));
    }
    if let Some(v) = c.anger_below {
        parts.push(Text::new(format!("怒气 < {v}"), format!("anger < {v}")));
    }
    if let Some(v) = c.trust_at_least {
        parts.push(Text::new(format!("信任 ≥ {v}"), format!("trust ≥ {v}")));
    }
    if let Some(v) = c.trust_below {
        parts.push(Text::new(format!("信任 < {v}"), format!("trust < {v}")));
    }
    if parts.is_empty() {
        return Text::new("其他情况", "otherwise");
    }
    join(parts)
}
