//! One trainee's results for a pack, handed to the trainer as a file or code.
//!
//! The checksum catches damage and hand edits; it is not a signature, so the
//! content itself is checked too: every score within 0–100, one session per
//! scenario of the pack in its order, every turn and ending id known to that
//! scenario, bounded counts.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::deflate::{deflate, inflate, InflateError};
use super::error::{ClassroomError, Input};
use super::pack::{check_name, from_json, Pack};
use super::{
    clean, hex, MAX_EXCHANGES, MAX_RESULTS_BYTES, MAX_RESULTS_CODE_CHARS, RESULTS_FORMAT,
    RESULTS_VERSION,
};
use crate::progress::SessionRecord;
#[cfg(not(target_arch = "wasm32"))]
use crate::scenario::builtin;
use crate::scenario::Library;
use crate::scorer::{Competency, Scores};

/// A code of the JSON as it is (read, no longer written).
const PLAIN_PREFIX: &str = "DOJO1:";
/// A code of the deflated JSON: several times shorter.
const CODE_PREFIX: &str = "DOJO2:";

/// One competency against the pack's pass mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The trainee's mean over the pack's sessions.
    pub score: u8,
    /// The pack's pass mark (0 when the pack sets none).
    pub mark: u8,
    pub passed: bool,
}

/// Whether the trainee passed the pack: per competency and overall (every
/// competency at or above its mark). Shown to the trainee at the end and
/// written into the results file (checked against the sessions on import).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub competencies: BTreeMap<Competency, Mark>,
    pub passed: bool,
}

/// One trainee's results for a pack, handed to the trainer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub format: String,
    pub version: u32,
    /// Generated when the results are made (uuid-like): tells apart two
    /// trainees of the same name. Empty in version 1 files.
    #[serde(default)]
    pub id: String,
    pub trainee: String,
    pub pack: Pack,
    pub pack_id: String,
    pub finished_ms: f64,
    pub sessions: Vec<SessionRecord>,
    /// Passed or not, as the trainee was told (absent before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The rush round's waits, who left and the timeline (version 4, packs with a round).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rush: Option<super::rush_round::RushResults>,
    /// SHA-256 of everything else: detects accidental edits and damage, not a determined cheat.
    pub checksum: String,
}

#[derive(Serialize)]
struct Checked<'a> {
    format: &'a str,
    version: u32,
    /// Absent from version 1 files, so their checksums still match.
    #[serde(skip_serializing_if = "str::is_empty")]
    id: &'a str,
    trainee: &'a str,
    pack: &'a Pack,
    pack_id: &'a str,
    finished_ms: f64,
    sessions: &'a [SessionRecord],
    /// Absent from version 1 and 2 files.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: &'a Option<Verdict>,
    /// Absent unless the pack has a rush round.
    #[serde(skip_serializing_if = "Option::is_none")]
    rush: &'a Option<super::rush_round::RushResults>,
}

/// What makes two results the same play-through, whatever their id.
#[derive(Serialize)]
struct Content<'a> {
    trainee: &'a str,
    pack_id: &'a str,
    sessions: &'a [SessionRecord],
}

fn sha256_of(value: &impl Serialize) -> String {
    hex(&Sha256::digest(
        serde_json::to_string(value).unwrap_or_default().as_bytes(),
    ))
}

/// A uuid-like id (8-4-4-4-12 hex digits) from the caller's randomness.
fn make_id(nonce: u64, trainee: &str, finished_ms: f64) -> String {
    let mut hasher = Sha256::new();
    hasher.update(nonce.to_le_bytes());
    hasher.update(finished_ms.to_le_bytes());
    hasher.update(trainee.as_bytes());
    let h = hex(&hasher.finalize());
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

impl Results {
    /// `nonce` is fresh randomness from the caller (`Math.random()` in the
    /// browser); it only has to differ between two trainees.
    pub fn new(
        trainee: &str,
        pack: &Pack,
        sessions: Vec<SessionRecord>,
        finished_ms: f64,
        nonce: u64,
    ) -> Results {
        let trainee = trainee.trim().to_string();
        let mut results = Results {
            format: RESULTS_FORMAT.into(),
            version: RESULTS_VERSION,
            id: make_id(nonce, &trainee, finished_ms),
            trainee,
            pack: pack.clone(),
            pack_id: pack.id(),
            finished_ms,
            sessions,
            verdict: None,
            rush: None,
            checksum: String::new(),
        };
        results.verdict = Some(results.judge());
        results.checksum = results.compute_checksum();
        results
    }

    pub(super) fn compute_checksum(&self) -> String {
        sha256_of(&Checked {
            format: &self.format,
            version: self.version,
            id: &self.id,
            trainee: &self.trainee,
            pack: &self.pack,
            pack_id: &self.pack_id,
            finished_ms: self.finished_ms,
            sessions: &self.sessions,
            verdict: &self.verdict,
            rush: &self.rush,
        })
    }

    /// Each competency's mean against the pack's pass mark; passed overall
    /// when every competency reaches its mark.
    pub fn judge(&self) -> Verdict {
        let average = self.average();
        let competencies: BTreeMap<Competency, Mark> = Competency::FOUR
            .iter()
            .map(|&c| {
                let score = average.get(c);
                let mark = self.pack.pass.get(&c).copied().unwrap_or(0);
                (
                    c,
                    Mark {
                        score,
                        mark,
                        passed: score >= mark,
                    },
                )
            })
            .collect();
        let passed = competencies.values().all(|m| m.passed);
        Verdict {
            competencies,
            passed,
        }
    }

    /// What identifies these results: the generated id, or for a version 1
    /// file (which has none) its checksum.
    pub fn identity(&self) -> &str {
        if self.id.is_empty() {
            &self.checksum
        } else {
            &self.id
        }
    }

    /// A hash of the play-through (trainee, pack, sessions) without the id:
    /// equal for true duplicates, even if made twice with two ids.
    pub fn content_hash(&self) -> String {
        sha256_of(&Content {
            trainee: &self.trainee,
            pack_id: &self.pack_id,
            sessions: &self.sessions,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The same results as one line of text, for when files are awkward:
    /// the JSON deflated, then URL-safe base64.
    pub fn to_code(&self) -> String {
        format!(
            "{CODE_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(deflate(self.to_json().as_bytes()))
        )
    }

    /// The uncompressed code of earlier versions (kept for tests and figures).
    pub fn to_plain_code(&self) -> String {
        format!("{PLAIN_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.to_json()))
    }

    /// Whether the trainer will be able to import these results (a trainee
    /// who pasted huge replies could make a file over the limit).
    pub fn check_size(&self) -> Result<(), ClassroomError> {
        let size = self.to_json().len();
        if size > MAX_RESULTS_BYTES {
            return Err(ClassroomError::TooLarge {
                what: Input::ResultsFile,
                size,
                limit: MAX_RESULTS_BYTES,
            });
        }
        Ok(())
    }

    /// Read a results file or code against the built-in library.
    /// (Native build only: the browser passes the library it loaded.)
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Results, ClassroomError> {
        Results::parse_with(text, builtin())
    }

    /// Read a results file or code: bounded in size, checksum verified, and
    /// the content checked against the pack and the library.
    pub fn parse_with(text: &str, library: &Library) -> Result<Results, ClassroomError> {
        let text = clean(text);
        let code = text
            .strip_prefix(CODE_PREFIX)
            .map(|c| (c, true))
            .or_else(|| text.strip_prefix(PLAIN_PREFIX).map(|c| (c, false)));
        let (json, what) = match code {
            Some((code, deflated)) => {
                if code.len() > MAX_RESULTS_CODE_CHARS {
                    return Err(ClassroomError::TooLarge {
                        what: Input::ResultsCode,
                        // A code is ASCII: bytes are characters (and counting is O(1)).
                        size: code.len(),
                        limit: MAX_RESULTS_CODE_CHARS,
                    });
                }
                let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
                let mut bytes = URL_SAFE_NO_PAD
                    .decode(compact.trim_end_matches('='))
                    .map_err(|_| ClassroomError::DamagedCode(Input::ResultsCode))?;
                if deflated {
                    bytes = inflate(&bytes, MAX_RESULTS_BYTES).map_err(|e| match e {
                        // The inflated size is not known (it was not inflated past the limit).
                        InflateError::TooLarge => ClassroomError::InflatesTooLarge {
                            limit: MAX_RESULTS_BYTES,
                        },
                        InflateError::Damaged => ClassroomError::DamagedCode(Input::ResultsCode),
                    })?;
                }
                let json = String::from_utf8(bytes)
                    .map_err(|_| ClassroomError::DamagedCode(Input::ResultsCode))?;
                (json, Input::ResultsCode)
            }
            None => {
                if text.len() > MAX_RESULTS_BYTES {
                    return Err(ClassroomError::TooLarge {
                        what: Input::ResultsFile,
                        size: text.len(),
                        limit: MAX_RESULTS_BYTES,
                    });
                }
                (text.to_string(), Input::ResultsFile)
            }
        };
        if json.len() > MAX_RESULTS_BYTES {
            return Err(ClassroomError::TooLarge {
                what: Input::ResultsFile,
                size: json.len(),
                limit: MAX_RESULTS_BYTES,
            });
        }
        let results: Results = from_json(&json, what)?;
        if results.format != RESULTS_FORMAT {
            return Err(ClassroomError::NotOurs(what));
        }
        if results.version > RESULTS_VERSION {
            return Err(ClassroomError::NewerVersion {
                what,
                version: results.version,
            });
        }
        if results.checksum != results.compute_checksum() || results.pack_id != results.pack.id() {
            return Err(ClassroomError::Checksum);
        }
        results.check(library, what)?;
        Ok(results)
    }

    /// The content checks: a recomputed checksum does not make forged scores
    /// or scenarios outside the pack acceptable.
    fn check(&self, library: &Library, what: Input) -> Result<(), ClassroomError> {
        self.pack.check(library, what)?;
        // The pack's own scenarios are checked like built-in ones.
        let with_custom;
        let library = if self.pack.custom.is_empty() {
            library
        } else {
            with_custom = self.pack.library(library);
            &with_custom
        };
        check_name(&self.trainee, what)?;
        let time_ok = |ms: f64| ms.is_finite() && ms >= 0.0;
        if !time_ok(self.finished_ms) {
            return Err(ClassroomError::BadTime);
        }
        // The pack's scenarios, then its rush round's customers.
        let all = super::rush_round::all_scenarios(&self.pack);
        if self.sessions.len() != all.len() {
            return Err(ClassroomError::SessionCount {
                found: self.sessions.len(),
                expected: all.len(),
            });
        }
        super::rush_round::check_results(self)?;
        for (i, (session, &expected)) in self.sessions.iter().zip(&all).enumerate() {
            if session.scenario != expected {
                return Err(ClassroomError::UnexpectedScenario {
                    position: i + 1,
                    found: session.scenario.clone(),
                    expected: expected.to_string(),
                });
            }
            let Some(scenario) = library.get(expected) else {
                return Err(ClassroomError::UnknownScenarios(vec![expected.to_string()]));
            };
            if !time_ok(session.started_ms) || !time_ok(session.finished_ms) {
                return Err(ClassroomError::BadTime);
            }
            let out_of_range = |scores: &Scores, overall: u8, turn: Option<&str>| {
                Competency::FOUR
                    .iter()
                    .map(|&c| scores.get(c))
                    .chain([overall])
                    .find(|&v| v > 100)
                    .map(|value| ClassroomError::ScoreOutOfRange {
                        scenario: scenario.id.clone(),
                        turn: turn.map(str::to_string),
                        value,
                    })
            };
            if let Some(e) = out_of_range(&session.scores, session.overall, None) {
                return Err(e);
            }
            // A rush customer who left has the rush's own ending instead.
            let left = session.ending == super::rush_round::LEFT_ENDING
                && super::rush_round::left_at(self, i);
            if !left && !scenario.endings.iter().any(|e| e.id == session.ending) {
                return Err(ClassroomError::UnknownEnding {
                    scenario: scenario.id.clone(),
                    ending: session.ending.clone(),
                });
            }
            if session.exchanges.len() > MAX_EXCHANGES {
                return Err(ClassroomError::TooManyExchanges {
                    scenario: scenario.id.clone(),
                    count: session.exchanges.len(),
                    limit: MAX_EXCHANGES,
                });
            }
            for exchange in &session.exchanges {
                if scenario.turn(&exchange.turn).is_none() {
                    return Err(ClassroomError::UnknownTurn {
                        scenario: scenario.id.clone(),
                        turn: exchange.turn.clone(),
                    });
                }
                let a = &exchange.assessment;
                if let Some(e) = out_of_range(&a.scores, a.overall, Some(&exchange.turn)) {
                    return Err(e);
                }
                // A span marks words of the reply: one outside it (or reversed)
                // is forged, and would mark nothing sensible.
                let length = exchange.reply.chars().count();
                if a.findings
                    .iter()
                    .filter_map(|f| f.span)
                    .any(|[s, e]| s > e || e > length)
                {
                    return Err(ClassroomError::BadSpan {
                        scenario: scenario.id.clone(),
                        turn: exchange.turn.clone(),
                    });
                }
            }
        }
        if let Some(verdict) = &self.verdict {
            if *verdict != self.judge() {
                return Err(ClassroomError::VerdictMismatch);
            }
        }
        Ok(())
    }

    /// Mean scores over the pack's sessions.
    pub fn average(&self) -> Scores {
        crate::engine::average(self.sessions.iter().map(|s| &s.scores)).unwrap_or_default()
    }

    /// Mean overall score over the pack's sessions.
    pub fn overall(&self) -> u8 {
        let sum: u32 = self.sessions.iter().map(|s| s.overall as u32).sum();
        (sum / self.sessions.len().max(1) as u32) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::Class;

    /// A results file written before results had an id (version 1): its
    /// checksum did not cover an id, and it is identified by that checksum.
    #[test]
    fn version_1_files_without_an_id_are_still_read() {
        let library = builtin();
        let scenario = &library.scenarios[0];
        let pack = Pack::new(
            "v1",
            vec![scenario.id.clone()],
            crate::progress::Mode::Practice,
            false,
            None,
            Default::default(),
        );
        let mut conversation = crate::engine::Conversation::start(scenario, 5);
        while !conversation.over && conversation.exchanges.len() < 20 {
            let turn = conversation.turn(scenario).unwrap();
            let reply = turn.model[0].text.zh.clone();
            conversation.respond(
                scenario,
                crate::scorer::Scorer::builtin(),
                &reply,
                None,
                false,
            );
        }
        let session =
            SessionRecord::from_conversation(scenario, &conversation, pack.mode, false, 0.0, 1.0)
                .unwrap();
        let mut old = Results::new("老王", &pack, vec![session], 2.0, 0);
        old.version = 1;
        old.id.clear();
        old.verdict = None;
        old.checksum = old.compute_checksum();
        let json = old.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut map = value.as_object().unwrap().clone();
        map.remove("id");
        let without_id = serde_json::Value::Object(map).to_string();
        let read = Results::parse(&without_id).unwrap();
        assert_eq!(read.identity(), read.checksum);
        let mut class = Class::default();
        assert!(class.add("old.json", &without_id));
        assert!(!class.add("old-again.json", &without_id));
        // Claiming a newer format is refused with the version named.
        let mut newer = old.clone();
        newer.version = RESULTS_VERSION + 1;
        newer.checksum = newer.compute_checksum();
        let e = Results::parse(&newer.to_json()).unwrap_err();
        assert!(e
            .message()
            .en
            .contains(&format!("v{}", RESULTS_VERSION + 1)));
    }
}
