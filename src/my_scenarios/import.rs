//! Importing scenario files into My scenarios: each file is bounded in size,
//! read by the shared loader (the same code as `dojo validate`), and sorted
//! into ready (a new id), conflicts (an id already in the library: the
//! trainer is asked before it is replaced) and refused (named with its
//! problem). One broken file never stops the rest.

use std::collections::BTreeMap;

use crate::i18n::Text;
use crate::scenario::{load, Problem, Scenario};

use super::MyScenarios;

/// One scenario file (the built-in ones are 20–60 KB).
pub const MAX_SCENARIO_BYTES: usize = 256_000;
/// Files in one import.
pub const MAX_FILES: usize = 200;
/// Problems listed per refused file (the rest are counted).
const SHOWN_PROBLEMS: usize = 5;
/// A problem's text as shown (a hostile file can make parser messages long).
const MAX_MESSAGE_CHARS: usize = 300;

/// Why a file was not imported.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    /// Larger than [`MAX_SCENARIO_BYTES`]: not read at all.
    TooLarge { size: usize, limit: usize },
    /// The validator's problems.
    Problems(Vec<Problem>),
    /// The id of a built-in scenario: it would hide it.
    BuiltinId(String),
    /// The same id as an earlier file of the same import.
    SameIdTwice { id: String, first: String },
    /// Past [`MAX_FILES`] in one import.
    TooMany { limit: usize },
}

impl Refused {
    pub fn message(&self) -> Text {
        match self {
            Refused::TooLarge { size, limit } => Text::new(
                format!("文件太大（{} KB），上限是 {} KB，未读取。", size / 1000, limit / 1000),
                format!("The file is too large ({} KB; the limit is {} KB) and was not read.", size / 1000, limit / 1000),
            ),
            Refused::Problems(problems) => {
                let mut lines: Vec<String> = problems
                    .iter()
                    .take(SHOWN_PROBLEMS)
                    .map(|p| {
                        let text = if p.path.is_empty() {
                            p.message.clone()
                        } else {
                            format!("{}: {}", p.path, p.message)
                        };
                        shorten(&text)
                    })
                    .collect();
                let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
                let list = lines.join("; ");
                lines.clear();
                if more > 0 {
                    Text::new(
                        format!("场景有错误：{list}；另有 {more} 处。"),
                        format!("The scenario has problems: {list}; and {more} more."),
                    )
                } else {
                    Text::new(
                        format!("场景有错误：{list}"),
                        format!("The scenario has problems: {list}"),
                    )
                }
            }
            Refused::BuiltinId(id) => Text::new(
                format!("id “{}”是内置场景的 id。请改一个 id 再导入（可以用“复制”来改编内置场景）。", shorten(id)),
                format!("The id “{}” belongs to a built-in scenario. Give it another id before importing (use “Duplicate” to adapt a built-in one).", shorten(id)),
            ),
            Refused::SameIdTwice { id, first } => Text::new(
                format!("id “{}”已由本次导入的 {} 使用。", shorten(id), shorten(first)),
                format!("The id “{}” is already used by {} in this import.", shorten(id), shorten(first)),
            ),
            Refused::TooMany { limit } => Text::new(
                format!("一次最多导入 {limit} 个文件，其余的没有读取。"),
                format!("At most {limit} files are imported at once; the rest were not read."),
            ),
        }
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_MESSAGE_CHARS {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
        format!("{cut}…")
    }
}

/// What an import found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Valid, with an id not yet in the library: added at once.
    pub ready: Vec<Scenario>,
    /// Valid, with an id already in the library: replaced only if the trainer says so.
    pub conflicts: Vec<Scenario>,
    /// (file name, why).
    pub refused: Vec<(String, Refused)>,
}

/// Read one file: bounded, then the shared loader.
pub fn read_file(name: &str, text: &str) -> Result<Scenario, Refused> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(Refused::TooLarge {
            size: text.len(),
            limit: MAX_SCENARIO_BYTES,
        });
    }
    let text = text.trim_start_matches('\u{FEFF}');
    load(name, text).map_err(Refused::Problems)
}

/// Sort files (name, text) into ready, conflicts and refused. `builtin`
/// says whether an id is a built-in scenario's.
pub fn import(
    files: &[(String, String)],
    library: &MyScenarios,
    builtin: &dyn Fn(&str) -> bool,
) -> Imported {
    let mut out = Imported::default();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (index, (name, text)) in files.iter().enumerate() {
        if index >= MAX_FILES {
            out.refused
                .push((name.clone(), Refused::TooMany { limit: MAX_FILES }));
            break;
        }
        let scenario = match read_file(name, text) {
            Ok(s) => s,
            Err(why) => {
                out.refused.push((name.clone(), why));
                continue;
            }
        };
        if builtin(&scenario.id) {
            out.refused
                .push((name.clone(), Refused::BuiltinId(scenario.id.clone())));
            continue;
        }
        if let Some(first) = seen.insert(scenario.id.clone(), name.clone()) {
            out.refused.push((
                name.clone(),
                Refused::SameIdTwice {
                    id: scenario.id.clone(),
                    first,
                },
            ));
            continue;
        }
        if library.contains(&scenario.id) {
            out.conflicts.push(scenario);
        } else {
            out.ready.push(scenario);
        }
    }
    out
}
