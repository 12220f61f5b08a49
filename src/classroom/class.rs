//! The class dashboard: many results at once, rejected files explained,
//! same-named trainees told apart, true duplicates kept out, class figures
//! and the CSV export.

use std::collections::{BTreeMap, BTreeSet};

use super::error::ClassroomError;
use super::pack::Pack;
use super::results::Results;
use crate::i18n::Text;
#[cfg(not(target_arch = "wasm32"))]
use crate::scenario::builtin;
use crate::scenario::Library;
use crate::scorer::Competency;

/// Why a results file was left out of the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub file: String,
    pub error: ClassroomError,
}

impl Rejected {
    /// The problem alone (the UI shows the file name beside it).
    pub fn reason(&self) -> Text {
        self.error.message()
    }

    /// The file and its problem, e.g. `a.json: the checksum does not match…`.
    pub fn message(&self) -> Text {
        let reason = self.reason();
        Text::new(
            format!("{}：{}", self.file, reason.zh),
            format!("{}: {}", self.file, reason.en),
        )
    }
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
    /// (trainee as shown, reply) pairs, for drilling down.
    pub replies: Vec<(String, String)>,
}

/// Where an accepted result came from.
#[derive(Clone, Debug, PartialEq)]
struct Source {
    file: String,
    content: String,
}

/// The class: the results that were accepted, and those that were not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Class {
    pub pack: Option<Pack>,
    /// Sorted by trainee name; same-named trainees in the order imported.
    pub results: Vec<Results>,
    pub rejected: Vec<Rejected>,
    /// By [`Results::identity`].
    sources: BTreeMap<String, Source>,
}

impl Class {
    /// Add one file or code, checked against the built-in library.
    /// (Native build only: the browser passes the library it loaded.)
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add(&mut self, file: &str, text: &str) -> bool {
        self.add_with(file, text, builtin())
    }

    /// Add one file; it is rejected (with a reason) if too large, unreadable,
    /// edited, forged, from another pack, or a duplicate. Two trainees of the
    /// same name are both kept (see [`Class::display_name`]).
    pub fn add_with(&mut self, file: &str, text: &str, library: &Library) -> bool {
        self.import(file, text, library).is_ok()
    }

    /// [`Class::add_with`], giving back the accepted results (or why not:
    /// the reason is also kept in [`Class::rejected`]).
    pub fn import(
        &mut self,
        file: &str,
        text: &str,
        library: &Library,
    ) -> Result<Results, ClassroomError> {
        match self.check(text, library) {
            Ok((results, content)) => {
                if self.pack.is_none() {
                    self.pack = Some(results.pack.clone());
                }
                self.sources.insert(
                    results.identity().to_string(),
                    Source {
                        file: file.to_string(),
                        content,
                    },
                );
                self.results.push(results.clone());
                self.results.sort_by(|a, b| a.trainee.cmp(&b.trainee));
                Ok(results)
            }
            Err(error) => {
                self.rejected.push(Rejected {
                    file: file.to_string(),
                    error: error.clone(),
                });
                Err(error)
            }
        }
    }

    fn check(&self, text: &str, library: &Library) -> Result<(Results, String), ClassroomError> {
        let results = Results::parse_with(text, library)?;
        if let Some(pack) = &self.pack {
            if pack.id() != results.pack_id {
                return Err(ClassroomError::OtherPack {
                    theirs: results.pack.name.clone(),
                    ours: pack.name.clone(),
                });
            }
        }
        let content = results.content_hash();
        if let Some(same) = self.sources.values().find(|s| s.content == content) {
            return Err(ClassroomError::Duplicate {
                of: same.file.clone(),
            });
        }
        if let Some(same) = self.sources.get(results.identity()) {
            return Err(ClassroomError::SameId {
                of: same.file.clone(),
            });
        }
        Ok((results, content))
    }

    /// The trainee's name as shown: "王芳", or "王芳 (1)", "王芳 (2)" when
    /// several trainees share it (numbered in the order imported).
    pub fn display_name(&self, results: &Results) -> String {
        let same: Vec<&Results> = self
            .results
            .iter()
            .filter(|r| r.trainee == results.trainee)
            .collect();
        if same.len() < 2 {
            return results.trainee.clone();
        }
        match same.iter().position(|r| r.identity() == results.identity()) {
            Some(i) => format!("{} ({})", results.trainee, i + 1),
            None => results.trainee.clone(),
        }
    }

    /// The file an accepted result came from.
    pub fn file_of(&self, results: &Results) -> Option<&str> {
        self.sources
            .get(results.identity())
            .map(|s| s.file.as_str())
    }

    /// Pass or fail per competency for one trainee (the pack's marks).
    pub fn passes(&self, results: &Results) -> BTreeMap<Competency, bool> {
        results
            .judge()
            .competencies
            .into_iter()
            .map(|(c, m)| (c, m.passed))
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
            let name = self.display_name(r);
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
                            entry.replies.push((name.clone(), e.reply.clone()));
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
    /// Chinese text (UTF-8 with a byte-order mark, CRLF line ends) and
    /// safely (formula-like cells neutralised, see [`super::csv`]).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{FEFF}");
        let mut header = vec!["trainee 学员".to_string()];
        for c in Competency::FOUR {
            header.push(format!("{} {}", c.id(), c.name().zh));
            header.push(format!("{} pass 通过", c.id()));
        }
        header.push("overall 总分".into());
        out.push_str(&super::csv::row(&header));
        for r in &self.results {
            let average = r.average();
            let passes = self.passes(r);
            let mut row = vec![self.display_name(r)];
            for c in Competency::FOUR {
                row.push(average.get(c).to_string());
                row.push(if passes[&c] { "yes 是" } else { "no 否" }.into());
            }
            row.push(r.overall().to_string());
            out.push_str(&super::csv::row(&row));
        }
        out
    }
}
