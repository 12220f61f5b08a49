//! Measuring act extraction against replies labelled blind
//! (`tests/eval/acts-*.jsonl`): precision and recall per act type, where an
//! extracted act is right when the labels hold the same act (and, for
//! offers, questions and commitments, the same kind).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::scorer::{ActType, Scorer};

#[derive(Clone, Debug, Deserialize)]
pub struct LabelledReply {
    pub id: String,
    pub lang: String,
    #[serde(default)]
    pub customer: String,
    pub reply: String,
    pub acts: Vec<Label>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Label {
    pub act: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub asks_for: Option<String>,
}

/// (act, kind) as compared: kinds count for offers, questions and commitments.
fn key(act: &str, kind: Option<&str>) -> (String, String) {
    let kind = match act {
        "offer" | "question" | "commitment" => kind.unwrap_or("").to_string(),
        _ => String::new(),
    };
    (act.to_string(), kind)
}

/// True and false positives and misses for one act type.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub hit: usize,
    pub extra: usize,
    pub missed: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        let n = self.hit + self.extra;
        if n == 0 {
            1.0
        } else {
            self.hit as f64 / n as f64
        }
    }
    pub fn recall(&self) -> f64 {
        let n = self.hit + self.missed;
        if n == 0 {
            1.0
        } else {
            self.hit as f64 / n as f64
        }
    }
}

pub fn parse(source: &str, name: &str) -> Result<Vec<LabelledReply>, String> {
    super::json_lines(source, name)
}

/// Per act type, with a list of mistakes.
pub fn measure(
    scorer: &Scorer,
    replies: &[LabelledReply],
) -> (BTreeMap<String, Counts>, Vec<String>) {
    let mut counts: BTreeMap<String, Counts> = ActType::ALL
        .iter()
        .map(|a| (a.id().to_string(), Counts::default()))
        .collect();
    let mut mistakes = Vec::new();
    for r in replies {
        let mut gold: Vec<(String, String)> = r
            .acts
            .iter()
            .map(|l| key(&l.act, l.kind.as_deref().or(l.asks_for.as_deref())))
            .collect();
        gold.sort();
        gold.dedup();
        let mut got: Vec<(String, String)> = scorer
            .acts(&r.reply)
            .iter()
            .map(|a| key(a.act.id(), a.kind.as_deref()))
            .collect();
        got.sort();
        got.dedup();
        for g in &got {
            let c = counts.entry(g.0.clone()).or_default();
            if gold.contains(g) {
                c.hit += 1;
            } else {
                c.extra += 1;
                mistakes.push(format!("{} extra {}:{}  | {}", r.id, g.0, g.1, r.reply));
            }
        }
        for g in gold.iter().filter(|g| !got.contains(g)) {
            counts.entry(g.0.clone()).or_default().missed += 1;
            mistakes.push(format!("{} missed {}:{}  | {}", r.id, g.0, g.1, r.reply));
        }
    }
    (counts, mistakes)
}

pub fn report(counts: &BTreeMap<String, Counts>) -> String {
    let mut out = String::new();
    for (act, c) in counts {
        let _ = writeln!(
            out,
            "  {act:<12} precision {:>5.1}%  recall {:>5.1}%  ({} right, {} extra, {} missed)",
            c.precision() * 100.0,
            c.recall() * 100.0,
            c.hit,
            c.extra,
            c.missed
        );
    }
    out
}
