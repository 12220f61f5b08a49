//! The one validator of policy files, shared by the browser and `dojo
//! validate`: every problem with its JSON pointer and a zh/en message.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::i18n::Text;
use crate::scorer::{Competency, RuleSet};
use crate::text::normalize;

use super::{Kind, Policy, POLICY_FORMAT, POLICY_VERSION};

/// A policy file (a few KB in practice).
pub const MAX_POLICY_BYTES: usize = 64_000;
const MAX_ITEMS: usize = 200;
const MAX_PHRASES: usize = 30;
const MAX_PHRASE_CHARS: usize = 60;
const MIN_PHRASE_CHARS: usize = 2;
const MAX_TEXT_CHARS: usize = 300;
const MAX_ID_CHARS: usize = 60;

/// One thing wrong with a policy file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyProblem {
    pub file: String,
    /// A JSON pointer, or `line:column` for a syntax error.
    pub path: String,
    pub message: Text,
}

impl fmt::Display for PolicyProblem {
    /// In English, like the scenario validator's lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message.en)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message.en)
        }
    }
}

/// Top-level fields that would switch built-in rules off: refused with a
/// message of their own (not as an unknown field), since the point of the
/// refusal is the rule, not the spelling.
fn removes_rules(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "disable", "remove", "override", "ignore", "exclude", "suppress", "rules",
    ]
    .iter()
    .any(|w| key.contains(w))
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 80 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(80).collect::<String>())
    }
}

/// Read and check a policy file. Never panics, whatever the input.
pub fn load(file: &str, source: &str) -> Result<Policy, Vec<PolicyProblem>> {
    let problem = |path: &str, message: Text| PolicyProblem {
        file: file.to_string(),
        path: path.to_string(),
        message,
    };
    if source.len() > MAX_POLICY_BYTES {
        return Err(vec![problem(
            "",
            Text::new(
                format!(
                    "文件太大（{} KB），政策文件的上限是 {} KB，未读取。",
                    source.len() / 1000,
                    MAX_POLICY_BYTES / 1000
                ),
                format!(
                    "the file is too large ({} KB; a policy file may have {} KB) and was not read",
                    source.len() / 1000,
                    MAX_POLICY_BYTES / 1000
                ),
            ),
        )]);
    }
    let source = source.trim_start_matches('\u{FEFF}');
    let value: Value = serde_json::from_str(source).map_err(|e| {
        vec![problem(
            &format!("{}:{}", e.line(), e.column()),
            Text::new("不是有效的 JSON", "not valid JSON"),
        )]
    })?;
    let Some(object) = value.as_object() else {
        return Err(vec![problem(
            "/",
            Text::new(
                "政策文件必须是一个 JSON 对象",
                "a policy must be a JSON object",
            ),
        )]);
    };
    let removing: Vec<PolicyProblem> = object
        .keys()
        .filter(|k| removes_rules(k))
        .map(|k| {
            problem(
                &format!("/{}", shorten(k)),
                Text::new(
                    "政策不能关闭或删除内置规则：内置规则是基础，政策只能在其上增加。请改用“禁止的说法”或“希望的说法”。",
                    "a policy cannot switch off or remove built-in rules: they are the base and a policy only adds to them. Use forbidden or wanted phrases instead.",
                ),
            )
        })
        .collect();
    if !removing.is_empty() {
        return Err(removing);
    }
    if object.get("format").and_then(Value::as_str) != Some(POLICY_FORMAT) {
        return Err(vec![problem(
            "/format",
            Text::new(
                format!("不是政策文件（format 应为“{POLICY_FORMAT}”）"),
                format!("not a policy file (format must be \"{POLICY_FORMAT}\")"),
            ),
        )]);
    }
    let policy: Policy = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            path.push('/');
            match segment {
                Segment::Seq { index } => path.push_str(&index.to_string()),
                Segment::Map { key } => path.push_str(&shorten(key)),
                Segment::Enum { variant } => path.push_str(variant),
                Segment::Unknown => path.push('?'),
            }
        }
        let detail = e.inner().to_string();
        let detail = detail
            .rfind(" at line ")
            .map_or(detail.as_str(), |at| &detail[..at]);
        vec![problem(
            if path.is_empty() { "/" } else { &path },
            Text::new(
                format!("结构不对：{}", shorten(detail)),
                format!("wrong shape: {}", shorten(detail)),
            ),
        )]
    })?;
    let problems = check(file, &policy, RuleSet::builtin());
    if problems.is_empty() {
        Ok(policy)
    } else {
        Err(problems)
    }
}

fn check_text(text: &Text, path: &str, out: &mut Vec<(String, Text)>) {
    if text.zh.trim().is_empty() && text.en.trim().is_empty() {
        out.push((path.into(), Text::new("不能为空", "must not be empty")));
    }
    if text.zh.chars().count() > MAX_TEXT_CHARS || text.en.chars().count() > MAX_TEXT_CHARS {
        out.push((
            path.into(),
            Text::new(
                format!("太长（上限 {MAX_TEXT_CHARS} 个字符）"),
                format!("too long (at most {MAX_TEXT_CHARS} characters)"),
            ),
        ));
    }
}

/// The built-in phrase rules that cost points, by normalised plain phrase.
fn penalised(rules: &RuleSet) -> Vec<(String, &str)> {
    rules
        .rules
        .iter()
        .filter(|r| r.points.values().any(|&p| p < 0))
        .flat_map(|r| {
            r.phrases
                .iter()
                .filter(|p| !p.contains(['{', '*']))
                .map(move |p| (normalize(p), r.id.as_str()))
        })
        .collect()
}

fn check(file: &str, policy: &Policy, rules: &RuleSet) -> Vec<PolicyProblem> {
    let mut out: Vec<(String, Text)> = Vec::new();
    if policy.version > POLICY_VERSION {
        out.push((
            "/version".into(),
            Text::new(
                format!("来自更新的版本（v{}）", policy.version),
                format!("written by a newer version (v{})", policy.version),
            ),
        ));
    }
    check_text(&policy.name, "/name", &mut out);
    let total: usize = Kind::ALL.iter().map(|&k| policy.list(k).len()).sum();
    if total > MAX_ITEMS {
        out.push((
            "/".into(),
            Text::new(
                format!("条目太多（{total} 条，上限 {MAX_ITEMS}）"),
                format!("too many items ({total}; at most {MAX_ITEMS})"),
            ),
        ));
    }
    let penalised = penalised(rules);
    let mut ids = BTreeSet::new();
    for kind in Kind::ALL {
        for (index, item) in policy.list(kind).iter().enumerate() {
            let at = format!("/{}/{index}", kind.field());
            let slug = !item.id.is_empty()
                && item.id.chars().count() <= MAX_ID_CHARS
                && item
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !slug {
                out.push((
                    format!("{at}/id"),
                    Text::new(
                        format!("id 只能用小写字母、数字和“-”（最多 {MAX_ID_CHARS} 个）"),
                        format!(
                            "use lower-case letters, digits and '-' only (at most {MAX_ID_CHARS})"
                        ),
                    ),
                ));
            } else if !ids.insert(item.id.clone()) {
                out.push((
                    format!("{at}/id"),
                    Text::new(
                        format!("id“{}”已被使用", item.id),
                        format!("id \"{}\" is already used", item.id),
                    ),
                ));
            }
            check_text(&item.line, &format!("{at}/line"), &mut out);
            check_text(&item.message, &format!("{at}/message"), &mut out);
            let range = kind.points_range();
            if !range.contains(&item.points) {
                out.push((
                    format!("{at}/points"),
                    Text::new(
                        format!("分值应在 {} 到 {} 之间", range.start(), range.end()),
                        format!(
                            "points must be between {} and {}",
                            range.start(),
                            range.end()
                        ),
                    ),
                ));
            }
            if item.competency == Competency::Overall {
                out.push((
                    format!("{at}/competency"),
                    Text::new(
                        "请选择四项能力之一（不能是总分）",
                        "choose one of the four competencies (not overall)",
                    ),
                ));
            }
            if item.phrases.is_empty() || item.phrases.len() > MAX_PHRASES {
                out.push((
                    format!("{at}/phrases"),
                    Text::new(
                        format!("需要 1 到 {MAX_PHRASES} 个说法"),
                        format!("give 1 to {MAX_PHRASES} phrases"),
                    ),
                ));
            }
            let mut seen = BTreeSet::new();
            for (p, phrase) in item.phrases.iter().enumerate() {
                let path = format!("{at}/phrases/{p}");
                let plain = normalize(phrase.trim());
                let length = plain.chars().count();
                if !(MIN_PHRASE_CHARS..=MAX_PHRASE_CHARS).contains(&length) {
                    out.push((
                        path,
                        Text::new(
                            format!("说法应有 {MIN_PHRASE_CHARS} 到 {MAX_PHRASE_CHARS} 个字符"),
                            format!(
                                "a phrase has {MIN_PHRASE_CHARS} to {MAX_PHRASE_CHARS} characters"
                            ),
                        ),
                    ));
                    continue;
                }
                if !seen.insert(plain.clone()) {
                    out.push((
                        path,
                        Text::new(
                            format!("说法“{}”重复了", shorten(phrase)),
                            format!("the phrase \"{}\" is given twice", shorten(phrase)),
                        ),
                    ));
                    continue;
                }
                if kind == Kind::Forbidden {
                    continue;
                }
                if let Some((_, rule)) = penalised.iter().find(|(p, _)| *p == plain) {
                    let (zh, en) = match kind {
                        Kind::Wanted => ("奖励", "reward"),
                        _ => ("免除", "excuse"),
                    };
                    out.push((
                        path,
                        Text::new(
                            format!("说法“{}”正是内置规则 {rule} 扣分的说法：政策不能{zh}它（内置规则是基础）。请写得更具体，例如加上“会员”。", shorten(phrase)),
                            format!("\"{}\" is exactly what the built-in rule {rule} penalises: a policy cannot {en} it (the built-in rules are the base). Make the phrase specific to the offer, e.g. name the membership.", shorten(phrase)),
                        ),
                    ));
                }
            }
        }
    }
    out.into_iter()
        .map(|(path, message)| PolicyProblem {
            file: file.to_string(),
            path,
            message,
        })
        .collect()
}
