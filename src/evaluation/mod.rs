//! Measuring the scorer against graded replies written blind (`tests/eval/`):
//! pairs (the better reply must score higher on the named competency) and
//! bands (a reply's score must fall in the trainer's range). Figures are
//! broken down by script (English, simplified and traditional Chinese), by
//! competency and by the family of misjudgement the item tests.
//!
//! The split is by writer: `train` may be used to tune rules, `dev` is
//! checked by `cargo test`, `test` is frozen and only reported
//! (`dojo eval tests/eval/test.jsonl`), never used to change a rule.

pub mod acts;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::scorer::{Competency, ScoreRequest, Scorer};

/// One graded item.
#[derive(Clone, Debug, Deserialize)]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    pub competency: String,
    pub archetype: String,
    pub lang: String,
    pub script: String,
    #[serde(default)]
    pub family: String,
    pub customer: String,
    #[serde(default)]
    pub better: String,
    #[serde(default)]
    pub worse: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub min: u8,
    #[serde(default = "hundred")]
    pub max: u8,
    #[serde(default)]
    pub note: String,
}

fn hundred() -> u8 {
    100
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Pair,
    Band,
}

/// One item's outcome.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub item: Item,
    pub correct: bool,
    /// Pair: (better, worse) scores; band: (score, score).
    pub scores: (u8, u8),
}

/// Reads JSON Lines of items; a bad line is an error naming it.
pub fn parse(source: &str, name: &str) -> Result<Vec<Item>, String> {
    json_lines(source, name)
}

/// JSON Lines, blank lines skipped; a bad line is an error naming file and line.
pub fn json_lines<T: serde::de::DeserializeOwned>(
    source: &str,
    name: &str,
) -> Result<Vec<T>, String> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("{name}:{}: {e}", n + 1)))
        .collect()
}

fn score(scorer: &Scorer, item: &Item, reply: &str, competency: Competency) -> u8 {
    scorer
        .score(&ScoreRequest {
            customer: &item.customer,
            reply,
            archetype: Some(&item.archetype),
            ..Default::default()
        })
        .score(competency)
}

pub fn run(scorer: &Scorer, items: &[Item]) -> Vec<Outcome> {
    items
        .iter()
        .map(|item| {
            let competency = Competency::parse(&item.competency).unwrap_or(Competency::Overall);
            match item.kind {
                ItemKind::Pair => {
                    let better = score(scorer, item, &item.better, competency);
                    let worse = score(scorer, item, &item.worse, competency);
                    Outcome {
                        item: item.clone(),
                        correct: better > worse,
                        scores: (better, worse),
                    }
                }
                ItemKind::Band => {
                    let s = score(scorer, item, &item.reply, competency);
                    Outcome {
                        item: item.clone(),
                        correct: (item.min..=item.max).contains(&s),
                        scores: (s, s),
                    }
                }
            }
        })
        .collect()
}

/// Correct and total.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub correct: usize,
    pub total: usize,
}

impl Tally {
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            f64::NAN
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// Tallies of pairs and bands, by a grouping key.
pub fn tally_by(
    outcomes: &[Outcome],
    kind: ItemKind,
    key: impl Fn(&Item) -> String,
) -> BTreeMap<String, Tally> {
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.item.kind == kind) {
        let t = out.entry(key(&o.item)).or_default();
        t.total += 1;
        t.correct += o.correct as usize;
    }
    out
}

pub fn total(outcomes: &[Outcome], kind: ItemKind) -> Tally {
    tally_by(outcomes, kind, |_| String::new())
        .remove("")
        .unwrap_or_default()
}

/// A plain-text report: totals, then per script, competency and family.
pub fn report(outcomes: &[Outcome], show_wrong: bool) -> String {
    let mut out = String::new();
    let line = |out: &mut String, label: &str, pairs: Option<&Tally>, bands: Option<&Tally>| {
        let fmt = |t: Option<&Tally>| match t {
            Some(t) if t.total > 0 => format!(
                "{:>5.1}% ({:>3}/{:<3})",
                t.rate() * 100.0,
                t.correct,
                t.total
            ),
            _ => format!("{:>17}", "–"),
        };
        let _ = writeln!(
            out,
            "  {label:<20} pairs {}   bands {}",
            fmt(pairs),
            fmt(bands)
        );
    };
    let pairs = total(outcomes, ItemKind::Pair);
    let bands = total(outcomes, ItemKind::Band);
    line(&mut out, "all", Some(&pairs), Some(&bands));
    type Key = fn(&Item) -> String;
    let groupings: [(&str, Key); 4] = [
        ("by script", |i| i.script.clone()),
        ("by competency", |i| i.competency.clone()),
        ("by family", |i| i.family.clone()),
        ("by archetype", |i| i.archetype.clone()),
    ];
    for (title, key) in groupings {
        let _ = writeln!(out, "{title}:");
        let p = tally_by(outcomes, ItemKind::Pair, key);
        let b = tally_by(outcomes, ItemKind::Band, key);
        let mut keys: Vec<&String> = p.keys().chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            line(&mut out, k, p.get(k), b.get(k));
        }
    }
    if show_wrong {
        let _ = writeln!(out, "disagreements:");
        for o in outcomes.iter().filter(|o| !o.correct) {
            let i = &o.item;
            match i.kind {
                ItemKind::Pair => {
                    let _ = writeln!(
                        out,
                        "  {} [{} {} {}] better {} <= worse {}\n    C: {}\n    +: {}\n    -: {}",
                        i.id,
                        i.competency,
                        i.family,
                        i.script,
                        o.scores.0,
                        o.scores.1,
                        i.customer,
                        i.better,
                        i.worse
                    );
                }
                ItemKind::Band => {
                    let _ = writeln!(
                        out,
                        "  {} [{} {} {}] {} not in {}..{}\n    C: {}\n    R: {}",
                        i.id,
                        i.competency,
                        i.family,
                        i.script,
                        o.scores.0,
                        i.min,
                        i.max,
                        i.customer,
                        i.reply
                    );
                }
            }
        }
    }
    out
}
