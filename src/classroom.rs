//! Classroom mode without a server: exercise packs shared as a file or a link,
//! results files (with a checksum) handed back to the trainer, and the class
//! dashboard's figures. Pure data and arithmetic, tested natively.

use std::collections::{BTreeMap, BTreeSet};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::i18n::Text;
use crate::progress::{Mode, SessionRecord};
use crate::scenario::Library;
use crate::scorer::{Competency, Scores};

pub const PACK_FORMAT: &str = "service-dojo-pack";
pub const RESULTS_FORMAT: &str = "service-dojo-results";
pub const CLASSROOM_VERSION: u32 = 1;

/// A trainer's exercise: which scenarios, in which order, under which rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub scenarios: Vec<String>,
    pub mode: Mode,
    pub beginner: bool,
    /// Seconds allowed per reply (overrides the scenario's own timer).
    #[serde(default)]
    pub reply_seconds: Option<u32>,
    /// Pass mark per competency (0–100).
    pub pass: BTreeMap<Competency, u8>,
}

impl Pack {
    pub fn new(
        name: &str,
        scenarios: Vec<String>,
        mode: Mode,
        beginner: bool,
        reply_seconds: Option<u32>,
        pass: BTreeMap<Competency, u8>,
    ) -> Pack {
        Pack {
            format: PACK_FORMAT.into(),
            version: CLASSROOM_VERSION,
            name: name.trim().to_string(),
            scenarios,
            mode,
            beginner,
            reply_seconds,
            pass,
        }
    }

    /// A short id derived from the content: results name the pack they belong to.
    pub fn id(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        hex(&Sha256::digest(json.as_bytes()))[..12].to_string()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The pack as URL-safe text, to travel in a link's fragment.
    pub fn to_code(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_string(self).unwrap_or_default())
    }

    /// Read a pack from a file's text or a link code, checking it against the library.
    pub fn parse(text: &str, library: &Library) -> Result<Pack, Text> {
        let text = text.trim();
        let json = if text.starts_with('{') {
            text.to_string()
        } else {
            let bytes = URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|_| {
                    Text::new(
                        "练习包代码已损坏",
                        "the pack code is damaged (not valid base64)",
                    )
                })?;
            String::from_utf8(bytes)
                .map_err(|_| Text::new("练习包代码已损坏", "the pack code is damaged"))?
        };
        let pack: Pack = serde_json::from_str(&json)
            .map_err(|e| Text::new(format!("不是练习包：{e}"), format!("not a pack: {e}")))?;
        if pack.format != PACK_FORMAT {
            return Err(Text::new(
                "这不是客服陪练场的练习包",
                "this is not a Service Dojo exercise pack",
            ));
        }
        if pack.version > CLASSROOM_VERSION {
            return Err(Text::new(
                format!("练习包来自更新的版本（v{}）", pack.version),
                format!("the pack comes from a newer version (v{})", pack.version),
            ));
        }
        if pack.scenarios.is_empty() {
            return Err(Text::new("练习包里没有场景", "the pack has no scenarios"));
        }
        let unknown: Vec<&String> = pack
            .scenarios
            .iter()
            .filter(|id| library.get(id).is_none())
            .collect();
        if !unknown.is_empty() {
            return Err(Text::new(
                format!("练习包里有本版本没有的场景：{unknown:?}"),
                format!("the pack names scenarios this version does not have: {unknown:?}"),
            ));
        }
        Ok(pack)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One trainee's results for a pack, handed to the trainer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub format: String,
    pub version: u32,
    pub trainee: String,
    pub pack: Pack,
    pub pack_id: String,
    pub finished_ms: f64,
    pub sessions: Vec<SessionRecord>,
    /// SHA-256 of everything else: detects accidental edits and damage, not a determined cheat.
    pub checksum: String,
}

#[derive(Serialize)]
struct Checked<'a> {
    format: &'a str,
    version: u32,
    trainee: &'a str,
    pack: &'a Pack,
    pack_id: &'a str,
    finished_ms: f64,
    sessions: &'a [SessionRecord],
}

impl Results {
    pub fn new(
        trainee: &str,
        pack: &Pack,
        sessions: Vec<SessionRecord>,
        finished_ms: f64,
    ) -> Results {
        let mut results = Results {
            format: RESULTS_FORMAT.into(),
            version: CLASSROOM_VERSION,
            trainee: trainee.trim().to_string(),
            pack: pack.clone(),
            pack_id: pack.id(),
            finished_ms,
            sessions,
            checksum: String::new(),
        };
        results.checksum = results.compute_checksum();
        results
    }

    fn compute_checksum(&self) -> String {
        let checked = Checked {
            format: &self.format,
            version: self.version,
            trainee: &self.trainee,
            pack: &self.pack,
            pack_id: &self.pack_id,
            finished_ms: self.finished_ms,
            sessions: &self.sessions,
        };
        hex(&Sha256::digest(
            serde_json::to_string(&checked)
                .unwrap_or_default()
                .as_bytes(),
        ))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The same results as one line of text, for when files are awkward.
    pub fn to_code(&self) -> String {
        format!("DOJO1:{}", URL_SAFE_NO_PAD.encode(self.to_json()))
    }

    /// Read a results file or code; damage and edits are detected by the checksum.
    pub fn parse(text: &str) -> Result<Results, Text> {
        let text = text.trim();
        let json = match text.strip_prefix("DOJO1:") {
            Some(code) => {
                let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
                let bytes = URL_SAFE_NO_PAD
                    .decode(compact.trim_end_matches('='))
                    .map_err(|_| Text::new("结果码已损坏", "the results code is damaged"))?;
                String::from_utf8(bytes)
                    .map_err(|_| Text::new("结果码已损坏", "the results code is damaged"))?
            }
            None => text.to_string(),
        };
        let results: Results = serde_json::from_str(&json).map_err(|e| {
            Text::new(
                format!("不是结果文件（{e}）"),
                format!("not a results file ({e})"),
            )
        })?;
        if results.format != RESULTS_FORMAT {
            return Err(Text::new(
                "这不是客服陪练场的结果文件",
                "this is not a Service Dojo results file",
            ));
        }
        if results.version > CLASSROOM_VERSION {
            return Err(Text::new(
                format!("来自更新的版本（v{}）", results.version),
                format!("written by a newer version (v{})", results.version),
            ));
        }
        if results.checksum != results.compute_checksum() || results.pack_id != results.pack.id() {
            return Err(Text::new(
                "校验和不符：文件被改动或已损坏",
                "the checksum does not match: the file was edited or damaged",
            ));
        }
        Ok(results)
    }

    /// Mean scores over the pack's sessions.
    pub fn average(&self) -> Scores {
        crate::engine::average(self.sessions.iter().map(|s| &s.scores)).unwrap_or_default()
    }
}

/// Why a results file was left out of the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub file: String,
    pub reason: Text,
}

/// A competency's figures across the class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub std_dev: f64,
    pub min: u8,
    pub max: u8,
}

/// A finding that came up often: how many trainees had it at which turn.
#[derive(Clone, Debug, PartialEq)]
pub struct Frequent {
    pub rule: String,
    pub scenario: String,
    pub turn: String,
    pub trainees: usize,
    pub share: f64,
    pub message: Text,
    pub section: String,
    /// (trainee, reply) pairs, for drilling down.
    pub replies: Vec<(String, String)>,
}

/// The class: the results that were accepted, and those that were not.
#[derive(Clone, Debug, Default)]
pub struct Class {
    pub pack: Option<Pack>,
    pub results: Vec<Results>,
    pub rejected: Vec<Rejected>,
}

impl Class {
    /// Add one file; it is rejected (with a reason) if broken, edited, from
    /// another pack, or a duplicate.
    pub fn add(&mut self, file: &str, text: &str) -> bool {
        let reject = |reason: Text| Rejected {
            file: file.to_string(),
            reason,
        };
        let results = match Results::parse(text) {
            Ok(results) => results,
            Err(e) => {
                self.rejected.push(reject(Text::new(
                    format!("无法读取：{}", e.zh),
                    format!("cannot be read: {}", e.en),
                )));
                return false;
            }
        };
        if let Some(pack) = &self.pack {
            if pack.id() != results.pack_id {
                self.rejected.push(reject(Text::new(
                    format!(
                        "属于另一个练习包“{}”，不是“{}”",
                        results.pack.name, pack.name
                    ),
                    format!(
                        "belongs to another pack (“{}”, not “{}”)",
                        results.pack.name, pack.name
                    ),
                )));
                return false;
            }
        }
        if self.results.iter().any(|r| r.checksum == results.checksum) {
            self.rejected.push(reject(Text::new(
                "重复的文件，已经导入过",
                "a duplicate of a file already imported",
            )));
            return false;
        }
        if self.results.iter().any(|r| r.trainee == results.trainee) {
            self.rejected.push(reject(Text::new(
                format!("“{}”的结果已经导入过", results.trainee),
                format!("results for “{}” were already imported", results.trainee),
            )));
            return false;
        }
        if self.pack.is_none() {
            self.pack = Some(results.pack.clone());
        }
        self.results.push(results);
        self.results.sort_by(|a, b| a.trainee.cmp(&b.trainee));
        true
    }

    /// Pass or fail per competency for one trainee.
    pub fn passes(&self, results: &Results) -> BTreeMap<Competency, bool> {
        let average = results.average();
        let marks = self
            .pack
            .as_ref()
            .map(|p| p.pass.clone())
            .unwrap_or_default();
        Competency::FOUR
            .iter()
            .map(|&c| (c, average.get(c) >= marks.get(&c).copied().unwrap_or(0)))
            .collect()
    }

    pub fn spread(&self, competency: Competency) -> Option<Spread> {
        let values: Vec<u8> = self
            .results
            .iter()
            .map(|r| r.average().get(competency))
            .collect();
        if values.is_empty() {
            return None;
        }
        let n = values.len() as f64;
        let mean = values.iter().map(|&v| v as f64).sum::<f64>() / n;
        let variance = values
            .iter()
            .map(|&v| (v as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        Some(Spread {
            mean,
            std_dev: variance.sqrt(),
            min: *values.iter().min()?,
            max: *values.iter().max()?,
        })
    }

    /// Scenarios by mean overall score, hardest first.
    pub fn hardest_scenarios(&self) -> Vec<(String, f64)> {
        let mut by: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
        for r in &self.results {
            for s in &r.sessions {
                by.entry(&s.scenario).or_default().push(s.overall);
            }
        }
        let mut list: Vec<(String, f64)> = by
            .into_iter()
            .map(|(id, v)| {
                (
                    id.to_string(),
                    v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64,
                )
            })
            .collect();
        list.sort_by(|a, b| a.1.total_cmp(&b.1));
        list
    }

    /// Turns by mean overall score of the replies given there, hardest first.
    pub fn hardest_turns(&self, limit: usize) -> Vec<(String, String, f64, usize)> {
        let mut by: BTreeMap<(&str, &str), Vec<u8>> = BTreeMap::new();
        for r in &self.results {
            for s in &r.sessions {
                for e in &s.exchanges {
                    by.entry((&s.scenario, &e.turn))
                        .or_default()
                        .push(e.assessment.overall);
                }
            }
        }
        let mut list: Vec<_> = by
            .into_iter()
            .map(|((s, t), v)| {
                (
                    s.to_string(),
                    t.to_string(),
                    v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64,
                    v.len(),
                )
            })
            .collect();
        list.sort_by(|a, b| a.2.total_cmp(&b.2));
        list.truncate(limit);
        list
    }

    /// Point-losing findings by how many trainees made them at the same turn.
    pub fn frequent_findings(&self, limit: usize) -> Vec<Frequent> {
        let mut by: BTreeMap<(String, String, String), Frequent> = BTreeMap::new();
        for r in &self.results {
            let mut counted: BTreeSet<(String, String, String)> = BTreeSet::new();
            for s in &r.sessions {
                for e in &s.exchanges {
                    for f in e.assessment.findings.iter().filter(|f| f.points < 0) {
                        let key = (f.rule.clone(), s.scenario.clone(), e.turn.clone());
                        let entry = by.entry(key.clone()).or_insert_with(|| Frequent {
                            rule: f.rule.clone(),
                            scenario: s.scenario.clone(),
                            turn: e.turn.clone(),
                            trainees: 0,
                            share: 0.0,
                            message: f.message.clone(),
                            section: f.section.clone(),
                            replies: Vec::new(),
                        });
                        if counted.insert(key) {
                            entry.trainees += 1;
                            entry.replies.push((r.trainee.clone(), e.reply.clone()));
                        }
                    }
                }
            }
        }
        let class = self.results.len().max(1) as f64;
        let mut list: Vec<Frequent> = by
            .into_values()
            .map(|mut f| {
                f.share = f.trainees as f64 / class;
                f
            })
            .collect();
        list.sort_by(|a, b| b.trainees.cmp(&a.trainees).then(a.rule.cmp(&b.rule)));
        list.truncate(limit);
        list
    }

    /// The trainee × competency table as CSV that Excel opens correctly with
    /// Chinese text (UTF-8 with a byte-order mark, CRLF line ends).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{FEFF}");
        let mut header = vec!["trainee 学员".to_string()];
        for c in Competency::FOUR {
            header.push(format!("{} {}", c.id(), c.name().zh));
            header.push(format!("{} pass 通过", c.id()));
        }
        header.push("overall 总分".into());
        out.push_str(&csv_row(&header));
        for r in &self.results {
            let average = r.average();
            let passes = self.passes(r);
            let mut row = vec![r.trainee.clone()];
            for c in Competency::FOUR {
                row.push(average.get(c).to_string());
                row.push(if passes[&c] { "yes 是" } else { "no 否" }.into());
            }
            let overall = r.sessions.iter().map(|s| s.overall as u32).sum::<u32>()
                / r.sessions.len().max(1) as u32;
            row.push(overall.to_string());
            out.push_str(&csv_row(&row));
        }
        out
    }
}

fn csv_row(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(","))
}
